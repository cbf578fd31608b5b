//! One event said twice is one event: headline merging and de-duplication with all mentions kept.

use super::*;

/// Negation outranks hypothesis, which outranks future, which outranks assertion.
pub(crate) fn stronger(a: Modality, b: Modality) -> Modality {
    let rank = |m: Modality| match m {
        Modality::Asserted => 0,
        Modality::Future => 1,
        Modality::Hypothetical => 2,
        Modality::Negated => 3,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

pub(crate) fn side_key(side: &[Entity]) -> Vec<String> {
    let mut v: Vec<String> = side
        .iter()
        .map(|e| {
            format!(
                "{}|{}",
                e.country.as_deref().unwrap_or(""),
                e.id.as_deref().or(e.name.as_deref()).unwrap_or(&e.text)
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A headline restates the article's lead in telegraphic form ("Orban invites Netanyahu to
/// Hungary"), where roles read worst: an event of the headline (the first line, set off by a line
/// break) whose type the body codes again with an actor of a shared country is a mention of the
/// body event sharing most of its countries, not an event of its own.
pub(crate) fn merge_headline(text: &str, mut events: Vec<Event>) -> Vec<Event> {
    let Some(first) = events.first().map(|e| e.sentence) else {
        return events;
    };
    let headline = |sp: Span| {
        sp.start == first.start
            && text[..sp.start as usize].trim().is_empty()
            && text
                .get(sp.end as usize..)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('\n'))
    };
    let countries = |e: &Event| -> Vec<String> {
        e.source
            .iter()
            .chain(&e.target)
            .filter_map(|a| a.country.clone())
            .collect()
    };
    let mut keep = vec![true; events.len()];
    for i in 0..events.len() {
        if !headline(events[i].sentence) {
            continue;
        }
        let ci = countries(&events[i]);
        // the body event sharing most of its countries
        let body = (0..events.len())
            .filter(|&j| {
                !headline(events[j].sentence) && events[j].event_type == events[i].event_type
            })
            .map(|j| {
                let cj = countries(&events[j]);
                (ci.iter().filter(|c| cj.contains(c)).count(), j)
            })
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, j)| (n, std::cmp::Reverse(j)))
            .map(|(_, j)| j);
        if let Some(j) = body {
            keep[i] = false;
            let sp = events[i].sentence;
            if !events[j].mentions.contains(&sp) {
                events[j].mentions.push(sp);
            }
        }
    }
    let mut k = keep.iter();
    events.retain(|_| *k.next().unwrap_or(&true));
    events
}

/// The same event stated twice in one article is one event with several mentions: same type,
/// modality and participants, and dates that agree (or one of them only the publication date).
pub(crate) fn dedup(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for ev in events {
        let (ks, kt) = (side_key(&ev.source), side_key(&ev.target));
        let same = out.iter_mut().find(|o| {
            let (os, ot) = (side_key(&o.source), side_key(&o.target));
            // same participants, or the same with one side left unsaid in one of the mentions
            let sides = (os == ks || os.is_empty() || ks.is_empty())
                && (ot == kt || ot.is_empty() || kt.is_empty())
                && !(os.is_empty() && ot.is_empty())
                && !(ks.is_empty() && kt.is_empty())
                && (os == ks && !os.is_empty() || ot == kt && !ot.is_empty());
            o.event_type == ev.event_type
                && o.modality == ev.modality
                && sides
                && match (&o.date, &ev.date) {
                    (Some(a), Some(b)) => {
                        a.value == b.value || a.basis == "publication" || b.basis == "publication"
                    }
                    _ => true,
                }
        });
        match same {
            Some(o) => {
                if o.sentence != ev.sentence && !o.mentions.contains(&ev.sentence) {
                    o.mentions.push(ev.sentence);
                }
                if o.date.as_ref().is_some_and(|d| d.basis == "publication")
                    && ev.date.as_ref().is_some_and(|d| d.basis == "text")
                {
                    o.date = ev.date;
                }
                if o.location.is_none() {
                    o.location = ev.location;
                }
                if o.attribution.is_none() {
                    o.attribution = ev.attribution;
                }
                if o.quantity.is_none() {
                    o.quantity = ev.quantity;
                }
                if o.source.is_empty() {
                    o.source = ev.source;
                }
                if o.target.is_empty() {
                    o.target = ev.target;
                }
                if o.mode.is_none() {
                    o.mode = ev.mode;
                }
            }
            None => out.push(ev),
        }
    }
    out
}
