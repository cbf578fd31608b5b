//! Plain text files: one document each, the first line taken as headline when it looks like one.

use annalist_doc::Document;

/// Longest first line (in characters) still taken for a headline.
const MAX_TITLE_CHARS: usize = 200;

/// Normalises line ends to `\n` and drops a leading BOM, so spans do not depend on the platform
/// an article was saved on.
pub fn clean(text: String) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else if t.len() != text.len() {
        t.to_owned()
    } else {
        text
    }
}

/// The headline of a plain text: its first non-blank line when it is short, has no final period
/// and more text follows. It stays in the text, so spans still cover it.
pub fn headline(text: &str) -> Option<&str> {
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next()?;
    let more = lines.any(|l| !l.is_empty());
    let short = first.chars().count() <= MAX_TITLE_CHARS;
    let sentence_end = first.ends_with(['.', ';', ',', ':']) && !first.ends_with("...");
    (more && short && !sentence_end).then_some(first)
}

/// Whether a text has nothing to read: only white space and invisible format characters
/// (BOMs, zero-width spaces), which `str::trim` keeps.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
            )
    })
}

/// A document from a text file's contents.
pub fn document(text: String) -> Document {
    let text = clean(text);
    let title = headline(&text).map(str::to_owned);
    let mut doc = Document::new(String::new(), text);
    doc.title = title;
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_rules() {
        assert_eq!(
            headline("Kim telefona a Putin\n\nROMA. Il leader nordcoreano…"),
            Some("Kim telefona a Putin")
        );
        assert_eq!(headline("\n  Titolo  \r\ncorpo"), Some("Titolo"));
        assert_eq!(headline("Una frase intera.\nAltra frase."), None);
        assert_eq!(headline("Solo una riga"), None);
        assert_eq!(headline(&format!("{}\ncorpo", "x".repeat(201))), None);
        assert_eq!(headline(""), None);
    }

    #[test]
    fn clean_line_ends() {
        assert_eq!(clean("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
        let d = document("Titolo\r\n\r\nTesto.".into());
        assert_eq!(d.text, "Titolo\n\nTesto.");
        assert_eq!(d.title.as_deref(), Some("Titolo"));
    }
}
