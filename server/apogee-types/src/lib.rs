//! Domain types shared by every Apogee server crate. No I/O, no RocksDB, no prost.
//!
//! # Layout
//! - [`names`]: validated topic and consumer-group names, system-name conventions.
//! - [`message`]: a message as producers send it and as the store keeps it.
//! - [`receipt`]: receipt handles, the opaque token a consumer acks with.
//! - [`filter`]: tag subscription expressions and the tag hash used by consume queues.
//! - [`limits`]: validation of user-supplied message fields.

pub mod filter;
pub mod limits;
pub mod message;
pub mod names;
pub mod recall;
pub mod receipt;

pub use filter::{TagFilter, tag_hash};
pub use limits::FieldError;
pub use message::{Message, MessageType, StoredMessage, body_md5_hex};
pub use names::{GroupName, NameError, TopicName};
pub use recall::RecallHandle;
pub use receipt::{ReceiptError, ReceiptHandle};
