//! Share of a news corpus's items that fall inside candidate windows (what the chart parses),
//! and the anchors that open the most windows: a guide for tightening the anchor classes.
//!
//! `cargo run --release -p annalist-time --example window_coverage -- FILE.jsonl.gz LANG [LIMIT]`
mod common;

use std::collections::HashMap;

use annalist_time::rules::Grammar;
use annalist_time::window;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let path = a
        .first()
        .ok_or("usage: window_coverage FILE LANG [LIMIT]")?;
    let lang = a.get(1).map(String::as_str).unwrap_or("it");
    let limit: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let packs = annalist_lang::Packs::embedded()?;
    let g = Grammar::load(packs.get(lang).ok_or("no such pack")?)?;
    let pf = g.prefilter.as_ref().ok_or("no prefilter")?;
    let (mut items_n, mut covered, mut nwin) = (0usize, 0usize, 0usize);
    let mut by_anchor: HashMap<String, usize> = HashMap::new();
    let (mut items, mut wins) = (Vec::new(), Vec::new());
    let docs = common::each_text(path, lang, limit, |text| {
        pf.scan(&g, text, false, &mut items);
        window::windows(&items, pf.span, &mut wins);
        items_n += items.len();
        nwin += wins.len();
        covered += wins.iter().map(|w| w.1 - w.0).sum::<usize>();
        for it in items.iter().filter(|it| it.anchor) {
            let w = common::anchor_label(&text[it.start as usize..it.end as usize], "<digits>");
            *by_anchor.entry(w).or_default() += 1;
        }
    })?;
    println!(
        "{lang}: {} docs, {items_n} items, {nwin} windows, {:.1}% of items in windows",
        docs,
        100.0 * covered as f64 / items_n.max(1) as f64
    );
    let mut top: Vec<_> = by_anchor.into_iter().collect();
    top.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (w, n) in top.iter().take(40) {
        println!("{n:>7} {w}");
    }
    Ok(())
}
