//! Transactional messages: invisible until committed, dropped on rollback, checked back with a
//! live producer of the topic (any instance) when left unresolved, and kept across restarts.

use std::time::Duration;

use apogee_e2e::client::{code, id_of, message, resource};
use apogee_e2e::{TestClient, TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;
use pb::telemetry_command::Command;

fn half(topic: &str, body: &str) -> pb::Message {
    let mut m = message(topic, body);
    m.system_properties.as_mut().unwrap().message_type = pb::MessageType::Transaction as i32;
    m
}

fn producer_settings(c: &TestClient, topic: &str) -> pb::Settings {
    pb::Settings {
        client_type: Some(pb::ClientType::Producer as i32),
        access_point: Some(c.endpoints()),
        pub_sub: Some(pb::settings::PubSub::Publishing(pb::Publishing {
            topics: vec![resource(topic).unwrap()],
            max_body_size: 0,
            validate_message_type: true,
        })),
        ..Default::default()
    }
}

async fn end(
    c: &mut TestClient,
    topic: &str,
    m: &str,
    txn: &str,
    resolution: pb::TransactionResolution,
    source: pb::TransactionSource,
) -> pb::Code {
    let req = pb::EndTransactionRequest {
        topic: resource(topic),
        message_id: m.into(),
        transaction_id: txn.into(),
        resolution: resolution as i32,
        source: source as i32,
        trace_context: String::new(),
    };
    code(
        &c.rpc
            .end_transaction(c.req(req))
            .await
            .unwrap()
            .into_inner()
            .status,
    )
}

#[tokio::test]
async fn commit_is_visible_rollback_is_not() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let commit = half(&topic, "commit");
    let rollback = half(&topic, "rollback");
    let (cid, rid) = (id_of(&commit), id_of(&rollback));
    let c_resp = c.send(vec![commit]).await;
    let r_resp = c.send(vec![rollback]).await;
    let (ctx, rtx) = (
        c_resp.entries[0].transaction_id.clone(),
        r_resp.entries[0].transaction_id.clone(),
    );
    assert!(
        !ctx.is_empty() && ctx != rtx,
        "each half message has its own transaction id"
    );
    let none = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_millis(300),
        )
        .await;
    assert!(none.messages.is_empty(), "half messages are invisible");
    assert_eq!(
        end(
            &mut c,
            &topic,
            &cid,
            &ctx,
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceClient
        )
        .await,
        pb::Code::Ok
    );
    assert_eq!(
        end(
            &mut c,
            &topic,
            &rid,
            &rtx,
            pb::TransactionResolution::Rollback,
            pb::TransactionSource::SourceClient
        )
        .await,
        pb::Code::Ok
    );
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(
        got.messages.iter().map(id_of).collect::<Vec<_>>(),
        vec![cid.clone()]
    );
    assert_eq!(
        got.messages[0]
            .system_properties
            .as_ref()
            .unwrap()
            .message_type,
        pb::MessageType::Transaction as i32
    );
    let more = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_millis(300),
        )
        .await;
    assert!(
        more.messages.is_empty(),
        "the rolled-back message never shows"
    );
    // Bad input.
    assert_eq!(
        end(
            &mut c,
            &topic,
            &cid,
            &ctx,
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceClient
        )
        .await,
        pb::Code::InvalidTransactionId
    );
    assert_eq!(
        end(
            &mut c,
            &topic,
            &cid,
            "",
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceClient
        )
        .await,
        pb::Code::InvalidTransactionId
    );
    assert_eq!(
        end(
            &mut c,
            &topic,
            &cid,
            "nope",
            pb::TransactionResolution::Rollback,
            pb::TransactionSource::SourceClient
        )
        .await,
        pb::Code::InvalidTransactionId
    );
    let two = c.send(vec![half(&topic, "a"), half(&topic, "b")]).await;
    assert_eq!(code(&two.status), pb::Code::InvalidTransactionId);
    let unknown_resolution = pb::EndTransactionRequest {
        topic: resource(&topic),
        message_id: cid.clone(),
        transaction_id: "anything".into(),
        resolution: 7,
        source: pb::TransactionSource::SourceClient as i32,
        trace_context: String::new(),
    };
    let r = c
        .rpc
        .end_transaction(c.req(unknown_resolution))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::BadRequest);
}

#[tokio::test]
async fn orphaned_transaction_is_checked_with_another_producer_instance() {
    let server = TestServer::start_with(|c| {
        c.broker.transaction_check_interval = Duration::from_millis(500)
    })
    .await;
    let (topic, group) = (unique("t"), unique("g"));
    let mut sender = server.client().await;
    let mut other = server.client().await;
    let mut consumer = server.client().await;
    consumer
        .heartbeat(&group, pb::ClientType::SimpleConsumer)
        .await;
    let sender_session = sender
        .open_telemetry(producer_settings(&sender, &topic))
        .await;
    let mut other_session = other
        .open_telemetry(producer_settings(&other, &topic))
        .await;
    let m = half(&topic, "orphan");
    let id = id_of(&m);
    let txn = sender.send(vec![m]).await.entries[0].transaction_id.clone();
    // The sender goes away without deciding.
    drop(sender_session);
    let check = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let cmd = other_session.inbound.message().await.unwrap().unwrap();
            if let Some(Command::RecoverOrphanedTransactionCommand(c)) = cmd.command {
                return c;
            }
        }
    })
    .await
    .expect("a check-back reaches the other producer");
    assert_eq!(check.transaction_id, txn);
    let msg = check.message.unwrap();
    assert_eq!(id_of(&msg), id);
    assert_eq!(msg.body.as_ref(), b"orphan");
    assert_eq!(
        end(
            &mut other,
            &topic,
            &id,
            &txn,
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceServerCheck
        )
        .await,
        pb::Code::Ok
    );
    let got = consumer
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(got.messages.iter().map(id_of).collect::<Vec<_>>(), vec![id]);
}

#[tokio::test]
async fn pending_transactions_survive_a_restart() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let m = half(&topic, "kept");
    let id = id_of(&m);
    let txn = c.send(vec![m]).await.entries[0].transaction_id.clone();
    let server = server.restart().await;
    let mut c = server.client().await;
    assert_eq!(
        end(
            &mut c,
            &topic,
            &id,
            &txn,
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceClient
        )
        .await,
        pb::Code::Ok
    );
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    assert_eq!(got.messages.iter().map(id_of).collect::<Vec<_>>(), vec![id]);
}
