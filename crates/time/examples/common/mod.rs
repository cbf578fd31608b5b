//! What the window diagnostics (`window_coverage`, `window_yield`) share: reading the texts of
//! one language from a news JSON Lines file, and naming the anchor that opened a window.
#![allow(dead_code)] // each example uses its own part

use std::io::{BufRead, BufReader};

/// Calls `f` on the text of each of the first `limit` articles in language `lang` of a gzipped
/// JSON Lines file of `{"lang","text"}` records; returns how many it read.
pub fn each_text(
    path: &str,
    lang: &str,
    limit: usize,
    mut f: impl FnMut(&str),
) -> Result<usize, Box<dyn std::error::Error>> {
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(std::fs::File::open(
        path,
    )?));
    let mut docs = 0;
    for line in reader.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        if v["lang"].as_str() != Some(lang) {
            continue;
        }
        if docs == limit {
            break;
        }
        docs += 1;
        f(v["text"].as_str().unwrap_or_default());
    }
    Ok(docs)
}

/// An anchor word in lower case, or `digits` for a run of digits and separators, so that
/// numbers are counted as one class.
pub fn anchor_label(word: &str, digits: &str) -> String {
    if word
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        digits.to_string()
    } else {
        word.to_lowercase()
    }
}
