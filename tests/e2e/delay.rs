//! Delay and timer messages: delivered when due (not before), by timestamp or by RocketMQ delay
//! level, recallable until delivered, kept across a restart, and refused beyond the horizon.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apogee_e2e::client::{code, id_of, message, resource, store_ms};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn delayed(topic: &str, at_ms: i64) -> pb::Message {
    let mut m = message(topic, "later");
    let sp = m.system_properties.as_mut().unwrap();
    sp.message_type = pb::MessageType::Delay as i32;
    sp.delivery_timestamp = Some(prost_types::Timestamp {
        seconds: at_ms / 1000,
        nanos: ((at_ms % 1000) * 1_000_000) as i32,
    });
    m
}

#[tokio::test]
async fn delay_message_arrives_when_due() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let due = now_ms() + 1200;
    let resp = c.send(vec![delayed(&topic, due)]).await;
    assert_eq!(code(&resp.status), pb::Code::Ok);
    assert!(
        !resp.entries[0].recall_handle.is_empty(),
        "delay messages get a recall handle"
    );
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(10),
        )
        .await;
    let arrived = now_ms();
    assert_eq!(got.messages.len(), 1);
    assert!(
        arrived >= due,
        "delivered {} ms before its time",
        due - arrived
    );
    let sp = got.messages[0].system_properties.as_ref().unwrap();
    assert_eq!(sp.message_type, pb::MessageType::Delay as i32);
    assert!(sp.delivery_timestamp.is_some());
}

#[tokio::test]
async fn delay_level_property_schedules_like_rocketmq() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let mut m = message(&topic, "level-1");
    m.user_properties.insert("DELAY".into(), "1".into());
    let sent = Instant::now();
    c.send_ok(m).await;
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(got.messages.len(), 1);
    assert!(
        sent.elapsed() >= Duration::from_millis(950),
        "level 1 is one second"
    );
    assert!(
        !got.messages[0].user_properties.contains_key("DELAY"),
        "the schedule is not left as a property"
    );
    for bad in ["0", "19", "x"] {
        let mut m = message(&topic, "bad");
        m.user_properties.insert("DELAY".into(), bad.into());
        assert_eq!(
            code(&c.send(vec![m]).await.status),
            pb::Code::IllegalDeliveryTime,
            "level {bad}"
        );
    }
}

#[tokio::test]
async fn recall_cancels_an_undelivered_message() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let m = delayed(&topic, now_ms() + 60_000);
    let id = id_of(&m);
    let handle = c.send(vec![m]).await.entries[0].recall_handle.clone();
    let recall = |topic: &str, h: &str| pb::RecallMessageRequest {
        topic: resource(topic),
        recall_handle: h.into(),
    };
    let r = c
        .rpc
        .recall_message(c.req(recall(&topic, &handle)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::Ok);
    assert_eq!(r.message_id, id);
    let again = c
        .rpc
        .recall_message(c.req(recall(&topic, &handle)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&again.status), pb::Code::MessageNotFound);
    let forged = c
        .rpc
        .recall_message(c.req(recall(&topic, "0123abcd")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&forged.status), pb::Code::BadRequest);
    let other = unique("other");
    c.query_route(&other).await;
    let h2 = c
        .send(vec![delayed(&topic, now_ms() + 60_000)])
        .await
        .entries[0]
        .recall_handle
        .clone();
    let wrong = c
        .rpc
        .recall_message(c.req(recall(&other, &h2)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&wrong.status), pb::Code::BadRequest);
    assert!(wrong.status.unwrap().message.contains("another topic"));
    // Delivered already: a due message cannot be recalled.
    let m = delayed(&topic, now_ms() + 300);
    let id = id_of(&m);
    let h3 = c.send(vec![m]).await.entries[0].recall_handle.clone();
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(got.messages.iter().map(id_of).collect::<Vec<_>>(), vec![id]);
    let late = c
        .rpc
        .recall_message(c.req(recall(&topic, &h3)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&late.status), pb::Code::MessageNotFound);
}

#[tokio::test]
async fn delay_type_horizon_and_python_seconds() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let normal = unique("normal");
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: normal.clone(),
            queues: 1,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    let r = c.send(vec![delayed(&normal, now_ms() + 5000)]).await;
    assert_eq!(
        code(&r.status),
        pb::Code::MessagePropertyConflictWithType,
        "a NORMAL topic refuses DELAY"
    );
    let topic = unique("t");
    let too_far = c
        .send(vec![delayed(&topic, now_ms() + 41 * 24 * 3600 * 1000)])
        .await;
    assert_eq!(code(&too_far.status), pb::Code::IllegalDeliveryTime);
    // A millisecond time put in the seconds field (as Python 5.1.2 does) is ~57,000 years ahead.
    let mut m = delayed(&topic, 0);
    m.system_properties.as_mut().unwrap().delivery_timestamp = Some(prost_types::Timestamp {
        seconds: now_ms(),
        nanos: 0,
    });
    let r = c.send(vec![m]).await;
    assert_eq!(code(&r.status), pb::Code::IllegalDeliveryTime);
    assert!(r.status.unwrap().message.contains("seconds"));
}

#[tokio::test]
async fn scheduled_messages_survive_a_restart_and_fire_after_it() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let due = now_ms() + 700;
    let id = id_of(&{
        let m = delayed(&topic, due);
        c.send_ok(m.clone()).await;
        m
    });
    let mut server = server;
    server.shutdown().await;
    // The message comes due while the server is down.
    tokio::time::sleep_until(
        tokio::time::Instant::now() + Duration::from_millis((due - now_ms()).max(0) as u64 + 50),
    )
    .await;
    let server = server.restart().await;
    let mut c = server.client().await;
    let started = Instant::now();
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(got.messages.iter().map(id_of).collect::<Vec<_>>(), vec![id]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "delivered promptly after start"
    );
    assert!(store_ms(&got.messages[0]) < due);
}
