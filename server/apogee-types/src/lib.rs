//! Domain types shared by every Apogee server crate. No I/O, no RocksDB, no prost.
//!
//! # Layout
//! - [`names`]: validated topic and consumer-group names, system-name conventions.
//! - [`message`]: a message as producers send it and as the store keeps it.
//! - [`receipt`]: receipt handles, the opaque token a consumer acks with; [`recall`]: recall
//!   handles of scheduled messages; [`handle_key`]: the secret both are MAC'd with.
//! - [`filter`]: tag subscription expressions and the tag hash used by consume queues.
//! - [`limits`]: validation of user-supplied message fields.
//! - [`quote`]: repeating user input in errors, bounded.

pub mod filter;
pub mod handle_key;
pub mod limits;
pub mod message;
pub mod names;
pub mod quote;
pub mod recall;
pub mod receipt;

pub use filter::{TagFilter, tag_hash};
pub use handle_key::HandleKey;
pub use limits::FieldError;
pub use message::{Message, MessageType, StoredMessage, body_md5, body_md5_hex};
pub use names::{GroupName, NameError, TopicName};
pub use quote::quote;
pub use recall::RecallHandle;
pub use receipt::{ReceiptError, ReceiptHandle};
