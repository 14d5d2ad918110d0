//! Retention: delete whole ranges older than a cutoff. Commit-log and consume-queue keys only
//! grow with time, so "older than" is a key prefix and one `delete_range` per range suffices.

use bytes::Bytes;
use rocksdb::WriteBatch;

use crate::cf::Cf;
use crate::keys;
use crate::record::decode_message;
use crate::{Store, StoreError};

/// What one retention pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrimReport {
    /// Commit-log records removed.
    pub records: u64,
    /// Consume-queue entries removed, over all queues.
    pub entries: u64,
}

impl Store {
    /// Removes commit-log records and consume-queue entries of `queues` stored before
    /// `cutoff_ms`. Index entries that point at removed records are skipped by lookups and
    /// dropped by the indexes' next compaction.
    pub fn trim_before(
        &self,
        cutoff_ms: i64,
        queues: &[(u32, u32)],
    ) -> Result<TrimReport, StoreError> {
        let mut report = TrimReport::default();
        let db = self.db();
        let mut batch = WriteBatch::default();
        let log_cf = db
            .cf_handle(Cf::CommitLog.name())
            .ok_or(StoreError::Closed)?;
        let (first, end) = self.log_bounds()?;
        // First record stored at or after the cutoff: store times only grow along the log.
        let (mut lo, mut hi) = (first, end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let stored_before = match db.get_cf(log_cf, keys::log_key(mid))? {
                Some(raw) => decode_message(mid, Bytes::from(raw))?.store_timestamp_ms < cutoff_ms,
                // A hole left by an earlier pass: everything below it is gone too.
                None => true,
            };
            if stored_before {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo > first {
            batch.delete_range_cf(log_cf, keys::log_key(first), keys::log_key(lo));
            report.records = lo - first;
        }
        let cq_cf = db
            .cf_handle(Cf::ConsumeQueue.name())
            .ok_or(StoreError::Closed)?;
        for &(topic_id, queue_id) in queues {
            let start = self.queue_start(topic_id, queue_id)?;
            let cut = self.offset_at_time(topic_id, queue_id, cutoff_ms)?;
            if cut > start {
                batch.delete_range_cf(
                    cq_cf,
                    keys::cq_key(topic_id, queue_id, start),
                    keys::cq_key(topic_id, queue_id, cut),
                );
                report.entries += cut - start;
            }
        }
        if report.records > 0 || report.entries > 0 {
            db.write(batch)?;
        }
        if report.records > 0 {
            self.raise_log_floor(lo);
        }
        Ok(report)
    }

    /// Compacts the id and key indexes now, dropping the entries of records removed by
    /// retention (compactions RocksDB schedules itself drop them too, later).
    pub fn compact_indexes(&self) -> Result<(), StoreError> {
        let db = self.db();
        for cf in [Cf::MsgIdIndex, Cf::KeyIndex] {
            let handle = db.cf_handle(cf.name()).ok_or(StoreError::Closed)?;
            db.compact_range_cf(handle, None::<&[u8]>, None::<&[u8]>);
        }
        Ok(())
    }

    /// Every (topic id, queue id) that has consume-queue entries.
    pub fn list_queues(&self) -> Result<Vec<(u32, u32)>, StoreError> {
        let db = self.db();
        let cf = db
            .cf_handle(Cf::ConsumeQueue.name())
            .ok_or(StoreError::Closed)?;
        let mut it = db.raw_iterator_cf(cf);
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

    /// First kept log offset and one past the last.
    fn log_bounds(&self) -> Result<(u64, u64), StoreError> {
        let db = self.db();
        let cf = db
            .cf_handle(Cf::CommitLog.name())
            .ok_or(StoreError::Closed)?;
        let mut it = db.raw_iterator_cf(cf);
        it.seek_to_first();
        let first = it.key().and_then(keys::decode_log_key);
        it.seek_to_last();
        let last = it.key().and_then(keys::decode_log_key);
        it.status()?;
        Ok(match (first, last) {
            (Some(f), Some(l)) => (f, l + 1),
            _ => (0, 0),
        })
    }
}
