//! Lists NER misses and false alarms with counts, for tuning on a BIO file:
//! `cargo run --release -p annalist-actors --example ner_errors TRAIN.tsv [N] [SHOW]`; with
//! SHOW, also prints each sentence where an error's text equals SHOW, with gold and system spans.
//! Then true and false positives per rule (the entity note); with `RULE=text` in the
//! environment, every mention of a rule whose name contains it, with its context.
use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(60);
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    let show = args.get(3).cloned();
    let mut fns: HashMap<String, usize> = HashMap::new();
    let mut fps: HashMap<String, usize> = HashMap::new();
    // Per rule (the entity's note up to its first ';', from the sentence tagged alone): true
    // and false positives, to see which rule costs what.
    let mut by_rule: HashMap<String, (usize, usize)> = HashMap::new();
    // With DUMP=FILE, every sentence with its gold and system spans as JSON Lines, for
    // analysis outside Rust.
    let mut dump = std::env::var("DUMP")
        .ok()
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("DUMP file")));
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
            let mut alone = annalist_doc::Document::new("s", text.to_string());
            alone.lang = Some("it".into());
            tagger.annotate(&mut alone);
            if let Some(f) = dump.as_mut() {
                use std::io::Write;
                let notes: Vec<_> = sys
                    .iter()
                    .map(|s| {
                        alone
                            .entities
                            .iter()
                            .find(|e| e.span.start as usize == s.0 && e.span.end as usize == s.1)
                            .and_then(|e| e.note.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                let line =
                    serde_json::json!({"text": text, "gold": gold, "sys": sys, "notes": notes});
                writeln!(f, "{line}").expect("DUMP write");
            }
            for s in sys {
                let rule = alone
                    .entities
                    .iter()
                    .find(|e| e.span.start as usize == s.0 && e.span.end as usize == s.1)
                    .and_then(|e| e.note.as_deref())
                    .map_or("?", |n| n.split(';').next().unwrap_or(n));
                let rule = format!(
                    "{}:{}",
                    s.2,
                    rule.split(':').take(2).collect::<Vec<_>>().join(":")
                );
                if std::env::var("RULE").is_ok_and(|r| rule.contains(&r)) {
                    let g = gold
                        .iter()
                        .find(|g| g.0 < s.1 && s.0 < g.1)
                        .map_or("-".to_string(), |g| format!("{}:{}", g.2, &text[g.0..g.1]));
                    let ok = if gold.contains(s) { "TP" } else { "FP" };
                    let a = text[..s.0].char_indices().rev().nth(30).map_or(0, |x| x.0);
                    let b = text[s.1..]
                        .char_indices()
                        .nth(30)
                        .map_or(text.len(), |x| s.1 + x.0);
                    println!(
                        "{ok}\t{}\t{g}\t{}[[{}]]{}",
                        &text[s.0..s.1],
                        &text[a..s.0],
                        &text[s.0..s.1],
                        &text[s.1..b]
                    );
                }
                let c = by_rule.entry(rule).or_default();
                if gold.contains(s) {
                    c.0 += 1;
                } else {
                    c.1 += 1;
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
    let mut v: Vec<_> = by_rule.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1 .0 + x.1 .1));
    println!("== BY RULE (tp fp)");
    for (k, (tp, fp)) in v {
        println!("{tp}\t{fp}\t{k}");
    }
    println!("{}", serde_json::to_string(&r.micro).unwrap());
}
