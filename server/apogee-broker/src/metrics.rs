//! What the broker records into Apache RocketMQ 5's metrics (names and buckets in
//! `apogee_telemetry::instruments`), and the observable gauges computed from its state at
//! scrape time: topic and group numbers, and each group's lag, in-flight and ready messages
//! and lag latency per topic.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Weak};

use apogee_telemetry::instruments::{self as names, MILLISECONDS, instruments};
use apogee_telemetry::label_cache::LabelCache;
use apogee_telemetry::opentelemetry::KeyValue;
use apogee_telemetry::opentelemetry::metrics::AsyncInstrument;
use apogee_types::MessageType;

use crate::Broker;
use crate::consume::{INSTANCE_START_KEY, QueueKey};

/// RocketMQ's `message_type` label values.
pub(crate) fn type_label(t: MessageType) -> &'static str {
    match t {
        MessageType::Normal => "normal",
        MessageType::Fifo => "fifo",
        MessageType::Delay => "delay",
        MessageType::Transaction => "transaction",
    }
}

/// Label sets of stored messages by topic, one per message type (every send records them).
static IN_LABELS: LabelCache<[Vec<KeyValue>; 4]> = LabelCache::new();

/// Messages a producer stored: `(type, body bytes)` each.
pub(crate) fn record_in(topic: &str, stored: &[(MessageType, usize)]) {
    let m = instruments();
    let sets = IN_LABELS.get(topic, || {
        MessageType::ALL.map(|t| {
            apogee_telemetry::labels(&[
                KeyValue::new("topic", topic.to_string()),
                KeyValue::new("message_type", type_label(t)),
                KeyValue::new("is_system", false),
            ])
        })
    });
    let mut per_type = [(0u64, 0u64); 4];
    for (t, bytes) in stored {
        let i = type_index(*t);
        per_type[i].0 += 1;
        per_type[i].1 += *bytes as u64;
        m.message_size.record(*bytes as u64, &sets[i]);
    }
    for (i, (count, bytes)) in per_type.into_iter().enumerate() {
        if count > 0 {
            m.messages_in.add(count, &sets[i]);
            m.throughput_in.add(bytes, &sets[i]);
        }
    }
}

/// Position of a type in [`MessageType::ALL`].
fn type_index(t: MessageType) -> usize {
    MessageType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// Messages handed to a consumer group.
pub(crate) fn record_out(topic: &str, group: &str, is_retry: bool, count: u64, bytes: u64) {
    let m = instruments();
    let labels = apogee_telemetry::labels(&[
        KeyValue::new("topic", topic.to_string()),
        KeyValue::new("consumer_group", group.to_string()),
        KeyValue::new("is_retry", is_retry),
        KeyValue::new("is_system", false),
    ]);
    m.messages_out.add(count, &labels);
    m.throughput_out.add(bytes, &labels);
}

/// A message moved to a group's dead-letter queue.
pub(crate) fn record_dlq(topic: &str, group: &str) {
    instruments().send_to_dlq.add(
        1,
        &apogee_telemetry::labels(&[
            KeyValue::new("consumer_group", group.to_string()),
            KeyValue::new("topic", topic.to_string()),
            KeyValue::new("is_system", false),
        ]),
    );
}

/// A transaction ended.
pub(crate) fn record_transaction(topic: &str, committed: bool) {
    let m = instruments();
    let labels = apogee_telemetry::labels(&[KeyValue::new("topic", topic.to_string())]);
    if committed {
        m.commit_messages.add(1, &labels);
    } else {
        m.rollback_messages.add(1, &labels);
    }
}

/// A delayed message was asked for `delay_ms` ahead.
pub(crate) fn record_delay_requested(topic: &str, delay_ms: u64) {
    instruments().delay_message_latency.record(
        delay_ms / 1000,
        &apogee_telemetry::labels(&[KeyValue::new("topic", topic.to_string())]),
    );
}

/// A delayed message became visible `late_ms` after its delivery time.
pub(crate) fn record_delay_fired(topic: &str, late_ms: u64) {
    instruments().delay_lateness.record(
        late_ms,
        &apogee_telemetry::labels(&[KeyValue::new("topic", topic.to_string())]),
    );
}

/// One group's progress on one topic (its own queues, or its retry queue for the topic).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerProgress {
    pub group: String,
    pub topic: String,
    pub is_retry: bool,
    /// Messages stored and not yet consumed (acknowledged).
    pub lag: u64,
    /// Messages handed out and not yet acknowledged.
    pub inflight: u64,
    /// How long the oldest unconsumed message has been stored, in ms (0 with no lag).
    pub lag_latency_ms: u64,
}

impl ConsumerProgress {
    /// Messages ready to be handed out.
    pub fn ready(&self) -> u64 {
        self.lag.saturating_sub(self.inflight)
    }
}

impl Broker {
    /// Every clustering group's progress per topic it has read (broadcast groups keep one
    /// position per instance and are left out, as RocketMQ's lag metrics do).
    pub fn consumer_progress(&self) -> Vec<ConsumerProgress> {
        let now = self.now_ms();
        let mut out = Vec::new();
        for group in self.list_groups() {
            if group.is_broadcast() {
                continue;
            }
            // In-place groups (FIFO) keep their cursor at the first unfinished message, so
            // what they have in flight lies past it; the others move the cursor as they hand
            // messages out, so what is in flight lies before it and adds to the lag.
            let in_place = group.in_place();
            // (queue, cursor, in flight, oldest in-flight store time) read under the lock;
            // the store is read after it.
            let queues: Vec<(QueueKey, u64, u64, Option<u64>)> = {
                let st = group.state.lock();
                let Some(view) = st.views.get(&0) else {
                    continue;
                };
                let mut oldest: HashMap<QueueKey, u64> = HashMap::new();
                for ((t, q, _), inflight) in &view.inflight {
                    let e = oldest.entry((*t, *q)).or_insert(u64::MAX);
                    *e = (*e).min(inflight.entry.store_time_ms);
                }
                view.cursors
                    .iter()
                    .filter(|(q, _)| **q != INSTANCE_START_KEY)
                    .map(|(q, c)| {
                        (
                            *q,
                            *c,
                            u64::from(view.in_flight_on(*q)),
                            oldest.get(q).copied(),
                        )
                    })
                    .collect()
            };
            let mut per_topic: BTreeMap<(u32, bool), ConsumerProgress> = BTreeMap::new();
            for ((topic_id, queue_id), cursor, inflight, oldest_inflight) in queues {
                let is_retry = topic_id == group.retry_topic.id;
                let original = if is_retry { queue_id } else { topic_id };
                let Some(meta) = self.topic_by_id(original) else {
                    continue;
                };
                let end = self.store.queue_end(topic_id, queue_id).unwrap_or(cursor);
                let unread = end.saturating_sub(cursor);
                let lag = if in_place { unread } else { unread + inflight };
                let p = per_topic
                    .entry((original, is_retry))
                    .or_insert_with(|| ConsumerProgress {
                        group: group.name.as_str().to_string(),
                        topic: meta.name.as_str().to_string(),
                        is_retry,
                        ..ConsumerProgress::default()
                    });
                p.lag += lag;
                p.inflight += inflight;
                let mut oldest = oldest_inflight;
                if unread > 0
                    && let Ok(entries) = self.store.read_queue(topic_id, queue_id, cursor, 1)
                    && let Some((_, e)) = entries.first()
                {
                    oldest = Some(oldest.map_or(e.store_time_ms, |o| o.min(e.store_time_ms)));
                }
                if let Some(t) = oldest {
                    p.lag_latency_ms = p.lag_latency_ms.max(now.saturating_sub(t));
                }
            }
            out.extend(per_topic.into_values());
        }
        out
    }
}

/// Registers the broker's observable gauges. They hold the broker weakly: once it is gone
/// they report nothing.
pub fn register_gauges(broker: &Arc<Broker>) {
    let meter = apogee_telemetry::meter();
    let weak = Arc::downgrade(broker);
    let w = weak.clone();
    meter
        .u64_observable_gauge(names::TOPIC_NUMBER)
        .with_description("Active topic number")
        .with_callback(move |o| {
            if let Some(b) = w.upgrade() {
                let n = b.list_topics().iter().filter(|t| !t.system).count();
                o.observe(n as u64, &apogee_telemetry::labels(&[]));
            }
        })
        .build();
    let w = weak.clone();
    meter
        .u64_observable_gauge(names::CONSUMER_GROUP_NUMBER)
        .with_description("Active subscription group number")
        .with_callback(move |o| {
            if let Some(b) = w.upgrade() {
                o.observe(b.list_groups().len() as u64, &apogee_telemetry::labels(&[]));
            }
        })
        .build();
    let progress_gauge = |name: &'static str,
                          unit: Option<&'static str>,
                          description: &'static str,
                          read: fn(&ConsumerProgress) -> u64| {
        let w: Weak<Broker> = weak.clone();
        let mut builder = meter
            .u64_observable_gauge(name)
            .with_description(description)
            .with_callback(move |o| observe_progress(&w, o, read));
        if let Some(unit) = unit {
            builder = builder.with_unit(unit);
        }
        builder.build();
    };
    progress_gauge(
        names::CONSUMER_LAG_MESSAGES,
        None,
        "Consumer lag messages",
        |p| p.lag,
    );
    progress_gauge(
        names::CONSUMER_INFLIGHT_MESSAGES,
        None,
        "Consumer inflight messages",
        |p| p.inflight,
    );
    progress_gauge(
        names::CONSUMER_READY_MESSAGES,
        None,
        "Consumer ready messages",
        ConsumerProgress::ready,
    );
    progress_gauge(
        names::CONSUMER_LAG_LATENCY,
        Some(MILLISECONDS),
        "Consumer lag time",
        |p| p.lag_latency_ms,
    );
}

fn observe_progress(
    broker: &Weak<Broker>,
    o: &dyn AsyncInstrument<u64>,
    read: fn(&ConsumerProgress) -> u64,
) {
    let Some(b) = broker.upgrade() else { return };
    for p in b.consumer_progress() {
        o.observe(
            read(&p),
            &apogee_telemetry::labels(&[
                KeyValue::new("consumer_group", p.group.clone()),
                KeyValue::new("topic", p.topic.clone()),
                KeyValue::new("is_retry", p.is_retry),
                KeyValue::new("is_system", false),
            ]),
        );
    }
}
