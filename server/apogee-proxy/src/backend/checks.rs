//! Transaction check-backs in a cluster: the proxy subscribes to every broker's
//! `TransactionChecks` stream and hands each check to a producer connected to it, with the
//! transaction id naming the broker, so the producer's EndTransaction (through any proxy)
//! reaches the broker that asked.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use apogee_broker::TransactionCheck;
use apogee_proto::broker::v1 as bpb;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::cluster::{ClusterBackend, ROUTE_TTL};
use super::handles::wrap;
use crate::broker_api::convert;

/// Waited between attempts to open a broker's stream.
const RETRY: Duration = Duration::from_secs(1);

/// Keeps one check-back subscription per broker of the cluster until `cancel`.
pub async fn relay_checks(
    cluster: Arc<ClusterBackend>,
    deliver: Arc<dyn Fn(TransactionCheck) -> bool + Send + Sync>,
    cancel: CancellationToken,
) {
    let mut streams: HashMap<String, JoinHandle<()>> = HashMap::new();
    loop {
        if let Ok(members) = cluster.members().await {
            streams.retain(|name, task| members.contains_key(name) && !task.is_finished());
            for name in members.keys() {
                if !streams.contains_key(name) {
                    let task = tokio::spawn(follow(
                        cluster.clone(),
                        name.clone(),
                        deliver.clone(),
                        cancel.clone(),
                    ));
                    streams.insert(name.clone(), task);
                }
            }
        }
        tokio::select! {
            () = cancel.cancelled() => break,
            () = tokio::time::sleep(ROUTE_TTL) => {}
        }
    }
    for (_, task) in streams {
        let _ = task.await;
    }
}

/// One broker's stream, until it ends (the broker left or restarted) or `cancel`.
async fn follow(
    cluster: Arc<ClusterBackend>,
    broker: String,
    deliver: Arc<dyn Fn(TransactionCheck) -> bool + Send + Sync>,
    cancel: CancellationToken,
) {
    let opened = async {
        let mut client = cluster.broker(&broker).await.ok()?;
        client
            .transaction_checks(bpb::TransactionChecksRequest {})
            .await
            .ok()
    };
    let mut stream = tokio::select! {
        () = cancel.cancelled() => return,
        s = opened => match s {
            Some(s) => s.into_inner(),
            None => {
                // Ended here; the next round opens it again.
                tokio::select! {
                    () = cancel.cancelled() => {}
                    () = tokio::time::sleep(RETRY) => {}
                }
                return;
            }
        },
    };
    tracing::debug!(%broker, "Following the broker's transaction checks.");
    loop {
        let next = tokio::select! {
            () = cancel.cancelled() => return,
            next = stream.message() => next,
        };
        let Ok(Some(check)) = next else { return };
        let Ok(message) = convert::stored_from_pb(check.message.unwrap_or_default()) else {
            tracing::warn!(%broker, "A transaction check carried a message that did not decode.");
            continue;
        };
        deliver(TransactionCheck {
            topic: check.topic,
            transaction_id: wrap(&check.transaction_id, &broker),
            message,
        });
    }
}
