//! Receives (RocketMQ "pop"): take up to a batch of matching messages from the group's retry
//! queue for the topic, then from the topic's queues, mark each invisible until a deadline, and
//! wait (long polling) when there is nothing to take.

use std::time::Duration;

use apogee_store::{CqEntry, InvisibleKey, InvisibleValue, WriteOp};
use apogee_types::{GroupName, ReceiptHandle, StoredMessage, TagFilter, TopicName};

use crate::groups::{Group, GroupState, Inflight};
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// Largest batch one receive may ask for.
pub const MAX_BATCH: usize = 1024;
/// Consume-queue entries one pop may scan past (filtered out) before answering.
const MAX_SCAN: usize = 8192;

/// A receive as the broker understands it.
#[derive(Debug, Clone)]
pub struct ReceiveRequest {
    pub group: GroupName,
    pub topic: TopicName,
    pub filter: TagFilter,
    pub batch_size: usize,
    /// How long delivered messages stay invisible; `None` lets the broker choose.
    pub invisible: Option<Duration>,
    pub long_polling: Duration,
}

/// One delivered message.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub message: StoredMessage,
    pub receipt_handle: String,
    /// 1 for the first delivery.
    pub attempt: u32,
    pub invisible_until_ms: i64,
}

impl Broker {
    /// Pops up to `batch_size` messages, waiting up to `long_polling` for the first one.
    pub async fn receive(&self, req: ReceiveRequest) -> Result<Vec<Delivery>, BrokerError> {
        let topic = self
            .topic(req.topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(req.topic.as_str().to_owned()))?;
        if topic.system
            && !topic
                .name
                .as_str()
                .starts_with(apogee_types::names::DLQ_PREFIX)
        {
            return Err(BrokerError::TopicNotFound(req.topic.as_str().to_owned()));
        }
        if req.batch_size == 0 || req.batch_size > MAX_BATCH {
            return Err(BrokerError::InvalidArgument(format!(
                "batch size {} is out of range [1, {MAX_BATCH}]",
                req.batch_size
            )));
        }
        let invisible = match req.invisible {
            Some(d) => self.check_invisible(d, self.config.min_invisible)?,
            None => self.config.default_invisible,
        };
        let group = self.group_or_auto_create(&req.group).await?;
        let poll = req.long_polling.min(self.config.max_long_polling);
        let wake_at = tokio::time::Instant::now() + poll;
        let mut changes = self.wakeups.subscribe(topic.id);
        loop {
            changes.borrow_and_update();
            let (deliveries, ops) = self.pop(&group, &topic, &req, invisible)?;
            if !ops.is_empty() {
                self.store
                    .submit(ops, false)
                    .await
                    .map_err(|_| BrokerError::ShuttingDown)??;
            }
            if !deliveries.is_empty() {
                return Ok(deliveries);
            }
            tokio::select! {
                changed = changes.changed() => {
                    if changed.is_err() {
                        return Ok(Vec::new());
                    }
                }
                () = tokio::time::sleep_until(wake_at) => return Ok(Vec::new()),
            }
        }
    }

    /// Checks an invisible duration against `[min, max_invisible]`.
    pub(crate) fn check_invisible(
        &self,
        d: Duration,
        min: Duration,
    ) -> Result<Duration, BrokerError> {
        if d < min || d > self.config.max_invisible {
            return Err(BrokerError::InvisibleDuration {
                got_ms: d.as_millis(),
                min_ms: min.as_millis(),
                max_ms: self.config.max_invisible.as_millis(),
            });
        }
        Ok(d)
    }

    /// One non-waiting pass: returns deliveries and the writes that record them.
    fn pop(
        &self,
        group: &Group,
        topic: &TopicMeta,
        req: &ReceiveRequest,
        invisible: Duration,
    ) -> Result<(Vec<Delivery>, Vec<WriteOp>), BrokerError> {
        let now = self.clock.now_ms();
        let deadline_ms = u64::try_from(now).unwrap_or(0)
            + u64::try_from(invisible.as_millis()).unwrap_or(u64::MAX / 2);
        let mut st = group.state.lock();
        // Redeliveries first, so a retried message is not starved by a backlog.
        // Every queue of the topic, as the reference proxy pops: a receive names a queue only
        // to pick the broker. The first queue rotates so consumers spread over queues.
        let mut queues = vec![(group.retry_topic.id, topic.id, true)];
        st.rotation = st.rotation.wrapping_add(1);
        let first = st.rotation % topic.queues;
        queues.extend((0..topic.queues).map(|i| (topic.id, (first + i) % topic.queues, false)));
        let mut pass = Pass {
            deliveries: Vec::new(),
            ops: Vec::new(),
            scanned: 0,
        };
        for (qt, qq, is_retry) in queues {
            if pass.deliveries.len() >= req.batch_size || pass.scanned >= MAX_SCAN {
                break;
            }
            self.pop_queue(
                group,
                &mut st,
                (qt, qq, is_retry),
                req,
                deadline_ms,
                &mut pass,
            )?;
        }
        Ok((pass.deliveries, pass.ops))
    }

    fn initial_cursor(
        &self,
        group: &Group,
        topic_id: u32,
        queue_id: u32,
        is_retry: bool,
    ) -> Result<u64, BrokerError> {
        let start_ms = group.start_ms();
        if is_retry || start_ms <= 0 {
            return Ok(self.store.queue_start(topic_id, queue_id)?);
        }
        Ok(self.store.offset_at_time(topic_id, queue_id, start_ms)?)
    }

    fn pop_queue(
        &self,
        group: &Group,
        st: &mut GroupState,
        (qt, qq, is_retry): (u32, u32, bool),
        req: &ReceiveRequest,
        deadline_ms: u64,
        pass: &mut Pass,
    ) -> Result<(), BrokerError> {
        let start = match st.cursors.get(&(qt, qq)) {
            Some(c) => *c,
            None => {
                let c = self.initial_cursor(group, qt, qq, is_retry)?;
                st.cursors.insert((qt, qq), c);
                c
            }
        };
        let mut cursor = start;
        'chunks: while pass.deliveries.len() < req.batch_size && pass.scanned < MAX_SCAN {
            let need = req.batch_size - pass.deliveries.len();
            let chunk = self
                .store
                .read_queue(qt, qq, cursor, (need * 2).clamp(16, 256))?;
            if chunk.is_empty() {
                break;
            }
            pass.scanned += chunk.len();
            let wanted: Vec<u64> = chunk
                .iter()
                .filter(|(_, e)| req.filter.may_match_hash(e.tag_hash))
                .map(|(_, e)| e.log_offset)
                .collect();
            let mut messages = self.store.read_messages(&wanted)?.into_iter();
            for (offset, entry) in chunk {
                cursor = offset + 1;
                if !req.filter.may_match_hash(entry.tag_hash) {
                    continue;
                }
                let Some(message) = messages.next().flatten() else {
                    continue;
                };
                if !req.filter.matches(message.message.tag.as_deref()) {
                    continue;
                }
                pass.deliveries.push(self.make_inflight(
                    group,
                    st,
                    (qt, qq, offset),
                    entry,
                    message,
                    deadline_ms,
                    &mut pass.ops,
                ));
                if pass.deliveries.len() >= req.batch_size {
                    break 'chunks;
                }
            }
        }
        if cursor != start {
            st.cursors.insert((qt, qq), cursor);
            pass.ops.push(WriteOp::PutOffset {
                group_id: group.id,
                topic_id: qt,
                queue_id: qq,
                offset: cursor,
            });
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn make_inflight(
        &self,
        group: &Group,
        st: &mut GroupState,
        (qt, qq, offset): (u32, u32, u64),
        entry: CqEntry,
        message: StoredMessage,
        deadline_ms: u64,
        ops: &mut Vec<WriteOp>,
    ) -> Delivery {
        let attempt = entry.reconsume_times + 1;
        let nonce = self.next_nonce();
        let key = InvisibleKey {
            deadline_ms,
            group_id: group.id,
            topic_id: qt,
            queue_id: qq,
            queue_offset: offset,
        };
        let previous = st.inflight.insert(
            (qt, qq, offset),
            Inflight {
                deadline_ms,
                attempt,
                nonce,
                entry,
            },
        );
        if let Some(old) = previous {
            // The same entry was handed out again (a rewound cursor): retire the old delivery.
            let old_key = InvisibleKey {
                deadline_ms: old.deadline_ms,
                ..key
            };
            self.unindex_deadline(&old_key);
            ops.push(WriteOp::DeleteInvisible(old_key));
        }
        ops.push(WriteOp::PutInvisible(
            key,
            InvisibleValue {
                attempt,
                nonce,
                entry,
            },
        ));
        self.index_deadline(key);
        let handle = ReceiptHandle {
            group_id: group.id,
            topic_id: qt,
            queue_id: qq,
            queue_offset: offset,
            deadline_ms,
            nonce,
        };
        Delivery {
            message,
            receipt_handle: handle.encode(),
            attempt,
            invisible_until_ms: i64::try_from(deadline_ms).unwrap_or(i64::MAX),
        }
    }
}

struct Pass {
    deliveries: Vec<Delivery>,
    ops: Vec<WriteOp>,
    scanned: usize,
}
