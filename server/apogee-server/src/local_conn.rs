//! gRPC calls from inside the process to its own server, over an in-memory pipe handed to the
//! server's accept stream: they pass the same services, tower layers, authentication and ACL
//! checks as a remote caller's, whatever the client port's TLS mode or address. The web
//! console calls the admin API this way.

use std::io;

use tokio::sync::mpsc;
use tonic::transport::{Channel, Endpoint};

use crate::tls::Conn;

/// Buffer of each in-memory connection, each way.
const PIPE_BYTES: usize = 256 * 1024;

/// Opens in-memory connections to this process's gRPC server.
#[derive(Debug, Clone)]
pub struct LocalDialer {
    accepted: mpsc::Sender<io::Result<Conn>>,
}

impl LocalDialer {
    pub(crate) fn new(accepted: mpsc::Sender<io::Result<Conn>>) -> Self {
        Self { accepted }
    }

    /// A channel whose connections are made on first use (and again after one breaks).
    pub fn channel(&self) -> Channel {
        let accepted = self.accepted.clone();
        Endpoint::from_static("http://apogee.local").connect_with_connector_lazy(tower::service_fn(
            move |_: http::Uri| {
                let accepted = accepted.clone();
                async move {
                    let (ours, theirs) = tokio::io::duplex(PIPE_BYTES);
                    accepted.send(Ok(Conn::Local(theirs))).await.map_err(|_| {
                        io::Error::new(io::ErrorKind::NotConnected, "the server is shutting down")
                    })?;
                    Ok::<_, io::Error>(hyper_util::rt::TokioIo::new(ours))
                }
            },
        ))
    }
}
