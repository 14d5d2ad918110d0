//! Message query: by id, or by key in a time range, with each group's delivery state.

use apogee_broker::{Broker, DeliveryState, MessageReport, MessageStatus};
use apogee_proto::admin::v1 as pb;
use apogee_types::{MessageType, TopicName};
use tonic::Status;

use crate::status::admin_status;

/// Default and largest number of results of a key query.
const DEFAULT_LIMIT: u32 = 32;

pub(super) fn query_message(
    broker: &Broker,
    req: pb::QueryMessageRequest,
) -> Result<pb::QueryMessageResponse, Status> {
    let reports = match req.by {
        Some(pb::query_message_request::By::MessageId(id)) => {
            if id.trim().is_empty() {
                return Err(Status::invalid_argument("message_id is empty"));
            }
            broker.query_by_id(&id)
        }
        Some(pb::query_message_request::By::Key(k)) => {
            let topic =
                TopicName::new(&k.topic).map_err(|e| Status::invalid_argument(e.to_string()))?;
            if k.key.trim().is_empty() {
                return Err(Status::invalid_argument("key is empty"));
            }
            let from = u64::try_from(k.from_ms)
                .map_err(|_| Status::invalid_argument("from_ms is negative"))?;
            let to = match k.to_ms {
                0 => u64::MAX,
                t => u64::try_from(t).map_err(|_| Status::invalid_argument("to_ms is negative"))?,
            };
            if from > to {
                return Err(Status::invalid_argument("from_ms is after to_ms"));
            }
            let limit = if k.limit == 0 {
                DEFAULT_LIMIT
            } else {
                k.limit.min(64)
            };
            broker.query_by_key(&topic, &k.key, from, to, limit as usize)
        }
        None => return Err(Status::invalid_argument("give a message_id or a key")),
    }
    .map_err(|e| admin_status(&e))?;
    Ok(pb::QueryMessageResponse {
        messages: reports
            .into_iter()
            .map(|r| view(&broker.config().name, r, req.include_body))
            .collect(),
    })
}

fn view(broker: &str, r: MessageReport, include_body: bool) -> pb::MessageView {
    let s = r.message;
    let body_md5 = s.body_md5_hex();
    let m = s.message;
    let (status, queued) = match r.status {
        MessageStatus::Queued => ("queued", true),
        MessageStatus::Scheduled { .. } => ("scheduled", false),
        MessageStatus::Prepared => ("prepared", false),
        MessageStatus::Dropped => ("dropped", false),
    };
    pb::MessageView {
        broker: broker.to_owned(),
        topic: s.topic,
        queue_id: s.queue_id,
        queue_offset: queued.then_some(s.queue_offset),
        log_offset: s.log_offset,
        message_id: m.message_id,
        tag: m.tag,
        keys: m.keys,
        properties: m.user_properties.into_iter().collect(),
        body_size: u32::try_from(m.body.len()).unwrap_or(u32::MAX),
        body_md5,
        body: if include_body {
            m.body
        } else {
            Default::default()
        },
        born_ms: m.born_timestamp_ms,
        born_host: m.born_host,
        store_ms: s.store_timestamp_ms,
        message_type: match m.message_type {
            Some(MessageType::Normal) => pb::MessageType::Normal,
            Some(MessageType::Fifo) => pb::MessageType::Fifo,
            Some(MessageType::Delay) => pb::MessageType::Delay,
            Some(MessageType::Transaction) => pb::MessageType::Transaction,
            None => pb::MessageType::Unspecified,
        } as i32,
        delivery_ms: m.delivery_timestamp_ms,
        message_group: m.message_group,
        status: status.to_owned(),
        groups: r
            .groups
            .into_iter()
            .map(|(group, state)| group_delivery(group, state))
            .collect(),
    }
}

fn group_delivery(group: String, state: DeliveryState) -> pb::GroupDelivery {
    let mut d = pb::GroupDelivery {
        group,
        ..Default::default()
    };
    d.state = match state {
        DeliveryState::Pending => "pending",
        DeliveryState::InFlight { attempt } => {
            d.attempt = attempt;
            "in_flight"
        }
        DeliveryState::Retrying { attempt } => {
            d.attempt = attempt;
            "retrying"
        }
        DeliveryState::Consumed => "consumed",
        DeliveryState::DeadLettered => "dead_lettered",
        DeliveryState::Broadcast {
            consumed,
            instances,
        } => {
            d.consumed_instances = consumed;
            d.instances = instances;
            "broadcast"
        }
    }
    .to_owned();
    d
}
