//! The simulator as a process, over real sockets: it answers only for the names it serves
//! (the bound address, loopback names for its port, names given with `--allow-host`), so a
//! DNS-rebinding page cannot read it; and its pages carry the strict policy as a header, with
//! `frame-ancestors 'none'`, word for word the meta policy of `index.html`.

use bulkwatch_server::sim::PAGE_CSP;
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Starts `bulkwatch simulate` on a free loopback port with the repository as its static site.
async fn start(extra: &[&str]) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulkwatch"))
        .args(["simulate", "--listen", "127.0.0.1:0", "--seed", "1"])
        .args(["--static-dir", ROOT, "--token", "tok"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("the simulator starts")
        .expect("read")
        .expect("a line");
    // Keep reading: a closed pipe would make the simulator's next line fail.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let origin = first
        .strip_prefix("bulkwatch simulate: listening on http://")
        .expect("the listening line");
    (child, origin.parse().expect("addr"))
}

/// Sends one raw request and returns the response head and body as text.
async fn exchange(addr: SocketAddr, request: &str) -> String {
    let fut = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out).await;
        String::from_utf8_lossy(&out).into_owned()
    };
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .expect("an answer")
}

fn status(resp: &str) -> u16 {
    resp.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn get(target: &str, host: Option<&str>, extra: &str) -> String {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    format!("GET {target} HTTP/1.1\r\n{host}{extra}Connection: close\r\n\r\n")
}

#[tokio::test]
async fn foreign_host_headers_are_refused_on_every_route() {
    let (mut child, addr) = start(&["--allow-host", "sim.test"]).await;
    let port = addr.port();
    let auth = "Authorization: Zoho-oauthtoken tok\r\n";
    let routes = [
        "/__sim/scenarios",
        "/__sim/log",
        "/crm/bulk/v8/write/1",
        "/",
        "/index.html",
        "/static/examples/portal.html",
        "/oauth/v2/auth",
        "/nothing-here",
    ];
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("sim.test.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "localhost".to_owned(),
        "evil.example".to_owned(),
    ] {
        for route in routes {
            let resp = exchange(addr, &get(route, Some(&host), auth)).await;
            assert_eq!(status(&resp), 421, "{host} {route}: {resp}");
            assert!(!resp.contains(&host), "the refused name is not echoed");
        }
        let preflight = format!(
            "OPTIONS /crm/bulk/v8/write/1 HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\
             Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(
            status(&exchange(addr, &preflight).await),
            421,
            "{host} preflight"
        );
    }
    // No Host at all (HTTP/1.0), and an absolute-form target naming another host.
    let resp = exchange(addr, "GET /__sim/log HTTP/1.0\r\n\r\n").await;
    assert_eq!(status(&resp), 421, "{resp}");
    let absolute = format!(
        "GET http://evil.example:{port}/__sim/log HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(status(&exchange(addr, &absolute).await), 421);

    // The names it serves: the bound address, loopback names for its port, --allow-host.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        format!("sim.test:{port}"),
    ] {
        for route in ["/__sim/scenarios", "/"] {
            let resp = exchange(addr, &get(route, Some(&host), "")).await;
            assert_eq!(status(&resp), 200, "{host} {route}: {resp}");
        }
        let resp = exchange(addr, &get("/crm/bulk/v8/write/1", Some(&host), auth)).await;
        assert!(resp.contains("RESOURCE_NOT_FOUND"), "{host}: {resp}");
    }
    child.kill().await.expect("kill");
}

#[tokio::test]
async fn a_bad_allow_host_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_bulkwatch"))
        .args([
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--allow-host",
            "a@b/c",
        ])
        .output()
        .await
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-host"));
}

/// The `content` of the page's CSP meta tag.
fn meta_policy(html: &str) -> String {
    let tag = html
        .split("<meta")
        .find(|t| t.contains("Content-Security-Policy"))
        .expect("a CSP meta tag");
    let content = tag.split("content=\"").nth(1).expect("content");
    content.split('"').next().expect("closed").to_owned()
}

fn header<'a>(resp: &'a str, name: &str) -> Vec<&'a str> {
    let head = resp.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

#[tokio::test]
async fn pages_carry_the_strict_policy_as_a_header_with_frame_ancestors() {
    let index = std::fs::read_to_string(format!("{ROOT}/index.html")).expect("index.html");
    assert_eq!(
        format!("{}; frame-ancestors 'none'", meta_policy(&index)),
        PAGE_CSP,
        "the header is the page's meta policy plus frame-ancestors"
    );
    let (mut child, addr) = start(&[]).await;
    let host = addr.to_string();
    for page in [
        "/",
        "/index.html",
        "/static/examples/portal.html",
        "/static/examples/strict-csp.html",
        "/static/examples/two-widgets.html",
        "/static/examples/jobs-table.html",
        "/static/examples/mount.html",
    ] {
        let resp = exchange(addr, &get(page, Some(&host), "")).await;
        assert_eq!(status(&resp), 200, "{page}");
        let csp = header(&resp, "content-security-policy");
        assert_eq!(csp, [PAGE_CSP], "{page}");
        assert!(PAGE_CSP.contains("frame-ancestors 'none'"));
    }
    child.kill().await.expect("kill");
}
