//! Reads for in-place pops (FIFO and broadcasting groups) made before the group's lock is
//! taken. A consume-queue entry at an offset and the record it points at do not change, so the
//! pop decides on them under the lock as if it had read them there. Which entries it hands out
//! depends on the group's state at that moment (what is finished, in flight, blocking a
//! message group), and anything it needs beyond what was read ahead it reads under the lock.

use std::collections::HashMap;

use apogee_store::CqEntry;
use apogee_types::StoredMessage;

use super::QueueKey;
use super::ordered::MAX_WINDOW;
use super::receive::PopArgs;
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Entries read per queue ahead of the lock (the in-place pop's own chunk size).
const AHEAD_ENTRIES: usize = 256;

/// One queue read ahead: entries from `from`, and the records of some of them.
struct QueueAhead {
    from: u64,
    entries: Vec<(u64, CqEntry)>,
    records: HashMap<u64, Option<StoredMessage>>,
}

/// What one in-place pop read before taking the lock.
#[derive(Default)]
pub(super) struct ReadAhead {
    queues: HashMap<QueueKey, QueueAhead>,
}

impl ReadAhead {
    /// Up to `max` entries from `from`, if the read ahead covers `from`.
    pub fn entries(&self, queue: QueueKey, from: u64, max: usize) -> Option<Vec<(u64, CqEntry)>> {
        let a = self.queues.get(&queue)?;
        if from < a.from {
            return None;
        }
        let at = a.entries.partition_point(|(o, _)| *o < from);
        let rest = &a.entries[at..];
        (!rest.is_empty()).then(|| rest.iter().take(max).copied().collect())
    }

    /// The record of the entry at `offset`, if it was read ahead (`Some(None)`: it is gone).
    fn take_record(&mut self, queue: QueueKey, offset: u64) -> Option<Option<StoredMessage>> {
        self.queues.get_mut(&queue)?.records.remove(&offset)
    }
}

impl Broker {
    /// Reads, without the group's lock, the queues the next in-place pop will start with:
    /// their entries from each cursor, and the records of the first entries that may match.
    pub(super) fn read_ahead(
        &self,
        group: &Group,
        instance: u64,
        topic: &TopicMeta,
        args: &PopArgs<'_>,
    ) -> Result<ReadAhead, BrokerError> {
        // The pop takes queues from the view's next rotation; cursors a view has not set yet
        // are set under the lock.
        let cursors: Vec<(QueueKey, Option<u64>)> = {
            let mut st = group.state.lock();
            let view = st.view(instance);
            let first = view.rotation.wrapping_add(1) % topic.queues;
            (0..topic.queues)
                .map(|i| {
                    let q = (topic.id, (first + i) % topic.queues);
                    (q, view.cursors.get(&q).copied())
                })
                .collect()
        };
        let mut ahead = ReadAhead::default();
        let mut wanted = 0;
        for (queue, cursor) in cursors {
            if wanted >= args.batch_size {
                break;
            }
            let Some(from) = cursor else { continue };
            let max = AHEAD_ENTRIES.min(MAX_WINDOW as usize);
            let entries = self.store.read_queue(queue.0, queue.1, from, max)?;
            let maybe: Vec<(u64, CqEntry)> = entries
                .iter()
                .filter(|(_, e)| args.filter.may_match_hash(e.tag_hash))
                .take(args.batch_size.saturating_sub(wanted))
                .copied()
                .collect();
            wanted += maybe.len();
            let records = self.store.read_entries(queue.0, queue.1, &maybe)?;
            let records = maybe.iter().map(|(o, _)| *o).zip(records).collect();
            ahead.queues.insert(
                queue,
                QueueAhead {
                    from,
                    entries,
                    records,
                },
            );
        }
        Ok(ahead)
    }

    /// The records of `entries`: those read ahead, the rest read now.
    pub(super) fn records_of(
        &self,
        ahead: &mut ReadAhead,
        queue: QueueKey,
        entries: &[(u64, CqEntry)],
    ) -> Result<Vec<Option<StoredMessage>>, BrokerError> {
        let mut out: Vec<Option<StoredMessage>> = Vec::with_capacity(entries.len());
        let mut missing = Vec::new();
        for (i, (offset, _)) in entries.iter().enumerate() {
            match ahead.take_record(queue, *offset) {
                Some(record) => out.push(record),
                None => {
                    out.push(None);
                    missing.push(i);
                }
            }
        }
        if !missing.is_empty() {
            let wanted: Vec<_> = missing.iter().map(|i| entries[*i]).collect();
            let read = self.store.read_entries(queue.0, queue.1, &wanted)?;
            for (i, record) in missing.into_iter().zip(read) {
                out[i] = record;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use apogee_store::ViewKey;
    use apogee_types::{GroupName, Message, TopicName};
    use bytes::Bytes;

    use super::super::pop_test_support::{args, ids};
    use super::super::receive::Pass;
    use super::*;
    use crate::{BrokerConfig, Filter, GroupSpec, GroupStart, StartPolicy};

    /// Read ahead, then another pop changes the group's state before the locked part runs:
    /// the decision follows the state of that moment (nothing delivered twice, a message
    /// group still blocked), not the state of the read.
    #[tokio::test]
    async fn a_read_ahead_decides_nothing_the_state_has_changed_since() {
        let (b, _dir) = crate::test_support::broker_with_group(BrokerConfig {
            default_queues: 1,
            ..BrokerConfig::default()
        })
        .await;
        b.create_group(GroupSpec {
            name: GroupName::new("f").unwrap(),
            start: GroupStart::Policy(StartPolicy::Earliest),
            fifo: true,
            broadcast: false,
            max_attempts: 16,
            retry_backoff: vec![],
        })
        .await
        .unwrap();
        let fifo = |id: &str, group: &str| Message {
            message_id: id.into(),
            body: Bytes::from_static(b"x"),
            message_group: Some(group.into()),
            ..Default::default()
        };
        let topic_name = TopicName::new("t").unwrap();
        b.send(
            &topic_name,
            vec![fifo("a0", "a"), fifo("a1", "a"), fifo("b0", "b")],
        )
        .await
        .unwrap();
        let group = b.group("f").unwrap();
        let topic = b.topic("t").unwrap();
        let filter = Filter::all();
        let now_ms = b.now_ms();
        let args = args(&filter, now_ms, 8);
        let key = ViewKey {
            group_id: group.id,
            instance: 0,
        };
        let pop = |ahead: &mut ReadAhead| {
            let mut pass = Pass::default();
            let mut st = group.state.lock();
            b.pop_in_place(&group, st.view(0), key, &topic, &args, &mut pass, ahead)
                .unwrap();
            pass
        };
        // The first pop sets the cursor; read ahead from it for a later pop.
        let first = pop(&mut ReadAhead::default());
        // One queue: the whole queue is one ordering key, so the rest waits behind a0.
        assert_eq!(ids(&first), ["a0"]);
        let mut stale = b.read_ahead(&group, 0, &topic, &args).unwrap();
        assert!(stale.entries((topic.id, 0), 0, 8).is_some());
        assert!(
            pop(&mut stale).deliveries.is_empty(),
            "a0 in flight blocks the rest"
        );
        assert!(
            pop(&mut ReadAhead::default()).deliveries.is_empty(),
            "the same without a read ahead"
        );
    }

    #[test]
    fn entries_are_served_only_from_where_the_read_began() {
        let entry = CqEntry::default();
        let mut ahead = ReadAhead::default();
        ahead.queues.insert(
            (1, 0),
            QueueAhead {
                from: 10,
                entries: (10..14).map(|o| (o, entry)).collect(),
                records: HashMap::new(),
            },
        );
        let offsets = |v: Option<Vec<(u64, CqEntry)>>| {
            v.map(|v| v.iter().map(|(o, _)| *o).collect::<Vec<_>>())
        };
        assert_eq!(
            offsets(ahead.entries((1, 0), 10, 8)),
            Some(vec![10, 11, 12, 13])
        );
        assert_eq!(offsets(ahead.entries((1, 0), 12, 1)), Some(vec![12]));
        assert_eq!(
            ahead.entries((1, 0), 9, 8),
            None,
            "before the read: read again"
        );
        assert_eq!(ahead.entries((1, 0), 14, 8), None, "past it: read on");
        assert_eq!(ahead.entries((1, 1), 10, 8), None, "another queue");
    }
}
