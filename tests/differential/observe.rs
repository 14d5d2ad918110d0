//! The scenarios: what a v2 client can observe of a server, reduced to values that do not
//! depend on names, addresses or timing noise (codes, counts, shapes, orders, buckets).

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apogee_e2e::client::{
    TelemetrySession, TestClient, attempt_of, body_of, code, duration, handle_of, id_of, message,
    push_settings, resource,
};
use apogee_e2e::unique;
use apogee_proto::rocketmq::v2 as pb;

use crate::target::{Resource, Target, TopicType};

pub type Observations = BTreeMap<String, String>;

/// Receives ask for this invisible time: the reference's smallest (10 s).
pub(crate) const INVISIBLE: Duration = Duration::from_secs(10);
/// Long polling of receives that expect a message.
pub(crate) const POLL: Duration = Duration::from_secs(10);

pub(crate) struct Names {
    pub(crate) normal: String,
    pub(crate) fifo: String,
    pub(crate) delay: String,
    pub(crate) group: String,
    pub(crate) fifo_group: String,
    pub(crate) delay_group: String,
    pub(crate) transaction: String,
    pub(crate) transaction_group: String,
    pub(crate) sdk_fifo_group: String,
    pub(crate) sdk_push_group: String,
    pub(crate) sdk_transaction_group: String,
}

pub async fn observe(t: &Target) -> Observations {
    let n = Names {
        normal: unique("diff-n"),
        fifo: unique("diff-f"),
        delay: unique("diff-d"),
        group: unique("diff-g"),
        fifo_group: unique("diff-gf"),
        delay_group: unique("diff-gd"),
        transaction: unique("diff-t"),
        transaction_group: unique("diff-gt"),
        sdk_fifo_group: unique("diff-sdk-gf"),
        sdk_push_group: unique("diff-sdk-gp"),
        sdk_transaction_group: unique("diff-sdk-gt"),
    };
    t.create(&[
        Resource::Topic(n.normal.clone(), TopicType::Normal),
        Resource::Topic(n.fifo.clone(), TopicType::Fifo),
        Resource::Topic(n.delay.clone(), TopicType::Delay),
        Resource::Topic(n.transaction.clone(), TopicType::Transaction),
        Resource::Group {
            name: n.group.clone(),
            fifo: false,
        },
        Resource::Group {
            name: n.fifo_group.clone(),
            fifo: true,
        },
        Resource::Group {
            name: n.delay_group.clone(),
            fifo: false,
        },
        Resource::Group {
            name: n.transaction_group.clone(),
            fifo: false,
        },
        Resource::Group {
            name: n.sdk_fifo_group.clone(),
            fifo: true,
        },
        Resource::Group {
            name: n.sdk_push_group.clone(),
            fifo: false,
        },
        Resource::Group {
            name: n.sdk_transaction_group.clone(),
            fifo: false,
        },
    ])
    .await;
    let mut o = Observations::new();
    bad_sends(t, &n, &mut o).await;
    routes(t, &n, &mut o).await;
    settings(t, &n, &mut o).await;
    crate::retries::redelivery(t, &n, &mut o).await;
    crate::retries::backoff_order(t, &n, &mut o).await;
    fifo_under_failure(t, &n, &mut o).await;
    delay(t, &n, &mut o).await;
    transaction(t, &n, &mut o).await;
    let sdk_names = crate::sdk::SdkNames {
        normal: &n.normal,
        fifo: &n.fifo,
        transaction: &n.transaction,
        delay: &n.delay,
        fifo_group: &n.sdk_fifo_group,
        push_group: &n.sdk_push_group,
        transaction_group: &n.sdk_transaction_group,
        delay_group: &n.delay_group,
    };
    crate::sdk::sdk_clients(t, &sdk_names, &mut o).await;
    o
}

pub(crate) fn put(o: &mut Observations, key: &str, value: impl ToString) {
    o.insert(key.to_owned(), value.to_string());
}

pub(crate) fn code_name(c: pb::Code) -> String {
    c.as_str_name().to_owned()
}

async fn send_code(c: &mut TestClient, m: pb::Message) -> String {
    let resp = c.send(vec![m]).await;
    let top = code(&resp.status);
    let entry = resp.entries.first().map(|e| code(&e.status)).unwrap_or(top);
    code_name(if top == pb::Code::Ok { entry } else { top })
}

pub(crate) fn system(m: &mut pb::Message) -> &mut pb::SystemProperties {
    m.system_properties.get_or_insert_with(Default::default)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

async fn bad_sends(t: &Target, n: &Names, o: &mut Observations) {
    let mut c = t.client().await;
    put(
        o,
        "send.ok",
        send_code(&mut c, message(&n.normal, "fine")).await,
    );
    put(
        o,
        "send.topic_empty",
        send_code(&mut c, message("", "x")).await,
    );
    put(
        o,
        "send.topic_illegal_characters",
        send_code(&mut c, message("bad topic!", "x")).await,
    );
    let mut m = message(&n.normal, "x");
    system(&mut m).tag = Some("a|b".into());
    put(o, "send.tag_with_bar", send_code(&mut c, m).await);
    let mut m = message(&n.normal, "x");
    system(&mut m).message_id = String::new();
    put(o, "send.message_id_empty", send_code(&mut c, m).await);
    let mut m = message(&n.normal, "x");
    system(&mut m).message_group = Some("g".into());
    put(
        o,
        "send.message_group_on_normal_topic",
        send_code(&mut c, m).await,
    );
    let mut m = message(&n.normal, "x");
    system(&mut m).delivery_timestamp = Some(timestamp(now_ms() + 5_000));
    put(o, "send.delay_on_normal_topic", send_code(&mut c, m).await);
    put(
        o,
        "send.normal_message_on_fifo_topic",
        send_code(&mut c, message(&n.fifo, "x")).await,
    );
    put(
        o,
        "send.unknown_topic",
        send_code(&mut c, message(&unique("diff-unknown"), "x")).await,
    );
}

fn timestamp(ms: i64) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: ms.div_euclid(1000),
        nanos: (ms.rem_euclid(1000) * 1_000_000) as i32,
    }
}

async fn routes(t: &Target, n: &Names, o: &mut Observations) {
    let mut c = t.client().await;
    let unknown = c.query_route(&unique("diff-unknown")).await;
    put(o, "route.unknown_topic", code_name(code(&unknown.status)));
    for (kind, topic) in [
        ("normal", &n.normal),
        ("fifo", &n.fifo),
        ("delay", &n.delay),
    ] {
        let r = c.query_route(topic).await;
        put(
            o,
            &format!("route.{kind}.status"),
            code_name(code(&r.status)),
        );
        let types: std::collections::BTreeSet<String> = r
            .message_queues
            .iter()
            .flat_map(|q| q.accept_message_types.iter())
            .filter_map(|t| pb::MessageType::try_from(*t).ok())
            .map(|t| t.as_str_name().to_owned())
            .collect();
        put(o, &format!("route.{kind}.accept_types"), join(types));
    }
    let r = c.query_route(&n.normal).await;
    put(o, "route.normal.queues", r.message_queues.len());
    let perms: std::collections::BTreeSet<String> = r
        .message_queues
        .iter()
        .filter_map(|q| pb::Permission::try_from(q.permission).ok())
        .map(|p| p.as_str_name().to_owned())
        .collect();
    put(o, "route.normal.permissions", join(perms));
    let access = c.endpoints();
    put(
        o,
        "route.normal.endpoints_are_the_access_point",
        r.message_queues.iter().all(|q| {
            q.broker
                .as_ref()
                .and_then(|b| b.endpoints.as_ref())
                .is_some_and(|e| e.addresses == access.addresses)
        }),
    );
    put(
        o,
        "route.normal.broker_ids",
        join(
            r.message_queues
                .iter()
                .map(|q| q.broker.as_ref().map_or(-1, |b| b.id).to_string())
                .collect::<std::collections::BTreeSet<_>>(),
        ),
    );
    let a = c
        .rpc
        .query_assignment(c.req(pb::QueryAssignmentRequest {
            topic: resource(&n.normal),
            group: resource(&n.group),
            endpoints: Some(c.endpoints()),
        }))
        .await
        .expect("rpc")
        .into_inner();
    put(o, "assignment.status", code_name(code(&a.status)));
    put(o, "assignment.count", a.assignments.len());
    put(
        o,
        "assignment.queue_ids",
        join(
            a.assignments
                .iter()
                .filter_map(|x| x.message_queue.as_ref().map(|q| q.id.to_string()))
                .collect::<std::collections::BTreeSet<_>>(),
        ),
    );
}

fn join(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(",")
}

fn simple_consumer_settings(c: &TestClient, group: &str, topic: &str) -> pb::Settings {
    let mut s = push_settings(c, group, topic);
    s.client_type = Some(pb::ClientType::SimpleConsumer as i32);
    s.request_timeout = Some(duration(Duration::from_secs(3)));
    if let Some(pb::settings::PubSub::Subscription(sub)) = &mut s.pub_sub {
        sub.long_polling_timeout = Some(duration(POLL));
    }
    s
}

fn seconds(d: &Option<prost_types::Duration>) -> String {
    d.as_ref().map_or("none".into(), |d| {
        format!("{}s", d.seconds as f64 + f64::from(d.nanos) / 1e9)
    })
}

fn backoff(p: &Option<pb::RetryPolicy>) -> (String, String) {
    let Some(p) = p else {
        return ("none".into(), "none".into());
    };
    let strategy = match &p.strategy {
        Some(pb::retry_policy::Strategy::ExponentialBackoff(e)) => format!(
            "exponential {} to {} x{}",
            seconds(&e.initial),
            seconds(&e.max),
            e.multiplier
        ),
        Some(pb::retry_policy::Strategy::CustomizedBackoff(c)) => format!(
            "customized {}",
            join(c.next.iter().map(|d| seconds(&Some(*d))))
        ),
        None => "none".into(),
    };
    (p.max_attempts.to_string(), strategy)
}

async fn settings(t: &Target, n: &Names, o: &mut Observations) {
    let mut c = t.client().await;
    let s = c
        .open_telemetry(simple_consumer_settings(&c, &n.group, &n.normal))
        .await;
    put(
        o,
        "settings.consumer.status",
        code_name(code(&s.settings.status)),
    );
    if let Some(pb::telemetry_command::Command::Settings(s)) = &s.settings.command {
        let (attempts, strategy) = backoff(&s.backoff_policy);
        put(o, "settings.consumer.max_attempts", attempts);
        put(o, "settings.consumer.backoff", strategy);
        if let Some(pb::settings::PubSub::Subscription(sub)) = &s.pub_sub {
            put(o, "settings.consumer.fifo", sub.fifo.unwrap_or(false));
            put(
                o,
                "settings.consumer.receive_batch_size",
                sub.receive_batch_size.unwrap_or(0),
            );
            put(
                o,
                "settings.consumer.long_polling_timeout",
                seconds(&sub.long_polling_timeout),
            );
        }
    }
    let mut f = t.client().await;
    let s = f
        .open_telemetry(simple_consumer_settings(&f, &n.fifo_group, &n.fifo))
        .await;
    if let Some(pb::telemetry_command::Command::Settings(s)) = &s.settings.command
        && let Some(pb::settings::PubSub::Subscription(sub)) = &s.pub_sub
    {
        put(o, "settings.fifo_consumer.fifo", sub.fifo.unwrap_or(false));
    }
    let mut p = t.client().await;
    let producer = producer_settings(&p, &n.normal);
    let s = p.open_telemetry(producer).await;
    put(
        o,
        "settings.producer.status",
        code_name(code(&s.settings.status)),
    );
    if let Some(pb::telemetry_command::Command::Settings(s)) = &s.settings.command {
        let (attempts, strategy) = backoff(&s.backoff_policy);
        put(o, "settings.producer.max_attempts", attempts);
        put(o, "settings.producer.backoff", strategy);
        if let Some(pb::settings::PubSub::Publishing(p)) = &s.pub_sub {
            put(o, "settings.producer.max_body_size", p.max_body_size);
            put(
                o,
                "settings.producer.validate_message_type",
                p.validate_message_type,
            );
        }
    }
}

/// A consumer with its Telemetry session open (the reference needs the settings first); the
/// session ends when the returned value is dropped.
pub(crate) async fn consumer(
    t: &Target,
    group: &str,
    topic: &str,
) -> (TestClient, TelemetrySession) {
    let mut c = t.client().await;
    let session = c
        .open_telemetry(simple_consumer_settings(&c, group, topic))
        .await;
    (c, session)
}

async fn fifo_under_failure(t: &Target, n: &Names, o: &mut Observations) {
    let (mut c, _session) = consumer(t, &n.fifo_group, &n.fifo).await;
    for body in ["a1", "a2", "a3"] {
        let mut m = message(&n.fifo, body);
        let sp = system(&mut m);
        sp.message_type = pb::MessageType::Fifo as i32;
        sp.message_group = Some("order-1".into());
        c.send_ok(m).await;
    }
    // Every first delivery is nacked (made visible again in 1 s); second deliveries are acked.
    let mut deliveries = Vec::new();
    let mut acked = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.len() < 3 && Instant::now() < deadline {
        let r = c
            .receive(&n.fifo_group, &n.fifo, "*", 32, INVISIBLE, POLL)
            .await;
        for m in &r.messages {
            let attempt = attempt_of(m);
            deliveries.push((body_of(m), attempt));
            if attempt == 1 {
                c.change_invisible(
                    &n.fifo_group,
                    &n.fifo,
                    &id_of(m),
                    &handle_of(m),
                    Duration::from_secs(1),
                )
                .await;
            } else {
                c.ack(&n.fifo_group, &n.fifo, m).await;
                acked.push(body_of(m));
            }
        }
    }
    // Order facts that do not depend on how many messages one receive returns.
    let first: Vec<String> = deliveries
        .iter()
        .filter(|(_, a)| *a == 1)
        .map(|(b, _)| b.clone())
        .collect();
    put(o, "fifo.order_of_first_deliveries", first.join(","));
    put(o, "fifo.order_of_acks", acked.join(","));
    let position = |body: &str, attempt: i32| {
        deliveries
            .iter()
            .position(|(b, a)| b == body && *a == attempt)
    };
    put(
        o,
        "fifo.nacked_message_comes_back_before_the_next_one",
        matches!((position("a1", 2), position("a2", 1)), (Some(x), Some(y)) if x < y),
    );
}

async fn delay(t: &Target, n: &Names, o: &mut Observations) {
    let (mut c, _session) = consumer(t, &n.delay_group, &n.delay).await;
    let due = now_ms() + 3_000;
    let mut m = message(&n.delay, "later");
    let sp = system(&mut m);
    sp.message_type = pb::MessageType::Delay as i32;
    sp.delivery_timestamp = Some(timestamp(due));
    c.send_ok(m).await;
    let r = c
        .receive(&n.delay_group, &n.delay, "*", 1, INVISIBLE, POLL)
        .await;
    let arrived = now_ms();
    put(o, "delay.delivered_within_the_poll", !r.messages.is_empty());
    if let Some(m) = r.messages.first() {
        put(o, "delay.early", arrived < due);
        // Apache RocketMQ's timer has one-second slots: "on time" is within a few seconds.
        put(o, "delay.late_by_under_3s", arrived - due < 3_000);
        let stamp = m
            .system_properties
            .as_ref()
            .and_then(|s| s.delivery_timestamp.as_ref())
            .map(|t| t.seconds * 1000 + i64::from(t.nanos) / 1_000_000);
        put(o, "delay.delivery_timestamp_round_trip", stamp == Some(due));
        c.ack(&n.delay_group, &n.delay, m).await;
    }
}

fn producer_settings(c: &TestClient, topic: &str) -> pb::Settings {
    pb::Settings {
        client_type: Some(pb::ClientType::Producer as i32),
        access_point: Some(c.endpoints()),
        request_timeout: Some(duration(Duration::from_secs(3))),
        pub_sub: Some(pb::settings::PubSub::Publishing(pb::Publishing {
            topics: resource(topic).into_iter().collect(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

async fn end_transaction(
    c: &mut TestClient,
    topic: &str,
    message_id: &str,
    transaction_id: &str,
    resolution: pb::TransactionResolution,
    source: pb::TransactionSource,
) -> String {
    let req = pb::EndTransactionRequest {
        topic: resource(topic),
        message_id: message_id.into(),
        transaction_id: transaction_id.into(),
        resolution: resolution as i32,
        source: source as i32,
        trace_context: String::new(),
    };
    let resp = c.rpc.end_transaction(c.req(req)).await.expect("rpc");
    code_name(code(&resp.into_inner().status))
}

/// Half messages: one rolled back by the producer, one committed by it; only the committed one
/// is delivered.
async fn transaction(t: &Target, n: &Names, o: &mut Observations) {
    let (mut consumer, _consumer_session) = consumer(t, &n.transaction_group, &n.transaction).await;
    let mut p = t.client().await;
    let _session = p
        .open_telemetry(producer_settings(&p, &n.transaction))
        .await;
    // Producers heartbeat after their settings, as the official clients do.
    let beat = pb::HeartbeatRequest {
        group: None,
        client_type: pb::ClientType::Producer as i32,
    };
    let beat = p
        .rpc
        .heartbeat(p.req(beat))
        .await
        .expect("rpc")
        .into_inner();
    put(
        o,
        "transaction.producer_heartbeat",
        code_name(code(&beat.status)),
    );
    let half = |body: &str| {
        let mut m = message(&n.transaction, body);
        system(&mut m).message_type = pb::MessageType::Transaction as i32;
        m
    };
    let (open, dropped) = (half("committed"), half("rolled-back"));
    let (open_id, dropped_id) = (id_of(&open), id_of(&dropped));
    let sent = p.send(vec![open]).await;
    put(o, "transaction.send", code_name(code(&sent.status)));
    let open_txn = sent
        .entries
        .first()
        .map(|e| e.transaction_id.clone())
        .unwrap_or_default();
    put(o, "transaction.has_transaction_id", !open_txn.is_empty());
    let sent = p.send(vec![dropped]).await;
    let dropped_txn = sent
        .entries
        .first()
        .map(|e| e.transaction_id.clone())
        .unwrap_or_default();
    put(
        o,
        "transaction.rollback_by_producer",
        end_transaction(
            &mut p,
            &n.transaction,
            &dropped_id,
            &dropped_txn,
            pb::TransactionResolution::Rollback,
            pb::TransactionSource::SourceClient,
        )
        .await,
    );
    put(
        o,
        "transaction.end_with_unknown_transaction_id",
        end_transaction(
            &mut p,
            &n.transaction,
            &id_of(&message(&n.transaction, "never sent")),
            "no-such-transaction",
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceClient,
        )
        .await,
    );
    // Check-backs are observed through the SDK (sdk.rs); here the producer decides itself.
    put(
        o,
        "transaction.commit_by_producer",
        end_transaction(
            &mut p,
            &n.transaction,
            &open_id,
            &open_txn,
            pb::TransactionResolution::Commit,
            pb::TransactionSource::SourceClient,
        )
        .await,
    );
    let mut delivered = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while delivered.is_empty() && Instant::now() < deadline {
        let r = consumer
            .receive(
                &n.transaction_group,
                &n.transaction,
                "*",
                8,
                INVISIBLE,
                POLL,
            )
            .await;
        for m in &r.messages {
            delivered.push(body_of(m));
            consumer.ack(&n.transaction_group, &n.transaction, m).await;
        }
    }
    put(o, "transaction.delivered", delivered.join(","));
}
