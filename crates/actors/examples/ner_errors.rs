//! Lists NER misses and false alarms with counts, for tuning on a BIO file:
//! `cargo run --release -p annalist-actors --example ner_errors TRAIN.tsv [N] [SHOW]`; with
//! SHOW, also prints each sentence where an error's text equals SHOW, with gold and system spans.
use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(60);
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    let show = args.get(3).cloned();
    let mut fns: HashMap<String, usize> = HashMap::new();
    let mut fps: HashMap<String, usize> = HashMap::new();
    let r = annalist_actors::eval_ner_with(
        &tagger,
        std::path::Path::new(&args[1]),
        "it",
        &mut |text, gold, sys| {
            if let Some(w) = &show {
                let hit = gold
                    .iter()
                    .chain(sys.iter())
                    .any(|x| &text[x.0..x.1] == w && !(gold.contains(x) && sys.contains(x)));
                if hit {
                    let fmt = |v: &[annalist_actors::NerSpan]| {
                        v.iter()
                            .map(|x| format!("{}:{}", x.2, &text[x.0..x.1]))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    };
                    println!("{text}\n  gold: {}\n  sys:  {}", fmt(gold), fmt(sys));
                }
            }
            for g in gold {
                if !sys.contains(g) {
                    let near = sys
                        .iter()
                        .find(|s| s.0 < g.1 && g.0 < s.1)
                        .map(|s| format!(" ~{}:{}", s.2, &text[s.0..s.1]))
                        .unwrap_or_default();
                    *fns.entry(format!("{}:{}{near}", g.2, &text[g.0..g.1]))
                        .or_default() += 1;
                }
            }
            for s in sys {
                if !gold.contains(s) {
                    let near = gold
                        .iter()
                        .find(|g| s.0 < g.1 && g.0 < s.1)
                        .map(|g| format!(" ~{}:{}", g.2, &text[g.0..g.1]))
                        .unwrap_or_default();
                    *fps.entry(format!("{}:{}{near}", s.2, &text[s.0..s.1]))
                        .or_default() += 1;
                }
            }
        },
    )
    .expect("ner");
    for (name, m) in [("MISSED", fns), ("FALSE", fps)] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!(
            "== {name} ({} distinct, {} total)",
            v.len(),
            v.iter().map(|x| x.1).sum::<usize>()
        );
        for (k, c) in v.iter().take(n) {
            println!("{c}\t{k}");
        }
    }
    println!("{}", serde_json::to_string(&r.micro).unwrap());
}
