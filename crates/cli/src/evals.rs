//! `annalist eval-time`, `eval-ner`, `eval-geo`: the stage evaluations against public corpora.
//! Each prints a report and, with `--min`, fails (exit 1) below a floor — which is how CI
//! guards against regressions.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use crate::common::{packs_with, ConventionArg};

#[derive(Args, Debug)]
pub struct EvalTimeArgs {
    /// A Duckling-style corpus in JSON Lines (text, reference_time, type, expected_value, grain).
    pub file: PathBuf,
    /// Language of the corpus (default: read from the file name, `_it`/`_en`).
    #[arg(long)]
    pub lang: Option<String>,
    /// Resolution convention: Duckling's corpora expect `assistant`.
    #[arg(long, value_enum, default_value_t = ConventionArg::Assistant)]
    pub convention: ConventionArg,
    /// The file is Duckling's numeral corpus (values, not times): score the number parser on the
    /// lines of `--lang`.
    #[arg(long)]
    pub numeral: bool,
    /// List the examples that fail.
    #[arg(long)]
    pub show_failures: bool,
    /// Fail when the pass rate (0–1) is below this.
    #[arg(long)]
    pub min: Option<f64>,
    /// A folder of extra pack tables (laid out like `packs/`) loaded over the embedded packs,
    /// to measure added rows before building them in.
    #[arg(long = "pack", value_name = "DIR")]
    pub pack: Vec<PathBuf>,
}

pub fn time(args: EvalTimeArgs) -> Result<ExitCode> {
    let packs = packs_with(&args.pack)?;
    let tagger = annalist_time::TimeTagger::new(&packs).context("building the time stage")?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let lang = args.lang.clone().unwrap_or_else(|| {
        if name.contains("_en") {
            "en".into()
        } else {
            "it".into()
        }
    });
    let conv = match args.convention {
        ConventionArg::News => annalist_time::Convention::News,
        ConventionArg::Assistant => annalist_time::Convention::Assistant,
    };
    let report = if args.numeral {
        annalist_time::eval::numeral_eval(&tagger, &args.file, &lang)
    } else {
        let excl = annalist_time::eval::Exclusions::from_pack(&packs, &lang)?;
        annalist_time::eval::duckling_eval(&tagger, &args.file, &lang, conv, &excl)
    }
    .with_context(|| format!("evaluating {}", args.file.display()))?;
    print!("{report}");
    if args.show_failures {
        for f in &report.failures {
            println!(
                "FAIL [{}] {:?}: expected {} got {}",
                f.kind, f.text, f.expected, f.got
            );
        }
    }
    Ok(floor(report.rate(), args.min, "pass rate"))
}

#[derive(Args, Debug)]
pub struct EvalNerArgs {
    /// A CoNLL-style file: token TAB tag (BIO or IO; PER/LOC/ORG), blank line between sentences.
    pub file: PathBuf,
    #[arg(long, default_value = "it")]
    pub lang: String,
    /// Fail when micro F1 is below this.
    #[arg(long)]
    pub min: Option<f64>,
    /// Tag each sentence after this many preceding sentences of the file as its article context
    /// (KIND keeps each article's sentences in order, so a later bare surname can link to the
    /// full name); only the sentence's own mentions are scored. 0 scores every sentence alone.
    #[arg(long, default_value_t = annalist_actors::NER_CONTEXT_SENTENCES)]
    pub context: usize,
    /// A folder of extra pack tables (laid out like `packs/`) loaded over the embedded packs,
    /// to measure added rows before building them in.
    #[arg(long = "pack", value_name = "DIR")]
    pub pack: Vec<PathBuf>,
}

pub fn ner(args: EvalNerArgs) -> Result<ExitCode> {
    let packs = packs_with(&args.pack)?;
    let tagger = annalist_actors::ActorTagger::new(&packs).context("building the actor stage")?;
    let r = annalist_actors::eval_ner_context(
        &tagger,
        &args.file,
        &args.lang,
        args.context,
        &mut |_, _, _| {},
    )
    .with_context(|| format!("evaluating {}", args.file.display()))?;
    println!("{}", serde_json::to_string_pretty(&r)?);
    Ok(floor(r.micro.f1, args.min, "micro F1"))
}

#[derive(Args, Debug)]
pub struct EvalGeoArgs {
    /// GeoWebNews in brat form: N.txt and N.ann files.
    pub dir: PathBuf,
    /// Fail when the share of toponyms resolved within 161 km is below this.
    #[arg(long)]
    pub min: Option<f64>,
    /// A folder of extra pack tables (laid out like `packs/`) loaded over the embedded packs,
    /// to measure added rows before building them in.
    #[arg(long = "pack", value_name = "DIR")]
    pub pack: Vec<PathBuf>,
}

pub fn geo(args: EvalGeoArgs) -> Result<ExitCode> {
    let packs = packs_with(&args.pack)?;
    let tagger = annalist_actors::ActorTagger::new(&packs).context("building the actor stage")?;
    let r = annalist_actors::eval_geo(&tagger, &args.dir)
        .with_context(|| format!("evaluating {}", args.dir.display()))?;
    println!("{}", serde_json::to_string_pretty(&r)?);
    Ok(floor(r.accuracy_161km, args.min, "accuracy within 161 km"))
}

fn floor(value: f64, min: Option<f64>, what: &str) -> ExitCode {
    match min {
        Some(m) if value < m => {
            eprintln!("FAIL: {what} {value:.3} is below the floor {m:.3}");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// A gold file: a JSON list of documents with `id`, `lang`, `published`, `text`, `events`.
    pub gold: PathBuf,
    /// Score this system output (JSON Lines) instead of running the pipeline.
    #[arg(long)]
    pub system: Option<PathBuf>,
    /// Write the pipeline's output documents here (JSON Lines).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// List missed and extra events.
    #[arg(long)]
    pub show: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail when event F1 is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Fail when a field's accuracy over matched events is below a floor: `date=0.75`.
    #[arg(long, value_name = "FIELD=MIN")]
    pub min_field: Vec<String>,
    /// A folder of extra pack tables (laid out like `packs/`) loaded over the embedded packs,
    /// to measure added rows before building them in.
    #[arg(long = "pack", value_name = "DIR")]
    pub pack: Vec<PathBuf>,
}

pub fn events(args: EvalArgs) -> Result<ExitCode> {
    use rayon::prelude::*;
    let gold = annalist_eval::load_gold(&args.gold)?;
    let report = match &args.system {
        Some(sys) => annalist_eval::score(&gold, &annalist_eval::load_system(sys)?),
        None => {
            let pipeline = annalist_pipeline::Pipeline::new(packs_with(&args.pack)?)
                .context("building the pipeline")?;
            let opts = annalist_pipeline::Options::default();
            let mut docs: Vec<annalist_doc::Document> =
                gold.iter().map(annalist_eval::gold_document).collect();
            docs.par_iter_mut().for_each(|d| pipeline.process(d, &opts));
            if let Some(out) = &args.output {
                use std::io::Write;
                let mut w = std::io::BufWriter::new(
                    std::fs::File::create(out)
                        .with_context(|| format!("creating {}", out.display()))?,
                );
                for d in &docs {
                    serde_json::to_writer(&mut w, d)?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            annalist_eval::score(&gold, &annalist_eval::system_from_documents(&docs))
        }
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else if args.show {
        println!("{report:#}");
    } else {
        println!("{report}");
    }
    let mut code = floor(report.f1(), args.min_f1, "event F1");
    for spec in &args.min_field {
        let (field, min) = spec
            .split_once('=')
            .and_then(|(f, m)| Some((f, m.parse::<f64>().ok()?)))
            .with_context(|| format!("--min-field {spec:?}: expected FIELD=NUMBER"))?;
        let value = report.field(field).unwrap_or(0.0);
        if floor(value, Some(min), &format!("{field} accuracy")) != ExitCode::SUCCESS {
            code = ExitCode::from(1);
        }
    }
    Ok(code)
}
