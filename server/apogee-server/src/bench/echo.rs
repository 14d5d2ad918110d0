//! The gRPC ceiling: a bare tonic server that answers what a producer needs (route, settings,
//! heartbeat, send) without storing anything. Benching against it with the same message size,
//! connections and concurrency shows what the RPC layer alone allows on this machine.

use std::path::PathBuf;
use std::pin::Pin;

use apogee_proto::rocketmq::v2 as pb;
use clap::Args;
use futures::Stream;
use pb::messaging_service_server::{MessagingService, MessagingServiceServer};
use tokio_stream::StreamExt;
use tonic::{Request, Response, Status, Streaming};

use super::BenchError;

#[derive(Debug, Clone, Args)]
pub struct EchoServerArgs {
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: std::net::SocketAddr,
    /// Write the bound address here once listening.
    #[arg(long)]
    pub ready_file: Option<PathBuf>,
}

fn ok() -> Option<pb::Status> {
    Some(pb::Status {
        code: pb::Code::Ok as i32,
        message: "OK".into(),
    })
}

fn unsupported<T>() -> Result<Response<T>, Status> {
    Err(Status::unimplemented(
        "the echo server answers only what a producer needs",
    ))
}

#[derive(Debug, Clone, Copy)]
struct Echo;

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

#[tonic::async_trait]
impl MessagingService for Echo {
    async fn query_route(
        &self,
        r: Request<pb::QueryRouteRequest>,
    ) -> Result<Response<pb::QueryRouteResponse>, Status> {
        let r = r.into_inner();
        let broker = pb::Broker {
            name: "echo".into(),
            id: 0,
            endpoints: r.endpoints,
        };
        let queues = (0..8)
            .map(|id| pb::MessageQueue {
                topic: r.topic.clone(),
                id,
                permission: pb::Permission::ReadWrite as i32,
                broker: Some(broker.clone()),
                accept_message_types: vec![
                    pb::MessageType::Normal as i32,
                    pb::MessageType::Fifo as i32,
                ],
            })
            .collect();
        Ok(Response::new(pb::QueryRouteResponse {
            status: ok(),
            message_queues: queues,
        }))
    }

    async fn heartbeat(
        &self,
        _r: Request<pb::HeartbeatRequest>,
    ) -> Result<Response<pb::HeartbeatResponse>, Status> {
        Ok(Response::new(pb::HeartbeatResponse { status: ok() }))
    }

    /// Answers each message with OK and its own id: the cost of the RPC, nothing else.
    async fn send_message(
        &self,
        r: Request<pb::SendMessageRequest>,
    ) -> Result<Response<pb::SendMessageResponse>, Status> {
        let entries = r
            .into_inner()
            .messages
            .into_iter()
            .map(|m| pb::SendResultEntry {
                status: ok(),
                message_id: m
                    .system_properties
                    .map(|s| s.message_id)
                    .unwrap_or_default(),
                ..Default::default()
            })
            .collect();
        Ok(Response::new(pb::SendMessageResponse {
            status: ok(),
            entries,
        }))
    }

    type TelemetryStream = BoxStream<pb::TelemetryCommand>;

    async fn telemetry(
        &self,
        r: Request<Streaming<pb::TelemetryCommand>>,
    ) -> Result<Response<Self::TelemetryStream>, Status> {
        let replies = r.into_inner().filter_map(|c| match c {
            Ok(pb::TelemetryCommand {
                command: Some(pb::telemetry_command::Command::Settings(mut s)),
                ..
            }) => {
                if let Some(pb::settings::PubSub::Publishing(p)) = s.pub_sub.as_mut() {
                    p.max_body_size = 4 * 1024 * 1024;
                }
                s.backoff_policy = Some(pb::RetryPolicy {
                    max_attempts: 3,
                    strategy: Some(pb::retry_policy::Strategy::ExponentialBackoff(
                        pb::ExponentialBackoff::default(),
                    )),
                });
                Some(Ok(pb::TelemetryCommand {
                    status: ok(),
                    command: Some(pb::telemetry_command::Command::Settings(s)),
                }))
            }
            _ => None,
        });
        Ok(Response::new(Box::pin(replies)))
    }

    async fn notify_client_termination(
        &self,
        _r: Request<pb::NotifyClientTerminationRequest>,
    ) -> Result<Response<pb::NotifyClientTerminationResponse>, Status> {
        Ok(Response::new(pb::NotifyClientTerminationResponse {
            status: ok(),
        }))
    }

    async fn query_assignment(
        &self,
        _r: Request<pb::QueryAssignmentRequest>,
    ) -> Result<Response<pb::QueryAssignmentResponse>, Status> {
        unsupported()
    }

    type ReceiveMessageStream = BoxStream<pb::ReceiveMessageResponse>;

    async fn receive_message(
        &self,
        _r: Request<pb::ReceiveMessageRequest>,
    ) -> Result<Response<Self::ReceiveMessageStream>, Status> {
        unsupported()
    }

    async fn ack_message(
        &self,
        _r: Request<pb::AckMessageRequest>,
    ) -> Result<Response<pb::AckMessageResponse>, Status> {
        unsupported()
    }

    async fn forward_message_to_dead_letter_queue(
        &self,
        _r: Request<pb::ForwardMessageToDeadLetterQueueRequest>,
    ) -> Result<Response<pb::ForwardMessageToDeadLetterQueueResponse>, Status> {
        unsupported()
    }

    type PullMessageStream = BoxStream<pb::PullMessageResponse>;

    async fn pull_message(
        &self,
        _r: Request<pb::PullMessageRequest>,
    ) -> Result<Response<Self::PullMessageStream>, Status> {
        unsupported()
    }

    async fn update_offset(
        &self,
        _r: Request<pb::UpdateOffsetRequest>,
    ) -> Result<Response<pb::UpdateOffsetResponse>, Status> {
        unsupported()
    }

    async fn get_offset(
        &self,
        _r: Request<pb::GetOffsetRequest>,
    ) -> Result<Response<pb::GetOffsetResponse>, Status> {
        unsupported()
    }

    async fn query_offset(
        &self,
        _r: Request<pb::QueryOffsetRequest>,
    ) -> Result<Response<pb::QueryOffsetResponse>, Status> {
        unsupported()
    }

    async fn end_transaction(
        &self,
        _r: Request<pb::EndTransactionRequest>,
    ) -> Result<Response<pb::EndTransactionResponse>, Status> {
        unsupported()
    }

    async fn change_invisible_duration(
        &self,
        _r: Request<pb::ChangeInvisibleDurationRequest>,
    ) -> Result<Response<pb::ChangeInvisibleDurationResponse>, Status> {
        unsupported()
    }

    async fn recall_message(
        &self,
        _r: Request<pb::RecallMessageRequest>,
    ) -> Result<Response<pb::RecallMessageResponse>, Status> {
        unsupported()
    }

    async fn sync_lite_subscription(
        &self,
        _r: Request<pb::SyncLiteSubscriptionRequest>,
    ) -> Result<Response<pb::SyncLiteSubscriptionResponse>, Status> {
        unsupported()
    }
}

/// Serves until the process is stopped.
pub async fn serve(args: EchoServerArgs) -> Result<(), BenchError> {
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    if let Some(path) = &args.ready_file {
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, listener.local_addr()?.to_string())?;
        std::fs::rename(&tmp, path)?;
    }
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    tonic::transport::Server::builder()
        .add_service(MessagingServiceServer::new(Echo))
        .serve_with_incoming(incoming)
        .await
        .map_err(|e| BenchError::Other(e.to_string()))
}
