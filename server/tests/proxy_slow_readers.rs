//! Slow readers cannot starve the proxy: a client that stops reading a result download loses
//! its upstream slot and its connection once it leaves a chunk waiting past the idle limit
//! (real sockets that never read, a download far larger than the socket buffers), a client
//! that reads just fast enough is still cut at the total deadline, and one client address
//! cannot hold more than its share of downloads open at once.

mod proxy_common;

use axum::body::Body;
use axum::http::Response;
use proxy_common::*;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

/// Far more than the kernel buffers between the proxy and a client can absorb.
const BIG: usize = 24 * 1024 * 1024;
const PIECE: usize = 64 * 1024;

fn big_download() -> Vec<Step> {
    vec![
        Step::Write(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {BIG}\r\n\r\n"
            )
            .into_bytes(),
        ),
        Step::Repeat(vec![b'z'; PIECE], BIG / PIECE),
    ]
}

/// Connects with a small receive buffer, asks for the download and never reads.
async fn never_reading_client(addr: SocketAddr) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("rcvbuf");
    let mut stream = socket.connect(addr).await.expect("connect");
    stream
        .write_all(&raw_get(DOWNLOAD, &[]))
        .await
        .expect("request sent");
    stream
}

#[tokio::test]
async fn clients_that_never_read_lose_their_upstream_slot_and_connection() {
    let up = Recorder::start(|r| {
        if r.target.ends_with(".zip") {
            big_download()
        } else {
            json("200 OK", r#"{"status":"COMPLETED"}"#)
        }
    })
    .await;
    let mut s = settings(&up.base());
    s.limits.max_concurrent_upstream = Some(2);
    // A generous total deadline: it is the idle limit on the client side that must cut them.
    s.timeouts.idle_body_ms = Some(400);
    let (addr, stop, task) = spawn_proxy(router(s), Duration::from_secs(5)).await;

    let started = Instant::now();
    let mut stalled = Vec::new();
    for _ in 0..2 {
        stalled.push(never_reading_client(addr).await);
    }
    tokio::time::timeout(Duration::from_secs(15), up.wait_ended(2))
        .await
        .expect("the proxy let go of both upstream downloads although their clients never read");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "cut after {took:?}");

    // Both slots are free again: another client is served, not told the proxy is busy.
    let resp = raw_exchange(addr, None, &raw_get(DETAILS, &[])).await;
    assert_eq!(raw_status(&resp), 200, "{resp}");

    // And the stalled clients' connections were closed, short of the whole file.
    for mut client in stalled {
        let mut got = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), client.read_to_end(&mut got))
            .await
            .expect("the proxy closed the stalled client's connection");
        assert!(
            read.is_err() || got.len() < BIG,
            "a stalled client got the whole file"
        );
    }
    let _ = stop.send(());
    let _ = task.await;
}

#[tokio::test]
async fn a_client_reading_just_fast_enough_is_cut_at_the_total_deadline() {
    let up = Recorder::start(|_| big_download()).await;
    let mut s = settings(&up.base());
    // The idle limit as long as the total: whichever the proxy sees first, the cut comes by 2 s.
    s.timeouts.idle_body_ms = Some(2_000);
    s.timeouts.total_ms = Some(2_000);
    s.timeouts.first_byte_ms = Some(1_000);
    s.timeouts.connect_ms = Some(1_000);
    let (addr, stop, task) = spawn_proxy(router(s), Duration::from_secs(5)).await;
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("rcvbuf");
    let mut client = socket.connect(addr).await.expect("connect");
    client
        .write_all(&raw_get(DOWNLOAD, &[]))
        .await
        .expect("request sent");
    let started = Instant::now();
    // 16 KiB every 50 ms: never idle for long, but 24 MiB would take over a minute.
    let reading = async {
        let mut got = 0usize;
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            match client.read(&mut buf).await {
                Ok(0) | Err(_) => return got,
                Ok(n) => got += n,
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let got = tokio::time::timeout(Duration::from_secs(15), reading)
        .await
        .expect("the proxy closed the connection at the total deadline");
    let took = started.elapsed();
    assert!(got < BIG, "the whole file arrived after {took:?}");
    assert!(took < Duration::from_secs(10), "cut after {took:?}");
    tokio::time::timeout(Duration::from_secs(10), up.wait_ended(1))
        .await
        .expect("Zoho's connection was dropped too");
    let _ = stop.send(());
    let _ = task.await;
}

#[tokio::test]
async fn one_client_address_holds_only_its_share_of_downloads() {
    // Head and a first chunk, then silence: each download stays open as long as its body is held.
    let up = Recorder::start(|_| {
        vec![
            Step::Write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 100000\r\n\r\n"
                    .to_vec(),
            ),
            Step::Write(vec![b'z'; 1000]),
            Step::Hang,
        ]
    })
    .await;
    let app = router(settings(&up.base()));
    let from = |ip: &str| -> SocketAddr { format!("{ip}:40000").parse().expect("addr") };
    let open = |peer: SocketAddr| {
        let app = app.clone();
        async move {
            app.oneshot(request_from(peer, "GET", DOWNLOAD, &good_headers()))
                .await
                .expect("infallible")
        }
    };
    // The default share is 4.
    let mut held: Vec<Response<Body>> = Vec::new();
    for _ in 0..4 {
        let resp = open(from("192.0.2.10")).await;
        assert_eq!(resp.status(), 200);
        held.push(resp);
    }
    let refused = open(from("192.0.2.10")).await;
    assert_eq!(
        refused.status(),
        429,
        "a fifth download from the same address"
    );
    assert!(refused.headers().contains_key("retry-after"));
    let other = open(from("192.0.2.11")).await;
    assert_eq!(other.status(), 200, "another address is unaffected");
    assert_eq!(up.connections(), 5, "the refused one never reached Zoho");
    // A download that ends gives its place back.
    drop(held.pop());
    assert_eq!(open(from("192.0.2.10")).await.status(), 200);
}
