//! What the database holds, for `annalist stats`.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::{AtPath, Store};

/// Counts of what is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub documents: i64,
    /// Documents by language (`""` for unknown), most first.
    pub by_lang: Vec<(String, i64)>,
    /// Documents by outlet (`""` for unknown), most first.
    pub by_outlet: Vec<(String, i64)>,
    pub sentences: i64,
    pub entities: i64,
    pub times: i64,
    pub quantities: i64,
    /// Distinct (deduplicated) events.
    pub events: i64,
    /// Document events stored (each a mention of one event).
    pub event_mentions: i64,
    /// Events reported by more than one article.
    pub multi_article_events: i64,
    /// Distinct events by PLOVER type, most first.
    pub events_by_type: Vec<(String, i64)>,
    pub actors: i64,
    pub diagnostics: i64,
    /// Bytes of the main database file (pages in use times page size; the WAL is not counted).
    pub db_bytes: i64,
    pub schema_version: u32,
}

impl Store {
    /// Counts of documents, annotations and events.
    pub fn stats(&self) -> Result<Stats> {
        let p = &self.path;
        let c = self.conn();
        let count = |sql: &str| -> Result<i64> { c.query_row(sql, [], |r| r.get(0)).at(p) };
        let groups = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut st = c.prepare(sql).at(p)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).at(p)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().at(p)
        };
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            by_lang: groups(
                "SELECT COALESCE(lang, ''), COUNT(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
            by_outlet: groups(
                "SELECT COALESCE(outlet, ''), COUNT(*) FROM documents GROUP BY 1
                 ORDER BY 2 DESC, 1",
            )?,
            sentences: count("SELECT COUNT(*) FROM sentences")?,
            entities: count("SELECT COUNT(*) FROM entities")?,
            times: count("SELECT COUNT(*) FROM times")?,
            quantities: count("SELECT COUNT(*) FROM quantities")?,
            events: count("SELECT COUNT(*) FROM events")?,
            event_mentions: count("SELECT COUNT(*) FROM event_mentions")?,
            multi_article_events: count("SELECT COUNT(*) FROM events WHERE num_articles > 1")?,
            events_by_type: groups(
                "SELECT event_type, COUNT(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
            actors: count("SELECT COUNT(*) FROM actors")?,
            diagnostics: count("SELECT COUNT(*) FROM diagnostics")?,
            db_bytes: count(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            )?,
            schema_version: self.schema_version()?,
        })
    }
}

impl std::fmt::Display for Stats {
    /// The human summary `annalist stats` prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |v: &[(String, i64)]| {
            v.iter()
                .map(|(k, n)| format!("{} {n}", if k.is_empty() { "?" } else { k }))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(f, "documents      {}", self.documents)?;
        writeln!(f, "  by language  {}", list(&self.by_lang))?;
        writeln!(f, "  by outlet    {}", list(&self.by_outlet))?;
        writeln!(f, "sentences      {}", self.sentences)?;
        writeln!(f, "entities       {}", self.entities)?;
        writeln!(f, "times          {}", self.times)?;
        writeln!(f, "quantities     {}", self.quantities)?;
        writeln!(
            f,
            "events         {} ({} mentions, {} reported by several articles)",
            self.events, self.event_mentions, self.multi_article_events
        )?;
        writeln!(f, "  by type      {}", list(&self.events_by_type))?;
        writeln!(f, "actors         {}", self.actors)?;
        writeln!(f, "diagnostics    {}", self.diagnostics)?;
        write!(
            f,
            "database       {:.1} MB, schema v{}",
            self.db_bytes as f64 / 1e6,
            self.schema_version
        )
    }
}
