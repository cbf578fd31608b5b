//! `annalist extract`: the pipeline from files to JSON Lines on stdout.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use crate::common::{run_stream, PipelineArgs};

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files, folders (recursive), `.gz` files, or `-` for standard input (the default).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output form: one JSON document per line, or indented JSON.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Leave the article text out of the output.
    #[arg(long)]
    pub no_text: bool,
    /// Include the tokens in the output.
    #[arg(long)]
    pub tokens: bool,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Pretty,
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let (pipeline, reader) = args.pipeline.pipeline()?;
    // The process ends after this command: freeing the tables (hundreds of thousands of names and
    // places) would only cost time, about 8% of a one-article extract, so the OS reclaims them.
    let pipeline = std::mem::ManuallyDrop::new(pipeline);
    let opts = args.pipeline.options();
    let inputs = crate::default_inputs(args.paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // (buffers of the JSON writer, kept across documents)
    let (mut buf, mut esc) = (Vec::new(), Vec::new());
    let tally = run_stream(
        &pipeline,
        &opts,
        reader.read_inputs(&inputs),
        1024,
        |docs| {
            for mut d in docs {
                for diag in &d.diagnostics {
                    if diag.level != annalist_doc::Level::Info {
                        eprintln!("{}: {:?}: {}", d.id, diag.level, diag.message);
                    }
                }
                if args.no_text {
                    d.text.clear();
                }
                if !args.tokens {
                    d.tokens.clear();
                }
                match args.format {
                    Format::Jsonl => {
                        crate::jsonl::write_document(&mut out, &mut d, &mut buf, &mut esc)?
                    }
                    Format::Pretty => serde_json::to_writer_pretty(&mut out, &d)?,
                }
                out.write_all(b"\n")?;
            }
            Ok(())
        },
        |e| eprintln!("error: {e}"),
    );
    // A closed pipe (`| head`) is not an error worth a message.
    match tally {
        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e),
        Ok(t) => {
            if let Err(e) = out.flush() {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e).context("writing to stdout");
                }
            }
            if t.errors > 0 {
                eprintln!(
                    "{} documents extracted, {} inputs skipped (see errors above)",
                    t.documents, t.errors
                );
                return Ok(ExitCode::from(1));
            }
            if t.documents == 0 {
                eprintln!("no documents read");
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}
