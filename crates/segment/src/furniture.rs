//! Page furniture removal: whole lines dropped by the packs' `segment/furniture.tsv` rules.

use annalist_doc::Document;

use crate::rules::{FurnitureRule, LangRules, Where};

/// Lines longer than this are running text, never furniture: they are not compared at all.
const MAX_FURNITURE_LINE: usize = 200;

pub(crate) fn clean(rules: &LangRules, doc: &mut Document) {
    if rules.furniture.is_empty() || doc.text.is_empty() {
        return;
    }
    let text = doc.text.as_str();
    // Line ranges, each without its line ending.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, text.len()));
    let line = |k: usize| text[lines[k].0..lines[k].1].trim();

    let mut dropped: Vec<Option<&FurnitureRule>> = vec![None; lines.len()];
    let find = |l: &str, wanted: &[Where]| {
        rules
            .furniture
            .iter()
            .find(|r| wanted.contains(&r.place) && matches(r, l))
    };
    // From the end: while the last line left matches, drop it.
    for k in (0..lines.len()).rev() {
        let l = line(k);
        if l.is_empty() {
            continue;
        }
        match find(l, &[Where::LastLine, Where::AnyLine]) {
            Some(r) => dropped[k] = Some(r),
            None => break,
        }
    }
    for (k, slot) in dropped.iter_mut().enumerate() {
        let l = line(k);
        if l.is_empty() || slot.is_some() {
            continue;
        }
        match find(l, &[Where::FirstLine, Where::AnyLine]) {
            Some(r) => *slot = Some(r),
            None => break,
        }
    }
    for (k, slot) in dropped.iter_mut().enumerate() {
        let l = line(k);
        if !l.is_empty() && slot.is_none() {
            *slot = find(l, &[Where::AnyLine]);
        }
    }
    if dropped.iter().all(Option::is_none) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut notes = Vec::new();
    for (k, &(s, e)) in lines.iter().enumerate() {
        match dropped[k] {
            Some(r) => notes.push(format!(
                "dropped page furniture {:?} (rule {})",
                line(k),
                r.name
            )),
            None => {
                out.push_str(&text[s..e]);
                if e < text.len() {
                    out.push('\n');
                }
            }
        }
    }
    let keep = out.trim_end().len();
    out.truncate(keep);
    doc.text = out;
    for n in notes {
        doc.info(n, None);
    }
}

/// Whether a trimmed line matches a rule, comparing without case.
fn matches(rule: &FurnitureRule, line: &str) -> bool {
    if line.len() > MAX_FURNITURE_LINE {
        return false;
    }
    let mut lc = line.chars().flat_map(char::to_lowercase);
    for p in rule.pattern.chars() {
        if lc.next() != Some(p) {
            return false;
        }
    }
    rule.prefix || lc.next().is_none()
}
