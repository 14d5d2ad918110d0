//! `apogee.broker.v1.Broker`: the broker's data path for proxies. Names and messages are
//! checked as the client API checks them (a caller of this API is trusted no more than a
//! client), and every outcome carries the apache.rocketmq.v2 code a proxy answers with.
//!
//! Each RPC is a function returning its reply (without the outcome) or an error; [`answer`]
//! fills the outcome in one place.

mod checks;
mod consume;
pub(crate) mod convert;
mod metadata;
mod offsets;
mod produce;
mod replication;

use std::sync::Arc;

use apogee_broker::Broker;
use apogee_proto::broker::v1 as pb;
use apogee_proto::rocketmq::v2;
use apogee_types::{GroupName, TopicName};
use pb::broker_server::Broker as BrokerRpc;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status, Streaming};

use crate::{RequestError, status};

pub use checks::CheckRelay;

/// Serves one broker over `apogee.broker.v1`.
#[derive(Debug, Clone)]
pub struct BrokerApi {
    broker: Arc<Broker>,
    checks: Arc<CheckRelay>,
    /// Fired when the server starts shutting down: replication streams end.
    shutdown: CancellationToken,
}

impl BrokerApi {
    /// `checks` is where the broker's transaction checker sends what its own clients did not
    /// take.
    pub fn new(broker: Arc<Broker>, checks: Arc<CheckRelay>, shutdown: CancellationToken) -> Self {
        Self {
            broker,
            checks,
            shutdown,
        }
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

/// A reply with an outcome field.
trait Reply: Default {
    fn outcome_mut(&mut self) -> &mut Option<pb::Outcome>;
}

macro_rules! replies {
    ($($t:ty),* $(,)?) => {
        $(impl Reply for $t {
            fn outcome_mut(&mut self) -> &mut Option<pb::Outcome> {
                &mut self.outcome
            }
        })*
    };
}

replies!(
    pb::SendResponse,
    pb::AwaitChangeResponse,
    pb::ReceiveResponse,
    pb::ChangeInvisibleResponse,
    pb::ForwardToDeadLetterResponse,
    pb::EndTransactionResponse,
    pb::RecallResponse,
    pb::PullResponse,
    pb::UpdateOffsetResponse,
    pb::GetOffsetResponse,
    pb::QueryOffsetResponse,
    pb::ClientPresenceResponse,
    pb::GetTopicResponse,
    pb::GetGroupResponse,
);

/// The reply with OK, or an empty reply with the error's outcome.
fn answer<R: Reply>(r: Result<R, RequestError>) -> Result<Response<R>, Status> {
    let reply = match r {
        Ok(mut reply) => {
            *reply.outcome_mut() = ok();
            reply
        }
        Err(e) => {
            let mut reply = R::default();
            *reply.outcome_mut() = outcome(&e);
            reply
        }
    };
    Ok(Response::new(reply))
}

#[tonic::async_trait]
impl BrokerRpc for BrokerApi {
    type TransactionChecksStream = checks::CheckStream;
    type ReplicateStream = replication::ReplicaStream;

    async fn replicate(
        &self,
        r: Request<Streaming<pb::ReplicaProgress>>,
    ) -> Result<Response<Self::ReplicateStream>, Status> {
        replication::replicate(self.broker.clone(), r.into_inner(), self.shutdown.clone())
            .await
            .map(Response::new)
    }

    async fn transaction_checks(
        &self,
        _r: Request<pb::TransactionChecksRequest>,
    ) -> Result<Response<Self::TransactionChecksStream>, Status> {
        Ok(Response::new(self.checks.subscribe()))
    }

    async fn send(
        &self,
        r: Request<pb::SendRequest>,
    ) -> Result<Response<pb::SendResponse>, Status> {
        answer(produce::send(&self.broker, r.into_inner()).await)
    }

    async fn receive(
        &self,
        r: Request<pb::ReceiveRequest>,
    ) -> Result<Response<pb::ReceiveResponse>, Status> {
        answer(consume::receive(&self.broker, r.into_inner()).await)
    }

    async fn send_batch(
        &self,
        r: Request<pb::SendBatchRequest>,
    ) -> Result<Response<pb::SendBatchResponse>, Status> {
        Ok(Response::new(
            produce::send_batch(&self.broker, r.into_inner()).await,
        ))
    }

    async fn await_change(
        &self,
        r: Request<pb::AwaitChangeRequest>,
    ) -> Result<Response<pb::AwaitChangeResponse>, Status> {
        answer(consume::await_change(&self.broker, r.into_inner()).await)
    }

    async fn ack(&self, r: Request<pb::AckRequest>) -> Result<Response<pb::AckResponse>, Status> {
        Ok(Response::new(
            consume::ack(&self.broker, r.into_inner()).await,
        ))
    }

    async fn change_invisible(
        &self,
        r: Request<pb::ChangeInvisibleRequest>,
    ) -> Result<Response<pb::ChangeInvisibleResponse>, Status> {
        answer(consume::change_invisible(&self.broker, r.into_inner()).await)
    }

    async fn forward_to_dead_letter(
        &self,
        r: Request<pb::ForwardToDeadLetterRequest>,
    ) -> Result<Response<pb::ForwardToDeadLetterResponse>, Status> {
        answer(consume::forward_to_dead_letter(&self.broker, r.into_inner()).await)
    }

    async fn end_transaction(
        &self,
        r: Request<pb::EndTransactionRequest>,
    ) -> Result<Response<pb::EndTransactionResponse>, Status> {
        answer(produce::end_transaction(&self.broker, r.into_inner()).await)
    }

    async fn recall(
        &self,
        r: Request<pb::RecallRequest>,
    ) -> Result<Response<pb::RecallResponse>, Status> {
        answer(produce::recall(&self.broker, r.into_inner()).await)
    }

    async fn pull(
        &self,
        r: Request<pb::PullRequest>,
    ) -> Result<Response<pb::PullResponse>, Status> {
        answer(offsets::pull(&self.broker, r.into_inner()).await)
    }

    async fn update_offset(
        &self,
        r: Request<pb::UpdateOffsetRequest>,
    ) -> Result<Response<pb::UpdateOffsetResponse>, Status> {
        answer(offsets::update_offset(&self.broker, r.into_inner()).await)
    }

    async fn get_offset(
        &self,
        r: Request<pb::GetOffsetRequest>,
    ) -> Result<Response<pb::GetOffsetResponse>, Status> {
        answer(offsets::get_offset(&self.broker, r.into_inner()))
    }

    async fn client_presence(
        &self,
        r: Request<pb::ClientPresenceRequest>,
    ) -> Result<Response<pb::ClientPresenceResponse>, Status> {
        answer(metadata::client_presence(&self.broker, r.into_inner()).await)
    }

    async fn get_topic(
        &self,
        r: Request<pb::GetTopicRequest>,
    ) -> Result<Response<pb::GetTopicResponse>, Status> {
        answer(metadata::get_topic(&self.broker, r.into_inner()).await)
    }

    async fn get_group(
        &self,
        r: Request<pb::GetGroupRequest>,
    ) -> Result<Response<pb::GetGroupResponse>, Status> {
        answer(metadata::get_group(&self.broker, r.into_inner()).await)
    }

    async fn query_offset(
        &self,
        r: Request<pb::QueryOffsetRequest>,
    ) -> Result<Response<pb::QueryOffsetResponse>, Status> {
        answer(offsets::query_offset(&self.broker, r.into_inner()))
    }
}
