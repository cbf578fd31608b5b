//! Building an event from a chosen trigger: its date, place, quantity and attribution.

use super::*;

/// Events are dated to the day (as PLOVER and ICEWS code them): a time of day ("ieri sera",
/// "this morning": `2021-02-03T18/2021-02-03T23`) dates its event by that day; a span over
/// several days is kept as it is.
pub(crate) fn event_day(value: &str, precision: &str) -> (String, String) {
    fn day(v: &str) -> Option<&str> {
        v.get(..10).filter(|_| v.as_bytes().get(10) == Some(&b'T'))
    }
    if precision == "week" {
        if let Some(m) = week_as_month(value) {
            return (m, "month".to_string());
        }
    }
    let (a, b) = value.split_once('/').unwrap_or((value, value));
    match (day(a), day(b)) {
        (Some(x), Some(y)) if x == y => (x.to_string(), "day".to_string()),
        _ => (value.to_string(), precision.to_string()),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `YYYY-MM-DD` moved by `days`; `None` for anything but a full day.
pub(crate) fn shift_day(value: &str, days: i64) -> Option<String> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = value[..4].parse().ok()?;
    let m: i64 = value[5..7].parse().ok()?;
    let d: i64 = value[8..].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A week (`2021-W04`) as the month that holds all its days (`2021-01`): gold and users read
/// dates as ISO prefixes, which a week is not; a week across two months stays as it is.
pub(crate) fn week_as_month(value: &str) -> Option<String> {
    let (y, w) = value.split_once("-W")?;
    let y: i64 = y.parse().ok().filter(|_| y.len() == 4)?;
    let w: i64 = w.parse().ok().filter(|_| w.len() == 2)?;
    // ISO week 1 holds January 4th; its Monday starts the year's weeks
    let jan4 = days_from_civil(y, 1, 4);
    let monday = jan4 - (jan4 + 3).rem_euclid(7) + (w - 1) * 7;
    let (y1, m1, _) = civil_from_days(monday);
    let (y2, m2, _) = civil_from_days(monday + 6);
    ((y1, m1) == (y2, m2)).then(|| format!("{y1:04}-{m1:02}"))
}

/// The number of days a span word counts before "after"/"before": a duration the time stage
/// read ("two days", "due giorni": `P2D`, "a week": `P1W`).
fn duration_days(value: &str) -> Option<i64> {
    let v = value.strip_prefix('P')?;
    let (n, unit) = v.split_at(v.len().checked_sub(1)?);
    let n: i64 = n.parse().ok()?;
    match unit {
        "D" => Some(n),
        "W" => Some(7 * n),
        _ => None,
    }
}

impl<'a> Ctx<'a> {
    /// A source the text describes but does not name ("fonti sanitarie locali", "officials",
    /// "state television"): the phrase's own country if it contains an actor or place, else the
    /// dateline's, else the article's focus country, since unnamed sources are local to the
    /// story ([`Ctx::local_source`] settles between the two for each event).
    pub(crate) fn unnamed_source(&self, lo: usize, hi: usize) -> Option<Attribution> {
        if lo >= hi || hi > self.tokens.len() {
            return None;
        }
        let span = Span {
            start: self.tokens[lo].span.start,
            end: self.tokens[hi - 1].span.end,
        };
        let inner = (lo..hi).find_map(|j| self.ent_of(j)).map(|k| self.actor(k));
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

    /// "two days after the president was shot", "a day after Congress removed him", "due giorni
    /// dopo che …", "il giorno prima del voto": what follows the span of days happened that many
    /// days before (after) the day the rest of the sentence names, its anchor. A span followed by
    /// a comma ("The day before, …") counts from an earlier sentence and is left alone; a clause
    /// with a time of its own keeps it.
    pub(crate) fn day_offset(
        &self,
        trig: usize,
        (s0, s1): (usize, usize),
        usable: &dyn Fn(&annalist_doc::Time) -> bool,
    ) -> Option<EventDate> {
        if s1 <= s0 || trig >= s1 {
            return None;
        }
        let times = &self.doc.times;
        for j in s0 + 1..trig {
            let r = self.role_at(j);
            let sign = if r & role::AFTER != 0 {
                -1
            } else if r & role::BEFORE != 0 {
                1
            } else {
                continue;
            };
            // the span of days right before the word: "a day", "il giorno", or a duration
            let counted = j >= s0 + 2
                && self.role_at(j - 1) & role::DAY != 0
                && (self.role_at(j - 2) & role::ARTICLE != 0
                    || matches!(self.word(j - 2), "one" | "uno"));
            let (n, p) = if counted {
                (1, j - 2)
            } else if let Some((n, t)) = times.iter().find_map(|t| {
                (t.span.end == self.tokens[j - 1].span.end)
                    .then(|| duration_days(&t.value).map(|n| (n, t)))
                    .flatten()
            }) {
                (
                    n,
                    self.tokens.partition_point(|x| x.span.start < t.span.start),
                )
            } else {
                continue;
            };
            if j + 1 >= s1 || self.is_comma(j + 1) {
                continue;
            }
            // what follows: to the next clause boundary, or to the comma when the span opens the
            // sentence ("Two days after the coup, the junta …")
            let opens = p <= s0;
            let end = (j + 1..s1)
                .find(|&i| {
                    if opens {
                        self.is_comma(i)
                    } else {
                        self.role_at(i) & role::BOUNDARY != 0
                    }
                })
                .unwrap_or(s1);
            if trig >= end {
                continue;
            }
            let (a, b) = (self.tokens[p].span.start, self.tokens[end - 1].span.end);
            let after_word = self.tokens[j].span.end;
            if times
                .iter()
                .any(|t| t.span.start >= after_word && t.span.end <= b && usable(t))
            {
                return None;
            }
            let (lo, hi) = (self.tokens[s0].span.start, self.tokens[s1 - 1].span.end);
            let day =
                |t: &annalist_doc::Time| usable(t) && t.precision == "day" && t.value.len() == 10;
            let anchor = times
                .iter()
                .enumerate()
                .filter(|(_, t)| t.span.start >= lo && t.span.end <= a && day(t))
                .max_by_key(|(_, t)| t.span.start)
                .or_else(|| {
                    times
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.span.start >= b && t.span.end <= hi && day(t))
                        .min_by_key(|(_, t)| t.span.start)
                })?;
            return Some(EventDate {
                value: shift_day(&anchor.1.value, sign * n)?,
                precision: "day".into(),
                basis: "text".into(),
                time: Some(anchor.0),
            });
        }
        None
    }

    /// An unnamed source with no actor in its phrase ("state television said", ", the elections
    /// minister said") is local to the story: of the dateline's country when the event involves
    /// it ("PORT-AU-PRINCE - Haiti's government has asked …"), else of the article's focus
    /// country when the event involves that (a Syrian story filed from "BEIRUT -").
    fn local_source(&self, mut a: Attribution, src: &[Entity], tgt: &[Entity]) -> Attribution {
        let named = a.id.is_some()
            || self
                .entities
                .iter()
                .any(|e| e.span.start >= a.span.start && e.span.end <= a.span.end);
        if named {
            return a;
        }
        // "his office said", "il suo portavoce ha detto": the office or spokesman of the actor
        // the report is about, its acting person first ("his", "her"), else any actor of a
        // country; not the dateline's
        let first = self.tokens.partition_point(|t| t.span.start < a.span.start);
        let possessive = (first..(first + 2).min(self.tokens.len()))
            .take_while(|&i| self.tokens[i].span.end <= a.span.end)
            .any(|i| self.role_at(i) & role::POSSESSIVE != 0);
        if possessive {
            let owner = src
                .iter()
                .filter(|e| e.country.is_some())
                .min_by_key(|e| e.kind != EntityKind::Person)
                .or_else(|| tgt.iter().find(|e| e.country.is_some()));
            if let Some(e) = owner {
                a.country = e.country.clone();
                return a;
            }
        }
        let involved = |c: &str| {
            src.iter()
                .chain(tgt)
                .any(|e| e.country.as_deref() == Some(c))
        };
        let filed = self.filed_country();
        let focus = self.focus.and_then(|k| self.entities[k].country.clone());
        if let Some(c) = [filed, focus].into_iter().flatten().find(|c| involved(c)) {
            a.country = Some(c);
        }
        a
    }

    /// A bare border noun in the clause ("ha schierato truppe al confine", "reinforced its
    /// presence at the border", no country named after it) with no other place: troops are
    /// sent to, and patrols kept on, the acting country's own border, so the place is in the
    /// country of the event's first source. A border named by its countries ("al confine con la
    /// Siria") is left alone: which side is meant the text does not say.
    fn own_border(&self, lo: usize, hi: usize, source: &[usize]) -> Option<Location> {
        let country = source
            .iter()
            .find_map(|&k| self.actor_country(k).map(str::to_string))?;
        let hi = hi.min(self.tokens.len());
        (lo..hi).find_map(|j| {
            if self.role_at(j) & role::BORDER == 0 || self.ent_of(j).is_some() {
                return None;
            }
            // governed by a preposition of place or direction, articles skipped
            let mut b = j;
            while b > lo && self.role_at(b - 1) & role::ARTICLE != 0 {
                b -= 1;
            }
            let prep = if b > lo { self.role_at(b - 1) } else { 0 };
            if prep & (role::LOCATIVE | role::TARGET | role::OTHER_PREP) == 0 {
                return None;
            }
            // no country named after it: "border with Syria", "confine tra", "della Siria"
            let named = (j + 1..hi.min(j + 4)).any(|n| {
                self.ent_of(n).is_some()
                    || self.role_at(n) & (role::WITH | role::BETWEEN | role::GENITIVE) != 0
            });
            if named {
                return None;
            }
            let t = &self.tokens[j];
            Some(Location {
                text: self.doc.text[t.span.start as usize..t.span.end as usize].to_string(),
                span: t.span,
                country: Some(country.clone()),
                id: None,
                lat: None,
                lon: None,
            })
        })
    }

    pub(crate) fn attribution(&self, k: usize) -> Attribution {
        // (the fields of `self.actor(k)` an attribution keeps, read without cloning the whole
        // entity: country, sector and id as the actor's, text, span and kind its own)
        let e = self.entity(k);
        // a speaker of unknown country is, in a news article, most often a local of where the
        // report was filed (the dateline), else of its focus country
        let country = self.actor_country(k).map(str::to_string).or_else(|| {
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
            sector: self.actor_sector(k).map(str::to_string),
            id: self.actor_id(k).map(str::to_string),
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
        // "without signing the deal", "senza firmare l'accordo", "ended without agreement": an
        // event named right after "without"/"senza" is one that did not happen
        if self.after_event_prep(h.first, lo) {
            modality = stronger(modality, Modality::Negated);
        }
        // Date: the nearest dated time expression in the clause, else in the sentence.
        let (clo, chi) = (
            self.tokens[lo].span.start,
            self.tokens[hi.saturating_sub(1).max(lo)].span.end,
        );
        let dist = |s: Span| (s.start as i64 - tspan.start as i64).unsigned_abs();
        // a year after an article or "of" names a thing, not when the clause happens ("the 2015
        // nuclear agreement", "il genocidio del 1994")
        let attributive_year = |t: &annalist_doc::Time| {
            let i = self.tokens.partition_point(|x| x.span.start < t.span.start);
            t.value.len() == 4
                && t.value.bytes().all(|b| b.is_ascii_digit())
                && ((i > 0 && self.role_at(i - 1) & (role::ARTICLE | role::GENITIVE) != 0)
                    || (i < self.tokens.len() && self.role_at(i) & role::GENITIVE != 0))
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
        // Any hours resolved on the publication day ("for a fourth night", "a curfew from 10 p.m.
        // to 4 a.m.") are likewise on a day the same sentence named before them ("on Sunday").
        let story_day = |t: &annalist_doc::Time| -> Option<String> {
            let p = self.published.as_deref()?;
            let hours =
                t.value.len() > 10 && t.value.as_bytes()[10] == b'T' && t.value.starts_with(p);
            if !hours {
                return None;
            }
            let wrap = t.rule.as_deref() == Some("wrap");
            self.doc
                .times
                .iter()
                .filter(|x| wrap || x.span.start >= sent.start)
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
        let s_first = self.tokens.partition_point(|t| t.span.start < sent.start);
        let s_end = self.tokens.partition_point(|t| t.span.start < sent.end);
        let offset = self.day_offset(h.first, (s_first, s_end), &usable);
        let date = offset
            .or_else(|| {
                in_sentence
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
            })
            .or_else(|| {
                // no time in the sentence: the story goes on at the time the paragraph last
                // named ("Ieri X ha … . Y ha poi …")
                let para = self.paragraph_start(sent.start);
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
        let roles: TokenSet = source.iter().chain(target).copied().collect();
        let s0 = s_first;
        // a place an attacker struck from ("from Lebanese airspace", "dal territorio bielorusso")
        // is not where the attack happens; elsewhere "from" is where the actor is ("Da
        // Bruxelles, Macron ha condannato …", "withdrew from Mali")
        let from_ok = event_type != "ASSAULT";
        // (a list, not a set: a handful of countries at most, asked only whether one is there)
        let ours: Vec<&str> = source
            .iter()
            .chain(target)
            .filter_map(|&k| self.actor_country(k))
            .collect();
        let candidates = self.doc.entities.iter().enumerate().filter(|(k, e)| {
            // a visit's or transfer's destination is its target and also where it happens
            // ("si recherà in Sudafrica", "visited Kigali")
            // a place attacked or entered is where it happens too ("strikes on Kharkiv")
            sent.contains(e.span)
                    && (!roles.contains(k)
                        || (entry.flags.dest || e.kind == EntityKind::Place) && !source.contains(k))
                    && self.ent_first[*k] != usize::MAX
                    && self.is_place_here(*k, self.prep_before(self.ent_first[*k], s0))
                    && (from_ok || self.governing_roles(self.ent_first[*k], s0) & role::ORIGIN == 0)
                    // the dateline ("KIEV, 1 MAR -") is where the report was filed: not the
                    // place of an event whose known participants are all of other countries
                    // ("NAIROBI - Somali troops attacked …")
                    && !(is_dateline(&self.doc.text, e)
                        && !ours.is_empty()
                        && !e.country.as_deref().is_some_and(|c| ours.contains(&c)))
        });
        // the dateline is the lead's place only when the sentence names no other
        let rank = |e: &Entity| {
            let inside = e.span.start >= clo && e.span.end <= chi;
            (is_dateline(&self.doc.text, e), !inside, dist(e.span))
        };
        // a place of no country ("the Sahel", "the Arctic", "European" in a name) says less than
        // the dateline: it is the last resort
        let (located, unlocated): (Vec<_>, Vec<_>) =
            candidates.partition(|(k, _)| self.actor_country(*k).is_some());
        let location = located
            .into_iter()
            .min_by_key(|(_, e)| rank(e))
            .map(|(k, _)| k)
            // no place in the sentence: the dateline's city ("KABUL - …") when a participant is
            // of its country, a domestic story told from where it happens
            .or_else(|| {
                let d = self.dateline?;
                let c = self.entities[d].country.as_deref()?;
                source
                    .iter()
                    .chain(target)
                    .any(|&k| self.actor_country(k) == Some(c))
                    .then_some(d)
            })
            // nor a dateline: the story goes on where the paragraph last placed it ("… a
            // Khartoum. Domenica le due parti avevano accettato una tregua …"), again when a
            // participant is of that place's country
            .or_else(|| {
                let para = self.paragraph_start(sent.start);
                (0..self.entities.len())
                    .filter(|&k| {
                        let e = &self.entities[k];
                        e.kind == EntityKind::Place
                            && e.span.start >= para
                            && e.span.end <= sent.start
                            && !is_dateline(&self.doc.text, e)
                    })
                    .filter(|&k| self.actor_country(k).is_some_and(|c| ours.contains(&c)))
                    .max_by_key(|&k| self.entities[k].span.start)
            })
            .or_else(|| {
                unlocated
                    .into_iter()
                    .min_by_key(|(_, e)| rank(e))
                    .map(|(k, _)| k)
            })
            .map(|k| {
                // (the fields of `self.actor(k)` a location keeps, read without cloning the
                // whole entity: its country and id as the actor's, the rest its own)
                let e = self.entity(k);
                Location {
                    text: e.text.clone(),
                    span: e.span,
                    country: self.actor_country(k).map(str::to_string),
                    id: self.actor_id(k).map(str::to_string),
                    lat: e.lat,
                    lon: e.lon,
                }
            })
            .or_else(|| self.own_border(lo, hi, source));
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
        let mut attribution = sentence_attr
            .clone()
            .filter(|a| !same(a))
            .map(|a| self.local_source(a, &src, &tgt));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting_days_crosses_months_and_leap_days() {
        assert_eq!(shift_day("2024-03-01", -1).as_deref(), Some("2024-02-29"));
        assert_eq!(shift_day("2023-03-01", -1).as_deref(), Some("2023-02-28"));
        assert_eq!(shift_day("2022-12-31", 1).as_deref(), Some("2023-01-01"));
        assert_eq!(shift_day("2024-03", 1), None);
    }

    #[test]
    fn a_week_inside_one_month_is_that_month() {
        // 2021-W04 is 25-31 January; 2024-W05 is 29 January - 4 February
        assert_eq!(week_as_month("2021-W04").as_deref(), Some("2021-01"));
        assert_eq!(week_as_month("2024-W05"), None);
        assert_eq!(
            event_day("2021-W04", "week"),
            ("2021-01".to_string(), "month".to_string())
        );
    }
}
