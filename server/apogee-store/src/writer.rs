//! The group-commit writer: one thread owns every write that assigns offsets or changes
//! consumption state. Concurrent requests queue on a channel; the thread drains what is waiting,
//! writes it as one `WriteBatch` (one fsync in `sync` mode, however many sends it carries), then
//! publishes the new queue ends and answers every request.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use apogee_types::{Message, tag_hash};
use crossbeam_channel::{Receiver, RecvTimeoutError};
use rocksdb::{DB, WriteBatch, WriteOptions};
use tokio::sync::oneshot;

use crate::cf::Cf;
use crate::keys::{self, InvisibleKey, ViewKey};
use crate::record::{
    CqEntry, InvisibleValue, TimerValue, TxnValue, encode_record_start, finish_record,
};
use crate::store::{AppendListener, QueueTable};
use crate::{FlushMode, StoreError};

/// A new message to append to a topic queue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub topic_id: u32,
    pub topic: Arc<str>,
    pub queue_id: u32,
    /// Broker clock at receipt; the writer keeps store times non-decreasing in log order.
    pub store_time_ms: i64,
    pub message: Message,
}

/// One change inside a write request.
#[derive(Debug, Clone)]
pub enum WriteOp {
    /// Commit-log record, consume-queue entry and index entries for a new message.
    Append(NewMessage),
    /// Commit-log record and index entries, with a timer that appends the consume-queue entry
    /// when `deliver_at_ms` comes (delay and timer messages).
    AppendScheduled {
        message: NewMessage,
        deliver_at_ms: u64,
    },
    /// Commit-log record and index entries of a half (prepared) transactional message; the
    /// consume-queue entry is appended only on commit.
    AppendHalf {
        message: NewMessage,
        transaction_id: String,
        created_ms: u64,
        first_check_ms: u64,
    },
    /// Removes a timer (it fired, or the message was recalled).
    DeleteTimer {
        deliver_at_ms: u64,
        log_offset: u64,
    },
    /// Replaces a pending transaction's state (check count, next check).
    PutTxn {
        transaction_id: String,
        value: TxnValue,
    },
    /// Removes a pending transaction (committed, rolled back or given up).
    DeleteTxn {
        transaction_id: String,
    },
    /// A scheduled or half message's record is no longer needed past normal retention (it was
    /// recalled or rolled back): expires the pin its append set.
    Unpin {
        log_offset: u64,
    },
    /// An extra consume-queue entry pointing at an existing record (retry, dead letter, a
    /// scheduled message firing, a transaction committing). Pins the record until the entry's
    /// store time falls out of retention.
    Link {
        topic_id: u32,
        queue_id: u32,
        entry: CqEntry,
    },
    PutInvisible(InvisibleKey, InvisibleValue),
    DeleteInvisible(InvisibleKey),
    /// A consumer's cursor on one queue.
    PutOffset {
        view: ViewKey,
        topic_id: u32,
        queue_id: u32,
        offset: u64,
    },
    /// Marks an offset above the cursor as finished (in-order consumers).
    PutDone {
        view: ViewKey,
        topic_id: u32,
        queue_id: u32,
        offset: u64,
    },
    /// Forgets finished marks in `[from, to)` once the cursor passed them.
    DeleteDoneRange {
        view: ViewKey,
        topic_id: u32,
        queue_id: u32,
        from: u64,
        to: u64,
    },
}

/// Keep-until of a pending scheduled or half message's record: kept whatever its age.
const PINNED: [u8; 8] = u64::MAX.to_be_bytes();

/// Queue offset recorded for a message that is not in its queue yet (scheduled or half).
pub const NOT_QUEUED: u64 = u64::MAX;

/// Where an `Append` or `Link` landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub queue_offset: u64,
    pub log_offset: u64,
    pub store_time_ms: i64,
}

impl Placement {
    /// Where a scheduled or half message's record landed: not in its queue yet.
    fn pending(log_offset: u64, entry: &CqEntry) -> Self {
        Self {
            queue_offset: NOT_QUEUED,
            log_offset,
            store_time_ms: i64::try_from(entry.store_time_ms).unwrap_or(i64::MAX),
        }
    }
}

pub(crate) struct Request {
    pub ops: Vec<WriteOp>,
    /// For each op that appends a record, the record as `encode_record_start` made it on the
    /// submitting task (in op order), so the writer thread does not encode.
    pub records: Vec<Vec<u8>>,
    /// Bytes counted in the store's backlog until this request is written.
    pub bytes: usize,
    /// Sends are durable: they follow the flush mode. Consumption state never needs an fsync
    /// (losing it only means a redelivery).
    pub durable: bool,
    pub reply: oneshot::Sender<Result<Vec<Placement>, StoreError>>,
}

pub(crate) enum Command {
    Write(Request),
    Shutdown,
}

/// Most requests merged into one batch, and most bytes, so one huge burst cannot starve replies.
const MAX_REQUESTS_PER_BATCH: usize = 1024;
const MAX_BYTES_PER_BATCH: usize = 8 * 1024 * 1024;

pub(crate) struct Writer {
    pub db: Arc<DB>,
    pub backlog: Arc<std::sync::atomic::AtomicUsize>,
    pub queues: Arc<QueueTable>,
    pub listener: Arc<std::sync::OnceLock<AppendListener>>,
    pub flush: FlushMode,
    pub flush_interval: Duration,
    pub next_log_offset: u64,
    pub last_store_time_ms: i64,
}

impl Writer {
    pub fn run(mut self, rx: Receiver<Command>) {
        let mut unsynced = false;
        let mut last_sync = Instant::now();
        let mut shutting_down = false;
        while !shutting_down {
            let first = match rx.recv_timeout(self.flush_interval) {
                Ok(cmd) => cmd,
                Err(RecvTimeoutError::Timeout) => {
                    if unsynced {
                        self.sync_wal();
                        unsynced = false;
                        last_sync = Instant::now();
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let mut requests = Vec::new();
            let mut bytes = 0usize;
            let mut next = Some(first);
            while let Some(cmd) = next.take() {
                match cmd {
                    Command::Write(req) => {
                        bytes += req.bytes;
                        requests.push(req);
                    }
                    Command::Shutdown => {
                        shutting_down = true;
                        break;
                    }
                }
                if requests.len() >= MAX_REQUESTS_PER_BATCH || bytes >= MAX_BYTES_PER_BATCH {
                    break;
                }
                next = rx.try_recv().ok();
            }
            if !requests.is_empty() {
                let synced = self.write_batch(requests);
                unsynced |= !synced;
            }
            if unsynced && last_sync.elapsed() >= self.flush_interval {
                self.sync_wal();
                unsynced = false;
                last_sync = Instant::now();
            }
        }
        // Drain what was queued before the shutdown command, then make everything durable.
        let rest: Vec<Request> = rx
            .try_iter()
            .filter_map(|c| match c {
                Command::Write(r) => Some(r),
                Command::Shutdown => None,
            })
            .collect();
        if !rest.is_empty() {
            self.write_batch(rest);
        }
        self.sync_wal();
    }

    fn sync_wal(&self) {
        if let Err(e) = self.db.flush_wal(true) {
            tracing::error!(error = %e, "Periodic WAL sync failed.");
        }
    }

    /// Writes one batch for all requests; returns whether it was fsync'd.
    fn write_batch(&mut self, mut requests: Vec<Request>) -> bool {
        let bytes: usize = requests.iter().map(|r| r.bytes).sum();
        let sync = self.flush == FlushMode::Sync && requests.iter().any(|r| r.durable);
        let start_log = self.next_log_offset;
        let start_time = self.last_store_time_ms;
        let mut batch = WriteBatch::default();
        // Queue ends as this batch moves them; published only after the write succeeds.
        let mut ends: HashMap<(u32, u32), (Arc<std::sync::atomic::AtomicU64>, u64)> =
            HashMap::new();
        let mut placements: Vec<Vec<Placement>> = Vec::with_capacity(requests.len());
        let mut failed: Option<StoreError> = None;

        for req in &mut requests {
            let mut placed = Vec::new();
            let mut records = std::mem::take(&mut req.records).into_iter();
            for op in &req.ops {
                match self.stage(op, &mut records, &mut batch, &mut ends) {
                    Ok(Some(p)) => placed.push(p),
                    Ok(None) => {}
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            placements.push(placed);
        }

        let result = match failed {
            Some(e) => Err(e),
            None => {
                let mut opts = WriteOptions::default();
                opts.set_sync(sync);
                self.db.write_opt(batch, &opts).map_err(StoreError::from)
            }
        };
        // Written (or failed) before anyone is told, so a caller that got its reply sees the
        // backlog without its bytes.
        self.backlog.fetch_sub(bytes, Ordering::AcqRel);

        match result {
            Ok(()) => {
                let mut touched = Vec::with_capacity(ends.len());
                for ((topic_id, queue_id), (atomic, end)) in ends {
                    atomic.store(end, Ordering::Release);
                    touched.push((topic_id, queue_id));
                }
                if let Some(listener) = self.listener.get()
                    && !touched.is_empty()
                {
                    listener(&touched);
                }
                for (req, placed) in requests.into_iter().zip(placements) {
                    let _ = req.reply.send(Ok(placed));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "Store write failed; failing the batch.");
                self.next_log_offset = start_log;
                self.last_store_time_ms = start_time;
                let msg = e.to_string();
                for req in requests {
                    let _ = req.reply.send(Err(StoreError::WriteFailed(msg.clone())));
                }
            }
        }
        sync
    }

    /// Adds one op to the batch, assigning offsets for appends and links.
    fn stage(
        &mut self,
        op: &WriteOp,
        records: &mut impl Iterator<Item = Vec<u8>>,
        batch: &mut WriteBatch,
        ends: &mut HashMap<(u32, u32), (Arc<std::sync::atomic::AtomicU64>, u64)>,
    ) -> Result<Option<Placement>, StoreError> {
        let db = self.db.clone();
        let cf = |c: Cf| db.cf_handle(c.name()).ok_or(StoreError::Closed);
        match op {
            WriteOp::Append(m) => {
                let queue_offset = self.next_queue_offset(m.topic_id, m.queue_id, ends)?;
                let (log_offset, entry) =
                    self.stage_record(m, records.next(), queue_offset, batch)?;
                batch.put_cf(
                    cf(Cf::ConsumeQueue)?,
                    keys::cq_key(m.topic_id, m.queue_id, queue_offset),
                    entry.encode(),
                );
                Ok(Some(Placement {
                    queue_offset,
                    log_offset,
                    store_time_ms: entry.store_time_ms as i64,
                }))
            }
            WriteOp::AppendScheduled {
                message: m,
                deliver_at_ms,
            } => {
                let (log_offset, entry) = self.stage_pending(m, records.next(), batch)?;
                let timer = TimerValue {
                    topic_id: m.topic_id,
                    queue_id: m.queue_id,
                    entry,
                };
                batch.put_cf(
                    cf(Cf::Timer)?,
                    keys::timer_key(*deliver_at_ms, log_offset),
                    timer.encode(),
                );
                Ok(Some(Placement::pending(log_offset, &entry)))
            }
            WriteOp::AppendHalf {
                message: m,
                transaction_id,
                created_ms,
                first_check_ms,
            } => {
                let (log_offset, entry) = self.stage_pending(m, records.next(), batch)?;
                let txn = TxnValue {
                    topic_id: m.topic_id,
                    queue_id: m.queue_id,
                    entry,
                    created_ms: *created_ms,
                    next_check_ms: *first_check_ms,
                    checks: 0,
                };
                batch.put_cf(
                    cf(Cf::Transaction)?,
                    transaction_id.as_bytes(),
                    txn.encode(),
                );
                Ok(Some(Placement::pending(log_offset, &entry)))
            }
            WriteOp::DeleteTimer {
                deliver_at_ms,
                log_offset,
            } => {
                batch.delete_cf(cf(Cf::Timer)?, keys::timer_key(*deliver_at_ms, *log_offset));
                Ok(None)
            }
            WriteOp::PutTxn {
                transaction_id,
                value,
            } => {
                batch.put_cf(
                    cf(Cf::Transaction)?,
                    transaction_id.as_bytes(),
                    value.encode(),
                );
                Ok(None)
            }
            WriteOp::DeleteTxn { transaction_id } => {
                batch.delete_cf(cf(Cf::Transaction)?, transaction_id.as_bytes());
                Ok(None)
            }
            WriteOp::Unpin { log_offset } => {
                // Expired rather than deleted: a record retention kept below its mark is only
                // found again through its pin.
                batch.put_cf(
                    cf(Cf::RetentionPins)?,
                    keys::log_key(*log_offset),
                    0u64.to_be_bytes(),
                );
                Ok(None)
            }
            WriteOp::Link {
                topic_id,
                queue_id,
                entry,
            } => {
                let queue_offset = self.next_queue_offset(*topic_id, *queue_id, ends)?;
                batch.put_cf(
                    cf(Cf::ConsumeQueue)?,
                    keys::cq_key(*topic_id, *queue_id, queue_offset),
                    entry.encode(),
                );
                // Link times only grow (the broker's clock), so overwriting keeps the latest.
                batch.put_cf(
                    cf(Cf::RetentionPins)?,
                    keys::log_key(entry.log_offset),
                    entry.store_time_ms.to_be_bytes(),
                );
                Ok(Some(Placement {
                    queue_offset,
                    log_offset: entry.log_offset,
                    store_time_ms: i64::try_from(entry.store_time_ms).unwrap_or(i64::MAX),
                }))
            }
            WriteOp::PutInvisible(k, v) => {
                batch.put_cf(cf(Cf::Invisible)?, k.encode(), v.encode());
                Ok(None)
            }
            WriteOp::DeleteInvisible(k) => {
                batch.delete_cf(cf(Cf::Invisible)?, k.encode());
                Ok(None)
            }
            WriteOp::PutOffset {
                view,
                topic_id,
                queue_id,
                offset,
            } => {
                batch.put_cf(
                    cf(Cf::Offsets)?,
                    keys::offset_key(*view, *topic_id, *queue_id),
                    offset.to_be_bytes(),
                );
                Ok(None)
            }
            WriteOp::PutDone {
                view,
                topic_id,
                queue_id,
                offset,
            } => {
                batch.put_cf(
                    cf(Cf::Offsets)?,
                    keys::done_key(*view, *topic_id, *queue_id, *offset),
                    [],
                );
                Ok(None)
            }
            WriteOp::DeleteDoneRange {
                view,
                topic_id,
                queue_id,
                from,
                to,
            } => {
                batch.delete_range_cf(
                    cf(Cf::Offsets)?,
                    keys::done_key(*view, *topic_id, *queue_id, *from),
                    keys::done_key(*view, *topic_id, *queue_id, *to),
                );
                Ok(None)
            }
        }
    }

    /// Stages the commit-log record and its index entries; returns the log offset and the
    /// consume-queue entry that will point at it.
    /// Stages the record of a message that enters its queue later (scheduled or half),
    /// pinned so retention keeps it until then.
    fn stage_pending(
        &mut self,
        m: &NewMessage,
        started: Option<Vec<u8>>,
        batch: &mut WriteBatch,
    ) -> Result<(u64, CqEntry), StoreError> {
        let (log_offset, entry) = self.stage_record(m, started, NOT_QUEUED, batch)?;
        let pins = self
            .db
            .cf_handle(Cf::RetentionPins.name())
            .ok_or(StoreError::Closed)?;
        batch.put_cf(pins, keys::log_key(log_offset), PINNED);
        Ok((log_offset, entry))
    }

    fn stage_record(
        &mut self,
        m: &NewMessage,
        started: Option<Vec<u8>>,
        queue_offset: u64,
        batch: &mut WriteBatch,
    ) -> Result<(u64, CqEntry), StoreError> {
        let db = self.db.clone();
        let cf = |c: Cf| db.cf_handle(c.name()).ok_or(StoreError::Closed);
        let log_offset = self.next_log_offset;
        self.next_log_offset += 1;
        let store_time_ms = m.store_time_ms.max(self.last_store_time_ms);
        self.last_store_time_ms = store_time_ms;
        let started =
            started.unwrap_or_else(|| encode_record_start(&m.topic, m.queue_id, &m.message));
        let record = finish_record(started, queue_offset, store_time_ms);
        let entry = CqEntry {
            log_offset,
            size: u32::try_from(record.len()).unwrap_or(u32::MAX),
            tag_hash: tag_hash(m.message.tag.as_deref()),
            store_time_ms: u64::try_from(store_time_ms).unwrap_or(0),
            reconsume_times: 0,
            group_hash: m
                .message
                .message_group
                .as_deref()
                .map_or(0, |g| tag_hash(Some(g))),
        };
        batch.put_cf(cf(Cf::CommitLog)?, keys::log_key(log_offset), record);
        batch.put_cf(
            cf(Cf::MsgIdIndex)?,
            keys::msgid_key(&m.message.message_id, log_offset),
            [],
        );
        for key in &m.message.keys {
            batch.put_cf(
                cf(Cf::KeyIndex)?,
                keys::message_key_key(m.topic_id, key, entry.store_time_ms, log_offset),
                [],
            );
        }
        Ok((log_offset, entry))
    }

    fn next_queue_offset(
        &self,
        topic_id: u32,
        queue_id: u32,
        ends: &mut HashMap<(u32, u32), (Arc<std::sync::atomic::AtomicU64>, u64)>,
    ) -> Result<u64, StoreError> {
        let slot = match ends.entry((topic_id, queue_id)) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let atomic = self.queues.end_of(&self.db, topic_id, queue_id)?;
                let end = atomic.load(Ordering::Acquire);
                v.insert((atomic, end))
            }
        };
        let offset = slot.1;
        slot.1 += 1;
        Ok(offset)
    }
}

/// Approximate memory a request holds until written (bodies dominate).
/// The records a request appends, started on the submitting task (see `Request::records`).
pub(crate) fn start_records(ops: &[WriteOp]) -> Vec<Vec<u8>> {
    ops.iter()
        .filter_map(|op| match op {
            WriteOp::Append(m)
            | WriteOp::AppendScheduled { message: m, .. }
            | WriteOp::AppendHalf { message: m, .. } => {
                Some(encode_record_start(&m.topic, m.queue_id, &m.message))
            }
            _ => None,
        })
        .collect()
}

/// What a request weighs in the write backlog: its records, and a little per other change.
pub(crate) fn request_bytes(ops: &[WriteOp], records: &[Vec<u8>]) -> usize {
    let others = ops.len() - records.len();
    records.iter().map(|r| r.len() + 64).sum::<usize>() + others * 64
}
