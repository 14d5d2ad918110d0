//! The web console: see and operate the cluster in a browser, served by `apogee standalone`
//! and `apogee proxy` on `console.listen`. Pages are rendered on the server (no script, no
//! asset from elsewhere: it works air-gapped). Every read and change goes through the admin
//! API over an in-process connection, signed with the signed-in user's keys, so the API's
//! authentication and ACL decide what each user may see and do.

mod api;
mod chart;
mod config;
mod http;
mod layout;
mod pages;
mod rates;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;

pub use config::ConsoleSection;

use crate::local_conn::LocalDialer;

/// Where the broker table comes from.
#[derive(Debug, Clone)]
pub(crate) enum BrokerSource {
    /// Standalone: the nameserver API this process serves.
    Embedded,
    /// A proxy: the cluster's nameservers (`HOST:PORT`), first that answers.
    Nameservers(Vec<String>),
}

/// What the console needs from the server that runs it.
#[derive(Debug, Clone)]
pub(crate) struct ConsoleSetup {
    pub dialer: LocalDialer,
    pub brokers: BrokerSource,
    /// Authentication is on: every page needs a signed-in user.
    pub auth_enabled: bool,
    /// The server's own super-user keys, for the traffic sampler (not for pages).
    pub sampler_keys: Option<(String, String)>,
}

impl ConsoleSetup {
    /// What a server configured by `config` gives its console: with authentication on, every
    /// page needs a user, and the sampler signs with the first super user's keys.
    pub(crate) fn new(
        config: &crate::config::Config,
        dialer: LocalDialer,
        brokers: BrokerSource,
        auth_enabled: bool,
    ) -> Self {
        Self {
            dialer,
            brokers,
            auth_enabled,
            sampler_keys: auth_enabled.then(|| {
                (
                    config.auth.admin_access_key.clone(),
                    config.auth.admin_secret_key.clone(),
                )
            }),
        }
    }
}

/// One running console.
#[derive(Debug)]
pub(crate) struct Console {
    /// In-process connection to this server's gRPC services.
    channel: Channel,
    brokers: BrokerSource,
    auth_enabled: bool,
    /// Host names answered besides addresses and `localhost`.
    hosts: ConsoleSection,
    sessions: session::Sessions,
    rates: rates::Rates,
}

/// The console's port, bound before the server opens anything else, so a port in use fails
/// start-up at once (the operator asked for it); `None` when the console is off.
#[derive(Debug)]
pub(crate) struct Bound {
    listener: tokio::net::TcpListener,
    local: SocketAddr,
}

pub(crate) async fn bind(section: &ConsoleSection) -> std::io::Result<Option<Bound>> {
    let addr = match section.addr() {
        Ok(Some(a)) => a,
        Ok(None) => return Ok(None),
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    };
    let (listener, local) = crate::metrics_http::bind(addr, "console.listen").await?;
    Ok(Some(Bound { listener, local }))
}

/// Serves the console on its bound port (if it has one) until `stop`; the handle ends when it
/// has stopped. The ready file is written here, once the server behind it is about to serve.
pub(crate) fn start(
    bound: Option<Bound>,
    section: &ConsoleSection,
    setup: ConsoleSetup,
    stop: CancellationToken,
) -> std::io::Result<Option<tokio::task::JoinHandle<()>>> {
    let Some(Bound { listener, local }) = bound else {
        return Ok(None);
    };
    tracing::info!(%local, "Web console at http://{local}/.");
    if !local.ip().is_loopback() {
        if setup.auth_enabled {
            tracing::warn!(%local, "The console signs users in over plain HTTP on a non-loopback address: put it behind TLS (a reverse proxy) so secret keys do not cross the network in clear.");
        } else {
            tracing::warn!(%local, "Authentication is off: anyone who reaches the console may change topics, groups and offsets (auth.enabled, or console.listen on 127.0.0.1).");
        }
    }
    if let Some(path) = &section.ready_file {
        crate::server::write_ready_file(path, local)?;
    }
    let channel = setup.dialer.channel();
    let console = Arc::new(Console {
        rates: rates::Rates::new(section.sample_interval),
        channel,
        brokers: setup.brokers,
        auth_enabled: setup.auth_enabled,
        hosts: section.clone(),
        sessions: session::Sessions::default(),
    });
    let sampler = tokio::spawn(rates::sample(
        console.clone(),
        setup.sampler_keys,
        stop.clone(),
    ));
    let handler = {
        let console = console.clone();
        move |request| http::answer(console.clone(), request)
    };
    Ok(Some(tokio::spawn(async move {
        crate::metrics_http::serve_with(listener, stop, handler).await;
        let _ = sampler.await;
    })))
}
