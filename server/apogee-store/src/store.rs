//! The store handle: opening, recovery, reads, metadata, and submitting writes to the writer.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use apogee_types::StoredMessage;
use bytes::Bytes;
use crossbeam_channel::Sender;
use parking_lot::{Mutex, RwLock};
use rocksdb::{ColumnFamilyDescriptor, DB, Direction, IteratorMode, Options, ReadOptions};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;

use crate::StoreError;
use crate::cf::Cf;
use crate::keys::{self, InvisibleKey, MetaKind, OffsetsEntry};
use crate::meta::{GroupRecord, TopicRecord};
use crate::record::{CqEntry, InvisibleValue, decode_message};
use crate::writer::{Command, Placement, Request, WriteOp, Writer, request_bytes, start_records};

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
}

impl StoreConfig {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            flush: FlushMode::Async,
            flush_interval: Duration::from_secs(1),
        }
    }
}

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

fn cf_of(db: &DB, cf: Cf) -> Result<&rocksdb::ColumnFamily, StoreError> {
    db.cf_handle(cf.name()).ok_or(StoreError::Closed)
}

struct Inner {
    db: Arc<DB>,
    backlog: Arc<std::sync::atomic::AtomicUsize>,
    tx: Sender<Command>,
    writer: Mutex<Option<JoinHandle<()>>>,
    queues: Arc<QueueTable>,
    listener: Arc<OnceLock<AppendListener>>,
    config: StoreConfig,
    /// Log offsets below this were removed by retention (see `cf_options`).
    log_floor: Arc<AtomicU64>,
}

/// A cheap, cloneable handle to the store.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
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
        let mut opts = Options::default();
        opts.create_if_missing(true);
        opts.create_missing_column_families(true);
        opts.increase_parallelism(2);
        opts.set_max_background_jobs(2);
        // Bound the WAL so recovery after a crash stays quick.
        opts.set_max_total_wal_size(256 * 1024 * 1024);
        // Raised to the first kept log offset on open and by every retention pass; index
        // compactions drop the entries below it.
        let log_floor = Arc::new(AtomicU64::new(0));
        let cfs = Cf::ALL
            .iter()
            .map(|cf| ColumnFamilyDescriptor::new(cf.name(), cf.options(&log_floor)));
        let db = Arc::new(DB::open_cf_descriptors(
            &opts,
            config.data_dir.join("rocksdb"),
            cfs,
        )?);

        let (first_log_offset, next_log_offset) = log_bounds(&db)?;
        let last_store_time_ms = match next_log_offset {
            0 => 0,
            n => match db.get_cf(cf_of(&db, Cf::CommitLog)?, keys::log_key(n - 1))? {
                Some(raw) => decode_message(n - 1, Bytes::from(raw))?.store_timestamp_ms,
                None => 0,
            },
        };
        log_floor.store(first_log_offset, Ordering::Relaxed);
        tracing::info!(next_log_offset, dir = %config.data_dir.display(), "Store opened.");

        let queues = Arc::new(QueueTable::default());
        let listener = Arc::new(OnceLock::new());
        let (tx, rx) = crossbeam_channel::unbounded();
        let backlog = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let writer = Writer {
            db: db.clone(),
            backlog: backlog.clone(),
            queues: queues.clone(),
            listener: listener.clone(),
            flush: config.flush,
            flush_interval: config.flush_interval,
            next_log_offset,
            last_store_time_ms,
        };
        let handle = std::thread::Builder::new()
            .name("apogee-store-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(StoreError::Spawn)?;
        Ok(Self {
            inner: Arc::new(Inner {
                db,
                backlog,
                tx,
                writer: Mutex::new(Some(handle)),
                queues,
                listener,
                config,
                log_floor,
            }),
        })
    }

    pub fn config(&self) -> &StoreConfig {
        &self.inner.config
    }

    pub(crate) fn db(&self) -> &DB {
        &self.inner.db
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
    /// (`durable`) or written to the WAL (consumption state).
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
            reply,
        };
        if let Err(crossbeam_channel::SendError(Command::Write(req))) =
            self.inner.tx.send(Command::Write(req))
        {
            self.inner.backlog.fetch_sub(req.bytes, Ordering::AcqRel);
            let _ = req.reply.send(Err(StoreError::Closed));
        }
        rx
    }

    /// Bytes submitted but not yet written: the broker refuses sends while this is too large.
    pub fn write_backlog(&self) -> usize {
        self.inner.backlog.load(Ordering::Acquire)
    }

    /// Stops the writer after it has written everything already submitted, and syncs the WAL.
    pub fn close(&self) {
        let _ = self.inner.tx.send(Command::Shutdown);
        if let Some(handle) = self.inner.writer.lock().take() {
            let _ = handle.join();
        }
    }

    /// One past the last offset of a queue: the next message will get this offset.
    pub fn queue_end(&self, topic_id: u32, queue_id: u32) -> Result<u64, StoreError> {
        Ok(self
            .inner
            .queues
            .end_of(&self.inner.db, topic_id, queue_id)?
            .load(Ordering::Acquire))
    }

    /// The oldest offset still kept in a queue (equal to the end when the queue is empty).
    pub fn queue_start(&self, topic_id: u32, queue_id: u32) -> Result<u64, StoreError> {
        let end = self.queue_end(topic_id, queue_id)?;
        let cf = cf_of(&self.inner.db, Cf::ConsumeQueue)?;
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(keys::cq_key(topic_id, queue_id, end).to_vec());
        let mut it = self.inner.db.raw_iterator_cf_opt(cf, opts);
        it.seek(keys::cq_key(topic_id, queue_id, 0));
        let start = match it.key().and_then(keys::decode_cq_key) {
            Some((t, q, off)) if t == topic_id && q == queue_id => off,
            _ => end,
        };
        it.status()?;
        Ok(start)
    }

    /// Reads up to `max` consume-queue entries from `from`, never past the published end.
    pub fn read_queue(
        &self,
        topic_id: u32,
        queue_id: u32,
        from: u64,
        max: usize,
    ) -> Result<Vec<(u64, CqEntry)>, StoreError> {
        let end = self.queue_end(topic_id, queue_id)?;
        if from >= end || max == 0 {
            return Ok(Vec::new());
        }
        let stop = end.min(from.saturating_add(max as u64));
        let cf = cf_of(&self.inner.db, Cf::ConsumeQueue)?;
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(keys::cq_key(topic_id, queue_id, stop).to_vec());
        let mut it = self.inner.db.raw_iterator_cf_opt(cf, opts);
        it.seek(keys::cq_key(topic_id, queue_id, from));
        let mut out = Vec::with_capacity((stop - from) as usize);
        while it.valid() {
            let (Some(k), Some(v)) = (it.key(), it.value()) else {
                break;
            };
            let (_, _, off) = keys::decode_cq_key(k)
                .ok_or_else(|| StoreError::Corrupt("consume queue key".into()))?;
            out.push((off, CqEntry::decode(v)?));
            it.next();
        }
        it.status()?;
        Ok(out)
    }

    /// Reads one consume-queue entry.
    pub fn read_entry(
        &self,
        topic_id: u32,
        queue_id: u32,
        offset: u64,
    ) -> Result<Option<CqEntry>, StoreError> {
        let cf = cf_of(&self.inner.db, Cf::ConsumeQueue)?;
        match self
            .inner
            .db
            .get_pinned_cf(cf, keys::cq_key(topic_id, queue_id, offset))?
        {
            Some(v) => Ok(Some(CqEntry::decode(&v)?)),
            None => Ok(None),
        }
    }

    /// Reads commit-log records; `None` where a record is gone (retention).
    pub fn read_messages(
        &self,
        log_offsets: &[u64],
    ) -> Result<Vec<Option<StoredMessage>>, StoreError> {
        let cf = cf_of(&self.inner.db, Cf::CommitLog)?;
        let keys: Vec<_> = log_offsets.iter().map(|o| keys::log_key(*o)).collect();
        let results = self.inner.db.batched_multi_get_cf(cf, &keys, false);
        results
            .into_iter()
            .zip(log_offsets)
            .map(|(r, off)| match r? {
                Some(v) => Ok(Some(decode_message(*off, Bytes::copy_from_slice(&v))?)),
                None => Ok(None),
            })
            .collect()
    }

    /// First offset of a queue whose entry was stored at or after `time_ms` (the end if none).
    pub fn offset_at_time(
        &self,
        topic_id: u32,
        queue_id: u32,
        time_ms: i64,
    ) -> Result<u64, StoreError> {
        let mut lo = self.queue_start(topic_id, queue_id)?;
        let mut hi = self.queue_end(topic_id, queue_id)?;
        let target = u64::try_from(time_ms).unwrap_or(0);
        // Store times are non-decreasing along a queue, so binary search applies.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.read_entry(topic_id, queue_id, mid)? {
                Some(e) if e.store_time_ms < target => lo = mid + 1,
                Some(_) => hi = mid,
                // A hole (retention raced us): search above it.
                None => lo = mid + 1,
            }
        }
        Ok(lo)
    }

    /// Every cursor and every finished-above-cursor mark of every consumer.
    pub fn load_offsets(&self) -> Result<Vec<(OffsetsEntry, u64)>, StoreError> {
        let cf = cf_of(&self.inner.db, Cf::Offsets)?;
        let mut out = Vec::new();
        for item in self.inner.db.iterator_cf(cf, IteratorMode::Start) {
            let (k, v) = item?;
            let key = keys::decode_offsets_key(&k)
                .ok_or_else(|| StoreError::Corrupt("offsets key".into()))?;
            let value = match key {
                OffsetsEntry::Cursor { .. } => u64::from_be_bytes(
                    <[u8; 8]>::try_from(&v[..])
                        .map_err(|_| StoreError::Corrupt("offset value".into()))?,
                ),
                OffsetsEntry::Done { .. } => 0,
            };
            out.push((key, value));
        }
        Ok(out)
    }

    /// Every in-flight delivery, in deadline order.
    pub fn load_invisible(&self) -> Result<Vec<(InvisibleKey, InvisibleValue)>, StoreError> {
        let cf = cf_of(&self.inner.db, Cf::Invisible)?;
        let mut out = Vec::new();
        for item in self.inner.db.iterator_cf(cf, IteratorMode::Start) {
            let (k, v) = item?;
            let key = InvisibleKey::decode(&k)
                .ok_or_else(|| StoreError::Corrupt("invisible key".into()))?;
            out.push((key, InvisibleValue::decode(&v)?));
        }
        Ok(out)
    }

    /// Log offsets of every stored copy of a message id (a resend stores a second copy).
    pub fn find_by_message_id(&self, message_id: &str) -> Result<Vec<u64>, StoreError> {
        let prefix = keys::msgid_prefix(message_id);
        self.scan_suffix_offsets(Cf::MsgIdIndex, &prefix, usize::MAX)
    }

    /// Log offsets of messages of a topic carrying `key`, stored in `[from_ms, to_ms]`.
    pub fn find_by_key(
        &self,
        topic_id: u32,
        key: &str,
        from_ms: u64,
        to_ms: u64,
        limit: usize,
    ) -> Result<Vec<u64>, StoreError> {
        let prefix = keys::message_key_prefix(topic_id, key);
        let cf = cf_of(&self.inner.db, Cf::KeyIndex)?;
        let mut lower = prefix.clone();
        lower.extend_from_slice(&from_ms.to_be_bytes());
        let mut upper = prefix.clone();
        upper.extend_from_slice(&to_ms.saturating_add(1).to_be_bytes());
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(upper);
        let mut out = Vec::new();
        for item in
            self.inner
                .db
                .iterator_cf_opt(cf, opts, IteratorMode::From(&lower, Direction::Forward))
        {
            let (k, _) = item?;
            if out.len() >= limit {
                break;
            }
            out.push(
                keys::decode_index_log_offset(&k)
                    .ok_or_else(|| StoreError::Corrupt("key index".into()))?,
            );
        }
        Ok(out)
    }

    fn scan_suffix_offsets(
        &self,
        cf: Cf,
        prefix: &[u8],
        limit: usize,
    ) -> Result<Vec<u64>, StoreError> {
        let handle = cf_of(&self.inner.db, cf)?;
        let mut opts = ReadOptions::default();
        if let Some(upper) = keys::prefix_upper_bound(prefix) {
            opts.set_iterate_upper_bound(upper);
        }
        let mut out = Vec::new();
        for item in self.inner.db.iterator_cf_opt(
            handle,
            opts,
            IteratorMode::From(prefix, Direction::Forward),
        ) {
            let (k, _) = item?;
            if out.len() >= limit {
                break;
            }
            if k.len() != prefix.len() + 8 {
                continue;
            }
            out.push(
                keys::decode_index_log_offset(&k)
                    .ok_or_else(|| StoreError::Corrupt("index".into()))?,
            );
        }
        Ok(out)
    }

    /// Every topic record.
    pub fn load_topics(&self) -> Result<Vec<TopicRecord>, StoreError> {
        self.load_meta(MetaKind::Topic)
    }

    /// Every group record.
    pub fn load_groups(&self) -> Result<Vec<GroupRecord>, StoreError> {
        self.load_meta(MetaKind::Group)
    }

    /// Creates or replaces a topic record (fsync'd: configuration must survive a crash).
    pub fn put_topic(&self, topic: &TopicRecord) -> Result<(), StoreError> {
        self.put_meta(MetaKind::Topic, &topic.name, topic)
    }

    /// Creates or replaces a group record (fsync'd).
    pub fn put_group(&self, group: &GroupRecord) -> Result<(), StoreError> {
        self.put_meta(MetaKind::Group, &group.name, group)
    }

    fn put_meta<T: Serialize>(
        &self,
        kind: MetaKind,
        name: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let cf = cf_of(&self.inner.db, Cf::Metadata)?;
        let mut opts = rocksdb::WriteOptions::default();
        opts.set_sync(true);
        self.inner.db.put_cf_opt(
            cf,
            keys::meta_key(kind, name),
            serde_json::to_vec(value)?,
            &opts,
        )?;
        Ok(())
    }

    fn load_meta<T: for<'de> Deserialize<'de>>(
        &self,
        kind: MetaKind,
    ) -> Result<Vec<T>, StoreError> {
        let cf = cf_of(&self.inner.db, Cf::Metadata)?;
        let prefix = [kind as u8];
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(vec![kind as u8 + 1]);
        let mut out = Vec::new();
        for item in
            self.inner
                .db
                .iterator_cf_opt(cf, opts, IteratorMode::From(&prefix, Direction::Forward))
        {
            let (_, v) = item?;
            out.push(serde_json::from_slice(&v)?);
        }
        Ok(out)
    }
}
