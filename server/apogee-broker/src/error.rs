//! The broker's error type. The proxy maps each variant to a v2 status code in one place.

use apogee_store::StoreError;
use apogee_types::{FieldError, MessageType, NameError, ReceiptError};

#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error("topic {0} does not exist")]
    TopicNotFound(String),
    #[error("consumer group {0} does not exist")]
    GroupNotFound(String),
    #[error("{0} already exists")]
    AlreadyExists(String),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error("topic {topic} does not accept {got} messages (it accepts {accepts})")]
    MessageTypeMismatch {
        topic: String,
        got: &'static str,
        accepts: String,
    },
    #[error("invalid delivery time: {0}")]
    IllegalDeliveryTime(String),
    #[error("invalid transaction: {0}")]
    InvalidTransaction(String),
    #[error("invalid recall handle: {0}")]
    BadRecallHandle(String),
    #[error("{0}")]
    MessageNotFound(String),
    #[error("{kind} message needs {needs}")]
    MessageTypeConflict {
        kind: &'static str,
        needs: &'static str,
    },
    #[error("invalid receipt handle: {0}")]
    BadReceiptHandle(#[from] ReceiptError),
    #[error("receipt handle is stale: {0}")]
    StaleReceiptHandle(&'static str),
    #[error("invisible duration {got_ms} ms is out of range [{min_ms}, {max_ms}] ms")]
    InvisibleDuration {
        got_ms: u128,
        min_ms: u128,
        max_ms: u128,
    },
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The request conflicts with the state things are in (e.g. a group mode change while
    /// the group has deliveries in flight).
    #[error("failed precondition: {0}")]
    FailedPrecondition(String),
    /// The topic's permission forbids it (RocketMQ's NO_PERMISSION).
    #[error("no permission: {0}")]
    NoPermission(String),
    #[error("offset {offset} is out of range [{min}, {max}] of queue {queue_id}")]
    IllegalOffset {
        queue_id: u32,
        offset: u64,
        min: u64,
        max: u64,
    },
    #[error("consumer group {group} has no offset for queue {queue_id} of topic {topic}")]
    OffsetNotFound {
        group: String,
        topic: String,
        queue_id: u32,
    },
    #[error("client id is required: {0}")]
    ClientIdRequired(&'static str),
    #[error("the broker is busy: {0}")]
    TooManyRequests(String),
    #[error("the request carries {count} messages, more than broker.max_batch_messages = {max}")]
    TooManyMessages { count: usize, max: usize },
    #[error(
        "the request's message bodies take {size} bytes, more than broker.max_batch_bytes = {max}"
    )]
    BatchTooLarge { size: usize, max: usize },
    /// Creating one more topic or group would pass `broker.max_topics` / `max_groups`.
    #[error(
        "{kind} limit reached: the broker holds {max} {kind}s (broker.max_{kind}s); delete some or raise the limit"
    )]
    LimitReached { kind: &'static str, max: usize },
    #[error("storage failure: {0}")]
    Store(#[from] StoreError),
    #[error("the broker is shutting down")]
    ShuttingDown,
    /// Sync replication with no slave connected: stored on the master only.
    #[error("stored on the master, but no slave is connected to replicate it (sync replication)")]
    SlaveNotAvailable,
    /// Sync replication: the slave did not confirm in time (the master has it).
    #[error("stored on the master, but no slave confirmed it within {0:?} (sync replication)")]
    SlaveTimeout(std::time::Duration),
}

impl BrokerError {
    /// The same failure again, for each of several requests one write failed.
    pub(crate) fn duplicate(&self) -> BrokerError {
        match self {
            BrokerError::Store(s) => BrokerError::Store(s.duplicate()),
            BrokerError::ShuttingDown => BrokerError::ShuttingDown,
            other => BrokerError::Store(StoreError::WriteFailed(other.to_string())),
        }
    }

    pub fn type_mismatch(topic: &str, got: MessageType, accepts: &[MessageType]) -> Self {
        BrokerError::MessageTypeMismatch {
            topic: topic.to_owned(),
            got: got.as_str(),
            accepts: accepts
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}
