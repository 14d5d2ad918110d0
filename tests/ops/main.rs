//! Operations, against real `apogee` processes: `/metrics` counts what clients did, with
//! Apache RocketMQ 5's names; OTLP export of metrics and spans to a collector; the trace link
//! from a consumer's receive to the producer's send, across a restart; the clients' own
//! metrics re-exported; health that follows the server's state.

#![allow(clippy::unwrap_used)]

mod cli;
mod collector;
mod health;
// Shared with the cluster tests, which use all of it.
#[allow(dead_code)]
#[path = "../cluster/processes.rs"]
mod processes;
mod scrape;

use std::time::Duration;

use apogee_e2e::client::{TestClient, code, message};
use apogee_e2e::unique;
use apogee_proto::rocketmq::v2 as pb;
use processes::{Process, eventually};
use scrape::Scrape;

const PATIENCE: Duration = Duration::from_secs(30);

/// A standalone process with `/metrics` on a port of its own; `env` configures it further.
async fn standalone(data: &std::path::Path, env: &[(&str, &str)]) -> (Process, std::path::PathBuf) {
    let metrics_file = data.with_extension("metrics-addr");
    let p = Process::start(
        &[
            "standalone",
            "--data-dir",
            data.to_str().unwrap(),
            "--metrics-listen",
            "127.0.0.1:0",
            "--metrics-ready-file",
            metrics_file.to_str().unwrap(),
        ],
        env,
    )
    .await;
    (p, metrics_file)
}

/// Receives exactly `n` messages of `topic`.
async fn receive_n(c: &mut TestClient, group: &str, topic: &str, n: usize) -> Vec<pb::Message> {
    let got = c.receive_until(group, topic, n).await;
    assert_eq!(got.len(), n, "every message received");
    got
}

#[tokio::test]
async fn metrics_count_what_was_produced_and_consumed() {
    let dir = tempfile::tempdir().unwrap();
    let (server, metrics) = standalone(&dir.path().join("data"), &[]).await;
    let scrape = Scrape::at(&metrics);
    let mut c = TestClient::connect(server.addr).await;
    let (topic, group) = (unique("metrics-t"), unique("metrics-g"));
    c.create_group_from_start(&group).await;
    let bodies: Vec<String> = (0..5).map(|i| format!("payload-{i:03}")).collect();
    for b in &bodies {
        c.send_ok(message(&topic, b)).await;
    }
    let bytes: usize = bodies.iter().map(String::len).sum();
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let got = receive_n(&mut c, &group, &topic, 5).await;

    let text = scrape.text().await;
    let t = [("topic", topic.as_str())];
    let tg = [
        ("topic", topic.as_str()),
        ("consumer_group", group.as_str()),
        ("is_retry", "false"),
    ];
    assert_eq!(
        scrape::value(&text, "rocketmq_messages_in_total", &t),
        Some(5.0)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_throughput_in_total", &t),
        Some(bytes as f64)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_message_size_count", &t),
        Some(5.0)
    );
    assert_eq!(
        scrape::value(
            &text,
            "rocketmq_message_size_bucket",
            &[("topic", &topic), ("le", "1024.0")]
        ),
        Some(5.0),
        "RocketMQ's buckets, with Java's bound text"
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_messages_out_total", &tg),
        Some(5.0)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_throughput_out_total", &tg),
        Some(bytes as f64)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_consumer_inflight_messages", &tg),
        Some(5.0)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_consumer_lag_messages", &tg),
        Some(5.0)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_consumer_ready_messages", &tg),
        Some(0.0)
    );
    assert!(
        scrape::value(&text, "rocketmq_consumer_lag_latency_milliseconds", &tg).is_some(),
        "lag latency carries the unit suffix RocketMQ's exporter adds"
    );
    // Every series carries RocketMQ's node labels.
    assert_eq!(
        scrape::value(
            &text,
            "rocketmq_messages_in_total",
            &[
                ("topic", &topic),
                ("node_type", "broker"),
                ("cluster", "DefaultCluster")
            ]
        ),
        Some(5.0)
    );
    let sends = scrape::value(
        &text,
        "rocketmq_rpc_latency_milliseconds_count",
        &[
            ("request_code", "send_message"),
            ("protocol_type", "grpc"),
            ("response_code", "ok"),
        ],
    );
    assert!(sends.is_some_and(|n| n >= 5.0), "{sends:?}");
    assert!(scrape::value(&text, "rocketmq_topic_number", &[]).is_some_and(|n| n >= 1.0));
    assert!(scrape::value(&text, "rocketmq_consumer_group_number", &[]).is_some_and(|n| n >= 1.0));
    assert!(
        scrape::value(&text, "apogee_store_group_commit_batch_size_count", &[])
            .is_some_and(|n| n >= 5.0)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_proxy_up", &[("proxy_mode", "local")]),
        Some(1.0)
    );
    assert!(text.contains("# TYPE rocketmq_messages_in_total counter"));
    assert!(text.contains("# TYPE rocketmq_rpc_latency_milliseconds histogram"));

    for m in &got {
        assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
    }
    let text = scrape.text().await;
    assert_eq!(
        scrape::value(&text, "rocketmq_consumer_lag_messages", &tg),
        Some(0.0)
    );
    assert_eq!(
        scrape::value(&text, "rocketmq_consumer_inflight_messages", &tg),
        Some(0.0)
    );
    assert_eq!(scrape.status_of("/nothing-here").await, 404);
}

#[tokio::test]
async fn a_metrics_port_in_use_stops_start_up_with_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = processes::run_to_end(&[
        "standalone",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--metrics-listen",
        &addr,
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("metrics_listen") && err.contains(&addr),
        "{err}"
    );
    let bad = processes::run_to_end(&["standalone", "--metrics-listen", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("telemetry.metrics_listen"));
}

// Multi-threaded: the collector must keep answering while the test waits for the server to
// exit (it flushes to the collector on its way out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn otlp_gets_metrics_and_spans_and_a_receive_links_to_the_send_across_a_restart() {
    let (collector, received) = collector::start().await;
    let endpoint = format!("http://{collector}");
    let env = [
        ("APOGEE_TELEMETRY__OTLP_ENDPOINT", endpoint.as_str()),
        ("APOGEE_TELEMETRY__EXPORT_INTERVAL", "300ms"),
        ("OTEL_BSP_SCHEDULE_DELAY", "100"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let (mut server, metrics) = standalone(&dir.path().join("data"), &env).await;
    let mut c = TestClient::connect(server.addr).await;
    let (topic, group) = (unique("traced-t"), unique("traced-g"));
    c.create_group_from_start(&group).await;

    // The producer's span, as an official client writes it into the message.
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let span_id = "00f067aa0ba902b7";
    let traceparent = format!("00-{trace_id}-{span_id}-01");
    let mut traced = message(&topic, "traced");
    traced.system_properties.as_mut().unwrap().trace_context = Some(traceparent.clone());
    c.send_ok(traced).await;
    c.send_ok(message(&topic, "untraced")).await;

    eventually(
        "the store span, a child of the producer's",
        PATIENCE,
        || {
            let r = received.clone();
            let name = format!("store {topic}");
            async move {
                r.spans.lock().iter().any(|s| {
                    s.name == name
                        && hex(&s.trace_id) == trace_id
                        && hex(&s.parent_span_id) == span_id
                })
            }
        },
    )
    .await;
    eventually("metrics pushed over OTLP", PATIENCE, || {
        let r = received.clone();
        async move {
            let names = r.metric_names();
            names.iter().any(|n| n == "rocketmq_messages_in_total")
                && names.iter().any(|n| n == "rocketmq_rpc_latency")
        }
    })
    .await;

    // A client's own metrics: re-exported on /metrics with its id, and forwarded.
    client_metrics::export(server.addr, "client-7", &topic).await;
    let scrape = Scrape::at(&metrics);
    let text = scrape.text().await;
    assert_eq!(
        scrape::value(
            &text,
            "rocketmq_send_cost_time_count",
            &[("client_id", "client-7"), ("topic", topic.as_str())]
        ),
        Some(3.0)
    );
    eventually("the client's metrics forwarded", PATIENCE, || {
        let r = received.clone();
        async move {
            r.metric_names()
                .iter()
                .any(|n| n == "rocketmq_send_cost_time")
        }
    })
    .await;

    server.terminate();
    server.spawn().await;
    let mut c = TestClient::connect(server.addr).await;
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let got = receive_n(&mut c, &group, &topic, 2).await;
    let context_of = |body: &str| {
        got.iter()
            .find(|m| m.body.as_ref() == body.as_bytes())
            .and_then(|m| m.system_properties.as_ref()?.trace_context.clone())
    };
    assert_eq!(
        context_of("traced"),
        Some(traceparent.clone()),
        "stored with the message"
    );
    let given = context_of("untraced").expect("a message without one is given the store span's");
    let given_span = given.split('-').nth(2).unwrap().to_string();

    eventually("the receive span, linked to both senders", PATIENCE, || {
        let r = received.clone();
        let name = format!("receive {topic}");
        let given_span = given_span.clone();
        async move {
            r.spans.lock().iter().any(|s| {
                s.name == name
                    && s.links
                        .iter()
                        .any(|l| hex(&l.trace_id) == trace_id && hex(&l.span_id) == span_id)
                    && s.links.iter().any(|l| hex(&l.span_id) == given_span)
            })
        }
    })
    .await;
    assert!(
        received
            .spans
            .lock()
            .iter()
            .any(|s| hex(&s.span_id) == given_span && s.name == format!("store {topic}")),
        "the context given to the untraced message is its store span"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

mod client_metrics {
    use std::net::SocketAddr;

    use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
    use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_client::MetricsServiceClient;
    use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
    use opentelemetry_proto::tonic::metrics::v1::{
        AggregationTemporality, Histogram, HistogramDataPoint, Metric, ResourceMetrics,
        ScopeMetrics, metric,
    };

    fn attr(k: &str, v: &str) -> KeyValue {
        KeyValue {
            key: k.into(),
            value: Some(AnyValue {
                value: Some(any_value::Value::StringValue(v.into())),
            }),
            ..Default::default()
        }
    }

    /// What the Java client exports: its send cost histogram, cumulative, in ms.
    pub async fn export(server: SocketAddr, client_id: &str, topic: &str) {
        let mut client = MetricsServiceClient::connect(format!("http://{server}"))
            .await
            .unwrap();
        let point = HistogramDataPoint {
            attributes: vec![attr("topic", topic), attr("invocation_status", "success")],
            count: 3,
            sum: Some(7.5),
            bucket_counts: vec![1, 2, 0, 0],
            explicit_bounds: vec![1.0, 5.0, 10.0],
            ..Default::default()
        };
        let request = ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                scope_metrics: vec![ScopeMetrics {
                    metrics: vec![Metric {
                        name: "rocketmq_send_cost_time".into(),
                        data: Some(metric::Data::Histogram(Histogram {
                            data_points: vec![point],
                            aggregation_temporality: AggregationTemporality::Cumulative as i32,
                        })),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let mut r = tonic::Request::new(request);
        r.metadata_mut()
            .insert("x-mq-client-id", client_id.parse().unwrap());
        client.export(r).await.unwrap();
    }
}
