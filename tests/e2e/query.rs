//! Message query by id and by key through the admin API and the CLI, with delivery state per
//! group, and the status of scheduled and prepared messages.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apogee_e2e::client::{id_of, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use apogee_server::cli::Cli;
use clap::Parser;

async fn by_id(c: &mut apogee_e2e::TestClient, id: &str, body: bool) -> Vec<admin::MessageView> {
    let req = admin::QueryMessageRequest {
        by: Some(admin::query_message_request::By::MessageId(id.into())),
        include_body: body,
    };
    c.admin
        .query_message(req)
        .await
        .unwrap()
        .into_inner()
        .messages
}

fn state(v: &admin::MessageView, group: &str) -> (String, u32) {
    let g = v
        .groups
        .iter()
        .find(|g| g.group == group)
        .unwrap_or_else(|| panic!("{group} missing in {:?}", v.groups));
    (g.state.clone(), g.attempt)
}

#[tokio::test]
async fn query_by_id_and_key_with_delivery_state() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, g1, g2) = (unique("t"), unique("g"), unique("g"));
    c.heartbeat(&g1, pb::ClientType::SimpleConsumer).await;
    c.heartbeat(&g2, pb::ClientType::SimpleConsumer).await;
    let mut m = message(&topic, "find me");
    let sp = m.system_properties.as_mut().unwrap();
    sp.keys = vec!["order-42".into()];
    sp.tag = Some("T".into());
    m.user_properties.insert("p".into(), "v".into());
    let id = c.send_ok(m).await;

    let found = by_id(&mut c, &id, false).await;
    assert_eq!(found.len(), 1);
    let v = &found[0];
    assert_eq!(
        (v.topic.as_str(), v.status.as_str(), v.body_size),
        (topic.as_str(), "queued", 7)
    );
    assert_eq!(v.body_md5, apogee_types::body_md5_hex(b"find me"));
    assert!(v.body.is_empty(), "no body unless asked");
    assert_eq!(v.properties.get("p").map(String::as_str), Some("v"));
    assert!(v.queue_offset.is_some() && v.store_ms > 0);

    // g1 takes it (in flight), g2 never reads: pending once it has read the queue.
    let got = c
        .receive(
            &g1,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(3),
        )
        .await;
    let _ = c
        .receive(
            &g2,
            &topic,
            "TAG_NOT_USED",
            1,
            Duration::from_secs(30),
            Duration::from_millis(50),
        )
        .await;
    let v = &by_id(&mut c, &id, true).await[0];
    assert_eq!(v.body.as_ref(), b"find me");
    assert_eq!(state(v, &g1), ("in_flight".into(), 1));
    assert_eq!(
        state(v, &g2).0,
        "consumed",
        "filtered out for g2's subscription"
    );
    c.ack(&g1, &topic, &got.messages[0]).await;
    assert_eq!(
        state(&by_id(&mut c, &id, false).await[0], &g1).0,
        "consumed"
    );

    let key = admin::QueryMessageRequest {
        by: Some(admin::query_message_request::By::Key(admin::KeyQuery {
            topic: topic.clone(),
            key: "order-42".into(),
            ..Default::default()
        })),
        include_body: false,
    };
    let by_key = c
        .admin
        .query_message(key)
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert_eq!(
        by_key
            .iter()
            .map(|v| v.message_id.clone())
            .collect::<Vec<_>>(),
        vec![id.clone()]
    );
    let narrow = admin::QueryMessageRequest {
        by: Some(admin::query_message_request::By::Key(admin::KeyQuery {
            topic: topic.clone(),
            key: "order-42".into(),
            from_ms: 1,
            to_ms: 2,
            limit: 10,
        })),
        include_body: false,
    };
    assert!(
        c.admin
            .query_message(narrow)
            .await
            .unwrap()
            .into_inner()
            .messages
            .is_empty(),
        "outside the time range"
    );
    assert!(by_id(&mut c, "no-such-id", false).await.is_empty());
    let bad = c
        .admin
        .query_message(admin::QueryMessageRequest {
            by: None,
            include_body: false,
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code(), tonic::Code::InvalidArgument);

    // The CLI shows the same.
    let endpoint = server.endpoint();
    let cli = Cli::try_parse_from([
        "apogee",
        "admin",
        "--endpoint",
        &endpoint,
        "message",
        "id",
        &id,
    ])
    .unwrap();
    let out = apogee_server::cli::run_admin(cli).await.unwrap();
    assert!(
        out.contains(&id) && out.contains("status=queued") && out.contains(&g1),
        "{out}"
    );
}

#[tokio::test]
async fn scheduled_and_prepared_messages_report_their_status() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    let mut delayed = message(&topic, "later");
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 3600;
    let sp = delayed.system_properties.as_mut().unwrap();
    sp.message_type = pb::MessageType::Delay as i32;
    sp.delivery_timestamp = Some(prost_types::Timestamp {
        seconds: at,
        nanos: 0,
    });
    let did = id_of(&delayed);
    c.send_ok(delayed).await;
    let v = &by_id(&mut c, &did, false).await[0];
    assert_eq!(v.status, "scheduled");
    assert_eq!(v.queue_offset, None);
    assert_eq!(v.delivery_ms, Some(at * 1000));

    let mut half = message(&topic, "txn");
    half.system_properties.as_mut().unwrap().message_type = pb::MessageType::Transaction as i32;
    let hid = id_of(&half);
    c.send_ok(half).await;
    assert_eq!(by_id(&mut c, &hid, false).await[0].status, "prepared");
}
