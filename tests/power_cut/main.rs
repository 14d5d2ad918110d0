//! Power-loss tests: `apogee standalone` runs on a LazyFS-style mount (`apogee-lazyfs`) that
//! keeps every write the server has not fsynced in memory. Each cycle loads the server with
//! sends and consumption, SIGKILLs it at a random moment, cuts the power (every unsynced write
//! is dropped), restarts it on what is left and checks the contract:
//!
//! - sync flush: every message a client got SEND_OK for is there, and no message a consumer
//!   acknowledged (ack answered OK) is delivered to its group again;
//! - async flush: loss is bounded by the flush interval: every message acknowledged earlier
//!   than `flush_interval` (plus a margin for the fsync itself) before the cut is there;
//! - SIGKILL alone (plain disk, no cut), under load: nothing acknowledged is lost.
//!
//! Every cycle also checks that no message is stored twice, and prints what it measured
//! (`--nocapture`): sends and acks answered OK, lost, duplicates, restart time.
//!
//! `POWER_CUT_CYCLES` sets the number of cycles per test (default 3; the documented long run
//! uses 25). Needs root and /dev/fuse; prints "skipped" otherwise.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod rig;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use apogee_e2e::client::{code, id_of, message};
use apogee_proto::rocketmq::v2 as pb;
use parking_lot::Mutex;
use rig::{Apogee, Lazyfs, cycles, rng_below};

/// What the clients were told before the cut.
#[derive(Default)]
struct Told {
    /// Message id → when SEND_OK arrived.
    sent: Vec<(String, Instant)>,
    /// Ids whose ack answered OK for the consuming group.
    acked: HashSet<String>,
}

const CONSUMER: &str = "power-cut-consumer";

async fn load_until_killed(
    server: &mut Apogee,
    topic: &str,
    told: Arc<Mutex<Told>>,
    load_ms: (u64, u64),
) -> Instant {
    let stop = tokio_util::sync::CancellationToken::new();
    let mut tasks = Vec::new();
    for producer in 0..3 {
        let (addr, topic, told, stop) = (server.addr, topic.to_owned(), told.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut c = apogee_e2e::TestClient::connect(addr).await;
            let mut n = 0u64;
            while !stop.is_cancelled() {
                n += 1;
                let m = message(&topic, &format!("p{producer}-{n}"));
                let Ok(r) = c
                    .rpc
                    .send_message(c.req(pb::SendMessageRequest { messages: vec![m] }))
                    .await
                else {
                    break;
                };
                let r = r.into_inner();
                if code(&r.status) == pb::Code::Ok {
                    let id = r.entries[0].message_id.clone();
                    told.lock().sent.push((id, Instant::now()));
                }
            }
        }));
    }
    {
        let (addr, topic, told, stop) = (server.addr, topic.to_owned(), told.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut c = apogee_e2e::TestClient::connect(addr).await;
            while !stop.is_cancelled() {
                let Some(got) = rig::try_receive(&mut c, CONSUMER, &topic).await else {
                    break;
                };
                for m in got {
                    let ack = c
                        .rpc
                        .ack_message(c.req(rig::ack_request(CONSUMER, &topic, &m)))
                        .await;
                    match ack {
                        Ok(r) if code(&r.get_ref().status) == pb::Code::Ok => {
                            told.lock().acked.insert(id_of(&m));
                        }
                        _ => {}
                    }
                }
            }
        }));
    }
    // Let the load run for a random time in the range, then pull the plug on the process.
    let (min, spread) = load_ms;
    tokio::time::sleep(Duration::from_millis(min + rng_below(spread))).await;
    server.kill();
    let killed = Instant::now();
    stop.cancel();
    for t in tasks {
        let _ = t.await;
    }
    killed
}

/// Where the server's data lives: on the power-loss mount, or (SIGKILL only) a plain directory.
enum Disk {
    Lazy(Lazyfs),
    Plain(tempfile::TempDir),
}

impl Disk {
    fn data(&self) -> std::path::PathBuf {
        match self {
            Disk::Lazy(fs) => fs.mount.join("data"),
            Disk::Plain(dir) => dir.path().join("data"),
        }
    }

    /// A power cut on the mount; nothing on a plain disk (the page cache survives a SIGKILL).
    fn cut(&self) {
        if let Disk::Lazy(fs) = self {
            fs.cut();
        }
    }
}

async fn power_cut_cycles(
    flush: &str,
    disk: Option<Disk>,
    load_ms: (u64, u64),
    check: impl Fn(&Told, &HashSet<String>, &HashSet<String>, Instant),
) {
    let Some(disk) = disk else {
        println!("skipped: needs root and /dev/fuse");
        return;
    };
    let data = disk.data();
    let (mut total_sent, mut total_acked, mut recoveries) = (0, 0, Vec::new());
    let topic = "power-cut";
    let mut server = Apogee::start(&data, flush).await;
    server.create_group(CONSUMER, false).await;
    for cycle in 0..cycles() {
        let told = Arc::new(Mutex::new(Told::default()));
        let killed = load_until_killed(&mut server, topic, told.clone(), load_ms).await;
        disk.cut();
        let restarting = Instant::now();
        server = Apogee::start(&data, flush).await;
        recoveries.push(restarting.elapsed());
        let verify = format!("verify-{cycle}");
        server.create_group(&verify, true).await;
        let (stored, duplicates) = server.drain(&verify, topic).await;
        let redelivered = server.drain_once(CONSUMER, topic).await;
        let told = told.lock();
        let lost: Vec<_> = told
            .sent
            .iter()
            .filter(|(id, _)| !stored.contains(id))
            .map(|(_, at)| killed.saturating_duration_since(*at))
            .collect();
        println!(
            "cycle {cycle}: {} sent, {} acked by the consumer, {} stored, {} duplicates, \
             {} acked delivered again, {} lost (sent {:?}..{:?} before the kill), restart {:?}",
            told.sent.len(),
            told.acked.len(),
            stored.len(),
            duplicates,
            told.acked.intersection(&redelivered).count(),
            lost.len(),
            lost.iter().min(),
            lost.iter().max(),
            recoveries.last(),
        );
        assert!(
            !told.sent.is_empty(),
            "cycle {cycle}: nothing was sent before the cut"
        );
        assert_eq!(duplicates, 0, "cycle {cycle}: a message is stored twice");
        total_sent += told.sent.len();
        total_acked += told.acked.len();
        check(&told, &stored, &redelivered, killed);
    }
    recoveries.sort();
    println!(
        "{flush}: {} cycles, {total_sent} sends answered OK, {total_acked} acks answered OK, \
         median restart {:?}",
        cycles(),
        recoveries.get(recoveries.len() / 2)
    );
    server.kill();
}

fn lazy() -> Option<Disk> {
    Lazyfs::start().map(Disk::Lazy)
}

fn plain() -> Option<Disk> {
    Some(Disk::Plain(tempfile::tempdir().unwrap()))
}

fn nothing_acknowledged_lost(
    told: &Told,
    stored: &HashSet<String>,
    redelivered: &HashSet<String>,
    _: Instant,
) {
    let lost: Vec<_> = told
        .sent
        .iter()
        .filter(|(id, _)| !stored.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} messages with SEND_OK lost: {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    let again: Vec<_> = told.acked.intersection(redelivered).collect();
    assert!(
        again.is_empty(),
        "acknowledged messages delivered again: {again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sync_flush_loses_nothing_acknowledged_across_power_cuts() {
    power_cut_cycles("sync", lazy(), (300, 1200), nothing_acknowledged_lost).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_under_load_loses_nothing_acknowledged() {
    // Plain disk, async flush: a process crash keeps the page cache, so nothing may be lost
    // even without fsync. Kills land while sends, receives and acks are in flight.
    power_cut_cycles("async", plain(), (300, 1200), nothing_acknowledged_lost).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn async_flush_loses_at_most_the_last_flush_interval() {
    // Default flush_interval is 1s; a second more covers the fsync that was running.
    let bound = Duration::from_secs(2);
    power_cut_cycles("async", lazy(), (2500, 1500), |told, stored, _, killed| {
        let old_enough: Vec<_> = told
            .sent
            .iter()
            .filter(|(_, at)| killed.duration_since(*at) > bound)
            .collect();
        assert!(
            !old_enough.is_empty(),
            "the load ran shorter than the bound"
        );
        let lost: Vec<_> = old_enough
            .iter()
            .filter(|(id, _)| !stored.contains(id))
            .collect();
        assert!(
            lost.is_empty(),
            "{} messages older than {bound:?} lost",
            lost.len()
        );
    })
    .await;
}
