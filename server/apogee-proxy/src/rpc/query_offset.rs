//! QueryOffset: an offset of a queue by position (beginning, end) or by store time.

use apogee_broker::{BrokerError, OffsetQuery};
use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{as_i64, broker_of, queue_of, timestamp_ms};
use crate::{Proxy, RequestError, status};

pub async fn query_offset(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::QueryOffsetRequest,
) -> pb::QueryOffsetResponse {
    let result = async {
        let (topic, queue_id) = queue_of(req.message_queue.as_ref())?;
        proxy.require(caller, &[Need::topic(topic.as_str(), SUB)])?;
        let query = match pb::QueryOffsetPolicy::try_from(req.query_offset_policy) {
            Ok(pb::QueryOffsetPolicy::Beginning) => OffsetQuery::Beginning,
            Ok(pb::QueryOffsetPolicy::End) => OffsetQuery::End,
            Ok(pb::QueryOffsetPolicy::Timestamp) => OffsetQuery::Timestamp(timestamp_ms(
                req.timestamp
                    .as_ref()
                    .ok_or(RequestError::Missing("timestamp"))?,
            )),
            Err(_) => {
                return Err(RequestError::Broker(BrokerError::InvalidArgument(format!(
                    "unknown query offset policy {}",
                    req.query_offset_policy
                ))));
            }
        };
        proxy
            .backend
            .query_offset(
                broker_of(req.message_queue.as_ref()),
                &topic,
                queue_id,
                query,
            )
            .await
    }
    .await;
    match result {
        Ok(o) => pb::QueryOffsetResponse {
            status: status::ok(),
            offset: as_i64(o),
        },
        Err(e) => pb::QueryOffsetResponse {
            status: status::from_error(&e),
            offset: 0,
        },
    }
}
