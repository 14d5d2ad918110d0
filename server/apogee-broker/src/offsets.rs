//! Pull consumption and offsets: consumers that keep their own position pull from an offset,
//! and store, read and look up group offsets per queue. Operators rewind a group to a time or
//! to either end (messages are kept after delivery until retention removes them).

use std::time::Duration;

use apogee_store::{ViewKey, WriteOp};
use apogee_types::{GroupName, StoredMessage, TopicName};

use crate::filter::Filter;

use crate::topics::TopicMeta;
use crate::{Broker, BrokerError, client_hash};

/// A pull: messages of one queue from an offset, without invisibility or acks.
#[derive(Debug, Clone)]
pub struct PullRequest {
    pub group: GroupName,
    pub topic: TopicName,
    pub queue_id: u32,
    pub offset: u64,
    pub batch_size: usize,
    pub filter: Filter,
    pub long_polling: Duration,
    /// The pulling client instance (counted against its long-poll bound).
    pub client_id: Option<String>,
}

/// What a pull returned.
#[derive(Debug, Clone)]
pub struct PullResult {
    pub messages: Vec<StoredMessage>,
    /// Where the next pull should start.
    pub next_offset: u64,
}

/// How to find an offset by position or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetQuery {
    /// The oldest offset kept.
    Beginning,
    /// The offset the next message will get.
    End,
    /// The first message stored at or after this time (ms since the epoch).
    Timestamp(i64),
}

/// Where a rewind moves a group.
pub type ResetTarget = OffsetQuery;

/// One queue moved by a rewind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueReset {
    pub queue_id: u32,
    /// The group's previous offset (`None`: it had never read the queue).
    pub from: Option<u64>,
    pub to: u64,
}

/// Entries one pull may scan past (filtered out) before answering.
const MAX_PULL_SCAN: usize = 8192;

impl Broker {
    fn queue_of(
        &self,
        topic: &TopicName,
        queue_id: u32,
    ) -> Result<std::sync::Arc<TopicMeta>, BrokerError> {
        let meta = self
            .topic(topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
        if queue_id >= meta.queues {
            return Err(BrokerError::InvalidArgument(format!(
                "queue {queue_id} does not exist; topic {} has {} queues",
                meta.name, meta.queues
            )));
        }
        Ok(meta)
    }

    fn check_offset(
        &self,
        meta: &TopicMeta,
        queue_id: u32,
        offset: u64,
    ) -> Result<(), BrokerError> {
        let (min, max) = self.queue_bounds(meta.id, queue_id)?;
        if offset < min || offset > max {
            return Err(BrokerError::IllegalOffset {
                queue_id,
                offset,
                min,
                max,
            });
        }
        Ok(())
    }

    /// Pulls up to `batch_size` matching messages from `offset`, waiting up to `long_polling`
    /// when the queue has nothing new.
    pub async fn pull(&self, req: PullRequest) -> Result<PullResult, BrokerError> {
        let meta = self.queue_of(&req.topic, req.queue_id)?;
        self.check_receive_batch(req.batch_size)?;
        self.check_offset(&meta, req.queue_id, req.offset)?;
        self.group_or_auto_create(&req.group).await?;
        let wake_at =
            tokio::time::Instant::now() + req.long_polling.min(self.config.max_long_polling);
        let mut changes = self.wakeups.subscribe(meta.id);
        let mut permit = None;
        loop {
            changes.borrow_and_update();
            let result = self.pull_once(&meta, &req)?;
            if !result.messages.is_empty()
                || result.next_offset > req.offset
                || tokio::time::Instant::now() >= wake_at
            {
                return Ok(result);
            }
            // Waiting pulls share the bounds of waiting receives.
            if permit.is_none() {
                let client = req.client_id.as_deref().map_or(0, client_hash);
                permit = Some(self.long_polls.acquire(client)?);
            }
            tokio::select! {
                changed = changes.changed() => if changed.is_err() { return Ok(result) },
                () = tokio::time::sleep_until(wake_at) => return Ok(result),
                () = self.closing.cancelled() => return Ok(result),
            }
        }
    }

    fn pull_once(&self, meta: &TopicMeta, req: &PullRequest) -> Result<PullResult, BrokerError> {
        let mut messages = Vec::new();
        let mut next = req.offset;
        let mut scanned = 0;
        while messages.len() < req.batch_size && scanned < MAX_PULL_SCAN {
            let chunk = self.store.read_queue(meta.id, req.queue_id, next, 256)?;
            if chunk.is_empty() {
                break;
            }
            scanned += chunk.len();
            let wanted: Vec<_> = chunk
                .iter()
                .filter(|(_, e)| req.filter.may_match_hash(e.tag_hash))
                .copied()
                .collect();
            let read = self.store.read_entries(meta.id, req.queue_id, &wanted)?;
            let mut found = wanted.iter().map(|(o, _)| *o).zip(read).peekable();
            for (offset, _) in &chunk {
                next = offset + 1;
                let Some((o, m)) = found.next_if(|(o, _)| o == offset) else {
                    continue;
                };
                debug_assert_eq!(o, *offset);
                if let Some(m) = m.filter(|m| req.filter.matches(&m.message)) {
                    messages.push(m);
                    if messages.len() >= req.batch_size {
                        break;
                    }
                }
            }
        }
        if !messages.is_empty() {
            self.traffic
                .add_out(meta.name.as_str(), messages.len() as u64);
        }
        Ok(PullResult {
            messages,
            next_offset: next,
        })
    }

    /// Stores a group's offset on a queue (pull consumers commit their progress).
    pub async fn update_offset(
        &self,
        group: &GroupName,
        topic: &TopicName,
        queue_id: u32,
        offset: u64,
    ) -> Result<(), BrokerError> {
        let meta = self.queue_of(topic, queue_id)?;
        self.check_offset(&meta, queue_id, offset)?;
        let g = self.group_or_auto_create(group).await?;
        let view = ViewKey {
            group_id: g.id,
            instance: 0,
        };
        let ops = {
            let mut st = g.state.lock();
            let v = st.view(0);
            v.cursors.insert((meta.id, queue_id), offset);
            v.done.remove(&(meta.id, queue_id));
            vec![
                WriteOp::PutOffset {
                    view,
                    topic_id: meta.id,
                    queue_id,
                    offset,
                },
                WriteOp::DeleteDoneRange {
                    view,
                    topic_id: meta.id,
                    queue_id,
                    from: 0,
                    to: u64::MAX,
                },
            ]
        };
        self.store
            .submit(ops, false)
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        Ok(())
    }

    /// A group's offset on a queue.
    pub fn get_offset(
        &self,
        group: &GroupName,
        topic: &TopicName,
        queue_id: u32,
    ) -> Result<u64, BrokerError> {
        let meta = self.queue_of(topic, queue_id)?;
        let not_found = || BrokerError::OffsetNotFound {
            group: group.as_str().to_owned(),
            topic: topic.as_str().to_owned(),
            queue_id,
        };
        let g = self.group(group.as_str()).ok_or_else(not_found)?;
        let st = g.state.lock();
        st.views
            .get(&0)
            .and_then(|v| v.cursors.get(&(meta.id, queue_id)))
            .copied()
            .ok_or_else(not_found)
    }

    /// An offset of a queue by position or time.
    pub fn query_offset(
        &self,
        topic: &TopicName,
        queue_id: u32,
        query: OffsetQuery,
    ) -> Result<u64, BrokerError> {
        let meta = self.queue_of(topic, queue_id)?;
        Ok(match query {
            OffsetQuery::Beginning => self.store.queue_start(meta.id, queue_id)?,
            OffsetQuery::End => self.store.queue_end(meta.id, queue_id)?,
            OffsetQuery::Timestamp(ts) => self.store.offset_at_time(meta.id, queue_id, ts)?,
        })
    }

    /// Rewinds (or fast-forwards) every consumer of a group on every queue of a topic. Pending
    /// deliveries and retries of that topic are dropped: the group reads again from the target.
    pub async fn reset_offset(
        &self,
        group: &str,
        topic: &str,
        target: ResetTarget,
    ) -> Result<Vec<QueueReset>, BrokerError> {
        let g = self
            .group(group)
            .ok_or_else(|| BrokerError::GroupNotFound(group.to_owned()))?;
        let name = TopicName::new(topic)?;
        let meta = self
            .topic(topic)
            .ok_or_else(|| BrokerError::TopicNotFound(topic.to_owned()))?;
        let targets = (0..meta.queues)
            .map(|q| self.query_offset(&name, q, target))
            .collect::<Result<Vec<_>, _>>()?;
        let retry = (g.retry_topic.id, meta.id);
        let retry_end = self.store.queue_end(retry.0, retry.1)?;
        let mut ops = Vec::new();
        let mut report = Vec::new();
        {
            let mut st = g.state.lock();
            st.view(0);
            for (instance, view) in st.views.iter_mut() {
                let key = ViewKey {
                    group_id: g.id,
                    instance: *instance,
                };
                for (queue_id, to) in (0..meta.queues).zip(&targets) {
                    let from = view.cursors.insert((meta.id, queue_id), *to);
                    view.done.remove(&(meta.id, queue_id));
                    ops.push(WriteOp::PutOffset {
                        view: key,
                        topic_id: meta.id,
                        queue_id,
                        offset: *to,
                    });
                    ops.push(WriteOp::DeleteDoneRange {
                        view: key,
                        topic_id: meta.id,
                        queue_id,
                        from: 0,
                        to: u64::MAX,
                    });
                    if *instance == 0 {
                        report.push(QueueReset {
                            queue_id,
                            from,
                            to: *to,
                        });
                    }
                }
                view.cursors.insert(retry, retry_end);
                ops.push(WriteOp::PutOffset {
                    view: key,
                    topic_id: retry.0,
                    queue_id: retry.1,
                    offset: retry_end,
                });
                let dropped: Vec<_> = view
                    .inflight
                    .iter()
                    .filter(|(pos, _)| pos.0 == meta.id || (pos.0, pos.1) == retry)
                    .map(|(pos, i)| (*pos, *i))
                    .collect();
                for (pos, inflight) in dropped {
                    view.remove(&pos);
                    self.unindex_deadline(&inflight.key(key, pos));
                    ops.push(WriteOp::DeleteInvisible(inflight.key(key, pos)));
                }
            }
        }
        self.store
            .submit(ops, false)
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        self.wakeups.notify(meta.id);
        tracing::info!(group, topic, ?target, "Group offsets reset.");
        Ok(report)
    }
}

/// A group's position on one queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupQueueState {
    pub queue_id: u32,
    pub min_offset: u64,
    pub max_offset: u64,
    /// The group's cursor (clustering groups: next offset to hand out).
    pub group_offset: Option<u64>,
    pub in_flight: u64,
}

impl Broker {
    /// A group's progress on each queue of a topic, and how many redeliveries wait in its
    /// retry queue for that topic.
    pub fn group_offsets(
        &self,
        group: &str,
        topic: &str,
    ) -> Result<(Vec<GroupQueueState>, u64), BrokerError> {
        let g = self
            .group(group)
            .ok_or_else(|| BrokerError::GroupNotFound(group.to_owned()))?;
        let meta = self
            .topic(topic)
            .ok_or_else(|| BrokerError::TopicNotFound(topic.to_owned()))?;
        let retry = (g.retry_topic.id, meta.id);
        let retry_end = self.store.queue_end(retry.0, retry.1)?;
        let st = g.state.lock();
        let view = st.views.get(&0);
        let cursor = |q: (u32, u32)| view.and_then(|v| v.cursors.get(&q)).copied();
        let mut out = Vec::with_capacity(meta.queues as usize);
        for queue_id in 0..meta.queues {
            let (min_offset, max_offset) = self.queue_bounds(meta.id, queue_id)?;
            out.push(GroupQueueState {
                queue_id,
                min_offset,
                max_offset,
                group_offset: cursor((meta.id, queue_id)),
                in_flight: view.map_or(0, |v| u64::from(v.in_flight_on((meta.id, queue_id)))),
            });
        }
        let retry_backlog = retry_end.saturating_sub(cursor(retry).unwrap_or(retry_end));
        Ok((out, retry_backlog))
    }
}
