//! What the broker's unit tests share: a broker on a temporary store with one clustering
//! group, `g`, that starts at the earliest message.

use std::sync::Arc;

use apogee_store::{Store, StoreConfig};
use apogee_types::GroupName;

use crate::{Broker, BrokerConfig, GroupSpec, GroupStart, StartPolicy};

/// A broker with `config` and the group `g`; the directory lives as long as the value.
pub(crate) async fn broker_with_group(config: BrokerConfig) -> (Arc<Broker>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(StoreConfig::new(dir.path())).unwrap();
    let broker = Broker::open(config, store).unwrap();
    broker
        .create_group(GroupSpec {
            name: GroupName::new("g").unwrap(),
            start: GroupStart::Policy(StartPolicy::Earliest),
            fifo: false,
            broadcast: false,
            max_attempts: 16,
            retry_backoff: vec![],
        })
        .await
        .unwrap();
    (broker, dir)
}
