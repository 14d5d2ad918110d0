//! Delivering transaction check-backs: the broker asks, the proxy picks a producer that
//! publishes the topic and has a Telemetry stream open (any instance, rotating, not only the
//! sender), and pushes `RecoverOrphanedTransactionCommand` to it. The producer answers with
//! EndTransaction.

use std::sync::atomic::{AtomicUsize, Ordering};

use apogee_broker::TransactionCheck;
use apogee_proto::rocketmq::v2 as pb;

use crate::convert::stored_to_pb;
use crate::{Proxy, status};

/// Rotates among producers so check-backs are spread.
static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Proxy {
    /// Sends one check-back; returns whether a producer was reached.
    /// Whether a producer of `topic` is connected here.
    pub fn has_producers_of(&self, topic: &str) -> bool {
        !self.clients.producers_of(topic).is_empty()
    }

    pub fn send_transaction_check(&self, check: TransactionCheck) -> bool {
        let producers = self.clients.producers_of(&check.topic);
        if producers.is_empty() {
            tracing::warn!(topic = %check.topic, transaction_id = %check.transaction_id, "No connected producer of the topic to check a transaction with.");
            return false;
        }
        let message = stored_to_pb(check.message, &self.store_host, &check.topic);
        let command = pb::TelemetryCommand {
            status: status::ok(),
            command: Some(
                pb::telemetry_command::Command::RecoverOrphanedTransactionCommand(
                    pb::RecoverOrphanedTransactionCommand {
                        message: Some(message),
                        transaction_id: check.transaction_id,
                    },
                ),
            ),
        };
        let start = NEXT.fetch_add(1, Ordering::Relaxed);
        // Try each producer once, starting from the rotating one, until one takes it.
        (0..producers.len()).any(|i| {
            producers[(start + i) % producers.len()]
                .try_send(Ok(command.clone()))
                .is_ok()
        })
    }
}
