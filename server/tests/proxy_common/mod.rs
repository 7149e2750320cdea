//! Shared helpers for the proxy tests: a configuration for tests, and request helpers for
//! `oneshot` and real sockets. The recording upstream is in [`upstream`], the simulator as an
//! upstream in [`sim`], the backend-for-frontend helpers in [`bff`].
#![allow(dead_code)]

pub mod bff;
pub mod sim;
pub mod upstream;

pub use upstream::*;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use bulkwatch_server::proxy::{self, RateClock, Settings};
use bytes::Bytes;
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// The allowlisted origin of the tests.
pub const ORIGIN: &str = "https://crm.example.com";
/// A token used by tests (not a real one).
pub const TOKEN: &str = "1000.0123456789abcdef.fedcba9876543210";
/// A job-details target on the overridden site.
pub const DETAILS: &str = "/eu/crm/bulk/v8/write/4242424242";
/// A download target on the overridden site.
pub const DOWNLOAD: &str = "/eu/download/v2/crm/org6196138/bulk-write/4242/4242.zip";

/// Test settings: the test origin, `eu` sent to `upstream`, generous rate limits, and deadlines
/// no healthy exchange meets even on a loaded machine (a request that must succeed never races
/// a clock). Tests about the deadlines themselves use [`short_deadlines`].
pub fn settings(upstream: &str) -> Settings {
    let mut s = Settings {
        allowed_origins: Some(vec![ORIGIN.to_owned(), "http://localhost:5173".to_owned()]),
        allow_test_upstreams: Some(true),
        test_upstreams: BTreeMap::from([("eu".to_owned(), upstream.to_owned())]),
        ..Settings::default()
    };
    s.timeouts.connect_ms = Some(5_000);
    s.timeouts.first_byte_ms = Some(10_000);
    s.timeouts.idle_body_ms = Some(5_000);
    s.timeouts.total_ms = Some(30_000);
    s.timeouts.header_read_ms = Some(5_000);
    s.limits.client_requests_per_minute = Some(10_000);
    s.limits.client_burst = Some(10_000);
    s.limits.token_requests_per_minute = Some(10_000);
    s.limits.token_burst = Some(10_000);
    s
}

/// Short deadlines (first byte 300 ms, idle 200 ms, total 800 ms, request head 300 ms), for
/// the tests that a silent or dripping peer is cut off, and cut off fast.
pub fn short_deadlines(mut s: Settings) -> Settings {
    s.timeouts.connect_ms = Some(500);
    s.timeouts.first_byte_ms = Some(300);
    s.timeouts.idle_body_ms = Some(200);
    s.timeouts.total_ms = Some(800);
    s.timeouts.header_read_ms = Some(300);
    s
}

/// The router for settings, with a manual rate clock.
pub fn router(s: Settings) -> Router {
    proxy::app_with_clock(
        s.validate().expect("valid test settings"),
        RateClock::manual(),
    )
}

/// Headers of a well-formed proxied request.
pub fn good_headers() -> Vec<(String, String)> {
    vec![
        ("origin".into(), ORIGIN.into()),
        ("x-bulkwatch".into(), "1".into()),
        ("authorization".into(), format!("Zoho-oauthtoken {TOKEN}")),
    ]
}

/// Builds a request from client address 127.0.0.1:40000.
pub fn request(method: &str, target: &str, headers: &[(String, String)]) -> Request<Body> {
    request_from(
        "127.0.0.1:40000".parse().expect("addr"),
        method,
        target,
        headers,
    )
}

/// Builds a request from a given client address.
pub fn request_from(
    peer: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(String, String)],
) -> Request<Body> {
    try_request_from(peer, method, target, headers).expect("a request the http crate can express")
}

/// Builds a request, or `None` when the `http` crate cannot even express the target (such
/// targets are then only tested as raw bytes on a socket).
pub fn try_request(
    method: &str,
    target: &str,
    headers: &[(String, String)],
) -> Option<Request<Body>> {
    try_request_from(
        "127.0.0.1:40000".parse().expect("addr"),
        method,
        target,
        headers,
    )
}

fn try_request_from(
    peer: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(String, String)],
) -> Option<Request<Body>> {
    let mut b = Request::builder().method(method).uri(target);
    for (k, v) in headers {
        b = b.header(k.as_str(), v.as_str());
    }
    let mut req = b.body(Body::empty()).ok()?;
    req.extensions_mut().insert(ConnectInfo(peer));
    Some(req)
}

/// A response, fully read (or the body error's presence).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Result<Bytes, String>,
    /// Body bytes received before the end or the error.
    pub received: usize,
}

impl Answer {
    pub fn text(&self) -> String {
        match &self.body {
            Ok(b) => String::from_utf8_lossy(b).into_owned(),
            Err(e) => format!("<body error: {e}>"),
        }
    }

    /// The `code` of a JSON error body.
    pub fn code(&self) -> String {
        let v: serde_json::Value = serde_json::from_str(&self.text()).unwrap_or_default();
        v["code"].as_str().unwrap_or("").to_owned()
    }
}

/// Sends through `oneshot` and reads the whole body; bounded so a bug cannot hang the suite.
pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    let fut = async {
        let resp = router.clone().oneshot(req).await.expect("infallible");
        let (parts, mut body) = resp.into_parts();
        let mut buf = Vec::new();
        let result = loop {
            match body.frame().await {
                None => break Ok(()),
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        buf.extend_from_slice(data);
                    }
                }
                Some(Err(e)) => break Err(e.to_string()),
            }
        };
        let received = buf.len();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body: result.map(|()| Bytes::from(buf)),
            received,
        }
    };
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .expect("answer within 10 s")
}

/// GET with the good headers.
pub async fn get(router: &Router, target: &str) -> Answer {
    send(router, request("GET", target, &good_headers())).await
}

/// Starts the proxy on a real loopback socket; returns its address, a shutdown trigger and
/// the server task.
pub async fn spawn_proxy(
    router: Router,
    header_read: Duration,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, JoinHandle<()>) {
    spawn_proxy_with(
        router,
        proxy::ServeOptions {
            max_connections: 64,
            header_read_timeout: header_read,
            drain_timeout: Duration::from_secs(2),
        },
    )
    .await
}

/// As [`spawn_proxy`], with explicit connection limits.
pub async fn spawn_proxy_with(
    router: Router,
    opts: proxy::ServeOptions,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(proxy::serve_router(listener, router, opts, async {
        let _ = rx.await;
    }));
    (addr, tx, task)
}

/// Writes raw bytes to `addr` (optionally from a given local IP) and reads until the server
/// closes. Returns the raw response text.
pub async fn raw_exchange(addr: SocketAddr, local_ip: Option<&str>, bytes: &[u8]) -> String {
    let fut = async {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        if let Some(ip) = local_ip {
            socket
                .bind(format!("{ip}:0").parse().expect("ip"))
                .expect("bind local");
        }
        let mut stream = socket.connect(addr).await.expect("connect");
        let _ = stream.write_all(bytes).await;
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out).await;
        String::from_utf8_lossy(&out).into_owned()
    };
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .expect("raw answer within 10 s")
}

/// A raw GET request with the good headers and `Connection: close`.
pub fn raw_get(target: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut s = format!("GET {target} HTTP/1.1\r\nHost: proxy.test\r\nConnection: close\r\n");
    for (k, v) in good_headers() {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    for (k, v) in extra {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s.into_bytes()
}

/// The status code of a raw response.
pub fn raw_status(resp: &str) -> u16 {
    resp.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A `MakeWriter` that keeps everything written, for log assertions.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

/// The writer handed out by [`Capture`].
pub struct CaptureWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for CaptureWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = CaptureWriter;
    fn make_writer(&'a self) -> CaptureWriter {
        CaptureWriter(self.0.clone())
    }
}

impl Capture {
    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }

    /// Installs the binary's JSON subscriber at TRACE for all targets, writing here, for the
    /// current thread until the guard drops.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        let sub = proxy::logging::subscriber(
            proxy::logging::LogFormat::Json,
            tracing_subscriber::EnvFilter::new("trace"),
            self.clone(),
            false,
        );
        tracing::subscriber::set_default(sub)
    }
}
