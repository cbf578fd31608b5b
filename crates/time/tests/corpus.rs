//! Runs every pack's time corpus (`packs/<lang>/corpus/time*.tsv`) and names each failing
//! example by file and line.
//!
//! A line is `reference<TAB>text<TAB>expected`. `reference` is an ISO date (news convention),
//! `assistant:` + date-time for Duckling's convention, or `-` for none. `expected` lists what
//! must be found, separated by ` ; ` — exactly that, nothing more:
//! * a time: `TEXT = VALUE` or `TEXT = VALUE [FROM..TO]` (a side left empty is open);
//! * a quantity: `TEXT = qty VALUE [approx] [min=N] [max=N] [UNIT]`;
//! * `-` for a negative example: nothing at all is found.

use annalist_doc::Document;
use annalist_lang::Packs;
use annalist_time::{Convention, TimeOptions, TimeTagger};

fn check(tagger: &TimeTagger, lang: &str, line: &str) -> Result<(), String> {
    let cols: Vec<&str> = line.split('\t').collect();
    let [reference, text, expected] = cols[..] else {
        return Err("expected 3 tab-separated columns".into());
    };
    let mut opts = TimeOptions::default();
    let reference = match reference.strip_prefix("assistant:") {
        Some(r) => {
            opts.convention = Convention::Assistant;
            r
        }
        None => reference,
    };
    opts.reference = (reference != "-").then(|| reference.to_string());
    let mut doc = Document::new("t", text);
    doc.lang = Some(lang.to_string());
    tagger.annotate(&mut doc, &opts);
    let mut got: Vec<String> = doc
        .times
        .iter()
        .map(|t| {
            if expected.contains(&format!("{} = {} [", t.text, t.value)) {
                format!(
                    "{} = {} [{}..{}]",
                    t.text,
                    t.value,
                    t.from.clone().unwrap_or_default(),
                    t.to.clone().unwrap_or_default()
                )
            } else {
                format!("{} = {}", t.text, t.value)
            }
        })
        .collect();
    for q in &doc.quantities {
        let mut s = format!("{} = qty {}", q.text, q.value);
        if q.approximate {
            s.push_str(" approx");
        }
        if let Some(m) = q.min {
            s.push_str(&format!(" min={m}"));
        }
        if let Some(m) = q.max {
            s.push_str(&format!(" max={m}"));
        }
        if let Some(u) = &q.unit {
            s.push_str(&format!(" {u}"));
        }
        got.push(s);
    }
    let want: Vec<String> = if expected.trim() == "-" {
        Vec::new()
    } else {
        expected
            .split(" ; ")
            .map(|s| s.trim().to_string())
            .collect()
    };
    let mut g2 = got.clone();
    g2.sort();
    let mut w2 = want.clone();
    w2.sort();
    if g2 != w2 {
        return Err(format!("want {want:?}\n      got  {got:?}"));
    }
    Ok(())
}

#[test]
fn pack_time_corpora() {
    let packs = Packs::embedded().expect("packs load");
    let tagger = TimeTagger::new(&packs).expect("time tables parse");
    let mut failures = Vec::new();
    let mut n = 0;
    for lang in packs.languages() {
        let pack = packs.get(lang).unwrap();
        let files: Vec<&str> = pack
            .files_under("corpus/")
            .filter(|f| f.starts_with("corpus/time"))
            .collect();
        for f in files {
            for row in pack.rows(f) {
                n += 1;
                if let Err(e) = check(&tagger, lang, row.raw) {
                    failures.push(format!("{}:{}: {}\n      {e}", row.file, row.line, row.raw));
                }
            }
        }
    }
    assert!(n >= 40, "too few corpus examples ({n})");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn manifests_list_every_time_table() {
    let packs = Packs::embedded().unwrap();
    let errs: Vec<String> = packs
        .check_manifests()
        .iter()
        .map(|e| e.to_string())
        .filter(|e| e.contains("time/"))
        .collect();
    assert!(errs.is_empty(), "{errs:?}");
}
