//! `annalist bench`: throughput of each stage, beside a baseline measured in the same run.
//!
//! These machines are shared and noisy, so each figure is the median of several repetitions and
//! is also given as a ratio to the baseline (reading and UTF-8-validating the same text), which
//! moves with the machine's load. Peak memory is the process's high-water mark (VmHWM).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use annalist_doc::Document;
use annalist_pipeline::{Options, Stage, StageTimes};
use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;

use crate::common::PipelineArgs;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// The corpus: any input `extract` reads (the news corpus is a `.jsonl.gz`).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Use only the first N documents.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Repetitions of each measure (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Measure these stages (comma-separated: segment,time,actors,events).
    #[arg(long, default_value = "segment,time,actors,events")]
    pub stages: String,
    /// Documents per batch in the stage-by-stage measure (each stage runs over a whole batch
    /// before the next stage starts).
    #[arg(long, default_value_t = annalist_pipeline::BATCH)]
    pub batch: usize,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Reads the raw bytes of the inputs (decompressed) and validates them as UTF-8: the floor
/// under any text processing of the same files.
fn baseline(paths: &[PathBuf]) -> Result<(u64, f64)> {
    let t = Instant::now();
    let mut total = 0u64;
    let mut buf = Vec::new();
    for p in paths {
        let mut files = Vec::new();
        collect(p, &mut files)?;
        for f in files {
            buf.clear();
            let raw = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
            if raw.starts_with(&[0x1f, 0x8b]) {
                flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut buf)?;
            } else {
                buf = raw;
            }
            total += buf.len() as u64;
            std::hint::black_box(is_utf8(&buf));
        }
    }
    Ok((total, t.elapsed().as_secs_f64()))
}

fn is_utf8(b: &[u8]) -> bool {
    std::str::from_utf8(b).is_ok()
}

fn collect(p: &PathBuf, out: &mut Vec<PathBuf>) -> Result<()> {
    if p.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        for c in v {
            collect(&c, out)?;
        }
    } else {
        out.push(p.clone());
    }
    Ok(())
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let (pipeline, reader) = args.pipeline.pipeline()?;
    let base_opts = args.pipeline.options();
    let reps = args.repeat.max(1);
    let limit = args.limit.unwrap_or(usize::MAX);

    // Reading and parsing the inputs, timed as a whole (ingest).
    let mut ingest_times = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    let mut skipped = 0usize;
    for _ in 0..reps {
        let t = Instant::now();
        docs.clear();
        skipped = 0;
        for r in reader.read_inputs(&args.paths) {
            match r {
                Ok(rec) => docs.push(rec.doc),
                Err(_) => skipped += 1,
            }
            if docs.len() >= limit {
                break;
            }
        }
        ingest_times.push(t.elapsed().as_secs_f64());
    }
    let text_bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mb = text_bytes as f64 / 1e6;
    let mut base_times = Vec::new();
    let mut raw_bytes = 0;
    for _ in 0..reps {
        let (b, s) = baseline(&args.paths)?;
        raw_bytes = b;
        base_times.push(s);
    }
    let base = median(base_times);
    // When only part of the corpus is used, scale the baseline to the same share of bytes.
    let base = if args.limit.is_some() && raw_bytes > 0 {
        base * (text_bytes as f64 / raw_bytes as f64).min(1.0)
    } else {
        base
    };
    let base_rate = mb / base;
    println!(
        "corpus: {} documents, {:.1} MB of text ({} inputs skipped); {} threads; median of {}",
        docs.len(),
        mb,
        skipped,
        rayon::current_num_threads(),
        reps
    );
    println!(
        "{:<34} {:>9} {:>10} {:>12}",
        "measure", "seconds", "MB/s", "× baseline"
    );
    let row = |name: &str, secs: f64| {
        println!(
            "{:<34} {:>9.3} {:>10.1} {:>12.2}",
            name,
            secs,
            mb / secs,
            (mb / secs) / base_rate
        );
    };
    row("baseline: read + UTF-8 validate", base);
    let ingest = median(ingest_times);
    row("ingest (read + parse)", ingest);

    // The streamed path `ingest` takes: read, parse and segment each document as it comes.
    let seg_opts = Options {
        until: Stage::Segment,
        ..base_opts.clone()
    };
    let mut stream_times = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        let mut n = 0usize;
        for mut d in reader.read_inputs(&args.paths).flatten().map(|r| r.doc) {
            pipeline.process(&mut d, &seg_opts);
            std::hint::black_box(&d);
            n += 1;
            if n >= limit {
                break;
            }
        }
        stream_times.push(t.elapsed().as_secs_f64());
    }
    row(
        "ingest + segment, streamed (1 thread)",
        median(stream_times),
    );

    let wanted: Vec<&str> = args.stages.split(',').map(str::trim).collect();
    let stages = [
        ("segment", Stage::Segment),
        ("time", Stage::Time),
        ("actors", Stage::Actors),
        ("events", Stage::Events),
    ];
    for (name, stage) in stages {
        if !wanted.contains(&name) {
            continue;
        }
        let opts = Options {
            until: stage,
            ..base_opts.clone()
        };
        for parallel in [false, true] {
            let mut times = Vec::new();
            for _ in 0..reps {
                let mut work = docs.clone();
                let t = Instant::now();
                if parallel {
                    work.par_iter_mut().for_each(|d| pipeline.process(d, &opts));
                } else {
                    work.iter_mut().for_each(|d| pipeline.process(d, &opts));
                }
                times.push(t.elapsed().as_secs_f64());
                std::hint::black_box(&work);
            }
            let label = format!(
                "pipeline up to {name} ({})",
                if parallel { "all threads" } else { "1 thread" }
            );
            row(&label, median(times));
        }
    }
    // Each stage's own time in one single-threaded pass over the whole pipeline: the direct
    // measure of what a stage costs beside segmentation (the cumulative rows above give it only
    // as a difference of two noisy figures). On Linux it is the thread's CPU time, which a loaded
    // machine disturbs far less than wall time.
    let opts = Options {
        until: Stage::Events,
        ..base_opts.clone()
    };
    // (each language's tables are built on its first document: one warm-up pass over the
    // corpus, so that the build is not charged to the first measure when `--stages` skipped
    // the rows above)
    docs.clone()
        .par_iter_mut()
        .for_each(|d| pipeline.process(d, &opts));
    let mut own: Vec<StageTimes> = Vec::new();
    for _ in 0..reps {
        let mut work = docs.clone();
        let mut times = StageTimes::default();
        for d in work.iter_mut() {
            pipeline.prepare(d, &opts);
            pipeline.analyse_timed(d, &opts, &mut times);
        }
        std::hint::black_box(&work);
        own.push(times);
    }
    // The same, stage by stage over batches of documents (`Pipeline::analyse_batch_timed`).
    let mut batched: Vec<StageTimes> = Vec::new();
    let mut batched_wall = Vec::new();
    for _ in 0..reps {
        let mut work = docs.clone();
        let mut times = StageTimes::default();
        let t = Instant::now();
        for chunk in work.chunks_mut(args.batch.max(1)) {
            for d in chunk.iter_mut() {
                pipeline.prepare(d, &opts);
            }
            pipeline.analyse_batch_timed(chunk, &opts, &mut times);
        }
        batched_wall.push(t.elapsed().as_secs_f64());
        std::hint::black_box(&work);
        batched.push(times);
    }
    row(
        &format!(
            "pipeline, stage by stage per {} docs (1 thread)",
            args.batch.max(1)
        ),
        median(batched_wall),
    );
    println!(
        "{:<34} {:>9} {:>10} {:>12}",
        "own CPU time per stage (1 thread)", "seconds", "MB/s", "× segment"
    );
    print_own_times(&own, "", mb);
    print_own_times(&batched, " (stage by stage)", mb);
    if let Some(m) = peak_rss_mb() {
        println!("peak memory (VmHWM): {m:.0} MB (the corpus is held in memory for the in-memory measures)");
    }
    Ok(ExitCode::SUCCESS)
}

/// One row per stage: its own CPU time (median over the runs), throughput, and ratio to
/// segmentation in the same runs.
fn print_own_times(runs: &[StageTimes], suffix: &str, mb: f64) {
    type Pick = fn(&StageTimes) -> std::time::Duration;
    let picks: [(&str, Pick); 4] = [
        ("segment", |t| t.segment),
        ("time", |t| t.time),
        ("actors", |t| t.actors),
        ("events", |t| t.events),
    ];
    let seg = median(runs.iter().map(|t| t.segment.as_secs_f64()).collect());
    for (name, pick) in picks {
        let secs = median(runs.iter().map(|t| pick(t).as_secs_f64()).collect());
        println!(
            "{:<34} {:>9.3} {:>10.1} {:>12.2}",
            format!("  {name}{suffix}"),
            secs,
            mb / secs,
            secs / seg
        );
    }
}
