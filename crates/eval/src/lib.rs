//! Event evaluation: the matching rules of the gold format (docs/gold-format.md), implemented exactly
//! as the project's reference scorer `score_events.py` does, so figures printed by `annalist eval`
//! and by the script agree.
//!
//! Why gold events stay `serde_json::Value`: the reference scorer reads JSON dictionaries with
//! Python truthiness (an empty location is "no location", a `null` modality is not "asserted");
//! keeping the raw values lets this crate reproduce those rules instead of a typed approximation.
//!
//! Matching: a system event and a gold event match when the type is the gold type or one of its
//! `alt_types`, and each side shares a country with the gold side (an empty gold side matches
//! anything). Pairs are taken greedily, required gold first, then by the number of right fields.
//! Precision counts every system event; recall counts required gold events only.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A problem reading a gold or system file: names the file and, for JSON Lines, the line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
    #[error("{file}: not a gold file: {source}")]
    Gold {
        file: String,
        source: serde_json::Error,
    },
    #[error("{file}:{line}: not JSON: {source}")]
    Line {
        file: String,
        line: usize,
        source: serde_json::Error,
    },
}

/// One document of a gold file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoldDoc {
    pub id: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub events: Vec<Value>,
    #[serde(default)]
    pub entities_expected: Vec<Value>,
    #[serde(default)]
    pub times_expected: Vec<Value>,
}

/// Reads a gold file (a JSON list of documents).
pub fn load_gold(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io(file.clone(), e))?;
    serde_json::from_str(&text).map_err(|source| EvalError::Gold { file, source })
}

/// Reads system output (JSON Lines, one document per line) keyed by document id.
pub fn load_system(path: &Path) -> Result<HashMap<String, Value>, EvalError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io(file.clone(), e))?;
    parse_system(&file, &text)
}

/// Parses JSON Lines system output; `file` names it in errors.
pub fn parse_system(file: &str, text: &str) -> Result<HashMap<String, Value>, EvalError> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|source| EvalError::Line {
            file: file.to_string(),
            line: n + 1,
            source,
        })?;
        out.insert(py_str(v.get("id")), v);
    }
    Ok(out)
}

/// System output from documents the pipeline produced, keyed by id.
pub fn system_from_documents<'a>(
    docs: impl IntoIterator<Item = &'a annalist_doc::Document>,
) -> HashMap<String, Value> {
    docs.into_iter()
        .map(|d| {
            let v = serde_json::to_value(d).unwrap_or(Value::Null);
            (d.id.clone(), v)
        })
        .collect()
}

/// Python's `str()` of a JSON value as the reference scorer keys documents.
fn py_str(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "True" } else { "False" }.into(),
        Some(other) => other.to_string(),
    }
}

/// Python truthiness of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// Python `==` between two JSON values (numbers compare by value: 15000 == 15000.0).
fn py_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let norm = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
    match (norm(a), norm(b)) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (x, y) => x == y,
    }
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key)
}

fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn countries(actors: &[Value]) -> BTreeSet<String> {
    actors
        .iter()
        .filter(|a| truthy(get(a, "country")))
        .map(|a| py_str(get(a, "country")))
        .collect()
}

fn side_ok(sys: &[Value], gold: &[Value]) -> bool {
    let g = countries(gold);
    g.is_empty() || !countries(sys).is_disjoint(&g)
}

fn type_ok(s: &Value, g: &Value) -> bool {
    let st = get(s, "event_type");
    py_eq(st, get(g, "event_type")) || list(get(g, "alt_types")).iter().any(|t| py_eq(st, Some(t)))
}

fn str_of(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

fn date_ok(s: &Value, g: &Value) -> Option<bool> {
    let gd = get(g, "date");
    if !truthy(gd) {
        return None;
    }
    let gd = gd.unwrap();
    let sd = get(s, "date")
        .filter(|d| truthy(Some(d)))
        .and_then(|d| get(d, "value"));
    if !truthy(sd) {
        return Some(false);
    }
    let gv = get(gd, "value");
    if py_eq(sd, gv) {
        return Some(true);
    }
    let prefix = match (str_of(sd), str_of(gv)) {
        (Some(a), Some(b)) => a.starts_with(b),
        _ => false,
    };
    Some(prefix && !py_eq(get(gd, "precision"), Some(&Value::from("day"))))
}

fn sub<'a>(s: &'a Value, key: &str, inner: &str) -> Option<&'a Value> {
    get(s, key)
        .filter(|v| truthy(Some(v)))
        .and_then(|v| get(v, inner))
}

/// The per-field checks of a matched pair, in the reference scorer's order.
pub fn field_checks(s: &Value, g: &Value) -> Vec<(&'static str, bool)> {
    let mut out = Vec::new();
    if let Some(d) = date_ok(s, g) {
        out.push(("date", d));
    }
    if truthy(get(g, "location")) {
        out.push((
            "location",
            py_eq(sub(s, "location", "country"), sub(g, "location", "country")),
        ));
    }
    if truthy(get(g, "attribution")) && truthy(sub(g, "attribution", "country")) {
        out.push((
            "attribution",
            py_eq(
                sub(s, "attribution", "country"),
                sub(g, "attribution", "country"),
            ),
        ));
    }
    let smod = get(s, "modality")
        .filter(|m| truthy(Some(m)))
        .cloned()
        .unwrap_or(Value::from("asserted"));
    let gmod = match g.get("modality") {
        None => Value::from("asserted"),
        Some(v) => v.clone(),
    };
    out.push(("modality", py_eq(Some(&smod), Some(&gmod))));
    if truthy(get(g, "mode")) {
        out.push(("mode", py_eq(get(s, "mode"), get(g, "mode"))));
    }
    let pair = |a: &Value| (py_str(get(a, "country")), py_str(get(a, "sector")));
    let gsec: BTreeSet<(String, String)> = list(get(g, "source"))
        .iter()
        .chain(list(get(g, "target")))
        .filter(|a| truthy(get(a, "sector")))
        .map(pair)
        .collect();
    if !gsec.is_empty() {
        let ssec: BTreeSet<(String, String)> = list(get(s, "source"))
            .iter()
            .chain(list(get(s, "target")))
            .map(pair)
            .collect();
        out.push(("sector", !gsec.is_disjoint(&ssec)));
    }
    if truthy(get(g, "quantity")) {
        out.push((
            "quantity",
            py_eq(
                sub(s, "quantity", "value"),
                get(get(g, "quantity").unwrap(), "value"),
            ),
        ));
    }
    out
}

fn required(g: &Value) -> bool {
    g.get("required").map(|v| truthy(Some(v))).unwrap_or(true)
}

/// A matched pair: system index, gold index, and the field checks.
pub type Pair = (usize, usize, Vec<(&'static str, bool)>);

/// Greedy one-to-one matching of system and gold events.
pub fn match_events(sys: &[Value], gold: &[Value]) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for (i, s) in sys.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            if type_ok(s, g)
                && side_ok(list(get(s, "source")), list(get(g, "source")))
                && side_ok(list(get(s, "target")), list(get(g, "target")))
            {
                let f = field_checks(s, g);
                let right = f.iter().filter(|(_, ok)| *ok).count();
                pairs.push((required(g), right, i, j, f));
            }
        }
    }
    // stable, as Python's sort: required first, then more right fields
    pairs.sort_by_key(|p| (!p.0, std::cmp::Reverse(p.1)));
    let mut used_s = BTreeSet::new();
    let mut used_g = BTreeSet::new();
    let mut out = Vec::new();
    for (_, _, i, j, f) in pairs {
        if used_s.contains(&i) || used_g.contains(&j) {
            continue;
        }
        used_s.insert(i);
        used_g.insert(j);
        out.push((i, j, f));
    }
    out
}

/// Figures for one PLOVER type.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TypeFigures {
    pub system: usize,
    pub matched: usize,
    pub required_gold: usize,
    pub required_found: usize,
}

impl TypeFigures {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.required_found, self.required_gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// A gold event nobody found, or a system event matching no gold event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Miss {
    pub doc: String,
    pub event_type: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
    /// The gold note (misses) or the trigger text (extras).
    pub note: String,
}

/// The evaluation of a system against a gold file.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Report {
    pub documents: usize,
    pub missing_documents: Vec<String>,
    pub system_events: usize,
    pub matched: usize,
    pub required_gold: usize,
    pub required_found: usize,
    /// Per field: (right, scored) over matched pairs.
    pub fields: BTreeMap<String, (usize, usize)>,
    pub by_type: BTreeMap<String, TypeFigures>,
    pub misses: Vec<Miss>,
    pub extras: Vec<Miss>,
    /// (hits, expected) of `entities_expected`, when the gold has any.
    pub entities: Option<(usize, usize)>,
    /// (hits, expected) of `times_expected`, when the gold has any.
    pub times: Option<(usize, usize)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Report {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.system_events)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.required_found, self.required_gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    /// Share of matched pairs with `field` right (None when never scored).
    pub fn field(&self, field: &str) -> Option<f64> {
        self.fields.get(field).map(|&(a, b)| ratio(a, b))
    }
}

fn miss(doc: &str, e: &Value, note: String) -> Miss {
    Miss {
        doc: doc.to_string(),
        event_type: py_str(get(e, "event_type")),
        source: countries(list(get(e, "source"))).into_iter().collect(),
        target: countries(list(get(e, "target"))).into_iter().collect(),
        note,
    }
}

/// Scores system documents (JSON as written by annalist, keyed by id) against gold documents.
pub fn score(gold: &[GoldDoc], system: &HashMap<String, Value>) -> Report {
    let mut r = Report {
        documents: gold.len(),
        ..Default::default()
    };
    let empty = Value::Object(Default::default());
    let (mut ent_hit, mut ent_total, mut time_hit, mut time_total) = (0, 0, 0, 0);
    for doc in gold {
        let sd = match system.get(&doc.id) {
            Some(v) => v,
            None => {
                r.missing_documents.push(doc.id.clone());
                &empty
            }
        };
        let sev = list(get(sd, "events")).to_vec();
        let gev = &doc.events;
        let m = match_events(&sev, gev);
        let matched_s: BTreeSet<usize> = m.iter().map(|x| x.0).collect();
        let matched_g: BTreeSet<usize> = m.iter().map(|x| x.1).collect();
        r.matched += m.len();
        r.system_events += sev.len();
        for g in gev {
            let t = r.by_type.entry(py_str(get(g, "event_type"))).or_default();
            if required(g) {
                t.required_gold += 1;
                r.required_gold += 1;
            }
        }
        for s in &sev {
            r.by_type
                .entry(py_str(get(s, "event_type")))
                .or_default()
                .system += 1;
        }
        for (i, j, f) in &m {
            r.by_type
                .entry(py_str(get(&sev[*i], "event_type")))
                .or_default()
                .matched += 1;
            if required(&gev[*j]) {
                r.required_found += 1;
                r.by_type
                    .entry(py_str(get(&gev[*j], "event_type")))
                    .or_default()
                    .required_found += 1;
            }
            for (k, ok) in f {
                let a = r.fields.entry(k.to_string()).or_default();
                a.0 += *ok as usize;
                a.1 += 1;
            }
        }
        for (j, g) in gev.iter().enumerate() {
            if !matched_g.contains(&j) && required(g) {
                let note = str_of(get(g, "note")).unwrap_or("").to_string();
                r.misses.push(miss(&doc.id, g, note));
            }
        }
        for (i, s) in sev.iter().enumerate() {
            if !matched_s.contains(&i) {
                let note = str_of(sub(s, "trigger", "text")).unwrap_or("").to_string();
                r.extras.push(miss(&doc.id, s, note));
            }
        }
        let ents = list(get(sd, "entities"));
        for e in &doc.entities_expected {
            ent_total += 1;
            let et = str_of(get(e, "text")).unwrap_or("").to_lowercase();
            ent_hit += ents.iter().any(|x| {
                str_of(get(x, "text")).unwrap_or("").to_lowercase() == et
                    && py_eq(get(x, "country"), get(e, "country"))
                    && (e.get("wikidata").is_none() || py_eq(get(x, "id"), get(e, "wikidata")))
            }) as usize;
        }
        let times = list(get(sd, "times"));
        for t in &doc.times_expected {
            time_total += 1;
            let tt = str_of(get(t, "text")).unwrap_or("").to_lowercase();
            time_hit += times.iter().any(|x| {
                str_of(get(x, "text"))
                    .unwrap_or("")
                    .to_lowercase()
                    .contains(&tt)
                    && py_eq(get(x, "value"), get(t, "value"))
            }) as usize;
        }
    }
    if ent_total > 0 {
        r.entities = Some((ent_hit, ent_total));
    }
    if time_total > 0 {
        r.times = Some((time_hit, time_total));
    }
    r
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents: {}", self.documents)?;
        writeln!(f, "missing_documents: {:?}", self.missing_documents)?;
        writeln!(f, "system_events: {}", self.system_events)?;
        writeln!(f, "matched: {}", self.matched)?;
        writeln!(f, "required_gold: {}", self.required_gold)?;
        writeln!(f, "required_found: {}", self.required_found)?;
        writeln!(f, "precision: {:.3}", self.precision())?;
        writeln!(f, "recall: {:.3}", self.recall())?;
        writeln!(f, "f1: {:.3}", self.f1())?;
        for (k, &(a, b)) in &self.fields {
            writeln!(f, "field {k}: {:.3} ({a}/{b})", ratio(a, b))?;
        }
        if let Some((a, b)) = self.entities {
            writeln!(f, "entities_recall: {:.3}", ratio(a, b))?;
        }
        if let Some((a, b)) = self.times {
            writeln!(f, "times_accuracy: {:.3}", ratio(a, b))?;
        }
        for (t, x) in &self.by_type {
            writeln!(
                f,
                "type {t:<9} system={:<3} matched={:<3} gold={:<3} found={:<3} P={:.3} R={:.3} F1={:.3}",
                x.system,
                x.matched,
                x.required_gold,
                x.required_found,
                x.precision(),
                x.recall(),
                x.f1()
            )?;
        }
        if f.alternate() {
            for m in &self.misses {
                writeln!(
                    f,
                    "MISSED {}: {} {:?}->{:?} {}",
                    m.doc, m.event_type, m.source, m.target, m.note
                )?;
            }
            for m in &self.extras {
                writeln!(
                    f,
                    "EXTRA  {}: {} {:?}->{:?} {}",
                    m.doc, m.event_type, m.source, m.target, m.note
                )?;
            }
        }
        write!(
            f,
            "events: P={:.3} R={:.3} F1={:.3}",
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

/// A fresh document for a gold document: its id, language, publication date and text, nothing else.
pub fn gold_document(g: &GoldDoc) -> annalist_doc::Document {
    let mut d = annalist_doc::Document::new(g.id.clone(), g.text.clone());
    d.lang = g.lang.clone();
    d.published = g.published.clone();
    d
}

/// Runs `process` (the pipeline) over every gold document's text and scores the result; returns the
/// report and the processed documents (to write as JSON Lines).
pub fn run_gold(
    gold: &[GoldDoc],
    mut process: impl FnMut(&mut annalist_doc::Document),
) -> (Report, Vec<annalist_doc::Document>) {
    let docs: Vec<annalist_doc::Document> = gold
        .iter()
        .map(|g| {
            let mut d = gold_document(g);
            process(&mut d);
            d
        })
        .collect();
    let sys = system_from_documents(&docs);
    (score(gold, &sys), docs)
}
