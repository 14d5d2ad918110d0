//! Property-based fuzzing of the request conversion layer (`src/convert.rs`): arbitrary v2
//! `apache.rocketmq.v2.Message`s (random topic names, tags, keys, property maps, message groups,
//! body encodings, message types, timestamps including negative and huge ones, random bytes)
//! convert to `Ok` or a typed, bounded `RequestError`, never a panic; valid ones keep every
//! field that matters, and a converted message sent back out (`stored_to_pb`) converts to the
//! same message. Filters, queues, offsets, durations and timestamps are fuzzed the same way.
//!
//! The case count comes from proptest's default config, so `PROPTEST_CASES` sets it (256 when
//! unset). A long run: `PROPTEST_CASES=1000000 cargo test --workspace fuzz_`.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use apogee_broker::{BrokerError, Delivery};
use apogee_proto::rocketmq::v2 as pb;
use apogee_proxy::RequestError;
use apogee_proxy::convert::{
    as_i64, delivery_to_pb, duration, filter, group_name, message_from_pb, offset_of, queue_of,
    stored_to_pb, timestamp, timestamp_ms, to_duration, topic_name,
};
use apogee_types::limits::{self, MessageLimits};
use apogee_types::{GroupName, Message, MessageType, StoredMessage, TopicName};
use bytes::Bytes;
use proptest::prelude::*;

/// Properties that schedule a message instead of being kept.
const SCHEDULE_KEYS: [&str; 4] = [
    "DELAY",
    "TIMER_DELAY_SEC",
    "TIMER_DELAY_MS",
    "TIMER_DELIVER_MS",
];
const DELAY_LEVELS_SECS: [i64; 18] = [
    1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200,
];
/// An error repeats user input only in bounded quotes.
const MAX_ERROR_LEN: usize = 512;

// ---------------------------------------------------------------------------------------------
// Strategies for arbitrary input.

fn interesting_i64() -> BoxedStrategy<i64> {
    (prop_oneof![
        proptest::sample::select(
            &[
                i64::MIN,
                i64::MIN + 1,
                i64::MIN + 999,
                -9_223_372_036_854_775,
                -9_223_372_036_854_776,
                -1_000,
                -1,
                0,
                1,
                999,
                1_000,
                1_700_000_000_000,
                9_223_372_036_854_775,
                9_223_372_036_854_776,
                i64::MAX - 1,
                i64::MAX,
            ][..]
        ),
        any::<i64>(),
        -10_000i64..10_000,
        (i64::MIN..i64::MIN + 2_000),
        (i64::MAX - 2_000..=i64::MAX),
    ])
    .boxed()
}

fn interesting_i32() -> BoxedStrategy<i32> {
    (prop_oneof![
        proptest::sample::select(
            &[
                i32::MIN,
                -1_000_000,
                -1,
                0,
                1,
                999_999_999,
                1_000_000_000,
                i32::MAX
            ][..]
        ),
        0i32..1_000_000_000,
        any::<i32>(),
    ])
    .boxed()
}

fn pb_timestamp() -> BoxedStrategy<prost_types::Timestamp> {
    (prop_oneof![
        (interesting_i64(), interesting_i32())
            .prop_map(|(seconds, nanos)| prost_types::Timestamp { seconds, nanos }),
        interesting_i64().prop_map(timestamp),
    ])
    .boxed()
}

fn text() -> BoxedStrategy<String> {
    (prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9_%|-]{0,12}",
        proptest::sample::select(&["", " ", "\t", "a|b", "\n", "tag\u{0}", "é", "%DLQ%g"][..])
            .prop_map(str::to_owned),
        (0usize..300).prop_map(|n| "x".repeat(n)),
    ])
    .boxed()
}

fn name() -> BoxedStrategy<String> {
    (prop_oneof![
        "[a-zA-Z0-9_-]{1,127}",
        "%(DLQ|RETRY)%[a-zA-Z0-9_-]{0,8}",
        "[a-z]{126,130}",
        text(),
    ])
    .boxed()
}

fn resource() -> BoxedStrategy<Option<pb::Resource>> {
    (proptest::option::weighted(
        0.95,
        (text(), name()).prop_map(|(resource_namespace, name)| pb::Resource {
            resource_namespace,
            name,
        }),
    ))
    .boxed()
}

fn property_key() -> BoxedStrategy<String> {
    (prop_oneof![
        proptest::sample::select(
            &[
                "DELAY",
                "TIMER_DELAY_SEC",
                "TIMER_DELAY_MS",
                "TIMER_DELIVER_MS",
                "UNIQ_KEY",
                "KEYS",
                "TAGS",
                "__STARTDELIVERTIME",
                "",
                " ",
                "k\n",
                "color",
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-zA-Z_]{1,10}",
        any::<String>(),
    ])
    .boxed()
}

fn property_value() -> BoxedStrategy<String> {
    (prop_oneof![
        interesting_i64().prop_map(|n| n.to_string()),
        (0i64..20).prop_map(|n| format!(" {n} ")),
        proptest::sample::select(&["", "abc", "1.5", "+3", "99999999999999999999"][..])
            .prop_map(str::to_owned),
        text(),
    ])
    .boxed()
}

fn gzip(data: &[u8]) -> Bytes {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("writes to a Vec");
    Bytes::from(e.finish().expect("writes to a Vec"))
}

/// A body and the encoding it claims: raw bytes, real GZIP (sometimes large, to pass a small
/// body limit once decoded), or GZIP with damage.
fn body() -> BoxedStrategy<(Bytes, i32)> {
    let encoding = prop_oneof![Just(0), Just(1), Just(2), interesting_i32(),];
    (prop_oneof![
        (proptest::collection::vec(any::<u8>(), 0..64), encoding)
            .prop_map(|(b, e)| (Bytes::from(b), e)),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(|b| (gzip(&b), 2)),
        (0usize..5000).prop_map(|n| (gzip(&vec![b'z'; n]), 2)),
        (
            proptest::collection::vec(any::<u8>(), 1..64),
            any::<usize>(),
            any::<u8>()
        )
            .prop_map(|(b, at, x)| {
                let mut z = gzip(&b).to_vec();
                let at = at % z.len();
                z[at] ^= x.max(1);
                z.truncate(z.len() - at % 3);
                (Bytes::from(z), 2)
            }),
    ])
    .boxed()
}

fn message_limits() -> BoxedStrategy<MessageLimits> {
    (prop_oneof![
        Just(MessageLimits::default()),
        (1usize..100, 0usize..5, 0usize..100, 0usize..5, 1usize..70).prop_map(
            |(
                max_body,
                max_properties,
                max_properties_bytes,
                max_keys,
                max_message_group_bytes,
            )| {
                MessageLimits {
                    max_body,
                    max_properties,
                    max_properties_bytes,
                    max_keys,
                    max_message_group_bytes,
                }
            }
        ),
    ])
    .boxed()
}

fn system_properties() -> BoxedStrategy<pb::SystemProperties> {
    ((
        (
            proptest::option::of(text()),
            proptest::collection::vec(text(), 0..6),
            prop_oneof![
                "[A-F0-9]{1,32}",
                text(),
                (127usize..131).prop_map(|n| "i".repeat(n))
            ],
            prop_oneof![(0i32..8), any::<i32>()],
            proptest::option::of(pb_timestamp()),
            proptest::option::of(pb_timestamp()),
        ),
        (
            proptest::option::of(text()),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
            any::<i32>(),
            proptest::option::of(any::<i64>()),
        ),
    )
        .prop_map(
            |(
                (tag, keys, message_id, message_type, born, delivery),
                (message_group, born_host, trace_context, receipt_handle, queue_id, queue_offset),
            )| pb::SystemProperties {
                tag,
                keys,
                message_id,
                message_type,
                born_timestamp: born,
                delivery_timestamp: delivery,
                message_group,
                born_host,
                trace_context,
                // Fields a server sets: a client may send anything in them.
                receipt_handle,
                queue_id,
                queue_offset,
                store_host: "elsewhere".into(),
                ..Default::default()
            },
        ))
    .boxed()
}

fn pb_message() -> BoxedStrategy<pb::Message> {
    ((
        resource(),
        proptest::collection::hash_map(property_key(), property_value(), 0..6),
        proptest::option::weighted(0.95, system_properties()),
        body(),
    )
        .prop_map(
            |(topic, user_properties, sp, (body, encoding))| pb::Message {
                topic,
                user_properties,
                system_properties: sp.map(|sp| pb::SystemProperties {
                    body_encoding: encoding,
                    ..sp
                }),
                body,
            },
        ))
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Strategies for valid input, with what conversion must produce.

#[derive(Debug, Clone)]
enum Schedule {
    Level(i64),
    DelaySec(i64),
    DelayMs(i64),
    DeliverAt(i64),
}

impl Schedule {
    fn property(&self, pad: bool) -> (String, String) {
        let (k, v) = match self {
            Schedule::Level(v) => ("DELAY", v),
            Schedule::DelaySec(v) => ("TIMER_DELAY_SEC", v),
            Schedule::DelayMs(v) => ("TIMER_DELAY_MS", v),
            Schedule::DeliverAt(v) => ("TIMER_DELIVER_MS", v),
        };
        let v = if pad {
            format!(" {v}\t")
        } else {
            v.to_string()
        };
        (k.to_owned(), v)
    }

    fn at(&self, now_ms: i64) -> i64 {
        match *self {
            Schedule::Level(l) => {
                let i = usize::try_from(l - 1).expect("levels are 1..=18");
                now_ms.saturating_add(DELAY_LEVELS_SECS[i] * 1000)
            }
            Schedule::DelaySec(s) => now_ms.saturating_add(s.saturating_mul(1000)),
            Schedule::DelayMs(ms) => now_ms.saturating_add(ms),
            Schedule::DeliverAt(at) => at,
        }
    }
}

fn schedule() -> BoxedStrategy<Schedule> {
    (prop_oneof![
        (1i64..=18).prop_map(Schedule::Level),
        interesting_i64().prop_map(Schedule::DelaySec),
        interesting_i64().prop_map(Schedule::DelayMs),
        interesting_i64().prop_map(Schedule::DeliverAt),
    ])
    .boxed()
}

#[derive(Debug, Clone)]
struct Valid {
    topic: String,
    message: pb::Message,
    /// The payload before any GZIP.
    payload: Vec<u8>,
    schedule: Option<Schedule>,
}

/// Printable text without `|` or control characters, not blank.
fn field() -> BoxedStrategy<String> {
    (prop_oneof!["[a-zA-Z0-9_.:-]{1,16}", "[a-z]{1,4} [a-zé]{1,4}"]).boxed()
}

fn valid() -> BoxedStrategy<Valid> {
    ((
        (
            "[a-zA-Z0-9_-]{1,127}",
            "[a-zA-Z0-9-]{1,32}",
            proptest::collection::vec(any::<u8>(), 1..256),
            any::<bool>(),
            proptest::option::of(field()),
            proptest::collection::vec(field(), 0..4),
        ),
        (
            proptest::collection::btree_map("[a-z]{1,8}", text(), 0..6),
            proptest::option::of((schedule(), any::<bool>())),
            proptest::sample::select(&[0, 1, 2, 3, 4][..]),
            proptest::option::of(pb_timestamp()),
            proptest::option::of(pb_timestamp()),
            proptest::option::of("[a-z0-9]{1,64}"),
            (text(), proptest::option::of(text())),
        ),
    )
        .prop_map(
            |(
                (topic, message_id, payload, gzipped, tag, keys),
                (props, sched, message_type, born, delivery, group, (born_host, trace)),
            )| {
                let mut user_properties: HashMap<String, String> = props.into_iter().collect();
                if let Some((s, pad)) = &sched {
                    let (k, v) = s.property(*pad);
                    user_properties.insert(k, v);
                }
                let (body, body_encoding) = if gzipped {
                    (gzip(&payload), pb::Encoding::Gzip as i32)
                } else {
                    (Bytes::from(payload.clone()), pb::Encoding::Identity as i32)
                };
                Valid {
                    topic: topic.clone(),
                    message: pb::Message {
                        topic: Some(pb::Resource {
                            resource_namespace: "ns".into(),
                            name: topic,
                        }),
                        user_properties,
                        system_properties: Some(pb::SystemProperties {
                            tag,
                            keys,
                            message_id,
                            body_encoding,
                            message_type,
                            born_timestamp: born,
                            delivery_timestamp: delivery,
                            message_group: group,
                            born_host,
                            trace_context: trace,
                            ..Default::default()
                        }),
                        body,
                    },
                    payload,
                    schedule: sched.map(|(s, _)| s),
                }
            },
        ))
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Checks.

/// The error kinds a message conversion may give.
fn is_message_error(e: &RequestError) -> bool {
    matches!(
        e,
        RequestError::Missing(_)
            | RequestError::MessageCorrupted(_)
            | RequestError::DeliveryTime(_)
            | RequestError::Unsupported(_)
            | RequestError::Broker(BrokerError::Name(_) | BrokerError::Field(_))
    )
}

/// What every converted message satisfies, whatever was sent.
fn check_converted(
    sent: &pb::Message,
    topic: &TopicName,
    m: &Message,
    limits: &MessageLimits,
) -> Result<(), TestCaseError> {
    let sp = sent
        .system_properties
        .as_ref()
        .ok_or_else(|| TestCaseError::fail("converted without system properties"))?;
    let resource = sent
        .topic
        .as_ref()
        .ok_or_else(|| TestCaseError::fail("converted without a topic"))?;
    prop_assert_eq!(topic.as_str(), resource.name.as_str());
    prop_assert!(TopicName::new(topic.as_str()).is_ok());
    prop_assert_eq!(&m.message_id, &sp.message_id);
    prop_assert!(limits::check_message_id(&m.message_id).is_ok());
    prop_assert!(!m.body.is_empty() && m.body.len() <= limits.max_body);
    if sp.body_encoding != pb::Encoding::Gzip as i32 {
        prop_assert_eq!(&m.body, &sent.body);
    }
    prop_assert_eq!(&m.tag, &sp.tag);
    if let Some(tag) = &m.tag {
        prop_assert!(limits::check_tag(tag).is_ok());
    }
    prop_assert_eq!(&m.keys, &sp.keys);
    prop_assert!(m.keys.len() <= limits.max_keys);
    prop_assert_eq!(&m.message_group, &sp.message_group);
    prop_assert_eq!(&m.born_host, &sp.born_host);
    prop_assert_eq!(&m.trace_context, &sp.trace_context);
    prop_assert_eq!(
        m.born_timestamp_ms,
        sp.born_timestamp.as_ref().map_or(0, timestamp_ms)
    );
    // User properties: what was sent, less the scheduling ones, sorted.
    let mut kept: Vec<(String, String)> = sent
        .user_properties
        .iter()
        .filter(|(k, _)| !SCHEDULE_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    kept.sort();
    prop_assert_eq!(&m.user_properties, &kept);
    prop_assert!(m.user_properties.len() <= limits.max_properties);
    for (k, _) in &m.user_properties {
        prop_assert!(limits::check_property_key(k).is_ok(), "{:?} was kept", k);
    }
    let scheduled = SCHEDULE_KEYS
        .iter()
        .any(|k| sent.user_properties.contains_key(*k));
    if let Some(t) = &sp.delivery_timestamp {
        prop_assert_eq!(m.delivery_timestamp_ms, Some(timestamp_ms(t)));
    } else if !scheduled {
        prop_assert_eq!(m.delivery_timestamp_ms, None);
    }
    // Only the four types the broker knows come out; LITE and PRIORITY are refused.
    let declared = pb::MessageType::try_from(sp.message_type);
    match declared {
        Ok(pb::MessageType::Unspecified | pb::MessageType::Normal) if scheduled => {
            prop_assert_eq!(m.message_type, Some(MessageType::Delay));
        }
        Ok(pb::MessageType::Unspecified) => prop_assert_eq!(m.message_type, None),
        Ok(pb::MessageType::Normal) => prop_assert_eq!(m.message_type, Some(MessageType::Normal)),
        Ok(pb::MessageType::Fifo) => prop_assert_eq!(m.message_type, Some(MessageType::Fifo)),
        Ok(pb::MessageType::Delay) => prop_assert_eq!(m.message_type, Some(MessageType::Delay)),
        Ok(pb::MessageType::Transaction) => {
            prop_assert_eq!(m.message_type, Some(MessageType::Transaction));
        }
        other => prop_assert!(false, "message type {:?} was accepted", other),
    }
    Ok(())
}

fn stored(topic: &TopicName, m: Message, queue_id: u32, queue_offset: u64) -> StoredMessage {
    StoredMessage {
        topic: topic.as_str().to_owned(),
        queue_id,
        queue_offset,
        log_offset: 0,
        store_timestamp_ms: 1_700_000_000_000,
        message: m,
        // Records from before the digest was stored: the conversion computes it.
        body_md5: None,
    }
}

proptest! {
    /// Any message converts to `Ok` or a typed, bounded error; an `Ok` keeps what was sent.
    #[test]
    fn arbitrary_messages_convert_or_are_refused(
        m in pb_message(),
        limits in message_limits(),
        now_ms in interesting_i64(),
    ) {
        match message_from_pb(m.clone(), &limits, now_ms) {
            Ok((topic, converted)) => check_converted(&m, &topic, &converted, &limits)?,
            Err(e) => {
                prop_assert!(is_message_error(&e), "unexpected error kind {:?}", e);
                prop_assert!(e.to_string().len() <= MAX_ERROR_LEN, "{} bytes: {}", e.to_string().len(), e);
            }
        }
    }

    /// Valid messages convert, and every field that matters survives.
    #[test]
    fn valid_messages_keep_their_fields(v in valid(), now_ms in interesting_i64()) {
        let limits = MessageLimits::default();
        let (topic, m) = message_from_pb(v.message.clone(), &limits, now_ms)
            .map_err(|e| TestCaseError::fail(format!("refused: {e}")))?;
        check_converted(&v.message, &topic, &m, &limits)?;
        prop_assert_eq!(topic.as_str(), v.topic.as_str());
        prop_assert_eq!(&m.body[..], &v.payload[..]);
        let sp = v.message.system_properties.as_ref().expect("valid() sets them");
        let want = match (&sp.delivery_timestamp, &v.schedule) {
            (Some(t), _) => Some(timestamp_ms(t)),
            (None, Some(s)) => Some(s.at(now_ms)),
            (None, None) => None,
        };
        prop_assert_eq!(m.delivery_timestamp_ms, want);
    }

    /// A converted message, handed back to a client and sent again, is the same message (an
    /// unspecified type is delivered as NORMAL).
    #[test]
    fn delivered_messages_convert_back_unchanged(
        m in pb_message(),
        v in valid(),
        limits in message_limits(),
        now_ms in interesting_i64(),
        queue_id in any::<u32>(),
        queue_offset in any::<u64>(),
    ) {
        for (sent, limits) in [(m, limits), (v.message, MessageLimits::default())] {
            let Ok((topic, first)) = message_from_pb(sent, &limits, now_ms) else {
                continue;
            };
            let out = stored_to_pb(stored(&topic, first.clone(), queue_id, queue_offset), "h:1", topic.as_str());
            let sp = out.system_properties.as_ref().expect("always set");
            prop_assert!(sp.dead_letter_queue.is_none());
            prop_assert_eq!(sp.queue_offset, Some(i64::try_from(queue_offset).unwrap_or(i64::MAX)));
            prop_assert_eq!(&sp.body_digest.as_ref().expect("always set").checksum, &apogee_types::body_md5_hex(&first.body));
            let (topic_again, again) = message_from_pb(out, &limits, now_ms)
                .map_err(|e| TestCaseError::fail(format!("refused when sent back: {e}")))?;
            prop_assert_eq!(&topic_again, &topic);
            let want = Message {
                message_type: first.message_type.or(Some(MessageType::Normal)),
                ..first
            };
            prop_assert_eq!(again, want);
        }
    }

    /// Deliveries carry their handle and attempt; a dead-letter read names the original topic.
    #[test]
    fn deliveries_carry_handle_attempt_and_origin(
        v in valid(),
        handle in any::<String>(),
        attempt in any::<u32>(),
        read_dlq in any::<bool>(),
    ) {
        let (topic, m) = message_from_pb(v.message, &MessageLimits::default(), 0)
            .map_err(|e| TestCaseError::fail(format!("refused: {e}")))?;
        let read = if read_dlq { "%DLQ%g".to_owned() } else { topic.as_str().to_owned() };
        let d = Delivery {
            message: stored(&topic, m.clone(), 0, 0),
            receipt_handle: handle.clone(),
            attempt,
            invisible_until_ms: 0,
        };
        let out = delivery_to_pb(d, "h:1", &read);
        let sp = out.system_properties.expect("always set");
        prop_assert_eq!(out.topic.expect("always set").name, read);
        prop_assert_eq!(sp.receipt_handle, Some(handle));
        prop_assert_eq!(sp.delivery_attempt, Some(i32::try_from(attempt).unwrap_or(i32::MAX)));
        match sp.dead_letter_queue {
            Some(dlq) => {
                prop_assert!(read_dlq);
                prop_assert_eq!(dlq.topic, topic.as_str());
                prop_assert_eq!(dlq.message_id, m.message_id);
            }
            None => prop_assert!(!read_dlq),
        }
    }

    /// Subscription expressions: tags always compile, SQL as `Filter::sql` says, unknown types
    /// are refused; never a panic, and errors stay bounded.
    #[test]
    fn filter_expressions_convert_or_are_refused(
        kind in prop_oneof![0i32..4, any::<i32>()],
        expression in prop_oneof![
            any::<String>(),
            "[a-z ()=<>'|*0-9]{0,40}",
            proptest::sample::select(&["*", "", "a || b", "a > 1", "TAGS IN ('a')", "a >"][..])
                .prop_map(str::to_owned),
            (0usize..5000).prop_map(|n| "x".repeat(n)),
        ],
    ) {
        let got = filter(Some(pb::FilterExpression { r#type: kind, expression: expression.clone() }));
        match pb::FilterType::try_from(kind) {
            Ok(pb::FilterType::Tag | pb::FilterType::Unspecified) => prop_assert!(got.is_ok()),
            Ok(pb::FilterType::Sql) => {
                prop_assert_eq!(got.is_ok(), apogee_broker::Filter::sql(&expression).is_ok());
            }
            Err(_) => prop_assert!(matches!(got, Err(RequestError::FilterExpression(_)))),
        }
        if let Err(e) = got {
            prop_assert!(matches!(e, RequestError::FilterExpression(_)));
            // The expression is quoted, bounded; the parser's message may name one token of
            // an expression that is itself at most 4096 bytes.
            prop_assert!(e.to_string().len() <= 4096 + MAX_ERROR_LEN, "{}", e);
        }
        prop_assert!(filter(None).is_ok());
    }

    /// Queue, topic and group names, offsets: `Ok` exactly when valid.
    #[test]
    fn queues_names_and_offsets(
        topic in resource(),
        group in resource(),
        id in interesting_i32(),
        offset in interesting_i64(),
    ) {
        let q = pb::MessageQueue { topic: topic.clone(), id, ..Default::default() };
        let valid_topic = topic.as_ref().is_some_and(|r| TopicName::new(&r.name).is_ok());
        match queue_of(Some(&q)) {
            Ok((t, qid)) => {
                prop_assert!(valid_topic && id >= 0);
                prop_assert_eq!(Some(t.as_str()), topic.as_ref().map(|r| r.name.as_str()));
                prop_assert_eq!(i64::from(qid), i64::from(id));
            }
            Err(e) => {
                prop_assert!(!valid_topic || id < 0);
                prop_assert!(e.to_string().len() <= MAX_ERROR_LEN);
            }
        }
        prop_assert!(matches!(queue_of(None), Err(RequestError::Missing(_))));
        prop_assert_eq!(topic_name(topic.as_ref()).is_ok(), valid_topic);
        let valid_group = group.as_ref().is_some_and(|r| GroupName::new(&r.name).is_ok());
        prop_assert_eq!(group_name(group.as_ref()).is_ok(), valid_group);
        match offset_of(offset, 0) {
            Ok(o) => {
                prop_assert!(offset >= 0);
                prop_assert_eq!(as_i64(o), offset);
            }
            Err(e) => {
                prop_assert!(offset < 0);
                prop_assert!(matches!(e, RequestError::Offset(_)));
            }
        }
    }

    /// Milliseconds ⇄ protobuf timestamps round-trip for every i64, and timestamps are
    /// normalised (nanos in 0..1e9).
    #[test]
    fn timestamps_round_trip(ms in interesting_i64(), t in pb_timestamp()) {
        let ts = timestamp(ms);
        prop_assert!((0..1_000_000_000).contains(&ts.nanos), "{:?}", ts);
        prop_assert_eq!(timestamp_ms(&ts), ms, "{:?}", ts);
        // Any timestamp, however out of range, gives some millisecond value without panicking,
        // and that value maps back to itself.
        let ms = timestamp_ms(&t);
        prop_assert_eq!(timestamp_ms(&timestamp(ms)), ms);
    }

    /// Negative durations are refused; others round-trip.
    #[test]
    fn durations(
        seconds in interesting_i64(),
        nanos in interesting_i32(),
        secs in any::<u64>(),
        subsec in 0u32..1_000_000_000,
    ) {
        let d = Duration::new(secs, subsec);
        let pd = prost_types::Duration { seconds, nanos };
        match to_duration(&pd) {
            Some(got) => {
                prop_assert!(seconds >= 0 && nanos >= 0);
                let want = u128::try_from(seconds).expect("checked") * 1_000_000_000
                    + u128::try_from(nanos).expect("checked");
                prop_assert_eq!(got.as_nanos(), want);
            }
            None => prop_assert!(seconds < 0 || nanos < 0),
        }
        let back = duration(d);
        if i64::try_from(d.as_secs()).is_ok() {
            prop_assert_eq!(to_duration(&back), Some(d));
        } else {
            prop_assert_eq!(back.seconds, i64::MAX);
        }
    }
}
