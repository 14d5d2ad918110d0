//! Flow control takes effect and releases: in-flight bounds per consumer and queue, a bound on
//! waiting receives, and TOO_MANY_REQUESTS for sends while the write backlog is over its bound.

use std::time::Duration;

use apogee_e2e::client::{code, message};
use apogee_e2e::{TestServer, unique};
use apogee_proto::admin::v1 as admin;
use apogee_proto::rocketmq::v2 as pb;
use apogee_store::FlushMode;

#[tokio::test]
async fn a_consumer_at_its_in_flight_bound_gets_more_only_after_acking() {
    let server = TestServer::start_with(|c| c.broker.max_inflight_per_queue = 3).await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.admin
        .create_topic(admin::CreateTopicRequest {
            name: topic.clone(),
            queues: 1,
            message_types: vec![],
            ..Default::default()
        })
        .await
        .unwrap();
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    for i in 0..6 {
        c.send_ok(message(&topic, &format!("m{i}"))).await;
    }
    let first = c
        .receive(
            &group,
            &topic,
            "*",
            10,
            Duration::from_secs(30),
            Duration::from_secs(2),
        )
        .await;
    assert_eq!(first.messages.len(), 3, "capped at the in-flight bound");
    let held = c
        .receive(
            &group,
            &topic,
            "*",
            10,
            Duration::from_secs(30),
            Duration::from_millis(300),
        )
        .await;
    assert!(held.messages.is_empty(), "nothing more while at the bound");
    // Acking releases room; a waiting receive is woken by the ack.
    let mut waiting = c.clone();
    let (t, g) = (topic.clone(), group.clone());
    let wait = tokio::spawn(async move {
        waiting
            .receive(
                &g,
                &t,
                "*",
                10,
                Duration::from_secs(30),
                Duration::from_secs(10),
            )
            .await
    });
    assert_eq!(
        code(&c.ack(&group, &topic, &first.messages[0]).await.status),
        pb::Code::Ok
    );
    let more = wait.await.unwrap();
    assert_eq!(more.messages.len(), 1);
}

#[tokio::test]
async fn waiting_receives_are_bounded_and_the_bound_releases() {
    let server = TestServer::start_with(|c| c.broker.max_long_polls = 1).await;
    let c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.clone().query_route(&topic).await;
    let polls: Vec<_> = (0..2)
        .map(|_| {
            let (mut c, t, g) = (c.clone(), topic.clone(), group.clone());
            tokio::spawn(async move {
                c.receive(
                    &g,
                    &t,
                    "*",
                    1,
                    Duration::from_secs(30),
                    Duration::from_millis(1500),
                )
                .await
            })
        })
        .collect();
    let mut codes = Vec::new();
    for p in polls {
        codes.push(code(&Some(p.await.unwrap().status)));
    }
    codes.sort_by_key(|c| *c as i32);
    assert_eq!(
        codes,
        vec![pb::Code::MessageNotFound, pb::Code::TooManyRequests],
        "one waits, one is refused"
    );
    // Released: a new waiting receive is accepted.
    let again = c
        .clone()
        .receive(
            &group,
            &topic,
            "*",
            1,
            Duration::from_secs(30),
            Duration::from_millis(200),
        )
        .await;
    assert_eq!(code(&Some(again.status)), pb::Code::MessageNotFound);
}

#[tokio::test]
async fn sends_over_the_write_backlog_are_refused_until_it_drains() {
    let server = TestServer::start_with(|c| {
        c.broker.max_write_backlog = 1;
        c.store.flush = FlushMode::Sync;
    })
    .await;
    let c = server.client().await;
    let topic = unique("t");
    c.clone().query_route(&topic).await;
    let sends: Vec<_> = (0..64)
        .map(|i| {
            let (mut c, t) = (c.clone(), topic.clone());
            tokio::spawn(
                async move { code(&c.send(vec![message(&t, &format!("m{i}"))]).await.status) },
            )
        })
        .collect();
    let mut ok = 0;
    let mut throttled = 0;
    for s in sends {
        match s.await.unwrap() {
            pb::Code::Ok => ok += 1,
            pb::Code::TooManyRequests => throttled += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        ok > 0 && throttled > 0,
        "{ok} stored, {throttled} throttled"
    );
    // One at a time the backlog is empty again: every send is stored.
    let mut c = c;
    for i in 0..5 {
        c.send_ok(message(&topic, &format!("later{i}"))).await;
    }
    let d = c
        .admin
        .describe_topic(admin::DescribeTopicRequest { name: topic })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        d.queues.iter().map(|q| q.max_offset).sum::<u64>(),
        ok + 5,
        "throttled sends stored nothing"
    );
}

#[tokio::test]
async fn waiting_pulls_share_the_long_poll_bound() {
    let server = TestServer::start_with(|c| c.broker.max_long_polls = 1).await;
    let c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.clone().query_route(&topic).await;
    let receive = {
        let (mut c, t, g) = (c.clone(), topic.clone(), group.clone());
        tokio::spawn(async move {
            let r = c
                .receive(
                    &g,
                    &t,
                    "*",
                    1,
                    Duration::from_secs(30),
                    Duration::from_millis(1500),
                )
                .await;
            code(&Some(r.status))
        })
    };
    let pull = {
        let (mut c, t, g) = (c.clone(), topic.clone(), group.clone());
        tokio::spawn(async move {
            let (status, _, _) = c.pull(&g, &t, 0, 0, 8, Duration::from_millis(1500)).await;
            code(&Some(status))
        })
    };
    let codes = [receive.await.unwrap(), pull.await.unwrap()];
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == pb::Code::TooManyRequests)
            .count(),
        1,
        "one waits, the other is refused: {codes:?}"
    );
    // Released: a waiting pull is accepted again.
    let (status, _, _) = c
        .clone()
        .pull(&group, &topic, 0, 0, 8, Duration::from_millis(200))
        .await;
    assert_ne!(code(&Some(status)), pb::Code::TooManyRequests);
}
