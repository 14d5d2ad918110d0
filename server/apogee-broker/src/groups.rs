//! Consumer groups: configuration (start position, ordering, broadcasting, retry policy, retry
//! topic) and consumption state, which the `consume` module works on.

use std::sync::Arc;
use std::time::Duration;

use apogee_store::{GroupRecord, Store};
use apogee_types::{GroupName, MessageType, TopicName};
use parking_lot::{Mutex, RwLock};

use crate::BrokerError;
use crate::config::StartPolicy;
use crate::consume::GroupState;
use crate::registry::Registry;
use crate::topics::{TopicMeta, TopicSpec, Topics};

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
    pub broadcast: bool,
    pub max_attempts: u32,
    /// Empty: the broker's default levels.
    pub retry_backoff: Vec<Duration>,
}

/// Changes to a group's settings; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct GroupUpdate {
    pub fifo: Option<bool>,
    pub broadcast: Option<bool>,
    pub max_attempts: Option<u32>,
    pub retry_backoff: Option<Vec<Duration>>,
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

    pub fn is_fifo(&self) -> bool {
        self.record.read().fifo
    }

    pub fn is_broadcast(&self) -> bool {
        self.record.read().broadcast
    }

    /// Delivers in place and in order (FIFO), or per instance (broadcast): such groups redeliver
    /// a message at its own position instead of through the retry queue.
    pub(crate) fn in_place(&self) -> bool {
        let r = self.record.read();
        r.fifo || r.broadcast
    }

    pub fn max_attempts(&self) -> u32 {
        self.record.read().max_attempts.max(1)
    }

    /// The group's back-off levels: its own, or `default_levels` when it has none.
    pub fn backoff_levels(&self, default_levels: &[Duration]) -> Vec<Duration> {
        let r = self.record.read();
        if r.retry_backoff_ms.is_empty() {
            default_levels.to_vec()
        } else {
            r.retry_backoff_ms
                .iter()
                .map(|ms| Duration::from_millis(*ms))
                .collect()
        }
    }

    /// The back-off before redelivering a message that has been delivered `attempt` times
    /// (the last level repeats).
    pub fn backoff(&self, attempt: u32, default_levels: &[Duration]) -> Duration {
        let levels = self.backoff_levels(default_levels);
        let i = (attempt.max(1) as usize - 1).min(levels.len().saturating_sub(1));
        levels.get(i).copied().unwrap_or_default()
    }

    /// Deliveries waiting for an ack, over every instance.
    pub fn inflight_count(&self) -> usize {
        self.state.lock().inflight_count()
    }
}

#[derive(Debug)]
pub struct Groups {
    store: Store,
    registry: Registry<Group>,
    /// `broker.max_groups`.
    max_groups: usize,
}

/// Longest back-off level a group may set (RocketMQ's longest default level is 2 h).
pub const MAX_BACKOFF: Duration = Duration::from_secs(24 * 3600);

fn backoff_ms(levels: &[Duration]) -> Result<Vec<u64>, BrokerError> {
    levels
        .iter()
        .map(|d| {
            if *d > MAX_BACKOFF {
                return Err(BrokerError::InvalidArgument(format!(
                    "retry back-off level {} is longer than the longest allowed, {}",
                    humantime::format_duration(*d),
                    humantime::format_duration(MAX_BACKOFF)
                )));
            }
            Ok(d.as_millis() as u64)
        })
        .collect()
}

impl Groups {
    /// Loads group records; consumption state is restored separately by the broker.
    pub(crate) fn load(
        store: Store,
        topics: &Topics,
        max_groups: usize,
    ) -> Result<Self, BrokerError> {
        let mut loaded = Vec::new();
        let mut deleted_max = 0;
        for r in store.load_groups()? {
            if r.deleted {
                deleted_max = deleted_max.max(r.id);
                continue;
            }
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
            loaded.push((r.name.clone(), r.id, group));
        }
        Ok(Self {
            store,
            registry: Registry::with_id_floor(loaded, deleted_max),
            max_groups,
        })
    }

    pub fn get(&self, name: &str) -> Option<Arc<Group>> {
        self.registry.get(name)
    }

    pub fn by_id(&self, id: u32) -> Option<Arc<Group>> {
        self.registry.by_id(id)
    }

    /// Every group, sorted by name.
    pub fn list(&self) -> Vec<Arc<Group>> {
        self.registry.list()
    }

    /// Creates a group; `AlreadyExists` if the name is taken.
    pub(crate) async fn create(
        &self,
        spec: GroupSpec,
        topics: &Topics,
        now_ms: i64,
    ) -> Result<Arc<Group>, BrokerError> {
        let _guard = self.registry.create_lock.lock().await;
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
        let _guard = self.registry.create_lock.lock().await;
        if let Some(g) = self.get(name.as_str()) {
            return Ok(g);
        }
        self.insert(spec(), topics, now_ms).await
    }

    /// Changes a group's settings and stores them.
    pub(crate) async fn update(
        &self,
        name: &str,
        update: GroupUpdate,
    ) -> Result<Arc<Group>, BrokerError> {
        let _guard = self.registry.create_lock.lock().await;
        let group = self
            .get(name)
            .ok_or_else(|| BrokerError::GroupNotFound(name.to_owned()))?;
        let mut record = group.record();
        if let Some(f) = update.fifo {
            record.fifo = f;
        }
        if let Some(b) = update.broadcast {
            record.broadcast = b;
        }
        if let Some(m) = update.max_attempts {
            record.max_attempts = validate_attempts(m)?;
        }
        if let Some(levels) = update.retry_backoff {
            record.retry_backoff_ms = backoff_ms(&levels)?;
        }
        self.persist(record.clone()).await?;
        *group.record.write() = record;
        Ok(group)
    }

    /// Deletes a group: its record becomes a tombstone (the id is never reused) and it leaves
    /// the registry. `check` runs under the lock, with the group, and may refuse.
    pub(crate) async fn delete(
        &self,
        name: &str,
        check: impl FnOnce(&Group) -> Result<(), BrokerError>,
    ) -> Result<(), BrokerError> {
        let _guard = self.registry.create_lock.lock().await;
        let group = self
            .get(name)
            .ok_or_else(|| BrokerError::GroupNotFound(name.to_owned()))?;
        check(&group)?;
        let mut record = group.record();
        record.deleted = true;
        self.persist(record).await?;
        self.registry.remove(name, group.id);
        Ok(())
    }

    async fn persist(&self, record: GroupRecord) -> Result<(), BrokerError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.put_group(&record))
            .await
            .map_err(|_| BrokerError::ShuttingDown)??;
        Ok(())
    }

    async fn insert(
        &self,
        spec: GroupSpec,
        topics: &Topics,
        now_ms: i64,
    ) -> Result<Arc<Group>, BrokerError> {
        // Checked under the creation lock, so concurrent creations cannot pass the limit.
        if self.registry.len() >= self.max_groups {
            return Err(BrokerError::LimitReached {
                kind: "group",
                max: self.max_groups,
            });
        }
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
            // Exact to the message: everything stored so far is older than the fence, and
            // everything stored from now on is not (a clock tick can hold many messages).
            GroupStart::Policy(StartPolicy::Latest) => {
                (self.store.fence_time(now_ms).await?, "latest")
            }
            GroupStart::Timestamp(ts) => (ts.max(0), "timestamp"),
        };
        let record = GroupRecord {
            id: self.registry.next_id(),
            name: spec.name.as_str().to_owned(),
            created_ms: now_ms,
            start_ms,
            start_policy: start_policy.to_owned(),
            fifo: spec.fifo,
            broadcast: spec.broadcast,
            max_attempts: validate_attempts(spec.max_attempts)?,
            retry_backoff_ms: backoff_ms(&spec.retry_backoff)?,
            retry_topic_id: retry_topic.id,
            deleted: false,
        };
        self.persist(record.clone()).await?;
        let group = Arc::new(Group {
            id: record.id,
            name: spec.name,
            retry_topic,
            record: RwLock::new(record),
            state: Mutex::new(GroupState::default()),
        });
        self.registry
            .insert(group.name.as_str().to_owned(), group.id, group.clone());
        tracing::info!(group = %group.name, id = group.id, start = start_policy, "Consumer group created.");
        Ok(group)
    }
}

/// Most deliveries a group may allow one message.
pub const MAX_ATTEMPTS: u32 = 1000;

fn validate_attempts(n: u32) -> Result<u32, BrokerError> {
    if n == 0 || n > MAX_ATTEMPTS {
        return Err(BrokerError::InvalidArgument(format!(
            "max delivery attempts {n} is out of range [1, {MAX_ATTEMPTS}]"
        )));
    }
    Ok(n)
}
