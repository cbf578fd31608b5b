//! `annalist ingest`: the pipeline from files into the SQLite store, one transaction per batch.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use crate::common::{run_stream_skipping, spinner, PipelineArgs};

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files, folders (recursive), `.gz` files, or `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The database file (created with its schema when missing).
    #[arg(long, default_value = "annalist.db")]
    pub db: PathBuf,
    /// Documents per transaction.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let (pipeline, reader) = args.pipeline.pipeline()?;
    let opts = args.pipeline.options();
    let mut store = annalist_store::Store::open(&args.db)
        .with_context(|| format!("opening database {}", args.db.display()))?;
    let pb = spinner("ingesting");
    let started = std::time::Instant::now();
    let mut totals = annalist_store::BatchOutcome::default();
    // Reading goes on while the store is written, so a lookup error cannot stop the closure:
    // it is kept and reported after the run, the document then analysed as if new.
    let mut lookup_error: Option<annalist_store::StoreError> = None;
    let reader_store = annalist_store::Store::open_read_only(&args.db)
        .with_context(|| format!("opening database {}", args.db.display()))?;
    let tally = run_stream_skipping(
        &pipeline,
        &opts,
        reader.read_inputs(&args.paths),
        args.batch.max(1),
        |doc| match reader_store.contains_text(&doc.text) {
            Ok(found) => found,
            Err(e) => {
                lookup_error.get_or_insert(e);
                false
            }
        },
        |docs| {
            let n = docs.len() as u64;
            let o = store
                .insert_batch(&docs)
                .with_context(|| format!("storing a batch in {}", args.db.display()))?;
            totals.inserted += o.inserted;
            totals.duplicates += o.duplicates;
            totals.mentions += o.mentions;
            totals.merged += o.merged;
            pb.inc(n);
            Ok(())
        },
        |e| pb.suspend(|| eprintln!("error: {e}")),
    )?;
    pb.finish_and_clear();
    if let Some(e) = lookup_error {
        eprintln!("warning: looking up stored documents failed ({e}); they were analysed again");
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} documents read ({:.1} MB) in {:.1}s: {} stored, {} already there; {} event mentions ({} joined an earlier event); {} inputs skipped → {}",
        tally.documents,
        tally.bytes as f64 / 1e6,
        secs,
        totals.inserted,
        totals.duplicates + tally.known,
        totals.mentions,
        totals.merged,
        tally.errors,
        args.db.display()
    );
    Ok(if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
