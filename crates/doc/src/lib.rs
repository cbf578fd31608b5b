//! The document model every stage reads and writes.
//!
//! A [`Document`] owns its text and metadata; everything a stage finds in it (sentences, tokens,
//! entities, times, quantities, events) is stored as byte [`Span`]s into that text, so any value
//! can be traced back to the words it came from. Stages do not call each other: each one reads the
//! document and appends what it assigns.
//!
//! The serialised form is the public contract of `event-format.md`: field names here are fixed.
//! New fields may be added; none may be renamed or removed.
//!
//! Architecture invariant: this crate knows nothing about files, languages, packs or storage. It
//! depends on serde only.

mod folded;
mod model;
mod span;

pub use folded::{lower_same_len, lower_same_len_marked, FoldCache, Folded};
pub use model::*;
pub use span::Span;
