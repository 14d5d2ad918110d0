//! Messages in and out per topic since the broker started: what the admin API's `GetTraffic`
//! reports, and what the web console turns into rates. Plain counters beside the OpenTelemetry
//! instruments, because those cannot be read back per topic.

use std::collections::HashMap;
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
    topics: RwLock<HashMap<String, Counts>>,
}

/// One topic's totals at the moment of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicTraffic {
    pub topic: String,
    pub messages_in: u64,
    pub messages_out: u64,
}

impl Traffic {
    /// Adds `n` to one of `topic`'s counters: under the read lock once the topic is known (a
    /// send pays a lookup and an atomic add).
    fn add(&self, topic: &str, counter: fn(&Counts) -> &AtomicU64, n: u64) {
        if let Some(c) = self.topics.read().get(topic) {
            counter(c).fetch_add(n, Ordering::Relaxed);
            return;
        }
        let mut topics = self.topics.write();
        counter(topics.entry(topic.to_owned()).or_default()).fetch_add(n, Ordering::Relaxed);
    }

    /// `n` messages stored in `topic`.
    pub(crate) fn add_in(&self, topic: &str, n: u64) {
        self.add(topic, |c| &c.messages_in, n);
    }

    /// `n` messages of `topic` handed to consumers.
    pub(crate) fn add_out(&self, topic: &str, n: u64) {
        self.add(topic, |c| &c.messages_out, n);
    }

    /// A deleted topic's counts go with it.
    pub(crate) fn forget(&self, topic: &str) {
        self.topics.write().remove(topic);
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
        t.add_in("gone", 1);
        t.forget("gone");
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
