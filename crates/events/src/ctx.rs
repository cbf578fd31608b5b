//! One document being coded: its tokens, lower-cased words, role bits and which entity covers each token,
//! with the small lookups every other part of the stage reads.

use super::*;

/// One document being coded: tokens, lowercased words, and which entity covers each token.
pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a Document,
    /// The document's entities plus those this stage resolved itself (pairs, possessives).
    pub(crate) entities: Ents<'a>,
    pub(crate) tokens: &'a [Token],
    /// The lowercased word of each token, read through [`Ctx::word`].
    pub(crate) words: Words<'a>,
    pub(crate) rules: &'a LangRules,
    /// The rules' role bits by vocabulary id, held here so a role is one indexed load away.
    role_table: &'a [u32],
    /// Which entity covers each token ([`NO_ENTITY`] for none), read through [`Ctx::ent_of`]:
    /// four bytes a token, where an `Option<usize>` took sixteen to fill and scan for every
    /// token of every document.
    pub(crate) ent_cover: Vec<u32>,
    pub(crate) ent_first: Vec<usize>,
    pub(crate) ent_last: Vec<usize>,
    pub(crate) published: Option<String>,
    /// The article's focus: the first mention of the country its actors most often belong to.
    pub(crate) focus: Option<usize>,
    /// Whether sides the clause leaves unsaid (or actors of unknown country) are inferred.
    pub(crate) infer: bool,
    /// Tokens a trigger pattern looks through: times, and names but their last token.
    pub(crate) transparent: Vec<bool>,
    /// Vocabulary id of each token's word ([`Vocab`]).
    pub(crate) ids: Vec<u32>,
    /// The dateline's entity ("KABUL, 27 AGO -"), where the report was filed.
    pub(crate) dateline: Option<usize>,
    /// [`class`] bits of each token: which scans it can start a match of.
    pub(crate) class: Vec<u8>,
    /// Indices (in the document's event list) of refusals said as a predicate ("is not for
    /// sale", "not negotiable"): their target is re-aimed at the claimant once the whole
    /// document is coded ([`Ctx::aim_refusals`]).
    pub(crate) refusals: std::cell::RefCell<Vec<usize>>,
    /// Indices of rejections of accusations with no target in their clause, aimed at the
    /// accuser once the whole document is coded ([`Ctx::aim_rebuttals`]).
    pub(crate) rebuttals: std::cell::RefCell<Vec<usize>>,
    /// Indices of rejections of another party's act named as a noun ("ha respinto gli
    /// appelli"), with no target in their clause: aimed at that act's author once the whole
    /// document is coded ([`Ctx::aim_answers`]).
    pub(crate) answers: std::cell::RefCell<Vec<usize>>,
    /// Byte offsets of the text's line breaks, found once (by memchr) when first asked
    /// ([`Ctx::line_breaks`]): every event asks where its paragraph starts, and implicit sides
    /// which paragraph each actor is in.
    breaks: std::cell::OnceCell<Vec<u32>>,
}

/// The lowercased word of each token, sliced from the folded text when asked: a vector of every
/// token's word was filled for each document (sixteen bytes and two char-boundary tests a
/// token), while only the words of the few sentences with a trigger are read again; the
/// vocabulary ids are read from the folded bytes directly ([`Vocab::ids_in`]).
pub(crate) struct Words<'a> {
    lower: &'a str,
    tokens: &'a [Token],
    /// The words holding a typographic apostrophe, straightened ("l’" as "l'"), by token
    /// index in order; empty for most documents.
    fixed: &'a [(usize, String)],
}

impl<'a> Words<'a> {
    pub(crate) fn new(lower: &'a str, tokens: &'a [Token], fixed: &'a [(usize, String)]) -> Self {
        Words {
            lower,
            tokens,
            fixed,
        }
    }

    /// The word of token `i`: its span of the folded text (straightened if it holds a
    /// typographic apostrophe; empty for a span that is no slice of it).
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &'a str {
        if !self.fixed.is_empty() {
            if let Ok(k) = self.fixed.binary_search_by_key(&i, |x| x.0) {
                return &self.fixed[k].1;
            }
        }
        self.lower.get(self.tokens[i].span.range()).unwrap_or("")
    }

    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The byte of the folded text at `at`, if any: a one-byte test of a token (a comma, a
    /// digit it starts with) without slicing its word.
    #[inline]
    pub(crate) fn byte(&self, at: u32) -> Option<u8> {
        self.lower.as_bytes().get(at as usize).copied()
    }
}

/// [`Ctx::ent_cover`] of a token no entity covers.
pub(crate) const NO_ENTITY: u32 = u32::MAX;

/// A trigger chosen in a sentence, with the roles found for it.
pub(crate) struct Found {
    pub(crate) hit: Hit,
    pub(crate) source: Vec<usize>,
    /// Index of its event in the document's event list.
    pub(crate) event: usize,
    pub(crate) event_type: String,
}

/// Buffers one sentence's reading fills and empties again ([`Scratch::take`]): every sentence
/// with a trigger word allocated each of them anew (four to seven allocations and frees a
/// sentence). They are lent once per document and emptied by each sentence
/// ([`Scratch::clear`]): lent and given back per sentence, the moves through the thread's slot
/// cost as much as the allocations had.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Trigger matches of the sentence, then those chosen, then modality and attribution cues.
    pub(crate) hits: Vec<Hit>,
    pub(crate) chosen: Vec<Hit>,
    pub(crate) cues: Vec<Hit>,
    pub(crate) att_hits: Vec<Hit>,
    /// The time expressions inside the sentence.
    pub(crate) times: Vec<Span>,
    /// Tokens of the sentence a chosen trigger holds.
    pub(crate) taken: Vec<bool>,
    /// Clause boundary tokens of the sentence.
    pub(crate) boundaries: Vec<usize>,
    /// The sentence's verb trigger heads, all its trigger heads, and the tokens a side's scan
    /// stops at (the heads and the attribution cues).
    pub(crate) heads: TokenSet,
    pub(crate) all_heads: TokenSet,
    pub(crate) stops: TokenSet,
}

thread_local! {
    /// One [`Scratch`] per thread (the coder is shared across threads; a sentence is read by one).
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The thread's [`Scratch`], emptied, lent until dropped.
pub(crate) struct ScratchGuard(Scratch);

impl Scratch {
    /// Lends the thread's buffers (empty ones if they are lent already), cleared.
    pub(crate) fn take() -> ScratchGuard {
        let mut s = SCRATCH
            .try_with(|c| c.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        s.clear();
        ScratchGuard(s)
    }

    /// Empties every buffer, keeping its memory.
    pub(crate) fn clear(&mut self) {
        self.hits.clear();
        self.chosen.clear();
        self.cues.clear();
        self.att_hits.clear();
        self.times.clear();
        self.taken.clear();
        self.boundaries.clear();
        self.heads.clear();
        self.all_heads.clear();
        self.stops.clear();
    }
}

impl std::ops::Deref for ScratchGuard {
    type Target = Scratch;
    fn deref(&self) -> &Scratch {
        &self.0
    }
}

impl std::ops::DerefMut for ScratchGuard {
    fn deref_mut(&mut self) -> &mut Scratch {
        &mut self.0
    }
}

impl Drop for ScratchGuard {
    fn drop(&mut self) {
        let s = std::mem::take(&mut self.0);
        // (a thread being torn down keeps nothing)
        let _ = SCRATCH.try_with(|c| {
            if let Ok(mut b) = c.try_borrow_mut() {
                *b = s;
            }
        });
    }
}

/// Whether an entity is a dateline: an upper-case name opening a line, followed by a dash, comma
/// or bracket ("BEIRUT -", "KIEV, 1 MAR -"). It names where the report was filed, not a party.
pub(crate) fn is_dateline(text: &str, e: &Entity) -> bool {
    let before = text.get(..e.span.start as usize).unwrap_or("");
    // (most names do not open a line: the rest is read only for those that do)
    if !(before.is_empty() || before.ends_with('\n')) {
        return false;
    }
    let after = text.get(e.span.end as usize..).unwrap_or("").trim_start();
    e.text.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !e.text.chars().any(|c| c.is_lowercase())
        && after.starts_with(['-', ',', '(', '\u{2014}', '\u{2013}'])
}

/// The document's entities followed by those this stage resolved itself, indexed as one list
/// without copying the document's.
pub(crate) struct Ents<'a> {
    pub(crate) base: &'a [Entity],
    pub(crate) extra: Vec<Entity>,
}

impl Ents<'_> {
    pub(crate) fn len(&self) -> usize {
        self.base.len() + self.extra.len()
    }

    pub(crate) fn get(&self, k: usize) -> Option<&Entity> {
        self.base
            .get(k)
            .or_else(|| self.extra.get(k - self.base.len()))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Entity> + '_ {
        self.base.iter().chain(self.extra.iter())
    }
}

impl std::ops::Index<usize> for Ents<'_> {
    type Output = Entity;

    fn index(&self, k: usize) -> &Entity {
        match self.base.get(k) {
            Some(e) => e,
            None => &self.extra[k - self.base.len()],
        }
    }
}

/// The first mention of the country the article's actors (not places) most often belong to, the
/// dateline counting as one mention of its country; and the first of the first `base` entities
/// (the document's own) that is a dateline with a country.
/// (Both from one pass: the loop asks every entity with a country whether it is a dateline, in
/// order, which is the question the document's dateline search asked again of each, most of
/// them no dateline, so that it went through all of them.)
pub(crate) fn focus_actor<'e>(
    text: &str,
    entities: impl Iterator<Item = &'e Entity>,
    base: usize,
) -> (Option<usize>, Option<usize>) {
    // (country, mentions, first mention): an article names a handful of countries, searched
    // in a short list rather than hashed into a map built for each document
    let mut count: Vec<(&str, usize, usize)> = Vec::new();
    let mut filed: Option<&str> = None;
    let mut dateline: Option<usize> = None;
    for (i, e) in entities.enumerate() {
        // (a name of no country counts for nothing, dateline or not: only names with a country
        // are asked whether they open a line)
        if e.country.is_some() && is_dateline(text, e) {
            filed = filed.or(e.country.as_deref());
            if i < base && dateline.is_none() {
                dateline = Some(i);
            }
            continue;
        }
        if e.kind == EntityKind::Place {
            continue;
        }
        if let Some(c) = e.country.as_deref() {
            match count.iter_mut().find(|x| x.0 == c) {
                Some(x) => x.1 += 1,
                None => count.push((c, 1, i)),
            }
        }
    }
    // the place the report was filed counts as one mention of its country: between two
    // countries named as often, the story is about the one it was filed from
    if let Some(c) = filed {
        if let Some(x) = count.iter_mut().find(|x| x.0 == c) {
            x.1 += 1;
        }
    }
    // (the first mentions differ: no tie is left to the list's order)
    let focus = count
        .iter()
        .max_by_key(|&&(_, n, first)| (n, std::cmp::Reverse(first)))
        .map(|&(_, _, first)| first);
    (focus, dateline)
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        doc: &'a Document,
        tokens: &'a [Token],
        words: Words<'a>,
        ids: Vec<u32>,
        class: Vec<u8>,
        rules: &'a LangRules,
    ) -> Self {
        let extra = resolve_anaphora(rules, doc, tokens, &ids, &class);
        let entities = Ents {
            base: &doc.entities,
            extra,
        };
        let mut ent_cover = vec![NO_ENTITY; tokens.len()];
        let mut ent_first = vec![usize::MAX; entities.len()];
        let mut ent_last = vec![0; entities.len()];
        // Tokens a trigger pattern looks through: names but their last token (marked here, as
        // each name's tokens are taken), quotation marks ("declared a \"state of siege\"",
        // "would \"pay a price\"") and the hyphens inside a compound ("air-to-ground missiles",
        // "a four-day strike"), which are typography, not words between a pattern's elements
        // (both read from the token classes below), and times.
        let mut transparent = vec![false; tokens.len()];
        // a name the actor stage read inside a time expression with no country to back it is
        // a piece of the date ("KIGALI, 27 MAG -": the month as an acronym), no actor
        let in_time = |e: &Entity| {
            e.country.is_none()
                && doc
                    .times
                    .iter()
                    .any(|t| t.span.start <= e.span.start && e.span.end <= t.span.end)
        };
        for (k, e) in entities.iter().enumerate() {
            if in_time(e) {
                continue;
            }
            let lo = tokens.partition_point(|t| t.span.end <= e.span.start);
            let mut i = lo;
            while i < tokens.len() && tokens[i].span.start < e.span.end {
                if ent_cover[i] == NO_ENTITY {
                    ent_cover[i] = k as u32;
                }
                ent_first[k] = ent_first[k].min(i);
                ent_last[k] = i;
                i += 1;
            }
            // (a token's name is the first that took it: only its tokens but its last)
            for j in lo..ent_last[k] {
                if ent_cover[j] == k as u32 {
                    transparent[j] = true;
                }
            }
        }
        let published = doc
            .published
            .as_deref()
            .map(|p| p.get(..10).unwrap_or(p).to_string());
        // (the document's dateline: the first of its own entities with a country that is one)
        let (focus, dateline) = focus_actor(&doc.text, entities.iter(), doc.entities.len());
        // (few tokens are quotes or hyphens: found eight classes at a time)
        for i in sparse_positions(&class, class::TYPOGRAPHY) {
            let is_hyphen = ids[i] == rules.hyphen;
            let hyphen = || {
                is_hyphen
                    && i > 0
                    && i + 1 < tokens.len()
                    && tokens[i - 1].span.end == tokens[i].span.start
                    && tokens[i].span.end == tokens[i + 1].span.start
            };
            if !is_hyphen || hyphen() {
                transparent[i] = true;
            }
        }
        // (every token a time overlaps: the sentence scan asks only these whether a trigger word
        // lies inside one of its times)
        for t in &doc.times {
            let mut i = tokens.partition_point(|x| x.span.end <= t.span.start);
            while i < tokens.len() && tokens[i].span.start < t.span.end {
                transparent[i] = true;
                i += 1;
            }
        }
        Ctx {
            transparent,
            dateline,
            ids,
            class,
            focus,
            infer: true,
            doc,
            entities,
            tokens,
            words,
            rules,
            role_table: &rules.role_by_id,
            ent_cover,
            ent_first,
            ent_last,
            published,
            refusals: std::cell::RefCell::new(Vec::new()),
            rebuttals: std::cell::RefCell::new(Vec::new()),
            answers: std::cell::RefCell::new(Vec::new()),
            breaks: std::cell::OnceCell::new(),
        }
    }

    /// Byte offsets of the text's line breaks, in order (a line feed is one byte of UTF-8 and
    /// no part of another character: its byte offsets are those of the text's '\n').
    pub(crate) fn line_breaks(&self) -> &[u32] {
        self.breaks.get_or_init(|| {
            memchr::memchr_iter(b'\n', self.doc.text.as_bytes())
                .map(|i| i as u32)
                .collect()
        })
    }

    /// Where the paragraph holding byte offset `pos` starts: after the last line break before
    /// it, else at the start of the text.
    pub(crate) fn paragraph_start(&self, pos: u32) -> u32 {
        let b = self.line_breaks();
        match b.partition_point(|&x| x < pos) {
            0 => 0,
            n => b[n - 1] + 1,
        }
    }

    /// The lowercased word of token `i` ([`Words::get`]).
    #[inline]
    pub(crate) fn word(&self, i: usize) -> &'a str {
        self.words.get(i)
    }

    /// Whether token `i` is the one byte `b` (an ASCII mark: a comma, a hyphen), as its word
    /// would compare, without slicing the word: sentences with a trigger ask it of many tokens.
    #[inline]
    pub(crate) fn is_mark(&self, i: usize, b: u8) -> bool {
        let sp = self.tokens[i].span;
        sp.end.wrapping_sub(sp.start) == 1 && self.words.byte(sp.start) == Some(b)
    }

    /// Whether token `i` is a comma ([`Ctx::is_mark`]).
    #[inline]
    pub(crate) fn is_comma(&self, i: usize) -> bool {
        self.is_mark(i, b',')
    }

    /// The entity covering token `i`, if any (the first laid on it).
    #[inline]
    pub(crate) fn ent_of(&self, i: usize) -> Option<usize> {
        let k = self.ent_cover[i];
        (k != NO_ENTITY).then_some(k as usize)
    }

    /// Every role bit of token `i`, read by its vocabulary id (a table lookup, so no vector of
    /// roles is built for every token of the document: few sentences are read).
    #[inline]
    pub(crate) fn roles_of(&self, i: usize) -> u32 {
        by_id(self.role_table, self.ids[i])
    }

    /// Role bits of token `i`.
    pub(crate) fn role_at(&self, i: usize) -> u32 {
        self.roles_of(i) & !role::NOT_STRUCTURE
    }

    /// Whether the event preposition ("senza", "without") governs the trigger at token `i` of
    /// the clause starting at `lo`: right before it, or before an inserted connective that
    /// otherwise opens a clause ("senza però presentare scuse", "senza tuttavia condannare",
    /// "without, however, naming"), which leaves the trigger at the start of its own clause.
    pub(crate) fn after_event_prep(&self, i: usize, lo: usize) -> bool {
        if i > lo && self.role_at(i - 1) & role::EVENT_PREP != 0 {
            return true;
        }
        let mut j = i;
        let mut skipped = 0;
        while j > 0 && skipped < 3 {
            let w = self.word(j - 1);
            let connective =
                self.role_at(j - 1) & role::BOUNDARY != 0 && self.ent_of(j - 1).is_none();
            if w == "," || connective {
                j -= 1;
                skipped += 1;
            } else {
                break;
            }
        }
        skipped > 0 && j > 0 && j < i && self.role_at(j - 1) & role::EVENT_PREP != 0
    }

    /// The pronoun readings of token `i` ([`role::PRONOUN_MARKS`]), which [`Ctx::role_at`]
    /// leaves out: they mark articles too ("gli", "her") and must not change how phrases and
    /// lists are read.
    pub(crate) fn pronoun_marks(&self, i: usize) -> u32 {
        self.roles_of(i) & role::PRONOUN_MARKS
    }

    pub(crate) fn entity(&self, k: usize) -> &Entity {
        &self.entities[k]
    }

    /// Roles of the preposition governing the entity whose first token is `f` (articles skipped).
    pub(crate) fn prep_before(&self, f: usize, floor: usize) -> u32 {
        self.governing_roles(f, floor) & role::PREPS
    }

    /// All role bits of the word governing the entity whose first token is `f` (up to two
    /// articles skipped), where [`Ctx::prep_before`] keeps only the prepositions' bits.
    pub(crate) fn governing_roles(&self, f: usize, floor: usize) -> u32 {
        let mut j = f;
        let mut skipped = 0;
        while j > floor {
            j -= 1;
            let r = self.role_at(j);
            if r & role::ARTICLE != 0 && skipped < 2 {
                skipped += 1;
                continue;
            }
            return r;
        }
        0
    }

    pub(crate) fn is_place(&self, k: usize, prep: u32) -> bool {
        let e = self.entity(k);
        e.kind == EntityKind::Place
            || (e.kind == EntityKind::Country
                && prep & role::LOCATIVE != 0
                && prep & role::TARGET == 0)
    }

    /// A place for the event's location, which is asked only of entities that are no side of it:
    /// beside [`Ctx::is_place`], a capital standing for its government after a preposition that
    /// is both locative and a recipient's ("a Mosca", "ad Abuja"): not being the target, it is
    /// where the event happens ("riuniti ad Abuja").
    pub(crate) fn is_place_here(&self, k: usize, prep: u32) -> bool {
        self.is_place(k, prep)
            || (prep & role::LOCATIVE != 0
                && self.entity(k).kind == EntityKind::Country
                && self
                    .entity(k)
                    .note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("metonym: capital")))
    }

    pub(crate) fn is_actor(&self, k: usize) -> bool {
        self.entity(k).kind != EntityKind::Place
    }
}

/// The bits of `mask` set in any byte of `bytes`, read eight bytes at a time: a sentence's token
/// classes are asked whether it holds a blocker or a trigger word at all.
pub(crate) fn any_bits(bytes: &[u8], mask: u8) -> u8 {
    let mut chunks = bytes.chunks_exact(8);
    let mut acc = 0u64;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        acc |= u64::from_le_bytes(w);
    }
    // the bytes past the last whole word: as the last eight bytes, which overlap words already
    // read (an OR of a byte twice is the same), one load where a loop of zero to seven steps
    // mispredicted its exit; a slice shorter than a word byte by byte
    let mut r = match bytes.last_chunk::<8>() {
        Some(w) => {
            acc |= u64::from_le_bytes(*w);
            0
        }
        None => bytes.iter().fold(0u8, |r, &b| r | b),
    };
    for b in acc.to_le_bytes() {
        r |= b;
    }
    r & mask
}

/// Whether `bytes` hold an ASCII digit, read eight bytes at a time.
pub(crate) fn any_digit(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        // each byte's low seven bits plus a constant sets its top bit when they reach b'0'
        // (or b'9' + 1), with no carry into the next byte; a byte with its own top bit set is
        // no digit
        let y = x & !HIGH;
        let from_zero = y + ONES * (0x80 - 0x30);
        let past_nine = y + ONES * (0x80 - 0x3a);
        if from_zero & !past_nine & !x & HIGH != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// Indices of the bytes of `bytes` with a bit of `mask` set, eight bytes tested at once: the
/// document-wide scans of the token classes (anaphora starts, quotes and hyphens) find a few
/// tokens among thousands. Each word of eight classes becomes one bit per matching byte, and the
/// matches are read off it lowest first ([`Positions`]), in order.
pub(crate) fn positions(bytes: &[u8], mask: u8) -> Positions<'_> {
    Positions::new(bytes, mask)
}

/// As [`positions`], for bits that few tokens of a document carry (sport and domain cue words,
/// quotation marks and hyphens): runs of 32 bytes none of which has a bit of `mask` are passed
/// over with one test, where the eight-byte step tested each word of them. (The sentence scans
/// keep [`positions`]: a sentence is a few dozen tokens and its trigger words are common.)
pub(crate) fn sparse_positions(bytes: &[u8], mask: u8) -> Positions<'_, true> {
    Positions::new(bytes, mask)
}

/// The iterator of [`positions`]: the bytes, the index of the first not yet read, and the
/// matches of the word last read (the top bit of each matching byte; `base` the index of its
/// first byte).
/// `SPARSE`: runs of bytes with no bit are skipped 32 at a time ([`sparse_positions`]), a
/// choice made when compiling, so that the dense scans carry no test of it.
pub(crate) struct Positions<'a, const SPARSE: bool = false> {
    bytes: &'a [u8],
    mask: u64,
    at: usize,
    base: usize,
    bits: u64,
}

impl<'a, const SPARSE: bool> Positions<'a, SPARSE> {
    fn new(bytes: &'a [u8], mask: u8) -> Self {
        Positions {
            bytes,
            mask: u64::from_le_bytes([mask; 8]),
            at: 0,
            base: 0,
            bits: 0,
        }
    }
}

impl<const SPARSE: bool> Iterator for Positions<'_, SPARSE> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        while self.bits == 0 {
            if SPARSE {
                while let Some(block) = self
                    .bytes
                    .get(self.at..)
                    .and_then(|r| r.first_chunk::<32>())
                {
                    let mut m = 0;
                    for c in block.chunks_exact(8) {
                        let mut w = [0u8; 8];
                        w.copy_from_slice(c);
                        m |= u64::from_le_bytes(w);
                    }
                    let m = m & self.mask;
                    // (a byte of the OR has a bit of the mask when one of the four bytes had)
                    if (((m & LOW7) + LOW7) | m) & HIGH != 0 {
                        break;
                    }
                    self.at += 32;
                }
            }
            let rest = self.bytes.get(self.at..).unwrap_or(&[]);
            if rest.is_empty() {
                return None;
            }
            let mut w = [0u8; 8];
            let n = match rest.first_chunk::<8>() {
                Some(c) => {
                    w = *c;
                    8
                }
                // (the short last word, padded with bytes of no class)
                None => {
                    w[..rest.len()].copy_from_slice(rest);
                    rest.len()
                }
            };
            let m = u64::from_le_bytes(w) & self.mask;
            // the top bit of each byte with any bit set (no carry between bytes)
            self.bits = (((m & LOW7) + LOW7) | m) & HIGH;
            self.base = self.at;
            self.at += n;
        }
        let k = self.bits.trailing_zeros() as usize / 8;
        self.bits &= self.bits - 1;
        Some(self.base + k)
    }
}

/// Whether a token is a quotation mark (straight, curly or guillemet).
#[inline]
pub(crate) fn is_quote(w: &str) -> bool {
    // every mark begins with one of these bytes: most words are passed over on their first
    if !matches!(w.as_bytes().first(), Some(b'"' | b'\'' | 0xc2 | 0xe2)) {
        return false;
    }
    QUOTES.contains(&w)
}

/// The quotation marks [`is_quote`] knows (straight, curly, low, guillemets, single).
pub(crate) const QUOTES: [&str; 8] = [
    "\"", "\u{201c}", "\u{201d}", "\u{201e}", "«", "»", "\u{2018}", "'",
];

/// A small set of indices (tokens of one sentence: trigger heads, tokens a side's scan stops
/// at; entities of one event), as bits by index: a sentence's sets are built and asked for every
/// trigger it holds, and a hash set cost a hash and a probe per question and an allocation and
/// rehashing per insert. The bits start at the 64-bit word of the lowest index inserted, so a
/// set of a sentence deep in an article holds no zero words for the tokens before it (it had
/// to grow through all of them on its first insert).
#[derive(Default)]
pub(crate) struct TokenSet {
    /// Index of the word `bits[0]` stands for (meaningless while `bits` is empty).
    base: usize,
    bits: Vec<u64>,
}

impl Clone for TokenSet {
    fn clone(&self) -> Self {
        TokenSet {
            base: self.base,
            bits: self.bits.clone(),
        }
    }

    /// (into the set's own memory: a sentence's stop set starts as a copy of its heads)
    fn clone_from(&mut self, source: &Self) {
        self.base = source.base;
        self.bits.clone_from(&source.bits);
    }
}

impl TokenSet {
    /// Empties the set, keeping its memory.
    pub(crate) fn clear(&mut self) {
        self.bits.clear();
    }

    #[inline]
    pub(crate) fn contains(&self, i: &usize) -> bool {
        let w = i / 64;
        w >= self.base
            && self
                .bits
                .get(w - self.base)
                .is_some_and(|b| b & (1 << (i % 64)) != 0)
    }

    /// Adds index `i`: set in place when its word is held already (most inserts, after a
    /// sentence's first), else by [`TokenSet::insert_growing`], kept out of line so that the
    /// common case inlines into its callers.
    #[inline]
    pub(crate) fn insert(&mut self, i: usize) {
        if let Some(b) = (i / 64)
            .checked_sub(self.base)
            .and_then(|at| self.bits.get_mut(at))
        {
            *b |= 1 << (i % 64);
        } else {
            self.insert_growing(i);
        }
    }

    /// [`TokenSet::insert`] of an index whose word the set does not hold yet.
    #[inline(never)]
    fn insert_growing(&mut self, i: usize) {
        let w = i / 64;
        if self.bits.is_empty() {
            self.base = w;
        } else if w < self.base {
            // (an index below the first inserted: rare, the words before are laid in front)
            let more = self.base - w;
            self.bits.splice(0..0, std::iter::repeat_n(0, more));
            self.base = w;
        }
        let at = w - self.base;
        if at >= self.bits.len() {
            self.bits.resize(at + 1, 0);
        }
        self.bits[at] |= 1 << (i % 64);
    }
}

impl FromIterator<usize> for TokenSet {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut s = TokenSet::default();
        s.extend(iter);
        s
    }
}

impl Extend<usize> for TokenSet {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, iter: I) {
        for i in iter {
            self.insert(i);
        }
    }
}

impl<'x> Extend<&'x usize> for TokenSet {
    fn extend<I: IntoIterator<Item = &'x usize>>(&mut self, iter: I) {
        for &i in iter {
            self.insert(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digit_scan_finds_a_digit_at_any_place_and_nothing_else() {
        for b in 0..=255u8 {
            for len in 1..20 {
                for at in 0..len {
                    let mut v = vec![b' '; len];
                    v[at] = b;
                    // the bytes around it: below, inside and above the digits' range
                    if at > 0 {
                        v[at - 1] = b'/';
                    }
                    if at + 1 < len {
                        v[at + 1] = 0xc3;
                    }
                    let want = v.iter().any(u8::is_ascii_digit);
                    assert_eq!(any_digit(&v), want, "{b:#x} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn class_scans_find_every_byte_with_the_bits() {
        let mut v = vec![0u8; 37];
        for (i, b) in [(0, 1u8), (7, 3), (8, 2), (20, 1), (36, 4)] {
            v[i] = b;
        }
        assert_eq!(positions(&v, 1).collect::<Vec<_>>(), vec![0, 7, 20]);
        assert_eq!(positions(&v, 6).collect::<Vec<_>>(), vec![7, 8, 36]);
        assert_eq!(positions(&v, 8).count(), 0);
        assert_eq!(any_bits(&v, 0xff), 7);
        assert_eq!(any_bits(&v[9..20], 0xff), 0);
        assert_eq!(any_bits(&v[30..], 4), 4);
        assert_eq!(positions(&[], 1).count(), 0);
    }

    #[test]
    fn class_scans_agree_with_a_byte_by_byte_filter() {
        // every length around the eight-byte words, every mask bit, classes of all kinds
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for len in 0..40 {
            let v: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if x.is_multiple_of(3) {
                        0
                    } else {
                        (x >> 8) as u8
                    }
                })
                .collect();
            for mask in (0..8).map(|b| 1u8 << b).chain([0x41, 0xff]) {
                let want: Vec<usize> = (0..len).filter(|&i| v[i] & mask != 0).collect();
                assert_eq!(
                    positions(&v, mask).collect::<Vec<_>>(),
                    want,
                    "{v:?} {mask:#x}"
                );
                assert_eq!(
                    sparse_positions(&v, mask).collect::<Vec<_>>(),
                    want,
                    "{v:?} {mask:#x}"
                );
            }
        }
    }

    #[test]
    fn sparse_scans_find_a_few_bytes_among_long_runs_of_none() {
        // one to three classed bytes in up to 200, at every place around the 32-byte blocks
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 100, 200] {
            for a in 0..len {
                for b in [None, Some(a + 1), Some(a + 31), Some(a + 32), Some(a + 70)] {
                    let mut v = vec![0u8; len];
                    v[a] = 0x10;
                    if let Some(b) = b.filter(|&b| b < len) {
                        v[b] = 0x30;
                    }
                    if len > 0 {
                        v[len - 1] |= 0x01;
                    }
                    for mask in [0x10u8, 0x20, 0x01, 0x31, 0x40] {
                        let want: Vec<usize> = (0..len).filter(|&i| v[i] & mask != 0).collect();
                        assert_eq!(
                            sparse_positions(&v, mask).collect::<Vec<_>>(),
                            want,
                            "{len} {a} {b:?} {mask:#x}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn token_sets_hold_what_was_inserted_across_words() {
        let mut s: TokenSet = [3usize, 64, 200].into_iter().collect();
        s.extend(&[63usize, 129]);
        s.extend(70..=72);
        for i in [3, 63, 64, 70, 71, 72, 129, 200] {
            assert!(s.contains(&i), "{i}");
        }
        for i in [0, 2, 4, 62, 65, 69, 73, 128, 130, 199, 201, 10_000] {
            assert!(!s.contains(&i), "{i}");
        }
        assert!(!TokenSet::default().contains(&0));
        // a set whose first index is high, then lower ones laid before it
        let mut d = TokenSet::default();
        d.insert(1000);
        assert!(d.contains(&1000) && !d.contains(&999) && !d.contains(&0));
        d.insert(5);
        d.insert(130);
        for i in [5, 130, 1000] {
            assert!(d.contains(&i), "{i}");
        }
        for i in [0, 4, 6, 64, 129, 131, 999, 1001, 5000] {
            assert!(!d.contains(&i), "{i}");
        }
    }
}
