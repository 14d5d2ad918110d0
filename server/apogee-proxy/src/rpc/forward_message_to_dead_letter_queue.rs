//! ForwardMessageToDeadLetterQueue: push consumers hand over FIFO messages whose local retries
//! are exhausted. The message moves to `%DLQ%<group>` and the delivery is finished. Non-OK makes
//! clients retry every second, so a stale handle is INVALID_RECEIPT_HANDLE (they stop).

use apogee_proto::rocketmq::v2 as pb;

use apogee_broker::Presented;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{group_name, topic_name};
use crate::{Proxy, RequestError, status};

pub async fn forward_message_to_dead_letter_queue(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::ForwardMessageToDeadLetterQueueRequest,
) -> pb::ForwardMessageToDeadLetterQueueResponse {
    let result = run(proxy, caller, req).await;
    pb::ForwardMessageToDeadLetterQueueResponse {
        status: result.map_or_else(|e| status::from_error(&e), |()| status::ok()),
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::ForwardMessageToDeadLetterQueueRequest,
) -> Result<(), RequestError> {
    let group = group_name(req.group.as_ref())?;
    let topic = topic_name(req.topic.as_ref())?;
    proxy.require(
        caller,
        &[
            Need::group(group.as_str(), SUB),
            Need::topic(topic.as_str(), SUB),
        ],
    )?;
    let presented = Presented {
        receipt_handle: &req.receipt_handle,
        topic: &topic,
        message_id: &req.message_id,
    };
    proxy.backend.forward_to_dlq(&group, presented).await
}
