//! Output guard for speed work on segmentation: segments the first N documents of a JSON-lines
//! corpus (`text`, `lang`, `id` fields; gzip or plain) and prints every sentence and token span
//! with its kind, so that two versions of the segmenter can be compared with `cmp`.
//!
//! `cargo run --release -p annalist-segment --example dump_check -- NEWS.jsonl.gz 3000 > out.txt`
use std::io::{BufRead, BufReader, BufWriter, Read, Write};

use annalist_doc::Document;
use annalist_lang::Packs;
use annalist_segment::Segmenter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(limit)) = (a.first(), a.get(1)) else {
        return Err("usage: dump_check INPUT LIMIT".into());
    };
    let limit: usize = limit.parse()?;
    let seg = Segmenter::new(&Packs::embedded()?)?;
    let f = std::fs::File::open(input)?;
    let r: Box<dyn Read> = if input.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for line in BufReader::new(r).lines().take(limit) {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let mut d = Document::new(field("id"), field("text"));
        d.lang = Some(field("lang")).filter(|l| !l.is_empty());
        seg.annotate(&mut d);
        writeln!(out, "{}\ttext\t{}", d.id, d.text.len())?;
        for s in &d.sentences {
            writeln!(out, "{}\tS\t{}\t{}", d.id, s.start, s.end)?;
        }
        for t in &d.tokens {
            writeln!(
                out,
                "{}\tT\t{}\t{}\t{:?}",
                d.id, t.span.start, t.span.end, t.kind
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
