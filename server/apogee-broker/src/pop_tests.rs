//! Pops racing on one group: the reads happen outside the group's lock, so concurrent pops
//! read the same entries; each entry must still be handed out once, and none skipped.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use apogee_types::{GroupName, Message, TopicName};
use bytes::Bytes;

use crate::{Broker, BrokerConfig, Filter, ReceiveRequest};

const MESSAGES: usize = 3_000;
const RECEIVERS: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_pops_hand_out_each_message_once() {
    let (b, _dir) = crate::test_support::broker_with_group(BrokerConfig {
        default_queues: 4,
        ..BrokerConfig::default()
    })
    .await;
    let group = GroupName::new("g").unwrap();
    let topic = TopicName::new("t").unwrap();
    for chunk in (0..MESSAGES).collect::<Vec<_>>().chunks(100) {
        let batch = chunk
            .iter()
            .map(|i| Message {
                message_id: format!("m{i}"),
                body: Bytes::from_static(b"x"),
                // Every third message is filtered out by the receivers' tag expression.
                tag: Some(if i.is_multiple_of(3) { "skip" } else { "take" }.into()),
                ..Default::default()
            })
            .collect();
        b.send(&topic, batch).await.unwrap();
    }
    let wanted = (0..MESSAGES).filter(|i| !i.is_multiple_of(3)).count();
    let receivers = (0..RECEIVERS).map(|_| {
        let (b, group, topic) = (b.clone(), group.clone(), topic.clone());
        tokio::spawn(async move { receive_all(&b, &group, &topic).await })
    });
    let mut seen = Vec::new();
    for r in receivers {
        seen.extend(r.await.unwrap());
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a message was handed out twice");
    assert_eq!(
        seen.len(),
        wanted,
        "every matching message once, none skipped"
    );
    assert!(seen.iter().all(|id| {
        let i: usize = id[1..].parse().unwrap();
        !i.is_multiple_of(3)
    }));
}

/// Receives (without acking: the invisible time outlasts the test) until a pass finds nothing.
async fn receive_all(b: &Arc<Broker>, group: &GroupName, topic: &TopicName) -> Vec<String> {
    let mut got = Vec::new();
    let mut empty_in_a_row = 0;
    while empty_in_a_row < 3 {
        let batch = b
            .receive(ReceiveRequest {
                group: group.clone(),
                topic: topic.clone(),
                filter: Filter::tag("take"),
                batch_size: 4,
                invisible: Some(Duration::from_secs(600)),
                long_polling: Duration::ZERO,
                client_id: None,
            })
            .await
            .unwrap();
        if batch.is_empty() {
            empty_in_a_row += 1;
        } else {
            empty_in_a_row = 0;
        }
        got.extend(batch.into_iter().map(|d| d.message.message.message_id));
    }
    got
}
