//! Throughput of the whole actor stage beside a segmentation-like baseline (a pass that splits
//! the text into words and sentences), on the seed article repeated to ~1 MB.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn baseline_segment(text: &str) -> (usize, usize) {
    let mut words = 0;
    let mut sentences = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '\'' {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else {
            in_word = false;
            if matches!(c, '.' | '!' | '?' | '\n') {
                sentences += 1;
            }
        }
    }
    (words, sentences)
}

fn bench(c: &mut Criterion) {
    let seed = include_str!("../tests/data/seed.it.txt");
    let text = seed.repeat(1_000_000 / seed.len() + 1);
    let packs = annalist_lang::Packs::embedded().unwrap();
    let tagger = annalist_actors::ActorTagger::new(&packs).unwrap();
    let mut g = c.benchmark_group("actors");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("segmentation_baseline", |b| {
        b.iter(|| baseline_segment(&text))
    });
    g.bench_function("actor_stage", |b| {
        b.iter(|| {
            let mut d = annalist_doc::Document::new("b", text.clone());
            d.lang = Some("it".into());
            d.published = Some("2025-08-13".into());
            tagger.annotate(&mut d);
            d.entities.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
