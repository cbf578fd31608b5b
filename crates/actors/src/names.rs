//! Names no table lists: runs of capitalised words classified by pack rules (org words inside
//! the name, a company suffix after it, a title or a preposition before it, a given name at its
//! head). Such entities get a kind but no id: they are found, not linked.

use rustc_hash::FxHashSet as HashSet;

use annalist_doc::EntityKind;

use crate::tables::LangTables;

// What a word is to the name rules: one lookup per word gives every set it belongs to.
const CONNECTOR: u32 = 1;
const ORG_WORD: u32 = 2;
const PERSON_CUE: u32 = 4;
const STREET: u32 = 8;
const EVENT: u32 = 16;
const NOT_ACRONYM: u32 = 32;
const SUFFIX_HEAD: u32 = 64;
const GIVEN: u32 = 128;
const NOT_NAME: u32 = 256;
/// The last word of a place cue ("a" of "fino a"): only then are the cues compared.
const PLACE_CUE_END: u32 = 512;
/// A coordinating "and": it joins words into one name only inside an organisation's name
/// ("Ministero dell'Ambiente e della Tutela"), not two people ("Falcone e Borsellino").
const AND_WORD: u32 = 1024;
/// A lower-case adjective that belongs to an institution's name after its head ("Chiesa
/// ortodossa", "Corte suprema", "polizia locale").
const ORG_ADJ: u32 = 2048;
/// A capitalised common word the place table also lists ("Paese"): a place cue before it
/// does not make it a place ("nel Paese").
const NOT_PLACE: u32 = 4096;
/// A word before a capitalised run no table knows that makes it a person ("secondo",
/// "detto", "e" in a list of people): `uncued_before`.
const UNCUED_BEFORE: u32 = 8192;
/// A word after such a run that makes it a person ("ha", "è", "aveva"): `uncued_after`.
const UNCUED_AFTER: u32 = 16384;
/// An article before such a run: it names a thing ("il Corano", "la Resurrezione"), not a
/// person (`uncued_blockers`).
const UNCUED_BLOCK: u32 = 32768;
/// A frequent word of the language, lower case (`common_words.txt`): capitalised at a
/// sentence's start it is that word ("Intanto ha"), not a name ("Kvasina ha").
const COMMON: u32 = 65536;
/// An org word that names its institution alone ("la Regione", "la Chiesa", "il
/// Congresso"): `org_words_alone`. Other org words alone are common nouns with a capital
/// ("lo Stato", "l'Università", "la Borsa").
const ORG_ALONE: u32 = 131072;
/// An office named by the place it sits in ("Procura di Napoli", "Tribunale di Potenza"):
/// `seat_org_words`. The place after it is a place of its own, not part of the office's name
/// (KIND train: split so 40 times in 49).
const SEAT: u32 = 262144;
/// A noun whose "of"-complement is a person ("la morte di X", "il padre di X", "le dimissioni
/// di X"): `person_heads`. On KIND train a capitalised run no other rule takes after such a
/// noun and "di" was that person 71 times in 76.
const PERSON_HEAD: u32 = 1 << 19;
/// A noun whose "of"-complement is a place ("il comune di X", "la stazione di X", "nei
/// pressi di X"): `place_heads` (KIND train: a place 48 times in 58).
const PLACE_HEAD: u32 = 1 << 20;
/// The bare "of" that links such a head noun to the name (`head_of`: "di", not "del/della",
/// which precede common nouns and organisations: "la sede della X").
const HEAD_OF: u32 = 1 << 21;
/// A capitalised noun that heads a place's name ("Monte", "Lago", "Stadio", "Villa"):
/// `place_words`. A run of two words or more it heads is a place.
const PLACE_WORD: u32 = 1 << 23;
/// A person cue that belongs to the name after it ("don", "suor"): `person_cues_in_name`.
const CUE_IN_NAME: u32 = 1 << 24;
/// A rare given name (`rare_given_names.txt`): a person's name only at the head of a longer
/// run no table knows, and only when it is no frequent word of the language.
const RARE_GIVEN: u32 = 1 << 22;
/// A surname particle ("de", "van", "bin"): `name_particles`. It continues a person named in
/// full ("Manuel Monteiro de Castro"), where a preposition ends it ("Mike Ferro di Radio Zeta").
const PARTICLE: u32 = 1 << 25;
/// A word that makes the "a" after it a dative, the name after that a person ("insieme a X",
/// "dedicato a X", "addio a X"): `dative_heads`. There "a" is no place cue.
const DATIVE_HEAD: u32 = 1 << 26;
/// The "to" of such a dative ("a", "ad"): `dative_to`.
const DATIVE_TO: u32 = 1 << 27;
/// A planet or dwarf planet, named alone ("Marte", "Giove", "Plutone"): `celestial_bodies`. A
/// one-word run no table knows is that body: the gods and people so named come with a
/// cue or a second name ("Venere di Milo" is a run of its own), and the lists of planets
/// otherwise read as people ("Venere, Mercurio e Giove").
const CELESTIAL: u32 = 1 << 29;
/// A celestial body named by a common noun with a capital ("la Terra", "sulla Luna"):
/// `celestial_after_article`; the body only after an article ("Terra di guerre" is a land).
const CELESTIAL_ARTICLE: u32 = 1 << 30;
/// A street word whose name may follow an "of" ("via della Maglianella", "piazza dei
/// Cinquecento", "quartiere di Sefakoy"): `street_words_of`.
const STREET_OF: u32 = 1 << 28;
/// An adverb that may stand between a dative head and its "a" ("succede così a X", "insieme
/// anche a X"): `dative_adverbs`.
const DATIVE_ADVERB: u32 = 1 << 31;

/// Words and the bits of the sets each is in: an open-addressing table. Why not a
/// `HashMap<String, u32>`: the name rules ask it about nearly every capitalised word and its
/// neighbours (some 110,000 lookups per 1,000 news articles). A slot holds the word's first
/// eight bytes inline with a tag of its hash and its length, so a word of up to eight bytes
/// (most) is found with one slot read and no byte comparison call; only longer words keep
/// their bytes in an arena. The hash ([`fold_key`]) reads the first and last eight bytes
/// with ASCII capitals folded, so a word and its ASCII lower-case form hash alike: the
/// lower-case question of a capitalised word ("Intanto" as "intanto") needs no lowercased
/// copy, and the build allocates no `String` per word (the given-name lists alone are tens
/// of thousands).
#[derive(Default)]
struct WordBits {
    /// Power-of-two many slots; `tag == FREE` marks a free one.
    slots: Vec<Slot>,
    /// For the slot of a word longer than eight bytes, where its bytes start in `text` and
    /// its length (unused for the others).
    long: Vec<(u32, u32)>,
    /// The words longer than eight bytes, end to end.
    text: Vec<u8>,
    /// Used slots.
    used: usize,
    /// Bit `b & 63` of word `b >> 6` set for the last byte `b` of every word marked: a word
    /// whose last byte sets no bit here is in no set ([`WordBits::get_gated`]).
    last: [u64; 4],
    /// The bits of the empty word (0 unless it was marked).
    empty: u32,
}

#[derive(Clone, Copy)]
struct Slot {
    /// The word's first eight bytes, little-endian, zero above a shorter word.
    head: u64,
    /// [`tag_of`] the word's hash and length (never [`FREE`]).
    tag: u32,
    bits: u32,
}

/// The tag of a free slot.
const FREE: u32 = 0;

/// A slot's tag: high bits of the hash (its low bits pick the slot), a bit that is never
/// set in [`FREE`], and the length in the low byte (capped: a longer word compares its
/// length in `WordBits::long`).
#[inline]
fn tag_of(h: u64, n: usize) -> u32 {
    ((h >> 32) as u32 & !0x1ff) | 0x100 | n.min(0xff) as u32
}

/// The first eight bytes of `w`, little-endian, zero above a shorter word. Fixed-size reads
/// only (a copy of a variable length is a call to `memcpy`, a byte loop some five
/// instructions a byte): a shorter word is two overlapping reads of four or two bytes, its
/// first and its last, the overlap being the same bytes.
#[inline]
fn head8(w: &[u8]) -> u64 {
    let n = w.len();
    if let Some(c) = w.get(..8) {
        return u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    }
    if n >= 4 {
        let lo = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        let hi = u32::from_le_bytes([w[n - 4], w[n - 3], w[n - 2], w[n - 1]]);
        return u64::from(lo) | u64::from(hi) << (8 * (n - 4));
    }
    if n >= 2 {
        let lo = u16::from_le_bytes([w[0], w[1]]);
        let hi = u16::from_le_bytes([w[n - 2], w[n - 1]]);
        return u64::from(lo) | u64::from(hi) << (8 * (n - 2));
    }
    w.first().map_or(0, |&b| u64::from(b))
}

/// The key of a word of seven bytes or fewer for [`NameRules::is_surname_particle`]: its bytes
/// ([`head8`], zero above them) and its length in the high byte, which the bytes leave free.
/// Equal keys are equal words: the length says how many of the low bytes are the word's.
#[inline]
fn particle_key(w: &str) -> Option<u64> {
    let n = w.len();
    (n <= 7).then(|| head8(w.as_bytes()) | (n as u64) << 56)
}

/// The eight bytes `x` with each ASCII capital lowercased (its byte gains 0x20); every other
/// byte, including those of characters that are not ASCII, kept.
#[inline]
fn fold_ascii(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Per byte with its high bit cleared, the high bit of `v + (0x80 - k)` is set exactly
    // when the byte is at least `k`, and no carry crosses bytes.
    let v = x & LOW7;
    let at_least_a = v + (0x80 - u64::from(b'A')) * ONES;
    let above_z = v + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = at_least_a & !above_z & !x & HIGH;
    x | (upper >> 2)
}

/// The hash of `w` for [`WordBits`] and its first eight bytes as written: the first and last
/// eight bytes, ASCII capitals folded, and the length, mixed once (as the tries' word key).
/// Bytes in the middle of a word longer than sixteen go unhashed: a rare collision, never a
/// wrong answer (the slot compares the word).
#[inline]
fn fold_key(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    let head = head8(w);
    // (Folded inside the branch: a word of eight bytes or fewer, most, has no tail to fold.)
    let tail = if n > 8 {
        fold_ascii(head8(&w[n - 8..]))
    } else {
        0
    };
    (crate::trie::mix(fold_ascii(head), tail, n), head)
}

impl WordBits {
    /// The slot holding the word of hash `h`, first eight bytes `head`, length `n` and whose
    /// bytes past the eighth satisfy `rest`, or the free slot where it would go (`slots` is
    /// not empty).
    #[inline]
    fn find(&self, h: u64, head: u64, n: usize, rest: impl Fn(&[u8]) -> bool) -> usize {
        let mask = self.slots.len() - 1;
        let tag = tag_of(h, n);
        let mut i = h as usize & mask;
        loop {
            let s = &self.slots[i];
            // One branch for the usual end of a probe, a free slot or the word itself when
            // it is eight bytes or shorter (the non-short-circuit `|` and `&` keep the tests
            // from being branches of their own, each a coin toss over a text's words).
            let same = (s.tag == tag) & (s.head == head);
            if (s.tag == FREE) | (same & (n <= 8)) {
                return i;
            }
            if same && n > 8 && {
                let (start, len) = self.long[i];
                let start = start as usize;
                len as usize == n && rest(&self.text[start + 8..start + n])
            } {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The bits of `w` (0 for a word in no set).
    #[inline]
    fn get(&self, w: &[u8]) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        let (h, head) = fold_key(w);
        let s = &self.slots[self.find(h, head, w.len(), |r| r == &w[8..])];
        s.bits
    }

    /// The bits of `w` lowercased, for an ASCII `w`: the same hash as `w`'s, compared with
    /// its capitals folded.
    #[inline]
    fn get_ascii_lower(&self, w: &[u8]) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        let (h, head) = fold_key(w);
        let i = self.find(h, fold_ascii(head), w.len(), |r| {
            r.iter()
                .zip(&w[8..])
                .all(|(&a, &b)| a == b.to_ascii_lowercase())
        });
        self.slots[i].bits
    }

    /// [`WordBits::get`] of a piece of text that is often no word: the text before or after a
    /// run ends or starts with punctuation ("detto,", "«", an empty piece after a comma), and
    /// such a piece's last byte ends no word of the sets, which answers 0 with no hash and no
    /// probe; the empty piece has the bits kept for it. Exact: a word that is not in the
    /// table gets 0 from `get` too (its probe ends at a free slot).
    #[inline]
    fn get_gated(&self, w: &[u8]) -> u32 {
        match w.last() {
            None => self.empty,
            Some(&b) if self.last[usize::from(b >> 6)] >> (b & 63) & 1 == 0 => 0,
            Some(_) => self.get(w),
        }
    }

    /// Adds `bit` to the bits of `w`.
    fn mark(&mut self, w: &str, bit: u32) {
        match w.as_bytes().last() {
            None => self.empty |= bit,
            Some(&b) => self.last[usize::from(b >> 6)] |= 1 << (b & 63),
        }
        // At most half full: probes stay short.
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let w = w.as_bytes();
        let (h, head) = fold_key(w);
        let i = self.find(h, head, w.len(), |r| r == &w[8..]);
        if self.slots[i].tag == FREE {
            self.slots[i] = Slot {
                head,
                tag: tag_of(h, w.len()),
                bits: 0,
            };
            if w.len() > 8 {
                self.long[i] = (self.text.len() as u32, w.len() as u32);
                self.text.extend_from_slice(w);
            }
            self.used += 1;
        }
        self.slots[i].bits |= bit;
    }

    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(1024);
        let free = Slot {
            head: 0,
            tag: FREE,
            bits: 0,
        };
        let old = std::mem::replace(&mut self.slots, vec![free; n]);
        let old_long = std::mem::replace(&mut self.long, vec![(0, 0); n]);
        let mask = n - 1;
        for (s, &(start, len)) in old.into_iter().zip(&old_long) {
            if s.tag == FREE {
                continue;
            }
            let short = (s.tag & 0xff) as usize;
            let bytes = s.head.to_le_bytes();
            let w = if short <= 8 {
                &bytes[..short]
            } else {
                &self.text[start as usize..(start + len) as usize]
            };
            let (h, _) = fold_key(w);
            // (The words are distinct: the first free slot is the word's.)
            let mut i = h as usize & mask;
            while self.slots[i].tag != FREE {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
            self.long[i] = (start, len);
        }
    }
}

/// The rules of one language, from `actors/name_rules.tsv` and the common given-name list.
pub(crate) struct NameRules {
    /// Every word of the sets below (and the given names and capitalised function words the
    /// tagger adds) with the bits of the sets it is in.
    flags: WordBits,
    connectors: HashSet<String>,
    org_words: HashSet<String>,
    org_suffixes: Vec<String>,
    /// The first word of every company suffix ("S" of "S.p.A."): most capitalised words are
    /// not one, and skip the suffix comparisons.
    suffix_heads: HashSet<String>,
    person_cues: HashSet<String>,
    place_cues: Vec<String>,
    street_words: HashSet<String>,
    /// Words that make a capitalised run an event, competition, prize, law or show rather
    /// than a person or organisation ("Serie A", "Premio Nobel", "Civil Rights Act").
    event_words: HashSet<String>,
    /// All-capital words that are not organisations ("DNA", "UTC", "CEO").
    not_acronyms: HashSet<String>,
    /// Measuring scales named after their inventor ("Richter", "Scala Richter"): a run that is
    /// exactly one of them is a unit, not a person or a place.
    measure_names: HashSet<String>,
    /// Bit `n` set when a measure name is `n` bytes long (bit 63: 63 or more): most runs are
    /// turned away by their length before the set's probe (asked of every run).
    measure_lens: u64,
    /// Nouns of storms before their name ("il ciclone Nargis", "l'uragano Sandy"), lower
    /// case: `storm_nouns`. The name is a weather system's, no person nor place.
    storm_nouns: Vec<String>,
    /// Bit `n` set when a storm noun is `n` bytes long: most words before a run are turned
    /// away by their length before any comparison.
    storm_lens: u32,
    /// Bit `b & 63` set for the first byte `b` of each storm noun, ASCII-lowercased: a word
    /// whose first byte, lowercased, sets no bit here equals no storm noun ignoring ASCII case
    /// (most words of a storm noun's length are turned away so, with no comparison).
    storm_firsts: u64,
    and_words: HashSet<String>,
    org_adjectives: HashSet<String>,
    /// Words before a run no table knows that make it a person (`uncued_before`).
    uncued_before: HashSet<String>,
    /// Words after such a run that make it a person (`uncued_after`).
    uncued_after: HashSet<String>,
    /// Words before such a run that keep it out (`uncued_blockers`).
    uncued_blockers: HashSet<String>,
    /// Whether a comma right before such a run counts as an `uncued_before` word (a list of
    /// people, an apposition).
    uncued_comma: bool,
    /// Offices named by their seat (`seat_org_words`).
    seat: HashSet<String>,
    /// Nouns whose "of"-complement is a person (`person_heads`) or a place (`place_heads`),
    /// and the "of" words between them and the name (`head_of`).
    person_heads: HashSet<String>,
    place_heads: HashSet<String>,
    head_of: HashSet<String>,
    /// Person cues that belong to the name (`person_cues_in_name`).
    cues_in_name: HashSet<String>,
    /// Nouns that head a place's name (`place_words`).
    place_words: HashSet<String>,
    /// Org words that name their institution alone (`org_words_alone`).
    org_alone: HashSet<String>,
    /// The links that carry an institution's name on past its org word before capitalised
    /// words (`org_name_links`: "per", "for") and the articles allowed after them
    /// (`org_link_articles`): a lone org word so followed is the name's head
    /// ([`NameRules::links_to_name`]).
    org_links: Vec<String>,
    org_link_articles: Vec<String>,
    /// Surname particles (`name_particles`).
    particles: HashSet<String>,
    /// Particles that open a surname named alone (`surname_particles`: "i Di Stasio", "il governo
    /// di De Vries", "ibn Saud").
    surname_particles: HashSet<String>,
    /// [`particle_key`] of each surname particle of seven bytes or fewer, sorted: the
    /// particle rule asks of most lone capitalised words whether the lower-case word before
    /// them is a particle, and a binary search over these few keys answers with no hash of
    /// the word ([`NameRules::is_surname_particle`]).
    particle_keys: Vec<u64>,
    /// Words before a dative "a" (`dative_heads`) and the dative's words (`dative_to`).
    dative_heads: HashSet<String>,
    dative_to: HashSet<String>,
    /// The first bytes of the dative's words (a bit each; every bit if one is empty): the word
    /// before a name is looked up as a dative only when its first byte may start one
    /// ([`NameRules::dative_before`], asked of every place-only match).
    dative_to_first: [u64; 4],
    /// Adverbs allowed between a dative head and its "a" (`dative_adverbs`).
    dative_adverbs: HashSet<String>,
    /// Street words whose name may follow an "of" (`street_words_of`).
    street_of: HashSet<String>,
    /// Celestial bodies named alone (`celestial_bodies`) and after an article
    /// (`celestial_after_article`).
    celestial: HashSet<String>,
    celestial_article: HashSet<String>,
    /// Words of the common given-name list that in this language head places, titles and
    /// works rather than people (`not_given_names`: "Roma TPL", "Santo Padre").
    not_given: HashSet<String>,
    /// Words of the frequent-word list that are given names and no other word of the language
    /// (`frequent_given_names`: "marco", "andrea"); they get no [`COMMON`] bit.
    frequent_given: HashSet<String>,
    /// Whether the language has a list of frequent words: without one, no sentence-initial
    /// word is taken for a name by the verb after it.
    has_common: bool,
    /// Place words that head a building's name (`building_heads`: "Ospedale"): "di" and a
    /// place the tables know after them is the town the building stands in ("l'Ospedale di
    /// Treviso"), not part of its name as in "Lago di Garda".
    building_heads: HashSet<String>,
    /// Nouns of a numbered road (`road_nouns`: "statale", "provinciale"), the road's own noun
    /// that may come before them (`road_heads`: "strada") and the abbreviations of "number"
    /// between noun and number (`road_number_marks`: "n."), lower case; read by
    /// [`crate::places::numbered_roads`].
    pub(crate) road_nouns: Vec<String>,
    pub(crate) road_heads: Vec<String>,
    pub(crate) road_number_marks: Vec<String>,
    /// The last bytes of the road nouns and number marks: a number after any other byte and
    /// its space is no road's, with no string compared.
    pub(crate) road_last: Vec<u8>,
    /// Institutions that a sub-unit's name ends before (`parent_org_words`: "la Commissione
    /// Trasporti del Senato", "il Dipartimento di Chimica dell'Università di Parma"): the parent
    /// is a name of its own, and the org words whose complement is a field, not a parent
    /// (`domain_org_words`: "Ministero dell'Università e della Ricerca"), keep it.
    parent_orgs: HashSet<String>,
    /// Nouns of a place of worship (`worship_words`): before "di" and a saint the run is the
    /// building ("Chiesa di San Silvestro"), a place, not the institution.
    worship: HashSet<String>,
    domain_orgs: HashSet<String>,
}

/// A name found by the rules: byte span, kind, and which rule decided it.
pub(crate) struct RuleName {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub rule: &'static str,
}

fn set_words(s: &HashSet<String>) -> Vec<String> {
    s.iter().cloned().collect()
}

fn set(lt: &LangTables, key: &str) -> HashSet<String> {
    lt.grammar_rules
        .get(key)
        .map(|v| v.iter().cloned().collect())
        .unwrap_or_default()
}

impl NameRules {
    pub(crate) fn new(lt: &LangTables) -> NameRules {
        let mut place_cues: Vec<String> = set(lt, "place_cues").into_iter().collect();
        place_cues.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let org_suffixes: Vec<String> = set(lt, "org_suffixes").into_iter().collect();
        let suffix_heads = org_suffixes
            .iter()
            .map(|x| {
                let n = x.find(|c: char| !c.is_alphanumeric()).unwrap_or(x.len());
                x[..n].to_string()
            })
            .collect();
        let mut rules = NameRules {
            flags: Default::default(),
            connectors: set(lt, "connectors"),
            org_words: set(lt, "org_words"),
            org_suffixes,
            suffix_heads,
            person_cues: set(lt, "person_cues"),
            place_cues,
            street_words: set(lt, "street_words"),
            event_words: set(lt, "event_words"),
            not_acronyms: set(lt, "not_acronyms"),
            measure_names: set(lt, "measure_names"),
            storm_nouns: set(lt, "storm_nouns")
                .into_iter()
                .map(|w| w.to_lowercase())
                .collect(),
            storm_lens: 0,
            storm_firsts: 0,
            measure_lens: 0,
            and_words: set(lt, "and_words"),
            org_adjectives: set(lt, "org_adjectives"),
            uncued_before: set(lt, "uncued_before"),
            uncued_after: set(lt, "uncued_after"),
            uncued_blockers: set(lt, "uncued_blockers"),
            uncued_comma: set(lt, "uncued_before").contains(","),
            has_common: false,
            org_alone: set(lt, "org_words_alone"),
            org_links: set(lt, "org_name_links").into_iter().collect(),
            org_link_articles: set(lt, "org_link_articles").into_iter().collect(),
            particles: set(lt, "name_particles"),
            surname_particles: set(lt, "surname_particles"),
            particle_keys: Vec::new(),
            place_words: set(lt, "place_words"),
            cues_in_name: set(lt, "person_cues_in_name"),
            seat: set(lt, "seat_org_words"),
            person_heads: set(lt, "person_heads"),
            place_heads: set(lt, "place_heads"),
            head_of: set(lt, "head_of"),
            dative_heads: set(lt, "dative_heads"),
            dative_to_first: {
                let mut bits = [0u64; 4];
                for w in &set(lt, "dative_to") {
                    match w.as_bytes().first() {
                        Some(&b) => bits[usize::from(b >> 6)] |= 1 << (b & 63),
                        None => bits = [u64::MAX; 4],
                    }
                }
                bits
            },
            dative_to: set(lt, "dative_to"),
            dative_adverbs: set(lt, "dative_adverbs"),
            street_of: set(lt, "street_words_of"),
            celestial: set(lt, "celestial_bodies"),
            celestial_article: set(lt, "celestial_after_article"),
            not_given: set(lt, "not_given_names"),
            frequent_given: set(lt, "frequent_given_names"),
            building_heads: set(lt, "building_heads"),
            road_nouns: set_words(&set(lt, "road_nouns")),
            road_heads: set_words(&set(lt, "road_heads")),
            road_number_marks: set_words(&set(lt, "road_number_marks")),
            road_last: Vec::new(),
            parent_orgs: set(lt, "parent_org_words"),
            worship: set(lt, "worship_words"),
            domain_orgs: set(lt, "domain_org_words"),
        };
        rules.road_last = rules
            .road_nouns
            .iter()
            .chain(&rules.road_number_marks)
            .filter_map(|w| w.as_bytes().last().copied())
            .collect();
        rules.road_last.sort_unstable();
        rules.road_last.dedup();
        rules.storm_lens = rules
            .storm_nouns
            .iter()
            .filter(|w| w.len() < 32)
            .fold(0, |m, w| m | 1 << w.len());
        rules.storm_firsts = rules
            .storm_nouns
            .iter()
            .filter_map(|w| w.as_bytes().first())
            .fold(0, |m, &b| m | 1 << (b.to_ascii_lowercase() & 63));
        rules.particle_keys = rules
            .surname_particles
            .iter()
            .filter_map(|w| particle_key(w))
            .collect();
        rules.particle_keys.sort_unstable();
        rules.measure_lens = rules
            .measure_names
            .iter()
            .fold(0, |m, w| m | 1 << w.len().min(63));
        rules.index();
        rules
    }

    /// Whether `word` is a surname particle (`surname_particles`): a word of seven bytes or
    /// fewer by its key among `particle_keys` (the key is the word's bytes and length, so two
    /// words share a key only when they are equal), a longer one in the set.
    fn is_surname_particle(&self, word: &str) -> bool {
        match particle_key(word) {
            Some(key) => self.particle_keys.binary_search(&key).is_ok(),
            None => self.surname_particles.contains(word),
        }
    }

    /// Whether `run` is exactly a measure name ("Richter", "scala Richter").
    fn is_measure_name(&self, run: &str) -> bool {
        self.measure_lens >> run.len().min(63) & 1 != 0 && self.measure_names.contains(run)
    }

    /// Whether `word` (any case) is a storm noun ("ciclone", "Uragano").
    fn is_storm_noun(&self, word: &str) -> bool {
        word.len() < 32
            && self.storm_lens & (1 << word.len()) != 0
            && word
                .as_bytes()
                .first()
                .is_some_and(|&b| self.storm_firsts >> (b.to_ascii_lowercase() & 63) & 1 != 0)
            && self
                .storm_nouns
                .iter()
                .any(|s| s.eq_ignore_ascii_case(word))
    }

    fn mark<'a>(&mut self, words: impl IntoIterator<Item = &'a String>, bit: u32) {
        for w in words {
            self.flags.mark(w, bit);
        }
    }

    fn index(&mut self) {
        let sets: [(Vec<String>, u32); 26] = [
            (set_words(&self.street_of), STREET_OF),
            (set_words(&self.celestial), CELESTIAL),
            (set_words(&self.celestial_article), CELESTIAL_ARTICLE),
            (set_words(&self.dative_heads), DATIVE_HEAD),
            (set_words(&self.dative_to), DATIVE_TO),
            (set_words(&self.dative_adverbs), DATIVE_ADVERB),
            (set_words(&self.particles), PARTICLE),
            (set_words(&self.cues_in_name), CUE_IN_NAME),
            (set_words(&self.place_words), PLACE_WORD),
            (set_words(&self.person_heads), PERSON_HEAD),
            (set_words(&self.place_heads), PLACE_HEAD),
            (set_words(&self.head_of), HEAD_OF),
            (set_words(&self.org_alone), ORG_ALONE),
            (set_words(&self.seat), SEAT),
            (self.uncued_blockers.iter().cloned().collect(), UNCUED_BLOCK),
            (self.uncued_before.iter().cloned().collect(), UNCUED_BEFORE),
            (self.uncued_after.iter().cloned().collect(), UNCUED_AFTER),
            (self.and_words.iter().cloned().collect(), AND_WORD),
            (self.org_adjectives.iter().cloned().collect(), ORG_ADJ),
            (self.connectors.iter().cloned().collect(), CONNECTOR),
            (self.org_words.iter().cloned().collect(), ORG_WORD),
            (self.person_cues.iter().cloned().collect(), PERSON_CUE),
            (self.street_words.iter().cloned().collect(), STREET),
            (self.event_words.iter().cloned().collect(), EVENT),
            (self.not_acronyms.iter().cloned().collect(), NOT_ACRONYM),
            (self.suffix_heads.iter().cloned().collect(), SUFFIX_HEAD),
        ];
        for (words, bit) in &sets {
            self.mark(words, *bit);
        }
        // An elided connector is written with either apostrophe ("dell'", "dell’").
        let curly: Vec<String> = self
            .connectors
            .iter()
            .filter_map(|c| c.strip_suffix('\'').map(|stem| format!("{stem}’")))
            .collect();
        self.mark(&curly, CONNECTOR);
        let ends: Vec<String> = self
            .place_cues
            .iter()
            .filter_map(|c| c.rsplit(' ').next().map(str::to_string))
            .collect();
        self.mark(&ends, PLACE_CUE_END);
    }

    /// Adds the common given names and the capitalised function words of the language.
    /// Adds the language's capitalised common words that are no places alone.
    pub(crate) fn add_not_places(&mut self, not_places: &HashSet<String>) {
        self.mark(not_places, NOT_PLACE);
    }

    /// Adds the language's frequent words (lower case).
    /// The given names that the frequency list holds only as names ("marco", "andrea":
    /// `frequent_given_names`) are left out: they are frequent in news because people bear
    /// them, and a capitalised one is the person, not a word of the language.
    pub(crate) fn add_common_words(&mut self, words: &HashSet<String>) {
        self.has_common = !words.is_empty();
        let frequent_given = std::mem::take(&mut self.frequent_given);
        self.mark(
            words.iter().filter(|w| !frequent_given.contains(*w)),
            COMMON,
        );
        self.frequent_given = frequent_given;
    }

    /// Adds the rare given names ([`RARE_GIVEN`]).
    pub(crate) fn add_rare_given(&mut self, rare: &HashSet<String>) {
        self.mark(rare, RARE_GIVEN);
    }

    /// Whether `word`, at the head of a run of capitalised words, is a rare given name that
    /// is no frequent word of the language ("Wladimiro", not "Fortuna").
    fn rare_given(&self, word: &str, flags: u32) -> bool {
        flags & RARE_GIVEN != 0 && self.lower_flags(word) & COMMON == 0
    }

    pub(crate) fn add_words(&mut self, given: &HashSet<String>, not_names: &HashSet<String>) {
        let not_given = std::mem::take(&mut self.not_given);
        self.mark(given.iter().filter(|g| !not_given.contains(*g)), GIVEN);
        self.not_given = not_given;
        self.mark(not_names, NOT_NAME);
    }

    #[inline]
    fn flags(&self, word: &str) -> u32 {
        self.flags.get(word.as_bytes())
    }

    /// The sets of `word` lowercased ("Intanto" is the frequent word "intanto"): an ASCII
    /// word is compared with its capitals folded, with no lowercased copy (this runs for most
    /// capitalised words the rules weigh).
    fn lower_flags(&self, word: &str) -> u32 {
        if word.is_ascii() {
            self.flags.get_ascii_lower(word.as_bytes())
        } else {
            self.flags(&word.to_lowercase())
        }
    }

    /// Whether `word` may join capitalised words into one name ("di", "dell'").
    pub(crate) fn is_connector(&self, word: &str) -> bool {
        self.flags(word) & CONNECTOR != 0
    }

    /// Whether `word` is a preposition that links a name to a noun before it ("di", "degli",
    /// "in", "nel"; not "e").
    pub(crate) fn is_linking_preposition(&self, word: &str) -> bool {
        let f = self.flags(word);
        f & (CONNECTOR | PLACE_CUE_END) != 0 && f & AND_WORD == 0
    }

    /// Whether `word` makes a name an organisation ("Consiglio", "Università").
    pub(crate) fn is_org_word(&self, word: &str) -> bool {
        self.flags(word) & ORG_WORD != 0
    }

    /// [`NameRules::is_org_word`] of word `k` of `words` (a word of `text`), through the memo
    /// cell [`find_names`] filled for the same text: the organisation rules ask it of most
    /// capitalised runs' last word, which the name rules have mostly looked up already.
    pub(crate) fn is_org_word_at(
        &self,
        words: &crate::tagger::Words,
        text: &str,
        k: usize,
    ) -> bool {
        let (s, e) = words.spans[k];
        let f = if words.stamp != 0 && words.memo.len() >= 2 * words.spans.len() {
            memo(&words.memo, 2 * k, words.stamp, || {
                self.flags.get(&text.as_bytes()[s..e])
            })
        } else {
            self.flags(&text[s..e])
        };
        f & ORG_WORD != 0
    }

    /// Whether `word` is an org word that names its institution alone ("Regione", "Camera").
    pub(crate) fn is_org_alone(&self, word: &str) -> bool {
        self.flags(word) & ORG_ALONE != 0
    }

    /// Whether `after` (the text after a lone org word, spaces trimmed) starts with a link of
    /// `org_name_links`, maybe an article, and a capitalised word ("per il Software Libero",
    /// "per l'Evangelizzazione"): the institution's name goes on there, and the org word is
    /// its head. Asked only of a lone org word, so the few comparisons cost nothing per word.
    pub(crate) fn links_to_name(&self, after: &str) -> bool {
        let Some((link, rest)) = after.split_once(' ') else {
            return false;
        };
        if !self.org_links.iter().any(|l| l == link) {
            return false;
        }
        // An elided article is glued to the name ("l'Evangelizzazione"), a full one stands
        // apart ("il Software").
        let name = self
            .org_link_articles
            .iter()
            .find_map(|a| {
                let r = rest.strip_prefix(a.as_str())?;
                if a.ends_with(['\'', '’']) {
                    Some(r)
                } else {
                    r.strip_prefix(' ')
                }
            })
            .unwrap_or(rest);
        name.starts_with(char::is_uppercase)
    }

    /// Whether `word` is a capitalised noun that heads a place's name ("Monte", "Villa").
    pub(crate) fn is_place_word(&self, word: &str) -> bool {
        self.flags(word) & PLACE_WORD != 0
    }

    /// Whether `word` is an adjective that belongs to an institution's name ("locale").
    pub(crate) fn is_org_adjective(&self, word: &str) -> bool {
        self.flags(word) & ORG_ADJ != 0
    }

    /// Whether `word` is a title or noun that announces a person ("sindaco", "Mr.").
    pub(crate) fn is_person_cue(&self, word: &str) -> bool {
        self.flags(word) & PERSON_CUE != 0
    }

    /// Whether a capitalised word beside a place of the tables makes the two one longer
    /// name ("Bear Stearns", "Flushing Meadows"): a word of two letters or more no list knows
    /// (no frequent word of the language, capitalised function word, event word or connector);
    /// only in a language with a list of frequent words.
    pub(crate) fn is_unknown_name_word(&self, word: &str) -> bool {
        // Without a list of the language's frequent words every capitalised word would do
        // ("Monday", "Times" in English): GeoWebNews lost 6 points of its places so.
        if !self.has_common || word.chars().count() < 2 || !capitalised(word) {
            return false;
        }
        if self.flags(word) & (NOT_NAME | EVENT | CONNECTOR | GIVEN) != 0 {
            return false;
        }
        self.lower_flags(word) & COMMON == 0
    }

    /// Whether `word` is, in lower case, a frequent word of the language ("Essa", "Delle",
    /// "Parole"): false where the language lists no frequent words.
    pub(crate) fn is_frequent_word(&self, word: &str) -> bool {
        self.has_common && self.lower_flags(word) & COMMON != 0
    }

    /// Whether `word` is a given name that may head a person's name before a surname the
    /// tables know otherwise: no capitalised function word ("The", a given name in the lists)
    /// and, first in a sentence, no frequent word of the language ("Secondo Brown").
    pub(crate) fn is_given_head(&self, word: &str, sentence_initial: bool) -> bool {
        let f = self.flags(word);
        f & GIVEN != 0
            && f & NOT_NAME == 0
            && !(sentence_initial && self.lower_flags(word) & COMMON != 0)
    }

    /// Whether `before` (the text before a name) ends in a dative "a" governed by the word
    /// before it ("addio a", "insieme a", "risponde a"), with at most one adverb between
    /// ("succede così a", "insieme probabilmente a"): the name after it is a person, also
    /// where the place table knows a town of that name ("addio a Mango"; KIND train had
    /// taken such people for places).
    pub(crate) fn dative_before(&self, before: &str) -> bool {
        let before = before.trim_end();
        // (The dative's first byte first, read with no decoding split: most words before a
        // name are no dative, and are turned away with no lookup. `after_last_space` is the
        // split's last piece.)
        let first = after_last_space(before).as_bytes().first().copied();
        let may = match first {
            Some(b) => self.dative_to_first[usize::from(b >> 6)] >> (b & 63) & 1 != 0,
            None => self.dative_to_first == [u64::MAX; 4],
        };
        if !may {
            return false;
        }
        let mut ws = before.rsplit(char::is_whitespace);
        let Some(to) = ws.next() else { return false };
        if self.flags(to) & DATIVE_TO == 0 {
            return false;
        }
        let Some(head) = ws.next() else { return false };
        if self.lower_flags(head) & DATIVE_HEAD != 0 {
            return true;
        }
        // One adverb between: a word in -mente or a short one of the pack's list.
        let adverb = head.ends_with("mente") || self.lower_flags(head) & DATIVE_ADVERB != 0;
        adverb
            && ws
                .next()
                .is_some_and(|h| self.lower_flags(h) & DATIVE_HEAD != 0)
    }

    /// Whether `before` (the text before a name, lowercased) ends in a noun whose "of"-complement
    /// is a place and that "of" ("il sindaco di", "all'ospedale di", "nei pressi di",
    /// `place_heads` and `head_of`): the name after it is a town, also a small one of a country
    /// the article does not name ("il sindaco di Chiusdino"), as after a bare locative.
    pub(crate) fn place_head_before(&self, before: &str) -> bool {
        let before = before.trim_end();
        let of = after_last_space(before);
        if of.is_empty() || self.flags(of) & HEAD_OF == 0 {
            return false;
        }
        let head = after_last_space(before[..before.len() - of.len()].trim_end());
        // An elided article is written with its noun: "dell'ospedale".
        let head = match head.rfind(['\'', '’']) {
            Some(a) => &head[a + head[a..].chars().next().map_or(1, char::len_utf8)..],
            None => head,
        };
        !head.is_empty() && self.flags(head) & PLACE_HEAD != 0
    }

    /// Whether `before` (the text before a name, lowercased) ends in the bare "of" (`head_of`:
    /// "di", not "del/della") after a word that is no noun whose "of"-complement is a person
    /// (`person_heads`: "la morte di", "il padre di"): a name only one small town of the
    /// pack's home country bears is that town there ("i giovani di X", "le vittime di X"),
    /// see the tagger's place candidates.
    ///
    /// Not the elided "d'": it ends a saint's or a noble's name as often ("Francesco d'X").
    pub(crate) fn bare_of_before(&self, before: &str) -> bool {
        let before = before.trim_end();
        let of = after_last_space(before);
        if of.is_empty() || of.ends_with(['\'', '’']) || self.flags(of) & HEAD_OF == 0 {
            return false;
        }
        let head = after_last_space(before[..before.len() - of.len()].trim_end());
        let head = match head.rfind(['\'', '’']) {
            Some(a) => &head[a + head[a..].chars().next().map_or(1, char::len_utf8)..],
            None => head,
        };
        head.is_empty() || self.flags(head) & PERSON_HEAD == 0
    }

    /// Whether `gap` (the text between two names, lowercased) is one "and" word (`and_words`:
    /// "e", "ed") and spaces: "Rossano e X" pairs two names of one kind.
    pub(crate) fn and_gap(&self, gap: &str) -> bool {
        let w = gap.trim();
        !w.is_empty() && !w.contains(' ') && self.flags(w) & AND_WORD != 0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.connectors.is_empty() && self.org_words.is_empty() && self.person_cues.is_empty()
    }
}

/// The single-word place matches a given name may take as its surname (`soft`, sorted
/// spans), and the large ones among them (`big`).
type PlaceSpans<'a> = (
    &'a [(usize, usize)],
    &'a [(usize, usize)],
    &'a [(usize, usize)],
);

/// The rule name of an office named by its seat ([`SEAT`]): the tagger takes the office's
/// country from the place after it.
pub(crate) const SEAT_RULE: &str = "org word before its seat";

/// The rule name of a road named by a capitalised street word and its number ("la Statale
/// 194").
pub(crate) const NUMBERED_ROAD_RULE: &str = "numbered road";

/// Where a road's number after a street word ends (`e`, the word's end): one space, then one
/// to three digits that end the word. A longer number is a year or a house number, and a
/// capitalised word after the number goes on with another name ("Piazza 5 Giornate").
fn road_number_end(text: &str, e: usize) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(e) != Some(&b' ') {
        return None;
    }
    let n = b[e + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = e + 1 + n;
    let next_cap = text[end..]
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(char::is_uppercase));
    ((1..=3).contains(&n) && !b.get(end).is_some_and(u8::is_ascii_alphanumeric) && !next_cap)
        .then_some(end)
}

/// The rule name of a run headed by a place word ([`PLACE_WORD`]).
pub(crate) const PLACE_WORD_RULE: &str = "place word";

/// The rule name of a common given name alone in running text. It does not displace a place
/// of the tables with the same name ("valico di Rafah"): a place lost misleads the events
/// more than a person missed.
pub(crate) const LONE_GIVEN_RULE: &str = "lone given name";
/// A lone common given name after a place cue ("verso Manuel"): a person.
const LONE_GIVEN_CUED_RULE: &str = "lone given name after a place cue";

/// The rule name of a rare given name heading a two-word run ([`RARE_GIVEN`]).
pub(crate) const RARE_GIVEN_RULE: &str = "rare given name";

/// The rule name of a lone surname after a person named in full ("Philippe Gilbert …
/// Gilbert"): it displaces a place of the tables with that name (Gilbert, Arizona), as a
/// cued name does.
pub(crate) const EARLIER_SURNAME_RULE: &str = "surname of an earlier name";

/// The rule name of a surname named alone with its particle ("i Di Stasio", "De Vries", "ibn
/// Saud").
pub(crate) const PARTICLE_RULE: &str = "surname with its particle";

/// The rule name of a run after a dative "a" ([`DATIVE_HEAD`]).
pub(crate) const DATIVE_RULE: &str = "dative";

/// The rule name of a planet or other celestial body ([`CELESTIAL`], [`CELESTIAL_ARTICLE`]): a
/// place with no point on Earth.
pub(crate) const CELESTIAL_RULE: &str = "celestial body";

/// The rule name of a one-word name repeated with no cue after a cued mention.
const REPEAT_RULE: &str = "repeat of an earlier name";

/// The rule name of a run after a head noun and "di" ([`PERSON_HEAD`], [`PLACE_HEAD`]).
const HEAD_RULE: &str = "complement of a head noun";
/// A run the person rules took whose word has a capital inside it (`camel_not_surname`).
const CAMEL_RULE: &str = "inner capital: an organisation, no person";

/// The kind a head noun gives the run after it and its "of" ("la morte di X" a person, "il
/// comune di X" a place): `before` is the text before the run, `prev_word` its last word,
/// already looked up as `prev_flags`.
fn head_kind(
    rules: &NameRules,
    before: &str,
    prev_word: &str,
    prev_flags: u32,
) -> Option<EntityKind> {
    if prev_flags & HEAD_OF == 0 {
        return None;
    }
    let rest = before[..before.len() - prev_word.len()].trim_end();
    let head = after_last_space(rest);
    let mut f = rules.flags(head);
    // A head written with a capital opens a headline or a sentence ("Morte di X", "Omicidio
    // di X", "Pseudonimo di X"): the lists are lower case.
    if f & (PERSON_HEAD | PLACE_HEAD) == 0 && capitalised(head) {
        f = rules.lower_flags(head);
    }
    if f & PERSON_HEAD != 0 {
        Some(EntityKind::Person)
    } else if f & PLACE_HEAD != 0 {
        Some(EntityKind::Place)
    } else {
        None
    }
}

/// What follows the last white space of `s`: `s.rsplit(char::is_whitespace).next()`, read
/// backwards a byte at a time and decoding only the characters that are not ASCII (the name
/// rules ask it for the word before every run; the decoding split cost some 135
/// instructions a call).
pub(crate) fn after_last_space(s: &str) -> &str {
    // (The ASCII white space of `char::is_whitespace`: tab to carriage return, space.)
    trailing_run(
        s,
        |c| c != b' ' && !(0x09..=0x0d).contains(&c),
        |c| !c.is_whitespace(),
    )
}

/// The run of letters and digits `s` ends with: read backwards a byte at a time, decoding
/// only the characters that are not ASCII (the name rules ask it of the text before runs;
/// a decoding walk cost some 20 instructions a character).
pub(crate) fn last_word(s: &str) -> &str {
    trailing_run(s, |c| c.is_ascii_alphanumeric(), char::is_alphanumeric)
}

/// The run of characters `s` ends with that pass the test (`ascii` for a byte below 0x80, `other`
/// for any other character): read backwards a byte at a time, decoding only the characters
/// that are not ASCII.
#[inline(always)]
fn trailing_run(s: &str, ascii: impl Fn(u8) -> bool, other: impl Fn(char) -> bool) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        let c = b[i - 1];
        if c < 0x80 {
            if !ascii(c) {
                return &s[i..];
            }
            i -= 1;
            continue;
        }
        let mut st = i - 1;
        while !s.is_char_boundary(st) {
            st -= 1;
        }
        if !s[st..i].chars().next().is_some_and(&other) {
            return &s[i..];
        }
        i = st;
    }
    s
}

/// Where the last apostrophe of `w`, straight or curly, starts: `w.rfind(['\'', '’'])` by a
/// backward walk over the bytes (the curly one is E2 80 99 in UTF-8, bytes no other character
/// holds in that order). The name rules ask it of the word before every run, four times.
pub(crate) fn last_apostrophe(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        match b[i] {
            b'\'' => return Some(i),
            0x99 if i >= 2 && b[i - 2] == 0xe2 && b[i - 1] == 0x80 => return Some(i - 2),
            _ => {}
        }
    }
    None
}

fn capitalised(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => w.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

fn acronym(w: &str) -> bool {
    // (A lower-case ASCII letter is no capital in either reading below: most capitalised
    // words have one second, and are turned away there before the word is read whole.)
    if w.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    if w.is_ascii() {
        // One pass: a lower-case letter (most capitalised words' second byte) ends it.
        let mut letters = 0;
        for &c in w.as_bytes() {
            if c.is_ascii_lowercase() {
                return false;
            }
            letters += usize::from(c.is_ascii_uppercase());
        }
        return letters >= 2 && !roman_numeral(w);
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) && !roman_numeral(w)
}

/// The answer of memo cell `k` (see [`crate::tagger::Words::memo`]), computing it on the first
/// question: a cell holds the answer in its low 32 bits and, once answered, `stamp` in its
/// high ones (a cell of another stamp was answered for an earlier text). Inlined: find_names
/// asks it some 340,000 times per 1,000 news articles, most of them answered from the memo,
/// and a call each cost more than the answer; the first question goes to [`memo_fill`].
#[inline(always)]
fn memo(cache: &[std::cell::Cell<u64>], k: usize, stamp: u32, f: impl FnOnce() -> u32) -> u32 {
    let c = cache[k].get();
    if (c >> 32) as u32 == stamp {
        return c as u32;
    }
    memo_fill(&cache[k], stamp, f)
}

/// The first question of a cell to [`memo`]: computed and kept (not inlined, so that each of
/// the many call sites holds only the memo's test).
#[inline(never)]
fn memo_fill(cell: &std::cell::Cell<u64>, stamp: u32, f: impl FnOnce() -> u32) -> u32 {
    let v = f();
    cell.set(u64::from(stamp) << 32 | u64::from(v));
    v
}

/// A word with a capital inside it that a surname does not take ("GirlsDoPorn", "DigitalSpy",
/// "UpT", "KRRiT"): a site, a brand or a company writes its name so, a person does not. A
/// surname takes an inner capital only after a particle of one to three letters ("McCain",
/// "MacPhail", "DeBolt", "ElAttrache", "DiCaprio"). On KIND train the person rules took such
/// words 7 times, 6 of them an organisation, and the particle form 29 times, all people.
fn camel_not_surname(w: &str) -> bool {
    // Each part of a double-barrelled name on its own ("Smith-McDonald").
    w.split('-').any(camel_part)
}

fn camel_part(w: &str) -> bool {
    let b = w.as_bytes();
    let inner =
        |i: usize| b[i].is_ascii_uppercase() && (b[i - 1].is_ascii_lowercase() || b[i - 1] >= 0x80);
    let Some(at) = (1..b.len()).find(|&i| inner(i)) else {
        return false;
    };
    let particle = (2..=4).contains(&at)
        && b[1..at].iter().all(u8::is_ascii_lowercase)
        && b[at + 1..].iter().any(u8::is_ascii_lowercase)
        && !(at + 1..b.len()).any(inner);
    !particle
}

/// A capitalised word built with a suffix of adverbs, abstract nouns or superlatives
/// ("Inizialmente", "Soddisfazione", "Giornalismo", "Celeberrimo"): no surname, though a verb
/// of a person may follow it ("Soddisfazione è stata espressa"). On KIND train the person
/// context rules took such words 6 times, never a person.
fn derived_word(w: &str) -> bool {
    const SUFFIXES: [&str; 12] = [
        "mente", "zione", "zioni", "sione", "sioni", "ismo", "ismi", "issimo", "issima", "issimi",
        "errimo", "errima",
    ];
    w.chars().count() > 6 && SUFFIXES.iter().any(|x| w.ends_with(x))
}

/// A word in capitals that is no organisation's acronym: a unit after a number ("32 GB",
/// "1.3 MLN", "alle 12.30 BST"), a word with an accented vowel ("PRENDERÀ", "SÌ": acronyms
/// are written without accents) or a frequent word of the language of three letters or more
/// ("DAVVERO", "STUDIO", "MAI", "ORA", "ERA": a headline, a title or a word stressed in
/// capitals). On KIND train the acronym rule took such words 28 times, never an organisation;
/// of two letters they are mostly acronyms ("FI", "PO"), so those stay.
fn capitals_not_acronym(rules: &NameRules, w: &str, before: &str) -> bool {
    before.trim_end().ends_with(|c: char| c.is_ascii_digit())
        || (!w.is_ascii() && w.chars().any(|c| "ÀÈÉÌÒÓÙ".contains(c)))
        || (rules.has_common && w.len() >= 3 && rules.lower_flags(w) & COMMON != 0)
}

/// "XIV" (a legislature, a century, a king's number) is a numeral, not an organisation.
fn roman_numeral(w: &str) -> bool {
    !w.is_empty()
        && w.bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'M'))
}

/// Whether `word`, at byte `at`, repeats the surname of a person named in full before it: one
/// of the `earlier` surnames (by their start) before `at`, or one of the `persons` the rules
/// have found so far (`find_names`' `surname_alone`). Not inlined: it is asked of few runs,
/// and `surname_alone` is written out at each of the two places that ask it.
#[inline(never)]
fn repeats_surname(earlier: &[(usize, &str)], persons: &[&str], at: usize, word: &str) -> bool {
    earlier.iter().any(|&(p, sn)| p < at && sn == word) || persons.contains(&word)
}

/// A capitalised word of letters only, at least two, with lower case after its capital:
/// "Letta", not "G8", "XIV" or a lone initial.
/// One pass over the word (it runs for most capitalised words): of letters only, the word is
/// an acronym exactly when no letter is lower case (two letters or more) and it is no roman
/// numeral, and a roman numeral is ASCII.
fn plain_word(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 2 {
        return false;
    }
    let (mut lower, mut roman) = (false, true);
    let mut i = 0;
    while i < b.len() && b[i] < 0x80 {
        let x = b[i];
        if !x.is_ascii_alphabetic() {
            return false;
        }
        lower |= x.is_ascii_lowercase();
        roman &= matches!(x, b'I' | b'V' | b'X' | b'L' | b'C' | b'M');
        i += 1;
    }
    if i == b.len() {
        return lower || roman;
    }
    // Past the first non-ASCII letter, no roman numeral; count the letters for the length.
    let mut n = i;
    for c in w[i..].chars() {
        if !c.is_alphabetic() {
            return false;
        }
        lower |= !c.is_uppercase();
        n += 1;
    }
    n >= 2 && lower
}

/// Whether a company suffix starts at `rest` (and ends at a word boundary); `head_flags` are
/// the sets of the word `rest` starts with (looked up once by the caller).
fn suffix_after(rules: &NameRules, head_flags: u32, rest: &str) -> bool {
    head_flags & SUFFIX_HEAD != 0
        && rules.org_suffixes.iter().any(|x| {
            rest.starts_with(x.as_str())
                && rest[x.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
}

/// The first capitalised word from `k` on (`upper.len()` if none): eight words at a time are
/// packed into one mask, and its lowest set byte is the word (a branch per word cost ~6
/// instructions a word and mispredicted at each capitalised word; the name and organisation
/// rules both skip the lower-case words so).
pub(crate) fn next_upper(upper: &[bool], k: usize) -> usize {
    let mut i = k;
    while let Some(c) = upper.get(i..i + 8) {
        let m = c
            .iter()
            .enumerate()
            .fold(0u64, |m, (x, &u)| m | (u64::from(u) << (8 * x)));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    upper
        .get(i..)
        .and_then(|r| r.iter().position(|&u| u))
        .map_or(upper.len(), |d| i + d)
}

/// Finds names by rule in the parts of `text` that no table match covers (`covered`, sorted
/// spans). `words` are the words of `text` (runs of letters and digits; an apostrophe right after
/// a word and before a letter belongs to it: "dell'", "d'"), collected by the tagger in the
/// same pass that looks up the table forms, with whether each starts with a capital.
/// `initial` tells whether a byte offset starts a
/// sentence. `soft` are the covered spans that are only a place ("Parisi", "Mora"): a given
/// name right before one takes it as its surname ("Arturo Parisi"), unless the name starts a
/// sentence and the place is one of the large places of `big` ("Domenica Kiev": a day and a
/// city). `earlier` are the
/// surnames of people the tables found in full, with where they were named: a lone surname
/// after that is the same person.
pub(crate) fn find_names<'t>(
    rules: &NameRules,
    text: &'t str,
    words: &crate::tagger::Words,
    covered: &[(usize, usize)],
    (soft, big, places): PlaceSpans<'_>,
    earlier: &[(usize, &str)],
    initial: impl Fn(usize) -> bool,
) -> Vec<RuleName> {
    let mut out = Vec::with_capacity(16);
    if rules.is_empty() {
        return out;
    }
    let (ws, upper) = (&words.spans[..], &words.upper[..]);
    // Surnames of the people the rules have found in full so far (text order).
    let mut persons: Vec<&'t str> = Vec::new();
    // One-word names a strong cue has classified so far, with their kind: the same word later
    // with no cue is the same name ("il sindaco Kvasina … Kvasina").
    let mut seen: Vec<(&'t str, EntityKind)> = Vec::new();
    // Storms named so far after their noun ("il ciclone Nargis"): the bare name later is the
    // same storm ("Nargis ha colpito").
    let mut storms: Vec<&'t str> = Vec::new();
    let mut ci = 0;
    let is_covered = |s: usize, e: usize, ci: &mut usize| {
        while *ci < covered.len() && covered[*ci].1 <= s {
            *ci += 1;
        }
        *ci < covered.len() && covered[*ci].0 < e
    };
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    // Each word's sets, looked up once: a run's words are asked about again and again
    // (extending the run, dropping its head, classifying it).
    // (The tagger's cells, two a word; words not readied by the tagger get cells of their
    // own.)
    let own: Vec<std::cell::Cell<u64>>;
    let (cells, stamp) = if words.stamp != 0 && words.memo.len() >= 2 * ws.len() {
        (&words.memo[..], words.stamp)
    } else {
        own = vec![std::cell::Cell::new(0); 2 * ws.len()];
        (&own[..], 1)
    };
    // (The fill reads the word's bytes: a word's span is on character boundaries, and slicing
    // the text as a `str` tested both again at every fill.)
    let tb = text.as_bytes();
    let fw = |k: usize| {
        memo(cells, 2 * k, stamp, || {
            rules.flags.get(&tb[ws[k].0..ws[k].1])
        })
    };
    // The sets of each word's lower-case form (a capitalised title, a frequent word with a
    // capital), looked up once as well.
    let lfw = |k: usize| memo(cells, 2 * k + 1, stamp, || rules.lower_flags(w(k)));
    // The sets of the text `s..e`, through the cache when it is word `k` exactly (the word
    // before or after a run, which the run's extension has mostly looked up already).
    // (Elsewhere the piece often ends in punctuation or is empty, "detto," or the nothing
    // between a run and a comma: `get_gated` answers those with no lookup.)
    let flags_of = |s: usize, e: usize, k: Option<usize>| -> u32 {
        match k {
            Some(k) if k < ws.len() && ws[k] == (s, e) => fw(k),
            _ => rules.flags.get_gated(&tb[s..e]),
        }
    };
    // The bytes between two words (compared with spaces and a few marks only: as bytes, with
    // no test of the slice's ends against UTF-8 boundaries).
    let bytes = text.as_bytes();
    let gap = |a: usize, b: usize| &bytes[ws[a].1..ws[b].0];
    // A title as written in a form of address or a headline ("Ministro", "Governatore"): the
    // cue lists are lower case.
    let title_word = |k: usize| {
        fw(k) & (GIVEN | ORG_WORD | PLACE_WORD | PERSON_CUE) == 0 && lfw(k) & PERSON_CUE != 0
    };
    let mut k = 0;
    while k < ws.len() {
        let (s, e) = ws[k];
        // (Most words are lower case: the scan noted which are not, and one pass over those
        // notes finds the next capitalised word.)
        if !upper[k] {
            k = next_upper(upper, k);
            continue;
        }
        if is_covered(s, e, &mut ci) {
            k += 1;
            continue;
        }
        // A capitalised title right before a capitalised word ("il Ministro Clemente Mastella",
        // "dal Governatore Mario Draghi") is the cue before a name, not the name's head: the run
        // had taken it and then found no kind. Not before "della": "Presidente della
        // Repubblica" is an office.
        // Nor after a street word ("corso Re Umberto"), nor before a frequent word ("Commissario
        // Straordinario", "Arcivescovo Maggiore"): an office's name.
        // (Asked only of a word a capitalised word follows: `title_word` looks the word up in
        // lower case, and most capitalised words stand alone. Answered once.)
        let title_head_once = std::cell::OnceCell::new();
        let title_head = || {
            *title_head_once.get_or_init(|| title_word(k) && (k == 0 || fw(k - 1) & STREET == 0))
        };
        if k + 1 < ws.len()
            && upper[k + 1]
            && gap(k, k + 1) == b" "
            && title_head()
            && fw(k + 1) & CONNECTOR == 0
            && (fw(k + 1) & GIVEN != 0 || lfw(k + 1) & (COMMON | ORG_ADJ) == 0)
        {
            k += 1;
            continue;
        }
        // Extend over capitalised words and connectors followed by a capitalised word.
        let mut j = k;
        // (The run's first word's sets, asked again and again while the run is extended: read
        // from the memo once.)
        let kf = fw(k);
        let mut org_so_far = kf & ORG_WORD != 0;
        // A place's name headed by its kind of place ("Lago di Garda", "Stadio Olimpico",
        // "Val Brembana") takes the place of the tables after it, as an institution does.
        let place_head = kf & (PLACE_WORD | ORG_WORD) == PLACE_WORD;
        let run_start = k;
        // An office named by its seat stops before "di" + a place the tables know: "Procura
        // di Napoli" is the office and the town.
        // So does a landmark's name after its lower-case noun ("l'ospedale Brotzu di
        // Cagliari", "il liceo Jokela di Tuusula"): the town is a place of its own.
        // (Asked only at a connector inside the run: answered once, on the first.)
        let seat_once = std::cell::OnceCell::new();
        let seat = || {
            *seat_once.get_or_init(|| {
                kf & SEAT != 0
                    || (k + 1 < ws.len() && initial(ws[k].0) && fw(k + 1) & SEAT != 0)
                    || (k > 0 && !upper[k - 1] && fw(k - 1) & STREET != 0)
            })
        };
        let place_at = |x: usize| places.binary_search_by_key(&ws[x].0, |p| p.0).is_ok();
        // The run is the complement of a title ("il presidente della Regione …", "la
        // portavoce della Commissione …"): the holder's name may follow the institution's
        // right away ("della Regione Piemonte Mario Rossi"), and a given name then starts it.
        let title_complement = || {
            title_head()
                || k > 0 && {
                    fw(k - 1) & PERSON_CUE != 0
                        || (fw(k - 1) & CONNECTOR != 0 && k > 1 && fw(k - 2) & PERSON_CUE != 0)
                }
        };
        loop {
            let next = j + 1;
            if next >= ws.len() {
                break;
            }
            let g = gap(j, next);
            if !g.iter().all(|&c| c == b' ') {
                // An initial ("George H. W. Bush") or a hyphen ("Jean-Claude") inside a name.
                let initial_dot = g == b". " && w(j).chars().count() == 1;
                let hyphen = g == b"-";
                let mut ci2 = ci;
                if (initial_dot || hyphen)
                    && capitalised(w(next))
                    && !is_covered(ws[next].0, ws[next].1, &mut ci2)
                {
                    j = next;
                    continue;
                }
                break;
            }
            let mut ci2 = ci;
            // A company suffix ends the name ("Acme Corp.").
            // (The word's flags first: the text after it is sliced only for a suffix's head.)
            let next_flags = fw(next);
            if next_flags & SUFFIX_HEAD != 0 && suffix_after(rules, next_flags, &text[ws[next].0..])
            {
                break;
            }
            let soft_next = || soft.binary_search(&(ws[next].0, ws[next].1)).is_ok();
            // A person named in full (a given name and more) ends before a capitalised function
            // word ("… Marco Rivani Il mondo", a title after the singer) and before "di/del" +
            // a name, an affiliation ("Mike Ferro di Radio Zeta"): KIND train, 95 such spans.
            let full_person = kf & GIVEN != 0 && !org_so_far && j > k;
            if capitalised(w(next)) && !is_covered(ws[next].0, ws[next].1, &mut ci2) {
                let nf = fw(next);
                // ("Di Mare", "La Russa": a particle before a capitalised word is the surname's.)
                if full_person
                    && nf & NOT_NAME != 0
                    && !(next + 1 < ws.len()
                        && gap(next, next + 1) == b" "
                        && capitalised(w(next + 1)))
                {
                    break;
                }
                // Nor does it take a frequent word of the language after its surname: a
                // song or a show after its singer ("… Irene Rossetti Vita", "Carlo Manna
                // Sola"), a party after its leader. A given name there goes on ("Anna
                // Maria"), and so does a particle's surname ("Carla Del Sole").
                if full_person
                    && fw(j) & (GIVEN | NOT_NAME) == 0
                    && nf & GIVEN == 0
                    && rules.has_common
                    && lfw(j) & (COMMON | CONNECTOR) == 0
                    && lfw(next) & COMMON != 0
                {
                    break;
                }
                // The holder's name after the institution also when the institution is no
                // org word ("presidente della FIFA Joseph Blatter", "dell'Usada Francisco
                // Aguilar"): the run had joined both into one name of no kind.
                // So does a person named in full after a frequent word of the language written
                // with a capital, outside an institution's or a place's name ("il viceministro delle
                // Infrastrutture e dei Trasporti Roberto Castelli", "il fondatore di Eataly
                // Oscar Farinetti", "Omicidio Gabriele Sandri"); not "Ospedale Mario Negri",
                // "Stadio Giuseppe Meazza", nor "Maria Anna Rossi", nor a title in another
                // language ("How Will I Know").
                // (The given name and the word after it are tested first: the two cues are
                // asked only then, and the descriptor's lower-case lookup with them.)
                let after_descriptor = || {
                    !org_so_far
                        && !place_head
                        && kf & (GIVEN | RARE_GIVEN) == 0
                        && fw(j) & (GIVEN | RARE_GIVEN | CONNECTOR) == 0
                        && lfw(j) & COMMON != 0
                };
                if nf & (GIVEN | ORG_WORD) == GIVEN
                    && next + 1 < ws.len()
                    && gap(next, next + 1) == b" "
                    && capitalised(w(next + 1))
                    && (org_so_far || kf & (GIVEN | RARE_GIVEN) == 0)
                    && (title_complement() || after_descriptor())
                {
                    break;
                }
                org_so_far |= nf & ORG_WORD != 0;
                j = next;
                continue;
            }
            // An institution's name ends in a country's adjective or name the tables know
            // ("Unione Buddhista Italiana", "Conferenza Episcopale Argentina").
            if org_so_far
                && j > k
                && capitalised(w(next))
                && covered.binary_search(&(ws[next].0, ws[next].1)).is_ok()
            {
                j = next;
                continue;
            }
            // An institution of a place ("Regione Lazio", "Provincia Trapani").
            // (A place word takes one known place, right after it: "Lago Trasimeno", "Lago di
            // Garda", not "Stadio Olimpico di Roma", where the city is a place of its own.)
            if (org_so_far || (place_head && j == k)) && capitalised(w(next)) && soft_next() {
                j = next;
                continue;
            }
            // (The run may start with a sentence-initial word the name drops: "Ieri Arturo".)
            if (j == k || (j == k + 1 && initial(ws[k].0)))
                && fw(j) & GIVEN != 0
                && capitalised(w(next))
                && soft_next()
                // At a sentence's start a large place after it is no surname: "Domenica Kiev"
                // is a day and a city.
                // Only a given name that is a frequent word too ("Domenica", "Sabato"), where the
                // language lists them: "Alan Kent ha detto …" is a person named in full.
                && !(initial(ws[j].0)
                    && (!rules.has_common || rules.lower_flags(w(j)) & COMMON != 0)
                    && big.binary_search(&(ws[next].0, ws[next].1)).is_ok())
            {
                j = next;
                continue;
            }
            // A given name and a surname take a second surname that is also a small town's
            // name when the name ends there ("Laura Chinchilla Miranda", "Willy Monteiro
            // Duarte"): Iberian and Latin American names carry two surnames. Not a frequent word
            // of the language, nor before another capitalised word.
            if j == k + 1
                && !org_so_far
                && !place_head
                && kf & GIVEN != 0
                && fw(j) & (GIVEN | NOT_NAME) == 0
                && capitalised(w(next))
                && soft_next()
                && rules.has_common
                && lfw(next) & COMMON == 0
                && (next + 1 >= ws.len() || !capitalised(w(next + 1)))
            {
                j = next;
                continue;
            }
            let nf = fw(next);
            let conn_ok = nf & CONNECTOR != 0
                && (nf & AND_WORD == 0 || org_so_far)
                && (!full_person
                    || (nf & PARTICLE != 0 && next + 1 < ws.len() && fw(next + 1) & NOT_NAME == 0));
            // An organisation's name may end in a known place ("Banca Popolare di Sondrio");
            // looked at last, as it costs a lookup per word of the name so far.
            // Two connectors in a row ("e della") before a capitalised word, inside an
            // organisation's name.
            // A sub-unit's name ends before its parent institution ("Commissione Trasporti del
            // Senato", "Sala Stampa del Partito"): looked at only after a connector
            // inside an institution's name, so rarely.
            let parent_at = |x: usize| {
                org_so_far
                    && rules.parent_orgs.contains(w(x))
                    && !rules.domain_orgs.contains(w(run_start))
            };
            if conn_ok
                && org_so_far
                && next + 2 < ws.len()
                && !(seat() && place_at(next + 2))
                && !parent_at(next + 2)
                && fw(next + 1) & (CONNECTOR | AND_WORD) == CONNECTOR
                && gap(next, next + 1).iter().all(|&c| c == b' ')
                && gap(next + 1, next + 2).iter().all(|&c| c == b' ')
                && capitalised(w(next + 2))
            {
                j = next + 2;
                continue;
            }
            if conn_ok
                && next + 1 < ws.len()
                && gap(next, next + 1).iter().all(|&c| c == b' ')
                && capitalised(w(next + 1))
                && !(seat() && place_at(next + 1))
                && !parent_at(next + 1)
                && !(place_head
                    && (j > k || rules.building_heads.contains(w(k)))
                    && place_at(next + 1))
                && (!is_covered(ws[next + 1].0, ws[next + 1].1, &mut ci2)
                    || org_so_far
                    || (place_head && j == k))
            {
                org_so_far |= fw(next + 1) & ORG_WORD != 0;
                j = next + 1;
                // A name the tables know after the "of" is taken whole ("Columbia University di
                // New York", "Congresso degli Stati Uniti"), not up to its first word.
                let c = covered.partition_point(|c| c.1 <= ws[j].0);
                if c < covered.len() && covered[c].0 <= ws[j].0 {
                    while j + 1 < ws.len() && ws[j + 1].1 <= covered[c].1 {
                        j += 1;
                    }
                }
                continue;
            }
            break;
        }
        // An institution's name takes the adjectives after it ("Chiesa ortodossa").
        if org_so_far {
            let mut ci2 = ci;
            while j + 1 < ws.len()
                && fw(j + 1) & ORG_ADJ != 0
                && gap(j, j + 1).iter().all(|&c| c == b' ')
                && !is_covered(ws[j + 1].0, ws[j + 1].1, &mut ci2)
            {
                j += 1;
            }
        }
        let mut first = k;
        // A capitalised function word or a sentence-initial ordinary word is not part of it.
        // A word of that list alone right after a capitalised title or form of address is a
        // surname ("Prime Minister May", "Mrs May"): a month or a modal takes no title.
        // (The sentence start is asked first: most lone function words open a sentence. The
        // word before is the scan's when a space or the text's start stands before it.)
        let cued_alone = |x: usize| {
            x == j
                && !initial(ws[x].0)
                && match x.checked_sub(1).map(|p| (p, ws[p])) {
                    // (The scan's word: its lower-case sets through the memo.)
                    Some((p, (ps, pe)))
                        if pe + 1 == ws[x].0
                            && tb[pe] == b' '
                            && (ps == 0 || tb[ps - 1] == b' ') =>
                    {
                        capitalised(&text[ps..pe]) && lfw(p) & PERSON_CUE != 0
                    }
                    _ => text[..ws[x].0]
                        .strip_suffix(' ')
                        .and_then(|b| b.rsplit(' ').next())
                        .is_some_and(|p| capitalised(p) && rules.lower_flags(p) & PERSON_CUE != 0),
                }
        };
        // A lone function word that repeats the surname of a person named in full before it is
        // that person ("Lucio Dalla … La carriera di Dalla", "Dalla si è sentito male"): the
        // full name outweighs the preposition. Asked only of a one-word run of a function word;
        // first in a sentence only before a verb of a person ("Dalla finestra" stays a
        // preposition).
        // (A macro, not a closure, as are `prev_lower`, `cue_then_adjective`, `list_item_ok` and
        // `uncued_person` below: find_names is too large for its closures to be inlined, and a
        // closure not inlined has the references it captures stored where it is made, on every
        // run, whether or not it is called; these are asked of few runs.)
        macro_rules! surname_alone {
            ($x:expr) => {{
                let x: usize = $x;
                x == j
                    && (!initial(ws[x].0) || (x + 1 < ws.len() && fw(x + 1) & UNCUED_AFTER != 0))
                    && repeats_surname(earlier, &persons, ws[x].0, w(x))
            }};
        }
        while first <= j {
            let f = fw(first);
            // (A place word heading a longer run stays: "Villa Ada", "Monte Bonifato".)
            let drop = (f & NOT_NAME != 0
                && !(cued_alone(first) || surname_alone!(first))
                && !(place_head && first == run_start && first < j))
                || (first < j
                    && f & (GIVEN | ORG_WORD) == 0
                    && initial(ws[first].0)
                    && !(first + 1 == j && rules.rare_given(w(first), f)));
            if !drop {
                break;
            }
            first += 1;
        }
        // The "of" after a dropped sentence-initial noun links that noun to the name ("Morte di
        // Mario Rossi", "Omicidio di X", "Pseudonimo di X": a headline's head noun): the name
        // starts after it, and the noun is its head (`head_kind`).
        if first == run_start + 1
            && first < j
            && initial(ws[run_start].0)
            && fw(run_start) & NOT_NAME == 0
            && fw(first) & (CONNECTOR | AND_WORD) == CONNECTOR
        {
            first += 1;
        }
        let end_k = j;
        k = j + 1;
        if first > end_k || (fw(first) & CONNECTOR != 0 && !surname_alone!(first)) {
            continue;
        }
        // A surname named alone with its particle ("il clan dei Di Stasio", "il governo di De
        // Vries", "ha incontrato van Basten", "zu Hohenberg"): the particle and one plain word no
        // frequent word of the language, within a sentence, after no capitalised word (where a
        // full name takes the particle) nor a street word ("piazza De Santucci" is a street).
        // The run had dropped a capitalised particle as a function word or kept it with no cue,
        // and never started at a lower-case one.
        let particle_start = {
            // The particle: kept at the run's head ("De Vries"), dropped from it as a function
            // word ("Di Stasio"), or a lower-case word before it ("van Basten").
            let p = if first + 1 == end_k {
                Some(first)
            } else if first == end_k && first == run_start + 1 {
                Some(run_start)
            } else if first == end_k && first == run_start && first > 0 && !upper[first - 1] {
                Some(first - 1)
            } else {
                None
            };
            // (The word before the particle is asked last: only a particle's, so it is looked
            // up for few runs; the lower-case sets through the memo.)
            p.filter(|&p| {
                gap(p, end_k) == b" "
                    && rules.is_surname_particle(w(p))
                    && plain_word(w(end_k))
                    && fw(end_k) & (NOT_NAME | ORG_WORD | PLACE_WORD | EVENT) == 0
                    && lfw(end_k) & COMMON == 0
                    && !initial(ws[p].0)
                    && (p == 0
                        || !(upper[p - 1] || fw(p - 1) & STREET != 0)
                        || !gap(p - 1, p).iter().all(|&c| c == b' '))
            })
            .map(|p| ws[p].0)
        };
        // Every word's sets, looked up once.
        let mut any_flags = 0u32;
        for x in first..=end_k {
            any_flags |= fw(x);
        }
        let first_flags = fw(first);
        let (ns, ne) = (ws[first].0, ws[end_k].1);
        let single = first == end_k;
        // (Most runs stand after one space and a word with a space or the text's start before
        // it: then `before` ends at that word and the word is `prev_word`, read from the
        // scan's spans with no walk over the bytes. Elsewhere the text is trimmed and split.)
        let prev_span = first.checked_sub(1).map(|p| ws[p]).filter(|&(ps, pe)| {
            pe + 1 == ns && tb[pe] == b' ' && (ps == 0 || matches!(tb[ps - 1], b' ' | 0x09..=0x0d))
        });
        let (before, prev_word) = match prev_span {
            Some((ps, pe)) => (&text[..pe], &text[ps..pe]),
            None => {
                let before = text[..ns].trim_end();
                (before, after_last_space(before))
            }
        };
        // The sets of the word before in lower case (asked by up to four rules of a capitalised
        // word before the run): the memo's when it is the scan's word `first - 1` (`prev_span`),
        // which `cued_alone` may have asked already.
        macro_rules! prev_lower {
            () => {
                match prev_span {
                    Some(_) => lfw(first - 1),
                    None => rules.lower_flags(prev_word),
                }
            };
        }
        // (Where its elided article ends, if it has one: asked by four rules.)
        let prev_apostrophe = last_apostrophe(prev_word);
        let prev_at = first.checked_sub(1);
        // "Mr. Smith": the abbreviation's period does not start a sentence.
        // (The scan's word's sets straight from the memo when `prev_word` is that word: the
        // span `flags_of` would compare with it.)
        let mut prev_flags = match prev_span {
            Some(_) => fw(first - 1),
            None => flags_of(before.len() - prev_word.len(), before.len(), prev_at),
        };
        // A street word written with a capital ("Piazza Nettuno", "Corso Francia") when the
        // tables took it for a town of its own ("Piazza"): the street's name after it.
        if capitalised(prev_word) && prev_flags == 0 {
            prev_flags |= prev_lower!() & STREET;
        }
        // A street word after an elided article ("all'ospedale Careggi", "dell'autostrada
        // A1"): the word after the apostrophe, which the span starts with.
        let elided_street = match prev_apostrophe {
            Some(a) if prev_flags == 0 => {
                let head =
                    &prev_word[a + prev_word[a..].chars().next().map_or(1, char::len_utf8)..];
                (!head.is_empty() && rules.flags(head) & STREET != 0).then_some(head)
            }
            _ => None,
        };
        if elided_street.is_some() {
            prev_flags |= STREET;
        }
        // A title after an elided article ("l'avvocato Ferri", "dell'ammiraglio Sbrescia"):
        // the word after the apostrophe is the cue.
        if let Some(a) = prev_apostrophe.filter(|_| prev_flags == 0) {
            let head = &prev_word[a + prev_word[a..].chars().next().map_or(1, char::len_utf8)..];
            if !head.is_empty() && rules.flags(head) & PERSON_CUE != 0 {
                prev_flags |= PERSON_CUE;
            }
        }
        // A street word, then "of", then the run ("via della Maglianella"): the street word
        // starts the place's name. Only when no table knows the run (a known town after "of"
        // is a place of its own: "quartiere di Roma").
        let street_of_start = if prev_flags & (CONNECTOR | AND_WORD) == CONNECTOR
            && prev_flags & (STREET | PERSON_CUE) == 0
        {
            let rest = before[..before.len() - prev_word.len()].trim_end();
            let head = after_last_space(rest);
            (rules.flags(head) & STREET_OF != 0).then(|| rest.len() - head.len())
        } else {
            None
        };
        if street_of_start.is_some() {
            prev_flags |= STREET;
        }
        if capitalised(prev_word)
            && prev_lower!() & PERSON_CUE != 0
            && (first_flags & GIVEN != 0 || lfw(first) & (COMMON | ORG_ADJ) == 0)
        {
            prev_flags |= PERSON_CUE;
        }
        // A cue that ends the sentence before says nothing of this one's first word: a headline
        // has no period ("… uccide la fidanzata" / "L'atleta …", "… il killer" / "Dopo la …").
        // An abbreviation's period may be taken for a sentence's end: "dal Prof. Antonelli".
        let ns_initial = initial(ns);
        if ns_initial && !prev_word.ends_with('.') {
            prev_flags &= !PERSON_CUE;
        }
        let at_start = ns_initial && prev_flags & PERSON_CUE == 0;
        // (One space, then no white space, is the common gap: no trim.)
        let after = match tb.get(ne..ne + 2) {
            Some(&[b' ', c]) if c > b' ' && c < 0x80 => &text[ne + 1..],
            _ => text[ne..].trim_start(),
        };
        if any_flags & EVENT != 0 || (single && first_flags & NOT_ACRONYM != 0) {
            continue;
        }
        // A measuring scale ("4.9 della scala Richter", "nella Scala Richter"), unless the
        // article named a person of that surname before ("Gerhard Richter … Richter").
        if rules.is_measure_name(&text[ns..ne])
            && !earlier.iter().any(|&(p, sn)| p < ns && sn == &text[ns..ne])
        {
            continue;
        }
        // A storm's name after its noun ("il ciclone Nargis", "Uragano Sandy") and the same
        // name later in the article ("Ike ha provocato una frana"): a weather system, which the
        // given-name and person-context rules had made a person (KIND train: 7 such false
        // alarms, "Nargis" 5 times and "Ike" twice; none an entity in the gold).
        if !storms.is_empty() && storms.contains(&&text[ns..ne]) {
            continue;
        }
        // (The noun after an elided article: "l'uragano Sandy".)
        let storm_noun = match prev_apostrophe {
            Some(a) => &prev_word[a + prev_word[a..].chars().next().map_or(1, char::len_utf8)..],
            None => prev_word,
        };
        if rules.is_storm_noun(storm_noun) {
            storms.push(&text[ns..ne]);
            continue;
        }
        let org_inside = any_flags & ORG_WORD != 0;
        let after_at = text.len() - after.len();
        // The letters and digits `after` starts with: the scan's word after the run when
        // `after` starts at it and it ends in no apostrophe (the scan's word is the run of
        // letters and digits from its start, by the same test as `char::is_alphanumeric`,
        // and an elided article's apostrophe; most runs are followed by such a word, whose
        // bytes are then not walked again). Elsewhere ASCII letters and digits are read as
        // bytes, and from the first other byte above 0x7F on, characters.
        let scanned = ws.get(end_k + 1).filter(|&&(s, e)| {
            s == after_at && !(tb[s..e].ends_with(b"'") || tb[s..e].ends_with("’".as_bytes()))
        });
        let after_head_len = match scanned {
            Some(&(s, e)) => e - s,
            None => {
                let ab = after.as_bytes();
                let mut n = 0;
                while n < ab.len() && ab[n].is_ascii_alphanumeric() {
                    n += 1;
                }
                if n < ab.len() && ab[n] >= 0x80 {
                    n += after[n..]
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(after.len() - n);
                }
                n
            }
        };
        // (Straight from the memo when the piece is the scan's word `end_k + 1`.)
        let after_flags = match scanned {
            Some(_) => fw(end_k + 1),
            None => flags_of(after_at, after_at + after_head_len, Some(end_k + 1)),
        };
        let org_suffix = suffix_after(rules, after_flags, after);
        // The run follows a place cue ("a", "in", "comune di"). (Asked by up to four rules of
        // the chain below: answered once.)
        let place_cued_once = std::cell::OnceCell::new();
        let place_cued = || {
            *place_cued_once.get_or_init(|| {
                // (After the scan's word `first - 1` with a space or the text's start before
                // it, `prev_span`, and no apostrophe at its end, the last word of `before` is
                // that word: its letters and digits run back to the white space before it. Its
                // sets are then the memo's, with no walk back over its bytes.)
                let last_flags = match prev_span {
                    Some((ps, pe))
                        if !(tb[ps..pe].ends_with(b"'")
                            || tb[ps..pe].ends_with("’".as_bytes())) =>
                    {
                        fw(first - 1)
                    }
                    _ => flags_of(
                        before.len() - last_word(before).len(),
                        before.len(),
                        prev_at,
                    ),
                };
                last_flags & PLACE_CUE_END != 0
                    && rules.place_cues.iter().any(|p| {
                        // (The last byte first: one comparison turns away most cues.)
                        p.as_bytes()
                            .last()
                            .is_none_or(|l| before.as_bytes().last() == Some(l))
                            && before.ends_with(p.as_str())
                            && before[..before.len() - p.len()]
                                .chars()
                                .next_back()
                                .is_none_or(|c| !c.is_alphanumeric())
                    })
            })
        };
        // A lone org word is a name only when it names its institution alone ("la Regione"):
        // "lo Stato", "l'Università", "la Borsa" were no organisation on KIND train 90 times
        // in 115.
        let before_seat = first_flags & SEAT != 0
            && single
            && end_k + 2 < ws.len()
            && fw(end_k + 1) & CONNECTOR != 0
            && place_at(end_k + 2);
        // (Unless a link and a capitalised name follow it: "l'Associazione per il Software
        // Libero", which `refine_org_names` extends over the link or drops.)
        if single
            && !org_suffix
            && !before_seat
            && first_flags & (ORG_WORD | ORG_ALONE) == ORG_WORD
            && !rules.links_to_name(after)
        {
            continue;
        }
        // A celestial body alone ("su Giove", "Venere, Mercurio e Giove", "la Terra"): KIND
        // tags it LOC (train: 29 times, none found before).
        let celestial = single
            && (first_flags & CELESTIAL != 0
                || (first_flags & CELESTIAL_ARTICLE != 0 && prev_lower!() & UNCUED_BLOCK != 0));
        // A street word written with a capital before a road's number ("sulla Statale 194",
        // "la Provinciale 38"): the road, its number included (`road_end`).
        // (The number first: asked of every lone word, and the lower-case lookup only where
        // one follows.)
        let road_end = if single {
            road_number_end(text, ne).filter(|_| lfw(first) & STREET != 0)
        } else {
            None
        };
        let decided = if celestial {
            Some((EntityKind::Place, CELESTIAL_RULE))
        } else if road_end.is_some() {
            Some((EntityKind::Place, NUMBERED_ROAD_RULE))
        } else if before_seat {
            Some((EntityKind::Org, SEAT_RULE))
        } else if (place_head
            && !single
            && first == run_start
            && !org_inside
            && prev_flags & STREET == 0)
            // A church named after its saint ("Chiesa di San Silvestro", "Basilica di S. Maria"):
            // the building, a place (KIND train: LOC 4 times in 4); "Chiesa cattolica" and
            // "Chiesa d'Inghilterra" stay the institution. (Its run of three words or more from
            // the run's start first.)
            || (first == run_start
                && first + 2 <= end_k
                && fw(first + 1) & CONNECTOR != 0
                && (fw(first + 2) & PLACE_WORD != 0 || w(first + 2).len() == 1)
                && rules.worship.contains(w(first)))
        {
            Some((EntityKind::Place, PLACE_WORD_RULE))
        } else if org_inside || org_suffix {
            Some((EntityKind::Org, "org word"))
        } else if particle_start.is_some() {
            Some((EntityKind::Person, PARTICLE_RULE))
        } else if prev_flags & PERSON_CUE != 0 {
            Some((EntityKind::Person, "person cue"))
        } else if prev_flags & STREET != 0 {
            Some((EntityKind::Place, "street"))
        } else if first_flags & GIVEN != 0 && !single {
            Some((EntityKind::Person, "given name"))
        // A dative "a" after a word that governs one ("insieme a", "dedicato a", "addio a"):
        // the one or two plain words after it are a person, not a place. On KIND train the
        // place cue had taken such people for places.
        // (Its cue, `prev_flags & DATIVE_TO`, first: most runs have none.)
        } else if prev_flags & DATIVE_TO != 0
            && end_k < first + 2
            && plain_word(w(first))
            && plain_word(w(end_k))
            && rules.dative_before(before)
        {
            Some((EntityKind::Person, DATIVE_RULE))
        // A rare given name before one surname-like word ("Wladimiro Boccali"): two words only,
        // the second a plain capitalised word no frequent word of the language.
        } else if end_k == first + 1
            && rules.rare_given(w(first), first_flags)
            && plain_word(w(end_k))
            && lfw(end_k) & COMMON == 0
            // Not after an article ("la Fiamma Tricolore", "i Bee Gees") nor a place cue ("in
            // Val Camonica"): there such runs were no person on KIND train 33 times in 35.
            && prev_flags & UNCUED_BLOCK == 0
            && !place_cued()
        {
            Some((EntityKind::Person, RARE_GIVEN_RULE))
        } else if single
            // (`acronym`'s first test, a lower-case second byte, read here: most lone words
            // have one, and are turned away with no slicing and no call.)
            && !(ne > ns + 1 && tb[ns + 1].is_ascii_lowercase())
            && acronym(w(first))
            // A code with two digits or more ("H1N1", "2008 QH24", "AB212") or a hyphen
            // ("UH-60") names a model, a virus or a catalogue entry (KIND train: no
            // organisation in 18); one digit is often a channel or a party ("TG1", "M5S").
            && w(first).bytes().filter(u8::is_ascii_digit).count() < 2
            && !before.ends_with('-')
            && !after.starts_with('-')
            // Nor before a number: capitals and a number are a code, a road, a model or a
            // rating ("SS 554", "MUX 8", "KTM 600", "punteggio ELO 2743"), not an organisation
            // (KIND train: 3 times in 4, dev 5 in 5).
            && !after.starts_with(|c: char| c.is_ascii_digit())
            && !capitals_not_acronym(rules, w(first), before)
        {
            Some((EntityKind::Org, "acronym"))
        } else if single && (!earlier.is_empty() || !persons.is_empty()) && {
            // (The run's one word, sliced once for the two lists.)
            let word = w(first);
            (earlier.iter().any(|&(p, sn)| p < ns && sn == word) || persons.contains(&word))
                && plain_word(word)
        } {
            // A lone surname after a full name in the same article ("Enrico Letta … Letta"),
            // also after a place cue: "a" is as often the dative of a person ("ha scritto a
            // Letta").
            Some((EntityKind::Person, EARLIER_SURNAME_RULE))
        } else if let Some(&(_, kind)) = (single && !seen.is_empty())
            .then(|| {
                let word = w(first);
                seen.iter().find(|&&(n, _)| n == word && plain_word(n))
            })
            .flatten()
        {
            Some((kind, REPEAT_RULE))
        // A lone word first in its sentence is kept past this point only as "person context at
        // a sentence start" (below, after the chain), which needs it unknown to the language
        // and a verb of a person after it: every other rule from here on is dropped there, so
        // without those the run is settled here, with none of their context read.
        // (The word is kept only when it may still be a person by the context after it: no
        // frequent word of the language, no function word, a verb of a person after it. The
        // verb first: the lower-case lookup is asked only then.)
        } else if at_start
            && single
            && !(after_flags & UNCUED_AFTER != 0
                && first_flags & NOT_NAME == 0
                && rules.has_common
                && lfw(first) & COMMON == 0)
        {
            None
        // A lone common given name after a place cue is the person ("uno a Salvatore", "verso
        // Manuel", "è andato a Noemi"): a town so named is in the tables, which the rules do not
        // see. On KIND train the place cue had taken such names 7 times, 4 of them people and
        // none a place. Not a frequent word of the language ("a Rosa", "in Marina"), nor after
        // an article or an articulated preposition, which a person's name does not take ("nel
        // Kashmir").
        } else if single
            && first_flags & (GIVEN | NOT_NAME) == GIVEN
            && prev_flags & UNCUED_BLOCK == 0
            && rules.has_common
            && rules.lower_flags(w(first)) & COMMON == 0
            && plain_word(w(first))
            && place_cued()
        {
            Some((EntityKind::Person, LONE_GIVEN_CUED_RULE))
        // A frequent word of the language with a capital ("nel Paese", "in Rete", "dal
        // Prefetto") or a run in capitals (a headline, a code) after a place cue is no place:
        // on KIND train such runs were a place 3 times in 53.
        // (The cue first: most runs follow none, and the run's lower-case lookup and its
        // letters are read only after one.)
        } else if place_cued()
            && !(single
                && (first_flags & NOT_PLACE != 0 || (rules.has_common && lfw(first) & COMMON != 0)))
            && !text[ns..ne].chars().all(|c| !c.is_lowercase())
        {
            Some((EntityKind::Place, "place cue"))
        } else if let Some(kind) = head_kind(rules, before, prev_word, prev_flags) {
            Some((kind, HEAD_RULE))
        } else {
            // (The chain's last rules are written here, where the chain reaches them: the closure
            // among them (`cue`) has its captured references stored where it is made, and most
            // runs are settled above.)
            // A title, then a lower-case word a table knows (a country's adjective), then the run:
            // "lo scrittore britannico Spike Milligan", "il ministro egiziano Sameh Shoukry".
            // So does an article before a nationality, the nationality standing as the noun: "lo
            // svizzero Loic Meillard", "dell'irlandese Clancy", "del belga Tom Boonen" (KIND train: a
            // person 53 times in 58; the rest companies, a club and an institution).
            macro_rules! cue_then_adjective {
                () => {{
                    let ps = before.len() - prev_word.len();
                    // An elided article is written with its noun: "l'irlandese".
                    let (adj_start, elided) = match prev_apostrophe {
                        Some(a) => {
                            let end = a + prev_word[a..].chars().next().map_or(1, char::len_utf8);
                            (ps + end, Some(&prev_word[..end]))
                        }
                        None => (ps, None),
                    };
                    // (Looked up last: most runs fail the two tests before it.)
                    let cue = || match elided {
                        Some(article) => rules.flags(article) & UNCUED_BLOCK != 0,
                        None => {
                            rules.flags(last_word(before[..ps].trim_end()))
                                & (PERSON_CUE | UNCUED_BLOCK)
                                != 0
                        }
                    };
                    text[adj_start..].starts_with(|c: char| c.is_lowercase())
                        && covered.binary_search(&(adj_start, before.len())).is_ok()
                        && cue()
                        && plain_word(w(first))
                        && plain_word(w(end_k))
                }};
            }
            // A run no table knows, between words that surround people: "secondo Vibber",
            // "Köcher ha detto", "Rossi, Bianchi e Verdi". Unknown runs elsewhere are mostly
            // common nouns written with a capital, titles of works, companies and products.
            // (The cue words are tested before the words' shapes: few runs have a cue around
            // them, and the flags are at hand.)
            // After "e" in a list, the run is a person only when the item before "e" is one (a
            // person the rules found, or a table name that is no place): a place or an unknown
            // name there makes it a list of places, clubs or works ("Tivoli, Anzio e Nettuno").
            // On KIND train such runs were a person 26 times in 91, and 37 times in 58 after a
            // person. After a lower-case word "e" joins two clauses ("ieri e Rossi ha detto").
            macro_rules! list_item_ok {
                () => {
                    prev_flags & AND_WORD == 0 || {
                        let item = before[..before.len() - prev_word.len()].trim_end();
                        let pe = item.len();
                        let ends_at = |spans: &[(usize, usize)]| {
                            let i = spans.partition_point(|c| c.0 < pe);
                            i > 0 && spans[i - 1].1 == pe
                        };
                        out.last()
                            .is_some_and(|n: &RuleName| n.end == pe && n.kind == EntityKind::Person)
                            || (ends_at(covered) && !ends_at(places))
                            || !last_word(item).starts_with(char::is_uppercase)
                    }
                };
            }
            macro_rules! uncued_person {
                () => {{
                    // A sentence-initial cue is capitalised ("Secondo Ferraresi").
                    let pf = if capitalised(prev_word) {
                        prev_flags | prev_lower!()
                    } else {
                        prev_flags
                    };
                    // "X di …" is a title or an institution ("Ministro di", "Presidente della").
                    pf & UNCUED_BLOCK == 0
                        && after_flags & (CONNECTOR | AND_WORD) != CONNECTOR
                        && (pf & UNCUED_BEFORE != 0
                            || (rules.uncued_comma && before.ends_with(','))
                            || after_flags & UNCUED_AFTER != 0)
                        && plain_word(w(first))
                        && plain_word(w(end_k))
                        && !derived_word(w(first))
                        && !derived_word(w(end_k))
                        // Three words or more with no cue are a work's or a company's name (KIND
                        // train: a person 5 times in 33).
                        && end_k < first + 2
                        && list_item_ok!()
                        // A title with a capital in a list of people ("Mario Rossi, Docente emerito",
                        // "…, Commissario straordinario"): the person is named beside it.
                        && !title_word(first)
                        // A frequent word of the language alone as an item of a list ("…, Vita, …",
                        // "Regioni, Province e Comuni", "…, Tu sì, …") is a work's title or a common
                        // noun, unless a verb of a person follows ("…, Rossi vince"): on KIND train
                        // such items were a person 8 times in 37.
                        && !(single
                            && (before.ends_with(',') || prev_flags & AND_WORD != 0)
                            && after_flags & UNCUED_AFTER == 0
                            && rules.has_common
                            && lfw(first) & COMMON != 0)
                }};
            }
            if cue_then_adjective!() {
                Some((EntityKind::Person, "person cue"))
            // A lone common given name in running text ("ha telefonato a casa di Anna", "con
            // Tommaso e la sorella"): after a lower-case word or a comma, no article, no place
            // cue and no frequent word of the language ("Una", "Secondo"). On KIND train such
            // words were the person 113 times in 161 (the rest mostly storms, peoples, works).
            // Only where the language lists its frequent words, which keep function words out.
            } else if single
                && first_flags & (GIVEN | NOT_NAME) == GIVEN
                && rules.has_common
                && lfw(first) & COMMON == 0
                && prev_flags & UNCUED_BLOCK == 0
                && (prev_word == ","
                    || (prev_word.starts_with(|c: char| c.is_lowercase())
                        && prev_word.chars().all(char::is_alphabetic)
                        && text[..ns].ends_with(' ')))
                && plain_word(w(first))
                && !place_cued()
            {
                Some((EntityKind::Person, LONE_GIVEN_RULE))
            } else if uncued_person!() {
                Some((EntityKind::Person, "person context"))
            // A run of capitalised words with no cue is not taken: on KIND it was a person only
            // one time in four (the rest organisations, places, works, slogans), and an unknown
            // actor of the wrong kind misleads the events more than a missing one. Between words
            // that surround people (`uncued_person`) it was one in two.
            } else {
                None
            }
        };
        let Some((kind, rule)) = decided else {
            continue;
        };
        // A sentence-initial word is a name only by an org word, an acronym or an earlier
        // full name, or when it is no frequent word of the language and a verb of a person
        // follows ("Kvasina ha vinto", not "Intanto ha vinto"): on KIND train such words were
        // people 53 times in 73.
        // (The context the chain asks of a lone sentence-initial word holds here: the chain has
        // settled, before `uncued_person`, every such word it does not hold for.)
        let (rule, kind) = if at_start && single && rule == "person context" {
            ("person context at a sentence start", kind)
        } else {
            (rule, kind)
        };
        if at_start
            && single
            && !matches!(
                rule,
                "org word"
                    | SEAT_RULE
                    | "acronym"
                    | EARLIER_SURNAME_RULE
                    | REPEAT_RULE
                    | CELESTIAL_RULE
                    | "person context at a sentence start"
            )
        {
            continue;
        }
        // A "person" written with a capital inside a word is an organisation's name.
        let (rule, kind) =
            if kind == EntityKind::Person && (first..=end_k).any(|j| camel_not_surname(w(j))) {
                (CAMEL_RULE, EntityKind::Org)
            } else {
                (rule, kind)
            };
        // A person named in full lends its surname to later mentions.
        if kind == EntityKind::Person && !single && rule != EARLIER_SURNAME_RULE {
            let last = w(end_k);
            if plain_word(last) && !persons.contains(&last) {
                persons.push(last);
            }
        }
        // Only a strong cue lends its kind: a verb after a run ("X ha") is as often a team or
        // a company as a person.
        let strong = matches!(
            rule,
            "person cue" | "place cue" | "org word" | "street" | DATIVE_RULE
        ) || rule == SEAT_RULE
            || rule == HEAD_RULE;
        if single && strong && !seen.iter().any(|&(n, _)| n == w(first)) {
            seen.push((w(first), kind));
        }
        let start = if let (Some(at), PARTICLE_RULE) = (particle_start, rule) {
            at
        } else if let (Some(at), "street") = (street_of_start, rule) {
            at
        } else if let (Some(head), "street") = (elided_street, rule) {
            before.len() - head.len()
        } else if rule == "street" || (rule == "person cue" && prev_flags & CUE_IN_NAME != 0) {
            before.len() - prev_word.len()
        } else {
            ns
        };
        // A person's name that ends in an initial or a generational suffix keeps its period:
        // "Pier Carlo B.", "Tom Lane Jr.".
        let ne = if let (Some(end), NUMBERED_ROAD_RULE) = (road_end, rule) {
            end
        } else if kind == EntityKind::Person
            && !single
            && text[ne..].starts_with('.')
            && (matches!(w(end_k), "Jr" | "Sr" | "jr" | "sr")
                || (w(end_k).len() == 1 && w(end_k).bytes().all(|b| b.is_ascii_uppercase())))
        {
            ne + 1
        } else {
            ne
        };
        out.push(RuleName {
            start,
            end: ne,
            kind,
            rule,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        after_last_space, fold_ascii, head8, last_apostrophe, last_word, next_upper, WordBits,
    };

    #[test]
    fn next_upper_agrees_with_the_pass_word_by_word() {
        // Every pattern of 12 words, and a few longer ones with far-apart capitals.
        let mut cases: Vec<Vec<bool>> = (0..1u32 << 12)
            .map(|m| (0..12).map(|i| m >> i & 1 != 0).collect())
            .collect();
        for n in [0, 1, 7, 8, 9, 16, 17, 40] {
            let mut v = vec![false; n];
            if n > 3 {
                v[n - 2] = true;
            }
            cases.push(v);
        }
        for upper in &cases {
            for k in 0..=upper.len() {
                let naive = k + upper[k..]
                    .iter()
                    .position(|&u| u)
                    .unwrap_or(upper.len() - k);
                assert_eq!(next_upper(upper, k), naive, "{upper:?} {k}");
            }
        }
    }

    #[test]
    fn fold_ascii_lowercases_ascii_capitals_only() {
        for x in 0..=255u8 {
            for at in 0..8 {
                let mut w = [b'Q'; 8];
                w[at] = x;
                let want: Vec<u8> = w.iter().map(u8::to_ascii_lowercase).collect();
                let got = fold_ascii(u64::from_le_bytes(w)).to_le_bytes();
                assert_eq!(got.to_vec(), want, "{x} {at}");
            }
        }
    }

    #[test]
    fn head8_reads_the_first_eight_bytes() {
        let w: Vec<u8> = (1..=12).collect();
        for n in 0..=12 {
            let want = w[..n.min(8)]
                .iter()
                .rev()
                .fold(0u64, |x, &b| x << 8 | u64::from(b));
            assert_eq!(head8(&w[..n]), want, "{n}");
        }
    }

    #[test]
    fn word_bits_agree_with_a_map() {
        let words = [
            "",
            "a",
            "di",
            "Di",
            "DI",
            "Mario",
            "mario",
            "MARIO",
            "Giovanni",
            "giovanni",
            "Alessandro",
            "alessandro",
            "ALESSANDRO",
            "Alessandra",
            "Ca\u{300}",
            "Città",
            "città",
            "CITTÀ",
            "Massachusetts",
            "massachusetts",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxy",
            "Xxxxxxxxxxxxxxxxxxxxxxxxxxx",
            ",",
            "Mr.",
            "detto,",
            "«",
            "»",
        ];
        let mut bits = WordBits::default();
        let mut map: std::collections::HashMap<&str, u32> = Default::default();
        // Enough words to grow the table a few times.
        let extra: Vec<String> = (0..3000).map(|i| format!("Word{i}x{}", i % 7)).collect();
        for (i, w) in words
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str))
            .enumerate()
        {
            if i % 3 == 1 {
                continue;
            }
            let bit = 1 << (i % 31);
            bits.mark(w, bit);
            *map.entry(w).or_default() |= bit;
        }
        for w in words
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str))
        {
            let upper = w.to_uppercase();
            for q in [w, upper.as_str()] {
                assert_eq!(
                    bits.get(q.as_bytes()),
                    map.get(q).copied().unwrap_or(0),
                    "{q}"
                );
                assert_eq!(
                    bits.get_gated(q.as_bytes()),
                    map.get(q).copied().unwrap_or(0),
                    "gated {q}"
                );
                if q.is_ascii() {
                    let low = q.to_ascii_lowercase();
                    assert_eq!(
                        bits.get_ascii_lower(q.as_bytes()),
                        map.get(low.as_str()).copied().unwrap_or(0),
                        "lower {q}"
                    );
                }
            }
        }
    }

    #[test]
    fn after_last_space_agrees_with_the_decoding_split() {
        let cases = [
            "",
            " ",
            "parola",
            "il sindaco",
            "il  sindaco",
            "la\tcittà",
            "è\u{a0}così",
            "disse\u{2003}Müller",
            "fine\u{85}perché",
            "a\u{3000}",
            "dell'Università di Padova",
            "x\u{b}y",
            "città",
            "già più",
        ];
        for c in cases {
            assert_eq!(
                after_last_space(c),
                c.rsplit(char::is_whitespace).next().unwrap_or(""),
                "{c:?}"
            );
        }
    }

    #[test]
    fn last_word_and_last_apostrophe_agree_with_the_decoding_forms() {
        let cases = [
            "",
            " ",
            "parola",
            "il sindaco",
            "dell'",
            "dell’",
            "l'avvocato",
            "all’ospedale",
            "città",
            "a Forlì",
            "è",
            "x-y",
            "«Roma",
            "’",
            "'",
            "d'l’x'",
            "42enne",
            "Müller,",
            "naïve’s",
            "\u{2019}\u{2019}a",
            "\u{2018}b",
            "\u{1f600}",
        ];
        for c in cases {
            let want = c
                .char_indices()
                .rev()
                .take_while(|(_, x)| x.is_alphanumeric())
                .last()
                .map_or(c.len(), |(i, _)| i);
            assert_eq!(last_word(c), &c[want..], "{c:?}");
            assert_eq!(last_apostrophe(c), c.rfind(['\'', '’']), "{c:?}");
        }
    }
}
