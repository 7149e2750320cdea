//! The backend-for-frontend mode with its sessions in a real Redis (a `redis-server` the test
//! starts on a free loopback port): two proxy instances share sessions, survive a rebuild of
//! either, see a sign-out at once, answer a Redis outage with 503 + Retry-After (never a
//! sign-out) and recover by themselves; what Redis holds is sealed.

mod proxy_common;
mod redis_support;

use bulkwatch_server::proxy::{RateClock, Settings};
use bulkwatch_server::sim::accounts::{Accounts, OAuthClient};
use bulkwatch_server::sim::{JobRequest, ScenarioKind, Sim, SimConfig};
use proxy_common::bff::*;
use proxy_common::*;
use redis_support::RedisServer;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The simulator with the proxy's server-based client registered.
async fn start_sim() -> (Sim, SocketAddr) {
    let mut config = SimConfig::for_tests(&[]);
    let client = OAuthClient::parse_server(
        "1000.CLIENTID=http://127.0.0.1:8787/bff/callback",
        CLIENT_SECRET,
    )
    .expect("client");
    let (accounts, issued) = Accounts::with_clients(vec![client]);
    config.accounts = accounts;
    config.tokens.extend(issued);
    proxy_common::sim::start_sim(config).await
}

/// A key file of 32 random bytes in the test's own folder.
fn key_file(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bulkwatch-redis-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(tag);
    let bytes: [u8; 32] = rand::random();
    std::fs::write(&path, bytes).expect("key");
    path
}

fn with_redis(mut s: Settings, redis: &RedisServer, key: &Path, prefix: &str) -> Settings {
    s.bff.store = Some("redis".into());
    s.bff.redis_url = Some(redis.url());
    s.bff.redis_key_prefix = Some(prefix.into());
    s.bff.token_key_file = Some(key.to_path_buf());
    s
}

/// Signs in through the simulator's accounts server; returns the session cookie pair.
async fn sign_in_at_sim(app: &axum::Router) -> String {
    let a = send(app, request("GET", "/bff/login/eu", &[])).await;
    assert_eq!(a.status, 302, "{}", a.text());
    let to_accounts = a.headers["location"].to_str().expect("ascii").to_owned();
    let login = cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch-login").expect("login"));
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("client");
    let back = browser.get(&to_accounts).send().await.expect("accounts");
    assert_eq!(back.status(), 302);
    let callback =
        url::Url::parse(back.headers()["location"].to_str().expect("ascii")).expect("url");
    let target = format!("/bff/callback?{}", callback.query().expect("a query"));
    let a = send(app, request("GET", &target, &[("cookie".into(), login)])).await;
    assert_eq!(a.status, 302, "code exchanged: {}", a.text());
    cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch").expect("session cookie"))
}

async fn read_job(app: &axum::Router, session: &str, job: &str) -> Answer {
    let target = format!("/bff/eu/crm/bulk/v8/write/{job}");
    send(app, request("GET", &target, &page(session))).await
}

async fn session_info(app: &axum::Router, session: &str) -> Answer {
    send(app, request("GET", "/bff/session", &page(session))).await
}

/// The raw values of every string key under `prefix`.
async fn raw_values(redis: &RedisServer, prefix: &str) -> Vec<(String, String)> {
    let client = redis::Client::open(redis.url()).expect("url");
    let mut c = client
        .get_multiplexed_async_connection()
        .await
        .expect("redis");
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}*"))
        .query_async(&mut c)
        .await
        .expect("keys");
    let mut out = Vec::new();
    for k in keys {
        let kind: String = redis::cmd("TYPE")
            .arg(&k)
            .query_async(&mut c)
            .await
            .expect("type");
        if kind == "string" {
            let v: String = redis::cmd("GET")
                .arg(&k)
                .query_async(&mut c)
                .await
                .expect("get");
            out.push((k, v));
        }
    }
    out
}

#[tokio::test]
async fn two_instances_share_sessions_through_redis_and_ride_out_an_outage() {
    let mut redis = RedisServer::start();
    let (sim, addr) = start_sim().await;
    let job = sim
        .create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("7700000000000000002"))
        .expect("job");
    let key = key_file("shared");
    let settings = || {
        let mut s = with_redis(
            bff_settings_for(&format!("http://{addr}"), addr.port()),
            &redis,
            &key,
            "t1:",
        );
        // Zoho's documented form; proxy_bff_sim covers the default (form body).
        s.bff.revoke_token_in = Some("query".into());
        s
    };
    let a = app(settings(), &RateClock::real());
    let b = app(settings(), &RateClock::real());

    // Signed in on A, served by B.
    let session = sign_in_at_sim(&a).await;
    let r = read_job(&b, &session, &job.id).await;
    assert_eq!(r.status, 200, "B serves A's session: {}", r.text());
    let info: serde_json::Value =
        serde_json::from_str(&session_info(&b, &session).await.text()).expect("json");
    assert_eq!(info["signed_in"], true);

    // Rebuilding A (a restart) loses nothing.
    drop(a);
    let a = app(settings(), &RateClock::real());
    let r = read_job(&a, &session, &job.id).await;
    assert_eq!(r.status, 200, "after A's restart: {}", r.text());

    // What Redis holds is sealed: no token of the simulator in any value.
    let values = raw_values(&redis, "t1:").await;
    assert!(
        values.iter().any(|(k, _)| k.starts_with("t1:s:")),
        "{values:?}"
    );
    for (k, v) in &values {
        assert!(v.starts_with("v1."), "{k} is sealed");
        assert!(!v.contains("1000."), "{k} holds no Zoho token in clear");
    }

    // Redis down: 503 with Retry-After on the session routes, and not a sign-out.
    redis.stop_saving();
    for target in ["/bff/session", "/bff/login/eu"] {
        let r = send(&b, request("GET", target, &page(&session))).await;
        assert_eq!(r.status, 503, "{target}: {}", r.text());
        assert_eq!(r.headers["retry-after"], "5");
        assert_eq!(r.code(), "PROXY_SESSION_STORE_UNAVAILABLE");
    }
    let r = read_job(&a, &session, &job.id).await;
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.headers.get("set-cookie").is_none(), "the cookie is kept");

    // Redis back on the same port: both instances recover by themselves, still signed in.
    redis.restart();
    let r = read_job(&b, &session, &job.id).await;
    assert_eq!(r.status, 200, "B recovered: {}", r.text());
    let r = read_job(&a, &session, &job.id).await;
    assert_eq!(r.status, 200, "A recovered: {}", r.text());

    // Sign-out on B ends the session on A at once, and revokes at the simulator.
    let info: serde_json::Value =
        serde_json::from_str(&session_info(&b, &session).await.text()).expect("json");
    let mut with_csrf = page(&session);
    with_csrf.push((
        "x-bulkwatch-csrf".into(),
        info["csrf"].as_str().expect("csrf").to_owned(),
    ));
    let r = send(&b, request("POST", "/bff/logout", &with_csrf)).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        sim.state().config.accounts.grants.live_refresh_tokens(),
        0,
        "revoked at the simulator, in the query form"
    );
    let r = read_job(&a, &session, &job.id).await;
    assert_eq!(r.status, 401, "ended on A too: {}", r.text());
}

#[tokio::test]
async fn the_refresh_token_is_encrypted_at_rest_and_keys_rotate() {
    let redis = RedisServer::start();
    let up = fake_zoho(Arc::new(AtomicBool::new(false))).await;
    let old = key_file("old");
    let s = with_redis(bff_settings(&up), &redis, &old, "t2:");
    let first = app(s, &RateClock::real());
    let session = sign_in(&first, &up).await;
    let values = raw_values(&redis, "t2:").await;
    assert!(!values.is_empty());
    for (k, v) in &values {
        for secret in [RT, AT1, CLIENT_SECRET] {
            assert!(!v.contains(secret), "{k} holds a secret in clear");
        }
    }

    // A new current key, the old one kept for opening: the session still works, and its next
    // write is sealed with the new key.
    let new = key_file("new");
    let mut s = with_redis(bff_settings(&up), &redis, &new, "t2:");
    s.bff.old_token_key_files = Some(vec![old.clone()]);
    let rotated = app(s, &RateClock::real());
    let r = send(&rotated, request("GET", "/bff/session", &page(&session))).await;
    assert!(r.text().contains(r#""signed_in":true"#), "{}", r.text());
    let ids: Vec<String> = raw_values(&redis, "t2:")
        .await
        .into_iter()
        .filter(|(k, _)| k.starts_with("t2:s:"))
        .filter_map(|(_, v)| v.split('.').nth(1).map(str::to_owned))
        .collect();
    assert_eq!(ids, [key_id(&new)], "resealed with the new key");

    // Without the old key, a value still sealed with it does not open (signed out, not 500).
    let other = sign_in(&first, &up).await;
    let only_new = with_redis(bff_settings(&up), &redis, &new, "t2:");
    let fresh = app(only_new, &RateClock::real());
    let r = send(&fresh, request("GET", "/bff/session", &page(&session))).await;
    assert!(r.text().contains(r#""signed_in":true"#), "{}", r.text());
    let r = send(&fresh, request("GET", "/bff/session", &page(&other))).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains(r#""signed_in":false"#), "{}", r.text());
}

/// A key's id as the proxy derives it: the first 8 hex digits of its SHA-256.
fn key_id(path: &Path) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(std::fs::read(path).expect("key"));
    hex::encode(&digest[..4])
}

#[test]
fn a_redis_store_needs_a_key_file_of_the_right_shape() {
    let redis_url = "redis://127.0.0.1:1/0";
    let dir = std::env::temp_dir().join(format!("bulkwatch-redis-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let short = dir.join("short");
    std::fs::write(&short, [1u8; 16]).expect("key");
    let up_base = "http://127.0.0.1:9";
    let mut s = bff_settings_for(up_base, 9);
    s.bff.store = Some("redis".into());
    s.bff.redis_url = Some(redis_url.into());
    let err = s.clone().validate().expect_err("no key file");
    assert!(err.to_string().contains("bff.token_key_file"), "{err}");
    s.bff.token_key_file = Some(short);
    let err = s.clone().validate().expect_err("short key");
    assert!(err.to_string().contains("32 raw bytes or 64 hex"), "{err}");
    s.bff.token_key_file = Some(key_file("cfg"));
    s.bff.store = Some("memcached".into());
    let err = s.clone().validate().expect_err("unknown store");
    assert!(err.to_string().contains("bff.store"), "{err}");
    s.bff.store = Some("redis".into());
    assert!(s.validate().is_ok());
}

/// Starts a sign-in from `ip`: the login cookie pair and the `state`.
async fn start_from(app: &axum::Router, ip: &str) -> Result<(String, String), u16> {
    let peer: SocketAddr = format!("{ip}:40000").parse().expect("addr");
    let a = send(app, request_from(peer, "GET", "/bff/login/eu", &[])).await;
    if a.status != 302 {
        return Err(a.status.as_u16());
    }
    let pair = cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch-login").expect("login"));
    let state = pair.split_once('=').expect("pair").1.to_owned();
    Ok((pair, state))
}

async fn finish_at(app: &axum::Router, started: &(String, String)) -> u16 {
    let cb = format!("/bff/callback?code=1000.CODE.xyz&state={}", started.1);
    let a = send(
        app,
        request("GET", &cb, &[("cookie".into(), started.0.clone())]),
    )
    .await;
    a.status.as_u16()
}

#[tokio::test]
async fn sign_ins_cross_instances_and_their_caps_hold_across_them() {
    let redis = RedisServer::start();
    let up = fake_zoho(Arc::new(AtomicBool::new(false))).await;
    let key = key_file("caps");
    let settings = || {
        let mut s = with_redis(bff_settings(&up), &redis, &key, "t3:");
        s.bff.max_pending_sign_ins = Some(3);
        s.bff.max_pending_sign_ins_per_client = Some(2);
        s
    };
    let (a, b) = (
        app(settings(), &RateClock::real()),
        app(settings(), &RateClock::real()),
    );
    // One address, through both instances, holds its share only: its oldest goes.
    let first = start_from(&a, "192.0.2.1").await.expect("room");
    let second = start_from(&b, "192.0.2.1").await.expect("room");
    let third = start_from(&a, "192.0.2.1")
        .await
        .expect("replaces the oldest");
    let other = start_from(&b, "192.0.2.2").await.expect("room");
    assert_eq!(
        start_from(&a, "192.0.2.3").await,
        Err(503),
        "the pending table is full, whichever instance is asked"
    );
    assert_eq!(finish_at(&b, &first).await, 400, "replaced");
    // Started on one instance, finished on the other.
    assert_eq!(finish_at(&b, &second).await, 302);
    assert_eq!(finish_at(&a, &third).await, 302);
    assert_eq!(finish_at(&a, &other).await, 302);
    assert_eq!(
        finish_at(&b, &other).await,
        400,
        "single use across instances"
    );
}
