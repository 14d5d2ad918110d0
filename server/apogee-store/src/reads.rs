//! Reads: queues, records, consumption state, indexes and metadata. Each takes the database
//! handle for the duration of one read; none of them order anything with the writer, except
//! that queue reads stop at the published end, so a reader never sees an offset that is not
//! stored yet.

use apogee_types::StoredMessage;
use bytes::Bytes;
use rocksdb::{Direction, IteratorMode, ReadOptions};
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::cf::Cf;
use crate::keys::{self, InvisibleKey, MetaKind, OffsetsEntry};
use crate::meta::{AclRecord, GroupRecord, TopicRecord, UserRecord};
use crate::ops::WriteOp;
use crate::record::{CqEntry, InvisibleValue, decode_message};
use crate::store::{Store, cf_of};
use crate::writer::{Command, Request};

impl Store {
    /// The oldest offset still kept in a queue (equal to the end when the queue is empty).
    pub fn queue_start(&self, topic_id: u32, queue_id: u32) -> Result<u64, StoreError> {
        let end = self.queue_end(topic_id, queue_id)?;
        let db = self.db()?;
        let cf = cf_of(&db, Cf::ConsumeQueue)?;
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(keys::cq_key(topic_id, queue_id, end).to_vec());
        let mut it = db.raw_iterator_cf_opt(cf, opts);
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
        let db = self.db()?;
        let cf = cf_of(&db, Cf::ConsumeQueue)?;
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(keys::cq_key(topic_id, queue_id, stop).to_vec());
        let mut it = db.raw_iterator_cf_opt(cf, opts);
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
        let db = self.db()?;
        let cf = cf_of(&db, Cf::ConsumeQueue)?;
        match db.get_pinned_cf(cf, keys::cq_key(topic_id, queue_id, offset))? {
            Some(v) => Ok(Some(CqEntry::decode(&v)?)),
            None => Ok(None),
        }
    }

    /// Reads commit-log records; `None` where a record is gone (retention).
    pub fn read_messages(
        &self,
        log_offsets: &[u64],
    ) -> Result<Vec<Option<StoredMessage>>, StoreError> {
        let db = self.db()?;
        let cf = cf_of(&db, Cf::CommitLog)?;
        let keys: Vec<_> = log_offsets.iter().map(|o| keys::log_key(*o)).collect();
        let results = db.batched_multi_get_cf(cf, &keys, false);
        results
            .into_iter()
            .zip(log_offsets)
            .map(|(r, off)| match r? {
                Some(v) => Ok(Some(decode_message(*off, Bytes::copy_from_slice(&v))?)),
                None => Ok(None),
            })
            .collect()
    }

    /// Reads the records of queue entries. An entry whose record is gone while the entry is
    /// still there was not removed by retention (which removes the entry first or with it):
    /// that is counted and logged as lost data, and the entry is skipped like a trimmed one.
    pub fn read_entries(
        &self,
        topic_id: u32,
        queue_id: u32,
        entries: &[(u64, CqEntry)],
    ) -> Result<Vec<Option<StoredMessage>>, StoreError> {
        let logs: Vec<u64> = entries.iter().map(|(_, e)| e.log_offset).collect();
        let mut records = self.read_messages(&logs)?;
        for ((offset, entry), record) in entries.iter().zip(&mut records) {
            if record.is_none() && self.read_entry(topic_id, queue_id, *offset)?.is_some() {
                self.note_missing_record(topic_id, queue_id, *offset, entry.log_offset);
            }
        }
        Ok(records)
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
        let db = self.db()?;
        let cf = cf_of(&db, Cf::Offsets)?;
        let mut out = Vec::new();
        for item in db.iterator_cf(cf, IteratorMode::Start) {
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
        let db = self.db()?;
        let cf = cf_of(&db, Cf::Invisible)?;
        let mut out = Vec::new();
        for item in db.iterator_cf(cf, IteratorMode::Start) {
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
        let db = self.db()?;
        let cf = cf_of(&db, Cf::KeyIndex)?;
        let mut lower = prefix.clone();
        lower.extend_from_slice(&from_ms.to_be_bytes());
        let mut upper = prefix.clone();
        upper.extend_from_slice(&to_ms.saturating_add(1).to_be_bytes());
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(upper);
        let mut out = Vec::new();
        for item in db.iterator_cf_opt(cf, opts, IteratorMode::From(&lower, Direction::Forward)) {
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
        let db = self.db()?;
        let handle = cf_of(&db, cf)?;
        let mut opts = ReadOptions::default();
        if let Some(upper) = keys::prefix_upper_bound(prefix) {
            opts.set_iterate_upper_bound(upper);
        }
        let mut out = Vec::new();
        for item in db.iterator_cf_opt(handle, opts, IteratorMode::From(prefix, Direction::Forward))
        {
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

    /// Replaces a topic record and applies `also` (queue ranges it drops) in the same
    /// fsync'd batch, so a reconfiguration lands whole or not at all.
    pub fn put_topic_with(
        &self,
        topic: &TopicRecord,
        also: Vec<WriteOp>,
    ) -> Result<(), StoreError> {
        let mut ops = vec![WriteOp::PutMeta {
            key: keys::meta_key(MetaKind::Topic, &topic.name),
            value: serde_json::to_vec(topic)?,
        }];
        ops.extend(also);
        self.write_meta_ops(ops)
    }

    /// Creates or replaces a group record (fsync'd).
    pub fn put_group(&self, group: &GroupRecord) -> Result<(), StoreError> {
        self.put_meta(MetaKind::Group, &group.name, group)
    }

    /// Every user of the access-control layer.
    pub fn load_users(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.load_meta(MetaKind::User)
    }

    /// Creates or replaces a user (fsync'd).
    pub fn put_user(&self, user: &UserRecord) -> Result<(), StoreError> {
        self.put_meta(MetaKind::User, &user.name, user)
    }

    /// Removes a user and its ACL in one write (fsync'd).
    pub fn delete_user(&self, name: &str) -> Result<(), StoreError> {
        self.write_meta_ops(vec![
            WriteOp::DeleteMeta {
                key: keys::meta_key(MetaKind::User, name),
            },
            WriteOp::DeleteMeta {
                key: keys::meta_key(MetaKind::Acl, name),
            },
        ])
    }

    /// Every ACL.
    pub fn load_acls(&self) -> Result<Vec<AclRecord>, StoreError> {
        self.load_meta(MetaKind::Acl)
    }

    /// Creates or replaces a user's ACL (fsync'd); an ACL without entries is removed.
    pub fn put_acl(&self, acl: &AclRecord) -> Result<(), StoreError> {
        if acl.entries.is_empty() {
            return self.write_meta_ops(vec![WriteOp::DeleteMeta {
                key: keys::meta_key(MetaKind::Acl, &acl.user),
            }]);
        }
        self.put_meta(MetaKind::Acl, &acl.user, acl)
    }

    /// A 32-byte server secret, created by `create` the first time it is asked for and kept
    /// (fsync'd) from then on.
    pub fn secret(
        &self,
        name: &str,
        create: impl FnOnce() -> [u8; 32],
    ) -> Result<[u8; 32], StoreError> {
        let key = keys::meta_key(MetaKind::Secret, name);
        let db = self.db()?;
        if let Some(v) = db.get_cf(cf_of(&db, Cf::Metadata)?, &key)? {
            return v
                .as_slice()
                .try_into()
                .map_err(|_| StoreError::Corrupt(format!("secret {name}")));
        }
        drop(db);
        let secret = create();
        self.write_meta(key, secret.to_vec())?;
        Ok(secret)
    }

    /// Metadata goes through the writer like everything else (ordered with it, and answered
    /// with the same errors when the disk is full), fsync'd whatever the flush mode.
    fn put_meta<T: Serialize>(
        &self,
        kind: MetaKind,
        name: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        self.write_meta(keys::meta_key(kind, name), serde_json::to_vec(value)?)
    }

    fn write_meta(&self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StoreError> {
        self.write_meta_ops(vec![WriteOp::PutMeta { key, value }])
    }

    fn write_meta_ops(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.send_command(Command::Write(Request {
            ops,
            records: Vec::new(),
            bytes: 0,
            durable: true,
            sync: true,
            reply,
        }));
        // A blocking call like every read here; callers run it off the async threads.
        futures::executor::block_on(rx).map_err(|_| StoreError::Closed)??;
        Ok(())
    }

    fn load_meta<T: for<'de> Deserialize<'de>>(
        &self,
        kind: MetaKind,
    ) -> Result<Vec<T>, StoreError> {
        let db = self.db()?;
        let cf = cf_of(&db, Cf::Metadata)?;
        let prefix = [kind as u8];
        let mut opts = ReadOptions::default();
        opts.set_iterate_upper_bound(vec![kind as u8 + 1]);
        let mut out = Vec::new();
        for item in db.iterator_cf_opt(cf, opts, IteratorMode::From(&prefix, Direction::Forward)) {
            let (_, v) = item?;
            out.push(serde_json::from_slice(&v)?);
        }
        Ok(out)
    }
}
