//! Messages as producers send them ([`Message`]) and as consumers get them back
//! ([`StoredMessage`]: the message plus where and when the store put it).

use bytes::Bytes;
use md5::{Digest, Md5};

/// The RocketMQ message types a topic can accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageType {
    Normal,
    Fifo,
    Delay,
    Transaction,
}

impl MessageType {
    pub const ALL: [MessageType; 4] = [
        MessageType::Normal,
        MessageType::Fifo,
        MessageType::Delay,
        MessageType::Transaction,
    ];

    /// Stable numeric code used in the store's encoding (matches the v2 enum values).
    pub fn code(self) -> u32 {
        match self {
            MessageType::Normal => 1,
            MessageType::Fifo => 2,
            MessageType::Delay => 3,
            MessageType::Transaction => 4,
        }
    }

    pub fn from_code(code: u32) -> Option<Self> {
        match code {
            1 => Some(MessageType::Normal),
            2 => Some(MessageType::Fifo),
            3 => Some(MessageType::Delay),
            4 => Some(MessageType::Transaction),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::Normal => "normal",
            MessageType::Fifo => "fifo",
            MessageType::Delay => "delay",
            MessageType::Transaction => "transaction",
        }
    }

    /// Parses the names used by the CLI and config (`normal`, `fifo`, `delay`, `transaction`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "normal" => Some(MessageType::Normal),
            "fifo" => Some(MessageType::Fifo),
            "delay" => Some(MessageType::Delay),
            "transaction" => Some(MessageType::Transaction),
            _ => None,
        }
    }
}

/// A message as a producer sent it, after validation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// Client-generated id, echoed back unchanged (RocketMQ's unique key).
    pub message_id: String,
    pub body: Bytes,
    pub tag: Option<String>,
    pub keys: Vec<String>,
    /// User properties in a stable (sorted) order.
    pub user_properties: Vec<(String, String)>,
    pub message_type: Option<MessageType>,
    pub message_group: Option<String>,
    pub delivery_timestamp_ms: Option<i64>,
    pub born_timestamp_ms: i64,
    pub born_host: String,
    pub trace_context: Option<String>,
}

/// A message read back from the store: the message plus its placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    pub topic: String,
    pub queue_id: u32,
    pub queue_offset: u64,
    pub log_offset: u64,
    pub store_timestamp_ms: i64,
    pub message: Message,
    /// MD5 of the body, computed once when the record was written (`None` for records
    /// written before the digest was kept: compute it then).
    pub body_md5: Option<[u8; 16]>,
}

impl StoredMessage {
    /// Uppercase hex MD5 of the body, from the stored digest when there is one.
    pub fn body_md5_hex(&self) -> String {
        match &self.body_md5 {
            Some(d) => hex::encode_upper(d),
            None => body_md5_hex(&self.message.body),
        }
    }
}

/// Uppercase hex MD5 of a body: the digest every official client accepts (CRC32 formats differ
/// between clients, MD5 does not).
pub fn body_md5_hex(body: &[u8]) -> String {
    hex::encode_upper(body_md5(body))
}

/// MD5 of a body, as stored with each record.
pub fn body_md5(body: &[u8]) -> [u8; 16] {
    Md5::digest(body).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_uppercase_hex() {
        assert_eq!(body_md5_hex(b""), "D41D8CD98F00B204E9800998ECF8427E");
    }

    #[test]
    fn a_stored_digest_is_used_and_a_missing_one_computed() {
        let mut s = StoredMessage {
            topic: "t".into(),
            queue_id: 0,
            queue_offset: 0,
            log_offset: 0,
            store_timestamp_ms: 0,
            message: Message {
                body: Bytes::from_static(b"abc"),
                ..Message::default()
            },
            body_md5: None,
        };
        assert_eq!(s.body_md5_hex(), "900150983CD24FB0D6963F7D28E17F72");
        s.body_md5 = Some(body_md5(b"abc"));
        assert_eq!(s.body_md5_hex(), "900150983CD24FB0D6963F7D28E17F72");
        s.body_md5 = Some([0xAB; 16]);
        assert_eq!(s.body_md5_hex(), "AB".repeat(16), "the stored digest wins");
    }

    #[test]
    fn message_type_codes_round_trip() {
        for t in MessageType::ALL {
            assert_eq!(MessageType::from_code(t.code()), Some(t));
            assert_eq!(MessageType::parse(t.as_str()), Some(t));
        }
        assert_eq!(MessageType::from_code(0), None);
        assert_eq!(MessageType::parse("mixed"), None);
    }
}
