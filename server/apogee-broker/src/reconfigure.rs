//! What an operator changes after creation (mqadmin's updateTopic, deleteTopic and
//! deleteSubGroup): a topic's queue count, permission, retention and message types; deleting
//! a topic or a group; and the per-topic retention pass.

use std::sync::Arc;
use std::time::Duration;

use apogee_store::WriteOp;
use apogee_types::MessageType;

use crate::topics::{MAX_QUEUES, Perm, TopicMeta};
use crate::{Broker, BrokerError};

/// What to change on a topic; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct TopicUpdate {
    /// More queues (a topic's queues cannot be taken away: their messages would be lost).
    pub queues: Option<u32>,
    pub perm: Option<Perm>,
    /// `Some(ZERO)`: back to the broker's retention.
    pub retention: Option<Duration>,
    pub accepts: Option<Vec<MessageType>>,
}

impl Broker {
    /// Changes a topic's configuration (not a retry or dead-letter topic).
    pub async fn update_topic(
        &self,
        name: &str,
        update: TopicUpdate,
    ) -> Result<Arc<TopicMeta>, BrokerError> {
        let broker_retention = self.config.retention;
        let updated = self
            .topics
            .rewrite(name, |t| {
                refuse_system(t)?;
                let mut r = t.record();
                if let Some(q) = update.queues {
                    if q < t.queues {
                        return Err(BrokerError::InvalidArgument(format!(
                            "topic {name} has {} queues; queues cannot be removed (their \
                             messages would be lost), only added",
                            t.queues
                        )));
                    }
                    if q > MAX_QUEUES {
                        return Err(BrokerError::InvalidArgument(format!(
                            "queue count {q} is out of range [1, {MAX_QUEUES}]"
                        )));
                    }
                    r.queues = q;
                }
                if let Some(p) = update.perm {
                    r.perm = p.as_str().to_owned();
                }
                if let Some(keep) = update.retention {
                    if keep > broker_retention {
                        return Err(BrokerError::InvalidArgument(format!(
                            "retention {} is longer than the broker's ({}): the commit log \
                             is shared, so a topic can keep less, not more",
                            humantime::format_duration(keep),
                            humantime::format_duration(broker_retention)
                        )));
                    }
                    r.retention_ms = u64::try_from(keep.as_millis()).unwrap_or(u64::MAX);
                }
                if let Some(types) = &update.accepts {
                    if types.is_empty() {
                        return Err(BrokerError::InvalidArgument(
                            "a topic must accept a message type".into(),
                        ));
                    }
                    r.message_types = types.iter().map(|t| t.as_str().to_owned()).collect();
                }
                Ok((r, Vec::new()))
            })
            .await?
            .ok_or_else(|| BrokerError::TopicNotFound(name.to_owned()))?;
        self.topics_changed.notify_one();
        tracing::info!(topic = %name, queues = updated.queues, perm = updated.perm.as_str(), retention_ms = updated.retention_ms, "Topic updated.");
        Ok(updated)
    }

    /// Deletes a topic and its queues' entries (the commit-log records go with the broker's
    /// retention). Its id is never given to another topic.
    pub async fn delete_topic(&self, name: &str) -> Result<(), BrokerError> {
        let ends: Vec<(u32, u64)> = match self.topics.get(name) {
            Some(t) => (0..t.queues)
                .map(|q| Ok((q, self.store.queue_end(t.id, q)?)))
                .collect::<Result<_, BrokerError>>()?,
            None => return Err(BrokerError::TopicNotFound(name.to_owned())),
        };
        self.topics
            .rewrite(name, |t| {
                refuse_system(t)?;
                let mut r = t.record();
                r.deleted = true;
                // The id is never reused, so nothing needs these keys again.
                let drop = ends
                    .iter()
                    .filter(|(_, end)| *end > 0)
                    .map(|(q, end)| WriteOp::DeleteQueueRange {
                        topic_id: t.id,
                        queue_id: *q,
                        from: 0,
                        to: *end,
                    })
                    .collect();
                Ok((r, drop))
            })
            .await?;
        self.topics_changed.notify_one();
        self.traffic.forget(name);
        tracing::info!(topic = %name, "Topic deleted.");
        Ok(())
    }

    /// Deletes a consumer group (its retry and dead-letter topics stay, as in RocketMQ).
    /// Refused while it has messages in flight or waiting for redelivery.
    pub async fn delete_group(&self, name: &str) -> Result<(), BrokerError> {
        self.groups
            .delete(name, |g| {
                if self.has_unfinished_work(g)? {
                    return Err(BrokerError::FailedPrecondition(format!(
                        "group {name} has messages in flight or waiting for redelivery; \
                         delete it once they are acknowledged (or reset its offsets first)"
                    )));
                }
                Ok(())
            })
            .await?;
        tracing::info!(group = %name, "Consumer group deleted.");
        Ok(())
    }

    /// Drops the queue entries of topics with a retention shorter than the broker's that
    /// are older than it (keeping each queue's newest entry). Returns the entries dropped.
    pub async fn apply_topic_retention(&self) -> Result<u64, BrokerError> {
        let now = self.clock.now_ms();
        let mut ops = Vec::new();
        let mut dropped = 0;
        for t in self.topics.list().iter().filter(|t| t.retention_ms > 0) {
            let cutoff = now.saturating_sub(i64::try_from(t.retention_ms).unwrap_or(i64::MAX));
            for q in 0..t.queues {
                let start = self.store.queue_start(t.id, q)?;
                let end = self.store.queue_end(t.id, q)?;
                let first_kept = self
                    .store
                    .offset_at_time(t.id, q, cutoff)?
                    .min(end.saturating_sub(1));
                if first_kept > start {
                    dropped += first_kept - start;
                    ops.push(WriteOp::DeleteQueueRange {
                        topic_id: t.id,
                        queue_id: q,
                        from: start,
                        to: first_kept,
                    });
                }
            }
        }
        if !ops.is_empty() {
            self.store
                .submit(ops, true)
                .await
                .map_err(|_| BrokerError::ShuttingDown)??;
        }
        Ok(dropped)
    }
}

fn refuse_system(t: &TopicMeta) -> Result<(), BrokerError> {
    if t.system {
        return Err(BrokerError::InvalidArgument(format!(
            "{} is a retry or dead-letter topic, which the broker manages",
            t.name
        )));
    }
    Ok(())
}
