//! Connected clients, keyed by the `x-mq-client-id` header: their last Settings and the sender
//! half of their Telemetry stream, so the server can push commands to a client later.

use std::collections::HashMap;

use apogee_proto::rocketmq::v2 as pb;
use parking_lot::RwLock;
use tokio::sync::mpsc;
use tonic::Status;
use tonic::metadata::MetadataMap;

/// Sender of server-to-client Telemetry commands.
pub type TelemetrySender = mpsc::Sender<Result<pb::TelemetryCommand, Status>>;

/// What the server knows about one client instance.
#[derive(Debug, Clone)]
pub struct ClientEntry {
    pub client_id: String,
    pub settings: pb::Settings,
    pub telemetry: Option<TelemetrySender>,
    /// Identifies the Telemetry stream that registered `telemetry`, so an old stream ending
    /// does not unregister a newer one.
    pub stream_id: u64,
    /// Ends that stream from the server side (the client said goodbye).
    pub stream_stop: Option<tokio_util::sync::CancellationToken>,
    /// Where the client connects from (its Telemetry stream's peer).
    pub address: Option<std::net::SocketAddr>,
    /// When its current Telemetry stream registered (ms since the Unix epoch).
    pub connected_ms: i64,
}

impl ClientEntry {
    pub fn client_type(&self) -> pb::ClientType {
        self.settings
            .client_type
            .and_then(|t| pb::ClientType::try_from(t).ok())
            .unwrap_or_default()
    }
}

#[derive(Debug, Default)]
pub struct Clients {
    by_id: RwLock<HashMap<String, ClientEntry>>,
}

impl Clients {
    /// Records a client's Settings and, when given, its Telemetry stream.
    pub fn upsert(
        &self,
        client_id: &str,
        settings: pb::Settings,
        telemetry: Option<(u64, TelemetrySender, tokio_util::sync::CancellationToken)>,
    ) {
        let mut map = self.by_id.write();
        let entry = map
            .entry(client_id.to_owned())
            .or_insert_with(|| ClientEntry {
                client_id: client_id.to_owned(),
                settings: settings.clone(),
                telemetry: None,
                stream_id: 0,
                stream_stop: None,
                address: None,
                connected_ms: 0,
            });
        entry.settings = settings;
        if let Some((stream_id, tx, stop)) = telemetry {
            if entry.stream_id != stream_id {
                entry.connected_ms = now_ms();
            }
            entry.telemetry = Some(tx);
            entry.stream_id = stream_id;
            entry.stream_stop = Some(stop);
        }
    }

    /// Records where a client connects from (its Telemetry stream's peer address).
    pub fn set_address(&self, client_id: &str, address: std::net::SocketAddr) {
        if let Some(e) = self.by_id.write().get_mut(client_id) {
            e.address = Some(address);
        }
    }

    /// Every client known now.
    pub fn all(&self) -> Vec<ClientEntry> {
        self.by_id.read().values().cloned().collect()
    }

    pub fn get(&self, client_id: &str) -> Option<ClientEntry> {
        self.by_id.read().get(client_id).cloned()
    }

    /// Forgets a client whose Telemetry stream `stream_id` ended, unless a newer stream took over.
    pub fn stream_ended(&self, client_id: &str, stream_id: u64) {
        let mut map = self.by_id.write();
        if map.get(client_id).is_some_and(|e| e.stream_id == stream_id) {
            map.remove(client_id);
        }
    }

    /// Telemetry streams of producers that declared `topic` in their settings.
    pub fn producers_of(&self, topic: &str) -> Vec<TelemetrySender> {
        self.by_id
            .read()
            .values()
            .filter(|e| e.client_type() == pb::ClientType::Producer)
            .filter(|e| match &e.settings.pub_sub {
                Some(pb::settings::PubSub::Publishing(p)) => {
                    p.topics.iter().any(|t| t.name == topic)
                }
                _ => false,
            })
            .filter_map(|e| e.telemetry.clone())
            .collect()
    }

    /// Forgets a client and ends its Telemetry stream; false if it was unknown.
    pub fn remove(&self, client_id: &str) -> bool {
        match self.by_id.write().remove(client_id) {
            Some(e) => {
                if let Some(stop) = e.stream_stop {
                    stop.cancel();
                }
                true
            }
            None => false,
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.read().is_empty()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The `x-mq-client-id` header (the first value: Go may repeat headers on retries).
pub fn client_id(metadata: &MetadataMap) -> Option<String> {
    metadata
        .get("x-mq-client-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Time left before the client's `grpc-timeout`, if it sent one.
pub fn grpc_timeout(metadata: &MetadataMap) -> Option<std::time::Duration> {
    let raw = metadata.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = raw.split_at(raw.len().checked_sub(1)?);
    let n: u64 = digits.parse().ok()?;
    use std::time::Duration;
    Some(match unit {
        "H" => Duration::from_secs(n.saturating_mul(3600)),
        "M" => Duration::from_secs(n.saturating_mul(60)),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_grpc_timeout() {
        let mut m = MetadataMap::new();
        m.insert("grpc-timeout", "23S".parse().unwrap());
        assert_eq!(grpc_timeout(&m), Some(std::time::Duration::from_secs(23)));
        m.insert("grpc-timeout", "1500m".parse().unwrap());
        assert_eq!(
            grpc_timeout(&m),
            Some(std::time::Duration::from_millis(1500))
        );
        m.insert("grpc-timeout", "x".parse().unwrap());
        assert_eq!(grpc_timeout(&m), None);
    }

    #[test]
    fn stream_end_keeps_newer_stream() {
        let clients = Clients::default();
        let (tx1, _rx1) = mpsc::channel(1);
        let (tx2, _rx2) = mpsc::channel(1);
        let stop = tokio_util::sync::CancellationToken::new();
        clients.upsert("c", pb::Settings::default(), Some((1, tx1, stop.clone())));
        clients.upsert("c", pb::Settings::default(), Some((2, tx2, stop)));
        clients.stream_ended("c", 1);
        assert!(clients.get("c").is_some());
        clients.stream_ended("c", 2);
        assert!(clients.get("c").is_none());
    }
}
