//! Failover's storage side. While a master is gone its slave serves the master's queues for
//! reading: the store then takes consumption writes only (cursors, finished marks, in-flight
//! deliveries), so the slave's messages, queues and metadata stay a prefix of the master's.
//! When the master returns it takes the slave's consumption state whole, before it serves
//! again, so an ack made on the slave is not delivered a second time.

use std::sync::atomic::Ordering;

use rocksdb::{IteratorMode, WriteBatch, WriteOptions};

use crate::cf::Cf;
use crate::keys::{self, InvisibleKey, OffsetsEntry};
use crate::ops::WriteOp;
use crate::record::InvisibleValue;
use crate::store::{Store, cf_of};
use crate::{FlushMode, StoreError};

/// Above every offsets and in-flight key (20, 28 or 36 bytes), for whole-CF deletes.
const PAST_EVERY_KEY: [u8; 64] = [0xFF; 64];

/// Raw (key, value) entries of one column family.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// A store's consumption state, as raw entries in the store's own encoding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumptionState {
    /// Cursors, finished marks and broadcast instances' starts (the offsets column family).
    pub offsets: Entries,
    /// In-flight deliveries (the invisible column family).
    pub inflight: Entries,
}

impl ConsumptionState {
    /// Refuses a state with any entry this store could not load (its own state is deleted
    /// only after every entry decoded).
    fn check(&self) -> Result<(), StoreError> {
        let bad = |what: &str, k: &[u8]| {
            StoreError::Corrupt(format!(
                "a handed-back {what} entry ({} key bytes)",
                k.len()
            ))
        };
        for (k, v) in &self.offsets {
            match keys::decode_offsets_key(k) {
                Some(OffsetsEntry::Cursor { .. }) if v.len() == 8 => {}
                Some(OffsetsEntry::Done { .. }) => {}
                _ => return Err(bad("offsets", k)),
            }
        }
        for (k, v) in &self.inflight {
            if InvisibleKey::decode(k).is_none() || InvisibleValue::decode(v).is_err() {
                return Err(bad("in-flight", k));
            }
        }
        Ok(())
    }
}

impl WriteOp {
    /// Whether the op changes consumption state only (what a store taking reads only accepts).
    pub(crate) fn is_consumption(&self) -> bool {
        matches!(
            self,
            WriteOp::PutInvisible(..)
                | WriteOp::DeleteInvisible(_)
                | WriteOp::PutOffset { .. }
                | WriteOp::PutDone { .. }
                | WriteOp::DeleteDoneRange { .. }
        )
    }
}

impl Store {
    /// Refuses (`true`) or accepts again (`false`) every write that is not consumption state:
    /// messages, links, timers, transactions and metadata get [`StoreError::ReadOnly`].
    pub fn set_consumption_only(&self, on: bool) {
        self.inner.consumption_only.store(on, Ordering::Release);
    }

    /// The refusal for `ops` when the store takes consumption writes only.
    pub(crate) fn refuse_while_read_only(&self, ops: &[WriteOp]) -> Option<StoreError> {
        (self.inner.consumption_only.load(Ordering::Acquire)
            && ops.iter().any(|op| !op.is_consumption()))
        .then(|| {
            StoreError::ReadOnly(
                "this slave serves its dead master's queues for reading only".into(),
            )
        })
    }

    /// The whole consumption state (for handing it back to a returning master).
    pub fn consumption_state(&self) -> Result<ConsumptionState, StoreError> {
        let db = self.db()?;
        let read = |cf: Cf| -> Result<Entries, StoreError> {
            let mut out = Vec::new();
            for item in db.iterator_cf(cf_of(&db, cf)?, IteratorMode::Start) {
                let (k, v) = item?;
                out.push((k.into_vec(), v.into_vec()));
            }
            Ok(out)
        };
        Ok(ConsumptionState {
            offsets: read(Cf::Offsets)?,
            inflight: read(Cf::Invisible)?,
        })
    }

    /// Replaces the whole consumption state with `state`, in one write (synced in `sync`
    /// flush mode). Called before anything reads the store (the broker loads it after), so it
    /// bypasses the writer; the write still reaches slaves through the WAL.
    pub fn replace_consumption_state(&self, state: &ConsumptionState) -> Result<(), StoreError> {
        state.check()?;
        let db = self.db()?;
        let mut batch = WriteBatch::default();
        for (cf, entries) in [
            (Cf::Offsets, &state.offsets),
            (Cf::Invisible, &state.inflight),
        ] {
            let handle = cf_of(&db, cf)?;
            batch.delete_range_cf(handle, [].as_slice(), PAST_EVERY_KEY.as_slice());
            for (k, v) in entries {
                batch.put_cf(handle, k, v);
            }
        }
        let mut opts = WriteOptions::default();
        opts.set_sync(self.config().flush == FlushMode::Sync);
        db.write_opt(batch, &opts)?;
        Ok(())
    }
}
