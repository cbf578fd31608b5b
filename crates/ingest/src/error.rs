use std::fmt;

/// A problem reading one input or one record of it. Reading goes on after it.
///
/// Displayed as `file:line: message` (or `file: message` when no line applies), the form
/// editors and terminals turn into links.
#[derive(Debug, thiserror::Error)]
pub struct IngestError {
    /// The path as given, `-` for standard input, or the name given to `read_bytes`.
    pub file: String,
    /// 1-based line (JSON Lines) or item number (feeds), when the problem is in one record.
    pub line: Option<usize>,
    #[source]
    pub kind: ErrorKind,
}

impl IngestError {
    pub fn new(file: impl Into<String>, line: Option<usize>, kind: ErrorKind) -> Self {
        IngestError {
            file: file.into(),
            line,
            kind,
        }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

/// What went wrong. New kinds may be added.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The path does not exist or cannot be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// NUL bytes or bytes that are text in no supported encoding.
    #[error("binary file skipped: {0}")]
    Binary(String),
    /// A JSON Lines line that is not a JSON object.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A record whose `text` is missing, empty or not a string.
    #[error("no text: {0}")]
    NoText(String),
    /// A feed that feed-rs cannot parse.
    #[error("malformed feed: {0}")]
    Feed(String),
    /// An HTML page with no main text.
    #[error("no main text found in HTML page")]
    EmptyHtml,
}
