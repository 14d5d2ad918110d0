//! `apogee.broker.v1.Broker`: the broker's data path for proxies. Names and messages are
//! checked as the client API checks them (a caller of this API is trusted no more than a
//! client), and every outcome carries the apache.rocketmq.v2 code a proxy answers with.

mod convert;

use std::sync::Arc;

use apogee_broker::{Broker, Presented, ReceiveRequest};
use apogee_proto::broker::v1 as pb;
use apogee_proto::rocketmq::v2;
use apogee_types::{GroupName, TopicName};
use pb::broker_server::Broker as BrokerRpc;
use tonic::{Request, Response, Status};

use crate::{RequestError, status};

/// Serves one broker over `apogee.broker.v1`.
#[derive(Debug, Clone)]
pub struct BrokerApi {
    broker: Arc<Broker>,
}

impl BrokerApi {
    pub fn new(broker: Arc<Broker>) -> Self {
        Self { broker }
    }
}

fn ok() -> Option<pb::Outcome> {
    Some(pb::Outcome {
        code: v2::Code::Ok as i32,
        message: "OK".into(),
    })
}

fn outcome(e: &RequestError) -> Option<pb::Outcome> {
    status::from_error(e).map(|s| pb::Outcome {
        code: s.code,
        message: s.message,
    })
}

fn names(group: &str, topic: &str) -> Result<(GroupName, TopicName), RequestError> {
    Ok((GroupName::new(group)?, TopicName::new(topic)?))
}

impl BrokerApi {
    async fn send(&self, req: pb::SendRequest) -> Result<Vec<pb::SendReceipt>, RequestError> {
        let topic = TopicName::new(&req.topic)?;
        let limits = self.broker.config().message_limits();
        let mut messages = Vec::with_capacity(req.messages.len());
        for m in req.messages {
            let m = convert::message_from_pb(m)?;
            crate::convert::check_message(&m, &limits)?;
            messages.push(m);
        }
        let receipts = self.broker.send(&topic, messages).await?;
        Ok(receipts.into_iter().map(convert::receipt_to_pb).collect())
    }

    async fn receive(&self, req: pb::ReceiveRequest) -> Result<Vec<pb::Delivery>, RequestError> {
        let (group, topic) = names(&req.group, &req.topic)?;
        let deliveries = self
            .broker
            .receive(ReceiveRequest {
                group,
                topic,
                filter: convert::filter_from_pb(req.filter)?,
                batch_size: usize::try_from(req.batch_size).unwrap_or(usize::MAX),
                invisible: req.invisible_ms.map(convert::millis),
                long_polling: convert::millis(req.long_polling_ms),
                client_id: req.client_id,
            })
            .await?;
        Ok(deliveries
            .into_iter()
            .map(convert::delivery_to_pb)
            .collect())
    }

    async fn change_invisible(
        &self,
        req: pb::ChangeInvisibleRequest,
    ) -> Result<String, RequestError> {
        let (group, topic) = names(&req.group, &req.topic)?;
        let presented = Presented {
            receipt_handle: &req.receipt_handle,
            topic: &topic,
            message_id: &req.message_id,
        };
        Ok(self
            .broker
            .change_invisible(&group, presented, convert::millis(req.invisible_ms))
            .await?)
    }
}

#[tonic::async_trait]
impl BrokerRpc for BrokerApi {
    async fn send(
        &self,
        r: Request<pb::SendRequest>,
    ) -> Result<Response<pb::SendResponse>, Status> {
        let reply = match BrokerApi::send(self, r.into_inner()).await {
            Ok(receipts) => pb::SendResponse {
                outcome: ok(),
                receipts,
            },
            Err(e) => pb::SendResponse {
                outcome: outcome(&e),
                receipts: Vec::new(),
            },
        };
        Ok(Response::new(reply))
    }

    async fn receive(
        &self,
        r: Request<pb::ReceiveRequest>,
    ) -> Result<Response<pb::ReceiveResponse>, Status> {
        let reply = match BrokerApi::receive(self, r.into_inner()).await {
            Ok(deliveries) => pb::ReceiveResponse {
                outcome: ok(),
                deliveries,
            },
            Err(e) => pb::ReceiveResponse {
                outcome: outcome(&e),
                deliveries: Vec::new(),
            },
        };
        Ok(Response::new(reply))
    }

    async fn ack(&self, r: Request<pb::AckRequest>) -> Result<Response<pb::AckResponse>, Status> {
        let req = r.into_inner();
        let (group, topic) = match names(&req.group, &req.topic) {
            Ok(n) => n,
            Err(e) => {
                let failed = outcome(&e).unwrap_or_default();
                return Ok(Response::new(pb::AckResponse {
                    outcomes: vec![failed; req.entries.len()],
                }));
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
        let outcomes = self
            .broker
            .ack_many(&group, &presented)
            .await
            .into_iter()
            .map(|r| match r {
                Ok(()) => ok().unwrap_or_default(),
                Err(e) => outcome(&RequestError::Broker(e)).unwrap_or_default(),
            })
            .collect();
        Ok(Response::new(pb::AckResponse { outcomes }))
    }

    async fn change_invisible(
        &self,
        r: Request<pb::ChangeInvisibleRequest>,
    ) -> Result<Response<pb::ChangeInvisibleResponse>, Status> {
        let reply = match BrokerApi::change_invisible(self, r.into_inner()).await {
            Ok(receipt_handle) => pb::ChangeInvisibleResponse {
                outcome: ok(),
                receipt_handle,
            },
            Err(e) => pb::ChangeInvisibleResponse {
                outcome: outcome(&e),
                receipt_handle: String::new(),
            },
        };
        Ok(Response::new(reply))
    }
}
