//! Deadlines, back-off, renewal and dead-lettering with tokio's clock paused. The reviver is
//! not running: each test advances time, then runs one expiry pass itself, so no timer can
//! fire while a store write is in flight.

use std::sync::Arc;
use std::time::Duration;

use apogee_store::{Store, StoreConfig};
use apogee_types::{GroupName, Message, TopicName};
use bytes::Bytes;
use tokio::time::advance;

use crate::{Broker, BrokerConfig, Delivery, GroupSpec, GroupStart, ReceiveRequest, StartPolicy};

struct Fixture {
    broker: Arc<Broker>,
    _dir: tempfile::TempDir,
    topic: TopicName,
    group: GroupName,
}

async fn fixture(max_attempts: u32, backoff: &[u64], fifo: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(StoreConfig::new(dir.path())).unwrap();
    let config = BrokerConfig {
        default_queues: 2,
        ..BrokerConfig::default()
    };
    let broker = Broker::open(config, store).unwrap();
    let topic = TopicName::new("t").unwrap();
    let group = GroupName::new("g").unwrap();
    broker
        .create_group(GroupSpec {
            name: group.clone(),
            start: GroupStart::Policy(StartPolicy::Earliest),
            fifo,
            broadcast: false,
            max_attempts,
            retry_backoff: backoff.iter().map(|s| Duration::from_secs(*s)).collect(),
        })
        .await
        .unwrap();
    Fixture {
        broker,
        _dir: dir,
        topic,
        group,
    }
}

fn message(id: &str, group: Option<&str>) -> Message {
    Message {
        message_id: id.into(),
        body: Bytes::from_static(b"x"),
        message_group: group.map(str::to_owned),
        ..Default::default()
    }
}

impl Fixture {
    /// A delivery's handle as its consumer presents it.
    fn presented<'a>(&'a self, d: &'a Delivery) -> crate::Presented<'a> {
        crate::Presented {
            receipt_handle: &d.receipt_handle,
            topic: &self.topic,
            message_id: &d.message.message.message_id,
        }
    }

    async fn receive(&self, invisible: Option<Duration>, client: Option<&str>) -> Vec<Delivery> {
        self.broker
            .receive(ReceiveRequest {
                group: self.group.clone(),
                topic: self.topic.clone(),
                filter: crate::Filter::all(),
                batch_size: 32,
                invisible,
                // No long poll: nothing may wait on a timer in these tests.
                long_polling: Duration::ZERO,
                client_id: client.map(str::to_owned),
            })
            .await
            .unwrap()
    }

    /// Moves the clock and runs one expiry pass, as the reviver would at that moment.
    async fn pass(&self, d: Duration) {
        advance(d).await;
        self.broker
            .revive_expired(self.broker.now_ms())
            .await
            .unwrap();
    }

    fn ids(d: &[Delivery]) -> Vec<(String, u32)> {
        d.iter()
            .map(|d| (d.message.message.message_id.clone(), d.attempt))
            .collect()
    }
}

#[tokio::test(start_paused = true)]
async fn expired_delivery_comes_back_after_the_backoff_with_attempt_plus_one() {
    let f = fixture(16, &[3, 7], false).await;
    f.broker
        .send(&f.topic, vec![message("m1", None)])
        .await
        .unwrap();
    let first = f.receive(Some(Duration::from_secs(10)), None).await;
    assert_eq!(Fixture::ids(&first), vec![("m1".into(), 1)]);

    f.pass(Duration::from_secs(10)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty(),
        "still in back-off"
    );
    f.pass(Duration::from_millis(2999)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty(),
        "1 ms before the back-off ends"
    );
    f.pass(Duration::from_millis(1)).await;
    let second = f.receive(Some(Duration::from_secs(10)), None).await;
    assert_eq!(Fixture::ids(&second), vec![("m1".into(), 2)]);

    // The second level applies to the next expiry.
    f.pass(Duration::from_secs(10)).await;
    f.pass(Duration::from_millis(6999)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty()
    );
    f.pass(Duration::from_millis(1)).await;
    let third = f.receive(Some(Duration::from_secs(10)), None).await;
    assert_eq!(Fixture::ids(&third), vec![("m1".into(), 3)]);
    // An old handle is refused; the current one acks.
    assert!(
        f.broker
            .ack(&f.group, f.presented(&first[0]))
            .await
            .is_err()
    );
    f.broker
        .ack(&f.group, f.presented(&third[0]))
        .await
        .unwrap();
    f.pass(Duration::from_secs(3600)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty()
    );
}

#[tokio::test(start_paused = true)]
async fn nack_redelivers_at_the_chosen_time_without_extra_backoff() {
    let f = fixture(16, &[30], false).await;
    f.broker
        .send(&f.topic, vec![message("m1", None)])
        .await
        .unwrap();
    let d = f.receive(Some(Duration::from_secs(60)), None).await;
    let handle = f
        .broker
        .change_invisible(&f.group, f.presented(&d[0]), Duration::from_secs(2))
        .await
        .unwrap();
    assert_ne!(handle, d[0].receipt_handle);
    f.pass(Duration::from_millis(1999)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty()
    );
    f.pass(Duration::from_millis(1)).await;
    assert_eq!(
        Fixture::ids(&f.receive(Some(Duration::from_secs(10)), None).await),
        vec![("m1".into(), 2)]
    );
}

#[tokio::test(start_paused = true)]
async fn past_max_attempts_the_message_goes_to_the_dead_letter_queue() {
    let f = fixture(2, &[1], false).await;
    f.broker
        .send(&f.topic, vec![message("m1", None)])
        .await
        .unwrap();
    assert_eq!(
        f.receive(Some(Duration::from_secs(10)), None).await.len(),
        1
    );
    f.pass(Duration::from_secs(10)).await;
    f.pass(Duration::from_secs(1)).await;
    assert_eq!(
        Fixture::ids(&f.receive(Some(Duration::from_secs(10)), None).await),
        vec![("m1".into(), 2)]
    );
    f.pass(Duration::from_secs(10)).await;
    f.pass(Duration::from_secs(100)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty(),
        "no third delivery"
    );
    let (dlq, _) = f.broker.dlq_messages("g", 0, 10).unwrap();
    assert_eq!(dlq.len(), 1);
    assert_eq!(dlq[0].message.message.message_id, "m1");
    assert_eq!(dlq[0].message.topic, "t", "the original topic is kept");
    assert_eq!(f.broker.resend_dlq("g", None).await.unwrap(), 1);
    assert_eq!(
        Fixture::ids(&f.receive(Some(Duration::from_secs(10)), None).await),
        vec![("m1".into(), 1)]
    );
}

#[tokio::test(start_paused = true)]
async fn push_deliveries_are_renewed_while_the_client_is_connected() {
    let f = fixture(16, &[1], false).await;
    f.broker.client_stream_opened("c1");
    f.broker
        .send(&f.topic, vec![message("m1", None)])
        .await
        .unwrap();
    let d = f.receive(None, Some("c1")).await;
    assert_eq!(d.len(), 1);
    // Well past the 60 s default invisibility: renewed, not redelivered, same handle.
    for _ in 0..5 {
        f.pass(Duration::from_secs(61)).await;
    }
    assert!(f.receive(None, Some("c2")).await.is_empty());
    f.broker.ack(&f.group, f.presented(&d[0])).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_departed_clients_deliveries_go_to_another_consumer_at_once() {
    let f = fixture(16, &[30], false).await;
    f.broker.client_stream_opened("c1");
    f.broker
        .send(&f.topic, vec![message("m1", None), message("m2", None)])
        .await
        .unwrap();
    assert_eq!(f.receive(None, Some("c1")).await.len(), 2);
    f.broker.client_stream_closed("c1").await.unwrap();
    f.pass(Duration::ZERO).await;
    let mut again = Fixture::ids(&f.receive(None, Some("c2")).await);
    again.sort();
    assert_eq!(again, vec![("m1".into(), 2), ("m2".into(), 2)]);
}

#[tokio::test(start_paused = true)]
async fn fifo_group_redelivers_in_place_and_blocks_the_message_group() {
    let f = fixture(16, &[1], true).await;
    let batch = vec![
        message("a1", Some("A")),
        message("b1", Some("B")),
        message("a2", Some("A")),
        message("b2", Some("B")),
    ];
    for m in batch {
        f.broker.send(&f.topic, vec![m]).await.unwrap();
    }
    let mut first = Fixture::ids(&f.receive(Some(Duration::from_secs(10)), None).await);
    first.sort();
    assert_eq!(
        first,
        vec![("a1".into(), 1), ("b1".into(), 1)],
        "one message per message group"
    );
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty(),
        "a2 and b2 wait for their predecessors"
    );
    // a1 times out: it comes back (attempt 2) before a2, after the back-off.
    f.pass(Duration::from_secs(10)).await;
    assert!(
        f.receive(Some(Duration::from_secs(10)), None)
            .await
            .is_empty(),
        "b1 is still in flight, a1 in back-off"
    );
    f.pass(Duration::from_secs(1)).await;
    let again = f.receive(Some(Duration::from_secs(30)), None).await;
    let ids = Fixture::ids(&again);
    assert!(ids.contains(&("a1".into(), 2)), "{ids:?}");
    assert!(!ids.iter().any(|(id, _)| id == "a2"));
}

#[tokio::test(start_paused = true)]
async fn clients_gone_for_long_are_forgotten_but_connected_ones_kept() {
    let f = fixture(16, &[], false).await;
    f.broker.client_seen("came-and-went");
    f.broker.client_stream_opened("connected");
    assert_eq!(f.broker.tracked_clients(), 2);
    advance(super::clients::CLIENT_FORGET + Duration::from_secs(1)).await;
    f.broker.client_seen("new");
    assert_eq!(
        f.broker.tracked_clients(),
        2,
        "the silent one is dropped; the one with a stream and the new one stay"
    );
    assert!(!f.broker.client_alive(super::client_hash("came-and-went")));
    assert!(f.broker.client_alive(super::client_hash("connected")));
}
