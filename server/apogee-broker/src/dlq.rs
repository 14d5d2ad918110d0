//! Dead-letter topics: `%DLQ%<group>`, one queue, holding messages that used up the group's
//! delivery attempts (or that a client forwarded). Entries point at the original commit-log
//! record, so the original topic, id, properties and body are kept. Operators list them and
//! resend them to their original topic.

use std::sync::Arc;

use apogee_types::{MessageType, StoredMessage, TopicName};

use crate::groups::Group;
use crate::topics::{TopicMeta, TopicSpec};
use crate::{Broker, BrokerError};

/// Most messages one listing returns.
pub const MAX_LIST: usize = 1000;

/// A message in a dead-letter queue.
#[derive(Debug, Clone)]
pub struct DlqMessage {
    /// Offset in the dead-letter queue.
    pub offset: u64,
    /// When it was dead-lettered (ms since the epoch).
    pub dead_lettered_ms: i64,
    /// The message, with its original topic.
    pub message: StoredMessage,
}

impl Broker {
    /// The group's dead-letter topic, created on first use.
    pub(crate) async fn dlq_topic(&self, group: &Group) -> Result<Arc<TopicMeta>, BrokerError> {
        let name = TopicName::dlq_of(&group.name);
        self.topics
            .get_or_create(
                name.as_str(),
                || TopicSpec {
                    name: name.clone(),
                    queues: 1,
                    accepts: MessageType::ALL.to_vec(),
                    system: true,
                    auto_created: false,
                },
                self.clock.now_ms(),
            )
            .await
    }

    /// Up to `limit` dead-lettered messages of a group from `from` on, and the offset to list
    /// from next.
    pub fn dlq_messages(
        &self,
        group: &str,
        from: u64,
        limit: usize,
    ) -> Result<(Vec<DlqMessage>, u64), BrokerError> {
        let g = self
            .group(group)
            .ok_or_else(|| BrokerError::GroupNotFound(group.to_owned()))?;
        let Some(dlq) = self.topic(TopicName::dlq_of(&g.name).as_str()) else {
            return Ok((Vec::new(), 0));
        };
        let from = from.max(self.store.queue_start(dlq.id, 0)?);
        let entries = self
            .store
            .read_queue(dlq.id, 0, from, limit.min(MAX_LIST))?;
        let next = entries.last().map_or(from, |(o, _)| o + 1);
        let logs: Vec<u64> = entries.iter().map(|(_, e)| e.log_offset).collect();
        let messages = self.store.read_messages(&logs)?;
        let out = entries
            .into_iter()
            .zip(messages)
            .filter_map(|((offset, e), m)| {
                m.map(|message| DlqMessage {
                    offset,
                    dead_lettered_ms: i64::try_from(e.store_time_ms).unwrap_or(0),
                    message,
                })
            })
            .collect();
        Ok((out, next))
    }

    /// Sends dead-lettered messages again to their original topics, as new messages with the
    /// same ids: all of them, or those whose id is in `ids`. Returns how many were resent.
    pub async fn resend_dlq(
        &self,
        group: &str,
        ids: Option<&[String]>,
    ) -> Result<u64, BrokerError> {
        let mut from = 0;
        let mut resent = 0u64;
        loop {
            let (batch, next) = self.dlq_messages(group, from, MAX_LIST)?;
            if batch.is_empty() {
                break;
            }
            for m in batch {
                if ids.is_some_and(|ids| !ids.contains(&m.message.message.message_id)) {
                    continue;
                }
                let topic = self
                    .topic(&m.message.topic)
                    .ok_or_else(|| BrokerError::TopicNotFound(m.message.topic.clone()))?;
                self.append_to(&topic, vec![m.message.message]).await?;
                resent += 1;
            }
            from = next;
        }
        if let Some(ids) = ids
            && resent == 0
            && !ids.is_empty()
        {
            // Not found rather than invalid: through a proxy, a broker holding none of the ids
            // is one of several asked.
            return Err(BrokerError::MessageNotFound(format!(
                "no dead-lettered message of group {group} has one of the ids {ids:?}"
            )));
        }
        tracing::info!(group, resent, "Dead-lettered messages resent.");
        Ok(resent)
    }
}
