//! Sends a few messages of each kind: `cargo run -p apogee-sdk --example producer -- 127.0.0.1:8081 orders`

// Examples print what they do.
#![allow(clippy::print_stdout)]

use std::time::Duration;

use apogee_sdk::{Message, Producer};

#[tokio::main]
async fn main() -> Result<(), apogee_sdk::Error> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().unwrap_or_else(|| "127.0.0.1:8081".into());
    let topic = args.next().unwrap_or_else(|| "orders".into());
    let producer = Producer::builder(endpoint)
        .topics([topic.clone()])
        .build()
        .await?;

    let r = producer
        .send(Message::new(&topic, "hello").tag("created").key("order-1"))
        .await?;
    println!(
        "sync: {} on queue {} at offset {}",
        r.message_id, r.queue_id, r.offset
    );

    // Many sends in flight at once.
    let pending: Vec<_> = (0..10)
        .map(|i| producer.send_async(Message::new(&topic, format!("async {i}"))))
        .collect();
    for p in pending {
        println!("async: {}", p.await?.message_id);
    }
    let fifo = producer
        .send(Message::new(&topic, "step 1").message_group("order-1"))
        .await?;
    println!("fifo: {}", fifo.message_id);
    let delayed = producer
        .send(Message::new(&topic, "in 5 s").deliver_after(Duration::from_secs(5)))
        .await?;
    println!(
        "delayed: {} (recall handle {:?})",
        delayed.message_id, delayed.recall_handle
    );
    producer.send_oneway(Message::new(&topic, "fire and forget"));
    producer.shutdown().await;
    Ok(())
}
