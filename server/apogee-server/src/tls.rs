//! TLS on the client port, beside plaintext, as the reference proxy serves it: the first byte
//! of a connection tells a TLS handshake (a record of type 0x16) from HTTP/2's plaintext
//! preface ('P'). Java and Go clients connect with TLS by default and trust any certificate;
//! Python, Node.js and Rust connect in plaintext by default and verify the chain and host name
//! when told to use TLS, so the certificate names every address the server is reached by.
//!
//! With no certificate configured, a self-signed one is made at first start (`rcgen`) and kept
//! in the data directory, so clients that pin it keep working across restarts.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tonic::transport::server::{Connected, TcpConnectInfo};

/// Which connections the client port accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plaintext only.
    Disabled,
    /// TLS and plaintext on the same port (the first byte decides).
    #[default]
    Permissive,
    /// TLS only: a plaintext connection is closed.
    Enforcing,
}

/// The first byte of a TLS record carrying a handshake.
const TLS_HANDSHAKE: u8 = 0x16;
/// How long a new connection may take to send its first byte and finish a handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("TLS certificate {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("TLS certificate {path}: {reason}")]
    Parse { path: PathBuf, reason: String },
    #[error("TLS: {0}")]
    Config(#[from] rustls::Error),
    #[error("TLS: generating a self-signed certificate: {0}")]
    Generate(#[from] rcgen::Error),
}

/// Where the certificate comes from.
#[derive(Debug, Clone)]
pub struct TlsSource {
    pub cert_path: Option<PathBuf>,
    pub key_path: Option<PathBuf>,
    /// Where a generated certificate is kept (`<data dir>/tls`).
    pub generated_dir: PathBuf,
    /// Host names and addresses a generated certificate names besides the local ones.
    pub names: Vec<String>,
}

/// Builds the acceptor: the configured certificate, or the generated one.
pub fn acceptor(source: &TlsSource) -> Result<TlsAcceptor, TlsError> {
    let (cert_path, key_path) = match (&source.cert_path, &source.key_path) {
        (Some(c), Some(k)) => (c.clone(), k.clone()),
        _ => generated(&source.generated_dir, &source.names)?,
    };
    let certs = CertificateDer::pem_file_iter(&cert_path)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsError::Parse {
            path: cert_path.clone(),
            reason: e.to_string(),
        })?;
    let key = PrivateKeyDer::from_pem_file(&key_path).map_err(|e| TlsError::Parse {
        path: key_path.clone(),
        reason: e.to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    // gRPC clients refuse a TLS connection that does not settle on HTTP/2.
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// The generated certificate and key, made on first use.
fn generated(dir: &Path, names: &[String]) -> Result<(PathBuf, PathBuf), TlsError> {
    let (cert, key) = (dir.join("server.crt"), dir.join("server.key"));
    if cert.exists() && key.exists() {
        return Ok((cert, key));
    }
    let mut sans = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    for n in names {
        if !sans.contains(n) {
            sans.push(n.clone());
        }
    }
    let made = rcgen::generate_simple_self_signed(sans)?;
    let write = |path: &Path, text: String| {
        std::fs::create_dir_all(dir)
            .and_then(|()| write_private(path, text.as_bytes()))
            .map_err(|source| TlsError::Read {
                path: path.to_owned(),
                source,
            })
    };
    write(&key, made.signing_key.serialize_pem())?;
    write(&cert, made.cert.pem())?;
    tracing::info!(cert = %cert.display(), "Generated a self-signed TLS certificate.");
    Ok((cert, key))
}

/// Writes a file readable by its owner only (a key), through a temporary name.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// One accepted connection, in plaintext or TLS, or one made inside the process (the web
/// console calling the admin API through the same services, layers and checks as a remote
/// caller, without a TLS client or a loopback address of its own).
#[derive(Debug)]
pub enum Conn {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
    Local(tokio::io::DuplexStream),
}

impl Connected for Conn {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        match self {
            Conn::Plain(s) => s.connect_info(),
            Conn::Tls(s) => s.get_ref().0.connect_info(),
            Conn::Local(_) => TcpConnectInfo {
                local_addr: None,
                remote_addr: None,
            },
        }
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Local(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Local(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s).poll_flush(cx),
            Conn::Local(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Local(s) => Pin::new(s).poll_shutdown(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Tls(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Local(s) => Pin::new(s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Conn::Plain(s) => s.is_write_vectored(),
            Conn::Tls(s) => s.is_write_vectored(),
            Conn::Local(s) => s.is_write_vectored(),
        }
    }
}

/// Accepts connections until `stop` fires, sorting each into plaintext or TLS off the accept
/// loop (a slow or silent client holds only its own task, for at most the handshake timeout).
pub fn incoming(
    listener: TcpListener,
    mode: TlsMode,
    acceptor: Option<TlsAcceptor>,
    stop: CancellationToken,
    tasks: tokio_util::task::TaskTracker,
) -> (
    tokio_stream::wrappers::ReceiverStream<io::Result<Conn>>,
    crate::local_conn::LocalDialer,
) {
    let (tx, rx) = mpsc::channel(64);
    let local = crate::local_conn::LocalDialer::new(tx.clone());
    let accepting = tasks.clone();
    tasks.spawn(async move {
        loop {
            let (socket, peer) = tokio::select! {
                () = stop.cancelled() => return,
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: keep serving the others.
                        tracing::warn!(error = %e, "Accepting a connection failed.");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let (tx, acceptor, stop) = (tx.clone(), acceptor.clone(), stop.clone());
            accepting.spawn(async move {
                let sorted = tokio::select! {
                    () = stop.cancelled() => return,
                    sorted = tokio::time::timeout(
                        HANDSHAKE_TIMEOUT,
                        sort(socket, mode, acceptor.as_ref()),
                    ) => sorted,
                };
                match sorted {
                    Ok(Ok(Some(conn))) => {
                        let _ = tx.send(Ok(conn)).await;
                    }
                    Ok(Ok(None)) => {}
                    Ok(Err(e)) => tracing::debug!(%peer, error = %e, "Connection set-up failed."),
                    Err(_) => tracing::debug!(%peer, "Connection set-up timed out."),
                }
            });
        }
    });
    (tokio_stream::wrappers::ReceiverStream::new(rx), local)
}

/// Looks at the first byte and sets the connection up; `None` for a refused connection.
async fn sort(
    socket: TcpStream,
    mode: TlsMode,
    acceptor: Option<&TlsAcceptor>,
) -> io::Result<Option<Conn>> {
    socket.set_nodelay(true)?;
    let mut first = [0u8; 1];
    if socket.peek(&mut first).await? == 0 {
        return Ok(None);
    }
    match (first[0] == TLS_HANDSHAKE, mode, acceptor) {
        (true, TlsMode::Permissive | TlsMode::Enforcing, Some(acceptor)) => {
            let tls = acceptor.accept(socket).await?;
            Ok(Some(Conn::Tls(Box::new(tls))))
        }
        (false, TlsMode::Permissive | TlsMode::Disabled, _) => Ok(Some(Conn::Plain(socket))),
        _ => Ok(None),
    }
}

/// The addresses a generated certificate should name for a server listening on `listen` and
/// advertised as `advertise`.
pub fn names_for(listen: SocketAddr, advertise: Option<&str>) -> Vec<String> {
    let mut names = Vec::new();
    if !listen.ip().is_unspecified() {
        names.push(listen.ip().to_string());
    }
    if let Some(a) = advertise {
        let host = a.rsplit_once(':').map_or(a, |(h, _)| h);
        names.push(host.trim_matches(['[', ']']).to_owned());
    }
    if let Ok(h) = std::fs::read_to_string("/etc/hostname") {
        let h = h.trim();
        if !h.is_empty() {
            names.push(h.to_owned());
        }
    }
    names
}
