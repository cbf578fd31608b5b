//! Examples per second on a Duckling corpus (default: the Italian one), one core.
//!
//! `cargo run --release -p annalist-time --example bench_it -- /work/shared/data/time/duckling_time_it.jsonl it`
use std::time::Instant;

use annalist_time::{parse_reference, Convention, TimeTagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let path = a.first().ok_or("usage: bench_it FILE [LANG]")?;
    let lang = a.get(1).map(String::as_str).unwrap_or("it");
    let packs = annalist_lang::Packs::embedded()?;
    let t0 = Instant::now();
    let tagger = TimeTagger::new(&packs)?;
    eprintln!("build: {:?}", t0.elapsed());
    let mut ex = Vec::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if let (Some(t), Some(r)) = (v["text"].as_str(), v["reference_time"].as_str()) {
            ex.push((t.to_string(), parse_reference(r).ok_or("bad reference")?));
        }
    }
    let rounds = 50;
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for (text, now) in &ex {
            found += tagger
                .parse_text(lang, text, *now, Convention::Assistant)
                .len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = (ex.len() * rounds) as f64;
    println!(
        "{} examples x {rounds}: {:.0} examples/s ({found} expressions)",
        ex.len(),
        n / secs
    );
    Ok(())
}
