//! The JSON API handlers.

use std::collections::BTreeMap;
use std::sync::Arc;

use annalist_doc::{Document, Modality};
use annalist_store::{ActorRef, Query as StoreQuery, StoredEvent};
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::body::{article, read_limited, ArticleParams};
use crate::error::ApiError;
use crate::state::{forbidden, AppState};

type S = State<Arc<AppState>>;
type ApiResult<T> = Result<T, ApiError>;

/// Default page size of listings.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size: a bigger `limit` is lowered to it (the answer says which was used).
pub const MAX_LIMIT: usize = 1000;
/// Events read at most to build the actor list (it is an aggregate over filtered events).
const ACTOR_SCAN_MAX: usize = 5000;

const OPENAPI: &str = include_str!("openapi.json");

fn query_params<T>(q: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(format!("invalid query string: {}", e.body_text())))
}

fn path_param<T>(p: Result<Path<T>, PathRejection>) -> ApiResult<T> {
    p.map(|Path(t)| t)
        .map_err(|e| ApiError::bad_request(format!("invalid path: {}", e.body_text())))
}

/// The store's filters under the names of `annalist query`'s flags, plus paging.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EventParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(
        rename = "type",
        alias = "event_type",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_articles: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// Only for `/api/actors`: part of a name or an id to keep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the store compares dates as text, so anything else would
/// filter silently wrong.
fn valid_day(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

impl EventParams {
    fn page(&self) -> (usize, usize) {
        (
            self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
            self.offset.unwrap_or(0),
        )
    }

    /// The store query these parameters ask for (paging left to the caller).
    fn to_query(&self) -> ApiResult<StoreQuery> {
        for (name, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(d) = given(v) {
                if !valid_day(&d) {
                    return Err(ApiError::unprocessable(format!(
                        "{name}={d:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                    )));
                }
            }
        }
        let modality = match given(&self.modality) {
            None => None,
            Some(m) => Some(
                serde_json::from_value::<Modality>(Value::String(m.to_ascii_lowercase())).map_err(
                    |_| {
                        ApiError::unprocessable(format!(
                            "modality={m:?} is not one of asserted, future, negated, hypothetical"
                        ))
                    },
                )?,
            ),
        };
        Ok(StoreQuery {
            actor: given(&self.actor),
            source: given(&self.source),
            target: given(&self.target),
            country: given(&self.country),
            sector: given(&self.sector),
            event_type: given(&self.event_type),
            mode: given(&self.mode),
            from: given(&self.from),
            to: given(&self.to),
            place: given(&self.place),
            outlet: given(&self.outlet),
            attribution: given(&self.attribution),
            modality,
            text: given(&self.text),
            min_articles: self.min_articles,
            limit: None,
            offset: 0,
        })
    }

    /// The URL of the page at `offset` with the same filters.
    fn link(&self, path: &str, offset: usize, limit: usize) -> String {
        let mut p = self.clone();
        p.offset = Some(offset);
        p.limit = Some(limit);
        match serde_urlencoded::to_string(&p) {
            Ok(q) if !q.is_empty() => format!("{path}?{q}"),
            _ => path.to_string(),
        }
    }
}

/// A page of results with links to its neighbours.
#[derive(Serialize)]
struct Page<T> {
    limit: usize,
    offset: usize,
    count: usize,
    /// The next page, when there is one.
    next: Option<String>,
    prev: Option<String>,
    #[serde(flatten)]
    items: T,
}

fn page<T>(
    p: &EventParams,
    path: &str,
    limit: usize,
    offset: usize,
    count: usize,
    more: bool,
    items: T,
) -> Page<T> {
    Page {
        limit,
        offset,
        count,
        next: more.then(|| p.link(path, offset + limit, limit)),
        prev: (offset > 0).then(|| p.link(path, offset.saturating_sub(limit), limit)),
        items,
    }
}

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "world_outline": crate::assets::world_outline_embedded() }))
}

pub async fn stats(State(s): S) -> ApiResult<Json<Value>> {
    let st = s.read(|store| Ok(store.stats()?)).await?;
    let mut v = serde_json::to_value(st).map_err(|e| ApiError::internal(e.to_string()))?;
    v["ingest_allowed"] = Value::Bool(s.ingest_allowed());
    Ok(Json(v))
}

#[derive(Serialize)]
struct Events {
    events: Vec<StoredEvent>,
}

pub async fn events(
    State(s): S,
    q: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Response> {
    let p = query_params(q)?;
    let mut query = p.to_query()?;
    let (limit, offset) = p.page();
    // One more than asked tells whether a next page exists without counting every match.
    query.limit = Some(limit + 1);
    query.offset = offset;
    let mut events = s.read(move |store| Ok(store.query(&query)?)).await?;
    let more = events.len() > limit;
    events.truncate(limit);
    let body = page(
        &p,
        "/api/events",
        limit,
        offset,
        events.len(),
        more,
        Events { events },
    );
    Ok(Json(body).into_response())
}

pub async fn event(
    State(s): S,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult<Json<StoredEvent>> {
    let id = path_param(id)?;
    s.read(move |store| {
        store
            .event(id)?
            .map(Json)
            .ok_or_else(|| ApiError::not_found(format!("no event {id}")))
    })
    .await
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DocParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<usize>,
}

pub async fn documents(
    State(s): S,
    q: Result<Query<DocParams>, QueryRejection>,
) -> ApiResult<Response> {
    let p = query_params(q)?;
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let offset = p.offset.unwrap_or(0);
    let text = given(&p.text);
    let mut docs = s
        .read(move |store| Ok(store.list_documents(text.as_deref(), limit + 1, offset)?))
        .await?;
    let more = docs.len() > limit;
    docs.truncate(limit);
    let link = |off: usize| {
        let q = serde_urlencoded::to_string(DocParams {
            text: given(&p.text),
            limit: Some(limit),
            offset: Some(off),
        })
        .unwrap_or_default();
        format!("/api/documents?{q}")
    };
    Ok(Json(json!({
        "limit": limit,
        "offset": offset,
        "count": docs.len(),
        "next": more.then(|| link(offset + limit)),
        "prev": (offset > 0).then(|| link(offset.saturating_sub(limit))),
        "documents": docs,
    }))
    .into_response())
}

pub async fn document(
    State(s): S,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<Document>> {
    let id = path_param(id)?;
    s.read(move |store| {
        store
            .document(&id)?
            .map(Json)
            .ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))
    })
    .await
}

/// One actor of the actor list, with how often it appears.
#[derive(Debug, Serialize)]
struct ActorCount {
    #[serde(flatten)]
    actor: ActorRef,
    events: usize,
    as_source: usize,
    as_target: usize,
}

pub async fn actors(
    State(s): S,
    q: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Response> {
    let p = query_params(q)?;
    let query = p.to_query()?;
    let (limit, offset) = p.page();
    let needle = given(&p.q).map(|n| n.to_lowercase());
    // The store has no actor listing yet: the list is aggregated here from the filtered events,
    // read page by page and bounded (`truncated` says when the bound was hit).
    let (counts, scanned, truncated) = s
        .read(move |store| {
            let mut counts: BTreeMap<String, ActorCount> = BTreeMap::new();
            let mut scanned = 0usize;
            let page = 500usize;
            loop {
                let mut q = query.clone();
                q.limit = Some(page);
                q.offset = scanned;
                let evs = store.query(&q)?;
                let n = evs.len();
                for ev in evs {
                    for (role, list) in [(0, ev.source), (1, ev.target)] {
                        for a in list {
                            let c = counts.entry(a.key.clone()).or_insert_with(|| ActorCount {
                                actor: a,
                                events: 0,
                                as_source: 0,
                                as_target: 0,
                            });
                            c.events += 1;
                            if role == 0 {
                                c.as_source += 1;
                            } else {
                                c.as_target += 1;
                            }
                        }
                    }
                }
                scanned += n;
                if n < page {
                    return Ok((counts, scanned, false));
                }
                if scanned >= ACTOR_SCAN_MAX {
                    return Ok((counts, scanned, true));
                }
            }
        })
        .await?;
    let mut list: Vec<ActorCount> = counts
        .into_values()
        .filter(|c| match &needle {
            None => true,
            Some(n) => {
                c.actor.key.to_lowercase() == *n
                    || c.actor
                        .id
                        .as_deref()
                        .is_some_and(|i| i.to_lowercase() == *n)
                    || c.actor
                        .name
                        .as_deref()
                        .is_some_and(|x| x.to_lowercase().contains(n.as_str()))
            }
        })
        .collect();
    list.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| a.actor.key.cmp(&b.actor.key))
    });
    let total = list.len();
    let items: Vec<ActorCount> = list.into_iter().skip(offset).take(limit).collect();
    let more = offset + items.len() < total;
    let mut body = serde_json::to_value(page(
        &p,
        "/api/actors",
        limit,
        offset,
        items.len(),
        more,
        json!({ "actors": items }),
    ))
    .map_err(|e| ApiError::internal(e.to_string()))?;
    body["total"] = json!(total);
    body["events_scanned"] = json!(scanned);
    body["truncated"] = json!(truncated);
    Ok(Json(body).into_response())
}

pub async fn timeline(
    State(s): S,
    actor: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<Value>> {
    let actor = path_param(actor)?;
    if actor.trim().is_empty() {
        return Err(ApiError::unprocessable("name an actor"));
    }
    let a = actor.clone();
    let entries = s.read(move |store| Ok(store.timeline(&a)?)).await?;
    Ok(Json(
        json!({ "actor": actor, "count": entries.len(), "entries": entries }),
    ))
}

pub async fn dyads(
    State(s): S,
    q: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let p = query_params(q)?;
    let query = p.to_query()?;
    let rows = s.read(move |store| Ok(store.dyad_months(&query)?)).await?;
    Ok(Json(json!({ "count": rows.len(), "dyads": rows })))
}

/// Runs the pipeline on a posted article, one document per core at a time.
async fn analyse(
    s: &Arc<AppState>,
    headers: &HeaderMap,
    body: Body,
    params: ArticleParams,
) -> ApiResult<Document> {
    let keep_tokens = params.tokens.unwrap_or(false);
    let bytes = read_limited(headers, body, s.max_body).await?;
    let mut doc = article(&s.reader, headers, &bytes, params)?;
    let _permit = s
        .jobs
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    let pipeline = s.pipeline.clone();
    let (done, answer) = tokio::sync::oneshot::channel();
    // (on the server's pipeline threads, see `AppState::workers`; a panic is caught here, as
    // a pool thread that panics would end the process)
    s.workers.spawn(move || {
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            pipeline.process(&mut doc, &annalist_pipeline::Options::default());
            if !keep_tokens {
                doc.tokens.clear();
            }
            doc
        }));
        let _ = done.send(out);
    });
    let doc = answer
        .await
        .map_err(|_| ApiError::internal("the analysis failed: its thread stopped"))?
        .map_err(|_| ApiError::internal("the analysis failed: a panic in the pipeline"))?;
    Ok(doc)
}

pub async fn extract(
    State(s): S,
    q: Result<Query<ArticleParams>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<Document>> {
    let params = query_params(q)?;
    Ok(Json(analyse(&s, &headers, body, params).await?))
}

pub async fn ingest(
    State(s): S,
    q: Result<Query<ArticleParams>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    // Refused before the body is read or analysed.
    if !s.ingest_allowed() {
        return Err(forbidden());
    }
    let params = query_params(q)?;
    let doc = analyse(&s, &headers, body, params).await?;
    let id = doc.id.clone();
    let events = doc.events.len();
    let outcome = s
        .write(move |store| Ok(store.insert_batch(std::slice::from_ref(&doc))?))
        .await?;
    let status = if outcome.inserted > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = json!({
        "id": id,
        "stored": outcome.inserted > 0,
        "duplicate": outcome.duplicates > 0,
        "events": events,
        "mentions": outcome.mentions,
        "merged": outcome.merged,
        "document": format!("/api/documents/{id}"),
    });
    Ok((status, Json(body)).into_response())
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such resource: {}", uri.path()))
}

pub async fn method_not_allowed(uri: Uri, method: axum::http::Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// A handler panicked (a bug): the client still gets a JSON 500.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("internal error").into_response()
}
