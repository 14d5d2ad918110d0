//! The Rust SDK (`apogee-sdk`) against each server: a FIFO producer and simple consumer, a push
//! consumer, a delayed message, a transaction producer whose checker commits what the server asks
//! about, and a pull consumer. Its
//! messages carry the tag `sdk` and its consumers subscribe to that tag alone, so what the raw
//! scenarios left in the same topics is not seen.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use apogee_sdk::{
    ConsumeResult, FilterExpression, Message, Producer, PullConsumer, PushConsumer, SimpleConsumer,
    TransactionProducer, TransactionResolution,
};
use parking_lot::Mutex;

use crate::observe::Observations;
use crate::target::Target;

pub struct SdkNames<'a> {
    pub normal: &'a str,
    pub fifo: &'a str,
    pub transaction: &'a str,
    pub delay: &'a str,
    pub fifo_group: &'a str,
    pub push_group: &'a str,
    pub transaction_group: &'a str,
    pub delay_group: &'a str,
}

const TAG: &str = "sdk";
const DEADLINE: Duration = Duration::from_secs(60);

fn put(o: &mut Observations, key: &str, value: impl ToString) {
    o.insert(key.to_owned(), value.to_string());
}

/// Receives (acking) until `n` messages or the deadline; the bodies in arrival order.
async fn drain(consumer: &SimpleConsumer, n: usize) -> Vec<String> {
    let mut bodies = Vec::new();
    let deadline = Instant::now() + DEADLINE;
    while bodies.len() < n && Instant::now() < deadline {
        match consumer.receive(32, Duration::from_secs(10)).await {
            Ok(ms) => {
                for m in ms {
                    bodies.push(String::from_utf8_lossy(&m.body).into_owned());
                    consumer.ack(&m).await.expect("ack");
                }
            }
            Err(e) => {
                bodies.push(format!("error: {e}"));
                break;
            }
        }
    }
    bodies
}

pub async fn sdk_clients(t: &Target, n: &SdkNames<'_>, o: &mut Observations) {
    let endpoint = t.addr.to_string();
    let sub = |group: &str, topic: &str| {
        SimpleConsumer::builder(endpoint.clone(), group)
            .subscribe(topic, FilterExpression::tag(TAG))
            .await_duration(Duration::from_secs(10))
            .build()
    };

    // FIFO: one message group, five messages, received in order.
    let consumer = sub(n.fifo_group, n.fifo).await.expect("FIFO consumer");
    let producer = Producer::builder(endpoint.clone())
        .topics([n.fifo])
        .build()
        .await
        .expect("producer");
    for i in 0..5 {
        let m = Message::new(n.fifo, format!("s{i}"))
            .tag(TAG)
            .message_group("sdk-order");
        producer.send(m).await.expect("FIFO send");
    }
    put(o, "sdk.fifo_order", drain(&consumer, 5).await.join(","));
    consumer.shutdown().await;

    // Push consumer: every message handled once.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let push = {
        let seen = seen.clone();
        PushConsumer::builder(endpoint.clone(), n.push_group)
            .subscribe(n.normal, FilterExpression::tag(TAG))
            .start(move |m| {
                seen.lock()
                    .push(String::from_utf8_lossy(&m.body).into_owned());
                ConsumeResult::Success
            })
            .await
            .expect("push consumer")
    };
    let producer = Producer::builder(endpoint.clone())
        .topics([n.normal])
        .build()
        .await
        .expect("producer");
    for i in 0..3 {
        producer
            .send(Message::new(n.normal, format!("p{i}")).tag(TAG))
            .await
            .expect("send");
    }
    let deadline = Instant::now() + DEADLINE;
    while seen.lock().len() < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await; // poll interval
    }
    push.shutdown().await;
    let mut got = seen.lock().clone();
    got.sort();
    put(o, "sdk.push_consumed", got.join(","));

    // Transaction left open: the server checks back, the checker commits, it is delivered.
    let consumer = sub(n.transaction_group, n.transaction)
        .await
        .expect("transaction consumer");
    let checked = Arc::new(Mutex::new(0));
    let tx_producer = {
        let checked = checked.clone();
        TransactionProducer::builder(endpoint.clone(), move |_| {
            *checked.lock() += 1;
            TransactionResolution::Commit
        })
        .topics([n.transaction])
        .build()
        .await
        .expect("transaction producer")
    };
    let tx = tx_producer
        .send(Message::new(n.transaction, "committed-on-check").tag(TAG))
        .await
        .expect("half message");
    drop(tx); // neither committed nor rolled back: the server must ask
    put(
        o,
        "sdk.transaction_delivered",
        drain(&consumer, 1).await.join(","),
    );
    put(o, "sdk.transaction_checked", *checked.lock() > 0);
    tx_producer.shutdown().await;
    consumer.shutdown().await;

    // Delay: delivered after its time, within the reference's timer slots.
    let consumer = sub(n.delay_group, n.delay).await.expect("delay consumer");
    let producer = Producer::builder(endpoint.clone())
        .topics([n.delay])
        .build()
        .await
        .expect("producer");
    let due = SystemTime::now() + Duration::from_secs(2);
    producer
        .send(Message::new(n.delay, "later").tag(TAG).deliver_at(due))
        .await
        .expect("delayed send");
    let got = drain(&consumer, 1).await;
    let arrived = SystemTime::now();
    put(o, "sdk.delay_delivered", got.join(","));
    put(
        o,
        "sdk.delay_on_time",
        arrived >= due && arrived.duration_since(due).unwrap_or_default() < Duration::from_secs(4),
    );
    consumer.shutdown().await;

    put(o, "sdk.pull", pull(&endpoint, n.normal, n.push_group).await);
}

/// Sends three messages and pulls them from the queues' latest offsets, then commits where
/// each queue got to and reads the commits back. The first error ends the scenario and is
/// what is observed.
async fn pull(endpoint: &str, topic: &str, group: &str) -> String {
    let result = async {
        let consumer = PullConsumer::builder(endpoint, group).build().await?;
        let queues = consumer.queues(topic).await?;
        let mut next = Vec::new();
        for q in &queues {
            next.push(consumer.latest(q).await?);
        }
        let producer = Producer::builder(endpoint).topics([topic]).build().await?;
        for i in 0..3 {
            producer
                .send(Message::new(topic, format!("l{i}")).tag("pull"))
                .await?;
        }
        let filter = FilterExpression::tag("pull");
        let mut bodies = Vec::new();
        let deadline = Instant::now() + DEADLINE;
        while bodies.len() < 3 && Instant::now() < deadline {
            for (q, offset) in queues.iter().zip(next.iter_mut()) {
                let r = consumer
                    .pull(q, *offset, 32, Duration::from_millis(100), &filter)
                    .await?;
                bodies.extend(
                    r.messages
                        .iter()
                        .map(|m| String::from_utf8_lossy(&m.body).into_owned()),
                );
                *offset = r.next_offset;
            }
        }
        let mut committed_back = true;
        for (q, offset) in queues.iter().zip(&next) {
            consumer.commit(q, *offset).await?;
            committed_back &= consumer.committed(q).await? == Some(*offset);
        }
        consumer.shutdown().await;
        bodies.sort();
        Ok::<_, apogee_sdk::Error>(format!(
            "{} committed_back={committed_back}",
            bodies.join(",")
        ))
    };
    match result.await {
        Ok(seen) => seen,
        Err(e) => format!("error: {:?}", e.kind),
    }
}
