//! Delay and timer messages: stored at send time with a timer in the `timer` column family;
//! a background task appends each one to its queue when it is due (one atomic write moves the
//! entry into the queue and deletes the timer, so a message fires once, also across restarts).
//! A timer that came due while the server was down fires right after start.
//! Recalling a message deletes its timer if it has not fired.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use apogee_store::{CqEntry, TimerKey, WriteOp};
use apogee_types::{RecallHandle, TopicName};
use tokio_util::sync::CancellationToken;

use crate::{Broker, BrokerError};

/// Timers handled per write.
const FIRE_BATCH: usize = 512;

impl Broker {
    /// A timer due at `deliver_at_ms` was stored: make sure the timer task's scans reach it
    /// (a pass that ran while it was being written may have marked its time as fired already,
    /// when the send took longer than the delay) and wake the task if it sleeps past it.
    pub(crate) async fn timer_scheduled(&self, deliver_at_ms: u64) {
        self.timers_lowered_to
            .fetch_min(deliver_at_ms, Ordering::AcqRel);
        self.timer_added.notify_one();
    }

    /// Runs until `cancel` fires. The server owns the task.
    pub async fn run_timers(self: Arc<Self>, cancel: CancellationToken) {
        loop {
            let from = self
                .timers_fired_to
                .load(Ordering::Acquire)
                .min(self.timers_lowered_to.load(Ordering::Acquire));
            let next = match self.store.next_timer(from) {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %e, "Reading timers failed; retrying.");
                    Some(self.now_ms() + 1000)
                }
            };
            let now = self.now_ms();
            match next {
                Some(at) if at <= now => {
                    if let Err(e) = self.fire_due(now).await {
                        tracing::error!(error = %e, "Delivering due scheduled messages failed; retrying.");
                        tokio::select! {
                            () = cancel.cancelled() => return,
                            () = tokio::time::sleep(Duration::from_millis(200)) => {}
                        }
                    }
                }
                Some(at) => {
                    let when = self.clock.instant_at(i64::try_from(at).unwrap_or(i64::MAX));
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = tokio::time::sleep_until(when) => {}
                        () = self.timer_added.notified() => {}
                    }
                }
                None => {
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = self.timer_added.notified() => {}
                    }
                }
            }
        }
    }

    /// Appends every message due by `now` to its queue. Returns how many fired.
    pub(crate) async fn fire_due(&self, now: u64) -> Result<usize, BrokerError> {
        // Held across the write so a recall cannot race with the message firing.
        let _firing = self.timers_firing.lock().await;
        // What sends lowered is folded in first, so a failed pass leaves the mark lowered;
        // sends during this pass lower `timers_lowered_to` again for the next one.
        let from = self
            .timers_fired_to
            .load(Ordering::Acquire)
            .min(self.timers_lowered_to.swap(u64::MAX, Ordering::AcqRel));
        self.timers_fired_to.store(from, Ordering::Release);
        let due = self.store.due_timers(from, now, FIRE_BATCH)?;
        if due.is_empty() {
            return Ok(0);
        }
        let mut ops = Vec::with_capacity(due.len() * 2);
        for (key, timer) in &due {
            ops.push(WriteOp::Link {
                topic_id: timer.topic_id,
                queue_id: timer.queue_id,
                entry: CqEntry {
                    store_time_ms: now,
                    ..timer.entry
                },
            });
            ops.push(WriteOp::DeleteTimer {
                deliver_at_ms: key.deliver_at_ms,
                log_offset: key.log_offset,
            });
        }
        self.store
            .submit(ops, false)
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        for (key, timer) in &due {
            if let Some(topic) = self.topic_by_id(timer.topic_id) {
                crate::metrics::record_delay_fired(
                    topic.name.as_str(),
                    now.saturating_sub(key.deliver_at_ms),
                );
            }
        }
        if let Some((last, _)) = due.last() {
            self.timers_fired_to
                .store(from.max(last.deliver_at_ms), Ordering::Release);
        }
        Ok(due.len())
    }

    /// Cancels a scheduled message that has not been delivered; returns its message id.
    pub async fn recall(
        &self,
        topic: &TopicName,
        recall_handle: &str,
    ) -> Result<String, BrokerError> {
        let h = RecallHandle::decode(recall_handle, &self.handle_key).ok_or_else(|| {
            BrokerError::BadRecallHandle("it was not issued by this server".into())
        })?;
        let meta = self
            .topic(topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
        if h.topic_id != meta.id {
            return Err(BrokerError::BadRecallHandle(format!(
                "it belongs to another topic, not {topic}"
            )));
        }
        let key = TimerKey {
            deliver_at_ms: h.deliver_at_ms,
            log_offset: h.log_offset,
        };
        let _firing = self.timers_firing.lock().await;
        if self.store.timer(key)?.is_none() {
            return Err(BrokerError::MessageNotFound(
                "the message was already delivered or recalled".into(),
            ));
        }
        let message_id = self
            .store
            .read_messages(&[h.log_offset])?
            .pop()
            .flatten()
            .map(|m| m.message.message_id)
            .unwrap_or_default();
        self.store
            .submit(
                vec![
                    WriteOp::DeleteTimer {
                        deliver_at_ms: h.deliver_at_ms,
                        log_offset: h.log_offset,
                    },
                    WriteOp::Unpin {
                        log_offset: h.log_offset,
                    },
                ],
                true,
            )
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        tracing::info!(%topic, %message_id, "Scheduled message recalled.");
        Ok(message_id)
    }
}
