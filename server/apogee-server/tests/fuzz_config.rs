//! Property-based fuzzing of configuration loading (`src/config.rs`): arbitrary TOML-ish text,
//! random key/value combinations (known keys with right and wrong types, unknown keys), random
//! `APOGEE_*` environment variables and command-line overrides give `Ok` or a clear
//! `ConfigError`, never a panic. A loaded configuration keeps the values it was given (the
//! environment over the file, flags over both) and loads back unchanged from its own TOML.
//! Each case runs in a `figment::Jail`, as the unit tests in `config.rs` do.
//!
//! The case count comes from proptest's default config, so `PROPTEST_CASES` sets it (256 when
//! unset). A long run: `PROPTEST_CASES=1000000 cargo test --workspace fuzz_`.
#![allow(clippy::result_large_err)] // figment::Jail's closure type, not ours.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use apogee_server::config::ConfigError;
use apogee_server::{Config, FlagOverrides};
use apogee_store::FlushMode;
use proptest::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Addr,
    /// An unsigned integer field with this maximum.
    Int(u64),
    Bool,
    Duration,
    DurationList,
    Text,
    Path,
    Enum(&'static [&'static str]),
}

const U32: Kind = Kind::Int(u32::MAX as u64);
const BIG: Kind = Kind::Int(i64::MAX as u64);

/// Every key `Config` knows, by section.
const KEYS: &[(&str, &str, Kind)] = &[
    ("server", "listen", Kind::Addr),
    ("server", "advertise", Kind::Text),
    ("server", "max_request_bytes", BIG),
    ("server", "ready_file", Kind::Path),
    ("server", "max_streams_per_client", BIG),
    (
        "server",
        "tls_mode",
        Kind::Enum(&["disabled", "permissive", "enforcing"]),
    ),
    ("server", "tls_cert_path", Kind::Path),
    ("server", "tls_key_path", Kind::Path),
    ("store", "data_dir", Kind::Path),
    ("store", "flush", Kind::Enum(&["sync", "async"])),
    ("store", "flush_interval", Kind::Duration),
    ("store", "min_free_bytes", BIG),
    ("broker", "name", Kind::Text),
    ("broker", "auto_create_topics", Kind::Bool),
    ("broker", "auto_create_groups", Kind::Bool),
    ("broker", "default_queues", U32),
    ("broker", "max_body_size", BIG),
    ("broker", "min_invisible", Kind::Duration),
    ("broker", "max_invisible", Kind::Duration),
    ("broker", "default_invisible", Kind::Duration),
    ("broker", "max_long_polling", Kind::Duration),
    ("broker", "group_start", Kind::Enum(&["earliest", "latest"])),
    ("broker", "max_delivery_attempts", U32),
    ("broker", "retry_backoff", Kind::DurationList),
    ("broker", "max_inflight_per_queue", U32),
    ("broker", "max_long_polls", BIG),
    ("broker", "max_write_backlog", BIG),
    ("broker", "retention", Kind::Duration),
    ("broker", "retention_interval", Kind::Duration),
    ("broker", "max_delay", Kind::Duration),
    ("broker", "transaction_check_interval", Kind::Duration),
    ("broker", "transaction_max_checks", U32),
    ("broker", "max_batch_messages", BIG),
    ("broker", "max_batch_bytes", BIG),
    ("broker", "max_receive_batch", BIG),
    ("broker", "max_topics", BIG),
    ("broker", "max_groups", BIG),
    ("broker", "max_properties", BIG),
    ("broker", "max_properties_bytes", BIG),
    ("broker", "max_keys", BIG),
    ("broker", "max_message_group_bytes", BIG),
    ("broker", "max_long_polls_per_client", BIG),
    ("auth", "enabled", Kind::Bool),
    ("auth", "admin_access_key", Kind::Text),
    ("auth", "admin_secret_key", Kind::Text),
    ("auth", "max_clock_skew", Kind::Duration),
    ("log", "format", Kind::Enum(&["text", "json"])),
];

// ---------------------------------------------------------------------------------------------
// Values.

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_.-]{0,12}",
        any::<String>(),
        proptest::sample::select(&["", " ", "\"", "'", "\\", "\n", "é", "a = 1", "[x]"][..])
            .prop_map(str::to_owned),
    ]
}

fn duration_text() -> impl Strategy<Value = String> {
    let unit = proptest::sample::select(
        &[
            "ns", "us", "ms", "s", "sec", "m", "min", "h", "d", "days", "w", "M", "y", "years",
        ][..],
    );
    prop_oneof![
        (0u64..100_000, unit.clone()).prop_map(|(n, u)| format!("{n}{u}")),
        (0u64..100, unit.clone(), 0u64..100, unit)
            .prop_map(|(a, u, b, v)| format!("{a}{u} {b}{v}")),
    ]
}

/// A value of the right type for `kind`, as TOML.
fn good_value(kind: Kind) -> BoxedStrategy<toml::Value> {
    let s = |st: BoxedStrategy<String>| st.prop_map(toml::Value::String).boxed();
    match kind {
        Kind::Addr => s(prop_oneof![
            (any::<[u8; 4]>(), any::<u16>())
                .prop_map(|(ip, port)| SocketAddr::from((ip, port)).to_string()),
            (any::<[u16; 8]>(), any::<u16>())
                .prop_map(|(ip, port)| SocketAddr::from((ip, port)).to_string()),
        ]
        .boxed()),
        Kind::Int(max) => {
            let max = i64::try_from(max).unwrap_or(i64::MAX);
            prop_oneof![0i64..20, 0i64..=max, Just(max)]
                .prop_map(toml::Value::Integer)
                .boxed()
        }
        Kind::Bool => any::<bool>().prop_map(toml::Value::Boolean).boxed(),
        Kind::Duration => s(duration_text().boxed()),
        Kind::DurationList => proptest::collection::vec(duration_text(), 0..5)
            .prop_map(|v| toml::Value::Array(v.into_iter().map(toml::Value::String).collect()))
            .boxed(),
        Kind::Text | Kind::Path => s(text().boxed()),
        Kind::Enum(names) => s(proptest::sample::select(names)
            .prop_map(str::to_owned)
            .boxed()),
    }
}

/// Any TOML value: wrong types, out-of-range numbers, odd strings, nesting.
fn any_value() -> impl Strategy<Value = toml::Value> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(toml::Value::Integer),
        (-3i64..3).prop_map(toml::Value::Integer),
        any::<f64>().prop_map(toml::Value::Float),
        any::<bool>().prop_map(toml::Value::Boolean),
        text().prop_map(toml::Value::String),
        duration_text().prop_map(toml::Value::String),
        proptest::sample::select(
            &[
                "-1s",
                "1.5s",
                "s",
                "99999999999999999999999y",
                "18446744073709551615s",
                "1.2.3.4",
                "localhost:80",
                "1.2.3.4:99999",
                "[::1]:0",
                "SYNC",
                "Json",
            ][..]
        )
        .prop_map(|s| toml::Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(toml::Value::Array),
            proptest::collection::btree_map("[a-z_]{1,6}", inner, 0..3)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    })
}

type Entries = BTreeMap<(String, String), toml::Value>;

/// Known keys with values of the right type.
fn good_entries() -> impl Strategy<Value = Entries> {
    proptest::collection::vec(
        proptest::sample::select(KEYS).prop_flat_map(|(section, key, kind)| {
            good_value(kind).prop_map(move |v| ((section.to_owned(), key.to_owned()), v))
        }),
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Known and unknown keys, sections and values of any type.
fn any_entries() -> impl Strategy<Value = Vec<((String, String), toml::Value)>> {
    let known = proptest::sample::select(KEYS).prop_flat_map(|(section, key, kind)| {
        (prop_oneof![good_value(kind), any_value().boxed()])
            .prop_map(move |v| ((section.to_owned(), key.to_owned()), v))
    });
    let unknown = (
        prop_oneof![
            proptest::sample::select(&["server", "store", "broker", "auth", "log", ""][..])
                .prop_map(str::to_owned),
            "[a-z_]{1,8}",
        ],
        prop_oneof!["[a-z_]{1,12}", text()],
        any_value(),
    )
        .prop_map(|(s, k, v)| ((s, k), v));
    proptest::collection::vec(prop_oneof![4 => known, 1 => unknown], 0..12)
}

fn key_toml(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_owned()
    } else {
        toml::Value::String(k.to_owned()).to_string()
    }
}

/// TOML text for the entries, each section once; an empty section name puts the key at the
/// top level.
fn render<'a>(
    entries: impl IntoIterator<Item = (&'a (String, String), &'a toml::Value)>,
) -> String {
    let mut sections: BTreeMap<&str, String> = BTreeMap::new();
    for ((section, key), value) in entries {
        sections
            .entry(section.as_str())
            .or_default()
            .push_str(&format!("{} = {value}\n", key_toml(key)));
    }
    let mut out = sections.remove("").unwrap_or_default();
    for (section, lines) in sections {
        out.push_str(&format!("[{}]\n{lines}", key_toml(section)));
    }
    out
}

/// Lines of TOML and of things that are not quite TOML.
const LINES: &[&str] = &[
    "[server]",
    "[store]",
    "[broker]",
    "[auth]",
    "[log]",
    "[[broker]]",
    "[broker.x]",
    "[",
    "]",
    "listen = \"127.0.0.1:1\"",
    "default_queues = 3",
    "default_queues = -3",
    "default_queues = 4294967296",
    "retry_backoff = [\"1s\"]",
    "retry_backoff = []",
    "retry_backoff = \"1s\"",
    "flush = \"sync\"",
    "flush_interval = \"0s\"",
    "max_body_size = 0",
    "enabled = true",
    "admin_access_key = \"a\"",
    "x = ",
    "= 1",
    "a.b.c = 1",
    "\"quoted key\" = 1",
    "key = 'unterminated",
    "key = \"\"\"",
    "key = 1979-05-27T07:32:00Z",
    "key = inf",
    "key = { a = 1 }",
    "# comment",
    "",
    "\u{feff}",
    "\r",
];

fn toml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(proptest::sample::select(LINES), 0..16)
            .prop_map(|l| l.join("\n")),
        any_entries().prop_map(|e| render(e.iter().map(|(k, v)| (k, v)))),
        // Valid text with a few bytes cut out.
        (good_entries(), any::<usize>(), 0usize..6).prop_map(|(e, at, len)| {
            let s = render(&e);
            let chars: Vec<char> = s.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + len).min(chars.len());
            chars[..at].iter().chain(&chars[end..]).collect()
        }),
    ]
}

/// `APOGEE_*` variables: known keys (upper or lower case), odd names, odd values.
fn env_vars() -> impl Strategy<Value = Vec<(String, String)>> {
    let value = prop_oneof![
        any_value().prop_map(|v| match v {
            toml::Value::String(s) => s,
            other => other.to_string(),
        }),
        text(),
        proptest::sample::select(&["[\"1s\", \"2s\"]", "{a=1}", "[", "\"", "1s", "true", ""][..])
            .prop_map(str::to_owned),
    ]
    .prop_map(|v: String| v.replace('\0', ""));
    let name = prop_oneof![
        (proptest::sample::select(KEYS), any::<bool>()).prop_map(|((s, k, _), upper)| {
            let n = format!("APOGEE_{s}__{k}");
            if upper { n.to_uppercase() } else { n }
        }),
        "APOGEE_[A-Z_]{0,12}",
        "APOGEE_[A-Z]{1,6}__[A-Z]{1,6}__[A-Z]{1,6}",
    ];
    proptest::collection::vec((name, value), 0..4)
}

fn flags() -> impl Strategy<Value = FlagOverrides> {
    (
        proptest::option::weighted(0.2, (any::<[u8; 4]>(), any::<u16>())),
        proptest::option::weighted(0.2, "[a-z/]{1,8}"),
        proptest::option::weighted(0.2, any::<bool>()),
        proptest::option::weighted(0.2, "[a-z/]{1,8}"),
    )
        .prop_map(|(listen, data_dir, flush, ready_file)| FlagOverrides {
            listen: listen.map(SocketAddr::from),
            data_dir: data_dir.map(PathBuf::from),
            flush: flush.map(|sync| {
                if sync {
                    FlushMode::Sync
                } else {
                    FlushMode::Async
                }
            }),
            ready_file: ready_file.map(PathBuf::from),
            ..FlagOverrides::default()
        })
}

// ---------------------------------------------------------------------------------------------
// Loading.

struct Loaded {
    first: Result<Config, ConfigError>,
    /// The loaded configuration written as TOML and loaded again (no environment, no flags).
    again: Option<Result<Config, ConfigError>>,
}

/// Loads `text` as the configuration file, with only `env` in the environment.
fn load(text: &str, env: &[(String, String)], flags: &FlagOverrides) -> Loaded {
    let mut out = None;
    figment::Jail::expect_with(|jail| {
        jail.create_file("apogee.toml", text)?;
        jail.clear_env();
        for (k, v) in env {
            jail.set_env(k, v);
        }
        let first = Config::load(Some(Path::new("apogee.toml")), flags);
        let mut again = None;
        if let Ok(c) = &first {
            jail.clear_env();
            // Values TOML cannot hold (integers above i64::MAX, from the environment) are left
            // out of the round trip.
            if let Ok(text) = toml::to_string(c) {
                jail.create_file("again.toml", &text)?;
                again = Some(Config::load(
                    Some(Path::new("again.toml")),
                    &FlagOverrides::default(),
                ));
            }
        }
        out = Some(Loaded { first, again });
        Ok(())
    });
    out.expect("the jail ran")
}

/// An error is one of the load kinds and says what is wrong.
fn check_error(e: &ConfigError) -> Result<(), TestCaseError> {
    let message = e.to_string();
    prop_assert!(message.len() > "configuration: ".len(), "{:?}", e);
    match e {
        ConfigError::Load(_) => {}
        ConfigError::Invalid(m) => prop_assert!(
            ["server.", "store.", "broker.", "auth."]
                .iter()
                .any(|s| m.contains(s)),
            "{} names no key",
            m
        ),
        ConfigError::MissingFile(p) => prop_assert!(false, "the file {:?} exists", p),
    }
    Ok(())
}

fn check_round_trip(loaded: &Loaded) -> Result<(), TestCaseError> {
    if let (Ok(first), Some(again)) = (&loaded.first, &loaded.again) {
        match again {
            Ok(again) => prop_assert_eq!(again, first),
            Err(e) => prop_assert!(false, "the loaded configuration does not load back: {}", e),
        }
    }
    Ok(())
}

fn parse_duration(v: &toml::Value) -> Option<std::time::Duration> {
    humantime::parse_duration(v.as_str()?).ok()
}

/// The loaded configuration holds `value` at `section.key`.
fn check_holds(
    config: &Config,
    section: &str,
    key: &str,
    value: &toml::Value,
) -> Result<(), TestCaseError> {
    let table = toml::Table::try_from(config).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let got = table.get(section).and_then(|s| s.get(key));
    let kind = KEYS
        .iter()
        .find(|(s, k, _)| *s == section && *k == key)
        .map(|(_, _, kind)| *kind);
    let got = got.ok_or_else(|| TestCaseError::fail(format!("{section}.{key} is missing")))?;
    match kind {
        Some(Kind::Duration) => prop_assert_eq!(parse_duration(got), parse_duration(value)),
        Some(Kind::DurationList) => {
            let list = |v: &toml::Value| {
                v.as_array()
                    .map(|a| a.iter().map(parse_duration).collect::<Vec<_>>())
            };
            prop_assert_eq!(list(got), list(value));
        }
        Some(Kind::Addr) => prop_assert_eq!(
            got.as_str().and_then(|s| s.parse::<SocketAddr>().ok()),
            value.as_str().and_then(|s| s.parse::<SocketAddr>().ok())
        ),
        _ => prop_assert_eq!(got, value, "{}.{}", section, key),
    }
    Ok(())
}

proptest! {
    /// Arbitrary text, environment and flags: `Ok` or a clear error, never a panic.
    #[test]
    fn arbitrary_input_loads_or_is_refused(
        text in toml_text(),
        env in env_vars(),
        flags in flags(),
    ) {
        let loaded = load(&text, &env, &flags);
        match &loaded.first {
            Ok(c) => {
                if let Some(l) = flags.listen {
                    prop_assert_eq!(c.server.listen, l);
                }
                if let Some(f) = flags.flush {
                    prop_assert_eq!(c.store.flush, f);
                }
                check_round_trip(&loaded)?;
            }
            Err(e) => check_error(e)?,
        }
    }

    /// Known keys with well-typed values: the file loads, or validation refuses it with the
    /// key's name; what loads holds every value given and loads back unchanged.
    #[test]
    fn well_typed_files_load_or_fail_validation(entries in good_entries()) {
        let loaded = load(&render(&entries), &[], &FlagOverrides::default());
        match &loaded.first {
            Ok(c) => {
                for ((section, key), value) in &entries {
                    check_holds(c, section, key, value)?;
                }
                check_round_trip(&loaded)?;
            }
            Err(e) => {
                prop_assert!(matches!(e, ConfigError::Invalid(_)), "{}\n{}", e, render(&entries));
                check_error(e)?;
            }
        }
    }

    /// The environment wins over the file.
    #[test]
    fn environment_overrides_the_file(file in good_entries(), env in good_entries()) {
        let vars: Vec<(String, String)> = env
            .iter()
            // Free text could read as a number or a list in a variable; keep to typed values.
            .filter(|((s, k), _)| {
                KEYS.iter().any(|(ks, kk, kind)| {
                    ks == s && kk == k && !matches!(kind, Kind::Text | Kind::Path)
                })
            })
            .map(|((s, k), v)| {
                let v = match v {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (format!("APOGEE_{}__{}", s.to_uppercase(), k.to_uppercase()), v)
            })
            .collect();
        let loaded = load(&render(&file), &vars, &FlagOverrides::default());
        match &loaded.first {
            Ok(c) => {
                for ((section, key), value) in &env {
                    if vars.iter().any(|(n, _)| *n == format!("APOGEE_{}__{}", section.to_uppercase(), key.to_uppercase())) {
                        check_holds(c, section, key, value)?;
                    }
                }
                check_round_trip(&loaded)?;
            }
            Err(e) => check_error(e)?,
        }
    }
}
