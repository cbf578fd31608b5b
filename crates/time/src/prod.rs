//! The operations rule productions name, and the values pieces carry.
//!
//! Each operation takes the pieces bound to its slots (or literals) and returns a new piece, or
//! nothing when the pieces do not fit ("31 febbraio", a weekday that contradicts the date).
//! Returning nothing is how analysis stays total: odd text gives fewer pieces, never an error.

use crate::cal::{self, add, cycle, truncate, Cons, Dir, Dt, Grain, Holiday, Iv, Season};
use crate::rules::{Grammar, K_DUR, K_NUM, K_ORD, K_QTY, K_TIME};
use crate::Convention;
use jiff::civil::Date;

/// An amount with its bounds and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Q {
    pub v: f64,
    pub approx: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Option<String>,
    /// Whether the number came with a scale, a bound, a unit or vagueness (a bare "15" is not
    /// reported as a quantity).
    pub marked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tv {
    /// An anchored interval.
    Fixed(Iv),
    /// A partial date, resolved when needed.
    Cons(Cons),
    /// A value stated at `value`'s grain that covers only part of it ("all'inizio di aprile").
    Sub { value: Iv, cover: Iv },
    /// A range between two clock times not yet tied to a day ("dalle 9 alle 11"), so that a
    /// day can still be attached ("… di giovedì"). Boxed: two constraint sets inline made
    /// every value (and chart piece) twice the size of the others, and the chart moves
    /// pieces far more often than it builds such ranges.
    Pair(Box<(Cons, Cons)>),
    /// An open interval: from `from` on, or up to `to`, around `anchor`.
    Open {
        anchor: Iv,
        from: Option<Dt>,
        to: Option<Dt>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Num { v: f64, digits: u8 },
    Lex(u32),
    Time(Tv),
    Dur(f64, Grain),
    Qty(Q),
}

/// What productions may read: the grammar, the reference and the convention.
pub struct Ctx<'a> {
    pub g: &'a Grammar,
    /// The reference, read through [`Now::get`] so that the caller can tell whether anything
    /// depended on it.
    pub now: Now,
    /// The reference's UTC offset in minutes, when known.
    pub offset: Option<i32>,
    pub conv: Convention,
    pub seasons: &'a [Season],
    pub holidays: &'a std::collections::HashMap<String, cal::HolidayTable>,
}

/// The reference date of a [`Ctx`], remembering whether it was read: where nothing read it,
/// the result is the same for every reference, and the stage need not parse the window again
/// against its second probe date (see `TimeTagger::annotate`).
#[derive(Debug)]
pub struct Now {
    at: Dt,
    read: std::cell::Cell<bool>,
}

impl Now {
    pub fn new(at: Dt) -> Now {
        Now {
            at,
            read: std::cell::Cell::new(false),
        }
    }

    /// The reference (and a note that it was read).
    pub fn get(&self) -> Dt {
        self.read.set(true);
        self.at
    }

    /// The reference without noting a read, for a computation that takes it but does not
    /// depend on it (a constraint bounded by a window, [`Cons::resolve`]).
    pub fn unread(&self) -> Dt {
        self.at
    }

    /// Whether [`Now::get`] was called since construction or the last [`Now::take_read`];
    /// clears the note.
    pub fn take_read(&self) -> bool {
        self.read.replace(false)
    }

    /// Runs `f`, telling whether it read the reference; the note of earlier reads is kept.
    pub fn watch<T>(&self, f: impl FnOnce() -> T) -> (T, bool) {
        let before = self.read.replace(false);
        let r = f();
        let read = self.read.get();
        self.read.set(before || read);
        (r, read)
    }
}

/// Operations whose result depends on the direction (they resolve a time they are given);
/// every other operation ignores it, so the tense need not be read for them.
pub fn uses_dir(op: &str) -> bool {
    matches!(
        op,
        "and"
            | "nth"
            | "nthafter"
            | "cycleafter"
            | "cycleof"
            | "quarter"
            | "interval"
            | "dayrange"
            | "openfrom"
            | "opento"
            | "by"
            | "byend"
            | "byspan"
            | "byendspan"
            | "until"
            | "untilend"
            | "through"
            | "holidayafter"
            | "part"
            | "weekendof"
            | "tz"
            | "rangetz"
            | "forspan"
            | "shift"
            | "shiftfrom"
            | "closest"
    )
}

/// The operations [`Ctx::apply`] knows, resolved from their names once ([`Op::of`]) where a
/// rule is loaded; `Other` for any other name (which applies to nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    And,
    Qty,
    Same,
    Qunit,
    Currency,
    Pod,
    Dow,
    Interval,
    Bound,
    Num,
    Add,
    Mul,
    Compose,
    Decimal,
    Div,
    Group,
    Neg,
    Ord,
    Month,
    Dom,
    Year,
    Date,
    Rel,
    Cycle,
    Yearrel,
    Dowrel,
    Season,
    Holiday,
    Prevof,
    Nextof,
    Ago,
    Hence,
    Lastn,
    Nextn,
    Nth,
    Nthafter,
    Cycleafter,
    Cycleof,
    Quarter,
    Minute,
    Minus,
    Curseason,
    Holidayafter,
    Shift,
    Shiftfrom,
    Closest,
    Weekspan,
    Hour,
    Hm,
    Hmminus,
    Hour12,
    Hm12,
    Hhmm,
    Dayrange,
    Openfrom,
    Opento,
    By,
    Byend,
    Byspan,
    Byendspan,
    Until,
    Untilend,
    Through,
    Decade,
    Dur,
    Part,
    Weekend,
    Weekendof,
    Forspan,
    Tz,
    Rangetz,
    Scale,
    Vague,
    Other,
}

impl Op {
    /// The operation named `name`.
    pub fn of(name: &str) -> Op {
        match name {
            "and" => Op::And,
            "qty" => Op::Qty,
            "same" => Op::Same,
            "qunit" => Op::Qunit,
            "currency" => Op::Currency,
            "pod" => Op::Pod,
            "dow" => Op::Dow,
            "interval" => Op::Interval,
            "bound" => Op::Bound,
            "num" => Op::Num,
            "add" => Op::Add,
            "mul" => Op::Mul,
            "compose" => Op::Compose,
            "decimal" => Op::Decimal,
            "div" => Op::Div,
            "group" => Op::Group,
            "neg" => Op::Neg,
            "ord" => Op::Ord,
            "month" => Op::Month,
            "dom" => Op::Dom,
            "year" => Op::Year,
            "date" => Op::Date,
            "rel" => Op::Rel,
            "cycle" => Op::Cycle,
            "yearrel" => Op::Yearrel,
            "dowrel" => Op::Dowrel,
            "season" => Op::Season,
            "holiday" => Op::Holiday,
            "prevof" => Op::Prevof,
            "nextof" => Op::Nextof,
            "ago" => Op::Ago,
            "hence" => Op::Hence,
            "lastn" => Op::Lastn,
            "nextn" => Op::Nextn,
            "nth" => Op::Nth,
            "nthafter" => Op::Nthafter,
            "cycleafter" => Op::Cycleafter,
            "cycleof" => Op::Cycleof,
            "quarter" => Op::Quarter,
            "minute" => Op::Minute,
            "minus" => Op::Minus,
            "curseason" => Op::Curseason,
            "holidayafter" => Op::Holidayafter,
            "shift" => Op::Shift,
            "shiftfrom" => Op::Shiftfrom,
            "closest" => Op::Closest,
            "weekspan" => Op::Weekspan,
            "hour" => Op::Hour,
            "hm" => Op::Hm,
            "hmminus" => Op::Hmminus,
            "hour12" => Op::Hour12,
            "hm12" => Op::Hm12,
            "hhmm" => Op::Hhmm,
            "dayrange" => Op::Dayrange,
            "openfrom" => Op::Openfrom,
            "opento" => Op::Opento,
            "by" => Op::By,
            "byend" => Op::Byend,
            "byspan" => Op::Byspan,
            "byendspan" => Op::Byendspan,
            "until" => Op::Until,
            "untilend" => Op::Untilend,
            "through" => Op::Through,
            "decade" => Op::Decade,
            "dur" => Op::Dur,
            "part" => Op::Part,
            "weekend" => Op::Weekend,
            "weekendof" => Op::Weekendof,
            "forspan" => Op::Forspan,
            "tz" => Op::Tz,
            "rangetz" => Op::Rangetz,
            "scale" => Op::Scale,
            "vague" => Op::Vague,
            _ => Op::Other,
        }
    }
}

/// Whether `op` names an operation [`Ctx::apply`] knows (the rules' loader rejects others).
pub fn known_op(op: &str) -> bool {
    Op::of(op) != Op::Other
}

/// An argument as the production sees it.
#[derive(Clone, Copy)]
pub enum A<'a> {
    V(&'a Val),
    Lit(&'a str),
    None,
}

impl<'a> A<'a> {
    fn val(self) -> Option<&'a Val> {
        match self {
            A::V(v) => Some(v),
            _ => None,
        }
    }
}

impl Ctx<'_> {
    fn int(&self, a: A) -> Option<i64> {
        match a {
            A::V(Val::Num { v, .. }) if v.fract() == 0.0 => Some(*v as i64),
            A::V(Val::Lex(i)) => self.g.lexvals[*i as usize].int,
            A::Lit(s) => s.parse().ok(),
            _ => None,
        }
    }
    /// A count of `g` as a whole count of a finer fixed-length grain when it has a fraction
    /// ("2.5 hours" = 150 minutes, "1/2 hour" = 30 minutes); `None` when no grain makes it
    /// whole.
    fn whole_count(&self, a: A, g: Grain) -> Option<(i64, Grain)> {
        if let Some(n) = self.int(a) {
            return Some((n, g));
        }
        let (mut v, mut g) = (self.num(a)?, g);
        for _ in 0..4 {
            if (v - v.round()).abs() < 1e-6 {
                return (v.abs() < 1e12).then_some((v.round() as i64, g));
            }
            (v, g) = match g {
                Grain::Week => (v * 7.0, Grain::Day),
                Grain::Day => (v * 24.0, Grain::Hour),
                Grain::Hour => (v * 60.0, Grain::Minute),
                Grain::Minute => (v * 60.0, Grain::Second),
                _ => return None,
            };
        }
        None
    }
    fn num(&self, a: A) -> Option<f64> {
        match a {
            A::V(Val::Num { v, .. }) => Some(*v),
            A::V(Val::Lex(i)) => self.g.lexvals[*i as usize].raw.parse().ok(),
            A::Lit(s) => s.parse().ok(),
            _ => None,
        }
    }
    /// An argument's text (a lexicon entry's raw value or a literal), borrowed: productions
    /// only compare and split it, and a copy per call was an allocation.
    fn text<'b>(&'b self, a: A<'b>) -> Option<&'b str> {
        match a {
            A::V(Val::Lex(i)) => Some(self.g.lexvals[*i as usize].raw.as_str()),
            A::Lit(s) => Some(s),
            _ => None,
        }
    }
    fn grain(&self, a: A) -> Option<Grain> {
        match a {
            A::V(Val::Lex(i)) => self.g.lexvals[*i as usize].grain,
            A::Lit(s) => Grain::parse(s),
            _ => None,
        }
    }
    fn tv<'b>(&self, a: A<'b>) -> Option<&'b Tv> {
        match a {
            A::V(Val::Time(t)) => Some(t),
            _ => None,
        }
    }

    /// The interval a time value stands for. `dir` is read only for a partial date
    /// (`Tv::Cons`) or a clock range (`Tv::Pair`): `TimeTagger::find` reads the tense only
    /// for those.
    pub fn resolve(&self, t: &Tv, dir: Dir) -> Option<Iv> {
        match t {
            Tv::Fixed(iv) => Some(*iv),
            Tv::Sub { cover, .. } => Some(*cover),
            Tv::Open { anchor, .. } => Some(*anchor),
            Tv::Pair(p) => {
                let (a, b) = &**p;
                let x = self.resolve(&Tv::Cons(a.clone()), dir)?;
                let y = end_after(b, x)?;
                Some(Iv {
                    start: x.start,
                    end: range_end(x, y),
                    grain: x.grain.min(y.grain),
                })
            }
            Tv::Cons(c) => {
                // A part of the day alone ("stasera", "in serata") is today's.
                if c.pod.is_some()
                    && c.hour.is_none()
                    && c.within.is_none()
                    && c.dom.is_none()
                    && c.dow.is_none()
                    && c.month.is_none()
                    && c.holiday.is_none()
                {
                    let day = truncate(self.now.get(), Grain::Day);
                    let mut c2 = c.clone();
                    c2.within = Some(cycle(day, Grain::Day, 0));
                    return c2.resolve(self.now.get(), dir);
                }
                if c.within.is_some() && c.grain() == Grain::Month && c.year.is_none() {
                    let mut c2 = c.clone();
                    c2.year = c.within.map(|w| w.start.year());
                    c2.within = None;
                    return c2.resolve(self.now.get(), dir);
                }
                // A constraint bounded by a window resolves inside it whatever the reference
                // (see `Cons::resolve`): no read of it, so that a date stated with its year
                // ("il 13 agosto 2019") is not worked out again against the second probe.
                if c.within.is_some() {
                    return c.resolve(self.now.unread(), dir);
                }
                c.resolve(self.now.get(), dir)
            }
        }
    }

    fn fixed(iv: Iv) -> Option<(u16, Val)> {
        Some((K_TIME, Val::Time(Tv::Fixed(iv))))
    }
    fn cons(c: Cons) -> Option<(u16, Val)> {
        Some((K_TIME, Val::Time(Tv::Cons(c))))
    }

    /// The grain a relative shift ("3 giorni fa") is reported at.
    fn shift_grain(&self, g: Grain) -> Grain {
        match (self.conv, g) {
            (_, Grain::Week) => Grain::Day,
            (Convention::News, g) => g,
            (Convention::Assistant, Grain::Year) => Grain::Month,
            (Convention::Assistant, Grain::Month) => Grain::Day,
            (Convention::Assistant, Grain::Day) => Grain::Hour,
            (Convention::Assistant, Grain::Hour) => Grain::Minute,
            (Convention::Assistant, _) => Grain::Second,
        }
    }

    fn season(&self, code: &str) -> Option<&Season> {
        self.seasons.iter().find(|s| s.code == code)
    }

    /// Runs operation `op`; `None` when the pieces do not fit it.
    pub fn apply(&self, op: &str, a: &[A], dir: Dir) -> Option<(u16, Val)> {
        self.apply_op(Op::of(op), op, a, dir)
    }

    /// [`Ctx::apply`] with the operation already resolved to its [`Op`] (`Op::of(op)`), as
    /// rules keep it: the dispatch is one jump on the enum instead of comparing the name with
    /// the arms in turn (33,000 calls per 1,000 news articles).
    pub fn apply_op(&self, id: Op, op: &str, a: &[A], dir: Dir) -> Option<(u16, Val)> {
        let arg = |i: usize| a.get(i).copied().unwrap_or(A::None);
        let now = || self.now.get();
        // On news, "and", "qty", "same" and "qunit" are three fifths of the calls. The match is
        // on the resolved operation (a jump), not on `op`, which only the arms serving several
        // names read.
        match id {
            Op::And => {
                let x = self.tv(arg(0))?;
                let y = self.tv(arg(1))?;
                self.and(x, y, dir).map(|t| (K_TIME, Val::Time(t)))
            }
            Op::Qty => {
                let v = self.num(arg(0))?;
                Some((
                    K_QTY,
                    Val::Qty(Q {
                        v,
                        approx: false,
                        min: None,
                        max: None,
                        unit: None,
                        marked: false,
                    }),
                ))
            }
            Op::Same => {
                let v = arg(0).val()?.clone();
                let k = match &v {
                    Val::Time(_) => K_TIME,
                    Val::Dur(..) => K_DUR,
                    Val::Qty(_) => K_QTY,
                    _ => return None,
                };
                Some((k, v))
            }
            Op::Qunit | Op::Currency => {
                let (qa, ua) = if op == "qunit" {
                    (arg(0), arg(1))
                } else {
                    (arg(1), arg(0))
                };
                let mut q = qty_of(qa)?;
                if q.unit.is_some() {
                    return None;
                }
                q.unit = Some(self.text(ua)?.to_string());
                q.marked = true;
                Some((K_QTY, Val::Qty(q)))
            }
            Op::Pod => {
                let t = self.text(arg(0))?;
                let (a, b) = t.split_once('-')?;
                Self::cons(Cons {
                    pod: Some((a.parse().ok()?, b.parse().ok()?)),
                    ..Default::default()
                })
            }
            Op::Dow => Self::cons(Cons {
                dow: Some(self.int(arg(0)).filter(|d| (1..=7).contains(d))? as i8),
                ..Default::default()
            }),
            Op::Interval => {
                let xtv = self.tv(arg(0))?;
                let ytv = self.tv(arg(1))?;
                if let (Tv::Cons(a), Tv::Cons(b)) = (xtv, ytv) {
                    if clock_only(a) && clock_only(b) {
                        let t = Tv::Pair(Box::new((a.clone(), b.clone())));
                        self.resolve(&t, dir)?;
                        return Some((K_TIME, Val::Time(t)));
                    }
                }
                let x = self.resolve(xtv, dir)?;
                let y = match ytv {
                    Tv::Cons(c) => end_after(c, x)?,
                    t => self.resolve(t, dir)?,
                };
                if y.end <= x.start {
                    return None;
                }
                Self::fixed(Iv {
                    start: x.start,
                    end: range_end(x, y),
                    grain: x.grain.min(y.grain),
                })
            }
            Op::Bound => {
                let b = self.text(arg(0))?;
                let mut q = qty_of(arg(1))?;
                if q.min.is_some() || q.max.is_some() || q.approx {
                    return None;
                }
                match b {
                    "approx" => q.approx = true,
                    "min" => q.min = Some(q.v),
                    "max" => q.max = Some(q.v),
                    _ => return None,
                }
                q.marked = true;
                Some((K_QTY, Val::Qty(q)))
            }
            Op::Num => Some((
                K_NUM,
                Val::Num {
                    v: self.num(arg(0))?,
                    digits: 0,
                },
            )),
            Op::Add => Some((
                K_NUM,
                Val::Num {
                    v: self.num(arg(0))? + self.num(arg(1))?,
                    digits: 0,
                },
            )),
            Op::Mul => Some((
                K_NUM,
                Val::Num {
                    v: self.num(arg(0))? * self.num(arg(1))?,
                    digits: 0,
                },
            )),
            // "seven hundred" + "twenty-one", "three million" + "two hundred thousand": the
            // smaller number must fit below the larger one's lowest stated power of ten.
            Op::Compose => {
                let (a, b) = (self.num(arg(0))?, self.num(arg(1))?);
                if a < 1.0 || a.fract() != 0.0 || b < 1.0 || b.fract() != 0.0 || a > 1e15 {
                    return None;
                }
                let mut p = 1.0;
                while (a / (p * 10.0)).fract() == 0.0 {
                    p *= 10.0;
                }
                (b < p).then_some((
                    K_NUM,
                    Val::Num {
                        v: a + b,
                        digits: 0,
                    },
                ))
            }
            // "two point five", "point 77": the second number is the digits after the point.
            Op::Decimal => {
                let (a, b) = (self.num(arg(0))?, self.num(arg(1))?);
                if b < 0.0 || b.fract() != 0.0 || b > 1e12 {
                    return None;
                }
                let places = format!("{b}").len() as i32;
                Some((
                    K_NUM,
                    Val::Num {
                        v: a + b / 10f64.powi(places),
                        digits: 0,
                    },
                ))
            }
            // div(a, b): a written fraction ("3/4"); nothing for a zero denominator.
            Op::Div => {
                let (a, b) = (self.num(arg(0))?, self.num(arg(1))?);
                (b != 0.0).then_some((
                    K_NUM,
                    Val::Num {
                        v: a / b,
                        digits: 0,
                    },
                ))
            }
            Op::Group => {
                // group(a, b[, c]): digits grouped by spaces ("100 000", "3 000 000"): a lead
                // of one to three digits, then groups of exactly three.
                let digits = |x: A| match x {
                    A::V(Val::Num { v, digits }) if v.fract() == 0.0 => Some((*v, *digits)),
                    _ => None,
                };
                let (mut v, d0) = digits(arg(0))?;
                if !(1..=3).contains(&d0) {
                    return None;
                }
                for i in 1..a.len() {
                    // The last group may carry the decimal part ("6 700,54"): its integer
                    // part must still be a full group of three.
                    if i == a.len() - 1 {
                        if let A::V(Val::Num { v: g, digits: 0 }) = arg(i) {
                            if g.fract() != 0.0 && (100.0..1000.0).contains(g) {
                                v = v * 1000.0 + g;
                                continue;
                            }
                        }
                    }
                    let (g, d) = digits(arg(i))?;
                    if d != 3 {
                        return None;
                    }
                    v = v * 1000.0 + g;
                }
                Some((K_NUM, Val::Num { v, digits: 0 }))
            }
            Op::Neg => Some((
                K_NUM,
                Val::Num {
                    v: -self.num(arg(0))?,
                    digits: 0,
                },
            )),
            Op::Ord => Some((
                K_ORD,
                Val::Num {
                    v: self.int(arg(0))? as f64,
                    digits: 0,
                },
            )),
            Op::Month => Self::cons(Cons {
                month: Some(self.int(arg(0)).filter(|m| (1..=12).contains(m))? as i8),
                ..Default::default()
            }),
            Op::Dom => Self::cons(Cons {
                dom: Some(self.int(arg(0)).filter(|d| (1..=31).contains(d))? as i8),
                ..Default::default()
            }),
            Op::Year => {
                // year(n, era): a year with an era mark ("14 AD") is taken as written, not
                // as a two-digit abbreviation.
                let n = self.int(arg(0))?;
                let y = if self.text(arg(1)) == Some("era") {
                    i16::try_from(n).ok().filter(|y| (1..=9999).contains(y))?
                } else {
                    year_of(n)?
                };
                Self::fixed(cycle(Date::new(y, 1, 1).ok()?.into(), Grain::Year, 0))
            }
            Op::Date => {
                // date(day?, month, year?): month from a month word or a number.
                let m = self.int(arg(1)).filter(|m| (1..=12).contains(m))? as i8;
                let d = match arg(0) {
                    A::None => None,
                    x => Some(self.int(x).filter(|d| (1..=31).contains(d))? as i8),
                };
                let y = match arg(2) {
                    A::None => None,
                    x => Some(year_of(self.int(x)?)?),
                };
                if let (Some(d), Some(y)) = (d, y) {
                    Date::new(y, m, d).ok()?;
                } else if let Some(d) = d {
                    Date::new(2000, m, d).ok()?;
                }
                Self::cons(Cons {
                    year: y,
                    month: Some(m),
                    dom: d,
                    ..Default::default()
                })
            }
            Op::Rel => {
                // rel(lex "grain:n") — "ieri" = day:-1, "adesso" = second:0.
                let t = self.text(arg(0))?;
                let (g, n) = t.split_once(':')?;
                let g = Grain::parse(g)?;
                let n: i64 = n.parse().ok()?;
                if g == Grain::Second {
                    return Self::fixed(Iv {
                        start: truncate(now(), g),
                        end: add(truncate(now(), g), g, 1),
                        grain: g,
                    });
                }
                Self::fixed(cycle(now(), g, n))
            }
            Op::Cycle => {
                let g = self.grain(arg(0))?;
                let n = self.int(arg(1)).unwrap_or(0);
                Self::fixed(cycle(now(), g, n))
            }
            Op::Yearrel => {
                // "l'anno prossimo" as a year number: this year + n.
                let n = self.int(arg(0))?;
                Self::fixed(cycle(now(), Grain::Year, n))
            }
            Op::Dowrel => {
                let d = self.int(arg(0)).filter(|d| (1..=7).contains(d))?;
                let n = self.int(arg(1)).unwrap_or(0);
                let today = now().date();
                let iv = match self.conv {
                    // The assistant reading of "this monday" is the coming one.
                    Convention::Assistant if n == 0 => {
                        let c = Cons {
                            dow: Some(d as i8),
                            ..Default::default()
                        };
                        c.resolve(now(), Dir::After)?
                    }
                    // Duckling: "martedì scorso" the one before today, "prossimo" in next week.
                    _ if n < 0 => {
                        let back = (cal::dow(today) as i64 - d).rem_euclid(7);
                        let back = if back == 0 { 7 } else { back } + 7 * (-n - 1);
                        cycle(
                            add(truncate(now(), Grain::Day), Grain::Day, -back),
                            Grain::Day,
                            0,
                        )
                    }
                    _ => {
                        let wk = cycle(now(), Grain::Week, n);
                        cycle(add(wk.start, Grain::Day, d - 1), Grain::Day, 0)
                    }
                };
                Self::fixed(iv)
            }
            Op::Season => {
                let s = self.season(self.text(arg(0))?)?;
                let n = self.int(arg(1)).unwrap_or(0);
                Self::fixed(s.relative(now(), n)?)
            }
            Op::Holiday => {
                let h = self.holiday(self.text(arg(0))?)?;
                Self::cons(Cons {
                    holiday: Some(h),
                    ..Default::default()
                })
            }
            // prevof/nextof(time): "last Easter", "next Thanksgiving": the occurrence before
            // the reference day, or after it, whatever the clause's tense.
            Op::Prevof | Op::Nextof => {
                let Tv::Cons(c) = self.tv(arg(0))? else {
                    return None;
                };
                let day = truncate(now(), Grain::Day);
                let iv = if op == "prevof" {
                    c.resolve(
                        day.checked_sub(jiff::SignedDuration::from_secs(1)).ok()?,
                        Dir::Past,
                    )?
                } else {
                    c.resolve(add(day, Grain::Day, 1), Dir::After)?
                };
                Self::fixed(iv)
            }
            Op::Ago | Op::Hence => {
                let (n, g) = self.whole_count(arg(0), self.grain(arg(1))?)?;
                let sg = self.shift_grain(g);
                let n = if op == "ago" { -n } else { n };
                let t = add(now(), g, n);
                Self::fixed(cycle(t, sg, 0))
            }
            Op::Lastn | Op::Nextn => {
                let n = self.int(arg(0))?;
                let g = self.grain(arg(1))?;
                let (s, e) = if op == "lastn" {
                    (cycle(now(), g, -n).start, cycle(now(), g, 0).start)
                } else {
                    (cycle(now(), g, 1).start, cycle(now(), g, n + 1).start)
                };
                Self::fixed(Iv {
                    start: s,
                    end: e,
                    grain: g,
                })
            }
            Op::Nth | Op::Nthafter => {
                let n = self.int(arg(0))?;
                let w = self.resolve(self.tv(arg(2))?, dir)?;
                let (what, g) = match arg(1) {
                    A::V(Val::Lex(i)) => {
                        let lv = &self.g.lexvals[*i as usize];
                        match lv.grain {
                            Some(g) => (None, g),
                            None => (Some(lv.int? as i8), Grain::Day),
                        }
                    }
                    A::V(Val::Time(Tv::Cons(c))) => (c.dow, Grain::Day),
                    _ => return None,
                };
                let mut hits = Vec::new();
                let (from, to) = if op == "nth" {
                    (w.start, w.end)
                } else {
                    (w.end, add(w.end, Grain::Year, 1))
                };
                let mut c = cycle(from, g, 0);
                if c.start < from {
                    c = cycle(from, g, 1);
                }
                while c.end <= to && hits.len() < 400 {
                    if what.is_none_or(|d| cal::dow(c.start.date()) == d) {
                        hits.push(c);
                    }
                    c = cycle(c.start, g, 1);
                }
                let iv = if n < 0 {
                    hits.get(hits.len().checked_sub((-n) as usize)?)
                } else {
                    hits.get((n as usize).checked_sub(1)?)
                };
                Self::fixed(*iv?)
            }
            Op::Cycleafter | Op::Cycleof => {
                let g = self.grain(arg(0))?;
                let w = self.resolve(self.tv(arg(1))?, dir)?;
                let n = if op == "cycleafter" { 1 } else { 0 };
                Self::fixed(cycle(w.start, g, n))
            }
            Op::Quarter => {
                let q = self.int(arg(0)).filter(|q| (1..=4).contains(q))?;
                let y = match arg(1) {
                    A::None => now().year(),
                    x => self.resolve(self.tv(x)?, dir)?.start.year(),
                };
                let s: Dt = Date::new(y, (q as i8 - 1) * 3 + 1, 1).ok()?.into();
                Self::fixed(cycle(s, Grain::Quarter, 0))
            }
            Op::Minute | Op::Minus => {
                // minute(time, m): "a quarter past 3pm"; minus(time, m): "ten to noon".
                let Tv::Cons(c) = self.tv(arg(0))? else {
                    return None;
                };
                let m = self.int(arg(1)).filter(|m| (1..60).contains(m))? as i8;
                if c.minute.is_some_and(|x| x != 0) {
                    return None;
                }
                let mut c = c.clone();
                let h = c.hour?;
                if op == "minute" {
                    c.minute = Some(m);
                } else {
                    c.hour = Some((h - 1).rem_euclid(24));
                    c.minute = Some(60 - m);
                }
                Self::cons(c)
            }
            Op::Curseason => {
                // The season containing now, shifted by n ("this season", "last season").
                let n = self.int(arg(0)).unwrap_or(0);
                let mut cur: Option<(i16, usize)> = None;
                for y in [now().year() - 1, now().year()] {
                    for (i, s) in self.seasons.iter().enumerate() {
                        if let Some(iv) = s.in_year(y) {
                            if iv.start <= now() && now() < iv.end {
                                cur = Some((y, i));
                            }
                        }
                    }
                }
                let (mut y, i) = cur?;
                let mut iv = self.seasons[i].in_year(y)?;
                let mut k = n;
                while k != 0 {
                    // Step through seasons in calendar order by their start.
                    let target = if k > 0 { iv.end } else { iv.start };
                    let mut best: Option<Iv> = None;
                    for yy in [y - 1, y, y + 1] {
                        for s in self.seasons {
                            if let Some(c) = s.in_year(yy) {
                                let ok = if k > 0 {
                                    c.start >= add(target, Grain::Day, -3) && c.start > iv.start
                                } else {
                                    c.end <= add(target, Grain::Day, 3) && c.start < iv.start
                                };
                                if ok
                                    && best.is_none_or(|b| {
                                        if k > 0 {
                                            c.start < b.start
                                        } else {
                                            c.start > b.start
                                        }
                                    })
                                {
                                    best = Some(c);
                                }
                            }
                        }
                    }
                    iv = best?;
                    y = iv.start.year();
                    k -= k.signum();
                }
                // A season named by the grain ("this season", "next season") runs up to the
                // day before the next one starts (Duckling's generic season); a named season
                // keeps its own table bounds.
                let next = [y - 1, y, y + 1]
                    .into_iter()
                    .flat_map(|yy| self.seasons.iter().filter_map(move |s| s.in_year(yy)))
                    .filter(|c| c.start > iv.start)
                    .map(|c| c.start)
                    .min();
                if let Some(n) = next {
                    let end = add(n, Grain::Day, -1);
                    if end > iv.start {
                        iv.end = end;
                    }
                }
                Self::fixed(iv)
            }
            Op::Holidayafter => {
                // "thanksgiving in 3 years", "diwali 2 years ago": the holiday's first
                // occurrence after the shifted reference.
                let Tv::Cons(c) = self.tv(arg(0))? else {
                    return None;
                };
                c.holiday.as_ref()?;
                let at = self.resolve(self.tv(arg(1))?, dir)?;
                Self::fixed(c.resolve(at.start, Dir::After)?)
            }
            // shift(time, n, grain): a time moved by a duration ("three days after Easter", "a
            // year from Christmas", "2 weeks before the 5th"). A recurring time is taken at
            // its first occurrence whose shifted day is not yet past (Duckling shifts the
            // series, then picks), a fixed one as it is; the result keeps the finer grain.
            // shiftfrom is the "from" reading, which never takes a bare year as its anchor:
            // "20 years from 1990" in news is a span of service, not the year 2010.
            Op::Shift | Op::Shiftfrom => {
                let t = self.tv(arg(0))?;
                let (n, g) = self.whole_count(arg(1), self.grain(arg(2))?)?;
                let base = match t {
                    Tv::Cons(c) => c.resolve(add(now(), g, -n), dir)?,
                    t => self.resolve(t, dir)?,
                };
                if op == "shiftfrom" && base.grain >= Grain::Year {
                    return None;
                }
                let fine = base.grain.min(g);
                Self::fixed(cycle(add(truncate(base.start, fine), g, n), fine, 0))
            }
            // closest(n, time, anchor): the n-th occurrence of a recurring time nearest to an
            // anchor ("the closest Monday to Oct 5th", "the second closest xmas to today"),
            // counted on both sides of the anchor's start; ties go to the earlier one.
            Op::Closest => {
                let n = self.int(arg(0)).filter(|n| (1..=10).contains(n))? as usize;
                let Tv::Cons(c) = self.tv(arg(1))? else {
                    return None;
                };
                let at = self.resolve(self.tv(arg(2))?, dir)?.start;
                let mut cands: Vec<Iv> = Vec::with_capacity(2 * n);
                let mut r = at;
                for _ in 0..n {
                    let Some(x) = c.resolve(r, Dir::After) else {
                        break;
                    };
                    if x.start < r {
                        break;
                    }
                    cands.push(x);
                    r = x.start;
                }
                let mut r = at;
                for _ in 0..n {
                    let Some(x) = c.resolve(r, Dir::Past) else {
                        break;
                    };
                    if x.start > r || cands.contains(&x) {
                        break;
                    }
                    cands.push(x);
                    r = x
                        .start
                        .checked_sub(jiff::SignedDuration::from_secs(1))
                        .ok()?;
                    if x.grain >= Grain::Day {
                        r = truncate(add(x.start, Grain::Day, -1), Grain::Day);
                    }
                }
                let dist = |iv: &Iv| at.duration_since(iv.start).as_secs().abs();
                cands.sort_by_key(|iv| (dist(iv), iv.start));
                cands.dedup();
                Self::fixed(*cands.get(n - 1)?)
            }
            // weekspan(all|rest): "all week" is the current week, "the rest of the week" runs
            // from today to its end. The assistant convention ends both at the start of
            // Sunday, as Duckling does; news keeps the whole Sunday.
            Op::Weekspan => {
                let wk = cycle(now(), Grain::Week, 0);
                let start = match self.text(arg(0))? {
                    "all" => wk.start,
                    "rest" => truncate(now(), Grain::Day),
                    _ => return None,
                };
                let end = match self.conv {
                    Convention::Assistant => add(wk.end, Grain::Day, -1),
                    _ => wk.end,
                };
                Self::fixed(Iv {
                    start,
                    end,
                    grain: Grain::Day,
                })
            }
            Op::Hour | Op::Hm | Op::Hmminus | Op::Hour12 | Op::Hm12 => {
                let mut h = self.int(arg(0)).filter(|h| (0..=24).contains(h))?;
                let mut m = match arg(1) {
                    A::None => None,
                    x => Some(self.int(x).filter(|m| (0..60).contains(m))?),
                };
                if op == "hmminus" {
                    let mm = m?;
                    h = (h - 1).rem_euclid(24);
                    m = Some(60 - mm);
                }
                if h == 24 {
                    h = 0;
                }
                // hm(h, m, s): seconds when the clock time gives them.
                let sec = match arg(2) {
                    A::None => None,
                    x => Some(self.int(x).filter(|s| (0..60).contains(s))? as i8),
                };
                Self::cons(Cons {
                    hour: Some(h as i8),
                    minute: m.map(|m| m as i8),
                    second: sec,
                    // English clocks: "at 3:30" with no am/pm may be either.
                    ampm: matches!(op, "hour12" | "hm12") && (1..=12).contains(&h),
                    ..Default::default()
                })
            }
            // hhmm(n): a clock time written as one number after a clock word ("at 1030",
            // "at 730 in the evening"): hours and minutes, 12-hour when the hour allows it.
            Op::Hhmm => {
                let n = self.int(arg(0)).filter(|n| (100..=2359).contains(n))?;
                let (h, m) = (n / 100, n % 100);
                if m >= 60 {
                    return None;
                }
                Self::cons(Cons {
                    hour: Some(h as i8),
                    minute: Some(m as i8),
                    ampm: (1..=12).contains(&h),
                    ..Default::default()
                })
            }
            Op::Dayrange => {
                let d1 = self.int(arg(0))?;
                let d2 = self.int(arg(1))?;
                let w = match arg(2) {
                    A::None => {
                        let c = Cons {
                            dom: Some(d1 as i8),
                            ..Default::default()
                        };
                        let iv = c.resolve(now(), dir)?;
                        cycle(iv.start, Grain::Month, 0)
                    }
                    x => self.resolve(self.tv(x)?, dir)?,
                };
                let y = w.start.year();
                let m = w.start.month();
                let s: Dt = Date::new(y, m, d1 as i8).ok()?.into();
                let e: Dt = Date::new(y, m, d2 as i8).ok()?.into();
                if e < s {
                    return None;
                }
                Self::fixed(Iv {
                    start: s,
                    end: add(e, Grain::Day, 1),
                    grain: Grain::Day,
                })
            }
            Op::Openfrom | Op::Opento | Op::By | Op::Byend | Op::Byspan | Op::Byendspan => {
                let t = self.tv(arg(0))?;
                let iv = self.resolve(t, dir)?;
                let anchor = match t {
                    Tv::Sub { value, .. } => *value,
                    _ => iv,
                };
                // byspan/byendspan: as by/byend in news, but Duckling's English assistant reads
                // "by 2pm", "by the end of the month" as the span from now to then (its Italian
                // "entro" stays open, so the pack chooses).
                if self.conv == Convention::Assistant && (op == "byspan" || op == "byendspan") {
                    let part = matches!(t, Tv::Sub { .. });
                    let end = if op == "byspan" && !part {
                        iv.start
                    } else {
                        iv.end
                    };
                    if end <= now() {
                        return None;
                    }
                    return Self::fixed(Iv {
                        start: truncate(now(), Grain::Second),
                        end,
                        grain: Grain::Second,
                    });
                }
                let (from, to) = match op {
                    "openfrom" => (Some(iv.start), None),
                    "opento" => (None, Some(iv.start)),
                    "by" | "byspan" if self.conv == Convention::Assistant => (None, Some(iv.start)),
                    _ => (None, Some(iv.end)),
                };
                Some((K_TIME, Val::Time(Tv::Open { anchor, from, to })))
            }
            Op::Until | Op::Untilend | Op::Through => {
                let t = self.tv(arg(0))?;
                let iv = self.resolve(t, dir)?;
                let assistant = self.conv == Convention::Assistant;
                // "through 2025" includes 2025 in news; Duckling's assistant stops at its start.
                let end = match op {
                    "until" => iv.start,
                    "through" if assistant => iv.start,
                    _ => iv.end,
                };
                if !assistant || op == "through" {
                    // News: "fino al 2028" bounds what the sentence reports, it does not start
                    // at the moment of publication (which made "2024-12-02T12/2027-12-31").
                    let anchor = match t {
                        Tv::Sub { value, .. } => *value,
                        _ => iv,
                    };
                    return Some((
                        K_TIME,
                        Val::Time(Tv::Open {
                            anchor,
                            from: None,
                            to: Some(end),
                        }),
                    ));
                }
                if end <= now() {
                    return None;
                }
                Self::fixed(Iv {
                    start: truncate(now(), Grain::Second),
                    end,
                    grain: Grain::Second,
                })
            }
            Op::Decade => {
                let n = self.int(arg(0))?;
                let y = match n {
                    0..=9 if n % 10 == 0 => 2000 + n,
                    10..=99 if n % 10 == 0 => 1900 + n,
                    1000..=2999 if n % 10 == 0 => n,
                    _ => return None,
                };
                Self::fixed(cycle(
                    Date::new(y as i16, 1, 1).ok()?.into(),
                    Grain::Decade,
                    0,
                ))
            }
            Op::Dur => {
                let n = self.num(arg(0)).unwrap_or(1.0);
                let g = self.grain(arg(1))?;
                Some((K_DUR, Val::Dur(n, g)))
            }
            Op::Part => {
                let t = self.tv(arg(0))?;
                let w = self.resolve(t, dir)?;
                let which = self.text(arg(1))?;
                // Calendar parts where the calendar has natural ones (the first ten days of a
                // month, the first quarter of a year), thirds otherwise.
                let (s, e) = match (w.grain, which) {
                    (Grain::Month, "begin") => (w.start, add(w.start, Grain::Day, 10)),
                    (Grain::Month, "mid") => {
                        (add(w.start, Grain::Day, 10), add(w.start, Grain::Day, 20))
                    }
                    (Grain::Month, "end") => (add(w.start, Grain::Day, 20), w.end),
                    (Grain::Year, "begin") => (w.start, add(w.start, Grain::Month, 3)),
                    (Grain::Year, "mid") => {
                        (add(w.start, Grain::Month, 4), add(w.start, Grain::Month, 8))
                    }
                    (Grain::Year, "end") => (add(w.start, Grain::Month, 8), w.end),
                    (Grain::Week, "begin") => (w.start, add(w.start, Grain::Day, 3)),
                    (Grain::Week, "end") => (add(w.start, Grain::Day, 4), w.end),
                    _ => {
                        let len = w.end.duration_since(w.start).as_secs();
                        let third = jiff::SignedDuration::from_secs(len / 3);
                        match which {
                            "begin" => (w.start, w.start.checked_add(third).ok()?),
                            "mid" => (
                                w.start.checked_add(third).ok()?,
                                w.end.checked_sub(third).ok()?,
                            ),
                            "end" => (w.end.checked_sub(third).ok()?, w.end),
                            _ => return None,
                        }
                    }
                };
                let g = if w.grain > Grain::Day {
                    Grain::Day
                } else {
                    w.grain
                };
                let (s, e) = (truncate(s, g), truncate(e, g));
                Some((
                    K_TIME,
                    Val::Time(Tv::Sub {
                        value: w,
                        cover: Iv {
                            start: s,
                            end: e,
                            grain: g,
                        },
                    }),
                ))
            }
            Op::Weekend | Op::Weekendof => {
                let wk = if op == "weekend" {
                    cycle(now(), Grain::Week, self.int(arg(0)).unwrap_or(0))
                } else {
                    let iv = self.resolve(self.tv(arg(0))?, dir)?;
                    cycle(iv.start, Grain::Week, 0)
                };
                Self::fixed(Iv {
                    start: add(add(wk.start, Grain::Day, 4), Grain::Hour, 18),
                    end: wk.end,
                    grain: Grain::Hour,
                })
            }
            Op::Forspan => {
                // forspan(time, duration): "for 10 days from 18 December", "from 4pm for 30
                // minutes": from the time's start over the duration, at the finer of the two
                // grains, the last unit included.
                let iv = self.resolve(self.tv(arg(0))?, dir)?;
                let (n, g) = match arg(1) {
                    A::V(Val::Dur(n, g)) if n.fract() == 0.0 && *n > 0.0 => (*n as i64, *g),
                    _ => return None,
                };
                let fine = iv.grain.min(g);
                let start = truncate(iv.start, fine);
                let end = add(add(start, g, n), fine, 1);
                Self::fixed(Iv {
                    start,
                    end,
                    grain: fine,
                })
            }
            Op::Tz => {
                // tz(time, zone lexicon "hours"): a clock time stated in another zone, moved
                // to the reference's zone (kept as stated when the reference has no offset).
                let t = self.tv(arg(0))?;
                let zone = self.num(arg(1))?;
                let iv = self.resolve(t, dir)?;
                // A range is zoned by `rangetz` (both ends), never here: one end of it may
                // already carry its own zone ("15:00 GMT - 18:00 GMT").
                if iv.grain > Grain::Hour || iv.end > add(iv.start, iv.grain, 1) {
                    return None;
                }
                let Some(off) = self.offset else {
                    return Some((K_TIME, Val::Time(t.clone())));
                };
                let delta = jiff::SignedDuration::from_mins(off as i64 - (zone * 60.0) as i64);
                Self::fixed(Iv {
                    start: iv.start.checked_add(delta).ok()?,
                    end: iv.end.checked_add(delta).ok()?,
                    grain: iv.grain.min(Grain::Minute),
                })
            }
            // rangetz(from, to, zone): "9:30 - 11:00 CST", one zone after a range of two clock
            // times that carry none of their own; both ends move to the reference's zone.
            Op::Rangetz => {
                if !matches!(self.tv(arg(0))?, Tv::Cons(_))
                    || !matches!(self.tv(arg(1))?, Tv::Cons(_))
                {
                    return None;
                }
                let zone = self.num(arg(2))?;
                let (k, v) = self.apply("interval", &a[..2], dir)?;
                let Val::Time(t) = &v else { return None };
                let iv = self.resolve(t, dir)?;
                if iv.grain > Grain::Hour {
                    return None;
                }
                let Some(off) = self.offset else {
                    return Some((k, v));
                };
                let delta = jiff::SignedDuration::from_mins(off as i64 - (zone * 60.0) as i64);
                Self::fixed(Iv {
                    start: iv.start.checked_add(delta).ok()?,
                    end: iv.end.checked_add(delta).ok()?,
                    grain: iv.grain.min(Grain::Minute),
                })
            }
            Op::Scale => {
                let mut q = qty_of(arg(0))?;
                let s = self.num(arg(1))?;
                q.v *= s;
                q.min = q.min.map(|m| m * s);
                q.max = q.max.map(|m| m * s);
                q.marked = true;
                Some((K_QTY, Val::Qty(q)))
            }
            Op::Vague => {
                let t = self.text(arg(0))?;
                let mut it = t.split(':').map(|x| x.parse::<f64>());
                let v = it.next()?.ok()?;
                let min = it.next().and_then(|x| x.ok());
                let max = it.next().and_then(|x| x.ok());
                Some((
                    K_QTY,
                    Val::Qty(Q {
                        v,
                        approx: true,
                        min,
                        max,
                        unit: None,
                        marked: true,
                    }),
                ))
            }
            Op::Other => None,
        }
    }

    /// A holiday spec from a lexicon: `MM-DD`, `easter±N`, `orthodox-easter±N`,
    /// `nth:N:DOW:MONTH±N`, `table:NAME±N`, `workday:MM-DD` (moved off the weekend); any of them may end in `/DAYS` (a holiday lasting
    /// several days: "lent" = `easter-46/46`).
    fn holiday(&self, spec: &str) -> Option<Holiday> {
        if let Some((base, span)) = spec.rsplit_once('/') {
            let span: u16 = span.parse().ok().filter(|&n| n >= 1)?;
            let h = self.holiday(base)?;
            return Some(match h {
                Holiday::Shifted(b, d, _) => Holiday::Shifted(b, d, span),
                h => Holiday::Shifted(Box::new(h), 0, span),
            });
        }
        if let Some(off) = spec.strip_prefix("easter") {
            let off = if off.is_empty() { 0 } else { off.parse().ok()? };
            return Some(Holiday::Easter(off));
        }
        if let Some(off) = spec.strip_prefix("orthodox-easter") {
            let off = if off.is_empty() { 0 } else { off.parse().ok()? };
            return Some(Holiday::OrthodoxEaster(off));
        }
        if let Some(rest) = spec.strip_prefix("nth:") {
            // nth:N:DOW:MONTH, optionally +DAYS / -DAYS after the month.
            let last = rest.rfind(':')?;
            let (rest, off) = match rest[last..].find(['+', '-']) {
                Some(k) => (&rest[..last + k], rest[last + k..].parse::<i32>().ok()?),
                None => (rest, 0),
            };
            let v: Vec<i8> = rest.split(':').filter_map(|x| x.parse().ok()).collect();
            let [n, d, m] = v[..] else { return None };
            return Some(Holiday::NthDow(n, d, m, off));
        }
        if let Some(name) = spec.strip_prefix("table:") {
            // Table names have hyphens ("eid-al-fitr"): an offset is a sign and digits only.
            let cut = name.rfind(['+', '-']).filter(|&k| {
                k + 1 < name.len() && name[k + 1..].bytes().all(|b| b.is_ascii_digit())
            });
            return Some(match cut {
                Some(k) => Holiday::Shifted(
                    Box::new(Holiday::Table(self.holidays.get(&name[..k])?.clone())),
                    name[k..].parse().ok()?,
                    0,
                ),
                None => Holiday::Table(self.holidays.get(name)?.clone()),
            });
        }
        if let Some(md) = spec.strip_prefix("workday:") {
            let (m, d) = md.split_once('-')?;
            return Some(Holiday::Workday(m.parse().ok()?, d.parse().ok()?));
        }
        let (m, d) = spec.split_once('-')?;
        Some(Holiday::Fixed(m.parse().ok()?, d.parse().ok()?))
    }

    fn and(&self, x: &Tv, y: &Tv, dir: Dir) -> Option<Tv> {
        match (x, y) {
            (Tv::Cons(a), Tv::Cons(b)) => Some(Tv::Cons(a.merge(b)?)),
            (Tv::Fixed(f), Tv::Cons(c)) | (Tv::Cons(c), Tv::Fixed(f)) => {
                let w = Cons {
                    within: Some(*f),
                    ..Default::default()
                };
                let m = c.merge(&w)?;
                // Check now that the window holds such a time ("lunedì 30 febbraio" does not).
                let t = Tv::Cons(m);
                self.resolve(&t, dir)?;
                Some(t)
            }
            (Tv::Pair(p), o) | (o, Tv::Pair(p)) => {
                let (a, b) = &**p;
                let (Tv::Cons(a2), Tv::Cons(b2)) = (
                    self.and(&Tv::Cons(a.clone()), o, dir)?,
                    self.and(&Tv::Cons(b.clone()), o, dir)?,
                ) else {
                    return None;
                };
                let t = Tv::Pair(Box::new((a2, b2)));
                self.resolve(&t, dir)?;
                Some(t)
            }
            (Tv::Fixed(a), Tv::Fixed(b)) => {
                let (fine, coarse) = if a.grain <= b.grain { (a, b) } else { (b, a) };
                (fine.start >= coarse.start && fine.end <= coarse.end).then_some(Tv::Fixed(*fine))
            }
            _ => None,
        }
    }
}

/// Only a time of day: no date part.
fn clock_only(c: &Cons) -> bool {
    c.grain() < Grain::Day
        && c.year.is_none()
        && c.month.is_none()
        && c.dom.is_none()
        && c.dow.is_none()
        && c.holiday.is_none()
        && c.within.is_none()
}

/// The end of a range: the first time matching `c` that starts at or after `x` starts.
fn end_after(c: &Cons, x: Iv) -> Option<Iv> {
    let mut c = c.clone();
    if c.within.is_none() && c.grain() < Grain::Day {
        c.within = Some(Iv {
            start: x.start,
            end: add(x.start, Grain::Day, 1),
            grain: Grain::Day,
        });
    }
    c.resolve(x.start, Dir::Future)
        .filter(|y| y.start >= x.start)
        .or_else(|| c.resolve(x.start, Dir::After))
}

fn qty_of(a: A) -> Option<Q> {
    match a {
        A::V(Val::Qty(q)) => Some(q.clone()),
        A::V(Val::Num { v, .. }) => Some(Q {
            v: *v,
            approx: false,
            min: None,
            max: None,
            unit: None,
            marked: false,
        }),
        _ => None,
    }
}

/// A year as written: four digits, or two (pivot: 00–49 → 2000s, 50–99 → 1900s).
fn year_of(n: i64) -> Option<i16> {
    match n {
        0..=49 => Some(2000 + n as i16),
        50..=99 => Some(1900 + n as i16),
        1000..=2999 => Some(n as i16),
        _ => None,
    }
}

/// Render a time value for output: (value, precision, from, to).
pub fn render(
    t: &Tv,
    iv: Iv,
    seasons: &[Season],
) -> (String, String, Option<String>, Option<String>) {
    let (from, to) = bounds(t, iv);
    (
        render_value(t, iv, seasons),
        precision(t, iv).to_string(),
        from,
        to,
    )
}

/// The precision [`render`] gives, alone (an expression left unresolved keeps it, and
/// needs no bounds).
pub fn precision(t: &Tv, iv: Iv) -> &'static str {
    match t {
        Tv::Open { anchor, .. } => anchor.grain.name(),
        Tv::Sub { value, .. } => value.grain.name(),
        _ => iv.grain.name(),
    }
}

/// The `from` and `to` [`render`] gives, alone.
pub fn bounds(t: &Tv, iv: Iv) -> (Option<String>, Option<String>) {
    match t {
        Tv::Open { anchor, from, to } => (
            from.map(|f| day_or_instant(f, anchor.grain, false)),
            to.map(|t| day_or_instant(t, anchor.grain, true)),
        ),
        Tv::Sub { cover, .. } => (
            Some(day_or_instant(cover.start, cover.grain, false)),
            Some(day_or_instant(cover.end, cover.grain, true)),
        ),
        _ => (
            Some(day_or_instant(iv.start, iv.grain, false)),
            Some(day_or_instant(iv.end, iv.grain, true)),
        ),
    }
}

/// The value [`render`] gives, alone (comparing the two probes needs nothing else).
pub fn render_value(t: &Tv, iv: Iv, seasons: &[Season]) -> String {
    match t {
        Tv::Open { anchor, .. } => timex(*anchor, seasons),
        Tv::Sub { value, .. } => timex(*value, seasons),
        _ => {
            let single = add(iv.start, iv.grain, 1) == iv.end || (iv.grain == Grain::Season);
            if single {
                timex(iv, seasons)
            } else {
                let last = cycle(add(iv.end, iv.grain, -1), iv.grain, 0);
                let first = cycle(iv.start, iv.grain, 0);
                // Joined by hand: `format!` cost as much as rendering both ends.
                let mut v = timex(first, seasons);
                v.push('/');
                v.push_str(&timex(last, seasons));
                v
            }
        }
    }
}

/// A date for day-or-coarser grains; for the end of an interval, the last day it covers.
fn day_or_instant(t: Dt, g: Grain, end: bool) -> String {
    if g >= Grain::Day && t.time() == jiff::civil::Time::midnight() {
        let d = if end {
            t.date().yesterday().unwrap_or(t.date())
        } else {
            t.date()
        };
        iso(d.at(0, 0, 0, 0), 3)
    } else {
        let t = if end {
            t.checked_sub(jiff::SignedDuration::from_secs(1))
                .unwrap_or(t)
        } else {
            t
        };
        iso(t, 6)
    }
}

/// The first `fields` fields of `%Y-%m-%dT%H:%M:%S` (3: the date, 4: to the hour, …), written
/// by hand: rendering runs for every time found, twice without a reference, and the general
/// formatter cost more than the rest of it. Years outside 0–9999 go through `strftime`.
fn iso(t: Dt, fields: usize) -> String {
    const FMT: [&str; 7] = [
        "",
        "%Y",
        "%Y-%m",
        "%Y-%m-%d",
        "%Y-%m-%dT%H",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ];
    let y = t.year();
    if !(0..=9999).contains(&y) {
        return t.strftime(FMT[fields]).to_string();
    }
    let mut b = [0u8; 19];
    let y = y as u32;
    b[..4].copy_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
    ]);
    let two = |b: &mut [u8], at: usize, sep: u8, v: i8| {
        b[at] = sep;
        b[at + 1] = b'0' + (v / 10) as u8;
        b[at + 2] = b'0' + (v % 10) as u8;
    };
    two(&mut b, 4, b'-', t.month());
    two(&mut b, 7, b'-', t.day());
    two(&mut b, 10, b'T', t.hour());
    two(&mut b, 13, b':', t.minute());
    two(&mut b, 16, b':', t.second());
    let len = [0, 4, 7, 10, 13, 16, 19][fields];
    String::from_utf8_lossy(&b[..len]).into_owned()
}

/// TIMEX3 value of an interval at its grain.
/// Whether [`render_value`] writes the same for both (value, interval) pairs, without
/// writing either: a document without a reference renders a relative time's value only to
/// compare its two probes' readings, which differ most of the time.
pub fn same_value(a: (&Tv, Iv), b: (&Tv, Iv), seasons: &[Season]) -> bool {
    // The one or two intervals `render_value` writes (joined by a '/' no TIMEX holds).
    fn parts(t: &Tv, iv: Iv) -> (Iv, Option<Iv>) {
        match t {
            Tv::Open { anchor, .. } => (*anchor, None),
            Tv::Sub { value, .. } => (*value, None),
            _ => {
                let single = add(iv.start, iv.grain, 1) == iv.end || (iv.grain == Grain::Season);
                if single {
                    (iv, None)
                } else {
                    (
                        cycle(iv.start, iv.grain, 0),
                        Some(cycle(add(iv.end, iv.grain, -1), iv.grain, 0)),
                    )
                }
            }
        }
    }
    // Most pairs differ already in the first (or only) interval's fields, which are the
    // value's own start's at its grain (a range's first part is the cycle holding the start:
    // truncated, the same fields): told apart without working out the parts. (Away from
    // the ends of the years `timex_key` writes, so that truncating cannot leave them.)
    let plain = |t: &Tv, iv: Iv| {
        !matches!(t, Tv::Open { .. } | Tv::Sub { .. })
            && iv.grain != Grain::Season
            && (1..=9998).contains(&iv.start.year())
    };
    if a.1.grain == b.1.grain && plain(a.0, a.1) && plain(b.0, b.1) {
        if let (Some(p), Some(q)) = (timex_key(a.1, seasons), timex_key(b.1, seasons)) {
            if p != q {
                return false;
            }
        }
    }
    let same = |x: Iv, y: Iv| match (timex_key(x, seasons), timex_key(y, seasons)) {
        (Some(p), Some(q)) if x.grain == y.grain => p == q,
        // Other grains write other shapes, but that is not worth proving here.
        _ => timex(x, seasons) == timex(y, seasons),
    };
    match (parts(a.0, a.1), parts(b.0, b.1)) {
        ((x, None), (y, None)) => same(x, y),
        ((x, Some(x2)), (y, Some(y2))) => same(x, y) && same(x2, y2),
        _ => false,
    }
}

/// The fields [`timex`] writes for an interval at its grain, for a year it writes with
/// `iso`'s fast path (0..=9999; else `None`): equal keys at one grain are equal strings,
/// and different keys different strings (each field is written in full, at a fixed place).
fn timex_key(iv: Iv, seasons: &[Season]) -> Option<[i32; 6]> {
    let s = iv.start;
    let y = s.year() as i32;
    if !(0..=9999).contains(&y) {
        return None;
    }
    let (m, d, h, mi, sec) = (
        s.month() as i32,
        s.day() as i32,
        s.hour() as i32,
        s.minute() as i32,
        s.second() as i32,
    );
    Some(match iv.grain {
        Grain::Second => [y, m, d, h, mi, sec],
        Grain::Minute => [y, m, d, h, mi, 0],
        Grain::Hour => [y, m, d, h, 0, 0],
        Grain::Day => [y, m, d, 0, 0, 0],
        Grain::Month => [y, m, 0, 0, 0, 0],
        Grain::Week => {
            let w = s.date().iso_week_date();
            [w.year() as i32, w.week() as i32, 0, 0, 0, 0]
        }
        Grain::Season => {
            // The code written, as the index of the first season with that code.
            let code = seasons
                .iter()
                .find(|x| x.start == (s.month(), s.day()))
                .map(|x| x.code.as_str());
            let ix = code.map_or(-1, |c| {
                seasons.iter().position(|x| x.code == c).unwrap_or(0) as i32
            });
            [y, ix, 0, 0, 0, 0]
        }
        Grain::Quarter => [y, (m - 1) / 3 + 1, 0, 0, 0, 0],
        Grain::Year => [y, 0, 0, 0, 0, 0],
        Grain::Decade => [y / 10, 0, 0, 0, 0, 0],
        Grain::Century => [y / 100, 0, 0, 0, 0, 0],
    })
}

pub fn timex(iv: Iv, seasons: &[Season]) -> String {
    let s = iv.start;
    match iv.grain {
        Grain::Second => iso(s, 6),
        Grain::Minute => iso(s, 5),
        Grain::Hour => iso(s, 4),
        Grain::Day => iso(s, 3),
        Grain::Week => {
            let w = s.date().iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Grain::Month => iso(s, 2),
        Grain::Season => {
            let code = seasons
                .iter()
                .find(|x| x.start == (s.month(), s.day()))
                .map(|x| x.code.as_str())
                .unwrap_or("XX");
            format!("{:04}-{code}", s.year())
        }
        Grain::Quarter => format!("{:04}-Q{}", s.year(), (s.month() - 1) / 3 + 1),
        Grain::Year => format!("{:04}", s.year()),
        Grain::Decade => format!("{:03}", s.year() / 10),
        Grain::Century => format!("{:02}", s.year() / 100),
    }
}

/// TIMEX3 value of a time that depends on an unknown reference: what the text fixes, `X`
/// for the rest ("mercoledì" → `XXXX-WXX-3`, "ad aprile" → `XXXX-04`).
pub fn unresolved(t: &Tv) -> String {
    let c = match t {
        Tv::Cons(c) => c,
        Tv::Pair(p) => &p.0,
        Tv::Fixed(iv) | Tv::Sub { value: iv, .. } | Tv::Open { anchor: iv, .. } => {
            return match iv.grain {
                Grain::Week => "XXXX-WXX".into(),
                Grain::Month | Grain::Season | Grain::Quarter => "XXXX-XX".into(),
                Grain::Year | Grain::Decade | Grain::Century => "XXXX".into(),
                _ => "XXXX-XX-XX".into(),
            }
        }
    };
    // Written by hand (`format!` cost more than the rest of annotating a time): a
    // non-negative number padded with zeros to `width` digits, as `{:0width$}` writes it.
    fn pad(out: &mut String, v: i64, width: usize) {
        if v < 0 {
            out.push_str(&format!("{v:0width$}"));
            return;
        }
        let mut digits = [0u8; 20];
        let (mut n, mut at) = (v as u64, digits.len());
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for _ in digits.len() - at..width {
            out.push('0');
        }
        out.extend(digits[at..].iter().map(|&d| char::from(d)));
    }
    let mut out = String::with_capacity(10);
    match c.year {
        Some(y) => pad(&mut out, y as i64, 4),
        None => out.push_str("XXXX"),
    }
    if c.month.is_none() && c.dom.is_none() {
        if let Some(d) = c.dow {
            out.push_str("-WXX-");
            pad(&mut out, d as i64, 0);
            return out;
        }
    }
    let month = |out: &mut String| match c.month {
        Some(m) => pad(out, m as i64, 2),
        None => out.push_str("XX"),
    };
    match (c.dom, c.grain()) {
        (Some(d), _) => {
            out.push('-');
            month(&mut out);
            out.push('-');
            pad(&mut out, d as i64, 2);
        }
        (None, Grain::Month) => {
            out.push('-');
            month(&mut out);
        }
        (None, Grain::Year) => {}
        _ => {
            out.push('-');
            month(&mut out);
            out.push_str("-XX");
        }
    }
    out
}

/// TIMEX3 of a duration: `P3D`, `PT2H`.
pub fn duration(n: f64, g: Grain) -> String {
    let n = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    match g {
        Grain::Second => format!("PT{n}S"),
        Grain::Minute => format!("PT{n}M"),
        Grain::Hour => format!("PT{n}H"),
        Grain::Day => format!("P{n}D"),
        Grain::Week => format!("P{n}W"),
        Grain::Month => format!("P{n}M"),
        Grain::Season => format!("P{n}M"),
        Grain::Quarter => format!("P{n}Q"),
        Grain::Year => format!("P{n}Y"),
        Grain::Decade => format!("P{n}DE"),
        Grain::Century => format!("P{n}CE"),
    }
}

/// Where a range of clock times ends: "3:30 to 6 pm" is stated to the minute, so it ends one
/// minute into 6 pm (not at 7 pm); a coarser clock end takes the start's grain.
fn range_end(x: Iv, y: Iv) -> Dt {
    if y.grain <= Grain::Hour && y.grain > x.grain {
        add(y.start, x.grain, 1)
    } else {
        y.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_value` answers as comparing the two written values does, for intervals of
    /// every grain, one cycle or several, open and partial values, across probe-like dates
    /// a year and a half apart and within one cycle; and it finds both answers.
    #[test]
    fn same_value_agrees_with_written_values() {
        let seasons = vec![
            Season {
                code: "SP".into(),
                start: (3, 20),
                end: (6, 21),
            },
            Season {
                code: "WI".into(),
                start: (12, 21),
                end: (3, 21),
            },
        ];
        let grains = [
            Grain::Second,
            Grain::Minute,
            Grain::Hour,
            Grain::Day,
            Grain::Week,
            Grain::Month,
            Grain::Season,
            Grain::Quarter,
            Grain::Year,
            Grain::Decade,
            Grain::Century,
        ];
        let starts = [
            jiff::civil::date(2001, 1, 3).at(12, 0, 0, 0),
            jiff::civil::date(2002, 7, 19).at(12, 0, 0, 0),
            jiff::civil::date(2001, 1, 3).at(12, 40, 5, 0),
            jiff::civil::date(2001, 12, 31).at(23, 0, 0, 0),
            jiff::civil::date(2003, 3, 20).at(0, 0, 0, 0),
            jiff::civil::date(2099, 12, 21).at(0, 0, 0, 0),
        ];
        let mut vals = Vec::new();
        for g in grains {
            for &st in &starts {
                for n in [1, 3] {
                    let iv = cycle(st, g, 0);
                    let wide = Iv {
                        start: iv.start,
                        end: add(iv.start, g, n),
                        grain: g,
                    };
                    vals.push((Tv::Fixed(wide), wide));
                    vals.push((
                        Tv::Open {
                            anchor: iv,
                            from: Some(iv.start),
                            to: None,
                        },
                        wide,
                    ));
                    vals.push((
                        Tv::Sub {
                            value: iv,
                            cover: wide,
                        },
                        wide,
                    ));
                }
            }
        }
        let (mut same, mut differ) = (0, 0);
        for a in &vals {
            for b in &vals {
                let want = render_value(&a.0, a.1, &seasons) == render_value(&b.0, b.1, &seasons);
                assert_eq!(
                    same_value((&a.0, a.1), (&b.0, b.1), &seasons),
                    want,
                    "{a:?} {b:?}"
                );
                if want {
                    same += 1;
                } else {
                    differ += 1;
                }
            }
        }
        assert!(same > vals.len() && differ > vals.len(), "{same} {differ}");
    }

    /// The hand-written unresolved value is what the formatter writes, for every shape of
    /// partial date (fields present or not, short and negative numbers, all grains).
    #[test]
    fn unresolved_matches_format() {
        let by_format = |c: &Cons| -> String {
            let y = c
                .year
                .map(|y| format!("{y:04}"))
                .unwrap_or_else(|| "XXXX".into());
            if c.month.is_none() && c.dom.is_none() {
                if let Some(d) = c.dow {
                    return format!("{y}-WXX-{d}");
                }
            }
            let m = c
                .month
                .map(|m| format!("{m:02}"))
                .unwrap_or_else(|| "XX".into());
            match (c.dom, c.grain()) {
                (Some(d), _) => format!("{y}-{m}-{d:02}"),
                (None, Grain::Month) => format!("{y}-{m}"),
                (None, Grain::Year) => y,
                _ => format!("{y}-{m}-XX"),
            }
        };
        let mut n = 0;
        for year in [None, Some(7), Some(987), Some(2025), Some(-44), Some(12000)] {
            for month in [None, Some(3), Some(11), Some(-1)] {
                for dom in [None, Some(9), Some(28)] {
                    for dow in [None, Some(2), Some(-3)] {
                        for hour in [None, Some(15)] {
                            let c = Cons {
                                year,
                                month,
                                dom,
                                dow,
                                hour,
                                ..Default::default()
                            };
                            assert_eq!(unresolved(&Tv::Cons(c.clone())), by_format(&c), "{c:?}");
                            n += 1;
                        }
                    }
                }
            }
        }
        assert!(n > 400);
    }

    #[test]
    fn iso_matches_strftime() {
        let fmts = ["%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%dT%H", "%Y-%m-%dT%H:%M"];
        for (y, mo, d, h, mi, s) in [
            (2025, 8, 13, 4, 30, 5),
            (0, 1, 1, 0, 0, 0),
            (999, 12, 31, 23, 59, 59),
            (9999, 2, 28, 12, 7, 9),
            (-44, 3, 15, 10, 0, 0),
            (-9999, 1, 1, 0, 0, 0),
        ] {
            let t = jiff::civil::date(y, mo, d).at(h, mi, s, 0);
            for (i, f) in fmts.iter().enumerate() {
                assert_eq!(iso(t, i + 1), t.strftime(f).to_string(), "{t} {f}");
            }
            assert_eq!(iso(t, 6), t.strftime("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
}
