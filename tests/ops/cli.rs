//! `apogee admin` as a process: exit codes and messages for bad arguments and an unreachable
//! server, and the runtime log level of a live server.

use crate::processes::{Process, run_to_end};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test]
async fn bad_arguments_and_an_unreachable_server_exit_non_zero_with_a_clear_message() {
    // Nothing listens on a port just freed.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = free.local_addr().unwrap().to_string();
    drop(free);
    let out = run_to_end(&["admin", "--endpoint", &endpoint, "topic", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!("cannot connect to {endpoint}")),
        "{}",
        text(&out.stderr)
    );

    for args in [
        &["admin", "topic", "update"][..],
        &["admin", "topic", "update", "t", "--perm", "sideways"],
        &["admin", "group", "delete"],
        &["admin", "connection", "consumers"],
        &["admin", "no-such-command"],
    ] {
        let out = run_to_end(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!out.stderr.is_empty());
    }

    let dir = tempfile::tempdir().unwrap();
    let server = Process::start(
        &["standalone", "--data-dir", dir.path().to_str().unwrap()],
        &[],
    )
    .await;
    let endpoint = server.addr.to_string();
    // Refused before any call: deleting needs --yes.
    let out = run_to_end(&["admin", "--endpoint", &endpoint, "topic", "delete", "t"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"));
    // Refused by the server as invalid: exit 2 too; a missing topic: 1.
    let out = run_to_end(&[
        "admin",
        "--endpoint",
        &endpoint,
        "topic",
        "create",
        "bad name!",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = run_to_end(&[
        "admin",
        "--endpoint",
        &endpoint,
        "topic",
        "describe",
        "missing",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("does not exist"));
}

#[tokio::test]
async fn the_log_level_is_read_and_changed_while_the_server_runs() {
    let dir = tempfile::tempdir().unwrap();
    let server = Process::start(
        &["standalone", "--data-dir", dir.path().to_str().unwrap()],
        &[],
    )
    .await;
    let endpoint = server.addr.to_string();
    let admin = |args: &[&str]| {
        let mut all = vec!["admin", "--endpoint", endpoint.as_str()];
        all.extend_from_slice(args);
        run_to_end(&all)
    };
    // The test processes run with RUST_LOG=warn.
    let out = admin(&["log-level"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), "warn");
    let out = admin(&["log-level", "info,apogee_store=debug"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = admin(&["--json", "log-level"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["filter"], "info,apogee_store=debug");
    let out = admin(&["log-level", "info,[[["]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("invalid filter"));
    assert_eq!(
        text(&admin(&["log-level"]).stdout).trim(),
        "info,apogee_store=debug"
    );
}
