//! Sends: check each message's type against the topic, choose queues, append in one write.

use std::sync::Arc;

use apogee_store::{NewMessage, WriteOp};
use apogee_types::{Message, MessageType, TopicName};

use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Where a sent message was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    pub message_id: String,
    pub queue_id: u32,
    pub queue_offset: u64,
    pub log_offset: u64,
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
    match declared {
        MessageType::Fifo if m.message_group.is_none() => Err(BrokerError::MessageTypeConflict {
            kind: "FIFO",
            needs: "a message group",
        }),
        MessageType::Delay if m.delivery_timestamp_ms.is_none() => {
            Err(BrokerError::MessageTypeConflict {
                kind: "DELAY",
                needs: "a delivery timestamp",
            })
        }
        MessageType::Normal if m.message_group.is_some() || m.delivery_timestamp_ms.is_some() => {
            Err(BrokerError::MessageTypeConflict {
                kind: "NORMAL",
                needs: "no message group and no delivery timestamp",
            })
        }
        t => Ok(t),
    }
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
        if meta.system {
            return Err(BrokerError::Name(apogee_types::NameError::Reserved {
                kind: "topic",
                name: topic.as_str().to_owned(),
            }));
        }
        self.append_to(&meta, messages).await
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
        let mut ops = Vec::with_capacity(messages.len());
        let mut ids = Vec::with_capacity(messages.len());
        for mut m in messages {
            let t = effective_type(&m)?;
            match t {
                MessageType::Delay => return Err(BrokerError::UnsupportedMessageType("DELAY")),
                MessageType::Transaction => {
                    return Err(BrokerError::UnsupportedMessageType("TRANSACTION"));
                }
                MessageType::Normal | MessageType::Fifo => {}
            }
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
            ids.push((m.message_id.clone(), queue_id));
            ops.push(WriteOp::Append(NewMessage {
                topic_id: meta.id,
                topic: topic_name.clone(),
                queue_id,
                store_time_ms: now,
                message: m,
            }));
        }
        let placements = self
            .store
            .submit(ops, true)
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        Ok(ids
            .into_iter()
            .zip(placements)
            .map(|((message_id, queue_id), p)| SendReceipt {
                message_id,
                queue_id,
                queue_offset: p.queue_offset,
                log_offset: p.log_offset,
            })
            .collect())
    }
}
