//! Heartbeat: keep-alive. A consumer heartbeat names its group, which makes the group known
//! (fixing where a new group starts) if it was not already.

use apogee_proto::rocketmq::v2 as pb;

use crate::auth::{Caller, Need, SUB};
use crate::convert::group_name;
use crate::{Proxy, RequestError, status};

pub async fn heartbeat(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    req: pb::HeartbeatRequest,
) -> pb::HeartbeatResponse {
    let result = run(proxy, caller, client_id, req).await;
    pb::HeartbeatResponse {
        status: result.map_or_else(|e| status::from_error(&e), |()| status::ok()),
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    req: pb::HeartbeatRequest,
) -> Result<(), RequestError> {
    let client_id = client_id.ok_or(RequestError::ClientIdRequired)?;
    let client_type = pb::ClientType::try_from(req.client_type)
        .map_err(|_| RequestError::ClientType(req.client_type))?;
    let is_consumer = matches!(
        client_type,
        pb::ClientType::PushConsumer
            | pb::ClientType::SimpleConsumer
            | pb::ClientType::PullConsumer
    );
    if is_consumer {
        let group = group_name(req.group.as_ref())?;
        proxy.require(caller, &[Need::group(group.as_str(), SUB)])?;
        proxy.backend.client_seen(&client_id);
        proxy.backend.group_or_auto_create(&group).await?;
    } else {
        // A producer's heartbeat names nothing to check, but it must be authenticated.
        proxy.require(caller, &[])?;
        proxy.backend.client_seen(&client_id);
    }
    Ok(())
}
