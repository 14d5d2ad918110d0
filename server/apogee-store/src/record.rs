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
    /// MD5 of the body, computed once on the sending task (16 bytes; empty in records written
    /// before it was kept).
    #[prost(bytes = "vec", tag = "16")]
    body_md5: Vec<u8>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Property {
    #[prost(string, tag = "1")]
    key: String,
    #[prost(string, tag = "2")]
    value: String,
}

/// Encodes a message for the commit log.
#[cfg(test)]
pub(crate) fn encode_message(
    topic: &str,
    queue_id: u32,
    queue_offset: u64,
    store_timestamp_ms: i64,
    m: &Message,
) -> Vec<u8> {
    finish_record(
        encode_record_start(topic, queue_id, m),
        queue_offset,
        store_timestamp_ms,
    )
}

/// Everything of a record the writer does not decide: encoded by the submitting task, so the
/// single writer thread only appends the queue offset and store time (`finish_record`).
/// Fields 3 and 4 are left at their defaults, which protobuf does not encode.
pub fn encode_record_start(topic: &str, queue_id: u32, m: &Message) -> Vec<u8> {
    let record = MessageRecord {
        topic: topic.to_owned(),
        queue_id,
        queue_offset: 0,
        store_timestamp_ms: 0,
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
        body_md5: apogee_types::body_md5(&m.body).to_vec(),
    };
    // Room for the two fields `finish_record` appends.
    let mut buf = Vec::with_capacity(record.encoded_len() + 22);
    record
        .encode(&mut buf)
        .expect("a Vec grows to fit any record");
    buf
}

/// Completes a record started by `encode_record_start`: protobuf merges concatenated fields,
/// so appending fields 3 and 4 gives the same record as encoding them in place.
pub fn finish_record(mut start: Vec<u8>, queue_offset: u64, store_timestamp_ms: i64) -> Vec<u8> {
    prost::encoding::uint64::encode(3, &queue_offset, &mut start);
    prost::encoding::int64::encode(4, &store_timestamp_ms, &mut start);
    start
}

/// Decodes a commit-log record; the body shares the buffer it was read into.
pub fn decode_message(log_offset: u64, raw: Bytes) -> Result<StoredMessage, StoreError> {
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
        body_md5: r.body_md5.try_into().ok(),
    })
}

/// A consume-queue entry: where a message lives and what a filter or an ordered consumer needs
/// to know without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CqEntry {
    pub log_offset: u64,
    /// Encoded size of the commit-log record.
    pub size: u32,
    pub tag_hash: u32,
    /// When this entry was appended (for a retry entry: when the retry was scheduled).
    pub store_time_ms: u64,
    /// Deliveries already made before this entry (0 for a fresh message).
    pub reconsume_times: u32,
    /// Hash of the message group (FIFO key); 0 when the message has none.
    pub group_hash: u32,
}

impl CqEntry {
    pub(crate) const LEN: usize = 32;

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut v = [0u8; Self::LEN];
        v[..8].copy_from_slice(&self.log_offset.to_be_bytes());
        v[8..12].copy_from_slice(&self.size.to_be_bytes());
        v[12..16].copy_from_slice(&self.tag_hash.to_be_bytes());
        v[16..24].copy_from_slice(&self.store_time_ms.to_be_bytes());
        v[24..28].copy_from_slice(&self.reconsume_times.to_be_bytes());
        v[28..32].copy_from_slice(&self.group_hash.to_be_bytes());
        v
    }

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn decode(v: &[u8]) -> Result<Self, StoreError> {
        if v.len() < Self::LEN {
            return Err(StoreError::Corrupt(format!(
                "consume queue value of {} bytes",
                v.len()
            )));
        }
        Ok(Self {
            log_offset: u64_at(v, 0),
            size: u32_at(v, 8),
            tag_hash: u32_at(v, 12),
            store_time_ms: u64_at(v, 16),
            reconsume_times: u32_at(v, 24),
            group_hash: u32_at(v, 28),
        })
    }
}

fn u32_at(v: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([v[i], v[i + 1], v[i + 2], v[i + 3]])
}

fn u64_at(v: &[u8], i: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&v[i..i + 8]);
    u64::from_be_bytes(b)
}

/// What the store keeps about one in-flight delivery (or one waiting for its back-off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvisibleValue {
    /// Deliveries made so far, this one included (1 after the first).
    pub attempt: u32,
    /// Identifies the current delivery; a receipt handle must carry it.
    pub nonce: u32,
    /// 0: delivered, waiting for an ack. 1: expired or nacked, waiting out its back-off.
    pub phase: u8,
    /// Bit 0: the server renews the invisibility (push consumers). Bit 1: nacked by the client.
    pub flags: u8,
    /// Hash of the client id that received it (auto-renewal stops when it goes away).
    pub client: u64,
    /// When the message was first handed out in this delivery (bounds auto-renewal).
    pub delivered_ms: u64,
    /// The consume-queue entry being delivered, so a redelivery needs no extra read.
    pub entry: CqEntry,
}

impl InvisibleValue {
    const LEN: usize = 4 + 4 + 1 + 1 + 8 + 8 + CqEntry::LEN;

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut v = [0u8; Self::LEN];
        v[..4].copy_from_slice(&self.attempt.to_be_bytes());
        v[4..8].copy_from_slice(&self.nonce.to_be_bytes());
        v[8] = self.phase;
        v[9] = self.flags;
        v[10..18].copy_from_slice(&self.client.to_be_bytes());
        v[18..26].copy_from_slice(&self.delivered_ms.to_be_bytes());
        v[26..].copy_from_slice(&self.entry.encode());
        v
    }

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn decode(v: &[u8]) -> Result<Self, StoreError> {
        if v.len() < Self::LEN {
            return Err(StoreError::Corrupt(format!(
                "invisible value of {} bytes",
                v.len()
            )));
        }
        Ok(Self {
            attempt: u32_at(v, 0),
            nonce: u32_at(v, 4),
            phase: v[8],
            flags: v[9],
            client: u64_at(v, 10),
            delivered_ms: u64_at(v, 18),
            entry: CqEntry::decode(&v[26..])?,
        })
    }
}

/// Where a scheduled (delay/timer) message goes when it is due, kept in the `timer` CF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerValue {
    pub topic_id: u32,
    pub queue_id: u32,
    /// The consume-queue entry to append (its store time is set when it fires).
    pub entry: CqEntry,
}

impl TimerValue {
    const LEN: usize = 8 + CqEntry::LEN;

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut v = [0u8; Self::LEN];
        v[..4].copy_from_slice(&self.topic_id.to_be_bytes());
        v[4..8].copy_from_slice(&self.queue_id.to_be_bytes());
        v[8..].copy_from_slice(&self.entry.encode());
        v
    }

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn decode(v: &[u8]) -> Result<Self, StoreError> {
        if v.len() < Self::LEN {
            return Err(StoreError::Corrupt(format!(
                "timer value of {} bytes",
                v.len()
            )));
        }
        Ok(Self {
            topic_id: u32_at(v, 0),
            queue_id: u32_at(v, 4),
            entry: CqEntry::decode(&v[8..])?,
        })
    }
}

/// A half (prepared) transactional message, kept in the `transaction` CF until it is committed,
/// rolled back, or given up after its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxnValue {
    pub topic_id: u32,
    pub queue_id: u32,
    pub entry: CqEntry,
    pub created_ms: u64,
    /// When the next check-back is due.
    pub next_check_ms: u64,
    /// Check-backs sent so far.
    pub checks: u32,
}

impl TxnValue {
    const LEN: usize = 8 + CqEntry::LEN + 8 + 8 + 4;

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut v = [0u8; Self::LEN];
        v[..4].copy_from_slice(&self.topic_id.to_be_bytes());
        v[4..8].copy_from_slice(&self.queue_id.to_be_bytes());
        v[8..40].copy_from_slice(&self.entry.encode());
        v[40..48].copy_from_slice(&self.created_ms.to_be_bytes());
        v[48..56].copy_from_slice(&self.next_check_ms.to_be_bytes());
        v[56..60].copy_from_slice(&self.checks.to_be_bytes());
        v
    }

    #[doc(hidden)] // Public for the fuzz tests only.
    pub fn decode(v: &[u8]) -> Result<Self, StoreError> {
        if v.len() < Self::LEN {
            return Err(StoreError::Corrupt(format!(
                "transaction value of {} bytes",
                v.len()
            )));
        }
        Ok(Self {
            topic_id: u32_at(v, 0),
            queue_id: u32_at(v, 4),
            entry: CqEntry::decode(&v[8..40])?,
            created_ms: u64_at(v, 40),
            next_check_ms: u64_at(v, 48),
            checks: u32_at(v, 56),
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
    fn a_finished_record_equals_one_encoded_in_place() {
        let m = Message {
            message_id: "id".into(),
            body: Bytes::from_static(b"body"),
            tag: Some("t".into()),
            ..Default::default()
        };
        for (offset, time) in [(0, 0), (7, 1_700_000_000_000), (u64::MAX, -1)] {
            let in_place = MessageRecord {
                topic: "T".into(),
                queue_id: 3,
                queue_offset: offset,
                store_timestamp_ms: time,
                message_id: "id".into(),
                body: m.body.clone(),
                tag: m.tag.clone(),
                body_md5: apogee_types::body_md5(&m.body).to_vec(),
                ..Default::default()
            }
            .encode_to_vec();
            let finished = finish_record(encode_record_start("T", 3, &m), offset, time);
            let (a, b) = (
                decode_message(1, Bytes::from(in_place)).unwrap(),
                decode_message(1, Bytes::from(finished)).unwrap(),
            );
            assert_eq!(a, b);
            assert_eq!((b.queue_offset, b.store_timestamp_ms), (offset, time));
        }
    }

    #[test]
    fn the_body_digest_is_kept_and_old_records_have_none() {
        let m = Message {
            body: Bytes::from_static(b"abc"),
            ..Default::default()
        };
        let new = decode_message(1, Bytes::from(encode_message("T", 0, 0, 0, &m))).unwrap();
        assert_eq!(new.body_md5, Some(apogee_types::body_md5(b"abc")));
        let old = MessageRecord {
            topic: "T".into(),
            body: m.body.clone(),
            ..Default::default()
        }
        .encode_to_vec();
        let old = decode_message(1, Bytes::from(old)).unwrap();
        assert_eq!(old.body_md5, None);
        assert_eq!(old.body_md5_hex(), new.body_md5_hex());
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
            group_hash: 6,
        };
        assert_eq!(CqEntry::decode(&e.encode()).unwrap(), e);
        let v = InvisibleValue {
            attempt: 2,
            nonce: 7,
            phase: 1,
            flags: 3,
            client: 11,
            delivered_ms: 12,
            entry: e,
        };
        assert_eq!(InvisibleValue::decode(&v.encode()).unwrap(), v);
    }
}
