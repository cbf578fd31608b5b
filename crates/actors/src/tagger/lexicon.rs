//! The forms of one language's tables gathered into trie keys and their readings.
//!
//! Why not a `HashMap<String, _>` per form as before: the place table alone has some 200,000
//! names, and an owned key, an interned form and a `Vec` of readings per name were most of the
//! start-up time and memory left once the automata were gone. Here every form and its key go
//! into two text arenas, the keys are grouped with one borrowed-key hash map, and the readings
//! of all keys share one vector.

use std::ops::Index;

use rustc_hash::FxHashMap;

use super::{case_of, lower_non_ascii, Case, Reading, Target};
use crate::trie::Trie;

/// The readings of every key, one slice per key (in the order the tables list them).
pub(super) struct Readings {
    flat: Vec<Reading>,
    /// `flat[start[k]..start[k + 1]]` are key `k`'s readings.
    start: Vec<u32>,
}

impl Index<usize> for Readings {
    type Output = [Reading];
    #[inline]
    fn index(&self, k: usize) -> &[Reading] {
        &self.flat[self.start[k] as usize..self.start[k + 1] as usize]
    }
}

/// Table forms as written (for exact-case checks and demonyms), indexed by `Reading::form`.
#[derive(Default)]
pub(super) struct Forms {
    text: String,
    spans: Vec<(u32, u32)>,
    /// Which of each form's whitespace-separated words start with a capital (bit `i` for
    /// word `i`), or [`MANY_WORDS`]: computed once here, so a case check at a match compares
    /// bits instead of splitting the form and the text into words for every reading.
    caps: Vec<u64>,
}

/// The capitals mask of a form of more than 63 words (checked word by word instead).
pub(super) const MANY_WORDS: u64 = u64::MAX;

/// Bit `i` set when word `i` of `form` (split at whitespace) starts with a capital.
fn caps_mask(form: &str) -> u64 {
    if form.is_ascii() {
        // The same split as `split_whitespace` on ASCII text (tab to carriage return, space).
        let mut mask = 0u64;
        let words = form
            .as_bytes()
            .split(|&b| matches!(b, b'\t'..=b'\r' | b' '))
            .filter(|w| !w.is_empty());
        for (i, w) in words.enumerate() {
            if i >= 63 {
                return MANY_WORDS;
            }
            if w[0].is_ascii_uppercase() {
                mask |= 1 << i;
            }
        }
        return mask;
    }
    let mut mask = 0u64;
    for (i, w) in form.split_whitespace().enumerate() {
        if i >= 63 {
            return MANY_WORDS;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            mask |= 1 << i;
        }
    }
    mask
}

impl Forms {
    /// The capitals mask of form `f` (see `Forms::caps`).
    #[inline]
    pub(super) fn caps(&self, f: usize) -> u64 {
        self.caps[f]
    }
}

impl Index<usize> for Forms {
    type Output = str;
    #[inline]
    fn index(&self, f: usize) -> &str {
        let (s, e) = self.spans[f];
        &self.text[s as usize..e as usize]
    }
}

/// One added form: where its key is in the key arena, its reading, and whether an identical
/// reading already listed for the key makes it redundant (typographic-apostrophe variants are
/// always kept, as they always were).
struct Entry {
    key: (u32, u32),
    reading: Reading,
    dedup: bool,
}

/// Collects `(form, target)` pairs, then builds the tries and readings of one language.
#[derive(Default)]
pub(super) struct Lexicon {
    keys: String,
    forms: Forms,
    entries: Vec<Entry>,
}

impl Lexicon {
    /// An empty lexicon with room for about `forms` forms.
    pub(super) fn with_capacity(forms: usize) -> Lexicon {
        // (About twelve bytes per form in the place table.)
        let text = forms * 12;
        Lexicon {
            keys: String::with_capacity(text),
            forms: Forms {
                text: String::with_capacity(text),
                spans: Vec::with_capacity(forms),
                caps: Vec::with_capacity(forms),
            },
            entries: Vec::with_capacity(forms),
        }
    }

    /// Adds a table form meaning `target` (and its typographic-apostrophe variant: "l’Aquila"
    /// is as common in news text as "l'Aquila").
    pub(super) fn add(&mut self, form: &str, target: Target) {
        // Nearly every table form is trimmed already: an ASCII byte that is no white space at
        // both ends is each end's whole character, and the trim (a decoding walk from each
        // end, some 200,000 times at start-up) would change nothing.
        let b = form.as_bytes();
        let trimmed = matches!((b.first(), b.last()),
            (Some(x), Some(y)) if x.is_ascii_graphic() && y.is_ascii_graphic());
        let form = if trimmed { form } else { form.trim() };
        if form.is_empty() {
            return;
        }
        self.push(form, target, true);
        // (A byte loop: the forms are short, and a library search's set-up cost more.)
        if form.bytes().any(|x| x == b'\'') {
            let alt = form.replace('\'', "’");
            self.push(&alt, target, false);
        }
    }

    fn push(&mut self, form: &str, target: Target, dedup: bool) {
        // The key is lowercased in place in the arena (as `lower_same_len` would): no buffer,
        // no UTF-8 validation of a copy.
        let ks = self.keys.len() as u32;
        self.keys.push_str(form);
        self.keys[ks as usize..].make_ascii_lowercase();
        if !form.is_ascii() {
            let keys = &mut self.keys;
            lower_non_ascii(form, |i, x| {
                let at = ks as usize + i;
                let mut b = [0u8; 4];
                keys.replace_range(at..at + x.len_utf8(), x.encode_utf8(&mut b));
            });
        }
        let fs = self.forms.text.len() as u32;
        self.forms.text.push_str(form);
        self.forms.spans.push((fs, self.forms.text.len() as u32));
        self.forms.caps.push(caps_mask(form));
        self.entries.push(Entry {
            key: (ks, self.keys.len() as u32),
            reading: Reading {
                target,
                case: case_of(form),
                form: (self.forms.spans.len() - 1) as u32,
            },
            dedup,
        });
    }

    /// The readings of every distinct key, the forms as written, and the two tries: keys
    /// with a reading in any case, and keys with a reading that needs a capital or an exact
    /// spelling (a key may be in both).
    pub(super) fn finish(self) -> (Readings, Forms, Trie, Trie) {
        let Lexicon {
            keys,
            mut forms,
            entries,
            ..
        } = self;
        let key_of = |e: &Entry| &keys[e.key.0 as usize..e.key.1 as usize];
        // Keys numbered in order of first appearance.
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        index.reserve(entries.len());
        let mut first: Vec<u32> = Vec::new();
        let of: Vec<u32> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let n = index.len() as u32;
                let k = *index.entry(key_of(e)).or_insert(n);
                if k == n {
                    first.push(i as u32);
                }
                k
            })
            .collect();
        drop(index);
        // Group the entries by key, keeping the tables' order within a key (counting sort).
        let n = first.len();
        let mut start = vec![0u32; n + 1];
        for &k in &of {
            start[k as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut slot = start.clone();
        let mut grouped = vec![0u32; entries.len()];
        for (i, &k) in of.iter().enumerate() {
            grouped[slot[k as usize] as usize] = i as u32;
            slot[k as usize] += 1;
        }
        let mut flat: Vec<Reading> = Vec::with_capacity(entries.len());
        let mut kept_start = Vec::with_capacity(n + 1);
        kept_start.push(0u32);
        for k in 0..n {
            let from = flat.len();
            for &i in &grouped[start[k] as usize..start[k + 1] as usize] {
                let e = &entries[i as usize];
                let r = e.reading;
                let seen = e.dedup
                    && flat[from..].iter().any(|x| {
                        x.target == r.target
                            && x.case == r.case
                            && forms[x.form as usize] == forms[r.form as usize]
                    });
                if !seen {
                    flat.push(r);
                }
            }
            kept_start.push(flat.len() as u32);
        }
        let readings = Readings {
            flat,
            start: kept_start,
        };
        let key_str = |k: usize| key_of(&entries[first[k] as usize]);
        let any = Trie::new(
            (0..n)
                .filter(|&k| readings[k].iter().any(|r| r.case == Case::Any))
                .map(|k| (k as u32, key_str(k))),
        );
        let cap = Trie::new(
            (0..n)
                .filter(|&k| readings[k].iter().any(|r| r.case != Case::Any))
                .map(|k| (k as u32, key_str(k))),
        );
        forms.text.shrink_to_fit();
        forms.spans.shrink_to_fit();
        forms.caps.shrink_to_fit();
        (readings, forms, any, cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of a form as the tries see it, and its readings: (target, case, form).
    fn lookup(
        readings: &Readings,
        forms: &Forms,
        trie: &Trie,
        key: &str,
    ) -> Option<Vec<(Target, Case, String)>> {
        let mut s = trie.root();
        for &b in key.as_bytes() {
            s = trie.step(s, b)?;
        }
        let k = trie.key(s)? as usize;
        Some(
            readings[k]
                .iter()
                .map(|r| (r.target, r.case, forms[r.form as usize].to_string()))
                .collect(),
        )
    }

    #[test]
    fn forms_group_by_lowercased_key_in_table_order_without_repeats() {
        let mut lx = Lexicon::default();
        lx.add(" Usa ", Target::Country(1));
        lx.add("USA", Target::Country(1));
        lx.add("Usa", Target::Country(1));
        lx.add("truppe", Target::SectorNoun(0));
        let (readings, forms, any, cap) = lx.finish();
        assert_eq!(
            lookup(&readings, &forms, &cap, "usa"),
            Some(vec![
                (Target::Country(1), Case::Capital, "Usa".to_string()),
                (Target::Country(1), Case::Exact, "USA".to_string()),
            ])
        );
        // A key is in the any-case trie only with a reading in any case.
        assert_eq!(lookup(&readings, &forms, &any, "usa"), None);
        assert_eq!(
            lookup(&readings, &forms, &any, "truppe"),
            Some(vec![(
                Target::SectorNoun(0),
                Case::Any,
                "truppe".to_string()
            )])
        );
        assert_eq!(lookup(&readings, &forms, &cap, "truppe"), None);
    }

    #[test]
    fn a_form_with_an_apostrophe_is_also_found_with_the_typographic_one() {
        let mut lx = Lexicon::default();
        lx.add("L'Aquila", Target::Place(7, true));
        lx.add("", Target::Place(8, true));
        let (readings, forms, _, cap) = lx.finish();
        let plain = lookup(&readings, &forms, &cap, "l'aquila");
        let curly = lookup(&readings, &forms, &cap, "l’aquila");
        assert_eq!(
            plain,
            Some(vec![(
                Target::Place(7, true),
                Case::Capital,
                "L'Aquila".into()
            )])
        );
        assert_eq!(
            curly,
            Some(vec![(
                Target::Place(7, true),
                Case::Capital,
                "L’Aquila".into()
            )])
        );
    }
}
