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

/// Signs, a leading decimal separator, glued SI suffixes and a decimal part after space
/// groups, each in the language's decimal convention; a dash after a digit or a letter is a
/// range or a name, never a sign.
#[test]
fn signs_leading_separators_and_suffixes() {
    let packs = Packs::embedded().expect("packs");
    let t = TimeTagger::new(&packs).expect("tagger");
    let close = |lang: &str, text: &str, want: f64| {
        let got = t.parse_number(lang, text);
        assert!(
            got.is_some_and(|g| (g - want).abs() <= 1e-9 * want.abs().max(1.0)),
            "{lang} {text:?}: {got:?}, want {want}"
        );
    };
    close("it", ",5", 0.5);
    close("en", ".5", 0.5);
    close("it", "4M", 4_000_000.0);
    close("it", "2,5K", 2_500.0);
    close("en", "2.5K", 2_500.0);
    close("it", ",003G", 3_000_000.0);
    close("en", ".003G", 3_000_000.0);
    close("it", "-42", -42.0);
    close("it", "−3,5", -3.5);
    close("en", "-7,500", -7_500.0);
    close("en", "- 7,500", -7_500.0);
    close("it", "meno 2.500", -2_500.0);
    close("en", "-2.5M", -2_500_000.0);
    close("it", "-,5", -0.5);
    close("it", "12 345,6", 12_345.6);
    close("en", "12 345.6", 12_345.6);
    // Not signs: a range, a name with a number, a year range.
    for (lang, text) in [
        ("it", "10-15"),
        ("en", "COVID-19"),
        ("it", "2019-2020"),
        ("en", "F-35"),
    ] {
        let got = t.parse_number(lang, text);
        assert!(got.is_some_and(|g| g > 0.0), "{lang} {text:?}: {got:?}");
    }
    // In Italian "." before digits is no decimal point, in English "," is none.
    assert_ne!(t.parse_number("it", ".5"), Some(0.5));
    assert_ne!(t.parse_number("en", ",5"), Some(0.5));
}
