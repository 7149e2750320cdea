//! Abuse limits: per-client and per-token rate limits (429 with `Retry-After`, others
//! unaffected, lifted when the injected clock moves), the concurrency cap (503), and the
//! listener's own limits (header-read timeout, connection cap, graceful shutdown).

mod proxy_common;

use axum::Router;
use bulkwatch_server::proxy::{self, RateClock, ServeOptions, Settings};
use proxy_common::*;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn limited(up: &Recorder, client: u64, token: u64) -> Settings {
    let mut s = settings(&up.base());
    s.limits.client_requests_per_minute = Some(6);
    s.limits.client_burst = Some(client);
    s.limits.token_requests_per_minute = Some(6);
    s.limits.token_burst = Some(token);
    s
}

fn app_with(s: Settings, clock: &RateClock) -> Router {
    proxy::app_with_clock(s.validate().expect("valid"), clock.clone())
}

fn peer(ip: &str) -> SocketAddr {
    format!("{ip}:50000").parse().expect("addr")
}

fn with_token(token: &str) -> Vec<(String, String)> {
    good_headers()
        .into_iter()
        .map(|(k, v)| {
            if k == "authorization" {
                (k, format!("Zoho-oauthtoken {token}"))
            } else {
                (k, v)
            }
        })
        .collect()
}

#[tokio::test]
async fn per_client_limit_answers_429_and_spares_other_clients() {
    const N: usize = 3;
    let up = Recorder::ok().await;
    let clock = RateClock::manual();
    let app = app_with(limited(&up, N as u64, 1000), &clock);
    let a = peer("192.0.2.10");
    for i in 0..N {
        // Distinct tokens so only the client limit is in play.
        let r = request_from(a, "GET", DETAILS, &with_token(&format!("tok{i}")));
        assert_eq!(send(&app, r).await.status, 200, "request {i}");
    }
    let r = request_from(a, "GET", DETAILS, &with_token("tokX"));
    let refused = send(&app, r).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.code(), "PROXY_RATE_LIMITED");
    assert_eq!(
        refused.headers["retry-after"], "10",
        "6 per minute: one every 10 s"
    );
    assert_eq!(refused.headers["access-control-allow-origin"], ORIGIN);
    assert_eq!(
        up.requests().len(),
        N,
        "the refused request never reached Zoho"
    );

    let b = peer("198.51.100.20");
    let r = request_from(b, "GET", DETAILS, &with_token("tokY"));
    assert_eq!(
        send(&app, r).await.status,
        200,
        "another client is unaffected"
    );

    clock.advance(Duration::from_secs(10));
    let r = request_from(a, "GET", DETAILS, &with_token("tokZ"));
    assert_eq!(send(&app, r).await.status, 200, "lifted after Retry-After");
}

#[tokio::test]
async fn per_token_limit_applies_across_addresses() {
    const N: usize = 2;
    let up = Recorder::ok().await;
    let clock = RateClock::manual();
    let app = app_with(limited(&up, 1000, N as u64), &clock);
    for i in 0..N {
        let r = request_from(
            peer(&format!("192.0.2.{}", i + 1)),
            "GET",
            DETAILS,
            &good_headers(),
        );
        assert_eq!(send(&app, r).await.status, 200);
    }
    let r = request_from(peer("192.0.2.99"), "GET", DETAILS, &good_headers());
    let refused = send(&app, r).await;
    assert_eq!(refused.status, 429);
    assert!(refused.headers.contains_key("retry-after"));
    assert_eq!(up.requests().len(), N);
    let r = request_from(
        peer("192.0.2.99"),
        "GET",
        DETAILS,
        &with_token("another.token"),
    );
    assert_eq!(
        send(&app, r).await.status,
        200,
        "another token is unaffected"
    );
    // `Bearer` and `Zoho-oauthtoken` carry the same credential: one budget.
    let mut bearer = good_headers();
    bearer[2].1 = format!("Bearer {TOKEN}");
    let r = request_from(peer("192.0.2.100"), "GET", DETAILS, &bearer);
    assert_eq!(send(&app, r).await.status, 429);
}

#[tokio::test]
async fn per_client_limit_over_real_sockets() {
    const N: usize = 2;
    let up = Recorder::ok().await;
    let clock = RateClock::manual();
    let app = app_with(limited(&up, N as u64, 1000), &clock);
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    for _ in 0..N {
        let resp = raw_exchange(addr, Some("127.0.0.1"), &raw_get(DETAILS, &[])).await;
        assert_eq!(raw_status(&resp), 200, "{resp}");
    }
    let resp = raw_exchange(addr, Some("127.0.0.1"), &raw_get(DETAILS, &[])).await;
    assert_eq!(raw_status(&resp), 429, "{resp}");
    assert!(
        resp.to_ascii_lowercase().contains("retry-after: 10"),
        "{resp}"
    );
    let resp = raw_exchange(addr, Some("127.0.0.2"), &raw_get(DETAILS, &[])).await;
    assert_eq!(
        raw_status(&resp),
        200,
        "another address is unaffected: {resp}"
    );
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.requests().len(), N + 1);
}

#[tokio::test]
async fn client_address_from_a_trusted_header() {
    let up = Recorder::ok().await;
    let clock = RateClock::manual();
    let mut s = limited(&up, 1, 1000);
    s.client_address = Some("header:X-Real-IP".into());
    let app = app_with(s, &clock);
    let with_ip = |ip: &str, tok: &str| {
        let mut h = with_token(tok);
        h.push(("x-real-ip".into(), ip.into()));
        h
    };
    assert_eq!(
        send(&app, request("GET", DETAILS, &with_ip("203.0.113.1", "a1")))
            .await
            .status,
        200
    );
    assert_eq!(
        send(&app, request("GET", DETAILS, &with_ip("203.0.113.1", "a2")))
            .await
            .status,
        429
    );
    assert_eq!(
        send(&app, request("GET", DETAILS, &with_ip("203.0.113.2", "a3")))
            .await
            .status,
        200
    );
    assert_eq!(
        send(&app, request("GET", DETAILS, &with_token("a4")))
            .await
            .status,
        400,
        "missing header"
    );
    let junk = with_ip("not-an-ip", "a5");
    assert_eq!(send(&app, request("GET", DETAILS, &junk)).await.status, 400);
}

#[tokio::test]
async fn concurrency_cap_answers_503_without_contacting_zoho() {
    let seen = Arc::new(AtomicUsize::new(0));
    let first_arrived = Arc::new(tokio::sync::Notify::new());
    let (seen2, notify) = (seen.clone(), first_arrived.clone());
    let up = Recorder::start(move |_| {
        if seen2.fetch_add(1, Ordering::SeqCst) == 0 {
            notify.notify_one();
            vec![Step::Hang]
        } else {
            json("200 OK", "{}")
        }
    })
    .await;
    let mut s = settings(&up.base());
    s.limits.max_concurrent_upstream = Some(1);
    s.timeouts.first_byte_ms = Some(30_000);
    s.timeouts.total_ms = Some(60_000);
    let app = router(s);
    let app2 = app.clone();
    let a = tokio::spawn(async move { get(&app2, DETAILS).await });
    first_arrived.notified().await;
    let b = get(&app, DETAILS).await;
    assert_eq!(b.status, 503);
    assert_eq!(b.code(), "PROXY_BUSY");
    assert_eq!(b.headers["retry-after"], "1");
    assert_eq!(
        seen.load(Ordering::SeqCst),
        1,
        "the refused request never reached Zoho"
    );
    a.abort();
    let _ = a.await;
    assert_eq!(get(&app, DETAILS).await.status, 200, "the slot is returned");
}

#[tokio::test]
async fn slow_request_heads_are_cut_off() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let (addr, stop, task) = spawn_proxy(app, Duration::from_millis(300)).await;
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /eu/crm/bulk/v8/write/1 HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the proxy closed the connection");
    assert!(started.elapsed() < Duration::from_secs(3));
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn connection_cap_closes_extra_connections() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let opts = ServeOptions {
        max_connections: 1,
        header_read_timeout: Duration::from_secs(5),
        drain_timeout: Duration::from_secs(1),
    };
    let (addr, stop, task) = spawn_proxy_with(app, opts).await;
    let _held = tokio::net::TcpStream::connect(addr).await.expect("first");
    let mut second = tokio::net::TcpStream::connect(addr)
        .await
        .expect("second connects");
    let _ = second.write_all(&raw_get(DETAILS, &[])).await;
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), second.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "closed at once");
    assert!(out.is_empty(), "no answer on a connection over the cap");
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn graceful_shutdown_lets_in_flight_requests_finish() {
    let arrived = Arc::new(tokio::sync::Notify::new());
    let n = arrived.clone();
    let up = Recorder::start(move |_| {
        n.notify_one();
        let mut steps = vec![Step::Pause(Duration::from_millis(100))];
        steps.extend(json("200 OK", r#"{"status":"COMPLETED"}"#));
        steps
    })
    .await;
    let app = router(settings(&up.base()));
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let raw = raw_get(DETAILS, &[]);
    let in_flight = tokio::spawn(async move { raw_exchange(addr, None, &raw).await });
    arrived.notified().await;
    let _ = stop.send(());
    let resp = in_flight.await.expect("task");
    assert_eq!(raw_status(&resp), 200, "{resp}");
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("server stopped")
        .expect("no panic");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let (addr, stop, task) = spawn_proxy(app, Duration::from_millis(300)).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = String::from_utf8(raw_get(DETAILS, &[]))
        .expect("utf8")
        .replace("Connection: close\r\n", "");
    stream.write_all(req.as_bytes()).await.expect("write");
    let started = Instant::now();
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "an idle keep-alive connection is closed");
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"));
    assert!(started.elapsed() < Duration::from_secs(3));
    let _ = stop.send(());
    let _ = task.await;
}
