//! The direction a bare expression resolves in, from the tense of its clause, computed lazily.
//!
//! Most candidate windows in news build only numbers and amounts, whose operations never look
//! at the direction; reading tense cues for every token of every window (and its context) cost
//! more than parsing. So a direction is computed only when an operation that resolves a time
//! asks for it, each word's tense cue is read at most once, and the cues are read on the
//! document's scanned items (see [`crate::window`]), so the context around a window is never
//! tokenized.

use annalist_doc::Span;

use crate::cal::Dir;
use crate::rules::Grammar;
use crate::window::{memo_index, pack_at, Form, Item, MEMO_WORD};

/// Items searched on each side for the nearest tense cue, within the sentence.
pub const CUE_REACH: usize = 12;

/// The storage of a [`Dirs`], kept between documents.
#[derive(Debug, Default)]
pub struct DirBuffers {
    cue: Vec<u8>,
    dir: Vec<Option<Dir>>,
    memo: Vec<CueMemo>,
}

/// The tense cue of a word already read ([`Grammar::tense_of_word`] of its raw text), kept per
/// thread across documents in a direct-mapped table keyed by its bytes (up to 16) and the
/// grammar: news repeats its words ("ha", "sono", "said"), and reading a cue hashes the word
/// and each of its suffixes.
#[derive(Debug, Clone, Copy, Default)]
struct CueMemo {
    key: [u64; 2],
    /// The grammar's id (`Grammar::id`, from 1); 0 for an empty slot.
    owner: u64,
    len: u8,
    /// As `Dirs::cue`: 1 no cue, 2 past, 3 future.
    cue: u8,
}

/// 8,192 slots (256 KB per thread): with 2,048, 5,487 of the 17,779 probes on 1,000 news
/// articles missed, 1,227 of them a word pushed out by another of the same slot (with 8,192:
/// 4,260, nearly all first reads), and each miss reads the cue again (hashing the word and
/// its suffixes, ~350 instructions).
const CUE_MEMO_BITS: u32 = 13;

/// Lazily computed directions over a document's items.
pub struct Dirs<'a> {
    g: Option<&'a Grammar>,
    items: &'a [Item],
    text: &'a str,
    sentences: &'a [Span],
    /// Per item: 0 not read yet, 1 no cue, 2 past, 3 future.
    cue: Vec<u8>,
    /// Per item: the direction once computed.
    dir: Vec<Option<Dir>>,
    /// Every token resolves this way (assistant convention, or no tense reading at all).
    fixed: Option<Dir>,
    /// The items of the window being parsed: its tokens are these items, one each, in
    /// order (token `i` is item `window.start + i`).
    pub window: std::ops::Range<u32>,
    /// Cues of words read before (see [`CueMemo`]); empty for fixed directions.
    memo: Vec<CueMemo>,
}

impl<'a> Dirs<'a> {
    /// The same direction everywhere.
    pub fn fixed(d: Dir) -> Dirs<'static> {
        Dirs {
            g: None,
            items: &[],
            text: "",
            sentences: &[],
            cue: Vec::new(),
            dir: Vec::new(),
            fixed: Some(d),
            window: 0..0,
            memo: Vec::new(),
        }
    }

    /// Directions from tense cues. Sentences are the document's when segmented, else a cheap
    /// split at final punctuation and line breaks.
    pub fn news(
        g: &'a Grammar,
        items: &'a [Item],
        text: &'a str,
        sentences: &'a [Span],
    ) -> Dirs<'a> {
        Dirs::news_in(g, items, text, sentences, DirBuffers::default())
    }

    /// [`Dirs::news`] in the buffers of an earlier one (see [`Dirs::into_buffers`]).
    pub fn news_in(
        g: &'a Grammar,
        items: &'a [Item],
        text: &'a str,
        sentences: &'a [Span],
        b: DirBuffers,
    ) -> Dirs<'a> {
        let DirBuffers {
            mut cue,
            mut dir,
            mut memo,
        } = b;
        if memo.is_empty() {
            memo.resize(1 << CUE_MEMO_BITS, CueMemo::default());
        }
        cue.clear();
        cue.resize(items.len(), 0);
        dir.clear();
        dir.resize(items.len(), None);
        Dirs {
            g: Some(g),
            items,
            text,
            sentences,
            cue,
            dir,
            fixed: None,
            window: 0..0,
            memo,
        }
    }

    /// The buffers, for the next document.
    pub fn into_buffers(self) -> DirBuffers {
        DirBuffers {
            cue: self.cue,
            dir: self.dir,
            memo: self.memo,
        }
    }

    /// Whether a sentence boundary falls between items `j - 1` and `j`.
    fn boundary(&self, j: usize) -> bool {
        let (p, t) = (&self.items[j - 1], &self.items[j]);
        if !self.sentences.is_empty() {
            let sid = |x: u32| self.sentences.partition_point(|s| s.end <= x);
            return sid(p.start) != sid(t.start);
        }
        matches!(
            &self.text[p.start as usize..p.end as usize],
            "." | "!" | "?"
        ) || self.text[p.end as usize..t.start as usize].contains('\n')
    }

    /// Whether a sentence boundary falls between items `j - 1` and `j`, of which `out` is
    /// the one farther from the item whose direction is read: outside the sentence bounds
    /// `within` when the sentences are known. Inlined in [`Dirs::get`]'s walk (as a
    /// closure it stayed a call at every step: 34,000 per 1,000 news articles).
    #[inline(always)]
    fn crosses(&self, within: Option<(u32, u32)>, j: usize, out: usize) -> bool {
        match within {
            Some((lo, hi)) => {
                let x = self.items[out].start;
                x < lo || x >= hi
            }
            None => self.boundary(j),
        }
    }

    fn cue(&mut self, j: usize) -> Option<bool> {
        if self.cue[j] == 0 {
            let g = self.g.expect("news directions have a grammar");
            let it = &self.items[j];
            let raw = &self.text[it.start as usize..it.end as usize];
            let read = |raw: &str| match g.tense_of_word(raw) {
                None => 1,
                Some(false) => 2,
                Some(true) => 3,
            };
            let b = raw.as_bytes();
            // A digit run or a sign is no tense cue (`tense_of_word` reads words only): no
            // need to probe the memo for it.
            self.cue[j] = if matches!(it.form, Form::Digits | Form::Punct) {
                1
            } else if (1..=MEMO_WORD).contains(&b.len()) && !self.memo.is_empty() {
                let key = pack_at(self.text.as_bytes(), it.start as usize, b.len());
                let slot = &mut self.memo[memo_index(&key, b.len(), g.id, CUE_MEMO_BITS)];
                if slot.owner == g.id && slot.len as usize == b.len() && slot.key == key {
                    slot.cue
                } else {
                    let cue = read(raw);
                    *slot = CueMemo {
                        key,
                        owner: g.id,
                        len: b.len() as u8,
                        cue,
                    };
                    cue
                }
            } else {
                read(raw)
            };
        }
        match self.cue[j] {
            2 => Some(false),
            3 => Some(true),
            _ => None,
        }
    }

    /// Direction at token `i` of the current window: the nearest cue in the sentence within
    /// [`CUE_REACH`] items (the earlier one on a tie), else nearest.
    pub fn get(&mut self, i: usize) -> Dir {
        if let Some(d) = self.fixed {
            return d;
        }
        if i >= self.window.len() {
            return Dir::Nearest;
        }
        let i = self.window.start as usize + i;
        if let Some(d) = self.dir[i] {
            return d;
        }
        let mut best: Option<(usize, bool)> = None;
        // With segmented sentences, item i's sentence bounds are looked up once: going out
        // from i, the first item outside them is the first boundary (sentences are in order).
        let within = if self.sentences.is_empty() {
            None
        } else {
            let sid = self
                .sentences
                .partition_point(|s| s.end <= self.items[i].start);
            let lo = sid.checked_sub(1).map_or(0, |p| self.sentences[p].end);
            let hi = self.sentences.get(sid).map_or(u32::MAX, |s| s.end);
            Some((lo, hi))
        };
        let mut j = i;
        while j > 0 && i - (j - 1) <= CUE_REACH && !self.crosses(within, j, j - 1) {
            j -= 1;
            if let Some(f) = self.cue(j) {
                best = Some((i - j, f));
                break;
            }
        }
        let mut k = i + 1;
        while k < self.items.len() && k - i <= CUE_REACH && !self.crosses(within, k, k) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Cues read through the per-thread memo (kept across documents, and across grammars in
    /// turn, so that later words are answered from it) are the cues `tense_of_word` reads.
    #[test]
    fn memo_reads_cues_as_the_lookup_does() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let text = "Ieri il ministro ha detto che andrà, HA DETTO; aveva parlato e parlerà. \
                    Yesterday the minister said he will go, SAID he would; has spoken, speaks";
        let gs: Vec<Grammar> = ["it", "en"]
            .iter()
            .map(|l| Grammar::load(packs.get(l).expect("pack")).expect("grammar"))
            .collect();
        let mut buffers = DirBuffers::default();
        let mut cues = 0;
        for round in 0..3 {
            for g in &gs {
                let pf = g.prefilter.as_ref().expect("prefilter");
                let mut items = Vec::new();
                pf.scan(g, text, false, &mut items);
                let mut d = Dirs::news_in(g, &items, text, &[], buffers);
                for (j, it) in items.iter().enumerate() {
                    let raw = &text[it.start as usize..it.end as usize];
                    let want = g.tense_of_word(raw);
                    assert_eq!(d.cue(j), want, "round {round} {raw:?}");
                    cues += want.is_some() as usize;
                }
                buffers = d.into_buffers();
            }
        }
        assert!(cues >= 12, "{cues} cues");
        assert!(buffers.memo.iter().filter(|m| m.owner != 0).count() > 10);
    }
}
