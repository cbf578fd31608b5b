//! RSS and Atom feeds through `feed-rs`: one document per item or entry.
//!
//! The feed is parsed whole (feeds are small, a page of items); each item becomes a document or,
//! when it has no text, an error naming the item's number, so one empty item loses no other.

use crate::error::ErrorKind;
use crate::html::{fragment_text, primary_language};
use annalist_doc::Document;

/// The documents of a feed, or per item an error; `Err` for a feed that does not parse.
pub fn documents(bytes: &[u8]) -> Result<Vec<Result<Document, ErrorKind>>, ErrorKind> {
    // feed-rs invents ids for items without one (a random UUID by default): an empty id here
    // lets the text hash stand in, so the same feed always gives the same ids.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| ErrorKind::Feed(e.to_string()))?;
    let outlet = feed
        .title
        .as_ref()
        .map(|t| fragment_text(&t.content))
        .filter(|t| !t.is_empty());
    let feed_lang = feed.language.as_deref().and_then(primary_language);
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let body = e
                .content
                .as_ref()
                .and_then(|c| c.body.as_deref())
                .map(fragment_text)
                .filter(|t| !crate::text::is_blank(t))
                .or_else(|| {
                    e.summary
                        .as_ref()
                        .map(|s| fragment_text(&s.content))
                        .filter(|t| !crate::text::is_blank(t))
                });
            let Some(text) = body else {
                return Err(ErrorKind::NoText(
                    "feed item has no content or summary".into(),
                ));
            };
            let mut doc = Document::new(e.id.trim().to_string(), text);
            doc.title = e
                .title
                .as_ref()
                .map(|t| fragment_text(&t.content))
                .filter(|t| !t.is_empty());
            doc.url = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.clone());
            doc.published = e.published.or(e.updated).map(|d| d.to_rfc3339());
            doc.outlet = outlet.clone();
            doc.lang = e
                .language
                .as_deref()
                .and_then(primary_language)
                .or_else(|| feed_lang.clone());
            Ok(doc)
        })
        .collect())
}
