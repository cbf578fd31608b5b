use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{FoldCache, Folded, Span};

/// One article: its text, its metadata and everything the stages found in it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Given by the input, or a hash of the text.
    pub id: String,
    /// ISO 639-1 code of the document's language, when known.
    pub lang: Option<String>,
    /// ISO date or date-time of publication; `None` when unknown.
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The cleaned article text; every span points into it.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub sentences: Vec<Span>,
    /// Word-level tokens. Kept in memory for the stages; not part of the default output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub times: Vec<Time>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
    /// Fields of the input record this model does not know, passed through unchanged.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// The text lowercased once by the segmenter for the stages after it, so that each does not
    /// lowercase the whole text again ([`Folded`]). Not serialised; read it through
    /// [`Document::folded`], which ignores a copy that no longer fits the text.
    #[serde(skip)]
    pub folded: FoldCache,
}

impl Document {
    /// A document with this text and no metadata yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// The text under `span` (empty when the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    pub fn warn(&mut self, message: impl Into<String>, span: Option<Span>) {
        self.diagnostics
            .push(Diagnostic::new(Level::Warning, message, span));
    }

    pub fn info(&mut self, message: impl Into<String>, span: Option<Span>) {
        self.diagnostics
            .push(Diagnostic::new(Level::Info, message, span));
    }

    /// The lowercased text the segmenter stored, if it still fits the text (see [`Folded`]).
    pub fn folded(&self) -> Option<&Folded> {
        self.folded.0.as_deref().filter(|f| f.fits(&self.text))
    }

    /// The stored [`Folded`] text, shared, if it still fits the text: a stage that reads it while
    /// appending to the document holds this instead of a borrow of the document.
    pub fn folded_shared(&self) -> Option<std::sync::Arc<Folded>> {
        self.folded.0.clone().filter(|f| f.fits(&self.text))
    }

    /// Indices of the tokens inside `span`, found by binary search (tokens are kept sorted).
    pub fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        let lo = self.tokens.partition_point(|t| t.span.start < span.start);
        let hi = self.tokens.partition_point(|t| t.span.end <= span.end);
        lo..hi.max(lo)
    }

    /// Index of the sentence that contains byte `pos`, if any.
    pub fn sentence_at(&self, pos: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }

    /// The first span that breaks the model's promise, described: every sentence and token
    /// span lies on the text's character boundaries, and every entity, time and quantity reads
    /// back its own `text` through its span. `None` when all hold. The no-panic test and the
    /// pipeline fuzz target ask it of every document they analyse; a stage's bug in byte
    /// arithmetic shows here as a span, before a consumer slices the text and panics.
    pub fn span_error(&self) -> Option<String> {
        let text = self.text.as_str();
        let reads_back = |span: Span, own: &str| text.get(span.range()) == Some(own);
        let bounded = |span: &Span| text.get(span.range()).is_some();
        if let Some(s) = self
            .sentences
            .iter()
            .chain(self.tokens.iter().map(|t| &t.span))
            .find(|s| !bounded(s))
        {
            return Some(format!("sentence or token span {s:?} off the text"));
        }
        if let Some(e) = self.entities.iter().find(|e| !reads_back(e.span, &e.text)) {
            return Some(format!(
                "entity {:?} at {:?}: its span reads something else",
                e.text, e.span
            ));
        }
        if let Some(t) = self.times.iter().find(|t| !reads_back(t.span, &t.text)) {
            return Some(format!(
                "time {:?} at {:?}: its span reads something else",
                t.text, t.span
            ));
        }
        if let Some(q) = self
            .quantities
            .iter()
            .find(|q| !reads_back(q.span, &q.text))
        {
            return Some(format!(
                "quantity {:?} at {:?}: its span reads something else",
                q.text, q.span
            ));
        }
        None
    }
}

/// What kind of token a word-level piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
    Date,
}

/// A word-level token: a span and its kind. The text is read through the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// How severe a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// Something a stage dropped, converted or was unsure about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn new(level: Level, message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            level,
            message: message.into(),
            span,
        }
    }
}

/// The kind of an entity mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Country,
    Place,
    Org,
    Media,
    Group,
}

/// An actor or place mention, linked to what it refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub span: Span,
    pub text: String,
    pub kind: EntityKind,
    /// Wikidata Q-id when known, else a stable pack id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// ISO 3166-1 alpha-3, or `IGO` for international organisations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// PLOVER sector code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Index of the entity this mention corefers with (an earlier, fuller mention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coref: Option<usize>,
    /// Why this reading was chosen when the mention was ambiguous (the rule or context that decided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Entity {
    /// A mention that names itself and is linked to nothing: its span, its text (also its name),
    /// its kind and the note saying which rule read it so; every other field empty. The actor
    /// stage makes such readings in many places (a rule's name, a short form with no referent,
    /// an institution inside a title) and fills in what it knows with struct update syntax.
    pub fn unlinked(span: Span, text: &str, kind: EntityKind, note: impl Into<String>) -> Entity {
        Entity {
            span,
            text: text.to_string(),
            kind,
            id: None,
            name: Some(text.to_string()),
            country: None,
            sector: None,
            cameo: None,
            lat: None,
            lon: None,
            coref: None,
            note: Some(note.into()),
        }
    }
}

/// A time expression and the interval it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Time {
    pub span: Span,
    pub text: String,
    /// TIMEX3 value: `2025-08-13`, `2025-04`, `2024`, `2024-FA`, `2025-W33`, `P3D`, `XXXX-WXX-3`.
    pub value: String,
    /// second, minute, hour, day, week, month, season, quarter, year, decade, century, duration.
    pub precision: String,
    /// First day (or instant) of the interval the value covers; `None` for open starts.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day (or instant) of the interval; `None` for open ends ("dallo scorso autunno").
    #[serde(default)]
    pub to: Option<String>,
    /// The rule that produced this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// An amount found in the text, with its bounds and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub span: Span,
    pub text: String,
    pub value: f64,
    #[serde(default)]
    pub approximate: bool,
    /// Lower bound, when the text gives one ("almeno 30", "decine" → 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper bound ("fino a 30", "decine" → 99).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Normalised unit: soldier, death, injured, protester, person, EUR, USD, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A PLOVER event with its roles and the evidence for each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_type: String,
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    pub source: Vec<Entity>,
    pub target: Vec<Entity>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub attribution: Option<Attribution>,
    pub modality: Modality,
    pub quantity: Option<EventQuantity>,
    pub trigger: Trigger,
    pub sentence: Span,
    pub confidence: f32,
    /// Goldstein scale value of the event's CAMEO code (-10 conflict … +10 cooperation), set by the
    /// events stage from the ontology table so the store can sum it by dyad and month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    /// Further sentences of the same article that state the same event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    pub value: String,
    pub precision: String,
    /// `text` when a time expression dated the event, `publication` when it fell back.
    pub basis: String,
    /// Index into the document's `times` of the expression that dated it.
    #[serde(default)]
    pub time: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    pub span: Span,
    pub country: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub text: String,
    pub span: Span,
    pub country: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    #[default]
    Asserted,
    Future,
    Negated,
    Hypothetical,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventQuantity {
    pub value: f64,
    pub approximate: bool,
    pub unit: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub text: String,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_error_finds_a_span_inside_a_character_or_reading_other_text() {
        let mut d = Document::new("x", "Città di Roma");
        d.sentences.push(Span::new(0, 14));
        d.entities.push(Entity::unlinked(
            Span::new(10, 14),
            "Roma",
            EntityKind::Place,
            "t",
        ));
        assert_eq!(d.span_error(), None);
        // (Byte 5 is inside "à".)
        d.tokens.push(Token {
            span: Span::new(0, 5),
            kind: TokenKind::Word,
        });
        assert!(d.span_error().unwrap().contains("token"));
        d.tokens.clear();
        d.entities[0].text = "Rome".into();
        assert!(d.span_error().unwrap().contains("Rome"));
        d.entities.clear();
        d.sentences.push(Span::new(0, 99));
        assert!(d.span_error().is_some());
    }

    #[test]
    fn contract_field_names() {
        let mut d = Document::new("x", "Kim ha telefonato.");
        d.lang = Some("it".into());
        d.sentences.push(Span::new(0, 18));
        let v = serde_json::to_value(&d).unwrap();
        for k in [
            "id",
            "lang",
            "published",
            "text",
            "sentences",
            "entities",
            "times",
            "events",
            "diagnostics",
        ] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        assert!(v["published"].is_null());
        assert_eq!(v["sentences"], serde_json::json!([[0, 18]]));
    }

    #[test]
    fn tokens_in_and_sentence_at() {
        let mut d = Document::new("x", "ab cd. ef");
        d.sentences = vec![Span::new(0, 6), Span::new(7, 9)];
        d.tokens = [(0, 2), (3, 5), (5, 6), (7, 9)]
            .iter()
            .map(|&(s, e)| Token {
                span: Span::new(s, e),
                kind: TokenKind::Word,
            })
            .collect();
        assert_eq!(d.tokens_in(d.sentences[0]), 0..3);
        assert_eq!(d.tokens_in(d.sentences[1]), 3..4);
        assert_eq!(d.sentence_at(4), Some(0));
        assert_eq!(d.sentence_at(6), None);
        assert_eq!(d.sentence_at(8), Some(1));
    }
}
