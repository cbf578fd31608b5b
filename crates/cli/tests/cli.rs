//! End-to-end tests of the `annalist` binary: each runs it in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_annalist"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin-telefonata.it.txt")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect()
}

#[test]
fn extract_seed_gives_thirteen_sentences_without_furniture() {
    let out = run(bin()
        .args(["extract", "--published", "2025-08-13"])
        .arg(seed()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["lang"], "it");
    assert_eq!(d["published"], "2025-08-13");
    let text = d["text"].as_str().unwrap();
    assert!(!text.trim_end().ends_with("Today"));
    let sentences = d["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 13);
    let cut = |i: usize| {
        let s = sentences[i].as_array().unwrap();
        &text[s[0].as_u64().unwrap() as usize..s[1].as_u64().unwrap() as usize]
    };
    assert_eq!(cut(6), "Legame sempre più stretto tra Pyongyang e Mosca");
    assert!(cut(12).ends_with("potrebbe avvenire presto."));
    // Diagnostics name the furniture rule that fired.
    let diags = d["diagnostics"].to_string();
    assert!(diags.contains("Today"), "{diags}");
}

#[test]
fn extract_reports_bad_lines_and_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("in.jsonl");
    std::fs::write(
        &f,
        "{\"id\":\"a\",\"text\":\"Il governo ha approvato la legge.\",\"lang\":\"it\",\"extra_field\":7}\n\
         {\"id\":\"b\",\"text\": broken\n\
         {\"id\":\"c\",\"text\":\"The army withdrew from the town.\"}\n",
    )
    .unwrap();
    let missing = dir.path().join("missing.txt");
    let out = run(bin().arg("extract").arg(&f).arg(&missing).arg("--no-text"));
    assert_eq!(
        out.status.code(),
        Some(1),
        "skipped inputs make the exit status 1"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in.jsonl:2"), "{stderr}");
    assert!(stderr.contains("missing.txt"), "{stderr}");
    let docs = lines(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(
        docs[0]["extra"]["extra_field"], 7,
        "unknown fields pass through"
    );
    assert_eq!(docs[1]["lang"], "en");
}

#[test]
fn extract_reads_stdin_with_a_language_override() {
    use std::io::Write;
    let mut child = bin()
        .args(["extract", "-", "--lang", "it", "--until", "segment"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Il Sig. Rossi è arrivato. Poi è ripartito.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let d = &lines(&out)[0];
    assert_eq!(d["lang"], "it");
    assert_eq!(
        d["sentences"].as_array().unwrap().len(),
        2,
        "no split after Sig."
    );
}

#[test]
fn ingest_is_idempotent_and_stats_count_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for _ in 0..2 {
        let out = run(bin()
            .arg("ingest")
            .arg(seed())
            .args(["--published", "2025-08-13", "--db"])
            .arg(&db));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(bin().args(["stats", "--json", "--db"]).arg(&db));
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["documents"], 1, "the same text twice is one document");
    assert_eq!(s["sentences"], 13);
    assert!(s["entities"].as_i64().unwrap() >= 16);
    assert!(s["events"].as_i64().unwrap() >= 1);
}

#[test]
fn stats_on_a_missing_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(bin()
        .args(["stats", "--db"])
        .arg(dir.path().join("nope.db")));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"));
}

#[test]
fn packs_check_reports_a_bad_user_row_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let it = dir.path().join("it");
    std::fs::create_dir_all(it.join("segment")).unwrap();
    std::fs::write(it.join("pack.toml"), "code = \"it\"\nname = \"mine\"\n").unwrap();
    std::fs::write(it.join("segment/notes.tsv"), "x\n").unwrap();
    let out = run(bin().args(["packs", "check", "--pack"]).arg(dir.path()));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("notes.tsv"), "{stderr}");
}

/// A bad row of another stage's table (the time lexicon) is reported with its file and line
/// too: the pipeline's own error only says "language packs", and the location is its cause.
#[test]
fn packs_check_locates_a_bad_row_of_a_time_table() {
    let dir = tempfile::tempdir().unwrap();
    let it = dir.path().join("it");
    std::fs::create_dir_all(it.join("time")).unwrap();
    std::fs::write(it.join("pack.toml"), "code = \"it\"\nname = \"mine\"\n").unwrap();
    std::fs::write(
        it.join("time/manifest.toml"),
        "[[table]]\nfile = \"lexicon.tsv\"\nsource = \"me\"\nlicence = \"CC0\"\n",
    )
    .unwrap();
    std::fs::write(
        it.join("time/lexicon.tsv"),
        "weekday\tlunedì\t1\nno tabs here\n",
    )
    .unwrap();
    let out = run(bin().args(["packs", "check", "--pack"]).arg(dir.path()));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lexicon.tsv:2"), "{stderr}");
    assert!(stderr.contains("expected 3"), "{stderr}");
}

#[test]
fn exports_write_parquet_csv_and_gdelt_and_refuse_parquet_aggregates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    let out = run(bin()
        .arg("ingest")
        .arg(seed())
        .args(["--published", "2025-08-13", "--db"])
        .arg(&db));
    assert!(out.status.success());
    let pq = dir.path().join("ev.parquet");
    let out = run(bin()
        .args(["export", "--format", "parquet", "--db"])
        .arg(&db)
        .arg("-o")
        .arg(&pq));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pq).unwrap();
    assert!(
        bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
        "not a Parquet file"
    );
    let out = run(bin().args(["export", "--format", "gdelt", "--db"]).arg(&db));
    assert!(out.status.success());
    let tsv = String::from_utf8_lossy(&out.stdout);
    let first = tsv.lines().next().expect("at least one event row");
    assert!(
        first.split('\t').count() > 10,
        "GDELT rows are tab-separated: {first}"
    );
    let out = run(bin()
        .args(["query", "--view", "dyads", "--format", "parquet", "--db"])
        .arg(&db)
        .arg("-o")
        .arg(dir.path().join("d.parquet")));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn eval_ner_reads_an_analysts_pack_over_the_embedded_ones() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("common/actors");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(
        dir.path().join("common/pack.toml"),
        "code = \"common\"\nname = \"mine\"\n",
    )
    .unwrap();
    std::fs::write(
        a.join("manifest.toml"),
        "[[table]]\nfile = \"orgs.tsv\"\nsource = \"me\"\nlicence = \"CC0\"\n",
    )
    .unwrap();
    std::fs::write(
        a.join("orgs.tsv"),
        "o:qorvex\t\torg\tQorvex\tITA\tBUS\tQorvex\n",
    )
    .unwrap();
    let bio = dir.path().join("tiny.tsv");
    std::fs::write(&bio, "Ieri\tO\nQorvex\tB-ORG\nha\tO\nvenduto\tO\n.\tO\n").unwrap();
    let f1 = |out: &Output| -> f64 {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["micro"]["f1"].as_f64().unwrap()
    };
    let without = run(bin().arg("eval-ner").arg(&bio));
    let with = run(bin()
        .arg("eval-ner")
        .arg(&bio)
        .arg("--pack")
        .arg(dir.path()));
    assert_eq!(f1(&without), 0.0);
    assert_eq!(f1(&with), 1.0);
}
