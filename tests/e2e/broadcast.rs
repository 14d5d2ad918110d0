//! Broadcasting: every instance (client id) of a broadcast group gets every message, each with
//! its own progress.

use std::collections::BTreeSet;
use std::time::Duration;

use apogee_e2e::client::{code, id_of, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;

#[tokio::test]
async fn every_instance_gets_every_message() {
    let server = TestServer::start().await;
    let mut a = server.client().await;
    let mut b = server.client().await;
    let (topic, group) = (unique("t"), unique("bcast"));
    a.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            broadcast: true,
            ..Default::default()
        })
        .await
        .unwrap();
    a.query_route(&topic).await;
    // Each instance is first seen at its first receive, which fixes where it starts.
    for c in [&mut a, &mut b] {
        let none = c
            .receive(
                &group,
                &topic,
                "*",
                1,
                Duration::from_secs(30),
                Duration::from_millis(50),
            )
            .await;
        assert_eq!(code(&Some(none.status)), pb::Code::MessageNotFound);
    }
    let mut sent = BTreeSet::new();
    for i in 0..10 {
        sent.insert(a.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    for c in [&mut a, &mut b] {
        let mut seen = BTreeSet::new();
        while seen.len() < sent.len() {
            let got = c
                .receive(
                    &group,
                    &topic,
                    "*",
                    32,
                    Duration::from_secs(30),
                    Duration::from_secs(3),
                )
                .await;
            assert_eq!(code(&Some(got.status)), pb::Code::Ok);
            for m in &got.messages {
                assert!(seen.insert(id_of(m)), "an instance gets a message once");
                assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
            }
        }
        assert_eq!(seen, sent);
        let after = c
            .receive(
                &group,
                &topic,
                "*",
                32,
                Duration::from_secs(30),
                Duration::from_millis(200),
            )
            .await;
        assert!(after.messages.is_empty());
    }
    // A receive without a client id cannot be placed on an instance.
    let anonymous = a
        .rpc
        .receive_message(tonic::Request::new(pb::ReceiveMessageRequest {
            group: apogee_e2e::client::resource(&group),
            message_queue: apogee_e2e::client::queue(&topic, 0),
            batch_size: 1,
            invisible_duration: Some(apogee_e2e::client::duration(Duration::from_secs(30))),
            long_polling_timeout: Some(apogee_e2e::client::duration(Duration::from_millis(50))),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner()
        .message()
        .await
        .unwrap()
        .unwrap();
    let Some(pb::receive_message_response::Content::Status(s)) = anonymous.content else {
        panic!("status first")
    };
    assert_eq!(s.code, pb::Code::ClientIdRequired as i32);
}
