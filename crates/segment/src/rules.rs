//! The segmentation tables of a language, parsed once from the packs.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use annalist_lang::{Pack, PackError, Packs};

use crate::SegmentError;

/// Whether an abbreviation's period can also end the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// A title or the like: a name follows, the period never ends a sentence ("Sig.", "Mr.").
    Never,
    /// May close a sentence ("ecc.", "U.S."): it does when a sentence starter follows.
    MayEnd,
}

/// Where a furniture rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // the names are the table's words: last-line, first-line, any-line
pub(crate) enum Where {
    LastLine,
    FirstLine,
    AnyLine,
}

/// How a furniture pattern is compared with a line (the line already normalised, see
/// `furniture::LineForms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// `text`: the line is the pattern ("Condividi", "© RIPRODUZIONE RISERVATA").
    Line,
    /// `text*`: the line starts with the pattern, which ends there or at a non-word character
    /// ("Leggi anche: …" but not "Leggiamo anche …").
    Prefix,
    /// `*text`: the line ends with the pattern, which starts there or after a non-word character
    /// ("© 2025 Example News. All rights reserved.").
    Suffix,
}

/// One page-furniture rule: a whole line, a line prefix or a line suffix, compared without case.
#[derive(Debug, Clone)]
pub(crate) struct FurnitureRule {
    /// `<pack>/<name>`, as shown in diagnostics.
    pub name: String,
    pub place: Where,
    /// Normalised like a line (lower case, straight apostrophes, single spaces), without the
    /// `*` of a prefix or suffix rule.
    pub pattern: String,
    pub kind: Match,
}

/// The segmentation rules of one language: its pack's tables over the common pack's.
#[derive(Debug, Clone, Default)]
pub struct LangRules {
    /// Abbreviations as written in the table (with their period).
    abbrevs: HashMap<String, AbbrevKind>,
    /// Abbreviations listed in lower case, which also match capitalised text ("Dott.").
    abbrevs_lower: HashMap<String, AbbrevKind>,
    /// The heads of both abbreviation tables: most words before a period start no abbreviation.
    abbrev_heads: Heads,
    /// The abbreviations of at most seven ASCII bytes packed as written ([`pack_with`]), and
    /// those listed in lower case packed again ([`pack_short`]): a short ASCII form is answered
    /// without hashing a string or lower-casing it.
    abbrevs_short: HashMap<u64, AbbrevKind>,
    abbrevs_lower_short: HashMap<u64, AbbrevKind>,
    /// Elided forms to split after the apostrophe (lower case, straight apostrophe).
    elision_split: KeySet,
    /// Words with an apostrophe kept whole (lower case, straight apostrophe).
    elision_keep: KeySet,
    /// Clitic suffixes split off a word ("'s", "n't"), lower case, straight apostrophe.
    clitics: KeySet,
    number_suffixes: HashSet<String>,
    starters: HashSet<String>,
    pub(crate) furniture: Vec<FurnitureRule>,
}

impl LangRules {
    /// The common pack's tables, then those of `code`'s pack when there is one.
    pub fn load(packs: &Packs, code: Option<&str>) -> Result<LangRules, SegmentError> {
        let mut r = LangRules::default();
        r.add_pack(packs.common(), "common")?;
        if let Some(code) = code {
            if let Some(p) = packs.get(code) {
                r.add_pack(p, code)?;
            }
        }
        Ok(r)
    }

    fn add_pack(&mut self, pack: &Pack, name: &str) -> Result<(), PackError> {
        for row in pack.rows("segment/furniture.tsv") {
            let [rule, place, pattern] = row.columns::<3>()?;
            let place = match place {
                "last-line" => Where::LastLine,
                "first-line" => Where::FirstLine,
                "any-line" => Where::AnyLine,
                other => {
                    return Err(row.error(format!(
                        "unknown place {other:?}: expected last-line, first-line or any-line"
                    )))
                }
            };
            // A pattern of stars only ("***", a section break) is taken literally.
            let literal = pattern.chars().all(|c| c == '*');
            let (pattern, kind) =
                match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
                    _ if literal => (pattern, Match::Line),
                    (Some(_), Some(_)) => return Err(row.error(
                        "`*text*` is not a rule: use `text` (whole line), `text*` (starts with) \
                         or `*text` (ends with)",
                    )),
                    (Some(p), None) => (p, Match::Suffix),
                    (None, Some(p)) => (p, Match::Prefix),
                    (None, None) => (pattern, Match::Line),
                };
            let pattern = furniture_form(pattern);
            if pattern.is_empty() || rule.is_empty() {
                return Err(row.error("empty rule name or pattern"));
            }
            self.furniture.push(FurnitureRule {
                name: format!("{name}/{rule}"),
                place,
                pattern,
                kind,
            });
        }
        for row in pack.rows("segment/abbreviations.txt") {
            let f: Vec<&str> = row.fields().collect();
            let kind = match f.get(1).copied() {
                None | Some("") => AbbrevKind::Never,
                Some("may-end") => AbbrevKind::MayEnd,
                Some(other) => {
                    return Err(row.error(format!("unknown flag {other:?}: expected may-end")))
                }
            };
            let form = f[0];
            if !form.contains('.') || form.chars().any(char::is_whitespace) {
                return Err(row.error(format!(
                    "{form:?}: an abbreviation is one word with its period"
                )));
            }
            self.add_abbrev(form, kind);
        }
        for row in pack.rows("segment/elisions.tsv") {
            let [form, action] = row.columns::<2>()?;
            let key = normalise(form);
            if !key.contains('\'') {
                return Err(row.error(format!("{form:?} has no apostrophe")));
            }
            match action {
                "split" if key.ends_with('\'') => {
                    self.elision_split.insert(key);
                }
                "split" => return Err(row.error("a split form must end with its apostrophe")),
                "keep" => {
                    self.elision_keep.insert(key);
                }
                other => {
                    return Err(
                        row.error(format!("unknown action {other:?}: expected split or keep"))
                    )
                }
            }
        }
        for row in pack.rows("segment/clitics.txt") {
            let [form] = row.columns::<1>()?;
            let key = normalise(form);
            if !key.contains('\'') {
                return Err(row.error(format!("{form:?} has no apostrophe")));
            }
            self.clitics.insert(key);
        }
        for row in pack.rows("segment/number-suffixes.txt") {
            let [form] = row.columns::<1>()?;
            self.number_suffixes.insert(form.to_lowercase());
        }
        for row in pack.rows("segment/sentence-starters.txt") {
            let [form] = row.columns::<1>()?;
            self.starters.insert(normalise(form));
        }
        Ok(())
    }

    /// Lists `form` (an abbreviation with its period) in the tables and their packed forms.
    fn add_abbrev(&mut self, form: &str, kind: AbbrevKind) {
        if form == form.to_lowercase() {
            self.abbrevs_lower.insert(form.to_string(), kind);
        }
        self.abbrev_heads.insert(form);
        if form.len() <= 7 && form.is_ascii() {
            self.abbrevs_short
                .insert(pack_with(form.as_bytes(), |b| *b), kind);
            if form == form.to_lowercase() {
                self.abbrevs_lower_short
                    .insert(pack_short(form.as_bytes()), kind);
            }
        }
        self.abbrevs.insert(form.to_string(), kind);
    }

    /// The kind of `form` (a word with its period) if it is a listed abbreviation: exactly as
    /// listed, or a capitalised use of a form listed in lower case. `buf` is scratch space.
    pub fn abbreviation(&self, form: &str, buf: &mut String) -> Option<AbbrevKind> {
        if !self.abbrev_heads.may_hold(form.as_bytes()) {
            return None;
        }
        // Exact: such a form equals a listed one only if that is short ASCII too, hence packed,
        // and lower-cases (see [`lower_into`]) to its ASCII lower case of the same length.
        let f = form.as_bytes();
        if f.len() <= 7 && f.is_ascii() {
            if let Some(k) = self.abbrevs_short.get(&pack_with(f, |b| *b)) {
                return Some(*k);
            }
            if !f.first().is_some_and(u8::is_ascii_uppercase) {
                return None;
            }
            return self.abbrevs_lower_short.get(&pack_short(f)).copied();
        }
        if let Some(k) = self.abbrevs.get(form) {
            return Some(*k);
        }
        if self.abbrevs_lower.is_empty() || !form.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        lower_into(form, buf);
        self.abbrevs_lower.get(buf.as_str()).copied()
    }

    pub(crate) fn has_elisions(&self) -> bool {
        !self.elision_split.is_empty() || !self.elision_keep.is_empty()
    }

    pub(crate) fn has_clitics(&self) -> bool {
        !self.clitics.is_empty()
    }

    /// Elided forms split after their apostrophe.
    pub(crate) fn elision_splits(&self) -> &KeySet {
        &self.elision_split
    }

    /// Words with an apostrophe kept whole.
    pub(crate) fn elision_keeps(&self) -> &KeySet {
        &self.elision_keep
    }

    /// Clitic suffixes split off the word they end.
    pub(crate) fn clitic(&self) -> &KeySet {
        &self.clitics
    }

    pub(crate) fn number_suffix(&self, key: &str) -> bool {
        self.number_suffixes.contains(key)
    }

    pub(crate) fn starter(&self, key: &str) -> bool {
        self.starters.contains(key)
    }
}

/// Whether `c` is an apostrophe: straight, right single quotation mark, or modifier letter.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Writes `s` lower-cased, with every apostrophe made straight, into `buf` (cleared first).
pub(crate) fn lower_into(s: &str, buf: &mut String) {
    buf.clear();
    // ASCII text (nearly every key looked up) copied and lowercased in bulk: its only
    // apostrophe is the straight one, which stays as it is
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        if is_apostrophe(c) {
            buf.push('\'');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The first two bytes, lower-cased, of a table's keys as a bit set, so that most words are
/// ruled out before they are lower-cased and hashed.
///
/// Exact: a text whose first two bytes are ASCII lower-cases (see [`lower_into`]) to a form whose
/// first two bytes are those two lower-cased, and equals a key only if their lower-cased pairs
/// are the same, so when that pair begins no key the text is none of them, as written or
/// lower-cased. A text that is shorter or starts with a non-ASCII byte is always looked up, and
/// so is every text when a key is shorter than two bytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Heads {
    /// Bit `a << 7 | b` set for each key starting with the ASCII bytes `a`, `b` (lower-cased);
    /// empty while no key is (256 words once one is).
    bits: Vec<u64>,
    /// A key shorter than two bytes: no pair rules a text out.
    short: bool,
}

impl Heads {
    fn insert(&mut self, key: &str) {
        match key.as_bytes() {
            [a, b, ..] if a.is_ascii() && b.is_ascii() => {
                let i =
                    usize::from(a.to_ascii_lowercase()) << 7 | usize::from(b.to_ascii_lowercase());
                self.bits.resize(256, 0);
                self.bits[i >> 6] |= 1 << (i & 63);
            }
            // Not ASCII: no text starting with two ASCII bytes is it or lower-cases to it.
            [_, _, ..] => {}
            _ => self.short = true,
        }
    }

    /// False when no key can be `text` or its lower-cased form (see the type's doc).
    #[inline]
    pub(crate) fn may_hold(&self, text: &[u8]) -> bool {
        match text {
            [a, b, ..] if !self.short && a.is_ascii() && b.is_ascii() => {
                let i =
                    usize::from(a.to_ascii_lowercase()) << 7 | usize::from(b.to_ascii_lowercase());
                self.bits
                    .get(i >> 6)
                    .is_some_and(|w| w >> (i & 63) & 1 != 0)
            }
            _ => true,
        }
    }
}

/// A table of keys (lower case, straight apostrophes) with their [`Heads`].
#[derive(Debug, Clone, Default)]
pub(crate) struct KeySet {
    keys: HashSet<String>,
    heads: Heads,
    /// The keys of at most seven ASCII bytes, packed (see [`pack_short`]): nearly every key
    /// looked up ("l'", "dell'") is answered without lower-casing into a string and hashing it.
    short: HashSet<u64>,
}

/// Up to seven ASCII bytes lower-cased into one integer, their count in the top byte (so that
/// a trailing NUL byte is not lost): two such texts pack the same iff their lower-cased forms
/// are equal.
fn pack_short(text: &[u8]) -> u64 {
    pack_with(text, u8::to_ascii_lowercase)
}

/// Up to seven bytes, each through `f`, packed like [`pack_short`].
#[inline]
fn pack_with(text: &[u8], f: fn(&u8) -> u8) -> u64 {
    let mut v = (text.len() as u64) << 56;
    for (i, b) in text.iter().take(7).enumerate() {
        v |= u64::from(f(b)) << (8 * i);
    }
    v
}

impl KeySet {
    fn insert(&mut self, key: String) {
        self.heads.insert(&key);
        if key.len() <= 7 && key.is_ascii() {
            self.short.insert(pack_short(key.as_bytes()));
        }
        self.keys.insert(key);
    }

    /// Whether `text` lower-cased is a key, answered from the packed keys when `text` is at
    /// most seven ASCII bytes (`None` otherwise). Exact: such a text lower-cases (see
    /// [`lower_into`]) to its ASCII lower case, of the same length, and a key equal to that is
    /// ASCII, at most seven bytes long, so packed.
    #[inline]
    pub(crate) fn contains_short(&self, text: &[u8]) -> Option<bool> {
        (text.len() <= 7 && text.is_ascii()).then(|| self.short.contains(&pack_short(text)))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// False when no key can be the lower-cased form of `text` (see [`Heads`]).
    #[inline]
    pub(crate) fn may_hold(&self, text: &[u8]) -> bool {
        self.heads.may_hold(text)
    }

    /// `key` must be lower case with straight apostrophes (see [`lower_into`]).
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }
}

/// A line or furniture pattern as furniture rules compare it: lower case, straight apostrophes,
/// surrounding blanks removed and inner runs of blanks made one space, so that "Leggi  l’Articolo"
/// from a page and `leggi l'articolo` in a table meet.
pub(crate) fn furniture_form(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        lower_into(w, &mut word);
        out.push_str(&word);
    }
    out
}

fn normalise(s: &str) -> String {
    let mut b = String::new();
    lower_into(s, &mut b);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `may_hold` never rules out a text whose lower-cased form is a key.
    #[test]
    fn key_set_heads_never_rule_out_a_key() {
        let mut set = KeySet::default();
        for k in ["l'", "dell'", "d'alema", "'s", "n't", "è'"] {
            set.insert(normalise(k));
        }
        let mut buf = String::new();
        for text in [
            "l'",
            "L'",
            "L’",
            "DELL'",
            "Dell’",
            "D'Alema",
            "D’ALEMA",
            "'s",
            "’S",
            "N'T",
            "n’t",
            "È'",
            "è’",
            "x'",
            "po'",
            "'",
            "",
        ] {
            lower_into(text, &mut buf);
            if set.contains(&buf) {
                assert!(set.may_hold(text.as_bytes()), "{text:?}");
            }
        }
        assert!(!set.may_hold(b"po'"));
        assert!(!set.may_hold(b"Xl'"));
        assert!(set.may_hold("È'".as_bytes()));
        let mut short = KeySet::default();
        short.insert("'".to_string());
        assert!(short.may_hold(b"zz"));
        assert!(!KeySet::default().may_hold(b"l'"));
        for text in [
            "DELL'", "Dell'", "l'", "L'", "n't", "N'T", "dell", "dell'\0", "d'alema",
        ] {
            lower_into(text, &mut buf);
            let want = set.contains(&buf);
            assert_eq!(
                set.contains_short(text.as_bytes()).unwrap_or(want),
                want,
                "{text:?}"
            );
        }
        assert_eq!(set.contains_short(b"DELL'"), Some(true));
        assert_eq!(set.contains_short(b"dell'\0"), Some(false));
        assert_eq!(set.contains_short("dell’".as_bytes()), None);
    }

    /// The abbreviation heads rule out no listed form, as written or capitalised.
    #[test]
    fn abbreviation_heads_never_rule_out_a_form() {
        let mut r = LangRules::default();
        for (form, kind) in [("Sig.", AbbrevKind::Never), ("dott.", AbbrevKind::MayEnd)] {
            r.add_abbrev(form, kind);
        }
        let mut buf = String::new();
        assert_eq!(r.abbreviation("Sig.", &mut buf), Some(AbbrevKind::Never));
        assert_eq!(r.abbreviation("Dott.", &mut buf), Some(AbbrevKind::MayEnd));
        assert_eq!(r.abbreviation("DOTT.", &mut buf), Some(AbbrevKind::MayEnd));
        assert_eq!(r.abbreviation("dott.", &mut buf), Some(AbbrevKind::MayEnd));
        assert_eq!(r.abbreviation("governo.", &mut buf), None);
        assert_eq!(r.abbreviation("sig.", &mut buf), None);
        assert_eq!(r.abbreviation("SIG.", &mut buf), None);
        assert_eq!(r.abbreviation("Dott.\0", &mut buf), None);
        r.add_abbrev("prof.ssa", AbbrevKind::Never);
        assert_eq!(
            r.abbreviation("Prof.ssa", &mut buf),
            Some(AbbrevKind::Never)
        );
        assert_eq!(r.abbreviation("Dottò.", &mut buf), None);
        assert_eq!(r.abbreviation("Dottoressa.", &mut buf), None);
        assert!(!r.abbrev_heads.may_hold(b"governo."));
    }
}
