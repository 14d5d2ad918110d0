//! NotifyClientTermination: a client shuts down cleanly. Always OK (Rust's `shutdown()` fails
//! on anything else); the client's settings and stream are forgotten.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Action, Caller, Need};
use crate::{Proxy, status};

pub async fn notify_client_termination(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    req: pb::NotifyClientTerminationRequest,
) -> pb::NotifyClientTerminationResponse {
    // Only the client itself (its authenticated user owns its id) may say it is gone.
    let group = req
        .group
        .as_ref()
        .map(|g| g.name.as_str())
        .filter(|g| !g.is_empty());
    let needs: &[Need<'_>] = match &group {
        Some(g) => &[Need::group(g, &[Action::Sub])],
        None => &[],
    };
    if let Err(e) = proxy.require(caller, needs) {
        return pb::NotifyClientTerminationResponse {
            status: status::from_error(&e),
        };
    }
    if let Some(id) = client_id {
        let known = proxy.clients.remove(&id);
        tracing::debug!(client_id = %id, known, "Client terminated.");
        if let Err(e) = proxy.backend.client_gone(&id).await {
            tracing::warn!(client_id = %id, error = %e, "Releasing a terminated client's deliveries failed.");
        }
    }
    pb::NotifyClientTerminationResponse {
        status: status::ok(),
    }
}
