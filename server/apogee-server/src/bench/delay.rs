//! `apogee bench delay`: sends delay messages due `--delay` after sending, and measures how late
//! each arrives at a waiting consumer after its delivery time (lateness percentiles).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use apogee_proto::admin::v1 as admin;
use apogee_sdk::{Message, Producer};
use clap::Args;

use super::consume::{run_tag, subscriber};
use super::produce::Stats;
use super::report::{Progress, histogram, merge};
use super::target::{Target, topics_and_group};
use super::{BenchError, Common};

#[derive(Debug, Clone, Args)]
pub struct DelayArgs {
    #[command(flatten)]
    pub common: Common,
    /// Delay messages to send.
    #[arg(long, default_value_t = 2000)]
    pub messages: u64,
    /// How far ahead each message is due.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "2s")]
    pub delay: Duration,
    /// Messages per second while sending (spreads the due times).
    #[arg(long, default_value_t = 500)]
    pub rate: u64,
    #[arg(long, default_value_t = 256)]
    pub size: usize,
}

pub(super) async fn run(a: DelayArgs) -> Result<String, BenchError> {
    let target = Target::open(&a.common).await?;
    let (topics, group) =
        topics_and_group(&target, &a.common, "bench-delay", admin::MessageType::Delay).await?;
    let tag = run_tag();
    let consumer = subscriber(
        &target.endpoint,
        &group,
        &topics,
        &tag,
        Duration::from_secs(5),
    )
    .await?;
    let producer = Producer::builder(target.endpoint.clone())
        .topics(topics.clone())
        .build()
        .await?;
    let received = Arc::new(AtomicU64::new(0));
    let want = a.messages;
    let progress = Progress::start("delay", a.common.json, received.clone(), Some(want));
    // Receivers wait before anything is due, so lateness is the server's, not a poll interval.
    let mut receivers = Vec::new();
    let started = Instant::now();
    let give_up = started
        + a.delay
        + Duration::from_secs_f64(want as f64 / a.rate.max(1) as f64)
        + Duration::from_secs(30);
    for _ in 0..4 {
        let (consumer, received) = (consumer.clone(), received.clone());
        receivers.push(tokio::spawn(async move {
            let mut hist = histogram();
            let mut errors = 0;
            while received.load(Ordering::Relaxed) < want && Instant::now() < give_up {
                match consumer.receive(32, Duration::from_secs(60)).await {
                    Ok(ms) => {
                        let now = SystemTime::now();
                        for m in &ms {
                            let due = m.deliver_at.unwrap_or(now);
                            let late = now.duration_since(due).unwrap_or_default();
                            let _ = hist.record((late.as_micros() as u64).max(1));
                        }
                        if !ms.is_empty() && consumer.ack_all(&ms).await.is_err() {
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
    let pace = Duration::from_secs_f64(1.0 / a.rate.max(1) as f64);
    let mut next = Instant::now();
    let body = vec![b'd'; a.size];
    let mut send_errors = 0;
    for n in 0..want {
        tokio::time::sleep_until(next.into()).await;
        next += pace;
        let topic = &topics[n as usize % topics.len()];
        if producer
            .send(
                Message::new(topic, body.clone())
                    .tag(tag.as_str())
                    .deliver_after(a.delay),
            )
            .await
            .is_err()
        {
            send_errors += 1;
        }
    }
    let (all, receive_errors) = merge(receivers).await;
    let errors = send_errors + receive_errors;
    progress.finish();
    producer.shutdown().await;
    consumer.shutdown().await;
    let stats = Stats {
        hist: all,
        errors,
        elapsed: started.elapsed(),
    };
    let settings = serde_json::json!({"delay_ms": a.delay.as_millis(), "rate": a.rate, "size": a.size, "topics": topics.len()});
    let report = stats.report(
        "delay",
        &target.endpoint,
        settings,
        received.load(Ordering::Relaxed),
        a.size,
        "lateness after the delivery time",
    );
    Ok(report.render(a.common.json))
}
