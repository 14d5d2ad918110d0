//! Write health: free disk space, and what the store does after a write failed.
//!
//! Two lines of defence against a full disk. First, the writer refuses new records while the
//! disk holding the data directory has less than `min_free_bytes` free, so RocksDB keeps room
//! for its flushes and WAL and never hits ENOSPC in normal operation; small consumption writes
//! (acks, cursors) still go through. Second, if a write fails anyway (the disk filled between
//! checks, or an I/O error), RocksDB stops accepting writes for good ("Writer has previous
//! error") and its C API offers no `Resume`, so the writer reopens the database once a probe
//! shows the disk writable again (see `Writer::try_recover`). Until then every write is
//! answered with a clear error and reads keep working on the old handle.

use std::path::Path;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::StoreError;

/// How often the free space is looked up at most (a `statvfs` call).
const SPACE_CHECK_EVERY: Duration = Duration::from_millis(50);

/// What callers are told about the store's ability to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreHealth {
    Healthy,
    /// Writes of new messages are refused until space is freed.
    DiskFull {
        detail: String,
    },
    /// A write failed on an I/O error; every write is refused until the database is reopened.
    Recovering {
        detail: String,
    },
}

/// Shared between the writer (which sets it) and readers of [`crate::Store::health`].
#[derive(Debug, Default)]
pub(crate) struct HealthCell {
    state: Mutex<Option<Degraded>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Degraded {
    pub disk_full: bool,
    pub detail: String,
}

impl Degraded {
    pub fn error(&self) -> StoreError {
        if self.disk_full {
            StoreError::DiskFull(format!(
                "{}; writes resume by themselves once space is freed",
                self.detail
            ))
        } else {
            StoreError::Unavailable(format!(
                "{}; the store is reopening the database",
                self.detail
            ))
        }
    }
}

impl HealthCell {
    pub fn get(&self) -> StoreHealth {
        match &*self.state.lock() {
            None => StoreHealth::Healthy,
            Some(d) if d.disk_full => StoreHealth::DiskFull {
                detail: d.detail.clone(),
            },
            Some(d) => StoreHealth::Recovering {
                detail: d.detail.clone(),
            },
        }
    }

    pub fn degraded(&self) -> Option<Degraded> {
        self.state.lock().clone()
    }

    pub fn set(&self, d: Option<Degraded>) {
        *self.state.lock() = d;
    }
}

/// Turns a failed RocksDB write into the error callers see, telling a full disk apart.
pub(crate) fn classify_write_error(e: &rocksdb::Error) -> Degraded {
    let text = e.to_string();
    Degraded {
        disk_full: is_no_space(&text),
        detail: text,
    }
}

fn is_no_space(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("no space left") || t.contains("nospace") || t.contains("enospc")
}

/// Bytes available to unprivileged writers on the file system holding `dir`.
pub(crate) fn free_bytes(dir: &Path) -> Option<u64> {
    let st = rustix::fs::statvfs(dir).ok()?;
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

/// The writer's view of free space, looked up at most every [`SPACE_CHECK_EVERY`].
#[derive(Debug)]
pub(crate) struct SpaceGuard {
    min_free: u64,
    checked: Option<Instant>,
    low: Option<u64>,
}

impl SpaceGuard {
    pub fn new(min_free: u64) -> Self {
        Self {
            min_free,
            checked: None,
            low: None,
        }
    }

    /// `Some(error)` while the disk has less than the configured reserve free.
    pub fn check(&mut self, dir: &Path) -> Option<StoreError> {
        if self.min_free == 0 {
            return None;
        }
        if self
            .checked
            .is_none_or(|t| t.elapsed() >= SPACE_CHECK_EVERY)
        {
            self.checked = Some(Instant::now());
            self.low = free_bytes(dir).filter(|free| *free < self.min_free);
        }
        self.low.map(|free| {
            StoreError::DiskFull(format!(
                "{free} bytes free, below store.min_free_bytes = {}; new messages are refused \
                 until space is freed",
                self.min_free
            ))
        })
    }

    /// Forgets the last reading, so the next check looks again.
    pub fn invalidate(&mut self) {
        self.checked = None;
    }
}

/// Writes and syncs a small file in `dir` and removes it: whether the disk takes writes again.
pub(crate) fn disk_writable(dir: &Path, bytes: usize) -> bool {
    use std::io::Write as _;
    let path = dir.join(".apogee-space-probe");
    let result = std::fs::File::create(&path).and_then(|mut f| {
        f.write_all(&vec![0u8; bytes])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&path);
    result.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_space_errors_are_told_apart() {
        assert!(is_no_space(
            "IO error: No space left on device: While appending to file: /d/000012.log"
        ));
        assert!(is_no_space("IO error: NoSpace"));
        assert!(!is_no_space("IO error: Input/output error"));
    }

    #[test]
    fn the_guard_is_off_with_no_reserve_and_on_with_an_impossible_one() {
        let dir = tempfile::tempdir().unwrap();
        assert!(SpaceGuard::new(0).check(dir.path()).is_none());
        let err = SpaceGuard::new(u64::MAX).check(dir.path());
        assert!(matches!(err, Some(StoreError::DiskFull(m)) if m.contains("min_free_bytes")));
        assert!(free_bytes(dir.path()).is_some_and(|b| b > 0));
        assert!(disk_writable(dir.path(), 4096));
    }
}
