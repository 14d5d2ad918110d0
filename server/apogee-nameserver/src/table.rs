//! The route table: live brokers and the topics each serves.

use std::collections::HashMap;
use std::time::Duration;

use apogee_proto::nameserver::v1 as pb;
use parking_lot::RwLock;
use tokio::time::Instant;

/// One broker's registration.
#[derive(Debug, Clone)]
pub struct BrokerRegistration {
    pub info: pb::BrokerInfo,
    pub expires_at: Instant,
}

/// Live brokers by name.
#[derive(Debug, Default)]
pub struct RouteTable {
    brokers: RwLock<HashMap<String, BrokerRegistration>>,
}

/// TTL when a registration does not name one.
pub const DEFAULT_TTL: Duration = Duration::from_secs(30);

impl RouteTable {
    /// Registers or refreshes a broker; returns when the registration expires.
    pub fn register(&self, info: pb::BrokerInfo, ttl: Duration) -> Instant {
        let expires_at = Instant::now() + ttl;
        self.brokers
            .write()
            .insert(info.name.clone(), BrokerRegistration { info, expires_at });
        expires_at
    }

    pub fn unregister(&self, name: &str) -> bool {
        self.brokers.write().remove(name).is_some()
    }

    /// Live brokers, sorted by name. Expired registrations are dropped on the way.
    pub fn live(&self) -> Vec<pb::BrokerInfo> {
        let now = Instant::now();
        let mut brokers = self.brokers.write();
        brokers.retain(|_, r| r.expires_at > now);
        let mut out: Vec<_> = brokers.values().map(|r| r.info.clone()).collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Live brokers that hold `topic`, with their queue counts.
    pub fn route(&self, topic: &str) -> Vec<pb::BrokerRoute> {
        self.live()
            .into_iter()
            .filter_map(|b| {
                let t = b.topics.iter().find(|t| t.name == topic)?;
                Some(pb::BrokerRoute {
                    broker_name: b.name.clone(),
                    client_endpoint: b.client_endpoint.clone(),
                    queues: t.queues,
                    message_types: t.message_types.clone(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(name: &str, topics: &[&str]) -> pb::BrokerInfo {
        pb::BrokerInfo {
            name: name.into(),
            cluster: "c".into(),
            client_endpoint: format!("{name}:8081"),
            topics: topics
                .iter()
                .map(|t| pb::TopicEntry {
                    name: (*t).into(),
                    queues: 4,
                    message_types: vec!["normal".into()],
                })
                .collect(),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn routes_follow_registrations_and_expire() {
        let table = RouteTable::default();
        table.register(broker("b1", &["t1", "t2"]), Duration::from_secs(10));
        table.register(broker("b2", &["t1"]), Duration::from_secs(30));
        assert_eq!(table.route("t1").len(), 2);
        assert_eq!(table.route("t2").len(), 1);
        assert!(table.route("t3").is_empty());
        tokio::time::advance(Duration::from_secs(11)).await;
        let t1 = table.route("t1");
        assert_eq!(t1.len(), 1);
        assert_eq!(t1[0].broker_name, "b2");
        assert!(table.unregister("b2"));
        assert!(table.live().is_empty());
    }
}
