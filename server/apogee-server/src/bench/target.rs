//! Where a bench sends: an endpoint given, or a server it starts as a child process.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use apogee_proto::admin::v1 as admin;

use super::{BenchError, Common, FlushArg};

/// A server to bench against; a spawned one is stopped when this is dropped.
pub(super) struct Target {
    pub endpoint: String,
    child: Option<Child>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Target {
    /// The spawned server's process id (none for an endpoint given).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The endpoint to use: the given one, or a freshly started standalone server.
    pub async fn open(common: &Common) -> Result<Self, BenchError> {
        if !common.spawn_server {
            // `host:port` or `http://host:port`: both forms are accepted everywhere.
            let endpoint = common.endpoint.trim();
            let endpoint = endpoint.strip_prefix("http://").unwrap_or(endpoint);
            return Ok(Self {
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                child: None,
                _dir: None,
            });
        }
        let flush = match common.flush {
            FlushArg::Sync => "sync",
            FlushArg::Async => "async",
        };
        Self::spawn(
            &["standalone", "--listen", "127.0.0.1:0", "--flush", flush],
            true,
        )
        .await
    }

    /// Starts the bare echo server (the gRPC ceiling).
    pub async fn echo() -> Result<Self, BenchError> {
        Self::spawn(&["bench", "echo-server", "--listen", "127.0.0.1:0"], false).await
    }

    async fn spawn(args: &[&str], data_dir: bool) -> Result<Self, BenchError> {
        let dir = tempfile::tempdir()?;
        let ready = dir.path().join("ready");
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.args(args)
            .arg("--ready-file")
            .arg(&ready)
            // A bench's own server: it must not take (or fail on) the host's /metrics or
            // console port.
            .env("APOGEE_TELEMETRY__METRICS_LISTEN", "off")
            .env("APOGEE_CONSOLE__ENABLED", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if data_dir {
            cmd.arg("--data-dir").arg(dir.path().join("data"));
        }
        let child = cmd.spawn()?;
        let mut target = wait_ready(&ready, child).await?;
        target._dir = Some(dir);
        Ok(target)
    }
}

async fn wait_ready(ready: &Path, mut child: Child) -> Result<Target, BenchError> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    loop {
        tick.tick().await;
        if let Ok(addr) = std::fs::read_to_string(ready)
            && !addr.trim().is_empty()
        {
            return Ok(Target {
                endpoint: addr.trim().to_owned(),
                child: Some(child),
                _dir: None,
            });
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(BenchError::Spawn(format!("the server exited: {status}")));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(BenchError::Spawn("the server did not start in 60 s".into()));
        }
    }
}

/// Creates the bench topics (or reuses them) with the given queues and type. `Ok(false)` when
/// the endpoint has no Apogee admin API (another v2 server, such as Apache RocketMQ's proxy).
pub(super) async fn ensure_topics(
    endpoint: &str,
    topics: &[String],
    queues: u32,
    message_type: admin::MessageType,
) -> Result<bool, BenchError> {
    let mut c = admin::admin_client::AdminClient::connect(format!("http://{endpoint}")).await?;
    for topic in topics {
        let req = admin::CreateTopicRequest {
            name: topic.clone(),
            queues,
            message_types: vec![message_type as i32],
            brokers: Vec::new(),
        };
        match c.create_topic(req).await {
            Ok(_) => {}
            Err(s) if s.code() == tonic::Code::AlreadyExists => {}
            Err(s) if s.code() == tonic::Code::Unimplemented => return Ok(false),
            Err(s) => return Err(s.into()),
        }
    }
    Ok(true)
}

/// The topics a producing bench uses: created on Apogee; elsewhere they must exist already
/// and be named with `--topic`.
pub(super) async fn producer_topics(
    target: &Target,
    common: &Common,
    prefix: &str,
    message_type: admin::MessageType,
) -> Result<Vec<String>, BenchError> {
    let topics = common.topic_names(prefix);
    let apogee = ensure_topics(&target.endpoint, &topics, common.queues, message_type).await?;
    if !apogee && common.topic.is_none() {
        return Err(needs(&target.endpoint, &topics, message_type, None));
    }
    Ok(topics)
}

/// The topics a consuming bench uses (created with `message_type`) and its group: `--group`,
/// or a fresh one that starts at the topics' earliest message. On a server without the Apogee
/// admin API both must exist already and be named with `--topic` and `--group`.
pub(super) async fn topics_and_group(
    target: &Target,
    common: &Common,
    prefix: &str,
    message_type: admin::MessageType,
) -> Result<(Vec<String>, String), BenchError> {
    let topics = common.topic_names(prefix);
    let group = common
        .group
        .clone()
        .unwrap_or_else(|| format!("bench-{}", super::produce::uuid_suffix()));
    let apogee = ensure_topics(&target.endpoint, &topics, common.queues, message_type).await?;
    if !apogee {
        if common.topic.is_none() || common.group.is_none() {
            return Err(needs(&target.endpoint, &topics, message_type, Some(&group)));
        }
        return Ok((topics, group));
    }
    ensure_group(&target.endpoint, &group).await?;
    Ok((topics, group))
}

/// What to create on a server the bench cannot create things on, and how to name it.
fn needs(
    endpoint: &str,
    topics: &[String],
    message_type: admin::MessageType,
    group: Option<&str>,
) -> BenchError {
    let kind = match message_type {
        admin::MessageType::Delay => "DELAY",
        admin::MessageType::Fifo => "FIFO",
        admin::MessageType::Transaction => "TRANSACTION",
        _ => "NORMAL",
    };
    let mut what = format!("topic {} (message type {kind})", topics.join(", "));
    let mut flags = format!("--topic {}", topics[0].trim_end_matches("-0"));
    if let Some(g) = group {
        what.push_str(&format!(" and consumer group {g}"));
        flags.push_str(&format!(" --group {g}"));
    }
    BenchError::Other(format!(
        "{endpoint} has no Apogee admin API, so the bench cannot create what it uses: create \
         {what} on that server (Apache RocketMQ: mqadmin updateTopic -t TOPIC \
         -a +message.type={kind}, mqadmin updateSubGroup -g GROUP), then run again with {flags}"
    ))
}

/// Creates a consumer group that starts at the earliest message (an existing one is kept).
async fn ensure_group(endpoint: &str, group: &str) -> Result<(), BenchError> {
    let mut c = admin::admin_client::AdminClient::connect(format!("http://{endpoint}")).await?;
    let req = admin::CreateGroupRequest {
        name: group.to_owned(),
        start: Some(admin::create_group_request::Start::Policy(
            admin::StartPolicy::Earliest as i32,
        )),
        ..Default::default()
    };
    match c.create_group(req).await {
        Ok(_) => Ok(()),
        Err(s) if s.code() == tonic::Code::AlreadyExists => Ok(()),
        Err(s) => Err(s.into()),
    }
}
