//! Master–slave replication between `apogee broker` processes: the slave's store becomes a
//! whole copy of the master's (messages, queues, indexes and consumption state), lag shows in
//! cluster info, and `sync` replication answers a send only once the slave has it.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use apogee_e2e::client::{TestClient, code, message};
use apogee_proto::rocketmq::v2 as pb;
use apogee_sdk::{FilterExpression, Message, MessageView, Producer, SimpleConsumer};

use crate::processes::{Process, eventually, nameserver, node};
use crate::{PATIENCE, members};

/// The slave as the nameserver sees it: (its messages, the master's, lag in messages, bytes).
async fn slave_view(ns: &Process) -> Option<(u64, u64, Option<u64>, Option<u64>)> {
    let all = members(ns).await;
    let master = all.iter().find(|m| m.role == "master")?;
    let slave = all.iter().find(|m| m.role == "slave")?;
    Some((
        slave.broker.as_ref()?.next_log_offset,
        master.broker.as_ref()?.next_log_offset,
        slave.lag_messages,
        slave.lag_bytes,
    ))
}

/// Waits until the slave holds `messages` messages, as many as its master.
async fn caught_up(ns: &Process, messages: u64) {
    eventually("the slave caught up", PATIENCE, || async move {
        matches!(slave_view(ns).await, Some((s, m, Some(0), _)) if s == messages && m == messages)
    })
    .await;
}

async fn simple(endpoint: String, group: &str, topic: &str) -> SimpleConsumer {
    SimpleConsumer::builder(endpoint, group)
        .subscribe(topic, FilterExpression::all())
        .await_duration(Duration::from_secs(3))
        .build()
        .await
        .unwrap()
}

/// Receives until `want` messages came, acking each.
async fn drain(c: &SimpleConsumer, want: usize) -> Vec<MessageView> {
    let mut all = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while all.len() < want {
        assert!(Instant::now() < deadline, "got {} of {want}", all.len());
        for m in c.receive(32, Duration::from_secs(60)).await.unwrap() {
            c.ack(&m).await.unwrap();
            all.push(m);
        }
    }
    all
}

/// The slave's data directory opened as a standalone server (after the slave stopped).
async fn open_copy(dir: &Path) -> Process {
    Process::start(&["standalone", "--data-dir", dir.to_str().unwrap()], &[]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slave_holds_a_whole_copy_of_its_master() {
    let data = tempfile::tempdir().unwrap();
    let ns = nameserver("2m").await;
    let master = node("broker-r", 0, &[&ns], &data.path().join("m"), "1s", &[]).await;
    let slave_dir = data.path().join("s");
    let mut slave = node("broker-r", 1, &[&ns], &slave_dir, "1s", &[]).await;
    let topic = apogee_e2e::unique("rep");
    let group = apogee_e2e::unique("g");
    let endpoint = master.addr.to_string();
    let consumer = simple(endpoint.clone(), &group, &topic).await;
    let producer = Producer::builder(endpoint.clone())
        .topics([topic.clone()])
        .build()
        .await
        .unwrap();
    let mut sent = BTreeSet::new();
    for i in 0..50 {
        let r = producer
            .send(Message::new(&topic, format!("m{i}")))
            .await
            .unwrap();
        sent.insert(r.message_id);
    }
    // Ten consumed and acknowledged on the master: consumption state travels too.
    let acked: BTreeSet<_> = drain(&consumer, 10)
        .await
        .into_iter()
        .map(|m| m.message_id)
        .collect();
    // A last message after the acks: once the slave has it, it has every write before it.
    let marker = producer.send(Message::new(&topic, "marker")).await.unwrap();
    sent.insert(marker.message_id.clone());
    caught_up(&ns, 51).await;
    let out = crate::processes::run_to_end(&[
        "admin",
        "--endpoint",
        &format!("http://{}", ns.addr),
        "cluster",
        "list",
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("slave") && table.contains("0/"), "{table}");
    producer.shutdown().await;
    drop(consumer);

    slave.terminate();
    let copy = open_copy(&slave_dir).await;
    let on_copy = simple(copy.addr.to_string(), &group, &topic).await;
    let rest: BTreeSet<_> = drain(&on_copy, sent.len() - acked.len())
        .await
        .into_iter()
        .map(|m| m.message_id)
        .collect();
    let expected: BTreeSet<_> = sent.difference(&acked).cloned().collect();
    assert_eq!(
        rest, expected,
        "the copy delivers what was not acked, and only that"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_replication_answers_once_the_slave_has_the_message() {
    let data = tempfile::tempdir().unwrap();
    let ns = nameserver("2m").await;
    let sync = [("APOGEE_CLUSTER__REPLICATION", "sync")];
    let mut master = node("broker-s", 0, &[&ns], &data.path().join("m"), "1s", &sync).await;
    let slave_dir = data.path().join("s");
    let mut slave = node("broker-s", 1, &[&ns], &slave_dir, "1s", &[]).await;
    let topic = apogee_e2e::unique("sync");
    let mut c = TestClient::connect(master.addr).await;
    // Until the slave connects, a send is stored on the master only and says so.
    eventually("the slave connected", PATIENCE, || {
        let mut c = c.clone();
        let topic = topic.clone();
        async move {
            let r = c.send(vec![message(&topic, "probe")]).await;
            code(&r.status) == pb::Code::Ok
        }
    })
    .await;
    let mut acknowledged = BTreeSet::new();
    for i in 0..20 {
        let r = c.send(vec![message(&topic, &format!("m{i}"))]).await;
        assert_eq!(code(&r.status), pb::Code::Ok, "{r:?}");
        acknowledged.insert(r.entries[0].message_id.clone());
    }

    // The slave dies: sends are refused with the codes producers resend on.
    slave.kill();
    eventually("HA_NOT_AVAILABLE without a slave", PATIENCE, || {
        let mut c = c.clone();
        let topic = topic.clone();
        async move {
            let r = c.send(vec![message(&topic, "alone")]).await;
            let got = code(&r.status);
            assert!(
                matches!(
                    got,
                    pb::Code::Ok | pb::Code::HaNotAvailable | pb::Code::SlavePersistenceTimeout
                ),
                "{r:?}"
            );
            got == pb::Code::HaNotAvailable
        }
    })
    .await;

    // Back again: sends are answered OK once it caught up; then the master dies.
    slave.spawn().await;
    let deadline = Instant::now() + PATIENCE;
    loop {
        assert!(Instant::now() < deadline, "no OK with the slave back");
        let r = c.send(vec![message(&topic, "after")]).await;
        if code(&r.status) == pb::Code::Ok {
            acknowledged.insert(r.entries[0].message_id.clone());
            break;
        }
    }
    master.kill();
    slave.terminate();
    // Everything the master acknowledged with OK is on the slave.
    let copy = open_copy(&slave_dir).await;
    let group = apogee_e2e::unique("g");
    let mut admin = TestClient::connect(copy.addr).await;
    admin.create_group_from_start(&group).await;
    let on_copy = simple(copy.addr.to_string(), &group, &topic).await;
    let mut ids = BTreeSet::new();
    let deadline = Instant::now() + PATIENCE;
    while !acknowledged.is_subset(&ids) {
        assert!(
            Instant::now() < deadline,
            "missing on the slave: {:?}",
            acknowledged.difference(&ids).collect::<Vec<_>>()
        );
        for m in on_copy.receive(32, Duration::from_secs(60)).await.unwrap() {
            on_copy.ack(&m).await.unwrap();
            ids.insert(m.message_id);
        }
    }
}
