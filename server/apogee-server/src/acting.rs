//! A slave acting for its dead master (RocketMQ's "slave acting master", for consumption):
//! once no nameserver lists the master, the slave opens a broker on its copy of the store,
//! serves the master's queues for reading (receives, acks, invisible-duration changes, pulls
//! and offsets) on its own port, and registers the master's topics as read-only, so proxies
//! route reads to it and sends to the other brokers. Its store takes consumption writes only,
//! so its messages and metadata stay a prefix of the master's.
//!
//! It stops when the master returns. The master asks for the consumption state first
//! (`Replica.HandBack`) and takes it whole before it serves again, so acks made on the slave
//! hold; then the slave follows the master again, from where it stopped.

use std::sync::Arc;
use std::time::{Duration, Instant};

use apogee_broker::Broker;
use apogee_proto::admin::v1::admin_server::AdminServer;
use apogee_proto::broker::v1 as bpb;
use apogee_proto::broker::v1::broker_server::BrokerServer;
use apogee_proxy::admin::AdminService;
use apogee_proxy::auth::Auth;
use apogee_proxy::broker_api::{BrokerApi, CheckRelay};
use apogee_store::Store;
use parking_lot::{Mutex, RwLock};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;
use tonic::{Request, Response, Status};

use crate::config::Config;
use crate::server::{ServerError, super_users_only};
use crate::slave::{MasterLookup, find_master, follow_master};
use crate::switch::Switch;

/// How often the slave asks the nameservers whether its master is there.
const LOOK_EVERY: Duration = Duration::from_secs(1);
/// After a master asked for the state, the slave does not start acting for this long: the
/// master is about to register.
const HOLD_AFTER_HAND_BACK: Duration = Duration::from_secs(30);
/// How long stopping waits for the calls under way.
const DRAIN: Duration = Duration::from_secs(5);

/// What a slave's parts share: its store, and the broker it serves while acting.
pub struct SlaveState {
    config: Config,
    /// Reopened when acting starts (its in-memory queue ends predate what it replicated).
    store: RwLock<Store>,
    /// The acting broker, what ends its streams, and the store's last sequence number when
    /// it started serving. Held across starting and stopping.
    acting: tokio::sync::Mutex<Option<(Arc<Broker>, CancellationToken, u64)>>,
    /// The acting broker, for registration (read without waiting).
    serving: RwLock<Option<Arc<Broker>>>,
    /// Woken when the slave starts or stops acting: it registers at once.
    pub changed: Arc<Notify>,
    /// No acting before this (a master is taking over).
    hold_until: Mutex<Option<Instant>>,
    pub broker_api: Switch<BrokerServer<BrokerApi>>,
    pub admin_api: Switch<AdminServer<AdminService>>,
}

impl SlaveState {
    pub fn new(config: Config, store: Store) -> Self {
        Self {
            config,
            store: RwLock::new(store),
            acting: tokio::sync::Mutex::new(None),
            serving: RwLock::new(None),
            changed: Arc::new(Notify::new()),
            hold_until: Mutex::new(None),
            broker_api: Switch::off("this slave's master is alive: the master serves its queues"),
            admin_api: Switch::off("this slave's master is alive: the master serves its queues"),
        }
    }

    pub fn store(&self) -> Store {
        self.store.read().clone()
    }

    /// The broker serving the master's queues, while the slave acts.
    pub fn serving(&self) -> Option<Arc<Broker>> {
        self.serving.read().clone()
    }

    fn held(&self) -> bool {
        self.hold_until
            .lock()
            .is_some_and(|until| Instant::now() < until)
    }

    /// Opens a broker on a fresh handle of the store (consumption writes only) and serves it.
    async fn start_acting(&self) -> Result<(), ServerError> {
        let mut acting = self.acting.lock().await;
        // A master that asked for the state meanwhile is about to serve.
        if acting.is_some() || self.held() {
            return Ok(());
        }
        let old = self.store();
        tokio::task::spawn_blocking(move || old.close()).await?;
        let store = self.reopen().await;
        store.set_consumption_only(true);
        *self.store.write() = store.clone();
        let broker = Broker::open(self.config.broker.clone(), store.clone())?;
        let auth_config = self.config.auth.to_auth_config();
        let auth_store = store.clone();
        let auth = Arc::new(
            tokio::task::spawn_blocking(move || Auth::open(&auth_config, auth_store)).await??,
        );
        let streams = CancellationToken::new();
        let max = self.config.server.max_request_bytes;
        self.broker_api.set(InterceptedService::new(
            BrokerServer::new(BrokerApi::new(
                broker.clone(),
                Arc::new(CheckRelay::default()),
                streams.clone(),
            ))
            .max_decoding_message_size(max)
            .max_encoding_message_size(usize::MAX),
            super_users_only(auth.clone()),
        ));
        self.admin_api
            .set(AdminServer::new(AdminService::new(broker.clone(), auth)));
        *self.serving.write() = Some(broker.clone());
        let started_at = store.latest_seq()?;
        *acting = Some((broker, streams, started_at));
        self.changed.notify_one();
        Ok(())
    }

    /// Opens the store again, retrying until it opens: a write applied from the master may
    /// still hold the old handle for a moment, and without a store the slave can do nothing.
    async fn reopen(&self) -> Store {
        let mut logged = false;
        loop {
            let store_config = self.config.store_config(0);
            match tokio::task::spawn_blocking(move || Store::open(store_config)).await {
                Ok(Ok(store)) => {
                    *self.store.write() = store.clone();
                    return store;
                }
                Ok(Err(e)) if !logged => {
                    tracing::warn!(error = %e, "Cannot open the store again yet; retrying every second.");
                    logged = true;
                }
                Ok(Err(_)) => {}
                Err(e) => tracing::error!(error = %e, "Opening the store panicked; retrying."),
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    }

    /// Stops acting as the slave shuts down (its streams end, so the server's graceful stop does
    /// not wait on them).
    pub async fn shut_down(&self) {
        self.stop_acting().await;
    }

    /// Stops serving the master's queues and waits (a few seconds at most) for the calls under
    /// way to finish; the store's last sequence number when it started, if it was acting.
    async fn stop_acting(&self) -> Option<u64> {
        let mut acting = self.acting.lock().await;
        let (broker, streams, started_at) = acting.take()?;
        self.broker_api.clear();
        self.admin_api.clear();
        *self.serving.write() = None;
        streams.cancel();
        broker.begin_shutdown();
        self.changed.notify_one();
        // Each call under way holds the broker; an ack answered must be in the state handed
        // back.
        let deadline = Instant::now() + DRAIN;
        while Arc::strong_count(&broker) > 1 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Some(started_at)
    }

    fn is_acting(&self) -> bool {
        self.serving.read().is_some()
    }
}

/// Follows the master while it is there and acts for it while it is gone, until `cancel`.
pub async fn follow_or_act(state: Arc<SlaveState>, cancel: CancellationToken) {
    let name = state.config.broker.name.clone();
    let broker_id = state.config.cluster.broker_id;
    let nameservers = state.config.cluster.nameservers.clone();
    loop {
        let following = follow_master(
            state.store(),
            (name.clone(), broker_id),
            nameservers.clone(),
            cancel.clone(),
        );
        tokio::select! {
            () = following => return,
            () = master_gone(&state, &nameservers, &name) => {}
        }
        if let Err(e) = state.start_acting().await {
            tracing::error!(broker = %name, error = %e, "The master is gone, but this slave cannot serve its queues; retrying.");
            tokio::select! {
                () = cancel.cancelled() => return,
                () = tokio::time::sleep(LOOK_EVERY) => {}
            }
            continue;
        }
        tracing::warn!(broker = %name, "The master is gone: this slave serves its queues for reading until it returns.");
        loop {
            tokio::select! {
                () = cancel.cancelled() => {
                    state.stop_acting().await;
                    return;
                }
                () = tokio::time::sleep(LOOK_EVERY) => {}
            }
            if !state.is_acting() {
                tracing::info!(broker = %name, "The returning master took the consumption state; following it again.");
                break;
            }
            if let MasterLookup::Found(_) = find_master(&nameservers, &name).await
                && state.stop_acting().await.is_some()
            {
                state.store().set_consumption_only(false);
                tracing::warn!(broker = %name, "The master is back without asking for the consumption state: acks made on this slave meanwhile may be delivered again.");
                break;
            }
        }
    }
}

/// Completes once the nameservers have answered, for a whole heartbeat interval, that none
/// lists the master (a nameserver that just restarted knows no broker until their next
/// heartbeat), the slave holds something to serve, and no master is taking over.
async fn master_gone(state: &SlaveState, nameservers: &[String], name: &str) {
    let mut absent_since: Option<Instant> = None;
    let wait = state.config.cluster.heartbeat_interval;
    loop {
        tokio::time::sleep(LOOK_EVERY).await;
        match find_master(nameservers, name).await {
            MasterLookup::Absent => {
                let since = *absent_since.get_or_insert_with(Instant::now);
                let replicated = state.store().replica_position().unwrap_or(0) > 0;
                if replicated && !state.held() && since.elapsed() >= wait {
                    return;
                }
            }
            MasterLookup::Found(_) => {
                absent_since = None;
                // The master that asked for the state is serving: the hold has done its job.
                *state.hold_until.lock() = None;
            }
            MasterLookup::Unknown(_) => absent_since = None,
        }
    }
}

/// `apogee.broker.v1.Replica` on a slave: what a returning master calls.
pub struct HandBackService {
    pub state: Arc<SlaveState>,
}

#[tonic::async_trait]
impl bpb::replica_server::Replica for HandBackService {
    async fn hand_back(
        &self,
        request: Request<bpb::HandBackRequest>,
    ) -> Result<Response<bpb::HandBackResponse>, Status> {
        let state = &self.state;
        let name = &state.config.broker.name;
        if request.get_ref().broker_name != *name {
            return Err(Status::invalid_argument(format!(
                "this is a slave of {name:?}, not of {:?}",
                request.get_ref().broker_name
            )));
        }
        *state.hold_until.lock() = Some(Instant::now() + HOLD_AFTER_HAND_BACK);
        let Some(started_at) = state.stop_acting().await else {
            return Ok(Response::new(bpb::HandBackResponse::default()));
        };
        let store = state.store();
        let snapshot = tokio::task::spawn_blocking(move || {
            // Nothing consumed meanwhile: the master's own state is newer than this copy.
            let snapshot = match store.latest_seq()? == started_at {
                true => None,
                false => Some(store.consumption_state()?),
            };
            store.set_consumption_only(false);
            Ok::<_, apogee_store::StoreError>(snapshot)
        })
        .await
        .map_err(|e| Status::internal(e.to_string()))?
        .map_err(|e| Status::internal(format!("cannot read the consumption state: {e}")))?;
        let Some(snapshot) = snapshot else {
            tracing::info!(broker = %name, "The returning master takes over; nothing was consumed here meanwhile.");
            return Ok(Response::new(bpb::HandBackResponse::default()));
        };
        let entries = |list: Vec<(Vec<u8>, Vec<u8>)>| {
            list.into_iter()
                .map(|(key, value)| bpb::StateEntry {
                    key: key.into(),
                    value: value.into(),
                })
                .collect()
        };
        tracing::info!(broker = %name, offsets = snapshot.offsets.len(), inflight = snapshot.inflight.len(), "Handing the consumption state back to the returning master.");
        Ok(Response::new(bpb::HandBackResponse {
            served: true,
            offsets: entries(snapshot.offsets),
            inflight: entries(snapshot.inflight),
        }))
    }
}
