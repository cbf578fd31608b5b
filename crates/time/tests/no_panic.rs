//! Analysis never panics: huge numbers next to grains ("25 billion … years") once reached
//! jiff's span constructors, which panic beyond ±19,998 years. These texts are written for the
//! test in the style of financial wire copy; the randomized test mixes numbers of every size
//! with the words the rules combine them with.

use annalist_doc::Document;
use annalist_time::{Convention, TimeOptions, TimeTagger};

fn tagger() -> TimeTagger {
    TimeTagger::new(&annalist_lang::Packs::embedded().unwrap()).unwrap()
}

fn run(t: &TimeTagger, lang: &str, text: &str) {
    for conv in [Convention::News, Convention::Assistant] {
        for reference in [Some("2013-02-12T04:30:00"), None] {
            let mut d = Document::new("t", text);
            d.lang = Some(lang.into());
            let opts = TimeOptions {
                reference: reference.map(str::to_string),
                convention: conv,
            };
            t.annotate(&mut d, &opts);
        }
    }
}

#[test]
fn huge_counts_before_grains_do_not_panic() {
    let t = tagger();
    let texts = [
        "Acme Motors will spend 40 billion won over the next three years on new plants.",
        "Acme will spend 40 billion won in the next 40 billion years.",
        "Profit 12.7 mln vs loss 512,000 Year ago, shr 3 cts vs nil.",
        "in 99999999999 years, 123456789012 months ago, 5000000 decades later",
        "the last 18446744073709551616 centuries and 1e30 quarters",
        "next 900000 weeks; 9223372036854775807 days ago; -9223372036854775808 hours",
        "La società investirà 30 miliardi di lire nei prossimi 30 miliardi di anni.",
        "tra 100000000 anni, 250000 secoli fa, negli ultimi 99999999 mesi",
        "Utile 10,8 mld contro perdita 459.000 anno prima",
    ];
    for text in texts {
        run(&t, "en", text);
        run(&t, "it", text);
    }
}

#[test]
fn random_number_heavy_text_does_not_panic() {
    let t = tagger();
    let words = [
        "years",
        "year",
        "ago",
        "next",
        "last",
        "in",
        "over",
        "the",
        "billion",
        "million",
        "mln",
        "months",
        "days",
        "weeks",
        "decades",
        "centuries",
        "quarter",
        "from",
        "now",
        "to",
        "-",
        "/",
        ".",
        ",",
        "vs",
        "anni",
        "fa",
        "tra",
        "prossimi",
        "ultimi",
        "mila",
        "miliardi",
        "di",
        "secoli",
        "mesi",
        "giorni",
        "dal",
        "al",
        "entro",
        "the",
        "of",
        "Q3",
        "'",
        "s",
        "%",
    ];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..(next() % 14 + 2) {
            match next() % 3 {
                0 => {
                    // A number of any size: 1 to 25 digits, sometimes grouped or decimal.
                    let len = (next() % 25 + 1) as usize;
                    for i in 0..len {
                        if i > 0 && next() % 6 == 0 {
                            text.push([',', '.'][(next() % 2) as usize]);
                        }
                        text.push(char::from(b'0' + (next() % 10) as u8));
                    }
                }
                _ => text.push_str(words[(next() % words.len() as u64) as usize]),
            }
            text.push(' ');
        }
        run(&t, "en", &text);
        run(&t, "it", &text);
    }
}
