//! The web console of `apogee proxy`: an empty cluster and a broker that stopped answering are
//! said plainly on the page, and a topic created through the page is spread over the brokers.

use std::net::SocketAddr;
use std::path::Path;

use apogee_e2e::browser::Browser;
use apogee_e2e::unique;

use crate::PATIENCE;
use crate::processes::{Process, broker, eventually, nameserver};

/// `apogee proxy` with its console on an ephemeral port; the console's address.
async fn proxy_with_console(ns: &Process, dir: &Path) -> (Process, SocketAddr) {
    let ready = dir.join("console");
    let proxy = Process::start(
        &[
            "proxy",
            "--nameserver",
            &ns.addr.to_string(),
            "--console-listen",
            "127.0.0.1:0",
            "--console-ready-file",
            ready.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    // The proxy writes it before its own ready file, which start waited for.
    let addr = std::fs::read_to_string(&ready).unwrap().parse().unwrap();
    (proxy, addr)
}

#[tokio::test]
async fn the_proxy_console_says_when_the_cluster_is_empty_and_when_a_broker_is_unreachable() {
    let data = tempfile::tempdir().unwrap();
    let ns = nameserver("2m").await;
    let (_proxy, console) = proxy_with_console(&ns, data.path()).await;
    let mut b = Browser::new(console);

    let empty = b.get("/").await;
    assert_eq!(empty.status, 200);
    assert!(
        empty.body.contains("The cluster is empty"),
        "{}",
        empty.body
    );
    let topics = b.get("/topics").await;
    assert!(
        topics.body.contains(r#"class="error""#) && topics.body.contains("no broker"),
        "{}",
        topics.body
    );

    let mut a = broker("broker-a", &[&ns], &data.path().join("a"), "1s").await;
    let _b2 = broker("broker-b", &[&ns], &data.path().join("b"), "1s").await;
    eventually("both brokers on the overview", PATIENCE, || {
        let mut b = Browser::new(console);
        async move {
            b.get("/")
                .await
                .body
                .matches(r#"<tr class="broker""#)
                .count()
                == 2
        }
    })
    .await;
    let topic = unique("console-cluster");
    let created = b
        .post_from(
            "/topics",
            "/topics",
            &[("name", &topic), ("queues", "4"), ("type", "normal")],
        )
        .await;
    let page = b.follow(&created).await;
    assert!(
        page.body.contains("broker-a") && page.body.contains("broker-b"),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches(r#"<tr class="queue">"#).count(), 4);

    // A broker killed outright stays registered until it expires (2 min): it shows unreachable.
    a.kill();
    eventually("broker-a shown unreachable", PATIENCE, || {
        let mut b = Browser::new(console);
        async move {
            let page = b.get("/").await.body;
            page.split(r#"data-broker="broker-a""#)
                .nth(1)
                .is_some_and(|row| {
                    row.split("</tr>")
                        .next()
                        .unwrap_or("")
                        .contains("UNREACHABLE")
                })
        }
    })
    .await;
}
