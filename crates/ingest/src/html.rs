//! News pages: main text and metadata.
//!
//! Main text comes from `dom_smoothie` (a Readability port), chosen over the `trafilatura` port
//! because it extracts at about 22 MB/s against 4 MB/s measured on these machines (stack.md),
//! and ingest must keep up with tens of MB/s. What it lets through is the odd furniture line
//! ("Leggi anche", "Condividi"), which the pipeline's furniture step (`Segmenter::clean`, rules
//! in `packs/<lang>/segment/furniture.tsv`) removes afterwards, so the speed costs little
//! cleanliness. Its text is taken in "formatted" mode: paragraphs stay on
//! their own lines, which segmentation needs.
//!
//! Metadata is read here, from the same parsed tree, before extraction changes it: JSON-LD
//! `NewsArticle` first (the publisher's own structured record), then OpenGraph and
//! `article:published_time`, then `<time datetime>`, `<title>` and `<html lang>`.

use crate::error::ErrorKind;
use annalist_doc::Document;
use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

/// Pages with more elements than this are not given to the extractor (its scoring is
/// super-linear in the worst case); their text is read without it.
const MAX_ELEMENTS: usize = 50_000;

/// Elements never part of an article's text. `<form>` is not here: some sites wrap the whole
/// page in one.
const FURNITURE: &str = "script, style, noscript, template, iframe, nav, aside, footer, \
     [role=navigation], [role=contentinfo], [role=complementary]";

/// Extracts documents from HTML pages. Holds no state today: a struct so that extraction
/// settings have one place to live.
#[derive(Debug, Default)]
pub struct HtmlExtractor {}

/// Page metadata, each field from the most trustworthy place that has it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
}

impl HtmlExtractor {
    pub fn new() -> Self {
        HtmlExtractor {}
    }

    /// A document from a page's markup.
    pub fn document(&self, html: &str) -> Result<Document, ErrorKind> {
        let dom = Dom::from(html);
        let meta = page_meta(&dom);
        // Elements that are furniture by definition go before scoring: on a short page the
        // extractor keeps the whole body, navigation included.
        dom.select(FURNITURE).remove();
        let cfg = Config {
            text_mode: TextMode::Formatted,
            max_elements_to_parse: MAX_ELEMENTS,
            ..Config::default()
        };
        let (raw, how) =
            match Readability::with_document(dom, None, Some(cfg)).and_then(|mut r| r.parse()) {
                Ok(article) => (article.text_content.to_string(), "dom_smoothie"),
                // Short pages (a brief, a fragment) fail the extractor's length thresholds: their
                // whole body, less obvious furniture elements, is the text.
                Err(_) => (
                    fallback_text(html),
                    "whole body (extractor found no article)",
                ),
            };
        let text = tidy(&raw);
        if crate::text::is_blank(&text) {
            return Err(ErrorKind::EmptyHtml);
        }
        let mut doc = Document::new(String::new(), text);
        doc.title = meta.title;
        doc.outlet = meta.outlet;
        doc.url = meta.url;
        doc.published = meta.published;
        doc.lang = meta.lang;
        doc.info(format!("HTML main text from {how}"), None);
        Ok(doc)
    }
}

/// Text of a page with scripts, navigation, headers, footers, forms and asides removed.
fn fallback_text(html: &str) -> String {
    let dom = Dom::from(html);
    dom.select(FURNITURE).remove();
    dom.select("header, form").remove();
    let body = dom.select("body");
    if body.exists() {
        body.formatted_text().to_string()
    } else {
        dom.formatted_text().to_string()
    }
}

/// Plain text of an HTML fragment (a feed item's content), paragraphs on their own lines.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy(html);
    }
    let dom = Dom::fragment(html);
    dom.select("script, style").remove();
    tidy(&dom.formatted_text())
}

/// Trims each line, collapses runs of blank lines into one, and drops leading/trailing blanks:
/// the paragraph structure stays, the extractor's indentation goes.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut space = false;
        for c in line.chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

fn attr_of(dom: &Dom, sel: &str, attr: &str) -> Option<String> {
    dom.select(sel)
        .nodes()
        .iter()
        .filter_map(|n| n.attr(attr))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

fn meta_content(dom: &Dom, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        attr_of(dom, &format!("meta[property=\"{k}\"]"), "content")
            .or_else(|| attr_of(dom, &format!("meta[name=\"{k}\"]"), "content"))
    })
}

/// Reads the page's metadata without changing the tree.
pub fn page_meta(dom: &Dom) -> PageMeta {
    let ld = json_ld_article(dom);
    let ld_str = |path: &[&str]| -> Option<String> {
        let mut v = ld.as_ref()?;
        for p in path {
            v = match v {
                Value::Array(a) => a.first()?.get(p)?,
                _ => v.get(p)?,
            };
        }
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Array(a) => a.first()?.as_str().map(|s| s.trim().to_string()),
            _ => None,
        }
    };
    let title_tag = dom
        .select("title")
        .nodes()
        .first()
        .map(|n| n.text().trim().to_string())
        .filter(|t| !t.is_empty());
    PageMeta {
        title: ld_str(&["headline"])
            .or_else(|| meta_content(dom, &["og:title", "twitter:title"]))
            .or(title_tag)
            .map(|t| tidy(&t)),
        outlet: meta_content(dom, &["og:site_name"])
            .or_else(|| ld_str(&["publisher", "name"]))
            .map(|t| tidy(&t)),
        url: meta_content(dom, &["og:url"])
            .or_else(|| ld_str(&["url"]))
            .or_else(|| attr_of(dom, "link[rel=\"canonical\"]", "href")),
        published: meta_content(dom, &["article:published_time"])
            .or_else(|| ld_str(&["datePublished"]))
            .or_else(|| attr_of(dom, "time[datetime]", "datetime"))
            .or_else(|| meta_content(dom, &["date", "pubdate", "DC.date.issued", "dc.date"])),
        lang: attr_of(dom, "html", "lang")
            .or_else(|| meta_content(dom, &["og:locale"]))
            .and_then(|l| primary_language(&l)),
    }
}

/// `it-IT`, `it_IT`, `IT` → `it`; anything that is not a 2–3 letter code → `None`.
pub(crate) fn primary_language(tag: &str) -> Option<String> {
    let p = tag.trim().split(['-', '_']).next()?;
    (matches!(p.len(), 2 | 3) && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| p.to_ascii_lowercase())
}

/// The article object of the page's JSON-LD blocks: the first whose `@type` names an article
/// kind, looked for at the top level, in arrays and in `@graph`.
fn json_ld_article(dom: &Dom) -> Option<Value> {
    for node in dom.select("script[type=\"application/ld+json\"]").nodes() {
        let text = node.text();
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        if let Some(found) = find_article(v, 0) {
            return Some(found);
        }
    }
    None
}

fn is_article_type(t: &Value) -> bool {
    let names: Vec<&str> = match t {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    names
        .iter()
        .any(|n| n.ends_with("Article") || *n == "Report")
}

fn find_article(v: Value, depth: usize) -> Option<Value> {
    if depth > 4 {
        return None;
    }
    match v {
        Value::Array(items) => items.into_iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(mut o) => {
            if o.get("@type").is_some_and(is_article_type) {
                return Some(Value::Object(o));
            }
            o.remove("@graph").and_then(|g| find_article(g, depth + 1))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_paragraphs() {
        assert_eq!(tidy("\n  a   b \n\n\n  c\n \n"), "a b\n\nc");
        assert_eq!(tidy(""), "");
    }

    #[test]
    fn lang_codes() {
        assert_eq!(primary_language("it-IT").as_deref(), Some("it"));
        assert_eq!(primary_language("EN_us").as_deref(), Some("en"));
        assert_eq!(primary_language("x"), None);
    }

    #[test]
    fn fragments() {
        assert_eq!(
            fragment_text("<p>Uno &amp; due</p><p>Tre</p>"),
            "Uno & due\n\nTre"
        );
        assert_eq!(fragment_text("solo testo"), "solo testo");
    }
}
