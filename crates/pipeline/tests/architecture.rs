//! The dependency rules of ARCHITECTURE.md, checked: each crate's `[dependencies]` may name only
//! the annalist crates listed for it here. Dev-dependencies are free (integration tests may run
//! later stages). A new crate must be added to this table, and to ARCHITECTURE.md, on purpose.

use std::collections::BTreeMap;
use std::path::Path;

fn allowed() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        ("doc", &[][..]),
        ("lang", &[][..]),
        ("langid", &[][..]),
        ("ingest", &["doc", "lang"][..]),
        ("segment", &["doc", "lang"][..]),
        ("time", &["doc", "lang"][..]),
        ("actors", &["doc", "lang"][..]),
        ("events", &["doc", "lang"][..]),
        ("eval", &["doc"][..]),
        ("store", &["doc"][..]),
        (
            "pipeline",
            &[
                "doc", "lang", "langid", "segment", "time", "actors", "events",
            ][..],
        ),
        (
            "server",
            &["doc", "lang", "pipeline", "ingest", "store"][..],
        ),
        (
            "cli",
            &[
                "doc", "lang", "pipeline", "ingest", "store", "actors", "time", "eval", "server",
            ][..],
        ),
    ])
}

/// The annalist crates named in the `[dependencies]` table of a manifest.
fn deps(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if in_deps {
            if let Some(rest) = t.strip_prefix("annalist-") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn crates_depend_only_on_what_architecture_allows() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rules = allowed();
    let mut seen = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let allowed = rules
            .get(name.as_str())
            .unwrap_or_else(|| panic!("crates/{name} is not in the architecture table"));
        let text = std::fs::read_to_string(&manifest).unwrap();
        for d in deps(&text) {
            assert!(
                allowed.contains(&d.as_str()),
                "crates/{name} depends on annalist-{d}, which ARCHITECTURE.md does not allow"
            );
        }
        seen += 1;
    }
    assert!(seen >= rules.len(), "only {seen} crates found");
}

#[test]
fn the_parser_sees_only_normal_dependencies() {
    let m = "[package]\nname = \"x\"\n[dependencies]\nannalist-doc = { path = \"../doc\" }\nserde = \"1\"\n[dev-dependencies]\nannalist-time = { path = \"../time\" }\n";
    assert_eq!(deps(m), ["doc"]);
}
