//! Conversions between v2 protobuf messages and domain types. Requests are validated here, once,
//! on the way in; the broker never sees prost types.

use std::io::Read;
use std::time::Duration;

use apogee_broker::{BrokerError, Delivery};
use apogee_proto::rocketmq::v2 as pb;
use apogee_types::{GroupName, Message, MessageType, TopicName, limits, quote};
use bytes::Bytes;

use crate::RequestError;

/// Milliseconds since the epoch as a protobuf timestamp.
pub fn timestamp(ms: i64) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: ms.div_euclid(1000),
        nanos: i32::try_from(ms.rem_euclid(1000) * 1_000_000).unwrap_or(0),
    }
}

/// A protobuf timestamp as milliseconds since the epoch (clamped to the i64 range).
pub fn timestamp_ms(t: &prost_types::Timestamp) -> i64 {
    // Computed in i128 and clamped once: saturating the seconds first dropped the sub-second
    // part near i64::MIN, so `timestamp_ms(&timestamp(ms)) != ms` for the lowest ~800 ms
    // values and a message with such a born or delivery time changed when delivered and sent
    // back (found by `tests/fuzz_convert.rs`).
    let ms = i128::from(t.seconds) * 1000 + i128::from(t.nanos) / 1_000_000;
    i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX })
}

pub fn duration(d: Duration) -> prost_types::Duration {
    prost_types::Duration {
        seconds: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        nanos: i32::try_from(d.subsec_nanos()).unwrap_or(0),
    }
}

/// A protobuf duration; negative durations are refused.
pub fn to_duration(d: &prost_types::Duration) -> Option<Duration> {
    if d.seconds < 0 || d.nanos < 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(d.seconds).ok()?,
        u32::try_from(d.nanos).ok()?,
    ))
}

/// The topic named by a resource; the namespace is ignored, as the reference proxy does.
pub fn topic_name(r: Option<&pb::Resource>) -> Result<TopicName, RequestError> {
    let r = r.ok_or(RequestError::Missing("topic"))?;
    Ok(TopicName::new(&r.name)?)
}

pub fn group_name(r: Option<&pb::Resource>) -> Result<GroupName, RequestError> {
    let r = r.ok_or(RequestError::Missing("group"))?;
    Ok(GroupName::new(&r.name)?)
}

pub fn message_type_to_pb(t: MessageType) -> pb::MessageType {
    match t {
        MessageType::Normal => pb::MessageType::Normal,
        MessageType::Fifo => pb::MessageType::Fifo,
        MessageType::Delay => pb::MessageType::Delay,
        MessageType::Transaction => pb::MessageType::Transaction,
    }
}

fn message_type_from_pb(code: i32) -> Result<Option<MessageType>, RequestError> {
    match pb::MessageType::try_from(code) {
        Ok(pb::MessageType::Unspecified) => Ok(None),
        Ok(pb::MessageType::Normal) => Ok(Some(MessageType::Normal)),
        Ok(pb::MessageType::Fifo) => Ok(Some(MessageType::Fifo)),
        Ok(pb::MessageType::Delay) => Ok(Some(MessageType::Delay)),
        Ok(pb::MessageType::Transaction) => Ok(Some(MessageType::Transaction)),
        Ok(t @ (pb::MessageType::Lite | pb::MessageType::Priority)) => Err(
            RequestError::Unsupported(format!("{} messages are not supported", t.as_str_name())),
        ),
        Err(_) => Err(RequestError::MessageCorrupted(format!(
            "unknown message type {code}"
        ))),
    }
}

/// Validates a sent message and converts it. Returns its topic too.
pub fn message_from_pb(
    m: pb::Message,
    limits: &limits::MessageLimits,
    now_ms: i64,
) -> Result<(TopicName, Message), RequestError> {
    let topic = topic_name(m.topic.as_ref())?;
    let sp = m
        .system_properties
        .ok_or(RequestError::Missing("system_properties"))?;
    limits::check_message_id(&sp.message_id)?;
    let body = decode_body(m.body, sp.body_encoding, limits.max_body)?;
    let mut user_properties: Vec<(String, String)> = m.user_properties.into_iter().collect();
    user_properties.sort();
    let scheduled = take_schedule_properties(&mut user_properties, now_ms)?;
    let message = Message {
        message_id: sp.message_id,
        body,
        tag: sp.tag,
        keys: sp.keys,
        user_properties,
        message_type: match (message_type_from_pb(sp.message_type)?, scheduled) {
            // A schedule given as a property makes a message declared NORMAL a DELAY message.
            (None | Some(MessageType::Normal), Some(_)) => Some(MessageType::Delay),
            (t, _) => t,
        },
        message_group: sp.message_group,
        delivery_timestamp_ms: sp
            .delivery_timestamp
            .as_ref()
            .map(timestamp_ms)
            .or(scheduled),
        born_timestamp_ms: sp.born_timestamp.as_ref().map_or(0, timestamp_ms),
        born_host: sp.born_host,
        trace_context: sp.trace_context,
    };
    check_message(&message, limits)?;
    Ok((topic, message))
}

/// The limits every message meets before the broker stores it, whichever API brought it.
pub fn check_message(m: &Message, limits: &limits::MessageLimits) -> Result<(), RequestError> {
    limits::check_message_id(&m.message_id)?;
    limits::check_body(m.body.len(), limits.max_body)?;
    if let Some(tag) = &m.tag {
        limits::check_tag(tag)?;
    }
    for key in &m.keys {
        limits::check_key(key)?;
    }
    if let Some(group) = &m.message_group {
        limits::check_message_group(group, limits.max_message_group_bytes)?;
    }
    for (k, _) in &m.user_properties {
        limits::check_property_key(k)?;
    }
    limits::check_properties_size(&m.user_properties, m.tag.as_deref(), &m.keys, limits)?;
    Ok(())
}

/// RocketMQ's delay levels 1..=18, in seconds.
const DELAY_LEVELS_SECS: [i64; 18] = [
    1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200,
];

/// Takes the scheduling properties other RocketMQ clients use (`DELAY` = a level 1–18,
/// `TIMER_DELAY_SEC`, `TIMER_DELAY_MS`, `TIMER_DELIVER_MS`) out of the user properties and
/// returns the delivery time they ask for.
fn take_schedule_properties(
    props: &mut Vec<(String, String)>,
    now_ms: i64,
) -> Result<Option<i64>, RequestError> {
    let mut at = None;
    let mut rest = Vec::with_capacity(props.len());
    for (k, v) in props.drain(..) {
        let parsed = |what: &str| {
            v.trim().parse::<i64>().map_err(|_| {
                RequestError::DeliveryTime(format!("{k} = {} is not {what}", quote(&v)))
            })
        };
        let when = match k.as_str() {
            "DELAY" => {
                let level = parsed("a delay level")?;
                let secs = usize::try_from(level)
                    .ok()
                    .and_then(|l| l.checked_sub(1))
                    .and_then(|i| DELAY_LEVELS_SECS.get(i))
                    .ok_or_else(|| {
                        RequestError::DeliveryTime(format!("delay level {level} is not in 1..=18"))
                    })?;
                now_ms.saturating_add(secs * 1000)
            }
            "TIMER_DELAY_SEC" => {
                now_ms.saturating_add(parsed("a number of seconds")?.saturating_mul(1000))
            }
            "TIMER_DELAY_MS" => now_ms.saturating_add(parsed("a number of milliseconds")?),
            "TIMER_DELIVER_MS" => parsed("a time in milliseconds")?,
            _ => {
                rest.push((k, v));
                continue;
            }
        };
        if at.replace(when).is_some() {
            return Err(RequestError::DeliveryTime(
                "give one of DELAY, TIMER_DELAY_SEC, TIMER_DELAY_MS, TIMER_DELIVER_MS".into(),
            ));
        }
    }
    *props = rest;
    Ok(at)
}

/// Stores bodies uncompressed: every client can read IDENTITY, not every client can GZIP.
fn decode_body(body: Bytes, encoding: i32, max_body: usize) -> Result<Bytes, RequestError> {
    match pb::Encoding::try_from(encoding) {
        Ok(pb::Encoding::Gzip) => {
            let mut out = Vec::new();
            let limit = u64::try_from(max_body)
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            flate2::read::GzDecoder::new(&body[..])
                .take(limit)
                .read_to_end(&mut out)
                .map_err(|e| {
                    RequestError::MessageCorrupted(format!("GZIP body does not decode: {e}"))
                })?;
            Ok(Bytes::from(out))
        }
        Ok(_) => Ok(body),
        Err(_) => Err(RequestError::MessageCorrupted(format!(
            "unknown body encoding {encoding}"
        ))),
    }
}

/// A subscription expression: tags, or SQL92 (refused with the position of the error).
pub fn filter(f: Option<pb::FilterExpression>) -> Result<apogee_broker::Filter, RequestError> {
    let Some(f) = f else {
        return Ok(apogee_broker::Filter::all());
    };
    match pb::FilterType::try_from(f.r#type) {
        Ok(pb::FilterType::Tag | pb::FilterType::Unspecified) => {
            Ok(apogee_broker::Filter::tag(&f.expression))
        }
        Ok(pb::FilterType::Sql) => apogee_broker::Filter::sql(&f.expression).map_err(|e| {
            RequestError::FilterExpression(format!("SQL92 expression {} {e}", quote(&f.expression)))
        }),
        Err(_) => Err(RequestError::FilterExpression(format!(
            "unknown filter type {}",
            f.r#type
        ))),
    }
}

/// A delivered message as official clients expect it (see the digest, §5.8). `read_topic` is
/// the topic the consumer read: for a dead-letter topic the message keeps its original topic
/// and id in `dead_letter_queue`.
pub fn delivery_to_pb(d: Delivery, store_host: &str, read_topic: &str) -> pb::Message {
    let mut m = stored_to_pb(d.message, store_host, read_topic);
    if let Some(sp) = m.system_properties.as_mut() {
        sp.receipt_handle = Some(d.receipt_handle);
        sp.delivery_attempt = Some(i32::try_from(d.attempt).unwrap_or(i32::MAX));
    }
    m
}

/// A stored message as a v2 message (pull consumers get it without a receipt handle).
pub fn stored_to_pb(
    s: apogee_types::StoredMessage,
    store_host: &str,
    read_topic: &str,
) -> pb::Message {
    let checksum = s.body_md5_hex();
    let m = s.message;
    let message_id = m.message_id;
    let system_properties = pb::SystemProperties {
        tag: m.tag,
        keys: m.keys,
        message_id: message_id.clone(),
        body_digest: Some(pb::Digest {
            r#type: pb::DigestType::Md5 as i32,
            checksum,
        }),
        body_encoding: pb::Encoding::Identity as i32,
        message_type: message_type_to_pb(m.message_type.unwrap_or(MessageType::Normal)) as i32,
        born_timestamp: Some(timestamp(m.born_timestamp_ms)),
        born_host: m.born_host,
        store_timestamp: Some(timestamp(s.store_timestamp_ms)),
        store_host: store_host.to_owned(),
        delivery_timestamp: m.delivery_timestamp_ms.map(timestamp),
        receipt_handle: None,
        queue_id: i32::try_from(s.queue_id).unwrap_or(i32::MAX),
        queue_offset: Some(i64::try_from(s.queue_offset).unwrap_or(i64::MAX)),
        invisible_duration: None,
        delivery_attempt: None,
        message_group: m.message_group,
        trace_context: m.trace_context,
        orphaned_transaction_recovery_duration: None,
        dead_letter_queue: (read_topic != s.topic).then(|| pb::DeadLetterQueue {
            topic: s.topic.clone(),
            message_id: message_id.clone(),
        }),
        lite_topic: None,
        priority: None,
    };
    pb::Message {
        topic: Some(pb::Resource {
            resource_namespace: String::new(),
            name: read_topic.to_owned(),
        }),
        user_properties: m.user_properties.into_iter().collect(),
        system_properties: Some(system_properties),
        body: m.body,
    }
}

/// The scheme an address implies, for echoing endpoints with an explicit scheme.
pub fn scheme_of(host: &str) -> pb::AddressScheme {
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => pb::AddressScheme::IPv4,
        Ok(std::net::IpAddr::V6(_)) => pb::AddressScheme::IPv6,
        Err(_) => pb::AddressScheme::DomainName,
    }
}

/// Topic and queue id of a request's message queue.
pub fn queue_of(q: Option<&pb::MessageQueue>) -> Result<(TopicName, u32), RequestError> {
    let q = q.ok_or(RequestError::Missing("message_queue"))?;
    let topic = topic_name(q.topic.as_ref())?;
    let id = u32::try_from(q.id)
        .map_err(|_| BrokerError::InvalidArgument(format!("queue id {} is negative", q.id)))?;
    Ok((topic, id))
}

/// The broker a message queue names, if any (a proxy in a cluster routes by it).
pub fn broker_of(q: Option<&pb::MessageQueue>) -> Option<&str> {
    q.and_then(|q| q.broker.as_ref())
        .map(|b| b.name.as_str())
        .filter(|n| !n.is_empty())
}

/// A non-negative offset.
pub fn offset_of(o: i64, queue_id: u32) -> Result<u64, RequestError> {
    u64::try_from(o).map_err(|_| {
        RequestError::Offset(format!(
            "offset {o} of queue {queue_id} is negative; offsets start at 0"
        ))
    })
}

/// An offset as the wire's i64.
pub fn as_i64(o: u64) -> i64 {
    i64::try_from(o).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        for ms in [0, 1, 999, 1_700_000_000_123, -1] {
            assert_eq!(timestamp_ms(&timestamp(ms)), ms);
        }
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme_of("127.0.0.1"), pb::AddressScheme::IPv4);
        assert_eq!(scheme_of("::1"), pb::AddressScheme::IPv6);
        assert_eq!(scheme_of("broker.local"), pb::AddressScheme::DomainName);
    }
}
