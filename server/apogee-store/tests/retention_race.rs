//! Retention against links: a retry, a dead letter or a timer firing links an old record into
//! a queue while a retention pass is planning its deletes. The pass must not delete a record
//! that was linked before it was applied.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use apogee_store::{CqEntry, FlushMode, NewMessage, Store, StoreConfig, WriteOp};
use apogee_types::{Message, MessageType};
use bytes::Bytes;

const RECORDS: u64 = 20_000;

fn old_message(i: u64) -> WriteOp {
    WriteOp::Append(NewMessage {
        topic_id: 1,
        topic: Arc::from("T"),
        queue_id: 0,
        store_time_ms: 100,
        message: Message {
            message_id: format!("m{i}"),
            body: Bytes::from(vec![b'x'; 64]),
            message_type: Some(MessageType::Normal),
            ..Default::default()
        },
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_never_deletes_a_record_linked_before_it_applied() {
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let mut config = StoreConfig::new(dir.path());
        config.flush = FlushMode::Async;
        config.min_free_bytes = 0;
        let store = Store::open(config).unwrap();
        for chunk in (0..RECORDS).collect::<Vec<_>>().chunks(2_000) {
            let ops = chunk.iter().map(|i| old_message(*i)).collect();
            store.submit(ops, true).await.unwrap().unwrap();
        }

        // Retention passes with a cutoff above every record's time, while links go on.
        let linking = Arc::new(AtomicBool::new(true));
        let trimmer = {
            let (store, linking) = (store.clone(), linking.clone());
            tokio::task::spawn_blocking(move || {
                let mut passes = 0;
                while linking.load(Ordering::Relaxed) || passes == 0 {
                    store.trim_before(1_000, &[(1, 0)]).unwrap();
                    passes += 1;
                }
                passes
            })
        };
        // Link records from the oldest up, as retries would; remember those still there once
        // their link was written.
        let mut kept = Vec::new();
        for (n, log_offset) in (0..RECORDS).step_by(7).enumerate() {
            let link = WriteOp::Link {
                topic_id: 2,
                queue_id: 1,
                entry: CqEntry {
                    log_offset,
                    store_time_ms: 5_000,
                    ..CqEntry::default()
                },
            };
            store.submit(vec![link], false).await.unwrap().unwrap();
            if store.read_messages(&[log_offset]).unwrap()[0].is_some() {
                kept.push(log_offset);
            }
            if n % 64 == 0 {
                tokio::task::yield_now().await;
            }
        }
        linking.store(false, Ordering::Relaxed);
        let passes = trimmer.await.unwrap();
        // A last pass after all links: the pins hold.
        store.trim_before(1_000, &[(1, 0)]).unwrap();
        let present = store.read_messages(&kept).unwrap();
        let lost: Vec<_> = kept
            .iter()
            .zip(&present)
            .filter(|(_, m)| m.is_none())
            .map(|(o, _)| *o)
            .collect();
        assert!(
            lost.is_empty(),
            "round {round}: {} of {} linked records were deleted after their link ({passes} passes): {:?}",
            lost.len(),
            kept.len(),
            &lost[..lost.len().min(10)]
        );
        // And retention did delete what nothing linked.
        assert!(store.read_messages(&[1]).unwrap()[0].is_none());
        store.close();
    }
}
