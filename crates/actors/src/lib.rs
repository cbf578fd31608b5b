//! Actors and places: who and where an article names, linked to what they are.
//!
//! [`ActorTagger`] is built once from the language packs (`packs/common/actors/` for countries,
//! places, people, offices, organisations and sectors; `packs/<lang>/actors/` for each
//! language's names, demonyms, sector nouns, titles, seats of power and composition rules) and
//! fills `Document::entities`: span, kind, canonical name, Wikidata id (or a stable pack id),
//! ISO 3166-1 alpha-3 country (`IGO` for international organisations), PLOVER sector, CAMEO
//! code, and coordinates for places.
//!
//! Key design decisions:
//! - One pass per document: every form of every table is a key of a byte trie over the
//!   lowercased text (lowercasing keeps byte offsets, so spans point into the original text),
//!   walked anchored from word starts only (no Aho-Corasick failure links to build). Word
//!   boundaries and case rules ("Usa" the country against "usa" the verb) are checked on the
//!   original text; the selection is leftmost-longest among
//!   the matches that pass, so a failed long match never hides a valid shorter one.
//! - Language knowledge is data. Which noun is a sector, where the demonym stands, which
//!   prepositions make a capital a place rather than its government: all in the pack files.
//! - Titles resolve on the document's date through dated offices ("il presidente russo" on
//!   2025-08-13 is Putin); ambiguity (Georgia the country or the US state) is settled by the
//!   countries the article names, and the choice is written in the entity's `note`.
//! - Analysis never fails: odd text yields fewer entities. Only malformed packs are errors.
//!
//! Architecture invariant: depends on the document model and the pack loader only; knows
//! nothing of segmentation, times or events (it uses `doc.sentences` when present).

mod eval;
mod names;
mod orgs;
mod places;
mod tables;
mod tagger;
mod trie;
mod wikidata;

pub use eval::{
    eval_geo, eval_geo_with, eval_ner, eval_ner_context, eval_ner_with, EvalError, GeoCase,
    GeoReport, GeoTally, GeoVisitor, NerReport, NerSpan, Prf, NER_CONTEXT_SENTENCES,
};
pub use tables::{check_actor_tables, Tables};
pub use tagger::ActorTagger;
pub use wikidata::{import_wikidata, ImportError, ImportStats, DEFAULT_ORG_CLASSES};
