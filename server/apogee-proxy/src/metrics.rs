//! OTLP metrics ingest (`opentelemetry.proto.collector.metrics.v1.MetricsService/Export`).
//! Push consumers are told to export their client-side metrics here (which also keeps the
//! Python PushConsumer's Telemetry stream alive, digest §7.6); the server counts what arrives.

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
        use opentelemetry_proto::tonic::metrics::v1::metric::Data;
        let points: usize = request
            .get_ref()
            .resource_metrics
            .iter()
            .flat_map(|r| &r.scope_metrics)
            .flat_map(|s| &s.metrics)
            .map(|m| match &m.data {
                Some(Data::Gauge(g)) => g.data_points.len(),
                Some(Data::Sum(s)) => s.data_points.len(),
                Some(Data::Histogram(h)) => h.data_points.len(),
                Some(Data::ExponentialHistogram(h)) => h.data_points.len(),
                Some(Data::Summary(s)) => s.data_points.len(),
                None => 0,
            })
            .sum();
        self.exports.fetch_add(1, Ordering::Relaxed);
        self.data_points.fetch_add(points as u64, Ordering::Relaxed);
        tracing::debug!(points, "Client metrics received.");
        Ok(Response::new(ExportMetricsServiceResponse {
            partial_success: None,
        }))
    }
}
