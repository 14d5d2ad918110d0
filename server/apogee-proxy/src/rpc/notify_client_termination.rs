//! NotifyClientTermination: a client shuts down cleanly. Always OK (Rust's `shutdown()` fails
//! on anything else); the client's settings and stream are forgotten.

use apogee_proto::rocketmq::v2 as pb;

use crate::{Proxy, status};

pub fn notify_client_termination(
    proxy: &Proxy,
    client_id: Option<String>,
    _req: pb::NotifyClientTerminationRequest,
) -> pb::NotifyClientTerminationResponse {
    if let Some(id) = client_id {
        let known = proxy.clients.remove(&id);
        tracing::debug!(client_id = %id, known, "Client terminated.");
    }
    pb::NotifyClientTerminationResponse {
        status: status::ok(),
    }
}
