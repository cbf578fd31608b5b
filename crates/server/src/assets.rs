//! The web UI, compiled into the binary: plain HTML, CSS and JavaScript written for annalist
//! (`web/assets/`), and the world outline that `build.rs` took from npm's `world-atlas`.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

const INDEX: &str = include_str!("../web/assets/index.html");
const APP_JS: &str = include_str!("../web/assets/app.js");
const APP_CSS: &str = include_str!("../web/assets/app.css");
const WORLD: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/world-110m.json"));

/// Whether the world outline was built in (false when npm's `world-atlas` was absent).
pub fn world_outline_embedded() -> bool {
    !WORLD.starts_with(br#"{"missing""#)
}

pub async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
        .into_response()
}

pub async fn asset(Path(name): Path<String>) -> Response {
    let (ctype, body): (&str, &'static [u8]) = match name.as_str() {
        "app.js" => ("text/javascript; charset=utf-8", APP_JS.as_bytes()),
        "app.css" => ("text/css; charset=utf-8", APP_CSS.as_bytes()),
        "world-110m.json" => ("application/json", WORLD),
        _ => return ApiError::not_found(format!("no asset {name:?}")).into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
