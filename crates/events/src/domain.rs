//! The domain reading of a whole article: sport, weather, markets, business, culture or science
//! news states no political event of its own, yet its wording is full of trigger words ("shares
//! attacked the resistance", "Apple agreed to buy", "the storm hit"). An article whose distinct
//! domain cue words (events/domains.tsv) are at least [`MIN_DOMAIN_CUES`], with at least
//! [`MIN_BEST_CUES`] of one domain, and outnumber its state actors is read as that domain's news,
//! and keeps only the events a domain article can still hold: protests, and acts between two
//! political actors its clause names itself.
//!
//! Whatever the article, an act between companies (or between a company and the press that reports
//! it) is commerce, not a PLOVER event: it is dropped unless a state actor is one of its sides
//! ([`LangRules::drop_commercial`]). A short company brief has too few cue words for the domain
//! reading, so this one looks at the sides instead.

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
    /// Its number in `domain_by_id` (1 + its index in `domain_names`).
    pub(crate) k: u8,
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

/// Whether an actor makes an act commercial rather than political: a company, or the press (the
/// agency a brief is credited to is no party to a deal it reports).
fn press(e: &Entity) -> bool {
    e.kind == EntityKind::Media || e.sector.as_deref() == Some("JRN")
}

/// Whether a side's actor was inferred from the discourse, not named in the event's clause (an
/// actor named there whose country alone was inferred is named).
fn inferred_side(e: &Entity) -> bool {
    e.note.as_deref().is_some_and(|n| {
        n.starts_with("events: implicit source") || n.starts_with("events: implicit target")
    })
}

/// Whether a side's actor is a crowd or body of people its clause names (a union, farmers,
/// students): such an actor can hold a rally; prices, indexes and firms cannot.
fn named_crowd(e: &Entity) -> bool {
    !inferred_side(e)
        && matches!(e.kind, EntityKind::Group | EntityKind::Org)
        && e.sector
            .as_deref()
            .is_some_and(|s| s != "BUS" && s != "JRN")
}

/// Whether an event survives the domain reading: a protest (labour strikes and fans' protests
/// are PLOVER PROTEST wherever they are told), or an act between two different political actors
/// both named in its clause.
fn political_act(e: &Event) -> bool {
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
    /// Whether an event survives the reading of its article as news of domain `k`: a protest
    /// (labour strikes and fans' protests are PLOVER PROTEST wherever they are told), or an act
    /// between two different political actors both named in its clause. A protest whose trigger
    /// is itself a cue word of the article's domain (a markets article's "rally" is the prices')
    /// stays only when a crowd its clause names holds it ("farmers rallied in Madrid").
    pub(crate) fn keeps_in_domain(&self, e: &Event, k: u8) -> bool {
        if e.event_type == "PROTEST" {
            let first = e.trigger.text.split_whitespace().next().unwrap_or("");
            let id = self.vocab.get(&first.to_lowercase());
            let cue = self.domain_by_id.get(id as usize).copied().unwrap_or(0);
            return cue != k || political_act(e) || e.source.iter().any(named_crowd);
        }
        political_act(e)
    }

    /// Whether a word is a company's legal form as the table writes it; a sentence's full stop
    /// after a form written without one ("… by Santos Ltd.") is no part of it.
    fn is_company_form(&self, w: &str) -> bool {
        self.company_forms.contains(w)
            || w.strip_suffix('.')
                .is_some_and(|f| self.company_forms.contains(f))
    }

    /// Whether the text right after a name holds a company's legal form ("Refco Inc", "Ferrandi
    /// S.p.A.", "Intel Corp.") or a stock ticker in angle brackets ("Apple <AAPL>").
    fn company_suffix(&self, after: &str) -> bool {
        let rest = after.trim_start_matches([' ', ',']);
        if let Some(t) = rest.strip_prefix('<') {
            // a ticker: capitals, digits and dots up to the closing bracket ("<ENI.MI>")
            return t.split_once('>').is_some_and(|(sym, _)| {
                !sym.is_empty()
                    && sym.len() <= 12
                    && sym
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
            });
        }
        // the form is a word of letters and dots ("S.p.A."); a hyphen or letter after it makes it
        // part of another word ("Co-operative")
        let end = rest
            .find(|c: char| !(c.is_alphabetic() || c == '.'))
            .unwrap_or(rest.len());
        if end == 0 || rest[end..].starts_with('-') || rest[..end].starts_with('.') {
            return false;
        }
        self.is_company_form(&rest[..end])
    }

    /// Drops the acts between companies: events whose every side actor is a company (the actor
    /// stage's business sector, or an organisation named anywhere in the document with a legal
    /// form or ticker after it), the press, or an actor of no sector inferred from the discourse,
    /// with at least one company named in the event's clause. PLOVER codes political actors; the
    /// gold keeps a company facing workers, a union or a criminal group, so any other actor (a
    /// person, a union, a group, an organisation of no known sector, a state actor named or
    /// inferred) keeps the event.
    pub(crate) fn drop_commercial<'d>(&self, doc: &'d Document, events: &mut Vec<Event>) {
        if self.company_forms.is_empty() {
            return;
        }
        let text = doc.text.as_str();
        // names the document writes with a legal form at least once ("Refco Inc ... Refco said"),
        // the form after the name or, as the actor stage's organisation rules take it, inside
        // its span ("Ferrandi S.p.A.")
        // (the name without its form, so that a later bare mention is the same company)
        let own_form = |e: &'d Entity| -> Option<&'d str> {
            e.text
                .rsplit_once(' ')
                .filter(|(_, w)| self.is_company_form(w))
                .map(|(name, _)| name)
        };
        let mut companies: Vec<&str> = Vec::new();
        for e in doc.entities.iter().filter(|e| e.kind == EntityKind::Org) {
            if let Some(name) = own_form(e) {
                companies.extend([e.text.as_str(), name]);
            } else if text
                .get(e.span.end as usize..)
                .is_some_and(|after| self.company_suffix(after))
            {
                companies.push(&e.text);
            }
        }
        let company = |e: &Entity| {
            e.sector.as_deref() == Some("BUS")
                || (e.kind == EntityKind::Org && companies.contains(&e.text.as_str()))
        };
        events.retain(|ev| {
            // a company its clause names: a side inferred from the discourse is too weak a sign
            // (in crime news a car make or a surname read as a firm becomes the article's focus)
            let mut named_company = false;
            for a in ev.source.iter().chain(&ev.target) {
                if political_sector(a) {
                    return true;
                }
                if company(a) {
                    named_company |= !inferred_side(a);
                    continue;
                }
                if !(press(a) || (inferred_side(a) && a.sector.is_none())) {
                    return true;
                }
            }
            !named_company
        });
    }

    /// The domain reading of a document from its words' vocabulary ids and classes (one pass over
    /// the class bytes the stage has already computed; only cue words are looked at further).
    pub(crate) fn domain_reading<'w>(
        &'w self,
        words: &Words<'w>,
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
        // (the few cue words found eight class bytes at a time)
        for i in sparse_positions(classes, class::DOMAIN) {
            if seen.contains(&ids[i]) {
                continue;
            }
            seen.push(ids[i]);
            cues.push(words.get(i));
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
            k: best as u8 + 1,
            cues,
            state,
        })
    }
}
