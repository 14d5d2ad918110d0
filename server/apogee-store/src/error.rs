//! The store's error type.

/// Everything that can go wrong inside the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("rocksdb: {0}")]
    Rocks(#[from] rocksdb::Error),
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("metadata record: {0}")]
    Metadata(#[from] serde_json::Error),
    #[error("write failed: {0}")]
    WriteFailed(String),
    /// The disk holding the data directory is full (or below `store.min_free_bytes`). Writes
    /// resume by themselves once space is freed.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    /// A write failed on an I/O error; the store is reopening the database and refuses writes
    /// until that succeeds.
    #[error("the store is recovering from an I/O error: {0}")]
    Unavailable(String),
    /// A slave serving its dead master's queues takes consumption writes only.
    #[error("read-only: {0}")]
    ReadOnly(String),
    #[error("the store is shut down")]
    Closed,
    #[error("the store's writer thread could not be started: {0}")]
    Spawn(std::io::Error),
}

impl StoreError {
    /// True when retrying later can succeed without anyone changing the request: the disk is
    /// full or the store is recovering.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            StoreError::DiskFull(_) | StoreError::Unavailable(_) | StoreError::ReadOnly(_)
        )
    }

    /// The same error again, for answering several requests with one failure.
    pub fn duplicate(&self) -> StoreError {
        match self {
            StoreError::DiskFull(m) => StoreError::DiskFull(m.clone()),
            StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
            StoreError::ReadOnly(m) => StoreError::ReadOnly(m.clone()),
            StoreError::Closed => StoreError::Closed,
            other => StoreError::WriteFailed(other.to_string()),
        }
    }
}
