//! What several subcommands share: pipeline options, building the pipeline, and running it over
//! a stream of records in parallel while keeping input order.

use std::path::PathBuf;

use annalist_doc::Document;
use annalist_ingest::{IngestError, Reader, Record};
use annalist_lang::Packs;
use annalist_pipeline::{Convention, Options, Pipeline, Stage};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

/// Options of the analysis, shared by `extract`, `ingest` and `eval`.
#[derive(Args, Debug, Clone)]
pub struct PipelineArgs {
    /// Publication date (ISO) to set on every document, replacing the input's.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Language of every document (ISO 639-1), instead of identifying it.
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// Reference time for relative dates, instead of each document's publication date.
    #[arg(long, value_name = "DATE")]
    pub reference: Option<String>,
    /// How bare weekdays and dates resolve: by the clause's tense (news) or forward (assistant).
    #[arg(long, value_enum, default_value_t = ConventionArg::News)]
    pub convention: ConventionArg,
    /// Stop after this stage.
    #[arg(long, value_enum, default_value_t = StageArg::Events)]
    pub until: StageArg,
    /// Leave an event's source or target empty when its clause names none (by default it is
    /// inferred from the preceding text and marked `events: implicit`).
    #[arg(long)]
    pub strict_sides: bool,
    /// A folder of extra pack tables (laid out like `packs/`) loaded over the embedded packs.
    #[arg(long, value_name = "DIR")]
    pub pack: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConventionArg {
    News,
    Assistant,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageArg {
    Clean,
    Segment,
    Time,
    Actors,
    Events,
}

impl PipelineArgs {
    pub fn options(&self) -> Options {
        Options {
            lang: self.lang.clone(),
            reference: self.reference.clone(),
            convention: match self.convention {
                ConventionArg::News => Convention::News,
                ConventionArg::Assistant => Convention::Assistant,
            },
            until: match self.until {
                StageArg::Clean => Stage::Clean,
                StageArg::Segment => Stage::Segment,
                StageArg::Time => Stage::Time,
                StageArg::Actors => Stage::Actors,
                StageArg::Events => Stage::Events,
            },
            strict_sides: self.strict_sides,
        }
    }

    /// The embedded packs plus the user's folders.
    pub fn packs(&self) -> Result<Packs> {
        packs_with(&self.pack)
    }

    pub fn pipeline(&self) -> Result<(Pipeline, Reader)> {
        if let Some(n) = self.threads {
            // Only the first call can set the global pool; later ones keep it, which is fine.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global();
        }
        let packs = self.packs()?;
        let reader = Reader::new(
            &packs,
            annalist_ingest::Options {
                published_override: self.published.clone(),
                lang_override: self.lang.clone(),
                format: None,
            },
        )
        .context("building the input reader")?;
        let pipeline = Pipeline::new(packs).context("building the pipeline")?;
        Ok((pipeline, reader))
    }
}

/// Counts of what a run read and skipped, for the summary and the exit status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub documents: usize,
    pub bytes: u64,
    pub errors: usize,
    /// Documents recognised as already stored and not analysed again.
    pub known: usize,
}

/// Reads `inputs` in chunks, runs the pipeline over each chunk in parallel, and hands the
/// processed documents to `sink` in input order. Input errors are printed to stderr (naming
/// file and line) and counted; reading goes on.
pub fn run_stream(
    pipeline: &Pipeline,
    opts: &Options,
    records: impl Iterator<Item = Result<Record, IngestError>>,
    chunk: usize,
    sink: impl FnMut(Vec<Document>) -> Result<()>,
    on_error: impl FnMut(&IngestError),
) -> Result<Tally> {
    run_stream_skipping(pipeline, opts, records, chunk, |_| false, sink, on_error)
}

/// As [`run_stream`], but documents for which `known` is true once prepared (language and
/// cleaned text settled) are counted in `Tally::known` and not analysed nor passed on: how
/// `ingest` resumes cheaply after an interrupted run.
pub fn run_stream_skipping(
    pipeline: &Pipeline,
    opts: &Options,
    records: impl Iterator<Item = Result<Record, IngestError>>,
    chunk: usize,
    mut known: impl FnMut(&Document) -> bool,
    mut sink: impl FnMut(Vec<Document>) -> Result<()>,
    mut on_error: impl FnMut(&IngestError),
) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut buf: Vec<Document> = Vec::with_capacity(chunk);
    let mut flush = |buf: &mut Vec<Document>, tally: &mut Tally| -> Result<()> {
        if buf.is_empty() {
            return Ok(());
        }
        buf.par_iter_mut().for_each(|d| pipeline.prepare(d, opts));
        tally.documents += buf.len();
        tally.bytes += buf.iter().map(|d| d.text.len() as u64).sum::<u64>();
        let before = buf.len();
        buf.retain(|d| !known(d));
        tally.known += before - buf.len();
        // Stage by stage over batches (cheaper on the caches), with at least four batches per
        // thread so that one long article does not leave the other threads idle.
        let per_batch =
            (buf.len() / (rayon::current_num_threads() * 4)).clamp(1, annalist_pipeline::BATCH);
        buf.par_chunks_mut(per_batch)
            .for_each(|batch| pipeline.analyse_batch(batch, opts));
        sink(std::mem::take(buf))
    };
    for r in records {
        match r {
            Ok(rec) => {
                buf.push(rec.doc);
                if buf.len() >= chunk {
                    flush(&mut buf, &mut tally)?;
                    buf = Vec::with_capacity(chunk);
                }
            }
            Err(e) => {
                tally.errors += 1;
                on_error(&e);
            }
        }
    }
    flush(&mut buf, &mut tally)?;
    Ok(tally)
}

/// A progress spinner on stderr when it is a terminal, hidden otherwise.
pub fn spinner(what: &str) -> indicatif::ProgressBar {
    let pb =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} {pos} documents, {elapsed} ({per_sec})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    pb.set_message(what.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// The embedded packs with the user's folders loaded over them, in order: what every command
/// that builds a stage reads, so that an analyst's added table is seen by `extract` and by the
/// evaluations alike.
pub fn packs_with(dirs: &[PathBuf]) -> Result<Packs> {
    let mut packs = Packs::embedded().context("loading the embedded language packs")?;
    for dir in dirs {
        packs
            .add_dir(dir)
            .with_context(|| format!("loading pack folder {}", dir.display()))?;
    }
    Ok(packs)
}
