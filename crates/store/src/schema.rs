//! Schema migrations: an ordered list of SQL scripts kept as `.sql` files beside the crate.
//!
//! The database's `PRAGMA user_version` is the number of scripts applied. Each script runs in its
//! own transaction together with the version bump, so a failed or interrupted migration leaves the
//! database at the previous version, never half-migrated. Scripts are append-only: a shipped
//! script is never edited, a change is a new script.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Result, StoreError};

/// One migration script.
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order; `version` is the `user_version` after it ran.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_documents",
        sql: include_str!("../migrations/0001_documents.sql"),
    },
    Migration {
        version: 2,
        name: "0002_events_fts",
        sql: include_str!("../migrations/0002_events_fts.sql"),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies the migrations after the database's version, up to `target`.
pub(crate) fn migrate_to(conn: &mut Connection, path: &Path, target: u32) -> Result<()> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let found = user_version(conn).map_err(sqlite)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        let fail = |source| StoreError::Migration {
            path: path.to_path_buf(),
            version: m.version,
            name: m.name,
            source,
        };
        // IMMEDIATE: take the write lock first, so two processes opening a fresh file do not
        // both try to create the tables.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        // Another process may have migrated while we waited for the lock.
        if user_version(&tx).map_err(fail)? >= m.version {
            continue;
        }
        tx.execute_batch(m.sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}
