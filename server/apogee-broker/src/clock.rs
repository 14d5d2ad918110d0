//! Wall-clock milliseconds driven by tokio's clock, so tests with paused time move every
//! deadline (invisibility, long polls, retries) without waiting.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Milliseconds since the Unix epoch, advancing with `tokio::time`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    base_ms: i64,
    base: Instant,
}

impl Clock {
    pub fn new() -> Self {
        let base_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Self {
            base_ms,
            base: Instant::now(),
        }
    }

    pub fn now_ms(&self) -> i64 {
        let elapsed = i64::try_from(self.base.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.base_ms.saturating_add(elapsed)
    }

    /// The tokio instant at which the wall clock reads `ms`.
    pub fn instant_at(&self, ms: i64) -> Instant {
        let delta = ms.saturating_sub(self.base_ms);
        match u64::try_from(delta) {
            Ok(d) => self.base + std::time::Duration::from_millis(d),
            Err(_) => self.base,
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}
