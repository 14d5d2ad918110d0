//! The web console over real HTTP against a live server: who may look and who may change
//! (authentication and ACL through the admin API), forms from other sites refused, a port in
//! use refused at start-up, and the traffic counters behind its rates.

use std::net::SocketAddr;
use std::time::Duration;

use apogee_e2e::browser::Browser;
use apogee_e2e::client::message;
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_server::admin_cli::Signer;

const ADMIN: (&str, &str) = ("console-root", "console-root-secret");

async fn console_server(auth: bool) -> (TestServer, SocketAddr, tempfile::TempDir) {
    let ready = tempfile::tempdir().unwrap();
    let ready_file = ready.path().join("console");
    let server = TestServer::start_with(|c| {
        c.console.enabled = true;
        c.console.listen = "127.0.0.1:0".into();
        c.console.ready_file = Some(ready_file.clone());
        c.console.sample_interval = Duration::from_millis(200);
        if auth {
            c.auth.enabled = true;
            c.auth.admin_access_key = ADMIN.0.into();
            c.auth.admin_secret_key = ADMIN.1.into();
        }
    })
    .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let addr = loop {
        if let Ok(text) = std::fs::read_to_string(&ready_file) {
            break text.parse().unwrap();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no console ready file"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    (server, addr, ready)
}

/// Every topic, as the super user sees them (a server without authentication ignores the
/// signature).
async fn topic_names(server: &TestServer) -> Vec<String> {
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect_lazy();
    admin::admin_client::AdminClient::with_interceptor(
        channel,
        Signer::new(Some(ADMIN.0.into()), Some(ADMIN.1.into())),
    )
    .list_topics(admin::ListTopicsRequest {
        include_system: false,
    })
    .await
    .unwrap()
    .into_inner()
    .topics
    .into_iter()
    .map(|t| t.name)
    .collect()
}

#[tokio::test]
async fn with_auth_on_anonymous_and_read_only_users_change_nothing_and_an_admin_may() {
    let (server, addr, _ready) = console_server(true).await;
    // A read-only user: Get and List on everything, nothing else.
    let mut access = admin::access_client::AccessClient::with_interceptor(
        tonic::transport::Channel::from_shared(format!("http://{}", server.addr))
            .unwrap()
            .connect_lazy(),
        Signer::new(Some(ADMIN.0.into()), Some(ADMIN.1.into())),
    );
    access
        .create_user(admin::CreateUserRequest {
            name: "viewer".into(),
            secret: "viewer-secret".into(),
            r#type: admin::UserType::Normal as i32,
        })
        .await
        .unwrap();
    access
        .put_acl(admin::PutAclRequest {
            user: "viewer".into(),
            entries: vec![admin::AclEntry {
                resource: "*".into(),
                actions: vec!["Get".into(), "List".into()],
                decision: "Allow".into(),
                source_ips: vec![],
            }],
        })
        .await
        .unwrap();

    // Anonymous: every page sends to the sign-in page, and a posted form changes nothing.
    let mut anonymous = Browser::new(addr);
    let first = anonymous.get("/topics").await;
    assert_eq!(first.status, 303);
    assert_eq!(first.header("location"), Some("/login"));
    let cookie = first.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let refused = unique("console-anon");
    let a = anonymous
        .post_from(
            "/login",
            "/topics",
            &[("name", &refused), ("type", "normal")],
        )
        .await;
    assert_eq!(a.header("location"), Some("/login"));
    assert!(!topic_names(&server).await.contains(&refused));

    // Wrong keys: refused with a message.
    let wrong = anonymous.sign_in(("viewer", "not-the-secret")).await;
    assert!(
        wrong.body.contains(r#"id="flash""#) && wrong.body.contains("Sign-in refused"),
        "{}",
        wrong.body
    );

    // Read-only: may look, may not create. Signing in gives the session a new id: the one
    // known before is worth nothing.
    let mut viewer = Browser::new(addr);
    viewer.get("/login").await;
    let before = viewer.cookie.clone();
    let home = viewer.sign_in(("viewer", "viewer-secret")).await;
    assert_ne!(viewer.cookie, before);
    let mut stale = Browser::new(addr);
    stale.cookie = before;
    assert_eq!(
        stale.get("/topics").await.header("location"),
        Some("/login")
    );
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains(r#"<span id="whoami">viewer</span>"#),
        "{}",
        home.body
    );
    let topics = viewer.get("/topics").await;
    assert_eq!(topics.status, 200);
    assert!(topics.body.contains("Topics"));
    let denied = viewer
        .post_from(
            "/topics",
            "/topics",
            &[("name", &refused), ("type", "normal")],
        )
        .await;
    let shown = viewer.follow(&denied).await;
    assert!(
        shown.body.contains(r#"class="error""#) && shown.body.contains("Not allowed"),
        "{}",
        shown.body
    );
    assert!(!topic_names(&server).await.contains(&refused));

    // Admin: creates through the page.
    let mut root = Browser::new(addr);
    root.sign_in(ADMIN).await;
    let made = unique("console-admin");
    let created = root
        .post_from(
            "/topics",
            "/topics",
            &[("name", &made), ("queues", "2"), ("type", "fifo")],
        )
        .await;
    assert_eq!(
        created.header("location"),
        Some(format!("/topics/{made}").as_str())
    );
    let page = root.follow(&created).await;
    assert!(
        page.body.contains(r#"<div class="ok" id="flash">"#),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches(r#"<tr class="queue">"#).count(), 2);
    assert!(topic_names(&server).await.contains(&made));
    // Deleting takes the name typed again; the viewer may not at all.
    let here = format!("/topics/{made}");
    let delete = format!("{here}/delete");
    let refused = viewer
        .post_from(&here, &delete, &[("confirm", &made)])
        .await;
    assert!(viewer.follow(&refused).await.body.contains("Not allowed"));
    let mistyped = root
        .post_from(&here, &delete, &[("confirm", "something-else")])
        .await;
    assert!(
        root.follow(&mistyped)
            .await
            .body
            .contains("Type the topic's name exactly")
    );
    assert!(topic_names(&server).await.contains(&made));
    let deleted = root.post_from(&here, &delete, &[("confirm", &made)]).await;
    assert_eq!(deleted.header("location"), Some("/topics"));
    assert!(!topic_names(&server).await.contains(&made));

    // Signed out: back to anonymous.
    let out = root.post_from("/", "/logout", &[]).await;
    assert_eq!(root.get("/").await.header("location"), Some("/login"));
    assert_eq!(out.status, 303);
}

#[tokio::test]
async fn a_form_without_its_token_is_refused() {
    let (server, addr, _ready) = console_server(false).await;
    let mut b = Browser::new(addr);
    b.get("/").await;
    let name = unique("console-csrf");
    let forged = b
        .call("POST", "/topics", &[("name", &name), ("type", "normal")])
        .await;
    assert_eq!(forged.status, 403);
    assert!(forged.body.contains("out of date"), "{}", forged.body);
    let other = b
        .call(
            "POST",
            "/topics",
            &[("name", &name), ("type", "normal"), ("csrf", "guessed")],
        )
        .await;
    assert_eq!(other.status, 403);
    assert!(!topic_names(&server).await.contains(&name));
    // Bad input is a clear message on the page, not a blank one.
    let bad = b.get("/messages?topic=&key=k").await;
    assert!(
        bad.body.contains("A key search needs the topic"),
        "{}",
        bad.body
    );
    let missing = b.get("/topics/no-such-topic-here").await;
    assert!(
        missing.body.contains(r#"class="error""#),
        "{}",
        missing.body
    );
    assert_eq!(b.get("/nowhere").await.status, 404);
    assert_eq!(missing.status, 404);
    // A page elsewhere whose name was pointed here (DNS rebinding) is not answered.
    let mut rebound = Browser::new(addr);
    rebound.host = Some("attacker.example:8080".into());
    assert_eq!(rebound.get("/").await.status, 421);
    rebound.host = Some("localhost:8080".into());
    assert_eq!(rebound.get("/").await.status, 200);
}

#[tokio::test]
async fn traffic_counts_what_was_stored_and_delivered_and_the_console_shows_the_rate() {
    let (server, addr, _ready) = console_server(false).await;
    let topic = unique("console-traffic");
    let group = unique("console-traffic-g");
    let mut client = server.client().await;
    client.create_group_from_start(&group).await;
    for i in 0..30 {
        client.send_ok(message(&topic, &format!("m{i}"))).await;
    }
    let r = client
        .receive(
            &group,
            &topic,
            "*",
            10,
            Duration::from_secs(30),
            Duration::from_secs(1),
        )
        .await;
    let delivered = r.messages.len() as u64;
    assert!(delivered > 0);
    let traffic = client
        .admin
        .get_traffic(admin::GetTrafficRequest {})
        .await
        .unwrap()
        .into_inner();
    let t = traffic.topics.iter().find(|t| t.topic == topic).unwrap();
    assert_eq!((t.messages_in, t.messages_out), (30, delivered));
    assert!(traffic.missing_brokers.is_empty());

    // The sampler reads every 200 ms: the topic's rate shows on the topics page.
    let mut b = Browser::new(addr);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let page = b.get("/topics").await;
        let row = page
            .body
            .split(&format!(r#"data-topic="{topic}""#))
            .nth(1)
            .unwrap_or("")
            .to_owned();
        let rate = row
            .split(r#"class="rate-in num">"#)
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0);
        if rate > 0.0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no rate shown: {row}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_console_port_in_use_fails_start_up() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = apogee_e2e::test_config(dir.path().join("data"));
    config.console.enabled = true;
    config.console.listen = taken.local_addr().unwrap().to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let result = tokio::time::timeout(
        Duration::from_secs(30),
        apogee_server::run_standalone(config, listener, std::future::pending()),
    )
    .await
    .expect("start-up fails at once");
    let err = result.unwrap_err().to_string();
    assert!(err.contains("console.listen"), "{err}");
}
