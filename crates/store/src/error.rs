use std::path::PathBuf;

/// What can go wrong in the store. Analysis problems never show up here: only database and
/// input/output failures do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite refused an operation (locked, corrupt, disk full, bad SQL).
    #[error("database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer annalist than this one.
    #[error(
        "database {path} has schema version {found}, newer than this annalist knows ({known})"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    /// A read-only open found a database that needs migrating first (open it read-write once).
    #[error("database {path} has schema version {found}, expected {known}: open it read-write once to migrate")]
    NeedsMigration {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    /// A migration script failed; the database stays at the previous version.
    #[error("database {path}: migration {version} ({name}) failed: {source}")]
    Migration {
        path: PathBuf,
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    /// A stored JSON value could not be read back (written by a damaged or foreign tool).
    #[error("database {path}: bad stored JSON in {what}: {source}")]
    Json {
        path: PathBuf,
        what: String,
        #[source]
        source: serde_json::Error,
    },
    /// Writing an export failed.
    #[error("export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing a CSV export failed.
    #[error("csv export: {0}")]
    Csv(#[from] csv::Error),
    /// Writing a Parquet export failed.
    #[cfg(feature = "parquet")]
    #[error("parquet export: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// Results of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
