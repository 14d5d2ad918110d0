//! QueryRoute answers and the Telemetry Settings handshake, field by field as the official
//! clients need them (digest §5.3, §5.6, §7.6).

use std::time::Duration;

use apogee_e2e::client::{TestClient, code, resource};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;
use pb::telemetry_command::Command;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

#[tokio::test]
async fn route_lists_queues_from_zero_with_explicit_endpoints() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    let route = c.query_route(&topic).await;
    assert_eq!(code(&route.status), pb::Code::Ok);
    assert_eq!(
        route.message_queues.len(),
        8,
        "auto-created with the default queue count"
    );
    for (i, q) in route.message_queues.iter().enumerate() {
        assert_eq!(q.id, i as i32);
        assert_eq!(q.permission, pb::Permission::ReadWrite as i32);
        assert_eq!(q.topic.as_ref().unwrap().name, topic);
        let broker = q.broker.as_ref().unwrap();
        assert_eq!(broker.id, 0);
        let endpoints = broker.endpoints.as_ref().unwrap();
        assert_eq!(endpoints.scheme, pb::AddressScheme::IPv4 as i32);
        assert_eq!(endpoints.addresses[0].port, server.addr.port() as i32);
        let mut types = q.accept_message_types.clone();
        types.sort();
        assert_eq!(
            types,
            vec![
                pb::MessageType::Normal as i32,
                pb::MessageType::Fifo as i32,
                pb::MessageType::Delay as i32,
                pb::MessageType::Transaction as i32
            ],
            "an auto-created topic accepts every type"
        );
    }
    // An unspecified scheme is made explicit from the host.
    let r = c
        .rpc
        .query_route(c.req(pb::QueryRouteRequest {
            topic: resource(&topic),
            endpoints: Some(pb::Endpoints {
                scheme: 0,
                addresses: vec![pb::Address {
                    host: "localhost".into(),
                    port: 8081,
                }],
            }),
        }))
        .await
        .unwrap()
        .into_inner();
    let e = r.message_queues[0]
        .broker
        .as_ref()
        .unwrap()
        .endpoints
        .as_ref()
        .unwrap();
    assert_eq!(e.scheme, pb::AddressScheme::DomainName as i32);
    assert_eq!(e.addresses[0].host, "localhost");
}

/// Opens Telemetry, writes one Settings, returns the first reply and the open stream.
async fn handshake(
    c: &mut TestClient,
    settings: pb::Settings,
) -> (
    Result<pb::TelemetryCommand, tonic::Status>,
    mpsc::Sender<pb::TelemetryCommand>,
) {
    let (tx, rx) = mpsc::channel(4);
    tx.send(pb::TelemetryCommand {
        status: None,
        command: Some(Command::Settings(settings)),
    })
    .await
    .unwrap();
    let mut inbound = match c.rpc.telemetry(c.req(ReceiverStream::new(rx))).await {
        Ok(r) => r.into_inner(),
        Err(e) => return (Err(e), tx),
    };
    let first = tokio::time::timeout(Duration::from_secs(10), inbound.message())
        .await
        .expect("a reply");
    (first.map(|m| m.expect("a command")), tx)
}

fn settings_of(reply: &pb::TelemetryCommand) -> &pb::Settings {
    match reply.command.as_ref() {
        Some(Command::Settings(s)) => s,
        other => panic!("expected settings, got {other:?}"),
    }
}

#[tokio::test]
async fn producer_settings_reply_is_complete() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    let settings = pb::Settings {
        client_type: Some(pb::ClientType::Producer as i32),
        access_point: Some(c.endpoints()),
        request_timeout: Some(apogee_e2e::client::duration(Duration::from_secs(3))),
        pub_sub: Some(pb::settings::PubSub::Publishing(pb::Publishing {
            topics: vec![resource(&topic).unwrap()],
            max_body_size: 0,
            validate_message_type: true,
        })),
        ..Default::default()
    };
    let (reply, _keep) = handshake(&mut c, settings).await;
    let reply = reply.unwrap();
    assert_eq!(
        code(&reply.status),
        pb::Code::Ok,
        "Python ignores replies without OK"
    );
    let s = settings_of(&reply);
    let Some(pb::settings::PubSub::Publishing(p)) = &s.pub_sub else {
        panic!("publishing")
    };
    assert_eq!(p.max_body_size, 4 * 1024 * 1024);
    assert!(p.validate_message_type);
    assert_eq!(p.topics[0].name, topic);
    let policy = s.backoff_policy.as_ref().unwrap();
    assert!(policy.max_attempts > 0);
    assert!(
        matches!(
            policy.strategy,
            Some(pb::retry_policy::Strategy::ExponentialBackoff(_))
        ),
        "Java and Node assert exponential"
    );
    assert!(!s.metric.as_ref().unwrap().on);
}

#[tokio::test]
async fn push_consumer_settings_reply_is_complete() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    let settings = pb::Settings {
        client_type: Some(pb::ClientType::PushConsumer as i32),
        access_point: Some(c.endpoints()),
        pub_sub: Some(pb::settings::PubSub::Subscription(pb::Subscription {
            group: resource(&group),
            subscriptions: vec![pb::SubscriptionEntry {
                topic: resource(&topic),
                expression: Some(pb::FilterExpression {
                    r#type: pb::FilterType::Tag as i32,
                    expression: "*".into(),
                }),
            }],
            ..Default::default()
        })),
        ..Default::default()
    };
    let (reply, _keep) = handshake(&mut c, settings).await;
    let reply = reply.unwrap();
    assert_eq!(code(&reply.status), pb::Code::Ok);
    let s = settings_of(&reply);
    let Some(pb::settings::PubSub::Subscription(sub)) = &s.pub_sub else {
        panic!("subscription")
    };
    assert_eq!(sub.fifo, Some(false));
    assert!(sub.receive_batch_size.unwrap() > 0);
    let poll = sub.long_polling_timeout.unwrap();
    assert!(
        poll.seconds > 0 && poll.nanos == 0,
        "whole seconds for Python"
    );
    let policy = s.backoff_policy.as_ref().unwrap();
    assert_eq!(policy.max_attempts, 17);
    let Some(pb::retry_policy::Strategy::CustomizedBackoff(b)) = &policy.strategy else {
        panic!("customized back-off")
    };
    assert_eq!(b.next.len(), 18);
    assert_eq!(b.next[0].seconds, 1);
    let metric = s.metric.as_ref().unwrap();
    assert!(
        metric.on,
        "metrics on keeps the Python PushConsumer reading its stream"
    );
    assert_eq!(
        metric.endpoints.as_ref().unwrap().addresses[0].port,
        server.addr.port() as i32
    );
    // The settings made the group known.
    let groups = c
        .admin
        .list_groups(apogee_proto::admin::v1::ListGroupsRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(groups.groups.iter().any(|g| g.name == group));
}

#[tokio::test]
async fn settings_without_pub_sub_fail_the_stream() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let settings = pb::Settings {
        client_type: Some(pb::ClientType::Producer as i32),
        ..Default::default()
    };
    let (reply, _keep) = handshake(&mut c, settings).await;
    assert_eq!(reply.unwrap_err().code(), tonic::Code::InvalidArgument);
}

#[tokio::test]
async fn telemetry_requires_a_client_id() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (tx, rx) = mpsc::channel::<pb::TelemetryCommand>(1);
    let err = c
        .rpc
        .telemetry(tonic::Request::new(ReceiverStream::new(rx)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::InvalidArgument);
    drop(tx);
}

#[tokio::test]
async fn heartbeat_and_termination_answer_ok() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    assert_eq!(
        code(&c.heartbeat("", pb::ClientType::Producer).await.status),
        pb::Code::Ok
    );
    let r = c
        .rpc
        .notify_client_termination(c.req(pb::NotifyClientTerminationRequest { group: None }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::Ok);
    let no_id = c
        .rpc
        .heartbeat(tonic::Request::new(pb::HeartbeatRequest {
            group: None,
            client_type: 1,
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&no_id.status), pb::Code::ClientIdRequired);
}
