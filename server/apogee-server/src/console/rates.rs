//! Messages in and out per second, from the brokers' own counters (the admin API's
//! `GetTraffic`), read every `console.sample_interval`: the last hour for the overview's chart,
//! the last minute for the rates on the pages.
//!
//! Each broker counts from its own start, so growth is taken per broker and topic when a
//! reading arrives: a count that went down (that broker restarted) grew by what it is now, a
//! broker missing from a reading grows by nothing until it is back, and the first reading (or a
//! broker's first after it was unreachable) is a baseline, not a burst. A count seen for the
//! first time otherwise is all new: a new topic, or a broker that just started.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use apogee_proto::admin::v1 as pb;
use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use super::Console;

/// The chart's span.
pub(super) const HOUR_MS: i64 = 3_600_000;
/// The span of the rates shown as numbers.
const MINUTE_MS: i64 = 60_000;

/// Messages in and out.
type Counts = (u64, u64);

/// Growth between two readings.
#[derive(Debug, Clone)]
struct Growth {
    /// When the later reading was taken, and how long after the earlier one.
    at_ms: i64,
    span_ms: i64,
    total: Counts,
    /// Per topic, only those that grew.
    topics: HashMap<String, Counts>,
}

#[derive(Debug, Default)]
struct State {
    /// The latest counts per (broker, topic), and when they were read.
    last: HashMap<(String, String), Counts>,
    last_at_ms: Option<i64>,
    /// Brokers that did not answer the last reading.
    missing: HashSet<String>,
    /// The last hour of growth, oldest first; the per-topic part only for the last minute.
    hour: VecDeque<Growth>,
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

fn per_second(count: u64, span_ms: i64) -> f64 {
    if span_ms <= 0 {
        0.0
    } else {
        count as f64 * 1000.0 / span_ms as f64
    }
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

    /// Adds a reading taken at `at_ms`, without the brokers in `missing`.
    pub fn record(&self, at_ms: i64, counts: &[pb::TopicTraffic], missing: &[String]) {
        let mut s = self.state.lock();
        let first = s.last_at_ms.is_none();
        let mut growth = Growth {
            at_ms,
            span_ms: s.last_at_ms.map_or(0, |before| at_ms - before),
            total: (0, 0),
            topics: HashMap::new(),
        };
        let mut seen = Vec::with_capacity(counts.len());
        for c in counts {
            let key = (c.broker.clone(), c.topic.clone());
            let now = (c.messages_in, c.messages_out);
            let grew = match s.last.get(&key) {
                Some(before) => (grown(before.0, now.0), grown(before.1, now.1)),
                // Where things stood when the console started, or while it could not see.
                None if first || s.missing.contains(&c.broker) => (0, 0),
                None => now,
            };
            if grew != (0, 0) {
                growth.total.0 += grew.0;
                growth.total.1 += grew.1;
                let t = growth.topics.entry(c.topic.clone()).or_default();
                t.0 += grew.0;
                t.1 += grew.1;
            }
            seen.push((key, now));
        }
        s.last.extend(seen);
        s.missing = missing.iter().cloned().collect();
        s.last_at_ms = Some(at_ms);
        s.last_error = None;
        if first {
            return;
        }
        s.hour.push_back(growth);
        while s.hour.front().is_some_and(|g| g.at_ms <= at_ms - HOUR_MS) {
            s.hour.pop_front();
        }
        // Per-topic growth is read for the last minute only; the chart needs the totals.
        for g in s
            .hour
            .iter_mut()
            .rev()
            .skip_while(|g| g.at_ms > at_ms - MINUTE_MS)
        {
            if !g.topics.is_empty() {
                g.topics = HashMap::new();
            }
        }
    }

    pub fn record_error(&self, message: String) {
        self.state.lock().last_error = Some(message);
    }

    /// Why readings fail, while they do.
    pub fn last_error(&self) -> Option<String> {
        self.state.lock().last_error.clone()
    }

    /// Per second over the last minute: `pick` chooses what of each step counts.
    fn last_minute(&self, pick: impl Fn(&Growth) -> Counts) -> (f64, f64) {
        let s = self.state.lock();
        let Some(last) = s.last_at_ms else {
            return (0.0, 0.0);
        };
        let (mut count, mut span) = ((0u64, 0u64), 0i64);
        for g in s
            .hour
            .iter()
            .rev()
            .take_while(|g| g.at_ms > last - MINUTE_MS)
        {
            let c = pick(g);
            count.0 += c.0;
            count.1 += c.1;
            span += g.span_ms;
        }
        (per_second(count.0, span), per_second(count.1, span))
    }

    /// Messages in and out per second over the last minute, over every topic.
    pub fn overall(&self) -> (f64, f64) {
        self.last_minute(|g| g.total)
    }

    /// One topic's messages in and out per second over the last minute.
    pub fn topic(&self, topic: &str) -> (f64, f64) {
        self.last_minute(|g| g.topics.get(topic).copied().unwrap_or_default())
    }

    /// The last hour, one step per reading.
    pub fn steps(&self) -> Vec<Step> {
        self.state
            .lock()
            .hour
            .iter()
            .map(|g| Step {
                at_ms: g.at_ms,
                in_per_s: per_second(g.total.0, g.span_ms),
                out_per_s: per_second(g.total.1, g.span_ms),
            })
            .collect()
    }
}

/// Reads the traffic counters every interval until `stop`, signed with the server's own
/// super-user keys when authentication is on.
pub(super) async fn sample(
    console: Arc<Console>,
    keys: Option<(String, String)>,
    stop: CancellationToken,
) {
    let mut client = console.admin(keys.as_ref());
    let interval = console.rates.interval();
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
                console
                    .rates
                    .record(super::api::now_ms(), &r.topics, &r.missing_brokers);
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

    fn count(broker: &str, topic: &str, messages_in: u64, messages_out: u64) -> pb::TopicTraffic {
        pb::TopicTraffic {
            topic: topic.into(),
            messages_in,
            messages_out,
            broker: broker.into(),
        }
    }

    #[test]
    fn rates_are_growth_over_time_and_survive_a_restart() {
        let r = Rates::new(Duration::from_secs(10));
        assert_eq!(r.overall(), (0.0, 0.0));
        r.record(0, &[count("a", "t", 100, 0)], &[]);
        assert_eq!(r.overall(), (0.0, 0.0), "one reading is no rate");
        r.record(10_000, &[count("a", "t", 200, 50)], &[]);
        assert_eq!(r.overall(), (10.0, 5.0));
        assert_eq!(r.topic("t"), (10.0, 5.0));
        assert_eq!(r.topic("other"), (0.0, 0.0));
        // The broker restarted: 30 new messages, not -170.
        r.record(20_000, &[count("a", "t", 30, 50)], &[]);
        assert_eq!(r.overall().0, (100.0 + 30.0) / 20.0);
        let steps = r.steps();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].in_per_s, 3.0);
    }

    #[test]
    fn a_broker_missing_from_a_reading_is_neither_a_dip_nor_a_burst() {
        let r = Rates::new(Duration::from_secs(10));
        r.record(
            0,
            &[count("a", "t", 1_000_000, 0), count("b", "t", 10, 0)],
            &[],
        );
        r.record(10_000, &[count("b", "t", 20, 0)], &["a".into()]);
        let back = [count("a", "t", 1_000_100, 0), count("b", "t", 30, 0)];
        r.record(20_000, &back, &[]);
        let steps = r.steps();
        assert_eq!(steps[0].in_per_s, 1.0);
        assert_eq!(steps[1].in_per_s, 11.0);
        // A broker unreachable before is a baseline when it answers; a new topic, or a broker
        // that just started, counts whole.
        r.record(30_000, &[count("b", "t", 30, 0)], &["c".into()]);
        let joined = [
            count("c", "t", 5_000, 0),
            count("b", "u", 40, 0),
            count("d", "t", 7, 0),
        ];
        r.record(40_000, &joined, &[]);
        assert_eq!(r.steps()[3].in_per_s, 4.7);
        assert_eq!(r.topic("u").0, 40.0 / 40.0);
    }

    #[test]
    fn a_topic_that_appears_after_the_first_reading_counts_whole() {
        let r = Rates::new(Duration::from_secs(10));
        r.record(0, &[], &[]);
        r.record(10_000, &[count("", "t", 30, 10)], &[]);
        assert_eq!(r.topic("t"), (3.0, 1.0));
    }

    #[test]
    fn old_readings_leave_the_windows() {
        let r = Rates::new(Duration::from_secs(10));
        for i in 0..500u64 {
            r.record(
                i64::try_from(i).unwrap() * 10_000,
                &[count("a", "t", i * 10, 0)],
                &[],
            );
        }
        assert_eq!(r.steps().len(), 360);
        assert!((r.topic("t").0 - 1.0).abs() < 1e-9);
        let s = r.state.lock();
        assert!(s.hour.iter().filter(|g| !g.topics.is_empty()).count() <= 7);
    }
}
