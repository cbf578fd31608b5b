//! Bytes to text: BOM first, then UTF-8 validity, then `chardetng`'s guess, converted with
//! `encoding_rs`. The order matters: a BOM is certain, valid UTF-8 of any length is almost
//! certainly UTF-8, and only what is left needs a statistical guess.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text, and what was converted (for a diagnostic on the document), if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// E.g. "converted from windows-1252 (detected)"; `None` for plain UTF-8.
    pub note: Option<String>,
}

/// Share of control characters above which decoded text is taken for binary data.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Decodes `bytes` as text, or says why it is binary.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    decode_with_hint(bytes, None)
}

/// Like [`decode`], with an encoding declared by the input itself (an HTML `charset`), used for
/// bytes that are not valid UTF-8 in place of the statistical guess.
pub fn decode_with_hint(bytes: &[u8], hint: Option<&'static Encoding>) -> Result<Decoded, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let mut note = (enc != UTF_8).then(|| format!("converted from {} (BOM)", enc.name()));
        if had_errors {
            note = Some(format!(
                "{}; invalid byte sequences replaced",
                note.unwrap_or_else(|| "UTF-8 with BOM".into())
            ));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            note,
        });
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err(looks_utf16(bytes)
            .map(|e| format!("NUL bytes (looks like {} without a BOM)", e.name()))
            .unwrap_or_else(|| "contains NUL bytes".into()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        check_controls(s)?;
        return Ok(Decoded {
            text: s.to_owned(),
            note: None,
        });
    }
    let (enc, how) = match hint {
        Some(e) if e != UTF_8 && e != UTF_16LE && e != UTF_16BE => (e, "declared"),
        _ => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            (det.guess(None, false), "detected")
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    check_controls(&text)?;
    let mut note = format!("converted from {} ({how})", enc.name());
    if had_errors {
        note.push_str("; invalid byte sequences replaced");
    }
    Ok(Decoded {
        text: text.into_owned(),
        note: Some(note),
    })
}

/// Text of a binary file decodes to many control characters in any single-byte encoding.
fn check_controls(s: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in s.chars().take(65536) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            controls += 1;
        }
    }
    if total > 0 && controls as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(format!(
            "{controls} control characters in the first {total} characters"
        ));
    }
    Ok(())
}

/// Mostly-ASCII UTF-16 without a BOM has a NUL in every other byte; named only in the error
/// message, since guessing the byte order of a whole file from that is too weak to convert on.
fn looks_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in bytes[..n].chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let half = n / 2;
    if odd * 10 >= half * 9 && even * 10 < half {
        Some(UTF_16LE)
    } else if even * 10 >= half * 9 && odd * 10 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The `charset` an HTML page declares in its first 2 KB (`<meta charset="…">` or
/// `content="text/html; charset=…"`), if any.
pub fn html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset=")? + b"charset=".len();
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_untouched() {
        let d = decode("città è già".as_bytes()).unwrap();
        assert_eq!(d.text, "città è già");
        assert_eq!(d.note, None);
    }

    #[test]
    fn latin1_detected() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("La città è già più forte: perché, però, così.");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "La città è già più forte: perché, però, così.");
        assert!(d.note.unwrap().contains("windows-1252"));
    }

    #[test]
    fn utf16_with_bom() {
        for (bom, be) in [([0xFFu8, 0xFE], false), ([0xFE, 0xFF], true)] {
            let mut bytes = bom.to_vec();
            for u in "Kim è qui".encode_utf16() {
                let b = if be { u.to_be_bytes() } else { u.to_le_bytes() };
                bytes.extend_from_slice(&b);
            }
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, "Kim è qui");
            assert!(d.note.unwrap().contains("UTF-16"));
        }
    }

    #[test]
    fn binary_rejected() {
        assert!(decode(&[0x7f, b'E', b'L', b'F', 0, 0, 1, 2]).is_err());
        let noise: Vec<u8> = (0..512u32).map(|i| (i * 7 % 32) as u8 | 0x80).collect();
        // High bytes alone decode as letters in windows-1252; mix in C0 controls too.
        let mut mixed = noise.clone();
        mixed.extend((0..512u32).map(|i| (i % 8 + 1) as u8));
        assert!(decode(&mixed).is_err());
    }

    #[test]
    fn charset_declared() {
        let page = b"<html><head><meta charset=\"ISO-8859-1\"></head>";
        assert_eq!(html_charset(page), Some(encoding_rs::WINDOWS_1252));
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=windows-1252'>";
        assert_eq!(html_charset(page), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(html_charset(b"<html>"), None);
    }
}
