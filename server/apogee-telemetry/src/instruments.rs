//! The instruments Apogee records into, named, labelled and bucketed as Apache RocketMQ 5's
//! broker does (`BrokerMetricsConstant` and friends), so its dashboards and alerts read
//! Apogee unchanged; Apogee's own instruments are prefixed `apogee_`.
//!
//! Observable gauges (topic and group numbers, lag, storage size) are registered by the code
//! that owns the data, with [`crate::meter`]; the names are here so they stay in one place.

use std::sync::LazyLock;

use opentelemetry::metrics::{Counter, Histogram};

/// Units as RocketMQ sets them; `/metrics` appends them to names as OpenTelemetry-Java's
/// Prometheus exporter does (RocketMQ 5.1.4 and later).
pub const MILLISECONDS: &str = "milliseconds";
pub const SECONDS: &str = "seconds";
pub const BYTES: &str = "bytes";

pub const TOPIC_NUMBER: &str = "rocketmq_topic_number";
pub const CONSUMER_GROUP_NUMBER: &str = "rocketmq_consumer_group_number";
pub const CONSUMER_LAG_MESSAGES: &str = "rocketmq_consumer_lag_messages";
pub const CONSUMER_LAG_LATENCY: &str = "rocketmq_consumer_lag_latency";
pub const CONSUMER_INFLIGHT_MESSAGES: &str = "rocketmq_consumer_inflight_messages";
pub const CONSUMER_READY_MESSAGES: &str = "rocketmq_consumer_ready_messages";
pub const CONSUMER_QUEUEING_LATENCY: &str = "rocketmq_consumer_queueing_latency";
pub const PRODUCER_CONNECTIONS: &str = "rocketmq_producer_connections";
pub const CONSUMER_CONNECTIONS: &str = "rocketmq_consumer_connections";
pub const STORAGE_SIZE: &str = "rocketmq_storage_size";
pub const STORAGE_FLUSH_BEHIND_BYTES: &str = "rocketmq_storage_flush_behind_bytes";
pub const STORAGE_MESSAGE_RESERVE_TIME: &str = "rocketmq_storage_message_reserve_time";
pub const HALF_MESSAGES: &str = "rocketmq_half_messages";
pub const PROXY_UP: &str = "rocketmq_proxy_up";
pub const WRITE_BACKLOG: &str = "apogee_store_write_backlog";
pub const ROCKSDB_PREFIX: &str = "apogee_rocksdb_";

/// The counters and histograms (observable gauges are registered where their data lives).
#[derive(Debug)]
pub struct Instruments {
    /// `rocketmq_messages_in_total{topic, message_type, is_system}`.
    pub messages_in: Counter<u64>,
    /// `rocketmq_throughput_in_total`: bytes of message bodies stored.
    pub throughput_in: Counter<u64>,
    /// `rocketmq_message_size`: body bytes per stored message.
    pub message_size: Histogram<u64>,
    /// `rocketmq_messages_out_total{topic, consumer_group, is_retry, is_system}`.
    pub messages_out: Counter<u64>,
    /// `rocketmq_throughput_out_total`: bytes of message bodies delivered.
    pub throughput_out: Counter<u64>,
    /// `rocketmq_send_to_dlq_messages_total{consumer_group, topic, is_system}`.
    pub send_to_dlq: Counter<u64>,
    /// `rocketmq_commit_messages_total{topic}`.
    pub commit_messages: Counter<u64>,
    /// `rocketmq_rollback_messages_total{topic}`.
    pub rollback_messages: Counter<u64>,
    /// `rocketmq_rpc_latency{protocol_type, request_code, response_code, is_long_polling,
    /// result}` in milliseconds.
    pub rpc_latency: Histogram<u64>,
    /// `rocketmq_delay_message_latency{topic}` in seconds: the delay a message asked for.
    pub delay_message_latency: Histogram<u64>,
    /// `apogee_delay_message_lateness{topic}` in milliseconds: how long after its delivery
    /// time a delayed message became visible.
    pub delay_lateness: Histogram<u64>,
    /// `apogee_store_group_commit_batch_size`: records per write batch (group commit).
    pub group_commit_batch: Histogram<u64>,
    /// `apogee_store_fsync_latency` in milliseconds: one write batch's sync to disk.
    pub fsync_latency: Histogram<f64>,
    /// `apogee_rpc_rejected_total{request_code, reason}`: calls answered without running,
    /// because the server was overloaded or the call timed out.
    pub rpc_rejected: Counter<u64>,
}

static INSTRUMENTS: LazyLock<Instruments> = LazyLock::new(|| {
    let m = crate::meter();
    Instruments {
        messages_in: m
            .u64_counter("rocketmq_messages_in_total")
            .with_description("Total number of incoming messages")
            .build(),
        throughput_in: m
            .u64_counter("rocketmq_throughput_in_total")
            .with_description("Total traffic of incoming messages")
            .build(),
        message_size: m
            .u64_histogram("rocketmq_message_size")
            .with_description("Incoming messages size")
            .with_boundaries(vec![
                1024.0,
                4096.0,
                524_288.0,
                1_048_576.0,
                2_097_152.0,
                4_194_304.0,
            ])
            .build(),
        messages_out: m
            .u64_counter("rocketmq_messages_out_total")
            .with_description("Total number of outgoing messages")
            .build(),
        throughput_out: m
            .u64_counter("rocketmq_throughput_out_total")
            .with_description("Total traffic of outgoing messages")
            .build(),
        send_to_dlq: m
            .u64_counter("rocketmq_send_to_dlq_messages_total")
            .with_description("Consumer send to DLQ messages")
            .build(),
        commit_messages: m
            .u64_counter("rocketmq_commit_messages_total")
            .with_description("Total number of commit messages")
            .build(),
        rollback_messages: m
            .u64_counter("rocketmq_rollback_messages_total")
            .with_description("Total number of rollback messages")
            .build(),
        rpc_latency: m
            .u64_histogram("rocketmq_rpc_latency")
            .with_unit(MILLISECONDS)
            .with_description("Rpc latency")
            .with_boundaries(vec![
                1.0, 3.0, 5.0, 7.0, 10.0, 100.0, 1000.0, 2000.0, 3000.0,
            ])
            .build(),
        delay_message_latency: m
            .u64_histogram("rocketmq_delay_message_latency")
            .with_unit(SECONDS)
            .with_description("Delay message latency")
            .with_boundaries(vec![60.0, 600.0, 3600.0, 43200.0, 86400.0, 259_200.0])
            .build(),
        delay_lateness: m
            .u64_histogram("apogee_delay_message_lateness")
            .with_unit(MILLISECONDS)
            .with_description("How long after its delivery time a delayed message became visible")
            .with_boundaries(vec![
                1.0, 10.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 5000.0, 30_000.0,
            ])
            .build(),
        group_commit_batch: m
            .u64_histogram("apogee_store_group_commit_batch_size")
            .with_description("Records per store write batch (group commit)")
            .with_boundaries(vec![
                1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0,
            ])
            .build(),
        fsync_latency: m
            .f64_histogram("apogee_store_fsync_latency")
            .with_unit(MILLISECONDS)
            .with_description("Time to write and sync one store write batch")
            .with_boundaries(vec![
                0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0,
            ])
            .build(),
        rpc_rejected: m
            .u64_counter("apogee_rpc_rejected_total")
            .with_description("Calls answered without running: overload or timeout")
            .build(),
    }
});

/// The process's instruments.
pub fn instruments() -> &'static Instruments {
    &INSTRUMENTS
}
