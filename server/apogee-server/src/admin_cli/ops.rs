//! `apogee admin connection …` and `apogee admin log-level`, and the acknowledgement printed
//! by commands that return nothing (deletes).

use apogee_proto::admin::v1 as pb;
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use super::{Admin, CliError};

/// A topic's permission, as mqadmin's `perm` (6 = rw, 4 = r, 2 = w).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PermArg {
    Rw,
    R,
    W,
    None,
}

impl PermArg {
    pub(super) fn to_pb(self) -> pb::Permission {
        match self {
            PermArg::Rw => pb::Permission::ReadWrite,
            PermArg::R => pb::Permission::Read,
            PermArg::W => pb::Permission::Write,
            PermArg::None => pb::Permission::None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ConnectionCommand {
    /// The clients of a consumer group: id, language, version, address.
    Consumers { group: String },
    /// Producers, all or those publishing to a topic.
    Producers {
        #[arg(long)]
        topic: Option<String>,
    },
}

/// What a command that returns nothing prints.
pub(super) fn done(as_json: bool, what: &str) -> Result<String, CliError> {
    if as_json {
        return Ok(serde_json::to_string_pretty(
            &json!({"ok": true, "done": what}),
        )?);
    }
    Ok(format!("{what}\n"))
}

pub(super) async fn connections(
    client: &mut Admin,
    cmd: ConnectionCommand,
    as_json: bool,
) -> Result<String, CliError> {
    let r = match cmd {
        ConnectionCommand::Consumers { group } => client
            .list_consumer_connections(pb::ListConsumerConnectionsRequest { group })
            .await?
            .into_inner(),
        ConnectionCommand::Producers { topic } => client
            .list_producer_connections(pb::ListProducerConnectionsRequest {
                topic: topic.unwrap_or_default(),
            })
            .await?
            .into_inner(),
    };
    if as_json {
        let list: Vec<_> = r
            .connections
            .iter()
            .map(|c| {
                json!({
                    "client_id": c.client_id, "client_type": c.client_type,
                    "language": c.language, "version": c.version, "address": c.address,
                    "hostname": c.hostname, "group": c.group, "topics": c.topics,
                    "connected_at_ms": c.connected_at_ms, "server": c.server,
                })
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&list)?);
    }
    let mut out = String::from(
        "CLIENT ID                                 TYPE             LANGUAGE  VERSION   ADDRESS\n",
    );
    for c in &r.connections {
        out.push_str(&format!(
            "{:<41} {:<16} {:<9} {:<9} {}\n",
            c.client_id, c.client_type, c.language, c.version, c.address
        ));
    }
    if r.connections.is_empty() {
        out.push_str("(no client connected to this server)\n");
    }
    Ok(out)
}

pub(super) async fn log_level(
    client: &mut Admin,
    filter: Option<String>,
    as_json: bool,
) -> Result<String, CliError> {
    let r = match filter {
        Some(filter) => client
            .set_log_level(pb::SetLogLevelRequest { filter })
            .await?
            .into_inner(),
        None => client
            .get_log_level(pb::GetLogLevelRequest {})
            .await?
            .into_inner(),
    };
    if as_json {
        return Ok(serde_json::to_string_pretty(&json!({"filter": r.filter}))?);
    }
    Ok(format!("{}\n", r.filter))
}
