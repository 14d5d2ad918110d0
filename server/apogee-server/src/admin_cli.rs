//! `apogee admin …`: the operator CLI over the `apogee.admin.v1` API.

use apogee_proto::admin::v1 as pb;
use apogee_proto::admin::v1::admin_client::AdminClient;
use clap::{Args, Subcommand, ValueEnum};
use tonic::transport::Channel;

#[derive(Debug, Args)]
pub struct AdminArgs {
    /// Admin endpoint of a server.
    #[arg(
        long,
        env = "APOGEE_ENDPOINT",
        default_value = "http://127.0.0.1:8081",
        global = true
    )]
    pub endpoint: String,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Topics: create, list, describe.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// Consumer groups: create, list.
    #[command(subcommand)]
    Group(GroupCommand),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TypeArg {
    Normal,
    Fifo,
    Delay,
    Transaction,
}

#[derive(Debug, Subcommand)]
pub enum TopicCommand {
    /// Create a topic.
    Create {
        name: String,
        /// Message type the topic accepts (repeat for a mixed topic).
        #[arg(long = "type", value_enum, default_value = "normal")]
        types: Vec<TypeArg>,
        /// Number of queues (default: the broker's default).
        #[arg(long)]
        queues: Option<u32>,
    },
    /// List topics.
    List {
        /// Include retry and dead-letter topics.
        #[arg(long)]
        system: bool,
    },
    /// Show a topic with the offsets of each queue.
    Describe { name: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StartArg {
    Earliest,
    Latest,
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a consumer group.
    Create {
        name: String,
        /// Deliver each message group in order.
        #[arg(long)]
        fifo: bool,
        /// Where the group starts on queues it has never read.
        #[arg(long, value_enum, conflicts_with = "start_timestamp_ms")]
        start: Option<StartArg>,
        /// Start at the first message stored at or after this time (ms since the epoch).
        #[arg(long)]
        start_timestamp_ms: Option<i64>,
        /// Deliveries before a message goes to the dead-letter queue.
        #[arg(long)]
        max_delivery_attempts: Option<u32>,
    },
    /// List consumer groups.
    List,
}

/// Errors of the admin CLI.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("cannot connect to {endpoint}: {source}")]
    Connect {
        endpoint: String,
        source: tonic::transport::Error,
    },
    #[error("{} ({:?})", .0.message(), .0.code())]
    Rpc(#[from] tonic::Status),
    #[error("output: {0}")]
    Json(#[from] serde_json::Error),
}

/// Runs one admin command and returns what to print.
pub async fn run(args: AdminArgs) -> Result<String, CliError> {
    let channel = Channel::from_shared(args.endpoint.clone())
        .map_err(|_| {
            CliError::Rpc(tonic::Status::invalid_argument(format!(
                "bad endpoint {}",
                args.endpoint
            )))
        })?
        .tcp_nodelay(true)
        .connect()
        .await
        .map_err(|source| CliError::Connect {
            endpoint: args.endpoint.clone(),
            source,
        })?;
    let mut client = AdminClient::new(channel);
    let json = args.json;
    match args.command {
        AdminCommand::Topic(TopicCommand::Create {
            name,
            types,
            queues,
        }) => {
            let message_types = types.iter().map(|t| type_to_pb(*t) as i32).collect();
            let r = client
                .create_topic(pb::CreateTopicRequest {
                    name,
                    queues: queues.unwrap_or(0),
                    message_types,
                })
                .await?
                .into_inner();
            Ok(render_topics(r.topic.as_slice(), json)?)
        }
        AdminCommand::Topic(TopicCommand::List { system }) => {
            let r = client
                .list_topics(pb::ListTopicsRequest {
                    include_system: system,
                })
                .await?
                .into_inner();
            Ok(render_topics(&r.topics, json)?)
        }
        AdminCommand::Topic(TopicCommand::Describe { name }) => {
            let r = client
                .describe_topic(pb::DescribeTopicRequest { name })
                .await?
                .into_inner();
            if json {
                let queues: Vec<_> = r
                    .queues
                    .iter()
                    .map(|q| serde_json::json!({"queue_id": q.queue_id, "min_offset": q.min_offset, "max_offset": q.max_offset}))
                    .collect();
                let topic = r.topic.as_ref().map(topic_json);
                return Ok(serde_json::to_string_pretty(
                    &serde_json::json!({"topic": topic, "queues": queues}),
                )?);
            }
            let mut out = render_topics(r.topic.as_slice(), false)?;
            out.push_str("\nQUEUE  MIN_OFFSET  MAX_OFFSET\n");
            for q in r.queues {
                out.push_str(&format!(
                    "{:<5}  {:<10}  {}\n",
                    q.queue_id, q.min_offset, q.max_offset
                ));
            }
            Ok(out)
        }
        AdminCommand::Group(GroupCommand::Create {
            name,
            fifo,
            start,
            start_timestamp_ms,
            max_delivery_attempts,
        }) => {
            let start = match (start, start_timestamp_ms) {
                (_, Some(ts)) => Some(pb::create_group_request::Start::StartTimestampMs(ts)),
                (Some(StartArg::Earliest), None) => Some(pb::create_group_request::Start::Policy(
                    pb::StartPolicy::Earliest as i32,
                )),
                (Some(StartArg::Latest), None) => Some(pb::create_group_request::Start::Policy(
                    pb::StartPolicy::Latest as i32,
                )),
                (None, None) => None,
            };
            let r = client
                .create_group(pb::CreateGroupRequest {
                    name,
                    fifo,
                    start,
                    max_delivery_attempts: max_delivery_attempts.unwrap_or(0),
                })
                .await?
                .into_inner();
            Ok(render_groups(r.group.as_slice(), json)?)
        }
        AdminCommand::Group(GroupCommand::List) => {
            let r = client
                .list_groups(pb::ListGroupsRequest {})
                .await?
                .into_inner();
            Ok(render_groups(&r.groups, json)?)
        }
    }
}

fn type_to_pb(t: TypeArg) -> pb::MessageType {
    match t {
        TypeArg::Normal => pb::MessageType::Normal,
        TypeArg::Fifo => pb::MessageType::Fifo,
        TypeArg::Delay => pb::MessageType::Delay,
        TypeArg::Transaction => pb::MessageType::Transaction,
    }
}

fn type_names(types: &[i32]) -> Vec<String> {
    types
        .iter()
        .map(|t| {
            pb::MessageType::try_from(*t)
                .map_or_else(|_| t.to_string(), |m| m.as_str_name().to_owned())
        })
        .collect()
}

fn topic_json(t: &pb::TopicInfo) -> serde_json::Value {
    serde_json::json!({
        "name": t.name, "id": t.id, "queues": t.queues, "message_types": type_names(&t.message_types),
        "auto_created": t.auto_created, "system": t.system, "created_at_ms": t.created_at_ms,
    })
}

fn render_topics(topics: &[pb::TopicInfo], json: bool) -> Result<String, CliError> {
    if json {
        return Ok(serde_json::to_string_pretty(
            &topics.iter().map(topic_json).collect::<Vec<_>>(),
        )?);
    }
    let mut out = String::from("NAME                             QUEUES  TYPES\n");
    for t in topics {
        out.push_str(&format!(
            "{:<32} {:<7} {}\n",
            t.name,
            t.queues,
            type_names(&t.message_types).join(",")
        ));
    }
    Ok(out)
}

fn render_groups(groups: &[pb::GroupInfo], json: bool) -> Result<String, CliError> {
    if json {
        let v: Vec<_> = groups
            .iter()
            .map(|g| serde_json::json!({
                "name": g.name, "id": g.id, "fifo": g.fifo, "start_policy": g.start_policy, "start_ms": g.start_ms,
                "max_delivery_attempts": g.max_delivery_attempts, "created_at_ms": g.created_at_ms, "in_flight": g.in_flight,
            }))
            .collect();
        return Ok(serde_json::to_string_pretty(&v)?);
    }
    let mut out = String::from(
        "NAME                             FIFO   START      MAX_ATTEMPTS  IN_FLIGHT\n",
    );
    for g in groups {
        out.push_str(&format!(
            "{:<32} {:<6} {:<10} {:<13} {}\n",
            g.name, g.fifo, g.start_policy, g.max_delivery_attempts, g.in_flight
        ));
    }
    Ok(out)
}
