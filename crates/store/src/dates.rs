//! Day intervals for event dates, so two reports can be compared ("same week", "within three days").
//!
//! Dates are kept as ISO day strings (`YYYY-MM-DD`), which sort and compare as text in SQL; the
//! arithmetic here turns them into day numbers only for tolerances.

/// A closed interval of days, as ISO strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInterval {
    pub from: String,
    pub to: String,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn fmt_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    (next - days_from_civil(y, m, 1)) as u32
}

/// Day number of an ISO day string (only its first ten characters are read).
pub fn parse_day(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// The ISO day `n` days after `day` (before, when negative); `None` when `day` is not a date.
pub fn add_days(day: &str, n: i64) -> Option<String> {
    parse_day(day).map(|d| fmt_day(d + n))
}

/// The interval of days a TIMEX3 value covers: `2025-08-13`, `2025-08`, `2025`, `2025-W33`,
/// seasons `2024-SP|SU|FA|WI`, quarters `2025-Q2`, date-times (their day). Durations and
/// unresolved values (`P3D`, `XXXX-…`) have none.
pub fn interval_of(value: &str) -> Option<DayInterval> {
    let year: i64 = value.get(0..4)?.parse().ok()?;
    let rest = &value[4..];
    let span = |a: i64, b: i64| {
        Some(DayInterval {
            from: fmt_day(a),
            to: fmt_day(b),
        })
    };
    if rest.is_empty() {
        return span(days_from_civil(year, 1, 1), days_from_civil(year, 12, 31));
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(week) = rest
        .strip_prefix('W')
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        let w: i64 = week.get(0..2)?.parse().ok()?;
        if !(1..=53).contains(&w) {
            return None;
        }
        // ISO week 1 holds January 4th; weeks start on Monday.
        let jan4 = days_from_civil(year, 1, 4);
        let weekday = (jan4 + 3).rem_euclid(7); // 0 = Monday
        let start = jan4 - weekday + (w - 1) * 7;
        return span(start, start + 6);
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let q: u32 = q.get(0..1)?.parse().ok()?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let m0 = (q - 1) * 3 + 1;
        let m1 = m0 + 2;
        return span(
            days_from_civil(year, m0, 1),
            days_from_civil(year, m1, days_in_month(year, m1)),
        );
    }
    // Meteorological seasons (northern hemisphere); winter runs into the next year.
    let season = match rest.get(0..2) {
        Some("SP") => Some((year, 3, year, 5)),
        Some("SU") => Some((year, 6, year, 8)),
        Some("FA") => Some((year, 9, year, 11)),
        Some("WI") => Some((year, 12, year + 1, 2)),
        _ => None,
    };
    if let Some((y0, m0, y1, m1)) = season {
        return span(
            days_from_civil(y0, m0, 1),
            days_from_civil(y1, m1, days_in_month(y1, m1)),
        );
    }
    let month: u32 = rest.get(0..2)?.parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let after_month = &rest[2..];
    if after_month.is_empty() {
        return span(
            days_from_civil(year, month, 1),
            days_from_civil(year, month, days_in_month(year, month)),
        );
    }
    let d = parse_day(value)?;
    span(d, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(v: &str) -> Option<(String, String)> {
        interval_of(v).map(|i| (i.from, i.to))
    }

    #[test]
    fn intervals() {
        let p = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(iv("2025-08-13"), p("2025-08-13", "2025-08-13"));
        assert_eq!(iv("2025-08-13T10:30"), p("2025-08-13", "2025-08-13"));
        assert_eq!(iv("2024-02"), p("2024-02-01", "2024-02-29"));
        assert_eq!(iv("2023-02"), p("2023-02-01", "2023-02-28"));
        assert_eq!(iv("2024"), p("2024-01-01", "2024-12-31"));
        assert_eq!(iv("2025-W33"), p("2025-08-11", "2025-08-17"));
        assert_eq!(iv("2024-FA"), p("2024-09-01", "2024-11-30"));
        assert_eq!(iv("2024-WI"), p("2024-12-01", "2025-02-28"));
        assert_eq!(iv("2025-Q2"), p("2025-04-01", "2025-06-30"));
        assert_eq!(iv("P3D"), None);
        assert_eq!(iv("XXXX-WXX-3"), None);
        assert_eq!(iv("2025-13"), None);
        assert_eq!(iv("2025-02-30"), None);
        assert_eq!(iv(""), None);
        assert_eq!(iv("20"), None);
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for d in [-800_000, -1, 0, 1, 19_000, 20_313, 2_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(add_days("2025-02-27", 3).as_deref(), Some("2025-03-02"));
        assert_eq!(add_days("2025-01-02", -3).as_deref(), Some("2024-12-30"));
        assert_eq!(add_days("nope", 1), None);
    }
}
