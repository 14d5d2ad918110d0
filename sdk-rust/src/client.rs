//! The connection core shared by producers and consumers: channels per endpoint, request
//! metadata, route cache, the Telemetry session (settings handshake, server commands) and the
//! heartbeat. Background tasks are owned here and stopped by `shutdown`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use apogee_proto::rocketmq::v2 as pb;
use parking_lot::Mutex;
use pb::messaging_service_client::MessagingServiceClient;
use pb::telemetry_command::Command;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tonic::Request;
use tonic::transport::Channel;

use crate::error::{Error, ErrorKind, check};

/// How to reach a server.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// `host:port` of the server (Apogee standalone, an Apogee proxy, or a RocketMQ 5 proxy).
    pub endpoint: String,
    /// Deadline of each unary call (receives add their long-polling time).
    pub request_timeout: Duration,
    /// RocketMQ namespace sent with resources (empty: none).
    pub namespace: String,
}

impl ClientOptions {
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            request_timeout: Duration::from_secs(3),
            namespace: String::new(),
        }
    }
}

/// Called with each command the server pushes on Telemetry (after the handshake).
pub(crate) type CommandHandler = Arc<dyn Fn(Command) + Send + Sync>;

/// How often heartbeats go out (RocketMQ clients use 10 s).
const HEARTBEAT: Duration = Duration::from_secs(10);
/// How often cached routes are fetched again (RocketMQ clients use 30 s), so brokers that
/// join or leave are seen.
const ROUTE_REFRESH: Duration = Duration::from_secs(30);
/// How long start waits for the server's settings.
const HANDSHAKE: Duration = Duration::from_secs(10);
/// Apache RocketMQ's proxy holds every receive for at least 5 s
/// (`grpcClientConsumerMinLongPollingTimeoutMillis`), whatever the request asks, and refuses
/// one whose deadline leaves less than that with ILLEGAL_POLLING_TIME. Apogee honours shorter
/// polls and answers as soon as they end, so a longer deadline costs nothing there.
pub(crate) const SERVER_MIN_LONG_POLL: Duration = Duration::from_secs(5);
/// Sent as `x-mq-client-version`. Servers gate compatibility behaviour on it by comparing it
/// with official client versions (Apache's proxy answers BAD_REQUEST instead of precise codes
/// to clients "older" than 5.0.3, compared as strings), so it names the official client level
/// this SDK behaves like; the SDK's own version travels in the settings' user agent.
const CLIENT_PROTOCOL_VERSION: &str = "5.1.0";

pub(crate) struct Client {
    pub options: ClientOptions,
    pub client_id: String,
    pub born_host: String,
    client_type: pb::ClientType,
    group: Option<String>,
    access: pb::Endpoints,
    channels: Mutex<HashMap<String, MessagingServiceClient<Channel>>>,
    routes: Mutex<HashMap<String, Arc<Vec<pb::MessageQueue>>>>,
    /// The server's latest settings.
    pub settings: watch::Receiver<pb::Settings>,
    cancel: CancellationToken,
    tasks: TaskTracker,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.options.endpoint)
            .field("client_id", &self.client_id)
            .finish()
    }
}

/// `host:port`, also written as a URL (`http://host:port`), as operators copy it from either
/// form.
fn parse_endpoints(endpoint: &str) -> Result<pb::Endpoints, Error> {
    let endpoint = endpoint.trim();
    let endpoint = endpoint
        .strip_prefix("http://")
        .unwrap_or(endpoint)
        .trim_end_matches('/');
    let (host, port) = endpoint.rsplit_once(':').ok_or_else(|| {
        Error::new(
            ErrorKind::Client,
            format!("endpoint {endpoint:?} is not host:port"),
        )
    })?;
    let port: i32 = port
        .parse()
        .map_err(|_| Error::new(ErrorKind::Client, format!("bad port in {endpoint:?}")))?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let scheme = match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => pb::AddressScheme::IPv4,
        Ok(std::net::IpAddr::V6(_)) => pb::AddressScheme::IPv6,
        Err(_) => pb::AddressScheme::DomainName,
    };
    Ok(pb::Endpoints {
        scheme: scheme as i32,
        addresses: vec![pb::Address { host, port }],
    })
}

fn target(e: &pb::Endpoints) -> Option<String> {
    let a = e.addresses.first()?;
    if a.host.contains(':') {
        Some(format!("[{}]:{}", a.host, a.port))
    } else {
        Some(format!("{}:{}", a.host, a.port))
    }
}

impl Client {
    /// Connects, opens Telemetry with `settings`, and waits for the server's settings.
    pub async fn start(
        options: ClientOptions,
        settings: pb::Settings,
        group: Option<String>,
        on_command: Option<CommandHandler>,
    ) -> Result<Arc<Self>, Error> {
        let access = parse_endpoints(&options.endpoint)?;
        let client_type = settings
            .client_type
            .and_then(|t| pb::ClientType::try_from(t).ok())
            .unwrap_or_default();
        let host = hostname();
        let client_id = format!(
            "{host}@{}@{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        );
        let (settings_tx, settings_rx) = watch::channel(pb::Settings::default());
        let client = Arc::new(Self {
            client_id,
            born_host: host,
            client_type,
            group,
            access,
            channels: Mutex::new(HashMap::new()),
            routes: Mutex::new(HashMap::new()),
            settings: settings_rx,
            cancel: CancellationToken::new(),
            tasks: TaskTracker::new(),
            options,
        });
        let rpc = client.rpc(None).await?;
        let (first_tx, first_rx) = oneshot::channel();
        let settings = pb::Settings {
            access_point: Some(client.access.clone()),
            ..settings
        };
        client.tasks.spawn(telemetry(
            client.clone(),
            rpc,
            settings,
            settings_tx,
            first_tx,
            on_command,
        ));
        match tokio::time::timeout(HANDSHAKE, first_rx).await {
            Ok(Ok(Ok(()))) => {
                // Heartbeats (and, in the caller, receives) only after the server holds the
                // settings: Apache's proxy refuses a heartbeat from a client it has no settings
                // for, and 5.x fails a receive that comes first (apache/rocketmq#8714).
                client.tasks.spawn(heartbeats(client.clone()));
                client.tasks.spawn(refresh_routes(client.clone()));
                Ok(client)
            }
            Ok(Ok(Err(e))) => {
                client.stop().await;
                Err(e)
            }
            _ => {
                client.stop().await;
                Err(Error::new(
                    ErrorKind::Timeout,
                    "the server did not answer the settings handshake",
                ))
            }
        }
    }

    /// A stub for the given endpoints (the access point when `None`), connected once.
    pub async fn rpc(
        &self,
        endpoints: Option<&pb::Endpoints>,
    ) -> Result<MessagingServiceClient<Channel>, Error> {
        let key = target(endpoints.unwrap_or(&self.access)).ok_or_else(|| {
            Error::new(
                ErrorKind::Server,
                "a route names a broker without an address",
            )
        })?;
        if let Some(c) = self.channels.lock().get(&key) {
            return Ok(c.clone());
        }
        let channel = Channel::from_shared(format!("http://{key}"))
            .map_err(|e| Error::new(ErrorKind::Client, e.to_string()))?
            .tcp_nodelay(true)
            .connect_timeout(self.options.request_timeout)
            .http2_keep_alive_interval(Duration::from_secs(30))
            .connect()
            .await?;
        let stub = MessagingServiceClient::new(channel)
            .max_decoding_message_size(usize::MAX)
            .max_encoding_message_size(usize::MAX);
        Ok(self.channels.lock().entry(key).or_insert(stub).clone())
    }

    /// A request with RocketMQ's metadata and the default deadline.
    pub fn req<T>(&self, body: T) -> Request<T> {
        self.req_with_timeout(body, self.options.request_timeout)
    }

    pub fn req_with_timeout<T>(&self, body: T, timeout: Duration) -> Request<T> {
        let mut r = Request::new(body);
        let md = r.metadata_mut();
        if let Ok(v) = self.client_id.parse() {
            md.insert("x-mq-client-id", v);
        }
        md.insert(
            "x-mq-language",
            tonic::metadata::MetadataValue::from_static("RUST"),
        );
        md.insert(
            "x-mq-protocol",
            tonic::metadata::MetadataValue::from_static("v2"),
        );
        md.insert(
            "x-mq-client-version",
            tonic::metadata::MetadataValue::from_static(CLIENT_PROTOCOL_VERSION),
        );
        if let Ok(v) = uuid::Uuid::new_v4().to_string().parse() {
            md.insert("x-mq-request-id", v);
        }
        r.set_timeout(timeout);
        r
    }

    /// The deadline of a call the server may hold for `poll`: at least the longest any server
    /// holds one (`SERVER_MIN_LONG_POLL`), plus the request timeout for the answer to travel.
    pub fn long_poll_deadline(&self, poll: Duration) -> Duration {
        poll.max(SERVER_MIN_LONG_POLL)
            .saturating_add(self.options.request_timeout)
    }

    pub fn resource(&self, name: &str) -> pb::Resource {
        pb::Resource {
            resource_namespace: self.options.namespace.clone(),
            name: name.to_owned(),
        }
    }

    /// The topic's queues, from the cache unless `refresh`.
    pub async fn route(
        &self,
        topic: &str,
        refresh: bool,
    ) -> Result<Arc<Vec<pb::MessageQueue>>, Error> {
        if !refresh && let Some(r) = self.routes.lock().get(topic) {
            return Ok(r.clone());
        }
        let req = pb::QueryRouteRequest {
            topic: Some(self.resource(topic)),
            endpoints: Some(self.access.clone()),
        };
        let resp = self
            .rpc(None)
            .await?
            .query_route(self.req(req))
            .await?
            .into_inner();
        check(resp.status.as_ref())?;
        if resp.message_queues.is_empty() {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("topic {topic} has no queues"),
            ));
        }
        let queues = Arc::new(resp.message_queues);
        self.routes.lock().insert(topic.to_owned(), queues.clone());
        Ok(queues)
    }

    /// Says goodbye to the server and stops the background tasks.
    pub async fn shutdown(&self) {
        if let Ok(mut rpc) = self.rpc(None).await {
            let req = pb::NotifyClientTerminationRequest {
                group: self.group.as_deref().map(|g| self.resource(g)),
            };
            let _ = rpc.notify_client_termination(self.req(req)).await;
        }
        self.stop().await;
    }

    /// Passes `r` through, shutting the client down first when it is an error: a builder that
    /// fails after the client started must not leave its background tasks running.
    pub async fn or_shutdown<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        if r.is_err() {
            self.shutdown().await;
        }
        r
    }

    async fn stop(&self) {
        self.cancel.cancel();
        self.tasks.close();
        self.tasks.wait().await;
    }

    pub fn cancelled(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// Spawns a task that shutdown waits for.
    pub fn spawn<F>(&self, f: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.tasks.spawn(f)
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Keeps a Telemetry stream open: sends the settings, reports the first answer, hands later
/// commands to `on_command`, and reconnects (resending the settings) if the stream breaks.
async fn telemetry(
    client: Arc<Client>,
    mut rpc: MessagingServiceClient<Channel>,
    settings: pb::Settings,
    settings_tx: watch::Sender<pb::Settings>,
    first: oneshot::Sender<Result<(), Error>>,
    on_command: Option<CommandHandler>,
) {
    let mut first = Some(first);
    let cancel = client.cancelled();
    loop {
        let (tx, rx) = mpsc::channel(8);
        let hello = pb::TelemetryCommand {
            status: None,
            command: Some(Command::Settings(settings.clone())),
        };
        let _ = tx.send(hello).await;
        // No deadline: the stream lives as long as the client.
        let mut req = Request::new(tokio_stream::wrappers::ReceiverStream::new(rx));
        *req.metadata_mut() = client.req(()).metadata().clone();
        let opened = tokio::select! {
            () = cancel.cancelled() => return,
            r = rpc.telemetry(req) => r,
        };
        match opened {
            Ok(resp) => {
                let mut inbound = resp.into_inner();
                loop {
                    let next = tokio::select! {
                        () = cancel.cancelled() => return,
                        n = inbound.message() => n,
                    };
                    let Ok(Some(cmd)) = next else { break };
                    match cmd.command {
                        Some(Command::Settings(s)) => {
                            let _ = settings_tx.send(s);
                            if let Some(f) = first.take() {
                                let _ = f.send(check(cmd.status.as_ref()));
                            }
                        }
                        Some(other) => {
                            if let Some(h) = &on_command {
                                h(other);
                            }
                        }
                        None => {
                            if let (Some(s), Some(f)) = (cmd.status.as_ref(), first.take()) {
                                let _ = f.send(check(Some(s)));
                            }
                        }
                    }
                }
                drop(tx);
            }
            Err(e) => {
                if let Some(f) = first.take() {
                    let _ = f.send(Err(e.into()));
                    return;
                }
            }
        }
        tracing::debug!(client_id = %client.client_id, "Telemetry stream ended; reconnecting.");
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

async fn heartbeats(client: Arc<Client>) {
    let cancel = client.cancelled();
    let mut tick = tokio::time::interval(HEARTBEAT);
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            _ = tick.tick() => {}
        }
        let req = pb::HeartbeatRequest {
            group: client.group.as_deref().map(|g| client.resource(g)),
            client_type: client.client_type as i32,
        };
        if let Ok(mut rpc) = client.rpc(None).await
            && let Err(e) = rpc.heartbeat(client.req(req)).await
        {
            tracing::debug!(error = %e, "Heartbeat failed.");
        }
    }
}

/// Fetches every cached route again every `ROUTE_REFRESH`; a failed fetch keeps the old one.
async fn refresh_routes(client: Arc<Client>) {
    let cancel = client.cancelled();
    let mut tick = tokio::time::interval(ROUTE_REFRESH);
    tick.tick().await; // the first tick is immediate; routes were just fetched
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            _ = tick.tick() => {}
        }
        let topics: Vec<String> = client.routes.lock().keys().cloned().collect();
        for topic in topics {
            if let Err(e) = client.route(&topic, true).await {
                tracing::debug!(%topic, error = %e, "Refreshing a route failed; keeping the old one.");
            }
        }
    }
}
