//! Apogee's gRPC front door: `apache.rocketmq.v2.MessagingService` for official RocketMQ 5
//! clients, and `apogee.admin.v1.Admin` for operators.
//!
//! # Layout
//! - [`service`]: the tonic trait impls, one line per RPC delegating to `rpc/<name>.rs`.
//! - `rpc/`: one file per RPC; each converts the request (validating it once), calls the
//!   broker, and builds the response.
//! - `convert`: protobuf ⇄ domain conversions. `status`: the only error → code mapping.
//! - `clients`: connected clients and their Telemetry streams. `settings`: the Settings reply.
//! - `admin/`: the operator API.
//!
//! Business errors travel in the response's `Status{code, message}` with gRPC OK, as the
//! reference proxy does; `tonic::Status` is used only for protocol failures.

pub mod admin;
pub mod auth;
pub mod backend;
pub mod broker_api;
pub mod clients;
// Public only for the fuzz tests (`tests/fuzz_convert.rs`); not an API.
#[doc(hidden)]
pub mod convert;
mod error;
pub mod metrics;
mod rpc;
pub mod service;
mod settings;
pub mod status;
pub mod traces;
mod transaction_checks;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use error::RequestError;

use crate::auth::Auth;
use crate::backend::Backend;
use crate::clients::Clients;

/// Shared state of every handler.
#[derive(Debug)]
pub struct Proxy {
    pub(crate) backend: Backend,
    pub(crate) auth: Arc<Auth>,
    pub(crate) clients: Clients,
    /// Address reported as `store_host` on delivered messages.
    pub(crate) store_host: String,
    /// Tasks that serve Telemetry streams; waited for on shutdown.
    pub(crate) tasks: TaskTracker,
    pub(crate) shutdown: CancellationToken,
    next_stream_id: AtomicU64,
    /// Telemetry streams open per client id, bounded by `max_streams_per_client`.
    open_streams: parking_lot::Mutex<std::collections::HashMap<String, usize>>,
    max_streams_per_client: usize,
}

impl Proxy {
    pub fn new(
        backend: Backend,
        auth: Arc<Auth>,
        store_host: String,
        shutdown: CancellationToken,
        max_streams_per_client: usize,
    ) -> Arc<Self> {
        Arc::new(Self {
            backend,
            auth,
            clients: Clients::default(),
            store_host,
            tasks: TaskTracker::new(),
            shutdown,
            next_stream_id: AtomicU64::new(1),
            open_streams: Default::default(),
            max_streams_per_client,
        })
    }

    /// Counts a Telemetry stream of `client_id` opening; refused past the per-client bound.
    pub(crate) fn stream_opening(&self, client_id: &str) -> Result<(), tonic::Status> {
        let mut open = self.open_streams.lock();
        let n = open.entry(client_id.to_owned()).or_default();
        if *n >= self.max_streams_per_client {
            return Err(tonic::Status::resource_exhausted(format!(
                "this client already has {n} Telemetry streams open \
                 (server.max_streams_per_client)"
            )));
        }
        *n += 1;
        Ok(())
    }

    /// Counts a Telemetry stream of `client_id` closing; true when it was its last one here.
    pub(crate) fn stream_closed(&self, client_id: &str) -> bool {
        let mut open = self.open_streams.lock();
        match open.get_mut(client_id) {
            Some(n) => {
                *n -= 1;
                if *n == 0 {
                    open.remove(client_id);
                    return true;
                }
                false
            }
            None => true,
        }
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    pub fn auth(&self) -> &Arc<Auth> {
        &self.auth
    }

    /// Checks a call's rights before it does anything.
    pub(crate) fn require(
        &self,
        caller: &auth::Caller,
        needs: &[auth::Need<'_>],
    ) -> Result<(), RequestError> {
        self.auth.require(caller, needs).map_err(RequestError::from)
    }

    pub fn clients(&self) -> &Clients {
        &self.clients
    }

    /// Waits for Telemetry tasks to finish after the shutdown token fired.
    pub async fn wait_tasks(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }

    fn next_stream_id(&self) -> u64 {
        self.next_stream_id.fetch_add(1, Ordering::Relaxed)
    }
}
