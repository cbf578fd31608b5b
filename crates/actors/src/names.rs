//! Names no table lists: runs of capitalised words classified by pack rules (org words inside
//! the name, a company suffix after it, a title or a preposition before it, a given name at its
//! head). Such entities get a kind but no id: they are found, not linked.

use rustc_hash::FxHashSet as HashSet;

use annalist_doc::EntityKind;

use crate::tables::LangTables;

/// The rules of one language, from `actors/name_rules.tsv` and the common given-name list.
pub(crate) struct NameRules {
    connectors: HashSet<String>,
    org_words: HashSet<String>,
    org_suffixes: Vec<String>,
    person_cues: HashSet<String>,
    place_cues: Vec<String>,
    street_words: HashSet<String>,
    /// Words that make a capitalised run an event, competition, prize, law or show rather
    /// than a person or organisation ("Serie A", "Premio Nobel", "Civil Rights Act").
    event_words: HashSet<String>,
    /// All-capital words that are not organisations ("DNA", "UTC", "CEO").
    not_acronyms: HashSet<String>,
}

/// A name found by the rules: byte span, kind, and which rule decided it.
pub(crate) struct RuleName {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub rule: &'static str,
}

fn set(lt: &LangTables, key: &str) -> HashSet<String> {
    lt.grammar_rules
        .get(key)
        .map(|v| v.iter().cloned().collect())
        .unwrap_or_default()
}

impl NameRules {
    pub(crate) fn new(lt: &LangTables) -> NameRules {
        let mut place_cues: Vec<String> = set(lt, "place_cues").into_iter().collect();
        place_cues.sort_by_key(|p| std::cmp::Reverse(p.len()));
        NameRules {
            connectors: set(lt, "connectors"),
            org_words: set(lt, "org_words"),
            org_suffixes: set(lt, "org_suffixes").into_iter().collect(),
            person_cues: set(lt, "person_cues"),
            place_cues,
            street_words: set(lt, "street_words"),
            event_words: set(lt, "event_words"),
            not_acronyms: set(lt, "not_acronyms"),
        }
    }

    /// Whether `word` is a title or noun that announces a person ("sindaco", "Mr.").
    pub(crate) fn is_person_cue(&self, word: &str) -> bool {
        self.person_cues.contains(word)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.connectors.is_empty() && self.org_words.is_empty() && self.person_cues.is_empty()
    }
}

/// Words of `text`: runs of letters and digits; an apostrophe right after a word and before a
/// letter belongs to it ("dell'", "d'"), as do inner periods of abbreviations are not needed.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            let apostrophe =
                (c == '\'' || c == '’') && it.peek().is_some_and(|(_, n)| n.is_alphabetic());
            if apostrophe {
                out.push((s, i + c.len_utf8()));
            } else {
                out.push((s, i));
            }
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// Finds names by rule in the parts of `text` that no table match covers (`covered`, sorted
/// spans). `initial` tells whether a byte offset starts a sentence; `given` is the given-name
/// list; `not_names` the capitalised function words of the language.
pub(crate) fn find_names(
    rules: &NameRules,
    given: &HashSet<String>,
    not_names: &HashSet<String>,
    text: &str,
    covered: &[(usize, usize)],
    initial: impl Fn(usize) -> bool,
) -> Vec<RuleName> {
    let mut out = Vec::new();
    if rules.is_empty() {
        return out;
    }
    let ws = words(text);
    let mut ci = 0;
    let is_covered = |s: usize, e: usize, ci: &mut usize| {
        while *ci < covered.len() && covered[*ci].1 <= s {
            *ci += 1;
        }
        *ci < covered.len() && covered[*ci].0 < e
    };
    let w = |k: usize| &text[ws[k].0..ws[k].1];
    let gap = |a: usize, b: usize| &text[ws[a].1..ws[b].0];
    let mut k = 0;
    while k < ws.len() {
        let (s, e) = ws[k];
        if !capitalised(w(k)) || is_covered(s, e, &mut ci) {
            k += 1;
            continue;
        }
        // Extend over capitalised words and connectors followed by a capitalised word.
        let mut j = k;
        loop {
            let next = j + 1;
            if next >= ws.len() || !gap(j, next).chars().all(|c| c == ' ') {
                break;
            }
            let mut ci2 = ci;
            // A company suffix ends the name ("Acme Corp.").
            if rules.org_suffixes.iter().any(|x| {
                let rest = &text[ws[next].0..];
                rest.starts_with(x.as_str())
                    && rest[x.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            }) {
                break;
            }
            if capitalised(w(next)) && !is_covered(ws[next].0, ws[next].1, &mut ci2) {
                j = next;
                continue;
            }
            // An organisation's name may end in a known place ("Banca Popolare di Sondrio").
            let org_so_far = (k..=j).any(|x| rules.org_words.contains(w(x)));
            let wn = w(next);
            let conn_ok = match wn.strip_suffix('’') {
                Some(stem) => rules.connectors.contains(&format!("{stem}'")),
                None => rules.connectors.contains(wn),
            };
            if conn_ok
                && next + 1 < ws.len()
                && gap(next, next + 1).chars().all(|c| c == ' ')
                && capitalised(w(next + 1))
                && (org_so_far || !is_covered(ws[next + 1].0, ws[next + 1].1, &mut ci2))
            {
                j = next + 1;
                continue;
            }
            break;
        }
        let mut first = k;
        // A capitalised function word or a sentence-initial ordinary word is not part of it.
        while first <= j {
            let fw = w(first);
            let drop = not_names.contains(fw)
                || (initial(ws[first].0)
                    && first < j
                    && !given.contains(fw)
                    && !rules.org_words.contains(fw));
            if !drop {
                break;
            }
            first += 1;
        }
        let end_k = j;
        k = j + 1;
        if first > end_k || rules.connectors.contains(w(first)) {
            continue;
        }
        let (ns, ne) = (ws[first].0, ws[end_k].1);
        let single = first == end_k;
        let before = text[..ns].trim_end();
        let prev_word = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        // "Mr. Smith": the abbreviation's period does not start a sentence.
        let at_start = initial(ns) && !rules.person_cues.contains(prev_word);
        let after = text[ne..].trim_start();
        if (first..=end_k).any(|x| rules.event_words.contains(w(x)))
            || (single && rules.not_acronyms.contains(w(first)))
        {
            continue;
        }
        let org_inside = (first..=end_k).any(|x| rules.org_words.contains(w(x)));
        let org_suffix = rules.org_suffixes.iter().any(|suf| {
            after.starts_with(suf.as_str())
                && after[suf.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        let decided = if org_inside || org_suffix {
            Some((EntityKind::Org, "org word"))
        } else if rules.person_cues.contains(prev_word) {
            Some((EntityKind::Person, "person cue"))
        } else if rules.street_words.contains(prev_word) {
            Some((EntityKind::Place, "street"))
        } else if given.contains(w(first)) && !single {
            Some((EntityKind::Person, "given name"))
        } else if single && acronym(w(first)) {
            Some((EntityKind::Org, "acronym"))
        } else if rules.place_cues.iter().any(|p| {
            before.ends_with(p.as_str())
                && before[..before.len() - p.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) {
            Some((EntityKind::Place, "place cue"))
        } else if !single && !at_start {
            Some((EntityKind::Person, "capitalised words"))
        } else {
            None
        };
        let Some((kind, rule)) = decided else {
            continue;
        };
        if at_start && single && rule != "org word" && rule != "acronym" {
            continue;
        }
        let start = if rule == "street" {
            before.len() - prev_word.len()
        } else {
            ns
        };
        out.push(RuleName {
            start,
            end: ne,
            kind,
            rule,
        });
    }
    out
}
