//! `apogee proxy` in front of two brokers, as separate processes: topics spread over the
//! brokers, sends spread and failing over, receives covering every broker, acks through
//! another proxy, FIFO per message group, and transaction check-backs through a proxy.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apogee_e2e::client::{TestClient, code};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use apogee_sdk::{
    FilterExpression, Message, MessageView, Producer, SimpleConsumer, TransactionProducer,
    TransactionResolution,
};
use tempfile::TempDir;

use crate::PATIENCE;
use crate::processes::{Process, broker_with, eventually, nameserver, proxy, run_to_end};

/// One nameserver, brokers `broker-a` and `broker-b`, and two proxies.
struct Cluster {
    _nameserver: Process,
    brokers: Vec<Process>,
    proxies: Vec<Process>,
    _data: TempDir,
}

impl Cluster {
    async fn start(broker_env: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().unwrap();
        let ns = nameserver("2m").await;
        let mut brokers = Vec::new();
        for name in ["broker-a", "broker-b"] {
            let dir = data.path().join(name);
            brokers.push(broker_with(name, &[&ns], &dir, "1s", broker_env).await);
        }
        let proxies = vec![proxy(&[&ns]).await, proxy(&[&ns]).await];
        let cluster = Self {
            _nameserver: ns,
            brokers,
            proxies,
            _data: data,
        };
        // Proxies find brokers through the nameserver: wait until both are registered.
        let mut admin = cluster.admin(0).await;
        eventually("both brokers registered", PATIENCE, || {
            let mut admin = admin.clone();
            async move {
                admin
                    .list_topics(admin::ListTopicsRequest::default())
                    .await
                    .is_ok()
            }
        })
        .await;
        admin
            .list_topics(admin::ListTopicsRequest::default())
            .await
            .unwrap();
        cluster
    }

    fn endpoint(&self, proxy: usize) -> String {
        self.proxies[proxy].addr.to_string()
    }

    async fn admin(
        &self,
        proxy: usize,
    ) -> admin::admin_client::AdminClient<tonic::transport::Channel> {
        admin::admin_client::AdminClient::connect(format!("http://{}", self.proxies[proxy].addr))
            .await
            .unwrap()
    }

    /// `apogee admin --endpoint http://PROXY ARGS...`, which must succeed; its output.
    fn cli(&self, args: &[&str]) -> String {
        let endpoint = format!("http://{}", self.proxies[0].addr);
        let mut all = vec!["admin", "--endpoint", &endpoint];
        all.extend_from_slice(args);
        let out = run_to_end(&all);
        assert!(
            out.status.success(),
            "apogee {all:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Messages stored per broker for `topic` (its queues' max offsets, summed).
    async fn stored_per_broker(&self, topic: &str) -> BTreeMap<String, u64> {
        let r = self
            .admin(0)
            .await
            .describe_topic(admin::DescribeTopicRequest { name: topic.into() })
            .await
            .unwrap()
            .into_inner();
        let mut per = BTreeMap::new();
        for q in r.queues {
            *per.entry(q.broker).or_default() += q.max_offset;
        }
        per
    }

    /// Waits until every nameserver route of `topic` names both brokers.
    async fn wait_spread(&self, topic: &str) {
        let mut admin = self.admin(1).await;
        eventually("the topic on both brokers", PATIENCE, || {
            let mut admin = admin.clone();
            let topic = topic.to_owned();
            async move {
                admin
                    .describe_topic(admin::DescribeTopicRequest { name: topic })
                    .await
                    .is_ok_and(|r| {
                        r.into_inner()
                            .queues
                            .iter()
                            .map(|q| q.broker.clone())
                            .collect::<BTreeSet<_>>()
                            .len()
                            == 2
                    })
            }
        })
        .await;
        admin
            .describe_topic(admin::DescribeTopicRequest { name: topic.into() })
            .await
            .unwrap();
    }
}

async fn simple(endpoint: String, group: &str, topic: &str) -> SimpleConsumer {
    SimpleConsumer::builder(endpoint, group)
        .subscribe(topic, FilterExpression::all())
        .await_duration(Duration::from_secs(5))
        .build()
        .await
        .unwrap()
}

async fn producer(endpoint: String, topic: &str) -> Producer {
    Producer::builder(endpoint)
        .topics([topic.to_owned()])
        .build()
        .await
        .unwrap()
}

/// Receives until `want` messages came (acking none); fails after a while.
async fn receive_all(c: &SimpleConsumer, want: usize) -> Vec<MessageView> {
    let mut all = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while all.len() < want {
        assert!(Instant::now() < deadline, "got {} of {want}", all.len());
        all.extend(c.receive(32, Duration::from_secs(60)).await.unwrap());
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_spreads_over_brokers_and_any_proxy_acks() {
    let cluster = Cluster::start(&[]).await;
    let topic = apogee_e2e::unique("spread");
    let group = apogee_e2e::unique("g");

    let created = cluster.cli(&["topic", "create", &topic, "--queues", "8"]);
    assert!(created.contains(&topic), "{created}");
    let described = cluster.cli(&["topic", "describe", &topic]);
    assert!(
        described.contains("broker-a") && described.contains("broker-b"),
        "describe names the broker of each queue:\n{described}"
    );
    let r = cluster
        .admin(0)
        .await
        .describe_topic(admin::DescribeTopicRequest {
            name: topic.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.queues.len(), 8, "{r:?}");
    assert_eq!(r.topic.unwrap().queues, 8);
    cluster.wait_spread(&topic).await;

    let consumer = simple(cluster.endpoint(0), &group, &topic).await;
    let producer = producer(cluster.endpoint(0), &topic).await;
    let mut sent = BTreeSet::new();
    for i in 0..40 {
        let r = producer
            .send(Message::new(&topic, format!("m{i}")))
            .await
            .unwrap();
        sent.insert(r.message_id);
    }
    let per_broker = cluster.stored_per_broker(&topic).await;
    assert_eq!(per_broker.values().sum::<u64>(), 40, "{per_broker:?}");
    assert!(
        per_broker.values().all(|n| *n > 0) && per_broker.len() == 2,
        "sends spread over both brokers: {per_broker:?}"
    );

    let got = receive_all(&consumer, 40).await;
    let ids: BTreeSet<_> = got.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids, sent, "every message once, from both brokers");
    // Acked through the other proxy: the handle names its broker.
    let other = simple(cluster.endpoint(1), &group, &topic).await;
    for m in &got {
        other.ack(m).await.unwrap();
    }
    let offsets = cluster
        .admin(1)
        .await
        .describe_group_offsets(admin::DescribeGroupOffsetsRequest {
            group: group.clone(),
            topic: topic.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let brokers: BTreeSet<_> = offsets.queues.iter().map(|q| q.broker.clone()).collect();
    assert_eq!(brokers.len(), 2, "{offsets:?}");
    assert!(
        offsets
            .queues
            .iter()
            .all(|q| q.lag == 0 && q.in_flight == 0),
        "everything acked: {offsets:?}"
    );
    // A receipt handle that names no broker is refused with the v2 code, not routed anywhere.
    let mut raw = TestClient::connect(cluster.proxies[1].addr).await;
    let r = raw
        .ack_handle(&group, &topic, &got[0].message_id, "00ff")
        .await;
    assert_eq!(code(&r.status), pb::Code::InvalidReceiptHandle, "{r:?}");
    // A handle naming a broker of the cluster reaches it, which judges the inner handle.
    let r = raw
        .ack_handle(&group, &topic, &got[0].message_id, "00ff~broker-a")
        .await;
    assert_eq!(code(&r.status), pb::Code::InvalidReceiptHandle, "{r:?}");
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_poll_wakes_for_a_message_on_any_broker() {
    let cluster = Cluster::start(&[]).await;
    let topic = apogee_e2e::unique("wake");
    let group = apogee_e2e::unique("g");
    cluster.cli(&["topic", "create", &topic, "--queues", "2"]);
    cluster.wait_spread(&topic).await;
    let consumer = Arc::new(simple(cluster.endpoint(0), &group, &topic).await);
    let producer = producer(cluster.endpoint(1), &topic).await;
    // Two rounds: sends rotate over the brokers, so each broker wakes a waiting receive.
    for round in 0..2 {
        let waiting = consumer.clone();
        let poll = tokio::spawn(async move {
            // One receive, held by the server until a message arrives (await 5 s at most).
            waiting.receive(1, Duration::from_secs(60)).await.unwrap()
        });
        // The receive is waiting on both brokers before anything is sent: nothing is there.
        tokio::task::yield_now().await;
        let sent = producer
            .send(Message::new(&topic, format!("round {round}")))
            .await
            .unwrap();
        let got = poll.await.unwrap();
        if got.is_empty() {
            // The poll ended before the send (a slow start); the message is still there.
            let again = consumer.receive(1, Duration::from_secs(60)).await.unwrap();
            assert_eq!(again[0].message_id, sent.message_id);
            consumer.ack(&again[0]).await.unwrap();
        } else {
            assert_eq!(got[0].message_id, sent.message_id);
            consumer.ack(&got[0]).await.unwrap();
        }
    }
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifo_groups_keep_their_order_across_brokers_and_a_restart() {
    let mut cluster = Cluster::start(&[]).await;
    let topic = apogee_e2e::unique("fifo");
    let group = apogee_e2e::unique("g");
    cluster.cli(&["topic", "create", &topic, "--queues", "4", "--type", "fifo"]);
    cluster.cli(&["group", "create", &group, "--fifo"]);
    cluster.wait_spread(&topic).await;
    let producer = producer(cluster.endpoint(0), &topic).await;
    let keys = ["k1", "k2", "k3", "k4", "k5", "k6"];
    let send_rounds = |rounds: std::ops::Range<u32>| {
        let (producer, topic) = (&producer, &topic);
        async move {
            for i in rounds {
                for k in keys {
                    producer
                        .send(Message::new(topic, format!("{k}:{i}")).message_group(k))
                        .await
                        .unwrap();
                }
            }
        }
    };
    let consumer = simple(cluster.endpoint(1), &group, &topic).await;
    let mut seen: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let consume_until = async |total: usize, seen: &mut BTreeMap<String, Vec<u32>>| {
        let deadline = Instant::now() + PATIENCE;
        while seen.values().map(Vec::len).sum::<usize>() < total {
            assert!(Instant::now() < deadline, "{seen:?}");
            for m in consumer.receive(32, Duration::from_secs(60)).await.unwrap() {
                let body = String::from_utf8(m.body.to_vec()).unwrap();
                let (k, i) = body.split_once(':').unwrap();
                seen.entry(k.to_owned())
                    .or_default()
                    .push(i.parse().unwrap());
                consumer.ack(&m).await.unwrap();
            }
        }
    };
    send_rounds(0..3).await;
    consume_until(12, &mut seen).await;
    // broker-a dies and comes back on a new port; its groups go on where they stopped.
    cluster.brokers[0].kill();
    cluster.brokers[0].spawn().await;
    let mut admin = cluster.admin(0).await;
    eventually("the producer's proxy sees broker-a again", PATIENCE, || {
        let mut admin = admin.clone();
        let topic = topic.clone();
        async move {
            admin
                .describe_topic(admin::DescribeTopicRequest { name: topic })
                .await
                .is_ok_and(|r| r.into_inner().queues.iter().any(|q| q.broker == "broker-a"))
        }
    })
    .await;
    admin
        .describe_topic(admin::DescribeTopicRequest {
            name: topic.clone(),
        })
        .await
        .unwrap();
    send_rounds(3..5).await;
    consume_until(30, &mut seen).await;
    for (k, order) in &seen {
        assert_eq!(order, &[0, 1, 2, 3, 4], "group {k} out of order");
    }
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_broker_fails_sends_over_and_loses_nothing_acknowledged() {
    let mut cluster = Cluster::start(&[]).await;
    let topic = apogee_e2e::unique("kill");
    let group = apogee_e2e::unique("g");
    cluster.cli(&["topic", "create", &topic, "--queues", "4"]);
    cluster.wait_spread(&topic).await;
    let consumer = simple(cluster.endpoint(0), &group, &topic).await;
    let producer = producer(cluster.endpoint(0), &topic).await;
    let mut acknowledged = BTreeSet::new();
    for i in 0..20 {
        let r = producer
            .send(Message::new(&topic, format!("before {i}")))
            .await
            .unwrap();
        acknowledged.insert(r.message_id);
    }
    cluster.brokers[1].kill();
    // Every send still succeeds: the proxy takes broker-b's share to broker-a.
    for i in 0..20 {
        let r = producer
            .send(Message::new(&topic, format!("after {i}")))
            .await
            .unwrap();
        acknowledged.insert(r.message_id);
    }
    cluster.brokers[1].spawn().await;
    let got = receive_all(&consumer, acknowledged.len()).await;
    let ids: BTreeSet<_> = got.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids, acknowledged, "every acknowledged send is delivered");
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transaction_check_backs_travel_through_a_proxy() {
    let cluster = Cluster::start(&[("APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL", "400ms")]).await;
    let topic = apogee_e2e::unique("txn");
    let group = apogee_e2e::unique("g");
    cluster.cli(&[
        "topic",
        "create",
        &topic,
        "--queues",
        "4",
        "--type",
        "transaction",
    ]);
    cluster.wait_spread(&topic).await;
    let consumer = simple(cluster.endpoint(1), &group, &topic).await;
    let checked = Arc::new(Mutex::new(Vec::new()));
    let record = checked.clone();
    let producer = TransactionProducer::builder(cluster.endpoint(0), move |m| {
        record.lock().unwrap().push(m.message_id.clone());
        TransactionResolution::Commit
    })
    .topics([topic.clone()])
    .build()
    .await
    .unwrap();
    let mut committed = BTreeSet::new();
    for i in 0..4 {
        let t = producer
            .send(Message::new(&topic, format!("c{i}")))
            .await
            .unwrap();
        committed.insert(t.receipt().message_id.clone());
        t.commit().await.unwrap();
    }
    // Left open on whichever broker took it: that broker asks through the proxy.
    let orphan = producer.send(Message::new(&topic, "orphan")).await.unwrap();
    let orphan_id = orphan.receipt().message_id.clone();
    drop(orphan);
    committed.insert(orphan_id.clone());
    let got = receive_all(&consumer, committed.len()).await;
    let ids: BTreeSet<_> = got.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids, committed);
    assert_eq!(checked.lock().unwrap().clone(), vec![orphan_id]);
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_refuses_bad_command_lines() {
    let out = run_to_end(&["proxy", "--listen", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nameserver"), "{err}");
    let out = run_to_end(&[
        "proxy",
        "--listen",
        "127.0.0.1:0",
        "--nameserver",
        "nowhere",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HOST:PORT"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_through_a_proxy_covers_every_broker() {
    let cluster = Cluster::start(&[]).await;
    let topic = apogee_e2e::unique("adm");
    let group = apogee_e2e::unique("g");
    cluster.cli(&["topic", "create", &topic, "--queues", "4"]);
    cluster.cli(&["group", "create", &group, "--start", "earliest"]);
    cluster.cli(&["group", "update", &group, "--max-delivery-attempts", "5"]);
    cluster.wait_spread(&topic).await;
    let mut admin = cluster.admin(1).await;
    // One group, as every broker has it, with the update applied.
    let groups = admin
        .list_groups(admin::ListGroupsRequest {})
        .await
        .unwrap()
        .into_inner()
        .groups;
    let ours: Vec<_> = groups.iter().filter(|g| g.name == group).collect();
    assert_eq!(ours.len(), 1, "{groups:?}");
    assert_eq!(ours[0].max_delivery_attempts, 5);
    let producer = producer(cluster.endpoint(0), &topic).await;
    let mut ids = Vec::new();
    for i in 0..8 {
        let r = producer
            .send(Message::new(&topic, format!("m{i}")).key(format!("k{i}")))
            .await
            .unwrap();
        ids.push(r.message_id);
    }
    // A message is found by id and by key, naming the broker that holds it.
    for (i, id) in ids.iter().enumerate() {
        let by_id = admin
            .query_message(admin::QueryMessageRequest {
                by: Some(admin::query_message_request::By::MessageId(id.clone())),
                include_body: true,
            })
            .await
            .unwrap()
            .into_inner()
            .messages;
        assert_eq!(by_id.len(), 1, "{by_id:?}");
        assert!(by_id[0].broker.starts_with("broker-"), "{by_id:?}");
        assert_eq!(by_id[0].body, format!("m{i}").into_bytes());
    }
    let by_key = admin
        .query_message(admin::QueryMessageRequest {
            by: Some(admin::query_message_request::By::Key(admin::KeyQuery {
                topic: topic.clone(),
                key: "k3".into(),
                from_ms: 0,
                to_ms: i64::MAX,
                limit: 8,
            })),
            include_body: false,
        })
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert_eq!(by_key.len(), 1, "{by_key:?}");
    assert_eq!(by_key[0].message_id, ids[3]);
    // Unknown anywhere: NOT_FOUND, not an error of one broker.
    let missing = admin
        .query_message(admin::QueryMessageRequest {
            by: Some(admin::query_message_request::By::MessageId(
                "00000000000000000000000000000000".into(),
            )),
            include_body: false,
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound, "{missing:?}");
    // The group's offsets and a reset cover both brokers' queues.
    let reset = admin
        .reset_offset(admin::ResetOffsetRequest {
            group: group.clone(),
            topic: topic.clone(),
            target: Some(admin::reset_offset_request::Target::Latest(true)),
        })
        .await
        .unwrap()
        .into_inner();
    let brokers: BTreeSet<_> = reset.queues.iter().map(|q| q.broker.clone()).collect();
    assert_eq!(brokers.len(), 2, "{reset:?}");
    assert_eq!(
        reset.queues.iter().map(|q| q.to_offset).sum::<u64>(),
        8,
        "{reset:?}"
    );
    producer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topic_and_group_changes_through_a_proxy_reach_every_broker() {
    let cluster = Cluster::start(&[]).await;
    let topic = apogee_e2e::unique("chg");
    let group = apogee_e2e::unique("chgg");
    cluster.cli(&["topic", "create", &topic, "--queues", "4"]);
    cluster.cli(&["group", "create", &group]);
    cluster.wait_spread(&topic).await;
    let producer = producer(cluster.endpoint(0), &topic).await;
    producer.send(Message::new(&topic, "before")).await.unwrap();

    // The proxy holds the producer's connection.
    let out = cluster.cli(&["--json", "connection", "producers", "--topic", &topic]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{out}");

    // Six queues in all, three on each broker; read only everywhere.
    cluster.cli(&["topic", "update", &topic, "--queues", "6", "--perm", "r"]);
    let mut admin = cluster.admin(0).await;
    let d = admin
        .describe_topic(admin::DescribeTopicRequest {
            name: topic.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(d.queues.len(), 6, "{d:?}");
    for broker in ["broker-a", "broker-b"] {
        assert_eq!(
            d.queues.iter().filter(|q| q.broker == broker).count(),
            3,
            "{d:?}"
        );
    }
    let mut c = TestClient::connect(cluster.proxies[0].addr).await;
    let refused = c
        .send(vec![apogee_e2e::client::message(&topic, "no")])
        .await;
    assert_eq!(code(&refused.status), pb::Code::Forbidden, "{refused:?}");

    cluster.cli(&["topic", "delete", &topic, "--yes"]);
    let gone = admin
        .describe_topic(admin::DescribeTopicRequest {
            name: topic.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(gone.code(), tonic::Code::NotFound, "{gone:?}");
    cluster.cli(&["group", "delete", &group, "--yes"]);
    let groups = admin
        .list_groups(admin::ListGroupsRequest {})
        .await
        .unwrap()
        .into_inner()
        .groups;
    assert!(groups.iter().all(|g| g.name != group), "{groups:?}");
    producer.shutdown().await;
}
