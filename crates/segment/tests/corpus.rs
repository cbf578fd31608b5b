//! Runs every pack's segmentation corpus (`packs/<lang>/corpus/segment*.txt`, format described
//! at the top of `packs/it/corpus/segment.txt`) and names each failing example.

use annalist_doc::{Document, TokenKind};
use annalist_lang::Packs;
use annalist_segment::Segmenter;

#[derive(Debug, Default)]
struct Example {
    file: String,
    line: usize,
    name: String,
    input: String,
    cleaned: Option<String>,
    sentences: Option<Vec<String>>,
    tokens: Option<Vec<String>>,
    kinds: Vec<(String, String)>,
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn parse(file: &str, text: &str) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    let mut cur: Option<Example> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            out.extend(cur.take());
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("{file}:{}: expected `key: value`", i + 1))?;
        let value = value.strip_prefix(' ').unwrap_or(value);
        if key == "example" {
            out.extend(cur.take());
            cur = Some(Example {
                file: file.to_string(),
                line: i + 1,
                name: value.to_string(),
                ..Default::default()
            });
            continue;
        }
        let ex = cur
            .as_mut()
            .ok_or_else(|| format!("{file}:{}: `{key}` before any `example:`", i + 1))?;
        match key {
            "input" => ex.input = unescape(value),
            "cleaned" => ex.cleaned = Some(unescape(value)),
            "sentence" => ex
                .sentences
                .get_or_insert_with(Vec::new)
                .push(unescape(value)),
            "sentences" if value.trim() == "none" => ex.sentences = Some(Vec::new()),
            "tokens" => ex.tokens = Some(value.split(" | ").map(unescape).collect()),
            "kinds" => {
                for pair in value.split(", ") {
                    // The token may itself contain `=` (a URL): the kind follows the last one.
                    let (tok, kind) = pair
                        .rsplit_once('=')
                        .ok_or_else(|| format!("{file}:{}: kinds need tok=kind", i + 1))?;
                    ex.kinds.push((tok.to_string(), kind.to_string()));
                }
            }
            other => return Err(format!("{file}:{}: unknown key `{other}`", i + 1)),
        }
    }
    out.extend(cur);
    Ok(out)
}

fn kind_name(k: TokenKind) -> &'static str {
    match k {
        TokenKind::Word => "word",
        TokenKind::Number => "number",
        TokenKind::Punct => "punct",
        TokenKind::Symbol => "symbol",
        TokenKind::Url => "url",
        TokenKind::Email => "email",
        TokenKind::Date => "date",
    }
}

/// The differences between what the example expects and what the segmenter does.
fn run(seg: &Segmenter, lang: &str, ex: &Example) -> Vec<String> {
    let mut problems = Vec::new();
    let mut doc = Document::new(ex.name.clone(), ex.input.clone());
    doc.lang = Some(lang.to_string());
    if let Some(want) = &ex.cleaned {
        seg.clean(&mut doc);
        if doc.text != *want {
            problems.push(format!(
                "cleaned text\n    want {want:?}\n    got  {:?}",
                doc.text
            ));
        }
    }
    seg.segment(&mut doc);
    let sents: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(*s)).collect();
    if let Some(want) = &ex.sentences {
        if sents != *want {
            problems.push(format!("sentences\n    want {want:?}\n    got  {sents:?}"));
        }
    }
    let toks: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    if let Some(want) = &ex.tokens {
        if toks != *want {
            problems.push(format!(
                "tokens\n    want {}\n    got  {}",
                want.join(" | "),
                toks.join(" | ")
            ));
        }
    }
    for (tok, kind) in &ex.kinds {
        match doc.tokens.iter().find(|t| doc.slice(t.span) == tok) {
            None => problems.push(format!("no token {tok:?} (tokens: {})", toks.join(" | "))),
            Some(t) if kind_name(t.kind) != kind => problems.push(format!(
                "token {tok:?} is {}, want {kind}",
                kind_name(t.kind)
            )),
            Some(_) => {}
        }
    }
    problems
}

#[test]
fn segmentation_corpora() {
    let packs = Packs::embedded().expect("packs");
    let seg = Segmenter::new(&packs).expect("segmenter");
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    for lang in packs.languages() {
        let pack = packs.get(lang).unwrap();
        let files: Vec<&str> = pack
            .files_under("corpus/")
            .filter(|f| f.starts_with("corpus/segment"))
            .collect();
        for f in files {
            for (origin, text) in pack.texts(f) {
                let examples = parse(origin, text).unwrap_or_else(|e| panic!("{e}"));
                counts.push((origin.to_string(), examples.len()));
                for ex in &examples {
                    if ex.sentences.is_none()
                        && ex.tokens.is_none()
                        && ex.cleaned.is_none()
                        && ex.kinds.is_empty()
                    {
                        failures.push(format!(
                            "{}:{} {:?}: expects nothing",
                            ex.file, ex.line, ex.name
                        ));
                    }
                    let problems = run(&seg, lang, ex);
                    if !problems.is_empty() {
                        failures.push(format!(
                            "{}:{} example {:?}:\n  {}",
                            ex.file,
                            ex.line,
                            ex.name,
                            problems.join("\n  ")
                        ));
                    }
                }
            }
        }
    }
    for lang in ["it", "en"] {
        let n: usize = counts
            .iter()
            .filter(|(o, _)| o.contains(&format!("packs/{lang}/")))
            .map(|(_, n)| n)
            .sum();
        assert!(n >= 40, "{lang}: only {n} segmentation examples");
    }
    assert!(
        failures.is_empty(),
        "{} failing example(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parser_names_bad_lines() {
    assert!(parse("x", "input: no example yet").is_err());
    assert!(parse("x", "example: a\nwhat: b").is_err());
    let ex = parse(
        "x",
        "example: a\ninput: b\\nc\nsentence: b\n\nexample: z\ninput: q",
    )
    .unwrap();
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].input, "b\nc");
    assert_eq!(ex[1].line, 5);
}

#[test]
fn harness_reports_wrong_expectations() {
    let packs = Packs::embedded().expect("packs");
    let seg = Segmenter::new(&packs).expect("segmenter");
    let text = "example: wrong on purpose\ninput: Il Sig. Rossi parla. Poi tace.\n\
                sentence: Il Sig.\nsentence: Rossi parla. Poi tace.\n\
                tokens: Il | Sig | . | Rossi\nkinds: Rossi=number";
    let ex = &parse("x", text).unwrap()[0];
    let problems = run(&seg, "it", ex);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("sentences"));
    assert!(problems[1].starts_with("tokens"));
    assert!(problems[2].contains("is word, want number"));
}
