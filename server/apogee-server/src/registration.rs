//! A broker's registration with nameservers: what it registers (its name, id, cluster,
//! endpoint and topics) and the loops that keep it registered, in the embedded route table of
//! `apogee standalone` or with every nameserver of `apogee broker`.

use std::sync::Arc;
use std::time::Duration;

use apogee_broker::Broker;
use apogee_nameserver::RouteTable;
use apogee_proto::nameserver::v1 as ns;
use ns::name_server_client::NameServerClient;
use tokio_util::sync::CancellationToken;
use tonic::transport::{Channel, Endpoint};

/// How often the standalone broker re-registers with its embedded nameserver.
const LOCAL_INTERVAL: Duration = Duration::from_secs(10);
/// A registration or unregistration that takes longer has failed.
const CALL_TIMEOUT: Duration = Duration::from_secs(3);

/// What the broker registers: who it is and the topics it holds.
pub fn broker_info(
    broker: &Broker,
    cluster: &str,
    broker_id: u64,
    endpoint: &str,
) -> ns::BrokerInfo {
    let topics = broker
        .list_topics()
        .iter()
        .filter(|t| !t.system)
        .map(|t| ns::TopicEntry {
            name: t.name.as_str().to_owned(),
            queues: t.queues,
            message_types: t.accepts.iter().map(|m| m.as_str().to_owned()).collect(),
        })
        .collect();
    ns::BrokerInfo {
        name: broker.config().name.clone(),
        cluster: cluster.to_owned(),
        client_endpoint: endpoint.to_owned(),
        topics,
        broker_id,
        next_log_offset: broker.store().stored_next_log_offset().unwrap_or(0),
        replicas: broker
            .slaves()
            .into_iter()
            .map(|s| ns::ReplicaInfo {
                broker_id: s.broker_id,
                confirmed_seq: s.confirmed_seq,
                unconfirmed_bytes: s.unconfirmed_bytes,
            })
            .collect(),
        // Only a slave serving its dead master's queues registers through here.
        acting_master: broker_id != 0,
    }
}

/// What a broker registers, made fresh at each heartbeat.
pub type InfoSource = Arc<dyn Fn() -> ns::BrokerInfo + Send + Sync>;

/// Completes when what the broker registers changed (a topic was created, a slave began or
/// stopped serving its master's queues): it registers at once, not at its next heartbeat.
pub type ChangeSignal = Arc<dyn Fn() -> futures::future::BoxFuture<'static, ()> + Send + Sync>;

/// A broker's topic creations.
pub fn topic_changes(broker: Arc<Broker>) -> ChangeSignal {
    Arc::new(move || {
        let broker = broker.clone();
        Box::pin(async move { broker.topics_changed().await })
    })
}

/// Wake-ups of `notify`.
pub fn notified(notify: Arc<tokio::sync::Notify>) -> ChangeSignal {
    Arc::new(move || {
        let notify = notify.clone();
        Box::pin(async move { notify.notified().await })
    })
}

/// Keeps the standalone broker's topics registered with the embedded nameserver.
pub async fn register_locally(
    broker: Arc<Broker>,
    routes: Arc<RouteTable>,
    endpoint: String,
    cancel: CancellationToken,
) {
    let mut tick = tokio::time::interval(LOCAL_INTERVAL);
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            _ = tick.tick() => {}
        }
        routes.register(
            broker_info(&broker, "standalone", 0, &endpoint),
            LOCAL_INTERVAL * 3,
        );
    }
}

/// One nameserver as the broker sees it.
struct Remote {
    address: String,
    client: Option<NameServerClient<Channel>>,
    /// Whether the last registration reached it (logs only changes, not every failure).
    reachable: Option<bool>,
}

impl Remote {
    fn new(address: &str) -> Self {
        let client = Endpoint::from_shared(format!("http://{address}"))
            .map(|e| {
                NameServerClient::new(
                    e.tcp_nodelay(true)
                        .connect_timeout(CALL_TIMEOUT)
                        .timeout(CALL_TIMEOUT)
                        .connect_lazy(),
                )
            })
            .map_err(
                |e| tracing::error!(nameserver = %address, error = %e, "Not a nameserver address."),
            )
            .ok();
        Self {
            address: address.to_owned(),
            client,
            reachable: None,
        }
    }

    async fn register(&mut self, info: ns::BrokerInfo) {
        let Some(client) = self.client.as_mut() else {
            return;
        };
        let result = client
            .register_broker(ns::RegisterBrokerRequest {
                broker: Some(info),
                ttl_ms: 0, // the nameserver's own broker timeout
            })
            .await;
        let ok = result.is_ok();
        if self.reachable != Some(ok) {
            match result {
                Ok(_) => {
                    tracing::info!(nameserver = %self.address, "Registered with the nameserver.")
                }
                Err(e) => {
                    tracing::warn!(nameserver = %self.address, error = %e.message(), "Cannot register with the nameserver; retrying every heartbeat.")
                }
            }
            self.reachable = Some(ok);
        }
    }

    async fn unregister(&mut self, name: &str, broker_id: u64) {
        let Some(client) = self.client.as_mut() else {
            return;
        };
        let req = ns::UnregisterBrokerRequest {
            name: name.to_owned(),
            broker_id,
        };
        if let Err(e) = client.unregister_broker(req).await {
            tracing::warn!(nameserver = %self.address, error = %e.message(), "Cannot unregister; the nameserver drops the broker after its timeout.");
        }
    }
}

/// Where and how often `apogee broker` registers.
#[derive(Debug, Clone)]
pub struct RemoteRegistration {
    pub nameservers: Vec<String>,
    pub cluster: String,
    pub broker_id: u64,
    pub endpoint: String,
    pub interval: Duration,
}

/// Registers with every nameserver at once and again every interval (nameservers never talk
/// to each other, so each must hear from the broker). On cancel the broker unregisters, so
/// routes stop naming it without waiting for the timeout.
pub async fn register_remotely(
    info: InfoSource,
    changes: Option<ChangeSignal>,
    plan: RemoteRegistration,
    cancel: CancellationToken,
) {
    let mut remotes: Vec<Remote> = plan.nameservers.iter().map(|a| Remote::new(a)).collect();
    let mut tick = tokio::time::interval(plan.interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let changed = async {
            match &changes {
                Some(signal) => signal().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = cancel.cancelled() => break,
            _ = tick.tick() => {}
            // Proxies find a new topic (or a slave serving reads) through the nameservers:
            // tell them now.
            () = changed => {}
        }
        let info = info();
        let calls = remotes.iter_mut().map(|r| r.register(info.clone()));
        tokio::select! {
            () = cancel.cancelled() => break,
            _ = futures::future::join_all(calls) => {}
        }
    }
    let name = info().name;
    let calls = remotes
        .iter_mut()
        .map(|r| r.unregister(&name, plan.broker_id));
    futures::future::join_all(calls).await;
}
