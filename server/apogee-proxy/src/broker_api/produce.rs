//! Send, end transaction and recall over `apogee.broker.v1`.

use apogee_broker::{Broker, Resolution};
use apogee_proto::broker::v1 as pb;
use apogee_types::TopicName;

use super::convert;
use crate::RequestError;

pub async fn send(broker: &Broker, req: pb::SendRequest) -> Result<pb::SendResponse, RequestError> {
    let topic = TopicName::new(&req.topic)?;
    let limits = broker.config().message_limits();
    let mut messages = Vec::with_capacity(req.messages.len());
    for m in req.messages {
        let m = convert::message_from_pb(m)?;
        crate::convert::check_message(&m, &limits)?;
        messages.push(m);
    }
    let receipts = broker.send(&topic, messages).await?;
    Ok(pb::SendResponse {
        outcome: None,
        receipts: receipts.into_iter().map(convert::receipt_to_pb).collect(),
    })
}

/// Every send at once, so they share the writer's next group commit; each answered alone.
pub async fn send_batch(broker: &Broker, req: pb::SendBatchRequest) -> pb::SendBatchResponse {
    let sends = req.sends.into_iter().map(|s| async move {
        match send(broker, s).await {
            Ok(mut reply) => {
                reply.outcome = super::ok();
                reply
            }
            Err(e) => pb::SendResponse {
                outcome: super::outcome(&e),
                receipts: Vec::new(),
            },
        }
    });
    pb::SendBatchResponse {
        results: futures::future::join_all(sends).await,
    }
}

pub async fn end_transaction(
    broker: &Broker,
    req: pb::EndTransactionRequest,
) -> Result<pb::EndTransactionResponse, RequestError> {
    let topic = TopicName::new(&req.topic)?;
    let resolution = match pb::end_transaction_request::Resolution::try_from(req.resolution) {
        Ok(pb::end_transaction_request::Resolution::Commit) => Resolution::Commit,
        Ok(pb::end_transaction_request::Resolution::Rollback) => Resolution::Rollback,
        Err(_) => {
            return Err(RequestError::BadValue(format!(
                "unknown transaction resolution {}",
                req.resolution
            )));
        }
    };
    broker
        .end_transaction(&topic, &req.transaction_id, resolution)
        .await?;
    Ok(pb::EndTransactionResponse::default())
}

pub async fn recall(
    broker: &Broker,
    req: pb::RecallRequest,
) -> Result<pb::RecallResponse, RequestError> {
    let topic = TopicName::new(&req.topic)?;
    let message_id = broker.recall(&topic, &req.recall_handle).await?;
    Ok(pb::RecallResponse {
        outcome: None,
        message_id,
    })
}
