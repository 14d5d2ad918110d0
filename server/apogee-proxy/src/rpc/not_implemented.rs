//! RPCs this server does not offer yet answer NOT_IMPLEMENTED in the response status, so a
//! client gets a clear, non-retryable error instead of a transport failure.

use apogee_proto::rocketmq::v2 as pb;

/// The status for an RPC that is not available.
pub fn status(rpc: &str) -> Option<pb::Status> {
    crate::status::status(
        pb::Code::NotImplemented,
        format!("{rpc} is not implemented by this server yet"),
    )
}
