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

/// RocketMQ's 18 classic levels: retry back-off, and the delay levels of `DELAY` messages.
pub const DEFAULT_RETRY_LEVELS_SECS: [u64; 18] = [
    1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200,
];

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
    /// Invisible duration for receives that let the server choose (push consumers); renewed
    /// while the client stays connected.
    #[serde(with = "humantime_serde")]
    pub default_invisible: Duration,
    /// Longest a receive waits for messages.
    #[serde(with = "humantime_serde")]
    pub max_long_polling: Duration,
    /// Where a new group starts when it is created implicitly.
    pub group_start: StartPolicy,
    /// Deliveries before a message goes to the dead-letter queue: the first and 16 retries, as
    /// RocketMQ's default maxReconsumeTimes = 16 gives.
    pub max_delivery_attempts: u32,
    /// Back-off before redelivery after attempt n (the last level repeats).
    #[serde(with = "duration_list")]
    pub retry_backoff: Vec<Duration>,
    /// Deliveries one consumer may hold unacknowledged per queue; a consumer at the bound gets
    /// no more from that queue until it acks.
    pub max_inflight_per_queue: u32,
    /// Receives that may wait (long poll) at once; more are answered TOO_MANY_REQUESTS.
    pub max_long_polls: usize,
    /// Bytes of sends waiting to be written above which new sends are answered
    /// TOO_MANY_REQUESTS until the writer catches up.
    pub max_write_backlog: usize,
    /// How long messages are kept, delivered or not.
    #[serde(with = "humantime_serde")]
    pub retention: Duration,
    /// How often retention runs.
    #[serde(with = "humantime_serde")]
    pub retention_interval: Duration,
    /// Furthest in the future a delay or timer message may be scheduled.
    #[serde(with = "humantime_serde")]
    pub max_delay: Duration,
    /// How long a half transactional message waits before, and between, check-backs.
    #[serde(with = "humantime_serde")]
    pub transaction_check_interval: Duration,
    /// Check-backs before an unresolved transaction is rolled back.
    pub transaction_max_checks: u32,
    /// Messages one SendMessage may carry.
    pub max_batch_messages: usize,
    /// Bytes of (decoded) message bodies one SendMessage may carry, so a request cannot make
    /// the server hold many times its own size (GZIP bodies are decoded).
    pub max_batch_bytes: usize,
    /// Most messages one receive or pull may ask for.
    pub max_receive_batch: usize,
    /// Topics the broker holds at most (retry and dead-letter topics not counted): creation,
    /// automatic or not, is refused beyond it.
    pub max_topics: usize,
    /// Consumer groups the broker holds at most.
    pub max_groups: usize,
    /// User properties one message may carry.
    pub max_properties: usize,
    /// Bytes of user properties, tag and keys of one message together.
    pub max_properties_bytes: usize,
    /// Keys one message may carry.
    pub max_keys: usize,
    /// Longest message group (FIFO key), in bytes.
    pub max_message_group_bytes: usize,
    /// Receives and pulls one client (one client id) may have waiting at once.
    pub max_long_polls_per_client: usize,
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
            max_delivery_attempts: 17,
            retry_backoff: DEFAULT_RETRY_LEVELS_SECS
                .iter()
                .map(|s| Duration::from_secs(*s))
                .collect(),
            max_inflight_per_queue: 2048,
            max_long_polls: 10_000,
            max_write_backlog: 256 * 1024 * 1024,
            retention: Duration::from_secs(72 * 3600),
            retention_interval: Duration::from_secs(600),
            max_delay: Duration::from_secs(40 * 24 * 3600),
            transaction_check_interval: Duration::from_secs(60),
            transaction_max_checks: 15,
            max_batch_messages: 1024,
            max_batch_bytes: 16 * 1024 * 1024,
            max_receive_batch: 1024,
            max_topics: 10_000,
            max_groups: 10_000,
            max_properties: apogee_types::limits::MAX_USER_PROPERTIES,
            max_properties_bytes: apogee_types::limits::MAX_PROPERTIES_SIZE,
            max_keys: apogee_types::limits::MAX_KEYS,
            max_message_group_bytes: apogee_types::limits::MAX_MESSAGE_GROUP_LEN,
            max_long_polls_per_client: 64,
        }
    }
}

impl BrokerConfig {
    /// Refuses a send request of more messages than `broker.max_batch_messages` (checked by a
    /// proxy before the request travels, and by the broker).
    pub fn check_send_batch(&self, count: usize) -> Result<(), crate::BrokerError> {
        if count > self.max_batch_messages {
            return Err(crate::BrokerError::TooManyMessages {
                count,
                max: self.max_batch_messages,
            });
        }
        Ok(())
    }

    /// The per-message limits, for validating a sent message.
    pub fn message_limits(&self) -> apogee_types::limits::MessageLimits {
        apogee_types::limits::MessageLimits {
            max_body: self.max_body_size,
            max_properties: self.max_properties,
            max_properties_bytes: self.max_properties_bytes,
            max_keys: self.max_keys,
            max_message_group_bytes: self.max_message_group_bytes,
        }
    }
}

/// A list of humantime durations (`["1s", "5s", "1m"]`).
mod duration_list {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(list: &[Duration], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            list.iter()
                .map(|d| humantime::format_duration(*d).to_string()),
        )
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        raw.iter()
            .map(|s| humantime::parse_duration(s).map_err(serde::de::Error::custom))
            .collect()
    }
}
