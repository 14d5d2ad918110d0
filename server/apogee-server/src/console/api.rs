//! The console's calls: the admin API (and the nameserver API for the broker table, the
//! messaging API for a test message) over the in-process connection, signed with the
//! signed-in user's keys, so the server's own authentication and ACL decide.

use std::time::Duration;

use apogee_proto::admin::v1 as pb;
use apogee_proto::nameserver::v1 as ns;
use apogee_proto::rocketmq::v2 as mq;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Channel, Endpoint};

use super::{BrokerSource, Console};
use crate::admin_cli::Signer;

/// Bound on one call to the server (or to a nameserver or broker of the cluster).
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Bound on a broker's health answer.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

pub(super) type Admin = pb::admin_client::AdminClient<InterceptedService<Channel, Signer>>;

/// Milliseconds since the Unix epoch.
pub(super) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A refusal in words for the page.
pub(super) fn explain(s: &tonic::Status) -> String {
    use tonic::Code;
    let m = s.message();
    match s.code() {
        Code::Unavailable => format!("The server or a broker is unreachable: {m}"),
        Code::PermissionDenied => format!("Not allowed: {m}"),
        Code::Unauthenticated => {
            format!("Not signed in, or the keys are no longer valid (sign out and in again): {m}")
        }
        Code::DeadlineExceeded => "The server did not answer in time; try again.".to_owned(),
        Code::NotFound | Code::InvalidArgument | Code::AlreadyExists | Code::FailedPrecondition => {
            m.to_owned()
        }
        other => format!("{m} ({other:?})"),
    }
}

/// The HTTP status of a page that shows a refusal.
pub(super) fn http_status(s: &tonic::Status) -> hyper::StatusCode {
    use hyper::StatusCode as H;
    use tonic::Code;
    match s.code() {
        Code::NotFound => H::NOT_FOUND,
        Code::PermissionDenied => H::FORBIDDEN,
        Code::Unauthenticated => H::UNAUTHORIZED,
        Code::InvalidArgument | Code::FailedPrecondition | Code::AlreadyExists => H::BAD_REQUEST,
        Code::Unavailable => H::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => H::GATEWAY_TIMEOUT,
        _ => H::INTERNAL_SERVER_ERROR,
    }
}

/// A request with the console's time bound.
pub(super) fn req<T>(message: T) -> tonic::Request<T> {
    let mut r = tonic::Request::new(message);
    r.set_timeout(CALL_TIMEOUT);
    r
}

/// One broker of the cluster table with its health.
#[derive(Debug)]
pub(super) struct BrokerRow {
    pub member: ns::ClusterMember,
    /// SERVING, NOT_SERVING, or why it could not be asked.
    pub health: Result<String, String>,
}

impl Console {
    fn signer(keys: Option<&(String, String)>) -> Signer {
        Signer::new(keys.map(|k| k.0.clone()), keys.map(|k| k.1.clone()))
    }

    /// The admin API as the signed-in user.
    pub(super) fn admin(&self, keys: Option<&(String, String)>) -> Admin {
        pb::admin_client::AdminClient::with_interceptor(self.channel.clone(), Self::signer(keys))
            .max_decoding_message_size(64 * 1024 * 1024)
    }

    /// The brokers the nameservers know, each with its health; an error says why there is no
    /// table.
    pub(super) async fn brokers(
        &self,
        keys: Option<&(String, String)>,
    ) -> Result<Vec<BrokerRow>, String> {
        let info = match &self.brokers {
            BrokerSource::Embedded => ns::name_server_client::NameServerClient::with_interceptor(
                self.channel.clone(),
                Self::signer(keys),
            )
            .get_cluster_info(req(ns::GetClusterInfoRequest {}))
            .await
            .map_err(|e| explain(&e))?
            .into_inner(),
            BrokerSource::Nameservers(addresses) => ask_nameservers(addresses, keys).await?,
        };
        let checks = info.brokers.into_iter().map(|member| async move {
            let health = match &self.brokers {
                BrokerSource::Embedded => health_of(self.channel.clone()).await,
                BrokerSource::Nameservers(_) => {
                    let endpoint = member
                        .broker
                        .as_ref()
                        .map(|b| b.client_endpoint.clone())
                        .unwrap_or_default();
                    match endpoint_of(&endpoint) {
                        Ok(e) => health_of(e.connect_lazy()).await,
                        Err(e) => Err(e),
                    }
                }
            };
            BrokerRow { member, health }
        });
        Ok(futures::future::join_all(checks).await)
    }

    /// Sends one NORMAL message (FIFO with a message group) through the messaging API, as a
    /// client would; its message id.
    pub(super) async fn send_test_message(
        &self,
        keys: Option<&(String, String)>,
        message: TestMessage,
    ) -> Result<String, String> {
        let mut client = mq::messaging_service_client::MessagingServiceClient::with_interceptor(
            self.channel.clone(),
            Self::signer(keys),
        );
        let message_id = apogee_sdk::new_message_id();
        // With authentication on, a client id belongs to the first user who signs with it: one
        // per user.
        let client_id = keys.map_or_else(
            || "apogee-console".to_owned(),
            |(access_key, _)| format!("apogee-console@{access_key}"),
        );
        let now = now_ms();
        let fifo = message.group.is_some();
        let mut request = req(mq::SendMessageRequest {
            messages: vec![mq::Message {
                topic: Some(mq::Resource {
                    resource_namespace: String::new(),
                    name: message.topic,
                }),
                user_properties: Default::default(),
                system_properties: Some(mq::SystemProperties {
                    tag: message.tag,
                    keys: message.keys,
                    message_id: message_id.clone(),
                    body_encoding: mq::Encoding::Identity as i32,
                    message_type: if fifo {
                        mq::MessageType::Fifo
                    } else {
                        mq::MessageType::Normal
                    } as i32,
                    born_timestamp: Some(prost_types::Timestamp {
                        seconds: now / 1000,
                        nanos: i32::try_from((now % 1000) * 1_000_000).unwrap_or(0),
                    }),
                    born_host: "apogee-console".to_owned(),
                    message_group: message.group,
                    ..Default::default()
                }),
                body: message.body.into(),
            }],
        });
        let client_id = tonic::metadata::MetadataValue::try_from(client_id)
            .map_err(|_| "The access key is not valid header text.".to_owned())?;
        let metadata = request.metadata_mut();
        metadata.insert("x-mq-client-id", client_id);
        metadata.insert(
            "x-mq-language",
            tonic::metadata::MetadataValue::from_static("RUST"),
        );
        metadata.insert(
            "x-mq-protocol",
            tonic::metadata::MetadataValue::from_static("v2"),
        );
        let answer = client
            .send_message(request)
            .await
            .map_err(|e| explain(&e))?
            .into_inner();
        let refused = |s: &Option<mq::Status>| {
            s.as_ref()
                .filter(|s| s.code != mq::Code::Ok as i32)
                .map(|s| s.message.clone())
        };
        if let Some(m) = refused(&answer.status) {
            return Err(format!("The server refused the message: {m}"));
        }
        match answer.entries.first() {
            Some(e) if refused(&e.status).is_none() => Ok(e.message_id.clone()),
            Some(e) => Err(format!(
                "The server refused the message: {}",
                refused(&e.status).unwrap_or_default()
            )),
            None => Err("The server answered without a result.".to_owned()),
        }
    }
}

/// A test message from the form.
#[derive(Debug)]
pub(super) struct TestMessage {
    pub topic: String,
    pub tag: Option<String>,
    pub keys: Vec<String>,
    pub group: Option<String>,
    pub body: Vec<u8>,
}

fn endpoint_of(address: &str) -> Result<Endpoint, String> {
    apogee_proxy::backend::cluster::endpoint(address).map(|e| e.timeout(CALL_TIMEOUT))
}

/// The first nameserver's answer; all their refusals when none answers.
async fn ask_nameservers(
    addresses: &[String],
    keys: Option<&(String, String)>,
) -> Result<ns::GetClusterInfoResponse, String> {
    let mut why = Vec::new();
    for address in addresses {
        let channel = match endpoint_of(address) {
            Ok(e) => e.connect_lazy(),
            Err(e) => {
                why.push(e);
                continue;
            }
        };
        let mut client = ns::name_server_client::NameServerClient::with_interceptor(
            channel,
            Console::signer(keys),
        );
        match client
            .get_cluster_info(req(ns::GetClusterInfoRequest {}))
            .await
        {
            Ok(r) => return Ok(r.into_inner()),
            Err(e) => why.push(format!("nameserver {address}: {}", explain(&e))),
        }
    }
    Err(if why.is_empty() {
        "No nameserver is configured (cluster.nameservers).".to_owned()
    } else {
        format!("No nameserver answered. {}", why.join("; "))
    })
}

/// A server's gRPC health.
async fn health_of(channel: Channel) -> Result<String, String> {
    let mut client = tonic_health::pb::health_client::HealthClient::new(channel);
    let mut request = tonic::Request::new(tonic_health::pb::HealthCheckRequest {
        service: String::new(),
    });
    request.set_timeout(HEALTH_TIMEOUT);
    match client.check(request).await {
        Ok(r) => Ok(r.into_inner().status().as_str_name().to_owned()),
        Err(e) => Err(format!("unreachable: {}", e.message())),
    }
}
