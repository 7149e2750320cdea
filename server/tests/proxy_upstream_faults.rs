//! Bad upstreams: each ends in a bounded 502 or 504 (or, once a download has started
//! streaming, in a visibly aborted body), never a hang or a panic, and never more than the
//! size cap held or relayed. Where a deadline is what is tested (silence, drips) the deadlines
//! are short (first byte 300 ms, idle 200 ms, total 800 ms) so nothing waits long; elsewhere they
//! are generous, so a malformed answer is refused for its framing, never because a loaded
//! machine let a clock run out. The slow upstreams pause, the tests never do.

mod proxy_common;

use proxy_common::*;
use std::time::{Duration, Instant};

const CAP_DETAILS: usize = 64 * 1024;
const CAP_DOWNLOAD: usize = 128 * 1024;
/// Every fault must be answered well within this.
const BOUND: Duration = Duration::from_secs(3);

/// Whether the deadlines matter to the fault under test.
#[derive(Clone, Copy, PartialEq)]
enum Deadlines {
    Short,
    Generous,
}

fn faulty_settings(up: &Recorder, deadlines: Deadlines) -> bulkwatch_server::proxy::Settings {
    let mut s = settings(&up.base());
    s.limits.max_details_bytes = Some(CAP_DETAILS as u64);
    s.limits.max_download_bytes = Some(CAP_DOWNLOAD as u64);
    match deadlines {
        Deadlines::Short => short_deadlines(s),
        Deadlines::Generous => s,
    }
}

/// Runs `target` against an upstream playing `steps`; returns the answer and its duration.
async fn against(target: &str, steps: Vec<Step>, deadlines: Deadlines) -> (Answer, Duration) {
    let up = Recorder::start(move |_| steps.clone()).await;
    let app = router(faulty_settings(&up, deadlines));
    let started = Instant::now();
    let a = get(&app, target).await;
    (a, started.elapsed())
}

fn head(extra: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}\r\n").into_bytes()
}

fn w(bytes: &[u8]) -> Step {
    Step::Write(bytes.to_vec())
}

/// A 504 is about a deadline, so it is tested with short ones; a 502 with generous ones.
async fn expect_status(target: &str, steps: Vec<Step>, want: u16, what: &str) {
    let deadlines = if want == 504 {
        Deadlines::Short
    } else {
        Deadlines::Generous
    };
    let (a, took) = against(target, steps, deadlines).await;
    assert_eq!(a.status, want, "{what}: {}", a.text());
    assert!(
        a.code() == "PROXY_BAD_UPSTREAM" || a.code() == "PROXY_UPSTREAM_TIMEOUT",
        "{what}"
    );
    assert!(took < BOUND, "{what} took {took:?}");
    assert_eq!(
        a.headers["access-control-allow-origin"], ORIGIN,
        "{what}: readable error"
    );
}

#[tokio::test]
async fn bad_content_length() {
    for (what, steps) in [
        (
            "not a number",
            vec![w(&head("Content-Length: abc\r\n")), w(b"{}")],
        ),
        (
            "negative",
            vec![w(&head("Content-Length: -5\r\n")), w(b"{}")],
        ),
        (
            "two values",
            vec![
                w(&head("Content-Length: 2\r\nContent-Length: 3\r\n")),
                w(b"{}"),
            ],
        ),
        (
            "longer than sent",
            vec![w(&head("Content-Length: 1000\r\n")), w(b"{\"a\":1}")],
        ),
        (
            "overflowing",
            vec![
                w(&head("Content-Length: 99999999999999999999999\r\n")),
                w(b"{}"),
            ],
        ),
    ] {
        expect_status(DETAILS, steps, 502, what).await;
    }
}

#[tokio::test]
async fn lying_chunked_encoding() {
    let te = "Transfer-Encoding: chunked\r\n";
    for (what, steps) in [
        (
            "bad chunk size",
            vec![w(&head(te)), w(b"zz\r\nhello\r\n0\r\n\r\n")],
        ),
        (
            "chunk shorter than declared",
            vec![w(&head(te)), w(b"64\r\nhello")],
        ),
        (
            "no terminating chunk",
            vec![w(&head(te)), w(b"5\r\nhello\r\n")],
        ),
        (
            "size overflow",
            vec![w(&head(te)), w(b"fffffffffffffffffffff\r\nx\r\n")],
        ),
        (
            "chunk without CRLF",
            vec![w(&head(te)), w(b"5\r\nhelloXX0\r\n\r\n")],
        ),
        (
            "chunked and length",
            vec![
                w(&head("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n")),
                w(b"zz\r\n"),
            ],
        ),
    ] {
        expect_status(DETAILS, steps, 502, what).await;
    }
}

#[tokio::test]
async fn garbage_and_resets() {
    for (what, steps) in [
        ("not http", vec![w(b"HELLO THERE\r\n\r\n")]),
        ("empty answer", vec![]),
        ("reset before answering", vec![Step::Reset]),
        ("reset mid-head", vec![w(b"HTTP/1.1 200 OK\r\nContent-Ty"), Step::Reset]),
        ("reset mid-body", vec![w(&head("Content-Length: 1000\r\n")), w(&[b'x'; 100]), Step::Reset]),
        ("huge header", vec![w(format!("HTTP/1.1 200 OK\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20)).as_bytes())]),
        ("status 999", vec![w(b"HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n")]),
        ("switching protocols", vec![w(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n")]),
    ] {
        expect_status(DETAILS, steps, 502, what).await;
    }
}

#[tokio::test]
async fn unreachable_upstream_is_a_502() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = listener.local_addr().expect("addr");
    drop(listener);
    let app = router(settings(&format!("http://{closed}")));
    let a = get(&app, DETAILS).await;
    assert_eq!(a.status, 502);
    assert_eq!(a.code(), "PROXY_BAD_UPSTREAM");
    assert!(
        !a.text().contains(&closed.port().to_string()),
        "no internals in the body"
    );
}

#[tokio::test]
async fn silence_and_drips_are_504() {
    let drip = |pause_ms: u64| {
        let mut steps = vec![w(&head("Content-Length: 100\r\n"))];
        for _ in 0..100 {
            steps.push(w(b" "));
            steps.push(Step::Pause(Duration::from_millis(pause_ms)));
        }
        steps
    };
    for (what, steps) in [
        ("silence", vec![Step::Hang]),
        (
            "head then silence",
            vec![w(&head("Content-Length: 100\r\n")), Step::Hang],
        ),
        (
            "half a head then silence",
            vec![w(b"HTTP/1.1 200 OK\r\n"), Step::Hang],
        ),
        // Each byte within the idle timeout: only the total deadline stops it.
        ("one byte every 150 ms", drip(150)),
        // Each byte after the idle timeout.
        ("one byte every 400 ms", drip(400)),
    ] {
        expect_status(DETAILS, steps, 504, what).await;
    }
}

#[tokio::test]
async fn twice_the_cap_is_refused_with_and_without_length() {
    let big = vec![b'x'; 2 * CAP_DETAILS];
    let with_len = {
        let mut v = head(&format!("Content-Length: {}\r\n", big.len()));
        v.extend_from_slice(&big);
        vec![Step::Write(v)]
    };
    expect_status(DETAILS, with_len, 502, "2x cap with length").await;

    let chunk = |n: usize| {
        let mut c = format!("{n:x}\r\n").into_bytes();
        c.extend(std::iter::repeat_n(b'x', n));
        c.extend_from_slice(b"\r\n");
        c
    };
    let without_len = vec![
        w(&head("Transfer-Encoding: chunked\r\n")),
        Step::Repeat(chunk(4096), 2 * CAP_DETAILS / 4096),
        w(b"0\r\n\r\n"),
    ];
    expect_status(DETAILS, without_len, 502, "2x cap chunked").await;

    // Endless: the proxy stops at the cap instead of reading (or holding) forever.
    let endless = vec![
        w(&head("Transfer-Encoding: chunked\r\n")),
        Step::Repeat(chunk(16 * 1024), 1_000_000),
    ];
    expect_status(DETAILS, endless, 502, "endless chunked").await;

    let lying_small = {
        let mut v = head("Content-Length: 10\r\n");
        v.extend_from_slice(&big);
        vec![Step::Write(v)]
    };
    let (a, _) = against(DETAILS, lying_small, Deadlines::Generous).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.body.map(|b| b.len()).ok(),
        Some(10),
        "framing is by the declared length"
    );
}

#[tokio::test]
async fn download_faults_before_streaming_are_clean_statuses() {
    let big = 2 * CAP_DOWNLOAD;
    for (what, steps, want) in [
        ("silence", vec![Step::Hang], 504),
        (
            "head then silence",
            vec![w(&head("Content-Length: 100\r\n")), Step::Hang],
            504,
        ),
        ("bad length", vec![w(&head("Content-Length: abc\r\n"))], 502),
        (
            "bad chunk",
            vec![w(&head("Transfer-Encoding: chunked\r\n")), w(b"zz\r\n")],
            502,
        ),
        ("reset", vec![Step::Reset], 502),
        (
            "2x cap with length",
            vec![
                w(&head(&format!("Content-Length: {big}\r\n"))),
                Step::Repeat(vec![b'x'; 1024], big / 1024),
            ],
            502,
        ),
    ] {
        expect_status(DOWNLOAD, steps, want, what).await;
    }
}

#[tokio::test]
async fn download_faults_while_streaming_abort_the_body_within_the_cap() {
    let chunked = || w(&head("Transfer-Encoding: chunked\r\n"));
    let chunk = |n: usize| {
        let mut c = format!("{n:x}\r\n").into_bytes();
        c.extend(std::iter::repeat_n(b'z', n));
        c.extend_from_slice(b"\r\n");
        c
    };
    for (what, steps) in [
        (
            "2x cap chunked",
            vec![
                chunked(),
                Step::Repeat(chunk(4096), 2 * CAP_DOWNLOAD / 4096),
                w(b"0\r\n\r\n"),
            ],
        ),
        (
            "endless",
            vec![chunked(), Step::Repeat(chunk(4096), 1_000_000)],
        ),
        (
            "reset mid-body",
            vec![
                w(&head("Content-Length: 100000\r\n")),
                w(&[b'z'; 5000]),
                Step::Pause(Duration::from_millis(20)),
                Step::Reset,
            ],
        ),
        (
            "short body",
            vec![w(&head("Content-Length: 100000\r\n")), w(&[b'z'; 5000])],
        ),
        (
            "silence mid-body",
            vec![chunked(), w(&chunk(10)), Step::Hang],
        ),
        ("drip mid-body", {
            let mut s = vec![chunked(), w(&chunk(10))];
            for _ in 0..50 {
                s.push(Step::Pause(Duration::from_millis(150)));
                s.push(w(&chunk(1)));
            }
            s
        }),
    ] {
        // Silence and drips mid-body are cut by the deadlines; every outcome below is allowed
        // for every fault, so short deadlines cannot turn a pass into a failure.
        let (a, took) = against(DOWNLOAD, steps, Deadlines::Short).await;
        assert!(took < BOUND, "{what} took {took:?}");
        assert!(
            a.received <= CAP_DOWNLOAD,
            "{what}: relayed {} bytes",
            a.received
        );
        match a.status.as_u16() {
            200 => assert!(
                a.body.is_err(),
                "{what}: a failed stream must not look complete"
            ),
            502 | 504 => {}
            other => panic!("{what}: {other}"),
        }
    }
}

#[tokio::test]
async fn a_truncated_download_is_visible_to_a_real_http_client() {
    let up = Recorder::start(|_| {
        vec![
            Step::Write(b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 100000\r\n\r\n".to_vec()),
            Step::Write(vec![b'z'; 5000]),
            Step::Pause(Duration::from_millis(20)),
            Step::Reset,
        ]
    })
    .await;
    let app = router(faulty_settings(&up, Deadlines::Generous));
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let mut req = client.get(format!("http://{addr}{DOWNLOAD}"));
    for (k, v) in good_headers() {
        req = req.header(k, v);
    }
    let resp = req.send().await.expect("head arrives");
    assert_eq!(resp.status(), 200);
    assert!(
        resp.bytes().await.is_err(),
        "the client must see the transfer fail"
    );
    let _ = stop.send(());
    let _ = task.await;
}
