//! Reading events back: filters, evidence, aggregates.
//!
//! Every filter becomes a bound parameter of one SQL statement (never text pasted into SQL).
//! Filters on what articles say (outlet, attribution, modality, full text) keep an event when any
//! of its mentions matches; the event is returned with all its mentions, so conflicting reports
//! are seen side by side.

use annalist_doc::{Event, Modality};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::{AtPath, Store};

/// Which side of an event an actor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Source,
    Target,
}

/// Filters for [`Store::query`]; every field left `None` does not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// An actor on either side: its Wikidata/pack id exactly, or part of its name
    /// (case-insensitive for ASCII).
    pub actor: Option<String>,
    /// As `actor`, on the source side only.
    pub source: Option<String>,
    /// As `actor`, on the target side only.
    pub target: Option<String>,
    /// ISO 3166 alpha-3 country of an actor on either side.
    pub country: Option<String>,
    /// PLOVER sector of an actor on either side.
    pub sector: Option<String>,
    /// PLOVER event type (`CONSULT`).
    pub event_type: Option<String>,
    /// PLOVER mode (`phone`).
    pub mode: Option<String>,
    /// ISO day: events whose date interval ends on or after it.
    pub from: Option<String>,
    /// ISO day: events whose date interval starts on or before it.
    pub to: Option<String>,
    /// The event's place: its id, its country code, or part of its name.
    pub place: Option<String>,
    /// Reported by this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Attributed (by some mention) to this source: its id, or part of its name.
    pub attribution: Option<String>,
    /// Some mention has this modality.
    pub modality: Option<Modality>,
    /// Words searched in the reporting articles' title and text (FTS5; diacritics ignored).
    pub text: Option<String>,
    /// Reported by at least this many articles.
    pub min_articles: Option<u32>,
    /// At most this many events (default 100).
    pub limit: Option<usize>,
    pub offset: usize,
}

/// An actor of a stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    /// The deduplication key: id, `~COUNTRY/SECTOR`, or `"name`.
    pub key: String,
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub cameo: Option<String>,
}

/// One article's report of an event, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The text of the sentence that states the event.
    pub sentence_text: String,
    /// The event as this article's analysis found it: trigger span, modality, attribution,
    /// quantity, date — what the article claims.
    pub event: Event,
}

/// A deduplicated event with every mention of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub id: i64,
    pub event_type: String,
    pub mode: Option<String>,
    pub cameo: Option<String>,
    pub goldstein: Option<f64>,
    /// TIMEX3 value of the most precise date reported.
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub location: Option<String>,
    pub location_id: Option<String>,
    pub location_country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    /// Sentences stating it, over all articles.
    pub num_mentions: i64,
    pub num_articles: i64,
    /// Distinct outlets (an article without a known outlet counts as its own).
    pub num_sources: i64,
    pub mentions: Vec<Mention>,
}

/// Events of one dyad in one month, with their Goldstein sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DyadMonth {
    /// `YYYY-MM` of the event date's start; empty for undated events.
    pub month: String,
    pub source: String,
    pub target: String,
    pub events: i64,
    pub mentions: i64,
    /// Sum of the Goldstein values of the events that have one.
    pub goldstein_sum: f64,
    /// How many of the events had a Goldstein value.
    pub goldstein_events: i64,
}

/// One event in an actor's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub event_id: i64,
    pub date: Option<String>,
    pub date_from: Option<String>,
    pub event_type: String,
    pub role: Role,
    /// The other side's names.
    pub counterpart: String,
    pub goldstein: Option<f64>,
    pub num_articles: i64,
}

/// A WHERE clause over `events e` and its parameters.
pub(crate) struct Filter {
    pub sql: String,
    pub params: Vec<Value>,
}

impl Filter {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("?{}", self.params.len())
    }
}

fn like_pattern(s: &str) -> String {
    let mut p = String::with_capacity(s.len() + 2);
    p.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Turns free words into an FTS5 query of quoted terms (all required), so user input can never
/// be read as FTS5 syntax.
pub(crate) fn fts_terms(s: &str) -> Option<String> {
    let terms: Vec<String> = s
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Query {
    pub(crate) fn filter(&self) -> Filter {
        let mut f = Filter {
            sql: String::new(),
            params: Vec::new(),
        };
        let mut conds: Vec<String> = Vec::new();
        let actor = |f: &mut Filter, who: &str, role: Option<&str>| {
            let exact = f.bind(who.trim().to_string());
            let like = f.bind(like_pattern(who.trim()));
            let role = role.map_or(String::new(), |r| format!("AND ea.role = '{r}'"));
            format!(
                "EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.pk = ea.actor
                         WHERE ea.event = e.pk {role}
                           AND (a.key = {exact} OR a.ent_id = {exact}
                                OR a.name LIKE {like} ESCAPE '\\'))"
            )
        };
        if let Some(a) = &self.actor {
            conds.push(actor(&mut f, a, None));
        }
        if let Some(a) = &self.source {
            conds.push(actor(&mut f, a, Some("source")));
        }
        if let Some(a) = &self.target {
            conds.push(actor(&mut f, a, Some("target")));
        }
        for (col, v) in [("country", &self.country), ("sector", &self.sector)] {
            if let Some(v) = v {
                let b = f.bind(v.trim().to_uppercase());
                conds.push(format!(
                    "EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.pk = ea.actor
                             WHERE ea.event = e.pk AND a.{col} = {b})"
                ));
            }
        }
        if let Some(v) = &self.event_type {
            let b = f.bind(v.trim().to_uppercase());
            conds.push(format!("e.event_type = {b}"));
        }
        if let Some(v) = &self.mode {
            let b = f.bind(v.trim().to_string());
            conds.push(format!("e.mode = {b}"));
        }
        if let Some(v) = &self.from {
            let b = f.bind(v.trim().to_string());
            conds.push(format!("e.date_to >= {b}"));
        }
        if let Some(v) = &self.to {
            // An ISO day compares below any date-time of that day, so pad it to the day's end.
            let b = f.bind(format!("{}~", v.trim()));
            conds.push(format!("e.date_from <= {b}"));
        }
        if let Some(v) = &self.place {
            let exact = f.bind(v.trim().to_string());
            let upper = f.bind(v.trim().to_uppercase());
            let like = f.bind(like_pattern(v.trim()));
            conds.push(format!(
                "(e.location_id = {exact} OR e.location_country = {upper}
                  OR e.location_text LIKE {like} ESCAPE '\\')"
            ));
        }
        if let Some(v) = &self.outlet {
            let b = f.bind(v.trim().to_string());
            conds.push(format!(
                "EXISTS (SELECT 1 FROM event_mentions m JOIN documents d ON d.pk = m.doc
                         WHERE m.event = e.pk AND d.outlet = {b} COLLATE NOCASE)"
            ));
        }
        if let Some(v) = &self.attribution {
            let exact = f.bind(v.trim().to_string());
            let like = f.bind(like_pattern(v.trim()));
            conds.push(format!(
                "EXISTS (SELECT 1 FROM event_mentions m
                         WHERE m.event = e.pk
                           AND (m.attribution_id = {exact} OR m.attribution LIKE {like} ESCAPE '\\'))"
            ));
        }
        if let Some(v) = &self.modality {
            let b = f.bind(
                serde_json::to_value(v)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            );
            conds.push(format!(
                "EXISTS (SELECT 1 FROM event_mentions m WHERE m.event = e.pk AND m.modality = {b})"
            ));
        }
        if let Some(v) = &self.text {
            match fts_terms(v) {
                Some(terms) => {
                    let b = f.bind(terms);
                    conds.push(format!(
                        "EXISTS (SELECT 1 FROM event_mentions m
                                 WHERE m.event = e.pk
                                   AND m.doc IN (SELECT rowid FROM documents_fts
                                                 WHERE documents_fts MATCH {b}))"
                    ));
                }
                None => conds.push("0".into()),
            }
        }
        if let Some(n) = self.min_articles {
            let b = f.bind(i64::from(n));
            conds.push(format!("e.num_articles >= {b}"));
        }
        f.sql = if conds.is_empty() {
            "1".into()
        } else {
            conds.join("\n AND ")
        };
        f
    }
}

const EVENT_COLUMNS: &str = "e.pk, e.event_type, e.mode, e.cameo, e.goldstein, e.date_value,
    e.date_precision, e.date_from, e.date_to, e.location_text, e.location_id, e.location_country,
    e.lat, e.lon, e.num_mentions, e.num_articles, e.num_sources";

fn event_row(r: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        id: r.get(0)?,
        event_type: r.get(1)?,
        mode: r.get(2)?,
        cameo: r.get(3)?,
        goldstein: r.get(4)?,
        date: r.get(5)?,
        date_precision: r.get(6)?,
        date_from: r.get(7)?,
        date_to: r.get(8)?,
        location: r.get(9)?,
        location_id: r.get(10)?,
        location_country: r.get(11)?,
        lat: r.get(12)?,
        lon: r.get(13)?,
        num_mentions: r.get(14)?,
        num_articles: r.get(15)?,
        num_sources: r.get(16)?,
        source: Vec::new(),
        target: Vec::new(),
        mentions: Vec::new(),
    })
}

impl Store {
    /// Events matching `q`, ordered by date (undated last), each with its actors and mentions.
    pub fn query(&self, q: &Query) -> Result<Vec<StoredEvent>> {
        let p = &self.path;
        let mut f = q.filter();
        let limit = f.bind(q.limit.unwrap_or(100) as i64);
        let offset = f.bind(q.offset as i64);
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE {}
             ORDER BY e.date_from IS NULL, e.date_from, e.pk
             LIMIT {limit} OFFSET {offset}",
            f.sql
        );
        let mut st = self.conn().prepare(&sql).at(p)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(f.params.iter()), event_row)
            .at(p)?;
        let mut events = Vec::new();
        for r in rows {
            let mut ev = r.at(p)?;
            self.fill_event(&mut ev)?;
            events.push(ev);
        }
        Ok(events)
    }

    /// One event by id, with its actors and mentions.
    pub fn event(&self, id: i64) -> Result<Option<StoredEvent>> {
        let p = &self.path;
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.pk = ?1");
        let found = self
            .conn()
            .prepare_cached(&sql)
            .at(p)?
            .query_row([id], event_row)
            .optional()
            .at(p)?;
        let Some(mut ev) = found else {
            return Ok(None);
        };
        self.fill_event(&mut ev)?;
        Ok(Some(ev))
    }

    fn fill_event(&self, ev: &mut StoredEvent) -> Result<()> {
        let p = &self.path;
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT ea.role, a.key, a.ent_id, a.name, a.kind, a.country, a.sector, a.cameo
                 FROM event_actors ea JOIN actors a ON a.pk = ea.actor
                 WHERE ea.event = ?1 ORDER BY ea.role, ea.pos",
            )
            .at(p)?;
        let rows = st
            .query_map([ev.id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    ActorRef {
                        key: r.get(1)?,
                        id: r.get(2)?,
                        name: r.get(3)?,
                        kind: r.get(4)?,
                        country: r.get(5)?,
                        sector: r.get(6)?,
                        cameo: r.get(7)?,
                    },
                ))
            })
            .at(p)?;
        for r in rows {
            let (role, a) = r.at(p)?;
            if role == "source" {
                ev.source.push(a);
            } else {
                ev.target.push(a);
            }
        }
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT d.id, d.title, d.outlet, d.url, d.published,
                        substr(CAST(d.text AS BLOB), m.sentence_start + 1,
                               m.sentence_end - m.sentence_start),
                        m.json
                 FROM event_mentions m JOIN documents d ON d.pk = m.doc
                 WHERE m.event = ?1 ORDER BY d.published IS NULL, d.published, m.pk",
            )
            .at(p)?;
        let rows = st
            .query_map([ev.id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<Vec<u8>>>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .at(p)?;
        for r in rows {
            let (doc_id, title, outlet, url, published, sentence, json) = r.at(p)?;
            let event: Event = serde_json::from_str(&json).map_err(|source| StoreError::Json {
                path: p.clone(),
                what: format!("a mention of event {} in document {doc_id}", ev.id),
                source,
            })?;
            ev.mentions.push(Mention {
                doc_id,
                title,
                outlet,
                url,
                published,
                // A span cutting a character in two still yields readable evidence.
                sentence_text: String::from_utf8_lossy(&sentence.unwrap_or_default()).into_owned(),
                event,
            });
        }
        Ok(())
    }

    /// Counts and Goldstein sums of the events matching `q`, by dyad and month.
    pub fn dyad_months(&self, q: &Query) -> Result<Vec<DyadMonth>> {
        let p = &self.path;
        let f = q.filter();
        let sql = format!(
            "SELECT COALESCE(substr(e.date_from, 1, 7), ''), min(e.source_label),
                    min(e.target_label), COUNT(*), SUM(e.num_mentions),
                    COALESCE(SUM(e.goldstein), 0.0), COUNT(e.goldstein)
             FROM events e WHERE {}
             GROUP BY 1, e.dyad ORDER BY 1, 2, 3",
            f.sql
        );
        let mut st = self.conn().prepare(&sql).at(p)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(f.params.iter()), |r| {
                Ok(DyadMonth {
                    month: r.get(0)?,
                    source: r.get(1)?,
                    target: r.get(2)?,
                    events: r.get(3)?,
                    mentions: r.get(4)?,
                    goldstein_sum: r.get(5)?,
                    goldstein_events: r.get(6)?,
                })
            })
            .at(p)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(p)
    }

    /// The events an actor (id, or part of a name) took part in, in date order.
    pub fn timeline(&self, actor: &str) -> Result<Vec<TimelineEntry>> {
        let p = &self.path;
        let mut st = self
            .conn()
            .prepare_cached(
                "SELECT DISTINCT e.pk, e.date_value, e.date_from, e.event_type, ea.role,
                        CASE ea.role WHEN 'source' THEN e.target_label ELSE e.source_label END,
                        e.goldstein, e.num_articles
                 FROM events e
                 JOIN event_actors ea ON ea.event = e.pk
                 JOIN actors a ON a.pk = ea.actor
                 WHERE a.key = ?1 OR a.ent_id = ?1 OR a.name LIKE ?2 ESCAPE '\\'
                 ORDER BY e.date_from IS NULL, e.date_from, e.pk, ea.role",
            )
            .at(p)?;
        let rows = st
            .query_map(
                rusqlite::params![actor.trim(), like_pattern(actor.trim())],
                |r| {
                    let role: String = r.get(4)?;
                    Ok(TimelineEntry {
                        event_id: r.get(0)?,
                        date: r.get(1)?,
                        date_from: r.get(2)?,
                        event_type: r.get(3)?,
                        role: if role == "source" {
                            Role::Source
                        } else {
                            Role::Target
                        },
                        counterpart: r.get(5)?,
                        goldstein: r.get(6)?,
                        num_articles: r.get(7)?,
                    })
                },
            )
            .at(p)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(p)
    }
}
