//! The seed article end to end through the real stages (segmentation, times, actors) and this one:
//! the events an analyst reads in it must come out with their participants' countries, modality,
//! dates, amount and sources, and few events besides.

use annalist_doc::{Document, Event};
use annalist_events::EventCoder;
use annalist_lang::Packs;

fn countries(v: &[annalist_doc::Entity]) -> Vec<&str> {
    let mut c: Vec<&str> = v.iter().filter_map(|e| e.country.as_deref()).collect();
    c.sort();
    c.dedup();
    c
}

fn has(events: &[Event], ty: &str, src: &str, tgt: &str, check: impl Fn(&Event) -> bool) -> bool {
    events.iter().any(|e| {
        e.event_type == ty
            && (src.is_empty() || countries(&e.source).contains(&src))
            && (tgt.is_empty() || countries(&e.target).contains(&tgt))
            && check(e)
    })
}

#[test]
fn seed_article_end_to_end() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/kim-putin-telefonata.it.txt"
    ))
    .unwrap();
    let packs = Packs::embedded().unwrap();
    let seg = annalist_segment::Segmenter::new(&packs).unwrap();
    let time = annalist_time::TimeTagger::new(&packs).unwrap();
    let actors = annalist_actors::ActorTagger::new(&packs).unwrap();
    let coder = EventCoder::new(&packs).unwrap();
    let mut doc = Document::new("seed", text);
    doc.lang = Some("it".into());
    doc.published = Some("2025-08-13".into());
    seg.clean(&mut doc);
    seg.segment(&mut doc);
    time.annotate(&mut doc, &Default::default());
    actors.annotate(&mut doc);
    coder.annotate(&mut doc);
    let ev = &doc.events;
    let date =
        |v: &'static str| move |e: &Event| e.date.as_ref().is_some_and(|d| d.value.starts_with(v));
    let checks = [
        (
            "call",
            has(ev, "CONSULT", "PRK", "RUS", |e| {
                e.mode.as_deref() == Some("phone")
            }),
        ),
        (
            "planned meeting in Alaska",
            has(ev, "CONSULT", "RUS", "USA", |e| {
                e.modality == annalist_doc::Modality::Future
                    && e.location.as_ref().and_then(|l| l.country.as_deref()) == Some("USA")
                    && date("2025-08-15")(e)
            }),
        ),
        (
            "praise of the troops",
            has(ev, "SUPPORT", "RUS", "PRK", |e| {
                e.attribution.as_ref().and_then(|a| a.country.as_deref()) == Some("PRK")
            }),
        ),
        (
            "pledge of support",
            has(ev, "SUPPORT", "PRK", "RUS", |e| {
                e.modality == annalist_doc::Modality::Future
            }),
        ),
        (
            "defence agreement",
            has(ev, "AGREE", "PRK", "RUS", date("2024")),
        ),
        ("rejected diplomacy", has(ev, "REJECT", "", "USA", |_| true)),
        ("munitions", has(ev, "AID", "PRK", "RUS", date("2024"))),
        (
            "15,000 soldiers",
            has(ev, "AID", "PRK", "RUS", |e| {
                e.quantity.as_ref().is_some_and(|q| q.value == 15000.0)
                    && e.attribution.as_ref().and_then(|a| a.country.as_deref()) == Some("KOR")
            }),
        ),
        (
            "workers to Kursk",
            has(ev, "AGREE", "PRK", "RUS", |e| e.quantity.is_some()),
        ),
    ];
    let found: Vec<&str> = checks.iter().filter(|c| c.1).map(|c| c.0).collect();
    let missing: Vec<&str> = checks.iter().filter(|c| !c.1).map(|c| c.0).collect();
    assert!(
        found.len() >= 8,
        "found {found:?}, missing {missing:?}\n{:#?}",
        ev
    );
    assert!(ev.len() <= 16, "too many events: {}", ev.len());
}
