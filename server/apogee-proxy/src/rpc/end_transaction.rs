//! EndTransaction: the producer commits or rolls back a half message (as the sender, or in
//! answer to a check-back). An unknown or already-resolved transaction is
//! INVALID_TRANSACTION_ID; an unspecified resolution means "still unknown" and changes nothing.

use apogee_broker::Resolution;
use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, PUB};
use crate::convert::topic_name;
use crate::{Proxy, RequestError, status};

pub async fn end_transaction(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::EndTransactionRequest,
) -> pb::EndTransactionResponse {
    let result = run(proxy, caller, req).await;
    pb::EndTransactionResponse {
        status: result.map_or_else(|e| status::from_error(&e), |()| status::ok()),
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::EndTransactionRequest,
) -> Result<(), RequestError> {
    let topic = topic_name(req.topic.as_ref())?;
    proxy.require(caller, &[Need::topic(topic.as_str(), PUB)])?;
    if req.transaction_id.trim().is_empty() {
        return Err(RequestError::TransactionId(
            "transaction_id is required".into(),
        ));
    }
    let resolution = match pb::TransactionResolution::try_from(req.resolution) {
        Ok(pb::TransactionResolution::Commit) => Resolution::Commit,
        Ok(pb::TransactionResolution::Rollback) => Resolution::Rollback,
        Ok(pb::TransactionResolution::Unspecified) => return Ok(()),
        Err(_) => {
            return Err(RequestError::BadValue(format!(
                "unknown transaction resolution {}",
                req.resolution
            )));
        }
    };
    proxy
        .backend
        .end_transaction(&topic, &req.transaction_id, resolution)
        .await
}
