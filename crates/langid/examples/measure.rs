//! Measures accuracy and speed of whatlang alone, lingua alone and the combined detector on a
//! JSONL(.gz) file of records with `text` and `lang` (the evaluation sample under
//! /work/shared/data by default; never copied into the repository), and on each record's first
//! five words as a stand-in for headlines.
//!
//! `cargo run --release -p annalist-langid --example measure [-- path] [max_records]`

use std::io::Read;
use std::time::Instant;

use annalist_langid::{Guess, LangId, SUPPORTED};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "/work/shared/data/news/news_articles.jsonl.gz".into());
    let max: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4000);
    let f = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut s = String::new();
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(f)
            .read_to_string(&mut s)
            .unwrap();
    } else {
        std::io::BufReader::new(f).read_to_string(&mut s).unwrap();
    }
    // Take records round-robin per language so the small languages are represented.
    let mut by_lang: Vec<Vec<(String, String)>> = vec![Vec::new(); SUPPORTED.len()];
    for l in s.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
            continue;
        };
        let (Some(t), Some(lang)) = (v["text"].as_str(), v["lang"].as_str()) else {
            continue;
        };
        if let Some(i) = SUPPORTED.iter().position(|x| *x == lang) {
            by_lang[i].push((lang.to_string(), t.to_string()));
        }
    }
    let mut docs = Vec::new();
    let mut k = 0;
    while docs.len() < max && by_lang.iter().any(|v| k < v.len()) {
        for v in &by_lang {
            if let Some(d) = v.get(k) {
                docs.push(d.clone());
            }
        }
        k += 1;
    }
    let heads: Vec<(String, String)> = docs
        .iter()
        .map(|(l, t)| {
            (
                l.clone(),
                t.split_whitespace().take(5).collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    let id = LangId::new();
    let _ = id.lingua_guess("warm up the lazily loaded models");
    type F<'a> = Box<dyn Fn(&str) -> Option<Guess> + 'a>;
    let methods: Vec<(&str, F)> = vec![
        ("whatlang", Box::new(|t| id.whatlang_guess(t))),
        ("lingua", Box::new(|t| id.lingua_guess(t))),
        ("combined", Box::new(|t| id.identify(t))),
    ];
    for (set, data) in [("documents", &docs), ("5-word heads", &heads)] {
        let bytes: usize = data
            .iter()
            .map(|(_, t)| t.len().min(annalist_langid::SAMPLE_BYTES))
            .sum();
        for (name, m) in &methods {
            let t0 = Instant::now();
            let right = data
                .iter()
                .filter(|(l, t)| m(t).map(|g| g.lang) == Some(l.as_str()))
                .count();
            let secs = t0.elapsed().as_secs_f64();
            println!(
                "{set:>13} {name:>9}: {right}/{} right ({:.1}%), {:.1} MB/s of sampled text, {:.0} docs/s",
                data.len(),
                100.0 * right as f64 / data.len() as f64,
                bytes as f64 / 1e6 / secs,
                data.len() as f64 / secs
            );
        }
    }
}
