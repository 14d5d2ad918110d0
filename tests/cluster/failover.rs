//! Failover: when a master dies, its slave serves the master's queues for reading through the
//! proxies (receives, acks of handles the master issued, new deliveries) while sends go to the
//! other broker; the returning master takes the slave's consumption state back, so acks made
//! on the slave are not delivered again and deliveries still unacked are.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use apogee_e2e::client::{TestClient, message};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use apogee_sdk::{FilterExpression, Message, MessageView, Producer, SimpleConsumer};

use crate::processes::{Process, eventually, nameserver, node, proxy};
use crate::{PATIENCE, members};

/// Long enough that nothing received here is delivered again before the test says so.
const INVISIBLE: Duration = Duration::from_secs(30);

/// Role of each registration of `name`, by broker id.
async fn roles(ns: &Process, name: &str) -> Vec<(u64, String)> {
    members(ns)
        .await
        .into_iter()
        .filter_map(|m| {
            let b = m.broker?;
            (b.name == name).then_some((b.broker_id, m.role))
        })
        .collect()
}

/// Receives until `want` messages came (or, with `want` 0, one empty long poll).
async fn receive(c: &SimpleConsumer, want: usize) -> Vec<MessageView> {
    let mut all = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    loop {
        assert!(Instant::now() < deadline, "got {} of {want}", all.len());
        let got = c.receive(32, INVISIBLE).await.unwrap();
        let empty = got.is_empty();
        all.extend(got);
        if all.len() >= want && (want > 0 || empty) {
            return all;
        }
    }
}

fn ids(ms: &[MessageView]) -> BTreeSet<String> {
    ms.iter().map(|m| m.message_id.clone()).collect()
}

async fn ack_each(c: &SimpleConsumer, ms: &[MessageView]) {
    for m in ms {
        c.ack(m).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slave_serves_its_dead_masters_queues_and_hands_acks_back() {
    let data = tempfile::tempdir().unwrap();
    let ns = nameserver("3s").await;
    let sync = [("APOGEE_CLUSTER__REPLICATION", "sync")];
    let dir = |n: &str| data.path().join(n);
    let mut master = node("broker-a", 0, &[&ns], &dir("a"), "500ms", &sync).await;
    let _slave = node("broker-a", 1, &[&ns], &dir("a1"), "500ms", &[]).await;
    let _other = node("broker-b", 0, &[&ns], &dir("b"), "500ms", &[]).await;
    let proxy = proxy(&[&ns]).await;
    let endpoint = proxy.addr.to_string();

    // A topic on both brokers, and a group that reads it from the start.
    let topic = apogee_e2e::unique("fo");
    let group = apogee_e2e::unique("g");
    let mut admin_api = admin::admin_client::AdminClient::connect(format!("http://{endpoint}"))
        .await
        .unwrap();
    eventually("both masters registered", PATIENCE, || async {
        let masters = members(&ns)
            .await
            .into_iter()
            .filter(|m| m.role == "master");
        masters.count() == 2
    })
    .await;
    eventually("the proxy sees both masters", PATIENCE, || {
        let mut a = admin_api.clone();
        async move {
            a.list_topics(admin::ListTopicsRequest::default())
                .await
                .is_ok()
        }
    })
    .await;
    admin_api
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 2,
            ..Default::default()
        })
        .await
        .unwrap();
    TestClient::connect(proxy.addr)
        .await
        .create_group_from_start(&group)
        .await;

    // Twenty messages on broker-a, each answered OK once the slave has it.
    eventually("the slave connected", PATIENCE, || async {
        members(&ns).await.iter().any(|m| {
            m.broker
                .as_ref()
                .is_some_and(|b| b.name == "broker-a" && b.broker_id == 0 && b.replicas.len() == 1)
        })
    })
    .await;
    let mut on_master = TestClient::connect(master.addr).await;
    let mut sent = BTreeSet::new();
    for i in 0..20 {
        sent.insert(on_master.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    let consumer = SimpleConsumer::builder(endpoint.clone(), &group)
        .subscribe(&topic, FilterExpression::all())
        .await_duration(Duration::from_secs(2))
        .build()
        .await
        .unwrap();
    // Everything is received from the master; ten are acked there.
    let before = receive(&consumer, sent.len()).await;
    assert_eq!(ids(&before), sent);
    let (acked_on_master, held) = before.split_at(10);
    ack_each(&consumer, acked_on_master).await;
    // A last sync send: the slave has every write before it, the acks included.
    on_master.send_ok(message(&topic, "marker")).await;

    master.kill();
    eventually("the slave acting for its master", PATIENCE, || async {
        roles(&ns, "broker-a").await == [(1, "acting-master".to_owned())]
    })
    .await;

    // Through the proxy: broker-a's queues are read-only, and sends go to broker-b.
    let client = TestClient::connect(proxy.addr).await;
    eventually("broker-a read-only in the route", PATIENCE, || {
        let mut c = client.clone();
        let topic = topic.clone();
        async move {
            let route = c.query_route(&topic).await;
            route.message_queues.iter().all(|q| {
                let broker = q.broker.as_ref().map(|b| b.name.as_str());
                let read_only = q.permission == pb::Permission::Read as i32;
                read_only == (broker == Some("broker-a"))
            }) && route.message_queues.len() == 2
        }
    })
    .await;
    // Pulls from broker-a's queue are served by the slave: every message the master stored.
    let route = client.clone().query_route(&topic).await;
    let queue_a = route
        .message_queues
        .iter()
        .find(|q| q.broker.as_ref().is_some_and(|b| b.name == "broker-a"))
        .unwrap()
        .clone();
    let (status, pulled, next) = client
        .clone()
        .pull_queue(&group, queue_a, 0, 64, Duration::from_secs(1))
        .await;
    assert_eq!(status.code, pb::Code::Ok as i32, "{status:?}");
    let pulled: BTreeSet<String> = pulled.iter().map(apogee_e2e::client::id_of).collect();
    assert!(pulled.is_superset(&sent), "pulled {pulled:?}");
    assert_eq!(
        (pulled.len(), next),
        (sent.len() + 1, 21),
        "the messages and the marker"
    );
    let producer = Producer::builder(endpoint.clone())
        .topics([topic.clone()])
        .build()
        .await
        .unwrap();
    let mut on_b = BTreeSet::new();
    for i in 0..5 {
        let r = producer
            .send(Message::new(&topic, format!("during{i}")))
            .await
            .unwrap();
        on_b.insert(r.message_id);
    }
    // Handles the master issued are acked on the slave (half of them); the marker and the
    // messages sent meanwhile are delivered by the slave and broker-b.
    let (acked_on_slave, unacked) = held.split_at(held.len() / 2);
    ack_each(&consumer, acked_on_slave).await;
    let during = receive(&consumer, on_b.len() + 1).await;
    assert!(ids(&during).is_superset(&on_b), "{:?}", ids(&during));
    let marker: Vec<_> = during
        .iter()
        .filter(|m| !on_b.contains(&m.message_id))
        .cloned()
        .collect();
    assert_eq!(marker.len(), 1, "only the marker from broker-a: {during:?}");
    ack_each(&consumer, &during).await;
    // The master returns and takes the consumption state back.
    master.spawn().await;
    eventually("the master serving again", PATIENCE, || async {
        roles(&ns, "broker-a").await == [(0, "master".to_owned()), (1, "slave".to_owned())]
    })
    .await;
    // Only the messages nobody acked come again, once their invisible time is over.
    let want = ids(unacked);
    let mut again = BTreeSet::new();
    let deadline = Instant::now() + INVISIBLE + PATIENCE;
    while !want.is_subset(&again) {
        assert!(
            Instant::now() < deadline,
            "redelivered only {again:?} of {want:?}"
        );
        let got = consumer.receive(32, INVISIBLE).await.unwrap();
        ack_each(&consumer, &got).await;
        again.extend(ids(&got));
    }
    // One more long poll: nothing else comes.
    let rest = receive(&consumer, 0).await;
    again.extend(ids(&rest));
    assert_eq!(
        again, want,
        "acked messages (on the master or the slave) came again"
    );
}
