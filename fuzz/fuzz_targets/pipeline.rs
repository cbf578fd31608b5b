//! Any text through the whole pipeline (cleaning, segmentation, times, actors, events), read
//! as Italian or English, with or without a publication date: no stage panics, and every span a
//! stage writes lies on the text's character boundaries and reads back its own text.
//!
//! Why the whole pipeline and not each stage: the stages read one another's output (the actor
//! rules read the segmenter's sentences and folded text, the event rules the entities and
//! times), so a stage only sees the inputs it will meet in use when the earlier ones ran.
//! `Pipeline::process` catches a stage's panic and notes it as an error; libFuzzer's panic
//! hook aborts first, so a caught panic is still a crash here.
#![no_main]

use annalist_doc::Document;
use annalist_pipeline::{Options, Pipeline};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let pipeline = PIPELINE.get_or_init(|| Pipeline::embedded().unwrap());
    // The first byte picks the language and whether the document has a date; the rest is
    // the text (invalid UTF-8 replaced, as the readers do).
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut doc = Document::new("fuzz", text);
    if pick & 2 != 0 {
        doc.published = Some("2025-08-13T09:00:00Z".into());
    }
    let opts = Options {
        lang: Some(if pick & 1 == 0 { "it" } else { "en" }.into()),
        ..Options::default()
    };
    pipeline.process(&mut doc, &opts);
    if let Some(e) = doc.span_error() {
        panic!("{e}");
    }
});
