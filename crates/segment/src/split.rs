//! Sentence boundaries, decided on the token sequence.

use annalist_doc::{Span, Token, TokenKind};

use crate::rules::{lower_into, LangRules};
use crate::scan::{
    Cand, Marks, ABBR_MAY, BRACKET_OPEN, CLOSER, CONTINUATION, LOWER, OPENER, QUOTE, TERMINAL,
};

/// In hard-wrapped text, a line shorter than this share of the longest line (in tenths) that
/// starts no lower-case continuation is taken for a headline.
const SHORT_LINE_TENTHS: usize = 6;

pub(crate) fn sentences(
    text: &str,
    tokens: &[Token],
    marks: &Marks,
    rules: &LangRules,
) -> Vec<Span> {
    let n = tokens.len();
    // a sentence ends only before a candidate: never more sentences than candidates and one
    let mut out = Vec::with_capacity(marks.cands.len() + 1);
    if n == 0 {
        return out;
    }
    let lines = Lines::measure(tokens, marks);
    let mut sp = Splitter {
        text,
        tokens,
        cands: &marks.cands,
        rules,
        lines,
        buf: String::new(),
    };
    let mut first = 0;
    // Only the scan's candidates: at any other token (on the line of the one before, after a
    // mark that can neither end nor close a sentence: a word, a comma) `boundary` says no at
    // its first tests.
    for (ci, c) in marks.cands.iter().enumerate() {
        let k = c.k as usize;
        if k == 0 || k >= n {
            continue;
        }
        if sp.boundary(first, ci) {
            out.push(Span::new(
                tokens[first].span.start as usize,
                tokens[k - 1].span.end as usize,
            ));
            first = k;
        }
    }
    out.push(Span::new(
        tokens[first].span.start as usize,
        tokens[n - 1].span.end as usize,
    ));
    out
}

/// What the line structure of the document says.
struct Lines {
    /// Many single line breaks continue a sentence in lower case: the text is hard-wrapped.
    wrapped: bool,
    /// For wrapped text: length of the line each token ends, set on the last token of a line.
    line_len: Vec<u32>,
    max_len: usize,
}

impl Lines {
    /// `marks` holds the counts of line breaks (see [`Marks`]), taken by the scan as it emitted
    /// the tokens, and every token after a line break among its candidates.
    fn measure(tokens: &[Token], marks: &Marks) -> Lines {
        let (singles, soft) = (marks.singles, marks.soft);
        let wrapped = soft >= 2 && soft * 4 >= singles;
        let mut line_len = Vec::new();
        let mut max_len = 0;
        if wrapped {
            line_len = vec![0u32; tokens.len()];
            let mut line_start = tokens[0].span.start;
            // the tokens that start a line (in order), then the end of the text
            let starts = marks
                .cands
                .iter()
                .filter(|c| c.nl > 0)
                .map(|c| c.k as usize);
            for k in starts.chain([tokens.len()]) {
                if k == 0 || k > tokens.len() {
                    continue;
                }
                let len = tokens[k - 1].span.end - line_start;
                line_len[k - 1] = len;
                max_len = max_len.max(len as usize);
                if k < tokens.len() {
                    line_start = tokens[k].span.start;
                }
            }
        }
        Lines {
            wrapped,
            line_len,
            max_len,
        }
    }

    fn short_line_ends_at(&self, k: usize) -> bool {
        (self.line_len[k] as usize) * 10 < self.max_len * SHORT_LINE_TENTHS
    }
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    cands: &'a [Cand],
    rules: &'a LangRules,
    lines: Lines,
    buf: String,
}

impl Splitter<'_> {
    /// Whether a sentence (begun at token `first`) ends before candidate `ci`'s token.
    fn boundary(&mut self, first: usize, ci: usize) -> bool {
        let cur = self.cands[ci];
        let k = cur.k as usize;
        if cur.nl >= 2 {
            return true;
        }
        if cur.nl == 1 && cur.prev & CONTINUATION == 0 && cur.flags & LOWER == 0 {
            if !self.lines.wrapped {
                return true;
            }
            if cur.prev & (TERMINAL | CLOSER) == 0 && self.lines.short_line_ends_at(k - 1) {
                return true;
            }
        }
        self.ends_at_mark(first, ci)
    }

    /// The flags of token `t`, before candidate `ci`'s token, as far as the splitter asks them:
    /// those recorded with the candidate right after it, found by a walk back from `ci` (a step
    /// or two: `t` is at most a few tokens back); when the token after `t` is no candidate, `t`
    /// has none of the `MARKED` (see `Marks::cands`) bits, the only ones asked, and 0 says the same.
    fn flags_of(&self, ci: usize, t: usize) -> u16 {
        let want = t + 1;
        let before = self.cands.get(..=ci).unwrap_or(&[]);
        for c in before.iter().rev() {
            let k = c.k as usize;
            if k <= want {
                return if k == want { c.prev } else { 0 };
            }
        }
        0
    }

    /// The rule inside a line: a sentence-ending mark, then closing quotes and brackets, then a
    /// token that can start a sentence.
    fn ends_at_mark(&mut self, first: usize, ci: usize) -> bool {
        let cur = self.cands[ci];
        let k = cur.k as usize;
        // Most tokens follow a word or a comma: with no mark before them that can end a
        // sentence or close one, nothing below can find an end (the walk back stops at once and
        // the mark it stops at is neither terminal nor an abbreviation).
        if cur.prev & (TERMINAL | ABBR_MAY | CLOSER | QUOTE) == 0 {
            return false;
        }
        let t = self.tokens;
        let glued = t[k].span.start == t[k - 1].span.end;
        let next = cur.flags;
        if glued && next & (CLOSER | QUOTE) != 0 {
            return false;
        }
        // Back over the closing marks to the candidate end; `f` is token `e`'s flags.
        let mut e = k - 1;
        let mut f = cur.prev;
        while e > first {
            let glued_prev = t[e].span.start == t[e - 1].span.end;
            if f & CLOSER != 0 || (f & QUOTE != 0 && glued_prev) {
                e -= 1;
                f = self.flags_of(ci, e);
            } else {
                break;
            }
        }
        if f & TERMINAL != 0 {
            // "[...]" and "(…)" mark an omission.
            if e > first
                && t[e].span.start == t[e - 1].span.end
                && self.flags_of(ci, e - 1) & BRACKET_OPEN != 0
            {
                return false;
            }
            return self.can_start(ci);
        }
        if f & ABBR_MAY != 0 {
            return self.is_starter(ci);
        }
        false
    }

    fn can_start(&self, ci: usize) -> bool {
        let c = self.cands[ci];
        let (k, f) = (c.k as usize, c.flags);
        match self.tokens[k].kind {
            TokenKind::Word => f & LOWER == 0,
            TokenKind::Punct => {
                f & (OPENER | QUOTE) != 0 && f & BRACKET_OPEN == 0 || {
                    // "(" opens a sentence only when a capital follows it; the token after a
                    // bracket is always the next candidate (see `Marks::cands`)
                    f & BRACKET_OPEN != 0
                        && k + 1 < self.tokens.len()
                        && self
                            .cands
                            .get(ci + 1)
                            .filter(|n| n.k as usize == k + 1)
                            .map_or(0, |n| n.flags)
                            & LOWER
                            == 0
                }
            }
            _ => true,
        }
    }

    /// A capitalised word from the pack's sentence starters ("The", "Il").
    fn is_starter(&mut self, ci: usize) -> bool {
        let c = self.cands[ci];
        let (k, f) = (c.k as usize, c.flags);
        if self.tokens[k].kind != TokenKind::Word || f & LOWER != 0 {
            return false;
        }
        let w = self.tokens[k].span.text(self.text);
        lower_into(w, &mut self.buf);
        self.rules.starter(&self.buf)
    }
}
