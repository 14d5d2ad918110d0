//! The store handle: opening and closing, and submitting writes to the writer. Reads are in
//! `reads`.
//!
//! The database lives in a slot that the writer may empty and refill: after a failed write it
//! reopens RocksDB (see `health`), and `close` takes it out so RocksDB is closed, with its
//! background threads stopped, before `close` returns. Readers clone the handle out of the slot
//! for the duration of one read.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use crossbeam_channel::Sender;
use parking_lot::{Mutex, RwLock};
use rocksdb::{ColumnFamilyDescriptor, DB, Options, ReadOptions};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use crate::StoreError;
use crate::cf::Cf;
use crate::health::{HealthCell, StoreHealth};
use crate::keys::{self, MetaKind};
use crate::ops::WriteOp;
use crate::record::decode_message;
use crate::writer::{Command, Placement, Request, Writer, request_bytes, start_records};

/// When a send is acknowledged relative to the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FlushMode {
    /// fsync the WAL before SEND_OK (one fsync per group-commit batch).
    Sync,
    /// Write the WAL without fsync and fsync it every `flush_interval`: a process crash loses
    /// nothing, a machine crash loses at most that window.
    #[default]
    Async,
}

/// Store settings.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub data_dir: PathBuf,
    pub flush: FlushMode,
    pub flush_interval: Duration,
    /// New messages are refused while the disk has less than this free (0: never).
    pub min_free_bytes: u64,
    /// Write-ahead log kept after RocksDB no longer needs it, in MiB, for slaves to catch up
    /// from (0: none; a master with slaves keeps some).
    pub wal_keep_mb: u64,
}

impl StoreConfig {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            flush: FlushMode::Async,
            flush_interval: Duration::from_secs(1),
            min_free_bytes: DEFAULT_MIN_FREE_BYTES,
            wal_keep_mb: 0,
        }
    }
}

/// Default free-space reserve: room for a full commit-log memtable flush and its WAL.
pub const DEFAULT_MIN_FREE_BYTES: u64 = 256 * 1024 * 1024;

/// Called by the writer after a batch is durable, with the queues that grew.
pub type AppendListener = Box<dyn Fn(&[(u32, u32)]) + Send + Sync>;

/// The end (next offset) of every queue, shared by the writer and readers. Entries are created
/// once, from the database, and only the writer moves them.
#[derive(Default)]
pub(crate) struct QueueTable {
    ends: RwLock<HashMap<(u32, u32), Arc<AtomicU64>>>,
}

impl QueueTable {
    pub(crate) fn end_of(
        &self,
        db: &DB,
        topic_id: u32,
        queue_id: u32,
    ) -> Result<Arc<AtomicU64>, StoreError> {
        if let Some(a) = self.ends.read().get(&(topic_id, queue_id)) {
            return Ok(a.clone());
        }
        let mut ends = self.ends.write();
        if let Some(a) = ends.get(&(topic_id, queue_id)) {
            return Ok(a.clone());
        }
        let end = recover_queue_end(db, topic_id, queue_id)?;
        let atomic = Arc::new(AtomicU64::new(end));
        ends.insert((topic_id, queue_id), atomic.clone());
        Ok(atomic)
    }

    /// After a reopen: a write reported as failed may have reached the WAL, so every known end
    /// is raised to what the database holds (ends never go back).
    pub(crate) fn refresh(&self, db: &DB) -> Result<(), StoreError> {
        for ((topic_id, queue_id), end) in self.ends.read().iter() {
            end.fetch_max(
                recover_queue_end(db, *topic_id, *queue_id)?,
                Ordering::AcqRel,
            );
        }
        Ok(())
    }
}

/// Finds one past the last consume-queue entry of a queue (0 if it has none).
fn recover_queue_end(db: &DB, topic_id: u32, queue_id: u32) -> Result<u64, StoreError> {
    let cf = cf_of(db, Cf::ConsumeQueue)?;
    let mut opts = ReadOptions::default();
    opts.set_iterate_lower_bound(keys::cq_key(topic_id, queue_id, 0).to_vec());
    opts.set_iterate_upper_bound(keys::cq_key(topic_id, queue_id, u64::MAX).to_vec());
    let mut it = db.raw_iterator_cf_opt(cf, opts);
    it.seek_to_last();
    if it.valid()
        && let Some((_, _, off)) = it.key().and_then(keys::decode_cq_key)
    {
        return Ok(off + 1);
    }
    it.status()?;
    Ok(0)
}

/// First kept log offset and one past the last; (0, 0) for an empty log.
pub(crate) fn log_bounds(db: &DB) -> Result<(u64, u64), StoreError> {
    let mut it = db.raw_iterator_cf(cf_of(db, Cf::CommitLog)?);
    it.seek_to_first();
    let first = it.key().and_then(keys::decode_log_key);
    it.seek_to_last();
    let last = it.key().and_then(keys::decode_log_key);
    it.status()?;
    Ok(match (first, last) {
        (Some(f), Some(l)) => (f, l + 1),
        _ => (0, 0),
    })
}

/// Where the writer goes on from: the next log offset and the latest store time handed out
/// (the newest record's, or a later time fence).
pub(crate) fn write_position(db: &DB) -> Result<(u64, i64), StoreError> {
    let (_, next_log_offset) = log_bounds(db)?;
    let last_record_ms = match next_log_offset {
        0 => 0,
        n => match db.get_cf(cf_of(db, Cf::CommitLog)?, keys::log_key(n - 1))? {
            Some(raw) => decode_message(n - 1, Bytes::from(raw))?.store_timestamp_ms,
            None => 0,
        },
    };
    let fence_ms = match db.get_cf(cf_of(db, Cf::Metadata)?, time_fence_key())? {
        Some(v) => i64::from_be_bytes(
            v.as_slice()
                .try_into()
                .map_err(|_| StoreError::Corrupt("time fence".into()))?,
        ),
        None => 0,
    };
    Ok((next_log_offset, last_record_ms.max(fence_ms)))
}

/// Metadata key of the latest time fence (see `Store::fence_time`).
pub(crate) fn time_fence_key() -> Vec<u8> {
    keys::meta_key(MetaKind::Clock, "fence")
}

pub(crate) fn cf_of(db: &DB, cf: Cf) -> Result<&rocksdb::ColumnFamily, StoreError> {
    db.cf_handle(cf.name()).ok_or(StoreError::Closed)
}

/// Opens RocksDB with the store's column families (also used to reopen after a failure).
pub(crate) fn open_db(config: &StoreConfig, log_floor: &Arc<AtomicU64>) -> Result<DB, StoreError> {
    let mut opts = Options::default();
    opts.create_if_missing(true);
    opts.create_missing_column_families(true);
    opts.increase_parallelism(2);
    opts.set_max_background_jobs(2);
    // Bound the WAL so recovery after a crash stays quick.
    opts.set_max_total_wal_size(256 * 1024 * 1024);
    if config.wal_keep_mb > 0 {
        // Obsolete WAL files move to archive/ and stay until they pass this size in all.
        opts.set_wal_size_limit_mb(config.wal_keep_mb);
    }
    let cfs = Cf::ALL
        .iter()
        .map(|cf| ColumnFamilyDescriptor::new(cf.name(), cf.options(log_floor)));
    Ok(DB::open_cf_descriptors(
        &opts,
        config.data_dir.join("rocksdb"),
        cfs,
    )?)
}

/// The database handle, swapped by the writer on reopen and taken by `close`.
pub(crate) type DbSlot = RwLock<Option<Arc<DB>>>;

/// Waits until `db` is the only handle left (readers finish within a read), for at most
/// `patience`. Returns the handle back if others still hold it.
pub(crate) fn into_sole(db: Arc<DB>, patience: Duration) -> Result<DB, Arc<DB>> {
    let started = Instant::now();
    let mut db = db;
    loop {
        match Arc::try_unwrap(db) {
            Ok(sole) => return Ok(sole),
            Err(shared) if started.elapsed() >= patience => return Err(shared),
            Err(shared) => {
                db = shared;
                // Readers hold a clone only for the length of one read, and this runs only at
                // close or reopen: yielding until they let go costs less than a notification
                // on every read.
                std::thread::yield_now();
            }
        }
    }
}

pub(crate) struct Inner {
    pub(crate) slot: Arc<DbSlot>,
    pub(crate) backlog: Arc<AtomicUsize>,
    tx: Sender<Command>,
    writer: Mutex<Option<JoinHandle<()>>>,
    pub(crate) queues: Arc<QueueTable>,
    listener: Arc<OnceLock<AppendListener>>,
    pub(crate) config: StoreConfig,
    /// Log offsets below this were removed by retention (see `cf_options`).
    pub(crate) log_floor: Arc<AtomicU64>,
    pub(crate) health: Arc<HealthCell>,
    /// Queue entries found naming a record that is gone (see `Store::note_missing_record`).
    pub(crate) missing_records: AtomicU64,
    /// Woken after every write of the writer.
    pub(crate) written: Arc<tokio::sync::Notify>,
    /// The writer's latest writes, for slaves (see `replica`).
    pub(crate) tail: Arc<crate::replica::ReplicaTail>,
    /// Set while a slave serves its dead master's queues (see `handback`).
    pub(crate) consumption_only: std::sync::atomic::AtomicBool,
}

impl Inner {
    /// Stops the writer after it wrote what was submitted, then closes RocksDB (its background
    /// threads stop before this returns). Idempotent.
    fn shut_down(&self) {
        let _ = self.tx.send(Command::Shutdown);
        if let Some(handle) = self.writer.lock().take() {
            let _ = handle.join();
        }
        let Some(db) = self.slot.write().take() else {
            return;
        };
        match into_sole(db, Duration::from_secs(10)) {
            Ok(db) => {
                db.cancel_all_background_work(true);
                drop(db);
            }
            Err(_) => tracing::warn!("A reader still holds the database; it closes when done."),
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// A cheap, cloneable handle to the store. The last handle dropped closes the store as
/// [`Store::close`] does.
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("data_dir", &self.inner.config.data_dir)
            .finish()
    }
}

impl Store {
    /// Opens (or creates) the store and starts its writer thread.
    pub fn open(config: StoreConfig) -> Result<Self, StoreError> {
        std::fs::create_dir_all(&config.data_dir).map_err(StoreError::Spawn)?;
        // Raised to the first kept log offset on open and by every retention pass; index
        // compactions drop the entries below it.
        let log_floor = Arc::new(AtomicU64::new(0));
        let db = Arc::new(open_db(&config, &log_floor)?);
        let (first_log_offset, _) = log_bounds(&db)?;
        let (next_log_offset, last_store_time_ms) = write_position(&db)?;
        log_floor.store(first_log_offset, Ordering::Relaxed);
        tracing::info!(next_log_offset, dir = %config.data_dir.display(), "Store opened.");

        let slot = Arc::new(RwLock::new(Some(db.clone())));
        let queues = Arc::new(QueueTable::default());
        let listener = Arc::new(OnceLock::new());
        let (tx, rx) = crossbeam_channel::unbounded();
        let backlog = Arc::new(AtomicUsize::new(0));
        let health = Arc::new(HealthCell::default());
        let written = Arc::new(tokio::sync::Notify::new());
        // Slaves that keep up read the master's writes from memory; enough for a few seconds
        // of writes at full speed, within what the WAL keeps anyway.
        let tail = Arc::new(crate::replica::ReplicaTail::new(
            usize::try_from(config.wal_keep_mb.min(64) * 1024 * 1024).unwrap_or(usize::MAX),
        ));
        drop(db);
        let writer = Writer::new(
            slot.clone(),
            config.clone(),
            log_floor.clone(),
            backlog.clone(),
            queues.clone(),
            listener.clone(),
            health.clone(),
            (written.clone(), tail.clone()),
            (next_log_offset, last_store_time_ms),
        );
        let handle = std::thread::Builder::new()
            .name("apogee-store-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(StoreError::Spawn)?;
        Ok(Self {
            inner: Arc::new(Inner {
                slot,
                backlog,
                tx,
                writer: Mutex::new(Some(handle)),
                queues,
                listener,
                config,
                log_floor,
                health,
                missing_records: AtomicU64::new(0),
                written,
                tail,
                consumption_only: std::sync::atomic::AtomicBool::new(false),
            }),
        })
    }

    pub fn config(&self) -> &StoreConfig {
        &self.inner.config
    }

    /// The database for one read (or a write outside the writer that orders nothing).
    pub(crate) fn db(&self) -> Result<Arc<DB>, StoreError> {
        self.inner.slot.read().clone().ok_or_else(|| {
            match self.inner.health.degraded() {
                // Only while the writer swaps the handle after a failure.
                Some(d) => d.error(),
                None => StoreError::Closed,
            }
        })
    }

    /// Whether the store can write, and if not why.
    pub fn health(&self) -> StoreHealth {
        self.inner.health.get()
    }

    /// Why new messages are refused for space, if they are: the disk holding the data
    /// directory has less than `min_free_bytes` free (looked up now: one `statvfs`). Not a
    /// failure of the store (consumption state is still written), but a server that takes no
    /// sends should not get new traffic.
    pub fn below_free_reserve(&self) -> Option<String> {
        let min_free = self.inner.config.min_free_bytes;
        let free = crate::health::free_bytes(&self.inner.config.data_dir)?;
        (min_free > 0 && free < min_free)
            .then(|| format!("{free} bytes free, below store.min_free_bytes = {min_free}"))
    }

    /// Records below `first_kept` are gone: index compactions may drop their entries.
    pub(crate) fn raise_log_floor(&self, first_kept: u64) {
        self.inner
            .log_floor
            .fetch_max(first_kept, Ordering::Relaxed);
    }

    /// Registers the one callback told about queues that grew (long polling wakes on it).
    pub fn set_append_listener(&self, listener: AppendListener) {
        let _ = self.inner.listener.set(listener);
    }

    /// Submits a write; the receiver completes once it is durable per the flush mode
    /// (`durable`) or written to the WAL (consumption state). A request is written whole or
    /// not at all, and fails on its own: another request of the same batch cannot fail it.
    pub fn submit(
        &self,
        ops: Vec<WriteOp>,
        durable: bool,
    ) -> oneshot::Receiver<Result<Vec<Placement>, StoreError>> {
        let (reply, rx) = oneshot::channel();
        let records = start_records(&ops);
        let bytes = request_bytes(&ops, &records);
        self.inner.backlog.fetch_add(bytes, Ordering::AcqRel);
        let req = Request {
            ops,
            records,
            bytes,
            durable,
            sync: false,
            reply,
        };
        self.send_command(Command::Write(req));
        rx
    }

    /// Hands a command to the writer; a closed store answers it at once.
    pub(crate) fn send_command(&self, cmd: Command) {
        // Every write (messages, consumption state and metadata alike) passes here.
        if let Command::Write(req) = &cmd
            && let Some(refused) = self.refuse_while_read_only(&req.ops)
        {
            cmd.refuse(&self.inner.backlog, refused);
            return;
        }
        if let Err(crossbeam_channel::SendError(cmd)) = self.inner.tx.send(cmd) {
            cmd.refuse(&self.inner.backlog, StoreError::Closed);
        }
    }

    /// A store time that separates what is stored from what will be: every record and queue
    /// entry written before the returned time was stamped earlier, and every one written after
    /// is stamped at it or later (`now_ms` at the earliest). A new consumer group's `latest`
    /// start uses it, so it is exact to the message, whatever the clock's resolution.
    pub async fn fence_time(&self, now_ms: i64) -> Result<i64, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.send_command(Command::Fence { now_ms, reply });
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Bytes submitted but not yet written: the broker refuses sends while this is too large.
    pub fn write_backlog(&self) -> usize {
        self.inner.backlog.load(Ordering::Acquire)
    }

    /// Stops the writer after it has written everything already submitted, syncs the WAL and
    /// closes RocksDB. Later calls fail with [`StoreError::Closed`].
    pub fn close(&self) {
        self.inner.shut_down();
    }

    /// One past the last offset of a queue: the next message will get this offset.
    pub fn queue_end(&self, topic_id: u32, queue_id: u32) -> Result<u64, StoreError> {
        Ok(self
            .inner
            .queues
            .end_of(&*self.db()?, topic_id, queue_id)?
            .load(Ordering::Acquire))
    }

    /// Counts and logs a queue entry whose record is gone although retention did not remove
    /// the entry: data was lost. Callers skip the entry, loudly.
    pub fn note_missing_record(&self, topic_id: u32, queue_id: u32, offset: u64, log_offset: u64) {
        let n = self.inner.missing_records.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::error!(
            topic_id,
            queue_id,
            offset,
            log_offset,
            missing_so_far = n,
            "A queue entry names a commit-log record that is gone; the entry is skipped."
        );
    }

    /// Queue entries found naming a missing record since the store was opened.
    pub fn missing_records(&self) -> u64 {
        self.inner.missing_records.load(Ordering::Relaxed)
    }
}
