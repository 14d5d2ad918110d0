//! A gRPC service that can be switched on and off while the server runs: a slave serves its
//! dead master's queues only while it acts for it, on the port it already listens on (tonic
//! fixes a server's routes when it starts). While off, calls get UNAVAILABLE.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::sync::Arc;
use std::task::{Context, Poll};

use parking_lot::RwLock;
use tonic::body::Body;
use tonic::codegen::{BoxFuture, Bytes, StdError, http};
use tonic::server::NamedService;
use tower::util::BoxCloneSyncService;
use tower::{Service, ServiceExt};

type Boxed = BoxCloneSyncService<http::Request<Body>, http::Response<Body>, Infallible>;

/// Serves as `N` (whose name it routes by) whatever service was last [`Switch::set`].
pub struct Switch<N> {
    current: Arc<RwLock<Option<Boxed>>>,
    why_off: &'static str,
    name: PhantomData<fn() -> N>,
}

impl<N> Clone for Switch<N> {
    fn clone(&self) -> Self {
        Self {
            current: self.current.clone(),
            why_off: self.why_off,
            name: PhantomData,
        }
    }
}

impl<N> Switch<N> {
    /// Off until set; `why_off` is what callers are told meanwhile.
    pub fn off(why_off: &'static str) -> Self {
        Self {
            current: Arc::new(RwLock::new(None)),
            why_off,
            name: PhantomData,
        }
    }

    /// Serves `service` from the next call on.
    pub fn set<S, B>(&self, service: S)
    where
        S: Service<http::Request<Body>, Response = http::Response<B>, Error = Infallible>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
        B: tonic::codegen::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<StdError>,
    {
        let boxed = BoxCloneSyncService::new(service.map_response(|r| r.map(Body::new)));
        *self.current.write() = Some(boxed);
    }

    /// Answers UNAVAILABLE from the next call on (calls under way finish).
    pub fn clear(&self) {
        *self.current.write() = None;
    }
}

impl<N: NamedService> NamedService for Switch<N> {
    const NAME: &'static str = N::NAME;
}

impl<N> Service<http::Request<Body>> for Switch<N> {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Infallible>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The generated services are always ready; the one switched on is asked per call.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let current = self.current.read().clone();
        let why_off = self.why_off;
        Box::pin(async move {
            match current {
                Some(service) => service.oneshot(request).await,
                None => Ok(tonic::Status::unavailable(why_off).into_http()),
            }
        })
    }
}
