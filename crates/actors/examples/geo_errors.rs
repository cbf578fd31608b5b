//! Lists GeoWebNews toponyms the tagger misses or resolves more than 161 km away, most
//! frequent first, and what overlapped the missed ones:
//! `cargo run --release -p annalist-actors --example geo_errors GEO_DIR`
//! (`GEO_ERRORS_TOP=N` lists N of each instead of 80; `GEO_ERRORS_CONTEXT=1` also prints each
//! miss and wrong point with its article and the text around it, as `CTX` lines).
use std::collections::HashMap;

fn main() {
    let dir = std::env::args().nth(1).expect("GEO_DIR");
    let top: usize = std::env::var("GEO_ERRORS_TOP")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(80);
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut wrong: HashMap<String, usize> = HashMap::new();
    let mut covered_by: HashMap<String, usize> = HashMap::new();
    // GEO_ERRORS_CONTEXT=1: every miss and wrong point with its document and context.
    let context = std::env::var("GEO_ERRORS_CONTEXT").is_ok_and(|v| v == "1");
    let r = annalist_actors::eval_geo_with(&tagger, std::path::Path::new(&dir), &mut |c| {
        let bad = match (c.gold, c.point) {
            (Some(g), Some(p)) => haversine_km(g, p) > 161.0,
            (Some(_), None) => true,
            _ => false,
        };
        if context && bad {
            let line = c.context.replace('\n', " ");
            println!(
                "CTX {}\t{} [{}] -> {}\t{line}",
                c.document,
                c.surface,
                c.kind,
                c.name.unwrap_or("-")
            );
        }
        match (c.gold, c.point) {
            (Some(g), Some(p)) if haversine_km(g, p) > 161.0 => {
                let k = format!(
                    "{} -> {} ({:.1},{:.1}) gold ({:.1},{:.1})",
                    c.surface,
                    c.name.unwrap_or(""),
                    p.0,
                    p.1,
                    g.0,
                    g.1
                );
                *wrong.entry(k).or_default() += 1;
            }
            (Some(_), None) => {
                let by = c.overlapping.clone().unwrap_or_else(|| "nothing".into());
                // The kind and the note's first words: "Person title", "Org rule: acronym".
                let by: String = by.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                *missed
                    .entry(format!("{} [{}] under {by}", c.surface, c.kind))
                    .or_default() += 1;
                *covered_by.entry(by).or_default() += 1;
            }
            _ => {}
        }
    })
    .expect("geo");
    for (title, m) in [
        ("WRONG (> 161 km)", wrong),
        ("MISSED", missed),
        ("MISSED, under", covered_by),
    ] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!("== {title}: {}", v.iter().map(|x| x.1).sum::<usize>());
        for (k, c) in v.iter().take(top) {
            println!("{c}\t{k}");
        }
    }
    println!("{}", serde_json::to_string(&r).unwrap());
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}
