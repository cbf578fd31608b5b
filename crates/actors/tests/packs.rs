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

/// A small xorshift generator: the same mutated tables on every run.
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

/// Cells an analyst's table may hold by mistake: empty, padded, out-of-range dates and
/// coordinates, numbers too large for any integer type, codes of no table, characters whose
/// case mapping changes their length, a lone apostrophe, list separators with nothing between.
const BAD_CELLS: &[&str] = &[
    "",
    " ",
    " ITA ",
    "XXX",
    "ita",
    "2020-13-45",
    "2024-02-30",
    "0000-00-00",
    "2020",
    "2020-05",
    "9999-12-31",
    "-1",
    "99999999999999999999999",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "91.5",
    "-181",
    "12,5",
    "İ",
    "ẞ",
    "e\u{301}",
    "'",
    "’",
    "|",
    "||",
    "a||b",
    "Q",
    "Q-5",
    "p:",
    "p:a",
    "o:un",
    "gn:",
    "GOV|MIL",
    "head_of_state|",
    "\u{feff}x",
    "x\ty",
    "🙂",
];

/// One mutation of a real row: a cell replaced, dropped or added, the row cut at a character
/// boundary, or the row kept as written (then it repeats a row of the embedded tables).
fn mutate(rng: &mut Rng, row: &str) -> String {
    let mut cells: Vec<String> = row.split('\t').map(String::from).collect();
    match rng.below(6) {
        0 => {
            let i = rng.below(cells.len());
            cells[i] = BAD_CELLS[rng.below(BAD_CELLS.len())].to_string();
        }
        1 if cells.len() > 1 => {
            cells.remove(rng.below(cells.len()));
        }
        2 => cells.push(BAD_CELLS[rng.below(BAD_CELLS.len())].to_string()),
        3 => {
            let cut = rng.below(row.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&c| row.is_char_boundary(c))
                .unwrap_or(0);
            return row[..cut].to_string();
        }
        _ => {}
    }
    cells.join("\t")
}

/// The first rows (no comments) of an actor table of the repository's packs.
fn template_rows(file: &std::path::Path, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .take(n)
        .map(String::from)
        .collect()
}

/// The errors of `packs check` for the embedded packs with `dir` over them, each as its
/// file, line and text; every one must lie in the analyst's files, at a line they have.
fn located_errors(dir: &std::path::Path, round: usize) -> Vec<(String, usize, String)> {
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(dir).unwrap();
    let user_dir = dir.display().to_string();
    check_actor_tables(&packs)
        .iter()
        .map(|e| {
            let text = e.to_string();
            let (file, line) = match e {
                annalist_lang::PackError::Invalid { at, .. } => (at.file.clone(), at.line),
                other => panic!("round {round}: {other}"),
            };
            assert!(
                file.starts_with(&user_dir),
                "round {round}: an error not located in the analyst's files: {text}"
            );
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            assert!(
                (1..=lines).contains(&line),
                "round {round}: line {line} of {lines} in {text}"
            );
            (file, line, text)
        })
        .collect()
}

/// An analyst's tables with mistakes in every column of every actor table: `packs check`
/// reports each problem at a line of the analyst's own file (a bad row of theirs is never
/// blamed on the embedded tables), and once the reported lines are taken out, what the check
/// accepts builds a tagger that tags text, with no panic on the way. The rows are real rows of
/// the repository's tables, mutated at random (fixed seed); the rows left after pruning carry
/// the odd values the check lets through (odd aliases, characters, numbers).
#[test]
fn mutated_user_tables_give_located_errors_and_what_passes_builds() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packs");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut errors_seen = 0;
    let mut rows_kept = 0;
    for round in 0..8 {
        let dir = tempfile::tempdir().unwrap();
        for code in ["common", "it"] {
            let src = repo.join(code).join("actors");
            let mut names: Vec<String> = std::fs::read_dir(&src)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tsv") || n.ends_with(".txt"))
                .collect();
            names.sort();
            let mut tables: Vec<(String, String)> = Vec::new();
            for name in &names {
                // (Some tables a round, all in the first.)
                if round > 0 && rng.below(3) != 0 {
                    continue;
                }
                let mut out = String::from("# an analyst's table\n");
                for row in template_rows(&src.join(name), 12) {
                    if rng.below(3) == 0 {
                        out.push_str(&mutate(&mut rng, &row));
                        out.push('\n');
                    }
                }
                tables.push((name.clone(), out));
            }
            let refs: Vec<(&str, &str)> = tables
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            write_pack(dir.path(), code, &refs);
        }
        // Take out the reported lines (blanked, so the other lines keep their numbers) until
        // the check is clean: a removed row can orphan another (a role of a removed person).
        for pass in 0.. {
            let errs = located_errors(dir.path(), round);
            if errs.is_empty() {
                break;
            }
            assert!(
                pass < 10,
                "round {round}: the check never settles: {errs:#?}"
            );
            // The tagger refuses what the check reports (asked once a round: a build is
            // the test's main cost).
            if pass == 0 {
                let mut packs = Packs::embedded().unwrap();
                packs.add_dir(dir.path()).unwrap();
                assert!(
                    ActorTagger::new(&packs).is_err(),
                    "round {round}: {errs:#?}"
                );
            }
            errors_seen += errs.len();
            let mut by_file: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
            for (file, line, _) in errs {
                by_file.entry(file).or_default().push(line);
            }
            for (file, lines) in by_file {
                let text = std::fs::read_to_string(&file).unwrap();
                let kept: String = text
                    .lines()
                    .enumerate()
                    .map(|(i, l)| if lines.contains(&(i + 1)) { "" } else { l })
                    .map(|l| format!("{l}\n"))
                    .collect();
                std::fs::write(&file, kept).unwrap();
            }
        }
        let mut packs = Packs::embedded().unwrap();
        packs.add_dir(dir.path()).unwrap();
        rows_kept += walk_rows(dir.path());
        let tagger = ActorTagger::new(&packs)
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
    // The mutations do reach the checks, and valid rows reach the tagger (a generator that
    // wrote only bad rows, or only good ones, would test half of this).
    assert!(errors_seen > 50, "{errors_seen} errors in 8 rounds");
    assert!(
        rows_kept > 50,
        "{rows_kept} analyst rows built into taggers"
    );
}

/// The data rows (not blank, not comments) of the tables under `dir`.
fn walk_rows(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            n += walk_rows(&p);
        } else if p.extension().is_some_and(|x| x == "tsv" || x == "txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            n += text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count();
        }
    }
    n
}
