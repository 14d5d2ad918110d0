//! Transactional messages: a half message is stored but invisible until its producer commits
//! (it enters its queue) or rolls back (it is dropped). An unresolved one is checked back: a
//! live producer of the topic (any instance) is asked to decide, every check interval, up to
//! the maximum number of checks, after which the transaction is rolled back and logged.
//! Pending transactions are kept in the store and survive restarts.

use std::sync::Arc;
use std::time::Duration;

use apogee_store::{TxnValue, WriteOp};
use apogee_types::{StoredMessage, TopicName};
use tokio_util::sync::CancellationToken;

use crate::{Broker, BrokerError};

/// A check-back the server wants a producer to answer.
#[derive(Debug, Clone)]
pub struct TransactionCheck {
    pub topic: String,
    pub transaction_id: String,
    pub message: StoredMessage,
}

/// Delivers check-backs to producers; returns whether one was reached. The proxy provides it
/// (it owns the Telemetry streams).
pub type TransactionChecker = Box<dyn Fn(TransactionCheck) -> bool + Send + Sync>;

/// Where the checker is registered (once, by the server).
#[derive(Default)]
pub(crate) struct CheckerSlot(std::sync::OnceLock<TransactionChecker>);

impl std::fmt::Debug for CheckerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "CheckerSlot(set)"
        } else {
            "CheckerSlot(unset)"
        })
    }
}

/// How a producer resolves a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Commit,
    Rollback,
}

impl Broker {
    /// Registers who delivers check-backs.
    pub fn set_transaction_checker(&self, checker: TransactionChecker) {
        let _ = self.txn_checker.0.set(checker);
    }

    pub(crate) fn restore_transactions(&self) -> Result<(), BrokerError> {
        let pending = self.store.load_transactions()?;
        let n = pending.len();
        self.pending_txns.lock().extend(pending);
        if n > 0 {
            tracing::info!(pending = n, "Pending transactions restored.");
        }
        Ok(())
    }

    /// A half message was stored; start watching it.
    pub(crate) fn half_stored(&self, transaction_id: &str) {
        match self.store.transaction(transaction_id) {
            Ok(Some(v)) => {
                self.pending_txns
                    .lock()
                    .insert(transaction_id.to_owned(), v);
                self.txn_added.notify_one();
            }
            Ok(None) => {
                tracing::error!(%transaction_id, "A stored half message has no transaction record.")
            }
            Err(e) => {
                tracing::error!(%transaction_id, error = %e, "Reading a new transaction failed.")
            }
        }
    }

    /// Commits or rolls back a half message.
    pub async fn end_transaction(
        &self,
        topic: &TopicName,
        transaction_id: &str,
        resolution: Resolution,
    ) -> Result<(), BrokerError> {
        if transaction_id.trim().is_empty() {
            return Err(BrokerError::InvalidTransaction(
                "the transaction id is empty".into(),
            ));
        }
        let meta = self
            .topic(topic.as_str())
            .ok_or_else(|| BrokerError::TopicNotFound(topic.as_str().to_owned()))?;
        let value = {
            let mut pending = self.pending_txns.lock();
            match pending.get(transaction_id) {
                None => {
                    return Err(BrokerError::InvalidTransaction(format!(
                        "transaction {transaction_id} is unknown, or was already committed or rolled back"
                    )));
                }
                Some(v) if v.topic_id != meta.id => {
                    return Err(BrokerError::InvalidTransaction(format!(
                        "transaction {transaction_id} belongs to another topic"
                    )));
                }
                Some(_) => pending
                    .remove(transaction_id)
                    .ok_or(BrokerError::ShuttingDown)?,
            }
        };
        let mut ops = vec![WriteOp::DeleteTxn {
            transaction_id: transaction_id.to_owned(),
        }];
        if resolution == Resolution::Rollback {
            ops.push(WriteOp::Unpin {
                log_offset: value.entry.log_offset,
            });
        }
        if resolution == Resolution::Commit {
            ops.push(WriteOp::Link {
                topic_id: value.topic_id,
                queue_id: value.queue_id,
                entry: apogee_store::CqEntry {
                    store_time_ms: self.now_ms(),
                    ..value.entry
                },
            });
        }
        if let Err(e) = self
            .store
            .submit(ops, true)
            .await
            .map_err(|_| BrokerError::ShuttingDown)
            .and_then(|r| r.map_err(BrokerError::from))
        {
            // Not written: the transaction is still pending.
            self.pending_txns
                .lock()
                .insert(transaction_id.to_owned(), value);
            return Err(e);
        }
        crate::metrics::record_transaction(topic.as_str(), resolution == Resolution::Commit);
        tracing::debug!(%topic, %transaction_id, ?resolution, "Transaction ended.");
        Ok(())
    }

    /// Runs until `cancel` fires: sends check-backs for overdue transactions. The server owns
    /// the task.
    pub async fn run_transaction_checks(self: Arc<Self>, cancel: CancellationToken) {
        loop {
            let next = self
                .pending_txns
                .lock()
                .values()
                .map(|v| v.next_check_ms)
                .min();
            let now = self.now_ms();
            match next {
                Some(at) if at <= now => {
                    if let Err(e) = self.check_due(now).await {
                        tracing::error!(error = %e, "Transaction check-backs failed; retrying.");
                        tokio::select! {
                            () = cancel.cancelled() => return,
                            () = tokio::time::sleep(Duration::from_secs(1)) => {}
                        }
                    }
                }
                Some(at) => {
                    let when = self.clock.instant_at(i64::try_from(at).unwrap_or(i64::MAX));
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = tokio::time::sleep_until(when) => {}
                        () = self.txn_added.notified() => {}
                    }
                }
                None => {
                    tokio::select! {
                        () = cancel.cancelled() => return,
                        () = self.txn_added.notified() => {}
                    }
                }
            }
        }
    }

    /// One pass over overdue transactions: check back, or give up past the maximum.
    pub(crate) async fn check_due(&self, now: u64) -> Result<(), BrokerError> {
        let interval =
            u64::try_from(self.config.transaction_check_interval.as_millis()).unwrap_or(60_000);
        let mut checks = Vec::new();
        let mut ops = Vec::new();
        {
            let mut pending = self.pending_txns.lock();
            let due: Vec<String> = pending
                .iter()
                .filter(|(_, v)| v.next_check_ms <= now)
                .map(|(k, _)| k.clone())
                .collect();
            for id in due {
                let Some(v) = pending.get(&id).copied() else {
                    continue;
                };
                if v.checks >= self.config.transaction_max_checks {
                    pending.remove(&id);
                    ops.push(WriteOp::DeleteTxn {
                        transaction_id: id.clone(),
                    });
                    ops.push(WriteOp::Unpin {
                        log_offset: v.entry.log_offset,
                    });
                    tracing::warn!(transaction_id = %id, checks = v.checks, "Transaction unresolved after its check-backs; rolled back.");
                    continue;
                }
                let next = TxnValue {
                    checks: v.checks + 1,
                    next_check_ms: now + interval,
                    ..v
                };
                pending.insert(id.clone(), next);
                ops.push(WriteOp::PutTxn {
                    transaction_id: id.clone(),
                    value: next,
                });
                checks.push((id, v));
            }
        }
        if !ops.is_empty() {
            self.store
                .submit(ops, false)
                .await
                .map_err(|_| BrokerError::ShuttingDown)??;
        }
        for (id, v) in checks {
            let Some(message) = self
                .store
                .read_messages(&[v.entry.log_offset])?
                .pop()
                .flatten()
            else {
                continue;
            };
            let Some(topic) = self.topic_by_id(v.topic_id) else {
                continue;
            };
            let check = TransactionCheck {
                topic: topic.name.as_str().to_owned(),
                transaction_id: id.clone(),
                message,
            };
            let reached = self.txn_checker.0.get().is_some_and(|c| c(check));
            tracing::info!(transaction_id = %id, check = v.checks + 1, reached, "Transaction check-back sent.");
        }
        Ok(())
    }

    /// Whether a transaction is still pending.
    pub fn transaction_pending(&self, transaction_id: &str) -> bool {
        self.pending_txns.lock().contains_key(transaction_id)
    }
}
