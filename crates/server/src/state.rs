//! What every request shares: the database path, a pool of read-only connections, the writer
//! (when ingest is allowed), the pipeline and the input reader.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use annalist_ingest::Reader;
use annalist_pipeline::Pipeline;
use annalist_store::Store;
use tokio::sync::Semaphore;

use crate::error::{ApiError, ServerError};
use crate::ServerConfig;

/// Idle read-only connections kept for reuse; more are opened under load and closed after.
const POOL_KEEP: usize = 8;

/// Shared state of the server.
pub struct AppState {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
    writer: Option<Mutex<Store>>,
    pub(crate) pipeline: Arc<Pipeline>,
    pub(crate) reader: Reader,
    pub(crate) max_body: usize,
    /// Pipeline runs at once: one per core, so memory under a burst stays bounded.
    pub(crate) jobs: Semaphore,
    /// The threads that run the pipeline on posted articles, one per core. The stages keep
    /// scratch per thread (token memos, buffers reused from one document to the next): on
    /// tokio's blocking pool, which grows with the load of database reads to tens of threads,
    /// every thread that once ran an article would keep its own, and the server's memory
    /// would grow with the read load.
    pub(crate) workers: rayon::ThreadPool,
}

impl AppState {
    /// Checks the database (creating it when ingest is allowed) and builds the reader.
    pub fn open(config: &ServerConfig) -> Result<AppState, ServerError> {
        let writer = if config.allow_ingest {
            Some(Mutex::new(Store::open(&config.db)?))
        } else {
            if !config.db.is_file() {
                return Err(ServerError::NoDatabase(config.db.clone()));
            }
            None
        };
        // Opening one reader now reports a schema mismatch at start, not on the first request.
        let first = Store::open_read_only(&config.db)?;
        let reader = Reader::new(config.pipeline.packs(), annalist_ingest::Options::default())
            .map_err(|e| ServerError::Reader(e.to_string()))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(AppState {
            db: config.db.clone(),
            idle: Mutex::new(vec![first]),
            writer,
            pipeline: config.pipeline.clone(),
            reader,
            max_body: config.max_body_bytes,
            jobs: Semaphore::new(cores),
            workers: rayon::ThreadPoolBuilder::new()
                .num_threads(cores)
                .thread_name(|i| format!("annalist-pipeline-{i}"))
                .build()?,
        })
    }

    pub(crate) fn ingest_allowed(&self) -> bool {
        self.writer.is_some()
    }

    /// Runs `f` with a read-only connection on the blocking pool.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let taken = state.idle.lock().ok().and_then(|mut v| v.pop());
            let store = match taken {
                Some(s) => s,
                None => Store::open_read_only(&state.db)?,
            };
            let out = f(&store);
            if let Ok(mut v) = state.idle.lock() {
                if v.len() < POOL_KEEP {
                    v.push(store);
                }
            }
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("a database task failed: {e}")))?
    }

    /// Runs `f` with the writer on the blocking pool (403 when ingest is not allowed).
    pub(crate) async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        if self.writer.is_none() {
            return Err(forbidden());
        }
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let Some(w) = &state.writer else {
                return Err(forbidden());
            };
            // A poisoned lock means an earlier insert panicked: its transaction was rolled back
            // when the batch dropped, so the connection is still usable.
            let mut store = w.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("a database task failed: {e}")))?
    }
}

pub(crate) fn forbidden() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::FORBIDDEN,
        "ingest is disabled: start the server with --allow-ingest to store posted articles",
    )
}
