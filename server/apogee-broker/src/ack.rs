//! Acks and invisibility changes. A receipt handle is honoured only if it names the current
//! delivery of a message exactly (same deadline and nonce), so a handle from an earlier
//! delivery, a handle acked twice, or one from another group is refused, never misapplied.

use std::time::Duration;

use apogee_store::{InvisibleKey, InvisibleValue, WriteOp};
use apogee_types::{GroupName, ReceiptHandle};

use crate::groups::{Group, Inflight};
use crate::{Broker, BrokerError};

impl Broker {
    fn group_for_handle(
        &self,
        group: &GroupName,
        handle: &ReceiptHandle,
    ) -> Result<std::sync::Arc<Group>, BrokerError> {
        let g = self
            .group(group.as_str())
            .ok_or_else(|| BrokerError::GroupNotFound(group.as_str().to_owned()))?;
        if handle.group_id != g.id {
            return Err(BrokerError::StaleReceiptHandle(
                "it was issued to another consumer group",
            ));
        }
        Ok(g)
    }

    fn take_current(g: &Group, h: &ReceiptHandle) -> Result<Inflight, BrokerError> {
        let mut st = g.state.lock();
        let pos = (h.topic_id, h.queue_id, h.queue_offset);
        match st.inflight.get(&pos).copied() {
            Some(i) if i.deadline_ms == h.deadline_ms && i.nonce == h.nonce => {
                st.inflight.remove(&pos);
                Ok(i)
            }
            _ => Err(BrokerError::StaleReceiptHandle(
                "the message was already acknowledged, or its invisible time passed and it was delivered again",
            )),
        }
    }

    /// Acknowledges one delivery.
    pub async fn ack(&self, group: &GroupName, receipt_handle: &str) -> Result<(), BrokerError> {
        let h = ReceiptHandle::decode(receipt_handle)?;
        let g = self.group_for_handle(group, &h)?;
        Self::take_current(&g, &h)?;
        let key = key_of(&h);
        self.unindex_deadline(&key);
        self.store
            .submit(vec![WriteOp::DeleteInvisible(key)], false)
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        Ok(())
    }

    /// Moves a delivery's deadline to now + `invisible` and returns the new receipt handle
    /// (the old one stops working). When the new deadline passes, the message is delivered
    /// again with its attempt count + 1: push consumers use this as a negative ack.
    pub async fn change_invisible(
        &self,
        group: &GroupName,
        receipt_handle: &str,
        invisible: Duration,
    ) -> Result<String, BrokerError> {
        let h = ReceiptHandle::decode(receipt_handle)?;
        let invisible = self.check_invisible(invisible, Duration::ZERO)?;
        let g = self.group_for_handle(group, &h)?;
        let deadline_ms = u64::try_from(self.clock.now_ms()).unwrap_or(0)
            + u64::try_from(invisible.as_millis()).unwrap_or(u64::MAX / 2);
        let nonce = self.next_nonce();
        let (old_key, new_key, value) = {
            let mut st = g.state.lock();
            let pos = (h.topic_id, h.queue_id, h.queue_offset);
            let current = match st.inflight.get_mut(&pos) {
                Some(i) if i.deadline_ms == h.deadline_ms && i.nonce == h.nonce => i,
                _ => {
                    return Err(BrokerError::StaleReceiptHandle(
                        "the message was already acknowledged, or its invisible time passed and it was delivered again",
                    ));
                }
            };
            current.deadline_ms = deadline_ms;
            current.nonce = nonce;
            let old_key = key_of(&h);
            let new_key = InvisibleKey {
                deadline_ms,
                ..old_key
            };
            let value = InvisibleValue {
                attempt: current.attempt,
                nonce,
                entry: current.entry,
            };
            (old_key, new_key, value)
        };
        self.unindex_deadline(&old_key);
        self.index_deadline(new_key);
        self.store
            .submit(
                vec![
                    WriteOp::DeleteInvisible(old_key),
                    WriteOp::PutInvisible(new_key, value),
                ],
                false,
            )
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        Ok(ReceiptHandle {
            deadline_ms,
            nonce,
            ..h
        }
        .encode())
    }
}

fn key_of(h: &ReceiptHandle) -> InvisibleKey {
    InvisibleKey {
        deadline_ms: h.deadline_ms,
        group_id: h.group_id,
        topic_id: h.topic_id,
        queue_id: h.queue_id,
        queue_offset: h.queue_offset,
    }
}
