//! Power-loss tests: `apogee standalone` runs on a LazyFS-style mount (`apogee-lazyfs`) that
//! keeps every write the server has not fsynced in memory. Each cycle loads the server with
//! sends and consumption, SIGKILLs it at a random moment, cuts the power (every unsynced write
//! is dropped), restarts it on what is left and checks the contract:
//!
//! - sync flush: every message a client got SEND_OK for is there, and no message a consumer
//!   acknowledged (ack answered OK) is delivered to its group again;
//! - async flush: loss is bounded by the flush interval: every message acknowledged earlier
//!   than `flush_interval` (plus a margin for the fsync itself) before the cut is there.
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

async fn power_cut_cycles(
    flush: &str,
    load_ms: (u64, u64),
    check: impl Fn(&Told, &HashSet<String>, &HashSet<String>, Instant),
) {
    let Some(fs) = Lazyfs::start() else {
        println!("skipped: needs root and /dev/fuse");
        return;
    };
    let data = fs.mount.join("data");
    let topic = "power-cut";
    let mut server = Apogee::start(&data, flush).await;
    server.create_group(CONSUMER, false).await;
    for cycle in 0..cycles() {
        let told = Arc::new(Mutex::new(Told::default()));
        let killed = load_until_killed(&mut server, topic, told.clone(), load_ms).await;
        fs.cut();
        server = Apogee::start(&data, flush).await;
        let verify = format!("verify-{cycle}");
        server.create_group(&verify, true).await;
        let stored = server.drain(&verify, topic).await;
        let redelivered = server.drain_once(CONSUMER, topic).await;
        let told = told.lock();
        println!(
            "cycle {cycle}: {} sent, {} acked, {} stored, {} redelivered",
            told.sent.len(),
            told.acked.len(),
            stored.len(),
            redelivered.len()
        );
        assert!(
            !told.sent.is_empty(),
            "cycle {cycle}: nothing was sent before the cut"
        );
        check(&told, &stored, &redelivered, killed);
    }
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sync_flush_loses_nothing_acknowledged_across_power_cuts() {
    power_cut_cycles("sync", (300, 1200), |told, stored, redelivered, _| {
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
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn async_flush_loses_at_most_the_last_flush_interval() {
    // Default flush_interval is 1s; a second more covers the fsync that was running.
    let bound = Duration::from_secs(2);
    power_cut_cycles("async", (2500, 1500), |told, stored, _, killed| {
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
