//! Pops for clustering groups: the cursor is the next offset to hand out. The group's retry
//! queue for the topic is read first, then every queue of the topic, starting from a rotating
//! one (a receive names a queue only to pick the broker, as with the reference proxy).

use apogee_store::ViewKey;

use super::View;
use super::receive::{Pass, PopArgs};
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Consume-queue entries one pop may scan past (filtered out) before answering.
const MAX_SCAN: usize = 8192;

impl Broker {
    pub(super) fn pop_clustering(
        &self,
        group: &Group,
        view: &mut View,
        key: ViewKey,
        topic: &TopicMeta,
        args: &PopArgs<'_>,
        pass: &mut Pass,
    ) -> Result<(), BrokerError> {
        let mut queues = vec![(group.retry_topic.id, topic.id, true)];
        view.rotation = view.rotation.wrapping_add(1);
        let first = view.rotation % topic.queues;
        queues.extend((0..topic.queues).map(|i| (topic.id, (first + i) % topic.queues, false)));
        for (qt, qq, is_retry) in queues {
            if pass.deliveries.len() >= args.batch_size || pass.scanned >= MAX_SCAN {
                break;
            }
            if view.in_flight_on((qt, qq)) >= self.config.max_inflight_per_queue {
                continue;
            }
            let start_ms = group.start_ms();
            let cursor = match view.cursors.get(&(qt, qq)) {
                Some(c) => *c,
                None => {
                    let c = self.initial_cursor(start_ms, qt, qq, is_retry)?;
                    view.cursors.insert((qt, qq), c);
                    c
                }
            };
            self.pop_queue(view, key, (qt, qq, is_retry), cursor, args, pass)?;
        }
        Ok(())
    }

    fn pop_queue(
        &self,
        view: &mut View,
        key: ViewKey,
        (qt, qq, is_retry): (u32, u32, bool),
        start: u64,
        args: &PopArgs<'_>,
        pass: &mut Pass,
    ) -> Result<(), BrokerError> {
        let mut cursor = start;
        'chunks: while pass.deliveries.len() < args.batch_size && pass.scanned < MAX_SCAN {
            let room = self
                .config
                .max_inflight_per_queue
                .saturating_sub(view.in_flight_on((qt, qq))) as usize;
            let need = (args.batch_size - pass.deliveries.len()).min(room);
            if need == 0 {
                break;
            }
            let chunk = self
                .store
                .read_queue(qt, qq, cursor, (need * 2).clamp(16, 256))?;
            if chunk.is_empty() {
                break;
            }
            pass.scanned += chunk.len();
            let wanted: Vec<_> = chunk
                .iter()
                .filter(|(_, e)| args.filter.may_match_hash(e.tag_hash))
                .copied()
                .collect();
            let mut messages = self.store.read_entries(qt, qq, &wanted)?.into_iter();
            for (offset, entry) in chunk {
                cursor = offset + 1;
                if !args.filter.may_match_hash(entry.tag_hash) {
                    continue;
                }
                // A record removed by retention is skipped (one lost otherwise is counted and
                // logged by the store).
                let Some(mut message) = messages.next().flatten() else {
                    continue;
                };
                if !args.filter.matches(&message.message) {
                    continue;
                }
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
                if pass.deliveries.len() >= args.batch_size
                    || view.in_flight_on((qt, qq)) >= self.config.max_inflight_per_queue
                {
                    break 'chunks;
                }
            }
        }
        if cursor != start {
            view.cursors.insert((qt, qq), cursor);
            pass.ops.push(apogee_store::WriteOp::PutOffset {
                view: key,
                topic_id: qt,
                queue_id: qq,
                offset: cursor,
            });
        }
        Ok(())
    }
}
