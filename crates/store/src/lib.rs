//! The annalist store: documents and everything the stages found in them, in SQLite.
//!
//! Design decisions:
//! - **SQLite, bundled.** One file, no server, FTS5 built in. WAL journaling plus one transaction
//!   per batch means a process killed at any moment leaves the database as it was after the last
//!   committed batch; re-running skips what is already stored (the text hash is `UNIQUE`).
//! - **Identity is the text.** A document is keyed by the SHA-256 of its cleaned text, so the same
//!   article ingested twice, under any id or path, is stored once ([`text_hash`]).
//! - **Events are deduplicated across articles at insert time** ([`dedup`]): a reported event
//!   becomes a mention of an existing event when type, actors, dates and place agree. What each
//!   article claims (quantities, attribution, modality) stays on its mention, side by side.
//! - **Schema by numbered `.sql` migrations** under `migrations/`, tracked by `user_version`.
//! - **Exports** stream: JSON Lines, CSV, GDELT-like TSV, and Parquet behind the `parquet`
//!   feature (CSV and Parquet share one column list, [`EVENT_COLUMNS`]).
//! - **Readers and writers.** [`Store::open`] is the single writer (CLI ingest);
//!   [`Store::open_read_only`] suits an HTTP server opening one connection per worker or request:
//!   WAL lets readers run while a writer commits.
//!
//! Architecture invariant: this crate knows the document model (`annalist-doc`) and SQLite; it
//! knows nothing about languages, packs, analysis stages, terminals or HTTP.

mod dates;
mod dedup;
mod docs;
mod error;
mod export;
mod insert;
#[cfg(feature = "parquet")]
mod parquet;
mod query;
mod schema;
mod stats;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

pub use dates::{interval_of, DayInterval};
pub use dedup::DedupConfig;
pub use docs::DocSummary;
pub use error::{Result, StoreError};
pub use export::{ColumnKind, EventColumn, EVENT_COLUMNS, GDELT_COLUMNS};
pub use insert::{Batch, BatchOutcome, IngestSummary, Progress};
#[cfg(feature = "parquet")]
pub use parquet::events_parquet_schema;
pub use query::{ActorRef, DyadMonth, Mention, Query, Role, StoredEvent, TimelineEntry};
pub use schema::SCHEMA_VERSION;
pub use stats::Stats;

/// The default database file of the CLI.
pub const DEFAULT_DB: &str = "annalist.db";

/// Hex SHA-256 of a document's text: the identity used to recognise an article already stored.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(b"0123456789abcdef"[(b >> 4) as usize]));
        s.push(char::from(b"0123456789abcdef"[(b & 15) as usize]));
    }
    s
}

/// A connection to an annalist database.
///
/// Not `Sync` (a SQLite connection is used from one thread at a time): a server opens one
/// read-only `Store` per worker thread or per request; opening is cheap.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    dedup: DedupConfig,
}

/// Adds the database path to SQLite errors.
pub(crate) trait AtPath<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> AtPath<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        })
    }
}

impl Store {
    /// Opens (creating it if needed) a database for reading and writing: WAL journal, foreign
    /// keys on, migrations applied up to [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::open_at_version(path.as_ref(), SCHEMA_VERSION)
    }

    /// Opens a database migrated only up to `version` (tests of migrations from older versions).
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: u32) -> Result<Store> {
        let mut conn = Connection::open(path).at(path)?;
        configure(&conn, path, true)?;
        schema::migrate_to(&mut conn, path, version)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            dedup: DedupConfig::default(),
        })
    }

    /// Opens an existing, migrated database read-only (queries, exports, stats). Fails with
    /// [`StoreError::NeedsMigration`] when the schema is older than this build's.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).at(path)?;
        configure(&conn, path, false)?;
        let found = schema::user_version(&conn).at(path)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::NeedsMigration {
                path: path.to_path_buf(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            dedup: DedupConfig::default(),
        })
    }

    /// A private in-memory database (tests, one-shot pipelines).
    pub fn open_in_memory() -> Result<Store> {
        let path = Path::new(":memory:");
        let mut conn = Connection::open_in_memory().at(path)?;
        configure(&conn, path, false)?;
        schema::migrate_to(&mut conn, path, SCHEMA_VERSION)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            dedup: DedupConfig::default(),
        })
    }

    /// Replaces the cross-article deduplication settings used by later inserts.
    pub fn set_dedup(&mut self, dedup: DedupConfig) {
        self.dedup = dedup;
    }

    /// The database file this store was opened on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        schema::user_version(&self.conn).at(&self.path)
    }

    /// Whether a document with this text hash is stored: lets a re-run skip analysis of articles
    /// already ingested before it spends time on them.
    pub fn contains_hash(&self, hash: &str) -> Result<bool> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE text_hash = ?1")
            .at(&self.path)?;
        st.exists([hash]).at(&self.path)
    }

    /// Whether a document with exactly this text is stored.
    pub fn contains_text(&self, text: &str) -> Result<bool> {
        self.contains_hash(&text_hash(text))
    }

    /// SQLite's own consistency check: `Ok(())` when `PRAGMA integrity_check` and
    /// `foreign_key_check` find nothing, else the problems it lists.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let p = &self.path;
        let mut problems = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check").at(p)?;
        let rows = st.query_map([], |r| r.get::<_, String>(0)).at(p)?;
        for r in rows {
            let r = r.at(p)?;
            if r != "ok" {
                problems.push(r);
            }
        }
        let mut st = self.conn.prepare("PRAGMA foreign_key_check").at(p)?;
        let rows = st
            .query_map([], |r| {
                Ok(format!(
                    "foreign key: {} row {:?} -> {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?
                ))
            })
            .at(p)?;
        for r in rows {
            problems.push(r.at(p)?);
        }
        Ok(problems)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn configure(conn: &Connection, path: &Path, write: bool) -> Result<()> {
    // Another writer (a second ingest) waits rather than failing at once.
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .at(path)?;
    conn.pragma_update(None, "foreign_keys", true).at(path)?;
    if write {
        // WAL: readers never block the writer; a crash loses at most the open transaction.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .at(path)?;
        // NORMAL is durable to application crashes in WAL mode (fsync at checkpoint).
        conn.pragma_update(None, "synchronous", "NORMAL").at(path)?;
    }
    Ok(())
}
