//! Retention: delete what is older than a cutoff. Commit-log and consume-queue keys grow with
//! time, so "older than" is a key prefix and a `delete_range` removes it, except for records
//! that something still needs (`Cf::RetentionPins`): a delay message not yet due, a half
//! message not yet decided, or a record linked into a queue later than it was stored (a delay
//! message that fired, a committed transaction, a retry or a dead letter). Those are kept by
//! deleting around them, until their pin expires or is dropped.
//!
//! Below `trimmed_to` (kept in the metadata column family) only pinned records remain; from
//! it to the end the log has no holes, so the time cut is found by binary search there. The
//! newest record and the newest entry of every queue are always kept: offsets are recovered
//! from them on open, and must never go back.
//!
//! A pass plans its deletes outside the writer (the scans take a while) and hands them to the
//! writer, which applies them in order with every other write. A record linked into a queue
//! while the pass was planning (a retry, a dead letter, a timer firing) could fall in a range
//! the plan deletes: the writer remembers what it linked since the pass began and refuses a
//! plan that would delete any of it; the pass then plans again.

use bytes::Bytes;
use rocksdb::WriteBatch;

use crate::cf::Cf;
use crate::keys::{self, MetaKind};
use crate::record::decode_message;
use crate::store::{cf_of, log_bounds};
use crate::writer::Command;
use crate::{Store, StoreError};

/// Most pinned records one pass deletes around (one range tombstone each); past it the pass
/// stops at the next pin and later passes go on from there.
const MAX_PINS_SKIPPED: usize = 65_536;

/// How many times a pass plans again after records it would delete were linked meanwhile.
const MAX_PLANS: usize = 8;

/// What one retention pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrimReport {
    /// Commit-log records removed.
    pub records: u64,
    /// Consume-queue entries removed, over all queues.
    pub entries: u64,
}

/// A planned pass, handed to the writer.
pub(crate) struct TrimCommit {
    pub batch: WriteBatch,
    /// Log offset ranges `[from, to)` the batch deletes.
    pub deleted: Vec<(u64, u64)>,
    /// `Ok(true)` applied, `Ok(false)` refused because a deleted record was linked meanwhile.
    pub reply: crossbeam_channel::Sender<Result<bool, StoreError>>,
}

impl TrimCommit {
    /// Whether any record linked while the pass planned falls in a deleted range.
    pub fn conflicts_with(&self, linked: &[u64]) -> bool {
        linked.iter().any(|o| {
            self.deleted
                .iter()
                .any(|(from, to)| (*from..*to).contains(o))
        })
    }
}

/// What a plan deletes, before it is applied.
struct Plan {
    batch: WriteBatch,
    deleted: Vec<(u64, u64)>,
    report: TrimReport,
    /// The log floor to raise to once applied.
    floor: u64,
}

impl Store {
    /// Removes commit-log records and consume-queue entries of `queues` stored before
    /// `cutoff_ms`, but for pinned records and the newest record and entry of the log and of
    /// every queue. Index entries that point at removed records are skipped by lookups and
    /// dropped by the indexes' next compaction. Blocks until the writer applied the pass.
    pub fn trim_before(
        &self,
        cutoff_ms: i64,
        queues: &[(u32, u32)],
    ) -> Result<TrimReport, StoreError> {
        for _ in 0..MAX_PLANS {
            let (begun, wait) = crossbeam_channel::bounded(1);
            self.send_command(Command::TrimBegin(begun));
            wait.recv().map_err(|_| StoreError::Closed)?;
            let plan = self.plan_trim(cutoff_ms, queues)?;
            if plan.batch.is_empty() {
                return Ok(plan.report);
            }
            let (reply, applied) = crossbeam_channel::bounded(1);
            self.send_command(Command::Trim(TrimCommit {
                batch: plan.batch,
                deleted: plan.deleted,
                reply,
            }));
            if applied.recv().map_err(|_| StoreError::Closed)?? {
                self.raise_log_floor(plan.floor);
                return Ok(plan.report);
            }
            tracing::debug!("Records were linked while retention planned; planning again.");
        }
        Ok(TrimReport::default())
    }

    fn plan_trim(&self, cutoff_ms: i64, queues: &[(u32, u32)]) -> Result<Plan, StoreError> {
        let mut report = TrimReport::default();
        let db = self.db()?;
        let mut batch = WriteBatch::default();
        let mut deleted = Vec::new();
        let log_cf = cf_of(&db, Cf::CommitLog)?;
        let pins_cf = cf_of(&db, Cf::RetentionPins)?;
        let meta_cf = cf_of(&db, Cf::Metadata)?;
        let (first, end) = log_bounds(&db)?;
        let trimmed_key = keys::meta_key(MetaKind::Retention, "log");
        let trimmed_to = match db.get_cf(meta_cf, &trimmed_key)? {
            Some(v) => u64::from_be_bytes(
                v.as_slice()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("retention mark".into()))?,
            ),
            None => first,
        }
        .max(first)
        .min(end);
        // First record stored at or after the cutoff: store times only grow along the log.
        let (mut lo, mut hi) = (trimmed_to, end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let stored_before = match db.get_cf(log_cf, keys::log_key(mid))? {
                Some(raw) => decode_message(mid, Bytes::from(raw))?.store_timestamp_ms < cutoff_ms,
                // A hole left by an older version's pass: everything below it is gone too.
                None => true,
            };
            if stored_before {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut cut = lo.min(end.saturating_sub(1)).max(trimmed_to);

        // Walk the pins below the cut: expired ones go (with their record, below `trimmed_to`),
        // live ones are deleted around.
        let cutoff = u64::try_from(cutoff_ms).unwrap_or(0);
        let mut range_start = trimmed_to;
        let mut skipped = 0;
        let mut lowest_kept = None;
        let mut it = db.raw_iterator_cf(pins_cf);
        it.seek_to_first();
        while let Some(offset) = it.key().and_then(keys::decode_log_key) {
            if offset >= cut {
                break;
            }
            let keep_until = it
                .value()
                .and_then(|v| v.try_into().ok())
                .map_or(u64::MAX, u64::from_be_bytes);
            let expired = keep_until < cutoff;
            if expired {
                batch.delete_cf(pins_cf, keys::log_key(offset));
                if offset < trimmed_to {
                    batch.delete_cf(log_cf, keys::log_key(offset));
                    deleted.push((offset, offset + 1));
                    report.records += 1;
                }
            } else if offset < trimmed_to {
                lowest_kept.get_or_insert(offset);
            } else if skipped < MAX_PINS_SKIPPED {
                if offset > range_start {
                    batch.delete_range_cf(
                        log_cf,
                        keys::log_key(range_start),
                        keys::log_key(offset),
                    );
                    deleted.push((range_start, offset));
                    report.records += offset - range_start;
                }
                range_start = offset + 1;
                skipped += 1;
                lowest_kept.get_or_insert(offset);
            } else {
                cut = offset;
                break;
            }
            it.next();
        }
        it.status()?;
        drop(it);
        if cut > range_start {
            batch.delete_range_cf(log_cf, keys::log_key(range_start), keys::log_key(cut));
            deleted.push((range_start, cut));
            report.records += cut - range_start;
        }
        if cut > trimmed_to {
            batch.put_cf(meta_cf, &trimmed_key, cut.to_be_bytes());
        }

        // Queue entries are only ever appended at the end, above every cut planned here, so
        // these deletes cannot race with the writer.
        let cq_cf = cf_of(&db, Cf::ConsumeQueue)?;
        for &(topic_id, queue_id) in queues {
            let start = self.queue_start(topic_id, queue_id)?;
            let newest = self.queue_end(topic_id, queue_id)?.saturating_sub(1);
            let queue_cut = self
                .offset_at_time(topic_id, queue_id, cutoff_ms)?
                .min(newest);
            if queue_cut > start {
                batch.delete_range_cf(
                    cq_cf,
                    keys::cq_key(topic_id, queue_id, start),
                    keys::cq_key(topic_id, queue_id, queue_cut),
                );
                report.entries += queue_cut - start;
            }
        }
        Ok(Plan {
            batch,
            deleted,
            report,
            floor: lowest_kept.map_or(cut, |k: u64| k.min(cut)),
        })
    }

    /// Compacts the id and key indexes now, dropping the entries of records removed by
    /// retention (compactions RocksDB schedules itself drop them too, later).
    pub fn compact_indexes(&self) -> Result<(), StoreError> {
        let db = self.db()?;
        for cf in [Cf::MsgIdIndex, Cf::KeyIndex] {
            db.compact_range_cf(cf_of(&db, cf)?, None::<&[u8]>, None::<&[u8]>);
        }
        Ok(())
    }

    /// Every (topic id, queue id) that has consume-queue entries.
    pub fn list_queues(&self) -> Result<Vec<(u32, u32)>, StoreError> {
        let db = self.db()?;
        let mut it = db.raw_iterator_cf(cf_of(&db, Cf::ConsumeQueue)?);
        let mut out = Vec::new();
        it.seek_to_first();
        // One seek per queue: jump past each queue's entries to the next queue's first.
        while let Some((topic_id, queue_id, _)) = it.key().and_then(keys::decode_cq_key) {
            out.push((topic_id, queue_id));
            match queue_id.checked_add(1) {
                Some(next) => it.seek(keys::cq_key(topic_id, next, 0)),
                None => match topic_id.checked_add(1) {
                    Some(t) => it.seek(keys::cq_key(t, 0, 0)),
                    None => break,
                },
            }
        }
        it.status()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use apogee_types::Message;
    use bytes::Bytes;

    use super::*;
    use crate::{CqEntry, NewMessage, StoreConfig, WriteOp};

    fn old(i: u64) -> WriteOp {
        WriteOp::Append(NewMessage {
            topic_id: 1,
            topic: Arc::from("T"),
            queue_id: 0,
            store_time_ms: 100,
            message: Message {
                message_id: format!("m{i}"),
                body: Bytes::from_static(b"x"),
                ..Default::default()
            },
        })
    }

    #[tokio::test]
    async fn a_record_linked_while_a_pass_plans_is_not_deleted_by_that_pass() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(StoreConfig::new(dir.path())).unwrap();
        store
            .submit((0..10).map(old).collect(), true)
            .await
            .unwrap()
            .unwrap();
        // A pass begins and plans: nothing is pinned, so every record but the newest goes.
        let (begun, wait) = crossbeam_channel::bounded(1);
        store.send_command(Command::TrimBegin(begun));
        wait.recv().unwrap();
        let plan = store.plan_trim(1_000, &[(1, 0)]).unwrap();
        assert_eq!(plan.report.records, 9);
        // Meanwhile a retry links record 3 into the group's retry queue.
        let link = WriteOp::Link {
            topic_id: 2,
            queue_id: 1,
            entry: CqEntry {
                log_offset: 3,
                store_time_ms: 5_000,
                ..CqEntry::default()
            },
        };
        store.submit(vec![link], false).await.unwrap().unwrap();
        // The writer refuses the stale plan...
        let (reply, applied) = crossbeam_channel::bounded(1);
        store.send_command(Command::Trim(TrimCommit {
            batch: plan.batch,
            deleted: plan.deleted,
            reply,
        }));
        assert!(!applied.recv().unwrap().unwrap(), "a stale plan is refused");
        assert!(store.read_messages(&[3]).unwrap()[0].is_some());
        // ...and a pass planned again keeps the linked record, deleting the rest.
        let report = store.trim_before(1_000, &[(1, 0)]).unwrap();
        assert_eq!(report.records, 8);
        let present: Vec<bool> = store
            .read_messages(&(0..10).collect::<Vec<_>>())
            .unwrap()
            .iter()
            .map(Option::is_some)
            .collect();
        assert_eq!(
            present,
            [
                false, false, false, true, false, false, false, false, false, true
            ]
        );
        store.close();
    }
}
