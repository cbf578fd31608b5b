//! Lists GeoWebNews toponyms the tagger misses or resolves more than 161 km away, most
//! frequent first: `cargo run --release -p annalist-actors --example geo_errors GEO_DIR`.
use std::collections::HashMap;

fn main() {
    let dir = std::env::args().nth(1).expect("GEO_DIR");
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut wrong: HashMap<String, usize> = HashMap::new();
    let r = annalist_actors::eval_geo_with(
        &tagger,
        std::path::Path::new(&dir),
        &mut |s, g, n, p| match (g, p) {
            (Some(g), Some(p)) => {
                let d = ((g.0 - p.0).powi(2) + (g.1 - p.1).powi(2)).sqrt();
                if d > 1.4 {
                    let k = format!(
                        "{s} -> {} ({:.1},{:.1}) gold ({:.1},{:.1})",
                        n.unwrap_or(""),
                        p.0,
                        p.1,
                        g.0,
                        g.1
                    );
                    *wrong.entry(k).or_default() += 1;
                }
            }
            (Some(_), None) => *missed.entry(s.to_string()).or_default() += 1,
            _ => {}
        },
    )
    .expect("geo");
    for (title, m) in [("WRONG (rough, >1.4 degrees)", wrong), ("MISSED", missed)] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!("== {title}: {}", v.iter().map(|x| x.1).sum::<usize>());
        for (k, c) in v.iter().take(
            std::env::var("GEO_ERRORS_TOP")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(80),
        ) {
            println!("{c}\t{k}");
        }
    }
    println!("{}", serde_json::to_string(&r).unwrap());
}
