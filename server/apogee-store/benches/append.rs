//! The store ceiling: raw group-commit appends of 1 KiB messages, without any RPC.
//!
//! `cargo bench -p apogee-store --bench append`. Groups:
//! - `sequential`: one append at a time (latency of one write, async flush);
//! - `concurrent`: 64 submitters at once, async and sync flush (group commit at work);
//! - `batch32`: 32 messages per submit, 8 submitters (what batch sends cost the store).

use std::sync::Arc;
use std::time::{Duration, Instant};

use apogee_store::{FlushMode, NewMessage, Store, StoreConfig, WriteOp};
use apogee_types::{Message, MessageType};
use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn message(body: &Bytes, i: u64) -> WriteOp {
    WriteOp::Append(NewMessage {
        topic_id: 1,
        topic: Arc::from("bench"),
        queue_id: (i % 8) as u32,
        store_time_ms: 1,
        message: Message {
            message_id: format!("{i:034X}"),
            body: body.clone(),
            message_type: Some(MessageType::Normal),
            born_timestamp_ms: 1,
            born_host: "bench".into(),
            ..Default::default()
        },
    })
}

fn open(flush: FlushMode) -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut c = StoreConfig::new(dir.path());
    c.flush = flush;
    (Store::open(c).expect("open"), dir)
}

/// Appends `total` messages from `submitters` concurrent tasks, `per_submit` per request.
async fn run(
    store: &Store,
    body: &Bytes,
    total: u64,
    submitters: u64,
    per_submit: u64,
) -> Duration {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for s in 0..submitters {
        let (store, body) = (store.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = s;
            while i < total {
                let ops = (0..per_submit)
                    .map(|k| message(&body, i * per_submit + k))
                    .collect();
                store
                    .submit(ops, true)
                    .await
                    .expect("writer")
                    .expect("write");
                i += submitters;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    started.elapsed()
}

fn appends(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let body = Bytes::from(vec![b'x'; 1024]);
    let mut g = c.benchmark_group("append_1k");
    g.sample_size(10).measurement_time(Duration::from_secs(10));

    let (store, _dir) = open(FlushMode::Async);
    g.throughput(Throughput::Elements(1));
    g.bench_function("sequential", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            rt.block_on(store.submit(vec![message(&body, i)], true))
                .expect("writer")
                .expect("write");
        })
    });
    store.close();

    for (name, flush) in [("async", FlushMode::Async), ("sync", FlushMode::Sync)] {
        let (store, _dir) = open(flush);
        let per_iter = 4096;
        g.throughput(Throughput::Elements(per_iter));
        g.bench_with_input(BenchmarkId::new("concurrent64", name), &per_iter, |b, n| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| rt.block_on(run(&store, &body, *n, 64, 1)))
                    .sum()
            })
        });
        store.close();
    }

    let (store, _dir) = open(FlushMode::Async);
    let per_iter = 4096 / 32;
    g.throughput(Throughput::Elements(per_iter * 32));
    g.bench_function("batch32_x8", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| rt.block_on(run(&store, &body, per_iter, 8, 32)))
                .sum()
        })
    });
    store.close();
    g.finish();
}

criterion_group!(benches, appends);
criterion_main!(benches);
