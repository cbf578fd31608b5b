//! Scores the time stage on a Duckling corpus converted to JSON Lines.
//!
//! `cargo run --release -p annalist-time --example duckling_eval -- FILE LANG [news|assistant|numeral] [--show-failures]`
//! (`numeral` scores Duckling's numeral corpus, duckling_numeral.jsonl).
use std::path::Path;

use annalist_time::eval::{duckling_eval, numeral_eval, Exclusions};
use annalist_time::{Convention, TimeTagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show-failures");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(file), Some(lang)) = (pos.first(), pos.get(1)) else {
        return Err(
            "usage: duckling_eval FILE LANG [news|assistant|numeral] [--show-failures]".into(),
        );
    };
    let packs = annalist_lang::Packs::embedded()?;
    let tagger = TimeTagger::new(&packs)?;
    if pos.get(2).is_some_and(|c| c.as_str() == "numeral") {
        let rep = numeral_eval(&tagger, Path::new(file.as_str()), lang)?;
        print!("{rep}");
        if show {
            for f in &rep.failures {
                println!(
                    "FAIL {:<6} {:<30} want {} got {}",
                    f.kind, f.text, f.expected, f.got
                );
            }
        }
        return Ok(());
    }
    let conv: Convention = pos
        .get(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or_default();
    let ex = Exclusions::from_pack(&packs, lang)?;
    let rep = duckling_eval(&tagger, Path::new(file.as_str()), lang, conv, &ex)?;
    print!("{rep}");
    if show {
        for f in &rep.failures {
            println!(
                "FAIL {:<9} {:<45} want {} got {}",
                f.kind, f.text, f.expected, f.got
            );
        }
    }
    Ok(())
}
