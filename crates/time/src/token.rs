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
    pub norm: Norm,
    /// Whether whitespace (or the text start) precedes the token.
    pub space_before: bool,
}

/// Bytes a [`Norm`] holds in place.
pub const INLINE: usize = 16;

/// Per length up to [`INLINE`]: the mask of that many low bytes (a table: building the mask
/// with a 128-bit shift and a test cost more than the rest of a token's folding). Longer
/// lengths never index it; the table is padded to 32 so that a masked index needs no check.
pub(crate) static KEEP: [u128; 32] = {
    let mut t = [0u128; 32];
    let mut n = 1;
    while n <= INLINE {
        t[n] = u128::MAX >> (8 * (INLINE - n));
        n += 1;
    }
    t
};

/// A token's folded text. Up to [`INLINE`] bytes (nearly every token of news text) it is kept
/// in place, zero-padded, so that building a window's tokens copies no string and allocates
/// nothing, and the per-thread memos read their key as two integers straight from it
/// ([`Norm::key`]); longer texts are kept in `long`.
#[derive(Clone, Default)]
pub struct Norm {
    bytes: [u8; INLINE],
    len: u32,
    /// The text when longer than [`INLINE`] bytes; else unused (its buffer is kept for reuse).
    long: String,
}

impl Norm {
    /// A norm holding `s` as it is.
    pub fn of(s: &str) -> Norm {
        let mut n = Norm::default();
        n.set(s);
        n
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self.bytes.get(..self.len as usize) {
            Some(b) => b,
            None => self.long.as_bytes(),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // SAFETY: `bytes[..len]` and `long` only ever receive a whole `str` (`set`,
        // `fold_norm`) or ASCII bytes (`set_ascii_lower` clears every byte's high bit), so
        // they are valid UTF-8. (Checking cost more than the lookups that need the `str`.)
        unsafe { std::str::from_utf8_unchecked(self.as_bytes()) }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The in-place bytes as two little-endian integers (zero-padded), when the text fits.
    pub fn key(&self) -> Option<[u64; 2]> {
        if self.len as usize > INLINE {
            return None;
        }
        let (a, b) = self.bytes.split_at(8);
        Some([
            u64::from_le_bytes(a.try_into().unwrap_or_default()),
            u64::from_le_bytes(b.try_into().unwrap_or_default()),
        ])
    }

    /// Replaces the text with `s`.
    pub fn set(&mut self, s: &str) {
        let b = s.as_bytes();
        self.len = b.len() as u32;
        if b.len() <= INLINE {
            self.bytes = [0; INLINE];
            self.bytes[..b.len()].copy_from_slice(b);
        } else {
            self.long.clear();
            self.long.push_str(s);
        }
    }

    /// Replaces the text with the ASCII bytes `seg` (letters, digits, `.`, `,`, `'`), each
    /// with bit 0x20 set: a letter lowercased, the others (digits, `.`, `,`, `'` and `` ` ``)
    /// left as they are. The bytes are read eight at a time from `text` at `at` when the text
    /// goes on that far.
    #[inline(always)]
    fn set_ascii_lower(&mut self, text: &[u8], at: usize, len: usize) {
        self.len = len as u32;
        if len > INLINE {
            self.long.clear();
            self.long.extend(
                text[at..at + len]
                    .iter()
                    .map(|&c| ((c | 0x20) & 0x7f) as char),
            );
            return;
        }
        let w = match text.get(at..).and_then(|r| r.first_chunk::<INLINE>()) {
            Some(c) => *c,
            None => {
                // Near the end of the text: byte by byte.
                let mut w = [0u8; INLINE];
                for (x, &c) in w.iter_mut().zip(&text[at..at + len]) {
                    *x = c;
                }
                w
            }
        };
        // Keep the first `len` bytes, each with 0x20 set and the high bit clear (a no-op on
        // the ASCII bytes given, and what keeps the bytes valid UTF-8 whatever the input).
        let keep = KEEP[len & 31];
        let v = (u128::from_le_bytes(w) | u128::from_le_bytes([0x20; INLINE]))
            & u128::from_le_bytes([0x7f; INLINE])
            & keep;
        self.bytes = v.to_le_bytes();
    }

    /// Replaces the text with the one ASCII byte `c`.
    #[inline(always)]
    fn set_byte(&mut self, c: u8) {
        self.len = 1;
        self.bytes = [0; INLINE];
        self.bytes[0] = c & 0x7f;
    }

    /// Replaces a final `` ` `` with `'`.
    fn fix_backtick(&mut self) {
        let n = self.len as usize;
        if n == 0 {
            return;
        }
        if n <= INLINE {
            if self.bytes[n - 1] == b'`' {
                self.bytes[n - 1] = b'\'';
            }
        } else if self.long.ends_with('`') {
            self.long.pop();
            self.long.push('\'');
        }
    }
}

impl std::fmt::Debug for Norm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Norm {
    fn eq(&self, o: &Norm) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl Eq for Norm {}

impl PartialEq<str> for Norm {
    fn eq(&self, o: &str) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<&str> for Norm {
    fn eq(&self, o: &&str) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<String> for Norm {
    fn eq(&self, o: &String) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<Norm> for String {
    fn eq(&self, o: &Norm) -> bool {
        self.as_bytes() == o.as_bytes()
    }
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
    out.clear();
    let mut folded = String::new();
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
        fold_into(&text[start..end], &mut folded);
        out.push(Tok {
            start: base + start as u32,
            end: base + end as u32,
            kind,
            norm: Norm::of(&folded),
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

/// The tokens [`scan`] gives for `text[items[0].start..items[last].end]`, built from the
/// prefilter's items (which cut the text the same way, see
/// [`crate::window::Prefilter::scan`]) instead of scanning the window's characters again.
/// The previous window's tokens are overwritten in place; their folded texts are kept in
/// place too ([`Norm`]), so nothing is allocated once the buffer has grown.
pub fn from_items(text: &str, items: &[crate::window::Item], out: &mut Vec<Tok>) {
    fill_from_items(text, items, out);
    out.truncate(items.len());
}

/// [`from_items`] into `out[..items.len()]`, leaving the tokens past them in place: the
/// buffer only grows. Windows of a document alternate longer and shorter ones, and cutting
/// the buffer to each (dropping the tokens past it, then pushing new ones for the next
/// longer window) cost more than a tenth of building the tokens.
pub fn fill_from_items(text: &str, items: &[crate::window::Item], out: &mut Vec<Tok>) {
    if out.len() < items.len() {
        out.resize_with(items.len(), || Tok {
            start: 0,
            end: 0,
            kind: Kind::Punct,
            norm: Norm::default(),
            space_before: false,
        });
    }
    let b = text.as_bytes();
    // The end of the item before (none for the first: -1, before any start).
    let mut prev_end = -1i64;
    for (t, it) in out.iter_mut().zip(items) {
        let (s, e) = (it.start as usize, it.end as usize);
        // The scan already knows each item's shape: digit runs are their own folded form
        // (setting 0x20 leaves digits, '.' and ',' as they are), ASCII words only need
        // lowercasing (and an elision '`' becomes an apostrophe). These two shapes (most
        // items) share one path chosen by one conditional branch: a `match` on the form was
        // a jump table whose target changed from item to item (a third of the stage's
        // indirect mispredictions).
        if matches!(it.form, Form::Digits | Form::AsciiWord) {
            t.norm.set_ascii_lower(b, s, e - s);
            // '`' is its own lowercase: an elision written so is found as written (a digit
            // run never ends in one).
            if b[e - 1] == b'`' {
                t.norm.fix_backtick();
            }
            t.kind = if it.form == Form::Digits {
                Kind::Digits
            } else {
                Kind::Word
            };
        } else {
            t.kind = fold_other(text, b, s, e, it.form == Form::Word, &mut t.norm);
        }
        t.start = it.start;
        t.end = it.end;
        // Only whitespace lies between items.
        t.space_before = it.start as i64 > prev_end;
        prev_end = it.end as i64;
    }
}

/// [`from_items`]' folding of an item of some character beyond ASCII (`word`) or of one
/// punctuation character, at `s..e`: replaces `norm` and says the token's kind.
fn fold_other(text: &str, b: &[u8], s: usize, e: usize, word: bool, norm: &mut Norm) -> Kind {
    if word {
        fold_norm(&text[s..e], norm);
        return Kind::Word;
    }
    if e == s + 1 {
        // One ASCII character folds to itself ('`' to an apostrophe).
        norm.set_byte(if b[s] == b'`' { b'\'' } else { b[s] });
    } else {
        match text[s..e].chars().next().and_then(fold_punct) {
            Some(c) => norm.set(c.encode_utf8(&mut [0; 4])),
            None => fold_norm(&text[s..e], norm),
        }
    }
    Kind::Punct
}

/// What [`fold_char`] makes of `c`, for the characters beyond ASCII news punctuation is
/// mostly made of (Latin-1 signs, general punctuation: quotes, dashes), which have no case;
/// `None` for the others.
fn fold_punct(c: char) -> Option<char> {
    match c {
        '’' | '‘' | '´' => Some('\''),
        '–' | '—' => Some('-'),
        '°' => Some('º'),
        '\u{80}'..='\u{bf}' | '\u{2000}'..='\u{206f}' => Some(c),
        _ => None,
    }
}

/// Replaces `norm` with the folded `seg` (folded in `norm`'s long buffer, then moved in
/// place when it fits).
fn fold_norm(seg: &str, norm: &mut Norm) {
    let mut buf = std::mem::take(&mut norm.long);
    fold_into(seg, &mut buf);
    norm.long = buf;
    let n = norm.long.len();
    norm.len = n as u32;
    if n <= INLINE {
        norm.bytes = [0; INLINE];
        norm.bytes[..n].copy_from_slice(norm.long.as_bytes());
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

    /// The punctuation shortcut folds as `fold_char` does, on every character it answers.
    #[test]
    fn fold_punct_agrees_with_fold_char() {
        let mut answered = 0;
        for c in (0x80..=0x10ffffu32).filter_map(char::from_u32) {
            if let Some(r) = fold_punct(c) {
                let mut want = String::new();
                fold_char(c, &mut want);
                assert_eq!(want, r.to_string(), "{:#x}", c as u32);
                answered += 1;
            }
        }
        assert!(answered > 100);
    }

    #[test]
    fn ascii_fold_agrees_with_fold_char() {
        let mut v = Vec::new();
        scan("L`ANNO Dell'Aprile 5PM x`y", 0, &mut v);
        for t in &v {
            assert_eq!(t.norm, fold(&t.norm.as_str().to_uppercase()), "{t:?}");
        }
        let n: Vec<&str> = v.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(n, ["l'", "anno", "dell'", "aprile", "5", "pm", "x'", "y"]);
    }
}
