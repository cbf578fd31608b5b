//! Prints every time and quantity found in a JSON Lines news file, one per line, to compare
//! two versions of the stage: `… --example dump_news -- FILE.jsonl.gz LIMIT > out.tsv`.
use std::io::{BufRead, BufReader};

use annalist_doc::Document;
use annalist_time::{TimeOptions, TimeTagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let path = a
        .first()
        .ok_or("usage: dump_news FILE.jsonl[.gz] [LIMIT] [STEP]")?;
    let limit: usize = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let step: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let packs = annalist_lang::Packs::embedded()?;
    let tagger = TimeTagger::new(&packs)?;
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn BufRead> = if path.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    for line in reader.lines().step_by(step).take(limit) {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let mut d = Document::new(id.clone(), text);
        d.lang = v["lang"].as_str().map(str::to_string);
        d.published = v["published"].as_str().map(str::to_string);
        tagger.annotate(&mut d, &TimeOptions::default());
        for t in &d.times {
            println!(
                "{id}\tT\t{}\t{}\t{:?}\t{}\t{:?}\t{:?}",
                t.span.start, t.span.end, t.text, t.value, t.from, t.to
            );
        }
        for q in &d.quantities {
            println!(
                "{id}\tQ\t{}\t{}\t{:?}\t{:?}\t{:?}",
                q.span.start, q.span.end, q.text, q.value, q.unit
            );
        }
    }
    Ok(())
}
