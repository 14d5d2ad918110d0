//! The reviver: a background task that sleeps until the earliest in-flight deadline, then moves
//! every expired delivery into its group's retry queue with the attempt count it has used, so
//! the next receive on that topic gets it again with attempt + 1.

use std::sync::Arc;

use apogee_store::{CqEntry, InvisibleKey, WriteOp};
use tokio_util::sync::CancellationToken;

use crate::Broker;

/// Expired deliveries handled per write.
const REVIVE_BATCH: usize = 512;

impl Broker {
    /// Runs until `cancel` fires. The server owns the task.
    pub async fn run_reviver(self: Arc<Self>, cancel: CancellationToken) {
        loop {
            let next = self.deadlines.lock().first().map(|k| k.deadline_ms);
            let now = u64::try_from(self.clock.now_ms()).unwrap_or(0);
            match next {
                Some(deadline) if deadline <= now => {
                    if let Err(e) = self.revive_expired(now).await {
                        tracing::error!(error = %e, "Redelivery of expired messages failed; retrying.");
                        tokio::select! {
                            () = cancel.cancelled() => return,
                            () = tokio::time::sleep(std::time::Duration::from_millis(200)) => {}
                        }
                    }
                }
                Some(deadline) => {
                    let at = self
                        .clock
                        .instant_at(i64::try_from(deadline).unwrap_or(i64::MAX));
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = tokio::time::sleep_until(at) => {}
                        () = self.deadline_added.notified() => {}
                    }
                }
                None => {
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = self.deadline_added.notified() => {}
                    }
                }
            }
        }
    }

    async fn revive_expired(&self, now: u64) -> Result<(), crate::BrokerError> {
        let expired: Vec<InvisibleKey> = {
            let mut d = self.deadlines.lock();
            let keys: Vec<_> = d
                .iter()
                .take_while(|k| k.deadline_ms <= now)
                .take(REVIVE_BATCH)
                .copied()
                .collect();
            for k in &keys {
                d.remove(k);
            }
            keys
        };
        let mut ops = Vec::with_capacity(expired.len() * 2);
        let mut woken = Vec::new();
        for key in expired {
            let Some(group) = self.groups.by_id(key.group_id) else {
                ops.push(WriteOp::DeleteInvisible(key));
                continue;
            };
            let taken = {
                let mut st = group.state.lock();
                let pos = (key.topic_id, key.queue_id, key.queue_offset);
                match st.inflight.get(&pos) {
                    Some(i) if i.deadline_ms == key.deadline_ms => st.inflight.remove(&pos),
                    // Acked, or re-delivered with another deadline, since it was indexed.
                    _ => None,
                }
            };
            let Some(inflight) = taken else { continue };
            // A redelivery's queue id is the original topic's id.
            let original_topic = if key.topic_id == group.retry_topic.id {
                key.queue_id
            } else {
                key.topic_id
            };
            ops.push(WriteOp::DeleteInvisible(key));
            ops.push(WriteOp::Link {
                topic_id: group.retry_topic.id,
                queue_id: original_topic,
                entry: CqEntry {
                    store_time_ms: now,
                    reconsume_times: inflight.attempt,
                    ..inflight.entry
                },
            });
            woken.push(original_topic);
            tracing::debug!(group = %group.name, topic_id = original_topic, attempt = inflight.attempt, "Delivery expired; queued for redelivery.");
        }
        if ops.is_empty() {
            return Ok(());
        }
        self.store
            .submit(ops, false)
            .await
            .map_err(|_| crate::BrokerError::ShuttingDown)??;
        woken.sort_unstable();
        woken.dedup();
        for topic_id in woken {
            self.wakeups.notify(topic_id);
        }
        Ok(())
    }
}
