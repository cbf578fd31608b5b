//! Prints the tokens and events of one sentence (for developing the pack rules).
//! usage: cargo run -p annalist-events --example debug_one -- LANG "TEXT" [ENTITY_TEXT=COUNTRY ...]
use annalist_doc::{Document, Entity, EntityKind, Span};
use annalist_events::{tokenize, EventCoder};
use annalist_lang::Packs;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut doc = Document::new("x", args[1].clone());
    doc.lang = Some(args[0].clone());
    for a in &args[2..] {
        let (t, c) = a.split_once('=').unwrap();
        let i = doc.text.find(t).unwrap();
        doc.entities.push(Entity {
            span: Span::new(i, i + t.len()),
            text: t.into(),
            kind: if c.ends_with("!") {
                EntityKind::Place
            } else {
                EntityKind::Group
            },
            id: None,
            name: None,
            country: Some(c.trim_end_matches('!').into()),
            sector: None,
            cameo: None,
            lat: None,
            lon: None,
            coref: None,
            note: None,
        });
    }
    doc.entities.sort_by_key(|e| e.span.start);
    let toks: Vec<&str> = tokenize(&doc.text)
        .iter()
        .map(|t| t.span.text(&doc.text))
        .collect();
    println!("{toks:?}");
    let coder = EventCoder::new(&Packs::embedded().unwrap()).unwrap();
    coder.annotate(&mut doc);
    for e in &doc.events {
        println!(
            "{} {:?} src={:?} tgt={:?} attr={:?} {:?}",
            e.event_type,
            e.trigger.text,
            e.source.iter().map(|x| &x.text).collect::<Vec<_>>(),
            e.target.iter().map(|x| &x.text).collect::<Vec<_>>(),
            e.attribution.as_ref().map(|a| &a.text),
            e.modality
        );
    }
}
