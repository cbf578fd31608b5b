//! Which anchors open the windows that report nothing, and how many tokens those windows
//! hold: a guide for making the anchor test exact.
//!
//! `cargo run --release -p annalist-time --example window_yield -- FILE.jsonl.gz LANG [LIMIT]`
mod common;

use std::collections::HashMap;

use annalist_time::chart::Chart;
use annalist_time::prod::{Ctx, Now, Val};
use annalist_time::rules::{Grammar, K_DUR, K_QTY, K_TIME};
use annalist_time::{cal, tense, token, window, Convention};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let path = a.first().ok_or("usage: window_yield FILE LANG [LIMIT]")?;
    let lang = a.get(1).map(String::as_str).unwrap_or("it");
    let limit: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let packs = annalist_lang::Packs::embedded()?;
    let g = Grammar::load(packs.get(lang).ok_or("no such pack")?)?;
    let pf = g.prefilter.as_ref().ok_or("no prefilter")?;
    let holidays = HashMap::new();
    let (mut items, mut wins, mut toks) = (Vec::new(), Vec::new(), Vec::new());
    let mut chart = Chart::default();
    let mut pieces = Vec::new();
    // (windows, tokens) by outcome: skipped by may_build, parsed and empty, parsed and found.
    let mut stats = [(0usize, 0usize); 3];
    let mut empty_by: HashMap<String, usize> = HashMap::new();
    common::each_text(path, lang, limit, |text| {
        pf.scan(&g, text, false, &mut items);
        window::windows(&items, pf.span, &mut wins);
        for &(s, e) in &wins {
            token::from_items(text, &items[s..e], &mut toks);
            chart.prepare(&g, &toks);
            let k = if !chart.may_build(&g, false) {
                0
            } else {
                let ctx = Ctx {
                    g: &g,
                    now: Now::new(jiff::civil::date(2001, 1, 3).at(12, 0, 0, 0)),
                    offset: None,
                    conv: Convention::News,
                    seasons: &[],
                    holidays: &holidays,
                };
                chart.run(
                    &toks,
                    &ctx,
                    &mut tense::Dirs::fixed(cal::Dir::Past),
                    &mut pieces,
                );
                let found = pieces.iter().any(|p| match &p.val {
                    Val::Qty(q) => q.marked,
                    _ => matches!(p.kind, K_TIME | K_DUR),
                } && p.kind != K_QTY || matches!(&p.val, Val::Qty(q) if q.marked));
                if found {
                    2
                } else {
                    1
                }
            };
            stats[k].0 += 1;
            stats[k].1 += e - s;
            if k < 2 {
                let anchors: Vec<String> = items[s..e]
                    .iter()
                    .filter(|it| it.anchor)
                    .map(|it| {
                        common::anchor_label(&text[it.start as usize..it.end as usize], "<d>")
                    })
                    .collect();
                *empty_by
                    .entry(format!("{k} {}", anchors.join(" ")))
                    .or_default() += 1;
            }
        }
    })?;
    for (name, (w, t)) in ["skipped", "parsed, nothing", "parsed, found"]
        .iter()
        .zip(stats)
    {
        println!("{name}: {w} windows, {t} items");
    }
    let mut top: Vec<_> = empty_by.into_iter().collect();
    top.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (w, n) in top.iter().take(60) {
        println!("{n:>6} {w}");
    }
    Ok(())
}
