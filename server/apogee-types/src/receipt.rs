//! Receipt handles: the opaque string a consumer acks with. It names the in-flight entry exactly
//! (group, queue position, invisibility deadline), so an ack is a lookup, and a handle from an
//! earlier delivery of the same message no longer matches once the message was delivered again.

/// Decoded receipt handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReceiptHandle {
    pub group_id: u32,
    /// The consumer instance for broadcasting groups (0 for the group as a whole).
    pub instance: u64,
    /// Topic that holds the consume-queue entry (a group's retry topic for redeliveries).
    pub topic_id: u32,
    pub queue_id: u32,
    pub queue_offset: u64,
    /// Invisibility deadline, ms since the Unix epoch; identifies this delivery.
    pub deadline_ms: u64,
    /// Broker-generated nonce of the delivery, so handles are not guessable from offsets alone.
    pub nonce: u32,
}

/// Why a handle string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("receipt handle is empty")]
    Empty,
    #[error("receipt handle is not one this server issued (bad encoding)")]
    Malformed,
    #[error("receipt handle has unknown version {0}")]
    Version(u8),
}

const VERSION: u8 = 1;
const ENCODED_LEN: usize = 1 + 4 + 8 + 4 + 4 + 8 + 8 + 4 + 4;

impl ReceiptHandle {
    /// Encodes as lowercase hex: version, fields, then a checksum over them.
    pub fn encode(&self) -> String {
        let mut buf = Vec::with_capacity(ENCODED_LEN);
        buf.push(VERSION);
        buf.extend_from_slice(&self.group_id.to_be_bytes());
        buf.extend_from_slice(&self.instance.to_be_bytes());
        buf.extend_from_slice(&self.topic_id.to_be_bytes());
        buf.extend_from_slice(&self.queue_id.to_be_bytes());
        buf.extend_from_slice(&self.queue_offset.to_be_bytes());
        buf.extend_from_slice(&self.deadline_ms.to_be_bytes());
        buf.extend_from_slice(&self.nonce.to_be_bytes());
        let check = checksum(&buf);
        buf.extend_from_slice(&check.to_be_bytes());
        hex::encode(buf)
    }

    pub fn decode(s: &str) -> Result<Self, ReceiptError> {
        if s.is_empty() {
            return Err(ReceiptError::Empty);
        }
        let raw = hex::decode(s).map_err(|_| ReceiptError::Malformed)?;
        let Some(&version) = raw.first() else {
            return Err(ReceiptError::Malformed);
        };
        if version != VERSION {
            return Err(ReceiptError::Version(version));
        }
        if raw.len() != ENCODED_LEN {
            return Err(ReceiptError::Malformed);
        }
        let (body, tail) = raw.split_at(ENCODED_LEN - 4);
        if u32::from_be_bytes(fixed(tail)) != checksum(body) {
            return Err(ReceiptError::Malformed);
        }
        Ok(Self {
            group_id: u32::from_be_bytes(fixed(&body[1..5])),
            instance: u64::from_be_bytes(fixed(&body[5..13])),
            topic_id: u32::from_be_bytes(fixed(&body[13..17])),
            queue_id: u32::from_be_bytes(fixed(&body[17..21])),
            queue_offset: u64::from_be_bytes(fixed(&body[21..29])),
            deadline_ms: u64::from_be_bytes(fixed(&body[29..37])),
            nonce: u32::from_be_bytes(fixed(&body[37..41])),
        })
    }
}

fn fixed<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

/// FNV-1a over the encoded fields: catches typos and truncation, not an authenticator
/// (a handle is only honoured if it matches a live in-flight entry exactly).
pub(crate) fn checksum(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ReceiptHandle {
        ReceiptHandle {
            group_id: 7,
            instance: 0x0102_0304_0506_0708,
            topic_id: 3,
            queue_id: 2,
            queue_offset: 99,
            deadline_ms: 1_700_000_000_000,
            nonce: 0xdead_beef,
        }
    }

    #[test]
    fn round_trips() {
        let h = sample();
        assert_eq!(ReceiptHandle::decode(&h.encode()), Ok(h));
    }

    #[test]
    fn refuses_garbage() {
        assert_eq!(ReceiptHandle::decode(""), Err(ReceiptError::Empty));
        assert_eq!(ReceiptHandle::decode("zz"), Err(ReceiptError::Malformed));
        assert_eq!(ReceiptHandle::decode("01ab"), Err(ReceiptError::Malformed));
        assert_eq!(ReceiptHandle::decode("02"), Err(ReceiptError::Version(2)));
        let mut s = sample().encode();
        s.replace_range(10..11, if &s[10..11] == "0" { "1" } else { "0" });
        assert_eq!(ReceiptHandle::decode(&s), Err(ReceiptError::Malformed));
    }
}
