//! `grpc.health.v1` that follows the server's real state: NOT_SERVING while the store refuses
//! writes (disk full, an I/O error being recovered from), once shutdown begins, and for a
//! proxy while no nameserver answers. Kubernetes probes and load balancers read it.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;

/// How often the state is looked at.
const EVERY: Duration = Duration::from_millis(500);

/// The services whose status is reported: the whole server (`""`, what probes ask by
/// default) and the client API.
const SERVICES: &[&str] = &["", "apache.rocketmq.v2.MessagingService"];

/// Sets every reported service to `status`.
pub async fn set_all(reporter: &HealthReporter, status: ServingStatus) {
    for s in SERVICES {
        reporter.set_service_status(*s, status).await;
    }
}

/// Re-evaluates `problem` (a reason when the server should not get traffic) until `stop`,
/// reporting each change; at `stop` the server is NOT_SERVING for good.
pub async fn watch<F, Fut>(reporter: HealthReporter, problem: F, stop: CancellationToken)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Option<String>>,
{
    let mut last: Option<Option<String>> = None;
    loop {
        let now = problem().await;
        if last.as_ref() != Some(&now) {
            match &now {
                None => {
                    if last.is_some() {
                        tracing::info!("Health: SERVING again.");
                    }
                    set_all(&reporter, ServingStatus::Serving).await;
                }
                Some(reason) => {
                    tracing::warn!(%reason, "Health: NOT_SERVING.");
                    set_all(&reporter, ServingStatus::NotServing).await;
                }
            }
            last = Some(now);
        }
        tokio::select! {
            () = stop.cancelled() => break,
            () = tokio::time::sleep(EVERY) => {}
        }
    }
    set_all(&reporter, ServingStatus::NotServing).await;
}

/// The store's reason to refuse traffic, if any.
pub fn store_problem(store: &apogee_store::Store) -> Option<String> {
    match store.health() {
        apogee_store::StoreHealth::Healthy => store
            .below_free_reserve()
            .map(|d| format!("disk full: {d}; sends are refused")),
        apogee_store::StoreHealth::DiskFull { detail } => Some(format!("disk full: {detail}")),
        apogee_store::StoreHealth::Recovering { detail } => {
            Some(format!("store writer failed: {detail}"))
        }
    }
}
