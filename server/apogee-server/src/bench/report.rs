//! Bench results: throughput and latency percentiles, as text or JSON, and the progress line.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hdrhistogram::Histogram;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

/// Latency percentiles in microseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub p999_us: u64,
    pub max_us: u64,
    pub mean_us: f64,
}

impl Latency {
    pub fn of(h: &Histogram<u64>) -> Self {
        Self {
            p50_us: h.value_at_quantile(0.5),
            p90_us: h.value_at_quantile(0.9),
            p99_us: h.value_at_quantile(0.99),
            p999_us: h.value_at_quantile(0.999),
            max_us: h.max(),
            mean_us: h.mean(),
        }
    }
}

/// One bench run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub bench: String,
    pub endpoint: String,
    /// What was measured and how (size, batch, concurrency, flush mode...).
    pub settings: serde_json::Value,
    pub messages: u64,
    pub errors: u64,
    pub elapsed_s: f64,
    pub msgs_per_s: f64,
    pub mb_per_s: f64,
    /// What the percentiles measure (e.g. "send round trip", "lateness after delivery time").
    pub latency_of: String,
    pub latency: Latency,
    /// Server CPU (user + system) per message over the measured phase, when a server process
    /// was measured (`--server-pid`, or a spawned server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_cpu_us_per_msg: Option<f64>,
}

impl Report {
    pub fn render(&self, json: bool) -> String {
        if json {
            return serde_json::to_string_pretty(self).unwrap_or_default();
        }
        let l = &self.latency;
        let cpu = self
            .server_cpu_us_per_msg
            .map(|c| format!("  server CPU: {c:.1} µs per message\n"))
            .unwrap_or_default();
        let text = format!(
            "{bench} against {endpoint} {settings}\n  {messages} messages in {elapsed:.1} s ({errors} errors): {rate:.0} msgs/s, {mb:.2} MB/s\n  {of}: p50 {p50} p90 {p90} p99 {p99} p99.9 {p999} max {max} (mean {mean})\n",
            bench = self.bench,
            endpoint = self.endpoint,
            settings = self.settings,
            messages = self.messages,
            elapsed = self.elapsed_s,
            errors = self.errors,
            rate = self.msgs_per_s,
            mb = self.mb_per_s,
            of = self.latency_of,
            p50 = us(l.p50_us),
            p90 = us(l.p90_us),
            p99 = us(l.p99_us),
            p999 = us(l.p999_us),
            max = us(l.max_us),
            mean = us(l.mean_us as u64),
        );
        text + &cpu
    }
}

fn us(v: u64) -> String {
    if v >= 10_000 {
        format!("{:.1} ms", v as f64 / 1000.0)
    } else {
        format!("{:.2} ms", v as f64 / 1000.0)
    }
}

/// A histogram of microseconds up to an hour, 3 significant digits.
/// Waits for every task and adds up their latencies and error counts.
pub async fn merge(
    tasks: Vec<tokio::task::JoinHandle<(Histogram<u64>, u64)>>,
) -> (Histogram<u64>, u64) {
    let mut all = histogram();
    let mut errors = 0;
    for t in tasks {
        if let Ok((h, e)) = t.await {
            let _ = all.add(&h);
            errors += e;
        }
    }
    (all, errors)
}

pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("constant, valid bounds")
}

/// A progress line on stderr (hidden when not a terminal or when printing JSON).
pub struct Progress {
    bar: ProgressBar,
    ticker: tokio::task::JoinHandle<()>,
}

impl Progress {
    pub fn start(label: &str, json: bool, counter: Arc<AtomicU64>, total: Option<u64>) -> Self {
        let bar = if json || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            ProgressBar::hidden()
        } else {
            match total {
                Some(n) => ProgressBar::new(n),
                None => ProgressBar::new_spinner(),
            }
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {prefix} [{elapsed_precise}] {pos} msgs {per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(label.to_owned());
        let b = bar.clone();
        let ticker = tokio::spawn(async move {
            let mut t = tokio::time::interval(Duration::from_millis(200));
            loop {
                t.tick().await;
                b.set_position(counter.load(Ordering::Relaxed));
            }
        });
        Self { bar, ticker }
    }

    pub fn finish(self) {
        self.ticker.abort();
        self.bar.finish_and_clear();
    }
}
