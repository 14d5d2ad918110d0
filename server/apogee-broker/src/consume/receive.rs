//! Receives (RocketMQ "pop"): take up to a batch of matching messages, mark each invisible
//! until a deadline, and wait (long polling) when there is nothing to take. The group's mode
//! decides how (`pop` for clustering groups, `ordered` for FIFO and broadcasting groups).

use std::time::Duration;

use apogee_store::{CqEntry, ViewKey, WriteOp};
use apogee_types::{GroupName, ReceiptHandle, StoredMessage, TopicName};

use crate::filter::Filter;

use super::{EntryPos, FLAG_AUTO_RENEW, Inflight, Phase, View, client_hash};
use crate::groups::Group;
use crate::topics::TopicMeta;
use crate::{Broker, BrokerError};

/// A receive as the broker understands it.
#[derive(Debug, Clone)]
pub struct ReceiveRequest {
    pub group: GroupName,
    pub topic: TopicName,
    pub filter: Filter,
    pub batch_size: usize,
    /// How long delivered messages stay invisible; `None` lets the broker choose and renew
    /// the invisibility while the client is connected (push consumers).
    pub invisible: Option<Duration>,
    pub long_polling: Duration,
    /// The receiving client instance (required for broadcasting groups).
    pub client_id: Option<String>,
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

/// What one pop is allowed to do.
pub(super) struct PopArgs<'a> {
    pub filter: &'a Filter,
    pub batch_size: usize,
    pub now_ms: u64,
    pub deadline_ms: u64,
    pub flags: u8,
    pub client: u64,
}

use super::undo::Written;

/// What one pop produced.
#[derive(Default)]
pub(super) struct Pass {
    pub deliveries: Vec<Delivery>,
    pub ops: Vec<WriteOp>,
}

impl Broker {
    /// Pops up to `batch_size` messages, waiting up to `long_polling` for the first one.
    pub async fn receive(&self, req: ReceiveRequest) -> Result<Vec<Delivery>, BrokerError> {
        let topic = self
            .topic(req.topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(req.topic.as_str().to_owned()))?;
        if topic.system && !topic.is_dlq() {
            return Err(BrokerError::TopicNotFound(req.topic.as_str().to_owned()));
        }
        if !topic.perm.read {
            return Err(BrokerError::NoPermission(format!(
                "topic {} cannot be read (perm {})",
                topic.name,
                topic.perm.as_str()
            )));
        }
        self.check_receive_batch(req.batch_size)?;
        let (invisible, flags) = match req.invisible {
            Some(d) => (self.check_invisible(d, self.config.min_invisible)?, 0),
            None => (self.config.default_invisible, FLAG_AUTO_RENEW),
        };
        let group = self.group_or_auto_create(&req.group).await?;
        let client = req.client_id.as_deref().map_or(0, client_hash);
        let instance = if group.is_broadcast() {
            if client == 0 {
                return Err(BrokerError::ClientIdRequired(
                    "a broadcasting group needs the client id of each instance",
                ));
            }
            client
        } else {
            0
        };
        if let Some(id) = &req.client_id {
            self.client_seen(id);
        }
        if instance != 0 {
            self.fix_instance_start(&group, instance).await?;
        }
        let invisible_ms = u64::try_from(invisible.as_millis()).unwrap_or(u64::MAX / 2);
        let poll = req.long_polling.min(self.config.max_long_polling);
        let wake_at = tokio::time::Instant::now() + poll;
        let mut changes = self.wakeups.subscribe(topic.id);
        let mut permit = None;
        loop {
            changes.borrow_and_update();
            let now_ms = self.now_ms();
            let args = PopArgs {
                filter: &req.filter,
                batch_size: req.batch_size,
                now_ms,
                deadline_ms: now_ms + invisible_ms,
                flags,
                client,
            };
            let (pass, written) = self.pop(&group, &topic, instance, &args)?;
            if let Some(written) = written {
                written.await.map_err(|_| BrokerError::ShuttingDown)??;
            }
            if !pass.deliveries.is_empty() {
                record_deliveries(&group, &topic, &pass.deliveries);
                self.traffic
                    .add_out(topic.name.as_str(), pass.deliveries.len() as u64);
                return Ok(pass.deliveries);
            }
            if tokio::time::Instant::now() >= wake_at {
                return Ok(Vec::new());
            }
            // Waiting receives are bounded, so idle consumers cannot pile up without limit.
            if permit.is_none() {
                permit = Some(self.long_polls.acquire(client)?);
            }
            tokio::select! {
                changed = changes.changed() => {
                    if changed.is_err() {
                        return Ok(Vec::new());
                    }
                }
                () = tokio::time::sleep_until(wake_at) => {}
                () = self.closing.cancelled() => return Ok(Vec::new()),
            }
        }
    }

    /// The change counter of a topic: it moves whenever a receive of the topic might find
    /// something it did not before.
    pub fn change_seq(&self, topic: &TopicName) -> Result<u64, BrokerError> {
        let meta = self
            .topic(topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
        Ok(*self.wakeups.subscribe(meta.id).borrow())
    }

    /// Waits up to `wait` (at most `broker.max_long_polling`) for the topic's change counter
    /// to differ from `since`; returns the counter then. Takes nothing, so dropping it is free.
    pub async fn await_change(
        &self,
        topic: &TopicName,
        since: u64,
        wait: Duration,
    ) -> Result<u64, BrokerError> {
        let meta = self
            .topic(topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
        let mut changes = self.wakeups.subscribe(meta.id);
        let wake_at = tokio::time::Instant::now() + wait.min(self.config.max_long_polling);
        loop {
            let seq = *changes.borrow_and_update();
            if seq != since {
                return Ok(seq);
            }
            tokio::select! {
                changed = changes.changed() => {
                    if changed.is_err() {
                        return Ok(seq);
                    }
                }
                () = tokio::time::sleep_until(wake_at) => return Ok(seq),
                () = self.closing.cancelled() => return Ok(seq),
            }
        }
    }

    /// Refuses a receive or pull batch outside `[1, broker.max_receive_batch]`.
    pub(crate) fn check_receive_batch(&self, batch_size: usize) -> Result<(), BrokerError> {
        let max = self.config.max_receive_batch;
        if batch_size == 0 || batch_size > max {
            return Err(BrokerError::InvalidArgument(format!(
                "batch size {batch_size} is out of range [1, {max}] (broker.max_receive_batch)"
            )));
        }
        Ok(())
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

    fn pop(
        &self,
        group: &Group,
        topic: &TopicMeta,
        instance: u64,
        args: &PopArgs<'_>,
    ) -> Result<(Pass, Option<Written>), BrokerError> {
        if !group.in_place() {
            return self.pop_clustering(group, instance, topic, args);
        }
        let mut ahead = self.read_ahead(group, instance, topic, args)?;
        let mut pass = Pass::default();
        let mut st = group.state.lock();
        let view = st.view(instance);
        let key = ViewKey {
            group_id: group.id,
            instance,
        };
        self.pop_in_place(group, view, key, topic, args, &mut pass, &mut ahead)?;
        // Queued for the writer before the lock is released, so two pops of one group reach
        // the store in the order they changed its state (a cursor never goes back on disk).
        let written =
            (!pass.ops.is_empty()).then(|| self.store.submit(std::mem::take(&mut pass.ops), false));
        drop(st);
        Ok((pass, written))
    }

    /// Where a view starts on a queue it has never read.
    pub(super) fn initial_cursor(
        &self,
        start_ms: i64,
        topic_id: u32,
        queue_id: u32,
        from_start: bool,
    ) -> Result<u64, BrokerError> {
        if from_start || start_ms <= 0 {
            return Ok(self.store.queue_start(topic_id, queue_id)?);
        }
        Ok(self.store.offset_at_time(topic_id, queue_id, start_ms)?)
    }

    /// Records a delivery of `entry` at `pos` and returns it. `previous` is the entry's earlier
    /// in-flight state when it is delivered again in place.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn deliver(
        &self,
        view: &mut View,
        key: ViewKey,
        pos: EntryPos,
        entry: CqEntry,
        attempt: u32,
        message: StoredMessage,
        args: &PopArgs<'_>,
        ops: &mut Vec<WriteOp>,
    ) -> Delivery {
        let nonce = self.next_nonce();
        let inflight = Inflight {
            attempt,
            phase: Phase::Delivered {
                deadline_ms: args.deadline_ms,
                nonce,
                flags: args.flags,
                client: args.client,
                delivered_ms: args.now_ms,
            },
            entry,
        };
        if let Some(old) = view.insert(pos, inflight) {
            // Delivered again at its own position (in place), or handed out again after a
            // rewind: the earlier state is retired.
            self.unindex_deadline(&old.key(key, pos));
            ops.push(WriteOp::DeleteInvisible(old.key(key, pos)));
        }
        ops.push(WriteOp::PutInvisible(
            inflight.key(key, pos),
            inflight.value(),
        ));
        self.index_deadline(inflight.key(key, pos));
        let handle = ReceiptHandle {
            group_id: key.group_id,
            instance: key.instance,
            topic_id: pos.0,
            queue_id: pos.1,
            queue_offset: pos.2,
            deadline_ms: args.deadline_ms,
            nonce,
        };
        Delivery {
            receipt_handle: handle.encode(&self.handle_key, &message.message.message_id),
            message,
            attempt,
            invisible_until_ms: i64::try_from(args.deadline_ms).unwrap_or(i64::MAX),
        }
    }
}

/// `rocketmq_messages_out_total` and `rocketmq_throughput_out_total` for one receive.
fn record_deliveries(group: &Group, topic: &TopicMeta, deliveries: &[Delivery]) {
    let (mut fresh, mut retried) = ((0u64, 0u64), (0u64, 0u64));
    for d in deliveries {
        let bytes = d.message.message.body.len() as u64;
        let slot = if d.attempt > 1 {
            &mut retried
        } else {
            &mut fresh
        };
        slot.0 += 1;
        slot.1 += bytes;
    }
    for (is_retry, (count, bytes)) in [(false, fresh), (true, retried)] {
        if count > 0 {
            crate::metrics::record_out(
                topic.name.as_str(),
                group.name.as_str(),
                is_retry,
                count,
                bytes,
            );
        }
    }
}
