//! `apogee.broker.v1`, the broker's API for proxies: send, receive (long polling), ack and
//! change invisible over real gRPC, the v2 codes it answers with, and that only super users
//! may call it when authentication is on.

use std::time::{Duration, Instant};

use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::broker::v1 as pb;
use apogee_proto::rocketmq::v2::Code;
use apogee_server::admin_cli::Signer;
use bytes::Bytes;
use pb::broker_client::BrokerClient;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

pub(crate) type Client = BrokerClient<InterceptedService<Channel, Signer>>;

pub(crate) async fn client(server: &TestServer, signer: Signer) -> Client {
    BrokerClient::with_interceptor(server.client().await.channel, signer)
        .max_encoding_message_size(usize::MAX)
        .max_decoding_message_size(usize::MAX)
}

/// A fresh topic and a group that starts at its first message, made with the admin API.
pub(crate) async fn topic_and_group(server: &TestServer, prefix: &str) -> (String, String) {
    let (topic, group) = (unique(prefix), unique(&format!("{prefix}-g")));
    let mut c = server.client().await;
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 4,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    c.create_group_from_start(&group).await;
    (topic, group)
}

pub(crate) fn message(id: &str, tag: &str) -> pb::Message {
    pb::Message {
        message_id: id.into(),
        body: Bytes::from(format!("body of {id}")),
        tag: Some(tag.into()),
        message_type: 1,
        born_host: "test".into(),
        ..Default::default()
    }
}

/// The id of a delivered message.
pub(crate) fn id_of(d: &pb::Delivery) -> String {
    let stored = d.message.as_ref().expect("a stored message");
    stored
        .message
        .as_ref()
        .expect("its message")
        .message_id
        .clone()
}

pub(crate) fn code(o: &Option<pb::Outcome>) -> i32 {
    o.as_ref().map_or(-1, |o| o.code)
}

pub(crate) async fn receive(
    c: &mut Client,
    group: &str,
    topic: &str,
    poll: Duration,
) -> pb::ReceiveResponse {
    c.receive(pb::ReceiveRequest {
        group: group.into(),
        topic: topic.into(),
        filter: Some(pb::Filter {
            kind: pb::filter::Kind::Tag as i32,
            expression: "keep".into(),
        }),
        batch_size: 16,
        invisible_ms: Some(30_000),
        long_polling_ms: u64::try_from(poll.as_millis()).unwrap(),
        client_id: None,
    })
    .await
    .unwrap()
    .into_inner()
}

#[tokio::test]
async fn send_receive_ack_and_change_invisible() {
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let (topic, group) = topic_and_group(&server, "bapi").await;
    let empty = receive(&mut c, &group, &topic, Duration::ZERO).await;
    assert_eq!(code(&empty.outcome), Code::Ok as i32, "{empty:?}");
    assert!(empty.deliveries.is_empty());

    let sent = c
        .send(pb::SendRequest {
            topic: topic.clone(),
            messages: vec![
                message("a", "keep"),
                message("b", "drop"),
                message("c", "keep"),
            ],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&sent.outcome), Code::Ok as i32, "{sent:?}");
    let ids: Vec<&str> = sent
        .receipts
        .iter()
        .map(|r| r.message_id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert!(sent.receipts.iter().all(|r| r.queue_offset.is_some()));

    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while got.len() < 2 && Instant::now() < deadline {
        got.extend(
            receive(&mut c, &group, &topic, Duration::from_secs(2))
                .await
                .deliveries,
        );
    }
    let mut bodies: Vec<String> = got
        .iter()
        .map(|d| {
            let m = d.message.as_ref().unwrap();
            assert_eq!(
                m.body_md5.len(),
                16,
                "the stored digest travels with the message"
            );
            assert_eq!(d.attempt, 1);
            String::from_utf8_lossy(&m.message.as_ref().unwrap().body).into_owned()
        })
        .collect();
    bodies.sort();
    assert_eq!(bodies, ["body of a", "body of c"], "the tag filter applies");

    // A nack: the new handle acks it, the old one no longer does.
    let first = &got[0];
    let id = id_of(first);
    let moved = c
        .change_invisible(pb::ChangeInvisibleRequest {
            group: group.clone(),
            topic: topic.clone(),
            message_id: id.clone(),
            receipt_handle: first.receipt_handle.clone(),
            invisible_ms: 60_000,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&moved.outcome), Code::Ok as i32, "{moved:?}");
    assert_ne!(moved.receipt_handle, first.receipt_handle);
    let second = &got[1];
    let second_id = id_of(second);
    let acked = c
        .ack(pb::AckRequest {
            group: group.clone(),
            topic: topic.clone(),
            entries: vec![
                pb::AckEntry {
                    message_id: id.clone(),
                    receipt_handle: first.receipt_handle.clone(),
                },
                pb::AckEntry {
                    message_id: id,
                    receipt_handle: moved.receipt_handle,
                },
                pb::AckEntry {
                    message_id: second_id,
                    receipt_handle: second.receipt_handle.clone(),
                },
            ],
        })
        .await
        .unwrap()
        .into_inner();
    let codes: Vec<i32> = acked.outcomes.iter().map(|o| o.code).collect();
    assert_eq!(
        codes,
        [
            Code::InvalidReceiptHandle as i32,
            Code::Ok as i32,
            Code::Ok as i32
        ]
    );
    // Nothing is left to deliver.
    let rest = receive(&mut c, &group, &topic, Duration::ZERO).await;
    assert!(rest.deliveries.is_empty());
}

#[tokio::test]
async fn a_waiting_receive_wakes_when_a_message_arrives() {
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let (topic, group) = topic_and_group(&server, "bapi-lp").await;
    let mut waiting = c.clone();
    let (g, t) = (group.clone(), topic.clone());
    let poll =
        tokio::spawn(async move { receive(&mut waiting, &g, &t, Duration::from_secs(20)).await });
    // The receive is waiting or about to: either way it gets the message well before 20 s.
    let started = Instant::now();
    let sent = c
        .send(pb::SendRequest {
            topic,
            messages: vec![message("late", "keep")],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&sent.outcome), Code::Ok as i32);
    let got = poll.await.unwrap();
    assert_eq!(got.deliveries.len(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "woken, not timed out"
    );
}

#[tokio::test]
async fn bad_input_gets_the_client_codes() {
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let (topic, group) = topic_and_group(&server, "bapi-bad").await;
    let bad_topic = c
        .send(pb::SendRequest {
            topic: "no spaces allowed".into(),
            messages: vec![message("x", "t")],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&bad_topic.outcome),
        Code::IllegalTopic as i32,
        "{bad_topic:?}"
    );
    let too_big = c
        .send(pb::SendRequest {
            topic: topic.clone(),
            messages: vec![pb::Message {
                body: Bytes::from(vec![0u8; server.config.broker.max_body_size + 1]),
                ..message("big", "t")
            }],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&too_big.outcome),
        Code::MessageBodyTooLarge as i32,
        "{too_big:?}"
    );
    let bad_type = c
        .send(pb::SendRequest {
            topic: topic.clone(),
            messages: vec![pb::Message {
                message_type: 42,
                ..message("t", "t")
            }],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&bad_type.outcome),
        Code::MessageCorrupted as i32,
        "{bad_type:?}"
    );
    let missing = receive(&mut c, &group, &unique("nowhere"), Duration::ZERO).await;
    assert_eq!(
        code(&missing.outcome),
        Code::TopicNotFound as i32,
        "{missing:?}"
    );
    let r = c
        .receive(pb::ReceiveRequest {
            group: group.clone(),
            topic: topic.clone(),
            filter: Some(pb::Filter {
                kind: pb::filter::Kind::Sql as i32,
                expression: "a >".into(),
            }),
            batch_size: 1,
            invisible_ms: Some(30_000),
            long_polling_ms: 0,
            client_id: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&r.outcome),
        Code::IllegalFilterExpression as i32,
        "{r:?}"
    );
    let forged = c
        .ack(pb::AckRequest {
            group,
            topic,
            entries: vec![pb::AckEntry {
                message_id: "m".into(),
                receipt_handle: "not-a-handle".into(),
            }],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(forged.outcomes.len(), 1);
    assert_ne!(forged.outcomes[0].code, Code::Ok as i32);
}

#[tokio::test]
async fn with_auth_on_only_super_users_may_call_it() {
    const ADMIN: (&str, &str) = ("root-ak", "root-secret-key");
    let server = TestServer::start_with(|c| {
        c.auth.enabled = true;
        c.auth.admin_access_key = ADMIN.0.into();
        c.auth.admin_secret_key = ADMIN.1.into();
    })
    .await;
    let root = server.client().await;
    let mut access = apogee_proto::admin::v1::access_client::AccessClient::with_interceptor(
        root.channel.clone(),
        Signer::new(Some(ADMIN.0.into()), Some(ADMIN.1.into())),
    );
    access
        .create_user(apogee_proto::admin::v1::CreateUserRequest {
            name: "alice".into(),
            secret: "alice-secret".into(),
            r#type: apogee_proto::admin::v1::UserType::Normal as i32,
        })
        .await
        .unwrap();
    let send = |topic: String| pb::SendRequest {
        topic,
        messages: vec![message("s", "t")],
    };
    let mut alice = client(
        &server,
        Signer::new(Some("alice".into()), Some("alice-secret".into())),
    )
    .await;
    let refused = alice.send(send(unique("bapi-auth"))).await.unwrap_err();
    assert_eq!(refused.code(), tonic::Code::PermissionDenied, "{refused:?}");
    let mut anonymous = client(&server, Signer::default()).await;
    let refused = anonymous.send(send(unique("bapi-auth"))).await.unwrap_err();
    assert_eq!(refused.code(), tonic::Code::Unauthenticated, "{refused:?}");
    let mut admin = client(
        &server,
        Signer::new(Some(ADMIN.0.into()), Some(ADMIN.1.into())),
    )
    .await;
    let ok = admin
        .send(send(unique("bapi-auth")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&ok.outcome), Code::Ok as i32, "{ok:?}");
}
