//! Regression: overlapping name-rule matches in ticker-laden wire copy once made the tagger
//! slice a negative gap between neighbouring matches and panic.

use annalist_actors::ActorTagger;
use annalist_doc::Document;
use annalist_lang::Packs;

#[test]
fn ticker_brackets_and_overlapping_names_do_not_panic() {
    let tagger = ActorTagger::new(&Packs::embedded().unwrap()).unwrap();
    let texts = [
        "Acme Foods Inc <ACF> said\n<4200 Harbor Street Corp>, its largest shareholder, has not yet\ndecided.\n    4200 is a Del",
        "<Lucky Star Group> and <Golden Lake Precision Co Ltd> agreed with <Maple Inc <MPL.T>> to make cameras.",
        "Mr <A B <C D> E> F Inc <G> said << >> <<Corp>>",
    ];
    for t in texts {
        let mut d = Document::new("x", t);
        d.lang = Some("en".into());
        tagger.annotate(&mut d);
        for e in &d.entities {
            assert!(e.span.end as usize <= t.len());
            assert_eq!(&t[e.span.range()], e.text, "entity text is its span");
        }
    }
}
