//! Where a new consumer group starts: `latest` at the instant the group is first known, so a
//! consumer that starts and then sees a send never misses it; `earliest` or a timestamp when
//! created so.

use std::time::Duration;

use apogee_e2e::client::{code, id_of, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;

const INVISIBLE: Duration = Duration::from_secs(30);

#[tokio::test]
async fn new_group_starts_at_the_moment_it_is_first_known() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    let before = c.send_ok(message(&topic, "before")).await;
    // The group becomes known through its heartbeat, before the next send.
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let after = c.send_ok(message(&topic, "after")).await;
    // The first receive comes later; the start position was fixed at the heartbeat.
    let got = c
        .receive(&group, &topic, "*", 32, INVISIBLE, Duration::from_secs(3))
        .await;
    let ids: Vec<_> = got.messages.iter().map(id_of).collect();
    assert_eq!(ids, vec![after]);
    assert!(!ids.contains(&before));
}

#[tokio::test]
async fn earliest_group_reads_the_whole_topic() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    let mut sent = std::collections::BTreeSet::new();
    for i in 0..5 {
        sent.insert(c.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    let created = c
        .admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            start: Some(admin::create_group_request::Start::Policy(
                admin::StartPolicy::Earliest as i32,
            )),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.group.unwrap().start_policy, "earliest");
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < 5 {
        let got = c
            .receive(&group, &topic, "*", 32, INVISIBLE, Duration::from_secs(3))
            .await;
        assert_eq!(code(&Some(got.status)), pb::Code::Ok);
        seen.extend(got.messages.iter().map(id_of));
    }
    assert_eq!(seen, sent);
}

#[tokio::test]
async fn timestamp_group_starts_at_that_time() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, reader, group) = (unique("t"), unique("r"), unique("g"));
    let create = |name: &str, start| admin::CreateGroupRequest {
        name: name.to_owned(),
        start: Some(start),
        ..Default::default()
    };
    c.admin
        .create_group(create(
            &reader,
            admin::create_group_request::Start::Policy(admin::StartPolicy::Earliest as i32),
        ))
        .await
        .unwrap();
    let old = c.send_ok(message(&topic, "old")).await;
    let got = c
        .receive(&reader, &topic, "*", 1, INVISIBLE, Duration::from_secs(3))
        .await;
    let old_ts = got.messages[0]
        .system_properties
        .as_ref()
        .unwrap()
        .store_timestamp
        .unwrap();
    let cut = old_ts.seconds * 1000 + i64::from(old_ts.nanos / 1_000_000) + 1;
    c.admin
        .create_group(create(
            &group,
            admin::create_group_request::Start::StartTimestampMs(cut),
        ))
        .await
        .unwrap();
    let new = c.send_ok(message(&topic, "new")).await;

    let got = c
        .receive(&group, &topic, "*", 32, INVISIBLE, Duration::from_secs(3))
        .await;
    let ids: Vec<_> = got.messages.iter().map(id_of).collect();
    assert!(
        !ids.contains(&old),
        "a message stored before the start time is skipped"
    );
    assert_eq!(
        ids,
        vec![new],
        "a message stored after the start time is delivered"
    );
}
