//! The authorization-code grant for server-based clients, as the proxy's backend-for-frontend
//! mode uses it: `GET /oauth/v2/auth?response_type=code…` redirects to the registered URI with
//! `?code=…&location=us&accounts-server=<origin>&state=…`; `POST /oauth/v2/token` exchanges the
//! code (client id and secret, the same redirect URI, and the PKCE verifier when a challenge was
//! sent) for this run's access token and, with `access_type=offline`, a refresh token; the
//! refresh grant gives the access token again; `POST /oauth/v2/token/revoke` forgets a refresh
//! token (`token` in the form body, or in the query as Zoho documents it).
//!
//! Choices where Zoho's pages are silent or a simulator must simplify: a code lives two minutes
//! on the simulator's clock and is used once (a second use, even a failed one, is refused); a
//! refused grant is HTTP 200 with `{"error": "invalid_code"}` (or `invalid_client`,
//! `unsupported_grant_type`), as Zoho answers; every grant carries the run's one access token, so
//! revoking a refresh token stops refreshes but not that token; `location` is always `us` (the
//! simulator stands for one data centre) and `accounts-server` is the simulator's origin.

use super::{known_scope, redirect, refuse, AuthQuery, OAuthClient};
use crate::proxy::bff::oauth::challenge;
use crate::sim::SimState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use url::form_urlencoded;

/// How long a code can be exchanged, in simulator milliseconds.
pub const CODE_TTL_MS: u64 = 120_000;
/// The access token's lifetime the grants announce, in seconds.
const EXPIRES_IN: u64 = 3600;

/// Outstanding codes and live refresh tokens. Clones share them.
#[derive(Clone, Default)]
pub struct Grants(Arc<Mutex<Ledger>>);

#[derive(Default)]
struct Ledger {
    codes: HashMap<String, Pending>,
    refresh: HashSet<String>,
}

/// What a code was issued for.
struct Pending {
    client_id: String,
    redirect_uri: String,
    challenge: Option<String>,
    offline: bool,
    issued_ms: u64,
}

impl Grants {
    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many refresh tokens are live (for tests).
    pub fn live_refresh_tokens(&self) -> usize {
        self.ledger().refresh.len()
    }
}

fn random(prefix: &str) -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// `GET /oauth/v2/auth` for a server-based client whose redirect URI already matched.
pub(super) fn authorize(
    state: &SimState,
    client: &OAuthClient,
    redirect_uri: &str,
    q: &AuthQuery,
) -> Response {
    let sep = if redirect_uri.contains('?') { "&" } else { "?" };
    let st = q.state.as_deref().unwrap_or("");
    let error = if q.response_type.as_deref() != Some("code") {
        Some("unsupported_response_type")
    } else if !known_scope(q.scope.as_deref()) {
        Some("invalid_scope")
    } else if q.code_challenge.is_some() && q.code_challenge_method.as_deref() != Some("S256") {
        // Plain PKCE would put the verifier on the front channel; only S256 is taken.
        Some("invalid_request")
    } else {
        None
    };
    if let Some(error) = error {
        let mut pairs = vec![("error", error)];
        if !st.is_empty() {
            pairs.push(("state", st));
        }
        return redirect(redirect_uri, sep, &pairs);
    }
    let code = random("1000.code.");
    state.config.accounts.grants.ledger().codes.insert(
        code.clone(),
        Pending {
            client_id: client.id.clone(),
            redirect_uri: redirect_uri.to_string(),
            challenge: q.code_challenge.clone(),
            offline: q.access_type.as_deref() == Some("offline"),
            issued_ms: state.clock.sim_ms(),
        },
    );
    let origin = state.config.public_origin.trim_end_matches('/');
    let mut pairs = vec![
        ("code", code.as_str()),
        ("location", "us"),
        ("accounts-server", origin),
    ];
    if !st.is_empty() {
        pairs.push(("state", st));
    }
    redirect(redirect_uri, sep, &pairs)
}

/// A JSON answer; Zoho's token endpoint refuses grants with HTTP 200 and an `error` key.
fn answer(body: serde_json::Value) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json;charset=UTF-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// What every grant carries: the run's access token and where its API is.
fn access_grant(token: &str, api_domain: &str) -> serde_json::Value {
    serde_json::json!({
        "access_token": token,
        "api_domain": api_domain,
        "token_type": "Bearer",
        "expires_in": EXPIRES_IN,
    })
}

fn refused(error: &str) -> Response {
    answer(serde_json::json!({ "error": error }))
}

/// The form's fields; a repeated field makes the form unusable.
fn form(body: &[u8]) -> Option<HashMap<String, String>> {
    let mut fields = HashMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        if fields.insert(k.into_owned(), v.into_owned()).is_some() {
            return None;
        }
    }
    Some(fields)
}

/// `POST /oauth/v2/token`: the code and refresh grants.
pub async fn token(State(state): State<Arc<SimState>>, body: Bytes) -> Response {
    let Some(f) = form(&body) else {
        return refused("invalid_request");
    };
    let field = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let accounts = &state.config.accounts;
    let client = accounts.clients.iter().find(|c| {
        c.id == field("client_id")
            && c.secret
                .as_deref()
                .is_some_and(|s| s == field("client_secret"))
    });
    let Some(client) = client else {
        return refused("invalid_client");
    };
    let origin = state.config.public_origin.trim_end_matches('/');
    let mut ledger = accounts.grants.ledger();
    match field("grant_type") {
        "authorization_code" => {
            // Used once, whatever the outcome.
            let Some(pending) = ledger.codes.remove(field("code")) else {
                return refused("invalid_code");
            };
            let fresh = state.clock.sim_ms().saturating_sub(pending.issued_ms) <= CODE_TTL_MS;
            let pkce_ok = pending
                .challenge
                .as_deref()
                .is_none_or(|c| challenge(field("code_verifier")) == c);
            if pending.client_id != client.id
                || pending.redirect_uri != field("redirect_uri")
                || !fresh
                || !pkce_ok
            {
                return refused("invalid_code");
            }
            let mut body = access_grant(&accounts.token, origin);
            if pending.offline {
                let refresh = random("1000.refresh.");
                ledger.refresh.insert(refresh.clone());
                body["refresh_token"] = refresh.into();
            }
            answer(body)
        }
        "refresh_token" if ledger.refresh.contains(field("refresh_token")) => {
            answer(access_grant(&accounts.token, origin))
        }
        "refresh_token" => refused("invalid_code"),
        _ => refused("unsupported_grant_type"),
    }
}

/// `POST /oauth/v2/token/revoke`: forgets a refresh token given in the form body or the query.
pub async fn revoke(
    State(state): State<Arc<SimState>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let in_query = query
        .as_deref()
        .and_then(|q| form(q.as_bytes()))
        .and_then(|f| f.get("token").cloned());
    let Some(token) = form(&body)
        .and_then(|f| f.get("token").cloned())
        .or(in_query)
    else {
        return refuse("a token to revoke is required");
    };
    state.config.accounts.grants.ledger().refresh.remove(&token);
    answer(serde_json::json!({ "status": "success" }))
}
