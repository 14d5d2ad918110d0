//! One file per `MessagingService` RPC.

pub mod ack_message;
pub mod change_invisible_duration;
pub mod end_transaction;
pub mod forward_message_to_dead_letter_queue;
pub mod get_offset;
pub mod heartbeat;
pub mod not_implemented;
pub mod notify_client_termination;
pub mod pull_message;
pub mod query_assignment;
pub mod query_offset;
pub mod query_route;
pub mod recall_message;
pub mod receive_message;
pub mod send_message;
pub mod telemetry;
pub mod update_offset;
