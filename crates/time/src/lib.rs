//! Times and quantities in news text, resolved against the day the article was published.
//!
//! News dates its events relative to its own publication: "mercoledì", "lo scorso anno",
//! "nell'aprile di quest'anno", "last Tuesday". This stage finds such expressions and gives
//! each a TIMEX3 value, a precision and the interval it covers (`Document::times`), and finds
//! amounts with their bounds and unit ("circa 15mila soldati", `Document::quantities`).
//!
//! Language knowledge lives in each pack's `time/` folder: a lexicon (weekdays, months, grains,
//! holidays, units…), number-word morphemes, tense cues and Duckling-style rules (see
//! [`rules`]). The Rust side is a small chart parser, a fixed vocabulary of operations and the
//! calendar arithmetic (jiff).
//!
//! Resolution follows the news convention by default: a bare weekday in a past-tense clause is
//! the latest such day on or before the reference, in a future clause the next one, and with no
//! cue the nearest. [`Convention::Assistant`] reproduces Duckling's "next occurrence" reading
//! for its corpora. A document without a reference keeps relative values unresolved
//! (`XXXX-…`) and says so in a diagnostic; it never uses today's date.
//!
//! Architecture invariant: depends only on `annalist-doc` and `annalist-lang`; it does not use
//! the segmentation stage's tokens (it scans the text itself) so the stages stay independent.

pub mod cal;
pub mod chart;
pub mod eval;
pub mod prod;
pub mod rules;
pub mod tense;
pub mod token;
pub mod window;

use std::collections::HashMap;

use annalist_doc::{Document, Quantity, Span, Time};
use annalist_lang::{PackError, Packs};
use jiff::civil::{Date, DateTime};

use cal::{Dir, Grain, HolidayTable, Season};
use chart::Piece;
use prod::{Ctx, Tv, Val};
use rules::{Grammar, K_DUR, K_QTY, K_TIME};
use token::Tok;

/// How bare, undirected expressions ("martedì", "il 19") are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// By the tense of the clause: past → on or before the reference, future → after it.
    #[default]
    News,
    /// Duckling's assistant reading: the next occurrence after the reference instant.
    Assistant,
}

impl std::str::FromStr for Convention {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "news" => Ok(Convention::News),
            "assistant" => Ok(Convention::Assistant),
            _ => Err(format!("unknown convention {s:?} (news|assistant)")),
        }
    }
}

/// Per-call options.
#[derive(Debug, Clone, Default)]
pub struct TimeOptions {
    /// Reference time (ISO date or date-time); overrides the document's `published`.
    pub reference: Option<String>,
    pub convention: Convention,
}

/// One resolved expression, before rendering (used by the evaluation too).
#[derive(Debug, Clone)]
pub struct Found {
    pub start: u32,
    pub end: u32,
    pub tv: Option<Tv>,
    pub iv: Option<cal::Iv>,
    pub dur: Option<(f64, Grain)>,
    pub rule: String,
}

impl Found {
    /// A copy without the rule's name (empty), for the second probe's comparisons.
    fn unnamed(&self) -> Found {
        Found {
            start: self.start,
            end: self.end,
            tv: self.tv.clone(),
            iv: self.iv,
            dur: self.dur,
            rule: String::new(),
        }
    }
}

/// The time and quantity stage, built once from the packs.
#[derive(Debug)]
pub struct TimeTagger {
    grammars: HashMap<String, Grammar>,
    seasons: Vec<Season>,
    holidays: HashMap<String, HolidayTable>,
}

impl TimeTagger {
    /// Parses every pack's `time/` tables; errors name the file and line.
    pub fn new(packs: &Packs) -> Result<Self, PackError> {
        let mut grammars = HashMap::new();
        for code in packs.languages() {
            let Some(pack) = packs.get(code) else {
                continue;
            };
            if !pack.has("time/rules.tsv") {
                continue;
            }
            grammars.insert(code.to_string(), Grammar::load(pack)?);
        }
        let common = packs.common();
        let mut seasons = Vec::new();
        for row in common.rows("time/seasons.tsv") {
            let [code, s, e] = row.columns::<3>()?;
            let md = |x: &str| -> Option<(i8, i8)> {
                let (m, d) = x.split_once('-')?;
                Some((m.parse().ok()?, d.parse().ok()?))
            };
            seasons.push(Season {
                code: code.to_string(),
                start: md(s).ok_or_else(|| row.error("start must be MM-DD"))?,
                end: md(e).ok_or_else(|| row.error("end must be MM-DD"))?,
            });
        }
        let mut tables: HashMap<String, Vec<(Date, u16)>> = HashMap::new();
        for row in common.rows("time/holiday-dates.tsv") {
            // name, first day, and the length in days when it varies by year (Ramadan).
            let f: Vec<&str> = row.fields().collect();
            let (name, d, days) = match f[..] {
                [name, d] => (name, d, "1"),
                [name, d, days] => (name, d, days),
                _ => return Err(row.error("expected name, YYYY-MM-DD[, days]")),
            };
            let d: Date = d
                .parse()
                .map_err(|_| row.error("date must be YYYY-MM-DD"))?;
            let days: u16 = days
                .parse()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| row.error("days must be a whole number of at least 1"))?;
            tables.entry(name.to_string()).or_default().push((d, days));
        }
        // Sorted by date, so that a year's date is found by binary search; shared, so that
        // every match of a holiday name clones a pointer, not the table.
        let holidays = tables
            .into_iter()
            .map(|(k, mut v)| {
                v.sort_unstable();
                (k, HolidayTable::from(v))
            })
            .collect();
        Ok(TimeTagger {
            grammars,
            seasons,
            holidays,
        })
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.grammars.keys().map(String::as_str)
    }

    /// Finds times and quantities in `doc` and appends them to `doc.times` / `doc.quantities`.
    pub fn annotate(&self, doc: &mut Document, opts: &TimeOptions) {
        let lang = doc.lang.clone().unwrap_or_default();
        let Some(g) = self.grammars.get(&lang) else {
            doc.info(
                format!("time: no time rules for language {lang:?}; times not extracted"),
                None,
            );
            return;
        };
        let reference = opts.reference.clone().or_else(|| doc.published.clone());
        let offset = reference.as_deref().and_then(reference_offset);
        let now = match reference.as_deref().map(parse_reference) {
            Some(Some(t)) => Some(t),
            Some(None) => {
                doc.warn(
                    format!(
                        "time: reference {:?} is not an ISO date; relative times left unresolved",
                        reference.unwrap_or_default()
                    ),
                    None,
                );
                None
            }
            None => None,
        };
        let (mut found, found_b) =
            self.find_in_windows(g, &doc.text, &doc.sentences, now, offset, opts.convention);
        let mut unresolved = 0;
        doc.times.reserve(found.times.len());
        for mut f in found.times.drain(..) {
            // Without a reference, whatever changes with the reference is relative: keep
            // only what the text fixes, as TIMEX3 `X` digits. The value is a function of
            // (tv, iv, dur): where the second probe found the same it renders the same, and
            // where it found nothing the value is dropped, so either way only one is rendered
            // (most times in news are absolute).
            let (value, keep) = match found_b.as_ref().map(|b| {
                b.times
                    .iter()
                    .find(|x| x.start == f.start && x.end == f.end)
            }) {
                None => (self.render_value(&f), true),
                Some(None) => (String::new(), false),
                Some(Some(x)) if x.dur == f.dur && x.iv == f.iv && x.tv == f.tv => {
                    (self.render_value(&f), true)
                }
                Some(Some(x)) => {
                    let keep = match (f.dur, &f.tv, f.iv, x.dur, &x.tv, x.iv) {
                        (None, Some(a), Some(ai), None, Some(b), Some(bi)) => {
                            prod::same_value((a, ai), (b, bi), &self.seasons)
                        }
                        _ => self.render_value(x) == self.render_value(&f),
                    };
                    // A value not kept is replaced below: not worth writing.
                    let value = if keep {
                        self.render_value(&f)
                    } else {
                        String::new()
                    };
                    (value, keep)
                }
            };
            // The rule's name moves to the record (`f` is not needed after).
            let rule = std::mem::take(&mut f.rule);
            let text = &doc.text[f.start as usize..f.end as usize];
            let mut t = self.render_with(&f, text, value, keep, rule);
            if !keep {
                t.value =
                    f.tv.as_ref()
                        .map(prod::unresolved)
                        .unwrap_or_else(|| "XXXX".into());
                unresolved += 1;
            }
            doc.times.push(t);
        }
        if unresolved > 0 {
            doc.warn(
                format!("time: no reference date; {unresolved} relative time(s) left unresolved"),
                None,
            );
        }
        doc.quantities.reserve(found.quantities.len());
        for q in found.quantities.drain(..) {
            doc.quantities.push(q.with_text(&doc.text));
        }
        // The emptied buffers serve the next document (see `Scratch::spare`).
        SCRATCH.with(|cell| {
            if let Ok(mut s) = cell.try_borrow_mut() {
                s.spare = found;
                if let Some(b) = found_b {
                    s.spare_b = b;
                }
            }
        });
    }

    /// Runs the rules only on the candidate windows of `text` (see [`window`]): tokenizes and
    /// parses each window on its own; the tense around it is read on the scanned items when an
    /// operation needs it ([`tense`]). Without a reference, also parses against a second probe
    /// date (see `annotate`).
    fn find_in_windows(
        &self,
        g: &Grammar,
        text: &str,
        sentences: &[Span],
        now: Option<DateTime>,
        offset: Option<i32>,
        conv: Convention,
    ) -> (Finds, Option<Finds>) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.find_in_windows_with(&mut s, g, text, sentences, now, offset, conv),
            Err(_) => self.find_in_windows_with(
                &mut Scratch::default(),
                g,
                text,
                sentences,
                now,
                offset,
                conv,
            ),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn find_in_windows_with(
        &self,
        scratch: &mut Scratch,
        g: &Grammar,
        text: &str,
        sentences: &[Span],
        now: Option<DateTime>,
        offset: Option<i32>,
        conv: Convention,
    ) -> (Finds, Option<Finds>) {
        let mut found = std::mem::take(&mut scratch.spare);
        found.clear();
        let mut found_b = now.is_none().then(|| {
            let mut b = std::mem::take(&mut scratch.spare_b);
            b.clear();
            b
        });
        let Some(pf) = &g.prefilter else {
            return (found, found_b);
        };
        let Scratch {
            items,
            anchors,
            memos,
            wins,
            toks,
            dir_buffers,
            bufs,
            ..
        } = scratch;
        let memo = window::AnchorMemo::pick(memos, pf);
        pf.scan_with(g, text, conv == Convention::Assistant, items, anchors, memo);
        window::windows_of(anchors, items.len(), pf.span, wins);
        let mut dirs = if conv == Convention::Assistant {
            tense::Dirs::fixed(Dir::After)
        } else {
            tense::Dirs::news_in(g, items, text, sentences, std::mem::take(dir_buffers))
        };
        for &(a, e) in wins.iter() {
            // The window's tokens lead the buffer (which only grows: see
            // `token::fill_from_items`).
            token::fill_from_items(text, &items[a..e], toks);
            let toks = &toks[..e - a];
            if toks.is_empty() {
                continue;
            }
            // Token i is item a + i, for reading the tense around it.
            dirs.window = a as u32..e as u32;
            bufs.chart.prepare(g, toks);
            // A window where no rule can apply reports nothing (and reads no reference).
            if !bufs.chart.may_build(g, conv == Convention::Assistant) {
                continue;
            }
            // The window's finds are appended to the document's (no vectors per window).
            let t0 = found.times.len();
            let reads = self.find(
                g,
                toks,
                &mut dirs,
                now.unwrap_or(PROBE_A),
                offset,
                conv,
                bufs,
                Parse::Run,
                true,
                &mut found,
            );
            // The second probe only tells relative times apart: skip it where the first found
            // none, and where nothing in the first read the reference (the second would find
            // the same). It reuses the prepared window, and the first's chart: as it is when
            // only the choice of expressions read the reference, else with the productions
            // that read it evaluated again (a full parse only when that changes what the
            // patterns can match).
            if let (Some(b), false) = (&mut found_b, found.times.len() == t0) {
                match reads {
                    Reads::None => b.times.extend(found.times[t0..].iter().map(Found::unnamed)),
                    r => {
                        self.find(
                            g,
                            toks,
                            &mut dirs,
                            PROBE_B,
                            offset,
                            conv,
                            bufs,
                            if r == Reads::Chart {
                                Parse::Replay
                            } else {
                                Parse::No
                            },
                            false,
                            b,
                        );
                    }
                }
            }
        }
        if conv != Convention::Assistant {
            *dir_buffers = dirs.into_buffers();
        }
        (found, found_b)
    }

    /// The `value` [`TimeTagger::render`] gives.
    fn render_value(&self, f: &Found) -> String {
        if let Some((n, g)) = f.dur {
            return prod::duration(n, g);
        }
        match (&f.tv, f.iv) {
            (Some(tv), Some(iv)) => prod::render_value(tv, iv, &self.seasons),
            _ => "XXXX".into(),
        }
    }

    fn render(&self, f: &Found, text: &str) -> Time {
        self.render_with(f, text, self.render_value(f), true, f.rule.clone())
    }

    /// [`TimeTagger::render`] given the value already rendered and the rule's name (moved in
    /// where the caller owns it); the bounds (`from`, `to`) are written only `with_bounds`: a
    /// relative time left unresolved drops them, and they cost most of the rendering.
    fn render_with(
        &self,
        f: &Found,
        text: &str,
        value: String,
        with_bounds: bool,
        rule: String,
    ) -> Time {
        let span = Span::new(f.start as usize, f.end as usize);
        let (precision, (from, to)) = match (f.dur, &f.tv, f.iv) {
            (Some(_), _, _) => ("duration", (None, None)),
            (None, Some(tv), Some(iv)) => (
                prod::precision(tv, iv),
                if with_bounds {
                    prod::bounds(tv, iv)
                } else {
                    (None, None)
                },
            ),
            _ => ("day", (None, None)),
        };
        Time {
            span,
            text: text.to_string(),
            value,
            precision: precision.into(),
            from,
            to,
            rule: Some(rule),
        }
    }

    /// Parses tokens (already given to `chart.prepare`) and appends the expressions to report
    /// to `out` (in order within the window), saying what read the reference date. With [`Parse::No`], chooses again among
    /// the pieces of the previous call (which must have been on the same tokens and must not
    /// have read the reference while parsing); with [`Parse::Replay`], first brings them to
    /// this reference (see [`chart::Chart::replay`]; the previous call must have been on the
    /// same tokens). The times found carry their rule's name only when `named`: the second
    /// probe's are only compared with the first's, never written.
    #[allow(clippy::too_many_arguments)]
    fn find(
        &self,
        g: &Grammar,
        toks: &[Tok],
        dirs: &mut tense::Dirs,
        now: DateTime,
        offset: Option<i32>,
        conv: Convention,
        bufs: &mut FindBuffers,
        parse: Parse,
        named: bool,
        out: &mut Finds,
    ) -> Reads {
        let FindBuffers {
            chart,
            pieces,
            order,
            taken,
        } = bufs;
        let ctx = Ctx {
            g,
            now: prod::Now::new(now),
            offset,
            conv,
            seasons: &self.seasons,
            holidays: &self.holidays,
        };
        // Whether the pieces keep the previous call's kinds, spans, sizes and order (only
        // values change): then so does the order of choice, still in `order`.
        let mut same_order = match parse {
            Parse::Run => {
                chart.run_unordered(toks, &ctx, dirs, pieces);
                false
            }
            Parse::Replay => {
                let kept = chart.replay(&ctx, pieces);
                if !kept {
                    chart.run_unordered(toks, &ctx, dirs, pieces);
                }
                kept
            }
            Parse::No => true,
        };
        let mut chart_read = ctx.now.take_read();
        let (t0, q0) = (out.times.len(), out.quantities.len());
        // The choice, again from the start when it reaches pieces whose order the run left
        // open (see `Chart::run_unordered`) and that order decides: then they are ordered
        // first, and the choice made so far (which read only pieces before them) is made
        // again the same way.
        'choice: loop {
            // Longest first, then leftmost, then fewest steps; among equals the piece built
            // last (the most composed) wins. The order is total (the index decides last), so
            // it is one integer per piece sorted without a stable sort's comparator calls:
            // length and index inverted, all fields at full width (a window's token and piece
            // counts are u32), the piece's index read back from the low bits. The second
            // probe's pieces mostly differ from the first's only in value, and then so does
            // nothing here.
            if !same_order {
                order.clear();
                order.extend(
                    pieces
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| matches!(p.kind, K_TIME | K_DUR | K_QTY))
                        .map(|(i, p)| {
                            ((u32::MAX - (p.e - p.s)) as u128) << 96
                                | (p.s as u128) << 64
                                | (p.size as u128) << 32
                                | (u32::MAX - i as u32) as u128
                        }),
                );
                order.sort_unstable();
            }
            same_order = false;
            out.times.truncate(t0);
            out.quantities.truncate(q0);
            taken.clear();
            taken.resize(toks.len(), false);
            for (i, &k) in order.iter().enumerate() {
                let p = &pieces[(u32::MAX - k as u32) as usize];
                if taken[p.s as usize..p.e as usize].iter().any(|&x| x) {
                    continue;
                }
                if chart.is_unordered() && order_decides(pieces, order, i) {
                    if !chart.order(g, pieces) {
                        let _ = ctx.now.take_read();
                        chart.run(toks, &ctx, dirs, pieces);
                        chart_read |= ctx.now.take_read();
                    }
                    continue 'choice;
                }
                let ok = match &p.val {
                    Val::Time(tv) => {
                        // Only a partial date or a clock range resolves by the clause's tense:
                        // an anchored value (most chosen times: "nel 2023", "il 3 marzo 2024")
                        // is resolved without reading the tense cues around it.
                        let dir = match tv {
                            Tv::Cons(_) | Tv::Pair(_) => dirs.get(p.s as usize),
                            Tv::Fixed(_) | Tv::Sub { .. } | Tv::Open { .. } => Dir::Nearest,
                        };
                        let iv = ctx.resolve(tv, dir);
                        if iv.is_none() {
                            continue;
                        }
                        out.times
                            .push(self.found(g, p, toks, Some(tv.clone()), iv, None, named));
                        true
                    }
                    Val::Dur(n, gr) => {
                        out.times
                            .push(self.found(g, p, toks, None, None, Some((*n, *gr)), named));
                        true
                    }
                    Val::Qty(q) if q.marked => {
                        out.quantities.push(PendingQty {
                            start: toks[p.s as usize].start,
                            end: toks[p.e as usize - 1].end,
                            q: q.clone(),
                        });
                        true
                    }
                    _ => false,
                };
                if ok {
                    taken[p.s as usize..p.e as usize].fill(true);
                }
            }
            break;
        }
        out.times[t0..].sort_by_key(|f| f.start);
        out.quantities[q0..].sort_by_key(|q| q.start);
        match (chart_read, ctx.now.take_read()) {
            (true, _) => Reads::Chart,
            (false, true) => Reads::Choice,
            (false, false) => Reads::None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn found(
        &self,
        g: &Grammar,
        p: &Piece,
        toks: &[Tok],
        tv: Option<Tv>,
        iv: Option<cal::Iv>,
        dur: Option<(f64, Grain)>,
        named: bool,
    ) -> Found {
        // A final "." matched as an abbreviation dot ("dic.") is left out of the span: it is
        // as often the sentence's full stop.
        let mut last = p.e as usize - 1;
        if last > p.s as usize && toks[last].norm == "." {
            last -= 1;
        }
        Found {
            start: toks[p.s as usize].start,
            end: toks[last].end,
            tv,
            iv,
            dur,
            rule: match (named, g.rules.get(p.rule as usize)) {
                (false, _) => String::new(),
                (true, Some(r)) => r.name.clone(),
                (true, None) => "lexicon".into(),
            },
        }
    }

    /// Parses a short text on its own (the evaluation and tests use this): every expression
    /// found, resolved against `now`.
    pub fn parse_text(
        &self,
        lang: &str,
        text: &str,
        now: DateTime,
        conv: Convention,
    ) -> Vec<Found> {
        let Some(g) = self.grammars.get(lang) else {
            return Vec::new();
        };
        self.find_in_windows(g, text, &[], Some(now), None, conv)
            .0
            .times
    }

    /// [`TimeTagger::parse_text`] with the reference's UTC offset in minutes, so that times
    /// stated in another zone ("8:00 GMT") are converted to the reference's.
    pub fn parse_text_at(
        &self,
        lang: &str,
        text: &str,
        now: DateTime,
        offset: Option<i32>,
        conv: Convention,
    ) -> Vec<Found> {
        let Some(g) = self.grammars.get(lang) else {
            return Vec::new();
        };
        self.find_in_windows(g, text, &[], Some(now), offset, conv)
            .0
            .times
    }

    /// The number a short text spells ("ventitré", "2,5 milioni", "1.000"): the value of the
    /// longest number or amount the rules build over it, the earliest among equals. The whole
    /// text is one window (no anchor prefilter): the numeral evaluation uses this.
    pub fn parse_number(&self, lang: &str, text: &str) -> Option<f64> {
        let g = self.grammars.get(lang)?;
        // A bare number may put one space after its sign ("- 1.200.000"); in running text a
        // dash and a space open a list item, so only the whole-text reading allows it.
        let t = text.trim();
        if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
            if let Some(r) = rest
                .strip_prefix(' ')
                .filter(|r| !r.starts_with(char::is_whitespace))
            {
                return self.parse_number(lang, r).map(|v| -v);
            }
        }
        let mut toks = Vec::new();
        token::scan(text, 0, &mut toks);
        let mut dirs = tense::Dirs::fixed(Dir::Nearest);
        let ctx = Ctx {
            g,
            now: prod::Now::new(PROBE_A),
            offset: None,
            conv: Convention::News,
            seasons: &self.seasons,
            holidays: &self.holidays,
        };
        let pieces = chart::parse(g, &toks, &ctx, &mut dirs);
        pieces
            .iter()
            .filter_map(|p| match &p.val {
                Val::Num { v, .. } => Some((p, *v)),
                Val::Qty(q) if q.unit.is_none() => Some((p, q.v)),
                _ => None,
            })
            .max_by(|(a, _), (b, _)| {
                (a.e - a.s)
                    .cmp(&(b.e - b.s))
                    .then(b.s.cmp(&a.s))
                    .then(b.size.cmp(&a.size))
            })
            .map(|(_, v)| v)
    }

    /// Renders what [`TimeTagger::parse_text`] found as output records.
    pub fn times_of(&self, text: &str, found: &[Found]) -> Vec<Time> {
        found
            .iter()
            .map(|f| self.render(f, &text[f.start as usize..f.end as usize]))
            .collect()
    }
}

/// Whether the choice, at `order[i]` (not covered by a piece chosen before), needs the order
/// [`chart::Chart::run`] gives among the pieces of the same span and size starting there
/// (the keys from `i` with the same length, start and size): only if two of them may be
/// chosen (a time, a duration, a marked amount: the others are passed over) and differ in
/// kind, rule or value. Then which is tried first may decide; otherwise the choice takes
/// the one that may be chosen, or one of equals, whatever their order (it reads a piece's
/// span, kind, rule and value only).
fn order_decides(pieces: &[Piece], order: &[u128], i: usize) -> bool {
    let key = order[i] >> 32;
    if i > 0 && order[i - 1] >> 32 == key {
        // Not the first of its group: the first was looked at.
        return false;
    }
    let mut first: Option<&Piece> = None;
    for &k in order[i..].iter().take_while(|&&k| k >> 32 == key) {
        let Some(p) = pieces.get((u32::MAX - k as u32) as usize) else {
            return true;
        };
        let may = match &p.val {
            Val::Time(_) | Val::Dur(..) => true,
            Val::Qty(q) => q.marked,
            _ => false,
        };
        if !may {
            continue;
        }
        match first {
            None => first = Some(p),
            Some(f) if f.kind == p.kind && f.rule == p.rule && f.val == p.val => {}
            Some(_) => return true,
        }
    }
    false
}

/// Buffers of the stage kept per thread between documents: a news article is scanned, cut
/// into windows and each window parsed once or twice; allocating these afresh for every
/// document and window cost more than some of the work.
#[derive(Default)]
struct Scratch {
    items: Vec<window::Item>,
    /// Indices of the anchors among `items`.
    anchors: Vec<u32>,
    /// Anchor decisions of frequent words, per language ([`window::AnchorMemo`]).
    memos: Vec<window::AnchorMemo>,
    wins: Vec<(usize, usize)>,
    toks: Vec<Tok>,
    dir_buffers: tense::DirBuffers,
    bufs: FindBuffers,
    /// A document's finds, emptied by `annotate` and kept for the next (first and second
    /// probe): growing them afresh for every document cost ~3,000 reallocations per 1,000
    /// news articles, and as many again for the document's own lists (now reserved at once).
    spare: Finds,
    spare_b: Finds,
}

/// What read the reference date in [`TimeTagger::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reads {
    None,
    /// Only resolving the chosen pieces.
    Choice,
    /// Building pieces.
    Chart,
}

/// How [`TimeTagger::find`] gets its pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parse {
    /// Parses the window.
    Run,
    /// Re-evaluates the previous call's pieces against this reference.
    Replay,
    /// Keeps the previous call's pieces.
    No,
}

/// What [`TimeTagger::find`] works in.
#[derive(Default)]
struct FindBuffers {
    chart: chart::Chart,
    pieces: Vec<Piece>,
    /// Sort keys of the reportable pieces (see [`TimeTagger::find`]).
    order: Vec<u128>,
    taken: Vec<bool>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Two unrelated reference dates used to tell relative values from absolute ones when a
/// document has no reference.
const PROBE_A: DateTime = jiff::civil::date(2001, 1, 3).at(12, 0, 0, 0);
const PROBE_B: DateTime = jiff::civil::date(2002, 7, 19).at(12, 0, 0, 0);

#[derive(Debug, Default)]
struct Finds {
    times: Vec<Found>,
    quantities: Vec<PendingQty>,
}

impl Finds {
    fn clear(&mut self) {
        self.times.clear();
        self.quantities.clear();
    }
}

#[derive(Debug)]
struct PendingQty {
    start: u32,
    end: u32,
    q: prod::Q,
}

impl PendingQty {
    fn with_text(self, text: &str) -> Quantity {
        Quantity {
            span: Span::new(self.start as usize, self.end as usize),
            text: text[self.start as usize..self.end as usize].to_string(),
            value: self.q.v,
            approximate: self.q.approx,
            min: self.q.min,
            max: self.q.max,
            unit: self.q.unit,
        }
    }
}

/// The UTC offset in minutes of an ISO date-time (`…T04:30:00-02:00`, `…Z`); `None` when
/// it states none (then times in other zones are kept as stated).
pub fn reference_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    let rest = s.get(19..)?;
    let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if rest == "Z" {
        return Some(0);
    }
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = rest[1..].split_once(':').unwrap_or((&rest[1..], "0"));
    Some(sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?))
}

/// An ISO date (`2025-08-13`, taken at noon) or date-time (offset ignored: civil time).
pub fn parse_reference(s: &str) -> Option<DateTime> {
    let s = s.trim();
    if s.len() >= 19 {
        if let Ok(dt) = s[..19].replace(' ', "T").parse::<DateTime>() {
            return Some(dt);
        }
    }
    let d: Date = s.get(..10)?.parse().ok()?;
    Some(d.at(12, 0, 0, 0))
}
