//! Subscription filters, evaluated on the broker so that a filtered-out message never crosses
//! the network: tag expressions (checked first on the consume-queue tag hash, then on the stored
//! tag) and SQL92 property expressions (RocketMQ's grammar, parsed with `sqlparser`).

mod sql;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use apogee_types::{Message, TagFilter};

pub use sql::{FilterError, SqlFilter};

/// A compiled subscription expression.
#[derive(Debug, Clone)]
pub enum Filter {
    Tag(TagFilter),
    Sql(Arc<SqlFilter>),
}

impl Filter {
    /// Every message.
    pub fn all() -> Self {
        Filter::Tag(TagFilter::All)
    }

    /// A tag expression (`*`, `A`, `A || B`).
    pub fn tag(expression: &str) -> Self {
        Filter::Tag(TagFilter::parse(expression))
    }

    /// A SQL92 expression over message properties; refused with the position of the error.
    pub fn sql(expression: &str) -> Result<Self, FilterError> {
        Ok(Filter::Sql(Arc::new(SqlFilter::compile(expression)?)))
    }

    /// The expression this filter was compiled from: `(is_sql, text)`.
    pub fn expression(&self) -> (bool, String) {
        match self {
            Filter::Tag(t) => (false, t.expression()),
            Filter::Sql(s) => (true, s.source().to_owned()),
        }
    }

    /// Cheap pre-check on the consume-queue tag hash (SQL filters need the message).
    pub fn may_match_hash(&self, hash: u32) -> bool {
        match self {
            Filter::Tag(t) => t.may_match_hash(hash),
            Filter::Sql(_) => true,
        }
    }

    /// The exact check on the stored message.
    pub fn matches(&self, m: &Message) -> bool {
        match self {
            Filter::Tag(t) => t.matches(m.tag.as_deref()),
            Filter::Sql(s) => s.matches(m),
        }
    }
}
