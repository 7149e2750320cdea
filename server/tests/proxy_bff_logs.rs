//! The backend-for-frontend session lifecycle — sign-in, relay with the session's token,
//! refresh on expiry (injected clock), session info, sign-out with CSRF and revocation — with
//! no token, secret or session id in anything the browser receives or in any log line (TRACE,
//! every target). Alone in its test binary so the log capture sees every event.

mod proxy_common;

use bulkwatch_server::proxy::RateClock;
use proxy_common::bff::*;
use proxy_common::*;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn full_session_lifecycle_without_a_token_in_the_browser_or_the_logs() {
    let capture = Capture::default();
    let guard = capture.install();
    let up = fake_zoho(Arc::default()).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    let session = sign_in(&app, &up).await;
    let mut seen_by_browser = String::new();

    let a = send(
        &app,
        request("GET", &format!("/bff{DETAILS}"), &page(&session)),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.headers["access-control-allow-origin"], ORIGIN);
    assert_eq!(a.headers["access-control-allow-credentials"], "true");
    let api = up
        .requests()
        .into_iter()
        .rfind(|r| r.target.starts_with("/crm/"))
        .expect("api call");
    assert_eq!(
        api.header("authorization"),
        Some(format!("Zoho-oauthtoken {AT1}").as_str())
    );
    assert_eq!(
        api.header("cookie"),
        None,
        "the session cookie never reaches Zoho"
    );
    seen_by_browser.push_str(&format!("{:?}{}", a.headers, a.text()));

    // Near expiry the proxy refreshes the access token itself.
    clock.advance(Duration::from_secs(3550));
    let a = send(
        &app,
        request("GET", &format!("/bff{DETAILS}"), &page(&session)),
    )
    .await;
    assert_eq!(a.status, 200);
    let refresh = up
        .requests()
        .into_iter()
        .find(|r| r.body.contains("grant_type=refresh_token"))
        .expect("refreshed");
    assert!(refresh.body.contains(&format!("refresh_token={}", RT)));
    let api = up
        .requests()
        .into_iter()
        .rfind(|r| r.target.starts_with("/crm/"))
        .expect("api call");
    assert_eq!(
        api.header("authorization"),
        Some(format!("Zoho-oauthtoken {AT2}").as_str())
    );

    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    assert_eq!(a.status, 200);
    let info: serde_json::Value = serde_json::from_str(&a.text()).expect("json");
    assert_eq!(info["signed_in"], true);
    assert_eq!(info["site"], "eu");
    let csrf = info["csrf"].as_str().expect("csrf").to_owned();
    seen_by_browser.push_str(&format!("{:?}{}", a.headers, a.text()));

    let mut no_csrf = page(&session);
    no_csrf.push(("x-bulkwatch-csrf".into(), "0".repeat(64)));
    let a = send(&app, request("POST", "/bff/logout", &no_csrf)).await;
    assert_eq!(a.status, 403, "sign-out needs the session's CSRF token");
    let mut with_csrf = page(&session);
    with_csrf.push(("x-bulkwatch-csrf".into(), csrf));
    let a = send(&app, request("POST", "/bff/logout", &with_csrf)).await;
    assert_eq!(a.status, 204);
    assert!(set_cookie_value(&a, "__Host-bulkwatch").is_some_and(|c| c.contains("Max-Age=0")));
    let revoke = up
        .requests()
        .into_iter()
        .find(|r| r.target == "/oauth/v2/token/revoke")
        .expect("revoked");
    assert!(
        revoke.body.contains("token=1000.REFRESH.MARKcccc"),
        "token in the body, not the URL"
    );

    let a = send(
        &app,
        request("GET", &format!("/bff{DETAILS}"), &page(&session)),
    )
    .await;
    assert_eq!(a.status, 401, "signed out");
    seen_by_browser.push_str(&format!("{:?}{}", a.headers, a.text()));

    drop(guard);
    for secret in [AT1, AT2, RT, CLIENT_SECRET] {
        assert!(
            !seen_by_browser.contains(secret),
            "the browser saw {secret}"
        );
    }
    let log = capture.text();
    assert!(
        log.contains("signed_in") && log.contains("signed_out"),
        "{log}"
    );
    assert!(!log.contains("MARK"), "a secret reached the logs:\n{log}");
    let session_id = session.split_once('=').map(|(_, v)| v).unwrap_or("");
    assert!(!log.contains(session_id), "the session id reached the logs");
}
