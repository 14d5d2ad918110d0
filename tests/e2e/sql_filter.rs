//! SQL92 property filters on the broker: a SQL subscription receives exactly the matching
//! messages; a malformed expression is refused with where the error is.

use std::collections::BTreeSet;
use std::time::Duration;

use apogee_e2e::client::{body_of, code, duration, message, queue, resource};
use apogee_e2e::{TestClient, TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;

fn sql_receive(group: &str, topic: &str, expr: &str, poll: Duration) -> pb::ReceiveMessageRequest {
    pb::ReceiveMessageRequest {
        group: resource(group),
        message_queue: queue(topic, 0),
        filter_expression: Some(pb::FilterExpression {
            r#type: pb::FilterType::Sql as i32,
            expression: expr.into(),
        }),
        batch_size: 32,
        invisible_duration: Some(duration(Duration::from_secs(30))),
        auto_renew: false,
        long_polling_timeout: Some(duration(poll)),
        attempt_id: None,
    }
}

async fn drain(c: &mut TestClient, group: &str, topic: &str, expr: &str) -> BTreeSet<String> {
    let mut got = BTreeSet::new();
    loop {
        let r = c
            .receive_raw(sql_receive(group, topic, expr, Duration::from_millis(400)))
            .await;
        if r.messages.is_empty() {
            return got;
        }
        for m in &r.messages {
            got.insert(body_of(m));
            c.ack(group, topic, m).await;
        }
    }
}

#[tokio::test]
async fn sql_subscription_receives_exactly_the_matching_messages() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let topic = unique("t");
    let (g1, g2, g3) = (unique("g"), unique("g"), unique("g"));
    for g in [&g1, &g2, &g3] {
        c.heartbeat(g, pb::ClientType::SimpleConsumer).await;
    }
    for i in 0..20 {
        let mut m = message(&topic, &format!("m{i}"));
        m.user_properties.insert("n".into(), i.to_string());
        m.user_properties
            .insert("region".into(), if i % 2 == 0 { "eu" } else { "us" }.into());
        if i % 5 == 0 {
            m.user_properties.insert("vip".into(), "true".into());
        }
        m.system_properties.as_mut().unwrap().tag =
            Some(if i < 10 { "low" } else { "high" }.into());
        c.send_ok(m).await;
    }
    let want = |f: &dyn Fn(i32) -> bool| {
        (0..20)
            .filter(|i| f(*i))
            .map(|i| format!("m{i}"))
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        drain(&mut c, &g1, &topic, "n >= 15 AND region = 'us'").await,
        want(&|i| i >= 15 && i % 2 == 1)
    );
    assert_eq!(
        drain(
            &mut c,
            &g2,
            &topic,
            "(TAGS = 'low' AND vip IS NOT NULL) OR n BETWEEN 18 AND 19"
        )
        .await,
        want(&|i| (i < 10 && i % 5 == 0) || i >= 18)
    );
    assert_eq!(
        drain(&mut c, &g3, &topic, "region NOT IN ('eu') AND NOT n > 4").await,
        want(&|i| i % 2 == 1 && i <= 4)
    );
}

#[tokio::test]
async fn malformed_sql_is_refused_with_its_position() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    for (expr, pos) in [
        ("a > ", "column 4"),
        ("a LIKE 'x'", "column 1"),
        ("a > 3 )", "column 7"),
        ("s > 'abc'", "column 1"),
    ] {
        let r = c
            .receive_raw(sql_receive(
                &group,
                &topic,
                expr,
                Duration::from_millis(100),
            ))
            .await;
        assert_eq!(
            code(&Some(r.status.clone())),
            pb::Code::IllegalFilterExpression,
            "{expr}"
        );
        assert!(
            r.status.message.contains(pos),
            "{expr}: {}",
            r.status.message
        );
    }
}

#[tokio::test]
async fn malformed_sql_is_refused_when_the_consumer_subscribes() {
    let server = TestServer::start().await;
    let mut c = server.client().await;
    let (topic, group) = (unique("t"), unique("g"));
    c.query_route(&topic).await;
    let mut settings = apogee_e2e::client::push_settings(&c, &group, &topic);
    if let Some(pb::settings::PubSub::Subscription(sub)) = settings.pub_sub.as_mut() {
        sub.subscriptions[0].expression = Some(pb::FilterExpression {
            r#type: pb::FilterType::Sql as i32,
            expression: "a > ".into(),
        });
    }
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tx.send(pb::TelemetryCommand {
        status: None,
        command: Some(pb::telemetry_command::Command::Settings(settings)),
    })
    .await
    .unwrap();
    let mut inbound = c
        .rpc
        .telemetry(c.req(tokio_stream::wrappers::ReceiverStream::new(rx)))
        .await
        .unwrap()
        .into_inner();
    let err = inbound.message().await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::InvalidArgument);
    assert!(err.message().contains("column 4"), "{}", err.message());
    // A valid expression subscribes.
    let mut ok = apogee_e2e::client::push_settings(&c, &group, &topic);
    if let Some(pb::settings::PubSub::Subscription(sub)) = ok.pub_sub.as_mut() {
        sub.subscriptions[0].expression = Some(pb::FilterExpression {
            r#type: pb::FilterType::Sql as i32,
            expression: "a > 3".into(),
        });
    }
    let session = c.open_telemetry(ok).await;
    assert_eq!(code(&session.settings.status), pb::Code::Ok);
}
