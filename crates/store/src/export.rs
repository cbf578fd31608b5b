//! Exports: JSON Lines (documents as stored, or events with mentions), CSV and a GDELT-2-like TSV.
//!
//! All writers stream: events are read a page at a time, documents one at a time.

use std::io::Write;

use crate::error::Result;
use crate::query::{ActorRef, Query, StoredEvent};
use crate::Store;

/// Columns of [`Store::export_gdelt`], in order, with what each holds. The first ones follow
/// GDELT 2.0's event table names and meanings; the last ones are annalist's own.
pub const GDELT_COLUMNS: &[(&str, &str)] = &[
    ("GlobalEventID", "annalist event id (stable within one database)"),
    ("Day", "YYYYMMDD: first day of the event's date interval (not the publication day)"),
    ("MonthYear", "YYYYMM of Day"),
    ("Year", "YYYY of Day"),
    ("Actor1Code", "first source actor: its CAMEO code, else country + sector"),
    ("Actor1Name", "first source actor's canonical name"),
    ("Actor1CountryCode", "ISO 3166-1 alpha-3 (IGO for international organisations)"),
    ("Actor1Type1Code", "PLOVER sector (GOV, MIL, …)"),
    ("Actor2Code", "first target actor, as Actor1Code"),
    ("Actor2Name", "first target actor's canonical name"),
    ("Actor2CountryCode", "as Actor1CountryCode"),
    ("Actor2Type1Code", "as Actor1Type1Code"),
    ("EventCode", "full CAMEO code"),
    ("EventBaseCode", "first three digits of the CAMEO code"),
    ("EventRootCode", "first two digits of the CAMEO code"),
    ("QuadClass", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict (from the CAMEO root)"),
    ("GoldsteinScale", "Goldstein value of the CAMEO code, -10 … +10"),
    ("NumMentions", "sentences stating the event, over all articles"),
    ("NumSources", "distinct outlets reporting it"),
    ("NumArticles", "articles reporting it"),
    ("ActionGeo_FullName", "the place the event happened, as written"),
    ("ActionGeo_CountryCode", "ISO 3166-1 alpha-3 of that place"),
    ("ActionGeo_Lat", "latitude"),
    ("ActionGeo_Long", "longitude"),
    ("ActionGeo_FeatureID", "place id (GeoNames / Wikidata / pack id)"),
    ("SOURCEURL", "URL of the earliest-published reporting article"),
    ("EventType", "annalist: PLOVER event type"),
    ("Mode", "annalist: PLOVER mode"),
    ("DatePrecision", "annalist: precision of the event date (day, month, year, …)"),
    ("Actor1Count", "annalist: number of source actors (compound actors beyond the first are in the JSON export)"),
    ("Actor2Count", "annalist: number of target actors"),
];

const PAGE: usize = 500;

/// GDELT's QuadClass from a CAMEO code's two-digit root.
fn quad_class(root: &str) -> Option<u8> {
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// A TSV field: tabs and line breaks would break the row.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(clean).unwrap_or_default()
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn actor_code(a: &ActorRef) -> String {
    match (&a.cameo, &a.country) {
        (Some(c), _) => c.clone(),
        (None, Some(c)) => format!("{c}{}", a.sector.as_deref().unwrap_or("")),
        (None, None) => a.sector.clone().unwrap_or_default(),
    }
}

fn joined(side: &[ActorRef], f: impl Fn(&ActorRef) -> Option<String>) -> String {
    side.iter()
        .map(|a| f(a).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("; ")
}

fn distinct(values: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = values.filter(|s| !s.is_empty()).collect();
    v.sort();
    v.dedup();
    v.join("; ")
}

/// The type of a column of the event table ([`EVENT_COLUMNS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A whole number, always present.
    Int,
    /// A real number, possibly absent.
    Float,
    /// Text, possibly absent unless the column is `required`.
    Text,
}

/// One column of the one-row-per-event exports (CSV, Parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventColumn {
    pub name: &'static str,
    pub kind: ColumnKind,
    /// Never absent (Parquet `REQUIRED`).
    pub required: bool,
    pub meaning: &'static str,
}

const fn col(name: &'static str, kind: ColumnKind, meaning: &'static str) -> EventColumn {
    EventColumn {
        name,
        kind,
        required: matches!(kind, ColumnKind::Int),
        meaning,
    }
}

use ColumnKind::{Float, Int, Text};

/// Columns of [`Store::export_events_csv`] and of the Parquet export, in order: defined once
/// here, with [`event_cells`] giving one event's values in the same order. Lists (actors,
/// outlets, what mentions say) are `; `-joined text.
pub const EVENT_COLUMNS: [EventColumn; 29] = [
    col("id", Int, "annalist event id (stable within one database)"),
    col(
        "date",
        Text,
        "TIMEX3 value of the most precise date reported",
    ),
    col("date_precision", Text, "day, month, season, year, …"),
    col("date_from", Text, "first day of the date interval (ISO)"),
    col("date_to", Text, "last day of the date interval (ISO)"),
    EventColumn {
        required: true,
        ..col("event_type", Text, "PLOVER event type")
    },
    col("mode", Text, "PLOVER mode"),
    col("cameo", Text, "CAMEO code"),
    col("goldstein", Float, "Goldstein value, -10 … +10"),
    col("source_names", Text, "source actors' canonical names"),
    col("source_ids", Text, "source actors' Wikidata/pack ids"),
    col(
        "source_countries",
        Text,
        "source actors' ISO 3166-1 alpha-3 codes",
    ),
    col("source_sectors", Text, "source actors' PLOVER sectors"),
    col("target_names", Text, "target actors' canonical names"),
    col("target_ids", Text, "target actors' Wikidata/pack ids"),
    col(
        "target_countries",
        Text,
        "target actors' ISO 3166-1 alpha-3 codes",
    ),
    col("target_sectors", Text, "target actors' PLOVER sectors"),
    col("location", Text, "the place the event happened, as written"),
    col("location_country", Text, "ISO 3166-1 alpha-3 of that place"),
    col("lat", Float, "latitude"),
    col("lon", Float, "longitude"),
    col(
        "num_mentions",
        Int,
        "sentences stating the event, over all articles",
    ),
    col("num_articles", Int, "articles reporting it"),
    col("num_sources", Int, "distinct outlets reporting it"),
    col("outlets", Text, "distinct outlets reporting it"),
    col("modalities", Text, "distinct modalities of its mentions"),
    col(
        "attributions",
        Text,
        "distinct sources the articles attribute it to",
    ),
    col(
        "quantities",
        Text,
        "distinct quantities the articles report (~ approximate)",
    ),
    col(
        "first_url",
        Text,
        "URL of the earliest-published reporting article",
    ),
];

/// One value of an event row, typed as its [`EventColumn`] says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Int(i64),
    Float(Option<f64>),
    Text(Option<String>),
}

impl Cell {
    /// The CSV form: an absent value is an empty field.
    fn to_text(&self) -> String {
        match self {
            Cell::Int(v) => v.to_string(),
            Cell::Float(v) => num(*v),
            Cell::Text(v) => v.clone().unwrap_or_default(),
        }
    }
}

/// Text that is absent when empty (an event without target actors has no target names).
fn some(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// One event's values in the order of [`EVENT_COLUMNS`].
pub(crate) fn event_cells(e: &StoredEvent) -> [Cell; EVENT_COLUMNS.len()] {
    let m = &e.mentions;
    let text = |s: &Option<String>| Cell::Text(s.as_deref().map(clean));
    let side = |v: &[ActorRef], f: fn(&ActorRef) -> Option<String>| Cell::Text(some(joined(v, f)));
    [
        Cell::Int(e.id),
        text(&e.date),
        text(&e.date_precision),
        text(&e.date_from),
        text(&e.date_to),
        Cell::Text(Some(e.event_type.clone())),
        text(&e.mode),
        text(&e.cameo),
        Cell::Float(e.goldstein),
        side(&e.source, |a| a.name.clone()),
        side(&e.source, |a| a.id.clone()),
        side(&e.source, |a| a.country.clone()),
        side(&e.source, |a| a.sector.clone()),
        side(&e.target, |a| a.name.clone()),
        side(&e.target, |a| a.id.clone()),
        side(&e.target, |a| a.country.clone()),
        side(&e.target, |a| a.sector.clone()),
        text(&e.location),
        text(&e.location_country),
        Cell::Float(e.lat),
        Cell::Float(e.lon),
        Cell::Int(e.num_mentions),
        Cell::Int(e.num_articles),
        Cell::Int(e.num_sources),
        Cell::Text(some(distinct(m.iter().filter_map(|m| m.outlet.clone())))),
        Cell::Text(some(distinct(m.iter().map(|m| {
            serde_json::to_value(m.event.modality)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })))),
        Cell::Text(some(distinct(m.iter().filter_map(|m| {
            m.event.attribution.as_ref().map(|a| a.text.clone())
        })))),
        Cell::Text(some(distinct(m.iter().filter_map(|m| {
            m.event.quantity.as_ref().map(|q| {
                format!(
                    "{}{} {}",
                    if q.approximate { "~" } else { "" },
                    q.value,
                    q.unit.as_deref().unwrap_or("")
                )
                .trim_end()
                .to_string()
            })
        })))),
        Cell::Text(m.iter().find_map(|m| m.url.clone())),
    ]
}

impl Store {
    /// Calls `f` on every event matching `q` (its limit and offset respected; no limit means
    /// all), a page at a time.
    pub fn for_each_event(
        &self,
        q: &Query,
        mut f: impl FnMut(&StoredEvent) -> Result<()>,
    ) -> Result<u64> {
        let mut remaining = q.limit.unwrap_or(usize::MAX);
        let mut page = q.clone();
        let mut n = 0u64;
        while remaining > 0 {
            page.limit = Some(remaining.min(PAGE));
            let events = self.query(&page)?;
            for e in &events {
                f(e)?;
                n += 1;
            }
            if events.len() < page.limit.unwrap_or(PAGE) {
                break;
            }
            remaining -= events.len();
            page.offset += events.len();
        }
        Ok(n)
    }

    /// Every stored document as one JSON object per line (the event-format contract, tokens
    /// excepted). Returns the number of lines.
    pub fn export_documents_jsonl(&self, mut w: impl Write) -> Result<u64> {
        let mut n = 0;
        self.for_each_document(|d| {
            serde_json::to_writer(&mut w, &d).map_err(std::io::Error::from)?;
            w.write_all(b"\n")?;
            n += 1;
            Ok(())
        })?;
        w.flush()?;
        Ok(n)
    }

    /// Events matching `q`, one JSON object per line, each with its actors and mentions.
    pub fn export_events_jsonl(&self, q: &Query, mut w: impl Write) -> Result<u64> {
        let n = self.for_each_event(q, |e| {
            serde_json::to_writer(&mut w, e).map_err(std::io::Error::from)?;
            w.write_all(b"\n")?;
            Ok(())
        })?;
        w.flush()?;
        Ok(n)
    }

    /// Events matching `q` as CSV, one row per event, with the columns of [`EVENT_COLUMNS`];
    /// what differs between mentions (modalities, attributions, quantities, outlets) is listed,
    /// `; `-separated. An absent value is an empty field.
    pub fn export_events_csv(&self, q: &Query, w: impl Write) -> Result<u64> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(EVENT_COLUMNS.iter().map(|c| c.name))?;
        let n = self.for_each_event(q, |e| {
            out.write_record(event_cells(e).iter().map(Cell::to_text))?;
            Ok(())
        })?;
        out.flush()?;
        Ok(n)
    }

    /// Events matching `q` as a GDELT-2-like tab-separated table with a header row; the columns
    /// are [`GDELT_COLUMNS`].
    pub fn export_gdelt(&self, q: &Query, mut w: impl Write) -> Result<u64> {
        let header: Vec<&str> = GDELT_COLUMNS.iter().map(|(c, _)| *c).collect();
        writeln!(w, "{}", header.join("\t"))?;
        let n = self.for_each_event(q, |e| {
            let day = e
                .date_from
                .as_deref()
                .and_then(|d| d.get(0..10))
                .map(|d| d.replace('-', ""))
                .unwrap_or_default();
            let a1 = e.source.first();
            let a2 = e.target.first();
            let side = |a: Option<&ActorRef>| -> [String; 4] {
                match a {
                    Some(a) => [
                        clean(&actor_code(a)),
                        opt(&a.name),
                        opt(&a.country),
                        opt(&a.sector),
                    ],
                    None => Default::default(),
                }
            };
            let cameo = e.cameo.clone().unwrap_or_default();
            let root = cameo.get(0..2).unwrap_or("").to_string();
            let base = cameo.get(0..3).unwrap_or(&cameo).to_string();
            let mut row: Vec<String> = vec![
                e.id.to_string(),
                day.clone(),
                day.get(0..6).unwrap_or("").to_string(),
                day.get(0..4).unwrap_or("").to_string(),
            ];
            row.extend(side(a1));
            row.extend(side(a2));
            row.extend([
                clean(&cameo),
                clean(&base),
                clean(&root),
                quad_class(&root).map(|q| q.to_string()).unwrap_or_default(),
                num(e.goldstein),
                e.num_mentions.to_string(),
                e.num_sources.to_string(),
                e.num_articles.to_string(),
                opt(&e.location),
                opt(&e.location_country),
                num(e.lat),
                num(e.lon),
                opt(&e.location_id),
                clean(
                    &e.mentions
                        .iter()
                        .find_map(|m| m.url.clone())
                        .unwrap_or_default(),
                ),
                clean(&e.event_type),
                opt(&e.mode),
                opt(&e.date_precision),
                e.source.len().to_string(),
                e.target.len().to_string(),
            ]);
            debug_assert_eq!(row.len(), GDELT_COLUMNS.len());
            writeln!(w, "{}", row.join("\t"))?;
            Ok(())
        })?;
        w.flush()?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes_follow_cameo_roots() {
        assert_eq!(quad_class("04"), Some(1));
        assert_eq!(quad_class("07"), Some(2));
        assert_eq!(quad_class("11"), Some(3));
        assert_eq!(quad_class("19"), Some(4));
        assert_eq!(quad_class(""), None);
        assert_eq!(quad_class("21"), None);
    }

    /// A bare event and a full one: every value has its column's type, and required columns
    /// are never absent.
    #[test]
    fn event_cells_follow_the_column_types() {
        let bare = StoredEvent {
            id: 7,
            event_type: "CONSULT".into(),
            mode: None,
            cameo: None,
            goldstein: None,
            date: None,
            date_precision: None,
            date_from: None,
            date_to: None,
            location: None,
            location_id: None,
            location_country: None,
            lat: None,
            lon: None,
            source: Vec::new(),
            target: Vec::new(),
            num_mentions: 1,
            num_articles: 1,
            num_sources: 1,
            mentions: Vec::new(),
        };
        let full = StoredEvent {
            goldstein: Some(1.0),
            lat: Some(51.7),
            lon: Some(36.2),
            location: Some("Kursk\tregion".into()),
            source: vec![ActorRef {
                key: "Q7747".into(),
                id: Some("Q7747".into()),
                name: Some("Vladimir Putin".into()),
                kind: None,
                country: Some("RUS".into()),
                sector: None,
                cameo: None,
            }],
            ..bare.clone()
        };
        for e in [&bare, &full] {
            for (c, v) in EVENT_COLUMNS.iter().zip(event_cells(e)) {
                match (c.kind, &v) {
                    (ColumnKind::Int, Cell::Int(_))
                    | (ColumnKind::Float, Cell::Float(_))
                    | (ColumnKind::Text, Cell::Text(_)) => {}
                    _ => panic!("column {} holds {v:?}", c.name),
                }
                if c.required {
                    assert!(!matches!(v, Cell::Text(None)), "{} is required", c.name);
                }
            }
        }
        let cells = event_cells(&full);
        let at = |name: &str| EVENT_COLUMNS.iter().position(|c| c.name == name).unwrap();
        assert_eq!(cells[at("source_names")].to_text(), "Vladimir Putin");
        assert_eq!(cells[at("source_sectors")], Cell::Text(None));
        assert_eq!(cells[at("target_names")], Cell::Text(None));
        assert_eq!(cells[at("location")].to_text(), "Kursk region");
        assert_eq!(cells[at("lat")].to_text(), "51.7");
        assert_eq!(event_cells(&bare)[at("lat")].to_text(), "");
    }

    #[test]
    fn tsv_fields_never_break_rows() {
        assert_eq!(clean("a\tb\nc\rd"), "a b c d");
    }
}
