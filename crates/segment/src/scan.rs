//! The tokeniser: one left-to-right pass over the bytes.
//!
//! The text is cut at whitespace into chunks; each chunk is then split into tokens: leading
//! punctuation, URLs and e-mail addresses whole, numbers and dates, words (with the pack's
//! elisions, clitics and abbreviations), and the punctuation between and after them. At each
//! token where a sentence may start the scanner records what the sentence splitter needs
//! ([`Cand`]): how many line breaks precede it and what kind of mark it and the token before it
//! are.

use annalist_doc::{Span, Token, TokenKind};

use crate::rules::{is_apostrophe, lower_into, AbbrevKind, KeySet, LangRules};

/// A sentence-ending mark: `.`, `!`, `?`, `…` or a run of them.
pub(crate) const TERMINAL: u16 = 1;
/// An abbreviation whose period never ends a sentence.
pub(crate) const ABBR_NEVER: u16 = 1 << 1;
/// An abbreviation or initial whose period may end a sentence.
pub(crate) const ABBR_MAY: u16 = 1 << 2;
/// Opens a quotation or bracket, or starts a dialogue line (dash).
pub(crate) const OPENER: u16 = 1 << 3;
/// Closes a quotation or bracket.
pub(crate) const CLOSER: u16 = 1 << 4;
/// A word that starts with a lower-case letter.
pub(crate) const LOWER: u16 = 1 << 5;
/// A mark after which a line goes on in the next one (`,` `;` `:` `(` dashes).
pub(crate) const CONTINUATION: u16 = 1 << 6;
/// A straight quote, which may open or close.
pub(crate) const QUOTE: u16 = 1 << 7;
/// `(` or `[`: an ellipsis right after it is an omission mark, not a sentence end.
pub(crate) const BRACKET_OPEN: u16 = 1 << 8;
/// The flags of a token that make the next one a candidate (see [`Marks::cands`]).
const MARKED: u16 = TERMINAL | ABBR_MAY | CLOSER | QUOTE | BRACKET_OPEN;

/// What the scan learns for the sentence splitter on the way, so it need not pass over every
/// token again.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// The tokens (index > 0) after a line break or after a mark that can end or close a
    /// sentence (terminal, abbreviation that may end one, closer, straight quote) or after an
    /// opening bracket ([`MARKED`]), in order: before any other token
    /// `split::Splitter::boundary` finds no end at its first tests (no line break, and a mark
    /// before that can neither end nor close a sentence).
    ///
    /// The splitter reads a token's flags and line breaks only here: every token after a line
    /// break is one, and the flags of a token that is no candidate's predecessor have none of
    /// the [`MARKED`] bits, the only ones the splitter asks of a token that is neither a
    /// candidate nor its predecessor (the opening brackets are among them so that the mark
    /// before a terminal and the token after a bracket are known). So the scan does not keep a
    /// record per token (a second push per token).
    pub cands: Vec<Cand>,
    /// Tokens (index > 0) after exactly one line break…
    pub singles: usize,
    /// …of which those starting in lower case after a mark neither terminal nor closing (a line
    /// that goes on): `split::Lines::measure`'s counts.
    pub soft: usize,
    /// The start of every multi-byte character that is not whitespace, in order: each is
    /// decoded once by the chunk search, so [`annalist_doc::Folded::of_wide`] need not search
    /// the text for them again.
    pub wide: Vec<u32>,
}

impl Marks {
    /// No marks (a constant, for the thread's scratch in `lib.rs`).
    pub const EMPTY: Marks = Marks {
        cands: Vec::new(),
        singles: 0,
        soft: 0,
        wide: Vec::new(),
    };

    /// Empties the marks, keeping the lists' room.
    fn clear(&mut self) {
        self.cands.clear();
        self.singles = 0;
        self.soft = 0;
        self.wide.clear();
    }
}

/// A candidate sentence start (see [`Marks::cands`]): what the sentence splitter needs to know
/// about it beyond its span and kind, and the flags of the token before it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cand {
    /// The token's index (> 0).
    pub k: u32,
    pub flags: u16,
    /// The flags of token `k - 1`.
    pub prev: u16,
    /// Line breaks in the whitespace before the token (saturating).
    pub nl: u8,
}

pub(crate) fn scan(text: &str, rules: &LangRules, tokens: &mut Vec<Token>, marks: &mut Marks) {
    let b = text.as_bytes();
    // the marks may hold a previous document's (the caller reuses their room)
    marks.clear();
    // news text has a token every five or six bytes: reserving a quarter of the length means
    // no regrowth (and no copy of the token list) for all but the densest texts
    tokens.reserve(text.len() / 4);
    // a candidate sentence start about every 60 bytes of news text (line breaks, periods,
    // quotes): a sixty-fourth of the length saves most of the list's regrowths
    marks.cands.reserve(text.len() / 64);
    // about one multi-byte character in a hundred bytes (accents, typographic quotes): the
    // same room saves the record's regrowths, a few allocations per document
    marks.wide.reserve(text.len() / 64);
    let mut s = Scanner {
        text,
        b,
        rules,
        tokens,
        marks,
        prev_flags: 0,
        nl: 0,
        buf: String::new(),
    };
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        // one class lookup tells a blank from the start of a chunk (most bytes seen here are
        // the first letter of a word), where a chain of comparisons tested each byte
        let class = BYTE_CLASS[x as usize];
        if class & ASCII_BLANK != 0 {
            if x == b'\n' {
                s.nl = s.nl.saturating_add(1);
            }
            i += 1;
            continue;
        }
        if class & NON_ASCII != 0 {
            let (c, l) = decode(text, i);
            if is_space(c) {
                if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                    s.nl = s.nl.saturating_add(1);
                }
                i += l;
                continue;
            }
        }
        // Most chunks are one plain ASCII word: a run of word bytes from a letter, then a blank
        // or the end of the text. `chunk` would find no leading punctuation, no URL (its
        // prefixes hold '.' or ':'), no address (no '@'), and emit the run as one word, as
        // below. Otherwise the chunk's end is searched from the run's end: the run holds no
        // blank, no '@' and no multi-byte character, so the search decides the same.
        let start = i;
        let mut j = i;
        if x.is_ascii_alphabetic() {
            j = ascii_word_end(b, i, b.len());
            if b.get(j)
                .is_none_or(|&y| BYTE_CLASS[y as usize] & ASCII_BLANK != 0)
            {
                s.emit_word(i, j);
                i = j;
                continue;
            }
        }
        // A chunk: everything up to the next whitespace.
        let mut has_at = false;
        while j < b.len() {
            j = skip_plain(b, j);
            if j >= b.len() {
                break;
            }
            let x = b[j];
            let class = BYTE_CLASS[x as usize];
            if class & (ASCII_BLANK | AT | NON_ASCII) == 0 {
                // the common case: an ASCII byte that neither ends the chunk nor is '@'
                j += 1;
                continue;
            }
            if class & ASCII_BLANK != 0 {
                break;
            }
            if class & AT != 0 {
                has_at = true;
                j += 1;
                continue;
            }
            let (c, l) = decode(text, j);
            if is_space(c) {
                break;
            }
            // every multi-byte character in a chunk is decoded here once: the chunk search
            // passes over ASCII bytes only (the fast path's word run, `skip_plain`, the step
            // above), and a chunk starting with one begins its search at it
            s.marks.wide.push(j as u32);
            j += l;
        }
        s.chunk(start, j, has_at);
        i = j;
    }
}

struct Scanner<'a, 'r> {
    text: &'a str,
    b: &'a [u8],
    rules: &'r LangRules,
    tokens: &'r mut Vec<Token>,
    marks: &'r mut Marks,
    /// The flags of the last token emitted (0 before the first).
    prev_flags: u16,
    nl: u8,
    buf: String,
}

impl Scanner<'_, '_> {
    #[inline(always)]
    fn emit(&mut self, s: usize, e: usize, kind: TokenKind, flags: u16) {
        // `s <= e` always, and `segment` checked the text fits u32 offsets: `Span::new`'s clamp
        // (a call into another crate) has nothing to do
        debug_assert!(s <= e);
        let k = self.tokens.len();
        if self.nl != 0 || self.prev_flags & MARKED != 0 {
            self.mark(k, flags);
        }
        self.prev_flags = flags;
        self.tokens.push(Token {
            span: Span {
                start: s as u32,
                end: e as u32,
            },
            kind,
        });
        self.nl = 0;
    }

    /// Records token `k` (with `flags`) for the splitter: see [`Marks`].
    #[cold]
    fn mark(&mut self, k: usize, flags: u16) {
        if k == 0 {
            return;
        }
        self.marks.cands.push(Cand {
            k: k as u32,
            flags,
            prev: self.prev_flags,
            nl: self.nl,
        });
        if self.nl == 1 {
            self.marks.singles += 1;
            if self.prev_flags & (TERMINAL | CLOSER) == 0 && flags & LOWER != 0 {
                self.marks.soft += 1;
            }
        }
    }

    #[inline(always)]
    fn emit_word(&mut self, s: usize, e: usize) {
        let x = self.b[s];
        let lower = if x < 0x80 {
            x.is_ascii_lowercase()
        } else {
            decode(self.text, s).0.is_lowercase()
        };
        let flags = if lower { LOWER } else { 0 };
        self.emit(s, e, TokenKind::Word, flags);
    }

    #[inline]
    fn ch(&self, i: usize) -> (char, usize) {
        decode(self.text, i)
    }

    fn chunk(&mut self, s: usize, e: usize, has_at: bool) {
        let mut i = s;
        // Leading punctuation: quotes, brackets, dashes (none before an ASCII letter, which is
        // a word character: the loop would stop at once).
        if !self.b[i].is_ascii_alphabetic() {
            while i < e {
                let (c, l) = self.ch(i);
                if is_word_char(c) || self.number_start(i, e, s) || self.tag_start(c, i + l, e) {
                    break;
                }
                i = self.punct(i, e);
            }
            if i >= e {
                return;
            }
        }
        if let Some(end) = self.url_end(i, e) {
            self.emit(i, end, TokenKind::Url, 0);
            i = end;
        } else if has_at {
            if let Some(end) = self.email_end(i, e) {
                self.emit(i, end, TokenKind::Email, 0);
                i = end;
            }
        }
        while i < e {
            // an ASCII letter starts a word: no number, tag or punctuation test needed
            if self.b[i].is_ascii_alphabetic() {
                let j = ascii_word_end(self.b, i, e);
                // Most words end at the chunk's end or at ASCII punctuation other than an
                // apostrophe or a period: `word` would take the same run and emit it as it is
                // (only an apostrophe, a period or a multi-byte character lets it go on). At
                // `j == e` the byte read is the chunk's end (a blank, or a multi-byte space that
                // takes the slow way, which ends the word there too); past the text, a blank.
                let x = self.b.get(j).copied().unwrap_or(b' ');
                if BYTE_CLASS[x as usize] & WORD_END != 0 {
                    self.emit_word(i, j);
                    i = j;
                } else {
                    i = self.word_from(i, self.word_run(j, e), e);
                }
                continue;
            }
            let (c, l) = self.ch(i);
            if self.number_start(i, e, s) {
                i = self.number(i, e);
            } else if is_word_char(c) || self.tag_start(c, i + l, e) {
                i = self.word(i, e);
            } else {
                i = self.punct(i, e);
            }
        }
    }

    /// `#tag` and `@handle` are one word.
    fn tag_start(&self, c: char, next: usize, e: usize) -> bool {
        (c == '#' || c == '@') && next < e && is_word_char(self.ch(next).0)
    }

    /// Whether a number starts at `i`: a digit, or a sign or currency sign before one. A sign
    /// counts only at the start of the chunk or after a non-word character ("2020-2021" is two
    /// numbers and a dash, "-4" one number).
    fn number_start(&self, i: usize, e: usize, chunk_start: usize) -> bool {
        let b = self.b;
        if b[i].is_ascii_digit() {
            return true;
        }
        if b[i].is_ascii_alphabetic() {
            return false;
        }
        let (c, l) = self.ch(i);
        let after = i + l;
        let digit_at = |k: usize| k < e && b[k].is_ascii_digit();
        if is_currency(c) {
            if digit_at(after) {
                return true;
            }
            if after < e {
                let (d, m) = self.ch(after);
                return is_sign(d) && digit_at(after + m);
            }
            return false;
        }
        if is_sign(c) && digit_at(after) {
            if i == chunk_start {
                return true;
            }
            let prev = self.text[..i].chars().next_back().unwrap_or(' ');
            return !is_word_char(prev) && !prev.is_ascii_digit() && !matches!(prev, '.' | ',');
        }
        false
    }

    fn number(&mut self, start: usize, e: usize) -> usize {
        let b = self.b;
        let mut j = start;
        let (c, l) = self.ch(j);
        let plain = b[j].is_ascii_digit();
        if is_currency(c) {
            j += l;
        }
        if j < e {
            let (c, l) = self.ch(j);
            if is_sign(c) {
                j += l;
            }
        }
        if plain {
            if let Some(end) = self.date_end(start, e) {
                self.emit(start, end, TokenKind::Date, 0);
                return end;
            }
        }
        j = digits(b, j, e);
        let mut clock = false;
        loop {
            if j + 1 < e && (b[j] == b'.' || b[j] == b',') && b[j + 1].is_ascii_digit() {
                j = digits(b, j + 1, e);
            } else if !clock
                && j + 2 < e
                && b[j] == b':'
                && b[j + 1].is_ascii_digit()
                && b[j + 2].is_ascii_digit()
                && (j + 3 >= e || !b[j + 3].is_ascii_digit())
            {
                clock = true;
                j += 3;
            } else {
                break;
            }
        }
        let mut marked = false;
        if j < e {
            let (c, l) = self.ch(j);
            if matches!(c, '%' | '‰' | '°' | 'º' | 'ª') {
                j += l;
                marked = true;
            }
        }
        if j < e {
            let (c, _) = self.ch(j);
            if c.is_alphabetic() {
                let k = self.alpha_run(j, e);
                let mut buf = std::mem::take(&mut self.buf);
                lower_into(&self.text[j..k], &mut buf);
                let listed = self.rules.number_suffix(&buf);
                self.buf = buf;
                let ends = k >= e || !is_word_char(self.ch(k).0);
                if listed && ends {
                    j = k;
                } else if plain && !marked {
                    // "5G", "3D", "19th" when not listed: a word made of digits and letters.
                    return self.word(start, e);
                }
            }
        }
        self.emit(start, j, TokenKind::Number, 0);
        j
    }

    /// `2025-08-13`, or `13/08/2025`, `13.08.2025`, `13-08-25` (the same separator twice).
    fn date_end(&self, i: usize, e: usize) -> Option<usize> {
        let b = self.b;
        let d = |k: usize| k < e && b[k].is_ascii_digit();
        let n = |k: usize| digits(b, k, e) - k;
        let free = |k: usize| {
            k >= e
                || !(b[k].is_ascii_digit()
                    || b[k].is_ascii_alphabetic()
                    || (matches!(b[k], b'.' | b'/' | b'-' | b',') && d(k + 1)))
        };
        // ISO.
        if n(i) == 4 && i + 10 <= e && b[i + 4] == b'-' && n(i + 5) == 2 && b[i + 7] == b'-' {
            if n(i + 8) == 2 && free(i + 10) {
                return Some(i + 10);
            }
            return None;
        }
        let a = n(i);
        if !(1..=2).contains(&a) {
            return None;
        }
        let sep = *b.get(i + a)?;
        if !matches!(sep, b'/' | b'.' | b'-') {
            return None;
        }
        let m0 = i + a + 1;
        let m = n(m0);
        if !(1..=2).contains(&m) || b.get(m0 + m) != Some(&sep) {
            return None;
        }
        let y0 = m0 + m + 1;
        let y = n(y0);
        if (y == 4 || y == 2) && free(y0 + y) {
            Some(y0 + y)
        } else {
            None
        }
    }

    /// A URL starting at `i` (scheme or `www.`), without the punctuation that ends the sentence.
    fn url_end(&self, i: usize, e: usize) -> Option<usize> {
        // Every prefix below starts with "http", "ftp:" or "www." in some case: the first four
        // bytes with bit 5 set (which only lowercases letters, and leaves ':' and '.' as they
        // are) tell most chunks apart with one predictable branch instead of a test per
        // prefix, or one on the first letter that a fifth of all words pass. The four bytes
        // are read from the text, not the chunk (whose length would be one more unpredictable
        // branch): this only rejects, the test of the chunk itself follows.
        let head = self.b.get(i..).and_then(|t| t.first_chunk::<4>())?;
        let head = u32::from_le_bytes(*head) | 0x2020_2020;
        if head != u32::from_le_bytes(*b"http")
            && head != u32::from_le_bytes(*b"ftp:")
            && head != u32::from_le_bytes(*b"www.")
        {
            return None;
        }
        let s = &self.b[i..e];
        let lower_starts = |p: &[u8]| s.len() > p.len() + 2 && s[..p.len()].eq_ignore_ascii_case(p);
        if !(lower_starts(b"http://")
            || lower_starts(b"https://")
            || lower_starts(b"ftp://")
            || lower_starts(b"www."))
        {
            return None;
        }
        Some(self.trim_trailing(i, e))
    }

    /// Drops closing punctuation from the end of a URL or address: it belongs to the sentence.
    fn trim_trailing(&self, i: usize, mut e: usize) -> usize {
        while e > i {
            let (c, l) = match self.text[i..e].chars().next_back() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            };
            if matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | ']'
                    | '}'
                    | '\''
                    | '"'
                    | '’'
                    | '”'
                    | '»'
                    | '›'
            ) {
                e -= l;
            } else {
                break;
            }
        }
        e
    }

    /// `local@domain.tld` starting at `i`.
    fn email_end(&self, i: usize, e: usize) -> Option<usize> {
        let b = self.b;
        let mut j = i;
        while j < e
            && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'.' | b'_' | b'%' | b'+' | b'-'))
        {
            j += 1;
        }
        if j == i || j >= e || b[j] != b'@' {
            return None;
        }
        let d0 = j + 1;
        let mut k = d0;
        while k < e && (b[k].is_ascii_alphanumeric() || matches!(b[k], b'.' | b'-')) {
            k += 1;
        }
        let end = self.trim_trailing(d0, k);
        let domain = &b[d0..end];
        let dot = domain.iter().rposition(|&x| x == b'.')?;
        if dot == 0
            || dot + 2 > domain.len()
            || !domain[dot + 1..].iter().all(u8::is_ascii_alphabetic)
        {
            return None;
        }
        Some(end)
    }

    /// End of the run of word characters from `i`.
    fn word_run(&self, mut i: usize, e: usize) -> usize {
        let b = self.b;
        loop {
            // "_" joins words in handles and identifiers ("@Palazzo_Chigi").
            i = ascii_word_end(b, i, e);
            if i >= e || b[i] < 0x80 {
                return i;
            }
            let (c, l) = self.ch(i);
            if !is_word_char(c) {
                return i;
            }
            i += l;
        }
    }

    fn alpha_run(&self, mut i: usize, e: usize) -> usize {
        while i < e {
            let (c, l) = self.ch(i);
            if !c.is_alphabetic() {
                break;
            }
            i += l;
        }
        i
    }

    /// A word from `start`, with the apostrophes and periods it may own.
    fn word(&mut self, start: usize, e: usize) -> usize {
        let mut j = start;
        if matches!(self.b[j], b'#' | b'@') {
            j += 1;
        }
        let j = self.word_run(j, e);
        self.word_from(start, j, e)
    }

    /// [`word`](Self::word) once the first run of word characters from `start` is known to end
    /// at `j` (so the chunk loop, which found it, does not walk it twice). Every iteration
    /// starts at the end of a run.
    fn word_from(&mut self, mut start: usize, mut j: usize, e: usize) -> usize {
        let rules = self.rules;
        loop {
            if j >= e {
                break;
            }
            let (c, l) = self.ch(j);
            if is_apostrophe(c) {
                let after = j + l;
                let inner = after < e && is_word_char(self.ch(after).0);
                if !inner {
                    // A final apostrophe belongs to the word only for listed forms ("po'").
                    if self.rules.has_elisions() && self.lookup(start, after, rules.elision_keeps())
                    {
                        j = after;
                    }
                    break;
                }
                let rest = self.word_run(after, e);
                if self.rules.has_elisions() {
                    if self.lookup(start, rest, rules.elision_keeps()) {
                        j = rest;
                        continue;
                    }
                    if self.lookup(start, after, rules.elision_splits()) {
                        self.emit_word(start, after);
                        start = after;
                        j = rest;
                        continue;
                    }
                }
                let word_ends =
                    rest >= e || !is_apostrophe(self.ch(rest).0) && !is_word_char(self.ch(rest).0);
                if self.rules.has_clitics() && word_ends {
                    if self.lookup(j, rest, rules.clitic()) {
                        self.emit_word(start, j);
                        self.emit_word(j, rest);
                        return rest;
                    }
                    // "don't" -> "do" + "n't": the clitic takes the n before the apostrophe.
                    if j > start + 1
                        && matches!(self.b[j - 1], b'n' | b'N')
                        && self.lookup(j - 1, rest, rules.clitic())
                    {
                        self.emit_word(start, j - 1);
                        self.emit_word(j - 1, rest);
                        return rest;
                    }
                }
                // An apostrophe inside a name ("O'Brien").
                j = rest;
                continue;
            }
            if c == '.' {
                return self.word_period(start, j, e);
            }
            break;
        }
        if j > start {
            self.emit_word(start, j);
        }
        j
    }

    /// Looks the text `s..e`, lower-cased with straight apostrophes, up in one of the tables;
    /// a text whose first two bytes start no key of the table is not lower-cased nor hashed, a
    /// short ASCII one is packed into an integer instead.
    ///
    /// The table is passed itself, not as a function that picks it: that call was an indirect
    /// branch whose target changed from one lookup to the next (a mispredict per lookup).
    fn lookup(&mut self, s: usize, e: usize, set: &KeySet) -> bool {
        let Some(t) = self.b.get(s..e) else {
            return false;
        };
        if !set.may_hold(t) {
            return false;
        }
        if let Some(hit) = set.contains_short(t) {
            return hit;
        }
        let mut buf = std::mem::take(&mut self.buf);
        lower_into(&self.text[s..e], &mut buf);
        let hit = set.contains(&buf);
        self.buf = buf;
        hit
    }

    /// A word at `start..j` followed by a period at `j`: an abbreviation ("Sig.", "sig.ra"),
    /// a dotted acronym ("U.S.", "G.W."), an initial ("J."), or a word and a separate period.
    fn word_period(&mut self, start: usize, j: usize, e: usize) -> usize {
        // The dotted run: word characters and single periods each followed by a word character,
        // plus one final period.
        let mut k = j;
        let mut inner = false;
        loop {
            // At a period.
            let after = k + 1;
            if after < e && is_word_char(self.ch(after).0) {
                inner = true;
                k = self.word_run(after, e);
                if k < e && self.b[k] == b'.' {
                    continue;
                }
                break;
            }
            k = after;
            break;
        }
        if inner {
            let run = &self.text[start..k];
            let mut buf = std::mem::take(&mut self.buf);
            let kind = self.rules.abbreviation(run, &mut buf);
            self.buf = buf;
            if let Some(kind) = kind {
                self.emit(start, k, TokenKind::Word, abbrev_flags(kind));
                return k;
            }
            if run.ends_with('.') && is_dotted_acronym(run) {
                self.emit(start, k, TokenKind::Word, ABBR_MAY);
                return k;
            }
        }
        let form = &self.text[start..j + 1];
        let mut buf = std::mem::take(&mut self.buf);
        let kind = self.rules.abbreviation(form, &mut buf);
        self.buf = buf;
        if let Some(kind) = kind {
            self.emit(start, j + 1, TokenKind::Word, abbrev_flags(kind));
            return j + 1;
        }
        let word = &self.text[start..j];
        let mut cs = word.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if c.is_uppercase() {
                // An initial: "J. R. R. Tolkien".
                self.emit(start, j + 1, TokenKind::Word, ABBR_MAY);
                return j + 1;
            }
        }
        self.emit_word(start, j);
        j
    }

    /// One punctuation or symbol token at `i` (runs of `.!?…` and of `-` are one token).
    fn punct(&mut self, i: usize, e: usize) -> usize {
        let (c, l) = self.ch(i);
        let mut j = i + l;
        // ASCII marks (nearly all of them) from a table: the match is a jump table whose
        // indirect branch mispredicts about once a mark
        let flags = match ASCII_MARKS.get(c as usize) {
            Some(&f) => f,
            None => mark_flags(c),
        };
        // a run of terminal marks: among ASCII marks only `.`, `!` and `?` are terminal, so the
        // table's flag answers for them (the four-way match was a jump table whose indirect
        // branch mispredicted about once in two marks)
        let run = if c.is_ascii() {
            flags & TERMINAL != 0
        } else {
            c == '…'
        };
        if run {
            while j < e {
                let (d, m) = self.ch(j);
                if !matches!(d, '.' | '!' | '?' | '…') {
                    break;
                }
                j += m;
            }
        } else if c == '-' {
            while j < e && self.b[j] == b'-' {
                j += 1;
            }
        }
        let kind = if is_symbol(c) {
            TokenKind::Symbol
        } else {
            TokenKind::Punct
        };
        self.emit(i, j, kind, flags);
        j
    }
}

fn abbrev_flags(kind: AbbrevKind) -> u16 {
    match kind {
        AbbrevKind::Never => ABBR_NEVER,
        AbbrevKind::MayEnd => ABBR_MAY,
    }
}

/// Letters and periods, each piece one or two letters long, ending with a period: "U.S.",
/// "e.g.", "G.W.", "Ph.D.", "S.p.A.".
fn is_dotted_acronym(run: &str) -> bool {
    let body = &run[..run.len() - 1];
    body.split('.').all(|p| {
        let n = p.chars().count();
        (1..=2).contains(&n) && p.chars().all(char::is_alphabetic)
    })
}

/// [`mark_flags`] of each ASCII character.
static ASCII_MARKS: [u16; 128] = {
    let mut t = [0u16; 128];
    let mut x = 0;
    while x < 128 {
        t[x] = mark_flags(x as u8 as char);
        x += 1;
    }
    t
};

/// The flags of a punctuation character.
const fn mark_flags(c: char) -> u16 {
    match c {
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '।' => {
            TERMINAL
        }
        '«' | '“' | '„' | '‘' | '‹' | '¿' | '¡' | '「' | '『' | '《' => OPENER,
        '(' | '[' | '{' | '（' => OPENER | CONTINUATION | BRACKET_OPEN,
        '»' | '”' | '’' | '›' | ')' | ']' | '}' | '」' | '』' | '》' | '）' => CLOSER,
        '"' | '\'' => QUOTE,
        '-' | '–' | '—' | '•' => OPENER | CONTINUATION,
        ',' | ';' | ':' | '/' | '&' | '，' | '；' | '：' | '、' => CONTINUATION,
        _ => 0,
    }
}

/// Symbols (as opposed to punctuation): currency, maths, `%`, `©`, emoji and the like.
fn is_symbol(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '$' | '%' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' | '#' | '@' | '*'
        );
    }
    !is_unicode_punct(c)
}

fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‹'
            | '›'
            | '…'
            | '–'
            | '—'
            | '‐'
            | '‑'
            | '‒'
            | '―'
            | '·'
            | '•'
            | '¡'
            | '¿'
            | '。'
            | '、'
            | '！'
            | '？'
            | '，'
            | '：'
            | '；'
            | '（'
            | '）'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '؟'
            | '।'
            | '′'
            | '″'
            | '‚'
            | '‛'
            | '‟'
            | '§'
            | '¶'
    )
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₽' | '₹' | '₩' | '₴' | '₺' | '¢')
}

fn is_sign(c: char) -> bool {
    matches!(c, '-' | '+' | '−')
}

/// [`BYTE_CLASS`] bits: an ASCII letter, digit or `_` (a word goes on)…
const WORD_BYTE: u8 = 1;
/// …ASCII whitespace or a line break (a chunk ends)…
const ASCII_BLANK: u8 = 2;
/// …`@` (the chunk may be an e-mail address)…
const AT: u8 = 4;
/// …a byte of a multi-byte character (decoded to decide)…
const NON_ASCII: u8 = 8;
/// …an ASCII byte after a run of word bytes that ends the word there: anything but a word byte,
/// an apostrophe or a period (which `Scanner::word_from` looks at).
const WORD_END: u8 = 16;

/// The first index from `j` holding a byte the chunk loop must look at — one below `!` (every
/// ASCII blank is), `@`, or a byte of a multi-byte character — tested eight bytes at a time; the
/// end of the whole eight-byte windows when there is none. Every byte passed over is one the
/// loop would step over anyway (a word byte or ASCII punctuation), so it decides the same.
///
/// A chunk is a word or two and its punctuation: one window usually holds its end, where the
/// byte loop took a table lookup and three tests per byte.
#[inline]
fn skip_plain(b: &[u8], mut j: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(w) = b.get(j..j + 8) {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // the high bit of each byte below 0x21, of each zero byte of `w ^ '@'`, and of each
        // non-ASCII byte; borrows only ever mark bytes above a marked one, so the lowest mark
        // is exact
        let low = w.wrapping_sub(ONES * 0x21) & !w;
        let at = w ^ (ONES * u64::from(b'@'));
        let at = at.wrapping_sub(ONES) & !at;
        let m = (low | at | w) & HIGH;
        if m != 0 {
            return j + (m.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    j
}

/// The end of the run of ASCII word bytes (letters, digits, `_`: [`WORD_BYTE`]) from `i`, at
/// most `e`: the index of the first other byte, found eight bytes at a time. A word ends at an
/// unpredictable byte; the byte loop paid a branch per byte and a mispredicted exit per word.
///
/// Exact: each byte's tests are made on its low seven bits with additions that never carry
/// into the next byte (every sum stays below 0x100), and a byte with its high bit set is never
/// a word byte; all bytes before the first marked one are word bytes, so clamping at `e` gives
/// what a byte loop stopping at `e` gives.
#[inline]
fn ascii_word_end(b: &[u8], mut i: usize, e: usize) -> usize {
    while i < e {
        let Some(w) = b.get(i..).and_then(|s| s.first_chunk::<8>()) else {
            break;
        };
        let m = non_word_bytes(u64::from_le_bytes(*w));
        if m != 0 {
            return (i + (m.trailing_zeros() / 8) as usize).min(e);
        }
        i += 8;
    }
    while i < e && BYTE_CLASS[b[i] as usize] & WORD_BYTE != 0 {
        i += 1;
    }
    i.min(e)
}

/// The high bit of each byte of `w` that is not an ASCII letter, digit or `_` (see
/// [`ascii_word_end`]).
#[inline]
fn non_word_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let v = w & !HIGH;
    // `x + (0x80 - lo)` has its high bit set when x >= lo, `x + (0x7f - hi)` when x > hi
    let l = v | (ONES * 0x20);
    let letter = (l + ONES * (0x80 - b'a' as u64)) & !(l + ONES * (0x7f - b'z' as u64));
    let digit = (v + ONES * (0x80 - b'0' as u64)) & !(v + ONES * (0x7f - b'9' as u64));
    let under = !((v ^ (ONES * b'_' as u64)) + ONES * 0x7f);
    !((letter | digit | under) & !w) & HIGH
}

/// The class of each byte, so the loops over every byte of a text test one table entry
/// instead of a chain of comparisons.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut x = 0;
    while x < 256 {
        let b = x as u8;
        t[x] = if b >= 0x80 {
            NON_ASCII
        } else if b.is_ascii_alphanumeric() || b == b'_' {
            WORD_BYTE
        } else if b == b'\n' || is_ascii_space(b) {
            ASCII_BLANK | WORD_END
        } else if b == b'@' {
            AT | WORD_END
        } else if b == b'\'' || b == b'.' {
            0
        } else {
            WORD_END
        };
        x += 1;
    }
    t
};

#[inline]
const fn is_ascii_space(x: u8) -> bool {
    matches!(x, b' ' | b'\t' | b'\r' | 0x0B | 0x0C)
}

/// Whitespace, plus the invisible separators that split words the same way.
#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Letters, digits and the marks that combine with them (accents written as combining
/// characters, joiners, variation selectors, soft hyphens).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    // ASCII (most characters asked about: punctuation next to words): a letter or digit
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin-1 letters (accented Italian vowels), answered without the Unicode tables: every
    // character from U+00C0 to U+00FF is alphabetic but × and ÷
    if ('\u{c0}'..='\u{ff}').contains(&c) {
        return c != '×' && c != '÷';
    }
    // General Punctuation (typographic quotes and apostrophes, dashes, ellipsis: the commonest
    // other characters of news text), answered without the tables' binary searches: none of
    // it is a letter or digit, and only the two joiners are marks (the test below checks it)
    if ('\u{2000}'..='\u{206f}').contains(&c) {
        return matches!(c, '\u{200C}' | '\u{200D}');
    }
    c.is_alphanumeric() || (!c.is_ascii() && (is_mark(c) || c == '\u{AD}'))
}

fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x300..=0x36F | 0x483..=0x489 | 0x591..=0x5BD | 0x610..=0x61A | 0x64B..=0x65F
        | 0x670 | 0x6D6..=0x6DC | 0x900..=0x903 | 0x93A..=0x94F | 0x951..=0x957
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C | 0x200D | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xE0100..=0xE01EF)
}

fn digits(b: &[u8], mut i: usize, e: usize) -> usize {
    while i < e && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The character at byte `i` (a character boundary) and its length, ASCII first.
#[inline]
pub(crate) fn decode(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the chunk loop must look at itself (see [`skip_plain`]).
    fn must_look(x: u8) -> bool {
        x < 0x21 || x == b'@' || x >= 0x80
    }

    #[test]
    fn word_chars_agree_with_the_unicode_tables() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let want = c.is_alphanumeric() || (!c.is_ascii() && (is_mark(c) || c == '\u{AD}'));
            assert_eq!(is_word_char(c), want, "{c:?}");
        }
    }

    #[test]
    fn ascii_marks_table() {
        for x in 0..128u8 {
            assert_eq!(ASCII_MARKS[x as usize], mark_flags(x as char), "{x}");
        }
    }

    /// `Scanner::punct` takes the table's terminal flag for an ASCII mark that starts a run.
    #[test]
    fn ascii_terminals_are_the_run_marks() {
        for x in 0..128u8 {
            let run = matches!(x as char, '.' | '!' | '?' | '…');
            assert_eq!(ASCII_MARKS[x as usize] & TERMINAL != 0, run, "{x}");
        }
    }

    #[test]
    fn word_end_class() {
        for x in 0..=255u8 {
            let want =
                x < 0x80 && !(x.is_ascii_alphanumeric() || x == b'_' || x == b'\'' || x == b'.');
            assert_eq!(BYTE_CLASS[x as usize] & WORD_END != 0, want, "{x}");
        }
    }

    #[test]
    fn ascii_word_end_stops_at_the_first_non_word_byte() {
        let word = |x: u8| x.is_ascii_alphanumeric() || x == b'_';
        // every byte value as the stop, at every place of two windows, with word bytes next to
        // the range limits around it, and every end `e`
        let plain = b"aAzZ09_m";
        for stop in 0..=255u8 {
            for pos in 0..20 {
                let mut t: Vec<u8> = plain.iter().cycle().take(22).copied().collect();
                t[pos] = stop;
                for start in 0..=pos {
                    for e in start..=t.len() {
                        let want = (start..e).find(|&i| !word(t[i])).unwrap_or(e);
                        assert_eq!(ascii_word_end(&t, start, e), want, "{t:?} {start}..{e}");
                    }
                }
            }
        }
    }

    #[test]
    fn skip_plain_stops_at_the_first_byte_to_look_at() {
        // bytes next to the thresholds ('!', '?', 'A', DEL) are plain; a second stop right
        // after the first checks that borrows never mark a byte before it
        let plain = b"!?A\x7f-9_z";
        for stop in [b' ', b'\n', b'\t', 0, 0x20, b'@', 0x80, 0xc3, 0xff] {
            for pos in 0..24 {
                for after in [None, Some(0u8), Some(b'@'), Some(0xe2)] {
                    let mut t: Vec<u8> = plain.iter().cycle().take(26).copied().collect();
                    t[pos] = stop;
                    if let Some(a) = after {
                        t[pos + 1] = a;
                    }
                    for start in 0..=pos {
                        let first = (start..t.len()).find(|&i| must_look(t[i])).unwrap();
                        let got = skip_plain(&t, start);
                        assert!(got <= first, "{t:?} from {start}: {got} past {first}");
                        assert!(
                            got == first || got + 8 > t.len(),
                            "{t:?} from {start}: stopped at {got}, not {first}"
                        );
                    }
                }
            }
        }
    }
}
