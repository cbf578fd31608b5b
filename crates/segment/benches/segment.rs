//! Segmentation throughput next to a baseline that only reads and UTF-8-validates the same
//! bytes, on the news sample in /work/shared/data (evaluation data, never copied into the
//! repository). Skipped with a message when the file is absent.
//!
//! `cargo bench -p annalist-segment` prints criterion's figures for both and, first, a plain
//! timing of each with the ratio segmentation/baseline.

use std::io::Read;
use std::time::Instant;

use annalist_doc::Document;
use annalist_lang::Packs;
use annalist_segment::Segmenter;
use criterion::{black_box, Criterion, Throughput};

const DATA: &str = "/work/shared/data/news/news_articles.jsonl.gz";

fn load() -> Option<Vec<(String, Option<String>)>> {
    let f = std::fs::File::open(DATA).ok()?;
    let mut s = String::new();
    flate2::read::GzDecoder::new(f)
        .read_to_string(&mut s)
        .ok()?;
    let docs = s
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let text = v.get("text")?.as_str()?.to_string();
            let lang = v.get("lang").and_then(|l| l.as_str()).map(str::to_string);
            Some((text, lang))
        })
        .collect();
    Some(docs)
}

fn baseline(docs: &[(String, Option<String>)], bytes: &[Vec<u8>]) -> usize {
    let mut n = 0;
    for (b, _) in bytes.iter().zip(docs) {
        n += std::str::from_utf8(black_box(b)).map(str::len).unwrap_or(0);
    }
    n
}

fn segment(seg: &Segmenter, docs: &[(String, Option<String>)], doc: &mut Document) -> usize {
    let mut n = 0;
    for (t, lang) in docs {
        doc.text.clear();
        doc.text.push_str(t);
        doc.lang.clone_from(lang);
        seg.segment(doc);
        n += doc.tokens.len() + doc.sentences.len();
    }
    n
}

fn main() {
    let Some(docs) = load() else {
        println!("segment bench skipped: {DATA} not found");
        return;
    };
    let packs = Packs::embedded().expect("embedded packs");
    let seg = Segmenter::new(&packs).expect("segmenter");
    let bytes: Vec<Vec<u8>> = docs.iter().map(|(t, _)| t.as_bytes().to_vec()).collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    let mb = total as f64 / 1e6;
    let mut doc = Document::default();

    // Plain timing, best of 3, so the ratio is printed in one line.
    let best = |f: &mut dyn FnMut() -> usize| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let tb = best(&mut || baseline(&docs, &bytes));
    let ts = best(&mut || segment(&seg, &docs, &mut doc));
    println!(
        "{} documents, {mb:.1} MB: read+validate {:.0} MB/s, segment {:.1} MB/s, ratio {:.1}x",
        docs.len(),
        mb / tb,
        mb / ts,
        ts / tb
    );

    let mut c = Criterion::default().sample_size(10).configure_from_args();
    let mut g = c.benchmark_group("news");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("read+validate", |b| b.iter(|| baseline(&docs, &bytes)));
    g.bench_function("segment", |b| b.iter(|| segment(&seg, &docs, &mut doc)));
    g.finish();
    c.final_summary();
}
