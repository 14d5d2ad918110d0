//! Recall handles: returned for a delay or timer message so the sender can cancel it before it
//! is delivered. The handle names the scheduled entry exactly (topic, due time, record).

/// Decoded recall handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecallHandle {
    pub topic_id: u32,
    pub deliver_at_ms: u64,
    pub log_offset: u64,
}

const VERSION: u8 = 1;
const LEN: usize = 1 + 4 + 8 + 8 + 4;

impl RecallHandle {
    pub fn encode(&self) -> String {
        let mut buf = Vec::with_capacity(LEN);
        buf.push(VERSION);
        buf.extend_from_slice(&self.topic_id.to_be_bytes());
        buf.extend_from_slice(&self.deliver_at_ms.to_be_bytes());
        buf.extend_from_slice(&self.log_offset.to_be_bytes());
        let check = crate::receipt::checksum(&buf);
        buf.extend_from_slice(&check.to_be_bytes());
        hex::encode(buf)
    }

    /// `None` for anything this server did not issue.
    pub fn decode(s: &str) -> Option<Self> {
        let raw = hex::decode(s).ok()?;
        if raw.len() != LEN || raw[0] != VERSION {
            return None;
        }
        let (body, tail) = raw.split_at(LEN - 4);
        if u32::from_be_bytes(tail.try_into().ok()?) != crate::receipt::checksum(body) {
            return None;
        }
        Some(Self {
            topic_id: u32::from_be_bytes(body[1..5].try_into().ok()?),
            deliver_at_ms: u64::from_be_bytes(body[5..13].try_into().ok()?),
            log_offset: u64::from_be_bytes(body[13..21].try_into().ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_forgeries() {
        let h = RecallHandle {
            topic_id: 3,
            deliver_at_ms: 1_800_000_000_000,
            log_offset: 77,
        };
        assert_eq!(RecallHandle::decode(&h.encode()), Some(h));
        let mut forged = h.encode();
        forged.replace_range(4..5, if &forged[4..5] == "0" { "1" } else { "0" });
        assert_eq!(RecallHandle::decode(&forged), None);
        assert_eq!(RecallHandle::decode("nothex"), None);
        assert_eq!(RecallHandle::decode(""), None);
    }
}
