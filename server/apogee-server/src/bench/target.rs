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

/// Creates the bench topics (or reuses them) with the given queues and type.
pub(super) async fn ensure_topics(
    endpoint: &str,
    topics: &[String],
    queues: u32,
    message_type: admin::MessageType,
) -> Result<(), BenchError> {
    let mut c = admin::admin_client::AdminClient::connect(format!("http://{endpoint}")).await?;
    for topic in topics {
        let req = admin::CreateTopicRequest {
            name: topic.clone(),
            queues,
            message_types: vec![message_type as i32],
        };
        match c.create_topic(req).await {
            Ok(_) => {}
            Err(s) if s.code() == tonic::Code::AlreadyExists => {}
            // Not an Apogee server (no admin API): rely on the server's auto-creation.
            Err(s) if s.code() == tonic::Code::Unimplemented => return Ok(()),
            Err(s) => return Err(s.into()),
        }
    }
    Ok(())
}

/// The topics a consuming bench uses (created with `message_type`) and a fresh group that
/// starts at their earliest message.
pub(super) async fn topics_and_group(
    target: &Target,
    common: &Common,
    prefix: &str,
    message_type: admin::MessageType,
) -> Result<(Vec<String>, String), BenchError> {
    let topics = common.topic_names(prefix);
    let group = format!("bench-{}", super::produce::uuid_suffix());
    ensure_topics(&target.endpoint, &topics, common.queues, message_type).await?;
    ensure_group(&target.endpoint, &group).await?;
    Ok((topics, group))
}

/// Creates a consumer group that starts at the earliest message.
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
        Err(s)
            if matches!(
                s.code(),
                tonic::Code::AlreadyExists | tonic::Code::Unimplemented
            ) =>
        {
            Ok(())
        }
        Err(s) => Err(s.into()),
    }
}
