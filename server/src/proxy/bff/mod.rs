//! Backend-for-frontend mode (off unless `[bff] enabled = true`): the proxy holds the Zoho
//! refresh token of a server-based client and the browser only an `__Host-` HttpOnly Secure
//! SameSite=Strict session cookie. Routes, under `{prefix}/bff`:
//!
//! - `GET /login/{site}` → redirect to the site's accounts server (code flow, `state`, PKCE);
//! - `GET /callback?code&state` → exchanges the code, opens the session, redirects to
//!   `after_login`;
//! - `GET /session` → `{"signed_in", "site", "csrf"}` for an allowlisted origin;
//! - `POST /logout` → with `X-Bulkwatch-CSRF`, ends the session and revokes the token;
//! - `GET /{site}/…` → the same relay routes, with `Authorization` added from the session.
//!
//! Every relay rule still holds (anchored routes, exact hosts, no redirects, timeouts, caps,
//! rate limits, no secrets in logs); `deploy/PROXY.md` has the design and its limits.

pub mod config;
pub mod oauth;
pub mod redis_store;
pub mod seal;
pub mod session;
pub mod store;

use super::cors::{self, BFF};
use super::error::ProxyError;
use super::forward::{download_ticket, forward, throttled, AppState, Hold};
use super::headers::{self, Forwarded};
use super::limits::{ClientRate, TokenKey};
use super::logging::RequestLog;
use super::routes::{parse_target, RouteError, Site};
use super::serve::Closer;
use axum::body::Body;
use axum::http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{Method, Response, StatusCode};
use config::{BffConfig, Secret};
use oauth::OauthError;
use session::{
    cookie, same, set_cookie, Lookup, Session, Sessions, LOGIN_COOKIE, LOGIN_TTL, SESSION_COOKIE,
};
use std::net::IpAddr;
use std::time::Duration;
use store::{SessionRecord, StoreUnavailable};

/// An access token is refreshed when it has less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// The longest a revocation of an expired session may take.
const SWEEP_REVOKE_DEADLINE: Duration = Duration::from_secs(5);
/// The header carrying the session's CSRF token on sign-out.
const CSRF_HEADER: &str = "x-bulkwatch-csrf";

/// The mode's configuration and sessions.
#[derive(Debug)]
pub struct Bff {
    pub cfg: BffConfig,
    pub sessions: Sessions,
    /// Sign-in starts and callbacks per client address.
    pub sign_in_rate: ClientRate,
    /// Session checks and sign-outs per client address.
    pub session_rate: ClientRate,
}

/// The session store the configuration names.
pub fn store_for(cfg: &BffConfig) -> Box<dyn store::SessionStore> {
    match &cfg.store {
        config::StoreConfig::Memory => Box::new(store::MemoryStore::new()),
        config::StoreConfig::Redis(r) => Box::new(redis_store::RedisStore::new(
            r.target.0.clone(),
            &r.prefix,
            r.keys.clone(),
        )),
    }
}

/// The part of a request target after `{prefix}/bff`, when it is a backend-for-frontend target.
pub fn bff_rest(parts: &Parts, prefix: &str) -> Option<String> {
    if parts.uri.scheme().is_some() || parts.uri.authority().is_some() {
        return None;
    }
    let target = parts.uri.to_string();
    let rest = target.strip_prefix(prefix)?.strip_prefix("/bff")?;
    rest.starts_with('/').then(|| rest.to_owned())
}

/// Answers one backend-for-frontend request from client address `ip` (CORS with credentials
/// for allowlisted origins).
pub async fn handle(
    st: &AppState,
    bff: &Bff,
    parts: &Parts,
    rest: &str,
    ip: IpAddr,
    log: &mut RequestLog,
    origin: Option<&HeaderValue>,
) -> Response<Body> {
    if parts.method == Method::OPTIONS {
        log.set_label("/bff/*", None);
        return match cors::preflight_with(&parts.headers, origin, &BFF) {
            Ok(resp) => {
                log.set_outcome("preflight");
                resp
            }
            Err(e) => refusal(e, log, origin),
        };
    }
    let sign_in = |ip| bff.sign_in_rate.check(ip).map_err(throttled);
    let session_call = |ip| bff.session_rate.check(ip).map_err(throttled);
    let result = match (&parts.method, rest) {
        (&Method::GET, r) if r.starts_with("/login/") => match sign_in(ip) {
            Ok(()) => login(st, bff, &r["/login/".len()..], ip, log).await,
            Err(e) => Err(e),
        },
        (&Method::GET, r) if r.starts_with("/callback?") => match sign_in(ip) {
            Ok(()) => callback(st, bff, parts, &r["/callback?".len()..], log).await,
            Err(e) => Err(e),
        },
        (&Method::GET, "/session") => match session_call(ip) {
            Ok(()) => session_info(st, bff, parts, log, origin).await,
            Err(e) => Err(e),
        },
        (&Method::POST, "/logout") => match session_call(ip) {
            Ok(()) => logout(st, bff, parts, log, origin).await,
            Err(e) => Err(e),
        },
        (&Method::GET, r) => relay(st, bff, parts, r, ip, log, origin).await,
        _ => Err(ProxyError::MethodNotAllowed),
    };
    let mut resp = match result {
        Ok(resp) => resp,
        Err(e) => return refusal(e, log, origin),
    };
    cors::decorate(resp.headers_mut(), origin);
    cors::allow_credentials(resp.headers_mut(), origin);
    resp
}

fn refusal(e: ProxyError, log: &mut RequestLog, origin: Option<&HeaderValue>) -> Response<Body> {
    log.set_outcome_if_unset(e.outcome());
    let mut resp = e.to_response();
    cors::decorate(resp.headers_mut(), origin);
    cors::allow_credentials(resp.headers_mut(), origin);
    resp
}

fn redirect(to: &str, cookies: &[String]) -> Result<Response<Body>, ProxyError> {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::FOUND;
    let h = resp.headers_mut();
    h.insert(
        LOCATION,
        HeaderValue::from_str(to).map_err(|_| ProxyError::Internal)?,
    );
    for c in cookies {
        h.append(
            SET_COOKIE,
            HeaderValue::from_str(c).map_err(|_| ProxyError::Internal)?,
        );
    }
    Ok(resp)
}

async fn login(
    st: &AppState,
    bff: &Bff,
    site: &str,
    ip: IpAddr,
    log: &mut RequestLog,
) -> Result<Response<Body>, ProxyError> {
    let site = Site::from_code(site).ok_or(ProxyError::NotFound)?;
    log.set_label("/bff/login/{site}", Some(site));
    let accounts = st
        .upstreams
        .accounts_base(site)
        .map_err(|_| ProxyError::Internal)?;
    let (state, verifier) = bff
        .sessions
        .begin_login(site, ip)
        .await?
        .ok_or(ProxyError::Busy)?;
    let url = oauth::authorize_url(&accounts, &bff.cfg, &state, verifier.expose());
    log.set_outcome("login");
    redirect(
        url.as_str(),
        &[set_cookie(LOGIN_COOKIE, &state, "Lax", LOGIN_TTL)],
    )
}

async fn callback(
    st: &AppState,
    bff: &Bff,
    parts: &Parts,
    query: &str,
    log: &mut RequestLog,
) -> Result<Response<Body>, ProxyError> {
    log.set_label("/bff/callback", None);
    let (code, state) = oauth::parse_callback(query).ok_or(ProxyError::BadRequest)?;
    // The `state` must be the one this browser started with (no login CSRF), and fresh.
    let bound = cookie(&parts.headers, LOGIN_COOKIE).ok_or(ProxyError::BadRequest)?;
    if !same(&bound, &state) {
        return Err(ProxyError::BadRequest);
    }
    let pending = bff
        .sessions
        .finish_login(&state)
        .await?
        .ok_or(ProxyError::BadRequest)?;
    log.set_label("/bff/callback", Some(pending.site));
    let accounts = st
        .upstreams
        .accounts_base(pending.site)
        .map_err(|_| ProxyError::Internal)?;
    let timeout = st.timeouts.total;
    let grant = oauth::exchange_code(
        &st.client,
        &accounts,
        &bff.cfg,
        &code,
        pending.verifier.expose(),
        timeout,
    )
    .await
    .map_err(|_| ProxyError::BadUpstream)?;
    let refresh = grant.refresh.ok_or(ProxyError::BadUpstream)?;
    let expires = bff.sessions.after(grant.expires_in);
    revoke_expired(st, bff).await;
    let (id, _) = bff
        .sessions
        .create(
            pending.site,
            Some(bff.cfg.after_login.origin().ascii_serialization()),
            refresh,
            Some((grant.access, expires)),
        )
        .await?
        .ok_or(ProxyError::Busy)?;
    log.set_outcome("signed_in");
    redirect(
        bff.cfg.after_login.as_str(),
        &[
            set_cookie(SESSION_COOKIE, &id, "Strict", bff.sessions.max_age()),
            set_cookie(LOGIN_COOKIE, "", "Lax", Duration::ZERO),
        ],
    )
}

impl From<StoreUnavailable> for ProxyError {
    fn from(_: StoreUnavailable) -> Self {
        ProxyError::StoreUnavailable
    }
}

/// Revokes the refresh token of a session that has ended without a sign-out (best effort,
/// within [`SWEEP_REVOKE_DEADLINE`]: an unreachable accounts server leaves a token Zoho expires
/// on its own, and a sign-in is never held up long by it).
async fn revoke_record(st: &AppState, bff: &Bff, record: &SessionRecord) {
    if let Some(site) = Site::from_code(&record.site) {
        if let Ok(accounts) = st.upstreams.accounts_base(site) {
            let deadline = st.timeouts.total.min(SWEEP_REVOKE_DEADLINE);
            let in_query = bff.cfg.revoke_in_query;
            oauth::revoke(&st.client, &accounts, &record.refresh, in_query, deadline).await;
        }
    }
}

/// Removes (a batch of) sessions past their lifetime and revokes their refresh tokens, all at
/// once.
async fn revoke_expired(st: &AppState, bff: &Bff) {
    if let Ok(expired) = bff.sessions.sweep().await {
        futures_util::future::join_all(expired.iter().map(|r| revoke_record(st, bff, r))).await;
    }
}

/// The live session behind the request's cookie; one found expired is revoked. A session
/// answers only the origin it was made for (the origin of `after_login`): another allowlisted
/// origin is refused, and the session is left alone.
async fn current(st: &AppState, bff: &Bff, parts: &Parts) -> Result<Option<Session>, ProxyError> {
    let Some(id) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    match bff.sessions.get(&id).await? {
        Lookup::Live(s) => {
            let origin = parts.headers.get(ORIGIN).and_then(|v| v.to_str().ok());
            match (&s.record.origin, origin) {
                (Some(bound), Some(o)) if bound != o => Err(ProxyError::Forbidden),
                _ => Ok(Some(s)),
            }
        }
        Lookup::Expired(record) => {
            revoke_record(st, bff, &record).await;
            Ok(None)
        }
        Lookup::Missing => Ok(None),
    }
}

/// Checks shared by the script-called routes: allowlisted origin, custom header, no body.
fn page_checks(parts: &Parts, origin: Option<&HeaderValue>) -> Result<(), ProxyError> {
    origin.ok_or(ProxyError::OriginNotAllowed)?;
    headers::require_custom_header(&parts.headers)?;
    headers::refuse_request_body(&parts.headers)
}

async fn session_info(
    st: &AppState,
    bff: &Bff,
    parts: &Parts,
    log: &mut RequestLog,
    origin: Option<&HeaderValue>,
) -> Result<Response<Body>, ProxyError> {
    log.set_label("/bff/session", None);
    page_checks(parts, origin)?;
    let body = match current(st, bff, parts).await? {
        Some(s) => {
            log.set_label("/bff/session", Some(s.site));
            serde_json::json!({"signed_in": true, "site": s.site.code(), "csrf": s.record.csrf})
        }
        None => serde_json::json!({"signed_in": false}),
    };
    log.set_outcome("ok");
    let mut resp = Response::new(Body::from(body.to_string()));
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(resp)
}

async fn logout(
    st: &AppState,
    bff: &Bff,
    parts: &Parts,
    log: &mut RequestLog,
    origin: Option<&HeaderValue>,
) -> Result<Response<Body>, ProxyError> {
    log.set_label("/bff/logout", None);
    page_checks(parts, origin)?;
    let session = current(st, bff, parts)
        .await?
        .ok_or(ProxyError::TokenRequired)?;
    let csrf = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if !csrf.is_some_and(|c| same(c, &session.record.csrf)) {
        return Err(ProxyError::Forbidden);
    }
    // The removed record carries the newest refresh token (another instance may have
    // rotated it since this one read the session).
    let ended = bff.sessions.remove(session.key).await?;
    revoke_record(st, bff, ended.as_ref().unwrap_or(&session.record)).await;
    log.set_outcome("signed_out");
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    let clear = set_cookie(SESSION_COOKIE, "", "Strict", Duration::ZERO);
    resp.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&clear).map_err(|_| ProxyError::Internal)?,
    );
    Ok(resp)
}

async fn relay(
    st: &AppState,
    bff: &Bff,
    parts: &Parts,
    rest: &str,
    ip: IpAddr,
    log: &mut RequestLog,
    origin: Option<&HeaderValue>,
) -> Result<Response<Body>, ProxyError> {
    let route = parse_target(rest, "").map_err(|e| match e {
        RouteError::Malformed => ProxyError::BadRequest,
        RouteError::NotFound => ProxyError::NotFound,
    })?;
    log.set_route(&route);
    page_checks(parts, origin)?;
    if parts.headers.contains_key(AUTHORIZATION) {
        // The two modes never mix: a page that holds a token uses the relay routes.
        return Err(ProxyError::BadRequest);
    }
    let mut session = current(st, bff, parts)
        .await?
        .ok_or(ProxyError::TokenRequired)?;
    if session.site != route.site() {
        return Err(ProxyError::Forbidden);
    }
    let token_key = TokenKey::of(&session.key);
    st.limits.check_token(&token_key).map_err(throttled)?;
    let url = st
        .upstreams
        .url_for(&route)
        .map_err(|_| ProxyError::Internal)?;
    let ticket = download_ticket(st, &route, ip, log)?;
    let slot = st.limits.upstream_slot().ok_or(ProxyError::Busy)?;
    let access = access_token(st, bff, &mut session).await?;
    let mut authorization = HeaderValue::from_str(&format!("Zoho-oauthtoken {}", access.expose()))
        .map_err(|_| ProxyError::Internal)?;
    authorization.set_sensitive(true);
    let fwd = Forwarded {
        authorization,
        accept: headers::accept_of(&parts.headers),
        token_key,
    };
    let hold = Hold {
        slot,
        ticket,
        closer: parts.extensions.get::<Closer>().cloned(),
    };
    let resp = forward(st, &route, url, fwd, hold, log).await?;
    if resp.status() == StatusCode::UNAUTHORIZED {
        // Zoho no longer takes this access token: the next request refreshes it.
        session.record.access = None;
        bff.sessions.save(&session).await?;
    }
    Ok(resp)
}

/// The session's access token, refreshed (one refresh of a session at a time in this instance,
/// re-reading the session after waiting) when it is close to expiry. A refresh token Zoho refuses ends
/// the session.
async fn access_token(
    st: &AppState,
    bff: &Bff,
    session: &mut Session,
) -> Result<Secret, ProxyError> {
    let fresh = |s: &Session| {
        s.record
            .access
            .as_ref()
            .filter(|(_, expires)| *expires > bff.sessions.after(REFRESH_MARGIN))
            .map(|(token, _)| token.clone())
    };
    if let Some(token) = fresh(session) {
        return Ok(token);
    }
    let lock = bff.sessions.refresh_lock(session.key);
    let _one = lock.lock().await;
    if let Some(record) = bff.sessions.load(session.key).await? {
        session.record.access = record.access;
        session.record.refresh = record.refresh;
    }
    if let Some(token) = fresh(session) {
        return Ok(token);
    }
    let accounts = st
        .upstreams
        .accounts_base(session.site)
        .map_err(|_| ProxyError::Internal)?;
    match oauth::refresh(
        &st.client,
        &accounts,
        &bff.cfg,
        &session.record.refresh,
        st.timeouts.total,
    )
    .await
    {
        Ok(grant) => {
            session.record.access =
                Some((grant.access.clone(), bff.sessions.after(grant.expires_in)));
            if let Some(rotated) = grant.refresh {
                session.record.refresh = rotated;
            }
            bff.sessions.save(session).await?;
            Ok(grant.access)
        }
        Err(OauthError::Refused) => {
            bff.sessions.remove(session.key).await?;
            Err(ProxyError::TokenRequired)
        }
        Err(OauthError::Failed) => Err(ProxyError::BadUpstream),
    }
}
