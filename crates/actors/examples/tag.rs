//! Tags each line of standard input and prints its entities, one a line:
//! `echo "la polizia di Roma" | cargo run --release -p annalist-actors --example tag it`.
use std::io::BufRead;

fn main() {
    let lang = std::env::args().nth(1).unwrap_or_else(|| "it".into());
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let mut doc = annalist_doc::Document::new("tag", line);
        doc.lang = Some(lang.clone());
        tagger.annotate(&mut doc);
        println!("{}", doc.text);
        for e in &doc.entities {
            println!(
                "  {:?} {:?} {:?} {:?} {:?} {:?}",
                e.text, e.kind, e.country, e.sector, e.id, e.note
            );
        }
    }
}
