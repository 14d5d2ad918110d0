//! Consumes with a listener until Ctrl-C: `cargo run -p apogee-sdk --example push_consumer -- 127.0.0.1:8081 orders my-group`

// Examples print what they do.
#![allow(clippy::print_stdout)]

use apogee_sdk::{ConsumeResult, FilterExpression, PushConsumer};

#[tokio::main]
async fn main() -> Result<(), apogee_sdk::Error> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().unwrap_or_else(|| "127.0.0.1:8081".into());
    let topic = args.next().unwrap_or_else(|| "orders".into());
    let group = args.next().unwrap_or_else(|| "example-group".into());
    let consumer = PushConsumer::builder(endpoint, group)
        .subscribe(topic, FilterExpression::tag("*"))
        .max_concurrency(8)
        .start(|m| {
            println!("{}: {}", m.message_id, String::from_utf8_lossy(&m.body));
            ConsumeResult::Success
        })
        .await?;
    let _ = tokio::signal::ctrl_c().await;
    consumer.shutdown().await;
    Ok(())
}
