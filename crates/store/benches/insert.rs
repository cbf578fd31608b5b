//! Insert throughput: documents per second into a fresh WAL database, with sentences, entities,
//! times and events (deduplicated across articles) — `cargo bench -p annalist-store`.

use annalist_doc::{Document, Entity, EntityKind, Event, EventDate, Modality, Span, Time, Trigger};
use annalist_store::Store;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn entity(name: &str, id: &str, country: &str) -> Entity {
    Entity {
        span: Span::new(0, name.len()),
        text: name.into(),
        kind: EntityKind::Person,
        id: Some(id.into()),
        name: Some(name.into()),
        country: Some(country.into()),
        sector: Some("GOV".into()),
        cameo: None,
        lat: None,
        lon: None,
        coref: None,
        note: None,
    }
}

/// A ~2 KB article with 12 sentences, 10 entities, 2 times and 3 events; the events repeat across
/// articles (a few actors, a few days) so deduplication has work to do.
fn article(i: usize) -> Document {
    let sentence = format!(
        "Nel giorno numero {i} il presidente ha avuto un colloquio telefonico con il suo omologo \
         sulla situazione della città e delle truppe al confine, secondo l'agenzia ufficiale. "
    );
    let text = sentence.repeat(12);
    let mut d = Document::new(format!("bench-{i}"), text);
    d.lang = Some("it".into());
    d.outlet = Some(["ansa", "rai", "reuters", "ap"][i % 4].into());
    d.published = Some(format!("2025-{:02}-{:02}", i % 12 + 1, i % 28 + 1));
    let n = sentence.len();
    d.sentences = (0..12).map(|k| Span::new(k * n, (k + 1) * n - 1)).collect();
    let actors = [
        entity("Vladimir Putin", "Q7747", "RUS"),
        entity("Kim Jong Un", "Q56226", "PRK"),
        entity("Donald Trump", "Q22686", "USA"),
        entity("Xi Jinping", "Q15031", "CHN"),
    ];
    d.entities = (0..10).map(|k| actors[(i + k) % 4].clone()).collect();
    d.times = (0..2)
        .map(|k| Time {
            span: Span::new(k * n, k * n + 10),
            text: "mercoledì".into(),
            value: d.published.clone().unwrap(),
            precision: "day".into(),
            from: d.published.clone(),
            to: d.published.clone(),
            rule: None,
        })
        .collect();
    d.events = (0..3)
        .map(|k| Event {
            event_type: ["CONSULT", "AGREE", "THREATEN"][k].into(),
            mode: None,
            cameo: Some(["040", "057", "130"][k].into()),
            source: vec![actors[(i + k) % 4].clone()],
            target: vec![actors[(i + k + 1) % 4].clone()],
            date: Some(EventDate {
                value: d.published.clone().unwrap(),
                precision: "day".into(),
                basis: "text".into(),
                time: Some(0),
            }),
            location: None,
            attribution: None,
            modality: Modality::Asserted,
            quantity: None,
            trigger: Trigger {
                text: "colloquio".into(),
                span: Span::new(k * n + 40, k * n + 49),
            },
            sentence: d.sentences[k],
            confidence: 0.7,
            goldstein: Some([1.0, 5.0, -4.4][k]),
            mentions: Vec::new(),
        })
        .collect();
    d
}

fn insert(c: &mut Criterion) {
    const DOCS: usize = 2_000;
    let docs: Vec<Document> = (0..DOCS).map(article).collect();
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mut g = c.benchmark_group("insert");
    g.sample_size(10);
    g.throughput(Throughput::Elements(DOCS as u64));
    g.bench_function("2000 docs, batches of 500", |b| {
        b.iter_with_setup(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(dir.path().join("bench.db")).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                for chunk in docs.chunks(500) {
                    store.insert_batch(chunk).unwrap();
                }
                (dir, store)
            },
        )
    });
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("2000 docs, bytes", |b| {
        b.iter_with_setup(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(dir.path().join("bench.db")).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                for chunk in docs.chunks(500) {
                    store.insert_batch(chunk).unwrap();
                }
                (dir, store)
            },
        )
    });
    g.finish();
}

criterion_group!(benches, insert);
criterion_main!(benches);
