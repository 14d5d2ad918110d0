//! The reviver: a background task that sleeps until the earliest in-flight deadline and then
//! handles every entry whose deadline passed:
//! - a push consumer's delivery whose client is still connected is renewed (same handle);
//! - a delivery past the group's max attempts goes to `%DLQ%<group>`;
//! - any other expired delivery waits out the group's back-off (none after a nack, whose
//!   client already chose the delay), then is delivered again with attempt + 1: through the
//!   retry queue for clustering groups, at its own position for in-place groups.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use apogee_store::{CqEntry, InvisibleKey, ViewKey, WriteOp};
use tokio_util::sync::CancellationToken;

use super::{EntryPos, FLAG_AUTO_RENEW, FLAG_NACKED, Inflight, Phase, Undo, View};
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Expired entries handled per write.
const REVIVE_BATCH: usize = 512;
/// Longest the server keeps renewing one delivery for a connected push consumer.
pub const MAX_RENEW: Duration = Duration::from_secs(3 * 3600);

impl Broker {
    /// Runs until `cancel` fires. The server owns the task.
    pub async fn run_reviver(self: Arc<Self>, cancel: CancellationToken) {
        loop {
            let next = self.deadlines.earliest();
            let now = self.now_ms();
            match next {
                Some(deadline) if deadline <= now => {
                    if let Err(e) = self.revive_expired(now).await {
                        tracing::error!(error = %e, "Handling expired deliveries failed; retrying.");
                        tokio::select! {
                            () = cancel.cancelled() => return,
                            () = tokio::time::sleep(Duration::from_millis(200)) => {}
                        }
                    }
                }
                Some(deadline) => {
                    let at = self
                        .clock
                        .instant_at(i64::try_from(deadline).unwrap_or(i64::MAX));
                    let earlier = self.deadlines.sleeping_until(deadline);
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = tokio::time::sleep_until(at) => {}
                        () = earlier.notified() => {}
                    }
                }
                None => {
                    let earlier = self.deadlines.sleeping_until(u64::MAX);
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = earlier.notified() => {}
                    }
                }
            }
        }
    }

    pub(crate) async fn revive_expired(&self, now: u64) -> Result<(), BrokerError> {
        let expired: Vec<InvisibleKey> = self.deadlines.take_due(now, REVIVE_BATCH);
        // Dead-letter topics are created before any lock is taken.
        let mut dlqs: HashMap<u32, Arc<TopicMeta>> = HashMap::new();
        for key in &expired {
            if let Some(g) = self.groups.by_id(key.view.group_id)
                && !dlqs.contains_key(&g.id)
                && self.would_dead_letter(&g, key, now)
            {
                match self.dlq_topic(&g).await {
                    Ok(t) => {
                        dlqs.insert(g.id, t);
                    }
                    Err(e) => {
                        // Nothing changed yet: put the deadlines back for the next pass.
                        for k in &expired {
                            self.index_deadline(*k);
                        }
                        return Err(e);
                    }
                }
            }
        }
        // One pass per group, its writes queued while its lock is held, so the store sees each
        // group's changes in the order they were made (an ack racing with a rewrite here never
        // has its delete overtaken by the older put).
        let mut expired = expired;
        expired.sort_by_key(|k| k.view.group_id);
        let mut written = Vec::new();
        let mut woken = Vec::new();
        for keys in expired.chunk_by(|a, b| a.view.group_id == b.view.group_id) {
            let mut ops = Vec::new();
            let Some(group) = self.groups.by_id(keys[0].view.group_id) else {
                ops.extend(keys.iter().map(|k| WriteOp::DeleteInvisible(*k)));
                written.push((None, self.store.submit(ops, false), Undo::default()));
                continue;
            };
            let dlq = dlqs.get(&group.id);
            let mut undo = Undo::default();
            let mut st = group.state.lock();
            for key in keys {
                let pos = (key.topic_id, key.queue_id, key.queue_offset);
                let Some(view) = st.views.get_mut(&key.view.instance) else {
                    continue;
                };
                // Acked, changed or delivered again since it was indexed: nothing to do.
                let Some(inflight) = view
                    .inflight
                    .get(&pos)
                    .copied()
                    .filter(|i| i.deadline() == key.deadline_ms)
                else {
                    continue;
                };
                let change = (&mut ops, &mut undo);
                if self.expire(&group, view, key.view, pos, inflight, now, dlq, change) {
                    woken.push(self.original_topic(&group, pos));
                }
            }
            drop(st);
            if !ops.is_empty() {
                written.push((Some(group.clone()), self.store.submit(ops, false), undo));
            }
        }
        // Every write is awaited; one that failed has its changes put back, so those deliveries
        // expire again on a later pass.
        let mut failure = None;
        for (group, w, undo) in written {
            let result = match &group {
                Some(g) => self.await_or_undo(g, w, undo).await,
                None => w
                    .await
                    .map_err(|_| BrokerError::ShuttingDown)
                    .and_then(|r| r.map(drop).map_err(BrokerError::from)),
            };
            if let Err(e) = result {
                failure.get_or_insert(e);
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
        woken.sort_unstable();
        woken.dedup();
        for topic_id in woken {
            self.wakeups.notify(topic_id);
        }
        Ok(())
    }

    fn would_dead_letter(&self, g: &Group, key: &InvisibleKey, now: u64) -> bool {
        let st = g.state.lock();
        let pos = (key.topic_id, key.queue_id, key.queue_offset);
        st.views
            .get(&key.view.instance)
            .and_then(|v| v.inflight.get(&pos))
            .is_some_and(|i| {
                matches!(i.phase, Phase::Delivered { .. })
                    && i.attempt >= g.max_attempts()
                    && !self.renews(i, now)
            })
    }

    fn renews(&self, i: &Inflight, now: u64) -> bool {
        match i.phase {
            Phase::Delivered {
                flags,
                client,
                delivered_ms,
                ..
            } => {
                flags & FLAG_AUTO_RENEW != 0
                    && self.client_alive(client)
                    && now.saturating_sub(delivered_ms) < MAX_RENEW.as_millis() as u64
            }
            Phase::Waiting { .. } => false,
        }
    }

    /// Handles one expired entry; returns whether consumers of its topic should look again.
    #[allow(clippy::too_many_arguments)]
    fn expire(
        &self,
        group: &Group,
        view: &mut View,
        key: ViewKey,
        pos: EntryPos,
        inflight: Inflight,
        now: u64,
        dlq: Option<&Arc<TopicMeta>>,
        (ops, undo): (&mut Vec<WriteOp>, &mut Undo),
    ) -> bool {
        let Phase::Delivered { flags, .. } = inflight.phase else {
            // The back-off has passed.
            return self.ready_again(group, view, key, pos, inflight, now, (ops, undo));
        };
        if self.renews(&inflight, now) {
            let renewed = match inflight.phase {
                Phase::Delivered {
                    nonce,
                    flags,
                    client,
                    delivered_ms,
                    ..
                } => Phase::Delivered {
                    deadline_ms: now
                        + u64::try_from(self.config.default_invisible.as_millis())
                            .unwrap_or(60_000),
                    nonce,
                    flags,
                    client,
                    delivered_ms,
                },
                waiting => waiting,
            };
            let new = Inflight {
                phase: renewed,
                ..inflight
            };
            view.insert(pos, new);
            new.rewrite(&inflight, key, pos, ops);
            self.index_deadline(new.key(key, pos));
            undo.changed(key.instance, pos, inflight, Some(new));
            return false;
        }
        if inflight.attempt >= group.max_attempts()
            && let Some(dlq) = dlq
        {
            self.dead_letter(group, view, key, pos, inflight, dlq, ops, undo);
            tracing::info!(group = %group.name, attempts = inflight.attempt, "Message moved to the dead-letter queue.");
            return true;
        }
        let wait = if flags & FLAG_NACKED != 0 {
            Duration::ZERO
        } else {
            group.backoff(inflight.attempt, &self.config.retry_backoff)
        };
        if wait.is_zero() {
            return self.ready_again(group, view, key, pos, inflight, now, (ops, undo));
        }
        let waiting = Inflight {
            phase: Phase::Waiting {
                until_ms: now.saturating_add(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX)),
            },
            ..inflight
        };
        view.insert(pos, waiting);
        waiting.rewrite(&inflight, key, pos, ops);
        self.index_deadline(waiting.key(key, pos));
        undo.changed(key.instance, pos, inflight, Some(waiting));
        false
    }

    /// Makes an entry deliverable again: into the retry queue for clustering groups, in place
    /// (as a due `Waiting` entry) for in-place groups.
    #[allow(clippy::too_many_arguments)]
    fn ready_again(
        &self,
        group: &Group,
        view: &mut View,
        key: ViewKey,
        pos: EntryPos,
        inflight: Inflight,
        now: u64,
        (ops, undo): (&mut Vec<WriteOp>, &mut Undo),
    ) -> bool {
        if group.in_place() {
            let due = Inflight {
                phase: Phase::Waiting { until_ms: now },
                ..inflight
            };
            if due != inflight {
                view.insert(pos, due);
                due.rewrite(&inflight, key, pos, ops);
                undo.changed(key.instance, pos, inflight, Some(due));
            }
            return true;
        }
        view.remove(&pos);
        undo.changed(key.instance, pos, inflight, None);
        ops.push(WriteOp::DeleteInvisible(inflight.key(key, pos)));
        ops.push(WriteOp::Link {
            topic_id: group.retry_topic.id,
            queue_id: self.original_topic(group, pos),
            entry: CqEntry {
                store_time_ms: now,
                reconsume_times: inflight.attempt,
                ..inflight.entry
            },
        });
        true
    }

    /// Moves an entry to the dead-letter topic and finishes it for this consumer.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn dead_letter(
        &self,
        group: &Group,
        view: &mut View,
        key: ViewKey,
        pos: EntryPos,
        inflight: Inflight,
        dlq: &TopicMeta,
        ops: &mut Vec<WriteOp>,
        undo: &mut Undo,
    ) {
        view.remove(&pos);
        self.unindex_deadline(&inflight.key(key, pos));
        undo.changed(key.instance, pos, inflight, None);
        if let Some(topic) = self.topic_by_id(self.original_topic(group, pos)) {
            crate::metrics::record_dlq(topic.name.as_str(), group.name.as_str());
        }
        ops.push(WriteOp::DeleteInvisible(inflight.key(key, pos)));
        ops.push(WriteOp::Link {
            topic_id: dlq.id,
            queue_id: 0,
            entry: CqEntry {
                store_time_ms: self.now_ms(),
                reconsume_times: 0,
                ..inflight.entry
            },
        });
        if group.in_place() {
            view.finish(key, (pos.0, pos.1), pos.2, ops);
            undo.finished(key.instance, (pos.0, pos.1), pos.2);
        }
    }

    /// The topic a position's message belongs to (a retry queue's id is the original topic's).
    pub(crate) fn original_topic(&self, group: &Group, pos: EntryPos) -> u32 {
        if pos.0 == group.retry_topic.id {
            pos.1
        } else {
            pos.0
        }
    }
}
