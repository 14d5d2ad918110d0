//! Apogee's nameserver: an in-memory route registry. Brokers register with every nameserver and
//! re-register as a heartbeat; a registration not renewed within its TTL expires, and its
//! routes disappear. Nameservers hold no disk state and never talk to each other.

mod service;
mod table;

pub use service::NameServerService;
pub use table::{BrokerRegistration, DEFAULT_BROKER_TIMEOUT, RouteTable};
