//! What the client-facing handlers call: the broker in this process (`apogee standalone`,
//! `apogee broker`: direct calls, no hop), or the brokers of a cluster over
//! `apogee.broker.v1` (`apogee proxy`). One enum, so the embedded path pays no dynamic
//! dispatch, and each handler is written once for both.

pub mod checks;
pub mod cluster;
mod coalesce;
pub mod handles;
pub(crate) mod remote;
mod remote_queues;

use std::sync::Arc;
use std::time::Duration;

use apogee_broker::{
    Broker, BrokerConfig, Delivery, OffsetQuery, Presented, PullRequest, PullResult,
    ReceiveRequest, Resolution, SendReceipt,
};
use apogee_proto::broker::v1::client_presence_request::Event;
use apogee_types::{GroupName, Message, TopicName};

pub use cluster::{ClusterBackend, Placement, TopicView};

use crate::RequestError;

/// The brokers behind a proxy.
#[derive(Debug, Clone)]
pub enum Backend {
    /// The broker of this process.
    Local(Arc<Broker>),
    /// The brokers of a cluster, found through nameservers.
    Cluster(Arc<ClusterBackend>),
}

/// A group's consumption policy, as the Settings reply tells consumers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPolicy {
    pub fifo: bool,
    pub max_attempts: u32,
    pub backoff: Vec<Duration>,
}

fn local_view(broker: &Broker, meta: &apogee_broker::TopicMeta) -> Arc<TopicView> {
    Arc::new(TopicView {
        name: meta.name.as_str().to_owned(),
        placements: vec![Placement {
            broker: broker.config().name.clone(),
            queues: meta.queues,
            writable: true,
        }],
        accepts: meta.accepts.clone(),
        system: meta.system,
    })
}

impl Backend {
    /// The limits requests are checked against before they travel.
    pub fn config(&self) -> &BrokerConfig {
        match self {
            Backend::Local(b) => b.config(),
            Backend::Cluster(c) => &c.config,
        }
    }

    pub fn now_ms(&self) -> i64 {
        match self {
            Backend::Local(b) => b.clock().now_ms(),
            Backend::Cluster(c) => c.clock.now_ms(),
        }
    }

    pub async fn send(
        &self,
        topic: &TopicName,
        messages: Vec<Message>,
    ) -> Result<Vec<SendReceipt>, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.send(topic, messages).await?),
            Backend::Cluster(c) => c.send(topic, messages).await,
        }
    }

    /// `prefer`: the broker the client named, tried first.
    pub async fn receive(
        &self,
        req: ReceiveRequest,
        prefer: Option<&str>,
    ) -> Result<Vec<Delivery>, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.receive(req).await?),
            Backend::Cluster(c) => c.receive(req, prefer).await,
        }
    }

    pub async fn ack_many(
        &self,
        group: &GroupName,
        presented: &[Presented<'_>],
    ) -> Vec<Result<(), RequestError>> {
        match self {
            Backend::Local(b) => b
                .ack_many(group, presented)
                .await
                .into_iter()
                .map(|r| r.map_err(RequestError::from))
                .collect(),
            Backend::Cluster(c) => c.ack_many(group, presented).await,
        }
    }

    pub async fn change_invisible(
        &self,
        group: &GroupName,
        p: Presented<'_>,
        invisible: Duration,
    ) -> Result<String, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.change_invisible(group, p, invisible).await?),
            Backend::Cluster(c) => c.change_invisible(group, p, invisible).await,
        }
    }

    pub async fn forward_to_dlq(
        &self,
        group: &GroupName,
        p: Presented<'_>,
    ) -> Result<(), RequestError> {
        match self {
            Backend::Local(b) => Ok(b.forward_to_dlq(group, p).await?),
            Backend::Cluster(c) => c.forward_to_dlq(group, p).await,
        }
    }

    pub async fn end_transaction(
        &self,
        topic: &TopicName,
        transaction_id: &str,
        resolution: Resolution,
    ) -> Result<(), RequestError> {
        match self {
            Backend::Local(b) => Ok(b.end_transaction(topic, transaction_id, resolution).await?),
            Backend::Cluster(c) => c.end_transaction(topic, transaction_id, resolution).await,
        }
    }

    pub async fn recall(&self, topic: &TopicName, handle: &str) -> Result<String, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.recall(topic, handle).await?),
            Backend::Cluster(c) => c.recall(topic, handle).await,
        }
    }

    /// `broker`: the broker the message queue names (a cluster needs it when the topic is on
    /// several).
    pub async fn pull(
        &self,
        broker: Option<&str>,
        req: PullRequest,
    ) -> Result<PullResult, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.pull(req).await?),
            Backend::Cluster(c) => c.pull(broker, req).await,
        }
    }

    pub async fn update_offset(
        &self,
        broker: Option<&str>,
        group: &GroupName,
        topic: &TopicName,
        queue_id: u32,
        offset: u64,
    ) -> Result<(), RequestError> {
        match self {
            Backend::Local(b) => Ok(b.update_offset(group, topic, queue_id, offset).await?),
            Backend::Cluster(c) => {
                c.update_offset(broker, group, topic, queue_id, offset)
                    .await
            }
        }
    }

    pub async fn get_offset(
        &self,
        broker: Option<&str>,
        group: &GroupName,
        topic: &TopicName,
        queue_id: u32,
    ) -> Result<u64, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.get_offset(group, topic, queue_id)?),
            Backend::Cluster(c) => c.get_offset(broker, group, topic, queue_id).await,
        }
    }

    pub async fn query_offset(
        &self,
        broker: Option<&str>,
        topic: &TopicName,
        queue_id: u32,
        query: OffsetQuery,
    ) -> Result<u64, RequestError> {
        match self {
            Backend::Local(b) => Ok(b.query_offset(topic, queue_id, query)?),
            Backend::Cluster(c) => c.query_offset(broker, topic, queue_id, query).await,
        }
    }

    /// The topic, created on first use where the broker allows it.
    pub async fn topic_or_auto_create(
        &self,
        topic: &TopicName,
    ) -> Result<Arc<TopicView>, RequestError> {
        match self {
            Backend::Local(b) => Ok(local_view(b, &*b.topic_or_auto_create(topic).await?)),
            Backend::Cluster(c) => c.route(topic, true).await,
        }
    }

    /// The topic as it is; never created.
    pub async fn topic(&self, topic: &TopicName) -> Result<Arc<TopicView>, RequestError> {
        match self {
            Backend::Local(b) => b
                .topic(topic.as_str())
                .map(|m| local_view(b, &m))
                .ok_or_else(|| {
                    apogee_broker::BrokerError::TopicNotFound(topic.as_str().to_owned()).into()
                }),
            Backend::Cluster(c) => c.route(topic, false).await,
        }
    }

    pub async fn group_or_auto_create(&self, group: &GroupName) -> Result<(), RequestError> {
        match self {
            Backend::Local(b) => b
                .group_or_auto_create(group)
                .await
                .map(|_| ())
                .map_err(Into::into),
            Backend::Cluster(c) => c.group_or_auto_create(group).await,
        }
    }

    /// The group's policy; `None` for a group no broker knows.
    pub async fn group_policy(&self, group: &str) -> Option<GroupPolicy> {
        match self {
            Backend::Local(b) => b.group(group).map(|g| GroupPolicy {
                fifo: g.is_fifo(),
                max_attempts: g.max_attempts(),
                backoff: g.backoff_levels(&b.config().retry_backoff),
            }),
            Backend::Cluster(c) => c.group_policy(group).await,
        }
    }

    /// A client called (its deliveries stay renewed).
    pub fn client_seen(&self, client_id: &str) {
        match self {
            Backend::Local(b) => b.client_seen(client_id),
            Backend::Cluster(c) => spawn_presence(c, client_id, Event::Seen),
        }
    }

    /// A client opened a Telemetry stream. The local broker counts streams; brokers behind
    /// proxies only hear that the client is alive, because a proxy that dies never reports
    /// its streams closed (the client's heartbeats through another proxy keep it alive there).
    pub fn client_stream_opened(&self, client_id: &str) {
        match self {
            Backend::Local(b) => b.client_stream_opened(client_id),
            Backend::Cluster(c) => spawn_presence(c, client_id, Event::Seen),
        }
    }

    /// A client's Telemetry stream closed; `last_here`: it has no other stream on this proxy.
    pub async fn client_stream_closed(
        &self,
        client_id: &str,
        last_here: bool,
    ) -> Result<(), RequestError> {
        match self {
            Backend::Local(b) => Ok(b.client_stream_closed(client_id).await?),
            Backend::Cluster(c) => {
                if last_here {
                    c.presence(client_id, Event::Gone).await;
                }
                Ok(())
            }
        }
    }

    pub async fn client_gone(&self, client_id: &str) -> Result<(), RequestError> {
        match self {
            Backend::Local(b) => Ok(b.client_gone(client_id).await?),
            Backend::Cluster(c) => {
                c.presence(client_id, Event::Gone).await;
                Ok(())
            }
        }
    }
}

/// Presence reports that must not hold up the call that causes them.
fn spawn_presence(c: &Arc<ClusterBackend>, client_id: &str, event: Event) {
    let c = c.clone();
    let id = client_id.to_owned();
    tokio::spawn(async move { c.presence(&id, event).await });
}
