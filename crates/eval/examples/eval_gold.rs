//! Runs the whole pipeline over a gold file's documents and scores the events.
//! usage: cargo run --release -p annalist-eval --example eval_gold -- GOLD.json [--show] [--out SYSTEM.jsonl]
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold_path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: eval_gold GOLD.json [--show] [--out FILE]")?;
    let gold = annalist_eval::load_gold(std::path::Path::new(gold_path))?;
    let pipeline = annalist_pipeline::Pipeline::embedded()?;
    let opts = annalist_pipeline::Options::default();
    let (report, docs) = annalist_eval::run_gold(&gold, |d| pipeline.process(d, &opts));
    if let Some(i) = args.iter().position(|a| a == "--out") {
        let mut f = std::fs::File::create(&args[i + 1])?;
        for d in &docs {
            writeln!(f, "{}", serde_json::to_string(d)?)?;
        }
    }
    if args.iter().any(|a| a == "--show") {
        println!("{report:#}");
    } else {
        println!("{report}");
    }
    Ok(())
}
