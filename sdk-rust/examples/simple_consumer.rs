//! Receives and acks: `cargo run -p apogee-sdk --example simple_consumer -- 127.0.0.1:8081 orders my-group`

// Examples print what they do.
#![allow(clippy::print_stdout)]

use std::time::Duration;

use apogee_sdk::{FilterExpression, SimpleConsumer};

#[tokio::main]
async fn main() -> Result<(), apogee_sdk::Error> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().unwrap_or_else(|| "127.0.0.1:8081".into());
    let topic = args.next().unwrap_or_else(|| "orders".into());
    let group = args.next().unwrap_or_else(|| "example-group".into());
    let consumer = SimpleConsumer::builder(endpoint, group)
        .subscribe(topic, FilterExpression::all())
        .build()
        .await?;
    for _ in 0..10 {
        for m in consumer.receive(16, Duration::from_secs(30)).await? {
            println!(
                "{} (attempt {}): {}",
                m.message_id,
                m.delivery_attempt,
                String::from_utf8_lossy(&m.body)
            );
            consumer.ack(&m).await?;
        }
    }
    consumer.shutdown().await;
    Ok(())
}
