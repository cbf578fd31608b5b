//! Throughput of the time stage on news articles (long texts, few time expressions).
//!
//! `cargo run --release -p annalist-time --example bench_news -- /work/shared/data/news/news_articles.jsonl.gz [LIMIT] [ROUNDS] [STEP]`
//! (STEP 10 samples every tenth article: a mix of the corpus's sources and languages).
//! Articles keep their own `published` (none in this corpus: the stage then also runs its
//! second probe to tell relative values, as the pipeline does).
//! Prints MB/s of article text on one core, news convention.
use std::io::{BufRead, BufReader};
use std::time::Instant;

use annalist_doc::Document;
use annalist_time::{TimeOptions, TimeTagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let path = a
        .first()
        .ok_or("usage: bench_news FILE.jsonl[.gz] [LIMIT] [ROUNDS] [STEP]")?;
    let limit: usize = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(4000);
    let rounds: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let packs = annalist_lang::Packs::embedded()?;
    let tagger = TimeTagger::new(&packs)?;
    let step: usize = a.get(3).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn BufRead> = if path.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut docs = Vec::new();
    for line in reader.lines().step_by(step).take(limit) {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let mut d = Document::new(v["id"].as_str().unwrap_or_default(), text);
        d.lang = v["lang"].as_str().map(str::to_string);
        d.published = v["published"].as_str().map(str::to_string);
        docs.push(d);
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let opts = TimeOptions::default();
    let t = Instant::now();
    let (mut times, mut qty) = (0usize, 0usize);
    for _ in 0..rounds {
        for d in &docs {
            let mut d = d.clone();
            tagger.annotate(&mut d, &opts);
            times += d.times.len();
            qty += d.quantities.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} docs, {:.1} MB x {rounds}: {:.1} MB/s ({times} times, {qty} quantities)",
        docs.len(),
        bytes as f64 / 1e6,
        (bytes * rounds) as f64 / 1e6 / secs
    );
    Ok(())
}
