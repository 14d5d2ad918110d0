//! Receive, ack, change invisible and dead-letter forwarding over `apogee.broker.v1`.

use std::time::Duration;

use apogee_broker::{Broker, Presented, ReceiveRequest};
use apogee_proto::broker::v1 as pb;

use super::{convert, names, ok, outcome};
use crate::RequestError;

pub async fn receive(
    broker: &Broker,
    req: pb::ReceiveRequest,
) -> Result<pb::ReceiveResponse, RequestError> {
    let (group, topic) = names(&req.group, &req.topic)?;
    // Read before the pop, so a change during it shows in AwaitChange.
    let change_seq = broker.change_seq(&topic)?;
    let deliveries = broker
        .receive(ReceiveRequest {
            group,
            topic,
            filter: convert::filter_from_pb(req.filter)?,
            batch_size: usize::try_from(req.batch_size).unwrap_or(usize::MAX),
            invisible: req.invisible_ms.map(Duration::from_millis),
            long_polling: Duration::from_millis(req.long_polling_ms),
            client_id: req.client_id,
        })
        .await?;
    Ok(pb::ReceiveResponse {
        outcome: None,
        deliveries: deliveries
            .into_iter()
            .map(convert::delivery_to_pb)
            .collect(),
        change_seq,
    })
}

pub async fn await_change(
    broker: &Broker,
    req: pb::AwaitChangeRequest,
) -> Result<pb::AwaitChangeResponse, RequestError> {
    let topic = apogee_types::TopicName::new(&req.topic)?;
    let seq = broker
        .await_change(&topic, req.since, Duration::from_millis(req.wait_ms))
        .await?;
    Ok(pb::AwaitChangeResponse {
        outcome: None,
        changed: seq != req.since,
        change_seq: seq,
    })
}

/// One outcome per entry: a bad group or topic name fails every entry alike.
pub async fn ack(broker: &Broker, req: pb::AckRequest) -> pb::AckResponse {
    let (group, topic) = match names(&req.group, &req.topic) {
        Ok(n) => n,
        Err(e) => {
            let failed = outcome(&e).unwrap_or_default();
            return pb::AckResponse {
                outcomes: vec![failed; req.entries.len()],
            };
        }
    };
    let presented: Vec<Presented<'_>> = req
        .entries
        .iter()
        .map(|e| Presented {
            receipt_handle: &e.receipt_handle,
            topic: &topic,
            message_id: &e.message_id,
        })
        .collect();
    let outcomes = broker
        .ack_many(&group, &presented)
        .await
        .into_iter()
        .map(|r| match r {
            Ok(()) => ok(),
            Err(e) => outcome(&RequestError::Broker(e)),
        })
        .map(Option::unwrap_or_default)
        .collect();
    pb::AckResponse { outcomes }
}

pub async fn change_invisible(
    broker: &Broker,
    req: pb::ChangeInvisibleRequest,
) -> Result<pb::ChangeInvisibleResponse, RequestError> {
    let (group, topic) = names(&req.group, &req.topic)?;
    let presented = Presented {
        receipt_handle: &req.receipt_handle,
        topic: &topic,
        message_id: &req.message_id,
    };
    let receipt_handle = broker
        .change_invisible(&group, presented, Duration::from_millis(req.invisible_ms))
        .await?;
    Ok(pb::ChangeInvisibleResponse {
        outcome: None,
        receipt_handle,
    })
}

pub async fn forward_to_dead_letter(
    broker: &Broker,
    req: pb::ForwardToDeadLetterRequest,
) -> Result<pb::ForwardToDeadLetterResponse, RequestError> {
    let (group, topic) = names(&req.group, &req.topic)?;
    let presented = Presented {
        receipt_handle: &req.receipt_handle,
        topic: &topic,
        message_id: &req.message_id,
    };
    broker.forward_to_dlq(&group, presented).await?;
    Ok(pb::ForwardToDeadLetterResponse::default())
}
