//! Throughput of the events stage alone (earlier stages run once beforehand) and of the whole pipeline
//! over a gold file's texts.
//! usage: cargo run --release -p annalist-eval --example bench_events -- GOLD.json [ROUNDS]
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold = annalist_eval::load_gold(std::path::Path::new(&args[0]))?;
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(50);
    let pipeline = annalist_pipeline::Pipeline::embedded()?;
    let coder = annalist_events::EventCoder::new(pipeline.packs())?;
    let mut opts = annalist_pipeline::Options::default();
    let bytes: usize = gold.iter().map(|g| g.text.len()).sum::<usize>() * rounds;
    let t = Instant::now();
    let mut prepared = Vec::new();
    for _ in 0..rounds {
        for g in &gold {
            let mut d = annalist_eval::gold_document(g);
            pipeline.process(&mut d, &opts);
            prepared.push(d);
        }
    }
    let whole = t.elapsed().as_secs_f64();
    for d in &mut prepared {
        d.events.clear();
    }
    // the events stage alone, repeated so its time dominates the clock's resolution
    let reps = 20;
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        for d in &mut prepared {
            d.events.clear();
            coder.annotate(d);
            n += d.events.len();
        }
    }
    let ev = t.elapsed().as_secs_f64() / reps as f64;
    n /= reps;
    opts.lang = None;
    println!(
        "{} MB: whole pipeline {:.1} MB/s; events stage {:.1} MB/s ({n} events)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / whole,
        bytes as f64 / 1e6 / ev
    );
    Ok(())
}
