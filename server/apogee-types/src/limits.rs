//! Validation of the user-supplied parts of a message, with RocketMQ's limits. The proxy calls
//! these once while converting a request into domain types; each error maps to one v2 code.

/// Default largest body (4 MiB), as RocketMQ's `maxMessageSize`.
pub const DEFAULT_MAX_BODY_SIZE: usize = 4 * 1024 * 1024;
/// Default largest number of user properties on one message.
pub const MAX_USER_PROPERTIES: usize = 128;
/// Default largest total size of properties, tag and keys on one message (16 KiB).
pub const MAX_PROPERTIES_SIZE: usize = 16 * 1024;
/// Default longest message group (FIFO key), in bytes.
pub const MAX_MESSAGE_GROUP_LEN: usize = 64;
/// Default largest number of keys on one message.
pub const MAX_KEYS: usize = 32;

/// The per-message limits a broker enforces (each a `broker.*` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageLimits {
    pub max_body: usize,
    pub max_properties: usize,
    /// Properties, tag and keys together.
    pub max_properties_bytes: usize,
    pub max_keys: usize,
    pub max_message_group_bytes: usize,
}

impl Default for MessageLimits {
    fn default() -> Self {
        Self {
            max_body: DEFAULT_MAX_BODY_SIZE,
            max_properties: MAX_USER_PROPERTIES,
            max_properties_bytes: MAX_PROPERTIES_SIZE,
            max_keys: MAX_KEYS,
            max_message_group_bytes: MAX_MESSAGE_GROUP_LEN,
        }
    }
}
/// Longest message id accepted (ids are opaque client strings).
pub const MAX_MESSAGE_ID_LEN: usize = 128;

use crate::quote::quote;

/// Why part of a message was refused. Offending values are quoted with [`quote`], so an
/// error stays small whatever was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("message body is empty")]
    BodyEmpty,
    #[error("message body is {size} bytes, more than the limit of {max} bytes")]
    BodyTooLarge { size: usize, max: usize },
    #[error("message id is missing")]
    MessageIdMissing,
    #[error("message id is {0} characters long, more than {MAX_MESSAGE_ID_LEN}")]
    MessageIdTooLong(usize),
    #[error("tag {0} is blank, or contains '|' or a control character")]
    Tag(String),
    #[error("key {0} is blank or contains a control character")]
    Key(String),
    #[error(
        "message group {group} is blank, longer than {max} bytes, or contains a control character"
    )]
    MessageGroup { group: String, max: usize },
    #[error("property key {0} is blank, reserved, or contains a control character")]
    PropertyKey(String),
    #[error("message has {count} user properties, more than {max}")]
    TooManyProperties { count: usize, max: usize },
    #[error("properties, tag and keys take {size} bytes, more than {max}")]
    PropertiesTooLarge { size: usize, max: usize },
    #[error("message has {count} keys, more than {max}")]
    TooManyKeys { count: usize, max: usize },
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

pub fn check_body(len: usize, max: usize) -> Result<(), FieldError> {
    if len == 0 {
        return Err(FieldError::BodyEmpty);
    }
    if len > max {
        return Err(FieldError::BodyTooLarge { size: len, max });
    }
    Ok(())
}

pub fn check_message_id(id: &str) -> Result<(), FieldError> {
    if id.trim().is_empty() {
        return Err(FieldError::MessageIdMissing);
    }
    if id.len() > MAX_MESSAGE_ID_LEN {
        return Err(FieldError::MessageIdTooLong(id.len()));
    }
    Ok(())
}

pub fn check_tag(tag: &str) -> Result<(), FieldError> {
    if tag.trim().is_empty() || tag.contains('|') || has_control(tag) {
        return Err(FieldError::Tag(quote(tag)));
    }
    Ok(())
}

pub fn check_key(key: &str) -> Result<(), FieldError> {
    if key.trim().is_empty() || has_control(key) {
        return Err(FieldError::Key(quote(key)));
    }
    Ok(())
}

pub fn check_message_group(group: &str, max: usize) -> Result<(), FieldError> {
    if group.trim().is_empty() || group.len() > max || has_control(group) {
        return Err(FieldError::MessageGroup {
            group: quote(group),
            max,
        });
    }
    Ok(())
}

/// Property names RocketMQ reserves for its own system properties. (`DELAY`, `TIMER_DELAY_SEC`,
/// `TIMER_DELAY_MS` and `TIMER_DELIVER_MS` are accepted: they schedule the message.)
const RESERVED_PROPERTY_KEYS: &[&str] = &[
    "KEYS",
    "TAGS",
    "WAIT",
    "RETRY_TOPIC",
    "REAL_TOPIC",
    "REAL_QID",
    "TRAN_MSG",
    "PGROUP",
    "MIN_OFFSET",
    "MAX_OFFSET",
    "BUYER_ID",
    "ORIGIN_MESSAGE_ID",
    "TRANSFER_FLAG",
    "CORRECTION_FLAG",
    "MQ2_FLAG",
    "RECONSUME_TIME",
    "MSG_REGION",
    "TRACE_ON",
    "UNIQ_KEY",
    "MAX_RECONSUME_TIMES",
    "CONSUME_START_TIME",
    "POP_CK",
    "POP_CK_OFFSET",
    "1ST_POP_TIME",
    "TRAN_PREPARED_QUEUE_OFFSET",
    "DUP_INFO",
    "EXTEND_UNIQ_INFO",
    "INNER_NUM",
    "INNER_BASE",
    "TIMER_OUT_MS",
    "TIMER_ENQUEUE_MS",
    "TIMER_DEQUEUE_MS",
    "TIMER_ROLL_TIMES",
    "TIMER_DEL_UNIQKEY",
    "TIMER_DELAY_LEVEL",
    "__STARTDELIVERTIME",
    "__SHARDINGKEY",
    "CLUSTER",
    "PROPERTY_MESSAGE_TYPE",
];

pub fn check_property_key(key: &str) -> Result<(), FieldError> {
    if key.trim().is_empty() || has_control(key) || RESERVED_PROPERTY_KEYS.contains(&key) {
        return Err(FieldError::PropertyKey(quote(key)));
    }
    Ok(())
}

/// Checks counts and total size of the user properties, tag and keys.
pub fn check_properties_size(
    properties: &[(String, String)],
    tag: Option<&str>,
    keys: &[String],
    limits: &MessageLimits,
) -> Result<(), FieldError> {
    if properties.len() > limits.max_properties {
        return Err(FieldError::TooManyProperties {
            count: properties.len(),
            max: limits.max_properties,
        });
    }
    if keys.len() > limits.max_keys {
        return Err(FieldError::TooManyKeys {
            count: keys.len(),
            max: limits.max_keys,
        });
    }
    let size = properties
        .iter()
        .map(|(k, v)| k.len() + v.len())
        .sum::<usize>()
        + tag.map_or(0, str::len)
        + keys.iter().map(String::len).sum::<usize>();
    if size > limits.max_properties_bytes {
        return Err(FieldError::PropertiesTooLarge {
            size,
            max: limits.max_properties_bytes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_limits() {
        assert_eq!(check_body(0, 10), Err(FieldError::BodyEmpty));
        assert!(check_body(10, 10).is_ok());
        assert_eq!(
            check_body(11, 10),
            Err(FieldError::BodyTooLarge { size: 11, max: 10 })
        );
    }

    #[test]
    fn field_rules() {
        assert!(check_tag("TagA").is_ok());
        assert!(check_tag("a|b").is_err());
        assert!(check_tag(" ").is_err());
        assert!(check_key("k1").is_ok());
        assert!(check_key("k\n").is_err());
        assert!(check_message_group(&"g".repeat(64), 64).is_ok());
        assert!(check_message_group(&"g".repeat(65), 64).is_err());
        assert!(check_property_key("color").is_ok());
        assert!(check_property_key("UNIQ_KEY").is_err());
        assert!(check_message_id("").is_err());
    }

    #[test]
    fn errors_quote_a_bounded_prefix() {
        let e = check_tag(&format!("{}|", "t".repeat(1 << 20))).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
        let e = check_key(&format!("{}\n", "k".repeat(1 << 20))).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
    }

    #[test]
    fn key_count() {
        let keys: Vec<String> = (0..33).map(|i| format!("k{i}")).collect();
        assert!(matches!(
            check_properties_size(&[], None, &keys, &MessageLimits::default()),
            Err(FieldError::TooManyKeys { count: 33, max: 32 })
        ));
    }

    #[test]
    fn property_totals() {
        let many: Vec<_> = (0..129).map(|i| (format!("k{i}"), String::new())).collect();
        assert!(matches!(
            check_properties_size(&many, None, &[], &MessageLimits::default()),
            Err(FieldError::TooManyProperties { .. })
        ));
        let big = vec![("k".to_owned(), "v".repeat(MAX_PROPERTIES_SIZE))];
        assert!(matches!(
            check_properties_size(&big, None, &[], &MessageLimits::default()),
            Err(FieldError::PropertiesTooLarge { .. })
        ));
    }
}
