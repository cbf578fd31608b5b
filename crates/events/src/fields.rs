//! Building an event from a chosen trigger: its date, place, quantity and attribution.

use super::*;

/// Events are dated to the day (as PLOVER and ICEWS code them): a time of day ("ieri sera",
/// "this morning": `2021-02-03T18/2021-02-03T23`) dates its event by that day; a span over
/// several days is kept as it is.
pub(crate) fn event_day(value: &str, precision: &str) -> (String, String) {
    fn day(v: &str) -> Option<&str> {
        v.get(..10).filter(|_| v.as_bytes().get(10) == Some(&b'T'))
    }
    let (a, b) = value.split_once('/').unwrap_or((value, value));
    match (day(a), day(b)) {
        (Some(x), Some(y)) if x == y => (x.to_string(), "day".to_string()),
        _ => (value.to_string(), precision.to_string()),
    }
}

impl<'a> Ctx<'a> {
    /// A source the text describes but does not name ("fonti sanitarie locali", "officials",
    /// "state television"): the phrase's own country if it contains an actor or place, else the
    /// article's focus country, since unnamed sources are local to the story.
    pub(crate) fn unnamed_source(&self, lo: usize, hi: usize) -> Option<Attribution> {
        if lo >= hi || hi > self.tokens.len() {
            return None;
        }
        let span = Span {
            start: self.tokens[lo].span.start,
            end: self.tokens[hi - 1].span.end,
        };
        let inner = (lo..hi).find_map(|j| self.ent_of[j]).map(|k| self.actor(k));
        let country = inner
            .as_ref()
            .and_then(|e| e.country.clone())
            .or_else(|| self.filed_country())
            .or_else(|| self.focus.and_then(|k| self.entities[k].country.clone()))?;
        Some(Attribution {
            text: self.doc.text.get(span.range()).unwrap_or("").to_string(),
            span,
            country: Some(country),
            sector: inner.and_then(|e| e.sector),
            id: None,
        })
    }

    /// The country of the dateline ("KIEV, 1 MAR -"), where the report was filed.
    pub(crate) fn filed_country(&self) -> Option<String> {
        self.dateline
            .and_then(|d| self.doc.entities.get(d))
            .and_then(|e| e.country.clone())
    }

    pub(crate) fn attribution(&self, k: usize) -> Attribution {
        let e = self.actor(k);
        // a speaker of unknown country is, in a news article, most often a local of where the
        // report was filed (the dateline), else of its focus country
        let country = e.country.or_else(|| {
            self.filed_country()
                .filter(|_| self.infer && e.kind == EntityKind::Person)
                .or_else(|| {
                    self.focus
                        .filter(|_| self.infer)
                        .and_then(|f| self.entities[f].country.clone())
                })
        });
        Attribution {
            text: e.text.clone(),
            span: e.span,
            country,
            sector: e.sector,
            id: e.id,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn build(
        &self,
        h: &Hit,
        entry: &TriggerEntry,
        event_type: &str,
        source: &[usize],
        target: &[usize],
        (lo, hi): (usize, usize),
        sent: Span,
        cues: &[Hit],
        sentence_attr: &Option<Attribution>,
        speakers: &[usize],
        speech_times: &[(usize, Span)],
    ) -> Event {
        let tspan = Span::new(
            self.tokens[h.first].span.start as usize,
            self.tokens[h.last].span.end as usize,
        );
        // Modality: the verb's own tense, then cues before the trigger in its clause.
        let mut modality = match h.tag {
            Some(Tag::Fut) => Modality::Future,
            Some(Tag::Cond) => Modality::Hypothetical,
            _ => Modality::Asserted,
        };
        let window = h.first.saturating_sub(6).max(lo);
        for c in cues {
            if c.first >= window && c.last < h.first {
                let m = self.rules.modality_kind[c.id];
                modality = stronger(modality, m);
            }
        }
        // Date: the nearest dated time expression in the clause, else in the sentence.
        let (clo, chi) = (
            self.tokens[lo].span.start,
            self.tokens[hi.saturating_sub(1).max(lo)].span.end,
        );
        let dist = |s: Span| (s.start as i64 - tspan.start as i64).unsigned_abs();
        // a year after an article names a thing, not when the clause happens ("the 2015
        // nuclear agreement")
        let attributive_year = |t: &annalist_doc::Time| {
            let i = self.tokens.partition_point(|x| x.span.start < t.span.start);
            t.value.len() == 4
                && t.value.bytes().all(|b| b.is_ascii_digit())
                && i > 0
                && self.role_at(i - 1) & role::ARTICLE != 0
        };
        // "until 2028", "fino al 31 gennaio": the end of a span, not when the event happens
        let deadline = |t: &annalist_doc::Time| {
            let i = self.tokens.partition_point(|x| x.span.start < t.span.start);
            (i < self.tokens.len() && self.role_at(i) & role::DEADLINE != 0)
                || (i > 0 && self.role_at(i - 1) & role::DEADLINE != 0)
        };
        let usable = |t: &annalist_doc::Time| {
            !t.value.starts_with('X')
                && !t.value.starts_with('P')
                && t.precision != "duration"
                && !attributive_year(t)
                && !deadline(t)
        };
        // A time of the text as the event's date, to the day.
        // A part of the day with no day named ("In serata", "during the afternoon"), which the
        // time stage resolves on the publication day, is a time of the day the story is on: the
        // last day the article named before it ("Ieri il tribunale … . In serata la polizia …").
        let story_day = |t: &annalist_doc::Time| -> Option<String> {
            let p = self.published.as_deref()?;
            let bare = t.rule.as_deref() == Some("wrap")
                && t.value.len() > 10
                && t.value.as_bytes()[10] == b'T'
                && t.value.starts_with(p);
            if !bare {
                return None;
            }
            self.doc
                .times
                .iter()
                .filter(|x| x.span.end <= t.span.start && usable(x) && x.precision == "day")
                .max_by_key(|x| x.span.start)
                .map(|x| x.value.clone())
                .filter(|v| v.len() == 10)
        };
        let text_date = |i: usize, t: &annalist_doc::Time| {
            let (value, precision) = match story_day(t) {
                Some(d) => (d, "day".to_string()),
                None => event_day(&t.value, &t.precision),
            };
            EventDate {
                value,
                precision,
                basis: "text".into(),
                time: Some(i),
            }
        };
        // Date: the nearest time expression in the clause; else one before the clause in the
        // sentence ("Lo scorso anno, durante …, X ha …"); else the publication date.
        // a time after a relative pronoun that follows the trigger dates the relative clause
        let rel_after = (h.last + 1..hi)
            .find(|&j| self.role_at(j) & role::RELATIVE != 0)
            .map(|j| self.tokens[j].span.start);
        // a verb reported after a speech cue is dated by a time of its own clause rather than
        // by the time of the speech ("China said on Monday it would raise tariffs from June 1");
        // with none, the speech's time stands ("police said on Thursday they had arrested")
        let of_speech = |t: &annalist_doc::Time| {
            h.verb
                && speech_times
                    .iter()
                    .any(|&(cue, sp)| sp == t.span && h.first > cue)
        };
        let mut in_sentence: Vec<(usize, &annalist_doc::Time)> = self
            .doc
            .times
            .iter()
            .enumerate()
            .filter(|(_, t)| sent.contains(t.span) && usable(t))
            .filter(|(_, t)| rel_after.is_none_or(|r| t.span.start < r))
            .collect();
        if in_sentence.iter().any(|(_, t)| !of_speech(t)) {
            in_sentence.retain(|(_, t)| !of_speech(t));
        }
        let date = in_sentence
            .iter()
            .filter(|(_, t)| t.span.start >= clo && t.span.end <= chi)
            .min_by_key(|(_, t)| dist(t.span))
            .or_else(|| {
                in_sentence
                    .iter()
                    .filter(|(_, t)| t.span.end <= clo)
                    .max_by_key(|(_, t)| t.span.start)
            })
            .map(|&(i, t)| text_date(i, t))
            .or_else(|| {
                // no time in the sentence: the story goes on at the time the paragraph last
                // named ("Ieri X ha … . Y ha poi …")
                let para = self.doc.text[..sent.start as usize]
                    .rfind('\n')
                    .map_or(0, |p| p + 1) as u32;
                self.doc
                    .times
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.span.start >= para && t.span.end <= sent.start && usable(t))
                    .max_by_key(|(_, t)| t.span.start)
                    .map(|(i, t)| text_date(i, t))
            })
            .or_else(|| {
                self.published.as_ref().map(|p| EventDate {
                    value: p.clone(),
                    precision: "day".into(),
                    basis: "publication".into(),
                    time: None,
                })
            });
        // Place: a place (or a country after a locative preposition) in the clause, else sentence.
        let roles: HashSet<usize> = source.iter().chain(target).copied().collect();
        let s0 = self.tokens.partition_point(|t| t.span.start < sent.start);
        let location = self
            .doc
            .entities
            .iter()
            .enumerate()
            .filter(|(k, e)| {
                // a visit's or transfer's destination is its target and also where it happens
                // ("si recherà in Sudafrica", "visited Kigali")
                // a place attacked or entered is where it happens too ("strikes on Kharkiv")
                sent.contains(e.span)
                    && (!roles.contains(k)
                        || (entry.flags.dest || e.kind == EntityKind::Place) && !source.contains(k))
                    && self.ent_first[*k] != usize::MAX
                    && self.is_place(*k, self.prep_before(self.ent_first[*k], s0))
            })
            // the dateline ("KIEV, 1 MAR -") is where the report was filed: the lead's place
            // only when the sentence names no other
            .min_by_key(|(_, e)| {
                let inside = e.span.start >= clo && e.span.end <= chi;
                (is_dateline(&self.doc.text, e), !inside, dist(e.span))
            })
            .map(|(k, _)| k)
            // no place in the sentence: the dateline's city ("KABUL - …") when a participant is
            // of its country, a domestic story told from where it happens
            .or_else(|| {
                let d = self.dateline?;
                let c = self.entities[d].country.as_deref()?;
                source
                    .iter()
                    .chain(target)
                    .any(|&k| self.actor(k).country.as_deref() == Some(c))
                    .then_some(d)
            })
            .map(|k| {
                let e = self.actor(k);
                Location {
                    text: e.text,
                    span: e.span,
                    country: e.country,
                    id: e.id,
                    lat: e.lat,
                    lon: e.lon,
                }
            });
        // Quantity: the nearest amount in the clause.
        let quantity = self
            .doc
            .quantities
            .iter()
            .filter(|q| q.span.start >= clo && q.span.end <= chi)
            .min_by_key(|q| dist(q.span))
            .map(|q| EventQuantity {
                value: q.value,
                approximate: q.approximate,
                unit: q.unit.clone(),
                span: q.span,
            });
        let src: Vec<Entity> = source.iter().map(|&k| self.actor(k)).collect();
        let tgt: Vec<Entity> = target.iter().map(|&k| self.actor(k)).collect();
        // Attribution: none when the reporter's mention is the one acting (a speaker's own
        // statement, "X said it would …" with X the source); another mention of the same actor
        // ("Russia's defense ministry said its forces …") is still who reports it.
        let same = |a: &Attribution| src.iter().any(|e| e.span == a.span);
        let mut attribution = sentence_attr.clone().filter(|a| !same(a));
        if attribution.is_none() {
            attribution = speakers
                .iter()
                .map(|&k| self.attribution(k))
                .find(|a| !same(a));
        }
        let mut confidence: f32 = 0.5;
        if !src.is_empty() {
            confidence += 0.2;
        }
        if !tgt.is_empty() {
            confidence += 0.2;
        }
        Event {
            event_type: event_type.to_string(),
            mode: entry.mode.clone(),
            cameo: entry.cameo.clone(),
            source: src,
            target: tgt,
            date,
            location,
            attribution,
            modality,
            quantity,
            trigger: Trigger {
                text: self.doc.text[tspan.range()].to_string(),
                span: tspan,
            },
            sentence: sent,
            confidence,
            goldstein: entry.goldstein,
            mentions: Vec::new(),
        }
    }
}
