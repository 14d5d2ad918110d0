//! The master's side of a slave's replication stream: every write of the store, in order,
//! read from the write-ahead log after the position the slave reports; the slave's reports
//! move its confirmed position (what sync replication waits for).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use apogee_broker::{Broker, SlaveSession};
use apogee_proto::broker::v1 as pb;
use parking_lot::Mutex;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;
use tonic::{Status, Streaming};

/// Writes read from the WAL per round (bounded so a far-behind slave catches up in steps).
const ROUND_BYTES: usize = 4 * 1024 * 1024;
/// Writes in flight to one slave.
const OUTBOUND: usize = 64;
/// Checked this often even with no write seen (writes made outside the writer thread).
const IDLE_POLL: Duration = Duration::from_millis(200);

pub type ReplicaStream = ReceiverStream<Result<pb::ReplicaWrite, Status>>;

/// Bytes sent and not yet confirmed, by the last sequence number of each write.
type Unconfirmed = Mutex<VecDeque<(u64, u64)>>;

pub async fn replicate(
    broker: Arc<Broker>,
    mut inbound: Streaming<pb::ReplicaProgress>,
    shutdown: CancellationToken,
) -> Result<ReplicaStream, Status> {
    let first = inbound.message().await?.ok_or_else(|| {
        Status::invalid_argument("a replication stream starts with the slave's position")
    })?;
    if first.broker_name != broker.config().name {
        return Err(Status::failed_precondition(format!(
            "this is broker {:?}; a slave replicates the master of its own name, not {:?}",
            broker.config().name,
            first.broker_name
        )));
    }
    if first.broker_id == 0 {
        return Err(Status::invalid_argument("a slave's broker id is above 0"));
    }
    let session =
        Arc::new(broker.slave_connected(first.broker_id, first.applied_seq, first.next_log_offset));
    let (tx, rx) = mpsc::channel(OUTBOUND);
    let stop = shutdown.child_token();
    let unconfirmed: Arc<Unconfirmed> = Arc::default();
    tokio::spawn(read_progress(
        inbound,
        session.clone(),
        unconfirmed.clone(),
        stop.clone(),
    ));
    tokio::spawn(send_writes(
        broker,
        first.applied_seq,
        tx,
        (session, unconfirmed),
        stop,
    ));
    Ok(ReceiverStream::new(rx))
}

/// The slave's reports, until it goes or the stream is stopped.
async fn read_progress(
    mut inbound: Streaming<pb::ReplicaProgress>,
    session: Arc<SlaveSession>,
    unconfirmed: Arc<Unconfirmed>,
    stop: CancellationToken,
) {
    loop {
        let next = tokio::select! {
            () = stop.cancelled() => break,
            next = inbound.message() => next,
        };
        let Ok(Some(p)) = next else { break };
        session.confirmed(p.applied_seq, p.next_log_offset);
        let mut pending = unconfirmed.lock();
        while pending
            .front()
            .is_some_and(|(last, _)| *last <= p.applied_seq)
        {
            pending.pop_front();
        }
        session.set_unconfirmed_bytes(pending.iter().map(|(_, b)| b).sum());
    }
    stop.cancel();
}

/// The master's writes after `after`, as they happen, until the slave goes.
async fn send_writes(
    broker: Arc<Broker>,
    mut after: u64,
    tx: mpsc::Sender<Result<pb::ReplicaWrite, Status>>,
    (session, unconfirmed): (Arc<SlaveSession>, Arc<Unconfirmed>),
    stop: CancellationToken,
) {
    let store = broker.store().clone();
    loop {
        let written = store.written();
        tokio::pin!(written);
        written.as_mut().enable();
        let read = {
            let store = store.clone();
            tokio::task::spawn_blocking(move || store.wal_after(after, ROUND_BYTES)).await
        };
        let batches = match read {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => {
                tracing::error!(error = %e, after, "Cannot read the write-ahead log for a slave.");
                let _ = tx
                    .send(Err(Status::failed_precondition(e.to_string())))
                    .await;
                break;
            }
            Err(_) => break,
        };
        if batches.is_empty() {
            tokio::select! {
                () = stop.cancelled() => break,
                () = tx.closed() => break,
                () = &mut written => {}
                () = tokio::time::sleep(IDLE_POLL) => {}
            }
            continue;
        }
        for b in batches {
            after = b.last_seq();
            let bytes = b.data.len() as u64;
            {
                let mut pending = unconfirmed.lock();
                pending.push_back((after, bytes));
                session.set_unconfirmed_bytes(pending.iter().map(|(_, b)| b).sum());
            }
            let write = pb::ReplicaWrite {
                seq: b.seq,
                count: b.count,
                data: b.data.into(),
            };
            let sent = tokio::select! {
                () = stop.cancelled() => false,
                r = tx.send(Ok(write)) => r.is_ok(),
            };
            if !sent {
                stop.cancel();
                return;
            }
        }
    }
    stop.cancel();
}
