use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A half-open byte range `[start, end)` into a document's UTF-8 text.
///
/// Serialised as a two-element array `[start, end]`, the form the output contract uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped to be no smaller than `start`.
    pub fn new(start: usize, end: usize) -> Self {
        let end = end.max(start);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text under this span, or `""` when the span does not fall on character boundaries
    /// of `text` (a span from another document, say): reading never panics.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range()).unwrap_or("")
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let [start, end] = <[u32; 2]>::deserialize(d)?;
        if end < start {
            return Err(serde::de::Error::custom(format!(
                "span end {end} precedes start {start}"
            )));
        }
        Ok(Span { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_pair() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        let back: Span = serde_json::from_str("[3,9]").unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn text_never_panics_off_boundary() {
        let t = "città";
        assert_eq!(Span::new(0, 5).text(t), ""); // inside the two-byte "à"
        assert_eq!(Span::new(0, 6).text(t), "città");
        assert_eq!(Span::new(2, 60).text(t), "");
    }
}
