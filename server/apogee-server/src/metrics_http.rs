//! `/metrics`: Prometheus text on a small HTTP/1.1 port (`telemetry.metrics_listen`), beside
//! the gRPC port, as RocketMQ's Prometheus exporter serves it. Everything else is 404.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// Binds the HTTP port set by configuration key `key` (`/metrics`, the console); a port in use
/// is an error naming the key and the address, which fails start-up (the operator asked for
/// that port). The listener and the address it got.
pub(crate) async fn bind(
    addr: SocketAddr,
    key: &str,
) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("{key} {addr}: {e}")))?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

/// Serves `/metrics` on `listener` until `stop` is cancelled.
pub async fn serve(listener: TcpListener, stop: CancellationToken) {
    serve_with(listener, stop, answer).await;
}

/// Connections served at once; more wait to be accepted (the port shares the server's file
/// descriptors).
const MAX_CONNECTIONS: usize = 256;
/// A request's headers must arrive within this.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// A connection is closed after this long, idle or not (clients open another).
const CONNECTION_LIFETIME: Duration = Duration::from_secs(300);

/// Serves HTTP/1.1 on `listener` with `handler` until `stop` is cancelled (the web console
/// uses it too), within the bounds above.
pub(crate) async fn serve_with<F, Fut>(listener: TcpListener, stop: CancellationToken, handler: F)
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Response<Full<Bytes>>, Infallible>> + Send + 'static,
{
    let connections = tokio_util::task::TaskTracker::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let slot = tokio::select! {
            () = stop.cancelled() => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::debug!(error = %e, "HTTP accept failed.");
                    continue;
                }
            },
        };
        let (stop, handler) = (stop.clone(), handler.clone());
        connections.spawn(async move {
            let _slot = slot;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), hyper::service::service_fn(handler));
            tokio::select! {
                () = stop.cancelled() => {}
                () = tokio::time::sleep(CONNECTION_LIFETIME) => {}
                r = conn => if let Err(e) = r {
                    tracing::debug!(error = %e, "HTTP connection ended.");
                },
            }
        });
    }
    connections.close();
    connections.wait().await;
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let response = match (request.method(), request.uri().path()) {
        (&Method::GET | &Method::HEAD, "/metrics") => {
            // Observable gauges read the store; keep that off the reactor.
            let text = tokio::task::spawn_blocking(apogee_telemetry::prometheus_text)
                .await
                .unwrap_or_default();
            Response::builder()
                .header("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .body(Full::new(Bytes::from(text)))
        }
        (_, "/metrics") => Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .body(Full::new(Bytes::from_static(b"GET /metrics\n"))),
        _ => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Full::new(Bytes::from_static(
                b"not found; metrics are at /metrics\n",
            ))),
    };
    Ok(response.unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))))
}
