//! Any bytes: decoding and date normalisation never panic, and the full sniff-and-read path
//! returns records or errors.
#![no_main]

use annalist_ingest::{decode, Options, Reader};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static READER: OnceLock<Reader> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = decode(data) {
        // Conversion must round-trip through UTF-8 without loss of validity.
        assert!(std::str::from_utf8(d.text.as_bytes()).is_ok());
    }
    let _ = annalist_ingest::normalise_date(&String::from_utf8_lossy(data));
    let reader = READER.get_or_init(|| Reader::with_embedded_packs(Options::default()).unwrap());
    let _ = reader.read_bytes("fuzz", data, None);
});
