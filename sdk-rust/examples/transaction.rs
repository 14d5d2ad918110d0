//! A transaction, committed: `cargo run -p apogee-sdk --example transaction -- 127.0.0.1:8081 orders`

// Examples print what they do.
#![allow(clippy::print_stdout)]

use apogee_sdk::{Message, TransactionProducer, TransactionResolution};

#[tokio::main]
async fn main() -> Result<(), apogee_sdk::Error> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().unwrap_or_else(|| "127.0.0.1:8081".into());
    let topic = args.next().unwrap_or_else(|| "orders".into());
    // Asked by the server about transactions left open (for example after a crash).
    let producer = TransactionProducer::builder(endpoint, |m| {
        println!("server asks about {}", m.message_id);
        TransactionResolution::Commit
    })
    .topics([topic.clone()])
    .build()
    .await?;
    let tx = producer.send(Message::new(&topic, "pay order 7")).await?;
    println!(
        "half message {} in transaction {:?}",
        tx.receipt().message_id,
        tx.receipt().transaction_id
    );
    // ... the local transaction runs here ...
    tx.commit().await?;
    producer.shutdown().await;
    Ok(())
}
