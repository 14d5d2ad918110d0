//! The composition root: configuration, logging, the standalone server, and the `apogee`
//! command line (a thin wrapper in `main.rs`).

mod acting;
pub mod admin_cli;
pub mod bench;
mod broker_metrics;
pub mod cli;
pub mod cluster_config;
pub mod config;
pub mod console;
mod health;
pub mod local_conn;
pub mod logging;
pub mod metrics_http;
pub mod nameserver;
pub mod proxy_node;
pub mod registration;
mod rpc_layer;
pub mod server;
pub mod slave;
mod switch;
mod take_back;
pub mod tls;

pub use config::{Config, FlagOverrides};
pub use proxy_node::run_proxy;
pub use server::{ServerError, run_broker, run_standalone};
