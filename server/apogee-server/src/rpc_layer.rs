//! The tower layer around every gRPC service of a server: a concurrency bound that refuses at
//! once (RESOURCE_EXHAUSTED) instead of queueing, a server-side timeout (DEADLINE_EXCEEDED),
//! RocketMQ's `rocketmq_rpc_latency` histogram, and a span per call whose parent is the
//! caller's W3C `traceparent` header.
//!
//! Health checks bypass the bound: a busy server is still alive, and a probe refused for load
//! would have it restarted.

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use apogee_telemetry::label_cache::LabelCache;
use apogee_telemetry::opentelemetry::KeyValue;
use apogee_telemetry::opentelemetry::trace::{
    FutureExt as _, SpanKind, Status as SpanStatus, TraceContextExt, Tracer,
};
use futures::future::BoxFuture;
use tokio::sync::Semaphore;
use tonic::body::Body;
use tower::{Layer, Service};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Settings of [`RpcLayer`].
#[derive(Debug, Clone)]
pub struct RpcLimits {
    pub max_concurrent: usize,
    pub timeout: Duration,
}

/// See the module documentation. Clones share one bound.
#[derive(Debug, Clone)]
pub struct RpcLayer {
    permits: Arc<Semaphore>,
    max: usize,
    timeout: Duration,
}

impl RpcLayer {
    pub fn new(limits: &RpcLimits) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(limits.max_concurrent)),
            max: limits.max_concurrent,
            timeout: limits.timeout,
        }
    }
}

impl<S> Layer<S> for RpcLayer {
    type Service = RpcService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RpcService {
            inner,
            layer: self.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RpcService<S> {
    inner: S,
    layer: RpcLayer,
}

impl<S, B> Service<http::Request<B>> for RpcService<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        // Everything derived from the method is built once per method, not per call.
        let rpc = METHODS.get(request.uri().path(), || {
            RpcMethod::new(request.uri().path())
        });
        let permit = if rpc.health {
            None
        } else {
            match self.layer.permits.clone().try_acquire_owned() {
                Ok(p) => Some(p),
                Err(_) => {
                    reject(&rpc.code, "overloaded");
                    let status = tonic::Status::resource_exhausted(format!(
                        "server overloaded: {} calls in progress (server.max_concurrent_requests); \
                         retry later",
                        self.layer.max
                    ));
                    return Box::pin(async move { Ok(status.into_http()) });
                }
            }
        };
        let cx = apogee_telemetry::tracing_enabled().then(|| {
            let parent = request
                .headers()
                .get("traceparent")
                .and_then(|v| v.to_str().ok())
                .and_then(apogee_telemetry::trace_context::parse);
            rpc.start_span(parent)
        });
        // The service that was polled ready handles this call; the clone waits for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let timeout = self.layer.timeout;
        Box::pin(async move {
            let started = Instant::now();
            let call = inner.call(request);
            let outcome = match &cx {
                Some(cx) => tokio::time::timeout(timeout, call.with_context(cx.clone())).await,
                None => tokio::time::timeout(timeout, call).await,
            };
            drop(permit);
            let response = match outcome {
                Ok(Ok(r)) => r,
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => {
                    reject(&rpc.code, "timeout");
                    tonic::Status::deadline_exceeded(format!(
                        "not answered within {timeout:?} (server.request_timeout)"
                    ))
                    .into_http()
                }
            };
            let status = grpc_status(&response);
            let elapsed = started.elapsed().as_millis() as u64;
            let latency = &apogee_telemetry::instruments().rpc_latency;
            if status == 0 {
                latency.record(elapsed, &rpc.ok_labels);
            } else {
                latency.record(elapsed, &rpc.labels(status));
            }
            if let Some(cx) = cx {
                let span = cx.span();
                span.set_attribute(KeyValue::new("rpc.grpc.status_code", i64::from(status)));
                if status != 0 {
                    span.set_status(SpanStatus::error(status_name(status)));
                }
                span.end();
            }
            Ok(response)
        })
    }
}

static METHODS: LabelCache<RpcMethod> = LabelCache::new();

/// What the layer needs of one gRPC method, built on its first call.
#[derive(Debug)]
struct RpcMethod {
    /// `pkg.Service/Method`: the span name.
    name: String,
    service: String,
    method: String,
    /// RocketMQ's `request_code` form: `send_message`.
    code: String,
    health: bool,
    /// The latency labels of a successful call.
    ok_labels: Vec<KeyValue>,
}

impl RpcMethod {
    fn new(path: &str) -> Self {
        let (service, method) = split_path(path);
        let mut m = Self {
            name: path.trim_start_matches('/').to_string(),
            service: service.to_string(),
            method: method.to_string(),
            code: request_code(method),
            health: service == "grpc.health.v1.Health",
            ok_labels: Vec::new(),
        };
        m.ok_labels = m.labels(0);
        m
    }

    fn labels(&self, status: i32) -> Vec<KeyValue> {
        apogee_telemetry::labels(&[
            KeyValue::new("protocol_type", "grpc"),
            KeyValue::new("request_code", self.code.clone()),
            KeyValue::new("response_code", status_name(status)),
            KeyValue::new("is_long_polling", is_long_polling(&self.method)),
            KeyValue::new(
                "result",
                if status == 0 {
                    "success"
                } else {
                    "process_request_failed"
                },
            ),
        ])
    }

    /// The call's server span, a child of the caller's `traceparent` when it sent one.
    fn start_span(
        &self,
        parent: Option<apogee_telemetry::opentelemetry::trace::SpanContext>,
    ) -> apogee_telemetry::opentelemetry::Context {
        let parent_cx = match parent {
            Some(p) => apogee_telemetry::opentelemetry::Context::new().with_remote_span_context(p),
            None => apogee_telemetry::opentelemetry::Context::new(),
        };
        let tracer = apogee_telemetry::tracer();
        let span = tracer
            .span_builder(self.name.clone())
            .with_kind(SpanKind::Server)
            .with_attributes([
                KeyValue::new("rpc.system", "grpc"),
                KeyValue::new("rpc.service", self.service.clone()),
                KeyValue::new("rpc.method", self.method.clone()),
            ])
            .start_with_context(&tracer, &parent_cx);
        parent_cx.with_span(span)
    }
}

fn reject(code: &str, reason: &'static str) {
    apogee_telemetry::instruments().rpc_rejected.add(
        1,
        &apogee_telemetry::labels(&[
            KeyValue::new("request_code", code.to_string()),
            KeyValue::new("reason", reason),
        ]),
    );
}

/// `/pkg.Service/Method` → (`pkg.Service`, `Method`).
fn split_path(path: &str) -> (&str, &str) {
    let trimmed = path.trim_start_matches('/');
    trimmed.rsplit_once('/').unwrap_or((trimmed, ""))
}

/// RocketMQ's request codes are lower snake case (`send_message_v2`): `SendMessage` →
/// `send_message`.
fn request_code(method: &str) -> String {
    let mut out = String::with_capacity(method.len() + 4);
    for (i, c) in method.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn is_long_polling(method: &str) -> bool {
    matches!(method, "ReceiveMessage" | "PullMessage" | "AwaitChange")
}

/// The gRPC status of a response, when it is in the headers (errors answered trailers-only);
/// a unary success carries it in the trailers, after this layer returns: 0.
fn grpc_status(response: &http::Response<Body>) -> i32 {
    response
        .headers()
        .get("grpc-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn status_name(code: i32) -> &'static str {
    match tonic::Code::from_i32(code) {
        tonic::Code::Ok => "ok",
        tonic::Code::Cancelled => "cancelled",
        tonic::Code::Unknown => "unknown",
        tonic::Code::InvalidArgument => "invalid_argument",
        tonic::Code::DeadlineExceeded => "deadline_exceeded",
        tonic::Code::NotFound => "not_found",
        tonic::Code::AlreadyExists => "already_exists",
        tonic::Code::PermissionDenied => "permission_denied",
        tonic::Code::ResourceExhausted => "resource_exhausted",
        tonic::Code::FailedPrecondition => "failed_precondition",
        tonic::Code::Aborted => "aborted",
        tonic::Code::OutOfRange => "out_of_range",
        tonic::Code::Unimplemented => "unimplemented",
        tonic::Code::Internal => "internal",
        tonic::Code::Unavailable => "unavailable",
        tonic::Code::DataLoss => "data_loss",
        tonic::Code::Unauthenticated => "unauthenticated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_codes_read_like_rocketmq() {
        assert_eq!(request_code("SendMessage"), "send_message");
        assert_eq!(request_code("QueryRoute"), "query_route");
        assert_eq!(request_code("Check"), "check");
        assert_eq!(
            split_path("/apache.rocketmq.v2.MessagingService/SendMessage"),
            ("apache.rocketmq.v2.MessagingService", "SendMessage")
        );
    }
}
