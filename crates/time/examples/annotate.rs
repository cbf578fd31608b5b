//! Prints the times and quantities found in a text file.
//!
//! `cargo run -p annalist-time --example annotate -- FILE LANG [REFERENCE] [assistant]`
use annalist_doc::Document;
use annalist_time::{TimeOptions, TimeTagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&a[0])?;
    let packs = annalist_lang::Packs::embedded()?;
    let tagger = TimeTagger::new(&packs)?;
    let mut doc = Document::new("x", text);
    doc.lang = Some(a.get(1).cloned().unwrap_or_else(|| "it".into()));
    let opts = TimeOptions {
        reference: a.get(2).filter(|r| *r != "-").cloned(),
        convention: a.get(3).map(|c| c.parse()).transpose()?.unwrap_or_default(),
    };
    tagger.annotate(&mut doc, &opts);
    for t in &doc.times {
        println!("{}", serde_json::to_string(t)?);
    }
    for q in &doc.quantities {
        println!("{}", serde_json::to_string(q)?);
    }
    for d in &doc.diagnostics {
        println!("{}", serde_json::to_string(d)?);
    }
    Ok(())
}
