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
    #[error("the store is shut down")]
    Closed,
    #[error("the store's writer thread could not be started: {0}")]
    Spawn(std::io::Error),
}
