//! Errors: [`ServerError`] for starting the server, [`ApiError`] for one request.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    #[error("{}: no such database (create one with `annalist ingest PATH --db {}`, or start with --allow-ingest)", .0.display(), .0.display())]
    NoDatabase(PathBuf),
    #[error("opening the database: {0}")]
    Store(#[from] annalist_store::StoreError),
    #[error("building the input reader: {0}")]
    Reader(String),
    #[error("binding {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("serving: {0}")]
    Io(#[from] std::io::Error),
    #[error("starting the pipeline's threads: {0}")]
    Workers(#[from] rayon::ThreadPoolBuildError),
}

/// A request that failed: answered as `{"error": message, "status": code}` with that status,
/// so every client (the UI, curl, a script) reads failures the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
    /// The request is malformed (bad JSON, bad query string).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    /// The request is well-formed but a value makes no sense (unknown modality, bad date).
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<annalist_store::StoreError> for ApiError {
    fn from(e: annalist_store::StoreError) -> Self {
        ApiError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}
