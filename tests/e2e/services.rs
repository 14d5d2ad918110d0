//! The services every server exposes beside MessagingService: health, reflection (so grpcurl
//! works), the nameserver API, and OTLP metrics ingest.

use apogee_e2e::TestServer;
use apogee_proto::nameserver::v1 as ns;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

#[tokio::test]
async fn health_reports_serving() {
    let server = TestServer::start().await;
    let c = server.client().await;
    let mut health = HealthClient::new(c.channel.clone());
    let overall = health
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(overall.status, ServingStatus::Serving as i32);
    let messaging = health
        .check(HealthCheckRequest {
            service: "apache.rocketmq.v2.MessagingService".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(messaging.status, ServingStatus::Serving as i32);
}

#[tokio::test]
async fn reflection_lists_every_service() {
    let server = TestServer::start().await;
    let c = server.client().await;
    let mut reflection = ServerReflectionClient::new(c.channel.clone());
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let reply = responses.message().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = reply.message_response else {
        panic!("list services")
    };
    let names: Vec<_> = list.service.iter().map(|s| s.name.as_str()).collect();
    for expected in [
        "apache.rocketmq.v2.MessagingService",
        "apogee.admin.v1.Admin",
        "apogee.nameserver.v1.NameServer",
        "apogee.broker.v1.Broker",
        "grpc.health.v1.Health",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    // grpcurl resolves a symbol to its file descriptor: that must work too.
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::FileContainingSymbol(
            "apogee.admin.v1.Admin".into(),
        )),
    };
    let mut responses = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let reply = responses.message().await.unwrap().unwrap();
    assert!(matches!(
        reply.message_response,
        Some(MessageResponse::FileDescriptorResponse(_))
    ));
}

#[tokio::test]
async fn nameserver_registers_routes_and_lists_brokers() {
    let server = TestServer::start().await;
    let c = server.client().await;
    let mut nameserver = ns::name_server_client::NameServerClient::new(c.channel.clone());
    let broker = ns::BrokerInfo {
        name: "broker-x".into(),
        cluster: "c1".into(),
        client_endpoint: "10.0.0.7:8081".into(),
        broker_id: 0,
        topics: vec![ns::TopicEntry {
            name: "orders".into(),
            queues: 4,
            message_types: vec!["normal".into()],
        }],
        ..Default::default()
    };
    let reg = nameserver
        .register_broker(ns::RegisterBrokerRequest {
            broker: Some(broker),
            ttl_ms: 60_000,
        })
        .await
        .unwrap()
        .into_inner();
    assert!(reg.expires_at_ms > 0);
    let route = nameserver
        .get_route(ns::GetRouteRequest {
            topic: "orders".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(route.brokers.len(), 1);
    assert_eq!(route.brokers[0].client_endpoint, "10.0.0.7:8081");
    assert_eq!(route.brokers[0].queues, 4);
    let cluster = nameserver
        .get_cluster_info(ns::GetClusterInfoRequest {})
        .await
        .unwrap()
        .into_inner();
    let x = cluster
        .brokers
        .iter()
        .find(|m| m.broker.as_ref().is_some_and(|b| b.name == "broker-x"))
        .expect("broker-x in the cluster info");
    assert_eq!(x.role, "master");
    assert!(x.last_heartbeat_ms > 0 && x.expires_at_ms >= x.last_heartbeat_ms + 59_000);
    assert!(cluster.broker_timeout_ms > 0);
    let missing = nameserver
        .get_route(ns::GetRouteRequest {
            topic: "nope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound);
    let bad = nameserver
        .register_broker(ns::RegisterBrokerRequest {
            broker: None,
            ttl_ms: 0,
        })
        .await
        .unwrap_err();
    assert_eq!(bad.code(), tonic::Code::InvalidArgument);
    nameserver
        .unregister_broker(ns::UnregisterBrokerRequest {
            name: "broker-x".into(),
            broker_id: 0,
        })
        .await
        .unwrap();
    let gone = nameserver
        .get_route(ns::GetRouteRequest {
            topic: "orders".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(gone.code(), tonic::Code::NotFound);
}

#[tokio::test]
async fn shutdown_does_not_wait_for_open_streams_or_long_polls() {
    use apogee_e2e::client::{duration, push_settings, queue, resource};
    use apogee_proto::rocketmq::v2 as pb;
    use std::time::Duration;
    let mut server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (apogee_e2e::unique("t"), apogee_e2e::unique("g"));
    c.query_route(&topic).await;
    // A client that keeps its Telemetry stream open, and a receive that would wait 30 s.
    let session = c.open_telemetry(push_settings(&c, &group, &topic)).await;
    let mut poller = c.clone();
    let req = pb::ReceiveMessageRequest {
        group: resource(&group),
        message_queue: queue(&topic, 0),
        batch_size: 1,
        invisible_duration: Some(duration(Duration::from_secs(30))),
        long_polling_timeout: Some(duration(Duration::from_secs(30))),
        ..Default::default()
    };
    let poll = tokio::spawn(async move {
        // Either answered empty at shutdown or cut off with the connection: both end it.
        if let Ok(r) = poller.rpc.receive_message(poller.req(req)).await {
            let mut stream = r.into_inner();
            while let Ok(Some(_)) = stream.message().await {}
        }
    });
    c.heartbeat(&group, pb::ClientType::PushConsumer).await;
    tokio::time::timeout(Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown finishes while clients stay connected");
    tokio::time::timeout(Duration::from_secs(10), poll)
        .await
        .expect("the receive ended")
        .unwrap();
    drop(session);
}
