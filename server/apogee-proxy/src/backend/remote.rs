//! The broker calls of a proxy in a cluster, over `apogee.broker.v1`: each picks the broker
//! (by the handle a client presents, or spreading over the topic's brokers), forwards, and
//! turns the reply back into the domain types the handlers use. Queue-addressed and metadata
//! calls are in `remote_queues.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use apogee_broker::{BrokerError, Delivery, Presented, ReceiveRequest, Resolution, SendReceipt};
use apogee_proto::broker::v1 as bpb;
use apogee_proto::rocketmq::v2::Code;
use apogee_types::{GroupName, Message, TopicName};
use futures::future::join_all;
use tokio::time::Instant;

use super::cluster::{ClusterBackend, TopicView};
use super::handles::{unwrap, wrap};
use crate::RequestError;
use crate::broker_api::convert;

/// Turns a reply's outcome into a result: the broker's refusal is passed on as it came.
pub(crate) fn check(outcome: Option<&bpb::Outcome>) -> Result<(), RequestError> {
    match outcome {
        Some(o) if o.code == Code::Ok as i32 => Ok(()),
        Some(o) => Err(RequestError::Remote {
            code: o.code,
            message: o.message.clone(),
        }),
        None => Err(RequestError::Remote {
            code: Code::InternalServerError as i32,
            message: "a broker answered without an outcome".into(),
        }),
    }
}

pub(crate) fn unreachable(broker: &str, e: &tonic::Status) -> RequestError {
    RequestError::BrokerUnavailable(format!("broker {broker:?} did not answer: {}", e.message()))
}

/// Whether a failed call certainly did not reach the broker, so another broker may take it.
fn never_arrived(e: &tonic::Status) -> bool {
    e.code() == tonic::Code::Unavailable
}

pub(crate) fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A stable spread of FIFO message groups over brokers (FNV-1a).
fn group_hash(group: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in group.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as usize
}

fn stale_receipt(_: ()) -> RequestError {
    BrokerError::StaleReceiptHandle("it names no broker of this cluster").into()
}

impl ClusterBackend {
    pub async fn send(
        &self,
        topic: &TopicName,
        messages: Vec<Message>,
    ) -> Result<Vec<SendReceipt>, RequestError> {
        let view = self.route(topic, true).await?;
        let holding: Vec<&str> = view
            .placements
            .iter()
            .filter(|p| p.queues > 0)
            .map(|p| p.broker.as_str())
            .collect();
        // Not to a broker whose master is gone, by the route or by the newer broker list.
        let mut writable = Vec::with_capacity(holding.len());
        for p in view
            .placements
            .iter()
            .filter(|p| p.queues > 0 && p.writable)
        {
            if !self.is_read_only(&p.broker).await {
                writable.push(p.broker.as_str());
            }
        }
        if writable.is_empty() || view.system {
            return Err(BrokerError::TopicNotFound(topic.as_str().to_owned()).into());
        }
        // One FIFO group stays on one broker (whose own hashing keeps it on one queue). It is
        // hashed over every broker holding the topic, so a broker whose master is gone moves
        // only its own groups, to the others.
        let fifo = messages.first().and_then(|m| m.message_group.clone());
        let mut start = match fifo.as_deref() {
            Some(group) => {
                let home = holding[group_hash(group) % holding.len()];
                writable
                    .iter()
                    .position(|b| *b == home)
                    .unwrap_or(group_hash(group) % writable.len())
            }
            None => self.rotate(writable.len()) % writable.len(),
        };
        // A FIFO group waits for its broker; other sends pass over one known to be down.
        if fifo.is_none()
            && let Some(up) =
                (0..writable.len()).find(|i| !self.is_down(writable[(start + i) % writable.len()]))
        {
            start = (start + up) % writable.len();
        }
        let attempts = if fifo.is_some() { 1 } else { writable.len() };
        let request = bpb::SendRequest {
            topic: topic.as_str().to_owned(),
            messages: messages.into_iter().map(convert::message_to_pb).collect(),
        };
        let mut last = None;
        for i in 0..attempts {
            let name = writable[(start + i) % writable.len()];
            let client = self.broker(name).await?;
            match self.sends.send(name, client, request.clone()).await {
                Ok(reply) => {
                    self.mark_up(name);
                    check(reply.outcome.as_ref())?;
                    return Ok(reply
                        .receipts
                        .into_iter()
                        .map(|r| {
                            let mut r = convert::receipt_from_pb(r);
                            r.transaction_id = r.transaction_id.map(|t| wrap(&t, name));
                            r.recall_handle = r.recall_handle.map(|h| wrap(&h, name));
                            r
                        })
                        .collect());
                }
                Err(e) if never_arrived(&e) => {
                    self.mark_down(name, e.message());
                    last = Some(unreachable(name, &e));
                }
                Err(e) => return Err(unreachable(name, &e)),
            }
        }
        Err(last.unwrap_or_else(|| RequestError::BrokerUnavailable("no broker to send to".into())))
    }

    /// Pops from every broker of the topic, the preferred one first; when none has anything,
    /// waits on all of them at once and pops from the first that changes.
    pub async fn receive(
        &self,
        req: ReceiveRequest,
        prefer: Option<&str>,
    ) -> Result<Vec<Delivery>, RequestError> {
        let view = self.route(&req.topic, false).await?;
        let brokers = order(&view, prefer, self.rotate(view.placements.len()));
        let deadline = Instant::now() + req.long_polling;
        let filter = convert::filter_to_pb(&req.filter);
        let mut first = 0;
        loop {
            let mut got = Vec::new();
            let mut seqs = Vec::with_capacity(brokers.len());
            let mut failures = 0;
            let mut last_failure = None;
            for i in 0..brokers.len() {
                let name = brokers[(first + i) % brokers.len()];
                let want = req.batch_size - got.len();
                if want == 0 {
                    break;
                }
                if self.is_down(name) {
                    failures += 1;
                    continue;
                }
                let call = bpb::ReceiveRequest {
                    group: req.group.as_str().to_owned(),
                    topic: req.topic.as_str().to_owned(),
                    filter: Some(filter.clone()),
                    batch_size: u32::try_from(want).unwrap_or(u32::MAX),
                    invisible_ms: req.invisible.map(ms),
                    long_polling_ms: 0,
                    client_id: req.client_id.clone(),
                };
                let reply = self
                    .on_broker(name, |mut c| {
                        let call = call.clone();
                        async move { c.receive(call).await }
                    })
                    .await;
                let reply = match reply {
                    Ok(r) => {
                        self.mark_up(name);
                        r
                    }
                    Err(e) => {
                        self.mark_down(name, &e.to_string());
                        failures += 1;
                        last_failure = Some(e);
                        continue;
                    }
                };
                check(reply.outcome.as_ref())?;
                seqs.push((name, reply.change_seq));
                for d in reply.deliveries {
                    let mut d = convert::delivery_from_pb(d)?;
                    d.receipt_handle = wrap(&d.receipt_handle, name);
                    got.push(d);
                }
            }
            if !got.is_empty() {
                return Ok(got);
            }
            if failures == brokers.len() {
                return Err(last_failure.unwrap_or_else(|| {
                    RequestError::BrokerUnavailable(
                        "every broker of the topic is unreachable".into(),
                    )
                }));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(got);
            }
            match self.await_any(&req.topic, &seqs, left).await {
                Some(changed) => {
                    first = brokers.iter().position(|b| *b == changed).unwrap_or(0);
                }
                None => return Ok(got),
            }
        }
    }

    /// Waits on every broker at once; the first that reports a change, or none by the end.
    /// Dropping the other waits is free: they take nothing.
    async fn await_any<'a>(
        &self,
        topic: &TopicName,
        seqs: &[(&'a str, u64)],
        wait: Duration,
    ) -> Option<&'a str> {
        let waits = seqs.iter().map(|&(name, since)| {
            Box::pin(async move {
                let mut client = self.broker(name).await.ok()?;
                let reply = client
                    .await_change(bpb::AwaitChangeRequest {
                        topic: topic.as_str().to_owned(),
                        since,
                        wait_ms: ms(wait),
                    })
                    .await
                    .ok()?
                    .into_inner();
                reply.changed.then_some(name)
            })
        });
        let mut waits: Vec<_> = waits.collect();
        let end = Instant::now() + wait;
        while !waits.is_empty() {
            let (done, _, rest) = tokio::select! {
                r = futures::future::select_all(waits) => r,
                () = tokio::time::sleep_until(end) => return None,
            };
            if done.is_some() {
                return done;
            }
            waits = rest;
        }
        // Every wait failed or ran out: a broker that failed at once must not spin the loop.
        tokio::time::sleep_until(end).await;
        None
    }

    pub async fn ack_many(
        &self,
        group: &GroupName,
        presented: &[Presented<'_>],
    ) -> Vec<Result<(), RequestError>> {
        let mut results: Vec<Option<Result<(), RequestError>>> =
            presented.iter().map(|_| None).collect();
        let mut by_broker: BTreeMap<&str, Vec<(usize, bpb::AckEntry)>> = BTreeMap::new();
        for (i, p) in presented.iter().enumerate() {
            match unwrap(p.receipt_handle) {
                Some((broker, inner)) => by_broker.entry(broker).or_default().push((
                    i,
                    bpb::AckEntry {
                        message_id: p.message_id.to_owned(),
                        receipt_handle: inner.to_owned(),
                    },
                )),
                None => results[i] = Some(Err(stale_receipt(()))),
            }
        }
        let topic = presented.first().map(|p| p.topic.as_str().to_owned());
        let calls = by_broker.into_iter().map(|(broker, entries)| {
            let topic = topic.clone().unwrap_or_default();
            async move {
                let (index, entries): (Vec<usize>, Vec<bpb::AckEntry>) =
                    entries.into_iter().unzip();
                let n = entries.len();
                let request = bpb::AckRequest {
                    group: group.as_str().to_owned(),
                    topic,
                    entries,
                };
                let reply = self
                    .on_broker(broker, |mut c| {
                        let request = request.clone();
                        async move { c.ack(request).await }
                    })
                    .await;
                let outcomes: Vec<Result<(), RequestError>> = match reply {
                    Ok(r) => {
                        let mut outcomes: Vec<_> =
                            r.outcomes.iter().map(|o| check(Some(o))).collect();
                        outcomes.resize_with(n, || check(None));
                        outcomes
                    }
                    Err(e) => (0..n)
                        .map(|_| Err(RequestError::BrokerUnavailable(e.to_string())))
                        .collect(),
                };
                index.into_iter().zip(outcomes).collect::<Vec<_>>()
            }
        });
        for (i, r) in join_all(calls).await.into_iter().flatten() {
            results[i] = Some(r);
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| check(None)))
            .collect()
    }

    pub async fn change_invisible(
        &self,
        group: &GroupName,
        p: Presented<'_>,
        invisible: Duration,
    ) -> Result<String, RequestError> {
        let (broker, inner) = unwrap(p.receipt_handle).ok_or(()).map_err(stale_receipt)?;
        let request = bpb::ChangeInvisibleRequest {
            group: group.as_str().to_owned(),
            topic: p.topic.as_str().to_owned(),
            message_id: p.message_id.to_owned(),
            receipt_handle: inner.to_owned(),
            invisible_ms: ms(invisible),
        };
        let reply = self
            .on_broker(broker, |mut c| {
                let request = request.clone();
                async move { c.change_invisible(request).await }
            })
            .await?;
        check(reply.outcome.as_ref())?;
        Ok(wrap(&reply.receipt_handle, broker))
    }

    pub async fn forward_to_dlq(
        &self,
        group: &GroupName,
        p: Presented<'_>,
    ) -> Result<(), RequestError> {
        let (broker, inner) = unwrap(p.receipt_handle).ok_or(()).map_err(stale_receipt)?;
        let reply = self
            .broker(broker)
            .await?
            .forward_to_dead_letter(bpb::ForwardToDeadLetterRequest {
                group: group.as_str().to_owned(),
                topic: p.topic.as_str().to_owned(),
                message_id: p.message_id.to_owned(),
                receipt_handle: inner.to_owned(),
            })
            .await
            .map_err(|e| unreachable(broker, &e))?
            .into_inner();
        check(reply.outcome.as_ref())
    }

    pub async fn end_transaction(
        &self,
        topic: &TopicName,
        transaction_id: &str,
        resolution: Resolution,
    ) -> Result<(), RequestError> {
        let (broker, inner) = unwrap(transaction_id).ok_or_else(|| {
            RequestError::TransactionId("it names no broker of this cluster".into())
        })?;
        let resolution = match resolution {
            Resolution::Commit => bpb::end_transaction_request::Resolution::Commit,
            Resolution::Rollback => bpb::end_transaction_request::Resolution::Rollback,
        };
        let reply = self
            .broker(broker)
            .await?
            .end_transaction(bpb::EndTransactionRequest {
                topic: topic.as_str().to_owned(),
                transaction_id: inner.to_owned(),
                resolution: resolution as i32,
            })
            .await
            .map_err(|e| unreachable(broker, &e))?
            .into_inner();
        check(reply.outcome.as_ref())
    }

    pub async fn recall(&self, topic: &TopicName, handle: &str) -> Result<String, RequestError> {
        let (broker, inner) = unwrap(handle).ok_or_else(|| {
            BrokerError::BadRecallHandle("it names no broker of this cluster".into())
        })?;
        let reply = self
            .broker(broker)
            .await?
            .recall(bpb::RecallRequest {
                topic: topic.as_str().to_owned(),
                recall_handle: inner.to_owned(),
            })
            .await
            .map_err(|e| unreachable(broker, &e))?
            .into_inner();
        check(reply.outcome.as_ref())?;
        Ok(reply.message_id)
    }
}

/// The brokers of a topic in the order to try them: the preferred one first, else rotating.
fn order<'a>(view: &'a TopicView, prefer: Option<&str>, rotate: usize) -> Vec<&'a str> {
    let names: Vec<&str> = view.placements.iter().map(|p| p.broker.as_str()).collect();
    let start = prefer
        .and_then(|p| names.iter().position(|n| *n == p))
        .unwrap_or(rotate % names.len().max(1));
    (0..names.len())
        .map(|i| names[(start + i) % names.len()])
        .collect()
}
