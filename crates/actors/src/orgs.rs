//! Organisations no table lists, found by the common noun that introduces them.
//!
//! A capitalised run that neither a table nor the name rules classified is dropped (most such
//! runs are works, slogans, products or capitalised common nouns). Italian news, though,
//! usually introduces a company, a newspaper or a club by its kind: "il quotidiano X", "la
//! società X", "l'agenzia di stampa X", "X, società che …". After such a head noun (with at most
//! one adjective between: "la compagnia aerea X") the run is an organisation; a later mention
//! of the same words without the head is the same organisation. On KIND train the head noun
//! cue was right about two times in three, where the run was otherwise lost.
//!
//! The cue words are data: `actors/org_cues.tsv` (`org_heads`, `org_appositions`,
//! `org_not_modifiers`); a language without them finds nothing here.

use crate::names::RuleName;
use crate::tables::LangTables;
use annalist_doc::EntityKind;
use rustc_hash::FxHashSet as HashSet;

/// The rule names this module gives ([`RuleName::rule`]).
pub(crate) const HEAD_RULE: &str = "org head noun";
pub(crate) const APPOSITION_RULE: &str = "org apposition";
pub(crate) const REPEAT_RULE: &str = "repeat of a cued organisation";

/// The cue words of one language, lower case.
#[derive(Default)]
pub(crate) struct OrgCues {
    /// Head nouns, one to three words joined by single spaces ("quotidiano", "agenzia di
    /// stampa").
    heads: HashSet<String>,
    /// The longest head in words.
    head_words: usize,
    /// Nouns that, after a comma or a bracket following a run, describe it as an
    /// organisation ("X, società che …").
    appositions: HashSet<String>,
    /// Lower-case words that never stand as the adjective between a head and its name
    /// (prepositions, articles, verbs: "il gruppo nel X", "il sito ufficiale del X").
    not_modifiers: HashSet<String>,
    /// Connectors inside a name ("di", "del"): the name rules' own list, without "and".
    connectors: HashSet<String>,
    /// Articles allowed between an apposition's comma and its noun ("X, la società …").
    articles: HashSet<String>,
    /// The longest article in bytes: a longer word is none, with no comparison.
    article_len: usize,
}

impl OrgCues {
    pub(crate) fn new(lt: &LangTables) -> OrgCues {
        let get = |k: &str| -> HashSet<String> {
            lt.grammar_rules
                .get(k)
                .map(|v| v.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default()
        };
        let heads = get("org_heads");
        let head_words = heads
            .iter()
            .map(|h| h.split(' ').count())
            .max()
            .unwrap_or(0);
        let and: HashSet<String> = get("and_words");
        let articles = get("org_apposition_articles");
        OrgCues {
            heads,
            head_words,
            appositions: get("org_appositions"),
            not_modifiers: get("org_not_modifiers"),
            connectors: get("connectors").difference(&and).cloned().collect(),
            article_len: articles.iter().map(String::len).max().unwrap_or(0),
            articles,
        }
    }

    fn is_empty(&self) -> bool {
        self.heads.is_empty() && self.appositions.is_empty()
    }
}

fn lowercase_word(w: &str) -> bool {
    w.chars().all(|c| c.is_lowercase() || c == '\'' || c == '’')
}

/// Organisations named after a head noun or described by an apposition, among the
/// capitalised runs of `text` that overlap no span of `taken` (matches of the tables and
/// names of the rules, any order). `words` are the text's words, in order, with which of them
/// start with a capital (the tagger's scan decoded that once).
pub(crate) fn cued_orgs(
    cues: &OrgCues,
    text: &str,
    words: &crate::tagger::Words,
    taken: &[(usize, usize)],
) -> Vec<RuleName> {
    let mut out: Vec<RuleName> = Vec::new();
    let (ws, upper) = (&words.spans[..], &words.upper[..]);
    if cues.is_empty() || ws.is_empty() {
        return out;
    }
    // Sorted and merged: the tables' matches and the rules' names may overlap one another.
    let mut sorted: Vec<(usize, usize)> = taken.to_vec();
    sorted.sort_unstable();
    let mut taken: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match taken.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => taken.push((s, e)),
        }
    }
    let free = |k: usize| {
        let (s, e) = ws[k];
        let i = taken.partition_point(|t| t.1 <= s);
        !(i < taken.len() && taken[i].0 < e)
    };
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    let spaces = |a: usize, b: usize| text[ws[a].1..ws[b].0].bytes().all(|c| c == b' ');
    // The articles are a handful of short words: compared in place, with no lower-case copy of
    // every capitalised word at a sentence start.
    let article = |k: usize| {
        ws[k].1 - ws[k].0 <= cues.article_len
            && cues.articles.iter().any(|a| a.eq_ignore_ascii_case(w(k)))
    };
    let capitalised = |k: usize| upper[k];
    // A head noun ends at word `h`: its one to three words, lower case in the text.
    let head_at = |h: usize| -> bool {
        for n in 1..=cues.head_words.min(h + 1) {
            let first = h + 1 - n;
            if !lowercase_word(w(first)) || (n > 1 && !spaces(first, first + 1)) {
                return false;
            }
            // the words stand apart by spaces only (checked above), so the head is one slice of
            // the text; a copy is made only where a gap holds more than one space
            let span = &text[ws[first].0..ws[h].1];
            let hit = if span.contains("  ") {
                let words: Vec<&str> = span.split(' ').filter(|x| !x.is_empty()).collect();
                cues.heads.contains(&words.join(" "))
            } else {
                cues.heads.contains(span)
            };
            if hit {
                return true;
            }
        }
        false
    };
    // Capitalised runs: (first word, last word).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        if !capitalised(k) || !free(k) {
            k += 1;
            continue;
        }
        let mut j = k;
        loop {
            if j + 1 < ws.len() && spaces(j, j + 1) && capitalised(j + 1) && free(j + 1) {
                j += 1;
                continue;
            }
            if j + 2 < ws.len()
                && spaces(j, j + 1)
                && spaces(j + 1, j + 2)
                && cues.connectors.contains(w(j + 1))
                && capitalised(j + 2)
                && free(j + 2)
            {
                j += 2;
                continue;
            }
            break;
        }
        runs.push((k, j));
        k = j + 1;
    }
    let mut named: Vec<&str> = Vec::new();
    let mut decided: Vec<Option<&'static str>> = vec![None; runs.len()];
    for (r, &(k, j)) in runs.iter().enumerate() {
        // A single letter or digit is a group's or a list's label ("il gruppo B"); a lone
        // capitalised article ("il quotidiano La …") is the start of a name a table cut short.
        if k == j && (w(k).chars().count() < 2 || article(k)) {
            continue;
        }
        // A run right after another capitalised word is the tail of a longer name.
        let tail = k > 0 && spaces(k - 1, k) && capitalised(k - 1);
        let head = k > 0 && spaces(k - 1, k) && {
            head_at(k - 1)
                || (k > 1
                    && spaces(k - 2, k - 1)
                    && w(k - 1).chars().all(char::is_lowercase)
                    && w(k - 1).chars().count() >= 4
                    && !cues.not_modifiers.contains(w(k - 1))
                    && !cues.connectors.contains(w(k - 1))
                    && head_at(k - 2))
        };
        let apposition = || {
            let mut n = j + 1;
            if n + 1 >= ws.len() {
                return false;
            }
            let gap = text[ws[j].1..ws[n].0].trim();
            if gap != "," && gap != "(" {
                return false;
            }
            if article(n) && n + 1 < ws.len() {
                n += 1;
            }
            lowercase_word(w(n)) && cues.appositions.contains(w(n))
        };
        let rule = if head {
            HEAD_RULE
        } else if !tail && apposition() {
            APPOSITION_RULE
        } else {
            continue;
        };
        decided[r] = Some(rule);
        named.push(&text[ws[k].0..ws[j].1]);
    }
    for (r, &(k, j)) in runs.iter().enumerate() {
        let run = &text[ws[k].0..ws[j].1];
        let rule = match decided[r] {
            Some(rule) => rule,
            // The same words again, with no cue: the organisation named before or after.
            None if named.contains(&run) => REPEAT_RULE,
            None => continue,
        };
        out.push(RuleName {
            start: ws[k].0,
            end: ws[j].1,
            kind: EntityKind::Org,
            rule,
        });
    }
    out
}
