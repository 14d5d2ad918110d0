//! Message spans, linked through the W3C trace context RocketMQ 5 clients put in a message's
//! `trace_context` system property:
//!
//! - a send makes a `store {topic}` span per message, a child of the producer's context when
//!   the message carries one; a message without one is given this span's context, so its
//!   consumers still link to where it entered;
//! - a receive makes one `receive {topic}` span, a child of the call's span, with a link to
//!   each delivered message's context. The context is stored with the message, so the link
//!   survives restarts and holds whichever broker serves the message.
//!
//! Without an OTLP endpoint nothing here runs (`apogee_telemetry::tracing_enabled`).

use apogee_telemetry::opentelemetry::trace::{
    Link, Span as _, SpanKind, Status, TraceContextExt, Tracer,
};
use apogee_telemetry::opentelemetry::{Context, KeyValue};
use apogee_telemetry::trace_context;
use apogee_types::Message;

/// The spans of one send, ended by [`SendSpans::finish`].
#[derive(Debug, Default)]
pub struct SendSpans {
    spans: Vec<apogee_telemetry::opentelemetry::global::BoxedSpan>,
}

impl SendSpans {
    /// Starts a span per message and gives context-less messages this span's context.
    pub fn start(topic: &str, messages: &mut [Message]) -> Self {
        if !apogee_telemetry::tracing_enabled() {
            return Self::default();
        }
        let tracer = apogee_telemetry::tracer();
        let call = Context::current();
        let spans = messages
            .iter_mut()
            .map(|m| {
                let parent = match m.trace_context.as_deref().and_then(trace_context::parse) {
                    Some(producer) => Context::new().with_remote_span_context(producer),
                    None => call.clone(),
                };
                let span = tracer
                    .span_builder(format!("store {topic}"))
                    .with_kind(SpanKind::Internal)
                    .with_attributes([
                        KeyValue::new("messaging.system", "rocketmq"),
                        KeyValue::new("messaging.operation.type", "send"),
                        KeyValue::new("messaging.destination.name", topic.to_string()),
                        KeyValue::new("messaging.message.id", m.message_id.clone()),
                    ])
                    .start_with_context(&tracer, &parent);
                if m.trace_context.is_none() {
                    m.trace_context = Some(trace_context::format(span.span_context()));
                }
                span
            })
            .collect();
        Self { spans }
    }

    /// Ends the spans; `error` when the send failed.
    pub fn finish(self, error: Option<&str>) {
        for mut span in self.spans {
            if let Some(e) = error {
                span.set_status(Status::error(e.to_string()));
            }
            span.end();
        }
    }
}

/// Records one receive: `delivered` are the messages' stored trace contexts.
pub fn receive_span<'a>(
    topic: &str,
    group: &str,
    delivered: impl Iterator<Item = Option<&'a str>>,
) {
    if !apogee_telemetry::tracing_enabled() {
        return;
    }
    let links: Vec<Link> = delivered
        .filter_map(|c| c.and_then(trace_context::parse))
        .map(Link::with_context)
        .collect();
    let tracer = apogee_telemetry::tracer();
    let count = links.len();
    let mut span = tracer
        .span_builder(format!("receive {topic}"))
        .with_kind(SpanKind::Consumer)
        .with_attributes([
            KeyValue::new("messaging.system", "rocketmq"),
            KeyValue::new("messaging.operation.type", "receive"),
            KeyValue::new("messaging.destination.name", topic.to_string()),
            KeyValue::new("messaging.consumer.group.name", group.to_string()),
            KeyValue::new("messaging.batch.message_count", count as i64),
        ])
        .with_links(links)
        .start_with_context(&tracer, &Context::current());
    span.end();
}
