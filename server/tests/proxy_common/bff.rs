//! Backend-for-frontend helpers: a fake Zoho (token endpoint, revocation, API) and a
//! scripted sign-in that checks every step.

use super::*;
use bulkwatch_server::proxy::bff::oauth::challenge;
use bulkwatch_server::proxy::{RateClock, Settings};
use std::sync::atomic::{AtomicBool, Ordering};

pub const AT1: &str = "1000.ACCESSone.MARKaaaa";
pub const AT2: &str = "1000.ACCESStwo.MARKbbbb";
pub const RT: &str = "1000.REFRESH.MARKcccc";
pub const CLIENT_SECRET: &str = "client-secret-MARKdddd";
pub const AFTER: &str = "https://crm.example.com/app";

/// A fake Zoho: token endpoint, revocation and the API, recording everything.
pub async fn fake_zoho(refuse_refresh: Arc<AtomicBool>) -> Recorder {
    Recorder::start(move |r| {
        let form = |k: &str| {
            url::form_urlencoded::parse(r.body.as_bytes())
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.into_owned())
        };
        match r.target.as_str() {
            "/oauth/v2/token/revoke" => json("200 OK", "{}"),
            "/oauth/v2/token" => match form("grant_type").as_deref() {
                Some("authorization_code") => json(
                    "200 OK",
                    &format!(r#"{{"access_token":"{AT1}","refresh_token":"{RT}","expires_in":3600,"api_domain":"https://www.zohoapis.eu","token_type":"Bearer"}}"#),
                ),
                Some("refresh_token") if !refuse_refresh.load(Ordering::SeqCst) => json(
                    "200 OK",
                    &format!(r#"{{"access_token":"{AT2}","expires_in":3600}}"#),
                ),
                _ => json("200 OK", r#"{"error":"invalid_code"}"#),
            },
            _ => json("200 OK", r#"{"status":"COMPLETED"}"#),
        }
    })
    .await
}

pub fn bff_settings(up: &Recorder) -> Settings {
    bff_settings_for(&up.base(), up.addr.port())
}

/// Backend-for-frontend settings with `eu` (API and accounts) sent to `upstream`; `tag` makes
/// the secret file's folder unique to the test.
pub fn bff_settings_for(upstream: &str, tag: u16) -> Settings {
    let dir = std::env::temp_dir().join(format!("bulkwatch-bff-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let secret = dir.join("secret");
    std::fs::write(&secret, format!("{CLIENT_SECRET}\n")).expect("secret");
    let mut s = settings(upstream);
    s.bff.enabled = Some(true);
    s.bff.client_id = Some("1000.CLIENTID".into());
    s.bff.client_secret_file = Some(secret);
    s.bff.redirect_uri = Some("http://127.0.0.1:8787/bff/callback".into());
    s.bff.after_login = Some(AFTER.into());
    s.bff.session_idle_secs = Some(7200);
    // Generous, like the proxy-wide limits of the test settings; the limit tests lower them.
    s.bff.sign_ins_per_minute = Some(10_000);
    s.bff.session_calls_per_minute = Some(10_000);
    s
}

pub fn app(s: Settings, clock: &RateClock) -> Router {
    proxy::app_with_clock(s.validate().expect("valid bff settings"), clock.clone())
}

pub fn set_cookie_value(a: &Answer, name: &str) -> Option<String> {
    a.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or("").to_owned()
}

pub fn page(cookie: &str) -> Vec<(String, String)> {
    vec![
        ("origin".into(), ORIGIN.into()),
        ("x-bulkwatch".into(), "1".into()),
        ("cookie".into(), cookie.into()),
    ]
}

/// Signs in; returns the session cookie pair (`__Host-bulkwatch=…`).
pub async fn sign_in(app: &Router, up: &Recorder) -> String {
    let a = send(app, request("GET", "/bff/login/eu", &[])).await;
    assert_eq!(a.status, 302);
    let location = url::Url::parse(a.headers["location"].to_str().expect("ascii")).expect("url");
    assert_eq!(
        location.as_str().split('?').next(),
        Some(format!("{}/oauth/v2/auth", up.base()).as_str())
    );
    let q: std::collections::HashMap<String, String> =
        location.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], "1000.CLIENTID");
    assert_eq!(q["access_type"], "offline");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["redirect_uri"], "http://127.0.0.1:8787/bff/callback");
    assert!(
        !location.as_str().contains("MARK"),
        "no secret in the authorization URL"
    );
    let login = set_cookie_value(&a, "__Host-bulkwatch-login").expect("login cookie");
    assert!(
        login.contains("; Path=/; Secure; HttpOnly; SameSite=Lax"),
        "{login}"
    );
    let state = cookie_pair(&login)
        .split_once('=')
        .map(|(_, v)| v.to_owned())
        .expect("value");
    assert_eq!(q["state"], state);

    let cb = format!("/bff/callback?code=1000.CODE.xyz&state={state}&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu");
    let a = send(
        app,
        request("GET", &cb, &[("cookie".into(), cookie_pair(&login))]),
    )
    .await;
    assert_eq!(a.status, 302, "{}", a.text());
    assert_eq!(a.headers["location"], AFTER);
    let session = set_cookie_value(&a, "__Host-bulkwatch").expect("session cookie");
    assert!(
        session.contains("; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="),
        "{session}"
    );
    assert!(!session.contains("Domain"), "host-only");

    let exchange = up
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.body.contains("authorization_code"))
        .expect("code exchanged");
    assert_eq!(exchange.method, "POST");
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(exchange.body.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(form["code"], "1000.CODE.xyz");
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    assert_eq!(
        challenge(&form["code_verifier"]),
        q["code_challenge"],
        "PKCE verifier matches"
    );
    cookie_pair(&session)
}
