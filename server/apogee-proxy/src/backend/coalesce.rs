//! Sends to one broker, coalesced: what clients send while earlier calls are in flight goes
//! out together in one `SendBatch`, each send still checked and answered on its own. A lone
//! send leaves at once (nothing waits for company); under load the per-call costs of the hop
//! (HTTP/2 frames, system calls, wake-ups) are paid once per batch instead of per message.

use std::collections::HashMap;
use std::sync::Arc;

use apogee_proto::broker::v1 as bpb;
use bpb::broker_client::BrokerClient;
use parking_lot::Mutex;
use tokio::sync::oneshot;
use tonic::Status;
use tonic::transport::Channel;

/// Batches in flight to one broker at a time.
const MAX_IN_FLIGHT: usize = 2;
/// Sends in one batch.
const MAX_SENDS: usize = 256;
/// Bodies in one batch, about.
const MAX_BYTES: usize = 4 * 1024 * 1024;

type Reply = oneshot::Sender<Result<bpb::SendResponse, Status>>;

#[derive(Default)]
struct Pending {
    sends: Vec<(bpb::SendRequest, usize, Reply)>,
    in_flight: usize,
}

/// One queue per broker.
#[derive(Default)]
pub struct SendCoalescer {
    queues: Mutex<HashMap<String, Arc<Mutex<Pending>>>>,
}

impl std::fmt::Debug for SendCoalescer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendCoalescer").finish_non_exhaustive()
    }
}

fn size_of(req: &bpb::SendRequest) -> usize {
    req.messages.iter().map(|m| m.body.len() + 256).sum()
}

impl SendCoalescer {
    /// Sends `req` to `broker` through `client`, with whatever else is waiting for it.
    pub async fn send(
        &self,
        broker: &str,
        client: BrokerClient<Channel>,
        req: bpb::SendRequest,
    ) -> Result<bpb::SendResponse, Status> {
        let queue = self
            .queues
            .lock()
            .entry(broker.to_owned())
            .or_default()
            .clone();
        let (tx, rx) = oneshot::channel();
        let start = {
            let mut p = queue.lock();
            let bytes = size_of(&req);
            p.sends.push((req, bytes, tx));
            let start = p.in_flight < MAX_IN_FLIGHT;
            if start {
                p.in_flight += 1;
            }
            start
        };
        if start {
            tokio::spawn(flush(queue, client));
        }
        rx.await
            .unwrap_or_else(|_| Err(Status::unavailable("the send was dropped by the proxy")))
    }
}

/// Sends batches until nothing waits.
async fn flush(queue: Arc<Mutex<Pending>>, mut client: BrokerClient<Channel>) {
    loop {
        let batch = {
            let mut p = queue.lock();
            if p.sends.is_empty() {
                p.in_flight -= 1;
                return;
            }
            let mut bytes = 0;
            let take = p
                .sends
                .iter()
                .take(MAX_SENDS)
                .take_while(|(_, b, _)| {
                    bytes += b;
                    bytes <= MAX_BYTES
                })
                .count()
                .max(1);
            p.sends.drain(..take).collect::<Vec<_>>()
        };
        let (sends, replies): (Vec<_>, Vec<_>) = batch
            .into_iter()
            .map(|(req, _, reply)| (req, reply))
            .unzip();
        let n = sends.len();
        match client.send_batch(bpb::SendBatchRequest { sends }).await {
            Ok(reply) => {
                let mut results = reply.into_inner().results;
                results.resize_with(n, || bpb::SendResponse {
                    outcome: None,
                    receipts: Vec::new(),
                });
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(Ok(result));
                }
            }
            Err(status) => {
                for reply in replies {
                    let _ = reply.send(Err(status.clone()));
                }
            }
        }
    }
}
