//! `apogee.admin.v1.Admin`: the operator API, one file per area. With authentication on,
//! each call needs the right on what it names: Create, Update or Get on a topic or group, List
//! on the cluster; a super user may do everything. `access` serves users and ACLs (super users
//! only).

pub mod access;
pub mod cluster;
pub mod connections;
mod dlq;
mod groups;
mod messages;
mod topics;

use std::sync::{Arc, Weak};

use apogee_broker::Broker;
use apogee_proto::admin::v1 as pb;
use pb::admin_server::Admin;
use tonic::{Request, Response, Status};

use crate::auth::{Action, Auth, Need};

/// The admin service over the broker.
#[derive(Debug, Clone)]
pub struct AdminService {
    broker: Arc<Broker>,
    auth: Arc<Auth>,
    /// The client front of the same server, whose connections the API lists.
    proxy: Weak<crate::Proxy>,
}

impl AdminService {
    pub fn new(broker: Arc<Broker>, auth: Arc<Auth>) -> Self {
        Self {
            broker,
            auth,
            proxy: Weak::new(),
        }
    }

    /// Lists the connections of `proxy` (the server's client front).
    pub fn with_proxy(mut self, proxy: &Arc<crate::Proxy>) -> Self {
        self.proxy = Arc::downgrade(proxy);
        self
    }

    /// Refuses a call whose caller may not do all of `needs`.
    fn allow<T>(&self, r: &Request<T>, needs: &[Need<'_>]) -> Result<(), Status> {
        let caller = self.auth.identify(r.metadata(), r.remote_addr());
        self.auth
            .require(&caller, needs)
            .map_err(|e| crate::status::auth_status(&e))
    }
}

const CREATE: &[Action] = &[Action::Create];
const UPDATE: &[Action] = &[Action::Update];
const GET: &[Action] = &[Action::Get];
const LIST: &[Action] = &[Action::List];
const DELETE: &[Action] = &[Action::Delete];

/// `ListConsumerConnections` and `ListProducerConnections` of a server's client front (none
/// for a server without one, such as a slave acting for its master).
pub(crate) fn connections_of(
    proxy: &Weak<crate::Proxy>,
    which: connections::Which<'_>,
) -> Result<pb::ListConnectionsResponse, Status> {
    Ok(pb::ListConnectionsResponse {
        connections: proxy
            .upgrade()
            .map(|p| connections::list(&p, which))
            .unwrap_or_default(),
    })
}

/// `SetLogLevel`: this process's log filter.
pub(crate) fn set_log_level(req: pb::SetLogLevelRequest) -> Result<pb::LogLevelResponse, Status> {
    let filter = req.filter.trim();
    if filter.is_empty() {
        return Err(Status::invalid_argument(
            "a log filter is required, e.g. info or info,apogee_store=debug",
        ));
    }
    apogee_telemetry::log_level::set(filter).map_err(Status::invalid_argument)?;
    tracing::warn!(filter, "Log filter changed through the admin API.");
    Ok(pb::LogLevelResponse {
        filter: filter.to_owned(),
    })
}

#[tonic::async_trait]
impl Admin for AdminService {
    async fn create_topic(
        &self,
        r: Request<pb::CreateTopicRequest>,
    ) -> Result<Response<pb::CreateTopicResponse>, Status> {
        self.allow(&r, &[Need::topic(&r.get_ref().name, CREATE)])?;
        topics::create_topic(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_topics(
        &self,
        r: Request<pb::ListTopicsRequest>,
    ) -> Result<Response<pb::ListTopicsResponse>, Status> {
        self.allow(&r, &[Need::cluster(LIST)])?;
        Ok(Response::new(topics::list_topics(
            &self.broker,
            r.into_inner(),
        )))
    }

    async fn describe_topic(
        &self,
        r: Request<pb::DescribeTopicRequest>,
    ) -> Result<Response<pb::DescribeTopicResponse>, Status> {
        self.allow(&r, &[Need::topic(&r.get_ref().name, GET)])?;
        topics::describe_topic(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn create_group(
        &self,
        r: Request<pb::CreateGroupRequest>,
    ) -> Result<Response<pb::CreateGroupResponse>, Status> {
        self.allow(&r, &[Need::group(&r.get_ref().name, CREATE)])?;
        groups::create_group(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_groups(
        &self,
        r: Request<pb::ListGroupsRequest>,
    ) -> Result<Response<pb::ListGroupsResponse>, Status> {
        self.allow(&r, &[Need::cluster(LIST)])?;
        Ok(Response::new(groups::list_groups(&self.broker)))
    }

    async fn update_group(
        &self,
        r: Request<pb::UpdateGroupRequest>,
    ) -> Result<Response<pb::UpdateGroupResponse>, Status> {
        self.allow(&r, &[Need::group(&r.get_ref().name, UPDATE)])?;
        groups::update_group(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn describe_group_offsets(
        &self,
        r: Request<pb::DescribeGroupOffsetsRequest>,
    ) -> Result<Response<pb::DescribeGroupOffsetsResponse>, Status> {
        let q = r.get_ref();
        self.allow(
            &r,
            &[Need::group(&q.group, GET), Need::topic(&q.topic, GET)],
        )?;
        groups::describe_group_offsets(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn reset_offset(
        &self,
        r: Request<pb::ResetOffsetRequest>,
    ) -> Result<Response<pb::ResetOffsetResponse>, Status> {
        let q = r.get_ref();
        self.allow(
            &r,
            &[Need::group(&q.group, UPDATE), Need::topic(&q.topic, GET)],
        )?;
        groups::reset_offset(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_dlq_messages(
        &self,
        r: Request<pb::ListDlqMessagesRequest>,
    ) -> Result<Response<pb::ListDlqMessagesResponse>, Status> {
        self.allow(&r, &[Need::group(&r.get_ref().group, GET)])?;
        dlq::list_dlq(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn resend_dlq_messages(
        &self,
        r: Request<pb::ResendDlqMessagesRequest>,
    ) -> Result<Response<pb::ResendDlqMessagesResponse>, Status> {
        self.allow(&r, &[Need::group(&r.get_ref().group, UPDATE)])?;
        dlq::resend_dlq(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn query_message(
        &self,
        r: Request<pb::QueryMessageRequest>,
    ) -> Result<Response<pb::QueryMessageResponse>, Status> {
        match &r.get_ref().by {
            Some(pb::query_message_request::By::Key(k)) => {
                self.allow(&r, &[Need::topic(&k.topic, GET)])?;
            }
            // An id names no topic up front: reading any message needs the cluster right.
            _ => self.allow(&r, &[Need::cluster(GET)])?,
        }
        messages::query_message(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn update_topic(
        &self,
        r: Request<pb::UpdateTopicRequest>,
    ) -> Result<Response<pb::UpdateTopicResponse>, Status> {
        self.allow(&r, &[Need::topic(&r.get_ref().name, UPDATE)])?;
        topics::update_topic(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn delete_topic(
        &self,
        r: Request<pb::DeleteTopicRequest>,
    ) -> Result<Response<pb::DeleteTopicResponse>, Status> {
        self.allow(&r, &[Need::topic(&r.get_ref().name, DELETE)])?;
        topics::delete_topic(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn delete_group(
        &self,
        r: Request<pb::DeleteGroupRequest>,
    ) -> Result<Response<pb::DeleteGroupResponse>, Status> {
        self.allow(&r, &[Need::group(&r.get_ref().name, DELETE)])?;
        self.broker
            .delete_group(&r.get_ref().name)
            .await
            .map_err(|e| crate::status::admin_status(&e))?;
        Ok(Response::new(pb::DeleteGroupResponse {}))
    }

    async fn list_consumer_connections(
        &self,
        r: Request<pb::ListConsumerConnectionsRequest>,
    ) -> Result<Response<pb::ListConnectionsResponse>, Status> {
        self.allow(&r, &[Need::group(&r.get_ref().group, GET)])?;
        connections_of(
            &self.proxy,
            connections::Which::Consumers(&r.get_ref().group),
        )
        .map(Response::new)
    }

    async fn list_producer_connections(
        &self,
        r: Request<pb::ListProducerConnectionsRequest>,
    ) -> Result<Response<pb::ListConnectionsResponse>, Status> {
        let topic = r.get_ref().topic.as_str();
        if topic.is_empty() {
            self.allow(&r, &[Need::cluster(LIST)])?;
        } else {
            self.allow(&r, &[Need::topic(topic, GET)])?;
        }
        let which = connections::Which::Producers((!topic.is_empty()).then_some(topic));
        connections_of(&self.proxy, which).map(Response::new)
    }

    async fn set_log_level(
        &self,
        r: Request<pb::SetLogLevelRequest>,
    ) -> Result<Response<pb::LogLevelResponse>, Status> {
        self.allow(&r, &[Need::cluster(UPDATE)])?;
        set_log_level(r.into_inner()).map(Response::new)
    }

    async fn get_log_level(
        &self,
        r: Request<pb::GetLogLevelRequest>,
    ) -> Result<Response<pb::LogLevelResponse>, Status> {
        self.allow(&r, &[Need::cluster(GET)])?;
        Ok(Response::new(pb::LogLevelResponse {
            filter: apogee_telemetry::log_level::current(),
        }))
    }

    async fn get_traffic(
        &self,
        r: Request<pb::GetTrafficRequest>,
    ) -> Result<Response<pb::GetTrafficResponse>, Status> {
        self.allow(&r, &[Need::cluster(GET)])?;
        Ok(Response::new(pb::GetTrafficResponse {
            topics: self
                .broker
                .traffic()
                .into_iter()
                .map(|t| pb::TopicTraffic {
                    topic: t.topic,
                    messages_in: t.messages_in,
                    messages_out: t.messages_out,
                    broker: String::new(),
                })
                .collect(),
            missing_brokers: Vec::new(),
        }))
    }
}
