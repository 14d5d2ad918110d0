//! `apogee.admin.v1.Admin`: the operator API, one file per area.

mod dlq;
mod groups;
mod messages;
mod topics;

use std::sync::Arc;

use apogee_broker::Broker;
use apogee_proto::admin::v1 as pb;
use pb::admin_server::Admin;
use tonic::{Request, Response, Status};

/// The admin service over the broker.
#[derive(Debug, Clone)]
pub struct AdminService {
    broker: Arc<Broker>,
}

impl AdminService {
    pub fn new(broker: Arc<Broker>) -> Self {
        Self { broker }
    }
}

#[tonic::async_trait]
impl Admin for AdminService {
    async fn create_topic(
        &self,
        r: Request<pb::CreateTopicRequest>,
    ) -> Result<Response<pb::CreateTopicResponse>, Status> {
        topics::create_topic(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_topics(
        &self,
        r: Request<pb::ListTopicsRequest>,
    ) -> Result<Response<pb::ListTopicsResponse>, Status> {
        Ok(Response::new(topics::list_topics(
            &self.broker,
            r.into_inner(),
        )))
    }

    async fn describe_topic(
        &self,
        r: Request<pb::DescribeTopicRequest>,
    ) -> Result<Response<pb::DescribeTopicResponse>, Status> {
        topics::describe_topic(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn create_group(
        &self,
        r: Request<pb::CreateGroupRequest>,
    ) -> Result<Response<pb::CreateGroupResponse>, Status> {
        groups::create_group(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_groups(
        &self,
        _r: Request<pb::ListGroupsRequest>,
    ) -> Result<Response<pb::ListGroupsResponse>, Status> {
        Ok(Response::new(groups::list_groups(&self.broker)))
    }

    async fn update_group(
        &self,
        r: Request<pb::UpdateGroupRequest>,
    ) -> Result<Response<pb::UpdateGroupResponse>, Status> {
        groups::update_group(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn describe_group_offsets(
        &self,
        r: Request<pb::DescribeGroupOffsetsRequest>,
    ) -> Result<Response<pb::DescribeGroupOffsetsResponse>, Status> {
        groups::describe_group_offsets(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn reset_offset(
        &self,
        r: Request<pb::ResetOffsetRequest>,
    ) -> Result<Response<pb::ResetOffsetResponse>, Status> {
        groups::reset_offset(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn list_dlq_messages(
        &self,
        r: Request<pb::ListDlqMessagesRequest>,
    ) -> Result<Response<pb::ListDlqMessagesResponse>, Status> {
        dlq::list_dlq(&self.broker, r.into_inner()).map(Response::new)
    }

    async fn resend_dlq_messages(
        &self,
        r: Request<pb::ResendDlqMessagesRequest>,
    ) -> Result<Response<pb::ResendDlqMessagesResponse>, Status> {
        dlq::resend_dlq(&self.broker, r.into_inner())
            .await
            .map(Response::new)
    }

    async fn query_message(
        &self,
        r: Request<pb::QueryMessageRequest>,
    ) -> Result<Response<pb::QueryMessageResponse>, Status> {
        messages::query_message(&self.broker, r.into_inner()).map(Response::new)
    }
}
