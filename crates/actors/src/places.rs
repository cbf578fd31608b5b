//! Place resolution: how a toponym is chosen among the places that share its name, and the
//! entities for toponyms that are not a single country or city (an adjective of a country,
//! a continent or a world region).
//!
//! Kept apart from the tagger's recognition so the ranking can change without touching the
//! automaton pass: the tagger hands over the candidates and the article's country context.

use rustc_hash::FxHashMap as HashMap;

use annalist_doc::{Entity, EntityKind, Span};

use crate::tables::{Place, Tables};

/// Population a first-level region (state, oblast) counts as when ranked against cities:
/// regions carry no population in the tables, and one that shares its name with a town is
/// far more often the region ("Florida", "Kent"), but not more than a large city ("New York").
const REGION_POPULATION: f64 = 1_000_000.0;

/// Population a supranational place without one (a sea, a strait) counts as: "the Gulf" is
/// the Persian Gulf before it is the Gulf province of Papua New Guinea.
const SUPRANATIONAL_POPULATION: f64 = 100_000_000.0;

/// The ranking score of one candidate place for a name. Higher is better.
///
/// Why these terms: the article's own countries settle most ambiguity (Pokrovsk in Ukraine or
/// in Russia, Georgia the state in an American story); without that, the bigger place is the
/// likelier one (population, log scale); a capital gets a bonus because news names capitals
/// far more often than their namesakes; a place whose canonical name is the surface beats one
/// that only lists it as an alternate name. Supranational places (continents, world regions)
/// always win over a town of the same name ("Africa", a town in Tunisia; "Asia", in the
/// Philippines): they carry the summed population of their members.
pub(crate) fn score(
    pl: &Place,
    canonical: bool,
    capital: bool,
    context: &HashMap<&str, u32>,
) -> f64 {
    let ctx = *context.get(pl.country.as_str()).unwrap_or(&0) as f64;
    let pop = if pl.supranational {
        SUPRANATIONAL_POPULATION.max(pl.population as f64)
    } else if pl.region {
        REGION_POPULATION.max(pl.population as f64)
    } else {
        pl.population as f64
    };
    // A canonical name counts less for a region than for a city: the state of New York's
    // canonical name is "New York", the city's is "New York City".
    let canonical_bonus = match (canonical, pl.region && !pl.supranational) {
        (false, _) => 0.0,
        (true, false) => 2.0,
        (true, true) => 0.5,
    };
    (pop + 1.0).log10()
        + canonical_bonus
        + if capital { 1.5 } else { 0.0 }
        + if ctx > 0.0 {
            3.0 + ctx.min(5.0) * 0.5
        } else {
            0.0
        }
}

/// Whether a country reading beats the best place of the same name ("Jamaica" the country or
/// the neighbourhood of Queens; "Georgia" the country or the US state).
///
/// A city named like a country is rarely what news means, whatever else the article names
/// (an article about Jamaica names American places too): the country wins. A first-level
/// region can be ("Georgia" in a story about Atlanta): it wins when the article names its
/// country more often than the country of the same name.
pub(crate) fn country_beats_place(
    pl: &Place,
    place_ctx: u32,
    country_ctx: u32,
    country: &str,
) -> bool {
    !pl.region || pl.supranational || place_ctx <= country_ctx || pl.country == country
}

/// The point of a supranational place among a match's place readings (an organisation that
/// is also a territory, "EU"), if there is one.
pub(crate) fn supranational_reading(
    tables: &Tables,
    mut places: impl Iterator<Item = usize>,
) -> Option<(f64, f64)> {
    places.find_map(|p| {
        let pl = tables.places.get(p)?;
        pl.supranational.then_some((pl.lat, pl.lon))
    })
}

/// The entity for a chosen place: its own point, and its country unless it spans several.
pub(crate) fn place_entity(
    pl: &Place,
    start: usize,
    end: usize,
    text: &str,
    note: Option<String>,
) -> Entity {
    Entity {
        span: Span::new(start, end),
        text: text[start..end].to_string(),
        kind: EntityKind::Place,
        id: Some(pl.id.clone()),
        name: Some(pl.name.clone()),
        country: (!pl.supranational).then(|| pl.country.clone()),
        sector: None,
        cameo: None,
        lat: Some(pl.lat),
        lon: Some(pl.lon),
        coref: None,
        note,
    }
}

/// A bare demonym or country adjective that no title or sector noun follows ("Russian oil",
/// "French engineer", "il gas russo"): a reference to the country, as GeoWebNews and the
/// event coders read it (a toponym used as a modifier). Kind `Country`; the note says it was
/// an adjective, so consumers that want only named countries can skip it.
///
/// Where adjectives follow their noun (Italian), only a demonym used as a noun counts
/// (`standalone`: after an article, "i russi"): "il gas russo" qualifies the gas, and the event
/// stage would take the adjective for an actor.
///
/// Only when the text is written in the case the table gives the form: Italian adjectives are
/// lower case, so "Russo" mid-sentence (a surname) is not the adjective "russo".
pub(crate) fn demonym_entity(
    tables: &Tables,
    c: usize,
    form: &str,
    standalone: bool,
    start: usize,
    end: usize,
    text: &str,
) -> Option<Entity> {
    if !standalone {
        return None;
    }
    let surface = &text[start..end];
    let upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if upper(form) != upper(surface) && !crate::tagger::sentence_initial(text, start) {
        return None;
    }
    let country = tables.countries.get(c)?;
    Some(Entity {
        span: Span::new(start, end),
        text: surface.to_string(),
        kind: EntityKind::Country,
        id: Some(format!("iso:{}", country.alpha3)),
        name: Some(country.name_en.clone()),
        country: Some(country.alpha3.clone()),
        sector: None,
        cameo: None,
        lat: None,
        lon: None,
        coref: None,
        note: Some(format!("demonym: adjective of {}", country.alpha3)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(region: bool, supranational: bool, country: &str, population: u64) -> Place {
        Place {
            id: "x".into(),
            region,
            supranational,
            country: country.into(),
            lat: 0.0,
            lon: 0.0,
            population,
            name: "X".into(),
            names: Vec::new(),
        }
    }

    #[test]
    fn country_context_outweighs_population() {
        let mut ctx = HashMap::default();
        ctx.insert("UKR", 2);
        let in_context = place(false, false, "UKR", 60_000);
        let bigger = place(false, false, "RUS", 400_000);
        assert!(score(&in_context, true, false, &ctx) > score(&bigger, true, false, &ctx));
    }

    #[test]
    fn a_big_city_beats_a_region_of_the_same_canonical_name() {
        let ctx = HashMap::default();
        let state = place(true, false, "USA", 0);
        let city = place(false, false, "USA", 8_000_000);
        assert!(score(&city, false, false, &ctx) > score(&state, true, false, &ctx));
    }

    #[test]
    fn a_continent_beats_a_town_named_after_it() {
        let ctx = HashMap::default();
        let continent = place(true, true, "", 1_000_000_000);
        let town = place(false, false, "TUN", 45_000);
        assert!(score(&continent, true, false, &ctx) > score(&town, true, true, &ctx));
    }
}
