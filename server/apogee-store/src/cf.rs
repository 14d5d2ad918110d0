//! Column families. One enum so that no caller ever spells a column-family name.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rocksdb::Options;
use rocksdb::compaction_filter::Decision;

use crate::keys;

/// How old an index file may get before RocksDB compacts it (and drops trimmed entries).
const INDEX_PERIODIC_COMPACTION: Duration = Duration::from_secs(12 * 3600);

/// Every column family of the store (see docs/architecture.md, "Storage layout").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cf {
    /// log offset → stored message.
    CommitLog,
    /// (topic id, queue id, queue offset) → [`crate::CqEntry`].
    ConsumeQueue,
    /// (group id, topic id, queue id) → next offset to hand out.
    Offsets,
    /// (deadline, group id, topic id, queue id, queue offset) → in-flight delivery.
    Invisible,
    /// (topic id, key, store time, log offset) → ().
    KeyIndex,
    /// (message id, log offset) → ().
    MsgIdIndex,
    /// (deliver-at, log offset) → delay or scheduled message.
    Timer,
    /// transaction id → half message.
    Transaction,
    /// (kind, name) → topic / group configuration.
    Metadata,
    /// log offset → keep-until time (ms): a record that retention must keep while its
    /// keep-until is not older than the cutoff, though its store time is (a scheduled or half
    /// message still pending: forever; one linked into a queue later: its link time).
    RetentionPins,
}

impl Cf {
    pub const ALL: [Cf; 10] = [
        Cf::CommitLog,
        Cf::ConsumeQueue,
        Cf::Offsets,
        Cf::Invisible,
        Cf::KeyIndex,
        Cf::MsgIdIndex,
        Cf::Timer,
        Cf::Transaction,
        Cf::Metadata,
        Cf::RetentionPins,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Cf::CommitLog => "commitlog",
            Cf::ConsumeQueue => "consume_queue",
            Cf::Offsets => "offsets",
            Cf::Invisible => "invisible",
            Cf::KeyIndex => "key_index",
            Cf::MsgIdIndex => "msgid_index",
            Cf::Timer => "timer",
            Cf::Transaction => "transaction",
            Cf::Metadata => "metadata",
            Cf::RetentionPins => "retention_pins",
        }
    }

    /// Per-column-family tuning. Commit-log and consume-queue keys only grow, so their compactions
    /// are mostly trivial moves; LZ4 keeps CPU low on the hot data, ZSTD shrinks the cold bottom.
    /// Index keys end with the log offset they point at; retention cannot delete them by range
    /// (they are ordered by id or key, not by time), so their compactions drop every entry below
    /// `log_floor`, and periodic compaction makes sure old index files are rewritten at all.
    pub(crate) fn options(self, log_floor: &Arc<AtomicU64>) -> Options {
        let mut o = Options::default();
        match self {
            Cf::CommitLog => {
                o.set_compression_type(rocksdb::DBCompressionType::Lz4);
                o.set_bottommost_compression_type(rocksdb::DBCompressionType::Zstd);
                o.set_write_buffer_size(64 * 1024 * 1024);
            }
            Cf::ConsumeQueue => {
                o.set_compression_type(rocksdb::DBCompressionType::Lz4);
            }
            Cf::KeyIndex | Cf::MsgIdIndex => {
                o.set_compression_type(rocksdb::DBCompressionType::Lz4);
                o.set_periodic_compaction_seconds(INDEX_PERIODIC_COMPACTION.as_secs());
                let floor = log_floor.clone();
                o.set_compaction_filter(
                    "apogee-drop-trimmed-index",
                    move |_, key: &[u8], _: &[u8]| match keys::decode_index_log_offset(key) {
                        Some(offset) if offset < floor.load(Ordering::Relaxed) => Decision::Remove,
                        _ => Decision::Keep,
                    },
                );
            }
            _ => {}
        }
        o
    }
}
