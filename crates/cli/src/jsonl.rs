//! One document as one line of JSON, byte for byte what `serde_json::to_writer` writes, with the
//! article text escaped eight bytes at a time.
//!
//! `extract` wrote each document through serde_json, whose string escaping tests and branches on
//! every byte: writing the output cost, per article, about 60% of the event stage's
//! instructions, and escaping the article text (the longest string of a document by far) was
//! about a quarter of that (callgrind, 1,000 news articles). Here the document is serialised by serde_json with its
//! text left empty, and the text is escaped into the place of the empty string: a run of eight
//! bytes with no quote, backslash or control character (nearly all of them) is copied whole.

use std::io::Write;

use annalist_doc::Document;

/// The text field as serde_json writes it for an empty text. No string value can hold these
/// bytes (inside a JSON string every quote is escaped, so no quote is followed by a colon), so
/// the first match is the field itself.
const EMPTY_TEXT: &[u8] = b"\"text\":\"\"";

/// Writes `d` as serde_json's compact form, without the line break. `buf` and `esc` are
/// buffers kept by the caller across documents.
pub fn write_document(
    out: &mut impl Write,
    d: &mut Document,
    buf: &mut Vec<u8>,
    esc: &mut Vec<u8>,
) -> std::io::Result<()> {
    buf.clear();
    let text = std::mem::take(&mut d.text);
    let r = serde_json::to_writer(&mut *buf, &*d);
    d.text = text;
    r?;
    let Some(at) = buf.windows(EMPTY_TEXT.len()).position(|w| w == EMPTY_TEXT) else {
        // (no text field: a model without one is written by serde_json alone)
        return serde_json::to_writer(out, &*d).map_err(std::io::Error::from);
    };
    // up to the colon, the text in place of the empty string, then the rest
    let open = at + EMPTY_TEXT.len() - 2;
    esc.clear();
    escape_into(esc, &d.text);
    out.write_all(&buf[..open])?;
    out.write_all(esc)?;
    out.write_all(&buf[open + 2..])
}

/// Bytes of a JSON string that need an escape: control characters, the quote, the backslash.
#[inline]
fn escape_of(b: u8) -> Option<&'static [u8]> {
    const ESC: [&[u8]; 32] = [
        b"\\u0000", b"\\u0001", b"\\u0002", b"\\u0003", b"\\u0004", b"\\u0005", b"\\u0006",
        b"\\u0007", b"\\b", b"\\t", b"\\n", b"\\u000b", b"\\f", b"\\r", b"\\u000e", b"\\u000f",
        b"\\u0010", b"\\u0011", b"\\u0012", b"\\u0013", b"\\u0014", b"\\u0015", b"\\u0016",
        b"\\u0017", b"\\u0018", b"\\u0019", b"\\u001a", b"\\u001b", b"\\u001c", b"\\u001d",
        b"\\u001e", b"\\u001f",
    ];
    match b {
        b'"' => Some(b"\\\""),
        b'\\' => Some(b"\\\\"),
        0..=0x1f => Some(ESC[b as usize]),
        _ => None,
    }
}

/// Whether any of the eight bytes of `x` is below 0x20, a quote or a backslash (exact for the
/// word as a whole, which is all that is asked: a flagged word is then read byte by byte).
#[inline]
fn any_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = x.wrapping_sub(ONES * 0x20) & !x;
    let q = x ^ (ONES * b'"' as u64);
    let quote = q.wrapping_sub(ONES) & !q;
    let s = x ^ (ONES * b'\\' as u64);
    let slash = s.wrapping_sub(ONES) & !s;
    (below | quote | slash) & HIGH != 0
}

/// `s` as a JSON string (with its quotes), escaped as serde_json escapes it.
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut run = 0;
    let mut i = 0;
    let byte_by_byte = |out: &mut Vec<u8>, run: &mut usize, from: usize, to: usize| {
        for (j, &c) in b.iter().enumerate().take(to).skip(from) {
            if let Some(e) = escape_of(c) {
                out.extend_from_slice(&b[*run..j]);
                out.extend_from_slice(e);
                *run = j + 1;
            }
        }
    };
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        if any_escape(u64::from_le_bytes(w)) {
            byte_by_byte(out, &mut run, i, i + 8);
        }
        i += 8;
    }
    byte_by_byte(out, &mut run, i, b.len());
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).expect("a string serialises")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("caff\u{e8} \u{201c}citt\u{e0}\u{201d} \u{2019} \u{1f600} \u{7f}");
        let mut cases = vec![
            String::new(),
            "a".into(),
            "\"".into(),
            "\\".into(),
            "twelve bytes".into(),
            "line one\nline two\r\n\ttabbed \"quoted\" back\\slash".into(),
            all.clone(),
        ];
        // every offset of a special byte against the eight-byte words
        for k in 0..17 {
            for c in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                let mut s = "x".repeat(k);
                s.push(c);
                s.push_str(&"y".repeat(17 - k));
                cases.push(s);
            }
        }
        for s in &cases {
            let mut out = Vec::new();
            escape_into(&mut out, s);
            assert_eq!(out, serde(s), "{s:?}");
        }
    }

    #[test]
    fn the_word_test_flags_exactly_the_words_with_a_special_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut w = [b'a'; 8];
                w[at] = b;
                let special = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(any_escape(u64::from_le_bytes(w)), special, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn documents_are_written_as_serde_json_writes_them() {
        let mut d = Document {
            id: "a\"text\":\"\" id".into(),
            lang: Some("it".into()),
            title: Some("\"text\":\"\"".into()),
            text: "Roma, 3 mar - \"Il governo\" ha detto:\n\tno.\u{1}".into(),
            ..Document::default()
        };
        d.extra
            .insert("text2".into(), serde_json::Value::String("x\ny".into()));
        for text in [d.text.clone(), String::new()] {
            d.text = text;
            let (mut out, mut buf, mut esc) = (Vec::new(), Vec::new(), Vec::new());
            write_document(&mut out, &mut d, &mut buf, &mut esc).expect("written");
            assert_eq!(out, serde_json::to_vec(&d).expect("serialised"));
        }
    }
}
