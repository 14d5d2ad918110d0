//! Consumer groups: their configuration (start position, retry topic) and their consumption
//! state (per-queue cursors and in-flight deliveries), restored from the store at start.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use apogee_store::{CqEntry, GroupRecord, Store};
use apogee_types::{GroupName, MessageType, TopicName};
use parking_lot::{Mutex, RwLock};

use crate::BrokerError;
use crate::config::StartPolicy;
use crate::topics::{TopicMeta, TopicSpec, Topics};

/// One delivery that is waiting for an ack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inflight {
    pub deadline_ms: u64,
    pub attempt: u32,
    pub nonce: u32,
    pub entry: CqEntry,
}

/// Position of a consume-queue entry: (topic id, queue id, offset).
pub(crate) type EntryPos = (u32, u32, u64);

#[derive(Debug, Default)]
pub(crate) struct GroupState {
    /// Next offset to hand out, per (topic id, queue id).
    pub cursors: HashMap<(u32, u32), u64>,
    pub inflight: HashMap<EntryPos, Inflight>,
    /// Rotates the first queue a pop looks at, so consumers spread over queues.
    pub rotation: u32,
}

/// How a group starts, as given to `CreateGroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupStart {
    Policy(StartPolicy),
    /// The first message stored at or after this time (ms since the epoch).
    Timestamp(i64),
}

/// What to create.
#[derive(Debug, Clone)]
pub struct GroupSpec {
    pub name: GroupName,
    pub start: GroupStart,
    pub fifo: bool,
    pub max_attempts: u32,
}

#[derive(Debug)]
pub struct Group {
    pub id: u32,
    pub name: GroupName,
    pub retry_topic: Arc<TopicMeta>,
    record: RwLock<GroupRecord>,
    pub(crate) state: Mutex<GroupState>,
}

impl Group {
    pub fn record(&self) -> GroupRecord {
        self.record.read().clone()
    }

    /// Where this group starts on a queue it has never read (ms since the epoch; 0 = earliest).
    pub fn start_ms(&self) -> i64 {
        self.record.read().start_ms
    }

    /// Number of deliveries waiting for an ack.
    pub fn inflight_count(&self) -> usize {
        self.state.lock().inflight.len()
    }
}

#[derive(Debug)]
pub struct Groups {
    store: Store,
    by_name: RwLock<HashMap<String, Arc<Group>>>,
    by_id: RwLock<HashMap<u32, Arc<Group>>>,
    create_lock: tokio::sync::Mutex<()>,
    next_id: AtomicU32,
}

impl Groups {
    /// Loads group records; consumption state is restored separately by the broker.
    pub(crate) fn load(store: Store, topics: &Topics) -> Result<Self, BrokerError> {
        let mut by_name = HashMap::new();
        let mut by_id = HashMap::new();
        let mut max_id = 0;
        for r in store.load_groups()? {
            let retry_topic = topics.by_id(r.retry_topic_id).ok_or_else(|| {
                BrokerError::Store(apogee_store::StoreError::Corrupt(format!(
                    "group {} names retry topic {} which does not exist",
                    r.name, r.retry_topic_id
                )))
            })?;
            let group = Arc::new(Group {
                id: r.id,
                name: GroupName::new(&r.name)?,
                retry_topic,
                record: RwLock::new(r.clone()),
                state: Mutex::new(GroupState::default()),
            });
            max_id = max_id.max(r.id);
            by_name.insert(r.name.clone(), group.clone());
            by_id.insert(r.id, group);
        }
        Ok(Self {
            store,
            by_name: RwLock::new(by_name),
            by_id: RwLock::new(by_id),
            create_lock: tokio::sync::Mutex::new(()),
            next_id: AtomicU32::new(max_id + 1),
        })
    }

    pub fn get(&self, name: &str) -> Option<Arc<Group>> {
        self.by_name.read().get(name).cloned()
    }

    pub fn by_id(&self, id: u32) -> Option<Arc<Group>> {
        self.by_id.read().get(&id).cloned()
    }

    pub fn list(&self) -> Vec<Arc<Group>> {
        let mut all: Vec<_> = self.by_name.read().values().cloned().collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    /// Creates a group; `AlreadyExists` if the name is taken.
    pub(crate) async fn create(
        &self,
        spec: GroupSpec,
        topics: &Topics,
        now_ms: i64,
    ) -> Result<Arc<Group>, BrokerError> {
        let _guard = self.create_lock.lock().await;
        if self.get(spec.name.as_str()).is_some() {
            return Err(BrokerError::AlreadyExists(format!("group {}", spec.name)));
        }
        self.insert(spec, topics, now_ms).await
    }

    /// Returns the group, creating it with `spec()` if it is new.
    pub(crate) async fn get_or_create(
        &self,
        name: &GroupName,
        spec: impl FnOnce() -> GroupSpec,
        topics: &Topics,
        now_ms: i64,
    ) -> Result<Arc<Group>, BrokerError> {
        if let Some(g) = self.get(name.as_str()) {
            return Ok(g);
        }
        let _guard = self.create_lock.lock().await;
        if let Some(g) = self.get(name.as_str()) {
            return Ok(g);
        }
        self.insert(spec(), topics, now_ms).await
    }

    async fn insert(
        &self,
        spec: GroupSpec,
        topics: &Topics,
        now_ms: i64,
    ) -> Result<Arc<Group>, BrokerError> {
        let retry_name = TopicName::retry_of(&spec.name);
        // A retry topic left by a deleted group of the same name is reused.
        let retry_topic = topics
            .get_or_create(
                retry_name.as_str(),
                || TopicSpec {
                    name: retry_name.clone(),
                    queues: 1,
                    accepts: MessageType::ALL.to_vec(),
                    system: true,
                    auto_created: false,
                },
                now_ms,
            )
            .await?;
        let (start_ms, start_policy) = match spec.start {
            GroupStart::Policy(StartPolicy::Earliest) => (0, "earliest"),
            GroupStart::Policy(StartPolicy::Latest) => (now_ms, "latest"),
            GroupStart::Timestamp(ts) => (ts.max(0), "timestamp"),
        };
        let record = GroupRecord {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            name: spec.name.as_str().to_owned(),
            created_ms: now_ms,
            start_ms,
            start_policy: start_policy.to_owned(),
            fifo: spec.fifo,
            max_attempts: spec.max_attempts,
            retry_topic_id: retry_topic.id,
        };
        let store = self.store.clone();
        let to_write = record.clone();
        tokio::task::spawn_blocking(move || store.put_group(&to_write))
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        let group = Arc::new(Group {
            id: record.id,
            name: spec.name,
            retry_topic,
            record: RwLock::new(record),
            state: Mutex::new(GroupState::default()),
        });
        self.by_name
            .write()
            .insert(group.name.as_str().to_owned(), group.clone());
        self.by_id.write().insert(group.id, group.clone());
        tracing::info!(group = %group.name, id = group.id, start = start_policy, "Consumer group created.");
        Ok(group)
    }
}
