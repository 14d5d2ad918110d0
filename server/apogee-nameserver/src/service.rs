//! The `apogee.nameserver.v1.NameServer` gRPC service over a [`RouteTable`].

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apogee_proto::nameserver::v1 as pb;
use pb::name_server_server::NameServer;
use tonic::{Request, Response, Status};

use crate::table::{DEFAULT_BROKER_TIMEOUT, RouteTable};

/// Longest TTL a broker may ask for.
const MAX_TTL: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct NameServerService {
    table: Arc<RouteTable>,
    broker_timeout: Duration,
}

impl Default for NameServerService {
    fn default() -> Self {
        Self::new(Arc::default())
    }
}

fn epoch_ms(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl NameServerService {
    pub fn new(table: Arc<RouteTable>) -> Self {
        Self {
            table,
            broker_timeout: DEFAULT_BROKER_TIMEOUT,
        }
    }

    /// How long a broker that stopped heartbeating stays in the routes (when its
    /// registration does not ask for less).
    pub fn with_broker_timeout(mut self, timeout: Duration) -> Self {
        self.broker_timeout = timeout;
        self
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
            0 => self.broker_timeout,
            ms => Duration::from_millis(ms).min(MAX_TTL),
        };
        let expires_at = self.table.register(info, ttl);
        Ok(Response::new(pb::RegisterBrokerResponse {
            expires_at_ms: epoch_ms(expires_at),
        }))
    }

    async fn unregister_broker(
        &self,
        r: Request<pb::UnregisterBrokerRequest>,
    ) -> Result<Response<pb::UnregisterBrokerResponse>, Status> {
        let req = r.into_inner();
        if !self.table.unregister(&req.name, req.broker_id) {
            return Err(Status::not_found(format!(
                "broker {} (id {}) is not registered",
                req.name, req.broker_id
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

    async fn get_cluster_info(
        &self,
        _r: Request<pb::GetClusterInfoRequest>,
    ) -> Result<Response<pb::GetClusterInfoResponse>, Status> {
        let members = self.table.members();
        let master_of = |m: &pb::BrokerInfo| {
            members
                .iter()
                .map(|r| &r.info)
                .find(|i| i.broker_id == 0 && i.name == m.name && i.cluster == m.cluster)
        };
        let brokers = members
            .iter()
            .map(|m| {
                let master = (m.info.broker_id != 0)
                    .then(|| master_of(&m.info))
                    .flatten();
                pb::ClusterMember {
                    role: match (m.info.broker_id, m.info.acting_master) {
                        (0, _) => "master",
                        (_, true) => "acting-master",
                        (_, false) => "slave",
                    }
                    .into(),
                    last_heartbeat_ms: epoch_ms(m.last_heartbeat),
                    expires_at_ms: epoch_ms(m.expires_at_wall),
                    lag_messages: master
                        .map(|ma| ma.next_log_offset.saturating_sub(m.info.next_log_offset)),
                    lag_bytes: master.and_then(|ma| {
                        ma.replicas
                            .iter()
                            .find(|r| r.broker_id == m.info.broker_id)
                            .map(|r| r.unconfirmed_bytes)
                    }),
                    broker: Some(m.info.clone()),
                }
            })
            .collect();
        Ok(Response::new(pb::GetClusterInfoResponse {
            brokers,
            broker_timeout_ms: u64::try_from(self.broker_timeout.as_millis()).unwrap_or(u64::MAX),
        }))
    }
}
