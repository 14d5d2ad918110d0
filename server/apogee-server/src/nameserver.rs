//! `apogee nameserver`: the route registry as a process of its own. Memory only: brokers
//! register with every nameserver and re-register as their heartbeat, so a restarted
//! nameserver knows the cluster again after one heartbeat interval.

use std::future::Future;
use std::sync::Arc;

use apogee_nameserver::{NameServerService, RouteTable};
use apogee_proto::nameserver::v1::name_server_server::NameServerServer;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::server::ServerError;

/// Serves `apogee.nameserver.v1`, health and reflection until `shutdown` completes.
pub async fn run_nameserver(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServerError> {
    let local = listener.local_addr()?;
    let service = NameServerService::new(Arc::new(RouteTable::default()))
        .with_broker_timeout(config.nameserver.broker_timeout);
    let (health_reporter, health) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<NameServerServer<NameServerService>>()
        .await;
    let layer = config.rpc_layer();
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(apogee_proto::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .with_service_name("apogee.nameserver.v1.NameServer")
            .with_service_name("grpc.health.v1.Health")
    };
    let (reflection, reflection_alpha) = (reflection().build_v1()?, reflection().build_v1alpha()?);
    tracing::info!(%local, broker_timeout = %humantime::format_duration(config.nameserver.broker_timeout), "Apogee nameserver is serving.");
    if let Some(path) = &config.server.ready_file {
        crate::server::write_ready_file(path, local)?;
    }
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    tonic::transport::Server::builder()
        .layer(layer)
        .add_service(NameServerServer::new(service))
        .add_service(health)
        .add_service(reflection)
        .add_service(reflection_alpha)
        .serve_with_incoming_shutdown(incoming, async move {
            shutdown.await;
            // Draining: probes and balancers stop sending before the port closes.
            health_reporter
                .set_service_status("", tonic_health::ServingStatus::NotServing)
                .await;
            health_reporter
                .set_not_serving::<NameServerServer<NameServerService>>()
                .await;
        })
        .await?;
    tracing::info!("Nameserver stopped.");
    Ok(())
}
