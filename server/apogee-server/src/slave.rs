//! `apogee broker --broker-id N` (N above 0): a slave. It finds the master of its broker name
//! through the nameservers, follows the master's replication stream and applies every write to
//! its own store, then reports how far it got (what the master's `sync` replication waits
//! for). It registers with the nameservers as a slave, with the number of messages it holds, so
//! cluster info shows its lag. While the master is gone it serves the master's queues for
//! reading (see `acting`).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use apogee_proto::broker::v1 as bpb;
use apogee_proto::nameserver::v1 as ns;
use apogee_store::{ReplicaBatch, Store};
use bpb::broker_client::BrokerClient;
use bpb::replica_server::ReplicaServer;
use ns::name_server_client::NameServerClient;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tonic::transport::Endpoint;

use crate::acting::{HandBackService, SlaveState};
use crate::config::Config;
use crate::registration::{self, RemoteRegistration};
use crate::server::{ServerError, write_ready_file};

/// Waited between attempts to reach the master.
const RETRY: Duration = Duration::from_secs(1);
/// A nameserver that takes longer to connect or answer is passed over.
const NAMESERVER_TIMEOUT: Duration = Duration::from_secs(3);
/// A write of the master is at most about this large (its WAL rounds are smaller).
const MAX_WRITE_BYTES: usize = 256 * 1024 * 1024;

/// Runs a slave until `shutdown` completes.
pub async fn run_slave(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServerError> {
    let local = listener.local_addr()?;
    let advertise = config.advertised(local);
    let store_config = config.store_config(0);
    let store = tokio::task::spawn_blocking(move || Store::open(store_config)).await??;
    let name = config.broker.name.clone();
    let broker_id = config.cluster.broker_id;
    let cancel = CancellationToken::new();
    let state = Arc::new(SlaveState::new(config.clone(), store));

    let source = state.clone();
    let (cluster, endpoint) = (config.cluster.name.clone(), advertise.clone());
    let info_name = name.clone();
    let registering = tokio::spawn(registration::register_remotely(
        // While acting, the master's topics (read-only); otherwise only how far it got.
        Arc::new(move || match source.serving() {
            Some(broker) => registration::broker_info(&broker, &cluster, broker_id, &endpoint),
            None => ns::BrokerInfo {
                name: info_name.clone(),
                cluster: cluster.clone(),
                client_endpoint: endpoint.clone(),
                broker_id,
                next_log_offset: source.store().stored_next_log_offset().unwrap_or(0),
                ..Default::default()
            },
        }),
        Some(registration::notified(state.changed.clone())),
        RemoteRegistration {
            nameservers: config.cluster.nameservers.clone(),
            cluster: config.cluster.name.clone(),
            broker_id,
            endpoint: advertise.clone(),
            interval: config.cluster.heartbeat_interval,
        },
        cancel.clone(),
    ));
    let following = tokio::spawn(crate::acting::follow_or_act(state.clone(), cancel.clone()));

    let (health_reporter, health) = tonic_health::server::health_reporter();
    let health_stop = CancellationToken::new();
    let health_watch = tokio::spawn(crate::health::watch(
        health_reporter,
        {
            let state = state.clone();
            move || std::future::ready(crate::health::store_problem(&state.store()))
        },
        health_stop.clone(),
    ));
    tracing::info!(%local, %advertise, broker = %name, id = broker_id, nameservers = ?config.cluster.nameservers, data_dir = %config.store.data_dir.display(), "Apogee slave is serving.");
    if let Some(path) = &config.server.ready_file {
        write_ready_file(path, local)?;
    }
    let served = tonic::transport::Server::builder()
        .layer(config.rpc_layer())
        .add_service(health)
        .add_service(ReplicaServer::new(HandBackService {
            state: state.clone(),
        }))
        .add_service(state.broker_api.clone())
        .add_service(state.admin_api.clone())
        .serve_with_incoming_shutdown(tokio_stream::wrappers::TcpListenerStream::new(listener), {
            let state = state.clone();
            async move {
                shutdown.await;
                health_stop.cancel();
                state.shut_down().await;
            }
        })
        .await;
    tracing::info!("Shutting down.");
    let _ = health_watch.await;
    cancel.cancel();
    let registered = registering.await;
    let followed = following.await;
    let store = state.store();
    tokio::task::spawn_blocking(move || store.close()).await?;
    served?;
    registered?;
    followed?;
    tracing::info!("Stopped.");
    Ok(())
}

/// Follows the master until `cancel`, reconnecting after any failure.
pub(crate) async fn follow_master(
    store: Store,
    (name, broker_id): (String, u64),
    nameservers: Vec<String>,
    cancel: CancellationToken,
) {
    let mut last_failure: Option<String> = None;
    loop {
        let attempt = async {
            let master = match find_master(&nameservers, &name).await {
                MasterLookup::Found(address) => address,
                MasterLookup::Absent => {
                    return Err(format!("no nameserver lists a master named {name:?}"));
                }
                MasterLookup::Unknown(why) => return Err(why),
            };
            replicate_from(&store, &master, (&name, broker_id)).await
        };
        let failure = tokio::select! {
            () = cancel.cancelled() => return,
            r = attempt => r.err().unwrap_or_else(|| "the master ended the stream".into()),
        };
        // Logged when the reason changes, not at every retry.
        if last_failure.as_deref() != Some(failure.as_str()) {
            tracing::warn!(broker = %name, error = %failure, "Not replicating from the master; retrying.");
            last_failure = Some(failure);
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(RETRY) => {}
        }
    }
}

/// What the nameservers say of a master.
pub(crate) enum MasterLookup {
    /// Its address, from the first nameserver that lists it.
    Found(String),
    /// Nameservers answered and none lists it.
    Absent,
    /// No nameserver answered (why).
    Unknown(String),
}

/// Asks every nameserver for the master of `name`.
pub(crate) async fn find_master(nameservers: &[String], name: &str) -> MasterLookup {
    let Some(brokers) = list_brokers(nameservers).await else {
        return MasterLookup::Unknown(format!("no nameserver of {nameservers:?} answered"));
    };
    match brokers
        .into_iter()
        .find(|b| b.name == name && b.broker_id == 0)
    {
        Some(master) => MasterLookup::Found(master.client_endpoint),
        None => MasterLookup::Absent,
    }
}

/// Every registration the nameservers list, each nameserver asked in turn (they never talk to
/// each other, so one may know a broker another does not); `None` when none answered.
pub(crate) async fn list_brokers(nameservers: &[String]) -> Option<Vec<ns::BrokerInfo>> {
    let mut answered = None;
    for address in nameservers {
        let Ok(endpoint) = Endpoint::from_shared(format!("http://{address}")) else {
            continue;
        };
        let endpoint = endpoint
            .connect_timeout(NAMESERVER_TIMEOUT)
            .timeout(NAMESERVER_TIMEOUT);
        let Ok(mut client) = NameServerClient::connect(endpoint).await else {
            continue;
        };
        let Ok(reply) = client.list_brokers(ns::ListBrokersRequest {}).await else {
            continue;
        };
        answered
            .get_or_insert_with(Vec::new)
            .extend(reply.into_inner().brokers);
    }
    answered
}

/// One replication session: applies the master's writes as they come, reporting each.
async fn replicate_from(
    store: &Store,
    master: &str,
    (name, broker_id): (&str, u64),
) -> Result<(), String> {
    let mut client = BrokerClient::connect(format!("http://{master}"))
        .await
        .map_err(|e| format!("cannot reach the master at {master}: {e}"))?
        .max_decoding_message_size(MAX_WRITE_BYTES);
    let position = |store: &Store| -> Result<bpb::ReplicaProgress, String> {
        Ok(bpb::ReplicaProgress {
            broker_name: name.to_owned(),
            broker_id,
            applied_seq: store.replica_position().map_err(|e| e.to_string())?,
            next_log_offset: store.stored_next_log_offset().map_err(|e| e.to_string())?,
        })
    };
    let (tx, rx) = mpsc::channel(16);
    tx.send(position(store)?)
        .await
        .map_err(|_| "the stream closed".to_owned())?;
    let mut writes = client
        .replicate(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .map_err(|e| format!("the master refused replication: {}", e.message()))?
        .into_inner();
    tracing::info!(%master, "Replicating from the master.");
    while let Some(w) = writes
        .message()
        .await
        .map_err(|e| format!("the replication stream failed: {}", e.message()))?
    {
        let batch = ReplicaBatch {
            seq: w.seq,
            count: w.count,
            data: w.data.to_vec(),
        };
        let applied = {
            let store = store.clone();
            tokio::task::spawn_blocking(move || {
                store.apply_replica(&batch)?;
                Ok::<_, apogee_store::StoreError>((
                    batch.last_seq(),
                    store.stored_next_log_offset()?,
                ))
            })
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("cannot apply the master's write: {e}"))?
        };
        let progress = bpb::ReplicaProgress {
            broker_name: name.to_owned(),
            broker_id,
            applied_seq: applied.0,
            next_log_offset: applied.1,
        };
        tx.send(progress)
            .await
            .map_err(|_| "the stream closed".to_owned())?;
    }
    Ok(())
}
