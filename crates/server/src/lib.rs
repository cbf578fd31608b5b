//! `annalist serve`: the HTTP API and the web UI over an annalist database.
//!
//! Design decisions:
//! - **One binary, no internet.** The UI (plain HTML, CSS and JavaScript written here) and the
//!   world outline of the map are compiled in ([`assets`]); the server needs nothing at run time
//!   but the database file.
//! - **The store is synchronous** (rusqlite), so every database call runs on tokio's blocking
//!   pool with a read-only connection taken from a small pool ([`state::AppState::read`]); the
//!   pipeline runs there too, at most one document per core at a time, so a burst of
//!   `POST /api/extract` queues instead of growing memory.
//! - **Errors are JSON**: `{"error": "...", "status": N}` for every failure, 400 (malformed
//!   request), 403 (ingest disabled), 404, 405, 413 (body over the limit), 415, 422 (a value that
//!   makes no sense), 500 ([`ApiError`]).
//! - **Loopback by default** ([`ServerConfig::new`] binds 127.0.0.1:8080); writing
//!   (`POST /api/ingest`) only when started with `allow_ingest`.
//! - **Filters are the store's [`annalist_store::Query`]**, read from the query string under the
//!   same names as `annalist query`'s flags; SQL is parameterised by the store.
//! - **The OpenAPI 3 description is written by hand** (`src/openapi.json`), served at
//!   `/api/openapi.json`; a test checks that it lists every route of [`ROUTES`] and that every
//!   route answers.
//!
//! Architecture invariant: this crate knows HTTP, the store's query API and the pipeline's entry
//! point; it knows nothing of languages or of how any stage works.

mod api;
mod assets;
mod body;
mod error;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use annalist_pipeline::Pipeline;
use axum::routing::{get, post};
use axum::Router;

pub use error::{ApiError, ServerError};
pub use state::AppState;

/// The default listening address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The default limit on request bodies (posted articles): 2 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Every route: method and path as written in the OpenAPI description.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/stats"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/documents"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/actors"),
    ("get", "/api/actors/{actor}/timeline"),
    ("get", "/api/dyads"),
    ("post", "/api/extract"),
    ("post", "/api/ingest"),
    ("get", "/api/openapi.json"),
];

/// How to run the server.
#[derive(Clone)]
pub struct ServerConfig {
    /// The database file. Must exist unless `allow_ingest` (then it is created).
    pub db: PathBuf,
    /// Where to listen; 127.0.0.1:8080 by default.
    pub addr: SocketAddr,
    /// Whether `POST /api/ingest` may write to the database (403 otherwise).
    pub allow_ingest: bool,
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// The pipeline run by `/api/extract` and `/api/ingest`, built once by the caller.
    pub pipeline: Arc<Pipeline>,
}

impl ServerConfig {
    /// A read-only server on 127.0.0.1:8080 with the default body limit.
    pub fn new(db: impl Into<PathBuf>, pipeline: Arc<Pipeline>) -> Self {
        ServerConfig {
            db: db.into(),
            addr: DEFAULT_ADDR.parse().expect("a valid constant address"),
            allow_ingest: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            pipeline,
        }
    }
}

/// The whole application as a router (tests drive it with `tower::ServiceExt::oneshot`).
/// Opens (and with `allow_ingest` creates) the database to check it before serving.
pub fn app(config: &ServerConfig) -> Result<Router, ServerError> {
    let state = Arc::new(AppState::open(config)?);
    Ok(router(state))
}

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/health", get(api::health))
        .route("/api/stats", get(api::stats))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/actors", get(api::actors))
        .route("/api/actors/{actor}/timeline", get(api::timeline))
        .route("/api/dyads", get(api::dyads))
        .route("/api/extract", post(api::extract))
        .route("/api/ingest", post(api::ingest))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            api::panic_response,
        ))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM: builds its own tokio runtime and blocks.
/// This is what `annalist serve` calls.
pub fn serve(config: ServerConfig) -> Result<(), ServerError> {
    let app = app(&config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.addr,
                source,
            })?;
        let local = listener.local_addr()?;
        eprintln!(
            "annalist: serving {} on http://{local}/ (ingest {})",
            config.db.display(),
            if config.allow_ingest {
                "enabled"
            } else {
                "disabled"
            }
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await?;
        Ok(())
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
