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
    // A national team named by its noun ("la nazionale italiana") too, a region's
    // government ("la regione Lombardia") and the institution a title names ("il presidente
    // del consiglio").
    if note.starts_with("bare institution")
        || note.starts_with("composed: institution")
        || note.starts_with("institution named in a title")
        || note.strip_prefix("rule: ").is_some_and(|r| {
            r.starts_with(crate::orgs::SQUAD_RULE)
                || r.starts_with(crate::orgs::REGION_RULE)
                || r.starts_with(crate::orgs::TOWN_RULE)
        })
    {
        return Some("ORG");
    }
    // (A name may start with a digit: "il 118", the emergency service, is a name.)
    if surface.chars().next().is_none_or(char::is_lowercase) {
        // A place widened over its lower-case head ("provincia di Milano", "via Roma",
        // "piazza Cavour") is one LOC mention in KIND, head included; so is a road named by
        // its class and number ("strada statale 16"), which holds no capital.
        let place = matches!(e.kind, EntityKind::Place | EntityKind::Country);
        let named = surface
            .chars()
            .any(|c| c.is_uppercase() || c.is_ascii_digit());
        return (place && named).then_some("LOC");
    }
    if note.starts_with("composed") || note.starts_with("title") || note.starts_with("pair") {
        return None;
    }
    // KIND tags a country acting ("l'Italia ha chiesto") as ORG; capitals stay LOC there.
    if note.starts_with("metonym: country") || note.starts_with(crate::orgs::TEAM_NOTE) {
        return Some("ORG");
    }
    Some(match e.kind {
        EntityKind::Person => "PER",
        EntityKind::Country | EntityKind::Place => "LOC",
        EntityKind::Org | EntityKind::Media | EntityKind::Group => "ORG",
    })
}

/// How many preceding sentences of the file are tagged with each sentence as its article
/// context. KIND keeps each Wikinews article's sentences in order, so a sentence's
/// predecessors are mostly its own article's: the later "Letta" of "Enrico Letta" is found by
/// coreference as it is in a whole article. Only the sentence itself is scored; across an
/// article boundary the context is another article's, which costs little (a surname rarely
/// recurs by chance).
pub const NER_CONTEXT_SENTENCES: usize = 5;

/// Scores the tagger as a named-entity recogniser on a BIO file (token TAB tag, blank line
/// between sentences), exact spans, labels PER/LOC/ORG. Each sentence (tokens joined by single
/// spaces) is tagged as Italian with no publication date, after its
/// [`NER_CONTEXT_SENTENCES`] predecessors as context; only its own mentions are scored.
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
    eval_ner_context(tagger, path, lang, NER_CONTEXT_SENTENCES, each)
}

/// [`eval_ner_with`] with `context` preceding sentences as each sentence's article context (0:
/// every sentence alone).
pub fn eval_ner_context(
    tagger: &ActorTagger,
    path: &Path,
    lang: &str,
    context: usize,
    each: NerVisitor<'_>,
) -> Result<NerReport, EvalError> {
    let mut before: std::collections::VecDeque<String> = std::collections::VecDeque::new();
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
        // The context sentences, one a line, then the scored sentence at `off`.
        let mut full =
            String::with_capacity(text.len() + before.iter().map(|b| b.len() + 1).sum::<usize>());
        for b in &before {
            full.push_str(b);
            full.push('\n');
        }
        let off = full.len();
        full.push_str(&text);
        let mut doc = Document::new("ner", full);
        doc.lang = Some(lang.to_string());
        tagger.annotate(&mut doc);
        let sys: Vec<(usize, usize, &'static str)> = doc
            .entities
            .iter()
            .filter(|e| e.span.start as usize >= off)
            .filter_map(|e| {
                ner_label(e, &doc.text)
                    .map(|l| (e.span.start as usize - off, e.span.end as usize - off, l))
            })
            .collect();
        let sys_spans: Vec<NerSpan> = sys.iter().map(|x| (x.0, x.1, x.2.to_string())).collect();
        each(&text, &gold, &sys_spans);
        if context > 0 {
            if before.len() == context {
                before.pop_front();
            }
            before.push_back(text);
        }
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
    /// Where the gold points come from: `"GWN.xml"` (the dataset's own coordinates for every
    /// toponym, as the GeoWebNews papers score) or `"brat+tables"` (GeoNames ids looked up in
    /// the packs' tables, when the XML is absent).
    pub gold_source: String,
    /// Every gold toponym (the denominator of `accuracy_161km`).
    pub toponyms: usize,
    /// Gold toponyms whose point the evaluation cannot know (no coordinates in the XML, or with
    /// brat only a GeoNames id missing from the packs' tables). They count as misses.
    pub unplaceable: usize,
    /// Toponyms the tagger found a mention for (any overlapping entity with coordinates).
    pub recognised: usize,
    /// Toponyms resolved within 161 km of the gold point.
    pub within_161km: usize,
    /// Of the recognised toponyms, those whose entity names the same GeoNames feature as the
    /// gold (a country's or a city's geonameid): scored at the gold point itself.
    pub same_feature: usize,
    /// Toponyms within 161 km when every entity is scored at the point our tables give it, even
    /// where it names the gold's own feature: the figure without the `same_feature` rule, kept
    /// beside it so the rule's effect is visible.
    pub within_161km_own_point: usize,
    /// `within_161km / toponyms`: the share of ALL gold toponyms resolved within 161 km.
    pub accuracy_161km: f64,
    /// `within_161km / (toponyms - unplaceable)`: the share over toponyms with a known point.
    pub accuracy_placeable: f64,
    /// `within_161km / recognised`: resolution quality on what was recognised.
    pub accuracy_recognised: f64,
    /// `within_161km_own_point / toponyms`.
    pub accuracy_161km_own_point: f64,
    /// The same counts per GeoWebNews toponym type.
    pub by_type: std::collections::BTreeMap<String, GeoTally>,
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

/// A gold toponym: character span in the brat text file, its GeoWebNews type, its point if
/// known, and its GeoNames id if the annotators linked one.
struct GoldToponym {
    start: usize,
    end: usize,
    kind: String,
    point: Option<(f64, f64)>,
    geonameid: Option<String>,
}

/// One gold toponym as the evaluation saw it, for error analysis.
#[derive(Debug, Clone)]
pub struct GeoCase<'a> {
    /// The toponym's text.
    pub surface: &'a str,
    /// Its GeoWebNews type (`Literal`, `Metonymic`, `Non_Literal_Modifier`, ...).
    pub kind: &'a str,
    /// The gold point, when the gold has one.
    pub gold: Option<(f64, f64)>,
    /// The canonical name of the entity that resolved it, if one did.
    pub name: Option<&'a str>,
    /// The point that entity resolved it to.
    pub point: Option<(f64, f64)>,
    /// When nothing resolved it: the first entity overlapping the toponym (kind and note), if
    /// any (a person's title, an organisation without a place).
    pub overlapping: Option<String>,
    /// The article's text around the toponym (a line's worth either side), to read the
    /// construction that named it.
    pub context: &'a str,
    /// The article's file stem.
    pub document: &'a str,
}

/// Toponyms and resolved ones of one GeoWebNews type.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GeoTally {
    pub toponyms: usize,
    pub within_161km: usize,
}

/// The text between the first `<tag>` and its `</tag>` in `s`, if any.
fn xml_field<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let a = s.find(&open)? + open.len();
    let b = s[a..].find(&close)? + a;
    Some(&s[a..b])
}

fn xml_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Reads GeoWebNews's `GWN.xml` (the dataset's own release, with coordinates for every
/// toponym): article file number → body text and toponyms (character offsets into the body).
/// A small scanner rather than an XML crate: the file's layout is fixed and flat.
fn read_gwn_xml(xml: &str) -> HashMap<String, (String, Vec<GoldToponym>)> {
    let mut out = HashMap::new();
    for art in xml.split("<article file=\"").skip(1) {
        let Some((file, rest)) = art.split_once('"') else {
            continue;
        };
        let body = xml_field(rest, "text")
            .map(xml_unescape)
            .unwrap_or_default();
        let mut tops = Vec::new();
        for t in rest.split("<toponym>").skip(1) {
            let ty = xml_field(t, "type").unwrap_or("");
            if !TOPONYM_TYPES.contains(&ty) {
                continue;
            }
            let num = |tag| xml_field(t, tag).and_then(|v| v.trim().parse::<f64>().ok());
            let (Some(s), Some(e)) = (num("start"), num("end")) else {
                continue;
            };
            let gid = xml_field(t, "geonamesID")
                .map(str::trim)
                .filter(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string);
            tops.push(GoldToponym {
                start: s as usize,
                end: e as usize,
                kind: ty.to_string(),
                point: num("latitude").zip(num("longitude")),
                geonameid: gid,
            });
        }
        out.insert(file.to_string(), (body, tops));
    }
    out
}

/// Scores toponym resolution on a GeoWebNews folder of brat `N.txt`/`N.ann` pairs: each
/// document is tagged as English, each gold toponym is resolved to the coordinates of the
/// entity overlapping it (a place's own point, a country's capital), and counted when within
/// 161 km (100 miles) of the gold point. Gold points come from the dataset's `GWN.xml` (in the
/// folder or its parent) when present, so every toponym is scored; otherwise from the brat
/// notes (coordinates, or GeoNames ids looked up in the packs' tables, unknown ids counting as
/// misses).
pub fn eval_geo(tagger: &ActorTagger, dir: &Path) -> Result<GeoReport, EvalError> {
    eval_geo_with(tagger, dir, &mut |_| {})
}

/// A callback over each gold toponym as scored.
pub type GeoVisitor<'a> = &'a mut dyn FnMut(&GeoCase<'_>);

/// [`eval_geo`], calling `each` with every gold toponym (for error analysis).
pub fn eval_geo_with(
    tagger: &ActorTagger,
    dir: &Path,
    each: GeoVisitor<'_>,
) -> Result<GeoReport, EvalError> {
    let show = |p: &Path| p.display().to_string();
    let rd = std::fs::read_dir(dir).map_err(|e| EvalError::Io(show(dir), e))?;
    let mut anns: Vec<std::path::PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let xml_path = [dir.join("GWN.xml"), dir.join("..").join("GWN.xml")]
        .into_iter()
        .find(|p| p.is_file());
    let xml = match &xml_path {
        Some(p) => {
            let x = std::fs::read_to_string(p).map_err(|e| EvalError::Io(show(p), e))?;
            Some(read_gwn_xml(&x))
        }
        None => None,
    };
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
    let country_of: HashMap<&str, &crate::tables::Country> =
        t.countries.iter().map(|c| (c.alpha3.as_str(), c)).collect();
    let place_of: HashMap<&str, &crate::tables::Place> =
        t.places.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut r = GeoReport {
        gold_source: if xml.is_some() {
            "GWN.xml"
        } else {
            "brat+tables"
        }
        .to_string(),
        ..GeoReport::default()
    };
    for ann in anns {
        let txt = ann.with_extension("txt");
        let text = std::fs::read_to_string(&txt).map_err(|e| EvalError::Io(show(&txt), e))?;
        r.documents += 1;
        let stem = ann
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let gold: Vec<GoldToponym> = match xml.as_ref().and_then(|x| x.get(&stem)) {
            Some((body, tops)) => {
                // The XML's offsets count characters from the body, which the brat text
                // repeats after a title line.
                let shift = text
                    .find(body.as_str())
                    .map_or(0, |b| text[..b].chars().count());
                tops.iter()
                    .map(|g| GoldToponym {
                        start: g.start + shift,
                        end: g.end + shift,
                        kind: g.kind.clone(),
                        point: g.point,
                        geonameid: g.geonameid.clone(),
                    })
                    .collect()
            }
            None => {
                let a = std::fs::read_to_string(&ann).map_err(|e| EvalError::Io(show(&ann), e))?;
                brat_gold(&a, &gn, &country_gn)
            }
        };
        let mut doc = Document::new("geo", text);
        doc.lang = Some("en".into());
        tagger.annotate(&mut doc);
        for g in gold {
            r.toponyms += 1;
            r.by_type.entry(g.kind.clone()).or_default().toponyms += 1;
            // GeoWebNews offsets are in characters; map them to bytes.
            let (bs, be) = char_to_byte(&doc.text, g.start, g.end);
            let overlapping = || {
                doc.entities
                    .iter()
                    .find(|x| (x.span.start as usize) < be && bs < x.span.end as usize)
                    .map(|x| format!("{:?} {}", x.kind, x.note.as_deref().unwrap_or("")))
            };
            let mut case = GeoCase {
                surface: &doc.text[bs..be],
                kind: &g.kind,
                gold: g.point,
                name: None,
                point: None,
                overlapping: None,
                context: around(&doc.text, bs, be, 60),
                document: &stem,
            };
            let Some(gold) = g.point else {
                r.unplaceable += 1;
                case.overlapping = overlapping();
                each(&case);
                continue;
            };
            let gold_id = g.geonameid.as_deref();
            let found = doc
                .entities
                .iter()
                .filter(|x| (x.span.start as usize) < be && bs < x.span.end as usize)
                .find_map(|x| {
                    // The point the entity stands for, and the GeoNames feature it names.
                    let (p, feature) = match (x.lat, x.lon) {
                        (Some(la), Some(lo)) => (
                            Some((la, lo)),
                            x.id.as_deref().and_then(|i| i.strip_prefix("gn:")),
                        ),
                        _ if x.note.as_deref().is_some_and(|n| {
                            // A capital or a seat of power (White House, Kremlin) standing
                            // for its government: as a place, it is in the capital.
                            n.starts_with("metonym: capital")
                                || n.starts_with("metonym: seat of power")
                        }) =>
                        {
                            let c = x.country.as_deref().and_then(|c| country_of.get(c));
                            (
                                c.and_then(|c| c.lat.zip(c.lon)),
                                c.and_then(|c| c.capital_geonameid.as_deref())
                                    .and_then(|g| g.strip_prefix("gn:")),
                            )
                        }
                        // An organisation that is a territory ("EU") or whose name carries a
                        // place ("University of California"): its note names the place.
                        _ if x
                            .note
                            .as_deref()
                            .and_then(crate::places::place_in_note)
                            .is_some_and(|id| place_of.contains_key(id)) =>
                        {
                            let id = x.note.as_deref().and_then(crate::places::place_in_note);
                            let pl = id.and_then(|id| place_of.get(id));
                            (
                                pl.map(|p| (p.lat, p.lon)),
                                id.and_then(|i| i.strip_prefix("gn:")),
                            )
                        }
                        // A country, or a name or composed actor that only says which country
                        // ("Russian" in "Russian troops", "US Federal Reserve"): the country.
                        // A person's citizenship is no resolution of a toponym.
                        _ if !matches!(x.kind, EntityKind::Person) => {
                            let c = x.country.as_deref().and_then(|c| country_of.get(c));
                            (
                                c.and_then(|c| {
                                    c.centroid_lat.zip(c.centroid_lon).or(c.lat.zip(c.lon))
                                }),
                                c.and_then(|c| c.geonameid.as_deref()),
                            )
                        }
                        _ => (None, None),
                    };
                    p.map(|p| (x.name.as_deref().unwrap_or(""), p, feature))
                });
            // A country adjective opening a title before a name ("Russian Foreign Minister
            // Sergei Lavrov"): the person's note records the adjective's country and span.
            let found = found.or_else(|| {
                doc.entities.iter().find_map(|x| {
                    let (c, s, e) = x
                        .note
                        .as_deref()
                        .and_then(crate::places::title_adjective_in_note)?;
                    if !(s < be && bs < e) {
                        return None;
                    }
                    let c = country_of.get(c)?;
                    let p = c.centroid_lat.zip(c.centroid_lon).or(c.lat.zip(c.lon))?;
                    Some((c.name_en.as_str(), p, c.geonameid.as_deref()))
                })
            });
            // The entity names the very GeoNames feature the gold names (a country's own
            // geonameid, a city's): that is its point, whichever representative point our
            // tables keep for it (a country's point is a convention: GeoNames puts the United
            // States at 39.76,-98.5, the World Factbook at 38,-97, 235 km apart).
            let own_point = found.map(|f| f.1);
            let found = found.map(|(n, p, f)| {
                let same = f.is_some() && f == gold_id;
                if same {
                    r.same_feature += 1;
                }
                (n, if same { gold } else { p })
            });
            if own_point.is_some_and(|p| haversine_km(p, gold) <= 161.0) {
                r.within_161km_own_point += 1;
            }
            case.name = found.map(|f| f.0);
            case.point = found.map(|f| f.1);
            if found.is_none() {
                case.overlapping = overlapping();
            }
            each(&case);
            if let Some((_, p)) = found {
                r.recognised += 1;
                if haversine_km(p, gold) <= 161.0 {
                    r.within_161km += 1;
                    if let Some(t) = r.by_type.get_mut(&g.kind) {
                        t.within_161km += 1;
                    }
                }
            }
        }
    }
    if r.toponyms == 0 {
        return Err(EvalError::Empty(show(dir)));
    }
    r.accuracy_161km = r.within_161km as f64 / r.toponyms as f64;
    r.accuracy_placeable = r.within_161km as f64 / (r.toponyms - r.unplaceable).max(1) as f64;
    r.accuracy_recognised = r.within_161km as f64 / r.recognised.max(1) as f64;
    r.accuracy_161km_own_point = r.within_161km_own_point as f64 / r.toponyms as f64;
    Ok(r)
}

/// `text[start..end]` widened by about `width` bytes each side, on character boundaries.
fn around(text: &str, start: usize, end: usize, width: usize) -> &str {
    let mut a = start.saturating_sub(width);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + width).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    &text[a..b]
}

/// Gold toponyms of one brat `.ann` file: toponym-typed spans with their AnnotatorNotes
/// (coordinates "lat,lon" or a GeoNames id looked up in the packs' tables).
fn brat_gold(
    a: &str,
    gn: &HashMap<&str, (f64, f64)>,
    country_gn: &HashMap<String, (f64, f64)>,
) -> Vec<GoldToponym> {
    let mut spans: Vec<(&str, &str, usize, usize)> = Vec::new();
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
                        spans.push((cols[0], ty, s, e));
                    }
                }
            }
        } else if cols[0].starts_with('#') && cols.len() >= 3 {
            if let Some(tid) = cols[1].strip_prefix("AnnotatorNotes ") {
                notes.insert(tid, cols[2].trim());
            }
        }
    }
    spans
        .into_iter()
        .map(|(tid, ty, s, e)| {
            let point = notes.get(tid).and_then(|note| {
                if let Some((la, lo)) = note.split_once(',') {
                    la.trim().parse().ok().zip(lo.trim().parse().ok())
                } else {
                    gn.get(note)
                        .copied()
                        .or_else(|| country_gn.get(*note).copied())
                }
            });
            let gid = notes
                .get(tid)
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .map(|n| n.to_string());
            GoldToponym {
                start: s,
                end: e,
                kind: ty.to_string(),
                point,
                geonameid: gid,
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "TITLE: News LINK: http://x\nFighting near Moscow and in Zarquonville today.";
    const BODY: &str = "Fighting near Moscow and in Zarquonville today.";

    fn write(dir: &Path, xml: bool) {
        std::fs::write(dir.join("0.txt"), TEXT).unwrap();
        // Brat offsets count from the start of the text file (after the title line).
        let ann = "T1\tLiteral 41 47\tMoscow\n#1\tAnnotatorNotes T1\t524901\n\
                   T2\tLiteral 55 67\tZarquonville\n#2\tAnnotatorNotes T2\t999999999\n\
                   T3\tLiteral_Expression 68 73\ttoday\n";
        std::fs::write(dir.join("0.ann"), ann).unwrap();
        if xml {
            let x = format!(
                "<articles>\n\t<article file=\"0\">\n\t\t<text>{BODY}</text>\n\t\t<toponyms>\n\
                 <toponym><extractedName>Moscow</extractedName><type>Literal</type>\
                 <start>14</start><end>20</end><geonamesID>524901</geonamesID>\
                 <latitude>55.75222</latitude><longitude>37.61556</longitude></toponym>\n\
                 <toponym><extractedName>Zarquonville</extractedName><type>Literal</type>\
                 <start>28</start><end>40</end><geonamesID/>\
                 <latitude>10.0</latitude><longitude>10.0</longitude></toponym>\n\
                 <toponym><extractedName>today</extractedName><type>Literal_Expression</type>\
                 <start>41</start><end>46</end></toponym>\n\
                 </toponyms>\n\t</article>\n</articles>\n"
            );
            std::fs::write(dir.join("GWN.xml"), x).unwrap();
        }
    }

    #[test]
    fn xml_gold_scores_every_toponym() {
        let packs = annalist_lang::Packs::embedded().unwrap();
        let tagger = ActorTagger::new(&packs).unwrap();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), true);
        let r = eval_geo(&tagger, dir.path()).unwrap();
        assert_eq!(r.gold_source, "GWN.xml");
        // Moscow resolved, the unknown town counted (the expression "today" is not a toponym).
        assert_eq!((r.toponyms, r.unplaceable, r.within_161km), (2, 0, 1));
        assert!((r.accuracy_161km - 0.5).abs() < 1e-9);
    }

    #[test]
    fn brat_gold_counts_unknown_ids_as_misses() {
        let packs = annalist_lang::Packs::embedded().unwrap();
        let tagger = ActorTagger::new(&packs).unwrap();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), false);
        let r = eval_geo(&tagger, dir.path()).unwrap();
        assert_eq!(r.gold_source, "brat+tables");
        assert_eq!((r.toponyms, r.unplaceable, r.within_161km), (2, 1, 1));
        assert!((r.accuracy_161km - 0.5).abs() < 1e-9);
        assert!((r.accuracy_placeable - 1.0).abs() < 1e-9);
    }

    /// The NER labels of the composed actors of an Italian sentence, by surface.
    fn composed_labels(text: &str) -> Vec<(String, Option<&'static str>)> {
        let packs = annalist_lang::Packs::embedded().unwrap();
        let tagger = ActorTagger::new(&packs).unwrap();
        let mut doc = Document::new("t", text.to_string());
        doc.lang = Some("it".into());
        tagger.annotate(&mut doc);
        doc.entities
            .iter()
            .filter(|e| e.note.as_deref().is_some_and(|n| n.starts_with("composed")))
            .map(|e| (e.text.clone(), ner_label(e, &doc.text)))
            .collect()
    }

    #[test]
    fn a_composed_only_institution_is_an_org_with_its_demonym() {
        let got = composed_labels(
            "Ieri l'ambasciata francese ha chiuso e le forze armate italiane sono partite.",
        );
        assert!(
            got.contains(&("ambasciata francese".into(), Some("ORG"))),
            "{got:?}"
        );
        assert!(
            got.contains(&("forze armate italiane".into(), Some("ORG"))),
            "{got:?}"
        );
        // A sector noun of no institution stays no name ("truppe russe"), and "forze" alone
        // is not "forze armate".
        let got = composed_labels("Ieri le truppe russe e le forze italiane sono partite.");
        assert!(got.contains(&("truppe russe".into(), None)), "{got:?}");
        assert!(got.contains(&("forze italiane".into(), None)), "{got:?}");
    }
}
