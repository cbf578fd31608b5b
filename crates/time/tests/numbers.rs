//! `TimeTagger::parse_number`, which the numeral evaluation scores: the value of the longest
//! number read over a short text, including article-like words cited alone.
use annalist_lang::Packs;
use annalist_time::TimeTagger;

#[test]
fn numbers_read_from_whole_texts() {
    let packs = Packs::embedded().expect("packs");
    let t = TimeTagger::new(&packs).expect("tagger");
    let cases = [
        ("it", "ventitré", Some(23.0)),
        ("it", "2,5 milioni", Some(2_500_000.0)),
        ("it", "15mila", Some(15_000.0)),
        ("it", "uno", Some(1.0)),
        ("en", "twenty-one", Some(21.0)),
        ("en", "3,000", Some(3000.0)),
        ("en", "one", Some(1.0)),
        ("en", "the minister", None),
    ];
    for (lang, text, want) in cases {
        assert_eq!(t.parse_number(lang, text), want, "{lang} {text:?}");
    }
}
