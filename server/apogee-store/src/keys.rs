//! Key codecs. Every key is big-endian and fixed-width where it can be, so RocksDB's byte order
//! is the logical order and range scans and `delete_range` bounds are plain byte ranges.

/// Commit-log key: the log offset.
pub fn log_key(log_offset: u64) -> [u8; 8] {
    log_offset.to_be_bytes()
}

pub fn decode_log_key(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

/// Consume-queue key: topic id, queue id, queue offset.
pub fn cq_key(topic_id: u32, queue_id: u32, offset: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..4].copy_from_slice(&topic_id.to_be_bytes());
    k[4..8].copy_from_slice(&queue_id.to_be_bytes());
    k[8..].copy_from_slice(&offset.to_be_bytes());
    k
}

/// Decodes a consume-queue key into (topic id, queue id, offset).
pub fn decode_cq_key(key: &[u8]) -> Option<(u32, u32, u64)> {
    if key.len() != 16 {
        return None;
    }
    Some((
        u32::from_be_bytes(key[..4].try_into().ok()?),
        u32::from_be_bytes(key[4..8].try_into().ok()?),
        u64::from_be_bytes(key[8..].try_into().ok()?),
    ))
}

/// Identity of a consumer's progress: a group, and for broadcasting groups one instance of
/// it (instance 0 is the group as a whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ViewKey {
    pub group_id: u32,
    pub instance: u64,
}

/// Offsets CF, cursor entry: view, topic id, queue id → next offset (20 bytes).
pub fn offset_key(view: ViewKey, topic_id: u32, queue_id: u32) -> [u8; 20] {
    let mut k = [0u8; 20];
    k[..4].copy_from_slice(&view.group_id.to_be_bytes());
    k[4..12].copy_from_slice(&view.instance.to_be_bytes());
    k[12..16].copy_from_slice(&topic_id.to_be_bytes());
    k[16..].copy_from_slice(&queue_id.to_be_bytes());
    k
}

/// Offsets CF, done entry: an offset at or above the cursor that is already finished, for
/// consumers that deliver in order (28 bytes, so it never collides with a cursor key).
pub fn done_key(view: ViewKey, topic_id: u32, queue_id: u32, offset: u64) -> [u8; 28] {
    let mut k = [0u8; 28];
    k[..20].copy_from_slice(&offset_key(view, topic_id, queue_id));
    k[20..].copy_from_slice(&offset.to_be_bytes());
    k
}

/// A decoded offsets-CF key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetsEntry {
    Cursor {
        view: ViewKey,
        topic_id: u32,
        queue_id: u32,
    },
    Done {
        view: ViewKey,
        topic_id: u32,
        queue_id: u32,
        offset: u64,
    },
}

pub fn decode_offsets_key(key: &[u8]) -> Option<OffsetsEntry> {
    if key.len() != 20 && key.len() != 28 {
        return None;
    }
    let view = ViewKey {
        group_id: u32::from_be_bytes(key[..4].try_into().ok()?),
        instance: u64::from_be_bytes(key[4..12].try_into().ok()?),
    };
    let topic_id = u32::from_be_bytes(key[12..16].try_into().ok()?);
    let queue_id = u32::from_be_bytes(key[16..20].try_into().ok()?);
    if key.len() == 20 {
        return Some(OffsetsEntry::Cursor {
            view,
            topic_id,
            queue_id,
        });
    }
    let offset = u64::from_be_bytes(key[20..28].try_into().ok()?);
    Some(OffsetsEntry::Done {
        view,
        topic_id,
        queue_id,
        offset,
    })
}

/// Identity of one in-flight delivery; ordered by deadline first so expiry is a prefix scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvisibleKey {
    pub deadline_ms: u64,
    pub view: ViewKey,
    pub topic_id: u32,
    pub queue_id: u32,
    pub queue_offset: u64,
}

impl InvisibleKey {
    pub const LEN: usize = 36;

    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut k = [0u8; Self::LEN];
        k[..8].copy_from_slice(&self.deadline_ms.to_be_bytes());
        k[8..12].copy_from_slice(&self.view.group_id.to_be_bytes());
        k[12..20].copy_from_slice(&self.view.instance.to_be_bytes());
        k[20..24].copy_from_slice(&self.topic_id.to_be_bytes());
        k[24..28].copy_from_slice(&self.queue_id.to_be_bytes());
        k[28..].copy_from_slice(&self.queue_offset.to_be_bytes());
        k
    }

    pub fn decode(key: &[u8]) -> Option<Self> {
        if key.len() != Self::LEN {
            return None;
        }
        Some(Self {
            deadline_ms: u64::from_be_bytes(key[..8].try_into().ok()?),
            view: ViewKey {
                group_id: u32::from_be_bytes(key[8..12].try_into().ok()?),
                instance: u64::from_be_bytes(key[12..20].try_into().ok()?),
            },
            topic_id: u32::from_be_bytes(key[20..24].try_into().ok()?),
            queue_id: u32::from_be_bytes(key[24..28].try_into().ok()?),
            queue_offset: u64::from_be_bytes(key[28..].try_into().ok()?),
        })
    }
}

/// Message-id index key: the id, a 0 separator, then the log offset (ids may repeat on resend).
pub fn msgid_key(message_id: &str, log_offset: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(message_id.len() + 9);
    k.extend_from_slice(message_id.as_bytes());
    k.push(0);
    k.extend_from_slice(&log_offset.to_be_bytes());
    k
}

/// The log offset an id-index or key-index key points at: its last 8 bytes.
pub fn decode_index_log_offset(key: &[u8]) -> Option<u64> {
    let tail = key.len().checked_sub(8).map(|at| &key[at..])?;
    tail.try_into().ok().map(u64::from_be_bytes)
}

/// Prefix of all index entries of one message id.
pub fn msgid_prefix(message_id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(message_id.len() + 1);
    k.extend_from_slice(message_id.as_bytes());
    k.push(0);
    k
}

/// Key-index key: topic id, key, 0 separator, store time, log offset.
pub fn message_key_key(topic_id: u32, key: &str, store_time_ms: u64, log_offset: u64) -> Vec<u8> {
    let mut k = message_key_prefix(topic_id, key);
    k.extend_from_slice(&store_time_ms.to_be_bytes());
    k.extend_from_slice(&log_offset.to_be_bytes());
    k
}

/// Prefix of all key-index entries of one (topic, key); keys never contain control characters.
pub fn message_key_prefix(topic_id: u32, key: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(4 + key.len() + 17);
    k.extend_from_slice(&topic_id.to_be_bytes());
    k.extend_from_slice(key.as_bytes());
    k.push(0);
    k
}

/// Timer key: deliver-at time, then a sequence that keeps equal times distinct.
pub fn timer_key(deliver_at_ms: u64, seq: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&deliver_at_ms.to_be_bytes());
    k[8..].copy_from_slice(&seq.to_be_bytes());
    k
}

/// Metadata key: a kind byte then the name.
pub fn meta_key(kind: MetaKind, name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + name.len());
    k.push(kind as u8);
    k.extend_from_slice(name.as_bytes());
    k
}

/// What a metadata entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum MetaKind {
    Topic = 1,
    Group = 2,
    /// Retention's progress: the log offset below which only pinned records remain.
    Retention = 3,
    /// The writer's clock: the latest time fence (see `Store::fence_time`).
    Clock = 4,
    /// Server secrets (the key receipt and recall handles are MAC'd with).
    Secret = 5,
    /// Users of the access-control layer.
    User = 6,
    /// Their ACLs, by user name.
    Acl = 7,
    /// A slave's replication position (the master's last sequence number applied).
    Replica = 8,
}

/// Smallest byte string greater than every string with this prefix (for iterator upper bounds).
pub fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut out = prefix.to_vec();
    while let Some(last) = out.pop() {
        if last != u8::MAX {
            out.push(last + 1);
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: ViewKey = ViewKey {
        group_id: 2,
        instance: 7,
    };

    #[test]
    fn byte_order_is_logical_order() {
        assert!(cq_key(1, 0, 255) < cq_key(1, 0, 256));
        assert!(cq_key(1, 0, u64::MAX) < cq_key(1, 1, 0));
        assert!(cq_key(1, u32::MAX, 0) < cq_key(2, 0, 0));
        let big = ViewKey {
            group_id: 9,
            instance: 9,
        };
        let small = ViewKey {
            group_id: 0,
            instance: 0,
        };
        let a = InvisibleKey {
            deadline_ms: 5,
            view: big,
            topic_id: 9,
            queue_id: 9,
            queue_offset: 9,
        };
        let b = InvisibleKey {
            deadline_ms: 6,
            view: small,
            topic_id: 0,
            queue_id: 0,
            queue_offset: 0,
        };
        assert!(a.encode() < b.encode());
        assert!(log_key(1) < log_key(1 << 8));
        assert!(done_key(V, 1, 1, 5) < done_key(V, 1, 1, 6));
    }

    #[test]
    fn keys_round_trip() {
        assert_eq!(decode_cq_key(&cq_key(3, 4, 5)), Some((3, 4, 5)));
        assert_eq!(
            decode_offsets_key(&offset_key(V, 2, 3)),
            Some(OffsetsEntry::Cursor {
                view: V,
                topic_id: 2,
                queue_id: 3
            })
        );
        assert_eq!(
            decode_offsets_key(&done_key(V, 2, 3, 9)),
            Some(OffsetsEntry::Done {
                view: V,
                topic_id: 2,
                queue_id: 3,
                offset: 9
            })
        );
        let k = InvisibleKey {
            deadline_ms: 1,
            view: V,
            topic_id: 3,
            queue_id: 4,
            queue_offset: 5,
        };
        assert_eq!(InvisibleKey::decode(&k.encode()), Some(k));
        assert_eq!(decode_log_key(&log_key(42)), Some(42));
        assert!(msgid_key("ab", 1).starts_with(&msgid_prefix("ab")));
        assert!(!msgid_key("abc", 1).starts_with(&msgid_prefix("ab")));
    }

    #[test]
    fn upper_bound() {
        assert_eq!(prefix_upper_bound(&[1, 2]), Some(vec![1, 3]));
        assert_eq!(prefix_upper_bound(&[1, 255]), Some(vec![2]));
        assert_eq!(prefix_upper_bound(&[255]), None);
    }
}
