//! Output guard for speed work on the actor stage: writes every entity the tagger finds (span,
//! kind, name, country, sector, ids, note, coordinates: the whole `Entity` as JSON) on a fixed
//! input set, so two builds can be compared with `cmp`:
//! `cargo run --release -p annalist-actors --example dump_check -- NEWS.jsonl.gz KIND.tsv OUT [N]`.
//! The input is the first N (default 3000) news articles (every other one with a publication
//! date, so titles resolve both on a date and to the current holder) and every sentence of a
//! KIND BIO file, tagged as the NER evaluation tags it (with the sentences before it as context).
use std::io::{BufRead, BufReader, Read, Write};

use annalist_doc::Document;

fn dump(out: &mut impl Write, tag: &str, doc: &Document) {
    writeln!(out, "## {tag} {}", doc.entities.len()).expect("write");
    for e in &doc.entities {
        writeln!(out, "{}", serde_json::to_string(e).expect("json")).expect("write");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: dump_check NEWS.jsonl[.gz] KIND.tsv OUT [N]");
        std::process::exit(2);
    }
    let limit: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[3]).expect("create OUT"));

    let f = std::fs::File::open(&args[1]).expect("open NEWS");
    let r: Box<dyn Read> = if args[1].ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let mut n = 0;
    for line in BufReader::new(r).lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(text) = v["text"].as_str() else {
            continue;
        };
        let mut d = Document::new("n", text);
        d.lang = Some(v["lang"].as_str().unwrap_or("en").to_string());
        if n % 2 == 0 {
            d.published = Some("2025-08-13".to_string());
        }
        tagger.annotate(&mut d);
        dump(&mut out, &format!("news {n}"), &d);
        n += 1;
        if n >= limit {
            break;
        }
    }

    // KIND: tokens joined as the NER evaluation joins them (no space after an elision).
    let data = std::fs::read_to_string(&args[2]).expect("read KIND");
    let mut before: std::collections::VecDeque<String> = Default::default();
    let mut text = String::new();
    let mut k = 0;
    let mut flush = |text: &mut String, out: &mut std::io::BufWriter<std::fs::File>| {
        if text.is_empty() {
            return;
        }
        let mut full = String::new();
        for b in &before {
            full.push_str(b);
            full.push('\n');
        }
        full.push_str(text);
        let mut d = Document::new("k", full);
        d.lang = Some("it".to_string());
        tagger.annotate(&mut d);
        dump(out, &format!("kind {k}"), &d);
        k += 1;
        if before.len() == annalist_actors::NER_CONTEXT_SENTENCES {
            before.pop_front();
        }
        if annalist_actors::NER_CONTEXT_SENTENCES > 0 {
            before.push_back(std::mem::take(text));
        }
        text.clear();
    };
    for line in data.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut text, &mut out);
            continue;
        }
        let tok = line.split('\t').next().unwrap_or("");
        if !text.is_empty() && !text.ends_with(['\'', '’']) {
            text.push(' ');
        }
        text.push_str(tok);
    }
    flush(&mut text, &mut out);
    out.flush().expect("flush");
    eprintln!("{n} news articles, {k} KIND sentences");
}
