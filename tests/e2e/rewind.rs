//! Rewind: resetting a group to a time (ms precision), to the earliest or to the latest message
//! replays or skips accordingly; messages stay after delivery.

use std::time::Duration;

use apogee_e2e::client::{body_of, message, store_ms};
use apogee_e2e::{TestClient, TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;

async fn drain(c: &mut TestClient, group: &str, topic: &str) -> Vec<pb::Message> {
    let mut all = Vec::new();
    loop {
        let got = c
            .receive(
                group,
                topic,
                "*",
                32,
                Duration::from_secs(30),
                Duration::from_millis(400),
            )
            .await;
        if got.messages.is_empty() {
            return all;
        }
        for m in &got.messages {
            c.ack(group, topic, m).await;
        }
        all.extend(got.messages);
    }
}

fn bodies(ms: &[pb::Message]) -> Vec<String> {
    let mut b: Vec<_> = ms.iter().map(body_of).collect();
    b.sort();
    b
}

#[tokio::test]
async fn reset_replays_from_a_timestamp_or_either_end() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 2,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    for i in 0..3 {
        c.send_ok(message(&topic, &format!("a{i}"))).await;
    }
    let first = drain(&mut c, &group, &topic).await;
    assert_eq!(bodies(&first), vec!["a0", "a1", "a2"]);
    let cut = first.iter().map(store_ms).max().unwrap() + 1;
    // Later messages are stored at or after `cut`, one ms after the last of the first batch.
    let mut later = Vec::new();
    while later.len() < 2 {
        let id = c
            .send_ok(message(&topic, &format!("b{}", later.len())))
            .await;
        later.push(id);
    }
    let second = drain(&mut c, &group, &topic).await;
    assert!(second.iter().all(|m| store_ms(m) >= cut - 1));

    let reset = |target| admin::ResetOffsetRequest {
        group: group.clone(),
        topic: topic.clone(),
        target: Some(target),
    };
    use admin::reset_offset_request::Target;
    let moved = c
        .admin
        .reset_offset(reset(Target::TimestampMs(cut)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(moved.queues.len(), 2);
    let replay = drain(&mut c, &group, &topic).await;
    let expected: Vec<_> = second
        .iter()
        .filter(|m| store_ms(m) >= cut)
        .map(body_of)
        .collect();
    assert_eq!(bodies(&replay), {
        let mut e = expected;
        e.sort();
        e
    });

    c.admin
        .reset_offset(reset(Target::Earliest(true)))
        .await
        .unwrap();
    assert_eq!(
        bodies(&drain(&mut c, &group, &topic).await),
        vec!["a0", "a1", "a2", "b0", "b1"],
        "kept after delivery"
    );
    c.admin
        .reset_offset(reset(Target::Latest(true)))
        .await
        .unwrap();
    assert!(drain(&mut c, &group, &topic).await.is_empty());
    let offsets = c
        .admin
        .describe_group_offsets(admin::DescribeGroupOffsetsRequest {
            group: group.clone(),
            topic: topic.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        offsets
            .queues
            .iter()
            .all(|q| q.lag == 0 && q.in_flight == 0)
    );
    let bad = c
        .admin
        .reset_offset(admin::ResetOffsetRequest {
            group: group.clone(),
            topic: topic.clone(),
            target: None,
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code(), tonic::Code::InvalidArgument);
    let unknown = c
        .admin
        .reset_offset(reset(Target::Latest(true)).clone())
        .await;
    assert!(unknown.is_ok());
    let missing = c
        .admin
        .reset_offset(admin::ResetOffsetRequest {
            group: unique("nogroup"),
            topic,
            target: Some(Target::Latest(true)),
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound);
}
