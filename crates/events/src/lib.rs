//! annalist events stage: turns the clauses of an article into PLOVER events — who (source) did
//! what (event type, mode, CAMEO code) to whom (target), when, where, how many, according to whom,
//! and whether it happened, will happen, did not happen or might happen — each with its span.
//!
//! Design decisions:
//! - All language knowledge is pack data (`packs/<lang>/events/`): trigger patterns over verb lemmas
//!   and nouns, role words (prepositions, coordinators, clause boundaries), modality and attribution
//!   cues, and a rule-based morphology that generates every inflected form of a lemma. The ontology
//!   (`packs/common/events/`, generated from PLOVER/CAMEO sources) validates every trigger row.
//! - Roles come from a shallow reading of the clause, not a parser: the subject is the nearest actor
//!   before the trigger that is not inside a prepositional phrase (or the antecedent of a relative
//!   pronoun, or the subject of a coordinated verb before it); the target is the first actor after
//!   it; passives swap them. A side the clause does not fill stays empty rather than guessed.
//! - The stage reads what segmentation, time and actor stages wrote (`sentences`, `tokens`, `times`,
//!   `quantities`, `entities`) and only appends `events`; it tokenizes cheaply by itself when
//!   `tokens` is empty. It never fails on text: odd text gives fewer events.
//!
//! Architecture invariant: depends only on annalist-doc and annalist-lang; knows no other stage.

mod anaphora;
mod clause;
mod ctx;
mod domain;
mod fields;
mod merge;
mod morph;
mod ontology;
mod pattern;
mod sides;
mod text;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use annalist_doc::{
    Attribution, Document, Entity, EntityKind, Event, EventDate, EventQuantity, Location, Modality,
    Span, Token, TokenKind, Trigger,
};
use annalist_lang::{Pack, PackError, Packs, Row};

pub use morph::{Morphology, Tag};
pub use ontology::{Ontology, PLOVER_TYPES};
use pattern::UNKNOWN;
pub use pattern::{Hit, PatternSet, Vocab};
pub use text::{lower_same_len, split_sentences, tokenize};

use anaphora::{resolve_anaphora, UNNAMED_GROUP_NOTE};
use ctx::{
    any_bits, any_digit, is_dateline, is_quote, positions, sparse_positions, Ctx, Found, Scratch,
    TokenSet, Words, QUOTES,
};
use merge::{dedup, merge_headline, stronger};
use sides::Subj;

/// Role word classes (a word may have several: Italian "a" marks a recipient and a place).
mod role {
    pub const TARGET: u32 = 1;
    pub const WITH: u32 = 2;
    pub const AGAINST: u32 = 4;
    pub const AGENT: u32 = 8;
    pub const LOCATIVE: u32 = 16;
    pub const GENITIVE: u32 = 32;
    pub const BETWEEN: u32 = 64;
    pub const BOUNDARY: u32 = 128;
    pub const COORD: u32 = 256;
    pub const RELATIVE: u32 = 512;
    pub const ARTICLE: u32 = 1024;
    pub const PASSIVE_AUX: u32 = 2048;
    pub const OTHER_PREP: u32 = 4096;
    pub const QUANT: u32 = 8192;
    pub const PURPOSE: u32 = 16384;
    pub const AUX: u32 = 32768;
    /// A reflexive clitic before an auxiliary ("si sono ritirati"): a pronominal verb, no passive.
    pub const REFLEXIVE: u32 = 65536;
    /// A word opening a deadline or an interval's end ("fino al 31 gennaio", "until 2028"): the
    /// time it introduces bounds the event, it does not date it.
    pub const DEADLINE: u32 = 131072;
    /// A preposition whose noun object is an event of its own, not a frame of another
    /// ("without a deal", "senza un accordo").
    pub const EVENT_PREP: u32 = 262144;
    /// A count or measure noun before "di"/"of" whose complement is the event ("two days of
    /// talks", "una serie di attacchi", "an outbreak of clashes").
    pub const MEASURE: u32 = 524288;
    /// "after"/"dopo" ending a span of days ("two days after X", "il giorno dopo che …"): what
    /// follows happened that many days before the sentence's own time.
    pub const AFTER: u32 = 1 << 20;
    /// "before"/"prima": what follows happened that many days after the sentence's own time.
    pub const BEFORE: u32 = 1 << 21;
    /// A singular day word ("day", "giorno") counted by an article in "a day after".
    pub const DAY: u32 = 1 << 22;
    /// A preposition of origin ("from", "da"): an attack launched from a country does not happen there.
    pub const ORIGIN: u32 = 1 << 23;
    /// A subject pronoun ("she", "lui"): a sentence opening with it goes on about the subject
    /// of the sentence before.
    pub const PRONOUN: u32 = 1 << 24;
    /// An adverb that continues the previous sentence ("also", "inoltre").
    pub const CONTINUE: u32 = 1 << 25;
    /// A border noun ("border", "confine"): a bare one is the border of the country acting there.
    pub const BORDER: u32 = 1 << 26;
    /// A possessive determiner ("his", "its", "suo"): an unnamed source it opens ("his office",
    /// "il suo portavoce") speaks for the actor it refers to.
    pub const POSSESSIVE: u32 = 1 << 27;
    /// An object pronoun ("him", "them", "lo", "gli", "le" before an auxiliary): the verb's
    /// object is an actor named before, not one the clause names.
    pub const OBJ_PRONOUN: u32 = 1 << 28;
    /// A pronoun only a person is ("him", "his", "her"): its antecedent is a person; "rejected
    /// her appeal" is aimed at a person named before ("its"/"their" mostly point back at the
    /// subject itself).
    pub const PERSON_PRONOUN: u32 = 1 << 29;
    /// A word of a vote or a ruling ("voted", "ballot", "majority", "ruling"): a "101-6" beside
    /// it is a tally, not a match score (`Ctx::match_score`).
    pub const TALLY: u32 = 1 << 30;
    /// The readings asked only where a pronoun may stand (`Ctx::pronoun_marks`).
    pub const PRONOUN_MARKS: u32 = OBJ_PRONOUN | PERSON_PRONOUN;
    /// Readings [`Ctx::role_at`](crate::ctx::Ctx::role_at) leaves out: they must not change how
    /// phrases and lists are read (a word with no other role is still a content word).
    pub const NOT_STRUCTURE: u32 = PRONOUN_MARKS | TALLY;
    pub const PREPS: u32 =
        TARGET | WITH | AGAINST | AGENT | LOCATIVE | GENITIVE | BETWEEN | OTHER_PREP;

    pub fn parse(s: &str) -> Option<u32> {
        Some(match s {
            "target" => TARGET,
            "with" => WITH,
            "against" => AGAINST,
            "agent" => AGENT,
            "locative" => LOCATIVE,
            "genitive" => GENITIVE,
            "between" => BETWEEN,
            "boundary" => BOUNDARY,
            "coord" => COORD,
            "relative" => RELATIVE,
            "article" => ARTICLE,
            "passive-aux" => PASSIVE_AUX,
            "prep" => OTHER_PREP,
            "quant" => QUANT,
            "purpose" => PURPOSE,
            "aux" => AUX,
            "reflexive" => REFLEXIVE,
            "deadline" => DEADLINE,
            "event-prep" => EVENT_PREP,
            "measure" => MEASURE,
            "after" => AFTER,
            "before" => BEFORE,
            "day" => DAY,
            "origin" => ORIGIN,
            "pronoun" => PRONOUN,
            "continue" => CONTINUE,
            "border" => BORDER,
            "possessive" => POSSESSIVE,
            "object-pronoun" => OBJ_PRONOUN,
            "person-pronoun" => PERSON_PRONOUN,
            "tally" => TALLY,
            _ => return None,
        })
    }
}

/// The slot of vocabulary id `id` in a table laid out by id ([`by_id`]): one past it, so that
/// [`UNKNOWN`] (`u32::MAX`) wraps to slot 0, the value of a word no table names.
#[inline(always)]
pub(crate) fn id_slot(id: u32) -> usize {
    id.wrapping_add(1) as usize
}

/// The entry of vocabulary id `id` in a table laid out by [`id_slot`] (one entry more than the
/// vocabulary, the first being the value of an unknown word). Every id of the vocabulary and
/// [`UNKNOWN`] fall inside it, so the bounds test always passes: `get(id).unwrap_or(..)` over a
/// table laid out by id itself was a branch taken for the unknown words, which follow no
/// pattern (mispredicted for about one token in five: 260k mispredicts per 1,000 news for the
/// class and role reads). An id past the table reads the default.
#[inline(always)]
pub(crate) fn by_id<T: Copy + Default>(table: &[T], id: u32) -> T {
    table.get(id_slot(id)).copied().unwrap_or_default()
}

/// What a token can do for the pattern scans, by vocabulary id ([`LangRules::class_by_id`]) and
/// then by token ([`Ctx::class`]), so that a sentence with no trigger word is passed over after
/// one scan of a byte per token, and the cue and anaphora scans probe only tokens that can start
/// one of their patterns.
mod class {
    /// Starts a trigger pattern.
    pub const TRIGGER: u8 = 1;
    /// Starts a modality cue.
    pub const MODALITY: u8 = 2;
    /// Starts an attribution cue.
    pub const ATTRIB: u8 = 4;
    /// Starts an anaphora phrase.
    pub const ANAPHORA: u8 = 8;
    /// A sport/weather blocker word.
    pub const BLOCKER: u8 = 16;
    /// A quotation mark (`ctx::is_quote`) or a bare hyphen token, told apart by id
    /// ([`LangRules::hyphen`](crate::LangRules)): typography a pattern looks through (a
    /// hyphen only inside a compound). One bit for both, so that [`COMPLETES`] has one.
    pub const TYPOGRAPHY: u8 = 32;
    /// A form of the element of a trigger pattern that every match of that pattern holds
    /// ([`PatternSet::completers`](crate::PatternSet::completers)): a sentence with no such
    /// token can hold no trigger match, whatever its start words.
    pub const COMPLETES: u8 = 64;
    /// A cue word of a non-political news domain (events/domains.tsv).
    pub const DOMAIN: u8 = 128;
}

/// Flags a trigger row may carry (last column, comma-separated, `-` for none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// Reciprocal: calls, talks, agreements; two coordinated subjects are source and target.
    pub recip: bool,
    /// Intransitive verb: "è intervenuto" is not a passive.
    pub intr: bool,
    /// A country after a locative preposition is the destination, so the target ("inviato in Russia").
    pub dest: bool,
    /// For a noun: the actor after "di"/"of" is the source ("la visita di Putin").
    pub ofsrc: bool,
    /// An actor after "con"/"with" fights alongside the subject ("combattuto con le forze russe").
    pub withally: bool,
    /// The clause's subject is accused and the speaker accuses ("said X was responsible").
    pub accuse_subject: bool,
    /// A verb that holds people only with a person or group object ("trattenuto il presidente",
    /// not "trattenere le lacrime"): dropped when its clause names no target.
    pub needobj: bool,
    /// The row reads a negated verb ("senza escludere l'uso della forza", "did not rule out
    /// force" threaten): a negation before it is the meaning, and the event stays asserted.
    pub litotes: bool,
    /// A verb or predicate that is an event only when negated right before it, as a refusal
    /// its subject states ("will not pay a ransom", "is not negotiable", "non è in vendita"):
    /// the negation is the meaning (asserted REJECT); the plain reading is no event at all.
    pub refusal: bool,
    /// An assertion of ownership said of a disputed thing ("the island is ours", "belongs to
    /// us"): like a refusal predicate, the speaker's REJECT of another's claim, but asserted;
    /// negated ("is not ours") it is no event.
    pub claim: bool,
    /// A rejection of accusations ("ha respinto le accuse", "rejected the allegations"): with
    /// no target in its clause it answers the latest accusation aimed at its source's side,
    /// so its target is that accusation's author ([`Ctx::aim_rebuttals`]).
    pub rebut: bool,
    /// A rejection of another party's act named as a noun ("ha respinto gli appelli", "rejected
    /// the decision"): with no target in its clause it answers the author of that act, the
    /// latest demand or pressure by another country on the rejecter's side ([`Ctx::aim_answers`]),
    /// not an actor merely named nearby.
    pub answer: bool,
}

/// One trigger row: the event a pattern codes.
#[derive(Debug, Clone)]
pub struct TriggerEntry {
    /// `None` for suppressor rows (pattern type `-`): a longer reading that is not an event.
    pub event_type: Option<String>,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    pub goldstein: Option<f32>,
    pub flags: Flags,
    /// `file:line` of the row, for diagnostics.
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttribKind {
    /// "secondo X", "according to X": the actor after the cue.
    According,
    /// "X ha detto", "X said": the speaker.
    Speech,
}

/// What one language's pack says about events.
#[derive(Debug, Clone, Default)]
pub struct LangRules {
    triggers: PatternSet,
    entries: Vec<TriggerEntry>,
    modality: PatternSet,
    modality_kind: Vec<Modality>,
    attrib: PatternSet,
    attrib_kind: Vec<AttribKind>,
    roles: HashMap<String, u32>,
    blockers: HashSet<String>,
    anaphora: PatternSet,
    anaphora_kind: Vec<Anaphor>,
    /// Every word the tables above name, numbered: a document's words are looked up once.
    vocab: Vocab,
    /// Role bits by vocabulary id.
    role_by_id: Vec<u32>,
    /// Whether a vocabulary id is a sport/weather blocker word.
    blocker_by_id: Vec<bool>,
    /// [`class`] bits by vocabulary id.
    class_by_id: Vec<u8>,
    /// Vocabulary id of the bare hyphen "-" (the tokens of class [`class::TYPOGRAPHY`] that are
    /// no quotation mark).
    hyphen: u32,
    /// Goldstein values of the readings a trigger takes from its context (see `retype`).
    retype_goldstein: RetypeGoldstein,
    /// Names of the non-political news domains of events/domains.tsv, in file order.
    domain_names: Vec<String>,
    /// Domain of each vocabulary id: 0 for none, else 1 + its index in `domain_names`.
    domain_by_id: Vec<u8>,
    /// Companies' legal forms as written, from the common actor table
    /// ([`COMPANY_FORMS`]) that the actor stage reads too.
    pub(crate) company_forms: HashSet<String>,
    /// English country names by alpha-3 code ([`Ontology::country_name`]), for a country-level
    /// actor this stage implies.
    pub(crate) country_names: std::collections::HashMap<String, String>,
}

/// Goldstein values of the CAMEO codes `Ctx::retype` gives: a violent act by protesters is a
/// riot (145), a refusal to support (120) or to yield (124) a rejection.
#[derive(Debug, Clone, Copy, Default)]
struct RetypeGoldstein {
    riot: Option<f32>,
    reject: Option<f32>,
    reject_yield: Option<f32>,
}

/// A phrase standing for actors named earlier, when the actor stage left it unresolved.
#[derive(Debug, Clone)]
enum Anaphor {
    /// "i due Paesi", "the two countries": the two countries the article is about so far.
    Pair,
    /// "il suo governo", "its army": the sector of the latest actor of the given kinds.
    Possessive {
        sector: String,
        kinds: Vec<EntityKind>,
    },
    /// "i manifestanti", "riot police": an unnamed group of the sector, of the country the article
    /// is about (the actor stage composes a group noun only with a demonym or a country name).
    /// `counted`: only after a number or quantifier ("at least 14 people", "centinaia di persone").
    Group { sector: String, counted: bool },
    /// "the group", "il movimento": after a definite article and with no "of"/"di" after it, the
    /// latest actor of the given kinds named before ("Hamas … il movimento islamista").
    /// `igo`: only an international body ("l'Asean … il blocco", "NATO … the alliance"): a
    /// bloc is never the government or army named in between.
    Antecedent { kinds: Vec<EntityKind>, igo: bool },
}

impl LangRules {
    /// Loads `events/*.tsv` of a language pack, validating trigger rows against the ontology.
    pub fn from_pack(pack: &Pack, onto: &Ontology) -> Result<Self, PackError> {
        let morph = Morphology::from_pack(pack)?;
        let mut r = LangRules {
            retype_goldstein: RetypeGoldstein {
                riot: onto.goldstein("145"),
                reject: onto.goldstein("120"),
                reject_yield: onto.goldstein("124"),
            },
            country_names: onto.country_names().clone(),
            ..LangRules::default()
        };
        for row in pack.rows("events/triggers.tsv") {
            let [pat, ty, mode, cameo, flags] = row.columns::<5>()?;
            let entry = trigger_entry(&row, ty, mode, cameo, flags, onto)?;
            r.triggers.add(&row, pat, &morph, &mut r.vocab)?;
            r.entries.push(entry);
        }
        for row in pack.rows("events/modality.tsv") {
            let [kind, pat] = row.columns::<2>()?;
            let m = match kind {
                "negated" => Modality::Negated,
                "future" => Modality::Future,
                "hypothetical" => Modality::Hypothetical,
                k => return Err(row.error(format!("unknown modality {k:?}"))),
            };
            r.modality.add(&row, pat, &morph, &mut r.vocab)?;
            r.modality_kind.push(m);
        }
        for row in pack.rows("events/attribution.tsv") {
            let [kind, pat] = row.columns::<2>()?;
            let k = match kind {
                "according" => AttribKind::According,
                "speech" => AttribKind::Speech,
                k => return Err(row.error(format!("unknown attribution cue kind {k:?}"))),
            };
            r.attrib.add(&row, pat, &morph, &mut r.vocab)?;
            r.attrib_kind.push(k);
        }
        for row in pack.rows("events/roles.tsv") {
            let [kind, words] = row.columns::<2>()?;
            let bit =
                role::parse(kind).ok_or_else(|| row.error(format!("unknown role {kind:?}")))?;
            for w in words.split_whitespace() {
                *r.roles.entry(w.to_lowercase()).or_default() |= bit;
            }
        }
        for row in pack.rows("events/anaphora.tsv") {
            let [kind, pat, sector, kinds] = row.columns::<4>()?;
            let a = match kind {
                "pair" => Anaphor::Pair,
                "possessive" => Anaphor::Possessive {
                    sector: sector.to_string(),
                    kinds: parse_kinds(&row, kinds)?,
                },
                "antecedent" => Anaphor::Antecedent {
                    kinds: parse_kinds(&row, kinds.trim_end_matches(",igo"))?,
                    igo: kinds.ends_with(",igo"),
                },
                "group" => Anaphor::Group {
                    sector: sector.to_string(),
                    counted: match kinds {
                        "-" => false,
                        "counted" => true,
                        x => return Err(row.error(format!("unknown group condition {x:?}"))),
                    },
                },
                k => return Err(row.error(format!("unknown anaphor kind {k:?}"))),
            };
            if let Anaphor::Possessive { sector, .. } | Anaphor::Group { sector, .. } = &a {
                if !onto.is_sector(sector) {
                    return Err(row.error(format!("unknown PLOVER sector {sector:?}")));
                }
            }
            r.anaphora.add(&row, pat, &morph, &mut r.vocab)?;
            r.anaphora_kind.push(a);
        }
        for row in pack.rows("events/blockers.tsv") {
            for w in row.fields() {
                if !w.is_empty() {
                    r.blockers.insert(w.to_lowercase());
                }
            }
        }
        let mut domain_words: Vec<(String, u8)> = Vec::new();
        for row in pack.rows("events/domains.tsv") {
            let mut f = row.fields();
            let name = f.next().unwrap_or_default();
            let k = match r.domain_names.iter().position(|d| d == name) {
                Some(k) => k,
                None => {
                    r.domain_names.push(name.to_string());
                    r.domain_names.len() - 1
                }
            };
            let k = u8::try_from(k + 1)
                .map_err(|_| row.error("more than 255 domains in events/domains.tsv"))?;
            for w in f.filter(|w| !w.is_empty()) {
                domain_words.push((w.to_lowercase(), k));
            }
        }
        for w in r
            .roles
            .keys()
            .chain(r.blockers.iter())
            .chain(domain_words.iter().map(|(w, _)| w))
        {
            r.vocab.intern(w);
        }
        // typography a pattern looks through gets an id too, so that its token class says so
        // (an id no table names matches and starts nothing, as an unknown word)
        for w in QUOTES.iter().chain(["-"].iter()) {
            r.vocab.intern(w);
        }
        let n = r.vocab.len();
        for set in [
            &mut r.triggers,
            &mut r.modality,
            &mut r.attrib,
            &mut r.anaphora,
        ] {
            set.finish(n);
        }
        // (laid out by [`id_slot`]: slot 0 is an unknown word's)
        r.role_by_id = vec![0; r.vocab.len() + 1];
        r.blocker_by_id = vec![false; r.vocab.len()];
        for (w, &bits) in &r.roles {
            let id = r.vocab.intern(w) as usize;
            r.role_by_id[id + 1] = bits;
        }
        for w in &r.blockers {
            let id = r.vocab.intern(w) as usize;
            r.blocker_by_id[id] = true;
        }
        r.domain_by_id = vec![0; r.vocab.len()];
        // a word listed twice keeps its first domain
        for (w, k) in domain_words.iter().rev() {
            let id = r.vocab.intern(w) as usize;
            r.domain_by_id[id] = *k;
        }
        let quotes: Vec<u32> = QUOTES.iter().map(|w| r.vocab.get(w)).collect();
        let hyphen = r.vocab.get("-");
        r.hyphen = hyphen;
        // the trigger patterns' completing forms, by id (a pattern's element with the fewest
        // role words among its forms: "in +carcere" completes on "carcere", not on "in")
        let mut completes = vec![false; r.vocab.len()];
        let role_by_id = &r.role_by_id;
        let words = r.vocab.words();
        let text = |f: u32| words.get(f as usize).copied().unwrap_or("");
        for f in r.triggers.completers(|f| by_id(role_by_id, f) != 0, text) {
            if let Some(x) = completes.get_mut(f as usize) {
                *x = true;
            }
        }
        // (laid out by [`id_slot`]: an unknown word's classes, none, first)
        r.class_by_id = std::iter::once(0)
            .chain((0..r.vocab.len() as u32).map(|id| {
                let mut c = 0;
                if id == hyphen {
                    c |= class::TYPOGRAPHY;
                }
                if completes[id as usize] {
                    c |= class::COMPLETES;
                }
                for (set, bit) in [
                    (&r.triggers, class::TRIGGER),
                    (&r.modality, class::MODALITY),
                    (&r.attrib, class::ATTRIB),
                    (&r.anaphora, class::ANAPHORA),
                ] {
                    if set.starts_with_id(id) {
                        c |= bit;
                    }
                }
                if r.is_blocker(id) {
                    c |= class::BLOCKER;
                }
                if r.domain_by_id[id as usize] != 0 {
                    c |= class::DOMAIN;
                }
                c
            }))
            .collect();
        // the quotation marks' bit set at their own ids, instead of a search of the eight marks
        // for every id of the vocabulary (a word no table names has none to set)
        for q in quotes {
            if q == UNKNOWN {
                continue;
            }
            if let Some(c) = r.class_by_id.get_mut(id_slot(q)) {
                *c |= class::TYPOGRAPHY;
            }
        }
        // (the same classes kept in the vocabulary's slots, laid out by id itself: a document's
        // ids and classes are read in one pass, `Vocab::ids_and_classes_in`)
        let by_id_itself = r.class_by_id.get(1..).unwrap_or(&[]).to_vec();
        r.vocab.set_classes(by_id_itself);
        Ok(r)
    }

    /// Role bits of a vocabulary id (none for a word no table names).
    #[inline]
    fn role_id(&self, id: u32) -> u32 {
        by_id(&self.role_by_id, id)
    }

    /// [`class`] bits of a vocabulary id (none for a word no table names).
    fn class_id(&self, id: u32) -> u8 {
        by_id(&self.class_by_id, id)
    }

    fn is_blocker(&self, id: u32) -> bool {
        id != UNKNOWN
            && self
                .blocker_by_id
                .get(id as usize)
                .copied()
                .unwrap_or(false)
    }

    fn role(&self, w: &str) -> u32 {
        self.roles.get(w).copied().unwrap_or(0)
    }

    pub fn trigger_count(&self) -> usize {
        self.entries.len()
    }

    /// The trigger rows matching a short text (one sentence), longest first: for corpus tests.
    pub fn entry(&self, id: usize) -> &TriggerEntry {
        &self.entries[id]
    }
}

/// Antecedent kinds of an anaphora row ("person,country").
fn parse_kinds(row: &Row, kinds: &str) -> Result<Vec<EntityKind>, PackError> {
    kinds
        .split(',')
        .map(|k| match k.trim() {
            "person" => Ok(EntityKind::Person),
            "country" => Ok(EntityKind::Country),
            "org" => Ok(EntityKind::Org),
            "group" => Ok(EntityKind::Group),
            x => Err(row.error(format!("unknown antecedent kind {x:?}"))),
        })
        .collect()
}

fn trigger_entry(
    row: &Row,
    ty: &str,
    mode: &str,
    cameo: &str,
    flags: &str,
    onto: &Ontology,
) -> Result<TriggerEntry, PackError> {
    let origin = format!("{}:{}", row.file, row.line);
    if ty == "-" {
        return Ok(TriggerEntry {
            event_type: None,
            mode: None,
            cameo: None,
            goldstein: None,
            flags: Flags::default(),
            origin,
        });
    }
    if !onto.is_type(ty) {
        return Err(row.error(format!("unknown PLOVER event type {ty:?}")));
    }
    let mode = (mode != "-").then(|| mode.to_string());
    if let Some(m) = &mode {
        if !onto.is_mode(ty, m) {
            return Err(row.error(format!("{m:?} is not a PLOVER mode of {ty}")));
        }
    }
    let cameo = (cameo != "-").then(|| cameo.to_string());
    if let Some(c) = &cameo {
        if !onto.has_cameo(c) {
            return Err(row.error(format!("unknown CAMEO code {c:?}")));
        }
    }
    let mut f = Flags::default();
    for fl in flags
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty() && *x != "-")
    {
        match fl {
            "recip" => f.recip = true,
            "intr" => f.intr = true,
            "dest" => f.dest = true,
            "ofsrc" => f.ofsrc = true,
            "withally" => f.withally = true,
            "accsubj" => f.accuse_subject = true,
            "needobj" => f.needobj = true,
            "litotes" => f.litotes = true,
            "refusal" => f.refusal = true,
            "claim" => f.claim = true,
            "rebut" => f.rebut = true,
            "answer" => f.answer = true,
            x => return Err(row.error(format!("unknown flag {x:?}"))),
        }
    }
    Ok(TriggerEntry {
        event_type: Some(ty.to_string()),
        goldstein: cameo.as_deref().and_then(|c| onto.goldstein(c)),
        mode,
        cameo,
        flags: f,
        origin,
    })
}

/// Distinct sport/weather marker words (events/blockers.tsv) that make a whole article sport or
/// weather news; one or two occur in political news too ("the Olympics", "stadium").
const SPORT_WEATHER_MARKERS: usize = 3;

/// The events stage. Built once from the packs (all patterns compiled), then shared across threads.
#[derive(Debug, Clone)]
pub struct EventCoder {
    langs: HashMap<String, LangRules>,
    ontology: Ontology,
}

/// The common table of companies' legal forms, one per row as written ("S.p.A.", "Inc."): the
/// actor stage takes them into organisations' names and gives those the business sector; this
/// stage reads them after a name the actor stage left without one ("Refco, Inc."), for the rule
/// on acts between companies (`domain.rs`). One table, so that the two stages agree.
pub const COMPANY_FORMS: &str = "actors/legal_forms.tsv";

impl EventCoder {
    pub fn new(packs: &Packs) -> Result<Self, PackError> {
        let ontology = Ontology::from_packs(packs)?;
        let company_forms: HashSet<String> = packs
            .common()
            .rows(COMPANY_FORMS)
            .map(|row| row.raw.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect();
        let mut langs = HashMap::default();
        for code in packs.languages() {
            let pack = packs.get(code).expect("listed language");
            if pack.has("events/triggers.tsv") {
                let mut rules = LangRules::from_pack(pack, &ontology)?;
                rules.company_forms = company_forms.clone();
                langs.insert(code.to_string(), rules);
            }
        }
        Ok(EventCoder { langs, ontology })
    }

    pub fn ontology(&self) -> &Ontology {
        &self.ontology
    }

    /// The rules of a language, if its pack has event tables.
    pub fn rules(&self, lang: &str) -> Option<&LangRules> {
        self.langs.get(lang)
    }

    /// Appends to `doc.events` the events its sentences state. A side the clause leaves empty is
    /// filled from the preceding text (see [`annotate_with`](Self::annotate_with)).
    pub fn annotate(&self, doc: &mut Document) {
        self.annotate_with(doc, true);
    }

    /// As [`annotate`](Self::annotate); `infer_sides` chooses whether a source or target the
    /// clause does not name is inferred from the article (the latest other-country actor before
    /// the trigger, or the article's main country), marked `events: implicit` in its note — the
    /// reading news coders apply — or left empty.
    pub fn annotate_with(&self, doc: &mut Document, infer_sides: bool) {
        let own_tokens;
        let tokens: &[Token] = if doc.tokens.is_empty() {
            own_tokens = tokenize(&doc.text);
            &own_tokens
        } else {
            &doc.tokens
        };
        // Most articles have no typographic apostrophe: then no word needs looking into
        // (whether there is one is seen while lowercasing).
        // (The text lowercased once by the segmenter, held as a shared copy while events are
        // appended; a document that was not segmented is folded here by the same function.)
        let folded = doc
            .folded_shared()
            .unwrap_or_else(|| std::sync::Arc::new(annalist_doc::Folded::of(&doc.text)));
        let (lower, curly) = (folded.lower(), folded.curly());
        // the few words that have one get a straightened copy, the others are slices of `lower`
        let straightened: Vec<(usize, String)> = if curly {
            tokens
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    let w = lower.get(t.span.range()).unwrap_or("");
                    w.contains('\u{2019}')
                        .then(|| (i, w.replace('\u{2019}', "'")))
                })
                .collect()
        } else {
            Vec::new()
        };
        // (the words are sliced when asked: most are never read as text)
        let words = Words::new(lower, tokens, &straightened);
        let mut note = None;
        let lang = match doc.lang.as_deref().filter(|l| self.langs.contains_key(*l)) {
            Some(l) => l.to_string(),
            None => match self.guess_lang(&words) {
                Some(l) => {
                    note = Some(format!(
                        "events: no known language given; coded as {l:?} by its function words"
                    ));
                    l
                }
                None => {
                    doc.info("events: no event rules for this document's language", None);
                    return;
                }
            },
        };
        let rules = &self.langs[&lang];
        // (read from the folded bytes; the few straightened words by their own text; each
        // token's classes with its id, from the same table slot)
        let (mut ids, mut classes) = rules.vocab.ids_and_classes_in(lower, tokens);
        for (i, w) in &straightened {
            ids[*i] = rules.vocab.get(w);
            classes[*i] = rules.class_id(ids[*i]);
        }
        // Sport or weather news as a whole: three different marker words in the article.
        // (found eight class bytes at a time: most articles have none)
        let mut markers: Vec<&str> = sparse_positions(&classes, class::BLOCKER)
            .map(|i| words.get(i))
            .collect();
        markers.sort_unstable();
        markers.dedup();
        // a match score ("3-1", "2 – 0") is a marker too: short numbers on both sides of a dash
        // (votes "101-6" and year spans "2015-2020" are longer). It adds one marker at most, so
        // the words are searched for one only when it can make the count (most articles have
        // no marker word at all, and the search read every word's first byte).
        if markers.len() + 1 >= SPORT_WEATHER_MARKERS {
            let small =
                |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
            // (both forms start with a digit: other words are passed over on their first byte)
            let n = words.len();
            let at = |i: usize| (i < n).then(|| words.get(i));
            let score = (0..n).any(|i| {
                let w = words.get(i);
                w.as_bytes().first().is_some_and(u8::is_ascii_digit)
                    && (w
                        .split_once(['-', '\u{2013}'])
                        .is_some_and(|(a, b)| small(a) && small(b))
                        || (small(w)
                            && matches!(at(i + 1), Some("-" | "\u{2013}"))
                            && at(i + 2).is_some_and(small)))
            });
            if score {
                markers.push("score");
                markers.sort_unstable();
                markers.dedup();
            }
        }
        if markers.len() >= SPORT_WEATHER_MARKERS {
            doc.info(
                format!(
                    "events: sport or weather article ({}), no political event coded",
                    markers.join(", ")
                ),
                None,
            );
            return;
        }
        // (read before the context borrows the document; its words borrow `lower`, not `doc`)
        let domain = rules
            .domain_reading(&words, &ids, &classes, &doc.entities)
            .map(|d| {
                let why = format!(
                    "events: {} news ({} cue words: {}; {} state-actor mentions): only protests \
                     and acts between two political actors named in their clause are coded",
                    d.domain,
                    d.cues.len(),
                    d.cues.join(", "),
                    d.state
                );
                (d.k, why)
            });
        let own_sentences;
        let sentences: &[Span] = if doc.sentences.is_empty() {
            own_sentences = split_sentences(&doc.text);
            &own_sentences
        } else {
            &doc.sentences
        };
        let mut ctx = Ctx::new(doc, tokens, words, ids, classes, rules);
        ctx.infer = infer_sides;
        let mut events = Vec::new();
        let mut carried: Option<Attribution> = None;
        let mut scratch = Scratch::take();
        let mut cursor = 0;
        for &sent in sentences {
            ctx.sentence(sent, &mut cursor, &mut events, &mut carried, &mut scratch);
        }
        drop(scratch);
        ctx.aim_refusals(&mut events);
        ctx.aim_rebuttals(&mut events);
        ctx.aim_answers(&mut events);
        // (the text's line breaks are found only for an article with events)
        let breaks: &[u32] = if events.is_empty() {
            &[]
        } else {
            ctx.line_breaks()
        };
        let mut events = dedup(merge_headline(&doc.text, breaks, events));
        if infer_sides {
            ctx.implicit_sides(&mut events);
        }
        // sides inferred from the discourse can make two mentions agree that did not before
        // (a headline's "Pakistan vows crackdown" and the body's "the prime minister vowed stern
        // action", whose speaker only the article places): merged once more
        if infer_sides {
            let breaks: &[u32] = if events.is_empty() {
                &[]
            } else {
                ctx.line_breaks()
            };
            events = dedup(merge_headline(&doc.text, breaks, events));
        }
        drop(ctx);
        if let Some(n) = note {
            doc.info(n, None);
        }
        if let Some((k, why)) = domain {
            let before = events.len();
            events.retain(|e| rules.keeps_in_domain(e, k));
            doc.info(
                format!("{why}; {} of {before} dropped", before - events.len()),
                None,
            );
        }
        if !events.is_empty() {
            let before = events.len();
            rules.drop_commercial(doc, &mut events);
            if events.len() < before {
                doc.info(
                    format!(
                        "events: {} of {before} acts between companies dropped (no state actor \
                         is a side)",
                        before - events.len()
                    ),
                    None,
                );
            }
        }
        doc.events.extend(events);
    }

    fn guess_lang(&self, words: &Words) -> Option<String> {
        let mut best: Option<(usize, &String)> = None;
        for (code, r) in &self.langs {
            let n = (0..words.len())
                .filter(|&i| r.role(words.get(i)) & (role::ARTICLE | role::PREPS) != 0)
                .count();
            if n > 0 && best.is_none_or(|(b, c)| n > b || n == b && code < c) {
                best = Some((n, code));
            }
        }
        best.map(|(_, c)| c.clone())
    }
}
