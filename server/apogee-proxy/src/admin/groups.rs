//! Consumer-group administration: create, list.

use apogee_broker::{Broker, Group, GroupSpec, GroupStart, StartPolicy};
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
    }
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
        max_attempts,
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
