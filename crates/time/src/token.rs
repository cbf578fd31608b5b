//! A cheap scanner that cuts text into the pieces the time rules match against.
//!
//! The time stage must not depend on the segmentation crate (it is written in parallel and the
//! rules need a stable, very simple notion of a word), so it scans the raw text itself in one
//! pass: letter runs (an elision apostrophe stays on the word, "dell'" / "quest'"), digit runs
//! (with inner `.` / `,` groups, "2,5", "3,000"), and every other visible character alone.
//! Each token keeps its byte span and a folded form (lowercase, accents removed) so that
//! "Lunedì", "lunedi" and "LUNEDÌ" match the same pack entry.

use crate::window::Form;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Digits,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    /// Lowercased, accent-folded text; `'` for every apostrophe variant.
    pub norm: String,
    /// Whether whitespace (or the text start) precedes the token.
    pub space_before: bool,
}

/// Lowercase and strip the accents the pack languages use.
pub fn fold_char(c: char, out: &mut String) {
    let r = match c {
        'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        '’' | '‘' | '`' | '´' => '\'',
        'º' | '°' => 'º',
        '–' | '—' => '-',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(r);
}

pub fn fold(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut o);
    }
    o
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´')
}

/// Scans `text` (byte offsets are added to `base`) into tokens.
pub fn scan(text: &str, base: u32, out: &mut Vec<Tok>) {
    scan_reusing(text, base, out, &mut Vec::new());
}

/// [`scan`] replacing the tokens in `out`, whose strings are kept in `pool` and reused: a news
/// article is scanned window by window, and a fresh string per token cost more than the scan.
pub fn scan_reusing(text: &str, base: u32, out: &mut Vec<Tok>, pool: &mut Vec<String>) {
    pool.extend(out.drain(..).map(|t| t.norm));
    let b = text.as_bytes();
    let mut it = text.char_indices().peekable();
    let mut space = true;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let kind;
        if c.is_alphabetic() {
            kind = Kind::Word;
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    it.next();
                } else if is_apos(d) {
                    // Elision: the apostrophe belongs to the word before it ("dell'", "un'").
                    end = j + d.len_utf8();
                    it.next();
                    break;
                } else {
                    break;
                }
            }
        } else if c.is_ascii_digit() {
            kind = Kind::Digits;
            while let Some(&(j, d)) = it.peek() {
                let inner_sep =
                    (d == '.' || d == ',') && b.get(j + 1).is_some_and(|x| x.is_ascii_digit());
                if d.is_ascii_digit() || inner_sep {
                    end = j + 1;
                    it.next();
                } else {
                    break;
                }
            }
        } else {
            kind = Kind::Punct;
        }
        let mut norm = pool.pop().unwrap_or_default();
        fold_into(&text[start..end], &mut norm);
        out.push(Tok {
            start: base + start as u32,
            end: base + end as u32,
            kind,
            norm,
            space_before: space,
        });
        space = false;
    }
}

/// Replaces `norm` with the folded `seg`.
fn fold_into(seg: &str, norm: &mut String) {
    norm.clear();
    if seg.is_ascii() {
        // What `fold_char` does to ASCII, on the whole slice at once (pushing char by char
        // cost more than the rest of building a token): lowercase, and '`' becomes '\''.
        norm.push_str(seg);
        norm.make_ascii_lowercase();
        if seg.contains('`') {
            *norm = norm.replace('`', "'");
        }
    } else {
        for ch in seg.chars() {
            fold_char(ch, norm);
        }
    }
}

/// The tokens [`scan_reusing`] gives for `text[items[0].start..items[last].end]`, built from
/// the prefilter's items (which cut the text the same way, see
/// [`crate::window::Prefilter::scan`]) instead of scanning the window's characters again.
pub fn from_items(
    text: &str,
    items: &[crate::window::Item],
    out: &mut Vec<Tok>,
    pool: &mut Vec<String>,
) {
    // The previous window's tokens are overwritten in place (their strings reused), and
    // only those beyond this window's length go back to the pool: taking every string out
    // and back cost a fifth of building the tokens.
    if out.len() > items.len() {
        pool.extend(out.drain(items.len()..).map(|t| t.norm));
    }
    let mut prev_end = None;
    for (k, it) in items.iter().enumerate() {
        let seg = &text[it.start as usize..it.end as usize];
        if k == out.len() {
            out.push(Tok {
                start: 0,
                end: 0,
                kind: Kind::Punct,
                norm: pool.pop().unwrap_or_default(),
                space_before: false,
            });
        }
        let t = &mut out[k];
        let norm = &mut t.norm;
        // The scan already knows each item's shape: digit runs are their own folded form,
        // ASCII words only need lowercasing (and an elision '`' becomes an apostrophe).
        t.kind = match it.form {
            Form::Digits => {
                norm.clear();
                norm.push_str(seg);
                Kind::Digits
            }
            Form::AsciiWord => {
                norm.clear();
                norm.push_str(seg);
                norm.make_ascii_lowercase();
                if norm.ends_with('`') {
                    norm.pop();
                    norm.push('\'');
                }
                Kind::Word
            }
            Form::Word => {
                fold_into(seg, norm);
                Kind::Word
            }
            Form::Punct => {
                fold_into(seg, norm);
                Kind::Punct
            }
        };
        t.start = it.start;
        t.end = it.end;
        // Only whitespace lies between items.
        t.space_before = prev_end.is_none_or(|e| it.start > e);
        prev_end = Some(it.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elision_digits_and_accents() {
        let mut v = Vec::new();
        scan("Nell'aprile 15mila, 2,5 Lunedì 13/08", 0, &mut v);
        let n: Vec<&str> = v.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            n,
            ["nell'", "aprile", "15", "mila", ",", "2,5", "lunedi", "13", "/", "08"]
        );
        assert_eq!(v[0].kind, Kind::Word);
        assert_eq!(v[5].kind, Kind::Digits);
        assert!(!v[3].space_before);
    }

    #[test]
    fn ascii_fold_agrees_with_fold_char() {
        let mut v = Vec::new();
        scan("L`ANNO Dell'Aprile 5PM x`y", 0, &mut v);
        for t in &v {
            assert_eq!(t.norm, fold(&t.norm.to_uppercase()), "{t:?}");
        }
        let n: Vec<&str> = v.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(n, ["l'", "anno", "dell'", "aprile", "5", "pm", "x'", "y"]);
    }
}
