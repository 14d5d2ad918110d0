//! TLS on the client port: TLS and plaintext share the port (the first byte decides), a
//! self-signed certificate is made at first start and kept, a configured certificate is served
//! with its chain so verifying clients check chain and host name, and the enforcing and
//! disabled modes refuse the other kind of connection.

use std::time::Duration;

use apogee_e2e::client::{code, message};
use apogee_e2e::tls::{TestCa, Trust, tls_channel};
use apogee_e2e::{TestServer, unique};
use apogee_proto::rocketmq::v2 as pb;
use apogee_server::tls::TlsMode;
use pb::messaging_service_client::MessagingServiceClient;

/// Sends one message over `channel` and returns the status code.
async fn send_over(channel: tonic::transport::Channel, topic: &str) -> pb::Code {
    let mut rpc = MessagingServiceClient::new(channel);
    let mut req = tonic::Request::new(pb::SendMessageRequest {
        messages: vec![message(topic, "over tls")],
    });
    req.metadata_mut()
        .insert("x-mq-client-id", "tls-test".parse().unwrap());
    let resp = rpc.send_message(req).await.expect("rpc").into_inner();
    code(&resp.status)
}

#[tokio::test]
async fn plaintext_and_tls_share_the_port_with_a_certificate_made_at_first_start() {
    let server = TestServer::start().await;
    let topic = unique("t");
    // Plaintext, as Python, Node.js and Rust clients connect by default.
    let mut c = server.client().await;
    c.send_ok(message(&topic, "plain")).await;
    // TLS trusting any certificate, as Java and Go clients connect by default.
    let tls = tls_channel(server.addr, Trust::Any)
        .await
        .expect("TLS handshake");
    assert_eq!(send_over(tls, &topic).await, pb::Code::Ok);

    // The generated certificate is kept and served again after a restart.
    let cert = server.config.store.data_dir.join("tls/server.crt");
    let before = std::fs::read(&cert).expect("generated certificate");
    let server = server.restart().await;
    assert_eq!(std::fs::read(&cert).unwrap(), before);
    let tls = tls_channel(server.addr, Trust::Any)
        .await
        .expect("TLS handshake");
    assert_eq!(send_over(tls, &topic).await, pb::Code::Ok);
}

#[tokio::test]
async fn a_configured_certificate_is_verified_by_chain_and_host_name() {
    let ca = TestCa::issue(&["localhost", "127.0.0.1"]);
    let server = TestServer::start_with(|c| {
        c.server.tls_cert_path = Some(ca.cert_path.clone());
        c.server.tls_key_path = Some(ca.key_path.clone());
    })
    .await;
    let topic = unique("t");
    for name in ["localhost", "127.0.0.1"] {
        let trust = Trust::Ca {
            pem: ca.ca_pem.clone(),
            server_name: name.into(),
        };
        let tls = tls_channel(server.addr, trust)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(send_over(tls, &topic).await, pb::Code::Ok, "{name}");
    }
    // A name the certificate does not carry fails the host-name check.
    let wrong = Trust::Ca {
        pem: ca.ca_pem.clone(),
        server_name: "elsewhere.example".into(),
    };
    let err = tls_channel(server.addr, wrong)
        .await
        .expect_err("wrong host name");
    assert!(
        err.to_lowercase().contains("certificate") || err.contains("NotValidForName"),
        "{err}"
    );
    // Another CA's certificate fails the chain check.
    let other = TestCa::issue(&["localhost"]);
    let untrusted = Trust::Ca {
        pem: other.ca_pem.clone(),
        server_name: "localhost".into(),
    };
    assert!(tls_channel(server.addr, untrusted).await.is_err());
}

#[tokio::test]
async fn enforcing_refuses_plaintext_and_disabled_refuses_tls() {
    let enforcing = TestServer::start_with(|c| c.server.tls_mode = TlsMode::Enforcing).await;
    let tls = tls_channel(enforcing.addr, Trust::Any).await.expect("TLS");
    assert_eq!(send_over(tls, &unique("t")).await, pb::Code::Ok);
    let plain = tonic::transport::Endpoint::from_shared(format!("http://{}", enforcing.addr))
        .unwrap()
        .connect_timeout(Duration::from_secs(5));
    let refused = match plain.connect().await {
        Err(_) => true,
        Ok(ch) => {
            let mut rpc = MessagingServiceClient::new(ch);
            let req = pb::QueryRouteRequest::default();
            tokio::time::timeout(Duration::from_secs(5), rpc.query_route(req))
                .await
                .map_or(true, |r| r.is_err())
        }
    };
    assert!(refused, "a plaintext call to an enforcing port fails");

    let disabled = TestServer::start_with(|c| c.server.tls_mode = TlsMode::Disabled).await;
    let mut c = disabled.client().await;
    c.send_ok(message(&unique("t"), "plain")).await;
    assert!(tls_channel(disabled.addr, Trust::Any).await.is_err());
    assert!(
        !disabled.config.store.data_dir.join("tls").exists(),
        "no certificate is made when TLS is off"
    );
}
