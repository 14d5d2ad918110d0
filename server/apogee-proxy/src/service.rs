//! The tonic service impls: a table of one-line delegations to `rpc/<name>.rs`.

use std::pin::Pin;
use std::sync::Arc;

use apogee_proto::rocketmq::v2 as pb;
use futures::Stream;
use pb::messaging_service_server::MessagingService;
use tonic::{Request, Response, Status, Streaming};

use crate::Proxy;
use crate::auth::Caller;
use crate::clients::{client_id, grpc_timeout};
use crate::rpc::{self, not_implemented};

/// `apache.rocketmq.v2.MessagingService` over a [`Proxy`].
#[derive(Debug, Clone)]
pub struct Messaging {
    proxy: Arc<Proxy>,
}

impl Messaging {
    pub fn new(proxy: Arc<Proxy>) -> Self {
        Self { proxy }
    }

    /// Who makes a call: from its signature, and its address for ACL source ranges.
    fn caller<T>(&self, r: &Request<T>) -> Caller {
        self.proxy.auth.identify(r.metadata(), r.remote_addr())
    }
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

fn ok<T>(t: T) -> Result<Response<T>, Status> {
    Ok(Response::new(t))
}

#[tonic::async_trait]
impl MessagingService for Messaging {
    async fn query_route(
        &self,
        r: Request<pb::QueryRouteRequest>,
    ) -> Result<Response<pb::QueryRouteResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::query_route::query_route(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn heartbeat(
        &self,
        r: Request<pb::HeartbeatRequest>,
    ) -> Result<Response<pb::HeartbeatResponse>, Status> {
        let id = client_id(r.metadata());
        let caller = self.caller(&r);
        ok(rpc::heartbeat::heartbeat(&self.proxy, &caller, id, r.into_inner()).await)
    }

    async fn send_message(
        &self,
        r: Request<pb::SendMessageRequest>,
    ) -> Result<Response<pb::SendMessageResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::send_message::send_message(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn query_assignment(
        &self,
        r: Request<pb::QueryAssignmentRequest>,
    ) -> Result<Response<pb::QueryAssignmentResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::query_assignment::query_assignment(&self.proxy, &caller, r.into_inner()).await)
    }

    type ReceiveMessageStream = BoxStream<pb::ReceiveMessageResponse>;

    async fn receive_message(
        &self,
        r: Request<pb::ReceiveMessageRequest>,
    ) -> Result<Response<Self::ReceiveMessageStream>, Status> {
        let deadline = grpc_timeout(r.metadata());
        let id = client_id(r.metadata());
        let caller = self.caller(&r);
        let items = rpc::receive_message::receive_message(
            &self.proxy,
            &caller,
            id,
            deadline,
            r.into_inner(),
        )
        .await;
        ok(Box::pin(tokio_stream::iter(items.into_iter().map(Ok))))
    }

    async fn ack_message(
        &self,
        r: Request<pb::AckMessageRequest>,
    ) -> Result<Response<pb::AckMessageResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::ack_message::ack_message(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn forward_message_to_dead_letter_queue(
        &self,
        r: Request<pb::ForwardMessageToDeadLetterQueueRequest>,
    ) -> Result<Response<pb::ForwardMessageToDeadLetterQueueResponse>, Status> {
        let caller = self.caller(&r);
        ok(
            rpc::forward_message_to_dead_letter_queue::forward_message_to_dead_letter_queue(
                &self.proxy,
                &caller,
                r.into_inner(),
            )
            .await,
        )
    }

    type PullMessageStream = BoxStream<pb::PullMessageResponse>;

    async fn pull_message(
        &self,
        r: Request<pb::PullMessageRequest>,
    ) -> Result<Response<Self::PullMessageStream>, Status> {
        let deadline = grpc_timeout(r.metadata());
        let id = client_id(r.metadata());
        let caller = self.caller(&r);
        let items =
            rpc::pull_message::pull_message(&self.proxy, &caller, id, deadline, r.into_inner())
                .await;
        ok(Box::pin(tokio_stream::iter(items.into_iter().map(Ok))))
    }

    async fn update_offset(
        &self,
        r: Request<pb::UpdateOffsetRequest>,
    ) -> Result<Response<pb::UpdateOffsetResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::update_offset::update_offset(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn get_offset(
        &self,
        r: Request<pb::GetOffsetRequest>,
    ) -> Result<Response<pb::GetOffsetResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::get_offset::get_offset(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn query_offset(
        &self,
        r: Request<pb::QueryOffsetRequest>,
    ) -> Result<Response<pb::QueryOffsetResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::query_offset::query_offset(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn end_transaction(
        &self,
        r: Request<pb::EndTransactionRequest>,
    ) -> Result<Response<pb::EndTransactionResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::end_transaction::end_transaction(&self.proxy, &caller, r.into_inner()).await)
    }

    type TelemetryStream = rpc::telemetry::TelemetryStream;

    async fn telemetry(
        &self,
        r: Request<Streaming<pb::TelemetryCommand>>,
    ) -> Result<Response<Self::TelemetryStream>, Status> {
        let id = client_id(r.metadata());
        let caller = self.caller(&r);
        let peer = r.remote_addr();
        rpc::telemetry::telemetry(self.proxy.clone(), caller, id, peer, r.into_inner())
            .map(Response::new)
    }

    async fn notify_client_termination(
        &self,
        r: Request<pb::NotifyClientTerminationRequest>,
    ) -> Result<Response<pb::NotifyClientTerminationResponse>, Status> {
        let id = client_id(r.metadata());
        let caller = self.caller(&r);
        ok(rpc::notify_client_termination::notify_client_termination(
            &self.proxy,
            &caller,
            id,
            r.into_inner(),
        )
        .await)
    }

    async fn change_invisible_duration(
        &self,
        r: Request<pb::ChangeInvisibleDurationRequest>,
    ) -> Result<Response<pb::ChangeInvisibleDurationResponse>, Status> {
        ok(rpc::change_invisible_duration::change_invisible_duration(
            &self.proxy,
            &self.caller(&r),
            r.into_inner(),
        )
        .await)
    }

    async fn recall_message(
        &self,
        r: Request<pb::RecallMessageRequest>,
    ) -> Result<Response<pb::RecallMessageResponse>, Status> {
        let caller = self.caller(&r);
        ok(rpc::recall_message::recall_message(&self.proxy, &caller, r.into_inner()).await)
    }

    async fn sync_lite_subscription(
        &self,
        _r: Request<pb::SyncLiteSubscriptionRequest>,
    ) -> Result<Response<pb::SyncLiteSubscriptionResponse>, Status> {
        ok(pb::SyncLiteSubscriptionResponse {
            status: not_implemented::status("SyncLiteSubscription"),
        })
    }
}
