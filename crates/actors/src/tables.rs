//! Parsing and validation of the actor tables of the packs.
//!
//! Every table is read through [`annalist_lang::Pack::rows`], so each problem names its file and
//! line. Loading collects all problems instead of stopping at the first: the same code serves the
//! tagger's constructor (which refuses a pack with any problem) and `packs check` (which lists
//! them all for the analyst who added a table).

use annalist_lang::{Pack, PackError, Packs};
// Fast hashing: the place index alone takes some 80,000 ids at start-up, where SipHash was a
// tenth of the tables' load time; no key here comes from untrusted input at run time.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// A country of ISO 3166-1 with its capital.
#[derive(Debug, Clone)]
pub struct Country {
    pub alpha3: String,
    pub name_en: String,
    pub capital_geonameid: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The country's own GeoNames id and centroid.
    pub geonameid: Option<String>,
    pub centroid_lat: Option<f64>,
    pub centroid_lon: Option<f64>,
}

/// A city, a first-level region, or a supranational place (continent, world region, sea).
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub region: bool,
    /// A continent, world region or sea: no single country (`country` is empty).
    pub supranational: bool,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub name: String,
    /// Alternate names (the canonical name excluded).
    pub names: Names,
    /// The id of the first-level region the place lies in (empty when unknown): "Parkland,
    /// Florida" keeps the Parkland within Florida.
    pub within: String,
}

/// A place's alternate names, kept in one string: the place table lists some 130,000 of them,
/// and a `String` each (with a `Vec` per place) was most of the allocations of the tagger's
/// start-up. Names never contain the separator (the table's own column separator).
#[derive(Debug, Clone, Default)]
pub struct Names {
    joined: String,
    len: u32,
}

impl Names {
    /// How many names.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The names, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.joined.split('|').take(self.len as usize)
    }

    fn push(&mut self, name: &str) {
        if self.len > 0 {
            self.joined.push('|');
        }
        self.joined.push_str(name);
        self.len += 1;
    }
}

impl<S: AsRef<str>> FromIterator<S> for Names {
    fn from_iter<I: IntoIterator<Item = S>>(it: I) -> Self {
        let mut n = Names::default();
        for s in it {
            n.push(s.as_ref());
        }
        n
    }
}

/// Place id -> index, with every id in one string: a `HashMap<String, usize>` held a copy of
/// each of the some 80,000 ids in an allocation of its own, to make at start-up and free at
/// exit.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    /// (start, end) of the id in `text`, and its value.
    table: hashbrown::HashTable<(u32, u32, usize)>,
    text: String,
}

impl IdIndex {
    fn hash(id: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(id)
    }

    fn id(&self, e: &(u32, u32, usize)) -> &str {
        &self.text[e.0 as usize..e.1 as usize]
    }

    /// The value of `id`.
    pub fn get(&self, id: &str) -> Option<&usize> {
        self.table
            .find(Self::hash(id), |e| self.id(e) == id)
            .map(|e| &e.2)
    }

    /// Whether `id` has a value.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// How many ids.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Room for `n` more ids of about `bytes` bytes in all.
    fn reserve(&mut self, n: usize, bytes: usize) {
        let text = &self.text;
        self.table
            .reserve(n, |e| Self::hash(&text[e.0 as usize..e.1 as usize]));
        self.text.reserve(bytes);
    }

    /// Sets `id`'s value; returns the one it replaces.
    pub fn insert(&mut self, id: &str, value: usize) -> Option<usize> {
        let h = Self::hash(id);
        let text = &self.text;
        if let Some(e) = self
            .table
            .find_mut(h, |e| &text[e.0 as usize..e.1 as usize] == id)
        {
            return Some(std::mem::replace(&mut e.2, value));
        }
        let start = self.text.len() as u32;
        self.text.push_str(id);
        let end = self.text.len() as u32;
        let text = &self.text;
        self.table.insert_unique(h, (start, end, value), |e| {
            Self::hash(&text[e.0 as usize..e.1 as usize])
        });
        None
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub wikidata: Option<String>,
    pub name: String,
    pub country: String,
    pub sector: String,
    pub aliases: Vec<String>,
    pub short: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub wikidata: Option<String>,
    pub kind: String,
    pub name: String,
    pub country: String,
    pub sector: String,
    pub aliases: Vec<String>,
}

/// An office held between two dates (ISO strings compare in date order).
#[derive(Debug, Clone)]
pub struct Role {
    pub roles: Vec<String>,
    pub scope: String,
    pub person: usize,
    pub start: String,
    pub end: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Metonym {
    pub form: String,
    pub country: String,
    pub sector: String,
    pub name: String,
    /// Countries of which the article must name one for the form to stand for `country`
    /// (optional fifth column): "the North" is North Korea only in a story about Korea.
    pub when: Vec<String>,
}

/// What one language adds: name forms and the words that compose actor phrases.
#[derive(Debug, Clone, Default)]
pub struct LangTables {
    /// (target id: alpha-3, `p:…` or `o:…`; form)
    pub names: Vec<(String, String)>,
    pub demonyms: Vec<(String, String)>,
    pub sector_nouns: Vec<(String, String)>,
    pub titles: Vec<(String, String)>,
    pub metonyms: Vec<Metonym>,
    pub grammar: HashMap<String, Vec<String>>,
    /// `actors/name_rules.tsv`: words that build and classify names no table lists.
    pub grammar_rules: HashMap<String, Vec<String>>,
    pub not_names: HashSet<String>,
    /// `actors/not_places.txt`: capitalised common words that a generated place table also
    /// lists ("Presidente", "Tour"); alone they are places only after a place preposition.
    pub not_places: HashSet<String>,
    /// `actors/common_words.txt`: the language's most frequent words, lower case (generated):
    /// a capitalised word among them that starts a sentence is an ordinary word.
    pub common_words: HashSet<String>,
    /// `actors/context_names.tsv`: (organisation id, form, cue words) — a short name that is
    /// the organisation only in a text that holds one of the cues ("Onda" in an article on
    /// the Palio).
    pub context_names: Vec<(String, String, Vec<String>)>,
}

/// Every actor table, parsed.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub sectors: HashMap<String, String>,
    pub countries: Vec<Country>,
    pub country_index: HashMap<String, usize>,
    pub places: Vec<Place>,
    pub people: Vec<Person>,
    pub person_index: HashMap<String, usize>,
    pub orgs: Vec<Org>,
    pub org_index: HashMap<String, usize>,
    /// Place id -> index in `places`.
    pub place_index: IdIndex,
    pub roles: Vec<Role>,
    pub langs: HashMap<String, LangTables>,
    /// Common given names (`actors/given_names.txt`), for the name rules.
    pub given_names: HashSet<String>,
    /// Rare given names (`actors/rare_given_names.txt`): only the head of a longer unknown run.
    pub rare_given_names: HashSet<String>,
    /// Companies' legal forms as written (`actors/legal_forms.tsv`), in file order (a longer
    /// form before one it begins with). One table for every language, read by the organisation
    /// rules and by the events stage's rule on acts between companies.
    pub legal_forms: Vec<String>,
}

pub(crate) const COUNTRIES: &str = "actors/countries.tsv";
pub(crate) const PLACES: &str = "actors/places.tsv";
/// Generated demonyms of every country, per language (`lang form alpha3`).
pub(crate) const DEMONYMS: &str = "actors/demonyms.tsv";
/// Continents and world regions (generated), and seas and oceans (curated): same columns as
/// `places.tsv`, country `-` for none.
pub(crate) const SUPRANATIONAL: [&str; 2] = ["actors/regions.tsv", "actors/seas.tsv"];
pub(crate) const SECTORS: &str = "actors/sectors.tsv";
pub(crate) const PEOPLE: &str = "actors/people.tsv";
pub(crate) const ORGS: &str = "actors/orgs.tsv";
pub(crate) const ROLES: &str = "actors/roles.tsv";

/// [`annalist_lang::Row::columns`] without its vector of fields, for the place table's some
/// 70,000 rows (start-up time); same fields, same error.
fn columns<'a, const N: usize>(row: &annalist_lang::Row<'a>) -> Result<[&'a str; N], PackError> {
    let mut out = [""; N];
    let mut n = 0;
    for f in split_ascii(row.raw, b'\t') {
        if let Some(slot) = out.get_mut(n) {
            *slot = trim(f);
        }
        n += 1;
    }
    if n == N {
        Ok(out)
    } else {
        Err(row.error(format!("expected {N} tab-separated columns, found {n}")))
    }
}

/// `s.split(sep)` for an ASCII separator, by a plain byte scan: the fields of the place table
/// are short, and `str::split`'s `memchr` call per field cost more than the scan.
fn split_ascii(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &b[start..];
        // (An ASCII byte is a character boundary: both slices are valid `str`s.)
        match rest.iter().position(|&x| x == sep) {
            Some(k) => {
                let f = &s[start..start + k];
                start += k + 1;
                Some(f)
            }
            None => {
                done = true;
                Some(&s[start..])
            }
        }
    })
}

/// `str::trim`, without decoding a character when neither end is whitespace (nearly every
/// field of a generated table).
#[inline]
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z)) if (0x21..0x7f).contains(&a) && (0x21..0x7f).contains(&z) => s,
        _ => s.trim(),
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn parse_coord(s: &str, max: f64) -> Option<f64> {
    decimal(s)
        .or_else(|| s.parse::<f64>().ok())
        .filter(|v| v.abs() <= max)
}

/// A plain decimal ("-12.3456") of at most 15 digits, or `None` for anything else (which
/// `str::parse` then reads). The digits as an integer divided by a power of ten: both exact in
/// an `f64`, so the one rounding of the division gives the correctly rounded value `parse`
/// gives, at a tenth of its cost (the place table has 160,000 coordinates).
fn decimal(s: &str) -> Option<f64> {
    let (neg, digits) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        b => (false, b),
    };
    let (mut m, mut n, mut frac, mut dot) = (0u64, 0u32, 0i32, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(b - b'0');
                n += 1;
                frac += i32::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if n == 0 || n > 15 || (dot && frac == 0) {
        return None;
    }
    let v = m as f64 / 10f64.powi(frac);
    Some(if neg { -v } else { v })
}

/// How many `\n` bytes `b` holds, eight bytes at a time (a capacity for the place table's
/// 80,000 rows).
fn count_newlines(b: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w) ^ 0x0a0a_0a0a_0a0a_0a0a;
        // The high bit of each byte set when the byte is not zero (no carry crosses bytes).
        let nonzero = ((x & LOW7) + LOW7) | x;
        n += (!nonzero & !LOW7).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&x| x == b'\n').count()
}

impl Tables {
    /// Parses every actor table of the packs; returns what parsed and every problem found.
    pub fn load(packs: &Packs) -> (Tables, Vec<PackError>) {
        let mut t = Tables::default();
        let mut errs = Vec::new();
        let common = packs.common();
        t.load_sectors(common, &mut errs);
        t.load_countries(common, &mut errs);
        t.load_places(common, &mut errs);
        t.load_people(common, &mut errs);
        t.load_orgs(common, &mut errs);
        t.load_roles(common, &mut errs);
        for row in common.rows("actors/given_names.txt") {
            t.given_names.insert(row.raw.trim().to_string());
        }
        for row in common.rows("actors/rare_given_names.txt") {
            t.rare_given_names.insert(row.raw.trim().to_string());
        }
        t.legal_forms = legal_forms(common);
        for code in packs.languages() {
            if let Some(pack) = packs.get(code) {
                let mut lt = t.load_lang(pack, &mut errs);
                t.add_generated_demonyms(common, code, &mut lt, &mut errs);
                t.langs.insert(code.to_string(), lt);
            }
        }
        (t, errs)
    }

    /// Adds to a language's demonyms the generated ones of `common/actors/demonyms.tsv` (every
    /// country's adjective, for toponym resolution) whose form the pack's curated table lacks.
    fn add_generated_demonyms(
        &self,
        common: &Pack,
        code: &str,
        lt: &mut LangTables,
        errs: &mut Vec<PackError>,
    ) {
        let curated: HashSet<String> = lt.demonyms.iter().map(|(f, _)| f.clone()).collect();
        for row in common.rows(DEMONYMS) {
            match row.columns::<3>() {
                Ok([lang, form, a3]) => {
                    self.check_country(&row, a3, errs);
                    if lang == code && !curated.contains(form) {
                        lt.demonyms.push((form.to_string(), a3.to_string()));
                    }
                }
                Err(e) => errs.push(e),
            }
        }
    }

    /// Whether `code` is a known country (or `IGO`).
    pub fn known_country(&self, code: &str) -> bool {
        code == "IGO" || self.country_index.contains_key(code)
    }

    fn check_country(&self, row: &annalist_lang::Row, code: &str, errs: &mut Vec<PackError>) {
        if !self.known_country(code) {
            errs.push(row.error(format!("unknown country code {code:?}")));
        }
    }

    fn check_sector(&self, row: &annalist_lang::Row, code: &str, errs: &mut Vec<PackError>) {
        if !self.sectors.is_empty() && !self.sectors.contains_key(code) {
            errs.push(row.error(format!("unknown sector code {code:?}")));
        }
    }

    fn load_sectors(&mut self, p: &Pack, errs: &mut Vec<PackError>) {
        for row in p.rows(SECTORS) {
            match row.columns::<3>() {
                Ok([code, cameo, _]) => {
                    if self
                        .sectors
                        .insert(code.to_string(), cameo.to_string())
                        .is_some()
                    {
                        errs.push(row.error(format!("duplicate sector {code:?}")));
                    }
                }
                Err(e) => errs.push(e),
            }
        }
    }

    fn load_countries(&mut self, p: &Pack, errs: &mut Vec<PackError>) {
        for row in p.rows(COUNTRIES) {
            match row.columns::<11>() {
                Ok([a3, _a2, _num, name, _cap, cap_id, lat, lon, gid, clat, clon]) => {
                    if a3.len() != 3 || !a3.bytes().all(|b| b.is_ascii_uppercase()) {
                        errs.push(row.error(format!("bad alpha-3 code {a3:?}")));
                        continue;
                    }
                    if self.country_index.contains_key(a3) {
                        errs.push(row.error(format!("duplicate country {a3:?}")));
                        continue;
                    }
                    self.country_index
                        .insert(a3.to_string(), self.countries.len());
                    self.countries.push(Country {
                        alpha3: a3.to_string(),
                        name_en: name.to_string(),
                        capital_geonameid: opt(cap_id).map(|s| format!("gn:{s}")),
                        lat: parse_coord(lat, 90.0),
                        lon: parse_coord(lon, 180.0),
                        geonameid: opt(gid),
                        centroid_lat: parse_coord(clat, 90.0),
                        centroid_lon: parse_coord(clon, 180.0),
                    });
                }
                Err(e) => errs.push(e),
            }
        }
    }

    fn load_places(&mut self, p: &Pack, errs: &mut Vec<PackError>) {
        // Ids of rows refused after their id was read: a later row with the same id is still
        // a duplicate (accepted ids are in `place_index`, which needs no second set).
        let mut refused: HashSet<&str> = HashSet::default();
        // Lines of the table (comments included): an upper bound for one allocation each.
        let rows: usize = p
            .texts(PLACES)
            .map(|(_, t)| count_newlines(t.as_bytes()) + 1)
            .sum();
        self.places.reserve(rows + 64);
        self.place_index.reserve(rows + 64, rows * 10);
        for file in std::iter::once(PLACES).chain(SUPRANATIONAL) {
            for row in p.rows(file) {
                // An eighth column, optional: the first-level region the place lies in.
                let (cols, within) = match columns::<8>(&row) {
                    Ok([id, kind, a3, lat, lon, pop, names, within]) => {
                        ([id, kind, a3, lat, lon, pop, names], within)
                    }
                    Err(_) => match columns::<7>(&row) {
                        Ok(c) => (c, ""),
                        Err(e) => {
                            errs.push(e);
                            continue;
                        }
                    },
                };
                let [id, kind, a3, lat, lon, pop, names] = cols;
                if self.place_index.contains_key(id) || refused.contains(id) {
                    errs.push(row.error(format!("duplicate id {id:?}")));
                    continue;
                }
                let supranational = a3 == "-";
                if !supranational {
                    self.check_country(&row, a3, errs);
                }
                let (Some(lat), Some(lon)) = (parse_coord(lat, 90.0), parse_coord(lon, 180.0))
                else {
                    errs.push(row.error("latitude/longitude missing or out of range"));
                    refused.insert(id);
                    continue;
                };
                let mut all = split_ascii(names, b'|').map(trim).filter(|x| !x.is_empty());
                let Some(name) = all.next() else {
                    errs.push(row.error("a place needs at least one name"));
                    refused.insert(id);
                    continue;
                };
                self.place_index.insert(id, self.places.len());
                self.places.push(Place {
                    id: id.to_string(),
                    region: kind != "city",
                    supranational,
                    country: if supranational {
                        String::new()
                    } else {
                        a3.to_string()
                    },
                    lat,
                    lon,
                    population: pop.parse().unwrap_or(0),
                    name: name.to_string(),
                    names: all.collect(),
                    within: within.to_string(),
                });
            }
        }
    }

    fn load_people(&mut self, p: &Pack, errs: &mut Vec<PackError>) {
        for row in p.rows(PEOPLE) {
            let [id, wd, name, a3, sector, aliases, short] = match row.columns::<7>() {
                Ok(c) => c,
                Err(e) => {
                    errs.push(e);
                    continue;
                }
            };
            if self.person_index.contains_key(id) {
                errs.push(row.error(format!("duplicate id {id:?}")));
                continue;
            }
            if !wd.is_empty() && !is_qid(wd) {
                errs.push(row.error(format!("bad Wikidata id {wd:?}")));
            }
            self.check_country(&row, a3, errs);
            self.check_sector(&row, sector, errs);
            self.person_index.insert(id.to_string(), self.people.len());
            self.people.push(Person {
                id: id.to_string(),
                wikidata: opt(wd),
                name: name.to_string(),
                country: a3.to_string(),
                sector: sector.to_string(),
                aliases: list(aliases),
                short: list(short),
            });
        }
    }

    fn load_orgs(&mut self, p: &Pack, errs: &mut Vec<PackError>) {
        for row in p.rows(ORGS) {
            let [id, wd, kind, name, a3, sector, aliases] = match row.columns::<7>() {
                Ok(c) => c,
                Err(e) => {
                    errs.push(e);
                    continue;
                }
            };
            if self.org_index.contains_key(id) {
                errs.push(row.error(format!("duplicate id {id:?}")));
                continue;
            }
            if !matches!(kind, "org" | "media" | "group") {
                errs.push(row.error(format!("kind must be org, media or group, not {kind:?}")));
            }
            if !wd.is_empty() && !is_qid(wd) {
                errs.push(row.error(format!("bad Wikidata id {wd:?}")));
            }
            self.check_country(&row, a3, errs);
            self.check_sector(&row, sector, errs);
            self.org_index.insert(id.to_string(), self.orgs.len());
            self.orgs.push(Org {
                id: id.to_string(),
                wikidata: opt(wd),
                kind: kind.to_string(),
                name: name.to_string(),
                country: a3.to_string(),
                sector: sector.to_string(),
                aliases: list(aliases),
            });
        }
    }

    fn load_roles(&mut self, p: &Pack, errs: &mut Vec<PackError>) {
        for row in p.rows(ROLES) {
            let [roles, scope, person, start, end] = match row.columns::<5>() {
                Ok(c) => c,
                Err(e) => {
                    errs.push(e);
                    continue;
                }
            };
            let Some(&pi) = self.person_index.get(person) else {
                errs.push(row.error(format!("unknown person {person:?}")));
                continue;
            };
            if !self.known_country(scope) && !self.org_index.contains_key(scope) {
                errs.push(row.error(format!(
                    "unknown scope {scope:?} (a country code or an organisation id)"
                )));
            }
            if !is_date(start) || (!end.is_empty() && !is_date(end)) {
                errs.push(row.error("dates must be YYYY-MM-DD (end may be empty)"));
                continue;
            }
            if !end.is_empty() && end < start {
                errs.push(row.error(format!("role ends ({end}) before it starts ({start})")));
                continue;
            }
            self.roles.push(Role {
                roles: list(roles),
                scope: scope.to_string(),
                person: pi,
                start: start.to_string(),
                end: opt(end),
            });
        }
    }

    fn load_lang(&self, p: &Pack, errs: &mut Vec<PackError>) -> LangTables {
        let mut lt = LangTables::default();
        for row in p.rows(COUNTRIES) {
            match row.columns::<2>() {
                Ok([a3, name]) => {
                    self.check_country(&row, a3, errs);
                    lt.names.push((a3.to_string(), name.to_string()));
                }
                Err(e) => errs.push(e),
            }
        }
        // A row written twice is harmless to the tagger but is the trace of a bad merge or a
        // forgotten earlier row: reported, so that the table stays one row per fact.
        let mut seen_names = HashSet::default();
        for row in p.rows("actors/names.tsv") {
            match row.columns::<2>() {
                Ok([target, form]) => {
                    let known = self.known_country(target)
                        || self.person_index.contains_key(target)
                        || self.org_index.contains_key(target);
                    if !known {
                        errs.push(row.error(format!("unknown target {target:?}")));
                        continue;
                    }
                    if !seen_names.insert((target.to_string(), form.to_string())) {
                        errs.push(row.error(format!("duplicate row {target:?} {form:?}")));
                        continue;
                    }
                    lt.names.push((target.to_string(), form.to_string()));
                }
                Err(e) => errs.push(e),
            }
        }
        let mut seen = HashSet::default();
        for row in p.rows("actors/demonyms.tsv") {
            match row.columns::<2>() {
                Ok([form, a3]) => {
                    self.check_country(&row, a3, errs);
                    if !seen.insert(form.to_string()) {
                        errs.push(row.error(format!("duplicate demonym {form:?}")));
                    }
                    lt.demonyms.push((form.to_string(), a3.to_string()));
                }
                Err(e) => errs.push(e),
            }
        }
        let mut seen = HashSet::default();
        for row in p.rows("actors/sector_nouns.tsv") {
            match row.columns::<2>() {
                Ok([form, sector]) => {
                    self.check_sector(&row, sector, errs);
                    if !seen.insert(form.to_string()) {
                        errs.push(row.error(format!("duplicate noun {form:?}")));
                    }
                    lt.sector_nouns.push((form.to_string(), sector.to_string()));
                }
                Err(e) => errs.push(e),
            }
        }
        let known_roles: HashSet<&str> = self
            .roles
            .iter()
            .flat_map(|r| r.roles.iter().map(String::as_str))
            .collect();
        for row in p.rows("actors/titles.tsv") {
            match row.columns::<2>() {
                Ok([form, role]) => {
                    if !known_roles.contains(role) {
                        errs.push(row.error(format!("no office holder has role {role:?}")));
                    }
                    lt.titles.push((form.to_string(), role.to_string()));
                }
                Err(e) => errs.push(e),
            }
        }
        for row in p.rows("actors/metonyms.tsv") {
            let cols = if row.fields().count() == 5 {
                row.columns::<5>()
            } else {
                row.columns::<4>().map(|[a, b, c, d]| [a, b, c, d, ""])
            };
            match cols {
                Ok([form, a3, sector, name, when]) => {
                    self.check_country(&row, a3, errs);
                    self.check_sector(&row, sector, errs);
                    let when = list(when);
                    for c in &when {
                        self.check_country(&row, c, errs);
                    }
                    lt.metonyms.push(Metonym {
                        form: form.to_string(),
                        country: a3.to_string(),
                        sector: sector.to_string(),
                        name: name.to_string(),
                        when,
                    });
                }
                Err(e) => errs.push(e),
            }
        }
        for row in p.rows("actors/grammar.tsv") {
            match row.columns::<2>() {
                Ok([k, v]) => {
                    lt.grammar.insert(k.to_string(), list(v));
                }
                Err(e) => errs.push(e),
            }
        }
        // A key on several lines gathers them all: a phenomenon's words sit on a line of their
        // own with the comment that says why, after the first line of that key.
        for row in p.rows("actors/name_rules.tsv") {
            match row.columns::<2>() {
                Ok([k, v]) => {
                    lt.grammar_rules
                        .entry(k.to_string())
                        .or_default()
                        .extend(list(v));
                }
                Err(e) => errs.push(e),
            }
        }
        // Organisation cues (crate::orgs) share the name rules' key-value map.
        for row in p.rows("actors/org_cues.tsv") {
            match row.columns::<2>() {
                Ok([k, v]) => {
                    lt.grammar_rules.insert(k.to_string(), list(v));
                }
                Err(e) => errs.push(e),
            }
        }
        for row in p.rows("actors/context_names.tsv") {
            match row.columns::<3>() {
                Ok([target, form, cues]) => {
                    if !self.org_index.contains_key(target) {
                        errs.push(row.error(format!("unknown organisation {target:?}")));
                        continue;
                    }
                    lt.context_names
                        .push((target.to_string(), form.to_string(), list(cues)));
                }
                Err(e) => errs.push(e),
            }
        }
        for row in p.rows("actors/not_names.txt") {
            lt.not_names.insert(row.raw.trim().to_string());
        }
        for row in p.rows("actors/not_places.txt") {
            lt.not_places.insert(row.raw.trim().to_string());
        }
        for row in p.rows("actors/common_words.txt") {
            lt.common_words.insert(row.raw.trim().to_string());
        }
        lt
    }
}

/// The companies' legal forms of a pack's `actors/legal_forms.tsv` (normally the common pack's),
/// as written and in file order. Public so that the events stage reads the same forms.
pub fn legal_forms(p: &Pack) -> Vec<String> {
    p.rows(LEGAL_FORMS)
        .map(|row| row.raw.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect()
}

/// The table of companies' legal forms ([`legal_forms`]).
pub const LEGAL_FORMS: &str = "actors/legal_forms.tsv";

fn is_qid(s: &str) -> bool {
    s.len() > 1 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Checks every actor table of the packs (the embedded ones and any added with
/// [`Packs::add_dir`]) and returns each malformed row with its file and line: wrong column
/// count, unknown country or sector code, duplicate id, a name row written twice, a role that
/// ends before it starts.
/// This is what `annalist packs check` reports for the actor area.
pub fn check_actor_tables(packs: &Packs) -> Vec<PackError> {
    Tables::load(packs).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_split_and_trim_give_what_str_split_and_trim_give() {
        for s in [
            "",
            "a",
            "\t",
            "gn:1\tcity\t ITA \t\tRoma|Rome| Ròma ",
            "x\t\u{a0}Città\u{a0}\t",
            "|a||b|",
        ] {
            for sep in [b'\t', b'|'] {
                let ours: Vec<&str> = split_ascii(s, sep).map(trim).collect();
                let std: Vec<&str> = s.split(sep as char).map(str::trim).collect();
                assert_eq!(ours, std, "{s:?} split at {:?}", sep as char);
            }
        }
    }

    #[test]
    fn a_plain_decimal_reads_as_str_parse_reads_it() {
        for s in [
            "0",
            "-0",
            "12",
            "41.9028",
            "-73.9857",
            "12.5",
            "179.99999",
            "-90.0000",
            "0.1",
            "45.46427",
            "9.18951",
            "-33.86785",
            "151.20732",
            "1.",
            ".5",
            "1e5",
            "+3",
            "",
            "-",
            "1.2.3",
            "123456789012345.6",
        ] {
            let std = s.parse::<f64>().ok();
            match decimal(s) {
                // Bit for bit the same value (and sign of zero).
                Some(v) => assert_eq!(Some(v.to_bits()), std.map(f64::to_bits), "{s:?}"),
                None => assert!(
                    parse_coord(s, 1e300).map(f64::to_bits) == std.map(f64::to_bits),
                    "{s:?}"
                ),
            }
        }
        // Every coordinate of a grid of five-decimal values.
        for i in (0..18_000_000i64).step_by(7_919) {
            let s = format!("{}.{:05}", i / 100_000 - 90, i % 100_000);
            assert_eq!(
                decimal(&s).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
    }

    #[test]
    fn newlines_are_counted_in_every_position() {
        let text = "a\nbc\n\ndefghij\nklmnopqrstu\nv\n";
        for k in 0..text.len() {
            let b = &text.as_bytes()[k..];
            assert_eq!(count_newlines(b), b.iter().filter(|&&x| x == b'\n').count());
        }
        assert_eq!(count_newlines("\n\n\n\n\n\n\n\n\n".as_bytes()), 9);
    }

    #[test]
    fn the_id_index_finds_each_id_and_replaces_a_value_set_twice() {
        let mut index = IdIndex::default();
        index.reserve(4, 16);
        assert_eq!(index.insert("gn:1", 0), None);
        assert_eq!(index.insert("gn:22", 1), None);
        assert_eq!(index.insert("gn:1", 2), Some(0));
        assert_eq!(
            (index.get("gn:1"), index.get("gn:22")),
            (Some(&2), Some(&1))
        );
        assert!(index.get("gn:2").is_none() && !index.contains_key("gn:") && index.len() == 2);
        assert!(!index.is_empty() && IdIndex::default().is_empty());
    }

    #[test]
    fn a_place_keeps_its_alternate_names_in_order_in_one_string() {
        let names: Names = ["Roma", "Rome", "Ròma"].into_iter().collect();
        assert_eq!(names.len(), 3);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["Roma", "Rome", "Ròma"]);
        let none = Names::default();
        assert!(none.is_empty() && none.iter().next().is_none());
    }
}
