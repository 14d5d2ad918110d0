//! A full disk, for real: the data directory is on a small tmpfs that a ballast file fills.
//! Sends get a clear "disk is full" status, the server stays up, nothing acknowledged is lost,
//! an ack that could not be stored leaves its delivery in flight, and service resumes by itself
//! once space is freed. Mounting needs root (CI runs as root); elsewhere these tests say they
//! were skipped.

use std::path::{Path, PathBuf};
use std::time::Duration;

use apogee_e2e::client::{code, handle_of, id_of, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;
use bytes::Bytes;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

/// A tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` when not root: mounting is not possible.
    fn mount(size_mib: u32) -> Option<Self> {
        if !is_root() {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size_mib}m"),
                "apogee-test",
            ])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(status.success(), "mount a tmpfs as root");
        Some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn free(&self) -> u64 {
        let out = std::process::Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(self.path())
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Fills the disk with a ballast file until `leave` bytes are free (or less).
    fn fill(&self, leave: u64) -> PathBuf {
        use std::io::Write as _;
        let path = self.path().join("ballast");
        let mut f = std::fs::File::create(&path).unwrap();
        let chunk = vec![0u8; 1 << 20];
        while self.free() > leave {
            let n = (self.free() - leave).min(chunk.len() as u64) as usize;
            if f.write_all(&chunk[..n.max(4096)]).is_err() {
                break;
            }
            f.flush().unwrap();
        }
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.path())
            .status();
    }
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn sized(topic: &str, i: usize, size: usize) -> pb::Message {
    let mut m = message(topic, "");
    m.body = Bytes::from(format!("{i:08}").repeat(size / 8));
    m
}

/// Sends until the server refuses; returns the ids it acknowledged and the refusal.
async fn send_until_refused(
    c: &mut apogee_e2e::TestClient,
    topic: &str,
) -> (Vec<String>, pb::Status) {
    let mut acked = Vec::new();
    for i in 0..20_000 {
        let resp = c.send(vec![sized(topic, i, 64 * 1024)]).await;
        match code(&resp.status) {
            pb::Code::Ok => acked.push(resp.entries[0].message_id.clone()),
            _ => return (acked, resp.status.unwrap()),
        }
    }
    panic!("the disk never filled");
}

#[tokio::test]
async fn below_the_reserve_sends_are_refused_acks_go_on_and_sends_resume_when_space_is_freed() {
    let Some(disk) = SmallDisk::mount(160) else {
        return;
    };
    let data = disk.path().join("data");
    let server = TestServer::start_with(|c| {
        c.store.data_dir = data;
        c.store.flush = apogee_store::FlushMode::Sync;
        c.store.min_free_bytes = 16 << 20;
    })
    .await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let ballast = disk.fill(24 << 20);

    let (acked, refusal) = send_until_refused(&mut c, &topic).await;
    assert_eq!(
        pb::Code::try_from(refusal.code),
        Ok(pb::Code::TooManyRequests)
    );
    assert!(refusal.message.contains("disk"), "{}", refusal.message);
    assert!(!acked.is_empty());
    // Probes see it: the server is NOT_SERVING while its store refuses writes.
    wait_for_health(&server, ServingStatus::NotServing).await;
    // The server is up, consumption goes on: receive and ack.
    let got = c.receive_until(&group, &topic, acked.len()).await;
    for m in &got {
        assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
    }
    let mut ids: Vec<_> = got.iter().map(id_of).collect();
    ids.sort();
    let mut want = acked.clone();
    want.sort();
    assert_eq!(ids, want, "every acknowledged message is there");

    // Space freed: sends resume by themselves.
    std::fs::remove_file(ballast).unwrap();
    let mut resumed = false;
    for _ in 0..100 {
        if code(&c.send(vec![message(&topic, "after")]).await.status) == pb::Code::Ok {
            resumed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(resumed, "sends resume once space is freed");
    wait_for_health(&server, ServingStatus::Serving).await;
}

/// Polls `grpc.health.v1` (overall status) until it reports `want`.
async fn wait_for_health(server: &TestServer, want: ServingStatus) {
    let channel = tonic::transport::Endpoint::from_shared(server.endpoint())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut health = HealthClient::new(channel);
    for _ in 0..200 {
        let got = health
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .unwrap()
            .into_inner()
            .status;
        if got == want as i32 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("health never became {want:?}");
}

#[tokio::test]
async fn a_write_that_hits_a_full_disk_is_refused_clearly_and_the_store_recovers() {
    let Some(disk) = SmallDisk::mount(160) else {
        return;
    };
    let data = disk.path().join("data");
    let mut server = TestServer::start_with(|c| {
        c.store.data_dir = data;
        c.store.flush = apogee_store::FlushMode::Sync;
        // No reserve: the writes run into ENOSPC itself.
        c.store.min_free_bytes = 0;
    })
    .await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    // One message in flight before the disk fills, to ack while it is full.
    c.send_ok(message(&topic, "held")).await;
    let held = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(60),
            Duration::from_secs(3),
        )
        .await
        .messages
        .remove(0);
    let ballast = disk.fill(2 << 20);

    let (acked, refusal) = send_until_refused(&mut c, &topic).await;
    let refused_code = pb::Code::try_from(refusal.code).unwrap();
    assert!(
        matches!(
            refused_code,
            pb::Code::TooManyRequests | pb::Code::InternalServerError
        ),
        "{refusal:?}"
    );
    assert!(
        refusal.message.contains("disk is full"),
        "{}",
        refusal.message
    );
    assert!(
        !refusal.message.contains("reference"),
        "said plainly, not as an internal error"
    );
    // While the store is degraded the ack cannot be stored: it is an error and the delivery
    // stays in flight. The store may already have reopened (its probe write found room, e.g.
    // after RocksDB removed an obsolete WAL); then the ack is stored and answered OK, and the
    // restart below checks that it stays acked.
    let first_ack_stored = code(&c.ack(&group, &topic, &held).await.status) == pb::Code::Ok;
    // The server stays up.
    let health = HealthClient::new(c.channel.clone())
        .check(HealthCheckRequest::default())
        .await;
    assert!(health.is_ok());

    // Space freed: the store reopens itself and every write works again.
    std::fs::remove_file(ballast).unwrap();
    let mut resumed = false;
    for _ in 0..200 {
        if code(&c.send(vec![message(&topic, "after")]).await.status) == pb::Code::Ok {
            resumed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(resumed, "the store recovers once space is freed");
    // A refused ack left the delivery in flight: the same handle acks it now.
    if !first_ack_stored {
        assert_eq!(
            code(&c.ack(&group, &topic, &held).await.status),
            pb::Code::Ok,
            "handle {}",
            handle_of(&held)
        );
    }
    // Nothing acknowledged was lost, across a restart too.
    server = server.restart().await;
    let mut c = server.client().await;
    let got = c.receive_until(&group, &topic, acked.len() + 1).await;
    let ids: std::collections::HashSet<_> = got.iter().map(id_of).collect();
    for id in &acked {
        assert!(ids.contains(id), "acknowledged message {id} is there");
    }
    assert!(
        !ids.contains(&id_of(&held)),
        "the acked message stays acked"
    );
    server.shutdown().await;
}
