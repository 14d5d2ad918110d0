//! Receipt handles: the opaque string a consumer acks with. It names the in-flight entry exactly
//! (group, queue position, invisibility deadline, the delivery's random nonce), so an ack is a
//! lookup, and a handle from an earlier delivery of the same message no longer matches once
//! the message was delivered again. A keyed MAC over those fields and the message id makes it
//! unforgeable, and ties it to its message: a handle presented with another message id fails.

use crate::handle_key::{HandleKey, MAC_LEN, strict_hex};

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
    /// Random nonce of the delivery.
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
    #[error(
        "receipt handle was not issued by this server for this message (forged, altered, or \
         presented with another message id)"
    )]
    Forged,
}

const VERSION: u8 = 2;
const BODY_LEN: usize = 1 + 4 + 8 + 4 + 4 + 8 + 8 + 4;
const ENCODED_LEN: usize = BODY_LEN + MAC_LEN;
const DOMAIN: &[u8] = b"apogee receipt handle";

impl ReceiptHandle {
    fn body(&self) -> [u8; BODY_LEN] {
        let mut buf = [0u8; BODY_LEN];
        buf[0] = VERSION;
        buf[1..5].copy_from_slice(&self.group_id.to_be_bytes());
        buf[5..13].copy_from_slice(&self.instance.to_be_bytes());
        buf[13..17].copy_from_slice(&self.topic_id.to_be_bytes());
        buf[17..21].copy_from_slice(&self.queue_id.to_be_bytes());
        buf[21..29].copy_from_slice(&self.queue_offset.to_be_bytes());
        buf[29..37].copy_from_slice(&self.deadline_ms.to_be_bytes());
        buf[37..41].copy_from_slice(&self.nonce.to_be_bytes());
        buf
    }

    /// Encodes as lowercase hex: version, fields, then the MAC over them and `message_id`.
    pub fn encode(&self, key: &HandleKey, message_id: &str) -> String {
        let body = self.body();
        let mac = key.mac(DOMAIN, &[&body, message_id.as_bytes()]);
        let mut buf = Vec::with_capacity(ENCODED_LEN);
        buf.extend_from_slice(&body);
        buf.extend_from_slice(&mac);
        hex::encode(buf)
    }

    /// Decodes a handle presented for `message_id`, checking its MAC.
    pub fn decode(s: &str, key: &HandleKey, message_id: &str) -> Result<Self, ReceiptError> {
        if s.is_empty() {
            return Err(ReceiptError::Empty);
        }
        let raw = strict_hex(s).ok_or(ReceiptError::Malformed)?;
        let Some(&version) = raw.first() else {
            return Err(ReceiptError::Malformed);
        };
        if version != VERSION {
            return Err(ReceiptError::Version(version));
        }
        if raw.len() != ENCODED_LEN {
            return Err(ReceiptError::Malformed);
        }
        let (body, mac) = raw.split_at(BODY_LEN);
        if !key.verify(DOMAIN, &[body, message_id.as_bytes()], mac) {
            return Err(ReceiptError::Forged);
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

pub(crate) fn fixed<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
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
    fn round_trips_for_its_message_only() {
        let key = HandleKey::random();
        let h = sample();
        let s = h.encode(&key, "MSG1");
        assert_eq!(ReceiptHandle::decode(&s, &key, "MSG1"), Ok(h));
        assert_eq!(
            ReceiptHandle::decode(&s, &key, "MSG2"),
            Err(ReceiptError::Forged)
        );
        assert_eq!(
            ReceiptHandle::decode(&s, &HandleKey::random(), "MSG1"),
            Err(ReceiptError::Forged),
            "another server's key"
        );
    }

    #[test]
    fn refuses_garbage_altered_and_upper_cased_handles() {
        let key = HandleKey::random();
        let dec = |s: &str| ReceiptHandle::decode(s, &key, "m");
        assert_eq!(dec(""), Err(ReceiptError::Empty));
        assert_eq!(dec("zz"), Err(ReceiptError::Malformed));
        assert_eq!(dec("02ab"), Err(ReceiptError::Malformed));
        assert_eq!(dec("01"), Err(ReceiptError::Version(1)));
        let s = sample().encode(&key, "m");
        assert_eq!(dec(&s.to_uppercase()), Err(ReceiptError::Malformed));
        // Any changed field (here the offset) breaks the MAC.
        let mut altered = s.clone();
        altered.replace_range(50..51, if &s[50..51] == "0" { "1" } else { "0" });
        assert_eq!(dec(&altered), Err(ReceiptError::Forged));
    }
}
