//! `grpc.health.v1` follows the proxy's state: NOT_SERVING while no nameserver answers.
//! (The store side, a failing writer, is in the e2e disk-full tests.)

use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

use crate::PATIENCE;
use crate::processes::{broker, eventually, nameserver, proxy};

async fn status(addr: std::net::SocketAddr, service: &str) -> Option<ServingStatus> {
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .ok()?
        .connect()
        .await
        .ok()?;
    let mut c = HealthClient::new(channel);
    let r = c
        .check(HealthCheckRequest {
            service: service.into(),
        })
        .await
        .ok()?;
    ServingStatus::try_from(r.into_inner().status).ok()
}

#[tokio::test]
async fn a_proxy_is_not_serving_while_no_nameserver_answers() {
    let mut ns = nameserver("10s").await;
    let dir = tempfile::tempdir().unwrap();
    let _b = broker("health-b", &[&ns], dir.path(), "200ms").await;
    let p = proxy(&[&ns]).await;
    for service in ["", "apache.rocketmq.v2.MessagingService"] {
        eventually("the proxy serving", PATIENCE, || async move {
            status(p.addr, service).await == Some(ServingStatus::Serving)
        })
        .await;
    }
    ns.kill();
    eventually("the proxy not serving", PATIENCE, || async move {
        status(p.addr, "").await == Some(ServingStatus::NotServing)
    })
    .await;
    assert_eq!(
        status(p.addr, "apache.rocketmq.v2.MessagingService").await,
        Some(ServingStatus::NotServing)
    );
}
