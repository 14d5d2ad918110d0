//! RecallMessage: cancel a delay or timer message that has not been delivered, with the recall
//! handle its send returned. Already delivered (or recalled) is MESSAGE_NOT_FOUND; a handle this
//! server did not issue, or one of another topic, is BAD_REQUEST.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, PUB};
use crate::convert::topic_name;
use crate::{Proxy, RequestError, status};

pub async fn recall_message(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::RecallMessageRequest,
) -> pb::RecallMessageResponse {
    match run(proxy, caller, req).await {
        Ok(message_id) => pb::RecallMessageResponse {
            status: status::ok(),
            message_id,
        },
        Err(e) => pb::RecallMessageResponse {
            status: status::from_error(&e),
            message_id: String::new(),
        },
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::RecallMessageRequest,
) -> Result<String, RequestError> {
    let topic = topic_name(req.topic.as_ref())?;
    proxy.require(caller, &[Need::topic(topic.as_str(), PUB)])?;
    if req.recall_handle.trim().is_empty() {
        return Err(RequestError::Missing("recall_handle"));
    }
    proxy.backend.recall(&topic, &req.recall_handle).await
}
