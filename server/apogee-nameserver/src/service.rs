//! The `apogee.nameserver.v1.NameServer` gRPC service over a [`RouteTable`].

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apogee_proto::nameserver::v1 as pb;
use pb::name_server_server::NameServer;
use tonic::{Request, Response, Status};

use crate::table::{DEFAULT_TTL, RouteTable};

/// Longest TTL a broker may ask for.
const MAX_TTL: Duration = Duration::from_secs(600);

#[derive(Debug, Clone, Default)]
pub struct NameServerService {
    table: Arc<RouteTable>,
}

impl NameServerService {
    pub fn new(table: Arc<RouteTable>) -> Self {
        Self { table }
    }
}

#[tonic::async_trait]
impl NameServer for NameServerService {
    async fn register_broker(
        &self,
        r: Request<pb::RegisterBrokerRequest>,
    ) -> Result<Response<pb::RegisterBrokerResponse>, Status> {
        let req = r.into_inner();
        let info = req
            .broker
            .ok_or_else(|| Status::invalid_argument("broker is required"))?;
        if info.name.trim().is_empty() {
            return Err(Status::invalid_argument("broker name is required"));
        }
        if info.client_endpoint.trim().is_empty() {
            return Err(Status::invalid_argument(
                "broker client_endpoint is required",
            ));
        }
        let ttl = match req.ttl_ms {
            0 => DEFAULT_TTL,
            ms => Duration::from_millis(ms).min(MAX_TTL),
        };
        self.table.register(info, ttl);
        let expires_at = SystemTime::now() + ttl;
        let expires_at_ms = expires_at
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Ok(Response::new(pb::RegisterBrokerResponse { expires_at_ms }))
    }

    async fn unregister_broker(
        &self,
        r: Request<pb::UnregisterBrokerRequest>,
    ) -> Result<Response<pb::UnregisterBrokerResponse>, Status> {
        let name = r.into_inner().name;
        if !self.table.unregister(&name) {
            return Err(Status::not_found(format!(
                "broker {name} is not registered"
            )));
        }
        Ok(Response::new(pb::UnregisterBrokerResponse {}))
    }

    async fn get_route(
        &self,
        r: Request<pb::GetRouteRequest>,
    ) -> Result<Response<pb::GetRouteResponse>, Status> {
        let topic = r.into_inner().topic;
        let brokers = self.table.route(&topic);
        if brokers.is_empty() {
            return Err(Status::not_found(format!(
                "no live broker holds topic {topic}"
            )));
        }
        Ok(Response::new(pb::GetRouteResponse { brokers }))
    }

    async fn list_brokers(
        &self,
        _r: Request<pb::ListBrokersRequest>,
    ) -> Result<Response<pb::ListBrokersResponse>, Status> {
        Ok(Response::new(pb::ListBrokersResponse {
            brokers: self.table.live(),
        }))
    }
}
