//! Verb inflection from suffix rules and an irregular-forms table (pack data), so that trigger
//! lexicons list lemmas and every conjugated form is generated, never typed form by form.
//!
//! Why generation rather than analysis: the trigger lexicon is small (hundreds of lemmas), so all
//! their forms fit in one hash map built once; matching a document is then one lookup per token.

use std::collections::HashMap;

use annalist_lang::{Pack, PackError};

/// The grammatical reading of a generated form that later rules care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Inf,
    Pres,
    Impf,
    Past,
    Fut,
    Cond,
    Subj,
    /// Imperfect subjunctive ("attaccasse"): conditional clauses.
    ImpSubj,
    Part,
    Ger,
    Ing,
    /// An infinitive or gerund with an enclitic pronoun ("inviarle").
    Clitic,
    /// A noun plural.
    Plural,
}

impl Tag {
    fn parse(s: &str) -> Option<Tag> {
        Some(match s {
            "inf" => Tag::Inf,
            "pres" => Tag::Pres,
            "impf" => Tag::Impf,
            "past" => Tag::Past,
            "fut" => Tag::Fut,
            "cond" => Tag::Cond,
            "subj" => Tag::Subj,
            "isubj" => Tag::ImpSubj,
            "part" => Tag::Part,
            "ger" => Tag::Ger,
            "ing" => Tag::Ing,
            "clitic" => Tag::Clitic,
            "pl" => Tag::Plural,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
struct Rule {
    class: String,
    tag: Tag,
    ending: String,
    strip: usize,
    add: Vec<String>,
}

/// One language's verb morphology, loaded from `events/morph.tsv` and `events/irregular.tsv`.
#[derive(Debug, Clone, Default)]
pub struct Morphology {
    rules: Vec<Rule>,
    clitics: Vec<String>,
    classes: HashMap<String, String>,
    irregular: HashMap<String, Vec<(Tag, String)>>,
    /// The verbal prefixes a compound may put before a listed irregular verb (`* prefixes` row).
    /// Without the list any ending counted, so "ribadire" conjugated as "riba" + "dire"
    /// ("ribadetto") and "bombardare" as "bombar" + "dare" (no "bombardano").
    prefixes: Vec<String>,
}

const TAG_ORDER: [Tag; 11] = [
    Tag::Inf,
    Tag::Pres,
    Tag::Impf,
    Tag::Past,
    Tag::Fut,
    Tag::Cond,
    Tag::Subj,
    Tag::ImpSubj,
    Tag::Part,
    Tag::Ger,
    Tag::Ing,
];

impl Morphology {
    /// Reads the pack's rules; a pack without them gives a morphology that knows only the lemma.
    pub fn from_pack(pack: &Pack) -> Result<Self, PackError> {
        let mut m = Morphology::default();
        for row in pack.rows("events/morph.tsv") {
            let [class, tag, ending, strip, add] = row.columns::<5>()?;
            let tag = Tag::parse(tag).ok_or_else(|| row.error(format!("unknown tag {tag:?}")))?;
            let strip: usize = strip
                .parse()
                .map_err(|_| row.error(format!("strip must be a number, not {strip:?}")))?;
            let add: Vec<String> = add
                .split_whitespace()
                .map(|a| {
                    if a == "-" {
                        String::new()
                    } else {
                        a.to_string()
                    }
                })
                .collect();
            if tag == Tag::Clitic {
                m.clitics.extend(add);
                continue;
            }
            m.rules.push(Rule {
                class: class.to_string(),
                tag,
                ending: ending.to_string(),
                strip,
                add,
            });
        }
        for row in pack.rows("events/irregular.tsv") {
            let [lemma, tag, forms] = row.columns::<3>()?;
            if tag == "class" {
                m.classes.insert(lemma.to_string(), forms.to_string());
                continue;
            }
            if tag == "prefixes" {
                m.prefixes
                    .extend(forms.split_whitespace().map(str::to_string));
                continue;
            }
            let tag = Tag::parse(tag).ok_or_else(|| row.error(format!("unknown tag {tag:?}")))?;
            let e = m.irregular.entry(lemma.to_string()).or_default();
            e.extend(forms.split_whitespace().map(|f| (tag, f.to_string())));
        }
        Ok(m)
    }

    /// The listed irregular verb this lemma is, or is a prefixed compound of (with the prefix).
    fn irregular_base<'a>(&'a self, lemma: &'a str) -> Option<(&'a str, &'a str)> {
        if self.irregular.contains_key(lemma) || self.classes.contains_key(lemma) {
            return Some(("", lemma));
        }
        // Longest listed base that the lemma ends with: "respingere" = "re" + "spingere".
        (1..lemma.len())
            .filter(|&i| lemma.is_char_boundary(i))
            .map(|i| (&lemma[..i], &lemma[i..]))
            .find(|(prefix, base)| {
                base.chars().count() >= 4
                    && (self.irregular.contains_key(*base) || self.classes.contains_key(*base))
                    && (self.prefixes.is_empty() || self.prefixes.iter().any(|p| p == prefix))
            })
    }

    /// A noun and its plural(s), from the `noun` class rules.
    pub fn noun_forms(&self, lemma: &str) -> Vec<String> {
        let mut out = vec![lemma.to_string()];
        if let Some(r) = self
            .rules
            .iter()
            .find(|r| r.class == "noun" && ending_matches(lemma, &r.ending))
        {
            let stem = strip_chars(lemma, r.strip);
            out.extend(r.add.iter().map(|a| cat(&[stem, a])));
        }
        // irregular plurals listed as data ("arma" → "armi")
        if let Some(forms) = self.irregular.get(lemma) {
            out.extend(
                forms
                    .iter()
                    .filter(|(t, _)| *t == Tag::Plural)
                    .map(|(_, f)| f.clone()),
            );
        }
        out
    }

    /// Every form of a verb lemma with its tag (duplicates possible; the lemma itself is `Inf`).
    pub fn forms(&self, lemma: &str) -> Vec<(Tag, String)> {
        let mut out = vec![(Tag::Inf, lemma.to_string())];
        let (prefix, base) = self.irregular_base(lemma).unwrap_or(("", lemma));
        let class = self.classes.get(base).map(String::as_str).unwrap_or("*");
        if class != "irregular" {
            for tag in TAG_ORDER {
                let rule = self
                    .rules
                    .iter()
                    .filter(|r| r.tag == tag && r.class == class && class != "*")
                    .chain(self.rules.iter().filter(|r| r.tag == tag && r.class == "*"))
                    .find(|r| ending_matches(lemma, &r.ending));
                let Some(rule) = rule else { continue };
                let stem = strip_chars(lemma, rule.strip);
                for add in &rule.add {
                    if let Some(dbl) = add.strip_prefix('+') {
                        let last = stem.char_indices().last().map_or("", |(i, _)| &stem[i..]);
                        out.push((tag, cat(&[stem, last, dbl])));
                    } else {
                        out.push((tag, cat(&[stem, add])));
                    }
                }
            }
        }
        if let Some(irr) = self.irregular.get(base) {
            for (tag, f) in irr {
                out.push((*tag, cat(&[prefix, f])));
            }
        }
        if !self.clitics.is_empty() {
            let mut extra = Vec::new();
            for (tag, f) in &out {
                let base = match tag {
                    Tag::Inf if f.ends_with('e') => strip_chars(f, 1),
                    Tag::Inf => f.as_str(),
                    Tag::Ger => f.as_str(),
                    _ => continue,
                };
                for c in &self.clitics {
                    extra.push((Tag::Clitic, cat(&[base, c])));
                }
            }
            out.extend(extra);
        }
        out
    }
}

/// The parts written one after the other: the forms of every lemma of the trigger tables are
/// built at each start of the program, and `format!` cost about twice the rest of the
/// generation.
fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

fn strip_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return s;
    }
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[..i],
        None => "",
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether a rule's ending applies: `*` always, `CVC` a one-syllable consonant-vowel-consonant word.
fn ending_matches(lemma: &str, ending: &str) -> bool {
    match ending {
        "*" => true,
        "CVC" => {
            let cs: Vec<char> = lemma.chars().collect();
            let n = cs.len();
            if n < 3 {
                return false;
            }
            let (a, b, c) = (cs[n - 3], cs[n - 2], cs[n - 1]);
            let groups = cs
                .iter()
                .enumerate()
                .filter(|(i, &ch)| is_vowel(ch) && (*i == 0 || !is_vowel(cs[i - 1])))
                .count();
            groups == 1
                && !is_vowel(a)
                && is_vowel(b)
                && !is_vowel(c)
                && !matches!(c, 'w' | 'x' | 'y')
        }
        e => lemma.ends_with(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annalist_lang::Packs;

    fn has(m: &Morphology, lemma: &str, form: &str, tag: Tag) -> bool {
        m.forms(lemma).iter().any(|(t, f)| f == form && *t == tag)
    }

    #[test]
    fn italian_conjugation() {
        let packs = Packs::embedded().unwrap();
        let m = Morphology::from_pack(packs.get("it").unwrap()).unwrap();
        assert!(has(&m, "inviare", "inviato", Tag::Part));
        assert!(has(&m, "inviare", "invierà", Tag::Fut));
        assert!(has(&m, "inviare", "inviarle", Tag::Clitic));
        assert!(has(&m, "cercare", "cercherà", Tag::Fut));
        assert!(has(&m, "lanciare", "lancerà", Tag::Fut));
        assert!(has(&m, "fornire", "fornisce", Tag::Pres));
        assert!(!has(&m, "fornire", "forne", Tag::Pres));
        assert!(has(&m, "respingere", "respinto", Tag::Part));
        assert!(has(&m, "sostenere", "sosterrà", Tag::Fut));
        assert!(has(&m, "sostenere", "sostiene", Tag::Pres));
        assert!(has(&m, "elogiare", "elogiato", Tag::Part));
        assert!(has(&m, "potere", "potrebbe", Tag::Cond));
        // dare is listed as wholly irregular: its regular stem would give the preposition "da"
        assert!(!m.forms("dare").iter().any(|(_, f)| f == "da" || f == "di"));
        // only a real prefix makes a compound: "ribadire" is no "riba" + "dire", "bombardare"
        // no "bombar" + "dare"; "trattenere" is "trat" + "tenere"
        assert!(has(&m, "ribadire", "ribadito", Tag::Part));
        assert!(!has(&m, "ribadire", "ribadetto", Tag::Part));
        assert!(has(&m, "bombardare", "bombardano", Tag::Pres));
        assert!(has(&m, "trattenere", "trattenuto", Tag::Part));
        assert!(has(&m, "imporre", "imposto", Tag::Part));
    }

    #[test]
    fn english_inflection() {
        let packs = Packs::embedded().unwrap();
        let m = Morphology::from_pack(packs.get("en").unwrap()).unwrap();
        assert!(has(&m, "ban", "banned", Tag::Past));
        assert!(has(&m, "ban", "banning", Tag::Ing));
        assert!(has(&m, "visit", "visited", Tag::Past));
        assert!(!has(&m, "visit", "visitted", Tag::Past));
        assert!(has(&m, "deny", "denied", Tag::Past));
        assert!(has(&m, "deny", "denies", Tag::Pres));
        assert!(has(&m, "seize", "seizing", Tag::Ing));
        assert!(has(&m, "send", "sent", Tag::Part));
        assert!(!has(&m, "send", "sended", Tag::Past));
        assert!(has(&m, "withdraw", "withdrawn", Tag::Part));
        // "welcome" is no "wel" + "come"
        assert!(has(&m, "welcome", "welcomed", Tag::Past));
        assert!(!has(&m, "welcome", "welcame", Tag::Past));
        assert!(has(&m, "commit", "committed", Tag::Past));
        assert!(has(&m, "reach", "reaches", Tag::Pres));
        assert!(has(&m, "play", "played", Tag::Past));
        // British doubling of a final -l, beside the American form
        assert!(has(&m, "travel", "travelled", Tag::Past));
        assert!(has(&m, "travel", "traveled", Tag::Past));
        assert!(has(&m, "cancel", "cancelling", Tag::Ing));
        // strong verbs
        assert!(has(&m, "fly", "flew", Tag::Past));
        assert!(has(&m, "begin", "begun", Tag::Part));
        assert!(has(&m, "begin", "beginning", Tag::Ing));
    }
}
