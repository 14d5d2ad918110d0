//! `apogee.admin.v1.Admin` on a proxy: each call goes to the admin API of the brokers it
//! concerns, and the answers are put together. A topic created here is spread over the
//! brokers; views of topics, groups and offsets sum over the brokers and name each one.

#[path = "cluster_changes.rs"]
mod changes;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Weak};

use apogee_proto::admin::v1 as pb;
use apogee_types::TopicName;
use futures::future::join_all;
use pb::admin_server::Admin;
use tonic::{Request, Response, Status};

use crate::RequestError;
use crate::backend::ClusterBackend;

/// The admin API of a proxy.
#[derive(Debug, Clone)]
pub struct ClusterAdmin {
    cluster: Arc<ClusterBackend>,
    /// This proxy's client front: connections are the ones it holds.
    proxy: Weak<crate::Proxy>,
}

impl ClusterAdmin {
    pub fn new(cluster: Arc<ClusterBackend>) -> Self {
        Self {
            cluster,
            proxy: Weak::new(),
        }
    }

    /// Lists the connections of `proxy`.
    pub fn with_proxy(mut self, proxy: &Arc<crate::Proxy>) -> Self {
        self.proxy = Arc::downgrade(proxy);
        self
    }

    /// Every master broker by name.
    async fn brokers(&self) -> Result<Vec<String>, Status> {
        let members = self.cluster.members().await.map_err(status_of)?;
        if members.is_empty() {
            return Err(Status::unavailable(
                "no broker is registered with the nameservers",
            ));
        }
        Ok(members.into_keys().collect())
    }

    /// The brokers holding a topic.
    async fn brokers_of(&self, topic: &str) -> Result<Vec<String>, Status> {
        Ok(self
            .describe_everywhere(topic)
            .await?
            .into_iter()
            .map(|(broker, _)| broker)
            .collect())
    }

    /// The topic as each broker holding it describes it. The brokers' own topic tables, not
    /// the nameservers' routes: those learn of a new topic only when each broker registers it
    /// again, so right after a creation they can name some of its brokers only.
    async fn describe_everywhere(
        &self,
        topic: &str,
    ) -> Result<Vec<(String, pb::DescribeTopicResponse)>, Status> {
        TopicName::new(topic).map_err(|e| Status::invalid_argument(e.to_string()))?;
        let brokers = self.brokers().await?;
        let request = pb::DescribeTopicRequest {
            name: topic.to_owned(),
        };
        let answers = self
            .each(&brokers, |mut c| {
                let r = request.clone();
                async move { c.describe_topic(r).await }
            })
            .await;
        let mut holders = Vec::new();
        for (broker, answer) in answers {
            match answer {
                Ok(a) => holders.push((broker, a)),
                Err(s) if s.code() == tonic::Code::NotFound => {}
                Err(s) => return Err(s),
            }
        }
        if holders.is_empty() {
            return Err(Status::not_found(format!("topic {topic} does not exist")));
        }
        Ok(holders)
    }

    /// Runs `call` on the admin API of each broker, all at once; the answers by broker.
    async fn each<T, F, Fut>(&self, brokers: &[String], call: F) -> Vec<(String, Result<T, Status>)>
    where
        F: Fn(pb::admin_client::AdminClient<tonic::transport::Channel>) -> Fut,
        Fut: Future<Output = Result<Response<T>, Status>>,
    {
        let calls = brokers.iter().map(|name| {
            let call = &call;
            async move {
                let result = match self.cluster.admin(name).await {
                    Ok(client) => call(client).await.map(Response::into_inner),
                    Err(e) => Err(status_of(e)),
                };
                (name.clone(), result.map_err(|s| in_broker(name, s)))
            }
        });
        join_all(calls).await
    }
}

fn status_of(e: RequestError) -> Status {
    match e {
        RequestError::BrokerUnavailable(m) => Status::unavailable(m),
        RequestError::Broker(apogee_broker::BrokerError::TopicNotFound(t)) => {
            Status::not_found(format!("topic {t} does not exist"))
        }
        RequestError::Remote { code, message }
            if code == apogee_proto::rocketmq::v2::Code::TopicNotFound as i32 =>
        {
            Status::not_found(message)
        }
        other => Status::failed_precondition(other.to_string()),
    }
}

/// A broker's refusal, saying which broker refused.
fn in_broker(broker: &str, s: Status) -> Status {
    let message = match s.code() {
        tonic::Code::Unavailable | tonic::Code::Unknown => {
            format!("broker {broker:?} is unreachable: {}", s.message())
        }
        _ => format!("broker {broker:?}: {}", s.message()),
    };
    Status::new(s.code(), message)
}

/// Every answer, or the first refusal.
fn all<T>(answers: Vec<(String, Result<T, Status>)>) -> Result<Vec<(String, T)>, Status> {
    answers
        .into_iter()
        .map(|(name, r)| r.map(|t| (name, t)))
        .collect()
}

/// `total` queues over `n` brokers: as even as can be, at least one each.
fn shares(total: u32, n: usize) -> Vec<u32> {
    let n32 = u32::try_from(n).unwrap_or(u32::MAX).max(1);
    let base = total / n32;
    let extra = total % n32;
    (0..n32)
        .map(|i| (base + u32::from(i < extra)).max(1))
        .collect()
}

#[tonic::async_trait]
impl Admin for ClusterAdmin {
    async fn create_topic(
        &self,
        r: Request<pb::CreateTopicRequest>,
    ) -> Result<Response<pb::CreateTopicResponse>, Status> {
        let req = r.into_inner();
        TopicName::new(&req.name).map_err(|e| Status::invalid_argument(e.to_string()))?;
        let known = self.brokers().await?;
        let targets = if req.brokers.is_empty() {
            // Not on a broker whose master is gone (its slave serves reads only).
            let writable = self.cluster.writable_members().await.map_err(status_of)?;
            let targets: Vec<String> = known
                .into_iter()
                .filter(|b| writable.contains_key(b))
                .collect();
            if targets.is_empty() {
                return Err(Status::unavailable(
                    "every broker's master is gone: no broker takes a new topic",
                ));
            }
            targets
        } else {
            if let Some(unknown) = req.brokers.iter().find(|b| !known.contains(b)) {
                return Err(Status::invalid_argument(format!(
                    "broker {unknown:?} is not in the cluster (brokers: {})",
                    known.join(", ")
                )));
            }
            let mut named = req.brokers.clone();
            named.sort();
            named.dedup();
            named
        };
        let total = if req.queues == 0 {
            self.cluster.config.default_queues
        } else {
            req.queues
        };
        let shares = shares(total, targets.len());
        let calls = targets.iter().zip(&shares).map(|(name, &queues)| {
            let mut one = req.clone();
            one.queues = queues;
            one.brokers.clear();
            async move {
                let result = match self.cluster.admin(name).await {
                    Ok(mut client) => client.create_topic(one).await.map(Response::into_inner),
                    Err(e) => Err(status_of(e)),
                };
                result.map_err(|s| in_broker(name, s))
            }
        });
        let created = join_all(calls)
            .await
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        self.cluster.forget_route(&req.name);
        let mut topic = created
            .into_iter()
            .find_map(|c| c.topic)
            .ok_or_else(|| Status::internal("the brokers answered without the topic"))?;
        topic.queues = shares.iter().sum();
        Ok(Response::new(pb::CreateTopicResponse {
            topic: Some(topic),
        }))
    }

    async fn list_topics(
        &self,
        r: Request<pb::ListTopicsRequest>,
    ) -> Result<Response<pb::ListTopicsResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers().await?;
        let answers = all(self
            .each(&brokers, |mut c| {
                let r = req;
                async move { c.list_topics(r).await }
            })
            .await)?;
        let mut topics: BTreeMap<String, pb::TopicInfo> = BTreeMap::new();
        for (_, answer) in answers {
            for t in answer.topics {
                match topics.get_mut(&t.name) {
                    Some(seen) => seen.queues += t.queues,
                    None => {
                        topics.insert(t.name.clone(), t);
                    }
                }
            }
        }
        Ok(Response::new(pb::ListTopicsResponse {
            topics: topics.into_values().collect(),
        }))
    }

    async fn describe_topic(
        &self,
        r: Request<pb::DescribeTopicRequest>,
    ) -> Result<Response<pb::DescribeTopicResponse>, Status> {
        let answers = self.describe_everywhere(&r.get_ref().name).await?;
        let mut topic: Option<pb::TopicInfo> = None;
        let mut queues = Vec::new();
        for (broker, answer) in answers {
            if let Some(t) = answer.topic {
                match topic.as_mut() {
                    Some(seen) => seen.queues += t.queues,
                    None => topic = Some(t),
                }
            }
            queues.extend(answer.queues.into_iter().map(|mut q| {
                q.broker.clone_from(&broker);
                q
            }));
        }
        Ok(Response::new(pb::DescribeTopicResponse { topic, queues }))
    }

    async fn create_group(
        &self,
        r: Request<pb::CreateGroupRequest>,
    ) -> Result<Response<pb::CreateGroupResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers().await?;
        let answers = all(self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.create_group(r).await }
            })
            .await)?;
        let group = answers.into_iter().find_map(|(_, a)| a.group);
        Ok(Response::new(pb::CreateGroupResponse { group }))
    }

    async fn list_groups(
        &self,
        r: Request<pb::ListGroupsRequest>,
    ) -> Result<Response<pb::ListGroupsResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers().await?;
        let answers = all(self
            .each(&brokers, |mut c| {
                let r = req;
                async move { c.list_groups(r).await }
            })
            .await)?;
        let mut groups: BTreeMap<String, pb::GroupInfo> = BTreeMap::new();
        for (_, answer) in answers {
            for g in answer.groups {
                match groups.get_mut(&g.name) {
                    Some(seen) => seen.in_flight += g.in_flight,
                    None => {
                        groups.insert(g.name.clone(), g);
                    }
                }
            }
        }
        Ok(Response::new(pb::ListGroupsResponse {
            groups: groups.into_values().collect(),
        }))
    }

    async fn update_group(
        &self,
        r: Request<pb::UpdateGroupRequest>,
    ) -> Result<Response<pb::UpdateGroupResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers().await?;
        let answers = self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.update_group(r).await }
            })
            .await;
        // A broker that never saw the group has nothing to update.
        let mut group = None;
        for (_, answer) in answers {
            match answer {
                Ok(a) => group = group.or(a.group),
                Err(s) if s.code() == tonic::Code::NotFound => {}
                Err(s) => return Err(s),
            }
        }
        match group {
            Some(g) => Ok(Response::new(pb::UpdateGroupResponse { group: Some(g) })),
            None => Err(Status::not_found(format!(
                "group {} does not exist",
                req.name
            ))),
        }
    }

    async fn describe_group_offsets(
        &self,
        r: Request<pb::DescribeGroupOffsetsRequest>,
    ) -> Result<Response<pb::DescribeGroupOffsetsResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers_of(&req.topic).await?;
        let answers = all(self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.describe_group_offsets(r).await }
            })
            .await)?;
        let mut sum = pb::DescribeGroupOffsetsResponse::default();
        for (broker, answer) in answers {
            sum.retry_backlog += answer.retry_backlog;
            sum.queues.extend(answer.queues.into_iter().map(|mut q| {
                q.broker.clone_from(&broker);
                q
            }));
        }
        Ok(Response::new(sum))
    }

    async fn reset_offset(
        &self,
        r: Request<pb::ResetOffsetRequest>,
    ) -> Result<Response<pb::ResetOffsetResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers_of(&req.topic).await?;
        let answers = all(self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.reset_offset(r).await }
            })
            .await)?;
        let mut queues = Vec::new();
        for (broker, answer) in answers {
            queues.extend(answer.queues.into_iter().map(|mut q| {
                q.broker.clone_from(&broker);
                q
            }));
        }
        Ok(Response::new(pb::ResetOffsetResponse { queues }))
    }

    /// Dead-letter offsets are per broker. Named, one broker is paged exactly; unnamed, every
    /// broker is listed from the same offset and the next page starts at the lowest next
    /// offset, so a page may repeat dead letters of a broker further ahead, never skip one.
    async fn list_dlq_messages(
        &self,
        r: Request<pb::ListDlqMessagesRequest>,
    ) -> Result<Response<pb::ListDlqMessagesResponse>, Status> {
        let mut req = r.into_inner();
        let brokers = if req.broker.is_empty() {
            self.brokers().await?
        } else {
            vec![std::mem::take(&mut req.broker)]
        };
        let answers = all(self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.list_dlq_messages(r).await }
            })
            .await)?;
        let mut sum = pb::ListDlqMessagesResponse {
            messages: Vec::new(),
            next_offset: u64::MAX,
        };
        for (broker, answer) in answers {
            sum.next_offset = sum.next_offset.min(answer.next_offset);
            sum.messages
                .extend(answer.messages.into_iter().map(|mut m| {
                    m.broker.clone_from(&broker);
                    m
                }));
        }
        if sum.next_offset == u64::MAX {
            sum.next_offset = req.from_offset;
        }
        Ok(Response::new(sum))
    }

    async fn resend_dlq_messages(
        &self,
        r: Request<pb::ResendDlqMessagesRequest>,
    ) -> Result<Response<pb::ResendDlqMessagesResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers().await?;
        let answers = self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.resend_dlq_messages(r).await }
            })
            .await;
        let mut resent = 0;
        let mut not_found = None;
        for (_, answer) in answers {
            match answer {
                Ok(a) => resent += a.resent,
                // A broker without the group's dead letters (or without these ids) has none
                // to resend; the others may.
                Err(s) if s.code() == tonic::Code::NotFound => not_found = Some(s),
                Err(s) => return Err(s),
            }
        }
        match not_found {
            // Ids that no broker holds are an error, as they are from one broker.
            Some(s) if resent == 0 && !req.message_ids.is_empty() => Err(s),
            _ => Ok(Response::new(pb::ResendDlqMessagesResponse { resent })),
        }
    }

    async fn query_message(
        &self,
        r: Request<pb::QueryMessageRequest>,
    ) -> Result<Response<pb::QueryMessageResponse>, Status> {
        let req = r.into_inner();
        let brokers = self.brokers().await?;
        let answers = self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.query_message(r).await }
            })
            .await;
        let mut messages = Vec::new();
        for (broker, answer) in answers {
            match answer {
                Ok(a) => messages.extend(a.messages.into_iter().map(|mut m| {
                    m.broker.clone_from(&broker);
                    m
                })),
                Err(s) if s.code() == tonic::Code::NotFound => {}
                Err(s) => return Err(s),
            }
        }
        if messages.is_empty() {
            return Err(Status::not_found("no broker has such a message"));
        }
        messages.sort_by_key(|m| m.store_ms);
        Ok(Response::new(pb::QueryMessageResponse { messages }))
    }

    async fn update_topic(
        &self,
        r: Request<pb::UpdateTopicRequest>,
    ) -> Result<Response<pb::UpdateTopicResponse>, Status> {
        self.update_topic_everywhere(r.into_inner())
            .await
            .map(Response::new)
    }

    async fn delete_topic(
        &self,
        r: Request<pb::DeleteTopicRequest>,
    ) -> Result<Response<pb::DeleteTopicResponse>, Status> {
        self.delete_topic_everywhere(r.into_inner())
            .await
            .map(Response::new)
    }

    async fn delete_group(
        &self,
        r: Request<pb::DeleteGroupRequest>,
    ) -> Result<Response<pb::DeleteGroupResponse>, Status> {
        self.delete_group_everywhere(r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_consumer_connections(
        &self,
        r: Request<pb::ListConsumerConnectionsRequest>,
    ) -> Result<Response<pb::ListConnectionsResponse>, Status> {
        let group = r.into_inner().group;
        super::connections_of(&self.proxy, super::connections::Which::Consumers(&group))
            .map(Response::new)
    }

    async fn list_producer_connections(
        &self,
        r: Request<pb::ListProducerConnectionsRequest>,
    ) -> Result<Response<pb::ListConnectionsResponse>, Status> {
        let topic = r.into_inner().topic;
        let which = super::connections::Which::Producers((!topic.is_empty()).then_some(&topic));
        super::connections_of(&self.proxy, which).map(Response::new)
    }

    async fn set_log_level(
        &self,
        r: Request<pb::SetLogLevelRequest>,
    ) -> Result<Response<pb::LogLevelResponse>, Status> {
        super::set_log_level(r.into_inner()).map(Response::new)
    }

    async fn get_log_level(
        &self,
        _r: Request<pb::GetLogLevelRequest>,
    ) -> Result<Response<pb::LogLevelResponse>, Status> {
        Ok(Response::new(pb::LogLevelResponse {
            filter: apogee_telemetry::log_level::current(),
        }))
    }

    async fn get_traffic(
        &self,
        _r: Request<pb::GetTrafficRequest>,
    ) -> Result<Response<pb::GetTrafficResponse>, Status> {
        self.traffic_everywhere().await.map(Response::new)
    }
}

#[cfg(test)]
mod tests {
    use super::shares;

    #[test]
    fn queues_spread_evenly_with_at_least_one_each() {
        assert_eq!(shares(8, 2), vec![4, 4]);
        assert_eq!(shares(8, 3), vec![3, 3, 2]);
        assert_eq!(shares(1, 2), vec![1, 1]);
        assert_eq!(shares(5, 1), vec![5]);
    }
}
