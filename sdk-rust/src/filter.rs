//! Subscription expressions.

use apogee_proto::rocketmq::v2 as pb;

/// What a consumer subscribes to in a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterExpression {
    /// `*`, `TagA`, or `TagA || TagB`.
    Tag(String),
    /// A SQL92 condition over message properties (and `TAGS`).
    Sql(String),
}

impl FilterExpression {
    /// Every message.
    pub fn all() -> Self {
        FilterExpression::Tag("*".into())
    }

    pub fn tag(expression: impl Into<String>) -> Self {
        FilterExpression::Tag(expression.into())
    }

    pub fn sql(expression: impl Into<String>) -> Self {
        FilterExpression::Sql(expression.into())
    }

    pub(crate) fn to_pb(&self) -> pb::FilterExpression {
        match self {
            FilterExpression::Tag(e) => pb::FilterExpression {
                r#type: pb::FilterType::Tag as i32,
                expression: e.clone(),
            },
            FilterExpression::Sql(e) => pb::FilterExpression {
                r#type: pb::FilterType::Sql as i32,
                expression: e.clone(),
            },
        }
    }
}
