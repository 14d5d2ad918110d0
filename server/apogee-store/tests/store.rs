//! Store tests against real RocksDB in a temporary directory.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use apogee_store::{
    CqEntry, FlushMode, GroupRecord, InvisibleKey, InvisibleValue, NewMessage, OffsetsEntry, Store,
    StoreConfig, TopicRecord, ViewKey, WriteOp,
};
use apogee_types::{Message, MessageType};
use bytes::Bytes;

fn msg(id: &str, body: &str, tag: Option<&str>, keys: &[&str]) -> Message {
    Message {
        message_id: id.into(),
        body: Bytes::from(body.to_owned()),
        tag: tag.map(str::to_owned),
        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        message_type: Some(MessageType::Normal),
        born_timestamp_ms: 1,
        born_host: "h".into(),
        ..Default::default()
    }
}

fn append(topic_id: u32, queue_id: u32, time: i64, m: Message) -> WriteOp {
    WriteOp::Append(NewMessage {
        topic_id,
        topic: Arc::from("T"),
        queue_id,
        store_time_ms: time,
        message: m,
    })
}

fn open(dir: &std::path::Path, flush: FlushMode) -> Store {
    let mut c = StoreConfig::new(dir);
    c.flush = flush;
    Store::open(c).expect("open store")
}

#[tokio::test]
async fn appends_are_read_back_by_queue_range_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    let ops = (0..5)
        .map(|i| {
            append(
                1,
                0,
                100 + i,
                msg(&format!("id{i}"), &format!("b{i}"), Some("t"), &["k"]),
            )
        })
        .collect();
    let placed = store.submit(ops, true).await.unwrap().unwrap();
    assert_eq!(
        placed.iter().map(|p| p.queue_offset).collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4]
    );
    assert_eq!(
        placed.iter().map(|p| p.log_offset).collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4]
    );

    assert_eq!(store.queue_end(1, 0).unwrap(), 5);
    assert_eq!(store.queue_start(1, 0).unwrap(), 0);
    assert_eq!(store.queue_end(1, 1).unwrap(), 0, "other queues stay empty");
    let entries = store.read_queue(1, 0, 1, 3).unwrap();
    assert_eq!(
        entries.iter().map(|(o, _)| *o).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(entries[0].1.tag_hash, apogee_types::tag_hash(Some("t")));
    let msgs = store
        .read_messages(&[entries[0].1.log_offset, 999])
        .unwrap();
    let first = msgs[0].as_ref().unwrap();
    assert_eq!(first.message.message_id, "id1");
    assert_eq!(first.message.body.as_ref(), b"b1");
    assert_eq!((first.queue_id, first.queue_offset), (0, 1));
    assert!(msgs[1].is_none());
    assert_eq!(store.find_by_message_id("id3").unwrap(), vec![3]);
    assert_eq!(store.find_by_key(1, "k", 0, u64::MAX, 10).unwrap().len(), 5);
    assert_eq!(store.find_by_key(1, "k", 102, 103, 10).unwrap(), vec![2, 3]);
    assert!(
        store.read_queue(1, 0, 5, 10).unwrap().is_empty(),
        "nothing past the end"
    );
    store.close();
}

#[tokio::test]
async fn store_times_never_go_backwards_and_time_search_uses_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    let times = [100, 200, 150, 300];
    for (i, t) in times.iter().enumerate() {
        store
            .submit(
                vec![append(1, 0, *t, msg(&format!("m{i}"), "x", None, &[]))],
                true,
            )
            .await
            .unwrap()
            .unwrap();
    }
    let stored: Vec<u64> = store
        .read_queue(1, 0, 0, 10)
        .unwrap()
        .iter()
        .map(|(_, e)| e.store_time_ms)
        .collect();
    assert_eq!(stored, vec![100, 200, 200, 300]);
    assert_eq!(store.offset_at_time(1, 0, 0).unwrap(), 0);
    assert_eq!(store.offset_at_time(1, 0, 150).unwrap(), 1);
    assert_eq!(store.offset_at_time(1, 0, 201).unwrap(), 3);
    assert_eq!(store.offset_at_time(1, 0, 999).unwrap(), 4);
    store.close();
}

#[tokio::test]
async fn reopen_recovers_counters_state_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path(), FlushMode::Sync);
        store
            .put_topic(&TopicRecord {
                id: 7,
                name: "T".into(),
                queues: 2,
                ..Default::default()
            })
            .unwrap();
        store
            .put_group(&GroupRecord {
                id: 3,
                name: "G".into(),
                retry_topic_id: 8,
                ..Default::default()
            })
            .unwrap();
        let ops = (0..3)
            .map(|i| append(7, 1, 10, msg(&format!("m{i}"), "x", None, &[])))
            .collect();
        store.submit(ops, true).await.unwrap().unwrap();
        let entry = CqEntry {
            log_offset: 0,
            size: 1,
            tag_hash: 0,
            store_time_ms: 10,
            reconsume_times: 2,
            group_hash: 0,
        };
        let view = ViewKey {
            group_id: 3,
            instance: 0,
        };
        let key = InvisibleKey {
            deadline_ms: 500,
            view,
            topic_id: 7,
            queue_id: 1,
            queue_offset: 0,
        };
        store
            .submit(
                vec![
                    WriteOp::PutInvisible(
                        key,
                        InvisibleValue {
                            attempt: 3,
                            nonce: 9,
                            phase: 0,
                            flags: 1,
                            client: 5,
                            delivered_ms: 400,
                            entry,
                        },
                    ),
                    WriteOp::PutOffset {
                        view,
                        topic_id: 7,
                        queue_id: 1,
                        offset: 2,
                    },
                    WriteOp::PutDone {
                        view,
                        topic_id: 7,
                        queue_id: 1,
                        offset: 4,
                    },
                    WriteOp::PutDone {
                        view,
                        topic_id: 7,
                        queue_id: 1,
                        offset: 6,
                    },
                    WriteOp::DeleteDoneRange {
                        view,
                        topic_id: 7,
                        queue_id: 1,
                        from: 0,
                        to: 5,
                    },
                    WriteOp::Link {
                        topic_id: 8,
                        queue_id: 7,
                        entry,
                    },
                ],
                false,
            )
            .await
            .unwrap()
            .unwrap();
        store.close();
    }
    let store = open(dir.path(), FlushMode::Sync);
    assert_eq!(store.load_topics().unwrap()[0].name, "T");
    assert_eq!(store.load_groups().unwrap()[0].retry_topic_id, 8);
    assert_eq!(store.queue_end(7, 1).unwrap(), 3);
    assert_eq!(store.queue_end(8, 7).unwrap(), 1);
    let view = ViewKey {
        group_id: 3,
        instance: 0,
    };
    assert_eq!(
        store.load_offsets().unwrap(),
        vec![
            (
                OffsetsEntry::Cursor {
                    view,
                    topic_id: 7,
                    queue_id: 1
                },
                2
            ),
            (
                OffsetsEntry::Done {
                    view,
                    topic_id: 7,
                    queue_id: 1,
                    offset: 6
                },
                0
            ),
        ]
    );
    let inv = store.load_invisible().unwrap();
    assert_eq!(inv.len(), 1);
    assert_eq!(inv[0].1.attempt, 3);
    assert_eq!(inv[0].1.entry.reconsume_times, 2);
    // The next append continues both counters.
    let placed = store
        .submit(vec![append(7, 1, 20, msg("m3", "x", None, &[]))], true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((placed[0].queue_offset, placed[0].log_offset), (3, 3));
    store.close();
}

#[tokio::test]
async fn concurrent_submits_are_grouped_into_few_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Sync);
    let notified = Arc::new(AtomicUsize::new(0));
    let seen = notified.clone();
    store.set_append_listener(Box::new(move |_queues| {
        seen.fetch_add(1, Ordering::Relaxed);
    }));
    // Queue many requests before awaiting any: the writer takes them in few batches.
    let receivers: Vec<_> = (0..200)
        .map(|i| {
            store.submit(
                vec![append(1, i % 4, 1, msg(&format!("m{i}"), "x", None, &[]))],
                true,
            )
        })
        .collect();
    let mut offsets = std::collections::BTreeSet::new();
    for rx in receivers {
        let p = rx.await.unwrap().unwrap();
        assert!(offsets.insert(p[0].log_offset), "log offsets are unique");
    }
    assert_eq!(offsets.len(), 200);
    let batches = notified.load(Ordering::Relaxed);
    assert!(
        batches < 200,
        "200 sync submits were written in {batches} batches"
    );
    let per_queue: u64 = (0..4).map(|q| store.queue_end(1, q).unwrap()).sum();
    assert_eq!(per_queue, 200);
    store.close();
}

#[tokio::test]
async fn submit_after_close_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    store.close();
    let r = store
        .submit(vec![append(1, 0, 1, msg("m", "x", None, &[]))], true)
        .await
        .unwrap();
    assert!(matches!(r, Err(apogee_store::StoreError::Closed)));
}

#[tokio::test]
async fn index_entries_of_removed_records_are_dropped_by_compaction_even_after_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    let ops = [
        (100, "old-0", "k-old"),
        (200, "old-1", "k-old"),
        (400, "new", "k-new"),
    ]
    .into_iter()
    .map(|(t, id, key)| append(1, 0, t, msg(id, "x", None, &[key])))
    .collect();
    store.submit(ops, true).await.unwrap().unwrap();
    assert_eq!(store.trim_before(300, &[(1, 0)]).unwrap().records, 2);
    store.close();
    drop(store);

    // The floor is found again on open, so entries a crash left behind still go.
    let store = open(dir.path(), FlushMode::Async);
    store.compact_indexes().unwrap();
    assert!(store.find_by_message_id("old-0").unwrap().is_empty());
    assert!(store.find_by_message_id("old-1").unwrap().is_empty());
    assert!(
        store
            .find_by_key(1, "k-old", 0, u64::MAX, 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.find_by_message_id("new").unwrap(), vec![2]);
    assert_eq!(
        store.find_by_key(1, "k-new", 0, u64::MAX, 10).unwrap(),
        vec![2]
    );

    // A later pass raises the floor while running.
    let more = vec![append(1, 0, 500, msg("newer", "x", None, &["k-new"]))];
    store.submit(more, true).await.unwrap().unwrap();
    assert_eq!(store.trim_before(450, &[(1, 0)]).unwrap().records, 1);
    store.compact_indexes().unwrap();
    assert!(store.find_by_message_id("new").unwrap().is_empty());
    assert_eq!(
        store.find_by_key(1, "k-new", 0, u64::MAX, 10).unwrap(),
        vec![3]
    );
    store.close();
}

#[tokio::test]
async fn retention_removes_whole_ranges_older_than_the_cutoff() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    let mut ops = Vec::new();
    for (i, t) in [100, 200, 300, 400].iter().enumerate() {
        ops.push(append(
            1,
            (i % 2) as u32,
            *t,
            msg(&format!("m{i}"), "x", None, &[]),
        ));
    }
    ops.push(append(2, 0, 250, msg("other", "x", None, &[])));
    store.submit(ops, true).await.unwrap().unwrap();
    let mut queues = store.list_queues().unwrap();
    queues.sort();
    assert_eq!(queues, vec![(1, 0), (1, 1), (2, 0)]);
    assert_eq!(store.write_backlog(), 0, "nothing waits once written");

    let report = store.trim_before(300, &queues).unwrap();
    assert_eq!(report.records, 2, "the two records stored before 300");
    // Queue (1,0) held times 100 and 300, (1,1) 200 and 400; (2,0) was stored at 400 (store
    // times never go backwards along the log) and is kept.
    assert_eq!(report.entries, 2);
    assert_eq!(store.queue_start(1, 0).unwrap(), 1);
    assert_eq!(store.queue_start(1, 1).unwrap(), 1);
    assert_eq!(store.queue_end(1, 0).unwrap(), 2, "ends are unchanged");
    assert!(
        store
            .read_messages(&[0, 1])
            .unwrap()
            .iter()
            .all(Option::is_none)
    );
    assert!(store.read_messages(&[2]).unwrap()[0].is_some());
    let again = store.trim_before(300, &queues).unwrap();
    assert_eq!(
        (again.records, again.entries),
        (0, 0),
        "a second pass finds nothing"
    );
    store.close();
}

#[tokio::test]
async fn retention_keeps_the_newest_record_and_entry_so_offsets_never_go_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    let ops = (0..3)
        .map(|i| append(1, 0, 100 + i, msg(&format!("m{i}"), "x", None, &[])))
        .collect();
    store.submit(ops, true).await.unwrap().unwrap();
    // Everything is older than the cutoff; the newest record and entry stay.
    let report = store.trim_before(10_000, &[(1, 0)]).unwrap();
    assert_eq!((report.records, report.entries), (2, 2));
    store.close();
    drop(store);

    let store = open(dir.path(), FlushMode::Async);
    assert_eq!(store.queue_end(1, 0).unwrap(), 3, "the queue end survives");
    let placed = store
        .submit(
            vec![append(1, 0, 20_000, msg("after", "x", None, &[]))],
            true,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!((placed[0].queue_offset, placed[0].log_offset), (3, 3));
    store.close();
}

#[tokio::test]
async fn pinned_records_outlive_retention_until_their_pin_expires_or_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), FlushMode::Async);
    let scheduled = WriteOp::AppendScheduled {
        message: NewMessage {
            topic_id: 1,
            topic: Arc::from("T"),
            queue_id: 0,
            store_time_ms: 100,
            message: msg("delayed", "x", None, &[]),
        },
        deliver_at_ms: 10_000,
    };
    let half = WriteOp::AppendHalf {
        message: NewMessage {
            topic_id: 1,
            topic: Arc::from("T"),
            queue_id: 0,
            store_time_ms: 150,
            message: msg("half", "x", None, &[]),
        },
        transaction_id: "tx".into(),
        created_ms: 150,
        first_check_ms: 60_000,
    };
    let mut ops = vec![scheduled, half];
    for t in [200, 300, 400] {
        ops.push(append(1, 0, t, msg(&format!("n{t}"), "x", None, &[])));
    }
    store.submit(ops, true).await.unwrap().unwrap();
    let readable = |store: &Store, offsets: &[u64]| -> Vec<bool> {
        store
            .read_messages(offsets)
            .unwrap()
            .iter()
            .map(Option::is_some)
            .collect()
    };

    // Offsets 0 (delayed) and 1 (half) are pinned; 2 and 3 go, 4 is the newest.
    let r = store.trim_before(350, &[(1, 0)]).unwrap();
    assert_eq!(r.records, 2);
    assert_eq!(
        readable(&store, &[0, 1, 2, 3, 4]),
        [true, true, false, false, true]
    );

    // The delay message fires at 10 000: its queue entry pins the record from then on.
    let (key, timer) = store.due_timers(0, 10_000, 10).unwrap()[0];
    let fire = vec![
        WriteOp::Link {
            topic_id: 1,
            queue_id: 0,
            entry: CqEntry {
                store_time_ms: 10_000,
                ..timer.entry
            },
        },
        WriteOp::DeleteTimer {
            deliver_at_ms: key.deliver_at_ms,
            log_offset: key.log_offset,
        },
    ];
    store.submit(fire, true).await.unwrap().unwrap();
    // The transaction is rolled back: its record is only kept by age now.
    let rollback = vec![
        WriteOp::DeleteTxn {
            transaction_id: "tx".into(),
        },
        WriteOp::Unpin { log_offset: 1 },
    ];
    store.submit(rollback, true).await.unwrap().unwrap();

    let r = store.trim_before(5_000, &[(1, 0)]).unwrap();
    assert_eq!(r.records, 1, "the rolled-back half message goes");
    assert_eq!(readable(&store, &[0, 1]), [true, false]);
    // Once the fired entry itself is past retention, so is its record.
    let r = store.trim_before(10_001, &[(1, 0)]).unwrap();
    assert_eq!(r.records, 1);
    assert_eq!(readable(&store, &[0, 4]), [false, true]);
    store.close();
}
