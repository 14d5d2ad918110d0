//! Differential tests: one scenario suite observed on Apogee and on Apache RocketMQ 5 (the
//! reference), compared value by value. A difference must be listed, with its reason, in
//! `on-purpose.json`; any other difference fails, and so does a listed one that went away on
//! every reference version.
//!
//! Each reference version's observations are recorded in `reference-VERSION.json`. Under
//! `tests/reference/reference.sh run [VERSION] -- ...` (REFERENCE_ENDPOINT set) that version is
//! observed live and its file rewritten first. Apogee is compared with every recorded version.
//! The README table comes from `results.json` (`tests/differential/table.py`).

// Helpers shared by tests fail the test on unexpected errors, like the tests themselves.
#![allow(clippy::unwrap_used)]

mod observe;
mod retries;
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

/// Every recorded reference: (version, server description, observations), oldest first.
fn recorded_references() -> Vec<(String, String, Observations)> {
    let mut found: Vec<(Vec<u32>, String, String, Observations)> = std::fs::read_dir(here())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().ok()?;
            let version = name.strip_prefix("reference-")?.strip_suffix(".json")?;
            let v = read_json(&name);
            let server = v["server"].as_str().unwrap_or_default().to_owned();
            let order = version.split('.').filter_map(|p| p.parse().ok()).collect();
            Some((order, version.to_owned(), server, observations(&v)))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.into_iter().map(|(_, v, s, o)| (v, s, o)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apogee_and_the_reference_agree_except_where_listed() {
    let apogee = observe::observe(&Target::apogee().await).await;
    if let Some(t) = Target::reference() {
        let seen = observe::observe(&t).await;
        let version = std::env::var("REFERENCE_VERSION").unwrap();
        let server = format!("Apache RocketMQ {version} (proxy, Local mode)");
        write_json(
            &format!("reference-{version}.json"),
            &json!({"server": server, "observations": seen}),
        );
    }
    let references = recorded_references();
    assert!(!references.is_empty(), "no reference-VERSION.json recorded");
    let on_purpose: BTreeMap<String, String> =
        serde_json::from_value(read_json("on-purpose.json")).unwrap();

    let keys: BTreeSet<&String> = apogee
        .keys()
        .chain(references.iter().flat_map(|r| r.2.keys()))
        .collect();
    let missing = "(not observed)".to_owned();
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for key in keys {
        let a = apogee.get(key).unwrap_or(&missing);
        let seen: BTreeMap<&str, &String> = references
            .iter()
            .map(|(v, _, o)| (v.as_str(), o.get(key).unwrap_or(&missing)))
            .collect();
        let differs_on: Vec<&str> = seen
            .iter()
            .filter(|(_, r)| *r != &a)
            .map(|(v, _)| *v)
            .collect();
        let reason = on_purpose.get(key);
        let verdict = match (differs_on.is_empty(), reason) {
            (true, None) => "same",
            (false, Some(_)) => "on purpose",
            (false, None) => {
                failures.push(format!(
                    "{key}: Apogee {a:?}, reference {seen:?} (differs on {})",
                    differs_on.join(", ")
                ));
                "DIFFERENT"
            }
            (true, Some(_)) => {
                failures.push(format!(
                    "{key}: listed in on-purpose.json, but every reference now shows {a:?}"
                ));
                "same (listed)"
            }
        };
        rows.push(json!({"observation": key, "apogee": a, "reference": seen, "verdict": verdict, "reason": reason}));
    }
    let servers: Vec<&str> = references.iter().map(|r| r.1.as_str()).collect();
    let versions: Vec<&str> = references.iter().map(|r| r.0.as_str()).collect();
    write_json(
        "results.json",
        &json!({"references": servers, "versions": versions, "rows": rows}),
    );
    assert!(
        failures.is_empty(),
        "differences not listed in tests/differential/on-purpose.json:\n{}",
        failures.join("\n")
    );
}
