//! A master's view of its slaves: who is connected, how far each has confirmed, and, in
//! `sync` replication, holding SEND_OK until a slave has the write (RocketMQ's "sync double
//! write"). The stream itself is served by the broker API; positions are the store's sequence
//! numbers (see `apogee_store::ReplicaBatch`).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::{Broker, BrokerError};

/// When a send is answered relative to the slaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplicationMode {
    /// As soon as the master stored it; slaves follow.
    #[default]
    Async,
    /// Only once a slave confirmed it (or refused with SLAVE_PERSISTENCE_TIMEOUT, or
    /// HA_NOT_AVAILABLE when no slave is connected).
    Sync,
}

/// One connected slave, as the master sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaveStatus {
    pub broker_id: u64,
    /// The master's last sequence number the slave confirmed.
    pub confirmed_seq: u64,
    /// The slave's next log offset (messages it holds).
    pub next_log_offset: u64,
    /// Bytes sent to it and not yet confirmed.
    pub unconfirmed_bytes: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Replicas {
    mode: OnceLock<(ReplicationMode, Duration)>,
    slaves: Mutex<BTreeMap<u64, SlaveStatus>>,
    /// The highest sequence number any connected slave confirmed.
    confirmed: watch::Sender<u64>,
}

/// A slave's registration; dropping it marks the slave gone.
#[derive(Debug)]
pub struct SlaveSession {
    broker: Arc<Broker>,
    broker_id: u64,
}

impl SlaveSession {
    /// The slave applied everything up to `seq` and holds `next_log_offset` messages.
    pub fn confirmed(&self, seq: u64, next_log_offset: u64) {
        let r = &self.broker.replicas;
        if let Some(s) = r.slaves.lock().get_mut(&self.broker_id) {
            s.confirmed_seq = s.confirmed_seq.max(seq);
            s.next_log_offset = next_log_offset;
        }
        r.confirmed.send_if_modified(|c| {
            let moved = seq > *c;
            *c = (*c).max(seq);
            moved
        });
    }

    /// Bytes sent and not yet confirmed (for the lag the master reports).
    pub fn set_unconfirmed_bytes(&self, bytes: u64) {
        if let Some(s) = self.broker.replicas.slaves.lock().get_mut(&self.broker_id) {
            s.unconfirmed_bytes = bytes;
        }
    }
}

impl Drop for SlaveSession {
    fn drop(&mut self) {
        self.broker.replicas.slaves.lock().remove(&self.broker_id);
        tracing::warn!(slave = self.broker_id, "A slave disconnected.");
    }
}

impl Broker {
    /// Sets how sends wait for slaves (once, at start; `timeout` bounds each wait).
    pub fn set_replication(&self, mode: ReplicationMode, timeout: Duration) {
        let _ = self.replicas.mode.set((mode, timeout));
    }

    pub fn replication_mode(&self) -> ReplicationMode {
        self.replicas
            .mode
            .get()
            .map_or(ReplicationMode::Async, |(m, _)| *m)
    }

    /// A slave connected, having applied up to `applied_seq` and holding `next_log_offset`
    /// messages. One session per broker id: a reconnecting slave replaces its old session.
    pub fn slave_connected(
        self: &Arc<Self>,
        broker_id: u64,
        applied_seq: u64,
        next_log_offset: u64,
    ) -> SlaveSession {
        self.replicas.slaves.lock().insert(
            broker_id,
            SlaveStatus {
                broker_id,
                confirmed_seq: applied_seq,
                next_log_offset,
                unconfirmed_bytes: 0,
            },
        );
        tracing::info!(slave = broker_id, applied_seq, "A slave connected.");
        let session = SlaveSession {
            broker: self.clone(),
            broker_id,
        };
        session.confirmed(applied_seq, next_log_offset);
        session
    }

    /// The connected slaves.
    pub fn slaves(&self) -> Vec<SlaveStatus> {
        self.replicas.slaves.lock().values().copied().collect()
    }

    /// In `sync` mode, waits until a slave confirmed everything this broker wrote so far.
    pub(crate) async fn await_replicated(&self) -> Result<(), BrokerError> {
        let Some((ReplicationMode::Sync, timeout)) = self.replicas.mode.get().copied() else {
            return Ok(());
        };
        if self.replicas.slaves.lock().is_empty() {
            return Err(BrokerError::SlaveNotAvailable);
        }
        let target = self.store.latest_seq()?;
        let mut confirmed = self.replicas.confirmed.subscribe();
        let reached = tokio::time::timeout(timeout, confirmed.wait_for(|c| *c >= target)).await;
        match reached {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(_)) => Err(BrokerError::ShuttingDown),
            Err(_) => Err(BrokerError::SlaveTimeout(timeout)),
        }
    }
}
