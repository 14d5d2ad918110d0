//! The producer and its resend policy, as RocketMQ defines it:
//! - a failed **sync** send is resent up to `retry_times_sync` times (default 2), on a queue of
//!   **another broker** when the route has one;
//! - a failed **async** send is resent up to `retry_times_async` times on the same broker;
//! - a send whose store status was a flush or replica timeout is resent only with
//!   `retry_another_broker_when_not_store_ok` (default off);
//! - **one-way** sends are never resent; TOO_MANY_REQUESTS (flow control) is never resent;
//!   nor is a request the server refused as invalid.
//!
//! The message id is fixed before the first attempt, so a resend carries the same id and
//! consumers can de-duplicate. Delivery is at least once: duplicates are possible.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apogee_proto::rocketmq::v2 as pb;

use crate::client::{Client, ClientOptions, CommandHandler};
use crate::error::{Error, ErrorKind, check};
use crate::message::{Message, SendReceipt};

/// Builds a [`Producer`].
#[derive(Debug, Clone)]
pub struct ProducerBuilder {
    pub(crate) options: ClientOptions,
    pub(crate) topics: Vec<String>,
    pub(crate) retry_times_sync: u32,
    pub(crate) retry_times_async: u32,
    pub(crate) retry_another_broker_when_not_store_ok: bool,
}

impl ProducerBuilder {
    pub(crate) fn new(endpoint: impl Into<String>) -> Self {
        Self {
            options: ClientOptions::new(endpoint),
            topics: Vec::new(),
            retry_times_sync: 2,
            retry_times_async: 2,
            retry_another_broker_when_not_store_ok: false,
        }
    }

    /// Topics to fetch routes for at start (others are fetched on first send).
    pub fn topics<I: IntoIterator<Item = S>, S: Into<String>>(mut self, topics: I) -> Self {
        self.topics = topics.into_iter().map(Into::into).collect();
        self
    }

    /// Resends of a failed sync send, each on another broker when there is one (default 2).
    pub fn retry_times_sync(mut self, n: u32) -> Self {
        self.retry_times_sync = n;
        self
    }

    /// Resends of a failed async send, on the same broker (default 2).
    pub fn retry_times_async(mut self, n: u32) -> Self {
        self.retry_times_async = n;
        self
    }

    /// Resend a message whose store status was a flush or replica timeout (default off).
    pub fn retry_another_broker_when_not_store_ok(mut self, on: bool) -> Self {
        self.retry_another_broker_when_not_store_ok = on;
        self
    }

    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.options.request_timeout = d;
        self
    }

    pub fn namespace(mut self, ns: impl Into<String>) -> Self {
        self.options.namespace = ns.into();
        self
    }

    pub async fn build(self) -> Result<Producer, Error> {
        Producer::start(self, None).await
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Sync,
    Async,
    OneWay,
}

/// Sends messages. Cheap to clone; all clones share one connection.
#[derive(Debug, Clone)]
pub struct Producer {
    pub(crate) client: Arc<Client>,
    builder: Arc<ProducerBuilder>,
    next_queue: Arc<AtomicUsize>,
}

/// Codes a broker answers when a message was written but not flushed or replicated in time.
const NOT_STORE_OK: [i32; 2] = [
    pb::Code::MasterPersistenceTimeout as i32,
    pb::Code::SlavePersistenceTimeout as i32,
];

impl Producer {
    pub fn builder(endpoint: impl Into<String>) -> ProducerBuilder {
        ProducerBuilder::new(endpoint)
    }

    pub(crate) async fn start(
        builder: ProducerBuilder,
        on_command: Option<CommandHandler>,
    ) -> Result<Self, Error> {
        let settings = pb::Settings {
            client_type: Some(pb::ClientType::Producer as i32),
            request_timeout: Some(duration(builder.options.request_timeout)),
            pub_sub: Some(pb::settings::PubSub::Publishing(pb::Publishing {
                topics: builder
                    .topics
                    .iter()
                    .map(|t| pb::Resource {
                        resource_namespace: builder.options.namespace.clone(),
                        name: t.clone(),
                    })
                    .collect(),
                max_body_size: 0,
                validate_message_type: true,
            })),
            user_agent: Some(user_agent()),
            ..Default::default()
        };
        let client = Client::start(builder.options.clone(), settings, None, on_command).await?;
        let routed = async {
            for t in &builder.topics {
                client.route(t, false).await?;
            }
            Ok(())
        };
        client.or_shutdown(routed.await).await?;
        Ok(Self {
            client,
            builder: Arc::new(builder),
            next_queue: Arc::new(AtomicUsize::new(rand::random::<u32>() as usize)),
        })
    }

    /// Sends and waits until the server stored the message (resent on failure per the policy).
    #[tracing::instrument(skip_all, fields(topic = %message.topic))]
    pub async fn send(&self, message: Message) -> Result<SendReceipt, Error> {
        one(self.send_all(vec![message], Mode::Sync).await)
    }

    /// Starts a send and returns its result as a future; keep many in flight for throughput.
    /// Resent on the same broker per the policy.
    pub fn send_async(
        &self,
        message: Message,
    ) -> impl Future<Output = Result<SendReceipt, Error>> + Send + 'static {
        let this = self.clone();
        let handle = self
            .client
            .spawn(async move { one(this.send_all(vec![message], Mode::Async).await) });
        async move {
            handle.await.unwrap_or_else(|_| {
                Err(Error::new(ErrorKind::Client, "the producer was shut down"))
            })
        }
    }

    /// Sends without waiting for, or learning, the outcome. **Unreliable**: the message may be
    /// lost (it is never resent), and errors are only logged.
    pub fn send_oneway(&self, message: Message) {
        let this = self.clone();
        self.client.spawn(async move {
            if let Err(e) = this.send_all(vec![message], Mode::OneWay).await {
                tracing::debug!(error = %e, "One-way send failed.");
            }
        });
    }

    /// Sends several messages of one topic in one request (one queue, one store write).
    pub async fn send_batch(&self, messages: Vec<Message>) -> Result<Vec<SendReceipt>, Error> {
        self.send_all(messages, Mode::Sync).await
    }

    /// Stops background work and tells the server this client is gone.
    pub async fn shutdown(self) {
        self.client.shutdown().await;
    }

    async fn send_all(
        &self,
        messages: Vec<Message>,
        mode: Mode,
    ) -> Result<Vec<SendReceipt>, Error> {
        let Some(first) = messages.first() else {
            return Err(Error::new(ErrorKind::Client, "nothing to send"));
        };
        let topic = first.topic.clone();
        if messages.iter().any(|m| m.topic != topic) {
            return Err(Error::new(ErrorKind::Client, "a batch must have one topic"));
        }
        let fifo_group = first.message_group.clone();
        let ns = self.client.options.namespace.clone();
        let wire: Vec<pb::Message> = messages
            .iter()
            .map(|m| m.to_pb(&ns, &self.client.born_host))
            .collect();
        let route = self.client.route(&topic, false).await?;
        let writable: Vec<&pb::MessageQueue> = route
            .iter()
            .filter(|q| {
                q.broker.as_ref().is_some_and(|b| b.id == 0)
                    && matches!(
                        pb::Permission::try_from(q.permission),
                        Ok(pb::Permission::Write | pb::Permission::ReadWrite)
                    )
            })
            .collect();
        if writable.is_empty() {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("topic {topic} has no writable queue"),
            ));
        }
        let retries = match mode {
            Mode::Sync => self.builder.retry_times_sync,
            Mode::Async => self.builder.retry_times_async,
            Mode::OneWay => 0,
        };
        let mut index = match &fifo_group {
            // A message group always lands on one queue, so its order holds.
            Some(g) => stable_hash(g) % writable.len(),
            None => self.next_queue.fetch_add(1, Ordering::Relaxed) % writable.len(),
        };
        let mut failed_brokers: Vec<String> = Vec::new();
        let mut last = Error::new(ErrorKind::Client, "no attempt made");
        for attempt in 0..=retries {
            let queue = writable[index];
            match self.send_once(queue, &wire).await {
                Ok(receipts) => return Ok(receipts),
                Err(e) => {
                    let not_store_ok = e.code.is_some_and(|c| NOT_STORE_OK.contains(&c));
                    let resend = if not_store_ok {
                        self.builder.retry_another_broker_when_not_store_ok
                    } else {
                        e.is_retryable()
                    };
                    tracing::debug!(attempt, error = %e, resend, "Send failed.");
                    last = e;
                    if !resend {
                        break;
                    }
                }
            }
            if fifo_group.is_some() {
                continue;
            }
            let broker = queue
                .broker
                .as_ref()
                .map(|b| b.name.clone())
                .unwrap_or_default();
            index = match mode {
                // Sync: another broker when the route has one; else the next queue.
                Mode::Sync | Mode::OneWay => {
                    failed_brokers.push(broker);
                    next_on_other_broker(&writable, index, &failed_brokers)
                }
                // Async: the next queue of the same broker.
                Mode::Async => next_on_same_broker(&writable, index, &broker),
            };
        }
        Err(last)
    }

    async fn send_once(
        &self,
        queue: &pb::MessageQueue,
        wire: &[pb::Message],
    ) -> Result<Vec<SendReceipt>, Error> {
        let endpoints = queue.broker.as_ref().and_then(|b| b.endpoints.as_ref());
        let mut rpc = self.client.rpc(endpoints).await?;
        let messages = wire
            .iter()
            .cloned()
            .map(|mut m| {
                if let Some(sp) = m.system_properties.as_mut() {
                    sp.queue_id = queue.id;
                }
                m
            })
            .collect();
        let resp = rpc
            .send_message(self.client.req(pb::SendMessageRequest { messages }))
            .await?
            .into_inner();
        check(resp.status.as_ref())?;
        if resp.entries.len() != wire.len() {
            return Err(Error::new(
                ErrorKind::Server,
                format!("{} results for {} messages", resp.entries.len(), wire.len()),
            ));
        }
        let topic = queue
            .topic
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        resp.entries
            .into_iter()
            .map(|e| {
                check(e.status.as_ref())?;
                Ok(SendReceipt {
                    message_id: e.message_id,
                    topic: topic.clone(),
                    queue_id: queue.id,
                    offset: e.offset,
                    transaction_id: (!e.transaction_id.is_empty()).then_some(e.transaction_id),
                    recall_handle: (!e.recall_handle.is_empty()).then_some(e.recall_handle),
                })
            })
            .collect()
    }

    /// Cancels a delay message that has not been delivered yet; returns its message id.
    pub async fn recall(&self, topic: &str, recall_handle: &str) -> Result<String, Error> {
        let req = pb::RecallMessageRequest {
            topic: Some(self.client.resource(topic)),
            recall_handle: recall_handle.to_owned(),
        };
        let resp = self
            .client
            .rpc(None)
            .await?
            .recall_message(self.client.req(req))
            .await?
            .into_inner();
        check(resp.status.as_ref())?;
        Ok(resp.message_id)
    }
}

fn one(r: Result<Vec<SendReceipt>, Error>) -> Result<SendReceipt, Error> {
    r?.pop()
        .ok_or_else(|| Error::new(ErrorKind::Server, "no send result"))
}

fn next_on_other_broker(queues: &[&pb::MessageQueue], from: usize, failed: &[String]) -> usize {
    let n = queues.len();
    (1..=n)
        .map(|i| (from + i) % n)
        .find(|&i| {
            !failed
                .iter()
                .any(|b| queues[i].broker.as_ref().is_some_and(|x| &x.name == b))
        })
        .unwrap_or((from + 1) % n)
}

fn next_on_same_broker(queues: &[&pb::MessageQueue], from: usize, broker: &str) -> usize {
    let n = queues.len();
    (1..=n)
        .map(|i| (from + i) % n)
        .find(|&i| queues[i].broker.as_ref().is_some_and(|b| b.name == broker))
        .unwrap_or(from)
}

/// FNV-1a: the same group maps to the same queue in every process.
fn stable_hash(s: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as usize
}

pub(crate) fn duration(d: Duration) -> prost_types::Duration {
    prost_types::Duration {
        seconds: d.as_secs() as i64,
        nanos: d.subsec_nanos() as i32,
    }
}

pub(crate) fn user_agent() -> pb::Ua {
    pb::Ua {
        language: pb::Language::Rust as i32,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        platform: std::env::consts::OS.to_owned(),
        hostname: std::env::var("HOSTNAME").unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i32, broker: &str) -> pb::MessageQueue {
        pb::MessageQueue {
            id,
            broker: Some(pb::Broker {
                name: broker.into(),
                id: 0,
                endpoints: None,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn sync_resends_prefer_another_broker() {
        let qs = [q(0, "a"), q(1, "a"), q(2, "b")];
        let refs: Vec<_> = qs.iter().collect();
        assert_eq!(next_on_other_broker(&refs, 0, &["a".into()]), 2);
        assert_eq!(
            next_on_other_broker(&refs, 2, &["b".into(), "a".into()]),
            0,
            "all failed: next queue"
        );
        assert_eq!(next_on_same_broker(&refs, 0, "a"), 1);
        assert_eq!(
            next_on_same_broker(&refs, 2, "b"),
            2,
            "only queue of its broker"
        );
    }
}
