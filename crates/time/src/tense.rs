//! The direction a bare expression resolves in, from the tense of its clause, computed lazily.
//!
//! Most candidate windows in news build only numbers and amounts, whose operations never look
//! at the direction; reading tense cues for every token of every window (and its context) cost
//! more than parsing. So a direction is computed only when an operation that resolves a time
//! asks for it, and each token's tense cue is read at most once.

use annalist_doc::Span;

use crate::cal::Dir;
use crate::rules::Grammar;
use crate::token::Tok;

/// Tokens searched on each side for the nearest tense cue, within the sentence.
pub const CUE_REACH: usize = 12;

/// Lazily computed directions over a group of tokens (windows plus their cue context).
pub struct Dirs<'a> {
    g: Option<&'a Grammar>,
    toks: &'a [Tok],
    text: &'a str,
    /// Sentence number of each token.
    sid: Vec<u32>,
    /// Per token: 0 not read yet, 1 no cue, 2 past, 3 future.
    cue: Vec<u8>,
    /// Per token: the direction once computed.
    dir: Vec<Option<Dir>>,
    /// Every token resolves this way (assistant convention, or no tense reading at all).
    fixed: Option<Dir>,
    /// Offset of the window being parsed inside `toks`.
    pub offset: usize,
}

impl<'a> Dirs<'a> {
    /// The same direction everywhere.
    pub fn fixed(d: Dir) -> Dirs<'static> {
        Dirs {
            g: None,
            toks: &[],
            text: "",
            sid: Vec::new(),
            cue: Vec::new(),
            dir: Vec::new(),
            fixed: Some(d),
            offset: 0,
        }
    }

    /// Directions from tense cues. Sentence numbers come from the document's sentences when
    /// segmented, else from a cheap split at final punctuation and line breaks.
    pub fn news(g: &'a Grammar, toks: &'a [Tok], text: &'a str, sentences: &[Span]) -> Dirs<'a> {
        let mut sid = Vec::with_capacity(toks.len());
        let mut cur = 0u32;
        for (i, t) in toks.iter().enumerate() {
            if !sentences.is_empty() {
                sid.push(sentences.partition_point(|s| s.end <= t.start) as u32);
                continue;
            }
            if i > 0 {
                let prev = &toks[i - 1];
                let gap = &text[prev.end as usize..t.start as usize];
                if matches!(prev.norm.as_str(), "." | "!" | "?") || gap.contains('\n') {
                    cur += 1;
                }
            }
            sid.push(cur);
        }
        Dirs {
            g: Some(g),
            toks,
            text,
            sid,
            cue: vec![0; toks.len()],
            dir: vec![None; toks.len()],
            fixed: None,
            offset: 0,
        }
    }

    fn cue(&mut self, j: usize) -> Option<bool> {
        if self.cue[j] == 0 {
            let g = self.g.expect("news directions have a grammar");
            self.cue[j] = match g.tense_of(&self.toks[j], self.text) {
                None => 1,
                Some(false) => 2,
                Some(true) => 3,
            };
        }
        match self.cue[j] {
            2 => Some(false),
            3 => Some(true),
            _ => None,
        }
    }

    /// Direction at token `i` of the current window: the nearest cue in the sentence within
    /// [`CUE_REACH`] tokens (the earlier one on a tie), else nearest.
    pub fn get(&mut self, i: usize) -> Dir {
        if let Some(d) = self.fixed {
            return d;
        }
        let i = i + self.offset;
        if let Some(d) = self.dir[i] {
            return d;
        }
        let mut best: Option<(usize, bool)> = None;
        let mut j = i;
        while j > 0 && self.sid[j - 1] == self.sid[i] && i - (j - 1) <= CUE_REACH {
            j -= 1;
            if let Some(f) = self.cue(j) {
                best = Some((i - j, f));
                break;
            }
        }
        let mut k = i + 1;
        while k < self.toks.len() && self.sid[k] == self.sid[i] && k - i <= CUE_REACH {
            if best.is_some_and(|(d, _)| k - i >= d) {
                break;
            }
            if let Some(f) = self.cue(k) {
                best = Some((k - i, f));
                break;
            }
            k += 1;
        }
        let d = match best {
            Some((_, true)) => Dir::Future,
            Some((_, false)) => Dir::Past,
            None => Dir::Nearest,
        };
        self.dir[i] = Some(d);
        d
    }
}
