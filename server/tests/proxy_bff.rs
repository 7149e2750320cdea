//! Backend-for-frontend mode against a fake Zoho (accounts server and API on one loopback
//! recorder): sign-in with `state` bound to the browser and PKCE, the session cookie's
//! attributes, every refusal, refresh failure, preflights, and the configuration. The full
//! session lifecycle with its log assertions is in `proxy_bff_logs.rs` (alone in its binary,
//! as log capture needs).

mod proxy_common;

use bulkwatch_server::proxy;
use bulkwatch_server::proxy::RateClock;
use proxy_common::bff::*;
use proxy_common::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

type Headers = Vec<(String, String)>;

#[tokio::test]
async fn callbacks_that_were_not_started_by_this_browser_are_refused() {
    let up = fake_zoho(Arc::default()).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    let a = send(&app, request("GET", "/bff/login/eu", &[])).await;
    let login = cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch-login").expect("cookie"));
    let state = login
        .split_once('=')
        .map(|(_, v)| v.to_owned())
        .expect("state");
    let other = "f".repeat(64);
    let cb = |s: &str| format!("/bff/callback?code=1000.C&state={s}");
    let cases: Vec<(String, Vec<(String, String)>)> = vec![
        (cb(&state), vec![]),
        (
            cb(&state),
            vec![("cookie".into(), format!("__Host-bulkwatch-login={other}"))],
        ),
        (
            cb(&other),
            vec![("cookie".into(), format!("__Host-bulkwatch-login={other}"))],
        ),
        (
            format!("/bff/callback?error=access_denied&state={state}"),
            vec![("cookie".into(), login.clone())],
        ),
        (
            format!("{}&redirect=https://evil.example", cb(&state)),
            vec![("cookie".into(), login.clone())],
        ),
        (
            "/bff/callback".into(),
            vec![("cookie".into(), login.clone())],
        ),
    ];
    for (target, headers) in cases {
        let a = send(&app, request("GET", &target, &headers)).await;
        assert!(a.status == 400 || a.status == 404, "{target}: {}", a.status);
        assert!(set_cookie_value(&a, "__Host-bulkwatch").is_none());
    }
    assert_eq!(up.connections(), 0, "no code was exchanged");
    // The real one works once, then never again.
    let a = send(
        &app,
        request("GET", &cb(&state), &[("cookie".into(), login.clone())]),
    )
    .await;
    assert_eq!(a.status, 302);
    let a = send(
        &app,
        request("GET", &cb(&state), &[("cookie".into(), login)]),
    )
    .await;
    assert_eq!(a.status, 400, "replay");
    // A sign-in left too long expires.
    let a = send(&app, request("GET", "/bff/login/eu", &[])).await;
    let login = cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch-login").expect("cookie"));
    let state = login
        .split_once('=')
        .map(|(_, v)| v.to_owned())
        .expect("state");
    clock.advance(Duration::from_secs(601));
    let a = send(
        &app,
        request("GET", &cb(&state), &[("cookie".into(), login)]),
    )
    .await;
    assert_eq!(a.status, 400, "expired sign-in");
    assert_eq!(
        send(&app, request("GET", "/bff/login/mars", &[]))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn relay_refusals_in_bff_mode() {
    let up = fake_zoho(Arc::default()).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    let session = sign_in(&app, &up).await;
    let before = up.requests().len();
    let without = |name: &str| -> Vec<(String, String)> {
        page(&session)
            .into_iter()
            .filter(|(k, _)| k != name)
            .collect()
    };
    let mut with_auth = page(&session);
    with_auth.push(("authorization".into(), format!("Zoho-oauthtoken {TOKEN}")));
    let cases: Vec<(String, Headers, u16)> = vec![
        (format!("/bff{DETAILS}"), without("cookie"), 401),
        (
            format!("/bff{DETAILS}"),
            page("__Host-bulkwatch=".to_owned().as_str()),
            401,
        ),
        (
            format!("/bff{DETAILS}"),
            page(&format!("__Host-bulkwatch={}", "a".repeat(64))),
            401,
        ),
        (format!("/bff{DETAILS}"), without("origin"), 403),
        (format!("/bff{DETAILS}"), without("x-bulkwatch"), 403),
        (format!("/bff{DETAILS}"), with_auth, 400),
        ("/bff/us/crm/bulk/v8/write/1".into(), page(&session), 403),
        ("/bff/eu/crm/bulk/v8/write/../1".into(), page(&session), 400),
        ("/bff/session".into(), without("origin"), 403),
    ];
    for (target, headers, want) in cases {
        let a = send(&app, request("GET", &target, &headers)).await;
        assert_eq!(a.status, want, "{target} {headers:?}");
    }
    for method in ["PUT", "DELETE", "POST"] {
        let a = send(
            &app,
            request(method, &format!("/bff{DETAILS}"), &page(&session)),
        )
        .await;
        assert_eq!(a.status, 405, "{method}");
    }
    assert_eq!(up.requests().len(), before, "nothing reached Zoho");
}

#[tokio::test]
async fn a_refused_refresh_ends_the_session() {
    let refuse = Arc::new(AtomicBool::new(false));
    let up = fake_zoho(refuse.clone()).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    let session = sign_in(&app, &up).await;
    refuse.store(true, Ordering::SeqCst);
    clock.advance(Duration::from_secs(3600));
    let a = send(
        &app,
        request("GET", &format!("/bff{DETAILS}"), &page(&session)),
    )
    .await;
    assert_eq!(a.status, 401);
    refuse.store(false, Ordering::SeqCst);
    let a = send(
        &app,
        request("GET", &format!("/bff{DETAILS}"), &page(&session)),
    )
    .await;
    assert_eq!(a.status, 401, "the session is gone");
}

#[tokio::test]
async fn preflights_and_credentials() {
    let up = fake_zoho(Arc::default()).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    let pre = |acrh: &str, method: &str| {
        vec![
            ("origin".to_owned(), ORIGIN.to_owned()),
            (
                "access-control-request-method".to_owned(),
                method.to_owned(),
            ),
            ("access-control-request-headers".to_owned(), acrh.to_owned()),
        ]
    };
    let a = send(
        &app,
        request(
            "OPTIONS",
            "/bff/logout",
            &pre("x-bulkwatch,x-bulkwatch-csrf", "POST"),
        ),
    )
    .await;
    assert_eq!(a.status, 204);
    assert_eq!(a.headers["access-control-allow-credentials"], "true");
    assert_eq!(a.headers["access-control-allow-origin"], ORIGIN);
    let a = send(
        &app,
        request("OPTIONS", "/bff/session", &pre("authorization", "GET")),
    )
    .await;
    assert_eq!(a.status, 400, "no Authorization in BFF mode");
    let mut evil = pre("x-bulkwatch", "GET");
    evil[0].1 = "https://evil.example".into();
    let a = send(&app, request("OPTIONS", "/bff/session", &evil)).await;
    assert_eq!(a.status, 403);
    assert!(a.headers.get("access-control-allow-credentials").is_none());
    // The token-relay routes never allow credentials, even with the mode on.
    let a = get(&app, DETAILS).await;
    assert_eq!(a.status, 200);
    assert!(a.headers.get("access-control-allow-credentials").is_none());
    let a = send(
        &app,
        request("OPTIONS", DETAILS, &pre("authorization,x-bulkwatch", "GET")),
    )
    .await;
    assert!(a.headers.get("access-control-allow-credentials").is_none());
}

#[tokio::test]
async fn the_mode_is_off_unless_enabled() {
    let up = fake_zoho(Arc::default()).await;
    let app = router(settings(&up.base()));
    assert_eq!(
        send(&app, request("GET", "/bff/login/eu", &[]))
            .await
            .status,
        404
    );
    assert_eq!(up.connections(), 0);
}

#[test]
fn bff_configuration_is_validated() {
    let dir = std::env::temp_dir().join(format!("bulkwatch-bffcfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let secret = dir.join("secret");
    std::fs::write(&secret, "s3cret\n").expect("write");
    let base = |extra: &str| {
        format!(
            "allowed_origins = [\"https://crm.example.com\"]\npath_prefix = \"/zoho\"\n[bff]\nenabled = true\n{extra}"
        )
    };
    let good = format!(
        "client_id = \"1000.ID\"\nclient_secret_file = {:?}\nredirect_uri = \"https://proxy.example.com/zoho/bff/callback\"\nafter_login = \"https://crm.example.com/x\"\n",
        secret.to_string_lossy()
    );
    let cfg = proxy::ProxyConfig::from_toml(&base(&good)).expect("valid");
    assert!(cfg.bff_enabled());
    assert!(
        !format!("{cfg:?}").contains("s3cret"),
        "the secret never prints"
    );
    for (bad, needle) in [
        (good.replace("1000.ID", ""), "client_id"),
        (good.replace("secret\"", "absent\""), "cannot read"),
        (
            good.replace("/zoho/bff/callback", "/bff/callback"),
            "redirect_uri",
        ),
        (
            good.replace("https://proxy.example.com", "http://proxy.example.com"),
            "redirect_uri",
        ),
        (
            good.replace(
                "https://proxy.example.com/zoho/bff/callback",
                "http://127.0.0.1:1/zoho/bff/callback",
            ),
            "redirect_uri",
        ),
        (
            good.replace("https://crm.example.com/x", "https://evil.example/x"),
            "after_login",
        ),
    ] {
        let e = proxy::ProxyConfig::from_toml(&base(&bad))
            .expect_err(needle)
            .to_string();
        assert!(e.contains(needle), "{needle}: {e}");
        assert!(!e.contains("s3cret"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Starts a sign-in from `peer`; the login cookie pair, or the status when refused.
async fn start_sign_in(app: &axum::Router, peer: &str) -> Result<String, u16> {
    let peer = peer.parse().expect("peer");
    let a = send(app, request_from(peer, "GET", "/bff/login/eu", &[])).await;
    match set_cookie_value(&a, "__Host-bulkwatch-login") {
        Some(c) if a.status == 302 => Ok(cookie_pair(&c)),
        _ => Err(a.status.as_u16()),
    }
}

async fn finish_sign_in(app: &axum::Router, login: &str) -> u16 {
    let state = login.split_once('=').map(|(_, v)| v).expect("state");
    let target = format!("/bff/callback?code=1000.C&state={state}");
    send(
        app,
        request("GET", &target, &[("cookie".into(), login.into())]),
    )
    .await
    .status
    .as_u16()
}

#[tokio::test]
async fn pending_sign_ins_cannot_crowd_out_sign_ins_or_sessions() {
    let up = fake_zoho(Arc::default()).await;
    let clock = RateClock::manual();
    let app = app(bff_settings(&up), &clock);
    // One address starting sign-in after sign-in holds only its share (3): its oldest go.
    let mut mine = Vec::new();
    for _ in 0..5 {
        mine.push(
            start_sign_in(&app, "192.0.2.1:1000")
                .await
                .expect("started"),
        );
    }
    assert_eq!(
        finish_sign_in(&app, &mine[0]).await,
        400,
        "replaced by newer ones"
    );
    assert_eq!(
        finish_sign_in(&app, &mine[1]).await,
        400,
        "replaced by newer ones"
    );
    assert_eq!(
        finish_sign_in(&app, &mine[4]).await,
        302,
        "the newest finishes"
    );
    // Many addresses fill the pending table at its own small cap (256, with 2 of ours left)…
    let mut started = 0;
    let mut refused = 0;
    for i in 0..300u32 {
        match start_sign_in(&app, &format!("10.0.{}.{}:1000", i / 200, i % 200 + 1)).await {
            Ok(_) => started += 1,
            Err(status) => {
                assert_eq!(status, 503, "a full pending table is busy");
                refused += 1;
            }
        }
    }
    assert_eq!((started, refused), (254, 46));
    // …and a sign-in already under way still opens a session.
    assert_eq!(finish_sign_in(&app, &mine[3]).await, 302);
    assert_eq!(
        up.connections(),
        2,
        "only the two real callbacks reached Zoho"
    );
}
