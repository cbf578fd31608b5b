//! Name rules that a one-line corpus example cannot show: a name repeated in an article.

use annalist_actors::ActorTagger;
use annalist_doc::{Document, EntityKind};
use annalist_lang::Packs;

/// The entities the tagger finds in `text` (Italian) whose text is `name`.
fn named(tagger: &ActorTagger, text: &str, name: &str) -> Vec<annalist_doc::Entity> {
    let mut doc = Document::new("t", text);
    doc.lang = Some("it".into());
    tagger.annotate(&mut doc);
    doc.entities.retain(|e| e.text == name);
    doc.entities
}

fn kinds_of(tagger: &ActorTagger, text: &str, name: &str) -> Vec<EntityKind> {
    named(tagger, text, name).iter().map(|e| e.kind).collect()
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

#[test]
fn a_surname_named_in_full_before_stays_a_person_after_a_place_cue() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    // Alone, "a" + an unknown capitalised word is a place.
    let alone = "La squadra ha ceduto il posto a Morvanetti per la finale.";
    assert_eq!(kinds_of(&tagger, alone, "Morvanetti"), [EntityKind::Place]);
    // After the full name, "a" is the person's dative.
    let after = "Sergio Morvanetti ha vinto la semifinale. La squadra ha ceduto il posto a \
                 Morvanetti per la finale.";
    assert_eq!(kinds_of(&tagger, after, "Morvanetti"), [EntityKind::Person]);
}

fn sectors_of(tagger: &ActorTagger, text: &str, name: &str) -> Vec<Option<String>> {
    named(tagger, text, name)
        .into_iter()
        .map(|e| e.sector)
        .collect()
}

#[test]
fn a_country_before_a_verb_is_its_government_only_as_the_subject() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    assert_eq!(
        sectors_of(&tagger, "Il Perù ha chiesto nuovi colloqui.", "Perù"),
        [Some("GOV".to_string())]
    );
    // The complement of a noun before the verb is the place.
    assert_eq!(
        sectors_of(
            &tagger,
            "Le alluvioni in Perù hanno chiuso tre strade.",
            "Perù"
        ),
        [None]
    );
    assert_eq!(
        sectors_of(
            &tagger,
            "Il tribunale supremo del Perù ha respinto il ricorso.",
            "Perù"
        ),
        [None]
    );
}

#[test]
fn a_title_ending_a_headline_says_nothing_of_the_next_sentence() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    // A headline has no period: "killer" ends it, and "Dopo" starts the next sentence.
    let text = "Arrestato il killer\nDopo la fuga la polizia ha chiuso le strade.";
    assert!(kinds_of(&tagger, text, "Dopo").is_empty());
    // Within a sentence the same title still makes the name after it a person; so does an
    // abbreviated title whose period is no sentence's end.
    let within = "Ha confessato il killer Vardanek davanti al giudice.";
    assert_eq!(kinds_of(&tagger, within, "Vardanek"), [EntityKind::Person]);
    let abbreviated = "Il progetto è stato illustrato dal sig. Vardanek ai presenti.";
    assert_eq!(
        kinds_of(&tagger, abbreviated, "Vardanek"),
        [EntityKind::Person]
    );
}

#[test]
fn an_article_before_a_country_makes_its_government_but_not_as_a_destination_or_described() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    assert_eq!(
        sectors_of(
            &tagger,
            "Ieri la Norvegia ha chiesto nuovi colloqui.",
            "Norvegia"
        ),
        [Some("GOV".to_string())]
    );
    // The copula describes the land or what befell it.
    assert_eq!(
        sectors_of(
            &tagger,
            "Da settimane la Norvegia è colpita da forti nevicate.",
            "Norvegia"
        ),
        [None]
    );
    // A destination after "per" or "verso".
    assert_eq!(
        sectors_of(
            &tagger,
            "Il delegato è partito ieri per la Norvegia con la famiglia.",
            "Norvegia"
        ),
        [None]
    );
}

fn notes_of(tagger: &ActorTagger, text: &str, name: &str) -> Vec<String> {
    named(tagger, text, name)
        .into_iter()
        .map(|e| e.note.unwrap_or_default())
        .collect()
}

#[test]
fn in_a_match_report_a_country_after_da_or_a_with_an_article_is_its_team() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    let team = notes_of(
        &tagger,
        "La Svezia è stata sconfitta per 4-1 dalla Norvegia nella partita di ieri.",
        "Norvegia",
    );
    assert!(
        team.len() == 1 && team[0].starts_with("country as its national team"),
        "{team:?}"
    );
    // With no match in the sentence the same words name the place.
    let place = notes_of(
        &tagger,
        "La delegazione è stata accolta dalla Norvegia con tutti gli onori.",
        "Norvegia",
    );
    assert!(
        place.len() == 1 && !place[0].starts_with("country as its national team"),
        "{place:?}"
    );
}
