//! `apogee bench` against real servers: the real binary, its `--json` report, and what the
//! server stored or delivered, checked through the admin API. No timing is asserted (benchmark
//! figures live in the README); these check that each bench does the work it reports.

mod common;

use std::process::Command;

use apogee_proto::admin::v1 as admin;
use common::{kill, start};
use serde_json::Value;

/// Runs `apogee bench ARGS --json`, asserts it succeeded, and returns its report.
fn bench(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_apogee"))
        .arg("bench")
        .args(args)
        .arg("--json")
        .output()
        .expect("run apogee bench");
    assert!(
        out.status.success(),
        "apogee bench {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

async fn stored(endpoint: &str, topic: &str) -> u64 {
    let mut admin = admin::admin_client::AdminClient::connect(endpoint.to_owned())
        .await
        .expect("connect to the admin API");
    let d = admin
        .describe_topic(admin::DescribeTopicRequest { name: topic.into() })
        .await
        .expect("describe topic")
        .into_inner();
    d.queues.iter().map(|q| q.max_offset - q.min_offset).sum()
}

fn assert_report(r: &Value, bench: &str, messages: u64) {
    assert_eq!(r["bench"], bench, "{r}");
    assert_eq!(r["messages"], messages, "{r}");
    assert_eq!(r["errors"], 0, "{r}");
    let lat = &r["latency"];
    assert!(lat["p50_us"].as_u64() > Some(0), "{r}");
    assert!(lat["p50_us"].as_u64() <= lat["p99_us"].as_u64(), "{r}");
    assert!(lat["p99_us"].as_u64() <= lat["max_us"].as_u64(), "{r}");
}

#[tokio::test]
async fn produce_sends_exactly_the_count_spread_over_topics() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, endpoint) = start(&dir.path().join("data"), &dir.path().join("ready"), "async");
    let addr = endpoint.trim_start_matches("http://");
    let r = bench(&[
        "produce",
        "--endpoint",
        addr,
        "--topic",
        "bp",
        "--topics",
        "3",
        "--queues",
        "2",
        "--count",
        "301",
        "--batch",
        "4",
        "--concurrency",
        "8",
    ]);
    assert_report(&r, "produce", 301);
    assert_eq!(r["settings"]["topics"], 3);
    assert!(
        r.get("server_cpu_us_per_msg").is_none(),
        "no server process named, none measured: {r}"
    );
    let mut total = 0;
    for t in ["bp-0", "bp-1", "bp-2"] {
        let n = stored(&endpoint, t).await;
        assert!(n > 0, "{t} got no messages");
        total += n;
    }
    assert_eq!(total, 301, "the server stored what the bench reports");
    kill(&mut child);
}

#[tokio::test]
async fn consume_drains_what_it_prefilled_and_e2e_receives_what_it_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, endpoint) = start(&dir.path().join("data"), &dir.path().join("ready"), "async");
    let addr = endpoint.trim_start_matches("http://");

    let pid = child.id().to_string();
    let r = bench(&[
        "consume",
        "--endpoint",
        addr,
        "--topic",
        "bc",
        "--topics",
        "2",
        "--prefill",
        "200",
        "--server-pid",
        &pid,
    ]);
    assert_report(&r, "consume", 200);
    // Present for the named process (its size is checked by the meter's own test: a short
    // drain may use less than one 10 ms tick).
    let cpu = r["server_cpu_us_per_msg"].as_f64().expect("measured");
    assert!(cpu >= 0.0, "{r}");
    assert_eq!(
        stored(&endpoint, "bc-0").await + stored(&endpoint, "bc-1").await,
        200
    );

    let r = bench(&["e2e", "--endpoint", addr, "--topic", "be", "--count", "120"]);
    assert_report(&r, "e2e", 120);
    assert_eq!(r["settings"]["sent"], 120);
    assert_eq!(stored(&endpoint, "be").await, 120);

    let r = bench(&[
        "delay",
        "--endpoint",
        addr,
        "--topic",
        "bd",
        "--messages",
        "12",
        "--delay",
        "300ms",
        "--rate",
        "100",
    ]);
    assert_report(&r, "delay", 12);
    kill(&mut child);
}

#[test]
fn spawned_targets_echo_and_standalone() {
    let r = bench(&[
        "produce",
        "--spawn-echo",
        "--count",
        "50",
        "--concurrency",
        "4",
    ]);
    assert_report(&r, "produce", 50);
    assert!(
        r["settings"]["target"].as_str().unwrap().contains("echo"),
        "{r}"
    );

    let r = bench(&[
        "produce",
        "--spawn-server",
        "--flush",
        "sync",
        "--count",
        "40",
        "--batch",
        "8",
    ]);
    assert_report(&r, "produce", 40);
    assert!(
        r["settings"]["target"].as_str().unwrap().contains("sync"),
        "{r}"
    );
}

#[test]
fn bad_options_are_refused_with_a_usage_error() {
    for args in [
        &["produce", "--topics", "0"][..],
        &["produce", "--batch", "0"],
        &["e2e", "--consumers", "0"],
        &["consume", "--batch", "0"],
        &["produce", "--size", "lots"],
        &["consume", "--duration", "forever"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_apogee"))
            .arg("bench")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} explains itself");
    }
}
