//! The seed article (a copy is kept in the repository's examples/): furniture removal and the
//! 13 sentences its gold file is built on.

use annalist_doc::{Document, Level, TokenKind};
use annalist_lang::Packs;
use annalist_segment::Segmenter;

fn seed() -> Document {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/kim-putin-telefonata.it.txt"
    );
    let text = std::fs::read_to_string(path).expect("seed article");
    let mut doc = Document::new("seed", text);
    doc.lang = Some("it".into());
    doc
}

fn segmenter() -> Segmenter {
    Segmenter::new(&Packs::embedded().expect("packs")).expect("segmenter")
}

#[test]
fn trailing_today_is_dropped_with_a_diagnostic() {
    let seg = segmenter();
    let mut doc = seed();
    assert!(doc.text.trim_end().ends_with("Today"));
    seg.clean(&mut doc);
    assert!(
        doc.text.ends_with("potrebbe avvenire presto."),
        "{:?}",
        &doc.text[doc.text.len() - 40..]
    );
    assert_eq!(doc.diagnostics.len(), 1);
    let d = &doc.diagnostics[0];
    assert_eq!(d.level, Level::Info);
    assert_eq!(
        d.message,
        "dropped page furniture \"Today\" (rule common/trailing-today)"
    );
    // Cleaning again changes nothing.
    let before = doc.text.clone();
    seg.clean(&mut doc);
    assert_eq!(doc.text, before);
    assert_eq!(doc.diagnostics.len(), 1);
}

#[test]
fn seed_has_thirteen_sentences() {
    let seg = segmenter();
    let mut doc = seed();
    seg.annotate(&mut doc);
    let sents: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(*s)).collect();
    assert_eq!(sents.len(), 13, "{sents:#?}");
    assert_eq!(
        sents[0],
        "Telefonata Kim Jong Un-Putin: Pyongyang conferma pieno sostegno a Mosca nella guerra in Ucraina"
    );
    assert_eq!(sents[6], "Legame sempre più stretto tra Pyongyang e Mosca");
    for s in &sents[1..] {
        if *s != sents[6] {
            assert!(s.ends_with('.'), "not cut at a sentence end: {s:?}");
        }
        assert_eq!(s.trim(), *s);
    }
    assert!(sents[12].starts_with("Kim ha anche accettato"));
    // Sentences are in order, disjoint, and every token lies in one.
    for w in doc.sentences.windows(2) {
        assert!(w[0].end < w[1].start);
    }
    for t in &doc.tokens {
        assert!(doc.sentence_at(t.span.start).is_some());
    }
}

#[test]
fn seed_tokens() {
    let seg = segmenter();
    let mut doc = seed();
    seg.annotate(&mut doc);
    let toks: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let has = |seq: &[&str]| toks.windows(seq.len()).any(|w| w == seq);
    assert!(has(&["l'", "Ucraina"]));
    assert!(has(&["Secondo", "l'", "agenzia"]));
    assert!(has(&["Nell'", "aprile", "di", "quest'", "anno"]));
    assert!(has(&["un'", "operazione"]));
    assert!(has(&["dell'", "avanzamento"]));
    assert!(has(&["Un", "-", "Putin", ":"]));
    let n = doc
        .tokens
        .iter()
        .find(|t| doc.slice(t.span) == "15mila")
        .expect("15mila is one token");
    assert_eq!(n.kind, TokenKind::Number);
    let y = doc
        .tokens
        .iter()
        .find(|t| doc.slice(t.span) == "2019")
        .unwrap();
    assert_eq!(y.kind, TokenKind::Number);
}

#[test]
fn segment_tables_are_listed_with_provenance() {
    let packs = Packs::embedded().expect("packs");
    let errs: Vec<String> = packs
        .check_manifests()
        .iter()
        .map(ToString::to_string)
        .filter(|e| e.contains("segment/"))
        .collect();
    assert!(errs.is_empty(), "{errs:#?}");
    for lang in ["it", "en"] {
        let pack = packs.get(lang).unwrap();
        for f in [
            "segment/furniture.tsv",
            "segment/abbreviations.txt",
            "segment/sentence-starters.txt",
        ] {
            assert!(
                pack.manifest.tables.iter().any(|t| t.file == f),
                "{lang}: {f}"
            );
        }
    }
}

#[test]
fn a_bad_table_row_is_an_error_naming_its_line() {
    let dir = std::env::temp_dir().join(format!("annalist-segment-bad-{}", std::process::id()));
    let seg = dir.join("segment");
    std::fs::create_dir_all(&seg).unwrap();
    std::fs::write(dir.join("pack.toml"), "code = \"it\"\nname = \"x\"\n").unwrap();
    std::fs::write(
        seg.join("manifest.toml"),
        "[[table]]\nfile = \"furniture.tsv\"\nsource = \"test\"\nlicence = \"Apache-2.0\"\n",
    )
    .unwrap();
    std::fs::write(
        seg.join("furniture.tsv"),
        "# header\nrule\tsomewhere\tpattern\n",
    )
    .unwrap();
    let mut packs = Packs::embedded().unwrap();
    packs.add_dir(&dir).unwrap();
    let err = Segmenter::new(&packs).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.contains("furniture.tsv:2"), "{err}");
    assert!(err.contains("unknown place"), "{err}");
}
