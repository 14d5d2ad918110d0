//! Transactional sends: a half message that consumers see only once committed. The server
//! asks a producer of the topic to decide about a transaction left open (after a crash, say);
//! the checker given to the builder answers, and the producer sends the decision.

use std::sync::Arc;

use apogee_proto::rocketmq::v2 as pb;
use pb::telemetry_command::Command;

use crate::client::CommandHandler;
use crate::error::{Error, ErrorKind, check};
use crate::message::{Message, MessageView, SendReceipt};
use crate::producer::{Producer, ProducerBuilder};

/// A decision about a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionResolution {
    Commit,
    Rollback,
    /// Not known yet: the server asks again later.
    Unknown,
}

impl TransactionResolution {
    fn to_pb(self) -> pb::TransactionResolution {
        match self {
            TransactionResolution::Commit => pb::TransactionResolution::Commit,
            TransactionResolution::Rollback => pb::TransactionResolution::Rollback,
            TransactionResolution::Unknown => pb::TransactionResolution::Unspecified,
        }
    }
}

type Checker = Arc<dyn Fn(&MessageView) -> TransactionResolution + Send + Sync>;

/// Builds a [`TransactionProducer`].
pub struct TransactionProducerBuilder {
    inner: ProducerBuilder,
    checker: Checker,
}

impl std::fmt::Debug for TransactionProducerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactionProducerBuilder")
            .field("inner", &self.inner)
            .finish()
    }
}

impl TransactionProducerBuilder {
    /// Topics of the transactions. The server checks back with producers that declared the
    /// topic, so list every topic you send transactional messages to.
    pub fn topics<I: IntoIterator<Item = S>, S: Into<String>>(mut self, topics: I) -> Self {
        self.inner = self.inner.topics(topics);
        self
    }

    pub fn request_timeout(mut self, d: std::time::Duration) -> Self {
        self.inner = self.inner.request_timeout(d);
        self
    }

    pub async fn build(self) -> Result<TransactionProducer, Error> {
        // The checker runs when the server asks; it needs the producer to answer, which exists
        // only after start, hence the slot.
        let slot: Arc<tokio::sync::OnceCell<Producer>> = Arc::new(tokio::sync::OnceCell::new());
        let (checker, answer_slot) = (self.checker.clone(), slot.clone());
        let handler: CommandHandler = Arc::new(move |cmd| {
            let Command::RecoverOrphanedTransactionCommand(c) = cmd else {
                return;
            };
            let Some(producer) = answer_slot.get().cloned() else {
                return;
            };
            let Some(view) = c.message.and_then(MessageView::from_pb) else {
                return;
            };
            let client = producer.client.clone();
            let checker = checker.clone();
            client.clone().spawn(async move {
                // The checker may block (it often asks a database): never on the task that
                // reads Telemetry.
                let asked = view.clone();
                let decision = match tokio::task::spawn_blocking(move || checker(&asked)).await {
                    Ok(d) => d,
                    Err(e) => {
                        tracing::warn!(error = %e, "The transaction checker panicked.");
                        return;
                    }
                };
                if decision == TransactionResolution::Unknown {
                    return;
                }
                let r = end(
                    &producer,
                    &view.topic,
                    &view.message_id,
                    &c.transaction_id,
                    decision,
                    pb::TransactionSource::SourceServerCheck,
                )
                .await;
                if let Err(e) = r {
                    tracing::warn!(error = %e, "Answering a transaction check failed.");
                }
            });
        });
        let producer = Producer::start(self.inner, Some(handler)).await?;
        let _ = slot.set(producer.clone());
        Ok(TransactionProducer { producer })
    }
}

/// Sends transactional messages.
#[derive(Debug, Clone)]
pub struct TransactionProducer {
    producer: Producer,
}

/// An open transaction around one half message.
#[derive(Debug)]
pub struct Transaction {
    producer: Producer,
    receipt: SendReceipt,
}

impl TransactionProducer {
    /// `checker` decides about transactions the server finds left open.
    pub fn builder(
        endpoint: impl Into<String>,
        checker: impl Fn(&MessageView) -> TransactionResolution + Send + Sync + 'static,
    ) -> TransactionProducerBuilder {
        TransactionProducerBuilder {
            inner: ProducerBuilder::new(endpoint),
            checker: Arc::new(checker),
        }
    }

    /// Stores `message` as a half message; commit or roll back the returned transaction.
    pub async fn send(&self, mut message: Message) -> Result<Transaction, Error> {
        message.transactional = true;
        let receipt = self.producer.send(message).await?;
        if receipt.transaction_id.is_none() {
            return Err(Error::new(
                ErrorKind::Server,
                "the server returned no transaction id",
            ));
        }
        Ok(Transaction {
            producer: self.producer.clone(),
            receipt,
        })
    }

    pub async fn shutdown(self) {
        self.producer.shutdown().await;
    }
}

impl Transaction {
    pub fn receipt(&self) -> &SendReceipt {
        &self.receipt
    }

    /// Makes the message visible to consumers.
    pub async fn commit(self) -> Result<(), Error> {
        self.finish(TransactionResolution::Commit).await
    }

    /// Drops the message.
    pub async fn rollback(self) -> Result<(), Error> {
        self.finish(TransactionResolution::Rollback).await
    }

    async fn finish(self, r: TransactionResolution) -> Result<(), Error> {
        let id = self.receipt.transaction_id.clone().unwrap_or_default();
        end(
            &self.producer,
            &self.receipt.topic,
            &self.receipt.message_id,
            &id,
            r,
            pb::TransactionSource::SourceClient,
        )
        .await
    }
}

async fn end(
    producer: &Producer,
    topic: &str,
    message_id: &str,
    transaction_id: &str,
    resolution: TransactionResolution,
    source: pb::TransactionSource,
) -> Result<(), Error> {
    let client = &producer.client;
    let req = pb::EndTransactionRequest {
        topic: Some(client.resource(topic)),
        message_id: message_id.to_owned(),
        transaction_id: transaction_id.to_owned(),
        resolution: resolution.to_pb() as i32,
        source: source as i32,
        trace_context: String::new(),
    };
    let resp = client
        .rpc(None)
        .await?
        .end_transaction(client.req(req))
        .await?
        .into_inner();
    check(resp.status.as_ref())
}
