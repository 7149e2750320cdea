//! Sessions that end without a sign-out revoke their refresh token at Zoho: one found expired
//! when its cookie comes back, and ones never seen again, swept at the next sign-in — with the
//! in-memory store and with a real Redis. And an access token near its end is refreshed once
//! however many requests need it at the same moment.

mod proxy_common;
mod redis_support;

use bulkwatch_server::proxy::{RateClock, Settings};
use proxy_common::bff::*;
use proxy_common::*;
use redis_support::RedisServer;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

fn revocations(up: &Recorder) -> usize {
    up.requests()
        .iter()
        .filter(|r| r.target == "/oauth/v2/token/revoke" && r.body.contains(RT))
        .count()
}

async fn expired_sessions_are_revoked(s: Settings, up: &Recorder) {
    let clock = RateClock::manual();
    let app = app(s, &clock);
    // Found expired when its cookie comes back.
    let session = sign_in(&app, up).await;
    clock.advance(Duration::from_secs(7201));
    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    assert!(a.text().contains(r#""signed_in":false"#), "{}", a.text());
    assert_eq!(revocations(up), 1, "revoked when found expired");
    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    assert!(a.text().contains(r#""signed_in":false"#));
    assert_eq!(revocations(up), 1, "once");

    // Never seen again: swept at the next sign-in.
    let _forgotten = sign_in(&app, up).await;
    clock.advance(Duration::from_secs(7201));
    let _next = sign_in(&app, up).await;
    assert_eq!(
        revocations(up),
        2,
        "the forgotten session was swept and revoked"
    );
}

#[tokio::test]
async fn in_memory() {
    let up = fake_zoho(Arc::new(AtomicBool::new(false))).await;
    expired_sessions_are_revoked(bff_settings(&up), &up).await;
}

#[tokio::test]
async fn in_redis() {
    let redis = RedisServer::start();
    let up = fake_zoho(Arc::new(AtomicBool::new(false))).await;
    let key = std::env::temp_dir().join(format!("bulkwatch-expiry-key-{}", std::process::id()));
    std::fs::write(&key, "ab".repeat(32)).expect("key");
    let mut s = bff_settings(&up);
    s.bff.store = Some("redis".into());
    s.bff.redis_url = Some(redis.url());
    s.bff.token_key_file = Some(key);
    expired_sessions_are_revoked(s, &up).await;
}

#[tokio::test]
async fn concurrent_requests_refresh_once() {
    let up = fake_zoho(Arc::new(AtomicBool::new(false))).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    let session = sign_in(&app, &up).await;
    clock.advance(Duration::from_secs(3550));
    let target = "/bff/eu/crm/bulk/v8/write/1";
    let all = futures_util::future::join_all(
        (0..6).map(|_| send(&app, request("GET", target, &page(&session)))),
    )
    .await;
    assert!(all.iter().all(|a| a.status == 200));
    let refreshes = up
        .requests()
        .iter()
        .filter(|r| r.body.contains("grant_type=refresh_token"))
        .count();
    assert_eq!(refreshes, 1, "one refresh for six requests");
    let sent: Vec<String> = up
        .requests()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert!(
        sent.iter().filter(|h| h.ends_with(AT2)).count() >= 6,
        "{sent:?}"
    );
}

#[tokio::test]
async fn revocation_in_zohos_query_form_when_configured() {
    let up = fake_zoho(Arc::new(AtomicBool::new(false))).await;
    let mut s = bff_settings(&up);
    s.bff.revoke_token_in = Some("query".into());
    let app = app(s, &RateClock::manual());
    let session = sign_in(&app, &up).await;
    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    let info: serde_json::Value = serde_json::from_str(&a.text()).expect("json");
    let mut with_csrf = page(&session);
    with_csrf.push((
        "x-bulkwatch-csrf".into(),
        info["csrf"].as_str().expect("csrf").into(),
    ));
    assert_eq!(
        send(&app, request("POST", "/bff/logout", &with_csrf))
            .await
            .status,
        204
    );
    let revoke = up
        .requests()
        .into_iter()
        .find(|r| r.target.starts_with("/oauth/v2/token/revoke"))
        .expect("revoked");
    assert_eq!(revoke.method, "POST");
    assert_eq!(revoke.target, format!("/oauth/v2/token/revoke?token={RT}"));
    assert!(!revoke.body.contains(RT), "not also in the body");

    let mut bad = bff_settings(&up);
    bad.bff.revoke_token_in = Some("header".into());
    let err = bad.validate().expect_err("refused");
    assert!(err.to_string().contains("bff.revoke_token_in"), "{err}");
}
