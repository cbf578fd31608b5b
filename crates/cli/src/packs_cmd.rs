//! `annalist packs`: validating pack tables and importing actors from Wikidata.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct PacksArgs {
    #[command(subcommand)]
    pub command: PacksCommand,
}

#[derive(Subcommand, Debug)]
pub enum PacksCommand {
    /// Loads every pack (and the folders given with --pack) and reports each malformed row with
    /// its file and line: wrong column count, unknown country or sector, duplicate id, a role
    /// ending before it starts, a table missing from its manifest. Exit status 1 when any.
    Check {
        /// A folder of extra tables laid out like `packs/`, checked with the embedded packs.
        #[arg(long, value_name = "DIR")]
        pack: Vec<PathBuf>,
    },
    /// Streams a Wikidata JSON dump (`.json` or `.json.gz`, one entity per line) and writes
    /// people (labels, aliases, citizenship, positions held with dates) and organisations as a
    /// pack folder to load with `--pack DIR`.
    ImportWikidata {
        /// The dump.
        dump: PathBuf,
        /// The pack folder to write.
        #[arg(long, short = 'o', default_value = "wikidata-pack")]
        out: PathBuf,
        /// Label languages, in order of preference.
        #[arg(long, value_delimiter = ',', default_value = "en,it")]
        langs: Vec<String>,
        /// P31 classes kept as organisations (Q-ids); the default keeps organisations, parties,
        /// news agencies, armed and international organisations.
        #[arg(long, value_delimiter = ',')]
        org_classes: Vec<String>,
    },
}

pub fn run(args: PacksArgs) -> Result<ExitCode> {
    match args.command {
        PacksCommand::Check { pack } => {
            let mut packs =
                annalist_lang::Packs::embedded().context("loading the embedded packs")?;
            for dir in &pack {
                packs
                    .add_dir(dir)
                    .with_context(|| format!("loading pack folder {}", dir.display()))?;
            }
            let mut errors = packs.check_manifests();
            errors.extend(annalist_actors::check_actor_tables(&packs));
            // Building every stage parses every table: a stage's own format errors show here.
            // (With its causes: the pipeline's error names only the kind of table, "language
            // packs"; the file and line are in its source.)
            if let Err(e) = annalist_pipeline::Pipeline::new(packs.clone()) {
                eprintln!("error: {:#}", anyhow::Error::new(e));
                return Ok(ExitCode::from(1));
            }
            for e in &errors {
                eprintln!("error: {e}");
            }
            let langs: Vec<&str> = packs.languages().collect();
            if errors.is_empty() {
                println!("packs OK: {} (and common)", langs.join(", "));
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{} problem(s) in the packs", errors.len());
                Ok(ExitCode::from(1))
            }
        }
        PacksCommand::ImportWikidata {
            dump,
            out,
            langs,
            org_classes,
        } => {
            let langs: Vec<&str> = langs.iter().map(String::as_str).collect();
            let classes: Vec<&str> = org_classes.iter().map(String::as_str).collect();
            let stats = annalist_actors::import_wikidata(&dump, &out, &langs, &classes)
                .with_context(|| format!("importing {}", dump.display()))?;
            eprintln!(
                "{} entities read: {} people, {} organisations, {} positions, {} countries; {} bad lines skipped → {} (load it with --pack {})",
                stats.entities,
                stats.people,
                stats.orgs,
                stats.roles,
                stats.countries,
                stats.bad_lines,
                out.display(),
                out.display()
            );
            Ok(if stats.bad_lines > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
