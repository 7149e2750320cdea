//! Header allowlists, both ways. Towards Zoho only `Authorization` and `Accept` pass (rebuilt,
//! not copied: cookies, `X-Forwarded-*`, `Proxy-*`, hop-by-hop and everything else stay
//! behind). Back to the browser only `Content-Type`, `Content-Disposition` and `Retry-After`
//! pass (so `Set-Cookie`, hop-by-hop and server banners are stripped), plus the proxy's own
//! security headers.

use super::error::ProxyError;
use super::limits::TokenKey;
use axum::http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CACHE_CONTROL, CONTENT_DISPOSITION,
    CONTENT_LENGTH, CONTENT_TYPE, REFERRER_POLICY, RETRY_AFTER, TRANSFER_ENCODING,
    X_CONTENT_TYPE_OPTIONS,
};
use bulkwatch_core::endpoint::PROXY_HEADER_VALUE;

/// The custom request header every proxied request must carry (core's `PROXY_HEADER`, value
/// `PROXY_HEADER_VALUE`), lowercase. A page can only send it after a successful preflight, and
/// plain navigation or `<img>` cannot send it.
pub const REQUIRED_HEADER: &str = "x-bulkwatch";
/// Longest token accepted.
const MAX_TOKEN_LEN: usize = 2048;
/// Longest `Accept` value forwarded.
const MAX_ACCEPT_LEN: usize = 256;
/// Longest pass-through response header value.
const MAX_RESPONSE_HEADER_LEN: usize = 512;

/// What is forwarded to Zoho: the `Authorization` value (marked sensitive so it never prints)
/// and an optional `Accept`, plus the token's hash for the per-token limiter.
pub struct Forwarded {
    pub authorization: HeaderValue,
    pub accept: Option<HeaderValue>,
    pub token_key: TokenKey,
}

impl std::fmt::Debug for Forwarded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forwarded")
            .field("authorization", &"<redacted>")
            .field("accept", &self.accept)
            .finish()
    }
}

/// The custom header must be present exactly once, with value `1`.
pub fn require_custom_header(headers: &HeaderMap) -> Result<(), ProxyError> {
    let mut values = headers.get_all(REQUIRED_HEADER).iter();
    match (values.next(), values.next()) {
        (Some(v), None) if v.as_bytes() == PROXY_HEADER_VALUE.as_bytes() => Ok(()),
        _ => Err(ProxyError::HeaderRequired),
    }
}

/// A GET carries no body: any `Content-Length` other than 0, or any `Transfer-Encoding`, is
/// refused (no request smuggling through the proxy).
pub fn refuse_request_body(headers: &HeaderMap) -> Result<(), ProxyError> {
    if headers.contains_key(TRANSFER_ENCODING) {
        return Err(ProxyError::BadRequest);
    }
    for v in headers.get_all(CONTENT_LENGTH) {
        if v.as_bytes() != b"0" {
            return Err(ProxyError::BadRequest);
        }
    }
    Ok(())
}

/// Extracts the headers to forward. `Authorization` must be present once, as
/// `Zoho-oauthtoken <token>` or `Bearer <token>` with a token of plain token characters.
pub fn forwarded(headers: &HeaderMap) -> Result<Forwarded, ProxyError> {
    let mut auths = headers.get_all(AUTHORIZATION).iter();
    let auth = match (auths.next(), auths.next()) {
        (Some(a), None) => a,
        _ => return Err(ProxyError::TokenRequired),
    };
    let token = token_of(auth.as_bytes()).ok_or(ProxyError::TokenRequired)?;
    let token_key = TokenKey::of(token);
    let mut authorization = auth.clone();
    authorization.set_sensitive(true);
    let accept = accept_of(headers);
    Ok(Forwarded {
        authorization,
        accept,
        token_key,
    })
}

/// The `Accept` value to forward, if present and sane.
pub fn accept_of(headers: &HeaderMap) -> Option<HeaderValue> {
    headers
        .get(ACCEPT)
        .filter(|v| v.len() <= MAX_ACCEPT_LEN && v.to_str().is_ok())
        .cloned()
}

/// The credential part of an `Authorization` value, if its shape is acceptable.
fn token_of(value: &[u8]) -> Option<&[u8]> {
    let space = value.iter().position(|b| *b == b' ')?;
    let (scheme, rest) = value.split_at(space);
    let token = &rest[1..];
    let scheme_ok =
        scheme.eq_ignore_ascii_case(b"Zoho-oauthtoken") || scheme.eq_ignore_ascii_case(b"Bearer");
    let token_ok = (1..=MAX_TOKEN_LEN).contains(&token.len())
        && token
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(b));
    (scheme_ok && token_ok).then_some(token)
}

/// Copies the allowlisted upstream response headers into `out`.
pub fn copy_response_headers(upstream: &HeaderMap, out: &mut HeaderMap) {
    for name in [CONTENT_TYPE, CONTENT_DISPOSITION, RETRY_AFTER] {
        if let Some(v) = upstream.get(&name) {
            if v.len() <= MAX_RESPONSE_HEADER_LEN {
                out.insert(name, v.clone());
            }
        }
    }
}

/// The proxy's own headers on every answer: personal data is not cached, not sniffed, and
/// the page's address is not leaked onwards.
pub fn add_security_headers(out: &mut HeaderMap) {
    let fixed: [(HeaderName, &'static str); 3] = [
        (CACHE_CONTROL, "no-store"),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in fixed {
        out.insert(name, HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).expect("name"),
                HeaderValue::from_str(v).expect("value"),
            );
        }
        h
    }

    #[test]
    fn the_header_is_cores() {
        use bulkwatch_core::endpoint::PROXY_HEADER;
        assert_eq!(REQUIRED_HEADER, PROXY_HEADER.to_ascii_lowercase());
    }

    #[test]
    fn tokens() {
        assert!(token_of(b"Zoho-oauthtoken 1000.abc.def").is_some());
        assert!(token_of(b"zoho-OAUTHTOKEN 1000.abc").is_some());
        assert!(token_of(b"Bearer abc").is_some());
        for bad in [
            &b"Zoho-oauthtoken"[..],
            b"Zoho-oauthtoken ",
            b"Zoho-oauthtoken  abc",
            b"Basic dXNlcjpwYXNz",
            b"Zoho-oauthtoken abc def",
            b"Zoho-oauthtoken abc\"",
            b"abc",
        ] {
            assert!(token_of(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
        let long = format!("Bearer {}", "a".repeat(MAX_TOKEN_LEN + 1));
        assert!(token_of(long.as_bytes()).is_none());
    }

    #[test]
    fn forwarded_is_sensitive_and_redacted() {
        let h = map(&[
            ("authorization", "Zoho-oauthtoken 1000.secret"),
            ("accept", "*/*"),
        ]);
        let f = forwarded(&h).expect("ok");
        assert!(f.authorization.is_sensitive());
        assert!(!format!("{f:?}").contains("secret"));
        let two = map(&[("authorization", "Bearer a"), ("authorization", "Bearer b")]);
        assert_eq!(forwarded(&two).err(), Some(ProxyError::TokenRequired));
        assert_eq!(
            forwarded(&HeaderMap::new()).err(),
            Some(ProxyError::TokenRequired)
        );
    }

    #[test]
    fn custom_header_and_body() {
        assert!(require_custom_header(&map(&[("x-bulkwatch", "1")])).is_ok());
        for bad in [
            &[][..],
            &[("x-bulkwatch", "0")],
            &[("x-bulkwatch", "1"), ("x-bulkwatch", "1")],
        ] {
            assert!(require_custom_header(&map(bad)).is_err());
        }
        assert!(refuse_request_body(&map(&[("content-length", "0")])).is_ok());
        assert!(refuse_request_body(&map(&[("content-length", "5")])).is_err());
        assert!(refuse_request_body(&map(&[("transfer-encoding", "chunked")])).is_err());
    }

    #[test]
    fn response_allowlist() {
        let up = map(&[
            ("content-type", "application/json"),
            ("set-cookie", "a=b"),
            ("connection", "close"),
            ("server", "ZGS"),
            ("retry-after", "7"),
            ("x-accesstoken-reset", "x"),
        ]);
        let mut out = HeaderMap::new();
        copy_response_headers(&up, &mut out);
        let mut names: Vec<&str> = out.keys().map(|k| k.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["content-type", "retry-after"]);
    }
}
