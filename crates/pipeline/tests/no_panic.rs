//! No stage panics on text it was never shown, and every span a stage writes reads back its own
//! text. The texts are drawn at random (a fixed seed: a failure reproduces) from the words of the
//! packs' example corpora, which carry the titles, names, demonyms and "of" words the rules key
//! on, mixed with the characters that break byte arithmetic: apostrophes straight and curly,
//! brackets, dashes, letters whose lower case is longer or shorter in UTF-8 ("İ", "ẞ", "Ω"),
//! combining marks, emoji, and paragraph breaks. The same property is fuzzed without bounds by
//! `fuzz/fuzz_targets/pipeline.rs` (nightly); this test keeps a sample of it in `cargo test`.
//!
//! The pipeline catches a stage's panic and notes it as an error diagnostic
//! ("internal error in the … stage"): an error diagnostic is the failure looked for here.

use annalist_doc::{Document, Level};
use annalist_pipeline::{Options, Pipeline};
mod common;
use common::Rng;

/// The words of the packs' example sentences (`packs/*/corpus`), split on spaces.
fn corpus_words() -> Vec<String> {
    let packs = common::repo_packs();
    let mut words = Vec::new();
    for lang in ["it", "en"] {
        let dir = packs.join(lang).join("corpus");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                // The text column of a TSV corpus, or the whole line of a text corpus.
                let text = match f.extension().and_then(|e| e.to_str()) {
                    Some("tsv") => line.split('\t').nth(1).unwrap_or(""),
                    _ => line.split('\t').next().unwrap_or(""),
                };
                words.extend(text.split(' ').filter(|w| !w.is_empty()).map(String::from));
            }
        }
    }
    assert!(
        words.len() > 5_000,
        "pack corpora read: {} words",
        words.len()
    );
    words
}

/// Pieces that are no word of the corpora: punctuation and characters whose handling differs by
/// byte length or case mapping.
const ODD: &[&str] = &[
    "'",
    "’",
    "‘",
    "\"",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "-",
    "–",
    "—",
    ".",
    ",",
    ";",
    ":",
    "?",
    "!",
    "…",
    "/",
    "&",
    "@",
    "#",
    "%",
    "\n",
    "\n\n",
    "\t",
    "  ",
    "İ",
    "İstanbul",
    "ẞ",
    "Ω",
    "ǅ",
    "ﬁ",
    "e\u{301}",
    "É",
    "À",
    "È",
    "Ö",
    "ß",
    "Σ",
    "ς",
    "\u{200b}",
    "\u{a0}",
    "🙂",
    "中国",
    "Москва",
    "١٢٣",
    "0",
    "1",
    "12",
    "1.000",
    "3,5",
    "2025",
    "13/08/2025",
    "U.S.",
    "dell'",
    "d'",
    "l'",
    "all’",
    "Ue",
    "USA",
    "Usa",
    "usa",
    "s",
    "'s",
    "’s",
    "St.",
    "Mr.",
    "Dr",
    "https://example.org/a",
    "a@b.it",
    "<A>",
    "<<",
    ">>",
];

/// One random text of up to 60 pieces: mostly corpus words, with odd pieces, and joints that
/// are a space, nothing (pieces glued: "Putin’İ"), or a newline.
fn text(rng: &mut Rng, words: &[String]) -> String {
    let mut out = String::new();
    for _ in 0..1 + rng.below(60) {
        let piece = if rng.below(4) == 0 {
            ODD[rng.below(ODD.len())]
        } else {
            words[rng.below(words.len())].as_str()
        };
        // Sometimes the piece's case is changed: capitals start names, upper case headlines.
        match rng.below(8) {
            0 => out.push_str(&piece.to_uppercase()),
            1 => out.push_str(&piece.to_lowercase()),
            _ => out.push_str(piece),
        }
        match rng.below(6) {
            0 => {}
            1 => out.push('\n'),
            _ => out.push(' '),
        }
    }
    out
}

fn check(doc: &Document, input: &str) {
    if let Some(d) = doc.diagnostics.iter().find(|d| d.level == Level::Error) {
        panic!("{}\non {input:?}", d.message);
    }
    if let Some(e) = doc.span_error() {
        panic!("{e}\non {input:?}");
    }
}

#[test]
fn random_texts_of_pack_words_and_odd_characters_do_not_panic() {
    let pipeline = Pipeline::embedded().unwrap();
    let words = corpus_words();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for n in 0..4_000 {
        let input = text(&mut rng, &words);
        let mut doc = Document::new(format!("r{n}"), input.clone());
        if n % 3 != 0 {
            doc.published = Some("2025-08-13T09:00:00Z".into());
        }
        let opts = Options {
            lang: Some(if n % 2 == 0 { "it" } else { "en" }.into()),
            ..Options::default()
        };
        pipeline.process(&mut doc, &opts);
        check(&doc, &input);
    }
}

/// The check itself fails where it should: a span off the text's character boundaries and an
/// error diagnostic are both caught (a check that cannot fail would pass any pipeline).
#[test]
fn the_check_catches_a_bad_span_and_a_caught_panic() {
    let mut doc = Document::new("x", "Città");
    doc.entities.push(annalist_doc::Entity::unlinked(
        // (Byte 5 is inside "à".)
        annalist_doc::Span::new(0, 5),
        "Citt",
        annalist_doc::EntityKind::Place,
        "test",
    ));
    let bad_span = std::panic::catch_unwind(|| check(&doc, "Città"));
    assert!(bad_span.is_err());
    let mut doc = Document::new("x", "Città");
    doc.warn("a warning is no failure", None);
    check(&doc, "Città");
    doc.diagnostics.push(annalist_doc::Diagnostic::new(
        Level::Error,
        "internal error in the actors stage, its results dropped: test",
        None,
    ));
    assert!(std::panic::catch_unwind(|| check(&doc, "Città")).is_err());
}
