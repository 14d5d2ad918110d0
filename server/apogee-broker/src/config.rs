//! Broker settings. Every field has a default; durations are humantime strings in TOML.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Where a consumer group starts reading queues it has never read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StartPolicy {
    /// The oldest message still kept.
    Earliest,
    /// Messages stored from the moment the group is first known.
    #[default]
    Latest,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BrokerConfig {
    /// Broker name reported in routes.
    pub name: String,
    /// Create a topic on first send or route query (accepting every message type).
    pub auto_create_topics: bool,
    /// Create a consumer group the first time a client names it.
    pub auto_create_groups: bool,
    /// Queues of an auto-created topic, and the default for `CreateTopic`.
    pub default_queues: u32,
    /// Largest message body in bytes.
    pub max_body_size: usize,
    /// Shortest invisible duration a receive may ask for.
    #[serde(with = "humantime_serde")]
    pub min_invisible: Duration,
    /// Longest invisible duration a receive or change may ask for.
    #[serde(with = "humantime_serde")]
    pub max_invisible: Duration,
    /// Invisible duration for receives that let the server choose (push consumers).
    #[serde(with = "humantime_serde")]
    pub default_invisible: Duration,
    /// Longest a receive waits for messages.
    #[serde(with = "humantime_serde")]
    pub max_long_polling: Duration,
    /// Where a new group starts when it is created implicitly.
    pub group_start: StartPolicy,
    /// Deliveries before a message goes to the dead-letter queue.
    pub max_delivery_attempts: u32,
}

impl Default for BrokerConfig {
    fn default() -> Self {
        Self {
            name: "broker-0".into(),
            auto_create_topics: true,
            auto_create_groups: true,
            default_queues: 8,
            max_body_size: apogee_types::limits::DEFAULT_MAX_BODY_SIZE,
            min_invisible: Duration::from_secs(10),
            max_invisible: Duration::from_secs(12 * 3600),
            default_invisible: Duration::from_secs(60),
            max_long_polling: Duration::from_secs(30),
            group_start: StartPolicy::Latest,
            max_delivery_attempts: 16,
        }
    }
}
