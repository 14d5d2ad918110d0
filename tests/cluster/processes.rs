//! The cluster roles as child processes of the `apogee` binary built beside this test, on
//! loopback ports the processes pick themselves (`--listen 127.0.0.1:0 --ready-file`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use apogee_proto::nameserver::v1 as ns;
use ns::name_server_client::NameServerClient;
use tempfile::TempDir;
use tonic::transport::Channel;

/// How long a process may take to listen (a debug build under load starts slowly).
const START_PATIENCE: Duration = Duration::from_secs(120);

/// `target/<profile>/apogee`, beside this test's binary in `deps/`.
pub fn apogee_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().and_then(Path::parent).unwrap().join("apogee");
    assert!(
        path.exists(),
        "{} not built: run `cargo build --workspace --all-targets` first",
        path.display()
    );
    path
}

/// Runs `apogee ARGS` to completion (for commands that must refuse to start).
pub fn run_to_end(args: &[&str]) -> Output {
    Command::new(apogee_binary())
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// One `apogee` process; SIGKILLed when dropped.
pub struct Process {
    pub addr: SocketAddr,
    args: Vec<String>,
    env: Vec<(String, String)>,
    child: Option<Child>,
    ready_dir: TempDir,
}

impl Process {
    pub async fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut p = Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            child: None,
            ready_dir: tempfile::tempdir().unwrap(),
        };
        p.spawn().await;
        p
    }

    /// Starts the process (again) with the same arguments; it picks a new port.
    pub async fn spawn(&mut self) {
        assert!(self.child.is_none(), "already running");
        let ready = self.ready_dir.path().join("ready");
        let _ = std::fs::remove_file(&ready);
        let child = Command::new(apogee_binary())
            .args(&self.args)
            .args(["--listen", "127.0.0.1:0", "--ready-file"])
            .arg(&ready)
            // Many processes share the host: no /metrics port unless a test asks for one.
            .env("APOGEE_TELEMETRY__METRICS_LISTEN", "off")
            .env("APOGEE_CONSOLE__ENABLED", "false")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("RUST_LOG", "warn")
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + START_PATIENCE;
        self.addr = loop {
            // The process writes the file (atomically) once it listens.
            if let Ok(text) = std::fs::read_to_string(&ready) {
                break text.trim().parse().unwrap();
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("apogee {:?} exited before it listened: {status}", self.args);
            }
            assert!(
                Instant::now() < deadline,
                "apogee {:?} did not start",
                self.args
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
    }

    /// SIGKILL: no shutdown, no unregistering.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then waits for a clean exit.
    pub fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id().to_string();
            let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
            assert!(sent.success());
            let status = child.wait().unwrap();
            assert!(status.success(), "clean shutdown exits 0, got {status}");
        }
    }

    pub async fn nameserver_client(&self) -> NameServerClient<Channel> {
        NameServerClient::connect(format!("http://{}", self.addr))
            .await
            .unwrap()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `apogee nameserver` dropping silent brokers after `broker_timeout` (humantime).
pub async fn nameserver(broker_timeout: &str) -> Process {
    Process::start(&["nameserver", "--broker-timeout", broker_timeout], &[]).await
}

fn addresses(nameservers: &[&Process]) -> String {
    nameservers
        .iter()
        .map(|n| n.addr.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// `apogee broker NAME` registering with `nameservers` every `heartbeat` (humantime).
pub async fn broker(name: &str, nameservers: &[&Process], data: &Path, heartbeat: &str) -> Process {
    broker_with(name, nameservers, data, heartbeat, &[]).await
}

/// [`broker`] with more environment (configuration) for the broker.
pub async fn broker_with(
    name: &str,
    nameservers: &[&Process],
    data: &Path,
    heartbeat: &str,
    env: &[(&str, &str)],
) -> Process {
    node(name, 0, nameservers, data, heartbeat, env).await
}

/// `apogee broker NAME --broker-id ID` (a slave above 0), with environment for it.
pub async fn node(
    name: &str,
    id: u64,
    nameservers: &[&Process],
    data: &Path,
    heartbeat: &str,
    env: &[(&str, &str)],
) -> Process {
    let id = id.to_string();
    let list = addresses(nameservers);
    let mut env = env.to_vec();
    env.push(("APOGEE_CLUSTER__HEARTBEAT_INTERVAL", heartbeat));
    let data = data.to_str().unwrap();
    Process::start(
        &[
            "broker",
            "--nameserver",
            &list,
            "--broker-name",
            name,
            "--broker-id",
            &id,
            "--cluster",
            "test-cluster",
            "--data-dir",
            data,
        ],
        &env,
    )
    .await
}

/// `apogee proxy` finding brokers through `nameservers`.
pub async fn proxy(nameservers: &[&Process]) -> Process {
    Process::start(&["proxy", "--nameserver", &addresses(nameservers)], &[]).await
}

/// Polls `check` every 50 ms until it holds; fails after `patience`.
pub async fn eventually<F, Fut>(what: &str, patience: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + patience;
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen in {patience:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
