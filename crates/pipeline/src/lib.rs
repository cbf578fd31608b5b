//! The pipeline: every stage, built once from the packs, run in order over one document.
//!
//! ```text
//! language id → furniture removal → segmentation → times/quantities → actors/places → events
//! ```
//! Stages do not call each other; this crate is the only place that knows their order. A
//! [`Pipeline`] is `Send + Sync`: the binary shares one across threads and runs documents in
//! parallel. Processing never fails on text: odd input yields fewer results and diagnostics.
//!
//! Architecture invariant: no language knowledge and no I/O here — only wiring and the
//! decisions that belong to no single stage (which language a document is in, how far to go).

use annalist_doc::Document;
use annalist_lang::{PackError, Packs};
use std::time::Duration;
#[cfg(not(target_os = "linux"))]
use std::time::Instant;

pub use annalist_time::Convention;

/// A stage could not be built from the packs (a malformed table, named by file and line).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    #[error("language packs")]
    Pack(#[from] PackError),
    #[error("segmentation tables")]
    Segment(#[from] annalist_segment::SegmentError),
}

/// How far to run the pipeline: each stage includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Stage {
    /// Language id and furniture removal only.
    Clean,
    /// + sentences and tokens.
    Segment,
    /// + times and quantities.
    Time,
    /// + actors and places.
    Actors,
    /// + events: the whole pipeline.
    #[default]
    Events,
}

/// Per-run choices.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Language to assume for every document, instead of identifying it.
    pub lang: Option<String>,
    /// Reference time for relative dates, instead of each document's `published`.
    pub reference: Option<String>,
    /// How bare weekdays and dates are resolved (news by default).
    pub convention: Convention,
    /// Last stage to run.
    pub until: Stage,
    /// Leave an event's source or target empty when its clause names none, instead of inferring
    /// it from the preceding text.
    pub strict_sides: bool,
}

/// Documents per batch for [`Pipeline::analyse_batch`]: enough for a stage's code and tables to
/// be reused from the caches many times before the next stage evicts them, few enough that a
/// batch's documents (their tokens, entities, times) still fit in the second-level cache.
/// `annalist bench --batch N` measures other sizes: 64 beat 1, 16 and 256 on news articles.
pub const BATCH: usize = 64;

/// Time spent in each stage of [`Pipeline::analyse_timed`], summed over documents: the calling
/// thread's CPU time on Linux (a shared, loaded machine stretches wall time by whatever else runs,
/// by ±30% between runs here, while a thread's CPU time moves far less), wall time elsewhere.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    pub segment: Duration,
    pub time: Duration,
    pub actors: Duration,
    pub events: Duration,
}

/// The clock of [`StageTimes`]: this thread's CPU time on Linux, wall time elsewhere.
struct StageClock {
    #[cfg(target_os = "linux")]
    start: Duration,
    #[cfg(not(target_os = "linux"))]
    start: Instant,
}

impl StageClock {
    fn start() -> StageClock {
        #[cfg(target_os = "linux")]
        return StageClock {
            start: thread_cpu_time(),
        };
        #[cfg(not(target_os = "linux"))]
        return StageClock {
            start: Instant::now(),
        };
    }

    fn elapsed(&self) -> Duration {
        #[cfg(target_os = "linux")]
        return thread_cpu_time().saturating_sub(self.start);
        #[cfg(not(target_os = "linux"))]
        return self.start.elapsed();
    }
}

/// CPU time consumed by the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
#[cfg(target_os = "linux")]
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the kernel knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Every stage, built once.
pub struct Pipeline {
    packs: Packs,
    langid: annalist_langid::LangId,
    segmenter: annalist_segment::Segmenter,
    time: annalist_time::TimeTagger,
    actors: annalist_actors::ActorTagger,
    events: annalist_events::EventCoder,
}

impl Pipeline {
    /// Builds every stage from `packs` (the embedded ones, possibly with a user's folder added).
    pub fn new(packs: Packs) -> Result<Pipeline, PipelineError> {
        Ok(Pipeline {
            langid: annalist_langid::LangId::new(),
            segmenter: annalist_segment::Segmenter::new(&packs)?,
            time: annalist_time::TimeTagger::new(&packs)?,
            actors: annalist_actors::ActorTagger::new(&packs)?,
            events: annalist_events::EventCoder::new(&packs)?,
            packs,
        })
    }

    /// The pipeline over the packs built into the binary.
    pub fn embedded() -> Result<Pipeline, PipelineError> {
        Pipeline::new(Packs::embedded()?)
    }

    pub fn packs(&self) -> &Packs {
        &self.packs
    }

    /// Runs the stages up to `opts.until` over `doc`, appending to it.
    ///
    /// A stage that panics on some text is a bug, but it must not take the other documents of
    /// a run with it: each stage runs under `catch_unwind`, and a panic leaves what the stage
    /// had appended removed and an error diagnostic naming the stage.
    pub fn process(&self, doc: &mut Document, opts: &Options) {
        self.prepare(doc, opts);
        self.analyse(doc, opts);
    }

    /// The first steps, which fix the final text: language id and furniture removal. A caller
    /// can then recognise a document it already has (by its cleaned text) before paying for
    /// [`analyse`](Self::analyse).
    pub fn prepare(&self, doc: &mut Document, opts: &Options) {
        self.identify_language(doc, opts);
        guarded(doc, "clean", |d| self.segmenter.clean(d));
    }

    /// The stages after [`prepare`](Self::prepare), up to `opts.until`.
    pub fn analyse(&self, doc: &mut Document, opts: &Options) {
        self.analyse_timed(doc, opts, &mut StageTimes::default());
    }

    /// [`analyse`](Self::analyse), adding each stage's own time (see [`StageTimes`]) to `times`. Benchmarks
    /// use it: a stage's cost read as the difference of two cumulative runs carries the noise of
    /// both, which on a shared machine is larger than the stage itself.
    pub fn analyse_timed(&self, doc: &mut Document, opts: &Options, times: &mut StageTimes) {
        self.analyse_batch_timed(std::slice::from_mut(doc), opts, times);
    }

    /// [`analyse`](Self::analyse) over a batch, stage by stage (see
    /// [`analyse_batch_timed`](Self::analyse_batch_timed)): about 15% less CPU than analysing the
    /// same documents one by one (`annalist bench`, stage-by-stage row). Callers hand it
    /// [`BATCH`] documents at a time.
    pub fn analyse_batch(&self, docs: &mut [Document], opts: &Options) {
        self.analyse_batch_timed(docs, opts, &mut StageTimes::default());
    }

    /// [`analyse_timed`](Self::analyse_timed) over a batch, stage by stage: every document is
    /// segmented, then every document is dated, and so on. The result is the same as analysing
    /// the documents one by one; what changes is that each stage's code and tables stay in the
    /// caches for the whole batch instead of being evicted by the three other stages at every
    /// document (the stages' code is large: in a document-by-document run the time, actor and
    /// event stages each take more instruction-cache misses than segmentation by 7-9x).
    pub fn analyse_batch_timed(
        &self,
        docs: &mut [Document],
        opts: &Options,
        times: &mut StageTimes,
    ) {
        if opts.until < Stage::Segment {
            return;
        }
        let t = StageClock::start();
        for doc in docs.iter_mut() {
            guarded(doc, "segment", |d| self.segmenter.segment(d));
        }
        times.segment += t.elapsed();
        if opts.until < Stage::Time {
            return;
        }
        let topts = annalist_time::TimeOptions {
            reference: opts.reference.clone(),
            convention: opts.convention,
        };
        let t = StageClock::start();
        for doc in docs.iter_mut() {
            guarded(doc, "time", |d| self.time.annotate(d, &topts));
        }
        times.time += t.elapsed();
        if opts.until < Stage::Actors {
            return;
        }
        let t = StageClock::start();
        for doc in docs.iter_mut() {
            guarded(doc, "actors", |d| self.actors.annotate(d));
        }
        times.actors += t.elapsed();
        if opts.until < Stage::Events {
            return;
        }
        let t = StageClock::start();
        for doc in docs.iter_mut() {
            guarded(doc, "events", |d| {
                self.events.annotate_with(d, !opts.strict_sides)
            });
        }
        times.events += t.elapsed();
    }

    /// Sets `doc.lang`: the override, else the input's own (kept when it names a language), else
    /// the identifier's guess. A language without a pack is kept, with a diagnostic: the document
    /// is still segmented by the common rules and stored.
    fn identify_language(&self, doc: &mut Document, opts: &Options) {
        if let Some(l) = &opts.lang {
            doc.lang = Some(l.clone());
        }
        let given = doc
            .lang
            .as_deref()
            .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase())
            .filter(|l| !l.is_empty());
        match given {
            Some(l) => doc.lang = Some(l),
            None => match self.langid.identify(&doc.text) {
                Some(g) => {
                    doc.lang = Some(g.lang.to_string());
                    doc.info(
                        format!(
                            "language identified as {} (confidence {:.2}, {:?})",
                            g.lang, g.confidence, g.method
                        ),
                        None,
                    );
                }
                None => doc.warn("language could not be identified", None),
            },
        }
        if let Some(l) = doc.lang.clone() {
            if self.packs.get(&l).is_none() {
                doc.warn(
                    format!("no language pack for {l:?}: only language-independent analysis"),
                    None,
                );
            }
        }
    }
}

/// Runs one stage over `doc`, containing a panic (see [`Pipeline::process`]).
fn guarded(doc: &mut Document, stage: &str, f: impl FnOnce(&mut Document)) {
    let before = (
        doc.text.len(),
        doc.sentences.len(),
        doc.tokens.len(),
        doc.entities.len(),
        doc.times.len(),
        doc.quantities.len(),
        doc.events.len(),
        doc.diagnostics.len(),
    );
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(doc)));
    if let Err(payload) = result {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        // Spans appended by the failed stage may be half made: drop them. The text itself is
        // only edited by `clean`, which works on a copy it swaps in at the end.
        if doc.text.len() != before.0 {
            doc.sentences.clear();
            doc.tokens.clear();
        }
        doc.sentences.truncate(before.1);
        doc.tokens.truncate(before.2);
        doc.entities.truncate(before.3);
        doc.times.truncate(before.4);
        doc.quantities.truncate(before.5);
        doc.events.truncate(before.6);
        doc.diagnostics.truncate(before.7);
        doc.diagnostics.push(annalist_doc::Diagnostic::new(
            annalist_doc::Level::Error,
            format!("internal error in the {stage} stage, its results dropped: {msg}"),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::embedded().expect("embedded packs build")
    }

    #[test]
    fn a_batch_analysed_stage_by_stage_equals_documents_analysed_one_by_one() {
        let p = pipeline();
        let texts = [
            include_str!("../../../examples/kim-putin-telefonata.it.txt"),
            "The Brazilian foreign minister met his Argentine counterpart in Montevideo on Tuesday and \
             said both governments would sign a trade agreement next month.",
            "",
            "Ieri la polizia ha arrestato a Torino tre uomini accusati di aver rapinato una banca. \
             Il sindaco ha ringraziato gli agenti.",
            "El gobierno de Chile anunció nuevas medidas.",
        ];
        let opts = Options::default();
        let mut one_by_one: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(i.to_string(), *t))
            .collect();
        let mut batch = one_by_one.clone();
        for d in one_by_one.iter_mut() {
            p.process(d, &opts);
        }
        for d in batch.iter_mut() {
            p.prepare(d, &opts);
        }
        p.analyse_batch(&mut batch, &opts);
        assert!(
            one_by_one[0].events.len() >= 5,
            "the seed article yields its events"
        );
        assert_eq!(one_by_one, batch);
    }

    #[test]
    fn identifies_language_and_warns_without_a_pack() {
        let p = pipeline();
        let mut d = Document::new("x", "El gobierno de España anunció ayer nuevas medidas económicas para las familias y las empresas del país.");
        p.process(&mut d, &Options::default());
        assert_eq!(d.lang.as_deref(), Some("es"));
        assert!(d
            .diagnostics
            .iter()
            .any(|x| x.message.contains("no language pack")));
        assert!(
            !d.sentences.is_empty(),
            "still segmented by the common rules"
        );
    }

    #[test]
    fn a_panicking_stage_leaves_a_diagnostic_and_no_partial_results() {
        let mut d = Document::new("x", "testo");
        d.times.push(annalist_doc::Time {
            span: annalist_doc::Span::new(0, 5),
            text: "testo".into(),
            value: "2025".into(),
            precision: "year".into(),
            from: None,
            to: None,
            rule: None,
        });
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        guarded(&mut d, "time", |d| {
            d.times.clear();
            panic!("boom")
        });
        std::panic::set_hook(prev);
        let last = d.diagnostics.last().expect("a diagnostic");
        assert_eq!(last.level, annalist_doc::Level::Error);
        assert!(last.message.contains("time stage") && last.message.contains("boom"));
    }

    #[test]
    fn strict_sides_leaves_an_unnamed_side_empty() {
        let p = pipeline();
        let text = "Russia's foreign minister Sergei Lavrov met his counterpart on Monday.";
        let run = |strict_sides: bool| {
            let mut d = Document::new("x", text);
            d.published = Some("2025-03-20".into());
            let opts = Options {
                lang: Some("en".into()),
                strict_sides,
                ..Default::default()
            };
            p.process(&mut d, &opts);
            d.events
        };
        let implicit = |evs: &[annalist_doc::Event]| {
            evs.iter()
                .flat_map(|e| e.source.iter().chain(&e.target))
                .any(|a| a.note.as_deref().is_some_and(|n| n.contains("implicit")))
        };
        let inferred = run(false);
        assert!(!inferred.is_empty(), "the meeting is an event");
        assert!(
            implicit(&inferred),
            "by default the unnamed side is inferred and marked"
        );
        let strict = run(true);
        assert_eq!(strict.len(), inferred.len());
        assert!(!implicit(&strict), "strict: nothing inferred");
    }

    #[test]
    fn override_wins_and_stages_stop_where_asked() {
        let p = pipeline();
        let mut d = Document::new("x", "Il presidente ha parlato mercoledì a Roma.");
        let opts = Options {
            lang: Some("it".into()),
            until: Stage::Segment,
            ..Default::default()
        };
        p.process(&mut d, &opts);
        assert_eq!(d.lang.as_deref(), Some("it"));
        assert!(!d.tokens.is_empty());
        assert!(d.times.is_empty(), "time stage must not have run");
    }
}
