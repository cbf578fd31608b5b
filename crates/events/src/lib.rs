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

mod morph;
mod ontology;
mod pattern;
mod text;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

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
            _ => return None,
        })
    }
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
}

impl LangRules {
    /// Loads `events/*.tsv` of a language pack, validating trigger rows against the ontology.
    pub fn from_pack(pack: &Pack, onto: &Ontology) -> Result<Self, PackError> {
        let morph = Morphology::from_pack(pack)?;
        let mut r = LangRules::default();
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
                    kinds: kinds
                        .split(',')
                        .map(|k| match k.trim() {
                            "person" => Ok(EntityKind::Person),
                            "country" => Ok(EntityKind::Country),
                            "org" => Ok(EntityKind::Org),
                            "group" => Ok(EntityKind::Group),
                            x => Err(row.error(format!("unknown antecedent kind {x:?}"))),
                        })
                        .collect::<Result<_, _>>()?,
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
        for w in r.roles.keys().chain(r.blockers.iter()) {
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
        r.role_by_id = vec![0; r.vocab.len()];
        r.blocker_by_id = vec![false; r.vocab.len()];
        for (w, &bits) in &r.roles {
            let id = r.vocab.intern(w) as usize;
            r.role_by_id[id] = bits;
        }
        for w in &r.blockers {
            let id = r.vocab.intern(w) as usize;
            r.blocker_by_id[id] = true;
        }
        Ok(r)
    }

    /// Role bits of a vocabulary id (none for a word no table names).
    fn role_id(&self, id: u32) -> u32 {
        self.role_by_id.get(id as usize).copied().unwrap_or(0)
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

impl EventCoder {
    pub fn new(packs: &Packs) -> Result<Self, PackError> {
        let ontology = Ontology::from_packs(packs)?;
        let mut langs = HashMap::default();
        for code in packs.languages() {
            let pack = packs.get(code).expect("listed language");
            if pack.has("events/triggers.tsv") {
                langs.insert(code.to_string(), LangRules::from_pack(pack, &ontology)?);
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
        let lower = lower_same_len(&doc.text);
        let words: Vec<Cow<str>> = tokens
            .iter()
            .map(|t| {
                let w = lower.get(t.span.range()).unwrap_or("");
                if w.contains('\u{2019}') {
                    Cow::Owned(w.replace('\u{2019}', "'"))
                } else {
                    Cow::Borrowed(w)
                }
            })
            .collect();
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
                    drop(words);
                    doc.info("events: no event rules for this document's language", None);
                    return;
                }
            },
        };
        let rules = &self.langs[&lang];
        let ids = {
            let ws: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
            rules.vocab.ids(&ws)
        };
        // Sport or weather news as a whole: three different marker words in the article.
        let mut markers: Vec<&str> = words
            .iter()
            .zip(&ids)
            .filter(|(_, &id)| rules.is_blocker(id))
            .map(|(w, _)| w.as_ref())
            .collect();
        // a match score ("3-1", "2 – 0") is a marker too: short numbers on both sides of a dash
        // (votes "101-6" and year spans "2015-2020" are longer)
        let small = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
        let score = words.iter().enumerate().any(|(i, w)| {
            let w = w.as_ref();
            w.split_once(['-', '\u{2013}'])
                .is_some_and(|(a, b)| small(a) && small(b))
                || (small(w)
                    && matches!(words.get(i + 1).map(|x| x.as_ref()), Some("-" | "\u{2013}"))
                    && words.get(i + 2).is_some_and(|x| small(x.as_ref())))
        });
        if score {
            markers.push("score");
        }
        markers.sort_unstable();
        markers.dedup();
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
        let own_sentences;
        let sentences: &[Span] = if doc.sentences.is_empty() {
            own_sentences = split_sentences(&doc.text);
            &own_sentences
        } else {
            &doc.sentences
        };
        let mut ctx = Ctx::new(doc, tokens, &words, ids, rules);
        ctx.infer = infer_sides;
        let mut events = Vec::new();
        let mut carried: Option<Attribution> = None;
        for &sent in sentences {
            ctx.sentence(sent, &mut events, &mut carried);
        }
        let mut events = dedup(merge_headline(&doc.text, events));
        if infer_sides {
            ctx.implicit_sides(&mut events);
        }
        drop(ctx);
        drop(words);
        if let Some(n) = note {
            doc.info(n, None);
        }
        doc.events.extend(events);
    }

    fn guess_lang(&self, words: &[Cow<str>]) -> Option<String> {
        let mut best: Option<(usize, &String)> = None;
        for (code, r) in &self.langs {
            let n = words
                .iter()
                .filter(|w| r.role(w) & (role::ARTICLE | role::PREPS) != 0)
                .count();
            if n > 0 && best.is_none_or(|(b, c)| n > b || n == b && code < c) {
                best = Some((n, code));
            }
        }
        best.map(|(_, c)| c.clone())
    }
}

/// One document being coded: tokens, lowercased words, and which entity covers each token.
struct Ctx<'a> {
    doc: &'a Document,
    /// The document's entities plus those this stage resolved itself (pairs, possessives).
    entities: Ents<'a>,
    tokens: &'a [Token],
    words: Vec<&'a str>,
    rules: &'a LangRules,
    ent_of: Vec<Option<usize>>,
    ent_first: Vec<usize>,
    ent_last: Vec<usize>,
    published: Option<String>,
    /// The article's focus: the first mention of the country its actors most often belong to.
    focus: Option<usize>,
    /// Whether sides the clause leaves unsaid (or actors of unknown country) are inferred.
    infer: bool,
    /// Tokens a trigger pattern looks through: times, and names but their last token.
    transparent: Vec<bool>,
    /// Vocabulary id of each token's word ([`Vocab`]).
    ids: Vec<u32>,
    /// The dateline's entity ("KABUL, 27 AGO -"), where the report was filed.
    dateline: Option<usize>,
    /// Role bits of each token.
    role_of: Vec<u32>,
}

/// A trigger chosen in a sentence, with the roles found for it.
struct Found {
    hit: Hit,
    source: Vec<usize>,
    /// Index of its event in the document's event list.
    event: usize,
    event_type: String,
}

impl<'a> Ctx<'a> {
    fn new(
        doc: &'a Document,
        tokens: &'a [Token],
        words: &'a [Cow<'a, str>],
        ids: Vec<u32>,
        rules: &'a LangRules,
    ) -> Self {
        let role_of: Vec<u32> = ids.iter().map(|&id| rules.role_id(id)).collect();
        let extra = resolve_anaphora(rules, doc, tokens, &ids, &role_of);
        let entities = Ents {
            base: &doc.entities,
            extra,
        };
        let mut ent_of = vec![None; tokens.len()];
        let mut ent_first = vec![usize::MAX; entities.len()];
        let mut ent_last = vec![0; entities.len()];
        // a name the actor stage read inside a time expression with no country to back it is
        // a piece of the date ("KIGALI, 27 MAG -": the month as an acronym), no actor
        let in_time = |e: &Entity| {
            e.country.is_none()
                && doc
                    .times
                    .iter()
                    .any(|t| t.span.start <= e.span.start && e.span.end <= t.span.end)
        };
        for (k, e) in entities.iter().enumerate() {
            if in_time(e) {
                continue;
            }
            let lo = tokens.partition_point(|t| t.span.end <= e.span.start);
            let mut i = lo;
            while i < tokens.len() && tokens[i].span.start < e.span.end {
                if ent_of[i].is_none() {
                    ent_of[i] = Some(k);
                }
                ent_first[k] = ent_first[k].min(i);
                ent_last[k] = i;
                i += 1;
            }
        }
        let published = doc
            .published
            .as_deref()
            .map(|p| p.get(..10).unwrap_or(p).to_string());
        let focus = focus_actor(&doc.text, entities.iter());
        let mut transparent: Vec<bool> = (0..tokens.len())
            .map(|i| ent_of[i].is_some_and(|k| ent_last[k] != i))
            .collect();
        for t in &doc.times {
            let mut i = tokens.partition_point(|x| x.span.end <= t.span.start);
            while i < tokens.len() && tokens[i].span.start < t.span.end {
                transparent[i] = true;
                i += 1;
            }
        }
        let dateline = doc
            .entities
            .iter()
            .position(|e| is_dateline(&doc.text, e) && e.country.is_some());
        Ctx {
            transparent,
            dateline,
            ids,
            role_of,
            focus,
            infer: true,
            doc,
            entities,
            tokens,
            words: words.iter().map(|w| w.as_ref()).collect(),
            rules,
            ent_of,
            ent_first,
            ent_last,
            published,
        }
    }

    /// Role bits of token `i`.
    fn role_at(&self, i: usize) -> u32 {
        self.role_of[i]
    }

    fn entity(&self, k: usize) -> &Entity {
        &self.entities[k]
    }

    /// Roles of the preposition governing the entity whose first token is `f` (articles skipped).
    fn prep_before(&self, f: usize, floor: usize) -> u32 {
        let mut j = f;
        let mut skipped = 0;
        while j > floor {
            j -= 1;
            let r = self.role_at(j);
            if r & role::ARTICLE != 0 && skipped < 2 {
                skipped += 1;
                continue;
            }
            return r & role::PREPS;
        }
        0
    }

    fn is_place(&self, k: usize, prep: u32) -> bool {
        let e = self.entity(k);
        e.kind == EntityKind::Place
            || (e.kind == EntityKind::Country
                && prep & role::LOCATIVE != 0
                && prep & role::TARGET == 0)
    }

    /// The entity and those coordinated with it ("Kim e Putin", "X, Y and Z"), walking left or right
    /// within `lo..hi`. Title words may stand between the coordinator and the next actor ("Xi and
    /// French President Macron"); a comma alone links only inside a list that goes on.
    fn coordinated(
        &self,
        k: usize,
        lo: usize,
        hi: usize,
        left: bool,
        stops: &HashSet<usize>,
    ) -> Vec<usize> {
        let mut out = vec![k];
        let mut cur = k;
        loop {
            let mut link: Option<(usize, bool)> = None; // (next entity, linked by a word, not a comma)
            if left {
                // [next] coord [articles/title phrase ≤ 6] [cur]; a title phrase may hold
                // prepositions ("e il ministro degli Esteri tedesco Heiko Maas")
                let mut j = self.ent_first[cur];
                let mut plain = 0;
                while j > lo && plain < 6 {
                    let w = j - 1;
                    let r = self.role_at(w);
                    if self.ent_of[w].is_some()
                        || r & !(role::ARTICLE | role::GENITIVE) != 0
                        || stops.contains(&w)
                        || self.tokens[w].kind == TokenKind::Punct
                    {
                        break;
                    }
                    plain += 1;
                    j = w;
                }
                if j > lo && self.role_at(j - 1) & role::COORD != 0 {
                    let word = self.words[j - 1] != ",";
                    if j - 1 > lo {
                        if let Some(n) = self.ent_of[j - 2] {
                            link = Some((n, word));
                        }
                    }
                }
            } else {
                // [cur] coord [articles/titles ≤ 4] [next]
                let j = self.ent_last[cur] + 1;
                if j < hi && self.role_at(j) & role::COORD != 0 {
                    let word = self.words[j] != ",";
                    let mut m = j + 1;
                    let mut plain = 0;
                    while m < hi && plain < 4 && self.ent_of[m].is_none() {
                        let r = self.role_at(m);
                        if r & !(role::ARTICLE | role::PREPS) != 0
                            || stops.contains(&m)
                            || self.tokens[m].kind == TokenKind::Punct
                        {
                            break;
                        }
                        plain += 1;
                        m += 1;
                    }
                    if m < hi {
                        if let Some(n) = self.ent_of[m] {
                            link = Some((n, word));
                        }
                    }
                }
            }
            let Some((n, word)) = link else { break };
            if out.contains(&n) || !self.is_actor(n) {
                break;
            }
            if left && self.prep_before(self.ent_first[n], lo) != 0 {
                break;
            }
            if !word {
                // a comma links only inside a list that continues with a coordinator
                let further = if left {
                    out.len() > 1
                } else {
                    let l = self.ent_last[n] + 1;
                    l < hi && self.role_at(l) & role::COORD != 0
                };
                if !further {
                    break;
                }
            }
            out.push(n);
            cur = n;
        }
        if left {
            out.reverse();
        }
        out
    }

    /// Fills a side the clause left unsaid from the discourse, as news readers (and the gold
    /// annotators) do: "Guterres ha condannato la repressione" is aimed at the regime the article
    /// is about, "Kiev ha rifiutato di negoziare" at the other party just named. An empty target
    /// takes the article's focus when the source is of another country, else the latest actor
    /// named before the trigger whose country is not the source's; an
    /// empty source takes the article's focus (the country its actors most often belong to).
    /// The filled actor is that earlier mention, with a note saying it was implied.
    fn implicit_sides(&self, events: &mut [Event]) {
        // a dateline ("BEIRUT -") names where the report was filed, not a party
        let dateline = |e: &Entity| is_dateline(&self.doc.text, e);
        let actors: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| e.kind != EntityKind::Place && e.country.is_some() && !dateline(e))
            .collect();
        if actors.is_empty() {
            return;
        }
        let focus = self.focus.map(|k| &self.entities[k]);
        let implied = |e: &Entity, why: &str| {
            let mut e = e.clone();
            e.note = Some(format!("events: implicit {why}, not said in the clause"));
            e
        };
        // a person the actor stage could not place is most often a local of where the report
        // was filed ("CARACAS - … il leader dell'opposizione Juan Guaidó"); else of the focus
        let filed = self
            .entities
            .iter()
            .find(|e| dateline(e))
            .and_then(|e| e.country.as_ref());
        let text = &self.doc.text;
        // "The U.S. ambassador, Lisa Kenna": a person set off by a comma after a title phrase
        // that names a country (an article or the sentence start before it, no article inside)
        let appositive = |e: &Entity| -> Option<String> {
            // the nearest entity ending before the name
            let a = self
                .entities
                .iter()
                .filter(|a| a.span.end <= e.span.start)
                .max_by_key(|a| a.span.end)
                .filter(|a| a.country.is_some() && a.kind != EntityKind::Place)?;
            let between = text.get(a.span.end as usize..e.span.start as usize)?;
            let title = between.trim_end().strip_suffix(',')?;
            let words: Vec<&str> = title.split_whitespace().collect();
            let before = text.get(..a.span.start as usize)?.trim_end();
            let opens = before.is_empty()
                || before.ends_with(['.', '\n', ':', '-'])
                || before
                    .rsplit(|c: char| c.is_whitespace() || c == '\'')
                    .next()
                    .is_some_and(|w| ARTICLES.contains(&w.to_lowercase().as_str()));
            (opens
                && (1..=4).contains(&words.len())
                && !title.contains([',', '.', ';', '(', ')'])
                && words.iter().all(|w| {
                    w.chars().all(|c| c.is_alphabetic() || c == '-')
                        && w.chars().next().is_some_and(|c| c.is_lowercase())
                        && !ARTICLES.contains(w)
                }))
            .then(|| a.country.clone())
            .flatten()
        };
        for ev in events.iter_mut() {
            for e in ev.source.iter_mut().chain(ev.target.iter_mut()) {
                if e.country.is_none() && e.kind == EntityKind::Person {
                    if let Some(c) = appositive(e) {
                        e.country = Some(c);
                        e.note = Some(
                            "events: country of the title phrase set before the name".to_string(),
                        );
                    }
                }
            }
            if let Some(c) = focus.and_then(|f| f.country.as_ref()) {
                for e in ev.source.iter_mut().chain(ev.target.iter_mut()) {
                    // (an international organisation the actor stage missed gets it wrongly:
                    // measured, this still helps more often than it hurts)
                    if e.country.is_none()
                        && matches!(
                            e.kind,
                            EntityKind::Person | EntityKind::Org | EntityKind::Group
                        )
                    {
                        let (c, why) = match filed {
                            Some(d) if e.kind == EntityKind::Person => (d, "the dateline's"),
                            _ => (c, "the article's focus"),
                        };
                        e.country = Some(c.clone());
                        e.note = Some(format!(
                            "events: implicit country: {why}, the actor stage gave none"
                        ));
                    }
                }
            }
            let at = ev.trigger.span.start;
            if ev.target.is_empty() {
                let src: Vec<&str> = ev
                    .source
                    .iter()
                    .filter_map(|e| e.country.as_deref())
                    .collect();
                let prev = actors.iter().rev().find(|e| {
                    e.span.end <= at && !src.contains(&e.country.as_deref().unwrap_or(""))
                });
                let focus_other = focus.filter(|f| {
                    f.country
                        .as_deref()
                        .is_some_and(|c| !src.contains(&c) && c != "IGO")
                });
                // the country the article is about when the source is another one (a reaction
                // or a demand from abroad is about it: "the EU called for elections"), else the
                // latest other actor named before
                if let Some(e) = focus_other.or(prev.copied()).or(focus) {
                    ev.target
                        .push(implied(e, "target: the latest other actor named"));
                }
            }
            if ev.source.is_empty() {
                if let Some(e) = focus {
                    ev.source.push(implied(e, "source: the article's focus"));
                }
            }
        }
    }

    fn is_actor(&self, k: usize) -> bool {
        self.entity(k).kind != EntityKind::Place
    }

    fn sentence(&self, sent: Span, events: &mut Vec<Event>, carried: &mut Option<Attribution>) {
        let s0 = self.tokens.partition_point(|t| t.span.start < sent.start);
        let s1 = self.tokens.partition_point(|t| t.span.start < sent.end);
        if s0 >= s1 {
            return;
        }
        // A paragraph break ends an attribution carried from a sentence ending in ':'.
        if sent.start > 0
            && self.doc.text[..sent.start as usize]
                .trim_end_matches([' ', '\t'])
                .ends_with('\n')
        {
            *carried = None;
        }
        if (s0..s1).any(|i| self.rules.is_blocker(self.ids[i])) {
            return;
        }
        // Triggers: every match, then the longest non-overlapping ones.
        let mut hits = Vec::new();
        // a word inside a time expression is part of it ("on March 4": no protest march)
        let sent_times: Vec<Span> = self
            .doc
            .times
            .iter()
            .filter(|t| sent.contains(t.span))
            .map(|t| t.span)
            .collect();
        let in_time = |i: usize| {
            let sp = self.tokens[i].span;
            sent_times
                .iter()
                .any(|t| t.start <= sp.start && sp.end <= t.end)
        };
        for i in s0..s1 {
            if self.ent_of[i].is_some() || in_time(i) {
                continue;
            }
            self.rules
                .triggers
                .matches_at_over(&self.ids, i, s1, &self.transparent, &mut hits);
        }
        // Most words of running prose start lower-case; in a title-case headline most do not
        // (names, already found by the actor stage, are not counted).
        let first_char = |i: usize| {
            self.doc
                .text
                .get(self.tokens[i].span.range())
                .and_then(|w| w.chars().next())
        };
        let (lower, upper) =
            (s0..s1)
                .filter(|&i| self.ent_of[i].is_none())
                .fold((0usize, 0usize), |(l, u), i| match first_char(i) {
                    Some(c) if c.is_lowercase() => (l + 1, u),
                    Some(c) if c.is_uppercase() => (l, u + 1),
                    _ => (l, u),
                });
        // names aside, running prose is mostly lower-case
        let lower_case_prose = lower > 2 * upper;
        // A verb form right after an article is a noun ("la visita", "la difesa"); a participle
        // right after a preposition too ("accordo di difesa").
        hits.retain(|h| {
            if !h.verb || h.first == s0 {
                return true;
            }
            let r = self.role_at(h.first - 1);
            // "army-backed": a participle in a hyphenated compound is an adjective
            let compound = h.tag == Some(Tag::Part) && self.words[h.first - 1] == "-";
            // a finite form right after a preposition is a noun too ("di armi", "alla giustizia"):
            // prepositions take infinitives, never finite verbs
            let finite = matches!(
                h.tag,
                Some(Tag::Pres | Tag::Impf | Tag::Past | Tag::Fut | Tag::Cond | Tag::Subj)
            );
            // a verb form after a number is a noun ("more than 500 orders", "two attacks")
            let counted = self.words[h.first - 1]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
                && self.words[h.first - 1].bytes().any(|b| b.is_ascii_digit());
            // a capitalised verb inside a lower-case sentence belongs to a name ("the joint air
            // exercise \"Vigilant Storm\"", "Operation Desert Storm"); title-case headlines
            // capitalise every word and are left alone
            let named = lower_case_prose
                && first_char(h.first).is_some_and(char::is_uppercase)
                && first_char(h.first - 1)
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '\u{201c}' | '«'));
            !(compound
                || counted
                || named
                || r & role::ARTICLE != 0
                || (r & role::PREPS != 0 && (h.tag == Some(Tag::Part) || finite)))
        });
        // most elements first; among equals the tightest, then the earliest
        hits.sort_by_key(|h| (std::cmp::Reverse(h.elements), h.last - h.first, h.first));
        let mut taken = vec![false; s1 - s0];
        let mut chosen: Vec<Hit> = Vec::new();
        for h in hits {
            if (h.first..=h.last).any(|i| taken[i - s0]) {
                continue;
            }
            // only the tokens the pattern needs are its own: the head and the last element
            taken[h.first - s0] = true;
            taken[h.last - s0] = true;
            chosen.push(h);
        }
        chosen.sort_by_key(|h| h.first);
        if chosen
            .iter()
            .all(|h| self.rules.entries[h.id].event_type.is_none())
        {
            // no trigger: nothing to code here, and an attribution carried into the paragraph
            // is not affected
            return;
        }
        let heads: HashSet<usize> = chosen
            .iter()
            .filter(|h| h.verb && self.rules.entries[h.id].event_type.is_some())
            .map(|h| h.first)
            .collect();
        // a non-event reading ("forze armate", "sostenere che") only hides shorter triggers; it
        // is no head that ends another trigger's object ("la fedeltà delle forze armate a Maduro")
        let all_heads: HashSet<usize> = chosen
            .iter()
            .filter(|h| self.rules.entries[h.id].event_type.is_some())
            .map(|h| h.first)
            .collect();

        let mut cues = Vec::new();
        let mut att_hits = Vec::new();
        for i in s0..s1 {
            // a cue word inside a name is part of the name ("United States")
            if self.ent_of[i].is_some() {
                continue;
            }
            self.rules.modality.matches_at(&self.ids, i, s1, &mut cues);
            self.rules
                .attrib
                .matches_at(&self.ids, i, s1, &mut att_hits);
        }
        let mut stops = all_heads.clone();
        for h in &att_hits {
            stops.extend(h.first..=h.last);
        }
        let boundaries: Vec<usize> = (s0..s1)
            .filter(|&i| self.role_at(i) & role::BOUNDARY != 0)
            .collect();
        let clause = |i: usize| -> (usize, usize) {
            let lo = boundaries
                .iter()
                .rev()
                .find(|&&b| b < i)
                .map_or(s0, |b| b + 1);
            let hi = boundaries.iter().find(|&&b| b > i).copied().unwrap_or(s1);
            (lo, hi)
        };

        // Attribution of the sentence: "secondo X" / "according to X" first, then a speaker.
        let mut according: Option<usize> = None;
        let mut unnamed: Option<Attribution> = None;
        let mut speakers: Vec<usize> = Vec::new();
        let mut speaker_pos: Vec<(usize, usize)> = Vec::new();
        // (last token of the speech cue, speaker): "X ha annunciato la rottura …"
        let mut speech_end: Vec<(usize, usize)> = Vec::new();
        for h in &att_hits {
            match self.rules.attrib_kind[h.id] {
                AttribKind::According => {
                    if according.is_none() {
                        // the first actor of the phrase after the cue; one with a country
                        // before a bare head of unknown country ("l'Ufficio Onu per i diritti
                        // umani" is the UN's)
                        let phrase: Vec<usize> = (h.last + 1..(h.last + 7).min(s1))
                            .filter_map(|j| self.ent_of[j].filter(|&k| self.is_actor(k)))
                            .collect();
                        according = phrase.first().copied().map(|k0| {
                            if self.entity(k0).country.is_some() {
                                return k0;
                            }
                            phrase
                                .iter()
                                .copied()
                                .find(|&k| {
                                    self.entity(k).country.is_some()
                                        && self.ent_first[k] == self.ent_last[k0] + 1
                                })
                                .unwrap_or(k0)
                        });
                        if according.is_none() && unnamed.is_none() {
                            let mut j = h.last + 1;
                            while j < s1.min(h.last + 7) && self.phrase_word(j) {
                                j += 1;
                            }
                            unnamed = self.unnamed_source(h.last + 1, j);
                        }
                    }
                }
                AttribKind::Speech => {
                    let (lo, hi) = clause(h.first);
                    // ", officials said": an unnamed speaker set off by a comma is the speaker,
                    // not an actor of the clause before the comma
                    let mut j = h.first;
                    while j > lo && h.first - j < 5 && self.phrase_word(j - 1) {
                        j -= 1;
                    }
                    let comma_np = j < h.first
                        && j > s0
                        && self.words[j - 1] == ","
                        && (j..h.first).all(|i| {
                            self.ent_of[i].is_none()
                                && self.role_at(i) & (role::AUX | role::PASSIVE_AUX) == 0
                        })
                        && !(h.last + 1..(h.last + 6).min(hi))
                            .any(|i| self.ent_of[i].is_some_and(|k| self.is_actor(k)));
                    if comma_np {
                        if unnamed.is_none() {
                            unnamed = self.unnamed_source(j, h.first);
                        }
                        continue;
                    }
                    let left = self.subject_left(h.first, lo, &heads, &[], &stops, false);
                    let sp = match left {
                        Some(Subj::Ents(v)) => v.last().copied(),
                        _ => (h.last + 1..(h.last + 6).min(hi)).find_map(|j| {
                            self.ent_of[j].filter(|&k| {
                                self.is_actor(k) && self.prep_before(self.ent_first[k], s0) == 0
                            })
                        }),
                    };
                    if let Some(k) = sp {
                        speakers.push(k);
                        speaker_pos.push((h.first, k));
                        speech_end.push((h.last, k));
                    } else if unnamed.is_none() {
                        // "State television said ...": an unnamed speaker opening the clause;
                        // "Russia's defense ministry said ...": with its owner's country
                        let owner = self.possessor_before(j, lo).unwrap_or(j);
                        if owner == lo || owner == s0 {
                            unnamed = self.unnamed_source(owner, h.first);
                        }
                    }
                }
            }
        }
        // "X ha riferito oggi che …", "police said on Thursday they had …": a time next to a
        // speech cue dates the report, not what is reported after it (last cue token, time)
        let speech_times: Vec<(usize, Span)> = att_hits
            .iter()
            .filter(|h| self.rules.attrib_kind[h.id] == AttribKind::Speech)
            .flat_map(|h| {
                sent_times
                    .iter()
                    .copied()
                    .filter(move |t| {
                        let i = self.tokens.partition_point(|x| x.span.start < t.start);
                        let j = self.tokens.partition_point(|x| x.span.start < t.end);
                        i == h.last + 1 || j == h.first
                    })
                    .map(move |t| (h.last, t))
            })
            .collect();
        // A news agency or outlet among the speakers is the reporter; else the first speaker.
        let reporter = speakers
            .iter()
            .copied()
            .find(|&k| self.entity(k).kind == EntityKind::Media)
            .or_else(|| speakers.first().copied());
        let sentence_attr = according
            .or(reporter)
            .map(|k| self.attribution(k))
            .or(unnamed)
            .or_else(|| carried.clone());
        if according.is_some() && self.doc.text[sent.range()].trim_end().ends_with(':') {
            *carried = sentence_attr.clone();
        }
        // A dateline ("BEIRUT -", "KIEV, 1 MAR -") names where the report was filed.
        let dateline = self.ent_of[s0].filter(|&k| {
            let t = &self.entity(k).text;
            let next = self.ent_last[k] + 1;
            t.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !t.chars().any(|c| c.is_lowercase())
                && next < s1
                && matches!(self.words[next], "-" | "," | "\u{2014}" | "\u{2013}")
        });
        let not_participant =
            |k: usize| Some(k) == according || speakers.contains(&k) || Some(k) == dateline;

        let mut found: Vec<Found> = Vec::new();
        let mut absorbed: HashSet<usize> = HashSet::default();
        for h in chosen {
            let entry = &self.rules.entries[h.id];
            let Some(event_type) = &entry.event_type else {
                continue;
            };
            let (lo, hi) = clause(h.first);
            // A noun governed by a preposition refers to an event as a frame ("durante la
            // telefonata", "a sostegno di"), unless its own actor follows ("la visita di Putin").
            if !h.verb && absorbed.contains(&h.first) {
                continue;
            }
            if !h.verb && self.noun_governed(h.first, s0) && !self.genitive_actor_after(h.last, hi)
            {
                continue;
            }
            let passive = h.verb
                && !entry.flags.intr
                && matches!(h.tag, Some(Tag::Part))
                // a reflexive clitic makes a pronominal verb ("si sono ritirati dall'accordo")
                && !(h.first.saturating_sub(3).max(lo)..h.first)
                    .any(|j| self.role_at(j) & role::REFLEXIVE != 0)
                // an auxiliary inside a name is no auxiliary ("gli Stati Uniti hanno escluso")
                && ((h.first.saturating_sub(3).max(lo)..h.first).any(|j| {
                    self.ent_of[j].is_none()
                        && self.role_at(j) & role::PASSIVE_AUX != 0
                })
                    || (h.first + 1 < hi
                        && self.role_at(h.first + 1) & role::AGENT != 0));
            let infinitive = h.verb && matches!(h.tag, Some(Tag::Inf) | Some(Tag::Clitic));
            let mut accuse_src: Vec<usize> = Vec::new();
            // An infinitive complement ("accettato di inviare", "si appresta a incontrare … per
            // discutere") belongs to the trigger that governs it.
            let governor = if infinitive {
                self.governor(&h, &found, event_type, s0)
            } else {
                None
            };
            // "… and warned", "… e ha fornito": a coordinated verb phrase shares the subject of
            // the sentence's first verb (or speaker)
            let vp_coord = h.verb && {
                let mut b = h.first;
                while b > lo && self.role_at(b - 1) & role::AUX != 0 {
                    b -= 1;
                }
                (b > lo && self.role_at(b - 1) & role::COORD != 0 && self.words[b - 1] != ",")
                    // "X said …, but warned that …", "ma ha avvertito": a verb right after a
                    // clause-opening word has no subject of its own, so it shares the sentence's
                    || (b > s0
                        && b <= lo + 1
                        && self.role_at(b - 1) & role::BOUNDARY != 0
                        && self.tokens[b - 1].kind == TokenKind::Word)
            };
            let first_subject = found
                .iter()
                .filter(|f| f.hit.verb && !f.source.is_empty())
                .map(|f| (f.hit.first, f.source.clone()))
                .chain(speaker_pos.iter().map(|&(p, k)| (p, vec![k])))
                .filter(|(p, _)| *p < h.first)
                .min_by_key(|(p, _)| *p)
                .map(|(_, v)| v);
            let gerund = h.verb && matches!(h.tag, Some(Tag::Ger) | Some(Tag::Ing));
            let subj = match (vp_coord, first_subject.clone()) {
                (true, Some(v)) => Some(Subj::Ents(v)),
                _ => self.subject_left(h.first, lo, &heads, &found, &stops, h.verb),
            };
            // a gerund clause ("…, accusando Minsk") has the subject of its sentence; after a
            // comma it is that subject's act even when an actor stands nearer (the object of
            // the main verb: "ha incontrato Tsai, promettendo …", "fired on protesters, killing")
            let after_comma =
                (h.first.saturating_sub(2).max(lo)..h.first).any(|j| self.words[j] == ",");
            // …but in reported speech ("the governor said a Russian bomb hit the city, injuring
            // 40") the gerund continues the reported clause: its subject is that of the first
            // verb after the last speech cue, not the speaker's
            let last_cue = speaker_pos
                .iter()
                .map(|&(p, _)| p)
                .filter(|&p| p < h.first)
                .max();
            let reported_subject = last_cue.and_then(|c| {
                found
                    .iter()
                    .filter(|f| {
                        f.hit.verb
                            && !f.source.is_empty()
                            && f.hit.first > c
                            && f.hit.first < h.first
                    })
                    .min_by_key(|f| f.hit.first)
                    .map(|f| f.source.clone())
            });
            let first_subject = if gerund {
                reported_subject.or(first_subject)
            } else {
                first_subject
            };
            let subj = match (subj, gerund, first_subject) {
                (None, true, Some(v)) => Some(Subj::Ents(v)),
                (_, true, Some(v)) if after_comma => Some(Subj::Ents(v)),
                (s, _, _) => s,
            };
            let mut subject: Vec<usize> = match subj {
                Some(Subj::Ents(v)) => v,
                Some(Subj::Inherit(i)) => found[i].source.clone(),
                None => Vec::new(),
            };
            // A noun takes a subject from the left only when the actor stands right before it
            // ("Russian strikes", "Kiev talks"); otherwise the actor belongs to another clause.
            if !h.verb {
                if let Some(&last) = subject.last() {
                    let gap = (self.ent_last[last] + 1..h.first)
                        .filter(|&j| {
                            let w = self.words[j];
                            self.role_at(j) & role::ARTICLE == 0
                                && w != "'s"
                                && w != "'"
                                && w != "s"
                        })
                        .count();
                    if gap > 1 {
                        subject.clear();
                    }
                }
                // a noun that is what a speaker announces is the speaker's act ("Maduro ha
                // annunciato la rottura delle relazioni", "announced sanctions")
                // ("The United States announced on Friday a new $3.75 billion military aid
                // package"): between the cue and the noun only its time, articles, numbers and
                // plain modifiers, no actor, other trigger, clause word or punctuation
                if subject.is_empty() {
                    let modifier = |j: usize| {
                        let r = self.role_at(j);
                        self.ent_of[j].is_none()
                            && !all_heads.contains(&j)
                            && (in_time(j)
                                || r & role::ARTICLE != 0
                                || r == 0
                                    && (self.tokens[j].kind != TokenKind::Punct
                                        || matches!(self.words[j], "$" | "€" | "£")))
                    };
                    if let Some(&(_, k)) = speech_end.iter().find(|&&(e, _)| {
                        e < h.first && h.first - e <= 10 && (e + 1..h.first).all(modifier)
                    }) {
                        subject.push(k);
                    }
                }
            }
            subject.retain(|&k| Some(k) != according && Some(k) != dateline);
            // "X said Y was responsible": the accused is the clause's subject, the accuser the speaker
            if entry.flags.accuse_subject {
                if let Some(&sp) = speaker_pos
                    .iter()
                    .rev()
                    .filter(|(p, _)| *p < h.first)
                    .map(|(_, k)| k)
                    .next()
                {
                    accuse_src = vec![sp];
                }
            }
            // Objects after the trigger.
            let mut target: Vec<usize> = Vec::new();
            let mut agent: Vec<usize> = Vec::new();
            let mut genitive: Vec<usize> = Vec::new();
            let mut between: Vec<usize> = Vec::new();
            let mut from_agent: Vec<usize> = Vec::new();
            let mut allies: Vec<usize> = Vec::new();
            let mut agent_open = false;
            let mut passed_nouns: Vec<usize> = Vec::new();
            // "i bombardamenti russi su Kharkiv": a demonym adjective right after a noun trigger
            // names who acts, as a possessive would ("Russian strikes")
            let mut adjective_src: Vec<usize> = Vec::new();
            let mut j = h.first + 1;
            let end = hi.min(h.last.max(h.first) + 20);
            while j < end {
                if j > h.last && heads.contains(&j) {
                    break;
                }
                if j > h.first && all_heads.contains(&j) {
                    // a noun trigger in the object whose actor follows through "di"/"of"
                    // ("chiesto … il ritiro delle truppe russe") is the content of this event;
                    // any other ("condemned the attack on Kyiv") is an event of its own
                    if h.verb && self.genitive_actor_after(j, hi) {
                        passed_nouns.push(j);
                    } else {
                        break;
                    }
                }
                // ", and …" / ", e …" / "; " starts another clause
                if j > h.last
                    && self.words[j] == ","
                    && j + 1 < end
                    && self.role_at(j + 1) & (role::COORD | role::BOUNDARY) != 0
                {
                    break;
                }
                if passive && j > h.last && self.role_at(j) & role::AGENT != 0 {
                    agent_open = true;
                }
                if let Some(k) = self.ent_of[j] {
                    let f = self.ent_first[k];
                    if not_participant(k) {
                        j = self.ent_last[k] + 1;
                        continue;
                    }
                    let prep = self.prep_before(f, h.first);
                    let place = self.is_place(k, prep);
                    // a place is a participant as a direct object ("bombed Gaza") or, for
                    // transfers and visits, as the destination ("inviato in Russia")
                    // or after "on"/"against"/"contro" ("strikes on Kharkiv")
                    let dest_ok = prep == 0
                        || (prep & role::AGAINST != 0 && prep & role::LOCATIVE == 0)
                        || entry.flags.dest
                            && prep & (role::LOCATIVE | role::TARGET | role::GENITIVE) != 0
                            && self.entity(k).country.is_some();
                    // an actor followed by an auxiliary is the subject of the next clause
                    // ("… un accordo e Pyongyang ha fornito …")
                    let next = self.ent_last[k] + 1;
                    let after_coord = {
                        let mut b = f;
                        while b > h.first + 1 && self.role_at(b - 1) & role::ARTICLE != 0 {
                            b -= 1;
                        }
                        b > h.first + 1 && self.role_at(b - 1) & role::COORD != 0
                    };
                    let subject_of_next = prep == 0
                        && after_coord
                        && next < hi
                        && (self.role_at(next) & role::AUX != 0 || heads.contains(&next));
                    if subject_of_next && j > h.last {
                        break;
                    }
                    if !h.verb
                        && f == h.last + 1
                        && prep == 0
                        && adjective_src.is_empty()
                        && self.entity(k).kind == EntityKind::Country
                        && self.entity(k).text.starts_with(char::is_lowercase)
                    {
                        adjective_src.push(k);
                    } else if entry.flags.withally && prep & role::WITH != 0 {
                        if allies.is_empty() {
                            allies = self.coordinated(k, j, end, false, &stops);
                        }
                    } else if place && !dest_ok {
                        // a location, not a participant
                    } else if prep & role::AGENT != 0 || (agent_open && agent.is_empty()) {
                        if passive && agent.is_empty() {
                            agent = self.coordinated(k, j, end, false, &stops);
                        } else if from_agent.is_empty() {
                            from_agent = self.coordinated(k, j, end, false, &stops);
                        }
                    } else if prep & role::BETWEEN != 0 {
                        if between.is_empty() {
                            between = self.coordinated(k, j, end, false, &stops);
                        }
                    } else if prep & role::GENITIVE != 0 && !h.verb {
                        if genitive.is_empty() {
                            genitive = self.coordinated(k, j, end, false, &stops);
                        }
                    } else if target.is_empty() {
                        target = self.coordinated(k, j, end, false, &stops);
                    }
                    j = self.ent_last[k] + 1;
                    continue;
                }
                j += 1;
            }
            if subject.is_empty() {
                subject = adjective_src;
            }
            if target.is_empty() && !passive {
                // "il coraggio mostrato dalle truppe": the actor of a participial phrase
                target = from_agent;
            }
            if let Some(&t0) = target.first() {
                let t0 = self.ent_first[t0];
                absorbed.extend(passed_nouns.iter().filter(|&&n| n < t0));
            }
            let mut source;
            if passive {
                source = agent;
                if subject.is_empty() {
                    subject = std::mem::take(&mut target);
                }
                target = subject;
            } else {
                source = subject;
            }
            if !accuse_src.is_empty() {
                target = std::mem::take(&mut source);
                source = accuse_src;
            }
            if !genitive.is_empty() {
                if entry.flags.ofsrc && source.is_empty() {
                    source = genitive;
                } else if target.is_empty() {
                    target = genitive;
                }
            }
            if !between.is_empty() {
                if source.is_empty() {
                    source = vec![between[0]];
                    target = between[1..].to_vec();
                } else if target.is_empty() {
                    target = between;
                }
            }
            source.extend(
                allies
                    .iter()
                    .filter(|k| !source.contains(k))
                    .copied()
                    .collect::<Vec<_>>(),
            );
            let mut source = self.expand_pairs(source);
            let mut target = self.expand_pairs(target);
            if entry.flags.recip && target.is_empty() && source.len() >= 2 {
                target = source.split_off(1);
            }
            if entry.flags.recip && source.is_empty() && target.len() >= 2 {
                source = vec![target.remove(0)];
            }
            target.retain(|k| !source.contains(k));
            if let Some(g) = governor {
                // the complement's participants, amount and place complete its governor's event
                let part = self.build(
                    &h,
                    entry,
                    event_type,
                    &source,
                    &target,
                    (lo, hi),
                    sent,
                    &cues,
                    &sentence_attr,
                    &speakers,
                    &speech_times,
                );
                let ev = &mut events[found[g].event];
                if ev.target.is_empty() {
                    ev.target = part.target;
                }
                if ev.source.is_empty() {
                    ev.source = part.source;
                }
                if ev.quantity.is_none() {
                    ev.quantity = part.quantity;
                }
                if ev.location.is_none() {
                    ev.location = part.location;
                }
                continue;
            }
            let has_country = source.iter().chain(&target).any(|&k| {
                let e = self.entity(k);
                e.country.is_some()
                    || e.coref
                        .and_then(|c| self.entities.get(c))
                        .is_some_and(|c| c.country.is_some())
            });
            // A person, organisation or group the actor stage could not place is, in a news
            // article, most often of the article's own country: kept when sides are inferred
            // (its country is filled in `implicit_sides`, marked), dropped otherwise.
            let unplaced = self.infer
                && self.focus.is_some()
                && source.iter().chain(&target).any(|&k| {
                    matches!(
                        self.entity(k).kind,
                        EntityKind::Person | EntityKind::Org | EntityKind::Group
                    )
                });
            if !has_country && !unplaced {
                continue;
            }
            let ev = self.build(
                &h,
                entry,
                event_type,
                &source,
                &target,
                (lo, hi),
                sent,
                &cues,
                &sentence_attr,
                &speakers,
                &speech_times,
            );
            let mut ev = ev;
            // what an accusation says the accused did is reported by the accuser ("Hamas ha
            // accusato i soldati israeliani di aver aperto il fuoco")
            if ev.attribution.is_none() && event_type != "ACCUSE" {
                if let Some(f) = found.iter().rev().find(|f| {
                    f.event_type == "ACCUSE" && f.hit.last < h.first && !f.source.is_empty()
                }) {
                    let a = self.attribution(f.source[0]);
                    if !ev.source.iter().any(|e| e.span == a.span) {
                        ev.attribution = Some(a);
                    }
                }
            }
            events.push(ev);
            found.push(Found {
                hit: h,
                source,
                event: events.len() - 1,
                event_type: event_type.clone(),
            });
        }
    }

    /// Whether a noun trigger is governed by a preposition, articles and one modifier allowed
    /// between ("sull'imminente colloquio").
    fn noun_governed(&self, first: usize, s0: usize) -> bool {
        // [preposition] [articles] [one adjective] noun
        let plain = |j: usize| {
            self.ent_of[j].is_none()
                && self.tokens[j].kind != TokenKind::Punct
                && self.role_at(j) == 0
        };
        let mut j = first;
        if j > s0 && plain(j - 1) {
            j -= 1;
        }
        while j > s0 && self.role_at(j - 1) & role::ARTICLE != 0 {
            j -= 1;
        }
        j > s0 && self.ent_of[j - 1].is_none() && self.role_at(j - 1) & role::PREPS != 0
    }

    /// Whether the words from the clause start `lo` to the actor at `f` are one noun phrase ending
    /// in a genitive chain: articles, "di"/"of" and plain words only, no name, punctuation or
    /// other preposition, and at most eight words ("I ministri degli Esteri dell'Asean", "the
    /// foreign ministers of the G7"). The actor then stands for the phrase's head, the subject.
    fn genitive_head(&self, lo: usize, f: usize) -> bool {
        if f <= lo || f - lo > 8 || self.role_at(lo) & role::PREPS != 0 {
            return false;
        }
        (lo..f).all(|j| {
            let r = self.role_at(j);
            self.ent_of[j].is_none()
                && self.tokens[j].kind == TokenKind::Word
                && (r == 0 || r & role::ARTICLE != 0 || r & role::PREPS == role::GENITIVE)
        })
    }

    /// Whether an actor follows the noun ending at `last` through "di"/"of" (articles allowed).
    fn genitive_actor_after(&self, last: usize, hi: usize) -> bool {
        let mut j = last + 1;
        if j >= hi || self.role_at(j) & role::GENITIVE == 0 {
            return false;
        }
        j += 1;
        while j < hi && self.role_at(j) & role::ARTICLE != 0 {
            j += 1;
        }
        j < hi && self.ent_of[j].is_some_and(|k| self.is_actor(k))
    }

    /// The earlier trigger an infinitive depends on: the one right before it with only function
    /// words between ("accettato di inviare"), or one of the same type the infinitive states the
    /// purpose of ("incontrare … per discutere").
    fn governor(&self, h: &Hit, found: &[Found], event_type: &str, s0: usize) -> Option<usize> {
        let last = found.last()?;
        let between_ok = (last.hit.last + 1..h.first).all(|j| {
            self.ent_of[j].is_none()
                && self.role_at(j) & (role::PREPS | role::ARTICLE | role::PURPOSE) != 0
        });
        if between_ok {
            return Some(found.len() - 1);
        }
        let purpose = h.first > s0 && self.role_at(h.first - 1) & role::PURPOSE != 0;
        if purpose {
            return found.iter().rposition(|f| f.event_type == event_type);
        }
        None
    }

    /// A group standing for a pair already named ("i due", "the two": the actor stage notes
    /// "pair: entities A and B") is replaced by the two.
    fn expand_pairs(&self, v: Vec<usize>) -> Vec<usize> {
        let mut out = Vec::with_capacity(v.len());
        for k in v {
            let e = self.entity(k);
            let pair = (e.country.is_none())
                .then_some(e.note.as_deref())
                .flatten()
                .and_then(|n| n.strip_prefix("pair: entities "))
                .and_then(|rest| {
                    let (a, b) = rest.split_once(" and ")?;
                    Some((
                        a.trim().parse::<usize>().ok()?,
                        b.trim().parse::<usize>().ok()?,
                    ))
                })
                .filter(|&(a, b)| a < self.entities.len() && b < self.entities.len());
            match pair {
                Some((a, b)) => {
                    for x in [a, b] {
                        if !out.contains(&x) {
                            out.push(x);
                        }
                    }
                }
                None => {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
        out
    }

    /// The subject of the trigger at `head`: the nearest actor before it in the clause not governed
    /// by a preposition (or governed by "di"/"of" after a quantifier: "migliaia di manifestanti");
    /// the antecedent of a relative pronoun; or, across a coordinator, the subject of the verb
    /// before it ("ha inviato … e ha fornito"). The scan stops at another trigger: what lies before
    /// it belongs to that trigger's clause. Failing all, an actor after "di"/"of" heading the clause
    /// ("il governo di Caracas").
    #[allow(clippy::too_many_arguments)]
    fn subject_left(
        &self,
        head: usize,
        lo: usize,
        heads: &HashSet<usize>,
        found: &[Found],
        stops: &HashSet<usize>,
        verb: bool,
    ) -> Option<Subj> {
        let mut j = head;
        let mut saw_coord = false;
        let mut fallback: Option<usize> = None;
        while j > lo {
            j -= 1;
            if let Some(k) = self.ent_of[j] {
                let f = self.ent_first[k];
                if self.is_actor(k) {
                    let prep = self.prep_before(f, lo);
                    let quantified = prep & role::GENITIVE != 0
                        && f >= lo + 2
                        && (self.tokens[f - 2].kind == TokenKind::Number
                            || self.role_at(f - 2) & role::QUANT != 0);
                    if prep == 0 || quantified {
                        return Some(Subj::Ents(self.coordinated(k, lo, head, true, stops)));
                    }
                    // "Il governo di Caracas": a genitive on the clause's first noun
                    if prep & role::GENITIVE != 0 && fallback.is_none() && self.genitive_head(lo, f)
                    {
                        fallback = Some(k);
                    }
                }
                j = f;
                continue;
            }
            let r = self.role_at(j);
            if r & role::COORD != 0 && self.words[j] != "," {
                saw_coord = true;
            }
            if r & role::RELATIVE != 0 {
                let mut a = j;
                while a > lo && self.tokens[a - 1].kind == TokenKind::Punct {
                    a -= 1;
                }
                if a > lo {
                    if let Some(k) = self.ent_of[a - 1].filter(|&k| self.is_actor(k)) {
                        return Some(Subj::Ents(self.coordinated(k, lo, head, true, stops)));
                    }
                }
            }
            if heads.contains(&j) {
                if verb && saw_coord {
                    if let Some(i) = found.iter().position(|f| f.hit.first == j) {
                        if !found[i].source.is_empty() {
                            return Some(Subj::Inherit(i));
                        }
                    }
                }
                return None;
            }
        }
        fallback.map(|k| Subj::Ents(vec![k]))
    }

    fn actor(&self, k: usize) -> Entity {
        let mut e = self.entity(k).clone();
        if e.country.is_none() && e.kind == EntityKind::Person {
            if let Some(c) = self.title_country(k) {
                e.country = Some(c);
                e.note = Some("events: country of the title phrase right before the name".into());
            }
        }
        if let Some(c) = e.coref.and_then(|c| self.entities.get(c)) {
            if e.country.is_none() {
                e.country = c.country.clone();
            }
            if e.sector.is_none() {
                e.sector = c.sector.clone();
            }
            if e.id.is_none() {
                e.id = c.id.clone();
            }
            if e.name.is_none() {
                e.name = c.name.clone();
            }
        }
        e
    }

    /// The country of the actor a title phrase names right before a person ("la portavoce del
    /// ministero degli Esteri russo Maria Zakharova", "il segretario di Stato Usa Antony
    /// Blinken", "il presidente della Guyana Irfaan Ali"): the name follows that actor with
    /// nothing between, so the person holds its office.
    fn title_country(&self, k: usize) -> Option<String> {
        let f = self.ent_first[k];
        if f == usize::MAX || f == 0 {
            return None;
        }
        let p = self.ent_of[f - 1].filter(|&p| p != k && self.is_actor(p))?;
        let a = self.entity(p);
        if a.kind == EntityKind::Person {
            return None;
        }
        a.country.clone()
    }

    /// Is token `j` part of a plain noun phrase (a word, not a boundary, coordinator or verb cue)?
    fn phrase_word(&self, j: usize) -> bool {
        self.tokens[j].kind == TokenKind::Word
            && self.role_at(j) & (role::BOUNDARY | role::COORD | role::RELATIVE) == 0
    }

    /// A source the text describes but does not name ("fonti sanitarie locali", "officials",
    /// "state television"): the phrase's own country if it contains an actor or place, else the
    /// article's focus country, since unnamed sources are local to the story.
    fn unnamed_source(&self, lo: usize, hi: usize) -> Option<Attribution> {
        if lo >= hi || hi > self.tokens.len() {
            return None;
        }
        let span = Span {
            start: self.tokens[lo].span.start,
            end: self.tokens[hi - 1].span.end,
        };
        let inner = (lo..hi).find_map(|j| self.ent_of[j]).map(|k| self.actor(k));
        let country = inner
            .as_ref()
            .and_then(|e| e.country.clone())
            .or_else(|| self.filed_country())
            .or_else(|| self.focus.and_then(|k| self.entities[k].country.clone()))?;
        Some(Attribution {
            text: self.doc.text.get(span.range()).unwrap_or("").to_string(),
            span,
            country: Some(country),
            sector: inner.and_then(|e| e.sector),
            id: None,
        })
    }

    /// The first token of an actor owning the phrase that starts at `j` ("Russia's | defense
    /// ministry", "Haiti's | elections minister"), if there is one.
    fn possessor_before(&self, j: usize, lo: usize) -> Option<usize> {
        let mut b = j;
        if b > lo && matches!(self.words[b - 1], "'s" | "s'") {
            b -= 1;
        } else if b > lo + 1 && self.words[b - 1] == "s" && self.words[b - 2] == "'" {
            b -= 2;
        } else {
            return None;
        }
        let k = self.ent_of[b.checked_sub(1)?]?;
        (self.is_actor(k) && self.ent_first[k] >= lo).then_some(self.ent_first[k])
    }

    /// The country of the dateline ("KIEV, 1 MAR -"), where the report was filed.
    fn filed_country(&self) -> Option<String> {
        self.dateline
            .and_then(|d| self.doc.entities.get(d))
            .and_then(|e| e.country.clone())
    }

    fn attribution(&self, k: usize) -> Attribution {
        let e = self.actor(k);
        // a speaker of unknown country is, in a news article, most often a local of where the
        // report was filed (the dateline), else of its focus country
        let country = e.country.or_else(|| {
            self.filed_country()
                .filter(|_| self.infer && e.kind == EntityKind::Person)
                .or_else(|| {
                    self.focus
                        .filter(|_| self.infer)
                        .and_then(|f| self.entities[f].country.clone())
                })
        });
        Attribution {
            text: e.text.clone(),
            span: e.span,
            country,
            sector: e.sector,
            id: e.id,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        &self,
        h: &Hit,
        entry: &TriggerEntry,
        event_type: &str,
        source: &[usize],
        target: &[usize],
        (lo, hi): (usize, usize),
        sent: Span,
        cues: &[Hit],
        sentence_attr: &Option<Attribution>,
        speakers: &[usize],
        speech_times: &[(usize, Span)],
    ) -> Event {
        let tspan = Span::new(
            self.tokens[h.first].span.start as usize,
            self.tokens[h.last].span.end as usize,
        );
        // Modality: the verb's own tense, then cues before the trigger in its clause.
        let mut modality = match h.tag {
            Some(Tag::Fut) => Modality::Future,
            Some(Tag::Cond) => Modality::Hypothetical,
            _ => Modality::Asserted,
        };
        let window = h.first.saturating_sub(6).max(lo);
        for c in cues {
            if c.first >= window && c.last < h.first {
                let m = self.rules.modality_kind[c.id];
                modality = stronger(modality, m);
            }
        }
        // Date: the nearest dated time expression in the clause, else in the sentence.
        let (clo, chi) = (
            self.tokens[lo].span.start,
            self.tokens[hi.saturating_sub(1).max(lo)].span.end,
        );
        let dist = |s: Span| (s.start as i64 - tspan.start as i64).unsigned_abs();
        // a year after an article names a thing, not when the clause happens ("the 2015
        // nuclear agreement")
        let attributive_year = |t: &annalist_doc::Time| {
            let i = self.tokens.partition_point(|x| x.span.start < t.span.start);
            t.value.len() == 4
                && t.value.bytes().all(|b| b.is_ascii_digit())
                && i > 0
                && self.role_at(i - 1) & role::ARTICLE != 0
        };
        // "until 2028", "fino al 31 gennaio": the end of a span, not when the event happens
        let deadline = |t: &annalist_doc::Time| {
            let i = self.tokens.partition_point(|x| x.span.start < t.span.start);
            (i < self.tokens.len() && self.role_at(i) & role::DEADLINE != 0)
                || (i > 0 && self.role_at(i - 1) & role::DEADLINE != 0)
        };
        let usable = |t: &annalist_doc::Time| {
            !t.value.starts_with('X')
                && !t.value.starts_with('P')
                && t.precision != "duration"
                && !attributive_year(t)
                && !deadline(t)
        };
        // A time of the text as the event's date, to the day.
        // A part of the day with no day named ("In serata", "during the afternoon"), which the
        // time stage resolves on the publication day, is a time of the day the story is on: the
        // last day the article named before it ("Ieri il tribunale … . In serata la polizia …").
        let story_day = |t: &annalist_doc::Time| -> Option<String> {
            let p = self.published.as_deref()?;
            let bare = t.rule.as_deref() == Some("wrap")
                && t.value.len() > 10
                && t.value.as_bytes()[10] == b'T'
                && t.value.starts_with(p);
            if !bare {
                return None;
            }
            self.doc
                .times
                .iter()
                .filter(|x| x.span.end <= t.span.start && usable(x) && x.precision == "day")
                .max_by_key(|x| x.span.start)
                .map(|x| x.value.clone())
                .filter(|v| v.len() == 10)
        };
        let text_date = |i: usize, t: &annalist_doc::Time| {
            let (value, precision) = match story_day(t) {
                Some(d) => (d, "day".to_string()),
                None => event_day(&t.value, &t.precision),
            };
            EventDate {
                value,
                precision,
                basis: "text".into(),
                time: Some(i),
            }
        };
        // Date: the nearest time expression in the clause; else one before the clause in the
        // sentence ("Lo scorso anno, durante …, X ha …"); else the publication date.
        // a time after a relative pronoun that follows the trigger dates the relative clause
        let rel_after = (h.last + 1..hi)
            .find(|&j| self.role_at(j) & role::RELATIVE != 0)
            .map(|j| self.tokens[j].span.start);
        // a verb reported after a speech cue is dated by a time of its own clause rather than
        // by the time of the speech ("China said on Monday it would raise tariffs from June 1");
        // with none, the speech's time stands ("police said on Thursday they had arrested")
        let of_speech = |t: &annalist_doc::Time| {
            h.verb
                && speech_times
                    .iter()
                    .any(|&(cue, sp)| sp == t.span && h.first > cue)
        };
        let mut in_sentence: Vec<(usize, &annalist_doc::Time)> = self
            .doc
            .times
            .iter()
            .enumerate()
            .filter(|(_, t)| sent.contains(t.span) && usable(t))
            .filter(|(_, t)| rel_after.is_none_or(|r| t.span.start < r))
            .collect();
        if in_sentence.iter().any(|(_, t)| !of_speech(t)) {
            in_sentence.retain(|(_, t)| !of_speech(t));
        }
        let date = in_sentence
            .iter()
            .filter(|(_, t)| t.span.start >= clo && t.span.end <= chi)
            .min_by_key(|(_, t)| dist(t.span))
            .or_else(|| {
                in_sentence
                    .iter()
                    .filter(|(_, t)| t.span.end <= clo)
                    .max_by_key(|(_, t)| t.span.start)
            })
            .map(|&(i, t)| text_date(i, t))
            .or_else(|| {
                // no time in the sentence: the story goes on at the time the paragraph last
                // named ("Ieri X ha … . Y ha poi …")
                let para = self.doc.text[..sent.start as usize]
                    .rfind('\n')
                    .map_or(0, |p| p + 1) as u32;
                self.doc
                    .times
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.span.start >= para && t.span.end <= sent.start && usable(t))
                    .max_by_key(|(_, t)| t.span.start)
                    .map(|(i, t)| text_date(i, t))
            })
            .or_else(|| {
                self.published.as_ref().map(|p| EventDate {
                    value: p.clone(),
                    precision: "day".into(),
                    basis: "publication".into(),
                    time: None,
                })
            });
        // Place: a place (or a country after a locative preposition) in the clause, else sentence.
        let roles: HashSet<usize> = source.iter().chain(target).copied().collect();
        let s0 = self.tokens.partition_point(|t| t.span.start < sent.start);
        let location = self
            .doc
            .entities
            .iter()
            .enumerate()
            .filter(|(k, e)| {
                // a visit's or transfer's destination is its target and also where it happens
                // ("si recherà in Sudafrica", "visited Kigali")
                // a place attacked or entered is where it happens too ("strikes on Kharkiv")
                sent.contains(e.span)
                    && (!roles.contains(k)
                        || (entry.flags.dest || e.kind == EntityKind::Place) && !source.contains(k))
                    && self.ent_first[*k] != usize::MAX
                    && self.is_place(*k, self.prep_before(self.ent_first[*k], s0))
            })
            // the dateline ("KIEV, 1 MAR -") is where the report was filed: the lead's place
            // only when the sentence names no other
            .min_by_key(|(_, e)| {
                let inside = e.span.start >= clo && e.span.end <= chi;
                (is_dateline(&self.doc.text, e), !inside, dist(e.span))
            })
            .map(|(k, _)| k)
            // no place in the sentence: the dateline's city ("KABUL - …") when a participant is
            // of its country, a domestic story told from where it happens
            .or_else(|| {
                let d = self.dateline?;
                let c = self.entities[d].country.as_deref()?;
                source
                    .iter()
                    .chain(target)
                    .any(|&k| self.actor(k).country.as_deref() == Some(c))
                    .then_some(d)
            })
            .map(|k| {
                let e = self.actor(k);
                Location {
                    text: e.text,
                    span: e.span,
                    country: e.country,
                    id: e.id,
                    lat: e.lat,
                    lon: e.lon,
                }
            });
        // Quantity: the nearest amount in the clause.
        let quantity = self
            .doc
            .quantities
            .iter()
            .filter(|q| q.span.start >= clo && q.span.end <= chi)
            .min_by_key(|q| dist(q.span))
            .map(|q| EventQuantity {
                value: q.value,
                approximate: q.approximate,
                unit: q.unit.clone(),
                span: q.span,
            });
        let src: Vec<Entity> = source.iter().map(|&k| self.actor(k)).collect();
        let tgt: Vec<Entity> = target.iter().map(|&k| self.actor(k)).collect();
        // Attribution: none when the reporter's mention is the one acting (a speaker's own
        // statement, "X said it would …" with X the source); another mention of the same actor
        // ("Russia's defense ministry said its forces …") is still who reports it.
        let same = |a: &Attribution| src.iter().any(|e| e.span == a.span);
        let mut attribution = sentence_attr.clone().filter(|a| !same(a));
        if attribution.is_none() {
            attribution = speakers
                .iter()
                .map(|&k| self.attribution(k))
                .find(|a| !same(a));
        }
        let mut confidence: f32 = 0.5;
        if !src.is_empty() {
            confidence += 0.2;
        }
        if !tgt.is_empty() {
            confidence += 0.2;
        }
        Event {
            event_type: event_type.to_string(),
            mode: entry.mode.clone(),
            cameo: entry.cameo.clone(),
            source: src,
            target: tgt,
            date,
            location,
            attribution,
            modality,
            quantity,
            trigger: Trigger {
                text: self.doc.text[tspan.range()].to_string(),
                span: tspan,
            },
            sentence: sent,
            confidence,
            goldstein: entry.goldstein,
            mentions: Vec::new(),
        }
    }
}

enum Subj {
    Ents(Vec<usize>),
    Inherit(usize),
}

/// The first mention of the country the article's actors (not places) most often belong to.
/// Whether an entity is a dateline: an upper-case name opening a line, followed by a dash, comma
/// or bracket ("BEIRUT -", "KIEV, 1 MAR -"). It names where the report was filed, not a party.
/// Articles that open a title phrase before a name ("the U.S. ambassador, …"); none may occur
/// inside it ("condemned the move, Lavrov said" is no title).
const ARTICLES: &[&str] = &[
    "the", "a", "an", "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una",
];

fn is_dateline(text: &str, e: &Entity) -> bool {
    let before = text.get(..e.span.start as usize).unwrap_or("");
    let after = text.get(e.span.end as usize..).unwrap_or("").trim_start();
    (before.is_empty() || before.ends_with('\n'))
        && e.text.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !e.text.chars().any(|c| c.is_lowercase())
        && after.starts_with(['-', ',', '(', '\u{2014}', '\u{2013}'])
}

/// The document's entities followed by those this stage resolved itself, indexed as one list
/// without copying the document's.
struct Ents<'a> {
    base: &'a [Entity],
    extra: Vec<Entity>,
}

impl Ents<'_> {
    fn len(&self) -> usize {
        self.base.len() + self.extra.len()
    }

    fn get(&self, k: usize) -> Option<&Entity> {
        self.base
            .get(k)
            .or_else(|| self.extra.get(k - self.base.len()))
    }

    fn iter(&self) -> impl Iterator<Item = &Entity> + '_ {
        self.base.iter().chain(self.extra.iter())
    }
}

impl std::ops::Index<usize> for Ents<'_> {
    type Output = Entity;

    fn index(&self, k: usize) -> &Entity {
        match self.base.get(k) {
            Some(e) => e,
            None => &self.extra[k - self.base.len()],
        }
    }
}

fn focus_actor<'e>(text: &str, entities: impl Iterator<Item = &'e Entity>) -> Option<usize> {
    let mut count: HashMap<&str, (usize, usize)> = HashMap::default();
    for (i, e) in entities.enumerate() {
        if e.kind == EntityKind::Place || is_dateline(text, e) {
            continue;
        }
        if let Some(c) = e.country.as_deref() {
            count.entry(c).or_insert((0, i)).0 += 1;
        }
    }
    count
        .values()
        .max_by_key(|&&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|&(_, first)| first)
}

/// Adds entities for pair phrases and possessive sector phrases the actor stage did not tag.
fn resolve_anaphora(
    rules: &LangRules,
    doc: &Document,
    tokens: &[Token],
    ids: &[u32],
    role_of: &[u32],
) -> Vec<Entity> {
    let entities = &doc.entities;
    if rules.anaphora.is_empty() {
        return Vec::new();
    }
    let covered = |s: u32, e: u32| entities.iter().any(|x| x.span.start < e && s < x.span.end);
    let mut hits = Vec::new();
    for i in 0..ids.len() {
        rules.anaphora.matches_at(ids, i, ids.len(), &mut hits);
    }
    // the longest phrase at a position first ("riot police" before "police")
    hits.sort_by_key(|h| (h.first, std::cmp::Reverse(h.last)));
    // the country the article's actors most often belong to (international bodies aside): an
    // unnamed group ("the protesters", "la polizia") is local to the story
    let mut tally: HashMap<&str, (usize, usize)> = HashMap::default();
    for (k, e) in entities.iter().enumerate() {
        if e.kind == EntityKind::Place || is_dateline(&doc.text, e) {
            continue;
        }
        if let Some(c) = e.country.as_deref().filter(|c| *c != "IGO") {
            tally.entry(c).or_insert((0, k)).0 += 1;
        }
    }
    let local = tally
        .values()
        .max_by_key(|&&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|&(_, first)| first);
    let mut added = Vec::new();
    for h in hits {
        let span = Span::new(
            tokens[h.first].span.start as usize,
            tokens[h.last].span.end as usize,
        );
        if covered(span.start, span.end) || added.iter().any(|e: &Entity| e.span.overlaps(span)) {
            continue;
        }
        let before = |e: &&Entity| e.span.end <= span.start && e.kind != EntityKind::Place;
        let new = match &rules.anaphora_kind[h.id] {
            Anaphor::Pair => {
                // the two countries most mentioned so far, in order of first mention
                let mut count: Vec<(String, usize, usize)> = Vec::new(); // country, mentions, last index
                for (k, e) in entities.iter().enumerate().filter(|(_, e)| before(e)) {
                    let Some(c) = &e.country else { continue };
                    if c == "IGO" {
                        continue;
                    }
                    match count.iter_mut().find(|x| &x.0 == c) {
                        Some(x) => {
                            x.1 += 1;
                            if e.sector.as_deref() == Some("GOV")
                                || entities[x.2].sector.as_deref() != Some("GOV")
                            {
                                x.2 = k;
                            }
                        }
                        None => count.push((c.clone(), 1, k)),
                    }
                }
                let mut ranked: Vec<usize> = (0..count.len()).collect();
                ranked.sort_by_key(|&i| (std::cmp::Reverse(count[i].1), i));
                if ranked.len() < 2 {
                    continue;
                }
                let (a, b) = (ranked[0].min(ranked[1]), ranked[0].max(ranked[1]));
                group_entity(
                    doc,
                    span,
                    None,
                    None,
                    Some(count[a].2),
                    Some(format!("pair: entities {} and {}", count[a].2, count[b].2)),
                )
            }
            Anaphor::Possessive { sector, kinds } => {
                let Some((k, ante)) = entities
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| before(e) && kinds.contains(&e.kind) && e.country.is_some())
                    .max_by_key(|(_, e)| e.span.start)
                else {
                    continue;
                };
                group_entity(
                    doc,
                    span,
                    ante.country.clone(),
                    Some(sector.clone()),
                    Some(k),
                    Some(format!("events: possessive resolved to {:?}", ante.text)),
                )
            }
            Anaphor::Group { sector, counted } => {
                let Some(k) = local else { continue };
                // a group noun ending a person's title phrase ("il leader dell'opposizione Juan
                // Guaidó") names no group of its own: the name follows it directly
                let near = tokens
                    .get((h.last + 1).min(tokens.len() - 1))
                    .map_or(span.end, |t| t.span.end);
                if entities.iter().any(|x| {
                    x.kind == EntityKind::Person && x.span.start >= span.end && x.span.start < near
                }) {
                    continue;
                }
                // a noun, not an adjective or a compound's modifier: what stands before it is a
                // function word, a number, punctuation, a name or nothing ("esercitazioni
                // militari", "the police chief" are no groups)
                let prev = h.first.checked_sub(1);
                let counter =
                    |j: usize| tokens[j].kind == TokenKind::Number || role_of[j] & role::QUANT != 0;
                let ok = match prev {
                    None => !counted,
                    Some(j) => {
                        let r = role_of[j];
                        if *counted {
                            counter(j) || (r & role::GENITIVE != 0 && j > 0 && counter(j - 1))
                        } else {
                            tokens[j].kind != TokenKind::Word
                                || r != 0
                                || counter(j)
                                || covered(tokens[j].span.start, tokens[j].span.end)
                        }
                    }
                };
                if !ok {
                    continue;
                }
                group_entity(
                    doc,
                    span,
                    entities[k].country.clone(),
                    Some(sector.clone()),
                    None,
                    Some("events: unnamed group of the article's country".to_string()),
                )
            }
        };
        added.push(new);
    }
    added
}

/// An actor the events stage adds for an unnamed group or pair ("the protesters", "i due"):
/// a group entity with the country and sector it resolved to and a note saying how.
fn group_entity(
    doc: &Document,
    span: Span,
    country: Option<String>,
    sector: Option<String>,
    coref: Option<usize>,
    note: Option<String>,
) -> Entity {
    Entity {
        span,
        text: doc.text[span.range()].to_string(),
        kind: EntityKind::Group,
        id: None,
        name: None,
        country,
        sector,
        cameo: None,
        lat: None,
        lon: None,
        coref,
        note,
    }
}

/// Negation outranks hypothesis, which outranks future, which outranks assertion.
/// Events are dated to the day (as PLOVER and ICEWS code them): a time of day ("ieri sera",
/// "this morning": `2021-02-03T18/2021-02-03T23`) dates its event by that day; a span over
/// several days is kept as it is.
fn event_day(value: &str, precision: &str) -> (String, String) {
    fn day(v: &str) -> Option<&str> {
        v.get(..10).filter(|_| v.as_bytes().get(10) == Some(&b'T'))
    }
    let (a, b) = value.split_once('/').unwrap_or((value, value));
    match (day(a), day(b)) {
        (Some(x), Some(y)) if x == y => (x.to_string(), "day".to_string()),
        _ => (value.to_string(), precision.to_string()),
    }
}

fn stronger(a: Modality, b: Modality) -> Modality {
    let rank = |m: Modality| match m {
        Modality::Asserted => 0,
        Modality::Future => 1,
        Modality::Hypothetical => 2,
        Modality::Negated => 3,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

fn side_key(side: &[Entity]) -> Vec<String> {
    let mut v: Vec<String> = side
        .iter()
        .map(|e| {
            format!(
                "{}|{}",
                e.country.as_deref().unwrap_or(""),
                e.id.as_deref().or(e.name.as_deref()).unwrap_or(&e.text)
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A headline restates the article's lead in telegraphic form ("Orban invites Netanyahu to
/// Hungary"), where roles read worst: an event of the headline (the first line, set off by a line
/// break) whose type the body codes again with an actor of a shared country is a mention of the
/// body event sharing most of its countries, not an event of its own.
fn merge_headline(text: &str, mut events: Vec<Event>) -> Vec<Event> {
    let Some(first) = events.first().map(|e| e.sentence) else {
        return events;
    };
    let headline = |sp: Span| {
        sp.start == first.start
            && text[..sp.start as usize].trim().is_empty()
            && text
                .get(sp.end as usize..)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('\n'))
    };
    let countries = |e: &Event| -> Vec<String> {
        e.source
            .iter()
            .chain(&e.target)
            .filter_map(|a| a.country.clone())
            .collect()
    };
    let mut keep = vec![true; events.len()];
    for i in 0..events.len() {
        if !headline(events[i].sentence) {
            continue;
        }
        let ci = countries(&events[i]);
        // the body event sharing most of its countries
        let body = (0..events.len())
            .filter(|&j| {
                !headline(events[j].sentence) && events[j].event_type == events[i].event_type
            })
            .map(|j| {
                let cj = countries(&events[j]);
                (ci.iter().filter(|c| cj.contains(c)).count(), j)
            })
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, j)| (n, std::cmp::Reverse(j)))
            .map(|(_, j)| j);
        if let Some(j) = body {
            keep[i] = false;
            let sp = events[i].sentence;
            if !events[j].mentions.contains(&sp) {
                events[j].mentions.push(sp);
            }
        }
    }
    let mut k = keep.iter();
    events.retain(|_| *k.next().unwrap_or(&true));
    events
}

/// The same event stated twice in one article is one event with several mentions: same type,
/// modality and participants, and dates that agree (or one of them only the publication date).
fn dedup(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for ev in events {
        let (ks, kt) = (side_key(&ev.source), side_key(&ev.target));
        let same = out.iter_mut().find(|o| {
            let (os, ot) = (side_key(&o.source), side_key(&o.target));
            // same participants, or the same with one side left unsaid in one of the mentions
            let sides = (os == ks || os.is_empty() || ks.is_empty())
                && (ot == kt || ot.is_empty() || kt.is_empty())
                && !(os.is_empty() && ot.is_empty())
                && !(ks.is_empty() && kt.is_empty())
                && (os == ks && !os.is_empty() || ot == kt && !ot.is_empty());
            o.event_type == ev.event_type
                && o.modality == ev.modality
                && sides
                && match (&o.date, &ev.date) {
                    (Some(a), Some(b)) => {
                        a.value == b.value || a.basis == "publication" || b.basis == "publication"
                    }
                    _ => true,
                }
        });
        match same {
            Some(o) => {
                if o.sentence != ev.sentence && !o.mentions.contains(&ev.sentence) {
                    o.mentions.push(ev.sentence);
                }
                if o.date.as_ref().is_some_and(|d| d.basis == "publication")
                    && ev.date.as_ref().is_some_and(|d| d.basis == "text")
                {
                    o.date = ev.date;
                }
                if o.location.is_none() {
                    o.location = ev.location;
                }
                if o.attribution.is_none() {
                    o.attribution = ev.attribution;
                }
                if o.quantity.is_none() {
                    o.quantity = ev.quantity;
                }
                if o.source.is_empty() {
                    o.source = ev.source;
                }
                if o.target.is_empty() {
                    o.target = ev.target;
                }
                if o.mode.is_none() {
                    o.mode = ev.mode;
                }
            }
            None => out.push(ev),
        }
    }
    out
}
