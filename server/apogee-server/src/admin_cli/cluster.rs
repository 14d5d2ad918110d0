//! `apogee admin cluster list`: the brokers a nameserver knows (ask `apogee nameserver`, or
//! `apogee standalone`, which embeds one), over `apogee.nameserver.v1`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apogee_proto::nameserver::v1 as ns;
use ns::name_server_client::NameServerClient;
use serde_json::json;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use super::{CliError, Signer};

pub(super) type Client = NameServerClient<InterceptedService<Channel, Signer>>;

#[derive(Debug, clap::Subcommand)]
pub enum ClusterCommand {
    /// Brokers with cluster, name, id, role, address, topics, replication lag and last
    /// heartbeat, and whether each nameserver answers.
    List {
        /// More nameservers to ask (HOST:PORT, comma-separated) beside --endpoint; each is
        /// listed with the brokers it knows, so a nameserver that lost its table shows.
        #[arg(long, value_delimiter = ',')]
        nameservers: Vec<String>,
    },
}

/// One nameserver's answer: how many brokers it lists, or why it did not answer.
async fn ask_nameserver(address: &str) -> Result<usize, String> {
    let uri = if address.contains("://") {
        address.to_owned()
    } else {
        format!("http://{address}")
    };
    let channel = tonic::transport::Endpoint::from_shared(uri)
        .map_err(|e| e.to_string())?
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(3))
        .connect()
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let info = NameServerClient::new(channel)
        .get_cluster_info(ns::GetClusterInfoRequest {})
        .await
        .map_err(|s| s.message().to_owned())?;
    Ok(info.into_inner().brokers.len())
}

/// How long ago an epoch-milliseconds time was, as people read it ("1.2s ago").
fn ago(ms: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let d = Duration::from_millis(u64::try_from(now.saturating_sub(ms)).unwrap_or(0));
    format!("{:.1}s ago", d.as_secs_f64())
}

pub(super) async fn cluster(
    client: &mut Client,
    endpoint: &str,
    cmd: ClusterCommand,
    as_json: bool,
) -> Result<String, CliError> {
    match cmd {
        ClusterCommand::List { nameservers } => {
            let info = client
                .get_cluster_info(ns::GetClusterInfoRequest {})
                .await?
                .into_inner();
            let mut others = Vec::new();
            for n in nameservers.iter().filter(|n| n.as_str() != endpoint) {
                others.push((n.clone(), ask_nameserver(n).await));
            }
            let nameserver_rows: Vec<(String, Result<usize, String>)> =
                std::iter::once((endpoint.to_owned(), Ok(info.brokers.len())))
                    .chain(others)
                    .collect();
            if as_json {
                let brokers: Vec<_> = info
                    .brokers
                    .iter()
                    .map(|m| {
                        let b = m.broker.clone().unwrap_or_default();
                        json!({
                            "cluster": b.cluster, "name": b.name, "broker_id": b.broker_id,
                            "role": m.role, "endpoint": b.client_endpoint,
                            "topics": b.topics.iter().map(|t| &t.name).collect::<Vec<_>>(),
                            "last_heartbeat_ms": m.last_heartbeat_ms,
                            "expires_at_ms": m.expires_at_ms,
                            "messages": b.next_log_offset,
                            "lag_messages": m.lag_messages, "lag_bytes": m.lag_bytes,
                        })
                    })
                    .collect();
                let nameservers: Vec<_> = nameserver_rows
                    .iter()
                    .map(|(address, answer)| match answer {
                        Ok(n) => json!({"address": address, "answers": true, "brokers": n}),
                        Err(e) => json!({"address": address, "answers": false, "error": e}),
                    })
                    .collect();
                return Ok(serde_json::to_string_pretty(&json!({
                    "broker_timeout_ms": info.broker_timeout_ms,
                    "brokers": brokers,
                    "nameservers": nameservers,
                }))?);
            }
            let mut out = String::from(
                "CLUSTER          BROKER           ID  ROLE    ENDPOINT               TOPICS  MESSAGES    LAG (MSGS/BYTES)  LAST HEARTBEAT\n",
            );
            for m in &info.brokers {
                let b = m.broker.clone().unwrap_or_default();
                let lag = match (m.lag_messages, m.lag_bytes) {
                    (Some(msgs), Some(bytes)) => format!("{msgs}/{bytes}"),
                    (Some(msgs), None) => format!("{msgs}/-"),
                    _ => "-".to_owned(),
                };
                out.push_str(&format!(
                    "{:<16} {:<16} {:<3} {:<7} {:<22} {:<7} {:<11} {:<17} {}\n",
                    b.cluster,
                    b.name,
                    b.broker_id,
                    m.role,
                    b.client_endpoint,
                    b.topics.len(),
                    b.next_log_offset,
                    lag,
                    ago(m.last_heartbeat_ms)
                ));
            }
            if info.brokers.is_empty() {
                out.push_str("(no live broker)\n");
            }
            out.push_str("\nNAMESERVER                     STATUS\n");
            for (address, answer) in &nameserver_rows {
                let status = match answer {
                    Ok(n) => format!("answers, {n} broker(s)"),
                    Err(e) => format!("no answer: {e}"),
                };
                out.push_str(&format!("{address:<30} {status}\n"));
            }
            Ok(out)
        }
    }
}
