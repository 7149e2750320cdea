//! CORS: only allowlisted origins are echoed (byte for byte), always with `Vary: Origin`; never
//! `*`, never `Access-Control-Allow-Credentials`. Preflights are answered here and never
//! reach Zoho.

use super::error::ProxyError;
use super::headers::REQUIRED_HEADER;
use axum::body::Body;
use axum::http::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
    VARY,
};
use axum::http::{Response, StatusCode};

/// What a preflight may ask for on one family of routes.
#[derive(Debug)]
pub struct PreflightRules {
    /// Methods a page may use.
    pub methods: &'static [&'static str],
    /// Request headers a page may send (lowercase, as browsers list them in preflights).
    pub headers: &'static [&'static str],
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: &'static str,
    /// `Access-Control-Allow-Headers`.
    pub allow_headers: &'static str,
    /// Whether cookies may be sent (backend-for-frontend routes only).
    pub credentials: bool,
}

/// The token-relay routes: GET with the token in `Authorization`, no credentials.
pub const RELAY: PreflightRules = PreflightRules {
    methods: &["GET"],
    headers: &["authorization", "accept", REQUIRED_HEADER],
    allow_methods: "GET",
    allow_headers: "Authorization, Accept, X-Bulkwatch",
    credentials: false,
};

/// The backend-for-frontend routes: the session cookie instead of a token, a CSRF header for
/// sign-out.
pub const BFF: PreflightRules = PreflightRules {
    methods: &["GET", "POST"],
    headers: &["accept", REQUIRED_HEADER, "x-bulkwatch-csrf"],
    allow_methods: "GET, POST",
    allow_headers: "Accept, X-Bulkwatch, X-Bulkwatch-CSRF",
    credentials: true,
};
/// How long a browser may cache a preflight, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// The configured origins, in their serialized form (`https://crm.example.com`).
#[derive(Debug, Clone)]
pub struct Origins(Vec<String>);

impl Origins {
    /// Origins already validated by the configuration.
    pub fn new(origins: Vec<String>) -> Self {
        Origins(origins)
    }

    /// The request's `Origin` if it is exactly one allowlisted origin. A missing header,
    /// several headers, `null` and anything not listed give `None`.
    pub fn matching(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        let mut values = headers.get_all(ORIGIN).iter();
        let value = values.next()?;
        if values.next().is_some() {
            return None;
        }
        let text = value.to_str().ok()?;
        self.0
            .iter()
            .any(|allowed| allowed == text)
            .then(|| value.clone())
    }
}

/// Adds the CORS headers of an actual (non-preflight) response.
pub fn decorate(headers: &mut HeaderMap, origin: Option<&HeaderValue>) {
    headers.append(VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After, Content-Type, Content-Disposition"),
        );
    }
}

/// Allows cookies on a backend-for-frontend answer to an allowlisted origin (never with `*`:
/// there is no `*` anywhere).
pub fn allow_credentials(headers: &mut HeaderMap, origin: Option<&HeaderValue>) {
    if origin.is_some() {
        headers.insert(
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
}

/// Answers a token-relay preflight locally.
pub fn preflight(
    headers: &HeaderMap,
    origin: Option<&HeaderValue>,
) -> Result<Response<Body>, ProxyError> {
    preflight_with(headers, origin, &RELAY)
}

/// Answers a preflight locally: the origin must be allowlisted, the requested method and
/// headers within `rules`.
pub fn preflight_with(
    headers: &HeaderMap,
    origin: Option<&HeaderValue>,
    rules: &PreflightRules,
) -> Result<Response<Body>, ProxyError> {
    let origin = origin.ok_or(ProxyError::OriginNotAllowed)?;
    let method = headers
        .get(ACCESS_CONTROL_REQUEST_METHOD)
        .ok_or(ProxyError::BadRequest)?;
    if !rules
        .methods
        .iter()
        .any(|m| m.as_bytes() == method.as_bytes())
    {
        return Err(ProxyError::MethodNotAllowed);
    }
    for value in headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS) {
        let list = value.to_str().map_err(|_| ProxyError::BadRequest)?;
        let all_allowed = list
            .split(',')
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .all(|h| rules.headers.contains(&h.as_str()));
        if !all_allowed {
            return Err(ProxyError::BadRequest);
        }
    }
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    let h = resp.headers_mut();
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    h.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(rules.allow_methods),
    );
    h.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(rules.allow_headers),
    );
    if rules.credentials {
        allow_credentials(h, Some(origin));
    }
    h.insert(
        ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(PREFLIGHT_MAX_AGE),
    );
    h.insert(
        VARY,
        HeaderValue::from_static(
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins() -> Origins {
        Origins::new(vec![
            "https://crm.example.com".into(),
            "http://localhost:5173".into(),
        ])
    }

    fn with_origin(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(ORIGIN, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn only_exact_origins_match() {
        let o = origins();
        assert!(o
            .matching(&with_origin(&["https://crm.example.com"]))
            .is_some());
        assert!(o
            .matching(&with_origin(&["http://localhost:5173"]))
            .is_some());
        for bad in [
            "null",
            "*",
            "https://crm.example.com.evil.com",
            "https://evil-crm.example.com",
            "https://crm.example.co",
            "http://crm.example.com",
            "https://crm.example.com:443",
            "https://crm.example.com/",
            "HTTPS://CRM.EXAMPLE.COM",
            " https://crm.example.com",
            "https://crm.example.com.",
            "http://localhost:5174",
        ] {
            assert!(o.matching(&with_origin(&[bad])).is_none(), "{bad}");
        }
        assert!(o.matching(&HeaderMap::new()).is_none());
        let two = with_origin(&["https://crm.example.com", "https://crm.example.com"]);
        assert!(o.matching(&two).is_none());
    }

    #[test]
    fn decorate_never_uses_wildcards_or_credentials() {
        let mut h = HeaderMap::new();
        decorate(
            &mut h,
            Some(&HeaderValue::from_static("https://crm.example.com")),
        );
        assert_eq!(h[ACCESS_CONTROL_ALLOW_ORIGIN], "https://crm.example.com");
        assert_eq!(h[VARY], "Origin");
        assert!(h.get("access-control-allow-credentials").is_none());
        let mut h = HeaderMap::new();
        decorate(&mut h, None);
        assert!(h.get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        assert_eq!(h[VARY], "Origin");
    }

    #[test]
    fn preflight_rules() {
        let origin = HeaderValue::from_static("https://crm.example.com");
        let mut h = HeaderMap::new();
        h.insert(
            ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("GET"),
        );
        h.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("authorization,x-bulkwatch"),
        );
        let resp = preflight(&h, Some(&origin)).expect("allowed");
        assert_eq!(resp.status(), StatusCode::NO_CONTENT);
        assert!(resp
            .headers()
            .get("access-control-allow-credentials")
            .is_none());
        assert_eq!(
            preflight(&h, None).err(),
            Some(ProxyError::OriginNotAllowed)
        );
        h.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("authorization, cookie"),
        );
        assert_eq!(
            preflight(&h, Some(&origin)).err(),
            Some(ProxyError::BadRequest)
        );
        h.remove(ACCESS_CONTROL_REQUEST_HEADERS);
        h.insert(
            ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("DELETE"),
        );
        assert_eq!(
            preflight(&h, Some(&origin)).err(),
            Some(ProxyError::MethodNotAllowed)
        );
    }
}
