//! A clean restart keeps every stored message, every ack, every in-flight delivery and every
//! cursor; offsets continue where they stopped.

use std::collections::BTreeSet;
use std::time::Duration;

use apogee_e2e::client::{code, id_of, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;
use apogee_store::FlushMode;

#[tokio::test]
async fn restart_keeps_messages_acks_and_in_flight_deliveries() {
    let server = TestServer::start_with(|c| c.store.flush = FlushMode::Sync).await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(c.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    // Take everything: ack three, leave three in flight with a short deadline.
    let mut taken = Vec::new();
    while taken.len() < 6 {
        let got = c
            .receive(
                &group,
                &topic,
                "*",
                6,
                Duration::from_secs(2),
                Duration::from_secs(5),
            )
            .await;
        assert!(!got.messages.is_empty());
        taken.extend(got.messages);
    }
    let mut acked = BTreeSet::new();
    for m in &taken[..3] {
        assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
        acked.insert(id_of(m));
    }
    let pending: BTreeSet<_> = taken[3..].iter().map(id_of).collect();

    let server = server.restart().await;
    let mut c = server.client().await;
    let mut back = BTreeSet::new();
    while back.len() < 3 {
        let got = c
            .receive(
                &group,
                &topic,
                "*",
                6,
                Duration::from_secs(30),
                Duration::from_secs(10),
            )
            .await;
        assert_eq!(
            code(&Some(got.status)),
            pb::Code::Ok,
            "in-flight messages come back after restart"
        );
        for m in &got.messages {
            assert!(!acked.contains(&id_of(m)), "an acked message came back");
            assert_eq!(
                m.system_properties.as_ref().unwrap().delivery_attempt,
                Some(2)
            );
            back.insert(id_of(m));
            assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
        }
    }
    assert_eq!(back, pending);

    // New sends continue the queue offsets; the group only sees the new message.
    let route = c.query_route(&topic).await;
    assert_eq!(route.message_queues.len(), 8);
    let id = c.send_ok(message(&topic, "after")).await;
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            6,
            Duration::from_secs(30),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(got.messages.iter().map(id_of).collect::<Vec<_>>(), vec![id]);
}

#[tokio::test]
async fn messages_sent_before_restart_are_received_after_it() {
    let server = TestServer::start_with(|c| c.store.flush = FlushMode::Sync).await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let mut sent = BTreeSet::new();
    for i in 0..20 {
        sent.insert(c.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    let server = server.restart().await;
    let mut c = server.client().await;
    let mut seen = BTreeSet::new();
    while seen.len() < sent.len() {
        let got = c
            .receive(
                &group,
                &topic,
                "*",
                32,
                Duration::from_secs(30),
                Duration::from_secs(5),
            )
            .await;
        assert_eq!(code(&Some(got.status)), pb::Code::Ok);
        for m in &got.messages {
            seen.insert(id_of(m));
            c.ack(&group, &topic, m).await;
        }
    }
    assert_eq!(seen, sent);
}

#[tokio::test]
async fn fifo_progress_and_backoffs_survive_a_restart() {
    use apogee_proto::admin::v1 as admin;
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("fifo"), unique("g"));
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 1,
            message_types: vec![admin::MessageType::Fifo as i32],
            ..Default::default()
        })
        .await
        .unwrap();
    c.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            fifo: true,
            retry_backoff_ms: vec![1500],
            ..Default::default()
        })
        .await
        .unwrap();
    for seq in 0..3 {
        let mut m = message(&topic, &format!("s{seq}"));
        let sp = m.system_properties.as_mut().unwrap();
        sp.message_type = pb::MessageType::Fifo as i32;
        sp.message_group = Some("G".into());
        c.send_ok(m).await;
    }
    let first = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(first.messages.len(), 1);
    assert_eq!(
        code(&c.ack(&group, &topic, &first.messages[0]).await.status),
        pb::Code::Ok
    );
    // s1 is delivered and left to expire; it is then in its 1.5 s back-off across the restart.
    let second = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_millis(500),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(apogee_e2e::client::body_of(&second.messages[0]), "s1");
    let server = server.restart().await;
    let mut c = server.client().await;
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
    let bodies: Vec<_> = again
        .messages
        .iter()
        .map(apogee_e2e::client::body_of)
        .collect();
    assert_eq!(
        bodies,
        vec!["s1"],
        "s0 stays acked, s1 comes back before s2"
    );
    assert_eq!(
        again.messages[0]
            .system_properties
            .as_ref()
            .unwrap()
            .delivery_attempt,
        Some(2)
    );
}
