//! The simulator's authorization-code grant (server-based clients, as the proxy's
//! backend-for-frontend mode signs in): the redirect carries a code in the query with `state`,
//! `location` and `accounts-server`; the code is exchanged once, within two minutes, by the same
//! client with its secret, the same redirect URI and the PKCE verifier; the access token works on
//! the API; refresh tokens refresh until revoked; refusals are Zoho's HTTP 200 `{"error": …}`.

mod sim_support;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use bulkwatch_server::proxy::bff::oauth::challenge;
use bulkwatch_server::sim::accounts::{Accounts, OAuthClient};
use bulkwatch_server::sim::{JobRequest, LogQuery, ScenarioKind, Sim, SimConfig};
use sim_support::{get, request, send, Answer};
use std::time::Duration;
use url::Url;

const CLIENT: &str = "1000.PROXYBFF";
const SECRET: &str = "sim-client-secret-4c1d";
const BROWSER_CLIENT: &str = "1000.BROWSER";
const ORIGIN: &str = "http://127.0.0.1:8788";
const REDIRECT: &str = "http://127.0.0.1:8787/bff/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn sim() -> Sim {
    let mut config = SimConfig::for_tests(&["other-token"]);
    config.public_origin = ORIGIN.into();
    let clients = vec![
        OAuthClient::parse_server(&format!("{CLIENT}={REDIRECT}"), SECRET).unwrap(),
        OAuthClient::parse(&format!("{BROWSER_CLIENT}=/")).unwrap(),
    ];
    let (accounts, issued) = Accounts::with_clients(clients);
    config.accounts = accounts;
    config.tokens.extend(issued);
    Sim::new(config)
}

fn auth_uri(pairs: &[(&str, &str)]) -> String {
    let q: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("/oauth/v2/auth?{q}")
}

fn code_request(state: &str) -> String {
    auth_uri(&[
        ("response_type", "code"),
        ("client_id", CLIENT),
        ("scope", "ZohoCRM.bulk.CREATE"),
        ("redirect_uri", REDIRECT),
        ("access_type", "offline"),
        ("state", state),
        ("code_challenge", &challenge(VERIFIER)),
        ("code_challenge_method", "S256"),
    ])
}

/// The query pairs of a redirect's `Location`.
fn location_query(a: &Answer) -> Vec<(String, String)> {
    assert_eq!(a.status, StatusCode::FOUND, "{}", a.text());
    let url = Url::parse(a.headers[header::LOCATION].to_str().unwrap()).unwrap();
    assert!(
        url.fragment().is_none(),
        "the code grant answers in the query"
    );
    url.query_pairs().into_owned().collect()
}

fn pair<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

async fn new_code(router: &axum::Router) -> String {
    let pairs = location_query(&get(router, &code_request("st-1"), None).await);
    pair(&pairs, "code").expect("a code").to_string()
}

async fn post_form(router: &axum::Router, uri: &str, fields: &[(&str, &str)]) -> Answer {
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let mut req = request(Method::POST, uri, None, Body::from(body));
    req.headers_mut().insert(
        header::CONTENT_TYPE,
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    send(router, req).await
}

async fn exchange(router: &axum::Router, code: &str, verifier: &str) -> serde_json::Value {
    let a = post_form(
        router,
        "/oauth/v2/token",
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("redirect_uri", REDIRECT),
            ("code", code),
            ("code_verifier", verifier),
        ],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "Zoho refuses grants with 200");
    serde_json::from_str(&a.text()).expect("JSON")
}

async fn refresh(router: &axum::Router, token: &str) -> serde_json::Value {
    let a = post_form(
        router,
        "/oauth/v2/token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("refresh_token", token),
        ],
    )
    .await;
    serde_json::from_str(&a.text()).expect("JSON")
}

#[tokio::test]
async fn code_for_tokens_that_the_api_accepts_then_refresh_until_revoked() {
    let sim = sim();
    let router = sim.router();
    let job = sim
        .create_job(JobRequest::new(ScenarioKind::HappyInsert))
        .unwrap();
    let pairs = location_query(&get(&router, &code_request("st-42"), None).await);
    assert_eq!(pair(&pairs, "state"), Some("st-42"));
    assert_eq!(pair(&pairs, "location"), Some("us"));
    assert_eq!(pair(&pairs, "accounts-server"), Some(ORIGIN));
    let code = pair(&pairs, "code").expect("a code");

    let grant = exchange(&router, code, VERIFIER).await;
    assert_eq!(grant["token_type"], "Bearer");
    assert_eq!(grant["api_domain"], ORIGIN);
    assert_eq!(grant["expires_in"], 3600);
    let access = grant["access_token"].as_str().expect("an access token");
    let refresh_token = grant["refresh_token"]
        .as_str()
        .expect("offline: a refresh token");
    let details = get(
        &router,
        &format!("/crm/bulk/v8/write/{}", job.id),
        Some(access),
    )
    .await;
    assert_eq!(details.status, StatusCode::OK, "{}", details.text());

    assert_eq!(
        refresh(&router, refresh_token).await["access_token"],
        access
    );
    assert_eq!(sim.state().config.accounts.grants.live_refresh_tokens(), 1);
    let revoked = post_form(
        &router,
        "/oauth/v2/token/revoke",
        &[("token", refresh_token)],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert_eq!(sim.state().config.accounts.grants.live_refresh_tokens(), 0);
    assert_eq!(
        refresh(&router, refresh_token).await["error"],
        "invalid_code"
    );

    // Nothing secret reaches the request log: not the code, tokens or the client secret.
    let log = serde_json::to_string(&sim.log(&LogQuery::default())).unwrap();
    for secret in [code, access, refresh_token, SECRET] {
        assert!(!log.contains(secret), "the log holds {secret}");
    }
}

#[tokio::test]
async fn a_code_is_good_once_for_its_client_redirect_verifier_and_two_minutes() {
    let sim = sim();
    let router = sim.router();

    let code = new_code(&router).await;
    assert!(exchange(&router, &code, VERIFIER).await["access_token"].is_string());
    assert_eq!(
        exchange(&router, &code, VERIFIER).await["error"],
        "invalid_code",
        "reused"
    );

    let code = new_code(&router).await;
    assert_eq!(
        exchange(
            &router,
            &code,
            "another-verifier-of-enough-length-000000000"
        )
        .await["error"],
        "invalid_code",
        "wrong PKCE verifier"
    );
    assert_eq!(
        exchange(&router, &code, VERIFIER).await["error"],
        "invalid_code",
        "a failed exchange used the code up"
    );

    let code = new_code(&router).await;
    let a = post_form(
        &router,
        "/oauth/v2/token",
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("redirect_uri", "http://127.0.0.1:8787/elsewhere"),
            ("code", &code),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert!(
        a.text().contains("invalid_code"),
        "another redirect URI: {}",
        a.text()
    );

    let code = new_code(&router).await;
    for (id, secret) in [
        (CLIENT, "wrong-secret"),
        (BROWSER_CLIENT, ""),
        ("1000.NOPE", SECRET),
    ] {
        let a = post_form(
            &router,
            "/oauth/v2/token",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", id),
                ("client_secret", secret),
                ("redirect_uri", REDIRECT),
                ("code", &code),
                ("code_verifier", VERIFIER),
            ],
        )
        .await;
        assert!(a.text().contains("invalid_client"), "{id}: {}", a.text());
    }
    // A refused client did not use the code up.
    assert!(exchange(&router, &code, VERIFIER).await["access_token"].is_string());

    let code = new_code(&router).await;
    sim.advance(Duration::from_secs(121));
    assert_eq!(
        exchange(&router, &code, VERIFIER).await["error"],
        "invalid_code",
        "expired"
    );
    let code = new_code(&router).await;
    sim.advance(Duration::from_secs(119));
    assert!(exchange(&router, &code, VERIFIER).await["access_token"].is_string());
}

#[tokio::test]
async fn without_offline_access_there_is_no_refresh_token() {
    let router = sim().router();
    let uri = code_request("s").replace("access_type=offline", "access_type=online");
    let pairs = location_query(&get(&router, &uri, None).await);
    let grant = exchange(&router, pair(&pairs, "code").unwrap(), VERIFIER).await;
    assert!(grant["access_token"].is_string());
    assert!(grant.get("refresh_token").is_none(), "{grant}");
}

#[tokio::test]
async fn authorization_errors_come_back_in_the_query_with_state() {
    let router = sim().router();
    let base = code_request("st-9");
    for (uri, error) in [
        (
            base.replace("response_type=code", "response_type=token"),
            "unsupported_response_type",
        ),
        (
            base.replace("ZohoCRM.bulk.CREATE", "ZohoCRM.settings.ALL"),
            "invalid_scope",
        ),
        (
            base.replace("code_challenge_method=S256", "code_challenge_method=plain"),
            "invalid_request",
        ),
    ] {
        let pairs = location_query(&get(&router, &uri, None).await);
        assert_eq!(pair(&pairs, "error"), Some(error), "{uri}");
        assert_eq!(pair(&pairs, "state"), Some("st-9"));
        assert!(pair(&pairs, "code").is_none());
    }
    // A browser (client-based) client cannot use the code grant.
    let uri = base.replace(CLIENT, BROWSER_CLIENT).replace(
        &url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>(),
        &url::form_urlencoded::byte_serialize(format!("{ORIGIN}/").as_bytes()).collect::<String>(),
    );
    let a = get(&router, &uri, None).await;
    assert_eq!(a.status, StatusCode::FOUND);
    assert!(
        a.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .contains("#error=unsupported_response_type"),
        "{:?}",
        a.headers[header::LOCATION]
    );
    // An unknown grant type, and a revocation with no token.
    let a = post_form(
        &router,
        "/oauth/v2/token",
        &[
            ("grant_type", "password"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert!(a.text().contains("unsupported_grant_type"), "{}", a.text());
    let a = post_form(&router, "/oauth/v2/token/revoke", &[]).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}
