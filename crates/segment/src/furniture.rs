//! Page furniture removal: whole lines dropped by the packs' `segment/furniture.tsv` rules.
//!
//! This is the only place where line furniture is recognised: ingest removes structural
//! furniture (navigation, asides, footers) from HTML and leaves the lines its extractor lets
//! through ("Leggi anche: …", "Share", cookie notices) to these rules, which every document's
//! text passes through.
//!
//! A line is compared in two forms (see [`LineForms`]), so one rule serves "Leggi anche",
//! "» LEGGI ANCHE" and "Leggi anche:" while rules for symbol-only lines ("•", "***", "©…") still
//! see the symbols.

use annalist_doc::Document;

use crate::rules::{furniture_form, FurnitureRule, LangRules, Match, Where};

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
    // (`find` looks for the byte a word at a time, where a loop over the bytes tests each one:
    // this runs over every byte of every document)
    while let Some(off) = text[start..].find('\n') {
        lines.push((start, start + off));
        start += off + 1;
    }
    lines.push((start, text.len()));
    let line = |k: usize| text[lines[k].0..lines[k].1].trim();
    // Each line is normalised once, whatever the number of rules and passes.
    let forms: Vec<Option<LineForms>> = (0..lines.len()).map(|k| LineForms::of(line(k))).collect();

    let mut dropped: Vec<Option<&FurnitureRule>> = vec![None; lines.len()];
    let find = |k: usize, wanted: &[Where]| {
        let f = forms[k].as_ref()?;
        rules
            .furniture
            .iter()
            .find(|r| wanted.contains(&r.place) && f.matches(r))
    };
    // From the end: while the last line left matches, drop it.
    for k in (0..lines.len()).rev() {
        let l = line(k);
        if l.is_empty() {
            continue;
        }
        match find(k, &[Where::LastLine, Where::AnyLine]) {
            Some(r) => dropped[k] = Some(r),
            None => break,
        }
    }
    for (k, slot) in dropped.iter_mut().enumerate() {
        let l = line(k);
        if l.is_empty() || slot.is_some() {
            continue;
        }
        match find(k, &[Where::FirstLine, Where::AnyLine]) {
            Some(r) => *slot = Some(r),
            None => break,
        }
    }
    for (k, slot) in dropped.iter_mut().enumerate() {
        let l = line(k);
        if !l.is_empty() && slot.is_none() {
            *slot = find(k, &[Where::AnyLine]);
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

/// A line as rules see it: `full` is the line in [`furniture_form`]; `core` is `full` without
/// the bullets, arrows, quotes and punctuation around it ("» Leggi anche:" → "leggi anche"), or
/// `None` when that changes nothing or leaves nothing.
struct LineForms {
    full: String,
    core: Option<(usize, usize)>,
}

impl LineForms {
    /// `None` for blank lines and for lines longer than [`MAX_FURNITURE_LINE`].
    fn of(line: &str) -> Option<LineForms> {
        if line.is_empty() || line.len() > MAX_FURNITURE_LINE {
            return None;
        }
        let full = furniture_form(line);
        let trimmed = full.trim_matches(|c: char| !c.is_alphanumeric());
        let core = (!trimmed.is_empty() && trimmed.len() != full.len()).then(|| {
            let start = trimmed.as_ptr() as usize - full.as_ptr() as usize;
            (start, start + trimmed.len())
        });
        Some(LineForms { full, core })
    }

    /// Whether either form of the line matches the rule.
    fn matches(&self, rule: &FurnitureRule) -> bool {
        matches(rule, &self.full)
            || self
                .core
                .is_some_and(|(s, e)| matches(rule, &self.full[s..e]))
    }
}

/// Whether a normalised line matches a rule. A prefix (suffix) whose last (first) character is
/// a letter or digit must end (start) at a word boundary, so `condividi*` drops "Condividi su
/// Facebook" and keeps "Condividiamo la preoccupazione".
fn matches(rule: &FurnitureRule, line: &str) -> bool {
    let p = rule.pattern.as_str();
    match rule.kind {
        Match::Line => line == p,
        Match::Prefix => {
            line.starts_with(p)
                && (!p.ends_with(char::is_alphanumeric)
                    || !line[p.len()..].starts_with(char::is_alphanumeric))
        }
        Match::Suffix => {
            line.ends_with(p)
                && (!p.starts_with(char::is_alphanumeric)
                    || !line[..line.len() - p.len()].ends_with(char::is_alphanumeric))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: &str, kind: Match) -> FurnitureRule {
        FurnitureRule {
            name: "t/x".into(),
            place: Where::AnyLine,
            pattern: furniture_form(pattern),
            kind,
        }
    }

    fn drops(r: &FurnitureRule, line: &str) -> bool {
        LineForms::of(line.trim()).is_some_and(|f| f.matches(r))
    }

    #[test]
    fn whole_line_ignores_case_spacing_and_surrounding_marks() {
        let r = rule("leggi anche", Match::Line);
        assert!(drops(&r, "Leggi anche"));
        assert!(drops(&r, "  » LEGGI   ANCHE: "));
        assert!(!drops(&r, "Leggi anche: altro"));
        assert!(!drops(&r, "Leggiamo anche"));
    }

    #[test]
    fn symbol_rules_see_the_symbols() {
        assert!(drops(&rule("•", Match::Line), " • "));
        assert!(!drops(&rule("•", Match::Line), "• Punto"));
        assert!(drops(&rule("©", Match::Prefix), "©2025 Gazzetta"));
        assert!(!drops(&rule("©", Match::Prefix), "Il © del 2025"));
    }

    #[test]
    fn prefix_stops_at_a_word_boundary() {
        let r = rule("condividi", Match::Prefix);
        assert!(drops(&r, "Condividi su WhatsApp"));
        assert!(drops(&r, "CONDIVIDI"));
        assert!(!drops(&r, "Condividiamo la preoccupazione."));
        let r = rule("read more:", Match::Prefix);
        assert!(drops(&r, "Read more:Summit"));
    }

    #[test]
    fn suffix_starts_at_a_word_boundary() {
        let r = rule("all rights reserved", Match::Suffix);
        assert!(drops(&r, "© 2025 Example News. All rights reserved."));
        assert!(drops(&r, "All Rights Reserved"));
        assert!(!drops(&r, "All rights reserved, the court ruled."));
        assert!(!drops(&r, "They kept overall rights reserved"));
    }

    #[test]
    fn apostrophes_are_one() {
        let r = rule("leggi l'articolo completo", Match::Prefix);
        assert!(drops(&r, "Leggi l’articolo completo"));
    }

    #[test]
    fn long_lines_are_prose() {
        let r = rule("leggi anche", Match::Prefix);
        let long = format!("Leggi anche {}", "parola ".repeat(40));
        assert!(long.len() > MAX_FURNITURE_LINE);
        assert!(!drops(&r, &long));
    }
}
