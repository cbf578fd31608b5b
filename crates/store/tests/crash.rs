//! A writer killed with SIGKILL in the middle of an ingest leaves a consistent database holding
//! whole batches only, and a re-run stores exactly what is missing.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use annalist_doc::Document;
use annalist_store::Store;
use common::*;

const BATCH: usize = 50;
const TOTAL: usize = 5_000;
const CHILD_ENV: &str = "ANNALIST_STORE_CRASH_DB";

fn corpus() -> impl Iterator<Item = Document> {
    (0..TOTAL).map(|i| {
        // Four calls a week apart (beyond the dedup tolerance), each reported many times.
        let day = format!("2025-01-{:02}", i % 4 * 7 + 1);
        let e = dated(
            event("CONSULT", "telefonata", vec![kim(), putin()], vec![]),
            &day,
            "day",
        );
        doc(
            &format!("d{i}"),
            ["ansa", "rai", "reuters"][i % 3],
            &day,
            &format!("Articolo {i} sulla città.\nKim e Putin hanno avuto una telefonata.\n"),
            vec![e],
        )
    })
}

/// The writer the parent kills: runs only when the parent sets the variable.
#[test]
#[ignore = "child process of killed_writer_leaves_whole_batches"]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(path).unwrap();
    store.ingest(corpus(), BATCH, |_| {}).unwrap();
}

fn stored(path: &std::path::Path) -> i64 {
    let Ok(c) = rusqlite::Connection::open(path) else {
        return 0;
    };
    c.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn killed_writer_leaves_whole_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_ENV, &path)
        .spawn()
        .unwrap();
    let start = Instant::now();
    while stored(&path) < (BATCH * 4) as i64 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "child wrote nothing"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("child ended before being killed: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no rollback, no checkpoint
    child.wait().unwrap();

    let mut store = Store::open(&path).unwrap();
    assert!(store.check_integrity().unwrap().is_empty());
    let st = store.stats().unwrap();
    let docs = st.documents as usize;
    assert!((BATCH * 4..TOTAL).contains(&docs), "{docs} documents");
    assert_eq!(
        docs % BATCH,
        0,
        "a partial batch is visible: {docs} documents"
    );
    assert_eq!(st.sentences as usize, 2 * docs);
    assert_eq!(st.event_mentions as usize, docs);
    // Every event's counters agree with its mentions.
    let events = store
        .query(&annalist_store::Query {
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    let mentions: i64 = events.iter().map(|e| e.mentions.len() as i64).sum();
    assert_eq!(mentions as usize, docs);
    assert!(events
        .iter()
        .all(|e| e.num_articles == e.mentions.len() as i64));

    // The re-run resumes: what was stored is recognised, the rest is added.
    let skipped = corpus()
        .filter(|d| store.contains_text(&d.text).unwrap())
        .count();
    assert_eq!(skipped, docs);
    let total = store.ingest(corpus(), 500, |_| {}).unwrap();
    assert_eq!(total.outcome.duplicates, docs);
    assert_eq!(total.outcome.inserted, TOTAL - docs);
    let st = store.stats().unwrap();
    assert_eq!(st.documents as usize, TOTAL);
    assert_eq!(st.events, 4);
    assert_eq!(st.multi_article_events, 4);
    assert!(store.check_integrity().unwrap().is_empty());
}
