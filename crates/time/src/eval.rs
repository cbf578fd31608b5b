//! Runs Duckling's own time corpora (converted to JSON Lines) against this stage.
//!
//! How an example is compared. Duckling values are date-times at a grain; each example has a
//! reference time (arithmetic is on civil time; the offset only converts zoned times), a type and the
//! expected value. Times stated in a zone ("8:00 GMT") are converted to the reference's
//! offset, as Duckling does. The longest expression found in the text is taken as the answer, and:
//! * `value`: the answer is a single anchored time whose grain equals the expected grain, and
//!   whose start, truncated to that grain, equals the expected instant truncated the same way;
//! * `interval`: the answer's start and (exclusive) end, truncated to the expected grain, equal
//!   Duckling's `from` and `to` (Duckling's `to` is exclusive too);
//! * `open`: the answer is an open interval whose bound on the given side equals the expected
//!   one at the grain, and that has no bound on the other side.
//!
//! Duckling's numeral corpus ([`numeral_eval`]) is compared on the number alone: the value
//! of the longest number the rules build over the whole text must equal the expected one
//! (within 1e-9 relative, so "2,5" = 2.5 passes and float noise does not fail).
//!
//! Examples listed in the pack's `time/duckling-exclusions.tsv` (text, reason) are counted
//! apart: they encode assistant conventions that make no sense for news.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use annalist_lang::Packs;
use jiff::civil::DateTime;

use crate::cal::{truncate, Grain};
use crate::prod::Tv;
use crate::{parse_reference, Convention, TimeTagger};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
    #[error("{0}:{1}: {2}")]
    Bad(String, usize, String),
}

/// Texts set aside, with their reasons.
#[derive(Debug, Default, Clone)]
pub struct Exclusions {
    pub texts: HashSet<String>,
}

impl Exclusions {
    /// The pack's `time/duckling-exclusions.tsv` (`text<TAB>reason`), if any.
    pub fn from_pack(packs: &Packs, lang: &str) -> Result<Self, annalist_lang::PackError> {
        let mut texts = HashSet::new();
        if let Some(p) = packs.get(lang) {
            for row in p.rows("time/duckling-exclusions.tsv") {
                let [text, reason] = row.columns::<2>()?;
                if reason.is_empty() {
                    return Err(row.error("every exclusion needs a reason"));
                }
                texts.insert(text.to_string());
            }
        }
        Ok(Exclusions { texts })
    }
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub text: String,
    pub kind: String,
    pub expected: String,
    pub got: String,
}

/// Pass counts per example type, and the failures.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub lang: String,
    pub convention: String,
    /// type → (passed, total), excluded examples not counted.
    pub by_type: BTreeMap<String, (usize, usize)>,
    pub excluded: usize,
    pub failures: Vec<Failure>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.by_type.values().map(|v| v.0).sum()
    }
    pub fn total(&self) -> usize {
        self.by_type.values().map(|v| v.1).sum()
    }
    /// Counts one example under its failure's `kind`, keeping the failure when it did not pass.
    fn record(&mut self, ok: bool, failure: impl FnOnce() -> Failure) {
        let f = failure();
        let e = self.by_type.entry(f.kind.clone()).or_default();
        e.1 += 1;
        if ok {
            e.0 += 1;
        } else {
            self.failures.push(f);
        }
    }

    pub fn rate(&self) -> f64 {
        if self.total() == 0 {
            0.0
        } else {
            self.passed() as f64 / self.total() as f64
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "duckling {} ({} convention): {}/{} = {:.1}% ({} excluded)",
            self.lang,
            self.convention,
            self.passed(),
            self.total(),
            100.0 * self.rate(),
            self.excluded
        )?;
        for (k, (p, t)) in &self.by_type {
            writeln!(
                f,
                "  {k:<9} {p}/{t} = {:.1}%",
                if *t == 0 {
                    0.0
                } else {
                    100.0 * *p as f64 / *t as f64
                }
            )?;
        }
        Ok(())
    }
}

fn dt(v: &serde_json::Value) -> Option<DateTime> {
    parse_reference(v.as_str()?)
}

fn show(t: Option<DateTime>) -> String {
    t.map(|t| t.to_string()).unwrap_or_else(|| "-".into())
}

/// The examples of a Duckling-style JSON Lines corpus in language `lang` (lines of other
/// languages skipped), each with its 1-based line number; a line that is not JSON is an error
/// naming the file and line.
fn corpus_lines(path: &Path, lang: &str) -> Result<Vec<(usize, serde_json::Value)>, EvalError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io(name.clone(), e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| EvalError::Bad(name.clone(), i + 1, e.to_string()))?;
        if v["lang"].as_str().is_some_and(|l| l != lang) {
            continue;
        }
        out.push((i + 1, v));
    }
    Ok(out)
}

/// Scores `tagger` on a Duckling JSON Lines corpus for `lang` (lines of other languages and
/// non-time lines are skipped).
pub fn duckling_eval(
    tagger: &TimeTagger,
    path: &Path,
    lang: &str,
    convention: Convention,
    exclusions: &Exclusions,
) -> Result<Report, EvalError> {
    let name = path.display().to_string();
    let mut rep = Report {
        lang: lang.to_string(),
        convention: format!("{convention:?}").to_lowercase(),
        ..Default::default()
    };
    for (line, v) in corpus_lines(path, lang)? {
        let kind = v["type"].as_str().unwrap_or("").to_string();
        if !matches!(kind.as_str(), "value" | "interval" | "open") {
            continue;
        }
        let ex_text = v["text"].as_str().unwrap_or("").to_string();
        if exclusions.texts.contains(&ex_text) {
            rep.excluded += 1;
            continue;
        }
        let now = dt(&v["reference_time"])
            .ok_or_else(|| EvalError::Bad(name.clone(), line, "bad reference_time".into()))?;
        let grain = Grain::parse(v["grain"].as_str().unwrap_or("")).unwrap_or(Grain::Second);
        let offset = v["reference_time"]
            .as_str()
            .and_then(crate::reference_offset);
        let found = tagger.parse_text_at(lang, &ex_text, now, offset, convention);
        let best = found.iter().max_by_key(|f| f.end - f.start);
        let tr = |t: DateTime| truncate(t, grain);
        let ev = &v["expected_value"];
        let (ok, expected, got) = match kind.as_str() {
            "value" => {
                let want = dt(ev);
                let got = best.and_then(|b| match (&b.tv, b.iv) {
                    (Some(Tv::Open { .. }), _) | (_, None) => None,
                    (_, Some(iv)) => Some(iv),
                });
                let ok = match (want, got) {
                    (Some(w), Some(g)) => g.grain == grain && tr(g.start) == tr(w),
                    _ => false,
                };
                (
                    ok,
                    format!("{} {}", show(want), grain.name()),
                    got.map(|g| format!("{} {}", g.start, g.grain.name()))
                        .unwrap_or_else(|| "-".into()),
                )
            }
            "interval" => {
                let (wf, wt) = (dt(&ev["from"]), dt(&ev["to"]));
                let got = best.and_then(|b| match (&b.tv, b.iv) {
                    (Some(Tv::Open { .. }), _) | (_, None) => None,
                    (_, Some(iv)) => Some(iv),
                });
                let ok = match (wf, wt, got) {
                    (Some(f), Some(t), Some(g)) => tr(g.start) == tr(f) && tr(g.end) == tr(t),
                    _ => false,
                };
                (
                    ok,
                    format!("{}..{}", show(wf), show(wt)),
                    got.map(|g| format!("{}..{}", g.start, g.end))
                        .unwrap_or_else(|| "-".into()),
                )
            }
            _ => {
                let (wf, wt) = (dt(&ev["from"]), dt(&ev["to"]));
                let got = best.and_then(|b| match &b.tv {
                    Some(Tv::Open { from, to, .. }) => Some((*from, *to)),
                    _ => None,
                });
                let ok = match got {
                    Some((gf, gt)) => gf.map(tr) == wf.map(tr) && gt.map(tr) == wt.map(tr),
                    None => false,
                };
                (
                    ok,
                    format!("{}..{}", show(wf), show(wt)),
                    got.map(|(a, b)| format!("{}..{}", show(a), show(b)))
                        .unwrap_or_else(|| "-".into()),
                )
            }
        };
        rep.record(ok, || Failure {
            text: ex_text,
            kind,
            expected,
            got: format!(
                "{got} [{}]",
                best.map(|b| b.rule.as_str()).unwrap_or("nothing")
            ),
        });
    }
    Ok(rep)
}

/// Scores number reading on Duckling's numeral corpus (JSON Lines: `text`, `lang`,
/// `expected_value`); lines of other languages are skipped. Types in the report are `int`
/// and `float` (whether the expected value has a fraction).
pub fn numeral_eval(tagger: &TimeTagger, path: &Path, lang: &str) -> Result<Report, EvalError> {
    let mut rep = Report {
        lang: lang.to_string(),
        convention: "numeral".into(),
        ..Default::default()
    };
    for (_, v) in corpus_lines(path, lang)? {
        let Some(want) = v["expected_value"].as_f64() else {
            continue;
        };
        let ex_text = v["text"].as_str().unwrap_or("").to_string();
        let got = tagger.parse_number(lang, &ex_text);
        let ok = got.is_some_and(|g| (g - want).abs() <= 1e-9 * want.abs().max(1.0));
        let kind = if want.fract() == 0.0 { "int" } else { "float" }.to_string();
        rep.record(ok, || Failure {
            text: ex_text,
            kind,
            expected: want.to_string(),
            got: got.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
        });
    }
    Ok(rep)
}
