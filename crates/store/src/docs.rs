//! Documents back out of the store: summaries for listing, whole documents as the pipeline
//! wrote them (tokens excepted: they are working data of the stages, not stored).

use annalist_doc::{Diagnostic, Document, Entity, EntityKind, Event, Level, Quantity, Span, Time};
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::query::fts_terms;
use crate::{AtPath, Store};

/// A line of a document listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: String,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Text length in bytes.
    pub bytes: i64,
    /// Event mentions found in it.
    pub events: i64,
    pub ingested_at: String,
}

fn span(start: i64, end: i64) -> Span {
    Span::new(start.max(0) as usize, end.max(0) as usize)
}

/// Reads an enum stored as its serde string; unknown strings (a newer writer) fall back.
fn parse_enum<T: serde::de::DeserializeOwned>(s: &str, fallback: T) -> T {
    serde_json::from_value(Value::String(s.to_string())).unwrap_or(fallback)
}

fn summary_row(r: &Row<'_>) -> rusqlite::Result<DocSummary> {
    Ok(DocSummary {
        id: r.get(0)?,
        lang: r.get(1)?,
        published: r.get(2)?,
        title: r.get(3)?,
        url: r.get(4)?,
        outlet: r.get(5)?,
        bytes: r.get(6)?,
        events: r.get(7)?,
        ingested_at: r.get(8)?,
    })
}

const SUMMARY_COLUMNS: &str = "d.id, d.lang, d.published, d.title, d.url, d.outlet,
    length(CAST(d.text AS BLOB)),
    (SELECT COUNT(*) FROM event_mentions m WHERE m.doc = d.pk), d.ingested_at";

impl Store {
    /// Documents, most recently published first; `text` (optional) filters by full-text search
    /// over title and text, diacritics ignored.
    pub fn list_documents(
        &self,
        text: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocSummary>> {
        let p = &self.path;
        let terms = text.and_then(fts_terms);
        let filter = if terms.is_some() {
            "d.pk IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?3)"
        } else {
            "?3 IS NULL"
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE {filter}
             ORDER BY d.published IS NULL, d.published DESC, d.pk DESC LIMIT ?1 OFFSET ?2"
        );
        let mut st = self.conn().prepare_cached(&sql).at(p)?;
        let rows = st
            .query_map(
                rusqlite::params![limit.min(i64::MAX as usize) as i64, offset as i64, terms],
                summary_row,
            )
            .at(p)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(p)
    }

    /// The whole document stored under `id` (the first stored, if several texts share the id).
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let p = &self.path;
        let pk: Option<i64> = self
            .conn()
            .prepare_cached("SELECT pk FROM documents WHERE id = ?1 ORDER BY pk LIMIT 1")
            .at(p)?
            .query_row([id], |r| r.get(0))
            .optional()
            .at(p)?;
        match pk {
            Some(pk) => self.document_by_pk(pk).map(Some),
            None => Ok(None),
        }
    }

    /// Calls `f` with every stored document in insertion order, one at a time (memory stays
    /// bounded by one document).
    pub fn for_each_document(&self, mut f: impl FnMut(Document) -> Result<()>) -> Result<()> {
        let p = &self.path;
        let mut last = 0i64;
        loop {
            let next: Option<i64> = self
                .conn()
                .prepare_cached("SELECT min(pk) FROM documents WHERE pk > ?1")
                .at(p)?
                .query_row([last], |r| r.get(0))
                .at(p)?;
            let Some(pk) = next else {
                return Ok(());
            };
            f(self.document_by_pk(pk)?)?;
            last = pk;
        }
    }

    pub(crate) fn document_by_pk(&self, pk: i64) -> Result<Document> {
        let p = &self.path;
        let c = self.conn();
        let mut doc = c
            .prepare_cached(
                "SELECT id, lang, published, title, url, outlet, text, extra
                 FROM documents WHERE pk = ?1",
            )
            .at(p)?
            .query_row([pk], |r| {
                let mut d = Document::new(r.get::<_, String>(0)?, r.get::<_, String>(6)?);
                d.lang = r.get(1)?;
                d.published = r.get(2)?;
                d.title = r.get(3)?;
                d.url = r.get(4)?;
                d.outlet = r.get(5)?;
                let extra: Option<String> = r.get(7)?;
                Ok((d, extra))
            })
            .at(p)
            .and_then(|(mut d, extra)| {
                if let Some(extra) = extra {
                    match serde_json::from_str::<Value>(&extra) {
                        Ok(Value::Object(m)) => d.extra = m,
                        Ok(_) => {}
                        Err(source) => {
                            return Err(StoreError::Json {
                                path: p.clone(),
                                what: format!("extra of document {}", d.id),
                                source,
                            })
                        }
                    }
                }
                Ok(d)
            })?;
        let mut st = c
            .prepare_cached("SELECT start, end FROM sentences WHERE doc = ?1 ORDER BY idx")
            .at(p)?;
        doc.sentences = st
            .query_map([pk], |r| Ok(span(r.get(0)?, r.get(1)?)))
            .at(p)?
            .collect::<rusqlite::Result<_>>()
            .at(p)?;
        let mut st = c
            .prepare_cached(
                "SELECT start, end, text, kind, ent_id, name, country, sector, cameo, lat, lon,
                        coref, note
                 FROM entities WHERE doc = ?1 ORDER BY idx",
            )
            .at(p)?;
        doc.entities = st
            .query_map([pk], |r| {
                Ok(Entity {
                    span: span(r.get(0)?, r.get(1)?),
                    text: r.get(2)?,
                    kind: parse_enum(&r.get::<_, String>(3)?, EntityKind::Group),
                    id: r.get(4)?,
                    name: r.get(5)?,
                    country: r.get(6)?,
                    sector: r.get(7)?,
                    cameo: r.get(8)?,
                    lat: r.get(9)?,
                    lon: r.get(10)?,
                    coref: r.get::<_, Option<i64>>(11)?.map(|c| c.max(0) as usize),
                    note: r.get(12)?,
                })
            })
            .at(p)?
            .collect::<rusqlite::Result<_>>()
            .at(p)?;
        let mut st = c
            .prepare_cached(
                "SELECT start, end, text, value, precision, date_from, date_to, rule
                 FROM times WHERE doc = ?1 ORDER BY idx",
            )
            .at(p)?;
        doc.times = st
            .query_map([pk], |r| {
                Ok(Time {
                    span: span(r.get(0)?, r.get(1)?),
                    text: r.get(2)?,
                    value: r.get(3)?,
                    precision: r.get(4)?,
                    from: r.get(5)?,
                    to: r.get(6)?,
                    rule: r.get(7)?,
                })
            })
            .at(p)?
            .collect::<rusqlite::Result<_>>()
            .at(p)?;
        let mut st = c
            .prepare_cached(
                "SELECT start, end, text, value, approximate, min, max, unit
                 FROM quantities WHERE doc = ?1 ORDER BY idx",
            )
            .at(p)?;
        doc.quantities = st
            .query_map([pk], |r| {
                Ok(Quantity {
                    span: span(r.get(0)?, r.get(1)?),
                    text: r.get(2)?,
                    value: r.get::<_, Option<f64>>(3)?.unwrap_or(f64::NAN),
                    approximate: r.get(4)?,
                    min: r.get(5)?,
                    max: r.get(6)?,
                    unit: r.get(7)?,
                })
            })
            .at(p)?
            .collect::<rusqlite::Result<_>>()
            .at(p)?;
        let mut st = c
            .prepare_cached(
                "SELECT level, message, start, end FROM diagnostics WHERE doc = ?1 ORDER BY idx",
            )
            .at(p)?;
        doc.diagnostics = st
            .query_map([pk], |r| {
                let start: Option<i64> = r.get(2)?;
                let end: Option<i64> = r.get(3)?;
                Ok(Diagnostic {
                    level: parse_enum(&r.get::<_, String>(0)?, Level::Warning),
                    message: r.get(1)?,
                    span: start.zip(end).map(|(s, e)| span(s, e)),
                })
            })
            .at(p)?
            .collect::<rusqlite::Result<_>>()
            .at(p)?;
        let mut st = c
            .prepare_cached("SELECT json FROM event_mentions WHERE doc = ?1 ORDER BY idx")
            .at(p)?;
        let jsons = st
            .query_map([pk], |r| r.get::<_, String>(0))
            .at(p)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(p)?;
        for (i, j) in jsons.iter().enumerate() {
            let ev: Event = serde_json::from_str(j).map_err(|source| StoreError::Json {
                path: p.clone(),
                what: format!("event {i} of document {}", doc.id),
                source,
            })?;
            doc.events.push(ev);
        }
        Ok(doc)
    }
}
