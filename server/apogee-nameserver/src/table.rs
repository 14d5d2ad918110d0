//! The route table: live broker registrations and the topics each serves.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use apogee_proto::nameserver::v1 as pb;
use parking_lot::RwLock;
use tokio::time::Instant;

/// One broker's registration.
#[derive(Debug, Clone)]
pub struct BrokerRegistration {
    pub info: pb::BrokerInfo,
    pub expires_at: Instant,
    /// Wall-clock times, for people and other processes.
    pub last_heartbeat: SystemTime,
    pub expires_at_wall: SystemTime,
}

/// A registration's identity: cluster, broker name and broker id (a master and its slaves
/// share a name). Ordered so listings come out sorted.
type Key = (String, String, u64);

/// Live brokers by (cluster, name, id).
#[derive(Debug, Default)]
pub struct RouteTable {
    brokers: RwLock<BTreeMap<Key, BrokerRegistration>>,
}

/// How long a silent broker stays in the routes unless the nameserver is told otherwise
/// (RocketMQ's nameserver also drops a broker after 120 s without a heartbeat).
pub const DEFAULT_BROKER_TIMEOUT: Duration = Duration::from_secs(120);

fn key_of(info: &pb::BrokerInfo) -> Key {
    (info.cluster.clone(), info.name.clone(), info.broker_id)
}

impl RouteTable {
    /// Registers or refreshes a broker; returns when the registration expires.
    pub fn register(&self, info: pb::BrokerInfo, ttl: Duration) -> SystemTime {
        let now = SystemTime::now();
        let registration = BrokerRegistration {
            expires_at: Instant::now() + ttl,
            last_heartbeat: now,
            expires_at_wall: now + ttl,
            info,
        };
        let expires = registration.expires_at_wall;
        let mut brokers = self.brokers.write();
        let key = key_of(&registration.info);
        if !brokers.contains_key(&key) {
            tracing::info!(cluster = %key.0, broker = %key.1, id = key.2, endpoint = %registration.info.client_endpoint, "Broker registered.");
        }
        brokers.insert(key, registration);
        expires
    }

    /// Removes a broker (every cluster's registration of that name and id).
    pub fn unregister(&self, name: &str, broker_id: u64) -> bool {
        let mut brokers = self.brokers.write();
        let before = brokers.len();
        brokers.retain(|(_, n, id), _| !(n == name && *id == broker_id));
        let removed = brokers.len() < before;
        if removed {
            tracing::info!(broker = %name, id = broker_id, "Broker unregistered.");
        }
        removed
    }

    /// Live registrations, sorted by cluster, name and id. Expired ones are dropped on the way.
    pub fn members(&self) -> Vec<BrokerRegistration> {
        let now = Instant::now();
        let mut brokers = self.brokers.write();
        brokers.retain(|(cluster, name, id), r| {
            let live = r.expires_at > now;
            if !live {
                tracing::warn!(%cluster, broker = %name, id, "Broker silent past its timeout: removed from the routes.");
            }
            live
        });
        brokers.values().cloned().collect()
    }

    /// Live brokers, sorted by cluster, name and id.
    pub fn live(&self) -> Vec<pb::BrokerInfo> {
        self.members().into_iter().map(|r| r.info).collect()
    }

    /// Live brokers (masters and slaves) that hold `topic`, with their queue counts.
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
                    broker_id: b.broker_id,
                    read_only: b.acting_master,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(name: &str, id: u64, topics: &[&str]) -> pb::BrokerInfo {
        pb::BrokerInfo {
            name: name.into(),
            cluster: "c".into(),
            client_endpoint: format!("{name}-{id}:8081"),
            broker_id: id,
            topics: topics
                .iter()
                .map(|t| pb::TopicEntry {
                    name: (*t).into(),
                    queues: 4,
                    message_types: vec!["normal".into()],
                })
                .collect(),
            ..Default::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn routes_follow_registrations_and_expire() {
        let table = RouteTable::default();
        table.register(broker("b1", 0, &["t1", "t2"]), Duration::from_secs(10));
        table.register(broker("b2", 0, &["t1"]), Duration::from_secs(30));
        assert_eq!(table.route("t1").len(), 2);
        assert_eq!(table.route("t2").len(), 1);
        assert!(table.route("t3").is_empty());
        tokio::time::advance(Duration::from_secs(11)).await;
        let t1 = table.route("t1");
        assert_eq!(t1.len(), 1);
        assert_eq!(t1[0].broker_name, "b2");
        assert!(table.unregister("b2", 0));
        assert!(!table.unregister("b2", 0));
        assert!(table.live().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn a_master_and_its_slave_are_two_registrations() {
        let table = RouteTable::default();
        table.register(broker("b1", 1, &["t"]), Duration::from_secs(10));
        table.register(broker("b1", 0, &["t"]), Duration::from_secs(10));
        let ids: Vec<u64> = table.route("t").iter().map(|r| r.broker_id).collect();
        assert_eq!(ids, [0, 1], "sorted, master first");
        // A heartbeat replaces the registration: topics follow the latest one.
        table.register(broker("b1", 0, &[]), Duration::from_secs(10));
        assert_eq!(table.route("t").len(), 1);
        assert!(table.unregister("b1", 1));
        assert!(table.route("t").is_empty());
        assert_eq!(table.live().len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slave_acting_for_its_master_is_routed_read_only() {
        let table = RouteTable::default();
        table.register(broker("b1", 0, &["t"]), Duration::from_secs(10));
        assert!(!table.route("t")[0].read_only);
        table.unregister("b1", 0);
        let mut acting = broker("b1", 1, &["t"]);
        acting.acting_master = true;
        table.register(acting, Duration::from_secs(10));
        let route = table.route("t");
        assert_eq!(route.len(), 1);
        assert!(route[0].read_only && route[0].broker_id == 1);
    }
}
