//! Posted articles: the body read under the size limit, then turned into a [`Document`] the
//! same way the CLI reads files (the ingest crate's text and HTML readers), so an article
//! pasted into the UI gives the events `annalist extract` gives for the same file.

use annalist_doc::Document;
use annalist_ingest::{normalise_date, Format, Reader};
use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Deserialize;

use crate::error::ApiError;

/// The JSON form of a posted article. Exactly one of `text` and `html`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArticleJson {
    pub text: Option<String>,
    pub html: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
}

/// Metadata given in the query string, for raw `text/plain` and `text/html` bodies.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArticleParams {
    pub published: Option<String>,
    pub lang: Option<String>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Keep word tokens in the answer (left out by default, as in `annalist extract`).
    pub tokens: Option<bool>,
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body over the limit of {limit} bytes"),
    )
}

/// Reads the whole body, refusing more than `limit` bytes: at once when `Content-Length` says
/// so, else as soon as the streamed bytes pass the limit.
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    if let Some(n) = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        if n > limit as u64 {
            return Err(too_large(limit));
        }
    }
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes().to_vec()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large(limit)),
        Err(e) => Err(ApiError::bad_request(format!(
            "reading the request body: {e}"
        ))),
    }
}

/// Builds the document a request posts: JSON `{"text"|"html", ...}`, or a raw `text/plain` or
/// `text/html` body with metadata in the query string.
pub fn article(
    reader: &Reader,
    headers: &HeaderMap,
    bytes: &[u8],
    params: ArticleParams,
) -> Result<Document, ApiError> {
    let ctype = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let mut meta = ArticleJson {
        published: params.published,
        lang: params.lang,
        id: params.id,
        title: params.title,
        url: params.url,
        outlet: params.outlet,
        ..Default::default()
    };
    let (format, content): (Format, Vec<u8>) = match ctype.as_str() {
        "application/json" => {
            let j: ArticleJson = serde_json::from_slice(bytes)
                .map_err(|e| ApiError::bad_request(format!("malformed JSON body: {e}")))?;
            let (format, content) = match (j.text, j.html) {
                (Some(t), None) => (Format::Text, t.into_bytes()),
                (None, Some(h)) => (Format::Html, h.into_bytes()),
                (Some(_), Some(_)) => {
                    return Err(ApiError::unprocessable(
                        "give either \"text\" or \"html\", not both",
                    ))
                }
                (None, None) => {
                    return Err(ApiError::unprocessable(
                        "the JSON body needs a \"text\" or an \"html\" field",
                    ))
                }
            };
            // Body fields win over the query string.
            meta.published = j.published.or(meta.published);
            meta.lang = j.lang.or(meta.lang);
            meta.id = j.id.or(meta.id);
            meta.title = j.title.or(meta.title);
            meta.url = j.url.or(meta.url);
            meta.outlet = j.outlet.or(meta.outlet);
            (format, content)
        }
        "text/html" | "application/xhtml+xml" => (Format::Html, bytes.to_vec()),
        "text/plain" | "" => (Format::Text, bytes.to_vec()),
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported content type {other:?}: send application/json, text/plain or text/html"),
            ))
        }
    };
    let name = if format == Format::Html {
        "request.html"
    } else {
        "request.txt"
    };
    let mut records = reader.read_bytes(name, &content, Some(format)).into_iter();
    let mut doc = match records.next() {
        Some(Ok(r)) => r.doc,
        Some(Err(e)) => return Err(ApiError::unprocessable(e.to_string())),
        None => return Err(ApiError::unprocessable("the posted article has no text")),
    };
    if doc.text.trim().is_empty() {
        return Err(ApiError::unprocessable("the posted article has no text"));
    }
    if let Some(p) = meta.published.filter(|p| !p.trim().is_empty()) {
        match normalise_date(&p) {
            Some(d) => doc.published = Some(d),
            None => {
                return Err(ApiError::unprocessable(format!(
                    "published {p:?} is not a date (use ISO 8601, e.g. 2025-08-13)"
                )))
            }
        }
    }
    if let Some(l) = meta.lang.filter(|l| !l.trim().is_empty()) {
        let l = l.trim();
        if l.len() > 8
            || !l
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
        {
            return Err(ApiError::unprocessable(format!(
                "lang {l:?} is not a language code (use ISO 639-1, e.g. it, en)"
            )));
        }
        doc.lang = Some(l.to_ascii_lowercase());
    }
    if let Some(v) = meta.id.filter(|v| !v.is_empty()) {
        doc.id = v;
    }
    if let Some(v) = meta.title.filter(|v| !v.is_empty()) {
        doc.title = Some(v);
    }
    if let Some(v) = meta.url.filter(|v| !v.is_empty()) {
        doc.url = Some(v);
    }
    if let Some(v) = meta.outlet.filter(|v| !v.is_empty()) {
        doc.outlet = Some(v);
    }
    Ok(doc)
}
