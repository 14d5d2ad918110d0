//! Topic administration: create, list, describe, update, delete.

use std::time::Duration;

use apogee_broker::{Broker, Perm, TopicMeta, TopicSpec, TopicUpdate};
use apogee_proto::admin::v1 as pb;
use apogee_types::{MessageType, TopicName};
use tonic::Status;

use crate::status::admin_status;

pub(super) fn topic_info(t: &TopicMeta) -> pb::TopicInfo {
    pb::TopicInfo {
        name: t.name.as_str().to_owned(),
        id: t.id,
        queues: t.queues,
        message_types: t.accepts.iter().map(|m| type_to_pb(*m) as i32).collect(),
        auto_created: t.auto_created,
        system: t.system,
        created_at_ms: t.created_ms,
        permission: perm_to_pb(t.perm) as i32,
        retention_ms: t.retention_ms,
    }
}

fn perm_to_pb(p: Perm) -> pb::Permission {
    match (p.read, p.write) {
        (true, true) => pb::Permission::ReadWrite,
        (true, false) => pb::Permission::Read,
        (false, true) => pb::Permission::Write,
        (false, false) => pb::Permission::None,
    }
}

fn perm_from_pb(code: i32) -> Result<Perm, Status> {
    let (read, write) = match pb::Permission::try_from(code) {
        Ok(pb::Permission::ReadWrite) => (true, true),
        Ok(pb::Permission::Read) => (true, false),
        Ok(pb::Permission::Write) => (false, true),
        Ok(pb::Permission::None) => (false, false),
        Ok(pb::Permission::Unspecified) | Err(_) => {
            return Err(Status::invalid_argument(format!(
                "permission {code} is not one of NONE, READ, WRITE, READ_WRITE"
            )));
        }
    };
    Ok(Perm { read, write })
}

pub(super) async fn update_topic(
    broker: &Broker,
    req: pb::UpdateTopicRequest,
) -> Result<pb::UpdateTopicResponse, Status> {
    let accepts = if req.message_types.is_empty() {
        None
    } else {
        let mut t = req
            .message_types
            .iter()
            .map(|t| type_from_pb(*t))
            .collect::<Result<Vec<_>, _>>()?;
        t.sort();
        t.dedup();
        Some(t)
    };
    if req.queues == Some(0) {
        return Err(Status::invalid_argument("a topic needs at least one queue"));
    }
    let update = TopicUpdate {
        queues: req.queues,
        perm: req.permission.map(perm_from_pb).transpose()?,
        retention: req.retention_ms.map(Duration::from_millis),
        accepts,
    };
    let topic = broker
        .update_topic(&req.name, update)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::UpdateTopicResponse {
        topic: Some(topic_info(&topic)),
    })
}

pub(super) async fn delete_topic(
    broker: &Broker,
    req: pb::DeleteTopicRequest,
) -> Result<pb::DeleteTopicResponse, Status> {
    broker
        .delete_topic(&req.name)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::DeleteTopicResponse {})
}

fn type_to_pb(t: MessageType) -> pb::MessageType {
    match t {
        MessageType::Normal => pb::MessageType::Normal,
        MessageType::Fifo => pb::MessageType::Fifo,
        MessageType::Delay => pb::MessageType::Delay,
        MessageType::Transaction => pb::MessageType::Transaction,
    }
}

fn type_from_pb(code: i32) -> Result<MessageType, Status> {
    match pb::MessageType::try_from(code) {
        Ok(pb::MessageType::Normal) => Ok(MessageType::Normal),
        Ok(pb::MessageType::Fifo) => Ok(MessageType::Fifo),
        Ok(pb::MessageType::Delay) => Ok(MessageType::Delay),
        Ok(pb::MessageType::Transaction) => Ok(MessageType::Transaction),
        Ok(pb::MessageType::Unspecified) | Err(_) => Err(Status::invalid_argument(format!(
            "message type {code} is not one of NORMAL, FIFO, DELAY, TRANSACTION"
        ))),
    }
}

pub(super) async fn create_topic(
    broker: &Broker,
    req: pb::CreateTopicRequest,
) -> Result<pb::CreateTopicResponse, Status> {
    let name = TopicName::new(&req.name).map_err(|e| Status::invalid_argument(e.to_string()))?;
    let mut accepts = req
        .message_types
        .iter()
        .map(|t| type_from_pb(*t))
        .collect::<Result<Vec<_>, _>>()?;
    if accepts.is_empty() {
        accepts.push(MessageType::Normal);
    }
    accepts.sort();
    accepts.dedup();
    let queues = if req.queues == 0 {
        broker.config().default_queues
    } else {
        req.queues
    };
    let spec = TopicSpec {
        name,
        queues,
        accepts,
        system: false,
        auto_created: false,
    };
    let topic = broker
        .create_topic(spec)
        .await
        .map_err(|e| admin_status(&e))?;
    Ok(pb::CreateTopicResponse {
        topic: Some(topic_info(&topic)),
    })
}

pub(super) fn list_topics(broker: &Broker, req: pb::ListTopicsRequest) -> pb::ListTopicsResponse {
    pb::ListTopicsResponse {
        topics: broker
            .list_topics()
            .iter()
            .filter(|t| req.include_system || !t.system)
            .map(|t| topic_info(t))
            .collect(),
    }
}

pub(super) fn describe_topic(
    broker: &Broker,
    req: pb::DescribeTopicRequest,
) -> Result<pb::DescribeTopicResponse, Status> {
    let topic = broker
        .topic(&req.name)
        .ok_or_else(|| Status::not_found(format!("topic {} does not exist", req.name)))?;
    let mut queues = Vec::with_capacity(topic.queues as usize);
    for queue_id in 0..topic.queues {
        let (min_offset, max_offset) = broker
            .queue_bounds(topic.id, queue_id)
            .map_err(|e| admin_status(&e))?;
        queues.push(pb::QueueInfo {
            queue_id,
            min_offset,
            max_offset,
            broker: broker.config().name.clone(),
        });
    }
    Ok(pb::DescribeTopicResponse {
        topic: Some(topic_info(&topic)),
        queues,
    })
}
