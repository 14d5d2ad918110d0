//! `apogee.admin.v1.Admin`: the operator API, one file per area.

mod groups;
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
}
