//! Hosts are configuration: `extra_download_hosts` lists result-download hosts beside the
//! built-in table — exact https names, validated at start — and a `host-download` route reaches
//! such a host only when the operator listed it. Unlisted, it is refused before any connection.

mod proxy_common;

use bulkwatch_server::proxy::{ConfigError, ProxyConfig};
use proxy_common::*;

const ORIGINS: &str = "allowed_origins = [\"https://crm.example.com\"]\n";
const HOST_DOWNLOAD: &str =
    "/eu/host-download/files.zoho.eu/v2/crm/org6196138/bulk-write/4242/4242.zip";

fn problems(text: &str) -> Vec<String> {
    match ProxyConfig::from_toml(text) {
        Err(ConfigError::Invalid(p)) => p,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn the_key_takes_exact_https_host_names_only() {
    let cfg = ProxyConfig::from_toml(&format!(
        "{ORIGINS}extra_download_hosts = [\"files.zoho.eu\", \"https://Download-ACCL2.zoho.eu\"]"
    ))
    .expect("valid");
    assert_eq!(
        cfg.extra_download_hosts().as_slice(),
        ["files.zoho.eu", "download-accl2.zoho.eu"]
    );
    assert!(ProxyConfig::from_toml(ORIGINS)
        .expect("valid")
        .extra_download_hosts()
        .is_empty());
    let p = problems(&format!(
        "{ORIGINS}extra_download_hosts = [\"*.zoho.eu\", \"http://files.zoho.eu\", \"files.zoho.eu:8443\", \"127.0.0.1\", \"ok.zoho.eu\"]"
    ));
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(
        p.iter().all(|m| m.starts_with("extra_download_hosts: ")),
        "{p:?}"
    );
    assert!(p[0].contains("wildcard"), "{p:?}");
    assert!(p[1].contains("https"), "{p:?}");
    // A single string instead of a list is a file error, not silently one host.
    assert!(matches!(
        ProxyConfig::from_toml(&format!(
            "{ORIGINS}extra_download_hosts = \"files.zoho.eu\""
        )),
        Err(ConfigError::Parse { .. })
    ));
}

#[tokio::test]
async fn an_extra_host_is_reached_only_when_configured() {
    let up = Recorder::start(|_| {
        respond(
            "200 OK",
            &[("Content-Type", "application/zip")],
            b"PK\x05\x06zip",
        )
    })
    .await;

    // Not configured: no such route here, and nothing reaches the upstream.
    let app = router(settings(&up.base()));
    let a = send(&app, request("GET", HOST_DOWNLOAD, &good_headers())).await;
    assert_eq!(a.status, 404, "{}", a.text());
    assert_eq!(up.connections(), 0);

    // Configured, but another host: still refused.
    let mut s = settings(&up.base());
    s.extra_download_hosts = Some(vec!["other.zoho.eu".to_owned()]);
    let a = send(&router(s), request("GET", HOST_DOWNLOAD, &good_headers())).await;
    assert_eq!(a.status, 404);
    assert_eq!(up.connections(), 0);

    // Configured: forwarded, on the route's own path.
    let mut s = settings(&up.base());
    s.extra_download_hosts = Some(vec!["files.zoho.eu".to_owned()]);
    let a = send(&router(s), request("GET", HOST_DOWNLOAD, &good_headers())).await;
    assert_eq!(a.status, 200, "{}", a.text());
    let reqs = up.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        reqs[0].target,
        "/v2/crm/org6196138/bulk-write/4242/4242.zip"
    );
}

#[tokio::test]
async fn malformed_or_built_in_host_segments_are_bad_requests() {
    let up = Recorder::start(|_| json("200 OK", "{}")).await;
    let mut s = settings(&up.base());
    s.extra_download_hosts = Some(vec!["files.zoho.eu".to_owned()]);
    let app = router(s);
    for target in [
        "/eu/host-download/127.0.0.1/v2/crm/org1/bulk-write/4242/4242.zip",
        "/eu/host-download/download-accl.zoho.eu/v2/crm/org1/bulk-write/4242/4242.zip",
        "/eu/host-download/localhost/v2/crm/org1/bulk-write/4242/4242.zip",
        "/eu/host-download/files.zoho.eu/v2/crm/org1/bulk-write/4242/../4242.zip",
    ] {
        let a = send(&app, request("GET", target, &good_headers())).await;
        assert_eq!(a.status, 400, "{target}");
    }
    assert_eq!(up.connections(), 0);
}
