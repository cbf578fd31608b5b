//! Word patterns of the pack tables (triggers, modality and attribution cues), compiled once into
//! a map from word form to the patterns it can start, so a document is matched with one hash lookup
//! per token and a short forward check, never a regex per token.
//!
//! Pattern syntax (space-separated elements): `V:lemma` any form of a verb, `N:lemma` a noun and its
//! plural, `word` or `w1|w2` literal words; a `+` prefix means the element must follow the previous one
//! directly, otherwise up to [`MAX_GAP`] words may come between (the object of "inviare … truppe").

use rustc_hash::FxHashMap as HashMap;

use annalist_lang::{PackError, Row};

use crate::morph::{Morphology, Tag};

/// Words allowed between two elements of a pattern unless the element is marked `+`.
pub const MAX_GAP: usize = 5;

/// Every word a language's tables name (pattern forms, role words, blockers), numbered once, so a
/// document's tokens are hashed as strings once ([`Vocab::ids`]) and every later test is on `u32`.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
}

/// The id of a token no table names.
pub const UNKNOWN: u32 = u32::MAX;

impl Vocab {
    /// The id of `w`, adding it when new.
    pub fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(w.to_string(), id);
        id
    }

    /// The id of each word ([`UNKNOWN`] for words no table names).
    pub fn ids(&self, words: &[&str]) -> Vec<u32> {
        words
            .iter()
            .map(|w| self.ids.get(*w).copied().unwrap_or(UNKNOWN))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[derive(Debug, Clone)]
struct Element {
    /// Accepted forms (vocabulary ids), with the verb tag when the element is a verb.
    forms: HashMap<u32, Option<Tag>>,
    adjacent: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
struct Pattern {
    elements: Vec<Element>,
}

/// A match of pattern `id` over tokens `first..=last`; `tag` is the verb tag of the head element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: usize,
    pub first: usize,
    pub last: usize,
    /// Token index of each element would be costly to keep; the head is `first`.
    pub tag: Option<Tag>,
    /// Whether the head element is a verb.
    pub verb: bool,
    /// Number of elements of the pattern: more specific patterns win over tighter ones.
    pub elements: usize,
    /// First token of the fixed phrase the match ends in (its last element and those joined to
    /// it by `+`): "arrest warrant" in "issued an arrest warrant" is one word of the pattern, so
    /// its "arrest" is no trigger of its own.
    pub tail: usize,
}

/// A set of patterns, each with the caller's id (its index of insertion).
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    verb_head: Vec<bool>,
    first: HashMap<u32, Vec<usize>>,
    /// `first` laid out by vocabulary id once loading is done ([`finish`](Self::finish)): the
    /// patterns a word starts are `starts[span[id]]`, no hashing per token.
    span: Vec<(u32, u32)>,
    starts: Vec<usize>,
    /// The verb tag of the first element's form, beside each entry of `starts` (the word that
    /// starts the patterns there): read without a hash lookup in the element's forms.
    start_tags: Vec<Option<Tag>>,
    /// By vocabulary id: whether the word is a form of some element after the first, so that
    /// the words of a gap are passed over without a hash lookup in each element's forms.
    later: Vec<bool>,
}

impl PatternSet {
    /// Compiles `text` (pattern syntax above) and returns its id.
    pub fn add(
        &mut self,
        row: &Row,
        text: &str,
        morph: &Morphology,
        vocab: &mut Vocab,
    ) -> Result<usize, PackError> {
        let mut elements = Vec::new();
        let mut head_verb = false;
        for (i, raw) in text.split_whitespace().enumerate() {
            let (adjacent, el) = match raw.strip_prefix('+') {
                Some(r) => (true, r),
                None => (false, raw),
            };
            let mut forms: HashMap<String, Option<Tag>> = HashMap::default();
            if let Some(lemma) = el.strip_prefix("V:") {
                if i == 0 {
                    head_verb = true;
                }
                for alt in lemma.split('|') {
                    for (tag, f) in morph.forms(&alt.to_lowercase()) {
                        // a form that can be a participle is kept as one ("killed"): passives need it
                        let e = forms.entry(f).or_insert(Some(tag));
                        if tag == Tag::Part {
                            *e = Some(Tag::Part);
                        }
                    }
                }
            } else if let Some(lemma) = el.strip_prefix("N:") {
                for alt in lemma.split('|') {
                    for f in morph.noun_forms(&alt.to_lowercase()) {
                        forms.insert(f, None);
                    }
                }
            } else {
                for alt in el.split('|') {
                    forms.insert(alt.to_lowercase(), None);
                }
            }
            if forms.keys().any(|f| f.is_empty()) || el.is_empty() {
                return Err(row.error(format!("empty element in pattern {text:?}")));
            }
            let forms = forms
                .into_iter()
                .map(|(f, tag)| (vocab.intern(&f), tag))
                .collect();
            elements.push(Element { forms, adjacent });
        }
        if elements.is_empty() {
            return Err(row.error("empty pattern"));
        }
        let id = self.patterns.len();
        for &f in elements[0].forms.keys() {
            self.first.entry(f).or_default().push(id);
        }
        self.patterns.push(Pattern { elements });
        self.verb_head.push(head_verb);
        Ok(id)
    }

    /// Lays the start table out by vocabulary id (`n` ids in all); call once every table sharing
    /// the vocabulary is loaded.
    pub fn finish(&mut self, n: usize) {
        self.span = vec![(0, 0); n];
        self.starts.clear();
        self.start_tags.clear();
        for (&w, ids) in &self.first {
            if let Some(slot) = self.span.get_mut(w as usize) {
                *slot = (self.starts.len() as u32, ids.len() as u32);
                self.starts.extend(ids);
                self.start_tags.extend(ids.iter().map(|&id| {
                    self.patterns[id].elements[0]
                        .forms
                        .get(&w)
                        .copied()
                        .flatten()
                }));
            }
        }
        self.later = vec![false; n];
        for p in &self.patterns {
            for el in &p.elements[1..] {
                for &f in el.forms.keys() {
                    if let Some(slot) = self.later.get_mut(f as usize) {
                        *slot = true;
                    }
                }
            }
        }
    }

    /// Whether `w` may be a form of an element after the first (true when unsure: before
    /// [`finish`](Self::finish), or an id it did not lay out).
    #[inline]
    fn may_follow(&self, w: u32) -> bool {
        w != UNKNOWN && self.later.get(w as usize).copied().unwrap_or(true)
    }

    /// Every match starting at token `i` of `words` (vocabulary ids of the lowercased token
    /// texts, [`Vocab::ids`]), not crossing `end`.
    #[inline]
    pub fn matches_at(&self, words: &[u32], i: usize, end: usize, out: &mut Vec<Hit>) {
        self.matches_at_over(words, i, end, &[], out)
    }

    /// As [`matches_at`](Self::matches_at), with `transparent[j]` marking tokens that neither
    /// count in a gap nor break adjacency: a time expression ("condannato ieri a tre anni") and
    /// all but the last token of a multi-word name ("Alexei Navalny" counts as one word), so a
    /// clause's adverbs and long names do not hide its verb's complement.
    ///
    /// Callers try every token of a sentence and most start no pattern: that test is inlined
    /// into their loop, and only a word that starts one pays for the call.
    #[inline]
    pub fn matches_at_over(
        &self,
        words: &[u32],
        i: usize,
        end: usize,
        transparent: &[bool],
        out: &mut Vec<Hit>,
    ) {
        let w = words[i];
        if w == UNKNOWN {
            return;
        }
        let starts = match self.span.get(w as usize) {
            Some(&(_, n)) => n > 0,
            None => self.first.contains_key(&w),
        };
        if starts {
            self.matches_from(words, i, end, transparent, out);
        }
    }

    /// The body of [`matches_at_over`](Self::matches_at_over) for a word that starts patterns.
    #[inline(never)]
    fn matches_from(
        &self,
        words: &[u32],
        i: usize,
        end: usize,
        transparent: &[bool],
        out: &mut Vec<Hit>,
    ) {
        let (ids, tags): (&[usize], Option<&[Option<Tag>]>) = match self.span.get(words[i] as usize)
        {
            Some(&(a, n)) => {
                let r = a as usize..(a + n) as usize;
                (&self.starts[r.clone()], Some(&self.start_tags[r]))
            }
            _ => match self.first.get(&words[i]) {
                Some(v) => (v, None),
                None => return,
            },
        };
        if ids.is_empty() {
            return;
        }
        for (k, &id) in ids.iter().enumerate() {
            let p = &self.patterns[id];
            let tag = match tags {
                Some(t) => t[k],
                None => p.elements[0].forms.get(&words[i]).copied().flatten(),
            };
            let mut pos = i;
            let mut tail = i;
            let mut ok = true;
            for el in &p.elements[1..] {
                let max = if el.adjacent { 1 } else { MAX_GAP + 1 };
                let mut found = None;
                let mut counted = 0;
                let mut j = pos + 1;
                while j < end && counted < max {
                    if self.may_follow(words[j]) && el.forms.contains_key(&words[j]) {
                        found = Some(j);
                        break;
                    }
                    if !transparent.get(j).copied().unwrap_or(false) {
                        counted += 1;
                    }
                    j += 1;
                }
                match found {
                    Some(j) => {
                        if !el.adjacent {
                            tail = j;
                        }
                        pos = j
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                out.push(Hit {
                    id,
                    first: i,
                    last: pos,
                    tag,
                    verb: self.verb_head[id],
                    elements: p.elements.len(),
                    tail,
                });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}
