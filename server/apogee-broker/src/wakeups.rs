//! Long-poll wakeups: one watch channel per topic, bumped when a queue of the topic (or the
//! topic's retry queue of some group) grows.

use std::collections::HashMap;

use parking_lot::RwLock;
use tokio::sync::watch;

#[derive(Debug, Default)]
pub struct Wakeups {
    topics: RwLock<HashMap<u32, watch::Sender<u64>>>,
}

impl Wakeups {
    /// A receiver whose `changed()` fires on the next growth of the topic.
    pub fn subscribe(&self, topic_id: u32) -> watch::Receiver<u64> {
        if let Some(tx) = self.topics.read().get(&topic_id) {
            return tx.subscribe();
        }
        self.topics
            .write()
            .entry(topic_id)
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    pub fn notify(&self, topic_id: u32) {
        if let Some(tx) = self.topics.read().get(&topic_id) {
            tx.send_modify(|v| *v = v.wrapping_add(1));
        }
    }
}
