//! An anchored byte trie of lowercased table forms, walked from word starts.
//!
//! Why not an Aho-Corasick automaton: the tagger only ever walks from a word start (anchored),
//! so failure transitions and the suffix matches copied along them are never used, yet building
//! them was most of the stage's start-up time (about 1 s for the two languages) and of its peak
//! memory. This trie is built in one depth-first pass that orders the keys byte by byte (a
//! radix sort), and a walk is the same as the anchored automaton's: one step per byte, a dead
//! end stops it.

/// No pattern ends at a node.
const NONE: u32 = u32::MAX;

/// A node with at least this many children gets a 256-entry child table: a walk then takes
/// one lookup there instead of scanning the labels (the root, two-letter prefixes and the like).
const DENSE_MIN: u32 = 6;

/// One trie node: its children are the nodes `first..first + count` (contiguous, sorted by
/// their label), and `key` is the caller's key of the form ending here. `aux` holds, for a
/// node of fewer than [`DENSE_MIN`] children, their labels (zero after the last), and for a
/// node with a child table, the table's index (little-endian, first four bytes).
///
/// Why the labels inside the node: a step read the node and then the children's labels in
/// [`Trie::label`], another array, so two cache lines per byte walked (the trie of names is
/// far larger than the caches, and `longest` missed the first-level cache some five times a
/// call). In the node they come with the line the step reads anyway, and the node stays 16
/// bytes (the six bytes were the table index and padding).
#[derive(Clone, Copy)]
struct Node {
    first: u32,
    key: u32,
    count: u16,
    aux: [u8; 6],
}

// (Sixteen bytes, as before the labels moved in: four nodes to a cache line.)
const _: () = assert!(std::mem::size_of::<Node>() == 16);

/// A trie over byte strings, each with a caller's `u32` key.
pub(crate) struct Trie {
    nodes: Vec<Node>,
    /// The byte on the edge into each node (children's labels are contiguous): the build's,
    /// and a walk's for a node of more than 255 children (no child table fits one).
    label: Vec<u8>,
    /// Child tables of the nodes with many children: 256 entries each, the child's offset
    /// from the node's first child plus one, 0 for none.
    table: Vec<u8>,
    /// A one-bit filter of the keys' first words (see [`word_key`]): a bit per hash of each
    /// distinct first word, some eight to sixteen bits per word. A word of the text whose bit
    /// is clear starts no key, so most words of a text are turned away by one load and never
    /// probe [`Trie::words`] (whose entries and text, megabytes for the names, miss the caches).
    /// (It replaced two bit sets of the first two and three bytes: a third of the words passed
    /// them, and each that passed paid a hash and a probe of `words`.)
    filter: Vec<u64>,
    /// The shift that takes a [`word_key`] to its bit of `filter` (its top bits).
    filter_shift: u32,
    /// The first word of every key (its leading run of letters and digits) and the state the
    /// walk reaches after it: `(first eight bytes, start in word_text, length, state)`. The
    /// first eight bytes are kept inline, so a word of up to eight bytes (most) is compared
    /// with no visit to `word_text` (a cache miss of its own). A key matches at a word
    /// start only if that run is exactly the text's word there (the byte after it is no
    /// letter in the key, and the match must end at a word boundary in the text), so one
    /// probe rejects a word no key starts with (most capitalised words of news text start no
    /// name) and a word that does starts its walk after its last byte: the byte-by-byte walk
    /// down the first word, a cache miss per byte in the large trie of names, is gone.
    words: hashbrown::HashTable<(u64, u32, u32, State)>,
    /// The first words of `words`, end to end.
    word_text: Vec<u8>,
    /// A filter of the keys' first words that needs no hash: for each pair of first two bytes
    /// (five low bits each, [`pre_index`]) the set of first-word lengths (bit `min(len, 15)`;
    /// a first word of one byte is entered under every second byte, so a text word's second
    /// byte is read with no test of its length). 2 KB, inline: one load that stays in the
    /// first-level cache. A word of the text whose entry lacks its length starts no key. Most lower-case words of
    /// running text ("che", "della", "stato") start none of the small trie's keys, and this
    /// answer costs a few instructions where [`word_key_at`] and [`Trie::may_start`] cost some
    /// thirty; only the words it lets through are hashed. Exact: it only turns away words no
    /// first word equals (equal words have equal first bytes and length).
    pre: [u16; 1024],
}

/// The entry of [`Trie::pre`] for a word whose first two bytes are `b0` and `b1` (0 for a word
/// of one byte).
#[inline]
fn pre_index(b0: u8, b1: u8) -> usize {
    (usize::from(b0 & 0x1f) << 5) | usize::from(b1 & 0x1f)
}

/// The bit of a word's length in a [`Trie::pre`] entry.
#[inline]
fn pre_bit(len: usize) -> u16 {
    1 << len.min(15)
}

/// A word's entry of [`Trie::pre`] and the bit of its length there: the same in every trie,
/// so the tagger's scan finds it once for the two tries it asks.
#[derive(Clone, Copy)]
pub(crate) struct Pre {
    index: usize,
    bit: u16,
}

impl Pre {
    /// The [`Pre`] of `lb[start..end]`, a run of letters and digits of the lowercased text.
    #[inline]
    pub(crate) fn of(lb: &[u8], start: usize, end: usize) -> Pre {
        let b0 = lb.get(start).copied().unwrap_or(0);
        // (Any byte for a word of one byte: see `pre`.)
        let b1 = lb.get(start + 1).copied().unwrap_or(0);
        Pre {
            index: pre_index(b0, b1) & 1023,
            bit: pre_bit(end - start),
        }
    }
}

/// The little-endian word of up to eight bytes `w` (zero above them).
#[inline]
fn load_le(w: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = w.len().min(8);
    b[..n].copy_from_slice(&w[..n]);
    u64::from_le_bytes(b)
}

/// Mixes the two halves of a word's bytes and its length: a 64x64 multiply folded to 64
/// bits, so that both the high bits (the filter's) and the low bits (the hash table's
/// buckets) depend on every input bit.
#[inline]
pub(crate) fn mix(a: u64, b: u64, len: usize) -> u64 {
    let x = a ^ 0x243f_6a88_85a3_08d3;
    let y = b ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x1319_8a2e_0370_7344;
    let m = u128::from(x) * u128::from(y);
    (m as u64) ^ ((m >> 64) as u64)
}

/// The hash of a word for [`Trie::may_start`] and [`Trie::after_word`]: its first eight
/// bytes, its last eight (when longer) and its length, mixed once. Cheaper than hashing every
/// byte (the tagger hashes every word of every text); bytes in the middle of a word longer
/// than sixteen only go unhashed, which costs a rare collision, never a wrong answer (the
/// word table compares the words).
#[inline]
pub(crate) fn word_key(w: &[u8]) -> WordKey {
    let n = w.len();
    let head = load_le(w);
    let b = if n > 8 { load_le(&w[n - 8..]) } else { 0 };
    WordKey {
        hash: mix(head, b, n),
        head,
    }
}

/// A word's hash ([`word_key`]) and its first eight bytes (little-endian, zero above a
/// shorter word), which the first-word table compares inline.
#[derive(Clone, Copy)]
pub(crate) struct WordKey {
    hash: u64,
    head: u64,
}

/// [`word_key`] of `lb[start..end]`, reading eight bytes at once where `lb` has them after
/// `start` (the same value: the bytes past the word are masked away).
#[inline]
pub(crate) fn word_key_at(lb: &[u8], start: usize, end: usize) -> WordKey {
    let n = end - start;
    let Some(chunk) = lb.get(start..start + 8) else {
        return word_key(&lb[start..end]);
    };
    let mut a = [0u8; 8];
    a.copy_from_slice(chunk);
    let a = u64::from_le_bytes(a);
    let a = if n >= 8 {
        a
    } else {
        a & ((1u64 << (8 * n)) - 1)
    };
    let b = if n > 8 { load_le(&lb[end - 8..end]) } else { 0 };
    WordKey {
        hash: mix(a, b, n),
        head: a,
    }
}

/// The leading run of letters and digits of `s` (as the tagger's word scan cuts words).
fn first_word(s: &str) -> &str {
    // (Eight bytes at a time, as the tagger's word scan: some 200,000 keys at start-up.)
    let ascii = crate::tagger::ascii_word_len(s.as_bytes());
    // An ASCII byte ends it (or the key): no need to decode characters.
    if s.as_bytes().get(ascii).is_none_or(|b| b.is_ascii()) {
        return &s[..ascii];
    }
    // The characters before `ascii` are ASCII letters and digits: decode from there.
    let n = s[ascii..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| ascii + i);
    &s[..n]
}

/// Orders `items` stably by their byte at `depth`, a key that has no such byte first: a
/// counting sort, or an insertion sort for the few keys below most nodes.
fn order_by_byte<'a>(items: &mut [(&'a [u8], u32)], depth: usize, tmp: &mut Vec<(&'a [u8], u32)>) {
    let byte = |it: &(&[u8], u32)| it.0.get(depth).map_or(0, |&x| x as usize + 1);
    if items.len() <= 32 {
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && byte(&items[j - 1]) > byte(&items[j]) {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut next = [0usize; 258];
    for it in items.iter() {
        next[byte(it) + 1] += 1;
    }
    for b in 0..257 {
        next[b + 1] += next[b];
    }
    tmp.clear();
    tmp.extend_from_slice(items);
    for it in tmp.iter() {
        let b = byte(it);
        items[next[b]] = *it;
        next[b] += 1;
    }
}

/// A position in a walk.
pub(crate) type State = u32;

impl Trie {
    /// Builds the trie of `keys` (key, form). A form listed twice keeps its first key.
    pub(crate) fn new<'a>(keys: impl IntoIterator<Item = (u32, &'a str)>) -> Trie {
        let keys: Vec<(u32, &str)> = keys.into_iter().collect();
        let mut sorted: Vec<(&[u8], u32)> = keys.iter().map(|&(k, s)| (s.as_bytes(), k)).collect();
        // A node per distinct prefix: about half the keys' bytes for the place names (1.02M
        // nodes for 2.16M bytes). Room for a little more at once, instead of growing by
        // doubling (each step a copy of up to 16 MB).
        let bytes: usize = keys.iter().map(|(_, s)| s.len()).sum();
        let mut nodes = Vec::with_capacity(bytes * 11 / 20 + 64);
        nodes.push(Node {
            first: 0,
            count: 0,
            key: NONE,
            aux: [0; 6],
        });
        let mut label = Vec::with_capacity(nodes.capacity() + 8);
        label.push(0u8);
        // Depth-first (a stack, first child on top): a node's children block is laid out
        // right after its parent's, so a walk down a path stays in nearby memory (the big trie
        // of names is far larger than the caches, and each step was a cache miss).
        let mut queue = Vec::new(); // (node, range of `sorted` below it, depth)
        let mut tmp = Vec::new();
        queue.push((0usize, 0usize, sorted.len(), 0usize));
        while let Some((node, mut lo, hi, depth)) = queue.pop() {
            // One key below: the rest of it is a chain of single children, laid out in a row.
            if hi - lo == 1 {
                let (b, k) = sorted[lo];
                let mut cur = node;
                for &x in &b[depth..] {
                    let n = nodes.len();
                    nodes[cur].first = n as u32;
                    nodes[cur].count = 1;
                    nodes.push(Node {
                        first: 0,
                        count: 0,
                        key: NONE,
                        aux: [0; 6],
                    });
                    label.push(x);
                    cur = n;
                }
                nodes[cur].key = k;
                continue;
            }
            // The keys below a node share its path: ordering them by their next byte (a key
            // that ends here first) groups them by child, and the whole build is a radix sort
            // that never compares whole keys.
            order_by_byte(&mut sorted[lo..hi], depth, &mut tmp);
            if lo < hi && sorted[lo].0.len() == depth {
                nodes[node].key = sorted[lo].1;
                while lo < hi && sorted[lo].0.len() == depth {
                    lo += 1;
                }
            }
            let first = nodes.len();
            let pushed = queue.len();
            let mut s = lo;
            while s < hi {
                let b = sorted[s].0[depth];
                let mut e = s + 1;
                while e < hi && sorted[e].0[depth] == b {
                    e += 1;
                }
                nodes.push(Node {
                    first: 0,
                    count: 0,
                    key: NONE,
                    aux: [0; 6],
                });
                label.push(b);
                queue.push((nodes.len() - 1, s, e, depth + 1));
                s = e;
            }
            queue[pushed..].reverse();
            nodes[node].first = first as u32;
            nodes[node].count = (nodes.len() - first) as u16;
        }
        let mut table = Vec::new();
        for node in nodes.iter_mut() {
            let f = node.first as usize;
            if u32::from(node.count) < DENSE_MIN {
                node.aux[..node.count as usize].copy_from_slice(&label[f..f + node.count as usize]);
                continue;
            }
            // (An offset plus one must fit a byte: 256 children, which UTF-8 never gives, stay
            // a scanned list.)
            if node.count > 255 {
                continue;
            }
            let t = table.len();
            table.resize(t + 256, 0u8);
            for o in 0..node.count as usize {
                table[t + label[f + o] as usize] = (o + 1) as u8;
            }
            let [a, b, c, d] = ((t / 256) as u32).to_le_bytes();
            node.aux = [a, b, c, d, 0, 0];
        }
        nodes.shrink_to_fit();
        label.shrink_to_fit();
        let mut trie = Trie {
            nodes,
            label,
            table,
            // (Filled by `index_first_words`: at least 64 bits, so a shift below 64.)
            filter: Vec::new(),
            filter_shift: 58,
            // (Room for every key at once: growing by doubling rehashed the words each time.)
            words: hashbrown::HashTable::with_capacity(keys.len()),
            word_text: Vec::with_capacity(bytes / 2),
            pre: [0u16; 1024],
        };
        trie.index_first_words(keys.iter().map(|&(_, s)| first_word(s).as_bytes()));
        trie
    }

    /// Fills [`Trie::words`]: each distinct first word with the state after it (a prefix of a
    /// key, so its walk never fails).
    fn index_first_words<'a>(&mut self, words: impl Iterator<Item = &'a [u8]>) {
        for w in words {
            if w.is_empty() {
                continue;
            }
            let k = word_key(w);
            let Trie {
                words,
                word_text,
                pre,
                ..
            } = self;
            let text = &*word_text;
            let entry = words.entry(
                k.hash,
                |&(_, ws, wl, _)| {
                    wl as usize == w.len() && &text[ws as usize..(ws + wl) as usize] == w
                },
                |&(_, ws, wl, _)| word_key(&text[ws as usize..(ws + wl) as usize]).hash,
            );
            let hashbrown::hash_table::Entry::Vacant(slot) = entry else {
                continue;
            };
            let start = word_text.len() as u32;
            word_text.extend_from_slice(w);
            if w.len() >= 2 {
                pre[pre_index(w[0], w[1])] |= pre_bit(w.len());
            } else {
                // (Whatever byte follows a one-byte word in the text.)
                for b1 in 0..32 {
                    pre[pre_index(w[0], b1)] |= pre_bit(1);
                }
            }
            slot.insert((k.head, start, w.len() as u32, NONE));
        }
        // The states: each word is a prefix of a key, so its walk never fails.
        let mut states = Vec::with_capacity(self.words.len());
        for &(_, ws, wl, _) in self.words.iter() {
            let mut s = self.root();
            for &b in &self.word_text[ws as usize..(ws + wl) as usize] {
                match self.step(s, b) {
                    Some(n) => s = n,
                    None => break,
                }
            }
            states.push(s);
        }
        for (e, s) in self.words.iter_mut().zip(states) {
            e.3 = s;
        }
        // Eight to sixteen bits per word: one word in twelve to one in twenty of those no key
        // starts with passes (a few hundred kilobytes for the names, in the second-level cache).
        let bits = (self.words.len() * 8).next_power_of_two().max(64);
        self.filter = vec![0u64; bits / 64];
        self.filter_shift = 64 - bits.trailing_zeros();
        for &(_, ws, wl, _) in self.words.iter() {
            let w = &self.word_text[ws as usize..(ws + wl) as usize];
            let bit = self.filter_bit(word_key(w).hash);
            self.filter[bit / 64] |= 1 << (bit % 64);
        }
        self.word_text.shrink_to_fit();
    }

    #[inline]
    fn find_word(&self, k: WordKey, w: &[u8]) -> Option<State> {
        self.words
            .find(k.hash, |&(head, ws, wl, _)| {
                // The first eight bytes inline; the rest, if any, in `word_text`.
                head == k.head
                    && wl as usize == w.len()
                    && (w.len() <= 8
                        || self.word_text.get(ws as usize + 8..(ws + wl) as usize) == w.get(8..))
            })
            .map(|&(_, _, _, s)| s)
    }

    /// The state before any byte.
    #[inline]
    pub(crate) fn root(&self) -> State {
        0
    }

    /// The bit of [`Trie::filter`] for a word's key.
    #[inline]
    fn filter_bit(&self, h: u64) -> usize {
        // (The shift is below 64: the filter has at least 64 bits. `wrapping_shr` is one
        // instruction, where a checked shift tested it on every word of the text.)
        h.wrapping_shr(self.filter_shift) as usize
    }

    /// Whether some key's first word may be the word whose [`word_key`] is `k`: false means
    /// none is (and [`Trie::after_word`] would say `None`).
    #[inline]
    pub(crate) fn may_start(&self, k: WordKey) -> bool {
        let bit = self.filter_bit(k.hash);
        self.filter
            .get(bit / 64)
            .is_some_and(|w| w >> (bit % 64) & 1 != 0)
    }

    /// Whether some key's first word may be `lb[start..end]` (a run of letters and digits of
    /// the lowercased text), asked before any hash ([`Trie::pre`]): false means none is.
    #[cfg(test)]
    pub(crate) fn may_start_run(&self, lb: &[u8], start: usize, end: usize) -> bool {
        self.may_start_pre(Pre::of(lb, start, end))
    }

    /// [`Trie::may_start_run`] of the word whose [`Pre`] is `p`.
    #[inline]
    pub(crate) fn may_start_pre(&self, p: Pre) -> bool {
        self.pre[p.index] & p.bit != 0
    }

    /// The state after `word` (lowercased, its key `k` from [`word_key`]) when some key's
    /// first word (its leading run of letters and digits) is exactly `word`; when none is, no
    /// key matches where `word` starts a word of the text.
    #[inline]
    pub(crate) fn after_word(&self, k: WordKey, word: &[u8]) -> Option<State> {
        self.find_word(k, word)
    }

    /// The state after `b`, or `None` when no key continues so.
    #[inline]
    pub(crate) fn step(&self, s: State, b: u8) -> Option<State> {
        let n = self.nodes[s as usize];
        let a = n.aux;
        if u32::from(n.count) < DENSE_MIN {
            // The labels, in the node (zero after the last), compared all at once. A byte
            // loop's exit depended on the data and was mispredicted on most walks.
            let w = u64::from_le_bytes([a[0], a[1], a[2], a[3], a[4], a[5], 0, 0]);
            let x = w ^ (u64::from(b) * 0x0101_0101_0101_0101);
            // The lowest zero byte of `x` is the first label equal to `b` (a borrow only marks
            // bytes above a zero one).
            let zero = x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
            let k = zero.trailing_zeros() / 8;
            return (k < u32::from(n.count)).then_some(n.first + k);
        }
        if n.count <= 255 {
            let t = u32::from_le_bytes([a[0], a[1], a[2], a[3]]) as usize;
            let o = *self.table.get(t * 256 + b as usize)?;
            return (o != 0).then(|| n.first + u32::from(o) - 1);
        }
        // (Only a node of more than 255 children has no table: none in UTF-8 keys.)
        let f = n.first as usize;
        self.label
            .get(f..f + n.count as usize)?
            .iter()
            .position(|&l| l == b)
            .map(|k| (f + k) as State)
    }

    /// The key of the form that ends at `s`, if one does.
    #[inline]
    pub(crate) fn key(&self, s: State) -> Option<u32> {
        let k = self.nodes[s as usize].key;
        (k != NONE).then_some(k)
    }

    /// Bytes held (for the memory figures of the tagger).
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.label.capacity()
            + self.table.capacity()
            + self.filter.capacity() * 8
            + self.words.capacity() * std::mem::size_of::<(u64, u32, u32, State)>()
            + self.word_text.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether some key's first word is `w`.
    fn starts(t: &Trie, w: &str) -> bool {
        let k = word_key(w.as_bytes());
        let found = t.after_word(k, w.as_bytes()).is_some();
        // The filter never turns away a first word.
        assert!(!found || t.may_start(k), "{w}");
        assert!(!found || t.may_start_run(w.as_bytes(), 0, w.len()), "{w}");
        found
    }

    /// Every key found by walking the trie from `i` in `text`: (end, key).
    fn walk(t: &Trie, text: &str, i: usize) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        let mut s = t.root();
        for (d, &b) in text.as_bytes()[i..].iter().enumerate() {
            match t.step(s, b) {
                Some(n) => s = n,
                None => break,
            }
            if let Some(k) = t.key(s) {
                out.push((i + d + 1, k));
            }
        }
        out
    }

    #[test]
    fn a_walk_finds_every_key_that_starts_where_it_starts_and_only_those() {
        let t = Trie::new([(7, "new"), (8, "new york"), (9, "york"), (3, "ne")]);
        assert_eq!(walk(&t, "new york city", 0), vec![(2, 3), (3, 7), (8, 8)]);
        // Anchored: "york" inside the text is found only from its own start.
        assert_eq!(walk(&t, "new york city", 4), vec![(8, 9)]);
        assert_eq!(walk(&t, "newt", 0), vec![(2, 3), (3, 7)]);
        assert!(walk(&t, "old", 0).is_empty());
        // First words: "new" (of "new" and "new york"), "york", "ne"; not "newt" nor "yor".
        for w in ["new", "york", "ne"] {
            assert!(starts(&t, w), "{w}");
        }
        for w in ["newt", "yor", "n", "city", "old", "yorkshire"] {
            assert!(!starts(&t, w), "{w}");
        }
        // The state after a first word is the walk's: "new" ends key 7 and continues to
        // "new york".
        let s = t.after_word(word_key(b"new"), b"new").unwrap();
        assert_eq!(t.key(s), Some(7));
        let s = b" york".iter().try_fold(s, |s, &b| t.step(s, b)).unwrap();
        assert_eq!(t.key(s), Some(8));
    }

    #[test]
    fn a_duplicate_form_keeps_its_first_key_and_multibyte_forms_walk_bytewise() {
        let t = Trie::new([(2, "città"), (1, "città"), (5, "c"), (6, "çà")]);
        assert_eq!(walk(&t, "città del capo", 0), vec![(1, 5), (6, 2)]);
        assert_eq!(walk(&t, "çà", 0), vec![(4, 6)]);
        // A one-byte key is its own first word.
        assert!(starts(&t, "c") && !starts(&t, "ci"));
        // A one-byte first word passes the hash-free filter whatever byte follows it.
        assert!((0..=255u8).all(|x| t.may_start_run(&[b'c', x], 0, 1)));
        assert!(t.heap_bytes() > 0);
    }

    #[test]
    fn many_keys_below_one_node_are_ordered_as_few_are() {
        // More than the insertion-sort threshold below the root and below "a".
        let words: Vec<String> = (0..300u32)
            .map(|i| format!("{}{}", ["a", "b", "ab"][i as usize % 3], i))
            .collect();
        let t = Trie::new(
            words
                .iter()
                .enumerate()
                .map(|(k, w)| (k as u32, w.as_str())),
        );
        for (k, w) in words.iter().enumerate() {
            assert_eq!(walk(&t, w, 0).last(), Some(&(w.len(), k as u32)), "{w}");
        }
        assert!(walk(&t, "ba", 0).is_empty() && walk(&t, "c1", 0).is_empty());
        // Every key's first word passes the word filter (here the whole key).
        assert!(words.iter().all(|w| starts(&t, w)));
    }

    #[test]
    fn first_word_agrees_with_decoding_every_character() {
        let decoding = |s: &str| -> usize {
            s.char_indices()
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(s.len(), |(i, _)| i)
        };
        for s in [
            "",
            "new york",
            "città del capo",
            "çà",
            "abcdefghijklmnopqrstuvwxyz étage",
            "l'aquila",
            "l’aquila",
            "x-men",
            "über alles",
            "abcdefgh",
            "abcdefghè",
            "2024 ok",
            "naïve art",
            "a\u{2019}b",
        ] {
            assert_eq!(first_word(s), &s[..decoding(s)], "{s:?}");
        }
    }

    #[test]
    fn a_long_first_word_is_compared_past_its_first_eight_bytes() {
        let t = Trie::new([
            (1, "abcdefghijk x"),
            (2, "abcdefgh"),
            (3, "abcdefghijklmnopqrstu"),
        ]);
        for w in ["abcdefghijk", "abcdefgh", "abcdefghijklmnopqrstu"] {
            assert!(starts(&t, w), "{w}");
        }
        for w in [
            "abcdefghijz",
            "abcdefghi",
            "abcdefghijklmnopqrstv",
            "abcdefg",
        ] {
            assert!(!starts(&t, w), "{w}");
        }
    }

    #[test]
    fn a_word_key_read_in_place_is_the_key_of_the_word_alone() {
        let text = b"a bb ccc abcdefgh abcdefghi abcdefghijklmnopq xyz";
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let w = &text[start..end];
                let (a, b) = (word_key_at(text, start, end), word_key(w));
                assert_eq!((a.hash, a.head), (b.hash, b.head), "{start}..{end}");
            }
        }
        // Length and the bytes at both ends count.
        let hash = |w: &[u8]| word_key(w).hash;
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b"abcdefghi"), hash(b"abcdefghj"));
        assert_ne!(hash(b"xbcdefghi"), hash(b"abcdefghi"));
    }

    #[test]
    fn an_empty_trie_matches_nothing() {
        let t = Trie::new(std::iter::empty());
        assert!(walk(&t, "anything", 0).is_empty());
        assert!(!t.may_start(word_key(b"an")));
        assert!(!starts(&t, "anything"));
    }
}
