//! Choosing a reader for an input: by file extension when it says, else by the first bytes.

/// The formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// One document per file; the first line may be the headline.
    Text,
    /// A news page: main text and metadata extracted.
    Html,
    /// One JSON object per line, each a document.
    Jsonl,
    /// RSS 2.0, RSS 1.0 or Atom: one document per item or entry.
    Feed,
}

impl Format {
    /// The format a file extension names (lower case, without the dot), if it names one.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "rss" | "atom" => Format::Feed,
            _ => return None,
        })
    }

    /// Parses a `--format` value: `text`, `html`, `jsonl`, `feed` (or `rss`, `atom`).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" | "txt" => Format::Text,
            "html" => Format::Html,
            "jsonl" | "json" | "ndjson" => Format::Jsonl,
            "feed" | "rss" | "atom" => Format::Feed,
            _ => return None,
        })
    }
}

/// How many leading bytes sniffing looks at.
pub const SNIFF_LEN: usize = 1024;

/// The format of a text from its first characters: a JSON object, a feed root element, an HTML
/// page, or else plain text. An XML declaration, comments and a doctype are looked past.
pub fn sniff(head: &[u8]) -> Format {
    let head = &head[..head.len().min(SNIFF_LEN)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.first() == Some(&b'{') {
        return Format::Jsonl;
    }
    if head.first() != Some(&b'<') {
        return Format::Text;
    }
    let lower = head.to_ascii_lowercase();
    let mut rest: &[u8] = &lower;
    // Skip `<?xml …?>`, `<!-- … -->` and a doctype to reach the root element.
    loop {
        let trimmed = trim_ws(rest);
        if trimmed.starts_with(b"<!doctype html") || trimmed.starts_with(b"<html") {
            return Format::Html;
        }
        if trimmed.starts_with(b"<rss")
            || trimmed.starts_with(b"<feed")
            || trimmed.starts_with(b"<rdf:rdf")
        {
            return Format::Feed;
        }
        let close: &[u8] = if trimmed.starts_with(b"<?") {
            b"?>"
        } else if trimmed.starts_with(b"<!--") {
            b"-->"
        } else if trimmed.starts_with(b"<!") {
            b">"
        } else {
            break;
        };
        match memchr::memmem::find(trimmed, close) {
            Some(i) => rest = &trimmed[i + close.len()..],
            None => break,
        }
    }
    // Tag soup without an `<html>` root (a fragment saved from a page) is still HTML.
    const HTML_TAGS: [&[u8]; 6] = [b"<head", b"<body", b"<div", b"<p>", b"<meta", b"<article"];
    if HTML_TAGS
        .iter()
        .any(|t| memchr::memmem::find(&lower, t).is_some())
    {
        Format::Html
    } else {
        Format::Text
    }
}

fn trim_ws(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[s..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"  {\"text\":\"x\"}\n"), Format::Jsonl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            sniff(b"<?xml version='1.0'?><!-- c --><feed xmlns="),
            Format::Feed
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<!DOCTYPE html><html lang=it>"),
            Format::Html
        );
        assert_eq!(sniff(b"<HTML><BODY>"), Format::Html);
        assert_eq!(
            sniff(b"Kim telefona a Putin\n\nROMA. Il leader"),
            Format::Text
        );
        assert_eq!(sniff(b"<b>not a page"), Format::Text);
        assert_eq!(sniff(b""), Format::Text);
    }

    #[test]
    fn extensions() {
        assert_eq!(Format::from_extension("JSONL"), Some(Format::Jsonl));
        assert_eq!(Format::from_extension("gz"), None);
        assert_eq!(Format::from_name("atom"), Some(Format::Feed));
    }
}
