//! Named things with numeric ids (topics, consumer groups): looked up by either, created one
//! at a time so ids are unique and a name is created once.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use parking_lot::RwLock;

#[derive(Debug)]
pub(crate) struct Registry<T> {
    by_name: RwLock<HashMap<String, Arc<T>>>,
    by_id: RwLock<HashMap<u32, Arc<T>>>,
    /// Held across a creation (or an update) and the store write that records it.
    pub create_lock: tokio::sync::Mutex<()>,
    next_id: AtomicU32,
}

impl<T> Registry<T> {
    /// A registry of loaded items, given as (name, id, item); new ids follow the largest, and
    /// `floor` (the largest id of deleted items, never given again: their data may still be
    /// stored under it).
    pub fn with_id_floor(
        items: impl IntoIterator<Item = (String, u32, Arc<T>)>,
        floor: u32,
    ) -> Self {
        let (mut by_name, mut by_id) = (HashMap::new(), HashMap::new());
        let mut max_id = floor;
        for (name, id, item) in items {
            max_id = max_id.max(id);
            by_name.insert(name, item.clone());
            by_id.insert(id, item);
        }
        Self {
            by_name: RwLock::new(by_name),
            by_id: RwLock::new(by_id),
            create_lock: tokio::sync::Mutex::new(()),
            next_id: AtomicU32::new(max_id + 1),
        }
    }

    pub fn get(&self, name: &str) -> Option<Arc<T>> {
        self.by_name.read().get(name).cloned()
    }

    pub fn by_id(&self, id: u32) -> Option<Arc<T>> {
        self.by_id.read().get(&id).cloned()
    }

    pub fn len(&self) -> usize {
        self.by_name.read().len()
    }

    /// Every item, sorted by name.
    pub fn list(&self) -> Vec<Arc<T>> {
        let map = self.by_name.read();
        let mut names: Vec<&String> = map.keys().collect();
        names.sort();
        names.into_iter().map(|n| map[n].clone()).collect()
    }

    /// The id for the next item (call while holding `create_lock`).
    pub fn next_id(&self) -> u32 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn insert(&self, name: String, id: u32, item: Arc<T>) {
        self.by_name.write().insert(name, item.clone());
        self.by_id.write().insert(id, item);
    }

    /// Forgets an item (its id stays used).
    pub fn remove(&self, name: &str, id: u32) {
        self.by_name.write().remove(name);
        self.by_id.write().remove(&id);
    }
}
