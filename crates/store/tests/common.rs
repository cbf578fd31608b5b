//! Builders of hand-made documents for the store tests.
#![allow(dead_code)]

use annalist_doc::{
    Attribution, Document, Entity, EntityKind, Event, EventDate, EventQuantity, Location, Modality,
    Span, Time, Trigger,
};

pub fn actor(name: &str, id: Option<&str>, country: &str, sector: &str) -> Entity {
    Entity {
        span: Span::new(0, 0),
        text: name.into(),
        kind: EntityKind::Person,
        id: id.map(Into::into),
        name: Some(name.into()),
        country: Some(country.into()),
        sector: Some(sector.into()),
        cameo: None,
        lat: None,
        lon: None,
        coref: None,
        note: None,
    }
}

pub fn kim() -> Entity {
    actor("Kim Jong Un", Some("Q56226"), "PRK", "GOV")
}
pub fn putin() -> Entity {
    actor("Vladimir Putin", Some("Q7747"), "RUS", "GOV")
}
pub fn trump() -> Entity {
    actor("Donald Trump", Some("Q22686"), "USA", "GOV")
}
pub fn nk_troops() -> Entity {
    actor("truppe nordcoreane", None, "PRK", "MIL")
}

/// A document whose text is `text`, with one sentence per line and the given events (their
/// sentence and trigger spans are located by searching the trigger word).
pub fn doc(id: &str, outlet: &str, published: &str, text: &str, events: Vec<Event>) -> Document {
    let mut d = Document::new(id, text);
    d.lang = Some("it".into());
    d.outlet = Some(outlet.into());
    d.published = Some(published.into());
    d.title = text.lines().next().map(str::to_string);
    d.url = Some(format!("https://{outlet}.example/{id}"));
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches('\n');
        if !l.is_empty() {
            d.sentences.push(Span::new(pos, pos + l.len()));
        }
        pos += line.len();
    }
    for mut e in events {
        if let Some(at) = text.find(&e.trigger.text) {
            e.trigger.span = Span::new(at, at + e.trigger.text.len());
            if let Some(s) = d.sentence_at(at as u32) {
                e.sentence = d.sentences[s];
            }
        }
        d.events.push(e);
    }
    d
}

pub fn event(kind: &str, trigger: &str, source: Vec<Entity>, target: Vec<Entity>) -> Event {
    Event {
        event_type: kind.into(),
        mode: None,
        cameo: None,
        source,
        target,
        date: None,
        location: None,
        attribution: None,
        modality: Modality::Asserted,
        quantity: None,
        trigger: Trigger {
            text: trigger.into(),
            span: Span::new(0, 0),
        },
        sentence: Span::new(0, 0),
        confidence: 0.8,
        goldstein: None,
        mentions: Vec::new(),
    }
}

pub fn dated(mut e: Event, value: &str, precision: &str) -> Event {
    e.date = Some(EventDate {
        value: value.into(),
        precision: precision.into(),
        basis: "text".into(),
        time: None,
    });
    e
}

pub fn placed(mut e: Event, text: &str, country: &str) -> Event {
    e.location = Some(Location {
        text: text.into(),
        span: Span::new(0, 0),
        country: Some(country.into()),
        id: None,
        lat: None,
        lon: None,
    });
    e
}

pub fn attributed(mut e: Event, text: &str, country: &str) -> Event {
    e.attribution = Some(Attribution {
        text: text.into(),
        span: Span::new(0, 0),
        country: Some(country.into()),
        sector: Some("JRN".into()),
        id: None,
    });
    e
}

pub fn counted(mut e: Event, value: f64, unit: &str) -> Event {
    e.quantity = Some(EventQuantity {
        value,
        approximate: true,
        unit: Some(unit.into()),
        span: Span::new(0, 0),
    });
    e
}

pub fn time(text: &str, value: &str, precision: &str, from: &str, to: &str) -> Time {
    Time {
        span: Span::new(0, 0),
        text: text.into(),
        value: value.into(),
        precision: precision.into(),
        from: Some(from.into()),
        to: Some(to.into()),
        rule: None,
    }
}

/// The call between Kim and Putin, as an ANSA-like Italian article reports it.
pub fn call_it() -> Document {
    let mut e = dated(
        event("CONSULT", "telefonata", vec![kim(), putin()], vec![]),
        "2025-08-13",
        "day",
    );
    e.mode = Some("phone".into());
    e.cameo = Some("040".into());
    e.goldstein = Some(1.0);
    let e = attributed(e, "Kcna", "PRK");
    let send = counted(
        placed(
            dated(
                event("MOBILIZE", "inviato", vec![nk_troops()], vec![]),
                "2024",
                "year",
            ),
            "Kursk",
            "RUS",
        ),
        15000.0,
        "soldier",
    );
    doc(
        "it-1",
        "ansa",
        "2025-08-13",
        "Telefonata Kim-Putin sulla città di Kursk\nKim Jong Un e Vladimir Putin hanno avuto una telefonata mercoledì.\nPyongyang ha inviato circa 15mila soldati a Kursk lo scorso anno.\n",
        vec![e, send],
    )
}

/// The same call and deployment as an English wire reports them a day later, with another
/// troop figure and another source.
pub fn call_en() -> Document {
    let mut e = dated(
        event("CONSULT", "phone call", vec![putin(), kim()], vec![]),
        "2025-08-13",
        "day",
    );
    e.mode = Some("phone".into());
    let e = attributed(e, "Tass", "RUS");
    let send = counted(
        placed(
            dated(
                event("MOBILIZE", "sent", vec![nk_troops()], vec![]),
                "2024-FA",
                "season",
            ),
            "Kursk",
            "RUS",
        ),
        12000.0,
        "soldier",
    );
    doc(
        "en-1",
        "reuters",
        "2025-08-14",
        "Kim and Putin hold phone call\nPutin and Kim Jong Un had a phone call on Wednesday.\nNorth Korea sent about 12,000 troops to Kursk last autumn.\n",
        vec![e, send],
    )
}
