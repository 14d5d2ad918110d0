//! Output of the admin CLI: aligned tables for people, JSON (`--json`) for scripts.

use apogee_proto::admin::v1 as pb;
use serde_json::{Value, json};

use super::CliError;

fn type_names(types: &[i32]) -> Vec<String> {
    types
        .iter()
        .map(|t| {
            pb::MessageType::try_from(*t)
                .map_or_else(|_| t.to_string(), |m| m.as_str_name().to_owned())
        })
        .collect()
}

pub(super) fn topic_json(t: &pb::TopicInfo) -> Value {
    json!({
        "name": t.name, "id": t.id, "queues": t.queues, "message_types": type_names(&t.message_types),
        "auto_created": t.auto_created, "system": t.system, "created_at_ms": t.created_at_ms,
        "permission": perm_name(t.permission), "retention_ms": t.retention_ms,
    })
}

fn perm_name(code: i32) -> &'static str {
    match pb::Permission::try_from(code) {
        Ok(pb::Permission::Read) => "r",
        Ok(pb::Permission::Write) => "w",
        Ok(pb::Permission::None) => "none",
        _ => "rw",
    }
}

pub(super) fn topics(topics: &[pb::TopicInfo], as_json: bool) -> Result<String, CliError> {
    if as_json {
        return Ok(serde_json::to_string_pretty(
            &topics.iter().map(topic_json).collect::<Vec<_>>(),
        )?);
    }
    let mut out = String::from("NAME                             QUEUES  PERM  RETENTION  TYPES\n");
    for t in topics {
        let retention = if t.retention_ms == 0 {
            "broker".to_owned()
        } else {
            humantime::format_duration(std::time::Duration::from_millis(t.retention_ms)).to_string()
        };
        out.push_str(&format!(
            "{:<32} {:<7} {:<5} {:<10} {}\n",
            t.name,
            t.queues,
            perm_name(t.permission),
            retention,
            type_names(&t.message_types).join(",")
        ));
    }
    Ok(out)
}

pub(super) fn describe_topic(
    r: &pb::DescribeTopicResponse,
    as_json: bool,
) -> Result<String, CliError> {
    if as_json {
        let queues: Vec<_> = r
            .queues
            .iter()
            .map(|q| json!({"broker": q.broker, "queue_id": q.queue_id, "min_offset": q.min_offset, "max_offset": q.max_offset}))
            .collect();
        return Ok(serde_json::to_string_pretty(
            &json!({"topic": r.topic.as_ref().map(topic_json), "queues": queues}),
        )?);
    }
    let mut out = topics(r.topic.as_slice(), false)?;
    out.push_str("\nBROKER            QUEUE  MIN_OFFSET  MAX_OFFSET\n");
    for q in &r.queues {
        out.push_str(&format!(
            "{:<16}  {:<5}  {:<10}  {}\n",
            q.broker, q.queue_id, q.min_offset, q.max_offset
        ));
    }
    Ok(out)
}

pub(super) fn groups(groups: &[pb::GroupInfo], as_json: bool) -> Result<String, CliError> {
    if as_json {
        let v: Vec<_> = groups
            .iter()
            .map(|g| {
                json!({
                    "name": g.name, "id": g.id, "fifo": g.fifo, "broadcast": g.broadcast,
                    "start_policy": g.start_policy, "start_ms": g.start_ms,
                    "max_delivery_attempts": g.max_delivery_attempts, "retry_backoff_ms": g.retry_backoff_ms,
                    "created_at_ms": g.created_at_ms, "in_flight": g.in_flight,
                })
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&v)?);
    }
    let mut out = String::from(
        "NAME                             FIFO   BROADCAST  START      MAX_ATTEMPTS  IN_FLIGHT\n",
    );
    for g in groups {
        out.push_str(&format!(
            "{:<32} {:<6} {:<10} {:<10} {:<13} {}\n",
            g.name, g.fifo, g.broadcast, g.start_policy, g.max_delivery_attempts, g.in_flight
        ));
    }
    Ok(out)
}

pub(super) fn group_offsets(
    r: &pb::DescribeGroupOffsetsResponse,
    as_json: bool,
) -> Result<String, CliError> {
    if as_json {
        let queues: Vec<_> = r
            .queues
            .iter()
            .map(|q| {
                json!({"broker": q.broker, "queue_id": q.queue_id, "min_offset": q.min_offset, "max_offset": q.max_offset,
                       "group_offset": q.group_offset, "lag": q.lag, "in_flight": q.in_flight})
            })
            .collect();
        return Ok(serde_json::to_string_pretty(
            &json!({"queues": queues, "retry_backlog": r.retry_backlog}),
        )?);
    }
    let mut out = String::from(
        "BROKER            QUEUE  MIN_OFFSET  MAX_OFFSET  GROUP_OFFSET  LAG       IN_FLIGHT\n",
    );
    for q in &r.queues {
        let group = q
            .group_offset
            .map_or_else(|| "-".to_owned(), |o| o.to_string());
        out.push_str(&format!(
            "{:<16}  {:<5}  {:<10}  {:<10}  {:<12}  {:<8}  {}\n",
            q.broker, q.queue_id, q.min_offset, q.max_offset, group, q.lag, q.in_flight
        ));
    }
    out.push_str(&format!("retry backlog: {}\n", r.retry_backlog));
    Ok(out)
}

pub(super) fn reset(r: &pb::ResetOffsetResponse, as_json: bool) -> Result<String, CliError> {
    if as_json {
        let v: Vec<_> = r
            .queues
            .iter()
            .map(|q| json!({"broker": q.broker, "queue_id": q.queue_id, "from": q.from_offset, "to": q.to_offset}))
            .collect();
        return Ok(serde_json::to_string_pretty(&v)?);
    }
    let mut out = String::from("BROKER            QUEUE  FROM        TO\n");
    for q in &r.queues {
        let from = q
            .from_offset
            .map_or_else(|| "-".to_owned(), |o| o.to_string());
        out.push_str(&format!(
            "{:<16}  {:<5}  {:<10}  {}\n",
            q.broker, q.queue_id, from, q.to_offset
        ));
    }
    Ok(out)
}

pub(super) fn dlq(r: &pb::ListDlqMessagesResponse, as_json: bool) -> Result<String, CliError> {
    if as_json {
        let v: Vec<_> = r
            .messages
            .iter()
            .map(|m| {
                json!({"offset": m.offset, "message_id": m.message_id, "original_topic": m.original_topic,
                       "tag": m.tag, "keys": m.keys, "properties": m.properties, "body_size": m.body_size,
                       "store_time_ms": m.store_time_ms, "dead_lettered_ms": m.dead_lettered_ms,
                       "message_group": m.message_group})
            })
            .collect();
        return Ok(serde_json::to_string_pretty(
            &json!({"messages": v, "next_offset": r.next_offset}),
        )?);
    }
    let mut out = String::from(
        "OFFSET  MESSAGE_ID                          TOPIC                 TAG       SIZE\n",
    );
    for m in &r.messages {
        out.push_str(&format!(
            "{:<6}  {:<34}  {:<20}  {:<8}  {}\n",
            m.offset,
            m.message_id,
            m.original_topic,
            m.tag.as_deref().unwrap_or("-"),
            m.body_size
        ));
    }
    Ok(out)
}

pub(super) fn messages(messages: &[pb::MessageView], as_json: bool) -> Result<String, CliError> {
    if as_json {
        let v: Vec<_> = messages
            .iter()
            .map(|m| {
                let groups: Vec<_> = m
                    .groups
                    .iter()
                    .map(|g| json!({"group": g.group, "state": g.state, "attempt": g.attempt,
                                    "consumed_instances": g.consumed_instances, "instances": g.instances}))
                    .collect();
                json!({
                    "message_id": m.message_id, "topic": m.topic, "queue_id": m.queue_id, "queue_offset": m.queue_offset,
                    "log_offset": m.log_offset, "status": m.status, "tag": m.tag, "keys": m.keys, "properties": m.properties,
                    "body_size": m.body_size, "body_md5": m.body_md5,
                    "body": (!m.body.is_empty()).then(|| String::from_utf8_lossy(&m.body).into_owned()),
                    "born_ms": m.born_ms, "born_host": m.born_host, "store_ms": m.store_ms,
                    "message_type": type_names(&[m.message_type]).pop(), "delivery_ms": m.delivery_ms,
                    "message_group": m.message_group, "groups": groups,
                })
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&v)?);
    }
    let mut out = String::new();
    for m in messages {
        let offset = m
            .queue_offset
            .map_or_else(|| "-".to_owned(), |o| o.to_string());
        out.push_str(&format!(
            "{}  topic={} queue={} offset={} status={} stored={} size={} md5={}\n",
            m.message_id,
            m.topic,
            m.queue_id,
            offset,
            m.status,
            m.store_ms,
            m.body_size,
            m.body_md5
        ));
        if !m.body.is_empty() {
            out.push_str(&format!("  body: {}\n", String::from_utf8_lossy(&m.body)));
        }
        for g in &m.groups {
            out.push_str(&format!("  group {:<32} {}", g.group, g.state));
            if g.attempt > 0 {
                out.push_str(&format!(" (attempt {})", g.attempt));
            }
            if g.instances > 0 {
                out.push_str(&format!(
                    " ({}/{} instances)",
                    g.consumed_instances, g.instances
                ));
            }
            out.push('\n');
        }
    }
    if out.is_empty() {
        out.push_str("no message found\n");
    }
    Ok(out)
}
