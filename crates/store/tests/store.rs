//! Behaviour of the store on real SQLite files in temporary directories.

mod common;

use annalist_doc::{Document, Modality, Span};
use annalist_store::{Query, Role, Store, StoreError, SCHEMA_VERSION};
use common::*;

fn tmp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db")).unwrap();
    (dir, store)
}

#[test]
fn opens_empty_file_with_latest_schema_and_wal() {
    let (dir, store) = tmp_store();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.query(&Query::default()).unwrap().is_empty());
    assert!(store.list_documents(Some("x"), 10, 0).unwrap().is_empty());
    assert_eq!(store.stats().unwrap().documents, 0);
    let mode: String = rusqlite::Connection::open(dir.path().join("t.db"))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Opening again does not re-run migrations.
    drop(store);
    let again = Store::open(dir.path().join("t.db")).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn migrates_from_v1_keeping_documents_and_indexing_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let v1 = Store::open_at_version(&path, 1).unwrap();
    assert_eq!(v1.schema_version().unwrap(), 1);
    drop(v1);
    // A document written by a v1 build.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO documents (id, text_hash, lang, text, ingested_at)
         VALUES ('old', ?1, 'it', 'La città di Kursk.', '2025-01-01T00:00:00Z')",
        [annalist_store::text_hash("La città di Kursk.")],
    )
    .unwrap();
    drop(conn);
    // A v1 database is refused read-only: it must be migrated first.
    assert!(matches!(
        Store::open_read_only(&path),
        Err(StoreError::NeedsMigration { found: 1, .. })
    ));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let found = store.list_documents(Some("citta"), 10, 0).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "old");
    assert!(store.contains_text("La città di Kursk.").unwrap());
    assert!(Store::open_read_only(&path).is_ok());
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::SchemaTooNew { found: 99, .. })
    ));
}

#[test]
fn same_text_twice_is_one_document() {
    let (_dir, mut store) = tmp_store();
    let a = call_it();
    let mut b = call_it();
    b.id = "another-id-same-text".into();
    let o = store.insert_batch(std::slice::from_ref(&a)).unwrap();
    assert_eq!((o.inserted, o.duplicates), (1, 0));
    let before = store.stats().unwrap();
    let o = store.insert_batch(&[b, a.clone()]).unwrap();
    assert_eq!((o.inserted, o.duplicates), (0, 2));
    assert_eq!(o.mentions, 0);
    let after = store.stats().unwrap();
    assert_eq!(before, after);
    assert!(store.contains_text(&a.text).unwrap());
    assert!(!store.contains_text("something else").unwrap());
}

#[test]
fn document_round_trips() {
    let (_dir, mut store) = tmp_store();
    let mut d = call_it();
    d.times.push(time(
        "lo scorso anno",
        "2024",
        "year",
        "2024-01-01",
        "2024-12-31",
    ));
    d.warn("odd quote", Some(Span::new(0, 3)));
    d.extra.insert("feed".into(), serde_json::json!("rss"));
    d.entities.push(kim());
    store.insert_batch(&[d.clone()]).unwrap();
    let back = store.document("it-1").unwrap().unwrap();
    assert_eq!(back, d);
    assert_eq!(store.document("missing").unwrap(), None);
    let mut all = Vec::new();
    store.export_documents_jsonl(&mut all).unwrap();
    let line: Document =
        serde_json::from_slice(all.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line, d);
}

#[test]
fn two_articles_on_the_same_event_make_one_event_with_two_mentions() {
    let (_dir, mut store) = tmp_store();
    let o = store.insert_batch(&[call_it(), call_en()]).unwrap();
    assert_eq!(o.inserted, 2);
    assert_eq!(o.mentions, 4);
    assert_eq!(o.merged, 2);
    let calls = store
        .query(&Query {
            event_type: Some("CONSULT".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(calls.len(), 1);
    let c = &calls[0];
    assert_eq!(c.num_articles, 2);
    assert_eq!(c.num_sources, 2);
    assert_eq!(c.num_mentions, 2);
    assert_eq!(c.mentions.len(), 2);
    assert_eq!(c.mode.as_deref(), Some("phone"));
    // The CAMEO code and Goldstein value one report gave stay on the event.
    assert_eq!(c.cameo.as_deref(), Some("040"));
    assert_eq!(c.goldstein, Some(1.0));
    let mut ids: Vec<_> = c.source.iter().filter_map(|a| a.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, ["Q56226", "Q7747"]);
    // Evidence: the sentence each article states it in, and its trigger.
    assert_eq!(c.mentions[0].outlet.as_deref(), Some("ansa"));
    assert_eq!(
        c.mentions[0].sentence_text,
        "Kim Jong Un e Vladimir Putin hanno avuto una telefonata mercoledì."
    );
    assert_eq!(c.mentions[1].event.trigger.text, "phone call");
    // Each article's own attribution stays on its mention.
    let attrs: Vec<_> = c
        .mentions
        .iter()
        .map(|m| m.event.attribution.as_ref().unwrap().text.as_str())
        .collect();
    assert_eq!(attrs, ["Kcna", "Tass"]);
    assert_eq!(store.stats().unwrap().multi_article_events, 2);
}

#[test]
fn conflicting_quantities_are_kept_side_by_side() {
    let (_dir, mut store) = tmp_store();
    store.insert_batch(&[call_it(), call_en()]).unwrap();
    let troops = store
        .query(&Query {
            event_type: Some("mobilize".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(
        troops.len(),
        1,
        "year 2024 and autumn 2024 overlap: one event"
    );
    let mut counts: Vec<f64> = troops[0]
        .mentions
        .iter()
        .map(|m| m.event.quantity.as_ref().unwrap().value)
        .collect();
    counts.sort_by(f64::total_cmp);
    assert_eq!(counts, [12000.0, 15000.0]);
    // The later, more precise report narrows the event's date.
    assert_eq!(troops[0].date.as_deref(), Some("2024-FA"));
    assert_eq!(troops[0].date_from.as_deref(), Some("2024-09-01"));
    let mut csv = Vec::new();
    store
        .export_events_csv(
            &Query {
                event_type: Some("MOBILIZE".into()),
                ..Query::default()
            },
            &mut csv,
        )
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("~12000 soldier; ~15000 soldier"), "{csv}");
}

#[test]
fn different_events_stay_apart() {
    let (_dir, mut store) = tmp_store();
    let base = |id: &str, outlet: &str, e| {
        doc(
            id,
            outlet,
            "2025-08-13",
            &format!("{id} telefonata\n"),
            vec![e],
        )
    };
    let call = |v: &str| {
        dated(
            event("CONSULT", "telefonata", vec![kim(), putin()], vec![]),
            v,
            "day",
        )
    };
    let docs = vec![
        base("a", "ansa", call("2025-08-13")),
        // Two days later: within tolerance, same event.
        base("b", "rai", call("2025-08-15")),
        // A month later: another call.
        base("c", "ansa", call("2025-09-20")),
        // Other actors.
        base(
            "d",
            "ansa",
            dated(
                event("CONSULT", "telefonata", vec![kim(), trump()], vec![]),
                "2025-08-13",
                "day",
            ),
        ),
        // Other type.
        base(
            "e",
            "ansa",
            dated(
                event("AGREE", "telefonata", vec![kim(), putin()], vec![]),
                "2025-08-13",
                "day",
            ),
        ),
        // Another mode.
        base("f", "ansa", {
            let mut e = call("2025-08-13");
            e.mode = Some("visit".into());
            e
        }),
        // Other places in other countries.
        base("g", "ansa", placed(call("2025-08-13"), "Alaska", "USA")),
        base("h", "ansa", placed(call("2025-08-13"), "Mosca", "RUS")),
        // Undated: not merged with a dated one.
        base(
            "i",
            "ansa",
            event("CONSULT", "telefonata", vec![kim(), putin()], vec![]),
        ),
    ];
    store.insert_batch(&docs).unwrap();
    let all = store.query(&Query::default()).unwrap();
    // a, b (two days later), f (a mode where a had none) and g (a place where a had none) are
    // one event, which then lies in Alaska; h (Moscow) is not; c, d, e and i each stand apart.
    assert_eq!(all.len(), 6, "{all:#?}");
    let mut sizes: Vec<i64> = all.iter().map(|e| e.num_articles).collect();
    sizes.sort();
    assert_eq!(sizes, [1, 1, 1, 1, 1, 4]);
    let first = store
        .query(&Query {
            source: Some("Q56226".into()),
            from: Some("2025-08-13".into()),
            to: Some("2025-08-13".into()),
            event_type: Some("CONSULT".into()),
            actor: Some("Q7747".into()),
            ..Query::default()
        })
        .unwrap();
    // Dated events of Kim and Putin in the window: a/b/f/g merged into one event, h apart.
    assert_eq!(first.len(), 2, "{first:#?}");
    assert_eq!(first[0].num_articles, 4);
    assert_eq!(first[1].num_articles, 1);
    assert_eq!(first[1].location.as_deref(), Some("Mosca"));
    let september = store
        .query(&Query {
            from: Some("2025-09-01".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(september.len(), 1);
    assert_eq!(september[0].mentions[0].doc_id, "c");
}

#[test]
fn dedup_can_be_switched_off() {
    let (_dir, mut store) = tmp_store();
    store.set_dedup(annalist_store::DedupConfig {
        enabled: false,
        ..Default::default()
    });
    store.insert_batch(&[call_it(), call_en()]).unwrap();
    assert_eq!(store.stats().unwrap().events, 4);
}

#[test]
fn uncommitted_batch_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&[call_it()]).unwrap();
    {
        let mut batch = store.begin_batch().unwrap();
        assert!(batch.insert(&call_en()).unwrap());
        assert_eq!(batch.outcome().inserted, 1);
        // Dropped without commit, as when the process dies mid-batch.
    }
    let check = |s: &Store| {
        let st = s.stats().unwrap();
        assert_eq!(st.documents, 1);
        assert_eq!(st.sentences, 3);
        assert_eq!(st.event_mentions, 2);
        assert_eq!(st.events, 2);
        let c = s.query(&Query::default()).unwrap();
        assert!(c
            .iter()
            .all(|e| e.num_articles == 1 && e.mentions.len() == 1));
        assert!(s.check_integrity().unwrap().is_empty());
        assert!(s.list_documents(Some("autumn"), 10, 0).unwrap().is_empty());
    };
    check(&store);
    drop(store);
    check(&Store::open(&path).unwrap());
}

#[test]
fn full_text_ignores_diacritics_and_never_parses_user_syntax() {
    let (_dir, mut store) = tmp_store();
    store.insert_batch(&[call_it(), call_en()]).unwrap();
    let hits = store.list_documents(Some("citta"), 10, 0).unwrap();
    assert_eq!(
        hits.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["it-1"]
    );
    assert_eq!(
        store
            .list_documents(Some("CITTÀ kursk"), 10, 0)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.list_documents(Some("kursk"), 10, 0).unwrap().len(), 2);
    assert!(store
        .list_documents(Some("Alaska"), 10, 0)
        .unwrap()
        .is_empty());
    // FTS5 operators and quotes in user text are searched as words, not run as syntax.
    for odd in ["\"", "kursk OR", "NEAR(", "a*b -c", "città-stato"] {
        store.list_documents(Some(odd), 10, 0).unwrap();
        store
            .query(&Query {
                text: Some(odd.into()),
                ..Query::default()
            })
            .unwrap();
    }
    let ev = store
        .query(&Query {
            text: Some("mercoledi".into()),
            ..Query::default()
        })
        .unwrap();
    // Full text selects documents: both events the Italian article reports.
    let mut t: Vec<_> = ev.iter().map(|e| e.event_type.as_str()).collect();
    t.sort();
    assert_eq!(t, ["CONSULT", "MOBILIZE"]);
}

/// A store with the two call reports and two unrelated events, for the filter tests.
fn filter_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = tmp_store();
    let mut protest = dated(
        event(
            "PROTEST",
            "manifestato",
            vec![actor("manifestanti", None, "ITA", "CVL")],
            vec![actor("governo", None, "ITA", "GOV")],
        ),
        "2025-03",
        "month",
    );
    protest.modality = Modality::Negated;
    protest.goldstein = Some(-4.0);
    let protest = placed(protest, "Roma", "ITA");
    let mut threat = dated(
        event("THREATEN", "minacciato", vec![trump()], vec![putin()]),
        "2025-08-10",
        "day",
    );
    threat.goldstein = Some(-4.4);
    threat.modality = Modality::Future;
    let threat = attributed(threat, "Casa Bianca", "USA");
    store
        .insert_batch(&[
            call_it(),
            call_en(),
            doc(
                "p",
                "corriere",
                "2025-03-05",
                "I manifestanti non hanno manifestato a Roma.\n",
                vec![protest],
            ),
            doc(
                "t",
                "corriere",
                "2025-08-10",
                "Trump ha minacciato Putin.\n",
                vec![threat],
            ),
        ])
        .unwrap();
    (dir, store)
}

fn types(store: &Store, q: Query) -> Vec<String> {
    let mut v: Vec<String> = store
        .query(&q)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    v.sort();
    v
}

#[test]
fn query_filters() {
    let (_dir, store) = filter_store();
    let q = Query::default;
    assert_eq!(
        types(&store, q()),
        ["CONSULT", "MOBILIZE", "PROTEST", "THREATEN"]
    );
    // Actor by id, by part of a name, on either side or one side.
    assert_eq!(
        types(
            &store,
            Query {
                actor: Some("Q7747".into()),
                ..q()
            }
        ),
        ["CONSULT", "THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                actor: Some("putin".into()),
                ..q()
            }
        ),
        ["CONSULT", "THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                target: Some("Putin".into()),
                ..q()
            }
        ),
        ["THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                source: Some("Putin".into()),
                ..q()
            }
        ),
        ["CONSULT"]
    );
    assert!(types(
        &store,
        Query {
            actor: Some("Zelensky".into()),
            ..q()
        }
    )
    .is_empty());
    // LIKE wildcards in user input are literal.
    assert!(types(
        &store,
        Query {
            actor: Some("%".into()),
            ..q()
        }
    )
    .is_empty());
    assert_eq!(
        types(
            &store,
            Query {
                country: Some("ita".into()),
                ..q()
            }
        ),
        ["PROTEST"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                country: Some("PRK".into()),
                ..q()
            }
        ),
        ["CONSULT", "MOBILIZE"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                sector: Some("MIL".into()),
                ..q()
            }
        ),
        ["MOBILIZE"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                event_type: Some("threaten".into()),
                ..q()
            }
        ),
        ["THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                mode: Some("phone".into()),
                ..q()
            }
        ),
        ["CONSULT"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                from: Some("2025-08-11".into()),
                ..q()
            }
        ),
        ["CONSULT"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                to: Some("2025-03-01".into()),
                ..q()
            }
        ),
        ["MOBILIZE", "PROTEST"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                from: Some("2025-03-31".into()),
                to: Some("2025-08-10".into()),
                ..q()
            }
        ),
        ["PROTEST", "THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                place: Some("kursk".into()),
                ..q()
            }
        ),
        ["MOBILIZE"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                place: Some("ITA".into()),
                ..q()
            }
        ),
        ["PROTEST"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                outlet: Some("Reuters".into()),
                ..q()
            }
        ),
        ["CONSULT", "MOBILIZE"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                outlet: Some("corriere".into()),
                ..q()
            }
        ),
        ["PROTEST", "THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                attribution: Some("tass".into()),
                ..q()
            }
        ),
        ["CONSULT"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                attribution: Some("Bianca".into()),
                ..q()
            }
        ),
        ["THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                modality: Some(Modality::Negated),
                ..q()
            }
        ),
        ["PROTEST"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                modality: Some(Modality::Future),
                ..q()
            }
        ),
        ["THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                modality: Some(Modality::Hypothetical),
                ..q()
            }
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        types(
            &store,
            Query {
                text: Some("minacciato".into()),
                ..q()
            }
        ),
        ["THREATEN"]
    );
    assert_eq!(
        types(
            &store,
            Query {
                min_articles: Some(2),
                ..q()
            }
        ),
        ["CONSULT", "MOBILIZE"]
    );
    // Filters combine with AND.
    assert_eq!(
        types(
            &store,
            Query {
                actor: Some("Putin".into()),
                outlet: Some("ansa".into()),
                ..q()
            }
        ),
        ["CONSULT"]
    );
    // Paging.
    let page: Vec<i64> = store
        .query(&Query {
            limit: Some(2),
            offset: 1,
            ..q()
        })
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    let all: Vec<i64> = store.query(&q()).unwrap().iter().map(|e| e.id).collect();
    assert_eq!(page, all[1..3]);
    // A query built from a server's JSON.
    let from_json: Query =
        serde_json::from_str(r#"{"actor": "Trump", "modality": "future"}"#).unwrap();
    assert_eq!(types(&store, from_json), ["THREATEN"]);
    // Events by id.
    let one = store.event(all[0]).unwrap().unwrap();
    assert_eq!(one.id, all[0]);
    assert!(store.event(-1).unwrap().is_none());
}

#[test]
fn aggregates_by_dyad_and_month_and_timelines() {
    let (_dir, store) = filter_store();
    let rows = store.dyad_months(&Query::default()).unwrap();
    let months: Vec<&str> = rows.iter().map(|r| r.month.as_str()).collect();
    assert_eq!(months, ["2024-09", "2025-03", "2025-08", "2025-08"]);
    let protest = &rows[1];
    assert_eq!(
        (protest.source.as_str(), protest.target.as_str()),
        ("manifestanti", "governo")
    );
    assert_eq!((protest.events, protest.goldstein_events), (1, 1));
    assert_eq!(protest.goldstein_sum, -4.0);
    let threat = rows.iter().find(|r| r.source == "Donald Trump").unwrap();
    // The f32 Goldstein value reads back as the decimal the events stage wrote.
    assert_eq!(threat.goldstein_sum, -4.4);
    let only_it = store
        .dyad_months(&Query {
            country: Some("ITA".into()),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(only_it.len(), 1);

    let tl = store.timeline("Q7747").unwrap();
    let seen: Vec<(&str, Role)> = tl.iter().map(|t| (t.event_type.as_str(), t.role)).collect();
    assert_eq!(
        seen,
        [("THREATEN", Role::Target), ("CONSULT", Role::Source)]
    );
    assert_eq!(tl[0].counterpart, "Donald Trump");
    assert_eq!(tl[1].num_articles, 2);
    assert!(store.timeline("nobody").unwrap().is_empty());
}

#[test]
fn exports_have_one_row_per_event_and_fixed_columns() {
    let (_dir, store) = filter_store();
    let q = Query::default();
    let mut jsonl = Vec::new();
    assert_eq!(store.export_events_jsonl(&q, &mut jsonl).unwrap(), 4);
    let lines: Vec<serde_json::Value> = jsonl
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines
        .iter()
        .all(|l| l["mentions"].as_array().is_some_and(|m| !m.is_empty())));

    let mut tsv = Vec::new();
    assert_eq!(store.export_gdelt(&q, &mut tsv).unwrap(), 4);
    let tsv = String::from_utf8(tsv).unwrap();
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 5);
    let n = annalist_store::GDELT_COLUMNS.len();
    assert!(rows.iter().all(|r| r.len() == n));
    assert_eq!(rows[0][0], "GlobalEventID");
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    let consult = rows
        .iter()
        .find(|r| r[col("EventType")] == "CONSULT")
        .unwrap();
    assert_eq!(consult[col("Day")], "20250813");
    assert_eq!(consult[col("EventRootCode")], "04");
    assert_eq!(consult[col("QuadClass")], "1");
    assert_eq!(consult[col("NumArticles")], "2");
    assert_eq!(consult[col("NumSources")], "2");
    assert_eq!(consult[col("Actor1CountryCode")], "PRK");
    assert_eq!(consult[col("SOURCEURL")], "https://ansa.example/it-1");

    let mut csv = Vec::new();
    assert_eq!(
        store
            .export_events_csv(
                &Query {
                    limit: Some(1),
                    ..q.clone()
                },
                &mut csv
            )
            .unwrap(),
        1
    );
    let mut r = csv::Reader::from_reader(&csv[..]);
    assert_eq!(r.records().count(), 1);
}

#[test]
fn ingest_streams_in_batches_with_progress() {
    let (_dir, mut store) = tmp_store();
    let docs: Vec<Document> = (0..25)
        .map(|i| {
            doc(
                &format!("d{i}"),
                "ansa",
                "2025-01-01",
                &format!("Testo numero {i}.\n"),
                vec![],
            )
        })
        .chain([doc(
            "dup",
            "ansa",
            "2025-01-01",
            "Testo numero 3.\n",
            vec![],
        )])
        .collect();
    let mut calls = Vec::new();
    let total = store.ingest(docs, 10, |p| calls.push(p.seen)).unwrap();
    assert_eq!(calls, [10, 20, 26]);
    assert_eq!(total.outcome.inserted, 25);
    assert_eq!(total.outcome.duplicates, 1);
    assert_eq!(store.stats().unwrap().documents, 25);
    assert_eq!(store.list_documents(None, 100, 0).unwrap().len(), 25);
    assert_eq!(store.list_documents(None, 5, 22).unwrap().len(), 3);
    assert_eq!(
        total.to_string(),
        "26 documents read (0.0 MB): 25 stored, 1 already there; 0 event mentions (0 joined an earlier event)"
    );
}

#[test]
fn odd_documents_are_stored_without_failing() {
    let (_dir, mut store) = tmp_store();
    let mut bad = Document::new("odd", "é\u{0}\u{202e}ok");
    // Spans cutting characters or beyond the text, an event with no actors, no date, NaN.
    bad.sentences.push(Span::new(1, 99));
    let mut e = event("ASSAULT", "x", vec![], vec![]);
    e.sentence = Span::new(1, 3);
    e.confidence = f32::NAN;
    bad.events.push(e);
    let empty = Document::new("empty", "");
    let o = store.insert_batch(&[bad, empty]).unwrap();
    assert_eq!(o.inserted, 2);
    let ev = store.query(&Query::default()).unwrap();
    assert_eq!(ev.len(), 1);
    assert!(ev[0].source.is_empty());
    // A confidence that is not a number is stored as 0, so the event reads back.
    assert_eq!(ev[0].mentions[0].event.confidence, 0.0);
    assert!(ev[0].mentions[0].sentence_text.contains("\u{0}"));
    let st = store.stats().unwrap();
    assert_eq!(st.by_lang, [(String::new(), 2)]);
    assert!(st.to_string().contains("documents      2"));
}

#[test]
fn readers_see_committed_batches_and_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut writer = Store::open(&path).unwrap();
    writer.insert_batch(&[call_it()]).unwrap();
    let mut reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 1);
    // A batch in progress is invisible to the reader; once committed it is seen.
    let mut batch = writer.begin_batch().unwrap();
    batch.insert(&call_en()).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 1);
    batch.commit().unwrap();
    assert_eq!(reader.stats().unwrap().documents, 2);
    assert!(matches!(
        reader.insert_batch(&[doc("x", "ansa", "2025-01-01", "nuovo\n", vec![])]),
        Err(StoreError::Sqlite { .. })
    ));
    assert!(Store::open_read_only(dir.path().join("missing.db")).is_err());
}
