//! The processes of a power-cut test: the LazyFS mount and the server on top of it.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use apogee_e2e::TestClient;
use apogee_e2e::client::{duration, handle_of, id_of, resource};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use pb::receive_message_response::Content;
use tempfile::TempDir;

/// Cycles per test: `POWER_CUT_CYCLES`, default 3.
pub fn cycles() -> usize {
    std::env::var("POWER_CUT_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// A number below `n` (xorshift seeded from the clock: each run cuts at other moments).
pub fn rng_below(n: u64) -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
            | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    x % n.max(1)
}

/// The binaries built beside this test (`target/<profile>/`).
fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} not built: run `cargo build --workspace --all-targets` first",
        path.display()
    );
    path
}

/// A mounted `apogee-lazyfs`, unmounted (cleanly) on drop.
pub struct Lazyfs {
    pub mount: PathBuf,
    control: PathBuf,
    daemon: Child,
    _dirs: TempDir,
}

impl Lazyfs {
    /// Mounts, or `None` where FUSE is not available (not root, no /dev/fuse).
    pub fn start() -> Option<Self> {
        let root = Command::new("id").arg("-u").output().ok()?;
        if String::from_utf8_lossy(&root.stdout).trim() != "0" || !Path::new("/dev/fuse").exists() {
            return None;
        }
        let dirs = tempfile::tempdir().unwrap();
        let (backing, mount) = (dirs.path().join("backing"), dirs.path().join("mount"));
        std::fs::create_dir(&backing).unwrap();
        std::fs::create_dir(&mount).unwrap();
        let control = dirs.path().join("control.sock");
        let mut daemon = Command::new(binary("apogee-lazyfs"))
            .arg("--backing")
            .arg(&backing)
            .arg("--mount")
            .arg(&mount)
            .arg("--control")
            .arg(&control)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "apogee-lazyfs did not mount");
        Some(Self {
            mount,
            control,
            daemon,
            _dirs: dirs,
        })
    }

    /// Drops every write not fsynced yet: the power cut.
    pub fn cut(&self) {
        let mut s = UnixStream::connect(&self.control).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s.write_all(b"cut\n").unwrap();
        let mut answer = String::new();
        BufReader::new(s).read_line(&mut answer).unwrap();
        assert_eq!(answer.trim(), "ok", "cut: {answer}");
    }
}

impl Drop for Lazyfs {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.daemon.id().to_string())
            .status();
        let _ = self.daemon.wait();
    }
}

/// `apogee standalone` as a child process.
pub struct Apogee {
    pub addr: SocketAddr,
    child: Option<Child>,
}

impl Apogee {
    pub async fn start(data: &Path, flush: &str) -> Self {
        let ready = data.with_file_name(format!("ready-{}", rng_below(u64::MAX)));
        let child = Command::new(binary("apogee"))
            .args(["standalone", "--listen", "127.0.0.1:0", "--flush", flush])
            .arg("--data-dir")
            .arg(data)
            .arg("--ready-file")
            .arg(&ready)
            .env("RUST_LOG", "warn")
            .env("APOGEE_TELEMETRY__METRICS_LISTEN", "off")
            .env("APOGEE_CONSOLE__ENABLED", "false")
            .spawn()
            .unwrap();
        let mut server = Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            child: Some(child),
        };
        // The server writes the file (atomically) once it listens; bounded wait.
        let deadline = Instant::now() + Duration::from_secs(120);
        let addr = loop {
            if let Ok(text) = std::fs::read_to_string(&ready) {
                break text.trim().parse().unwrap();
            }
            if let Some(status) = server.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("apogee exited before it listened: {status}");
            }
            assert!(Instant::now() < deadline, "apogee did not start in 120 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let _ = std::fs::remove_file(&ready);
        server.addr = addr;
        server
    }

    /// SIGKILL: no shutdown, no flush.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub async fn create_group(&self, name: &str, earliest: bool) {
        let mut c = TestClient::connect(self.addr).await;
        let start = earliest.then_some(admin::create_group_request::Start::Policy(
            admin::StartPolicy::Earliest as i32,
        ));
        c.admin
            .create_group(admin::CreateGroupRequest {
                name: name.into(),
                start,
                ..Default::default()
            })
            .await
            .unwrap();
    }

    /// Every message the group gets until a receive comes back empty (acked as it goes), and
    /// how many deliveries repeated an id already seen.
    pub async fn drain(&self, group: &str, topic: &str) -> (HashSet<String>, usize) {
        let mut c = TestClient::connect(self.addr).await;
        let mut ids = HashSet::new();
        let mut duplicates = 0;
        while let Some(got) = try_receive(&mut c, group, topic).await {
            if got.is_empty() {
                break;
            }
            for m in got {
                let r = c
                    .rpc
                    .ack_message(c.req(ack_request(group, topic, &m)))
                    .await;
                assert!(r.is_ok(), "ack: {r:?}");
                if !ids.insert(id_of(&m)) {
                    duplicates += 1;
                }
            }
        }
        (ids, duplicates)
    }

    /// What one receive (with a short long poll) gives the group now.
    pub async fn drain_once(&self, group: &str, topic: &str) -> HashSet<String> {
        let mut c = TestClient::connect(self.addr).await;
        let got = try_receive(&mut c, group, topic).await.unwrap_or_default();
        got.iter().map(id_of).collect()
    }
}

impl Drop for Apogee {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One receive of up to 32 messages, invisible for 60 s; `None` once the server is gone.
pub async fn try_receive(c: &mut TestClient, group: &str, topic: &str) -> Option<Vec<pb::Message>> {
    let req = pb::ReceiveMessageRequest {
        group: resource(group),
        message_queue: Some(pb::MessageQueue {
            topic: resource(topic),
            id: 0,
            permission: pb::Permission::ReadWrite as i32,
            broker: None,
            accept_message_types: vec![],
        }),
        filter_expression: Some(pb::FilterExpression {
            r#type: pb::FilterType::Tag as i32,
            expression: "*".into(),
        }),
        batch_size: 32,
        invisible_duration: Some(duration(Duration::from_secs(60))),
        auto_renew: false,
        long_polling_timeout: Some(duration(Duration::from_millis(500))),
        attempt_id: None,
    };
    let mut stream = c.rpc.receive_message(c.req(req)).await.ok()?.into_inner();
    let mut messages = Vec::new();
    while let Ok(Some(item)) = stream.message().await {
        if let Some(Content::Message(m)) = item.content {
            messages.push(m);
        }
    }
    Some(messages)
}

pub fn ack_request(group: &str, topic: &str, m: &pb::Message) -> pb::AckMessageRequest {
    pb::AckMessageRequest {
        group: resource(group),
        topic: resource(topic),
        entries: vec![pb::AckMessageEntry {
            message_id: id_of(m),
            receipt_handle: handle_of(m),
            lite_topic: None,
        }],
    }
}
