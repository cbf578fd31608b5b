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

/// The side keys of an event (its source's, its target's), as [`side_key`] makes them.
type SideKeys = (Vec<String>, Vec<String>);

pub(crate) fn side_key(side: &[Entity]) -> Vec<String> {
    let mut v: Vec<String> = side
        .iter()
        .map(|e| {
            // "country|name", written into one buffer of the right size (no formatter)
            let (c, n) = (
                e.country.as_deref().unwrap_or(""),
                e.id.as_deref().or(e.name.as_deref()).unwrap_or(&e.text),
            );
            let mut k = String::with_capacity(c.len() + 1 + n.len());
            k.push_str(c);
            k.push('|');
            k.push_str(n);
            k
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A headline restates the article's lead in telegraphic form ("Orban invites Netanyahu to
/// Hungary"), where roles read worst: an event of the headline (the first line, set off by a line
/// break) whose type the body codes again with an actor of a shared country is a mention of the
/// body event sharing most of its countries, not an event of its own. The body event must name
/// every country the headline's does, in the same mode: "Beijing cancels meeting with Tokyo" is
/// not a body event that names no Japanese party, and "protests" in a headline sum up a wave of
/// demonstrations, not the riot one paragraph tells.
///
/// A headline may hold two sentences ("Siege ends in Rivertown. Mayor thanks the police"): every
/// sentence of the first line is the headline's when that line is one sentence, or when it ends
/// without a full stop, as titles do and lead paragraphs do not.
///
/// `breaks` are the byte offsets of the text's line breaks (`Ctx::line_breaks`), where the first
/// line's end is looked up rather than searched for.
pub(crate) fn merge_headline(text: &str, breaks: &[u32], mut events: Vec<Event>) -> Vec<Event> {
    // (most articles code no event: then the first line is not looked for, which reads the
    // whole text when it is one paragraph)
    if events.is_empty() {
        return events;
    }
    let lead = text.len() - text.trim_start().len();
    let Some(line_end) = breaks
        .get(breaks.partition_point(|&b| (b as usize) < lead))
        .map(|&b| b as usize)
    else {
        return events;
    };
    let line = text[lead..line_end].trim_end();
    let titled = !line.ends_with(['.', ':', ';']);
    let line_end = (lead + line.len()) as u32;
    let one_sentence = |sp: Span| sp.start as usize <= lead && sp.end >= line_end;
    let headline = |sp: Span| {
        sp.start as usize >= lead
            && sp.end <= line_end + 1
            && (titled || one_sentence(sp))
            && text[line_end as usize..].trim().len() > line.len()
    };
    let countries = |e: &Event| -> Vec<String> {
        e.source
            .iter()
            .chain(&e.target)
            .filter_map(|a| a.country.clone())
            .collect()
    };
    // the same trigger word in the headline and the body ("Farmers keep up blockades" and
    // "farmers kept up blockades of major highways") names the same event, even when the
    // headline's few words read it as another type
    let same_word = |h: &Event, b: &Event| {
        let head = |e: &Event| {
            e.trigger
                .text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase()
        };
        let w = head(h);
        !w.is_empty() && w == head(b)
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
                let (h, b) = (&events[i], &events[j]);
                let typed = b.event_type == h.event_type
                    && (h.mode.is_none() || b.mode.is_none() || h.mode == b.mode);
                !headline(b.sentence) && (typed || same_word(h, b))
            })
            .map(|j| {
                let cj = countries(&events[j]);
                let shared = ci.iter().filter(|c| cj.contains(c)).count();
                (shared, shared == ci.len(), j)
            })
            .filter(|&(n, all, _)| n > 0 && all)
            .map(|(n, _, j)| (n, j))
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
    // (sized for every event kept, as most are: an event is a few hundred bytes, and growing
    // the list by doubling copied them again at each step)
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // the side keys of each kept event, beside it, made on its first comparison: only events of
    // one type and modality are compared, so most events of an article (of a type of their own)
    // never build theirs. A key made late is the one made at push time: an event's sides change
    // only by a merge, which sets its key with them.
    let mut keys: Vec<Option<SideKeys>> = Vec::with_capacity(events.len());
    for ev in events {
        let mut mine: Option<SideKeys> = None;
        let mut same = None;
        for (i, (o, ok)) in out.iter().zip(&mut keys).enumerate() {
            // (the cheap tests first; all are plain comparisons, so their order changes nothing)
            if o.event_type != ev.event_type
                || o.modality != ev.modality
                || !match (&o.date, &ev.date) {
                    (Some(a), Some(b)) => {
                        a.value == b.value || a.basis == "publication" || b.basis == "publication"
                    }
                    _ => true,
                }
            {
                continue;
            }
            let (ks, kt) = mine.get_or_insert_with(|| (side_key(&ev.source), side_key(&ev.target)));
            let (os, ot) = ok.get_or_insert_with(|| (side_key(&o.source), side_key(&o.target)));
            // same participants, or the same with one side left unsaid in one of the mentions
            if (*os == *ks || os.is_empty() || ks.is_empty())
                && (*ot == *kt || ot.is_empty() || kt.is_empty())
                && !(os.is_empty() && ot.is_empty())
                && !(ks.is_empty() && kt.is_empty())
                && (*os == *ks && !os.is_empty() || *ot == *kt && !ot.is_empty())
            {
                same = Some(i);
                break;
            }
        }
        match same {
            Some(i) => {
                let o = &mut out[i];
                // (compared, so both keys are made)
                let (ks, kt) = mine.unwrap_or_default();
                let (os, ot) = keys[i].get_or_insert_with(Default::default);
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
                    *os = ks;
                }
                if o.target.is_empty() {
                    o.target = ev.target;
                    *ot = kt;
                }
                if o.mode.is_none() {
                    o.mode = ev.mode;
                }
            }
            None => {
                out.push(ev);
                keys.push(mine);
            }
        }
    }
    out
}
