//! The group-commit writer: one thread owns every write that assigns offsets or changes
//! consumption state. Concurrent requests queue on a channel; the thread drains what is waiting,
//! writes it as one `WriteBatch` (one fsync in `sync` mode, however many sends it carries), then
//! publishes the new queue ends and answers every request.
//!
//! Each request succeeds or fails on its own: an op that cannot be staged fails its request
//! only, and if RocksDB refuses a merged batch for a reason other than I/O, the requests are
//! written one by one so only the bad one fails. An I/O failure (a full disk) fails everything
//! until the writer has reopened the database (see `health`).

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use rocksdb::{DB, ErrorKind, WriteBatch, WriteOptions};
use tokio::sync::oneshot;

use crate::health::{Degraded, HealthCell, SpaceGuard, classify_write_error, disk_writable};
use crate::ops::{Stager, WriteOp};
use crate::retention::TrimCommit;
use crate::store::{
    AppendListener, DbSlot, QueueTable, StoreConfig, into_sole, open_db, time_fence_key,
    write_position,
};
use crate::{FlushMode, StoreError};

pub(crate) use crate::ops::{Placement, request_bytes, start_records};

pub(crate) type Reply = oneshot::Sender<Result<Vec<Placement>, StoreError>>;

pub(crate) struct Request {
    pub ops: Vec<WriteOp>,
    /// For each op that appends a record, the record as `encode_record_start` made it on the
    /// submitting task (in op order), so the writer thread does not encode.
    pub records: Vec<Vec<u8>>,
    /// Bytes counted in the store's backlog until this request is written.
    pub bytes: usize,
    /// Sends are durable: they follow the flush mode. Consumption state never needs an fsync
    /// (losing it only means a redelivery).
    pub durable: bool,
    /// fsync'd whatever the flush mode (configuration records).
    pub sync: bool,
    pub reply: Reply,
}

pub(crate) enum Command {
    Write(Request),
    /// See `Store::fence_time`.
    Fence {
        now_ms: i64,
        reply: oneshot::Sender<Result<i64, StoreError>>,
    },
    /// A retention pass starts planning: remember every record linked from now on.
    TrimBegin(crossbeam_channel::Sender<()>),
    /// A retention pass's deletes, applied unless a record they remove was linked meanwhile.
    Trim(TrimCommit),
    Shutdown,
}

impl Command {
    /// Answers a command that will not be executed.
    pub(crate) fn refuse(self, backlog: &AtomicUsize, error: StoreError) {
        match self {
            Command::Write(req) => {
                backlog.fetch_sub(req.bytes, Ordering::AcqRel);
                let _ = req.reply.send(Err(error));
            }
            Command::Fence { reply, .. } => {
                let _ = reply.send(Err(error));
            }
            Command::TrimBegin(reply) => {
                let _ = reply.send(());
            }
            Command::Trim(t) => {
                let _ = t.reply.send(Err(error));
            }
            Command::Shutdown => {}
        }
    }
}

/// Most requests merged into one batch, and most bytes, so one huge burst cannot starve replies.
const MAX_REQUESTS_PER_BATCH: usize = 1024;
const MAX_BYTES_PER_BATCH: usize = 8 * 1024 * 1024;
/// How often a writer that lost its database tries to reopen it.
const RECOVERY_EVERY: Duration = Duration::from_secs(1);
/// What the disk must take before a reopen is tried.
const RECOVERY_PROBE_BYTES: usize = 1024 * 1024;

pub(crate) struct Writer {
    slot: Arc<DbSlot>,
    config: StoreConfig,
    log_floor: Arc<AtomicU64>,
    backlog: Arc<AtomicUsize>,
    queues: Arc<QueueTable>,
    listener: Arc<OnceLock<AppendListener>>,
    health: Arc<HealthCell>,
    next_log_offset: u64,
    last_store_time_ms: i64,
    space: SpaceGuard,
    last_recovery: Option<Instant>,
    /// While a retention pass plans its deletes: the records linked since it began.
    trim_watch: Option<Vec<u64>>,
    /// Woken after every write (a master's replication stream waits on it).
    written: Arc<tokio::sync::Notify>,
    /// Every write goes through it, so slaves read the latest writes from memory.
    tail: Arc<crate::replica::ReplicaTail>,
    /// The process's metric labels, built once (the writer records per batch).
    metric_labels: OnceLock<Vec<apogee_telemetry::opentelemetry::KeyValue>>,
}

impl Writer {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        slot: Arc<DbSlot>,
        config: StoreConfig,
        log_floor: Arc<AtomicU64>,
        backlog: Arc<AtomicUsize>,
        queues: Arc<QueueTable>,
        listener: Arc<OnceLock<AppendListener>>,
        health: Arc<HealthCell>,
        (written, tail): (Arc<tokio::sync::Notify>, Arc<crate::replica::ReplicaTail>),
        (next_log_offset, last_store_time_ms): (u64, i64),
    ) -> Self {
        let space = SpaceGuard::new(config.min_free_bytes);
        Self {
            slot,
            config,
            log_floor,
            backlog,
            queues,
            listener,
            health,
            next_log_offset,
            last_store_time_ms,
            space,
            last_recovery: None,
            trim_watch: None,
            written,
            tail,
            metric_labels: OnceLock::new(),
        }
    }

    pub fn run(mut self, rx: Receiver<Command>) {
        let mut unsynced = false;
        let mut last_sync = Instant::now();
        let mut shutting_down = false;
        while !shutting_down {
            let first = match rx.recv_timeout(self.config.flush_interval) {
                Ok(cmd) => cmd,
                Err(RecvTimeoutError::Timeout) => {
                    if self.health.degraded().is_some() {
                        self.try_recover();
                    } else if unsynced {
                        self.sync_wal();
                        unsynced = false;
                        last_sync = Instant::now();
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let mut requests = Vec::new();
            let mut bytes = 0usize;
            let mut next = Some(first);
            while let Some(cmd) = next.take() {
                match cmd {
                    Command::Write(req) => {
                        bytes += req.bytes;
                        requests.push(req);
                    }
                    Command::Shutdown => {
                        shutting_down = true;
                        break;
                    }
                    // Ordered with the writes: everything queued before is written first.
                    other => {
                        unsynced |= self.write_requests(std::mem::take(&mut requests));
                        bytes = 0;
                        self.control(other);
                    }
                }
                if requests.len() >= MAX_REQUESTS_PER_BATCH || bytes >= MAX_BYTES_PER_BATCH {
                    break;
                }
                next = rx.try_recv().ok();
            }
            unsynced |= self.write_requests(requests);
            if unsynced && last_sync.elapsed() >= self.config.flush_interval {
                self.sync_wal();
                unsynced = false;
                last_sync = Instant::now();
            }
        }
        // Drain what was queued before the shutdown command, then make everything durable.
        for cmd in rx.try_iter() {
            match cmd {
                Command::Write(r) => {
                    self.write_requests(vec![r]);
                }
                Command::Shutdown => {}
                other => self.control(other),
            }
        }
        self.sync_wal();
    }

    fn db(&self) -> Option<Arc<DB>> {
        self.slot.read().clone()
    }

    fn sync_wal(&self) {
        if let Some(db) = self.db() {
            let started = Instant::now();
            let synced = db.flush_wal(true);
            self.record_write(0, Some(started.elapsed()));
            if let Err(e) = synced {
                tracing::error!(error = %e, "WAL sync failed.");
            }
        }
    }

    /// Group-commit batch size (requests per write; 0 for a bare WAL sync) and, when the
    /// write was synced, its latency.
    fn record_write(&self, requests: usize, synced: Option<Duration>) {
        let m = apogee_telemetry::instruments();
        let labels = self
            .metric_labels
            .get_or_init(|| apogee_telemetry::labels(&[]));
        if requests > 0 {
            m.group_commit_batch.record(requests as u64, labels);
        }
        if let Some(d) = synced {
            m.fsync_latency.record(d.as_secs_f64() * 1000.0, labels);
        }
    }

    /// Commands other than writes.
    fn control(&mut self, cmd: Command) {
        match cmd {
            Command::Fence { now_ms, reply } => {
                let _ = reply.send(self.fence(now_ms));
            }
            Command::TrimBegin(reply) => {
                self.trim_watch = Some(Vec::new());
                let _ = reply.send(());
            }
            Command::Trim(commit) => {
                let watched = self.trim_watch.take().unwrap_or_default();
                let result = match commit.conflicts_with(&watched) {
                    true => Ok(false),
                    false => self.write_plain(commit.batch).map(|()| true),
                };
                let _ = commit.reply.send(result);
            }
            Command::Write(_) | Command::Shutdown => {}
        }
    }

    fn fence(&mut self, now_ms: i64) -> Result<i64, StoreError> {
        let fence = now_ms.max(self.last_store_time_ms.saturating_add(1));
        let mut batch = WriteBatch::default();
        let db = self.db().ok_or(StoreError::Closed)?;
        batch.put_cf(
            crate::store::cf_of(&db, crate::cf::Cf::Metadata)?,
            time_fence_key(),
            fence.to_be_bytes(),
        );
        self.write_plain(batch)?;
        self.last_store_time_ms = fence;
        Ok(fence)
    }

    /// Writes a batch that assigns nothing (fences, retention deletes).
    fn write_plain(&mut self, batch: WriteBatch) -> Result<(), StoreError> {
        if let Some(d) = self.health.degraded() {
            return Err(d.error());
        }
        let db = self.db().ok_or(StoreError::Closed)?;
        self.tail
            .write(&db, batch, &WriteOptions::default())
            .map_err(|e| {
                let d = classify_write_error(&e);
                self.degrade(d.clone());
                d.error()
            })?;
        self.written.notify_waiters();
        Ok(())
    }

    /// Writes requests (merged when possible) and answers each; returns whether an unsynced
    /// write happened.
    fn write_requests(&mut self, requests: Vec<Request>) -> bool {
        if requests.is_empty() {
            return false;
        }
        let bytes: usize = requests.iter().map(|r| r.bytes).sum();
        let (ready, refused) = self.admit(requests);
        // Released before anyone is told, so a caller that got its reply sees the backlog
        // without its bytes.
        self.backlog.fetch_sub(bytes, Ordering::AcqRel);
        for (req, e) in refused {
            let _ = req.reply.send(Err(e));
        }
        if ready.is_empty() {
            return false;
        }
        match self.write_merged(ready) {
            Ok(synced) => !synced,
            // RocksDB refused the batch for a reason that may be one request's: isolate it (a
            // single request's failure is answered inside).
            Err(requests) => requests
                .into_iter()
                .map(|req| matches!(self.write_merged(vec![req]), Ok(false)))
                .fold(false, |a, b| a | b),
        }
    }

    /// Splits requests into those to write and those refused at once (a store that cannot
    /// write, a disk below its reserve, an op that no write could apply).
    fn admit(&mut self, requests: Vec<Request>) -> (Vec<Request>, Vec<(Request, StoreError)>) {
        if self.health.degraded().is_some() {
            self.try_recover();
        }
        let degraded = self.health.degraded();
        let low_space = self.space.check(Path::new(&self.config.data_dir));
        let mut ready = Vec::with_capacity(requests.len());
        let mut refused = Vec::new();
        for req in requests {
            let verdict = if let Some(d) = &degraded {
                Err(d.error())
            } else if let Some(e) = low_space
                .as_ref()
                .filter(|_| req.ops.iter().any(WriteOp::appends_record))
            {
                Err(e.duplicate())
            } else {
                req.ops.iter().try_for_each(WriteOp::check)
            };
            match verdict {
                Ok(()) => ready.push(req),
                Err(e) => refused.push((req, e)),
            }
        }
        (ready, refused)
    }

    /// Stages requests into one batch and writes it. Requests whose ops cannot be staged are
    /// answered with their error and left out. `Err` gives the requests back when RocksDB
    /// refused the batch for a reason other than I/O (the caller retries them one by one);
    /// `Ok(true)` when the write was fsync'd.
    fn write_merged(&mut self, mut requests: Vec<Request>) -> Result<bool, Vec<Request>> {
        let Some(db) = self.db() else {
            for req in requests {
                let _ = req.reply.send(Err(StoreError::Closed));
            }
            return Ok(false);
        };
        let queues = self.queues.clone();
        let counters = (self.next_log_offset, self.last_store_time_ms);
        let (batch, stager, placements) = loop {
            match Self::stage_all(&db, &queues, counters, &mut requests) {
                Ok(staged) => break staged,
                // Only that request fails; the rest are staged again without it.
                Err((i, e)) => {
                    let _ = requests.remove(i).reply.send(Err(e));
                }
            }
        };
        if requests.is_empty() {
            return Ok(false);
        }
        let flush_sync = self.config.flush == FlushMode::Sync;
        let sync = requests.iter().any(|r| r.sync || (flush_sync && r.durable));
        let mut opts = WriteOptions::default();
        opts.set_sync(sync);
        let started = Instant::now();
        let written = self.tail.write(&db, batch, &opts);
        self.record_write(requests.len(), sync.then(|| started.elapsed()));
        match written {
            Ok(()) => {
                self.publish(stager, requests, placements);
                Ok(sync)
            }
            Err(e) if e.kind() == ErrorKind::IOError => {
                let d = classify_write_error(&e);
                self.degrade(d.clone());
                for req in requests {
                    let _ = req.reply.send(Err(d.error()));
                }
                Ok(false)
            }
            Err(e) if requests.len() == 1 => {
                tracing::warn!(error = %e, "The store refused a write request.");
                for req in requests {
                    let _ = req.reply.send(Err(StoreError::WriteFailed(e.to_string())));
                }
                Ok(false)
            }
            Err(e) => {
                tracing::warn!(error = %e, requests = requests.len(), "A merged write was refused; writing its requests one by one.");
                Err(requests)
            }
        }
    }

    /// Stages every request into one batch; on the first op that fails, returns the index of
    /// its request (nothing of the attempt is kept).
    #[allow(clippy::type_complexity)]
    fn stage_all<'a>(
        db: &'a DB,
        queues: &'a QueueTable,
        (next_log_offset, last_store_time_ms): (u64, i64),
        requests: &mut [Request],
    ) -> Result<(WriteBatch, Stager<'a>, Vec<Vec<Placement>>), (usize, StoreError)> {
        let mut batch = WriteBatch::default();
        let mut stager = Stager {
            db,
            queues,
            next_log_offset,
            last_store_time_ms,
            ends: Default::default(),
            linked: Vec::new(),
        };
        let mut placements = Vec::with_capacity(requests.len());
        for (i, req) in requests.iter_mut().enumerate() {
            let mut started = std::mem::take(&mut req.records).into_iter();
            let mut placed = Vec::new();
            for op in &req.ops {
                match stager.stage(op, &mut started, &mut batch) {
                    Ok(Some(p)) => placed.push(p),
                    Ok(None) => {}
                    Err(e) => return Err((i, e)),
                }
            }
            placements.push(placed);
        }
        Ok((batch, stager, placements))
    }

    /// After a successful write: moves the writer's counters, publishes queue ends, wakes long
    /// polls and answers the requests.
    fn publish(
        &mut self,
        stager: Stager<'_>,
        requests: Vec<Request>,
        placements: Vec<Vec<Placement>>,
    ) {
        self.next_log_offset = stager.next_log_offset;
        self.last_store_time_ms = stager.last_store_time_ms;
        if let Some(watch) = &mut self.trim_watch {
            watch.extend_from_slice(&stager.linked);
        }
        let mut touched = Vec::with_capacity(stager.ends.len());
        for ((topic_id, queue_id), (atomic, end)) in stager.ends {
            atomic.store(end, Ordering::Release);
            touched.push((topic_id, queue_id));
        }
        if let Some(listener) = self.listener.get()
            && !touched.is_empty()
        {
            listener(&touched);
        }
        for (req, placed) in requests.into_iter().zip(placements) {
            let _ = req.reply.send(Ok(placed));
        }
        self.written.notify_waiters();
    }

    fn degrade(&mut self, d: Degraded) {
        if self.health.degraded().is_none() {
            tracing::error!(error = %d.detail, disk_full = d.disk_full, "A store write failed; writes are refused until the database is reopened.");
        }
        self.health.set(Some(d));
    }

    /// Reopens the database after a failed write, at most every [`RECOVERY_EVERY`], once the
    /// disk takes writes again. Reads go on on the old handle until the swap.
    fn try_recover(&mut self) {
        if self
            .last_recovery
            .is_some_and(|t| t.elapsed() < RECOVERY_EVERY)
        {
            return;
        }
        self.last_recovery = Some(Instant::now());
        if !disk_writable(&self.config.data_dir, RECOVERY_PROBE_BYTES) {
            return;
        }
        let Some(old) = self.slot.write().take() else {
            return self.reopen();
        };
        match into_sole(old, Duration::from_secs(2)) {
            Ok(db) => {
                drop(db);
                self.reopen();
            }
            Err(shared) => {
                *self.slot.write() = Some(shared);
            }
        }
    }

    fn reopen(&mut self) {
        let db = match open_db(&self.config, &self.log_floor) {
            Ok(db) => Arc::new(db),
            Err(e) => {
                tracing::warn!(error = %e, "Reopening the store failed; trying again.");
                return;
            }
        };
        let position = write_position(&db).and_then(|p| self.queues.refresh(&db).map(|()| p));
        match position {
            Ok((next, last)) => {
                // A write reported as failed may have reached the WAL: never hand its offsets
                // out again.
                self.next_log_offset = self.next_log_offset.max(next);
                self.last_store_time_ms = self.last_store_time_ms.max(last);
                *self.slot.write() = Some(db);
                self.health.set(None);
                self.space.invalidate();
                tracing::info!(
                    next_log_offset = self.next_log_offset,
                    "The store recovered; writes are accepted again."
                );
            }
            Err(e) => {
                *self.slot.write() = Some(db);
                tracing::warn!(error = %e, "Reading the reopened store failed; trying again.");
            }
        }
    }
}
