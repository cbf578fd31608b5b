//! The actor tagger: one automaton pass over the lowercased text, then pack rules over the matches.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use annalist_doc::{Document, Entity, EntityKind, Span};
use annalist_lang::{PackError, Packs};

use crate::places::{PLACE_IN_NAME, TERRITORY};
use crate::tables::{LangTables, Tables};
use crate::trie::Trie;

mod lexicon;
use lexicon::{Forms, Lexicon, Readings};

/// What a matched form may mean.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Country(usize),
    Place(usize, bool),
    Person(usize),
    PersonShort(usize),
    Org(usize),
    Metonym(usize),
    Demonym(usize),
    SectorNoun(usize),
    Title(usize),
    Pair,
    /// A name no table lists, found by the name rules: its kind and the deciding rule.
    Rule(EntityKind, &'static str),
}

/// How the text must be written for a form to match.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Case {
    /// Any case ("truppe", "Truppe").
    Any,
    /// First letter a capital ("Usa" the country, not "usa" the verb).
    Capital,
    /// Exactly as written ("NATO", "UN").
    Exact,
}

/// One meaning of a pattern; `form` indexes `Lang::forms` (the form as written in the table),
/// so a reading is `Copy` and selecting a match allocates nothing per reading.
#[derive(Debug, Clone, Copy)]
struct Reading {
    target: Target,
    case: Case,
    form: u32,
}

impl Trie {
    /// The longest form starting at word start `i` that ends at a word boundary and whose
    /// case rule the text satisfies: (readings index, end).
    /// `run_end` ends the run of letters and digits that starts at `i` (`h` its key): a key's
    /// first word must be exactly that run (see [`Trie::after_word`]), and the walk starts
    /// after it (a key ending inside the run ends before a letter or digit: none matches).
    /// Called only where [`Trie::may_start`] holds.
    #[allow(clippy::too_many_arguments)]
    fn longest(
        &self,
        lang: &Lang,
        text: &str,
        lb: &[u8],
        i: usize,
        run_end: usize,
        h: crate::trie::WordKey,
    ) -> Option<(usize, usize)> {
        let mut s = self.after_word(h, &lb[i..run_end])?;
        let mut best = None;
        let mut e = run_end;
        loop {
            if let Some(key) = self.key(s) {
                if text.is_char_boundary(e) && boundary_after(text, e) {
                    let surface = &text[i..e];
                    let key = key as usize;
                    if lang.readings[key]
                        .iter()
                        .any(|r| case_ok(r, &lang.forms, surface))
                    {
                        best = Some((key, e));
                    }
                }
            }
            let Some(&b) = lb.get(e) else {
                break;
            };
            let Some(n) = self.step(s, b) else {
                break;
            };
            s = n;
            e += 1;
        }
        best
    }
}

/// 1 for the ASCII letters and digits, 0 for the other ASCII bytes and every byte of a
/// multi-byte character (which the word scan decodes).
static ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = 1;
        }
        b += 1;
    }
    t
};

/// `c.is_alphanumeric()` for the characters the word scan decodes, answering the accented
/// Latin letters (U+00C0 to U+024F, less '×' and '÷') and the general punctuation block
/// (U+2000 to U+206F: quotes, dashes, spaces, none a letter) without the Unicode tables'
/// search, which cost some 160 instructions a character (unit test against the tables).
#[inline]
pub(crate) fn alphanumeric(c: char) -> bool {
    match c as u32 {
        0xc0..=0x24f => c != '×' && c != '÷',
        0x2000..=0x206f => false,
        _ => c.is_alphanumeric(),
    }
}

/// How many ASCII letters and digits `b` starts with (see [`ascii_run_end`]).
#[inline]
pub(crate) fn ascii_word_len(b: &[u8]) -> usize {
    ascii_run_end(b, 0)
}

/// Where the run of ASCII letters and digits of `b` that starts at `i` ends: eight bytes at a
/// time (a word of news text mostly fits in one step, so the loop's exit is one predictable
/// branch), then bytewise. The scan asks it at its position in the whole text: one bounds
/// test a step (`get(i..i + 8)`), where slicing the rest of the text first and then each
/// chunk of it tested twice. (Inlined always: a call a word of the text cost more than the
/// step.)
#[inline(always)]
pub(crate) fn ascii_run_end(b: &[u8], mut i: usize) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte of a word with the high bits cleared, `x + (0x80 - k)` sets the high bit
    // exactly when `x >= k` (no carry crosses bytes: every sum stays below 0x100).
    let at_least = |x: u64, k: u8| x.wrapping_add(u64::from(0x80 - k) * 0x0101_0101_0101_0101);
    while let Some(c) = b.get(i..i.saturating_add(8)) {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(c);
        let w = u64::from_le_bytes(chunk);
        let v = w & LOW7;
        // Letters fold to 0x61..=0x7a with bit 5 set ('@', '[' .. '`', '{' .. fold outside).
        let l = v | 0x2020_2020_2020_2020;
        let letter = at_least(l, 0x61) & !at_least(l, 0x7b);
        let digit = at_least(v, 0x30) & !at_least(v, 0x3a);
        let word = (letter | digit) & !w & HIGH;
        let stop = !word & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&x) = b.get(i) {
        if ASCII_WORD[x as usize] == 0 {
            break;
        }
        i += 1;
    }
    i
}

/// No country has this place as its capital (`ActorTagger::capital_of`).
const NO_CAPITAL: u32 = u32::MAX;

/// Below this population a place-only match may be covered by a name the rules find.
const WEAK_PLACE_POPULATION: u64 = 200_000;

/// From this population on, a place whose name is also a given name stays a place.
const GIVEN_NAME_PLACE_POPULATION: u64 = 500_000;

/// Per-language automaton and rules.
struct Lang {
    /// Forms that match in any case ("truppe", "presidente").
    any: Trie,
    /// Forms that need a capital or an exact spelling ("Usa", "NATO", every name).
    cap: Trie,
    /// For each pattern of `ac`, its readings.
    readings: Readings,
    /// Table forms as written, for exact-case checks.
    forms: Forms,
    sector_nouns: Vec<String>,
    titles: Vec<String>,
    metonyms: Vec<crate::tables::Metonym>,
    adj_after: bool,
    of: Vec<String>,
    place_preps: Preceders,
    pair_blockers: Vec<String>,
    not_names: rustc_hash::FxHashSet<String>,
    /// The capitalised common words no place alone (`actors/not_places.txt`), with their
    /// first-two-byte filter: `add_rule_names` asks it of every match whose readings are all
    /// places, and most such surfaces ("Roma", "Milano") start with a pair no listed word
    /// starts with, turned away by one bit test before the hash probe (the same answer).
    not_places: PairSet,
    /// Sector nouns that alone name an institution after a definite article ("la polizia").
    bare_institutions: rustc_hash::FxHashSet<String>,
    /// Bare institution nouns that need no article ("police said").
    bare_no_article: rustc_hash::FxHashSet<String>,
    /// Sector nouns that are an institution only with a demonym or country after them
    /// ("l'ambasciata francese", "le forze armate italiane"), where alone they are a building,
    /// a kind of thing or a crowd: `composed_institutions`, one to three words.
    composed_institutions: Vec<String>,
    /// Bare institution nouns that need no article after a member's or a unit's noun and its
    /// "of" ("agenti di polizia"; the nouns are [`Self::member_of`]).
    member_institutions: rustc_hash::FxHashSet<String>,
    /// A member's or a unit's noun with its "of" ("agente di", "comando di"): the
    /// article-less institution noun after it is the institution the person serves in, where
    /// after other nouns ("forze di polizia", "operazione di polizia") it is a kind of thing.
    member_of: Preceders,
    /// Definite articles and articulated prepositions before a bare institution noun.
    definite: Preceders,
    /// Demonstratives and adjectives of time that stand between an article and a bare
    /// institution noun, or alone before it, where the noun still names the institution ("il
    /// nuovo parlamento", "questo governo"): `institution_determiners`.
    institution_determiners: Preceders,
    /// A bare preposition after which one capitalised sector noun qualifies the noun before it
    /// ("crisi di Governo") and names no institution: `institution_qualifier_of`.
    qualifier_of: Preceders,
    /// Singular articles and articulated prepositions before a demonym used as a noun ("il
    /// tunisino", "un marocchino", "dal rumeno"): a person of that nationality, not the country
    /// (plural "i russi" may stand for the country's side, a singular one is one person).
    person_articles: Preceders,
    /// Articles that, right before a country name, make it the country's government acting
    /// ("l'Italia ha chiesto"): KIND and POLECAT both read these as the state, not the land.
    metonym_articles: Preceders,
    /// Verbs that, right after a country name, make it its government ("Russia said").
    metonym_verbs: rustc_hash::FxHashSet<String>,
    /// Words right after an article and a country that keep it the land ("la Cina è il primo
    /// paese"): `metonym_place_next`.
    metonym_place_next: rustc_hash::FxHashSet<String>,
    /// Words right before that article that keep it the land ("per la Germania"):
    /// `metonym_place_before`.
    metonym_place_before: rustc_hash::FxHashSet<String>,
    names: crate::names::NameRules,
    /// Organisations introduced by a head noun ("il quotidiano X"): [`crate::orgs`].
    orgs: crate::orgs::OrgCues,
    /// Lower-case words before a place that belong to its name ("provincia di", "via"),
    /// longest first.
    place_heads: Vec<String>,
    /// The place heads' last two bytes (last, then the one before), a bit each: the text
    /// before a place that ends in no such pair ends in no head, with no comparison (every
    /// place compared every head's end: ~3M instructions per 1,000 news articles).
    place_head_ends: PairBits,
    /// The indices into `place_heads` of the heads that end in each byte (256 lists, and a
    /// 257th of the empty ones), in `place_heads`' order: the heads a text can end in are
    /// those of its last byte ([`widen_place`]).
    place_heads_by_last: Vec<Vec<u32>>,
    /// Bare locative prepositions ("a", "in"), see [`after_locative`].
    locatives: Preceders,
    /// "Da" and its articulated forms, which introduce the agent of a passive as often as a
    /// place of origin: `agent_prepositions`.
    agent_prepositions: Preceders,
    /// Articulated "da" and "a" that in a match report introduce a team, not a place
    /// ("battuta dalla Cina"): `team_prepositions`.
    team_prepositions: Preceders,
    /// Articles that before a town make it its sports club ("il Torino"): `club_articles`.
    club_articles: Preceders,
    /// Adjectives after a place that belong to its name ("settentrionale").
    place_adjectives: rustc_hash::FxHashSet<String>,
    /// Compass words that, capitalised before a place, belong to its name ("Nord Italia",
    /// "Centro Europa"): `place_compass_heads`.
    place_compass_heads: rustc_hash::FxHashSet<String>,
    /// First words of a compound name that make it a church's, a school's or a saint's before
    /// a small town's ("San Francesco", "Sacro Cuore", "Don Bosco") or a headline's noun
    /// ("La Campana"), lower case: `compound_town_not_first`. A small town's compound name
    /// that starts so needs the context a one-word name needs.
    compound_town_not_first: rustc_hash::FxHashSet<String>,
    /// Capitalised words that qualify a place's name before it ("South Kilburn", "Old Town"):
    /// after them a town keeps its reading (see [`after_capitalised_word`]).
    name_qualifiers: rustc_hash::FxHashSet<String>,
    /// Short names that are an organisation only in a text that holds one of its cue words
    /// (`actors/context_names.tsv`): the organisation's index, the form, the indices of its
    /// cues in [`Self::context_cues`].
    context_names: Vec<(usize, String, Vec<usize>)>,
    /// The distinct cue words of `context_names`, each looked for once per text.
    context_cues: Vec<String>,
    /// A vector searcher for each of `context_cues`, built once (the same needles as
    /// `str::contains` looked for; a searcher tests the needle's rarer bytes first).
    context_cue_finders: Vec<memchr::memmem::Finder<'static>>,
    /// A vector searcher for each form of `context_names` (same order), for the forms that do
    /// not start with a capital ([`context_forms_present`]).
    context_form_finders: Vec<memchr::memmem::Finder<'static>>,
    /// Words that make an organisation's name a building or site of the article's town
    /// ("Barclays Center", "Ospedale Civile"): see [`crate::places::locate_at_focus`].
    facility_words: rustc_hash::FxHashSet<String>,
    /// Street words after a name ("Royal Street"): see [`crate::places::streets_after_names`].
    street_suffixes: rustc_hash::FxHashSet<String>,
    /// `street_suffixes` and `facility_words` in one set: whether a capitalised word is either
    /// is one probe (`find_with` asks it of a text's capitalised words until one is; most are
    /// neither, and two probes missed for each).
    street_or_facility: rustc_hash::FxHashSet<String>,
    /// Words that open no street's name: the articles and place prepositions.
    street_leading: Vec<String>,
    /// The first bytes of `street_suffixes` and `facility_words` (a bit each): a capitalised
    /// word whose lower-case first byte starts none of them is no such word, with no probe of
    /// either set (the test runs on every capitalised word of every text).
    street_first: [u64; 4],
    /// The first two bytes of the same words: [`FormPairs`].
    street_pairs: FormPairs,
    /// The country the pack's own news is mostly about (`home_country`, alpha-3; empty for
    /// none): its towns need no naming of the country to be the places the text means
    /// ("Pievepelago resta senza squadra" in an Italian paper), so the foreign-town surname
    /// rule of [`ActorTagger::add_rule_names`] leaves them alone.
    home_country: String,
    /// Org words that in lower case after a title name no institution ("il capo dello stato",
    /// "il segretario di stato": the state as a notion), where "il presidente del consiglio"
    /// does: `title_lower_not_institutions`.
    title_lower_not: Vec<String>,
}

/// The pairs of first bytes of a set's forms, a bit each (65,536 bits), and the bytes of the
/// one-byte forms: whether a word may be one of them is one bit test before the set's probe.
/// (For the street and facility words, the first byte alone let some 10,000 capitalised words
/// per 1,000 news articles through to the two sets' probes: "Presidente", "Stati",
/// "Bruxelles" start as "piazza", "strada", "borgo".)
pub(crate) struct FormPairs {
    pairs: Box<[u64]>,
    single: [u64; 4],
    /// An empty form is in the set.
    empty: bool,
}

/// A set of words with its [`FormPairs`] filter, built together so that the two always
/// match: [`PairSet::contains`] tests the filter's bit before the set's probe.
#[derive(Default)]
pub(crate) struct PairSet {
    pairs: FormPairs,
    set: rustc_hash::FxHashSet<String>,
}

impl PairSet {
    pub(crate) fn new(set: rustc_hash::FxHashSet<String>) -> Self {
        Self {
            pairs: FormPairs::new(set.iter()),
            set,
        }
    }

    /// Whether `w` is a word of the set.
    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.pairs.may_be(w) && self.set.contains(w)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// The filter of no form (an empty set's: no word may be one).
impl Default for FormPairs {
    fn default() -> Self {
        Self::new(std::iter::empty())
    }
}

impl FormPairs {
    pub(crate) fn new<'a>(forms: impl Iterator<Item = &'a String>) -> Self {
        let mut pairs = vec![0u64; 1024].into_boxed_slice();
        let mut single = [0u64; 4];
        let mut empty = false;
        for f in forms {
            match *f.as_bytes() {
                [] => {
                    // (An empty form starts every text.)
                    pairs.iter_mut().for_each(|x| *x = u64::MAX);
                    single = [u64::MAX; 4];
                    empty = true;
                }
                [b] => single[usize::from(b >> 6)] |= 1 << (b & 63),
                [b0, b1, ..] => {
                    let i = usize::from(b0) << 8 | usize::from(b1);
                    pairs[i >> 6] |= 1 << (i & 63);
                }
            }
        }
        Self {
            pairs,
            single,
            empty,
        }
    }

    /// Whether `b` is a one-byte form of the set.
    #[inline(always)]
    fn single(&self, b: u8) -> bool {
        self.single[usize::from(b >> 6)] >> (b & 63) & 1 != 0
    }

    /// Whether a form of two bytes or more starts with `b0`, `b1`.
    #[inline(always)]
    fn pair(&self, b0: u8, b1: u8) -> bool {
        let i = usize::from(b0) << 8 | usize::from(b1);
        self.pairs[i >> 6] >> (i & 63) & 1 != 0
    }

    /// Whether a form of the set may start `rest` (false: none is a prefix of it).
    #[inline]
    pub(crate) fn may_prefix(&self, rest: &[u8]) -> bool {
        self.empty
            || match *rest {
                [] => false,
                [b] => self.single(b),
                [b0, b1, ..] => self.single(b0) || self.pair(b0, b1),
            }
    }

    /// Whether `w` may be a form of the set (false: it is none).
    #[inline]
    pub(crate) fn may_be(&self, w: &str) -> bool {
        match *w.as_bytes() {
            [] => self.empty,
            [b] => self.single(b),
            [b0, b1, ..] => self.pair(b0, b1),
        }
    }

    /// Whether a form of the set may start at byte `s` of `lb`, where a word ends at `e`: the
    /// form is the word or the word and the byte after it, so it is one byte long only when
    /// the word is, and otherwise starts with the word's first two bytes.
    #[inline]
    fn may_start(&self, lb: &[u8], s: usize, e: usize) -> bool {
        let b0 = lb[s];
        (e - s == 1 && self.single(b0)) || lb.get(s + 1).is_some_and(|&b1| self.pair(b0, b1))
    }
}

/// The last two bytes of a set's forms (the last byte, then the one before it), a bit each, and
/// whether a form is shorter than two bytes (then any text may end in it): whether a text may
/// end in one of the forms is one bit test.
pub(crate) struct PairBits {
    bits: Box<[u64]>,
    short: bool,
}

impl PairBits {
    pub(crate) fn of_ends<'a>(forms: impl Iterator<Item = &'a String>) -> Self {
        let mut bits = vec![0u64; 1024].into_boxed_slice();
        let mut short = false;
        for f in forms {
            match *f.as_bytes() {
                [.., b1, b0] => {
                    let i = usize::from(b0) << 8 | usize::from(b1);
                    bits[i >> 6] |= 1 << (i & 63);
                }
                _ => short = true,
            }
        }
        Self { bits, short }
    }

    /// Whether a form of the set may end `text` (false: `text` ends in none).
    #[inline]
    pub(crate) fn may_end(&self, text: &[u8]) -> bool {
        self.short
            || match *text {
                [.., b1, b0] => {
                    let i = usize::from(b0) << 8 | usize::from(b1);
                    self.bits[i >> 6] >> (i & 63) & 1 != 0
                }
                _ => false,
            }
    }
}

/// Finds actors and places and links them to ids, countries, sectors and coordinates.
///
/// Built once from the packs (tables parsed and checked), then shared across threads. Each
/// language's tries and rules are built on the first document in that language: a run over
/// one language, or one article, pays for that language only.
pub struct ActorTagger {
    tables: Tables,
    langs: HashMap<String, std::sync::OnceLock<Lang>>,
    /// For each place of the tables, the country it is the capital of ([`NO_CAPITAL`] for
    /// none): an array indexed like `tables.places`, so ranking a candidate asks no hash map
    /// keyed by the place's id string.
    capital_of: Vec<u32>,
    /// Armed groups with a branch of their own in another country, as (entity id of the
    /// branch, entity id of the parent, country of the branch): see [`branch_countries`].
    branches: Vec<(String, String, String)>,
}

fn case_of(form: &str) -> Case {
    // Some 200,000 table forms at start-up: the scan stops at the first letter that is not a
    // capital (most forms' second character), and ASCII characters skip the Unicode tables.
    let mut letters = 0;
    let mut upper = true;
    for c in form.chars() {
        let up = if c.is_ascii() {
            if !c.is_ascii_alphabetic() {
                continue;
            }
            c.is_ascii_uppercase()
        } else {
            if !c.is_alphabetic() {
                continue;
            }
            c.is_uppercase()
        };
        if !up {
            upper = false;
            break;
        }
        letters += 1;
    }
    if letters >= 2 && upper {
        Case::Exact
    } else if form.chars().next().is_some_and(char::is_uppercase) {
        Case::Capital
    } else {
        Case::Any
    }
}

/// Lowercases `text` keeping every byte offset: characters whose lowercase form has another
/// UTF-8 length are kept as they are, so spans found in the lowercased text point into `text`.
pub(crate) fn lower_same_len(text: &str) -> String {
    let mut out = Vec::new();
    lower_into(text, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`lower_same_len`] into a byte buffer (the lexicon's keys).
fn lower_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(text.as_bytes());
    out.make_ascii_lowercase();
    lower_non_ascii(text, |i, x| {
        x.encode_utf8(&mut out[i..i + x.len_utf8()]);
    });
}

/// Calls `replace(offset, lowercase)` for every non-ASCII character of `text` whose lowercase
/// form is one character of the same UTF-8 length (others are kept as they are).
fn lower_non_ascii(text: &str, mut replace: impl FnMut(usize, char)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip ASCII eight bytes at a time: only other characters need the Unicode tables.
        while i + 8 <= b.len() {
            let w = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
            if w & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        if i >= b.len() {
            break;
        }
        if b[i] < 0x80 {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let n = c.len_utf8();
        let mut l = c.to_lowercase();
        if let (Some(x), None) = (l.next(), l.next()) {
            if x != c && x.len_utf8() == n {
                replace(i, x);
            }
        }
        i += n;
    }
}

/// The words of one text, collected in the pass that looks up table forms: each word's span
/// and whether it starts with a capital. The name rules and the organisation cues read these
/// instead of slicing every word out of the text and decoding its first character again.
#[derive(Default)]
pub(crate) struct Words {
    pub(crate) spans: Vec<(usize, usize)>,
    pub(crate) upper: Vec<bool>,
    /// The indices (into `spans`) of the words that start with an ASCII digit, noted by the
    /// matcher's word loop where it already tests the first character for a capital: the
    /// numbered-road rule ([`crate::places::numbered_roads`]) visits these few words rather
    /// than searching the text for its nouns.
    pub(crate) digits: Vec<u32>,
    /// Two memo cells a word for the name rules (the sets of the word and of its lower-case
    /// form: [`crate::names::find_names`]), an answer in the low half and the text's `stamp`
    /// in the high half. A cell of another stamp is an earlier text's: the cells are reused
    /// from one text to the next with no clearing (clearing two fresh arrays a text cost
    /// some 4M instructions per 1,000 news articles).
    pub(crate) memo: Vec<std::cell::Cell<u64>>,
    /// The current text's stamp (0 before [`Words::ready_memo`]: no cell holds it).
    pub(crate) stamp: u32,
}

impl Words {
    fn clear(&mut self) {
        self.spans.clear();
        self.upper.clear();
        self.digits.clear();
    }

    /// Readies the memo cells for the words scanned: a new stamp, and cells enough.
    fn ready_memo(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // (After 2^32 texts on one thread: every cell is cleared once.)
            self.memo.iter().for_each(|c| c.set(0));
            self.stamp = 1;
        }
        let need = 2 * self.spans.len();
        if self.memo.len() < need {
            self.memo.resize(need, std::cell::Cell::new(0));
        }
    }
}

/// Buffers the tagger reuses from one document to the next on the same thread.
#[derive(Default)]
struct Scratch {
    /// The text's words, for the name rules.
    words: Words,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

fn normalise_form(form: &str) -> String {
    lower_same_len(form.trim())
}

impl ActorTagger {
    /// Builds the tagger from the packs' actor tables; fails on the first malformed row.
    pub fn new(packs: &Packs) -> Result<Self, PackError> {
        let (tables, mut errs) = Tables::load(packs);
        if !errs.is_empty() {
            return Err(errs.remove(0));
        }
        let mut capital_of = vec![NO_CAPITAL; tables.places.len()];
        let place_by_id: HashMap<&str, usize> = tables
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        for (ci, c) in tables.countries.iter().enumerate() {
            if let Some(&pi) = c
                .capital_geonameid
                .as_deref()
                .and_then(|g| place_by_id.get(g))
            {
                // (Keyed by the place: a place two countries name as their capital is the
                // later one's, as a map keyed by its id kept it.)
                capital_of[pi] = ci as u32;
            }
        }
        let langs = tables
            .langs
            .keys()
            .map(|code| (code.clone(), std::sync::OnceLock::new()))
            .collect();
        let branches = branches_of(&tables.orgs);
        Ok(ActorTagger {
            tables,
            langs,
            capital_of,
            branches,
        })
    }

    /// The country place `p` is the capital of.
    #[inline]
    fn capital(&self, p: usize) -> Option<usize> {
        match self.capital_of.get(p) {
            Some(&c) if c != NO_CAPITAL => Some(c as usize),
            _ => None,
        }
    }

    /// The parsed tables (for evaluation and tools).
    pub fn tables(&self) -> &Tables {
        &self.tables
    }

    fn lang_for(&self, doc: &Document) -> Option<&Lang> {
        let (code, cell) = doc
            .lang
            .as_deref()
            .and_then(|l| self.langs.get_key_value(l))
            .or_else(|| self.langs.get_key_value("en"))
            .or_else(|| self.langs.iter().next())?;
        let lt = self.tables.langs.get(code)?;
        Some(cell.get_or_init(|| build_lang(&self.tables, lt)))
    }

    /// Appends to `doc.entities` every actor and place found in the text. Never fails: text it
    /// cannot read yields fewer entities.
    pub fn annotate(&self, doc: &mut Document) {
        let Some(lang) = self.lang_for(doc) else {
            doc.warn("actors: no language pack with actor tables", None);
            return;
        };
        if doc.text.len() >= u32::MAX as usize {
            doc.warn("actors: text too long to index", None);
            return;
        }
        let found = self.find(lang, doc);
        if doc.entities.is_empty() {
            doc.entities = found;
        } else {
            doc.entities.extend(found);
        }
    }

    /// All entities of `doc`'s text, in text order, without touching the document.
    fn find(&self, lang: &Lang, doc: &Document) -> Vec<Entity> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.find_with(lang, doc, &mut s),
            Err(_) => self.find_with(lang, doc, &mut Scratch::default()),
        })
    }

    fn find_with(&self, lang: &Lang, doc: &Document, scratch: &mut Scratch) -> Vec<Entity> {
        let text = doc.text.as_str();
        let Scratch { words } = scratch;
        // The text lowercased once by the segmenter; a document that was not segmented (the NER
        // evaluation over bare sentences) is folded here by the same function.
        let own;
        let lower: &str = match doc.folded() {
            Some(f) => f.lower(),
            None => {
                own = annalist_doc::Folded::of(text);
                own.lower()
            }
        };
        let date = doc.published.as_deref().and_then(|d| d.get(..10));
        let base = doc.entities.len();
        let mut ms = self.matches(lang, text, lower, words);
        words.ready_memo();
        self.add_rule_names(lang, text, lower, words, &mut ms);
        // After the rule names: a place reading inside a person's name ("Whitney Houston") is
        // no evidence of the article's countries.
        let context = self.country_context(&ms);
        let mut anchors = crate::places::anchors(
            &self.tables,
            ms.iter().map(|m| {
                m.readings.iter().map(|r| match r.target {
                    Target::Place(p, _) => Some(p),
                    _ => None,
                })
            }),
        );
        anchors.top_context = context.values().copied().max().unwrap_or(0);
        // Sentence spans are only needed by "i due" / "the two": computed on first use.
        let sentences = Sentences {
            given: &doc.sentences,
            text,
            rough: std::cell::OnceCell::new(),
        };
        let mut out: Vec<Entity> = Vec::with_capacity(ms.len());
        let mut first_of: HashMap<String, usize> = HashMap::default();
        // The country of a title a name follows in apposition ("l'ambasciatore statunitense
        // Nicholas Burns", "German Foreign Minister Heiko Maas") and where the title ends: a
        // person no table knows takes it, instead of leaving the event stage to guess.
        let mut title_country: Option<(String, usize)> = None;
        // A country adjective before such a title (span, country, the title's end): the name
        // in apposition notes it ([`crate::places::TITLE_ADJECTIVE`]).
        let mut title_adjective: Option<(usize, usize, String, usize)> = None;
        // The country match a title's "of" led to, read on its own after the title.
        let mut scope_at: Option<usize> = None;
        let mut i = 0;
        while i < ms.len() {
            let m = &ms[i];
            let next = ms.get(i + 1);
            let gap_to_next = next.map(|n| &text[m.end..n.start]);
            // Titles: "il presidente russo", "presidente degli Stati Uniti", "the Russian president".
            if let Some(role) = m.title() {
                if let Some((scope, end, used)) = self.title_scope(lang, text, &ms, i) {
                    let after = ms.get(i + used);
                    let appositive = after
                        .is_some_and(|a| a.names_person() && text[end..a.start].trim().is_empty());
                    let resolved = if appositive {
                        None
                    } else {
                        self.resolve_role(lang, role, &scope, date, m.start, end, text)
                    };
                    if resolved.is_none() {
                        title_country = self.scope_country(&scope).map(|c| (c, end));
                    }
                    match resolved {
                        // The country an office resolves by ("il presidente del Pakistan") is
                        // named, too: the person is the title, and the country after "of" a
                        // mention of its own (KIND tags it LOC).
                        Some(mut e)
                            if used > 1
                                && ms[i + used - 1].country().is_some()
                                && is_of(lang, &text[m.end..ms[i + used - 1].start]) =>
                        {
                            e.span = Span::new(m.start, m.end);
                            e.text = text[m.start..m.end].to_string();
                            push(&mut out, &mut first_of, base, e);
                            i += used - 1;
                            continue;
                        }
                        Some(e) => push(&mut out, &mut first_of, base, e),
                        // The organisation the scope came from is an actor of its own
                        // ("presidente della Camera"): it is read as any organisation is.
                        None if used > 1 && ms[i + used - 1].org().is_some() => {
                            i += used - 1;
                            continue;
                        }
                        // So is the country an office no table resolves belongs to ("l'ex
                        // presidente del Kazakistan", "the president of Chile" in a year the
                        // tables do not cover): the country is named, and dropping it with the
                        // title lost it (KIND dev: 21 such places unfound). The name in
                        // apposition after it still takes the title's country.
                        None if used > 1
                            && ms[i + used - 1].country().is_some()
                            && is_of(lang, &text[m.end..ms[i + used - 1].start]) =>
                        {
                            scope_at = Some(i + used - 1);
                            i += used - 1;
                            continue;
                        }
                        None => {
                            if let Some((e, skip)) =
                                institution_before(lang, text, &ms, i + used, m.start, end)
                            {
                                i += usize::from(skip);
                                push(&mut out, &mut first_of, base, e);
                            }
                        }
                    }
                    i += used;
                    continue;
                }
                // A title no office resolves still names its institution ("presidente del
                // Consiglio", "capo dello Stato").
                if let Some((e, skip)) = institution_before(lang, text, &ms, i + 1, m.start, m.end)
                {
                    i += usize::from(skip);
                    push(&mut out, &mut first_of, base, e);
                    i += 1;
                    continue;
                }
            }
            // English order: demonym before a title or a sector noun.
            if !lang.adj_after {
                if let (Some(c), Some(n), Some(gap)) = (m.demonym(), next, gap_to_next) {
                    if gap.trim().is_empty() {
                        if let Some(role) = n.title() {
                            let after = ms.get(i + 2);
                            let appositive = after.is_some_and(|a| {
                                a.names_person() && text[n.end..a.start].trim().is_empty()
                            });
                            let scope = self.tables.countries[c].alpha3.clone();
                            let resolved = if appositive {
                                None
                            } else {
                                self.resolve_role(lang, role, &scope, date, m.start, n.end, text)
                            };
                            match resolved {
                                Some(e) => push(&mut out, &mut first_of, base, e),
                                None => {
                                    // The adjective still names its country (a toponym used
                                    // as a modifier): the name after the title records it.
                                    title_adjective = Some((m.start, m.end, scope.clone(), n.end));
                                    title_country = Some((scope, n.end));
                                }
                            }
                            i += 2;
                            continue;
                        }
                        if let Some(s) = n.sector_noun() {
                            let e =
                                self.composed(lang, c, &lang.sector_nouns[s], m.start, n.end, text);
                            title_country = e.country.clone().map(|c| (c, n.end));
                            push(&mut out, &mut first_of, base, e);
                            i += 2;
                            continue;
                        }
                    }
                }
            }
            // Sector noun + demonym ("truppe nordcoreane") or + of + country ("forze della Corea").
            if let Some(s) = m.sector_noun() {
                if let (Some(n), Some(gap)) = (next, gap_to_next) {
                    let adjective = lang.adj_after && gap.trim().is_empty();
                    let country = if adjective {
                        n.demonym()
                    } else if is_of(lang, gap) {
                        n.country().or_else(|| n.capital_country(self))
                    } else {
                        None
                    };
                    if let Some(c) = country {
                        // After "of" the country or city is named ("vigili del fuoco di
                        // Londra", "forces of Russia"): the actor is the noun, with that
                        // country, and the place stays a mention of its own (KIND train tags
                        // 62 places after such a noun and "of" as LOC apart from the noun).
                        let end = if adjective { n.end } else { m.end };
                        let e = self.composed(lang, c, &lang.sector_nouns[s], m.start, end, text);
                        title_country = e.country.clone().map(|c| (c, n.end));
                        push(&mut out, &mut first_of, base, e);
                        if adjective {
                            i += 2;
                        } else {
                            scope_at = Some(i + 1);
                            i += 1;
                        }
                        continue;
                    }
                }
                let limit = next.map_or(text.len(), |n| n.start);
                if let Some(e) =
                    self.bare_institution(lang, text, lower, m, limit, &lang.sector_nouns[s], &out)
                {
                    // A demonym after the institution's complement or adjective still names its
                    // country ("il ministero della giustizia macedone", "l'esercito governativo
                    // siriano"): one actor of that country, as right after the noun.
                    let e_end = e.span.end as usize;
                    let demonym = next.filter(|n| {
                        lang.adj_after
                            && e_end > m.end
                            && n.start == e_end + 1
                            && text.as_bytes()[e_end] == b' '
                    });
                    if let Some((n, c)) = demonym.and_then(|n| n.demonym().map(|c| (n, c))) {
                        let e = self.composed(lang, c, &lang.sector_nouns[s], m.start, n.end, text);
                        title_country = e.country.clone().map(|c| (c, n.end));
                        push(&mut out, &mut first_of, base, e);
                        i += 2;
                        continue;
                    }
                    push(&mut out, &mut first_of, base, e);
                }
                i += 1;
                continue;
            }
            if let Some(mut e) = self.proper(
                lang, text, lower, m, next, &context, &anchors, &first_of, base, &out, &sentences,
            ) {
                if let Some((s, a_end, c, end)) = title_adjective.take() {
                    let start = e.span.start as usize;
                    if e.kind == EntityKind::Person
                        && start >= end
                        && text[end..start].trim().is_empty()
                    {
                        let n = crate::places::title_adjective_note(&c, s, a_end);
                        append_note(&mut e.note, &n);
                    }
                }
                // The scope of a title keeps the title's country for the name after it.
                let keep = scope_at == Some(i);
                if let Some((c, end)) = title_country.take_if(|_| !keep) {
                    let start = e.span.start as usize;
                    if e.kind == EntityKind::Person
                        && e.country.is_none()
                        && start >= end
                        && text[end..start].trim().is_empty()
                    {
                        e.cameo = self.cameo(&c, e.sector.as_deref());
                        e.country = Some(c);
                        append_note(&mut e.note, "country of the title before it");
                    }
                }
                if e.kind == EntityKind::Person && e.country.is_none() {
                    // A country adjective the loop did not make an entity of ("l'omologo
                    // giapponese …") still modifies the name.
                    let adjective = i
                        .checked_sub(1)
                        .and_then(|j| ms[j].demonym().map(|c| (c, ms[j].end)))
                        .map(|(c, end)| (self.tables.countries[c].alpha3.as_str(), end));
                    let start = e.span.start as usize;
                    if let Some(c) = modifier_country(lang, text, out.last(), adjective, start) {
                        e.cameo = self.cameo(&c, e.sector.as_deref());
                        e.country = Some(c);
                        append_note(&mut e.note, "country of the modifier before it");
                    }
                }
                let floor = out.last().map_or(0, |l| l.span.end as usize);
                let ceiling = next.map_or(text.len(), |n| n.start);
                widen_place(lang, text, lower, floor, ceiling, &mut e);
                // A company's or an association's name goes on over a country right after it,
                // its national branch ("Vodafone Italia", "Wikimedia Ucraina", "Amazon UK"):
                // the branch is of that country. Not an institution ("la Camera Usa" is
                // another chamber than the table's) nor an international organisation ("Nato
                // Russia" in a headline is two actors). KIND train tags such names whole: 6
                // times in 6.
                let end = e.span.end as usize;
                let branch = next
                    .filter(|n| {
                        is_table_org(&e, text)
                            && e.sector
                                .as_deref()
                                .is_none_or(|s| BRANCH_SECTORS.contains(&s))
                            && n.start == end + 1
                            && text.as_bytes().get(end) == Some(&b' ')
                    })
                    .and_then(|n| n.country().map(|c| (n.end, c)));
                if let Some((n_end, c)) = branch {
                    let alpha3 = self.tables.countries[c].alpha3.clone();
                    e.cameo = self.cameo(&alpha3, e.sector.as_deref());
                    e.country = Some(alpha3);
                    e.span = Span::new(e.span.start as usize, n_end);
                    e.text = text[e.span.start as usize..n_end].to_string();
                    append_note(&mut e.note, "with the country of its national branch");
                    i += 1;
                }
                push(&mut out, &mut first_of, base, e);
            }
            i += 1;
        }
        let streets = crate::places::StreetWords {
            suffixes: &lang.street_suffixes,
            leading: &lang.street_leading,
            qualifiers: &lang.name_qualifiers,
            facilities: &lang.facility_words,
            first: lang.street_first,
            pairs: &lang.street_pairs,
        };
        // Only a text with a capitalised street or facility word can hold such a name: the
        // words the matcher found say so without the pass over every byte of the text that
        // `streets_after_names` makes to split it ("St." is the word "St" and its period).
        // (Only the capitalised words are visited: `next_upper` skips the others eight at a
        // time.)
        let street_word = |(s, e): (usize, usize)| {
            e - s <= 12 && lang.street_pairs.may_start(lower.as_bytes(), s, e) && {
                let w = &lower[s..e];
                lang.street_or_facility.contains(w)
                    || (text.as_bytes().get(e) == Some(&b'.')
                        && streets.suffixes.contains(&lower[s..=e]))
            }
        };
        let has_street_word = !streets.suffixes.is_empty() && {
            let mut k = crate::names::next_upper(&words.upper, 0);
            while k < words.spans.len() && !street_word(words.spans[k]) {
                k = crate::names::next_upper(&words.upper, k + 1);
            }
            k < words.spans.len()
        };
        if has_street_word {
            crate::places::streets_after_names(text, &streets, words, base, &mut out);
        }
        crate::places::join_hyphenated_places(text, base, &mut out);
        crate::places::locate_at_focus(&self.tables, &context, &lang.facility_words, &mut out);
        self.branch_countries(&context, &mut out);
        self.context_names(lang, (text, lower), words, base, &mut out);
        self.org_legal_forms(lang, text, &mut out);
        out
    }

    /// A table's organisation goes on over a company's legal form after it ("As Roma SpA"),
    /// as a name no table lists does ([`crate::orgs::cued_orgs`]).
    fn org_legal_forms(&self, lang: &Lang, text: &str, out: &mut [Entity]) {
        for i in 0..out.len() {
            let (s, e) = (out[i].span.start as usize, out[i].span.end as usize);
            if !is_table_org(&out[i], text) {
                continue;
            }
            let Some(end) = lang.orgs.legal_form_after(text, e) else {
                continue;
            };
            if out.get(i + 1).is_none_or(|n| n.span.start as usize >= end) {
                let a = &mut out[i];
                a.span = Span::new(s, end);
                a.text = text[s..end].to_string();
                append_note(&mut a.note, "with its legal form");
            }
        }
    }

    /// Short names that are an organisation only in a text about its field
    /// (`actors/context_names.tsv`: "Onda" where the text names the Palio): there each
    /// occurrence is the organisation, in place of what another reading made of the same span
    /// (a person by the words around it, a place), or added where nothing covers it. Elsewhere
    /// the word keeps its other readings: a surname, a place, a common noun.
    fn context_names(
        &self,
        lang: &Lang,
        (text, lower): (&str, &str),
        words: &Words,
        base: usize,
        out: &mut Vec<Entity>,
    ) {
        if lang.context_names.is_empty() {
            return;
        }
        // Which forms the text may hold, from the scan's words: a form `find_word` finds
        // starts a word of the scan (a letter or digit after none), so a form no word starts
        // with is skipped with no search. Only a text holding a form pays for the cues'
        // searches (each a pass over the whole text: the 18 Italian cues cost some 24M
        // instructions per 1,000 news articles when every text paid for them).
        let present =
            context_forms_present(&lang.context_names, &lang.context_form_finders, text, words);
        // Each distinct cue is looked for once (its prebuilt finder's search is a vector scan;
        // the word boundaries are checked only where it is found). A lower-case cue matches in
        // any case, a capitalised one only as written.
        let mut found: Option<Vec<bool>> = None;
        for (fi, (oi, form, cues)) in lang.context_names.iter().enumerate() {
            if fi < 64 && present & (1u64 << fi) == 0 {
                continue;
            }
            let found = found.get_or_insert_with(|| {
                lang.context_cues
                    .iter()
                    .zip(&lang.context_cue_finders)
                    .map(|(c, finder)| {
                        let hay = if c.starts_with(char::is_lowercase) {
                            lower
                        } else {
                            text
                        };
                        finder.find(hay.as_bytes()).is_some() && find_word(hay, c, 0).is_some()
                    })
                    .collect()
            });
            if !cues.iter().any(|&c| found.get(c).copied().unwrap_or(false)) {
                continue;
            }
            let org = &self.tables.orgs[*oi];
            let mut from = 0;
            while let Some(s) = find_word(text, form, from) {
                let e = s + form.len();
                from = e;
                let at = out.partition_point(|x| (x.span.start as usize) < s);
                let exact = out
                    .get(at)
                    .is_some_and(|x| x.span.start as usize == s && x.span.end as usize == e);
                let overlaps = out.get(at).is_some_and(|x| (x.span.start as usize) < e)
                    || (at > 0 && out[at - 1].span.end as usize > s);
                let entity = Entity {
                    id: Some(org_entity_id(org)),
                    name: Some(org.name.clone()),
                    country: Some(org.country.clone()),
                    sector: Some(org.sector.clone()),
                    cameo: self.cameo(&org.country, Some(&org.sector)),
                    ..Entity::unlinked(
                        Span::new(s, e),
                        form,
                        EntityKind::Org,
                        "short name in its context",
                    )
                };
                if exact {
                    if matches!(
                        out[at].kind,
                        EntityKind::Person | EntityKind::Place | EntityKind::Country
                    ) {
                        out[at] = entity;
                        // Later mentions that pointed at it as a person point at nothing.
                        for x in out.iter_mut() {
                            x.coref = x.coref.filter(|&c| c != base + at);
                        }
                    }
                } else if !overlaps {
                    out.insert(at, entity);
                    shift_refs_after_insert(out, base + at);
                }
            }
        }
    }

    /// A group that fights in several countries under one name ("lo Stato islamico") is, in an
    /// article that names its branch in the article's own country ("Isis-Khorasan" in a story
    /// from Kabul), that branch: the bare name takes the branch's country, not the home
    /// country of the table (IRQ), since the article's events are the branch's.
    fn branch_countries(&self, context: &HashMap<&str, u32>, out: &mut [Entity]) {
        if self.branches.is_empty() || out.is_empty() {
            return;
        }
        // The article's one most named country; a tie ("ISIS-K claimed it, while the Islamic
        // State's central command …": AFG once, IRQ once) leaves the parent where it is.
        let top = context.values().copied().max().unwrap_or(0);
        let mut at_top = context.iter().filter(|(_, n)| **n == top);
        let (Some((focus, _)), None) = (at_top.next(), at_top.next()) else {
            return;
        };
        for (branch, parent, country) in &self.branches {
            if country != *focus || !out.iter().any(|e| e.id.as_deref() == Some(branch)) {
                continue;
            }
            for e in out.iter_mut() {
                if e.kind == EntityKind::Group && e.id.as_deref() == Some(parent) {
                    e.cameo = self.cameo(country, e.sector.as_deref());
                    e.country = Some(country.clone());
                    append_note(
                        &mut e.note,
                        &format!("country of its branch {branch} named in the article"),
                    );
                }
            }
        }
    }

    /// The candidate the names around a place name settle, whatever the ranking says: the
    /// region of a town just before it ("Tacoma, Washington"), the town a country or region
    /// after the comma holds ("Bogota, Colombia"), the region a list of regions puts it among
    /// ("California or Washington").
    fn preferred_place(
        &self,
        text: &str,
        m: &M,
        next: Option<&M>,
        out: &[Entity],
        cands: &[(usize, bool)],
    ) -> Option<usize> {
        let t = &self.tables;
        if let Some(p) = crate::places::region_after_town(t, text, out.last(), m.start, cands) {
            return Some(p);
        }
        let gap_to_next = next
            .filter(|n| n.start >= m.end)
            .map(|n| text[m.end..n.start].trim());
        if let (Some(n), Some(",")) = (next, gap_to_next) {
            let holders: Vec<(&str, &str)> = n
                .readings
                .iter()
                .filter_map(|r| match r.target {
                    Target::Country(c) => Some((t.countries[c].alpha3.as_str(), "")),
                    Target::Place(p, _) if t.places[p].region => {
                        Some((t.places[p].country.as_str(), t.places[p].id.as_str()))
                    }
                    _ => None,
                })
                .collect();
            if let Some(p) = crate::places::town_before_holder(t, cands, &holders) {
                return Some(p);
            }
        }
        let listed = |gap: &str| matches!(gap.trim(), "," | "and" | "or" | ", and" | ", or");
        let before = out
            .last()
            .filter(|p| (p.span.end as usize) <= m.start)
            .filter(|p| listed(&text[p.span.end as usize..m.start]))
            .and_then(|p| p.id.as_deref())
            .and_then(|id| t.place_index.get(id))
            .map(|&p| &t.places[p]);
        // A next name whose region readings are regions of one country (Oregon the state;
        // its small towns elsewhere do not count), and that is no big city ("Washington, New
        // York and Boston" lists cities).
        let after = next
            .filter(|_| gap_to_next.is_some_and(listed))
            .filter(|n| {
                !n.readings.iter().any(|r| {
                    matches!(r.target, Target::Place(p, _)
                        if !t.places[p].region
                            && t.places[p].population as f64 >= crate::places::BIG_CITY_POPULATION)
                })
            })
            .and_then(|n| {
                let mut regions = n.readings.iter().filter_map(|r| match r.target {
                    Target::Place(p, _) if t.places[p].region && !t.places[p].supranational => {
                        Some(&t.places[p])
                    }
                    _ => None,
                });
                let first = regions.next()?;
                regions.all(|r| r.country == first.country).then_some(first)
            });
        crate::places::region_beside_region(t, cands, before.into_iter().chain(after))
    }

    /// Scope of a title starting at match `i`: a demonym after it (Italian order), or an
    /// of-phrase naming a country or organisation. Returns (scope, end, matches used).
    fn title_scope(
        &self,
        lang: &Lang,
        text: &str,
        ms: &[M],
        i: usize,
    ) -> Option<(String, usize, usize)> {
        let m = &ms[i];
        let n = ms.get(i + 1)?;
        let gap = &text[m.end..n.start];
        if lang.adj_after && gap.trim().is_empty() {
            if let Some(c) = n.demonym() {
                return Some((self.tables.countries[c].alpha3.clone(), n.end, 2));
            }
        }
        if is_of(lang, gap) {
            if let Some(c) = n.country() {
                return Some((self.tables.countries[c].alpha3.clone(), n.end, 2));
            }
            if let Some(o) = n.org() {
                return Some((self.tables.orgs[o].id.clone(), n.end, 2));
            }
        }
        None
    }

    /// The country a title's scope stands for: the country itself, or an organisation's.
    fn scope_country(&self, scope: &str) -> Option<String> {
        if let Some(c) = self.tables.countries.iter().find(|c| c.alpha3 == scope) {
            return Some(c.alpha3.clone());
        }
        self.tables
            .orgs
            .iter()
            .find(|o| o.id == scope)
            .map(|o| o.country.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve_role(
        &self,
        lang: &Lang,
        title: usize,
        scope: &str,
        date: Option<&str>,
        start: usize,
        end: usize,
        text: &str,
    ) -> Option<Entity> {
        let role = &lang_title_role(self, lang, title)?;
        let mut best: Option<&crate::tables::Role> = None;
        for r in &self.tables.roles {
            if r.scope != scope || !r.roles.iter().any(|x| x == role) {
                continue;
            }
            let holds = match date {
                Some(d) => r.start.as_str() <= d && r.end.as_deref().is_none_or(|e| d < e),
                None => r.end.is_none(),
            };
            if holds && best.is_none_or(|b| b.start < r.start) {
                best = Some(r);
            }
        }
        let r = best?;
        let p = &self.tables.people[r.person];
        let mut e = self.person_entity(r.person, start, end, text);
        // (Joined with `concat`, not `format!`: see [`push_decimal`].)
        e.note = Some(
            [
                "title: ",
                role,
                " of ",
                scope,
                " on ",
                date.unwrap_or("an unknown date (current holder)"),
                " is ",
                &p.name,
            ]
            .concat(),
        );
        Some(e)
    }

    fn person_entity(&self, pi: usize, start: usize, end: usize, text: &str) -> Entity {
        let p = &self.tables.people[pi];
        Entity {
            span: Span::new(start, end),
            text: text[start..end].to_string(),
            kind: EntityKind::Person,
            id: Some(p.wikidata.clone().unwrap_or_else(|| p.id.clone())),
            name: Some(p.name.clone()),
            country: Some(p.country.clone()),
            sector: Some(p.sector.clone()),
            cameo: self.cameo(&p.country, Some(&p.sector)),
            lat: None,
            lon: None,
            coref: None,
            note: None,
        }
    }

    /// A person named only by a surname the people table lists as a short form, with no
    /// earlier full mention to link to: a person with no id and no country. The surname is
    /// shared (that is why it is only a short form): "Costa" in Italian crime news is seldom
    /// António Costa, so giving the table person's country (IGO) made false events on 3,000
    /// news articles.
    fn short_person(&self, m: &M, text: &str) -> Entity {
        Entity::unlinked(
            Span::new(m.start, m.end),
            &text[m.start..m.end],
            EntityKind::Person,
            "short name of a known person, no earlier full name",
        )
    }

    /// A sector noun alone that names an institution ("la polizia", "il governo", "police"):
    /// an org of that sector, of the country the article has named most so far (or none). An
    /// adjective of the institution's name after it, before `limit` (the next match), is part
    /// of it ("la polizia locale").
    #[allow(clippy::too_many_arguments)]
    fn bare_institution(
        &self,
        lang: &Lang,
        text: &str,
        lower: &str,
        m: &M,
        limit: usize,
        sector: &str,
        out: &[Entity],
    ) -> Option<Entity> {
        let form = &lower[m.start..m.end];
        // Written with a capital inside a sentence, a sector noun is an institution's name
        // ("il Ministero della Difesa", "l'Esercito").
        let named = text[m.start..].starts_with(char::is_uppercase)
            && (form.contains(' ') || !sentence_initial(text, m.start))
            // One capitalised noun after a bare "di" qualifies the noun before it ("crisi di
            // Governo", "partito di Governo", "Consiglio di Amministrazione"): no article, no
            // institution. Unless a name follows ("di Amministrazione Ferretti"). On KIND
            // train such nouns were an institution 3 times in 12.
            && !(!form.contains(' ')
                && preceded_by(&lang.qualifier_of, lower, m.start)
                && !text[m.end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(char::is_uppercase)));
        // A capitalised sector noun that is also a given name, right before a capitalised word
        // no list knows, is a woman's first name and her surname ("Marina Petrella"), not the
        // navy (KIND train: a person 3 times in 3, which the name rules do not take yet).
        if named && !form.contains(' ') && lang.names.is_given_head(&text[m.start..m.end], false) {
            if let Some(r) = text[m.end..].strip_prefix(' ') {
                let n = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
                if lang.names.is_unknown_name_word(&r[..n]) {
                    return None;
                }
            }
        }
        let ok = named
            || lang.bare_no_article.contains(form)
            || (lang.bare_institutions.contains(form)
                && (preceded_by(&lang.definite, lower, m.start)
                    || preceded_by(&lang.institution_determiners, lower, m.start)))
            || (lang.member_institutions.contains(form)
                && preceded_by(&lang.member_of, lower, m.start));
        if !ok {
            return None;
        }
        // The story's country is where it happens: the countries and places it names, and the
        // armed groups fighting there (a Mali story quoting France's president and troops at
        // length is still about Mali's junta; the police in a story of Colombia's Clan del
        // Golfo are Colombia's). People, institutions and demonyms vote only when the article
        // names none of these.
        let geographic = |e: &Entity| {
            matches!(
                e.kind,
                EntityKind::Country | EntityKind::Place | EntityKind::Group
            ) && !e.note.as_deref().is_some_and(|n| n.starts_with("demonym"))
        };
        let any_geographic = out
            .iter()
            .any(|e| geographic(e) && e.country.as_deref().is_some_and(|c| c != "IGO"));
        let mut counts: Vec<(&str, u32)> = Vec::new();
        for e in out {
            let Some(c) = e.country.as_deref() else {
                continue;
            };
            if c == "IGO" || e.note.as_deref().is_some_and(|n| n.starts_with("bare")) {
                continue;
            }
            if any_geographic && !geographic(e) {
                continue;
            }
            match counts.iter_mut().find(|x| x.0 == c) {
                Some(x) => x.1 += 1,
                None => counts.push((c, 1)),
            }
        }
        // On a tie the country named last wins: the nearer mention is the likelier referent.
        let last = |c: &str| out.iter().rposition(|e| e.country.as_deref() == Some(c));
        let best = counts
            .iter()
            .max_by_key(|x| (x.1, last(x.0)))
            .map(|x| x.0.to_string());
        // Which ministry or council it is ("il ministero della giustizia"), then one adjective
        // of an institution ("la polizia locale", "il governo nipponico").
        let noun_end = lang
            .orgs
            .complement_end(lower, m.end, limit)
            .unwrap_or(m.end);
        let end = {
            let rest = &lower[noun_end..limit];
            let word = rest.strip_prefix(' ').map(|r| {
                let n = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
                &r[..n]
            });
            match word {
                Some(w)
                    if !w.is_empty()
                        && (lang.names.is_org_adjective(w)
                            || lang.orgs.is_trailing_adjective(w)) =>
                {
                    noun_end + 1 + w.len()
                }
                _ => noun_end,
            }
        };
        // (Joined with `concat`, not `format!`: see [`push_decimal`].)
        let note = match &best {
            Some(c) => [
                "bare institution noun; country inferred from the article (",
                c,
                ")",
            ]
            .concat(),
            None => "bare institution noun; no country in the article so far".into(),
        };
        Some(Entity {
            span: Span::new(m.start, end),
            text: text[m.start..end].to_string(),
            kind: EntityKind::Org,
            id: None,
            name: Some(match &best {
                Some(c) => [c, " ", sector].concat(),
                None => sector.to_string(),
            }),
            cameo: best.as_deref().and_then(|c| self.cameo(c, Some(sector))),
            country: best,
            sector: Some(sector.to_string()),
            lat: None,
            lon: None,
            coref: None,
            note: Some(note),
        })
    }

    /// Marks a country entity as its government when an article or a verb shows it acting
    /// ("l'Italia ha chiesto", "Russia said").
    fn country_metonym(&self, lang: &Lang, text: &str, lower: &str, mut e: Entity) -> Entity {
        let (s, en) = (e.span.start as usize, e.span.end as usize);
        // In a match report the country is its national team, no government (orgs.rs); the
        // opponent or the winner may follow "da" or "a" with an article ("battuta dalla
        // Cina", "superiore alla Serbia"), which elsewhere make a place.
        if (!after_place_preposition(lang, lower, s)
            || preceded_by(&lang.team_prepositions, lower, s))
            && crate::orgs::national_team(&lang.orgs, (text, lower), s, en)
        {
            e.note = Some(match e.note.take() {
                Some(n) => format!("{}; {n}", crate::orgs::TEAM_NOTE),
                None => crate::orgs::TEAM_NOTE.into(),
            });
            return e;
        }
        // An article makes the state unless the copula follows (the land described: "la Cina
        // è il primo paese") or a preposition of direction precedes it ("per la Germania").
        let by_article = preceded_by(&lang.metonym_articles, lower, s)
            && !lang
                .metonym_place_before
                .contains(word_before_article(lower, s));
        let next: &str = {
            let rest = lower[en..].trim_start();
            let n = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            &rest[..n]
        };
        // The verb's subject is the country only when no preposition links the country to a
        // noun before it ("la Corte suprema degli Stati Uniti ha", "le piogge in Bulgaria
        // hanno"): on KIND train such countries were places 14 times in 15.
        let prev = lower[..s]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let complement = lang.names.is_linking_preposition(prev);
        let by_verb = !next.is_empty() && lang.metonym_verbs.contains(next) && !complement;
        // An article alone with a clause's end right after ("verso la Francia.", "con
        // l'Ungheria, poi …") names the place: on KIND train such countries were places 36
        // times in 61.
        let ends_clause = lower[en..]
            .trim_start()
            .starts_with([',', '.', ':', ';', ')']);
        let described = by_article && lang.metonym_place_next.contains(next);
        // A part of the country ("all'Italia meridionale") is a place.
        if (!by_verb && (!by_article || ends_clause || described))
            || lang.place_adjectives.contains(next)
        {
            return e;
        }
        let a3 = e.country.clone().unwrap_or_default();
        e.sector = Some("GOV".into());
        e.cameo = self.cameo(&a3, Some("GOV"));
        let why = if by_article { "article" } else { "verb" };
        e.note = Some(match e.note.take() {
            Some(n) => format!("metonym: country for its government ({why}); {n}"),
            None => format!("metonym: country for its government ({why})"),
        });
        e
    }

    fn cameo(&self, country: &str, sector: Option<&str>) -> Option<String> {
        let role = sector
            .and_then(|s| self.tables.sectors.get(s))
            .map(String::as_str)
            .unwrap_or("");
        // (Concatenated, not `format!`: this runs for nearly every entity.)
        let mut code = String::with_capacity(country.len() + role.len());
        code.push_str(country);
        code.push_str(role);
        Some(code)
    }

    fn composed(
        &self,
        lang: &Lang,
        c: usize,
        noun: &str,
        start: usize,
        end: usize,
        text: &str,
    ) -> Entity {
        let country = &self.tables.countries[c];
        let sector = noun.to_string();
        let kind = match sector.as_str() {
            "JRN" => EntityKind::Media,
            "REB" | "CVL" | "REF" | "OPP" | "LAB" => EntityKind::Group,
            _ => EntityKind::Org,
        };
        Entity {
            span: Span::new(start, end),
            text: text[start..end].to_string(),
            kind,
            id: None,
            name: Some(format!("{} {}", country.name_en, sector)),
            country: Some(country.alpha3.clone()),
            sector: Some(sector.clone()),
            cameo: self.cameo(&country.alpha3, Some(&sector)),
            lat: None,
            lon: None,
            coref: None,
            note: Some(if is_institution(lang, text, start) {
                "composed: institution noun with a demonym or country".into()
            } else {
                "composed: sector noun with a demonym or country".into()
            }),
        }
    }

    /// A proper-name match: person, organisation, seat of power, country or place.
    #[allow(clippy::too_many_arguments)]
    fn proper(
        &self,
        lang: &Lang,
        text: &str,
        lower: &str,
        m: &M,
        next: Option<&M>,
        context: &HashMap<&str, u32>,
        anchors: &crate::places::Anchors,
        first_of: &HashMap<String, usize>,
        base: usize,
        out: &[Entity],
        sentences: &Sentences,
    ) -> Option<Entity> {
        let surface = &text[m.start..m.end];
        let initial = sentence_initial(text, m.start);
        let single_word = !surface.contains(' ');
        if initial && single_word && lang.not_names.contains(surface) {
            return None;
        }
        // A sentence's first word that is a frequent word of the language and, as a name, only
        // a town of under 30,000 people ("Essa", "Delle", "Anzi", "Noto", "Parole") is the
        // word: on KIND train such readings were a place 0 times in 13. Countries, regions,
        // larger towns and names of other kinds are kept ("Siria", "Usa"; "Venezia" and
        // "Massa", which the list of frequent words holds as names).
        // So is one that names only a town of a country the article names by no other word,
        // up to a middling town ("Voi" in Kenya, "Vista" in California): first in an Italian
        // sentence such a word is the pronoun or the verb. (The word itself counts for its
        // country in the context, once for each time it is written.)
        if initial
            && single_word
            && lang.names.is_frequent_word(surface)
            && m.readings.iter().all(|r| match r.target {
                Target::Place(p, _) => {
                    let pl = &self.tables.places[p];
                    !pl.region
                        && !pl.supranational
                        && (pl.population < 30_000
                            || (pl.population < 150_000
                                && context.get(pl.country.as_str()).copied().unwrap_or(0) as usize
                                    <= text.matches(surface).count()))
                }
                _ => false,
            })
        {
            return None;
        }
        let mut place_cands = Vec::new();
        let mut country_reading = None;
        let mut demonym_reading = None;
        for r in m.readings.iter() {
            match r.target {
                Target::Person(p) => {
                    let mut e = self.person_entity(p, m.start, m.end, text);
                    e.coref = first_of.get(e.id.as_deref().unwrap_or("")).copied();
                    return Some(e);
                }
                Target::Org(o) => {
                    // A many-word organisation name right after another capitalised word is
                    // the tail of a longer name: "National Security Council" is not the UN's.
                    if !single_word && after_capitalised_word(lang, text, m.start) {
                        continue;
                    }
                    let org = &self.tables.orgs[o];
                    // An organisation that is also a territory ("EU"): where it is, too.
                    let area = crate::places::supranational_reading(
                        &self.tables,
                        m.readings.iter().filter_map(|r| match r.target {
                            Target::Place(p, _) => Some(p),
                            _ => None,
                        }),
                    );
                    return Some(Entity {
                        span: Span::new(m.start, m.end),
                        text: surface.to_string(),
                        kind: match org.kind.as_str() {
                            "media" => EntityKind::Media,
                            "group" => EntityKind::Group,
                            _ => EntityKind::Org,
                        },
                        id: Some(org_entity_id(org)),
                        name: Some(org.name.clone()),
                        country: Some(org.country.clone()),
                        sector: Some(org.sector.clone()),
                        cameo: self.cameo(&org.country, Some(&org.sector)),
                        lat: None,
                        lon: None,
                        coref: None,
                        note: match area {
                            Some(id) => Some(format!("{TERRITORY}{id}")),
                            None => {
                                self.org_place_note(lang, text, lower, m, org, context, anchors)
                            }
                        },
                    });
                }
                Target::Metonym(k) => {
                    let mt = &lang.metonyms[k];
                    // A half of a divided country named by its compass point ("the North")
                    // is that state only after the article and in a story naming either half,
                    // and not as the first word of a longer name ("the North Sea").
                    let gated = !mt.when.is_empty()
                        && (!mt.when.iter().any(|c| context.contains_key(c.as_str()))
                            || !preceded_by(&lang.definite, lower, m.start)
                            || text[m.end..]
                                .trim_start_matches([' ', '\t'])
                                .starts_with(|c: char| c.is_uppercase()));
                    // After "da" the seat is as often the agent of a passive ("confermate dal
                    // Viminale", "richiesto dalla Farnesina"): the government (KIND train ORG
                    // 7 times in 9).
                    let building = after_place_preposition(lang, lower, m.start)
                        && !preceded_by(&lang.agent_prepositions, lower, m.start);
                    if !gated && !building {
                        return Some(Entity {
                            span: Span::new(m.start, m.end),
                            text: surface.to_string(),
                            kind: EntityKind::Org,
                            id: None,
                            name: Some(mt.name.clone()),
                            country: Some(mt.country.clone()),
                            sector: Some(mt.sector.clone()),
                            cameo: self.cameo(&mt.country, Some(&mt.sector)),
                            lat: None,
                            lon: None,
                            coref: None,
                            note: Some("metonym: seat of power for its government".into()),
                        });
                    }
                    // After a place preposition the seat is the building ("proteste davanti
                    // alla Casa Bianca", "Letta è salito al Quirinale"): KIND tags it LOC
                    // there (train: 17 times in 19), where the tagger had dropped it. Only in
                    // a language whose pack lists its agent prepositions (Italian): in English
                    // the building, with no point of its own, cost GeoWebNews accuracy (.807 →
                    // .805) and an event of dev-en.
                    if mt.when.is_empty() && !lang.agent_prepositions.is_empty() {
                        return Some(Entity {
                            country: Some(mt.country.clone()),
                            ..Entity::unlinked(
                                Span::new(m.start, m.end),
                                surface,
                                EntityKind::Place,
                                SEAT_BUILDING_NOTE,
                            )
                        });
                    }
                }
                Target::Rule(kind, rule) => {
                    // An office named by its seat takes its country from the place after it.
                    let end = match next {
                        Some(n) if rule == crate::names::SEAT_RULE => n.end,
                        _ => m.end,
                    };
                    let (place, country) = if matches!(kind, EntityKind::Org) {
                        self.embedded_place(lang, text, lower, m.start, end, context, anchors)
                    } else {
                        (None, None)
                    };
                    // Coordinates are for places only (event-format.md): the place an
                    // organisation's name carries is recorded in its note.
                    // (Pushed piece by piece into one allocation of the right size, not
                    // `concat`: this runs for every name a rule found.)
                    let note = {
                        let id = place.map_or("", |p| self.tables.places[p].id.as_str());
                        let tail = if place.is_some() {
                            2 + PLACE_IN_NAME.len() + id.len()
                        } else {
                            0
                        };
                        let mut n = String::with_capacity(RULE_NOTE.len() + rule.len() + tail);
                        n.push_str(RULE_NOTE);
                        n.push_str(rule);
                        if place.is_some() {
                            n.push_str("; ");
                            n.push_str(PLACE_IN_NAME);
                            n.push_str(id);
                        }
                        n
                    };
                    // A lone surname a rule found ("Prime Minister May", "Mrs Lindqvist")
                    // after the person's full name earlier in the document is that person:
                    // it takes the earlier mention's identity.
                    if kind == EntityKind::Person && single_word {
                        let earlier = out.iter().enumerate().rev().find(|(_, e)| {
                            e.kind == EntityKind::Person
                                && e.id.is_some()
                                && e.text.rsplit(' ').next() == Some(surface)
                                && e.text.len() > surface.len()
                        });
                        if let Some((a, e)) = earlier {
                            return Some(Entity {
                                span: Span::new(m.start, m.end),
                                text: surface.to_string(),
                                kind,
                                coref: Some(base + a),
                                note: Some(format!("{note}; surname of an earlier full name")),
                                ..e.clone()
                            });
                        }
                    }
                    // A name with a company's legal form is a business whatever rule found it.
                    let sector = (kind == EntityKind::Org && lang.orgs.ends_in_legal_form(surface))
                        .then(|| "BUS".to_string());
                    let cameo = match (&country, &sector) {
                        (Some(c), Some(s)) => self.cameo(c, Some(s)),
                        _ => None,
                    };
                    return Some(Entity {
                        country,
                        sector,
                        cameo,
                        ..Entity::unlinked(Span::new(m.start, m.end), surface, kind, note)
                    });
                }
                Target::Country(c) => country_reading = Some(c),
                Target::Place(p, canonical) => place_cands.push((p, canonical)),
                Target::Demonym(c) => demonym_reading = Some((c, r.form)),
                _ => {}
            }
        }
        // A surname that only links back to an earlier full mention ("Kim").
        for r in m.readings.iter() {
            if let Target::PersonShort(p) = r.target {
                let id = {
                    let pp = &self.tables.people[p];
                    pp.wikidata.clone().unwrap_or_else(|| pp.id.clone())
                };
                if let Some(&first) = first_of.get(&id) {
                    let mut e = self.person_entity(p, m.start, m.end, text);
                    e.coref = Some(first);
                    return Some(e);
                }
            }
            if r.target == Target::Pair {
                return self.pair(lang, text, lower, m, out, base, sentences);
            }
        }
        // A common word the place table also lists ("Presidente") is a place only after a
        // place preposition.
        if lang.not_places.contains(surface) && !after_locative(lang, lower, m.start) {
            place_cands.clear();
        }
        // A known person's surname with no earlier full mention ("Kim" alone) is not read as
        // a small place of a country the article does not name.
        let short_of = m
            .readings
            .iter()
            .any(|r| matches!(r.target, Target::PersonShort(_)));
        if short_of {
            place_cands
                .retain(|&(p, _)| context.contains_key(self.tables.places[p].country.as_str()));
        }
        // A name only one small town bears, after a bare locative ("a Capaccio", "in
        // Scanno"), is that town even where the article names no country: the name rules
        // would take it for a place there all the same, with no point.
        // So is one after a noun whose "of" names a town ("il sindaco di Chiusdino", "all'ospedale
        // di X", "la stazione di X").
        // (Asked only of such a town: most names are no small town the article leaves out.)
        // So is a name of two words or more that only one small town bears ("Vallo della
        // Lucania", "Forte dei Marmi", "Boario Terme" in a headline): the guard is for one-word
        // names that are also common words and surnames, and a town's compound name is seldom
        // anything else. Not inside a longer capitalised name ("Fiat New Holland"), and not
        // with a first word of `compound_town_not_first`: a saint's or a devotion's name
        // ("San Francesco", "Sacro Cuore", "Don Bosco") is as often a church's, a school's or a
        // district's, and an article first ("La Campana") is a headline's noun. (KIND train: 9
        // places gained, 2 wrong; dev 6 gained, none wrong.)
        // So is a one-word name only one small town of the pack's home country bears after a
        // bare "of" whatever the noun before it ("i giovani di X", "le vittime di X", "la
        // combinata di X"), unless that noun's "of" names a person ("la moglie di X") or a
        // capitalised word follows (a longer name): an Italian paper names its own small
        // towns so, where a surname after "di" mostly follows such a noun or is a known
        // person's. (KIND train: such words after "di" were the town 11 times in 11 misses.)
        // So is one after a place and "e" ("Rossano e X", "Edolo e X"): towns are listed
        // with towns.
        let lone = place_cands.len() == 1;
        let capital_after = text[m.end..]
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(char::is_uppercase));
        // (Asked only where a lone small town needs it: most names are admitted, or turned
        // away, by the tests before it, and this one asks the text before the name and
        // lowercases a copy of its first word. `lone` means one candidate: asked once.)
        let compound = || {
            !single_word
                && !capital_after
                && !after_capitalised_word(lang, text, m.start)
                && !surface
                    .split([' ', '\'', '’'])
                    .next()
                    .is_some_and(|w| lang.compound_town_not_first.contains(&lower_same_len(w)))
        };
        place_cands.retain(|&(p, _)| {
            let pl = &self.tables.places[p];
            crate::places::admissible(pl, self.capital(p).is_some(), surface, context)
                || (lone
                    && crate::places::minor(pl)
                    && (compound()
                        || after_locative(lang, lower, m.start)
                        || lang.names.place_head_before(&lower[..m.start])
                        || (single_word
                            && pl.country == lang.home_country
                            && !capital_after
                            && (lang.names.bare_of_before(&lower[..m.start])
                                || out.last().is_some_and(|prev| {
                                    let end = prev.span.end as usize;
                                    prev.kind == EntityKind::Place
                                        && end <= m.start
                                        && lang.names.and_gap(&lower[end..m.start])
                                })))))
        });
        // A one-word town right after another capitalised word is that longer name's head
        // noun, not the town: "Panama Canal" is no Canal (Brazil), "City Hall" no Schwäbisch
        // Hall, "Nile Delta" no Delta (Nigeria's state), "Islamic Republic" no Republic.
        // Capitals, large cities and regions of a country the article names keep their name
        // there ("Greater London", "Northern Gaza").
        // (No candidate left, nothing to drop: the text before the name is not read.)
        if single_word && !place_cands.is_empty() && after_capitalised_word(lang, text, m.start) {
            place_cands.retain(|&(p, _)| {
                let pl = &self.tables.places[p];
                (pl.region && context.contains_key(pl.country.as_str()))
                    || pl.population >= WEAK_PLACE_POPULATION
                    || self.capital(p).is_some()
            });
        }
        crate::places::prune_towns(&self.tables, &mut place_cands, context, |p| {
            self.capital(p).is_some()
        });
        if place_cands.is_empty() {
            let Some(c) = country_reading else {
                // A known person's surname with no earlier full mention ("Letta ha detto")
                // still names a person; which one of the table's people of that surname (or
                // someone else: a relative, a colleague) is not known, so it gets no id.
                // Not the head of a longer name ("Costa Concordia"), nor a numeral or acronym
                // written in capitals ("XI" is no Xi). (After a capitalised word it is kept:
                // "il Governo Letta" is Letta's government, more often than "Università Brown"
                // is a university.)
                // Nor the surname of a longer name whose given name or other names the rules
                // did not take ("Asafa Powell", "Abdel Rahman Abbas"): a word before it that
                // is a given name or no word of the language.
                let before = text[..m.start].strip_suffix(' ').map(|b| {
                    let s = b
                        .char_indices()
                        .rev()
                        .find(|&(_, c)| !c.is_alphabetic())
                        .map_or(0, |(i, c)| i + c.len_utf8());
                    &b[s..]
                });
                let inside = text[m.end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
                    || before.is_some_and(|w| {
                        lang.names.is_unknown_name_word(w)
                            || lang
                                .names
                                .is_given_head(w, sentence_initial(text, m.start - 1 - w.len()))
                    });
                let capitals =
                    surface.chars().nth(1).is_some() && !surface.chars().any(char::is_lowercase);
                if short_of && demonym_reading.is_none() && !inside && !capitals {
                    return Some(self.short_person(m, text));
                }
                let (c, form) = demonym_reading?;
                let person = lang.adj_after && preceded_by(&lang.person_articles, lower, m.start);
                let standalone =
                    !lang.adj_after || person || preceded_by(&lang.definite, lower, m.start);
                return crate::places::demonym_entity(
                    &self.tables,
                    c,
                    &lang.forms[form as usize],
                    crate::places::DemonymUse { standalone, person },
                    m.start,
                    m.end,
                    text,
                );
            };
            let e = self.country_entity(c, m.start, m.end, text, None);
            return Some(self.country_metonym(lang, text, lower, e));
        }
        // Choose among places (and the country reading) by the article's country context.
        // Each candidate is scored once (a score takes logarithms and the distance to every
        // anchor), not once per comparison.
        // (One candidate needs no score, nor the preference the names beside it give among
        // candidates, a pure function of them: both are asked only where there is a choice.)
        let (best, _) = match place_cands[..] {
            [(p, _)] => (p, 0.0),
            _ => {
                let appositive_region = self.preferred_place(text, m, next, out, &place_cands);
                place_cands
                    .iter()
                    .map(|&(p, canonical)| {
                        let pl = &self.tables.places[p];
                        let capital = self.capital(p).is_some();
                        let s =
                            crate::places::score_of(p, pl, canonical, capital, context, anchors);
                        (p, s)
                    })
                    .max_by(|a, b| {
                        (Some(a.0) == appositive_region)
                            .cmp(&(Some(b.0) == appositive_region))
                            .then(a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
                            .then(b.0.cmp(&a.0))
                    })
                    .unwrap()
            }
        };
        if let Some(c) = country_reading {
            let ca3 = &self.tables.countries[c].alpha3;
            let cctx = *context.get(ca3.as_str()).unwrap_or(&0);
            let pl = &self.tables.places[best];
            let pctx = *context.get(pl.country.as_str()).unwrap_or(&0);
            if crate::places::country_beats_place(pl, pctx, cctx, ca3) {
                let note = format!(
                    "ambiguous: country, or place in {}; country chosen ({ca3} context {cctx}, {} context {pctx})",
                    pl.country, pl.country
                );
                let e = self.country_entity(c, m.start, m.end, text, Some(note));
                return Some(self.country_metonym(lang, text, lower, e));
            }
        }
        let pl = &self.tables.places[best];
        // (Pushed piece by piece, not `format!`: see [`push_decimal`].)
        let mut note = (place_cands.len() > 1).then(|| {
            let mut n = String::with_capacity(96 + pl.id.len() + pl.country.len());
            n.push_str("ambiguous: ");
            push_decimal(&mut n, place_cands.len() as u64);
            n.push_str(" places named so; chose ");
            n.push_str(&pl.id);
            n.push_str(" in ");
            n.push_str(&pl.country);
            n.push_str(" (country context ");
            push_decimal(
                &mut n,
                u64::from(*context.get(pl.country.as_str()).unwrap_or(&0)),
            );
            n.push_str(", population ");
            push_decimal(&mut n, pl.population);
            n.push(')');
            n
        });
        // The town's sports club: an organisation of the town's country, said so in the note.
        let club = |why: &str| Entity {
            country: Some(pl.country.clone()),
            ..Entity::unlinked(
                Span::new(m.start, m.end),
                &text[m.start..m.end],
                EntityKind::Org,
                [why, "; ", PLACE_IN_NAME, &pl.id].concat(),
            )
        };
        // In a match report a town after any article, feminine or articulated too ("la Roma",
        // "l'allenatore della Roma", "il West Bromwich batte 2-0 il Crystal Palace"), is its
        // club, capitals included: on KIND train such towns were clubs 9 times in 9. Towns
        // whose name starts with an article ("La Spezia", "Il Cairo") are left alone.
        if !pl.region
            && !pl.supranational
            && preceded_by(&lang.definite, lower, m.start)
            && !starts_with_article(lang, &pl.name)
            && crate::orgs::national_team(&lang.orgs, (text, lower), m.start, m.end)
        {
            return Some(club("town after an article in a match report: its club"));
        }
        // In a match report a bare town paired with another name by "-" or "e"
        // ("Inter - Lazio", "tra Empoli e Cagliari", "Lecce, Verona, Parma") is a club
        // of the pairing: on KIND train such towns were clubs 2 times in 2, and 4 more in
        // lists joined by commas (1 birthplace). The towns of one list share a sentence, whose
        // verdict the match test keeps (orgs.rs).
        if !pl.region
            && !pl.supranational
            // (The byte test first: most towns stand alone.)
            && paired_with_name(text, m.start, m.end)
            && !dateline(text, m.start, m.end)
            && !after_place_preposition(lang, lower, m.start)
            && !starts_with_article(lang, &pl.name)
            && crate::orgs::national_team(&lang.orgs, (text, lower), m.start, m.end)
        {
            return Some(club("town paired with a name in a match report: its club"));
        }
        if let Some(ci) = self.capital(best) {
            if !after_place_preposition(lang, lower, m.start) && !dateline(text, m.start, m.end) {
                let mut e = self.country_entity(ci, m.start, m.end, text, None);
                e.sector = Some("GOV".into());
                e.cameo = self.cameo(&pl.country, Some("GOV"));
                e.note = Some(match note.take() {
                    Some(n) => format!("metonym: capital for its government; {n}"),
                    None => "metonym: capital for its government".into(),
                });
                return Some(e);
            }
        }
        // A town after a masculine article is its sports club ("il Torino", "col Sassuolo"):
        // a town's name takes no article, a club's does. Towns whose name has one ("La
        // Spezia", "Il Cairo") are left alone.
        if !pl.region
            && !pl.supranational
            && !lang.club_articles.is_empty()
            && preceded_by(&lang.club_articles, lower, m.start)
            && !pl.name.contains(' ')
            // "dal Cairo": a capital's exonym may carry the article.
            && self.capital(best).is_none()
        {
            // A capitalised word right after it that is no given name, no org word and not
            // all capitals makes the town's name the head of a longer one ("il Testo Unico",
            // "il Columbus Day", "al Bar Liberty"): neither the club nor the town (KIND train:
            // 2 such false alarms, no club lost; "il Genoa Enrico Preziosi", "il Torino FC" and
            // "il Sassuolo Calcio" keep theirs).
            if let Some(r) = text[m.end..].strip_prefix(' ') {
                let n = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
                let next = &r[..n];
                if next.starts_with(char::is_uppercase)
                    && next.chars().any(char::is_lowercase)
                    && !lang.names.is_given_head(next, false)
                    && !lang.names.is_org_word(next)
                {
                    return None;
                }
            }
            return Some(club("town after an article: its club"));
        }
        Some(crate::places::place_entity(pl, m.start, m.end, text, note))
    }

    /// The note of a table organisation whose name carries a place of its own country ("The
    /// Washington Post", "Toronto Star"): the place, for consumers that want a point for it.
    /// The table keeps the organisation's country; a place elsewhere is no part of its name.
    #[allow(clippy::too_many_arguments)]
    fn org_place_note(
        &self,
        lang: &Lang,
        text: &str,
        lower: &str,
        m: &M,
        org: &crate::tables::Org,
        context: &HashMap<&str, u32>,
        anchors: &crate::places::Anchors,
    ) -> Option<String> {
        if !text[m.start..m.end].contains(' ') {
            return None;
        }
        let (p, _) = self.embedded_place(lang, text, lower, m.start, m.end, context, anchors);
        let pl = &self.tables.places[p?];
        (pl.country == org.country).then(|| format!("{PLACE_IN_NAME}{}", pl.id))
    }

    /// The place the name of an organisation the rules found carries ("University of
    /// California", "Cavan Institute"): its point, and its country (a country named in it,
    /// "Bank of England", gives the country alone). Where the organisation is, as far as its
    /// name tells: the first place or country named inside the name, chosen as any place is.
    /// Table organisations keep their table country: their names' inner words are their own.
    #[allow(clippy::too_many_arguments)]
    fn embedded_place(
        &self,
        lang: &Lang,
        text: &str,
        lower: &str,
        start: usize,
        end: usize,
        context: &HashMap<&str, u32>,
        anchors: &crate::places::Anchors,
    ) -> (Option<usize>, Option<String>) {
        let (Some(sub), Some(sub_lower)) = (text.get(start..end), lower.get(start..end)) else {
            return (None, None);
        };
        // Candidates from every word of the name, ranked together: the first place-word is not
        // always the place ("University of California": the town University, Florida, loses
        // to the state).
        let mut cands = Vec::new();
        let mut words = Words::default();
        let mut covered = 0;
        // From each word of the name on, the first form found there (leftmost-longest from the
        // name's start would find only the name's first form).
        // (The spaces found by bytes: a space is one byte and no part of another character.)
        let starts =
            std::iter::once(0).chain(memchr::memchr_iter(b' ', sub.as_bytes()).map(|i| i + 1));
        for k in starts {
            // A word inside a place already found ("York" of "New York") starts no other.
            if k < covered {
                continue;
            }
            // The longest form from a word may be the whole name or the organisation that ends
            // it (a table organisation, "Washington Post" in "The Washington Post"): its first
            // words are tried without the last ones.
            let mut stop = sub.len();
            let im = loop {
                let im = self.first_match(lang, &sub[k..stop], &sub_lower[k..stop], &mut words);
                match im {
                    Some(im) if k + im.end == sub.len() && (k == 0 || im.org().is_some()) => {}
                    other => break other,
                }
                match sub[..stop].rfind(' ') {
                    Some(sp) if sp > k => stop = sp,
                    _ => break None,
                }
            };
            let Some(im) = im else {
                continue;
            };
            if im
                .readings
                .iter()
                .any(|r| matches!(r.target, Target::Place(..)))
            {
                covered = k + im.end;
            }
            let surface = &sub[k..k + im.end];
            let rest = sub[k + im.end..].trim_start();
            let next_word = rest.split(' ').next().unwrap_or("");
            // An organisation named inside the name carries no place of its own.
            if im.org().is_some() {
                continue;
            }
            for r in im.readings.iter() {
                match r.target {
                    Target::Country(c) | Target::Demonym(c) => {
                        return (None, Some(self.tables.countries[c].alpha3.clone()));
                    }
                    // Inside a name a place stands under its own name ("University of
                    // California"), not an alternate one that happens to be a word there.
                    // Small towns are too weak a guess inside a name ("Post" in "Washington
                    // Post").
                    // A city of a million or more counts under an alternate name too ("New
                    // York" of "New York Times" is the city, whose canonical name is "New
                    // York City").
                    Target::Place(p, canonical)
                        if canonical
                            || self.tables.places[p].population as f64
                                >= crate::places::BIG_CITY_POPULATION =>
                    {
                        let pl = &self.tables.places[p];
                        // A place after the name's connecting word ("of", "di") is the place the
                        // name carries; the head word before it is the organisation's own.
                        let prev = sub[..k].trim_end().rsplit(' ').next().unwrap_or("");
                        let after_of = k > 0 && is_of(lang, prev);
                        if !crate::places::place_word_in_name(
                            k > 0,
                            after_of,
                            rest.is_empty(),
                            !next_word.is_empty() && is_of(lang, next_word),
                        ) {
                            continue;
                        }
                        if !crate::places::minor(pl)
                            && crate::places::admissible(
                                pl,
                                self.capital(p).is_some(),
                                surface,
                                context,
                            )
                        {
                            cands.push((p, after_of));
                        }
                    }
                    _ => {}
                }
            }
        }
        // Ranked by: after a connecting word first, then the usual place score (all candidates
        // here are under their own, canonical name).
        // (Each candidate scored once, not once per comparison.)
        let scored = cands.iter().map(|&(p, after_of)| {
            let pl = &self.tables.places[p];
            let capital = self.capital(p).is_some();
            let s = crate::places::score_of(p, pl, true, capital, context, anchors);
            (p, after_of, s)
        });
        match scored.max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.2.partial_cmp(&b.2).unwrap_or(std::cmp::Ordering::Equal))
        }) {
            Some((p, _, _)) => {
                let pl = &self.tables.places[p];
                (Some(p), (!pl.supranational).then(|| pl.country.clone()))
            }
            None => (None, None),
        }
    }

    fn country_entity(
        &self,
        c: usize,
        start: usize,
        end: usize,
        text: &str,
        note: Option<String>,
    ) -> Entity {
        let country = &self.tables.countries[c];
        Entity {
            span: Span::new(start, end),
            text: text[start..end].to_string(),
            kind: EntityKind::Country,
            id: Some(["iso:", country.alpha3.as_str()].concat()),
            name: Some(country.name_en.clone()),
            country: Some(country.alpha3.clone()),
            sector: None,
            cameo: self.cameo(&country.alpha3, None),
            lat: None,
            lon: None,
            coref: None,
            note,
        }
    }

    /// "i due" / "the two": the two actors last named together in one sentence.
    #[allow(clippy::too_many_arguments)]
    fn pair(
        &self,
        lang: &Lang,
        text: &str,
        lower: &str,
        m: &M,
        out: &[Entity],
        base: usize,
        sentences: &Sentences,
    ) -> Option<Entity> {
        let sentences = sentences.get();
        let rest = lower[m.end..].trim_start();
        let next_word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        if lang.pair_blockers.contains(&next_word) {
            return None;
        }
        let sentence_of = |pos: usize| {
            let i = sentences.partition_point(|s| (s.end as usize) <= pos);
            (i < sentences.len() && sentences[i].start as usize <= pos).then_some(i)
        };
        let here = sentence_of(m.start);
        // Walk back through sentences, newest first, until one names two distinct actors; only
        // the last few sentences count, which keeps this linear in the document.
        let mut by_sentence: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for (k, e) in out.iter().enumerate().rev() {
            if !matches!(
                e.kind,
                EntityKind::Person | EntityKind::Country | EntityKind::Org
            ) {
                continue;
            }
            let s = sentence_of(e.span.start as usize);
            match by_sentence.last_mut() {
                Some((ls, v)) if *ls == s => v.insert(0, k),
                _ => {
                    if by_sentence.len() == 3 {
                        break;
                    }
                    by_sentence.push((s, vec![k]))
                }
            }
        }
        by_sentence.reverse();
        for (s, ks) in by_sentence.iter().rev() {
            if here.is_some() && s.is_some() && *s > here {
                continue;
            }
            let key = |k: usize| out[k].id.clone().unwrap_or_else(|| out[k].text.clone());
            let persons: Vec<usize> = ks
                .iter()
                .copied()
                .filter(|&k| out[k].kind == EntityKind::Person)
                .collect();
            let pool = if distinct(&persons, key).len() >= 2 {
                persons
            } else {
                ks.clone()
            };
            let d = distinct(&pool, key);
            if d.len() >= 2 {
                let (a, b) = (d[0], d[1]);
                let same = out[a].country == out[b].country;
                return Some(Entity {
                    span: Span::new(m.start, m.end),
                    text: text[m.start..m.end].to_string(),
                    kind: EntityKind::Group,
                    id: None,
                    name: Some(format!(
                        "{} and {}",
                        out[a].name.clone().unwrap_or_default(),
                        out[b].name.clone().unwrap_or_default()
                    )),
                    country: if same { out[a].country.clone() } else { None },
                    sector: None,
                    cameo: None,
                    lat: None,
                    lon: None,
                    coref: Some(base + a),
                    note: Some(format!("pair: entities {} and {}", base + a, base + b)),
                });
            }
        }
        None
    }

    /// Merges into `ms` (in text order) the names the rules find where no table form matched.
    fn add_rule_names(&self, lang: &Lang, text: &str, lower: &str, words: &Words, ms: &mut Vec<M>) {
        // A place-only match whose text is a common given name ("Marco", "George") yields to
        // a name the rules find there ("George Floyd"), and alone it is a place only after a
        // place preposition.
        // Large places ("Roma", "Paris") stay places: the name is far more often the city.
        // Capitalised common words the place table also lists ("Presidente") are weak alike.
        // Where a one-word match starts that may be a surname after a given name: a small
        // town or a known person's short form (`surname_starts`, for `given_place`). Also the
        // one-word place-only matches (`soft`) and those among them not all small towns (`big`:
        // a large city or a region is no surname, "Domenica Kiev" is a day and a city), and
        // the matches of any length with a place or country reading (`places`, "Stati Uniti",
        // sorted: an office named by its seat ends before one), for the name rules.
        // One pass over the readings classifies each match for all four: four filters asked
        // the same questions of the same readings (each list keeps the matches' order, as a
        // filter of its own did).
        let mut surname_starts: Vec<usize> = Vec::new();
        let mut soft: Vec<(usize, usize)> = Vec::new();
        let mut big: Vec<(usize, usize)> = Vec::new();
        let mut places: Vec<(usize, usize)> = Vec::new();
        for m in ms.iter() {
            // Every reading a place / a small town / a small town or a short form; any a
            // place or a country.
            let (mut place_only, mut small, mut surname, mut any_place) = (true, true, true, false);
            for r in m.readings.iter() {
                match r.target {
                    Target::Place(p, _) => {
                        let pl = &self.tables.places[p];
                        let s = !pl.region && pl.population < GIVEN_NAME_PLACE_POPULATION;
                        small &= s;
                        surname &= s;
                        any_place = true;
                    }
                    Target::Country(_) => {
                        (place_only, small, surname, any_place) = (false, false, false, true);
                    }
                    Target::PersonShort(_) => (place_only, small) = (false, false),
                    _ => (place_only, small, surname) = (false, false, false),
                }
            }
            if any_place {
                places.push((m.start, m.end));
            }
            if (surname || place_only) && !text[m.start..m.end].contains(' ') {
                if surname {
                    surname_starts.push(m.start);
                }
                if place_only {
                    soft.push((m.start, m.end));
                    if !small {
                        big.push((m.start, m.end));
                    }
                }
            }
        }
        places.sort_unstable();
        let given_place = |m: &M| {
            let surface = &text[m.start..m.end];
            let all_places = m
                .readings
                .iter()
                .all(|r| matches!(r.target, Target::Place(..)));
            if !all_places {
                return false;
            }
            // Before another capitalised word ("Nelson Mandela", "Virginia Raggi") only a
            // large city keeps the place reading; a region is as likely a given name there.
            let before_cap = text[m.end..]
                .strip_prefix(' ')
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            let big = m.readings.iter().any(|r| match r.target {
                Target::Place(p, _) => {
                    let pl = &self.tables.places[p];
                    (pl.region && !before_cap) || pl.population >= GIVEN_NAME_PLACE_POPULATION
                }
                _ => false,
            });
            // Even a large city yields before a one-word small town or a known person's
            // surname that follows it: "Charlotte Bacon", "Santiago Calatrava", "Kobe
            // Bryant" are a given name and a surname (KIND train: 8 such people, no city), two
            // places run together need a comma or a preposition.
            let before_surname = || before_cap && surname_starts.contains(&(m.end + 1));
            lang.not_places.contains(surface)
                || ((!big || before_surname()) && self.tables.given_names.contains(surface))
        };
        // Small places are weak too: a rule name may cover them ("Mario Bianchi", "il
        // sindaco Sala"); they stay places when no rule name does.
        // (The readings first: the word before is looked up only for places that are not
        // all small, which this runs for on every match.)
        let weak_place = |m: &M| {
            let mut small = true;
            for r in m.readings.iter() {
                let Target::Place(p, _) = r.target else {
                    return false;
                };
                let pl = &self.tables.places[p];
                small &= !pl.region && pl.population < WEAK_PLACE_POPULATION;
            }
            small || {
                let prev = text[..m.start]
                    .trim_end()
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("");
                lang.names.is_person_cue(prev)
            }
        };
        // A capitalised sector noun that heads a longer name ("Ministero dell'Ambiente",
        // "Corte di Cassazione") is left to the name rules, which take the whole name.
        let name_head = |m: &M| {
            let rest = &text[m.end..];
            text[m.start..].starts_with(|c: char| c.is_uppercase())
                && m.readings
                    .iter()
                    .all(|r| matches!(r.target, Target::SectorNoun(_)))
                && rest.strip_prefix(' ').is_some_and(|r| {
                    let n = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
                    // An elided connector keeps its apostrophe ("dell'").
                    let n = match r[n..].chars().next() {
                        Some(c @ ('\'' | '’')) => n + c.len_utf8(),
                        _ => n,
                    };
                    let next = &r[..n];
                    next.starts_with(|c: char| c.is_uppercase()) || lang.names.is_connector(next)
                })
        };
        // A country whose name is also a given name ("Maurizio", Mauritius in Italian) before
        // another capitalised word is the given name of a person ("Maurizio Landini").
        // (The readings first: this runs for nearly every match, and few are countries only.)
        let given_country = |m: &M| {
            let surface = &text[m.start..m.end];
            m.readings
                .iter()
                .all(|r| matches!(r.target, Target::Country(_)))
                && text[m.end..]
                    .strip_prefix(' ')
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_uppercase)
                && self.tables.given_names.contains(surface)
        };
        // A place of the tables inside a longer run of capitalised words no list knows
        // ("Kanye West", "Bear Stearns", "Flushing Meadows", "Massachusetts Institute of
        // Technology", "Roma TPL"): the run is one name, of a person, a company, a team or a
        // district, and the place alone is no mention of it (KIND train: 180 such places in
        // 204 were wrong). The run is left to the name rules; undecided, it is no entity.
        // Not before a given name ("a Londra Kate"), after a sentence's first word or an
        // event's word ("Coppa Italia", a place in KIND), nor a country ("Stati Uniti").
        let place_only = |m: &M| {
            m.readings
                .iter()
                .all(|r| matches!(r.target, Target::Place(..)))
        };
        let word_after = |e: usize| -> Option<(usize, usize)> {
            let r = text[e..].strip_prefix(' ')?;
            let n = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
            Some((e + 1, e + 1 + n))
        };
        let word_before = |s: usize| -> Option<(usize, usize)> {
            let l = text[..s].strip_suffix(' ')?;
            let n = l
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphanumeric())
                .last()
                .map(|(k, _)| k)?;
            Some((n, s - 1))
        };
        let free = |s: usize, e: usize| !ms.iter().any(|m| m.start < e && s < m.end);
        let mut embedded: Vec<(usize, usize)> = Vec::new();
        // (Also a known person's bare surname, the table's short form: "Michel Aupetit" is a
        // new person whose given name is Charles Michel's short form, "Magic Johnson" another
        // Johnson, "Costa Concordia" a ship.)
        let short_only = |m: &M| {
            m.readings
                .iter()
                .any(|r| matches!(r.target, Target::PersonShort(_)))
                && m.readings
                    .iter()
                    .all(|r| matches!(r.target, Target::PersonShort(_) | Target::Place(..)))
        };
        for m in ms.iter() {
            if !place_only(m) && !short_only(m) {
                continue;
            }
            let next = word_after(m.end).filter(|&(s, e)| {
                lang.names.is_unknown_name_word(&text[s..e])
                    && !self.tables.given_names.contains(&text[s..e])
                    && free(s, e)
            });
            let prev = word_before(m.start).filter(|&(s, e)| {
                !sentence_initial(text, s)
                    && lang.names.is_unknown_name_word(&text[s..e])
                    && free(s, e)
            });
            if next.is_some() || prev.is_some() {
                embedded.push((m.start, m.end));
            }
        }
        // A place word the tables also list as a town ("Monte", "Villa") before another
        // capitalised word heads that place's name ("Monte Bonifato", "Villa Ada"): it is
        // left to the name rules.
        let place_word_head = |m: &M| {
            place_only(m)
                && lang.names.is_place_word(&text[m.start..m.end])
                && text[m.end..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
        };
        // `given_place` of each match, asked once: the covered spans here and the matches kept
        // after the rules (`ms.retain` below, which visits each match once, in order) both ask
        // it, and for a place it is two hash lookups of the surface. `ms` does not change
        // between the two.
        let given: Vec<bool> = ms.iter().map(given_place).collect();
        let mut covered: Vec<(usize, usize)> = Vec::with_capacity(ms.len());
        covered.extend(
            ms.iter()
                .zip(&given)
                .filter(|&(m, &given)| {
                    !given
                        && !weak_place(m)
                        && !place_word_head(m)
                        && !name_head(m)
                        && !given_country(m)
                        && embedded.binary_search(&(m.start, m.end)).is_err()
                })
                .map(|(m, _)| (m.start, m.end)),
        );
        // Surnames of people the tables name in full ("Arturo Parisi" is no table person, but
        // "Silvio Berlusconi" is): the last word of a multi-word person match.
        let earlier: Vec<(usize, &str)> = ms
            .iter()
            .filter(|m| m.person().is_some())
            .filter_map(|m| {
                let s = &text[m.start..m.end];
                s.rfind(' ').map(|i| (m.start, &s[i + 1..]))
            })
            .collect();
        // A single word whose readings are all towns of under 150,000 people in countries no
        // other match of the text names (no country, demonym, person or organisation of it):
        // as in the sentence-initial rule of `proper`, such a town is unplaced in the article.
        let foreign_town = |m: &M| {
            !text[m.start..m.end].contains(' ')
                && m.readings.iter().all(|r| match r.target {
                    Target::Place(p, _) => {
                        let pl = &self.tables.places[p];
                        !pl.region
                            && !pl.supranational
                            && pl.population < 150_000
                            && pl.country != lang.home_country
                            && !ms.iter().any(|o| {
                                (o.end <= m.start || o.start >= m.end)
                                    && o.readings.iter().any(|r| {
                                        let c = match r.target {
                                            Target::Place(q, _) => {
                                                let op = &self.tables.places[q];
                                                (op.region || op.population >= 150_000)
                                                    .then_some(op.country.as_str())
                                            }
                                            t => self.actor_country(t),
                                        };
                                        c == Some(pl.country.as_str())
                                    })
                            })
                    }
                    _ => false,
                })
        };
        let found = crate::names::find_names(
            &lang.names,
            text,
            words,
            &covered,
            (&soft, &big, &places),
            &earlier,
            |pos| sentence_initial(text, pos),
        );
        // Only a name decided by a cue (a title before it, a given name at its head, an org
        // word in it) displaces a table place; a bare run of capitals does not.
        let mut found = found;
        found.retain(|n| {
            // A given name heading exactly a multi-word place of the tables ("Beverly Hills")
            // is that place.
            let whole_place = n.rule == "given name"
                && crate::places::names_whole_place(
                    &text[n.start..n.end],
                    ms.iter()
                        .filter(|m| m.start == n.start && m.end == n.end)
                        .flat_map(|m| m.readings.iter())
                        .map(|r| matches!(r.target, Target::Place(..))),
                );
            !whole_place
                && (matches!(
                    n.rule,
                    "person cue"
                        | "given name"
                        | "org word"
                        | "street"
                        | crate::names::EARLIER_SURNAME_RULE
                        | crate::names::PARTICLE_RULE
                        | crate::names::DATIVE_RULE
                        | crate::names::SEAT_RULE
                        | crate::names::PLACE_WORD_RULE
                ) || ms
                    .iter()
                    .filter(|m| n.start < m.end && m.start < n.end)
                    .all(|m| {
                        embedded.binary_search(&(m.start, m.end)).is_ok()
                            // A word a verb of a person follows ("Robert era barricato",
                            // "Anand ha vinto") over a place that is weak as a given name
                            // (a small town "Robert", "Anand"): the person. Such places
                            // are no place alone anyway, so without this the word was
                            // nothing. Only a given name: a capitalised common word the
                            // place table lists ("Paese") is no person either, nor a
                            // given name that is a frequent word ("Vita e Opera").
                            || (n.rule.starts_with("person context")
                                && given_place(m)
                                && lang.names.is_given_head(&text[m.start..m.end], true)
                                && !lang.not_places.contains(&text[m.start..m.end]))
                            // So does one over a single word that names only middling towns
                            // of countries the article names by no other word ("Troy",
                            // "Wilson", "Mango" before "ha detto", "si è sentito male"): a
                            // surname far more often than a foreign town the text does not
                            // place. Not after a place preposition ("a Troy ha"), and asked
                            // only of the rare runs this rule finds over a place.
                            || (n.rule.starts_with("person context")
                                && n.start == m.start
                                && n.end == m.end
                                && foreign_town(m)
                                && !after_place_preposition(lang, lower, m.start))
                    }))
        });
        // A head noun outweighs the verb after a run ("la compagnia X ha …" is no person) and a
        // given name heading it ("il quotidiano The Sun", "la società Urban Screen").
        let weak = |n: &crate::names::RuleName| {
            n.rule.starts_with("person context") || n.rule == "given name"
        };
        let taken: Vec<(usize, usize)> = (ms.iter().map(|m| (m.start, m.end)))
            .chain(found.iter().filter(|n| !weak(n)).map(|n| (n.start, n.end)))
            .collect();
        let cued = crate::orgs::cued_orgs(
            &lang.orgs,
            (&lang.names, &self.tables.given_names),
            text,
            words,
            &taken,
        );
        prefer(&mut found, cued);
        let squads = crate::orgs::national_squads(&lang.orgs, (text, lower), words, &taken);
        prefer(&mut found, squads);
        let roads = crate::places::numbered_roads(&lang.names, (text, lower), words, &taken);
        prefer(&mut found, roads);
        // The spans of the matches with a region (`true`) or a town (`false`) among their
        // readings: where a region's or a town's institution may be named.
        let place_spans = |region: bool| {
            ms.iter()
                .filter(move |m| {
                    m.readings.iter().any(|r| {
                        matches!(r.target, Target::Place(p, _) if self.tables.places[p].region == region)
                    })
                })
                .map(|m| (m.start, m.end))
        };
        let regions =
            crate::orgs::region_institutions(&lang.orgs, text, words, place_spans(true), &taken);
        prefer(&mut found, regions);
        let towns =
            crate::orgs::town_institutions(&lang.orgs, text, words, place_spans(false), &taken);
        prefer(&mut found, towns);
        // Where the places the rules found end (a town no table lists, before a province code).
        let rule_places: Vec<usize> = (found.iter())
            .filter(|n| n.kind == EntityKind::Place)
            .map(|n| n.end)
            .collect();
        crate::orgs::refine_org_names(
            &lang.orgs,
            &lang.names,
            &self.tables.given_names,
            text,
            &words.spans,
            (
                |s| ms.iter().any(|m| m.start == s),
                |e| {
                    ms.iter().any(|m| {
                        m.end == e
                        && m.readings.iter().all(|r| {
                            matches!(r.target, Target::Place(p, _) if !self.tables.places[p].region)
                        })
                    }) || rule_places.contains(&e)
                },
            ),
            &mut found,
        );
        // The rule names' spans by start, each with the furthest end up to it: a match
        // overlaps a rule name exactly when the furthest end among the names that start
        // before the match ends lies past the match's start (one binary search per match,
        // where a pass over every name for every match cost some 2,000 instructions a
        // document).
        let mut reach: Vec<(usize, usize)> = found.iter().map(|n| (n.start, n.end)).collect();
        reach.sort_unstable();
        let mut furthest = 0;
        for r in &mut reach {
            furthest = furthest.max(r.1);
            r.1 = furthest;
        }
        let overlapped = |m: &M| {
            let i = reach.partition_point(|&(s, _)| s < m.end);
            i > 0 && reach[i - 1].1 > m.start
        };
        let mut given = given.into_iter();
        ms.retain(|m| {
            let given = given.next().unwrap_or(false);
            if embedded.binary_search(&(m.start, m.end)).is_ok() {
                return false;
            }
            if given {
                !overlapped(m) && after_place_preposition(lang, lower, m.start)
            } else {
                !overlapped(m)
            }
        });
        // A person the rules found right before a table person's bare surname is one person
        // named in full: "Alexīs Tsipras", "Josè Manuel Barroso", "Fabio Di Pietro" (the rules
        // took the given names, the table the surname its short name shares). Not before a
        // full name the table knows ("Santo Padre Benedetto XVI"). On KIND train and dev such
        // neighbours were one person 8 times in 9.
        for m in ms.iter_mut() {
            if !text[m.start..].starts_with(char::is_uppercase)
                || !m.readings.iter().any(|r| {
                    matches!(r.target, Target::PersonShort(_))
                        || (matches!(r.target, Target::Person(_))
                            && !text[m.start..m.end].contains(' '))
                })
                || !m.readings.iter().all(|r| {
                    matches!(
                        r.target,
                        Target::Person(_) | Target::PersonShort(_) | Target::Place(..)
                    )
                })
            {
                continue;
            }
            let Some(at) = found.iter().position(|n| {
                n.kind == EntityKind::Person
                    && n.end + 1 == m.start
                    && text.as_bytes()[n.end] == b' '
                    && n.rule != crate::names::EARLIER_SURNAME_RULE
            }) else {
                continue;
            };
            let n = found.remove(at);
            m.start = n.start;
            m.readings = Cow::Owned(vec![Reading {
                target: Target::Rule(EntityKind::Person, "given name"),
                case: Case::Any,
                form: 0,
            }]);
        }
        // A given name right before a table surname or demonym is one person named in full:
        // "Michelle Obama", "Samuele Bersani" (the table's short name of another Bersani),
        // "Gabriele Russo", "Mario Giordano" (a country's adjective as a surname). The given
        // name had been a name of its own or none. The table's person has other given names
        // (a full name it knows is matched whole), so this is someone else: a rule person.
        for i in 0..ms.len() {
            let m = &ms[i];
            // (The readings first: most matches are no person, and the search of the
            // surface for a space, a call, is made only for the few that are.)
            let short = m
                .readings
                .iter()
                .any(|r| matches!(r.target, Target::Person(_) | Target::PersonShort(_)))
                && m.readings.iter().all(|r| {
                    matches!(
                        r.target,
                        Target::Person(_) | Target::PersonShort(_) | Target::Place(..)
                    )
                })
                && !text[m.start..m.end].contains(' ');
            let adjective = m
                .readings
                .iter()
                .all(|r| matches!(r.target, Target::Demonym(_)));
            if !(short || adjective) || !text[m.start..].starts_with(char::is_uppercase) {
                continue;
            }
            let Some((gs, ge)) = word_before(m.start) else {
                continue;
            };
            // The given name is free: no table match, and no rule name but itself alone.
            if !lang
                .names
                .is_given_head(&text[gs..ge], sentence_initial(text, gs))
                || (i > 0 && ms[i - 1].end > gs)
                || found
                    .iter()
                    .any(|n| n.start < ge && gs < n.end && (n.start, n.end) != (gs, ge))
            {
                continue;
            }
            found.retain(|n| (n.start, n.end) != (gs, ge));
            let m = &mut ms[i];
            m.start = gs;
            m.readings = Cow::Owned(vec![Reading {
                target: Target::Rule(EntityKind::Person, "given name"),
                case: Case::Any,
                form: 0,
            }]);
        }
        // A place-only match that repeats the surname of a person named before it ("Arturo
        // Parisi … Parisi") is that person.
        let mut surnames: Vec<(usize, &str)> = earlier;
        // (With the people just named in full by a given name before a table surname.)
        surnames.extend(
            ms.iter()
                .filter(|m| {
                    m.readings
                        .iter()
                        .any(|r| r.target == Target::Rule(EntityKind::Person, "given name"))
                })
                .filter_map(|m| {
                    let s = &text[m.start..m.end];
                    s.rfind(' ').map(|i| (m.start, &s[i + 1..]))
                }),
        );
        surnames.extend(
            found
                .iter()
                .filter(|n| n.kind == EntityKind::Person)
                .filter_map(|n| {
                    let s = &text[n.start..n.end];
                    s.rfind(' ').map(|i| (n.start, &s[i + 1..]))
                }),
        );
        if !surnames.is_empty() {
            for m in ms.iter_mut() {
                // The text comparison first: few matches repeat a surname.
                let s = &text[m.start..m.end];
                // Also a known person's bare surname ("Brown", the table's short name of
                // another Brown): after "David Brown" in the same article it is David Brown,
                // and alone it was dropped as a surname with no full name before it.
                let short_only = || {
                    m.readings
                        .iter()
                        .all(|r| matches!(r.target, Target::PersonShort(_)))
                };
                if surnames.iter().any(|&(p, sn)| p < m.start && sn == s)
                    && (place_only(m) || short_only())
                {
                    m.readings = Cow::Owned(vec![Reading {
                        target: Target::Rule(EntityKind::Person, "surname of an earlier name"),
                        case: Case::Any,
                        form: 0,
                    }]);
                }
            }
        }
        // A place-only match of one or two words after a dative "a" governed by the word
        // before it ("addio a Mango", "risponde a Parisi", "succede così a Cadel Evans") is a
        // person, as the name rules read such a run the tables do not know.
        for m in ms.iter_mut() {
            if place_only(m)
                && text[m.start..m.end].matches(' ').count() < 2
                && lang.names.dative_before(&text[..m.start])
            {
                m.readings = Cow::Owned(vec![Reading {
                    target: Target::Rule(EntityKind::Person, crate::names::DATIVE_RULE),
                    case: Case::Any,
                    form: 0,
                }]);
            }
        }
        if found.is_empty() {
            return;
        }
        let extra = found.into_iter().map(|n| M {
            start: n.start,
            end: n.end,
            readings: Cow::Owned(vec![Reading {
                target: Target::Rule(n.kind, n.rule),
                case: Case::Any,
                form: 0,
            }]),
        });
        ms.extend(extra);
        // Everything after this relies on matches being sorted and disjoint (the gaps between
        // neighbours are sliced). Rule names may overlap one another in odd text (a name run
        // inside angle-bracketed tickers, say): keep the leftmost, longest one.
        ms.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut last_end = 0;
        ms.retain(|m| {
            let keep = m.start >= last_end;
            if keep {
                last_end = m.end;
            }
            keep
        });
    }

    /// How often each country is named in the article, from readings that are not ambiguous.
    /// The country a country, demonym, person or organisation reading names (alpha-3; `None`
    /// for the other targets, whose country each caller weighs in its own way).
    fn actor_country(&self, t: Target) -> Option<&str> {
        match t {
            Target::Country(c) | Target::Demonym(c) => {
                Some(self.tables.countries[c].alpha3.as_str())
            }
            Target::Person(p) => Some(self.tables.people[p].country.as_str()),
            Target::Org(o) => Some(self.tables.orgs[o].country.as_str()),
            _ => None,
        }
    }

    fn country_context<'a>(&'a self, ms: &[M]) -> HashMap<&'a str, u32> {
        let mut ctx: HashMap<&str, u32> = HashMap::default();
        for m in ms {
            if m.readings
                .iter()
                .any(|r| matches!(r.target, Target::PersonShort(_) | Target::Pair))
            {
                continue;
            }
            // The one country the readings name, if they name exactly one (no list: this runs
            // for every match).
            let mut one: Option<&str> = None;
            let mut several = false;
            let names_country = m
                .readings
                .iter()
                .any(|r| matches!(r.target, Target::Country(_)));
            for r in m.readings.iter() {
                let c = match r.target {
                    // A small town names its country only once that is known otherwise: it
                    // is admitted by the context, it does not make it.
                    Target::Place(p, _) if crate::places::minor(&self.tables.places[p]) => continue,
                    // A city named like a country never wins against it ("Ireland", a town in
                    // Texas): the name counts for the country.
                    Target::Place(p, _) if names_country && !self.tables.places[p].region => {
                        continue
                    }
                    Target::Place(p, _) => self.tables.places[p].country.as_str(),
                    t => match self.actor_country(t) {
                        Some(c) => c,
                        None => continue,
                    },
                };
                match one {
                    None => one = Some(c),
                    Some(o) if o != c => several = true,
                    Some(_) => {}
                }
            }
            if let (Some(c), false) = (one, several) {
                *ctx.entry(c).or_default() += 1;
            }
        }
        ctx
    }

    /// Leftmost-longest selection of the forms found at word boundaries with their case rule
    /// satisfied. The automaton is anchored: it is run only from word starts that are not
    /// inside an already selected match, so in-word hits of short names ("ala" in "scala") are
    /// never produced and each search walks only as far as some form continues. Among the
    /// forms starting at one word, the longest that passes wins; a failed long form never hides
    /// a valid shorter one.
    ///
    /// The same pass collects the words of the text into `words` for the name rules, so the
    /// text is walked once.
    fn matches<'l>(
        &self,
        lang: &'l Lang,
        text: &str,
        lower: &str,
        words: &mut Words,
    ) -> Vec<M<'l>> {
        self.scan::<false>(lang, text, lower, words)
    }

    /// The match [`ActorTagger::matches`] would give first for `text`, when it starts at the
    /// text's first byte. Why not `matches(..).first()`: `embedded_place` asks this from each
    /// word of a name, and the whole scan of the rest of the name (every word looked up) was
    /// thrown away but for its first match. Exact: the scan stops after its first word, whose
    /// match (if any) is the first of the whole scan's and is dropped by
    /// [`drop_acronym_places`] alike; a first match that does not start at 0 is refused by
    /// both. `words` is left with the first word only.
    fn first_match<'l>(
        &self,
        lang: &'l Lang,
        text: &str,
        lower: &str,
        words: &mut Words,
    ) -> Option<M<'l>> {
        let out = self.scan::<true>(lang, text, lower, words);
        out.into_iter().next().filter(|m| m.start == 0)
    }

    /// [`ActorTagger::matches`], or with `FIRST` only its first word's look-up
    /// ([`ActorTagger::first_match`]). (Kept out of line, as `matches` was while it had two
    /// callers: `find_with` stays small, and a profile names the scan.)
    #[inline(never)]
    fn scan<'l, const FIRST: bool>(
        &self,
        lang: &'l Lang,
        text: &str,
        lower: &str,
        words: &mut Words,
    ) -> Vec<M<'l>> {
        // About one match per 150 bytes of news: one allocation, rarely a regrowth (a larger
        // one, unused, made the allocator consolidate its free lists on every document).
        let mut out: Vec<M> = Vec::with_capacity(text.len() / 128 + 8);
        words.clear();
        // The words pushed into vectors of this frame, put back at the end: a push into
        // `words`' own fields reloaded them through the reference at every word.
        let mut spans = std::mem::take(&mut words.spans);
        let mut uppers = std::mem::take(&mut words.upper);
        let mut digits = std::mem::take(&mut words.digits);
        let lb = lower.as_bytes();
        let mut pos = 0;
        let tb = text.as_bytes();
        let n = tb.len();
        let mut i = 0;
        // Word by word: skip to a word start, look the forms up there, then skip to the
        // word's end (ASCII bytes one table lookup each; only other characters are decoded).
        while i < n {
            let b = tb[i];
            let (start, c, upper) = if b < 0x80 {
                if ASCII_WORD[b as usize] == 0 {
                    i += 1;
                    continue;
                }
                i += 1;
                (i - 1, b as char, b.is_ascii_uppercase())
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                if !alphanumeric(c) {
                    continue;
                }
                (i - c.len_utf8(), c, c.is_uppercase())
            };
            let term = loop {
                i = ascii_run_end(tb, i);
                match tb.get(i) {
                    None => break None,
                    // (The ASCII run stops at an ASCII byte only where it is no letter or
                    // digit: no test again.)
                    Some(&t) if t < 0x80 => break Some(t as char),
                    Some(_) => {
                        let t = text[i..].chars().next().unwrap_or(' ');
                        if !alphanumeric(t) {
                            break Some(t);
                        }
                        i += t.len_utf8();
                    }
                }
            };
            // An apostrophe between letters ends the word it follows ("dell'", "d'"), unless
            // it opens an English possessive ("Monday's": the name is "Monday").
            let end = match term {
                Some(t @ ('\'' | '’'))
                    if text[i + t.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
                        && !possessive_s(&text[i + t.len_utf8()..]) =>
                {
                    i + t.len_utf8()
                }
                _ => i,
            };
            // The run of letters and digits ends at `run_end`; an ASCII byte after it is no
            // letter or digit, so the skip to the next word starts past it.
            let run_end = i;
            if term.is_some_and(|t| t.is_ascii()) {
                i += 1;
            }
            spans.push((start, end));
            uppers.push(upper);
            if start < pos {
                continue;
            }
            // Forms that need a capital are only looked for where a word starts with one (or
            // a digit): most words of running text are lower case and walk the small trie only.
            // Each trie first turns away, by its first two bytes and length and with no hash
            // ([`Trie::may_start_run`]), most words that start none of its keys; the word's key
            // is computed once for both tries, only for a word one of them lets through, and
            // each turns away by one bit most of the rest before any probe of its word table.
            // (Both tries index their filters alike: the entry is found once.)
            let pre = crate::trie::Pre::of(lb, start, run_end);
            let pre_any = lang.any.may_start_pre(pre);
            let pre_cap = !c.is_lowercase() && {
                if c.is_ascii_digit() {
                    digits.push((spans.len() - 1) as u32);
                }
                lang.cap.may_start_pre(pre)
            };
            let mut best = None;
            if pre_any || pre_cap {
                let h = crate::trie::word_key_at(lb, start, run_end);
                if pre_any && lang.any.may_start(h) {
                    best = lang.any.longest(lang, text, lb, start, run_end, h);
                }
                if pre_cap && lang.cap.may_start(h) {
                    if let Some((pid, e)) = lang.cap.longest(lang, text, lb, start, run_end, h) {
                        if best.is_none_or(|(_, be)| e > be) {
                            best = Some((pid, e));
                        }
                    }
                }
            }
            if let Some((pid, e)) = best {
                let surface = &text[start..e];
                let all = &lang.readings[pid];
                // Most matches keep all their readings: borrow them, copy only a filtered set.
                // (A form of one reading, most, was chosen because that reading's case rule
                // holds at this very surface (`Trie::longest`): no need to test it again.)
                let readings =
                    if all.len() == 1 || all.iter().all(|r| case_ok(r, &lang.forms, surface)) {
                        Cow::Borrowed(all)
                    } else {
                        Cow::Owned(
                            all.iter()
                                .filter(|r| case_ok(r, &lang.forms, surface))
                                .copied()
                                .collect(),
                        )
                    };
                out.push(M {
                    start,
                    end: e,
                    readings,
                });
                pos = e;
            }
            if FIRST {
                break;
            }
        }
        words.spans = spans;
        words.upper = uppers;
        words.digits = digits;
        drop_acronym_places(tb, &mut out);
        out
    }
}

/// Two or three capitals are an acronym ("ERA", "LIM", "IMO", "MAI" in a headline), not a place
/// the table writes with one capital ("Era", "Mai"): on KIND train such places were wrong 10
/// times in 10. A pass over a text's matches (a dozen or so), by length first, rather than a
/// test in the word loop of [`ActorTagger::matches`].
fn drop_acronym_places(tb: &[u8], out: &mut Vec<M<'_>>) {
    let capital_place =
        |r: &Reading| matches!(r.case, Case::Capital) && matches!(r.target, Target::Place(..));
    out.retain_mut(|m| {
        if !matches!(m.end - m.start, 2 | 3)
            || !tb[m.start..m.end].iter().all(u8::is_ascii_uppercase)
            || !m.readings.iter().any(capital_place)
        {
            return true;
        }
        let kept: Vec<Reading> = m
            .readings
            .iter()
            .filter(|r| !capital_place(r))
            .copied()
            .collect();
        let keep = !kept.is_empty();
        m.readings = Cow::Owned(kept);
        keep
    });
}

/// Puts the organisations a cue rule found (`better`) in place of the name rules' overlapping
/// names: a head noun or an institution's pattern outweighs a run read as a person or a place.
fn prefer(found: &mut Vec<crate::names::RuleName>, better: Vec<crate::names::RuleName>) {
    if better.is_empty() {
        return;
    }
    found.retain(|n| !better.iter().any(|o| o.start < n.end && n.start < o.end));
    found.extend(better);
}

/// The id an organisation's entity carries: its Wikidata Q-id when known, else its pack id.
fn org_entity_id(org: &crate::tables::Org) -> String {
    org.wikidata.clone().unwrap_or_else(|| org.id.clone())
}

/// Pairs of groups where one is a branch of the other in another country: an alias of the
/// branch is an alias of the parent followed by more words ("Islamic State Khorasan Province",
/// "Islamic State"). Read from the table's names, so a new branch row needs no code; runs
/// once, in the constructor (some 200 organisations).
fn branches_of(orgs: &[crate::tables::Org]) -> Vec<(String, String, String)> {
    let names = |o: &crate::tables::Org| -> Vec<String> {
        std::iter::once(&o.name)
            .chain(o.aliases.iter())
            .map(|a| a.to_lowercase())
            .collect()
    };
    let all: Vec<Vec<String>> = orgs.iter().map(names).collect();
    let mut out = Vec::new();
    for (bi, b) in orgs.iter().enumerate() {
        for (pi, p) in orgs.iter().enumerate() {
            if bi == pi || b.kind != "group" || p.kind != "group" || b.country == p.country {
                continue;
            }
            let extends = all[bi].iter().any(|long| {
                all[pi].iter().any(|short| {
                    long.strip_prefix(short.as_str())
                        .is_some_and(|rest| rest.starts_with([' ', '-']))
                })
            });
            if extends {
                out.push((org_entity_id(b), org_entity_id(p), b.country.clone()));
            }
        }
    }
    out
}

fn distinct(ks: &[usize], key: impl Fn(usize) -> String) -> Vec<usize> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for &k in ks {
        let id = key(k);
        if !seen.contains(&id) {
            seen.push(id);
            out.push(k);
        }
    }
    out
}

/// The institution a title names after its "of" ("Consiglio" of "presidente del Consiglio",
/// "Stato" of "capo dello Stato"): a capitalised organisation word of the language's name
/// rules right after the title's last "of" word. Used where the title itself yields no
/// person (no office resolves, or the person's name follows it), so the institution is still
/// an actor of the text, as KIND annotates it; a portfolio ("ministro degli Esteri") is no
/// organisation word and yields nothing. A capitalised complement right after the title,
/// before `limit` (the next match, so never a place or a name the tables know), belongs to
/// the institution's name: "presidente del Consiglio dei Ministri" names the "Consiglio dei
/// Ministri", "Consiglio di Sicurezza" is one body (KIND tags the whole phrase; the bare
/// "Consiglio" was a wrong span and a missed one).
fn title_institution(
    lang: &Lang,
    text: &str,
    start: usize,
    end: usize,
    limit: usize,
) -> Option<Entity> {
    let surface = &text[start..end];
    // The last "of" word after a space: "del Consiglio" (a space after it) or "dell'Interno"
    // (elided); the tail is what follows it.
    let (cut, tail) = surface.rmatch_indices(' ').find_map(|(sp, _)| {
        let rest = &surface[sp + 1..];
        lang.of.iter().find_map(|o| {
            let n = o.len() + usize::from(!o.ends_with('\''));
            let head = rest.get(..o.len())?;
            (head.eq_ignore_ascii_case(o)
                && rest.len() > n
                && (o.ends_with('\'') || rest[o.len()..].starts_with(' ')))
            .then(|| (sp + 1 + n, &rest[n..]))
        })
    })?;
    let first = tail.split(' ').next().unwrap_or("");
    // Italian also writes the institution of a title in lower case ("il presidente del
    // consiglio"; KIND tags it ORG as it does "Consiglio"): an org word all the same, when its
    // capitalised form is one, and no institution's adjective or "of" goes on with it ("del
    // consiglio comunale", "del consiglio di amministrazione" name another body). (Asked only
    // after a title: the copy costs nothing per word.)
    let org_word = if first.starts_with(|c: char| c.is_uppercase()) {
        lang.names.is_org_word(first)
    } else {
        let mut cs = first.chars();
        let word = text[end..]
            .strip_prefix(' ')
            .and_then(|r| r.split(' ').next())
            .unwrap_or("")
            .trim_end_matches(|c: char| !c.is_alphabetic() && c != '\'' && c != '’');
        // (An elided "of" is the word up to its apostrophe: "d'amministrazione".)
        let next = match word.find(['\'', '’']) {
            Some(a) => &word[..a + word[a..].chars().next().map_or(1, char::len_utf8)],
            None => word,
        };
        // ("del consiglio dei ministri" is the council all the same: its "of" leads to a
        // complement of `org_complements`, which [`institution_complement`] takes.)
        let complement = institution_complement(lang, text.get(end..limit).unwrap_or("")) > 0;
        (complement || !(lang.names.is_org_adjective(next) || lang.names.is_connector(next)))
            && !lang.title_lower_not.iter().any(|w| w == first)
            && cs.next().is_some_and(|c| {
                c.is_lowercase()
                    && lang
                        .names
                        .is_org_word(&(c.to_uppercase().collect::<String>() + cs.as_str()))
            })
    };
    if !org_word {
        return None;
    }
    let s = start + cut;
    let end = end + institution_complement(lang, text.get(end..limit).unwrap_or(""));
    Some(Entity::unlinked(
        Span::new(s, end),
        &text[s..end],
        EntityKind::Org,
        "institution named in a title",
    ))
}

/// [`title_institution`] for the title at `start..end`, with `ms[k]` the next match: the
/// institution's complement stops before that match, or takes it in whole when it is only a
/// name-rule guess (a capitalised word no table lists: "di Sicurezza" is no person); `true`
/// then, so the caller skips the guess. A guess the complement would cut ("dei Ministri
/// Ada Neri" read as one name) is left whole, the complement stopping before it.
fn institution_before(
    lang: &Lang,
    text: &str,
    ms: &[M],
    k: usize,
    start: usize,
    end: usize,
) -> Option<(Entity, bool)> {
    let Some(n) = ms.get(k) else {
        return title_institution(lang, text, start, end, text.len()).map(|e| (e, false));
    };
    if n.readings
        .iter()
        .all(|r| matches!(r.target, Target::Rule(..)))
    {
        let e = title_institution(lang, text, start, end, n.end)?;
        let e_end = e.span.end as usize;
        if e_end >= n.end {
            return Some((e, true));
        }
        if e_end <= n.start {
            return Some((e, false));
        }
    }
    title_institution(lang, text, start, end, n.start).map(|e| (e, false))
}

/// The length of a capitalised "of" complement at the start of `rest` (" dei Ministri",
/// " di Stato"), or 0: one "of" word (not elided) and one capitalised word of letters, ending
/// at a word boundary. A lower-case word of `org_complements` counts too: Italian writes
/// "il presidente del Consiglio dei ministri" as often as "dei Ministri", and KIND tags the
/// council with its complement either way (train: the bare "Consiglio" was a wrong span).
fn institution_complement(lang: &Lang, rest: &str) -> usize {
    let Some(r) = rest.strip_prefix(' ') else {
        return 0;
    };
    let Some(sp) = r.find(' ') else {
        return 0;
    };
    if !is_of(lang, &r[..sp]) || r[..sp].ends_with(['\'', '’']) {
        return 0;
    }
    let word = &r[sp + 1..];
    let n = word
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(word.len());
    if n < 2 || word[..n].chars().all(char::is_uppercase) {
        return 0;
    }
    if !word.starts_with(char::is_uppercase) && !lang.orgs.is_complement(&word[..n]) {
        return 0;
    }
    1 + sp + 1 + n
}

fn lang_title_role(_t: &ActorTagger, lang: &Lang, title: usize) -> Option<String> {
    lang.titles.get(title).cloned()
}

fn push(out: &mut Vec<Entity>, first_of: &mut HashMap<String, usize>, base: usize, mut e: Entity) {
    // The id is copied only the first time it is seen (one allocation per distinct actor).
    if let Some(id) = e.id.as_deref() {
        match first_of.get(id) {
            Some(&f) => {
                if e.coref.is_none() && e.kind == EntityKind::Person {
                    e.coref = Some(f);
                }
            }
            None => {
                first_of.insert(id.to_string(), base + out.len());
            }
        }
    }
    out.push(e);
}

/// One selected match with the readings its case allows (borrowed from the language's
/// table when the case keeps them all).
#[derive(Debug, Clone)]
struct M<'l> {
    start: usize,
    end: usize,
    readings: Cow<'l, [Reading]>,
}

impl M<'_> {
    fn find<T>(&self, f: impl Fn(Target) -> Option<T>) -> Option<T> {
        self.readings.iter().find_map(|r| f(r.target))
    }
    fn title(&self) -> Option<usize> {
        self.find(|t| {
            if let Target::Title(i) = t {
                Some(i)
            } else {
                None
            }
        })
    }
    fn demonym(&self) -> Option<usize> {
        self.find(|t| {
            if let Target::Demonym(i) = t {
                Some(i)
            } else {
                None
            }
        })
    }
    fn sector_noun(&self) -> Option<usize> {
        self.find(|t| {
            if let Target::SectorNoun(i) = t {
                Some(i)
            } else {
                None
            }
        })
    }
    fn country(&self) -> Option<usize> {
        self.find(|t| {
            if let Target::Country(i) = t {
                Some(i)
            } else {
                None
            }
        })
    }
    fn org(&self) -> Option<usize> {
        self.find(|t| {
            if let Target::Org(i) = t {
                Some(i)
            } else {
                None
            }
        })
    }
    fn person(&self) -> Option<usize> {
        self.find(|t| {
            if let Target::Person(i) = t {
                Some(i)
            } else {
                None
            }
        })
    }
    /// Whether the match names a person, from the tables or found by a name rule ("George
    /// Bush" where no table lists him): a title in apposition before it is that person's
    /// title, not a pointer to whoever held the office on the document's date.
    fn names_person(&self) -> bool {
        self.readings.iter().any(|r| {
            matches!(
                r.target,
                Target::Person(_) | Target::Rule(EntityKind::Person, _)
            )
        })
    }
    fn capital_country(&self, tagger: &ActorTagger) -> Option<usize> {
        self.find(|t| match t {
            Target::Place(p, _) => tagger.capital(p),
            _ => None,
        })
    }
}

fn case_ok(r: &Reading, forms: &Forms, surface: &str) -> bool {
    match r.case {
        Case::Any => true,
        Case::Capital => {
            if !surface.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            // The surface is the form up to case, so its words are where the form's are: a
            // form capitalising its first word only is satisfied by the capital just checked.
            let mask = forms.caps(r.form as usize);
            if mask >> 1 == 0 {
                true
            } else if mask == lexicon::MANY_WORDS {
                words_capitalised(&forms[r.form as usize], surface)
            } else {
                surface.split_whitespace().enumerate().all(|(i, w)| {
                    i >= 64
                        || mask & (1 << i) == 0
                        || w.chars().next().is_some_and(char::is_uppercase)
                })
            }
        }
        Case::Exact => *surface == forms[r.form as usize],
    }
}

/// Whether every word the form capitalises is capitalised in the text too: at a sentence's
/// start only the first word's capital is no evidence, so "La guardia presidenziale" is not the
/// town La Guardia. Forms and text with a different
/// word count (spacing variants) are judged by their first word alone.
fn words_capitalised(form: &str, surface: &str) -> bool {
    let (mut f, mut s) = (form.split_whitespace(), surface.split_whitespace());
    if form.split_whitespace().count() != surface.split_whitespace().count() {
        return true;
    }
    loop {
        match (f.next(), s.next()) {
            (Some(a), Some(b)) => {
                let upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
                if upper(a) && !upper(b) {
                    return false;
                }
            }
            _ => return true,
        }
    }
}

/// Words that end the noun phrase between a modifier and a name: after one of them the name is
/// no longer in apposition ("Russian troops attacked the convoy of John Smith"). Lower case.
const NOT_TITLE_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "had", "has", "have", "in", "is",
    "of", "on", "or", "said", "says", "that", "the", "to", "told", "was", "were", "when", "while",
    "who", "will", "with", "would",
];

/// The country of the actor that modifies a name no table knows, so that a foreign person in a
/// story keeps their own country instead of the one the event stage would guess from the
/// dateline. The modifier is the entity right before the name: in Italian a country adjective
/// or an organisation right before it, the title before both ("l'omologo giapponese Taro
/// Yamada", "il comandante di Hamas Nabil Omar"); in English a country adjective, an
/// organisation or a possessive country with at most three title words between ("Chinese Vice
/// Premier Wu Lan", "Hamas military commander Nabil Omar", "Panama's Foreign Minister Ana
/// Ruiz"), none of them a verb or a function word, so a clause ("Russian troops killed Ivan
/// Orlov") gives nothing.
fn modifier_country(
    lang: &Lang,
    text: &str,
    prev: Option<&Entity>,
    adjective: Option<(&str, usize)>,
    start: usize,
) -> Option<String> {
    // The nearer of the entity before and the country adjective before (`adjective`: its
    // country and end), when the adjective made no entity of its own.
    let nearer = adjective.filter(|&(_, end)| prev.is_none_or(|p| (p.span.end as usize) < end));
    let (country, end, kind, demonym) = match nearer {
        Some((c, end)) => (c, end, EntityKind::Country, true),
        None => {
            let p = prev?;
            let demonym = p.kind == EntityKind::Country
                && p.note.as_deref().is_some_and(|n| n.starts_with("demonym:"));
            (p.country.as_deref()?, p.span.end as usize, p.kind, demonym)
        }
    };
    if end > start {
        return None;
    }
    let org = matches!(kind, EntityKind::Org | EntityKind::Group);
    let gap = &text[end..start];
    if lang.adj_after {
        return ((demonym || org) && !gap.is_empty() && gap.trim().is_empty())
            .then(|| country.to_string());
    }
    let (gap, possessive) = match gap.strip_prefix("'s").or_else(|| gap.strip_prefix("’s")) {
        Some(rest) => (rest, true),
        None => (gap, false),
    };
    let country_like = matches!(
        kind,
        EntityKind::Country | EntityKind::Org | EntityKind::Group
    );
    if !(demonym || org || (possessive && country_like)) || !gap.starts_with(char::is_whitespace) {
        return None;
    }
    let mut words = 0;
    for w in gap.split_whitespace() {
        words += 1;
        let lower = w.to_lowercase();
        if words > 3
            || !w.chars().all(|c| c.is_alphabetic() || c == '-')
            || NOT_TITLE_WORDS.contains(&lower.as_str())
            || (w.starts_with(char::is_lowercase) && lower.ends_with("ed"))
        {
            return None;
        }
    }
    // A name right after a country adjective with no title is still its national ("Russian
    // Ivan Orlov" is rare but unambiguous); after an organisation it needs the title.
    (words > 0 || demonym).then(|| country.to_string())
}

/// Whether `rest` (the text after an apostrophe) is the "s" of an English possessive: an "s"
/// that ends the word.
fn possessive_s(rest: &str) -> bool {
    let mut cs = rest.chars();
    cs.next() == Some('s') && cs.next().is_none_or(|c| !c.is_alphanumeric())
}

/// The forms of `context_names` (the first 64; a bit each) that may occur in `text` as
/// [`find_word`] finds them. A form that starts with a capital may only start a capitalised
/// word of the scan (`words`): only those words are looked at (`next_upper` skips the others
/// eight at a time; a look at every word's first byte cost ~4M instructions per 1,000 news
/// articles). A form that starts with another letter or a digit ("118") is looked for in the
/// text as `find_word` looks for it, after a vector scan (`contains`). A form whose first
/// character is no letter or digit starts no word: its bit is always set.
/// (`finders`: a vector searcher for each form, in the same order.)
fn context_forms_present(
    names: &[(usize, String, Vec<usize>)],
    finders: &[memchr::memmem::Finder<'static>],
    text: &str,
    words: &Words,
) -> u64 {
    // The capitalised forms by their first byte (a bit per form): a word that starts with one
    // of them is compared with those forms only, their second byte in place before the prefix
    // comparison (a call).
    let mut by_first = [0u64; 256];
    let mut present = 0u64;
    for (fi, (_, form, _)) in names.iter().take(64).enumerate() {
        match form.chars().next() {
            Some(c) if c.is_uppercase() => {
                by_first[usize::from(form.as_bytes()[0])] |= 1u64 << fi;
            }
            Some(c) if alphanumeric(c) => {
                let found = match finders.get(fi) {
                    Some(f) => f.find(text.as_bytes()).is_some(),
                    None => text.contains(form.as_str()),
                };
                if found && find_word(text, form, 0).is_some() {
                    present |= 1u64 << fi;
                }
            }
            _ => present |= 1u64 << fi,
        }
    }
    let tb = text.as_bytes();
    let n = words.spans.len().min(words.upper.len());
    let mut k = crate::names::next_upper(&words.upper, 0);
    while k < n {
        let s = words.spans[k].0;
        let mut m = by_first[usize::from(tb[s])] & !present;
        while m != 0 {
            let fi = m.trailing_zeros() as usize;
            m &= m - 1;
            let f = names[fi].1.as_bytes();
            if f.get(1).is_none_or(|b| tb.get(s + 1) == Some(b)) && tb[s..].starts_with(f) {
                present |= 1u64 << fi;
            }
        }
        k = crate::names::next_upper(&words.upper, k + 1);
    }
    present
}

/// The first occurrence of `word` in `text` from byte `from` on that is a whole word.
fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..).and_then(|t| t.find(word)) {
        let s = at + i;
        if boundary_before(text, s) && boundary_after(text, s + word.len()) {
            return Some(s);
        }
        at = s + word.len();
    }
    None
}

fn boundary_before(text: &str, s: usize) -> bool {
    text[..s]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// The sectors of organisations that have national branches named by the country after them
/// (companies, media, associations, schools, hospitals): not institutions, parties or armed
/// forces, whose name before a country is another body of that country.
const BRANCH_SECTORS: [&str; 5] = ["BUS", "JRN", "SOC", "EDU", "MED"];

/// Whether an entity is an organisation of the tables (linked, of one country, written with a
/// capital): the name its table gives may go on past where the table's form ends.
fn is_table_org(e: &Entity, text: &str) -> bool {
    matches!(e.kind, EntityKind::Org | EntityKind::Media)
        && e.id.is_some()
        && e.country.as_deref().is_some_and(|c| c != "IGO")
        && text[e.span.range()].starts_with(char::is_uppercase)
}

fn boundary_after(text: &str, e: usize) -> bool {
    // (An ASCII byte is its own character: most ends of forms are before a space.)
    match text.as_bytes().get(e) {
        None => return true,
        Some(&b) if b < 0x80 => return !b.is_ascii_alphanumeric(),
        Some(_) => {}
    }
    text[e..].chars().next().is_none_or(|c| !alphanumeric(c))
}

/// Whether the sector noun at `start` is one that alone names an institution ("governo").
fn is_institution(lang: &Lang, text: &str, start: usize) -> bool {
    let rest = &text[start..];
    let n = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let w = lower_same_len(&rest[..n]);
    if lang.bare_institutions.contains(&w) || lang.bare_no_article.contains(&w) {
        return true;
    }
    // A composed-only institution is matched whole ("forze armate", not "forze"), followed by
    // the space before its demonym or "of".
    lang.composed_institutions.iter().any(|f| {
        rest.get(..f.len())
            .is_some_and(|head| lower_same_len(head) == *f)
            && rest[f.len()..].starts_with(char::is_whitespace)
    })
}

fn is_of(lang: &Lang, gap: &str) -> bool {
    let gap = gap.trim();
    // Connecting words are short: a long gap is never one (and is not lowercased).
    if gap.len() > 24 {
        return false;
    }
    // An ASCII gap (nearly all) is lowercased into a buffer on the stack and compared there:
    // for ASCII `lower_same_len` is the ASCII lowercase and there is no '’' to replace, so this
    // is the answer of the general path below, with none of its two allocations.
    if gap.is_ascii() {
        let mut buf = [0u8; 24];
        let g = &mut buf[..gap.len()];
        g.copy_from_slice(gap.as_bytes());
        g.make_ascii_lowercase();
        return lang.of.iter().any(|f| f.as_bytes() == &*g);
    }
    let g = lower_same_len(gap).replace('’', "'");
    lang.of.contains(&g)
}

/// The prefix of the note of a name a rule found: the rule's name follows.
const RULE_NOTE: &str = "rule: ";

/// Whether `start..end` opens a dateline ("NIAMEY, 31 LUG -", "MOSCA (Reuters) -", "Kiev -"):
/// first on its line, then a comma and a day, or a dash or a bracket. A dateline names where
/// the article was written: a capital there is the place, not its government.
fn dateline(text: &str, start: usize, end: usize) -> bool {
    // Back from the span to the line's start, stopping at the first other character (most
    // towns stand inside a line: a few bytes read, not the text before them).
    let first_on_line = text[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .all(char::is_whitespace);
    if !first_on_line {
        return false;
    }
    let after = &text[end..];
    if let Some(r) = after.strip_prefix(',') {
        return r.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    let r = after.trim_start_matches(' ');
    r.len() < after.len() && r.starts_with(['-', '–', '—', '('])
}

/// The note of a seat of power named as the building, after a place preposition ("alla Casa
/// Bianca"): a place of the tables' country, with no point of its own.
pub(crate) const SEAT_BUILDING_NOTE: &str = "seat of power as its building";

/// Whether a capitalised word is joined to the span by " - ", " e " or a comma, on either
/// side ("Inter - Lazio", "Empoli e Cagliari", "Lecce, Verona"): two names of one pairing or
/// list. Byte tests only: this runs for towns in the text.
fn paired_with_name(text: &str, start: usize, end: usize) -> bool {
    // The joiners, and whether each needs a space on its far side (a hyphen or an "e" inside
    // a word joins nothing).
    const JOINERS: [(&str, bool); 4] = [("-", true), ("–", true), ("e", true), (",", false)];
    let capital_first = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let before = text[..start].trim_end();
    let joined_before = JOINERS.iter().find_map(|&(j, spaced)| {
        let b = before.strip_suffix(j)?;
        (!spaced || b.ends_with(' ')).then(|| b.trim_end())
    });
    if joined_before.is_some_and(|b| capital_first(crate::names::last_word(b))) {
        return true;
    }
    let after = text[end..].trim_start();
    let joined_after = JOINERS.iter().find_map(|&(j, spaced)| {
        let a = after.strip_prefix(j)?;
        (!spaced || a.starts_with(' ')).then(|| a.trim_start())
    });
    joined_after.is_some_and(capital_first)
}

/// Whether a place's name starts with an article ("La Spezia", "Il Cairo", "L'Aquila"): an
/// article before such a name in the text may be its own.
fn starts_with_article(lang: &Lang, name: &str) -> bool {
    let lower = name.to_lowercase();
    let end = lower
        .find(|c: char| !c.is_alphanumeric())
        .map_or(lower.len(), |i| {
            if lower[i..].starts_with('\'') {
                i + 1
            } else {
                i
            }
        });
    lang.definite.contains(&lower[..end])
}

/// The word before the article that ends `lower[..start]` ("per" of "per la Germania", "per
/// l'Italia"), lowercased; empty at the text's start.
fn word_before_article(lower: &str, start: usize) -> &str {
    let before = lower[..start].trim_end();
    let before = match before
        .strip_suffix('\'')
        .or_else(|| before.strip_suffix('’'))
    {
        Some(b) => b,
        None => before,
    };
    let rest = before[..before.len() - crate::names::last_word(before).len()].trim_end();
    crate::names::last_word(rest)
}

/// Whether the word before `start` is a preposition that makes a capital a place ("a Mosca").
fn after_place_preposition(lang: &Lang, lower: &str, start: usize) -> bool {
    preceded_by(&lang.place_preps, lower, start)
}

/// Whether a bare locative preposition stands right before `start` ("a Presidente", "in
/// Paese" the towns): a common word the place table also lists needs one to be a place, as
/// an articulated one ("nel Paese", "dal Presidente") is far more often the common noun.
/// Without a `locatives` list in the pack, any place preposition will do.
fn after_locative(lang: &Lang, lower: &str, start: usize) -> bool {
    if lang.locatives.is_empty() {
        after_place_preposition(lang, lower, start)
    } else {
        preceded_by(&lang.locatives, lower, start)
    }
}

/// Words that may stand right before a name ("a", "nel", "dell'", "fino a"), lowercased, for
/// [`preceded_by`]: grouped by their last word ([`last_word_key`]), so a test looks the text's
/// last word up once instead of comparing the end of the text with every listed word (some
/// 50 Italian articles and prepositions, asked for most matches).
struct Preceders {
    words: Vec<String>,
    /// The longest word in bytes.
    longest: usize,
    /// Indices of the words ending in an apostrophe (compared with the text right before the
    /// name), and of the others (compared with the text before the spaces before the name),
    /// by their last word.
    apostrophe: HashMap<String, Vec<u32>>,
    plain: HashMap<String, Vec<u32>>,
    /// The last bytes of the words of `plain` (a bit each), or every bit when one is empty: a
    /// text whose last byte before the name is none of them is preceded by none of them, and
    /// its last word is not hashed (most names follow a word that is no listed one).
    plain_last: [u64; 4],
    /// The last two bytes of the words of `plain` of two bytes or more, hashed to a bit
    /// ([`end_pair_bit`]), and the bytes that are a word of `plain` alone: a text that ends in
    /// no such pair and whose last byte is no such word is preceded by none of them, and its
    /// last word is not hashed (Italian words end in the articles' last letters, "a", "o", "i",
    /// "e", which the last byte alone lets through). Every bit when a word is empty.
    plain_ends: [u64; END_PAIR_WORDS],
    plain_single: [u64; 4],
}

/// The size of [`Preceders`]' filter of word endings, in 64-bit words.
const END_PAIR_WORDS: usize = 32;

/// The bit of [`Preceders`]' filter of word endings for the two bytes `a`, `b` (a text's or a
/// word's last two): a hash, so two pairs may share a bit (the filter then lets a text through
/// that the lookup turns away; it never turns away one a word ends).
fn end_pair_bit(a: u8, b: u8) -> (usize, u64) {
    let h = (usize::from(a) * 31 + usize::from(b)) % (END_PAIR_WORDS * 64);
    (h / 64, 1 << (h % 64))
}

impl Preceders {
    fn new(words: Vec<String>) -> Preceders {
        let mut apostrophe: HashMap<String, Vec<u32>> = HashMap::default();
        let mut plain: HashMap<String, Vec<u32>> = HashMap::default();
        for (k, w) in words.iter().enumerate() {
            let map = if w.ends_with('\'') {
                &mut apostrophe
            } else {
                &mut plain
            };
            map.entry(last_word_key(w).to_string())
                .or_default()
                .push(k as u32);
        }
        let mut plain_last = [0u64; 4];
        let mut plain_ends = [0u64; END_PAIR_WORDS];
        let mut plain_single = [0u64; 4];
        for w in words.iter().filter(|w| !w.ends_with('\'')) {
            match w.as_bytes().last() {
                Some(&b) => plain_last[b as usize / 64] |= 1 << (b % 64),
                None => plain_last = [u64::MAX; 4],
            }
            match *w.as_bytes() {
                [] => {
                    plain_ends = [u64::MAX; END_PAIR_WORDS];
                    plain_single = [u64::MAX; 4];
                }
                [b] => plain_single[b as usize / 64] |= 1 << (b % 64),
                [.., a, b] => {
                    let (i, bit) = end_pair_bit(a, b);
                    plain_ends[i] |= bit;
                }
            }
        }
        Preceders {
            longest: words.iter().map(String::len).max().unwrap_or(0),
            words,
            apostrophe,
            plain,
            plain_last,
            plain_ends,
            plain_single,
        }
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// (Asked with a `&str`: the callers' words are slices of the text, compared without a
    /// `String` made of them.)
    fn contains(&self, w: &str) -> bool {
        self.words.iter().any(|x| x == w)
    }
}

/// The last word of `s`: its trailing run of letters and digits, with the apostrophe after it
/// when `s` ends in one. A listed word `p` that ends `s` after a word boundary has the same
/// last word as `s`: either `p` is that word itself (the boundary ends the run in `s` too), or
/// a character that is no letter or digit precedes its last word in `p` and so in `s`.
fn last_word_key(s: &str) -> &str {
    let body = s.strip_suffix('\'').unwrap_or(s);
    &s[body.len() - crate::names::last_word(body).len()..]
}

/// Whether the words right before `start` are one of `words` (lowercased; an entry ending in
/// an apostrophe may touch the name: "l'Italia").
fn preceded_by(words: &Preceders, lower: &str, start: usize) -> bool {
    // Every word of `apostrophe` ends in one, and a word of `plain` ends in a byte of
    // `plain_last` (an empty one sets them all, and matches an empty text too): a text that
    // ends otherwise looks nothing up. Asked first, on the text's last bytes alone (the text
    // before most names ends in no listed word's last byte), before the windows and the
    // normalised copies below.
    let before = &lower[..start];
    let trimmed = before.trim_end();
    let last = words.plain_last;
    // (A typographic apostrophe compares as a plain one.)
    let last_byte = |s: &str| {
        if s.ends_with('’') {
            Some(b'\'')
        } else {
            s.as_bytes().last().copied()
        }
    };
    let may_plain = match last_byte(trimmed) {
        Some(b) => last[b as usize / 64] >> (b % 64) & 1 != 0,
        None => last == [u64::MAX; 4],
    };
    // A plain word of two bytes or more ends in the text's last two bytes, and one of one
    // byte is the text's last byte (a text shorter than two bytes, or ending in a typographic
    // apostrophe, which compares as a plain one, is let through).
    let may_plain = may_plain
        && match *trimmed.as_bytes() {
            [.., a, b] if !trimmed.ends_with('’') => {
                let (i, bit) = end_pair_bit(a, b);
                words.plain_ends[i] & bit != 0
                    || words.plain_single[b as usize / 64] >> (b % 64) & 1 != 0
            }
            _ => true,
        };
    let may_apostrophe = last_byte(before) == Some(b'\'');
    if !may_plain && !may_apostrophe {
        return false;
    }
    // Only the end of the text before `start` can match: a window longer than every listed
    // word by a few bytes (starting on a character, so the character before a match is in
    // it). The normalisation below copies its text, and copying the whole document's prefix
    // at every typographic apostrophe was quadratic in the document.
    let longest = words.longest;
    let window = |s: &str| -> usize {
        let mut i = s.len().saturating_sub(longest + 8);
        while !s.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let (before, trimmed) = (&before[window(before)..], &trimmed[window(trimmed)..]);
    // A typographic apostrophe at the end compares as a plain one; both texts are normalised
    // once, not once per listed word.
    fn norm(hay: &str) -> Cow<'_, str> {
        match hay.strip_suffix('’') {
            Some(h) => Cow::Owned(format!("{h}'")),
            None => Cow::Borrowed(hay),
        }
    }
    let (before, trimmed) = (norm(before), norm(trimmed));
    let hit = |map: &HashMap<String, Vec<u32>>, hay: &str| {
        map.get(last_word_key(hay)).is_some_and(|ks| {
            ks.iter().any(|&k| {
                let p = words.words[k as usize].as_str();
                hay.ends_with(p) && boundary_before(hay, hay.len() - p.len())
            })
        })
    };
    (may_apostrophe && hit(&words.apostrophe, &before))
        || (may_plain && hit(&words.plain, &trimmed))
}

/// Takes into a place's span the words that belong to its name: a head before it ("provincia
/// di Trapani", "via Padova") and a direction adjective after it ("Italia settentrionale"),
/// within `floor..ceiling` (the neighbouring entities). A country acting as its government is
/// left as it is.
fn widen_place(lang: &Lang, text: &str, lower: &str, floor: usize, ceiling: usize, e: &mut Entity) {
    if !matches!(e.kind, EntityKind::Place | EntityKind::Country)
        || e.note.as_deref().is_some_and(|n| n.starts_with("metonym"))
    {
        return;
    }
    let (mut s, mut en) = (e.span.start as usize, e.span.end as usize);
    if !lang.place_heads.is_empty() {
        let before = &lower[floor..s];
        // A head ending in an apostrophe touches the name ("dell'"); others end in a space:
        // the text before the place (less that space) ends in a head's last two bytes first.
        // (The text less its space is cut once, and a head whose last byte differs from its
        // text's is passed over before the comparison, a call.)
        let spaced = before.strip_suffix(' ');
        let may_end = |hay: &str| lang.place_head_ends.may_end(hay.as_bytes());
        let may = may_end(before) || spaced.is_some_and(may_end);
        // A head ending in an apostrophe is compared with `before`, the others with `spaced`:
        // the text is `spaced` when `before` ends in a space (no head ends in an apostrophe
        // and a space), else `before`, whose heads are those ending in an apostrophe. Only
        // the heads of its last byte can end it (`place_heads_by_last`, in `place_heads`'
        // order, so the first found is the same). (Every head's last byte compared with the
        // text's mispredicted at about every third head.)
        let hay = spaced.unwrap_or(before);
        let heads = match hay.as_bytes().last() {
            Some(&l) if (l == b'\'') == spaced.is_none() => {
                lang.place_heads_by_last.get(usize::from(l))
            }
            Some(_) => None,
            // (An empty head ends only an empty `spaced`.)
            None => lang
                .place_heads_by_last
                .get(256)
                .filter(|_| spaced.is_some()),
        }
        .map_or(&[][..], |v| &v[..]);
        if let Some(h) = may
            .then(|| {
                heads
                    .iter()
                    .filter_map(|&i| lang.place_heads.get(i as usize))
                    .find(|h| {
                        hay.ends_with(h.as_str()) && boundary_before(hay, hay.len() - h.len())
                    })
            })
            .flatten()
        {
            let gap = if h.ends_with('\'') { 0 } else { 1 };
            s -= h.len() + gap;
        }
    }
    // A capitalised compass word right before the place names a part of it ("il Nord Italia",
    // "nel Centro Europa"); not inside a longer name ("Lega Nord Milano"), and not written
    // lower case, which KIND tags either way ("nel nord Italia").
    if s == e.span.start as usize && !lang.place_compass_heads.is_empty() {
        if let Some(before) = text[floor..s].strip_suffix(' ') {
            let n = before
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &before[n..];
            let at = floor + n;
            if word.starts_with(char::is_uppercase)
                && lang
                    .place_compass_heads
                    .contains(&lower[at..at + word.len()])
                && !after_capitalised_word(lang, text, at)
            {
                s = at;
            }
        }
    }
    if !lang.place_adjectives.is_empty() {
        if let Some(r) = lower[en..ceiling].strip_prefix(' ') {
            let n = r
                .find(|c: char| !c.is_alphanumeric() && c != '-')
                .unwrap_or(r.len());
            if n > 0 && lang.place_adjectives.contains(&r[..n]) {
                en += 1 + n;
            }
        }
    }
    if (s, en) != (e.span.start as usize, e.span.end as usize) {
        e.span = Span::new(s, en);
        e.text = text[s..en].to_string();
    }
}

/// Whether the word at `start` follows, after one space, a capitalised word inside the
/// sentence: both are then one longer name ("Panama Canal", "City Hall"). A capitalised word
/// opening the sentence proves nothing ("In Delta ..."), nor does a capitalised article ("The
/// Allendale ...") or a qualifier of place names ("South Kilburn", `name_qualifiers`).
fn after_capitalised_word(lang: &Lang, text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let word_start = dotted_word_start(before);
    let word = &before[word_start..];
    if !word.chars().next().is_some_and(char::is_uppercase)
        || word.ends_with('.')
        || sentence_initial(text, word_start)
    {
        return false;
    }
    let mut buf = [0u8; 32];
    match ascii_lower(word, &mut buf) {
        Some(lower) => !lang.definite.contains(lower) && !lang.name_qualifiers.contains(lower),
        None => {
            let lower = word.to_lowercase();
            !lang.definite.contains(&lower) && !lang.name_qualifiers.contains(&lower)
        }
    }
}

/// Where the word `before` ends with starts: back over its letters, digits, dots, hyphens and
/// apostrophes, to right after the first other character from the end (0 if none). A byte
/// at a time: only a character that is not ASCII is decoded (a decoding walk cost a fifth of
/// [`after_capitalised_word`], asked for most place names); the dots, hyphens and apostrophes
/// are ASCII, so the walk stops where the character walk did.
fn dotted_word_start(before: &str) -> usize {
    let bb = before.as_bytes();
    let mut i = bb.len();
    while i > 0 {
        let x = bb[i - 1];
        if x < 0x80 {
            if x.is_ascii_alphanumeric() || matches!(x, b'.' | b'-' | b'\'') {
                i -= 1;
                continue;
            }
            return i;
        }
        let mut st = i - 1;
        while !before.is_char_boundary(st) {
            st -= 1;
        }
        match before.get(st..i).and_then(|c| c.chars().next()) {
            Some(c) if c.is_alphanumeric() => i = st,
            _ => return i,
        }
    }
    0
}

/// `word` lowercased in `buf` when it is ASCII and fits: then `to_lowercase` and
/// [`lower_same_len`] give the same bytes, and a set is asked with no `String` allocated (the
/// word before most capitalised matches, a facility name's words). `None` for other words.
pub(crate) fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let b = buf.get_mut(..word.len()).filter(|_| word.is_ascii())?;
    b.copy_from_slice(word.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

/// Whether `start` is the first word of a sentence, line or quotation.
/// (Byte by byte: the name rules ask this for most capitalised words, and every character it
/// skips or ends on is ASCII but the two opening quotes; any other non-ASCII character ends
/// the walk with `false`, as decoding it would.)
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    let b = &text.as_bytes()[..start];
    let mut i = b.len();
    while i > 0 {
        let x = b[i - 1];
        if x < 0x80 {
            match x {
                b' ' | b'\t' | b'"' | b'(' | b'\'' => {
                    i -= 1;
                    continue;
                }
                _ => return matches!(x, b'.' | b'!' | b'?' | b'\n' | b':' | b';'),
            }
        }
        // '«' is C2 AB, '“' is E2 80 9C; any other character ending here is no skip.
        if b[..i].ends_with("«".as_bytes()) {
            i -= 2;
        } else if b[..i].ends_with("“".as_bytes()) {
            i -= 3;
        } else {
            return false;
        }
    }
    true
}

/// The document's sentences, or rough ones computed on first use when it has none.
struct Sentences<'a> {
    given: &'a [Span],
    text: &'a str,
    rough: std::cell::OnceCell<Vec<Span>>,
}

impl Sentences<'_> {
    fn get(&self) -> &[Span] {
        if !self.given.is_empty() {
            return self.given;
        }
        self.rough.get_or_init(|| rough_sentences(self.text))
    }
}

/// Sentence spans when the document has none yet: line breaks and sentence punctuation.
fn rough_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let end = match c {
            b'\n' => Some(i),
            b'.' | b'!' | b'?' if b.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\n') => {
                Some(i + 1)
            }
            _ => None,
        };
        if let Some(e) = end {
            if e > start {
                out.push(Span::new(start, e));
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

fn build_lang(t: &Tables, lt: &LangTables) -> Lang {
    // The place names are most of the forms: room for them at once, not by doubling.
    let place_forms: usize = t.places.iter().map(|p| 1 + p.names.len()).sum();
    let mut lexicon = Lexicon::with_capacity(place_forms + lt.names.len() + 4096);
    let mut add = |form: &str, target: Target| lexicon.add(form, target);
    for (pi, p) in t.places.iter().enumerate() {
        add(&p.name, Target::Place(pi, true));
        for n in p.names.iter() {
            add(n, Target::Place(pi, false));
        }
    }
    for (target, form) in &lt.names {
        if let Some(&ci) = t.country_index.get(target) {
            add(form, Target::Country(ci));
        } else if let Some(&pi) = t.person_index.get(target) {
            add(form, Target::Person(pi));
        } else if let Some(&oi) = t.org_index.get(target) {
            add(form, Target::Org(oi));
        }
    }
    for (pi, p) in t.people.iter().enumerate() {
        add(&p.name, Target::Person(pi));
        for a in &p.aliases {
            add(a, Target::Person(pi));
        }
        for s in &p.short {
            add(s, Target::PersonShort(pi));
        }
    }
    for (oi, o) in t.orgs.iter().enumerate() {
        add(&o.name, Target::Org(oi));
        for a in &o.aliases {
            add(a, Target::Org(oi));
        }
    }
    for (k, m) in lt.metonyms.iter().enumerate() {
        add(&m.form, Target::Metonym(k));
    }
    for (form, a3) in &lt.demonyms {
        if let Some(&ci) = t.country_index.get(a3) {
            add(form, Target::Demonym(ci));
        }
    }
    let mut sector_nouns = Vec::new();
    for (k, (form, sector)) in lt.sector_nouns.iter().enumerate() {
        add(form, Target::SectorNoun(k));
        sector_nouns.push(sector.clone());
    }
    let mut titles = Vec::new();
    for (k, (form, role)) in lt.titles.iter().enumerate() {
        add(form, Target::Title(k));
        titles.push(role.clone());
    }
    let g = |k: &str| lt.grammar.get(k).cloned().unwrap_or_default();
    // a grammar key's forms, normalised as the text is
    let grammar_forms = |k: &str| g(k).iter().map(|p| normalise_form(p)).collect::<Vec<_>>();
    for p in g("pair") {
        add(&p, Target::Pair);
    }
    let (readings, forms, any, cap) = lexicon.finish();
    let mut context_cues: Vec<String> = Vec::new();
    for (_, _, cues) in &lt.context_names {
        for c in cues {
            if !context_cues.contains(c) {
                context_cues.push(c.clone());
            }
        }
    }
    let mut place_preps: Vec<String> = grammar_forms("place_prepositions").into_iter().collect();
    place_preps.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let place_preps = Preceders::new(place_preps);
    let place_heads: Vec<String> = {
        let mut v: Vec<String> = grammar_forms("place_heads").into_iter().collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        v
    };
    let mut place_heads_by_last: Vec<Vec<u32>> = vec![Vec::new(); 257];
    for (i, h) in place_heads.iter().enumerate() {
        let l = h.as_bytes().last().map_or(256, |&l| usize::from(l));
        place_heads_by_last[l].push(i as u32);
    }
    Lang {
        any,
        cap,
        readings,
        forms,
        sector_nouns,
        titles,
        metonyms: lt.metonyms.clone(),
        adj_after: g("order").first().is_none_or(|o| o == "after"),
        of: grammar_forms("of").into_iter().collect(),
        place_preps,
        place_heads,
        place_head_ends: PairBits::of_ends(grammar_forms("place_heads").iter()),
        place_heads_by_last,
        locatives: Preceders::new(grammar_forms("locatives").into_iter().collect()),
        club_articles: Preceders::new(grammar_forms("club_articles").into_iter().collect()),
        agent_prepositions: Preceders::new(
            grammar_forms("agent_prepositions").into_iter().collect(),
        ),
        team_prepositions: Preceders::new(grammar_forms("team_prepositions").into_iter().collect()),
        context_names: lt
            .context_names
            .iter()
            .filter_map(|(id, form, cues)| {
                let cues = cues
                    .iter()
                    .map(|c| {
                        context_cues
                            .iter()
                            .position(|x| x == c)
                            .unwrap_or(usize::MAX)
                    })
                    .collect();
                t.org_index.get(id).map(|&o| (o, form.clone(), cues))
            })
            .collect(),
        context_cue_finders: context_cues
            .iter()
            .map(|c| memchr::memmem::Finder::new(c.as_bytes()).into_owned())
            .collect(),
        context_form_finders: lt
            .context_names
            .iter()
            .filter(|(id, _, _)| t.org_index.contains_key(id))
            .map(|(_, form, _)| memchr::memmem::Finder::new(form.as_bytes()).into_owned())
            .collect(),
        context_cues,
        place_adjectives: grammar_forms("place_adjectives").into_iter().collect(),
        place_compass_heads: grammar_forms("place_compass_heads").into_iter().collect(),
        compound_town_not_first: grammar_forms("compound_town_not_first")
            .into_iter()
            .collect(),
        name_qualifiers: grammar_forms("name_qualifiers").into_iter().collect(),
        facility_words: grammar_forms("facility_words").into_iter().collect(),
        street_suffixes: grammar_forms("street_suffixes").into_iter().collect(),
        street_or_facility: grammar_forms("street_suffixes")
            .into_iter()
            .chain(grammar_forms("facility_words"))
            .collect(),
        street_first: {
            let mut bits = [0u64; 4];
            for f in grammar_forms("street_suffixes")
                .iter()
                .chain(grammar_forms("facility_words").iter())
            {
                match f.as_bytes().first() {
                    Some(&b) => bits[usize::from(b >> 6)] |= 1 << (b & 63),
                    None => bits = [u64::MAX; 4],
                }
            }
            bits
        },
        street_pairs: FormPairs::new(
            grammar_forms("street_suffixes")
                .iter()
                .chain(grammar_forms("facility_words").iter()),
        ),
        home_country: g("home_country").first().cloned().unwrap_or_default(),
        title_lower_not: grammar_forms("title_lower_not_institutions"),
        street_leading: g("definite")
            .iter()
            .chain(g("place_prepositions").iter())
            .map(|p| normalise_form(p))
            .collect(),
        pair_blockers: grammar_forms("pair_blockers").into_iter().collect(),
        not_names: lt.not_names.iter().cloned().collect(),
        not_places: PairSet::new(lt.not_places.iter().cloned().collect()),
        bare_institutions: grammar_forms("bare_institutions").into_iter().collect(),
        bare_no_article: grammar_forms("bare_no_article").into_iter().collect(),
        composed_institutions: grammar_forms("composed_institutions"),
        member_institutions: grammar_forms("member_institutions").into_iter().collect(),
        member_of: Preceders::new(grammar_forms("member_of").into_iter().collect()),
        definite: Preceders::new(grammar_forms("definite").into_iter().collect()),
        institution_determiners: Preceders::new(
            grammar_forms("institution_determiners")
                .into_iter()
                .collect(),
        ),
        qualifier_of: Preceders::new(
            grammar_forms("institution_qualifier_of")
                .into_iter()
                .collect(),
        ),
        person_articles: Preceders::new(grammar_forms("person_articles").into_iter().collect()),
        metonym_articles: Preceders::new(grammar_forms("metonym_articles").into_iter().collect()),
        metonym_verbs: grammar_forms("metonym_verbs").into_iter().collect(),
        metonym_place_next: grammar_forms("metonym_place_next").into_iter().collect(),
        metonym_place_before: grammar_forms("metonym_place_before").into_iter().collect(),
        orgs: crate::orgs::OrgCues::new(lt, &t.legal_forms),
        names: {
            let mut n = crate::names::NameRules::new(lt);
            // (The tables' own sets, not copies: tens of thousands of names.)
            n.add_words(&t.given_names, &lt.not_names);
            n.add_not_places(&lt.not_places);
            n.add_common_words(&lt.common_words);
            n.add_rare_given(&t.rare_given_names);
            n
        },
    }
}

/// Adds `add` to an entity's note, after what is there ("…; …"): a note lists every reading
/// that decided the entity, oldest first.
/// An entity inserted at index `at` (absolute: the batch's `base` included) moves every later
/// one up by one, so the references to them move too: a later mention's `coref`, and a pair's
/// note ("pair: entities A and B", which the events stage reads back to put both sides of "i
/// due" in an event). Left alone, they would name the entity before the one meant.
fn shift_refs_after_insert(out: &mut [Entity], at: usize) {
    let bump = |i: usize| if i >= at { i + 1 } else { i };
    for x in out.iter_mut() {
        if let Some(c) = x.coref.as_mut() {
            *c = bump(*c);
        }
        let pair = x
            .note
            .as_deref()
            .and_then(|n| n.strip_prefix("pair: entities "))
            .and_then(|rest| rest.split_once(" and "))
            .and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)));
        if let Some((a, b)) = pair {
            x.note = Some(format!("pair: entities {} and {}", bump(a), bump(b)));
        }
    }
}

/// Appends `n` in decimal, as `Display` writes it. The notes built for many entities (an
/// ambiguous place's candidates, context and population) were `format!`ed: the formatting
/// machinery's indirect call per piece cost some 1,400 instructions and ~17 mispredicted
/// indirect branches a five-piece note; joining the pieces with `push_str` and this writes the
/// same bytes.
pub(crate) fn push_decimal(s: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // (ASCII digits: always UTF-8.)
    s.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

pub(crate) fn append_note(note: &mut Option<String>, add: &str) {
    // (Appended in place: no formatting machinery and no second copy of the old note.)
    match note {
        Some(old) => {
            // (Room for both pieces at once: a note is mostly made to its length, and the
            // two pushes each grew it, a copy each.)
            old.reserve(2 + add.len());
            old.push_str("; ");
            old.push_str(add);
        }
        None => *note = Some(add.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_insert_moves_corefs_and_pair_notes_past_it() {
        let e = |s: usize, note: &str| {
            Entity::unlinked(Span::new(s, s + 1), "x", EntityKind::Person, note)
        };
        // Entities 10..14 of a batch (base 10): a pair of 10 and 12, a mention of 12.
        let mut out = vec![
            e(0, "a"),
            e(2, "b"),
            e(4, "c"),
            e(6, "pair: entities 10 and 12"),
        ];
        out[3].coref = Some(10);
        out.push(Entity {
            coref: Some(12),
            ..e(8, "d")
        });
        // An entity goes in at index 1 of the slice (11 in the batch).
        out.insert(1, e(1, "new"));
        shift_refs_after_insert(&mut out, 11);
        assert_eq!(out[4].note.as_deref(), Some("pair: entities 10 and 13"));
        assert_eq!(out[4].coref, Some(10));
        assert_eq!(out[5].coref, Some(13));
        assert_eq!(out[1].note.as_deref(), Some("new"));
    }

    /// The byte walk of `sentence_initial` answers as decoding every character before the
    /// word does: skipped spaces, quotes (ASCII and typographic) and brackets, sentence
    /// punctuation, and other non-ASCII characters that end the walk.
    #[test]
    fn sentence_initial_agrees_with_decoding_characters() {
        let reference = |text: &str, start: usize| {
            for c in text[..start].chars().rev() {
                if matches!(c, ' ' | '\t' | '"' | '«' | '“' | '(' | '\'') {
                    continue;
                }
                return matches!(c, '.' | '!' | '?' | '\n' | ':' | ';');
            }
            true
        };
        for text in [
            "Ostia. Marta",
            "disse: «Marta",
            "disse «“ Marta",
            "città è Marta",
            "così” Marta",
            "fine!\n( Marta",
            "perché Marta",
            "Marta",
            " \t Marta",
            "l'Marta",
            "caffè; Marta",
        ] {
            let start = text.rfind('M').unwrap();
            assert_eq!(
                sentence_initial(text, start),
                reference(text, start),
                "{text}"
            );
        }
    }

    /// The byte walk of [`dotted_word_start`] stops where the character walk it replaced did.
    #[test]
    fn dotted_word_start_agrees_with_decoding_characters() {
        let reference = |before: &str| {
            before
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '\''))
                .map_or(0, |(i, c)| i + c.len_utf8())
        };
        for before in [
            "",
            "Panama",
            "il Panama",
            "detto «Città",
            "sull’Università",
            "St.-Jean d'Arc",
            "x Ünal-Çelik",
            "a “ x²y",
            "中国 北京",
            "fine.\nNew",
        ] {
            assert_eq!(dotted_word_start(before), reference(before), "{before:?}");
        }
    }

    /// [`preceded_by`]'s answer by comparing the end of the text with every listed word.
    fn naive_preceded(list: &[String], lower: &str, start: usize) -> bool {
        let before = lower[..start].replace('’', "'");
        let trimmed = before.trim_end();
        list.iter().any(|w| {
            let hay = if w.ends_with('\'') {
                &before[..]
            } else {
                trimmed
            };
            hay.ends_with(w.as_str()) && boundary_before(hay, hay.len() - w.len())
        })
    }

    /// The grouped lookup finds what comparing the end of the text with every listed word
    /// finds: multi-word entries, entries touching the name by an apostrophe (plain or
    /// typographic), and no entry that ends inside a longer word.
    #[test]
    fn preceded_by_agrees_with_comparing_every_word() {
        let list: Vec<String> = ["a", "fino a", "l'", "dell'", "nel", "st."]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let p = Preceders::new(list.clone());
        let naive = |lower: &str, start: usize| naive_preceded(&list, lower, start);
        for text in [
            "arrivato fino a Pavia",
            "andato a Lodi",
            "casa Lodi",
            "della l'Aquila",
            "dell'Aquila",
            "dell’Aquila",
            "quell'Aquila",
            "vive nel Lazio",
            "canale Lazio",
            "la st. Maria",
            "x'l'Aquila",
            "Pavia",
        ] {
            let start = text.rfind(char::is_uppercase).unwrap();
            assert_eq!(preceded_by(&p, text, start), naive(text, start), "{text}");
        }
        assert!(preceded_by(&p, "fino a Pavia", 7) && !preceded_by(&p, "quell'Aquila", 6));
    }

    /// The filter of word endings turns away no text a listed word ends: every ending of every
    /// word of a list of articles and prepositions, after other text, agrees with comparing.
    #[test]
    fn preceded_by_ending_filter_agrees_with_comparing_every_word() {
        let list: Vec<String> = [
            "a", "e", "il", "la", "i", "gli", "del", "della", "nel", "sul", "fino a", "l'",
            "dell'", "verso", "per", "tra", "è", "già",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        let p = Preceders::new(list.clone());
        let naive = |lower: &str, start: usize| naive_preceded(&list, lower, start);
        let mut texts: Vec<String> = Vec::new();
        for w in list
            .iter()
            .map(String::as_str)
            .chain(["ha detto", "va", "ii", "xil", "o", ""])
        {
            for pre in ["", "x", "casa ", "città ", "l’", "\n"] {
                texts.push(format!("{pre}{w} Pavia"));
                texts.push(format!("{pre}{w}Pavia"));
            }
        }
        for text in &texts {
            let start = text.rfind('P').unwrap();
            assert_eq!(preceded_by(&p, text, start), naive(text, start), "{text:?}");
        }
    }

    /// The early-stopping case test gives what the definition gives: `Exact` for two or more
    /// letters all capitals, else `Capital` for a capital first character, else `Any`.
    #[test]
    fn case_of_agrees_with_its_definition() {
        let definition = |form: &str| {
            let letters: Vec<char> = form.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
                Case::Exact
            } else if form.chars().next().is_some_and(char::is_uppercase) {
                Case::Capital
            } else {
                Case::Any
            }
        };
        for form in [
            "",
            "a",
            "A",
            "AB",
            "Ab",
            "aB",
            "NATO",
            "N.A.T.O.",
            "U.S.",
            "A-1",
            "1A",
            "1AB",
            "ÉTAT",
            "État",
            "éTAT",
            "Città",
            "CITTÀ",
            "Ελλάδα",
            "ΕΛΛΑΔΑ",
            "北京",
            "X 北京",
            "L'Aquila",
            "L'AQUILA",
            "'s-Hertogenbosch",
            "Ǆ",
            "ǅungla",
            "  NATO",
        ] {
            assert_eq!(case_of(form), definition(form), "{form:?}");
        }
    }

    /// The eight-bytes-at-a-time word scan agrees with the bytewise definition for every byte
    /// value at every position of a chunk, and in the tail after the last whole chunk.
    #[test]
    fn alphanumeric_agrees_with_the_unicode_tables() {
        for c in (0..0x3400u32).filter_map(char::from_u32) {
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn ascii_word_len_agrees_with_the_bytewise_scan() {
        let bytewise = |b: &[u8]| {
            b.iter()
                .position(|x| !x.is_ascii_alphanumeric())
                .unwrap_or(b.len())
        };
        for len in [0usize, 1, 7, 8, 9, 15, 16, 17, 20] {
            for at in 0..len {
                for x in 0..=255u8 {
                    let mut b = vec![b'k'; len];
                    b[at] = x;
                    assert_eq!(
                        ascii_word_len(&b),
                        bytewise(&b),
                        "len {len}, {x:#x} at {at}"
                    );
                }
            }
        }
        // From any position of a text, as the scan asks it.
        let text = "Il sindaco di Reggio nell'Emilia, 2023: «Ok» a São Paulo e Zürich09xyz.";
        let b = text.as_bytes();
        for at in 0..=b.len() {
            assert_eq!(ascii_run_end(b, at), at + bytewise(&b[at..]), "at {at}");
        }
        assert_eq!(ascii_word_len(b"Zagreb09 e"), 8);
        assert_eq!(ascii_word_len("Niš".as_bytes()), 2);
        assert_eq!(ascii_word_len(b"AZaz09@[`{/:"), 6);
    }
}
