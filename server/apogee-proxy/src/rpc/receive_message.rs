//! ReceiveMessage: a long-polling pop. The stream is always `status`, then one response per
//! message, then `delivery_timestamp`, then the end; it ends before the client's deadline.

use std::time::Duration;

use apogee_broker::ReceiveRequest;
use apogee_proto::rocketmq::v2 as pb;
use apogee_types::TagFilter;
use pb::receive_message_response::Content;

use crate::convert::{delivery_to_pb, group_name, timestamp, to_duration, topic_name};
use crate::settings::LONG_POLLING;
use crate::{Proxy, RequestError, status};

/// Time kept between the end of a long poll and the client's deadline, for the reply to travel.
const DEADLINE_MARGIN: Duration = Duration::from_millis(500);

pub async fn receive_message(
    proxy: &Proxy,
    deadline: Option<Duration>,
    req: pb::ReceiveMessageRequest,
) -> Vec<pb::ReceiveMessageResponse> {
    let mut out = Vec::new();
    match run(proxy, deadline, req).await {
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
    let now = proxy.broker.clock().now_ms();
    out.push(content(Content::DeliveryTimestamp(timestamp(now))));
    out
}

fn content(c: Content) -> pb::ReceiveMessageResponse {
    pb::ReceiveMessageResponse { content: Some(c) }
}

async fn run(
    proxy: &Proxy,
    deadline: Option<Duration>,
    req: pb::ReceiveMessageRequest,
) -> Result<Vec<pb::Message>, RequestError> {
    let group = group_name(req.group.as_ref())?;
    let queue = req
        .message_queue
        .as_ref()
        .ok_or(RequestError::Missing("message_queue"))?;
    let topic = topic_name(queue.topic.as_ref())?;
    let filter = match req.filter_expression {
        None => TagFilter::All,
        Some(f) => match pb::FilterType::try_from(f.r#type) {
            Ok(pb::FilterType::Tag | pb::FilterType::Unspecified) => {
                TagFilter::parse(&f.expression)
            }
            Ok(pb::FilterType::Sql) => {
                return Err(RequestError::FilterExpression(
                    "SQL92 filtering is not supported yet".into(),
                ));
            }
            Err(_) => {
                return Err(RequestError::FilterExpression(format!(
                    "unknown filter type {}",
                    f.r#type
                )));
            }
        },
    };
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
    let requested = match &req.long_polling_timeout {
        Some(d) => {
            to_duration(d).ok_or_else(|| RequestError::PollingTime("negative duration".into()))?
        }
        None => deadline.map_or(LONG_POLLING, |d| d.saturating_sub(d / 4)),
    };
    let long_polling = match deadline {
        Some(d) if d <= DEADLINE_MARGIN => {
            return Err(RequestError::PollingTime(format!(
                "the call's deadline ({} ms) leaves no time to poll",
                d.as_millis()
            )));
        }
        Some(d) => requested.min(d - DEADLINE_MARGIN),
        None => requested,
    };
    let batch_size = usize::try_from(req.batch_size).unwrap_or(0);
    let deliveries = proxy
        .broker
        .receive(ReceiveRequest {
            group,
            topic,
            filter,
            batch_size,
            invisible,
            long_polling,
        })
        .await?;
    Ok(deliveries
        .into_iter()
        .map(|d| delivery_to_pb(d, &proxy.store_host))
        .collect())
}
