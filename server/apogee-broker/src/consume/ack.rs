//! Acks, invisibility changes and client-driven dead-lettering. A receipt handle is honoured
//! only if its MAC verifies for the message id it is presented with, it was issued to the
//! group and for the topic of the request, and it names the current delivery of the message
//! (same view, position and nonce): a forged or altered handle, one presented with another
//! message id or topic, one from an earlier delivery, one used twice, or one from another
//! group is refused.

use std::sync::Arc;
use std::time::Duration;

use apogee_store::{ViewKey, WriteOp};
use apogee_types::{GroupName, ReceiptHandle, TopicName};

use super::{FLAG_AUTO_RENEW, FLAG_NACKED, GroupState, Inflight, Phase, Undo, View};
use crate::groups::Group;
use crate::{Broker, BrokerError};

const STALE: &str =
    "the message was already acknowledged, or its invisible time passed and it was delivered again";

/// A receipt handle as a client presents it, with the topic and message id it names.
#[derive(Debug, Clone, Copy)]
pub struct Presented<'a> {
    pub receipt_handle: &'a str,
    pub topic: &'a TopicName,
    pub message_id: &'a str,
}

/// The view a handle names and the delivery it names, if that is still the current delivery
/// of the message (same position and nonce).
fn delivered<'a>(
    st: &'a mut GroupState,
    h: &ReceiptHandle,
) -> Result<(&'a mut View, Inflight), BrokerError> {
    let view = st
        .views
        .get_mut(&h.instance)
        .ok_or(BrokerError::StaleReceiptHandle(STALE))?;
    let pos = (h.topic_id, h.queue_id, h.queue_offset);
    match view.inflight.get(&pos).copied() {
        Some(i) if matches!(i.phase, Phase::Delivered { nonce, .. } if nonce == h.nonce) => {
            Ok((view, i))
        }
        _ => Err(BrokerError::StaleReceiptHandle(STALE)),
    }
}

impl Broker {
    fn group_named(&self, group: &GroupName) -> Result<Arc<Group>, BrokerError> {
        self.group(group.as_str())
            .ok_or_else(|| BrokerError::GroupNotFound(group.as_str().to_owned()))
    }

    /// Decodes a presented handle and checks it against the group and the request's topic.
    fn check_presented(&self, g: &Group, p: &Presented<'_>) -> Result<ReceiptHandle, BrokerError> {
        let h = ReceiptHandle::decode(p.receipt_handle, &self.handle_key, p.message_id)?;
        if h.group_id != g.id {
            return Err(BrokerError::StaleReceiptHandle(
                "it was issued to another consumer group",
            ));
        }
        let topic_id = self.original_topic(g, (h.topic_id, h.queue_id, h.queue_offset));
        if self
            .topic(p.topic.as_str())
            .is_none_or(|t| t.id != topic_id)
        {
            return Err(BrokerError::StaleReceiptHandle(
                "it was issued for a message of another topic",
            ));
        }
        Ok(h)
    }

    /// Acknowledges one delivery.
    pub async fn ack(&self, group: &GroupName, p: Presented<'_>) -> Result<(), BrokerError> {
        self.ack_many(group, &[p])
            .await
            .pop()
            .unwrap_or(Err(BrokerError::ShuttingDown))
    }

    /// Acknowledges several deliveries with one store write; one result per handle. An ack
    /// whose write fails is an error, and its delivery stays in flight under the same handle.
    pub async fn ack_many(
        &self,
        group: &GroupName,
        presented: &[Presented<'_>],
    ) -> Vec<Result<(), BrokerError>> {
        let Some(g) = self.group(group.as_str()) else {
            let missing = || BrokerError::GroupNotFound(group.as_str().to_owned());
            return presented.iter().map(|_| Err(missing())).collect();
        };
        let mut results = Vec::with_capacity(presented.len());
        let mut ops = Vec::with_capacity(presented.len());
        let mut undo = Undo::default();
        let mut woken = Vec::new();
        let written = {
            let mut st = g.state.lock();
            for p in presented {
                let r = self.check_presented(&g, p).and_then(|h| {
                    self.take_for_ack(&g, &mut st, &h, &mut ops, &mut undo)?;
                    woken.push(self.original_topic(&g, (h.topic_id, h.queue_id, h.queue_offset)));
                    Ok(())
                });
                results.push(r);
            }
            // Queued under the lock: the store sees this group's changes in their order.
            (!ops.is_empty()).then(|| self.store.submit(ops, false))
        };
        if let Some(written) = written
            && let Err(e) = written
                .await
                .map_err(|_| BrokerError::ShuttingDown)
                .and_then(|r| r.map_err(BrokerError::from))
        {
            tracing::warn!(error = %e, "Writing acks failed; the deliveries stay in flight.");
            self.undo(&g, undo);
            return results
                .into_iter()
                .map(|r| r.and_then(|()| Err(e.duplicate())))
                .collect();
        }
        woken.sort_unstable();
        woken.dedup();
        // A consumer held back by its in-flight bound may take more now.
        for t in woken {
            self.wakeups.notify(t);
        }
        results
    }

    /// Finishes the delivery a handle names, adding the writes that record it.
    fn take_for_ack(
        &self,
        g: &Group,
        st: &mut GroupState,
        h: &ReceiptHandle,
        ops: &mut Vec<WriteOp>,
        undo: &mut Undo,
    ) -> Result<(), BrokerError> {
        let pos = (h.topic_id, h.queue_id, h.queue_offset);
        let (view, inflight) = delivered(st, h)?;
        let key = ViewKey {
            group_id: g.id,
            instance: h.instance,
        };
        view.remove(&pos);
        self.unindex_deadline(&inflight.key(key, pos));
        undo.changed(h.instance, pos, inflight, None);
        ops.push(WriteOp::DeleteInvisible(inflight.key(key, pos)));
        if g.in_place() {
            view.finish(key, (pos.0, pos.1), pos.2, ops);
            undo.finished(h.instance, (pos.0, pos.1), pos.2);
        }
        Ok(())
    }

    /// Moves a delivery's deadline to now + `invisible` and returns the new receipt handle
    /// (the old one stops working). When the new deadline passes, the message is delivered
    /// again at once with its attempt count + 1: push consumers use this as a negative ack,
    /// with the group's back-off as the duration. The server stops renewing it.
    pub async fn change_invisible(
        &self,
        group: &GroupName,
        p: Presented<'_>,
        invisible: Duration,
    ) -> Result<String, BrokerError> {
        let g = self.group_named(group)?;
        let h = self.check_presented(&g, &p)?;
        let invisible = self.check_invisible(invisible, Duration::ZERO)?;
        let deadline_ms = u64::try_from(self.clock.now_ms()).unwrap_or(0)
            + u64::try_from(invisible.as_millis()).unwrap_or(u64::MAX / 2);
        let nonce = self.next_nonce();
        let mut ops = Vec::with_capacity(2);
        let mut undo = Undo::default();
        let written = {
            let mut st = g.state.lock();
            let pos = (h.topic_id, h.queue_id, h.queue_offset);
            let (view, old) = delivered(&mut st, &h)?;
            let Phase::Delivered {
                client,
                delivered_ms,
                flags,
                ..
            } = old.phase
            else {
                return Err(BrokerError::StaleReceiptHandle(STALE));
            };
            let flags = (flags & !FLAG_AUTO_RENEW) | FLAG_NACKED;
            let new = Inflight {
                phase: Phase::Delivered {
                    deadline_ms,
                    nonce,
                    flags,
                    client,
                    delivered_ms,
                },
                ..old
            };
            let key = ViewKey {
                group_id: g.id,
                instance: h.instance,
            };
            view.insert(pos, new);
            new.rewrite(&old, key, pos, &mut ops);
            self.unindex_deadline(&old.key(key, pos));
            self.index_deadline(new.key(key, pos));
            undo.changed(h.instance, pos, old, Some(new));
            // Queued under the lock: the store sees this group's changes in their order.
            self.store.submit(ops, false)
        };
        self.await_or_undo(&g, written, undo).await?;
        Ok(ReceiptHandle {
            deadline_ms,
            nonce,
            ..h
        }
        .encode(&self.handle_key, p.message_id))
    }

    /// Moves a delivered message to the group's dead-letter queue at once (push consumers do
    /// this for FIFO messages whose local retries are exhausted) and finishes the delivery.
    pub async fn forward_to_dlq(
        &self,
        group: &GroupName,
        p: Presented<'_>,
    ) -> Result<(), BrokerError> {
        let g = self.group_named(group)?;
        let h = self.check_presented(&g, &p)?;
        // Checked before the dead-letter topic is created for it, and again under the lock.
        delivered(&mut g.state.lock(), &h)?;
        let dlq = self.dlq_topic(&g).await?;
        let mut ops = Vec::new();
        let mut undo = Undo::default();
        let pos = (h.topic_id, h.queue_id, h.queue_offset);
        let written = {
            let mut st = g.state.lock();
            let key = ViewKey {
                group_id: g.id,
                instance: h.instance,
            };
            let (view, current) = delivered(&mut st, &h)?;
            self.dead_letter(&g, view, key, pos, current, &dlq, &mut ops, &mut undo);
            // Queued under the lock: the store sees this group's changes in their order.
            self.store.submit(ops, false)
        };
        self.await_or_undo(&g, written, undo).await?;
        self.wakeups.notify(self.original_topic(&g, pos));
        Ok(())
    }
}
