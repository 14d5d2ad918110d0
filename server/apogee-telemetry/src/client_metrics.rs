//! The official clients' own metrics (send cost, delivery latency, await and process time),
//! which they push to the server over OTLP, kept per client and re-exported: rendered on
//! `/metrics` with a `client_id` label, and forwarded as received to the OTLP collector.
//!
//! Clients may push cumulative or delta points; both end up cumulative here. Series a client
//! stopped sending are dropped after [`STALE_AFTER`], and the table is bounded, so a churn of
//! short-lived clients cannot grow it without end.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_client::MetricsServiceClient;
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use opentelemetry_proto::tonic::metrics::v1::{
    AggregationTemporality, Metric, metric::Data, number_data_point,
};
use parking_lot::Mutex;

use crate::prometheus::{
    bound_text, counter_name, escape_value, header, sanitize_label, sanitize_name,
};

/// Series not updated for this long are forgotten.
pub const STALE_AFTER: Duration = Duration::from_secs(600);
/// At most this many series are kept; points beyond are dropped (and counted).
pub const MAX_SERIES: usize = 50_000;

type Labels = Vec<(String, String)>;

#[derive(Debug)]
enum Value {
    Number(f64),
    Histogram {
        bounds: Vec<f64>,
        counts: Vec<u64>,
        sum: f64,
        count: u64,
    },
}

#[derive(Debug)]
struct Series {
    value: Value,
    updated: Instant,
}

#[derive(Debug, Default)]
struct Family {
    kind: &'static str,
    help: String,
    series: HashMap<Labels, Series>,
}

/// The re-export table; one per process ([`client_metrics`]).
#[derive(Debug, Default)]
pub struct ClientMetrics {
    families: Mutex<BTreeMap<String, Family>>,
    forward: OnceLock<MetricsServiceClient<tonic::transport::Channel>>,
    dropped: std::sync::atomic::AtomicU64,
}

static CLIENT_METRICS: OnceLock<ClientMetrics> = OnceLock::new();

/// The process's client-metrics table.
pub fn client_metrics() -> &'static ClientMetrics {
    CLIENT_METRICS.get_or_init(ClientMetrics::default)
}

impl ClientMetrics {
    /// Forwards every later export to `endpoint` as well (best effort: a failed forward is
    /// logged, the client is still answered OK).
    pub(crate) fn forward_to(&self, endpoint: &str) -> Result<(), tonic::transport::Error> {
        let channel = tonic::transport::Endpoint::from_shared(endpoint.to_string())?
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(10))
            .connect_lazy();
        let _ = self.forward.set(MetricsServiceClient::new(channel));
        Ok(())
    }

    /// Takes one OTLP export of client `client_id` (from the call's `x-mq-client-id`;
    /// points that carry their own `client_id` label keep it). Returns the data points read.
    pub fn ingest(&self, client_id: &str, request: ExportMetricsServiceRequest) -> usize {
        let now = Instant::now();
        let mut points = 0;
        {
            let mut families = self.families.lock();
            let mut total: usize = families.values().map(|f| f.series.len()).sum();
            for metric in request
                .resource_metrics
                .iter()
                .flat_map(|r| &r.scope_metrics)
                .flat_map(|s| &s.metrics)
            {
                points += self.ingest_metric(&mut families, &mut total, client_id, metric, now);
            }
            for f in families.values_mut() {
                f.series
                    .retain(|_, s| now.duration_since(s.updated) < STALE_AFTER);
            }
            families.retain(|_, f| !f.series.is_empty());
        }
        if let Some(client) = self.forward.get() {
            let mut client = client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.export(request).await {
                    tracing::debug!(error = %e, "Forwarding client metrics failed.");
                }
            });
        }
        points
    }

    fn ingest_metric(
        &self,
        families: &mut BTreeMap<String, Family>,
        total: &mut usize,
        client_id: &str,
        metric: &Metric,
        now: Instant,
    ) -> usize {
        let Some(data) = &metric.data else { return 0 };
        let (kind, name, delta) = match data {
            Data::Sum(s) if s.is_monotonic => (
                "counter",
                counter_name(&sanitize_name(&metric.name)),
                s.aggregation_temporality == AggregationTemporality::Delta as i32,
            ),
            Data::Sum(s) => (
                "gauge",
                sanitize_name(&metric.name),
                s.aggregation_temporality == AggregationTemporality::Delta as i32,
            ),
            Data::Gauge(_) => ("gauge", sanitize_name(&metric.name), false),
            Data::Histogram(h) => (
                "histogram",
                sanitize_name(&metric.name),
                h.aggregation_temporality == AggregationTemporality::Delta as i32,
            ),
            // Neither official client sends these; left out rather than misread.
            Data::ExponentialHistogram(_) | Data::Summary(_) => return 0,
        };
        let family = families.entry(name).or_default();
        family.kind = kind;
        family.help.clone_from(&metric.description);
        let mut put = |labels: Labels, value: Value| {
            let exists = family.series.contains_key(&labels);
            if !exists && *total >= MAX_SERIES {
                self.dropped
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return;
            }
            if !exists {
                *total += 1;
            }
            let slot = family.series.entry(labels).or_insert(Series {
                value: Value::Number(0.0),
                updated: now,
            });
            slot.updated = now;
            slot.value = merge(&slot.value, value, delta);
        };
        let mut n = 0;
        match data {
            Data::Sum(s) => {
                for p in &s.data_points {
                    put(
                        labels(&p.attributes, client_id),
                        Value::Number(number(&p.value)),
                    );
                    n += 1;
                }
            }
            Data::Gauge(g) => {
                for p in &g.data_points {
                    put(
                        labels(&p.attributes, client_id),
                        Value::Number(number(&p.value)),
                    );
                    n += 1;
                }
            }
            Data::Histogram(h) => {
                for p in &h.data_points {
                    put(
                        labels(&p.attributes, client_id),
                        Value::Histogram {
                            bounds: p.explicit_bounds.clone(),
                            counts: p.bucket_counts.clone(),
                            sum: p.sum.unwrap_or(0.0),
                            count: p.count,
                        },
                    );
                    n += 1;
                }
            }
            Data::ExponentialHistogram(_) | Data::Summary(_) => {}
        }
        n
    }

    /// Points refused because the table was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Appends the table as Prometheus text.
    pub fn render_prometheus(&self, out: &mut String) {
        let families = self.families.lock();
        for (name, family) in families.iter() {
            header(out, name, &family.help, family.kind);
            let mut series: Vec<_> = family.series.iter().collect();
            series.sort_by(|a, b| a.0.cmp(b.0));
            for (labels, s) in series {
                match &s.value {
                    Value::Number(v) => line(out, name, labels, None, v),
                    Value::Histogram {
                        bounds,
                        counts,
                        sum,
                        count,
                    } => {
                        let bucket = format!("{name}_bucket");
                        let mut cumulative = 0;
                        for (b, c) in bounds.iter().zip(counts) {
                            cumulative += c;
                            line(out, &bucket, labels, Some(&bound_text(*b)), &cumulative);
                        }
                        line(out, &bucket, labels, Some("+Inf"), count);
                        line(out, &format!("{name}_sum"), labels, None, sum);
                        line(out, &format!("{name}_count"), labels, None, count);
                    }
                }
            }
        }
    }
}

fn merge(old: &Value, new: Value, delta: bool) -> Value {
    if !delta {
        return new;
    }
    match (old, new) {
        (Value::Number(a), Value::Number(b)) => Value::Number(a + b),
        (
            Value::Histogram {
                bounds: old_bounds,
                counts: old_counts,
                sum: old_sum,
                count: old_count,
            },
            Value::Histogram {
                bounds,
                counts,
                sum,
                count,
            },
        ) if *old_bounds == bounds && old_counts.len() == counts.len() => Value::Histogram {
            counts: old_counts.iter().zip(&counts).map(|(a, b)| a + b).collect(),
            bounds,
            sum: old_sum + sum,
            count: old_count + count,
        },
        // A first point, or bucket bounds that changed: start again from this one.
        (_, new) => new,
    }
}

fn number(v: &Option<number_data_point::Value>) -> f64 {
    match v {
        Some(number_data_point::Value::AsDouble(d)) => *d,
        Some(number_data_point::Value::AsInt(i)) => *i as f64,
        None => 0.0,
    }
}

fn labels(attributes: &[KeyValue], client_id: &str) -> Labels {
    let mut out: Labels = attributes
        .iter()
        .map(|kv| (sanitize_label(&kv.key), text(&kv.value)))
        .collect();
    if !out.iter().any(|(k, _)| k == "client_id") {
        out.push(("client_id".into(), client_id.to_string()));
    }
    out.sort();
    out
}

fn text(v: &Option<AnyValue>) -> String {
    match v.as_ref().and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        Some(any_value::Value::BoolValue(b)) => b.to_string(),
        Some(any_value::Value::IntValue(i)) => i.to_string(),
        Some(any_value::Value::DoubleValue(d)) => d.to_string(),
        _ => String::new(),
    }
}

fn line(
    out: &mut String,
    name: &str,
    labels: &Labels,
    le: Option<&str>,
    v: &dyn std::fmt::Display,
) {
    out.push_str(name);
    out.push('{');
    let mut first = true;
    for (k, val) in labels {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, "{k}=\"{}\"", escape_value(val));
    }
    if let Some(le) = le {
        let _ = write!(out, ",le=\"{le}\"");
    }
    let _ = writeln!(out, "}} {v}");
}
