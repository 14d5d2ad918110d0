//! Telemetry: the long-lived bidirectional stream of each client instance. The client sends
//! its Settings first and again periodically; each is answered at once with the effective
//! Settings (clients block their start on that reply). The stream's sender is kept by client id
//! so the server can push commands (transaction checks) later.

use std::sync::Arc;

use apogee_proto::rocketmq::v2 as pb;
use pb::telemetry_command::Command;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Status, Streaming};

use crate::auth::{Caller, Need, PUB, SUB};
use crate::clients::TelemetrySender;
use crate::convert::group_name;
use crate::rpc::query_route::echo_endpoints;
use crate::{Proxy, RequestError, settings, status};

/// Buffered server-to-client commands per stream.
const OUTBOUND_BUFFER: usize = 32;

pub type TelemetryStream = ReceiverStream<Result<pb::TelemetryCommand, Status>>;

pub fn telemetry(
    proxy: Arc<Proxy>,
    caller: Caller,
    client_id: Option<String>,
    peer: Option<std::net::SocketAddr>,
    inbound: Streaming<pb::TelemetryCommand>,
) -> Result<TelemetryStream, Status> {
    let client_id = client_id
        .ok_or_else(|| Status::invalid_argument("the x-mq-client-id header is required"))?;
    // The stream is signed once, when it opens; each Settings is checked for what it names.
    proxy
        .auth
        .require(&caller, &[])
        .map_err(|e| status::auth_status(&e))?;
    proxy.stream_opening(&client_id)?;
    let (tx, rx) = mpsc::channel(OUTBOUND_BUFFER);
    let stream_id = proxy.next_stream_id();
    let tasks = proxy.tasks.clone();
    tasks.spawn(serve(
        proxy,
        caller,
        (client_id, peer),
        stream_id,
        inbound,
        tx,
    ));
    Ok(ReceiverStream::new(rx))
}

async fn serve(
    proxy: Arc<Proxy>,
    caller: Caller,
    (client_id, peer): (String, Option<std::net::SocketAddr>),
    stream_id: u64,
    mut inbound: Streaming<pb::TelemetryCommand>,
    tx: TelemetrySender,
) {
    proxy.backend.client_stream_opened(&client_id);
    let stop = tokio_util::sync::CancellationToken::new();
    loop {
        let next = tokio::select! {
            () = proxy.shutdown.cancelled() => break,
            () = stop.cancelled() => break,
            next = inbound.message() => next,
        };
        let command = match next {
            Ok(Some(cmd)) => cmd,
            Ok(None) => break,
            // A frame that is not a TelemetryCommand ends the stream with a status saying so
            // (the client would otherwise see the stream end with no reason).
            Err(e) if is_decode_error(&e) => {
                tracing::warn!(%client_id, error = %e.message(), "A Telemetry frame did not decode; ending the stream.");
                let refused = Status::invalid_argument(apogee_types::quote::cap_message(
                    format!(
                        "a Telemetry frame is not a valid TelemetryCommand: {}",
                        e.message()
                    ),
                    status::MAX_STATUS_MESSAGE,
                ));
                send_or_stop(&proxy, &tx, Err(refused)).await;
                break;
            }
            Err(e) => {
                tracing::debug!(%client_id, error = %e, "Telemetry stream failed.");
                break;
            }
        };
        match command.command {
            Some(Command::Settings(s)) => {
                if s.pub_sub.is_none() {
                    let refused = Status::invalid_argument(
                        "settings must carry either publishing or subscription",
                    );
                    send_or_stop(&proxy, &tx, Err(refused)).await;
                    break;
                }
                let reply = match on_settings(
                    &proxy,
                    &caller,
                    &client_id,
                    (stream_id, &tx, &stop),
                    s,
                )
                .await
                {
                    Ok(effective) => {
                        if let Some(peer) = peer {
                            proxy.clients.set_address(&client_id, peer);
                        }
                        pb::TelemetryCommand {
                            status: status::ok(),
                            command: Some(Command::Settings(effective)),
                        }
                    }
                    Err(e) => {
                        // Official clients wait for settings at start-up; failing the stream
                        // makes their start fail with this reason instead of hanging.
                        send_or_stop(&proxy, &tx, Err(status::stream_status(&e))).await;
                        break;
                    }
                };
                if !send_or_stop(&proxy, &tx, Ok(reply)).await {
                    break;
                }
            }
            Some(Command::ThreadStackTrace(t)) => {
                tracing::info!(%client_id, nonce = %t.nonce, "Client sent a thread stack trace.");
            }
            Some(Command::VerifyMessageResult(r)) => {
                tracing::info!(%client_id, nonce = %r.nonce, code = ?command.status.map(|s| s.code), "Client verified a message.");
            }
            other => {
                tracing::debug!(%client_id, command = ?other.map(|_| "unexpected"), "Ignored telemetry command.");
            }
        }
    }
    proxy.clients.stream_ended(&client_id, stream_id);
    let last_here = proxy.stream_closed(&client_id);
    if proxy.shutdown.is_cancelled() {
        // The server is stopping, not the client: it reconnects to the restarted server and
        // goes on renewing, so its deliveries must not be released (redelivered) now.
        return;
    }
    // The last stream of a client closing means it is gone: deliveries the server was renewing
    // for it are released to other consumers.
    if let Err(e) = proxy
        .backend
        .client_stream_closed(&client_id, last_here)
        .await
    {
        tracing::warn!(%client_id, error = %e, "Releasing a departed client's deliveries failed.");
    }
}

/// tonic reports a frame that prost cannot decode as INTERNAL "failed to decode Protobuf
/// message"; the fault is the client's.
fn is_decode_error(e: &Status) -> bool {
    e.code() == tonic::Code::Internal && e.message().contains("decode")
}

/// Sends one reply; false if the client is gone or the server is stopping first (a client
/// that stopped reading must not hold up shutdown).
async fn send_or_stop(
    proxy: &Proxy,
    tx: &TelemetrySender,
    reply: Result<pb::TelemetryCommand, Status>,
) -> bool {
    tokio::select! {
        sent = tx.send(reply) => sent.is_ok(),
        () = proxy.shutdown.cancelled() => false,
    }
}

async fn on_settings(
    proxy: &Proxy,
    caller: &Caller,
    client_id: &str,
    (stream_id, tx, stop): (u64, &TelemetrySender, &tokio_util::sync::CancellationToken),
    s: pb::Settings,
) -> Result<pb::Settings, RequestError> {
    let client_type = s
        .client_type
        .and_then(|t| pb::ClientType::try_from(t).ok())
        .unwrap_or_default();
    match &s.pub_sub {
        Some(pb::settings::PubSub::Publishing(p)) => {
            for t in &p.topics {
                let topic = crate::convert::topic_name(Some(t))?;
                proxy.require(caller, &[Need::topic(topic.as_str(), PUB)])?;
            }
        }
        Some(pb::settings::PubSub::Subscription(sub)) => {
            let group = group_name(sub.group.as_ref())?;
            proxy.require(caller, &[Need::group(group.as_str(), SUB)])?;
            for entry in &sub.subscriptions {
                let topic = crate::convert::topic_name(entry.topic.as_ref())?;
                proxy.require(caller, &[Need::topic(topic.as_str(), SUB)])?;
                // A malformed filter is refused when the consumer subscribes, not at its first
                // receive.
                crate::convert::filter(entry.expression.clone())?;
            }
            // First sight of a group fixes where it starts: nothing sent after this is skipped.
            proxy.backend.group_or_auto_create(&group).await?;
        }
        None => {}
    }
    let metrics = if client_type == pb::ClientType::PushConsumer {
        s.access_point
            .clone()
            .and_then(|a| echo_endpoints(Some(a)).ok())
    } else {
        None
    };
    proxy.clients.upsert(
        client_id,
        s.clone(),
        Some((stream_id, tx.clone(), stop.clone())),
    );
    let group = match &s.pub_sub {
        Some(pb::settings::PubSub::Subscription(sub)) => match &sub.group {
            Some(g) => proxy.backend.group_policy(&g.name).await,
            None => None,
        },
        _ => None,
    };
    Ok(settings::effective(
        proxy.backend.config(),
        &s,
        group.as_ref(),
        metrics,
    ))
}
