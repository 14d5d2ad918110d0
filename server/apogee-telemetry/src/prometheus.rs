//! Prometheus text exposition (format 0.0.4) of collected OpenTelemetry metrics.
//!
//! Names are kept as recorded, because RocketMQ's dashboards query its instrument names as
//! they are (`rocketmq_messages_in_total`, `rocketmq_rpc_latency_bucket`); only characters
//! Prometheus forbids become `_`, and a monotonic sum gets `_total` when it lacks one.

use std::fmt::{Display, Write};

use opentelemetry::KeyValue;
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, Metric, MetricData, ResourceMetrics};

/// Appends every metric of `metrics` to `out`.
pub fn render(metrics: &ResourceMetrics, out: &mut String) {
    for scope in metrics.scope_metrics() {
        for metric in scope.metrics() {
            match metric.data() {
                AggregatedMetrics::F64(d) => render_data(metric, d, out),
                AggregatedMetrics::U64(d) => render_data(metric, d, out),
                AggregatedMetrics::I64(d) => render_data(metric, d, out),
            }
        }
    }
}

fn render_data<T: Display + Copy>(metric: &Metric, data: &MetricData<T>, out: &mut String) {
    let base = with_unit(&sanitize_name(metric.name()), metric.unit());
    match data {
        MetricData::Gauge(g) => {
            header(out, &base, metric.description(), "gauge");
            for p in g.data_points() {
                sample(out, &base, p.attributes(), None, p.value());
            }
        }
        MetricData::Sum(s) => {
            let (name, kind) = if s.is_monotonic() {
                (counter_name(&base), "counter")
            } else {
                (base.clone(), "gauge")
            };
            header(out, &name, metric.description(), kind);
            for p in s.data_points() {
                sample(out, &name, p.attributes(), None, p.value());
            }
        }
        MetricData::Histogram(h) => {
            header(out, &base, metric.description(), "histogram");
            let bucket = format!("{base}_bucket");
            for p in h.data_points() {
                let mut cumulative = 0u64;
                for (bound, count) in p.bounds().zip(p.bucket_counts()) {
                    cumulative += count;
                    sample(
                        out,
                        &bucket,
                        p.attributes(),
                        Some(&bound_text(bound)),
                        cumulative,
                    );
                }
                sample(out, &bucket, p.attributes(), Some("+Inf"), p.count());
                sample(out, &format!("{base}_sum"), p.attributes(), None, p.sum());
                sample(
                    out,
                    &format!("{base}_count"),
                    p.attributes(),
                    None,
                    p.count(),
                );
            }
        }
        // Apogee records no exponential histograms; an instrument configured that way is
        // left out rather than misrendered.
        MetricData::ExponentialHistogram(_) => {}
    }
}

pub(crate) fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    if !help.is_empty() {
        let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
    }
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

pub(crate) fn sample<'a>(
    out: &mut String,
    name: &str,
    labels: impl Iterator<Item = &'a KeyValue>,
    le: Option<&str>,
    value: impl Display,
) {
    out.push_str(name);
    let mut first = true;
    let mut open = |out: &mut String| {
        out.push(if first { '{' } else { ',' });
        first = false;
    };
    for kv in labels {
        open(out);
        let _ = write!(
            out,
            "{}=\"{}\"",
            sanitize_label(kv.key.as_str()),
            escape_value(&kv.value.to_string())
        );
    }
    if let Some(le) = le {
        open(out);
        let _ = write!(out, "le=\"{le}\"");
    }
    if !first {
        out.push('}');
    }
    let _ = writeln!(out, " {value}");
}

/// Appends the unit the way OpenTelemetry-Java's Prometheus exporter does (RocketMQ 5.1.4+
/// scrapes read `rocketmq_rpc_latency_milliseconds_bucket`): abbreviations spelled out, and
/// only when the name does not already contain it.
pub(crate) fn with_unit(name: &str, unit: &str) -> String {
    let unit = match unit {
        "" | "1" => return name.to_string(),
        "ms" => "milliseconds",
        "s" => "seconds",
        "us" => "microseconds",
        "By" => "bytes",
        other => other,
    };
    let unit = sanitize_label(unit);
    if name.contains(unit.as_str()) {
        name.to_string()
    } else {
        format!("{name}_{unit}")
    }
}

pub(crate) fn counter_name(name: &str) -> String {
    if name.contains("total") {
        name.to_string()
    } else {
        format!("{name}_total")
    }
}

/// A bucket bound as Java prints a double (`1024.0`), which is what RocketMQ's scrapes show.
pub(crate) fn bound_text(bound: f64) -> String {
    if bound.fract() == 0.0 && bound.abs() < 1e15 {
        format!("{bound:.1}")
    } else {
        bound.to_string()
    }
}

/// Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub(crate) fn sanitize_name(name: &str) -> String {
    sanitize(name, true)
}

/// Label names: `[a-zA-Z_][a-zA-Z0-9_]*` (OpenTelemetry's `client.id` becomes `client_id`).
pub(crate) fn sanitize_label(name: &str) -> String {
    sanitize(name, false)
}

fn sanitize(name: &str, colons: bool) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || (colons && c == ':') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

pub(crate) fn escape_value(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn escape_help(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels_are_made_legal() {
        assert_eq!(
            sanitize_name("rocketmq_rpc_latency"),
            "rocketmq_rpc_latency"
        );
        assert_eq!(sanitize_name("client.send-cost"), "client_send_cost");
        assert_eq!(sanitize_name("9lives"), "_9lives");
        assert_eq!(sanitize_label("client.id"), "client_id");
        assert_eq!(
            counter_name("rocketmq_messages_in_total"),
            "rocketmq_messages_in_total"
        );
        assert_eq!(counter_name("apogee_fsyncs"), "apogee_fsyncs_total");
        assert_eq!(
            with_unit("rocketmq_rpc_latency", "milliseconds"),
            "rocketmq_rpc_latency_milliseconds"
        );
        assert_eq!(
            with_unit("rocketmq_storage_flush_behind_bytes", "bytes"),
            "rocketmq_storage_flush_behind_bytes"
        );
        assert_eq!(with_unit("x", "ms"), "x_milliseconds");
        assert_eq!(with_unit("x", ""), "x");
        assert_eq!(bound_text(1024.0), "1024.0");
        assert_eq!(bound_text(0.25), "0.25");
    }

    #[test]
    fn samples_escape_label_values() {
        let mut out = String::new();
        let labels = [KeyValue::new("topic", "a\"b\\c\nd")];
        sample(&mut out, "m", labels.iter(), Some("+Inf"), 3);
        assert_eq!(out, "m{topic=\"a\\\"b\\\\c\\nd\",le=\"+Inf\"} 3\n");
        let mut bare = String::new();
        sample(&mut bare, "m", [].iter(), None, 1.5);
        assert_eq!(bare, "m 1.5\n");
    }
}
