//! Consumption state and the operations on it.
//!
//! Every consumer's progress is a [`View`]: the group as a whole (instance 0) for clustering
//! groups, or one view per client instance for broadcasting groups. A view keeps, per queue, a
//! cursor and a set of in-flight entries.
//!
//! - Clustering groups (`pop`): the cursor is the next offset to hand out and moves at every
//!   pop. A delivery whose deadline passes waits out the group's back-off, then is appended to
//!   `%RETRY%<group>` (queue id = the original topic's id) and popped from there.
//! - In-place groups (`ordered`: FIFO or broadcasting): the cursor is the first offset not yet
//!   finished; a pop scans from it, and a delivery whose deadline passes is delivered again at
//!   its own position after the back-off. In a FIFO group, a message group with a message in
//!   flight blocks its later messages until that one is acked or dead-lettered.
//!
//! Past the group's max attempts a message goes to `%DLQ%<group>` (`expiry`, `ack`).

pub(crate) mod ack;
pub(crate) mod clients;
pub(crate) mod expiry;
mod ordered;
mod pop;
mod read_ahead;
pub(crate) mod receive;
mod undo;

/// What the pop tests share: arguments of a pop that hides what it hands out for a minute, and
/// the ids a pop handed out.
#[cfg(test)]
mod pop_test_support {
    use super::receive::{Pass, PopArgs};
    use crate::Filter;

    pub(super) fn args(filter: &Filter, now_ms: u64, batch_size: usize) -> PopArgs<'_> {
        PopArgs {
            filter,
            batch_size,
            now_ms,
            deadline_ms: now_ms + 60_000,
            flags: 0,
            client: 0,
        }
    }

    pub(super) fn ids(pass: &Pass) -> Vec<String> {
        pass.deliveries
            .iter()
            .map(|d| d.message.message.message_id.clone())
            .collect()
    }
}

pub(crate) use undo::Undo;

use std::collections::{BTreeSet, HashMap};

use apogee_store::{CqEntry, InvisibleKey, InvisibleValue, ViewKey, WriteOp};

/// Position of a consume-queue entry: (topic id, queue id, offset).
pub(crate) type EntryPos = (u32, u32, u64);

/// A queue: (topic id, queue id).
pub(crate) type QueueKey = (u32, u32);

/// Queue id under which a view's instance start time is stored with the cursors.
pub(crate) const INSTANCE_START_KEY: QueueKey = (u32::MAX, u32::MAX);

pub(crate) const FLAG_AUTO_RENEW: u8 = 1;
pub(crate) const FLAG_NACKED: u8 = 2;

/// Where an in-flight entry is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Handed to a consumer; invisible until `deadline_ms`.
    Delivered {
        deadline_ms: u64,
        nonce: u32,
        flags: u8,
        client: u64,
        delivered_ms: u64,
    },
    /// Expired or nacked: delivered again once `until_ms` passes.
    Waiting { until_ms: u64 },
}

/// One message a view has handed out and not finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inflight {
    /// Deliveries so far, the current one included.
    pub attempt: u32,
    pub phase: Phase,
    pub entry: CqEntry,
}

impl Inflight {
    /// When the entry next needs the reviver's attention.
    pub fn deadline(&self) -> u64 {
        match self.phase {
            Phase::Delivered { deadline_ms, .. } => deadline_ms,
            Phase::Waiting { until_ms } => until_ms,
        }
    }

    pub fn key(&self, view: ViewKey, (topic_id, queue_id, queue_offset): EntryPos) -> InvisibleKey {
        InvisibleKey {
            deadline_ms: self.deadline(),
            view,
            topic_id,
            queue_id,
            queue_offset,
        }
    }

    pub fn value(&self) -> InvisibleValue {
        let (phase, nonce, flags, client, delivered_ms) = match self.phase {
            Phase::Delivered {
                nonce,
                flags,
                client,
                delivered_ms,
                ..
            } => (0, nonce, flags, client, delivered_ms),
            Phase::Waiting { .. } => (1, 0, 0, 0, 0),
        };
        InvisibleValue {
            attempt: self.attempt,
            nonce,
            phase,
            flags,
            client,
            delivered_ms,
            entry: self.entry,
        }
    }

    pub fn from_stored(key: &InvisibleKey, v: &InvisibleValue) -> Self {
        let phase = if v.phase == 0 {
            Phase::Delivered {
                deadline_ms: key.deadline_ms,
                nonce: v.nonce,
                flags: v.flags,
                client: v.client,
                delivered_ms: v.delivered_ms,
            }
        } else {
            Phase::Waiting {
                until_ms: key.deadline_ms,
            }
        };
        Self {
            attempt: v.attempt,
            phase,
            entry: v.entry,
        }
    }

    /// Ops that replace the stored form of `old` with `self`.
    pub fn rewrite(&self, old: &Inflight, view: ViewKey, pos: EntryPos, ops: &mut Vec<WriteOp>) {
        ops.push(WriteOp::DeleteInvisible(old.key(view, pos)));
        ops.push(WriteOp::PutInvisible(self.key(view, pos), self.value()));
    }
}

/// One consumer's progress.
#[derive(Debug, Default)]
pub(crate) struct View {
    pub cursors: HashMap<QueueKey, u64>,
    pub inflight: HashMap<EntryPos, Inflight>,
    /// In-place views: finished offsets at or above the cursor.
    pub done: HashMap<QueueKey, BTreeSet<u64>>,
    /// In-flight entries per queue, for flow control.
    pub per_queue: HashMap<QueueKey, u32>,
    /// When this instance was first seen (broadcast views); where it starts reading.
    pub start_ms: Option<i64>,
    /// Rotates the first queue a pop looks at, so consumers spread over queues.
    pub rotation: u32,
}

impl View {
    pub fn insert(&mut self, pos: EntryPos, inflight: Inflight) -> Option<Inflight> {
        let previous = self.inflight.insert(pos, inflight);
        if previous.is_none() {
            *self.per_queue.entry((pos.0, pos.1)).or_default() += 1;
        }
        previous
    }

    pub fn remove(&mut self, pos: &EntryPos) -> Option<Inflight> {
        let removed = self.inflight.remove(pos);
        if removed.is_some()
            && let Some(n) = self.per_queue.get_mut(&(pos.0, pos.1))
        {
            *n = n.saturating_sub(1);
        }
        removed
    }

    pub fn in_flight_on(&self, queue: QueueKey) -> u32 {
        self.per_queue.get(&queue).copied().unwrap_or(0)
    }

    /// In-place views: records `offset` as finished and moves the cursor over finished offsets.
    pub fn finish(&mut self, view: ViewKey, queue: QueueKey, offset: u64, ops: &mut Vec<WriteOp>) {
        let Some(cursor) = self.cursors.get(&queue).copied() else {
            return;
        };
        if offset < cursor {
            return;
        }
        let done = self.done.entry(queue).or_default();
        done.insert(offset);
        let mut next = cursor;
        while done.remove(&next) {
            next += 1;
        }
        if next > cursor {
            self.cursors.insert(queue, next);
            ops.push(WriteOp::PutOffset {
                view,
                topic_id: queue.0,
                queue_id: queue.1,
                offset: next,
            });
            ops.push(WriteOp::DeleteDoneRange {
                view,
                topic_id: queue.0,
                queue_id: queue.1,
                from: cursor,
                to: next,
            });
        } else {
            ops.push(WriteOp::PutDone {
                view,
                topic_id: queue.0,
                queue_id: queue.1,
                offset,
            });
        }
    }
}

/// All views of one group.
#[derive(Debug, Default)]
pub(crate) struct GroupState {
    pub views: HashMap<u64, View>,
}

impl GroupState {
    pub fn view(&mut self, instance: u64) -> &mut View {
        self.views.entry(instance).or_default()
    }

    pub fn inflight_count(&self) -> usize {
        self.views.values().map(|v| v.inflight.len()).sum()
    }
}

/// Stable 64-bit hash of a client id (FNV-1a), the identity of a broadcast instance.
pub fn client_hash(client_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in client_id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: ViewKey = ViewKey {
        group_id: 1,
        instance: 0,
    };

    #[test]
    fn finish_moves_the_cursor_over_finished_offsets() {
        let mut view = View::default();
        view.cursors.insert((1, 0), 10);
        let mut ops = Vec::new();
        view.finish(V, (1, 0), 12, &mut ops);
        assert_eq!(view.cursors[&(1, 0)], 10);
        assert!(matches!(ops[0], WriteOp::PutDone { offset: 12, .. }));
        ops.clear();
        view.finish(V, (1, 0), 11, &mut ops);
        view.finish(V, (1, 0), 10, &mut ops);
        assert_eq!(view.cursors[&(1, 0)], 13);
        assert!(view.done[&(1, 0)].is_empty());
        view.finish(V, (1, 0), 5, &mut ops);
        assert_eq!(
            view.cursors[&(1, 0)],
            13,
            "offsets below the cursor are already finished"
        );
    }

    #[test]
    fn per_queue_counts_follow_inserts_and_removes() {
        let mut view = View::default();
        let e = Inflight {
            attempt: 1,
            phase: Phase::Waiting { until_ms: 5 },
            entry: CqEntry::default(),
        };
        view.insert((1, 0, 1), e);
        view.insert((1, 0, 1), e);
        view.insert((1, 0, 2), e);
        assert_eq!(view.in_flight_on((1, 0)), 2);
        view.remove(&(1, 0, 1));
        view.remove(&(1, 0, 1));
        assert_eq!(view.in_flight_on((1, 0)), 1);
    }

    #[test]
    fn stored_form_round_trips() {
        let e = Inflight {
            attempt: 3,
            phase: Phase::Delivered {
                deadline_ms: 9,
                nonce: 4,
                flags: FLAG_AUTO_RENEW,
                client: 7,
                delivered_ms: 2,
            },
            entry: CqEntry::default(),
        };
        let key = e.key(V, (1, 2, 3));
        assert_eq!(Inflight::from_stored(&key, &e.value()), e);
        let w = Inflight {
            attempt: 3,
            phase: Phase::Waiting { until_ms: 11 },
            entry: CqEntry::default(),
        };
        assert_eq!(Inflight::from_stored(&w.key(V, (1, 2, 3)), &w.value()), w);
    }
}

#[cfg(test)]
mod timing_tests;
