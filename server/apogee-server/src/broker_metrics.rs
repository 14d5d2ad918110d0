//! Registers the observable gauges of a node: the broker's (topics, groups, lag), its store's
//! (size, flush backlog, RocksDB), and RocketMQ's `rocketmq_proxy_up` for the proxy part.

use std::sync::Arc;

use apogee_broker::Broker;
use apogee_telemetry::instruments::{self as names, BYTES};
use apogee_telemetry::opentelemetry::KeyValue;

/// A broker (standalone, master, or a slave acting for its master) and its store.
pub fn register(broker: &Arc<Broker>) {
    apogee_broker::metrics::register_gauges(broker);
    register_store(broker);
    register_proxy("local");
}

fn register_store(broker: &Arc<Broker>) {
    let meter = apogee_telemetry::meter();
    let store_labels = || {
        apogee_telemetry::labels(&[
            KeyValue::new("storage_type", "local"),
            KeyValue::new("storage_medium", "disk"),
        ])
    };
    let weak = Arc::downgrade(broker);
    let w = weak.clone();
    meter
        .u64_observable_gauge(names::STORAGE_SIZE)
        .with_unit(BYTES)
        .with_description("Broker storage size")
        .with_callback(move |o| {
            if let Some(b) = w.upgrade() {
                o.observe(b.store().storage_stats().disk_bytes(), &store_labels());
            }
        })
        .build();
    let w = weak.clone();
    meter
        .u64_observable_gauge(names::STORAGE_FLUSH_BEHIND_BYTES)
        .with_unit(BYTES)
        .with_description("Broker flush behind bytes")
        .with_callback(move |o| {
            if let Some(b) = w.upgrade() {
                o.observe(b.store().write_backlog() as u64, &store_labels());
            }
        })
        .build();
    let w = weak.clone();
    meter
        .u64_observable_gauge(names::WRITE_BACKLOG)
        .with_unit(BYTES)
        .with_description("Bytes submitted to the store writer and not yet written")
        .with_callback(move |o| {
            if let Some(b) = w.upgrade() {
                o.observe(
                    b.store().write_backlog() as u64,
                    &apogee_telemetry::labels(&[]),
                );
            }
        })
        .build();
    let w = weak;
    meter
        .u64_observable_gauge(format!("{}stats", names::ROCKSDB_PREFIX))
        .with_description("RocksDB figures of the store, by `figure`")
        .with_callback(move |o| {
            if let Some(b) = w.upgrade() {
                for (figure, value) in b.store().storage_stats().rocksdb_figures() {
                    o.observe(
                        value,
                        &apogee_telemetry::labels(&[KeyValue::new("figure", figure)]),
                    );
                }
            }
        })
        .build();
}

/// `rocketmq_proxy_up`: 1 while the proxy part runs (`mode`: `local` in a broker, `cluster`
/// for `apogee proxy`).
pub fn register_proxy(mode: &'static str) {
    apogee_telemetry::meter()
        .u64_observable_gauge(names::PROXY_UP)
        .with_description("Proxy status")
        .with_callback(move |o| {
            o.observe(
                1,
                &apogee_telemetry::labels(&[KeyValue::new("proxy_mode", mode)]),
            );
        })
        .build();
}
