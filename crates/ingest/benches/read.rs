//! Throughput of the readers on inputs made here: `cargo bench -p annalist-ingest`.
//! The real-corpus figure (gzip JSON Lines against `zcat`) comes from the `read_corpus` example.

use annalist_ingest::{Format, Options, Reader};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let reader = Reader::with_embedded_packs(Options::default()).unwrap();
    let page = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/articolo.it.html"
    ))
    .unwrap();
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("html_page", |b| {
        b.iter(|| reader.read_bytes("p.html", &page, Some(Format::Html)))
    });
    let line = r#"{"source":"bench","lang":"it","id":"ID","text":"Il leader nordcoreano Kim Jong Un ha avuto mercoledì una conversazione telefonica con il presidente russo Vladimir Putin, secondo quanto riferito dall'agenzia ufficiale Kcna. I due leader hanno discusso della cooperazione tra i due Paesi.","date":"11-MAR-1987 00:08:58.81","places":["Roma"]}"#;
    let jsonl: String = (0..2000)
        .map(|i| line.replace("ID", &i.to_string()) + "\n")
        .collect();
    g.throughput(Throughput::Bytes(jsonl.len() as u64));
    g.bench_function("jsonl_2000_lines", |b| {
        b.iter(|| reader.read_bytes("b.jsonl", jsonl.as_bytes(), Some(Format::Jsonl)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
