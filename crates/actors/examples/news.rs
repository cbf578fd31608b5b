//! Throughput of the actor stage on real news text (not the entity-dense seed):
//! `cargo run --release -p annalist-actors --example news FILE.jsonl[.gz] [MB [REPEAT]]` reads up to MB
//! megabytes (default 20) of `{"lang","text"}` lines, tags each article and prints MB/s.
use std::io::{BufRead, BufReader, Read};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let limit: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20) * 1_000_000;
    let f = std::fs::File::open(path).expect("open");
    let r: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let mut docs = Vec::new();
    let mut bytes = 0;
    for line in BufReader::new(r).lines() {
        let Ok(line) = line else { break };
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        let (Some(text), lang) = (v["text"].as_str(), v["lang"].as_str()) else {
            continue;
        };
        bytes += text.len();
        docs.push((lang.unwrap_or("en").to_string(), text.to_string()));
        if bytes >= limit {
            break;
        }
    }
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    let repeat: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    // Each language's tries are built on its first document: build them before the clock
    // starts, so the figure (and `callgrind --toggle-collect='*news*tag_all*'`) is the stage
    // alone.
    let mut seen: Vec<&str> = Vec::new();
    for (lang, _) in &docs {
        if !seen.contains(&lang.as_str()) {
            seen.push(lang);
            let mut d = annalist_doc::Document::new("w", "Warm-up.");
            d.lang = Some(lang.clone());
            tagger.annotate(&mut d);
        }
    }
    let t = std::time::Instant::now();
    let n = tag_all(&tagger, &docs, repeat);
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} docs, {:.1} MB, {} entities, {:.2} s, {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        n,
        s,
        (bytes * repeat) as f64 / 1e6 / s
    );
}

/// Tags every document `repeat` times; returns the number of entities found.
#[inline(never)]
fn tag_all(
    tagger: &annalist_actors::ActorTagger,
    docs: &[(String, String)],
    repeat: usize,
) -> usize {
    let mut n = 0;
    for (lang, text) in docs.iter().cycle().take(docs.len() * repeat) {
        let mut d = annalist_doc::Document::new("n", text.as_str());
        d.lang = Some(lang.clone());
        tagger.annotate(&mut d);
        n += d.entities.len();
    }
    n
}
