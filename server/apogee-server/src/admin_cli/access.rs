//! `apogee admin user …` and `apogee admin acl …`: users and ACLs over `apogee.admin.v1.Access`.

use apogee_proto::admin::v1 as pb;
use apogee_proto::admin::v1::access_client::AccessClient;
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use super::{CliError, Signer};

pub(super) type Client = AccessClient<InterceptedService<Channel, Signer>>;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UserTypeArg {
    /// Allowed everything, including managing users and ACLs.
    Super,
    /// Allowed what its ACL allows.
    Normal,
}

impl UserTypeArg {
    fn to_pb(self) -> pb::UserType {
        match self {
            Self::Super => pb::UserType::Super,
            Self::Normal => pb::UserType::Normal,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user: an access key with its secret.
    Create {
        /// The access key.
        name: String,
        #[arg(long)]
        secret: String,
        #[arg(long = "type", value_enum, default_value = "normal")]
        user_type: UserTypeArg,
    },
    /// Change a user's secret, type or status.
    Update {
        name: String,
        #[arg(long)]
        secret: Option<String>,
        #[arg(long = "type", value_enum)]
        user_type: Option<UserTypeArg>,
        #[arg(long)]
        enabled: Option<bool>,
    },
    /// Delete a user and its ACL.
    Delete { name: String },
    /// Show a user (never its secret).
    Get { name: String },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AclCommand {
    /// Add (or replace) a user's entry for a resource.
    Put {
        user: String,
        /// `Topic:orders`, `Topic:order-*`, `Topic:*`, `Group:billing`, `Cluster:*` or `*`.
        #[arg(long)]
        resource: String,
        /// Pub, Sub, Create, Update, Delete, Get, List or All (comma separated).
        #[arg(long, value_delimiter = ',', required = true)]
        actions: Vec<String>,
        /// Allow or Deny.
        #[arg(long, default_value = "Allow")]
        decision: String,
        /// Client addresses or CIDR ranges the entry applies to (comma separated; default any).
        #[arg(long, value_delimiter = ',')]
        source_ips: Vec<String>,
    },
    /// Remove one resource's entry from a user's ACL, or the whole ACL.
    Delete {
        user: String,
        #[arg(long)]
        resource: Option<String>,
    },
    /// Show a user's ACL.
    Get { user: String },
    /// List every ACL.
    List,
}

pub(super) async fn user(
    client: &mut Client,
    cmd: UserCommand,
    as_json: bool,
) -> Result<String, CliError> {
    let users = match cmd {
        UserCommand::Create {
            name,
            secret,
            user_type,
        } => {
            let r = client
                .create_user(pb::CreateUserRequest {
                    name,
                    secret,
                    r#type: user_type.to_pb() as i32,
                })
                .await?;
            r.into_inner().user.into_iter().collect()
        }
        UserCommand::Update {
            name,
            secret,
            user_type,
            enabled,
        } => {
            let r = client
                .update_user(pb::UpdateUserRequest {
                    name,
                    secret,
                    r#type: user_type.map_or(pb::UserType::Unspecified, UserTypeArg::to_pb) as i32,
                    enabled,
                })
                .await?;
            r.into_inner().user.into_iter().collect()
        }
        UserCommand::Delete { name } => {
            client
                .delete_user(pb::DeleteUserRequest { name: name.clone() })
                .await?;
            return done(as_json, &format!("deleted user {name}"));
        }
        UserCommand::Get { name } => {
            let r = client.get_user(pb::GetUserRequest { name }).await?;
            r.into_inner().user.into_iter().collect()
        }
        UserCommand::List => {
            client
                .list_users(pb::ListUsersRequest {})
                .await?
                .into_inner()
                .users
        }
    };
    render_users(&users, as_json)
}

pub(super) async fn acl(
    client: &mut Client,
    cmd: AclCommand,
    as_json: bool,
) -> Result<String, CliError> {
    let acls = match cmd {
        AclCommand::Put {
            user,
            resource,
            actions,
            decision,
            source_ips,
        } => {
            let entry = pb::AclEntry {
                resource,
                actions,
                decision,
                source_ips,
            };
            let r = client
                .put_acl(pb::PutAclRequest {
                    user,
                    entries: vec![entry],
                })
                .await?;
            r.into_inner().acl.into_iter().collect()
        }
        AclCommand::Delete { user, resource } => {
            let what = resource.as_deref().map_or_else(
                || format!("the ACL of {user}"),
                |r| format!("{r} from the ACL of {user}"),
            );
            client
                .delete_acl(pb::DeleteAclRequest {
                    user,
                    resource: resource.unwrap_or_default(),
                })
                .await?;
            return done(as_json, &format!("deleted {what}"));
        }
        AclCommand::Get { user } => {
            let r = client.get_acl(pb::GetAclRequest { user }).await?;
            r.into_inner().acl.into_iter().collect()
        }
        AclCommand::List => {
            client
                .list_acls(pb::ListAclsRequest {})
                .await?
                .into_inner()
                .acls
        }
    };
    render_acls(&acls, as_json)
}

fn done(as_json: bool, what: &str) -> Result<String, CliError> {
    Ok(if as_json {
        serde_json::to_string_pretty(&json!({"done": what}))?
    } else {
        format!("{what}\n")
    })
}

fn type_name(t: i32) -> &'static str {
    match pb::UserType::try_from(t) {
        Ok(pb::UserType::Super) => "Super",
        Ok(pb::UserType::Normal) => "Normal",
        _ => "Unknown",
    }
}

fn render_users(users: &[pb::UserInfo], as_json: bool) -> Result<String, CliError> {
    if as_json {
        let v: Vec<_> = users
            .iter()
            .map(|u| json!({"name": u.name, "type": type_name(u.r#type), "enabled": u.enabled}))
            .collect();
        return Ok(serde_json::to_string_pretty(&v)?);
    }
    let mut out = String::from("NAME                             TYPE    ENABLED\n");
    for u in users {
        out.push_str(&format!(
            "{:<32} {:<7} {}\n",
            u.name,
            type_name(u.r#type),
            u.enabled
        ));
    }
    Ok(out)
}

fn render_acls(acls: &[pb::Acl], as_json: bool) -> Result<String, CliError> {
    if as_json {
        let v: Vec<_> = acls
            .iter()
            .map(|a| {
                let entries: Vec<_> = a
                    .entries
                    .iter()
                    .map(|e| {
                        json!({"resource": e.resource, "actions": e.actions,
                               "decision": e.decision, "source_ips": e.source_ips})
                    })
                    .collect();
                json!({"user": a.user, "entries": entries})
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&v)?);
    }
    let mut out = String::from(
        "USER                 RESOURCE                 ACTIONS          DECISION  SOURCE_IPS\n",
    );
    for a in acls {
        for e in &a.entries {
            let ips = if e.source_ips.is_empty() {
                "*".to_owned()
            } else {
                e.source_ips.join(",")
            };
            out.push_str(&format!(
                "{:<20} {:<24} {:<16} {:<9} {}\n",
                a.user,
                e.resource,
                e.actions.join(","),
                e.decision,
                ips
            ));
        }
    }
    Ok(out)
}
