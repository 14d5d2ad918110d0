//! Label sets built once per key and shared: the hot paths (every RPC, every stored message)
//! record with labels that repeat, and building them (strings, the node labels) per call
//! would cost more than the measurement. Bounded: past [`MAX_KEYS`] keys, sets are built
//! per call instead of kept.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

/// Keys kept at most per cache.
pub const MAX_KEYS: usize = 16_384;

/// One cache, typically a `static` next to the code that records.
#[derive(Debug, Default)]
pub struct LabelCache<T> {
    map: RwLock<Option<HashMap<Box<str>, Arc<T>>>>,
}

impl<T> LabelCache<T> {
    pub const fn new() -> Self {
        Self {
            map: RwLock::new(None),
        }
    }

    /// The value for `key`, built by `build` the first time.
    pub fn get(&self, key: &str, build: impl FnOnce() -> T) -> Arc<T> {
        if let Some(v) = self.map.read().as_ref().and_then(|m| m.get(key)) {
            return v.clone();
        }
        let value = Arc::new(build());
        let mut map = self.map.write();
        let map = map.get_or_insert_with(HashMap::new);
        if map.len() < MAX_KEYS {
            map.entry(key.into()).or_insert_with(|| value.clone());
        }
        value
    }
}
