//! Scores the time stage on a Duckling corpus converted to JSON Lines.
//!
//! `cargo run --release -p annalist-time --example duckling_eval -- FILE LANG [news|assistant] [--show-failures]`
use std::path::Path;

use annalist_time::eval::{duckling_eval, Exclusions};
use annalist_time::{Convention, TimeTagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show-failures");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(file), Some(lang)) = (pos.first(), pos.get(1)) else {
        return Err("usage: duckling_eval FILE LANG [news|assistant] [--show-failures]".into());
    };
    let conv: Convention = pos
        .get(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or_default();
    let packs = annalist_lang::Packs::embedded()?;
    let tagger = TimeTagger::new(&packs)?;
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
