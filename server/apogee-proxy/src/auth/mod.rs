//! Authentication and authorization, modelled on RocketMQ 5's ACL 2.0.
//!
//! - Authentication: every call carries the v2 clients' signature (`signature`); the access key
//!   names a user, whose secret must verify the signature over a fresh date.
//! - Authorization: a super user may do everything; a normal user what its ACL allows (`acl`).
//!   Each RPC handler states the resources and actions it needs and checks them before it
//!   touches anything, so a refused call creates no topic or group and moves no offset.
//! - A client id, once used by a user, belongs to that user: another user presenting it is
//!   refused, so it cannot end or release that client's deliveries.
//!
//! Users and ACLs live in the store and are loaded at start; changes through the access API
//! are written there first, then take effect at once. Off (`auth.enabled = false`), every call
//! is allowed, as in RocketMQ's default.

pub mod acl;
pub(crate) mod manage;
pub mod signature;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use apogee_store::{Store, StoreError, UserRecord};
use parking_lot::{Mutex, RwLock};
use tonic::metadata::MetadataMap;

pub use acl::{Action, Decision, Entry, Resource};

/// `auth.*` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    pub enabled: bool,
    /// The first super user, created (or updated) at start when both keys are set.
    pub admin_access_key: String,
    pub admin_secret_key: String,
    /// How far a signed date may be from the server's clock.
    pub max_clock_skew: Duration,
}

/// Why a call is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
}

/// A user, as the checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct User {
    pub secret: String,
    pub super_user: bool,
    pub enabled: bool,
}

/// Who makes a call, found once per call from its metadata.
#[derive(Debug, Clone)]
pub struct Caller {
    who: Who,
    ip: Option<IpAddr>,
}

#[derive(Debug, Clone)]
enum Who {
    /// Authentication is off.
    Anyone,
    User {
        name: String,
        super_user: bool,
    },
    Refused(AuthError),
}

impl Caller {
    /// A caller for in-process use and tests: allowed everything.
    pub fn trusted() -> Self {
        Self {
            who: Who::Anyone,
            ip: None,
        }
    }

    /// The authenticated user's name, if any.
    pub fn user(&self) -> Option<&str> {
        match &self.who {
            Who::User { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// Publishing, as a call's need.
pub const PUB: &[Action] = &[Action::Pub];
/// Subscribing, as a call's need.
pub const SUB: &[Action] = &[Action::Sub];

/// One thing a call needs: any of `actions` on `resource`.
#[derive(Debug, Clone, Copy)]
pub struct Need<'a> {
    pub resource: Resource<'a>,
    pub any_of: &'a [Action],
}

impl<'a> Need<'a> {
    pub fn topic(name: &'a str, any_of: &'a [Action]) -> Self {
        Self {
            resource: Resource::topic(name),
            any_of,
        }
    }

    pub fn group(name: &'a str, any_of: &'a [Action]) -> Self {
        Self {
            resource: Resource::group(name),
            any_of,
        }
    }

    pub fn cluster(any_of: &'a [Action]) -> Self {
        Self {
            resource: Resource::cluster(),
            any_of,
        }
    }
}

/// Client ids forgotten when not seen for this long.
const CLIENT_BINDING_TTL: Duration = Duration::from_secs(600);

#[derive(Debug)]
pub struct Auth {
    enabled: bool,
    /// Where users and ACLs are kept; `None` for a proxy, which has no store (and refuses
    /// authentication until users come from the brokers).
    store: Option<Store>,
    users: RwLock<HashMap<String, User>>,
    acls: RwLock<HashMap<String, Vec<Entry>>>,
    freshness: signature::Freshness,
    /// Client id → the user it belongs to, and when it was last seen.
    bindings: Mutex<HashMap<String, (String, Instant)>>,
    pruned: Mutex<Instant>,
    /// Held across a change's store write and its taking effect.
    changing: tokio::sync::Mutex<()>,
}

impl Auth {
    /// Loads users and ACLs and makes sure the configured admin exists as a super user.
    pub fn open(config: &AuthConfig, store: Store) -> Result<Self, StoreError> {
        if !config.admin_access_key.is_empty() && !config.admin_secret_key.is_empty() {
            let admin = UserRecord {
                name: config.admin_access_key.clone(),
                secret: config.admin_secret_key.clone(),
                super_user: true,
                enabled: true,
            };
            if !store.load_users()?.contains(&admin) {
                store.put_user(&admin)?;
            }
        }
        let users = store
            .load_users()?
            .into_iter()
            .map(|u| {
                let user = User {
                    secret: u.secret,
                    super_user: u.super_user,
                    enabled: u.enabled,
                };
                (u.name, user)
            })
            .collect();
        let mut acls = HashMap::new();
        for record in store.load_acls()? {
            match manage::entries_from_record(&record) {
                Ok(entries) => {
                    acls.insert(record.user, entries);
                }
                Err(e) => {
                    tracing::error!(user = %record.user, error = %e, "A stored ACL does not parse; it allows nothing.")
                }
            }
        }
        Ok(Self {
            enabled: config.enabled,
            store: Some(store),
            users: RwLock::new(users),
            acls: RwLock::new(acls),
            freshness: signature::Freshness::new(config.max_clock_skew),
            bindings: Mutex::new(HashMap::new()),
            pruned: Mutex::new(Instant::now()),
            changing: tokio::sync::Mutex::new(()),
        })
    }

    /// Authentication off, with nowhere to keep users: what a proxy in a cluster runs with.
    pub fn off() -> Self {
        Self {
            enabled: false,
            store: None,
            users: RwLock::new(HashMap::new()),
            acls: RwLock::new(HashMap::new()),
            freshness: signature::Freshness::new(Duration::from_secs(900)),
            bindings: Mutex::new(HashMap::new()),
            pruned: Mutex::new(Instant::now()),
            changing: tokio::sync::Mutex::new(()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Finds who makes a call from its metadata (and binds its client id to that user).
    pub fn identify(&self, metadata: &MetadataMap, remote: Option<SocketAddr>) -> Caller {
        let ip = remote.map(|a| a.ip());
        if !self.enabled {
            return Caller {
                who: Who::Anyone,
                ip,
            };
        }
        let who = match self.authenticate(metadata) {
            Ok((name, super_user)) => match self.bind_client(metadata, &name) {
                Ok(()) => Who::User { name, super_user },
                Err(e) => Who::Refused(e),
            },
            Err(e) => Who::Refused(e),
        };
        Caller { who, ip }
    }

    fn authenticate(&self, metadata: &MetadataMap) -> Result<(String, bool), AuthError> {
        let unauthenticated = |m: &str| AuthError::Unauthenticated(m.to_owned());
        let header = metadata
            .get("authorization")
            .ok_or_else(|| unauthenticated("the call is not signed (no authorization header)"))?
            .to_str()
            .map_err(|_| unauthenticated("the authorization header is not text"))?;
        let signed = signature::parse_authorization(header).map_err(AuthError::Unauthenticated)?;
        let date_text = metadata
            .get("x-mq-date-time")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| unauthenticated("a signed call needs the x-mq-date-time header"))?;
        let user = self.users.read().get(&signed.access_key).cloned();
        let user = user.filter(|u| signature::verify(&u.secret, date_text, &signed.signature));
        let Some(user) = user else {
            // One answer for an unknown key and a wrong signature: no probing for names.
            return Err(unauthenticated(
                "the access key is unknown or the signature does not match its secret",
            ));
        };
        if !user.enabled {
            return Err(AuthError::Unauthenticated(format!(
                "user {} is disabled",
                signed.access_key
            )));
        }
        let date = signature::parse_date(date_text).ok_or_else(|| {
            AuthError::Unauthenticated(format!(
                "x-mq-date-time {} is not a date",
                apogee_types::quote(date_text)
            ))
        })?;
        self.freshness
            .check(&signed.access_key, date, unix_now_s())
            .map_err(AuthError::Unauthenticated)?;
        Ok((signed.access_key, user.super_user))
    }

    /// A client id belongs to the first user that uses it.
    fn bind_client(&self, metadata: &MetadataMap, user: &str) -> Result<(), AuthError> {
        let Some(client_id) = metadata.get("x-mq-client-id").and_then(|v| v.to_str().ok()) else {
            return Ok(());
        };
        let now = Instant::now();
        let mut bindings = self.bindings.lock();
        {
            let mut pruned = self.pruned.lock();
            if now.duration_since(*pruned) > CLIENT_BINDING_TTL {
                bindings.retain(|_, (_, seen)| now.duration_since(*seen) < CLIENT_BINDING_TTL);
                *pruned = now;
            }
        }
        let (owner, seen) = bindings
            .entry(client_id.to_owned())
            .or_insert_with(|| (user.to_owned(), now));
        if owner != user {
            return Err(AuthError::Forbidden(format!(
                "client id {} belongs to another user",
                apogee_types::quote(client_id)
            )));
        }
        *seen = now;
        Ok(())
    }

    /// Checks that `caller` may do all of `needs`.
    pub fn require(&self, caller: &Caller, needs: &[Need<'_>]) -> Result<(), AuthError> {
        let name = match &caller.who {
            Who::Anyone
            | Who::User {
                super_user: true, ..
            } => return Ok(()),
            Who::Refused(e) => return Err(e.clone()),
            Who::User { name, .. } => name,
        };
        let acls = self.acls.read();
        let entries = acls.get(name).map_or(&[][..], Vec::as_slice);
        for need in needs {
            let allowed = need
                .any_of
                .iter()
                .any(|a| acl::decide(entries, &need.resource, *a, caller.ip) == Decision::Allow);
            if !allowed {
                let actions: Vec<_> = need.any_of.iter().map(|a| a.as_str()).collect();
                return Err(AuthError::Forbidden(format!(
                    "user {name} may not {} {}",
                    actions.join(" or "),
                    describe(&need.resource)
                )));
            }
        }
        Ok(())
    }

    /// Checks that `caller` is a super user (users and ACLs are theirs to manage).
    pub fn require_super(&self, caller: &Caller) -> Result<(), AuthError> {
        match &caller.who {
            Who::Anyone
            | Who::User {
                super_user: true, ..
            } => Ok(()),
            Who::Refused(e) => Err(e.clone()),
            Who::User { name, .. } => Err(AuthError::Forbidden(format!(
                "user {name} is not a super user"
            ))),
        }
    }
}

fn describe(r: &Resource<'_>) -> String {
    match r.kind {
        acl::ResourceType::Topic => format!("on topic {}", r.name),
        acl::ResourceType::Group => format!("in group {}", r.name),
        acl::ResourceType::Cluster | acl::ResourceType::Any => "on the cluster".into(),
    }
}

fn unix_now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
