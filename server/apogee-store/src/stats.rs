//! Sizes and RocksDB figures for metrics (`rocketmq_storage_size`, `apogee_rocksdb_*`):
//! read from RocksDB's properties here, so no other crate touches RocksDB.

use crate::Store;
use crate::cf::Cf;

/// A snapshot of the store's size and RocksDB's state, summed over column families.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorageStats {
    /// Bytes of SST files.
    pub sst_bytes: u64,
    /// Bytes of write-ahead log files on disk.
    pub wal_bytes: u64,
    /// Bytes held in memtables (written, not yet flushed to SST files).
    pub memtable_bytes: u64,
    /// Bytes compaction still has to rewrite (RocksDB's estimate).
    pub pending_compaction_bytes: u64,
    /// Compactions running now.
    pub running_compactions: u64,
    /// Estimated live keys.
    pub estimated_keys: u64,
    /// Block cache bytes in use.
    pub block_cache_bytes: u64,
}

impl StorageStats {
    /// What the store occupies on disk.
    pub fn disk_bytes(&self) -> u64 {
        self.sst_bytes + self.wal_bytes
    }

    /// The RocksDB figures by metric name suffix.
    pub fn rocksdb_figures(&self) -> [(&'static str, u64); 6] {
        [
            ("sst_bytes", self.sst_bytes),
            ("memtable_bytes", self.memtable_bytes),
            ("pending_compaction_bytes", self.pending_compaction_bytes),
            ("running_compactions", self.running_compactions),
            ("estimated_keys", self.estimated_keys),
            ("block_cache_bytes", self.block_cache_bytes),
        ]
    }
}

impl Store {
    /// Reads the figures now (a few property lookups per column family and a directory
    /// listing: for a scrape, not for a hot path). A closed store reads as zeros.
    pub fn storage_stats(&self) -> StorageStats {
        let mut s = StorageStats::default();
        let Ok(db) = self.db() else { return s };
        for cf in Cf::ALL {
            let Some(handle) = db.cf_handle(cf.name()) else {
                continue;
            };
            let prop = |name: &str| {
                db.property_int_value_cf(&handle, name)
                    .ok()
                    .flatten()
                    .unwrap_or(0)
            };
            s.sst_bytes += prop("rocksdb.total-sst-files-size");
            s.memtable_bytes += prop("rocksdb.cur-size-all-mem-tables");
            s.pending_compaction_bytes += prop("rocksdb.estimate-pending-compaction-bytes");
            s.estimated_keys += prop("rocksdb.estimate-num-keys");
            s.block_cache_bytes = s.block_cache_bytes.max(prop("rocksdb.block-cache-usage"));
        }
        s.running_compactions = db
            .property_int_value("rocksdb.num-running-compactions")
            .ok()
            .flatten()
            .unwrap_or(0);
        s.wal_bytes = std::fs::read_dir(self.config().data_dir.join("rocksdb"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        s
    }
}
