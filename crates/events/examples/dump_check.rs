//! Output guard for speed work on the events stage and the pipeline driver: runs the whole
//! pipeline (as `annalist extract` does) over the first N documents of an input and prints every
//! event with all its fields, so that two versions can be compared with `cmp` or `diff`.
//!
//! `cargo run --release -p annalist-events --example dump_check -- NEWS.jsonl.gz 3000 > out.txt`
//!
//! Each event is one line: the document id, its index, and the event's `Debug` form, which
//! names every field (sides with their entities, date, place, attribution, modality, quantity,
//! trigger, sentence, confidence, Goldstein value, further mentions). A count per document
//! follows, so a document that lost all its events still shows.
use std::io::{BufWriter, Write};

use annalist_pipeline::{Options, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(limit)) = (a.first(), a.get(1)) else {
        return Err("usage: dump_check INPUT LIMIT".into());
    };
    let limit: usize = limit.parse()?;
    let pipeline = Pipeline::embedded()?;
    let reader = annalist_ingest::Reader::with_embedded_packs(Default::default())?;
    let opts = Options::default();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for rec in reader.read_inputs(&[input]).take(limit) {
        let mut d = match rec {
            Ok(r) => r.doc,
            Err(e) => {
                writeln!(out, "ERR\t{e}")?;
                continue;
            }
        };
        pipeline.process(&mut d, &opts);
        for (i, e) in d.events.iter().enumerate() {
            writeln!(out, "{}\t{i}\t{e:?}", d.id)?;
        }
        writeln!(out, "{}\tN\t{}", d.id, d.events.len())?;
    }
    out.flush()?;
    Ok(())
}
