//! The Settings reply on Telemetry. Clients copy many fields verbatim, zeros included, so the
//! reply is always complete (see the digest, §5.6 and §7): exponential back-off and a body limit
//! for producers; batch size, long-polling time, FIFO flag and a back-off strategy for consumers.

use std::time::Duration;

use apogee_broker::BrokerConfig;
use apogee_proto::rocketmq::v2 as pb;

use crate::backend::GroupPolicy;
use crate::convert::duration;

/// Receive batch size offered to push consumers.
pub const RECEIVE_BATCH_SIZE: i32 = 32;
/// Long-polling time offered to push consumers (whole seconds: Python reads only seconds).
pub const LONG_POLLING: Duration = Duration::from_secs(20);
/// Send attempts offered to producers (Go replaces its own count with this).
pub const PRODUCER_MAX_ATTEMPTS: i32 = 3;

/// Builds the effective settings: the client's own, with the server's policy applied.
pub fn effective(
    config: &BrokerConfig,
    client: &pb::Settings,
    group: Option<&GroupPolicy>,
    metrics_endpoint: Option<pb::Endpoints>,
) -> pb::Settings {
    let mut s = client.clone();
    let client_type = s
        .client_type
        .and_then(|t| pb::ClientType::try_from(t).ok())
        .unwrap_or_default();
    match s.pub_sub.as_mut() {
        Some(pb::settings::PubSub::Publishing(p)) => {
            p.max_body_size = i32::try_from(config.max_body_size).unwrap_or(i32::MAX);
            p.validate_message_type = true;
            s.backoff_policy = Some(pb::RetryPolicy {
                max_attempts: PRODUCER_MAX_ATTEMPTS,
                strategy: Some(pb::retry_policy::Strategy::ExponentialBackoff(
                    pb::ExponentialBackoff {
                        initial: Some(duration(Duration::from_millis(10))),
                        max: Some(duration(Duration::from_secs(1))),
                        multiplier: 2.0,
                    },
                )),
            });
        }
        Some(pb::settings::PubSub::Subscription(sub)) => {
            sub.fifo = Some(group.is_some_and(|g| g.fifo));
            sub.receive_batch_size = Some(RECEIVE_BATCH_SIZE);
            if client_type == pb::ClientType::PushConsumer || sub.long_polling_timeout.is_none() {
                // Never more than the broker holds a receive, in whole seconds (clients
                // add their own margin to it).
                let most = config.max_long_polling;
                let poll = LONG_POLLING.min(Duration::from_secs(most.as_secs().max(1)));
                sub.long_polling_timeout = Some(duration(poll));
            }
            let (max_attempts, levels) = match group {
                Some(g) => (g.max_attempts, g.backoff.clone()),
                None => (config.max_delivery_attempts, config.retry_backoff.clone()),
            };
            // Push consumers nack with these delays; the server applies the same levels to
            // deliveries that time out.
            s.backoff_policy = Some(pb::RetryPolicy {
                max_attempts: i32::try_from(max_attempts).unwrap_or(i32::MAX),
                strategy: Some(pb::retry_policy::Strategy::CustomizedBackoff(
                    pb::CustomizedBackoff {
                        next: levels.into_iter().map(duration).collect(),
                    },
                )),
            });
        }
        None => {}
    }
    // The Python PushConsumer stops reading Telemetry when metrics are off (digest §7.6), so
    // consumers are pointed at the OTLP endpoint this server serves.
    s.metric = Some(match metrics_endpoint {
        Some(endpoints) => pb::Metric {
            on: true,
            endpoints: Some(endpoints),
        },
        None => pb::Metric {
            on: false,
            endpoints: None,
        },
    });
    s
}
