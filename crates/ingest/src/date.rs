//! Publication dates to ISO 8601: `2025-08-13`, `2025-08-13T10:30:00` or RFC 3339 with offset.
//!
//! Inputs give dates as RFC 3339, RFC 2822 (feeds), bare ISO dates, or archive forms such as
//! `11-MAR-1987 00:08:58.81` (Reuters-21578). The offset given is kept, not converted to UTC:
//! the local day is what a reader of the article meant by "ieri".

use annalist_doc::Document;
use jiff::civil::{Date, DateTime};
use jiff::fmt::temporal::{Pieces, PiecesOffset};

/// Numeric forms tried after RFC 3339 and RFC 2822, as `strptime` formats. Day before month:
/// the news this reads is European first; `%b`/`%B` are the English month names.
const DATE_TIME_FORMATS: [&str; 4] = [
    "%d-%b-%Y %H:%M:%S",
    "%d %b %Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
];
const DATE_FORMATS: [&str; 5] = ["%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%d %B %Y", "%B %d, %Y"];

/// The ISO form of a date string, or `None` when it is in no known form.
pub fn normalise_date(raw: &str) -> Option<String> {
    let s = raw
        .split(|c: char| c == '&' || c.is_control())
        .next()
        .unwrap_or("")
        .trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(p) = Pieces::parse(s) {
        return from_pieces(&p);
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    // Fractions of a second are noise in a publication date.
    let no_frac = match s.rfind('.') {
        Some(i) if i > 10 && s[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &s[..i],
        _ => s,
    };
    for f in DATE_TIME_FORMATS {
        if let Ok(dt) = DateTime::strptime(f, no_frac) {
            return Some(dt.strftime("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    for f in DATE_FORMATS {
        if let Ok(d) = Date::strptime(f, s) {
            return Some(d.to_string());
        }
    }
    None
}

fn from_pieces(p: &Pieces<'_>) -> Option<String> {
    let date = p.date();
    let Some(time) = p.time() else {
        return Some(date.to_string());
    };
    let dt = date.to_datetime(time.with().subsec_nanosecond(0).build().ok()?);
    let local = dt.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    Some(match p.offset() {
        Some(PiecesOffset::Zulu) => format!("{local}Z"),
        Some(PiecesOffset::Numeric(n)) => {
            let secs = n.offset().seconds();
            let sign = if secs < 0 || (secs == 0 && n.is_negative()) {
                '-'
            } else {
                '+'
            };
            let a = secs.unsigned_abs();
            format!("{local}{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
        }
        _ => local,
    })
}

/// Normalises `raw` for `doc`; a date in no known form is kept as given with a warning.
pub(crate) fn normalise_into(doc: &mut Document, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match normalise_date(raw) {
        Some(iso) => Some(iso),
        None => {
            doc.warn(
                format!("publication date {raw:?} not understood; kept as given"),
                None,
            );
            Some(raw.to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_date as n;

    #[test]
    fn forms() {
        assert_eq!(n("2025-08-13").as_deref(), Some("2025-08-13"));
        assert_eq!(
            n("2025-08-13T10:30:00+02:00").as_deref(),
            Some("2025-08-13T10:30:00+02:00")
        );
        assert_eq!(
            n("2025-08-13T08:30:00.123Z").as_deref(),
            Some("2025-08-13T08:30:00Z")
        );
        assert_eq!(
            n("2025-08-13 10:30:00").as_deref(),
            Some("2025-08-13T10:30:00")
        );
        assert_eq!(
            n("Wed, 13 Aug 2025 10:30:00 +0200").as_deref(),
            Some("2025-08-13T10:30:00+02:00")
        );
        assert_eq!(
            n("11-MAR-1987 00:08:58.81").as_deref(),
            Some("1987-03-11T00:08:58")
        );
        assert_eq!(
            n("27-MAR-1987 00:03:35.68&#5;&#5;&#5;F").as_deref(),
            Some("1987-03-27T00:03:35")
        );
        assert_eq!(n("13/08/2025").as_deref(), Some("2025-08-13"));
        assert_eq!(n("13 August 2025").as_deref(), Some("2025-08-13"));
    }

    #[test]
    fn not_dates() {
        assert_eq!(n("ieri sera"), None);
        assert_eq!(n(""), None);
        assert_eq!(n("2025-13-45"), None);
        assert_eq!(n("32/01/2025"), None);
    }
}
