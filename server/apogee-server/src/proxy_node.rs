//! `apogee proxy`: the stateless front door of a cluster. It serves `apache.rocketmq.v2` to
//! clients and forwards every call to the brokers found through the nameservers, over
//! `apogee.broker.v1`. It owns no store: Telemetry sessions and transaction check-backs are all
//! it keeps, so proxies behind one address are interchangeable.

use std::future::Future;
use std::sync::Arc;

use apogee_proto::admin::v1::admin_server::AdminServer;
use apogee_proxy::Proxy;
use apogee_proxy::admin::cluster::ClusterAdmin;
use apogee_proxy::auth::Auth;
use apogee_proxy::backend::checks::relay_checks;
use apogee_proxy::backend::{Backend, ClusterBackend};
use apogee_proxy::metrics::MetricsIngest;
use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_server::MetricsServiceServer;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::server::{ServerError, client_service, write_ready_file};

/// Headroom over the bodies of a receive batch for a broker reply's other fields.
const REPLY_OVERHEAD: usize = 64 * 1024;

/// Runs a proxy until `shutdown` completes.
pub async fn run_proxy(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServerError> {
    config
        .cluster
        .validate_for_proxy()
        .map_err(ServerError::Config)?;
    if config.auth.enabled {
        return Err(ServerError::Config(
            "auth.enabled: a proxy cannot authenticate clients yet (users and ACLs live in the \
             brokers' stores); run the proxy without auth and keep it on a trusted network"
                .into(),
        ));
    }
    let local = listener.local_addr()?;
    let advertise = config.advertised(local);
    let console = crate::console::bind(&config.console).await?;
    let broker = &config.broker;
    let max_reply = broker
        .max_receive_batch
        .saturating_mul(broker.max_body_size.saturating_add(REPLY_OVERHEAD));
    let cluster = Arc::new(
        ClusterBackend::new(broker.clone(), &config.cluster.nameservers, max_reply)
            .map_err(ServerError::Config)?,
    );
    let streams = CancellationToken::new();
    let proxy = Proxy::new(
        Backend::Cluster(cluster.clone()),
        Arc::new(Auth::off()),
        advertise.clone(),
        streams.clone(),
        config.server.max_streams_per_client,
    );
    let cancel = CancellationToken::new();
    let checker = Arc::downgrade(&proxy);
    let checks = tokio::spawn(relay_checks(
        cluster.clone(),
        // Every proxy hears every check; the ones without a producer of the topic pass.
        Arc::new(move |check| {
            checker
                .upgrade()
                .filter(|p| p.has_producers_of(&check.topic))
                .is_some_and(|p| p.send_transaction_check(check))
        }),
        cancel.clone(),
    ));

    let (messaging, health, reporter) =
        client_service(proxy.clone(), config.server.max_request_bytes).await;
    let health_stop = CancellationToken::new();
    let health_watch = tokio::spawn(crate::health::watch(
        reporter,
        {
            let cluster = cluster.clone();
            move || {
                let cluster = cluster.clone();
                async move {
                    cluster
                        .nameserver_answers()
                        .await
                        .err()
                        .map(|e| e.to_string())
                }
            }
        },
        health_stop.clone(),
    ));
    crate::broker_metrics::register_proxy("cluster");
    let reflection_v1 = reflection_builder().build_v1()?;
    let reflection_alpha = reflection_builder().build_v1alpha()?;
    tracing::info!(%local, %advertise, nameservers = ?config.cluster.nameservers, "Apogee proxy is serving.");
    let connections = tokio_util::task::TaskTracker::new();
    let (incoming, dialer) =
        config.incoming((listener, local), streams.clone(), connections.clone())?;
    let console_stop = CancellationToken::new();
    let console = crate::console::start(
        console,
        &config.console,
        crate::console::ConsoleSetup::new(
            &config,
            dialer,
            crate::console::BrokerSource::Nameservers(config.cluster.nameservers.clone()),
            false,
        ),
        console_stop.clone(),
    )?;
    // Written once the console (whose address has its own file) is up too.
    if let Some(path) = &config.server.ready_file {
        write_ready_file(path, local)?;
    }
    let served = tonic::transport::Server::builder()
        .layer(config.rpc_layer())
        .add_service(messaging)
        .add_service(AdminServer::new(
            ClusterAdmin::new(cluster.clone()).with_proxy(&proxy),
        ))
        // Push consumers are told to export their metrics here (see settings.rs).
        .add_service(MetricsServiceServer::from_arc(Arc::new(
            MetricsIngest::default(),
        )))
        .add_service(health)
        .add_service(reflection_v1)
        .add_service(reflection_alpha)
        .serve_with_incoming_shutdown(incoming, async move {
            shutdown.await;
            console_stop.cancel();
            health_stop.cancel();
            streams.cancel();
        })
        .await;
    tracing::info!("Shutting down.");
    if let Some(c) = console {
        let _ = c.await;
    }
    let _ = health_watch.await;
    cancel.cancel();
    connections.close();
    connections.wait().await;
    proxy.wait_tasks().await;
    let joined = checks.await;
    served?;
    joined?;
    tracing::info!("Stopped.");
    Ok(())
}

fn reflection_builder() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(apogee_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .with_service_name("apache.rocketmq.v2.MessagingService")
        .with_service_name("apogee.admin.v1.Admin")
        .with_service_name("grpc.health.v1.Health")
}
