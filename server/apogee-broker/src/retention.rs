//! Retention: a background task that deletes messages older than `broker.retention`, delivered
//! or not, from the commit log and every consume queue.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::Broker;

impl Broker {
    /// Runs until `cancel` fires. The server owns the task.
    pub async fn run_retention(self: Arc<Self>, cancel: CancellationToken) {
        let mut tick = tokio::time::interval(self.config.retention_interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = cancel.cancelled() => return,
                _ = tick.tick() => {}
            }
            if let Err(e) = self.apply_retention().await {
                tracing::error!(error = %e, "Retention pass failed.");
            }
            match self.apply_topic_retention().await {
                Ok(0) => {}
                Ok(entries) => tracing::info!(entries, "Topic retention dropped old entries."),
                Err(e) => tracing::error!(error = %e, "Topic retention pass failed."),
            }
        }
    }

    /// Deletes everything stored before now − retention. Returns what was removed.
    pub async fn apply_retention(&self) -> Result<apogee_store::TrimReport, crate::BrokerError> {
        let retention_ms = i64::try_from(self.config.retention.as_millis()).unwrap_or(i64::MAX);
        let cutoff = self.clock.now_ms().saturating_sub(retention_ms);
        let store = self.store.clone();
        let report = tokio::task::spawn_blocking(move || {
            let queues = store.list_queues()?;
            store.trim_before(cutoff, &queues)
        })
        .await
        .map_err(|_| crate::BrokerError::ShuttingDown)??;
        if report.records > 0 || report.entries > 0 {
            tracing::info!(
                records = report.records,
                entries = report.entries,
                "Retention removed old messages."
            );
        }
        Ok(report)
    }
}
