//! Pops for clustering groups: the cursor is the next offset to hand out. The group's retry
//! queue for the topic is read first, then every queue of the topic, starting from a rotating
//! one (a receive names a queue only to pick the broker, as with the reference proxy).
//!
//! RocksDB is read without the group's lock: the lock is taken to plan (each queue's cursor
//! and room), released while the entries and messages are read, and taken again to hand them
//! out. A queue whose cursor moved in between (another pop of the group, a rewind) is left for
//! the next round; after a few contended rounds the pop reads under the lock, so it always
//! makes progress.

use apogee_store::{CqEntry, ViewKey, WriteOp};
use apogee_types::StoredMessage;

use super::View;
use super::receive::{Pass, PopArgs};
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Consume-queue entries one pop may scan past (filtered out) before answering.
const MAX_SCAN: usize = 8192;
/// Rounds with the reads outside the lock before one with the lock held throughout.
const UNLOCKED_ROUNDS: usize = 3;

/// A queue to pop from: (topic id, queue id, is the retry queue).
type PlannedQueue = (u32, u32, bool);

/// One queue as the plan saw it.
struct Planned {
    queue: PlannedQueue,
    cursor: u64,
    /// Deliveries the queue may still have in flight.
    room: usize,
}

/// A queue's entries read ahead: from `start`, each with its message when it matches the
/// filter (`None`: filtered out, or its record is gone).
struct Fetched {
    queue: PlannedQueue,
    start: u64,
    entries: Vec<(u64, CqEntry, Option<StoredMessage>)>,
}

impl Broker {
    pub(super) fn pop_clustering(
        &self,
        group: &Group,
        instance: u64,
        topic: &TopicMeta,
        args: &PopArgs<'_>,
    ) -> Result<(Pass, Option<super::undo::Written>), BrokerError> {
        let key = ViewKey {
            group_id: group.id,
            instance,
        };
        for _ in 0..UNLOCKED_ROUNDS {
            let plan = self.plan(group, group.state.lock().view(instance), topic)?;
            let fetched = self.fetch(&plan, args)?;
            let mut pass = Pass::default();
            let mut st = group.state.lock();
            let stale = self.hand_out(st.view(instance), key, fetched, args, &mut pass);
            if !stale || !pass.deliveries.is_empty() {
                let written = self.submit_in_order(&mut pass);
                drop(st);
                return Ok((pass, written));
            }
        }
        let mut pass = Pass::default();
        let mut st = group.state.lock();
        let view = st.view(instance);
        let plan = self.plan(group, view, topic)?;
        let fetched = self.fetch(&plan, args)?;
        self.hand_out(view, key, fetched, args, &mut pass);
        let written = self.submit_in_order(&mut pass);
        drop(st);
        Ok((pass, written))
    }

    /// Queued for the writer before the lock is released, so two pops of one group reach the
    /// store in the order they changed its state (a cursor never goes back on disk).
    fn submit_in_order(&self, pass: &mut Pass) -> Option<super::undo::Written> {
        (!pass.ops.is_empty()).then(|| self.store.submit(std::mem::take(&mut pass.ops), false))
    }

    /// The queues in pop order with their cursors (a queue never read gets its start here).
    fn plan(
        &self,
        group: &Group,
        view: &mut View,
        topic: &TopicMeta,
    ) -> Result<Vec<Planned>, BrokerError> {
        let mut queues = vec![(group.retry_topic.id, topic.id, true)];
        view.rotation = view.rotation.wrapping_add(1);
        let first = view.rotation % topic.queues;
        queues.extend((0..topic.queues).map(|i| (topic.id, (first + i) % topic.queues, false)));
        let mut plan = Vec::with_capacity(queues.len());
        for (qt, qq, is_retry) in queues {
            let room = self
                .config
                .max_inflight_per_queue
                .saturating_sub(view.in_flight_on((qt, qq))) as usize;
            if room == 0 {
                continue;
            }
            let cursor = match view.cursors.get(&(qt, qq)) {
                Some(c) => *c,
                None => {
                    let c = self.initial_cursor(group.start_ms(), qt, qq, is_retry)?;
                    view.cursors.insert((qt, qq), c);
                    c
                }
            };
            plan.push(Planned {
                queue: (qt, qq, is_retry),
                cursor,
                room,
            });
        }
        Ok(plan)
    }

    /// Reads, queue by queue, until the batch could be filled or the scan bound is reached.
    fn fetch(&self, plan: &[Planned], args: &PopArgs<'_>) -> Result<Vec<Fetched>, BrokerError> {
        let (mut matched_total, mut scanned) = (0, 0);
        let mut fetched = Vec::new();
        for p in plan {
            if matched_total >= args.batch_size || scanned >= MAX_SCAN {
                break;
            }
            let (qt, qq, _) = p.queue;
            let need = (args.batch_size - matched_total).min(p.room);
            let (mut cursor, mut matched) = (p.cursor, 0);
            let mut entries = Vec::new();
            'chunks: while matched < need && scanned < MAX_SCAN {
                let chunk = self
                    .store
                    .read_queue(qt, qq, cursor, (need * 2).clamp(16, 256))?;
                if chunk.is_empty() {
                    break;
                }
                scanned += chunk.len();
                let wanted: Vec<_> = chunk
                    .iter()
                    .filter(|(_, e)| args.filter.may_match_hash(e.tag_hash))
                    .copied()
                    .collect();
                let mut messages = self.store.read_entries(qt, qq, &wanted)?.into_iter();
                for (offset, entry) in chunk {
                    cursor = offset + 1;
                    // A record removed by retention is skipped (one lost otherwise is counted
                    // and logged by the store).
                    let message = if args.filter.may_match_hash(entry.tag_hash) {
                        messages
                            .next()
                            .flatten()
                            .filter(|m| args.filter.matches(&m.message))
                    } else {
                        None
                    };
                    let hit = message.is_some();
                    entries.push((offset, entry, message));
                    if hit {
                        matched += 1;
                        if matched >= need {
                            break 'chunks;
                        }
                    }
                }
            }
            matched_total += matched;
            fetched.push(Fetched {
                queue: p.queue,
                start: p.cursor,
                entries,
            });
        }
        Ok(fetched)
    }

    /// Hands out what was read, on each queue whose cursor is still where the read began.
    /// Returns whether a queue had moved on (its entries were left for the next round).
    fn hand_out(
        &self,
        view: &mut View,
        key: ViewKey,
        fetched: Vec<Fetched>,
        args: &PopArgs<'_>,
        pass: &mut Pass,
    ) -> bool {
        let mut stale = false;
        for f in fetched {
            let (qt, qq, is_retry) = f.queue;
            if view.cursors.get(&(qt, qq)) != Some(&f.start) {
                stale = true;
                continue;
            }
            let mut cursor = f.start;
            for (offset, entry, message) in f.entries {
                if pass.deliveries.len() >= args.batch_size
                    || view.in_flight_on((qt, qq)) >= self.config.max_inflight_per_queue
                {
                    break;
                }
                cursor = offset + 1;
                let Some(mut message) = message else {
                    continue;
                };
                // Report where the consumer read it (scheduled and transactional messages get
                // their queue offset only when they enter the queue); a redelivery keeps the
                // original position.
                if !is_retry {
                    message.queue_id = qq;
                    message.queue_offset = offset;
                }
                let attempt = entry.reconsume_times + 1;
                let d = self.deliver(
                    view,
                    key,
                    (qt, qq, offset),
                    entry,
                    attempt,
                    message,
                    args,
                    &mut pass.ops,
                );
                pass.deliveries.push(d);
            }
            if cursor != f.start {
                view.cursors.insert((qt, qq), cursor);
                pass.ops.push(WriteOp::PutOffset {
                    view: key,
                    topic_id: qt,
                    queue_id: qq,
                    offset: cursor,
                });
            }
        }
        stale
    }
}

#[cfg(test)]
mod tests {
    use apogee_store::ViewKey;
    use apogee_types::{Message, TopicName};
    use bytes::Bytes;

    use super::super::pop_test_support::{args, ids};
    use super::super::receive::Pass;
    use crate::{BrokerConfig, Filter};

    /// The interleaving the lock no longer prevents, made to happen: a pop reads, another pop
    /// hands out those entries first, then the first one must hand out nothing of that queue.
    #[tokio::test]
    async fn a_read_overtaken_by_another_pop_is_not_handed_out() {
        let (b, _dir) = crate::test_support::broker_with_group(BrokerConfig {
            default_queues: 1,
            ..BrokerConfig::default()
        })
        .await;
        let topic_name = TopicName::new("t").unwrap();
        let messages = (0..4)
            .map(|i| Message {
                message_id: format!("m{i}"),
                body: Bytes::from_static(b"x"),
                ..Default::default()
            })
            .collect();
        b.send(&topic_name, messages).await.unwrap();
        let group = b.group("g").unwrap();
        let topic = b.topic("t").unwrap();
        let filter = Filter::all();
        let now_ms = b.now_ms();
        let args = args(&filter, now_ms, 2);
        let key = ViewKey {
            group_id: group.id,
            instance: 0,
        };
        let plan = b.plan(&group, group.state.lock().view(0), &topic).unwrap();
        let fetched = b.fetch(&plan, &args).unwrap();
        let (other, _) = b.pop_clustering(&group, 0, &topic, &args).unwrap();
        assert_eq!(ids(&other), ["m0", "m1"]);
        let mut late = Pass::default();
        let stale = b.hand_out(group.state.lock().view(0), key, fetched, &args, &mut late);
        assert!(stale, "the cursor moved after the read");
        assert!(late.deliveries.is_empty() && late.ops.is_empty());
        let (next, _) = b.pop_clustering(&group, 0, &topic, &args).unwrap();
        assert_eq!(ids(&next), ["m2", "m3"]);
    }
}
