//! `annalist`: the command-line binary. Thin glue over the library crates: it parses arguments,
//! streams inputs through the pipeline on all cores, prints or stores the results, and maps
//! outcomes to exit codes (0 all good, 1 something was skipped or failed, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: the stages build many short-lived strings and vectors per sentence, and
/// glibc malloc was 15-20% of the actor stage's instructions in callgrind (see `annalist bench` for the ratio).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod common;
mod evals;
mod extract;
mod ingest;
mod jsonl;
mod packs_cmd;
mod serve;
mod store_cmds;

/// News articles in, structured event data out: who did what to whom, when, where, and
/// according to whom.
#[derive(Parser, Debug)]
#[command(name = "annalist", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Runs the pipeline over files, folders, gzip files or `-` (stdin) and prints one JSON
    /// document per line (the event-format contract) on stdout; diagnostics go to stderr.
    Extract(extract::ExtractArgs),
    /// Runs the pipeline and stores documents, entities, times and events in SQLite.
    Ingest(ingest::IngestArgs),
    /// Prints what a database holds.
    Stats(store_cmds::StatsArgs),
    /// Lists stored events matching filters, with their evidence; or aggregates (dyads by
    /// month, an actor's timeline).
    Query(store_cmds::QueryArgs),
    /// Writes stored documents or events as JSON Lines, CSV or a GDELT-like table.
    Export(store_cmds::ExportArgs),
    /// Runs the pipeline on a gold file's articles and scores the events: precision, recall,
    /// F1, per-field accuracy, per event type, misses and extras.
    Eval(evals::EvalArgs),
    /// Pass rate on a Duckling-style time corpus, by type.
    EvalTime(evals::EvalTimeArgs),
    /// Precision, recall and F1 of people, places and organisations on a CoNLL-style file.
    EvalNer(evals::EvalNerArgs),
    /// Share of toponyms resolved within 161 km on GeoWebNews (brat files).
    EvalGeo(evals::EvalGeoArgs),
    /// Validates language packs; imports actors from a Wikidata dump.
    Packs(packs_cmd::PacksArgs),
    /// Serves the HTTP API and the web UI (events, timeline, network, map, articles, paste box).
    Serve(serve::ServeArgs),
    /// Measures throughput and peak memory of each stage beside a read-and-validate baseline.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Stats(a) => store_cmds::stats(a),
        Command::Query(a) => store_cmds::query(a),
        Command::Export(a) => store_cmds::export(a),
        Command::Eval(a) => evals::events(a),
        Command::EvalTime(a) => evals::time(a),
        Command::EvalNer(a) => evals::ner(a),
        Command::EvalGeo(a) => evals::geo(a),
        Command::Packs(a) => packs_cmd::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Bench(a) => bench::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Paths given on the command line; `-` is standard input.
pub(crate) fn default_inputs(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths
    }
}

/// Rust ignores SIGPIPE, which turns `annalist … | head` into a panic on the next print. A
/// command-line filter should stop quietly instead, as Unix tools do.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
