//! Segmentation: page furniture removal, sentences and word tokens.
//!
//! [`Segmenter`] is built once from the language packs (it parses the `segment/` tables of
//! `packs/common` and of each language) and is then shared by every document:
//! - [`Segmenter::clean`] drops page furniture lines ("Today", "Leggi anche …", "© RIPRODUZIONE
//!   RISERVATA", cookie notices, "Share") by rules from `segment/furniture.tsv` that match a
//!   whole line, its start or its end. This is the single home of line-furniture rules: ingest
//!   only removes structural HTML furniture, and every document, whatever its format, passes
//!   through here with its language known. It runs before any span exists, so editing the text
//!   is safe; each drop leaves an info diagnostic naming the rule.
//! - [`Segmenter::segment`] fills `doc.tokens` and `doc.sentences`, and `doc.folded`: the text
//!   lowercased once for the stages after it.
//!
//! Design decisions:
//! - **One hand-written byte scanner, no regex.** Tokens are found in one left-to-right pass
//!   with an ASCII fast path (news text is mostly ASCII even in Italian); tables are consulted
//!   only at the few places they can matter (a word followed by a period, an apostrophe, digits
//!   followed by letters), so speed does not depend on the size of the tables.
//! - **Sentences are decided on tokens**, not characters: a period is a sentence end only when it
//!   is a token of its own (an abbreviation such as "Sig." or "U.S." keeps its period), and only
//!   when the next token can start a sentence (capital letter, digit, opening quote). Closing
//!   quotes and brackets after the end belong to the sentence they close.
//! - **Line breaks carry structure in news text files.** A blank line always ends a sentence;
//!   a single line break ends one too (headlines, subheadings, one paragraph per line) unless
//!   the line ends with a comma-like mark or the next line starts in lower case. Text that is
//!   hard-wrapped (many lines continue in lower case) is recognised per document, and its single
//!   line breaks are then spaces except after a short line (a headline).
//! - **Language knowledge is data**: abbreviations, elisions (Italian "dell'"), clitics (English
//!   "'s", "n't"), number suffixes ("15mila", "$2bn") and sentence starters live in the packs.
//!   A language without a pack gets the language-independent behaviour.
//! - **Never fails on text**: any UTF-8 string gives tokens and sentences (possibly none) and
//!   never panics; only bad pack tables are errors, at construction.
//!
//! Architecture invariant: this crate knows the document model and the packs, nothing of the
//! stages after it; it reads only `text` and `lang`, and writes `text` (clean), `tokens`,
//! `sentences`, `folded` and `diagnostics`.

mod furniture;
mod rules;
mod scan;
mod split;

use rustc_hash::FxHashMap as HashMap;

use std::cell::Cell;
use std::sync::Arc;

use annalist_doc::{Document, FoldCache, Folded};
use annalist_lang::{PackError, Packs};

pub use rules::{AbbrevKind, LangRules};

/// A problem building the segmenter: a pack table that cannot be read as intended.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SegmentError {
    #[error(transparent)]
    Pack(#[from] PackError),
}

thread_local! {
    /// The scan's lists for the splitter and the fold ([`scan::Marks`]), kept by each thread
    /// from one document to the next so that only their room is reused: allocations per
    /// document (about 200 instructions each, with the allocator's branches) not made again.
    /// Exact: `scan::scan` empties them before it fills them, so nothing of one document
    /// reaches the next; a cell left empty (never, as `segment` does not call itself) would
    /// only mean fresh lists.
    static SCRATCH: Cell<scan::Marks> = const { Cell::new(scan::Marks::EMPTY) };
}

/// Furniture removal, sentence splitting and tokenisation for every language with a pack.
/// Built once; `Send + Sync`, so one instance serves all threads.
#[derive(Debug, Clone)]
pub struct Segmenter {
    langs: HashMap<String, LangRules>,
    default: LangRules,
}

impl Segmenter {
    /// Parses the `segment/` tables of `packs/common` and of every language pack.
    pub fn new(packs: &Packs) -> Result<Segmenter, SegmentError> {
        let default = LangRules::load(packs, None)?;
        let mut langs = HashMap::default();
        for code in packs.languages() {
            langs.insert(code.to_string(), LangRules::load(packs, Some(code))?);
        }
        Ok(Segmenter { langs, default })
    }

    /// The rules used for a document in language `lang` (an ISO 639-1 code, region suffixes such
    /// as `it-IT` ignored): the language's pack over the common one, or the common one alone.
    pub fn rules(&self, lang: Option<&str>) -> &LangRules {
        let Some(lang) = lang else {
            return &self.default;
        };
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        if let Some(r) = self.langs.get(base) {
            return r;
        }
        let lower = base.to_ascii_lowercase();
        self.langs.get(&lower).unwrap_or(&self.default)
    }

    /// Drops page furniture lines from `doc.text` (see `packs/common/segment/furniture.tsv` for
    /// the rule format). Must run before any span is assigned: it edits the text.
    pub fn clean(&self, doc: &mut Document) {
        let rules = self.rules(doc.lang.as_deref());
        furniture::clean(rules, doc);
    }

    /// Fills `doc.tokens`, `doc.sentences` and `doc.folded` (replacing what was there) from
    /// `doc.text`. The folded text is built here once for the actor and event stages, which each
    /// lowercased the whole text on their own before.
    pub fn segment(&self, doc: &mut Document) {
        let rules = self.rules(doc.lang.as_deref());
        doc.tokens.clear();
        doc.sentences.clear();
        doc.folded = FoldCache::default();
        if doc.text.len() > u32::MAX as usize {
            doc.warn(
                "text longer than 4 GiB: spans cannot address it, not segmented",
                None,
            );
            return;
        }
        // the thread's scratch lists, taken out of their cell (an empty set left in it) and
        // put back after: see `SCRATCH`
        let mut marks = SCRATCH.take();
        scan::scan(&doc.text, rules, &mut doc.tokens, &mut marks);
        doc.sentences = split::sentences(&doc.text, &doc.tokens, &marks, rules);
        // the scan found every multi-byte character but whitespace (see `Marks::wide`)
        doc.folded = FoldCache(Some(Arc::new(Folded::of_wide(&doc.text, &marks.wide))));
        SCRATCH.set(marks);
    }

    /// [`clean`](Self::clean) then [`segment`](Self::segment): what the pipeline runs.
    pub fn annotate(&self, doc: &mut Document) {
        self.clean(doc);
        self.segment(doc);
    }
}
