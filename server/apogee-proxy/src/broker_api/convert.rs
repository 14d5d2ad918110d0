//! Domain types to and from `apogee.broker.v1` messages.

use apogee_broker::{Delivery, Filter, SendReceipt};
use apogee_proto::broker::v1 as pb;
use apogee_types::{Message, MessageType, StoredMessage, quote};

use crate::RequestError;

pub fn message_from_pb(m: pb::Message) -> Result<Message, RequestError> {
    let message_type = match m.message_type {
        0 => None,
        code => Some(MessageType::from_code(code).ok_or_else(|| {
            RequestError::MessageCorrupted(format!("unknown message type {code}"))
        })?),
    };
    let mut user_properties: Vec<(String, String)> = m
        .user_properties
        .into_iter()
        .map(|p| (p.key, p.value))
        .collect();
    user_properties.sort();
    Ok(Message {
        message_id: m.message_id,
        body: m.body,
        tag: m.tag,
        keys: m.keys,
        user_properties,
        message_type,
        message_group: m.message_group,
        delivery_timestamp_ms: m.delivery_timestamp_ms,
        born_timestamp_ms: m.born_timestamp_ms,
        born_host: m.born_host,
        trace_context: m.trace_context,
    })
}

pub fn message_to_pb(m: Message) -> pb::Message {
    pb::Message {
        message_id: m.message_id,
        body: m.body,
        tag: m.tag,
        keys: m.keys,
        user_properties: m
            .user_properties
            .into_iter()
            .map(|(key, value)| pb::Property { key, value })
            .collect(),
        message_type: m.message_type.map_or(0, MessageType::code),
        message_group: m.message_group,
        delivery_timestamp_ms: m.delivery_timestamp_ms,
        born_timestamp_ms: m.born_timestamp_ms,
        born_host: m.born_host,
        trace_context: m.trace_context,
    }
}

pub fn stored_to_pb(s: StoredMessage) -> pb::StoredMessage {
    pb::StoredMessage {
        topic: s.topic,
        queue_id: s.queue_id,
        queue_offset: s.queue_offset,
        log_offset: s.log_offset,
        store_timestamp_ms: s.store_timestamp_ms,
        body_md5: s.body_md5.map(|d| d.to_vec()).unwrap_or_default().into(),
        message: Some(message_to_pb(s.message)),
    }
}

pub fn delivery_to_pb(d: Delivery) -> pb::Delivery {
    pb::Delivery {
        message: Some(stored_to_pb(d.message)),
        receipt_handle: d.receipt_handle,
        attempt: d.attempt,
        invisible_until_ms: d.invisible_until_ms,
    }
}

pub fn receipt_to_pb(r: SendReceipt) -> pb::SendReceipt {
    pb::SendReceipt {
        message_id: r.message_id,
        queue_id: r.queue_id,
        queue_offset: r.queue_offset,
        log_offset: r.log_offset,
        transaction_id: r.transaction_id,
        recall_handle: r.recall_handle,
    }
}

pub fn stored_from_pb(s: pb::StoredMessage) -> Result<StoredMessage, RequestError> {
    let body_md5 = match s.body_md5.len() {
        0 => None,
        16 => {
            let mut d = [0u8; 16];
            d.copy_from_slice(&s.body_md5);
            Some(d)
        }
        n => {
            return Err(RequestError::MessageCorrupted(format!(
                "a body digest of {n} bytes"
            )));
        }
    };
    Ok(StoredMessage {
        topic: s.topic,
        queue_id: s.queue_id,
        queue_offset: s.queue_offset,
        log_offset: s.log_offset,
        store_timestamp_ms: s.store_timestamp_ms,
        message: message_from_pb(s.message.unwrap_or_default())?,
        body_md5,
    })
}

pub fn delivery_from_pb(d: pb::Delivery) -> Result<Delivery, RequestError> {
    Ok(Delivery {
        message: stored_from_pb(d.message.unwrap_or_default())?,
        receipt_handle: d.receipt_handle,
        attempt: d.attempt,
        invisible_until_ms: d.invisible_until_ms,
    })
}

pub fn receipt_from_pb(r: pb::SendReceipt) -> SendReceipt {
    SendReceipt {
        message_id: r.message_id,
        queue_id: r.queue_id,
        queue_offset: r.queue_offset,
        log_offset: r.log_offset,
        transaction_id: r.transaction_id,
        recall_handle: r.recall_handle,
    }
}

pub fn filter_to_pb(f: &Filter) -> pb::Filter {
    let (sql, expression) = f.expression();
    pb::Filter {
        kind: if sql {
            pb::filter::Kind::Sql
        } else {
            pb::filter::Kind::Tag
        } as i32,
        expression,
    }
}

pub fn filter_from_pb(f: Option<pb::Filter>) -> Result<Filter, RequestError> {
    let Some(f) = f else {
        return Ok(Filter::all());
    };
    match pb::filter::Kind::try_from(f.kind) {
        Ok(pb::filter::Kind::Tag) => Ok(Filter::tag(&f.expression)),
        Ok(pb::filter::Kind::Sql) => Filter::sql(&f.expression).map_err(|e| {
            RequestError::FilterExpression(format!("SQL92 expression {} {e}", quote(&f.expression)))
        }),
        Err(_) => Err(RequestError::FilterExpression(format!(
            "unknown filter kind {}",
            f.kind
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn a_message_survives_the_round_trip() {
        let m = Message {
            message_id: "id".into(),
            body: Bytes::from_static(b"body"),
            tag: Some("t".into()),
            keys: vec!["k1".into(), "k2".into()],
            user_properties: vec![("a".into(), "1".into()), ("b".into(), "2".into())],
            message_type: Some(MessageType::Fifo),
            message_group: Some("g".into()),
            delivery_timestamp_ms: Some(7),
            born_timestamp_ms: 5,
            born_host: "h".into(),
            trace_context: Some("tc".into()),
        };
        assert_eq!(message_from_pb(message_to_pb(m.clone())).unwrap(), m);
        let undeclared = Message::default();
        assert_eq!(
            message_from_pb(message_to_pb(undeclared.clone())).unwrap(),
            undeclared
        );
        let bad = pb::Message {
            message_type: 9,
            ..Default::default()
        };
        assert!(matches!(
            message_from_pb(bad),
            Err(RequestError::MessageCorrupted(_))
        ));
    }
}
