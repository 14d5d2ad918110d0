//! The Rust SDK (`apogee-sdk`) against a real server: producers, the three consumers, FIFO,
//! delay, transactions, filters, flow control.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_sdk::{
    ConsumeResult, ErrorKind, FilterExpression, Message, Producer, PullConsumer, PushConsumer,
    SimpleConsumer, TransactionProducer, TransactionResolution,
};

async fn simple(
    server: &TestServer,
    group: &str,
    topic: &str,
    filter: FilterExpression,
) -> SimpleConsumer {
    SimpleConsumer::builder(server.addr.to_string(), group)
        .subscribe(topic, filter)
        .await_duration(Duration::from_secs(2))
        .build()
        .await
        .unwrap()
}

async fn drain(c: &SimpleConsumer, want: usize) -> Vec<apogee_sdk::MessageView> {
    let mut all = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while all.len() < want {
        assert!(Instant::now() < deadline, "got {} of {want}", all.len());
        for m in c.receive(32, Duration::from_secs(30)).await.unwrap() {
            c.ack(&m).await.unwrap();
            all.push(m);
        }
    }
    all
}

#[tokio::test]
async fn send_modes_and_simple_consumer() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("t"), unique("g"));
    let consumer = simple(&server, &group, &topic, FilterExpression::all()).await;
    let producer = Producer::builder(server.addr.to_string())
        .topics([topic.clone()])
        .build()
        .await
        .unwrap();
    let mut ids = BTreeSet::new();
    let r = producer
        .send(
            Message::new(&topic, "sync")
                .tag("a")
                .key("k1")
                .property("p", "1"),
        )
        .await
        .unwrap();
    assert_eq!(r.message_id.len(), 34);
    ids.insert(r.message_id);
    let pending: Vec<_> = (0..20)
        .map(|i| producer.send_async(Message::new(&topic, format!("async-{i}"))))
        .collect();
    for p in pending {
        ids.insert(p.await.unwrap().message_id);
    }
    let batch = producer
        .send_batch(
            (0..5)
                .map(|i| Message::new(&topic, format!("batch-{i}")))
                .collect(),
        )
        .await
        .unwrap();
    assert_eq!(batch.len(), 5);
    assert!(
        batch.iter().all(|r| r.queue_id == batch[0].queue_id),
        "a batch goes to one queue"
    );
    ids.extend(batch.into_iter().map(|r| r.message_id));
    producer.send_oneway(Message::new(&topic, "oneway"));
    let got = drain(&consumer, 27).await;
    let got_ids: BTreeSet<_> = got.iter().map(|m| m.message_id.clone()).collect();
    assert!(ids.is_subset(&got_ids), "every acknowledged send arrives");
    let first = got.iter().find(|m| m.body.as_ref() == b"sync").unwrap();
    assert_eq!(
        (
            first.tag.as_deref(),
            first.keys.clone(),
            first.properties.get("p").cloned()
        ),
        (Some("a"), vec!["k1".into()], Some("1".into()))
    );
    assert_eq!(first.delivery_attempt, 1);
    // Negative ack: back at once, attempt 2.
    producer
        .send(Message::new(&topic, "nack-me"))
        .await
        .unwrap();
    let mut m = consumer
        .receive(1, Duration::from_secs(30))
        .await
        .unwrap()
        .pop()
        .unwrap();
    consumer
        .change_invisible_duration(&mut m, Duration::ZERO)
        .await
        .unwrap();
    let again = consumer
        .receive(1, Duration::from_secs(30))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        (again.message_id.clone(), again.delivery_attempt),
        (m.message_id.clone(), 2)
    );
    consumer.ack(&again).await.unwrap();
    assert_eq!(
        consumer.ack(&again).await.unwrap_err().kind,
        ErrorKind::BadRequest,
        "a stale handle is refused"
    );
    let bad = producer.send(Message::new(&topic, "")).await.unwrap_err();
    assert_eq!(
        bad.kind,
        ErrorKind::BadRequest,
        "an empty body is refused, not resent"
    );
    producer.shutdown().await;
    consumer.shutdown().await;
}

#[tokio::test]
async fn push_consumer_retries_then_succeeds_within_its_bounds() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("t"), unique("g"));
    let mut c = server.client().await;
    c.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            retry_backoff_ms: vec![300],
            ..Default::default()
        })
        .await
        .unwrap();
    // The listener reports every call; the test waits on that channel, never on a timer.
    let (calls, mut called) = tokio::sync::mpsc::unbounded_channel::<(String, u32)>();
    let seen: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let record = seen.clone();
    let consumer = PushConsumer::builder(server.addr.to_string(), &group)
        .subscribe(&topic, FilterExpression::all())
        .max_cached_messages(4)
        .max_concurrency(2)
        .start(move |m| {
            let n = {
                let mut s = record.lock().unwrap();
                let n = s.entry(m.message_id.clone()).or_default();
                *n += 1;
                *n
            };
            let _ = calls.send((m.message_id.clone(), m.delivery_attempt));
            // Fail each message's first delivery.
            if n == 1 {
                ConsumeResult::Failure
            } else {
                ConsumeResult::Success
            }
        })
        .await
        .unwrap();
    let producer = Producer::builder(server.addr.to_string())
        .build()
        .await
        .unwrap();
    for i in 0..10 {
        producer
            .send(Message::new(&topic, format!("m{i}")))
            .await
            .unwrap();
    }
    let mut attempts: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    while attempts.values().map(Vec::len).sum::<usize>() < 20 {
        let (id, attempt) = tokio::time::timeout(Duration::from_secs(30), called.recv())
            .await
            .expect("listener called")
            .unwrap();
        attempts.entry(id).or_default().push(attempt);
        assert!(consumer.cached_messages() <= 4, "the cache bound holds");
    }
    assert_eq!(attempts.len(), 10);
    assert!(attempts.values().all(|a| a == &vec![1, 2]), "{attempts:?}");
    consumer.shutdown().await;
    producer.shutdown().await;
}

#[tokio::test]
async fn fifo_push_consumer_keeps_each_group_in_order() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = crate::fifo::setup(&mut c, 4).await;
    let (calls, mut called) = tokio::sync::mpsc::unbounded_channel::<String>();
    let consumer = PushConsumer::builder(server.addr.to_string(), &group)
        .subscribe(&topic, FilterExpression::all())
        .start(move |m| {
            let _ = calls.send(String::from_utf8(m.body.to_vec()).unwrap());
            ConsumeResult::Success
        })
        .await
        .unwrap();
    assert!(consumer.is_fifo());
    let producer = Producer::builder(server.addr.to_string())
        .build()
        .await
        .unwrap();
    for seq in 0..10 {
        for g in ["A", "B", "C"] {
            producer
                .send(Message::new(&topic, format!("{g}:{seq}")).message_group(g))
                .await
                .unwrap();
        }
    }
    let mut order: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for _ in 0..30 {
        let body = tokio::time::timeout(Duration::from_secs(30), called.recv())
            .await
            .expect("consumed")
            .unwrap();
        let (g, seq) = body.split_once(':').unwrap();
        order
            .entry(g.to_owned())
            .or_default()
            .push(seq.parse().unwrap());
    }
    assert!(
        order.values().all(|v| *v == (0..10).collect::<Vec<_>>()),
        "{order:?}"
    );
    consumer.shutdown().await;
    producer.shutdown().await;
}

#[tokio::test]
async fn delay_messages_and_recall() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("t"), unique("g"));
    let consumer = simple(&server, &group, &topic, FilterExpression::all()).await;
    let producer = Producer::builder(server.addr.to_string())
        .build()
        .await
        .unwrap();
    let due = SystemTime::now() + Duration::from_millis(800);
    let r = producer
        .send(Message::new(&topic, "later").deliver_at(due))
        .await
        .unwrap();
    assert!(r.recall_handle.is_some());
    let recalled = producer
        .send(Message::new(&topic, "never").deliver_after(Duration::from_secs(60)))
        .await
        .unwrap();
    assert_eq!(
        producer
            .recall(&topic, recalled.recall_handle.as_ref().unwrap())
            .await
            .unwrap(),
        recalled.message_id
    );
    let got = drain(&consumer, 1).await;
    assert!(SystemTime::now() >= due);
    assert_eq!(got[0].message_id, r.message_id);
    assert!(got[0].deliver_at.is_some());
    producer.shutdown().await;
}

#[tokio::test]
async fn transactions_commit_and_answer_check_backs() {
    let server = TestServer::start_with(|c| {
        c.broker.transaction_check_interval = Duration::from_millis(400)
    })
    .await;
    let (topic, group) = (unique("t"), unique("g"));
    let consumer = simple(&server, &group, &topic, FilterExpression::all()).await;
    let checked = Arc::new(Mutex::new(Vec::new()));
    let record = checked.clone();
    let producer = TransactionProducer::builder(server.addr.to_string(), move |m| {
        record.lock().unwrap().push(m.message_id.clone());
        TransactionResolution::Commit
    })
    .topics([topic.clone()])
    .build()
    .await
    .unwrap();
    let committed = producer.send(Message::new(&topic, "commit")).await.unwrap();
    let committed_id = committed.receipt().message_id.clone();
    committed.commit().await.unwrap();
    producer
        .send(Message::new(&topic, "rollback"))
        .await
        .unwrap()
        .rollback()
        .await
        .unwrap();
    // Left open: the server checks back and the checker commits it.
    let orphan = producer.send(Message::new(&topic, "orphan")).await.unwrap();
    let orphan_id = orphan.receipt().message_id.clone();
    drop(orphan);
    let got: BTreeSet<_> = drain(&consumer, 2)
        .await
        .into_iter()
        .map(|m| m.message_id)
        .collect();
    assert_eq!(got, BTreeSet::from([committed_id, orphan_id.clone()]));
    assert_eq!(checked.lock().unwrap().clone(), vec![orphan_id]);
    producer.shutdown().await;
}

#[tokio::test]
async fn pull_consumer_offsets_and_seek() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("t"), unique("g"));
    let mut c = server.client().await;
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 1,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    let producer = Producer::builder(server.addr.to_string())
        .build()
        .await
        .unwrap();
    let before = SystemTime::now() - Duration::from_secs(1);
    for i in 0..5 {
        producer
            .send(Message::new(&topic, format!("m{i}")).tag(if i % 2 == 0 {
                "even"
            } else {
                "odd"
            }))
            .await
            .unwrap();
    }
    let consumer = PullConsumer::builder(server.addr.to_string(), &group)
        .build()
        .await
        .unwrap();
    let queues = consumer.queues(&topic).await.unwrap();
    assert_eq!(queues.len(), 1);
    let q = &queues[0];
    assert_eq!(
        (
            consumer.earliest(q).await.unwrap(),
            consumer.latest(q).await.unwrap()
        ),
        (0, 5)
    );
    assert_eq!(consumer.offset_at(q, before).await.unwrap(), 0);
    assert_eq!(consumer.committed(q).await.unwrap(), None);
    let r = consumer
        .pull(
            q,
            0,
            10,
            Duration::from_secs(1),
            &FilterExpression::tag("even"),
        )
        .await
        .unwrap();
    assert_eq!(
        r.messages
            .iter()
            .map(|m| m.body.clone())
            .collect::<Vec<_>>(),
        vec!["m0", "m2", "m4"]
    );
    assert_eq!(r.next_offset, 5);
    consumer.commit(q, r.next_offset).await.unwrap();
    assert_eq!(consumer.committed(q).await.unwrap(), Some(5));
    let err = consumer.commit(q, 99).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    consumer.shutdown().await;
    producer.shutdown().await;
}

#[tokio::test]
async fn sql_subscription_through_the_sdk() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("t"), unique("g"));
    let consumer = simple(
        &server,
        &group,
        &topic,
        FilterExpression::sql("amount > 10 AND currency = 'EUR'"),
    )
    .await;
    let producer = Producer::builder(server.addr.to_string())
        .build()
        .await
        .unwrap();
    for (amount, currency) in [(5, "EUR"), (50, "EUR"), (50, "USD"), (11, "EUR")] {
        producer
            .send(
                Message::new(&topic, format!("{amount}{currency}"))
                    .property("amount", amount.to_string())
                    .property("currency", currency),
            )
            .await
            .unwrap();
    }
    let mut got: Vec<_> = drain(&consumer, 2)
        .await
        .into_iter()
        .map(|m| String::from_utf8(m.body.to_vec()).unwrap())
        .collect();
    got.sort();
    assert_eq!(got, vec!["11EUR", "50EUR"]);
}

#[tokio::test]
async fn fifo_push_consumer_shuts_down_during_a_local_retry_back_off() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = crate::fifo::setup(&mut c, 1).await;
    c.admin
        .update_group(admin::UpdateGroupRequest {
            name: group.clone(),
            retry_backoff: Some(admin::RetryBackoff {
                levels_ms: vec![3_600_000],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let (calls, mut called) = tokio::sync::mpsc::unbounded_channel::<()>();
    let consumer = PushConsumer::builder(server.addr.to_string(), &group)
        .subscribe(&topic, FilterExpression::all())
        .start(move |_| {
            let _ = calls.send(());
            ConsumeResult::Failure
        })
        .await
        .unwrap();
    let producer = Producer::builder(server.addr.to_string())
        .build()
        .await
        .unwrap();
    producer
        .send(Message::new(&topic, "fails").message_group("A"))
        .await
        .unwrap();
    tokio::time::timeout(Duration::from_secs(30), called.recv())
        .await
        .expect("the listener ran")
        .unwrap();
    // The consumer now waits an hour before its next local attempt; shutdown must not.
    tokio::time::timeout(Duration::from_secs(10), consumer.shutdown())
        .await
        .expect("shutdown returns during the back-off");
    producer.shutdown().await;
}
