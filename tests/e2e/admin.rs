//! The admin API and the `apogee admin` CLI over it.

use apogee_e2e::admin_cli as cli;
use apogee_e2e::client::message;
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;

#[tokio::test]
async fn create_list_and_describe_topics() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let name = unique("orders");
    let created = c
        .admin
        .create_topic(admin::CreateTopicRequest {
            name: name.clone(),
            queues: 4,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .topic
        .unwrap();
    assert_eq!(created.queues, 4);
    assert_eq!(
        created.message_types,
        vec![admin::MessageType::Normal as i32]
    );
    assert!(!created.auto_created);

    let dup = c
        .admin
        .create_topic(admin::CreateTopicRequest {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(dup.code(), tonic::Code::AlreadyExists);
    for bad in ["", "a b", "%DLQ%x", "%RETRY%x"] {
        let err = c
            .admin
            .create_topic(admin::CreateTopicRequest {
                name: bad.into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), tonic::Code::InvalidArgument, "name {bad:?}");
    }
    let err = c
        .admin
        .create_topic(admin::CreateTopicRequest {
            name: unique("q"),
            queues: 5000,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::InvalidArgument);

    for i in 0..6 {
        c.send_ok(message(&name, &format!("m{i}"))).await;
    }
    let d = c
        .admin
        .describe_topic(admin::DescribeTopicRequest { name: name.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(d.queues.len(), 4);
    assert_eq!(
        d.queues
            .iter()
            .map(|q| q.max_offset - q.min_offset)
            .sum::<u64>(),
        6
    );
    let missing = c
        .admin
        .describe_topic(admin::DescribeTopicRequest {
            name: unique("none"),
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound);

    let group = unique("g");
    c.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            fifo: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let user = c
        .admin
        .list_topics(admin::ListTopicsRequest {
            include_system: false,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(user.topics.iter().any(|t| t.name == name));
    assert!(user.topics.iter().all(|t| !t.system));
    let all = c
        .admin
        .list_topics(admin::ListTopicsRequest {
            include_system: true,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        all.topics
            .iter()
            .any(|t| t.name == format!("%RETRY%{group}") && t.system)
    );
}

#[tokio::test]
async fn create_and_list_groups() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let group = unique("g");
    let g = c
        .admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            fifo: true,
            max_delivery_attempts: 5,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .group
        .unwrap();
    assert!(g.fifo);
    assert_eq!(g.max_delivery_attempts, 5);
    assert_eq!(g.start_policy, "latest");
    let dup = c
        .admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(dup.code(), tonic::Code::AlreadyExists);
    let bad = c
        .admin
        .create_group(admin::CreateGroupRequest {
            name: "%x".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code(), tonic::Code::InvalidArgument);
    let list = c
        .admin
        .list_groups(admin::ListGroupsRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.groups.iter().filter(|g| g.name == group).count(), 1);
}

#[tokio::test]
async fn admin_cli_creates_and_lists() {
    let server = TestServer::start().await;
    let (topic, group) = (unique("cli"), unique("clig"));
    let out = cli(
        &server,
        &["topic", "create", &topic, "--type", "fifo", "--queues", "2"],
    )
    .await
    .unwrap();
    assert!(out.contains(&topic) && out.contains("FIFO"), "{out}");
    let out = cli(&server, &["topic", "list"]).await.unwrap();
    assert!(out.contains(&topic));
    let out = cli(&server, &["topic", "describe", &topic]).await.unwrap();
    assert!(out.contains("MIN_OFFSET"), "{out}");
    let out = cli(&server, &["--json", "topic", "describe", &topic])
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["queues"].as_array().unwrap().len(), 2);
    let out = cli(&server, &["group", "create", &group, "--fifo"])
        .await
        .unwrap();
    assert!(out.contains(&group) && out.contains("true"), "{out}");
    let out = cli(&server, &["--json", "group", "list"]).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == group.as_str() && g["fifo"] == true)
    );
    let err = cli(&server, &["topic", "create", &topic])
        .await
        .unwrap_err();
    assert!(err.contains("already exists"), "{err}");
    let err = cli(&server, &["topic", "create", "x", "--type", "weird"])
        .await
        .unwrap_err();
    assert!(err.contains("weird"), "{err}");
}

#[tokio::test]
async fn group_mode_changes_wait_until_nothing_is_in_flight() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.admin
        .create_group(admin::CreateGroupRequest {
            name: group.clone(),
            start: Some(admin::create_group_request::Start::Policy(
                admin::StartPolicy::Earliest as i32,
            )),
            ..Default::default()
        })
        .await
        .unwrap();
    c.send_ok(message(&topic, "pending")).await;
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            std::time::Duration::from_secs(30),
            std::time::Duration::from_secs(3),
        )
        .await;
    assert_eq!(got.messages.len(), 1);
    let to_fifo = admin::UpdateGroupRequest {
        name: group.clone(),
        fifo: Some(true),
        ..Default::default()
    };
    let err = c.admin.update_group(to_fifo.clone()).await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::FailedPrecondition, "{err}");
    let too_long = c
        .admin
        .update_group(admin::UpdateGroupRequest {
            name: group.clone(),
            retry_backoff: Some(admin::RetryBackoff {
                levels_ms: vec![1000, 2 * 24 * 3600 * 1000],
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(too_long.code(), tonic::Code::InvalidArgument, "{too_long}");
    assert!(too_long.message().contains("back-off"), "{too_long}");
    // Other settings may change at any time.
    c.admin
        .update_group(admin::UpdateGroupRequest {
            name: group.clone(),
            max_delivery_attempts: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    c.ack(&group, &topic, &got.messages[0]).await;
    c.admin.update_group(to_fifo).await.unwrap();
}
