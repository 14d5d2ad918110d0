//! Bounds on receives and pulls that wait for messages (long polls): across the broker
//! (`broker.max_long_polls`) and per client (`broker.max_long_polls_per_client`), so neither
//! idle consumers in general nor one client opening many streams can pile waiters up without
//! limit. A request over a bound is answered TOO_MANY_REQUESTS at once.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::BrokerError;

#[derive(Debug)]
pub(crate) struct LongPolls {
    global: Arc<Semaphore>,
    per_client: Mutex<HashMap<u64, usize>>,
    max_per_client: usize,
}

/// Held while a receive or pull waits.
#[derive(Debug)]
pub(crate) struct WaitPermit<'a> {
    _global: OwnedSemaphorePermit,
    polls: &'a LongPolls,
    client: u64,
}

impl LongPolls {
    pub fn new(max: usize, max_per_client: usize) -> Self {
        Self {
            global: Arc::new(Semaphore::new(max)),
            per_client: Mutex::new(HashMap::new()),
            max_per_client,
        }
    }

    /// A permit to wait, for `client` (0: a client that did not say who it is, bound only by
    /// the broker-wide limit).
    pub fn acquire(&self, client: u64) -> Result<WaitPermit<'_>, BrokerError> {
        let global = self.global.clone().try_acquire_owned().map_err(|_| {
            BrokerError::TooManyRequests(
                "too many receives and pulls are already waiting (broker.max_long_polls); retry later"
                    .into(),
            )
        })?;
        if client != 0 {
            let mut per_client = self.per_client.lock();
            let n = per_client.entry(client).or_default();
            if *n >= self.max_per_client {
                return Err(BrokerError::TooManyRequests(format!(
                    "this client already has {n} receives or pulls waiting \
                     (broker.max_long_polls_per_client); retry later"
                )));
            }
            *n += 1;
        }
        Ok(WaitPermit {
            _global: global,
            polls: self,
            client,
        })
    }
}

impl Drop for WaitPermit<'_> {
    fn drop(&mut self) {
        if self.client == 0 {
            return;
        }
        let mut per_client = self.polls.per_client.lock();
        if let Some(n) = per_client.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                per_client.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_hold_and_free_on_drop() {
        let polls = LongPolls::new(3, 2);
        let a = polls.acquire(7).unwrap();
        let _b = polls.acquire(7).unwrap();
        assert!(matches!(
            polls.acquire(7),
            Err(BrokerError::TooManyRequests(_))
        ));
        let _c = polls.acquire(8).unwrap();
        assert!(polls.acquire(9).is_err(), "the broker-wide bound");
        drop(a);
        assert!(polls.acquire(7).is_ok());
        assert!(polls.per_client.lock().len() <= 2);
    }
}
