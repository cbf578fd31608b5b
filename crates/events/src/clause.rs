//! Reading one sentence: trigger patterns matched over the clause, then each trigger's sides, modality
//! and attribution from the words around it.

use super::*;

impl<'a> Ctx<'a> {
    /// Whether the sentence reports a match score ("beat the Athletics 6-3", "drew 1-1"): a
    /// sports report, where "beat", "hit", "attack" and "help" are play, not political acts. A
    /// score is two numbers of at most three digits joined by a hyphen with no space, the
    /// winner's first (so not a range, "20-30 people", nor a season, "1986-87"); a vote tally
    /// ("voted 101-6", "a 5-4 ruling": a sentence with a `tally` word of the pack's roles.tsv)
    /// reads the same and is no score. The segmenter splits
    /// "6-3" into three tokens, the stage's own tokenizer keeps it one word: both are read.
    fn match_score(&self, s0: usize, s1: usize) -> bool {
        let small = |w: &str| -> Option<u32> {
            if w.is_empty() || w.len() > 3 || !w.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            w.parse().ok()
        };
        let winner_first =
            |a: &str, b: &str| matches!((small(a), small(b)), (Some(a), Some(b)) if a >= b);
        // (a score is written in digits joined by a hyphen: a sentence with no hyphen, most of
        // them, is no sports report, seen from one search of its bytes for the hyphen (a
        // memchr); one with a hyphen needs a digit too, seen from one scan of its bytes eight at
        // a time; only then is each word tested)
        let (from, to) = (
            self.tokens[s0].span.start as usize,
            self.tokens[s1 - 1].span.end as usize,
        );
        if !self
            .doc
            .text
            .as_bytes()
            .get(from..to)
            .is_none_or(|b| memchr::memchr(b'-', b).is_some() && any_digit(b))
        {
            return false;
        }
        let score = (s0..s1).any(|i| {
            // (a hyphen and a digit are one-byte tests: only a word that starts with a digit
            // is sliced)
            if self.is_mark(i, b'-') {
                i > s0
                    && i + 1 < s1
                    && self.tokens[i - 1].span.end == self.tokens[i].span.start
                    && self.tokens[i].span.end == self.tokens[i + 1].span.start
                    && winner_first(self.word(i - 1), self.word(i + 1))
            } else {
                // (a score starts with a digit: other words are passed over on their first
                // byte, without a search for the hyphen)
                let sp = self.tokens[i].span;
                sp.end > sp.start
                    && self
                        .words
                        .byte(sp.start)
                        .is_some_and(|b| b.is_ascii_digit())
                    && self
                        .word(i)
                        .split_once('-')
                        .is_some_and(|(a, b)| winner_first(a, b))
            }
        });
        score && !(s0..s1).any(|i| self.roles_of(i) & role::TALLY != 0)
    }

    /// The tokens of sentence `sent`: those starting at or after its start and before its end
    /// (as two binary searches of the document's tokens would find them). The sentences come in
    /// order, so each starts where the previous one ended (`cursor`, read on a step a token
    /// when they are apart) and its end is found by a galloping search from there, where the
    /// two searches of the whole list cost about a hundred instructions a sentence.
    fn token_range(&self, sent: Span, cursor: &mut usize) -> (usize, usize) {
        let tokens = self.tokens;
        let n = tokens.len();
        let mut s0 = *cursor;
        if s0 > n || (s0 > 0 && tokens[s0 - 1].span.start >= sent.start) {
            // (a sentence before the previous one: searched)
            s0 = tokens.partition_point(|t| t.span.start < sent.start);
        } else {
            while s0 < n && tokens[s0].span.start < sent.start {
                s0 += 1;
            }
        }
        // the end by a galloping search from the start (a sentence is a few dozen tokens: a
        // step a token cost more than the binary search it replaced)
        let rest = &tokens[s0.min(n)..];
        let before_end = |t: &Token| t.span.start < sent.end;
        let mut hi = 1;
        while hi < rest.len() && before_end(&rest[hi]) {
            hi *= 2;
        }
        let lo = hi / 2;
        let hi = hi.min(rest.len());
        let s1 = s0 + lo + rest[lo.min(hi)..hi].partition_point(before_end);
        *cursor = s1;
        (s0, s1)
    }

    pub(crate) fn sentence(
        &self,
        sent: Span,
        cursor: &mut usize,
        events: &mut Vec<Event>,
        carried: &mut Option<Attribution>,
        scratch: &mut Scratch,
    ) {
        let (s0, s1) = self.token_range(sent, cursor);
        if s0 >= s1 {
            return;
        }
        // A paragraph break ends an attribution carried from a sentence ending in ':'.
        // (read back over the bytes before the sentence: a slice of the text up to it and a
        // trim of that cost a char-boundary test and a reverse search per sentence)
        if sent.start > 0 && {
            let before = self.doc.text.as_bytes();
            let mut k = (sent.start as usize).min(before.len());
            while k > 0 && matches!(before[k - 1], b' ' | b'\t') {
                k -= 1;
            }
            k > 0 && before[k - 1] == b'\n'
        } {
            *carried = None;
        }
        // one pass over the sentence's token classes, eight at a time: a blocker word drops the
        // sentence, and one with no word that can start a trigger has nothing below to do (nor
        // one whose trigger words are all inside names: the trigger scan below passes them over
        // and finds no match). Nor has one with no word that can complete a trigger
        // ([`class::COMPLETES`]): every match holds a form of its pattern's completing element,
        // so the scan would find none; most sentences hold a start word ("in", "è", "has": they
        // start patterns), far fewer a completing one.
        const NEEDED: u8 = class::TRIGGER | class::COMPLETES;
        if any_bits(&self.class[s0..s1], class::BLOCKER | NEEDED) != NEEDED {
            return;
        }
        let first_event = events.len();
        // Triggers: every match, then the longest non-overlapping ones.
        scratch.clear();
        let Scratch {
            hits,
            chosen,
            cues,
            att_hits,
            times: sent_times,
            taken,
            boundaries,
            heads,
            all_heads,
            stops,
        } = scratch;
        // a word inside a time expression is part of it ("on March 4": no protest march)
        let within = |times: &[Span], i: usize| {
            let sp = self.tokens[i].span;
            times.iter().any(|t| t.start <= sp.start && sp.end <= t.end)
        };
        // (the sentence's times are gathered only once a trigger word outside a name asks, and
        // only a word a time overlaps can be inside one: `Ctx::new` marks every such token
        // transparent, so the other trigger words, nearly all, are matched without the search of
        // the document's times nor the test of the word against each; an empty token, which no
        // time overlaps, is asked as before)
        let gather = |sent_times: &mut Vec<Span>| {
            sent_times.extend(
                self.doc
                    .times
                    .iter()
                    .filter(|t| sent.contains(t.span))
                    .map(|t| t.span),
            )
        };
        let mut times_read = false;
        // (only the tokens that can start a trigger, found eight classes at a time)
        for i in positions(&self.class[s0..s1], class::TRIGGER).map(|k| s0 + k) {
            if self.ent_of(i).is_some() {
                continue;
            }
            let sp = self.tokens[i].span;
            if self.transparent[i] || sp.start == sp.end {
                if !times_read {
                    gather(sent_times);
                    times_read = true;
                }
                if within(sent_times, i) {
                    continue;
                }
            }
            self.rules
                .triggers
                .matches_at_over(&self.ids, i, s1, &self.transparent, hits);
        }
        if hits.is_empty() {
            // most sentences: no trigger, nothing below applies (as the no-event return below)
            return;
        }
        if !times_read {
            gather(sent_times);
        }
        let in_time = |i: usize| within(sent_times, i);
        // Most words of running prose start lower-case; in a title-case headline most do not
        // (names, already found by the actor stage, are not counted).
        let first_char = |i: usize| {
            self.doc
                .text
                .get(self.tokens[i].span.range())
                .and_then(|w| w.chars().next())
        };
        // names aside, running prose is mostly lower-case (counted once per sentence, and only
        // when a capitalised verb after a capitalised word asks: most sentences with a trigger
        // have none, and decoding every word's first letter was most of their title-case test)
        let prose = std::cell::OnceCell::new();
        let lower_case_prose = || {
            *prose.get_or_init(|| {
                let (lower, upper) = (s0..s1).filter(|&i| self.ent_of(i).is_none()).fold(
                    (0usize, 0usize),
                    |(l, u), i| match first_char(i) {
                        Some(c) if c.is_lowercase() => (l + 1, u),
                        Some(c) if c.is_uppercase() => (l, u + 1),
                        _ => (l, u),
                    },
                );
                lower > 2 * upper
            })
        };
        // A verb form right after an article is a noun ("la visita", "la difesa"); a participle
        // right after a preposition too ("accordo di difesa").
        hits.retain(|h| {
            if !h.verb || h.first == s0 {
                return true;
            }
            let r = self.role_at(h.first - 1);
            // a finite form right after a preposition is a noun too ("di armi", "alla giustizia"):
            // prepositions take infinitives, never finite verbs
            let finite = matches!(
                h.tag,
                Some(Tag::Pres | Tag::Impf | Tag::Past | Tag::Fut | Tag::Cond | Tag::Subj)
            );
            // (the role tests first: the tests below only read the text, so asking them in any
            // order, and not at all once one holds, keeps or drops the same hits)
            if r & role::ARTICLE != 0
                || (r & role::PREPS != 0 && (h.tag == Some(Tag::Part) || finite))
            {
                return false;
            }
            // "army-backed": a participle in a hyphenated compound is an adjective
            let compound = || h.tag == Some(Tag::Part) && self.is_mark(h.first - 1, b'-');
            // a verb form after a number is a noun ("more than 500 orders", "two attacks")
            let counted = || {
                let w = self.word(h.first - 1);
                w.bytes()
                    .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
                    && w.bytes().any(|b| b.is_ascii_digit())
            };
            // a capitalised verb inside a lower-case sentence belongs to a name ("the joint air
            // exercise \"Vigilant Storm\"", "Operation Desert Storm"); title-case headlines
            // capitalise every word and are left alone
            let named = || {
                first_char(h.first).is_some_and(char::is_uppercase)
                    && first_char(h.first - 1)
                        .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '\u{201c}' | '«'))
                    && lower_case_prose()
            };
            !(compound() || counted() || named())
        });
        // "after meeting Sisi", "before visiting Kyiv": an -ing form right after a preposition
        // with its object right after it is a gerund, a verb of its own, not the noun "meeting"
        // (a noun takes an article or a modifier there: "after the meeting", "after a meeting
        // with …")
        let gerund_at: Vec<usize> = hits
            .iter()
            .filter(|h| {
                h.verb
                    && h.tag == Some(Tag::Ing)
                    && h.first > s0
                    && h.first + 1 < s1
                    && self.ent_of(h.first - 1).is_none()
                    && self.role_at(h.first - 1) & role::PREPS != 0
                    && self.ent_of(h.first + 1).is_some_and(|k| self.is_actor(k))
            })
            .map(|h| h.first)
            .collect();
        if !gerund_at.is_empty() {
            hits.retain(|h| h.verb || h.first != h.last || !gerund_at.contains(&h.first));
        }
        // most elements first; among equals the tightest, then the earliest
        hits.sort_by_key(|h| (std::cmp::Reverse(h.elements), h.last - h.first, h.first));
        taken.resize(s1 - s0, false);
        for &h in hits.iter() {
            if (h.first..=h.last).any(|i| taken[i - s0]) {
                continue;
            }
            // only the tokens the pattern needs are its own: the head and the fixed phrase it
            // ends in
            taken[h.first - s0] = true;
            for t in &mut taken[h.tail - s0..=h.last - s0] {
                *t = true;
            }
            chosen.push(h);
        }
        chosen.sort_by_key(|h| h.first);
        if chosen
            .iter()
            .all(|h| self.rules.entries[h.id].event_type.is_none())
        {
            // no trigger: nothing to code here, and an attribution carried into the paragraph
            // is not affected
            return;
        }
        // a sports report codes nothing either (asked only of sentences with an event trigger
        // chosen: the test reads every byte of the sentence, and nothing above changes state)
        if self.match_score(s0, s1) {
            return;
        }
        heads.extend(
            chosen
                .iter()
                .filter(|h| h.verb && self.rules.entries[h.id].event_type.is_some())
                .map(|h| h.first),
        );
        let heads = &*heads;
        // a non-event reading ("forze armate", "sostenere che") only hides shorter triggers; it
        // is no head that ends another trigger's object ("la fedeltà delle forze armate a Maduro")
        all_heads.extend(
            chosen
                .iter()
                .filter(|h| self.rules.entries[h.id].event_type.is_some())
                .map(|h| h.first),
        );
        let all_heads = &*all_heads;
        // the event type of the trigger headed at a token: the sentence's few chosen triggers
        // are searched (they do not overlap, so a head is at most one's)
        let head_type = |j: usize| {
            chosen
                .iter()
                .find(|h| h.first == j)
                .and_then(|h| self.rules.entries[h.id].event_type.as_deref())
        };
        for i in positions(&self.class[s0..s1], class::MODALITY | class::ATTRIB).map(|k| s0 + k) {
            // a cue word inside a name is part of the name ("United States")
            let c = self.class[i];
            if self.ent_of(i).is_some() {
                continue;
            }
            if c & class::MODALITY != 0 {
                self.rules.modality.matches_at(&self.ids, i, s1, cues);
            }
            if c & class::ATTRIB != 0 {
                self.rules.attrib.matches_at(&self.ids, i, s1, att_hits);
            }
        }
        stops.clone_from(all_heads);
        for h in att_hits.iter() {
            stops.extend(h.first..=h.last);
        }
        let stops = &*stops;
        boundaries.extend((s0..s1).filter(|&i| self.role_at(i) & role::BOUNDARY != 0));
        let boundaries = &*boundaries;
        let clause = |i: usize| -> (usize, usize) {
            let lo = boundaries
                .iter()
                .rev()
                .find(|&&b| b < i)
                .map_or(s0, |b| b + 1);
            let hi = boundaries.iter().find(|&&b| b > i).copied().unwrap_or(s1);
            (lo, hi)
        };

        // Attribution of the sentence: "secondo X" / "according to X" first, then a speaker.
        let mut according: Option<usize> = None;
        let mut unnamed: Option<Attribution> = None;
        let mut speakers: Vec<usize> = Vec::new();
        let mut speaker_pos: Vec<(usize, usize)> = Vec::new();
        // (last token of the speech cue, speaker): "X ha annunciato la rottura …"
        let mut speech_end: Vec<(usize, usize)> = Vec::new();
        for h in att_hits.iter() {
            match self.rules.attrib_kind[h.id] {
                AttribKind::According => {
                    if according.is_none() {
                        // the first actor of the phrase after the cue; one with a country
                        // before a bare head of unknown country ("l'Ufficio Onu per i diritti
                        // umani" is the UN's)
                        // the phrase ends at a comma: "secondo fonti diplomatiche, gli Stati
                        // Uniti hanno …" names the clause's subject after it, no source
                        let end = (h.last + 7).min(s1);
                        let end = (h.last + 1..end)
                            .find(|&j| self.is_comma(j) || self.role_at(j) & role::BOUNDARY != 0)
                            .unwrap_or(end);
                        let phrase: Vec<usize> = (h.last + 1..end)
                            .filter_map(|j| self.ent_of(j).filter(|&k| self.is_actor(k)))
                            .collect();
                        according = phrase.first().copied().map(|k0| {
                            if self.entity(k0).country.is_some() {
                                return k0;
                            }
                            phrase
                                .iter()
                                .copied()
                                .find(|&k| {
                                    self.entity(k).country.is_some()
                                        && self.ent_first[k] == self.ent_last[k0] + 1
                                })
                                .unwrap_or(k0)
                        });
                        if according.is_none() && unnamed.is_none() {
                            let mut j = h.last + 1;
                            while j < s1.min(h.last + 7) && self.phrase_word(j) {
                                j += 1;
                            }
                            unnamed = self.unnamed_source(h.last + 1, j);
                        }
                    }
                }
                AttribKind::Speech => {
                    let (lo, hi) = clause(h.first);
                    // ", officials said": an unnamed speaker set off by a comma is the speaker,
                    // not an actor of the clause before the comma
                    let mut j = h.first;
                    while j > lo && h.first - j < 5 && self.phrase_word(j - 1) {
                        j -= 1;
                    }
                    let comma_np = j < h.first
                        && j > s0
                        && self.is_comma(j - 1)
                        && (j..h.first).all(|i| {
                            self.ent_of(i).is_none()
                                && self.role_at(i) & (role::AUX | role::PASSIVE_AUX) == 0
                        })
                        && !(h.last + 1..(h.last + 6).min(hi))
                            .any(|i| self.ent_of(i).is_some_and(|k| self.is_actor(k)));
                    if comma_np {
                        if unnamed.is_none() {
                            unnamed = self.unnamed_source(j, h.first);
                        }
                        continue;
                    }
                    // ", ha annunciato l'ambasciatore americano", "«…», ha detto il portavoce",
                    // "…, said the ministry": a speech verb set off from the report by a comma
                    // or a closing quote names its speaker after it (a time may come between);
                    // the actor before the comma belongs to the report
                    if let Some((a, e)) = self.inverted_speaker(h, s0, s1, &in_time) {
                        let phrase: Vec<usize> = (a..e)
                            .filter_map(|i| self.ent_of(i).filter(|&k| self.is_actor(k)))
                            .filter(|&k| self.prep_before(self.ent_first[k], s0) == 0)
                            .collect();
                        let named = phrase
                            .iter()
                            .copied()
                            .find(|&k| self.entity(k).country.is_some())
                            .or_else(|| phrase.first().copied());
                        if let Some(k) = named {
                            speakers.push(k);
                            speaker_pos.push((h.first, k));
                            speech_end.push((h.last, k));
                            continue;
                        }
                        if unnamed.is_none() {
                            unnamed = self.unnamed_source(a, e);
                        }
                        if unnamed.is_some() {
                            continue;
                        }
                    }
                    // "Zelenskiy thanked the UAE … and said …": a speech verb coordinated with
                    // the verb before shares its subject; the object between is no speaker
                    let mut b = h.first;
                    while b > lo && self.role_at(b - 1) & role::AUX != 0 {
                        b -= 1;
                    }
                    let coord_head =
                        (b > lo && self.role_at(b - 1) & role::COORD != 0 && !self.is_comma(b - 1))
                            .then(|| (lo..b - 1).rev().find(|i| heads.contains(i)))
                            .flatten();
                    // (read as a verb's subject: a relative clause or apposition set off by
                    // commas before it is skipped, "X, a friend of Y, said")
                    let left = self.subject_left(
                        coord_head.unwrap_or(h.first),
                        lo,
                        heads,
                        &[],
                        stops,
                        true,
                    );
                    let sp = match left {
                        Some(Subj::Ents(v)) => v.last().copied(),
                        _ => (h.last + 1..(h.last + 6).min(hi)).find_map(|j| {
                            self.ent_of(j).filter(|&k| {
                                self.is_actor(k) && self.prep_before(self.ent_first[k], s0) == 0
                            })
                        }),
                    };
                    if let Some(k) = sp {
                        speakers.push(k);
                        speaker_pos.push((h.first, k));
                        speech_end.push((h.last, k));
                    } else if unnamed.is_none() {
                        // "State television said ...": an unnamed speaker opening the clause;
                        // "Russia's defense ministry said ...": with its owner's country
                        let owner = self.possessor_before(j, lo).unwrap_or(j);
                        if owner == lo || owner == s0 {
                            unnamed = self.unnamed_source(owner, h.first);
                        }
                    }
                }
            }
        }
        // "X ha riferito oggi che …", "police said on Thursday they had …": a time next to a
        // speech cue dates the report, not what is reported after it (last cue token, time)
        let speech_times: Vec<(usize, Span)> = att_hits
            .iter()
            .filter(|h| self.rules.attrib_kind[h.id] == AttribKind::Speech)
            .flat_map(|h| {
                sent_times
                    .iter()
                    .copied()
                    .filter(move |t| {
                        let i = self.tokens.partition_point(|x| x.span.start < t.start);
                        let j = self.tokens.partition_point(|x| x.span.start < t.end);
                        i == h.last + 1 || j == h.first
                    })
                    .map(move |t| (h.last, t))
            })
            .collect();
        // A news agency or outlet among the speakers is the reporter; else the first speaker.
        let reporter = speakers
            .iter()
            .copied()
            .find(|&k| self.entity(k).kind == EntityKind::Media)
            .or_else(|| speakers.first().copied());
        let sentence_attr = according
            .or(reporter)
            .map(|k| self.attribution(k))
            .or(unnamed)
            .or_else(|| carried.clone());
        if according.is_some() && self.doc.text[sent.range()].trim_end().ends_with(':') {
            *carried = sentence_attr.clone();
        }
        // A dateline ("BEIRUT -", "KIEV, 1 MAR -") names where the report was filed.
        let dateline = self.ent_of(s0).filter(|&k| {
            let t = &self.entity(k).text;
            let next = self.ent_last[k] + 1;
            t.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !t.chars().any(|c| c.is_lowercase())
                && next < s1
                && matches!(self.word(next), "-" | "," | "\u{2014}" | "\u{2013}")
        });
        let not_participant =
            |k: usize| Some(k) == according || speakers.contains(&k) || Some(k) == dateline;

        let mut found: Vec<Found> = Vec::new();
        let mut absorbed = TokenSet::default();
        for &h in chosen.iter() {
            let entry = &self.rules.entries[h.id];
            let Some(event_type) = &entry.event_type else {
                continue;
            };
            let (lo, hi) = clause(h.first);
            // ", accusa respinta da Parigi", ", accuse che Mosca nega": a bare noun set off by a
            // comma after an event of its own type restates that event (and heads what is said
            // of it), no second event. A form that is also a verb ("accusa") is read so when
            // another verb or a relative pronoun follows it at once.
            let restating = !h.verb
                || (h.first + 1 < s1
                    && (heads.contains(&(h.first + 1))
                        || self.role_at(h.first + 1) & role::RELATIVE != 0));
            if restating && h.first > s0 {
                let mut b = h.first;
                while b > s0 && self.role_at(b - 1) & role::ARTICLE != 0 {
                    b -= 1;
                }
                if b > s0
                    && self.is_comma(b - 1)
                    && found
                        .iter()
                        .any(|f| f.event_type == *event_type && f.hit.last + 1 < b)
                {
                    continue;
                }
            }
            // A noun governed by a preposition refers to an event as a frame ("durante la
            // telefonata", "a sostegno di"), unless its own actor follows ("la visita di Putin").
            if !h.verb && absorbed.contains(&h.first) {
                continue;
            }
            // "ha annunciato per domani esercitazioni congiunte": a preposition before a time
            // governs the time, not the noun after it (a time inside the noun phrase, "a
            // Christmas ceasefire", is a modifier)
            let time_governed = !h.verb && h.first > s0 && in_time(h.first - 1) && {
                let mut t = h.first - 1;
                while t > s0 && in_time(t - 1) {
                    t -= 1;
                }
                t > s0 && self.role_at(t - 1) & role::ARTICLE == 0
            };
            if !h.verb
                && !time_governed
                && self.noun_governed(h.first, s0)
                && !self.genitive_actor_after(h.last, hi)
                && !self.own_event_after_prep(h.first, h.last, s0, hi)
            {
                continue;
            }
            let passive = h.verb
                && !entry.flags.intr
                && matches!(h.tag, Some(Tag::Part))
                // a reflexive clitic makes a pronominal verb ("si sono ritirati dall'accordo")
                && !(h.first.saturating_sub(3).max(lo)..h.first)
                    .any(|j| self.role_at(j) & role::REFLEXIVE != 0)
                // an auxiliary inside a name is no auxiliary ("gli Stati Uniti hanno escluso")
                && ((h.first.saturating_sub(3).max(lo)..h.first).any(|j| {
                    self.ent_of(j).is_none()
                        && self.role_at(j) & role::PASSIVE_AUX != 0
                })
                    || (h.first + 1 < hi
                        && self.role_at(h.first + 1) & role::AGENT != 0));
            let infinitive = h.verb && matches!(h.tag, Some(Tag::Inf) | Some(Tag::Clitic));
            if self.participle_modifier(&h, entry, lo, hi) {
                continue;
            }
            let mut accuse_src: Vec<usize> = Vec::new();
            // An infinitive complement ("accettato di inviare", "si appresta a incontrare … per
            // discutere") belongs to the trigger that governs it.
            let governor = if infinitive {
                self.governor(&h, &found, event_type, s0)
                    .or_else(|| self.accused_of(&h, &found, lo))
            } else {
                None
            };
            // "… and warned", "… e ha fornito": a coordinated verb phrase shares the subject of
            // the sentence's first verb (or speaker)
            let mut coord_at = h.first;
            while coord_at > lo && self.role_at(coord_at - 1) & role::AUX != 0 {
                coord_at -= 1;
            }
            // "… and seized" with no comma before the "and": coordinated inside the clause it
            // continues, not with the sentence's first verb
            let tight_coord = h.verb
                && coord_at > lo + 1
                && self.role_at(coord_at - 1) & role::COORD != 0
                && !self.is_comma(coord_at - 1)
                && !self.is_comma(coord_at - 2);
            let vp_coord = h.verb && {
                let b = coord_at;
                (b > lo && self.role_at(b - 1) & role::COORD != 0 && !self.is_comma(b - 1))
                    // "X said …, but warned that …", "ma ha avvertito": a verb right after a
                    // clause-opening word has no subject of its own, so it shares the sentence's
                    || (b > s0
                        && b <= lo + 1
                        && self.role_at(b - 1) & role::BOUNDARY != 0
                        && self.tokens[b - 1].kind == TokenKind::Word)
            };
            let first_subject = found
                .iter()
                .filter(|f| f.hit.verb && !f.source.is_empty())
                .map(|f| (f.hit.first, f.source.clone()))
                .chain(speaker_pos.iter().map(|&(p, k)| (p, vec![k])))
                .filter(|(p, _)| *p < h.first)
                // "X hanno sparato, mentre Tokyo ha denunciato … e ha presentato": a subject in
                // the coordinated verb's own clause comes before those of earlier clauses
                .min_by_key(|(p, _)| (*p < lo, *p))
                .map(|(_, v)| v);
            // "…, senza escludere l'uso della forza", "without waiting for": an infinitive after
            // the event preposition is, like a gerund, an act of the sentence's subject
            let gerund = h.verb
                && (matches!(h.tag, Some(Tag::Ger) | Some(Tag::Ing))
                    || (infinitive && self.after_event_prep(h.first, lo)));
            // …but in reported speech ("the governor said a Russian bomb hit the city, injuring
            // 40") the gerund continues the reported clause: its subject is that of the first
            // verb after the last speech cue, not the speaker's
            let last_cue = speaker_pos
                .iter()
                .map(|&(p, _)| p)
                .filter(|&p| p < h.first)
                .max();
            let reported_subject = last_cue.and_then(|c| {
                found
                    .iter()
                    .filter(|f| {
                        f.hit.verb
                            && !f.source.is_empty()
                            && f.hit.first > c
                            && f.hit.first < h.first
                    })
                    .min_by_key(|f| f.hit.first)
                    .map(|f| f.source.clone())
            });
            // in reported speech a verb coordinated without a comma ("the coast guard said
            // sailors boarded a ship and seized its cargo", "ha detto che i soldati sono entrati
            // e hanno sequestrato") shares the reported clause's subject; a speech verb, or one
            // after ", and", stays the speaker's ("X said …, and warned …")
            let speech_verb = att_hits
                .iter()
                .any(|a| a.first <= h.first && a.last >= h.first);
            // (the reported clause's verb may be no trigger: "boarded a ship and seized …" then
            // takes the first actor the report names after the cue, not the speaker)
            let reported_actor = || {
                let c = last_cue?;
                (c + 1..coord_at).find_map(|j| {
                    self.ent_of(j).filter(|&k| {
                        self.is_actor(k)
                            && !speakers.contains(&k)
                            && self.entity(k).country.is_some()
                    })
                })
            };
            // a verbal act ("… and warned Moscow", "e ha chiesto") is the speaker's next
            // statement; the reported clause goes on with deeds
            let verbal = matches!(
                event_type.as_str(),
                "ACCUSE" | "THREATEN" | "REQUEST" | "REJECT" | "SUPPORT" | "CONCEDE" | "AGREE"
            );
            let coord_subject = if tight_coord && !speech_verb && !verbal {
                reported_subject
                    .clone()
                    .or_else(|| reported_actor().map(|k| vec![k]))
                    .or_else(|| first_subject.clone())
            } else {
                first_subject.clone()
            };
            let subj = match (vp_coord, coord_subject) {
                (true, Some(v)) => Some(Subj::Ents(v)),
                _ => self.subject_left(h.first, lo, heads, &found, stops, h.verb),
            };
            // a gerund clause ("…, accusando Minsk") has the subject of its sentence; after a
            // comma it is that subject's act even when an actor stands nearer (the object of
            // the main verb: "ha incontrato Tsai, promettendo …", "fired on protesters, killing")
            let after_comma =
                (h.first.saturating_sub(2).max(lo)..h.first).any(|j| self.is_comma(j));
            let first_subject = if gerund {
                reported_subject.or(first_subject)
            } else {
                first_subject
            };
            // "dopo essere stati fermati dagli agenti", "after being detained by police": a
            // passive governed by a preposition has the sentence's subject as its patient
            let governed_passive = passive && self.governed_passive(h.first, s0);
            let sentence_subject = first_subject.clone().filter(|_| governed_passive);
            let subj = match (subj, gerund, first_subject) {
                (None, true, Some(v)) => Some(Subj::Ents(v)),
                (_, true, Some(v)) if after_comma => Some(Subj::Ents(v)),
                (s, _, _) => s,
            };
            let mut subject: Vec<usize> = match subj {
                Some(Subj::Ents(v)) => v,
                Some(Subj::Inherit(i)) => found[i].source.clone(),
                None => Vec::new(),
            };
            if let Some(v) = sentence_subject {
                subject = v;
            }
            // "ha detto che ricorrerà alla Corte", "said he would not sign
            // the deal": a complement clause with no subject of its own goes on about its speaker
            if h.verb && !gerund {
                if let Some(k) = self.reported_speaker(h.first, &speech_end, cues, &in_time) {
                    // ("Japan and India said they would …": every speaker coordinated)
                    subject = self.coordinated(k, s0, self.ent_last[k] + 1, true, stops);
                }
            }
            // (whether the subject is the speaker announcing the noun: an agent after it wins)
            let mut announced = false;
            // A noun takes a subject from the left only when the actor stands right before it
            // ("Russian strikes", "Kiev talks"); otherwise the actor belongs to another clause.
            if !h.verb {
                if let Some(&last) = subject.last() {
                    let gap = (self.ent_last[last] + 1..h.first)
                        .filter(|&j| {
                            let w = self.word(j);
                            self.role_at(j) & role::ARTICLE == 0
                                && w != "'s"
                                && w != "'"
                                && w != "s"
                                && !is_quote(w)
                        })
                        .count();
                    // "Niger, ultimatum dell'Ecowas ai golpisti": a headline's topic set off
                    // by punctuation is no subject of a noun whose own actor follows it
                    let punct = (self.ent_last[last] + 1..h.first).any(|j| {
                        self.tokens[j].kind == TokenKind::Punct
                            && !matches!(self.word(j), "'" | "'s" | "\u{2019}")
                            && !is_quote(self.word(j))
                    }) && self.genitive_actor_after(h.last, hi);
                    if gap > 1 || punct {
                        subject.clear();
                    }
                }
                // a noun that is what a speaker announces is the speaker's act ("Maduro ha
                // annunciato la rottura delle relazioni", "announced sanctions")
                // ("The United States announced on Friday a new $3.75 billion military aid
                // package"): between the cue and the noun only its time, articles, numbers and
                // plain modifiers, no actor, other trigger, clause word or punctuation
                if subject.is_empty() {
                    let modifier = |j: usize| {
                        let r = self.role_at(j);
                        self.ent_of(j).is_none()
                            && !all_heads.contains(&j)
                            && (in_time(j)
                                || r & role::ARTICLE != 0
                            // "ha annunciato per domani esercitazioni": a preposition
                            // governing the time
                            || (r & role::PREPS != 0 && in_time(j + 1))
                                || r == 0
                                    && (self.tokens[j].kind != TokenKind::Punct
                                        || is_quote(self.word(j))
                                        || matches!(self.word(j), "$" | "€" | "£")))
                    };
                    if let Some(&(_, k)) = speech_end.iter().find(|&&(e, _)| {
                        e < h.first && h.first - e <= 10 && (e + 1..h.first).all(modifier)
                    }) {
                        subject.push(k);
                        announced = true;
                    }
                }
            }
            subject.retain(|&k| Some(k) != according && Some(k) != dateline);
            // "She also suspended …", "Ha inoltre sospeso …": a sentence opening with its verb,
            // only a subject pronoun, auxiliaries and continuing adverbs before it, goes on
            // about the subject of the sentence right before
            if subject.is_empty() && h.verb && !passive && !infinitive && !gerund {
                subject = self.continued_subject(s0, h.first, sent, &events[..first_event]);
            }
            // "X said Y was responsible": the accused is the clause's subject, the accuser the speaker
            if entry.flags.accuse_subject {
                if let Some(&sp) = speaker_pos
                    .iter()
                    .rev()
                    .filter(|(p, _)| *p < h.first)
                    .map(|(_, k)| k)
                    .next()
                {
                    accuse_src = vec![sp];
                }
            }
            // Objects after the trigger.
            let mut target: Vec<usize> = Vec::new();
            let mut agent: Vec<usize> = Vec::new();
            let mut genitive: Vec<usize> = Vec::new();
            let mut between: Vec<usize> = Vec::new();
            let mut from_agent: Vec<usize> = Vec::new();
            let mut allies: Vec<usize> = Vec::new();
            let mut agent_open = false;
            // "ha consegnato ai mediatori i soldati catturati", "extradited the suspect to Spain":
            // a transfer of people names the one handed over and, after "a"/"to", who receives
            // them; a release is done to those released (the receiver only mediates), an
            // extradition is cooperation with the receiving state
            let release = entry.mode.as_deref() == Some("release");
            let handover = h.verb && (release || event_type == "COOPERATE");
            let mut recipient: Vec<usize> = Vec::new();
            let mut passed_nouns: Vec<usize> = Vec::new();
            // "ha condannato l'attacco": the event noun that is the object, right after
            let mut object_event: Option<usize> = None;
            // "i bombardamenti russi su Kharkiv": a demonym adjective right after a noun trigger
            // names who acts, as a possessive would ("Russian strikes")
            let mut adjective_src: Vec<usize> = Vec::new();
            let mut j = h.first + 1;
            // (the receiver of a transfer may come after a long appositive on the person handed
            // over: "extradited X, the leader of …, to Spain": the whole clause is read)
            let end = if handover {
                hi
            } else {
                hi.min(h.last.max(h.first) + 20)
            };
            while j < end {
                if j > h.last && heads.contains(&j) {
                    break;
                }
                if j > h.first && all_heads.contains(&j) {
                    // a noun trigger in the object whose actor follows through "di"/"of"
                    // ("chiesto … il ritiro delle truppe russe") is the content of this event;
                    // any other ("condemned the attack on Kyiv") is an event of its own
                    if h.verb && self.genitive_actor_after(j, hi) {
                        passed_nouns.push(j);
                    } else {
                        if h.verb && (h.last + 1..j).all(|i| self.role_at(i) & role::ARTICLE != 0) {
                            object_event = Some(j);
                        }
                        break;
                    }
                }
                // ", and …" / ", e …" / "; " starts another clause
                if j > h.last
                    && self.is_comma(j)
                    && j + 1 < end
                    && self.role_at(j + 1) & (role::COORD | role::BOUNDARY) != 0
                {
                    break;
                }
                if passive && j > h.last && self.role_at(j) & role::AGENT != 0 {
                    agent_open = true;
                }
                if let Some(k) = self.ent_of(j) {
                    let f = self.ent_first[k];
                    // "approvata dal governo del premier X": an actor owning the one before
                    // it through "di"/"of" belongs to that actor's phrase, no side of its own;
                    // "Trump withdrew the United States from the deal with Iran": the subject's
                    // own country is what it acts for, not whom it acts on
                    if not_participant(k)
                        || self.owner_of_actor(f, h.last + 1)
                        || (!passive && self.own_country(k, &subject))
                    {
                        j = self.ent_last[k] + 1;
                        continue;
                    }
                    let prep = self.prep_before(f, h.first);
                    // "il raid nel sud del Mali contro i campi dello Jnim": after a noun
                    // trigger, an actor reached through "di"/"of" from a phrase another
                    // preposition governs takes that preposition's part (a place, a target)
                    let prep = match (h.verb, prep & role::GENITIVE != 0) {
                        (false, true) => self.outer_prep(f, h.last + 1).unwrap_or(prep),
                        _ => prep,
                    };
                    let place = self.is_place(k, prep);
                    // a place is a participant as a direct object ("bombed Gaza") or, for
                    // transfers and visits, as the destination ("inviato in Russia")
                    // or after "on"/"against"/"contro" ("strikes on Kharkiv")
                    let dest_ok = prep == 0
                        || (prep & role::AGAINST != 0 && prep & role::LOCATIVE == 0)
                        || entry.flags.dest
                            && prep & (role::LOCATIVE | role::TARGET | role::GENITIVE) != 0
                            && self.entity(k).country.is_some();
                    // an actor followed by an auxiliary is the subject of the next clause
                    // ("… un accordo e Pyongyang ha fornito …")
                    let next = self.ent_last[k] + 1;
                    let after_coord = {
                        let mut b = f;
                        while b > h.first + 1 && self.role_at(b - 1) & role::ARTICLE != 0 {
                            b -= 1;
                        }
                        b > h.first + 1 && self.role_at(b - 1) & role::COORD != 0
                    };
                    let subject_of_next = prep == 0
                        && after_coord
                        && next < hi
                        && (self.role_at(next) & role::AUX != 0 || heads.contains(&next));
                    if subject_of_next && j > h.last {
                        break;
                    }
                    if !h.verb
                        && f == h.last + 1
                        && prep == 0
                        && adjective_src.is_empty()
                        && self.entity(k).kind == EntityKind::Country
                        && self.entity(k).text.starts_with(char::is_lowercase)
                    {
                        adjective_src.push(k);
                    } else if entry.flags.withally && prep & role::WITH != 0 {
                        if allies.is_empty() {
                            allies = self.coordinated(k, j, end, false, stops);
                        }
                    } else if place && !dest_ok {
                        // a location, not a participant
                    } else if prep & role::AGENT != 0 || (agent_open && agent.is_empty()) {
                        if passive && agent.is_empty() {
                            agent = self.coordinated(k, j, end, false, stops);
                        } else if from_agent.is_empty() {
                            from_agent = self.coordinated(k, j, end, false, stops);
                        }
                    } else if prep & role::BETWEEN != 0 {
                        if between.is_empty() {
                            between = self.coordinated(k, j, end, false, stops);
                        }
                    } else if prep & role::GENITIVE != 0 && !h.verb {
                        if genitive.is_empty() {
                            genitive = self.coordinated(k, j, end, false, stops);
                        }
                    } else if handover && prep & role::TARGET != 0 && prep & role::LOCATIVE == 0 {
                        if recipient.is_empty() {
                            recipient = self.coordinated(k, j, end, false, stops);
                        }
                    } else if target.is_empty() {
                        target = self.coordinated(k, j, end, false, stops);
                    }
                    j = self.ent_last[k] + 1;
                    continue;
                }
                j += 1;
            }
            if subject.is_empty() {
                subject = adjective_src;
            }
            if !recipient.is_empty() && (!release || target.is_empty()) {
                target = recipient;
            }
            // "an arrest warrant issued by the court", "l'attacco compiuto dai ribelli": the
            // agent of a participle on a noun trigger is the noun's actor
            if !h.verb && (subject.is_empty() || announced) && !from_agent.is_empty() {
                subject = std::mem::take(&mut from_agent);
            }
            if target.is_empty() && !passive {
                // "il coraggio mostrato dalle truppe": the actor of a participial phrase
                target = from_agent;
            }
            // "che gli ha contestato il reato", "gli ha chiesto" (a clitic right before
            // the auxiliary), "accused him of" (a pronoun right after the verb, no noun after
            // it): the object is an actor named before; "dismissed her appeal": the owner of
            // the object is, when the clause names no one
            if h.verb && !passive {
                let obj = role::OBJ_PRONOUN;
                let free = |j: usize| self.ent_of(j).is_none();
                let after = h.last + 1;
                // (an article may open the phrase; a person's object aimed at by a body: "the
                // court dismissed her appeal"; a person's own "his" is most often the subject's)
                let pa = if after < hi
                    && self.role_at(after) & role::ARTICLE != 0
                    && self.role_at(after) & role::POSSESSIVE == 0
                {
                    after + 1
                } else {
                    after
                };
                let possessive = (target.is_empty()
                    && pa + 1 < hi
                    && free(pa)
                    && free(pa + 1)
                    && self.role_at(pa) & role::POSSESSIVE != 0
                    && self.pronoun_marks(pa) & role::PERSON_PRONOUN != 0
                    && !subject
                        .iter()
                        .any(|&k| self.entity(k).kind == EntityKind::Person)
                    && self.tokens[pa + 1].kind == TokenKind::Word
                    && self.role_at(pa + 1) == 0)
                    .then_some(pa);
                let pronoun = if coord_at > lo
                    && coord_at < h.first
                    && free(coord_at - 1)
                    && self.pronoun_marks(coord_at - 1) & obj != 0
                {
                    Some((coord_at - 1, false))
                } else if after < hi
                    && free(after)
                    && self.pronoun_marks(after) & obj != 0
                    && (after + 1 >= hi
                        || (free(after + 1)
                            && (self.tokens[after + 1].kind == TokenKind::Punct
                                || self.role_at(after + 1) & !role::ARTICLE != 0)))
                {
                    Some((after, self.pronoun_marks(after) & role::PERSON_PRONOUN != 0))
                } else {
                    possessive.map(|pa| (pa, true))
                };
                if let Some((p, person)) = pronoun {
                    if let Some(k) = self.pronoun_antecedent(p, &subject, person) {
                        target = vec![k];
                    }
                }
            }
            if let Some(&t0) = target.first() {
                let t0 = self.ent_first[t0];
                absorbed.extend(passed_nouns.iter().filter(|&&n| n < t0));
            }
            let mut source;
            if passive {
                source = agent;
                if subject.is_empty() {
                    subject = std::mem::take(&mut target);
                }
                target = subject;
            } else {
                source = subject;
            }
            if !accuse_src.is_empty() {
                target = std::mem::take(&mut source);
                source = accuse_src;
            } else if entry.flags.accuse_subject
                && found
                    .iter()
                    .any(|f| f.event_type == *event_type && f.hit.last < h.first)
            {
                // "China warned the United States would pay a price": the content of the
                // threat (or accusation) just made, no second event
                continue;
            } else if entry.flags.accuse_subject && !passive && !source.is_empty() {
                // no speaker named ("Washington would pay a price", said by an official the actor
                // stage could not place): the subject is still the one accused or threatened;
                // the accuser is the latest actor of another country the sentence names before
                // ("China reacted angrily, with a spokesman saying …"), else left to the discourse
                target = std::mem::take(&mut source);
                let accused: Vec<&str> = target
                    .iter()
                    .filter_map(|&k| self.entity(k).country.as_deref())
                    .collect();
                if let Some(k) = (s0..h.first)
                    .rev()
                    .filter_map(|j| self.ent_of(j))
                    .find(|&k| {
                        self.is_actor(k)
                            && !target.contains(&k)
                            && self
                                .entity(k)
                                .country
                                .as_deref()
                                .is_some_and(|c| !accused.contains(&c))
                    })
                {
                    source = vec![k];
                }
            }
            if !genitive.is_empty() {
                if entry.flags.ofsrc && source.is_empty() {
                    source = genitive;
                } else if target.is_empty() {
                    target = genitive;
                }
            }
            if !between.is_empty() {
                if source.is_empty() {
                    source = vec![between[0]];
                    target = between[1..].to_vec();
                } else if target.is_empty() {
                    target = between;
                }
            }
            source.extend(
                allies
                    .iter()
                    .filter(|k| !source.contains(k))
                    .copied()
                    .collect::<Vec<_>>(),
            );
            let mut source = self.expand_pairs(source);
            let mut target = self.expand_pairs(target);
            if entry.flags.recip && target.is_empty() && source.len() >= 2 {
                target = source.split_off(1);
            }
            // "X said the islands were not for sale": a refusal said as a predicate of the
            // thing refused is the speaker's act; the thing, when it is an actor (a country, a
            // territory's people), is what the refusal is about, re-aimed at the claimant once
            // the document is coded ([`Ctx::aim_refusals`])
            // (a speaker named after it, "'the island is ours,' the premier said", when none
            // is before it)
            let predicate_refusal = entry.flags.refusal && !h.verb || entry.flags.claim;
            if predicate_refusal {
                let speaker = speaker_pos
                    .iter()
                    .filter(|&&(p, _)| p < h.first)
                    .max_by_key(|&&(p, _)| p)
                    .or_else(|| {
                        speaker_pos
                            .iter()
                            .filter(|&&(p, _)| p > h.last)
                            .min_by_key(|&&(p, _)| p)
                    })
                    .map(|&(_, k)| k);
                if let Some(k) = speaker.filter(|k| !source.contains(k)) {
                    target.extend(source.drain(..).filter(|&j| j != k));
                    source.push(k);
                }
            }
            if entry.flags.recip && source.is_empty() && target.len() >= 2 {
                source = vec![target.remove(0)];
            }
            target.retain(|k| !source.contains(k));
            // "would send FBI officials to Port-au-Prince", "invierà i suoi esperti a Kiev": a
            // transfer whose object is the source's own people (every target of the source's
            // country) is aimed at where they are sent, a place or country of another country
            // after a locative or recipient preposition in the clause
            if entry.flags.dest && h.verb && !passive && !target.is_empty() {
                let own: Vec<&str> = source
                    .iter()
                    .filter_map(|&k| self.actor_country(k))
                    .collect();
                let all_own = !own.is_empty()
                    && target
                        .iter()
                        .all(|&k| self.actor_country(k).is_some_and(|c| own.contains(&c)));
                if all_own {
                    let mut j = h.last + 1;
                    while j < hi {
                        let Some(k) = self.ent_of(j) else {
                            j += 1;
                            continue;
                        };
                        let prep = self.prep_before(self.ent_first[k], h.last + 1);
                        let other = self
                            .entity(k)
                            .country
                            .as_deref()
                            .is_some_and(|c| !own.contains(&c));
                        if other && prep & (role::LOCATIVE | role::TARGET) != 0 {
                            target = vec![k];
                            break;
                        }
                        j = self.ent_last[k] + 1;
                    }
                }
            }
            // "ha riconosciuto le responsabilità della Francia" (by Macron): a country of the
            // source's own modifying the object is what the act is about; whom it is aimed at
            // is left to the discourse
            if !entry.flags.needobj && self.reflexive_target(&source, &target) {
                target.clear();
            }
            // ", an allegation Moscow denies", ", una proposta che il governo ha respinto": a
            // relative clause on a noun set in apposition to what the sentence said before has
            // that statement as object, so its author (the first subject or speaker before the
            // comma) is the target; the noun itself, with no subject of its own, is the author's
            if !passive && governor.is_none() {
                let author = |comma: usize| -> Option<Vec<usize>> {
                    found
                        .iter()
                        .filter(|f| !f.source.is_empty())
                        .map(|f| (f.hit.first, f.source.clone()))
                        .chain(speaker_pos.iter().map(|&(p, k)| (p, vec![k])))
                        .filter(|(p, _)| *p < comma && *p >= s0)
                        .min_by_key(|(p, _)| *p)
                        .map(|(_, v)| v)
                };
                if h.verb && target.is_empty() && !source.is_empty() {
                    let f = source
                        .iter()
                        .map(|&k| self.ent_first[k])
                        .min()
                        .unwrap_or(h.first);
                    if f < h.first {
                        if let Some(v) = self.apposition_comma(f, s0).and_then(author) {
                            target = v.into_iter().filter(|k| !source.contains(k)).collect();
                        }
                    }
                } else if !h.verb && source.is_empty() {
                    if let Some(v) = self.apposition_comma(h.first + 1, s0).and_then(author) {
                        source = v.into_iter().filter(|k| !target.contains(k)).collect();
                    }
                }
            }
            // "demanded that China return the rifles", "ha chiesto che la Russia ritiri le
            // truppe": what a demand asks for has not happened; the verb of its complement
            // clause (no comma or clause word between) is the request's content, and its
            // subject the one asked
            if h.verb {
                let content_of = found.iter().rev().find(|f| {
                    f.event_type == "REQUEST"
                        && f.hit.last < h.first
                        && h.first - f.hit.last <= 12
                        && ((f.hit.last + 1..h.first).any(|j| self.role_at(j) & role::RELATIVE != 0)
                            // a headline drops the "that": "demands China return the rifles"
                            || (f.hit.last + 1..h.first).any(|j| self.ent_of(j).is_some())
                                && (f.hit.last + 1..h.first).all(|j| {
                                    self.ent_of(j).is_some()
                                        || self.role_at(j) & role::ARTICLE != 0
                                }))
                        && !(f.hit.last + 1..h.first)
                            .any(|j| self.is_comma(j) || self.role_at(j) & role::BOUNDARY != 0)
                });
                if let Some(f) = content_of {
                    let ev = &mut events[f.event];
                    if ev.target.is_empty() {
                        ev.target = source.iter().map(|&k| self.actor(k)).collect();
                    }
                    continue;
                }
            }
            // "i talebani hanno condannato l'attacco": the author of the event the object names
            if target.is_empty() && !source.is_empty() {
                if let Some(t) = object_event.and_then(head_type) {
                    target = self.author_of(t, &source, events);
                }
            }
            // one actor on both sides (a nominal trigger whose "di" actor was read as its agent
            // and its object, "la richiesta della Procura"; two mentions of one name, "i
            // carabinieri … dei carabinieri") acts on no one named: it stays the source and the
            // target is left to the discourse, never a self-loop
            target.retain(|&k| {
                let t = self.entity(k);
                !source.iter().any(|&s| {
                    let e = self.entity(s);
                    s == k || (e.country == t.country && e.text.eq_ignore_ascii_case(&t.text))
                })
            });
            if let Some(g) = governor {
                // the complement's participants, amount and place complete its governor's event
                let part = self.build(
                    &h,
                    entry,
                    event_type,
                    &source,
                    &target,
                    (lo, hi),
                    sent,
                    cues,
                    &sentence_attr,
                    &speakers,
                    &speech_times,
                );
                let ev = &mut events[found[g].event];
                if ev.target.is_empty() {
                    ev.target = part.target;
                }
                if ev.source.is_empty() {
                    ev.source = part.source;
                }
                if ev.quantity.is_none() {
                    ev.quantity = part.quantity;
                }
                if ev.location.is_none() {
                    ev.location = part.location;
                }
                continue;
            }
            let has_country = source.iter().chain(&target).any(|&k| {
                let e = self.entity(k);
                e.country.is_some()
                    || e.coref
                        .and_then(|c| self.entities.get(c))
                        .is_some_and(|c| c.country.is_some())
            });
            // A person, organisation or group the actor stage could not place is, in a news
            // article, most often of the article's own country: kept when sides are inferred
            // (its country is filled in `implicit_sides`, marked), dropped otherwise.
            let unplaced = self.infer
                && self.focus.is_some()
                && source.iter().chain(&target).any(|&k| {
                    matches!(
                        self.entity(k).kind,
                        EntityKind::Person | EntityKind::Org | EntityKind::Group
                    )
                });
            if !has_country && !unplaced {
                continue;
            }
            if entry.flags.needobj && target.is_empty() {
                continue;
            }
            let ev = self.build(
                &h,
                entry,
                event_type,
                &source,
                &target,
                (lo, hi),
                sent,
                cues,
                &sentence_attr,
                &speakers,
                &speech_times,
            );
            let mut ev = ev;
            if !self.retype(&mut ev, &h, entry, cues) {
                continue;
            }
            // what an accusation says the accused did is reported by the accuser ("Hamas ha
            // accusato i soldati israeliani di aver aperto il fuoco"); a rejection of it ("accusa
            // respinta da Parigi") is the rejecter's own act
            if ev.attribution.is_none() && event_type != "ACCUSE" && event_type != "REJECT" {
                if let Some(f) = found.iter().rev().find(|f| {
                    f.event_type == "ACCUSE" && f.hit.last < h.first && !f.source.is_empty()
                }) {
                    let a = self.attribution(f.source[0]);
                    if !ev.source.iter().any(|e| e.span == a.span) {
                        ev.attribution = Some(a);
                    }
                }
            }
            if predicate_refusal && ev.event_type == "REJECT" {
                self.refusals.borrow_mut().push(events.len());
            }
            if entry.flags.rebut && ev.event_type == "REJECT" && ev.target.is_empty() {
                self.rebuttals.borrow_mut().push(events.len());
            }
            if entry.flags.answer && ev.event_type == "REJECT" && ev.target.is_empty() {
                self.answers.borrow_mut().push(events.len());
            }
            events.push(ev);
            found.push(Found {
                hit: h,
                source,
                event: events.len() - 1,
                event_type: event_type.clone(),
            });
        }
        self.place_unnamed_groups(s0, s1, sent, &mut events[first_event..]);
        place_victims(sent, &mut events[first_event..]);
    }

    /// "In Brussels, … police fired water cannon", "A Zvecan i manifestanti …": a sentence that
    /// opens by setting the scene in a place of known country makes the unnamed groups and bare
    /// institution nouns in it ("police", "lawmakers", "i manifestanti") that country's, whose
    /// country the earlier stages could only guess from the article as a whole.
    fn place_unnamed_groups(&self, s0: usize, s1: usize, sent: Span, events: &mut [Event]) {
        if events.is_empty() || s0 + 1 >= s1 || self.role_at(s0) & role::LOCATIVE == 0 {
            return;
        }
        let mut j = s0 + 1;
        while j < s1 && self.role_at(j) & role::ARTICLE != 0 {
            j += 1;
        }
        let Some(k) = (j < self.ent_cover.len()).then(|| self.ent_of(j)).flatten() else {
            return;
        };
        let place = self.entity(k);
        if self.ent_first[k] != j
            || !matches!(place.kind, EntityKind::Place | EntityKind::Country)
            || self.dateline == Some(k)
        {
            return;
        }
        let Some(scene) = place.country.as_deref() else {
            return;
        };
        for e in events
            .iter_mut()
            .flat_map(|ev| ev.source.iter_mut().chain(ev.target.iter_mut()))
        {
            let guessed = e.note.as_deref().is_some_and(|n| {
                n.starts_with("bare institution noun") || n.starts_with(UNNAMED_GROUP_NOTE)
            });
            if guessed && sent.contains(e.span) && e.country.as_deref() != Some(scene) {
                e.country = Some(scene.to_string());
                e.note = Some(format!(
                    "events: unnamed group of the place the sentence opens with ({})",
                    place.text
                ));
            }
        }
    }
}

/// "I bombardamenti russi su Kharkiv hanno ucciso 11 civili", "strikes on Homs killed 14
/// people": the unnamed group an act falls on (its target, whose country the earlier stages
/// only guessed from the article as a whole) is of the place the sentence says the act happened
/// in, not of the article's main country, which is as often the attacker's.
fn place_victims(sent: Span, events: &mut [Event]) {
    for ev in events.iter_mut() {
        let Some(scene) = ev
            .location
            .as_ref()
            .filter(|l| sent.contains(l.span))
            .and_then(|l| l.country.clone())
        else {
            continue;
        };
        for e in ev.target.iter_mut() {
            let guessed = e
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with(UNNAMED_GROUP_NOTE));
            if guessed && sent.contains(e.span) && e.country.as_deref() != Some(scene.as_str()) {
                e.country = Some(scene.clone());
                e.note = Some("events: unnamed group of the place the act happened in".into());
            }
        }
    }
}

impl Ctx<'_> {
    /// The speaker's phrase after a speech cue set off from its report by a comma or closing
    /// quote (", ha riferito la presidenza", "», said the ministry"), as a token range: it opens
    /// with an article, a name or a capitalised title and runs to the next comma, clause word
    /// or verb. `None` when the cue is not set off so, or opens a clause of its own ("ha detto
    /// che …", "said on Monday that …", ", said they would …").
    fn inverted_speaker(
        &self,
        h: &Hit,
        s0: usize,
        s1: usize,
        in_time: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let mut b = h.first;
        while b > s0 && self.ent_of(b - 1).is_none() && self.role_at(b - 1) & role::AUX != 0 {
            b -= 1;
        }
        if b <= s0 || !matches!(self.word(b - 1), "," | "»" | "\u{201d}" | "\"") {
            return None;
        }
        let mut a = h.last + 1;
        while a < s1 && in_time(a) {
            a += 1;
        }
        if a >= s1 {
            return None;
        }
        let opens = self.ent_of(a).is_some()
            || self.role_at(a) & role::ARTICLE != 0
            || self.doc.text[self.tokens[a].span.range()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
        let stop = role::AUX | role::PASSIVE_AUX | role::PRONOUN | role::PREPS;
        if !opens || self.ent_of(a).is_none() && self.role_at(a) & stop != 0 {
            return None;
        }
        let mut e = a;
        while e < s1.min(a + 8)
            && self.phrase_word(e)
            && !in_time(e)
            && (self.ent_of(e).is_some()
                || self.role_at(e) & (role::AUX | role::PASSIVE_AUX | role::PRONOUN) == 0)
        {
            e += 1;
        }
        // the phrase ends the clause: at the sentence's end or a comma, not before an object
        let ends = e >= s1 || !self.phrase_word(e) || in_time(e);
        (e > a && ends).then_some((a, e))
    }

    /// Whether the preposition governing the noun at `first` leaves it an event of its own: an
    /// "event-prep" ("ended without a deal", "senza un accordo": a negated event, not the frame
    /// of this clause's; "after the talks" stays a frame: the event it names is told elsewhere),
    /// "di"/"of" after a count or measure noun ("two days of talks", "una serie di attacchi",
    /// "signs of beatings"), or a noun followed by its own participants ("clashes between").
    fn own_event_after_prep(&self, first: usize, last: usize, s0: usize, hi: usize) -> bool {
        // "negli scontri tra manifestanti e polizia", "in talks between X and Y": the noun's own
        // participants follow it
        // (the pattern may end in the preposition itself: "N:scontro +tra")
        if self.role_at(last) & role::BETWEEN != 0
            || last + 1 < hi && self.role_at(last + 1) & role::BETWEEN != 0
        {
            return true;
        }
        // [preposition] [articles] [one modifier] noun, as `noun_governed` reads it
        let mut j = first;
        if j > s0 && self.ent_of(j - 1).is_none() && self.role_at(j - 1) == 0 {
            j -= 1;
        }
        while j > s0 && self.role_at(j - 1) & role::ARTICLE != 0 {
            j -= 1;
        }
        if j <= s0 {
            return false;
        }
        let prep = self.role_at(j - 1);
        if prep & role::EVENT_PREP != 0 {
            return true;
        }
        prep & role::GENITIVE != 0
            && j - 1 > s0
            && self.ent_of(j - 2).is_none()
            && self.role_at(j - 2) & role::MEASURE != 0
    }

    /// The accusation an infinitive is the charge of: "ha accusato Islamabad di sostenere i
    /// miliziani" says what the accuser claims, not that any support happened, so the
    /// infinitive after "di" belongs to the accusation before it in its clause (its accused and
    /// the charge between, no comma or other trigger).
    fn accused_of(&self, h: &Hit, found: &[Found], lo: usize) -> Option<usize> {
        if h.first == 0 || self.role_at(h.first - 1) & role::GENITIVE == 0 {
            return None;
        }
        let g = found.len().checked_sub(1)?;
        let f = &found[g];
        let near = f.event_type == "ACCUSE"
            && f.hit.verb
            && f.hit.last < h.first
            && f.hit.first >= lo
            && h.first - f.hit.last <= 8
            && !(f.hit.last + 1..h.first).any(|j| {
                self.is_comma(j) || self.role_at(j) & (role::BOUNDARY | role::RELATIVE) != 0
            });
        near.then_some(g)
    }

    /// A participle that only describes a noun is no new event: the reduced relative "the
    /// soldiers captured during the raid", "i prigionieri catturati durante l'offensiva" (a
    /// plain noun right before it, no auxiliary, and a
    /// preposition, comma or the clause's end right after, so "forces captured the town" stays
    /// an act), and the attributive "the detained men", "gli arrestati" read as a noun's
    /// adjective. One set off by a comma ("X, arrested on Monday, …") keeps its own event.
    fn participle_modifier(&self, h: &Hit, entry: &TriggerEntry, lo: usize, hi: usize) -> bool {
        // an intransitive participle is active ("le persone scese in strada"), and one with its
        // own agent close after is an act the text reports ("un'accusa respinta dal ministero",
        // "pupils abducted by gunmen")
        if !h.verb
            || entry.flags.intr
            || !matches!(h.tag, Some(Tag::Part))
            || h.first <= lo
            || (h.first + 1..(h.last + 4).min(hi)).any(|j| self.role_at(j) & role::AGENT != 0)
        {
            return false;
        }
        let prev = h.first - 1;
        let aux_before = (h.first.saturating_sub(3).max(lo)..h.first)
            .any(|j| self.role_at(j) & (role::AUX | role::PASSIVE_AUX | role::REFLEXIVE) != 0);
        if aux_before {
            return false;
        }
        let next = h.first + 1;
        // a word of no role, not a short pronoun subject ("whom Israel says it killed in July")
        let plain = |j: usize| {
            self.role_at(j) == 0
                && self.word(j).chars().count() > 2
                && self.word(j).chars().next().is_some_and(char::is_alphabetic)
        };
        // an attributive participle between an article or possessor and its noun ("the detained
        // men", "the EU's proposed trade deal")
        let possessor = matches!(self.word(prev), "'s" | "\u{2019}s")
            // (the events stage's own tokenizer keeps the apostrophe on the left: "eu'" "s")
            || (self.word(prev) == "s"
                && prev > lo
                && (is_quote(self.word(prev - 1)) || self.word(prev - 1).ends_with('\'')))
            || self.role_at(prev) & role::POSSESSIVE != 0;
        if self.role_at(prev) & role::ARTICLE != 0 || possessor {
            return next < hi && plain(next) && self.ent_of(next).is_none();
        }
        // the noun must be inside a clause that already has its verb (an auxiliary before it:
        // "is working to free the Ukrainians held in …"), so an English past tense of the same
        // form right after its subject ("Russian troops attacked at dawn") stays an act
        if !plain(prev)
            || !(lo..prev).any(|j| self.role_at(j) & (role::AUX | role::PASSIVE_AUX) != 0)
        {
            return false;
        }
        next >= hi
            || self.is_comma(next)
            || self.is_mark(next, b'.')
            || self.role_at(next) & role::PREPS != 0
    }

    /// The reading a trigger takes from its context, not from its words alone:
    /// - a one-sided violent act whose every source is a civilian crowd (sector CVL: protesters,
    ///   demonstrators) is a riot, PROTEST/riot ("i manifestanti hanno incendiato auto della
    ///   polizia", "protesters stormed the parliament"), not an armed ASSAULT; one civilian
    ///   alone ("il tunisino ha colpito un agente") is no crowd: an assault stays an assault;
    /// - a verb of support or yielding negated right before it is a refusal: "would not back
    ///   the move", "non riconosce l'autorità" → REJECT; "will never surrender", "will not leave
    ///   office" → REJECT/yield. A ceasefire that never held stays a negated ceasefire;
    /// - a refusal row ("will not pay", "is not negotiable") is its REJECT only under a negation
    ///   close before it, and no event otherwise (returns false: the event is dropped).
    fn retype(&self, ev: &mut Event, h: &Hit, entry: &TriggerEntry, cues: &[Hit]) -> bool {
        let g = self.rules.retype_goldstein;
        // the negation governs the trigger itself: a cue at most three words before it
        let close_negation = || {
            cues.iter().any(|c| {
                self.rules.modality_kind[c.id] == Modality::Negated
                    && c.last < h.first
                    && h.first - c.last <= 3
            })
        };
        if entry.flags.claim {
            return ev.modality != Modality::Negated;
        }
        if entry.flags.refusal {
            if ev.modality != Modality::Negated || !close_negation() {
                return false;
            }
            ev.modality = Modality::Asserted;
            return true;
        }
        // attacks, storming, beating, destruction; never killing, which a crowd's violence is
        // rarely reported as and which a victim taken for the subject would turn into a riot
        let crowd_act = matches!(ev.cameo.as_deref(), Some("190" | "182" | "1712"));
        // (clashes between a crowd and the police are fighting between both: no riot of one)
        if ev.event_type == "ASSAULT"
            && crowd_act
            && !entry.flags.recip
            && !ev.source.is_empty()
            && ev.source.iter().all(|a| a.sector.as_deref() == Some("CVL"))
            && !(ev.source.len() == 1 && ev.source[0].kind == EntityKind::Person)
        {
            ev.event_type = "PROTEST".into();
            ev.mode = Some("riot".into());
            ev.cameo = Some("145".into());
            ev.goldstein = g.riot;
            return true;
        }
        // "senza escludere l'uso della forza", "did not rule out force": the row reads the
        // negated verb, so the negation is its meaning, not the event's modality
        if entry.flags.litotes && ev.modality == Modality::Negated {
            ev.modality = Modality::Asserted;
            return true;
        }
        if !h.verb || ev.modality != Modality::Negated || !close_negation() {
            return true;
        }
        let yielding = match ev.event_type.as_str() {
            "SUPPORT" => false,
            // yielding (CAMEO 08x), not an apology: "no formal apology" stays a negated CONCEDE
            "CONCEDE" if ev.cameo.as_deref().is_some_and(|c| c.starts_with("08")) => true,
            "RETREAT" => ev.mode.as_deref() != Some("ceasefire"),
            _ => return true,
        };
        ev.event_type = "REJECT".into();
        ev.modality = Modality::Asserted;
        if yielding {
            ev.mode = Some("yield".into());
            ev.cameo = Some("124".into());
            ev.goldstein = g.reject_yield;
        } else {
            ev.mode = None;
            ev.cameo = Some("120".into());
            ev.goldstein = g.reject;
        }
        true
    }
}
