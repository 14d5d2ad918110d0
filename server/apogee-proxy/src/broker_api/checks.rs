//! Transaction check-backs for proxies: the checks a broker could not give to a producer
//! connected to itself go to every proxy subscribed with `TransactionChecks`.

use std::pin::Pin;

use apogee_broker::TransactionCheck;
use apogee_proto::broker::v1 as pb;
use parking_lot::Mutex;
use tokio::sync::mpsc;
use tokio_stream::Stream;
use tokio_stream::wrappers::ReceiverStream;

use super::convert;

/// Checks a subscriber may fall behind by before it misses some (the broker checks again
/// after `broker.transaction_check_interval`).
const SUBSCRIBER_BUFFER: usize = 1024;

pub type CheckStream =
    Pin<Box<dyn Stream<Item = Result<pb::TransactionCheck, tonic::Status>> + Send>>;

/// The proxies subscribed to a broker's check-backs.
#[derive(Debug, Default)]
pub struct CheckRelay {
    subscribers: Mutex<Vec<mpsc::Sender<Result<pb::TransactionCheck, tonic::Status>>>>,
}

impl CheckRelay {
    pub fn subscribe(&self) -> CheckStream {
        let (tx, rx) = mpsc::channel(SUBSCRIBER_BUFFER);
        self.subscribers.lock().push(tx);
        Box::pin(ReceiverStream::new(rx))
    }

    /// Offers a check to every subscriber; whether one took it. Subscribers that went away
    /// are forgotten here.
    pub fn offer(&self, check: TransactionCheck) -> bool {
        let check = pb::TransactionCheck {
            topic: check.topic,
            transaction_id: check.transaction_id,
            message: Some(convert::stored_to_pb(check.message)),
        };
        let mut subscribers = self.subscribers.lock();
        subscribers.retain(|s| !s.is_closed());
        let mut taken = false;
        for s in subscribers.iter() {
            taken |= s.try_send(Ok(check.clone())).is_ok();
        }
        taken
    }
}
