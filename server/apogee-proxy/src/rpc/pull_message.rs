//! PullMessage: messages of one queue from an offset, for consumers that keep their own
//! position. The stream is `status`, the messages, then `next_offset`.

use std::time::Duration;

use apogee_broker::PullRequest;
use apogee_proto::rocketmq::v2 as pb;
use pb::pull_message_response::Content;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{broker_of, filter, group_name, offset_of, queue_of, stored_to_pb};
use crate::rpc::receive_message::polling_time;
use crate::{Proxy, RequestError, status};

pub async fn pull_message(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    deadline: Option<Duration>,
    req: pb::PullMessageRequest,
) -> Vec<pb::PullMessageResponse> {
    let offset = req.offset;
    match run(proxy, caller, client_id, deadline, req).await {
        Ok((messages, next)) => {
            let code = if messages.is_empty() {
                status::status(pb::Code::MessageNotFound, "no new message")
            } else {
                status::ok()
            };
            let mut out = Vec::with_capacity(messages.len() + 2);
            out.push(content(Content::Status(code.unwrap_or_default())));
            out.extend(messages.into_iter().map(|m| content(Content::Message(m))));
            out.push(content(Content::NextOffset(next)));
            out
        }
        Err(e) => vec![
            content(Content::Status(status::from_error(&e).unwrap_or_default())),
            content(Content::NextOffset(offset)),
        ],
    }
}

fn content(c: Content) -> pb::PullMessageResponse {
    pb::PullMessageResponse { content: Some(c) }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    deadline: Option<Duration>,
    req: pb::PullMessageRequest,
) -> Result<(Vec<pb::Message>, i64), RequestError> {
    let group = group_name(req.group.as_ref())?;
    let (topic, queue_id) = queue_of(req.message_queue.as_ref())?;
    proxy.require(
        caller,
        &[
            Need::group(group.as_str(), SUB),
            Need::topic(topic.as_str(), SUB),
        ],
    )?;
    let offset = offset_of(req.offset, queue_id)?;
    let long_polling = polling_time(req.long_polling_timeout.as_ref(), deadline)?;
    let read_topic = topic.as_str().to_owned();
    let broker = broker_of(req.message_queue.as_ref()).map(str::to_owned);
    let result = proxy
        .backend
        .pull(
            broker.as_deref(),
            PullRequest {
                group,
                topic,
                queue_id,
                offset,
                batch_size: usize::try_from(req.batch_size).unwrap_or(0),
                filter: filter(req.filter_expression)?,
                long_polling,
                client_id,
            },
        )
        .await?;
    let messages = result
        .messages
        .into_iter()
        .map(|m| stored_to_pb(m, &proxy.store_host, &read_topic))
        .collect();
    Ok((
        messages,
        i64::try_from(result.next_offset).unwrap_or(i64::MAX),
    ))
}
