//! The simple consumer: receive a batch, process, ack (or change the invisible duration).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apogee_proto::rocketmq::v2 as pb;
use pb::receive_message_response::Content;

use crate::client::{Client, ClientOptions};
use crate::error::{Error, ErrorKind, check};
use crate::filter::FilterExpression;
use crate::message::MessageView;
use crate::producer::{duration, user_agent};

/// Builds a [`SimpleConsumer`].
#[derive(Debug, Clone)]
pub struct SimpleConsumerBuilder {
    options: ClientOptions,
    group: String,
    subscriptions: Vec<(String, FilterExpression)>,
    await_duration: Duration,
}

impl SimpleConsumerBuilder {
    /// Subscribes to a topic (call once per topic).
    pub fn subscribe(mut self, topic: impl Into<String>, filter: FilterExpression) -> Self {
        self.subscriptions.push((topic.into(), filter));
        self
    }

    /// How long a receive waits for messages when there are none (default 20 s).
    pub fn await_duration(mut self, d: Duration) -> Self {
        self.await_duration = d;
        self
    }

    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.options.request_timeout = d;
        self
    }

    pub async fn build(self) -> Result<SimpleConsumer, Error> {
        if self.subscriptions.is_empty() {
            return Err(Error::new(
                ErrorKind::Client,
                "subscribe to at least one topic",
            ));
        }
        let settings = consumer_settings(
            &self.options,
            pb::ClientType::SimpleConsumer,
            &self.group,
            &self.subscriptions,
            Some(self.await_duration),
        );
        let client = Client::start(
            self.options.clone(),
            settings,
            Some(self.group.clone()),
            None,
        )
        .await?;
        let routed = async {
            for (t, _) in &self.subscriptions {
                client.route(t, false).await?;
            }
            Ok(())
        };
        client.or_shutdown(routed.await).await?;
        Ok(SimpleConsumer {
            client,
            group: self.group,
            subscriptions: self.subscriptions,
            await_duration: self.await_duration,
            next: Arc::new(AtomicUsize::new(0)),
        })
    }
}

/// Receives messages on request and acks them one by one.
#[derive(Debug, Clone)]
pub struct SimpleConsumer {
    client: Arc<Client>,
    group: String,
    subscriptions: Vec<(String, FilterExpression)>,
    await_duration: Duration,
    next: Arc<AtomicUsize>,
}

impl SimpleConsumer {
    pub fn builder(endpoint: impl Into<String>, group: impl Into<String>) -> SimpleConsumerBuilder {
        SimpleConsumerBuilder {
            options: ClientOptions::new(endpoint),
            group: group.into(),
            subscriptions: Vec::new(),
            await_duration: Duration::from_secs(20),
        }
    }

    /// Up to `max` messages, invisible to other consumers for `invisible`; waits up to the
    /// await duration when there are none. Topics are taken in turn.
    #[tracing::instrument(skip(self), fields(group = %self.group))]
    pub async fn receive(&self, max: i32, invisible: Duration) -> Result<Vec<MessageView>, Error> {
        let turn = self.next.fetch_add(1, Ordering::Relaxed);
        let (topic, filter) = &self.subscriptions[turn % self.subscriptions.len()];
        let route = self.client.route(topic, false).await?;
        // Readable queues of master brokers, in turn: with several brokers (Apache RocketMQ),
        // each is asked in its turn; Apogee pops across the whole topic from any of them.
        let readable = readable_masters(&route);
        let queue = (!readable.is_empty())
            .then(|| readable[(turn / self.subscriptions.len()) % readable.len()].clone())
            .ok_or_else(|| {
                Error::new(ErrorKind::NotFound, format!("no readable queue of {topic}"))
            })?;
        receive(
            &self.client,
            &self.group,
            queue,
            filter,
            max,
            Some(invisible),
            self.await_duration,
        )
        .await
    }

    /// Acknowledges a message: it will not be delivered to this group again.
    pub async fn ack(&self, message: &MessageView) -> Result<(), Error> {
        ack(&self.client, &self.group, message).await
    }

    /// Acknowledges several messages of one topic in one request.
    pub async fn ack_all(&self, messages: &[MessageView]) -> Result<(), Error> {
        let Some(first) = messages.first() else {
            return Ok(());
        };
        let req = pb::AckMessageRequest {
            group: Some(self.client.resource(&self.group)),
            topic: Some(self.client.resource(&first.topic)),
            entries: messages
                .iter()
                .map(|m| pb::AckMessageEntry {
                    message_id: m.message_id.clone(),
                    receipt_handle: m.receipt_handle.clone(),
                    lite_topic: None,
                })
                .collect(),
        };
        let resp = self
            .client
            .rpc(None)
            .await?
            .ack_message(self.client.req(req))
            .await?
            .into_inner();
        check(resp.status.as_ref())?;
        resp.entries
            .iter()
            .try_for_each(|e| check(e.status.as_ref()))
    }

    /// Makes a message visible again after `invisible` (a negative ack when short), and
    /// updates its receipt handle.
    pub async fn change_invisible_duration(
        &self,
        message: &mut MessageView,
        invisible: Duration,
    ) -> Result<(), Error> {
        change_invisible(&self.client, &self.group, message, invisible).await
    }

    pub async fn shutdown(self) {
        self.client.shutdown().await;
    }
}

pub(crate) fn consumer_settings(
    options: &ClientOptions,
    client_type: pb::ClientType,
    group: &str,
    subscriptions: &[(String, FilterExpression)],
    long_polling: Option<Duration>,
) -> pb::Settings {
    let resource = |name: &str| pb::Resource {
        resource_namespace: options.namespace.clone(),
        name: name.to_owned(),
    };
    pb::Settings {
        client_type: Some(client_type as i32),
        request_timeout: Some(duration(options.request_timeout)),
        pub_sub: Some(pb::settings::PubSub::Subscription(pb::Subscription {
            group: Some(resource(group)),
            subscriptions: subscriptions
                .iter()
                .map(|(t, f)| pb::SubscriptionEntry {
                    topic: Some(resource(t)),
                    expression: Some(f.to_pb()),
                })
                .collect(),
            long_polling_timeout: long_polling.map(duration),
            ..Default::default()
        })),
        user_agent: Some(user_agent()),
        ..Default::default()
    }
}

/// One ReceiveMessage call; `invisible = None` asks the server to choose and renew.
pub(crate) async fn receive(
    client: &Client,
    group: &str,
    queue: pb::MessageQueue,
    filter: &FilterExpression,
    batch: i32,
    invisible: Option<Duration>,
    poll: Duration,
) -> Result<Vec<MessageView>, Error> {
    let endpoints = queue.broker.as_ref().and_then(|b| b.endpoints.clone());
    let req = pb::ReceiveMessageRequest {
        group: Some(client.resource(group)),
        message_queue: Some(queue),
        filter_expression: Some(filter.to_pb()),
        batch_size: batch,
        invisible_duration: invisible.map(duration),
        auto_renew: invisible.is_none(),
        long_polling_timeout: Some(duration(poll)),
        attempt_id: Some(uuid::Uuid::new_v4().to_string()),
    };
    let mut rpc = client.rpc(endpoints.as_ref()).await?;
    let mut stream = rpc
        .receive_message(client.req_with_timeout(req, client.long_poll_deadline(poll)))
        .await?
        .into_inner();
    let mut messages = Vec::new();
    while let Some(item) = stream.message().await? {
        match item.content {
            Some(Content::Status(s)) if s.code == pb::Code::MessageNotFound as i32 => {}
            Some(Content::Status(s)) => check(Some(&s))?,
            Some(Content::Message(m)) => messages.extend(MessageView::from_pb(m)),
            Some(Content::DeliveryTimestamp(_)) | None => {}
        }
    }
    Ok(messages)
}

pub(crate) async fn ack(client: &Client, group: &str, m: &MessageView) -> Result<(), Error> {
    let req = pb::AckMessageRequest {
        group: Some(client.resource(group)),
        topic: Some(client.resource(&m.topic)),
        entries: vec![pb::AckMessageEntry {
            message_id: m.message_id.clone(),
            receipt_handle: m.receipt_handle.clone(),
            lite_topic: None,
        }],
    };
    let resp = client
        .rpc(None)
        .await?
        .ack_message(client.req(req))
        .await?
        .into_inner();
    check(resp.status.as_ref())?;
    resp.entries
        .first()
        .map_or(Ok(()), |e| check(e.status.as_ref()))
}

pub(crate) async fn change_invisible(
    client: &Client,
    group: &str,
    m: &mut MessageView,
    d: Duration,
) -> Result<(), Error> {
    let req = pb::ChangeInvisibleDurationRequest {
        group: Some(client.resource(group)),
        topic: Some(client.resource(&m.topic)),
        receipt_handle: m.receipt_handle.clone(),
        invisible_duration: Some(duration(d)),
        message_id: m.message_id.clone(),
        lite_topic: None,
        suspend: None,
    };
    let resp = client
        .rpc(None)
        .await?
        .change_invisible_duration(client.req(req))
        .await?
        .into_inner();
    check(resp.status.as_ref())?;
    m.receipt_handle = resp.receipt_handle;
    Ok(())
}

/// Queues a consumer may receive from: readable ones of master brokers (broker id 0).
fn readable_masters(route: &[pb::MessageQueue]) -> Vec<&pb::MessageQueue> {
    route
        .iter()
        .filter(|q| {
            q.permission == pb::Permission::Read as i32
                || q.permission == pb::Permission::ReadWrite as i32
        })
        .filter(|q| q.broker.as_ref().is_none_or(|b| b.id == 0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(
        id: i32,
        broker: &str,
        broker_id: i32,
        permission: pb::Permission,
    ) -> pb::MessageQueue {
        pb::MessageQueue {
            id,
            permission: permission as i32,
            broker: Some(pb::Broker {
                name: broker.into(),
                id: broker_id,
                endpoints: None,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn receives_from_readable_queues_of_masters_only() {
        let route = [
            queue(0, "a", 0, pb::Permission::ReadWrite),
            queue(1, "a", 0, pb::Permission::Write),
            queue(0, "a", 1, pb::Permission::ReadWrite),
            queue(0, "b", 0, pb::Permission::Read),
            queue(1, "b", 0, pb::Permission::None),
        ];
        let picked: Vec<(String, i32)> = readable_masters(&route)
            .iter()
            .map(|q| {
                (
                    q.broker
                        .as_ref()
                        .map(|b| b.name.clone())
                        .unwrap_or_default(),
                    q.id,
                )
            })
            .collect();
        assert_eq!(picked, [("a".to_owned(), 0), ("b".to_owned(), 0)]);
    }
}
