//! The HTTP API through the router (no socket): every endpoint, the filters, paging, the JSON
//! errors, read-only mode, and the OpenAPI description against the real routes.
//!
//! Each test builds its own database in a temporary folder from the seed article of the
//! repository (`examples/kim-putin-telefonata.it.txt`, published 2025-08-13) and a short English
//! article, analysed by the embedded pipeline.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use annalist_doc::Document;
use annalist_pipeline::{Options, Pipeline};
use annalist_server::{app, ServerConfig, ROUTES};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

const ENGLISH: &str = "Biden meets Zelensky in Washington\n\
US President Joe Biden met Ukrainian President Volodymyr Zelensky in Washington on Tuesday. \
Biden promised new military aid to Ukraine.";

fn pipeline() -> Arc<Pipeline> {
    static P: OnceLock<Arc<Pipeline>> = OnceLock::new();
    P.get_or_init(|| Arc::new(Pipeline::embedded().expect("embedded packs build")))
        .clone()
}

fn seed_text() -> String {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin-telefonata.it.txt");
    std::fs::read_to_string(p).expect("the seed example is in the repository")
}

fn analysed(id: &str, text: &str, published: &str) -> Document {
    let mut d = Document::new(id, text);
    d.published = Some(published.into());
    d.title = text.lines().next().map(str::to_string);
    d.outlet = Some(if id == "seed" { "Agenzia" } else { "Wire" }.into());
    pipeline().process(&mut d, &Options::default());
    d
}

/// A database with the seed and the English article, and its folder (kept alive by the caller).
fn database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("t.db");
    let mut store = annalist_store::Store::open(&db).expect("create db");
    store
        .insert_batch(&[
            analysed("seed", &seed_text(), "2025-08-13"),
            analysed("en1", ENGLISH, "2024-09-24"),
        ])
        .expect("insert");
    (dir, db)
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
}

fn fixture_with(f: impl FnOnce(&mut ServerConfig)) -> Fixture {
    let (dir, db) = database();
    let mut config = ServerConfig::new(db, pipeline());
    f(&mut config);
    Fixture {
        _dir: dir,
        app: app(&config).expect("app builds"),
    }
}

fn fixture() -> Fixture {
    fixture_with(|_| {})
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let resp = app.clone().oneshot(req).await.expect("router never fails");
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("body");
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, v)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, ctype: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, ctype)
        .body(body.into())
        .unwrap();
    send(app, req).await
}

fn assert_error(status: StatusCode, v: &Value, expected: StatusCode) {
    assert_eq!(status, expected, "{v}");
    assert_eq!(v["status"], expected.as_u16(), "{v}");
    assert!(
        v["error"].as_str().is_some_and(|s| !s.is_empty()),
        "an error message: {v}"
    );
}

fn events(v: &Value) -> &Vec<Value> {
    v["events"].as_array().expect("events array")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn health_and_stats() {
    let f = fixture();
    let (s, v) = get(&f.app, "/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");
    let (s, v) = get(&f.app, "/api/stats").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"], 2);
    assert!(v["events"].as_i64().unwrap() > 5, "{v}");
    assert_eq!(v["ingest_allowed"], false);
}

#[tokio::test]
async fn events_filters() {
    let f = fixture();
    let (s, all) = get(&f.app, "/api/events?limit=1000").await;
    assert_eq!(s, StatusCode::OK);
    let n = events(&all).len();
    assert!(n > 5);

    let (_, v) = get(&f.app, "/api/events?type=CONSULT&limit=1000").await;
    let consult = events(&v);
    assert!(!consult.is_empty() && consult.len() < n);
    assert!(consult.iter().all(|e| e["event_type"] == "CONSULT"));
    // `event_type` is accepted as the parameter's long name; lower case is normalised.
    let (_, v2) = get(&f.app, "/api/events?event_type=consult&limit=1000").await;
    assert_eq!(events(&v2).len(), consult.len());

    let (_, v) = get(&f.app, "/api/events?actor=Q7747&limit=1000").await;
    let putin = events(&v);
    assert!(!putin.is_empty());
    for e in putin {
        let mut who = names(&e["source"]);
        who.extend(names(&e["target"]));
        assert!(who.iter().any(|w| w == "Vladimir Putin"), "{e}");
    }
    let (_, by_name) = get(&f.app, "/api/events?actor=putin&limit=1000").await;
    assert_eq!(events(&by_name).len(), putin.len());
    let (_, v) = get(&f.app, "/api/events?source=Putin&target=Kim&limit=1000").await;
    for e in events(&v) {
        assert!(names(&e["source"]).iter().any(|w| w.contains("Putin")));
        assert!(names(&e["target"]).iter().any(|w| w.contains("Kim")));
    }

    let (_, v) = get(&f.app, "/api/events?country=PRK&limit=1000").await;
    assert!(!events(&v).is_empty() && events(&v).len() < n);

    let (_, v) = get(
        &f.app,
        "/api/events?from=2025-08-01&to=2025-08-31&limit=1000",
    )
    .await;
    assert!(!events(&v).is_empty());
    for e in events(&v) {
        let from = e["date_from"].as_str().unwrap();
        assert!(from.starts_with("2025-08"), "{from}");
    }
    let (_, v) = get(&f.app, "/api/events?to=2018&limit=1000").await;
    assert!(
        events(&v).is_empty(),
        "no event before 2019 in these articles"
    );

    let (_, v) = get(&f.app, "/api/events?place=Kursk&limit=1000").await;
    assert!(!events(&v).is_empty());
    assert!(events(&v).iter().all(|e| e["location"] == "Kursk"));

    let (_, v) = get(&f.app, "/api/events?outlet=wire&limit=1000").await;
    assert!(!events(&v).is_empty());
    assert!(events(&v)
        .iter()
        .all(|e| e["mentions"][0]["doc_id"] == "en1"));

    let (_, v) = get(&f.app, "/api/events?modality=future&limit=1000").await;
    assert!(!events(&v).is_empty());
    for e in events(&v) {
        let ms = e["mentions"].as_array().unwrap();
        assert!(ms.iter().any(|m| m["event"]["modality"] == "future"));
    }

    let (_, v) = get(&f.app, "/api/events?attribution=Kcna&limit=1000").await;
    assert!(!events(&v).is_empty());

    let (_, v) = get(&f.app, "/api/events?text=telefonata&limit=1000").await;
    assert!(!events(&v).is_empty());
    assert!(events(&v)
        .iter()
        .all(|e| e["mentions"][0]["doc_id"] == "seed"));

    let (_, v) = get(&f.app, "/api/events?actor=Nobody%20At%20All").await;
    assert!(events(&v).is_empty());
    assert_eq!(v["next"], Value::Null);
}

#[tokio::test]
async fn events_pagination_follows_next_links() {
    let f = fixture();
    let (_, all) = get(&f.app, "/api/events?limit=1000").await;
    let all_ids: Vec<i64> = events(&all)
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    let mut seen = Vec::new();
    let mut uri = "/api/events?limit=4".to_string();
    let mut pages = 0;
    loop {
        let (s, v) = get(&f.app, &uri).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["limit"], 4);
        assert!(events(&v).len() <= 4);
        if pages > 0 {
            assert!(v["prev"].is_string());
        }
        seen.extend(events(&v).iter().map(|e| e["id"].as_i64().unwrap()));
        pages += 1;
        match v["next"].as_str() {
            Some(next) => uri = next.to_string(),
            None => break,
        }
        assert!(pages < 100, "next links must end");
    }
    assert_eq!(seen, all_ids, "pages in order cover every event once");
    assert!(pages > 1);
    // Filters survive in the links.
    let (_, v) = get(&f.app, "/api/events?type=CONSULT&limit=1").await;
    assert!(v["next"].as_str().unwrap().contains("type=CONSULT"));
    // A limit over the maximum is lowered, not refused.
    let (s, v) = get(&f.app, "/api/events?limit=100000").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["limit"], 1000);
}

#[tokio::test]
async fn event_by_id() {
    let f = fixture();
    let (_, all) = get(&f.app, "/api/events?limit=1").await;
    let id = events(&all)[0]["id"].as_i64().unwrap();
    let (s, v) = get(&f.app, &format!("/api/events/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["id"], id);
    assert!(!v["mentions"][0]["sentence_text"]
        .as_str()
        .unwrap()
        .is_empty());
    let (s, v) = get(&f.app, "/api/events/999999").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = get(&f.app, "/api/events/abc").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn documents_list_and_view() {
    let f = fixture();
    let (s, v) = get(&f.app, "/api/documents").await;
    assert_eq!(s, StatusCode::OK);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "seed", "most recently published first");
    let (_, v) = get(&f.app, "/api/documents?limit=1").await;
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    assert!(v["next"].as_str().unwrap().contains("offset=1"));
    let (_, v) = get(&f.app, "/api/documents?text=Zelensky").await;
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "en1");

    let (s, d) = get(&f.app, "/api/documents/seed").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["published"], "2025-08-13");
    for k in ["sentences", "entities", "times", "events"] {
        assert!(!d[k].as_array().unwrap().is_empty(), "{k}");
    }
    let (s, v) = get(&f.app, "/api/documents/nope").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn actors_timeline_dyads() {
    let f = fixture();
    let (s, v) = get(&f.app, "/api/actors").await;
    assert_eq!(s, StatusCode::OK);
    let actors = v["actors"].as_array().unwrap();
    let putin = actors
        .iter()
        .find(|a| a["id"] == "Q7747")
        .expect("Putin is an actor");
    assert!(putin["events"].as_u64().unwrap() >= 2);
    assert_eq!(
        putin["events"].as_u64().unwrap(),
        putin["as_source"].as_u64().unwrap() + putin["as_target"].as_u64().unwrap()
    );
    let counts: Vec<u64> = actors
        .iter()
        .map(|a| a["events"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first"
    );
    let (_, v) = get(&f.app, "/api/actors?q=kim").await;
    let found = names(&v["actors"]);
    assert!(!found.is_empty() && found.iter().all(|n| n.to_lowercase().contains("kim")));
    let (_, v) = get(&f.app, "/api/actors?country=USA").await;
    assert!(names(&v["actors"])
        .iter()
        .any(|n| n.contains("Biden") || n.contains("Trump")));

    let (s, v) = get(&f.app, "/api/actors/Q7747/timeline").await;
    assert_eq!(s, StatusCode::OK);
    let entries = v["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert!(entries
        .iter()
        .all(|e| e["role"] == "source" || e["role"] == "target"));
    let (_, v) = get(&f.app, "/api/actors/Nobody/timeline").await;
    assert_eq!(v["count"], 0);

    let (_, all) = get(&f.app, "/api/events?type=CONSULT&limit=1000").await;
    let (s, v) = get(&f.app, "/api/dyads?type=CONSULT").await;
    assert_eq!(s, StatusCode::OK);
    let total: i64 = v["dyads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["events"].as_i64().unwrap())
        .sum();
    assert_eq!(total as usize, events(&all).len());
}

#[tokio::test]
async fn bad_parameters_are_json_errors() {
    let f = fixture();
    let (s, v) = get(&f.app, "/api/events?limit=x").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = get(&f.app, "/api/events?from=13/08/2025").await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = get(&f.app, "/api/dyads?modality=perhaps").await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = get(&f.app, "/api/nothing-here").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = get(&f.app, "/assets/missing.js").await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let req = Request::delete("/api/events").body(Body::empty()).unwrap();
    let (s, v) = send(&f.app, req).await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
    let (s, v) = post(&f.app, "/api/events", "application/json", "{}").await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
    let (s, v) = get(&f.app, "/api/extract").await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn extract_json_text_and_html() {
    let f = fixture();
    let body = serde_json::json!({ "text": seed_text(), "published": "2025-08-13", "lang": "it" });
    let (s, d) = post(&f.app, "/api/extract", "application/json", body.to_string()).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["published"], "2025-08-13");
    assert_eq!(d["lang"], "it");
    let evs = d["events"].as_array().unwrap();
    assert!(evs
        .iter()
        .any(|e| e["event_type"] == "CONSULT" && e["mode"] == "phone"));
    assert!(d.get("tokens").is_none(), "tokens are left out by default");

    // Raw text with metadata in the query string gives the same document.
    let (s, raw) = post(
        &f.app,
        "/api/extract?published=2025-08-13&lang=it",
        "text/plain; charset=utf-8",
        seed_text(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(raw["events"], d["events"]);

    let html = "<html><head><title>Biden meets Zelensky</title></head><body><article><h1>Biden meets Zelensky</h1>\
        <p>US President Joe Biden met Ukrainian President Volodymyr Zelensky in Washington on Tuesday.</p></article></body></html>";
    let (s, h) = post(
        &f.app,
        "/api/extract?published=2024-09-24",
        "text/html",
        html,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert!(h["text"].as_str().unwrap().contains("Zelensky"));
    assert!(!h["text"].as_str().unwrap().contains("<p>"));
    assert!(!h["entities"].as_array().unwrap().is_empty());

    // Extract stores nothing.
    let (_, st) = get(&f.app, "/api/stats").await;
    assert_eq!(st["documents"], 2);
}

#[tokio::test]
async fn extract_rejects_bad_bodies() {
    let f = fixture_with(|c| c.max_body_bytes = 1000);
    let (s, v) = post(&f.app, "/api/extract", "application/json", "{\"text\": ").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post(
        &f.app,
        "/api/extract",
        "application/json",
        "{\"txt\": \"x\"}",
    )
    .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = post(&f.app, "/api/extract", "application/json", "{}").await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = post(
        &f.app,
        "/api/extract",
        "application/json",
        r#"{"text": "a", "html": "<p>a</p>"}"#,
    )
    .await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = post(&f.app, "/api/extract", "text/plain", "   \n  ").await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = post(
        &f.app,
        "/api/extract?published=yesterday-ish",
        "text/plain",
        "Kim ha telefonato a Putin.",
    )
    .await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = post(&f.app, "/api/extract", "image/png", "x").await;
    assert_error(s, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Over the limit: refused from the declared length, and from the streamed length.
    let big = "a".repeat(1001);
    let req = Request::post("/api/extract")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big.clone()))
        .unwrap();
    let (s, v) = send(&f.app, req).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, v) = post(&f.app, "/api/extract", "text/plain", big).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
    // At the limit is fine.
    let (s, _) = post(
        &f.app,
        "/api/extract",
        "text/plain",
        "Kim ha telefonato a Putin. ".repeat(37),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn ingest_is_refused_in_read_only_mode() {
    let f = fixture();
    let (s, v) = post(&f.app, "/api/ingest", "text/plain", ENGLISH).await;
    assert_error(s, &v, StatusCode::FORBIDDEN);
    let (_, st) = get(&f.app, "/api/stats").await;
    assert_eq!(st["documents"], 2);
}

#[tokio::test]
async fn ingest_stores_when_allowed() {
    let f = fixture_with(|c| c.allow_ingest = true);
    let (_, st) = get(&f.app, "/api/stats").await;
    assert_eq!(st["ingest_allowed"], true);
    let text = "Merkel visita Roma\nLa cancelliera tedesca Angela Merkel ha incontrato il presidente del Consiglio a Roma lunedì.";
    let body = serde_json::json!({ "text": text, "published": "2020-02-10", "id": "merkel", "outlet": "Test" });
    let (s, v) = post(&f.app, "/api/ingest", "application/json", body.to_string()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["stored"], true);
    assert_eq!(v["id"], "merkel");
    let (s, d) = get(&f.app, "/api/documents/merkel").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["outlet"], "Test");
    let (_, st) = get(&f.app, "/api/stats").await;
    assert_eq!(st["documents"], 3);
    // The same text again is recognised, not stored twice.
    let (s, v) = post(&f.app, "/api/ingest", "application/json", body.to_string()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["duplicate"], true);
    let (_, st) = get(&f.app, "/api/stats").await;
    assert_eq!(st["documents"], 3);
}

#[tokio::test]
async fn a_missing_database_is_an_error_unless_ingest_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent.db");
    let config = ServerConfig::new(&db, pipeline());
    let Err(err) = app(&config) else {
        panic!("a missing database must be refused")
    };
    assert!(err.to_string().contains("no such database"), "{err}");
    let mut config = ServerConfig::new(&db, pipeline());
    config.allow_ingest = true;
    let app = app(&config).expect("created");
    let (_, st) = get(&app, "/api/stats").await;
    assert_eq!(st["documents"], 0);
}

#[tokio::test]
async fn openapi_describes_every_route_and_every_route_answers() {
    let f = fixture();
    let (s, spec) = get(&f.app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    assert!(spec["info"]["title"].is_string() && spec["info"]["version"].is_string());
    let paths = spec["paths"].as_object().unwrap();
    for (method, path) in ROUTES {
        let op = &paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} missing from the OpenAPI paths"))[*method];
        assert!(op.is_object(), "{method} {path} not described");
        assert!(!op["responses"].as_object().unwrap().is_empty());
    }
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                ROUTES.contains(&(method.as_str(), path.as_str())),
                "{method} {path} is described but not routed"
            );
        }
    }
    // Every `$ref` points at something that exists.
    let text = spec.to_string();
    for r in text.split("\"$ref\":\"#/").skip(1) {
        let target = &r[..r.find('"').unwrap()];
        let mut node = &spec;
        for part in target.split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "dangling $ref #/{target}");
    }
    // Every routed path answers its method (neither 404 from the fallback nor 405).
    for (method, path) in ROUTES {
        let uri = path
            .replace(
                "{id}",
                if path.contains("documents") {
                    "seed"
                } else {
                    "1"
                },
            )
            .replace("{actor}", "Q7747");
        let req = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("Kim ha telefonato a Putin."))
            .unwrap();
        let (s, v) = send(&f.app, req).await;
        assert!(
            s.is_success() || (uri == "/api/ingest" && s == StatusCode::FORBIDDEN),
            "{method} {uri}: {s} {v}"
        );
    }
}

#[tokio::test]
async fn ui_and_assets_are_served() {
    let f = fixture();
    for (uri, ctype) in [
        ("/", "text/html"),
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
        ("/assets/world-110m.json", "application/json"),
    ] {
        let resp = f
            .app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{uri}");
        let ct = resp.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_string();
        assert!(ct.starts_with(ctype), "{uri}: {ct}");
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(!bytes.is_empty());
        if uri.ends_with(".json") {
            let v: Value = serde_json::from_slice(&bytes).expect("the outline asset is JSON");
            assert!(v["type"] == "Topology" || v["missing"].is_string());
        }
        if uri == "/" {
            let html = String::from_utf8_lossy(&bytes);
            assert!(html.contains("/assets/app.js") && html.contains("id=\"filters\""));
        }
    }
}
