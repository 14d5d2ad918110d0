//! Client liveness, as far as consumption needs it: the server renews a push consumer's
//! deliveries only while that client is connected, and releases them for redelivery as soon as
//! it is known to be gone.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Duration;

use apogee_store::ViewKey;

use super::{FLAG_AUTO_RENEW, FLAG_NACKED, Inflight, Phase, client_hash};
use crate::{Broker, BrokerError};

/// A client not heard from (heartbeat, receive) for this long, with no Telemetry stream open,
/// counts as gone. Official clients heartbeat every 10 s (Rust: 30 s).
pub const CLIENT_TTL: Duration = Duration::from_secs(45);

/// What the broker knows of one client instance.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Presence {
    pub streams: u32,
    pub last_seen_ms: u64,
}

/// A client without a stream and not heard from for this long is forgotten altogether (it
/// counted as gone long before), so clients that come and go do not pile up.
pub const CLIENT_FORGET: Duration = Duration::from_secs(10 * 60);

impl Broker {
    /// A client made a call (heartbeat, receive).
    pub fn client_seen(&self, client_id: &str) {
        let now = self.now_ms();
        let mut clients = self.clients.lock();
        clients
            .entry(client_hash(client_id))
            .or_default()
            .last_seen_ms = now;
        self.forget_old_clients(&mut clients, now);
    }

    /// A client opened a Telemetry stream.
    pub fn client_stream_opened(&self, client_id: &str) {
        let now = self.now_ms();
        let mut clients = self.clients.lock();
        let p = clients.entry(client_hash(client_id)).or_default();
        p.streams += 1;
        p.last_seen_ms = now;
        self.forget_old_clients(&mut clients, now);
    }

    /// At most once per `CLIENT_TTL`: drops clients gone for longer than `CLIENT_FORGET`.
    fn forget_old_clients(&self, clients: &mut HashMap<u64, Presence>, now: u64) {
        let last = self.clients_pruned_ms.load(Ordering::Relaxed);
        if now.saturating_sub(last) < CLIENT_TTL.as_millis() as u64 {
            return;
        }
        self.clients_pruned_ms.store(now, Ordering::Relaxed);
        let forget = CLIENT_FORGET.as_millis() as u64;
        clients.retain(|_, p| p.streams > 0 || now.saturating_sub(p.last_seen_ms) < forget);
    }

    /// Clients the broker currently tracks (for tests and metrics).
    pub fn tracked_clients(&self) -> usize {
        self.clients.lock().len()
    }

    /// A client's Telemetry stream ended; when it was the last one the client is gone.
    pub async fn client_stream_closed(&self, client_id: &str) -> Result<(), BrokerError> {
        let hash = client_hash(client_id);
        let last = {
            let mut clients = self.clients.lock();
            match clients.get_mut(&hash) {
                Some(p) => {
                    p.streams = p.streams.saturating_sub(1);
                    p.streams == 0
                }
                None => false,
            }
        };
        if last {
            self.client_gone(client_id).await
        } else {
            Ok(())
        }
    }

    /// A client shut down (NotifyClientTermination) or lost its last stream: the deliveries the
    /// server was renewing for it become due at once, so other consumers get them.
    pub async fn client_gone(&self, client_id: &str) -> Result<(), BrokerError> {
        let hash = client_hash(client_id);
        self.clients.lock().remove(&hash);
        let now = self.now_ms();
        let mut ops = Vec::new();
        let mut released = 0usize;
        for group in self.groups.list() {
            let mut st = group.state.lock();
            for (instance, view) in st.views.iter_mut() {
                let key = ViewKey {
                    group_id: group.id,
                    instance: *instance,
                };
                let mine: Vec<_> = view
                    .inflight
                    .iter()
                    .filter(|(_, i)| matches!(i.phase, Phase::Delivered { client, flags, .. } if client == hash && flags & FLAG_AUTO_RENEW != 0))
                    .map(|(p, i)| (*p, *i))
                    .collect();
                for (pos, old) in mine {
                    let Phase::Delivered {
                        nonce,
                        client,
                        delivered_ms,
                        flags,
                        ..
                    } = old.phase
                    else {
                        continue;
                    };
                    let flags = (flags & !FLAG_AUTO_RENEW) | FLAG_NACKED;
                    let new = Inflight {
                        phase: Phase::Delivered {
                            deadline_ms: now,
                            nonce,
                            flags,
                            client,
                            delivered_ms,
                        },
                        ..old
                    };
                    view.insert(pos, new);
                    new.rewrite(&old, key, pos, &mut ops);
                    self.unindex_deadline(&old.key(key, pos));
                    self.index_deadline(new.key(key, pos));
                    released += 1;
                }
            }
        }
        if released > 0 {
            tracing::info!(%client_id, released, "Client gone; its deliveries are released.");
            self.store
                .submit(ops, false)
                .await
                .map_err(|_| BrokerError::ShuttingDown)??;
        }
        Ok(())
    }

    pub(crate) fn client_alive(&self, hash: u64) -> bool {
        let now = self.now_ms();
        self.clients.lock().get(&hash).is_some_and(|p| {
            p.streams > 0 || now.saturating_sub(p.last_seen_ms) < CLIENT_TTL.as_millis() as u64
        })
    }
}
