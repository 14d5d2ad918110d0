//! The topic table: names, ids, queue counts and accepted message types, loaded from the store
//! at start and changed only through [`Topics::create`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use apogee_store::{Store, TopicRecord};
use apogee_types::{MessageType, TopicName};

use crate::BrokerError;
use crate::registry::Registry;

/// A topic as the broker sees it.
#[derive(Debug)]
pub struct TopicMeta {
    pub id: u32,
    pub name: TopicName,
    pub queues: u32,
    pub accepts: Vec<MessageType>,
    pub system: bool,
    pub auto_created: bool,
    pub created_ms: i64,
    pub perm: Perm,
    /// 0: the broker's retention.
    pub retention_ms: u64,
    /// Round-robin cursor for non-FIFO sends.
    next_queue: AtomicU32,
}

impl TopicMeta {
    fn from_record(r: &TopicRecord) -> Result<Self, BrokerError> {
        let name = TopicName::system(r.name.clone())?;
        let accepts = r
            .message_types
            .iter()
            .filter_map(|t| MessageType::parse(t))
            .collect();
        Ok(Self {
            id: r.id,
            name,
            queues: r.queues.max(1),
            accepts,
            system: r.system,
            auto_created: r.auto_created,
            created_ms: r.created_ms,
            perm: Perm::parse(&r.perm).unwrap_or_default(),
            retention_ms: r.retention_ms,
            next_queue: AtomicU32::new(0),
        })
    }

    /// The record this topic is stored as.
    pub fn record(&self) -> TopicRecord {
        TopicRecord {
            id: self.id,
            name: self.name.as_str().to_owned(),
            queues: self.queues,
            message_types: self.accepts.iter().map(|t| t.as_str().to_owned()).collect(),
            created_ms: self.created_ms,
            system: self.system,
            auto_created: self.auto_created,
            perm: self.perm.as_str().to_owned(),
            retention_ms: self.retention_ms,
            deleted: false,
        }
    }

    /// A `%DLQ%<group>` topic: system-made, but clients may read it.
    pub fn is_dlq(&self) -> bool {
        self.name
            .as_str()
            .starts_with(apogee_types::names::DLQ_PREFIX)
    }

    pub fn accepts(&self, t: MessageType) -> bool {
        self.accepts.contains(&t)
    }

    /// Next queue for a send without a message group.
    pub fn round_robin_queue(&self) -> u32 {
        self.next_queue.fetch_add(1, Ordering::Relaxed) % self.queues
    }

    /// Queue of a message group: a stable hash, so one group always lands on one queue.
    pub fn queue_for_group(&self, message_group: &str) -> u32 {
        apogee_types::tag_hash(Some(message_group)) % self.queues
    }
}

/// Whether clients may send to and receive from a topic (RocketMQ's topic `perm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Perm {
    pub read: bool,
    pub write: bool,
}

impl Default for Perm {
    fn default() -> Self {
        Self {
            read: true,
            write: true,
        }
    }
}

impl Perm {
    /// `rw`, `r`, `w` or `-`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "rw" | "" => Some(Self::default()),
            "r" => Some(Self {
                read: true,
                write: false,
            }),
            "w" => Some(Self {
                read: false,
                write: true,
            }),
            "-" => Some(Self {
                read: false,
                write: false,
            }),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match (self.read, self.write) {
            (true, true) => "rw",
            (true, false) => "r",
            (false, true) => "w",
            (false, false) => "-",
        }
    }
}

/// What to create.
#[derive(Debug, Clone)]
pub struct TopicSpec {
    pub name: TopicName,
    pub queues: u32,
    pub accepts: Vec<MessageType>,
    pub system: bool,
    pub auto_created: bool,
}

#[derive(Debug)]
pub struct Topics {
    store: Store,
    registry: Registry<TopicMeta>,
    /// `broker.max_topics`: user topics held at most (retry and dead-letter topics aside).
    max_user_topics: usize,
    user_topics: std::sync::atomic::AtomicUsize,
}

/// Most queues a topic may have.
pub const MAX_QUEUES: u32 = 1024;

impl Topics {
    pub fn load(store: Store, max_user_topics: usize) -> Result<Self, BrokerError> {
        let records = store.load_topics()?;
        let mut loaded = Vec::with_capacity(records.len());
        let mut deleted_max = 0;
        for r in &records {
            if r.deleted {
                deleted_max = deleted_max.max(r.id);
                continue;
            }
            let meta = Arc::new(TopicMeta::from_record(r)?);
            loaded.push((r.name.clone(), meta.id, meta));
        }
        let user_topics = records.iter().filter(|r| !r.system && !r.deleted).count();
        Ok(Self {
            store,
            registry: Registry::with_id_floor(loaded, deleted_max),
            max_user_topics,
            user_topics: user_topics.into(),
        })
    }

    pub fn get(&self, name: &str) -> Option<Arc<TopicMeta>> {
        self.registry.get(name)
    }

    pub fn by_id(&self, id: u32) -> Option<Arc<TopicMeta>> {
        self.registry.by_id(id)
    }

    /// Every topic, sorted by name.
    pub fn list(&self) -> Vec<Arc<TopicMeta>> {
        self.registry.list()
    }

    /// Creates a topic; `AlreadyExists` if the name is taken.
    pub async fn create(
        &self,
        spec: TopicSpec,
        now_ms: i64,
    ) -> Result<Arc<TopicMeta>, BrokerError> {
        let _guard = self.registry.create_lock.lock().await;
        if self.get(spec.name.as_str()).is_some() {
            return Err(BrokerError::AlreadyExists(format!("topic {}", spec.name)));
        }
        self.insert(spec, now_ms).await
    }

    /// Returns the topic, creating it with `spec()` if it does not exist yet.
    pub async fn get_or_create(
        &self,
        name: &str,
        spec: impl FnOnce() -> TopicSpec,
        now_ms: i64,
    ) -> Result<Arc<TopicMeta>, BrokerError> {
        if let Some(t) = self.get(name) {
            return Ok(t);
        }
        let _guard = self.registry.create_lock.lock().await;
        if let Some(t) = self.get(name) {
            return Ok(t);
        }
        self.insert(spec(), now_ms).await
    }

    /// Replaces a topic's record (store first, then memory) under the creation lock, with
    /// `also` written in the same batch. `change` gets the current record.
    pub(crate) async fn rewrite(
        &self,
        name: &str,
        change: impl FnOnce(
            &TopicMeta,
        ) -> Result<(TopicRecord, Vec<apogee_store::WriteOp>), BrokerError>,
    ) -> Result<Option<Arc<TopicMeta>>, BrokerError> {
        let _guard = self.registry.create_lock.lock().await;
        let current = self
            .get(name)
            .ok_or_else(|| BrokerError::TopicNotFound(name.to_owned()))?;
        let (record, also) = change(&current)?;
        let store = self.store.clone();
        let to_write = record.clone();
        tokio::task::spawn_blocking(move || store.put_topic_with(&to_write, also))
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        if record.deleted {
            self.registry.remove(name, record.id);
            if !record.system {
                self.user_topics.fetch_sub(1, Ordering::Relaxed);
            }
            return Ok(None);
        }
        let meta = Arc::new(TopicMeta::from_record(&record)?);
        self.registry
            .insert(record.name.clone(), meta.id, meta.clone());
        Ok(Some(meta))
    }

    async fn insert(&self, spec: TopicSpec, now_ms: i64) -> Result<Arc<TopicMeta>, BrokerError> {
        if spec.queues == 0 || spec.queues > MAX_QUEUES {
            return Err(BrokerError::InvalidArgument(format!(
                "queue count {} is out of range [1, {MAX_QUEUES}]",
                spec.queues
            )));
        }
        if spec.accepts.is_empty() {
            return Err(BrokerError::InvalidArgument(
                "a topic must accept a message type".into(),
            ));
        }
        // Counted under the creation lock, so concurrent creations cannot pass the limit.
        if !spec.system && self.user_topics.load(Ordering::Relaxed) >= self.max_user_topics {
            return Err(BrokerError::LimitReached {
                kind: "topic",
                max: self.max_user_topics,
            });
        }
        let record = TopicRecord {
            id: self.registry.next_id(),
            name: spec.name.as_str().to_owned(),
            queues: spec.queues,
            message_types: spec.accepts.iter().map(|t| t.as_str().to_owned()).collect(),
            created_ms: now_ms,
            system: spec.system,
            auto_created: spec.auto_created,
            ..TopicRecord::default()
        };
        let store = self.store.clone();
        let to_write = record.clone();
        tokio::task::spawn_blocking(move || store.put_topic(&to_write))
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        let meta = Arc::new(TopicMeta::from_record(&record)?);
        self.registry
            .insert(record.name.clone(), meta.id, meta.clone());
        if !meta.system {
            self.user_topics.fetch_add(1, Ordering::Relaxed);
        }
        tracing::info!(topic = %meta.name, id = meta.id, queues = meta.queues, "Topic created.");
        Ok(meta)
    }
}
