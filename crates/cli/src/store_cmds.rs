//! `annalist stats`, `query` and `export`: reading the store.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annalist_store::{Query, Store};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The database file.
    #[arg(long, default_value = "annalist.db")]
    pub db: PathBuf,
    /// Print JSON instead of a report.
    #[arg(long)]
    pub json: bool,
}

fn open_existing(db: &PathBuf) -> Result<Store> {
    if !db.exists() {
        bail!(
            "{}: no such database (create one with `annalist ingest PATH --db {}`)",
            db.display(),
            db.display()
        );
    }
    Store::open_read_only(db).with_context(|| format!("opening database {}", db.display()))
}

pub fn stats(args: StatsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let s = store.stats().context("reading statistics")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(ExitCode::SUCCESS);
    }
    let groups = |v: &[(String, i64)]| {
        v.iter()
            .take(12)
            .map(|(k, n)| format!("{}={n}", if k.is_empty() { "?" } else { k }))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "database      {} (schema v{}, {:.1} MB)",
        args.db.display(),
        s.schema_version,
        s.db_bytes as f64 / 1e6
    );
    println!("documents     {}", s.documents);
    println!("  by language {}", groups(&s.by_lang));
    println!("  by outlet   {}", groups(&s.by_outlet));
    println!("sentences     {}", s.sentences);
    println!(
        "entities      {} ({} distinct actors)",
        s.entities, s.actors
    );
    println!("times         {}", s.times);
    println!("quantities    {}", s.quantities);
    println!(
        "events        {} ({} mentions; {} reported by several articles)",
        s.events, s.event_mentions, s.multi_article_events
    );
    println!("  by type     {}", groups(&s.events_by_type));
    println!("diagnostics   {}", s.diagnostics);
    Ok(ExitCode::SUCCESS)
}

/// Filters shared by `query` and `export`.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// An actor on either side: Wikidata id (Q7747) or part of a name.
    #[arg(long)]
    pub actor: Option<String>,
    /// An actor on the source side.
    #[arg(long)]
    pub source: Option<String>,
    /// An actor on the target side.
    #[arg(long)]
    pub target: Option<String>,
    /// ISO 3166 alpha-3 country of an actor.
    #[arg(long)]
    pub country: Option<String>,
    /// PLOVER sector of an actor (GOV, MIL …).
    #[arg(long)]
    pub sector: Option<String>,
    /// PLOVER event type (CONSULT, ASSAULT …).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// PLOVER mode (phone, visit …).
    #[arg(long)]
    pub mode: Option<String>,
    /// Events on or after this ISO date.
    #[arg(long)]
    pub from: Option<String>,
    /// Events on or before this ISO date.
    #[arg(long)]
    pub to: Option<String>,
    /// Place: id, country code or part of its name.
    #[arg(long)]
    pub place: Option<String>,
    /// Reported by this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Attributed to this source (id or part of a name).
    #[arg(long)]
    pub attribution: Option<String>,
    /// asserted, future, negated or hypothetical.
    #[arg(long)]
    pub modality: Option<String>,
    /// Full-text search over the reporting articles (diacritics ignored).
    #[arg(long)]
    pub text: Option<String>,
    /// Reported by at least this many articles.
    #[arg(long)]
    pub min_articles: Option<u32>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip this many events first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

impl FilterArgs {
    pub fn query(&self) -> Result<Query> {
        let modality = match &self.modality {
            None => None,
            Some(m) => Some(
                serde_json::from_value(serde_json::Value::String(m.to_ascii_lowercase()))
                    .with_context(|| {
                        format!(
                            "--modality {m:?}: expected asserted, future, negated or hypothetical"
                        )
                    })?,
            ),
        };
        Ok(Query {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            country: self.country.as_ref().map(|c| c.to_ascii_uppercase()),
            sector: self.sector.as_ref().map(|c| c.to_ascii_uppercase()),
            event_type: self.event_type.as_ref().map(|c| c.to_ascii_uppercase()),
            mode: self.mode.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            place: self.place.clone(),
            outlet: self.outlet.clone(),
            attribution: self.attribution.clone(),
            modality,
            text: self.text.clone(),
            min_articles: self.min_articles,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryFormat {
    /// Aligned columns with the evidence (the default on a terminal).
    Table,
    /// One stored event per line with its mentions (the default in a pipe).
    Jsonl,
    Csv,
    /// Events as a typed Parquet table, the CSV columns (needs --output, or a pipe).
    Parquet,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Matching events with their evidence.
    Events,
    /// Counts and Goldstein sums by dyad and month.
    Dyads,
    /// The timeline of the actor given by --actor.
    Timeline,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    #[arg(long, default_value = "annalist.db")]
    pub db: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// What to show.
    #[arg(long, value_enum, default_value_t = View::Events)]
    pub view: View,
    /// Output form (default: a table on a terminal, JSON Lines otherwise).
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
    /// Output file (default: stdout).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

pub fn query(args: QueryArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let mut q = args.filter.query()?;
    let format = args.format.unwrap_or(
        if args.output.is_none() && std::io::stdout().is_terminal() {
            QueryFormat::Table
        } else {
            QueryFormat::Jsonl
        },
    );
    if format == QueryFormat::Parquet {
        if args.view != View::Events {
            bail!("--format parquet writes events: use it with --view events (the default)");
        }
        let n = write_parquet(&store, &q, args.output.as_deref())?;
        eprintln!("{n} event(s) written");
        return Ok(ExitCode::SUCCESS);
    }
    let w: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(w);
    match args.view {
        View::Events => {
            if q.limit.is_none() && format == QueryFormat::Table {
                q.limit = Some(50);
            }
            match format {
                QueryFormat::Csv => {
                    store.export_events_csv(&q, &mut out)?;
                }
                QueryFormat::Parquet => unreachable!("written above"),
                QueryFormat::Jsonl => {
                    store.for_each_event(&q, |e| {
                        serde_json::to_writer(&mut out, e).map_err(std::io::Error::from)?;
                        out.write_all(b"\n")?;
                        Ok(())
                    })?;
                }
                QueryFormat::Table => {
                    let n = store.for_each_event(&q, |e| {
                        let side = |v: &[annalist_store::ActorRef]| {
                            v.iter()
                                .map(|a| {
                                    let name = a.name.clone().or(a.id.clone()).unwrap_or_default();
                                    match &a.country {
                                        Some(c) => format!("{name} ({c})"),
                                        None => name,
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        writeln!(
                            out,
                            "#{:<5} {:<10} {:<9} {} → {} | {} | {} article(s), {} outlet(s)",
                            e.id,
                            e.date.clone().unwrap_or_else(|| "?".into()),
                            e.event_type,
                            side(&e.source),
                            side(&e.target),
                            e.location.clone().unwrap_or_default(),
                            e.num_articles,
                            e.num_sources
                        )?;
                        for m in e.mentions.iter().take(3) {
                            writeln!(
                                out,
                                "        [{}{}] «{}» ({:?}{})",
                                m.doc_id,
                                m.outlet
                                    .as_deref()
                                    .map(|o| format!(", {o}"))
                                    .unwrap_or_default(),
                                m.sentence_text.trim(),
                                m.event.modality,
                                m.event
                                    .attribution
                                    .as_ref()
                                    .map(|a| format!(", according to {}", a.text))
                                    .unwrap_or_default()
                            )?;
                        }
                        Ok(())
                    })?;
                    writeln!(out, "{n} event(s)")?;
                }
            }
        }
        View::Dyads => {
            let rows = store.dyad_months(&q)?;
            match format {
                QueryFormat::Table => {
                    writeln!(
                        out,
                        "{:<8} {:<30} {:<30} {:>6} {:>8} {:>9}",
                        "month", "source", "target", "events", "mentions", "goldstein"
                    )?;
                    for r in rows {
                        writeln!(
                            out,
                            "{:<8} {:<30} {:<30} {:>6} {:>8} {:>9.1}",
                            r.month, r.source, r.target, r.events, r.mentions, r.goldstein_sum
                        )?;
                    }
                }
                QueryFormat::Jsonl => write_jsonl(&mut out, &rows)?,
                QueryFormat::Csv => write_csv(&mut out, &rows)?,
                QueryFormat::Parquet => unreachable!("written above"),
            }
        }
        View::Timeline => {
            let Some(actor) = q.actor.clone() else {
                bail!("--view timeline needs --actor (a Wikidata id or a name)");
            };
            let rows = store.timeline(&actor)?;
            match format {
                QueryFormat::Table => {
                    for r in rows {
                        writeln!(
                            out,
                            "{:<10} {:<9} {:?} {} ({} article(s))",
                            r.date.clone().unwrap_or_else(|| "?".into()),
                            r.event_type,
                            r.role,
                            r.counterpart,
                            r.num_articles
                        )?;
                    }
                }
                QueryFormat::Jsonl => write_jsonl(&mut out, &rows)?,
                QueryFormat::Csv => write_csv(&mut out, &rows)?,
                QueryFormat::Parquet => unreachable!("written above"),
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Rows as JSON Lines.
fn write_jsonl<T: serde::Serialize>(out: &mut impl Write, rows: &[T]) -> Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Rows as CSV with a header from their field names.
fn write_csv<T: serde::Serialize>(out: &mut impl Write, rows: &[T]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for r in rows {
        w.serialize(r)?;
    }
    w.flush()?;
    Ok(())
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Documents as JSON Lines (the event-format contract).
    Documents,
    /// Deduplicated events with their mentions, as JSON Lines.
    Events,
    /// Events as CSV, one row per event.
    Csv,
    /// A GDELT 2.0-like event table (tab-separated) for tools that read GDELT.
    Gdelt,
    /// Events as a typed Parquet table with the CSV columns (needs --output, or a pipe).
    Parquet,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(long, default_value = "annalist.db")]
    pub db: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Documents)]
    pub format: ExportFormat,
    /// Output file (default: stdout).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let q = args.filter.query()?;
    if args.format == ExportFormat::Parquet {
        let n = write_parquet(&store, &q, args.output.as_deref())?;
        eprintln!("{n} records written");
        return Ok(ExitCode::SUCCESS);
    }
    let w: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::new(w);
    let n = match args.format {
        ExportFormat::Documents => store.export_documents_jsonl(&mut w)?,
        ExportFormat::Events => store.export_events_jsonl(&q, &mut w)?,
        ExportFormat::Csv => store.export_events_csv(&q, &mut w)?,
        ExportFormat::Gdelt => store.export_gdelt(&q, &mut w)?,
        ExportFormat::Parquet => unreachable!("written above"),
    };
    w.flush()?;
    eprintln!("{n} records written");
    Ok(ExitCode::SUCCESS)
}

/// Writes the events matching `q` as Parquet to `output`, or to stdout when it is a pipe: a
/// binary file is never dumped on a terminal.
fn write_parquet(store: &Store, q: &Query, output: Option<&Path>) -> Result<u64> {
    if output.is_none() && std::io::stdout().is_terminal() {
        bail!("--format parquet writes a binary file: give it with --output FILE (or pipe stdout)");
    }
    #[cfg(feature = "parquet")]
    {
        let w: Box<dyn Write + Send> = match output {
            Some(p) => Box::new(
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
            ),
            None => Box::new(std::io::stdout()),
        };
        let mut w = std::io::BufWriter::new(w);
        let n = store
            .export_events_parquet(q, &mut w)
            .context("writing Parquet")?;
        w.flush()?;
        Ok(n)
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (store, q);
        bail!(
            "this annalist was built without Parquet support: rebuild it with \
             `cargo build --release -p annalist --features parquet`, or use --format csv"
        );
    }
}
