//! The domain reading of a whole article: sport, weather, markets, business, culture or science
//! news states no political event of its own, yet its wording is full of trigger words ("shares
//! attacked the resistance", "Apple agreed to buy", "the storm hit"). An article whose distinct
//! domain cue words (events/domains.tsv) are at least [`MIN_DOMAIN_CUES`], with at least
//! [`MIN_BEST_CUES`] of one domain, and outnumber its state actors is read as that domain's news, and keeps only the events a domain article can still
//! hold: protests, and acts between two political actors its clause names itself.

use super::*;

/// Distinct cue words an article needs before it is read as non-political news: one or two occur
/// in any political article ("prices", "investors").
const MIN_DOMAIN_CUES: usize = 4;

/// Distinct cue words the leading domain needs: cue words scattered over several domains are
/// the background of other news (a crime report's stolen handbag, gold and computer).
const MIN_BEST_CUES: usize = 3;

/// PLOVER sectors of the state and of armed or political contenders: an actor of one of these
/// makes an act political whatever the article is about.
const POLITICAL_SECTORS: [&str; 11] = [
    "GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "SPY", "PRM", "UAF",
];

/// Why an article is read as domain news, for its diagnostic.
pub(crate) struct DomainReading<'a> {
    /// The domain with the most distinct cue words.
    pub(crate) domain: &'a str,
    /// The distinct cue words found, in text order.
    pub(crate) cues: Vec<&'a str>,
    /// Mentions of actors of a political sector in the article.
    pub(crate) state: usize,
}

/// Whether an entity mention is a state or political actor.
fn political_sector(e: &Entity) -> bool {
    e.sector
        .as_deref()
        .is_some_and(|s| POLITICAL_SECTORS.contains(&s))
        || e.country.as_deref() == Some("IGO")
}

/// Whether a side's actor can make a domain article's event political: named in the clause (not
/// inferred from the discourse), and a state actor, an international body, or a country as such
/// (not the adjective of "Australian wheat").
fn political_side_actor(e: &Entity) -> bool {
    let note = e.note.as_deref().unwrap_or("");
    if note.starts_with("events: implicit") {
        return false;
    }
    political_sector(e)
        || (e.kind == EntityKind::Country && !note.starts_with("demonym: adjective"))
}

/// Whether an event survives the domain reading: a protest (labour strikes and fans' protests
/// are PLOVER PROTEST wherever they are told), or an act between two different political actors
/// both named in its clause.
pub(crate) fn keeps_in_domain(e: &Event) -> bool {
    if e.event_type == "PROTEST" {
        return true;
    }
    let side = |xs: &[Entity]| xs.iter().any(political_side_actor);
    let same = !e.source.is_empty()
        && e.source.len() == e.target.len()
        && e.source
            .iter()
            .zip(&e.target)
            .all(|(a, b)| a.text == b.text || (a.id.is_some() && a.id == b.id));
    side(&e.source) && side(&e.target) && !same
}

impl LangRules {
    /// The domain reading of a document from its words' vocabulary ids and classes (one pass over
    /// the class bytes the stage has already computed; only cue words are looked at further).
    pub(crate) fn domain_reading<'w>(
        &'w self,
        words: &[&'w str],
        ids: &[u32],
        classes: &[u8],
        entities: &[Entity],
    ) -> Option<DomainReading<'w>> {
        if self.domain_names.is_empty() {
            return None;
        }
        let mut seen: Vec<u32> = Vec::new();
        let mut cues: Vec<&str> = Vec::new();
        let mut per_domain = vec![0usize; self.domain_names.len()];
        for (i, &c) in classes.iter().enumerate() {
            if c & class::DOMAIN == 0 || seen.contains(&ids[i]) {
                continue;
            }
            seen.push(ids[i]);
            cues.push(words[i]);
            let k = self.domain_by_id[ids[i] as usize] as usize;
            per_domain[k - 1] += 1;
        }
        if cues.len() < MIN_DOMAIN_CUES {
            return None;
        }
        // the first domain of the file wins a tie
        let best = (0..per_domain.len())
            .max_by_key(|&k| (per_domain[k], std::cmp::Reverse(k)))
            .unwrap_or(0);
        if per_domain[best] < MIN_BEST_CUES {
            return None;
        }
        let state = entities.iter().filter(|e| political_sector(e)).count();
        if cues.len() <= state {
            return None;
        }
        Some(DomainReading {
            domain: &self.domain_names[best],
            cues,
            state,
        })
    }
}
