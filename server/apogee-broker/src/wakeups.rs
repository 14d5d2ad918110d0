//! Long-poll wakeups: one watch channel per topic, bumped when a queue of the topic grows, when
//! a group's retry queue for the topic grows, or when an ack frees room for a held-back consumer.

use std::collections::{HashMap, HashSet};

use parking_lot::RwLock;
use tokio::sync::watch;

#[derive(Debug, Default)]
pub struct Wakeups {
    topics: RwLock<HashMap<u32, watch::Sender<u64>>>,
    retry_topics: RwLock<HashSet<u32>>,
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

    /// Remembers that a topic is a retry topic, whose queue ids are topic ids.
    pub fn mark_retry_topic(&self, topic_id: u32) {
        self.retry_topics.write().insert(topic_id);
    }

    /// Wakes the readers of the original topic when a retry queue grows.
    pub fn notify_retry(&self, topic_id: u32, queue_id: u32) {
        if self.retry_topics.read().contains(&topic_id) {
            self.notify(queue_id);
        }
    }
}
