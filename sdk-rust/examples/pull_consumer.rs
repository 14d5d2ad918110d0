//! Reads every queue of a topic from the start: `cargo run -p apogee-sdk --example pull_consumer -- 127.0.0.1:8081 orders my-group`

// Examples print what they do.
#![allow(clippy::print_stdout)]

use std::time::Duration;

use apogee_sdk::{FilterExpression, PullConsumer};

#[tokio::main]
async fn main() -> Result<(), apogee_sdk::Error> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().unwrap_or_else(|| "127.0.0.1:8081".into());
    let topic = args.next().unwrap_or_else(|| "orders".into());
    let group = args.next().unwrap_or_else(|| "example-puller".into());
    let consumer = PullConsumer::builder(endpoint, group).build().await?;
    for q in consumer.queues(&topic).await? {
        let mut offset = match consumer.committed(&q).await? {
            Some(o) => o,
            None => consumer.earliest(&q).await?,
        };
        loop {
            let r = consumer
                .pull(
                    &q,
                    offset,
                    32,
                    Duration::from_secs(1),
                    &FilterExpression::all(),
                )
                .await?;
            for m in &r.messages {
                println!(
                    "queue {} offset {}: {}",
                    q.id,
                    m.queue_offset,
                    String::from_utf8_lossy(&m.body)
                );
            }
            if r.next_offset == offset {
                break;
            }
            offset = r.next_offset;
            consumer.commit(&q, offset).await?;
        }
    }
    consumer.shutdown().await;
    Ok(())
}
