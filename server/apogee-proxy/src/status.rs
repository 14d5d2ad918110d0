//! The one place where errors become v2 status codes. Matches are exhaustive, so a new error
//! variant cannot silently become a generic code. Internal failures reach clients as a generic
//! message with a reference; the full error goes to the server log.

use apogee_broker::BrokerError;
use apogee_proto::rocketmq::v2::{Code, Status};
use apogee_store::StoreError;
use apogee_types::quote::cap_message;
use apogee_types::{FieldError, NameError};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::RequestError;
use crate::auth::AuthError;

/// A successful status.
pub fn ok() -> Option<Status> {
    Some(Status {
        code: Code::Ok as i32,
        message: "OK".into(),
    })
}

/// Longest status message sent to a client. Errors quote input briefly already; this bound
/// holds whatever a message is built from (gRPC trailers over 16 KiB are refused by clients).
pub const MAX_STATUS_MESSAGE: usize = 1024;

/// A status with a code and message.
pub fn status(code: Code, message: impl Into<String>) -> Option<Status> {
    Some(Status {
        code: code as i32,
        message: cap_message(message.into(), MAX_STATUS_MESSAGE),
    })
}

/// The status a client gets for an error.
pub fn from_error(e: &RequestError) -> Option<Status> {
    if let RequestError::Remote { code, message } = e {
        // The broker chose the code and already logged anything internal behind it.
        return Some(Status {
            code: *code,
            message: cap_message(message.clone(), MAX_STATUS_MESSAGE),
        });
    }
    let code = code_of(e);
    let message = match code {
        _ if store_degraded(e) => {
            DEGRADED_LOG.warn(&e.to_string());
            e.to_string()
        }
        Code::InternalServerError | Code::InternalError => {
            let reference = uuid::Uuid::new_v4();
            tracing::error!(error = %e, %reference, "Request failed inside the server.");
            format!("internal error (reference {reference}); see the server log")
        }
        _ => e.to_string(),
    };
    status(code, message)
}

/// A full disk or a store recovering from an I/O error: the client is told plainly (it is
/// not an internal detail), and the log says so at most every few seconds, not per request.
fn store_degraded(e: &RequestError) -> bool {
    matches!(e, RequestError::Broker(BrokerError::Store(s)) if s.is_transient())
}

static DEGRADED_LOG: RateLimitedLog = RateLimitedLog::new(10_000);

/// Logs one warning per interval and counts the ones it held back.
#[derive(Debug)]
pub struct RateLimitedLog {
    interval_ms: u64,
    last_ms: AtomicU64,
    held_back: AtomicU64,
}

impl RateLimitedLog {
    pub const fn new(interval_ms: u64) -> Self {
        Self {
            interval_ms,
            last_ms: AtomicU64::new(0),
            held_back: AtomicU64::new(0),
        }
    }

    pub fn warn(&self, message: &str) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let last = self.last_ms.load(Ordering::Relaxed);
        if now.saturating_sub(last) < self.interval_ms
            || self
                .last_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            self.held_back.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let held_back = self.held_back.swap(0, Ordering::Relaxed);
        tracing::warn!(
            error = message,
            similar_since_last = held_back,
            "Requests refused: the store cannot write."
        );
    }
}

/// The gRPC status that ends a stream over a request error (Telemetry: a client waiting for
/// its settings needs the stream to fail, not a reply without settings).
pub fn stream_status(e: &RequestError) -> tonic::Status {
    let message = from_error(e).map_or_else(
        || cap_message(e.to_string(), MAX_STATUS_MESSAGE),
        |s| s.message,
    );
    match code_of(e) as i32 / 100 {
        400 => tonic::Status::invalid_argument(message),
        404 => tonic::Status::not_found(message),
        429 => tonic::Status::resource_exhausted(message),
        401 => tonic::Status::unauthenticated(message),
        403 => tonic::Status::permission_denied(message),
        _ => tonic::Status::internal(message),
    }
}

fn code_of(e: &RequestError) -> Code {
    match e {
        RequestError::Missing(_) => Code::BadRequest,
        RequestError::MessageCorrupted(_) => Code::MessageCorrupted,
        RequestError::DeliveryTime(_) => Code::IllegalDeliveryTime,
        RequestError::PollingTime(_) => Code::IllegalPollingTime,
        RequestError::FilterExpression(_) => Code::IllegalFilterExpression,
        RequestError::InvisibleTime(_) => Code::IllegalInvisibleTime,
        RequestError::AccessPoint(_) => Code::IllegalAccessPoint,
        RequestError::TransactionId(_) => Code::InvalidTransactionId,
        RequestError::Offset(_) => Code::IllegalOffset,
        RequestError::ClientIdRequired => Code::ClientIdRequired,
        RequestError::ClientType(_) => Code::UnrecognizedClientType,
        RequestError::BadValue(_) => Code::BadRequest,
        RequestError::Unsupported(_) => Code::Unsupported,
        RequestError::Remote { code, .. } => {
            Code::try_from(*code).unwrap_or(Code::InternalServerError)
        }
        RequestError::BrokerUnavailable(_) => Code::ProxyTimeout,
        RequestError::Auth(AuthError::Unauthenticated(_)) => Code::Unauthorized,
        RequestError::Auth(AuthError::Forbidden(_)) => Code::Forbidden,
        RequestError::Broker(b) => broker_code(b),
    }
}

fn broker_code(e: &BrokerError) -> Code {
    match e {
        BrokerError::TopicNotFound(_) => Code::TopicNotFound,
        BrokerError::GroupNotFound(_) => Code::ConsumerGroupNotFound,
        BrokerError::AlreadyExists(_) => Code::BadRequest,
        BrokerError::Name(n) => name_code(n),
        BrokerError::Field(f) => field_code(f),
        BrokerError::MessageTypeMismatch { .. } | BrokerError::MessageTypeConflict { .. } => {
            Code::MessagePropertyConflictWithType
        }
        BrokerError::IllegalDeliveryTime(_) => Code::IllegalDeliveryTime,
        BrokerError::InvalidTransaction(_) => Code::InvalidTransactionId,
        BrokerError::BadRecallHandle(_) => Code::BadRequest,
        BrokerError::MessageNotFound(_) => Code::MessageNotFound,
        BrokerError::BadReceiptHandle(_) | BrokerError::StaleReceiptHandle(_) => {
            Code::InvalidReceiptHandle
        }
        BrokerError::InvisibleDuration { .. } => Code::IllegalInvisibleTime,
        BrokerError::InvalidArgument(_) | BrokerError::FailedPrecondition(_) => Code::BadRequest,
        BrokerError::TooManyRequests(_) => Code::TooManyRequests,
        BrokerError::TooManyMessages { .. } => Code::BadRequest,
        BrokerError::BatchTooLarge { .. } => Code::MessageBodyTooLarge,
        // A name that cannot be created reads, to a client, as one that does not exist; the
        // message says why.
        BrokerError::LimitReached { kind: "topic", .. } => Code::TopicNotFound,
        BrokerError::LimitReached { .. } => Code::ConsumerGroupNotFound,
        BrokerError::IllegalOffset { .. } => Code::IllegalOffset,
        BrokerError::OffsetNotFound { .. } => Code::OffsetNotFound,
        BrokerError::ClientIdRequired(_) => Code::ClientIdRequired,
        BrokerError::Store(StoreError::DiskFull(_)) => Code::TooManyRequests,
        // A slave serving its dead master's queues: writes wait for the master.
        BrokerError::Store(StoreError::ReadOnly(_)) => Code::Forbidden,
        BrokerError::NoPermission(_) => Code::Forbidden,
        BrokerError::Store(_) => Code::InternalServerError,
        BrokerError::ShuttingDown => Code::InternalError,
        BrokerError::SlaveNotAvailable => Code::HaNotAvailable,
        BrokerError::SlaveTimeout(_) => Code::SlavePersistenceTimeout,
    }
}

fn name_code(e: &NameError) -> Code {
    let kind = match e {
        NameError::Empty { kind }
        | NameError::TooLong { kind, .. }
        | NameError::BadChar { kind, .. }
        | NameError::Reserved { kind, .. } => *kind,
    };
    if kind == "group" {
        Code::IllegalConsumerGroup
    } else {
        Code::IllegalTopic
    }
}

fn field_code(e: &FieldError) -> Code {
    match e {
        FieldError::BodyEmpty => Code::MessageBodyEmpty,
        FieldError::BodyTooLarge { .. } => Code::MessageBodyTooLarge,
        FieldError::MessageIdMissing | FieldError::MessageIdTooLong(_) => Code::IllegalMessageId,
        FieldError::Tag(_) => Code::IllegalMessageTag,
        FieldError::Key(_) => Code::IllegalMessageKey,
        FieldError::MessageGroup { .. } => Code::IllegalMessageGroup,
        FieldError::TooManyKeys { .. } => Code::IllegalMessageKey,
        FieldError::PropertyKey(_) => Code::IllegalMessagePropertyKey,
        FieldError::TooManyProperties { .. } | FieldError::PropertiesTooLarge { .. } => {
            Code::MessagePropertiesTooLarge
        }
    }
}

/// The gRPC status for a refused call on our own APIs.
pub fn auth_status(e: &AuthError) -> tonic::Status {
    let message = cap_message(e.to_string(), MAX_STATUS_MESSAGE);
    match e {
        AuthError::Unauthenticated(_) => tonic::Status::unauthenticated(message),
        AuthError::Forbidden(_) => tonic::Status::permission_denied(message),
    }
}

/// The gRPC status for an error on the admin API (our own API uses plain gRPC codes).
pub fn admin_status(e: &BrokerError) -> tonic::Status {
    let s = admin_status_uncapped(e);
    tonic::Status::new(
        s.code(),
        cap_message(s.message().to_owned(), MAX_STATUS_MESSAGE),
    )
}

fn admin_status_uncapped(e: &BrokerError) -> tonic::Status {
    use tonic::Status as S;
    match e {
        BrokerError::TopicNotFound(_)
        | BrokerError::GroupNotFound(_)
        | BrokerError::OffsetNotFound { .. } => S::not_found(e.to_string()),
        BrokerError::AlreadyExists(_) => S::already_exists(e.to_string()),
        BrokerError::Name(_)
        | BrokerError::Field(_)
        | BrokerError::MessageTypeMismatch { .. }
        | BrokerError::MessageTypeConflict { .. }
        | BrokerError::BadReceiptHandle(_)
        | BrokerError::StaleReceiptHandle(_)
        | BrokerError::InvisibleDuration { .. }
        | BrokerError::IllegalOffset { .. }
        | BrokerError::ClientIdRequired(_)
        | BrokerError::InvalidArgument(_) => S::invalid_argument(e.to_string()),
        BrokerError::MessageNotFound(_) => S::not_found(e.to_string()),
        BrokerError::IllegalDeliveryTime(_)
        | BrokerError::InvalidTransaction(_)
        | BrokerError::BadRecallHandle(_) => S::invalid_argument(e.to_string()),
        BrokerError::TooManyRequests(_) | BrokerError::LimitReached { .. } => {
            S::resource_exhausted(e.to_string())
        }
        BrokerError::TooManyMessages { .. } | BrokerError::BatchTooLarge { .. } => {
            S::invalid_argument(e.to_string())
        }
        BrokerError::FailedPrecondition(_) => S::failed_precondition(e.to_string()),
        BrokerError::NoPermission(_) => S::permission_denied(e.to_string()),
        BrokerError::ShuttingDown
        | BrokerError::SlaveNotAvailable
        | BrokerError::SlaveTimeout(_) => S::unavailable(e.to_string()),
        BrokerError::Store(StoreError::DiskFull(_)) => {
            DEGRADED_LOG.warn(&e.to_string());
            S::resource_exhausted(e.to_string())
        }
        BrokerError::Store(StoreError::Unavailable(_)) => {
            DEGRADED_LOG.warn(&e.to_string());
            S::unavailable(e.to_string())
        }
        BrokerError::Store(StoreError::ReadOnly(_)) => S::unavailable(e.to_string()),
        BrokerError::Store(_) => {
            let reference = uuid::Uuid::new_v4();
            tracing::error!(error = %e, %reference, "Admin request failed inside the server.");
            S::internal(format!(
                "internal error (reference {reference}); see the server log"
            ))
        }
    }
}
