//! Candidate windows: where in a long article the rules are worth running.
//!
//! News articles are long and hold few time expressions, so parsing every token with the
//! chart wastes almost all the work. Every expression the rules can build contains an
//! *anchor*: a digit run, a number word, or a word of a lexicon class that can stand for a
//! time or an amount on its own (weekday, month, grain, holiday, unit…). Classes that only
//! modify something else ("this", "last", bounds, currencies, ordinals…) are listed per
//! language in `time/settings.tsv` (`context_classes`) and are not anchors; the windows still
//! include them as context.
//!
//! One cheap pass over the bytes finds the anchors: a word of ASCII letters is first checked
//! on its raw bytes against fingerprints of the anchor words and the first two bytes of the
//! number words (most words stop there); only the others are folded into one reused buffer
//! and looked up in a hash set; each anchor opens a window of
//! [`SPAN`] tokens on each side, overlapping windows merge, and only those windows are
//! tokenized and parsed. Tense cues are read on the items around them when needed
//! ([`crate::tense`]).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::rules::{Elem, Grammar, K_DUR, K_NUM, K_QTY, K_TIME};
use crate::token::fold_char;

/// Tokens of context on each side of an anchor. Patterns put at most a few context words
/// before or after their anchors ("non più di", "all'inizio di", "the day after"), and
/// lexicon phrases are anchored on their longest word, so their other words fall within
/// this distance; `Prefilter::new` widens it for longer phrases.
pub const SPAN: usize = 6;

/// A small multiplicative hasher for short folded words (the default SipHash costs more than
/// the rest of the scan).
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        self.0 = h;
    }
}

type WordSet = HashSet<String, BuildHasherDefault<WordHasher>>;

/// The anchor vocabulary of one language.
#[derive(Debug)]
pub struct Prefilter {
    words: WordSet,
    /// Anchors of rules for the assistant convention only ("adesso", "subito").
    assistant_words: WordSet,
    /// Bit per (first byte, second byte) that can begin a number word.
    num_start: Vec<u64>,
    /// Bit per (last but one byte, last byte) that can end a number word: a number word is
    /// a run of morphemes, so it ends as its last morpheme does (see
    /// [`Prefilter::may_be_number_word`]).
    num_end: Vec<u64>,
    /// Fingerprints of the anchor words (both sets): most words of a text are rejected on
    /// them without hashing.
    fp: Fingerprints,
    /// Per head of an ASCII word (its first two folded bytes, see [`ascii_head`]): bit `l`
    /// (`l` the word's length in bytes, 16 for longer ones) when an anchor word of that head
    /// and length exists, and bit `NUM_BITS + l` when a number word of that head can be that
    /// long (see [`number_lengths`]). Most words of a text are told apart here by one load
    /// from an 8 KB table that stays in the first-level cache, before the fingerprint (a
    /// multiply and a probe of an 8 KB table) and the number-word tables (another 8 KB) are
    /// touched.
    heads: Box<[u64; HEAD_SLOTS]>,
    /// Context tokens on each side of an anchor.
    pub span: usize,
    /// Tells this prefilter's decisions apart in an [`AnchorMemo`] (unique per process).
    id: u64,
}

/// Anchor decisions already taken for short ASCII words, per thread and prefilter.
///
/// A word the raw-byte checks cannot reject is folded and looked up (anchor set, number-word
/// decomposition); in news these are a few frequent words ("un", "una", "dove", "questo")
/// that pass the fingerprint or number-word start checks without being anchors, each costing
/// more than the rest of its scan. The decision depends only on the folded word, the
/// convention and the prefilter, so it is kept in a small direct-mapped table and a word
/// seen before is decided by one comparison.
#[derive(Debug, Clone)]
pub struct AnchorMemo {
    /// The prefilter the slots hold decisions of ([`Prefilter`]'s `id`).
    owner: u64,
    slots: Vec<MemoSlot>,
}

/// A folded word of at most [`MEMO_WORD`] bytes (zero-padded), its length, the convention it
/// was decided for and the decision; `len == 0` is an empty slot.
#[derive(Debug, Clone, Copy, Default)]
struct MemoSlot {
    word: [u64; 2],
    len: u8,
    assistant: bool,
    anchor: bool,
}

pub(crate) const MEMO_WORD: usize = 16;
/// 4,096 slots (96 KB per language a thread sees): with 1,024, 3,150 words probed on 1,000
/// news articles missed (and were folded and looked up), 40% of them a word pushed out by
/// another of the same slot; with 4,096, 1,885.
const MEMO_SLOTS: usize = 4096;

impl Default for AnchorMemo {
    fn default() -> Self {
        AnchorMemo {
            owner: u64::MAX,
            slots: vec![MemoSlot::default(); MEMO_SLOTS],
        }
    }
}

impl AnchorMemo {
    /// The table of `memos` that holds `pf`'s decisions, else a new one (at most four are
    /// kept: one per language a thread sees), so that documents alternating languages do
    /// not empty each other's.
    pub fn pick<'m>(memos: &'m mut Vec<AnchorMemo>, pf: &Prefilter) -> &'m mut AnchorMemo {
        let i = match memos.iter().position(|m| m.owner == pf.id) {
            Some(i) => i,
            None if memos.len() < 4 => {
                memos.push(AnchorMemo::default());
                memos.len() - 1
            }
            None => 0,
        };
        &mut memos[i]
    }

    /// Empties the table unless it already holds `pf`'s decisions.
    fn claim(&mut self, pf: &Prefilter) {
        if self.owner != pf.id {
            self.slots.fill(MemoSlot::default());
            self.owner = pf.id;
        }
    }
}

static NEXT_PREFILTER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// One scanned item: a word, a digit run or a single other character.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub start: u32,
    pub end: u32,
    pub anchor: bool,
    /// What the scan saw it made of, so that building the window's tokens need not look at
    /// its characters again (see [`crate::token::from_items`]).
    pub form: Form,
}

/// The shape of an [`Item`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// ASCII digits with inner `.` / `,` (already folded).
    Digits,
    /// ASCII letters, then perhaps one `'` or `` ` ``.
    AsciiWord,
    /// A word with some non-ASCII character.
    Word,
    /// One other character.
    Punct,
}

impl Prefilter {
    pub fn new(g: &Grammar, context_classes: &[String]) -> Prefilter {
        let mut words = WordSet::default();
        let mut span = SPAN;
        let anchor_kind = |k: u16| -> bool {
            matches!(k, K_NUM | K_TIME | K_DUR | K_QTY)
                || !context_classes
                    .iter()
                    .any(|c| g.kinds.get(k as usize) == Some(c))
                    && k as usize >= crate::rules::BUILTIN_KINDS
        };
        let mut assistant_words = WordSet::default();
        // Single words of anchor classes first; a phrase already holding one of them needs no
        // other anchor ("giorno dei morti"), else its longest unelided word anchors it.
        for entries in g.lex.values() {
            for (toks, kind, _) in entries {
                span = span.max(toks.len());
                if toks.len() == 1 && anchor_kind(*kind) {
                    words.insert(toks[0].clone());
                }
            }
        }
        let phrase_anchor = |toks: &[String], words: &WordSet| -> Option<String> {
            if toks.iter().any(|w| words.contains(w)) {
                return None;
            }
            toks.iter()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .max_by_key(|w| (w.len() > 1 && !w.ends_with('\''), w.len()))
                .cloned()
        };
        for entries in g.lex.values() {
            for (toks, kind, _) in entries {
                if toks.len() > 1 && anchor_kind(*kind) {
                    if let Some(w) = phrase_anchor(toks, &words) {
                        words.insert(w);
                    }
                }
            }
        }
        // A rule none of whose required elements can hold an anchor (all literal words, or
        // pieces of context classes only) is anchored on its most specific required literal
        // (all its alternatives), or else on every entry of its context classes. Rules for the
        // assistant convention only get their own set.
        for r in &g.rules {
            let anchored = r
                .elems
                .iter()
                .any(|(e, opt)| !opt && matches!(e, Elem::Piece(k, _) if anchor_kind(*k)));
            if anchored {
                continue;
            }
            let mut add = Vec::new();
            let literal = r
                .elems
                .iter()
                .filter_map(|(e, opt)| match (e, opt) {
                    (Elem::Words(ws, _), false) => Some(ws),
                    _ => None,
                })
                .max_by_key(|ws| ws.iter().map(String::len).min().unwrap_or(0));
            if let Some(ws) = literal {
                add.extend(ws.iter().cloned());
            } else {
                for entries in g.lex.values() {
                    for (toks, kind, _) in entries {
                        let needed = r
                            .elems
                            .iter()
                            .any(|(e, _)| matches!(e, Elem::Piece(k, _) if k == kind));
                        if needed {
                            add.extend(phrase_anchor(toks, &WordSet::default()));
                        }
                    }
                }
            }
            let set = if r.assistant_only {
                &mut assistant_words
            } else {
                &mut words
            };
            set.extend(add);
            span = span.max(r.elems.len());
        }
        // Single letters ("a", "h", "m") are abbreviations that only follow numbers.
        let long = |w: &String| w.chars().count() > 1 || !w.chars().all(char::is_alphabetic);
        words.retain(long);
        assistant_words.retain(|w| long(w) && !words.contains(w));
        let num_start = g.num_start.clone();
        let mut num_end = vec![0u64; 65536 / 64];
        for (m, _, _) in &g.morphemes {
            let b = m.as_bytes();
            let pairs = match b.len() {
                0 => 0..0,
                // A one-byte morpheme ends a word after any byte.
                1 => (b[0] as usize)..(b[0] as usize + 65536),
                n => {
                    let k = (b[n - 2] as usize) << 8 | b[n - 1] as usize;
                    k..k + 1
                }
            };
            for k in pairs.step_by(if b.len() == 1 { 256 } else { 1 }) {
                num_end[k / 64] |= 1 << (k % 64);
            }
        }
        let fp = Fingerprints::of(words.iter().chain(&assistant_words));
        let mut heads = Box::new([0u64; HEAD_SLOTS]);
        for w in words.iter().chain(&assistant_words) {
            let b = w.as_bytes();
            let second = if b.len() > 1 { Some(b[1]) } else { None };
            if let Some(h) = ascii_head(b[0], second) {
                heads[h] |= 1 << b.len().min(16);
            }
        }
        for (r, &a) in HEAD_BYTES.iter().enumerate().take(26) {
            for (c, &b) in HEAD_BYTES.iter().enumerate() {
                let k = (a as usize) << 8 | b as usize;
                if b != 0 && num_start[k / 64] & (1 << (k % 64)) != 0 {
                    heads[(r + 1) * HEAD_ROW + c] |= number_lengths(&g.morphemes, a, b);
                }
            }
        }
        Prefilter {
            words,
            assistant_words,
            num_start,
            num_end,
            fp,
            heads,
            span,
            id: NEXT_PREFILTER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// False only if [`Grammar::number_word`] is `None` for the folded word `w`: checks how
    /// it ends (its final apostrophes left out, as there).
    pub fn may_be_number_word(&self, w: &[u8]) -> bool {
        let mut n = w.len();
        while n > 0 && w[n - 1] == b'\'' {
            n -= 1;
        }
        if n < 2 {
            return true;
        }
        let k = (w[n - 2] as usize) << 8 | w[n - 1] as usize;
        self.num_end[k / 64] & (1 << (k % 64)) != 0
    }

    fn is_anchor_word(&self, g: &Grammar, w: &str, assistant: bool) -> bool {
        let b = w.as_bytes();
        if self.fp.may_hold(w)
            && (self.words.contains(w) || (assistant && self.assistant_words.contains(w)))
        {
            return true;
        }
        if b.len() < 2 {
            return false;
        }
        let k = (b[0] as usize) << 8 | b[1] as usize;
        if self.num_start[k / 64] & (1 << (k % 64)) == 0 {
            return false;
        }
        // "un", "one": the article and the numeral 1 are the same word; alone they make no
        // expression, and with a grain or unit that word is the anchor.
        self.may_be_number_word(b) && g.number_word(w).is_some_and(|v| v > 1.0)
    }

    /// For a word of ASCII `letters` (plus a final apostrophe when `apos`): false only if
    /// [`Prefilter::is_anchor_word`] is false on its folded form. Its fingerprint and its
    /// first two folded bytes are read on the raw bytes, lowercased one at a time (folding
    /// ASCII letters only lowercases them).
    fn may_anchor_ascii(&self, letters: &[u8], apos: bool) -> bool {
        let n = letters.len();
        let len = n + apos as usize;
        // The folded word's bytes: the letters lowercased (`| 0x20` on a letter), then the
        // apostrophe.
        let first = letters[0] | 0x20;
        // The second byte as written (either case), or the apostrophe, or none: its column
        // in the head table is read from a table, with no lowercasing or tests.
        let second = match letters.get(1) {
            Some(&x) => x,
            None if apos => b'\'',
            None => 0,
        };
        // An anchor word of this head and length, or a number word of this head (any length
        // of at least two): else no anchor.
        let col = HEAD_COL[second as usize] as usize;
        // The row is the first letter's low five bits, the same for both cases (1 for 'a'),
        // so the index is below `HEAD_SLOTS`; the mask only spares the bounds check.
        let head = self.heads[((letters[0] & 0x1f) as usize * HEAD_ROW + col) & (HEAD_SLOTS - 1)];
        let l = len.min(16);
        let listed_len = head & (1 << l) != 0;
        // Neither an anchor word nor a number word of this head is this long.
        if head >> l & (1 | 1 << NUM_BITS) == 0 {
            return false;
        }
        // Only a word of a listed head and length can be a listed anchor word: for the
        // others (most words that pass, through a number word's head) the fingerprint could
        // only let through what the number tests below decide alone.
        let second = if n > 1 { second | 0x20 } else { second };
        if listed_len {
            let last = if apos { b'\'' } else { letters[n - 1] | 0x20 };
            let before_last = match len {
                1 => 0,
                _ if apos => letters[n - 1] | 0x20,
                _ => letters[n - 2] | 0x20,
            };
            if self.fp.has_key(key(first, second, before_last, last, len)) {
                return true;
            }
        }
        if len < 2 {
            return false;
        }
        let k = (first as usize) << 8 | second as usize;
        if self.num_start[k / 64] & (1 << (k % 64)) == 0 {
            return false;
        }
        n < 2 || self.may_be_number_word(&[letters[n - 2] | 0x20, letters[n - 1] | 0x20])
    }

    /// Scans `text` into items (the same cuts as [`crate::token::scan`]), marking anchors.
    pub fn scan(&self, g: &Grammar, text: &str, assistant: bool, out: &mut Vec<Item>) {
        self.scan_with(
            g,
            text,
            assistant,
            out,
            &mut Vec::new(),
            &mut AnchorMemo::default(),
        );
    }

    /// [`Prefilter::scan`] deciding short ASCII words through `memo` (kept between
    /// documents, see [`AnchorMemo`]), and listing the anchors' item indices in `anchors`
    /// (for [`windows_of`]: a news article has a few dozen anchors among thousands of items,
    /// and going through every item again to find them cost about a tenth of the scan).
    ///
    /// Each byte's class is read from one table ([`BYTE_CLASS`]); an ASCII word is cut eight
    /// bytes at a time, and the next one after a single space is taken at once, without going
    /// back through the dispatch (news text is mostly that).
    pub fn scan_with(
        &self,
        g: &Grammar,
        text: &str,
        assistant: bool,
        out: &mut Vec<Item>,
        anchors: &mut Vec<u32>,
        memo: &mut AnchorMemo,
    ) {
        memo.claim(self);
        out.clear();
        anchors.clear();
        let b = text.as_bytes();
        let mut buf = String::new();
        let mut blk = Block::default();
        let mut i = 0;
        while i < b.len() {
            // Runs of whitespace and of ASCII letters (nearly all of news text) are measured
            // on the bit masks of the block of 64 bytes holding `i`: one shift and a count of
            // trailing zeros each, instead of a byte class per space and a letter test per
            // eight bytes per word.
            let mut off = i.wrapping_sub(blk.base);
            if off >= 64 {
                blk = Block::at(b, i);
                off = 0;
            }
            if blk.space >> off & 1 != 0 {
                i += (!(blk.space >> off)).trailing_zeros() as usize;
                continue;
            }
            if blk.letter >> off & 1 != 0 {
                // Most words are ASCII letters: when the run ends the word (no non-ASCII
                // letter follows) decide on the raw bytes whether the word can be an anchor
                // at all before folding it (see `may_anchor_ascii`). The next word after a
                // single space is taken at once, without going back through the dispatch
                // (news text is mostly that).
                loop {
                    let start = i;
                    let run = (!(blk.letter >> off)).trailing_zeros() as usize;
                    i += run;
                    if off + run == 64 {
                        // The word goes on past the block (the mask has no bits past it).
                        i += ascii_letters(&b[i..]);
                    }
                    let next = b.get(i).copied().unwrap_or(b' ');
                    if next >= 0x80 {
                        i = self.word(g, text, start, i, assistant, out, &mut buf);
                        if out.last().is_some_and(|it| it.anchor) {
                            anchors.push(out.len() as u32 - 1);
                        }
                        break;
                    }
                    let letters = &b[start..i];
                    let apos = next == b'\'' || next == b'`';
                    i += apos as usize;
                    let anchor = self.may_anchor_ascii(letters, apos)
                        && self
                            .ascii_anchor(g, text, letters, start, apos, assistant, memo, &mut buf);
                    if anchor {
                        anchors.push(out.len() as u32);
                    }
                    out.push(Item {
                        start: start as u32,
                        end: i as u32,
                        anchor,
                        form: Form::AsciiWord,
                    });
                    // A space, then a letter, both inside the block.
                    off = i.wrapping_sub(blk.base);
                    if off < 64 && blk.space_letter >> off & 1 != 0 {
                        i += 1;
                        off += 1;
                        continue;
                    }
                    break;
                }
                continue;
            }
            let start = i;
            match BYTE_CLASS[b[i] as usize] {
                DIGIT => {
                    i += 1;
                    while i < b.len() {
                        let d = b[i];
                        if d.is_ascii_digit()
                            || ((d == b'.' || d == b',')
                                && b.get(i + 1).is_some_and(|x| x.is_ascii_digit()))
                        {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    anchors.push(out.len() as u32);
                    out.push(Item {
                        start: start as u32,
                        end: i as u32,
                        anchor: true,
                        form: Form::Digits,
                    });
                }
                HIGH => {
                    // A character beyond ASCII.
                    let c = text[i..].chars().next().unwrap_or(' ');
                    if c.is_whitespace() {
                        i += c.len_utf8();
                    } else if !is_alphabetic(c) {
                        i += c.len_utf8();
                        out.push(Item {
                            start: start as u32,
                            end: i as u32,
                            anchor: false,
                            form: Form::Punct,
                        });
                    } else {
                        i = self.word(g, text, start, i, assistant, out, &mut buf);
                        if out.last().is_some_and(|it| it.anchor) {
                            anchors.push(out.len() as u32 - 1);
                        }
                    }
                }
                // Other ASCII (whitespace and letters were taken above).
                _ => {
                    i += 1;
                    out.push(Item {
                        start: start as u32,
                        end: i as u32,
                        anchor: false,
                        form: Form::Punct,
                    });
                }
            }
        }
    }

    /// Whether the ASCII word `letters` (at `start` in `text`, plus an apostrophe when `apos`)
    /// that passed [`Prefilter::may_anchor_ascii`] is an anchor: from `memo` when it holds the
    /// word, else folded into `buf` and looked up. The memo key is the word lowercased, packed
    /// into two integers straight from the bytes (folding ASCII letters only lowercases them).
    #[allow(clippy::too_many_arguments)]
    fn ascii_anchor(
        &self,
        g: &Grammar,
        text: &str,
        letters: &[u8],
        start: usize,
        apos: bool,
        assistant: bool,
        memo: &mut AnchorMemo,
        buf: &mut String,
    ) -> bool {
        let n = letters.len();
        let len = n + apos as usize;
        let slot = (len <= MEMO_WORD).then(|| {
            // The letters lowercased (| 0x20 on each), then the apostrophe.
            let mut word = pack_at(text.as_bytes(), start, n);
            let lower = |k: usize| match k.min(8) {
                8 => u64::MAX,
                k => (1u64 << (8 * k)) - 1,
            } & 0x2020_2020_2020_2020;
            word[0] |= lower(n);
            word[1] |= lower(n.saturating_sub(8));
            if apos {
                word[n / 8] |= (b'\'' as u64) << (8 * (n % 8));
            }
            (word, memo_index(&word, len, 0, MEMO_SLOTS.trailing_zeros()))
        });
        if let Some((word, k)) = slot {
            let m = memo.slots[k];
            if m.len as usize == len && m.assistant == assistant && m.word == word {
                return m.anchor;
            }
        }
        buf.clear();
        buf.push_str(&text[start..start + n]);
        buf.make_ascii_lowercase();
        if apos {
            buf.push('\'');
        }
        let anchor = self.is_anchor_word(g, buf, assistant);
        if let Some((word, k)) = slot {
            memo.slots[k] = MemoSlot {
                word,
                len: len as u8,
                assistant,
                anchor,
            };
        }
        anchor
    }

    /// Scans a word with some character beyond ASCII that begins at `start`, whose bytes up to
    /// `i` are ASCII letters; pushes it and returns where it ends. Letters, plus one eliding
    /// apostrophe that ends it.
    #[allow(clippy::too_many_arguments)]
    fn word(
        &self,
        g: &Grammar,
        text: &str,
        start: usize,
        mut i: usize,
        assistant: bool,
        out: &mut Vec<Item>,
        buf: &mut String,
    ) -> usize {
        let b = text.as_bytes();
        buf.clear();
        buf.push_str(&text[start..i]);
        buf.make_ascii_lowercase();
        while i < b.len() {
            let x = b[i];
            if x.is_ascii_alphabetic() {
                buf.push(x.to_ascii_lowercase() as char);
                i += 1;
                continue;
            }
            if x < 0x80 {
                if x == b'\'' || x == b'`' {
                    buf.push('\'');
                    i += 1;
                }
                break;
            }
            let Some(d) = text[i..].chars().next() else {
                break;
            };
            if is_alphabetic(d) {
                fold_char(d, buf);
                i += d.len_utf8();
            } else {
                if matches!(d, '’' | '‘' | '´') {
                    buf.push('\'');
                    i += d.len_utf8();
                }
                break;
            }
        }
        out.push(Item {
            start: start as u32,
            end: i as u32,
            anchor: self.is_anchor_word(g, buf, assistant),
            form: Form::Word,
        });
        i
    }
}

/// Bit masks of the bytes of `text[base..base + 64]` for [`Prefilter::scan_with`]: bit `k`
/// is byte `base + k`'s (bytes past the text's end are in neither mask).
#[derive(Debug, Clone, Copy)]
struct Block {
    base: usize,
    /// ASCII letters.
    letter: u64,
    /// ASCII whitespace (as `char::is_whitespace`).
    space: u64,
    /// ASCII whitespace followed by an ASCII letter inside the block.
    space_letter: u64,
}

impl Default for Block {
    /// A block no offset falls in (its base is past any text), so the first use fills it.
    fn default() -> Self {
        Block {
            base: usize::MAX / 2,
            letter: 0,
            space: 0,
            space_letter: 0,
        }
    }
}

impl Block {
    /// The masks of the 64 bytes from `base` (zero-padded past the text's end: a zero byte
    /// is neither a letter nor whitespace).
    fn at(b: &[u8], base: usize) -> Block {
        let rest = &b[base.min(b.len())..];
        let mut pad = [0u8; 64];
        let chunk = match rest.first_chunk::<64>() {
            Some(c) => c,
            None => {
                pad[..rest.len()].copy_from_slice(rest);
                &pad
            }
        };
        let (letter, space) = masks(chunk);
        Block {
            base,
            letter,
            space,
            space_letter: space & letter >> 1,
        }
    }
}

/// The ASCII-letter and ASCII-whitespace masks of 64 bytes (bit `k` for byte `k`): sixteen
/// bytes per instruction with SSE2 (always there on x86-64).
#[cfg(target_arch = "x86_64")]
fn masks(c: &[u8; 64]) -> (u64, u64) {
    use std::arch::x86_64::*;
    let (mut letter, mut space) = (0u64, 0u64);
    for k in 0..4 {
        // SAFETY: SSE2 is part of x86-64 (every such processor has it, and the target
        // enables it); the 16 bytes loaded (unaligned) are inside `c`: k * 16 + 16 <= 64.
        let (l, s) = unsafe {
            let v = _mm_loadu_si128(c.as_ptr().add(16 * k).cast::<__m128i>());
            // A letter lowercased (| 0x20) is 'a'..='z': moved by 0x1f it is 0x80..=0x99,
            // the only signed bytes below -102 (bytes beyond ASCII land elsewhere, see the
            // test).
            let l = _mm_cmplt_epi8(
                _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x1f)),
                _mm_set1_epi8(-102),
            );
            // ' ', or '\t'..='\r' (moved by 0x77 they are 0x80..=0x84, below -123).
            let s = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8)),
                _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x77)), _mm_set1_epi8(-123)),
            );
            (_mm_movemask_epi8(l), _mm_movemask_epi8(s))
        };
        letter |= (l as u32 as u64 & 0xffff) << (16 * k);
        space |= (s as u32 as u64 & 0xffff) << (16 * k);
    }
    (letter, space)
}

/// [`masks`] a byte at a time, where SSE2 is not there (and to test it against).
#[cfg(any(not(target_arch = "x86_64"), test))]
fn masks_bytewise(c: &[u8; 64]) -> (u64, u64) {
    let (mut letter, mut space) = (0u64, 0u64);
    for (k, &x) in c.iter().enumerate() {
        letter |= ((BYTE_CLASS[x as usize] == LETTER) as u64) << k;
        space |= ((BYTE_CLASS[x as usize] == SPACE) as u64) << k;
    }
    (letter, space)
}

#[cfg(not(target_arch = "x86_64"))]
fn masks(c: &[u8; 64]) -> (u64, u64) {
    masks_bytewise(c)
}

/// Classes of a byte for [`Prefilter::scan_with`]: whitespace (as `char::is_whitespace` for
/// ASCII), ASCII letter, ASCII digit, other ASCII character, or a byte of a character beyond
/// ASCII.
const SPACE: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const PUNCT: u8 = 3;
const HIGH: u8 = 4;

static BYTE_CLASS: [u8; 256] = {
    let mut t = [HIGH; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            SPACE
        } else {
            PUNCT
        };
        i += 1;
    }
    t
};

/// [`char::is_alphabetic`], answered without the Unicode tables for the characters other
/// than ASCII that news text is mostly made of: accented Latin letters (Italian words end in
/// them: "è", "più", "città") and typographic quotes and dashes; the tables' search cost more
/// than scanning the word.
fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphabetic(),
        0x80..=0xff => matches!(c, 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ'),
        0x100..=0x17f => true,
        0x2000..=0x206f => false,
        _ => c.is_alphabetic(),
    }
}

/// Where the number-word lengths begin in an entry of [`Prefilter`]'s head table.
const NUM_BITS: u32 = 32;

/// The number-word bits of the head table's entry for words beginning with the folded
/// bytes `a` then `b` (a letter, or the apostrophe of a one-letter word), whose pair
/// [`Grammar::number_word`]'s first test lets through: bit `NUM_BITS + l` for each length
/// `l` (16 for longer) a number word so begun can have, from 2 up.
///
/// `number_word` takes a word (its final apostrophes left out) only when the whole of it is
/// a run of morphemes. So a number word beginning "ab" begins with a morpheme beginning "ab"
/// (and is at least as long), or with the one-byte morpheme "a" followed by a morpheme
/// beginning with "b" (and is at least one byte longer than that one): the shortest such
/// morpheme bounds its length from below. Short common words that share a number word's
/// first two letters ("di", "questo", "dove", "the", "for") are shorter than any number word
/// of their head ("dieci", "quattro", "dodici", "three", "four"), and are told apart by the
/// head table alone. A word's length counts its apostrophe, which only makes it longer than
/// the letters `number_word` reads, so the bound holds for it too. An apostrophe head keeps
/// every length (as does a head the morphemes do not explain, which cannot happen).
fn number_lengths(morphemes: &[(String, f64, crate::rules::NumOp)], a: u8, b: u8) -> u64 {
    let shortest = |first: u8| {
        morphemes
            .iter()
            .map(|(m, _, _)| m.as_bytes())
            .filter(|m| m.first() == Some(&first))
            .map(<[u8]>::len)
            .min()
    };
    let mut min = None::<usize>;
    if b != b'\'' {
        for (m, _, _) in morphemes {
            let m = m.as_bytes();
            let l = match m {
                [x, y, ..] if *x == a && *y == b => Some(m.len()),
                [x] if *x == a => shortest(b).map(|n| 1 + n),
                _ => None,
            };
            if let Some(l) = l {
                min = Some(min.map_or(l, |x| x.min(l)));
            }
        }
    }
    let from = min.unwrap_or(2).clamp(2, 16);
    (from..=16).fold(0, |bits, l| bits | 1 << (NUM_BITS as usize + l))
}

/// Bytes a folded ASCII word can begin with, for [`Prefilter`]'s head table: the letters,
/// the apostrophe, and (as a second byte) none, for one-byte words.
const HEAD_BYTES: [u8; HEADS] = *b"abcdefghijklmnopqrstuvwxyz'\0";
const HEADS: usize = 28;
/// The head table's row length: a row per first letter, at the letter's low five bits
/// (`'a' & 0x1f` is 1, as is `'A' & 0x1f`), a column per [`HEAD_BYTES`] second byte.
const HEAD_ROW: usize = 32;
/// The head table's length: 32 rows of 32 columns, so that an index can be masked into it.
const HEAD_SLOTS: usize = HEAD_ROW * HEAD_ROW;

/// The head-table column of a word's second byte as written ([`HEAD_BYTES`]' order): an
/// ASCII letter of either case, the apostrophe ('`' is one too), or anything else for a
/// one-byte word.
static HEAD_COL: [u8; 256] = {
    let mut t = [(HEADS - 1) as u8; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    t[b'\'' as usize] = 26;
    t[b'`' as usize] = 26;
    t
};

/// The head-table index of a word beginning with `first` then `second` (`None`: a one-byte
/// word); `None` for a head no ASCII word of letters (and a final apostrophe) has.
fn ascii_head(first: u8, second: Option<u8>) -> Option<usize> {
    let at = |b: u8| match b {
        b'a'..=b'z' => Some((b - b'a') as usize),
        b'\'' => Some(26),
        _ => None,
    };
    let a = at(first).filter(|&a| a < 26)?;
    let b = match second {
        None => 27,
        Some(x) => at(x)?,
    };
    Some((a + 1) * HEAD_ROW + b)
}

/// A word of at most [`MEMO_WORD`] bytes, zero-padded and read as two little-endian integers:
/// the key of the per-thread word memos (the [`AnchorMemo`] here, the tense cues' in
/// [`crate::tense`]). Bytes past the sixteenth are ignored: callers memoise only short words.
pub(crate) fn pack_word(bytes: impl IntoIterator<Item = u8>) -> [u64; 2] {
    let mut word = [0u64; 2];
    for (j, c) in bytes.into_iter().take(MEMO_WORD).enumerate() {
        word[j / 8] |= (c as u64) << (8 * (j % 8));
    }
    word
}

/// [`pack_word`] of `b[at..at + len]` (`len` at most [`MEMO_WORD`]), read sixteen bytes at
/// once and masked to `len` where `b` goes on that far (packing byte by byte cost more than
/// the memo probe it keys).
pub(crate) fn pack_at(b: &[u8], at: usize, len: usize) -> [u64; 2] {
    match b.get(at..).and_then(|r| r.first_chunk::<MEMO_WORD>()) {
        Some(c) if len <= MEMO_WORD => {
            let v = u128::from_le_bytes(*c) & crate::token::KEEP[len & 31];
            [v as u64, (v >> 64) as u64]
        }
        _ => pack_word(b[at..].iter().copied().take(len)),
    }
}

/// The slot, in a direct-mapped memo of `1 << bits` slots, of a word packed by [`pack_word`]
/// with its length; `salt` tells apart owners sharing one table (a grammar's id).
pub(crate) fn memo_index(word: &[u64; 2], len: usize, salt: u64, bits: u32) -> usize {
    let h = (word[0] ^ word[1].rotate_left(29) ^ len as u64 ^ salt.rotate_left(17))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - bits)) as usize
}

/// How many ASCII letters `b` starts with. Eight bytes at a time: most words are ASCII
/// letters, and testing them byte by byte was a large part of the scan. Kept out of line:
/// [`Prefilter::scan_with`] calls it only for a word running past its 64-byte block (one
/// word in a dozen), and inlined, its three 64-bit constants were loaded again on every
/// word of the scan's loop (no register was left to keep them in).
#[inline(never)]
fn ascii_letters(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let ones = |x: u8| u64::from_le_bytes([x; 8]);
    let mut n = 0;
    while let Some(c) = b[n..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*c);
        // Lowercased, high bit cleared (no byte carries into the next below): a letter is
        // at least 'a' (+0x1f sets the high bit) and below '{' (+0x05 leaves it clear), and
        // was ASCII.
        let t = (x | ones(0x20)) & LOW;
        let letter = t.wrapping_add(ones(0x1f)) & !t.wrapping_add(ones(0x05)) & !x & HIGH;
        let stop = !letter & HIGH;
        if stop != 0 {
            return n + (stop.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < b.len() && b[n].is_ascii_alphabetic() {
        n += 1;
    }
    n
}

const FP_BITS: usize = 1 << 16;

/// A set of folded words' [`fingerprint`]s: "certainly not in the set" without hashing.
#[derive(Debug, Clone, Default)]
pub struct Fingerprints(Vec<u64>);

impl Fingerprints {
    pub fn of<'a>(words: impl IntoIterator<Item = &'a String>) -> Fingerprints {
        let mut v = vec![0u64; FP_BITS / 64];
        for w in words {
            let k = fingerprint(w.as_bytes());
            v[k / 64] |= 1 << (k % 64);
        }
        Fingerprints(v)
    }

    /// False only if `w` is none of the words.
    pub fn may_hold(&self, w: &str) -> bool {
        self.has_key(fingerprint(w.as_bytes()))
    }

    fn has_key(&self, k: usize) -> bool {
        self.0.get(k / 64).is_some_and(|x| x & (1 << (k % 64)) != 0)
    }
}

/// A 16-bit key of a folded word: a hash of its first two bytes, its last two and its length.
/// (A key of the first and last bytes' low bits and the length let through one word in six
/// of news text, mostly to be hashed and rejected.)
fn fingerprint(b: &[u8]) -> usize {
    let n = b.len();
    let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
        return 0;
    };
    let (s, p) = if n > 1 { (b[1], b[n - 2]) } else { (0, 0) };
    key(f, s, p, l, n)
}

/// [`fingerprint`] of a word of `len` bytes from its first two bytes (`first`, `second`) and
/// last two (`before_last`, `last`); the two middle ones are 0 for a one-byte word.
fn key(first: u8, second: u8, before_last: u8, last: u8, len: usize) -> usize {
    let x = first as u64
        | (second as u64) << 8
        | (before_last as u64) << 16
        | (last as u64) << 24
        | (len.min(255) as u64) << 32;
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 16)) as usize
}

/// Merged windows over items: `(first, end)` item ranges, in order.
pub fn windows(items: &[Item], span: usize, out: &mut Vec<(usize, usize)>) {
    let anchors: Vec<u32> = (0..items.len() as u32)
        .filter(|&i| items[i as usize].anchor)
        .collect();
    windows_of(&anchors, items.len(), span, out);
}

/// [`windows`] from the anchors' indices among `n` items (in order, as
/// [`Prefilter::scan_with`] lists them).
pub fn windows_of(anchors: &[u32], n: usize, span: usize, out: &mut Vec<(usize, usize)>) {
    out.clear();
    for &i in anchors {
        let i = i as usize;
        let a = i.saturating_sub(span);
        let e = (i + span + 1).min(n);
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(e),
            _ => out.push((a, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token;

    /// The shortcut answers as the Unicode tables do, for every character.
    #[test]
    fn is_alphabetic_agrees_with_the_tables() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{:#x}", c as u32);
        }
    }

    /// The scan's byte classes are the character tests they stand for (`char::is_whitespace`,
    /// ASCII letters and digits), on every byte.
    #[test]
    fn byte_classes_agree_with_char_tests() {
        for x in 0u8..128 {
            let c = x as char;
            let want = if c.is_whitespace() {
                SPACE
            } else if c.is_ascii_alphabetic() {
                LETTER
            } else if c.is_ascii_digit() {
                DIGIT
            } else {
                PUNCT
            };
            assert_eq!(BYTE_CLASS[x as usize], want, "{x:#x}");
        }
        assert!(BYTE_CLASS[128..].iter().all(|&c| c == HIGH));
    }

    /// The block masks (SSE2 on x86-64) are the byte classes' letters and whitespace, for
    /// every byte value at every place of a block.
    #[test]
    fn block_masks_agree_with_byte_classes() {
        for x in 0..=255u8 {
            for at in 0..64 {
                let sample = b"Ab z\tQ9 .,'`\x00\n\rxyzXYZ@[`{ \x0b\x0c-\x80\xe0\xff\x88\x89";
                let mut c = [0u8; 64];
                for (k, y) in c.iter_mut().enumerate() {
                    *y = sample[k % sample.len()];
                }
                c[at] = x;
                assert_eq!(masks(&c), masks_bytewise(&c), "byte {x:#x} at {at}");
            }
        }
    }

    /// The eight-byte letter count is the byte-by-byte one, for every byte value at every
    /// place of a chunk and past it.
    #[test]
    fn ascii_letters_counts_as_bytes_do() {
        let slow = |b: &[u8]| b.iter().take_while(|x| x.is_ascii_alphabetic()).count();
        let base = b"abcdefghijKLMNOPQRSTUVwxyz".to_vec();
        for x in 0..=255u8 {
            for at in 0..base.len() {
                for len in [at + 1, base.len()] {
                    let mut b = base[..len].to_vec();
                    b[at] = x;
                    assert_eq!(ascii_letters(&b), slow(&b), "byte {x:#x} at {at} of {len}");
                }
            }
        }
        assert_eq!(ascii_letters(b""), 0);
    }

    /// The end check never rejects a number word: every morpheme and every pair of them that
    /// `number_word` reads passes, and common words that are no number mostly fail.
    #[test]
    fn number_word_end_check_keeps_every_number_word() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        for lang in ["it", "en"] {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let pf = g.prefilter.as_ref().expect("prefilter");
            let ms: Vec<&str> = g.morphemes.iter().map(|(m, _, _)| m.as_str()).collect();
            let mut numbers = 0;
            for a in &ms {
                for b in std::iter::once(&"").chain(&ms) {
                    for apos in ["", "'"] {
                        let w = format!("{a}{b}{apos}");
                        if g.number_word(&w).is_some() {
                            numbers += 1;
                            assert!(pf.may_be_number_word(w.as_bytes()), "{lang} {w:?}");
                        }
                    }
                }
            }
            assert!(numbers > 100, "{lang}: {numbers}");
            let rejected = ["quando", "questo", "secondo", "ministro", "the", "should"]
                .iter()
                .filter(|w| !pf.may_be_number_word(w.as_bytes()))
                .count();
            assert!(rejected >= 2, "{lang}: {rejected}");
        }
    }

    /// Tokens built from the scan's items are the tokens a fresh scan of the same text gives
    /// (cuts, kinds, folded forms, spacing), on a whole text and on windows inside it, each
    /// built over the tokens of the one before.
    #[test]
    fn tokens_from_items_agree_with_scanning() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let g = Grammar::load(packs.get("it").expect("pack")).expect("grammar");
        let pf = g.prefilter.as_ref().expect("prefilter");
        let text = "  L’ANNO scorso,\u{b}dell'Aprile 2,5 milioni (15mila) x`y ÜBER–dé 3.000.\n\
                    Lunedì\t13/08 alle 9:30 ² ventitré Internazionalizzazione \
                    perché-PRECIPITEVOLISSIMEVOLMENTE D`Annunziatissimamente Fine";
        let mut items = Vec::new();
        pf.scan(&g, text, false, &mut items);
        // One token buffer for every window, as across a document's windows (the
        // tokens of the one before are overwritten, longer and shorter ones in turn).
        let mut got = Vec::new();
        // And a buffer that only grows, whose first tokens are the window's.
        let mut grown = Vec::new();
        for (a, e) in [
            (0, items.len()),
            (3, items.len() - 2),
            (5, 9),
            (0, items.len()),
            (2, 4),
            (1, 12),
        ] {
            let (sa, se) = (items[a].start as usize, items[e - 1].end as usize);
            let mut want = Vec::new();
            token::scan(&text[sa..se], sa as u32, &mut want);
            token::from_items(text, &items[a..e], &mut got);
            token::fill_from_items(text, &items[a..e], &mut grown);
            assert_eq!(got.len(), want.len());
            assert!(grown.len() >= want.len());
            for (x, y) in got
                .iter()
                .chain(&grown[..e - a])
                .zip(want.iter().chain(&want))
            {
                assert_eq!(
                    (x.start, x.end, x.kind, &x.norm, x.space_before),
                    (y.start, y.end, y.kind, &y.norm, y.space_before)
                );
            }
        }
    }

    /// The scan's shortcuts on raw bytes (case, apostrophes, accents) mark the same anchors as
    /// folding every word first and asking `is_anchor_word`.
    #[test]
    fn raw_word_shortcut_agrees_with_folding() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let text = "MARTEDÌ 19 Febbraio, dell'Aprile L`ANNO scorso: ventitré Anni fa, \
                    Ieri sera un'ora; Tuesday LAST Week, TWENTY-ONE years ago, ventun'anni \
                    Natale Due MILA perché però x a è Über dé";
        for lang in ["it", "en"] {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let pf = g.prefilter.as_ref().expect("prefilter");
            for assistant in [false, true] {
                let mut items = Vec::new();
                pf.scan(&g, text, assistant, &mut items);
                let mut toks = Vec::new();
                token::scan(text, 0, &mut toks);
                assert_eq!(items.len(), toks.len());
                let mut anchors = 0;
                for (it, t) in items.iter().zip(&toks) {
                    let want = match t.kind {
                        token::Kind::Digits => true,
                        token::Kind::Word => pf.is_anchor_word(&g, t.norm.as_str(), assistant),
                        token::Kind::Punct => false,
                    };
                    assert_eq!(it.anchor, want, "{lang} {:?}", t.norm);
                    anchors += want as usize;
                }
                assert!(anchors >= 5, "{lang}: {anchors} anchors");
            }
        }
    }

    /// The head table lets every anchor word through: each ASCII word of both anchor sets
    /// (letters, perhaps a final apostrophe), in its own case and uppercased, and the number
    /// words of more than one; and it stops most common words before the fingerprint.
    #[test]
    fn head_table_keeps_every_anchor_word() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        for lang in ["it", "en"] {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let pf = g.prefilter.as_ref().expect("prefilter");
            let mut words: Vec<String> = pf
                .words
                .iter()
                .chain(&pf.assistant_words)
                .cloned()
                .collect();
            let ms: Vec<&str> = g.morphemes.iter().map(|(m, _, _)| m.as_str()).collect();
            for a in &ms {
                for b in std::iter::once(&"").chain(&ms) {
                    let w = format!("{a}{b}");
                    if g.number_word(&w).is_some_and(|v| v > 1.0) {
                        words.push(w);
                    }
                }
            }
            let mut checked = 0;
            for w in &words {
                let (letters, apos) = match w.strip_suffix('\'') {
                    Some(l) => (l, true),
                    None => (w.as_str(), false),
                };
                if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_lowercase()) {
                    continue;
                }
                checked += 1;
                assert!(
                    pf.may_anchor_ascii(letters.as_bytes(), apos),
                    "{lang} {w:?}"
                );
                let upper = letters.to_ascii_uppercase();
                assert!(pf.may_anchor_ascii(upper.as_bytes(), apos), "{lang} {w:?}");
            }
            assert!(checked > 100, "{lang}: {checked}");
            // Every number word of up to three morphemes (any value: the bound on lengths
            // holds for all of them) passes at its length, with or without an apostrophe.
            let mut numbers = 0;
            for a in &ms {
                for b in std::iter::once(&"").chain(&ms) {
                    for c in std::iter::once(&"").chain(&ms).step_by(7) {
                        let w = format!("{a}{b}{c}");
                        if w.is_empty()
                            || !w.bytes().all(|x| x.is_ascii_lowercase())
                            || g.number_word(&w).is_none()
                        {
                            continue;
                        }
                        numbers += 1;
                        for apos in [false, true] {
                            assert!(pf.may_anchor_ascii(w.as_bytes(), apos), "{lang} {w:?}");
                        }
                    }
                }
            }
            assert!(numbers > 100, "{lang}: {numbers}");
            // Short words that share a number word's first two letters stop at the head
            // table (they are shorter than any number word so begun).
            let short = ["questo", "dove", "di", "the", "for", "this"]
                .iter()
                .filter(|w| {
                    let b = w.as_bytes();
                    let col = HEAD_COL[b[1] as usize] as usize;
                    let head = pf.heads[(b[0] & 0x1f) as usize * HEAD_ROW + col];
                    head >> b.len() & (1 | 1 << NUM_BITS) == 0
                })
                .count();
            assert!(short >= 3, "{lang}: {short}");
            let stopped = ["della", "sono", "polizia", "the", "said", "police", "with"]
                .iter()
                .filter(|w| !pf.may_anchor_ascii(w.as_bytes(), false))
                .count();
            assert!(stopped >= 5, "{lang}: {stopped}");
        }
    }

    /// Decisions taken through a shared memo (the same words again, both languages and both
    /// conventions in turn, so that later words are decided from the memo) are the ones
    /// `is_anchor_word` takes on the folded word; and the memo is used.
    #[test]
    fn memo_decides_as_the_lookup_does() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let text = "un Una uno DUE tre dove questo Anni ieri sera un'ora una' ventitré \
                    one Two twenty-one ONE week Weeks the three an hour Due ieri subito adesso now";
        let gs: Vec<Grammar> = ["it", "en"]
            .iter()
            .map(|l| Grammar::load(packs.get(l).expect("pack")).expect("grammar"))
            .collect();
        let mut memos = Vec::new();
        let mut hits = 0;
        for round in 0..3 {
            for g in &gs {
                let pf = g.prefilter.as_ref().expect("prefilter");
                for assistant in [false, true] {
                    let memo = AnchorMemo::pick(&mut memos, pf);
                    hits += memo.slots.iter().filter(|m| m.len > 0).count() * (round > 0) as usize;
                    let mut items = Vec::new();
                    let mut anchors = Vec::new();
                    pf.scan_with(g, text, assistant, &mut items, &mut anchors, memo);
                    let listed: Vec<u32> = (0..items.len() as u32)
                        .filter(|&i| items[i as usize].anchor)
                        .collect();
                    assert_eq!(anchors, listed, "round {round}");
                    let mut toks = Vec::new();
                    token::scan(text, 0, &mut toks);
                    assert_eq!(items.len(), toks.len());
                    for (it, t) in items.iter().zip(&toks) {
                        let want = match t.kind {
                            token::Kind::Digits => true,
                            token::Kind::Word => pf.is_anchor_word(g, t.norm.as_str(), assistant),
                            token::Kind::Punct => false,
                        };
                        assert_eq!(it.anchor, want, "round {round} {:?}", t.norm);
                    }
                }
            }
        }
        assert_eq!(memos.len(), 2);
        assert!(hits > 10, "{hits} memo entries");
    }
}
