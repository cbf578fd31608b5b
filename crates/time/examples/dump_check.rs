//! Output guard for speed work on the stage: prints everything it finds on news articles and
//! on the Duckling corpora, so that two versions can be compared with `cmp` or `diff`.
//!
//! `cargo run --release -p annalist-time --example dump_check -- NEWS.jsonl.gz LIMIT DUCKLING_DIR > out.txt`
//!
//! News articles run as the pipeline runs them (no reference: both probes) and again against
//! a fixed reference date with both conventions; Duckling examples run through `annotate`
//! (quantities too), `parse_text_at` (as the evaluation does) and, for the numeral corpus,
//! `parse_number`. Every field of every record is printed, rule names included.
use std::io::{BufRead, BufReader, BufWriter, Write};

use annalist_doc::{Document, Span};
use annalist_time::{parse_reference, reference_offset, Convention, TimeOptions, TimeTagger};

fn dump_doc(out: &mut impl Write, tag: &str, d: &Document) -> std::io::Result<()> {
    for t in &d.times {
        writeln!(
            out,
            "{tag}\tT\t{}\t{}\t{:?}\t{}\t{}\t{:?}\t{:?}\t{:?}",
            t.span.start, t.span.end, t.text, t.value, t.precision, t.from, t.to, t.rule
        )?;
    }
    for q in &d.quantities {
        writeln!(
            out,
            "{tag}\tQ\t{}\t{}\t{:?}\t{:?}\t{}\t{:?}\t{:?}\t{:?}",
            q.span.start, q.span.end, q.text, q.value, q.approximate, q.min, q.max, q.unit
        )?;
    }
    for m in &d.diagnostics {
        writeln!(out, "{tag}\tD\t{m:?}")?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: dump_check NEWS.jsonl[.gz] LIMIT DUCKLING_DIR";
    let (Some(news), Some(limit), Some(dir)) = (a.first(), a.get(1), a.get(2)) else {
        return Err(usage.into());
    };
    let limit: usize = limit.parse()?;
    let packs = annalist_lang::Packs::embedded()?;
    let tagger = TimeTagger::new(&packs)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());

    let file = std::fs::File::open(news)?;
    let reader: Box<dyn BufRead> = if news.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let fixed = [
        TimeOptions {
            reference: Some("2025-08-13".into()),
            convention: Convention::News,
        },
        TimeOptions {
            reference: Some("2025-08-13T04:30:00-02:00".into()),
            convention: Convention::Assistant,
        },
    ];
    for line in reader.lines().take(limit) {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let mut d = Document::new(
            v["id"].as_str().unwrap_or_default(),
            v["text"].as_str().unwrap_or_default().to_string(),
        );
        d.lang = v["lang"].as_str().map(str::to_string);
        d.published = v["published"].as_str().map(str::to_string);
        let mut x = d.clone();
        tagger.annotate(&mut x, &TimeOptions::default());
        dump_doc(&mut out, &format!("{}/none", d.id), &x)?;
        for (k, o) in fixed.iter().enumerate() {
            let mut x = d.clone();
            tagger.annotate(&mut x, o);
            dump_doc(&mut out, &format!("{}/ref{k}", d.id), &x)?;
        }
        // With sentences given (as after segmentation): a plain split after final
        // punctuation followed by a space.
        let mut x = d.clone();
        let mut s0 = 0;
        let b = x.text.as_bytes();
        for i in 0..b.len() {
            if matches!(b[i], b'.' | b'!' | b'?') && b.get(i + 1) == Some(&b' ') {
                x.sentences.push(Span::new(s0, i + 1));
                s0 = i + 2;
            }
        }
        if s0 < b.len() {
            x.sentences.push(Span::new(s0, b.len()));
        }
        tagger.annotate(&mut x, &fixed[0]);
        dump_doc(&mut out, &format!("{}/sent", d.id), &x)?;
    }

    for name in ["duckling_time_it", "duckling_time_en", "duckling_numeral"] {
        let path = format!("{dir}/{name}.jsonl");
        for (n, line) in std::fs::read_to_string(&path)?.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let text = v["text"].as_str().unwrap_or_default();
            let lang = v["lang"].as_str().unwrap_or_default();
            let reference = v["reference_time"].as_str().map(str::to_string);
            for conv in [Convention::Assistant, Convention::News] {
                let mut d = Document::new(format!("{name}:{n}"), text.to_string());
                d.lang = Some(lang.to_string());
                d.published = reference.clone();
                tagger.annotate(
                    &mut d,
                    &TimeOptions {
                        reference: None,
                        convention: conv,
                    },
                );
                dump_doc(&mut out, &format!("{name}:{n}/{conv:?}"), &d)?;
                let now = reference
                    .as_deref()
                    .and_then(parse_reference)
                    .unwrap_or(jiff::civil::date(2013, 2, 12).at(4, 30, 0, 0));
                let off = reference.as_deref().and_then(reference_offset);
                let found = tagger.parse_text_at(lang, text, now, off, conv);
                let mut x = Document::new("", text.to_string());
                x.times = tagger.times_of(text, &found);
                dump_doc(&mut out, &format!("{name}:{n}/{conv:?}/text"), &x)?;
            }
            writeln!(out, "{name}:{n}\tN\t{:?}", tagger.parse_number(lang, text))?;
        }
    }
    out.flush()?;
    Ok(())
}
