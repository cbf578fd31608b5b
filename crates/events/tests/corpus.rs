//! Runs every `corpus/events*.txt` example of every pack through the events stage and names the
//! failing example (file:line). Each example gives a text with the entities, times and quantities the
//! earlier stages would have found, and the exact list of events expected (or `expect: none`).
//!
//! Block format (blank line between blocks, `#` comments):
//! ```text
//! text: Kim e Putin hanno avuto una telefonata mercoledì.
//! published: 2025-08-13
//! entity: Kim | person | PRK | GOV
//! entity: Putin | person | RUS | GOV
//! time: mercoledì | 2025-08-13 | day
//! time: in serata | 2025-08-13T18/2025-08-13T23 | interval | wrap
//! quantity: 15mila soldati | 15000 | soldier
//! expect: CONSULT/phone PRK -> RUS asserted date=2025-08-13 loc=USA attr=PRK qty=15000
//! ```
//! `expect` gives type[/mode], the source and target countries (`+`-joined, `-` for an empty side,
//! `~` before a country the clause does not say but the discourse implies),
//! the modality, and optionally the date value, location country, attribution country, quantity.
//! An entity text may be suffixed `#2` for its second occurrence. After the sector, optional
//! columns give the entity's id and the actor stage's note.

use annalist_doc::{Document, Entity, EntityKind, Event, Quantity, Span, Time};
use annalist_events::EventCoder;
use annalist_lang::Packs;

struct Example {
    origin: String,
    lang: String,
    doc: Document,
    expect: Vec<String>,
}

fn find(text: &str, needle: &str) -> Option<Span> {
    let (needle, nth) = match needle.rsplit_once('#') {
        Some((n, k)) if k.chars().all(|c| c.is_ascii_digit()) && !k.is_empty() => {
            (n, k.parse::<usize>().unwrap())
        }
        _ => (needle, 1),
    };
    let mut from = 0;
    for _ in 0..nth {
        let i = text[from..].find(needle)? + from;
        if nth == 1 {
            return Some(Span::new(i, i + needle.len()));
        }
        from = i + needle.len();
        if from >= text.len() {
            break;
        }
    }
    let i = from - needle.len();
    Some(Span::new(i, i + needle.len()))
}

fn parse(lang: &str, origin: &str, text: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut cur: Option<Example> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if let Some(e) = cur.take() {
                out.push(e);
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (key, val) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{origin}:{}: expected `key: value`", n + 1));
        let val = val.trim();
        let ex = cur.get_or_insert_with(|| Example {
            origin: format!("{origin}:{}", n + 1),
            lang: lang.to_string(),
            doc: Document::default(),
            expect: Vec::new(),
        });
        let at = format!("{origin}:{}", n + 1);
        let cols: Vec<&str> = val.split('|').map(str::trim).collect();
        match key {
            "text" => {
                // `\n` writes a line break (a headline set off from the body)
                ex.doc = Document::new("corpus", val.replace("\\n", "\n"));
                ex.doc.lang = Some(lang.to_string());
            }
            "published" => ex.doc.published = Some(val.to_string()),
            "entity" => {
                let span = find(&ex.doc.text, cols[0])
                    .unwrap_or_else(|| panic!("{at}: {:?} not in text", cols[0]));
                let kind = match cols[1] {
                    "person" => EntityKind::Person,
                    "country" => EntityKind::Country,
                    "place" => EntityKind::Place,
                    "org" => EntityKind::Org,
                    "media" => EntityKind::Media,
                    "group" => EntityKind::Group,
                    k => panic!("{at}: unknown kind {k}"),
                };
                let opt = |i: usize| {
                    cols.get(i)
                        .filter(|s| !s.is_empty() && **s != "-")
                        .map(|s| s.to_string())
                };
                ex.doc.entities.push(Entity {
                    span,
                    text: span.text(&ex.doc.text).to_string(),
                    kind,
                    id: opt(4),
                    name: None,
                    country: opt(2),
                    sector: opt(3),
                    cameo: None,
                    lat: None,
                    lon: None,
                    coref: None,
                    // what the actor stage says of how it read the name, when a rule reads it
                    // ("composed: sector noun with a demonym or country")
                    note: opt(5),
                });
                ex.doc.entities.sort_by_key(|e| e.span.start);
            }
            "time" => {
                let span = find(&ex.doc.text, cols[0])
                    .unwrap_or_else(|| panic!("{at}: {:?} not in text", cols[0]));
                ex.doc.times.push(Time {
                    span,
                    text: cols[0].to_string(),
                    value: cols[1].to_string(),
                    precision: cols[2].to_string(),
                    from: None,
                    to: None,
                    // the time stage's rule, when a test needs it ("wrap": a preposition around
                    // a time, as in "in serata")
                    rule: cols.get(3).map(|r| r.to_string()),
                });
            }
            "quantity" => {
                let span = find(&ex.doc.text, cols[0])
                    .unwrap_or_else(|| panic!("{at}: {:?} not in text", cols[0]));
                ex.doc.quantities.push(Quantity {
                    span,
                    text: cols[0].to_string(),
                    value: cols[1].parse().unwrap(),
                    approximate: false,
                    min: None,
                    max: None,
                    unit: cols.get(2).map(|s| s.to_string()),
                });
            }
            "expect" => ex.expect.push(val.to_string()),
            k => panic!("{at}: unknown key {k:?}"),
        }
    }
    if let Some(e) = cur.take() {
        out.push(e);
    }
    out
}

fn side(v: &[Entity]) -> String {
    if v.is_empty() {
        return "-".into();
    }
    let mut c: Vec<String> = v
        .iter()
        .map(|e| {
            let c = e.country.as_deref().unwrap_or("?");
            // an actor the clause does not name, implied from the discourse, is marked `~`
            if e.note
                .as_deref()
                .is_some_and(|n| n.starts_with("events: implicit"))
            {
                format!("~{c}")
            } else {
                c.to_string()
            }
        })
        .collect();
    c.sort();
    c.dedup();
    c.join("+")
}

/// Does event `e` satisfy the expectation `want`?
fn satisfies(e: &Event, want: &str) -> bool {
    let mut parts = want.split_whitespace();
    let ty = parts.next().unwrap_or("");
    let (t, mode) = match ty.split_once('/') {
        Some((t, m)) => (t, Some(m)),
        None => (ty, None),
    };
    if e.event_type != t || mode.is_some_and(|m| e.mode.as_deref() != Some(m)) {
        return false;
    }
    let src = parts.next().unwrap_or("");
    let _arrow = parts.next();
    let tgt = parts.next().unwrap_or("");
    if side(&e.source) != src || side(&e.target) != tgt {
        return false;
    }
    let modality = parts.next().unwrap_or("asserted");
    if serde_json::to_value(e.modality).unwrap() != modality {
        return false;
    }
    for p in parts {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        let ok = match k {
            "date" => e.date.as_ref().is_some_and(|d| d.value == v),
            "loc" => e.location.as_ref().and_then(|l| l.country.as_deref()) == Some(v),
            "attr" => e.attribution.as_ref().and_then(|a| a.country.as_deref()) == Some(v),
            "noattr" => e.attribution.is_none(),
            "noloc" => e.location.is_none(),
            "qty" => e
                .quantity
                .as_ref()
                .is_some_and(|q| q.value.to_string() == v),
            "mentions" => e.mentions.len().to_string() == v,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

fn describe(e: &Event) -> String {
    format!(
        "{}/{} {} -> {} {:?} date={:?} loc={:?} attr={:?} qty={:?} trigger={:?}",
        e.event_type,
        e.mode.as_deref().unwrap_or("-"),
        side(&e.source),
        side(&e.target),
        e.modality,
        e.date.as_ref().map(|d| &d.value),
        e.location.as_ref().and_then(|l| l.country.as_deref()),
        e.attribution.as_ref().and_then(|a| a.country.as_deref()),
        e.quantity.as_ref().map(|q| q.value),
        e.trigger.text
    )
}

#[test]
fn pack_corpora() {
    let packs = Packs::embedded().unwrap();
    let coder = EventCoder::new(&packs).unwrap();
    let mut examples = Vec::new();
    for lang in packs.languages() {
        let pack = packs.get(lang).unwrap();
        let names: Vec<&str> = pack
            .files_under("corpus/")
            .filter(|n| n.starts_with("corpus/events"))
            .collect();
        for name in names {
            for (origin, text) in pack.texts(name) {
                examples.extend(parse(lang, origin, text));
            }
        }
    }
    assert!(
        examples.len() >= 40,
        "too few event corpus examples: {}",
        examples.len()
    );
    let mut failures = Vec::new();
    for mut ex in examples {
        coder.annotate(&mut ex.doc);
        let want: Vec<&str> = ex
            .expect
            .iter()
            .map(String::as_str)
            .filter(|w| *w != "none")
            .collect();
        let mut used = vec![false; ex.doc.events.len()];
        let mut bad = Vec::new();
        for w in &want {
            match (0..ex.doc.events.len()).find(|&i| !used[i] && satisfies(&ex.doc.events[i], w)) {
                Some(i) => used[i] = true,
                None => bad.push(format!("missing: {w}")),
            }
        }
        for (i, e) in ex.doc.events.iter().enumerate() {
            if !used[i] {
                bad.push(format!("extra: {}", describe(e)));
            }
            // whatever the example expects, no actor is both the source and the target of one
            // event (an unnamed target of the source's own country is the country, not a copy)
            let same = |a: &Entity, b: &Entity| {
                a.span == b.span
                    || (a.country.is_some()
                        && a.country == b.country
                        && a.text.to_lowercase() == b.text.to_lowercase())
            };
            if e.source.iter().any(|a| e.target.iter().any(|b| same(a, b))) {
                bad.push(format!("self-loop: {}", describe(e)));
            }
        }
        if !bad.is_empty() {
            failures.push(format!(
                "{} [{}] {:?}\n    {}",
                ex.origin,
                ex.lang,
                ex.doc.text,
                bad.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn manifests_list_every_events_table() {
    let packs = Packs::embedded().unwrap();
    let errs: Vec<String> = packs
        .check_manifests()
        .iter()
        .map(|e| e.to_string())
        .filter(|e| e.contains("events/"))
        .collect();
    assert!(errs.is_empty(), "{errs:?}");
}
