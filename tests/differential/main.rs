//! Differential tests: one scenario suite observed on Apogee and on Apache RocketMQ 5 (the
//! reference), compared value by value. A difference must be listed, with its reason, in
//! `on-purpose.json`; any other difference fails, and so does a listed one that went away.
//!
//! Under `tests/reference/reference.sh run -- ...` (REFERENCE_ENDPOINT set) the reference is
//! observed live and what it showed is written to `reference.json`; otherwise the suite
//! compares with that recorded file. The README table comes from `results.json`
//! (`tests/differential/table.py`).

// Helpers shared by tests fail the test on unexpected errors, like the tests themselves.
#![allow(clippy::unwrap_used)]

mod observe;
mod sdk;
mod target;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use observe::Observations;
use serde_json::{Value, json};
use target::Target;

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("differential")
}

fn read_json(name: &str) -> Value {
    let text = std::fs::read_to_string(here().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn write_json(name: &str, v: &Value) {
    let text = serde_json::to_string_pretty(v).unwrap() + "\n";
    std::fs::write(here().join(name), text).unwrap();
}

fn observations(v: &Value) -> Observations {
    v["observations"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apogee_and_the_reference_agree_except_where_listed() {
    let apogee = observe::observe(&Target::apogee().await).await;
    let (reference, version) = match Target::reference() {
        Some(t) => {
            let seen = observe::observe(&t).await;
            let version = std::env::var("REFERENCE_VERSION").unwrap_or_default();
            let server = format!("Apache RocketMQ {version} (proxy, Local mode)");
            write_json(
                "reference.json",
                &json!({"server": server, "observations": seen}),
            );
            (seen, server)
        }
        None => {
            let recorded = read_json("reference.json");
            let server = recorded["server"].as_str().unwrap_or_default().to_owned();
            (observations(&recorded), server)
        }
    };
    let on_purpose: BTreeMap<String, String> =
        serde_json::from_value(read_json("on-purpose.json")).unwrap();

    let keys: BTreeSet<&String> = apogee.keys().chain(reference.keys()).collect();
    let missing = "(not observed)".to_owned();
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for key in keys {
        let a = apogee.get(key).unwrap_or(&missing);
        let r = reference.get(key).unwrap_or(&missing);
        let reason = on_purpose.get(key);
        let verdict = match (a == r, reason) {
            (true, None) => "same",
            (false, Some(_)) => "on purpose",
            (false, None) => {
                failures.push(format!("{key}: Apogee {a:?}, reference {r:?}"));
                "DIFFERENT"
            }
            (true, Some(_)) => {
                failures.push(format!(
                    "{key}: listed in on-purpose.json, but both now show {a:?}"
                ));
                "same (listed)"
            }
        };
        rows.push(json!({"observation": key, "apogee": a, "reference": r, "verdict": verdict, "reason": reason}));
    }
    write_json("results.json", &json!({"reference": version, "rows": rows}));
    assert!(
        failures.is_empty(),
        "differences not listed in tests/differential/on-purpose.json:\n{}",
        failures.join("\n")
    );
}
