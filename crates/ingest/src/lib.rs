//! Reading news inputs into [`Document`]s: the first stage of the pipeline.
//!
//! Inputs are plain text (UTF-8, Windows-1252/Latin-1, UTF-16 with BOM), HTML pages, JSON Lines,
//! RSS 2.0 and Atom feeds, any of them gzip-compressed, in folders walked recursively, or on
//! standard input (`-`). Each input yields [`Record`]s (a document and where it came from) or
//! [`IngestError`]s naming the file and line; one bad record never loses the others.
//!
//! Design decisions:
//! - **Streaming.** [`Reader::read_inputs`] returns an iterator that opens one file at a time and
//!   reads JSON Lines line by line through a buffered (possibly gzip) reader, so memory does not
//!   grow with the corpus. Only a single text, HTML or feed file is held whole, since those are
//!   one page each.
//! - **Format by extension, then by sniffing.** A `.jsonl` is JSON Lines whatever it holds; an
//!   unknown extension is sniffed from its first bytes (`{`, `<rss`, `<feed`, `<html` …).
//! - **Errors are items, not aborts.** A missing path, a binary file or a malformed JSON line is an
//!   `Err` in the stream and reading goes on.
//! - **Structure here, lines later.** HTML cleaning removes what the markup says is furniture
//!   (`nav`, `aside`, `footer`, scripts …) and lets `dom_smoothie` pick the main text. The odd
//!   furniture line the extractor lets through ("Leggi anche: …", "Read more", "Share") is left
//!   in the text: the pipeline's furniture step (`annalist_segment::Segmenter::clean`, rules in
//!   `packs/<lang>/segment/furniture.tsv`) runs on every document, whatever its format, and
//!   knows the document's language, which ingest does not.
//!
//! Architecture invariant: this crate knows files, encodings and markup; it knows nothing of
//! sentences, entities or events, and it never guesses the language from the words (that is
//! language identification's job): `lang` comes only from the input's own metadata.

mod date;
mod decode;
mod error;
mod feed;
mod html;
mod jsonl;
mod reader;
mod sniff;
mod text;

use annalist_doc::Document;
use annalist_lang::{PackError, Packs};
use std::sync::Arc;

pub use date::normalise_date;
pub use decode::{decode, Decoded};
pub use error::{ErrorKind, IngestError};
pub use reader::Inputs;
pub use sniff::{sniff, Format};

/// Where a record came from: the file as given (or `-` for stdin, or the name passed to
/// [`Reader::read_bytes`]) and the 1-based line (JSON Lines) or item number (feeds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// One document read from an input, with its origin.
#[derive(Debug, Clone)]
pub struct Record {
    pub doc: Document,
    pub origin: Origin,
}

/// Caller choices applied to every document read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publication date to set on every document (replacing any found in the input); normalised
    /// like input dates. For inputs that carry none, such as a bare `.txt` file.
    pub published_override: Option<String>,
    /// Language code to set on every document, replacing the input's.
    pub lang_override: Option<String>,
    /// Forces one format instead of extension and sniffing (`--format` on the command line).
    pub format: Option<Format>,
}

/// Reads inputs into documents. Built once, then cheap to share: it is `Send + Sync` and
/// cloning it clones an `Arc`.
#[derive(Debug, Clone)]
pub struct Reader {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    options: Options,
    html: html::HtmlExtractor,
}

impl Reader {
    /// A reader for `packs`. Ingest reads no pack table at present (line furniture is the
    /// segmenter's, see the crate docs); the packs and the `Result` stay in the signature so
    /// callers need not change when an ingest table returns, and so every stage is built the
    /// same way.
    pub fn new(_packs: &Packs, options: Options) -> Result<Self, PackError> {
        Ok(Reader {
            inner: Arc::new(Inner {
                options,
                html: html::HtmlExtractor::new(),
            }),
        })
    }

    /// A reader over the packs embedded in the binary.
    pub fn with_embedded_packs(options: Options) -> Result<Self, PackError> {
        Self::new(&Packs::embedded()?, options)
    }

    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// Streams the documents of every path in order: files, folders (recursively, sorted by
    /// name), `.gz` files and `-` for standard input.
    pub fn read_inputs<P: AsRef<std::path::Path>>(&self, paths: &[P]) -> Inputs {
        Inputs::new(
            self.clone(),
            paths.iter().map(|p| p.as_ref().to_path_buf()).collect(),
        )
    }

    /// Reads an in-memory input (an HTTP body, say). `name` is used in origins and errors;
    /// `format` forces the format, else it is sniffed (and a `.gz` magic is decompressed).
    pub fn read_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        format: Option<Format>,
    ) -> Vec<Result<Record, IngestError>> {
        reader::read_bytes(self, name, bytes, format)
    }

    /// Applies the caller's overrides and the last normalisation steps common to every format.
    fn finish(&self, mut doc: Document) -> Document {
        let o = &self.inner.options;
        if let Some(p) = &o.published_override {
            doc.published = Some(p.clone());
        }
        if let Some(p) = doc.published.take() {
            doc.published = date::normalise_into(&mut doc, &p);
        }
        if let Some(l) = &o.lang_override {
            doc.lang = Some(l.clone());
        }
        if doc.id.is_empty() {
            doc.id = text_id(&doc.text);
        }
        doc
    }
}

/// A stable id for a text without one: the first 16 hex digits of its SHA-256.
pub fn text_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(text.as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Reads `paths` with the embedded packs and default options; see [`Reader::read_inputs`].
pub fn read_inputs<P: AsRef<std::path::Path>>(paths: &[P]) -> Result<Inputs, PackError> {
    Ok(Reader::with_embedded_packs(Options::default())?.read_inputs(paths))
}
