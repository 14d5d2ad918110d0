//! SendMessage: validate every message while converting it, store them in one write, and
//! answer with exactly one entry per message (Java, Python and Rust rely on that count).

use apogee_proto::rocketmq::v2 as pb;
use apogee_types::TopicName;

use crate::convert::message_from_pb;
use crate::{Proxy, RequestError, status};

pub async fn send_message(proxy: &Proxy, req: pb::SendMessageRequest) -> pb::SendMessageResponse {
    let count = req.messages.len().max(1);
    match run(proxy, req).await {
        Ok(entries) => pb::SendMessageResponse {
            status: status::ok(),
            entries,
        },
        Err(e) => {
            let st = status::from_error(&e);
            pb::SendMessageResponse {
                status: st.clone(),
                entries: (0..count)
                    .map(|_| pb::SendResultEntry {
                        status: st.clone(),
                        ..Default::default()
                    })
                    .collect(),
            }
        }
    }
}

async fn run(
    proxy: &Proxy,
    req: pb::SendMessageRequest,
) -> Result<Vec<pb::SendResultEntry>, RequestError> {
    if req.messages.is_empty() {
        return Err(RequestError::MessageCorrupted(
            "the request carries no message".into(),
        ));
    }
    let max_body = proxy.broker.config().max_body_size;
    let now_ms = proxy.broker.clock().now_ms();
    let mut topic: Option<TopicName> = None;
    let mut messages = Vec::with_capacity(req.messages.len());
    for m in req.messages {
        let (t, message) = message_from_pb(m, max_body, now_ms)?;
        match &topic {
            Some(first) if *first != t => {
                return Err(RequestError::MessageCorrupted(format!(
                    "one request may carry messages of one topic only ({first} and {t})"
                )));
            }
            Some(_) => {}
            None => topic = Some(t),
        }
        messages.push(message);
    }
    let topic = topic.ok_or(RequestError::Missing("topic"))?;
    let receipts = proxy.broker.send(&topic, messages).await?;
    Ok(receipts
        .into_iter()
        .map(|r| pb::SendResultEntry {
            status: status::ok(),
            message_id: r.message_id,
            transaction_id: r.transaction_id.unwrap_or_default(),
            offset: r
                .queue_offset
                .map_or(0, |o| i64::try_from(o).unwrap_or(i64::MAX)),
            recall_handle: r.recall_handle.unwrap_or_default(),
        })
        .collect())
}
