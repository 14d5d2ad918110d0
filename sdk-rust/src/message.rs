//! Messages to send, messages received, and send receipts.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apogee_proto::rocketmq::v2 as pb;
use bytes::Bytes;

use crate::id::new_message_id;

/// A message to send. Build it with [`Message::new`] and the setters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub(crate) topic: String,
    pub(crate) body: Bytes,
    pub(crate) tag: Option<String>,
    pub(crate) keys: Vec<String>,
    pub(crate) properties: HashMap<String, String>,
    pub(crate) message_group: Option<String>,
    pub(crate) delivery_at: Option<SystemTime>,
    pub(crate) transactional: bool,
}

impl Message {
    pub fn new(topic: impl Into<String>, body: impl Into<Bytes>) -> Self {
        Self {
            topic: topic.into(),
            body: body.into(),
            tag: None,
            keys: Vec::new(),
            properties: HashMap::new(),
            message_group: None,
            delivery_at: None,
            transactional: false,
        }
    }

    /// The tag consumers can filter on.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Adds an index key (message query by key finds it).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.keys.push(key.into());
        self
    }

    /// Adds a user property (SQL92 filters see it).
    pub fn property(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.properties.insert(key.into(), value.into());
        self
    }

    /// Makes this a FIFO message: messages of one group are delivered in send order.
    pub fn message_group(mut self, group: impl Into<String>) -> Self {
        self.message_group = Some(group.into());
        self
    }

    /// Makes this a delay message delivered at `at`.
    pub fn deliver_at(mut self, at: SystemTime) -> Self {
        self.delivery_at = Some(at);
        self
    }

    /// Makes this a delay message delivered after `delay` (a delay too large for the clock
    /// asks for the farthest time it can represent, which the server refuses as too far).
    pub fn deliver_after(self, delay: Duration) -> Self {
        let now = SystemTime::now();
        let at = now
            .checked_add(delay)
            .unwrap_or_else(|| UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 / 1000));
        self.deliver_at(at)
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    fn message_type(&self) -> pb::MessageType {
        if self.transactional {
            pb::MessageType::Transaction
        } else if self.message_group.is_some() {
            pb::MessageType::Fifo
        } else if self.delivery_at.is_some() {
            pb::MessageType::Delay
        } else {
            pb::MessageType::Normal
        }
    }

    /// The wire form, with a fresh id (kept by the caller across resends).
    pub(crate) fn to_pb(&self, namespace: &str, born_host: &str) -> pb::Message {
        pb::Message {
            topic: Some(pb::Resource {
                resource_namespace: namespace.to_owned(),
                name: self.topic.clone(),
            }),
            user_properties: self.properties.clone(),
            system_properties: Some(pb::SystemProperties {
                tag: self.tag.clone(),
                keys: self.keys.clone(),
                message_id: new_message_id(),
                body_encoding: pb::Encoding::Identity as i32,
                message_type: self.message_type() as i32,
                born_timestamp: Some(timestamp(SystemTime::now())),
                born_host: born_host.to_owned(),
                delivery_timestamp: self.delivery_at.map(timestamp),
                message_group: self.message_group.clone(),
                ..Default::default()
            }),
            body: self.body.clone(),
        }
    }
}

pub(crate) fn timestamp(t: SystemTime) -> prost_types::Timestamp {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    prost_types::Timestamp {
        seconds: d.as_secs() as i64,
        nanos: d.subsec_nanos() as i32,
    }
}

fn system_time(t: Option<&prost_types::Timestamp>) -> Option<SystemTime> {
    let t = t?;
    let secs = u64::try_from(t.seconds).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(secs, u32::try_from(t.nanos).unwrap_or(0)))
}

/// Where a sent message was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    pub message_id: String,
    pub topic: String,
    pub queue_id: i32,
    /// Queue offset (0 for delay and transactional messages, which enter their queue later).
    pub offset: i64,
    /// For transactional messages: what the server calls the transaction.
    pub transaction_id: Option<String>,
    /// For delay messages: the handle that recalls the message before it is delivered.
    pub recall_handle: Option<String>,
}

/// A received message.
#[derive(Debug, Clone)]
pub struct MessageView {
    pub message_id: String,
    pub topic: String,
    pub body: Bytes,
    pub tag: Option<String>,
    pub keys: Vec<String>,
    pub properties: HashMap<String, String>,
    pub message_group: Option<String>,
    /// 1 for the first delivery.
    pub delivery_attempt: u32,
    pub queue_id: i32,
    pub queue_offset: i64,
    pub born_at: Option<SystemTime>,
    pub stored_at: Option<SystemTime>,
    pub deliver_at: Option<SystemTime>,
    /// Set when the message was read from a dead-letter topic: its original topic.
    pub dead_letter_of: Option<String>,
    pub(crate) receipt_handle: String,
}

impl MessageView {
    pub(crate) fn from_pb(m: pb::Message) -> Option<Self> {
        let sp = m.system_properties?;
        Some(Self {
            message_id: sp.message_id,
            topic: m.topic.map(|t| t.name).unwrap_or_default(),
            body: m.body,
            tag: sp.tag,
            keys: sp.keys,
            properties: m.user_properties,
            message_group: sp.message_group,
            delivery_attempt: sp
                .delivery_attempt
                .map_or(1, |a| u32::try_from(a).unwrap_or(1)),
            queue_id: sp.queue_id,
            queue_offset: sp.queue_offset.unwrap_or(0),
            born_at: system_time(sp.born_timestamp.as_ref()),
            stored_at: system_time(sp.store_timestamp.as_ref()),
            deliver_at: system_time(sp.delivery_timestamp.as_ref()),
            dead_letter_of: sp.dead_letter_queue.map(|d| d.topic),
            receipt_handle: sp.receipt_handle.unwrap_or_default(),
        })
    }

    /// The opaque handle an ack or invisibility change names this delivery with.
    pub fn receipt_handle(&self) -> &str {
        &self.receipt_handle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_times_do_not_panic() {
        let m = Message::new("t", "x").deliver_after(Duration::MAX);
        assert!(m.delivery_at.is_some());
        let far = prost_types::Timestamp {
            seconds: i64::MAX,
            nanos: 0,
        };
        // Whatever the platform's clock range, an absurd server time is not a panic.
        let _ = system_time(Some(&far));
    }
}
