//! Pull consumption and offsets: PullMessage, UpdateOffset, GetOffset, QueryOffset.

use std::time::Duration;

use apogee_e2e::client::{body_of, code, message, store_ms};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;

#[tokio::test]
async fn pull_reads_a_queue_from_an_offset_and_offsets_are_kept() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 1,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    for i in 0..5 {
        c.send_ok(message(&topic, &format!("m{i}"))).await;
    }
    let query = |policy: pb::QueryOffsetPolicy, ts: Option<i64>| pb::QueryOffsetRequest {
        message_queue: apogee_e2e::client::queue(&topic, 0),
        query_offset_policy: policy as i32,
        timestamp: ts.map(|ms| prost_types::Timestamp {
            seconds: ms / 1000,
            nanos: ((ms % 1000) * 1_000_000) as i32,
        }),
    };
    let begin = c
        .rpc
        .query_offset(c.req(query(pb::QueryOffsetPolicy::Beginning, None)))
        .await
        .unwrap()
        .into_inner();
    let end = c
        .rpc
        .query_offset(c.req(query(pb::QueryOffsetPolicy::End, None)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((begin.offset, end.offset), (0, 5));

    let (st, first, next) = c
        .pull(&group, &topic, 0, 0, 3, Duration::from_secs(1))
        .await;
    assert_eq!(st.code, pb::Code::Ok as i32);
    assert_eq!(
        first.iter().map(body_of).collect::<Vec<_>>(),
        vec!["m0", "m1", "m2"]
    );
    assert_eq!(next, 3);
    let (_, rest, next) = c
        .pull(&group, &topic, 0, 3, 32, Duration::from_secs(1))
        .await;
    assert_eq!(
        rest.iter().map(body_of).collect::<Vec<_>>(),
        vec!["m3", "m4"]
    );
    assert_eq!(next, 5);
    let (st, none, next) = c
        .pull(&group, &topic, 0, 5, 32, Duration::from_millis(200))
        .await;
    assert_eq!(
        (st.code, none.len(), next),
        (pb::Code::MessageNotFound as i32, 0, 5)
    );

    // By time: the third message's store time finds the third message (or an earlier one
    // stored in the same millisecond).
    let ts = store_ms(&first[2]);
    let at = c
        .rpc
        .query_offset(c.req(query(pb::QueryOffsetPolicy::Timestamp, Some(ts))))
        .await
        .unwrap()
        .into_inner();
    assert!(at.offset <= 2 && at.offset >= 0);
    let (_, from_ts, _) = c
        .pull(&group, &topic, 0, at.offset, 32, Duration::from_secs(1))
        .await;
    assert!(from_ts.iter().any(|m| body_of(m) == "m2"));
    let no_ts = c
        .rpc
        .query_offset(c.req(query(pb::QueryOffsetPolicy::Timestamp, None)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&no_ts.status), pb::Code::BadRequest);

    // Offsets: absent until committed, then kept.
    let get = || pb::GetOffsetRequest {
        group: apogee_e2e::client::resource(&group),
        message_queue: apogee_e2e::client::queue(&topic, 0),
    };
    let missing = c.rpc.get_offset(c.req(get())).await.unwrap().into_inner();
    assert_eq!(code(&missing.status), pb::Code::OffsetNotFound);
    let update = |offset| pb::UpdateOffsetRequest {
        group: apogee_e2e::client::resource(&group),
        message_queue: apogee_e2e::client::queue(&topic, 0),
        offset,
    };
    let r = c
        .rpc
        .update_offset(c.req(update(3)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::Ok);
    assert_eq!(
        c.rpc
            .get_offset(c.req(get()))
            .await
            .unwrap()
            .into_inner()
            .offset,
        3
    );
    let server = server.restart().await;
    let mut c = server.client().await;
    assert_eq!(
        c.rpc
            .get_offset(c.req(get()))
            .await
            .unwrap()
            .into_inner()
            .offset,
        3,
        "offsets survive a restart"
    );
    // A pop by the same group continues from the committed offset.
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            32,
            Duration::from_secs(30),
            Duration::from_secs(2),
        )
        .await;
    assert_eq!(
        got.messages.iter().map(body_of).collect::<Vec<_>>(),
        vec!["m3", "m4"]
    );
}

#[tokio::test]
async fn offsets_out_of_range_are_refused() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 1,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    c.send_ok(message(&topic, "m0")).await;
    let (st, _, next) = c
        .pull(&group, &topic, 0, 7, 1, Duration::from_millis(100))
        .await;
    assert_eq!(st.code, pb::Code::IllegalOffset as i32);
    assert!(st.message.contains("[0, 1]"), "{}", st.message);
    assert_eq!(next, 7);
    let (st, _, _) = c
        .pull(&group, &topic, 0, -1, 1, Duration::from_millis(100))
        .await;
    assert_eq!(st.code, pb::Code::IllegalOffset as i32);
    let (st, _, _) = c
        .pull(&group, &topic, 5, 0, 1, Duration::from_millis(100))
        .await;
    assert_eq!(
        st.code,
        pb::Code::BadRequest as i32,
        "queue 5 does not exist"
    );
    let update = pb::UpdateOffsetRequest {
        group: apogee_e2e::client::resource(&group),
        message_queue: apogee_e2e::client::queue(&topic, 0),
        offset: 2,
    };
    let r = c
        .rpc
        .update_offset(c.req(update))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::IllegalOffset);
    let unknown = pb::QueryOffsetRequest {
        message_queue: apogee_e2e::client::queue(&unique("none"), 0),
        query_offset_policy: 0,
        timestamp: None,
    };
    assert_eq!(
        code(
            &c.rpc
                .query_offset(c.req(unknown))
                .await
                .unwrap()
                .into_inner()
                .status
        ),
        pb::Code::TopicNotFound
    );
}
