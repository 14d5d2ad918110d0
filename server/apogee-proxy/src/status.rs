//! The one place where errors become v2 status codes. Matches are exhaustive, so a new error
//! variant cannot silently become a generic code. Internal failures reach clients as a generic
//! message with a reference; the full error goes to the server log.

use apogee_broker::BrokerError;
use apogee_proto::rocketmq::v2::{Code, Status};
use apogee_types::{FieldError, NameError};

use crate::RequestError;

/// A successful status.
pub fn ok() -> Option<Status> {
    Some(Status {
        code: Code::Ok as i32,
        message: "OK".into(),
    })
}

/// A status with a code and message.
pub fn status(code: Code, message: impl Into<String>) -> Option<Status> {
    Some(Status {
        code: code as i32,
        message: message.into(),
    })
}

/// The status a client gets for an error.
pub fn from_error(e: &RequestError) -> Option<Status> {
    let code = code_of(e);
    let message = match code {
        Code::InternalServerError | Code::InternalError => {
            let reference = uuid::Uuid::new_v4();
            tracing::error!(error = %e, %reference, "Request failed inside the server.");
            format!("internal error (reference {reference}); see the server log")
        }
        _ => e.to_string(),
    };
    status(code, message)
}

/// The gRPC status that ends a stream over a request error (Telemetry: a client waiting for
/// its settings needs the stream to fail, not a reply without settings).
pub fn stream_status(e: &RequestError) -> tonic::Status {
    let message = from_error(e).map_or_else(|| e.to_string(), |s| s.message);
    match code_of(e) as i32 / 100 {
        400 => tonic::Status::invalid_argument(message),
        404 => tonic::Status::not_found(message),
        429 => tonic::Status::resource_exhausted(message),
        401 | 403 => tonic::Status::permission_denied(message),
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
        RequestError::ClientIdRequired => Code::ClientIdRequired,
        RequestError::ClientType(_) => Code::UnrecognizedClientType,
        RequestError::BadValue(_) => Code::BadRequest,
        RequestError::Unsupported(_) => Code::Unsupported,
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
        BrokerError::IllegalOffset { .. } => Code::IllegalOffset,
        BrokerError::OffsetNotFound { .. } => Code::OffsetNotFound,
        BrokerError::ClientIdRequired(_) => Code::ClientIdRequired,
        BrokerError::Store(_) => Code::InternalServerError,
        BrokerError::ShuttingDown => Code::InternalError,
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
        FieldError::MessageGroup(_) => Code::IllegalMessageGroup,
        FieldError::PropertyKey(_) => Code::IllegalMessagePropertyKey,
        FieldError::TooManyProperties { .. } | FieldError::PropertiesTooLarge { .. } => {
            Code::MessagePropertiesTooLarge
        }
    }
}

/// The gRPC status for an error on the admin API (our own API uses plain gRPC codes).
pub fn admin_status(e: &BrokerError) -> tonic::Status {
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
        BrokerError::TooManyRequests(_) => S::resource_exhausted(e.to_string()),
        BrokerError::FailedPrecondition(_) => S::failed_precondition(e.to_string()),
        BrokerError::ShuttingDown => S::unavailable(e.to_string()),
        BrokerError::Store(_) => {
            let reference = uuid::Uuid::new_v4();
            tracing::error!(error = %e, %reference, "Admin request failed inside the server.");
            S::internal(format!(
                "internal error (reference {reference}); see the server log"
            ))
        }
    }
}
