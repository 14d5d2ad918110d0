//! Pull and offsets over `apogee.broker.v1`.

use std::time::Duration;

use apogee_broker::{Broker, OffsetQuery, PullRequest};
use apogee_proto::broker::v1 as pb;
use apogee_types::TopicName;

use super::{convert, names};
use crate::RequestError;

pub async fn pull(broker: &Broker, req: pb::PullRequest) -> Result<pb::PullResponse, RequestError> {
    let (group, topic) = names(&req.group, &req.topic)?;
    let pulled = broker
        .pull(PullRequest {
            group,
            topic,
            queue_id: req.queue_id,
            offset: req.offset,
            batch_size: usize::try_from(req.batch_size).unwrap_or(usize::MAX),
            filter: convert::filter_from_pb(req.filter)?,
            long_polling: Duration::from_millis(req.long_polling_ms),
            client_id: req.client_id,
        })
        .await?;
    Ok(pb::PullResponse {
        outcome: None,
        messages: pulled
            .messages
            .into_iter()
            .map(convert::stored_to_pb)
            .collect(),
        next_offset: pulled.next_offset,
    })
}

pub async fn update_offset(
    broker: &Broker,
    req: pb::UpdateOffsetRequest,
) -> Result<pb::UpdateOffsetResponse, RequestError> {
    let (group, topic) = names(&req.group, &req.topic)?;
    broker
        .update_offset(&group, &topic, req.queue_id, req.offset)
        .await?;
    Ok(pb::UpdateOffsetResponse::default())
}

pub fn get_offset(
    broker: &Broker,
    req: pb::GetOffsetRequest,
) -> Result<pb::GetOffsetResponse, RequestError> {
    let (group, topic) = names(&req.group, &req.topic)?;
    let offset = broker.get_offset(&group, &topic, req.queue_id)?;
    Ok(pb::GetOffsetResponse {
        outcome: None,
        offset,
    })
}

pub fn query_offset(
    broker: &Broker,
    req: pb::QueryOffsetRequest,
) -> Result<pb::QueryOffsetResponse, RequestError> {
    use pb::query_offset_request::Position;
    let topic = TopicName::new(&req.topic)?;
    let query = match req.position {
        Some(Position::Beginning(_)) => OffsetQuery::Beginning,
        Some(Position::End(_)) => OffsetQuery::End,
        Some(Position::TimestampMs(ms)) => OffsetQuery::Timestamp(ms),
        None => return Err(RequestError::Missing("position")),
    };
    let offset = broker.query_offset(&topic, req.queue_id, query)?;
    Ok(pb::QueryOffsetResponse {
        outcome: None,
        offset,
    })
}
