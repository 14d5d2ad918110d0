//! Value encodings. Stored messages use a prost-encoded record (field numbers make the format
//! versioned: new fields are added, none renumbered); fixed-size values use big-endian bytes.

use apogee_types::{Message, MessageType, StoredMessage};
use bytes::Bytes;
use prost::Message as _;

use crate::StoreError;

/// The commit-log record. Field numbers are the storage format: never renumber.
#[derive(Clone, PartialEq, prost::Message)]
struct MessageRecord {
    #[prost(string, tag = "1")]
    topic: String,
    #[prost(uint32, tag = "2")]
    queue_id: u32,
    #[prost(uint64, tag = "3")]
    queue_offset: u64,
    #[prost(int64, tag = "4")]
    store_timestamp_ms: i64,
    #[prost(string, tag = "5")]
    message_id: String,
    #[prost(bytes = "bytes", tag = "6")]
    body: Bytes,
    #[prost(string, optional, tag = "7")]
    tag: Option<String>,
    #[prost(string, repeated, tag = "8")]
    keys: Vec<String>,
    #[prost(message, repeated, tag = "9")]
    user_properties: Vec<Property>,
    #[prost(uint32, tag = "10")]
    message_type: u32,
    #[prost(string, optional, tag = "11")]
    message_group: Option<String>,
    #[prost(int64, optional, tag = "12")]
    delivery_timestamp_ms: Option<i64>,
    #[prost(int64, tag = "13")]
    born_timestamp_ms: i64,
    #[prost(string, tag = "14")]
    born_host: String,
    #[prost(string, optional, tag = "15")]
    trace_context: Option<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Property {
    #[prost(string, tag = "1")]
    key: String,
    #[prost(string, tag = "2")]
    value: String,
}

/// Encodes a message for the commit log.
pub(crate) fn encode_message(
    topic: &str,
    queue_id: u32,
    queue_offset: u64,
    store_timestamp_ms: i64,
    m: &Message,
) -> Vec<u8> {
    let record = MessageRecord {
        topic: topic.to_owned(),
        queue_id,
        queue_offset,
        store_timestamp_ms,
        message_id: m.message_id.clone(),
        body: m.body.clone(),
        tag: m.tag.clone(),
        keys: m.keys.clone(),
        user_properties: m
            .user_properties
            .iter()
            .map(|(k, v)| Property {
                key: k.clone(),
                value: v.clone(),
            })
            .collect(),
        message_type: m.message_type.map_or(0, MessageType::code),
        message_group: m.message_group.clone(),
        delivery_timestamp_ms: m.delivery_timestamp_ms,
        born_timestamp_ms: m.born_timestamp_ms,
        born_host: m.born_host.clone(),
        trace_context: m.trace_context.clone(),
    };
    record.encode_to_vec()
}

/// Decodes a commit-log record; the body shares the buffer it was read into.
pub(crate) fn decode_message(log_offset: u64, raw: Bytes) -> Result<StoredMessage, StoreError> {
    let r = MessageRecord::decode(raw)
        .map_err(|e| StoreError::Corrupt(format!("commit log record {log_offset}: {e}")))?;
    Ok(StoredMessage {
        topic: r.topic,
        queue_id: r.queue_id,
        queue_offset: r.queue_offset,
        log_offset,
        store_timestamp_ms: r.store_timestamp_ms,
        message: Message {
            message_id: r.message_id,
            body: r.body,
            tag: r.tag,
            keys: r.keys,
            user_properties: r
                .user_properties
                .into_iter()
                .map(|p| (p.key, p.value))
                .collect(),
            message_type: MessageType::from_code(r.message_type),
            message_group: r.message_group,
            delivery_timestamp_ms: r.delivery_timestamp_ms,
            born_timestamp_ms: r.born_timestamp_ms,
            born_host: r.born_host,
            trace_context: r.trace_context,
        },
    })
}

/// A consume-queue entry: where a message lives and what a filter needs to know without
/// reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CqEntry {
    pub log_offset: u64,
    /// Encoded size of the commit-log record.
    pub size: u32,
    pub tag_hash: u32,
    /// When this entry was appended (for a retry entry: when the retry was scheduled).
    pub store_time_ms: u64,
    /// Deliveries already made before this entry (0 for a fresh message).
    pub reconsume_times: u32,
}

impl CqEntry {
    pub(crate) const LEN: usize = 28;

    pub(crate) fn encode(&self) -> [u8; Self::LEN] {
        let mut v = [0u8; Self::LEN];
        v[..8].copy_from_slice(&self.log_offset.to_be_bytes());
        v[8..12].copy_from_slice(&self.size.to_be_bytes());
        v[12..16].copy_from_slice(&self.tag_hash.to_be_bytes());
        v[16..24].copy_from_slice(&self.store_time_ms.to_be_bytes());
        v[24..28].copy_from_slice(&self.reconsume_times.to_be_bytes());
        v
    }

    pub(crate) fn decode(v: &[u8]) -> Result<Self, StoreError> {
        if v.len() < Self::LEN {
            return Err(StoreError::Corrupt(format!(
                "consume queue value of {} bytes",
                v.len()
            )));
        }
        let u32_at = |i: usize| u32::from_be_bytes([v[i], v[i + 1], v[i + 2], v[i + 3]]);
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&v[i..i + 8]);
            u64::from_be_bytes(b)
        };
        Ok(Self {
            log_offset: u64_at(0),
            size: u32_at(8),
            tag_hash: u32_at(12),
            store_time_ms: u64_at(16),
            reconsume_times: u32_at(24),
        })
    }
}

/// What the store keeps about one in-flight delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvisibleValue {
    /// Delivery attempt of this delivery (1 for the first).
    pub attempt: u32,
    pub nonce: u32,
    /// The consume-queue entry being delivered, so a redelivery needs no extra read.
    pub entry: CqEntry,
}

impl InvisibleValue {
    const LEN: usize = 8 + CqEntry::LEN;

    pub(crate) fn encode(&self) -> [u8; Self::LEN] {
        let mut v = [0u8; Self::LEN];
        v[..4].copy_from_slice(&self.attempt.to_be_bytes());
        v[4..8].copy_from_slice(&self.nonce.to_be_bytes());
        v[8..].copy_from_slice(&self.entry.encode());
        v
    }

    pub(crate) fn decode(v: &[u8]) -> Result<Self, StoreError> {
        if v.len() < Self::LEN {
            return Err(StoreError::Corrupt(format!(
                "invisible value of {} bytes",
                v.len()
            )));
        }
        Ok(Self {
            attempt: u32::from_be_bytes([v[0], v[1], v[2], v[3]]),
            nonce: u32::from_be_bytes([v[4], v[5], v[6], v[7]]),
            entry: CqEntry::decode(&v[8..])?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_round_trip() {
        let m = Message {
            message_id: "id1".into(),
            body: Bytes::from_static(b"hello"),
            tag: Some("t".into()),
            keys: vec!["k1".into(), "k2".into()],
            user_properties: vec![("a".into(), "1".into())],
            message_type: Some(MessageType::Fifo),
            message_group: Some("g".into()),
            delivery_timestamp_ms: Some(5),
            born_timestamp_ms: 4,
            born_host: "h".into(),
            trace_context: None,
        };
        let raw = encode_message("T", 1, 2, 3, &m);
        let s = decode_message(9, Bytes::from(raw)).unwrap();
        assert_eq!(s.message, m);
        assert_eq!(
            (s.topic.as_str(), s.queue_id, s.queue_offset, s.log_offset),
            ("T", 1, 2, 9)
        );
        assert_eq!(s.store_timestamp_ms, 3);
    }

    #[test]
    fn corrupt_record_is_an_error() {
        assert!(decode_message(1, Bytes::from_static(&[0xff, 0xff, 0xff])).is_err());
        assert!(CqEntry::decode(&[0; 3]).is_err());
    }

    #[test]
    fn fixed_values_round_trip() {
        let e = CqEntry {
            log_offset: 1,
            size: 2,
            tag_hash: 3,
            store_time_ms: 4,
            reconsume_times: 5,
        };
        assert_eq!(CqEntry::decode(&e.encode()).unwrap(), e);
        let v = InvisibleValue {
            attempt: 2,
            nonce: 7,
            entry: e,
        };
        assert_eq!(InvisibleValue::decode(&v.encode()).unwrap(), v);
    }
}
