//! What an operator changes after creation, through `apogee admin` against a live server:
//! topic queues, permission, retention and deletion; group deletion; the clients connected;
//! all with tables by default, JSON with `--json`, and clear refusals.

use std::time::Duration;

use apogee_e2e::admin_cli as cli;
use apogee_e2e::client::{TestClient, code, message, push_settings, resource};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;

async fn describe(server: &TestServer, topic: &str) -> serde_json::Value {
    let out = cli(server, &["--json", "topic", "describe", topic])
        .await
        .unwrap();
    serde_json::from_str(&out).unwrap()
}

async fn send_code(c: &mut TestClient, topic: &str) -> pb::Code {
    code(&c.send(vec![message(topic, "x")]).await.status)
}

async fn receive_code(c: &mut TestClient, group: &str, topic: &str) -> pb::Code {
    let r = c
        .receive(
            group,
            topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_millis(200),
        )
        .await;
    code(&Some(r.status))
}

#[tokio::test]
async fn a_topic_gains_queues_changes_permission_and_retention() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("upd"), unique("updg"));
    cli(&server, &["topic", "create", &topic, "--queues", "2"])
        .await
        .unwrap();
    c.create_group_from_start(&group).await;

    let out = cli(&server, &["topic", "update", &topic, "--queues", "4"])
        .await
        .unwrap();
    assert!(out.contains("PERM") && out.contains(&topic), "{out}");
    assert_eq!(
        describe(&server, &topic).await["queues"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let err = cli(&server, &["topic", "update", &topic, "--queues", "3"])
        .await
        .unwrap_err();
    assert!(err.contains("cannot be removed"), "{err}");

    // Read only: sends are refused as RocketMQ refuses them, receives go on.
    cli(&server, &["topic", "update", &topic, "--perm", "r"])
        .await
        .unwrap();
    assert_eq!(send_code(&mut c, &topic).await, pb::Code::Forbidden);
    assert_eq!(
        receive_code(&mut c, &group, &topic).await,
        pb::Code::MessageNotFound
    );
    // Write only: the reverse.
    cli(&server, &["topic", "update", &topic, "--perm", "w"])
        .await
        .unwrap();
    assert_eq!(send_code(&mut c, &topic).await, pb::Code::Ok);
    assert_eq!(
        receive_code(&mut c, &group, &topic).await,
        pb::Code::Forbidden
    );
    let out = cli(
        &server,
        &[
            "--json",
            "topic",
            "update",
            &topic,
            "--perm",
            "rw",
            "--retention",
            "12h",
        ],
    )
    .await
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["permission"], "rw");
    assert_eq!(v[0]["retention_ms"], 12 * 3600 * 1000);
    assert_eq!(receive_code(&mut c, &group, &topic).await, pb::Code::Ok);

    let err = cli(
        &server,
        &["topic", "update", &topic, "--retention", "1000h"],
    )
    .await
    .unwrap_err();
    assert!(err.contains("longer than the broker's"), "{err}");
    let err = cli(&server, &["topic", "update", &topic])
        .await
        .unwrap_err();
    assert!(err.contains("nothing to change"), "{err}");
    let err = cli(&server, &["topic", "update", &topic, "--perm", "sideways"])
        .await
        .unwrap_err();
    assert!(err.contains("sideways"), "{err}");
    let err = cli(&server, &["topic", "update", "%RETRY%x", "--perm", "r"])
        .await
        .unwrap_err();
    assert!(
        err.contains("does not exist") || err.contains("retry"),
        "{err}"
    );

    // The settings survive a restart.
    let server = server.restart().await;
    let v = describe(&server, &topic).await;
    assert_eq!(v["topic"]["retention_ms"], 12 * 3600 * 1000);
    assert_eq!(v["queues"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn a_deleted_topic_stays_deleted_and_a_new_one_of_its_name_starts_empty() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("del");
    for i in 0..3 {
        c.send_ok(message(&topic, &format!("old-{i}"))).await;
    }
    let err = cli(&server, &["topic", "delete", &topic])
        .await
        .unwrap_err();
    assert!(err.contains("--yes"), "{err}");
    let out = cli(&server, &["topic", "delete", &topic, "--yes"])
        .await
        .unwrap();
    assert!(out.contains("deleted"), "{out}");
    let err = cli(&server, &["topic", "describe", &topic])
        .await
        .unwrap_err();
    assert!(err.contains("does not exist"), "{err}");
    let err = cli(&server, &["topic", "delete", &topic, "--yes"])
        .await
        .unwrap_err();
    assert!(err.contains("NotFound"), "{err}");

    // Still gone after a restart; then a topic of the same name gets a new id and none of
    // the old messages.
    let server = server.restart().await;
    let out = cli(&server, &["topic", "list"]).await.unwrap();
    assert!(!out.contains(&topic), "{out}");
    let mut c = server.client().await;
    c.send_ok(message(&topic, "new")).await;
    let group = unique("delg");
    c.create_group_from_start(&group).await;
    let r = c
        .receive(
            &group,
            &topic,
            "*",
            32,
            Duration::from_secs(30),
            Duration::from_secs(1),
        )
        .await;
    let bodies: Vec<_> = r.messages.iter().map(apogee_e2e::client::body_of).collect();
    assert_eq!(bodies, vec!["new".to_string()]);
}

#[tokio::test]
async fn a_group_is_deleted_once_nothing_is_in_flight() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("gdel"), unique("gdelg"));
    c.create_group_from_start(&group).await;
    c.send_ok(message(&topic, "one")).await;
    let r = c
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_secs(2),
        )
        .await;
    assert_eq!(r.messages.len(), 1);
    let err = cli(&server, &["group", "delete", &group, "--yes"])
        .await
        .unwrap_err();
    assert!(err.contains("in flight"), "{err}");
    assert_eq!(
        code(&c.ack(&group, &topic, &r.messages[0]).await.status),
        pb::Code::Ok
    );
    cli(&server, &["group", "delete", &group, "--yes"])
        .await
        .unwrap();
    let out = cli(&server, &["group", "list"]).await.unwrap();
    assert!(!out.contains(&group), "{out}");
    let err = cli(&server, &["group", "delete", &group, "--yes"])
        .await
        .unwrap_err();
    assert!(err.contains("NotFound"), "{err}");
}

#[tokio::test]
async fn connections_list_each_client_with_language_version_and_address() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("conn"), unique("conng"));
    let mut consumer = server.client().await;
    let mut settings = push_settings(&consumer, &group, &topic);
    settings.user_agent = Some(pb::Ua {
        language: pb::Language::Java as i32,
        version: "5.0.7".into(),
        platform: "test".into(),
        hostname: "host-a".into(),
    });
    let _consumer_stream = consumer.open_telemetry(settings).await;
    let mut producer = server.client().await;
    let publishing = pb::Settings {
        client_type: Some(pb::ClientType::Producer as i32),
        access_point: Some(producer.endpoints()),
        pub_sub: Some(pb::settings::PubSub::Publishing(pb::Publishing {
            topics: vec![resource(&topic).unwrap()],
            ..Default::default()
        })),
        user_agent: Some(pb::Ua {
            language: pb::Language::Golang as i32,
            version: "5.1.0".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let _producer_stream = producer.open_telemetry(publishing).await;

    let out = cli(&server, &["--json", "connection", "consumers", &group])
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 1, "{out}");
    assert_eq!(list[0]["client_id"], consumer.client_id.as_str());
    assert_eq!(list[0]["language"], "JAVA");
    assert_eq!(list[0]["version"], "5.0.7");
    assert_eq!(list[0]["client_type"], "PUSH_CONSUMER");
    assert!(
        list[0]["address"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"),
        "{out}"
    );

    let out = cli(&server, &["connection", "producers", "--topic", &topic])
        .await
        .unwrap();
    assert!(
        out.contains(&producer.client_id) && out.contains("GOLANG"),
        "{out}"
    );
    assert!(!out.contains(&consumer.client_id), "{out}");
    let out = cli(&server, &["connection", "consumers", &unique("nobody")])
        .await
        .unwrap();
    assert!(out.contains("no client connected"), "{out}");
}

#[tokio::test]
async fn a_topic_with_its_own_retention_drops_older_messages_keeping_the_newest() {
    let server = TestServer::start_with(|c| {
        c.broker.retention_interval = Duration::from_millis(100);
    })
    .await;
    let mut c = server.client().await;
    let topic = unique("ret");
    cli(&server, &["topic", "create", &topic, "--queues", "1"])
        .await
        .unwrap();
    for i in 0..3 {
        c.send_ok(message(&topic, &format!("m{i}"))).await;
    }
    cli(&server, &["topic", "update", &topic, "--retention", "1ms"])
        .await
        .unwrap();
    // The queue's start moves up to its newest entry (kept: queue ends are recovered from it).
    let mut start = 0;
    for _ in 0..200 {
        start = describe(&server, &topic).await["queues"][0]["min_offset"]
            .as_u64()
            .unwrap();
        if start == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        start, 2,
        "entries older than the topic's retention are gone"
    );
    // The broker's retention, once more: nothing else goes.
    cli(&server, &["topic", "update", &topic, "--retention", "0s"])
        .await
        .unwrap();
    c.send_ok(message(&topic, "after")).await;
    let v = describe(&server, &topic).await;
    assert_eq!(v["topic"]["retention_ms"], 0);
    assert_eq!(v["queues"][0]["max_offset"], 4);
}
