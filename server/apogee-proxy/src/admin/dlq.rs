//! Dead-letter queue administration: list and resend.

use apogee_broker::Broker;
use apogee_proto::admin::v1 as pb;
use tonic::Status;

use crate::status::admin_status;

pub(super) fn list_dlq(
    broker: &Broker,
    req: pb::ListDlqMessagesRequest,
) -> Result<pb::ListDlqMessagesResponse, Status> {
    let limit = if req.limit == 0 {
        100
    } else {
        req.limit as usize
    };
    let (messages, next_offset) = broker
        .dlq_messages(&req.group, req.from_offset, limit)
        .map_err(|e| admin_status(&e))?;
    Ok(pb::ListDlqMessagesResponse {
        messages: messages
            .into_iter()
            .map(|d| {
                let m = d.message.message;
                pb::DlqMessage {
                    offset: d.offset,
                    message_id: m.message_id,
                    original_topic: d.message.topic,
                    tag: m.tag,
                    keys: m.keys,
                    properties: m.user_properties.into_iter().collect(),
                    body_size: u32::try_from(m.body.len()).unwrap_or(u32::MAX),
                    store_time_ms: d.message.store_timestamp_ms,
                    dead_lettered_ms: d.dead_lettered_ms,
                    message_group: m.message_group,
                    broker: broker.config().name.clone(),
                }
            })
            .collect(),
        next_offset,
    })
}

pub(super) async fn resend_dlq(
    broker: &Broker,
    req: pb::ResendDlqMessagesRequest,
) -> Result<pb::ResendDlqMessagesResponse, Status> {
    let ids = match (req.all, req.message_ids.is_empty()) {
        (true, true) => None,
        (false, false) => Some(req.message_ids.as_slice()),
        (true, false) => {
            return Err(Status::invalid_argument(
                "give message ids or all, not both",
            ));
        }
        (false, true) => return Err(Status::invalid_argument("give message ids, or all = true")),
    };
    let resent = broker
        .resend_dlq(&req.group, ids)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::ResendDlqMessagesResponse { resent })
}
