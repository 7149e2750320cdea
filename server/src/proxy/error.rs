//! The proxy's own refusals and failures, each a generic JSON body in Zoho's error shape
//! (`{"code","details","message","status"}`) with a `PROXY_` code, so the widget can tell them
//! from Zoho's. Bodies are fixed strings: they never echo the request and name no internals.

use axum::body::Body;
use axum::http::header::{HeaderValue, ALLOW, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{Response, StatusCode};

/// Everything the proxy itself can answer instead of the upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyError {
    /// Malformed target, query, body on a GET, bad preflight: 400.
    BadRequest,
    /// No such route or site: 404.
    NotFound,
    /// Anything but GET (and OPTIONS): 405.
    MethodNotAllowed,
    /// Origin missing, `null` or not allowlisted: 403.
    OriginNotAllowed,
    /// The custom request header is missing or wrong: 403.
    HeaderRequired,
    /// Not allowed for this caller (backend-for-frontend: another site than the session's, or
    /// a missing CSRF token): 403.
    Forbidden,
    /// No usable `Authorization` header (or session): 401.
    TokenRequired,
    /// A per-client or per-token rate limit: 429 with `Retry-After`.
    RateLimited { retry_after_secs: u64 },
    /// All upstream slots are busy: 503 with `Retry-After`.
    Busy,
    /// Backend-for-frontend: the session store (Redis) cannot be reached: 503 with
    /// `Retry-After`; the session is not treated as ended.
    StoreUnavailable,
    /// The upstream answered something the proxy will not pass on (redirect, malformed
    /// response, over the size cap) or could not be reached: 502.
    BadUpstream,
    /// The upstream was too slow (first byte, idle body or total deadline): 504.
    UpstreamTimeout,
    /// A fault in the proxy itself: 500.
    Internal,
}

impl ProxyError {
    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ProxyError::BadRequest => StatusCode::BAD_REQUEST,
            ProxyError::NotFound => StatusCode::NOT_FOUND,
            ProxyError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProxyError::OriginNotAllowed | ProxyError::HeaderRequired | ProxyError::Forbidden => {
                StatusCode::FORBIDDEN
            }
            ProxyError::TokenRequired => StatusCode::UNAUTHORIZED,
            ProxyError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ProxyError::Busy | ProxyError::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::BadUpstream => StatusCode::BAD_GATEWAY,
            ProxyError::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            ProxyError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable `code` of the JSON body.
    pub fn code(self) -> &'static str {
        match self {
            ProxyError::BadRequest => "PROXY_BAD_REQUEST",
            ProxyError::NotFound => "PROXY_NOT_FOUND",
            ProxyError::MethodNotAllowed => "PROXY_METHOD_NOT_ALLOWED",
            ProxyError::OriginNotAllowed => "PROXY_ORIGIN_NOT_ALLOWED",
            ProxyError::HeaderRequired => "PROXY_HEADER_REQUIRED",
            ProxyError::Forbidden => "PROXY_FORBIDDEN",
            ProxyError::TokenRequired => "PROXY_TOKEN_REQUIRED",
            ProxyError::RateLimited { .. } => "PROXY_RATE_LIMITED",
            ProxyError::Busy => "PROXY_BUSY",
            ProxyError::StoreUnavailable => "PROXY_SESSION_STORE_UNAVAILABLE",
            ProxyError::BadUpstream => "PROXY_BAD_UPSTREAM",
            ProxyError::UpstreamTimeout => "PROXY_UPSTREAM_TIMEOUT",
            ProxyError::Internal => "PROXY_INTERNAL_ERROR",
        }
    }

    /// A fixed human message.
    pub fn message(self) -> &'static str {
        match self {
            ProxyError::BadRequest => "The request is not one the proxy accepts.",
            ProxyError::NotFound => "No such proxy route.",
            ProxyError::MethodNotAllowed => "Only GET is allowed through the proxy.",
            ProxyError::OriginNotAllowed => "This origin may not use the proxy.",
            ProxyError::HeaderRequired => "The X-Bulkwatch request header is required.",
            ProxyError::Forbidden => "This request is not allowed.",
            ProxyError::TokenRequired => "A Zoho OAuth token is required.",
            ProxyError::RateLimited { .. } => "Too many requests through the proxy; retry later.",
            ProxyError::Busy => "The proxy is busy; retry shortly.",
            ProxyError::StoreUnavailable => {
                "Sessions are unavailable for a moment; you are still signed in, retry shortly."
            }
            ProxyError::BadUpstream => "Zoho's answer could not be relayed.",
            ProxyError::UpstreamTimeout => "Zoho did not answer in time.",
            ProxyError::Internal => "The proxy failed.",
        }
    }

    /// A short outcome label for logs.
    pub fn outcome(self) -> &'static str {
        match self {
            ProxyError::BadRequest => "bad_request",
            ProxyError::NotFound => "not_found",
            ProxyError::MethodNotAllowed => "method_not_allowed",
            ProxyError::OriginNotAllowed => "origin_not_allowed",
            ProxyError::HeaderRequired => "header_required",
            ProxyError::Forbidden => "forbidden",
            ProxyError::TokenRequired => "token_required",
            ProxyError::RateLimited { .. } => "rate_limited",
            ProxyError::Busy => "busy",
            ProxyError::StoreUnavailable => "session_store_unavailable",
            ProxyError::BadUpstream => "bad_upstream",
            ProxyError::UpstreamTimeout => "upstream_timeout",
            ProxyError::Internal => "internal_error",
        }
    }

    /// The JSON error response (CORS and security headers are added by the caller).
    pub fn to_response(self) -> Response<Body> {
        let body = serde_json::json!({
            "code": self.code(),
            "details": {},
            "message": self.message(),
            "status": "error",
        });
        let mut resp = Response::new(Body::from(body.to_string()));
        *resp.status_mut() = self.status();
        let headers = resp.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        match self {
            ProxyError::RateLimited { retry_after_secs } => {
                headers.insert(RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            ProxyError::Busy => {
                headers.insert(RETRY_AFTER, HeaderValue::from_static("1"));
            }
            ProxyError::StoreUnavailable => {
                headers.insert(RETRY_AFTER, HeaderValue::from_static("5"));
            }
            ProxyError::MethodNotAllowed => {
                headers.insert(ALLOW, HeaderValue::from_static("GET, OPTIONS"));
            }
            _ => {}
        }
        resp
    }
}
