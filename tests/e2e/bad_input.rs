//! Bad input gets the matching v2 status code and a clear message, never a panic, and nothing
//! stored is lost.

use std::time::Duration;

use apogee_e2e::client::{code, message, resource};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use bytes::Bytes;

fn status_text(s: &Option<pb::Status>) -> String {
    s.as_ref().map(|s| s.message.clone()).unwrap_or_default()
}

#[tokio::test]
async fn unknown_topic_without_auto_create() {
    let server = TestServer::start_with(|c| c.broker.auto_create_topics = false).await;
    let mut c = server.client().await;
    let topic = unique("missing");
    let route = c.query_route(&topic).await;
    assert_eq!(code(&route.status), pb::Code::TopicNotFound);
    assert!(route.message_queues.is_empty());
    let send = c.send(vec![message(&topic, "x")]).await;
    assert_eq!(code(&send.status), pb::Code::TopicNotFound);
    assert_eq!(
        send.entries.len(),
        1,
        "one entry per message even on failure"
    );
    assert!(status_text(&send.status).contains(&topic));
    let got = c
        .receive(
            &unique("g"),
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(100),
        )
        .await;
    assert_eq!(code(&Some(got.status)), pb::Code::TopicNotFound);
}

#[tokio::test]
async fn invalid_topic_and_group_names() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    for bad in ["", "has space", "dot.ted", &"x".repeat(128), "%RETRY%g"] {
        let route = c.query_route(bad).await;
        assert_eq!(code(&route.status), pb::Code::IllegalTopic, "topic {bad:?}");
        let send = c.send(vec![message(bad, "x")]).await;
        assert_eq!(code(&send.status), pb::Code::IllegalTopic, "topic {bad:?}");
    }
    let hb = c
        .heartbeat("bad group", pb::ClientType::SimpleConsumer)
        .await;
    assert_eq!(code(&hb.status), pb::Code::IllegalConsumerGroup);
    let got = c
        .receive(
            "bad/group",
            &unique("t"),
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(100),
        )
        .await;
    assert_eq!(code(&Some(got.status)), pb::Code::IllegalConsumerGroup);
}

#[tokio::test]
async fn body_limits() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    let mut empty = message(&topic, "");
    empty.body = Bytes::new();
    assert_eq!(
        code(&c.send(vec![empty]).await.status),
        pb::Code::MessageBodyEmpty
    );
    let mut big = message(&topic, "");
    big.body = Bytes::from(vec![b'x'; 4 * 1024 * 1024 + 1]);
    let resp = c.send(vec![big]).await;
    assert_eq!(code(&resp.status), pb::Code::MessageBodyTooLarge);
    assert!(status_text(&resp.status).contains("4194305"));
    let mut max = message(&topic, "");
    max.body = Bytes::from(vec![b'x'; 4 * 1024 * 1024]);
    assert_eq!(
        code(&c.send(vec![max]).await.status),
        pb::Code::Ok,
        "exactly 4 MiB is accepted"
    );
}

#[tokio::test]
async fn missing_and_malformed_fields() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    assert_eq!(code(&c.query_route(&topic).await.status), pb::Code::Ok);
    let mut no_props = message(&topic, "x");
    no_props.system_properties = None;
    assert_eq!(
        code(&c.send(vec![no_props]).await.status),
        pb::Code::BadRequest
    );
    let mut no_id = message(&topic, "x");
    no_id.system_properties.as_mut().unwrap().message_id.clear();
    assert_eq!(
        code(&c.send(vec![no_id]).await.status),
        pb::Code::IllegalMessageId
    );
    let mut no_topic = message(&topic, "x");
    no_topic.topic = None;
    assert_eq!(
        code(&c.send(vec![no_topic]).await.status),
        pb::Code::BadRequest
    );
    assert_eq!(
        code(&c.send(vec![]).await.status),
        pb::Code::MessageCorrupted
    );
    let mixed = vec![message(&topic, "a"), message(&unique("other"), "b")];
    assert_eq!(
        code(&c.send(mixed).await.status),
        pb::Code::MessageCorrupted
    );
    let mut bad_tag = message(&topic, "x");
    bad_tag.system_properties.as_mut().unwrap().tag = Some("a|b".into());
    assert_eq!(
        code(&c.send(vec![bad_tag]).await.status),
        pb::Code::IllegalMessageTag
    );
    let mut bad_key = message(&topic, "x");
    bad_key.system_properties.as_mut().unwrap().keys = vec!["  ".into()];
    assert_eq!(
        code(&c.send(vec![bad_key]).await.status),
        pb::Code::IllegalMessageKey
    );
    let mut reserved = message(&topic, "x");
    reserved
        .user_properties
        .insert("UNIQ_KEY".into(), "v".into());
    assert_eq!(
        code(&c.send(vec![reserved]).await.status),
        pb::Code::IllegalMessagePropertyKey
    );
    let route = c
        .rpc
        .query_route(c.req(pb::QueryRouteRequest {
            topic: resource(&topic),
            endpoints: None,
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&route.status), pb::Code::IllegalAccessPoint);
    // Nothing above was stored.
    let d = c
        .admin
        .describe_topic(admin::DescribeTopicRequest { name: topic })
        .await
        .unwrap()
        .into_inner();
    assert!(d.queues.iter().all(|q| q.max_offset == 0));
}

#[tokio::test]
async fn wrong_message_type_for_topic() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let fifo = unique("fifo");
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: fifo.clone(),
            queues: 2,
            message_types: vec![admin::MessageType::Fifo as i32],
            ..Default::default()
        })
        .await
        .unwrap();
    let resp = c.send(vec![message(&fifo, "normal on fifo")]).await;
    assert_eq!(
        code(&resp.status),
        pb::Code::MessagePropertyConflictWithType
    );
    assert!(status_text(&resp.status).contains("fifo"));
    let mut m = message(&fifo, "ordered");
    let sp = m.system_properties.as_mut().unwrap();
    sp.message_type = pb::MessageType::Fifo as i32;
    sp.message_group = Some("order-1".into());
    assert_eq!(code(&c.send(vec![m]).await.status), pb::Code::Ok);
    // FIFO declared without a message group.
    let mut m = message(&fifo, "no group");
    m.system_properties.as_mut().unwrap().message_type = pb::MessageType::Fifo as i32;
    assert_eq!(
        code(&c.send(vec![m]).await.status),
        pb::Code::MessagePropertyConflictWithType
    );
    let route = c.query_route(&fifo).await;
    assert!(
        route
            .message_queues
            .iter()
            .all(|q| q.accept_message_types == vec![pb::MessageType::Fifo as i32])
    );
}

#[tokio::test]
async fn malformed_forged_and_foreign_receipt_handles() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group, other) = (unique("t"), unique("g"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    c.heartbeat(&other, pb::ClientType::SimpleConsumer).await;
    for bad in ["", "not-hex", "0123", &"ab".repeat(40)] {
        let r = c.ack_handle(&group, &topic, "id", bad).await;
        assert_eq!(
            code(&r.status),
            pb::Code::InvalidReceiptHandle,
            "handle {bad:?}"
        );
        assert_eq!(r.entries.len(), 1);
    }
    let id = c.send_ok(message(&topic, "x")).await;
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
    let handle = apogee_e2e::client::handle_of(&got.messages[0]);
    // A handle with one character changed (a forgery) is refused.
    let mut forged = handle.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    assert_eq!(
        code(&c.ack_handle(&group, &topic, &id, &forged).await.status),
        pb::Code::InvalidReceiptHandle
    );
    // Another group cannot ack this group's delivery.
    assert_eq!(
        code(&c.ack_handle(&other, &topic, &id, &handle).await.status),
        pb::Code::InvalidReceiptHandle
    );
    // The real handle still works: nothing was lost.
    assert_eq!(
        code(&c.ack_handle(&group, &topic, &id, &handle).await.status),
        pb::Code::Ok
    );
}

#[tokio::test]
async fn invisible_duration_out_of_range() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    c.send_ok(message(&topic, "x")).await;
    let too_short = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_millis(10),
            Duration::from_millis(100),
        )
        .await;
    assert_eq!(
        code(&Some(too_short.status)),
        pb::Code::IllegalInvisibleTime
    );
    let too_long = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(13 * 3600),
            Duration::from_millis(100),
        )
        .await;
    assert_eq!(code(&Some(too_long.status)), pb::Code::IllegalInvisibleTime);
    // The message was not consumed by the refused receives.
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
    assert_eq!(got.messages.len(), 1);
    let changed = c
        .change_invisible(
            &group,
            &topic,
            &apogee_e2e::client::id_of(&got.messages[0]),
            &apogee_e2e::client::handle_of(&got.messages[0]),
            Duration::from_secs(13 * 3600),
        )
        .await;
    assert_eq!(code(&changed.status), pb::Code::IllegalInvisibleTime);
}

#[tokio::test]
async fn bad_batch_size_and_missing_queue() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    let zero = c
        .receive(
            &group,
            &topic,
            "*",
            0,
            Duration::from_secs(30),
            Duration::from_millis(100),
        )
        .await;
    assert_eq!(code(&Some(zero.status)), pb::Code::BadRequest);
    let no_queue = c
        .receive_raw(pb::ReceiveMessageRequest {
            group: resource(&group),
            batch_size: 1,
            ..Default::default()
        })
        .await;
    assert_eq!(code(&Some(no_queue.status)), pb::Code::BadRequest);
}
