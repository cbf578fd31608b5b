//! Who did it to whom: the subject before a trigger, objects and complements after it, coordination,
//! genitive chains and title phrases.

use super::*;

pub(crate) enum Subj {
    Ents(Vec<usize>),
    Inherit(usize),
}

/// Articles that open a title phrase before a name ("the U.S. ambassador, …"); none may occur
/// inside it ("condemned the move, Lavrov said" is no title).
pub(crate) const ARTICLES: &[&str] = &[
    "the", "a", "an", "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una",
];

impl<'a> Ctx<'a> {
    /// The entity and those coordinated with it ("Kim e Putin", "X, Y and Z"), walking left or right
    /// within `lo..hi`. Title words may stand between the coordinator and the next actor ("Xi and
    /// French President Macron"); a comma alone links only inside a list that goes on.
    pub(crate) fn coordinated(
        &self,
        k: usize,
        lo: usize,
        hi: usize,
        left: bool,
        stops: &TokenSet,
    ) -> Vec<usize> {
        let mut out = vec![k];
        let mut cur = k;
        loop {
            let mut link: Option<(usize, bool)> = None; // (next entity, linked by a word, not a comma)
            if left {
                // [next] coord [articles/title phrase ≤ 6] [cur]; a title phrase may hold
                // prepositions ("e il ministro degli Esteri tedesco Heiko Maas")
                let mut j = self.ent_first[cur];
                let mut plain = 0;
                while j > lo && plain < 6 {
                    let w = j - 1;
                    let r = self.role_at(w);
                    if self.ent_of(w).is_some()
                        || r & !(role::ARTICLE | role::GENITIVE) != 0
                        || stops.contains(&w)
                        || self.tokens[w].kind == TokenKind::Punct
                    {
                        break;
                    }
                    plain += 1;
                    j = w;
                }
                if j > lo && self.role_at(j - 1) & role::COORD != 0 {
                    let word = !self.is_comma(j - 1);
                    if j - 1 > lo {
                        if let Some(n) = self.ent_of(j - 2) {
                            link = Some((n, word));
                        }
                    }
                }
            } else {
                // [cur] coord [articles/titles ≤ 4] [next]
                let j = self.ent_last[cur] + 1;
                if j < hi && self.role_at(j) & role::COORD != 0 {
                    let word = !self.is_comma(j);
                    let mut m = j + 1;
                    let mut plain = 0;
                    while m < hi && plain < 4 && self.ent_of(m).is_none() {
                        let r = self.role_at(m);
                        if r & !(role::ARTICLE | role::PREPS) != 0
                            || stops.contains(&m)
                            || self.tokens[m].kind == TokenKind::Punct
                        {
                            break;
                        }
                        plain += 1;
                        m += 1;
                    }
                    if m < hi {
                        if let Some(n) = self.ent_of(m) {
                            link = Some((n, word));
                        }
                    }
                }
            }
            let Some((n, word)) = link else { break };
            if out.contains(&n) || !self.is_actor(n) {
                break;
            }
            if left && self.prep_before(self.ent_first[n], lo) != 0 {
                break;
            }
            if !word {
                // a comma links only inside a list that continues with a coordinator
                let further = if left {
                    out.len() > 1
                } else {
                    let l = self.ent_last[n] + 1;
                    l < hi && self.role_at(l) & role::COORD != 0
                };
                if !further {
                    break;
                }
            }
            out.push(n);
            cur = n;
        }
        if left {
            out.reverse();
        }
        out
    }

    /// A refusal said as a predicate of the thing refused ("the port is not for sale", "our
    /// borders are not negotiable") answers someone who wants that thing: its target is not the
    /// thing (nor its owner, usually the speaker's side) but the claimant, whom the article names
    /// in another event aimed at the speaker or the thing ("X threatened Y with tariffs", "X
    /// would not rule out force to take Z"). The claimant is the source of the nearest such
    /// event before the refusal, else of the first after it (a headline's refusal precedes the
    /// body's claim); with no such event the target is left as the clause read it.
    pub(crate) fn aim_refusals(&self, events: &mut [Event]) {
        let refusals = self.refusals.borrow();
        if refusals.is_empty() {
            return;
        }
        let countries = |side: &[Entity]| -> Vec<String> {
            side.iter().filter_map(|a| a.country.clone()).collect()
        };
        for &r in refusals.iter() {
            let Some(refusal) = events.get(r) else {
                continue;
            };
            let own = countries(&refusal.source);
            if own.is_empty() {
                continue;
            }
            let mut wanted = own.clone();
            wanted.extend(countries(&refusal.target));
            let claim = |e: &Event| {
                let by = countries(&e.source);
                !by.is_empty()
                    && !by.iter().any(|c| wanted.contains(c))
                    && e.target
                        .iter()
                        .any(|a| a.country.as_ref().is_some_and(|c| wanted.contains(c)))
            };
            let claimant = (0..r)
                .rev()
                .chain(r + 1..events.len())
                .find(|&k| claim(&events[k]))
                .map(|k| events[k].source.clone());
            if let Some(by) = claimant {
                events[r].target = by;
            }
        }
    }

    /// A rejection of another party's act named as a noun, whose clause names no target
    /// ("Mosca ha respinto gli appelli", "the office rejected the decision", flag `answer`),
    /// answers the author of that act: the source of the nearest demand or pressure (REQUEST,
    /// THREATEN, SANCTION, ACCUSE, COERCE) by another country before it that is aimed at the
    /// rejecter's side or whose target the clause left unsaid ("X e Y hanno chiesto il rilascio
    /// dell'oppositore"), else of the first such act after it. An offer, a meeting or praise
    /// is not what one rejects as "the decision"; an actor merely named nearby is not its
    /// author. With no such act the target is left to [`Ctx::implicit_sides`].
    pub(crate) fn aim_answers(&self, events: &mut [Event]) {
        let answers = self.answers.borrow();
        self.aim_at_prompter(events, &answers, |_, own, e| {
            matches!(
                e.event_type.as_str(),
                "REQUEST" | "THREATEN" | "SANCTION" | "ACCUSE" | "COERCE"
            ) && !e.source.is_empty()
                && e.source
                    .iter()
                    .all(|a| a.country.as_deref().is_some_and(|c| !own.contains(&c)))
                && (e.target.is_empty()
                    || e.target
                        .iter()
                        .any(|a| a.country.as_deref().is_some_and(|c| own.contains(&c))))
        });
    }

    /// A rejection of accusations whose clause names no accuser ("l'associazione ha respinto le
    /// accuse", "the ministry rejected the allegations") answers whoever accused its side: its
    /// target is the source of the latest accusation before it aimed at a country of its
    /// source, else of the first one after it (a headline's denial precedes the body's charge).
    /// The accuser may be of the same country (a domestic dispute: a court accused by the
    /// government), but is never the rejecter itself; with no such accusation the target is
    /// left to [`Ctx::implicit_sides`].
    pub(crate) fn aim_rebuttals(&self, events: &mut [Event]) {
        let rebuttals = self.rebuttals.borrow();
        self.aim_at_prompter(events, &rebuttals, |rebuttal, own, e| {
            e.event_type == "ACCUSE"
                && !e.source.is_empty()
                && e.source
                    .iter()
                    .all(|a| !rebuttal.source.iter().any(|b| b.text == a.text))
                && e.target
                    .iter()
                    .any(|a| a.country.as_deref().is_some_and(|c| own.contains(&c)))
        });
    }

    /// The walk [`aim_answers`](Self::aim_answers) and [`aim_rebuttals`](Self::aim_rebuttals)
    /// share: each rejection of `rows` whose source has a country (an actor the actor stage
    /// could not place is of the article's focus, as [`Ctx::implicit_sides`] will place it)
    /// takes as its target the source of the nearest event before it, else of the first after
    /// it (a headline's denial precedes the body's charge), that `prompted(rejection, its
    /// countries, event)` says it answers.
    fn aim_at_prompter(
        &self,
        events: &mut [Event],
        rows: &[usize],
        prompted: impl Fn(&Event, &[&str], &Event) -> bool,
    ) {
        let focus = self.focus.and_then(|f| self.entities[f].country.as_deref());
        for &r in rows {
            let Some(rejection) = events.get(r) else {
                continue;
            };
            let own: Vec<&str> = rejection
                .source
                .iter()
                .filter_map(|a| a.country.as_deref().or(focus))
                .collect();
            if own.is_empty() {
                continue;
            }
            let author = (0..r)
                .rev()
                .chain(r + 1..events.len())
                .find(|&k| prompted(rejection, &own, &events[k]))
                .map(|k| events[k].source.clone());
            if let Some(by) = author {
                events[r].target = by;
            }
        }
    }

    /// Fills a side the clause left unsaid from the discourse, as news readers (and the gold
    /// annotators) do: "Guterres ha condannato la repressione" is aimed at the regime the article
    /// is about, "Kiev ha rifiutato di negoziare" at the other party just named. An empty target
    /// takes the article's focus when the source is of another country, else the latest actor
    /// named before the trigger whose country is not the source's; an
    /// empty source takes the article's focus (the country its actors most often belong to).
    /// The filled actor is that earlier mention, with a note saying it was implied.
    pub(crate) fn implicit_sides(&self, events: &mut [Event]) {
        // (most articles code no event: then the article's actors are not gathered)
        if events.is_empty() {
            return;
        }
        // a dateline ("BEIRUT -") names where the report was filed, not a party
        let dateline = |e: &Entity| is_dateline(&self.doc.text, e);
        let actors: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| e.kind != EntityKind::Place && e.country.is_some() && !dateline(e))
            .collect();
        if actors.is_empty() {
            return;
        }
        let focus = self.focus.map(|k| &self.entities[k]);
        let implied = |e: &Entity, why: &str| {
            let mut e = e.clone();
            // (concatenated: `format!` read its template through the formatting machinery, some
            // four hundred instructions a note, for a join of three strings)
            e.note = Some(["events: implicit ", why, ", not said in the clause"].concat());
            e
        };
        // a person the actor stage could not place is most often a local of where the report
        // was filed ("CARACAS - … il leader dell'opposizione Juan Guaidó"); else of the focus
        let filed = self
            .entities
            .iter()
            .find(|e| dateline(e))
            .and_then(|e| e.country.as_ref());
        let text = &self.doc.text;
        // "The U.S. ambassador, Lisa Kenna": a person set off by a comma after a title phrase
        // that names a country (an article or the sentence start before it, no article inside)
        let appositive = |e: &Entity| -> Option<String> {
            // the nearest entity ending before the name
            let a = self
                .entities
                .iter()
                .filter(|a| a.span.end <= e.span.start)
                .max_by_key(|a| a.span.end)
                .filter(|a| a.country.is_some() && a.kind != EntityKind::Place)?;
            let between = text.get(a.span.end as usize..e.span.start as usize)?;
            let title = between.trim_end().strip_suffix(',')?;
            // "The U.S. ambassador, Lisa Kenna, …": the title phrase is itself the actor the
            // actor stage composed (a sector noun with its country), set off by commas
            let closed = text
                .get(e.span.end as usize..)
                .is_some_and(|t| t.trim_start().starts_with(','));
            if title.trim().is_empty()
                && closed
                && a.kind == EntityKind::Org
                && a.note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("composed: sector noun"))
            {
                return a.country.clone();
            }
            let words: Vec<&str> = title.split_whitespace().collect();
            let before = text.get(..a.span.start as usize)?.trim_end();
            let opens = before.is_empty()
                || before.ends_with(['.', '\n', ':', '-'])
                || before
                    .rsplit(|c: char| c.is_whitespace() || c == '\'')
                    .next()
                    .is_some_and(|w| ARTICLES.contains(&w.to_lowercase().as_str()));
            (opens
                && (1..=4).contains(&words.len())
                && !title.contains([',', '.', ';', '(', ')'])
                && words.iter().all(|w| {
                    w.chars().all(|c| c.is_alphabetic() || c == '-')
                        && w.chars().next().is_some_and(|c| c.is_lowercase())
                        && !ARTICLES.contains(w)
                }))
            .then(|| a.country.clone())
            .flatten()
        };
        // paragraphs (lines) of the text, for how far back an implicit target may be taken
        let breaks = self.line_breaks();
        let paragraph = |at: usize| breaks.partition_point(|&b| (b as usize) < at);
        // a country named in two or more paragraphs of the body (the first line, a headline,
        // not counted): a party the article follows, not one named in passing
        let mut countries: Vec<(&str, usize, bool)> = Vec::new();
        for e in &actors {
            let (Some(c), p) = (e.country.as_deref(), paragraph(e.span.start as usize)) else {
                continue;
            };
            if p == 0 {
                continue;
            }
            match countries.iter_mut().find(|(k, _, _)| *k == c) {
                Some((_, first, many)) => *many |= *first != p,
                None => countries.push((c, p, false)),
            }
        }
        let recurrent = |c: &str| countries.iter().any(|&(k, _, many)| k == c && many);
        // whether `e` is an actor of `side` already: the same mention, or the same name or
        // words of the same country ("Carabinieri" and "carabinieri"; "polizia" and "questura",
        // both named ITA COP by the actor stage). Two bodies of one sector with names of their
        // own (two unions) are two actors.
        let same_actor = |e: &Entity, side: &[Entity]| {
            side.iter().any(|s| {
                s.span == e.span
                    || (s.country.is_some()
                        && s.country == e.country
                        && ((s.name.is_some() && s.name == e.name)
                            || s.text.to_lowercase() == e.text.to_lowercase()))
            })
        };
        // the latest actor named before `at` of none of the countries `not`. A party named only
        // in passing in an earlier paragraph is not what a new paragraph's act is aimed at
        // ("extradited him to the United States." then, a paragraph on, "the gang ordered a
        // strike"): past a paragraph break only a party the article keeps coming back to is taken
        let latest_other = |at: u32, not: &[&str]| {
            let here = paragraph(at as usize);
            actors
                .iter()
                .rev()
                .filter(|e| e.span.end <= at)
                .filter(|e| !not.contains(&e.country.as_deref().unwrap_or("")))
                .find(|e| {
                    paragraph(e.span.start as usize) == here
                        || e.country.as_deref().is_some_and(&recurrent)
                })
                .copied()
        };
        for ev in events.iter_mut() {
            for e in ev.source.iter_mut().chain(ev.target.iter_mut()) {
                if e.country.is_none() && e.kind == EntityKind::Person {
                    if let Some(c) = appositive(e) {
                        e.country = Some(c);
                        e.note = Some(
                            "events: country of the title phrase set before the name".to_string(),
                        );
                    }
                }
            }
            if let Some(c) = focus.and_then(|f| f.country.as_ref()) {
                for e in ev.source.iter_mut().chain(ev.target.iter_mut()) {
                    // (an international organisation the actor stage missed gets it wrongly:
                    // measured, this still helps more often than it hurts)
                    if e.country.is_none()
                        && matches!(
                            e.kind,
                            EntityKind::Person | EntityKind::Org | EntityKind::Group
                        )
                    {
                        let (c, why) = match filed {
                            Some(d) if e.kind == EntityKind::Person => (d, "the dateline's"),
                            _ => (c, "the article's focus"),
                        };
                        e.country = Some(c.clone());
                        e.note = Some(
                            [
                                "events: implicit country: ",
                                why,
                                ", the actor stage gave none",
                            ]
                            .concat(),
                        );
                    }
                }
            }
            let at = ev.trigger.span.start;
            if ev.target.is_empty() {
                let src: Vec<&str> = ev
                    .source
                    .iter()
                    .filter_map(|e| e.country.as_deref())
                    .collect();
                let prev = latest_other(at, &src);
                let focus_other = focus.filter(|f| {
                    f.country
                        .as_deref()
                        .is_some_and(|c| !src.contains(&c) && c != "IGO")
                });
                // the country the article is about when the source is another one (a reaction
                // or a demand from abroad is about it: "the EU called for elections"), else the
                // latest other actor named before
                if let Some(e) = focus_other.or(prev).or(focus) {
                    if same_actor(e, &ev.source) {
                        // (the focus is the source itself: a report about the police)
                        ev.target.extend(self.country_level(e, at, "target"));
                    } else {
                        ev.target
                            .push(implied(e, "target: the latest other actor named"));
                    }
                }
            }
            if ev.source.is_empty() {
                if let Some(e) = focus {
                    if same_actor(e, &ev.target) {
                        // the act is aimed at the article's focus ("She also suspended contacts
                        // with Moscow", "attacks on Philippine forces" in a report about them):
                        // its author is the latest actor of another country named before, in
                        // this paragraph or one the article keeps coming back to; else the
                        // focus's own country at country level
                        let tgt: Vec<&str> = ev
                            .target
                            .iter()
                            .filter_map(|e| e.country.as_deref())
                            .collect();
                        match latest_other(at, &tgt) {
                            Some(p) => ev
                                .source
                                .push(implied(p, "source: the latest other actor named")),
                            None => ev.source.extend(self.country_level(e, at, "source")),
                        }
                    } else {
                        ev.source.push(implied(e, "source: the article's focus"));
                    }
                }
            }
        }
    }

    /// The country-level actor standing for `e`'s country when the side the discourse implies
    /// would be `e`, the very actor of the event's other side: country-level coding gives an
    /// unnamed target the source's own country ("la polizia ha arrestato tre persone": ITA COP ->
    /// ITA), not a copy of the source (a self-loop). The country is said nowhere in the clause:
    /// its span is empty, at the trigger's start `at`, and its text empty. A country named as the
    /// source ("Pyongyang fired a missile", a headline's "Brasile, assalto ai palazzi") acts on
    /// itself the same way: a domestic event coded at country level (PRK -> PRK), whose target
    /// is no mention of the text. None for an international organisation (no country to stand
    /// for).
    fn country_level(&self, e: &Entity, at: u32, side: &str) -> Option<Entity> {
        let code = e.country.as_deref()?;
        let name = self.rules.country_names.get(code)?;
        Some(Entity {
            span: Span::new(at as usize, at as usize),
            text: String::new(),
            kind: EntityKind::Country,
            // (the strings joined by `concat`, as in `implicit_sides`: no formatting machinery)
            id: Some(["iso:", code].concat()),
            name: Some(name.clone()),
            country: Some(code.to_string()),
            sector: None,
            cameo: Some(code.to_string()),
            lat: None,
            lon: None,
            coref: None,
            note: Some(
                [
                    "events: implicit ",
                    side,
                    ": the ",
                    if side == "target" {
                        "source's"
                    } else {
                        "target's"
                    },
                    " country, not said in the clause",
                ]
                .concat(),
            ),
        })
    }

    /// The source of the latest event of type `t` told before, from a country none of
    /// `source` is of: the author of the event a trigger's object names ("i talebani hanno
    /// condannato l'attacco", "condemned the strikes" aim at who attacked). With none, an author
    /// of the source's own country named as an actor of its own (a domestic quarrel: "the
    /// Taliban condemned the attack" by a local armed group), never the source itself.
    pub(crate) fn author_of(&self, t: &str, source: &[usize], events: &[Event]) -> Vec<usize> {
        let src: Vec<&str> = source
            .iter()
            .filter_map(|&k| self.actor_country(k))
            .collect();
        let named = |a: &Entity| {
            a.country.is_some()
                && !a
                    .note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("events: implicit"))
        };
        let foreign = events.iter().rev().find(|e| {
            e.event_type == t
                && !e.source.is_empty()
                && e.source.iter().all(|a| {
                    a.country.as_deref().is_some_and(|c| !src.contains(&c))
                        && !a
                            .note
                            .as_deref()
                            .is_some_and(|n| n.starts_with("events: implicit"))
                })
        });
        let domestic = || {
            events.iter().rev().find(|e| {
                e.event_type == t
                    && !e.source.is_empty()
                    && e.source.iter().all(|a| {
                        named(a)
                            && !source.iter().any(|&k| {
                                self.entity(k).text == a.text || self.entity(k).span == a.span
                            })
                    })
            })
        };
        let Some(ev) = foreign.or_else(domestic) else {
            return Vec::new();
        };
        ev.source
            .iter()
            .filter_map(|e| (0..self.entities.len()).find(|&k| self.entities[k].span == e.span))
            .collect()
    }

    /// The preposition governing the noun phrase an actor at `f` hangs from through "di"/"of"
    /// ("nel sud-ovest del Ciad", "contro le postazioni dell'esercito"): up to four plain words
    /// and articles between, no name, punctuation or other preposition; `None` when the phrase
    /// is no prepositional one (a genitive chain, a subject, an object) or starts before `lo`.
    pub(crate) fn outer_prep(&self, f: usize, lo: usize) -> Option<u32> {
        // the "di"/"of" before the actor, up to two articles between
        let mut g = f;
        let mut skipped = 0;
        while g > lo && skipped < 2 && self.role_at(g - 1) & role::ARTICLE != 0 {
            g -= 1;
            skipped += 1;
        }
        if g <= lo || self.role_at(g - 1) & role::GENITIVE == 0 {
            return None;
        }
        let mut j = g - 1;
        let mut plain = 0;
        while j > lo && plain < 4 {
            let w = j - 1;
            let r = self.role_at(w);
            if self.ent_of(w).is_some() {
                return None;
            }
            if r & role::PREPS != 0 {
                return (r & role::GENITIVE == 0).then_some(r & role::PREPS);
            }
            let word = self.tokens[w].kind == TokenKind::Word && (r == 0 || r & role::ARTICLE != 0);
            if !(word || self.is_mark(w, b'-')) {
                return None;
            }
            plain += 1;
            j = w;
        }
        None
    }

    /// Whether the actor at `f` owns another actor named right before it through "di"/"of"
    /// ("il governo del premier X", "the government of President X").
    pub(crate) fn owner_of_actor(&self, f: usize, lo: usize) -> bool {
        let mut j = f;
        let mut plain = 0;
        while j > lo && plain < 3 {
            let r = self.role_at(j - 1);
            if self.ent_of(j - 1).is_some() || self.tokens[j - 1].kind != TokenKind::Word {
                break;
            }
            if r & role::GENITIVE != 0 {
                return j - 1 > lo
                    && self
                        .ent_of(j - 2)
                        .is_some_and(|m| self.is_actor(m) && Some(m) != self.ent_of(f));
            }
            if r & role::ARTICLE != 0 || r == 0 {
                if r == 0 {
                    plain += 1;
                }
                j -= 1;
                continue;
            }
            break;
        }
        false
    }

    /// Whether the actor `k` is a country (a name or demonym) of the subject's own, the subject
    /// being no country itself: a person or body acts for its country, not on it.
    pub(crate) fn own_country(&self, k: usize, subject: &[usize]) -> bool {
        let e = self.entity(k);
        if e.kind != EntityKind::Country
            || subject.is_empty()
            || subject
                .iter()
                .any(|&s| self.entity(s).kind == EntityKind::Country)
        {
            return false;
        }
        let Some(c) = e.country.as_ref() else {
            return false;
        };
        subject
            .iter()
            .all(|&s| self.actor_country(s) == Some(c.as_str()))
    }

    /// Whether every target is a country of the source's own, named as a modifier of a plain
    /// noun ("ha riconosciuto le responsabilità della Francia", "rejected any suggestion of
    /// Russian interference"), by a source that is no country itself: what the act is about, not
    /// whom it is aimed at.
    pub(crate) fn reflexive_target(&self, source: &[usize], target: &[usize]) -> bool {
        if source.is_empty() || target.is_empty() {
            return false;
        }
        let src: Vec<&str> = source
            .iter()
            .filter_map(|&k| self.actor_country(k))
            .collect();
        if src.is_empty()
            || source
                .iter()
                .any(|&k| self.entity(k).kind == EntityKind::Country)
        {
            return false;
        }
        target.iter().all(|&k| {
            let e = self.entity(k);
            let f = self.ent_first[k];
            let next = self.ent_last[k] + 1;
            let modifier = self.prep_before(f, 0) & role::GENITIVE != 0
                || e.text.starts_with(char::is_lowercase)
                || (next < self.tokens.len()
                    && (matches!(self.word(next), "'s" | "'")
                        || (self.tokens[next].kind == TokenKind::Word
                            && self.role_at(next) == 0
                            && self.ent_of(next).is_none())));
            e.kind == EntityKind::Country
                && e.country.as_deref().is_some_and(|c| src.contains(&c))
                && modifier
        })
    }

    /// Whether a noun trigger is governed by a preposition, articles and one modifier allowed
    /// between ("sull'imminente colloquio").
    pub(crate) fn noun_governed(&self, first: usize, s0: usize) -> bool {
        // [preposition] [articles] [one adjective] noun
        let plain = |j: usize| {
            self.ent_of(j).is_none()
                && self.tokens[j].kind != TokenKind::Punct
                && self.role_at(j) == 0
        };
        let mut j = first;
        if j > s0 && plain(j - 1) {
            j -= 1;
        }
        while j > s0 && self.role_at(j - 1) & role::ARTICLE != 0 {
            j -= 1;
        }
        j > s0 && self.ent_of(j - 1).is_none() && self.role_at(j - 1) & role::PREPS != 0
    }

    /// Whether the words from the clause start `lo` to the actor at `f` are one noun phrase ending
    /// in a genitive chain: articles, "di"/"of" and plain words only, no name, punctuation or
    /// other preposition, and at most eight words ("I ministri degli Esteri dell'Asean", "the
    /// foreign ministers of the G7"). The actor then stands for the phrase's head, the subject.
    pub(crate) fn genitive_head(&self, lo: usize, f: usize) -> bool {
        if f <= lo || f - lo > 8 || self.role_at(lo) & role::PREPS != 0 {
            return false;
        }
        (lo..f).all(|j| {
            let r = self.role_at(j);
            self.ent_of(j).is_none()
                && self.tokens[j].kind == TokenKind::Word
                && (r == 0 || r & role::ARTICLE != 0 || r & role::PREPS == role::GENITIVE)
        })
    }

    /// Whether an actor follows the noun ending at `last` through "di"/"of" (articles allowed).
    pub(crate) fn genitive_actor_after(&self, last: usize, hi: usize) -> bool {
        let mut j = last + 1;
        if j >= hi || self.role_at(j) & role::GENITIVE == 0 {
            return false;
        }
        j += 1;
        while j < hi && self.role_at(j) & role::ARTICLE != 0 {
            j += 1;
        }
        j < hi && self.ent_of(j).is_some_and(|k| self.is_actor(k))
    }

    /// The earlier trigger an infinitive depends on: the one right before it with only function
    /// words between ("accettato di inviare"), or one of the same type the infinitive states the
    /// purpose of ("incontrare … per discutere").
    pub(crate) fn governor(
        &self,
        h: &Hit,
        found: &[Found],
        event_type: &str,
        s0: usize,
    ) -> Option<usize> {
        let last = found.last()?;
        let between_ok = (last.hit.last + 1..h.first).all(|j| {
            self.ent_of(j).is_none()
                && self.role_at(j) & (role::PREPS | role::ARTICLE | role::PURPOSE) != 0
        });
        if between_ok {
            return Some(found.len() - 1);
        }
        let purpose = h.first > s0 && self.role_at(h.first - 1) & role::PURPOSE != 0;
        if purpose {
            return found.iter().rposition(|f| f.event_type == event_type);
        }
        None
    }

    /// A group standing for a pair already named ("i due", "the two": the actor stage notes
    /// "pair: entities A and B") is replaced by the two.
    pub(crate) fn expand_pairs(&self, v: Vec<usize>) -> Vec<usize> {
        let mut out = Vec::with_capacity(v.len());
        for k in v {
            let e = self.entity(k);
            let pair = (e.country.is_none())
                .then_some(e.note.as_deref())
                .flatten()
                .and_then(|n| n.strip_prefix("pair: entities "))
                .and_then(|rest| {
                    let (a, b) = rest.split_once(" and ")?;
                    Some((
                        a.trim().parse::<usize>().ok()?,
                        b.trim().parse::<usize>().ok()?,
                    ))
                })
                .filter(|&(a, b)| a < self.entities.len() && b < self.entities.len());
            match pair {
                Some((a, b)) => {
                    for x in [a, b] {
                        if !out.contains(&x) {
                            out.push(x);
                        }
                    }
                }
                None => {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
        out
    }

    /// The subject of the trigger at `head`: the nearest actor before it in the clause not governed
    /// by a preposition (or governed by "di"/"of" after a quantifier: "migliaia di manifestanti");
    /// the antecedent of a relative pronoun; or, across a coordinator, the subject of the verb
    /// before it ("ha inviato … e ha fornito"). The scan stops at another trigger: what lies before
    /// it belongs to that trigger's clause. Failing all, an actor after "di"/"of" heading the clause
    /// ("il governo di Caracas").
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn subject_left(
        &self,
        head: usize,
        lo: usize,
        heads: &TokenSet,
        found: &[Found],
        stops: &TokenSet,
        verb: bool,
    ) -> Option<Subj> {
        let mut j = head;
        let mut saw_coord = false;
        let mut fallback: Option<usize> = None;
        while j > lo {
            j -= 1;
            if let Some(k) = self.ent_of(j) {
                let f = self.ent_first[k];
                if self.is_actor(k) {
                    let prep = self.prep_before(f, lo);
                    let quantified = prep & role::GENITIVE != 0
                        && f >= lo + 2
                        && (self.tokens[f - 2].kind == TokenKind::Number
                            || self.role_at(f - 2) & role::QUANT != 0);
                    if prep == 0 || quantified {
                        return Some(Subj::Ents(self.coordinated(k, lo, head, true, stops)));
                    }
                    // "Il governo di Caracas": a genitive on the clause's first noun
                    if prep & role::GENITIVE != 0 && fallback.is_none() && self.genitive_head(lo, f)
                    {
                        fallback = Some(k);
                    }
                }
                j = f;
                continue;
            }
            let r = self.role_at(j);
            if r & role::COORD != 0 && !self.is_comma(j) {
                saw_coord = true;
            }
            if verb && self.is_comma(j) {
                if let Some(k) = self.parenthetical_antecedent(j, lo, heads) {
                    return Some(Subj::Ents(self.coordinated(k, lo, head, true, stops)));
                }
            }
            if r & role::RELATIVE != 0 {
                let mut a = j;
                while a > lo && self.tokens[a - 1].kind == TokenKind::Punct {
                    a -= 1;
                }
                if a > lo {
                    if let Some(k) = self.ent_of(a - 1).filter(|&k| self.is_actor(k)) {
                        return Some(Subj::Ents(self.coordinated(k, lo, head, true, stops)));
                    }
                }
            }
            if heads.contains(&j) {
                if verb && saw_coord {
                    if let Some(i) = found.iter().position(|f| f.hit.first == j) {
                        if !found[i].source.is_empty() {
                            return Some(Subj::Inherit(i));
                        }
                    }
                }
                return None;
            }
        }
        fallback.map(|k| Subj::Ents(vec![k]))
    }

    /// The actor an object pronoun at `p` stands for ("che gli ha contestato il reato",
    /// "gli ha chiesto", "accused him of", "dismissed her appeal"): the nearest actor named
    /// before it, in this sentence or the ones just before, that is none of the clause's
    /// `source` (nor another mention of one), and a person when `person` ("her appeal"); any
    /// other antecedent must have a country. A place, the dateline and a country after a
    /// locative preposition are no antecedent.
    pub(crate) fn pronoun_antecedent(
        &self,
        p: usize,
        source: &[usize],
        person: bool,
    ) -> Option<usize> {
        // (two entities side by side are one name split: "Tayyip | Erdogan")
        let same = |a: usize, b: usize| {
            let (x, y) = (self.entity(a), self.entity(b));
            a == b
                || self.ent_last[a] + 1 == self.ent_first[b]
                || self.ent_last[b] + 1 == self.ent_first[a]
                || x.text == y.text
                || x.coref == Some(b)
                || y.coref == Some(a)
                || (x.coref.is_some() && x.coref == y.coref)
        };
        let lo = p.saturating_sub(60);
        let mut j = p;
        while j > lo {
            j -= 1;
            let Some(k) = self.ent_of(j) else { continue };
            let f = self.ent_first[k];
            j = f.max(lo);
            let e = self.entity(k);
            if !self.is_actor(k)
                || Some(k) == self.dateline
                || source.iter().any(|&s| same(s, k))
                || self.is_place(k, self.prep_before(f, 0))
                || (person && e.kind != EntityKind::Person)
                // (a person the actor stage could not place is placed from the discourse later)
                || (!person && self.actor_country(k).is_none())
            {
                continue;
            }
            return Some(k);
        }
        None
    }

    /// The speaker a complement clause with no subject of its own continues: "ha detto che
    /// ricorrerà alla Corte", "said he would not sign the deal", "said on Friday it
    /// would …". Between the speech cue and the verb group starting at `at` stand only a
    /// complementiser, a subject pronoun, auxiliaries, negations (`cues`) and times, and at
    /// least a complementiser or pronoun; `speech_end` holds (last cue token, named speaker).
    pub(crate) fn reported_speaker(
        &self,
        at: usize,
        speech_end: &[(usize, usize)],
        cues: &[Hit],
        in_time: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let &(e, k) = speech_end
            .iter()
            .filter(|&&(e, _)| e < at && at - e <= 8)
            .max_by_key(|&&(e, _)| e)?;
        let mut linked = false;
        for j in e + 1..at {
            let r = self.role_at(j);
            let w = self.word(j);
            if self.ent_of(j).is_some() {
                return None;
            }
            if r & (role::RELATIVE | role::PRONOUN) != 0 && w != "," {
                linked = true;
            } else if !(r & role::AUX != 0
                || in_time(j)
                || cues.iter().any(|c| c.first <= j && j <= c.last))
            {
                return None;
            }
        }
        linked.then_some(k)
    }

    /// Whether the passive participle at `first` is an infinitive or gerund governed by a
    /// preposition ("dopo essere stati fermati dagli agenti", "after being detained by police",
    /// "dopo essere stato arrestato"): its patient is the sentence's subject, not an actor the
    /// clause names between.
    /// (A preposition before an auxiliary makes it non-finite; "to"/"a" are left out: "wants X
    /// to be released" is about X.)
    pub(crate) fn governed_passive(&self, first: usize, s0: usize) -> bool {
        let mut j = first;
        let mut aux = 0;
        while j > s0 && self.ent_of(j - 1).is_none() && self.role_at(j - 1) & role::PASSIVE_AUX != 0
        {
            j -= 1;
            aux += 1;
        }
        let r = if j > s0 && self.ent_of(j - 1).is_none() {
            self.role_at(j - 1)
        } else {
            0
        };
        aux > 0 && r & (role::PREPS | role::EVENT_PREP) != 0 && r & role::TARGET == 0
    }

    /// The comma opening a noun phrase set in apposition to what the sentence said before, when
    /// the tokens before `f` are one: a comma, an article and at most five more plain words, then
    /// optionally a relative pronoun (", an allegation Moscow denies", ", una proposta che il
    /// governo ha respinto"). The phrase names that statement, so its author is a side.
    pub(crate) fn apposition_comma(&self, f: usize, s0: usize) -> Option<usize> {
        let mut b = f;
        let mut articles = 0;
        while b > s0 && articles < 2 && self.role_at(b - 1) & role::ARTICLE != 0 {
            b -= 1;
            articles += 1;
        }
        if b > s0 && self.role_at(b - 1) & role::RELATIVE != 0 && !self.is_comma(b - 1) {
            b -= 1;
        }
        let mut plain = 0;
        while b > s0 && plain < 6 {
            let j = b - 1;
            let r = self.role_at(j);
            if self.ent_of(j).is_some() || self.tokens[j].kind != TokenKind::Word {
                break;
            }
            if r != 0 && r & role::ARTICLE == 0 {
                return None;
            }
            plain += 1;
            b = j;
        }
        // an article opens the phrase ("…, protesting the government's decision" is a verb
        // clause, no apposition), and a noun follows it
        let noun = (b..f).any(|j| self.role_at(j) == 0);
        (noun && b > s0 && self.is_comma(b - 1) && self.role_at(b) & role::ARTICLE != 0)
            .then(|| b - 1)
    }

    /// Relative clauses, appositions and participle phrases set off by commas between a verb and
    /// its subject ("Borrell, che ha invitato a liberare Navalny, incontrerà Lavrov", "the
    /// minister, who was appointed in May, had asked", "Ana Ruiz, a former ally of the mayor,
    /// said", "i ministri dell'Asean, riuniti a Giacarta, hanno chiesto"): from the comma closing
    /// the phrase at `c`, the antecedent before the comma that opens it, if it is an actor. A
    /// participle phrase is recognised by its verb being a trigger head (`heads`): the actor
    /// named inside it ("a Giacarta") is its complement, not the main verb's subject.
    fn parenthetical_antecedent(&self, c: usize, lo: usize, heads: &TokenSet) -> Option<usize> {
        let mut j = c;
        while j > lo + 1 {
            j -= 1;
            let r = self.role_at(j);
            // ", riuniti ieri in un vertice a X, hanno …": the verb right after the opening
            // comma heads a phrase of its own; the antecedent may end in a bracketed acronym
            // ("la Comunità … (Ecowas), riuniti …")
            if self.is_comma(j) && heads.contains(&(j + 1)) && j + 1 < c {
                let mut b = j;
                if b > lo + 1 && matches!(self.word(b - 1), ")" | "]") {
                    b -= 1;
                }
                let k = self.ent_of(b - 1)?;
                return self.is_actor(k).then_some(k);
            }
            // "Ana Ruiz, a former ally of the mayor, said …": a noun phrase opened by
            // an article after the comma is set in apposition to the actor before it (a name
            // right after the article is a list: "Russia, the United States and China")
            if self.is_comma(j)
                && j + 2 < c
                && self.ent_of(j + 1).is_none()
                && self.role_at(j + 1) & role::ARTICLE != 0
                && self.ent_of(j + 2).is_none()
                && self.tokens[j + 2].kind == TokenKind::Word
                && self.role_at(j + 2) == 0
            {
                let k = self.ent_of(j - 1)?;
                return self.is_actor(k).then_some(k);
            }
            if self.is_comma(j) || r & role::BOUNDARY != 0 || self.is_mark(j, b'.') {
                return None;
            }
            if r & role::RELATIVE != 0 && self.is_comma(j - 1) && j >= lo + 2 {
                let k = self.ent_of(j - 2)?;
                return self.is_actor(k).then_some(k);
            }
        }
        None
    }

    /// The subject a sentence opening with its verb continues ("She also suspended …", "Ha
    /// inoltre sospeso …"): before the verb at `head` only a subject pronoun, auxiliaries and
    /// continuing adverbs; the subject is the first named source of the sentence right before
    /// (`prev` are the events coded so far). "he"/"she"/"lui"/"lei" take a person only.
    pub(crate) fn continued_subject(
        &self,
        s0: usize,
        head: usize,
        sent: Span,
        prev: &[Event],
    ) -> Vec<usize> {
        if head == s0
            || !(s0..head).all(|j| {
                let r = self.role_at(j);
                self.ent_of(j).is_none()
                    && r != 0
                    && r & !(role::PRONOUN | role::AUX | role::CONTINUE | role::REFLEXIVE) == 0
            })
        {
            return Vec::new();
        }
        let personal = (s0..head).any(|j| {
            self.role_at(j) & role::PRONOUN != 0
                && matches!(self.word(j), "he" | "she" | "lui" | "lei" | "egli" | "ella")
        });
        let Some(last) = prev.last() else {
            return Vec::new();
        };
        // the sentence right before: nothing but spaces between it and this one
        let gap = self
            .doc
            .text
            .get(last.sentence.end as usize..sent.start as usize)
            .unwrap_or("x");
        if last.sentence.end > sent.start || !gap.trim().is_empty() {
            return Vec::new();
        }
        let Some(first) = prev
            .iter()
            .filter(|e| e.sentence == last.sentence && !e.source.is_empty())
            .min_by_key(|e| e.trigger.span.start)
        else {
            return Vec::new();
        };
        if personal && !first.source.iter().any(|e| e.kind == EntityKind::Person) {
            return Vec::new();
        }
        first
            .source
            .iter()
            .filter_map(|e| (0..self.entities.len()).find(|&k| self.entities[k].span == e.span))
            .collect()
    }

    /// The country [`Ctx::actor`] gives actor `k` (its own, its title phrase's for a person,
    /// else its antecedent's), read without cloning the entity: most callers ask only this.
    pub(crate) fn actor_country(&self, k: usize) -> Option<&str> {
        let e = self.entity(k);
        if let Some(c) = e.country.as_deref() {
            return Some(c);
        }
        if e.kind == EntityKind::Person {
            if let Some(c) = self.title_country_ref(k) {
                return Some(c);
            }
        }
        e.coref
            .and_then(|c| self.entities.get(c))
            .and_then(|c| c.country.as_deref())
    }

    /// The sector [`Ctx::actor`] gives actor `k` (its own, else its antecedent's), read without
    /// cloning the entity.
    pub(crate) fn actor_sector(&self, k: usize) -> Option<&str> {
        self.own_or_antecedent(k, |e| e.sector.as_deref())
    }

    /// The id [`Ctx::actor`] gives actor `k` (its own, else its antecedent's), read without
    /// cloning the entity.
    pub(crate) fn actor_id(&self, k: usize) -> Option<&str> {
        self.own_or_antecedent(k, |e| e.id.as_deref())
    }

    /// `field` of entity `k`, else of its antecedent: how [`Ctx::actor`] fills a field.
    fn own_or_antecedent<'e>(
        &'e self,
        k: usize,
        field: impl Fn(&'e Entity) -> Option<&'e str>,
    ) -> Option<&'e str> {
        let e = self.entity(k);
        field(e).or_else(|| e.coref.and_then(|c| self.entities.get(c)).and_then(&field))
    }

    pub(crate) fn actor(&self, k: usize) -> Entity {
        let mut e = self.entity(k).clone();
        if e.country.is_none() && e.kind == EntityKind::Person {
            if let Some(c) = self.title_country(k) {
                e.country = Some(c);
                e.note = Some("events: country of the title phrase right before the name".into());
            }
        }
        if let Some(c) = e.coref.and_then(|c| self.entities.get(c)) {
            if e.country.is_none() {
                e.country = c.country.clone();
            }
            if e.sector.is_none() {
                e.sector = c.sector.clone();
            }
            if e.id.is_none() {
                e.id = c.id.clone();
            }
            if e.name.is_none() {
                e.name = c.name.clone();
            }
        }
        e
    }

    /// The country of the actor a title phrase names right before a person ("la portavoce del
    /// ministero degli Esteri russo Maria Zakharova", "il segretario di Stato Usa Antony
    /// Blinken", "il presidente della Guyana Irfaan Ali"): the name follows that actor with
    /// nothing between, so the person holds its office.
    pub(crate) fn title_country(&self, k: usize) -> Option<String> {
        self.title_country_ref(k).map(str::to_string)
    }

    /// [`Ctx::title_country`] as a slice of the entity's country.
    fn title_country_ref(&self, k: usize) -> Option<&str> {
        let f = self.ent_first[k];
        if f == usize::MAX || f == 0 {
            return None;
        }
        let p = self.ent_of(f - 1).filter(|&p| p != k && self.is_actor(p))?;
        let a = self.entity(p);
        if a.kind == EntityKind::Person {
            return None;
        }
        a.country.as_deref()
    }

    /// Is token `j` part of a plain noun phrase (a word, not a boundary, coordinator or verb cue)?
    pub(crate) fn phrase_word(&self, j: usize) -> bool {
        self.tokens[j].kind == TokenKind::Word
            && self.role_at(j) & (role::BOUNDARY | role::COORD | role::RELATIVE) == 0
    }

    /// The first token of an actor owning the phrase that starts at `j` ("Russia's | defense
    /// ministry", "Haiti's | elections minister"), if there is one.
    pub(crate) fn possessor_before(&self, j: usize, lo: usize) -> Option<usize> {
        let mut b = j;
        if b > lo && matches!(self.word(b - 1), "'s" | "s'") {
            b -= 1;
        } else if b > lo + 1 && self.word(b - 1) == "s" && self.word(b - 2) == "'" {
            b -= 2;
        } else {
            return None;
        }
        let k = self.ent_of(b.checked_sub(1)?)?;
        (self.is_actor(k) && self.ent_first[k] >= lo).then_some(self.ent_first[k])
    }
}
