//! The backend-for-frontend mode against the simulator's own accounts server and API (not a
//! fake): sign in through the simulator's code grant with PKCE, read a job through the session,
//! then sign out, which revokes the refresh token at the simulator.

mod proxy_common;

use bulkwatch_server::proxy::RateClock;
use bulkwatch_server::sim::accounts::{Accounts, OAuthClient};
use bulkwatch_server::sim::{JobRequest, ScenarioKind, Sim, SimConfig};
use proxy_common::bff::*;
use proxy_common::*;
use std::net::SocketAddr;

/// The simulator on a loopback port with the proxy's client registered (server-based, with the
/// proxy's secret and callback).
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

/// The job's details read through the session.
async fn read_job(app: &axum::Router, session: &str, job: &str) -> Answer {
    let target = format!("/bff/eu/crm/bulk/v8/write/{job}");
    send(app, request("GET", &target, &page(session))).await
}

#[tokio::test]
async fn sign_in_read_a_job_and_sign_out_against_the_simulator() {
    let (sim, addr) = start_sim().await;
    let job = sim
        .create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("7700000000000000001"))
        .expect("job");
    let app = app(
        bff_settings_for(&format!("http://{addr}"), addr.port()),
        &RateClock::manual(),
    );

    // The proxy sends the browser to the simulator's accounts server…
    let a = send(&app, request("GET", "/bff/login/eu", &[])).await;
    assert_eq!(a.status, 302, "{}", a.text());
    let to_accounts = a.headers["location"].to_str().expect("ascii").to_owned();
    assert!(
        to_accounts.starts_with(&format!("http://{addr}/oauth/v2/auth?")),
        "{to_accounts}"
    );
    let login = cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch-login").expect("login cookie"));

    // …which sends it back to the proxy's callback with a code.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("client");
    let back = browser
        .get(&to_accounts)
        .send()
        .await
        .expect("accounts server");
    assert_eq!(back.status(), 302);
    let callback =
        url::Url::parse(back.headers()["location"].to_str().expect("ascii")).expect("url");
    assert_eq!(callback.path(), "/bff/callback");
    let target = format!("/bff/callback?{}", callback.query().expect("a query"));
    let a = send(&app, request("GET", &target, &[("cookie".into(), login)])).await;
    assert_eq!(
        a.status,
        302,
        "the code was exchanged at the simulator: {}",
        a.text()
    );
    assert_eq!(a.headers["location"], AFTER);
    let session = cookie_pair(&set_cookie_value(&a, "__Host-bulkwatch").expect("session cookie"));
    assert_eq!(sim.state().config.accounts.grants.live_refresh_tokens(), 1);

    // The session reads the job: the proxy adds the simulator's token, the browser never sees it.
    let a = read_job(&app, &session, &job.id).await;
    assert_eq!(a.status, 200, "{}", a.text());
    let body: serde_json::Value = serde_json::from_str(&a.text()).expect("json");
    assert_eq!(body["id"], job.id.as_str());
    assert!(!a.text().contains(&sim.state().config.accounts.token));

    // Sign-out revokes the refresh token at the simulator.
    let a = send(&app, request("GET", "/bff/session", &page(&session))).await;
    let info: serde_json::Value = serde_json::from_str(&a.text()).expect("json");
    assert_eq!(info["signed_in"], true);
    let mut with_csrf = page(&session);
    with_csrf.push((
        "x-bulkwatch-csrf".into(),
        info["csrf"].as_str().expect("csrf").to_owned(),
    ));
    let a = send(&app, request("POST", "/bff/logout", &with_csrf)).await;
    assert_eq!(a.status, 204);
    assert_eq!(
        sim.state().config.accounts.grants.live_refresh_tokens(),
        0,
        "revoked at the simulator"
    );
    let a = read_job(&app, &session, &job.id).await;
    assert_eq!(
        a.status,
        401,
        "the ended session reads nothing: {}",
        a.text()
    );
}
