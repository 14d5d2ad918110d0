//! Write operations and how the writer stages them into a `WriteBatch`, assigning log and
//! queue offsets and store times.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use apogee_types::{Message, tag_hash};
use rocksdb::{DB, WriteBatch};

use crate::StoreError;
use crate::cf::Cf;
use crate::keys::{self, InvisibleKey, ViewKey};
use crate::record::{
    CqEntry, InvisibleValue, TimerValue, TxnValue, encode_record_start, finish_record,
};
use crate::store::{QueueTable, cf_of};

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
    /// Drops the consume-queue entries `[from, to)` of a queue (a topic's own retention, or a
    /// deleted topic). The commit-log records stay until the broker's retention removes them.
    DeleteQueueRange {
        topic_id: u32,
        queue_id: u32,
        from: u64,
        to: u64,
    },
    /// A metadata record (topic or group configuration), written by the store itself.
    #[doc(hidden)]
    PutMeta {
        key: Vec<u8>,
        value: Vec<u8>,
    },
    /// Removes a metadata record, written by the store itself.
    #[doc(hidden)]
    DeleteMeta {
        key: Vec<u8>,
    },
}

impl WriteOp {
    /// Whether the op stores a new message (refused while the disk is low on space).
    pub(crate) fn appends_record(&self) -> bool {
        matches!(
            self,
            WriteOp::Append(_) | WriteOp::AppendScheduled { .. } | WriteOp::AppendHalf { .. }
        )
    }

    /// Refuses an op that no write could ever apply, before it joins a batch.
    pub(crate) fn check(&self) -> Result<(), StoreError> {
        match self {
            WriteOp::DeleteDoneRange { from, to, .. } if from > to => Err(StoreError::WriteFailed(
                format!("finished-range delete from {from} to {to} is reversed"),
            )),
            WriteOp::DeleteQueueRange { from, to, .. } if from > to => {
                Err(StoreError::WriteFailed(format!(
                    "queue-range delete from {from} to {to} is reversed"
                )))
            }
            _ => Ok(()),
        }
    }
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

/// Queue ends as one batch moves them: published only after the batch is written.
pub(crate) type StagedEnds = HashMap<(u32, u32), (Arc<AtomicU64>, u64)>;

/// The offsets and clock the writer hands out, and what one batch staged.
pub(crate) struct Stager<'a> {
    pub db: &'a DB,
    pub queues: &'a QueueTable,
    pub next_log_offset: u64,
    pub last_store_time_ms: i64,
    pub ends: StagedEnds,
    /// Log offsets linked by this batch (retention must not delete them, see `retention`).
    pub linked: Vec<u64>,
}

impl Stager<'_> {
    /// Adds one op to the batch, assigning offsets for appends and links. `started` is the
    /// record as the submitting task encoded it (encoded here if absent).
    pub fn stage(
        &mut self,
        op: &WriteOp,
        started: &mut impl Iterator<Item = Vec<u8>>,
        batch: &mut WriteBatch,
    ) -> Result<Option<Placement>, StoreError> {
        let db = self.db;
        match op {
            WriteOp::Append(m) => {
                let queue_offset = self.next_queue_offset(m.topic_id, m.queue_id)?;
                let (log_offset, entry) =
                    self.stage_record(m, started.next(), queue_offset, batch)?;
                batch.put_cf(
                    cf_of(db, Cf::ConsumeQueue)?,
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
                let (log_offset, entry) = self.stage_pending(m, started.next(), batch)?;
                let timer = TimerValue {
                    topic_id: m.topic_id,
                    queue_id: m.queue_id,
                    entry,
                };
                batch.put_cf(
                    cf_of(db, Cf::Timer)?,
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
                let (log_offset, entry) = self.stage_pending(m, started.next(), batch)?;
                let txn = TxnValue {
                    topic_id: m.topic_id,
                    queue_id: m.queue_id,
                    entry,
                    created_ms: *created_ms,
                    next_check_ms: *first_check_ms,
                    checks: 0,
                };
                batch.put_cf(
                    cf_of(db, Cf::Transaction)?,
                    transaction_id.as_bytes(),
                    txn.encode(),
                );
                Ok(Some(Placement::pending(log_offset, &entry)))
            }
            WriteOp::DeleteTimer {
                deliver_at_ms,
                log_offset,
            } => {
                batch.delete_cf(
                    cf_of(db, Cf::Timer)?,
                    keys::timer_key(*deliver_at_ms, *log_offset),
                );
                Ok(None)
            }
            WriteOp::PutTxn {
                transaction_id,
                value,
            } => {
                batch.put_cf(
                    cf_of(db, Cf::Transaction)?,
                    transaction_id.as_bytes(),
                    value.encode(),
                );
                Ok(None)
            }
            WriteOp::DeleteTxn { transaction_id } => {
                batch.delete_cf(cf_of(db, Cf::Transaction)?, transaction_id.as_bytes());
                Ok(None)
            }
            WriteOp::Unpin { log_offset } => {
                // Expired rather than deleted: a record retention kept below its mark is only
                // found again through its pin.
                batch.put_cf(
                    cf_of(db, Cf::RetentionPins)?,
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
                let queue_offset = self.next_queue_offset(*topic_id, *queue_id)?;
                // Store times stay non-decreasing along every queue, links included, so time
                // searches and time fences hold for them too.
                let store_time_ms = self
                    .last_store_time_ms
                    .max(i64::try_from(entry.store_time_ms).unwrap_or(i64::MAX));
                self.last_store_time_ms = store_time_ms;
                let entry = CqEntry {
                    store_time_ms: u64::try_from(store_time_ms).unwrap_or(0),
                    ..*entry
                };
                batch.put_cf(
                    cf_of(db, Cf::ConsumeQueue)?,
                    keys::cq_key(*topic_id, *queue_id, queue_offset),
                    entry.encode(),
                );
                // Link times only grow, so overwriting keeps the latest.
                batch.put_cf(
                    cf_of(db, Cf::RetentionPins)?,
                    keys::log_key(entry.log_offset),
                    entry.store_time_ms.to_be_bytes(),
                );
                self.linked.push(entry.log_offset);
                Ok(Some(Placement {
                    queue_offset,
                    log_offset: entry.log_offset,
                    store_time_ms,
                }))
            }
            WriteOp::PutInvisible(k, v) => {
                batch.put_cf(cf_of(db, Cf::Invisible)?, k.encode(), v.encode());
                Ok(None)
            }
            WriteOp::DeleteInvisible(k) => {
                batch.delete_cf(cf_of(db, Cf::Invisible)?, k.encode());
                Ok(None)
            }
            WriteOp::PutOffset {
                view,
                topic_id,
                queue_id,
                offset,
            } => {
                batch.put_cf(
                    cf_of(db, Cf::Offsets)?,
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
                    cf_of(db, Cf::Offsets)?,
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
                    cf_of(db, Cf::Offsets)?,
                    keys::done_key(*view, *topic_id, *queue_id, *from),
                    keys::done_key(*view, *topic_id, *queue_id, *to),
                );
                Ok(None)
            }
            WriteOp::DeleteQueueRange {
                topic_id,
                queue_id,
                from,
                to,
            } => {
                batch.delete_range_cf(
                    cf_of(db, Cf::ConsumeQueue)?,
                    keys::cq_key(*topic_id, *queue_id, *from),
                    keys::cq_key(*topic_id, *queue_id, *to),
                );
                Ok(None)
            }
            WriteOp::PutMeta { key, value } => {
                batch.put_cf(cf_of(db, Cf::Metadata)?, key, value);
                Ok(None)
            }
            WriteOp::DeleteMeta { key } => {
                batch.delete_cf(cf_of(db, Cf::Metadata)?, key);
                Ok(None)
            }
        }
    }

    /// Stages the record of a message that enters its queue later (scheduled or half),
    /// pinned so retention keeps it until then.
    fn stage_pending(
        &mut self,
        m: &NewMessage,
        started: Option<Vec<u8>>,
        batch: &mut WriteBatch,
    ) -> Result<(u64, CqEntry), StoreError> {
        let (log_offset, entry) = self.stage_record(m, started, NOT_QUEUED, batch)?;
        batch.put_cf(
            cf_of(self.db, Cf::RetentionPins)?,
            keys::log_key(log_offset),
            PINNED,
        );
        Ok((log_offset, entry))
    }

    /// Stages the commit-log record and its index entries; returns the log offset and the
    /// consume-queue entry that will point at it.
    fn stage_record(
        &mut self,
        m: &NewMessage,
        started: Option<Vec<u8>>,
        queue_offset: u64,
        batch: &mut WriteBatch,
    ) -> Result<(u64, CqEntry), StoreError> {
        let db = self.db;
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
        batch.put_cf(cf_of(db, Cf::CommitLog)?, keys::log_key(log_offset), record);
        batch.put_cf(
            cf_of(db, Cf::MsgIdIndex)?,
            keys::msgid_key(&m.message.message_id, log_offset),
            [],
        );
        for key in &m.message.keys {
            batch.put_cf(
                cf_of(db, Cf::KeyIndex)?,
                keys::message_key_key(m.topic_id, key, entry.store_time_ms, log_offset),
                [],
            );
        }
        Ok((log_offset, entry))
    }

    fn next_queue_offset(&mut self, topic_id: u32, queue_id: u32) -> Result<u64, StoreError> {
        let slot = match self.ends.entry((topic_id, queue_id)) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let atomic = self.queues.end_of(self.db, topic_id, queue_id)?;
                let end = atomic.load(Ordering::Acquire);
                v.insert((atomic, end))
            }
        };
        let offset = slot.1;
        slot.1 += 1;
        Ok(offset)
    }
}

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
