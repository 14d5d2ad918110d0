//! `apogee-sdk`: a Rust client for servers that speak RocketMQ 5's gRPC protocol
//! (`apache.rocketmq.v2`): Apogee, or Apache RocketMQ 5 itself.
//!
//! - [`Producer`]: `send` (waits for the store), `send_async` (a future you may keep many of in
//!   flight), `send_oneway` (fire and forget: **unreliable**, never retried), batches, FIFO
//!   (message group), delay (delivery timestamp). [`TransactionProducer`] adds half messages with
//!   commit/rollback and a checker the server calls back.
//! - [`SimpleConsumer`]: receive, ack, change invisible duration.
//! - [`PushConsumer`]: a listener closure with bounded concurrency, flow control by cached
//!   message count and bytes, retries with the server's back-off, and FIFO mode.
//! - [`PullConsumer`]: offsets you keep yourself, seek by timestamp.
//!
//! Delivery is **at least once**: a resend after a timeout, or a redelivery after a consumer
//! failure, can deliver a message twice. A message keeps its id across resends, so consumers
//! can de-duplicate on [`MessageView::message_id`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), apogee_sdk::Error> {
//! use apogee_sdk::{Message, Producer};
//! let producer = Producer::builder("127.0.0.1:8081").topics(["orders"]).build().await?;
//! let receipt = producer.send(Message::new("orders", "hello").tag("created")).await?;
//! println!("stored as {} at {}:{}", receipt.message_id, receipt.queue_id, receipt.offset);
//! producer.shutdown().await;
//! # Ok(()) }
//! ```

mod client;
mod error;
mod filter;
mod id;
mod message;
mod producer;
mod pull;
mod push;
mod simple;
mod transaction;

pub use client::ClientOptions;
pub use error::{Error, ErrorKind};
pub use filter::FilterExpression;
pub use id::new_message_id;
pub use message::{Message, MessageView, SendReceipt};
pub use producer::{Producer, ProducerBuilder};
pub use pull::{MessageQueue, PullConsumer, PullConsumerBuilder, PullResult};
pub use push::{ConsumeResult, PushConsumer, PushConsumerBuilder};
pub use simple::{SimpleConsumer, SimpleConsumerBuilder};
pub use transaction::{
    Transaction, TransactionProducer, TransactionProducerBuilder, TransactionResolution,
};
