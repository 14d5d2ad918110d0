//! SendMessage: validate every message while converting it, store them in one write, and
//! answer with exactly one entry per message (Java, Python and Rust rely on that count).

use apogee_broker::BrokerError;
use apogee_proto::rocketmq::v2 as pb;
use apogee_types::TopicName;

use crate::auth::{Caller, Need, PUB};
use crate::convert::{message_from_pb, topic_name};
use crate::{Proxy, RequestError, status};

pub async fn send_message(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::SendMessageRequest,
) -> pb::SendMessageResponse {
    let count = req.messages.len().max(1);
    match run(proxy, caller, req).await {
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
    caller: &Caller,
    req: pb::SendMessageRequest,
) -> Result<Vec<pb::SendResultEntry>, RequestError> {
    if req.messages.is_empty() {
        return Err(RequestError::MessageCorrupted(
            "the request carries no message".into(),
        ));
    }
    // Allowed before anything else: the first message names the topic, and the rest must
    // name the same one.
    let first = topic_name(req.messages[0].topic.as_ref())?;
    proxy.require(caller, &[Need::topic(first.as_str(), PUB)])?;
    // Bounded before anything is converted: the count, then the decoded bodies as they grow.
    proxy
        .backend
        .config()
        .check_send_batch(req.messages.len())?;
    let config = proxy.backend.config();
    let limits = config.message_limits();
    let now_ms = proxy.backend.now_ms();
    let mut topic: Option<TopicName> = None;
    let mut messages = Vec::with_capacity(req.messages.len());
    let mut body_bytes = 0usize;
    for m in req.messages {
        let (t, message) = message_from_pb(m, &limits, now_ms)?;
        body_bytes += message.body.len();
        if body_bytes > config.max_batch_bytes {
            return Err(BrokerError::BatchTooLarge {
                size: body_bytes,
                max: config.max_batch_bytes,
            }
            .into());
        }
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
    let spans = crate::traces::SendSpans::start(topic.as_str(), &mut messages);
    let sent = proxy.backend.send(&topic, messages).await;
    spans.finish(sent.as_ref().err().map(|e| e.to_string()).as_deref());
    let receipts = sent?;
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
