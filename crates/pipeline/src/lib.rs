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

pub use annalist_time::Convention;

/// A stage could not be built from the packs (a malformed table, named by file and line).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    #[error("language packs: {0}")]
    Pack(#[from] PackError),
    #[error("segmentation tables: {0}")]
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
    pub fn process(&self, doc: &mut Document, opts: &Options) {
        self.identify_language(doc, opts);
        self.segmenter.clean(doc);
        if opts.until < Stage::Segment {
            return;
        }
        self.segmenter.segment(doc);
        if opts.until < Stage::Time {
            return;
        }
        let topts = annalist_time::TimeOptions {
            reference: opts.reference.clone(),
            convention: opts.convention,
        };
        self.time.annotate(doc, &topts);
        if opts.until < Stage::Actors {
            return;
        }
        self.actors.annotate(doc);
        if opts.until < Stage::Events {
            return;
        }
        self.events.annotate(doc);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::embedded().expect("embedded packs build")
    }

    #[test]
    fn identifies_language_and_warns_without_a_pack() {
        let p = pipeline();
        let mut d = Document::new("x", "El gobierno de España anunció ayer nuevas medidas económicas para las familias y las empresas del país.");
        p.process(&mut d, &Options::default());
        assert_eq!(d.lang.as_deref(), Some("es"));
        assert!(d.diagnostics.iter().any(|x| x.message.contains("no language pack")));
        assert!(!d.sentences.is_empty(), "still segmented by the common rules");
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
