//! Writing documents: one transaction per batch, duplicates skipped by text hash, events
//! deduplicated across articles as they arrive.

use std::borrow::Cow;
use std::path::Path;

use annalist_doc::{Document, Entity, Event};
use rusqlite::{params, Transaction};
use serde::Serialize;

use crate::dates::{add_days, interval_of};
use crate::dedup::{self, DedupConfig, PlaceKey};
use crate::error::{Result, StoreError};
use crate::{text_hash, AtPath, Store};

/// What a committed batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// Documents newly stored.
    pub inserted: usize,
    /// Documents whose text was already stored (left unchanged).
    pub duplicates: usize,
    /// Event mentions stored.
    pub mentions: usize,
    /// Mentions that joined an event reported by an earlier mention.
    pub merged: usize,
}

impl BatchOutcome {
    fn add(&mut self, o: &BatchOutcome) {
        self.inserted += o.inserted;
        self.duplicates += o.duplicates;
        self.mentions += o.mentions;
        self.merged += o.merged;
    }
}

/// Progress reported after each committed batch of [`Store::ingest`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Documents read from the iterator so far.
    pub seen: usize,
    /// Bytes of text read so far.
    pub bytes: u64,
    /// Totals of the committed batches.
    pub outcome: BatchOutcome,
}

impl std::fmt::Display for Progress {
    /// The summary line of an ingest run.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let o = &self.outcome;
        write!(
            f,
            "{} documents read ({:.1} MB): {} stored, {} already there; {} event mentions ({} joined an earlier event)",
            self.seen,
            self.bytes as f64 / 1e6,
            o.inserted,
            o.duplicates,
            o.mentions,
            o.merged
        )
    }
}

/// The end of an ingest run: totals, for the summary line.
pub type IngestSummary = Progress;

/// An open write transaction. Documents inserted through it become visible together at
/// [`Batch::commit`]; dropping it without committing rolls everything back (a killed process
/// behaves the same way), so the database never holds half a batch.
pub struct Batch<'s> {
    tx: Transaction<'s>,
    path: &'s Path,
    dedup: &'s DedupConfig,
    outcome: BatchOutcome,
}

impl Store {
    /// Starts a write transaction.
    pub fn begin_batch(&mut self) -> Result<Batch<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .at(&self.path)?;
        Ok(Batch {
            tx,
            path: &self.path,
            dedup: &self.dedup,
            outcome: BatchOutcome::default(),
        })
    }

    /// Stores documents in one transaction; documents already stored (same text) are skipped.
    pub fn insert_batch(&mut self, docs: &[Document]) -> Result<BatchOutcome> {
        let mut batch = self.begin_batch()?;
        for d in docs {
            batch.insert(d)?;
        }
        batch.commit()
    }

    /// Stores every document of `docs`, `batch_size` per transaction, calling `progress` after
    /// each commit. Memory stays bounded by one batch whatever the corpus size.
    pub fn ingest<I, F>(
        &mut self,
        docs: I,
        batch_size: usize,
        mut progress: F,
    ) -> Result<IngestSummary>
    where
        I: IntoIterator<Item = Document>,
        F: FnMut(&Progress),
    {
        let batch_size = batch_size.max(1);
        let mut total = Progress::default();
        let mut buf = Vec::with_capacity(batch_size);
        let mut docs = docs.into_iter().peekable();
        while docs.peek().is_some() {
            buf.clear();
            buf.extend(docs.by_ref().take(batch_size));
            total.seen += buf.len();
            total.bytes += buf.iter().map(|d| d.text.len() as u64).sum::<u64>();
            let o = self.insert_batch(&buf)?;
            total.outcome.add(&o);
            progress(&total);
        }
        Ok(total)
    }
}

fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = crate::dates::civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The day interval of an event's date: the interval of the time expression that dated it when
/// it has one, else the interval of its TIMEX3 value.
fn event_interval(doc: &Document, ev: &Event) -> Option<(String, String)> {
    let date = ev.date.as_ref()?;
    let day = |s: &Option<String>| s.as_ref().and_then(|s| s.get(0..10)).map(str::to_string);
    if let Some(t) = date.time.and_then(|i| doc.times.get(i)) {
        if t.value == date.value {
            if let (Some(f), Some(to)) = (day(&t.from), day(&t.to)) {
                if f <= to {
                    return Some((f, to));
                }
            }
        }
    }
    interval_of(&date.value).map(|i| (i.from, i.to))
}

/// JSON has no NaN or infinity (serde writes `null`, which would not read back into an `f32`):
/// a non-finite confidence becomes 0 and a non-finite quantity is dropped.
fn finite(ev: &Event) -> Cow<'_, Event> {
    let bad_q = ev.quantity.as_ref().is_some_and(|q| !q.value.is_finite());
    let bad_g = ev.goldstein.is_some_and(|g| !g.is_finite());
    if ev.confidence.is_finite() && !bad_q && !bad_g {
        return Cow::Borrowed(ev);
    }
    let mut ev = ev.clone();
    if !ev.confidence.is_finite() {
        ev.confidence = 0.0;
    }
    if bad_q {
        ev.quantity = None;
    }
    if bad_g {
        ev.goldstein = None;
    }
    Cow::Owned(ev)
}

/// An `f32` as the `f64` of its shortest decimal form: 3.4f32 is stored as 3.4, not
/// 3.4000000953674316.
fn f32_to_f64(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}

fn label(side: &[Entity]) -> String {
    let mut names: Vec<&str> = side
        .iter()
        .map(|e| e.name.as_deref().unwrap_or(&e.text))
        .collect();
    names.dedup();
    names.join(" + ")
}

impl Batch<'_> {
    /// Stores one document with all its annotations. Returns `false` when its text was already
    /// stored (nothing is written then).
    pub fn insert(&mut self, doc: &Document) -> Result<bool> {
        let p = self.path;
        let hash = text_hash(&doc.text);
        let extra = if doc.extra.is_empty() {
            None
        } else {
            Some(serde_json::Value::Object(doc.extra.clone()).to_string())
        };
        let changed = self
            .tx
            .prepare_cached(
                "INSERT INTO documents (id, text_hash, lang, published, title, url, outlet, text,
                                        extra, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(text_hash) DO NOTHING",
            )
            .at(p)?
            .execute(params![
                doc.id,
                hash,
                doc.lang,
                doc.published,
                doc.title,
                doc.url,
                doc.outlet,
                doc.text,
                extra,
                now_iso()
            ])
            .at(p)?;
        if changed == 0 {
            self.outcome.duplicates += 1;
            return Ok(false);
        }
        let pk = self.tx.last_insert_rowid();
        self.insert_annotations(pk, doc)?;
        for (idx, ev) in doc.events.iter().enumerate() {
            self.insert_event(pk, doc, idx, ev)?;
        }
        self.outcome.inserted += 1;
        Ok(true)
    }

    /// Makes the batch durable and visible; returns what it did.
    pub fn commit(self) -> Result<BatchOutcome> {
        self.tx.commit().at(self.path)?;
        Ok(self.outcome)
    }

    /// What the batch has done so far (not yet committed).
    pub fn outcome(&self) -> BatchOutcome {
        self.outcome
    }

    fn insert_annotations(&mut self, pk: i64, doc: &Document) -> Result<()> {
        let p = self.path;
        let tx = &self.tx;
        let mut st = tx
            .prepare_cached("INSERT INTO sentences (doc, idx, start, end) VALUES (?1, ?2, ?3, ?4)")
            .at(p)?;
        for (i, s) in doc.sentences.iter().enumerate() {
            st.execute(params![pk, i as i64, s.start, s.end]).at(p)?;
        }
        let mut st = tx
            .prepare_cached(
                "INSERT INTO entities (doc, idx, start, end, text, kind, ent_id, name, country,
                                       sector, cameo, lat, lon, coref, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .at(p)?;
        for (i, e) in doc.entities.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                e.span.start,
                e.span.end,
                e.text,
                enum_str(&e.kind),
                e.id,
                e.name,
                e.country,
                e.sector,
                e.cameo,
                e.lat,
                e.lon,
                e.coref.map(|c| c as i64),
                e.note
            ])
            .at(p)?;
        }
        let mut st = tx
            .prepare_cached(
                "INSERT INTO times (doc, idx, start, end, text, value, precision, date_from,
                                    date_to, rule)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .at(p)?;
        for (i, t) in doc.times.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                t.span.start,
                t.span.end,
                t.text,
                t.value,
                t.precision,
                t.from,
                t.to,
                t.rule
            ])
            .at(p)?;
        }
        let mut st = tx
            .prepare_cached(
                "INSERT INTO quantities (doc, idx, start, end, text, value, approximate, min, max,
                                         unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .at(p)?;
        for (i, q) in doc.quantities.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                q.span.start,
                q.span.end,
                q.text,
                q.value,
                q.approximate,
                q.min,
                q.max,
                q.unit
            ])
            .at(p)?;
        }
        let mut st = tx
            .prepare_cached(
                "INSERT INTO diagnostics (doc, idx, level, message, start, end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .at(p)?;
        for (i, d) in doc.diagnostics.iter().enumerate() {
            st.execute(params![
                pk,
                i as i64,
                enum_str(&d.level),
                d.message,
                d.span.map(|s| s.start),
                d.span.map(|s| s.end)
            ])
            .at(p)?;
        }
        Ok(())
    }

    fn upsert_actor(&self, e: &Entity, key: &str) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO actors (key, ent_id, name, kind, country, sector, cameo)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(key) DO UPDATE SET
                    ent_id = COALESCE(actors.ent_id, excluded.ent_id),
                    name = COALESCE(actors.name, excluded.name),
                    country = COALESCE(actors.country, excluded.country),
                    sector = COALESCE(actors.sector, excluded.sector),
                    cameo = COALESCE(actors.cameo, excluded.cameo)
                 RETURNING pk",
            )
            .at(self.path)?
            .query_row(
                params![
                    key,
                    e.id,
                    e.name.as_deref().unwrap_or(&e.text),
                    enum_str(&e.kind),
                    e.country,
                    e.sector,
                    e.cameo
                ],
                |r| r.get(0),
            )
            .at(self.path)
    }

    /// Finds the stored event this mention reports, if deduplication allows one.
    fn find_event(
        &self,
        ev: &Event,
        dyad: &str,
        interval: Option<&(String, String)>,
        place: Option<&PlaceKey>,
    ) -> Result<Option<i64>> {
        if !self.dedup.enabled {
            return Ok(None);
        }
        let p = self.path;
        let tol = self.dedup.day_tolerance;
        // Widen the window by the tolerance; exact compatibility is decided below.
        let window = interval.map(|(f, t)| {
            (
                add_days(f, -tol).unwrap_or_else(|| f.clone()),
                add_days(t, tol).unwrap_or_else(|| t.clone()),
            )
        });
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT pk, mode, date_from, date_to, location_text, location_id, location_country
                 FROM events
                 WHERE event_type = ?1 AND dyad = ?2
                   AND ((?3 IS NULL AND date_from IS NULL)
                        OR (date_from <= ?4 AND date_to >= ?3))
                 ORDER BY pk",
            )
            .at(p)?;
        let mut rows = st
            .query(params![
                ev.event_type,
                dyad,
                window.as_ref().map(|w| &w.0),
                window.as_ref().map(|w| &w.1)
            ])
            .at(p)?;
        while let Some(r) = rows.next().at(p)? {
            let mode: Option<String> = r.get(1).at(p)?;
            let from: Option<String> = r.get(2).at(p)?;
            let to: Option<String> = r.get(3).at(p)?;
            let other_place = {
                let text: Option<String> = r.get(4).at(p)?;
                let id: Option<String> = r.get(5).at(p)?;
                let country: Option<String> = r.get(6).at(p)?;
                (text.is_some() || id.is_some() || country.is_some()).then_some(PlaceKey {
                    text,
                    id,
                    country,
                })
            };
            let other_interval = from.as_deref().zip(to.as_deref());
            if dedup::modes_compatible(ev.mode.as_deref(), mode.as_deref())
                && dedup::dates_compatible(
                    interval.map(|(f, t)| (f.as_str(), t.as_str())),
                    other_interval,
                    tol,
                )
                && dedup::places_compatible(place, other_place.as_ref())
            {
                return Ok(Some(r.get(0).at(p)?));
            }
        }
        Ok(None)
    }

    fn insert_event(&mut self, doc_pk: i64, doc: &Document, idx: usize, ev: &Event) -> Result<()> {
        let p = self.path;
        let ev = finite(ev);
        let ev = ev.as_ref();
        let dyad = dedup::dyad(ev);
        let interval = event_interval(doc, ev);
        let place = PlaceKey::of(ev.location.as_ref());
        let existing = self.find_event(ev, &dyad, interval.as_ref(), place.as_ref())?;
        let event_pk = match existing {
            Some(pk) => {
                self.refine_event(pk, ev, interval.as_ref())?;
                self.outcome.merged += 1;
                pk
            }
            None => self.new_event(doc_pk, ev, &dyad, interval.as_ref())?,
        };
        let json = serde_json::to_string(ev).map_err(|source| StoreError::Json {
            path: p.to_path_buf(),
            what: format!("event {idx} of document {}", doc.id),
            source,
        })?;
        let date = ev.date.as_ref();
        let q = ev.quantity.as_ref();
        let attr = ev.attribution.as_ref();
        self.tx
            .prepare_cached(
                "INSERT INTO event_mentions (event, doc, idx, sentence_start, sentence_end,
                    trigger_text, trigger_start, trigger_end, modality, attribution,
                    attribution_id, date_value, date_basis, quantity_value, quantity_unit,
                    confidence, repeats, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18)",
            )
            .at(p)?
            .execute(params![
                event_pk,
                doc_pk,
                idx as i64,
                ev.sentence.start,
                ev.sentence.end,
                ev.trigger.text,
                ev.trigger.span.start,
                ev.trigger.span.end,
                enum_str(&ev.modality),
                attr.map(|a| &a.text),
                attr.and_then(|a| a.id.as_ref()),
                date.map(|d| &d.value),
                date.map(|d| &d.basis),
                q.map(|q| q.value),
                q.and_then(|q| q.unit.as_ref()),
                ev.confidence,
                ev.mentions.len() as i64,
                json
            ])
            .at(p)?;
        // Counters grow incrementally: a new article, a new outlet, more sentences.
        let new_article = self
            .tx
            .prepare_cached("SELECT COUNT(*) FROM event_mentions WHERE event = ?1 AND doc = ?2")
            .at(p)?
            .query_row(params![event_pk, doc_pk], |r| r.get::<_, i64>(0))
            .at(p)?
            == 1;
        let outlet = doc
            .outlet
            .clone()
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| format!("#{doc_pk}"));
        let new_outlet = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO event_outlets (event, outlet) VALUES (?1, ?2)")
            .at(p)?
            .execute(params![event_pk, outlet])
            .at(p)?
            == 1;
        self.tx
            .prepare_cached(
                "UPDATE events SET num_mentions = num_mentions + ?2,
                    num_articles = num_articles + ?3, num_sources = num_sources + ?4
                 WHERE pk = ?1",
            )
            .at(p)?
            .execute(params![
                event_pk,
                1 + ev.mentions.len() as i64,
                i64::from(new_article),
                i64::from(new_outlet)
            ])
            .at(p)?;
        self.outcome.mentions += 1;
        Ok(())
    }

    fn new_event(
        &self,
        doc_pk: i64,
        ev: &Event,
        dyad: &str,
        interval: Option<&(String, String)>,
    ) -> Result<i64> {
        let p = self.path;
        let loc = ev.location.as_ref();
        let pk: i64 = self
            .tx
            .prepare_cached(
                "INSERT INTO events (event_type, mode, cameo, goldstein, dyad, source_label,
                    target_label, date_value, date_precision, date_from, date_to, location_text,
                    location_id, location_country, lat, lon, first_doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17)
                 RETURNING pk",
            )
            .at(p)?
            .query_row(
                params![
                    ev.event_type,
                    ev.mode,
                    ev.cameo,
                    ev.goldstein.map(f32_to_f64),
                    dyad,
                    label(&ev.source),
                    label(&ev.target),
                    ev.date.as_ref().map(|d| &d.value),
                    ev.date.as_ref().map(|d| &d.precision),
                    interval.map(|i| &i.0),
                    interval.map(|i| &i.1),
                    loc.map(|l| &l.text),
                    loc.and_then(|l| l.id.as_ref()),
                    loc.and_then(|l| l.country.as_ref()),
                    loc.and_then(|l| l.lat),
                    loc.and_then(|l| l.lon),
                    doc_pk
                ],
                |r| r.get(0),
            )
            .at(p)?;
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO event_actors (event, role, pos, actor)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .at(p)?;
        for (role, side) in [("source", &ev.source), ("target", &ev.target)] {
            let mut seen = Vec::new();
            for e in side.iter() {
                let Some(key) = dedup::actor_key(e) else {
                    continue;
                };
                if seen.contains(&key) {
                    continue;
                }
                let actor = self.upsert_actor(e, &key)?;
                st.execute(params![pk, role, seen.len() as i64, actor])
                    .at(p)?;
                seen.push(key);
            }
        }
        Ok(pk)
    }

    /// A later report may be more precise: narrow the event's date to a mention's interval lying
    /// inside it, and fill what the event still lacks (CAMEO code, Goldstein value, place).
    fn refine_event(&self, pk: i64, ev: &Event, interval: Option<&(String, String)>) -> Result<()> {
        let p = self.path;
        let loc = ev.location.as_ref();
        self.tx
            .prepare_cached(
                "UPDATE events SET
                    cameo = COALESCE(cameo, ?2),
                    goldstein = COALESCE(goldstein, ?3),
                    mode = COALESCE(mode, ?4),
                    location_text = COALESCE(location_text, ?5),
                    location_id = COALESCE(location_id, ?6),
                    location_country = COALESCE(location_country, ?7),
                    lat = COALESCE(lat, ?8),
                    lon = COALESCE(lon, ?9)
                 WHERE pk = ?1",
            )
            .at(p)?
            .execute(params![
                pk,
                ev.cameo,
                ev.goldstein.map(f32_to_f64),
                ev.mode,
                loc.map(|l| &l.text),
                loc.and_then(|l| l.id.as_ref()),
                loc.and_then(|l| l.country.as_ref()),
                loc.and_then(|l| l.lat),
                loc.and_then(|l| l.lon)
            ])
            .at(p)?;
        if let (Some((f, t)), Some(d)) = (interval, ev.date.as_ref()) {
            self.tx
                .prepare_cached(
                    "UPDATE events SET date_value = ?2, date_precision = ?3, date_from = ?4,
                        date_to = ?5
                     WHERE pk = ?1 AND date_from <= ?4 AND date_to >= ?5
                       AND (date_from < ?4 OR date_to > ?5)",
                )
                .at(p)?
                .execute(params![pk, d.value, d.precision, f, t])
                .at(p)?;
        }
        Ok(())
    }
}
