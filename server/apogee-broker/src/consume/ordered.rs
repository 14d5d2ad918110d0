//! Pops for in-place groups (FIFO and broadcasting): the cursor is the first offset not yet
//! finished, and a pop scans forward from it. In-flight messages stay at their position; one
//! whose back-off has passed is delivered again there. In a FIFO group, the first unfinished
//! message of each message group blocks the later ones, so a message group is delivered
//! strictly in send order, the next only after the previous is acked or dead-lettered. On a
//! topic with one queue the whole queue is one ordering key: global order.

use std::collections::HashSet;

use apogee_store::{CqEntry, ViewKey, WriteOp};

use super::read_ahead::ReadAhead;
use super::receive::{Pass, PopArgs};
use super::{INSTANCE_START_KEY, Phase, View};
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Furthest past the cursor an in-place pop looks (bounds the work and the finished set).
pub(crate) const MAX_WINDOW: u64 = 4096;

/// How strictly a queue is ordered.
#[derive(Clone, Copy)]
struct Ordering {
    fifo: bool,
    single_queue: bool,
}

struct Candidate {
    offset: u64,
    entry: CqEntry,
    /// Deliveries already made (0 for a fresh message).
    attempts: u32,
}

impl Broker {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn pop_in_place(
        &self,
        group: &Group,
        view: &mut View,
        key: ViewKey,
        topic: &TopicMeta,
        args: &PopArgs<'_>,
        pass: &mut Pass,
        ahead: &mut ReadAhead,
    ) -> Result<(), BrokerError> {
        let start_ms = self.view_start(group, view, key);
        view.rotation = view.rotation.wrapping_add(1);
        let first = view.rotation % topic.queues;
        for i in 0..topic.queues {
            if pass.deliveries.len() >= args.batch_size {
                break;
            }
            let queue = (topic.id, (first + i) % topic.queues);
            if view.in_flight_on(queue) >= self.config.max_inflight_per_queue {
                continue;
            }
            let cursor = match view.cursors.get(&queue) {
                Some(c) => *c,
                None => {
                    let c = self.initial_cursor(start_ms, queue.0, queue.1, false)?;
                    view.cursors.insert(queue, c);
                    c
                }
            };
            let order = Ordering {
                fifo: group.is_fifo(),
                single_queue: topic.queues == 1,
            };
            self.pop_ordered_queue(order, view, key, queue, cursor, args, pass, ahead)?;
        }
        Ok(())
    }

    /// Where this view starts on queues it has never read.
    fn view_start(&self, group: &Group, view: &View, key: ViewKey) -> i64 {
        match view.start_ms {
            Some(s) if key.instance != 0 => s,
            _ => group.start_ms(),
        }
    }

    /// Fixes where a broadcasting instance seen for the first time starts: now, exact to the
    /// message (a time fence), unless the group starts earlier by policy. That moment is
    /// stored with the instance's cursors.
    pub(super) async fn fix_instance_start(
        &self,
        group: &Group,
        instance: u64,
    ) -> Result<(), BrokerError> {
        let known = |st: &super::GroupState| {
            st.views
                .get(&instance)
                .is_some_and(|v| v.start_ms.is_some())
        };
        if known(&group.state.lock()) {
            return Ok(());
        }
        let start = if group.record().start_policy == "latest" {
            self.store.fence_time(self.clock.now_ms()).await?
        } else {
            group.start_ms()
        };
        let written = {
            let mut st = group.state.lock();
            if known(&st) {
                return Ok(());
            }
            st.view(instance).start_ms = Some(start);
            let key = ViewKey {
                group_id: group.id,
                instance,
            };
            self.store.submit(
                vec![WriteOp::PutOffset {
                    view: key,
                    topic_id: INSTANCE_START_KEY.0,
                    queue_id: INSTANCE_START_KEY.1,
                    offset: u64::try_from(start).unwrap_or(0),
                }],
                false,
            )
        };
        written.await.map_err(|_| BrokerError::ShuttingDown)??;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn pop_ordered_queue(
        &self,
        Ordering { fifo, single_queue }: Ordering,
        view: &mut View,
        key: ViewKey,
        queue: (u32, u32),
        cursor: u64,
        args: &PopArgs<'_>,
        pass: &mut Pass,
        ahead: &mut ReadAhead,
    ) -> Result<(), BrokerError> {
        let window_end = cursor.saturating_add(MAX_WINDOW);
        let mut blocked: HashSet<u32> = HashSet::new();
        let mut finished = Vec::new();
        let mut next = cursor;
        let room = |view: &View, delivered: usize| {
            let free = self
                .config
                .max_inflight_per_queue
                .saturating_sub(view.in_flight_on(queue)) as usize;
            (args.batch_size - delivered).min(free)
        };
        while next < window_end && room(view, pass.deliveries.len()) > 0 {
            let max = 256.min((window_end - next) as usize);
            let chunk = match ahead.entries(queue, next, max) {
                Some(chunk) => chunk,
                None => self.store.read_queue(queue.0, queue.1, next, max)?,
            };
            if chunk.is_empty() {
                break;
            }
            let want = room(view, pass.deliveries.len());
            let mut candidates = Vec::new();
            for (offset, entry) in chunk {
                next = offset + 1;
                if view.done.get(&queue).is_some_and(|d| d.contains(&offset)) {
                    continue;
                }
                // The ordering key: the message group, or the whole queue for a one-queue topic
                // (global order). Messages without a message group never block one another.
                let group_hash = match (fifo, single_queue) {
                    (false, _) => 0,
                    (true, true) => 1,
                    (true, false) => entry.group_hash,
                };
                let is_blocked = group_hash != 0 && blocked.contains(&group_hash);
                let attempts = match view
                    .inflight
                    .get(&(queue.0, queue.1, offset))
                    .map(|i| (i.phase, i.attempt))
                {
                    Some((Phase::Delivered { .. }, _)) => None,
                    Some((Phase::Waiting { until_ms }, _)) if until_ms > args.now_ms => None,
                    Some((Phase::Waiting { .. }, attempt)) => Some(attempt),
                    None if !args.filter.may_match_hash(entry.tag_hash) => {
                        finished.push(offset);
                        continue;
                    }
                    None => Some(0),
                };
                if group_hash != 0 {
                    blocked.insert(group_hash);
                }
                if let (Some(attempts), false) = (attempts, is_blocked) {
                    candidates.push(Candidate {
                        offset,
                        entry,
                        attempts,
                    });
                    if candidates.len() >= want {
                        break;
                    }
                }
            }
            let entries: Vec<_> = candidates.iter().map(|c| (c.offset, c.entry)).collect();
            let messages = self.records_of(ahead, queue, &entries)?;
            for (c, message) in candidates.into_iter().zip(messages) {
                let pos = (queue.0, queue.1, c.offset);
                let matching = message.filter(|m| args.filter.matches(&m.message));
                let Some(mut message) = matching else {
                    // Filtered out, or removed by retention: finished for this consumer.
                    if let Some(old) = view.remove(&pos) {
                        self.unindex_deadline(&old.key(key, pos));
                        pass.ops.push(WriteOp::DeleteInvisible(old.key(key, pos)));
                    }
                    finished.push(c.offset);
                    continue;
                };
                message.queue_id = queue.1;
                message.queue_offset = c.offset;
                let d = self.deliver(
                    view,
                    key,
                    pos,
                    c.entry,
                    c.attempts + 1,
                    message,
                    args,
                    &mut pass.ops,
                );
                pass.deliveries.push(d);
            }
        }
        for offset in finished {
            view.finish(key, queue, offset, &mut pass.ops);
        }
        Ok(())
    }
}
