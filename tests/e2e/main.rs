//! The one end-to-end test binary: every test starts a real server on loopback and talks to it
//! over real gRPC.

// Helpers shared by tests fail the test on unexpected errors, like the tests themselves.
#![allow(clippy::unwrap_used)]

mod admin;
mod admin_changes;
mod auth;
mod bad_input;
mod broadcast;
mod broker_api;
mod broker_api_more;
mod console;
mod delay;
mod disk_full;
mod fifo;
mod flow_control;
mod group_start;
mod hostile_input;
mod limits;
mod pull_offsets;
mod push_and_retry;
mod query;
mod redelivery;
mod restart;
mod rewind;
mod route_and_telemetry;
mod sdk;
mod send_receive;
mod services;
mod sql_filter;
mod tls;
mod transaction;
