//! The pull consumer: you choose queues and offsets; the server keeps committed offsets per
//! group if you ask it to.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use apogee_proto::rocketmq::v2 as pb;
use pb::pull_message_response::Content;

use crate::client::{Client, ClientOptions};
use crate::error::{Error, ErrorKind, check};
use crate::filter::FilterExpression;
use crate::message::{MessageView, timestamp};
use crate::simple::consumer_settings;

/// One queue of a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageQueue {
    pub topic: String,
    pub id: i32,
    queue: pb::MessageQueue,
}

/// What a pull returned.
#[derive(Debug, Clone)]
pub struct PullResult {
    pub messages: Vec<MessageView>,
    /// Where the next pull should start.
    pub next_offset: i64,
}

/// Builds a [`PullConsumer`].
#[derive(Debug, Clone)]
pub struct PullConsumerBuilder {
    options: ClientOptions,
    group: String,
}

impl PullConsumerBuilder {
    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.options.request_timeout = d;
        self
    }

    pub async fn build(self) -> Result<PullConsumer, Error> {
        let settings = consumer_settings(
            &self.options,
            pb::ClientType::PullConsumer,
            &self.group,
            &[],
            None,
        );
        let client = Client::start(self.options, settings, Some(self.group.clone()), None)
            .await
            .map_err(refused_pull_consumer)?;
        Ok(PullConsumer {
            client,
            group: self.group,
        })
    }
}

/// Apache RocketMQ 5's proxy has no pull API: it fails the Settings of a PULL_CONSUMER with an
/// internal error naming the client type. Say what that means.
fn refused_pull_consumer(e: Error) -> Error {
    if e.kind == ErrorKind::Server && e.message.contains("PULL_CONSUMER") {
        Error::new(
            ErrorKind::Unsupported,
            format!("the server does not serve pull consumers ({})", e.message),
        )
    } else {
        e
    }
}

/// Reads queues from offsets it chooses.
#[derive(Debug, Clone)]
pub struct PullConsumer {
    client: Arc<Client>,
    group: String,
}

impl PullConsumer {
    pub fn builder(endpoint: impl Into<String>, group: impl Into<String>) -> PullConsumerBuilder {
        PullConsumerBuilder {
            options: ClientOptions::new(endpoint),
            group: group.into(),
        }
    }

    /// The readable queues of a topic.
    pub async fn queues(&self, topic: &str) -> Result<Vec<MessageQueue>, Error> {
        let route = self.client.route(topic, true).await?;
        Ok(route
            .iter()
            .filter(|q| {
                matches!(
                    pb::Permission::try_from(q.permission),
                    Ok(pb::Permission::Read | pb::Permission::ReadWrite)
                )
            })
            .map(|q| MessageQueue {
                topic: topic.to_owned(),
                id: q.id,
                queue: q.clone(),
            })
            .collect())
    }

    /// Up to `batch` messages from `offset`, waiting up to `poll` when there are none.
    pub async fn pull(
        &self,
        queue: &MessageQueue,
        offset: i64,
        batch: i32,
        poll: Duration,
        filter: &FilterExpression,
    ) -> Result<PullResult, Error> {
        let req = pb::PullMessageRequest {
            group: Some(self.client.resource(&self.group)),
            message_queue: Some(queue.queue.clone()),
            offset,
            batch_size: batch,
            filter_expression: Some(filter.to_pb()),
            long_polling_timeout: Some(crate::producer::duration(poll)),
        };
        let endpoints = queue
            .queue
            .broker
            .as_ref()
            .and_then(|b| b.endpoints.clone());
        let mut rpc = self.client.rpc(endpoints.as_ref()).await?;
        let mut stream = rpc
            .pull_message(
                self.client
                    .req_with_timeout(req, self.client.long_poll_deadline(poll)),
            )
            .await?
            .into_inner();
        let (mut messages, mut next_offset) = (Vec::new(), offset);
        while let Some(item) = stream.message().await? {
            match item.content {
                Some(Content::Status(s)) if s.code == pb::Code::MessageNotFound as i32 => {}
                Some(Content::Status(s)) => check(Some(&s))?,
                Some(Content::Message(m)) => messages.extend(MessageView::from_pb(m)),
                Some(Content::NextOffset(o)) => next_offset = o,
                None => {}
            }
        }
        Ok(PullResult {
            messages,
            next_offset,
        })
    }

    /// Stores the group's offset on a queue.
    pub async fn commit(&self, queue: &MessageQueue, offset: i64) -> Result<(), Error> {
        let req = pb::UpdateOffsetRequest {
            group: Some(self.client.resource(&self.group)),
            message_queue: Some(queue.queue.clone()),
            offset,
        };
        let resp = self
            .client
            .rpc(None)
            .await?
            .update_offset(self.client.req(req))
            .await?
            .into_inner();
        check(resp.status.as_ref())
    }

    /// The group's stored offset on a queue, if it has one.
    pub async fn committed(&self, queue: &MessageQueue) -> Result<Option<i64>, Error> {
        let req = pb::GetOffsetRequest {
            group: Some(self.client.resource(&self.group)),
            message_queue: Some(queue.queue.clone()),
        };
        let resp = self
            .client
            .rpc(None)
            .await?
            .get_offset(self.client.req(req))
            .await?
            .into_inner();
        match check(resp.status.as_ref()) {
            Ok(()) => Ok(Some(resp.offset)),
            Err(e) if e.code == Some(pb::Code::OffsetNotFound as i32) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The first offset whose message was stored at or after `at` (seek by time).
    pub async fn offset_at(&self, queue: &MessageQueue, at: SystemTime) -> Result<i64, Error> {
        self.query(queue, pb::QueryOffsetPolicy::Timestamp, Some(at))
            .await
    }

    /// The oldest offset kept.
    pub async fn earliest(&self, queue: &MessageQueue) -> Result<i64, Error> {
        self.query(queue, pb::QueryOffsetPolicy::Beginning, None)
            .await
    }

    /// The offset the next message will get.
    pub async fn latest(&self, queue: &MessageQueue) -> Result<i64, Error> {
        self.query(queue, pb::QueryOffsetPolicy::End, None).await
    }

    async fn query(
        &self,
        queue: &MessageQueue,
        policy: pb::QueryOffsetPolicy,
        at: Option<SystemTime>,
    ) -> Result<i64, Error> {
        let req = pb::QueryOffsetRequest {
            message_queue: Some(queue.queue.clone()),
            query_offset_policy: policy as i32,
            timestamp: at.map(timestamp),
        };
        let resp = self
            .client
            .rpc(None)
            .await?
            .query_offset(self.client.req(req))
            .await?
            .into_inner();
        check(resp.status.as_ref())?;
        if resp.offset < 0 {
            return Err(Error::new(ErrorKind::Server, "negative offset"));
        }
        Ok(resp.offset)
    }

    pub async fn shutdown(self) {
        self.client.shutdown().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_without_pull_says_so() {
        let refused = Error::new(
            ErrorKind::Server,
            "process client telemetryCommand failed. Client type is not consumer, type: PULL_CONSUMER",
        );
        let e = refused_pull_consumer(refused);
        assert_eq!(e.kind, ErrorKind::Unsupported);
        assert!(e.message.contains("does not serve pull consumers"), "{e}");
        let other = refused_pull_consumer(Error::new(ErrorKind::Server, "disk full"));
        assert_eq!(other.kind, ErrorKind::Server);
    }
}
