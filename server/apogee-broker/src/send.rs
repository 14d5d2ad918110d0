//! Sends: check each message's type against the topic, choose queues, and append in one write:
//! normal and FIFO messages into their queue, delay and timer messages into the commit log
//! with a timer, transactional messages as half messages waiting for a decision.

use std::sync::Arc;

use apogee_store::{NOT_QUEUED, NewMessage, WriteOp};
use apogee_types::{Message, MessageType, RecallHandle, TopicName};

use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Where a sent message was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    pub message_id: String,
    pub queue_id: u32,
    /// `None` until a scheduled or transactional message enters its queue.
    pub queue_offset: Option<u64>,
    pub log_offset: u64,
    /// Transactional messages: the id to commit or roll back with.
    pub transaction_id: Option<String>,
    /// Scheduled messages: the handle to recall them with.
    pub recall_handle: Option<String>,
}

/// The type a message declares, or the one RocketMQ infers from its properties.
fn effective_type(m: &Message) -> Result<MessageType, BrokerError> {
    let inferred = if m.message_group.is_some() {
        MessageType::Fifo
    } else if m.delivery_timestamp_ms.is_some() {
        MessageType::Delay
    } else {
        MessageType::Normal
    };
    let declared = m.message_type.unwrap_or(inferred);
    let conflict = |kind, needs| Err(BrokerError::MessageTypeConflict { kind, needs });
    match declared {
        MessageType::Fifo if m.message_group.is_none() => conflict("FIFO", "a message group"),
        MessageType::Fifo if m.delivery_timestamp_ms.is_some() => {
            conflict("FIFO", "no delivery timestamp")
        }
        MessageType::Delay if m.delivery_timestamp_ms.is_none() => {
            conflict("DELAY", "a delivery timestamp")
        }
        MessageType::Delay if m.message_group.is_some() => conflict("DELAY", "no message group"),
        MessageType::Normal if m.message_group.is_some() || m.delivery_timestamp_ms.is_some() => {
            conflict("NORMAL", "no message group and no delivery timestamp")
        }
        MessageType::Transaction
            if m.message_group.is_some() || m.delivery_timestamp_ms.is_some() =>
        {
            conflict("TRANSACTION", "no message group and no delivery timestamp")
        }
        t => Ok(t),
    }
}

/// How one message is written.
enum Plan {
    Queue,
    Schedule(u64),
    Half(String),
}

impl Broker {
    /// Stores messages of one topic and returns where each landed, in request order. Answers
    /// only once the write is durable per the flush mode.
    pub async fn send(
        &self,
        topic: &TopicName,
        messages: Vec<Message>,
    ) -> Result<Vec<SendReceipt>, BrokerError> {
        if messages.is_empty() {
            return Err(BrokerError::InvalidArgument("no messages to send".into()));
        }
        self.config.check_send_batch(messages.len())?;
        // Producer flow control: refuse while the writer is far behind, rather than queue
        // without bound. Clients back off on TOO_MANY_REQUESTS and the backlog drains.
        let backlog = self.store.write_backlog();
        if backlog > self.config.max_write_backlog {
            return Err(BrokerError::TooManyRequests(format!(
                "{backlog} bytes are waiting to be written, more than the limit of {}",
                self.config.max_write_backlog
            )));
        }
        let meta = self.topic_or_auto_create(topic).await?;
        if !meta.perm.write {
            return Err(BrokerError::NoPermission(format!(
                "topic {topic} does not take sends (perm {})",
                meta.perm.as_str()
            )));
        }
        if meta.system {
            return Err(BrokerError::Name(apogee_types::NameError::Reserved {
                kind: "topic",
                name: topic.as_str().to_owned(),
            }));
        }
        let stored: Vec<(MessageType, usize)> = messages
            .iter()
            .filter_map(|m| effective_type(m).ok().map(|t| (t, m.body.len())))
            .collect();
        let receipts = self.append_to(&meta, messages).await?;
        // Sync replication: SEND_OK only once a slave has it too.
        self.await_replicated().await?;
        crate::metrics::record_in(meta.name.as_str(), &stored);
        self.traffic.add_in(meta.name.as_str(), stored.len() as u64);
        Ok(receipts)
    }

    /// Checks each message's type against the topic and appends them in one write.
    pub(crate) async fn append_to(
        &self,
        meta: &TopicMeta,
        messages: Vec<Message>,
    ) -> Result<Vec<SendReceipt>, BrokerError> {
        let topic_name: Arc<str> = Arc::from(meta.name.as_str());
        // One queue for the whole request, unless messages carry message groups.
        let batch_queue = meta.round_robin_queue();
        let now = self.clock.now_ms();
        let now_ms = self.now_ms();
        let horizon = now_ms
            .saturating_add(u64::try_from(self.config.max_delay.as_millis()).unwrap_or(u64::MAX));
        let is_txn = messages
            .iter()
            .any(|m| m.message_type == Some(MessageType::Transaction));
        if is_txn && messages.len() > 1 {
            return Err(BrokerError::InvalidTransaction(
                "a transaction carries exactly one message".into(),
            ));
        }
        let mut ops = Vec::with_capacity(messages.len());
        let mut plans = Vec::with_capacity(messages.len());
        for mut m in messages {
            let t = effective_type(&m)?;
            if !meta.accepts(t) {
                return Err(BrokerError::type_mismatch(
                    meta.name.as_str(),
                    t,
                    &meta.accepts,
                ));
            }
            let queue_id = match &m.message_group {
                Some(g) => meta.queue_for_group(g),
                None => batch_queue,
            };
            m.message_type = Some(t);
            let plan = match t {
                MessageType::Delay => {
                    let at = m.delivery_timestamp_ms.unwrap_or(0);
                    let at = u64::try_from(at).map_err(|_| {
                        BrokerError::IllegalDeliveryTime(format!("{at} is before 1970"))
                    })?;
                    if at > horizon {
                        return Err(BrokerError::IllegalDeliveryTime(format!(
                            "delivery time {at} ms is more than {:?} ahead (now {now_ms} ms); \
                             is it in seconds where milliseconds were expected, or the reverse?",
                            self.config.max_delay
                        )));
                    }
                    crate::metrics::record_delay_requested(
                        meta.name.as_str(),
                        at.saturating_sub(now_ms),
                    );
                    // A time already passed is delivered at once.
                    if at <= now_ms {
                        Plan::Queue
                    } else {
                        Plan::Schedule(at)
                    }
                }
                MessageType::Transaction => {
                    Plan::Half(uuid::Uuid::now_v7().simple().to_string().to_uppercase())
                }
                MessageType::Normal | MessageType::Fifo => Plan::Queue,
            };
            let message_id = m.message_id.clone();
            let new = NewMessage {
                topic_id: meta.id,
                topic: topic_name.clone(),
                queue_id,
                store_time_ms: now,
                message: m,
            };
            ops.push(match &plan {
                Plan::Queue => WriteOp::Append(new),
                Plan::Schedule(at) => WriteOp::AppendScheduled {
                    message: new,
                    deliver_at_ms: *at,
                },
                Plan::Half(id) => WriteOp::AppendHalf {
                    message: new,
                    transaction_id: id.clone(),
                    created_ms: now_ms,
                    first_check_ms: now_ms
                        + u64::try_from(self.config.transaction_check_interval.as_millis())
                            .unwrap_or(60_000),
                },
            });
            plans.push((message_id, queue_id, plan));
        }
        let placements = self
            .store
            .submit(ops, true)
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        let mut receipts = Vec::with_capacity(plans.len());
        for ((message_id, queue_id, plan), p) in plans.into_iter().zip(placements) {
            let mut r = SendReceipt {
                message_id,
                queue_id,
                queue_offset: (p.queue_offset != NOT_QUEUED).then_some(p.queue_offset),
                log_offset: p.log_offset,
                transaction_id: None,
                recall_handle: None,
            };
            match plan {
                Plan::Queue => {}
                Plan::Schedule(at) => {
                    self.timer_scheduled(at).await;
                    r.recall_handle = Some(
                        RecallHandle {
                            topic_id: meta.id,
                            deliver_at_ms: at,
                            log_offset: p.log_offset,
                        }
                        .encode(&self.handle_key),
                    );
                }
                Plan::Half(id) => {
                    self.half_stored(&id);
                    r.transaction_id = Some(id);
                }
            }
            receipts.push(r);
        }
        Ok(receipts)
    }
}
