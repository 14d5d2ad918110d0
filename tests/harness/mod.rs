//! End-to-end test harness: starts `apogee standalone` in-process on `127.0.0.1:0` with a
//! temporary data directory, and gives tests a thin v2 client over the generated stubs.
//!
//! The server is a function of a bound listener, so a test connects as soon as `start`
//! returns: there is nothing to wait for.

pub mod browser;
pub mod client;
pub mod raw;
pub mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use apogee_server::config::Config;
use apogee_server::{ServerError, run_standalone};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use client::TestClient;

/// A running server and the directory it stores into.
#[derive(Debug)]
pub struct TestServer {
    pub addr: SocketAddr,
    pub config: Config,
    dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ServerError>>>,
}

/// The configuration tests start from: short minimum invisibility so redelivery tests run in
/// about a second of real time.
pub fn test_config(data_dir: PathBuf) -> Config {
    let mut c = Config::default();
    c.server.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    c.store.data_dir = data_dir;
    c.broker.min_invisible = Duration::from_millis(500);
    // Tests that want the web console turn it on at 127.0.0.1:0.
    c.console.enabled = false;
    c
}

impl TestServer {
    /// Starts a server with the test configuration.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server after `adjust` changes the test configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = test_config(dir.path().join("data"));
        adjust(&mut config);
        Self::launch(config, dir).await
    }

    async fn launch(config: Config, dir: TempDir) -> Self {
        let listener = TcpListener::bind(config.server.listen).await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(run_standalone(config.clone(), listener, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            config,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A v2 client with a fresh client id.
    pub async fn client(&self) -> TestClient {
        TestClient::connect(self.addr).await
    }

    /// Stops the server cleanly and waits until its store is closed.
    pub async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task").expect("server result");
        }
    }

    /// Stops cleanly and starts again on the same data directory (a new port).
    pub async fn restart(mut self) -> Self {
        self.shutdown().await;
        let mut config = self.config.clone();
        config.server.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().expect("temp dir"));
        Self::launch(config, dir).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A name unique to one test (topics and groups).
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

/// `apogee admin --endpoint SERVER ARGS…`, run in this process: its output, or its error as
/// text.
pub async fn admin_cli(server: &TestServer, args: &[&str]) -> Result<String, String> {
    use clap::Parser;
    let endpoint = server.endpoint();
    let mut argv = vec!["apogee", "admin", "--endpoint", endpoint.as_str()];
    argv.extend_from_slice(args);
    let parsed = apogee_server::cli::Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    apogee_server::cli::run_admin(parsed)
        .await
        .map_err(|e| e.to_string())
}
