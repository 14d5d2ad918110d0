//! Topic and group configuration records kept in the `metadata` column family (JSON, so an
//! operator can read them with `ldb`, and new fields default when an old record is read).

use serde::{Deserialize, Serialize};

/// A topic as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicRecord {
    pub id: u32,
    pub name: String,
    pub queues: u32,
    /// Accepted message types by name (`normal`, `fifo`, `delay`, `transaction`).
    pub message_types: Vec<String>,
    pub created_ms: i64,
    /// Retry and dead-letter topics are made by the broker, not by users.
    pub system: bool,
    /// True when the topic was created on first use rather than by an operator.
    pub auto_created: bool,
    /// Whether clients may send (`w`) and receive (`r`): `rw`, `r`, `w` or `-`.
    pub perm: String,
    /// Messages older than this are dropped from the topic's queues; 0 = the broker's
    /// retention (the commit log is shared, so a topic can keep less, never more).
    pub retention_ms: u64,
    /// Deleted by an operator. The record stays so the id is never given to another topic
    /// (a new topic of the same name gets a new id).
    pub deleted: bool,
}

impl Default for TopicRecord {
    fn default() -> Self {
        Self {
            id: 0,
            name: String::new(),
            queues: 1,
            message_types: vec!["normal".into()],
            created_ms: 0,
            system: false,
            auto_created: false,
            perm: "rw".into(),
            retention_ms: 0,
            deleted: false,
        }
    }
}

/// A consumer group as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct GroupRecord {
    pub id: u32,
    pub name: String,
    pub created_ms: i64,
    /// Where a queue the group has never read starts: the first message stored at or after
    /// this time (0 = the earliest message kept).
    pub start_ms: i64,
    /// How the start was chosen (`earliest`, `latest`, `timestamp`), for display.
    pub start_policy: String,
    pub fifo: bool,
    /// Every instance gets every message (each client id keeps its own progress).
    pub broadcast: bool,
    pub max_attempts: u32,
    /// Back-off before redelivery after attempt n is `retry_backoff_ms[n-1]` (the last entry
    /// repeats); empty means the broker's default levels.
    pub retry_backoff_ms: Vec<u64>,
    /// The group's `%RETRY%<group>` topic.
    pub retry_topic_id: u32,
    /// Deleted by an operator; kept so the id is never reused.
    pub deleted: bool,
}

/// A user of the access-control layer (an access key), as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UserRecord {
    pub name: String,
    /// The secret key clients sign with. Kept as given: the v2 signature is an HMAC keyed with
    /// it, so the server needs the secret itself, not a hash of it.
    pub secret: String,
    /// Allowed everything.
    pub super_user: bool,
    pub enabled: bool,
}

/// One entry of a user's ACL, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AclEntryRecord {
    pub resource: String,
    pub actions: Vec<String>,
    pub decision: String,
    pub source_ips: Vec<String>,
}

/// A user's ACL, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AclRecord {
    pub user: String,
    pub entries: Vec<AclEntryRecord>,
}
