//! With `flush = sync`, a message is fsync'd before SEND_OK: killing the process with SIGKILL
//! right after the replies loses none of them. Runs the real `apogee` binary.

mod common;

use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use common::{kill, start};

fn message(topic: &str, i: usize) -> pb::Message {
    pb::Message {
        topic: Some(pb::Resource {
            resource_namespace: String::new(),
            name: topic.into(),
        }),
        user_properties: Default::default(),
        system_properties: Some(pb::SystemProperties {
            message_id: format!("CRASH{i:08}"),
            message_type: pb::MessageType::Normal as i32,
            ..Default::default()
        }),
        body: bytes::Bytes::from(format!("body-{i}")),
    }
}

#[tokio::test]
async fn sigkill_after_send_ok_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (data, ready) = (dir.path().join("data"), dir.path().join("ready"));
    let (mut child, endpoint) = start(&data, &ready, "sync");
    let topic = "crash-topic";
    let mut rpc = pb::messaging_service_client::MessagingServiceClient::connect(endpoint.clone())
        .await
        .unwrap();
    let mut sent = 0;
    // Concurrent sends, so group commit is in play when the process dies.
    let mut tasks = Vec::new();
    for i in 0..200 {
        let mut rpc = rpc.clone();
        tasks.push(tokio::spawn(async move {
            rpc.send_message(pb::SendMessageRequest {
                messages: vec![message(topic, i)],
            })
            .await
            .unwrap()
            .into_inner()
        }));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status.unwrap().code, pb::Code::Ok as i32);
        sent += 1;
    }
    kill(&mut child);

    let (mut child, endpoint) = start(&data, &ready, "sync");
    let mut admin = admin::admin_client::AdminClient::connect(endpoint.clone())
        .await
        .unwrap();
    let d = admin
        .describe_topic(admin::DescribeTopicRequest { name: topic.into() })
        .await
        .unwrap()
        .into_inner();
    let stored: u64 = d.queues.iter().map(|q| q.max_offset).sum();
    assert_eq!(stored, sent, "every SEND_OK message survived the kill");
    // The records themselves are intact: an earliest group reads every body back.
    admin
        .create_group(admin::CreateGroupRequest {
            name: "crash-reader".into(),
            start: Some(admin::create_group_request::Start::Policy(
                admin::StartPolicy::Earliest as i32,
            )),
            ..Default::default()
        })
        .await
        .unwrap();
    rpc = pb::messaging_service_client::MessagingServiceClient::connect(endpoint)
        .await
        .unwrap();
    let mut bodies = std::collections::BTreeSet::new();
    while bodies.len() < sent as usize {
        let mut stream = rpc
            .receive_message(receive(topic))
            .await
            .unwrap()
            .into_inner();
        let mut got = 0;
        while let Some(r) = stream.message().await.unwrap() {
            if let Some(pb::receive_message_response::Content::Message(m)) = r.content {
                bodies.insert(String::from_utf8(m.body.to_vec()).unwrap());
                got += 1;
            }
        }
        assert!(got > 0, "stored messages are readable");
    }
    assert!(bodies.contains("body-0") && bodies.contains("body-199"));
    kill(&mut child);
}

fn receive(topic: &str) -> pb::ReceiveMessageRequest {
    pb::ReceiveMessageRequest {
        group: Some(pb::Resource {
            resource_namespace: String::new(),
            name: "crash-reader".into(),
        }),
        message_queue: Some(pb::MessageQueue {
            topic: Some(pb::Resource {
                resource_namespace: String::new(),
                name: topic.into(),
            }),
            ..Default::default()
        }),
        filter_expression: None,
        batch_size: 64,
        invisible_duration: Some(prost_types::Duration {
            seconds: 60,
            nanos: 0,
        }),
        auto_renew: false,
        long_polling_timeout: Some(prost_types::Duration {
            seconds: 2,
            nanos: 0,
        }),
        attempt_id: None,
    }
}
