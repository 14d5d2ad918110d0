//! Cluster roles as separate processes: `apogee nameserver` and `apogee broker` on loopback,
//! registration with every nameserver, heartbeats, expiry of silent brokers, clean
//! unregistration, and the loss of one nameserver.

// Helpers shared by tests fail the test on unexpected errors, like the tests themselves.
#![allow(clippy::unwrap_used)]

mod console;
mod failover;
mod processes;
mod proxy;
mod replication;

use std::time::Duration;

use apogee_e2e::client::{TestClient, message};
use apogee_e2e::unique;
use apogee_proto::nameserver::v1 as ns;
use processes::{Process, broker, eventually, nameserver, run_to_end};

/// Generous bounds for things that take one heartbeat (hundreds of ms) on a quiet machine.
pub(crate) const PATIENCE: Duration = Duration::from_secs(30);

pub(crate) async fn members(n: &Process) -> Vec<ns::ClusterMember> {
    let mut c = n.nameserver_client().await;
    c.get_cluster_info(ns::GetClusterInfoRequest {})
        .await
        .unwrap()
        .into_inner()
        .brokers
}

/// The broker names a nameserver routes `topic` to (empty when none).
async fn route(n: &Process, topic: &str) -> Vec<String> {
    let mut c = n.nameserver_client().await;
    match c
        .get_route(ns::GetRouteRequest {
            topic: topic.into(),
        })
        .await
    {
        Ok(r) => r
            .into_inner()
            .brokers
            .into_iter()
            .map(|b| b.broker_name)
            .collect(),
        Err(s) => {
            assert_eq!(s.code(), tonic::Code::NotFound, "{s:?}");
            Vec::new()
        }
    }
}

/// Sends one message to `topic` on the broker (which creates the topic there).
async fn send_one(b: &Process, topic: &str) {
    let mut c = TestClient::connect(b.addr).await;
    c.send_ok(message(topic, "hello")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brokers_register_with_every_nameserver_and_leave_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let (ns1, ns2) = (nameserver("2m").await, nameserver("2m").await);
    let mut a = broker("broker-a", &[&ns1, &ns2], &data.path().join("a"), "300ms").await;
    let b = broker("broker-b", &[&ns1, &ns2], &data.path().join("b"), "300ms").await;
    let topic = unique("spread");
    send_one(&a, &topic).await;
    send_one(&b, &topic).await;
    for n in [&ns1, &ns2] {
        eventually("both brokers routed for the topic", PATIENCE, || async {
            route(n, &topic).await == ["broker-a", "broker-b"]
        })
        .await;
        let m = members(n).await;
        assert_eq!(m.len(), 2);
        for (member, (name, addr)) in m.iter().zip([("broker-a", a.addr), ("broker-b", b.addr)]) {
            let info = member.broker.as_ref().unwrap();
            assert_eq!(info.name, name);
            assert_eq!(info.cluster, "test-cluster");
            assert_eq!(info.broker_id, 0);
            assert_eq!(member.role, "master");
            assert_eq!(info.client_endpoint, addr.to_string());
            assert!(member.expires_at_ms > member.last_heartbeat_ms);
        }
    }
    let endpoint = ns2.addr.to_string();
    // Every nameserver is listed with whether it answers: ns1, and one that is not there.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let others = format!("{},{dead}", ns1.addr);
    let listed = tokio::task::spawn_blocking(move || {
        let table = run_to_end(&[
            "admin",
            "--endpoint",
            &endpoint,
            "cluster",
            "list",
            "--nameservers",
            &others,
        ]);
        let json = run_to_end(&[
            "admin",
            "--endpoint",
            &endpoint,
            "--json",
            "cluster",
            "list",
            "--nameservers",
            &others,
        ]);
        (table, json)
    })
    .await
    .unwrap();
    assert!(listed.0.status.success());
    let table = String::from_utf8_lossy(&listed.0.stdout);
    assert!(
        table.contains("broker-a") && table.contains("broker-b"),
        "{table}"
    );
    assert!(
        table.contains("master") && table.contains("test-cluster"),
        "{table}"
    );
    assert!(
        table.contains("NAMESERVER") && table.contains("no answer"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_slice(&listed.1.stdout).unwrap();
    assert_eq!(json["brokers"][1]["endpoint"], b.addr.to_string());
    let nameservers = json["nameservers"].as_array().unwrap();
    assert_eq!(nameservers.len(), 3, "{json}");
    assert_eq!(nameservers[0]["answers"], true);
    assert_eq!(nameservers[1]["brokers"], 2);
    assert_eq!(nameservers[2]["answers"], false);
    assert_eq!(json["broker_timeout_ms"], 120_000);
    // A clean stop unregisters at once: no wait for the timeout (2 minutes here).
    a.terminate();
    for n in [&ns1, &ns2] {
        assert_eq!(route(n, &topic).await, ["broker-b"]);
        assert_eq!(members(n).await.len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn losing_one_nameserver_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let (mut ns1, ns2) = (nameserver("2m").await, nameserver("2m").await);
    let b = broker("broker-k", &[&ns1, &ns2], data.path(), "200ms").await;
    let topic = unique("kept");
    send_one(&b, &topic).await;
    eventually(
        "the topic routed on the second nameserver",
        PATIENCE,
        || async { route(&ns2, &topic).await == ["broker-k"] },
    )
    .await;
    ns1.kill();
    let heard = members(&ns2).await[0].last_heartbeat_ms;
    eventually(
        "heartbeats still reaching the live nameserver",
        PATIENCE,
        || async { members(&ns2).await[0].last_heartbeat_ms > heard },
    )
    .await;
    assert_eq!(route(&ns2, &topic).await, ["broker-k"]);
    send_one(&b, &topic).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_broker_leaves_the_routes_and_returns_with_its_topics() {
    let data = tempfile::tempdir().unwrap();
    let n = nameserver("2s").await;
    let mut b = broker("broker-s", &[&n], data.path(), "200ms").await;
    let topic = unique("silent");
    send_one(&b, &topic).await;
    eventually("the topic routed", PATIENCE, || async {
        route(&n, &topic).await == ["broker-s"]
    })
    .await;
    b.kill(); // no unregistering: only the timeout removes it
    eventually("the silent broker dropped", PATIENCE, || async {
        route(&n, &topic).await.is_empty() && members(&n).await.is_empty()
    })
    .await;
    b.spawn().await;
    eventually("the restarted broker routed again", PATIENCE, || async {
        route(&n, &topic).await == ["broker-s"]
    })
    .await;
    let m = members(&n).await;
    assert_eq!(
        m[0].broker.as_ref().unwrap().client_endpoint,
        b.addr.to_string()
    );
}

#[test]
fn a_broker_refuses_a_bad_command_line() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let alone = run_to_end(&["broker", "--broker-name", "x", "--data-dir", dir]);
    assert_eq!(alone.status.code(), Some(2));
    let err = String::from_utf8_lossy(&alone.stderr);
    assert!(err.contains("needs at least one nameserver"), "{err}");
    let tilde = run_to_end(&[
        "broker",
        "--nameserver",
        "127.0.0.1:9",
        "--broker-name",
        "a~b",
        "--data-dir",
        dir,
    ]);
    assert_eq!(tilde.status.code(), Some(2));
    let err = String::from_utf8_lossy(&tilde.stderr);
    assert!(err.contains("'~'"), "{err}");
    let replication = run_to_end(&[
        "broker",
        "--nameserver",
        "127.0.0.1:9",
        "--replication",
        "sometimes",
        "--data-dir",
        dir,
    ]);
    assert_eq!(
        replication.status.code(),
        Some(2),
        "clap refuses an unknown mode"
    );
    let garbled = run_to_end(&[
        "broker",
        "--nameserver",
        "not an address",
        "--data-dir",
        dir,
    ]);
    assert_eq!(garbled.status.code(), Some(2));
    let err = String::from_utf8_lossy(&garbled.stderr);
    assert!(err.contains("is not HOST:PORT"), "{err}");
    let bad = run_to_end(&["nameserver", "--broker-timeout", "soon"]);
    assert_eq!(bad.status.code(), Some(2), "clap refuses a bad duration");
}
