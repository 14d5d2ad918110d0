//! A thin v2 client over the generated stubs: just enough to drive the server the way the
//! official clients do, with every field visible to the test.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use apogee_proto::admin::v1::admin_client::AdminClient;
use apogee_proto::rocketmq::v2 as pb;
use bytes::Bytes;
use pb::messaging_service_client::MessagingServiceClient;
use pb::receive_message_response::Content;
use tonic::Request;
use tonic::transport::Channel;

#[derive(Debug, Clone)]
pub struct TestClient {
    pub addr: SocketAddr,
    pub client_id: String,
    pub rpc: MessagingServiceClient<Channel>,
    pub admin: AdminClient<Channel>,
    pub channel: Channel,
    /// Signs every request as this user (a server with `auth.enabled`).
    pub signer: Option<apogee_server::admin_cli::Signer>,
}

/// What a receive returned: the leading status and the messages.
#[derive(Debug, Clone)]
pub struct Received {
    pub status: pb::Status,
    pub messages: Vec<pb::Message>,
    pub had_delivery_timestamp: bool,
}

pub fn resource(name: &str) -> Option<pb::Resource> {
    Some(pb::Resource {
        resource_namespace: String::new(),
        name: name.to_owned(),
    })
}

pub fn duration(d: Duration) -> prost_types::Duration {
    prost_types::Duration {
        seconds: d.as_secs() as i64,
        nanos: d.subsec_nanos() as i32,
    }
}

/// A NORMAL message with a fresh id.
pub fn message(topic: &str, body: &str) -> pb::Message {
    pb::Message {
        topic: resource(topic),
        user_properties: HashMap::new(),
        system_properties: Some(pb::SystemProperties {
            message_id: uuid::Uuid::new_v4().simple().to_string().to_uppercase(),
            body_encoding: pb::Encoding::Identity as i32,
            message_type: pb::MessageType::Normal as i32,
            born_timestamp: Some(prost_types::Timestamp {
                seconds: 1_700_000_000,
                nanos: 0,
            }),
            born_host: "test-host".into(),
            ..Default::default()
        }),
        body: Bytes::from(body.to_owned()),
    }
}

pub fn code(s: &Option<pb::Status>) -> pb::Code {
    s.as_ref()
        .and_then(|s| pb::Code::try_from(s.code).ok())
        .unwrap_or(pb::Code::Unspecified)
}

impl TestClient {
    pub async fn connect(addr: SocketAddr) -> Self {
        let channel = Channel::from_shared(format!("http://{addr}"))
            .expect("uri")
            .tcp_nodelay(true)
            .connect()
            .await
            .expect("connect");
        Self {
            addr,
            client_id: format!("test@{}", uuid::Uuid::new_v4().simple()),
            rpc: MessagingServiceClient::new(channel.clone()).max_decoding_message_size(64 << 20),
            admin: AdminClient::new(channel.clone()),
            channel,
            signer: None,
        }
    }

    /// A client whose requests are signed with `access_key` and `secret_key`.
    pub async fn connect_as(addr: SocketAddr, access_key: &str, secret_key: &str) -> Self {
        let mut c = Self::connect(addr).await;
        c.signer = Some(apogee_server::admin_cli::Signer::new(
            Some(access_key.to_owned()),
            Some(secret_key.to_owned()),
        ));
        c
    }

    /// Wraps a request with the metadata official clients send.
    pub fn req<T>(&self, body: T) -> Request<T> {
        let mut r = Request::new(body);
        r.metadata_mut()
            .insert("x-mq-client-id", self.client_id.parse().expect("header"));
        r.metadata_mut()
            .insert("x-mq-language", "RUST".parse().expect("header"));
        // Apache RocketMQ's proxy answers clients "older" than 5.0.3 with coarser codes; the
        // differential suite drives it with this client too.
        r.metadata_mut()
            .insert("x-mq-client-version", "5.1.0".parse().expect("header"));
        r.metadata_mut()
            .insert("x-mq-protocol", "v2".parse().expect("header"));
        if let Some(signer) = &self.signer {
            use tonic::service::Interceptor as _;
            let signed = signer.clone().call(Request::new(())).expect("sign");
            for name in ["authorization", "x-mq-date-time"] {
                if let Some(v) = signed.metadata().get(name) {
                    r.metadata_mut().insert(name, v.clone());
                }
            }
        }
        r
    }

    pub fn endpoints(&self) -> pb::Endpoints {
        pb::Endpoints {
            scheme: pb::AddressScheme::IPv4 as i32,
            addresses: vec![pb::Address {
                host: self.addr.ip().to_string(),
                port: self.addr.port() as i32,
            }],
        }
    }

    pub async fn query_route(&mut self, topic: &str) -> pb::QueryRouteResponse {
        let r = self.req(pb::QueryRouteRequest {
            topic: resource(topic),
            endpoints: Some(self.endpoints()),
        });
        self.rpc.query_route(r).await.expect("rpc").into_inner()
    }

    pub async fn send(&mut self, messages: Vec<pb::Message>) -> pb::SendMessageResponse {
        let r = self.req(pb::SendMessageRequest { messages });
        self.rpc.send_message(r).await.expect("rpc").into_inner()
    }

    /// Sends one message and asserts SEND_OK; returns its id.
    pub async fn send_ok(&mut self, m: pb::Message) -> String {
        let resp = self.send(vec![m]).await;
        assert_eq!(
            code(&resp.status),
            pb::Code::Ok,
            "send failed: {:?}",
            resp.status
        );
        assert_eq!(resp.entries.len(), 1);
        resp.entries[0].message_id.clone()
    }

    /// Creates a consumer group (admin API) that starts at the first message of each queue.
    pub async fn create_group_from_start(&mut self, name: &str) {
        use apogee_proto::admin::v1 as admin;
        self.admin
            .create_group(admin::CreateGroupRequest {
                name: name.into(),
                start: Some(admin::create_group_request::Start::Policy(
                    admin::StartPolicy::Earliest as i32,
                )),
                ..Default::default()
            })
            .await
            .expect("create group");
    }

    pub async fn heartbeat(
        &mut self,
        group: &str,
        client_type: pb::ClientType,
    ) -> pb::HeartbeatResponse {
        let r = self.req(pb::HeartbeatRequest {
            group: resource(group),
            client_type: client_type as i32,
        });
        self.rpc.heartbeat(r).await.expect("rpc").into_inner()
    }

    /// Receives with a tag expression, an explicit invisible time and a long-polling time.
    pub async fn receive(
        &mut self,
        group: &str,
        topic: &str,
        tag: &str,
        batch: i32,
        invisible: Duration,
        poll: Duration,
    ) -> Received {
        let req = pb::ReceiveMessageRequest {
            group: resource(group),
            message_queue: Some(pb::MessageQueue {
                topic: resource(topic),
                id: 0,
                permission: pb::Permission::ReadWrite as i32,
                broker: None,
                accept_message_types: vec![],
            }),
            filter_expression: Some(pb::FilterExpression {
                r#type: pb::FilterType::Tag as i32,
                expression: tag.into(),
            }),
            batch_size: batch,
            invisible_duration: Some(duration(invisible)),
            auto_renew: false,
            long_polling_timeout: Some(duration(poll)),
            attempt_id: None,
        };
        self.receive_raw(req).await
    }

    /// Receives (all tags, 60 s invisible) until `want` messages of `topic` arrived, which may
    /// sit on several queues, or 200 receives passed; what arrived.
    pub async fn receive_until(
        &mut self,
        group: &str,
        topic: &str,
        want: usize,
    ) -> Vec<pb::Message> {
        let mut got = Vec::new();
        for _ in 0..200 {
            if got.len() >= want {
                break;
            }
            let r = self
                .receive(
                    group,
                    topic,
                    "*",
                    32,
                    Duration::from_secs(60),
                    Duration::from_millis(500),
                )
                .await;
            got.extend(r.messages);
        }
        got
    }

    pub async fn receive_raw(&mut self, req: pb::ReceiveMessageRequest) -> Received {
        // A deadline past the long poll: Apache's proxy fails a receive without one, and holds
        // every receive at least 5 s.
        let poll = req.long_polling_timeout.map_or(Duration::ZERO, |d| {
            Duration::new(d.seconds.max(0) as u64, 0)
        });
        let mut r = self.req(req);
        r.set_timeout(poll.max(Duration::from_secs(5)) + Duration::from_secs(10));
        let mut stream = self.rpc.receive_message(r).await.expect("rpc").into_inner();
        let mut status = None;
        let mut messages = Vec::new();
        let mut had_delivery_timestamp = false;
        while let Some(item) = stream.message().await.expect("stream") {
            match item.content.expect("every response has content") {
                Content::Status(s) => {
                    assert!(status.is_none(), "one status per stream");
                    assert!(messages.is_empty(), "status comes first");
                    status = Some(s);
                }
                Content::Message(m) => messages.push(m),
                Content::DeliveryTimestamp(_) => had_delivery_timestamp = true,
            }
        }
        Received {
            status: status.expect("a status"),
            messages,
            had_delivery_timestamp,
        }
    }

    pub async fn ack(
        &mut self,
        group: &str,
        topic: &str,
        m: &pb::Message,
    ) -> pb::AckMessageResponse {
        let sp = m.system_properties.as_ref().expect("system properties");
        let handle = sp.receipt_handle.clone().expect("receipt handle");
        self.ack_handle(group, topic, &sp.message_id, &handle).await
    }

    pub async fn ack_handle(
        &mut self,
        group: &str,
        topic: &str,
        message_id: &str,
        handle: &str,
    ) -> pb::AckMessageResponse {
        let r = self.req(pb::AckMessageRequest {
            group: resource(group),
            topic: resource(topic),
            entries: vec![pb::AckMessageEntry {
                message_id: message_id.into(),
                receipt_handle: handle.into(),
                lite_topic: None,
            }],
        });
        self.rpc.ack_message(r).await.expect("rpc").into_inner()
    }

    pub async fn change_invisible(
        &mut self,
        group: &str,
        topic: &str,
        message_id: &str,
        handle: &str,
        d: Duration,
    ) -> pb::ChangeInvisibleDurationResponse {
        let r = self.req(pb::ChangeInvisibleDurationRequest {
            group: resource(group),
            topic: resource(topic),
            receipt_handle: handle.into(),
            invisible_duration: Some(duration(d)),
            message_id: message_id.into(),
            lite_topic: None,
            suspend: None,
        });
        self.rpc
            .change_invisible_duration(r)
            .await
            .expect("rpc")
            .into_inner()
    }
}

/// The receipt handle of a delivered message.
pub fn handle_of(m: &pb::Message) -> String {
    m.system_properties
        .as_ref()
        .and_then(|s| s.receipt_handle.clone())
        .expect("receipt handle")
}

pub fn id_of(m: &pb::Message) -> String {
    m.system_properties
        .as_ref()
        .map(|s| s.message_id.clone())
        .expect("message id")
}

pub fn attempt_of(m: &pb::Message) -> i32 {
    m.system_properties
        .as_ref()
        .and_then(|s| s.delivery_attempt)
        .expect("delivery attempt")
}

/// An open Telemetry stream; dropping it ends the stream (the client goes away).
#[derive(Debug)]
pub struct TelemetrySession {
    pub tx: tokio::sync::mpsc::Sender<pb::TelemetryCommand>,
    pub inbound: tonic::Streaming<pb::TelemetryCommand>,
    /// The server's first reply (the effective settings).
    pub settings: pb::TelemetryCommand,
}

/// Settings a push consumer of `group` on `topic` sends first.
pub fn push_settings(c: &TestClient, group: &str, topic: &str) -> pb::Settings {
    pb::Settings {
        client_type: Some(pb::ClientType::PushConsumer as i32),
        access_point: Some(c.endpoints()),
        pub_sub: Some(pb::settings::PubSub::Subscription(pb::Subscription {
            group: resource(group),
            subscriptions: vec![pb::SubscriptionEntry {
                topic: resource(topic),
                expression: Some(pb::FilterExpression {
                    r#type: pb::FilterType::Tag as i32,
                    expression: "*".into(),
                }),
            }],
            ..Default::default()
        })),
        ..Default::default()
    }
}

impl TestClient {
    /// Opens Telemetry with `settings` and waits for the server's settings reply.
    pub async fn open_telemetry(&mut self, settings: pb::Settings) -> TelemetrySession {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let first = pb::TelemetryCommand {
            status: None,
            command: Some(pb::telemetry_command::Command::Settings(settings)),
        };
        tx.send(first).await.expect("queue settings");
        let stream = tokio_stream::wrappers::ReceiverStream::new(rx);
        let mut inbound = self
            .rpc
            .telemetry(self.req(stream))
            .await
            .expect("telemetry")
            .into_inner();
        let settings = inbound
            .message()
            .await
            .expect("stream")
            .expect("settings reply");
        TelemetrySession {
            tx,
            inbound,
            settings,
        }
    }

    /// A push-consumer receive: the server chooses and renews the invisible time.
    pub async fn receive_push(
        &mut self,
        group: &str,
        topic: &str,
        batch: i32,
        poll: Duration,
    ) -> Received {
        let req = pb::ReceiveMessageRequest {
            group: resource(group),
            message_queue: Some(pb::MessageQueue {
                topic: resource(topic),
                id: -1,
                ..Default::default()
            }),
            filter_expression: None,
            batch_size: batch,
            invisible_duration: None,
            auto_renew: true,
            long_polling_timeout: Some(duration(poll)),
            attempt_id: Some(uuid::Uuid::new_v4().to_string()),
        };
        self.receive_raw(req).await
    }

    /// Pulls from one queue: (status, messages, next offset).
    pub async fn pull(
        &mut self,
        group: &str,
        topic: &str,
        queue: i32,
        offset: i64,
        batch: i32,
        poll: Duration,
    ) -> (pb::Status, Vec<pb::Message>, i64) {
        let queue = pb::MessageQueue {
            topic: resource(topic),
            id: queue,
            ..Default::default()
        };
        self.pull_queue(group, queue, offset, batch, poll).await
    }

    /// Pulls from one queue as a route names it (a cluster's queues name their broker).
    pub async fn pull_queue(
        &mut self,
        group: &str,
        queue: pb::MessageQueue,
        offset: i64,
        batch: i32,
        poll: Duration,
    ) -> (pb::Status, Vec<pb::Message>, i64) {
        use pb::pull_message_response::Content;
        let req = pb::PullMessageRequest {
            group: resource(group),
            message_queue: Some(queue),
            offset,
            batch_size: batch,
            filter_expression: None,
            long_polling_timeout: Some(duration(poll)),
        };
        let mut stream = self
            .rpc
            .pull_message(self.req(req))
            .await
            .expect("rpc")
            .into_inner();
        let (mut status, mut messages, mut next) = (None, Vec::new(), None);
        while let Some(item) = stream.message().await.expect("stream") {
            match item.content.expect("content") {
                Content::Status(s) => status = Some(s),
                Content::Message(m) => messages.push(m),
                Content::NextOffset(o) => next = Some(o),
            }
        }
        (
            status.expect("a status"),
            messages,
            next.expect("a next offset"),
        )
    }

    pub fn queue(&self, topic: &str, id: i32) -> Option<pb::MessageQueue> {
        Some(pb::MessageQueue {
            topic: resource(topic),
            id,
            ..Default::default()
        })
    }
}

/// A message queue of a topic, as requests name it.
pub fn queue(topic: &str, id: i32) -> Option<pb::MessageQueue> {
    Some(pb::MessageQueue {
        topic: resource(topic),
        id,
        ..Default::default()
    })
}

pub fn body_of(m: &pb::Message) -> String {
    String::from_utf8(m.body.to_vec()).expect("utf-8 body")
}

pub fn store_ms(m: &pb::Message) -> i64 {
    let t = m
        .system_properties
        .as_ref()
        .and_then(|s| s.store_timestamp)
        .expect("store timestamp");
    t.seconds * 1000 + i64::from(t.nanos / 1_000_000)
}
