//! UpdateOffset: a pull consumer commits its offset on a queue. Out-of-range offsets are
//! ILLEGAL_OFFSET.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{broker_of, group_name, offset_of, queue_of};
use crate::{Proxy, RequestError, status};

pub async fn update_offset(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::UpdateOffsetRequest,
) -> pb::UpdateOffsetResponse {
    let result = async {
        let group = group_name(req.group.as_ref())?;
        let (topic, queue_id) = queue_of(req.message_queue.as_ref())?;
        proxy.require(
            caller,
            &[
                Need::group(group.as_str(), SUB),
                Need::topic(topic.as_str(), SUB),
            ],
        )?;
        let offset = offset_of(req.offset, queue_id)?;
        proxy
            .backend
            .update_offset(
                broker_of(req.message_queue.as_ref()),
                &group,
                &topic,
                queue_id,
                offset,
            )
            .await?;
        Ok::<_, RequestError>(())
    }
    .await;
    pb::UpdateOffsetResponse {
        status: result.map_or_else(|e| status::from_error(&e), |()| status::ok()),
    }
}
