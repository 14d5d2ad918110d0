//! Apogee's process-wide OpenTelemetry.
//!
//! One meter provider per process, built on first use: every crate records into it through
//! [`meter`], `/metrics` renders it as Prometheus text ([`prometheus_text`]), and when
//! `telemetry.otlp_endpoint` is set a periodic reader pushes it over OTLP. Spans go out over
//! OTLP only when an endpoint is set; otherwise the global tracer is OpenTelemetry's no-op one
//! and a span costs nothing.
//!
//! The provider is process-wide rather than per server because instruments live in statics
//! next to the code that records them; [`init`] must run before the first measurement for its
//! settings (OTLP, node labels) to apply, which every role's entry point does first.

mod client_metrics;
pub mod instruments;
pub mod label_cache;
pub mod log_level;
mod otlp;
pub mod prometheus;
pub mod trace_context;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use opentelemetry::KeyValue;
use opentelemetry::metrics::Meter;
use opentelemetry_sdk::metrics::data::ResourceMetrics;
use opentelemetry_sdk::metrics::reader::MetricReader;
use opentelemetry_sdk::metrics::{ManualReader, SdkMeterProvider};
use opentelemetry_sdk::trace::SdkTracerProvider;

pub use client_metrics::{ClientMetrics, client_metrics};
pub use instruments::instruments;
pub use opentelemetry;

/// What a process tells [`init`] about itself and where to export.
#[derive(Debug, Clone)]
pub struct TelemetrySettings {
    /// OTLP/gRPC collector, e.g. `http://otel-collector:4317`; `None`: no push export.
    pub otlp_endpoint: Option<String>,
    /// How often metrics are pushed over OTLP.
    pub export_interval: Duration,
    /// `service.name` of the OTLP resource.
    pub service_name: String,
    /// RocketMQ's `cluster` label.
    pub cluster: String,
    /// RocketMQ's `node_type` label: `broker` or `proxy` (standalone is both; RocketMQ's
    /// local-mode proxy reports as `broker`).
    pub node_type: &'static str,
    /// RocketMQ's `node_id` label: the broker name, or the advertised address of a proxy.
    pub node_id: String,
}

impl Default for TelemetrySettings {
    fn default() -> Self {
        Self {
            otlp_endpoint: None,
            export_interval: Duration::from_secs(10),
            service_name: "apogee".into(),
            cluster: "DefaultCluster".into(),
            node_type: "broker",
            node_id: "apogee".into(),
        }
    }
}

/// Errors of setting up export.
#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error("OTLP exporter for {endpoint}: {detail}")]
    Exporter { endpoint: String, detail: String },
}

#[derive(Debug)]
struct Telemetry {
    meters: SdkMeterProvider,
    scrape: Arc<ManualReader>,
    tracer: Option<SdkTracerProvider>,
    common: Vec<KeyValue>,
}

static TELEMETRY: OnceLock<Telemetry> = OnceLock::new();

/// Sets up the process's telemetry with `settings`. The first call wins (a test process runs
/// many servers); later calls and measurements before it use the settings already in force.
/// OTLP exporters are built here, so this runs inside the Tokio runtime.
pub fn init(settings: &TelemetrySettings) -> Result<(), TelemetryError> {
    if TELEMETRY.get().is_some() {
        return Ok(());
    }
    let built = build(settings)?;
    if TELEMETRY.set(built).is_ok()
        && let Some(t) = TELEMETRY.get().and_then(|t| t.tracer.clone())
    {
        opentelemetry::global::set_tracer_provider(t);
    }
    Ok(())
}

fn telemetry() -> &'static Telemetry {
    TELEMETRY.get_or_init(|| assemble(&TelemetrySettings::default(), Vec::new(), None))
}

fn build(s: &TelemetrySettings) -> Result<Telemetry, TelemetryError> {
    let common = vec![
        KeyValue::new("cluster", s.cluster.clone()),
        KeyValue::new("node_type", s.node_type),
        KeyValue::new("node_id", s.node_id.clone()),
    ];
    let export = match s.otlp_endpoint.as_deref() {
        Some(endpoint) => {
            client_metrics()
                .forward_to(endpoint)
                .map_err(|e| TelemetryError::Exporter {
                    endpoint: endpoint.to_string(),
                    detail: e.to_string(),
                })?;
            Some(otlp::exporters(endpoint, s)?)
        }
        None => None,
    };
    Ok(assemble(s, common, export))
}

fn assemble(
    s: &TelemetrySettings,
    common: Vec<KeyValue>,
    export: Option<otlp::Exporters>,
) -> Telemetry {
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name(s.service_name.clone())
        .build();
    let scrape = Arc::new(ManualReader::builder().build());
    let mut meters = SdkMeterProvider::builder()
        .with_resource(resource.clone())
        .with_reader(SharedReader(scrape.clone()));
    let mut tracer = None;
    if let Some(export) = export {
        meters = meters.with_reader(export.metrics);
        tracer = Some(
            SdkTracerProvider::builder()
                .with_resource(resource)
                .with_batch_exporter(export.spans)
                .build(),
        );
    }
    Telemetry {
        meters: meters.build(),
        scrape,
        tracer,
        common,
    }
}

/// The meter every Apogee instrument is created from.
pub fn meter() -> Meter {
    use opentelemetry::metrics::MeterProvider;
    telemetry().meters.meter("apogee")
}

/// `labels` after the process's `cluster`, `node_type` and `node_id` labels, which RocketMQ
/// puts on every data point.
pub fn labels(labels: &[KeyValue]) -> Vec<KeyValue> {
    let mut all = telemetry().common.clone();
    all.extend_from_slice(labels);
    all
}

/// Whether spans are exported (an OTLP endpoint is configured); without it callers skip
/// building span attributes.
pub fn tracing_enabled() -> bool {
    telemetry().tracer.is_some()
}

/// The tracer of Apogee's spans (a no-op one without an OTLP endpoint).
pub fn tracer() -> opentelemetry::global::BoxedTracer {
    opentelemetry::global::tracer("apogee")
}

/// Every metric of the process as Prometheus text (format 0.0.4), the clients' re-exported
/// metrics included.
pub fn prometheus_text() -> String {
    let t = telemetry();
    let mut collected = ResourceMetrics::default();
    let mut out = String::new();
    match t.scrape.collect(&mut collected) {
        Ok(()) => prometheus::render(&collected, &mut out),
        Err(e) => tracing::warn!(error = %e, "Collecting metrics failed."),
    }
    client_metrics().render_prometheus(&mut out);
    out
}

/// Pushes what is pending and stops the exporters; at the end of a process.
pub fn shutdown() {
    if let Some(t) = TELEMETRY.get() {
        if let Err(e) = t.meters.shutdown() {
            tracing::debug!(error = %e, "Metric export shutdown.");
        }
        if let Some(tracer) = &t.tracer
            && let Err(e) = tracer.shutdown()
        {
            tracing::debug!(error = %e, "Span export shutdown.");
        }
    }
}

/// Lets the provider own a reader that `/metrics` also holds.
#[derive(Debug)]
struct SharedReader(Arc<ManualReader>);

impl MetricReader for SharedReader {
    fn register_pipeline(&self, pipeline: std::sync::Weak<opentelemetry_sdk::metrics::Pipeline>) {
        self.0.register_pipeline(pipeline)
    }
    fn collect(&self, rm: &mut ResourceMetrics) -> opentelemetry_sdk::error::OTelSdkResult {
        self.0.collect(rm)
    }
    fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
        self.0.force_flush()
    }
    fn shutdown_with_timeout(&self, timeout: Duration) -> opentelemetry_sdk::error::OTelSdkResult {
        self.0.shutdown_with_timeout(timeout)
    }
    fn temporality(
        &self,
        kind: opentelemetry_sdk::metrics::InstrumentKind,
    ) -> opentelemetry_sdk::metrics::Temporality {
        self.0.temporality(kind)
    }
}
