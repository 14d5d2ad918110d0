//! FIFO: a FIFO group gets each message group strictly in send order, the next message only
//! after the previous one is acked; message groups proceed in parallel; a one-queue FIFO topic
//! is globally ordered.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apogee_e2e::client::{attempt_of, body_of, code, message};
use apogee_e2e::{TestClient, TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use tokio::sync::Mutex;

fn fifo_message(topic: &str, group: &str, seq: usize) -> pb::Message {
    let mut m = message(topic, &format!("{group}:{seq}"));
    let sp = m.system_properties.as_mut().unwrap();
    sp.message_type = pb::MessageType::Fifo as i32;
    sp.message_group = Some(group.to_owned());
    m
}

/// A new FIFO topic with `queues` queues and a new FIFO group: (topic, group).
pub(crate) async fn setup(c: &mut TestClient, queues: u32) -> (String, String) {
    let (topic, group) = (unique("fifo"), unique("g"));
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues,
            message_types: vec![admin::MessageType::Fifo as i32],
            ..Default::default()
        })
        .await
        .unwrap();
    c.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            fifo: true,
            ..Default::default()
        })
        .await
        .unwrap();
    (topic, group)
}

#[tokio::test]
async fn message_groups_are_delivered_in_order_one_at_a_time_under_concurrency() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = setup(&mut c, 4).await;
    let keys = ["A", "B", "C", "D", "E"];
    const PER_GROUP: usize = 12;
    for seq in 0..PER_GROUP {
        for k in keys {
            c.send_ok(fifo_message(&topic, k, seq)).await;
        }
    }
    // Three consumers pull concurrently; the server must never hand out two messages of one
    // message group at once, and each group's sequence must arrive in order.
    let in_flight = Arc::new(Mutex::new(HashSet::<String>::new()));
    let consumed = Arc::new(Mutex::new(BTreeMap::<String, Vec<usize>>::new()));
    let mut tasks = Vec::new();
    for _ in 0..3 {
        let (mut c, topic, group) = (server.client().await, topic.clone(), group.clone());
        let (in_flight, consumed) = (in_flight.clone(), consumed.clone());
        tasks.push(tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if consumed.lock().await.values().map(Vec::len).sum::<usize>()
                    == keys.len() * PER_GROUP
                {
                    return;
                }
                assert!(Instant::now() < deadline, "FIFO consumption stalled");
                let got = c
                    .receive(
                        &group,
                        &topic,
                        "*",
                        8,
                        Duration::from_secs(30),
                        Duration::from_millis(300),
                    )
                    .await;
                for m in &got.messages {
                    let body = body_of(m);
                    let (k, seq) = body.split_once(':').unwrap();
                    assert!(
                        in_flight.lock().await.insert(k.to_owned()),
                        "two messages of group {k} in flight"
                    );
                    consumed
                        .lock()
                        .await
                        .entry(k.to_owned())
                        .or_default()
                        .push(seq.parse().unwrap());
                    assert_eq!(attempt_of(m), 1);
                    in_flight.lock().await.remove(k);
                    assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    for (k, seqs) in consumed.lock().await.iter() {
        assert_eq!(
            seqs,
            &(0..PER_GROUP).collect::<Vec<_>>(),
            "group {k} out of order"
        );
    }
}

#[tokio::test]
async fn unacked_fifo_message_blocks_its_group_and_comes_back_first() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = setup(&mut c, 2).await;
    c.admin
        .update_group(admin::UpdateGroupRequest {
            name: group.clone(),
            retry_backoff: Some(admin::RetryBackoff {
                levels_ms: vec![100],
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    for seq in 0..3 {
        c.send_ok(fifo_message(&topic, "A", seq)).await;
    }
    let first = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_millis(600),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(
        first.messages.iter().map(body_of).collect::<Vec<_>>(),
        vec!["A:0"]
    );
    // Not acked: A:1 must not be delivered; A:0 comes back after its deadline and back-off.
    let again = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(
        again.messages.iter().map(body_of).collect::<Vec<_>>(),
        vec!["A:0"]
    );
    assert_eq!(attempt_of(&again.messages[0]), 2);
    c.ack(&group, &topic, &again.messages[0]).await;
    let next = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(
        next.messages.iter().map(body_of).collect::<Vec<_>>(),
        vec!["A:1"]
    );
}

#[tokio::test]
async fn one_queue_fifo_topic_is_globally_ordered() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = setup(&mut c, 1).await;
    for seq in 0..6 {
        c.send_ok(fifo_message(&topic, ["X", "Y", "Z"][seq % 3], seq))
            .await;
    }
    let mut order = Vec::new();
    while order.len() < 6 {
        let got = c
            .receive(
                &group,
                &topic,
                "*",
                8,
                Duration::from_secs(30),
                Duration::from_secs(3),
            )
            .await;
        assert_eq!(
            got.messages.len(),
            1,
            "one message at a time on a globally ordered topic"
        );
        order.push(
            body_of(&got.messages[0])
                .split_once(':')
                .unwrap()
                .1
                .parse::<usize>()
                .unwrap(),
        );
        c.ack(&group, &topic, &got.messages[0]).await;
    }
    assert_eq!(order, (0..6).collect::<Vec<_>>());
}

#[tokio::test]
async fn message_group_sharding_is_stable() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = setup(&mut c, 8).await;
    for seq in 0..20 {
        c.send_ok(fifo_message(&topic, ["K1", "K2"][seq % 2], seq))
            .await;
    }
    let mut queues: BTreeMap<String, HashSet<i32>> = BTreeMap::new();
    let mut seen = 0;
    while seen < 20 {
        let got = c
            .receive(
                &group,
                &topic,
                "*",
                8,
                Duration::from_secs(30),
                Duration::from_secs(3),
            )
            .await;
        assert_eq!(code(&Some(got.status)), pb::Code::Ok);
        for m in &got.messages {
            let sp = m.system_properties.as_ref().unwrap();
            queues
                .entry(sp.message_group.clone().unwrap())
                .or_default()
                .insert(sp.queue_id);
            c.ack(&group, &topic, m).await;
            seen += 1;
        }
    }
    assert_eq!(queues.len(), 2);
    assert!(
        queues.values().all(|q| q.len() == 1),
        "each message group stays on one queue: {queues:?}"
    );
}
