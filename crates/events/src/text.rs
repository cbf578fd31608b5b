//! Cheap text helpers: same-length lowercasing (so byte offsets stay valid) and a fallback
//! tokenizer/sentence splitter used when the segmentation stage has not run.

use annalist_doc::{Span, Token, TokenKind};

/// Lowercases characters whose lowercase has the same UTF-8 length; others stay as they are.
/// Offsets into the result are offsets into the original text.
///
/// News text is mostly ASCII: runs of ASCII bytes are copied and lowercased in bulk, and only the
/// other characters are decoded one by one (this runs over every byte of every article).
pub fn lower_same_len(text: &str) -> String {
    lower_same_len_marked(text).0
}

/// [`lower_same_len`], and whether the text holds a typographic apostrophe (U+2019), which the
/// events stage straightens in the few words that have one: seen on the way, so the text is not
/// searched again for it.
pub(crate) fn lower_same_len_marked(text: &str) -> (String, bool) {
    let mut curly = false;
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = ascii_run(&b[i..]);
        if run > 0 {
            let start = out.len();
            out.push_str(&text[i..i + run]);
            out[start..].make_ascii_lowercase();
            i += run;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\u{2019}' {
            // typographic apostrophe: same role as ', but 3 bytes; keep length by padding is
            // impossible, so keep it and let `norm_word` map it.
            curly = true;
            out.push(c);
            continue;
        }
        if let Some(lc) = common_lower(c) {
            // the accented letters and typographic marks of Italian and English news, without
            // a search of the Unicode case tables
            out.push(lc);
            continue;
        }
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(lc), None) if lc.len_utf8() == c.len_utf8() => out.push(lc),
            _ => out.push(c),
        }
    }
    (out, curly)
}

/// The lowercase of the commonest non-ASCII characters of news text, as `char::to_lowercase`
/// gives it (one character, same length): Latin-1 capitals À–Þ shift by 0x20 (× stays), Latin-1
/// lowercase letters and the General Punctuation block (quotes, dashes, ellipsis) are their own.
/// `None` for any other character.
#[inline]
fn common_lower(c: char) -> Option<char> {
    match c {
        '\u{c0}'..='\u{de}' if c != '\u{d7}' => char::from_u32(c as u32 + 0x20),
        '\u{d7}'..='\u{ff}' | '\u{2000}'..='\u{206f}' => Some(c),
        _ => None,
    }
}

/// Length of the ASCII prefix of `b`, tested eight bytes at a time.
fn ascii_run(b: &[u8]) -> usize {
    let mut n = 0;
    for c in b.chunks_exact(8) {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        if w & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    n + b[n..]
        .iter()
        .position(|x| !x.is_ascii())
        .unwrap_or(b.len() - n)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Word and punctuation tokens; an elided article or preposition ("l'", "dell'") is its own token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut digits = c.is_ascii_digit();
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) || (digits && (d == '.' || d == ',') && next_is_digit(text, j)) {
                    digits |= d.is_ascii_digit();
                    end = j + d.len_utf8();
                    it.next();
                } else if (d == '\'' || d == '\u{2019}') && !digits {
                    // elision: keep the apostrophe with the left part, split there
                    end = j + d.len_utf8();
                    it.next();
                    break;
                } else {
                    break;
                }
            }
            let kind = if text[i..end]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                span: Span::new(i, end),
                kind,
            });
        } else {
            out.push(Token {
                span: Span::new(i, i + c.len_utf8()),
                kind: TokenKind::Punct,
            });
        }
    }
    out
}

fn next_is_digit(text: &str, j: usize) -> bool {
    text[j + 1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
}

/// Sentences split at . ! ? followed by space and at line breaks (headlines have no full stop).
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let cut = match b {
            b'\n' => Some(i),
            b'.' | b'!' | b'?' => {
                (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\n')
                    .then_some(i + 1)
            }
            _ => None,
        };
        if let Some(end) = cut {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if s + lead < e - trail {
        out.push(Span::new(s + lead, e - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elision_and_numbers() {
        let t = "L'agenzia: 15mila soldati, 1.000 euro";
        let toks: Vec<&str> = tokenize(t).iter().map(|k| k.span.text(t)).collect();
        assert_eq!(
            toks,
            ["L'", "agenzia", ":", "15mila", "soldati", ",", "1.000", "euro"]
        );
        assert_eq!(lower_same_len("È Città"), "è città");
        // runs longer than a chunk, non-ASCII at every position of one, a lowercase that
        // changes length kept as it is, the typographic apostrophe kept
        let long = "ABCDEFGHIJKLMNOPQRSTUVWXYZ É\u{2019}ÀBCDEFGHİZ";
        assert_eq!(
            lower_same_len(long),
            "abcdefghijklmnopqrstuvwxyz é\u{2019}àbcdefghİz"
        );
        for k in 0..10 {
            let t = format!("{}Ü{}", "X".repeat(k), "Y".repeat(9 - k));
            assert_eq!(
                lower_same_len(&t),
                format!("{}ü{}", "x".repeat(k), "y".repeat(9 - k))
            );
        }
    }

    #[test]
    fn lowercasing_marks_the_typographic_apostrophe() {
        assert_eq!(
            lower_same_len_marked("L\u{2019}ONU HA DETTO"),
            ("l\u{2019}onu ha detto".to_string(), true)
        );
        assert_eq!(
            lower_same_len_marked("Nessun Apostrofo Curvo Qui"),
            ("nessun apostrofo curvo qui".to_string(), false)
        );
    }

    #[test]
    fn common_lower_is_the_unicode_lowercase() {
        for u in (0xa0..=0x24f).chain(0x2000..=0x206f) {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(lc) = common_lower(c) {
                let mut l = c.to_lowercase();
                assert_eq!((l.next(), l.next()), (Some(lc), None), "{c:?}");
                assert_eq!(lc.len_utf8(), c.len_utf8(), "{c:?}");
            }
        }
        assert_eq!(common_lower('\u{c8}'), Some('\u{e8}'));
        assert_eq!(common_lower('\u{201c}'), Some('\u{201c}'));
        assert_eq!(common_lower('\u{100}'), None);
    }

    #[test]
    fn sentences() {
        let t = "Titolo senza punto\nPrima frase. Seconda!";
        let s: Vec<&str> = split_sentences(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(s, ["Titolo senza punto", "Prima frase.", "Seconda!"]);
    }
}
