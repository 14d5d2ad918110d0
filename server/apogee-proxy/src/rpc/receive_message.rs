//! ReceiveMessage: a long-polling pop. The stream is always `status`, then one response per
//! message, then `delivery_timestamp`, then the end; it ends before the client's deadline.

use std::time::Duration;

use apogee_broker::ReceiveRequest;
use apogee_proto::rocketmq::v2 as pb;
use pb::receive_message_response::Content;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{
    broker_of, delivery_to_pb, filter, group_name, timestamp, to_duration, topic_name,
};
use crate::settings::LONG_POLLING;
use crate::{Proxy, RequestError, status};

/// Time kept between the end of a long poll and the client's deadline, for the reply to travel.
pub const DEADLINE_MARGIN: Duration = Duration::from_millis(500);

pub async fn receive_message(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    deadline: Option<Duration>,
    req: pb::ReceiveMessageRequest,
) -> Vec<pb::ReceiveMessageResponse> {
    let mut out = Vec::new();
    match run(proxy, caller, client_id, deadline, req).await {
        Ok(messages) if messages.is_empty() => {
            out.push(content(Content::Status(
                status::status(pb::Code::MessageNotFound, "no new message").unwrap_or_default(),
            )));
        }
        Ok(messages) => {
            out.reserve(messages.len() + 2);
            out.push(content(Content::Status(status::ok().unwrap_or_default())));
            out.extend(messages.into_iter().map(|m| content(Content::Message(m))));
        }
        Err(e) => out.push(content(Content::Status(
            status::from_error(&e).unwrap_or_default(),
        ))),
    }
    let now = proxy.backend.now_ms();
    out.push(content(Content::DeliveryTimestamp(timestamp(now))));
    out
}

fn content(c: Content) -> pb::ReceiveMessageResponse {
    pb::ReceiveMessageResponse { content: Some(c) }
}

/// How long to poll: the client's ask, else most of its deadline, never past the deadline.
pub fn polling_time(
    requested: Option<&prost_types::Duration>,
    deadline: Option<Duration>,
) -> Result<Duration, RequestError> {
    let requested = match requested {
        Some(d) => {
            to_duration(d).ok_or_else(|| RequestError::PollingTime("negative duration".into()))?
        }
        None => deadline.map_or(LONG_POLLING, |d| d.saturating_sub(d / 4)),
    };
    match deadline {
        Some(d) if d <= DEADLINE_MARGIN => Err(RequestError::PollingTime(format!(
            "the call's deadline ({} ms) leaves no time to poll",
            d.as_millis()
        ))),
        Some(d) => Ok(requested.min(d - DEADLINE_MARGIN)),
        None => Ok(requested),
    }
}

async fn run(
    proxy: &Proxy,
    caller: &Caller,
    client_id: Option<String>,
    deadline: Option<Duration>,
    req: pb::ReceiveMessageRequest,
) -> Result<Vec<pb::Message>, RequestError> {
    let group = group_name(req.group.as_ref())?;
    let queue = req
        .message_queue
        .as_ref()
        .ok_or(RequestError::Missing("message_queue"))?;
    let topic = topic_name(queue.topic.as_ref())?;
    proxy.require(
        caller,
        &[
            Need::group(group.as_str(), SUB),
            Need::topic(topic.as_str(), SUB),
        ],
    )?;
    let filter = filter(req.filter_expression)?;
    let invisible = if req.auto_renew {
        None
    } else {
        let d = req
            .invisible_duration
            .as_ref()
            .ok_or(RequestError::InvisibleTime(
                "invisible_duration is required unless auto_renew is set".into(),
            ))?;
        Some(
            to_duration(d)
                .ok_or_else(|| RequestError::InvisibleTime("negative duration".into()))?,
        )
    };
    let long_polling = polling_time(req.long_polling_timeout.as_ref(), deadline)?;
    let batch_size = usize::try_from(req.batch_size).unwrap_or(0);
    let read_topic = topic.as_str().to_owned();
    let group_label = group.as_str().to_owned();
    let prefer = broker_of(Some(queue));
    let deliveries = proxy
        .backend
        .receive(
            ReceiveRequest {
                group,
                topic,
                filter,
                batch_size,
                invisible,
                long_polling,
                client_id,
            },
            prefer,
        )
        .await?;
    crate::traces::receive_span(
        &read_topic,
        &group_label,
        deliveries
            .iter()
            .map(|d| d.message.message.trace_context.as_deref()),
    );
    Ok(deliveries
        .into_iter()
        .map(|d| delivery_to_pb(d, &proxy.store_host, &read_topic))
        .collect())
}
