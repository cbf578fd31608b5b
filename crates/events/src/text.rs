//! Cheap text helpers: same-length lowercasing (so byte offsets stay valid) and a fallback
//! tokenizer/sentence splitter used when the segmentation stage has not run.

use annalist_doc::{Span, Token, TokenKind};

/// Lowercases characters whose lowercase has the same UTF-8 length; others stay as they are.
/// Offsets into the result are offsets into the original text. The one mapping every stage uses
/// ([`annalist_doc::Folded`]), re-exported for the callers of this crate.
pub use annalist_doc::lower_same_len;

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
    }

    #[test]
    fn sentences() {
        let t = "Titolo senza punto\nPrima frase. Seconda!";
        let s: Vec<&str> = split_sentences(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(s, ["Titolo senza punto", "Prima frase.", "Seconda!"]);
    }
}
