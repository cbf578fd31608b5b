//! Language identification for annalist documents.
//!
//! Two detectors, because neither is right on its own (measured on this machine, see
//! `stack.md` and this crate's README):
//! - `whatlang` (trigram profiles, allowlist of the supported languages) is fast (~35 MB/s on
//!   2 KB documents) and reliable on paragraphs, but wrong on about a third of 2–3-word
//!   headlines;
//! - `lingua` (n-gram models of 1–5 characters) is right on short text but 6× slower.
//!
//! So [`LangId::identify`] asks whatlang about the first few KB and keeps its answer when
//! whatlang itself says it is reliable and the sample is long enough; otherwise it asks lingua.
//! Only the languages in [`SUPPORTED`] are ever answered: an allowlist keeps a Spanish-looking
//! Italian headline from being called Galician.
//!
//! Architecture invariant: no dependency on the document model; the pipeline sets `doc.lang`.

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use whatlang::{Detector, Lang};

/// ISO 639-1 codes this crate can answer, in the order of the tables below.
pub const SUPPORTED: &[&str] = &["it", "en", "es", "fr", "de", "pt"];

const WHATLANG: [Lang; 6] = [
    Lang::Ita,
    Lang::Eng,
    Lang::Spa,
    Lang::Fra,
    Lang::Deu,
    Lang::Por,
];
const LINGUA: [Language; 6] = [
    Language::Italian,
    Language::English,
    Language::Spanish,
    Language::French,
    Language::German,
    Language::Portuguese,
];

/// How much of a document whatlang reads: the language of an article is settled in its first
/// paragraphs, and reading the rest would only cost time.
pub const SAMPLE_BYTES: usize = 4096;

/// Below this many letters whatlang's answer is not trusted even when it says it is reliable
/// (headlines, captions): lingua decides.
pub const MIN_LETTERS_FOR_WHATLANG: usize = 120;

/// Whatlang confidence under which lingua is asked instead.
pub const MIN_WHATLANG_CONFIDENCE: f64 = 0.5;

/// Which detector gave an answer (for diagnostics and the measurements in the tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Whatlang,
    Lingua,
}

/// A language guess: ISO 639-1 code, confidence in `0..=1`, and the detector that made it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guess {
    pub lang: &'static str,
    pub confidence: f64,
    pub method: Method,
}

/// The two detectors, built once. `Send + Sync`; building lingua's detector is cheap because its
/// models are loaded lazily on first use.
pub struct LangId {
    whatlang: Detector,
    lingua: LanguageDetector,
}

impl Default for LangId {
    fn default() -> Self {
        Self::new()
    }
}

impl LangId {
    pub fn new() -> Self {
        LangId {
            whatlang: Detector::with_allowlist(WHATLANG.to_vec()),
            lingua: LanguageDetectorBuilder::from_languages(&LINGUA).build(),
        }
    }

    /// The language of `text`, or `None` when there is nothing to judge (no letters) or no
    /// supported language fits. Never panics.
    pub fn identify(&self, text: &str) -> Option<Guess> {
        let sample = prefix(text, SAMPLE_BYTES);
        let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            return None;
        }
        if letters >= MIN_LETTERS_FOR_WHATLANG {
            if let Some(info) = self.whatlang.detect(sample) {
                if info.is_reliable() && info.confidence() >= MIN_WHATLANG_CONFIDENCE {
                    if let Some(i) = WHATLANG.iter().position(|l| *l == info.lang()) {
                        return Some(Guess {
                            lang: SUPPORTED[i],
                            confidence: info.confidence(),
                            method: Method::Whatlang,
                        });
                    }
                }
            }
        }
        self.lingua_guess(sample)
    }

    /// lingua's answer alone (used for short text, and by the tests to compare the two).
    pub fn lingua_guess(&self, text: &str) -> Option<Guess> {
        let values = self.lingua.compute_language_confidence_values(text);
        let (lang, conf) = values.first().copied()?;
        if conf <= 0.0 {
            return None;
        }
        let i = LINGUA.iter().position(|l| *l == lang)?;
        Some(Guess {
            lang: SUPPORTED[i],
            confidence: conf,
            method: Method::Lingua,
        })
    }

    /// Every supported language with lingua's confidence for `text`, best first.
    pub fn ranked(&self, text: &str) -> Vec<(&'static str, f64)> {
        self.lingua
            .compute_language_confidence_values(prefix(text, SAMPLE_BYTES))
            .into_iter()
            .filter_map(|(l, c)| Some((SUPPORTED[LINGUA.iter().position(|x| *x == l)?], c)))
            .collect()
    }

    /// whatlang's answer alone, with the allowlist (for comparison and measurement).
    pub fn whatlang_guess(&self, text: &str) -> Option<Guess> {
        let info = self.whatlang.detect(prefix(text, SAMPLE_BYTES))?;
        let i = WHATLANG.iter().position(|l| *l == info.lang())?;
        Some(Guess {
            lang: SUPPORTED[i],
            confidence: info.confidence(),
            method: Method::Whatlang,
        })
    }
}

/// The language of `text` as `(ISO 639-1 code, confidence)`, with a detector shared by the
/// process (built on first call).
pub fn identify(text: &str) -> Option<(&'static str, f64)> {
    static SHARED: OnceLock<LangId> = OnceLock::new();
    SHARED
        .get_or_init(LangId::new)
        .identify(text)
        .map(|g| (g.lang, g.confidence))
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_respects_char_boundaries() {
        let s = "àààà";
        assert_eq!(prefix(s, 3), "à");
        assert_eq!(prefix(s, 100), s);
    }

    #[test]
    fn nothing_to_judge() {
        assert_eq!(identify(""), None);
        assert_eq!(identify("  12 345 !!! "), None);
    }
}
