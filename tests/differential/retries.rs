//! Redelivery: a nacked message comes back as the same message with the next attempt number,
//! no earlier than the nack asked, and nacks with different delays bring messages back in the
//! order of their delays (the back-off order a push consumer relies on).

use std::time::{Duration, Instant};

use apogee_e2e::client::{TestClient, attempt_of, body_of, code, handle_of, id_of, message};
use apogee_proto::rocketmq::v2 as pb;

use crate::observe::{INVISIBLE, Names, Observations, POLL, code_name, consumer, put, system};
use crate::target::Target;

/// The tag of the back-off scenario's messages, so the topic's other messages are not seen.
const TAG: &str = "backoff";

pub(crate) async fn redelivery(t: &Target, n: &Names, o: &mut Observations) {
    let (mut c, _session) = consumer(t, &n.group, &n.normal).await;
    // Drains what the bad-input scenario stored ("fine").
    let old = c
        .receive(&n.group, &n.normal, "*", 32, INVISIBLE, POLL)
        .await;
    for m in &old.messages {
        c.ack(&n.group, &n.normal, m).await;
    }
    let mut short = c
        .receive(
            &n.group,
            &n.normal,
            "*",
            1,
            Duration::from_secs(1),
            Duration::from_secs(1),
        )
        .await;
    put(
        o,
        "receive.invisible_1s",
        code_name(code(&Some(short.status.clone()))),
    );
    for m in short.messages.drain(..) {
        c.ack(&n.group, &n.normal, &m).await;
    }
    c.send_ok(message(&n.normal, "again")).await;
    let mut attempts = Vec::new();
    let first = c
        .receive(&n.group, &n.normal, "*", 1, INVISIBLE, POLL)
        .await;
    if let Some(m) = first.messages.first() {
        attempts.push(attempt_of(m).to_string());
        let nack = c
            .change_invisible(
                &n.group,
                &n.normal,
                &id_of(m),
                &handle_of(m),
                Duration::from_secs(1),
            )
            .await;
        put(o, "redelivery.nack", code_name(code(&nack.status)));
        let forged = c
            .ack_handle(&n.group, &n.normal, &id_of(m), "forged-handle")
            .await;
        put(o, "ack.forged_handle", code_name(code(&forged.status)));
        let started = Instant::now();
        let second = c
            .receive(&n.group, &n.normal, "*", 1, INVISIBLE, POLL)
            .await;
        if let Some(m2) = second.messages.first() {
            attempts.push(attempt_of(m2).to_string());
            put(
                o,
                "redelivery.same_message",
                id_of(m2) == id_of(m) && body_of(m2) == "again",
            );
            put(
                o,
                "redelivery.not_before_the_nack_delay",
                started.elapsed() >= Duration::from_millis(900),
            );
            let ack = c.ack(&n.group, &n.normal, m2).await;
            put(o, "redelivery.ack", code_name(code(&ack.status)));
            let stale = c.ack(&n.group, &n.normal, m).await;
            put(o, "ack.stale_handle", code_name(code(&stale.status)));
        }
    }
    put(o, "redelivery.attempts", attempts.join(","));
}

/// Receives with the scenario's tag until `n` messages arrived or 60 s passed.
async fn receive_n(c: &mut TestClient, n: &Names, count: usize) -> Vec<pb::Message> {
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while got.len() < count && Instant::now() < deadline {
        let r = c
            .receive(&n.group, &n.normal, TAG, 1, INVISIBLE, POLL)
            .await;
        got.extend(r.messages);
    }
    got
}

async fn nack(c: &mut TestClient, n: &Names, m: &pb::Message, after: Duration) -> pb::Code {
    let r = c
        .change_invisible(&n.group, &n.normal, &id_of(m), &handle_of(m), after)
        .await;
    code(&r.status)
}

/// Two messages nacked with 3 s and 1 s come back shortest delay first; one nacked twice is
/// delivered three times, attempts counting up.
pub(crate) async fn backoff_order(t: &Target, n: &Names, o: &mut Observations) {
    let (mut c, _session) = consumer(t, &n.group, &n.normal).await;
    for body in ["slow", "fast"] {
        let mut m = message(&n.normal, body);
        system(&mut m).tag = Some(TAG.into());
        c.send_ok(m).await;
    }
    let first = receive_n(&mut c, n, 2).await;
    let (mut nacks, mut attempts) = (Vec::new(), Vec::new());
    for m in &first {
        let after = if body_of(m) == "slow" { 3 } else { 1 };
        if after == 1 {
            attempts.push(attempt_of(m).to_string());
        }
        nacks.push(code_name(
            nack(&mut c, n, m, Duration::from_secs(after)).await,
        ));
    }
    put(o, "backoff.nacks", nacks.join(","));
    let second = receive_n(&mut c, n, 2).await;
    put(
        o,
        "backoff.order_of_redeliveries",
        second.iter().map(body_of).collect::<Vec<_>>().join(","),
    );
    for m in &second {
        if body_of(m) == "slow" {
            c.ack(&n.group, &n.normal, m).await;
        } else {
            attempts.push(attempt_of(m).to_string());
            nack(&mut c, n, m, Duration::from_secs(1)).await;
        }
    }
    for m in receive_n(&mut c, n, 1).await {
        attempts.push(attempt_of(&m).to_string());
        c.ack(&n.group, &n.normal, &m).await;
    }
    put(
        o,
        "backoff.attempts_of_a_message_nacked_twice",
        attempts.join(","),
    );
}
