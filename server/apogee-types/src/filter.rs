//! Tag subscription expressions (`*`, `TagA`, `TagA || TagB`) and the tag hash that consume-queue
//! entries carry, so the broker can skip non-matching messages without reading the commit log.

use std::collections::BTreeSet;

/// Hash of a tag as stored in consume-queue entries. 0 means "no tag". A match on the hash is
/// confirmed against the stored tag, so collisions cost a read, never a wrong delivery.
pub fn tag_hash(tag: Option<&str>) -> u32 {
    match tag {
        None => 0,
        Some(t) => {
            // FNV-1a: stable across versions and platforms (std's hasher is not).
            let mut h: u32 = 0x811c_9dc5;
            for b in t.as_bytes() {
                h ^= u32::from(*b);
                h = h.wrapping_mul(0x0100_0193);
            }
            h.max(1)
        }
    }
}

/// A parsed tag expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagFilter {
    /// `*` or an empty expression: every message.
    All,
    /// `A || B || …`: messages whose tag is one of these.
    Tags {
        tags: BTreeSet<String>,
        hashes: BTreeSet<u32>,
    },
}

impl TagFilter {
    /// Parses a RocketMQ tag expression. Blank alternatives are ignored, as RocketMQ does.
    pub fn parse(expression: &str) -> Self {
        let expr = expression.trim();
        if expr.is_empty() || expr == "*" {
            return TagFilter::All;
        }
        let tags: BTreeSet<String> = expr
            .split("||")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if tags.is_empty() || tags.contains("*") {
            return TagFilter::All;
        }
        let hashes = tags.iter().map(|t| tag_hash(Some(t))).collect();
        TagFilter::Tags { tags, hashes }
    }

    /// The expression again, in a form [`TagFilter::parse`] reads back to the same filter.
    pub fn expression(&self) -> String {
        match self {
            TagFilter::All => "*".to_owned(),
            TagFilter::Tags { tags, .. } => tags
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" || "),
        }
    }

    /// Cheap pre-check on the consume-queue hash.
    pub fn may_match_hash(&self, hash: u32) -> bool {
        match self {
            TagFilter::All => true,
            TagFilter::Tags { hashes, .. } => hashes.contains(&hash),
        }
    }

    /// Exact check on the stored tag.
    pub fn matches(&self, tag: Option<&str>) -> bool {
        match self {
            TagFilter::All => true,
            TagFilter::Tags { tags, .. } => tag.is_some_and(|t| tags.contains(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_expressions() {
        assert_eq!(TagFilter::parse("*"), TagFilter::All);
        assert_eq!(TagFilter::parse(""), TagFilter::All);
        let f = TagFilter::parse("TagA || TagB");
        assert!(f.matches(Some("TagA")));
        assert!(f.matches(Some("TagB")));
        assert!(!f.matches(Some("TagC")));
        assert!(!f.matches(None));
        assert!(f.may_match_hash(tag_hash(Some("TagA"))));
        assert!(!f.may_match_hash(tag_hash(None)));
    }

    #[test]
    fn hash_is_stable_and_nonzero_for_tags() {
        assert_eq!(tag_hash(None), 0);
        assert_ne!(tag_hash(Some("")), 0);
        assert_eq!(tag_hash(Some("TagA")), tag_hash(Some("TagA")));
    }
}
