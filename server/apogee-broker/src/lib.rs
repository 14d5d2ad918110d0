//! Apogee's message semantics, independent of any wire protocol: topics and groups, sends,
//! pop-style receives with invisibility, acks, and redelivery through per-group retry queues.
//!
//! # Layout
//! - [`Broker`] (this file): construction, state recovery, background tasks.
//! - `send`: validating message types against topics, choosing queues, appending.
//! - `receive`: long-polling pops that mark deliveries invisible until a deadline.
//! - `ack`: acks and invisibility changes, checked against the exact in-flight entry.
//! - `reviver`: moves deliveries whose deadline passed into the group's retry queue.
//! - [`topics`], [`groups`]: tables loaded from the store.
//!
//! # Consumption model
//! Each group keeps, per queue, a cursor (the next offset to hand out) and a set of in-flight
//! deliveries. A pop advances the cursor and records each delivery with its deadline; an ack
//! removes it. A delivery whose deadline passes is appended to `%RETRY%<group>` (queue id = the
//! original topic's id, pointing at the same commit-log record) with its attempt count, and is
//! popped from there by the next receive on that topic. Cursors and in-flight entries are kept
//! in the store, so a restart redelivers nothing that was acked and loses nothing in flight.

mod ack;
mod clock;
pub mod config;
mod error;
pub mod groups;
mod receive;
mod reviver;
mod send;
pub mod topics;
mod wakeups;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use apogee_store::{InvisibleKey, Store};
use apogee_types::{GroupName, MessageType, TopicName};
use parking_lot::Mutex;
use tokio::sync::Notify;

pub use clock::Clock;
pub use config::{BrokerConfig, StartPolicy};
pub use error::BrokerError;
pub use groups::{Group, GroupSpec, GroupStart};
pub use receive::{Delivery, ReceiveRequest};
pub use send::SendReceipt;
pub use topics::{TopicMeta, TopicSpec};

use crate::groups::{Groups, Inflight};
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
    /// Every in-flight delivery by deadline; the reviver sleeps until the first.
    deadlines: Mutex<BTreeSet<InvisibleKey>>,
    deadline_added: Notify,
    next_nonce: AtomicU32,
}

impl Broker {
    /// Loads topics, groups, cursors and in-flight deliveries from the store.
    pub fn open(config: BrokerConfig, store: Store) -> Result<Arc<Self>, BrokerError> {
        let clock = Clock::new();
        let topics = Topics::load(store.clone())?;
        let groups = Groups::load(store.clone(), &topics)?;
        let wakeups = Arc::new(Wakeups::default());
        let broker = Self {
            config,
            store: store.clone(),
            clock,
            topics,
            groups,
            wakeups: wakeups.clone(),
            deadlines: Mutex::new(BTreeSet::new()),
            deadline_added: Notify::new(),
            next_nonce: AtomicU32::new(clock.now_ms() as u32),
        };
        broker.restore_consumption()?;
        store.set_append_listener(Box::new(move |queues| {
            let mut last = None;
            for (topic_id, _) in queues {
                if last != Some(*topic_id) {
                    wakeups.notify(*topic_id);
                    last = Some(*topic_id);
                }
            }
        }));
        Ok(Arc::new(broker))
    }

    fn restore_consumption(&self) -> Result<(), BrokerError> {
        for ((group_id, topic_id, queue_id), offset) in self.store.load_offsets()? {
            if let Some(g) = self.groups.by_id(group_id) {
                g.state.lock().cursors.insert((topic_id, queue_id), offset);
            }
        }
        let mut deadlines = self.deadlines.lock();
        let mut restored = 0usize;
        for (key, value) in self.store.load_invisible()? {
            if let Some(g) = self.groups.by_id(key.group_id) {
                g.state.lock().inflight.insert(
                    (key.topic_id, key.queue_id, key.queue_offset),
                    Inflight {
                        deadline_ms: key.deadline_ms,
                        attempt: value.attempt,
                        nonce: value.nonce,
                        entry: value.entry,
                    },
                );
            }
            // Entries of a deleted group are still indexed so the reviver removes them.
            deadlines.insert(key);
            restored += 1;
        }
        tracing::info!(in_flight = restored, "Consumption state restored.");
        Ok(())
    }

    pub fn config(&self) -> &BrokerConfig {
        &self.config
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn store(&self) -> &Store {
        &self.store
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
        self.topics.create(spec, self.clock.now_ms()).await
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
        self.topics
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
            .await
    }

    /// Creates a group as an operator asked (fails if it exists).
    pub async fn create_group(&self, spec: GroupSpec) -> Result<Arc<Group>, BrokerError> {
        self.groups
            .create(spec, &self.topics, self.clock.now_ms())
            .await
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
            max_attempts: self.config.max_delivery_attempts,
        };
        self.groups
            .get_or_create(name, || spec, &self.topics, self.clock.now_ms())
            .await
    }

    /// Oldest kept and next offsets of a queue.
    pub fn queue_bounds(&self, topic_id: u32, queue_id: u32) -> Result<(u64, u64), BrokerError> {
        Ok((
            self.store.queue_start(topic_id, queue_id)?,
            self.store.queue_end(topic_id, queue_id)?,
        ))
    }

    fn next_nonce(&self) -> u32 {
        self.next_nonce.fetch_add(0x9E37_79B9, Ordering::Relaxed)
    }

    /// Indexes a new in-flight deadline and wakes the reviver if it is the earliest.
    fn index_deadline(&self, key: InvisibleKey) {
        let mut d = self.deadlines.lock();
        let earliest = d.first().is_none_or(|first| key < *first);
        d.insert(key);
        drop(d);
        if earliest {
            self.deadline_added.notify_one();
        }
    }

    fn unindex_deadline(&self, key: &InvisibleKey) {
        self.deadlines.lock().remove(key);
    }
}
