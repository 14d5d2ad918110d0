//! ChangeInvisibleDuration: move a delivery's deadline (a negative ack when short) and return
//! the new receipt handle. On failure the old handle is echoed, since Java, Go and Python store
//! whatever handle comes back.

use apogee_proto::rocketmq::v2 as pb;

use apogee_broker::Presented;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{group_name, to_duration, topic_name};
use crate::{Proxy, RequestError, status};

pub async fn change_invisible_duration(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::ChangeInvisibleDurationRequest,
) -> pb::ChangeInvisibleDurationResponse {
    let old = req.receipt_handle.clone();
    match run(proxy, caller, req).await {
        Ok(receipt_handle) => pb::ChangeInvisibleDurationResponse {
            status: status::ok(),
            receipt_handle,
        },
        Err(e) => pb::ChangeInvisibleDurationResponse {
            status: status::from_error(&e),
            receipt_handle: old,
        },
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::ChangeInvisibleDurationRequest,
) -> Result<String, RequestError> {
    let group = group_name(req.group.as_ref())?;
    let topic = topic_name(req.topic.as_ref())?;
    proxy.require(
        caller,
        &[
            Need::group(group.as_str(), SUB),
            Need::topic(topic.as_str(), SUB),
        ],
    )?;
    let d = req
        .invisible_duration
        .as_ref()
        .ok_or(RequestError::InvisibleTime(
            "invisible_duration is required".into(),
        ))?;
    let d =
        to_duration(d).ok_or_else(|| RequestError::InvisibleTime("negative duration".into()))?;
    proxy
        .backend
        .change_invisible(
            &group,
            Presented {
                receipt_handle: &req.receipt_handle,
                topic: &topic,
                message_id: &req.message_id,
            },
            d,
        )
        .await
}
