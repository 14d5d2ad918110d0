//! A proxy's view of its cluster: which brokers hold a topic (from any live nameserver,
//! cached briefly, failing over between nameservers), and one gRPC channel per broker.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use apogee_broker::{BrokerConfig, BrokerError, Clock};
use apogee_proto::admin::v1::admin_client::AdminClient;
use apogee_proto::broker::v1 as bpb;
use apogee_proto::nameserver::v1 as ns;
use apogee_types::{MessageType, TopicName};
use bpb::broker_client::BrokerClient;
use ns::name_server_client::NameServerClient;
use parking_lot::{Mutex, RwLock};
use tonic::transport::{Channel, Endpoint};

use crate::RequestError;

/// How long a topic's route or the broker list is used before the nameservers are asked again.
pub const ROUTE_TTL: Duration = Duration::from_secs(3);
/// A nameserver that takes longer is skipped for the next one.
const NAMESERVER_TIMEOUT: Duration = Duration::from_secs(2);
/// Connecting to a broker that takes longer fails the call (the next broker is tried).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// A call that never reached a broker asks the nameservers again when the broker list is at
/// least this old.
const REFRESH_AFTER_FAILURE: Duration = Duration::from_secs(1);
/// A broker that could not be reached is passed over this long (while others can serve).
const DOWN_FOR: Duration = Duration::from_secs(2);

/// Where a topic lives: its queues on each broker, and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicView {
    pub name: String,
    /// Per broker, by name, in name order.
    pub placements: Vec<Placement>,
    pub accepts: Vec<MessageType>,
    /// A dead-letter or retry topic: read-only for clients.
    pub system: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub broker: String,
    pub queues: u32,
    /// False while a slave serves the queues of its dead master: reads only.
    pub writable: bool,
}

impl TopicView {
    /// Every queue, as (its broker's placement, queue id): what QueryRoute lists.
    pub fn queues(&self) -> impl Iterator<Item = (&Placement, u32)> {
        self.placements
            .iter()
            .flat_map(|p| (0..p.queues).map(move |q| (p, q)))
    }
}

/// Who serves each broker name: its master, or while the master is gone a slave acting for it
/// (reads only).
#[derive(Debug, Clone, Default)]
struct Members {
    address: BTreeMap<String, String>,
    read_only: BTreeSet<String>,
}

impl Members {
    fn from_brokers(brokers: Vec<ns::BrokerInfo>) -> Self {
        let mut m = Members::default();
        // Masters first, then acting slaves by id: a name takes the first that serves it.
        let mut serving: Vec<_> = brokers
            .into_iter()
            .filter(|b| b.broker_id == 0 || b.acting_master)
            .collect();
        serving.sort_by_key(|b| b.broker_id);
        for b in serving {
            if m.address.contains_key(&b.name) {
                continue;
            }
            if b.broker_id != 0 {
                m.read_only.insert(b.name.clone());
            }
            m.address.insert(b.name, b.client_endpoint);
        }
        m
    }
}

struct Cached<T> {
    at: Instant,
    value: T,
}

impl<T: Clone> Cached<T> {
    fn fresh(&self) -> Option<T> {
        (self.at.elapsed() < ROUTE_TTL).then(|| self.value.clone())
    }
}

/// The brokers and routes of a cluster, as a proxy sees them.
pub struct ClusterBackend {
    /// Limits the proxy applies before a request travels (the brokers check them again).
    pub(crate) config: BrokerConfig,
    pub(crate) clock: Clock,
    nameservers: Vec<(String, NameServerClient<Channel>)>,
    /// The nameserver that answered last: asked first next time.
    preferred: AtomicUsize,
    /// Who serves each broker name.
    members: RwLock<Option<Cached<Members>>>,
    routes: RwLock<HashMap<String, Cached<Arc<TopicView>>>>,
    channels: Mutex<HashMap<String, Channel>>,
    /// Rotates sends and receives over brokers.
    next: AtomicUsize,
    /// Brokers that could not be reached, until when they are passed over.
    down: Mutex<HashMap<String, Instant>>,
    /// Clients' sends to each broker, coalesced under load.
    pub(crate) sends: super::coalesce::SendCoalescer,
    /// Bound on a broker's reply (a receive batch), as the broker itself encodes it.
    max_reply_bytes: usize,
}

impl std::fmt::Debug for ClusterBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterBackend")
            .field(
                "nameservers",
                &self.nameservers.iter().map(|(a, _)| a).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// A gRPC endpoint for `HOST:PORT` or a URL, with the cluster's connect timeout (also the web
/// console's way to a nameserver or a broker).
pub fn endpoint(address: &str) -> Result<Endpoint, String> {
    let uri = if address.contains("://") {
        address.to_owned()
    } else {
        format!("http://{address}")
    };
    Endpoint::from_shared(uri)
        .map(|e| e.connect_timeout(CONNECT_TIMEOUT).tcp_nodelay(true))
        .map_err(|e| format!("{address:?} is not an address: {e}"))
}

impl ClusterBackend {
    /// A backend over the given nameservers (`HOST:PORT`); nothing connects until used.
    pub fn new(
        config: BrokerConfig,
        nameservers: &[String],
        max_reply_bytes: usize,
    ) -> Result<Self, String> {
        if nameservers.is_empty() {
            return Err("a proxy needs at least one nameserver".into());
        }
        let nameservers = nameservers
            .iter()
            .map(|a| {
                let channel = endpoint(a)?.timeout(NAMESERVER_TIMEOUT).connect_lazy();
                Ok((a.clone(), NameServerClient::new(channel)))
            })
            .collect::<Result<_, String>>()?;
        Ok(Self {
            config,
            clock: Clock::new(),
            nameservers,
            preferred: AtomicUsize::new(0),
            members: RwLock::new(None),
            routes: RwLock::new(HashMap::new()),
            channels: Mutex::new(HashMap::new()),
            next: AtomicUsize::new(0),
            down: Mutex::new(HashMap::new()),
            sends: super::coalesce::SendCoalescer::default(),
            max_reply_bytes,
        })
    }

    /// A rotating start for spreading calls over `n` brokers.
    pub(crate) fn rotate(&self, n: usize) -> usize {
        self.next.fetch_add(1, Ordering::Relaxed) % n.max(1)
    }

    /// Notes that a broker could not be reached (logged once, not per call).
    pub(crate) fn mark_down(&self, broker: &str, why: &str) {
        let mut down = self.down.lock();
        if down
            .insert(broker.to_owned(), Instant::now() + DOWN_FOR)
            .is_none()
        {
            tracing::warn!(%broker, error = %why, "A broker is unreachable; other brokers take its calls.");
        }
    }

    /// Notes that a broker answered.
    pub(crate) fn mark_up(&self, broker: &str) {
        let mut down = self.down.lock();
        if !down.is_empty() && down.remove(broker).is_some() {
            tracing::info!(%broker, "A broker is reachable again.");
        }
    }

    /// Whether a broker failed recently enough to be passed over.
    pub(crate) fn is_down(&self, broker: &str) -> bool {
        let down = self.down.lock();
        !down.is_empty()
            && down
                .get(broker)
                .is_some_and(|until| Instant::now() < *until)
    }

    /// Asks the nameservers in turn, the last one that answered first. NOT_FOUND is an
    /// answer (`None`: no broker holds it), not a failure.
    async fn ask<T, F, Fut>(&self, call: F) -> Result<Option<T>, RequestError>
    where
        F: Fn(NameServerClient<Channel>) -> Fut,
        Fut: Future<Output = Result<tonic::Response<T>, tonic::Status>>,
    {
        let n = self.nameservers.len();
        let first = self.preferred.load(Ordering::Relaxed);
        let mut failures = Vec::new();
        for i in 0..n {
            let at = (first + i) % n;
            let (address, client) = &self.nameservers[at];
            match call(client.clone()).await {
                Ok(reply) => {
                    self.preferred.store(at, Ordering::Relaxed);
                    return Ok(Some(reply.into_inner()));
                }
                Err(e) if e.code() == tonic::Code::NotFound => {
                    self.preferred.store(at, Ordering::Relaxed);
                    return Ok(None);
                }
                Err(e) => failures.push(format!("{address}: {}", e.message())),
            }
        }
        Err(RequestError::BrokerUnavailable(format!(
            "no nameserver answered ({})",
            failures.join("; ")
        )))
    }

    /// Whether any nameserver answers now (the proxy's health: without one it can route
    /// nothing new). Uncached, unlike the broker list.
    pub async fn nameserver_answers(&self) -> Result<(), RequestError> {
        self.ask(|mut c| async move {
            tokio::time::timeout(
                NAMESERVER_TIMEOUT,
                c.list_brokers(ns::ListBrokersRequest {}),
            )
            .await
            .unwrap_or_else(|_| Err(tonic::Status::deadline_exceeded("no answer in time")))
        })
        .await
        .map(|_| ())
    }

    /// The brokers of the cluster by name, with the address of who serves each: its master,
    /// or a slave serving it for reading while the master is gone.
    pub async fn members(&self) -> Result<BTreeMap<String, String>, RequestError> {
        Ok(self.serving().await?.address)
    }

    /// Whether a slave serves `broker` for reading only (its master is gone), as the broker
    /// list says (the one calls are addressed by).
    pub(crate) async fn is_read_only(&self, broker: &str) -> bool {
        // Every send asks: read in place while the list is fresh, no copy.
        if let Some(c) = self
            .members
            .read()
            .as_ref()
            .filter(|c| c.at.elapsed() < ROUTE_TTL)
        {
            return c.value.read_only.contains(broker);
        }
        self.serving()
            .await
            .is_ok_and(|m| m.read_only.contains(broker))
    }

    /// The brokers that take writes (their master is there), with their address.
    pub async fn writable_members(&self) -> Result<BTreeMap<String, String>, RequestError> {
        let mut m = self.serving().await?;
        m.address.retain(|name, _| !m.read_only.contains(name));
        Ok(m.address)
    }

    async fn serving(&self) -> Result<Members, RequestError> {
        if let Some(m) = self.members.read().as_ref().and_then(Cached::fresh) {
            return Ok(m);
        }
        let reply = self
            .ask(|mut c| async move { c.list_brokers(ns::ListBrokersRequest {}).await })
            .await?
            .unwrap_or_default();
        let members = Members::from_brokers(reply.brokers);
        // An empty cluster is asked again at once: brokers are about to register.
        if !members.address.is_empty() {
            *self.members.write() = Some(Cached {
                at: Instant::now(),
                value: members.clone(),
            });
        }
        Ok(members)
    }

    /// A broker's address, by name.
    pub async fn address_of(&self, broker: &str) -> Result<String, RequestError> {
        let cached = self
            .members
            .read()
            .as_ref()
            .filter(|c| c.at.elapsed() < ROUTE_TTL)
            .and_then(|c| c.value.address.get(broker).cloned());
        if let Some(address) = cached {
            return Ok(address);
        }
        self.members().await?.remove(broker).ok_or_else(|| {
            RequestError::BrokerUnavailable(format!(
                "broker {broker:?} is not registered with any nameserver"
            ))
        })
    }

    /// Calls the broker API of the broker serving `name`. When the call never arrived (the
    /// address is gone: a master died and its slave serves its queues, or a broker restarted
    /// on a new port) the nameservers are asked again and a new address is tried once.
    pub(crate) async fn on_broker<T, F, Fut>(&self, name: &str, call: F) -> Result<T, RequestError>
    where
        F: Fn(BrokerClient<Channel>) -> Fut,
        Fut: Future<Output = Result<tonic::Response<T>, tonic::Status>>,
    {
        let address = self.address_of(name).await?;
        let first = match call(self.client_at(&address)?).await {
            Ok(reply) => return Ok(reply.into_inner()),
            Err(e) if e.code() == tonic::Code::Unavailable => e,
            Err(e) => return Err(super::remote::unreachable(name, &e)),
        };
        // Asked again at most once a second, however many calls fail at once.
        {
            let mut members = self.members.write();
            if members
                .as_ref()
                .is_some_and(|c| c.at.elapsed() >= REFRESH_AFTER_FAILURE)
            {
                *members = None;
            }
        }
        let fresh = self.address_of(name).await?;
        if fresh == address {
            return Err(super::remote::unreachable(name, &first));
        }
        tracing::info!(broker = %name, from = %address, to = %fresh, "A broker moved; calling it at its new address.");
        call(self.client_at(&fresh)?)
            .await
            .map(tonic::Response::into_inner)
            .map_err(|e| super::remote::unreachable(name, &e))
    }

    /// The broker API of a broker, by name.
    pub async fn broker(&self, name: &str) -> Result<BrokerClient<Channel>, RequestError> {
        let address = self.address_of(name).await?;
        self.client_at(&address)
    }

    /// The admin API of a broker, by name.
    pub async fn admin(&self, name: &str) -> Result<AdminClient<Channel>, RequestError> {
        let address = self.address_of(name).await?;
        Ok(AdminClient::new(self.channel_at(&address)?)
            .max_decoding_message_size(self.max_reply_bytes))
    }

    fn client_at(&self, address: &str) -> Result<BrokerClient<Channel>, RequestError> {
        Ok(BrokerClient::new(self.channel_at(address)?)
            .max_decoding_message_size(self.max_reply_bytes)
            .max_encoding_message_size(usize::MAX))
    }

    /// One channel per broker address, shared by every call (HTTP/2 multiplexes them).
    fn channel_at(&self, address: &str) -> Result<Channel, RequestError> {
        let mut channels = self.channels.lock();
        if let Some(c) = channels.get(address) {
            return Ok(c.clone());
        }
        let channel = endpoint(address)
            .map_err(RequestError::BrokerUnavailable)?
            .connect_lazy();
        channels.insert(address.to_owned(), channel.clone());
        Ok(channel)
    }

    /// Forgets a route, so the next call asks the nameservers (after a broker failed).
    pub fn forget_route(&self, topic: &str) {
        self.routes.write().remove(topic);
    }

    /// The brokers holding a topic. Topics the nameservers do not list yet (created since the
    /// brokers last registered, or system topics) are asked of every broker; `create` lets
    /// brokers that allow it create the topic on first use.
    pub async fn route(
        &self,
        topic: &TopicName,
        create: bool,
    ) -> Result<Arc<TopicView>, RequestError> {
        if let Some(view) = self
            .routes
            .read()
            .get(topic.as_str())
            .and_then(Cached::fresh)
        {
            return Ok(view);
        }
        let name = topic.as_str().to_owned();
        let reply = self
            .ask(|mut c| {
                let topic = name.clone();
                async move { c.get_route(ns::GetRouteRequest { topic }).await }
            })
            .await?
            .unwrap_or_default();
        let mut view = TopicView {
            name: name.clone(),
            placements: Vec::new(),
            accepts: Vec::new(),
            system: false,
        };
        // Per broker name its master, else a slave serving it for reading (lowest id).
        let mut serving: Vec<_> = reply
            .brokers
            .into_iter()
            .filter(|b| b.broker_id == 0 || b.read_only)
            .collect();
        serving.sort_by_key(|b| b.broker_id);
        for b in serving {
            if view.placements.iter().any(|p| p.broker == b.broker_name) {
                continue;
            }
            if view.accepts.is_empty() {
                view.accepts = b
                    .message_types
                    .iter()
                    .filter_map(|t| MessageType::parse(t))
                    .collect();
            }
            view.placements.push(Placement {
                broker: b.broker_name,
                queues: b.queues,
                writable: b.broker_id == 0,
            });
        }
        if view.placements.is_empty() {
            view = self.ask_brokers(topic, create).await?;
        }
        view.placements.sort_by(|a, b| a.broker.cmp(&b.broker));
        let view = Arc::new(view);
        self.routes.write().insert(
            name,
            Cached {
                at: Instant::now(),
                value: view.clone(),
            },
        );
        Ok(view)
    }

    /// The topic as every broker has it (creating it where allowed when `create`).
    async fn ask_brokers(
        &self,
        topic: &TopicName,
        create: bool,
    ) -> Result<TopicView, RequestError> {
        let members = self.serving().await?;
        let mut view = TopicView {
            name: topic.as_str().to_owned(),
            placements: Vec::new(),
            accepts: Vec::new(),
            system: false,
        };
        let mut refusal = None;
        for (name, address) in &members.address {
            let mut client = self.client_at(address)?;
            let reply = client
                .get_topic(bpb::GetTopicRequest {
                    name: topic.as_str().to_owned(),
                    // A slave serving its dead master's queues creates nothing.
                    auto_create: create && !members.read_only.contains(name),
                })
                .await;
            let reply = match reply {
                Ok(r) => r.into_inner(),
                Err(e) => {
                    tracing::debug!(broker = %name, error = %e, "A broker did not answer for a topic.");
                    continue;
                }
            };
            if let Err(e) = super::remote::check(reply.outcome.as_ref()) {
                refusal.get_or_insert(e);
                continue;
            }
            view.system |= reply.system;
            view.accepts = reply
                .message_types
                .iter()
                .filter_map(|c| MessageType::from_code(*c))
                .collect();
            view.placements.push(Placement {
                broker: name.clone(),
                queues: reply.queues,
                writable: !members.read_only.contains(name),
            });
        }
        if view.placements.is_empty() {
            return Err(refusal
                .unwrap_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()).into()));
        }
        Ok(view)
    }
}
