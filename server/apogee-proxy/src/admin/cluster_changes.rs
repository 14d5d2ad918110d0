//! Topic and group changes on a proxy: sent to every broker concerned, all at once.

use apogee_proto::admin::v1 as pb;
use futures::future::join_all;
use tonic::{Response, Status};

use super::{ClusterAdmin, in_broker, shares, status_of};

impl ClusterAdmin {
    /// Updates the topic on every broker holding it. `queues` is the new total, spread over
    /// those brokers as creation spreads it (each broker can only gain queues).
    pub(super) async fn update_topic_everywhere(
        &self,
        req: pb::UpdateTopicRequest,
    ) -> Result<pb::UpdateTopicResponse, Status> {
        let holders = self.brokers_of(&req.name).await?;
        let per_broker = req.queues.map(|total| shares(total, holders.len()));
        let calls = holders.iter().enumerate().map(|(i, name)| {
            let mut one = req.clone();
            one.queues = per_broker.as_ref().and_then(|s| s.get(i).copied());
            async move {
                let result = match self.cluster.admin(name).await {
                    Ok(mut client) => client.update_topic(one).await.map(Response::into_inner),
                    Err(e) => Err(status_of(e)),
                };
                result.map_err(|s| in_broker(name, s))
            }
        });
        let answers = join_all(calls)
            .await
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        self.cluster.forget_route(&req.name);
        let mut topic = None::<pb::TopicInfo>;
        for a in answers {
            if let Some(t) = a.topic {
                match &mut topic {
                    Some(seen) => seen.queues += t.queues,
                    None => topic = Some(t),
                }
            }
        }
        Ok(pb::UpdateTopicResponse { topic })
    }

    /// Deletes the topic on every broker holding it.
    pub(super) async fn delete_topic_everywhere(
        &self,
        req: pb::DeleteTopicRequest,
    ) -> Result<pb::DeleteTopicResponse, Status> {
        let holders = self.brokers_of(&req.name).await?;
        let answers = self
            .each(&holders, |mut c| {
                let r = req.clone();
                async move { c.delete_topic(r).await }
            })
            .await;
        for (_, a) in answers {
            match a {
                // Gone there already (a retried delete): what was asked holds.
                Ok(_) => {}
                Err(s) if s.code() == tonic::Code::NotFound => {}
                Err(s) => return Err(s),
            }
        }
        self.cluster.forget_route(&req.name);
        Ok(pb::DeleteTopicResponse {})
    }

    /// Deletes the group on every broker that knows it; NOT_FOUND when none does.
    pub(super) async fn delete_group_everywhere(
        &self,
        req: pb::DeleteGroupRequest,
    ) -> Result<pb::DeleteGroupResponse, Status> {
        let brokers = self.brokers().await?;
        let answers = self
            .each(&brokers, |mut c| {
                let r = req.clone();
                async move { c.delete_group(r).await }
            })
            .await;
        let mut deleted = false;
        for (_, a) in answers {
            match a {
                Ok(_) => deleted = true,
                Err(s) if s.code() == tonic::Code::NotFound => {}
                Err(s) => return Err(s),
            }
        }
        if !deleted {
            return Err(Status::not_found(format!(
                "group {} does not exist",
                req.name
            )));
        }
        Ok(pb::DeleteGroupResponse {})
    }
}

impl ClusterAdmin {
    /// Every broker's traffic counters, per broker and topic (each broker counts from its own
    /// start, so only per broker do differences make rates); brokers that do not answer are
    /// named rather than failing the whole answer (a console keeps drawing the others).
    pub(super) async fn traffic_everywhere(&self) -> Result<pb::GetTrafficResponse, Status> {
        let brokers = self.brokers().await?;
        let answers = self
            .each(&brokers, |mut c| async move {
                c.get_traffic(pb::GetTrafficRequest {}).await
            })
            .await;
        let mut topics = Vec::new();
        let mut missing_brokers = Vec::new();
        for (broker, answer) in answers {
            match answer {
                Ok(t) => topics.extend(t.topics.into_iter().map(|mut topic| {
                    topic.broker.clone_from(&broker);
                    topic
                })),
                Err(e) => {
                    tracing::debug!(%broker, error = %e.message(), "No traffic counts from a broker.");
                    missing_brokers.push(broker);
                }
            }
        }
        Ok(pb::GetTrafficResponse {
            topics,
            missing_brokers,
        })
    }
}
