//! Hostile input, found by driving a live server with raw gRPC: small requests that once cost
//! the server large replies or much memory, handles presented with the wrong topic or message
//! id, frames that are not protobuf, and creation without end. Each is refused with a clear,
//! short status, and nothing else happens.

use std::time::Duration;

use apogee_e2e::client::{code, handle_of, id_of, message, resource};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;
use bytes::Bytes;
use prost::Message as _;

const INVISIBLE: Duration = Duration::from_secs(30);

fn text(s: &Option<pb::Status>) -> String {
    s.as_ref().map(|s| s.message.clone()).unwrap_or_default()
}

#[tokio::test]
async fn a_huge_bad_tag_is_quoted_briefly_and_not_multiplied_by_the_batch() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    let mut bad = message(&topic, "x");
    let sp = bad.system_properties.as_mut().unwrap();
    sp.tag = Some(format!("{}|", "t".repeat(1 << 20)));
    let mut batch = vec![bad];
    batch.extend((0..500).map(|i| message(&topic, &format!("m{i}"))));
    let request_len = pb::SendMessageRequest {
        messages: batch.clone(),
    }
    .encoded_len();
    let resp = c.send(batch).await;
    assert_eq!(code(&resp.status), pb::Code::IllegalMessageTag);
    assert_eq!(resp.entries.len(), 501, "one entry per message");
    assert!(text(&resp.status).len() < 256, "{}", text(&resp.status));
    assert!(
        resp.encoded_len() < request_len / 4,
        "a {request_len}-byte request got a {}-byte reply",
        resp.encoded_len()
    );
    // Keys, message groups and property keys are quoted the same way.
    let mut bad_key = message(&topic, "x");
    bad_key.system_properties.as_mut().unwrap().keys = vec![format!("{}\n", "k".repeat(1 << 20))];
    let resp = c.send(vec![bad_key]).await;
    assert_eq!(code(&resp.status), pb::Code::IllegalMessageKey);
    assert!(text(&resp.status).len() < 256);
    let mut bad_prop = message(&topic, "x");
    bad_prop
        .user_properties
        .insert(format!("{}\u{7}", "p".repeat(1 << 20)), "v".into());
    let resp = c.send(vec![bad_prop]).await;
    assert_eq!(code(&resp.status), pb::Code::IllegalMessagePropertyKey);
    assert!(text(&resp.status).len() < 256);
}

#[tokio::test]
async fn messages_per_request_and_decoded_bytes_per_request_are_capped() {
    let server = TestServer::start_with(|c| {
        c.broker.max_batch_messages = 10;
        c.broker.max_batch_bytes = c.broker.max_body_size;
    })
    .await;
    let mut c = server.client().await;
    let topic = unique("t");
    let batch: Vec<_> = (0..11).map(|i| message(&topic, &format!("m{i}"))).collect();
    let resp = c.send(batch).await;
    assert_eq!(code(&resp.status), pb::Code::BadRequest);
    assert!(text(&resp.status).contains("max_batch_messages"));
    assert_eq!(resp.entries.len(), 11);

    // Two GZIP bodies that decode to 3 MiB each: small on the wire, 6 MiB in memory.
    let big = {
        use std::io::Write as _;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b'a'; 3 << 20]).unwrap();
        Bytes::from(z.finish().unwrap())
    };
    let gz = |body: &Bytes| {
        let mut m = message(&topic, "");
        m.body = body.clone();
        m.system_properties.as_mut().unwrap().body_encoding = pb::Encoding::Gzip as i32;
        m
    };
    let resp = c.send(vec![gz(&big), gz(&big)]).await;
    assert_eq!(code(&resp.status), pb::Code::MessageBodyTooLarge);
    assert!(text(&resp.status).contains("max_batch_bytes"));
    // Nothing of the refused requests was stored.
    let route = c.query_route(&topic).await;
    assert_eq!(code(&route.status), pb::Code::Ok);
    let d = c
        .admin
        .describe_topic(apogee_proto::admin::v1::DescribeTopicRequest { name: topic })
        .await
        .unwrap()
        .into_inner();
    assert!(d.queues.iter().all(|q| q.max_offset == 0), "{d:?}");
}

#[tokio::test]
async fn a_huge_sql_filter_gets_a_short_error_on_receive_and_on_telemetry() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    let sql = format!("a = '{}'", "x".repeat(400_000));
    let got = c
        .receive_raw(pb::ReceiveMessageRequest {
            group: resource(&group),
            message_queue: apogee_e2e::client::queue(&topic, 0),
            filter_expression: Some(pb::FilterExpression {
                r#type: pb::FilterType::Sql as i32,
                expression: sql.clone(),
            }),
            batch_size: 1,
            invisible_duration: Some(apogee_e2e::client::duration(INVISIBLE)),
            auto_renew: false,
            long_polling_timeout: Some(apogee_e2e::client::duration(Duration::from_millis(10))),
            attempt_id: None,
        })
        .await;
    assert_eq!(
        code(&Some(got.status.clone())),
        pb::Code::IllegalFilterExpression
    );
    assert!(
        got.status.message.len() < 1100,
        "{}",
        got.status.message.len()
    );

    // On Telemetry the refusal travels in trailers, which clients refuse over 16 KiB.
    let mut settings = apogee_e2e::client::push_settings(&c, &group, &topic);
    if let Some(pb::settings::PubSub::Subscription(s)) = &mut settings.pub_sub {
        s.subscriptions[0].expression = Some(pb::FilterExpression {
            r#type: pb::FilterType::Sql as i32,
            expression: sql,
        });
    }
    let first = pb::TelemetryCommand {
        status: None,
        command: Some(pb::telemetry_command::Command::Settings(settings)),
    };
    let (_, ended) = c
        .telemetry_raw(vec![Bytes::from(first.encode_to_vec())])
        .await;
    let e = ended.expect_err("the stream fails");
    assert_eq!(e.code(), tonic::Code::InvalidArgument, "{e:?}");
    assert!(e.message().len() < 1100);
}

#[tokio::test]
async fn a_telemetry_frame_that_is_not_protobuf_ends_the_stream_with_a_status() {
    let server = TestServer::start().await;
    let c = server.client().await;
    let garbage = Bytes::from_static(&[0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);
    let (replies, ended) = c.telemetry_raw(vec![garbage]).await;
    assert!(replies.is_empty());
    let e = ended.expect_err("a status, not a silent end");
    assert_eq!(e.code(), tonic::Code::InvalidArgument, "{e:?}");
    assert!(e.message().contains("TelemetryCommand"), "{}", e.message());
}

#[tokio::test]
async fn a_receipt_handle_must_match_its_topic_message_id_and_bytes() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, other, group) = (unique("t"), unique("o"), unique("g"));
    c.query_route(&other).await;
    c.heartbeat(&group, pb::ClientType::SimpleConsumer).await;
    c.send_ok(message(&topic, "x")).await;
    let got = c
        .receive(&group, &topic, "*", 1, INVISIBLE, Duration::from_secs(3))
        .await;
    let (id, handle) = (id_of(&got.messages[0]), handle_of(&got.messages[0]));
    let refused = [
        ("another topic", other.as_str(), id.clone(), handle.clone()),
        (
            "another message id",
            topic.as_str(),
            format!("{id}0"),
            handle.clone(),
        ),
        (
            "upper-cased",
            topic.as_str(),
            id.clone(),
            handle.to_uppercase(),
        ),
        ("altered", topic.as_str(), id.clone(), {
            let mut h = handle.clone();
            let i = h.len() / 2;
            let flipped = if &h[i..=i] == "0" { "1" } else { "0" };
            h.replace_range(i..=i, flipped);
            h
        }),
    ];
    for (what, t, m, h) in &refused {
        let r = c.ack_handle(&group, t, m, h).await;
        assert_eq!(
            code(&r.status),
            pb::Code::InvalidReceiptHandle,
            "{what}: {:?}",
            r.status
        );
        let r = c.change_invisible(&group, t, m, h, INVISIBLE).await;
        assert_eq!(code(&r.status), pb::Code::InvalidReceiptHandle, "{what}");
    }
    // None of them touched the delivery: the real handle still acks it, once.
    let r = c.ack_handle(&group, &topic, &id, &handle).await;
    assert_eq!(code(&r.status), pb::Code::Ok);
    let again = c.ack_handle(&group, &topic, &id, &handle).await;
    assert_eq!(code(&again.status), pb::Code::InvalidReceiptHandle);
}

#[tokio::test]
async fn a_negative_offset_is_called_negative() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    for i in 0..5 {
        c.send_ok(message(&topic, &format!("m{i}"))).await;
    }
    let (status, _, _) = c
        .pull(&group, &topic, 0, -1, 8, Duration::from_millis(10))
        .await;
    assert_eq!(code(&Some(status.clone())), pb::Code::IllegalOffset);
    assert!(
        status.message.contains("-1") && status.message.contains("negative"),
        "{}",
        status.message
    );
    let r = c
        .rpc
        .update_offset(c.req(pb::UpdateOffsetRequest {
            group: resource(&group),
            message_queue: apogee_e2e::client::queue(&topic, 0),
            offset: -1,
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(code(&r.status), pb::Code::IllegalOffset);
    assert!(text(&r.status).contains("negative"));
}

#[tokio::test]
async fn auto_creation_stops_at_the_topic_and_group_limits() {
    let server = TestServer::start_with(|c| {
        c.broker.max_topics = 3;
        c.broker.max_groups = 2;
    })
    .await;
    let mut c = server.client().await;
    for _ in 0..3 {
        assert_eq!(
            code(&c.query_route(&unique("t")).await.status),
            pb::Code::Ok
        );
    }
    let refused = c.query_route(&unique("t")).await;
    assert_eq!(code(&refused.status), pb::Code::TopicNotFound);
    assert!(text(&refused.status).contains("max_topics"));
    let listed = c
        .admin
        .list_topics(apogee_proto::admin::v1::ListTopicsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.topics.len(), 3, "no topic beyond the limit");
    for _ in 0..2 {
        let hb = c
            .heartbeat(&unique("g"), pb::ClientType::SimpleConsumer)
            .await;
        assert_eq!(code(&hb.status), pb::Code::Ok);
    }
    let hb = c
        .heartbeat(&unique("g"), pb::ClientType::SimpleConsumer)
        .await;
    assert_eq!(code(&hb.status), pb::Code::ConsumerGroupNotFound);
    assert!(text(&hb.status).contains("max_groups"));
}

#[tokio::test]
async fn one_client_cannot_hold_more_long_polls_or_streams_than_its_share() {
    let server = TestServer::start_with(|c| {
        c.broker.max_long_polls_per_client = 2;
        c.server.max_streams_per_client = 2;
    })
    .await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    // Three receives of one client wait at once, beside one of another client: two hold the
    // first client's share, its third is refused at once; the other client is not affected.
    let poll = |mut c: apogee_e2e::TestClient, group: String, topic: String| async move {
        c.receive(&group, &topic, "*", 1, INVISIBLE, Duration::from_secs(3))
            .await
            .status
    };
    let other = server.client().await;
    let clients = [c.clone(), c.clone(), c.clone(), other];
    let waiting: Vec<_> = clients
        .into_iter()
        .map(|c| tokio::spawn(poll(c, group.clone(), topic.clone())))
        .collect();
    let mut refused = Vec::new();
    for (i, w) in waiting.into_iter().enumerate() {
        let status = w.await.unwrap();
        if code(&Some(status.clone())) == pb::Code::TooManyRequests {
            refused.push((i, status));
        }
    }
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].0 < 3, "only the first client is held back");
    assert!(refused[0].1.message.contains("max_long_polls_per_client"));

    let settings = apogee_e2e::client::push_settings(&c, &group, &topic);
    let frame = Bytes::from(
        pb::TelemetryCommand {
            status: None,
            command: Some(pb::telemetry_command::Command::Settings(settings.clone())),
        }
        .encode_to_vec(),
    );
    let _a = c.open_telemetry(settings.clone()).await;
    let _b = c.open_telemetry(settings).await;
    let (_, third) = c.telemetry_raw(vec![frame]).await;
    let e = third.expect_err("a third stream of one client is refused");
    assert_eq!(e.code(), tonic::Code::ResourceExhausted);
    assert!(e.message().contains("max_streams_per_client"));
}
