//! The chart: numbers and lexicon entries first, then rules applied bottom-up until no rule
//! finds anything new: by one sweep from the last position to the first (see
//! [`Chart::sweep_w`]), or by passes over the window where the passes' bounds may cut. Rules
//! are indexed by what their first element needs, so each position only tries the rules that
//! can start there.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use crate::window::WordHasher;

use crate::cal::{Dir, Grain};
use crate::prod::{Ctx, Tv, Val, A};
use crate::rules::{Arg, Elem, Grammar, Pred, Rule, K_DUR, K_NUM, K_ORD, K_QTY, K_TIME};
use crate::token::{Kind, Tok};

pub const BUILTIN_RULE: u16 = u16::MAX;

#[derive(Debug, Clone)]
pub struct Piece {
    /// Token range `[s, e)`.
    pub s: u32,
    pub e: u32,
    pub kind: u16,
    pub val: Val,
    pub rule: u16,
    /// Number of rule applications in the derivation: among readings of the same span the
    /// one built with fewer steps (the more specific rule) is preferred.
    pub size: u16,
}

/// Upper bound on passes and pieces, so pathological text cannot blow up.
const MAX_PASSES: usize = 8;
const MAX_PIECES_PER_TOKEN: usize = 64;

/// Parses one window on its own (tests, numerals): [`Chart::prepare`] then [`Chart::run`].
pub fn parse(g: &Grammar, toks: &[Tok], ctx: &Ctx, dirs: &mut crate::tense::Dirs) -> Vec<Piece> {
    let mut c = Chart::default();
    c.prepare(g, toks);
    let mut pieces = Vec::new();
    c.run(toks, ctx, dirs, &mut pieces);
    pieces
}

/// A reusable chart for one language. A news article holds many small windows, and a window
/// without a reference is parsed twice (once per probe date): the buffers live here so that
/// parsing a window allocates nothing once they have grown, and what does not depend on the
/// reference (numbers, lexicon entries, the tokens' rule lookups) is computed once per window
/// by [`Chart::prepare`] and reused by every [`Chart::run`]. It holds no grammar (so that one
/// can be kept per thread across documents): `run` uses the grammar of its context, which
/// must be the one given to `prepare`.
#[derive(Default)]
pub struct Chart {
    /// Number and lexicon pieces of the prepared window, in token order.
    base: Vec<Piece>,
    /// The rules tried everywhere.
    anywhere: Vec<u64>,
    /// Each token's id among the rules' literal words, compared instead of strings.
    wids: Vec<u32>,
    /// Which literal words occur in the window.
    has_word: Vec<u64>,
    /// The positions `run` visits: when no rule tried everywhere can start at a bare
    /// position (see `idle` there), those holding a number or lexicon piece or a rule word
    /// (every piece it builds starts at one of them), else every position.
    visit: Vec<u32>,
    /// Visit every position (tests compare).
    visit_all: bool,
    /// Rules whose required literals all occur in the window (bitset), as far as known: a
    /// rule's answer is worked out the first time a position or `may_build` asks
    /// (`allowed_known`), since a window's candidates are a few of the rules its words name.
    allowed: Vec<u64>,
    allowed_known: Vec<u64>,
    at: Vec<Vec<u32>>,
    /// Kinds of the pieces built so far (bitset), so that rules needing an absent kind are
    /// skipped.
    present: Vec<u64>,
    /// Candidate rules at the current position (bitset).
    cand_bits: Vec<u64>,
    /// Kinds of the pieces the previous pass built (bitset).
    fresh_kinds: Vec<u64>,
    /// The matches already evaluated in this run (see [`Seen`]).
    seen: Seen,
    /// Matches as (end, offset into `flat`): slot lists live in one reused buffer.
    matches: Vec<(u32, usize, u64)>,
    flat: Vec<Option<u32>>,
    slots: Vec<Option<u32>>,
    steps: Vec<usize>,
    max_elems: usize,
    /// Every production the last [`Chart::run`] evaluated, in order, for [`Chart::replay`].
    events: Vec<Event>,
    /// Their slots (`rule.elems.len()` each, from `Event::slots`).
    ev_slots: Vec<Option<u32>>,
    /// Per piece, during a replay: whether its value changed.
    dirty: Vec<bool>,
    /// Pairs of pieces the last run left in the sweep's order though the passes may order
    /// them otherwise, being equal (see [`Chart::sweep_w`]): [`Chart::replay`] gives up if
    /// it makes them differ.
    loose_ties: Vec<(u32, u32)>,
    /// What `prepare` looked up for frequent words, direct-mapped (see [`TokMemo`]), and
    /// the grammar it was filled for.
    memo: Vec<TokMemo>,
    memo_owner: u64,
    /// Per position: the kinds of the pieces starting there (bitset; kinds below 64).
    kinds_at: Vec<u64>,
    /// The rules whose first two elements the current position's pairs allow (see
    /// `RuleBits::pair_by_kind`).
    pm: Vec<u64>,
    /// `may_build`'s candidate rules by the kinds present (see [`NeedsMemo`]).
    needs_memo: NeedsMemo,
    /// Run by passes only (tests compare with the sweep).
    no_sweep: bool,
    /// Set by [`Chart::run_unordered`] for its run: tied pieces may be left in the sweep's
    /// order (see `unordered`).
    lazy: bool,
    /// The last run left built pieces of the same span and size in the sweep's order, not
    /// the passes' ([`Chart::run_unordered`]); [`Chart::order`] puts them in it.
    unordered: bool,
    /// The pieces the sweep built, in its order: (event, elements consumed).
    built: Vec<(u32, u64)>,
    /// Their passes, sort keys and places in the passes' order (see
    /// [`Chart::order_as_passes`]).
    pass: Vec<u8>,
    keys: Vec<u128>,
    final_of: Vec<u32>,
    /// Working out the passes: built children not placed yet, parents by child, the
    /// pieces of the current level and of the next.
    waiting: Vec<u32>,
    adj_at: Vec<u32>,
    adj: Vec<u32>,
    cur: Vec<u32>,
    next: Vec<u32>,
}

/// The keys of the matches a [`Chart::run`] has evaluated (span, rule and children hashed),
/// so that a match found again in a later pass is not evaluated twice. A window's run makes
/// about ten (48,000 matches in 5,000 runs per 1,000 news articles), so they are first kept
/// in a short list searched from the end, which costs less than hashing into a set and
/// clearing its table at every run; past [`SEEN_LIST`] keys (long windows: tables of
/// figures) they move to the hash set, so a long run is not quadratic.
#[derive(Default)]
struct Seen {
    list: Vec<u64>,
    set: HashSet<u64, BuildHasherDefault<WordHasher>>,
}

const SEEN_LIST: usize = 32;

impl Seen {
    fn clear(&mut self) {
        self.list.clear();
        if !self.set.is_empty() {
            self.set.clear();
        }
    }

    /// Adds `key`; false if it was there already (as `HashSet::insert`). Inlined in the
    /// chart's loop (48,000 calls per 1,000 news articles): as a call it cost more than the
    /// short list's search.
    #[inline(always)]
    fn insert(&mut self, key: u64) -> bool {
        if self.set.is_empty() {
            if self.list.contains(&key) {
                return false;
            }
            if self.list.len() < SEEN_LIST {
                self.list.push(key);
                return true;
            }
            self.set.extend(self.list.drain(..));
        }
        self.set.insert(key)
    }
}

/// The rules needing only the kinds of a set (kinds below 64), per set seen before, for
/// [`Chart::may_build`]: windows repeat a few sets ({number}, {number, unit}…), and taking
/// the union of the rule groups of every subset of needs again cost half of `may_build`.
/// Direct-mapped, keyed by the set and the grammar's id; `rows` holds `w` words per slot.
/// Every slot's row is `stride` words long, the widest grammar's `w` seen so far: grammars of
/// different widths share the memo, and a row laid out by one width must never overlap
/// another slot's row under the other (the rows are cleared when a wider grammar comes).
#[derive(Default)]
struct NeedsMemo {
    keys: Vec<(u64, u64)>,
    rows: Vec<u64>,
    stride: usize,
}

const NEEDS_MEMO_SLOTS: usize = 64;

/// A folded token's lookups in one grammar: its rule-word id and lexicon entry index, and
/// (for a word) the number it spells. News repeats a small vocabulary ("di", "the",
/// "persone"), so `prepare` keeps these per thread, keyed by the token's bytes (up to 16)
/// and kind, instead of testing fingerprints, hashing and decomposing number words again.
#[derive(Clone, Copy, Default)]
struct TokMemo {
    key: [u64; 2],
    /// Length and kind (`len << 2 | kind`); 0 for an empty slot.
    tag: u8,
    wid: u32,
    lx: u32,
    num: Option<f64>,
}

/// 16,384 slots (768 KB, one per thread): a window's words are more varied than the few
/// hundred the function words make up; with 2,048 slots one token in four missed (28,000
/// misses per 1,000 news articles, each a fingerprint test, a hash lookup and a number-word
/// decomposition), with 4,096 one in five (20,900), with 8,192 16,400, with 16,384 13,100,
/// for fewer first-level data cache misses in `prepare`, not more (the slots a window
/// touches are scattered either way).
const MEMO_BITS: u32 = 14;

/// One production evaluated by [`Chart::run`]: what [`Chart::replay`] needs to evaluate it
/// again against another reference.
#[derive(Debug, Clone, Copy)]
struct Event {
    /// The piece it made, or [`NO_PIECE`].
    made: u32,
    rule: u16,
    dir: Dir,
    /// Whether it read the reference.
    read: bool,
    /// Offset of its slots in `Chart::ev_slots`.
    slots: u32,
}

const NO_PIECE: u32 = u32::MAX;

/// Kinds whose pieces a caller chooses among by span and size, the last of equals winning:
/// times, durations and amounts (the choice of expressions), numbers and ordinals (whose
/// values `parse_number` reads). Every kind a production makes: the lexicon's kinds are
/// only in base pieces.
fn reported(kind: u16) -> bool {
    matches!(kind, K_NUM | K_ORD | K_TIME | K_DUR | K_QTY)
}

/// A base piece (a number or a lexicon entry) for the run's list: copied field by field, not
/// through `Val`'s clone (a call per piece, 15,000 per 1,000 news articles); inlined into
/// both loops (out of line, the call cost ~1M instructions per 1,000 news).
#[inline(always)]
fn base_copy(p: &Piece) -> Piece {
    let val = match p.val {
        Val::Num { v, digits } => Val::Num { v, digits },
        Val::Lex(i) => Val::Lex(i),
        ref other => other.clone(),
    };
    Piece {
        s: p.s,
        e: p.e,
        kind: p.kind,
        val,
        rule: p.rule,
        size: p.size,
    }
}

/// The pair mask's start and rows for this convention (see `RuleBits::pair_rows_news`).
#[inline]
fn pair_mask_start(g: &Grammar, conv: crate::Convention, rw: usize) -> (&[u64], &[u64]) {
    if conv == crate::Convention::Assistant {
        (&g.bits.unpaired[..rw], &g.bits.pair_rows[..])
    } else {
        (&g.bits.unpaired_news[..rw], &g.bits.pair_rows_news[..])
    }
}

/// Whether a position holding no piece and no rule word can try no rule: its candidates
/// are the rules tried everywhere (`anywhere`), and as its word opens no pair only the
/// unpaired ones among them pass the pair mask. In the packs none does, and such positions
/// (half of those visited) are not visited: see [`fill_visit`].
#[inline]
fn bare_positions_idle(g: &Grammar, anywhere: &[u64], conv: crate::Convention, rw: usize) -> bool {
    let assistant = conv == crate::Convention::Assistant;
    anywhere
        .iter()
        .zip(&g.bits.unpaired[..rw])
        .zip(&g.bits.assistant[..rw])
        .all(|((a, u), x)| a & u & !(if assistant { 0 } else { *x }) == 0)
}

/// The positions to visit: those holding a piece or a rule word when `sparse` (a bare
/// position can start no rule: [`bare_positions_idle`]), else all of them.
#[inline]
fn fill_visit(visit: &mut Vec<u32>, at: &[Vec<u32>], wids: &[u32], sparse: bool) {
    visit.clear();
    if sparse {
        for (s, (a, &w)) in at.iter().zip(wids.iter()).enumerate() {
            if !a.is_empty() || w != crate::rules::NO_WORD {
                visit.push(s as u32);
            }
        }
    } else {
        visit.extend(0..at.len() as u32);
    }
}

/// Whether a piece of value `b` is matched by exactly the patterns that match one of value `a`
/// (the same kind assumed): everything `pred_ok` reads is equal.
fn same_shape(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Num { v: x, digits: dx }, Val::Num { v: y, digits: dy }) => {
            x.to_bits() == y.to_bits() && dx == dy
        }
        (Val::Lex(x), Val::Lex(y)) => x == y,
        (Val::Time(x), Val::Time(y)) => {
            std::mem::discriminant(x) == std::mem::discriminant(y) && grain_of(x) == grain_of(y)
        }
        (Val::Dur(..), Val::Dur(..)) | (Val::Qty(_), Val::Qty(_)) => true,
        _ => false,
    }
}

/// Whether the token at `j` does not continue a word or a number: the text starts there,
/// whitespace precedes it, or a punctuation mark does ("(-5"). A sign or a leading decimal
/// separator only belongs to the number after it when it is free this way: "10-15" is a range
/// and "COVID-19" a name, not negative numbers.
fn free_before(toks: &[Tok], j: usize) -> bool {
    j == 0 || toks[j].space_before || toks[j - 1].kind == Kind::Punct
}

/// The number written around the digit run at `i` (value `v`) with the marks the token cuts
/// split off it: a leading decimal separator of the language (",77" in Italian, ".77" in
/// English), a sign glued before it ("-5", "−1.200") and an SI suffix glued after it ("3M",
/// "1,2M", "1200K", ",0012G"). `None` when there is none, so the plain piece stands alone.
fn affixed_number(g: &Grammar, toks: &[Tok], i: usize, v: f64) -> Option<(usize, usize, f64)> {
    let t = &toks[i];
    let (mut s, mut v) = (i, v);
    let dec = if g.decimal_comma { "," } else { "." };
    if i > 0
        && !t.space_before
        && toks[i - 1].norm == dec
        && free_before(toks, i - 1)
        && t.norm.as_bytes().iter().all(|b| b.is_ascii_digit())
    {
        // The digits are the fraction: "0012" after the separator is 0.0012.
        let frac: f64 = t.norm.as_str().parse().ok()?;
        v = frac / 10f64.powi(t.norm.len().min(300) as i32);
        s = i - 1;
    }
    if s > 0
        && !toks[s].space_before
        && matches!(toks[s - 1].norm.as_bytes(), b"-" | b"\xe2\x88\x92")
        && free_before(toks, s - 1)
    {
        v = -v;
        s -= 1;
    }
    let mut e = i + 1;
    if let Some(n) = toks
        .get(e)
        .filter(|n| !n.space_before && n.kind == Kind::Word)
    {
        let m = match n.norm.as_bytes() {
            b"k" => 1e3,
            b"m" => 1e6,
            b"g" => 1e9,
            _ => 0.0,
        };
        if m > 0.0 {
            v *= m;
            e += 1;
        }
    }
    (s != i || e != i + 1).then_some((s, e, v))
}

impl Chart {
    /// The reference-independent part of parsing `toks`: number and lexicon pieces, and each
    /// token's rule lookups.
    pub fn prepare(&mut self, g: &Grammar, toks: &[Tok]) {
        let n = toks.len();
        self.wids.clear();
        // Sized for this grammar (no allocation once grown).
        self.has_word.resize(g.vocab.len() / 64 + 1, 0);
        self.has_word.fill(0);
        self.allowed.clear();
        self.allowed.resize(g.bits.w, 0);
        self.allowed_known.clear();
        self.allowed_known.resize(g.bits.w, 0);
        self.present.resize(g.bits.kw, 0);
        self.cand_bits.resize(g.bits.w, 0);
        self.max_elems = g.bits.max_elems;
        self.base.clear();
        self.anywhere.clear();
        self.anywhere.extend_from_slice(&g.bits.unindexed);
        if self.memo_owner != g.id || self.memo.is_empty() {
            self.memo.clear();
            self.memo.resize(1 << MEMO_BITS, TokMemo::default());
            self.memo_owner = g.id;
        }
        for (i, t) in toks.iter().enumerate() {
            let looked = self.look_up(g, t);
            match t.kind {
                Kind::Digits => {
                    if let Some(v) = g.digits_value(t.norm.as_str()) {
                        let plain = t.norm.as_bytes().iter().all(|b| b.is_ascii_digit());
                        let digits = if plain {
                            t.norm.len().min(255) as u8
                        } else {
                            0
                        };
                        self.base.push(Piece {
                            s: i as u32,
                            e: i as u32 + 1,
                            kind: K_NUM,
                            val: Val::Num { v, digits },
                            rule: BUILTIN_RULE,
                            size: 0,
                        });
                        if let Some((s, e, v)) = affixed_number(g, toks, i, v) {
                            self.base.push(Piece {
                                s: s as u32,
                                e: e as u32,
                                kind: K_NUM,
                                val: Val::Num { v, digits: 0 },
                                rule: BUILTIN_RULE,
                                size: 0,
                            });
                        }
                    }
                }
                Kind::Word => {
                    if let Some(v) = looked.2.filter(|_| g.number_allowed(toks, i)) {
                        self.base.push(Piece {
                            s: i as u32,
                            e: i as u32 + 1,
                            kind: K_NUM,
                            val: Val::Num { v, digits: 0 },
                            rule: BUILTIN_RULE,
                            size: 0,
                        });
                    }
                }
                Kind::Punct => {}
            }
            let (w, lx, _) = looked;
            self.wids.push(w);
            if w != crate::rules::NO_WORD {
                self.has_word[w as usize / 64] |= 1 << (w % 64);
            }
            if let Some(entries) = g.lex_entries.get(lx as usize) {
                // The entries are those whose first word is this token's text (`lx` is
                // looked up by it, through the memo by its exact bytes): only the words after
                // it are compared (most entries are one word; 45,000 string comparisons per
                // 1,000 news articles were this one).
                for (words, kind, vi) in entries {
                    if i + words.len() <= n
                        && words
                            .iter()
                            .zip(&toks[i..])
                            .skip(1)
                            .all(|(w, t)| t.norm == *w)
                    {
                        self.base.push(Piece {
                            s: i as u32,
                            e: (i + words.len()) as u32,
                            kind: *kind,
                            val: Val::Lex(*vi),
                            rule: BUILTIN_RULE,
                            size: 0,
                        });
                    }
                }
            }
        }
    }

    /// A token's rule-word id, lexicon entry index and (a word's) number value, from the
    /// memo when it holds the token.
    fn look_up(&mut self, g: &Grammar, t: &Tok) -> (u32, u32, Option<f64>) {
        // The key is the token's text as the token keeps it (zero-padded in place).
        let (Some(key), false) = (t.norm.key(), t.norm.is_empty()) else {
            return look_up_in(g, t);
        };
        let tag = (t.norm.len() as u8) << 2
            | match t.kind {
                Kind::Word => 1,
                Kind::Digits => 2,
                Kind::Punct => 3,
            };
        let h = (key[0] ^ key[1].rotate_left(29) ^ tag as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &mut self.memo[(h >> (64 - MEMO_BITS)) as usize];
        if slot.tag == tag && slot.key == key {
            return (slot.wid, slot.lx, slot.num);
        }
        let (wid, lx, num) = look_up_in(g, t);
        *slot = TokMemo {
            key,
            tag,
            wid,
            lx,
            num,
        };
        (wid, lx, num)
    }

    /// False only if [`Chart::run`] on the prepared window can build nothing but its number
    /// and lexicon pieces, and none of those is a time, a duration or an amount: then it
    /// finds nothing to report, and the caller skips it. A rule is tried only when the window
    /// holds its literals (`allowed`) and a piece of every kind it needs, and productions only
    /// make pieces of the built-in kinds; so if no rule the window allows needs only kinds of
    /// its base pieces, no rule ever applies (1,191 of the 6,194 windows of the first 1,000
    /// news articles of the evaluation corpus).
    pub fn may_build(&mut self, g: &Grammar, assistant: bool) -> bool {
        let kw = g.bits.kw;
        self.present.fill(0);
        for p in &self.base {
            if matches!(p.kind, K_TIME | K_DUR | K_QTY) {
                return true;
            }
            self.present[p.kind as usize / 64] |= 1 << (p.kind % 64);
        }
        // The rules needing only kinds present, in order, until an allowed one (most
        // windows have one among the first few).
        let w = g.bits.w;
        self.cand_bits.clear();
        self.cand_bits.resize(w, 0);
        if kw == 1 {
            let present = self.present[0];
            let memo = &mut self.needs_memo;
            if memo.keys.is_empty() || memo.stride < w {
                memo.stride = w;
                memo.keys.clear();
                memo.keys.resize(NEEDS_MEMO_SLOTS, (0, 0));
                memo.rows.clear();
                memo.rows.resize(NEEDS_MEMO_SLOTS * w, 0);
            }
            let k = (present.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize;
            let at = k * memo.stride;
            let row = &mut memo.rows[at..at + w];
            // Loaded grammars' ids start at 1, so an empty slot (0, 0) is never a hit (a
            // grammar built otherwise, id 0, is never memoised).
            if memo.keys[k] != (present, g.id) || g.id == 0 {
                row.fill(0);
                for (m, rules) in &g.bits.by_needs {
                    if m & !present == 0 {
                        for (c, r) in row.iter_mut().zip(rules) {
                            *c |= r;
                        }
                    }
                }
                memo.keys[k] = (present, g.id);
            }
            self.cand_bits.copy_from_slice(row);
        } else {
            for ri in 0..g.rules.len() {
                let needs = &g.bits.needs[ri * kw..(ri + 1) * kw];
                if needs.iter().zip(&self.present).all(|(n, p)| n & !p == 0) {
                    self.cand_bits[ri / 64] |= 1 << (ri % 64);
                }
            }
        }
        if !assistant {
            for (c, a) in self.cand_bits.iter_mut().zip(&g.bits.assistant) {
                *c &= !a;
            }
        }
        // A rule needing no literal is allowed in every window.
        if self
            .cand_bits
            .iter()
            .zip(&g.bits.no_words)
            .any(|(c, n)| c & n != 0)
        {
            return true;
        }
        for word in 0..g.bits.w {
            let mut bits = self.cand_bits[word];
            while bits != 0 {
                let ri = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if rule_allowed(
                    g,
                    &self.has_word,
                    &mut self.allowed,
                    &mut self.allowed_known,
                    ri,
                ) {
                    return true;
                }
            }
        }
        false
    }

    /// Applies the rules bottom-up over the prepared window until nothing new appears; the
    /// pieces go to `pieces` (cleared first). `toks` must be the tokens given to `prepare`.
    /// The pieces are those the passes build (as their bounds cut them), base pieces first;
    /// among built pieces of the same span and size, of the kinds productions make, in the
    /// passes' order (the choice of expressions and `parse_number` take the last of equals);
    /// the others in an order where children come before their parents.
    pub fn run(
        &mut self,
        toks: &[Tok],
        ctx: &Ctx,
        dirs: &mut crate::tense::Dirs,
        pieces: &mut Vec<Piece>,
    ) {
        self.lazy = false;
        self.run_any(toks, ctx, dirs, pieces);
    }

    /// [`Chart::run`], but built pieces of the same span and size may be left in the sweep's
    /// order ([`Chart::is_unordered`] says so): the choice of expressions reads their order
    /// only where it reaches such a group holding two pieces that may be chosen and differ,
    /// and then asks [`Chart::order`] (most windows with ties never do: the group is covered
    /// by a longer piece, or all but one of it are numbers or amounts without unit). The
    /// pieces, their values and the events are those `run` gives; only that order differs.
    /// Left unordered only where ordering cannot fail (see `sweep_w`), so the pieces are
    /// exactly `run`'s up to it.
    pub fn run_unordered(
        &mut self,
        toks: &[Tok],
        ctx: &Ctx,
        dirs: &mut crate::tense::Dirs,
        pieces: &mut Vec<Piece>,
    ) {
        self.lazy = true;
        self.run_any(toks, ctx, dirs, pieces);
        self.lazy = false;
    }

    /// Whether the last run left tied pieces in the sweep's order (see
    /// [`Chart::run_unordered`]).
    pub fn is_unordered(&self) -> bool {
        self.unordered
    }

    /// Puts the pieces of the last [`Chart::run_unordered`] (or of a [`Chart::replay`] of
    /// it) in the order [`Chart::run`] gives, the events' piece numbers with them; false if
    /// that fails (never where the run left them unordered: then the caller runs again with
    /// [`Chart::run`]). `pieces` must be that run's.
    pub fn order(&mut self, g: &Grammar, pieces: &mut [Piece]) -> bool {
        if !self.unordered {
            return true;
        }
        self.unordered = false;
        self.order_as_passes(g, pieces)
    }

    fn run_any(
        &mut self,
        toks: &[Tok],
        ctx: &Ctx,
        dirs: &mut crate::tense::Dirs,
        pieces: &mut Vec<Piece>,
    ) {
        self.unordered = false;
        // The rule sets' width as a constant for the usual grammars (up to 384 rules), so
        // that the set operations at every position are unrolled over fixed-length rows
        // instead of looping over slices of a length read at run time.
        // The sweep first; the passes when it cannot tell that it built what they build (a
        // bound of theirs reached). A sweep given up may have read the reference where the
        // passes do not: the flag is as it was before, plus the passes' reads.
        let read_before = ctx.now.take_read();
        self.loose_ties.clear();
        let swept = !self.no_sweep
            && match ctx.g.bits.w {
                1 => self.sweep_w::<1>(toks, ctx, dirs, pieces),
                2 => self.sweep_w::<2>(toks, ctx, dirs, pieces),
                3 => self.sweep_w::<3>(toks, ctx, dirs, pieces),
                4 => self.sweep_w::<4>(toks, ctx, dirs, pieces),
                5 => self.sweep_w::<5>(toks, ctx, dirs, pieces),
                6 => self.sweep_w::<6>(toks, ctx, dirs, pieces),
                _ => self.sweep_w::<0>(toks, ctx, dirs, pieces),
            };
        if !swept {
            ctx.now.take_read();
            self.loose_ties.clear();
            self.unordered = false;
            self.passes(toks, ctx, dirs, pieces);
        }
        if read_before {
            let _ = ctx.now.get();
        }
    }

    /// [`Chart::run`] by passes over the window until one builds nothing (the reference
    /// algorithm, and the fallback of [`Chart::sweep_w`]).
    fn passes(
        &mut self,
        toks: &[Tok],
        ctx: &Ctx,
        dirs: &mut crate::tense::Dirs,
        pieces: &mut Vec<Piece>,
    ) {
        match ctx.g.bits.w {
            1 => self.run_w::<1>(toks, ctx, dirs, pieces),
            2 => self.run_w::<2>(toks, ctx, dirs, pieces),
            3 => self.run_w::<3>(toks, ctx, dirs, pieces),
            4 => self.run_w::<4>(toks, ctx, dirs, pieces),
            5 => self.run_w::<5>(toks, ctx, dirs, pieces),
            6 => self.run_w::<6>(toks, ctx, dirs, pieces),
            _ => self.run_w::<0>(toks, ctx, dirs, pieces),
        }
    }

    /// [`Chart::run`] for rule sets of `W` words (`g.bits.w`), or of any width when `W` is 0.
    fn run_w<const W: usize>(
        &mut self,
        toks: &[Tok],
        ctx: &Ctx,
        dirs: &mut crate::tense::Dirs,
        pieces: &mut Vec<Piece>,
    ) {
        let g = ctx.g;
        let n = toks.len();
        pieces.clear();
        if self.at.len() < n {
            self.at.resize_with(n, Vec::new);
        }
        for a in &mut self.at[..n] {
            a.clear();
        }
        self.present.fill(0);
        let Chart {
            base,
            anywhere,
            wids,
            has_word,
            visit,
            visit_all,
            allowed,
            allowed_known,
            at,
            present,
            cand_bits,
            fresh_kinds,
            seen,
            matches,
            flat,
            slots,
            steps,
            max_elems,
            events,
            ev_slots,
            kinds_at,
            pm,
            ..
        } = self;
        events.clear();
        ev_slots.clear();
        let at = &mut at[..n];
        let max_elems = *max_elems;
        // The matcher's slots, one per element of the longest rule (see `Matcher::slots`).
        if slots.len() < max_elems {
            slots.resize(max_elems, None);
        }
        let (rw, kw) = (if W > 0 { W } else { g.bits.w }, g.bits.kw);
        debug_assert_eq!(rw, g.bits.w);
        // Rows of `rw` words, sliced once so that their length is known here.
        let cand_bits = &mut cand_bits[..rw];
        let anywhere = &anywhere[..rw];
        // Kind sets of one word (at most 64 kinds, as in the packs so far): tested as one
        // integer, not through slices of `kw` words.
        let narrow = kw == 1;
        let push = |p: Piece,
                    pieces: &mut Vec<Piece>,
                    at: &mut [Vec<u32>],
                    present: &mut [u64],
                    kinds_at: &mut [u64]| {
            if let Some(x) = present.get_mut(p.kind as usize / 64) {
                *x |= 1 << (p.kind % 64);
            }
            if p.kind < 64 {
                kinds_at[p.s as usize] |= 1 << p.kind;
            }
            at[p.s as usize].push(pieces.len() as u32);
            pieces.push(p);
        };
        kinds_at.clear();
        kinds_at.resize(n, 0);
        pm.resize(rw, 0);
        let pm = &mut pm[..rw];
        let (pm_start, pair_rows) = pair_mask_start(g, ctx.conv, rw);
        let idle = bare_positions_idle(g, anywhere, ctx.conv, rw);
        for p in base.iter() {
            push(base_copy(p), pieces, at, present, kinds_at);
        }
        fill_visit(visit, at, wids, idle && !*visit_all);
        let visit = &visit[..];
        seen.clear();
        // After the first pass, a rule can only match something new if it starts where its
        // elements can reach a piece built in the previous pass: `steps[q]` is the fewest
        // elements (tokens or pieces) leading from position q to the start of such a piece.
        let mut fresh_from = 0usize;
        steps.clear();
        steps.resize(n + 1, 0);
        for pass in 0..MAX_PASSES {
            let before = pieces.len();
            let (lo, hi) = if pass == 0 {
                (0, n)
            } else {
                steps.fill(usize::MAX);
                fresh_kinds.clear();
                fresh_kinds.resize(kw, 0);
                let mut hi = 0;
                for p in &pieces[fresh_from..] {
                    fresh_kinds[p.kind as usize / 64] |= 1 << (p.kind % 64);
                    steps[p.s as usize] = 0;
                    hi = hi.max(p.s as usize + 1);
                }
                for q in (0..hi).rev() {
                    if steps[q] == 0 {
                        continue;
                    }
                    let mut best = steps[q + 1];
                    for &pi in &at[q] {
                        best = best.min(steps[pieces[pi as usize].e as usize]);
                    }
                    steps[q] = best.saturating_add(1);
                }
                let lo = (0..hi).find(|&q| steps[q] < max_elems).unwrap_or(hi);
                (lo, hi)
            };
            let from = visit.partition_point(|&q| (q as usize) < lo);
            for &s in &visit[from..] {
                let s = s as usize;
                if s >= hi {
                    break;
                }
                if pass > 0 && steps[s] >= max_elems {
                    continue;
                }
                // After the first pass, a rule of at most `steps[s]` elements cannot reach a
                // piece of the previous pass from here, so everything it matches was already
                // tried (and is in `seen`); unless this pass has added a piece at `s` itself.
                let reach = if pass > 0 { steps[s] } else { 0 };
                let at_s = at[s].len();
                let tr = if wids[s] != crate::rules::NO_WORD {
                    &g.bits.by_word[wids[s] as usize * rw..(wids[s] as usize + 1) * rw]
                } else {
                    anywhere
                };
                // Most positions start nothing (no piece, and no rule for their word): the
                // set would be empty.
                if at_s == 0 && tr.iter().all(|&x| x == 0) {
                    continue;
                }
                for (c, t) in cand_bits.iter_mut().zip(tr) {
                    *c = *t;
                }
                if at_s > 0 {
                    for &pi in &at[s] {
                        let k = pieces[pi as usize].kind as usize;
                        for (c, b) in cand_bits
                            .iter_mut()
                            .zip(&g.bits.by_kind[k * rw..(k + 1) * rw])
                        {
                            *c |= b;
                        }
                    }
                }
                // The pair mask: the candidates' first two elements are tested through the
                // pairs of classes present here (see `RuleBits::pair_by_kind`), grown as
                // pieces are built at `s` (which the later rules here may start with). Its
                // rows hold no assistant rule outside that convention, so the candidates
                // need no mask of their own for it.
                pm.copy_from_slice(pm_start);
                if wids[s] != crate::rules::NO_WORD {
                    add_pairs(
                        pm,
                        &g.bits.pair_by_word[wids[s] as usize],
                        pair_rows,
                        s + 1,
                        wids,
                        kinds_at,
                    );
                }
                for &pi in &at[s] {
                    let p = &pieces[pi as usize];
                    add_pairs(
                        pm,
                        &g.bits.pair_by_kind[p.kind as usize],
                        pair_rows,
                        p.e as usize,
                        wids,
                        kinds_at,
                    );
                }
                // Set bits in increasing order: the rules in index order, each once.
                let mut next = 0usize;
                loop {
                    let mut word = next / 64;
                    if word >= rw {
                        break;
                    }
                    let mut bits = cand_bits[word] & pm[word] & (!0u64 << (next % 64));
                    while bits == 0 {
                        word += 1;
                        if word == rw {
                            break;
                        }
                        bits = cand_bits[word] & pm[word];
                    }
                    if bits == 0 {
                        break;
                    }
                    let ri = (word * 64 + bits.trailing_zeros() as usize) as u16;
                    next = ri as usize + 1;
                    if at[s].len() >= MAX_PIECES_PER_TOKEN {
                        break;
                    }
                    if g.bits.len[ri as usize] <= reach && at[s].len() == at_s {
                        continue;
                    }
                    let lacks = if narrow {
                        g.bits.needs[ri as usize] & !present[0] != 0
                    } else {
                        let needs = &g.bits.needs[ri as usize * kw..(ri as usize + 1) * kw];
                        needs.iter().zip(present.iter()).any(|(n, p)| n & !p != 0)
                    };
                    if lacks || !rule_allowed(g, has_word, allowed, allowed_known, ri as usize) {
                        continue;
                    }
                    let rule = &g.rules[ri as usize];
                    // Likewise, a rule none of whose elements at least `reach` in can hold a
                    // piece of the kinds the previous pass built matches nothing new here.
                    if pass > 0 && at[s].len() == at_s {
                        let j = (ri as usize * (max_elems + 1) + reach.min(max_elems)) * kw;
                        let reaches = if narrow {
                            g.bits.kinds_from[j] & fresh_kinds[0] != 0
                        } else {
                            let later = &g.bits.kinds_from[j..j + kw];
                            later
                                .iter()
                                .zip(fresh_kinds.iter())
                                .any(|(a, f)| a & f != 0)
                        };
                        if !reaches {
                            continue;
                        }
                    }
                    let ne = rule.elems.len();
                    matches.clear();
                    flat.clear();
                    Matcher {
                        g,
                        rule,
                        wids,
                        pieces,
                        at,
                        slots: &mut slots[..ne],
                        matches,
                        flat,
                        path: 0,
                    }
                    .go(0, s);
                    for &(e, off, _) in matches.iter() {
                        let slots = &flat[off..off + ne];
                        let key = {
                            // Same span, rule and children: already built.
                            let mut h: u64 =
                                (s as u64) << 48 ^ (e as u64) << 32 ^ (ri as u64) << 16;
                            for x in slots {
                                h = h
                                    .wrapping_mul(0x100000001b3)
                                    .wrapping_add(x.map_or(0xffff_ffff, |v| v as u64));
                            }
                            h
                        };
                        if !seen.insert(key) {
                            continue;
                        }
                        // Only operations that resolve a time read the clause's tense.
                        let dir = if rule.uses_dir {
                            dirs.get(s)
                        } else {
                            Dir::Nearest
                        };
                        let (made, read) = ctx.now.watch(|| {
                            eval_call(ctx, rule.op_id, &rule.op, &rule.args, slots, pieces, dir)
                        });
                        events.push(Event {
                            made: if made.is_some() {
                                pieces.len() as u32
                            } else {
                                NO_PIECE
                            },
                            rule: ri,
                            dir,
                            read,
                            slots: ev_slots.len() as u32,
                        });
                        ev_slots.extend_from_slice(slots);
                        if let Some((kind, val)) = made {
                            let size = 1 + slots
                                .iter()
                                .flatten()
                                .map(|&pi| pieces[pi as usize].size)
                                .sum::<u16>();
                            push(
                                Piece {
                                    s: s as u32,
                                    e,
                                    kind,
                                    val,
                                    rule: ri,
                                    size,
                                },
                                pieces,
                                at,
                                present,
                                kinds_at,
                            );
                            add_pairs(
                                pm,
                                &g.bits.pair_by_kind[kind as usize],
                                pair_rows,
                                e as usize,
                                wids,
                                kinds_at,
                            );
                        }
                    }
                }
            }
            if pieces.len() == before {
                break;
            }
            fresh_from = before;
        }
    }
}

impl Chart {
    /// [`Chart::run`] by one sweep from the last position to the first, building what the
    /// passes build (the same pieces and values, in the order `run` promises), or false (then
    /// the caller runs the passes). The passes visit every position again after each pass that built something
    /// (most windows take three: two that build, one that finds nothing), and a rule tried
    /// again enumerates again every match it found before (half the matches of later passes
    /// are such repeats). Here a position is visited once, when every piece starting after
    /// it is built: a match's elements after its first all start past the position, so the
    /// only pieces still to come that it can use are those starting at the position itself,
    /// and those are its first element. So the candidates at a position are the rules its
    /// word and pieces can start, tried in rule order, and a rule is tried again only when a
    /// piece built there can start it (`by_kind`): the matches evaluated are exactly those of
    /// the passes, each once.
    ///
    /// The order of the pieces decides only among equal readings (same span and size): where
    /// the sweep built two such, [`Chart::order_as_passes`] puts all built pieces in the
    /// passes' order (by pass, position, rule and the matcher's order within one try), each
    /// piece's pass worked out from its children's (see there); else the sweep's order
    /// stands. Given up (false) where a bound of the passes may have cut what they build:
    /// more than 16 matches of a rule at a position, 64 pieces at a position, a piece of the
    /// ninth pass, an empty piece, patterns of more than 64 elements.
    fn sweep_w<const W: usize>(
        &mut self,
        toks: &[Tok],
        ctx: &Ctx,
        dirs: &mut crate::tense::Dirs,
        pieces: &mut Vec<Piece>,
    ) -> bool {
        let g = ctx.g;
        let n = toks.len();
        pieces.clear();
        if self.max_elems > 64 {
            return false;
        }
        if self.at.len() < n {
            self.at.resize_with(n, Vec::new);
        }
        for a in &mut self.at[..n] {
            a.clear();
        }
        self.present.fill(0);
        let Chart {
            base,
            anywhere,
            wids,
            has_word,
            visit,
            visit_all,
            allowed,
            allowed_known,
            at,
            present,
            cand_bits,
            seen,
            matches,
            flat,
            slots,
            max_elems,
            events,
            ev_slots,
            kinds_at,
            pm,
            built,
            loose_ties,
            ..
        } = self;
        events.clear();
        ev_slots.clear();
        built.clear();
        loose_ties.clear();
        let at = &mut at[..n];
        let max_elems = *max_elems;
        if slots.len() < max_elems {
            slots.resize(max_elems, None);
        }
        let (rw, kw) = (if W > 0 { W } else { g.bits.w }, g.bits.kw);
        debug_assert_eq!(rw, g.bits.w);
        let todo = &mut cand_bits[..rw];
        let anywhere = &anywhere[..rw];
        let narrow = kw == 1;
        kinds_at.clear();
        kinds_at.resize(n, 0);
        pm.resize(rw, 0);
        let pm = &mut pm[..rw];
        let (pm_start, pair_rows) = pair_mask_start(g, ctx.conv, rw);
        let idle = bare_positions_idle(g, anywhere, ctx.conv, rw);
        for p in base.iter() {
            if let Some(x) = present.get_mut(p.kind as usize / 64) {
                *x |= 1 << (p.kind % 64);
            }
            if p.kind < 64 {
                kinds_at[p.s as usize] |= 1 << p.kind;
            }
            at[p.s as usize].push(pieces.len() as u32);
            pieces.push(base_copy(p));
        }
        fill_visit(visit, at, wids, idle && !*visit_all);
        seen.clear();
        for &s in visit.iter().rev() {
            let s = s as usize;
            let tr = if wids[s] != crate::rules::NO_WORD {
                &g.bits.by_word[wids[s] as usize * rw..(wids[s] as usize + 1) * rw]
            } else {
                anywhere
            };
            if at[s].is_empty() && tr.iter().all(|&x| x == 0) {
                continue;
            }
            todo.copy_from_slice(tr);
            pm.copy_from_slice(pm_start);
            if wids[s] != crate::rules::NO_WORD {
                add_pairs(
                    pm,
                    &g.bits.pair_by_word[wids[s] as usize],
                    pair_rows,
                    s + 1,
                    wids,
                    kinds_at,
                );
            }
            for &pi in &at[s] {
                let p = &pieces[pi as usize];
                let k = p.kind as usize;
                for (c, b) in todo.iter_mut().zip(&g.bits.by_kind[k * rw..(k + 1) * rw]) {
                    *c |= b;
                }
                add_pairs(
                    pm,
                    &g.bits.pair_by_kind[k],
                    pair_rows,
                    p.e as usize,
                    wids,
                    kinds_at,
                );
            }
            // The lowest rule to try, until none: a rule the pair mask rejects now can only
            // pass it through a piece built here later, which puts it back (`by_kind`).
            loop {
                let mut ri = usize::MAX;
                for (word, (t, m)) in todo.iter_mut().zip(pm.iter()).enumerate() {
                    *t &= *m;
                    if *t != 0 {
                        ri = word * 64 + t.trailing_zeros() as usize;
                        *t &= *t - 1;
                        break;
                    }
                }
                if ri == usize::MAX {
                    break;
                }
                let lacks = if narrow {
                    g.bits.needs[ri] & !present[0] != 0
                } else {
                    let needs = &g.bits.needs[ri * kw..(ri + 1) * kw];
                    needs.iter().zip(present.iter()).any(|(n, p)| n & !p != 0)
                };
                if lacks || !rule_allowed(g, has_word, allowed, allowed_known, ri) {
                    continue;
                }
                let rule = &g.rules[ri];
                let ne = rule.elems.len();
                matches.clear();
                flat.clear();
                Matcher {
                    g,
                    rule,
                    wids,
                    pieces,
                    at,
                    slots: &mut slots[..ne],
                    matches,
                    flat,
                    path: 0,
                }
                .go(0, s);
                // The passes' matcher stops past 16 matches: with more, what it found in
                // each pass is not known here.
                if matches.len() > 16 {
                    return false;
                }
                for &(e, off, path) in matches.iter() {
                    let slots = &flat[off..off + ne];
                    let key = {
                        let mut h: u64 = (s as u64) << 48 ^ (e as u64) << 32 ^ (ri as u64) << 16;
                        for x in slots {
                            h = h
                                .wrapping_mul(0x100000001b3)
                                .wrapping_add(x.map_or(0xffff_ffff, |v| v as u64));
                        }
                        h
                    };
                    if !seen.insert(key) {
                        continue;
                    }
                    let dir = if rule.uses_dir {
                        dirs.get(s)
                    } else {
                        Dir::Nearest
                    };
                    let (made, read) = ctx.now.watch(|| {
                        eval_call(ctx, rule.op_id, &rule.op, &rule.args, slots, pieces, dir)
                    });
                    events.push(Event {
                        made: if made.is_some() {
                            pieces.len() as u32
                        } else {
                            NO_PIECE
                        },
                        rule: ri as u16,
                        dir,
                        read,
                        slots: ev_slots.len() as u32,
                    });
                    ev_slots.extend_from_slice(slots);
                    let Some((kind, val)) = made else { continue };
                    if e as usize <= s {
                        return false;
                    }
                    let size = 1 + slots
                        .iter()
                        .flatten()
                        .map(|&pi| pieces[pi as usize].size)
                        .sum::<u16>();
                    if let Some(x) = present.get_mut(kind as usize / 64) {
                        *x |= 1 << (kind % 64);
                    }
                    if kind < 64 {
                        kinds_at[s] |= 1 << kind;
                    }
                    at[s].push(pieces.len() as u32);
                    built.push((events.len() as u32 - 1, path));
                    pieces.push(Piece {
                        s: s as u32,
                        e,
                        kind,
                        val,
                        rule: ri as u16,
                        size,
                    });
                    if at[s].len() >= MAX_PIECES_PER_TOKEN {
                        return false;
                    }
                    let k = kind as usize;
                    add_pairs(
                        pm,
                        &g.bits.pair_by_kind[k],
                        pair_rows,
                        e as usize,
                        wids,
                        kinds_at,
                    );
                    for (c, b) in todo.iter_mut().zip(&g.bits.by_kind[k * rw..(k + 1) * rw]) {
                        *c |= b;
                    }
                }
            }
        }
        // Only pieces of the same span and size are told apart by their order (the choice
        // and `parse_number` sort by span and size, and take the last of equals): the
        // passes' order matters only among such, and most windows have none.
        // Nor are two of the same kind, rule and value: what the choice of expressions and
        // `parse_number` read of a piece is its span, size, kind, rule and value, so either
        // order gives the same answers. They are kept (`loose_ties`) for a replay against
        // another reference, which may make them differ: it gives up then, and the run
        // that follows orders them if they are still told apart.
        let nb = pieces.len() - built.len();
        let mut tied = false;
        'pieces: for j in nb..pieces.len() {
            let p = &pieces[j];
            if !reported(p.kind) {
                continue;
            }
            for &x in &at[p.s as usize] {
                let x = x as usize;
                let q = &pieces[x];
                if !(x > j && q.e == p.e && q.size == p.size && reported(q.kind)) {
                    continue;
                }
                if q.kind == p.kind && q.rule == p.rule && q.val == p.val {
                    loose_ties.push((j as u32, x as u32));
                    continue;
                }
                tied = true;
                break 'pieces;
            }
        }
        if !tied {
            return true;
        }
        loose_ties.clear();
        // A piece's pass is at most its derivation's height less one, and so less than its
        // size (rule applications): where every size is within the passes' bound, ordering
        // cannot fail (`order_as_passes` gives up only on a pass past the last), so it can
        // wait until a caller needs it.
        if self.lazy && pieces[nb..].iter().all(|p| (p.size as usize) <= MAX_PASSES) {
            self.unordered = true;
            return true;
        }
        self.order_as_passes(g, pieces)
    }

    /// Puts the pieces [`Chart::sweep_w`] built in the order the passes build them, and the
    /// events' piece numbers with them (the events stay in the sweep's order: children before
    /// parents, all that [`Chart::replay`] needs); false if one belongs to a pass past the
    /// last.
    ///
    /// The pass a match is found in is the first in which its children all exist when its
    /// rule is tried at its position (the passes skip only tries that can find nothing new):
    /// a child starting after the position must be from an earlier pass (later positions are
    /// visited after it); the first element's piece, at the position, may be of the same
    /// pass if its rule comes before (rules are tried in order) and the match's rule was
    /// among the position's candidates when the pass came to it (the rules of its word and
    /// of the kinds of the pieces there from earlier passes), else of the previous one.
    /// Passes are worked out level by level, so that the pieces an answer reads (those of
    /// earlier passes at the position) are known. Within a pass, position and rule, the
    /// matcher's order: element by element, a consumed word, then the pieces in their order,
    /// then the element skipped.
    fn order_as_passes(&mut self, g: &Grammar, pieces: &mut [Piece]) -> bool {
        let Chart {
            anywhere,
            wids,
            at,
            events,
            ev_slots,
            built,
            pass,
            keys,
            final_of,
            waiting,
            adj_at,
            adj,
            cur,
            next,
            ..
        } = self;
        let rw = g.bits.w;
        let nb = pieces.len() - built.len();
        const UNSET: u8 = u8::MAX;
        pass.clear();
        pass.resize(built.len(), UNSET);
        let has = |row: &[u64], ri: usize| row[ri / 64] & (1 << (ri % 64)) != 0;
        // The pass of built piece `t` from its children's (all placed): the first child's,
        // at the position, if its rule comes before and the piece's rule was among the
        // position's candidates in that pass (a rule of its word, or of the kind of a piece
        // there from an earlier pass), else one more; one more than any other child's.
        let need_of = |t: usize, pass: &[u8]| -> u8 {
            let p = &pieces[nb + t];
            let (s, ri) = (p.s as usize, p.rule as usize);
            let ev = &events[built[t].0 as usize];
            let off = ev.slots as usize;
            let mut found = 0u8;
            for &c in ev_slots[off..off + g.rules[ri].elems.len()]
                .iter()
                .flatten()
            {
                let c = c as usize;
                if c < nb {
                    continue;
                }
                let pc = pass[c - nb];
                let q = &pieces[c];
                let same = if q.s as usize > s || q.rule as usize >= ri {
                    false
                } else {
                    let tr = if wids[s] != crate::rules::NO_WORD {
                        &g.bits.by_word[wids[s] as usize * rw..(wids[s] as usize + 1) * rw]
                    } else {
                        &anywhere[..rw]
                    };
                    has(tr, ri)
                        || at[s].iter().any(|&x| {
                            let x = x as usize;
                            let k = pieces[x].kind as usize;
                            // Unplaced pieces are of this pass or later.
                            (x < nb || pass[x - nb] < pc)
                                && has(&g.bits.by_kind[k * rw..(k + 1) * rw], ri)
                        })
                };
                found = found.max(if same { pc } else { pc + 1 });
            }
            found
        };
        // Passes level by level (a piece's pass is its children's or one more, and what
        // its candidacy reads is of earlier passes): a piece is worked out once, when its
        // last built child is placed. `waiting`: built children not placed yet; `adj`:
        // parents by child (CSR over `adj_at`).
        waiting.clear();
        waiting.resize(built.len(), 0);
        adj_at.clear();
        adj_at.resize(built.len() + 1, 0);
        for (t, &(ev, _)) in built.iter().enumerate() {
            let ev = &events[ev as usize];
            let ne = g.rules[pieces[nb + t].rule as usize].elems.len();
            let off = ev.slots as usize;
            for &c in ev_slots[off..off + ne].iter().flatten() {
                if c as usize >= nb {
                    waiting[t] += 1;
                    adj_at[c as usize - nb + 1] += 1;
                }
            }
        }
        for t in 0..built.len() {
            adj_at[t + 1] += adj_at[t];
        }
        adj.clear();
        adj.resize(adj_at[built.len()] as usize, 0);
        {
            // `next` (empty until the levels) holds each child's next free entry.
            let fill = &mut *next;
            fill.clear();
            fill.extend_from_slice(&adj_at[..built.len()]);
            for (t, &(ev, _)) in built.iter().enumerate() {
                let ev = &events[ev as usize];
                let ne = g.rules[pieces[nb + t].rule as usize].elems.len();
                let off = ev.slots as usize;
                for &c in ev_slots[off..off + ne].iter().flatten() {
                    if c as usize >= nb {
                        let f = &mut fill[c as usize - nb];
                        adj[*f as usize] = t as u32;
                        *f += 1;
                    }
                }
            }
            fill.clear();
        }
        cur.clear();
        for t in 0..built.len() {
            if waiting[t] == 0 {
                pass[t] = 0;
                cur.push(t as u32);
            }
        }
        let mut level = 0u8;
        let mut placed = 0;
        while !cur.is_empty() {
            if level as usize >= MAX_PASSES {
                return false;
            }
            while let Some(t) = cur.pop() {
                placed += 1;
                for &u in &adj[adj_at[t as usize] as usize..adj_at[t as usize + 1] as usize] {
                    let u = u as usize;
                    waiting[u] -= 1;
                    if waiting[u] > 0 {
                        continue;
                    }
                    let p = if need_of(u, pass) == level {
                        cur.push(u as u32);
                        level
                    } else {
                        next.push(u as u32);
                        level + 1
                    };
                    pass[u] = p;
                }
            }
            std::mem::swap(cur, next);
            level += 1;
        }
        if placed != built.len() {
            return false;
        }
        final_of.clear();
        final_of.extend(0..pieces.len() as u32);
        Self::order_all(g, pieces, nb, built, pass, keys, final_of, events, ev_slots);
        // The events' piece numbers, then the pieces themselves (in place, by cycles).
        for ev in events.iter_mut() {
            if ev.made != NO_PIECE {
                ev.made = final_of[ev.made as usize];
            }
        }
        for x in ev_slots.iter_mut().flatten() {
            *x = final_of[*x as usize];
        }
        for i in nb..pieces.len() {
            while final_of[i] as usize != i {
                let to = final_of[i] as usize;
                pieces.swap(i, to);
                final_of.swap(i, to);
            }
        }
        // (`at` still numbers the sweep's order: it is scratch, rebuilt by every run.)
        true
    }

    /// The places of all built pieces in the passes' order (`final_of`, from the identity),
    /// given their passes: by pass, position and rule, and within one try in the matcher's
    /// order (see [`Chart::order_as_passes`]).
    #[allow(clippy::too_many_arguments)]
    fn order_all(
        g: &Grammar,
        pieces: &[Piece],
        nb: usize,
        built: &[(u32, u64)],
        pass: &[u8],
        keys: &mut Vec<u128>,
        final_of: &mut [u32],
        events: &[Event],
        ev_slots: &[Option<u32>],
    ) {
        // Sort key: pass, position, rule, then the sweep's number (groups to order further).
        keys.clear();
        keys.extend((0..built.len()).map(|t| {
            let p = &pieces[nb + t];
            (pass[t] as u128) << 96 | (p.s as u128) << 64 | (p.rule as u128) << 32 | t as u128
        }));
        keys.sort_unstable();
        let mut i = 0;
        while i < keys.len() {
            let mut e = i + 1;
            while e < keys.len() && keys[e] >> 32 == keys[i] >> 32 {
                e += 1;
            }
            if e - i > 1 {
                // One try's matches: the matcher's order, its children's places known
                // (children come from earlier groups).
                let group = &mut keys[i..e];
                group.sort_by(|a, b| {
                    let (ta, tb) = (*a as u32 as usize, *b as u32 as usize);
                    let rule = &g.rules[pieces[nb + ta].rule as usize];
                    let (ea, eb) = (&events[built[ta].0 as usize], &events[built[tb].0 as usize]);
                    let (pa, pb) = (built[ta].1, built[tb].1);
                    let choice = |ev: &Event, path: u64, ei: usize| -> u64 {
                        if path & (1 << ei) == 0 {
                            return u64::MAX;
                        }
                        match ev_slots[ev.slots as usize + ei] {
                            Some(c) => 1 + final_of[c as usize] as u64,
                            None => 0,
                        }
                    };
                    for ei in 0..rule.elems.len() {
                        let o = choice(ea, pa, ei).cmp(&choice(eb, pb, ei));
                        if o != std::cmp::Ordering::Equal {
                            return o;
                        }
                    }
                    std::cmp::Ordering::Equal
                });
            }
            for (k, key) in keys[i..e].iter().enumerate() {
                final_of[nb + (*key as u32 as usize)] = (nb + i + k) as u32;
            }
            i = e;
        }
    }
}

impl Chart {
    /// The pieces [`Chart::run`] would build against `ctx`'s reference, from those the last
    /// `run` built in `pieces` against another (same window, grammar and directions), without
    /// parsing again: only the productions that read the reference, or read a piece whose
    /// value changed, are evaluated again. While each gives a piece of the same kind and
    /// shape (everything a pattern tests, see `same_shape`), or nothing where there was
    /// nothing, the chart grows the same way and only those values differ. Otherwise returns
    /// false, with `pieces` half updated: the caller must `run` again; also when two pieces
    /// the run left in the sweep's order for being equal differ now.
    pub fn replay(&mut self, ctx: &Ctx, pieces: &mut [Piece]) -> bool {
        let g = ctx.g;
        let Chart {
            events,
            ev_slots,
            dirty,
            loose_ties,
            ..
        } = self;
        dirty.clear();
        dirty.resize(pieces.len(), false);
        for ev in events.iter() {
            let Some(rule) = g.rules.get(ev.rule as usize) else {
                return false;
            };
            let off = ev.slots as usize;
            let Some(slots) = ev_slots.get(off..off + rule.elems.len()) else {
                return false;
            };
            if !ev.read && !slots.iter().flatten().any(|&p| dirty[p as usize]) {
                continue;
            }
            let made = eval_call(ctx, rule.op_id, &rule.op, &rule.args, slots, pieces, ev.dir);
            match (ev.made, made) {
                (NO_PIECE, None) => {}
                (i, Some((kind, val))) if i != NO_PIECE => {
                    let p = &mut pieces[i as usize];
                    if p.kind != kind || !same_shape(&p.val, &val) {
                        return false;
                    }
                    if p.val != val {
                        p.val = val;
                        dirty[i as usize] = true;
                    }
                }
                _ => return false,
            }
        }
        // Pieces the run left unordered for being equal must still be (see `loose_ties`):
        // else their passes' order may decide, and the caller's run works it out.
        loose_ties.iter().all(|&(a, b)| {
            pieces
                .get(a as usize)
                .zip(pieces.get(b as usize))
                .is_some_and(|(p, q)| p.val == q.val)
        })
    }
}

/// [`Chart::look_up`] without the memo: one fingerprint test for both lookups (lexicon
/// entries and rule words), and a word's decomposition into number morphemes.
fn look_up_in(g: &Grammar, t: &Tok) -> (u32, u32, Option<f64>) {
    let norm = t.norm.as_str();
    let (w, lx) = if g.known.may_hold(norm) {
        g.tok_lookup
            .get(norm)
            .copied()
            .unwrap_or((crate::rules::NO_WORD, crate::rules::NO_WORD))
    } else {
        (crate::rules::NO_WORD, crate::rules::NO_WORD)
    };
    let num = if t.kind == Kind::Word
        && g.prefilter
            .as_ref()
            .is_none_or(|pf| pf.may_be_number_word(norm.as_bytes()))
    {
        g.number_word(norm)
    } else {
        None
    };
    (w, lx, num)
}

/// Runs a production, evaluating nested calls first.
#[allow(clippy::too_many_arguments)]
fn eval_call(
    ctx: &Ctx,
    id: crate::prod::Op,
    op: &str,
    args: &[Arg],
    slots: &[Option<u32>],
    pieces: &[Piece],
    dir: Dir,
) -> Option<(u16, Val)> {
    // Most productions have a few flat arguments: bind them on the stack.
    const FLAT: usize = 8;
    if args.len() <= FLAT && !args.iter().any(|a| matches!(a, Arg::Call(..))) {
        let mut av = [A::None; FLAT];
        for (x, a) in av.iter_mut().zip(args) {
            *x = match a {
                Arg::Slot(k) => match slots[*k] {
                    Some(pi) => A::V(&pieces[pi as usize].val),
                    None => A::None,
                },
                Arg::Lit(l) if l == "_" => A::None,
                Arg::Lit(l) => A::Lit(l.as_str()),
                Arg::Call(..) => A::None,
            };
        }
        return ctx.apply_op(id, op, &av[..args.len()], dir);
    }
    let mut inner: Vec<Option<Val>> = Vec::with_capacity(args.len());
    for a in args {
        inner.push(match a {
            Arg::Call(o, aa) => {
                Some(eval_call(ctx, crate::prod::Op::of(o), o, aa, slots, pieces, dir)?.1)
            }
            _ => None,
        });
    }
    let av: Vec<A> = args
        .iter()
        .zip(&inner)
        .map(|(a, v)| match a {
            Arg::Slot(k) => match slots[*k] {
                Some(pi) => A::V(&pieces[pi as usize].val),
                None => A::None,
            },
            Arg::Lit(l) if l == "_" => A::None,
            Arg::Lit(l) => A::Lit(l.as_str()),
            Arg::Call(..) => v.as_ref().map(A::V).unwrap_or(A::None),
        })
        .collect();
    ctx.apply_op(id, op, &av, dir)
}

/// Whether the window (its literal words `has_word`) holds a word of each required literal
/// element of rule `ri`; worked out once per window and rule (`known`, `allowed`). The answer
/// already known (most calls: 74,000 per 1,000 news articles, a few per rule and window) is
/// read inline; only working it out is a call.
#[inline(always)]
fn rule_allowed(
    g: &Grammar,
    has_word: &[u64],
    allowed: &mut [u64],
    known: &mut [u64],
    ri: usize,
) -> bool {
    let (word, bit) = (ri / 64, 1u64 << (ri % 64));
    if known[word] & bit == 0 {
        work_out_allowed(g, has_word, allowed, known, ri);
    }
    allowed[word] & bit != 0
}

/// [`rule_allowed`]'s first answer for a rule in a window.
#[inline(never)]
fn work_out_allowed(
    g: &Grammar,
    has_word: &[u64],
    allowed: &mut [u64],
    known: &mut [u64],
    ri: usize,
) {
    let (word, bit) = (ri / 64, 1u64 << (ri % 64));
    known[word] |= bit;
    let ok = match g.bits.with_words_of.get(ri) {
        Some(&x) if x != u32::MAX => g.bits.with_words[x as usize]
            .1
            .iter()
            .all(|m| m.iter().zip(has_word).any(|(a, b)| a & b != 0)),
        _ => true,
    };
    if ok {
        allowed[word] |= bit;
    }
}

/// Adds to `pm` the rule rows of the pairs of `ix` (one first element's) whose second class
/// starts at `q`. Inlined at each of its call sites (most positions call it): as a call it
/// cost more than its work.
#[inline(always)]
fn add_pairs(
    pm: &mut [u64],
    ix: &crate::rules::PairIx,
    rows: &[u64],
    q: usize,
    wids: &[u32],
    kinds_at: &[u64],
) {
    let Some(&w) = wids.get(q) else { return };
    let rw = pm.len();
    let mut or_row = |row: u32| {
        let row = row as usize * rw;
        for (x, r) in pm.iter_mut().zip(&rows[row..row + rw]) {
            *x |= r;
        }
    };
    let mut ks = ix.kinds & kinds_at[q];
    while ks != 0 {
        let below = ix.kinds & ((1u64 << ks.trailing_zeros()) - 1);
        or_row(ix.kind_rows[below.count_ones() as usize]);
        ks &= ks - 1;
    }
    if w != crate::rules::NO_WORD && !ix.words.is_empty() {
        if let Ok(i) = ix.words.binary_search_by_key(&w, |x| x.0) {
            or_row(ix.words[i].1);
        }
    }
}

/// What a pattern match reads and where it writes, passed to the recursion as one pointer
/// (the matcher runs for every candidate rule at every position).
struct Matcher<'a> {
    g: &'a Grammar,
    rule: &'a Rule,
    wids: &'a [u32],
    pieces: &'a [Piece],
    at: &'a [Vec<u32>],
    /// One slot per element of the rule, written as the recursion goes (element `ei` at
    /// depth `ei`), so that a complete match has written them all: no pushing and popping.
    slots: &'a mut [Option<u32>],
    /// Matches as (end, offset into `flat`).
    matches: &'a mut Vec<(u32, usize, u64)>,
    flat: &'a mut Vec<Option<u32>>,
    /// Which elements the current path consumed (bit `ei`), written as the recursion goes
    /// like `slots`: [`Chart::sweep_w`] orders matches by it (elements past 64: not swept).
    path: u64,
}

impl Matcher<'_> {
    /// Matches the pattern's elements from `ei` on at token `pos`, recording each complete
    /// match (at most 17).
    fn go(&mut self, ei: usize, pos: usize) {
        let rule = self.rule;
        let Some((elem, opt)) = rule.elems.get(ei) else {
            self.matches.push((pos as u32, self.flat.len(), self.path));
            self.flat.extend_from_slice(self.slots);
            return;
        };
        if self.matches.len() > 16 {
            return;
        }
        if pos < self.wids.len() {
            match elem {
                Elem::Words(_, ids) => {
                    if ids.contains(&self.wids[pos]) {
                        self.slots[ei] = None;
                        self.path |= 1 << (ei % 64);
                        self.go(ei + 1, pos + 1);
                    }
                }
                Elem::Piece(k, pred) => {
                    let (pieces, at) = (self.pieces, self.at);
                    for &pi in &at[pos] {
                        let p = &pieces[pi as usize];
                        if p.kind != *k || !pred_ok(self.g, pred.as_ref(), p) {
                            continue;
                        }
                        self.slots[ei] = Some(pi);
                        self.path |= 1 << (ei % 64);
                        self.go(ei + 1, p.e as usize);
                    }
                }
            }
        }
        if *opt {
            self.slots[ei] = None;
            self.path &= !(1 << (ei % 64));
            self.go(ei + 1, pos);
        }
    }
}

fn pred_ok(g: &Grammar, pred: Option<&Pred>, p: &Piece) -> bool {
    let Some(pred) = pred else { return true };
    match (pred, &p.val) {
        (Pred::Range(a, b), Val::Num { v, .. }) => v.fract() == 0.0 && v >= a && v <= b,
        (Pred::Range(a, b), Val::Lex(i)) => g.lexvals[*i as usize]
            .int
            .is_some_and(|v| v as f64 >= *a && v as f64 <= *b),
        (Pred::Int, Val::Num { v, .. }) => v.fract() == 0.0,
        (Pred::Year, Val::Num { v, digits }) => *digits == 4 && (1000.0..=2999.0).contains(v),
        (Pred::Year, Val::Time(t)) => grain_of(t) == Some(Grain::Year),
        (Pred::Digits, Val::Num { digits, .. }) => *digits > 0,
        (Pred::Words, Val::Num { digits, .. }) => *digits == 0,
        (Pred::TwoDigits, Val::Num { digits, .. }) => *digits == 2,
        (Pred::Grains(gs), Val::Time(t)) => {
            let gr = match t {
                Tv::Fixed(iv) => iv.grain,
                Tv::Cons(c) => c.grain(),
                Tv::Sub { value, .. } => value.grain,
                Tv::Pair(p) => p.0.grain(),
                Tv::Open { .. } => return false,
            };
            gs.contains(&gr)
        }
        (Pred::Cons, Val::Time(t)) => matches!(t, Tv::Cons(_)),
        (Pred::Value(v), Val::Lex(i)) => g.lexvals[*i as usize].raw == *v,
        _ => false,
    }
}

/// Grain of a time value, for choosing among pieces.
pub fn grain_of(t: &Tv) -> Option<Grain> {
    Some(match t {
        Tv::Fixed(iv) => iv.grain,
        Tv::Cons(c) => c.grain(),
        Tv::Sub { value, .. } => value.grain,
        Tv::Open { anchor, .. } => anchor.grain,
        Tv::Pair(p) => p.0.grain(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prod::Now;
    use crate::tense::Dirs;
    use crate::token;

    /// The context of these tests: a fixed reference (3 January 2001, noon), no UTC offset, no
    /// seasons, the holidays given.
    fn test_ctx<'a>(
        g: &'a Grammar,
        conv: crate::Convention,
        holidays: &'a std::collections::HashMap<String, crate::cal::HolidayTable>,
    ) -> Ctx<'a> {
        Ctx {
            g,
            now: Now::new(jiff::civil::date(2001, 1, 3).at(12, 0, 0, 0)),
            offset: None,
            conv,
            seasons: &[],
            holidays,
        }
    }

    /// A chart reused across windows and grammars (its memo of candidate rules by kinds
    /// present warm, and shared by both languages in turn) answers `may_build` as a fresh
    /// chart does, on windows that build something and windows that cannot.
    #[test]
    fn may_build_through_the_memo_answers_as_a_fresh_chart() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let gs: Vec<Grammar> = ["it", "en"]
            .iter()
            .map(|l| Grammar::load(packs.get(l).expect("pack")).expect("grammar"))
            .collect();
        let texts = [
            "due militari e tre agenti",
            "i militari sono arrivati",
            "il 3 marzo 2024 alle 9",
            "persone, vittime e agenti",
            "two soldiers and three officers",
            "the officers arrived",
            "on March 3, 2024 at 9",
            "about 15,000 people",
            "ora",
            "due",
        ];
        let mut reused = Chart::default();
        let (mut yes, mut no) = (0, 0);
        for round in 0..3 {
            for text in texts {
                for g in &gs {
                    let mut toks = Vec::new();
                    token::scan(text, 0, &mut toks);
                    let mut fresh = Chart::default();
                    fresh.prepare(g, &toks);
                    reused.prepare(g, &toks);
                    for assistant in [false, true] {
                        let want = fresh.may_build(g, assistant);
                        assert_eq!(reused.may_build(g, assistant), want, "{round} {text}");
                        if want {
                            yes += 1;
                        } else {
                            no += 1;
                        }
                    }
                }
            }
        }
        assert!(yes > 0 && no > 0, "{yes} {no}");
    }

    /// Replaying a parse against another reference gives the pieces a fresh parse against
    /// that reference gives (spans, kinds, rules, sizes and values), and on text full of
    /// relative times it does change values without parsing again.
    #[test]
    fn replay_equals_a_fresh_parse() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let a = jiff::civil::date(2001, 1, 3).at(12, 0, 0, 0);
        let b = jiff::civil::date(2002, 7, 19).at(12, 0, 0, 0);
        let texts = [
            (
                "it",
                "Ieri il ministro ha detto che martedì scorso, tra tre giorni e nel 2024 \
                    fino a domani sera alle 9:30, circa 15mila persone il 19 aprile.",
            ),
            (
                "it",
                "Lo scorso anno, a marzo di quest'anno, la settimana prossima, oggi.",
            ),
            (
                "en",
                "Yesterday the minister said that last Tuesday, in three days and in 2024 \
                    until tomorrow evening at 9:30, about 15,000 people on April 19.",
            ),
            (
                "en",
                "Last year, in March this year, next week, today, two weeks ago.",
            ),
        ];
        let mut replayed = 0;
        let mut changed = 0;
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            let ctx = |now| Ctx {
                g: &g,
                now: Now::new(now),
                offset: None,
                conv: crate::Convention::News,
                seasons: &[],
                holidays: &holidays,
            };
            let mut chart = Chart::default();
            chart.prepare(&g, &toks);
            let mut pieces = Vec::new();
            chart.run(&toks, &ctx(a), &mut Dirs::fixed(Dir::Past), &mut pieces);
            let before: Vec<Val> = pieces.iter().map(|p| p.val.clone()).collect();
            let mut fresh = Vec::new();
            let mut other = Chart::default();
            other.prepare(&g, &toks);
            other.run(&toks, &ctx(b), &mut Dirs::fixed(Dir::Past), &mut fresh);
            if chart.replay(&ctx(b), &mut pieces) {
                replayed += 1;
                changed += before
                    .iter()
                    .zip(&pieces)
                    .filter(|(x, p)| **x != p.val)
                    .count();
            } else {
                chart.run(&toks, &ctx(b), &mut Dirs::fixed(Dir::Past), &mut pieces);
            }
            assert_eq!(pieces.len(), fresh.len(), "{lang}: {text}");
            for (p, q) in pieces.iter().zip(&fresh) {
                assert_eq!(
                    (p.s, p.e, p.kind, p.rule, p.size, &p.val),
                    (q.s, q.e, q.kind, q.rule, q.size, &q.val),
                    "{lang}: {text}"
                );
            }
        }
        assert!(replayed >= 2, "{replayed} replays");
        assert!(changed >= 4, "{changed} values changed");
    }

    /// A replay gives up when two pieces the run left in the sweep's order for being equal
    /// (`loose_ties`) differ after it, and only then.
    #[test]
    fn replay_gives_up_when_loose_ties_differ() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let g = Grammar::load(packs.get("it").expect("pack")).expect("grammar");
        let mut toks = Vec::new();
        token::scan("il 19 aprile e il 20 aprile", 0, &mut toks);
        let ctx = test_ctx(&g, crate::Convention::News, &holidays);
        let mut chart = Chart::default();
        chart.prepare(&g, &toks);
        let mut pieces = Vec::new();
        chart.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut pieces);
        let times: Vec<u32> = (0..pieces.len() as u32)
            .filter(|&i| pieces[i as usize].kind == K_TIME)
            .collect();
        let (i, j) = times
            .iter()
            .flat_map(|&i| times.iter().map(move |&j| (i, j)))
            .find(|&(i, j)| pieces[i as usize].val != pieces[j as usize].val)
            .expect("two different times");
        chart.loose_ties = vec![(i, i)];
        assert!(chart.replay(&ctx, &mut pieces), "equal pair");
        chart.loose_ties = vec![(i, j)];
        assert!(!chart.replay(&ctx, &mut pieces), "different pair");
    }

    /// The sweep builds what the passes build: the same pieces and values, and the passes'
    /// order among those of the same span and size that a caller chooses among; in both
    /// languages and conventions, on windows the sweep keeps and on those it gives up
    /// (a table of figures: more than 16 matches of a rule at a position).
    #[test]
    fn sweep_builds_as_the_passes() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let texts = [
            (
                "it",
                "Dal 4 al 6 giugno 2023 alle 8:45 di giovedì scorso, non più di cinque giorni \
                    fa, circa 12mila persone (-5 gradi, ,75 e 3M), tra le 9 e le 11 di domani sera.",
            ),
            (
                "it",
                "il 21 maggio, fino a dopodomani sera, ventitré persone e un'ora fa, \
                    2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
            ),
            (
                "en",
                "From June 4 to 6, 2023, at 8:45 last Thursday, no more than five days ago, \
                    about 12,000 people (-5 degrees, .75 and 3M), between 9 and 11 tomorrow night.",
            ),
            (
                "en",
                "on May 21, until tomorrow night, twenty-three people and one hour ago, \
                    2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
            ),
        ];
        let mut built = 0;
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            for conv in [crate::Convention::News, crate::Convention::Assistant] {
                let ctx = test_ctx(&g, conv, &holidays);
                let run = |no_sweep: bool| {
                    let mut chart = Chart {
                        no_sweep,
                        ..Chart::default()
                    };
                    chart.prepare(&g, &toks);
                    let mut got = Vec::new();
                    chart.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut got);
                    got
                };
                let (swept, passes) = (run(false), run(true));
                let key = |p: &Piece| (p.s, p.e, p.size, p.kind, p.rule, format!("{:?}", p.val));
                let mut a: Vec<_> = swept.iter().map(key).collect();
                let mut b: Vec<_> = passes.iter().map(key).collect();
                // Among equals (span and size), the passes' order.
                let equals = |v: &[(u32, u32, u16, u16, u16, String)]| {
                    let mut v = v.to_vec();
                    v.sort_by_key(|x| (x.0, x.1, x.2));
                    v
                };
                assert_eq!(equals(&a), equals(&b), "{lang}: {text}");
                a.sort();
                b.sort();
                assert_eq!(a, b, "{lang}: {text}");
                built += passes.iter().filter(|p| p.rule != BUILTIN_RULE).count();
            }
        }
        assert!(built > 100, "{built} pieces built");
    }

    /// Visiting only the positions holding a piece or a rule word builds what visiting every
    /// position builds (the same pieces in the same order), and every piece starts at one
    /// of them; in both languages and conventions, with signs and separators glued to
    /// numbers (pieces starting before their digits).
    #[test]
    fn active_positions_build_as_every_position() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let texts = [
            (
                "it",
                "Dal 4 al 6 giugno 2023 alle 8:45 di giovedì scorso, non più di cinque giorni \
                    fa, circa 12mila persone (-5 gradi, ,75 e 3M), tra le 9 e le 11 di domani sera.",
            ),
            (
                "en",
                "From June 4 to 6, 2023, at 8:45 last Thursday, no more than five days ago, \
                    about 12,000 people (-5 degrees, .75 and 3M), between 9 and 11 tomorrow night.",
            ),
        ];
        let mut built = 0;
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            for conv in [crate::Convention::News, crate::Convention::Assistant] {
                let ctx = test_ctx(&g, conv, &holidays);
                let mut chart = Chart::default();
                chart.prepare(&g, &toks);
                let mut got = Vec::new();
                chart.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut got);
                for p in &got {
                    assert!(chart.visit.contains(&p.s), "{lang}: {text}: {}", p.s);
                }
                assert!(chart.visit.len() < toks.len(), "{lang}: {text}");
                let mut all = Chart {
                    visit_all: true,
                    ..Chart::default()
                };
                all.prepare(&g, &toks);
                let mut want = Vec::new();
                all.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut want);
                assert_eq!(got.len(), want.len(), "{lang}: {text}");
                for (p, q) in got.iter().zip(&want) {
                    assert_eq!(
                        (p.s, p.e, p.kind, p.rule, p.size, &p.val),
                        (q.s, q.e, q.kind, q.rule, q.size, &q.val),
                        "{lang}: {text}"
                    );
                }
                built += got.len() - chart.base.len();
            }
        }
        assert!(built > 20, "{built} pieces built");
    }

    /// Rules named `assistant-…` build pieces only under the assistant convention (the pair
    /// mask of the others holds none of them), and the other rules build the same in both.
    #[test]
    fn assistant_rules_only_for_their_convention() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let texts = [
            ("it", "adesso, il 24 e ora alle 9"),
            ("en", "now, the 24 and right now at 9"),
        ];
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            let mut by_conv = Vec::new();
            for conv in [crate::Convention::News, crate::Convention::Assistant] {
                let ctx = test_ctx(&g, conv, &holidays);
                let mut chart = Chart::default();
                chart.prepare(&g, &toks);
                let mut got = Vec::new();
                chart.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut got);
                let assistant = |p: &Piece| {
                    g.rules
                        .get(p.rule as usize)
                        .is_some_and(|r| r.assistant_only)
                };
                by_conv.push((
                    got.iter().filter(|p| assistant(p)).count(),
                    got.iter()
                        .filter(|p| p.size <= 1 && !assistant(p))
                        .map(|p| (p.s, p.e, p.kind, p.rule))
                        .collect::<Vec<_>>(),
                ));
            }
            assert_eq!(by_conv[0].0, 0, "{lang}: assistant rules in news");
            assert!(
                by_conv[1].0 >= 2,
                "{lang}: {} assistant pieces",
                by_conv[1].0
            );
            // Rules applied to base pieces only: the same in both conventions.
            assert_eq!(by_conv[0].1, by_conv[1].1, "{lang}");
        }
    }

    /// The pair index only rejects what the matcher would not match: over parsed windows,
    /// every rule at every position its pairs reject has no match; and it rejects some.
    #[test]
    fn pair_index_never_rejects_a_match() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let texts = [
            (
                "it",
                "Dal 4 al 6 giugno 2023, circa 12mila persone, alle 8:45 di giovedì \
                    scorso, non più di cinque giorni fa, il 21 maggio, fino a dopodomani sera.",
            ),
            (
                "en",
                "From June 4 to 6, 2023, about 12,000 people, at 8:45 last Thursday, \
                    no more than five days ago, on May 21, until tomorrow night.",
            ),
        ];
        let mut rejected = 0;
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            let ctx = test_ctx(&g, crate::Convention::Assistant, &holidays);
            let mut chart = Chart::default();
            chart.prepare(&g, &toks);
            let mut pieces = Vec::new();
            chart.run(&toks, &ctx, &mut Dirs::fixed(Dir::After), &mut pieces);
            let mut at = vec![Vec::new(); toks.len()];
            let mut kinds_at = vec![0u64; toks.len()];
            for (i, p) in pieces.iter().enumerate() {
                at[p.s as usize].push(i as u32);
                kinds_at[p.s as usize] |= 1 << p.kind;
            }
            let rw = g.bits.w;
            for s in 0..toks.len() {
                let mut pm = g.bits.unpaired.clone();
                if chart.wids[s] != crate::rules::NO_WORD {
                    let ix = &g.bits.pair_by_word[chart.wids[s] as usize];
                    add_pairs(
                        &mut pm,
                        ix,
                        &g.bits.pair_rows,
                        s + 1,
                        &chart.wids,
                        &kinds_at,
                    );
                }
                for &pi in &at[s] {
                    let p = &pieces[pi as usize];
                    let ix = &g.bits.pair_by_kind[p.kind as usize];
                    let e = p.e as usize;
                    add_pairs(&mut pm, ix, &g.bits.pair_rows, e, &chart.wids, &kinds_at);
                }
                assert_eq!(pm.len(), rw);
                for (ri, rule) in g.rules.iter().enumerate() {
                    if pm[ri / 64] & (1 << (ri % 64)) != 0 {
                        continue;
                    }
                    rejected += 1;
                    let mut slots = vec![None; rule.elems.len()];
                    let (mut matches, mut flat) = (Vec::new(), Vec::new());
                    Matcher {
                        g: &g,
                        rule,
                        wids: &chart.wids,
                        pieces: &pieces,
                        at: &at,
                        slots: &mut slots,
                        matches: &mut matches,
                        flat: &mut flat,
                        path: 0,
                    }
                    .go(0, s);
                    assert!(matches.is_empty(), "{lang} {} at {s}", rule.name);
                }
            }
        }
        assert!(rejected > 100, "{rejected} rejected");
    }

    /// A chart reused across windows and grammars (its token memo warm, or filled for the
    /// other language) prepares each window as a fresh chart does: same word ids, same
    /// number and lexicon pieces; and the memo does answer some tokens.
    #[test]
    fn memo_prepares_as_a_fresh_chart() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let it = Grammar::load(packs.get("it").expect("pack")).expect("grammar");
        let en = Grammar::load(packs.get("en").expect("pack")).expect("grammar");
        let texts = [
            (
                &it,
                "il 3 maggio, ventitré persone e un'ora fa, di nuovo il 3 maggio",
            ),
            (
                &it,
                "tre giorni fa, il 4 giugno, trecento agenti; tre giorni fa",
            ),
            (
                &en,
                "on May 3, twenty-three people and one hour ago, again on May 3",
            ),
            (
                &en,
                "three days ago, June 4, three hundred officers; three days ago",
            ),
        ];
        let mut reused = Chart::default();
        let mut hits = 0;
        for round in 0..2 {
            for (g, text) in texts {
                let mut toks = Vec::new();
                token::scan(text, 0, &mut toks);
                let owner = reused.memo_owner;
                let before: Vec<TokMemo> = reused.memo.clone();
                reused.prepare(g, &toks);
                if owner == g.id {
                    hits += toks
                        .iter()
                        .filter(|t| {
                            before.iter().any(|m| {
                                m.tag != 0 && m.key[0] != 0 && {
                                    let b = t.norm.as_bytes();
                                    b.len() <= 8
                                        && m.key[0] == {
                                            let mut x = [0u8; 8];
                                            x[..b.len()].copy_from_slice(b);
                                            u64::from_le_bytes(x)
                                        }
                                }
                            })
                        })
                        .count();
                }
                let mut fresh = Chart::default();
                fresh.prepare(g, &toks);
                assert_eq!(reused.wids, fresh.wids, "round {round}: {text}");
                assert_eq!(reused.base.len(), fresh.base.len(), "round {round}: {text}");
                for (p, q) in reused.base.iter().zip(&fresh.base) {
                    assert_eq!((p.s, p.e, p.kind, &p.val), (q.s, q.e, q.kind, &q.val));
                }
            }
        }
        assert!(hits > 0, "no token answered from the memo");
    }

    /// The match keys answer as a hash set would, below and past the list's length and after
    /// clearing (keys repeated, interleaved and reused across runs).
    #[test]
    fn seen_answers_as_a_set() {
        let mut seen = Seen::default();
        for round in 0..3u64 {
            seen.clear();
            let mut set = HashSet::new();
            let n = [5, SEEN_LIST as u64, 3 * SEEN_LIST as u64][round as usize];
            for i in 0..n {
                for k in [i * 7 + round, i / 2, i * 7 + round] {
                    assert_eq!(seen.insert(k), set.insert(k), "round {round} key {k}");
                }
            }
            assert_eq!(seen.set.is_empty(), set.len() <= SEEN_LIST);
        }
    }

    /// A window `may_build` rejects builds nothing beyond its number and lexicon pieces, and
    /// none to report; short windows of both kinds occur.
    #[test]
    fn may_build_rejects_only_windows_where_no_rule_applies() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let texts = [
            ("it", "gli agenti della polizia locale"),
            ("it", "dove sono le persone"),
            ("it", "alle 9:30 di martedì scorso"),
            ("it", "circa 300 agenti"),
            ("it", "un'ora fa"),
            ("it", "i militari e una vittima"),
            ("en", "the police officers said"),
            ("en", "three days ago"),
            ("en", "about 300 people"),
            ("en", "victims and people there"),
        ];
        let (mut rejected, mut kept) = (0, 0);
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            for conv in [crate::Convention::News, crate::Convention::Assistant] {
                let ctx = test_ctx(&g, conv, &holidays);
                let mut chart = Chart::default();
                chart.prepare(&g, &toks);
                let may = chart.may_build(&g, conv == crate::Convention::Assistant);
                let mut pieces = Vec::new();
                chart.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut pieces);
                if may {
                    kept += 1;
                    continue;
                }
                rejected += 1;
                assert_eq!(pieces.len(), chart.base.len(), "{lang}: {text}");
                assert!(
                    pieces
                        .iter()
                        .all(|p| !matches!(p.kind, K_TIME | K_DUR | K_QTY)),
                    "{lang}: {text}"
                );
            }
        }
        assert!(rejected >= 2, "{rejected} rejected");
        assert!(kept >= 8, "{kept} kept");
    }
    /// A run that leaves ties unordered builds the pieces `run` builds, and once ordered
    /// they are in `run`'s order, with the same events (replay reads them); on windows with
    /// ties of times and amounts, in both languages and conventions.
    #[test]
    fn unordered_run_orders_as_run() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let holidays = std::collections::HashMap::new();
        let texts = [
            (
                "it",
                "Dal 4 al 6 giugno 2023 alle 8:45 di giovedì scorso, circa 12mila persone",
            ),
            (
                "it",
                "il 21 maggio 2020, 12 grammi di cocaina, 3 milioni di euro, nel 2019",
            ),
            (
                "it",
                "tra le 9 e le 11 di domani sera, il primo marzo, lunedì 3 aprile 2023",
            ),
            (
                "it",
                "1.500 euro, 20 - 25 %, 40 chilometri all'ora, due anni fa, ieri mattina",
            ),
            (
                "en",
                "From June 4 to 6, 2023, at 8:45 last Thursday, about 12,000 people",
            ),
            (
                "en",
                "on May 21, 2020, 12 grams of cocaine, 3 million dollars, in 2019",
            ),
            (
                "en",
                "between 9 and 11 tomorrow night, on March 1st, Monday April 3, 2023",
            ),
        ];
        let mut unordered = 0;
        for (lang, text) in texts {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            for conv in [crate::Convention::News, crate::Convention::Assistant] {
                let ctx = test_ctx(&g, conv, &holidays);
                let key = |p: &Piece| (p.s, p.e, p.size, p.kind, p.rule, format!("{:?}", p.val));
                let events = |c: &Chart| -> Vec<_> {
                    c.events
                        .iter()
                        .map(|e| {
                            let ne = g.rules[e.rule as usize].elems.len();
                            let off = e.slots as usize;
                            (e.made, e.rule, e.read, c.ev_slots[off..off + ne].to_vec())
                        })
                        .collect()
                };
                let mut eager = Chart::default();
                eager.prepare(&g, &toks);
                let mut want = Vec::new();
                eager.run(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut want);
                assert!(!eager.is_unordered());
                let mut lazy = Chart::default();
                lazy.prepare(&g, &toks);
                let mut got = Vec::new();
                lazy.run_unordered(&toks, &ctx, &mut Dirs::fixed(Dir::Past), &mut got);
                if lazy.is_unordered() {
                    unordered += 1;
                }
                assert!(lazy.order(&g, &mut got), "{lang}: {text}");
                assert!(!lazy.is_unordered());
                let a: Vec<_> = want.iter().map(key).collect();
                let b: Vec<_> = got.iter().map(key).collect();
                assert_eq!(a, b, "{lang}: {text}");
                assert_eq!(events(&eager), events(&lazy), "{lang}: {text}");
            }
        }
        assert!(unordered >= 2, "{unordered} runs left ties unordered");
    }
    /// `prepare` compares a lexicon entry's words after the first only: every entry found
    /// through a word's lookup opens with that word, in both languages.
    #[test]
    fn lexicon_entries_open_with_their_lookup_word() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let mut entries = 0;
        for lang in ["it", "en"] {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            for (w, &(_, lx)) in &g.tok_lookup {
                let Some(es) = g.lex_entries.get(lx as usize) else {
                    assert_eq!(lx, crate::rules::NO_WORD, "{lang}: {w}");
                    continue;
                };
                for (words, _, _) in es {
                    assert_eq!(words.first(), Some(w), "{lang}: {w}");
                    entries += 1;
                }
            }
        }
        assert!(entries > 100, "{entries} entries");
    }
}
