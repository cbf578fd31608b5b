//! Times the events stage alone over documents the earlier stages already annotated, so its cost
//! per MB can be compared with the others' without the noise of the whole pipeline.
//! usage: annalist extract --until actors --tokens NEWS.jsonl > /tmp/actors.jsonl
//!        cargo run --release -p annalist-events --example bench_events -- /tmp/actors.jsonl [REPEAT]
use std::io::BufRead;
use std::time::Instant;

use annalist_doc::Document;
use annalist_events::EventCoder;
use annalist_lang::Packs;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: bench_events ACTORS.jsonl [REPEAT]");
    let repeat: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let file = std::fs::File::open(path).expect("readable input");
    let docs: Vec<Document> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let coder = EventCoder::new(&Packs::embedded().expect("packs")).expect("event rules");
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..repeat {
        let mut batch = docs.clone();
        let t = Instant::now();
        for d in &mut batch {
            coder.annotate(d);
        }
        best = best.min(t.elapsed().as_secs_f64());
        events = batch.iter().map(|d| d.events.len()).sum();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {:.1} MB, {} events: best {:.3} s = {:.1} ms/MB ({:.1} MB/s)",
        docs.len(),
        mb,
        events,
        best,
        best * 1000.0 / mb,
        mb / best
    );
}
