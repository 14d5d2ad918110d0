//! A master's writes handed to a slave: from the in-memory tail and from the WAL alike, and
//! applied by a second store, which then holds the same messages.

use std::sync::Arc;

use apogee_store::{
    ConsumptionState, FlushMode, NewMessage, Store, StoreConfig, StoreError, ViewKey, WriteOp,
};
use apogee_types::{Message, MessageType};
use bytes::Bytes;

fn append(i: u32) -> WriteOp {
    WriteOp::Append(NewMessage {
        topic_id: 1,
        topic: Arc::from("T"),
        queue_id: i % 2,
        store_time_ms: 100 + i64::from(i),
        message: Message {
            message_id: format!("id{i}"),
            body: Bytes::from(format!("body {i}")),
            message_type: Some(MessageType::Normal),
            born_timestamp_ms: 1,
            born_host: "h".into(),
            ..Default::default()
        },
    })
}

fn open(dir: &std::path::Path, wal_keep_mb: u64) -> Store {
    let mut c = StoreConfig::new(dir);
    c.flush = FlushMode::Async;
    c.wal_keep_mb = wal_keep_mb;
    Store::open(c).expect("open store")
}

#[tokio::test]
async fn a_replica_applies_the_masters_writes_from_memory_or_from_the_wal() {
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let master = open(dirs.0.path(), 16);
    for i in 0..6 {
        master.submit(vec![append(i)], true).await.unwrap().unwrap();
    }
    let latest = master.latest_seq().unwrap();
    let all = master.wal_after(0, usize::MAX).unwrap();
    assert!(!all.is_empty());
    assert_eq!(all.last().unwrap().last_seq(), latest);
    // Contiguous: each write starts right after the one before.
    for pair in all.windows(2) {
        assert_eq!(pair[1].seq, pair[0].last_seq() + 1);
    }
    // The latest writes come from the in-memory tail and are the same as in the WAL.
    let from = all[all.len() - 3].seq - 1;
    let recent = master.wal_after(from, usize::MAX).unwrap();
    assert_eq!(recent, all[all.len() - 3..].to_vec());
    // A slave applies them all and holds the same messages; it remembers where it is.
    let slave = open(dirs.1.path(), 0);
    assert_eq!(slave.replica_position().unwrap(), 0);
    for b in &all {
        slave.apply_replica(b).unwrap();
    }
    assert_eq!(slave.replica_position().unwrap(), latest);
    assert_eq!(slave.stored_next_log_offset().unwrap(), 6);
    assert_eq!(master.stored_next_log_offset().unwrap(), 6);
    assert!(master.wal_after(latest, usize::MAX).unwrap().is_empty());
    // Reopened, the master has nothing in memory: the same writes come from its WAL.
    master.close();
    let master = open(dirs.0.path(), 16);
    assert_eq!(master.wal_after(0, usize::MAX).unwrap(), all);
    master.close();
    slave.close();
}

fn cursor(queue_id: u32, offset: u64) -> WriteOp {
    WriteOp::PutOffset {
        view: ViewKey {
            group_id: 7,
            instance: 0,
        },
        topic_id: 1,
        queue_id,
        offset,
    }
}

#[tokio::test]
async fn a_slave_serving_reads_takes_consumption_writes_only_and_hands_them_back() {
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let master = open(dirs.0.path(), 16);
    master
        .submit(vec![append(0), append(1)], true)
        .await
        .unwrap()
        .unwrap();
    master
        .submit(vec![cursor(0, 1)], false)
        .await
        .unwrap()
        .unwrap();
    let slave = open(dirs.1.path(), 0);
    for b in master.wal_after(0, usize::MAX).unwrap() {
        slave.apply_replica(&b).unwrap();
    }

    // Serving reads: a cursor moves, a message is refused, the master's other state stays.
    slave.set_consumption_only(true);
    slave
        .submit(vec![cursor(1, 1)], false)
        .await
        .unwrap()
        .unwrap();
    let refused = slave.submit(vec![append(2)], true).await.unwrap();
    assert!(
        matches!(refused, Err(StoreError::ReadOnly(_))),
        "{refused:?}"
    );
    assert!(refused.unwrap_err().is_transient());
    assert_eq!(slave.stored_next_log_offset().unwrap(), 2);

    // Meanwhile the master (unreachable) had moved a cursor the slave never saw.
    master
        .submit(vec![cursor(0, 2)], false)
        .await
        .unwrap()
        .unwrap();
    // Handed back, the slave's state replaces the master's whole.
    let state = slave.consumption_state().unwrap();
    assert_eq!(state.offsets.len(), 2);
    master.replace_consumption_state(&state).unwrap();
    assert_eq!(master.consumption_state().unwrap(), state);
    let cursors: Vec<_> = master
        .load_offsets()
        .unwrap()
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(cursors, [1, 1]);

    // The replacement travels to the slave like any write of the master.
    slave.set_consumption_only(false);
    // (Written outside the writer, it is read from the WAL: a second round.)
    while slave.replica_position().unwrap() < master.latest_seq().unwrap() {
        let from = slave.replica_position().unwrap();
        let batches = master.wal_after(from, usize::MAX).unwrap();
        assert!(!batches.is_empty(), "nothing after {from}");
        for b in batches {
            slave.apply_replica(&b).unwrap();
        }
    }
    assert_eq!(slave.consumption_state().unwrap(), state);
    // A malformed hand-back is refused, not stored.
    let bad = ConsumptionState {
        offsets: vec![(Vec::new(), vec![1])],
        inflight: Vec::new(),
    };
    assert!(master.replace_consumption_state(&bad).is_err());
    assert_eq!(master.consumption_state().unwrap(), state);
}
