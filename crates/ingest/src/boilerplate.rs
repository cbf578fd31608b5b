//! Lines of page furniture that HTML main-text extraction lets through ("Leggi anche: …",
//! "Read more", "Condividi"), listed per language in `packs/<lang>/ingest/boilerplate.tsv`.
//!
//! Table rows are `line<TAB>phrase` (the whole line is the phrase, give or take punctuation and
//! case), `prefix<TAB>phrase` (the line starts with the phrase as whole words and is short) or
//! `suffix<TAB>phrase` (it ends with it: "… All rights reserved").

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use annalist_lang::{PackError, Packs};
use std::collections::HashSet;

/// The table each language pack may have.
pub const TABLE: &str = "ingest/boilerplate.tsv";

/// Longest line (bytes) a `prefix` row may drop: a long paragraph that happens to start with
/// "Leggi anche" is more likely prose than a link block.
const MAX_PREFIX_LINE: usize = 300;

/// The compiled boilerplate lines of all packs.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    lines: HashSet<String>,
    prefixes: Option<AhoCorasick>,
    /// Few and only tried on short lines, so a plain scan.
    suffixes: Vec<String>,
}

impl Boilerplate {
    /// Reads every pack's table; a malformed row is an error naming file and line.
    pub fn from_packs(packs: &Packs) -> Result<Self, PackError> {
        let mut lines = HashSet::new();
        let mut prefixes = Vec::new();
        let mut suffixes = Vec::new();
        for pack in packs.all() {
            for row in pack.rows(TABLE) {
                let [kind, phrase] = row.columns::<2>()?;
                let phrase = normalise(phrase);
                if phrase.is_empty() {
                    return Err(row.error("empty phrase"));
                }
                match kind {
                    "line" => {
                        lines.insert(phrase);
                    }
                    "prefix" => prefixes.push(phrase),
                    "suffix" => suffixes.push(phrase),
                    other => {
                        return Err(row.error(format!(
                            "unknown match kind {other:?}: expected line, prefix or suffix"
                        )))
                    }
                }
            }
        }
        let prefixes = if prefixes.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(&prefixes)
                    .map_err(|e| PackError::invalid(TABLE, 0, e.to_string()))?,
            )
        };
        Ok(Boilerplate {
            lines,
            prefixes,
            suffixes,
        })
    }

    /// Whether a line of extracted text is boilerplate.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let norm = normalise(line);
        if norm.is_empty() {
            return false;
        }
        if self.lines.contains(&norm) {
            return true;
        }
        if line.len() > MAX_PREFIX_LINE {
            return false;
        }
        let whole_word_before = |i: usize| {
            norm[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        if self
            .suffixes
            .iter()
            .any(|s| norm.ends_with(s.as_str()) && whole_word_before(norm.len() - s.len()))
        {
            return true;
        }
        let Some(ac) = &self.prefixes else {
            return false;
        };
        let input = Input::new(&norm).anchored(Anchored::Yes);
        match ac.find(input) {
            Some(m) => norm[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric()),
            None => false,
        }
    }

    /// Removes boilerplate lines from `text`, returning the kept text and how many were dropped.
    pub fn strip(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut dropped = 0;
        for line in text.lines() {
            if self.is_boilerplate(line) {
                dropped += 1;
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        while out.ends_with('\n') {
            out.pop();
        }
        (out, dropped)
    }
}

/// Lower case, surrounding bullets, arrows and punctuation removed, inner spaces collapsed.
fn normalise(s: &str) -> String {
    let t = s.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        assert_eq!(normalise("  » Leggi   ANCHE: "), "leggi anche");
        assert_eq!(normalise("—"), "");
    }
}
