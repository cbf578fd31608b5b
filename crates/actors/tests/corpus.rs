//! Runs every pack's `corpus/actors*.tsv` examples through the tagger and names each failing one.

use annalist_actors::ActorTagger;
use annalist_doc::Document;
use annalist_lang::Packs;

fn check(tagger: &ActorTagger, lang: &str, origin: &str, line: usize, raw: &str) -> Vec<String> {
    let cols: Vec<&str> = raw.split('\t').collect();
    if cols.len() != 3 {
        return vec![format!("{origin}:{line}: expected 3 columns")];
    }
    let mut doc = Document::new("corpus", cols[1]);
    doc.lang = Some(lang.to_string());
    doc.published = Some(cols[0].to_string());
    tagger.annotate(&mut doc);
    let mut fails = Vec::new();
    for item in cols[2].split(';').map(str::trim).filter(|s| !s.is_empty()) {
        if let Some(neg) = item.strip_prefix('!') {
            if let Some(e) = doc.entities.iter().find(|e| e.text == neg) {
                fails.push(format!(
                    "{origin}:{line}: {neg:?} must not be an entity, got {e:?}"
                ));
            }
            continue;
        }
        let Some((mention, want)) = item.split_once('=') else {
            fails.push(format!("{origin}:{line}: bad item {item:?}"));
            continue;
        };
        let parts: Vec<&str> = want.split('/').collect();
        let [country, sector, id, kind] = [0, 1, 2, 3].map(|i| parts.get(i).copied().unwrap_or(""));
        let ok = doc.entities.iter().any(|e| {
            e.text == mention
                // "-" for the country: the entity must have none.
                && (country.is_empty()
                    || (country == "-" && e.country.is_none())
                    || e.country.as_deref() == Some(country))
                // "-" for the sector: the entity must have none (a country as the land, no state).
                && (sector.is_empty()
                    || (sector == "-" && e.sector.is_none())
                    || e.sector.as_deref() == Some(sector))
                // "-" for the id: the entity must have none (a name whose referent is unknown).
                && (id.is_empty()
                    || (id == "-" && e.id.is_none())
                    || e.id.as_deref() == Some(id))
                && (kind.is_empty()
                    || serde_json::to_value(e.kind)
                        .ok()
                        .as_ref()
                        .and_then(|v| v.as_str())
                        == Some(kind))
        });
        if !ok {
            let got: Vec<String> = doc
                .entities
                .iter()
                .map(|e| {
                    format!(
                        "{}={}/{}/{}",
                        e.text,
                        e.country.as_deref().unwrap_or(""),
                        e.sector.as_deref().unwrap_or(""),
                        e.id.as_deref().unwrap_or("")
                    )
                })
                .collect();
            fails.push(format!("{origin}:{line}: expected {item:?}; got {got:?}"));
        }
    }
    fails
}

#[test]
fn pack_corpora() {
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    let mut fails = Vec::new();
    let mut n = 0;
    for lang in packs.languages() {
        let pack = packs.get(lang).unwrap();
        let files: Vec<String> = pack
            .files_under("corpus/")
            .filter(|f| {
                f.rsplit('/')
                    .next()
                    .is_some_and(|b| b.starts_with("actors"))
            })
            .map(str::to_string)
            .collect();
        for f in files {
            for row in pack.rows(&f) {
                n += 1;
                fails.extend(check(&tagger, lang, row.file, row.line, row.raw));
            }
        }
    }
    assert!(n >= 30, "only {n} corpus examples found");
    assert!(
        fails.is_empty(),
        "{} failing:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

#[test]
fn seed_article_entities() {
    let text = include_str!("data/seed.it.txt");
    let packs = Packs::embedded().unwrap();
    let tagger = ActorTagger::new(&packs).unwrap();
    let mut doc = Document::new("seed", text);
    doc.lang = Some("it".into());
    doc.published = Some("2025-08-13".into());
    tagger.annotate(&mut doc);
    let has = |t: &str, c: &str| {
        doc.entities
            .iter()
            .any(|e| e.text == t && e.country.as_deref() == Some(c))
    };
    for (t, c) in [
        ("Pyongyang", "PRK"),
        ("Mosca", "RUS"),
        ("Washington", "USA"),
        ("Seoul", "KOR"),
        ("Cremlino", "RUS"),
        ("Kursk", "RUS"),
    ] {
        assert!(has(t, c), "{t} {c} missing");
    }
    // A later surname links back to the full mention.
    let kim = doc
        .entities
        .iter()
        .position(|e| e.text == "Kim Jong Un")
        .unwrap();
    assert!(doc
        .entities
        .iter()
        .any(|e| e.text == "Kim" && e.coref == Some(kim)));
}
