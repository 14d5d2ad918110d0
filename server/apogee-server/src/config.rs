//! Server configuration: defaults, then a TOML file, then `APOGEE_*` environment variables,
//! then command-line flags; merged once and validated once. Unknown keys are errors.
//!
//! Environment variables name a key by its path with `__` between levels, for example
//! `APOGEE_SERVER__LISTEN=0.0.0.0:8081`, `APOGEE_STORE__FLUSH=sync`,
//! `APOGEE_BROKER__AUTO_CREATE_TOPICS=false`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use apogee_broker::BrokerConfig;
use apogee_store::FlushMode;

use crate::cluster_config::{ClusterSection, NameServerSection};
use crate::tls::TlsMode;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything `apogee standalone` can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub store: StoreSection,
    pub broker: BrokerConfig,
    pub auth: AuthSection,
    pub log: LogConfig,
    pub nameserver: NameServerSection,
    pub cluster: ClusterSection,
    pub telemetry: TelemetrySection,
    pub console: crate::console::ConsoleSection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address of the gRPC port (clients, admin, nameserver, health, reflection).
    pub listen: SocketAddr,
    /// Address reported to clients as the store host; defaults to the listen address.
    pub advertise: Option<String>,
    /// Largest gRPC message accepted (a 4 MiB body plus its envelope must fit): what one
    /// request can make the server decode and hold.
    pub max_request_bytes: usize,
    /// Write the bound address to this file once listening (for scripts using port 0).
    pub ready_file: Option<PathBuf>,
    /// Telemetry streams one client (one client id) may hold open at once.
    pub max_streams_per_client: usize,
    /// `permissive`: TLS and plaintext on the client port (the first byte decides);
    /// `enforcing`: TLS only; `disabled`: plaintext only.
    pub tls_mode: TlsMode,
    /// PEM certificate chain and private key; when not given, a self-signed certificate is
    /// generated at first start and kept in `<data_dir>/tls`.
    pub tls_cert_path: Option<PathBuf>,
    pub tls_key_path: Option<PathBuf>,
    /// A call still running after this long is answered DEADLINE_EXCEEDED (a client's shorter
    /// `grpc-timeout` wins). Above the longest long poll clients ask for (RocketMQ's 30 s).
    #[serde(with = "humantime_serde")]
    pub request_timeout: Duration,
    /// Calls served at once; beyond it calls are refused at once with RESOURCE_EXHAUSTED
    /// instead of queueing. Long polls count while they wait.
    pub max_concurrent_requests: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([0, 0, 0, 0], 8081)),
            advertise: None,
            max_request_bytes: 16 * 1024 * 1024,
            ready_file: None,
            max_streams_per_client: 16,
            tls_mode: TlsMode::Permissive,
            tls_cert_path: None,
            tls_key_path: None,
            request_timeout: Duration::from_secs(60),
            max_concurrent_requests: 10_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreSection {
    pub data_dir: PathBuf,
    /// `sync`: fsync before SEND_OK. `async`: fsync every `flush_interval`.
    pub flush: FlushMode,
    #[serde(with = "humantime_serde")]
    pub flush_interval: Duration,
    /// New messages are refused (TOO_MANY_REQUESTS, "disk is full") while the disk holding the
    /// data directory has less than this many bytes free; 0 turns the reserve off.
    pub min_free_bytes: u64,
}

impl Default for StoreSection {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            flush: FlushMode::Async,
            flush_interval: Duration::from_secs(1),
            min_free_bytes: apogee_store::DEFAULT_MIN_FREE_BYTES,
        }
    }
}

/// `auth.*`: authentication and ACL. Off by default, as in RocketMQ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSection {
    /// Every call must be signed by a known user, and normal users need ACL entries.
    pub enabled: bool,
    /// The first super user (created, or updated, at start when both keys are set).
    pub admin_access_key: String,
    pub admin_secret_key: String,
    /// How far a signed date may be from the server's clock before a call is refused as a
    /// possible replay.
    #[serde(with = "humantime_serde")]
    pub max_clock_skew: Duration,
}

impl Default for AuthSection {
    fn default() -> Self {
        Self {
            enabled: false,
            admin_access_key: String::new(),
            admin_secret_key: String::new(),
            max_clock_skew: Duration::from_secs(15 * 60),
        }
    }
}

impl AuthSection {
    pub fn to_auth_config(&self) -> apogee_proxy::auth::AuthConfig {
        apogee_proxy::auth::AuthConfig {
            enabled: self.enabled,
            admin_access_key: self.admin_access_key.clone(),
            admin_secret_key: self.admin_secret_key.clone(),
            max_clock_skew: self.max_clock_skew,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: LogFormat,
    /// A tracing filter, e.g. `info` or `info,apogee_store=debug`; `RUST_LOG` wins when set.
    /// `apogee admin log-level` changes it at runtime.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::default(),
            level: "info".into(),
        }
    }
}

/// Metrics and traces (`[telemetry]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetrySection {
    /// HTTP address of `/metrics` (Prometheus text); `""` or `off` turns it off.
    pub metrics_listen: String,
    /// OTLP/gRPC collector for metrics, spans and the clients' re-exported metrics, e.g.
    /// `http://otel-collector:4317`; `""` exports nothing.
    pub otlp_endpoint: String,
    /// How often metrics are pushed over OTLP.
    #[serde(with = "humantime_serde")]
    pub export_interval: Duration,
    /// Write the bound `/metrics` address here once listening (handy with port 0).
    pub metrics_ready_file: Option<PathBuf>,
}

impl Default for TelemetrySection {
    fn default() -> Self {
        Self {
            metrics_listen: "0.0.0.0:9464".into(),
            otlp_endpoint: String::new(),
            export_interval: Duration::from_secs(10),
            metrics_ready_file: None,
        }
    }
}

impl TelemetrySection {
    /// The `/metrics` address, `None` when turned off.
    pub fn metrics_addr(&self) -> Result<Option<SocketAddr>, ConfigError> {
        match self.metrics_listen.trim() {
            "" | "off" => Ok(None),
            a => a.parse().map(Some).map_err(|e| {
                ConfigError::Invalid(format!("telemetry.metrics_listen = {a:?}: {e}"))
            }),
        }
    }
}

/// A configuration problem, reported before anything starts.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("configuration: {0}")]
    Invalid(String),
}

/// Overrides given on the command line (each wins over file and environment).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FlagOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flush: Option<FlushMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_file: Option<PathBuf>,
    /// `apogee nameserver --listen`.
    #[serde(skip)]
    pub nameserver_listen: Option<SocketAddr>,
    #[serde(skip)]
    pub broker_timeout: Option<Duration>,
    /// `apogee broker --nameserver A,B --broker-name N --broker-id I --cluster C`.
    #[serde(skip)]
    pub nameservers: Option<Vec<String>>,
    #[serde(skip)]
    pub broker_name: Option<String>,
    #[serde(skip)]
    pub broker_id: Option<u64>,
    #[serde(skip)]
    pub cluster_name: Option<String>,
    /// `apogee broker --replication sync|async`.
    #[serde(skip)]
    pub replication: Option<apogee_broker::ReplicationMode>,
    /// `--metrics-listen`.
    pub metrics_listen: Option<String>,
    /// `--metrics-ready-file`.
    pub metrics_ready_file: Option<PathBuf>,
    /// `--console-listen`.
    #[serde(skip)]
    pub console_listen: Option<String>,
    /// `--console-ready-file`.
    #[serde(skip)]
    pub console_ready_file: Option<PathBuf>,
}

impl Config {
    /// The address clients are told to use: `server.advertise`, else the bound one.
    pub fn advertised(&self, local: SocketAddr) -> String {
        self.server
            .advertise
            .clone()
            .unwrap_or_else(|| local.to_string())
    }

    /// The store's configuration; `wal_keep_mb` of write-ahead log is kept for slaves.
    pub fn store_config(&self, wal_keep_mb: u64) -> apogee_store::StoreConfig {
        apogee_store::StoreConfig {
            data_dir: self.store.data_dir.clone(),
            flush: self.store.flush,
            flush_interval: self.store.flush_interval,
            min_free_bytes: self.store.min_free_bytes,
            wal_keep_mb,
        }
    }

    /// The client listener's connections, with TLS as `server.tls_mode` says; `stop` ends
    /// them at shutdown and `connections` tracks them. The dialer makes in-process connections
    /// to the same server.
    pub fn incoming(
        &self,
        (listener, local): (tokio::net::TcpListener, SocketAddr),
        stop: tokio_util::sync::CancellationToken,
        connections: tokio_util::task::TaskTracker,
    ) -> Result<
        (
            tokio_stream::wrappers::ReceiverStream<std::io::Result<crate::tls::Conn>>,
            crate::local_conn::LocalDialer,
        ),
        crate::tls::TlsError,
    > {
        let acceptor = match self.server.tls_mode {
            TlsMode::Disabled => None,
            _ => Some(crate::tls::acceptor(&crate::tls::TlsSource {
                cert_path: self.server.tls_cert_path.clone(),
                key_path: self.server.tls_key_path.clone(),
                generated_dir: self.store.data_dir.join("tls"),
                names: crate::tls::names_for(local, self.server.advertise.as_deref()),
            })?),
        };
        Ok(crate::tls::incoming(
            listener,
            self.server.tls_mode,
            acceptor,
            stop,
            connections,
        ))
    }

    /// The tower layer around every gRPC service (see `rpc_layer`).
    pub(crate) fn rpc_layer(&self) -> crate::rpc_layer::RpcLayer {
        crate::rpc_layer::RpcLayer::new(&crate::rpc_layer::RpcLimits {
            max_concurrent: self.server.max_concurrent_requests,
            timeout: self.server.request_timeout,
        })
    }

    /// Merges defaults, the file (if any), `APOGEE_*` variables and flags, then validates.
    pub fn load(file: Option<&Path>, flags: &FlagOverrides) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.exists() {
                return Err(ConfigError::MissingFile(path.to_owned()));
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        // Only `APOGEE_SECTION__KEY` variables configure the server; other `APOGEE_*` variables
        // (`APOGEE_ENDPOINT` for the CLI, scripts' own) are not configuration.
        figment = figment.merge(
            Env::prefixed("APOGEE_")
                .filter(|k| k.as_str().contains("__"))
                .split("__"),
        );
        let mut config: Config = figment.extract().map_err(Box::new)?;
        if let Some(l) = flags.listen {
            config.server.listen = l;
        }
        if let Some(d) = &flags.data_dir {
            config.store.data_dir.clone_from(d);
        }
        if let Some(f) = flags.flush {
            config.store.flush = f;
        }
        if let Some(r) = &flags.ready_file {
            config.server.ready_file = Some(r.clone());
        }
        if let Some(l) = flags.nameserver_listen {
            config.nameserver.listen = l;
        }
        if let Some(t) = flags.broker_timeout {
            config.nameserver.broker_timeout = t;
        }
        if let Some(n) = &flags.nameservers {
            config.cluster.nameservers.clone_from(n);
        }
        if let Some(n) = &flags.broker_name {
            config.broker.name.clone_from(n);
        }
        if let Some(i) = flags.broker_id {
            config.cluster.broker_id = i;
        }
        if let Some(c) = &flags.cluster_name {
            config.cluster.name.clone_from(c);
        }
        if let Some(r) = flags.replication {
            config.cluster.replication = r;
        }
        if let Some(m) = &flags.metrics_listen {
            config.telemetry.metrics_listen.clone_from(m);
        }
        if let Some(r) = &flags.metrics_ready_file {
            config.telemetry.metrics_ready_file = Some(r.clone());
        }
        if let Some(l) = &flags.console_listen {
            config.console.listen.clone_from(l);
            config.console.enabled = true;
        }
        if let Some(r) = &flags.console_ready_file {
            config.console.ready_file = Some(r.clone());
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let b = &self.broker;
        let fail = |m: String| Err(ConfigError::Invalid(m));
        if b.default_queues == 0 || b.default_queues > apogee_broker::topics::MAX_QUEUES {
            return fail(format!(
                "broker.default_queues = {} is out of range",
                b.default_queues
            ));
        }
        if b.max_body_size == 0 || b.max_body_size > self.server.max_request_bytes {
            return fail(format!(
                "broker.max_body_size = {} must be positive and below server.max_request_bytes",
                b.max_body_size
            ));
        }
        let a = &self.auth;
        if a.enabled && (a.admin_access_key.is_empty() || a.admin_secret_key.is_empty()) {
            return fail(
                "auth.enabled needs auth.admin_access_key and auth.admin_secret_key (the first \
                 super user)"
                    .into(),
            );
        }
        if a.admin_access_key.is_empty() != a.admin_secret_key.is_empty() {
            return fail("auth.admin_access_key and auth.admin_secret_key go together".into());
        }
        self.telemetry.metrics_addr()?;
        self.console.validate()?;
        if self.server.max_concurrent_requests == 0 {
            return fail("server.max_concurrent_requests must be positive".into());
        }
        if self.server.request_timeout.is_zero() {
            return fail("server.request_timeout must be positive".into());
        }
        if self.telemetry.export_interval.is_zero() {
            return fail("telemetry.export_interval must be positive".into());
        }
        if self.server.tls_cert_path.is_some() != self.server.tls_key_path.is_some() {
            return fail("server.tls_cert_path and server.tls_key_path go together".into());
        }
        if b.max_batch_bytes < b.max_body_size {
            return fail("broker.max_batch_bytes is smaller than broker.max_body_size".into());
        }
        if b.min_invisible > b.max_invisible {
            return fail("broker.min_invisible is larger than broker.max_invisible".into());
        }
        if b.default_invisible < b.min_invisible || b.default_invisible > b.max_invisible {
            return fail(
                "broker.default_invisible is outside [min_invisible, max_invisible]".into(),
            );
        }
        if b.max_delivery_attempts == 0 {
            return fail("broker.max_delivery_attempts must be at least 1".into());
        }
        if self.nameserver.broker_timeout.is_zero() {
            return fail("nameserver.broker_timeout must be positive".into());
        }
        if self.broker.name.trim().is_empty() {
            return fail("broker.name must not be empty".into());
        }
        if self.store.flush_interval.is_zero() {
            return fail("store.flush_interval must be positive".into());
        }
        // Clients index the back-off list on every nack; an empty one breaks them.
        if b.retry_backoff.is_empty() {
            return fail("broker.retry_backoff needs at least one level".into());
        }
        if let Some(d) = b
            .retry_backoff
            .iter()
            .find(|d| **d > apogee_broker::groups::MAX_BACKOFF)
        {
            return fail(format!(
                "broker.retry_backoff level {} is longer than {}",
                humantime::format_duration(*d),
                humantime::format_duration(apogee_broker::groups::MAX_BACKOFF)
            ));
        }
        for (key, zero) in [
            ("broker.retention_interval", b.retention_interval.is_zero()),
            (
                "broker.transaction_check_interval",
                b.transaction_check_interval.is_zero(),
            ),
            (
                "broker.max_inflight_per_queue",
                b.max_inflight_per_queue == 0,
            ),
            ("broker.max_long_polls", b.max_long_polls == 0),
            (
                "broker.max_long_polls_per_client",
                b.max_long_polls_per_client == 0,
            ),
            ("broker.max_batch_messages", b.max_batch_messages == 0),
            ("broker.max_receive_batch", b.max_receive_batch == 0),
            ("broker.max_topics", b.max_topics == 0),
            ("broker.max_groups", b.max_groups == 0),
            ("broker.max_keys", b.max_keys == 0),
            (
                "broker.max_message_group_bytes",
                b.max_message_group_bytes == 0,
            ),
            (
                "server.max_streams_per_client",
                self.server.max_streams_per_client == 0,
            ),
        ] {
            if zero {
                return fail(format!("{key} must be positive"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closure type, not ours.
mod tests {
    use super::*;

    #[test]
    fn layers_merge_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "apogee.toml",
                r#"
                [server]
                listen = "127.0.0.1:9000"
                [store]
                flush = "sync"
                flush_interval = "250ms"
                [broker]
                default_queues = 4
                "#,
            )?;
            jail.set_env("APOGEE_BROKER__DEFAULT_QUEUES", "2");
            jail.set_env("APOGEE_ENDPOINT", "http://elsewhere:8081");
            let flags = FlagOverrides {
                data_dir: Some("/tmp/x".into()),
                ..Default::default()
            };
            let c =
                Config::load(Some(Path::new("apogee.toml")), &flags).map_err(|e| e.to_string())?;
            assert_eq!(c.server.listen, "127.0.0.1:9000".parse().unwrap());
            assert_eq!(c.store.flush, FlushMode::Sync);
            assert_eq!(c.store.flush_interval, Duration::from_millis(250));
            assert_eq!(c.broker.default_queues, 2);
            assert_eq!(c.store.data_dir, PathBuf::from("/tmp/x"));
            Ok(())
        });
    }

    #[test]
    fn broker_flags_name_the_nameservers_and_the_broker() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("APOGEE_CLUSTER__HEARTBEAT_INTERVAL", "500ms");
            jail.set_env("APOGEE_NAMESERVER__BROKER_TIMEOUT", "3s");
            let flags = FlagOverrides {
                nameservers: Some(vec!["127.0.0.1:9876".into(), "127.0.0.1:9877".into()]),
                broker_name: Some("broker-a".into()),
                broker_id: Some(0),
                cluster_name: Some("c1".into()),
                ..Default::default()
            };
            let c = Config::load(None, &flags).map_err(|e| e.to_string())?;
            assert_eq!(c.cluster.nameservers.len(), 2);
            assert_eq!(c.broker.name, "broker-a");
            assert_eq!(c.cluster.name, "c1");
            assert_eq!(c.cluster.heartbeat_interval, Duration::from_millis(500));
            assert_eq!(c.nameserver.broker_timeout, Duration::from_secs(3));
            assert!(c.cluster.validate_for_broker("broker-a").is_ok());
            Ok(())
        });
        let bare = ClusterSection::default();
        assert!(
            bare.validate_for_broker("broker-a")
                .unwrap_err()
                .contains("nameserver")
        );
        let slave = ClusterSection {
            nameservers: vec!["127.0.0.1:9876".into()],
            broker_id: 1,
            ..ClusterSection::default()
        };
        assert!(slave.validate_for_broker("broker-a").is_ok());
        assert!(
            slave
                .validate_for_broker("broker~a")
                .unwrap_err()
                .contains("'~'")
        );
        let untimed = ClusterSection {
            replication_timeout: Duration::ZERO,
            ..slave.clone()
        };
        assert!(
            untimed
                .validate_for_broker("broker-a")
                .unwrap_err()
                .contains("replication_timeout")
        );
        for bad in ["", " ", "no-port", "a b:1", "host:1/path", "http://host:1"] {
            let c = ClusterSection {
                nameservers: vec![bad.into()],
                ..ClusterSection::default()
            };
            let err = c.validate_for_broker("broker-a").unwrap_err();
            assert!(err.contains("HOST:PORT"), "{bad:?}: {err}");
        }
        let named = ClusterSection {
            nameservers: vec!["ns-0.ns.svc:9876".into(), "[::1]:9876".into()],
            ..ClusterSection::default()
        };
        assert!(named.validate_for_broker("broker-a").is_ok());
    }

    #[test]
    fn example_file_lists_the_defaults() {
        // In a Jail too: the other tests' APOGEE_* variables are process-wide while they run,
        // and the test scripts export some (APOGEE_TELEMETRY__METRICS_LISTEN); none may count.
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            let path =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/apogee.example.toml");
            let c = Config::load(Some(&path), &FlagOverrides::default()).expect("example parses");
            assert_eq!(
                c,
                Config::default(),
                "the example documents the defaults exactly"
            );
            // And it names every key (optional ones may be commented out).
            let text = std::fs::read_to_string(&path).expect("example");
            let defaults = toml::Table::try_from(Config::default()).expect("defaults as TOML");
            for (section, keys) in &defaults {
                for key in keys.as_table().expect("a section").keys() {
                    let named = text.lines().any(|l| {
                        let l = l.trim_start_matches(['#', ' ']);
                        l.starts_with(&format!("{key} ="))
                    });
                    assert!(named, "the example documents {section}.{key}");
                }
            }
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("a.toml", "[server]\nlisten_addr = \"x\"\n")?;
            assert!(Config::load(Some(Path::new("a.toml")), &FlagOverrides::default()).is_err());
            for bad in [
                "default_queues = 0",
                "retry_backoff = []",
                "retry_backoff = [\"1s\", \"400d\"]",
                "retention_interval = \"0s\"",
                "transaction_check_interval = \"0s\"",
                "max_inflight_per_queue = 0",
                "max_long_polls = 0",
            ] {
                jail.create_file("b.toml", &format!("[broker]\n{bad}\n"))?;
                let err = Config::load(Some(Path::new("b.toml")), &FlagOverrides::default());
                assert!(err.is_err(), "{bad} is refused");
            }
            assert!(
                Config::load(Some(Path::new("missing.toml")), &FlagOverrides::default()).is_err()
            );
            Ok(())
        });
    }
}
