//! Organisations no table lists, found by the common noun that introduces them.
//!
//! A capitalised run that neither a table nor the name rules classified is dropped (most such
//! runs are works, slogans, products or capitalised common nouns). Italian news, though,
//! usually introduces a company, a newspaper or a club by its kind: "il quotidiano X", "la
//! società X", "l'agenzia di stampa X", "X, società che …". After such a head noun (with at most
//! one adjective between: "la compagnia aerea X") the run is an organisation; a later mention
//! of the same words without the head is the same organisation. On KIND train the head noun
//! cue was right about two times in three, where the run was otherwise lost.
//!
//! The cue words are data: `actors/org_cues.tsv` (`org_heads`, `org_appositions`,
//! `org_not_modifiers`); a language without them finds nothing here.

use crate::names::RuleName;
use crate::tables::LangTables;
use annalist_doc::EntityKind;
use rustc_hash::FxHashSet as HashSet;

/// The rule names this module gives ([`RuleName::rule`]).
pub(crate) const HEAD_RULE: &str = "org head noun";
pub(crate) const APPOSITION_RULE: &str = "org apposition";
pub(crate) const REPEAT_RULE: &str = "repeat of a cued organisation";
pub(crate) const SPELT_OUT_RULE: &str = "org spelt out by its acronym";
pub(crate) const HOLDER_TITLE_RULE: &str = "org after a holder's title";
pub(crate) const KIND_WORD_RULE: &str = "org kind word in a run";
pub(crate) const LEGAL_FORM_RULE: &str = "org with a company's legal form";
/// The rule name of a national team named by its common noun ([`national_squads`]).
pub(crate) const SQUAD_RULE: &str = "national team by its noun";
/// The rule name of a region's government named by the lower-case noun before the region
/// ([`region_institutions`]).
pub(crate) const REGION_RULE: &str = "region's institution by its noun";

/// The rule name of a team or a band named by an English plural after a plural article ("i
/// Gunners", [`cued_orgs`]).
pub(crate) const PLURAL_NAME_RULE: &str = "org named by a foreign plural after a plural article";

/// The rule name of a publisher or a medium named after a participle of publishing and "by"
/// or "on" ("pubblicato da X", [`cued_orgs`]).
pub(crate) const PUBLISHER_RULE: &str = "org after a participle of publishing";

/// The rule name of a town's council named by its lower-case noun and "di" after an article
/// ([`town_institutions`]).
pub(crate) const TOWN_RULE: &str = "town's council by its noun";

/// The cue words of one language, lower case.
#[derive(Default)]
pub(crate) struct OrgCues {
    /// This set of cues' own number (from [`NEXT_CUES_ID`]; 0 for a default one): the key of
    /// [`LAST_SENTENCE`]'s verdict, which an address could not be (a set dropped and another
    /// built where it was would read the old one's verdicts).
    id: u64,
    /// Head nouns, one to three words joined by single spaces ("quotidiano", "agenzia di
    /// stampa").
    heads: HashSet<String>,
    /// The longest head in words.
    head_words: usize,
    /// The last word of every head: a word no head ends with ends none, with one lookup
    /// instead of one per head length.
    /// (Asked of the word before every capitalised run: filtered by its first two bytes.)
    head_last: crate::tagger::PairSet,
    /// Nouns that, after a comma or a bracket following a run, describe it as an
    /// organisation ("X, società che …").
    appositions: HashSet<String>,
    /// Lower-case words that never stand as the adjective between a head and its name
    /// (prepositions, articles, verbs: "il gruppo nel X", "il sito ufficiale del X").
    not_modifiers: HashSet<String>,
    /// Connectors inside a name ("di", "del"): the name rules' own list, without "and".
    /// (Asked of the word after most capitalised runs: filtered by its first two bytes.)
    connectors: crate::tagger::PairSet,
    /// Articles allowed between an apposition's comma and its noun ("X, la società …").
    articles: HashSet<String>,
    /// The longest article in bytes: a longer word is none, with no comparison.
    article_len: usize,
    /// The same articles as a list: [`cued_orgs`] compares a word with each of them in ASCII
    /// case (a walk over a short list; the set's walk visited every bucket of its table).
    article_list: Vec<String>,
    /// The coordinating "and" words ("e", "ed"): where an institution's name may end and a
    /// second name start ([`refine_org_names`]).
    and_words: HashSet<String>,
    /// Lower-case adjectives that end an institution's name after it: the country demonyms
    /// ("il Senato statunitense") and `org_trailing_adjectives` ("la Repubblica separatista").
    trailing: HashSet<String>,
    /// `org_trailing_adjectives` alone, without the demonyms: a free org word takes only
    /// these in lower case ("la Commissione parlamentare", not "lo Stato americano").
    trailing_no_demonyms: HashSet<String>,
    /// Lower-case nouns that, after an org word and "of", complete the institution's name
    /// ("Consiglio dei ministri", "Corte d'appello"): `org_complements`.
    complements: HashSet<String>,
    /// Titles and roles held in an organisation ("il presidente di X", "i vertici della X"):
    /// `org_holder_titles`. After one of them and an "of" word, a capitalised run no table
    /// or rule took is the organisation.
    holder_titles: HashSet<String>,
    /// The "of" words between a holder's title and the organisation ("di", "della"):
    /// `org_of`.
    of_words: HashSet<String>,
    /// Plural demonyms, lower case: the demonyms whose last letter is one of
    /// `org_plural_demonym_endings` ("croati", "scozzesi"; not "francese", singular). Before
    /// one of [`Self::demonym_of`] they name a club's players or fans by their country ("i
    /// croati del X"), and a capitalised run after them is the club.
    plural_demonyms: HashSet<String>,
    /// The singular articulated "of" words after such a demonym (`org_demonym_of`: "del",
    /// "dello", "della"), a club being "il X" or "la X"; not the bare "di", which names a
    /// town ("i francesi di X").
    demonym_of: HashSet<String>,
    /// Plural articles and article-prepositions, lower case (`org_plural_articles`: "i",
    /// "gli", "dei"), and the endings of a foreign plural (`org_plural_name_endings`: "s"):
    /// a lone capitalised word so ending after such an article is a team's or a band's name
    /// ("i Gunners", "dei Cranberries", "gli Wallabies"); the language's own plurals end
    /// otherwise, and a family named by its surname takes no plural ending.
    plural_articles: HashSet<String>,
    plural_name_endings: Vec<String>,
    /// Participles of publishing and reporting (`org_publish_participles`: "pubblicato",
    /// "edite", "riportato") and the "by"/"on" words after them (`org_publish_by`: "da",
    /// "dalla", "su"): a lone capitalised word no table or rule took after both is the
    /// publisher, the journal or the medium ("pubblicato da Rizzoli", "pubblicata su Nature",
    /// "riportato da Wired").
    publish_participles: HashSet<String>,
    publish_by: crate::tagger::PairSet,
    /// Lower-case nouns that, right before a first-level region's name, make the two its
    /// government ("la regione Lombardia"): `org_region_nouns`.
    region_nouns: HashSet<String>,
    /// Words before such a noun that make the phrase the territory ("nella regione X"):
    /// `org_region_not_after`.
    region_not_after: HashSet<String>,
    /// Lower-case nouns that, with "di" before a town's name, make the phrase the town's
    /// council when an article stands before them ("il comune di Genova ha chiesto"):
    /// `org_town_nouns`; the articles, `org_town_after`.
    town_nouns: HashSet<String>,
    town_after: HashSet<String>,
    /// Words before the article that make the phrase a spot in the town ("in centro al comune
    /// di X", "vicino al comune di X"): `org_town_not_before`.
    town_not_before: HashSet<String>,
    /// Words that make a sentence a match report (`sport_words`): a country in it is its
    /// national team ([`national_team`]). With the filter of their first two bytes: the test
    /// walks every word of the sentence, and nearly all are turned away by it.
    sport_words: crate::tagger::PairSet,
    /// Top-level domains that end a web address ("it", "com"): `web_domains`.
    web_domains: HashSet<String>,
    /// Words that after "24-27" make it a range, not a score (the months): `not_score_after`.
    not_score_after: HashSet<String>,
    /// Capitalised words of an organisation's kind ("Interactive", "Journal", "Capitaneria",
    /// "Comando"): `org_run_words`, as written. Anywhere in a free run of two words or more they
    /// make it an organisation ([`cued_orgs`]).
    /// (Asked of every word of a run of two or more: filtered by its first two bytes.)
    run_words: crate::tagger::PairSet,
    /// Lower-case forms of the capitalised articles and article-prepositions a sentence may
    /// start a run with ("Il", "Dal"): `org_run_skip`; the name starts after them.
    run_skip: HashSet<String>,
    /// Lower-case words that go on with such a name where the scan stopped ("of", "for"):
    /// `org_run_inner`.
    run_inner: HashSet<String>,
    /// All-capital words, as written, that are common nouns and no organisation ("IMU", a tax;
    /// "GP", a race; "ECG", a test): `org_not_acronyms`. The name rules' own `not_acronyms`
    /// are words that are no name at all (months, units); these drop only an "acronym" org
    /// ([`refine_org_names`]).
    not_acronyms: HashSet<String>,
    /// A company's legal form after its name ("S.p.A.", "Srl", "Inc.", "plc"), as written: the
    /// common table `actors/legal_forms.tsv`, the same for every language. A capitalised run no
    /// table or rule took, followed by one, is a company ([`cued_orgs`]); the form is part of
    /// the name, and the tagger gives the name the business sector.
    legal_forms: Vec<String>,
    /// The first two bytes of [`Self::legal_forms`] ([`crate::tagger::FormPairs`]):
    /// [`legal_form_end`] runs after every capitalised run's words, and most words after one
    /// start no legal form, so one bit test replaces some twenty prefix comparisons (the first
    /// byte alone let every capitalised "S…", "I…", "L…" word through to them).
    legal_pairs: crate::tagger::FormPairs,
    /// Words that carry an institution's name on past its org word ("per", "for", "of", "on"):
    /// `org_name_links`. Before capitalised words they go on with the name ("Consiglio per i
    /// Testi Legislativi", "Institute of Technology"); before lower-case ones they start a
    /// purpose, and the name ends ([`refine_org_names`]).
    links: HashSet<String>,
    /// Articles allowed between such a link and the capitalised words (`org_link_articles`).
    link_articles: HashSet<String>,
    /// The nouns that name a country's national team (`squad_nouns`: "nazionale"), which are
    /// that team right after one of [`Self::squad_before`] ([`national_squads`]).
    squad_nouns: Vec<String>,
    /// The squad nouns folded as a document's text is ([`annalist_doc::lower_same_len`]): a
    /// text whose folded form holds none of them has no squad noun in any case, and
    /// [`national_squads`] skips its pass over every word.
    /// (Each a vector searcher built once: the search runs over every text, and the searcher
    /// tests first the needle's rarer bytes, which stop it at fewer places than the common
    /// letters of a word; ~1.4M instructions per 1,000 news articles with `str::contains`.)
    squad_folded: Vec<memchr::memmem::Finder<'static>>,
    /// One bit per byte length of the squad nouns (lengths over 63 share bit 63): the test
    /// runs on every word of every text, and the length alone turns nearly all of them away
    /// before any comparison.
    squad_lens: u64,
    /// The squad nouns' first bytes in either ASCII case ([`first_bytes`]): with the length,
    /// a test of one byte turns away all but a few words before any comparison.
    squad_first: [u64; 4],
    /// The articles and prepositions before such a noun used as a noun (`squad_before`: "la",
    /// "della", "in"); after a noun the word is an adjective ("la festa nazionale").
    squad_before: HashSet<String>,
    /// Words after the noun that belong to the team's name (`squad_qualifiers`: "azzurra",
    /// "olimpica", "U21"), lower case, and the language's demonyms ("italiana").
    squad_qualifiers: HashSet<String>,
}

/// The number the next [`OrgCues`] built from tables takes (see `OrgCues::id`).
static NEXT_CUES_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl OrgCues {
    pub(crate) fn new(lt: &LangTables, legal_forms: &[String]) -> OrgCues {
        let get = |k: &str| -> HashSet<String> {
            lt.grammar_rules
                .get(k)
                .map(|v| v.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default()
        };
        let heads = get("org_heads");
        let head_words = heads
            .iter()
            .map(|h| h.split(' ').count())
            .max()
            .unwrap_or(0);
        let head_last: HashSet<String> = heads
            .iter()
            .filter_map(|h| h.split(' ').next_back())
            .map(str::to_string)
            .collect();
        let and: HashSet<String> = get("and_words");
        let run_words: HashSet<String> = lt
            .grammar_rules
            .get("org_run_words")
            .map(|v| v.iter().cloned().collect())
            .unwrap_or_default();
        let connectors: HashSet<String> = get("connectors").difference(&and).cloned().collect();
        let articles = get("org_apposition_articles");
        let adjectives = get("org_trailing_adjectives");
        let squad_nouns: Vec<String> = get("squad_nouns").into_iter().collect();
        OrgCues {
            id: NEXT_CUES_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            heads,
            head_words,
            head_last: crate::tagger::PairSet::new(head_last),
            appositions: get("org_appositions"),
            not_modifiers: get("org_not_modifiers"),
            connectors: crate::tagger::PairSet::new(connectors),
            article_len: articles.iter().map(String::len).max().unwrap_or(0),
            article_list: articles.iter().cloned().collect(),
            articles,
            trailing: adjectives
                .iter()
                .cloned()
                .chain(lt.demonyms.iter().map(|(f, _)| f.to_lowercase()))
                .collect(),
            and_words: and,
            trailing_no_demonyms: adjectives,
            complements: get("org_complements"),
            holder_titles: get("org_holder_titles"),
            of_words: get("org_of"),
            plural_demonyms: {
                let endings: Vec<char> = get("org_plural_demonym_endings")
                    .iter()
                    .filter_map(|e| e.chars().next())
                    .collect();
                lt.demonyms
                    .iter()
                    .map(|(f, _)| f.to_lowercase())
                    .filter(|f| f.chars().next_back().is_some_and(|c| endings.contains(&c)))
                    .collect()
            },
            demonym_of: get("org_demonym_of"),
            plural_articles: get("org_plural_articles"),
            plural_name_endings: get("org_plural_name_endings").into_iter().collect(),
            publish_participles: get("org_publish_participles"),
            publish_by: crate::tagger::PairSet::new(get("org_publish_by")),
            region_nouns: get("org_region_nouns"),
            region_not_after: get("org_region_not_after"),
            town_nouns: get("org_town_nouns"),
            town_after: get("org_town_after"),
            town_not_before: get("org_town_not_before"),
            sport_words: crate::tagger::PairSet::new(get("sport_words")),
            not_score_after: get("not_score_after"),
            web_domains: get("web_domains"),
            run_words: crate::tagger::PairSet::new(run_words),
            run_skip: get("org_run_skip"),
            run_inner: get("org_run_inner"),
            not_acronyms: lt
                .grammar_rules
                .get("org_not_acronyms")
                .map(|v| v.iter().cloned().collect())
                .unwrap_or_default(),
            legal_pairs: crate::tagger::FormPairs::new(legal_forms.iter()),
            legal_forms: legal_forms.to_vec(),
            links: get("org_name_links"),
            link_articles: get("org_link_articles"),
            squad_lens: squad_nouns
                .iter()
                .fold(0, |m, n| m | 1u64 << n.len().min(63)),
            squad_first: first_bytes(
                squad_nouns
                    .iter()
                    .flat_map(|n| [n.to_ascii_lowercase(), n.to_ascii_uppercase()])
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            ),
            squad_folded: squad_nouns
                .iter()
                .map(|n| memchr::memmem::Finder::new(&annalist_doc::lower_same_len(n)).into_owned())
                .collect(),
            squad_nouns,
            squad_before: get("squad_before"),
            squad_qualifiers: get("squad_qualifiers")
                .into_iter()
                .chain(lt.demonyms.iter().map(|(f, _)| f.to_lowercase()))
                .collect(),
        }
    }

    /// Where an institution named by a common noun goes on past `at` (the noun's end in
    /// `lower`, the text in lower case), up to `limit`: an "of" word and one of the
    /// `org_complements` ("il ministero della giustizia", "il ministero dell'interno", "il
    /// consiglio dei ministri"), which name which ministry or council it is. None when no
    /// such complement follows.
    pub(crate) fn complement_end(&self, lower: &str, at: usize, limit: usize) -> Option<usize> {
        let rest = lower.get(at..limit)?.strip_prefix(' ')?;
        let after = self.after_of_word(rest)?;
        let n = after
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(after.len());
        let noun = &after[..n];
        (!noun.is_empty() && self.complements.contains(noun)).then(|| limit - (after.len() - n))
    }

    /// The text after `rest`'s first word when that word is one of the "of" words, else None.
    fn after_of_word<'r>(&self, rest: &'r str) -> Option<&'r str> {
        // The "of" word: up to a space, or up to and with an elided article's apostrophe.
        // (Found by bytes: a space and "'" are one byte each, and '’' is the only character
        // that starts with its three bytes. The word is looked up in place, with no copy:
        // only a '’' is written as "'" first, the list's spelling.)
        let rb = rest.as_bytes();
        let cut = (0..rb.len())
            .find(|&i| rb[i] == b' ' || rb[i] == b'\'' || rb[i..].starts_with("’".as_bytes()))?;
        let (known, after) = match rb[cut] {
            b' ' => (self.of_words.contains(&rest[..cut]), &rest[cut + 1..]),
            b'\'' => (self.of_words.contains(&rest[..=cut]), &rest[cut + 1..]),
            _ => {
                let of_plain = [&rest[..cut], "'"].concat();
                (
                    self.of_words.contains(&of_plain),
                    &rest[cut + '’'.len_utf8()..],
                )
            }
        };
        known.then_some(after)
    }

    /// Whether a lower-case word is one of `org_complements` ("ministri", "appello"): after an
    /// org word and "of" it says which council or court it is.
    pub(crate) fn is_complement(&self, word: &str) -> bool {
        self.complements.contains(word)
    }

    /// Whether a lower-case word is an adjective that ends an institution's name after it
    /// (`org_trailing_adjectives`: "il governo nipponico", "il Parlamento catalano").
    pub(crate) fn is_trailing_adjective(&self, word: &str) -> bool {
        self.trailing_no_demonyms.contains(word)
    }

    /// The byte where a company's legal form after a name ending at `e` ends ("As Roma SpA"),
    /// as [`cued_orgs`] reads it after a run no table took.
    pub(crate) fn legal_form_after(&self, text: &str, e: usize) -> Option<usize> {
        if self.legal_forms.is_empty() {
            return None;
        }
        legal_form_end(self, text, e)
    }

    /// Whether a name ends in a company's legal form ("Ferrandi S.p.A.", "Segway Inc."): the
    /// business sector is then known whichever rule found the name.
    pub(crate) fn ends_in_legal_form(&self, name: &str) -> bool {
        name.rsplit_once(' ')
            .is_some_and(|(_, form)| self.legal_forms.iter().any(|f| f == form))
    }

    fn is_empty(&self) -> bool {
        self.heads.is_empty()
            && self.appositions.is_empty()
            && self.complements.is_empty()
            && self.holder_titles.is_empty()
            && self.plural_demonyms.is_empty()
            && self.web_domains.is_empty()
            && self.run_words.is_empty()
            && self.legal_forms.is_empty()
            && self.squad_nouns.is_empty()
    }
}

/// Whether a word starts with a capital (the refinements below ask about a few words only).
fn capitalised_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn lowercase_word(w: &str) -> bool {
    w.chars().all(|c| c.is_lowercase() || c == '\'' || c == '’')
}

/// Organisations named after a head noun or described by an apposition, among the
/// capitalised runs of `text` that overlap no span of `taken` (matches of the tables and
/// names of the rules, any order). `words` are the text's words, in order, with which of them
/// start with a capital (the tagger's scan decoded that once).
pub(crate) fn cued_orgs(
    cues: &OrgCues,
    (names, given): (&crate::names::NameRules, &rustc_hash::FxHashSet<String>),
    text: &str,
    words: &crate::tagger::Words,
    taken: &[(usize, usize)],
) -> Vec<RuleName> {
    let mut out: Vec<RuleName> = Vec::new();
    let (ws, upper) = (&words.spans[..], &words.upper[..]);
    if cues.is_empty() || ws.is_empty() {
        return out;
    }
    // Sorted and merged: the tables' matches and the rules' names may overlap one another.
    // (`taken` is the matches' spans then the rules' names', two runs in text order: the
    // stable sort merges runs it finds, where the unstable one sorted from scratch; equal
    // pairs are alike, so both give the same list.)
    let mut sorted: Vec<(usize, usize)> = taken.to_vec();
    sorted.sort();
    let mut taken: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match taken.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => taken.push((s, e)),
        }
    }
    // (The words asked about come in text order but for a step or two back: a cursor into the
    // merged spans, moved both ways, answers in a step or two where a binary search took ten.)
    let cursor = std::cell::Cell::new(0usize);
    let free = |k: usize| {
        let (s, e) = ws[k];
        let mut i = cursor.get();
        while i > 0 && taken[i - 1].1 > s {
            i -= 1;
        }
        while i < taken.len() && taken[i].1 <= s {
            i += 1;
        }
        cursor.set(i);
        !(i < taken.len() && taken[i].0 < e)
    };
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    // (As bytes: no test of the gap's ends against UTF-8 boundaries.)
    let bytes = text.as_bytes();
    // (Most gaps are one byte: compared alone, with no slice.)
    let spaces = |a: usize, b: usize| {
        let (s, e) = (ws[a].1, ws[b].0);
        if e == s + 1 {
            bytes[s] == b' '
        } else {
            bytes[s..e].iter().all(|&c| c == b' ')
        }
    };
    // The articles are a handful of short words: compared in place, with no lower-case copy of
    // every capitalised word at a sentence start; a word whose first byte (ASCII lower-cased)
    // starts none of them is turned away by one bit test.
    let mut article_first = [0u64; 4];
    for a in &cues.article_list {
        match a.as_bytes().first() {
            Some(&b) => {
                let b = b.to_ascii_lowercase();
                article_first[usize::from(b >> 6)] |= 1 << (b & 63);
            }
            None => article_first = [u64::MAX; 4],
        }
    }
    let article = |k: usize| {
        let b = bytes[ws[k].0].to_ascii_lowercase();
        ws[k].1 - ws[k].0 <= cues.article_len
            && article_first[usize::from(b >> 6)] >> (b & 63) & 1 != 0
            && {
                // (The word sliced once, not once per article.)
                let word = &bytes[ws[k].0..ws[k].1];
                cues.article_list
                    .iter()
                    .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
            }
    };
    let capitalised = |k: usize| upper[k];
    // A head noun ends at word `h`: its one to three words, lower case in the text.
    let head_at = |h: usize| -> bool {
        if !cues.head_last.contains(w(h)) {
            return false;
        }
        for n in 1..=cues.head_words.min(h + 1) {
            let first = h + 1 - n;
            if !lowercase_word(w(first)) || (n > 1 && !spaces(first, first + 1)) {
                return false;
            }
            // the words stand apart by spaces only (checked above), so the head is one slice of
            // the text; a copy is made only where a gap holds more than one space
            let span = &text[ws[first].0..ws[h].1];
            let hit = if span.contains("  ") {
                let words: Vec<&str> = span.split(' ').filter(|x| !x.is_empty()).collect();
                cues.heads.contains(&words.join(" "))
            } else {
                cues.heads.contains(span)
            };
            if hit {
                return true;
            }
        }
        false
    };
    // Capitalised runs: (first word, last word).
    let mut runs: Vec<(usize, usize)> = Vec::with_capacity(32);
    let mut k = 0;
    while k < ws.len() {
        if !capitalised(k) {
            // (Most words are lower case: one pass to the next capitalised one.)
            k = crate::names::next_upper(upper, k);
            continue;
        }
        if !free(k) {
            k += 1;
            continue;
        }
        let mut j = k;
        loop {
            // (The flag first: the word after most runs is in lower case.)
            if j + 1 < ws.len() && capitalised(j + 1) && spaces(j, j + 1) && free(j + 1) {
                j += 1;
                continue;
            }
            // (The capital after the connector first, a flag: most runs are followed by
            // lower-case words, and are turned away with no gap read and no lookup.)
            if j + 2 < ws.len()
                && capitalised(j + 2)
                && spaces(j, j + 1)
                && spaces(j + 1, j + 2)
                && cues.connectors.contains(w(j + 1))
                && free(j + 2)
            {
                j += 2;
                continue;
            }
            break;
        }
        runs.push((k, j));
        k = j + 1;
    }
    // A holder's title and "of" right before the run ("il presidente della X", "i vertici di
    // X"), or a plural demonym and a singular "of" (a club's side: "i croati del X"), with a run that names no person and no common thing: a given name at its head is a
    // person's name, a lone frequent word a common noun with a capital ("il segretario del
    // Partito").
    let holder_of = |k: usize, j: usize| -> bool {
        if k < 2 || (cues.holder_titles.is_empty() && cues.plural_demonyms.is_empty()) {
            return false;
        }
        let of = w(k - 1);
        let gap = &text[ws[k - 1].1..ws[k].0];
        let joined = if of.ends_with(['\'', '’']) {
            gap.is_empty() || gap == " "
        } else {
            gap == " "
        };
        if !joined || !spaces(k - 2, k - 1) || !cues.of_words.contains(of) {
            return false;
        }
        let t = w(k - 2);
        let title = if lowercase_word(t) {
            cues.holder_titles.contains(t)
        } else {
            capitalised_word(t)
                && t.is_ascii()
                && cues.holder_titles.contains(&t.to_ascii_lowercase())
        };
        let club_side =
            lowercase_word(t) && cues.demonym_of.contains(of) && cues.plural_demonyms.contains(t);
        (title || club_side) && !given.contains(w(k)) && (j > k || names.is_unknown_name_word(w(k)))
    };
    // The run after a holder's title, up to its last word: it ends before a given name and a
    // capitalised word (the holder: "il presidente della X Mario Rossi"), and it must end the
    // name where it stops: a number, a capitalised word, a hyphen or dot glued to it, or an
    // institution's adjective after it ("Antenna 3", "Alleanza nazionale", "Nazionale U-21")
    // show the run is part of a longer name the scan cut short.
    let holder_run = |k: usize, j: usize| -> Option<usize> {
        let mut end = j;
        // (The surname may be a table's match the run stopped before: "Bassi", a town.)
        // (The capital after it first, a flag, before the gap and the lookup.)
        let holder =
            |x: usize| x + 1 < ws.len() && upper[x + 1] && spaces(x, x + 1) && given.contains(w(x));
        if let Some(g) = (k + 1..=j).find(|&x| holder(x)) {
            end = g - 1;
        }
        if !holder_of(k, end) {
            return None;
        }
        if end == j && j + 1 < ws.len() {
            let gap = &text[ws[j].1..ws[j + 1].0];
            let next = w(j + 1);
            let glued = gap.is_empty() || gap == "-" || gap == ".";
            let longer = gap == " "
                && ((capitalised_word(next) && !holder(j + 1))
                    || next.starts_with(|c: char| c.is_ascii_digit())
                    || names.is_org_adjective(next)
                    || cues.trailing.contains(next));
            if glued || longer {
                return None;
            }
        }
        Some(end)
    };
    // A run of two words or more spelt out by an acronym in brackets, after it or before it
    // ("Fondo Tutela Acque ( FTA )", "FTA ( Fondo Tutela Acque )"): the acronym's letters are
    // the initials of the run's capitalised words. Names, not things, are so introduced: on KIND
    // train 12 times in 15 an organisation.
    let spelt_out = |k: usize, j: usize| -> bool {
        if j == k {
            return false;
        }
        let matches = |a: &str| {
            let mut letters = a.chars().filter(|c| c.is_alphabetic());
            let mut n = 0;
            for x in k..=j {
                if !capitalised(x) {
                    continue;
                }
                let i = w(x).chars().next().unwrap_or(' ');
                match letters.next() {
                    Some(l) if l.to_uppercase().eq(i.to_uppercase()) => n += 1,
                    _ => return false,
                }
            }
            letters.next().is_none() && n >= 2 && a.starts_with(char::is_uppercase)
        };
        let after = j + 1 < ws.len()
            && text[ws[j].1..ws[j + 1].0].trim() == "("
            && text[ws[j + 1].1..].trim_start().starts_with(')')
            && matches(w(j + 1));
        after
            || (k > 0
                && text[ws[k - 1].1..ws[k].0].trim() == "("
                && text[ws[j].1..].trim_start().starts_with(')')
                && matches(w(k - 1)))
    };
    // A word of an organisation's kind anywhere in a run of two words or more ("Sumo Digital",
    // "Capitaneria di Porto"), after a capitalised article or article-preposition
    // that starts a sentence ("Dal Wall Street Journal"): the run's new first word. On KIND
    // train such runs were organisations 34 times in 35.
    let kind_word = |k: usize, j: usize| -> Option<usize> {
        if cues.run_words.is_empty() {
            return None;
        }
        // (Only a run of two words or more can hold one: a lone word is turned away before
        // the lookups below, as is a run with no kind word before the gaps around it are
        // read, which cost two lookups of the words beside every run.)
        if j == k {
            return None;
        }
        // (A short ASCII word is lowered in a stack buffer, with no allocation.)
        let skip = {
            let word = w(k);
            let mut buf = [0u8; 16];
            match buf.get_mut(..word.len()) {
                Some(b) if word.is_ascii() => {
                    b.copy_from_slice(word.as_bytes());
                    b.make_ascii_lowercase();
                    std::str::from_utf8(b).is_ok_and(|l| cues.run_skip.contains(l))
                }
                _ => cues.run_skip.contains(&word.to_lowercase()),
            }
        };
        let k = if skip { k + 1 } else { k };
        if j <= k || !(k..=j).any(|x| capitalised(x) && cues.run_words.contains(w(x))) {
            return None;
        }
        // A run the scan cut short, where a taken capitalised word, an English connector or
        // "&" goes on with the name ("International Programs Center", "X League of Y",
        // "Bluepoint & X Studio"), would be a wrong span: none.
        // (A capitalised word before the run is mostly a sentence's first word: "Secondo X".)
        let joins = |a: usize, b: usize, next: usize| {
            let gap = text[ws[a].1..ws[b].0].trim();
            gap == "&"
                || (gap.is_empty()
                    && ((next == b && capitalised(b)) || cues.run_inner.contains(w(next))))
        };
        let cut = (j + 1 < ws.len() && joins(j, j + 1, j + 1)) || (k > 0 && joins(k - 1, k, k - 1));
        (!cut).then_some(k)
    };
    // A lone capitalised word with a foreign plural's ending after a plural article ("i Gunners",
    // "dei Cranberries"; "I Reds" first in a sentence, where the article opens the run): the
    // name's word, when it is one. On KIND train 9 times in 10 a team or a band ("ai Trials",
    // a race, the other). The ending is tested first: most runs fail there, with no lookup.
    let plural_name = |k: usize, j: usize| -> Option<usize> {
        let (art, name) = if j == k && k > 0 {
            (k - 1, k)
        } else if j == k + 1 {
            (k, j)
        } else {
            return None;
        };
        let word = w(name).as_bytes();
        let n = word.len();
        if cues.plural_name_endings.is_empty()
            || n < 4
            || !word[n - 2].is_ascii_lowercase()
            || !cues
                .plural_name_endings
                .iter()
                .any(|e| word.ends_with(e.as_bytes()))
        {
            return None;
        }
        let a = w(art);
        (spaces(art, name)
            && a.len() <= 6
            && cues
                .plural_articles
                .iter()
                .any(|p| p.eq_ignore_ascii_case(a))
            && !given.contains(w(name)))
        .then_some(name)
    };
    // A lone capitalised word after a participle of publishing and its "by" or "on" ("pubblicato
    // da Rizzoli", "pubblicata su Nature", "riportato da Wired"), no given name: the publisher
    // or the medium. On KIND train 6 times in 7 an organisation (the other a journalist's
    // surname). The "by" word is tested first, by its first two bytes before its lookup.
    let publisher = |k: usize, j: usize| -> bool {
        if k != j || k < 2 || cues.publish_by.is_empty() {
            return false;
        }
        cues.publish_by.contains(w(k - 1))
            && spaces(k - 1, k)
            && spaces(k - 2, k - 1)
            && cues.publish_participles.contains(w(k - 2))
            && !given.contains(w(k))
    };
    // (The space after the word first, in place: `legal_form_end` asks it first too, and most
    // runs end before a mark, with no call.)
    // (And the first two bytes after it, as `legal_form_end` asks them next: most words a
    // space follows are followed by no form's start, with no call.)
    let legal_form = |x: usize| {
        let e = ws[x].1;
        if bytes.get(e) != Some(&b' ')
            || !cues
                .legal_pairs
                .may_prefix(bytes.get(e + 1..).unwrap_or_default())
        {
            return None;
        }
        legal_form_end(cues, text, e)
    };
    // A run that ends in a legal form, or is followed by one: the name's last word before the
    // form and the byte where the form ends. On KIND train every name so followed was an
    // organisation.
    let legal_end = |k: usize, j: usize| -> Option<(usize, usize)> {
        (k..=j).find_map(|x| legal_form(x).filter(|&e| e >= ws[j].1).map(|e| (x, e)))
    };
    let mut named: Vec<&str> = Vec::new();
    let mut decided: Vec<Option<(&'static str, usize, usize)>> = vec![None; runs.len()];
    for (r, &(k, j)) in runs.iter().enumerate() {
        // A single letter or digit is a group's or a list's label ("il gruppo B"); a lone
        // capitalised article ("il quotidiano La …") is the start of a name a table cut short.
        // (A word of five bytes or more holds two characters at least: counted only below.)
        if k == j
            && (ws[k].1 - ws[k].0 < 2
                // (Characters counted as the bytes that start one: no slice of the text.)
                || (ws[k].1 - ws[k].0 < 5
                    && bytes[ws[k].0..ws[k].1]
                        .iter()
                        .filter(|&&b| (b as i8) >= -0x40)
                        .count()
                        < 2)
                // (`article`'s length test in place first: most lone words are longer than
                // any article, and are turned away with no call.)
                || (ws[k].1 - ws[k].0 <= cues.article_len && article(k)))
        {
            continue;
        }
        // A run right after another capitalised word is the tail of a longer name.
        let tail = k > 0 && spaces(k - 1, k) && capitalised(k - 1);
        // An adjective between the head and the name: a lower-case word of four letters or
        // more that is no preposition, article or verb of `org_not_modifiers`.
        // (Its shape is tested first, then the head before it, then the two lists: most
        // lower-case words before a run head nothing, and one lookup turns them away.)
        // (Four characters take four bytes at least: the length first, with no decoding.)
        let modifier_shape = |m: usize| {
            ws[m].1 - ws[m].0 >= 4
                && spaces(m, m + 1)
                && w(m).chars().all(char::is_lowercase)
                && w(m).chars().count() >= 4
        };
        let modifier_word =
            |m: usize| !cues.not_modifiers.contains(w(m)) && !cues.connectors.contains(w(m));
        // The name may stand in quotes after its head ("la società «X»", "il quotidiano
        // “X”"), closed right after the run: a quoted name is the head's, as an unquoted one.
        let quoted = || {
            // (A byte of a quote mark first: '"', '«' ends in AB, '“' in 9C.)
            k > 0
                && bytes[ws[k - 1].1..ws[k].0]
                    .iter()
                    .any(|&c| matches!(c, b'"' | 0xab | 0x9c))
                && matches!(text[ws[k - 1].1..ws[k].0].trim(), "\"" | "«" | "“")
                && text[ws[j].1..].trim_start().starts_with(['"', '»', '”'])
        };
        // The head right before the name, or before one adjective ("il giornale britannico X").
        // (Not two: "la compagnia petrolifera statale X di …" gained little on KIND and fed the
        // events a company with no country, which dev-it scored as a wrong concession.)
        let head = k > 0
            && (spaces(k - 1, k) || quoted())
            && (head_at(k - 1)
                || (k > 1 && modifier_shape(k - 1) && head_at(k - 2) && modifier_word(k - 1)));
        let apposition = || {
            let mut n = j + 1;
            if n + 1 >= ws.len() {
                return false;
            }
            // (Most runs are followed by a space alone: a byte test turns them away before
            // the gap is trimmed.)
            if !bytes[ws[j].1..ws[n].0]
                .iter()
                .any(|&c| c == b',' || c == b'(')
            {
                return false;
            }
            let gap = text[ws[j].1..ws[n].0].trim();
            if gap != "," && gap != "(" {
                return false;
            }
            if article(n) && n + 1 < ws.len() {
                n += 1;
            }
            lowercase_word(w(n)) && cues.appositions.contains(w(n))
        };
        // Whether the run's last word is an org word, which both the complement and the country
        // adjective after it need (through the name rules' memo: asked of most runs).
        // (Asked once: both rules take it.)
        let org_last_once = std::cell::OnceCell::new();
        let org_last = || *org_last_once.get_or_init(|| names.is_org_word_at(words, text, j));
        let (rule, k, j) = if head {
            (HEAD_RULE, k, j)
        } else if let Some(j) = (!tail).then(|| holder_run(k, j)).flatten() {
            (HOLDER_TITLE_RULE, k, j)
        } else if !tail && spelt_out(k, j) {
            (SPELT_OUT_RULE, k, j)
        } else if !tail && apposition() {
            (APPOSITION_RULE, k, j)
        } else if let Some(c) = complement_after(cues, names, text, ws, j, org_last()) {
            (COMPLEMENT_RULE, k, c)
        } else if let Some(c) = country_adjective_after(cues, names, given, text, ws, j, org_last())
        {
            (COUNTRY_ADJECTIVE_RULE, k, c)
        } else if let Some((x, _)) = (!tail).then(|| legal_end(k, j)).flatten() {
            // A sentence's first word joined by a connector is no part of the company's name
            // ("Shares of Harbourline Inc. fell"), unless it is a word of an organisation's kind
            // ("Bank of …").
            let opens = k == 0 || {
                let gap = &text[ws[k - 1].1..ws[k].0];
                gap.contains('\n') || gap.trim_end().ends_with(['.', '!', '?'])
            };
            let k = if x >= k + 2
                && opens
                && spaces(k, k + 1)
                && names.is_connector(w(k + 1))
                && !names.is_org_word(w(k))
            {
                k + 2
            } else {
                k
            };
            decided[r] = Some((LEGAL_FORM_RULE, k, j));
            named.push(&text[ws[k].0..ws[x].1]);
            continue;
        } else if let Some(k) = (!tail).then(|| kind_word(k, j)).flatten() {
            (KIND_WORD_RULE, k, j)
        } else if let Some(k) = (!tail).then(|| plural_name(k, j)).flatten() {
            (PLURAL_NAME_RULE, k, j)
        } else if !tail && publisher(k, j) {
            (PUBLISHER_RULE, k, j)
        } else {
            continue;
        };
        decided[r] = Some((rule, k, j));
        named.push(&text[ws[k].0..ws[j].1]);
    }
    for (r, &(k, j)) in runs.iter().enumerate() {
        let (rule, k, j) = match decided[r] {
            Some(d) => d,
            // The same words again, with no cue: the organisation named before or after.
            // (Cut out of the text only when some run was named.)
            None if !named.is_empty() && named.contains(&&text[ws[k].0..ws[j].1]) => {
                (REPEAT_RULE, k, j)
            }
            None => continue,
        };
        let end = match rule {
            LEGAL_FORM_RULE => legal_end(k, j).map_or(ws[j].1, |(_, e)| e),
            _ => ws[j].1,
        };
        out.push(RuleName {
            start: ws[k].0,
            end,
            kind: EntityKind::Org,
            rule,
        });
    }
    web_sites(cues, text, ws, &free, &mut out);
    out
}

/// The byte where a company's legal form of `actors/legal_forms.tsv` ends, if one follows byte `e` (a
/// name's end) after one space and no letter, digit or hyphen goes on right after it ("Segway
/// Inc.", "Valdora srl"; not "Circuito di Spa-Francorchamps").
fn legal_form_end(cues: &OrgCues, text: &str, e: usize) -> Option<usize> {
    // (The space as a byte first: most words are followed by another word's letters or a mark
    // with no form after it, and the slice below tests its start against UTF-8 boundaries.)
    if text.as_bytes().get(e) != Some(&b' ') {
        return None;
    }
    let rest = text[e..].strip_prefix(' ')?;
    if !cues.legal_pairs.may_prefix(rest.as_bytes()) {
        return None;
    }
    let b0 = rest.as_bytes().first().copied().unwrap_or(0);
    cues.legal_forms.iter().find_map(|f| {
        // (The first byte in place first: a prefix comparison is a call.)
        if f.as_bytes().first().is_some_and(|&x| x != b0) {
            return None;
        }
        let after = rest.strip_prefix(f.as_str())?;
        (!after.starts_with(|c: char| c.is_alphanumeric() || c == '-')).then_some(e + 1 + f.len())
    })
}

/// A bit for the first byte of each of `forms`; every bit when one of them is empty (it is a
/// prefix of any text).
fn first_bytes<'a>(forms: impl Iterator<Item = &'a str>) -> [u64; 4] {
    let mut bits = [0u64; 4];
    for f in forms {
        match f.as_bytes().first() {
            Some(&b) => bits[usize::from(b >> 6)] |= 1 << (b & 63),
            None => return [u64::MAX; 4],
        }
    }
    bits
}

/// The rule name of a web address named as the site's publisher ([`web_sites`]).
pub(crate) const WEB_SITE_RULE: &str = "web site";

/// Web addresses in the text ("Gazzettino.it", "www.lumen.org.uk"): KIND tags a site named by
/// its address ORG (on its train and dev files 19 times in 20). Words joined by dots (and
/// hyphens) that end in a top-level domain of `web_domains`, with no "@" or "/" around them
/// (a mail address, a link's path), and none of their words taken by another match. Only words
/// followed by a dot are looked at, so this costs a byte comparison per word.
fn web_sites(
    cues: &OrgCues,
    text: &str,
    ws: &[(usize, usize)],
    free: &impl Fn(usize) -> bool,
    out: &mut Vec<RuleName>,
) {
    if cues.web_domains.is_empty() {
        return;
    }
    // The one byte between word `a` and the next, if one byte parts them (compared in place:
    // this runs for every word).
    let bytes = text.as_bytes();
    let joiner = |a: usize| (ws[a + 1].0 == ws[a].1 + 1).then(|| bytes[ws[a].1]);
    let mut k = 0;
    while k + 1 < ws.len() {
        // The next word joined to the one after it by a dot (one pass over the word pairs:
        // most words have none, and this skip is all they cost).
        match next_dot_joined(text, ws, k) {
            Some(a) => k = a,
            None => break,
        }
        // The chain of words joined by dots and hyphens from `k`.
        let mut j = k;
        while j + 1 < ws.len() && matches!(joiner(j), Some(b'.' | b'-')) {
            j += 1;
        }
        let tld = &text[ws[j].0..ws[j].1];
        let before = text[..ws[k].0].chars().next_back();
        let after = text[ws[j].1..].chars().next();
        let ok = j > k
            && joiner(j - 1) == Some(b'.')
            && cues.web_domains.contains(tld)
            && !matches!(before, Some('@' | '/' | '.'))
            && !matches!(after, Some('@' | '/'))
            && (k..=j).all(free);
        if ok {
            out.push(RuleName {
                start: ws[k].0,
                end: ws[j].1,
                kind: EntityKind::Org,
                rule: WEB_SITE_RULE,
            });
        }
        k = j + 1;
    }
}

/// The first word `a >= k` that a dot joins to the next word (`ws[a + 1]` starts one byte
/// after `ws[a]` ends, and that byte is a dot), if any. The text's dots from `ws[k]`'s end on
/// are found by a vector search (a text holds a few dozen dots and some hundreds of words: a
/// test of every word pair, eight at a time, cost ~13 instructions a word); a dot with a
/// word's first byte after it is looked up among the word ends by a binary search. Exact: the
/// words are in text order, none empty and none overlapping, so their ends rise strictly, and
/// the first dot (in text order) that ends a word and has the next word right after it ends
/// the first such word; a word starts with a letter or digit, so a dot followed by any other
/// ASCII byte (a sentence's end) is no such dot.
fn next_dot_joined(text: &str, ws: &[(usize, usize)], k: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = ws.get(k)?.1;
    loop {
        let p = from + memchr::memchr(b'.', bytes.get(from..)?)?;
        if bytes
            .get(p + 1)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b >= 0x80)
        {
            let a = ws.partition_point(|w| w.1 < p);
            if a + 1 < ws.len() && ws[a].1 == p && ws[a + 1].0 == p + 1 {
                return Some(a);
            }
        }
        from = p + 1;
    }
}

/// The rule name of the second of two coordinated organisations ("la Banca X e la Y").
pub(crate) const COORDINATED_RULE: &str = "org coordinated with an org";
/// The rule name of a province's code in brackets after a town ("Sesto ( MI )").
pub(crate) const PROVINCE_RULE: &str = "province code after a town";
/// The rule name of an org word with a country adjective after it ("la Federazione Italiana
/// Scherma", "l'Esercito italiano").
pub(crate) const COUNTRY_ADJECTIVE_RULE: &str = "org word and a country adjective";

/// The rule name of an org word with its lower-case complement ("il Consiglio dei ministri").
pub(crate) const COMPLEMENT_RULE: &str = "org word and its complement";

/// The rule name of a person named right after an institution ("il presidente della Regione
/// Mario Rossi").
pub(crate) const HOLDER_RULE: &str = "person after an org name";

/// Mends the spans of the organisations the name rules found by an org word inside them
/// (`rule` "org word"):
/// - an "and" between two names splits them ("la Banca X e la Banca Y", "la Regione X e la
///   Provincia Y", "Banca X e Y"): it stays inside one name only between two complements of
///   its head ("Ministero dell'Ambiente e della Sicurezza"), and not before an org word, a
///   table match, a given name or a title. On KIND train 24 of the 29 org-word names holding
///   an "and" were two names (or a name and a person);
/// - a given name after the institution's name starts its holder ("della Regione Mario
///   Rossi");
/// - a country demonym or a trailing adjective right after the name belongs to it ("il
///   Ministero della Difesa francese", "la Repubblica separatista");
/// - an acronym of `org_not_acronyms` is a common noun, and goes ("l'IMU", "il GP"): on KIND
///   dev a third of the acronym rule's false organisations were such words.
///
/// `is_table(s)` tells whether a table match starts at byte `s` (the split-off part is then
/// left to it); `town_ends(e)` whether a town (no region) ends at byte `e`.
pub(crate) fn refine_org_names(
    cues: &OrgCues,
    names: &crate::names::NameRules,
    given: &rustc_hash::FxHashSet<String>,
    text: &str,
    ws: &[(usize, usize)],
    (is_table, town_ends): (impl Fn(usize) -> bool, impl Fn(usize) -> bool),
    found: &mut Vec<RuleName>,
) {
    if cues.and_words.is_empty() && cues.trailing.is_empty() && cues.not_acronyms.is_empty() {
        return;
    }
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    let spaces = |a: usize, b: usize| text[ws[a].1..ws[b].0].bytes().all(|c| c == b' ');
    let person_cue = |k: usize| {
        let x = w(k);
        names.is_person_cue(x)
            || (capitalised_word(x) && x.is_ascii() && names.is_person_cue(&x.to_ascii_lowercase()))
    };
    let mut extra: Vec<RuleName> = Vec::new();
    let mut drop = false;
    for n in found.iter_mut() {
        // A common noun written in capitals ("l'IMU", "il GP di Spagna") is no organisation.
        if n.rule == "acronym" && cues.not_acronyms.contains(&text[n.start..n.end]) {
            n.rule = "";
            drop = true;
            continue;
        }
        // A two-letter code in brackets right after a town is its province ("Sesto ( MI )"),
        // not an organisation (KIND dev: a place 13 times in 13; after a person or a region
        // the code is a party: "Mario Rossi ( PD )").
        if n.rule == "acronym" && n.end - n.start == 2 && text[n.start..n.end].is_ascii() {
            let before = text[..n.start].trim_end();
            if let Some(b) = before.strip_suffix('(') {
                let b = b.trim_end();
                if text[n.end..].trim_start().starts_with(')') && town_ends(b.len()) {
                    n.kind = EntityKind::Place;
                    n.rule = PROVINCE_RULE;
                }
            }
            continue;
        }
        if n.rule != "org word" || n.kind != EntityKind::Org {
            continue;
        }
        let mut first = ws.partition_point(|x| x.0 < n.start);
        let last = ws.partition_point(|x| x.1 <= n.end);
        if first >= last || ws[first].0 != n.start {
            continue;
        }
        let last = last - 1;
        // A label of one letter after the org word is a group of a draw or a list ("il
        // Gruppo B"), not an organisation.
        if last == first + 1 && w(last).chars().count() == 1 {
            n.rule = "";
            drop = true;
            continue;
        }
        // A title or common noun before "of" and the institution is no part of its name
        // ("Ministro della Repubblica", "Cavaliere dell'Ordine di X").
        if first + 2 <= last
            && !names.is_org_word(w(first))
            && names.is_connector(w(first + 1))
            && names.is_org_word(w(first + 2))
        {
            first += 2;
            n.start = ws[first].0;
        }
        // Splits, left to right: (start word, end word, kind, rule) of each part.
        let mut start = first;
        let mut parts: Vec<(usize, usize, EntityKind, &'static str)> = Vec::new();
        let mut kind = (EntityKind::Org, n.rule);
        let mut k = first + 1;
        while k <= last {
            // A given name and a capitalised word after the institution's name: its holder.
            // (Two words of the institution at least: "la Fondazione Mario Rossi" is named
            // after him.)
            if kind.0 == EntityKind::Org
                && k >= start + 2
                && k < last
                && given.contains(w(k))
                && capitalised_word(w(k + 1))
                && spaces(k - 1, k)
                && spaces(k, k + 1)
                && capitalised_word(w(k - 1))
                && !names.is_connector(w(k - 1))
                && !(k..=last).any(|x| names.is_org_word(w(x)))
            {
                parts.push((start, k - 1, kind.0, kind.1));
                start = k;
                kind = (EntityKind::Person, HOLDER_RULE);
                k += 1;
                continue;
            }
            if !cues.and_words.contains(w(k)) || k == last {
                k += 1;
                continue;
            }
            let conn = names.is_connector(w(k + 1));
            let right = if conn { k + 2 } else { k + 1 };
            if right > last {
                k += 1;
                continue;
            }
            let complement = conn && (start..k).any(|x| names.is_connector(w(x)));
            let second_name = names.is_org_word(w(right))
                || is_table(ws[right].0)
                || given.contains(w(right))
                || person_cue(right);
            if complement && !second_name {
                k += 1;
                continue;
            }
            parts.push((start, k - 1, kind.0, kind.1));
            start = right;
            kind = if is_table(ws[right].0) || person_cue(right) {
                // Left to the table match or the title's own rule.
                (EntityKind::Org, "")
            } else if given.contains(w(right))
                && right < last
                && capitalised_word(w(right + 1))
                && !names.is_org_word(w(right + 1))
            {
                (EntityKind::Person, HOLDER_RULE)
            } else {
                (EntityKind::Org, COORDINATED_RULE)
            };
            k = right + 1;
        }
        parts.push((start, last, kind.0, kind.1));
        // A demonym or trailing adjective right after the last part, if it is the org itself;
        // after an org word, "of" and a complement ("la Corte d'appello").
        if let Some(p) = parts.last_mut() {
            if p.2 == EntityKind::Org && p.3 == n.rule {
                let mut e = p.1;
                let org = e < ws.len() && names.is_org_word(&text[ws[e].0..ws[e].1]);
                if let Some(c) = complement_after(cues, names, text, ws, e, org) {
                    e = c;
                } else if let Some(c) =
                    country_adjective_after(cues, names, given, text, ws, e, org)
                {
                    e = c;
                }
                if let Some(c) = linked_tail(cues, names, given, (text, ws), &is_table, e) {
                    e = c;
                }
                for _ in 0..2 {
                    if e + 1 < ws.len()
                        && spaces(e, e + 1)
                        && lowercase_word(w(e + 1))
                        && cues.trailing.contains(w(e + 1))
                    {
                        e += 1;
                    } else {
                        break;
                    }
                }
                p.1 = e;
            }
        }
        // A lone org word the name rules kept only for the name a link was to carry on
        // ("l'Associazione per il Software Libero"): where none went on ("il Comitato per
        // la pace"), it is a common noun with a capital again.
        if let [(s0, e0, EntityKind::Org, _)] = parts[..] {
            if s0 == e0
                && names.is_org_word(w(s0))
                && !names.is_org_alone(w(s0))
                && names.links_to_name(text[ws[s0].1..].trim_start())
            {
                n.rule = "";
                drop = true;
                continue;
            }
        }
        let (s0, e0, k0, r0) = parts[0];
        n.start = ws[s0].0;
        n.end = ws[e0].1;
        // A company's legal form after a one-part name belongs to it ("Banca Valdora S.p.A.").
        if parts.len() == 1 && k0 == EntityKind::Org {
            if let Some(e) = legal_form_end(cues, text, n.end) {
                n.end = e;
            }
        }
        n.kind = k0;
        n.rule = r0;
        for &(s, e, kind, rule) in &parts[1..] {
            if rule.is_empty() {
                continue;
            }
            extra.push(RuleName {
                start: ws[s].0,
                end: ws[e].1,
                kind,
                rule,
            });
        }
    }
    if drop {
        found.retain(|n| !n.rule.is_empty());
    }
    found.extend(extra);
}

/// The last word of an institution's name that goes on after its word `e` with a link of
/// `org_name_links`, maybe an article, and capitalised words ("Consiglio per i Testi
/// Legislativi", "Institute of Technology", "Agency for International Development"). None where a lower-case word follows the link (a purpose: "la Commissione per
/// la pace", which KIND sometimes counts in the name and sometimes not) or a given name (the
/// person the body is for). On KIND train 9 names of the 12 so extended came out whole, where
/// all 12 were cut short at the link before.
fn linked_tail(
    cues: &OrgCues,
    names: &crate::names::NameRules,
    given: &rustc_hash::FxHashSet<String>,
    (text, ws): (&str, &[(usize, usize)]),
    is_table: &impl Fn(usize) -> bool,
    e: usize,
) -> Option<usize> {
    if cues.links.is_empty() || e + 2 >= ws.len() {
        return None;
    }
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    let gap = |a: usize, b: usize| &text[ws[a].1..ws[b].0];
    // The gap after word `a` that joins it to the next: none after an elided word ("l'").
    let joined = |a: usize| {
        if w(a).ends_with(['\'', '’']) {
            gap(a, a + 1).is_empty()
        } else {
            gap(a, a + 1) == " "
        }
    };
    if gap(e, e + 1) != " " || !cues.links.contains(w(e + 1)) || !joined(e + 1) {
        return None;
    }
    let mut k = e + 2;
    if cues.link_articles.contains(w(k)) {
        if k + 1 >= ws.len() || !joined(k) {
            return None;
        }
        k += 1;
    }
    let name_word = |x: usize| capitalised_word(w(x)) && !given.contains(w(x));
    // An org word after the link starts a second body ("il Politecnico per la Fondazione X").
    if !name_word(k) || names.is_org_word(w(k)) {
        return None;
    }
    let mut end = k;
    loop {
        // Past the name's first word a given name or a hyphen goes on with it ("per il Software
        // Libero", "on Small-Body Nomenclature").
        if end + 1 < ws.len()
            && matches!(gap(end, end + 1), " " | "-")
            && capitalised_word(w(end + 1))
        {
            end += 1;
            continue;
        }
        // An "of" word and a capitalised word go on with the name ("per le Ferrovie del Nord"),
        // and so do the English connectors of `org_run_inner` ("Advancement of Science", "Names
        // and Numbers"), an article maybe after them; not before a table's match, mostly the
        // body's seat ("per le Minoranze dell'India").
        let n = end + 1;
        if n + 1 < ws.len() && gap(end, n) == " " && joined(n) {
            let mut m = n + 1;
            if cues.run_inner.contains(w(n))
                && m + 1 < ws.len()
                && cues.link_articles.contains(w(m))
                && joined(m)
            {
                m += 1;
            }
            let link = cues.run_inner.contains(w(n)) || cues.connectors.contains(w(n));
            if link && name_word(m) && !is_table(ws[m].0) {
                end = m;
                continue;
            }
        }
        return Some(end);
    }
}

/// The last word of "of" and a lower-case complement of `org_complements` after word `e`, if
/// `e` is an org word ("Consiglio dei ministri", "Corte d'appello"; `org_word`, which the
/// caller knows: [`cued_orgs`] from the name rules' memo).
fn complement_after(
    cues: &OrgCues,
    names: &crate::names::NameRules,
    text: &str,
    ws: &[(usize, usize)],
    e: usize,
    org_word: bool,
) -> Option<usize> {
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    if e + 2 >= ws.len() || cues.complements.is_empty() || !org_word {
        return None;
    }
    let gap = |a: usize, b: usize| &text[ws[a].1..ws[b].0];
    let conn = w(e + 1);
    let elided = conn.ends_with(['\'', '’']);
    let joined = if elided {
        gap(e + 1, e + 2).is_empty()
    } else {
        gap(e + 1, e + 2) == " "
    };
    (gap(e, e + 1) == " "
        && joined
        && names.is_connector(conn)
        && lowercase_word(w(e + 2))
        && cues.complements.contains(w(e + 2)))
    .then_some(e + 2)
}

/// The last word of an institution's name that goes on after org word `e` with a country
/// adjective of the tables, in either case ("Federazione Italiana", "Esercito italiano"), and
/// then, after a capitalised one, the capitalised words and "of" + capitalised word that follow
/// ("Federazione Italiana Scherma", "Istituto Italiano di Tecnologia"), up to a given name (its
/// holder). The tables' match of the adjective alone stops the name rules' run there.
/// (`org_word`: whether `e` is an org word, which the caller knows.)
fn country_adjective_after(
    cues: &OrgCues,
    names: &crate::names::NameRules,
    given: &rustc_hash::FxHashSet<String>,
    text: &str,
    ws: &[(usize, usize)],
    e: usize,
    org_word: bool,
) -> Option<usize> {
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    let spaced = |a: usize, b: usize| text[ws[a].1..ws[b].0] == *" ";
    if e + 1 >= ws.len() || !org_word || !spaced(e, e + 1) {
        return None;
    }
    let adj = w(e + 1);
    if lowercase_word(adj) {
        // (A lower-case demonym after a free org word is mostly a common noun's: "lo Stato
        // americano", "la Borsa americana" were no organisation on KIND train 6 times in 6.)
        return cues.trailing_no_demonyms.contains(adj).then_some(e + 1);
    }
    // A capitalised adjective: one lower-case copy, only after an org word.
    if !capitalised_word(adj) || !cues.trailing.contains(&adj.to_lowercase()) {
        return None;
    }
    let name_word = |k: usize| capitalised_word(w(k)) && !given.contains(w(k));
    let mut end = e + 1;
    loop {
        if end + 1 < ws.len() && spaced(end, end + 1) && name_word(end + 1) {
            end += 1;
        } else if end + 2 < ws.len()
            && spaced(end, end + 1)
            && names.is_connector(w(end + 1))
            && !cues.and_words.contains(w(end + 1))
            && (spaced(end + 1, end + 2) || text[ws[end + 1].1..ws[end + 2].0].is_empty())
            && name_word(end + 2)
        {
            end += 2;
        } else {
            return Some(end);
        }
    }
}

/// The note prefix of a country read as its national team ([`national_team`]).
pub(crate) const TEAM_NOTE: &str = "country as its national team";

/// Whether the country named at `start..end` of `lower` (the text in lower case) is its
/// national team: its sentence reports a match, by a score ("3-1", not a range of days "24-27
/// settembre") or by two different `sport_words` ("partita", "gol", "battuta"), and the country
/// is no place of it ("in Francia", "Russia 2018", "Coppa Italia" are left to the caller's
/// other rules). KIND tags such countries ORG: on its train file a country in such a sentence,
/// not after a place preposition, was ORG 33 times in 45.
pub(crate) fn national_team(
    cues: &OrgCues,
    (text, lower): (&str, &str),
    start: usize,
    end: usize,
) -> bool {
    if cues.sport_words.is_empty() {
        return false;
    }
    let before = &lower[..start];
    let after = &lower[end..];
    // "Coppa Italia", "Giro di Svizzera": a capitalised word right before, or before "di".
    let word_before = |e: usize| -> (usize, &str) {
        let p = text[..e].trim_end();
        let w = p
            .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .next()
            .unwrap_or("");
        (p.len() - w.len(), w)
    };
    let (at, prev) = word_before(start);
    // (A capitalised article is a sentence's start: "La Francia ha battuto …".)
    let article = lower
        .get(at..at + prev.len())
        .is_some_and(|x| cues.articles.contains(x));
    if (capitalised_word(prev) && !article)
        || (lower
            .get(at..at + prev.len())
            .is_some_and(|x| cues.of_words.contains(x))
            && capitalised_word(word_before(at).1))
    {
        return false;
    }
    // "Russia 2018": an edition of a tournament held there.
    let next = after.trim_start();
    if next.len() >= 4 && next.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    // (The stops are ASCII, never inside a character of several bytes: a byte search. A
    // vector search for the three marks, then for a newline within the part it leaves: the
    // nearest stop of the four either way, where a test of every byte cost a fifth of the
    // rule.)
    let (bb, ab) = (before.as_bytes(), after.as_bytes());
    let from = memchr::memrchr3(b'.', b'!', b'?', bb).map_or(0, |i| i + 1);
    let s =
        memchr::memrchr(b'\n', bb.get(from..).unwrap_or_default()).map_or(from, |i| from + i + 1);
    let to = memchr::memchr3(b'.', b'!', b'?', ab).unwrap_or(ab.len());
    let e = end + memchr::memchr(b'\n', ab.get(..to).unwrap_or_default()).unwrap_or(to);
    match_sentence(cues, &lower[s..e])
}

thread_local! {
    /// The last sentence [`match_sentence`] judged (its cues' `id`, its bytes) and the
    /// verdict: the towns of one list ("Lecce, Verona, Parma") or of one pairing ask about
    /// the same sentence one after the other, and each walk of its words cost as much as the
    /// rest of the rule. The key is the sentence's text, so a verdict never outlives it.
    static LAST_SENTENCE: std::cell::RefCell<(u64, Vec<u8>, bool)> =
        const { std::cell::RefCell::new((0, Vec::new(), false)) };
}

/// Whether `sentence` (lower case) reports a match: a score, or two different `sport_words`.
/// The verdict depends on the sentence alone, not on the name asking: the last one is kept
/// ([`LAST_SENTENCE`]).
fn match_sentence(cues: &OrgCues, sentence: &str) -> bool {
    let key = cues.id;
    // (A default set of cues, as the tests build, has no number of its own: not kept.)
    if key == 0 {
        return sentence_verdict(cues, sentence);
    }
    LAST_SENTENCE.with(|m| {
        let Ok(mut m) = m.try_borrow_mut() else {
            return sentence_verdict(cues, sentence);
        };
        if m.0 == key && m.1 == sentence.as_bytes() {
            return m.2;
        }
        let v = sentence_verdict(cues, sentence);
        m.0 = key;
        m.1.clear();
        m.1.extend_from_slice(sentence.as_bytes());
        m.2 = v;
        v
    })
}

/// [`match_sentence`]'s walk: a score, or two different `sport_words`.
fn sentence_verdict(cues: &OrgCues, sentence: &str) -> bool {
    if has_score(cues, sentence) {
        return true;
    }
    let mut first: Option<&str> = None;
    for w in alphanumeric_words(sentence) {
        if w.len() < 2 || !cues.sport_words.contains(w) {
            continue;
        }
        match first {
            None => first = Some(w),
            Some(f) if f != w => return true,
            Some(_) => {}
        }
    }
    false
}

/// The words of `s` that `s.split(|c: char| !c.is_alphanumeric())` gives, but for the empty
/// ones: ASCII bytes are classed in place, a table lookup each, and only other characters
/// decoded (the split decoded every character of the sentence, two thirds of
/// [`sentence_verdict`]'s cost). An ASCII character is alphanumeric exactly when its byte is,
/// so the words are the same.
fn alphanumeric_words(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut i = 0;
    // Whether the character at `i` (a boundary) is alphanumeric, and its length.
    let class = move |i: usize| -> (bool, usize) {
        match b.get(i) {
            Some(&x) if x < 0x80 => (ASCII_ALNUM[usize::from(x)], 1),
            _ => s
                .get(i..)
                .and_then(|r| r.chars().next())
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        }
    };
    std::iter::from_fn(move || {
        // To the next word's start, then to its end; `i` stays on a character boundary.
        let start = loop {
            if i >= b.len() {
                return None;
            }
            let (alnum, len) = class(i);
            i += len;
            if alnum {
                break i - len;
            }
        };
        while i < b.len() {
            let (alnum, len) = class(i);
            if !alnum {
                return s.get(start..i);
            }
            i += len;
        }
        s.get(start..)
    })
}

/// Which ASCII bytes are letters or digits ([`alphanumeric_words`]).
static ASCII_ALNUM: [bool; 128] = {
    let mut t = [false; 128];
    let mut x = 0;
    while x < 128 {
        t[x] = (x as u8).is_ascii_alphanumeric();
        x += 1;
    }
    t
};

/// Whether `sentence` holds a match score: one or two digits, a hyphen (spaces allowed), one
/// or two digits (not "200-300 quadri", a range; KIND's basketball scores of three digits are
/// few), with no digit, letter or month word right after ("24-27 settembre" is a
/// range of days: the `not_score_after` words).
fn has_score(cues: &OrgCues, sentence: &str) -> bool {
    score_walk::<true>(cues, sentence)
}

/// [`has_score`]'s walk; with `SKIP`, eight bytes with no digit among them are passed at once
/// (the test compares it with the byte-by-byte walk, `SKIP` false).
fn score_walk<const SKIP: bool>(cues: &OrgCues, sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        // Eight bytes with no digit among them are passed at once: the loop would pass each in
        // turn and do nothing else (digits are a few bytes in a hundred). XOR with 0x30 maps
        // exactly the digits to the bytes under 10; `x - 0x0a.. & !x & 0x80..` is nonzero
        // exactly when some byte of `x` is under 10 (the test for a byte under n <= 128).
        if let Some(Ok(chunk)) = b.get(i..i + 8).filter(|_| SKIP).map(<[u8; 8]>::try_from) {
            let x = u64::from_le_bytes(chunk) ^ 0x3030_3030_3030_3030;
            if x.wrapping_sub(0x0a0a_0a0a_0a0a_0a0a) & !x & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric())) {
            i += 1;
            continue;
        }
        let n = digits(i);
        let mut j = i + n;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if n <= 2 && j < b.len() && b[j] == b'-' {
            let mut k = j + 1;
            while k < b.len() && b[k] == b' ' {
                k += 1;
            }
            let m = if k < b.len() { digits(k) } else { 0 };
            let tail = &sentence[k + m..];
            let glued = tail.chars().next().is_some_and(char::is_alphanumeric);
            let next_word = tail
                .trim_start()
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            if (1..=2).contains(&m) && !glued && !cues.not_score_after.contains(next_word) {
                return true;
            }
        }
        i += n;
    }
    false
}

/// National teams named by their common noun: "la nazionale italiana", "della Nazionale",
/// "in Nazionale", "la nazionale U21". Right after an article or a preposition of
/// `squad_before` the word is the noun, the team; after a noun it is an adjective ("la festa
/// nazionale"). The demonyms and `squad_qualifiers` after it are part of the name, up to two
/// ("la Nazionale olimpica argentina"). The noun must be free (no table match or stronger rule
/// name over it). On KIND train 22 of 27 such nouns began an organisation.
pub(crate) fn national_squads(
    cues: &OrgCues,
    (text, lower): (&str, &str),
    words: &crate::tagger::Words,
    taken: &[(usize, usize)],
) -> Vec<RuleName> {
    let mut out = Vec::new();
    if cues.squad_nouns.is_empty() {
        return out;
    }
    // A word equal to a noun but for ASCII case folds as the noun does (the fold is one
    // character at a time): a folded text that holds no folded noun has none, which one
    // vector search of the text per noun tells (most texts; the pass over every word cost
    // some 5M instructions per 1,000 news articles).
    if lower.len() == text.len()
        && !cues
            .squad_folded
            .iter()
            .any(|n| n.find(lower.as_bytes()).is_some())
    {
        return out;
    }
    let ws = &words.spans[..];
    let tb = text.as_bytes();
    for k in 1..ws.len() {
        let (s, e) = ws[k];
        // (Compared in place: this runs for every word, and a lower-case copy of each would
        // be an allocation a word. The length and the first byte first, with no slicing.)
        let b0 = tb[s];
        if cues.squad_lens & (1u64 << (e - s).min(63)) == 0
            || cues.squad_first[usize::from(b0 >> 6)] >> (b0 & 63) & 1 == 0
        {
            continue;
        }
        let noun = &text[s..e];
        if !cues
            .squad_nouns
            .iter()
            .any(|n| n.len() == noun.len() && n.eq_ignore_ascii_case(noun))
        {
            continue;
        }
        let (ps, pe) = ws[k - 1];
        if &text[pe..s] != " " || !cues.squad_before.contains(&text[ps..pe].to_lowercase()) {
            continue;
        }
        if taken.iter().any(|t| t.0 < e && s < t.1) {
            continue;
        }
        let mut end = e;
        for _ in 0..2 {
            let Some(r) = text[end..].strip_prefix(' ') else {
                break;
            };
            let n = r.find(char::is_whitespace).unwrap_or(r.len());
            let word = r[..n].trim_end_matches([',', '.', ';', ':', ')', '!', '?', '»', '"']);
            if word.is_empty() || !cues.squad_qualifiers.contains(&word.to_lowercase()) {
                break;
            }
            end += 1 + word.len();
        }
        out.push(RuleName {
            start: s,
            end,
            kind: EntityKind::Org,
            rule: SQUAD_RULE,
        });
    }
    out
}

/// A region's government named by the lower-case noun before the region's name: "la regione
/// Lombardia ha stanziato", "il presidente della regione Lazio". Written so, Italian news means
/// the institution (capitalised, "la Regione Lombardia", the name rules take it by its org
/// word); after a locative word of `region_not_after` ("nella regione X") the phrase is the
/// territory. `regions` are the spans of the table matches with a region among their
/// readings (the noun decides: "Lombardia" is also a Mexican town); the noun must be free
/// (`taken`). On KIND train such phrases were the institution 7
/// times in 8.
pub(crate) fn region_institutions(
    cues: &OrgCues,
    text: &str,
    words: &crate::tagger::Words,
    regions: impl Iterator<Item = (usize, usize)>,
    taken: &[(usize, usize)],
) -> Vec<RuleName> {
    let mut out = Vec::new();
    if cues.region_nouns.is_empty() {
        return out;
    }
    let ws = &words.spans[..];
    for (rs, re) in regions {
        let k = ws.partition_point(|w| w.0 < rs);
        if k == 0 || k >= ws.len() || ws[k].0 != rs {
            continue;
        }
        let (ns, ne) = ws[k - 1];
        let noun = &text[ns..ne];
        // Lower case only: a capital noun is the name rules' ("la Regione Lombardia").
        if &text[ne..rs] != " "
            || !noun.starts_with(char::is_lowercase)
            || !cues.region_nouns.contains(noun)
            || taken.iter().any(|t| t.0 < ne && ns < t.1)
        {
            continue;
        }
        if k >= 2 {
            let (ps, pe) = ws[k - 2];
            if cues.region_not_after.contains(&text[ps..pe].to_lowercase()) {
                continue;
            }
        }
        out.push(RuleName {
            start: ns,
            end: re,
            kind: EntityKind::Org,
            rule: REGION_RULE,
        });
    }
    out
}

/// A town's council named by its lower-case noun, "di" and the town, right after an article
/// ("il comune di Genova ha chiesto", "al comune di Roma"): an organisation, the noun and the
/// town one span. After a locative or "del" the phrase is as often the territory ("nel comune
/// di Rho", "del comune di Cassino"), which the place rules keep (KIND train: after "il" the
/// council 5 times in 5).
pub(crate) fn town_institutions(
    cues: &OrgCues,
    text: &str,
    words: &crate::tagger::Words,
    towns: impl Iterator<Item = (usize, usize)>,
    taken: &[(usize, usize)],
) -> Vec<RuleName> {
    let mut out = Vec::new();
    if cues.town_nouns.is_empty() {
        return out;
    }
    let ws = &words.spans[..];
    for (ts, te) in towns {
        // The tests below want the word "di" and one space right before the town: its three
        // bytes are compared first, before the town's word is searched for (most towns follow
        // another word, and cost only this).
        if ts < 3 || text.as_bytes().get(ts - 3..ts) != Some(b"di ".as_slice()) {
            continue;
        }
        let k = ws.partition_point(|w| w.0 < ts);
        if k < 3 || k >= ws.len() || ws[k].0 != ts {
            continue;
        }
        let (ds, de) = ws[k - 1];
        let (ns, ne) = ws[k - 2];
        let (as_, ae) = ws[k - 3];
        let noun = &text[ns..ne];
        if &text[de..ts] != " "
            || &text[ne..ds] != " "
            || &text[ds..de] != "di"
            || !noun.starts_with(char::is_lowercase)
            || !cues.town_nouns.contains(noun)
            || !cues.town_after.contains(&text[as_..ae].to_lowercase())
            || taken.iter().any(|t| t.0 < ne && ns < t.1)
        {
            continue;
        }
        // "in centro al comune di X", "vicino al comune di X": a spot in the town, its place.
        if k >= 4 {
            let (bs, be) = ws[k - 4];
            if cues.town_not_before.contains(&text[bs..be].to_lowercase()) {
                continue;
            }
        }
        out.push(RuleName {
            start: ns,
            end: te,
            kind: EntityKind::Org,
            rule: TOWN_RULE,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_dot_joined_agrees_with_the_pass_over_word_pairs() {
        // Words as runs of alphanumeric bytes (the tagger's scan keeps letters and digits).
        let words = |t: &str| {
            let mut ws = Vec::new();
            let mut s = None;
            for (i, c) in t.char_indices() {
                match (c.is_alphanumeric(), s) {
                    (true, None) => s = Some(i),
                    (false, Some(a)) => {
                        ws.push((a, i));
                        s = None;
                    }
                    _ => {}
                }
            }
            if let Some(a) = s {
                ws.push((a, t.len()));
            }
            ws
        };
        let naive = |t: &str, ws: &[(usize, usize)], k: usize| {
            ws.get(k..)?
                .windows(2)
                .position(|p| p[1].0 == p[0].1 + 1 && t.as_bytes().get(p[0].1) == Some(&b'.'))
                .map(|d| k + d)
        };
        for t in [
            "Lo dice Gazzettino.it. Poi www.lumen.org.uk e la S.p.A. Acme.",
            "Fine. Inizio.. 3.5 e .it e a.b.c",
            "Città.è ok. Già.it",
            "",
            ".",
            "a.",
            "a.b",
        ] {
            let ws = words(t);
            for k in 0..=ws.len() + 1 {
                assert_eq!(next_dot_joined(t, &ws, k), naive(t, &ws, k), "{t:?} {k}");
            }
        }
    }

    fn cues() -> OrgCues {
        let set = |v: &[&str]| v.iter().map(|w| w.to_string()).collect::<HashSet<String>>();
        OrgCues {
            sport_words: crate::tagger::PairSet::new(set(&["partita", "gol", "girone"])),
            of_words: set(&["di", "della"]),
            not_score_after: set(&["settembre"]),
            articles: set(&["la", "l'"]),
            article_list: vec!["la".to_string(), "l'".to_string()],
            ..OrgCues::default()
        }
    }

    /// `legal_form_end` with its first-byte filter finds what comparing every form finds.
    #[test]
    fn legal_form_end_agrees_with_comparing_every_form() {
        let naive = |forms: &[String], text: &str, e: usize| -> Option<usize> {
            let rest = text[e..].strip_prefix(' ')?;
            forms.iter().find_map(|f| {
                let after = rest.strip_prefix(f.as_str())?;
                (!after.starts_with(char::is_alphanumeric)).then_some(e + 1 + f.len())
            })
        };
        let texts = [
            "Acme S.p.A. ha",
            "Acme S.p.a ha",
            "Acme srl.",
            "Acme srls",
            "Acme Inc",
            "Acme Inc.",
            "Acme",
            "Acme ",
            "Acme  srl",
            "Acme è",
            "Acme Srl",
        ];
        for forms in [
            vec!["S.p.A.", "srl", "Inc.", "Inc"],
            vec!["Inc", "Inc."],
            vec!["", "srl"],
            vec![],
        ] {
            let forms: Vec<String> = forms.into_iter().map(String::from).collect();
            let cues = OrgCues {
                legal_pairs: crate::tagger::FormPairs::new(forms.iter()),
                legal_forms: forms.clone(),
                ..OrgCues::default()
            };
            for text in texts {
                assert_eq!(
                    legal_form_end(&cues, text, 4),
                    naive(&forms, text, 4),
                    "{forms:?} {text:?}"
                );
            }
        }
        let cues = OrgCues {
            legal_pairs: crate::tagger::FormPairs::new(["srl".to_string()].iter()),
            legal_forms: vec!["srl".to_string()],
            ..OrgCues::default()
        };
        assert_eq!(legal_form_end(&cues, "Acme srl ha", 4), Some(8));
        assert_eq!(legal_form_end(&cues, "Acme srls ha", 4), None);
    }

    /// The country's span in `text`, and whether it reads as its national team.
    fn team(text: &str, country: &str) -> bool {
        let s = text.find(country).expect("country in text");
        let lower = text.to_lowercase();
        national_team(&cues(), (text, &lower), s, s + country.len())
    }

    #[test]
    fn a_country_in_a_match_report_is_its_team() {
        assert!(team(
            "Ieri la Norvegia ha battuto la Slovenia 3-1.",
            "Slovenia"
        ));
        assert!(team(
            "Nella partita di ieri la Norvegia ha segnato il gol decisivo.",
            "Norvegia"
        ));
    }

    #[test]
    fn a_country_elsewhere_is_no_team() {
        // one sport word only; a range of days is no score
        assert!(!team(
            "Dopo la partita la Norvegia ha chiuso le frontiere.",
            "Norvegia"
        ));
        assert!(!team(
            "Il vertice in Norvegia (12-14 settembre) è rinviato.",
            "Norvegia"
        ));
        // a range of three-digit numbers is no score
        assert!(!team(
            "La Norvegia ha restaurato 200-300 quadri del museo.",
            "Norvegia"
        ));
        // a name the country ends, an edition held there
        assert!(!team(
            "La finale della Coppa Norvegia: partita e gol in diretta.",
            "Norvegia"
        ));
        assert!(!team(
            "Il girone di Norvegia 2030 e la partita inaugurale.",
            "Norvegia"
        ));
        // the score of another sentence
        assert!(!team(
            "Finì 2-0. La Norvegia ha poi firmato il trattato.",
            "Norvegia"
        ));
    }

    #[test]
    fn alphanumeric_words_agree_with_splitting_on_characters() {
        for s in [
            "",
            "a",
            "partita, gol: 3-1 «Città» dell’Italia — perché Ünal ½ x²y ٣٤ 中国队 ok",
            "  doppio  spazio\tend",
            "é",
            "«»“”",
            "fine.",
        ] {
            let want: Vec<&str> = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(alphanumeric_words(s).collect::<Vec<_>>(), want, "{s:?}");
        }
    }

    /// `complement_end`'s "of" word, found by bytes and looked up in place, is the one the
    /// search by characters with a copy of the word found; the complement's end follows it.
    #[test]
    fn complement_end_agrees_with_the_search_by_characters() {
        // (the search by characters, with a copy of the word)
        let naive = |c: &OrgCues, rest: &'static str| -> Option<&'static str> {
            let cut = rest.find([' ', '\'', '’'])?;
            let (of, after) = if rest[cut..].starts_with(' ') {
                (&rest[..cut], &rest[cut + 1..])
            } else {
                let apostrophe = rest[cut..].chars().next()?.len_utf8();
                (&rest[..cut + apostrophe], &rest[cut + apostrophe..])
            };
            c.of_words.contains(&of.replace('’', "'")).then_some(after)
        };
        let mut c = cues();
        c.of_words.insert("dell'".to_string());
        c.complements = ["giustizia", "interno", "ministri"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for t in [
            "il ministero della giustizia ha",
            "il ministero dell'interno.",
            "il ministero dell’interno, ieri",
            "il ministero dell’ interno",
            "il consiglio dei ministri",
            "il ministero — della giustizia",
            "il ministero di—giustizia",
            "il ministero della",
            "il ministero dellà giustizia",
            "il ministero ",
            "il ministero",
        ] {
            let at = "il ministero".len();
            for limit in at..=t.len() {
                if let Some(rest) = t.get(at..limit).and_then(|r| r.strip_prefix(' ')) {
                    assert_eq!(c.after_of_word(rest), naive(&c, rest), "{t:?} {limit}");
                }
            }
        }
        // and the complement's end, where one follows
        let t = "il ministero dell’interno, ieri";
        let at = "il ministero".len();
        assert_eq!(c.complement_end(t, at, t.len()), t.find(','));
        assert_eq!(c.complement_end("il ministero della", at, 18), None);
    }

    /// `has_score`, which passes eight digitless bytes at a time, answers as the byte-by-byte
    /// walk: digits at every offset of the eight-byte blocks, scores and ranges.
    #[test]
    fn has_score_agrees_with_the_byte_walk() {
        let naive = |c: &OrgCues, sentence: &str| score_walk::<false>(c, sentence);
        let c = cues();
        let bases = [
            "la partita è finita 2-1 per i padroni di casa",
            "finita 2 - 1",
            "a2-1 no",
            "dal 24-27 settembre",
            "tra 200-300 quadri",
            "3-0.",
            "è 1-2à",
            "/:;@[`{ 0-0 9-9 é1-1",
            "nessun numero in questa frase così lunga",
        ];
        for base in bases {
            for pad in 0..9 {
                let t = format!("{}{base}", "x".repeat(pad));
                assert_eq!(has_score(&c, &t), naive(&c, &t), "{t:?}");
                let t = format!("{}{base}", "à".repeat(pad));
                assert_eq!(has_score(&c, &t), naive(&c, &t), "{t:?}");
            }
        }
    }
}
