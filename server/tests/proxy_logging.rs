//! Logs: one structured event per request with method, route template, site, status, bytes,
//! duration and outcome; and a marker token (sent in the `Authorization` header, the path, the
//! query, cookies and other headers) absent from all output — on success, on the proxy's own
//! refusals, on upstream errors, timeouts and broken streams — with every library logging at
//! TRACE. The subscriber is the one the binary installs, around a capturing writer.

mod proxy_common;

use bulkwatch_server::proxy::logging::{subscriber, LogFormat};
use proxy_common::*;
use sha2::{Digest, Sha256};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

const MARKER: &str = "1000.MARKERc0ffee5ecret0badf00d";

fn marked_headers() -> Vec<(String, String)> {
    vec![
        ("origin".into(), ORIGIN.into()),
        ("x-bulkwatch".into(), "1".into()),
        ("authorization".into(), format!("Zoho-oauthtoken {MARKER}")),
        ("cookie".into(), format!("t={MARKER}")),
        ("x-forwarded-for".into(), MARKER.into()),
        ("user-agent".into(), MARKER.into()),
    ]
}

/// Runs every path once, returning the captured log text and the number of requests made.
async fn exercise(format: LogFormat) -> (String, usize) {
    let capture = Capture::default();
    let sub = subscriber(format, EnvFilter::new("trace"), capture.clone(), false);
    let _guard = tracing::subscriber::set_default(sub);

    let ok = Recorder::start(|r| {
        if r.target.ends_with(".zip") {
            respond(
                "200 OK",
                &[("Content-Type", "application/zip")],
                &[7u8; 5000],
            )
        } else {
            json("200 OK", r#"{"status":"COMPLETED"}"#)
        }
    })
    .await;
    let zoho_401 = Recorder::start(|r| {
        // An upstream that echoes the token back: the body reaches the client, not the logs.
        let echoed = format!(
            r#"{{"code":"INVALID_TOKEN","details":{{"token":"{}"}},"message":"invalid oauth token","status":"error"}}"#,
            r.header("authorization").unwrap_or("")
        );
        json("401 Unauthorized", &echoed)
    })
    .await;
    let silent = Recorder::start(|_| vec![Step::Hang]).await;
    let broken = Recorder::start(|_| {
        vec![
            Step::Write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".to_vec()),
            Step::Write(vec![b'z'; 1000]),
            Step::Pause(Duration::from_millis(10)),
            Step::Reset,
        ]
    })
    .await;
    let redirect = Recorder::start(|_| {
        respond(
            "302 Found",
            &[("Location", &format!("http://evil.example/?t={MARKER}"))],
            b"",
        )
    })
    .await;

    let mut made = 0;
    let h = marked_headers();
    // Only the silent upstream needs its deadline short: it is cut off by it.
    for (up, short) in [
        (&ok, false),
        (&zoho_401, false),
        (&silent, true),
        (&broken, false),
        (&redirect, false),
    ] {
        let s = settings(&up.base());
        let app = router(if short { short_deadlines(s) } else { s });
        for target in [DETAILS, DOWNLOAD] {
            let a = send(&app, request("GET", target, &h)).await;
            made += 1;
            if a.code().starts_with("PROXY_") {
                assert!(!a.text().contains(MARKER), "error body names the token");
            }
        }
    }
    // The proxy's own refusals.
    let app = router(settings(&ok.base()));
    let mut bad_origin = h.clone();
    bad_origin[0].1 = format!("https://{}.evil.com", MARKER.replace('.', "-"));
    let mut no_header = h.clone();
    no_header.remove(1);
    let refusals = vec![
        request("GET", &format!("/eu/crm/bulk/v8/write/{MARKER}"), &h),
        request("GET", &format!("{DETAILS}?token={MARKER}"), &h),
        request("GET", &format!("/{MARKER}/crm/bulk/v8/write/1"), &h),
        request("POST", DETAILS, &h),
        request("GET", DETAILS, &bad_origin),
        request("GET", DETAILS, &no_header),
        request("OPTIONS", DETAILS, &h),
        request("MARKERMETHOD", DETAILS, &h),
    ];
    for req in refusals {
        let a = send(&app, req).await;
        made += 1;
        assert!(!a.text().contains(MARKER), "error body echoes the request");
    }
    // And once over a real socket, so the server's own connection handling logs too.
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let raw = raw_get(DETAILS, &[("Cookie", MARKER)])
        .into_iter()
        .collect::<Vec<u8>>();
    let raw = String::from_utf8_lossy(&raw).replace(TOKEN, MARKER);
    let resp = raw_exchange(addr, None, raw.as_bytes()).await;
    assert_eq!(raw_status(&resp), 200);
    made += 1;
    let _ = stop.send(());
    let _ = task.await;
    drop(_guard);
    (capture.text(), made)
}

fn assert_no_marker(log: &str) {
    let hash_hex: String = Sha256::digest(MARKER.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let lower = log.to_ascii_lowercase();
    for needle in ["marker", "c0ffee5ecret0badf00d", &hash_hex[..16]] {
        assert!(
            !lower.contains(needle),
            "log output contains {needle:?}:\n{log}"
        );
    }
}

#[tokio::test]
async fn marker_token_is_absent_from_json_logs_and_each_request_logs_once() {
    let (log, made) = exercise(LogFormat::Json).await;
    assert_no_marker(&log);
    let events: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"] == "bulkwatch::proxy" && v["message"] == "proxied request")
        .collect();
    assert_eq!(events.len(), made, "one event per request");
    for e in &events {
        for field in [
            "method",
            "route",
            "dc",
            "status",
            "bytes",
            "duration_ms",
            "outcome",
        ] {
            assert!(!e[field].is_null(), "{field} missing in {e}");
        }
    }
    let find = |outcome: &str| events.iter().filter(|e| e["outcome"] == outcome).count();
    assert!(find("ok") >= 3, "successes logged as ok");
    assert!(find("upstream_timeout") >= 2);
    assert!(find("upstream_redirect") >= 2);
    assert!(find("rate_limited") == 0);
    let ok_details = events
        .iter()
        .find(|e| e["outcome"] == "ok" && e["route"] == "/{site}/crm/bulk/{version}/write/{job_id}")
        .expect("a logged success");
    assert_eq!(ok_details["dc"], "eu");
    assert_eq!(ok_details["status"], 200);
    assert_eq!(ok_details["method"], "GET");
    let ok_download = events
        .iter()
        .find(|e| e["outcome"] == "ok" && e["route"].as_str().unwrap_or("").contains("download"))
        .expect("a logged download");
    assert_eq!(ok_download["bytes"], 5000, "streamed bytes are counted");
    let broken = events
        .iter()
        .find(|e| e["outcome"] == "upstream_broken")
        .expect("the reset mid-body is logged");
    assert!(broken["bytes"].as_u64().unwrap_or(0) <= 1000);
    assert!(
        events.iter().any(|e| e["method"] == "OTHER"),
        "extension methods are not echoed"
    );
}

#[tokio::test]
async fn marker_token_is_absent_from_text_logs() {
    let (log, _) = exercise(LogFormat::Text).await;
    assert!(
        log.contains("proxied request"),
        "something was logged:\n{log}"
    );
    assert_no_marker(&log);
}

#[test]
fn debug_output_of_config_and_errors_names_no_secret() {
    let s = settings("http://127.0.0.1:9");
    let cfg = s.validate().expect("valid");
    let debug = format!("{cfg:?}");
    assert!(debug.contains("crm.example.com"));
    assert!(!debug.to_ascii_lowercase().contains("token ="));
}
