//! The scorer against figures the reference `score_events.py` printed for the same hand-made files
//! (written here, not copied from the shared gold): alt_types, empty gold sides, optional gold events,
//! date prefixes and the "day" precision rule, a gold location without country, a null gold modality,
//! numeric equality of quantities, a missing document, entity and time checks.

use annalist_eval::{parse_system, score, GoldDoc};

const GOLD: &str = r#"[
 {"id": "a", "text": "x", "events": [
   {"event_type": "CONSULT", "mode": "phone", "source": [{"country": "PRK", "sector": "GOV"}], "target": [{"country": "RUS", "sector": "GOV"}], "date": {"value": "2025-08-13", "precision": "day"}, "location": null, "attribution": {"text": "Kcna", "country": "PRK"}, "modality": "asserted", "quantity": null, "required": true},
   {"event_type": "AID", "alt_types": ["COOPERATE"], "source": [{"country": "PRK", "sector": "GOV"}], "target": [{"country": "RUS"}], "date": {"value": "2024", "precision": "year"}, "location": {"text": "Kursk"}, "attribution": {"text": "media"}, "modality": "asserted", "quantity": {"value": 15000, "approximate": true}, "required": true},
   {"event_type": "REJECT", "source": [{"country": "PRK"}], "target": [], "date": {"value": "2025-08", "precision": "day"}, "modality": null, "required": true},
   {"event_type": "ASSAULT", "source": [{"country": "RUS", "sector": "MIL"}], "target": [{"country": "UKR"}], "date": null, "location": {"text": "Kursk", "country": "RUS"}, "modality": "asserted", "required": false}
 ], "entities_expected": [{"text": "Kim Jong Un", "country": "PRK", "wikidata": "Q56226"}, {"text": "Mosca", "country": "RUS"}],
    "times_expected": [{"text": "mercoledì", "value": "2025-08-13"}]},
 {"id": "b", "text": "y", "events": [
   {"event_type": "PROTEST", "mode": "demo", "source": [{"country": "GEO", "sector": "CVL"}], "target": [], "date": {"value": "2024-12", "precision": "month"}, "modality": "asserted", "required": true}
 ]},
 {"id": "c", "text": "z", "events": [
   {"event_type": "SANCTION", "source": [{"country": "USA"}], "target": [{"country": "RUS"}], "required": true}
 ]}
]
"#;

const SYSTEM: &str = r#"{"id": "a", "events": [{"event_type": "CONSULT", "mode": "phone", "source": [{"country": "PRK", "sector": "GOV"}, {"country": "RUS", "sector": "GOV"}], "target": [{"country": "RUS", "sector": "GOV"}], "date": {"value": "2025-08-13"}, "attribution": {"country": "PRK"}, "modality": "asserted"}, {"event_type": "CONSULT", "mode": null, "source": [{"country": "PRK", "sector": "GOV"}], "target": [{"country": "RUS", "sector": "GOV"}], "date": {"value": "2025-08-12"}, "modality": "future"}, {"event_type": "COOPERATE", "source": [{"country": "PRK", "sector": "MIL"}], "target": [{"country": "RUS"}], "date": {"value": "2024-FA"}, "location": null, "quantity": {"value": 15000.0}, "modality": null}, {"event_type": "REJECT", "source": [{"country": "PRK"}], "target": [{"country": "USA"}], "date": {"value": "2025-08-13"}, "modality": "asserted"}, {"event_type": "ASSAULT", "source": [{"country": "RUS", "sector": "MIL"}], "target": [{"country": "UKR"}], "location": {"country": "RUS"}, "trigger": {"text": "combattuto"}}, {"event_type": "ASSAULT", "source": [], "target": [{"country": "UKR"}], "trigger": {"text": "invaso"}}], "entities": [{"text": "kim jong un", "country": "PRK", "id": "Q56226"}, {"text": "Mosca", "country": "RUS", "id": "Q649"}], "times": [{"text": "mercoledì 13", "value": "2025-08-13"}]}
{"id": "b", "events": [{"event_type": "PROTEST", "mode": "riot", "source": [{"country": "GEO", "sector": "CVL"}], "target": [{"country": "GEO"}], "date": {"value": "2024-12-01"}, "modality": "asserted"}]}
"#;

fn report() -> annalist_eval::Report {
    let gold: Vec<GoldDoc> = serde_json::from_str(GOLD).unwrap();
    let sys = parse_system("sys.jsonl", SYSTEM).unwrap();
    score(&gold, &sys)
}

#[test]
fn totals_match_reference_scorer() {
    let r = report();
    assert_eq!(r.documents, 3);
    assert_eq!(r.missing_documents, vec!["c".to_string()]);
    assert_eq!(r.system_events, 7);
    assert_eq!(r.matched, 5);
    assert_eq!(r.required_gold, 5);
    assert_eq!(r.required_found, 4);
    assert_eq!(format!("{:.3}", r.precision()), "0.714");
    assert_eq!(format!("{:.3}", r.recall()), "0.800");
    assert_eq!(format!("{:.3}", r.f1()), "0.755");
    assert!(r.to_string().ends_with("events: P=0.714 R=0.800 F1=0.755"));
}

#[test]
fn fields_match_reference_scorer() {
    let r = report();
    let want = [
        ("attribution", (1, 1)),
        ("date", (3, 4)),
        ("location", (2, 2)),
        ("modality", (4, 5)),
        ("mode", (1, 2)),
        ("quantity", (1, 1)),
        ("sector", (3, 4)),
    ];
    let got: Vec<(&str, (usize, usize))> = r.fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(got, want);
    assert_eq!(r.entities, Some((2, 2)));
    assert_eq!(r.times, Some((1, 1)));
}

#[test]
fn misses_and_extras_match_reference_scorer() {
    let r = report();
    let extras: Vec<String> = r
        .extras
        .iter()
        .map(|m| {
            format!(
                "{} {} {:?}->{:?} {}",
                m.doc, m.event_type, m.source, m.target, m.note
            )
        })
        .collect();
    assert_eq!(
        extras,
        [
            "a CONSULT [\"PRK\"]->[\"RUS\"] ",
            "a ASSAULT []->[\"UKR\"] invaso"
        ]
    );
    assert_eq!(r.misses.len(), 1);
    assert_eq!(r.misses[0].doc, "c");
    assert_eq!(r.misses[0].event_type, "SANCTION");
    let t = &r.by_type["CONSULT"];
    assert_eq!(
        (t.system, t.matched, t.required_gold, t.required_found),
        (2, 1, 1, 1)
    );
}

#[test]
fn bad_system_line_names_file_and_line() {
    let err = parse_system("out.jsonl", "{\"id\": \"a\"}\n{oops\n").unwrap_err();
    assert!(
        err.to_string().starts_with("out.jsonl:2: not JSON"),
        "{err}"
    );
}

#[test]
fn wrong_country_does_not_match() {
    let gold: Vec<GoldDoc> = serde_json::from_str(
        r#"[{"id": "x", "events": [{"event_type": "AID", "source": [{"country": "PRK"}], "target": [{"country": "RUS"}]}]}]"#,
    )
    .unwrap();
    let sys = parse_system(
        "s",
        r#"{"id": "x", "events": [{"event_type": "AID", "source": [{"country": "KOR"}], "target": [{"country": "RUS"}]}]}"#,
    )
    .unwrap();
    let r = score(&gold, &sys);
    assert_eq!((r.matched, r.system_events, r.required_found), (0, 1, 0));
}
