//! `apogee.admin.v1.Admin`: the operator API, one file per area. With authentication on,
//! each call needs the right on what it names: Create, Update or Get on a topic or group, List
//! on the cluster; a super user may do everything. `access` serves users and ACLs (super users
//! only).

pub mod access;
pub mod cluster;
mod dlq;
mod groups;
mod messages;
mod topics;

use std::sync::Arc;

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
}

impl AdminService {
    pub fn new(broker: Arc<Broker>, auth: Arc<Auth>) -> Self {
        Self { broker, auth }
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
}
