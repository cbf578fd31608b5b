//! An analyst's own tables (`--pack DIR`) with mistakes in them. Real rows of the repository's
//! tables are mutated at random with a fixed seed (`common::mutate`), three rows a table.
//! - Actor tables: `packs check` reports each problem at a line of the analyst's own file (a
//!   bad row of theirs is never blamed on the embedded tables), the tagger refuses what the
//!   check reports, and once the reported lines are taken out the tagger builds over what is
//!   left and tags text.
//! - Segmentation, time and event tables: each stage's constructor reports a bad row at its
//!   file and line in the analyst's folder and never panics; once the reported lines are taken
//!   out, the whole pipeline builds and analyses Italian and English text with no error.
//!
//! The rows left after pruning carry the odd values the checks let through (odd aliases,
//! characters, numbers), so the constructors and the stages meet them too.

mod common;

use annalist_actors::{check_actor_tables, ActorTagger};
use annalist_doc::{Document, Level};
use annalist_lang::{PackError, Packs};
use annalist_pipeline::{Options, Pipeline};
use common::{mutate, repo_packs, Rng};
use std::path::Path;

/// Writes, under `dir/<code>/<area>/`, every table of the repository's pack area with three of
/// its rows mutated, a manifest listing them, and the pack's `pack.toml`. Returns the number of
/// rows written.
fn write_area(rng: &mut Rng, dir: &Path, code: &str, area: &str) -> usize {
    let src = repo_packs().join(code).join(area);
    let out = dir.join(code).join(area);
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        dir.join(code).join("pack.toml"),
        format!("code = \"{code}\"\nname = \"mine\"\n"),
    )
    .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tsv") || n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut manifest = String::new();
    let mut written = 0;
    for name in &names {
        manifest.push_str(&format!(
            "[[table]]\nfile = \"{name}\"\nsource = \"me\"\nlicence = \"CC0\"\n"
        ));
        let text = std::fs::read_to_string(src.join(name)).unwrap();
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        // Three rows a table, anywhere in it: each reported error costs the test a rebuild.
        let mut table = String::from("# an analyst's table\n");
        for _ in 0..3.min(rows.len()) {
            let row = rows[rng.below(rows.len())];
            table.push_str(&mutate(rng, row));
            table.push('\n');
            written += 1;
        }
        std::fs::write(out.join(name), table).unwrap();
    }
    std::fs::write(out.join("manifest.toml"), manifest).unwrap();
    written
}

/// The packs: the embedded ones with `dir` over them.
fn packs_with(dir: &Path) -> Packs {
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(dir).unwrap();
    packs
}

/// Where `e` points, checked: a file of the analyst's folder `dir`, at a line it has, which is
/// not blank.
fn location(e: &PackError, dir: &Path, what: &str) -> (String, usize) {
    let (file, line) = match e {
        PackError::Invalid { at, .. } => (at.file.clone(), at.line),
        other => panic!("{what}: {other}"),
    };
    assert!(
        file.starts_with(&dir.display().to_string()),
        "{what}: an error not located in the analyst's files: {e}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        (1..=lines.len()).contains(&line),
        "{what}: line {line} of {}: {e}",
        lines.len()
    );
    assert!(
        !lines[line - 1].trim().is_empty(),
        "{what}: a blank line blamed: {e}"
    );
    (file, line)
}

/// Blanks the given lines of `file` (so that the other lines keep their numbers).
fn blank_lines(file: &str, lines: &[usize]) {
    let text = std::fs::read_to_string(file).unwrap();
    let kept: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if lines.contains(&(i + 1)) { "" } else { l })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(file, kept).unwrap();
}

/// Builds the stage of `area` over the embedded packs and `dir`, taking out each line it
/// reports, until it builds. Returns how many errors it reported.
fn prune_stage_until_built(dir: &Path, area: &str, round: usize) -> usize {
    let build = |packs: &Packs| -> Result<(), PackError> {
        match area {
            "segment" => annalist_segment::Segmenter::new(packs)
                .map(|_| ())
                .map_err(|e| match e {
                    annalist_segment::SegmentError::Pack(e) => e,
                    other => panic!("segment: {other}"),
                }),
            "time" => annalist_time::TimeTagger::new(packs).map(|_| ()),
            _ => annalist_events::EventCoder::new(packs).map(|_| ()),
        }
    };
    for errors in 0..400 {
        let Err(e) = build(&packs_with(dir)) else {
            return errors;
        };
        let (file, line) = location(&e, dir, &format!("round {round} {area}"));
        blank_lines(&file, &[line]);
    }
    panic!("round {round} {area}: still failing after 400 lines taken out");
}

/// Runs `packs check` on the actor tables until it is clean, taking out the reported lines
/// each pass (a removed row can orphan another: a role of a removed person). Returns how many
/// errors it reported.
fn prune_actor_tables_until_clean(dir: &Path, round: usize) -> usize {
    let mut seen = 0;
    for pass in 0..10 {
        let packs = packs_with(dir);
        let errs = check_actor_tables(&packs);
        if errs.is_empty() {
            return seen;
        }
        // The tagger refuses what the check reports (asked once a round: a build is the
        // test's main cost).
        if pass == 0 {
            assert!(
                ActorTagger::new(&packs).is_err(),
                "round {round}: {errs:#?}"
            );
        }
        seen += errs.len();
        let mut by_file: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for e in &errs {
            let (file, line) = location(e, dir, &format!("round {round} actors"));
            by_file.entry(file).or_default().push(line);
        }
        for (file, lines) in by_file {
            blank_lines(&file, &lines);
        }
    }
    panic!("round {round}: the actor check never settles");
}

#[test]
fn mutated_actor_tables_give_located_errors_and_what_passes_builds() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut errors = 0;
    let mut rows = 0;
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        for code in ["common", "it", "en"] {
            rows += write_area(&mut rng, dir.path(), code, "actors");
        }
        errors += prune_actor_tables_until_clean(dir.path(), round);
        let tagger = ActorTagger::new(&packs_with(dir.path()))
            .unwrap_or_else(|e| panic!("round {round}: the check passed, the build failed: {e}"));
        for (lang, text) in [
            (
                "it",
                "Il presidente russo Vladimir Putin ha telefonato a Kim Jong Un da Mosca.",
            ),
            (
                "en",
                "Aruba's prime minister met the United Nations envoy in Oranjestad.",
            ),
        ] {
            let mut d = Document::new("x", text);
            d.lang = Some(lang.into());
            d.published = Some("2025-08-13".into());
            tagger.annotate(&mut d);
            for e in &d.entities {
                assert_eq!(&text[e.span.range()], e.text);
                for v in [e.lat, e.lon].into_iter().flatten() {
                    assert!(v.is_finite(), "round {round}: {e:?}");
                }
            }
        }
    }
    // The mutations reach the checks, and rows pass them too (a generator that wrote only bad
    // rows, or only good ones, would test half of this).
    assert!(errors > 150, "{errors} errors in 3 rounds");
    assert!(errors + 60 < rows, "{errors} errors of {rows} rows");
}

#[test]
fn mutated_stage_tables_give_located_errors_and_what_passes_builds() {
    let mut rng = Rng(0x6a09_e667_f3bc_c908);
    let mut errors = 0;
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        for code in ["common", "it", "en"] {
            for area in ["segment", "time", "events"] {
                write_area(&mut rng, dir.path(), code, area);
                errors += prune_stage_until_built(dir.path(), area, round);
            }
        }
        let pipeline = Pipeline::new(packs_with(dir.path()))
            .unwrap_or_else(|e| panic!("round {round}: every stage built, the pipeline not: {e}"));
        for (lang, text) in [
            (
                "it",
                "Ieri a Mosca il presidente russo ha detto che 300 soldati nordcoreani sono \
                 arrivati a Kursk il 12 agosto 2025. Lunedì prossimo i due leader si vedranno.",
            ),
            (
                "en",
                "On Monday the Russian president said 300 North Korean troops reached Kursk on \
                 August 12, 2025, and the two leaders will meet next week.",
            ),
        ] {
            let mut d = Document::new("x", text);
            d.published = Some("2025-08-13".into());
            let opts = Options {
                lang: Some(lang.into()),
                ..Options::default()
            };
            pipeline.process(&mut d, &opts);
            let failed: Vec<_> = d
                .diagnostics
                .iter()
                .filter(|x| x.level == Level::Error)
                .collect();
            assert!(failed.is_empty(), "round {round} {lang}: {failed:?}");
            assert!(!d.sentences.is_empty());
        }
    }
    // The mutations reach the constructors' checks (a generator of valid rows only would
    // pass any parser).
    assert!(errors > 100, "{errors} errors in 3 rounds");
}
