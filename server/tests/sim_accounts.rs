//! The simulator's accounts server: the implicit grant's redirect carries a token the API then
//! accepts, `state` and `api_domain` as documented; unknown clients and unregistered redirect
//! URIs are refused without a redirect; the request log never holds the issued token.

mod sim_support;

use axum::http::{header, StatusCode};
use bulkwatch_server::sim::accounts::{Accounts, OAuthClient};
use bulkwatch_server::sim::JobRequest;
use bulkwatch_server::sim::{LogQuery, ScenarioKind, Sim, SimConfig};
use sim_support::get;
use url::Url;

const CLIENT: &str = "1000.SUPPORTDESK";
const ORIGIN: &str = "http://127.0.0.1:8787";

fn sim() -> Sim {
    let mut config = SimConfig::for_tests(&["other-token"]);
    config.public_origin = ORIGIN.into();
    let clients = vec![
        OAuthClient::parse(&format!("{CLIENT}=/")).unwrap(),
        OAuthClient::parse("1000.ELSEWHERE=https://support.example.com/bw/").unwrap(),
    ];
    let (accounts, issued) = Accounts::with_clients(clients);
    config.accounts = accounts;
    config.tokens.extend(issued);
    Sim::new(config)
}

fn auth_uri(client: &str, redirect: &str, scope: &str, state: &str) -> String {
    let q: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "token")
        .append_pair("client_id", client)
        .append_pair("scope", scope)
        .append_pair("redirect_uri", redirect)
        .append_pair("state", state)
        .finish();
    format!("/oauth/v2/auth?{q}")
}

fn fragment_pairs(location: &str) -> Vec<(String, String)> {
    let url = Url::parse(location).expect("absolute location");
    url::form_urlencoded::parse(url.fragment().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

fn pair<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn round_trip_token_is_accepted_by_the_api() {
    let sim = sim();
    let router = sim.router();
    let job = sim
        .create_job(JobRequest::new(
            ScenarioKind::parse("happy-insert").unwrap(),
        ))
        .unwrap();
    let a = get(
        &router,
        &auth_uri(
            CLIENT,
            &format!("{ORIGIN}/"),
            "ZohoCRM.bulk.CREATE",
            "s-123",
        ),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::FOUND);
    let location = a.headers[header::LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("{ORIGIN}/#")));
    let pairs = fragment_pairs(&location);
    assert_eq!(pair(&pairs, "state"), Some("s-123"));
    assert_eq!(pair(&pairs, "expires_in"), Some("3600"));
    assert_eq!(pair(&pairs, "api_domain"), Some(ORIGIN));
    assert_eq!(pair(&pairs, "token_type"), Some("Bearer"));
    let token = pair(&pairs, "access_token").expect("a token").to_string();
    assert!(!token.is_empty());
    assert_ne!(token, "other-token");

    let d = get(
        &router,
        &format!("/crm/bulk/v8/write/{}", job.id),
        Some(&token),
    )
    .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.text());
    // The log keeps paths, never the token (the redirect went out in a header, not a request).
    let log = serde_json::to_string(&sim.log(&LogQuery::default())).unwrap();
    assert!(!log.contains(&token));
}

#[tokio::test]
async fn refuses_unknown_clients_and_redirects_without_redirecting() {
    let router = sim().router();
    for uri in [
        auth_uri(
            "1000.NOPE",
            &format!("{ORIGIN}/"),
            "ZohoCRM.bulk.CREATE",
            "s",
        ),
        auth_uri(CLIENT, "https://evil.example/", "ZohoCRM.bulk.CREATE", "s"),
        auth_uri(
            CLIENT,
            &format!("{ORIGIN}/other"),
            "ZohoCRM.bulk.CREATE",
            "s",
        ),
        auth_uri(
            "1000.ELSEWHERE",
            &format!("{ORIGIN}/"),
            "ZohoCRM.bulk.CREATE",
            "s",
        ),
        "/oauth/v2/auth".to_string(),
    ] {
        let a = get(&router, &uri, None).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(a.headers.get(header::LOCATION).is_none(), "{uri}");
    }
    // The absolute registration works for its own client.
    let a = get(
        &router,
        &auth_uri(
            "1000.ELSEWHERE",
            "https://support.example.com/bw/",
            "ZohoCRM.bulk.CREATE",
            "s",
        ),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::FOUND);
}

#[tokio::test]
async fn bad_scope_or_response_type_come_back_as_errors_with_state() {
    let router = sim().router();
    let a = get(
        &router,
        &auth_uri(CLIENT, &format!("{ORIGIN}/"), "ZohoCRM.settings.ALL", "st"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::FOUND);
    let pairs = fragment_pairs(a.headers[header::LOCATION].to_str().unwrap());
    assert_eq!(pair(&pairs, "error"), Some("invalid_scope"));
    assert_eq!(pair(&pairs, "state"), Some("st"));
    assert!(pair(&pairs, "access_token").is_none());

    let uri = auth_uri(CLIENT, &format!("{ORIGIN}/"), "ZohoCRM.bulk.CREATE", "st")
        .replace("response_type=token", "response_type=code");
    let a = get(&router, &uri, None).await;
    let pairs = fragment_pairs(a.headers[header::LOCATION].to_str().unwrap());
    assert_eq!(pair(&pairs, "error"), Some("unsupported_response_type"));
}
