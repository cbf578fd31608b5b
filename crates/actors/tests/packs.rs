//! Pack validation, user tables loaded with `Packs::add_dir`, and the Wikidata importer.

use annalist_actors::{check_actor_tables, import_wikidata, ActorTagger};
use annalist_doc::Document;
use annalist_lang::Packs;
use std::io::Write;

/// Writes a user's pack folder for language `code`: its `pack.toml`, and each actor table
/// listed in the manifest with a source and licence, as an analyst would.
fn write_pack(dir: &std::path::Path, code: &str, tables: &[(&str, &str)]) {
    let a = dir.join(code).join("actors");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(
        dir.join(code).join("pack.toml"),
        format!("code = \"{code}\"\nname = \"mine\"\n"),
    )
    .unwrap();
    let manifest: String = tables
        .iter()
        .map(|(f, _)| format!("[[table]]\nfile = \"{f}\"\nsource = \"me\"\nlicence = \"CC0\"\n"))
        .collect();
    std::fs::write(a.join("manifest.toml"), manifest).unwrap();
    for (f, rows) in tables {
        std::fs::write(a.join(f), rows).unwrap();
    }
}

/// `packs check`'s actor-table errors, as text, for the embedded packs with `dir` over them.
fn check_errors(dir: &std::path::Path) -> Vec<String> {
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(dir).unwrap();
    check_actor_tables(&packs)
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn user_pack(dir: &std::path::Path, people: &str, roles: &str) {
    write_pack(
        dir,
        "common",
        &[("people.tsv", people), ("roles.tsv", roles)],
    );
}

#[test]
fn embedded_actor_tables_are_clean() {
    let packs = Packs::embedded().unwrap();
    let errs = check_actor_tables(&packs);
    assert!(errs.is_empty(), "{errs:#?}");
    assert!(packs.check_manifests().is_empty());
}

#[test]
fn check_reports_each_bad_row_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    user_pack(
        dir.path(),
        "# header\np:a\t\tAnna Rossi\tITA\tGOV\tAnna Rossi\t\np:b\t\tBad Country\tXXX\tGOV\t\t\np:c\t\tBad Sector\tITA\tZZZ\t\t\np:a\t\tDuplicate\tITA\tGOV\t\t\ntoo\tfew\n",
        "head_of_state\tITA\tp:a\t2020-01-01\t2019-01-01\nhead_of_state\tITA\tp:nobody\t2020-01-01\t\n",
    );
    let errs = check_errors(dir.path());
    let has = |line: usize, what: &str| {
        errs.iter()
            .any(|e| e.contains(&format!("people.tsv:{line}")) && e.contains(what))
    };
    assert!(has(3, "unknown country"), "{errs:#?}");
    assert!(has(4, "unknown sector"), "{errs:#?}");
    assert!(has(5, "duplicate id"), "{errs:#?}");
    assert!(has(6, "expected 7"), "{errs:#?}");
    assert!(
        errs.iter()
            .any(|e| e.contains("roles.tsv:1") && e.contains("before it starts")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("roles.tsv:2") && e.contains("unknown person")),
        "{errs:#?}"
    );
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(dir.path()).unwrap();
    assert!(ActorTagger::new(&packs).is_err());
}

#[test]
fn analyst_table_adds_an_actor_without_rust() {
    let dir = tempfile::tempdir().unwrap();
    user_pack(
        dir.path(),
        "p:zorzi\t\tGiulia Zorzi\tITA\tGOV\tGiulia Zorzi|Zorzi\t\n",
        "foreign_minister\tITA\tp:zorzi\t2030-01-01\t\n",
    );
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(dir.path()).unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    let mut doc = Document::new(
        "u",
        "Il ministro degli Esteri italiano ha incontrato Giulia Zorzi.",
    );
    doc.lang = Some("it".into());
    doc.published = Some("2030-05-01".into());
    tagger.annotate(&mut doc);
    let zorzi: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| e.id.as_deref() == Some("p:zorzi"))
        .collect();
    assert_eq!(zorzi.len(), 2, "{:#?}", doc.entities);
    assert_eq!(zorzi[0].text, "ministro degli Esteri italiano");
}

const DUMP: &str = r#"[
{"type":"item","id":"Q900001","labels":{"en":{"language":"en","value":"Freedonia"}},"claims":{"P298":[{"mainsnak":{"snaktype":"value","property":"P298","datavalue":{"value":"ITA","type":"string"}}}]}},
{"type":"item","id":"Q900002","labels":{"en":{"language":"en","value":"Rufus Firefly"},"it":{"language":"it","value":"Rufo Lucciola"}},"aliases":{"en":[{"language":"en","value":"Firefly"}]},"claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q5"},"type":"wikibase-entityid"}}}],"P27":[{"mainsnak":{"datavalue":{"value":{"id":"Q900001"},"type":"wikibase-entityid"}}}],"P39":[{"mainsnak":{"datavalue":{"value":{"id":"Q900009"},"type":"wikibase-entityid"}},"qualifiers":{"P580":[{"datavalue":{"value":{"time":"+2031-03-00T00:00:00Z","precision":10},"type":"time"}}],"P582":[{"datavalue":{"value":{"time":"+2033-01-15T00:00:00Z","precision":11},"type":"time"}}]}}]}},
{"type":"item","id":"Q900003","labels":{"en":{"language":"en","value":"Freedonia News Agency"}},"claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q192283"},"type":"wikibase-entityid"}}}],"P17":[{"mainsnak":{"datavalue":{"value":{"id":"Q900001"},"type":"wikibase-entityid"}}}]}},
this line is broken,
{"type":"item","id":"Q900004","labels":{"fr":{"language":"fr","value":"Sans nom"}},"claims":{}}
]
"#;

#[test]
fn wikidata_dump_imports_people_positions_and_media() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("dump.json.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(DUMP.as_bytes()).unwrap();
    enc.finish().unwrap();
    let out = dir.path().join("pack");
    let stats = import_wikidata(&gz, &out, &["en", "it"], &[]).unwrap();
    assert_eq!(
        (
            stats.countries,
            stats.people,
            stats.orgs,
            stats.roles,
            stats.bad_lines
        ),
        (1, 1, 1, 1, 1)
    );
    let roles = std::fs::read_to_string(out.join("common/actors/roles.tsv")).unwrap();
    assert!(
        roles.contains("wd:Q900009\tITA\twd:Q900002\t2031-03-01\t2033-01-15"),
        "{roles}"
    );
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(&out).unwrap();
    assert!(
        check_actor_tables(&packs).is_empty(),
        "{:?}",
        check_actor_tables(&packs)
    );
    let tagger = ActorTagger::new(&packs).unwrap();
    let mut doc = Document::new("w", "Rufo Lucciola parlò alla Freedonia News Agency.");
    doc.lang = Some("it".into());
    tagger.annotate(&mut doc);
    let e = doc
        .entities
        .iter()
        .find(|e| e.text == "Rufo Lucciola")
        .expect("person from the dump");
    assert_eq!(
        (e.id.as_deref(), e.country.as_deref()),
        (Some("Q900002"), Some("ITA"))
    );
    let m = doc
        .entities
        .iter()
        .find(|e| e.text == "Freedonia News Agency")
        .expect("agency");
    assert_eq!(m.sector.as_deref(), Some("JRN"));
}

#[test]
fn check_reports_a_name_row_written_twice() {
    let dir = tempfile::tempdir().unwrap();
    // The same form for two targets is allowed (the context chooses); the same row twice is not.
    write_pack(
        dir.path(),
        "it",
        &[(
            "names.tsv",
            "# target\tform\nRUS\tRossiya\nUKR\tRossiya\nRUS\tRossiya\n",
        )],
    );
    let errs = check_errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0].contains("names.tsv:4") && errs[0].contains("duplicate row"),
        "{errs:#?}"
    );
}
