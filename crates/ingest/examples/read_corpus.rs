//! Reads inputs and reports throughput: `cargo run --release -p annalist-ingest --example
//! read_corpus -- PATH... [--print]`. With `--print` every document is written to stdout as one
//! JSON line (the shape `annalist ingest` is meant to produce); errors always go to stderr.

use annalist_ingest::{Options, Reader};
use std::io::Write;
use std::time::Instant;

fn main() {
    let mut print = false;
    let mut paths = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--print" {
            print = true;
        } else {
            paths.push(a);
        }
    }
    let reader = Reader::with_embedded_packs(Options::default()).expect("packs");
    let start = Instant::now();
    let (mut docs, mut errors, mut bytes) = (0usize, 0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in reader.read_inputs(&paths) {
        match r {
            Ok(rec) => {
                docs += 1;
                bytes += rec.doc.text.len();
                if print {
                    serde_json::to_writer(&mut out, &rec.doc).expect("write");
                    out.write_all(b"\n").expect("write");
                }
            }
            Err(e) => {
                errors += 1;
                eprintln!("{e}");
            }
        }
    }
    out.flush().expect("flush");
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{docs} documents, {errors} errors, {:.1} MB of text in {secs:.2} s: {:.1} MB/s of text",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
