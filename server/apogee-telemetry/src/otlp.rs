//! OTLP/gRPC exporters for metrics and spans.

use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::metrics::PeriodicReader;

use crate::{TelemetryError, TelemetrySettings};

pub(crate) struct Exporters {
    pub metrics: PeriodicReader<opentelemetry_otlp::MetricExporter>,
    pub spans: opentelemetry_otlp::SpanExporter,
}

/// Builds both exporters for `endpoint`. The tonic channels connect lazily, so a collector
/// that is down at start-up only costs failed exports (logged by the SDK), never the server.
pub(crate) fn exporters(
    endpoint: &str,
    settings: &TelemetrySettings,
) -> Result<Exporters, TelemetryError> {
    let fail = |e: &dyn std::fmt::Display| TelemetryError::Exporter {
        endpoint: endpoint.to_string(),
        detail: e.to_string(),
    };
    let metrics = opentelemetry_otlp::MetricExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .build()
        .map_err(|e| fail(&e))?;
    let spans = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .build()
        .map_err(|e| fail(&e))?;
    Ok(Exporters {
        metrics: PeriodicReader::builder(metrics)
            .with_interval(settings.export_interval)
            .build(),
        spans,
    })
}
