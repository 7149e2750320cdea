//! A minimal Zoho accounts server for the sign-in flow: `GET /oauth/v2/auth` of the client-based
//! (implicit) grant. A registered client with its registered redirect URI is sent back to
//! `redirect_uri#access_token=…&expires_in=3600&api_domain=<this origin>&token_type=Bearer&state=…`
//! carrying the token this simulator run issues (accepted by its API routes with the scope
//! `ZohoCRM.bulk.CREATE`). An unknown client or an unregistered redirect URI is refused with a
//! plain page, never redirected (an accounts server must not become an open redirect).
//!
//! Choices: one token per simulator run (random, never printed), issued to every sign-in; a
//! redirect URI registered as a path (`/`) is resolved against the simulator's public origin, so
//! tests can register before the port is known.
//!
//! Server-based clients (`--oauth-server-client`, with a client secret) use the
//! authorization-code grant instead — see [`code_flow`] — as the proxy's backend-for-frontend
//! mode does.

pub mod code_flow;

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rand::Rng;
use serde::Deserialize;
use url::form_urlencoded;

use super::config::TokenSpec;
use super::SimState;

/// The scope the issued token carries (and the narrowest one the widget asks for).
pub const ISSUED_SCOPE: &str = "ZohoCRM.bulk.CREATE";

/// Scopes this accounts server knows; others are answered with `error=invalid_scope`.
const KNOWN_SCOPES: [&str; 4] = [
    "ZohoCRM.bulk.CREATE",
    "ZohoCRM.bulk.ALL",
    "ZohoCRM.bulk.READ",
    "ZohoFiles.files.ALL",
];

/// A client registered with `--oauth-client ID=REDIRECT_URI` (client-based: implicit grant) or
/// `--oauth-server-client ID=REDIRECT_URI` (server-based: code grant, with a secret). `Debug`
/// hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub id: String,
    /// Absolute, or a path resolved against the public origin.
    pub redirect_uri: String,
    /// A server-based client's secret; `None` for a client-based one.
    pub secret: Option<String>,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("id", &self.id)
            .field("redirect_uri", &self.redirect_uri)
            .field("server_based", &self.secret.is_some())
            .finish()
    }
}

impl OAuthClient {
    /// Parses `ID=REDIRECT_URI` for a server-based client holding `secret`.
    pub fn parse_server(spec: &str, secret: &str) -> Result<OAuthClient, String> {
        let secret = secret.trim();
        if secret.is_empty() {
            return Err("--oauth-server-client needs a non-empty client secret".into());
        }
        let mut client = OAuthClient::parse(spec)?;
        client.secret = Some(secret.to_string());
        Ok(client)
    }

    /// Parses `ID=REDIRECT_URI`.
    pub fn parse(spec: &str) -> Result<OAuthClient, String> {
        let (id, uri) = spec
            .split_once('=')
            .ok_or("--oauth-client takes ID=REDIRECT_URI")?;
        let id = id.trim();
        let uri = uri.trim();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("--oauth-client: the client id must be non-empty, without spaces".into());
        }
        let absolute = url::Url::parse(uri)
            .map(|u| matches!(u.scheme(), "http" | "https") && u.fragment().is_none())
            .unwrap_or(false);
        if !(absolute || uri.starts_with('/')) || uri.contains('#') {
            return Err("--oauth-client: the redirect URI must be http(s) or a path".into());
        }
        Ok(OAuthClient {
            id: id.to_string(),
            redirect_uri: uri.to_string(),
            secret: None,
        })
    }
}

/// The accounts server's configuration. `Debug` hides the token.
#[derive(Clone, Default)]
pub struct Accounts {
    pub clients: Vec<OAuthClient>,
    /// The token issued to every sign-in; empty when no client is registered.
    pub token: String,
    /// The code grant's outstanding codes and refresh tokens (shared by clones).
    pub grants: code_flow::Grants,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accounts")
            .field("clients", &self.clients)
            .finish_non_exhaustive()
    }
}

impl Accounts {
    /// Registers `clients` with a fresh random token, and the token spec the API must accept.
    pub fn with_clients(clients: Vec<OAuthClient>) -> (Accounts, Option<TokenSpec>) {
        if clients.is_empty() {
            return (Accounts::default(), None);
        }
        let bytes: [u8; 16] = rand::thread_rng().gen();
        let token = format!(
            "1000.sim.{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let spec = TokenSpec {
            token: token.clone(),
            scopes: vec![ISSUED_SCOPE.to_string()],
            mark: None,
        };
        (
            Accounts {
                clients,
                token,
                grants: code_flow::Grants::default(),
            },
            Some(spec),
        )
    }
}

/// `GET /oauth/v2/auth`, and the code grant's `POST /oauth/v2/token` and
/// `POST /oauth/v2/token/revoke`.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/oauth/v2/auth", get(authorize))
        .route("/oauth/v2/token", post(code_flow::token))
        .route("/oauth/v2/token/revoke", post(code_flow::revoke))
}

#[derive(Debug, Deserialize)]
struct AuthQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    scope: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    access_type: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// Whether `scope` is a non-empty list of scopes this server knows.
fn known_scope(scope: Option<&str>) -> bool {
    scope.is_some_and(|s| !s.is_empty() && s.split([',', ' ']).all(|x| KNOWN_SCOPES.contains(&x)))
}

fn refuse(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Sign-in refused: {why}.\n"),
    )
        .into_response()
}

fn resolve(registered: &str, public_origin: &str) -> String {
    if registered.starts_with('/') {
        format!("{}{registered}", public_origin.trim_end_matches('/'))
    } else {
        registered.to_string()
    }
}

/// A redirect to `uri` with `pairs` in its fragment (the implicit grant).
fn redirect_to(uri: &str, pairs: &[(&str, &str)]) -> Response {
    redirect(uri, "#", pairs)
}

/// A redirect to `uri` with `pairs` after `sep` (`#`, or `?`/`&` for a query).
fn redirect(uri: &str, sep: &str, pairs: &[(&str, &str)]) -> Response {
    let encoded: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let location = format!("{uri}{sep}{encoded}");
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (header::REFERRER_POLICY, "no-referrer".to_string()),
        ],
    )
        .into_response()
}

async fn authorize(
    State(state): State<Arc<SimState>>,
    q: Result<Query<AuthQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(q)) = q else {
        return refuse("unreadable request");
    };
    let accounts = &state.config.accounts;
    let origin = &state.config.public_origin;
    let (Some(client_id), Some(redirect_uri)) = (q.client_id.as_deref(), q.redirect_uri.as_deref())
    else {
        return refuse("client_id and redirect_uri are required");
    };
    let Some(client) = accounts.clients.iter().find(|c| c.id == client_id) else {
        return refuse("unknown client id");
    };
    if resolve(&client.redirect_uri, origin) != redirect_uri {
        return refuse("the redirect URI is not registered for this client");
    }
    if client.secret.is_some() {
        return code_flow::authorize(&state, client, redirect_uri, &q);
    }
    let st = q.state.as_deref().unwrap_or("");
    let mut with_state: Vec<(&str, &str)> = Vec::new();
    if q.response_type.as_deref() != Some("token") {
        with_state.push(("error", "unsupported_response_type"));
    } else if !known_scope(q.scope.as_deref()) {
        with_state.push(("error", "invalid_scope"));
    }
    if !with_state.is_empty() {
        if !st.is_empty() {
            with_state.push(("state", st));
        }
        return redirect_to(redirect_uri, &with_state);
    }
    let mut pairs = vec![
        ("access_token", accounts.token.as_str()),
        ("expires_in", "3600"),
        ("api_domain", origin.as_str()),
        ("token_type", "Bearer"),
    ];
    if !st.is_empty() {
        pairs.push(("state", st));
    }
    redirect_to(redirect_uri, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_client_specs() {
        let c = OAuthClient::parse("1000.ABC=/").unwrap();
        assert_eq!(c.redirect_uri, "/");
        assert!(OAuthClient::parse("1000.ABC=https://x.test/cb").is_ok());
        assert!(OAuthClient::parse("noequals").is_err());
        assert!(OAuthClient::parse("=/").is_err());
        assert!(OAuthClient::parse("id=javascript:alert(1)").is_err());
        assert!(OAuthClient::parse("id=/#frag").is_err());
    }

    #[test]
    fn debug_hides_the_token() {
        let (acc, spec) = Accounts::with_clients(vec![OAuthClient::parse("a=/").unwrap()]);
        assert!(acc.token.starts_with("1000.sim."));
        assert!(!format!("{acc:?}").contains(&acc.token));
        assert_eq!(spec.map(|s| s.scopes), Some(vec![ISSUED_SCOPE.to_string()]));
        assert!(Accounts::with_clients(Vec::new()).1.is_none());
    }
}
