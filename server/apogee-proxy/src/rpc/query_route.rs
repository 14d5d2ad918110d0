//! QueryRoute: the queues of a topic and the endpoints serving them. Every queue is reached
//! through the endpoints the client used (reachable from the client's side of any NAT), with
//! an explicit scheme, broker id 0, and queues numbered from 0 on each broker with READ_WRITE
//! permission.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Action, Caller, Need};
use crate::backend::TopicView;
use crate::convert::{message_type_to_pb, scheme_of, topic_name};
use crate::{Proxy, RequestError, status};

pub async fn query_route(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::QueryRouteRequest,
) -> pb::QueryRouteResponse {
    match run(proxy, caller, req).await {
        Ok(message_queues) => pb::QueryRouteResponse {
            status: status::ok(),
            message_queues,
        },
        Err(e) => pb::QueryRouteResponse {
            status: status::from_error(&e),
            message_queues: vec![],
        },
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::QueryRouteRequest,
) -> Result<Vec<pb::MessageQueue>, RequestError> {
    let resource = req.topic.clone().ok_or(RequestError::Missing("topic"))?;
    let topic = topic_name(Some(&resource))?;
    // Producers and consumers both ask for routes; either right will do.
    proxy.require(
        caller,
        &[Need::topic(topic.as_str(), &[Action::Pub, Action::Sub])],
    )?;
    let endpoints = echo_endpoints(req.endpoints)?;
    let view = proxy.backend.topic_or_auto_create(&topic).await?;
    Ok(route_queues(&resource, &view, &endpoints))
}

/// Every queue of every broker holding the topic, named by its broker, each reached through
/// the endpoints the client used (this proxy: clients never talk to brokers). A dead-letter
/// topic can be read, never written by clients.
pub fn route_queues(
    resource: &pb::Resource,
    view: &TopicView,
    endpoints: &pb::Endpoints,
) -> Vec<pb::MessageQueue> {
    let accept: Vec<i32> = view
        .accepts
        .iter()
        .map(|t| message_type_to_pb(*t) as i32)
        .collect();
    view.queues()
        .map(|(placement, id)| pb::MessageQueue {
            topic: Some(resource.clone()),
            id: i32::try_from(id).unwrap_or(i32::MAX),
            // Read only: a dead-letter topic, and a broker whose master is gone (a slave
            // serves its queues for reading; producers send to the other brokers).
            permission: if view.system || !placement.writable {
                pb::Permission::Read
            } else {
                pb::Permission::ReadWrite
            } as i32,
            broker: Some(pb::Broker {
                name: placement.broker.clone(),
                id: 0,
                endpoints: Some(endpoints.clone()),
            }),
            accept_message_types: accept.clone(),
        })
        .collect()
}

/// The client's endpoints with the scheme made explicit (Python cannot connect without one).
pub fn echo_endpoints(endpoints: Option<pb::Endpoints>) -> Result<pb::Endpoints, RequestError> {
    let endpoints = endpoints.ok_or(RequestError::AccessPoint("endpoints are missing"))?;
    let first = endpoints
        .addresses
        .first()
        .ok_or(RequestError::AccessPoint("no address given"))?;
    if first.host.is_empty() {
        return Err(RequestError::AccessPoint("address host is empty"));
    }
    let scheme = match pb::AddressScheme::try_from(endpoints.scheme) {
        Ok(pb::AddressScheme::Unspecified) | Err(_) => scheme_of(&first.host),
        Ok(s) => s,
    };
    // A domain name must come alone (Java and Python refuse several).
    let addresses = if scheme == pb::AddressScheme::DomainName {
        vec![first.clone()]
    } else {
        endpoints.addresses
    };
    Ok(pb::Endpoints {
        scheme: scheme as i32,
        addresses,
    })
}
