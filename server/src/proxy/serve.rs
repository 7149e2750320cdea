//! The listener: HTTP/1.1 with a header-read timeout and bounded buffers, a cap on open
//! connections, the client's address and a [`Closer`] for its connection attached to each
//! request, and graceful shutdown that stops accepting and lets in-flight requests finish
//! (bounded by a drain timeout).

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};
use tower::ServiceExt;

/// Closes the client connection a request arrived on. A download whose client stopped reading
/// is cut with it: the HTTP server never polls the body of a client that does not read, so
/// only closing the connection frees it (and its connection slot).
#[derive(Clone, Debug, Default)]
pub struct Closer(Arc<Notify>);

impl Closer {
    /// Asks the connection to close now (in-flight bytes are dropped).
    pub fn close(&self) {
        self.0.notify_one();
    }

    async fn closed(&self) {
        self.0.notified().await;
    }
}

/// Largest request head accepted (the longest legitimate one is well under 4 KiB).
const MAX_BUF: usize = 64 * 1024;
/// Most header lines accepted.
const MAX_HEADERS: usize = 64;

/// Connection-level limits.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// Open connections beyond this are closed at once.
    pub max_connections: usize,
    /// A client must send a full request head within this time.
    pub header_read_timeout: Duration,
    /// After shutdown is requested, in-flight requests get this long to finish.
    pub drain_timeout: Duration,
}

/// A second handle on a connection's socket. Armed, dropping it (after the connection) resets
/// the connection instead of closing it gracefully: a graceful close would still deliver the
/// megabytes the kernel holds for a client that reads slowly, long after its deadline.
struct AbortHandle(Option<socket2::Socket>);

impl AbortHandle {
    #[cfg(unix)]
    fn of(stream: &tokio::net::TcpStream) -> Self {
        use std::os::fd::AsFd;
        let dup = stream.as_fd().try_clone_to_owned().ok();
        AbortHandle(dup.map(socket2::Socket::from))
    }

    #[cfg(not(unix))]
    fn of(_stream: &tokio::net::TcpStream) -> Self {
        AbortHandle(None)
    }

    fn arm(&self) {
        if let Some(socket) = &self.0 {
            let _ = socket.set_linger(Some(Duration::ZERO));
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains.
pub async fn serve_router(
    listener: TcpListener,
    router: Router,
    opts: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(opts.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(opts.header_read_timeout)
        .max_buf_size(MAX_BUF)
        .max_headers(MAX_HEADERS)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(_) => {
                    // Out of descriptors or an aborted handshake: back off briefly instead of
                    // spinning.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let abort = AbortHandle::of(&stream);
        let closer = Closer::default();
        let for_requests = closer.clone();
        let svc = router
            .clone()
            .map_request(move |mut req: Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req.extensions_mut().insert(for_requests.clone());
                req
            });
        let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // Dropping the connection future closes the socket; a cut one is reset, so the
            // bytes still queued for the client are dropped rather than delivered.
            tokio::select! {
                _ = conn => {}
                () = closer.closed() => abort.arm(),
            }
            drop(abort);
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!(target: super::logging::TARGET, "shutting down: draining connections");
    if tokio::time::timeout(opts.drain_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(target: super::logging::TARGET, "drain timeout: closing remaining connections");
    }
}

/// Resolves on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
