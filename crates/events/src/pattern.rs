//! Word patterns of the pack tables (triggers, modality and attribution cues), compiled once into
//! a map from word form to the patterns it can start, so a document is matched with one hash lookup
//! per token and a short forward check, never a regex per token.
//!
//! Pattern syntax (space-separated elements): `V:lemma` any form of a verb, `N:lemma` a noun and its
//! plural, `word` or `w1|w2` literal words; a `+` prefix means the element must follow the previous one
//! directly, otherwise up to [`MAX_GAP`] words may come between (the object of "inviare … truppe").

use rustc_hash::FxHashMap as HashMap;

use annalist_lang::{PackError, Row};

use crate::morph::{Morphology, Tag};

/// Words allowed between two elements of a pattern unless the element is marked `+`.
pub const MAX_GAP: usize = 5;

/// Every word a language's tables name (pattern forms, role words, blockers), numbered once, so a
/// document's tokens are hashed as strings once ([`Vocab::ids`]) and every later test is on `u32`.
///
/// Most tokens of news text are seven bytes or shorter: those are looked up by their bytes and
/// length packed into one `u64` ([`short_key`]) in an open-addressed table ([`ShortTable`]), a
/// single multiply to hash and one integer compare per probe, where a string key costs a
/// byte-wise hash and a `memcmp`. Longer words go
/// to [`LongTable`], keyed by the integer the filter reads for them; the string map holds every
/// word for [`Vocab::intern`]. A third of all tokens
/// are one or two ASCII bytes (punctuation, articles, prepositions): those are read straight
/// from a table ([`tiny_index`]), with no hashing at all.
///
/// Most longer tokens are no word of any table (names, nouns, adjectives): a bit set keyed by a
/// multiply of the same integer ([`filter_slot`]) turns most of them away with one load, before
/// the hash table (tens of thousands of entries, far outside the first-level cache) is probed.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    short: ShortTable,
    long: LongTable,
    /// By [`tiny_index`]: the id of each word of one or two ASCII bytes ([`UNKNOWN`] for
    /// none); empty until the first word is interned.
    tiny: Vec<u32>,
    /// One bit per [`filter_slot`], set for every interned word; empty until the first word is
    /// interned. A clear bit means the word is not in the vocabulary.
    filter: Vec<u64>,
    /// A byte the vocabulary's user gives each id ([`set_classes`](Self::set_classes): the
    /// token classes of the events rules), by id; an id past it, and [`UNKNOWN`], has 0. The
    /// same byte is kept in the id's slot of the short or long table, so that
    /// [`ids_and_classes_in`](Self::ids_and_classes_in) reads a token's class from the slot
    /// that gave its id.
    classes: Vec<u8>,
}

/// The ids of the words of at most seven bytes by their [`short_key`]: an open-addressed table
/// of (key, id) slots probed in order from a multiplicative hash, at most half full. A word the
/// filter lets through is found (or found missing, at an empty slot) in one or two probes of
/// one 16-byte slot each, where the general hash map's probe was a hash, a group load, a tag
/// match and a key compare.
#[derive(Debug, Clone, Default)]
struct ShortTable {
    /// A power of two of slots once the first key is in; [`EMPTY_KEY`] marks a free slot.
    /// Each slot holds its key, its id and the id's class byte (in what was padding).
    slots: Vec<(u64, u32, u8)>,
    len: usize,
}

/// A free slot of [`ShortTable`]: no [`short_key`] has all bits set (its top byte is a length
/// of at most seven).
const EMPTY_KEY: u64 = u64::MAX;

impl ShortTable {
    /// Where the probe for `k` starts among `n` slots (a power of two). (A multiplier other
    /// than the filter's, so that the words the filter lets through do not start at the
    /// slots of the words they share a filter bit with.)
    #[inline]
    fn home(k: u64, n: usize) -> usize {
        (k.wrapping_mul(0xff51_afd7_ed55_8ccd) >> 32) as usize & (n - 1)
    }

    /// The id and class byte of key `k`.
    #[inline]
    fn get(&self, k: u64) -> Option<(u32, u8)> {
        let n = self.slots.len();
        if n == 0 {
            return None;
        }
        let mut i = Self::home(k, n);
        loop {
            let (x, id, c) = self.slots[i];
            if x == k {
                return Some((id, c));
            }
            if x == EMPTY_KEY {
                return None;
            }
            i = (i + 1) & (n - 1);
        }
    }

    fn insert(&mut self, k: u64, id: u32, c: u8) {
        if (self.len + 1) * 2 > self.slots.len() {
            let n = (self.slots.len() * 2).max(64);
            let old = std::mem::replace(&mut self.slots, vec![(EMPTY_KEY, 0, 0); n]);
            self.len = 0;
            for (x, v, c) in old {
                if x != EMPTY_KEY {
                    self.insert(x, v, c);
                }
            }
        }
        let n = self.slots.len();
        let mut i = Self::home(k, n);
        loop {
            let x = self.slots[i].0;
            if x == k {
                self.slots[i].1 = id;
                self.slots[i].2 = c;
                return;
            }
            if x == EMPTY_KEY {
                self.slots[i] = (k, id, c);
                self.len += 1;
                return;
            }
            i = (i + 1) & (n - 1);
        }
    }
}

/// The ids of the words longer than seven bytes, by [`long_key`] (the integer the filter
/// hashes for them): an open-addressed table of (key, entry) slots probed in order, at most
/// half full, each entry holding a word's bytes and id. A long word the filter let through was
/// looked up in the string map after a UTF-8 check of its bytes (about a hundred instructions
/// and three mispredicts a word) and a byte-wise hash of them; here its key is already computed
/// and only its bytes are compared with the entry's. The answer is the string map's: a key is
/// no identity (two words may share one; their bytes tell them apart), and bytes equal to an
/// interned word are that word, valid UTF-8, so the check decided nothing the compare does not.
#[derive(Debug, Clone, Default)]
struct LongTable {
    /// A power of two of slots once the first word is in; [`FREE`] as entry marks a free slot.
    slots: Vec<(u64, u32)>,
    /// The words' bytes, ids and class bytes, by the entry numbers of the slots.
    entries: Vec<(Box<[u8]>, u32, u8)>,
}

/// The entry number of a free slot of [`LongTable`].
const FREE: u32 = u32::MAX;

impl LongTable {
    /// The id and class byte of the word `b` of key `k`.
    #[inline]
    fn get(&self, k: u64, b: &[u8]) -> Option<(u32, u8)> {
        let n = self.slots.len();
        if n == 0 {
            return None;
        }
        let mut i = ShortTable::home(k, n);
        loop {
            let (x, e) = self.slots[i];
            if e == FREE {
                return None;
            }
            if x == k {
                if let Some((w, id, c)) = self.entries.get(e as usize) {
                    if **w == *b {
                        return Some((*id, *c));
                    }
                }
            }
            i = (i + 1) & (n - 1);
        }
    }

    /// Adds a word not in the table yet ([`Vocab::intern`] adds each word once).
    fn insert(&mut self, b: &[u8], id: u32, c: u8) {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            let n = (self.slots.len() * 2).max(64);
            self.slots = vec![(0, FREE); n];
            for e in 0..self.entries.len() {
                let k = long_key(&self.entries[e].0);
                self.place(k, e as u32);
            }
        }
        self.entries.push((b.into(), id, c));
        self.place(long_key(b), (self.entries.len() - 1) as u32);
    }

    /// Puts entry `e` of key `k` in the first free slot from its home.
    fn place(&mut self, k: u64, e: u32) {
        let n = self.slots.len();
        let mut i = ShortTable::home(k, n);
        while self.slots[i].1 != FREE {
            i = (i + 1) & (n - 1);
        }
        self.slots[i] = (k, e);
    }
}

/// The integer of a word longer than seven bytes that the filter hashes and [`LongTable`] is
/// keyed by: its first and last eight bytes and its length mixed (the middle bytes of a word
/// of more than sixteen are not read, so two words may share it). A shorter word (never asked)
/// reads as zero bytes.
#[inline]
fn long_key(b: &[u8]) -> u64 {
    let n = b.len();
    let eight =
        |x: Option<&[u8]>| u64::from_le_bytes(x.and_then(|x| x.try_into().ok()).unwrap_or([0; 8]));
    let (first, last) = (eight(b.get(..8)), eight(b.get(n.saturating_sub(8)..)));
    first ^ last.rotate_left(29) ^ (n as u64).wrapping_mul(0x1000_0000_01b3)
}

/// Bits of the slot of [`Vocab`]'s filter: 2^18 bits (32 KB), so that with the ~20,000 forms of a
/// language's tables about one unknown word in twelve gets through to the hash table.
const FILTER_BITS: u32 = 18;

/// The 64-bit words of [`Vocab`]'s filter once the first word is in.
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

/// The filter slot of a word longer than two bytes, from its key: its [`short_key`] or, for a
/// longer word, its [`long_key`].
#[inline]
fn filter_slot(k: u64) -> usize {
    (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FILTER_BITS)) as usize
}

/// Where a word of one or two ASCII bytes sits in [`Vocab`]'s table: `128 * first + second`,
/// the second byte 0 for a one-byte word (a two-byte word ending in a zero byte has none).
#[inline]
fn tiny_index(b: &[u8]) -> Option<usize> {
    match *b {
        [x] if x < 0x80 => Some(x as usize * 128),
        [x, y] if x < 0x80 && (1..0x80).contains(&y) => Some(x as usize * 128 + y as usize),
        _ => None,
    }
}

/// The id of a token no table names.
pub const UNKNOWN: u32 = u32::MAX;

/// The bytes of a word of at most seven bytes as one integer: the bytes in the low seven bytes
/// (little-endian), the length in the top one, so that no two words share a key. Read as two
/// overlapping loads (the bytes they share are equal) instead of a loop over the bytes.
#[inline]
fn short_key(b: &[u8]) -> Option<u64> {
    let n = b.len();
    let bytes = match n {
        0 => 0,
        1 => b[0] as u64,
        2 | 3 => {
            let lo = u16::from_le_bytes([b[0], b[1]]) as u64;
            let hi = u16::from_le_bytes([b[n - 2], b[n - 1]]) as u64;
            lo | hi << ((n - 2) * 8)
        }
        4..=7 => {
            let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
            let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
            lo | hi << ((n - 4) * 8)
        }
        _ => return None,
    };
    Some(bytes | (n as u64) << 56)
}

impl Vocab {
    /// The id of `w`, adding it when new.
    pub fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(w.to_string(), id);
        let short = short_key(w.as_bytes());
        let c = self.class_of(id);
        match short {
            Some(k) => self.short.insert(k, id, c),
            None => self.long.insert(w.as_bytes(), id, c),
        }
        if self.filter.is_empty() {
            self.filter = vec![0; FILTER_WORDS];
        }
        let slot = filter_slot(short.unwrap_or_else(|| long_key(w.as_bytes())));
        self.filter[slot >> 6] |= 1 << (slot & 63);
        if let Some(ix) = tiny_index(w.as_bytes()) {
            if self.tiny.is_empty() {
                self.tiny = vec![UNKNOWN; 128 * 128];
            }
            self.tiny[ix] = id;
        }
        id
    }

    /// The id of `w` ([`UNKNOWN`] for a word no table names).
    // (called once per token of every document: inlined into the loop over them)
    #[inline(always)]
    pub fn get(&self, w: &str) -> u32 {
        self.probe(w.as_bytes())
    }

    /// The id of each word ([`UNKNOWN`] for words no table names).
    pub fn ids(&self, words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| self.get(w)).collect()
    }

    /// As [`get`](Self::get) for the bytes of a word: a slice of a text that is no string of
    /// its own (a byte range not on character boundaries) is no word of the vocabulary.
    #[inline(always)]
    pub fn get_bytes(&self, b: &[u8]) -> u32 {
        self.probe(b)
    }

    /// What [`get`](Self::get) and [`get_bytes`](Self::get_bytes) share: the id of a word of
    /// the tiny, the short-key or the long-key table, [`UNKNOWN`] for a word the filter turns
    /// away or no table holds.
    #[inline(always)]
    fn probe(&self, b: &[u8]) -> u32 {
        if let Some(ix) = tiny_index(b) {
            // (an empty table: nothing interned yet)
            return self.tiny.get(ix).copied().unwrap_or(UNKNOWN);
        }
        let short = short_key(b);
        let k = short.unwrap_or_else(|| long_key(b));
        let slot = filter_slot(k);
        // (an empty filter: nothing interned yet)
        let bits = self.filter.get(slot >> 6).copied().unwrap_or(0);
        if bits & (1 << (slot & 63)) == 0 {
            return UNKNOWN;
        }
        match short {
            Some(k) => self.short.get(k),
            None => self.long.get(k, b),
        }
        .map_or(UNKNOWN, |(id, _)| id)
    }

    /// The class byte of id `id` ([`set_classes`](Self::set_classes)): 0 for an id it gave
    /// none and for [`UNKNOWN`].
    #[inline]
    pub fn class_of(&self, id: u32) -> u8 {
        self.classes.get(id as usize).copied().unwrap_or(0)
    }

    /// Gives each id `id` the class byte `classes[id]` (0 past its end), kept with the id in
    /// its table slot for [`ids_and_classes_in`](Self::ids_and_classes_in).
    pub fn set_classes(&mut self, classes: Vec<u8>) {
        self.classes = classes;
        let class_of = |id: u32| self.classes.get(id as usize).copied().unwrap_or(0);
        for s in &mut self.short.slots {
            if s.0 != EMPTY_KEY {
                s.2 = class_of(s.1);
            }
        }
        for e in &mut self.long.entries {
            e.2 = class_of(e.1);
        }
    }

    /// The id of the word of each token of `spans` in `text` (lowercased), read from its bytes: no
    /// string slice (two char-boundary tests) nor vector of words is made per token first.
    ///
    /// A span that is no slice of the text (out of it, or not on character boundaries) gets the
    /// id of the empty word, as [`get`](Self::get) of its empty slice would; no table names the
    /// empty word, so such a span gets [`UNKNOWN`] from its bytes too, and a vocabulary that
    /// did name it is read through string slices.
    pub fn ids_in(&self, text: &str, spans: &[annalist_doc::Token]) -> Vec<u32> {
        self.ids_and_classes_in(text, spans).0
    }

    /// As [`ids_in`](Self::ids_in), with each token's class byte
    /// ([`class_of`](Self::class_of) its id). The class is read from the table slot that gave
    /// the id, a line already loaded, and a word the filter turns away (most long words) has
    /// class 0 with no load at all; a separate pass over the ids read a table by id, a load
    /// per token outside the first-level cache for one in eight. Exact: the slot holds the
    /// class of its id ([`set_classes`](Self::set_classes)), and [`UNKNOWN`] has class 0.
    pub fn ids_and_classes_in(
        &self,
        text: &str,
        spans: &[annalist_doc::Token],
    ) -> (Vec<u32>, Vec<u8>) {
        let mut ids = vec![UNKNOWN; spans.len()];
        let mut classes = vec![0u8; spans.len()];
        if self.get("") != UNKNOWN {
            for ((t, id), c) in spans.iter().zip(&mut ids).zip(&mut classes) {
                *id = self.get(text.get(t.span.range()).unwrap_or(""));
                *c = self.class_of(*id);
            }
            return (ids, classes);
        }
        // (the filter as an array of its fixed size, so that reading a word of it needs no bounds
        // test: a slot is below 2^FILTER_BITS by construction; an empty vocabulary, whose
        // filter is not made yet, names no word)
        let Ok(filter) = <&[u64; FILTER_WORDS]>::try_from(self.filter.as_slice()) else {
            return (ids, classes);
        };
        let b = text.as_bytes();
        for ((t, id), c) in spans.iter().zip(&mut ids).zip(&mut classes) {
            let s = t.span.start as usize;
            let n = (t.span.end as usize).wrapping_sub(s);
            // a word of at most seven bytes with eight bytes of text from its start (all
            // but the last few words of a text): its key from one load
            let found = if n <= 7 {
                match b.get(s..).and_then(|r| r.first_chunk::<8>()) {
                    Some(w) => self.short_id(filter, u64::from_le_bytes(*w), n),
                    None => self.id_and_class(b.get(t.span.range()).unwrap_or(&[])),
                }
            } else if let Some(w) = b.get(t.span.range()) {
                // (a longer word: `n` is its length; an inverted span, whose `n` wrapped,
                // is no slice and is read below as before)
                self.long_id(filter, w)
            } else {
                self.id_and_class(&[])
            };
            (*id, *c) = found;
        }
        (ids, classes)
    }

    /// The id of `b` as [`get_bytes`](Self::get_bytes) finds it, and its class byte (the few
    /// tokens [`ids_and_classes_in`](Self::ids_and_classes_in) reads no other way).
    fn id_and_class(&self, b: &[u8]) -> (u32, u8) {
        let id = self.get_bytes(b);
        (id, self.class_of(id))
    }

    /// The id of the word of `n` bytes (at most seven) that are the low bytes of `w` (the eight
    /// bytes of text from its start), as [`get_bytes`](Self::get_bytes) finds it, with one
    /// unpredictable branch where it took three: the key is `w` masked to the word's bytes
    /// (as [`short_key`] composes it from two loads chosen by length), and a word the filter
    /// lets through is looked up in the short table, which holds every word of at most seven
    /// bytes, the tiny ones too (the same id as the tiny table's). Whether a word was tiny,
    /// and of which length class, mispredicted for most tokens; whether the filter passes it
    /// is the one branch left.
    #[inline(always)]
    fn short_id(&self, filter: &[u64; FILTER_WORDS], w: u64, n: usize) -> (u32, u8) {
        // (n <= 7: the shift is at most 56)
        let k = (w & ((1u64 << (8 * n)) - 1)) | (n as u64) << 56;
        let slot = filter_slot(k);
        let bits = filter[slot >> 6];
        if bits & (1 << (slot & 63)) != 0 {
            self.short.get(k).unwrap_or((UNKNOWN, 0))
        } else {
            (UNKNOWN, 0)
        }
    }

    /// The id of a word of more than seven bytes, as [`get_bytes`](Self::get_bytes) finds it,
    /// without first asking whether it is tiny or short (a match on its length, whose jump
    /// table was an indirect branch for every long word).
    #[inline(always)]
    fn long_id(&self, filter: &[u64; FILTER_WORDS], b: &[u8]) -> (u32, u8) {
        let k = long_key(b);
        let slot = filter_slot(k);
        let bits = filter[slot >> 6];
        if bits & (1 << (slot & 63)) != 0 {
            self.long.get(k, b).unwrap_or((UNKNOWN, 0))
        } else {
            (UNKNOWN, 0)
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The word of each id, by id (for building tables; a map walk).
    pub fn words(&self) -> Vec<&str> {
        let mut w = vec![""; self.ids.len()];
        for (s, &id) in &self.ids {
            if let Some(x) = w.get_mut(id as usize) {
                *x = s;
            }
        }
        w
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[derive(Debug, Clone)]
struct Element {
    /// Accepted forms (vocabulary ids), with the verb tag when the element is a verb.
    forms: HashMap<u32, Option<Tag>>,
    /// The same forms' ids, sorted: the words of a gap are tested against them
    /// ([`Element::takes`]) by a scan of a few ids or a binary search, where a hash probe cost
    /// a hash, a group load, a tag match and a key compare for every word tried.
    sorted: Box<[u32]>,
    adjacent: bool,
}

impl Element {
    fn new(forms: HashMap<u32, Option<Tag>>, adjacent: bool) -> Self {
        let mut sorted: Vec<u32> = forms.keys().copied().collect();
        sorted.sort_unstable();
        Element {
            forms,
            sorted: sorted.into_boxed_slice(),
            adjacent,
        }
    }

    /// Whether vocabulary id `w` is one of the element's forms.
    #[inline]
    fn takes(&self, w: u32) -> bool {
        if self.sorted.len() <= 8 {
            self.sorted.contains(&w)
        } else {
            self.sorted.binary_search(&w).is_ok()
        }
    }
}

/// A compiled pattern.
#[derive(Debug, Clone)]
struct Pattern {
    elements: Vec<Element>,
}

/// A match of pattern `id` over tokens `first..=last`; `tag` is the verb tag of the head element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: usize,
    pub first: usize,
    pub last: usize,
    /// Token index of each element would be costly to keep; the head is `first`.
    pub tag: Option<Tag>,
    /// Whether the head element is a verb.
    pub verb: bool,
    /// Number of elements of the pattern: more specific patterns win over tighter ones.
    pub elements: usize,
    /// First token of the fixed phrase the match ends in (its last element and those joined to
    /// it by `+`): "arrest warrant" in "issued an arrest warrant" is one word of the pattern, so
    /// its "arrest" is no trigger of its own.
    pub tail: usize,
}

/// A set of patterns, each with the caller's id (its index of insertion).
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    verb_head: Vec<bool>,
    /// By pattern: the [`sig_bit`]s of its second element's forms and whether that element is
    /// adjacent (`+`), or `None` for a pattern of one element. A start word heads about a dozen
    /// patterns; the words after it are read once into two such masks (those an adjacent and
    /// those a gap element could take), and a pattern whose second element shares no bit with
    /// its mask cannot match: it is passed over without walking its gap.
    second: Vec<Option<(u64, bool)>>,
    first: HashMap<u32, Vec<usize>>,
    /// `first` laid out by vocabulary id once loading is done ([`finish`](Self::finish)): the
    /// patterns a word starts are `starts[at..at + n]`, no hashing per token, beside what the
    /// scan asks of the word before reading them ([`Heads`]).
    span: Vec<Heads>,
    starts: Vec<Start>,
    /// By vocabulary id: whether the word is a form of some element after the first, so that
    /// the words of a gap are passed over without a hash lookup in each element's forms.
    later: Vec<bool>,
    /// While loading: each verb lemma's forms (tag, vocabulary id) and whether one is empty,
    /// generated once however many patterns the lemma heads; emptied by
    /// [`finish`](Self::finish).
    verb_forms: HashMap<String, (Vec<(Tag, u32)>, bool)>,
    /// While loading: each element as built for its text ("V:attaccare", "N:base",
    /// "truppe|soldati"; only elements with no empty form are kept, the others fail their
    /// pattern): the same element recurs in many patterns (a verb heads a dozen), and its forms
    /// were lowercased, looked up, inserted one by one and sorted again for each (the forms are
    /// the same: one vocabulary and one morphology load a set). Emptied by
    /// [`finish`](Self::finish).
    element_memo: HashMap<String, Element>,
}

/// An entry of [`PatternSet`]'s start table: a pattern a word starts, with what
/// [`PatternSet::matches_from`] reads of it before walking its elements (the mask of its second
/// element, its head's verb tag and kind) beside its id, so that the patterns a word starts are
/// read as one run of entries. Kept in four tables by pattern id (`starts`, `second`,
/// `verb_head`, and the tags beside `starts`), each entry was a load of its own at a place of
/// its own: about 45,000 first-level cache misses per 1,000 news.
#[derive(Debug, Clone, Copy)]
struct Start {
    /// [`PatternSet::second`] of the pattern, as three fields tested at once: the mask (0 for
    /// a pattern of one element), whether the element is adjacent, and whether there is none
    /// (the pattern is of one element: no mask to pass). Matched as an `Option`, the two
    /// tests were two branches per entry, both taken at random.
    sig: u64,
    adjacent: bool,
    single: bool,
    id: usize,
    /// The verb tag of the first element's form that is the word (no hash lookup in the
    /// element's forms).
    tag: Option<Tag>,
    /// [`PatternSet::verb_head`] of the pattern.
    verb: bool,
}

/// What [`PatternSet`] knows of a vocabulary id as a start word, in one entry of its `span`
/// table: the three were tables of their own by id, each read for the same word (a
/// first-level cache miss each for most start words: about 45,000 per 1,000 news).
#[derive(Debug, Clone, Copy, Default)]
struct Heads {
    /// Where the word's [`Start`] entries begin in `starts`, and how many there are.
    at: u32,
    n: u32,
    /// How far past the word the second elements of the patterns it starts can lie, as the
    /// `limit` of the words counted by the walk of [`PatternSet::matches_from`]: [`MAX_GAP`]
    /// when some pattern goes on with a gap element (no `+`), 0 when the second elements are
    /// all adjacent (read up to the first word that counts, not through a whole gap: most start
    /// words read in a sentence are of that kind), and [`NO_WALK`] when every pattern the word
    /// starts is of one element: no second element asks for the masks, so the words after it
    /// are not read at all.
    walk: u8,
    /// Whether every pattern the word starts goes on with a `+` element ("the +two
    /// +countries", "will +not"), so that a start word followed by a word no later element
    /// takes is passed over without the call ([`PatternSet::matches_at_over`]).
    needs_next: bool,
}

/// [`Heads::walk`] of a word whose patterns are all of one element: no walk.
const NO_WALK: u8 = u8::MAX;

/// One bit of 64 for a vocabulary id: the masks of [`PatternSet::second`].
#[inline]
fn sig_bit(w: u32) -> u64 {
    1 << (w.wrapping_mul(0x9e37_79b1) >> 26)
}

impl PatternSet {
    /// Compiles `text` (pattern syntax above) and returns its id.
    pub fn add(
        &mut self,
        row: &Row,
        text: &str,
        morph: &Morphology,
        vocab: &mut Vocab,
    ) -> Result<usize, PackError> {
        let mut elements = Vec::new();
        let mut head_verb = false;
        for (i, raw) in text.split_whitespace().enumerate() {
            let (adjacent, el) = match raw.strip_prefix('+') {
                Some(r) => (true, r),
                None => (false, raw),
            };
            if i == 0 && el.starts_with("V:") {
                head_verb = true;
            }
            if let Some(e) = self.element_memo.get(el) {
                let mut e = e.clone();
                e.adjacent = adjacent;
                elements.push(e);
                continue;
            }
            // (keyed by vocabulary id: each form is interned as it is generated)
            let mut forms: HashMap<u32, Option<Tag>> = HashMap::default();
            let mut empty = false;
            if let Some(lemma) = el.strip_prefix("V:") {
                for alt in lemma.split('|') {
                    let alt = alt.to_lowercase();
                    // a lemma's forms are generated and interned once per set: most verbs head
                    // several patterns ("V:attaccare", "V:attaccare N:base", ...)
                    if !self.verb_forms.contains_key(&alt) {
                        let generated = morph.forms(&alt);
                        let has_empty = generated.iter().any(|(_, f)| f.is_empty());
                        let ids = generated
                            .iter()
                            .map(|(tag, f)| (*tag, vocab.intern(f)))
                            .collect();
                        self.verb_forms.insert(alt.clone(), (ids, has_empty));
                    }
                    let (ids, has_empty) = &self.verb_forms[&alt];
                    empty |= *has_empty;
                    // (room for every form at once: a verb has dozens, and the map grown one
                    // insert at a time was rehashed four or five times for each element)
                    forms.reserve(ids.len());
                    for &(tag, f) in ids {
                        // a form that can be a participle is kept as one ("killed"): passives need it
                        let e = forms.entry(f).or_insert(Some(tag));
                        if tag == Tag::Part {
                            *e = Some(Tag::Part);
                        }
                    }
                }
            } else if let Some(lemma) = el.strip_prefix("N:") {
                for alt in lemma.split('|') {
                    for f in morph.noun_forms(&alt.to_lowercase()) {
                        empty |= f.is_empty();
                        forms.insert(vocab.intern(&f), None);
                    }
                }
            } else {
                for alt in el.split('|') {
                    let f = alt.to_lowercase();
                    empty |= f.is_empty();
                    forms.insert(vocab.intern(&f), None);
                }
            }
            if empty || el.is_empty() {
                return Err(row.error(format!("empty element in pattern {text:?}")));
            }
            let e = Element::new(forms, adjacent);
            self.element_memo.insert(el.to_string(), e.clone());
            elements.push(e);
        }
        if elements.is_empty() {
            return Err(row.error("empty pattern"));
        }
        let id = self.patterns.len();
        for &f in elements[0].forms.keys() {
            self.first.entry(f).or_default().push(id);
        }
        self.second.push(
            elements
                .get(1)
                .map(|e| (e.forms.keys().fold(0, |m, &f| m | sig_bit(f)), e.adjacent)),
        );
        self.patterns.push(Pattern { elements });
        self.verb_head.push(head_verb);
        Ok(id)
    }

    /// Lays the start table out by vocabulary id (`n` ids in all); call once every table sharing
    /// the vocabulary is loaded.
    pub fn finish(&mut self, n: usize) {
        self.verb_forms = HashMap::default();
        self.element_memo = HashMap::default();
        self.span = vec![
            Heads {
                walk: NO_WALK,
                ..Heads::default()
            };
            n
        ];
        self.starts.clear();
        for (&w, ids) in &self.first {
            if let Some(slot) = self.span.get_mut(w as usize) {
                slot.at = self.starts.len() as u32;
                slot.n = ids.len() as u32;
                let entries = ids.iter().map(|&id| {
                    Self::start_entry(&self.patterns, &self.second, &self.verb_head, id, w)
                });
                self.starts.extend(entries);
            }
        }
        for (&w, ids) in &self.first {
            if let Some(slot) = self.span.get_mut(w as usize) {
                slot.needs_next = ids.iter().all(|&id| {
                    self.patterns[id]
                        .elements
                        .get(1)
                        .is_some_and(|e| e.adjacent)
                });
            }
        }
        for (&w, ids) in &self.first {
            if let Some(slot) = self.span.get_mut(w as usize) {
                let seconds = ids.iter().filter_map(|&id| self.second[id]);
                slot.walk = seconds.fold(NO_WALK, |l, (_, adjacent)| match (l, adjacent) {
                    (_, false) => MAX_GAP as u8,
                    (NO_WALK, true) => 0,
                    (l, true) => l,
                });
            }
        }
        // (laid out by [`crate::id_slot`]: slot 0, false, is an unknown word's)
        self.later = vec![false; n + 1];
        for p in &self.patterns {
            for el in &p.elements[1..] {
                for &f in el.forms.keys() {
                    if let Some(slot) = self.later.get_mut(crate::id_slot(f)) {
                        *slot = true;
                    }
                }
            }
        }
    }

    /// Vocabulary ids of which every match of every pattern holds one: for each pattern, the
    /// forms of one of its elements (a match takes a token for each element, so it holds a form
    /// of that one). The element is the one whose forms are the rarest by a rough estimate of
    /// their frequency in text: `common` words (role words: "in", "è", "has", which start many
    /// patterns and stand in most sentences) outweigh all others, and a word weighs a quarter
    /// less for each character it has (short words are the frequent ones: "se", "«", "euro"),
    /// summed over the element's forms; the later element on a tie. The rarer the words, the
    /// more sentences a test for them passes over. `text` gives a form's word.
    pub fn completers<'v>(
        &self,
        common: impl Fn(u32) -> bool,
        text: impl Fn(u32) -> &'v str,
    ) -> Vec<u32> {
        // (1 << 2 (24 - chars): a quarter less a character, from 24 characters down to none)
        let weight = |f: u32| -> u64 {
            if common(f) {
                1 << 60
            } else {
                1 << (2 * (24 - text(f).chars().count().min(24)))
            }
        };
        let mut out = Vec::new();
        for p in &self.patterns {
            let best = p.elements.iter().rev().min_by_key(|e| {
                e.sorted
                    .iter()
                    .map(|&f| weight(f))
                    .fold(0u64, u64::saturating_add)
            });
            if let Some(e) = best {
                out.extend_from_slice(&e.sorted);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The [`Start`] entry of pattern `id` started by word `w`.
    fn start_entry(
        patterns: &[Pattern],
        second: &[Option<(u64, bool)>],
        verb_head: &[bool],
        id: usize,
        w: u32,
    ) -> Start {
        let second = second.get(id).copied().flatten();
        Start {
            sig: second.map_or(0, |(sig, _)| sig),
            adjacent: second.is_some_and(|(_, adjacent)| adjacent),
            single: second.is_none(),
            id,
            tag: patterns
                .get(id)
                .and_then(|p| p.elements.first())
                .and_then(|e| e.forms.get(&w).copied().flatten()),
            verb: verb_head.get(id).copied().unwrap_or(false),
        }
    }

    /// Whether vocabulary id `w` starts some pattern of the set: the per-document token classes
    /// ([`crate::class`]) are built from this once, so that a sentence or document scan probes
    /// only the tokens that can start a match.
    pub fn starts_with_id(&self, w: u32) -> bool {
        w != UNKNOWN
            && match self.span.get(w as usize) {
                Some(h) => h.n > 0,
                None => self.first.contains_key(&w),
            }
    }

    /// Whether `w` may be a form of an element after the first (true for any known word before
    /// [`finish`](Self::finish); after it, false for an id it did not lay out: `finish` is called
    /// once the vocabulary is complete, so such an id is [`UNKNOWN`]).
    #[inline]
    fn may_follow(&self, w: u32) -> bool {
        if self.later.is_empty() {
            return w != UNKNOWN;
        }
        crate::by_id(&self.later, w)
    }

    /// Every match starting at token `i` of `words` (vocabulary ids of the lowercased token
    /// texts, [`Vocab::ids`]), not crossing `end`.
    #[inline]
    pub fn matches_at(&self, words: &[u32], i: usize, end: usize, out: &mut Vec<Hit>) {
        self.matches_at_over(words, i, end, &[], out)
    }

    /// As [`matches_at`](Self::matches_at), with `transparent[j]` marking tokens that neither
    /// count in a gap nor break adjacency: a time expression ("condannato ieri a tre anni") and
    /// all but the last token of a multi-word name ("Alexei Navalny" counts as one word), so a
    /// clause's adverbs and long names do not hide its verb's complement.
    ///
    /// Callers try every token of a sentence and most start no pattern: that test is inlined
    /// into their loop (always: the compiler kept it a call of its own), and only a word that
    /// starts one pays for the call.
    #[inline(always)]
    pub fn matches_at_over(
        &self,
        words: &[u32],
        i: usize,
        end: usize,
        transparent: &[bool],
        out: &mut Vec<Hit>,
    ) {
        let w = words[i];
        if w == UNKNOWN {
            return;
        }
        // (a word `finish` did not lay out: asked of the map, and no `needs_next`)
        let (starts, needs_next) = match self.span.get(w as usize) {
            Some(h) => (h.n > 0, h.needs_next),
            None => (self.first.contains_key(&w), false),
        };
        if !starts {
            return;
        }
        // patterns that all need a word right after this one: when the next token is no
        // typography to look through and no later element takes it, none can match
        if needs_next
            && !transparent.get(i + 1).copied().unwrap_or(false)
            && !(i + 1 < end && self.may_follow(words[i + 1]))
        {
            return;
        }
        self.matches_from(words, i, end, transparent, out);
    }

    /// The body of [`matches_at_over`](Self::matches_at_over) for a word that starts patterns.
    #[inline(never)]
    fn matches_from(
        &self,
        words: &[u32],
        i: usize,
        end: usize,
        transparent: &[bool],
        out: &mut Vec<Hit>,
    ) {
        // (before `finish`, the entries are made from the map: no set is matched before it)
        let built: Vec<Start>;
        // (a word `finish` did not lay out: the whole gap)
        let (ids, limit): (&[Start], u8) = match self.span.get(words[i] as usize) {
            Some(h) => (
                self.starts
                    .get(h.at as usize..(h.at + h.n) as usize)
                    .unwrap_or(&[]),
                h.walk,
            ),
            _ => match self.first.get(&words[i]) {
                Some(v) => {
                    built = v
                        .iter()
                        .map(|&id| {
                            Self::start_entry(
                                &self.patterns,
                                &self.second,
                                &self.verb_head,
                                id,
                                words[i],
                            )
                        })
                        .collect();
                    (&built, MAX_GAP as u8)
                }
                None => return,
            },
        };
        if ids.is_empty() {
            return;
        }
        // the words a second element could take: right after the start (an adjacent element,
        // looking through transparent tokens) and within a gap, as the walk below counts them
        // (only up to the first word that counts when no pattern here has a gap second
        // element: `within` is then never asked)
        let (mut near, mut within) = (0u64, 0u64);
        if limit != NO_WALK {
            let limit = limit as usize;
            let mut counted = 0;
            let mut j = i + 1;
            // (each word's bit masked in by value: whether a word may follow and whether it is
            // the first that counts were two branches per word, taken at random)
            while j < end && counted <= limit {
                let w = words[j];
                let bit = sig_bit(w) & (self.may_follow(w) as u64).wrapping_neg();
                within |= bit;
                near |= bit & ((counted == 0) as u64).wrapping_neg();
                counted += !transparent.get(j).copied().unwrap_or(false) as usize;
                j += 1;
            }
        }
        for &Start {
            sig,
            adjacent,
            single,
            id,
            tag,
            verb,
        } in ids
        {
            // (a pattern with a second element whose mask shares no bit with the words it
            // could take cannot match; a pattern of one element always goes on)
            let mask = if adjacent { near } else { within };
            if (sig & mask) | single as u64 == 0 {
                continue;
            }
            let p = &self.patterns[id];
            let mut pos = i;
            let mut tail = i;
            let mut ok = true;
            for el in &p.elements[1..] {
                let max = if el.adjacent { 1 } else { MAX_GAP + 1 };
                let mut found = None;
                let mut counted = 0;
                let mut j = pos + 1;
                while j < end && counted < max {
                    if self.may_follow(words[j]) && el.takes(words[j]) {
                        found = Some(j);
                        break;
                    }
                    if !transparent.get(j).copied().unwrap_or(false) {
                        counted += 1;
                    }
                    j += 1;
                }
                match found {
                    Some(j) => {
                        if !el.adjacent {
                            tail = j;
                        }
                        pos = j
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                out.push(Hit {
                    id,
                    first: i,
                    last: pos,
                    tag,
                    verb,
                    elements: p.elements.len(),
                    tail,
                });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_pattern_has_an_element_of_completing_forms() {
        // the sentence filter on `class::COMPLETES` is exact only if every match of every
        // trigger pattern holds a token of that class: some element's forms all carry it
        let packs = annalist_lang::Packs::embedded().expect("embedded packs");
        let coder = crate::EventCoder::new(&packs).expect("event rules");
        for lang in ["it", "en"] {
            let r = coder.rules(lang).expect("rules of the language");
            let set = &r.triggers;
            assert!(!set.patterns.is_empty());
            for (id, p) in set.patterns.iter().enumerate() {
                let whole = |e: &Element| {
                    e.sorted
                        .iter()
                        .all(|&f| r.class_id(f) & crate::class::COMPLETES != 0)
                };
                assert!(
                    p.elements.iter().any(whole),
                    "{lang}: trigger {} has no completing element",
                    r.entry(id).origin
                );
            }
        }
    }

    #[test]
    fn short_keys_are_distinct_for_distinct_words() {
        // every string of up to seven bytes over three byte values, a zero byte among them
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        let mut seen = std::collections::HashSet::new();
        let mut k = 0;
        while k < words.len() {
            let w = words[k].clone();
            assert!(seen.insert(short_key(&w).expect("short")), "{w:?}");
            if w.len() < 7 {
                for b in [0u8, b'a', 0xc3] {
                    let mut x = w.clone();
                    x.push(b);
                    words.push(x);
                }
            }
            k += 1;
        }
        assert_eq!(seen.len(), 3280);
        assert_eq!(short_key(b"abcdefgh"), None);
    }

    #[test]
    fn the_short_table_finds_every_key_through_its_growth_and_no_other() {
        let mut v = Vocab::default();
        let words: Vec<String> = (0..5000u32).map(|i| format!("w{i}")).collect();
        let ids: Vec<u32> = words.iter().map(|w| v.intern(w)).collect();
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(v.get(w), *id, "{w}");
        }
        for i in 5000..6000u32 {
            assert_eq!(v.get(&format!("w{i}")), UNKNOWN, "w{i} was never interned");
        }
    }

    #[test]
    fn ids_read_from_a_text_are_those_of_its_words() {
        use annalist_doc::{Span, Token, TokenKind};
        let mut v = Vocab::default();
        for w in ["di", "sono", "attaccarono", "città", ","] {
            v.intern(w);
        }
        let text = "di città, attaccarono sono xyz attaccaronoo";
        // every word's span, a comma, an empty span, one out of the text and one cutting the
        // 'à' of "città" in two
        let spans = [
            (0, 2),
            (3, 9),
            (9, 10),
            (11, 22),
            (23, 27),
            (28, 31),
            (32, 44),
            (5, 5),
            (40, 60),
            (3, 8),
        ];
        let tokens: Vec<Token> = spans
            .iter()
            .map(|&(a, b)| Token {
                span: Span::new(a, b),
                kind: TokenKind::Word,
            })
            .collect();
        let words: Vec<&str> = spans
            .iter()
            .map(|&(a, b)| text.get(a..b).unwrap_or(""))
            .collect();
        let ids = v.ids_in(text, &tokens);
        assert_eq!(ids, v.ids(&words));
        assert_eq!(ids[1], v.get("città"));
        assert_ne!(ids[1], UNKNOWN);
        assert_eq!(&ids[5..], &[UNKNOWN; 5]);
    }

    #[test]
    fn ids_of_every_span_of_a_text_are_those_of_its_slices() {
        use annalist_doc::{Span, Token, TokenKind};
        let mut v = Vocab::default();
        let words = [
            "a",
            ",",
            "di",
            "é",
            "ha",
            "sono",
            "attacco",
            "attaccare",
            "città",
            "manifestazione",
            "manifestazioni",
            "settantasette",
            "del",
        ];
        for w in words {
            v.intern(w);
        }
        // every span of the text, long and short words at its start, its end and inside it,
        // spans cutting characters in two, empty ones and ones reversed or past the end
        let text = "di a, ha attaccare città é sono manifestazione, del settantasette attacco di";
        let n = text.len() as u32;
        let mut tokens = Vec::new();
        let mut expect = Vec::new();
        for s in 0..=n + 2 {
            for e in 0..=n + 2 {
                tokens.push(Token {
                    span: Span { start: s, end: e },
                    kind: TokenKind::Word,
                });
                expect.push(v.get(text.get(s as usize..e as usize).unwrap_or("")));
            }
        }
        let ids = v.ids_in(text, &tokens);
        assert_eq!(ids, expect);
        // and the words of the text are found (not all unknown)
        for w in words.iter().filter(|w| **w != "manifestazioni") {
            let at = text.find(w).unwrap_or(0) as u32;
            let k = (at * (n + 3) + at + w.len() as u32) as usize;
            assert_eq!(ids[k], v.get(w), "{w}");
            assert_ne!(ids[k], UNKNOWN, "{w}");
        }
    }

    #[test]
    fn classes_read_with_the_ids_are_those_of_the_ids() {
        use annalist_doc::{Span, Token, TokenKind};
        let mut v = Vocab::default();
        let words = [
            "a",
            ",",
            "di",
            "é",
            "sono",
            "città",
            "manifestazione",
            "settantasette",
        ];
        for w in words {
            v.intern(w);
        }
        // a class for every id but the last, then words enough to regrow both tables (their
        // slots keep the classes) and one interned after the classes were given (class 0)
        let classes: Vec<u8> = (1..words.len() as u8).collect();
        v.set_classes(classes);
        for i in 0..200 {
            v.intern(&format!("w{i}"));
            v.intern(&format!("parolalunga{i}"));
        }
        v.intern("dopo");
        let text = "di a, città é sono manifestazione, dopo settantasette w7 parolalunga12 di";
        let n = text.len() as u32;
        let mut tokens = Vec::new();
        for s in 0..=n + 2 {
            for e in 0..=n + 2 {
                tokens.push(Token {
                    span: Span { start: s, end: e },
                    kind: TokenKind::Word,
                });
            }
        }
        let (ids, classes) = v.ids_and_classes_in(text, &tokens);
        assert_eq!(ids, v.ids_in(text, &tokens));
        let expect: Vec<u8> = ids.iter().map(|&id| v.class_of(id)).collect();
        assert_eq!(classes, expect);
        for (k, w) in words.iter().enumerate() {
            let at = text.find(w).unwrap_or(0) as u32;
            let i = (at * (n + 3) + at + w.len() as u32) as usize;
            assert_eq!(ids[i], k as u32, "{w}");
            assert_eq!(
                classes[i],
                if k + 1 < words.len() { k as u8 + 1 } else { 0 },
                "{w}"
            );
        }
    }

    #[test]
    fn short_and_long_words_get_their_ids() {
        let mut v = Vocab::default();
        assert_eq!(v.get("a"), UNKNOWN, "nothing interned");
        let words = [
            "",
            "a",
            ",",
            "di",
            "dei",
            "sono",
            "hanno",
            "attacco",
            "settanta",
            "attaccarono",
            "\u{e9}",
            "citt\u{e0}",
        ];
        let ids: Vec<u32> = words.iter().map(|w| v.intern(w)).collect();
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(v.get(w), *id, "{w}");
            assert_eq!(v.intern(w), *id, "{w} interned once");
        }
        for w in [
            "ab", "d", "de", "i", "id", ";", "di\0", "deii", "son", "sonoo", "hnano", "attacc",
            "attacchi", "settant", "citta", "a\0", "\0",
        ] {
            assert_eq!(v.get(w), UNKNOWN, "{w:?}");
        }
        // a two-byte word ending in a zero byte is no one-byte word
        let z = v.intern("a\0");
        assert_ne!(z, ids[1]);
        assert_eq!((v.get("a"), v.get("a\0")), (ids[1], z));
        assert_eq!(
            v.ids(&["dei", "xyz", "attaccarono"]),
            vec![ids[4], UNKNOWN, ids[9]]
        );
    }
}
