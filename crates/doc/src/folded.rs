//! The document's text lowercased once, for every stage that reads words case-blind.
//!
//! The actor tagger and the event coder each lowercased the whole text of every document on their
//! own (the same mapping, written twice). The segmenter now builds it once ([`Folded::of`]) and
//! keeps it in [`crate::Document::folded`]; a stage run on its own (unit tests, `eval-ner`,
//! `eval-time`) finds none and calls the same function, so what it sees is the same either way.

use std::sync::Arc;

/// The text lowercased character by character where the lowercase has the same UTF-8 length
/// (other characters kept as they are), so every byte offset of the text is an offset into it;
/// and whether the text holds a typographic apostrophe (U+2019), seen on the way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folded {
    lower: String,
    curly: bool,
}

/// Where a [`crate::Document`] keeps its [`Folded`] text: shared (a stage holds it while it
/// appends to the document) and not part of the document's identity: it is derived from the
/// text and not serialised, so two documents equal in everything else are equal whether or not
/// one has been segmented since (a document read back from JSON has none).
#[derive(Debug, Clone, Default)]
pub struct FoldCache(pub Option<Arc<Folded>>);

impl PartialEq for FoldCache {
    fn eq(&self, _: &FoldCache) -> bool {
        true
    }
}

impl Folded {
    /// Folds `text` (see [`lower_same_len`]).
    pub fn of(text: &str) -> Folded {
        let (lower, curly) = lower_same_len_marked(text);
        Folded { lower, curly }
    }

    /// Folds `text` given where its multi-byte characters are, as a scan that has already
    /// decoded every one of them found them: the segmenter records them on its way, so the
    /// fold need not search the whole text for bytes above 0x7f again (one test per 32 bytes
    /// and a located exit per character, about half of [`Folded::of`]'s cost).
    ///
    /// `wide` must hold, in increasing order, the start of every multi-byte character of `text`
    /// that is not whitespace (`char::is_whitespace`, U+200B, U+FEFF, U+2060); it may hold the
    /// others too. Exact under that condition: ASCII bytes are folded in bulk as in
    /// [`Folded::of`], and no whitespace character has a lowercase other than itself nor is
    /// U+2019, so the characters left out are those the fold keeps as they are. An index that
    /// is not a character start is passed over (never a panic).
    pub fn of_wide(text: &str, wide: &[u32]) -> Folded {
        let mut lower = text.to_owned();
        lower.make_ascii_lowercase();
        let mut curly = false;
        for &i in wide {
            let i = i as usize;
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                continue;
            };
            curly |= c == '\u{2019}';
            let lc = fold_char(c);
            if lc != c {
                let mut buf = [0u8; 4];
                lower.replace_range(i..i + c.len_utf8(), lc.encode_utf8(&mut buf));
            }
        }
        Folded { lower, curly }
    }

    /// The lowercased text (same byte offsets as the text).
    pub fn lower(&self) -> &str {
        &self.lower
    }

    /// Whether the text holds a typographic apostrophe (U+2019).
    pub fn curly(&self) -> bool {
        self.curly
    }

    /// Whether this was folded from a text of `len` bytes: a stage given a document whose text
    /// changed after segmentation (a caller editing it) folds it again rather than read a
    /// stale copy.
    pub fn fits(&self, text: &str) -> bool {
        self.lower.len() == text.len()
    }
}

/// Lowercases characters whose lowercase is one character of the same UTF-8 length; others
/// stay as they are. Offsets into the result are offsets into `text`.
pub fn lower_same_len(text: &str) -> String {
    lower_same_len_marked(text).0
}

/// [`lower_same_len`], and whether the text holds a typographic apostrophe (U+2019).
///
/// News text is mostly ASCII: the whole text is copied and its ASCII letters lowercased in
/// bulk, then only the other characters are decoded (eight ASCII bytes skipped at a time), and
/// the commonest of them (accented Latin-1 letters, typographic punctuation) are answered
/// without the Unicode case tables.
pub fn lower_same_len_marked(text: &str) -> (String, bool) {
    let mut out = text.to_owned();
    out.make_ascii_lowercase();
    let b = text.as_bytes();
    let mut curly = false;
    let mut i = 0;
    loop {
        i = next_non_ascii(b, i);
        // `i` is the first byte of a character: a multi-byte character starts with a byte
        // above 0x7f, and every one before `i` was ASCII or inside a character already passed
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let n = c.len_utf8();
        curly |= c == '\u{2019}';
        let lc = fold_char(c);
        if lc != c {
            let mut buf = [0u8; 4];
            out.replace_range(i..i + n, lc.encode_utf8(&mut buf));
        }
        i += n;
    }
    (out, curly)
}

/// The lowercase of `c` when it is one character of the same UTF-8 length, else `c`.
#[inline]
fn fold_char(c: char) -> char {
    match common_lower(c) {
        Some(lc) => lc,
        None => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lc,
                _ => c,
            }
        }
    }
}

/// The index of the first byte from `i` above 0x7f (`b.len()` when none), tested eight bytes
/// at a time and located in its window by its bit, so a text with an accent every few words
/// does not step byte by byte from one window to the next.
#[inline]
fn next_non_ascii(b: &[u8], mut i: usize) -> usize {
    // News text has about one multi-byte character in a hundred bytes: whole blocks of 32
    // ASCII bytes are passed over with one test (the OR of the block), then the window of
    // eight that holds the byte is found below
    while let Some(c) = b.get(i..).and_then(|s| s.first_chunk::<32>()) {
        if c.iter().fold(0u8, |a, &x| a | x) & 0x80 != 0 {
            break;
        }
        i += 32;
    }
    while let Some(c) = b.get(i..).and_then(|s| s.first_chunk::<8>()) {
        let m = u64::from_le_bytes(*c) & 0x8080_8080_8080_8080;
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 {
        i += 1;
    }
    i.min(b.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one character at a time through the Unicode tables.
    fn slow(text: &str) -> String {
        text.chars()
            .map(|c| {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lc,
                    _ => c,
                }
            })
            .collect()
    }

    #[test]
    fn folding_agrees_with_the_unicode_tables_for_every_character() {
        let all: String = (0..=0x10ffffu32).filter_map(char::from_u32).collect();
        let (fast, curly) = lower_same_len_marked(&all);
        assert_eq!(fast, slow(&all));
        assert!(curly);
        assert_eq!(fast.len(), all.len());
    }

    #[test]
    fn chunks_and_apostrophes() {
        // non-ASCII at every place of an eight-byte chunk; a lowercase of another length kept
        for k in 0..10 {
            let t = format!("{}Ü{}", "X".repeat(k), "Y".repeat(9 - k));
            let want = format!("{}ü{}", "x".repeat(k), "y".repeat(9 - k));
            assert_eq!(lower_same_len(&t), want);
        }
        // and at every place of the 32-byte blocks, two of them in a row
        for k in 0..70 {
            let t = format!(
                "{}Ü{}’{}",
                "Xy".repeat(k / 2),
                "A".repeat(k % 7),
                "Z".repeat(70 - k)
            );
            assert_eq!(lower_same_len_marked(&t), (slow(&t), true));
        }
        assert_eq!(lower_same_len("İSTANBUL È"), "İstanbul è");
        let f = Folded::of("L\u{2019}ONU HA DETTO");
        assert_eq!((f.lower(), f.curly()), ("l\u{2019}onu ha detto", true));
        assert!(f.fits("L\u{2019}ONU HA DETTO"));
        assert!(!f.fits("L'ONU HA DETTO"));
        assert!(!Folded::of("Nessun Apostrofo Curvo").curly());
    }

    /// `of_wide` given the multi-byte characters but whitespace folds as `of` does: every
    /// character left out keeps its case and is not U+2019.
    #[test]
    fn of_wide_needs_no_whitespace() {
        let all: String = (0..=0x10ffffu32).filter_map(char::from_u32).collect();
        let is_space =
            |c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}');
        let wide: Vec<u32> = all
            .char_indices()
            .filter(|&(_, c)| !c.is_ascii() && !is_space(c))
            .map(|(i, _)| i as u32)
            .collect();
        assert_eq!(Folded::of_wide(&all, &wide), Folded::of(&all));
        let t = "L\u{2019}ÉTÉ \u{a0}À";
        assert_eq!(Folded::of_wide(t, &[1, 4, 7, 12]), Folded::of(t));
        // an index inside a character or past the end is passed over
        assert_eq!(Folded::of_wide("ÀB", &[1, 9]).lower(), "Àb");
    }
}
