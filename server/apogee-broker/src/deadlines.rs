//! The index of in-flight deadlines the reviver sleeps on. Every delivery adds a key and every
//! ack removes one, so one mutex would be taken by every receive and ack of every group: the
//! index is split into shards by delivery, and only the reviver looks at all of them.

use std::collections::BTreeSet;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use apogee_store::InvisibleKey;
use parking_lot::Mutex;
use tokio::sync::Notify;

const SHARDS: usize = 16;

/// Deadlines of every in-flight delivery, in shards.
#[derive(Debug)]
pub(crate) struct Deadlines {
    shards: [Mutex<BTreeSet<InvisibleKey>>; SHARDS],
    hasher: std::collections::hash_map::RandomState,
    /// The deadline the reviver sleeps until (`u64::MAX`: none, or it is looking).
    wake_at: AtomicU64,
    /// Wakes the reviver when a key earlier than `wake_at` arrives.
    earlier: Notify,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            shards: std::array::from_fn(|_| Mutex::new(BTreeSet::new())),
            hasher: Default::default(),
            wake_at: AtomicU64::new(u64::MAX),
            earlier: Notify::new(),
        }
    }
}

impl Deadlines {
    /// A delivery's shard: by where it is, not when it expires, so a key and the same
    /// delivery's later key (renewed, nacked) usually share one.
    fn shard(&self, key: &InvisibleKey) -> &Mutex<BTreeSet<InvisibleKey>> {
        let h = self
            .hasher
            .hash_one((key.view, key.topic_id, key.queue_id, key.queue_offset));
        &self.shards[(h as usize) % SHARDS]
    }

    /// Adds a deadline; wakes the reviver when it is earlier than the one it sleeps until.
    pub(crate) fn insert(&self, key: InvisibleKey) {
        self.shard(&key).lock().insert(key);
        if key.deadline_ms < self.wake_at.load(Ordering::Acquire) {
            self.earlier.notify_one();
        }
    }

    /// Adds a deadline without waking anyone (loading at start).
    pub(crate) fn load(&self, key: InvisibleKey) {
        self.shard(&key).lock().insert(key);
    }

    pub(crate) fn remove(&self, key: &InvisibleKey) {
        self.shard(key).lock().remove(key);
    }

    /// The earliest deadline. The reviver calls this, then [`Self::sleeping_until`].
    pub(crate) fn earliest(&self) -> Option<u64> {
        // Marked "looking" first: an insert from here on wakes the reviver, so none is missed
        // between this scan and the sleep.
        self.wake_at.store(u64::MAX, Ordering::Release);
        self.shards
            .iter()
            .filter_map(|s| s.lock().first().map(|k| k.deadline_ms))
            .min()
    }

    /// Records the deadline the reviver will sleep until, and returns what wakes it earlier.
    pub(crate) fn sleeping_until(&self, deadline_ms: u64) -> &Notify {
        self.wake_at.fetch_min(deadline_ms, Ordering::AcqRel);
        &self.earlier
    }

    /// Takes up to `limit` keys due by `now`, earliest first (no shard holds more than
    /// `limit` of the earliest `limit`, so each gives at most that many).
    pub(crate) fn take_due(&self, now: u64, limit: usize) -> Vec<InvisibleKey> {
        let mut due = Vec::new();
        for shard in &self.shards {
            let mut s = shard.lock();
            let mut taken = 0;
            while taken < limit {
                match s.first() {
                    Some(k) if k.deadline_ms <= now => {
                        due.push(*k);
                        s.pop_first();
                        taken += 1;
                    }
                    _ => break,
                }
            }
        }
        due.sort_unstable();
        // Past the limit: back for the next pass (they stay due, so it runs at once).
        for k in due.split_off(limit.min(due.len())) {
            self.load(k);
        }
        due
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apogee_store::ViewKey;

    fn key(deadline_ms: u64, offset: u64) -> InvisibleKey {
        InvisibleKey {
            deadline_ms,
            view: ViewKey {
                group_id: 1,
                instance: 0,
            },
            topic_id: 2,
            queue_id: (offset % 4) as u32,
            queue_offset: offset,
        }
    }

    #[test]
    fn due_keys_come_out_earliest_first_and_bounded() {
        let d = Deadlines::default();
        for i in 0..100 {
            d.insert(key(1000 - i, i));
        }
        assert_eq!(d.earliest(), Some(901));
        let first = d.take_due(950, 10);
        assert_eq!(first.len(), 10);
        assert!(first.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(first[0].deadline_ms, 901);
        assert_eq!(d.len(), 90, "the rest of the due keys went back");
        let rest = d.take_due(950, 1000);
        assert_eq!(rest.len(), 40);
        assert!(
            rest.iter()
                .all(|k| k.deadline_ms <= 950 && k.deadline_ms > 910)
        );
        d.remove(&key(1000, 0));
        assert_eq!(d.len(), 49);
        assert_eq!(d.earliest(), Some(951));
    }

    #[tokio::test]
    async fn an_earlier_key_wakes_the_reviver_and_a_later_one_does_not() {
        let d = Deadlines::default();
        assert_eq!(d.earliest(), None);
        let notify = d.sleeping_until(500);
        d.insert(key(500, 1));
        d.insert(key(900, 2));
        let later = tokio::time::timeout(std::time::Duration::from_millis(20), notify.notified());
        assert!(later.await.is_err(), "a later deadline lets it sleep");
        d.insert(key(100, 3));
        let earlier = tokio::time::timeout(std::time::Duration::from_secs(5), notify.notified());
        assert!(earlier.await.is_ok(), "an earlier one wakes it");
    }
}
