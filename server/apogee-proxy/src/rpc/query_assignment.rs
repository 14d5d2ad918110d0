//! QueryAssignment: which queues a push consumer polls. Every consumer of a group gets the same
//! broker-wide assignment (queue id -1, "any queue"), and pops share the messages out, as the
//! reference proxy does.

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
    let meta = proxy
        .broker
        .topic(topic.as_str())
        .ok_or_else(|| apogee_broker::BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
    proxy.broker.group_or_auto_create(&group).await?;
    let queue = pb::MessageQueue {
        topic: Some(resource),
        id: -1,
        permission: pb::Permission::ReadWrite as i32,
        broker: Some(pb::Broker {
            name: proxy.broker.config().name.clone(),
            id: 0,
            endpoints: Some(endpoints),
        }),
        accept_message_types: meta
            .accepts
            .iter()
            .map(|t| message_type_to_pb(*t) as i32)
            .collect(),
    };
    Ok(vec![pb::Assignment {
        message_queue: Some(queue),
    }])
}
