//! The push consumer: receive loops feed a listener closure. Concurrency is bounded, and so is
//! the cache of received-but-unfinished messages (by count and by bytes): a loop stops
//! receiving while the cache is full. A failed message is nacked with the server's back-off for
//! its attempt (the server dead-letters it past the group's max attempts). In FIFO mode (the
//! server says the group is FIFO), messages of one message group are consumed one at a time in
//! order; a failure is retried locally with back-off, then forwarded to the dead-letter queue.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apogee_proto::rocketmq::v2 as pb;
use tokio::sync::{Notify, Semaphore};

use crate::client::{Client, ClientOptions};
use crate::error::{Error, ErrorKind, check};
use crate::filter::FilterExpression;
use crate::message::MessageView;
use crate::simple::{ack, change_invisible, consumer_settings, receive};

/// What the listener made of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsumeResult {
    Success,
    Failure,
}

type Listener = Arc<dyn Fn(&MessageView) -> ConsumeResult + Send + Sync>;

/// Builds a [`PushConsumer`].
pub struct PushConsumerBuilder {
    options: ClientOptions,
    group: String,
    subscriptions: Vec<(String, FilterExpression)>,
    max_concurrency: usize,
    max_cached_messages: usize,
    max_cached_bytes: usize,
}

impl std::fmt::Debug for PushConsumerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushConsumerBuilder")
            .field("group", &self.group)
            .field("subscriptions", &self.subscriptions)
            .finish()
    }
}

impl PushConsumerBuilder {
    pub fn subscribe(mut self, topic: impl Into<String>, filter: FilterExpression) -> Self {
        self.subscriptions.push((topic.into(), filter));
        self
    }

    /// Listener calls running at once (default 16).
    pub fn max_concurrency(mut self, n: usize) -> Self {
        self.max_concurrency = n.max(1);
        self
    }

    /// Received messages not yet finished, per consumer (default 1024).
    pub fn max_cached_messages(mut self, n: usize) -> Self {
        self.max_cached_messages = n.max(1);
        self
    }

    /// Bytes of bodies received and not yet finished (default 64 MiB).
    pub fn max_cached_bytes(mut self, n: usize) -> Self {
        self.max_cached_bytes = n.max(1);
        self
    }

    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.options.request_timeout = d;
        self
    }

    /// Starts consuming with `listener`. It runs on a blocking-friendly thread pool.
    pub async fn start(
        self,
        listener: impl Fn(&MessageView) -> ConsumeResult + Send + Sync + 'static,
    ) -> Result<PushConsumer, Error> {
        if self.subscriptions.is_empty() {
            return Err(Error::new(
                ErrorKind::Client,
                "subscribe to at least one topic",
            ));
        }
        let settings = consumer_settings(
            &self.options,
            pb::ClientType::PushConsumer,
            &self.group,
            &self.subscriptions,
            None,
        );
        let client = Client::start(
            self.options.clone(),
            settings,
            Some(self.group.clone()),
            None,
        )
        .await?;
        let policy = Policy::from_settings(&client.settings.borrow());
        let inner = Arc::new(Inner {
            client: client.clone(),
            group: self.group.clone(),
            listener: Arc::new(listener),
            permits: Arc::new(Semaphore::new(self.max_concurrency)),
            cached: AtomicUsize::new(0),
            cached_bytes: AtomicUsize::new(0),
            room: Notify::new(),
            max_cached: self.max_cached_messages,
            max_cached_bytes: self.max_cached_bytes,
            policy,
        });
        // Every assignment first, so a failure starts no receive loop (and calls no listener).
        let assigned = async {
            let mut queues = Vec::with_capacity(self.subscriptions.len());
            for (topic, filter) in self.subscriptions {
                for queue in assignments(&client, &self.group, &topic).await? {
                    queues.push((queue, filter.clone()));
                }
            }
            Ok(queues)
        };
        for (queue, filter) in client.or_shutdown(assigned.await).await? {
            client.spawn(receive_loop(inner.clone(), queue, filter));
        }
        Ok(PushConsumer { client, inner })
    }
}

/// What the server told this consumer about batches, polling, ordering and retries.
#[derive(Debug, Clone)]
struct Policy {
    fifo: bool,
    batch: i32,
    poll: Duration,
    max_attempts: u32,
    backoff: Vec<Duration>,
}

impl Policy {
    fn from_settings(s: &pb::Settings) -> Self {
        let sub = match &s.pub_sub {
            Some(pb::settings::PubSub::Subscription(sub)) => Some(sub),
            _ => None,
        };
        let to = |d: &prost_types::Duration| {
            Duration::new(d.seconds.max(0) as u64, d.nanos.max(0) as u32)
        };
        let backoff = match s.backoff_policy.as_ref().and_then(|b| b.strategy.as_ref()) {
            Some(pb::retry_policy::Strategy::CustomizedBackoff(c)) => {
                c.next.iter().map(to).collect()
            }
            Some(pb::retry_policy::Strategy::ExponentialBackoff(e)) => {
                let (initial, max) = (
                    e.initial.as_ref().map_or(Duration::from_secs(1), to),
                    e.max.as_ref().map_or(Duration::from_secs(60), to),
                );
                (0..16)
                    .map(|i| {
                        // A wild multiplier from the server must not panic: cap at `max`.
                        let factor = f64::from(e.multiplier).max(1.0).powi(i);
                        Duration::try_from_secs_f64(initial.as_secs_f64() * factor)
                            .map_or(max, |d| d.min(max))
                    })
                    .collect()
            }
            None => vec![Duration::from_secs(1)],
        };
        Self {
            fifo: sub.and_then(|s| s.fifo).unwrap_or(false),
            batch: sub
                .and_then(|s| s.receive_batch_size)
                .filter(|b| *b > 0)
                .unwrap_or(32),
            poll: sub
                .and_then(|s| s.long_polling_timeout.as_ref())
                .map(to)
                .filter(|d| !d.is_zero())
                .unwrap_or(Duration::from_secs(20)),
            max_attempts: s
                .backoff_policy
                .as_ref()
                .map_or(16, |b| u32::try_from(b.max_attempts).unwrap_or(16))
                .max(1),
            backoff,
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let i = (attempt.max(1) as usize - 1).min(self.backoff.len().saturating_sub(1));
        self.backoff
            .get(i)
            .copied()
            .unwrap_or(Duration::from_secs(1))
    }
}

struct Inner {
    client: Arc<Client>,
    group: String,
    listener: Listener,
    permits: Arc<Semaphore>,
    cached: AtomicUsize,
    cached_bytes: AtomicUsize,
    room: Notify,
    max_cached: usize,
    max_cached_bytes: usize,
    policy: Policy,
}

/// Consumes messages with a listener until shut down.
pub struct PushConsumer {
    client: Arc<Client>,
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PushConsumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushConsumer")
            .field("group", &self.inner.group)
            .field("fifo", &self.inner.policy.fifo)
            .finish()
    }
}

impl PushConsumer {
    pub fn builder(endpoint: impl Into<String>, group: impl Into<String>) -> PushConsumerBuilder {
        PushConsumerBuilder {
            options: ClientOptions::new(endpoint),
            group: group.into(),
            subscriptions: Vec::new(),
            max_concurrency: 16,
            max_cached_messages: 1024,
            max_cached_bytes: 64 * 1024 * 1024,
        }
    }

    /// Whether the server runs this group in FIFO mode.
    pub fn is_fifo(&self) -> bool {
        self.inner.policy.fifo
    }

    /// Messages received and not yet finished.
    pub fn cached_messages(&self) -> usize {
        self.inner.cached.load(Ordering::Relaxed)
    }

    /// Stops receiving, lets running listeners finish, and tells the server it is gone.
    pub async fn shutdown(self) {
        self.client.shutdown().await;
    }
}

/// The queues the server assigns this consumer on `topic` (one per broker on Apogee; one
/// receive loop runs for each).
async fn assignments(
    client: &Client,
    group: &str,
    topic: &str,
) -> Result<Vec<pb::MessageQueue>, Error> {
    let route = client.route(topic, false).await?;
    let endpoints = route
        .first()
        .and_then(|q| q.broker.as_ref())
        .and_then(|b| b.endpoints.clone());
    let req = pb::QueryAssignmentRequest {
        topic: Some(client.resource(topic)),
        group: Some(client.resource(group)),
        endpoints: endpoints.clone(),
    };
    let resp = client
        .rpc(None)
        .await?
        .query_assignment(client.req(req))
        .await?
        .into_inner();
    check(resp.status.as_ref())?;
    let mut queues: Vec<pb::MessageQueue> = resp
        .assignments
        .into_iter()
        .filter_map(|a| a.message_queue)
        .collect();
    if queues.is_empty() {
        queues.extend(route.first().cloned());
    }
    if queues.is_empty() {
        return Err(Error::new(
            ErrorKind::NotFound,
            format!("no assignment for topic {topic}"),
        ));
    }
    Ok(queues)
}

async fn receive_loop(inner: Arc<Inner>, queue: pb::MessageQueue, filter: FilterExpression) {
    let cancel = inner.client.cancelled();
    loop {
        // Flow control: wait for room in the cache before asking for more.
        let room = loop {
            let notified = inner.room.notified();
            let count = inner.cached.load(Ordering::Acquire);
            if count < inner.max_cached
                && inner.cached_bytes.load(Ordering::Acquire) < inner.max_cached_bytes
            {
                break inner.max_cached - count;
            }
            tokio::select! {
                () = cancel.cancelled() => return,
                () = notified => {}
            }
        };
        let batch = inner
            .policy
            .batch
            .min(i32::try_from(room).unwrap_or(i32::MAX));
        let got = tokio::select! {
            () = cancel.cancelled() => return,
            r = receive(&inner.client, &inner.group, queue.clone(), &filter, batch, None, inner.policy.poll) => r,
        };
        let messages = match got {
            Ok(m) => m,
            Err(e) => {
                let pause = if e.kind == ErrorKind::TooManyRequests {
                    Duration::from_millis(20)
                } else {
                    Duration::from_secs(1)
                };
                tracing::debug!(error = %e, "Receive failed; retrying.");
                tokio::select! {
                    () = cancel.cancelled() => return,
                    () = tokio::time::sleep(pause) => {}
                }
                continue;
            }
        };
        for m in &messages {
            inner.cached.fetch_add(1, Ordering::AcqRel);
            inner.cached_bytes.fetch_add(m.body.len(), Ordering::AcqRel);
        }
        if inner.policy.fifo {
            // One task per message group keeps each group in order.
            let mut groups: BTreeMap<String, VecDeque<MessageView>> = BTreeMap::new();
            for m in messages {
                groups
                    .entry(m.message_group.clone().unwrap_or_default())
                    .or_default()
                    .push_back(m);
            }
            for (_, ordered) in groups {
                let inner2 = inner.clone();
                inner.client.spawn(async move {
                    for m in ordered {
                        consume_fifo(&inner2, m).await;
                    }
                });
            }
        } else {
            for m in messages {
                let Ok(permit) = inner.permits.clone().acquire_owned().await else {
                    return;
                };
                let inner2 = inner.clone();
                inner.client.spawn(async move {
                    consume(&inner2, m).await;
                    drop(permit);
                });
            }
        }
    }
}

async fn call_listener(inner: &Arc<Inner>, m: &MessageView) -> ConsumeResult {
    let (listener, view) = (inner.listener.clone(), m.clone());
    tokio::task::spawn_blocking(move || listener(&view))
        .await
        .unwrap_or(ConsumeResult::Failure)
}

fn release(inner: &Inner, m: &MessageView) {
    inner.cached.fetch_sub(1, Ordering::AcqRel);
    inner.cached_bytes.fetch_sub(m.body.len(), Ordering::AcqRel);
    inner.room.notify_waiters();
}

async fn consume(inner: &Arc<Inner>, mut m: MessageView) {
    let outcome = match call_listener(inner, &m).await {
        ConsumeResult::Success => ack(&inner.client, &inner.group, &m).await,
        // Nack: visible again after the back-off for this attempt; past the group's max
        // attempts the server moves it to the dead-letter queue.
        ConsumeResult::Failure => {
            let delay = inner.policy.backoff(m.delivery_attempt);
            change_invisible(&inner.client, &inner.group, &mut m, delay).await
        }
    };
    if let Err(e) = outcome {
        tracing::warn!(message_id = %m.message_id, error = %e, "Finishing a message failed; it will be redelivered.");
    }
    release(inner, &m);
}

async fn consume_fifo(inner: &Arc<Inner>, m: MessageView) {
    let permit = inner.permits.clone().acquire_owned().await;
    let mut attempt = m.delivery_attempt;
    let done = loop {
        if call_listener(inner, &m).await == ConsumeResult::Success {
            break ack(&inner.client, &inner.group, &m).await;
        }
        if attempt >= inner.policy.max_attempts {
            break forward_to_dlq(inner, &m, attempt).await;
        }
        // Retried here, in place, so the message group keeps its order. A shutdown ends the
        // wait: the server redelivers the message (to this group, in order) later.
        tokio::select! {
            () = tokio::time::sleep(inner.policy.backoff(attempt)) => {}
            () = inner.client.cancelled().cancelled_owned() => {
                drop(permit);
                release(inner, &m);
                return;
            }
        }
        attempt += 1;
    };
    if let Err(e) = done {
        tracing::warn!(message_id = %m.message_id, error = %e, "Finishing a FIFO message failed; it will be redelivered.");
    }
    drop(permit);
    release(inner, &m);
}

async fn forward_to_dlq(inner: &Inner, m: &MessageView, attempt: u32) -> Result<(), Error> {
    let client = &inner.client;
    let req = pb::ForwardMessageToDeadLetterQueueRequest {
        group: Some(client.resource(&inner.group)),
        topic: Some(client.resource(&m.topic)),
        receipt_handle: m.receipt_handle.clone(),
        message_id: m.message_id.clone(),
        delivery_attempt: i32::try_from(attempt).unwrap_or(i32::MAX),
        max_delivery_attempts: i32::try_from(inner.policy.max_attempts).unwrap_or(i32::MAX),
        lite_topic: None,
    };
    let resp = client
        .rpc(None)
        .await?
        .forward_message_to_dead_letter_queue(client.req(req))
        .await?
        .into_inner();
    check(resp.status.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_with_extreme_back_off_values_do_not_panic() {
        let settings = pb::Settings {
            backoff_policy: Some(pb::RetryPolicy {
                max_attempts: 16,
                strategy: Some(pb::retry_policy::Strategy::ExponentialBackoff(
                    pb::ExponentialBackoff {
                        initial: Some(prost_types::Duration {
                            seconds: i64::MAX,
                            nanos: 0,
                        }),
                        max: Some(prost_types::Duration {
                            seconds: 60,
                            nanos: 0,
                        }),
                        multiplier: f32::INFINITY,
                    },
                )),
            }),
            ..Default::default()
        };
        let p = Policy::from_settings(&settings);
        assert!(p.backoff.iter().all(|d| *d <= Duration::from_secs(60)));
    }
}
