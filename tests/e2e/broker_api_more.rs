//! `apogee.broker.v1` beyond the receive path: pull and offsets, transactions, recall and
//! dead-letter forwarding, over real gRPC.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::broker::v1 as pb;
use apogee_proto::rocketmq::v2::Code;
use apogee_server::admin_cli::Signer;

use crate::broker_api::{Client, client, code, id_of, message, receive, topic_and_group};

const OK: i32 = Code::Ok as i32;

/// A group that starts at the first message; its topic is created by the first send (which
/// accepts every message type).
async fn group_from_start(server: &TestServer) -> String {
    let group = unique("bapi-g");
    server.client().await.create_group_from_start(&group).await;
    group
}

async fn send_one(c: &mut Client, topic: &str, m: pb::Message) -> pb::SendReceipt {
    let r = c
        .send(pb::SendRequest {
            topic: topic.into(),
            messages: vec![m],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.outcome), OK, "{r:?}");
    r.receipts.into_iter().next().unwrap()
}

async fn query(
    c: &mut Client,
    topic: &str,
    queue_id: u32,
    position: pb::query_offset_request::Position,
) -> pb::QueryOffsetResponse {
    c.query_offset(pb::QueryOffsetRequest {
        topic: topic.into(),
        queue_id,
        position: Some(position),
    })
    .await
    .unwrap()
    .into_inner()
}

#[tokio::test]
async fn pull_and_offsets() {
    use pb::query_offset_request::Position;
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let (topic, group) = topic_and_group(&server, "bapi-pull").await;
    let first = send_one(&mut c, &topic, message("p0", "keep")).await;
    let q = first.queue_id;
    // The second may land on another queue: what the first one's queue holds is counted.
    send_one(&mut c, &topic, message("p1", "keep")).await;
    let start = query(&mut c, &topic, q, Position::Beginning(true)).await;
    let end = query(&mut c, &topic, q, Position::End(true)).await;
    assert_eq!((code(&start.outcome), start.offset), (OK, 0));
    assert!(end.offset >= 1, "{end:?}");
    let pulled = c
        .pull(pb::PullRequest {
            group: group.clone(),
            topic: topic.clone(),
            queue_id: q,
            offset: 0,
            batch_size: 32,
            filter: None,
            long_polling_ms: 0,
            client_id: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&pulled.outcome), OK, "{pulled:?}");
    assert_eq!(pulled.messages.len() as u64, end.offset);
    assert_eq!(pulled.next_offset, end.offset);
    let ids: Vec<&str> = pulled
        .messages
        .iter()
        .map(|m| m.message.as_ref().unwrap().message_id.as_str())
        .collect();
    assert_eq!(ids[0], "p0");

    let missing = c
        .get_offset(pb::GetOffsetRequest {
            group: group.clone(),
            topic: topic.clone(),
            queue_id: q,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&missing.outcome),
        Code::OffsetNotFound as i32,
        "{missing:?}"
    );
    let set = c
        .update_offset(pb::UpdateOffsetRequest {
            group: group.clone(),
            topic: topic.clone(),
            queue_id: q,
            offset: pulled.next_offset,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&set.outcome), OK, "{set:?}");
    let got = c
        .get_offset(pb::GetOffsetRequest {
            group,
            topic: topic.clone(),
            queue_id: q,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((code(&got.outcome), got.offset), (OK, pulled.next_offset));

    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let future = query(&mut c, &topic, q, Position::TimestampMs(now_ms + 3_600_000)).await;
    assert_eq!((code(&future.outcome), future.offset), (OK, end.offset));
    let no_position = c
        .query_offset(pb::QueryOffsetRequest {
            topic: topic.clone(),
            queue_id: q,
            position: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_ne!(code(&no_position.outcome), OK);
    let no_queue = query(&mut c, &topic, 999, Position::End(true)).await;
    assert_ne!(code(&no_queue.outcome), OK, "{no_queue:?}");
}

#[tokio::test]
async fn transactions_recall_and_dead_letters() {
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let group = group_from_start(&server).await;
    let topic = unique("bapi-tx");

    // A half message is delivered once committed.
    let half = send_one(
        &mut c,
        &topic,
        pb::Message {
            message_type: 4,
            ..message("tx", "keep")
        },
    )
    .await;
    assert!(half.queue_offset.is_none());
    let tx = half.transaction_id.expect("a transaction id");
    let end = |transaction_id: String| pb::EndTransactionRequest {
        topic: topic.clone(),
        transaction_id,
        resolution: pb::end_transaction_request::Resolution::Commit as i32,
    };
    let committed = c.end_transaction(end(tx)).await.unwrap().into_inner();
    assert_eq!(code(&committed.outcome), OK, "{committed:?}");
    let unknown = c
        .end_transaction(end("nope".into()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&unknown.outcome),
        Code::InvalidTransactionId as i32,
        "{unknown:?}"
    );
    let mut delivered = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while delivered.is_empty() && Instant::now() < deadline {
        delivered = receive(&mut c, &group, &topic, Duration::from_secs(2))
            .await
            .deliveries;
    }
    let d = delivered.pop().expect("the committed message");
    let id = id_of(&d);
    assert_eq!(id, "tx");

    // Sent to the dead-letter topic: its handle no longer acks it.
    let forwarded = c
        .forward_to_dead_letter(pb::ForwardToDeadLetterRequest {
            group: group.clone(),
            topic: topic.clone(),
            message_id: id.clone(),
            receipt_handle: d.receipt_handle.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&forwarded.outcome), OK, "{forwarded:?}");
    let late = c
        .ack(pb::AckRequest {
            group,
            topic: topic.clone(),
            entries: vec![pb::AckEntry {
                message_id: id,
                receipt_handle: d.receipt_handle,
            }],
        })
        .await
        .unwrap()
        .into_inner();
    assert_ne!(late.outcomes[0].code, OK);

    // A scheduled message is recalled once.
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        + 600_000;
    let scheduled = send_one(
        &mut c,
        &topic,
        pb::Message {
            message_type: 3,
            delivery_timestamp_ms: Some(at),
            ..message("later", "keep")
        },
    )
    .await;
    let handle = scheduled.recall_handle.expect("a recall handle");
    let recall = |recall_handle: String| pb::RecallRequest {
        topic: topic.clone(),
        recall_handle,
    };
    let recalled = c.recall(recall(handle.clone())).await.unwrap().into_inner();
    assert_eq!(
        (code(&recalled.outcome), recalled.message_id.as_str()),
        (OK, "later")
    );
    let again = c.recall(recall(handle)).await.unwrap().into_inner();
    assert_eq!(
        code(&again.outcome),
        Code::MessageNotFound as i32,
        "{again:?}"
    );
    let forged = c
        .recall(recall("forged".into()))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(code(&forged.outcome), OK);
}

#[tokio::test]
async fn a_proxy_subscribed_to_check_backs_gets_them() {
    let server = TestServer::start_with(|c| {
        c.broker.transaction_check_interval = Duration::from_secs(1);
    })
    .await;
    let mut c = client(&server, Signer::default()).await;
    let mut checks = c
        .transaction_checks(pb::TransactionChecksRequest {})
        .await
        .unwrap()
        .into_inner();
    let topic = unique("bapi-check");
    // No producer of the topic is connected to the server itself: the check comes here.
    let half = send_one(
        &mut c,
        &topic,
        pb::Message {
            message_type: 4,
            ..message("open", "keep")
        },
    )
    .await;
    let tx = half.transaction_id.expect("a transaction id");
    let check = tokio::time::timeout(Duration::from_secs(30), checks.message())
        .await
        .expect("a check-back within 30 s")
        .unwrap()
        .expect("the stream stays open");
    assert_eq!(
        (check.topic.as_str(), check.transaction_id.as_str()),
        (topic.as_str(), tx.as_str())
    );
    let half_message = check.message.unwrap().message.unwrap();
    assert_eq!(half_message.message_id, "open");
    let committed = c
        .end_transaction(pb::EndTransactionRequest {
            topic,
            transaction_id: check.transaction_id,
            resolution: pb::end_transaction_request::Resolution::Commit as i32,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&committed.outcome), OK, "{committed:?}");
}

#[tokio::test]
async fn topics_groups_and_client_presence() {
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let topic = unique("bapi-meta");
    let get_topic = |name: &str, auto_create: bool| pb::GetTopicRequest {
        name: name.into(),
        auto_create,
    };
    let missing = c
        .get_topic(get_topic(&topic, false))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&missing.outcome),
        Code::TopicNotFound as i32,
        "{missing:?}"
    );
    let made = c
        .get_topic(get_topic(&topic, true))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&made.outcome), OK, "{made:?}");
    assert_eq!(
        (made.name.as_str(), made.queues, made.system),
        (topic.as_str(), server.config.broker.default_queues, false)
    );
    assert_eq!(
        made.message_types,
        [1, 2, 3, 4],
        "a topic made on first use accepts every type"
    );
    let bad = c
        .get_topic(get_topic("a b", true))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&bad.outcome), Code::IllegalTopic as i32, "{bad:?}");

    let fifo = group_from_start(&server).await;
    server
        .client()
        .await
        .admin
        .update_group(admin::UpdateGroupRequest {
            name: fifo.clone(),
            fifo: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let get_group = |name: &str, auto_create: bool| pb::GetGroupRequest {
        name: name.into(),
        auto_create,
    };
    let g = c
        .get_group(get_group(&fifo, false))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&g.outcome), OK, "{g:?}");
    assert!(g.fifo && !g.broadcast);
    assert_eq!(g.max_attempts, server.config.broker.max_delivery_attempts);
    assert_eq!(
        g.retry_backoff_ms.len(),
        server.config.broker.retry_backoff.len()
    );
    let unknown = unique("bapi-new-g");
    let none = c
        .get_group(get_group(&unknown, false))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(code(&none.outcome), OK, "{none:?}");
    let made = c
        .get_group(get_group(&unknown, true))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((code(&made.outcome), made.fifo), (OK, false), "{made:?}");

    use pb::client_presence_request::Event;
    let presence = |client_id: &str, event: i32| pb::ClientPresenceRequest {
        client_id: client_id.into(),
        event,
    };
    for event in [
        Event::Seen,
        Event::StreamOpened,
        Event::StreamClosed,
        Event::Gone,
    ] {
        let r = c
            .client_presence(presence("proxy-client-1", event as i32))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(code(&r.outcome), OK, "{event:?}: {r:?}");
    }
    let anonymous = c
        .client_presence(presence(" ", Event::Seen as i32))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        code(&anonymous.outcome),
        Code::ClientIdRequired as i32,
        "{anonymous:?}"
    );
    let odd = c
        .client_presence(presence("x", 9))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(code(&odd.outcome), OK);
}

#[tokio::test]
async fn a_client_reported_gone_gives_up_its_deliveries() {
    let server = TestServer::start().await;
    let mut c = client(&server, Signer::default()).await;
    let (topic, group) = topic_and_group(&server, "bapi-gone").await;
    send_one(&mut c, &topic, message("held", "keep")).await;
    let receive_as = |client_id: &str, invisible_ms: Option<u64>| pb::ReceiveRequest {
        group: group.clone(),
        topic: topic.clone(),
        filter: None,
        batch_size: 4,
        // None: a push consumer's delivery, renewed while its client is connected.
        invisible_ms,
        long_polling_ms: 0,
        client_id: Some(client_id.into()),
    };
    let first = c
        .receive(receive_as("push-1", None))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.deliveries.len(), 1, "{first:?}");
    let none = c
        .receive(receive_as("other", Some(30_000)))
        .await
        .unwrap()
        .into_inner();
    assert!(none.deliveries.is_empty());
    let gone = c
        .client_presence(pb::ClientPresenceRequest {
            client_id: "push-1".into(),
            event: pb::client_presence_request::Event::Gone as i32,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&gone.outcome), OK);
    let mut again = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while again.is_empty() && Instant::now() < deadline {
        let mut r = receive_as("other", Some(30_000));
        r.long_polling_ms = 2_000;
        again = c.receive(r).await.unwrap().into_inner().deliveries;
    }
    let d = again.pop().expect("released to another client");
    assert_eq!(id_of(&d), "held");
}

#[tokio::test]
async fn a_send_batch_answers_each_send_alone_and_waits_on_a_topic_change() {
    let server = TestServer::start().await;
    let (topic, group) = topic_and_group(&server, "batch").await;
    let mut c = client(&server, Signer::default()).await;
    // A receive sees the topic empty and reports its change counter.
    let empty = receive(&mut c, &group, &topic, Duration::ZERO).await;
    assert_eq!(code(&empty.outcome), Code::Ok as i32);
    assert!(empty.deliveries.is_empty());
    let since = empty.change_seq;
    let waiting = {
        let mut c = c.clone();
        let topic = topic.clone();
        tokio::spawn(async move {
            c.await_change(pb::AwaitChangeRequest {
                topic,
                since,
                wait_ms: 30_000,
            })
            .await
            .unwrap()
            .into_inner()
        })
    };
    let reply = c
        .send_batch(pb::SendBatchRequest {
            sends: vec![
                pb::SendRequest {
                    topic: topic.clone(),
                    messages: vec![message("B1", "keep")],
                },
                pb::SendRequest {
                    topic: "bad topic name!".into(),
                    messages: vec![message("B2", "keep")],
                },
                pb::SendRequest {
                    topic: topic.clone(),
                    messages: vec![message("B3", "keep"), message("B4", "keep")],
                },
            ],
        })
        .await
        .unwrap()
        .into_inner();
    let codes: Vec<i32> = reply.results.iter().map(|r| code(&r.outcome)).collect();
    assert_eq!(
        codes,
        vec![Code::Ok as i32, Code::IllegalTopic as i32, Code::Ok as i32],
        "{reply:?}"
    );
    assert_eq!(reply.results[0].receipts.len(), 1);
    assert!(reply.results[1].receipts.is_empty());
    assert_eq!(reply.results[2].receipts.len(), 2);
    // The wait ends with the change, not at its 30 s bound.
    let changed = waiting.await.unwrap();
    assert_eq!(code(&changed.outcome), Code::Ok as i32);
    assert!(
        changed.changed && changed.change_seq != since,
        "{changed:?}"
    );
    let got = receive(&mut c, &group, &topic, Duration::from_secs(5)).await;
    let mut ids: Vec<String> = got.deliveries.iter().map(id_of).collect();
    ids.sort();
    assert_eq!(ids, vec!["B1", "B3", "B4"]);
}
