//! The backend-for-frontend routes' own limits: sign-in and session calls each have a rate per
//! client address (429 with `Retry-After`, other addresses unaffected, lifted as the injected
//! clock moves), and a session answers only the origin it was made for.

mod proxy_common;

use bulkwatch_server::proxy::RateClock;
use proxy_common::bff::*;
use proxy_common::*;
use std::net::SocketAddr;
use std::time::Duration;

fn peer(ip: &str) -> SocketAddr {
    format!("{ip}:50000").parse().expect("addr")
}

#[tokio::test]
async fn sign_ins_have_their_own_rate_per_client() {
    let up = fake_zoho(Default::default()).await;
    let mut s = bff_settings(&up);
    s.bff.sign_ins_per_minute = Some(4); // burst 2
    let clock = RateClock::manual();
    let app = app(s, &clock);
    let login = |ip| request_from(peer(ip), "GET", "/bff/login/eu", &[]);
    for _ in 0..2 {
        assert_eq!(send(&app, login("192.0.2.1")).await.status, 302);
    }
    let a = send(&app, login("192.0.2.1")).await;
    assert_eq!(a.status, 429, "{}", a.text());
    assert!(a.headers.contains_key("retry-after"));
    let cb = "/bff/callback?code=1000.CODE.xyz&state=00";
    let a = send(&app, request_from(peer("192.0.2.1"), "GET", cb, &[])).await;
    assert_eq!(a.status, 429, "callbacks share the sign-in budget");
    assert_eq!(
        send(&app, login("192.0.2.2")).await.status,
        302,
        "another address is unaffected"
    );
    // Session checks are a separate budget, untouched by the sign-ins.
    let a = send(
        &app,
        request_from(peer("192.0.2.1"), "GET", "/bff/session", &page("")),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    clock.advance(Duration::from_secs(15));
    assert_eq!(send(&app, login("192.0.2.1")).await.status, 302, "lifted");
}

#[tokio::test]
async fn session_calls_have_their_own_rate_per_client() {
    let up = fake_zoho(Default::default()).await;
    let mut s = bff_settings(&up);
    s.bff.session_calls_per_minute = Some(6); // burst 3
    let clock = RateClock::manual();
    let app = app(s, &clock);
    let session = sign_in(&app, &up).await;
    let check = |ip| request_from(peer(ip), "GET", "/bff/session", &page(&session));
    for _ in 0..3 {
        assert_eq!(send(&app, check("192.0.2.7")).await.status, 200);
    }
    let a = send(&app, check("192.0.2.7")).await;
    assert_eq!(a.status, 429, "{}", a.text());
    assert!(a.headers.contains_key("retry-after"));
    assert_eq!(send(&app, check("192.0.2.8")).await.status, 200);
    // The session itself is untouched: the job routes still answer from the limited address.
    let job = request_from(
        peer("192.0.2.7"),
        "GET",
        "/bff/eu/crm/bulk/v8/write/1",
        &page(&session),
    );
    assert_eq!(send(&app, job).await.status, 200);
    clock.advance(Duration::from_secs(10));
    assert_eq!(send(&app, check("192.0.2.7")).await.status, 200, "lifted");
}

#[tokio::test]
async fn a_session_answers_only_the_origin_it_was_made_for() {
    let up = fake_zoho(Default::default()).await;
    let app = app(bff_settings(&up), &RateClock::manual());
    let session = sign_in(&app, &up).await;
    // localhost:5173 is allowlisted too, but the session was made for AFTER's origin.
    let other: Vec<(String, String)> = page(&session)
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "origin" => (k, "http://localhost:5173".to_owned()),
            _ => (k, v),
        })
        .collect();
    for target in ["/bff/session", "/bff/eu/crm/bulk/v8/write/1"] {
        let a = send(&app, request("GET", target, &other)).await;
        assert_eq!(a.status, 403, "{target}: {}", a.text());
        assert_eq!(a.code(), "PROXY_FORBIDDEN");
    }
    let a = send(&app, request("POST", "/bff/logout", &other)).await;
    assert_eq!(a.status, 403);
    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    assert!(
        a.text().contains(r#""signed_in":true"#),
        "the session is left alone: {}",
        a.text()
    );
}
