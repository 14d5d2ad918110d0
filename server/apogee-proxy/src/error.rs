//! Errors found while turning a request into domain types, before the broker sees it.

use apogee_broker::BrokerError;

/// A request the proxy refuses, or a broker error passed through.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("message is corrupted: {0}")]
    MessageCorrupted(String),
    #[error("invalid delivery time: {0}")]
    DeliveryTime(String),
    #[error("invalid polling time: {0}")]
    PollingTime(String),
    #[error("invalid filter expression: {0}")]
    FilterExpression(String),
    #[error("invalid invisible duration: {0}")]
    InvisibleTime(String),
    #[error("access point is empty: {0}")]
    AccessPoint(&'static str),
    #[error("illegal offset: {0}")]
    Offset(String),
    #[error("invalid transaction id: {0}")]
    TransactionId(String),
    #[error("client id (header x-mq-client-id) is required")]
    ClientIdRequired,
    #[error("unrecognized client type {0}")]
    ClientType(i32),
    /// A field holds a value the protocol does not define.
    #[error("{0}")]
    BadValue(String),
    #[error("{0}")]
    Unsupported(String),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    #[error(transparent)]
    Broker(#[from] BrokerError),
    /// A remote broker's refusal, passed on with its v2 code and message as they came.
    #[error("{message}")]
    Remote { code: i32, message: String },
    /// No broker could be reached for the call (a proxy in a cluster).
    #[error("{0}")]
    BrokerUnavailable(String),
}

impl From<apogee_types::NameError> for RequestError {
    fn from(e: apogee_types::NameError) -> Self {
        RequestError::Broker(BrokerError::Name(e))
    }
}

impl From<apogee_types::FieldError> for RequestError {
    fn from(e: apogee_types::FieldError) -> Self {
        RequestError::Broker(BrokerError::Field(e))
    }
}
