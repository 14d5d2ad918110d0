//! Topic and group names. RocketMQ allows `^[%a-zA-Z0-9_-]{1,127}$`; names that start with `%`
//! are reserved for system topics such as `%RETRY%<group>` and `%DLQ%<group>`.

use std::fmt;

/// Longest topic or group name, as in RocketMQ.
pub const MAX_NAME_LEN: usize = 127;
/// Prefix of a group's retry topic.
pub const RETRY_PREFIX: &str = "%RETRY%";
/// Prefix of a group's dead-letter topic.
pub const DLQ_PREFIX: &str = "%DLQ%";

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("{kind} name is empty")]
    Empty { kind: &'static str },
    #[error("{kind} name is {len} characters long, more than the limit of {MAX_NAME_LEN}")]
    TooLong { kind: &'static str, len: usize },
    #[error(
        "{kind} name {name} contains {ch:?}; only letters, digits, '%', '_' and '-' are allowed"
    )]
    BadChar {
        kind: &'static str,
        name: String,
        ch: char,
    },
    #[error("{kind} name {name:?} is reserved for the system")]
    Reserved { kind: &'static str, name: String },
}

fn validate(kind: &'static str, name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty { kind });
    }
    if name.len() > MAX_NAME_LEN {
        return Err(NameError::TooLong {
            kind,
            len: name.len(),
        });
    }
    if let Some(ch) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '%' | '_' | '-')))
    {
        return Err(NameError::BadChar {
            kind,
            name: crate::quote(name),
            ch,
        });
    }
    Ok(())
}

/// A topic name that passed RocketMQ's character and length rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicName(String);

impl TopicName {
    /// Validates a name a client may use. System topics (starting with `%`) are refused,
    /// except the DLQ topics, which clients may subscribe to in order to drain them.
    pub fn new(name: &str) -> Result<Self, NameError> {
        validate("topic", name)?;
        if name.starts_with('%') && !name.starts_with(DLQ_PREFIX) {
            return Err(NameError::Reserved {
                kind: "topic",
                name: name.to_owned(),
            });
        }
        Ok(Self(name.to_owned()))
    }

    /// Builds a system topic name without the reserved-prefix check.
    pub fn system(name: String) -> Result<Self, NameError> {
        validate("topic", &name)?;
        Ok(Self(name))
    }

    /// The retry topic of a consumer group.
    pub fn retry_of(group: &GroupName) -> Self {
        Self(format!("{RETRY_PREFIX}{}", group.as_str()))
    }

    /// The dead-letter topic of a consumer group.
    pub fn dlq_of(group: &GroupName) -> Self {
        Self(format!("{DLQ_PREFIX}{}", group.as_str()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `%RETRY%…`, `%DLQ%…` and any other `%`-prefixed name.
    pub fn is_system(&self) -> bool {
        self.0.starts_with('%')
    }
}

impl fmt::Display for TopicName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A consumer (or producer) group name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupName(String);

impl GroupName {
    pub fn new(name: &str) -> Result<Self, NameError> {
        validate("group", name)?;
        if name.starts_with('%') {
            return Err(NameError::Reserved {
                kind: "group",
                name: name.to_owned(),
            });
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rocketmq_names() {
        assert!(TopicName::new("Topic_A-1").is_ok());
        assert!(TopicName::new(&"a".repeat(127)).is_ok());
        assert!(GroupName::new("GID_orders").is_ok());
    }

    #[test]
    fn refuses_bad_names() {
        assert_eq!(TopicName::new(""), Err(NameError::Empty { kind: "topic" }));
        assert!(matches!(
            TopicName::new(&"a".repeat(128)),
            Err(NameError::TooLong { .. })
        ));
        assert!(matches!(
            TopicName::new("a b"),
            Err(NameError::BadChar { ch: ' ', .. })
        ));
        assert!(matches!(
            TopicName::new("a.b"),
            Err(NameError::BadChar { ch: '.', .. })
        ));
        assert!(matches!(
            TopicName::new("%RETRY%g"),
            Err(NameError::Reserved { .. })
        ));
        assert!(matches!(
            GroupName::new("%g"),
            Err(NameError::Reserved { .. })
        ));
    }

    #[test]
    fn system_names() {
        let g = GroupName::new("g1").unwrap();
        assert_eq!(TopicName::retry_of(&g).as_str(), "%RETRY%g1");
        assert_eq!(TopicName::dlq_of(&g).as_str(), "%DLQ%g1");
        assert!(TopicName::dlq_of(&g).is_system());
        assert!(TopicName::new("%DLQ%g1").is_ok());
    }
}
