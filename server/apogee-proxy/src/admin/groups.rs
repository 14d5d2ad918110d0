//! Consumer-group administration: create, list, update, offsets, rewind.

use std::time::Duration;

use apogee_broker::{Broker, Group, GroupSpec, GroupStart, GroupUpdate, ResetTarget, StartPolicy};
use apogee_proto::admin::v1 as pb;
use apogee_types::GroupName;
use tonic::Status;

use crate::status::admin_status;

fn group_info(g: &Group) -> pb::GroupInfo {
    let r = g.record();
    pb::GroupInfo {
        name: r.name,
        id: r.id,
        fifo: r.fifo,
        start_policy: r.start_policy,
        start_ms: r.start_ms,
        max_delivery_attempts: r.max_attempts,
        created_at_ms: r.created_ms,
        in_flight: g.inflight_count() as u64,
        broadcast: r.broadcast,
        retry_backoff_ms: r.retry_backoff_ms,
    }
}

fn levels(ms: &[u64]) -> Vec<Duration> {
    ms.iter().map(|m| Duration::from_millis(*m)).collect()
}

pub(super) async fn create_group(
    broker: &Broker,
    req: pb::CreateGroupRequest,
) -> Result<pb::CreateGroupResponse, Status> {
    let name = GroupName::new(&req.name).map_err(|e| Status::invalid_argument(e.to_string()))?;
    let start = match req.start {
        None => GroupStart::Policy(broker.config().group_start),
        Some(pb::create_group_request::Start::Policy(p)) => match pb::StartPolicy::try_from(p) {
            Ok(pb::StartPolicy::Earliest) => GroupStart::Policy(StartPolicy::Earliest),
            Ok(pb::StartPolicy::Latest) => GroupStart::Policy(StartPolicy::Latest),
            Ok(pb::StartPolicy::Unspecified) => GroupStart::Policy(broker.config().group_start),
            Err(_) => {
                return Err(Status::invalid_argument(format!(
                    "unknown start policy {p}"
                )));
            }
        },
        Some(pb::create_group_request::Start::StartTimestampMs(ts)) => {
            if ts < 0 {
                return Err(Status::invalid_argument(
                    "start timestamp must not be negative",
                ));
            }
            GroupStart::Timestamp(ts)
        }
    };
    let max_attempts = match req.max_delivery_attempts {
        0 => broker.config().max_delivery_attempts,
        n => n,
    };
    let spec = GroupSpec {
        name,
        start,
        fifo: req.fifo,
        broadcast: req.broadcast,
        max_attempts,
        retry_backoff: levels(&req.retry_backoff_ms),
    };
    let group = broker
        .create_group(spec)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::CreateGroupResponse {
        group: Some(group_info(&group)),
    })
}

pub(super) fn list_groups(broker: &Broker) -> pb::ListGroupsResponse {
    pb::ListGroupsResponse {
        groups: broker.list_groups().iter().map(|g| group_info(g)).collect(),
    }
}

pub(super) async fn update_group(
    broker: &Broker,
    req: pb::UpdateGroupRequest,
) -> Result<pb::UpdateGroupResponse, Status> {
    let update = GroupUpdate {
        fifo: req.fifo,
        broadcast: req.broadcast,
        max_attempts: req.max_delivery_attempts,
        retry_backoff: req.retry_backoff.map(|b| levels(&b.levels_ms)),
    };
    let group = broker
        .update_group(&req.name, update)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::UpdateGroupResponse {
        group: Some(group_info(&group)),
    })
}

pub(super) fn describe_group_offsets(
    broker: &Broker,
    req: pb::DescribeGroupOffsetsRequest,
) -> Result<pb::DescribeGroupOffsetsResponse, Status> {
    let (queues, retry_backlog) = broker
        .group_offsets(&req.group, &req.topic)
        .map_err(|e| admin_status(&e))?;
    Ok(pb::DescribeGroupOffsetsResponse {
        queues: queues
            .into_iter()
            .map(|q| pb::GroupQueueOffset {
                queue_id: q.queue_id,
                min_offset: q.min_offset,
                max_offset: q.max_offset,
                group_offset: q.group_offset,
                lag: q
                    .max_offset
                    .saturating_sub(q.group_offset.unwrap_or(q.min_offset)),
                in_flight: q.in_flight,
                broker: broker.config().name.clone(),
            })
            .collect(),
        retry_backlog,
    })
}

pub(super) async fn reset_offset(
    broker: &Broker,
    req: pb::ResetOffsetRequest,
) -> Result<pb::ResetOffsetResponse, Status> {
    let target = match req.target {
        Some(pb::reset_offset_request::Target::TimestampMs(ts)) if ts >= 0 => {
            ResetTarget::Timestamp(ts)
        }
        Some(pb::reset_offset_request::Target::TimestampMs(_)) => {
            return Err(Status::invalid_argument("timestamp must not be negative"));
        }
        Some(pb::reset_offset_request::Target::Earliest(true)) => ResetTarget::Beginning,
        Some(pb::reset_offset_request::Target::Latest(true)) => ResetTarget::End,
        _ => {
            return Err(Status::invalid_argument(
                "give a target: timestamp_ms, earliest or latest",
            ));
        }
    };
    let moved = broker
        .reset_offset(&req.group, &req.topic, target)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::ResetOffsetResponse {
        queues: moved
            .into_iter()
            .map(|q| pb::QueueResetInfo {
                queue_id: q.queue_id,
                from_offset: q.from,
                to_offset: q.to,
                broker: broker.config().name.clone(),
            })
            .collect(),
    })
}
