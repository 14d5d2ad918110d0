//! The writer: requests fail alone, time fences split stored from unstored, the free-space
//! reserve refuses new messages but not consumption writes, and closing really closes.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use apogee_store::{
    CqEntry, FlushMode, NewMessage, Store, StoreConfig, StoreError, StoreHealth, ViewKey, WriteOp,
};
use apogee_types::{Message, MessageType};
use bytes::Bytes;

fn msg(id: &str) -> Message {
    Message {
        message_id: id.into(),
        body: Bytes::from_static(b"x"),
        message_type: Some(MessageType::Normal),
        ..Default::default()
    }
}

fn append(queue_id: u32, time: i64, id: &str) -> WriteOp {
    WriteOp::Append(NewMessage {
        topic_id: 1,
        topic: Arc::from("T"),
        queue_id,
        store_time_ms: time,
        message: msg(id),
    })
}

fn open(dir: &std::path::Path, min_free_bytes: u64) -> Store {
    let mut c = StoreConfig::new(dir);
    c.flush = FlushMode::Sync;
    c.min_free_bytes = min_free_bytes;
    Store::open(c).expect("open store")
}

const VIEW: ViewKey = ViewKey {
    group_id: 1,
    instance: 0,
};

#[tokio::test]
async fn a_bad_request_fails_alone_in_its_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    // Queued together, so the writer takes them in one batch.
    let good_before = store.submit(vec![append(0, 1, "a")], true);
    let bad = store.submit(
        vec![
            append(0, 1, "never"),
            WriteOp::DeleteDoneRange {
                view: VIEW,
                topic_id: 1,
                queue_id: 0,
                from: 10,
                to: 5,
            },
        ],
        false,
    );
    let good_after = store.submit(vec![append(0, 1, "b")], true);
    let a = good_before.await.unwrap().unwrap();
    assert!(matches!(
        bad.await.unwrap(),
        Err(StoreError::WriteFailed(_))
    ));
    let b = good_after.await.unwrap().unwrap();
    assert_eq!((a[0].queue_offset, b[0].queue_offset), (0, 1));
    // Nothing of the bad request was written: its message took no offset.
    assert_eq!(store.queue_end(1, 0).unwrap(), 2);
    assert!(store.find_by_message_id("never").unwrap().is_empty());
    store.close();
}

#[tokio::test]
async fn a_time_fence_separates_what_was_stored_from_what_will_be() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    // Everything lands in the same millisecond, as on a fast machine.
    store
        .submit(vec![append(0, 500, "before")], true)
        .await
        .unwrap()
        .unwrap();
    let fence = store.fence_time(500).await.unwrap();
    let after = store
        .submit(vec![append(0, 500, "after")], true)
        .await
        .unwrap()
        .unwrap();
    assert!(fence > 500, "the fence is past the last store time");
    assert_eq!(after[0].store_time_ms, fence);
    assert_eq!(store.offset_at_time(1, 0, fence).unwrap(), 1);
    // Links are stamped after the fence too, so a queue's times never go back.
    let linked = store
        .submit(
            vec![WriteOp::Link {
                topic_id: 2,
                queue_id: 0,
                entry: CqEntry {
                    log_offset: 0,
                    store_time_ms: 1,
                    ..CqEntry::default()
                },
            }],
            false,
        )
        .await
        .unwrap()
        .unwrap();
    assert!(linked[0].store_time_ms >= fence);
    // The fence outlives a restart even when nothing was stored after it.
    let second = store.fence_time(0).await.unwrap();
    store.close();
    let store = open(dir.path(), 0);
    let third = store.fence_time(0).await.unwrap();
    assert!(third > second, "{third} > {second}");
    store.close();
}

#[tokio::test]
async fn below_the_free_space_reserve_new_messages_are_refused_and_acks_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), u64::MAX);
    let refused = store.submit(vec![append(0, 1, "m")], true).await.unwrap();
    match refused {
        Err(StoreError::DiskFull(m)) => assert!(m.contains("min_free_bytes"), "{m}"),
        other => panic!("expected a full disk, got {other:?}"),
    }
    assert!(refused_is_transient(&store).await);
    // Consumption state is small and still written.
    store
        .submit(
            vec![WriteOp::PutOffset {
                view: VIEW,
                topic_id: 1,
                queue_id: 0,
                offset: 3,
            }],
            false,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.health(),
        StoreHealth::Healthy,
        "the reserve is not a failure"
    );
    let why = store.below_free_reserve().expect("below the reserve");
    assert!(why.contains("min_free_bytes"), "{why}");
    store.close();
}

async fn refused_is_transient(store: &Store) -> bool {
    match store.submit(vec![append(0, 1, "m2")], true).await.unwrap() {
        Err(e) => e.is_transient(),
        Ok(_) => false,
    }
}

#[tokio::test]
async fn close_closes_the_database_so_it_can_be_opened_again_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    let reader = store.clone();
    store
        .submit(vec![append(0, 1, "m")], true)
        .await
        .unwrap()
        .unwrap();
    store.close();
    // A second open would fail on RocksDB's lock if the first were still open.
    let again = open(dir.path(), 0);
    assert_eq!(again.queue_end(1, 0).unwrap(), 1);
    assert!(matches!(reader.queue_end(1, 0), Err(StoreError::Closed)));
    drop(again);
    // Dropping the last handle closes too.
    let third = open(dir.path(), 0);
    third.close();
}
