//! Name rules that a one-line corpus example cannot show: a name repeated in an article.

use annalist_actors::ActorTagger;
use annalist_doc::{Document, EntityKind};
use annalist_lang::Packs;

fn kinds_of(tagger: &ActorTagger, text: &str, name: &str) -> Vec<EntityKind> {
    let mut doc = Document::new("t", text);
    doc.lang = Some("it".into());
    tagger.annotate(&mut doc);
    doc.entities
        .iter()
        .filter(|e| e.text == name)
        .map(|e| e.kind)
        .collect()
}

#[test]
fn a_name_repeated_with_no_cue_keeps_the_kind_its_cue_gave() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    // Alone, a capitalised word after "di" with no cue is no name.
    let alone = "Il ritorno di Vardanek in squadra slitta a domani.";
    assert!(kinds_of(&tagger, alone, "Vardanek").is_empty());
    // After a mention a cue classified, the same word is that name again.
    let after =
        "Il sindaco Vardanek era assente. Il ritorno di Vardanek in squadra slitta a domani.";
    assert_eq!(
        kinds_of(&tagger, after, "Vardanek"),
        [EntityKind::Person, EntityKind::Person]
    );
    let place = "Il convoglio è partito verso Ostravek. Il sindaco di Ostravek attende.";
    assert_eq!(
        kinds_of(&tagger, place, "Ostravek"),
        [EntityKind::Place, EntityKind::Place]
    );
}
