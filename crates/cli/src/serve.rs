//! `annalist serve`: the HTTP API and web UI over a database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;

use crate::common::PipelineArgs;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The database to serve (created empty when missing).
    #[arg(long, default_value = "annalist.db")]
    pub db: PathBuf,
    /// Address to listen on; loopback by default, so nothing is exposed unless asked.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Accept `POST /api/ingest` (the server is read-only otherwise).
    #[arg(long)]
    pub allow_ingest: bool,
    /// Largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_body_bytes: usize,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let packs = args.pipeline.packs()?;
    let pipeline = annalist_pipeline::Pipeline::new(packs).context("building the pipeline")?;
    if !args.db.exists() {
        // The server opens the database read-only; create it with its schema first.
        annalist_store::Store::open(&args.db)
            .with_context(|| format!("creating database {}", args.db.display()))?;
    }
    let mut config = annalist_server::ServerConfig::new(args.db.clone(), Arc::new(pipeline));
    config.addr = args.addr;
    config.allow_ingest = args.allow_ingest;
    config.max_body_bytes = args.max_body_bytes;
    annalist_server::serve(config).context("serving")?;
    Ok(ExitCode::SUCCESS)
}
