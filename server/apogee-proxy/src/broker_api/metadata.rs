//! Client presence, topics and groups over `apogee.broker.v1`: what a proxy asks before it
//! validates a request or answers a client's settings.

use apogee_broker::{Broker, BrokerError};
use apogee_proto::broker::v1 as pb;
use apogee_types::{GroupName, MessageType, TopicName};

use crate::RequestError;

pub async fn client_presence(
    broker: &Broker,
    req: pb::ClientPresenceRequest,
) -> Result<pb::ClientPresenceResponse, RequestError> {
    use pb::client_presence_request::Event;
    if req.client_id.trim().is_empty() {
        return Err(RequestError::ClientIdRequired);
    }
    let id = req.client_id.as_str();
    match Event::try_from(req.event) {
        Ok(Event::Seen) => broker.client_seen(id),
        Ok(Event::StreamOpened) => broker.client_stream_opened(id),
        Ok(Event::StreamClosed) => broker.client_stream_closed(id).await?,
        Ok(Event::Gone) => broker.client_gone(id).await?,
        Err(_) => {
            return Err(RequestError::BadValue(format!(
                "unknown client event {}",
                req.event
            )));
        }
    }
    Ok(pb::ClientPresenceResponse::default())
}

pub async fn get_topic(
    broker: &Broker,
    req: pb::GetTopicRequest,
) -> Result<pb::GetTopicResponse, RequestError> {
    let meta = if req.auto_create {
        broker
            .topic_or_auto_create(&TopicName::new(&req.name)?)
            .await?
    } else {
        broker
            .topic(&req.name)
            .ok_or_else(|| BrokerError::TopicNotFound(req.name.clone()))?
    };
    Ok(pb::GetTopicResponse {
        outcome: None,
        name: meta.name.as_str().to_owned(),
        queues: meta.queues,
        message_types: meta.accepts.iter().map(|t| MessageType::code(*t)).collect(),
        system: meta.system,
    })
}

pub async fn get_group(
    broker: &Broker,
    req: pb::GetGroupRequest,
) -> Result<pb::GetGroupResponse, RequestError> {
    let g = if req.auto_create {
        broker
            .group_or_auto_create(&GroupName::new(&req.name)?)
            .await?
    } else {
        broker
            .group(&req.name)
            .ok_or_else(|| BrokerError::GroupNotFound(req.name.clone()))?
    };
    Ok(pb::GetGroupResponse {
        outcome: None,
        name: g.name.as_str().to_owned(),
        fifo: g.is_fifo(),
        broadcast: g.is_broadcast(),
        max_attempts: g.max_attempts(),
        retry_backoff_ms: g
            .backoff_levels(&broker.config().retry_backoff)
            .iter()
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .collect(),
    })
}
