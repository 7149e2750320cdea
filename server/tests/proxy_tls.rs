//! The proxy's upstream client verifies certificates. A local TLS server speaks as
//! `www.zohoapis.com` (the client's `resolve` points the name at it; the URL is the exact one the
//! proxy builds for a US job) with certificates made here: self-signed, for another name,
//! expired, and — the control that shows the server and the test are sound — valid under a
//! root the test trusts. Every refusal must happen in the handshake, so the server never reads
//! a request and the token never leaves.

use bulkwatch_server::proxy::routes::parse_target;
use bulkwatch_server::proxy::upstream::{client_builder, ClientTimeouts, Upstreams};
use rcgen::{date_time_ymd, BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

const HOST: &str = "www.zohoapis.com";
const TOKEN: &str = "1000.0123456789abcdef.fedcba9876543210";
const BODY: &str = r#"{"status":"COMPLETED"}"#;

/// What the server saw on one connection.
#[derive(Debug, PartialEq)]
enum Seen {
    /// The handshake failed (the client refused the certificate).
    HandshakeFailed,
    /// The request head read after a handshake that succeeded.
    Request(String),
}

/// A certificate chain and its key, as the server presents them.
struct Presented {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl Presented {
    /// `cert` alone as the chain, with its key.
    fn new(cert: &rcgen::Certificate, key: &KeyPair) -> Presented {
        Presented {
            chain: vec![cert.der().clone()],
            key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        }
    }
}

/// A test certificate authority.
struct Ca {
    cert: CertificateDer<'static>,
    issuer: Issuer<'static, KeyPair>,
}

impl Ca {
    fn new() -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "Bulkwatch test CA");
        let key = KeyPair::generate().expect("CA key");
        let cert = params.self_signed(&key).expect("CA cert");
        Ca {
            cert: cert.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A leaf for `name` issued by this CA, valid over `[from, until]` (years).
    fn leaf(&self, name: &str, from: i32, until: i32) -> Presented {
        let mut params = CertificateParams::new(vec![name.to_owned()]).expect("leaf params");
        params.not_before = date_time_ymd(from, 1, 1);
        params.not_after = date_time_ymd(until, 1, 1);
        let key = KeyPair::generate().expect("leaf key");
        let cert = params.signed_by(&key, &self.issuer).expect("leaf cert");
        Presented::new(&cert, &key)
    }
}

/// A self-signed certificate for `name` (no CA anyone trusts).
fn self_signed(name: &str) -> Presented {
    let params = CertificateParams::new(vec![name.to_owned()]).expect("params");
    let key = KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("cert");
    Presented::new(&cert, &key)
}

/// Serves TLS with `presented` on loopback; answers every request it reads with [`BODY`] and
/// reports each connection's outcome.
async fn tls_server(presented: Presented) -> (SocketAddr, mpsc::UnboundedReceiver<Seen>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(presented.chain, presented.key)
        .expect("server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (log, seen) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut tls = match acceptor.accept(tcp).await {
                    Ok(tls) => tls,
                    Err(_) => {
                        let _ = log.send(Seen::HandshakeFailed);
                        return;
                    }
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = log.send(Seen::Request(String::from_utf8_lossy(&head).into_owned()));
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{BODY}",
                    BODY.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, seen)
}

/// The server's next report; a test that would wait forever fails instead.
async fn next(seen: &mut mpsc::UnboundedReceiver<Seen>) -> Option<Seen> {
    tokio::time::timeout(Duration::from_secs(20), seen.recv())
        .await
        .expect("the server reported within 20 s")
}

/// The exact upstream URL the proxy builds for a US job's details.
fn details_url() -> url::Url {
    let route = parse_target("/us/crm/bulk/v8/write/4242424242", "").expect("route");
    let url = Upstreams::default().url_for(&route).expect("allowlisted");
    assert_eq!(url.host_str(), Some(HOST));
    url
}

fn builder(addr: SocketAddr) -> reqwest::ClientBuilder {
    let timeouts = ClientTimeouts {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(10),
    };
    client_builder(timeouts, false).resolve(HOST, addr)
}

/// The whole error chain as text (reqwest hides the TLS reason in its sources).
fn chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(" / ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Sends the job-details request with a token; the error chain on failure.
async fn fetch(client: reqwest::Client) -> Result<String, String> {
    let answer = client
        .get(details_url())
        .header("Authorization", format!("Zoho-oauthtoken {TOKEN}"))
        .send()
        .await
        .map_err(|e| chain(&e))?;
    answer.text().await.map_err(|e| chain(&e))
}

/// The request must fail in the handshake, for `reason`, with nothing read by the server.
async fn refused(presented: Presented, trust: Option<&Ca>, reason: &str) {
    let (addr, mut seen) = tls_server(presented).await;
    let mut b = builder(addr);
    if let Some(ca) = trust {
        let root = reqwest::Certificate::from_der(&ca.cert).expect("root");
        b = b.add_root_certificate(root);
    }
    let err = fetch(b.build().expect("client"))
        .await
        .expect_err("a bad certificate must be refused");
    assert!(
        err.contains(reason),
        "refused for the wrong reason: want {reason:?}, got {err}"
    );
    // The server's side of the same connection: the handshake failed there too, so no request
    // (and no token) was ever read. reqwest does not retry a refused certificate.
    assert_eq!(next(&mut seen).await, Some(Seen::HandshakeFailed));
    assert!(
        seen.try_recv().is_err(),
        "a second connection reached the server"
    );
}

#[tokio::test]
async fn a_certificate_under_a_trusted_root_is_accepted() {
    // The control: without it, every refusal below could be a broken server.
    let ca = Ca::new();
    let (addr, mut seen) = tls_server(ca.leaf(HOST, 2020, 2090)).await;
    let root = reqwest::Certificate::from_der(&ca.cert).expect("root");
    let client = builder(addr)
        .add_root_certificate(root)
        .build()
        .expect("client");
    assert_eq!(fetch(client).await.as_deref(), Ok(BODY));
    match next(&mut seen).await {
        Some(Seen::Request(head)) => {
            assert!(
                head.starts_with("GET /crm/bulk/v8/write/4242424242 HTTP/1.1\r\n"),
                "{head}"
            );
            assert!(head.contains(&format!("authorization: Zoho-oauthtoken {TOKEN}")));
        }
        other => panic!("the server saw {other:?}"),
    }
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused() {
    refused(self_signed(HOST), None, "UnknownIssuer").await;
}

#[tokio::test]
async fn a_root_the_proxy_does_not_ship_is_not_trusted() {
    // A valid chain under a CA that is not among the bundled Mozilla roots, as a network
    // appliance re-signing traffic would present.
    let ca = Ca::new();
    refused(ca.leaf(HOST, 2020, 2090), None, "UnknownIssuer").await;
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused() {
    let ca = Ca::new();
    refused(
        ca.leaf("zohoapis.com.example.net", 2020, 2090),
        Some(&ca),
        "not valid for name",
    )
    .await;
}

#[tokio::test]
async fn an_expired_certificate_is_refused() {
    let ca = Ca::new();
    refused(ca.leaf(HOST, 2020, 2021), Some(&ca), "expired").await;
}

#[tokio::test]
async fn plain_http_is_never_sent_without_test_upstreams() {
    // Without loopback test upstreams the client is HTTPS-only: an http:// URL fails before
    // any connection is made, so a listener standing in for the host sees nothing.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let client = builder(addr).build().expect("client");
    let mut url = details_url();
    url.set_scheme("http").expect("http");
    let err = client
        .get(url)
        .header("Authorization", format!("Zoho-oauthtoken {TOKEN}"))
        .send()
        .await
        .expect_err("plain http must be refused");
    assert!(
        chain(&err).contains("URL scheme is not allowed"),
        "{}",
        chain(&err)
    );
    let nothing = tokio::time::timeout(Duration::ZERO, listener.accept()).await;
    assert!(nothing.is_err(), "a connection reached the listener");
}
