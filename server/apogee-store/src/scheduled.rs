//! Reads of the `timer` and `transaction` column families: scheduled messages waiting for
//! their time, and half transactional messages waiting for a decision.

use rocksdb::{IteratorMode, ReadOptions};

use crate::cf::Cf;
use crate::keys;
use crate::record::{TimerValue, TxnValue};
use crate::{Store, StoreError};

/// A scheduled message: when, and where its record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerKey {
    pub deliver_at_ms: u64,
    pub log_offset: u64,
}

pub fn decode_timer_key(k: &[u8]) -> Result<TimerKey, StoreError> {
    let raw: [u8; 16] = k
        .try_into()
        .map_err(|_| StoreError::Corrupt("timer key".into()))?;
    let mut at = [0u8; 8];
    let mut off = [0u8; 8];
    at.copy_from_slice(&raw[..8]);
    off.copy_from_slice(&raw[8..]);
    Ok(TimerKey {
        deliver_at_ms: u64::from_be_bytes(at),
        log_offset: u64::from_be_bytes(off),
    })
}

impl Store {
    /// Up to `limit` scheduled messages due in `[from_ms, now_ms]`, earliest first. Timers
    /// are deleted as they fire, so callers pass the time they have fired up to as `from_ms`
    /// and the scan does not wade through the tombstones of fired timers.
    pub fn due_timers(
        &self,
        from_ms: u64,
        now_ms: u64,
        limit: usize,
    ) -> Result<Vec<(TimerKey, TimerValue)>, StoreError> {
        let db = self.db()?;
        let cf = db.cf_handle(Cf::Timer.name()).ok_or(StoreError::Closed)?;
        let mut opts = ReadOptions::default();
        opts.set_iterate_lower_bound(keys::timer_key(from_ms, 0).to_vec());
        opts.set_iterate_upper_bound(keys::timer_key(now_ms.saturating_add(1), 0).to_vec());
        let mut out = Vec::new();
        for item in db.iterator_cf_opt(cf, opts, IteratorMode::Start) {
            let (k, v) = item?;
            out.push((decode_timer_key(&k)?, TimerValue::decode(&v)?));
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// When the earliest scheduled message at or after `from_ms` is due.
    pub fn next_timer(&self, from_ms: u64) -> Result<Option<u64>, StoreError> {
        let db = self.db()?;
        let cf = db.cf_handle(Cf::Timer.name()).ok_or(StoreError::Closed)?;
        let mut opts = ReadOptions::default();
        opts.set_iterate_lower_bound(keys::timer_key(from_ms, 0).to_vec());
        let mut it = db.iterator_cf_opt(cf, opts, IteratorMode::Start);
        match it.next() {
            Some(item) => Ok(Some(decode_timer_key(&item?.0)?.deliver_at_ms)),
            None => Ok(None),
        }
    }

    /// The timer of a scheduled message, if it has not fired or been recalled.
    pub fn timer(&self, key: TimerKey) -> Result<Option<TimerValue>, StoreError> {
        let db = self.db()?;
        let cf = db.cf_handle(Cf::Timer.name()).ok_or(StoreError::Closed)?;
        match db.get_pinned_cf(cf, keys::timer_key(key.deliver_at_ms, key.log_offset))? {
            Some(v) => Ok(Some(TimerValue::decode(&v)?)),
            None => Ok(None),
        }
    }

    /// One pending transaction.
    pub fn transaction(&self, transaction_id: &str) -> Result<Option<TxnValue>, StoreError> {
        let db = self.db()?;
        let cf = db
            .cf_handle(Cf::Transaction.name())
            .ok_or(StoreError::Closed)?;
        match db.get_pinned_cf(cf, transaction_id.as_bytes())? {
            Some(v) => Ok(Some(TxnValue::decode(&v)?)),
            None => Ok(None),
        }
    }

    /// Every pending transaction.
    pub fn load_transactions(&self) -> Result<Vec<(String, TxnValue)>, StoreError> {
        let db = self.db()?;
        let cf = db
            .cf_handle(Cf::Transaction.name())
            .ok_or(StoreError::Closed)?;
        let mut out = Vec::new();
        for item in db.iterator_cf(cf, IteratorMode::Start) {
            let (k, v) = item?;
            let id = String::from_utf8(k.to_vec())
                .map_err(|_| StoreError::Corrupt("transaction id".into()))?;
            out.push((id, TxnValue::decode(&v)?));
        }
        Ok(out)
    }
}
