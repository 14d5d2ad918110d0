//! Apogee's store: RocksDB behind a small synchronous API. This is the only crate that uses
//! RocksDB (enforced by deny.toml).
//!
//! # Layout
//! - [`cf`]: the column families.
//! - [`keys`]: big-endian key codecs, so byte order is logical order.
//! - `record`: value encodings (commit-log records, consume-queue entries, in-flight entries).
//! - [`meta`]: topic and group records.
//! - `ops`: write operations and how they are staged into a batch.
//! - `writer`: the group-commit writer thread, the single writer of offsets and state.
//! - `store`: opening, closing, submitting writes. `reads`: every read.
//! - `health`: free-space reserve, and reopening the database after a failed write.
//! - `retention`: deleting ranges older than a cutoff, applied by the writer.
//! - `scheduled`: reads of timers (delay messages) and half transactional messages.
//! - `replica`: the WAL a master hands to its slaves, and how a slave applies it.
//! - `handback`: a slave taking reads only while its master is gone, and its consumption state
//!   handed back to the returning master.
//!
//! # Durability
//! The RocksDB WAL is the durability point. Writes that assign offsets go through one thread
//! that merges everything queued into one `WriteBatch`; in `sync` flush mode that batch is
//! fsync'd before any of its senders is answered. Queue ends are published only after the write,
//! so readers never see an offset that is not yet stored.

pub mod cf;
mod error;
mod handback;
mod health;
pub mod keys;
pub mod meta;
mod ops;
mod reads;
mod record;
mod replica;
mod retention;
mod scheduled;
mod stats;
mod store;
mod writer;

/// The record and key decoders that are not otherwise public, for the fuzz tests
/// (`tests/fuzz_codec.rs`); not an API.
#[doc(hidden)]
pub mod codec {
    pub use crate::record::{decode_message, encode_record_start, finish_record};
    pub use crate::scheduled::decode_timer_key;
}

pub use error::StoreError;
pub use handback::ConsumptionState;
pub use health::StoreHealth;
pub use keys::{InvisibleKey, OffsetsEntry, ViewKey};
pub use meta::{AclEntryRecord, AclRecord, GroupRecord, TopicRecord, UserRecord};
pub use ops::{NOT_QUEUED, NewMessage, Placement, WriteOp};
pub use record::{CqEntry, InvisibleValue, TimerValue, TxnValue};
pub use replica::ReplicaBatch;
pub use retention::TrimReport;
pub use scheduled::TimerKey;
pub use stats::StorageStats;
pub use store::{AppendListener, DEFAULT_MIN_FREE_BYTES, FlushMode, Store, StoreConfig};
