//! Imports people and organisations from a Wikidata JSON dump into a pack folder.
//!
//! The dump (`latest-all.json[.gz]`, or any filtered extract of it) is a JSON array with one
//! entity per line. It is streamed line by line, so memory holds only what is kept: countries
//! (items with an ISO 3166-1 alpha-3 code, P298), people (instance of human, Q5) with a
//! citizenship or a position, and organisations of the classes asked for. Labels and aliases are
//! kept in the pack languages; positions held (P39) become dated rows of `roles.tsv` whose role
//! key is `wd:<position Q-id>`.
//!
//! The output is a folder laid out like `packs/` (`common/pack.toml`, `common/actors/…` with a
//! manifest naming Wikidata as the source, CC0), which `Packs::add_dir` loads on top of the
//! embedded packs, so the tagger uses it with no Rust change.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use serde_json::Value;

/// What went wrong reading the dump or writing the pack.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// Counts of what the import read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportStats {
    pub entities: usize,
    pub countries: usize,
    pub people: usize,
    pub orgs: usize,
    pub roles: usize,
    /// Lines that were not valid JSON entities (skipped; one bad line never loses the others).
    pub bad_lines: usize,
}

/// Organisation classes kept by default: organization, political party, news agency, armed
/// organization, international organization.
pub const DEFAULT_ORG_CLASSES: &[&str] = &["Q43229", "Q7278", "Q192283", "Q17149090", "Q484652"];

struct PersonRec {
    qid: String,
    name: String,
    aliases: Vec<String>,
    citizenship: Vec<String>,
    positions: Vec<(String, String, String)>,
}

struct OrgRec {
    qid: String,
    name: String,
    aliases: Vec<String>,
    country: Option<String>,
    news: bool,
}

/// The string found at `pointer` in each claim of `prop`.
fn claim_strings(claims: &Value, prop: &str, pointer: &str) -> Vec<String> {
    claims
        .get(prop)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.pointer(pointer).and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// The item ids (Q…) a property points to.
fn item_ids(claims: &Value, prop: &str) -> Vec<String> {
    claim_strings(claims, prop, "/mainsnak/datavalue/value/id")
}

/// The plain string values of a property.
fn string_values(claims: &Value, prop: &str) -> Vec<String> {
    claim_strings(claims, prop, "/mainsnak/datavalue/value")
}

/// `+2012-05-07T00:00:00Z` → `2012-05-07`; month or year precision fills with 01.
fn wd_date(v: &Value) -> Option<String> {
    let t = v.pointer("/datavalue/value/time")?.as_str()?;
    let t = t.strip_prefix('+')?;
    let d = t.get(..10)?;
    Some(d.replace("-00", "-01"))
}

fn qualifier_date(stmt: &Value, prop: &str) -> Option<String> {
    stmt.pointer(&format!("/qualifiers/{prop}/0"))
        .and_then(wd_date)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '|'], " ").trim().to_string()
}

fn names(e: &Value, langs: &[&str]) -> Option<(String, Vec<String>)> {
    let mut name = None;
    let mut aliases = Vec::new();
    for l in langs {
        if let Some(v) = e
            .pointer(&format!("/labels/{l}/value"))
            .and_then(Value::as_str)
        {
            let v = clean(v);
            if name.is_none() {
                name = Some(v.clone());
            }
            if !aliases.contains(&v) {
                aliases.push(v);
            }
        }
        for a in e
            .pointer(&format!("/aliases/{l}"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(v) = a.get("value").and_then(Value::as_str) {
                let v = clean(v);
                if !v.is_empty() && !aliases.contains(&v) {
                    aliases.push(v);
                }
            }
        }
    }
    name.map(|n| (n, aliases))
}

/// Streams the dump at `input` (gzip when it ends in `.gz`) and writes a pack folder at `out`
/// with `common/actors/{people,orgs,roles}.tsv`. `langs` are the label languages, first
/// preferred (e.g. `["en", "it"]`); `org_classes` the P31 classes kept as organisations
/// ([`DEFAULT_ORG_CLASSES`] when empty).
pub fn import_wikidata(
    input: &Path,
    out: &Path,
    langs: &[&str],
    org_classes: &[&str],
) -> Result<ImportStats, ImportError> {
    let show = input.display().to_string();
    let f = std::fs::File::open(input).map_err(|e| ImportError::Io(show.clone(), e))?;
    let reader: Box<dyn Read> = if show.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let classes: Vec<&str> = if org_classes.is_empty() {
        DEFAULT_ORG_CLASSES.to_vec()
    } else {
        org_classes.to_vec()
    };
    let mut stats = ImportStats::default();
    let mut alpha3: HashMap<String, String> = HashMap::new();
    let mut people: Vec<PersonRec> = Vec::new();
    let mut orgs: Vec<OrgRec> = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line.map_err(|e| ImportError::Io(show.clone(), e))?;
        let l = line.trim().trim_end_matches(',');
        if l.is_empty() || l == "[" || l == "]" {
            continue;
        }
        let e: Value = match serde_json::from_str(l) {
            Ok(v) => v,
            Err(_) => {
                stats.bad_lines += 1;
                continue;
            }
        };
        let Some(qid) = e.get("id").and_then(Value::as_str) else {
            stats.bad_lines += 1;
            continue;
        };
        stats.entities += 1;
        let claims = e.get("claims").cloned().unwrap_or(Value::Null);
        if let Some(code) = string_values(&claims, "P298").into_iter().next() {
            alpha3.insert(qid.to_string(), code);
            stats.countries += 1;
            continue;
        }
        let p31 = item_ids(&claims, "P31");
        let Some((name, aliases)) = names(&e, langs) else {
            continue;
        };
        if p31.iter().any(|c| c == "Q5") {
            let positions = claims
                .get("P39")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    let pos = s.pointer("/mainsnak/datavalue/value/id")?.as_str()?;
                    let start = qualifier_date(s, "P580")?;
                    let end = qualifier_date(s, "P582").unwrap_or_default();
                    Some((pos.to_string(), start, end))
                })
                .collect();
            people.push(PersonRec {
                qid: qid.to_string(),
                name,
                aliases,
                citizenship: item_ids(&claims, "P27"),
                positions,
            });
        } else if p31.iter().any(|c| classes.contains(&c.as_str())) {
            let country = item_ids(&claims, "P17").into_iter().next();
            orgs.push(OrgRec {
                qid: qid.to_string(),
                name,
                aliases,
                country,
                news: p31.iter().any(|c| c == "Q192283"),
            });
        }
    }
    let dir = out.join("common").join("actors");
    std::fs::create_dir_all(&dir).map_err(|e| ImportError::Io(dir.display().to_string(), e))?;
    let write = |name: &str, body: &str| -> Result<(), ImportError> {
        let p = dir.join(name);
        let mut f =
            std::fs::File::create(&p).map_err(|e| ImportError::Io(p.display().to_string(), e))?;
        f.write_all(body.as_bytes())
            .map_err(|e| ImportError::Io(p.display().to_string(), e))
    };
    let header = |what: &str, cols: &str| {
        format!("# {what} imported from a Wikidata JSON dump ({show}) by annalist import-wikidata.\n# Wikidata, CC0 1.0. Do not edit: rerun the import.\n# {cols}\n")
    };
    let mut ppl = header(
        "People",
        "id\twikidata\tname\tcountry\tsector\taliases\tshort",
    );
    let mut roles = header("Positions held", "roles\tscope\tperson\tstart\tend");
    for p in &people {
        let Some(country) = p.citizenship.iter().find_map(|c| alpha3.get(c)) else {
            continue;
        };
        stats.people += 1;
        let id = format!("wd:{}", p.qid);
        ppl.push_str(&format!(
            "{id}\t{}\t{}\t{country}\tGOV\t{}\t\n",
            p.qid,
            p.name,
            p.aliases.join("|")
        ));
        for (pos, start, end) in &p.positions {
            if !end.is_empty() && end.as_str() < start.as_str() {
                continue;
            }
            stats.roles += 1;
            roles.push_str(&format!("wd:{pos}\t{country}\t{id}\t{start}\t{end}\n"));
        }
    }
    let mut org = header(
        "Organisations",
        "id\twikidata\tkind\tname\tcountry\tsector\taliases",
    );
    for o in &orgs {
        let country = o
            .country
            .as_ref()
            .and_then(|c| alpha3.get(c))
            .cloned()
            .unwrap_or_else(|| "IGO".to_string());
        stats.orgs += 1;
        let (kind, sector) = if o.news {
            ("media", "JRN")
        } else {
            ("org", "UNK")
        };
        org.push_str(&format!(
            "wd:{}\t{}\t{kind}\t{}\t{country}\t{sector}\t{}\n",
            o.qid,
            o.qid,
            o.name,
            o.aliases.join("|")
        ));
    }
    write("people.tsv", &ppl)?;
    write("roles.tsv", &roles)?;
    write("orgs.tsv", &org)?;
    let manifest = ["people.tsv", "roles.tsv", "orgs.tsv"]
        .iter()
        .map(|f| {
            format!("[[table]]\nfile = \"{f}\"\nsource = \"Wikidata JSON dump {}\"\nlicence = \"CC0-1.0\"\nkind = \"generated\"\ngenerator = \"annalist packs import-wikidata\"\n\n", show.replace('"', "'"))
        })
        .collect::<String>();
    write("manifest.toml", &manifest)?;
    let pt = out.join("common").join("pack.toml");
    std::fs::write(
        &pt,
        "code = \"common\"\nname = \"Imported from Wikidata\"\n",
    )
    .map_err(|e| ImportError::Io(pt.display().to_string(), e))?;
    Ok(stats)
}
