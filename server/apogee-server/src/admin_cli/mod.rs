//! `apogee admin …`: the operator CLI over the `apogee.admin.v1` API.

mod access;
mod cluster;
mod ops;
mod render;

use std::time::Duration;

use apogee_proto::admin::v1 as pb;
use apogee_proto::admin::v1::access_client::AccessClient;
use apogee_proto::admin::v1::admin_client::AdminClient;
use clap::{Args, Subcommand, ValueEnum};
use tonic::metadata::MetadataValue;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

pub use access::{AclCommand, UserCommand, UserTypeArg};
pub use cluster::ClusterCommand;
pub use ops::{ConnectionCommand, PermArg};

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
    /// Access key of a super user, when the server has authentication on.
    #[arg(
        long,
        env = "APOGEE_ACCESS_KEY",
        global = true,
        requires = "secret_key"
    )]
    pub access_key: Option<String>,
    /// Its secret key.
    #[arg(
        long,
        env = "APOGEE_SECRET_KEY",
        global = true,
        hide_env_values = true,
        requires = "access_key"
    )]
    pub secret_key: Option<String>,
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Topics: create, list, describe.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// Consumer groups: create, list, update, offsets, reset.
    #[command(subcommand)]
    Group(GroupCommand),
    /// Dead-letter queues: list, resend.
    #[command(subcommand)]
    Dlq(DlqCommand),
    /// Find messages by id or key, with their delivery state per group.
    #[command(subcommand)]
    Message(MessageCommand),
    /// Users (access keys) for authentication: create, update, delete, get, list.
    #[command(subcommand)]
    User(UserCommand),
    /// Access-control lists of users: put, delete, get, list.
    #[command(subcommand)]
    Acl(AclCommand),
    /// The brokers of a cluster, as a nameserver (or standalone) knows them.
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// Clients connected to the server: consumers of a group, producers.
    #[command(subcommand)]
    Connection(ConnectionCommand),
    /// Show the server's log filter, or change it while it runs (e.g. `debug`,
    /// `info,apogee_store=debug`).
    LogLevel {
        /// The new filter; without it, the current one is shown.
        filter: Option<String>,
    },
}

/// Signs every call the way RocketMQ 5 clients do (`MQv2-HMAC-SHA1` over the date), when keys
/// are given.
#[derive(Debug, Clone, Default)]
pub struct Signer {
    keys: Option<(String, String)>,
}

impl Signer {
    pub fn new(access_key: Option<String>, secret_key: Option<String>) -> Self {
        Self {
            keys: access_key.zip(secret_key),
        }
    }
}

impl tonic::service::Interceptor for Signer {
    fn call(&mut self, mut r: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        let Some((access_key, secret_key)) = &self.keys else {
            return Ok(r);
        };
        // RFC 3339 in UTC: an instant, so the server needs no guess at our time zone.
        let date = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let signature = apogee_proxy::auth::signature::sign(secret_key, &date);
        let header = format!(
            "MQv2-HMAC-SHA1 Credential={access_key}, SignedHeaders=x-mq-date-time, Signature={signature}"
        );
        let bad = |_| tonic::Status::invalid_argument("the access key is not valid header text");
        r.metadata_mut().insert(
            "x-mq-date-time",
            MetadataValue::try_from(date).map_err(bad)?,
        );
        r.metadata_mut().insert(
            "authorization",
            MetadataValue::try_from(header).map_err(bad)?,
        );
        Ok(r)
    }
}

#[derive(Debug, Subcommand)]
pub enum MessageCommand {
    /// Every stored copy of a message id.
    Id {
        id: String,
        /// Print bodies (as UTF-8 where possible) instead of only their size and MD5.
        #[arg(long)]
        body: bool,
    },
    /// Messages of a topic carrying a key, stored in a time range.
    Key {
        topic: String,
        key: String,
        /// From this store time (ms since the epoch).
        #[arg(long, default_value_t = 0)]
        from_ms: i64,
        /// Up to this store time (ms since the epoch; 0 = now).
        #[arg(long, default_value_t = 0)]
        to_ms: i64,
        #[arg(long, default_value_t = 32)]
        limit: u32,
        #[arg(long)]
        body: bool,
    },
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
        /// Number of queues (default: the broker's default). One queue keeps a FIFO topic in
        /// global order. Through a proxy, the queues are spread over the brokers.
        #[arg(long)]
        queues: Option<u32>,
        /// Through a proxy: the brokers to place the topic on, comma-separated (default:
        /// every broker of the cluster).
        #[arg(long, value_delimiter = ',')]
        brokers: Vec<String>,
    },
    /// List topics.
    List {
        /// Include retry and dead-letter topics.
        #[arg(long)]
        system: bool,
    },
    /// Show a topic with the offsets of each queue.
    Describe { name: String },
    /// Change a topic: add queues, set its permission, its own retention or message types.
    Update {
        name: String,
        /// The new queue count (queues can be added, not removed). Through a proxy: the
        /// total over the brokers holding the topic.
        #[arg(long)]
        queues: Option<u32>,
        /// Who may use it: rw (default), r (no sends), w (no receives), none.
        #[arg(long, value_enum)]
        perm: Option<PermArg>,
        /// Keep messages this long (e.g. `12h`, at most the broker's retention); `0s`: the
        /// broker's retention.
        #[arg(long, value_parser = humantime::parse_duration)]
        retention: Option<Duration>,
        /// Replace the accepted message types (repeat for a mixed topic).
        #[arg(long = "type", value_enum)]
        types: Vec<TypeArg>,
    },
    /// Delete a topic and its messages.
    Delete {
        name: String,
        /// Required: deleting cannot be undone.
        #[arg(long)]
        yes: bool,
    },
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
        /// Every instance gets every message, each with its own progress.
        #[arg(long)]
        broadcast: bool,
        /// Where the group starts on queues it has never read.
        #[arg(long, value_enum, conflicts_with = "start_timestamp_ms")]
        start: Option<StartArg>,
        /// Start at the first message stored at or after this time (ms since the epoch).
        #[arg(long)]
        start_timestamp_ms: Option<i64>,
        /// Deliveries before a message goes to the dead-letter queue.
        #[arg(long)]
        max_delivery_attempts: Option<u32>,
        /// Back-off levels, e.g. `1s,5s,30s` (default: RocketMQ's 18 levels).
        #[arg(long, value_delimiter = ',', value_parser = humantime::parse_duration)]
        retry_backoff: Vec<Duration>,
    },
    /// List consumer groups.
    List,
    /// Delete a consumer group (refused while it has messages in flight).
    Delete {
        name: String,
        /// Required: deleting cannot be undone.
        #[arg(long)]
        yes: bool,
    },
    /// Change a group's settings.
    Update {
        name: String,
        #[arg(long)]
        fifo: Option<bool>,
        #[arg(long)]
        broadcast: Option<bool>,
        #[arg(long)]
        max_delivery_attempts: Option<u32>,
        /// New back-off levels, e.g. `1s,5s,30s`.
        #[arg(long, value_delimiter = ',', value_parser = humantime::parse_duration)]
        retry_backoff: Option<Vec<Duration>>,
    },
    /// A group's offsets, lag and in-flight messages on each queue of a topic.
    Offsets { group: String, topic: String },
    /// Rewind (or fast-forward) a group on a topic.
    Reset {
        group: String,
        topic: String,
        /// The first message stored at or after this time (ms since the epoch).
        #[arg(long, group = "target")]
        timestamp_ms: Option<i64>,
        #[arg(long, group = "target")]
        earliest: bool,
        #[arg(long, group = "target")]
        latest: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DlqCommand {
    /// List a group's dead-lettered messages.
    List {
        group: String,
        #[arg(long, default_value_t = 0)]
        from: u64,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Through a proxy in front of several brokers: the broker to list (offsets are per
        /// broker).
        #[arg(long)]
        broker: Option<String>,
    },
    /// Send dead-lettered messages again to their original topic.
    Resend {
        group: String,
        /// Message ids to resend.
        #[arg(long = "id", conflicts_with = "all")]
        ids: Vec<String>,
        /// Resend every dead-lettered message of the group.
        #[arg(long)]
        all: bool,
    },
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
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// 2 for a command that is wrong as given (as for clap's own errors), 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Rpc(s) if s.code() == tonic::Code::InvalidArgument => 2,
            _ => 1,
        }
    }
}

fn millis(levels: &[Duration]) -> Vec<u64> {
    levels
        .iter()
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .collect()
}

/// Runs one admin command and returns what to print.
pub async fn run(args: AdminArgs) -> Result<String, CliError> {
    // `host:port` or a URL: both forms are accepted everywhere.
    let uri = if args.endpoint.contains("://") {
        args.endpoint.clone()
    } else {
        format!("http://{}", args.endpoint)
    };
    let channel = Channel::from_shared(uri)
        .map_err(|_| CliError::Usage(format!("bad endpoint {}", args.endpoint)))?
        .tcp_nodelay(true)
        .connect()
        .await
        .map_err(|source| CliError::Connect {
            endpoint: args.endpoint.clone(),
            source,
        })?;
    let signer = Signer::new(args.access_key, args.secret_key);
    // Message queries carry bodies up to the broker's largest (default 4 MiB) and more.
    let mut client = AdminClient::with_interceptor(channel.clone(), signer.clone())
        .max_decoding_message_size(usize::MAX);
    let json = args.json;
    match args.command {
        AdminCommand::Topic(cmd) => topic(&mut client, cmd, json).await,
        AdminCommand::Group(cmd) => group(&mut client, cmd, json).await,
        AdminCommand::Dlq(cmd) => dlq(&mut client, cmd, json).await,
        AdminCommand::Message(cmd) => message(&mut client, cmd, json).await,
        AdminCommand::User(cmd) => {
            access::user(
                &mut AccessClient::with_interceptor(channel, signer),
                cmd,
                json,
            )
            .await
        }
        AdminCommand::Acl(cmd) => {
            access::acl(
                &mut AccessClient::with_interceptor(channel, signer),
                cmd,
                json,
            )
            .await
        }
        AdminCommand::Connection(cmd) => ops::connections(&mut client, cmd, json).await,
        AdminCommand::LogLevel { filter } => ops::log_level(&mut client, filter, json).await,
        AdminCommand::Cluster(cmd) => {
            let mut client = apogee_proto::nameserver::v1::name_server_client::NameServerClient::with_interceptor(channel, signer);
            cluster::cluster(&mut client, &args.endpoint, cmd, json).await
        }
    }
}

type Admin = AdminClient<InterceptedService<Channel, Signer>>;

async fn topic(client: &mut Admin, cmd: TopicCommand, json: bool) -> Result<String, CliError> {
    match cmd {
        TopicCommand::Create {
            name,
            types,
            queues,
            brokers,
        } => {
            let message_types = types.iter().map(|t| type_to_pb(*t) as i32).collect();
            let r = client
                .create_topic(pb::CreateTopicRequest {
                    name,
                    queues: queues.unwrap_or(0),
                    message_types,
                    brokers,
                })
                .await?
                .into_inner();
            render::topics(r.topic.as_slice(), json)
        }
        TopicCommand::List { system } => {
            let r = client
                .list_topics(pb::ListTopicsRequest {
                    include_system: system,
                })
                .await?
                .into_inner();
            render::topics(&r.topics, json)
        }
        TopicCommand::Describe { name } => {
            let r = client
                .describe_topic(pb::DescribeTopicRequest { name })
                .await?
                .into_inner();
            render::describe_topic(&r, json)
        }
        TopicCommand::Update {
            name,
            queues,
            perm,
            retention,
            types,
        } => {
            if queues.is_none() && perm.is_none() && retention.is_none() && types.is_empty() {
                return Err(CliError::Usage(
                    "nothing to change: give --queues, --perm, --retention or --type".into(),
                ));
            }
            let r = client
                .update_topic(pb::UpdateTopicRequest {
                    name,
                    queues,
                    permission: perm.map(|p| p.to_pb() as i32),
                    retention_ms: retention
                        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                    message_types: types.iter().map(|t| type_to_pb(*t) as i32).collect(),
                })
                .await?
                .into_inner();
            render::topics(r.topic.as_slice(), json)
        }
        TopicCommand::Delete { name, yes } => {
            if !yes {
                return Err(CliError::Usage(format!(
                    "deleting topic {name} drops its messages; add --yes to do it"
                )));
            }
            client
                .delete_topic(pb::DeleteTopicRequest { name: name.clone() })
                .await?;
            ops::done(json, &format!("topic {name} deleted"))
        }
    }
}

async fn group(client: &mut Admin, cmd: GroupCommand, json: bool) -> Result<String, CliError> {
    match cmd {
        GroupCommand::Create {
            name,
            fifo,
            broadcast,
            start,
            start_timestamp_ms,
            max_delivery_attempts,
            retry_backoff,
        } => {
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
                    broadcast,
                    retry_backoff_ms: millis(&retry_backoff),
                })
                .await?
                .into_inner();
            render::groups(r.group.as_slice(), json)
        }
        GroupCommand::List => {
            let r = client
                .list_groups(pb::ListGroupsRequest {})
                .await?
                .into_inner();
            render::groups(&r.groups, json)
        }
        GroupCommand::Update {
            name,
            fifo,
            broadcast,
            max_delivery_attempts,
            retry_backoff,
        } => {
            let r = client
                .update_group(pb::UpdateGroupRequest {
                    name,
                    fifo,
                    broadcast,
                    max_delivery_attempts,
                    retry_backoff: retry_backoff.map(|l| pb::RetryBackoff {
                        levels_ms: millis(&l),
                    }),
                })
                .await?
                .into_inner();
            render::groups(r.group.as_slice(), json)
        }
        GroupCommand::Delete { name, yes } => {
            if !yes {
                return Err(CliError::Usage(format!(
                    "deleting group {name} drops its progress; add --yes to do it"
                )));
            }
            client
                .delete_group(pb::DeleteGroupRequest { name: name.clone() })
                .await?;
            ops::done(json, &format!("group {name} deleted"))
        }
        GroupCommand::Offsets { group, topic } => {
            let r = client
                .describe_group_offsets(pb::DescribeGroupOffsetsRequest { group, topic })
                .await?
                .into_inner();
            render::group_offsets(&r, json)
        }
        GroupCommand::Reset {
            group,
            topic,
            timestamp_ms,
            earliest,
            latest,
        } => {
            use pb::reset_offset_request::Target;
            let target = match (timestamp_ms, earliest, latest) {
                (Some(ts), false, false) => Target::TimestampMs(ts),
                (None, true, false) => Target::Earliest(true),
                (None, false, true) => Target::Latest(true),
                _ => {
                    return Err(CliError::Usage(
                        "give one of --timestamp-ms, --earliest, --latest".into(),
                    ));
                }
            };
            let r = client
                .reset_offset(pb::ResetOffsetRequest {
                    group,
                    topic,
                    target: Some(target),
                })
                .await?
                .into_inner();
            render::reset(&r, json)
        }
    }
}

async fn dlq(client: &mut Admin, cmd: DlqCommand, json: bool) -> Result<String, CliError> {
    match cmd {
        DlqCommand::List {
            group,
            from,
            limit,
            broker,
        } => {
            let r = client
                .list_dlq_messages(pb::ListDlqMessagesRequest {
                    group,
                    from_offset: from,
                    limit,
                    broker: broker.unwrap_or_default(),
                })
                .await?
                .into_inner();
            render::dlq(&r, json)
        }
        DlqCommand::Resend { group, ids, all } => {
            let r = client
                .resend_dlq_messages(pb::ResendDlqMessagesRequest {
                    group,
                    message_ids: ids,
                    all,
                })
                .await?
                .into_inner();
            Ok(if json {
                serde_json::to_string_pretty(&serde_json::json!({"resent": r.resent}))?
            } else {
                format!("resent {}\n", r.resent)
            })
        }
    }
}

async fn message(client: &mut Admin, cmd: MessageCommand, json: bool) -> Result<String, CliError> {
    use pb::query_message_request::By;
    let (by, include_body) = match cmd {
        MessageCommand::Id { id, body } => (By::MessageId(id), body),
        MessageCommand::Key {
            topic,
            key,
            from_ms,
            to_ms,
            limit,
            body,
        } => (
            By::Key(pb::KeyQuery {
                topic,
                key,
                from_ms,
                to_ms,
                limit,
            }),
            body,
        ),
    };
    let r = client
        .query_message(pb::QueryMessageRequest {
            by: Some(by),
            include_body,
        })
        .await?
        .into_inner();
    render::messages(&r.messages, json)
}

fn type_to_pb(t: TypeArg) -> pb::MessageType {
    match t {
        TypeArg::Normal => pb::MessageType::Normal,
        TypeArg::Fifo => pb::MessageType::Fifo,
        TypeArg::Delay => pb::MessageType::Delay,
        TypeArg::Transaction => pb::MessageType::Transaction,
    }
}
