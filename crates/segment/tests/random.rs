//! Randomised robustness: text assembled from pieces that stress the scanner (combining marks
//! with nothing before them, CRLF, lone apostrophes and periods, digits glued to signs, huge
//! lines) must never make segmentation panic, and what it returns must be well-formed.

use annalist_doc::Document;
use annalist_lang::Packs;
use annalist_segment::Segmenter;

const PIECES: &[&str] = &[
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{2029}",
    ".",
    "...",
    "…",
    "!",
    "?",
    "?!",
    "'",
    "’",
    "\"",
    "«",
    "»",
    "“",
    "”",
    "(",
    ")",
    "[",
    "]",
    "-",
    "--",
    "—",
    ",",
    ";",
    ":",
    "/",
    "@",
    "#",
    "$",
    "€",
    "%",
    "+",
    "−",
    "\u{301}",
    "\u{301}\u{301}",
    "\u{200d}",
    "e\u{301}",
    "🙂",
    "日本",
    "a",
    "A",
    "Sig.",
    "U.S.",
    "ecc.",
    "l'",
    "dell'",
    "po'",
    "n't",
    "'s",
    "D'",
    "O'",
    "x.",
    "J.",
    "1",
    "15",
    "2,5",
    "1.000",
    "13/08/2025",
    "2025-08-13",
    "12:3",
    "15mila",
    "5G",
    "$2bn",
    "www.",
    "http://",
    "https://a.b/c",
    "a@b.c",
    "x@",
    "@y.",
    "Today",
    "Leggi anche",
    "© RIPRODUZIONE RISERVATA",
    "Il",
    "The",
    "governo",
    "said",
    "_",
    "\u{ad}",
    "\u{feff}",
    "ß",
    "İ",
    "ǅ",
];

/// xorshift64*: deterministic, so a failure reproduces with the printed seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn check(seg: &Segmenter, text: &str, lang: Option<&str>) {
    let mut doc = Document::new("r", text);
    doc.lang = lang.map(str::to_string);
    seg.annotate(&mut doc);
    let t = &doc.text;
    let mut last = 0;
    for tok in &doc.tokens {
        let (s, e) = (tok.span.start as usize, tok.span.end as usize);
        assert!(
            s >= last && e > s && e <= t.len(),
            "bad token {s}..{e} in {text:?}"
        );
        assert!(t.is_char_boundary(s) && t.is_char_boundary(e), "{text:?}");
        assert!(
            !t[s..e].trim().is_empty(),
            "blank token {:?} in {text:?}",
            &t[s..e]
        );
        last = e;
    }
    let mut last = 0;
    let mut covered = 0;
    for (i, sent) in doc.sentences.iter().enumerate() {
        assert!(
            sent.start as usize >= last && sent.end > sent.start,
            "{text:?}"
        );
        let r = doc.tokens_in(*sent);
        assert!(!r.is_empty(), "empty sentence in {text:?}");
        assert_eq!(doc.tokens[r.start].span.start, sent.start);
        assert_eq!(doc.tokens[r.end - 1].span.end, sent.end);
        assert_eq!(doc.sentence_at(sent.start), Some(i));
        covered += r.len();
        last = sent.end as usize;
    }
    assert_eq!(
        covered,
        doc.tokens.len(),
        "tokens outside sentences in {text:?}"
    );
    // the fold built from the scan's record of multi-byte characters is the whole-text fold
    let folded = doc.folded.0.as_deref().expect("segmented");
    assert_eq!(*folded, annalist_doc::Folded::of(t), "{text:?}");
}

#[test]
fn random_text_never_panics() {
    let seg = Segmenter::new(&Packs::embedded().unwrap()).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..4000 {
        let n = (rng.next() % 40) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
        }
        let lang = [Some("it"), Some("en"), None, Some("fr")][round % 4];
        check(&seg, &text, lang);
    }
}

#[test]
fn random_unicode_never_panics() {
    let seg = Segmenter::new(&Packs::embedded().unwrap()).unwrap();
    let mut rng = Rng(42);
    for round in 0..2000 {
        let n = (rng.next() % 60) as usize;
        let text: String = (0..n)
            .filter_map(|_| {
                // Mostly low code points, where the interesting classes are.
                let r = rng.next();
                let cp = if r.is_multiple_of(4) {
                    r % 0x11_0000
                } else {
                    r % 0x3000
                };
                char::from_u32(cp as u32)
            })
            .collect();
        check(
            &seg,
            &text,
            if round % 2 == 0 {
                Some("it")
            } else {
                Some("en")
            },
        );
    }
}

#[test]
fn huge_line_and_repetitions() {
    let seg = Segmenter::new(&Packs::embedded().unwrap()).unwrap();
    check(&seg, &"parola ".repeat(200_000), Some("it"));
    check(&seg, &".".repeat(100_000), Some("it"));
    check(&seg, &"'".repeat(100_000), Some("en"));
    check(&seg, &"\u{301}".repeat(50_000), None);
    check(&seg, &"1.".repeat(50_000), Some("it"));
    check(&seg, &"a.".repeat(50_000), Some("en"));
    check(&seg, &"l'".repeat(50_000), Some("it"));
    check(&seg, &"\r\n".repeat(50_000), Some("it"));
    check(&seg, &"Today\n".repeat(1000), Some("en"));
}
