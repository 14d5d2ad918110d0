//! Messages in and out per second, from the brokers' own counters (the admin API's
//! `GetTraffic`), read every `console.sample_interval`: the last hour for the overview's chart,
//! the last minute for the rates on the pages. A counter that went down (a broker restarted)
//! counts from zero again rather than as a negative rate.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use apogee_proto::admin::v1 as pb;
use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use super::Console;

/// The chart's span.
const HOUR_MS: i64 = 3_600_000;
/// The span of the rates shown as numbers.
const MINUTE_MS: i64 = 60_000;

/// One reading of the totals over every topic.
#[derive(Debug, Clone, Copy)]
struct Totals {
    at_ms: i64,
    messages_in: u64,
    messages_out: u64,
}

/// Per-topic counts (in, out) at one moment.
type TopicCounts = HashMap<String, (u64, u64)>;

#[derive(Debug, Default)]
struct State {
    /// The last hour of totals, oldest first.
    hour: VecDeque<Totals>,
    /// The last minute of per-topic counts (in, out), oldest first.
    minute: VecDeque<(i64, TopicCounts)>,
    /// Why the last reading failed, until one succeeds.
    last_error: Option<String>,
}

/// Traffic readings and the rates made of them.
#[derive(Debug)]
pub(super) struct Rates {
    interval: Duration,
    state: Mutex<State>,
}

/// Messages per second in one chart step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Step {
    pub at_ms: i64,
    pub in_per_s: f64,
    pub out_per_s: f64,
}

/// Growth of a counter between two readings; a reset counts from zero.
fn grown(before: u64, after: u64) -> u64 {
    if after >= before {
        after - before
    } else {
        after
    }
}

/// Per second over the readings (oldest first): growth between neighbours over the span.
fn per_second(readings: &[(i64, u64)]) -> f64 {
    let (Some(first), Some(last)) = (readings.first(), readings.last()) else {
        return 0.0;
    };
    let span_ms = last.0 - first.0;
    if span_ms <= 0 {
        return 0.0;
    }
    let total: u64 = readings.windows(2).map(|w| grown(w[0].1, w[1].1)).sum();
    total as f64 * 1000.0 / span_ms as f64
}

impl Rates {
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            state: Mutex::new(State::default()),
        }
    }

    /// How often readings are taken.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Adds a reading taken at `at_ms`.
    pub fn record(&self, at_ms: i64, topics: &[pb::TopicTraffic]) {
        let mut s = self.state.lock();
        s.hour.push_back(Totals {
            at_ms,
            messages_in: topics.iter().map(|t| t.messages_in).sum(),
            messages_out: topics.iter().map(|t| t.messages_out).sum(),
        });
        while s.hour.front().is_some_and(|t| t.at_ms < at_ms - HOUR_MS) {
            s.hour.pop_front();
        }
        s.minute.push_back((
            at_ms,
            topics
                .iter()
                .map(|t| (t.topic.clone(), (t.messages_in, t.messages_out)))
                .collect(),
        ));
        // One reading older than the minute stays: the first step of the window starts there.
        while s.minute.len() > 2 && s.minute[1].0 <= at_ms - MINUTE_MS {
            s.minute.pop_front();
        }
        s.last_error = None;
    }

    pub fn record_error(&self, message: String) {
        self.state.lock().last_error = Some(message);
    }

    /// Why readings fail, while they do.
    pub fn last_error(&self) -> Option<String> {
        self.state.lock().last_error.clone()
    }

    /// Messages in and out per second over the last minute, over every topic.
    pub fn overall(&self) -> (f64, f64) {
        let s = self.state.lock();
        let Some(last) = s.hour.back() else {
            return (0.0, 0.0);
        };
        let window: Vec<&Totals> = s
            .hour
            .iter()
            .skip_while(|t| t.at_ms < last.at_ms - MINUTE_MS)
            .collect();
        let of = |pick: fn(&Totals) -> u64| {
            per_second(
                &window
                    .iter()
                    .map(|t| (t.at_ms, pick(t)))
                    .collect::<Vec<_>>(),
            )
        };
        (of(|t| t.messages_in), of(|t| t.messages_out))
    }

    /// One topic's messages in and out per second over the last minute.
    pub fn topic(&self, topic: &str) -> (f64, f64) {
        let s = self.state.lock();
        let of = |pick: fn(&(u64, u64)) -> u64| {
            let readings: Vec<(i64, u64)> = s
                .minute
                .iter()
                .map(|(at, counts)| (*at, counts.get(topic).map_or(0, pick)))
                .collect();
            per_second(&readings)
        };
        (of(|c| c.0), of(|c| c.1))
    }

    /// The last hour, one step per reading.
    pub fn steps(&self) -> Vec<Step> {
        let s = self.state.lock();
        let hour: Vec<&Totals> = s.hour.iter().collect();
        hour.windows(2)
            .map(|w| {
                let span_s = ((w[1].at_ms - w[0].at_ms).max(1)) as f64 / 1000.0;
                Step {
                    at_ms: w[1].at_ms,
                    in_per_s: grown(w[0].messages_in, w[1].messages_in) as f64 / span_s,
                    out_per_s: grown(w[0].messages_out, w[1].messages_out) as f64 / span_s,
                }
            })
            .collect()
    }
}

/// Reads the traffic counters every interval until `stop`, signed with the server's own
/// super-user keys when authentication is on.
pub(super) async fn sample(
    console: Arc<Console>,
    keys: Option<(String, String)>,
    interval: Duration,
    stop: CancellationToken,
) {
    let signer = crate::admin_cli::Signer::new(keys.clone().map(|k| k.0), keys.map(|k| k.1));
    let mut client =
        pb::admin_client::AdminClient::with_interceptor(console.channel.clone(), signer);
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        let mut request = tonic::Request::new(pb::GetTrafficRequest {});
        request.set_timeout(interval.max(Duration::from_secs(5)));
        let answer = tokio::select! {
            () = stop.cancelled() => return,
            a = client.get_traffic(request) => a,
        };
        match answer {
            Ok(r) => {
                let r = r.into_inner();
                console.rates.record(super::api::now_ms(), &r.topics);
                if !r.missing_brokers.is_empty() {
                    console.rates.record_error(format!(
                        "no counts from broker(s) {}: the rates leave them out",
                        r.missing_brokers.join(", ")
                    ));
                }
            }
            Err(e) => console.rates.record_error(super::api::explain(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(topic: &str, messages_in: u64, messages_out: u64) -> Vec<pb::TopicTraffic> {
        vec![pb::TopicTraffic {
            topic: topic.into(),
            messages_in,
            messages_out,
        }]
    }

    #[test]
    fn rates_are_growth_over_time_and_survive_a_reset() {
        let r = Rates::new(Duration::from_secs(10));
        assert_eq!(r.overall(), (0.0, 0.0));
        r.record(0, &reading("t", 100, 0));
        assert_eq!(r.overall(), (0.0, 0.0), "one reading is no rate");
        r.record(10_000, &reading("t", 200, 50));
        assert_eq!(r.overall(), (10.0, 5.0));
        assert_eq!(r.topic("t"), (10.0, 5.0));
        assert_eq!(r.topic("other"), (0.0, 0.0));
        // A restarted broker counts from zero: 30 new messages, not -170.
        r.record(20_000, &reading("t", 30, 50));
        assert_eq!(r.overall().0, (100.0 + 30.0) / 20.0);
        let steps = r.steps();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].in_per_s, 3.0);
    }

    #[test]
    fn old_readings_leave_the_windows() {
        let r = Rates::new(Duration::from_secs(10));
        for i in 0..500i64 {
            r.record(i * 10_000, &reading("t", u64::try_from(i).unwrap() * 10, 0));
        }
        assert_eq!(r.steps().len(), 360);
        assert!((r.topic("t").0 - 1.0).abs() < 1e-9);
        assert!(r.state.lock().minute.len() <= 8);
    }
}
