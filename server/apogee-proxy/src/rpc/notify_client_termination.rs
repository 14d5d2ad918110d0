//! NotifyClientTermination: a client shuts down cleanly. Always OK (Rust's `shutdown()` fails
//! on anything else); the client's settings and stream are forgotten.

use apogee_proto::rocketmq::v2 as pb;

use crate::{Proxy, status};

pub async fn notify_client_termination(
    proxy: &Proxy,
    client_id: Option<String>,
    _req: pb::NotifyClientTerminationRequest,
) -> pb::NotifyClientTerminationResponse {
    if let Some(id) = client_id {
        let known = proxy.clients.remove(&id);
        tracing::debug!(client_id = %id, known, "Client terminated.");
        if let Err(e) = proxy.broker.client_gone(&id).await {
            tracing::warn!(client_id = %id, error = %e, "Releasing a terminated client's deliveries failed.");
        }
    }
    pb::NotifyClientTerminationResponse {
        status: status::ok(),
    }
}
