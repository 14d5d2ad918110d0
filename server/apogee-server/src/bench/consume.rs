//! `apogee bench consume` (fill a topic, then drain it) and `apogee bench e2e` (produce and
//! consume at once; latency from send to receipt). Consumers use simple-consumer receives of
//! up to 32 messages and ack each batch in one request.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apogee_proto::admin::v1 as admin;
use apogee_sdk::{FilterExpression, Message, Producer, SimpleConsumer};
use bytes::{BufMut, BytesMut};
use clap::Args;

use super::produce::{ProduceArgs, Stats, produce_for};
use super::report::{Progress, histogram, merge};
use super::target::{Target, topics_and_group};
use super::{BenchError, Common};

#[derive(Debug, Clone, Args)]
pub struct ConsumeArgs {
    #[command(flatten)]
    pub common: Common,
    /// Messages to send first (not measured); the consumer then drains them.
    #[arg(long, default_value_t = 100_000)]
    pub prefill: u64,
    #[arg(long, default_value_t = 1024)]
    pub size: usize,
    /// Receivers (receives in flight).
    #[arg(long, default_value_t = 4, value_parser = super::positive)]
    pub concurrency: usize,
    /// Messages per receive.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(i32).range(1..))]
    pub batch: i32,
}

#[derive(Debug, Clone, Args)]
pub struct E2eArgs {
    #[command(flatten)]
    pub common: Common,
    #[arg(long, default_value_t = 1024)]
    pub size: usize,
    /// Producer requests in flight.
    #[arg(long, default_value_t = 16, value_parser = super::positive)]
    pub concurrency: usize,
    /// Total messages per second (default: as fast as possible).
    #[arg(long)]
    pub rate: Option<u64>,
    /// Receivers.
    #[arg(long, default_value_t = 4, value_parser = super::positive)]
    pub consumers: usize,
}

pub(super) async fn run(a: ConsumeArgs) -> Result<String, BenchError> {
    let target = Target::open(&a.common).await?;
    let (topics, group) =
        topics_and_group(&target, &a.common, "bench", admin::MessageType::Normal).await?;
    let tag = run_tag();
    let consumer = subscriber(
        &target.endpoint,
        &group,
        &topics,
        &tag,
        Duration::from_secs(1),
    )
    .await?;
    settle_position(&consumer).await?;
    if a.prefill > 0 {
        let producer = Producer::builder(target.endpoint.clone())
            .topics(topics.clone())
            .build()
            .await?;
        let fill = ProduceArgs {
            common: Common {
                count: Some(a.prefill),
                ..a.common.clone()
            },
            size: a.size,
            batch: 16,
            concurrency: 32,
            rate: None,
            tag: Some(tag),
            spawn_echo: false,
        };
        produce_for(&producer, &topics, &fill, true).await;
        producer.shutdown().await;
    }
    let want = a.common.count.unwrap_or(a.prefill).max(1);
    let received = Arc::new(AtomicU64::new(0));
    let meter = a.common.cpu_meter(&target);
    let stats = drain(
        &consumer,
        a.concurrency,
        a.batch,
        want,
        a.common.run_for(),
        received.clone(),
        a.common.json,
        false,
    )
    .await;
    let cpu = meter.per_message_us(received.load(Ordering::Relaxed));
    consumer.shutdown().await;
    let settings = serde_json::json!({"size": a.size, "receivers": a.concurrency, "batch": a.batch, "prefill": a.prefill, "topics": topics.len()});
    let mut report = stats.report(
        "consume",
        &target.endpoint,
        settings,
        received.load(Ordering::Relaxed),
        a.size,
        "receive round trip (per batch)",
    );
    report.server_cpu_us_per_msg = cpu;
    Ok(report.render(a.common.json))
}

pub(super) async fn run_e2e(a: E2eArgs) -> Result<String, BenchError> {
    let target = Target::open(&a.common).await?;
    let (topics, group) =
        topics_and_group(&target, &a.common, "bench", admin::MessageType::Normal).await?;
    let tag = run_tag();
    let consumer = subscriber(
        &target.endpoint,
        &group,
        &topics,
        &tag,
        Duration::from_secs(1),
    )
    .await?;
    let producer = Producer::builder(target.endpoint.clone())
        .topics(topics.clone())
        .build()
        .await?;
    let received = Arc::new(AtomicU64::new(0));
    let want = a.common.count.unwrap_or(u64::MAX);
    let drain_task = {
        let (consumer, received) = (consumer.clone(), received.clone());
        let (consumers, duration, json) = (
            a.consumers,
            a.common.run_for() + Duration::from_secs(2),
            a.common.json,
        );
        tokio::spawn(async move {
            drain(
                &consumer, consumers, 32, want, duration, received, json, true,
            )
            .await
        })
    };
    // Each body starts with its send time, so the consumer can measure end-to-end latency.
    let stamp = |size: usize| {
        let mut b = BytesMut::with_capacity(size.max(8));
        b.put_u64(now_us());
        b.resize(size.max(8), b'x');
        b.freeze()
    };
    let sent = Arc::new(AtomicU64::new(0));
    let claimed = Arc::new(AtomicU64::new(0));
    let meter = a.common.cpu_meter(&target);
    let started = Instant::now();
    let deadline = started + a.common.run_for();
    let per_task = a
        .rate
        .map(|r| Duration::from_secs_f64(a.concurrency as f64 / r.max(1) as f64));
    let topics: Arc<[String]> = topics.into();
    let mut tasks = Vec::new();
    for _ in 0..a.concurrency {
        let (producer, topics, tag) = (producer.clone(), topics.clone(), tag.clone());
        let (sent, claimed) = (sent.clone(), claimed.clone());
        let size = a.size;
        tasks.push(tokio::spawn(async move {
            let mut next = Instant::now();
            while Instant::now() < deadline {
                // Claim before sending, so `--count` sends exactly that many.
                let n = claimed.fetch_add(1, Ordering::Relaxed);
                if n >= want {
                    break;
                }
                if let Some(p) = per_task {
                    tokio::time::sleep_until(next.into()).await;
                    next += p;
                }
                let topic = &topics[n as usize % topics.len()];
                if producer
                    .send(Message::new(topic, stamp(size)).tag(tag.as_str()))
                    .await
                    .is_ok()
                {
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let stats = drain_task
        .await
        .map_err(|e| BenchError::Other(e.to_string()))?;
    // Per message delivered (each was sent, received and acked).
    let cpu = meter.per_message_us(received.load(Ordering::Relaxed));
    producer.shutdown().await;
    consumer.shutdown().await;
    let settings = serde_json::json!({"size": a.size, "producers": a.concurrency, "consumers": a.consumers, "rate": a.rate, "sent": sent.load(Ordering::Relaxed), "topics": topics.len()});
    let mut report = stats.report(
        "e2e",
        &target.endpoint,
        settings,
        received.load(Ordering::Relaxed),
        a.size,
        "send to receipt by the consumer",
    );
    report.server_cpu_us_per_msg = cpu;
    Ok(report.render(a.common.json))
}

/// Fixes where a new group starts before the prefill: Apache RocketMQ sets a group's position
/// in each queue at its first receive (near the queue's end), so messages sent before that
/// receive may never be delivered to it. One receive first (acking anything it returns, which
/// was there before the bench) makes every prefilled message come after the position.
async fn settle_position(consumer: &SimpleConsumer) -> Result<(), BenchError> {
    for m in consumer.receive(32, Duration::from_secs(30)).await? {
        consumer.ack(&m).await?;
    }
    Ok(())
}

/// A tag for the messages of one bench run: consumers subscribe to it alone, so messages an
/// earlier run left in a reused topic (`--topic`, `--group`) are neither counted nor timed.
pub(super) fn run_tag() -> String {
    format!("bench-run-{}", super::produce::uuid_suffix())
}

/// A simple consumer of `group` subscribed to every topic with tag `tag`, whose receives wait
/// up to `long_poll` for messages.
pub(super) async fn subscriber(
    endpoint: &str,
    group: &str,
    topics: &[String],
    tag: &str,
    long_poll: Duration,
) -> Result<SimpleConsumer, BenchError> {
    let mut b = SimpleConsumer::builder(endpoint.to_owned(), group).await_duration(long_poll);
    for t in topics {
        b = b.subscribe(t, FilterExpression::tag(tag));
    }
    Ok(b.build().await?)
}

fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// Receives and acks until `want` messages or the duration. With `e2e`, the latency recorded
/// is from the send time stamped in each body; otherwise it is each receive's round trip.
#[allow(clippy::too_many_arguments)]
async fn drain(
    consumer: &SimpleConsumer,
    receivers: usize,
    batch: i32,
    want: u64,
    duration: Duration,
    received: Arc<AtomicU64>,
    json: bool,
    e2e: bool,
) -> Stats {
    let progress = Progress::start(
        "consume",
        json,
        received.clone(),
        (want != u64::MAX).then_some(want),
    );
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for _ in 0..receivers {
        let (consumer, received) = (consumer.clone(), received.clone());
        tasks.push(tokio::spawn(async move {
            let mut hist = histogram();
            let mut errors = 0;
            while Instant::now() < deadline && received.load(Ordering::Relaxed) < want {
                let t = Instant::now();
                match consumer.receive(batch, Duration::from_secs(60)).await {
                    Ok(ms) if ms.is_empty() => {}
                    Ok(ms) => {
                        if e2e {
                            let now = now_us();
                            for m in &ms {
                                let sent = m.body.get(..8).map_or(now, |b| {
                                    u64::from_be_bytes(b.try_into().unwrap_or([0; 8]))
                                });
                                let _ = hist.record(now.saturating_sub(sent).max(1));
                            }
                        } else {
                            let _ = hist.record(t.elapsed().as_micros() as u64);
                        }
                        if consumer.ack_all(&ms).await.is_err() {
                            errors += 1;
                        }
                        received.fetch_add(ms.len() as u64, Ordering::Relaxed);
                    }
                    Err(_) => errors += 1,
                }
            }
            (hist, errors)
        }));
    }
    let (all, errors) = merge(tasks).await;
    progress.finish();
    Stats {
        hist: all,
        errors,
        elapsed: started.elapsed(),
    }
}
