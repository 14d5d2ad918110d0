//! QueryAssignment: which queues a push consumer polls. Every consumer of a group gets the same
//! assignments, one per broker of the topic (queue id -1, "any queue of that broker"), and pops
//! share the messages out, as the reference proxy does.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{group_name, message_type_to_pb, topic_name};
use crate::rpc::query_route::echo_endpoints;
use crate::{Proxy, RequestError, status};

pub async fn query_assignment(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::QueryAssignmentRequest,
) -> pb::QueryAssignmentResponse {
    match run(proxy, caller, req).await {
        Ok(assignments) => pb::QueryAssignmentResponse {
            status: status::ok(),
            assignments,
        },
        Err(e) => pb::QueryAssignmentResponse {
            status: status::from_error(&e),
            assignments: vec![],
        },
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::QueryAssignmentRequest,
) -> Result<Vec<pb::Assignment>, RequestError> {
    let resource = req.topic.clone().ok_or(RequestError::Missing("topic"))?;
    let topic = topic_name(Some(&resource))?;
    let group = group_name(req.group.as_ref())?;
    proxy.require(
        caller,
        &[
            Need::group(group.as_str(), SUB),
            Need::topic(topic.as_str(), SUB),
        ],
    )?;
    let endpoints = echo_endpoints(req.endpoints)?;
    let view = proxy.backend.topic(&topic).await?;
    proxy.backend.group_or_auto_create(&group).await?;
    let accept: Vec<i32> = view
        .accepts
        .iter()
        .map(|t| message_type_to_pb(*t) as i32)
        .collect();
    // One assignment per broker: a push consumer polls each, and pops share the messages out.
    Ok(view
        .placements
        .iter()
        .map(|p| pb::Assignment {
            message_queue: Some(pb::MessageQueue {
                topic: Some(resource.clone()),
                id: -1,
                permission: pb::Permission::ReadWrite as i32,
                broker: Some(pb::Broker {
                    name: p.broker.clone(),
                    id: 0,
                    endpoints: Some(endpoints.clone()),
                }),
                accept_message_types: accept.clone(),
            }),
        })
        .collect())
}
