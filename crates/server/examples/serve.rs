//! Runs the server until the CLI wires `annalist serve`:
//! `cargo run -p annalist-server --example serve -- DB [ADDR] [--allow-ingest]`.

use std::sync::Arc;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut allow_ingest = false;
    for a in args.by_ref() {
        if a == "--allow-ingest" {
            allow_ingest = true;
        } else {
            positional.push(a);
        }
    }
    let Some(db) = positional.first() else {
        eprintln!("usage: serve DB [ADDR] [--allow-ingest]");
        return std::process::ExitCode::from(2);
    };
    let pipeline = match annalist_pipeline::Pipeline::embedded() {
        Ok(p) => Arc::new(p),
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let mut config = annalist_server::ServerConfig::new(db, pipeline);
    if let Some(addr) = positional.get(1) {
        match addr.parse() {
            Ok(a) => config.addr = a,
            Err(e) => {
                eprintln!("error: bad address {addr:?}: {e}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    config.allow_ingest = allow_ingest;
    match annalist_server::serve(config) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
