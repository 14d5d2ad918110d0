//! Messages in and out per topic since the broker started: what the admin API's `GetTraffic`
//! reports, and what the web console turns into rates. Plain counters beside the OpenTelemetry
//! instruments, because those cannot be read back per topic.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::RwLock;

/// One topic's counts.
#[derive(Debug, Default)]
struct Counts {
    messages_in: AtomicU64,
    messages_out: AtomicU64,
}

/// Per-topic message counts.
#[derive(Debug, Default)]
pub struct Traffic {
    topics: RwLock<HashMap<String, Arc<Counts>>>,
}

/// One topic's totals at the moment of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicTraffic {
    pub topic: String,
    pub messages_in: u64,
    pub messages_out: u64,
}

impl Traffic {
    fn counts(&self, topic: &str) -> Arc<Counts> {
        if let Some(c) = self.topics.read().get(topic) {
            return c.clone();
        }
        self.topics
            .write()
            .entry(topic.to_owned())
            .or_default()
            .clone()
    }

    /// `n` messages stored in `topic`.
    pub(crate) fn add_in(&self, topic: &str, n: u64) {
        self.counts(topic)
            .messages_in
            .fetch_add(n, Ordering::Relaxed);
    }

    /// `n` messages of `topic` handed to consumers.
    pub(crate) fn add_out(&self, topic: &str, n: u64) {
        self.counts(topic)
            .messages_out
            .fetch_add(n, Ordering::Relaxed);
    }

    /// Every topic's totals so far, by name.
    pub fn snapshot(&self) -> Vec<TopicTraffic> {
        let mut all: Vec<TopicTraffic> = self
            .topics
            .read()
            .iter()
            .map(|(topic, c)| TopicTraffic {
                topic: topic.clone(),
                messages_in: c.messages_in.load(Ordering::Relaxed),
                messages_out: c.messages_out.load(Ordering::Relaxed),
            })
            .collect();
        all.sort_by(|a, b| a.topic.cmp(&b.topic));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_per_topic() {
        let t = Traffic::default();
        t.add_in("b", 3);
        t.add_in("a", 1);
        t.add_out("b", 2);
        t.add_in("b", 1);
        assert_eq!(
            t.snapshot(),
            vec![
                TopicTraffic {
                    topic: "a".into(),
                    messages_in: 1,
                    messages_out: 0
                },
                TopicTraffic {
                    topic: "b".into(),
                    messages_in: 4,
                    messages_out: 2
                },
            ]
        );
    }
}
