//! The tower layer around every service: calls beyond `server.max_concurrent_requests` are
//! refused at once with RESOURCE_EXHAUSTED (never queued), a call past
//! `server.request_timeout` is answered DEADLINE_EXCEEDED, and health checks pass through.

use std::time::{Duration, Instant};

use apogee_e2e::client::{TestClient, duration, queue, resource};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

/// A receive on an empty topic that waits `poll`, as a raw call: its outcome, not a panic.
async fn waiting_receive(
    c: &TestClient,
    group: &str,
    topic: &str,
    poll: Duration,
) -> Result<(), tonic::Status> {
    let mut rpc = pb::messaging_service_client::MessagingServiceClient::new(c.channel.clone());
    let mut r = c.req(pb::ReceiveMessageRequest {
        group: resource(group),
        message_queue: queue(topic, 0),
        filter_expression: None,
        batch_size: 1,
        invisible_duration: Some(duration(Duration::from_secs(30))),
        auto_renew: false,
        long_polling_timeout: Some(duration(poll)),
        attempt_id: None,
    });
    r.set_timeout(poll + Duration::from_secs(10));
    let mut stream = rpc.receive_message(r).await?.into_inner();
    while stream.message().await?.is_some() {}
    Ok(())
}

async fn empty_topic(c: &mut TestClient) -> String {
    let topic = unique("limits");
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    topic
}

#[tokio::test]
async fn calls_beyond_the_bound_are_refused_at_once_and_health_still_answers() {
    let server = TestServer::start_with(|c| c.server.max_concurrent_requests = 1).await;
    let mut c = server.client().await;
    let topic = empty_topic(&mut c).await;
    let group = unique("limitsg");
    // One receive holds the only slot while it waits (it tries again if the probe held the
    // slot at that moment: that refusal is the behaviour under test too).
    let holder = async {
        loop {
            match waiting_receive(&c, &group, &topic, Duration::from_secs(3)).await {
                Err(s) if s.code() == tonic::Code::ResourceExhausted => {
                    tokio::task::yield_now().await
                }
                other => return other,
            }
        }
    };
    let probe = async {
        let mut admin = c.admin.clone();
        let mut health = HealthClient::new(c.channel.clone());
        let started = Instant::now();
        loop {
            // Until the holder has its slot, the probe itself gets through.
            match admin.list_topics(admin::ListTopicsRequest::default()).await {
                Err(s) => {
                    let elapsed = started.elapsed();
                    let check = health.check(HealthCheckRequest::default()).await;
                    return (s, elapsed, check.is_ok());
                }
                Ok(_) => {
                    assert!(started.elapsed() < Duration::from_secs(3), "never refused");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
        }
    };
    let (held, (refusal, _, health_ok)) = tokio::join!(holder, probe);
    assert!(held.is_ok(), "{held:?}");
    assert_eq!(
        refusal.code(),
        tonic::Code::ResourceExhausted,
        "{refusal:?}"
    );
    assert!(
        refusal.message().contains("max_concurrent_requests"),
        "{refusal:?}"
    );
    assert!(health_ok, "health checks are not bounded");
    // The slot is free again.
    c.admin
        .list_topics(admin::ListTopicsRequest::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_call_past_the_request_timeout_is_answered_deadline_exceeded() {
    let server =
        TestServer::start_with(|c| c.server.request_timeout = Duration::from_millis(500)).await;
    let mut c = server.client().await;
    let topic = empty_topic(&mut c).await;
    let started = Instant::now();
    let r = waiting_receive(&c, &unique("slowg"), &topic, Duration::from_secs(20)).await;
    let err = r.unwrap_err();
    assert_eq!(err.code(), tonic::Code::DeadlineExceeded, "{err:?}");
    assert!(err.message().contains("server.request_timeout"), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}
