//! Calendar values: grains, intervals, partial dates and how they resolve against a reference.
//!
//! A time expression is kept as a *constraint set* (`Cons`: "a Tuesday", "the 19th",
//! "March", "3 pm", "Christmas") for as long as it can be combined with others ("martedì 19",
//! "alle 9 di sabato"); only then is it resolved to one interval, by scanning candidate days
//! (or months) from the reference in the direction the convention and the clause's tense ask.
//! Everything already anchored ("ieri", "lo scorso anno", "il 13 febbraio 2013") is a fixed
//! interval `Iv` with a half-open `[start, end)` and the grain it was stated at.

use jiff::civil::{Date, DateTime};
use jiff::ToSpan;

pub type Dt = DateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grain {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Grain {
    pub fn parse(s: &str) -> Option<Grain> {
        Some(match s {
            "second" => Grain::Second,
            "minute" => Grain::Minute,
            "hour" => Grain::Hour,
            "day" => Grain::Day,
            "week" => Grain::Week,
            "month" => Grain::Month,
            "season" => Grain::Season,
            "quarter" => Grain::Quarter,
            "year" => Grain::Year,
            "decade" => Grain::Decade,
            "century" => Grain::Century,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Grain::Second => "second",
            Grain::Minute => "minute",
            Grain::Hour => "hour",
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Season => "season",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
            Grain::Decade => "decade",
            Grain::Century => "century",
        }
    }
}

/// A half-open interval `[start, end)` stated at a grain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Iv {
    pub start: Dt,
    pub end: Dt,
    pub grain: Grain,
}

/// The intervals a constraint set allows on one day, in order: at most two (a clock time
/// read on both halves of a 12-hour clock). Kept on the stack: the day scans ask for them on
/// every candidate day, and a vector allocated per scan cost more than the scan.
#[derive(Debug, Default)]
struct DayIvs {
    n: usize,
    v: [Option<Iv>; 2],
}

impl DayIvs {
    fn clear(&mut self) {
        self.n = 0;
    }

    /// Adds `iv` (a third would be dropped; `on_day` makes at most two).
    fn push(&mut self, iv: Iv) {
        if let Some(x) = self.v.get_mut(self.n) {
            *x = Some(iv);
            self.n += 1;
        }
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = &Iv> {
        self.v[..self.n].iter().flatten()
    }
}

/// Which of several matching candidates a constraint set resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// First candidate starting strictly after the reference instant (Duckling's convention).
    After,
    /// Latest candidate starting on or before the reference (past-tense news clause).
    Past,
    /// First candidate starting after the reference day (future-tense news clause).
    Future,
    /// The candidate closest to the reference; ties go to the past.
    Nearest,
}

/// A rule for a holiday's date in a given year.
#[derive(Debug, Clone, PartialEq)]
pub enum Holiday {
    Fixed(i8, i8),
    /// A fixed date kept on the nearest working day: Saturday moves to Friday, Sunday to
    /// Monday ("Boss's Day").
    Workday(i8, i8),
    /// Days after Western Easter Sunday.
    Easter(i32),
    /// Days after Orthodox Easter Sunday (Julian computus, as a Gregorian date).
    OrthodoxEaster(i32),
    /// `n`-th (negative: from the end) weekday `dow` (1 = Monday) of month `m`, plus days
    /// ("Black Friday": the day after the fourth Thursday of November).
    NthDow(i8, i8, i8, i32),
    /// Dates from a table, sorted, with each occurrence's length in days.
    Table(HolidayTable),
    /// Another holiday moved by `days` ("the eve of …", "Holika Dahan = Holi − 1") and, when
    /// `span` is not 0, lasting `span` days ("Hanukkah": 8 days).
    Shifted(Box<Holiday>, i32, u16),
}

/// A generated table of holiday dates (first day, length in days), sorted by date.
pub type HolidayTable = std::sync::Arc<[(Date, u16)]>;

impl Holiday {
    pub fn date_in(&self, year: i16) -> Option<Date> {
        match self {
            Holiday::Fixed(m, d) => Date::new(year, *m, *d).ok(),
            Holiday::Workday(m, d) => {
                let x = Date::new(year, *m, *d).ok()?;
                let shift = match dow(x) {
                    6 => -1,
                    7 => 1,
                    _ => 0,
                };
                x.checked_add(shift.days()).ok()
            }
            Holiday::Easter(off) => easter(year).checked_add((*off).days()).ok(),
            Holiday::OrthodoxEaster(off) => orthodox_easter(year)?.checked_add((*off).days()).ok(),
            Holiday::NthDow(n, dow, m, off) => nth_dow_in_month(year, *m, *dow, *n)?
                .checked_add((*off).days())
                .ok(),
            Holiday::Table(v) => {
                let i = v.partition_point(|(d, _)| d.year() < year);
                v.get(i).map(|(d, _)| *d).filter(|d| d.year() == year)
            }
            Holiday::Shifted(base, days, _) => {
                // The shift may cross New Year's Day: the base date of a neighbouring year
                // can be the one that lands in `year`.
                [year, year.checked_sub(1)?, year.checked_add(1)?]
                    .into_iter()
                    .filter_map(|y| base.date_in(y)?.checked_add((*days).days()).ok())
                    .find(|d| d.year() == year)
            }
        }
    }

    /// How many days the occurrence starting on `d` lasts.
    pub fn days_from(&self, d: Date) -> u16 {
        match self {
            Holiday::Table(v) => v.binary_search_by(|(x, _)| x.cmp(&d)).map_or(1, |i| v[i].1),
            Holiday::Shifted(base, days, span) => {
                if *span > 0 {
                    *span
                } else {
                    d.checked_sub((*days).days())
                        .map_or(1, |b| base.days_from(b))
                }
            }
            _ => 1,
        }
    }
}

/// Western Easter Sunday (anonymous Gregorian algorithm).
pub fn easter(year: i16) -> Date {
    let y = year as i32;
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).unwrap_or_default()
}

/// Orthodox Easter Sunday: the Julian-calendar computus (Meeus), moved to the Gregorian
/// calendar by the centuries' difference between the two.
pub fn orthodox_easter(year: i16) -> Option<Date> {
    let y = year as i32;
    let (a, b, c) = (y % 4, y % 7, y % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian_shift = y / 100 - y / 400 - 2;
    Date::new(year, month as i8, 1)
        .ok()?
        .checked_add((day - 1 + julian_shift).days())
        .ok()
}

pub fn dow(d: Date) -> i8 {
    d.weekday().to_monday_one_offset()
}

pub fn nth_dow_in_month(year: i16, m: i8, wd: i8, n: i8) -> Option<Date> {
    let first = Date::new(year, m, 1).ok()?;
    if n > 0 {
        let off = (wd - dow(first)).rem_euclid(7) + 7 * (n - 1);
        let d = first.checked_add((off as i32).days()).ok()?;
        (d.month() == m).then_some(d)
    } else {
        let last = first.last_of_month();
        let off = (dow(last) - wd).rem_euclid(7) + 7 * (-n - 1);
        let d = last.checked_sub((off as i32).days()).ok()?;
        (d.month() == m).then_some(d)
    }
}

/// A partial date/time: every field set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cons {
    pub year: Option<i16>,
    pub month: Option<i8>,
    pub dom: Option<i8>,
    pub dow: Option<i8>,
    pub hour: Option<i8>,
    /// The hour was said on a 12-hour clock without am/pm ("alle 3"): 3 or 15.
    pub ampm: bool,
    pub minute: Option<i8>,
    /// Seconds of a clock time written with them ("15:23:24").
    pub second: Option<i8>,
    /// A part of the day, `[from, to)` hours (to may be 24+).
    pub pod: Option<(i8, i8)>,
    pub holiday: Option<Holiday>,
    /// Only candidates inside this interval.
    pub within: Option<Iv>,
}

impl Cons {
    pub fn grain(&self) -> Grain {
        if self.second.is_some() {
            Grain::Second
        } else if self.minute.is_some() {
            Grain::Minute
        } else if self.hour.is_some() || self.pod.is_some() {
            Grain::Hour
        } else if self.dom.is_some() || self.dow.is_some() || self.holiday.is_some() {
            Grain::Day
        } else if self.month.is_some() {
            Grain::Month
        } else if self.year.is_some() {
            Grain::Year
        } else {
            self.within.map(|w| w.grain).unwrap_or(Grain::Day)
        }
    }

    /// Merges two constraint sets; `None` when they contradict.
    pub fn merge(&self, o: &Cons) -> Option<Cons> {
        fn m<T: PartialEq + Clone>(a: &Option<T>, b: &Option<T>) -> Result<Option<T>, ()> {
            match (a, b) {
                (Some(x), Some(y)) if x != y => Err(()),
                (Some(x), _) => Ok(Some(x.clone())),
                (_, y) => Ok(y.clone()),
            }
        }
        let within = match (self.within, o.within) {
            (Some(a), Some(b)) => {
                let s = a.start.max(b.start);
                let e = a.end.min(b.end);
                if s >= e {
                    return None;
                }
                Some(Iv {
                    start: s,
                    end: e,
                    grain: a.grain.min(b.grain),
                })
            }
            (a, b) => a.or(b),
        };
        Some(Cons {
            year: m(&self.year, &o.year).ok()?,
            month: m(&self.month, &o.month).ok()?,
            dom: m(&self.dom, &o.dom).ok()?,
            dow: m(&self.dow, &o.dow).ok()?,
            hour: m(&self.hour, &o.hour).ok()?,
            ampm: if self.hour.is_some() {
                self.ampm
            } else {
                o.ampm
            },
            minute: m(&self.minute, &o.minute).ok()?,
            second: m(&self.second, &o.second).ok()?,
            pod: m(&self.pod, &o.pod).ok()?,
            holiday: m(&self.holiday, &o.holiday).ok()?,
            within,
        })
    }

    fn day_ok(&self, d: Date) -> bool {
        self.year.is_none_or(|y| d.year() == y)
            && self.month.is_none_or(|m| d.month() == m)
            && self.dom.is_none_or(|x| d.day() == x)
            && self.dow.is_none_or(|x| dow(d) == x)
            && self
                .holiday
                .as_ref()
                .is_none_or(|h| h.date_in(d.year()) == Some(d))
    }

    /// The intervals this constraint set allows on day `d`, in order.
    fn on_day(&self, d: Date, out: &mut DayIvs) {
        let g = self.grain();
        if g >= Grain::Day {
            let s = d.to_datetime(jiff::civil::Time::midnight());
            // A holiday of several days ("Ramadan 2018", "Hanukkah") covers all of them.
            let n = self.holiday.as_ref().map_or(1, |h| h.days_from(d));
            out.push(Iv {
                start: s,
                end: add(s, Grain::Day, n as i64),
                grain: Grain::Day,
            });
            return;
        }
        let day0 = d.to_datetime(jiff::civil::Time::midnight());
        let at = |h: i32, m: i32| {
            if (0..24).contains(&h) {
                d.at(h as i8, m as i8, 0, 0)
            } else {
                add_secs(day0, (h as i64 * 60 + m as i64) * 60).unwrap_or(day0)
            }
        };
        match (self.hour, self.pod) {
            (Some(h), pod) => {
                // One or two readings of the hour, kept on the stack (see `DayIvs`).
                let (mut hs, mut nh) = ([h as i32, 0], 1);
                if self.ampm && h < 12 {
                    hs[1] = h as i32 + 12;
                    nh = 2;
                }
                if let Some((a, b)) = pod {
                    // "le 3 del pomeriggio": the 12-hour reading that falls in the part of day.
                    let inside = |x: i32| x >= a as i32 && x < b as i32;
                    let h = h as i32;
                    let one = if h == 12 && a == 0 && b <= 12 {
                        // "12 am" is midnight.
                        24
                    } else if inside(h) {
                        h
                    } else if h < 12 && inside(h + 12) {
                        h + 12
                    } else if h < 12 && inside(h + 24) {
                        h + 24
                    } else if h <= 12 && a >= 12 {
                        // "tomorrow evening at 5", "this afternoon at 12": a part of the day
                        // after noon makes the hour a pm one even just outside it.
                        h + 12
                    } else {
                        h
                    };
                    (hs, nh) = ([one, 0], 1);
                }
                for &hh in &hs[..nh] {
                    let mut s = at(hh, self.minute.unwrap_or(0) as i32);
                    let g = if let Some(sec) = self.second {
                        s = add(s, Grain::Second, sec as i64);
                        Grain::Second
                    } else if self.minute.is_some() {
                        Grain::Minute
                    } else {
                        Grain::Hour
                    };
                    out.push(Iv {
                        start: s,
                        end: add(s, g, 1),
                        grain: g,
                    });
                }
            }
            (None, Some((a, b))) => out.push(Iv {
                start: at(a as i32, 0),
                end: at(b as i32, 0),
                grain: Grain::Hour,
            }),
            (None, None) => {}
        }
    }

    /// Resolves to one interval relative to `now`.
    pub fn resolve(&self, now: Dt, dir: Dir) -> Option<Iv> {
        let g = self.grain();
        if let Some(w) = self.within {
            if g >= w.grain && g > Grain::Day && self.month.is_none() && self.year.is_none() {
                return Some(w);
            }
            // Inside a window: the first candidate in it, whatever the reference. Only the
            // window's days (and the eve, for spans past midnight) can hold one, so the scan
            // stops there instead of walking on for years when nothing fits.
            let days = w
                .start
                .date()
                .until(w.end.date())
                .map_or(800, |s| s.get_days().clamp(0, 798) + 2);
            return self.scan_days(w.start.date().yesterday().ok()?, 1, days, |iv| {
                // Starts inside the window ("stanotte" runs past midnight).
                (iv.start >= w.start && iv.start < w.end).then_some(true)
            });
        }
        if g == Grain::Year {
            let y = self.year?;
            return Some(cycle(Date::new(y, 1, 1).ok()?.into(), Grain::Year, 0));
        }
        if g == Grain::Month {
            return self.resolve_month(now, dir);
        }
        let today = now.date();
        let holiday = self.holiday.is_some();
        let after = |iv: &Iv| match dir {
            // Duckling's assistant keeps a holiday that is today ("mardi gras" on the day) and
            // a clock time in the current hour ("4:23am" at 4:30): the enclosing day or hour
            // is not yet over.
            Dir::After if holiday && iv.grain >= Grain::Day => iv.end > now,
            Dir::After if iv.grain < Grain::Hour => {
                add(truncate(iv.start, Grain::Hour), Grain::Hour, 1) > now
            }
            Dir::After => iv.start > now,
            Dir::Future => {
                if iv.grain >= Grain::Day {
                    iv.start.date() > today
                } else {
                    iv.start > now
                }
            }
            _ => iv.start > now,
        };
        let not_after = |iv: &Iv| {
            if iv.grain >= Grain::Day {
                iv.start.date() <= today
            } else {
                iv.start <= now
            }
        };
        let limit = if self.year.is_some() { 400 * 3 } else { 1500 };
        let start_scan = match self.year {
            Some(y) if y != today.year() => {
                if y > today.year() {
                    Date::new(y, 1, 1).ok()?
                } else {
                    Date::new(y, 12, 31).ok()?
                }
            }
            _ => today,
        };
        let fwd = || {
            self.scan_days(start_scan.yesterday().ok()?, 1, limit, |iv| {
                after(iv).then_some(true)
            })
        };
        let back = || {
            self.scan_days(start_scan.tomorrow().ok()?, -1, limit, |iv| {
                not_after(iv).then_some(true)
            })
        };
        match dir {
            Dir::After | Dir::Future => fwd().or_else(back),
            Dir::Past => back().or_else(fwd),
            Dir::Nearest => match (back(), fwd()) {
                (Some(b), Some(f)) => {
                    let db = now.duration_since(b.start).as_secs().abs();
                    let df = f.start.duration_since(now).as_secs().abs();
                    Some(if df < db { f } else { b })
                }
                (b, f) => b.or(f),
            },
        }
    }

    fn scan_days(
        &self,
        from: Date,
        step: i32,
        limit: i32,
        accept: impl Fn(&Iv) -> Option<bool>,
    ) -> Option<Iv> {
        let mut buf = DayIvs::default();
        // A holiday or a full month+day has one candidate a year: jump from year to year
        // instead of walking every day.
        let yearly = self.holiday.is_some() || (self.month.is_some() && self.dom.is_some());
        if yearly {
            let mut y = from.year();
            for _ in 0..(limit / 365 + 2) {
                let cand = match &self.holiday {
                    Some(h) => h.date_in(y),
                    None => Date::new(y, self.month?, self.dom?).ok(),
                };
                if let Some(d) = cand {
                    let ahead = if step > 0 { d > from } else { d < from };
                    if ahead && self.day_ok(d) {
                        buf.clear();
                        self.on_day(d, &mut buf);
                        let hit = if step > 0 {
                            buf.iter().find(|iv| accept(iv) == Some(true))
                        } else {
                            buf.iter().rev().find(|iv| accept(iv) == Some(true))
                        };
                        if let Some(iv) = hit {
                            return Some(*iv);
                        }
                    }
                }
                y = y.checked_add(if step > 0 { 1 } else { -1 })?;
                if let Some(yy) = self.year {
                    if (step > 0 && y > yy) || (step < 0 && y < yy) {
                        return None;
                    }
                }
            }
            return None;
        }
        let mut d = from;
        let mut n = 0;
        while n < limit {
            n += 1;
            d = if step > 0 {
                d.tomorrow().ok()?
            } else {
                d.yesterday().ok()?
            };
            if let Some(y) = self.year {
                if (step > 0 && d.year() > y) || (step < 0 && d.year() < y) {
                    return None;
                }
            }
            if !self.day_ok(d) {
                let k = self.failing_after(d, step);
                if k > 0 {
                    if n + k >= limit {
                        // Every day left to walk fails `day_ok`.
                        return None;
                    }
                    n += k;
                    let day = if step > 0 {
                        d.day() as i32 + k
                    } else {
                        d.day() as i32 - k
                    };
                    d = Date::new(d.year(), d.month(), day as i8).ok()?;
                }
                continue;
            }
            buf.clear();
            self.on_day(d, &mut buf);
            let hit = if step > 0 {
                buf.iter().find(|iv| accept(iv) == Some(true))
            } else {
                buf.iter().rev().find(|iv| accept(iv) == Some(true))
            };
            if let Some(iv) = hit {
                return Some(*iv);
            }
        }
        None
    }

    /// How many days after `d` (which fails [`Cons::day_ok`]) in the walk's direction `step`
    /// fail it too, counting only days of `d`'s month: the day-by-day walk of
    /// [`Cons::scan_days`] jumps over them instead of stepping and testing each (a day of the
    /// month or a weekday alone walked ~11 failing days per scan on news: 60,000 tests per
    /// 1,000 articles). Exact: every day skipped differs from `dom` (it lies between `d` and
    /// the month's day `dom`, or past it), from `dow` (before the next day of that weekday),
    /// or lies in a month other than `month`; and a day of `d`'s month has `d`'s year, which
    /// passed the walk's year bound.
    fn failing_after(&self, d: Date, step: i32) -> i32 {
        let day = d.day() as i32;
        // Days of the month left after `d` in the walk's direction.
        let left = if step > 0 {
            d.days_in_month() as i32 - day
        } else {
            day - 1
        };
        if self.month.is_some_and(|m| m != d.month()) {
            return left;
        }
        let mut k = 0;
        if let Some(x) = self.dom {
            let x = x as i32;
            k = if step > 0 {
                // Up to the day before `x`, or the month's end if `x` is not ahead.
                if day < x {
                    (x - day - 1).min(left)
                } else {
                    left
                }
            } else if day > x {
                (day - x - 1).min(left)
            } else {
                left
            };
        }
        if let Some(w) = self.dow {
            // Days up to the next day of weekday `w` in the walk's direction (at most six).
            let gap = if step > 0 {
                (w as i32 - dow(d) as i32).rem_euclid(7)
            } else {
                (dow(d) as i32 - w as i32).rem_euclid(7)
            };
            let gap = if gap == 0 { 7 } else { gap };
            k = k.max((gap - 1).min(left));
        }
        k
    }

    fn resolve_month(&self, now: Dt, dir: Dir) -> Option<Iv> {
        let m = self.month?;
        let mk = |y: i16| -> Option<Iv> {
            Some(cycle(Date::new(y, m, 1).ok()?.into(), Grain::Month, 0))
        };
        if let Some(y) = self.year {
            return mk(y);
        }
        let y = now.year();
        let this = mk(y)?;
        let cur = now.month();
        Some(match dir {
            Dir::After => {
                if m > cur {
                    this
                } else {
                    mk(y + 1)?
                }
            }
            Dir::Future => {
                if m >= cur {
                    this
                } else {
                    mk(y + 1)?
                }
            }
            Dir::Past => {
                if m <= cur {
                    this
                } else {
                    mk(y - 1)?
                }
            }
            Dir::Nearest => {
                let diff = m as i32 - cur as i32;
                if diff > 6 {
                    mk(y - 1)?
                } else if diff < -6 {
                    mk(y + 1)?
                } else {
                    this
                }
            }
        })
    }
}

/// Start of the `grain` cycle containing `dt` (weeks start on Monday).
pub fn truncate(dt: Dt, g: Grain) -> Dt {
    let d = dt.date();
    let midnight = |d: Date| d.to_datetime(jiff::civil::Time::midnight());
    match g {
        Grain::Second => dt.with().subsec_nanosecond(0).build().unwrap_or(dt),
        Grain::Minute => dt
            .with()
            .second(0)
            .subsec_nanosecond(0)
            .build()
            .unwrap_or(dt),
        Grain::Hour => dt
            .with()
            .minute(0)
            .second(0)
            .subsec_nanosecond(0)
            .build()
            .unwrap_or(dt),
        Grain::Day => midnight(d),
        Grain::Week => midnight(d.checked_sub(((dow(d) - 1) as i32).days()).unwrap_or(d)),
        Grain::Month | Grain::Season => midnight(d.first_of_month()),
        Grain::Quarter => {
            midnight(Date::new(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap_or(d))
        }
        Grain::Year => midnight(Date::new(d.year(), 1, 1).unwrap_or(d)),
        Grain::Decade => midnight(Date::new(d.year() - d.year().rem_euclid(10), 1, 1).unwrap_or(d)),
        Grain::Century => {
            midnight(Date::new(d.year() - d.year().rem_euclid(100), 1, 1).unwrap_or(d))
        }
    }
}

/// `dt` moved by `n` units of `grain`.
pub fn add(dt: Dt, g: Grain, n: i64) -> Dt {
    // Civil time has no DST: fixed-length units are plain durations (much cheaper than
    // calendar spans), added by day counts (see `add_secs`).
    let secs = |k: i64| add_secs(dt, k.saturating_mul(n));
    let months =
        |m: i64| -> Option<Dt> { dt.checked_add(jiff::Span::new().try_months(m).ok()?).ok() };
    let years =
        |y: i64| -> Option<Dt> { dt.checked_add(jiff::Span::new().try_years(y).ok()?).ok() };
    let r = match g {
        Grain::Second => secs(1),
        Grain::Minute => secs(60),
        Grain::Hour => secs(3600),
        Grain::Day => secs(86_400),
        Grain::Week => secs(7 * 86_400),
        // Calendar units: the count comes from the text ("25 billion … years"), so every step
        // is checked; `ToSpan::years()` would panic beyond ±19,998.
        Grain::Month | Grain::Season => months(n),
        Grain::Quarter => n.checked_mul(3).and_then(months),
        Grain::Year => years(n),
        Grain::Decade => n.checked_mul(10).and_then(years),
        Grain::Century => n.checked_mul(100).and_then(years),
    };
    r.unwrap_or(dt)
}

/// `dt` moved by `secs` seconds: what `dt.checked_add(SignedDuration::from_secs(secs))` gives
/// (`None` past the years jiff holds). Resolving and comparing times adds a day or an hour
/// tens of thousands of times per thousand news articles (the end of a day, the next
/// candidate day); a move that stays within the day or goes to the next or previous one is
/// made on the date and the clock directly, which costs a fraction of jiff's general duration
/// arithmetic.
pub fn add_secs(dt: Dt, secs: i64) -> Option<Dt> {
    let tod = dt.hour() as i64 * 3600 + dt.minute() as i64 * 60 + dt.second() as i64;
    let t = tod.checked_add(secs)?;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let date = match days {
        0 => dt.date(),
        1 => dt.date().tomorrow().ok()?,
        -1 => dt.date().yesterday().ok()?,
        _ => return dt.checked_add(jiff::SignedDuration::from_secs(secs)).ok(),
    };
    let time = if rem == tod {
        dt.time()
    } else {
        jiff::civil::Time::new(
            (rem / 3600) as i8,
            (rem % 3600 / 60) as i8,
            (rem % 60) as i8,
            dt.subsec_nanosecond(),
        )
        .ok()?
    };
    Some(date.to_datetime(time))
}

/// The `grain` cycle containing `dt`, moved by `n` cycles ("la settimana scorsa": week, -1).
pub fn cycle(dt: Dt, g: Grain, n: i64) -> Iv {
    let s = add(truncate(dt, g), g, n);
    Iv {
        start: s,
        end: add(s, g, 1),
        grain: g,
    }
}

/// One season of the pack's table: TIMEX code and its `[start, end)` month/day.
#[derive(Debug, Clone, PartialEq)]
pub struct Season {
    pub code: String,
    pub start: (i8, i8),
    pub end: (i8, i8),
}

impl Season {
    /// The season starting in `year`.
    pub fn in_year(&self, year: i16) -> Option<Iv> {
        let s = Date::new(year, self.start.0, self.start.1).ok()?;
        let ey = if self.end <= self.start {
            year + 1
        } else {
            year
        };
        let e = Date::new(ey, self.end.0, self.end.1).ok()?;
        Some(Iv {
            start: s.into(),
            end: e.into(),
            grain: Grain::Season,
        })
    }

    /// "questo inverno": the season containing `now`, or else the next one; shifted by `n`.
    pub fn relative(&self, now: Dt, n: i64) -> Option<Iv> {
        let y = now.year();
        let mut base = None;
        for cy in [y - 1, y, y + 1] {
            let iv = self.in_year(cy)?;
            if iv.end > now {
                base = Some(cy);
                break;
            }
        }
        self.in_year(base? + n as i16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// The day walk before `Cons::failing_after`: one day at a time, each tested.
    fn scan_days_one_by_one(c: &Cons, from: Date, step: i32, limit: i32) -> Option<Iv> {
        let mut buf = DayIvs::default();
        let mut d = from;
        for _ in 0..limit {
            d = if step > 0 {
                d.tomorrow().ok()?
            } else {
                d.yesterday().ok()?
            };
            if let Some(y) = c.year {
                if (step > 0 && d.year() > y) || (step < 0 && d.year() < y) {
                    return None;
                }
            }
            if !c.day_ok(d) {
                continue;
            }
            buf.clear();
            c.on_day(d, &mut buf);
            if let Some(iv) = buf.iter().next() {
                return Some(*iv);
            }
        }
        None
    }

    /// Jumping over days that fail `day_ok` finds the same day as walking them one by one:
    /// days of the month (including impossible ones), weekdays, months, years and their
    /// mixes, both directions, limits that end inside a jump, starts at month and year ends.
    #[test]
    fn day_walk_jumps_agree_with_one_by_one() {
        let starts = [
            date(2024, 2, 27),
            date(2023, 12, 30),
            date(2024, 1, 1),
            date(2019, 5, 5),
            date(2020, 3, 31),
        ];
        let mut cases = Vec::new();
        for dom in [
            None,
            Some(-1),
            Some(0),
            Some(1),
            Some(15),
            Some(29),
            Some(30),
            Some(31),
            Some(33),
        ] {
            for dow in [None, Some(0), Some(1), Some(3), Some(7), Some(8)] {
                for month in [None, Some(2), Some(12)] {
                    for year in [None, Some(2023), Some(2024)] {
                        // Nothing to walk for; a month and a day walk year by year.
                        if (dom.is_none() && dow.is_none() && month.is_none())
                            || (dom.is_some() && month.is_some())
                        {
                            continue;
                        }
                        cases.push(Cons {
                            dom,
                            dow,
                            month,
                            year,
                            hour: Some(9),
                            ..Cons::default()
                        });
                    }
                }
            }
        }
        for c in &cases {
            for &from in &starts {
                for step in [1, -1] {
                    for limit in [1, 3, 6, 20, 40, 400, 1500] {
                        let got = c.scan_days(from, step, limit, |_| Some(true));
                        let want = scan_days_one_by_one(c, from, step, limit);
                        assert_eq!(got, want, "{c:?} from {from} step {step} limit {limit}");
                    }
                }
            }
        }
    }

    /// A constraint bounded by a window resolves the same whatever the reference and the
    /// direction (`Ctx::resolve` counts it as no read of the reference, so that the second
    /// probe of a document without one does not work it out again): days of a month in a
    /// year, weekdays in a week, clock times in a day, a month in a year, one that fits
    /// nowhere in its window.
    #[test]
    fn window_bounded_constraints_ignore_the_reference() {
        let year = cycle(date(2019, 5, 5).at(0, 0, 0, 0), Grain::Year, 0);
        let week = cycle(date(2024, 2, 28).at(0, 0, 0, 0), Grain::Week, 0);
        let day = cycle(date(2023, 12, 31).at(0, 0, 0, 0), Grain::Day, 0);
        let cases = [
            Cons {
                month: Some(8),
                dom: Some(13),
                within: Some(year),
                ..Default::default()
            },
            Cons {
                dow: Some(3),
                within: Some(week),
                ..Default::default()
            },
            Cons {
                hour: Some(23),
                minute: Some(30),
                within: Some(day),
                ..Default::default()
            },
            Cons {
                month: Some(3),
                within: Some(year),
                ..Default::default()
            },
            Cons {
                month: Some(2),
                dom: Some(30),
                within: Some(year),
                ..Default::default()
            },
        ];
        let nows = [
            date(2001, 1, 3).at(12, 0, 0, 0),
            date(2002, 7, 19).at(12, 0, 0, 0),
            date(2019, 8, 13).at(23, 59, 0, 0),
        ];
        let dirs = [Dir::Past, Dir::Future, Dir::Nearest, Dir::After];
        let mut found = 0;
        for c in &cases {
            let first = c.resolve(nows[0], Dir::Nearest);
            found += first.is_some() as usize;
            for &now in &nows {
                for &d in &dirs {
                    assert_eq!(c.resolve(now, d), first, "{c:?} {now} {d:?}");
                }
            }
        }
        assert_eq!(found, 4);
    }

    /// The shortcut for moves within a day or to the next or previous one gives what jiff's
    /// duration arithmetic gives, out of range included: times of day at the ends of months,
    /// leap years, centuries and of jiff's range, by steps from a second to beyond the range.
    #[test]
    fn add_secs_agrees_with_jiff() {
        let days = [
            date(2024, 2, 28),
            date(2024, 2, 29),
            date(2023, 2, 28),
            date(1900, 2, 28),
            date(2000, 2, 29),
            date(2025, 12, 31),
            date(1970, 1, 1),
            date(1969, 12, 31),
            date(-1, 3, 1),
            date(0, 2, 29),
            date(9999, 12, 31),
            date(-9999, 1, 1),
            date(2001, 1, 3),
        ];
        let steps = [
            0,
            1,
            59,
            60,
            3599,
            3600,
            86_399,
            86_400,
            7 * 86_400,
            29 * 86_400,
            400 * 365 * 86_400,
            5000 * 366 * 86_400,
            20_000 * 366 * 86_400,
            i64::MAX / 2,
            i64::MAX - 5,
            i64::MAX,
        ];
        let mut checked = 0;
        for d in days {
            for (h, m, s, ns) in [
                (0, 0, 0, 0),
                (12, 0, 0, 0),
                (23, 59, 59, 999_999_999),
                (7, 30, 15, 5),
            ] {
                let dt = d.at(h, m, s, ns);
                for &k in &steps {
                    for k in [k, -k, k.saturating_add(1), -(k.saturating_add(1))] {
                        let want = dt.checked_add(jiff::SignedDuration::from_secs(k)).ok();
                        assert_eq!(add_secs(dt, k), want, "{dt} + {k}s");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 800);
        // Next and previous days across every month end of a leap cycle.
        let start = date(2023, 1, 1).at(0, 0, 0, 0);
        for n in 0..(4 * 366) {
            let dt = add_secs(start, n * 86_400 + 43_200).expect("in range");
            for k in [86_400, -86_400, 86_399, -86_401, 43_200] {
                let want = dt.checked_add(jiff::SignedDuration::from_secs(k)).ok();
                assert_eq!(add_secs(dt, k), want, "{dt} + {k}s");
            }
        }
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2025), date(2025, 4, 20));
        assert_eq!(easter(2013), date(2013, 3, 31));
        assert_eq!(easter(2024), date(2024, 3, 31));
    }

    #[test]
    fn nth_weekday() {
        assert_eq!(nth_dow_in_month(2013, 5, 7, 2), Some(date(2013, 5, 12)));
        assert_eq!(nth_dow_in_month(2013, 3, 1, -1), Some(date(2013, 3, 25)));
    }

    #[test]
    fn weekday_directions() {
        let now = date(2025, 8, 13).at(12, 0, 0, 0);
        let c = Cons {
            dow: Some(3),
            ..Default::default()
        };
        assert_eq!(
            c.resolve(now, Dir::Past).unwrap().start.date(),
            date(2025, 8, 13)
        );
        assert_eq!(
            c.resolve(now, Dir::Future).unwrap().start.date(),
            date(2025, 8, 20)
        );
        assert_eq!(
            c.resolve(now, Dir::After).unwrap().start.date(),
            date(2025, 8, 20)
        );
    }
}
