//! An analyst's own segmentation, time and event tables (`--pack DIR`) with mistakes in them:
//! each stage's constructor reports a bad row at its file and line in the analyst's folder,
//! never panics, and once the reported lines are taken out, the pipeline builds over what is
//! left and analyses text. The rows are real rows of the repository's tables, mutated at
//! random with a fixed seed (a failure reproduces). The actor tables have their own such test
//! (`crates/actors/tests/packs.rs`), against `packs check`.

use annalist_doc::{Document, Level};
use annalist_lang::{PackError, Packs};
use annalist_pipeline::{Options, Pipeline};
use std::path::Path;

/// A small xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Cells a table may hold by mistake: empty or padded, numbers out of every range, dates that
/// do not exist, characters whose case mapping changes their length, brackets and angle
/// brackets of the rule syntax left open, list separators with nothing between.
const BAD_CELLS: &[&str] = &[
    "",
    " ",
    "x",
    "-1",
    "0",
    "99999999999999999999999",
    "NaN",
    "inf",
    "1e400",
    "2024-02-30",
    "13",
    "-13",
    "İ",
    "ẞ",
    "e\u{301}",
    "'",
    "’",
    "|",
    "||",
    "a||b",
    "<",
    ">",
    "<>",
    "<x",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "*",
    "?",
    "+",
    "\\",
    "$",
    "^",
    "{1,",
    "\u{feff}x",
    "🙂",
    "ITA",
    "GOV",
    "MIL|",
    "past",
    "future",
    "=",
    "==",
    ";",
    ":",
];

/// One mutation of a real row: a cell replaced, dropped or added, or the row cut at a
/// character boundary.
fn mutate(rng: &mut Rng, row: &str) -> String {
    let mut cells: Vec<String> = row.split('\t').map(String::from).collect();
    match rng.below(4) {
        0 => {
            let i = rng.below(cells.len());
            cells[i] = BAD_CELLS[rng.below(BAD_CELLS.len())].to_string();
        }
        1 if cells.len() > 1 => {
            cells.remove(rng.below(cells.len()));
        }
        2 => cells.push(BAD_CELLS[rng.below(BAD_CELLS.len())].to_string()),
        _ => {
            let cut = rng.below(row.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&c| row.is_char_boundary(c))
                .unwrap_or(0);
            return row[..cut].to_string();
        }
    }
    cells.join("\t")
}

/// Writes, under `dir/<code>/<area>/`, every table of the repository's pack area with three
/// of its rows mutated, a manifest listing them, and the pack's `pack.toml`.
fn write_area(rng: &mut Rng, dir: &Path, code: &str, area: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../packs")
        .join(code)
        .join(area);
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
        }
        std::fs::write(out.join(name), table).unwrap();
    }
    std::fs::write(out.join("manifest.toml"), manifest).unwrap();
}

/// The packs: the embedded ones with `dir` over them.
fn packs_with(dir: &Path) -> Packs {
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(dir).unwrap();
    packs
}

/// Builds the stage of `area` over the embedded packs and `dir`, taking out (blanking, so that
/// the other lines keep their numbers) each line it reports, until it builds. Returns how many
/// errors it reported; each must be located in the analyst's folder at a line of the file.
fn prune_until_built(dir: &Path, area: &str, round: usize) -> usize {
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
    let user_dir = dir.display().to_string();
    for errors in 0..400 {
        let Err(e) = build(&packs_with(dir)) else {
            return errors;
        };
        let (file, line) = match &e {
            PackError::Invalid { at, .. } => (at.file.clone(), at.line),
            other => panic!("round {round} {area}: {other}"),
        };
        assert!(
            file.starts_with(&user_dir),
            "round {round} {area}: an error not located in the analyst's files: {e}"
        );
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            (1..=lines.len()).contains(&line),
            "round {round} {area}: line {line} of {}: {e}",
            lines.len()
        );
        assert!(
            !lines[line - 1].trim().is_empty(),
            "round {round} {area}: a blank line blamed: {e}"
        );
        let kept: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i + 1 == line {
                    "\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(&file, kept).unwrap();
    }
    panic!("round {round} {area}: still failing after 400 lines taken out");
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
                errors += prune_until_built(dir.path(), area, round);
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
