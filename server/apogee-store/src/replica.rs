//! Master–slave replication at the storage layer: a master hands out its RocksDB write-ahead
//! log, batch by batch, in the order it was written; a slave applies each batch whole. Every
//! write of the store travels this way (commit log, consume queues, indexes, offsets, in-flight
//! deliveries, metadata, secrets), so a slave holds the same store: queues, indexes and
//! consumption state included, with no second encoding of any of them.
//!
//! Positions are RocksDB sequence numbers of the master. A batch of `count` operations starting
//! at `seq` covers `seq .. seq + count`; a slave records the last sequence number it applied in
//! the same write as the batch, so it resumes exactly where it stopped.

use std::collections::VecDeque;

use parking_lot::Mutex;
use rocksdb::{DB, WriteBatch, WriteOptions};

use crate::StoreError;
use crate::cf::Cf;
use crate::keys::{self, MetaKind};
use crate::store::{Store, cf_of, log_bounds};

/// One write of the master, as its WAL holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaBatch {
    /// Sequence number of the batch's first operation.
    pub seq: u64,
    /// Number of operations (sequence numbers) it covers.
    pub count: u64,
    /// RocksDB's own encoding of the batch.
    pub data: Vec<u8>,
}

impl ReplicaBatch {
    /// The last sequence number the batch covers.
    pub fn last_seq(&self) -> u64 {
        self.seq + self.count.max(1) - 1
    }
}

/// The writer's latest writes, kept in memory for slaves that keep up: reading the WAL again
/// for every round costs a scan of the current log file from its start (RocksDB seeks a
/// sequence number by reading), so the WAL serves only catching up.
#[derive(Debug, Default)]
pub(crate) struct ReplicaTail {
    /// Bytes kept at most (0: keep nothing; the store has no slaves).
    capacity: usize,
    inner: Mutex<TailInner>,
}

#[derive(Debug, Default)]
struct TailInner {
    batches: VecDeque<ReplicaBatch>,
    bytes: usize,
}

impl ReplicaTail {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::default(),
        }
    }

    /// Writes `batch` and keeps a copy with its sequence numbers. The copy is kept only when
    /// nothing else wrote in between (the sequence numbers then are certain); otherwise
    /// slaves read that stretch from the WAL.
    pub(crate) fn write(
        &self,
        db: &DB,
        batch: WriteBatch,
        opts: &WriteOptions,
    ) -> Result<(), rocksdb::Error> {
        if self.capacity == 0 {
            return db.write_opt(batch, opts);
        }
        let data = batch.data().to_vec();
        let count = batch.len() as u64;
        let before = db.latest_sequence_number();
        db.write_opt(batch, opts)?;
        let after = db.latest_sequence_number();
        if count > 0 && after - before == count && data.len() >= 12 {
            // The batch header (sequence number, fixed64 little-endian, then the count) as
            // the WAL holds it: RocksDB fills the sequence in only as it writes.
            let mut data = data;
            data[..8].copy_from_slice(&(before + 1).to_le_bytes());
            let mut t = self.inner.lock();
            t.bytes += data.len();
            t.batches.push_back(ReplicaBatch {
                seq: before + 1,
                count,
                data,
            });
            while t.bytes > self.capacity {
                match t.batches.pop_front() {
                    Some(old) => t.bytes -= old.data.len(),
                    None => break,
                }
            }
        }
        Ok(())
    }

    /// The kept batches right after `after`, up to about `max_bytes`; `None` when the tail does
    /// not hold the next one.
    fn after(&self, after: u64, max_bytes: usize) -> Option<Vec<ReplicaBatch>> {
        let t = self.inner.lock();
        let start = t.batches.iter().position(|b| b.seq == after + 1)?;
        let mut out = Vec::new();
        let mut bytes = 0;
        let mut next = after + 1;
        for b in t.batches.iter().skip(start) {
            // A stretch written outside the writer is not here: stop before the hole.
            if b.seq != next || (bytes >= max_bytes && !out.is_empty()) {
                break;
            }
            bytes += b.data.len();
            next = b.seq + b.count;
            out.push(b.clone());
        }
        Some(out)
    }
}

fn applied_key() -> Vec<u8> {
    keys::meta_key(MetaKind::Replica, "applied")
}

impl Store {
    /// The sequence number of the store's last write.
    pub fn latest_seq(&self) -> Result<u64, StoreError> {
        Ok(self.db()?.latest_sequence_number())
    }

    /// The offset the next message will get, read from the database (on a slave the writer's
    /// own counter does not follow replicated writes).
    pub fn stored_next_log_offset(&self) -> Result<u64, StoreError> {
        Ok(log_bounds(&*self.db()?)?.1)
    }

    /// The batches written after `after` (a sequence number), oldest first, until about
    /// `max_bytes`; empty when there is none yet. Fails when the WAL no longer holds them
    /// (kept by `StoreConfig::wal_keep_mb`).
    pub fn wal_after(&self, after: u64, max_bytes: usize) -> Result<Vec<ReplicaBatch>, StoreError> {
        let db = self.db()?;
        if db.latest_sequence_number() <= after {
            return Ok(Vec::new());
        }
        if let Some(kept) = self.inner.tail.after(after, max_bytes) {
            return Ok(kept);
        }
        let mut out = Vec::new();
        let mut bytes = 0;
        for item in db.get_updates_since(after)? {
            let (seq, batch) = item?;
            if seq <= after {
                continue;
            }
            let data = batch.data().to_vec();
            bytes += data.len();
            out.push(ReplicaBatch {
                seq,
                count: batch.len() as u64,
                data,
            });
            if bytes >= max_bytes {
                break;
            }
        }
        // A gap means the master's WAL was purged past what the slave has.
        if let Some(first) = out.first()
            && first.seq > after + 1
        {
            return Err(StoreError::Corrupt(format!(
                "the write-ahead log starts at sequence {} but the replica is at {after}; \
                 copy the master's data directory to the slave to start it again",
                first.seq
            )));
        }
        Ok(out)
    }

    /// Applies a master's batch whole, with the replica's position in the same write.
    pub fn apply_replica(&self, batch: &ReplicaBatch) -> Result<(), StoreError> {
        let db = self.db()?;
        let mut wb = WriteBatch::from_data(&batch.data);
        wb.put_cf(
            cf_of(&db, Cf::Metadata)?,
            applied_key(),
            batch.last_seq().to_be_bytes(),
        );
        let mut opts = WriteOptions::default();
        opts.set_sync(self.config().flush == crate::FlushMode::Sync);
        db.write_opt(wb, &opts)?;
        Ok(())
    }

    /// Completes after the writer's next write (create it before reading, to miss none).
    pub fn written(&self) -> tokio::sync::futures::Notified<'_> {
        self.inner.written.notified()
    }

    /// The master's last sequence number this replica applied (0 for a new replica).
    pub fn replica_position(&self) -> Result<u64, StoreError> {
        let db = self.db()?;
        match db.get_cf(cf_of(&db, Cf::Metadata)?, applied_key())? {
            Some(v) => {
                Ok(u64::from_be_bytes(v.as_slice().try_into().map_err(
                    |_| StoreError::Corrupt("replica position".into()),
                )?))
            }
            None => Ok(0),
        }
    }
}
