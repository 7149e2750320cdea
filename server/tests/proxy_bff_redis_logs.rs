//! With sessions in Redis, no log line (TRACE, every target) holds a token, the client secret,
//! a session id or the Redis password from the URL — through sign-in, relay, a Redis outage,
//! recovery and sign-out. Alone in its test binary so the log capture sees every event.

mod proxy_common;
mod redis_support;

use bulkwatch_server::proxy::RateClock;
use proxy_common::bff::*;
use proxy_common::*;
use redis_support::RedisServer;
use std::sync::Arc;

const PASSWORD: &str = "redispassMARKeeee";

#[tokio::test]
async fn no_secret_reaches_the_logs_with_redis() {
    let capture = Capture::default();
    let guard = capture.install();
    let mut redis = RedisServer::start_with_password(PASSWORD);
    let up = fake_zoho(Arc::default()).await;
    let key = std::env::temp_dir().join(format!("bulkwatch-redis-logs-{}", std::process::id()));
    std::fs::write(&key, "cd".repeat(32)).expect("key");
    let mut s = bff_settings(&up);
    s.bff.store = Some("redis".into());
    s.bff.redis_url = Some(redis.url());
    s.bff.token_key_file = Some(key);
    let app = app(s, &RateClock::real());

    let session = sign_in(&app, &up).await;
    let job = "/bff/eu/crm/bulk/v8/write/1";
    assert_eq!(
        send(&app, request("GET", job, &page(&session)))
            .await
            .status,
        200
    );
    redis.kill();
    let a = send(&app, request("GET", job, &page(&session))).await;
    assert_eq!(a.status, 503, "{}", a.text());
    redis.restart();
    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    assert_eq!(
        a.status,
        200,
        "recovered (the unsaved session is gone): {}",
        a.text()
    );
    let again = sign_in(&app, &up).await;
    assert_eq!(
        send(&app, request("GET", job, &page(&again))).await.status,
        200
    );
    drop(guard);

    let logs = capture.text();
    assert!(
        logs.contains("session store unavailable"),
        "the outage is logged"
    );
    let id = |c: &str| {
        c.split_once('=')
            .map(|(_, v)| v.to_owned())
            .unwrap_or_default()
    };
    for secret in [
        RT,
        AT1,
        AT2,
        CLIENT_SECRET,
        PASSWORD,
        &"cd".repeat(32),
        &id(&session),
        &id(&again),
    ] {
        assert!(!logs.contains(secret), "{secret} in the logs");
    }
    assert!(!logs.contains("MARK"), "no marked secret in the logs");
}
