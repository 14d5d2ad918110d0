//! OTLP metrics ingest (`opentelemetry.proto.collector.metrics.v1.MetricsService/Export`).
//! Push consumers are told to export their client-side metrics here (which also keeps the
//! Python PushConsumer's Telemetry stream alive, digest §7.6). What arrives is re-exported,
//! labelled by client: on `/metrics`, and forwarded to the OTLP collector when one is set
//! (`apogee_telemetry::ClientMetrics`).

use std::sync::atomic::{AtomicU64, Ordering};

use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_server::MetricsService;
use opentelemetry_proto::tonic::collector::metrics::v1::{
    ExportMetricsServiceRequest, ExportMetricsServiceResponse,
};
use tonic::{Request, Response, Status};

/// Receives client metrics.
#[derive(Debug, Default)]
pub struct MetricsIngest {
    exports: AtomicU64,
    data_points: AtomicU64,
}

impl MetricsIngest {
    /// Export calls received so far.
    pub fn exports(&self) -> u64 {
        self.exports.load(Ordering::Relaxed)
    }

    /// Metric data points received so far.
    pub fn data_points(&self) -> u64 {
        self.data_points.load(Ordering::Relaxed)
    }
}

#[tonic::async_trait]
impl MetricsService for MetricsIngest {
    async fn export(
        &self,
        request: Request<ExportMetricsServiceRequest>,
    ) -> Result<Response<ExportMetricsServiceResponse>, Status> {
        let client_id = request
            .metadata()
            .get("x-mq-client-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("unknown")
            .to_string();
        let points = apogee_telemetry::client_metrics().ingest(&client_id, request.into_inner());
        self.exports.fetch_add(1, Ordering::Relaxed);
        self.data_points.fetch_add(points as u64, Ordering::Relaxed);
        tracing::debug!(points, "Client metrics received.");
        Ok(Response::new(ExportMetricsServiceResponse {
            partial_success: None,
        }))
    }
}
