//! Any bytes given as html: the reader returns records or errors, never panics or hangs.
#![no_main]

use annalist_ingest::{Format, Options, Reader};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static READER: OnceLock<Reader> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let reader = READER.get_or_init(|| Reader::with_embedded_packs(Options::default()).unwrap());
    for r in reader
        .read_bytes("fuzz", data, Some(Format::Html))
        .into_iter()
        .flatten()
    {
        // Every document's text must be valid to slice and serialise.
        assert!(!r.doc.text.is_empty());
        let _ = r.doc.title.as_deref().map(str::len);
    }
});
