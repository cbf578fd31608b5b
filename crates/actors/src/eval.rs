//! Evaluation on public sets: NER on KIND Italian Wikinews (BIO), toponym resolution on
//! GeoWebNews (brat files with GeoNames ids or coordinates). Both take paths so the CLI can
//! floor them in CI; neither reads anything the repository ships.

use std::collections::HashMap;
use std::path::Path;

use annalist_doc::{Document, Entity, EntityKind};

use crate::ActorTagger;

/// An input problem while evaluating: the file (and line) that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: no evaluable item found")]
    Empty(String),
}

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn finish(mut self) -> Self {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        self.precision = p;
        self.recall = r;
        self.f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        self
    }
}

/// Exact-span NER scores per label (PER, LOC, ORG) and micro-averaged over them.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NerReport {
    pub sentences: usize,
    pub by_label: std::collections::BTreeMap<String, Prf>,
    pub micro: Prf,
}

/// The NER label an entity stands for in KIND-style annotation, if any. Composed actors and
/// titles ("truppe russe", "il presidente") are not names, so they have none.
fn ner_label(e: &Entity, text: &str) -> Option<&'static str> {
    let surface = &text[e.span.range()];
    let note = e.note.as_deref().unwrap_or("");
    // KIND tags institutions named by a common noun ("il governo", "la polizia", "governo
    // cinese") as ORG, lower case included.
    if note.starts_with("bare institution") || note.starts_with("composed: institution") {
        return Some("ORG");
    }
    if !surface.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    if note.starts_with("composed") || note.starts_with("title") || note.starts_with("pair") {
        return None;
    }
    // KIND tags a country acting ("l'Italia ha chiesto") as ORG; capitals stay LOC there.
    if note.starts_with("metonym: country") {
        return Some("ORG");
    }
    Some(match e.kind {
        EntityKind::Person => "PER",
        EntityKind::Country | EntityKind::Place => "LOC",
        EntityKind::Org | EntityKind::Media | EntityKind::Group => "ORG",
    })
}

/// Scores the tagger as a named-entity recogniser on a BIO file (token TAB tag, blank line
/// between sentences), exact spans, labels PER/LOC/ORG. Documents are the sentences, tokens
/// joined by single spaces, tagged as Italian with no publication date.
pub fn eval_ner(tagger: &ActorTagger, path: &Path, lang: &str) -> Result<NerReport, EvalError> {
    eval_ner_with(tagger, path, lang, &mut |_, _, _| {})
}

/// A gold or system mention in a NER evaluation: byte span in the sentence text and label.
pub type NerSpan = (usize, usize, String);

/// A callback over one evaluated sentence: its text, gold mentions and system mentions.
pub type NerVisitor<'a> = &'a mut dyn FnMut(&str, &[NerSpan], &[NerSpan]);

/// [`eval_ner`], calling `each` with every sentence's text, gold mentions and system mentions
/// (for error analysis).
pub fn eval_ner_with(
    tagger: &ActorTagger,
    path: &Path,
    lang: &str,
    each: NerVisitor<'_>,
) -> Result<NerReport, EvalError> {
    let show = path.display().to_string();
    let data = std::fs::read_to_string(path).map_err(|e| EvalError::Io(show.clone(), e))?;
    let mut report = NerReport::default();
    let mut counts: HashMap<&'static str, Prf> = HashMap::new();
    let mut sentence: Vec<(String, String)> = Vec::new();
    let mut flush = |sentence: &mut Vec<(String, String)>, report: &mut NerReport| {
        if sentence.is_empty() {
            return;
        }
        report.sentences += 1;
        let mut text = String::new();
        let mut gold: Vec<(usize, usize, String)> = Vec::new();
        let mut open: Option<(usize, usize, String)> = None;
        for (tok, tag) in sentence.iter() {
            // KIND splits elided articles and prepositions ("d' America", "l' Istituto"); news
            // text writes them joined, which is what the tagger reads.
            if !text.is_empty() && !text.ends_with(['\'', '’']) {
                text.push(' ');
            }
            let s = text.len();
            text.push_str(tok);
            let e = text.len();
            // BIO ("B-PER") or IO ("PER", as in KIND's train file): a bare label continues.
            let (bio, label) = match tag.split_once('-') {
                Some(x) => x,
                None if tag != "O" => ("I", tag.as_str()),
                None => ("O", ""),
            };
            match bio {
                "B" => {
                    gold.extend(open.take());
                    open = Some((s, e, label.to_string()));
                }
                "I" if open.as_ref().is_some_and(|o| o.2 == label) => {
                    if let Some(o) = open.as_mut() {
                        o.1 = e;
                    }
                }
                "I" => {
                    gold.extend(open.take());
                    open = Some((s, e, label.to_string()));
                }
                _ => gold.extend(open.take()),
            }
        }
        gold.extend(open.take());
        gold.retain(|g| matches!(g.2.as_str(), "PER" | "LOC" | "ORG"));
        let mut doc = Document::new("ner", text);
        doc.lang = Some(lang.to_string());
        tagger.annotate(&mut doc);
        let sys: Vec<(usize, usize, &'static str)> = doc
            .entities
            .iter()
            .filter_map(|e| {
                ner_label(e, &doc.text).map(|l| (e.span.start as usize, e.span.end as usize, l))
            })
            .collect();
        let sys_spans: Vec<NerSpan> = sys.iter().map(|x| (x.0, x.1, x.2.to_string())).collect();
        each(&doc.text, &gold, &sys_spans);
        for &(s, e, l) in &sys {
            let c = counts.entry(l).or_default();
            if gold.iter().any(|g| g.0 == s && g.1 == e && g.2 == l) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for g in &gold {
            if !sys.iter().any(|x| x.0 == g.0 && x.1 == g.1 && x.2 == g.2) {
                let l: &'static str = match g.2.as_str() {
                    "PER" => "PER",
                    "LOC" => "LOC",
                    _ => "ORG",
                };
                counts.entry(l).or_default().fn_ += 1;
            }
        }
        sentence.clear();
    };
    for line in data.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut sentence, &mut report);
            continue;
        }
        let mut parts = line.split('\t');
        let tok = parts.next().unwrap_or("").to_string();
        let tag = parts.next().unwrap_or("O").trim().to_string();
        sentence.push((tok, tag));
    }
    flush(&mut sentence, &mut report);
    if report.sentences == 0 {
        return Err(EvalError::Empty(show));
    }
    let mut micro = Prf::default();
    for (l, c) in counts {
        micro.tp += c.tp;
        micro.fp += c.fp;
        micro.fn_ += c.fn_;
        report.by_label.insert(l.to_string(), c.finish());
    }
    report.micro = micro.finish();
    Ok(report)
}

/// Toponym resolution on GeoWebNews: share of gold toponyms resolved within 161 km.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GeoReport {
    pub documents: usize,
    /// Gold toponyms with a location the evaluation can place (coordinates, or a GeoNames id
    /// found in the packs' tables).
    pub toponyms: usize,
    /// Gold toponyms whose GeoNames id is not in the packs' tables (not scored).
    pub unplaceable: usize,
    /// Toponyms the tagger found a mention for (any overlapping entity with coordinates).
    pub recognised: usize,
    /// Toponyms resolved within 161 km of the gold point.
    pub within_161km: usize,
    /// `within_161km / toponyms`.
    pub accuracy_161km: f64,
    /// `within_161km / recognised`: resolution quality on what was recognised.
    pub accuracy_recognised: f64,
}

/// The brat types of GeoWebNews that are toponyms (the others are expressions, non-toponyms,
/// demonyms, languages).
const TOPONYM_TYPES: &[&str] = &[
    "Literal",
    "Metonymic",
    "Mixed",
    "Literal_Modifier",
    "Non_Literal_Modifier",
    "Embedded_Literal",
    "Embedded_Non_Lit",
    "Coercion",
];

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Scores toponym resolution on a GeoWebNews folder of brat `N.txt`/`N.ann` pairs: each
/// document is tagged as English, each gold toponym is resolved to the coordinates of the
/// entity overlapping it (a place's own point, a country's capital), and counted when within
/// 161 km (100 miles) of the gold point.
pub fn eval_geo(tagger: &ActorTagger, dir: &Path) -> Result<GeoReport, EvalError> {
    let show = |p: &Path| p.display().to_string();
    let rd = std::fs::read_dir(dir).map_err(|e| EvalError::Io(show(dir), e))?;
    let mut anns: Vec<std::path::PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let t = tagger.tables();
    let gn: HashMap<&str, (f64, f64)> = t
        .places
        .iter()
        .filter_map(|p| p.id.strip_prefix("gn:").map(|id| (id, (p.lat, p.lon))))
        .collect();
    let country_gn: HashMap<String, (f64, f64)> = t
        .countries
        .iter()
        .filter_map(|c| Some((c.geonameid.clone()?, (c.centroid_lat?, c.centroid_lon?))))
        .collect();
    let capital_point: HashMap<&str, (f64, f64)> = t
        .countries
        .iter()
        .filter_map(|c| Some((c.alpha3.as_str(), c.lat.zip(c.lon)?)))
        .collect();
    let country_point: HashMap<&str, (f64, f64)> = t
        .countries
        .iter()
        .filter_map(|c| {
            let p = c.centroid_lat.zip(c.centroid_lon).or(c.lat.zip(c.lon))?;
            Some((c.alpha3.as_str(), p))
        })
        .collect();
    let mut r = GeoReport::default();
    for ann in anns {
        let txt = ann.with_extension("txt");
        let text = std::fs::read_to_string(&txt).map_err(|e| EvalError::Io(show(&txt), e))?;
        let a = std::fs::read_to_string(&ann).map_err(|e| EvalError::Io(show(&ann), e))?;
        r.documents += 1;
        let mut spans: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut notes: HashMap<&str, &str> = HashMap::new();
        for line in a.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            if cols[0].starts_with('T') {
                let mut f = cols[1].split(' ');
                let (ty, s, e) = (f.next(), f.next(), f.next());
                if let (Some(ty), Some(s), Some(e)) = (ty, s, e) {
                    if TOPONYM_TYPES.contains(&ty) {
                        if let (Ok(s), Ok(e)) = (s.parse(), e.parse()) {
                            spans.insert(cols[0], (s, e));
                        }
                    }
                }
            } else if cols[0].starts_with('#') && cols.len() >= 3 {
                if let Some(tid) = cols[1].strip_prefix("AnnotatorNotes ") {
                    notes.insert(tid, cols[2].trim());
                }
            }
        }
        let mut doc = Document::new("geo", text);
        doc.lang = Some("en".into());
        tagger.annotate(&mut doc);
        for (tid, (s, e)) in spans {
            let Some(note) = notes.get(tid) else { continue };
            let gold = if let Some((la, lo)) = note.split_once(',') {
                la.trim().parse().ok().zip(lo.trim().parse().ok())
            } else {
                gn.get(note)
                    .copied()
                    .or_else(|| country_gn.get(*note).copied())
            };
            let Some(gold) = gold else {
                r.unplaceable += 1;
                continue;
            };
            r.toponyms += 1;
            // GeoWebNews offsets are in characters; map them to bytes.
            let (bs, be) = char_to_byte(&doc.text, s, e);
            let found = doc
                .entities
                .iter()
                .filter(|x| (x.span.start as usize) < be && bs < x.span.end as usize)
                .find_map(|x| match (x.lat, x.lon) {
                    (Some(la), Some(lo)) => Some((la, lo)),
                    _ if x
                        .note
                        .as_deref()
                        .is_some_and(|n| n.starts_with("metonym: capital")) =>
                    {
                        x.country
                            .as_deref()
                            .and_then(|c| capital_point.get(c).copied())
                    }
                    _ if matches!(x.kind, EntityKind::Country) => x
                        .country
                        .as_deref()
                        .and_then(|c| country_point.get(c).copied()),
                    _ => None,
                });
            if let Some(p) = found {
                r.recognised += 1;
                if haversine_km(p, gold) <= 161.0 {
                    r.within_161km += 1;
                }
            }
        }
    }
    if r.toponyms == 0 {
        return Err(EvalError::Empty(show(dir)));
    }
    r.accuracy_161km = r.within_161km as f64 / r.toponyms as f64;
    r.accuracy_recognised = r.within_161km as f64 / r.recognised.max(1) as f64;
    Ok(r)
}

fn char_to_byte(text: &str, s: usize, e: usize) -> (usize, usize) {
    let mut bs = text.len();
    let mut be = text.len();
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        if ci == s {
            bs = bi;
        }
        if ci == e {
            be = bi;
            break;
        }
    }
    (bs, be)
}
