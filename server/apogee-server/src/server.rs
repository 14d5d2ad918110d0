//! The standalone server: store, broker, nameserver and proxy in one process, serving every
//! gRPC service on one port; and `apogee broker`, the same without the embedded nameserver,
//! registering with the cluster's nameservers instead. Functions of a listener and a shutdown
//! future, so tests bind `127.0.0.1:0` and connect without waiting.

use std::future::Future;
use std::sync::Arc;

use apogee_broker::Broker;
use apogee_nameserver::{NameServerService, RouteTable};
use apogee_proto::admin::v1::access_server::AccessServer;
use apogee_proto::admin::v1::admin_server::AdminServer;
use apogee_proto::broker::v1::broker_server::BrokerServer;
use apogee_proto::nameserver::v1 as ns;
use apogee_proto::rocketmq::v2::messaging_service_server::MessagingServiceServer;
use apogee_proxy::Proxy;
use apogee_proxy::admin::AdminService;
use apogee_proxy::admin::access::AccessService;
use apogee_proxy::auth::Auth;
use apogee_proxy::backend::Backend;
use apogee_proxy::broker_api::{BrokerApi, CheckRelay};
use apogee_proxy::metrics::MetricsIngest;
use apogee_proxy::service::Messaging;
use apogee_store::Store;
use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_server::MetricsServiceServer;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;

use crate::config::Config;
use crate::registration::{self, RemoteRegistration};
use crate::tls;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("store: {0}")]
    Store(#[from] apogee_store::StoreError),
    #[error("broker: {0}")]
    Broker(#[from] apogee_broker::BrokerError),
    #[error("gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    #[error("configuration: {0}")]
    Config(String),
    #[error("a background task panicked: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Which process this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Serves the nameserver API itself; the broker registers in memory.
    Standalone,
    /// Registers with `cluster.nameservers`.
    Broker,
}

/// Runs until `shutdown` completes, then stops accepting, finishes in-flight calls, stops
/// background tasks and closes the store (syncing its WAL).
pub async fn run_standalone(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServerError> {
    run_node(config, listener, shutdown, Role::Standalone).await
}

/// `apogee broker`: one store, serving clients (RocketMQ's local mode) and the admin API, and
/// registered with every nameserver of `cluster.nameservers`; unregistered at shutdown.
pub async fn run_broker(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServerError> {
    config
        .cluster
        .validate_for_broker(&config.broker.name)
        .map_err(ServerError::Config)?;
    if config.cluster.broker_id != 0 {
        return crate::slave::run_slave(config, listener, shutdown).await;
    }
    run_node(config, listener, shutdown, Role::Broker).await
}

async fn run_node(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
    role: Role,
) -> Result<(), ServerError> {
    let local = listener.local_addr()?;
    let advertise = config.advertised(local);
    let console = match role {
        Role::Standalone => crate::console::bind(&config.console).await?,
        Role::Broker => None,
    };
    // A master keeps WAL for its slaves to catch up from.
    let store_config = config.store_config(match role {
        Role::Broker => config.cluster.replication_wal_keep_mb,
        Role::Standalone => 0,
    });
    let store = tokio::task::spawn_blocking(move || Store::open(store_config)).await??;
    // A slave that served this master's queues while it was away hands their state back.
    if role == Role::Broker {
        crate::take_back::take_back(&store, &config).await;
    }
    let broker = match Broker::open(config.broker.clone(), store.clone()) {
        Ok(b) => b,
        Err(e) => {
            store.close();
            return Err(e.into());
        }
    };

    let cancel = CancellationToken::new();
    let mut background = JoinSet::new();
    background.spawn(broker.clone().run_reviver(cancel.clone()));
    let routes = Arc::new(RouteTable::default());
    match role {
        Role::Standalone => {
            background.spawn(registration::register_locally(
                broker.clone(),
                routes.clone(),
                advertise.clone(),
                cancel.clone(),
            ));
        }
        Role::Broker => {
            let source = broker.clone();
            let (cluster, id, endpoint) = (
                config.cluster.name.clone(),
                config.cluster.broker_id,
                advertise.clone(),
            );
            background.spawn(registration::register_remotely(
                Arc::new(move || registration::broker_info(&source, &cluster, id, &endpoint)),
                Some(registration::topic_changes(broker.clone())),
                RemoteRegistration {
                    nameservers: config.cluster.nameservers.clone(),
                    cluster: config.cluster.name.clone(),
                    broker_id: config.cluster.broker_id,
                    endpoint: advertise.clone(),
                    interval: config.cluster.heartbeat_interval,
                },
                cancel.clone(),
            ));
        }
    }

    // Client streams end as soon as shutdown starts (the gRPC server waits for every open
    // stream before it returns); background tasks stop after it returned.
    let streams = CancellationToken::new();
    let auth_config = config.auth.to_auth_config();
    let auth_store = store.clone();
    let auth =
        Arc::new(tokio::task::spawn_blocking(move || Auth::open(&auth_config, auth_store)).await??);
    if auth.enabled() {
        tracing::info!("Authentication and ACL are on.");
    }
    let proxy = Proxy::new(
        Backend::Local(broker.clone()),
        auth.clone(),
        advertise.clone(),
        streams.clone(),
        config.server.max_streams_per_client,
    );
    background.spawn(broker.clone().run_timers(cancel.clone()));
    background.spawn(broker.clone().run_transaction_checks(cancel.clone()));
    background.spawn(broker.clone().run_retention(cancel.clone()));
    // Check-backs go out on producers' Telemetry streams, which the proxy holds; those it
    // cannot place go to the proxies subscribed over the broker API.
    let checker = Arc::downgrade(&proxy);
    let relay = Arc::new(CheckRelay::default());
    let remote = relay.clone();
    if role == Role::Broker {
        broker.set_replication(
            config.cluster.replication,
            config.cluster.replication_timeout,
        );
    }
    broker.set_transaction_checker(Box::new(move |check| {
        let local = checker.upgrade();
        if local
            .as_ref()
            .is_some_and(|p| p.has_producers_of(&check.topic))
        {
            return local.is_some_and(|p| p.send_transaction_check(check));
        }
        // Neither here nor with a proxy: the local proxy says so in the log.
        remote.offer(check.clone()) || local.is_some_and(|p| p.send_transaction_check(check))
    }));
    let max = config.server.max_request_bytes;
    let (messaging, health, reporter) = client_service(proxy.clone(), max).await;
    let health_stop = CancellationToken::new();
    background.spawn(crate::health::watch(
        reporter,
        {
            let store = store.clone();
            move || std::future::ready(crate::health::store_problem(&store))
        },
        health_stop.clone(),
    ));
    crate::broker_metrics::register(&broker);
    let reflection = reflection_builder(role).build_v1()?;
    let reflection_alpha = reflection_builder(role).build_v1alpha()?;

    match role {
        Role::Standalone => {
            tracing::info!(%local, %advertise, data_dir = %config.store.data_dir.display(), flush = ?config.store.flush, "Apogee standalone is serving.");
        }
        Role::Broker => {
            tracing::info!(%local, %advertise, broker = %config.broker.name, cluster = %config.cluster.name, nameservers = ?config.cluster.nameservers, data_dir = %config.store.data_dir.display(), flush = ?config.store.flush, "Apogee broker is serving.");
        }
    }
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
            crate::console::BrokerSource::Embedded,
            auth.enabled(),
        ),
        console_stop.clone(),
    )?;
    // Written once the console (whose address has its own file) is up too.
    if let Some(path) = &config.server.ready_file {
        write_ready_file(path, local)?;
    }
    let nameserver = (role == Role::Standalone).then(|| {
        ns::name_server_server::NameServerServer::with_interceptor(
            NameServerService::new(routes),
            super_users_only(auth.clone()),
        )
    });
    let served = tonic::transport::Server::builder()
        .layer(config.rpc_layer())
        .add_service(messaging)
        .add_service(AdminServer::new(
            AdminService::new(broker.clone(), auth.clone()).with_proxy(&proxy),
        ))
        .add_service(AccessServer::new(AccessService::new(auth.clone())))
        .add_optional_service(nameserver)
        .add_service(InterceptedService::new(
            // Requests are bounded like a client's; a reply holds at most a receive batch of
            // messages within the body limit, which a proxy reads with the same bound.
            BrokerServer::new(BrokerApi::new(broker.clone(), relay, streams.clone()))
                .max_decoding_message_size(max)
                .max_encoding_message_size(usize::MAX),
            super_users_only(auth.clone()),
        ))
        .add_service(MetricsServiceServer::from_arc(Arc::new(
            MetricsIngest::default(),
        )))
        .add_service(health)
        .add_service(reflection)
        .add_service(reflection_alpha)
        .serve_with_incoming_shutdown(incoming, {
            let broker = broker.clone();
            async move {
                shutdown.await;
                console_stop.cancel();
                health_stop.cancel();
                streams.cancel();
                broker.begin_shutdown();
            }
        })
        .await;

    tracing::info!("Shutting down.");
    if let Some(c) = console {
        let _ = c.await;
    }
    cancel.cancel();
    connections.close();
    connections.wait().await;
    proxy.wait_tasks().await;
    let mut failure = served.err().map(ServerError::from);
    while let Some(done) = background.join_next().await {
        if let Err(e) = done {
            failure.get_or_insert(ServerError::Join(e));
        }
    }
    drop(proxy);
    drop(broker);
    tokio::task::spawn_blocking(move || store.close()).await?;
    tracing::info!("Stopped.");
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// `apache.rocketmq.v2.MessagingService` over `proxy` (requests and replies bounded by
/// `max_bytes`), and a health service with its reporter (see `health::watch`).
pub(crate) async fn client_service(
    proxy: Arc<Proxy>,
    max_bytes: usize,
) -> (
    MessagingServiceServer<Messaging>,
    tonic_health::pb::health_server::HealthServer<impl tonic_health::pb::health_server::Health>,
    tonic_health::server::HealthReporter,
) {
    let messaging = MessagingServiceServer::new(Messaging::new(proxy))
        .max_decoding_message_size(max_bytes)
        .max_encoding_message_size(max_bytes);
    let (reporter, health) = tonic_health::server::health_reporter();
    crate::health::set_all(&reporter, tonic_health::ServingStatus::Serving).await;
    (messaging, health, reporter)
}

/// Services listed by reflection: those served with descriptors at hand (the descriptor set
/// also holds `apache.rocketmq.v2.Admin`, which this server does not offer; the OTLP ingest is
/// served but ships no descriptors).
const SERVED: &[&str] = &[
    "apache.rocketmq.v2.MessagingService",
    "apogee.admin.v1.Admin",
    "apogee.admin.v1.Access",
    "apogee.nameserver.v1.NameServer",
    "apogee.broker.v1.Broker",
    "grpc.health.v1.Health",
];

fn reflection_builder(role: Role) -> tonic_reflection::server::Builder<'static> {
    let mut b = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(apogee_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET);
    let nameserver = "apogee.nameserver.v1.NameServer";
    for name in SERVED
        .iter()
        .filter(|n| role == Role::Standalone || **n != nameserver)
    {
        b = b.with_service_name(*name);
    }
    b
}

/// Brokers register with the nameserver, proxies call the broker API: with authentication on,
/// only super users may.
pub(crate) fn super_users_only(
    auth: Arc<Auth>,
) -> impl FnMut(tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> + Clone {
    move |r: tonic::Request<()>| {
        let caller = auth.identify(r.metadata(), r.remote_addr());
        auth.require_super(&caller)
            .map_err(|e| apogee_proxy::status::auth_status(&e))?;
        Ok(r)
    }
}

/// Writes the bound address for scripts and tests that listen on port 0: written then
/// renamed, so a reader never sees a partial address.
pub(crate) fn write_ready_file(
    path: &std::path::Path,
    local: std::net::SocketAddr,
) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, local.to_string())?;
    std::fs::rename(&tmp, path)
}
