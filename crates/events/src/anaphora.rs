//! Unnamed groups and pairs ("the protesters", "i due") the actor stage did not tag, resolved to actors.

use super::*;

/// Adds entities for pair phrases and possessive sector phrases the actor stage did not tag.
pub(crate) fn resolve_anaphora(
    rules: &LangRules,
    doc: &Document,
    tokens: &[Token],
    ids: &[u32],
    class: &[u8],
) -> Vec<Entity> {
    let entities = &doc.entities;
    if rules.anaphora.is_empty() {
        return Vec::new();
    }
    let covered = |s: u32, e: u32| entities.iter().any(|x| x.span.start < e && s < x.span.end);
    let mut hits = Vec::new();
    // (only tokens that can start an anaphora phrase are probed)
    for i in positions(class, class::ANAPHORA) {
        rules.anaphora.matches_at(ids, i, ids.len(), &mut hits);
    }
    // (most articles hold no such phrase: the article's country tally below is made only for
    // those that do)
    if hits.is_empty() {
        return Vec::new();
    }
    // the longest phrase at a position first ("riot police" before "police")
    hits.sort_by_key(|h| (h.first, std::cmp::Reverse(h.last)));
    // the country the article's actors most often belong to (international bodies aside): an
    // unnamed group ("the protesters", "la polizia") is local to the story
    let mut tally: HashMap<&str, (usize, usize)> = HashMap::default();
    let mut filed: Option<&str> = None;
    for (k, e) in entities.iter().enumerate() {
        if e.country.is_some() && is_dateline(&doc.text, e) {
            filed = filed.or(e.country.as_deref());
            continue;
        }
        if e.kind == EntityKind::Place {
            continue;
        }
        if let Some(c) = e.country.as_deref().filter(|c| *c != "IGO") {
            tally.entry(c).or_insert((0, k)).0 += 1;
        }
    }
    // the place the report was filed from counts as one mention of its country, as for the
    // article's focus: between two countries named as often, the crowd is where the reporter is
    if let Some(x) = filed.and_then(|c| tally.get_mut(c)) {
        x.0 += 1;
    }
    let local = tally
        .values()
        .max_by_key(|&&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|&(_, first)| first);
    let mut added = Vec::new();
    for h in hits {
        let span = Span::new(
            tokens[h.first].span.start as usize,
            tokens[h.last].span.end as usize,
        );
        if covered(span.start, span.end) || added.iter().any(|e: &Entity| e.span.overlaps(span)) {
            continue;
        }
        let before = |e: &&Entity| e.span.end <= span.start && e.kind != EntityKind::Place;
        // the latest actor of these kinds, with a country, named before the phrase
        let latest = |kinds: &[EntityKind]| {
            entities
                .iter()
                .enumerate()
                .filter(|(_, e)| before(e) && kinds.contains(&e.kind) && e.country.is_some())
                .max_by_key(|(_, e)| e.span.start)
        };
        let new = match &rules.anaphora_kind[h.id] {
            Anaphor::Pair => {
                // the two countries most mentioned so far, in order of first mention
                let mut count: Vec<(String, usize, usize)> = Vec::new(); // country, mentions, last index
                for (k, e) in entities.iter().enumerate().filter(|(_, e)| before(e)) {
                    let Some(c) = &e.country else { continue };
                    if c == "IGO" {
                        continue;
                    }
                    match count.iter_mut().find(|x| &x.0 == c) {
                        Some(x) => {
                            x.1 += 1;
                            if e.sector.as_deref() == Some("GOV")
                                || entities[x.2].sector.as_deref() != Some("GOV")
                            {
                                x.2 = k;
                            }
                        }
                        None => count.push((c.clone(), 1, k)),
                    }
                }
                let mut ranked: Vec<usize> = (0..count.len()).collect();
                ranked.sort_by_key(|&i| (std::cmp::Reverse(count[i].1), i));
                if ranked.len() < 2 {
                    continue;
                }
                let (a, b) = (ranked[0].min(ranked[1]), ranked[0].max(ranked[1]));
                group_entity(
                    doc,
                    span,
                    None,
                    None,
                    Some(count[a].2),
                    Some(format!("pair: entities {} and {}", count[a].2, count[b].2)),
                )
            }
            Anaphor::Possessive { sector, kinds } => {
                let Some((k, ante)) = latest(kinds) else {
                    continue;
                };
                group_entity(
                    doc,
                    span,
                    ante.country.clone(),
                    Some(sector.clone()),
                    Some(k),
                    Some(format!("events: possessive resolved to {:?}", ante.text)),
                )
            }
            Anaphor::Antecedent { kinds, igo } => {
                // a definite article before, no "of"/"di" after ("il gruppo di lavoro", "a group
                // of farmers" name no actor met before)
                let definite = h.first.checked_sub(1).is_some_and(|j| {
                    rules.role_id(ids[j]) & role::ARTICLE != 0
                        && doc
                            .text
                            .get(tokens[j].span.range())
                            .is_some_and(|w| DEFINITE.contains(&w.to_lowercase().as_str()))
                });
                let of = tokens.get(h.last + 1).is_some()
                    && rules.role_id(ids[h.last + 1]) & role::GENITIVE != 0;
                if !definite || of {
                    continue;
                }
                let found = if *igo {
                    entities
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| {
                            before(e)
                                && kinds.contains(&e.kind)
                                && e.country.as_deref() == Some("IGO")
                        })
                        .max_by_key(|(_, e)| e.span.start)
                } else {
                    latest(kinds)
                };
                let Some((k, ante)) = found else {
                    continue;
                };
                group_entity(
                    doc,
                    span,
                    ante.country.clone(),
                    ante.sector.clone(),
                    Some(k),
                    Some(format!("events: the actor named before, {:?}", ante.text)),
                )
            }
            Anaphor::Group { sector, counted } => {
                let Some(k) = local else { continue };
                // a group noun ending a person's title phrase ("il leader dell'opposizione Juan
                // Guaidó") names no group of its own: the name follows it directly
                let near = tokens
                    .get((h.last + 1).min(tokens.len() - 1))
                    .map_or(span.end, |t| t.span.end);
                if entities.iter().any(|x| {
                    x.kind == EntityKind::Person && x.span.start >= span.end && x.span.start < near
                }) {
                    continue;
                }
                // a noun, not an adjective or a compound's modifier: what stands before it is a
                // function word, a number, punctuation, a name or nothing ("esercitazioni
                // militari", "the police chief" are no groups)
                let prev = h.first.checked_sub(1);
                let counter = |j: usize| {
                    tokens[j].kind == TokenKind::Number || rules.role_id(ids[j]) & role::QUANT != 0
                };
                let ok = match prev {
                    None => !counted,
                    Some(j) => {
                        let r = rules.role_id(ids[j]) & !role::PRONOUN_MARKS;
                        if *counted {
                            counter(j) || (r & role::GENITIVE != 0 && j > 0 && counter(j - 1))
                        } else {
                            tokens[j].kind != TokenKind::Word
                                || r != 0
                                || counter(j)
                                || covered(tokens[j].span.start, tokens[j].span.end)
                        }
                    }
                };
                if !ok {
                    continue;
                }
                group_entity(
                    doc,
                    span,
                    entities[k].country.clone(),
                    Some(sector.clone()),
                    None,
                    Some(UNNAMED_GROUP_NOTE.to_string()),
                )
            }
        };
        added.push(new);
    }
    added
}

/// Definite articles: "the group" points back to a group named before, "a group" does not.
const DEFINITE: &[&str] = &["the", "il", "lo", "la", "l'", "l\u{2019}"];

/// The note on a group [`resolve_anaphora`] gives the article's country, a guess the sentence may
/// correct (see `Ctx::place_unnamed_groups`).
pub(crate) const UNNAMED_GROUP_NOTE: &str = "events: unnamed group of the article's country";

/// An actor the events stage adds for an unnamed group or pair ("the protesters", "i due"):
/// a group entity with the country and sector it resolved to and a note saying how.
pub(crate) fn group_entity(
    doc: &Document,
    span: Span,
    country: Option<String>,
    sector: Option<String>,
    coref: Option<usize>,
    note: Option<String>,
) -> Entity {
    Entity {
        span,
        text: doc.text[span.range()].to_string(),
        kind: EntityKind::Group,
        id: None,
        name: None,
        country,
        sector,
        cameo: None,
        lat: None,
        lon: None,
        coref,
        note,
    }
}
