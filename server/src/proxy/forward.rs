//! The request pipeline. Every check runs, in order, before any upstream connection: client
//! rate limit, method, route, (preflight answered here), origin, custom header, no request
//! body, token shape, token rate limit, upstream allowlist, concurrency slot. Only then is
//! Zoho contacted, with first-byte, idle and total deadlines, no redirects and a byte cap.

use super::bff::{self, bff_rest, Bff};
use super::body::{BodyError, BodyLimits, Guarded};
use super::config::{ClientAddressSource, Limits as Caps, Timeouts};
use super::cors::{self, Origins};
use super::error::ProxyError;
use super::headers::{self, Forwarded};
use super::limits::DownloadTicket;
use super::limits::{Limits, Throttled};
use super::logging::RequestLog;
use super::relay;
use super::routes::{parse_target, Route, RouteError};
use super::serve::Closer;
use super::upstream::Upstreams;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH};
use axum::http::request::Parts;
use axum::http::{Method, Response, StatusCode};
use futures_util::StreamExt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

/// Everything a request needs, shared by all requests.
pub struct AppState {
    pub prefix: String,
    pub origins: Origins,
    pub client_address: ClientAddressSource,
    pub limits: Limits,
    pub caps: Caps,
    pub timeouts: Timeouts,
    pub upstreams: Upstreams,
    pub client: reqwest::Client,
    /// Backend-for-frontend mode, when enabled.
    pub bff: Option<Bff>,
}

/// What a successful pipeline produced.
enum Reply {
    /// A locally answered preflight (already carries its CORS headers).
    Preflight(Response<Body>),
    /// Zoho's answer, relayed.
    Upstream(Response<Body>),
    /// A backend-for-frontend answer (already carries its CORS headers).
    Bff(Response<Body>),
}

/// Whether the route matcher accepts a request target. The one switch point for the route
/// definition (shared with the widget once core's parser lands).
pub fn parse_route(parts: &Parts, prefix: &str) -> Result<Route, RouteError> {
    if parts.uri.scheme().is_some() || parts.uri.authority().is_some() {
        return Err(RouteError::Malformed);
    }
    parse_target(&parts.uri.to_string(), prefix)
}

/// The fallback handler: every request except `/healthz`.
pub async fn handle(State(st): State<Arc<AppState>>, req: Request) -> Response<Body> {
    let (parts, _body) = req.into_parts();
    let mut log = RequestLog::start(&parts.method);
    let origin = st.origins.matching(&parts.headers);
    let mut resp = match pipeline(&st, &parts, &mut log, origin.as_ref()).await {
        Ok(Reply::Preflight(resp)) => {
            log.set_outcome("preflight");
            resp
        }
        Ok(Reply::Bff(resp)) => resp,
        Ok(Reply::Upstream(mut resp)) => {
            cors::decorate(resp.headers_mut(), origin.as_ref());
            resp
        }
        Err(e) => {
            log.set_outcome_if_unset(e.outcome());
            let mut resp = e.to_response();
            cors::decorate(resp.headers_mut(), origin.as_ref());
            resp
        }
    };
    log.set_status(resp.status().as_u16());
    headers::add_security_headers(resp.headers_mut());
    resp
}

async fn pipeline(
    st: &AppState,
    parts: &Parts,
    log: &mut RequestLog,
    origin: Option<&HeaderValue>,
) -> Result<Reply, ProxyError> {
    let ip = client_ip(&st.client_address, parts)?;
    st.limits.check_client(ip).map_err(throttled)?;
    if let Some(bff) = &st.bff {
        if let Some(rest) = bff_rest(parts, &st.prefix) {
            let resp = bff::handle(st, bff, parts, &rest, ip, log, origin).await;
            return Ok(Reply::Bff(resp));
        }
    }
    if parts.method != Method::GET && parts.method != Method::OPTIONS {
        return Err(ProxyError::MethodNotAllowed);
    }
    let route = parse_route(parts, &st.prefix).map_err(|e| match e {
        RouteError::Malformed => ProxyError::BadRequest,
        RouteError::NotFound => ProxyError::NotFound,
    })?;
    log.set_route(&route);
    // A host-download route for a host the operator did not configure is no route here.
    if !st.upstreams.serves(&route) {
        log.set_outcome("host_not_configured");
        return Err(ProxyError::NotFound);
    }
    if parts.method == Method::OPTIONS {
        return cors::preflight(&parts.headers, origin).map(Reply::Preflight);
    }
    if origin.is_none() {
        return Err(ProxyError::OriginNotAllowed);
    }
    headers::require_custom_header(&parts.headers)?;
    headers::refuse_request_body(&parts.headers)?;
    let fwd = headers::forwarded(&parts.headers)?;
    st.limits.check_token(&fwd.token_key).map_err(throttled)?;
    let url = st.upstreams.url_for(&route).map_err(|_| {
        log.set_outcome("not_allowlisted");
        ProxyError::Internal
    })?;
    let ticket = download_ticket(st, &route, ip, log)?;
    let slot = st.limits.upstream_slot().ok_or(ProxyError::Busy)?;
    let hold = Hold {
        slot,
        ticket,
        closer: parts.extensions.get::<Closer>().cloned(),
    };
    forward(st, &route, url, fwd, hold, log)
        .await
        .map(Reply::Upstream)
}

/// A download counts against its client's share of open downloads; other routes take none.
pub fn download_ticket(
    st: &AppState,
    route: &Route,
    ip: IpAddr,
    log: &mut RequestLog,
) -> Result<Option<DownloadTicket>, ProxyError> {
    if !route.is_download() {
        return Ok(None);
    }
    match st.limits.download_ticket(ip) {
        Some(t) => Ok(Some(t)),
        None => {
            log.set_outcome("client_download_cap");
            Err(ProxyError::RateLimited {
                retry_after_secs: 1,
            })
        }
    }
}

/// What a forwarded request holds while it runs: the upstream slot, the client's download
/// ticket, and the means to close the client's connection.
pub struct Hold {
    pub slot: OwnedSemaphorePermit,
    pub ticket: Option<DownloadTicket>,
    pub closer: Option<Closer>,
}

/// A rate-limit refusal as an error.
pub fn throttled(t: Throttled) -> ProxyError {
    ProxyError::RateLimited {
        retry_after_secs: t.retry_after_secs,
    }
}

/// The client's address for the per-client limits.
pub fn client_ip(source: &ClientAddressSource, parts: &Parts) -> Result<IpAddr, ProxyError> {
    match source {
        ClientAddressSource::Peer => parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or(ProxyError::Internal),
        ClientAddressSource::Header(name) => parts
            .headers
            .get_all(name)
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
            .ok_or(ProxyError::BadRequest),
    }
}

/// Sends the checked request to Zoho and relays the answer under the proxy's limits.
pub async fn forward(
    st: &AppState,
    route: &Route,
    url: url::Url,
    fwd: Forwarded,
    hold: Hold,
    log: &mut RequestLog,
) -> Result<Response<Body>, ProxyError> {
    let t = st.timeouts;
    let started = Instant::now();
    let deadline = started + t.total;
    let mut request = st.client.get(url).header(AUTHORIZATION, fwd.authorization);
    if let Some(accept) = fwd.accept {
        request = request.header(ACCEPT, accept);
    }
    let upstream =
        match tokio::time::timeout_at((started + t.first_byte).min(deadline), request.send()).await
        {
            Err(_elapsed) => {
                return Err(fail(log, "upstream_timeout", ProxyError::UpstreamTimeout))
            }
            Ok(Err(e)) if e.is_timeout() => {
                return Err(fail(log, "upstream_timeout", ProxyError::UpstreamTimeout))
            }
            Ok(Err(e)) if e.is_connect() => {
                return Err(fail(log, "upstream_unreachable", ProxyError::BadUpstream))
            }
            Ok(Err(_)) => return Err(fail(log, "upstream_broken", ProxyError::BadUpstream)),
            Ok(Ok(resp)) => resp,
        };
    let status = upstream.status();
    if !(200..600).contains(&status.as_u16()) || status.is_redirection() {
        // Never followed, never relayed: a Location could send the browser (and its token)
        // elsewhere.
        return Err(fail(log, "upstream_redirect", ProxyError::BadUpstream));
    }
    let cap = if route.is_download() {
        st.caps.max_download_bytes
    } else {
        st.caps.max_details_bytes
    };
    let declared = upstream.content_length();
    if declared.is_some_and(|n| n > cap) {
        return Err(fail(log, "upstream_too_large", ProxyError::BadUpstream));
    }
    let mut out_headers = HeaderMap::new();
    headers::copy_response_headers(upstream.headers(), &mut out_headers);
    let limits = BodyLimits {
        cap,
        idle: t.idle_body,
        deadline,
    };
    log.set_status(status.as_u16());
    let body = if route.is_download() {
        // Streamed through a task (see `relay`). The first chunk is awaited before answering,
        // so a silent or broken upstream is still a clean 502/504.
        let mut guarded = Guarded::new(upstream, limits);
        let first = match guarded.next().await {
            Some(Ok(chunk)) => chunk,
            Some(Err(e)) => return Err(fail(log, e.outcome(), body_error(e))),
            None => bytes::Bytes::new(),
        };
        if let Some(n) = declared {
            out_headers.insert(CONTENT_LENGTH, HeaderValue::from(n));
        }
        let guards = relay::Guards {
            slot: hold.slot,
            ticket: hold.ticket,
            closer: hold.closer,
        };
        let relayed = relay::start(guarded, first, limits, declared, guards, log.take());
        Body::from_stream(relayed)
    } else {
        let bytes = Guarded::new(upstream, limits)
            .collect()
            .await
            .map_err(|e| fail(log, e.outcome(), body_error(e)))?;
        drop(hold);
        log.add_bytes(bytes.len() as u64);
        log.set_outcome("ok");
        Body::from(bytes)
    };
    let mut resp = Response::new(body);
    *resp.status_mut() =
        StatusCode::from_u16(status.as_u16()).map_err(|_| ProxyError::BadUpstream)?;
    *resp.headers_mut() = out_headers;
    Ok(resp)
}

fn fail(log: &mut RequestLog, outcome: &'static str, err: ProxyError) -> ProxyError {
    log.set_outcome(outcome);
    err
}

fn body_error(e: BodyError) -> ProxyError {
    match e {
        BodyError::Timeout => ProxyError::UpstreamTimeout,
        BodyError::TooLarge | BodyError::Broken => ProxyError::BadUpstream,
    }
}
