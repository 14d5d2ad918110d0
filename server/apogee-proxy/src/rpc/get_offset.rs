//! GetOffset: a group's committed offset on a queue; OFFSET_NOT_FOUND if it never had one.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{as_i64, broker_of, group_name, queue_of};
use crate::{Proxy, status};

pub async fn get_offset(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::GetOffsetRequest,
) -> pb::GetOffsetResponse {
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
        proxy
            .backend
            .get_offset(
                broker_of(req.message_queue.as_ref()),
                &group,
                &topic,
                queue_id,
            )
            .await
    }
    .await;
    match result {
        Ok(o) => pb::GetOffsetResponse {
            status: status::ok(),
            offset: as_i64(o),
        },
        Err(e) => pb::GetOffsetResponse {
            status: status::from_error(&e),
            offset: 0,
        },
    }
}
