//! One file per `MessagingService` RPC.

pub mod ack_message;
pub mod change_invisible_duration;
pub mod heartbeat;
pub mod not_implemented;
pub mod notify_client_termination;
pub mod query_assignment;
pub mod query_route;
pub mod receive_message;
pub mod send_message;
pub mod telemetry;
