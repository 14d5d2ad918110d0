//! Recall handles: returned for a delay or timer message so the sender can cancel it before it
//! is delivered. The handle names the scheduled entry exactly (topic, due time, record) and
//! carries a keyed MAC, so another producer's message cannot be recalled by guessing offsets.

use crate::handle_key::{HandleKey, MAC_LEN, strict_hex};
use crate::receipt::fixed;

/// Decoded recall handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecallHandle {
    pub topic_id: u32,
    pub deliver_at_ms: u64,
    pub log_offset: u64,
}

const VERSION: u8 = 2;
const BODY_LEN: usize = 1 + 4 + 8 + 8;
const LEN: usize = BODY_LEN + MAC_LEN;
const DOMAIN: &[u8] = b"apogee recall handle";

impl RecallHandle {
    pub fn encode(&self, key: &HandleKey) -> String {
        let mut buf = Vec::with_capacity(LEN);
        buf.push(VERSION);
        buf.extend_from_slice(&self.topic_id.to_be_bytes());
        buf.extend_from_slice(&self.deliver_at_ms.to_be_bytes());
        buf.extend_from_slice(&self.log_offset.to_be_bytes());
        let mac = key.mac(DOMAIN, &[&buf]);
        buf.extend_from_slice(&mac);
        hex::encode(buf)
    }

    /// `None` for anything this server did not issue.
    pub fn decode(s: &str, key: &HandleKey) -> Option<Self> {
        let raw = strict_hex(s)?;
        if raw.len() != LEN || raw[0] != VERSION {
            return None;
        }
        let (body, mac) = raw.split_at(BODY_LEN);
        if !key.verify(DOMAIN, &[body], mac) {
            return None;
        }
        Some(Self {
            topic_id: u32::from_be_bytes(fixed(&body[1..5])),
            deliver_at_ms: u64::from_be_bytes(fixed(&body[5..13])),
            log_offset: u64::from_be_bytes(fixed(&body[13..21])),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_forgeries() {
        let key = HandleKey::random();
        let h = RecallHandle {
            topic_id: 3,
            deliver_at_ms: 1_800_000_000_000,
            log_offset: 77,
        };
        assert_eq!(RecallHandle::decode(&h.encode(&key), &key), Some(h));
        // A guessed neighbour: same topic and time, the next offset, any MAC.
        let guessed = RecallHandle {
            log_offset: 78,
            ..h
        }
        .encode(&HandleKey::random());
        assert_eq!(RecallHandle::decode(&guessed, &key), None);
        let mut forged = h.encode(&key);
        forged.replace_range(4..5, if &forged[4..5] == "0" { "1" } else { "0" });
        assert_eq!(RecallHandle::decode(&forged, &key), None);
        assert_eq!(
            RecallHandle::decode(&h.encode(&key).to_uppercase(), &key),
            None
        );
        assert_eq!(RecallHandle::decode("nothex", &key), None);
        assert_eq!(RecallHandle::decode("", &key), None);
    }
}
