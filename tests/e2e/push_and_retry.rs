//! Push consumption (auto-renewed receives, assignments, dead consumers), retries with the
//! group's back-off through its retry queue, and the dead-letter queue.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use apogee_e2e::client::{attempt_of, code, handle_of, id_of, message, push_settings, resource};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;

fn quick(c: &mut apogee_server::config::Config) {
    c.broker.default_invisible = Duration::from_millis(800);
}

#[tokio::test]
async fn different_groups_each_get_every_message() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, g1, g2) = (unique("t"), unique("g"), unique("g"));
    c.heartbeat(&g1, pb::ClientType::SimpleConsumer).await;
    c.heartbeat(&g2, pb::ClientType::SimpleConsumer).await;
    let sent: BTreeSet<_> = futures::future::join_all((0..12).map(|i| {
        let mut c = c.clone();
        let topic = topic.clone();
        async move { c.send_ok(message(&topic, &format!("m{i}"))).await }
    }))
    .await
    .into_iter()
    .collect();
    for g in [&g1, &g2] {
        let mut seen = BTreeSet::new();
        while seen.len() < sent.len() {
            let got = c
                .receive(
                    g,
                    &topic,
                    "*",
                    32,
                    Duration::from_secs(30),
                    Duration::from_secs(3),
                )
                .await;
            assert_eq!(code(&Some(got.status)), pb::Code::Ok);
            for m in &got.messages {
                assert!(seen.insert(id_of(m)));
                c.ack(g, &topic, m).await;
            }
        }
        assert_eq!(seen, sent, "group {g} got every message");
    }
}

#[tokio::test]
async fn query_assignment_gives_push_consumers_the_topic() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    let r = c
        .rpc
        .query_assignment(c.req(pb::QueryAssignmentRequest {
            topic: resource(&topic),
            group: resource(&group),
            endpoints: Some(c.endpoints()),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::Ok);
    assert_eq!(r.assignments.len(), 1);
    let q = r.assignments[0].message_queue.as_ref().unwrap();
    assert_eq!(q.permission, pb::Permission::ReadWrite as i32);
    assert_eq!(q.broker.as_ref().unwrap().id, 0);
    let missing = c
        .rpc
        .query_assignment(c.req(pb::QueryAssignmentRequest {
            topic: resource(&unique("none")),
            group: resource(&group),
            endpoints: Some(c.endpoints()),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&missing.status), pb::Code::TopicNotFound);
}

#[tokio::test]
async fn push_deliveries_are_renewed_and_released_when_the_consumer_dies() {
    let server = TestServer::start_with(quick).await;
    let (topic, group) = (unique("t"), unique("g"));
    let mut a = server.client().await;
    let mut b = server.client().await;
    let session_a = a.open_telemetry(push_settings(&a, &group, &topic)).await;
    let _session_b = b.open_telemetry(push_settings(&b, &group, &topic)).await;
    let mut sent = BTreeSet::new();
    for i in 0..5 {
        sent.insert(a.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    let mut held = Vec::new();
    while held.len() < 5 {
        let got = a
            .receive_push(&group, &topic, 32, Duration::from_secs(3))
            .await;
        assert_eq!(code(&Some(got.status)), pb::Code::Ok);
        held.extend(got.messages);
    }
    // Well past the 800 ms invisible time: A is connected, so the server keeps renewing.
    let none = b
        .receive_push(&group, &topic, 32, Duration::from_millis(2500))
        .await;
    assert!(
        none.messages.is_empty(),
        "renewed deliveries are not handed to B"
    );
    // A acks one with its original handle, which renewal did not change.
    assert_eq!(
        code(&a.ack(&group, &topic, &held[0]).await.status),
        pb::Code::Ok
    );
    // A dies: its stream ends, and B gets what A held, as a redelivery.
    drop(session_a);
    let mut again = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while again.len() < 4 {
        assert!(
            Instant::now() < deadline,
            "only {} of 4 redelivered",
            again.len()
        );
        let got = b
            .receive_push(&group, &topic, 32, Duration::from_secs(3))
            .await;
        for m in &got.messages {
            assert_eq!(attempt_of(m), 2);
            again.insert(id_of(m));
            b.ack(&group, &topic, m).await;
        }
    }
    let expected: BTreeSet<_> = held[1..].iter().map(id_of).collect();
    assert_eq!(again, expected);
}

#[tokio::test]
async fn retries_follow_the_groups_backoff_then_dead_letter_and_resend() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group, reader) = (unique("t"), unique("g"), unique("r"));
    c.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            max_delivery_attempts: 2,
            retry_backoff_ms: vec![700],
            ..Default::default()
        })
        .await
        .unwrap();
    // A reader of the dead-letter topic, known before anything is dead-lettered.
    let dlq_topic = format!("%DLQ%{group}");
    c.heartbeat(&reader, pb::ClientType::SimpleConsumer).await;
    let id = c.send_ok(message(&topic, "poison")).await;

    let invisible = Duration::from_millis(500);
    let first = c
        .receive(&group, &topic, "*", 1, invisible, Duration::from_secs(3))
        .await;
    assert_eq!(attempt_of(&first.messages[0]), 1);
    let expired_at = Instant::now() + invisible;
    let second = c
        .receive(&group, &topic, "*", 1, invisible, Duration::from_secs(10))
        .await;
    assert_eq!(second.messages.len(), 1);
    assert_eq!(
        (id_of(&second.messages[0]), attempt_of(&second.messages[0])),
        (id.clone(), 2)
    );
    assert!(
        Instant::now() >= expired_at + Duration::from_millis(650),
        "redelivered only after the 700 ms back-off"
    );

    // The second delivery expires too: that was the last attempt.
    let none = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            invisible,
            Duration::from_millis(2500),
        )
        .await;
    assert!(none.messages.is_empty(), "no third attempt");
    let route = c.query_route(&dlq_topic).await;
    assert_eq!(code(&route.status), pb::Code::Ok);
    assert_eq!(
        route.message_queues[0].permission,
        pb::Permission::Read as i32
    );
    let dead = c
        .receive(
            &reader,
            &dlq_topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(dead.messages.len(), 1, "the dead letter can be consumed");
    let m = &dead.messages[0];
    let dlq = m
        .system_properties
        .as_ref()
        .unwrap()
        .dead_letter_queue
        .as_ref()
        .unwrap();
    assert_eq!(
        (dlq.topic.as_str(), dlq.message_id.as_str()),
        (topic.as_str(), id.as_str())
    );
    assert_eq!(m.topic.as_ref().unwrap().name, dlq_topic);

    let listed = c
        .admin
        .list_dlq_messages(admin::ListDlqMessagesRequest {
            group: group.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.messages.len(), 1);
    assert_eq!(listed.messages[0].original_topic, topic);
    assert_eq!(listed.messages[0].message_id, id);
    let resent = c
        .admin
        .resend_dlq_messages(admin::ResendDlqMessagesRequest {
            group: group.clone(),
            message_ids: vec![id.clone()],
            all: false,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(resent.resent, 1);
    let back = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(
        (id_of(&back.messages[0]), attempt_of(&back.messages[0])),
        (id, 1)
    );
    let unknown = c
        .admin
        .resend_dlq_messages(admin::ResendDlqMessagesRequest {
            group,
            message_ids: vec!["nope".into()],
            all: false,
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), tonic::Code::NotFound);
}

#[tokio::test]
async fn forward_to_dead_letter_queue_moves_the_message() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::PushConsumer).await;
    let id = c.send_ok(message(&topic, "bad")).await;
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    let handle = handle_of(&got.messages[0]);
    let req = |h: &str| pb::ForwardMessageToDeadLetterQueueRequest {
        group: resource(&group),
        topic: resource(&topic),
        receipt_handle: h.into(),
        message_id: id.clone(),
        delivery_attempt: 1,
        max_delivery_attempts: 16,
        lite_topic: None,
    };
    let r = c
        .rpc
        .forward_message_to_dead_letter_queue(c.req(req(&handle)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::Ok);
    let again = c
        .rpc
        .forward_message_to_dead_letter_queue(c.req(req(&handle)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&again.status),
        pb::Code::InvalidReceiptHandle,
        "the delivery is finished"
    );
    let listed = c
        .admin
        .list_dlq_messages(admin::ListDlqMessagesRequest {
            group: group.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        listed
            .messages
            .iter()
            .map(|m| m.message_id.clone())
            .collect::<Vec<_>>(),
        vec![id]
    );
    let none = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(300),
        )
        .await;
    assert!(none.messages.is_empty());
}

#[tokio::test]
async fn unknown_group_without_auto_create() {
    let server = TestServer::start_with(|c| c.broker.auto_create_groups = false).await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    assert_eq!(
        code(
            &c.heartbeat(&group, pb::ClientType::SimpleConsumer)
                .await
                .status
        ),
        pb::Code::ConsumerGroupNotFound
    );
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(100),
        )
        .await;
    assert_eq!(code(&Some(got.status)), pb::Code::ConsumerGroupNotFound);
    let ack = c.ack_handle(&group, &topic, "id", "01").await;
    assert_ne!(code(&ack.status), pb::Code::Ok);
}

#[tokio::test]
async fn a_server_restart_does_not_release_a_push_consumers_deliveries() {
    // A quick back-off, so a released delivery would be back well within the poll below.
    let server = TestServer::start_with(|c| {
        c.broker.retry_backoff = vec![Duration::from_millis(100)];
    })
    .await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    let session = c.open_telemetry(push_settings(&c, &group, &topic)).await;
    assert_eq!(code(&session.settings.status), pb::Code::Ok);
    c.send_ok(message(&topic, "in progress")).await;
    let got = c
        .receive_push(&group, &topic, 1, Duration::from_secs(5))
        .await;
    assert_eq!(got.messages.len(), 1);

    // The server restarts while the consumer (and its Telemetry stream) is still there: the
    // consumer is still working on the message and will renew it once reconnected.
    let server = server.restart().await;
    let mut other = server.client().await;
    let none = other
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(1500),
        )
        .await;
    assert!(
        none.messages.is_empty(),
        "the delivery stays invisible to others across the restart"
    );
    drop(session);
}

#[tokio::test]
async fn settings_for_an_unknown_group_fail_the_telemetry_stream() {
    let server = TestServer::start_with(|c| c.broker.auto_create_groups = false).await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tx.send(pb::TelemetryCommand {
        status: None,
        command: Some(pb::telemetry_command::Command::Settings(push_settings(
            &c, &group, &topic,
        ))),
    })
    .await
    .unwrap();
    let mut inbound = c
        .rpc
        .telemetry(c.req(tokio_stream::wrappers::ReceiverStream::new(rx)))
        .await
        .unwrap()
        .into_inner();
    // Clients wait for their settings; a reply without them would leave them hanging.
    let err = inbound.message().await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::NotFound);
    assert!(err.message().contains(&group), "{}", err.message());
}
