//! The queue-addressed calls (pull and offsets, routed by the broker the message queue names)
//! and the metadata calls (groups, client presence, which go to every broker) of a proxy in a
//! cluster.

use std::time::Duration;

use apogee_broker::{OffsetQuery, PullRequest, PullResult};
use apogee_proto::broker::v1 as bpb;
use apogee_types::{GroupName, TopicName};
use futures::future::join_all;

use super::GroupPolicy;
use super::cluster::ClusterBackend;
use super::remote::{check, ms, unreachable};
use crate::RequestError;
use crate::broker_api::convert;

impl ClusterBackend {
    /// The broker a queue-addressed call goes to: the one named, or the only one of the topic.
    async fn queue_owner(
        &self,
        broker: Option<&str>,
        topic: &TopicName,
    ) -> Result<String, RequestError> {
        if let Some(b) = broker.filter(|b| !b.is_empty()) {
            return Ok(b.to_owned());
        }
        let view = self.route(topic, false).await?;
        match view.placements.as_slice() {
            [only] => Ok(only.broker.clone()),
            _ => Err(RequestError::BadValue(format!(
                "topic {topic} is on several brokers: the message queue must name its broker"
            ))),
        }
    }

    pub async fn pull(
        &self,
        broker: Option<&str>,
        req: PullRequest,
    ) -> Result<PullResult, RequestError> {
        let name = self.queue_owner(broker, &req.topic).await?;
        let request = bpb::PullRequest {
            group: req.group.as_str().to_owned(),
            topic: req.topic.as_str().to_owned(),
            queue_id: req.queue_id,
            offset: req.offset,
            batch_size: u32::try_from(req.batch_size).unwrap_or(u32::MAX),
            filter: Some(convert::filter_to_pb(&req.filter)),
            long_polling_ms: ms(req.long_polling),
            client_id: req.client_id,
        };
        let reply = self
            .on_broker(&name, |mut c| {
                let request = request.clone();
                async move { c.pull(request).await }
            })
            .await?;
        check(reply.outcome.as_ref())?;
        Ok(PullResult {
            messages: reply
                .messages
                .into_iter()
                .map(convert::stored_from_pb)
                .collect::<Result<_, _>>()?,
            next_offset: reply.next_offset,
        })
    }

    pub async fn update_offset(
        &self,
        broker: Option<&str>,
        group: &GroupName,
        topic: &TopicName,
        queue_id: u32,
        offset: u64,
    ) -> Result<(), RequestError> {
        let name = self.queue_owner(broker, topic).await?;
        let reply = self
            .broker(&name)
            .await?
            .update_offset(bpb::UpdateOffsetRequest {
                group: group.as_str().to_owned(),
                topic: topic.as_str().to_owned(),
                queue_id,
                offset,
            })
            .await
            .map_err(|e| unreachable(&name, &e))?
            .into_inner();
        check(reply.outcome.as_ref())
    }

    pub async fn get_offset(
        &self,
        broker: Option<&str>,
        group: &GroupName,
        topic: &TopicName,
        queue_id: u32,
    ) -> Result<u64, RequestError> {
        let name = self.queue_owner(broker, topic).await?;
        let reply = self
            .broker(&name)
            .await?
            .get_offset(bpb::GetOffsetRequest {
                group: group.as_str().to_owned(),
                topic: topic.as_str().to_owned(),
                queue_id,
            })
            .await
            .map_err(|e| unreachable(&name, &e))?
            .into_inner();
        check(reply.outcome.as_ref())?;
        Ok(reply.offset)
    }

    pub async fn query_offset(
        &self,
        broker: Option<&str>,
        topic: &TopicName,
        queue_id: u32,
        query: OffsetQuery,
    ) -> Result<u64, RequestError> {
        use bpb::query_offset_request::Position;
        let name = self.queue_owner(broker, topic).await?;
        let position = match query {
            OffsetQuery::Beginning => Position::Beginning(true),
            OffsetQuery::End => Position::End(true),
            OffsetQuery::Timestamp(t) => Position::TimestampMs(t),
        };
        let reply = self
            .broker(&name)
            .await?
            .query_offset(bpb::QueryOffsetRequest {
                topic: topic.as_str().to_owned(),
                queue_id,
                position: Some(position),
            })
            .await
            .map_err(|e| unreachable(&name, &e))?
            .into_inner();
        check(reply.outcome.as_ref())?;
        Ok(reply.offset)
    }

    /// Creates the group on every broker (where it is new, its start is fixed now).
    pub async fn group_or_auto_create(&self, group: &GroupName) -> Result<(), RequestError> {
        // A slave serving its dead master's queues has the master's groups and takes no new
        // ones.
        let members = self.writable_members().await?;
        let calls = members.keys().map(|name| async move {
            let reply = self
                .broker(name)
                .await?
                .get_group(bpb::GetGroupRequest {
                    name: group.as_str().to_owned(),
                    auto_create: true,
                })
                .await
                .map_err(|e| unreachable(name, &e))?
                .into_inner();
            check(reply.outcome.as_ref())
        });
        let results = join_all(calls).await;
        // A refusal is the answer; a broker that is down learns the group when it is back.
        let mut down = None;
        for r in results {
            match r {
                Ok(()) => return Ok(()),
                Err(e @ RequestError::BrokerUnavailable(_)) => down = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(down
            .unwrap_or_else(|| RequestError::BrokerUnavailable("the cluster has no broker".into())))
    }

    /// A group's retry policy, from the first broker that has it.
    pub async fn group_policy(&self, group: &str) -> Option<GroupPolicy> {
        let members = self.members().await.ok()?;
        for name in members.keys() {
            let Ok(mut client) = self.broker(name).await else {
                continue;
            };
            let Ok(reply) = client
                .get_group(bpb::GetGroupRequest {
                    name: group.to_owned(),
                    auto_create: false,
                })
                .await
            else {
                continue;
            };
            let reply = reply.into_inner();
            if check(reply.outcome.as_ref()).is_ok() {
                return Some(GroupPolicy {
                    fifo: reply.fifo,
                    max_attempts: reply.max_attempts,
                    backoff: reply
                        .retry_backoff_ms
                        .into_iter()
                        .map(Duration::from_millis)
                        .collect(),
                });
            }
        }
        None
    }

    /// Tells every broker about a client (whose deliveries it renews or releases).
    pub async fn presence(&self, client_id: &str, event: bpb::client_presence_request::Event) {
        let Ok(members) = self.members().await else {
            return;
        };
        let calls = members.keys().map(|name| async move {
            if let Ok(mut c) = self.broker(name).await {
                let sent = c
                    .client_presence(bpb::ClientPresenceRequest {
                        client_id: client_id.to_owned(),
                        event: event as i32,
                    })
                    .await;
                if let Err(e) = sent {
                    tracing::debug!(broker = %name, error = %e.message(), "A broker missed a client's presence.");
                }
            }
        });
        join_all(calls).await;
    }
}
