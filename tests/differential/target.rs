//! The two servers a scenario runs against: Apogee (in this process, production defaults) and
//! Apache RocketMQ's proxy started by `tests/reference/reference.sh`, reached through the
//! variables that script exports.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use apogee_e2e::TestServer;
use apogee_e2e::client::TestClient;
use apogee_proto::admin::v1 as admin;

/// How long a half message waits before it is checked back, on both servers (the defaults,
/// 60 s on Apogee and 6 s + up to 30 s on the reference, would make the suite slow).
pub const TRANSACTION_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

/// Topic types, as both servers name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicType {
    Normal,
    Fifo,
    Delay,
    Transaction,
}

impl TopicType {
    fn reference_name(self) -> &'static str {
        match self {
            TopicType::Normal => "NORMAL",
            TopicType::Fifo => "FIFO",
            TopicType::Delay => "DELAY",
            TopicType::Transaction => "TRANSACTION",
        }
    }

    fn apogee(self) -> admin::MessageType {
        match self {
            TopicType::Normal => admin::MessageType::Normal,
            TopicType::Fifo => admin::MessageType::Fifo,
            TopicType::Delay => admin::MessageType::Delay,
            TopicType::Transaction => admin::MessageType::Transaction,
        }
    }
}

/// What a scenario needs created before it runs (the reference creates nothing by itself).
#[derive(Debug, Clone)]
pub enum Resource {
    Topic(String, TopicType),
    Group { name: String, fifo: bool },
}

enum Kind {
    /// The server runs as long as the target.
    Apogee {
        _server: TestServer,
    },
    Reference {
        dir: PathBuf,
    },
}

pub struct Target {
    pub addr: SocketAddr,
    kind: Kind,
}

impl Target {
    /// Apogee standalone with its production defaults, except that unresolved transactions are
    /// checked back after `TRANSACTION_CHECK` (reference.sh sets the reference the same way).
    pub async fn apogee() -> Self {
        let server = TestServer::start_with(|c| {
            let defaults = apogee_server::config::Config::default();
            c.broker = defaults.broker;
            c.broker.transaction_check_interval = TRANSACTION_CHECK;
        })
        .await;
        Self {
            addr: server.addr,
            kind: Kind::Apogee { _server: server },
        }
    }

    /// The reference server `reference.sh run` started, when these tests run under it.
    pub fn reference() -> Option<Self> {
        let endpoint = std::env::var("REFERENCE_ENDPOINT").ok()?;
        let dir = std::env::var("REFERENCE_DIR").ok()?;
        Some(Self {
            addr: endpoint.parse().expect("REFERENCE_ENDPOINT is host:port"),
            kind: Kind::Reference { dir: dir.into() },
        })
    }

    pub async fn client(&self) -> TestClient {
        TestClient::connect(self.addr).await
    }

    /// Creates `resources`: through the admin API on Apogee, with the reference's own admin
    /// tool (several at once: each is a JVM start) on the reference.
    pub async fn create(&self, resources: &[Resource]) {
        match &self.kind {
            Kind::Apogee { .. } => {
                let mut c = self.client().await;
                for r in resources {
                    match r {
                        Resource::Topic(name, t) => {
                            c.admin
                                .create_topic(admin::CreateTopicRequest {
                                    name: name.clone(),
                                    queues: 8,
                                    message_types: vec![t.apogee() as i32],
                                    ..Default::default()
                                })
                                .await
                                .expect("create topic");
                        }
                        Resource::Group { name, fifo } => {
                            c.admin
                                .create_group(admin::CreateGroupRequest {
                                    name: name.clone(),
                                    fifo: *fifo,
                                    ..Default::default()
                                })
                                .await
                                .expect("create group");
                        }
                    }
                }
            }
            Kind::Reference { dir } => {
                let runs = resources.iter().map(|r| {
                    let (dir, r) = (dir.clone(), r.clone());
                    tokio::task::spawn_blocking(move || reference_admin(&dir, &r))
                });
                for result in futures::future::join_all(runs).await {
                    result.expect("admin thread").expect("reference admin");
                }
            }
        }
    }
}

/// One `reference.sh topic|group` run (a JVM start: seconds; run on a blocking thread).
/// Creates a resource on the reference, trying three times: each attempt starts a JVM
/// (mqadmin), and on a loaded 2-core machine the reference broker sometimes answers it after
/// mqadmin's own timeout. Creating a topic or group again is harmless.
fn reference_admin(dir: &Path, r: &Resource) -> Result<(), String> {
    let mut failure = String::new();
    for attempt in 1..=3 {
        match reference_admin_once(dir, r) {
            Ok(()) => return Ok(()),
            Err(e) => {
                eprintln!("[reference] admin attempt {attempt} failed: {e}");
                failure = e;
            }
        }
    }
    Err(failure)
}

fn reference_admin_once(dir: &Path, r: &Resource) -> Result<(), String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/reference.sh");
    let mut cmd = std::process::Command::new(script);
    match r {
        Resource::Topic(name, t) => {
            cmd.arg("topic").arg(dir).arg(name).arg(t.reference_name());
        }
        Resource::Group { name, fifo } => {
            cmd.arg("group").arg(dir).arg(name);
            if *fifo {
                cmd.arg("fifo");
            }
        }
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{r:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
