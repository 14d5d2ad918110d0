//! Apogee's message semantics, independent of any wire protocol: topics and groups, sends,
//! pop-style receives with invisibility, acks, retries with back-off through per-group retry
//! queues, FIFO and broadcasting consumption, dead-letter queues, pull offsets, rewinds and
//! retention.
//!
//! # Layout
//! - [`Broker`] (this file): construction, state recovery, shared helpers.
//! - `send`: message types against topics, queue choice, appends, producer flow control.
//! - `consume/`: receives, acks, expiry, client liveness (see its module docs).
//! - `offsets`: pull consumption, group offsets, rewinds. `dlq`: dead-letter topics.
//! - `timers`: delay and timer messages. `txn`: transactional messages and check-backs.
//! - `retention`: the background task that deletes what is older than the retention time.
//! - [`topics`], [`groups`]: tables loaded from the store.

mod clock;
pub mod config;
mod consume;
mod deadlines;
mod dlq;
mod error;
pub mod filter;
pub mod groups;
mod long_polls;
pub mod metrics;
mod offsets;
mod query;
mod reconfigure;
mod registry;
pub mod replication;
mod retention;
mod send;
mod timers;
pub mod topics;
pub mod traffic;
mod txn;

#[cfg(test)]
mod pop_tests;
#[cfg(test)]
mod schedule_tests;
#[cfg(test)]
mod test_support;
mod wakeups;

use std::collections::HashMap;
use std::sync::Arc;

use apogee_store::{InvisibleKey, OffsetsEntry, Store};
use apogee_types::{GroupName, HandleKey, MessageType, TopicName};
use parking_lot::Mutex;
use tokio::sync::Notify;

pub use clock::Clock;
pub use config::{BrokerConfig, StartPolicy};
pub use consume::ack::Presented;
pub use consume::client_hash;
pub use consume::receive::{Delivery, ReceiveRequest};
pub use dlq::DlqMessage;
pub use error::BrokerError;
pub use filter::{Filter, FilterError};
pub use groups::{Group, GroupSpec, GroupStart, GroupUpdate};
pub use offsets::{GroupQueueState, OffsetQuery, PullRequest, PullResult, QueueReset, ResetTarget};
pub use query::{DeliveryState, MessageReport, MessageStatus};
pub use reconfigure::TopicUpdate;
pub use replication::{ReplicationMode, SlaveSession, SlaveStatus};
pub use send::SendReceipt;
pub use topics::{Perm, TopicMeta, TopicSpec};
pub use traffic::TopicTraffic;
pub use txn::{Resolution, TransactionCheck, TransactionChecker};

use crate::consume::clients::Presence;
use crate::consume::{INSTANCE_START_KEY, Inflight};
use crate::groups::Groups;
use crate::long_polls::LongPolls;
use crate::topics::Topics;
use crate::wakeups::Wakeups;

/// The broker: one per process, shared by every RPC handler.
#[derive(Debug)]
pub struct Broker {
    config: BrokerConfig,
    store: Store,
    clock: Clock,
    topics: Topics,
    groups: Groups,
    wakeups: Arc<Wakeups>,
    /// Every in-flight entry by deadline; the reviver sleeps until the first.
    deadlines: deadlines::Deadlines,
    /// The secret receipt and recall handles are MAC'd with (kept in the store).
    handle_key: HandleKey,
    /// Clients known to be connected, by client-id hash.
    clients: Mutex<HashMap<u64, Presence>>,
    /// When long-gone clients were last forgotten (see `consume::clients`).
    clients_pruned_ms: std::sync::atomic::AtomicU64,
    /// Bounds on receives and pulls that wait.
    long_polls: LongPolls,
    /// Time up to which timers have fired; only the timer task (holding `timers_firing`)
    /// writes it.
    timers_fired_to: std::sync::atomic::AtomicU64,
    /// The earliest timer stored since the last firing pass began (`u64::MAX`: none): each
    /// delayed send lowers it without a lock, the next pass starts no later than it.
    timers_lowered_to: std::sync::atomic::AtomicU64,
    /// Held while timers fire and while one is recalled, so a recall never races a firing.
    /// Delayed sends do not take it.
    timers_firing: tokio::sync::Mutex<()>,
    timer_added: Notify,
    /// Half messages waiting for a decision, by transaction id.
    pending_txns: Mutex<HashMap<String, apogee_store::TxnValue>>,
    txn_added: Notify,
    txn_checker: txn::CheckerSlot,
    replicas: replication::Replicas,
    /// Woken when a topic is created, so the broker registers it with the nameservers at
    /// once rather than at its next heartbeat.
    topics_changed: Notify,
    /// Fired when the server starts shutting down: waiting receives and pulls answer at once.
    closing: tokio_util::sync::CancellationToken,
    /// Messages in and out per topic since start (`traffic()`).
    traffic: traffic::Traffic,
}

impl Broker {
    /// Loads topics, groups, cursors and in-flight deliveries from the store.
    pub fn open(config: BrokerConfig, store: Store) -> Result<Arc<Self>, BrokerError> {
        let clock = Clock::new();
        let topics = Topics::load(store.clone(), config.max_topics)?;
        let groups = Groups::load(store.clone(), &topics, config.max_groups)?;
        let wakeups = Arc::new(Wakeups::default());
        let handle_key =
            HandleKey::from_bytes(store.secret("handle-key", || HandleKey::random().bytes())?);
        let long_polls = LongPolls::new(config.max_long_polls, config.max_long_polls_per_client);
        let broker = Self {
            config,
            store: store.clone(),
            clock,
            topics,
            groups,
            wakeups: wakeups.clone(),
            deadlines: deadlines::Deadlines::default(),
            handle_key,
            clients: Mutex::new(HashMap::new()),
            clients_pruned_ms: std::sync::atomic::AtomicU64::new(0),
            long_polls,
            timers_fired_to: std::sync::atomic::AtomicU64::new(0),
            timers_lowered_to: std::sync::atomic::AtomicU64::new(u64::MAX),
            timers_firing: tokio::sync::Mutex::new(()),
            timer_added: Notify::new(),
            pending_txns: Mutex::new(HashMap::new()),
            txn_added: Notify::new(),
            topics_changed: Notify::new(),
            replicas: replication::Replicas::default(),
            txn_checker: txn::CheckerSlot::default(),
            closing: tokio_util::sync::CancellationToken::new(),
            traffic: traffic::Traffic::default(),
        };
        broker.restore_consumption()?;
        broker.restore_transactions()?;
        store.set_append_listener(Box::new(move |queues| {
            let mut last = None;
            for (topic_id, queue_id) in queues {
                if last != Some(*topic_id) {
                    wakeups.notify(*topic_id);
                    last = Some(*topic_id);
                }
                // A retry queue's id is the topic whose consumers read it.
                wakeups.notify_retry(*topic_id, *queue_id);
            }
        }));
        Ok(Arc::new(broker))
    }

    fn restore_consumption(&self) -> Result<(), BrokerError> {
        for (entry, value) in self.store.load_offsets()? {
            match entry {
                OffsetsEntry::Cursor {
                    view,
                    topic_id,
                    queue_id,
                } => {
                    let Some(g) = self.groups.by_id(view.group_id) else {
                        continue;
                    };
                    let mut st = g.state.lock();
                    let v = st.view(view.instance);
                    if (topic_id, queue_id) == INSTANCE_START_KEY {
                        v.start_ms = Some(i64::try_from(value).unwrap_or(0));
                    } else {
                        v.cursors.insert((topic_id, queue_id), value);
                    }
                }
                OffsetsEntry::Done {
                    view,
                    topic_id,
                    queue_id,
                    offset,
                } => {
                    if let Some(g) = self.groups.by_id(view.group_id) {
                        g.state
                            .lock()
                            .view(view.instance)
                            .done
                            .entry((topic_id, queue_id))
                            .or_default()
                            .insert(offset);
                    }
                }
            }
        }
        let mut restored = 0usize;
        for (key, value) in self.store.load_invisible()? {
            if let Some(g) = self.groups.by_id(key.view.group_id) {
                let pos = (key.topic_id, key.queue_id, key.queue_offset);
                g.state
                    .lock()
                    .view(key.view.instance)
                    .insert(pos, Inflight::from_stored(&key, &value));
            }
            // Entries of a deleted group are still indexed so the reviver removes them.
            self.deadlines.load(key);
            restored += 1;
        }
        for t in self.topics.list().iter().filter(|t| {
            t.system
                && t.name
                    .as_str()
                    .starts_with(apogee_types::names::RETRY_PREFIX)
        }) {
            self.wakeups.mark_retry_topic(t.id);
        }
        tracing::info!(in_flight = restored, "Consumption state restored.");
        Ok(())
    }

    /// Ends every waiting receive and pull now (they answer with what they have), so a server
    /// shutting down is not held by long polls.
    pub fn begin_shutdown(&self) {
        self.closing.cancel();
    }

    pub fn config(&self) -> &BrokerConfig {
        &self.config
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Messages in and out per topic since this broker started.
    pub fn traffic(&self) -> Vec<TopicTraffic> {
        self.traffic.snapshot()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn now_ms(&self) -> u64 {
        u64::try_from(self.clock.now_ms()).unwrap_or(0)
    }

    pub fn topic(&self, name: &str) -> Option<Arc<TopicMeta>> {
        self.topics.get(name)
    }

    pub fn topic_by_id(&self, id: u32) -> Option<Arc<TopicMeta>> {
        self.topics.by_id(id)
    }

    pub fn list_topics(&self) -> Vec<Arc<TopicMeta>> {
        self.topics.list()
    }

    pub fn group(&self, name: &str) -> Option<Arc<Group>> {
        self.groups.get(name)
    }

    pub fn list_groups(&self) -> Vec<Arc<Group>> {
        self.groups.list()
    }

    /// Creates a topic as an operator asked (fails if it exists).
    pub async fn create_topic(&self, spec: TopicSpec) -> Result<Arc<TopicMeta>, BrokerError> {
        if spec.name.is_system() {
            return Err(BrokerError::Name(apogee_types::NameError::Reserved {
                kind: "topic",
                name: spec.name.as_str().to_owned(),
            }));
        }
        let created = self.topics.create(spec, self.clock.now_ms()).await?;
        self.topics_changed.notify_one();
        Ok(created)
    }

    /// Completes when a topic was created since the last call (one waiter: registration).
    pub async fn topics_changed(&self) {
        self.topics_changed.notified().await;
    }

    /// The topic, created with every message type accepted if auto-creation is on.
    pub async fn topic_or_auto_create(
        &self,
        name: &TopicName,
    ) -> Result<Arc<TopicMeta>, BrokerError> {
        if let Some(t) = self.topics.get(name.as_str()) {
            return Ok(t);
        }
        if !self.config.auto_create_topics || name.is_system() {
            return Err(BrokerError::TopicNotFound(name.as_str().to_owned()));
        }
        let queues = self.config.default_queues;
        let created = self
            .topics
            .get_or_create(
                name.as_str(),
                || TopicSpec {
                    name: name.clone(),
                    queues,
                    accepts: MessageType::ALL.to_vec(),
                    system: false,
                    auto_created: true,
                },
                self.clock.now_ms(),
            )
            .await?;
        self.topics_changed.notify_one();
        Ok(created)
    }

    /// Creates a group as an operator asked (fails if it exists).
    pub async fn create_group(&self, spec: GroupSpec) -> Result<Arc<Group>, BrokerError> {
        let g = self
            .groups
            .create(spec, &self.topics, self.clock.now_ms())
            .await?;
        self.wakeups.mark_retry_topic(g.retry_topic.id);
        Ok(g)
    }

    /// Changes a group's settings.
    pub async fn update_group(
        &self,
        name: &str,
        update: GroupUpdate,
    ) -> Result<Arc<Group>, BrokerError> {
        if let Some(group) = self.groups.get(name) {
            let r = group.record();
            let mode_changes = update.fifo.is_some_and(|f| f != r.fifo)
                || update.broadcast.is_some_and(|b| b != r.broadcast);
            // Clustering, FIFO and broadcasting keep unfinished work in different places
            // (retry queue, in place, per instance): switching with work pending strands it.
            if mode_changes && self.has_unfinished_work(&group)? {
                return Err(BrokerError::FailedPrecondition(format!(
                    "group {name} has messages in flight or waiting for redelivery; \
                     switch FIFO or broadcasting when it has none (or reset its offsets first)"
                )));
            }
        }
        self.groups.update(name, update).await
    }

    /// Deliveries in flight, or redeliveries waiting in the group's retry queue.
    fn has_unfinished_work(&self, group: &Group) -> Result<bool, BrokerError> {
        let retry_id = group.retry_topic.id;
        let cursors: Vec<(u32, u64)> = {
            let state = group.state.lock();
            if state.inflight_count() > 0 {
                return Ok(true);
            }
            state
                .views
                .values()
                .flat_map(|v| v.cursors.iter())
                .filter(|((topic_id, _), _)| *topic_id == retry_id)
                .map(|((_, queue_id), offset)| (*queue_id, *offset))
                .collect()
        };
        for topic in self.topics.list() {
            let end = self.store.queue_end(retry_id, topic.id)?;
            let read = cursors
                .iter()
                .find(|(q, _)| *q == topic.id)
                .map_or(0, |(_, o)| *o);
            if end > read {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The group, created with the default start position if auto-creation is on. Called when
    /// a client first names the group (settings, heartbeat, receive), which fixes where a new
    /// group starts: messages sent after this call are never skipped.
    pub async fn group_or_auto_create(&self, name: &GroupName) -> Result<Arc<Group>, BrokerError> {
        if let Some(g) = self.groups.get(name.as_str()) {
            return Ok(g);
        }
        if !self.config.auto_create_groups {
            return Err(BrokerError::GroupNotFound(name.as_str().to_owned()));
        }
        let spec = GroupSpec {
            name: name.clone(),
            start: GroupStart::Policy(self.config.group_start),
            fifo: false,
            broadcast: false,
            max_attempts: self.config.max_delivery_attempts,
            retry_backoff: Vec::new(),
        };
        let g = self
            .groups
            .get_or_create(name, || spec, &self.topics, self.clock.now_ms())
            .await?;
        self.wakeups.mark_retry_topic(g.retry_topic.id);
        Ok(g)
    }

    /// Oldest kept and next offsets of a queue.
    pub fn queue_bounds(&self, topic_id: u32, queue_id: u32) -> Result<(u64, u64), BrokerError> {
        Ok((
            self.store.queue_start(topic_id, queue_id)?,
            self.store.queue_end(topic_id, queue_id)?,
        ))
    }

    /// A random nonce for a delivery (the handle's MAC covers it).
    fn next_nonce(&self) -> u32 {
        rand::random()
    }

    /// Indexes a deadline and wakes the reviver if it is the earliest.
    fn index_deadline(&self, key: InvisibleKey) {
        self.deadlines.insert(key);
    }

    fn unindex_deadline(&self, key: &InvisibleKey) {
        self.deadlines.remove(key);
    }
}
