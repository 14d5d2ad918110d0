//! Message query for operators: by message id, or by key within a time range, with where each
//! copy is stored and how far each consumer group got with it.

use apogee_store::{NOT_QUEUED, TimerKey};
use apogee_types::{MessageType, StoredMessage, TopicName};

use crate::consume::Phase;
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Most copies one query returns.
pub const MAX_RESULTS: usize = 64;
/// Entries scanned to find a queue position or a retry/dead-letter entry.
const MAX_SCAN: u64 = 10_000;

/// Where a stored message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageStatus {
    /// In its queue, deliverable.
    Queued,
    /// A delay/timer message waiting for its time.
    Scheduled { deliver_at_ms: u64 },
    /// A half transactional message waiting for commit or rollback.
    Prepared,
    /// Neither in a queue nor pending: recalled, rolled back, or removed by retention.
    Dropped,
}

/// How far one group got with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Not handed out yet.
    Pending,
    /// Handed out, waiting for an ack.
    InFlight { attempt: u32 },
    /// Not acked in time; waiting for its back-off or in the retry queue.
    Retrying { attempt: u32 },
    /// Acked (or filtered out by the group's subscription).
    Consumed,
    /// Moved to the group's dead-letter queue.
    DeadLettered,
    /// Broadcasting groups: how many instances finished it.
    Broadcast { consumed: u32, instances: u32 },
}

/// One stored copy of a message.
#[derive(Debug, Clone)]
pub struct MessageReport {
    pub message: StoredMessage,
    pub status: MessageStatus,
    pub groups: Vec<(String, DeliveryState)>,
}

impl Broker {
    /// Every stored copy of a message id (a producer's resend stores another copy).
    pub fn query_by_id(&self, message_id: &str) -> Result<Vec<MessageReport>, BrokerError> {
        let mut offsets = self.store.find_by_message_id(message_id)?;
        offsets.truncate(MAX_RESULTS);
        self.reports(&offsets)
    }

    /// Messages of a topic carrying `key`, stored in `[from_ms, to_ms]`.
    pub fn query_by_key(
        &self,
        topic: &TopicName,
        key: &str,
        from_ms: u64,
        to_ms: u64,
        limit: usize,
    ) -> Result<Vec<MessageReport>, BrokerError> {
        let meta = self
            .topic(topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
        let offsets =
            self.store
                .find_by_key(meta.id, key, from_ms, to_ms, limit.min(MAX_RESULTS))?;
        self.reports(&offsets)
    }

    fn reports(&self, log_offsets: &[u64]) -> Result<Vec<MessageReport>, BrokerError> {
        let mut out = Vec::new();
        for stored in self.store.read_messages(log_offsets)?.into_iter().flatten() {
            let Some(meta) = self.topic(&stored.topic) else {
                continue;
            };
            out.push(self.report(stored, &meta)?);
        }
        Ok(out)
    }

    fn report(
        &self,
        mut message: StoredMessage,
        meta: &TopicMeta,
    ) -> Result<MessageReport, BrokerError> {
        let log_offset = message.log_offset;
        if message.queue_offset == NOT_QUEUED {
            // Scheduled and transactional messages enter their queue later: find where.
            match self.find_in_queue(
                meta.id,
                message.queue_id,
                log_offset,
                message.store_timestamp_ms,
            )? {
                Some(offset) => message.queue_offset = offset,
                None => {
                    let status = self.unqueued_status(&message);
                    return Ok(MessageReport {
                        message,
                        status,
                        groups: Vec::new(),
                    });
                }
            }
        }
        let groups = self
            .groups
            .list()
            .iter()
            .filter_map(|g| {
                self.delivery_state(g, meta, &message)
                    .transpose()
                    .map(|s| s.map(|s| (g.name.as_str().to_owned(), s)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MessageReport {
            message,
            status: MessageStatus::Queued,
            groups,
        })
    }

    fn unqueued_status(&self, m: &StoredMessage) -> MessageStatus {
        match m.message.message_type {
            Some(MessageType::Delay) => {
                let at = u64::try_from(m.message.delivery_timestamp_ms.unwrap_or(0)).unwrap_or(0);
                match self.store.timer(TimerKey {
                    deliver_at_ms: at,
                    log_offset: m.log_offset,
                }) {
                    Ok(Some(_)) => MessageStatus::Scheduled { deliver_at_ms: at },
                    _ => MessageStatus::Dropped,
                }
            }
            Some(MessageType::Transaction)
                if self
                    .pending_txns
                    .lock()
                    .values()
                    .any(|v| v.entry.log_offset == m.log_offset) =>
            {
                MessageStatus::Prepared
            }
            _ => MessageStatus::Dropped,
        }
    }

    /// The queue offset of the entry pointing at `log_offset`, searching from the time the
    /// message was stored (it enters the queue at or after that).
    fn find_in_queue(
        &self,
        topic_id: u32,
        queue_id: u32,
        log_offset: u64,
        stored_ms: i64,
    ) -> Result<Option<u64>, BrokerError> {
        let from = self.store.offset_at_time(topic_id, queue_id, stored_ms)?;
        self.scan_for(topic_id, queue_id, from, log_offset)
    }

    fn scan_for(
        &self,
        topic_id: u32,
        queue_id: u32,
        from: u64,
        log_offset: u64,
    ) -> Result<Option<u64>, BrokerError> {
        let end = self
            .store
            .queue_end(topic_id, queue_id)?
            .min(from.saturating_add(MAX_SCAN));
        let mut next = from;
        while next < end {
            let chunk = self.store.read_queue(topic_id, queue_id, next, 1024)?;
            let Some((last, _)) = chunk.last() else { break };
            if let Some((o, _)) = chunk.iter().find(|(_, e)| e.log_offset == log_offset) {
                return Ok(Some(*o));
            }
            next = last + 1;
        }
        Ok(None)
    }

    /// How far `g` got with `m`; `None` when the group never read that queue.
    fn delivery_state(
        &self,
        g: &Group,
        meta: &TopicMeta,
        m: &StoredMessage,
    ) -> Result<Option<DeliveryState>, BrokerError> {
        let queue = (meta.id, m.queue_id);
        let dead = match self.topic(TopicName::dlq_of(&g.name).as_str()) {
            Some(dlq) => self
                .scan_for(dlq.id, 0, self.store.queue_start(dlq.id, 0)?, m.log_offset)?
                .is_some(),
            None => false,
        };
        let st = g.state.lock();
        if g.is_broadcast() {
            let views: Vec<_> = st
                .views
                .iter()
                .filter(|(i, v)| **i != 0 && v.cursors.contains_key(&queue))
                .collect();
            if views.is_empty() {
                return Ok(None);
            }
            let consumed = views
                .iter()
                .filter(|(_, v)| {
                    v.cursors.get(&queue).is_some_and(|c| m.queue_offset < *c)
                        || v.done
                            .get(&queue)
                            .is_some_and(|d| d.contains(&m.queue_offset))
                })
                .count();
            return Ok(Some(DeliveryState::Broadcast {
                consumed: u32::try_from(consumed).unwrap_or(u32::MAX),
                instances: u32::try_from(views.len()).unwrap_or(u32::MAX),
            }));
        }
        let Some(view) = st.views.get(&0) else {
            return Ok(None);
        };
        let Some(cursor) = view.cursors.get(&queue).copied() else {
            return Ok(None);
        };
        if dead {
            return Ok(Some(DeliveryState::DeadLettered));
        }
        if let Some(i) = view
            .inflight
            .values()
            .find(|i| i.entry.log_offset == m.log_offset)
        {
            return Ok(Some(match i.phase {
                Phase::Delivered { .. } => DeliveryState::InFlight { attempt: i.attempt },
                Phase::Waiting { .. } => DeliveryState::Retrying { attempt: i.attempt },
            }));
        }
        if g.in_place() {
            let done = m.queue_offset < cursor
                || view
                    .done
                    .get(&queue)
                    .is_some_and(|d| d.contains(&m.queue_offset));
            return Ok(Some(if done {
                DeliveryState::Consumed
            } else {
                DeliveryState::Pending
            }));
        }
        if m.queue_offset >= cursor {
            return Ok(Some(DeliveryState::Pending));
        }
        // Handed out: acked, unless a redelivery of it waits in the retry queue.
        let retry = (g.retry_topic.id, meta.id);
        let retry_cursor = view.cursors.get(&retry).copied().unwrap_or(0);
        drop(st);
        if let Some(o) = self.scan_for(retry.0, retry.1, retry_cursor, m.log_offset)? {
            let attempt = self
                .store
                .read_entry(retry.0, retry.1, o)?
                .map_or(1, |e| e.reconsume_times);
            return Ok(Some(DeliveryState::Retrying { attempt }));
        }
        Ok(Some(DeliveryState::Consumed))
    }
}
