//! Cross-article deduplication: when two reports are the same event.
//!
//! Two event mentions are one event when they have the same PLOVER type, compatible modes, the
//! same source and target actors, compatible dates and compatible places:
//! - actors are compared by identity key ([`actor_key`]): Wikidata/pack id, else country+sector,
//!   else the normalised name; the sides are compared as sets, so "Kim and Putin" equals
//!   "Putin and Kim";
//! - dates are compatible when their day intervals overlap, or when both are single days at most
//!   [`DedupConfig::day_tolerance`] days apart (a report dated by publication a day later);
//!   two undated mentions are compatible, a dated and an undated one are not;
//! - places are compatible when either is missing, when ids agree, when names agree, or, lacking
//!   ids, when both lie in the same country ("Kursk" and "Russia" at different granularity).
//!
//! Differences that do not decide identity (quantities, attribution, modality, confidence) are
//! kept on each mention, so conflicting reports stay side by side.

use annalist_doc::{Entity, Event, Location};

use crate::dates::parse_day;

/// Settings of cross-article deduplication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupConfig {
    /// Off: every document event becomes its own event.
    pub enabled: bool,
    /// How many days apart two day-precision dates may be and still be the same event.
    pub day_tolerance: i64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            enabled: true,
            day_tolerance: 3,
        }
    }
}

/// The identity of an actor for deduplication and for the `actors` table; `None` for an actor
/// with neither id, country nor name.
pub fn actor_key(e: &Entity) -> Option<String> {
    fn nonempty(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    if let Some(id) = nonempty(&e.id) {
        return Some(id.to_string());
    }
    if let Some(c) = nonempty(&e.country) {
        return Some(format!("~{}/{}", c, nonempty(&e.sector).unwrap_or("")));
    }
    let name = nonempty(&e.name).unwrap_or(e.text.trim());
    if name.is_empty() {
        return None;
    }
    Some(format!("\"{}", normalise(name)))
}

/// Lowercased, whitespace-collapsed text for name comparisons.
pub fn normalise(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sorted, distinct keys of one side of an event.
pub fn side_keys(side: &[Entity]) -> Vec<String> {
    let mut keys: Vec<String> = side.iter().filter_map(actor_key).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The dyad identity of an event: sorted source keys `|` sorted target keys.
pub fn dyad(ev: &Event) -> String {
    format!(
        "{}|{}",
        side_keys(&ev.source).join(","),
        side_keys(&ev.target).join(",")
    )
}

/// Whether two modes can describe the same event (equal, or one unknown).
pub fn modes_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Whether two day intervals can date the same event.
pub fn dates_compatible(
    a: Option<(&str, &str)>,
    b: Option<(&str, &str)>,
    day_tolerance: i64,
) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(_), None) | (None, Some(_)) => false,
        (Some((af, at)), Some((bf, bt))) => {
            if af <= bt && bf <= at {
                return true;
            }
            match (parse_day(af), parse_day(at), parse_day(bf), parse_day(bt)) {
                (Some(af), Some(at), Some(bf), Some(bt)) if af == at && bf == bt => {
                    (af - bf).abs() <= day_tolerance
                }
                _ => false,
            }
        }
    }
}

/// A place as stored on an event row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceKey {
    pub text: Option<String>,
    pub id: Option<String>,
    pub country: Option<String>,
}

impl PlaceKey {
    pub fn of(loc: Option<&Location>) -> Option<PlaceKey> {
        loc.map(|l| PlaceKey {
            text: Some(normalise(&l.text)).filter(|s| !s.is_empty()),
            id: l.id.clone().filter(|s| !s.is_empty()),
            country: l.country.clone().filter(|s| !s.is_empty()),
        })
    }
}

/// Whether two places can be where the same event happened.
pub fn places_compatible(a: Option<&PlaceKey>, b: Option<&PlaceKey>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if let (Some(x), Some(y)) = (&a.id, &b.id) {
        return x == y;
    }
    if a.text.is_some() && a.text == b.text {
        return true;
    }
    match (&a.country, &b.country) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_doc::{EntityKind, Span};

    fn ent(text: &str, id: Option<&str>, country: Option<&str>, sector: Option<&str>) -> Entity {
        Entity {
            span: Span::new(0, text.len()),
            text: text.into(),
            kind: EntityKind::Person,
            id: id.map(Into::into),
            name: None,
            country: country.map(Into::into),
            sector: sector.map(Into::into),
            cameo: None,
            lat: None,
            lon: None,
            coref: None,
            note: None,
        }
    }

    #[test]
    fn keys_prefer_id_then_country_sector_then_name() {
        assert_eq!(
            actor_key(&ent("Putin", Some("Q7747"), Some("RUS"), None)).unwrap(),
            "Q7747"
        );
        assert_eq!(
            actor_key(&ent("truppe russe", None, Some("RUS"), Some("MIL"))).unwrap(),
            "~RUS/MIL"
        );
        assert_eq!(
            actor_key(&ent("  Il  Gruppo ", None, None, None)).unwrap(),
            "\"il gruppo"
        );
        assert_eq!(actor_key(&ent(" ", None, None, None)), None);
        let a = [
            ent("Putin", Some("Q7747"), None, None),
            ent("Kim", Some("Q56226"), None, None),
        ];
        let b = [
            ent("Kim", Some("Q56226"), None, None),
            ent("Putin", Some("Q7747"), None, None),
            ent("Vladimir Putin", Some("Q7747"), None, None),
        ];
        assert_eq!(side_keys(&a), side_keys(&b));
    }

    #[test]
    fn date_compatibility() {
        let d = |a, b| Some((a, b));
        assert!(dates_compatible(
            d("2025-08-13", "2025-08-13"),
            d("2025-08-01", "2025-08-31"),
            3
        ));
        assert!(dates_compatible(
            d("2025-08-13", "2025-08-13"),
            d("2025-08-16", "2025-08-16"),
            3
        ));
        assert!(!dates_compatible(
            d("2025-08-13", "2025-08-13"),
            d("2025-08-17", "2025-08-17"),
            3
        ));
        // Tolerance is for day precision only: a month and a neighbouring day do not merge.
        assert!(!dates_compatible(
            d("2025-07-01", "2025-07-31"),
            d("2025-08-02", "2025-08-02"),
            3
        ));
        assert!(dates_compatible(None, None, 3));
        assert!(!dates_compatible(d("2025-08-13", "2025-08-13"), None, 3));
    }

    #[test]
    fn place_compatibility() {
        let p = |t: &str, id: Option<&str>, c: Option<&str>| PlaceKey {
            text: Some(t.into()),
            id: id.map(Into::into),
            country: c.map(Into::into),
        };
        let kursk = p("kursk", Some("G1"), Some("RUS"));
        assert!(places_compatible(Some(&kursk), None));
        assert!(places_compatible(
            Some(&kursk),
            Some(&p("kursk", None, None))
        ));
        assert!(!places_compatible(
            Some(&kursk),
            Some(&p("belgorod", Some("G2"), Some("RUS")))
        ));
        assert!(places_compatible(
            Some(&kursk),
            Some(&p("russia", None, Some("RUS")))
        ));
        assert!(!places_compatible(
            Some(&kursk),
            Some(&p("alaska", None, Some("USA")))
        ));
        assert!(!places_compatible(
            Some(&p("kursk", None, None)),
            Some(&p("alaska", None, None))
        ));
    }

    #[test]
    fn modes() {
        assert!(modes_compatible(Some("phone"), None));
        assert!(modes_compatible(Some("phone"), Some("phone")));
        assert!(!modes_compatible(Some("phone"), Some("visit")));
    }
}
