//! What the randomized tests of this folder share: a seeded generator, and the mutation of a
//! real table row into one an analyst might write by mistake.
// (Each test file includes this module and uses part of it.)
#![allow(dead_code)]

use std::path::Path;

/// A small xorshift generator: the same texts and tables on every run and every machine, so a
/// failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Cells a table may hold by mistake: empty or padded, numbers out of every range, dates that
/// do not exist, coordinates off the globe, codes of no table, characters whose case mapping
/// changes their length, brackets of the rule syntax left open, list separators with nothing
/// between, a tab inside a cell.
pub const BAD_CELLS: &[&str] = &[
    "",
    " ",
    "x",
    " ITA ",
    "XXX",
    "ita",
    "-1",
    "0",
    "13",
    "99999999999999999999999",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "91.5",
    "-181",
    "12,5",
    "2020-13-45",
    "2024-02-30",
    "0000-00-00",
    "2020",
    "2020-05",
    "9999-12-31",
    "İ",
    "ẞ",
    "e\u{301}",
    "'",
    "’",
    "|",
    "||",
    "a||b",
    "<",
    ">",
    "<>",
    "<x",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "*",
    "?",
    "+",
    "\\",
    "$",
    "^",
    "{1,",
    "=",
    ";",
    ":",
    "Q",
    "Q-5",
    "p:",
    "p:a",
    "o:un",
    "gn:",
    "GOV|MIL",
    "head_of_state|",
    "past",
    "\u{feff}x",
    "x\ty",
    "🙂",
];

/// One mutation of a real row: a cell replaced by a bad one, a cell dropped or added, or the
/// row cut at a character boundary.
pub fn mutate(rng: &mut Rng, row: &str) -> String {
    let mut cells: Vec<String> = row.split('\t').map(String::from).collect();
    match rng.below(4) {
        0 => {
            let i = rng.below(cells.len());
            cells[i] = BAD_CELLS[rng.below(BAD_CELLS.len())].to_string();
        }
        1 if cells.len() > 1 => {
            cells.remove(rng.below(cells.len()));
        }
        2 => cells.push(BAD_CELLS[rng.below(BAD_CELLS.len())].to_string()),
        _ => {
            let cut = rng.below(row.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&c| row.is_char_boundary(c))
                .unwrap_or(0);
            return row[..cut].to_string();
        }
    }
    cells.join("\t")
}

/// The repository's `packs/` folder.
pub fn repo_packs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packs")
}
