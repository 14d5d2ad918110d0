//! Master–slave replication at the storage layer: a master hands out its RocksDB write-ahead
//! log, batch by batch, in the order it was written; a slave applies each batch whole. Every
//! write of the store travels this way (commit log, consume queues, indexes, offsets, in-flight
//! deliveries, metadata, secrets), so a slave holds the same store: queues, indexes and
//! consumption state included, with no second encoding of any of them.
//!
//! Positions are RocksDB sequence numbers of the master. A batch of `count` operations starting
//! at `seq` covers `seq .. seq + count`; a slave records the last sequence number it applied in
//! the same write as the batch, so it resumes exactly where it stopped.

use rocksdb::WriteBatch;

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
        let mut opts = rocksdb::WriteOptions::default();
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
