//! The one error type of the SDK, with a kind to match on.

use apogee_proto::rocketmq::v2 as pb;

/// What went wrong, broadly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The endpoint could not be reached or the connection broke.
    Connect,
    /// The server refused the request as invalid (a 4xx code other than 429).
    BadRequest,
    /// Topic, group, message or offset not found.
    NotFound,
    /// The server is throttling (TOO_MANY_REQUESTS); back off and try later.
    TooManyRequests,
    /// The server failed (5xx), or a flush/replica timed out.
    Server,
    /// The call did not finish in time.
    Timeout,
    /// The client was shut down, or was used wrongly.
    Client,
    /// The server does not support the request (NOT_IMPLEMENTED, UNSUPPORTED, an unknown code).
    Unsupported,
}

/// An error, with the server's status code when the server answered.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{kind:?}: {message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// The `apache.rocketmq.v2.Code` the server answered, if any.
    pub code: Option<i32>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            code: None,
        }
    }

    /// The error for a non-OK status.
    pub(crate) fn from_status(status: &pb::Status) -> Self {
        let kind = match status.code {
            42900 => ErrorKind::TooManyRequests,
            40400..=40499 => ErrorKind::NotFound,
            40800 | 50400..=50499 => ErrorKind::Timeout,
            40000..=49999 => ErrorKind::BadRequest,
            // NOT_IMPLEMENTED, UNSUPPORTED, VERSION_UNSUPPORTED, VERIFY_FIFO_MESSAGE_UNSUPPORTED:
            // sending the same request again cannot help.
            50100 | 50500..=50599 => ErrorKind::Unsupported,
            50000..=59999 => ErrorKind::Server,
            _ => ErrorKind::Unsupported,
        };
        Self {
            kind,
            message: status.message.clone(),
            code: Some(status.code),
        }
    }

    /// Whether resending could succeed: not for bad input, nor for throttling (which RocketMQ
    /// answers by backing off, not by resending at once).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect | ErrorKind::Server | ErrorKind::Timeout
        )
    }
}

impl From<tonic::Status> for Error {
    fn from(s: tonic::Status) -> Self {
        let kind = match s.code() {
            tonic::Code::DeadlineExceeded => ErrorKind::Timeout,
            tonic::Code::Unavailable | tonic::Code::Unknown | tonic::Code::Cancelled => {
                ErrorKind::Connect
            }
            tonic::Code::InvalidArgument => ErrorKind::BadRequest,
            tonic::Code::NotFound => ErrorKind::NotFound,
            tonic::Code::ResourceExhausted => ErrorKind::TooManyRequests,
            // Apache RocketMQ's proxy has no PullMessage, UpdateOffset, GetOffset or QueryOffset.
            tonic::Code::Unimplemented => ErrorKind::Unsupported,
            _ => ErrorKind::Server,
        };
        Self {
            kind,
            message: if kind == ErrorKind::Unsupported {
                format!("the server does not implement this call ({})", s.message())
            } else {
                s.message().to_owned()
            },
            code: None,
        }
    }
}

impl From<tonic::transport::Error> for Error {
    fn from(e: tonic::transport::Error) -> Self {
        Self::new(ErrorKind::Connect, e.to_string())
    }
}

/// OK, or the error the status carries. A missing status is a server fault.
pub(crate) fn check(status: Option<&pb::Status>) -> Result<(), Error> {
    match status {
        Some(s) if s.code == pb::Code::Ok as i32 || s.code == pb::Code::MultipleResults as i32 => {
            Ok(())
        }
        Some(s) => Err(Error::from_status(s)),
        None => Err(Error::new(
            ErrorKind::Server,
            "the server answered without a status",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(code: i32) -> (ErrorKind, bool) {
        let e = Error::from_status(&pb::Status {
            code,
            message: String::new(),
        });
        (e.kind, e.is_retryable())
    }

    #[test]
    fn only_transient_failures_are_resent() {
        assert_eq!(kind_of(42900), (ErrorKind::TooManyRequests, false));
        assert_eq!(kind_of(40001), (ErrorKind::BadRequest, false));
        assert_eq!(kind_of(40402), (ErrorKind::NotFound, false));
        assert_eq!(kind_of(50001), (ErrorKind::Server, true));
        assert_eq!(kind_of(50401), (ErrorKind::Timeout, true));
        assert_eq!(kind_of(50100), (ErrorKind::Unsupported, false));
        assert_eq!(kind_of(50500), (ErrorKind::Unsupported, false));
        assert_eq!(kind_of(50502), (ErrorKind::Unsupported, false));
        assert_eq!(kind_of(0), (ErrorKind::Unsupported, false));
    }

    #[test]
    fn a_call_the_server_lacks_is_unsupported_and_says_so() {
        let e = Error::from(tonic::Status::unimplemented(
            "Method not found: apache.rocketmq.v2.MessagingService/PullMessage",
        ));
        assert_eq!(e.kind, ErrorKind::Unsupported);
        assert!(!e.is_retryable());
        assert!(e.message.contains("does not implement"), "{e}");
        assert!(e.message.contains("PullMessage"), "{e}");
    }
}
