//! Messages not acked before their invisible deadline come back, with attempt + 1, and the old
//! receipt handle stops working. Change-invisible-duration moves the deadline.

use std::time::Duration;

use apogee_e2e::client::{attempt_of, code, handle_of, id_of, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;

#[tokio::test]
async fn unacked_message_is_redelivered_after_its_deadline() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let id = c.send_ok(message(&topic, "again")).await;

    let first = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_millis(600),
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(first.messages.len(), 1);
    assert_eq!(attempt_of(&first.messages[0]), 1);
    let old_handle = handle_of(&first.messages[0]);

    // Not acked: the long poll is woken by the redelivery.
    let second = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(second.messages.len(), 1, "redelivered within the poll");
    assert_eq!(id_of(&second.messages[0]), id);
    assert_eq!(attempt_of(&second.messages[0]), 2);

    let stale = c.ack_handle(&group, &topic, &id, &old_handle).await;
    assert_eq!(code(&stale.status), pb::Code::InvalidReceiptHandle);
    assert_eq!(
        code(&c.ack(&group, &topic, &second.messages[0]).await.status),
        pb::Code::Ok
    );
    let none = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(1200),
        )
        .await;
    assert!(none.messages.is_empty(), "acked message is not redelivered");
}

#[tokio::test]
async fn change_invisible_duration_returns_a_new_handle_and_moves_the_deadline() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let id = c.send_ok(message(&topic, "nack")).await;
    let got = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(60),
            Duration::from_secs(5),
        )
        .await;
    let handle = handle_of(&got.messages[0]);

    // Nack: visible again almost at once, with attempt 2.
    let changed = c
        .change_invisible(&group, &topic, &id, &handle, Duration::ZERO)
        .await;
    assert_eq!(code(&changed.status), pb::Code::Ok);
    assert_ne!(changed.receipt_handle, handle);
    let again = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(60),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(again.messages.len(), 1);
    assert_eq!(id_of(&again.messages[0]), id);
    assert_eq!(attempt_of(&again.messages[0]), 2);

    // The handle from the nack'd delivery no longer applies.
    let stale = c
        .change_invisible(
            &group,
            &topic,
            &id,
            &changed.receipt_handle,
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(code(&stale.status), pb::Code::InvalidReceiptHandle);
    assert_eq!(
        stale.receipt_handle, changed.receipt_handle,
        "the old handle is echoed on failure"
    );

    // Extending keeps the message away; acking with the newest handle works.
    let extended = c
        .change_invisible(
            &group,
            &topic,
            &id,
            &handle_of(&again.messages[0]),
            Duration::from_secs(60),
        )
        .await;
    assert_eq!(code(&extended.status), pb::Code::Ok);
    let none = c
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(60),
            Duration::from_millis(1200),
        )
        .await;
    assert!(none.messages.is_empty());
    let ack = c
        .ack_handle(&group, &topic, &id, &extended.receipt_handle)
        .await;
    assert_eq!(code(&ack.status), pb::Code::Ok);
}

#[tokio::test]
async fn two_consumers_of_one_group_share_messages_without_duplicates() {
    let server = TestServer::start().await;
    let mut a = server.client().await;
    let mut b = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    a.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    let mut sent = std::collections::BTreeSet::new();
    for i in 0..40 {
        sent.insert(a.send_ok(message(&topic, &format!("m{i}"))).await);
    }
    let mut seen = std::collections::BTreeSet::new();
    let (mut from_a, mut from_b) = (0, 0);
    while seen.len() < sent.len() {
        for (who, c) in [(0, &mut a), (1, &mut b)] {
            let got = c
                .receive(
                    &group,
                    &topic,
                    "*",
                    8,
                    Duration::from_secs(60),
                    Duration::from_millis(500),
                )
                .await;
            for m in &got.messages {
                assert!(seen.insert(id_of(m)), "delivered twice: {}", id_of(m));
                assert_eq!(code(&c.ack(&group, &topic, m).await.status), pb::Code::Ok);
                if who == 0 { from_a += 1 } else { from_b += 1 }
            }
        }
    }
    assert_eq!(seen, sent);
    assert!(
        from_a > 0 && from_b > 0,
        "both consumers got a share ({from_a}/{from_b})"
    );
}
