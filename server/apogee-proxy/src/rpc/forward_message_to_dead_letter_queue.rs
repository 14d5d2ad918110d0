//! ForwardMessageToDeadLetterQueue: push consumers hand over FIFO messages whose local retries
//! are exhausted. The message moves to `%DLQ%<group>` and the delivery is finished. Non-OK makes
//! clients retry every second, so a stale handle is INVALID_RECEIPT_HANDLE (they stop).

use apogee_proto::rocketmq::v2 as pb;

use crate::convert::group_name;
use crate::{Proxy, RequestError, status};

pub async fn forward_message_to_dead_letter_queue(
    proxy: &Proxy,
    req: pb::ForwardMessageToDeadLetterQueueRequest,
) -> pb::ForwardMessageToDeadLetterQueueResponse {
    let result = run(proxy, req).await;
    pb::ForwardMessageToDeadLetterQueueResponse {
        status: result.map_or_else(|e| status::from_error(&e), |()| status::ok()),
    }
}

async fn run(
    proxy: &Proxy,
    req: pb::ForwardMessageToDeadLetterQueueRequest,
) -> Result<(), RequestError> {
    let group = group_name(req.group.as_ref())?;
    Ok(proxy
        .broker
        .forward_to_dlq(&group, &req.receipt_handle)
        .await?)
}
