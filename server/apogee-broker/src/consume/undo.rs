//! Putting consumption state back when its write fails.
//!
//! Consumption changes are made in memory under the group's lock and queued with the store in
//! the same critical section (so the store sees them in order), then awaited outside it. If the
//! write fails (a full disk, an I/O error), memory would be ahead of the disk: an ack reported
//! as failed would still have removed the delivery, and the message would not come back until a
//! restart. [`Undo`] records what an operation changed so it can be put back: the delivery is
//! in flight again, under the same receipt handle, and expires as if nothing happened.

use super::{EntryPos, Inflight, QueueKey, View};
use crate::groups::Group;
use crate::{Broker, BrokerError};

/// What one operation changed in a group's views.
#[derive(Debug, Default)]
pub(crate) struct Undo {
    /// (instance, position, state before, state after: `None` when removed).
    changed: Vec<(u64, EntryPos, Inflight, Option<Inflight>)>,
    /// (instance, queue, offset) marked finished in an in-place view.
    finished: Vec<(u64, QueueKey, u64)>,
}

impl Undo {
    pub fn changed(
        &mut self,
        instance: u64,
        pos: EntryPos,
        before: Inflight,
        after: Option<Inflight>,
    ) {
        self.changed.push((instance, pos, before, after));
    }

    pub fn finished(&mut self, instance: u64, queue: QueueKey, offset: u64) {
        self.finished.push((instance, queue, offset));
    }

    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.finished.is_empty()
    }
}

/// A consumption write queued with the store.
pub(crate) type Written =
    tokio::sync::oneshot::Receiver<Result<Vec<apogee_store::Placement>, apogee_store::StoreError>>;

impl Broker {
    /// Waits for a consumption write; if it failed, puts back what it changed.
    pub(crate) async fn await_or_undo(
        &self,
        group: &Group,
        written: Written,
        undo: Undo,
    ) -> Result<(), BrokerError> {
        let result = written
            .await
            .map_err(|_| BrokerError::ShuttingDown)
            .and_then(|r| r.map(drop).map_err(BrokerError::from));
        if result.is_err() {
            self.undo(group, undo);
        }
        result
    }

    /// Puts back what `undo` recorded, where nothing changed the same entries since (a later
    /// operation's state is newer and wins).
    pub(crate) fn undo(&self, group: &Group, undo: Undo) {
        if undo.is_empty() {
            return;
        }
        let mut st = group.state.lock();
        let mut restored = 0usize;
        for (instance, queue, offset) in undo.finished {
            st.view(instance).unfinish(queue, offset);
        }
        for (instance, pos, before, after) in undo.changed.into_iter().rev() {
            let view = st.view(instance);
            if view.inflight.get(&pos).copied() != after {
                continue;
            }
            let key = apogee_store::ViewKey {
                group_id: group.id,
                instance,
            };
            if let Some(after) = after {
                self.unindex_deadline(&after.key(key, pos));
            }
            view.insert(pos, before);
            self.index_deadline(before.key(key, pos));
            restored += 1;
        }
        tracing::warn!(group = %group.name, restored, "A consumption write failed; its deliveries are in flight again.");
    }
}

impl View {
    /// Takes back a `finish` of `offset` whose write failed: the offset is unfinished again,
    /// and the cursor goes back to it if it had moved past (the offsets between stay
    /// finished).
    pub fn unfinish(&mut self, queue: QueueKey, offset: u64) {
        let Some(cursor) = self.cursors.get(&queue).copied() else {
            return;
        };
        let done = self.done.entry(queue).or_default();
        if done.remove(&offset) || offset >= cursor {
            return;
        }
        done.extend(offset + 1..cursor);
        self.cursors.insert(queue, offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apogee_store::ViewKey;

    const V: ViewKey = ViewKey {
        group_id: 1,
        instance: 0,
    };

    #[test]
    fn unfinish_takes_back_a_finish_that_moved_the_cursor() {
        let mut view = View::default();
        view.cursors.insert((1, 0), 10);
        let mut ops = Vec::new();
        view.finish(V, (1, 0), 11, &mut ops);
        view.finish(V, (1, 0), 10, &mut ops);
        assert_eq!(view.cursors[&(1, 0)], 12);
        view.unfinish((1, 0), 10);
        assert_eq!(view.cursors[&(1, 0)], 10);
        assert!(view.done[&(1, 0)].contains(&11));
        // Finishing it again moves the cursor over both.
        view.finish(V, (1, 0), 10, &mut ops);
        assert_eq!(view.cursors[&(1, 0)], 12);
    }

    #[test]
    fn unfinish_of_an_offset_above_the_cursor_drops_its_mark() {
        let mut view = View::default();
        view.cursors.insert((1, 0), 10);
        let mut ops = Vec::new();
        view.finish(V, (1, 0), 12, &mut ops);
        view.unfinish((1, 0), 12);
        assert!(view.done[&(1, 0)].is_empty());
        assert_eq!(view.cursors[&(1, 0)], 10);
    }
}
