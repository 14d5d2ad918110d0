//! Configuration of the cluster roles: `[nameserver]` for `apogee nameserver`, `[cluster]` for
//! a broker that registers with nameservers (`apogee broker`). Standalone reads neither.

use std::net::SocketAddr;
use std::time::Duration;

use apogee_broker::ReplicationMode;
use serde::{Deserialize, Serialize};

/// `nameserver.*`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NameServerSection {
    /// Address of the nameserver's gRPC port (RocketMQ's habit: 9876).
    pub listen: SocketAddr,
    /// A broker that has not registered for this long leaves the routes.
    #[serde(with = "humantime_serde")]
    pub broker_timeout: Duration,
}

impl Default for NameServerSection {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([0, 0, 0, 0], 9876)),
            broker_timeout: apogee_nameserver::DEFAULT_BROKER_TIMEOUT,
        }
    }
}

/// `cluster.*`: how a broker takes part in a cluster. Its name is `broker.name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterSection {
    /// The cluster the broker registers in.
    pub name: String,
    /// 0 for a master. Slaves (above 0) come with replication.
    pub broker_id: u64,
    /// Every nameserver (host:port) the broker registers with; a broker needs at least one.
    pub nameservers: Vec<String>,
    /// How often the broker registers again (its heartbeat).
    #[serde(with = "humantime_serde")]
    pub heartbeat_interval: Duration,
    /// A master's sends: `async` answers once the master stored them; `sync` once a slave
    /// has them too (SLAVE_PERSISTENCE_TIMEOUT or HA_NOT_AVAILABLE otherwise).
    pub replication: ReplicationMode,
    /// How long a `sync` send waits for a slave (under the clients' own 3 s send timeout).
    #[serde(with = "humantime_serde")]
    pub replication_timeout: Duration,
    /// Write-ahead log a master keeps for slaves that fall behind or reconnect, in MiB.
    pub replication_wal_keep_mb: u64,
}

impl Default for ClusterSection {
    fn default() -> Self {
        Self {
            name: "DefaultCluster".into(),
            broker_id: 0,
            nameservers: Vec::new(),
            heartbeat_interval: Duration::from_secs(30),
            replication: ReplicationMode::Async,
            replication_timeout: Duration::from_secs(2),
            replication_wal_keep_mb: 1024,
        }
    }
}

/// `host:port`, as a gRPC endpoint is made of it (`http://host:port`).
fn is_host_port(address: &str) -> bool {
    format!("http://{address}")
        .parse::<http::Uri>()
        .is_ok_and(|u| u.port().is_some() && u.path() == "/" && u.query().is_none())
}

impl ClusterSection {
    /// What a proxy needs: nameservers to find brokers with.
    pub fn validate_for_proxy(&self) -> Result<(), String> {
        if self.nameservers.is_empty() {
            return Err(
                "a proxy needs at least one nameserver (--nameserver HOST:PORT or \
                 cluster.nameservers)"
                    .into(),
            );
        }
        self.check_nameservers()
    }

    fn check_nameservers(&self) -> Result<(), String> {
        if let Some(bad) = self.nameservers.iter().find(|a| !is_host_port(a)) {
            return Err(format!(
                "cluster.nameservers: {bad:?} is not HOST:PORT (for example 127.0.0.1:9876)"
            ));
        }
        Ok(())
    }

    /// What a broker process needs; standalone does not call it.
    pub fn validate_for_broker(&self, broker_name: &str) -> Result<(), String> {
        if self.nameservers.is_empty() {
            return Err(
                "a broker needs at least one nameserver (--nameserver HOST:PORT or \
                 cluster.nameservers)"
                    .into(),
            );
        }
        self.check_nameservers()?;
        // Proxies hand out handles as `INNER~BROKER`.
        if !apogee_proxy::backend::handles::valid_broker_name(broker_name) {
            return Err(format!(
                "broker.name {broker_name:?} must be non-empty and hold no '~'"
            ));
        }
        if self.replication_timeout.is_zero() {
            return Err("cluster.replication_timeout must be positive".into());
        }
        if self.heartbeat_interval.is_zero() {
            return Err("cluster.heartbeat_interval must be positive".into());
        }
        if self.name.trim().is_empty() {
            return Err("cluster.name must not be empty".into());
        }
        Ok(())
    }
}
