//! Rules as data, Duckling-style: a name, a pattern over tokens and already-found pieces, and a
//! production naming one of a fixed set of operations.
//!
//! A rule row in `packs/<lang>/time/rules.tsv` is `name<TAB>pattern<TAB>production`:
//!
//! * pattern elements, separated by spaces: `word|other` (folded literal tokens), `<kind>` or
//!   `<kind:pred>` (a piece already found: `num`, `ordinal`, `time`, `dur`, `qty`, or any
//!   lexicon class such as `weekday`, `month`, `grain`), each optionally followed by `?`;
//! * production: `op($1,$3,literal)`, where `$n` is the n-th pattern element.
//!
//! The operations (`dow`, `date`, `cycle`, `and`, `interval`, `ago`, `qty`, …) are the stage's
//! vocabulary, the way Duckling's helpers are; a linguist composes them without writing Rust.
//! Pieces are built bottom-up until nothing new appears (a chart), so "martedì 19 febbraio
//! alle 15" composes from "martedì", "19 febbraio" and "alle 15".

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::window::WordHasher;

/// A map keyed by short folded words, with a cheap hasher (SipHash dominated lookups).
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

use annalist_lang::{Pack, PackError, Row};

use crate::cal::Grain;
use crate::token::{self, Kind, Tok};

/// The id of a token no rule names.
pub const NO_WORD: u32 = u32::MAX;

/// Piece kinds that are not lexicon classes.
pub const K_NUM: u16 = 0;
pub const K_ORD: u16 = 1;
pub const K_TIME: u16 = 2;
pub const K_DUR: u16 = 3;
pub const K_QTY: u16 = 4;
const BUILTIN: [&str; 5] = ["num", "ordinal", "time", "dur", "qty"];
/// Kinds below this index are the built-in ones above.
pub const BUILTIN_KINDS: usize = BUILTIN.len();

#[derive(Debug, Clone)]
pub enum Pred {
    Range(f64, f64),
    Int,
    /// A four-digit number, or one that reads as a year.
    Year,
    /// Written with digits.
    Digits,
    /// Written in words (or composed by a rule), not as one run of digits: number words
    /// compose ("seven hundred twenty-one") where digit runs side by side do not ("2000 12").
    Words,
    /// Two digits exactly ("08").
    TwoDigits,
    Grains(Vec<Grain>),
    /// A time that is still a partial date (not anchored).
    Cons,
    /// Lexicon value equals.
    Value(String),
}

#[derive(Debug, Clone)]
pub enum Elem {
    /// Folded literal alternatives, and their ids in [`Grammar::vocab`] (compared in the
    /// chart instead of the strings).
    Words(Vec<String>, Vec<u32>),
    Piece(u16, Option<Pred>),
}

#[derive(Debug, Clone)]
pub enum Arg {
    Slot(usize),
    Lit(String),
    /// A nested operation: `openfrom(dom($2))`.
    Call(String, Vec<Arg>),
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    pub elems: Vec<(Elem, bool)>,
    pub op: String,
    /// `op` resolved (see [`crate::prod::Op`]): what the chart dispatches on.
    pub op_id: crate::prod::Op,
    pub args: Vec<Arg>,
    /// Named `assistant-…`: only for the assistant convention (Duckling's "now" words).
    pub assistant_only: bool,
    /// Whether the production (or a nested call) resolves a time, and so reads the tense.
    pub uses_dir: bool,
    /// Piece kinds the pattern cannot match without: a window holding no piece of one of
    /// them skips the rule outright (most windows hold only numbers).
    pub needs: Vec<u16>,
    /// Literal elements the pattern cannot match without (each: the ids of its
    /// alternatives): a window holding none of one element's words skips the rule.
    pub need_words: Vec<Vec<u32>>,
}

/// A lexicon entry's value, parsed once.
#[derive(Debug, Clone)]
pub struct LexVal {
    pub raw: String,
    pub int: Option<i64>,
    pub grain: Option<Grain>,
}

/// Everything a language contributes, parsed from its pack.
#[derive(Debug, Default)]
pub struct Grammar {
    /// Unique per loaded grammar (from 1), so that per-thread memos of its lookups know
    /// whose they are.
    pub id: u64,
    pub kinds: Vec<String>,
    pub rules: Vec<Rule>,
    /// First folded token → entries (tokens, class kind, value index).
    pub lex: WordMap<Vec<(Vec<String>, u16, u32)>>,
    pub lexvals: Vec<LexVal>,
    /// Number-word morphemes: folded text → (value, op).
    pub morphemes: Vec<(String, f64, NumOp)>,
    /// Indices into `morphemes` by first byte (same longest-first order).
    pub morph_by_byte: Vec<Vec<u16>>,
    /// Bit per (first byte, second byte) that can begin a number word: any word starting
    /// otherwise is rejected before its decomposition is tried.
    pub num_start: Vec<u64>,
    pub decimal_comma: bool,
    pub day_first: bool,
    /// Tense cues: (is_suffix, lowercased cue, future?, length of the cue in chars).
    pub tense: Vec<(bool, String, bool, usize)>,
    /// Rules indexed by what their first element needs.
    pub by_word: WordMap<Vec<u16>>,
    /// Literal words of the rules → ids.
    pub vocab: WordMap<u32>,
    /// Fingerprints of the lexicon's first words and the rules' literal words: most tokens of
    /// a window are neither, and are told so without hashing.
    pub known: crate::window::Fingerprints,
    /// Per word of `lex` or `vocab`: its id in `vocab` and its index in `lex_entries`
    /// ([`NO_WORD`] where it has none), so that the chart looks each token up once.
    pub tok_lookup: WordMap<(u32, u32)>,
    /// The values of `lex`, indexed from `tok_lookup`.
    pub lex_entries: Vec<Vec<(Vec<String>, u16, u32)>>,
    pub by_kind: Vec<Vec<u16>>,
    pub unindexed: Vec<u16>,
    /// The same index as rule bitsets, for the chart's inner loop (see [`RuleBits`]).
    pub bits: RuleBits,
    /// Lexicon classes that only modify an anchor (`context_classes` setting), see [`crate::window`].
    pub context_classes: Vec<String>,
    /// Anchor vocabulary for finding candidate windows in long text.
    pub prefilter: Option<crate::window::Prefilter>,
    /// Number words that are also indefinite articles ("un", "una", "one"), with the
    /// contexts where they read as the numeral 1 (`time/article-numbers.tsv`).
    pub articles: WordMap<ArticleCtx>,
    /// Fingerprints of the `articles` words: most number words the chart meets ("due",
    /// "tre", "mille") are told they are none without hashing them.
    pub article_words: crate::window::Fingerprints,
    /// Per lexicon class that ends a `prev` sequence of `articles` (indexed by class, `None`
    /// for the others): fingerprints of the last words of the class's entries. Such a
    /// sequence can end right before the article word only if the token there is the last
    /// word of one of the entries, so a token whose fingerprint no last word has spares the
    /// tries from every start (each a fingerprint test and a hash lookup).
    pub class_ends: Vec<Option<crate::window::Fingerprints>>,
    /// Tense cues indexed for lookup: whole words, and suffixes by their byte length
    /// (value: index in `tense`, so the first listed cue wins as before).
    pub tense_words: WordMap<usize>,
    pub tense_suffixes: WordMap<usize>,
    /// Fingerprints of `tense_words` and `tense_suffixes`' keys: a word or suffix tried
    /// against them is hashed only when one of them may be it (most are not: a word that
    /// ends as a cue is tried at every suffix length).
    pub tense_fp: crate::window::Fingerprints,
    pub tense_suffix_lens: Vec<usize>,
    /// Bit per (last but one byte, last byte) that can end a tense cue (word or suffix): a
    /// word that ends otherwise is no cue, told without hashing it and each of its suffixes.
    pub tense_end: Vec<u64>,
}

/// Rule sets as bitsets, built once per grammar. The chart unions the rules each piece and
/// word at a position can start and visits the set bits in rule order, instead of gathering,
/// sorting and deduplicating rule lists at every position of every pass; a rule's required
/// kinds are a mask tested against the kinds present.
#[derive(Debug, Default, Clone)]
pub struct RuleBits {
    /// Words of 64 bits per rule set.
    pub w: usize,
    /// Words of 64 bits per kind set.
    pub kw: usize,
    /// Per kind (`w` words each): rules whose first element can be a piece of that kind.
    pub by_kind: Vec<u64>,
    /// Per literal word id (`w` words each): rules whose first element can be that word, and
    /// the rules tried everywhere (`unindexed`): a token's candidates, read as they are rather
    /// than joined per token of every window.
    pub by_word: Vec<u64>,
    /// Rules tried everywhere.
    pub unindexed: Vec<u64>,
    /// Per rule (`kw` words each): the kinds its pattern cannot match without.
    pub needs: Vec<u64>,
    /// Rules for the assistant convention only.
    pub assistant: Vec<u64>,
    /// Most elements in a pattern.
    pub max_elems: usize,
    /// Per rule and element index `j` (`max_elems + 1` entries of `kw` words each): the kinds
    /// of the piece elements from `j` on, so that the chart tells without walking the pattern
    /// whether a rule can reach a piece of a kind the previous pass built.
    pub kinds_from: Vec<u64>,
    /// Per rule: the number of elements of its pattern.
    pub len: Vec<usize>,
    /// Rules that require no literal word.
    pub no_words: Vec<u64>,
    /// The other rules, each with one mask over word ids per required literal element
    /// (`Grammar::vocab.len().div_ceil(64)` words each): the rule can match only in a window
    /// holding a word of every mask.
    pub with_words: Vec<(u16, Vec<Vec<u64>>)>,
    /// Per rule: its entry in `with_words`, or `u32::MAX` when it needs no literal.
    pub with_words_of: Vec<u32>,
    /// The rules grouped by the kinds they need: (kinds, rule set of `w` words) per distinct
    /// set of needed kinds (kinds below 64; empty when a grammar has more), so that the rules
    /// a window's kinds allow are a union of a few rows.
    pub by_needs: Vec<(u64, Vec<u64>)>,
    /// The compiled two-element dispatch. A rule that cannot complete with one item consumed
    /// can match at a position only if a pair of its elements that can be the first two
    /// consumed (optional elements skipped) is there: something of the first element's class
    /// starting there, and of the second's starting where that ends. Such rules are indexed
    /// by those pairs of classes: per kind (`pair_by_kind`) and per literal word id
    /// (`pair_by_word`) of the first element, the rows of `pair_rows` by second class. The
    /// chart unions the rows of the pairs present at a position (a bit test for the kinds
    /// there, a binary search for the word there) instead of testing each candidate rule's
    /// first two elements in turn.
    pub pair_by_kind: Vec<PairIx>,
    pub pair_by_word: Vec<PairIx>,
    /// Rule sets (`w` words each) of the pairs.
    pub pair_rows: Vec<u64>,
    /// The rules the pairs do not filter (those that can complete with one item consumed):
    /// always candidates as far as the pairs go.
    pub unpaired: Vec<u64>,
    /// `pair_rows` and `unpaired` without the assistant rules: the pair mask of the other
    /// conventions, which then excludes those rules from the candidates by itself.
    pub pair_rows_news: Vec<u64>,
    pub unpaired_news: Vec<u64>,
}

/// The pairs of one first class (see [`RuleBits::pair_by_kind`]): by second kind and by
/// second literal word, a row of [`RuleBits::pair_rows`].
#[derive(Debug, Default, Clone)]
pub struct PairIx {
    /// The second kinds (bitset: kinds below 64).
    pub kinds: u64,
    /// Their rows, in the order of the set bits of `kinds`.
    pub kind_rows: Vec<u32>,
    /// (word id, row), sorted by word id.
    pub words: Vec<(u32, u32)>,
}

/// Marks a second class while [`RuleBits::build`] gathers the pairs as a literal word id
/// rather than a kind.
const PAIR_WORD: u32 = 1 << 31;

impl RuleBits {
    fn build(g: &Grammar) -> RuleBits {
        let w = g.rules.len().div_ceil(64).max(1);
        let kw = g.kinds.len().div_ceil(64).max(1);
        let set = |v: &mut [u64], i: usize| v[i / 64] |= 1 << (i % 64);
        let mut by_kind = vec![0u64; g.kinds.len() * w];
        for (k, rs) in g.by_kind.iter().enumerate() {
            for &r in rs {
                set(&mut by_kind[k * w..(k + 1) * w], r as usize);
            }
        }
        let mut by_word = vec![0u64; g.vocab.len() * w];
        for (word, rs) in &g.by_word {
            if let Some(&id) = g.vocab.get(word) {
                let id = id as usize;
                for &r in rs {
                    set(&mut by_word[id * w..(id + 1) * w], r as usize);
                }
            }
        }
        let mut unindexed = vec![0u64; w];
        for &r in &g.unindexed {
            set(&mut unindexed, r as usize);
        }
        for row in by_word.chunks_mut(w) {
            for (x, u) in row.iter_mut().zip(&unindexed) {
                *x |= u;
            }
        }
        let mut needs = vec![0u64; g.rules.len() * kw];
        for (ri, r) in g.rules.iter().enumerate() {
            for &k in &r.needs {
                set(&mut needs[ri * kw..(ri + 1) * kw], k as usize);
            }
        }
        let vw = g.vocab.len().div_ceil(64).max(1);
        let mut assistant = vec![0u64; w];
        let mut no_words = vec![0u64; w];
        let mut with_words: Vec<(u16, Vec<Vec<u64>>)> = Vec::new();
        for (ri, r) in g.rules.iter().enumerate() {
            if r.assistant_only {
                set(&mut assistant, ri);
            }
            if r.need_words.is_empty() {
                set(&mut no_words, ri);
                continue;
            }
            let masks = r
                .need_words
                .iter()
                .map(|ids| {
                    let mut m = vec![0u64; vw];
                    for &id in ids {
                        set(&mut m, id as usize);
                    }
                    m
                })
                .collect();
            with_words.push((ri as u16, masks));
        }
        let max_elems = g.rules.iter().map(|r| r.elems.len()).max().unwrap_or(0);
        let mut kinds_from = vec![0u64; g.rules.len() * (max_elems + 1) * kw];
        for (ri, r) in g.rules.iter().enumerate() {
            for j in (0..r.elems.len()).rev() {
                let (at, next) = (
                    (ri * (max_elems + 1) + j) * kw,
                    (ri * (max_elems + 1) + j + 1) * kw,
                );
                for x in 0..kw {
                    kinds_from[at + x] = kinds_from[next + x];
                }
                if let (Elem::Piece(k, _), _) = &r.elems[j] {
                    set(&mut kinds_from[at..at + kw], *k as usize);
                }
            }
        }
        // The pair index needs each position's kinds in one word (at most 64 kinds, as in
        // the packs so far); a grammar with more leaves every rule unpaired.
        let mut pair_by_kind: Vec<Vec<(u32, u32)>> = vec![Vec::new(); g.kinds.len()];
        let mut pair_by_word: Vec<Vec<(u32, u32)>> = vec![Vec::new(); g.vocab.len()];
        let mut pair_rows: Vec<u64> = Vec::new();
        let mut unpaired = vec![0u64; w];
        for (ri, r) in g.rules.iter().enumerate() {
            // The pairs of elements that can be a match's first two consumed items: element
            // `a` (those before it optional) and element `b` after it (those between
            // optional). A rule that can complete with one item consumed is not filtered.
            let mut pairs: Vec<(&Elem, &Elem)> = Vec::new();
            let mut single = g.kinds.len() > 64;
            for (a, (ea, opt_a)) in r.elems.iter().enumerate() {
                let rest = &r.elems[a + 1..];
                if rest.iter().all(|(_, opt)| *opt) {
                    single = true;
                }
                for (eb, opt_b) in rest {
                    pairs.push((ea, eb));
                    if !opt_b {
                        break;
                    }
                }
                if !opt_a {
                    break;
                }
            }
            if single {
                set(&mut unpaired, ri);
                continue;
            }
            for (e0, e1) in pairs {
                let seconds: Vec<u32> = match e1 {
                    Elem::Words(_, ids) => ids.iter().map(|&id| PAIR_WORD | id).collect(),
                    Elem::Piece(k, _) => vec![*k as u32],
                };
                let lists: Vec<&mut Vec<(u32, u32)>> = match e0 {
                    Elem::Words(_, ids) => {
                        let mut ids = ids.clone();
                        ids.sort_unstable();
                        ids.dedup();
                        pair_by_word
                            .iter_mut()
                            .enumerate()
                            .filter(|(id, _)| ids.binary_search(&(*id as u32)).is_ok())
                            .map(|(_, l)| l)
                            .collect()
                    }
                    Elem::Piece(k, _) => vec![&mut pair_by_kind[*k as usize]],
                };
                for list in lists {
                    for &c in &seconds {
                        let row = match list.iter().find(|(x, _)| *x == c) {
                            Some(&(_, row)) => row as usize,
                            None => {
                                let row = pair_rows.len() / w;
                                pair_rows.resize(pair_rows.len() + w, 0);
                                list.push((c, row as u32));
                                row
                            }
                        };
                        set(&mut pair_rows[row * w..(row + 1) * w], ri);
                    }
                }
            }
        }
        let index = |lists: Vec<Vec<(u32, u32)>>| -> Vec<PairIx> {
            lists
                .into_iter()
                .map(|mut l| {
                    l.sort_unstable();
                    let mut ix = PairIx::default();
                    for (c, row) in l {
                        if c & PAIR_WORD != 0 {
                            ix.words.push((c & !PAIR_WORD, row));
                        } else {
                            // Sorted by kind: the rows come in bit order.
                            ix.kinds |= 1 << c;
                            ix.kind_rows.push(row);
                        }
                    }
                    ix
                })
                .collect()
        };
        let mut with_words_of = vec![u32::MAX; g.rules.len()];
        for (x, (ri, _)) in with_words.iter().enumerate() {
            with_words_of[*ri as usize] = x as u32;
        }
        let mut by_needs: Vec<(u64, Vec<u64>)> = Vec::new();
        if kw == 1 {
            for (ri, &m) in needs.iter().enumerate().take(g.rules.len()) {
                let x = match by_needs.iter().position(|(k, _)| *k == m) {
                    Some(x) => x,
                    None => {
                        by_needs.push((m, vec![0u64; w]));
                        by_needs.len() - 1
                    }
                };
                set(&mut by_needs[x].1, ri);
            }
        }
        RuleBits {
            by_needs,
            with_words_of,
            pair_by_kind: index(pair_by_kind),
            pair_by_word: index(pair_by_word),
            pair_rows_news: pair_rows
                .chunks(w)
                .flat_map(|row| row.iter().zip(&assistant).map(|(r, a)| r & !a))
                .collect(),
            unpaired_news: unpaired
                .iter()
                .zip(&assistant)
                .map(|(r, a)| r & !a)
                .collect(),
            pair_rows,
            unpaired,
            w,
            kw,
            by_kind,
            by_word,
            unindexed,
            needs,
            assistant,
            max_elems,
            kinds_from,
            len: g.rules.iter().map(|r| r.elems.len()).collect(),
            no_words,
            with_words,
        }
    }
}

/// Contexts in which an article-like number word is a number: "un anno fa", "un milione",
/// "all'una", "l'una di notte" are; "martedì una telefonata" is not. Without such a context
/// the word makes no number piece at all, so no rule can read it as a day, an hour or an
/// amount.
#[derive(Debug, Default, Clone)]
pub struct ArticleCtx {
    /// Sequences that may end right before the word.
    pub prev: Vec<Vec<Cue>>,
    /// Sequences that may start right after it.
    pub next: Vec<Vec<Cue>>,
    /// Most tokens a `prev` sequence can span.
    pub prev_len: usize,
}

/// One element of an [`ArticleCtx`] sequence.
#[derive(Debug, Clone, PartialEq)]
pub enum Cue {
    /// A folded literal token.
    Word(String),
    /// A lexicon class, or `<num>`: a number written in digits or words.
    Kind(u16),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumOp {
    Add,
    Times,
    Scale,
}

impl Grammar {
    /// Id of a literal word of the rules (added if new).
    pub fn word_id(&mut self, w: &str) -> u32 {
        let n = self.vocab.len() as u32;
        *self.vocab.entry(w.to_string()).or_insert(n)
    }

    /// Id of a folded token, or [`NO_WORD`] when no rule names it.
    pub fn tok_id(&self, norm: &str) -> u32 {
        self.vocab.get(norm).copied().unwrap_or(NO_WORD)
    }

    pub fn kind_id(&mut self, name: &str) -> u16 {
        if let Some(i) = self.kinds.iter().position(|k| k == name) {
            return i as u16;
        }
        self.kinds.push(name.to_string());
        (self.kinds.len() - 1) as u16
    }

    pub fn load(pack: &Pack) -> Result<Grammar, PackError> {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut g = Grammar {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            kinds: BUILTIN.iter().map(|s| s.to_string()).collect(),
            decimal_comma: true,
            day_first: true,
            ..Default::default()
        };
        for row in pack.rows("time/settings.tsv") {
            let [k, v] = row.columns::<2>()?;
            match k {
                "decimal" => g.decimal_comma = v == ",",
                "date_order" => g.day_first = v == "dmy",
                "context_classes" => {
                    g.context_classes = v.split(',').map(|c| c.trim().to_string()).collect()
                }
                _ => return Err(row.error(format!("unknown setting {k:?}"))),
            }
        }
        for row in pack.rows("time/lexicon.tsv") {
            let [class, phrase, value] = row.columns::<3>()?;
            let kind = g.kind_id(class);
            let toks = fold_tokens(phrase);
            if toks.is_empty() {
                return Err(row.error("empty phrase"));
            }
            let vi = g.lexvals.len() as u32;
            g.lexvals.push(LexVal {
                raw: value.to_string(),
                int: value.parse().ok(),
                grain: Grain::parse(value),
            });
            g.lex
                .entry(toks[0].clone())
                .or_default()
                .push((toks, kind, vi));
        }
        for row in pack.rows("time/numbers.tsv") {
            let [m, v, op] = row.columns::<3>()?;
            let v: f64 = v.parse().map_err(|_| row.error("value is not a number"))?;
            let op = match op {
                "add" => NumOp::Add,
                "times" => NumOp::Times,
                "scale" => NumOp::Scale,
                _ => return Err(row.error("op must be add, times or scale")),
            };
            g.morphemes.push((token::fold(m), v, op));
        }
        // Longest morphemes first so decomposition prefers "diciassette" over "dici"+….
        g.morphemes.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
        g.morph_by_byte = vec![Vec::new(); 256];
        for (i, (m, _, _)) in g.morphemes.iter().enumerate() {
            if let Some(&b) = m.as_bytes().first() {
                g.morph_by_byte[b as usize].push(i as u16);
            }
        }
        g.num_start = vec![0u64; 65536 / 64];
        for (m, _, _) in &g.morphemes {
            let b = m.as_bytes();
            let seconds = match b.len() {
                0 => 0..0,
                1 => 0..256,
                _ => b[1] as usize..b[1] as usize + 1,
            };
            for x in seconds {
                let k = (b[0] as usize) << 8 | x;
                g.num_start[k / 64] |= 1 << (k % 64);
            }
        }
        for row in pack.rows("time/tense.tsv") {
            let [how, cue, tense] = row.columns::<3>()?;
            let suffix = match how {
                "word" => false,
                "suffix" => true,
                _ => return Err(row.error("first column must be word or suffix")),
            };
            let fut = match tense {
                "future" => true,
                "past" => false,
                _ => return Err(row.error("tense must be past or future")),
            };
            let cue = cue.to_lowercase();
            let n = cue.chars().count();
            g.tense.push((suffix, cue, fut, n));
        }
        for (i, (suffix, cue, _, _)) in g.tense.iter().enumerate() {
            let m = if *suffix {
                if !g.tense_suffix_lens.contains(&cue.len()) {
                    g.tense_suffix_lens.push(cue.len());
                }
                &mut g.tense_suffixes
            } else {
                &mut g.tense_words
            };
            m.entry(cue.clone()).or_insert(i);
        }
        g.tense_fp =
            crate::window::Fingerprints::of(g.tense_words.keys().chain(g.tense_suffixes.keys()));
        g.tense_end = vec![0u64; 65536 / 64];
        for (_, cue, _, _) in &g.tense {
            let b = cue.as_bytes();
            // A one-byte cue ends a word after any byte.
            let (keys, step) = match b.len() {
                0 => (0..0, 1),
                1 => (b[0] as usize..b[0] as usize + 65536, 256),
                n => {
                    let k = (b[n - 2] as usize) << 8 | b[n - 1] as usize;
                    (k..k + 1, 1)
                }
            };
            for k in keys.step_by(step) {
                g.tense_end[k / 64] |= 1 << (k % 64);
            }
        }
        for row in pack.rows("time/article-numbers.tsv") {
            let [word, side, items] = row.columns::<3>()?;
            let mut cues = Vec::new();
            for it in items.split(',').map(str::trim).filter(|x| !x.is_empty()) {
                let mut seq = Vec::new();
                for el in it.split_whitespace() {
                    seq.push(
                        match el.strip_prefix('<').and_then(|b| b.strip_suffix('>')) {
                            Some(k) => Cue::Kind(g.kind_id(k)),
                            None => Cue::Word(token::fold(el)),
                        },
                    );
                }
                cues.push(seq);
            }
            let e = g.articles.entry(token::fold(word)).or_default();
            match side {
                "prev" => e.prev.extend(cues),
                "next" => e.next.extend(cues),
                _ => return Err(row.error("second column must be prev or next")),
            }
        }
        let longest = |g: &Grammar, k: u16| -> usize {
            g.lex
                .values()
                .flatten()
                .filter(|e| e.1 == k)
                .map(|e| e.0.len())
                .max()
                .unwrap_or(1)
        };
        let lens: Vec<(String, usize)> = g
            .articles
            .iter()
            .map(|(w, a)| {
                let l = a
                    .prev
                    .iter()
                    .map(|seq| {
                        seq.iter()
                            .map(|c| match c {
                                Cue::Word(_) => 1,
                                Cue::Kind(k) => longest(&g, *k),
                            })
                            .sum::<usize>()
                    })
                    .max()
                    .unwrap_or(0);
                (w.clone(), l)
            })
            .collect();
        for (w, l) in lens {
            if let Some(a) = g.articles.get_mut(&w) {
                a.prev_len = l;
            }
        }
        g.article_words = crate::window::Fingerprints::of(g.articles.keys());
        let mut ending: Vec<u16> = g
            .articles
            .values()
            .flat_map(|a| &a.prev)
            .filter_map(|seq| match seq.last() {
                Some(&Cue::Kind(k)) if k != K_NUM => Some(k),
                _ => None,
            })
            .collect();
        ending.sort_unstable();
        ending.dedup();
        for k in ending {
            let entries = || g.lex.values().flatten().filter(|e| e.1 == k);
            // An empty entry would end where it starts: no last word to test, no gate.
            if entries().any(|e| e.0.is_empty()) {
                continue;
            }
            let fp = crate::window::Fingerprints::of(entries().filter_map(|e| e.0.last()));
            if g.class_ends.len() <= k as usize {
                g.class_ends.resize(k as usize + 1, None);
            }
            g.class_ends[k as usize] = Some(fp);
        }
        for row in pack.rows("time/rules.tsv") {
            let r = g.parse_rule(&row)?;
            g.rules.push(r);
        }
        g.by_kind = vec![Vec::new(); g.kinds.len()];
        for (i, r) in g.rules.iter().enumerate() {
            // Index by every element that can come first: those up to the first required one.
            for (e, opt) in &r.elems {
                match e {
                    Elem::Words(ws, _) => {
                        for w in ws {
                            let v = g.by_word.entry(w.clone()).or_default();
                            if v.last() != Some(&(i as u16)) {
                                v.push(i as u16);
                            }
                        }
                    }
                    Elem::Piece(k, _) => {
                        let v = &mut g.by_kind[*k as usize];
                        if v.last() != Some(&(i as u16)) {
                            v.push(i as u16);
                        }
                    }
                }
                if !opt {
                    break;
                }
            }
        }
        g.bits = RuleBits::build(&g);
        g.known = crate::window::Fingerprints::of(g.lex.keys().chain(g.vocab.keys()));
        for (w, es) in &g.lex {
            let x = g.lex_entries.len() as u32;
            g.lex_entries.push(es.clone());
            g.tok_lookup.insert(w.clone(), (NO_WORD, x));
        }
        for (w, &id) in &g.vocab {
            g.tok_lookup
                .entry(w.clone())
                .or_insert((NO_WORD, NO_WORD))
                .0 = id;
        }
        g.prefilter = Some(crate::window::Prefilter::new(&g, &g.context_classes));
        Ok(g)
    }

    fn parse_rule(&mut self, row: &Row) -> Result<Rule, PackError> {
        let [name, pattern, prod] = row.columns::<3>()?;
        let mut elems = Vec::new();
        for raw in pattern.split_whitespace() {
            let (body, opt) = match raw.strip_suffix('?') {
                Some(b) if !b.is_empty() => (b, true),
                _ => (raw, false),
            };
            let e = if let Some(inner) = body.strip_prefix('<').and_then(|b| b.strip_suffix('>')) {
                let (k, pred) = match inner.split_once(':') {
                    Some((k, p)) => (k, Some(p)),
                    None => (inner, None),
                };
                let kind = self.kind_id(k);
                let pred =
                    match pred {
                        None => None,
                        Some(p) => Some(parse_pred(p).ok_or_else(|| {
                            row.error(format!("unknown predicate {p:?} in {raw:?}"))
                        })?),
                    };
                Elem::Piece(kind, pred)
            } else {
                let ws: Vec<String> = body.split('|').map(token::fold).collect();
                let ids = ws.iter().map(|w| self.word_id(w)).collect();
                Elem::Words(ws, ids)
            };
            elems.push((e, opt));
        }
        if elems.is_empty() || elems.iter().all(|e| e.1) {
            return Err(row.error("a pattern needs at least one required element"));
        }
        let (op, args) = parse_prod(prod.trim(), elems.len())
            .map_err(|m| row.error(format!("production {prod:?}: {m}")))?;
        Ok(Rule {
            op_id: crate::prod::Op::of(&op),
            name: name.to_string(),
            assistant_only: name.starts_with("assistant-"),
            needs: {
                let mut v: Vec<u16> = elems
                    .iter()
                    .filter_map(|(e, opt)| match e {
                        Elem::Piece(k, _) if !opt => Some(*k),
                        _ => None,
                    })
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            },
            need_words: elems
                .iter()
                .filter_map(|(e, opt)| match e {
                    Elem::Words(_, ids) if !opt => Some(ids.clone()),
                    _ => None,
                })
                .collect(),
            uses_dir: {
                fn any(op: &str, args: &[Arg]) -> bool {
                    crate::prod::uses_dir(op)
                        || args
                            .iter()
                            .any(|a| matches!(a, Arg::Call(o, aa) if any(o, aa)))
                }
                any(&op, &args)
            },
            op,
            args,
            elems,
        })
    }
}

/// Parses `op(arg, …)` where an argument is `$n`, a literal, `_` (absent) or a nested call.
fn parse_prod(s: &str, n_elems: usize) -> Result<(String, Vec<Arg>), String> {
    fn call(s: &str, i: &mut usize, n: usize) -> Result<(String, Vec<Arg>), String> {
        let b = s.as_bytes();
        let st = *i;
        while *i < b.len() && (b[*i].is_ascii_alphanumeric() || b[*i] == b'_') {
            *i += 1;
        }
        let op = s[st..*i].to_string();
        if !crate::prod::known_op(&op) {
            return Err(format!("unknown operation {op:?}"));
        }
        if b.get(*i) != Some(&b'(') {
            return Err("expected '('".into());
        }
        *i += 1;
        let mut args = Vec::new();
        loop {
            while b.get(*i) == Some(&b' ') {
                *i += 1;
            }
            match b.get(*i) {
                None => return Err("missing ')'".into()),
                Some(b')') => {
                    *i += 1;
                    return Ok((op, args));
                }
                Some(b',') => {
                    *i += 1;
                    continue;
                }
                _ => {}
            }
            let st = *i;
            while *i < b.len() && !matches!(b[*i], b',' | b')' | b'(') {
                *i += 1;
            }
            if b.get(*i) == Some(&b'(') {
                *i = st;
                let (o, a) = call(s, i, n)?;
                args.push(Arg::Call(o, a));
                continue;
            }
            let a = s[st..*i].trim();
            if let Some(k) = a.strip_prefix('$') {
                let k: usize = k.parse().map_err(|_| format!("bad slot {a:?}"))?;
                if k == 0 || k > n {
                    return Err(format!("slot {a} is outside the pattern"));
                }
                args.push(Arg::Slot(k - 1));
            } else {
                args.push(Arg::Lit(a.to_string()));
            }
        }
    }
    let mut i = 0;
    let r = call(s, &mut i, n_elems)?;
    if i != s.len() {
        return Err("trailing text".into());
    }
    Ok(r)
}

fn parse_pred(p: &str) -> Option<Pred> {
    Some(match p {
        "int" => Pred::Int,
        "year" => Pred::Year,
        "digits" => Pred::Digits,
        "words" => Pred::Words,
        "dd" => Pred::TwoDigits,
        "cons" => Pred::Cons,
        _ => {
            if let Some(v) = p.strip_prefix('=') {
                return Some(Pred::Value(v.to_string()));
            }
            if let Some((a, b)) = p.split_once('-').filter(|(a, _)| !a.is_empty()) {
                if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
                    return Some(Pred::Range(a, b));
                }
            }
            let gs: Option<Vec<Grain>> = p.split(',').map(Grain::parse).collect();
            Pred::Grains(gs?)
        }
    })
}

/// Folded tokens of a pack phrase, as the scanner would cut them.
pub fn fold_tokens(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    token::scan(s, 0, &mut v);
    v.into_iter().map(|t| t.norm.as_str().to_string()).collect()
}

impl Grammar {
    /// Whether token `i`, if it is an article-like number word, stands in a context where it
    /// reads as a number (see [`ArticleCtx`]); other words always may.
    pub fn number_allowed(&self, toks: &[Tok], i: usize) -> bool {
        if !self.article_words.may_hold(toks[i].norm.as_str()) {
            return true;
        }
        let Some(ctx) = self.articles.get(toks[i].norm.as_str()) else {
            return true;
        };
        // Cited alone ("uno", "one") the word is the numeral.
        if toks.len() == 1 {
            return true;
        }
        // A sequence ending in a literal word can end right before the word only if that
        // word precedes it: tested once, not at every start the sequence is tried from.
        let prev = ctx.prev.iter().any(|seq| {
            let cannot_end = match seq.last() {
                Some(Cue::Word(w)) => i == 0 || toks[i - 1].norm != *w,
                // Likewise a class: the token before must be the last word of an entry.
                Some(&Cue::Kind(k)) => match self.class_ends.get(k as usize) {
                    Some(Some(ends)) => i == 0 || !ends.may_hold(toks[i - 1].norm.as_str()),
                    _ => false,
                },
                None => false,
            };
            if cannot_end {
                return false;
            }
            (i.saturating_sub(ctx.prev_len)..i).any(|s| self.cue_ends(toks, s, seq, Some(i)))
        });
        if prev {
            return true;
        }
        // Most `next` sequences open with a lexicon class ("un anno", "un milione", "un
        // euro"): the word after is looked up once for all of them, and a sequence whose
        // class it has no entry of is not tried (each try looked the same word up again).
        let mut next_kinds: Option<u64> = None;
        ctx.next.iter().any(|seq| {
            if let (Some(&Cue::Kind(k)), Some(t)) = (seq.first(), toks.get(i + 1)) {
                if k != crate::rules::K_NUM {
                    let kinds = *next_kinds.get_or_insert_with(|| self.entry_kinds(t));
                    if k < 64 && kinds & 1 << k == 0 {
                        return false;
                    }
                }
            }
            self.cue_ends(toks, i + 1, seq, None)
        })
    }

    /// The classes of the lexicon entries a token's text opens, as a set of bits (all bits
    /// when one is 64 or more, which the set cannot tell apart).
    fn entry_kinds(&self, t: &Tok) -> u64 {
        let norm = t.norm.as_str();
        if !self.known.may_hold(norm) {
            return 0;
        }
        self.lex.get(norm).map_or(0, |es| {
            es.iter().fold(0u64, |m, (_, kind, _)| {
                m | if *kind < 64 { 1 << kind } else { u64::MAX }
            })
        })
    }

    /// Whether the cue sequence `seq` matches the tokens from `s`, ending exactly at `end`
    /// when given.
    fn cue_ends(&self, toks: &[Tok], s: usize, seq: &[Cue], end: Option<usize>) -> bool {
        let Some((first, rest)) = seq.split_first() else {
            return end.is_none_or(|e| s == e);
        };
        if s >= toks.len() || end.is_some_and(|e| s >= e) {
            return false;
        }
        match first {
            Cue::Word(w) => toks[s].norm == *w && self.cue_ends(toks, s + 1, rest, end),
            Cue::Kind(k) if *k == crate::rules::K_NUM => {
                let t = &toks[s];
                // The cheap tests first (all three are pure): how the word ends tells most
                // words from number words without decomposing them.
                let num = match t.kind {
                    Kind::Digits => true,
                    Kind::Word => {
                        self.prefilter
                            .as_ref()
                            .is_none_or(|pf| pf.may_be_number_word(t.norm.as_bytes()))
                            && self.number_word(t.norm.as_str()).is_some()
                            && !self.articles.contains_key(t.norm.as_str())
                    }
                    Kind::Punct => false,
                };
                num && self.cue_ends(toks, s + 1, rest, end)
            }
            // A word whose fingerprint no lexicon word has is not hashed (most words tried
            // here: the neighbours of "un", "una", "one").
            Cue::Kind(_) if !self.known.may_hold(toks[s].norm.as_str()) => false,
            Cue::Kind(k) => self.lex.get(toks[s].norm.as_str()).is_some_and(|es| {
                es.iter().any(|(ws, kind, _)| {
                    *kind == *k
                        && s + ws.len() <= toks.len()
                        && ws.iter().zip(&toks[s..]).all(|(w, t)| t.norm == *w)
                        && self.cue_ends(toks, s + ws.len(), rest, end)
                })
            }),
        }
    }

    /// Value of a number word ("tremila", "ventotto", "twenty"), from the morpheme table.
    pub fn number_word(&self, w: &str) -> Option<f64> {
        let w = w.trim_end_matches('\'');
        if w.is_empty() || self.morphemes.is_empty() {
            return None;
        }
        // Most words start with no morpheme at all: reject them on the first bytes.
        let b0 = w.as_bytes()[0];
        if let Some(&b1) = w.as_bytes().get(1) {
            let k = (b0 as usize) << 8 | b1 as usize;
            if self
                .num_start
                .get(k / 64)
                .is_none_or(|x| x & (1 << (k % 64)) == 0)
            {
                return None;
            }
        }
        if !self.morph_by_byte[b0 as usize]
            .iter()
            .any(|&mi| w.starts_with(self.morphemes[mi as usize].0.as_str()))
        {
            return None;
        }
        // Number words are short: longer words are not worth decomposing (and the tables
        // below stay on the stack).
        const MAX: usize = 64;
        let n = w.len();
        if n > MAX {
            return None;
        }
        // Fewest-morpheme decomposition by dynamic programming over byte positions.
        let mut best: [Option<(u16, u16)>; MAX + 1] = [None; MAX + 1]; // (count, morpheme idx)
        let mut from = [0u8; MAX + 1];
        best[0] = Some((0, u16::MAX));
        for i in 0..n {
            let Some((c, _)) = best[i] else { continue };
            let bi = w.as_bytes()[i];
            for &mi in &self.morph_by_byte[bi as usize] {
                let m = &self.morphemes[mi as usize].0;
                if w[i..].starts_with(m.as_str()) {
                    let j = i + m.len();
                    if best[j].is_none_or(|(bc, _)| bc > c + 1) {
                        best[j] = Some((c + 1, mi));
                        from[j] = i as u8;
                    }
                }
            }
        }
        best[n]?;
        let mut seq = [0u16; MAX];
        let mut len = 0;
        let mut j = n;
        while j > 0 {
            seq[len] = best[j]?.1;
            len += 1;
            j = from[j] as usize;
        }
        let (mut total, mut cur) = (0.0, 0.0);
        for &mi in seq[..len].iter().rev() {
            let (_, v, op) = self.morphemes[mi as usize];
            match op {
                NumOp::Add => cur += v,
                NumOp::Times => cur = if cur == 0.0 { v } else { cur * v },
                NumOp::Scale => {
                    total += if cur == 0.0 { v } else { cur * v };
                    cur = 0.0;
                }
            }
        }
        Some(total + cur)
    }

    /// Value of a digits token in this language's convention ("2,5", "15.000", "3,000").
    pub fn digits_value(&self, s: &str) -> Option<f64> {
        // A plain run of digits reads the same in every convention.
        if s.bytes().all(|b| b.is_ascii_digit()) {
            // Up to 15 digits the number is below 2^53, so the f64 holds it exactly and the
            // parse (a general decimal conversion, ~150 instructions) gives that same value.
            if !s.is_empty() && s.len() <= 15 {
                let n = s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
                return Some(n as f64);
            }
            return s.parse().ok();
        }
        let (dec, group) = if self.decimal_comma {
            (',', '.')
        } else {
            ('.', ',')
        };
        let mut out = String::with_capacity(s.len());
        let parts: Vec<&str> = s.split(group).collect();
        if parts.len() > 1
            && parts[1..]
                .iter()
                .all(|p| p.split(dec).next().unwrap_or("").len() == 3)
        {
            out.push_str(&parts.concat());
        } else if parts.len() > 1 {
            // "15.30" in Italian is not a grouped number; read the separator as a decimal point.
            out.push_str(&s.replace(group, "."));
            return out.replace(dec, ".").parse().ok();
        } else {
            out.push_str(s);
        }
        out.replace(dec, ".").parse().ok()
    }

    /// Whether a word is a tense cue: `Some(true)` future, `Some(false)` past.
    /// Cues are matched on the lowercased text, not the folded form: accents carry tense in
    /// Italian ("arriverà", "arrivò").
    pub fn tense_of(&self, t: &Tok, text: &str) -> Option<bool> {
        if t.kind != Kind::Word {
            return None;
        }
        self.tense_of_word(&text[t.start as usize..t.end as usize])
    }

    /// [`Grammar::tense_of`] on a scanned word's raw text (anything not starting with a letter
    /// is no cue).
    pub fn tense_of_word(&self, raw: &str) -> Option<bool> {
        if !raw.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        // Most words are lowercase ASCII already, and are their own lowercase form; the
        // other short ASCII words are lowercased on the stack.
        let mut buf = [0u8; 32];
        let lower;
        let w = if raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            raw
        } else if raw.len() <= buf.len() && raw.is_ascii() {
            let b = &mut buf[..raw.len()];
            b.copy_from_slice(raw.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or_default()
        } else {
            lower = raw.to_lowercase();
            lower.as_str()
        };
        let w = w.trim_end_matches(['\'', '’', '`']);
        if let [.., a, b] = w.as_bytes() {
            let k = (*a as usize) << 8 | *b as usize;
            if self
                .tense_end
                .get(k / 64)
                .is_some_and(|x| x & (1 << (k % 64)) == 0)
            {
                return None;
            }
        }
        let mut best = if self.tense_fp.may_hold(w) {
            self.tense_words.get(w).copied()
        } else {
            None
        };
        if !self.tense_suffix_lens.is_empty() {
            // Counted only when a suffix is found (the same count whenever it is read).
            let mut wlen = None;
            for &l in &self.tense_suffix_lens {
                if l >= w.len() || !w.is_char_boundary(w.len() - l) {
                    continue;
                }
                let suf = &w[w.len() - l..];
                if !self.tense_fp.may_hold(suf) {
                    continue;
                }
                if let Some(&ci) = self.tense_suffixes.get(suf) {
                    let wlen = *wlen.get_or_insert_with(|| w.chars().count());
                    if wlen > self.tense[ci].3 + 2 && best.is_none_or(|b| ci < b) {
                        best = Some(ci);
                    }
                }
            }
        }
        best.map(|ci| self.tense[ci].2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article-like number word is a number only in its contexts: before a grain, a scale
    /// or a currency, after a bound (one or more words), in the listed phrases; elsewhere it
    /// is the article. (The contexts' lexicon classes and numbers are tested cheaply first.)
    #[test]
    fn article_numbers_read_their_contexts() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let cases = [
            ("it", "un anno fa", 0, true),
            ("it", "martedì una telefonata", 1, false),
            ("it", "all'una di notte", 1, true),
            ("it", "intorno a un", 2, true),
            ("it", "circa una", 1, true),
            ("it", "tra l'una e le due", 2, true),
            ("it", "ha detto una cosa", 2, false),
            ("it", "alle 3 e l'una", 4, true),
            ("en", "one year ago", 0, true),
            ("en", "one of them", 0, false),
            ("en", "at 3 - one", 3, true),
            ("en", "about one", 1, true),
            ("en", "one million", 0, true),
            ("en", "the one thing", 1, false),
        ];
        for (lang, text, i, want) in cases {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            let mut toks = Vec::new();
            token::scan(text, 0, &mut toks);
            assert!(g.articles.contains_key(toks[i].norm.as_str()), "{text} {i}");
            assert_eq!(g.number_allowed(&toks, i), want, "{lang}: {text} at {i}");
        }
    }

    /// The gates of `number_allowed` never turn a word away: every article word is in
    /// `article_words`, and every entry of a class that ends a `prev` sequence has its last
    /// word in that class's `class_ends`.
    #[test]
    fn article_gates_keep_every_word() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        for lang in ["it", "en"] {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            for (w, ctx) in &g.articles {
                assert!(g.article_words.may_hold(w), "{lang}: {w}");
                for seq in &ctx.prev {
                    let Some(&Cue::Kind(k)) = seq.last() else {
                        continue;
                    };
                    let Some(Some(ends)) = g.class_ends.get(k as usize) else {
                        continue;
                    };
                    for (ws, _, _) in g.lex.values().flatten().filter(|e| e.1 == k) {
                        let last = ws.last().expect("entries hold a word");
                        assert!(ends.may_hold(last), "{lang}: {last}");
                    }
                }
            }
        }
    }

    /// Plain digit runs read as the general parse reads them, at every length.
    #[test]
    fn plain_digits_read_as_parsed() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        let g = Grammar::load(packs.get("it").expect("pack")).expect("grammar");
        let mut runs = vec![
            String::new(),
            "0".to_string(),
            "007".to_string(),
            "2024".to_string(),
            "999999999999999".to_string(),
            "9007199254740993".to_string(),
            "123456789012345678901234567890".to_string(),
        ];
        let mut x = 1u64;
        for len in 1..=20 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            runs.push(format!("{x:020}")[..len].to_string());
        }
        for s in runs {
            assert_eq!(g.digits_value(&s), s.parse::<f64>().ok(), "{s:?}");
        }
    }

    /// The end check of tense cues never rejects a cue: every listed word is found, and so is
    /// every suffix on a longer word, in any case and with a final apostrophe; words ending
    /// as no cue does are no cue. (A cue not starting with a letter, "'ll", is never a
    /// scanned word: the apostrophe is a token of its own.)
    #[test]
    fn tense_end_check_keeps_every_cue() {
        let packs = annalist_lang::Packs::embedded().expect("packs load");
        for lang in ["it", "en"] {
            let g = Grammar::load(packs.get(lang).expect("pack")).expect("grammar");
            assert!(!g.tense.is_empty(), "{lang}: no tense cues");
            for (suffix, cue, _, n) in &g.tense {
                if !*suffix && !cue.starts_with(char::is_alphabetic) {
                    continue;
                }
                let w = if *suffix {
                    format!("{}{cue}", "x".repeat(n + 3))
                } else {
                    cue.clone()
                };
                // The reading: the first listed cue that reads this word ("scheduled" is a
                // word cue, but the suffix "ed" is listed first).
                let want = g
                    .tense
                    .iter()
                    .find(|(s, c, _, m)| {
                        if *s {
                            w.ends_with(c.as_str()) && w.chars().count() > m + 2
                        } else {
                            w == *c
                        }
                    })
                    .map(|x| x.2);
                assert!(want.is_some(), "{lang} {w:?}");
                assert_eq!(g.tense_of_word(&w), want, "{lang} {w:?}");
                assert_eq!(g.tense_of_word(&w.to_uppercase()), want, "{lang} {w:?}");
                assert_eq!(g.tense_of_word(&format!("{w}'")), want, "{lang} {w:?}");
            }
            for w in ["casa", "polizia", "xyzq"] {
                assert_eq!(g.tense_of_word(w), None, "{lang} {w:?}");
            }
        }
    }
}
