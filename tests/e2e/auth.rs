//! Authentication and ACL: every call signed by a known user, normal users limited by their
//! ACL, refused calls change nothing, users and ACLs managed live through the Access API and
//! the CLI.

use std::time::Duration;

use apogee_e2e::client::{code, message};
use apogee_e2e::{TestClient, TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::admin::v1::access_client::AccessClient;
use apogee_proto::rocketmq::v2 as pb;
use apogee_server::admin_cli::Signer;
use apogee_server::cli::Cli;
use clap::Parser as _;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

const ADMIN: (&str, &str) = ("root-ak", "root-secret-key");

async fn secured() -> TestServer {
    TestServer::start_with(|c| {
        c.auth.enabled = true;
        c.auth.admin_access_key = ADMIN.0.into();
        c.auth.admin_secret_key = ADMIN.1.into();
    })
    .await
}

fn signer((ak, sk): (&str, &str)) -> Signer {
    Signer::new(Some(ak.into()), Some(sk.into()))
}

fn access(
    channel: Channel,
    keys: (&str, &str),
) -> AccessClient<InterceptedService<Channel, Signer>> {
    AccessClient::with_interceptor(channel, signer(keys))
}

/// Creates a normal user with `entries` (resource, actions, decision) as its ACL.
async fn user_with_acl(
    server: &TestServer,
    name: &str,
    secret: &str,
    entries: &[(&str, &str, &str)],
) {
    let root = server.client().await;
    let mut a = access(root.channel.clone(), ADMIN);
    a.create_user(admin::CreateUserRequest {
        name: name.into(),
        secret: secret.into(),
        r#type: admin::UserType::Normal as i32,
    })
    .await
    .unwrap();
    put_acl(&mut a, name, entries).await;
}

async fn put_acl(
    a: &mut AccessClient<InterceptedService<Channel, Signer>>,
    user: &str,
    entries: &[(&str, &str, &str)],
) {
    if entries.is_empty() {
        return;
    }
    let entries = entries
        .iter()
        .map(|(resource, actions, decision)| admin::AclEntry {
            resource: (*resource).into(),
            actions: actions.split(',').map(str::to_owned).collect(),
            decision: (*decision).into(),
            source_ips: vec![],
        })
        .collect();
    a.put_acl(admin::PutAclRequest {
        user: user.into(),
        entries,
    })
    .await
    .unwrap();
}

async fn topic_exists(server: &TestServer, topic: &str) -> bool {
    let root = TestClient::connect_as(server.addr, ADMIN.0, ADMIN.1).await;
    let mut admin_client = apogee_proto::admin::v1::admin_client::AdminClient::with_interceptor(
        root.channel.clone(),
        signer(ADMIN),
    );
    admin_client
        .list_topics(admin::ListTopicsRequest {
            include_system: true,
        })
        .await
        .unwrap()
        .into_inner()
        .topics
        .iter()
        .any(|t| t.name == topic)
}

#[tokio::test]
async fn unsigned_and_badly_signed_calls_are_refused_and_change_nothing() {
    let server = secured().await;
    let topic = unique("auth-t");
    let mut anonymous = server.client().await;
    let r = anonymous.send(vec![message(&topic, "x")]).await;
    assert_eq!(code(&r.status), pb::Code::Unauthorized, "{:?}", r.status);
    let mut wrong = TestClient::connect_as(server.addr, ADMIN.0, "not-the-secret").await;
    let r = wrong.send(vec![message(&topic, "x")]).await;
    assert_eq!(code(&r.status), pb::Code::Unauthorized, "{:?}", r.status);
    let msg = r.status.unwrap().message;
    assert!(
        !msg.contains(ADMIN.1),
        "a refusal never echoes secrets: {msg}"
    );
    let mut unknown = TestClient::connect_as(server.addr, "nobody", "x").await;
    let r = unknown.query_route(&topic).await;
    assert_eq!(code(&r.status), pb::Code::Unauthorized);
    assert!(
        !topic_exists(&server, &topic).await,
        "a refused call created the topic"
    );
    // The admin API answers with the gRPC status itself.
    let e = anonymous
        .admin
        .list_topics(admin::ListTopicsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::Unauthenticated);
    // The super user may do everything, and its send auto-creates the topic.
    let mut root = TestClient::connect_as(server.addr, ADMIN.0, ADMIN.1).await;
    root.send_ok(message(&topic, "ok")).await;
    assert!(topic_exists(&server, &topic).await);
}

#[tokio::test]
async fn acl_decides_publish_and_subscribe_and_changes_take_effect_at_once() {
    let server = secured().await;
    let (topic, group) = (unique("auth-acl"), unique("auth-g"));
    let mut root = TestClient::connect_as(server.addr, ADMIN.0, ADMIN.1).await;
    root.send_ok(message(&topic, "first")).await;
    apogee_proto::admin::v1::admin_client::AdminClient::with_interceptor(
        root.channel.clone(),
        signer(ADMIN),
    )
    .create_group(admin::CreateGroupRequest {
        name: group.clone(),
        start: Some(admin::create_group_request::Start::Policy(
            admin::StartPolicy::Earliest as i32,
        )),
        ..Default::default()
    })
    .await
    .unwrap();

    user_with_acl(&server, "alice", "alice-secret", &[]).await;
    let mut alice = TestClient::connect_as(server.addr, "alice", "alice-secret").await;
    // No ACL: nothing is allowed.
    let r = alice.send(vec![message(&topic, "x")]).await;
    assert_eq!(code(&r.status), pb::Code::Forbidden, "{:?}", r.status);
    let other = unique("auth-other");
    let r = alice.send(vec![message(&other, "x")]).await;
    assert_eq!(code(&r.status), pb::Code::Forbidden);
    assert!(
        !topic_exists(&server, &other).await,
        "a forbidden send created a topic"
    );

    let mut a = access(root.channel.clone(), ADMIN);
    put_acl(
        &mut a,
        "alice",
        &[(&format!("Topic:{topic}"), "Pub", "Allow")],
    )
    .await;
    alice.send_ok(message(&topic, "second")).await;
    // Receiving needs Sub on the group and the topic.
    let r = alice
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_millis(200),
        )
        .await;
    assert_eq!(
        code(&Some(r.status.clone())),
        pb::Code::Forbidden,
        "{:?}",
        r.status
    );
    put_acl(
        &mut a,
        "alice",
        &[
            (&format!("Group:{group}"), "Sub", "Allow"),
            ("Topic:auth-acl-*", "Sub", "Allow"),
        ],
    )
    .await;
    let mut got = Vec::new();
    for _ in 0..20 {
        let r = alice
            .receive(
                &group,
                &topic,
                "*",
                8,
                Duration::from_secs(30),
                Duration::from_secs(1),
            )
            .await;
        for m in &r.messages {
            let ack = alice.ack(&group, &topic, m).await;
            assert_eq!(code(&ack.status), pb::Code::Ok, "{:?}", ack.status);
        }
        got.extend(r.messages);
        if got.len() >= 2 {
            break;
        }
    }
    assert_eq!(got.len(), 2);
    // A literal deny beats the prefix allow; a deny on the topic stops publishing at once.
    put_acl(
        &mut a,
        "alice",
        &[(&format!("Topic:{topic}"), "Pub,Sub", "Deny")],
    )
    .await;
    let r = alice.send(vec![message(&topic, "third")]).await;
    assert_eq!(code(&r.status), pb::Code::Forbidden);
    let r = alice
        .receive(
            &group,
            &topic,
            "*",
            8,
            Duration::from_secs(30),
            Duration::from_millis(200),
        )
        .await;
    assert_eq!(code(&Some(r.status)), pb::Code::Forbidden);
    // Disabling the user refuses its signature.
    a.update_user(admin::UpdateUserRequest {
        name: "alice".into(),
        enabled: Some(false),
        ..Default::default()
    })
    .await
    .unwrap();
    let r = alice.query_route(&topic).await;
    assert_eq!(code(&r.status), pb::Code::Unauthorized);
}

#[tokio::test]
async fn a_client_id_belongs_to_the_user_that_first_used_it() {
    let server = secured().await;
    let topic = unique("auth-cid");
    let grants = [(format!("Topic:{topic}"), "Pub", "Allow")];
    let grants: Vec<_> = grants
        .iter()
        .map(|(r, a, d)| (r.as_str(), *a, *d))
        .collect();
    user_with_acl(&server, "alice", "a-secret", &grants).await;
    user_with_acl(&server, "mallory", "m-secret", &grants).await;
    let mut alice = TestClient::connect_as(server.addr, "alice", "a-secret").await;
    alice.send_ok(message(&topic, "mine")).await;
    let mut mallory = TestClient::connect_as(server.addr, "mallory", "m-secret").await;
    mallory.client_id = alice.client_id.clone();
    let r = mallory.send(vec![message(&topic, "theirs")]).await;
    assert_eq!(code(&r.status), pb::Code::Forbidden, "{:?}", r.status);
    let r = mallory
        .rpc
        .notify_client_termination(mallory.req(pb::NotifyClientTerminationRequest { group: None }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::Forbidden);
    alice.send_ok(message(&topic, "still mine")).await;
}

#[tokio::test]
async fn only_super_users_manage_users_and_the_cli_signs() {
    let server = secured().await;
    user_with_acl(&server, "bob", "bob-secret", &[("Topic:*", "All", "Allow")]).await;
    let bob = server.client().await;
    let e = access(bob.channel.clone(), ("bob", "bob-secret"))
        .list_users(admin::ListUsersRequest {})
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::PermissionDenied, "{e:?}");

    let endpoint = server.endpoint();
    let cli = |args: Vec<String>| {
        let endpoint = endpoint.clone();
        async move {
            let mut argv = vec![
                "apogee".to_owned(),
                "admin".into(),
                "--endpoint".into(),
                endpoint,
            ];
            argv.extend(args);
            let parsed = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
            apogee_server::cli::run_admin(parsed)
                .await
                .map_err(|e| e.to_string())
        }
    };
    let keys = |rest: &[&str]| {
        let mut v: Vec<String> = vec![
            "--access-key".into(),
            ADMIN.0.into(),
            "--secret-key".into(),
            ADMIN.1.into(),
        ];
        v.extend(rest.iter().map(|s| (*s).to_owned()));
        v
    };
    let unsigned = cli(vec!["user".into(), "list".into()]).await.unwrap_err();
    assert!(unsigned.contains("Unauthenticated"), "{unsigned}");
    let out = cli(keys(&[
        "user",
        "create",
        "carol",
        "--secret",
        "carol-secret",
    ]))
    .await
    .unwrap();
    assert!(out.contains("carol") && out.contains("Normal"), "{out}");
    let out = cli(keys(&[
        "acl",
        "put",
        "carol",
        "--resource",
        "Topic:orders",
        "--actions",
        "Pub,Sub",
    ]))
    .await
    .unwrap();
    assert!(
        out.contains("Topic:orders") && out.contains("Pub,Sub") && out.contains("Allow"),
        "{out}"
    );
    let out = cli(keys(&["--json", "user", "list"])).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        names.contains(&"carol".to_owned()) && names.contains(&ADMIN.0.to_owned()),
        "{names:?}"
    );
    assert!(!out.contains("carol-secret"), "secrets are never listed");
    let dup = cli(keys(&["user", "create", "carol", "--secret", "x"]))
        .await
        .unwrap_err();
    assert!(dup.contains("AlreadyExists"), "{dup}");
    let bad = cli(keys(&[
        "acl",
        "put",
        "carol",
        "--resource",
        "Nope:x",
        "--actions",
        "Pub",
    ]))
    .await
    .unwrap_err();
    assert!(bad.contains("InvalidArgument"), "{bad}");
    // carol may publish to `orders` now, and nowhere else.
    let mut carol = TestClient::connect_as(server.addr, "carol", "carol-secret").await;
    carol.send_ok(message("orders", "o")).await;
    let r = carol.send(vec![message("payments", "p")]).await;
    assert_eq!(code(&r.status), pb::Code::Forbidden);
    cli(keys(&["user", "delete", "carol"])).await.unwrap();
    let r = carol.send(vec![message("orders", "o")]).await;
    assert_eq!(code(&r.status), pb::Code::Unauthorized);
}

#[tokio::test]
async fn users_and_acls_survive_a_restart() {
    let server = secured().await;
    let topic = unique("auth-keep");
    let grants = [(format!("Topic:{topic}"), "Pub", "Allow")];
    let grants: Vec<_> = grants
        .iter()
        .map(|(r, a, d)| (r.as_str(), *a, *d))
        .collect();
    user_with_acl(&server, "dave", "dave-secret", &grants).await;
    let server = server.restart().await;
    let mut dave = TestClient::connect_as(server.addr, "dave", "dave-secret").await;
    dave.send_ok(message(&topic, "after restart")).await;
}
