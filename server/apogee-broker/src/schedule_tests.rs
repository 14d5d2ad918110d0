//! Delay messages and transactions with tokio's clock paused; each test runs the timer and
//! check-back passes itself after moving the clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apogee_types::{GroupName, Message, MessageType, TopicName};
use bytes::Bytes;
use tokio::time::advance;

use crate::{Broker, BrokerConfig, BrokerError, Filter, ReceiveRequest, Resolution};

/// One queue per topic, so the order of what is received is the order it was stored.
async fn broker(config: BrokerConfig) -> (Arc<Broker>, tempfile::TempDir) {
    crate::test_support::broker_with_group(BrokerConfig {
        default_queues: 1,
        ..config
    })
    .await
}

fn topic() -> TopicName {
    TopicName::new("t").unwrap()
}

fn delayed(id: &str, at: u64) -> Message {
    Message {
        message_id: id.into(),
        body: Bytes::from_static(b"x"),
        message_type: Some(MessageType::Delay),
        delivery_timestamp_ms: Some(at as i64),
        ..Default::default()
    }
}

async fn received(b: &Broker) -> Vec<String> {
    b.receive(ReceiveRequest {
        group: GroupName::new("g").unwrap(),
        topic: topic(),
        filter: Filter::all(),
        batch_size: 32,
        invisible: Some(Duration::from_secs(30)),
        long_polling: Duration::ZERO,
        client_id: None,
    })
    .await
    .unwrap()
    .into_iter()
    .map(|d| d.message.message.message_id)
    .collect()
}

#[tokio::test(start_paused = true)]
async fn delay_message_is_delivered_when_due_and_not_before() {
    let (b, _dir) = broker(BrokerConfig::default()).await;
    let now = b.now_ms();
    let r = b
        .send(
            &topic(),
            vec![delayed("d1", now + 10_000), delayed("late", now - 5)],
        )
        .await
        .unwrap();
    assert!(r[0].recall_handle.is_some() && r[0].queue_offset.is_none());
    assert!(
        r[1].recall_handle.is_none(),
        "a time already passed is delivered at once"
    );
    assert_eq!(received(&b).await, vec!["late"]);
    advance(Duration::from_millis(9_999)).await;
    assert_eq!(b.fire_due(b.now_ms()).await.unwrap(), 0);
    assert!(received(&b).await.is_empty());
    advance(Duration::from_millis(1)).await;
    assert_eq!(b.fire_due(b.now_ms()).await.unwrap(), 1);
    let got = received(&b).await;
    assert_eq!(got, vec!["d1"]);
    // Fired once: a later pass finds nothing.
    assert_eq!(b.fire_due(b.now_ms() + 1000).await.unwrap(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_delay_longer_than_retention_survives_retention_passes() {
    let hour = Duration::from_secs(3600);
    let (b, _dir) = broker(BrokerConfig {
        retention: hour,
        ..BrokerConfig::default()
    })
    .await;
    let now = b.now_ms();
    let normal = |id: &str| Message {
        message_id: id.into(),
        body: Bytes::from_static(b"x"),
        message_type: Some(MessageType::Normal),
        ..Default::default()
    };
    b.send(
        &topic(),
        vec![
            delayed("far", now + 3 * 3_600_000),
            normal("n1"),
            normal("n2"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(received(&b).await, vec!["n1", "n2"]);

    // Two hours on, everything sent is past retention; the pending delay message is kept.
    advance(2 * hour).await;
    let trimmed = b.apply_retention().await.unwrap();
    assert_eq!(
        trimmed.records, 1,
        "n1 goes; n2 is the newest record and stays"
    );
    advance(hour).await;
    assert_eq!(b.fire_due(b.now_ms()).await.unwrap(), 1);
    // Its record is kept as long as its queue entry is, though it was stored 3 h ago.
    advance(hour / 2).await;
    b.apply_retention().await.unwrap();
    assert_eq!(received(&b).await, vec!["far"]);
}

#[tokio::test(start_paused = true)]
async fn recall_cancels_a_scheduled_message_once() {
    let (b, _dir) = broker(BrokerConfig::default()).await;
    let now = b.now_ms();
    let r = b
        .send(&topic(), vec![delayed("d1", now + 5_000)])
        .await
        .unwrap();
    let handle = r[0].recall_handle.clone().unwrap();
    assert_eq!(b.recall(&topic(), &handle).await.unwrap(), "d1");
    assert!(matches!(
        b.recall(&topic(), &handle).await,
        Err(BrokerError::MessageNotFound(_))
    ));
    advance(Duration::from_secs(6)).await;
    b.fire_due(b.now_ms()).await.unwrap();
    assert!(
        received(&b).await.is_empty(),
        "a recalled message is never delivered"
    );
    assert!(matches!(
        b.recall(&topic(), "00ff").await,
        Err(BrokerError::BadRecallHandle(_))
    ));
    b.topic_or_auto_create(&TopicName::new("other").unwrap())
        .await
        .unwrap();
    let r = b
        .send(&topic(), vec![delayed("d2", now + 50_000)])
        .await
        .unwrap();
    let err = b
        .recall(
            &TopicName::new("other").unwrap(),
            r[0].recall_handle.as_ref().unwrap(),
        )
        .await;
    assert!(matches!(err, Err(BrokerError::BadRecallHandle(_))));
}

#[tokio::test(start_paused = true)]
async fn delays_beyond_the_horizon_are_refused() {
    let (b, _dir) = broker(BrokerConfig {
        max_delay: Duration::from_secs(3600),
        ..BrokerConfig::default()
    })
    .await;
    let now = b.now_ms();
    assert!(
        b.send(&topic(), vec![delayed("ok", now + 3_600_000)])
            .await
            .is_ok()
    );
    let err = b
        .send(&topic(), vec![delayed("far", now + 3_600_001)])
        .await;
    assert!(matches!(err, Err(BrokerError::IllegalDeliveryTime(_))));
}

fn half(id: &str) -> Message {
    Message {
        message_id: id.into(),
        body: Bytes::from_static(b"x"),
        message_type: Some(MessageType::Transaction),
        ..Default::default()
    }
}

#[tokio::test(start_paused = true)]
async fn commit_makes_a_half_message_visible_and_rollback_drops_it() {
    let (b, _dir) = broker(BrokerConfig::default()).await;
    let c = b
        .send(&topic(), vec![half("commit-me")])
        .await
        .unwrap()
        .remove(0);
    let r = b
        .send(&topic(), vec![half("roll-me")])
        .await
        .unwrap()
        .remove(0);
    assert!(received(&b).await.is_empty(), "half messages are invisible");
    let (c_id, r_id) = (c.transaction_id.unwrap(), r.transaction_id.unwrap());
    b.end_transaction(&topic(), &c_id, Resolution::Commit)
        .await
        .unwrap();
    b.end_transaction(&topic(), &r_id, Resolution::Rollback)
        .await
        .unwrap();
    assert_eq!(received(&b).await, vec!["commit-me"]);
    assert!(matches!(
        b.end_transaction(&topic(), &c_id, Resolution::Commit).await,
        Err(BrokerError::InvalidTransaction(_))
    ));
    assert!(matches!(
        b.end_transaction(&topic(), "", Resolution::Commit).await,
        Err(BrokerError::InvalidTransaction(_))
    ));
    assert!(
        b.send(&topic(), vec![half("a"), half("b")]).await.is_err(),
        "one message per transaction"
    );
}

#[tokio::test(start_paused = true)]
async fn unresolved_transactions_are_checked_back_then_rolled_back() {
    let config = BrokerConfig {
        transaction_check_interval: Duration::from_secs(60),
        transaction_max_checks: 2,
        ..BrokerConfig::default()
    };
    let (b, _dir) = broker(config).await;
    let checks = Arc::new(Mutex::new(Vec::new()));
    let seen = checks.clone();
    b.set_transaction_checker(Box::new(move |c| {
        seen.lock()
            .unwrap()
            .push((c.transaction_id, c.message.message.message_id));
        true
    }));
    let id = b
        .send(&topic(), vec![half("h1")])
        .await
        .unwrap()
        .remove(0)
        .transaction_id
        .unwrap();
    advance(Duration::from_secs(59)).await;
    b.check_due(b.now_ms()).await.unwrap();
    assert!(
        checks.lock().unwrap().is_empty(),
        "not before the check interval"
    );
    advance(Duration::from_secs(1)).await;
    b.check_due(b.now_ms()).await.unwrap();
    assert_eq!(
        checks.lock().unwrap().clone(),
        vec![(id.clone(), "h1".to_owned())]
    );
    advance(Duration::from_secs(60)).await;
    b.check_due(b.now_ms()).await.unwrap();
    assert_eq!(checks.lock().unwrap().len(), 2);
    assert!(b.transaction_pending(&id));
    advance(Duration::from_secs(60)).await;
    b.check_due(b.now_ms()).await.unwrap();
    assert_eq!(checks.lock().unwrap().len(), 2, "no third check");
    assert!(!b.transaction_pending(&id), "rolled back after the maximum");
    assert!(received(&b).await.is_empty());
}
