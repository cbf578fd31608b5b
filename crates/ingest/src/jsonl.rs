//! JSON Lines: one object per line with `text` and optional metadata.
//!
//! Known fields: `id`, `title`, `url`, `published` (alias `date`), `lang`, `outlet` (alias
//! `source`). Every other field is kept in `Document::extra` and passed through unchanged, so a
//! corpus's own labels (`topic`, `places` …) survive to the output.

use crate::error::ErrorKind;
use annalist_doc::Document;
use serde_json::{Map, Value};

/// A document from one line (without its line end).
pub fn document(line: &str) -> Result<Document, ErrorKind> {
    let mut obj: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(o)) => o,
        Ok(other) => {
            return Err(ErrorKind::Json(format!(
                "expected an object, found {}",
                kind_name(&other)
            )))
        }
        Err(e) => return Err(ErrorKind::Json(e.to_string())),
    };
    let text = match obj.remove("text") {
        Some(Value::String(s)) => crate::text::clean(s),
        Some(v) => {
            return Err(ErrorKind::NoText(format!(
                "\"text\" is {}, not a string",
                kind_name(&v)
            )))
        }
        None => return Err(ErrorKind::NoText("no \"text\" field".into())),
    };
    if crate::text::is_blank(&text) {
        return Err(ErrorKind::NoText("\"text\" is empty".into()));
    }
    let mut doc = Document::new(String::new(), text);
    let mut notes = Vec::new();
    if let Some(id) = take(&mut obj, &["id"], &mut notes, true) {
        doc.id = id;
    }
    doc.title = take(&mut obj, &["title"], &mut notes, false);
    doc.url = take(&mut obj, &["url"], &mut notes, false);
    doc.published = take(&mut obj, &["published", "date"], &mut notes, true);
    doc.lang = take(&mut obj, &["lang"], &mut notes, false);
    doc.outlet = take(&mut obj, &["outlet", "source"], &mut notes, false);
    for n in notes {
        doc.warn(n, None);
    }
    doc.extra = obj;
    Ok(doc)
}

/// Removes the first of `keys` present and returns it as a string. A value of another type is
/// put back (it stays in `extra`) with a note; numbers are accepted where `numbers` says so.
fn take(
    obj: &mut Map<String, Value>,
    keys: &[&str],
    notes: &mut Vec<String>,
    numbers: bool,
) -> Option<String> {
    let key = keys.iter().find(|k| obj.contains_key(**k))?;
    match obj.remove(*key)? {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_owned())
        }
        Value::Number(n) if numbers => Some(n.to_string()),
        Value::Null => None,
        other => {
            notes.push(format!(
                "field {key:?} is {}, not a string; kept in extra",
                kind_name(&other)
            ));
            obj.insert((*key).to_owned(), other);
            None
        }
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_aliases() {
        let d = document(
            r#"{"source":"ansa","lang":"it","id":57,"text":"Testo.","title":"T","date":"2011-02-13","places":["Roma"],"topic":"x"}"#,
        )
        .unwrap();
        assert_eq!(d.id, "57");
        assert_eq!(d.outlet.as_deref(), Some("ansa"));
        assert_eq!(d.published.as_deref(), Some("2011-02-13"));
        assert_eq!(d.title.as_deref(), Some("T"));
        assert_eq!(d.lang.as_deref(), Some("it"));
        assert_eq!(d.extra.len(), 2);
        assert_eq!(d.extra["places"], serde_json::json!(["Roma"]));
    }

    #[test]
    fn published_wins_over_date() {
        let d = document(r#"{"text":"x","published":"2025-01-01","date":"1999"}"#).unwrap();
        assert_eq!(d.published.as_deref(), Some("2025-01-01"));
        assert_eq!(d.extra["date"], "1999");
    }

    #[test]
    fn errors() {
        assert!(matches!(document("{\"text\": "), Err(ErrorKind::Json(_))));
        assert!(matches!(document("[1,2]"), Err(ErrorKind::Json(_))));
        assert!(matches!(
            document(r#"{"text":"  "}"#),
            Err(ErrorKind::NoText(_))
        ));
        assert!(matches!(
            document("{\"text\":\"\\ufeff\"}"),
            Err(ErrorKind::NoText(_))
        ));
        assert!(matches!(
            document(r#"{"text":3}"#),
            Err(ErrorKind::NoText(_))
        ));
        assert!(matches!(
            document(r#"{"id":"a"}"#),
            Err(ErrorKind::NoText(_))
        ));
    }

    #[test]
    fn odd_types_kept() {
        let d = document(r#"{"text":"x","title":["a"]}"#).unwrap();
        assert_eq!(d.title, None);
        assert_eq!(d.extra["title"], serde_json::json!(["a"]));
        assert_eq!(d.diagnostics.len(), 1);
    }
}
