//! `apogee bench produce`: `--concurrency` tasks each send and wait (sync sends, so this is the
//! number of requests in flight), optionally paced to `--rate` messages per second in total.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use apogee_proto::admin::v1 as admin;
use apogee_sdk::{Message, Producer};
use bytes::Bytes;
use clap::Args;
use hdrhistogram::Histogram;

use super::report::{Latency, Progress, Report, histogram, merge};
use super::target::{Target, producer_topics};
use super::{BenchError, Common};

#[derive(Debug, Clone, Args)]
pub struct ProduceArgs {
    #[command(flatten)]
    pub common: Common,
    /// Body size in bytes.
    #[arg(long, default_value_t = 1024)]
    pub size: usize,
    /// Messages per request.
    #[arg(long, default_value_t = 1, value_parser = super::positive)]
    pub batch: usize,
    /// Requests in flight.
    #[arg(long, default_value_t = 64, value_parser = super::positive)]
    pub concurrency: usize,
    /// Total messages per second to aim for (default: as fast as possible).
    #[arg(long)]
    pub rate: Option<u64>,
    /// Tag every message with this (none by default).
    #[arg(long)]
    pub tag: Option<String>,
    /// Bench a bare echo server instead (the gRPC ceiling): nothing is stored.
    #[arg(long)]
    pub spawn_echo: bool,
}

pub(super) async fn run(a: ProduceArgs) -> Result<String, BenchError> {
    let target = if a.spawn_echo {
        Target::echo().await?
    } else {
        Target::open(&a.common).await?
    };
    let topics = if a.spawn_echo {
        a.common.topic_names("bench")
    } else {
        producer_topics(&target, &a.common, "bench", admin::MessageType::Normal).await?
    };
    let producer = Producer::builder(target.endpoint.clone())
        .topics(topics.clone())
        .build()
        .await?;
    let meter = a.common.cpu_meter(&target);
    let (count, stats) = produce_for(&producer, &topics, &a, a.common.json).await;
    let cpu = meter.per_message_us(count);
    producer.shutdown().await;
    let settings = serde_json::json!({
        "size": a.size, "batch": a.batch, "concurrency": a.concurrency, "rate": a.rate, "topics": topics.len(),
        "target": if a.spawn_echo { "echo (nothing stored)".to_owned() } else if a.common.spawn_server { format!("spawned standalone, flush {:?}", a.common.flush).to_lowercase() } else { "endpoint".to_owned() },
    });
    let mut report = stats.report(
        "produce",
        &target.endpoint,
        settings,
        count,
        a.size,
        "send round trip (per request)",
    );
    report.server_cpu_us_per_msg = cpu;
    Ok(report.render(a.common.json))
}

/// Collected results of many tasks.
pub(super) struct Stats {
    pub hist: Histogram<u64>,
    pub errors: u64,
    pub elapsed: Duration,
}

impl Stats {
    pub fn report(
        &self,
        bench: &str,
        endpoint: &str,
        settings: serde_json::Value,
        messages: u64,
        size: usize,
        latency_of: &str,
    ) -> Report {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        Report {
            bench: bench.to_owned(),
            endpoint: endpoint.to_owned(),
            settings,
            messages,
            errors: self.errors,
            elapsed_s: secs,
            msgs_per_s: messages as f64 / secs,
            mb_per_s: (messages as f64 * size as f64) / secs / 1e6,
            latency_of: latency_of.to_owned(),
            latency: Latency::of(&self.hist),
            server_cpu_us_per_msg: None,
        }
    }
}

/// Sends until the duration or count is reached, request by request round the topics; returns the
/// messages stored and the stats. With `--count`, tasks claim messages before sending, so
/// exactly that many are sent (fewer only if some sends fail).
pub(super) async fn produce_for(
    producer: &Producer,
    topics: &[String],
    a: &ProduceArgs,
    json: bool,
) -> (u64, Stats) {
    let sent = Arc::new(AtomicU64::new(0));
    let claimed = Arc::new(AtomicU64::new(0));
    let progress = Progress::start("produce", json, sent.clone(), a.common.count);
    let body = Bytes::from(vec![b'x'; a.size]);
    let tag: Option<Arc<str>> = a.tag.as_deref().map(Arc::from);
    let started = Instant::now();
    let deadline = started + a.common.run_for();
    let limit = a.common.count.unwrap_or(u64::MAX);
    // Each task paces itself to its share of the rate.
    let per_task = a
        .rate
        .map(|r| Duration::from_secs_f64(a.concurrency as f64 * a.batch as f64 / r.max(1) as f64));
    let mut tasks = Vec::with_capacity(a.concurrency);
    let topics: Arc<[String]> = topics.into();
    for _ in 0..a.concurrency {
        let (producer, topics, body, tag) =
            (producer.clone(), topics.clone(), body.clone(), tag.clone());
        let message = move |topic: &str| {
            let m = Message::new(topic, body.clone());
            match &tag {
                Some(t) => m.tag(t.as_ref()),
                None => m,
            }
        };
        let (sent, claimed) = (sent.clone(), claimed.clone());
        let batch = a.batch as u64;
        tasks.push(tokio::spawn(async move {
            let mut hist = histogram();
            let mut errors = 0;
            let mut next = Instant::now();
            while Instant::now() < deadline {
                let first = claimed.fetch_add(batch, Ordering::Relaxed);
                if first >= limit {
                    break;
                }
                let n = batch.min(limit - first);
                let topic = &topics[(first / batch) as usize % topics.len()];
                if let Some(p) = per_task {
                    tokio::time::sleep_until(next.into()).await;
                    next += p;
                }
                let t = Instant::now();
                let ok = if n == 1 {
                    producer.send(message(topic)).await.is_ok()
                } else {
                    producer
                        .send_batch((0..n).map(|_| message(topic)).collect())
                        .await
                        .is_ok()
                };
                if ok {
                    let _ = hist.record(t.elapsed().as_micros() as u64);
                    sent.fetch_add(n, Ordering::Relaxed);
                } else {
                    errors += 1;
                }
            }
            (hist, errors)
        }));
    }
    let (all, errors) = merge(tasks).await;
    let elapsed = started.elapsed();
    progress.finish();
    (
        sent.load(Ordering::Relaxed),
        Stats {
            hist: all,
            errors,
            elapsed,
        },
    )
}

pub(super) fn uuid_suffix() -> String {
    let n: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!("{:x}", n ^ u64::from(std::process::id()))
}
