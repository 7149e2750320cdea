//! Zoho OAuth for the backend-for-frontend mode: the authorization URL (authorization-code flow
//! with `state` and PKCE S256), the strict parse of the callback query, and the token-endpoint
//! calls (code exchange, refresh, revocation) on the site's accounts host, with the proxy's own
//! timeouts and a size cap. No token or secret ever goes into a URL, a log or an error.

use super::config::{BffConfig, Secret};
use crate::proxy::body::{BodyLimits, Guarded};
use sha2::{Digest, Sha256};
use std::time::Duration;
use url::Url;

/// Largest token-endpoint answer read.
const MAX_TOKEN_RESPONSE: u64 = 64 * 1024;
/// Longest authorization code accepted from the callback.
const MAX_CODE_LEN: usize = 512;

/// What the token endpoint granted.
#[derive(Debug)]
pub struct Grant {
    pub access: Secret,
    pub refresh: Option<Secret>,
    pub expires_in: Duration,
}

/// Why a token call failed (details are deliberately not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OauthError {
    /// Zoho answered, but not with tokens (`{"error":"invalid_code"}` comes with HTTP 200).
    Refused,
    /// No usable answer: unreachable, timeout, malformed, too large.
    Failed,
}

/// Base64url without padding (RFC 4648 §5), for the PKCE challenge.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The PKCE S256 challenge of a verifier.
pub fn challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// Zoho's authorization URL on `accounts` for this sign-in.
pub fn authorize_url(accounts: &Url, cfg: &BffConfig, state: &str, verifier: &str) -> Url {
    let mut url = accounts.clone();
    url.set_path("/oauth/v2/auth");
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &cfg.client_id)
        .append_pair("scope", &cfg.scope)
        .append_pair("redirect_uri", cfg.redirect_uri.as_str())
        .append_pair("access_type", "offline")
        .append_pair("prompt", "consent")
        .append_pair("state", state)
        .append_pair("code_challenge", &challenge(verifier))
        .append_pair("code_challenge_method", "S256");
    url
}

/// `(code, state)` from the callback query, which may hold only Zoho's known keys, each once.
pub fn parse_callback(query: &str) -> Option<(String, String)> {
    let (mut code, mut state) = (None, None);
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match k.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "location" | "accounts-server" => continue,
            _ => return None,
        };
        if slot.replace(v.into_owned()).is_some() {
            return None;
        }
    }
    let code = code.filter(|c| {
        (1..=MAX_CODE_LEN).contains(&c.len())
            && c.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    })?;
    let state = state.filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))?;
    Some((code, state))
}

/// Exchanges an authorization code.
pub async fn exchange_code(
    client: &reqwest::Client,
    accounts: &Url,
    cfg: &BffConfig,
    code: &str,
    verifier: &str,
    timeout: Duration,
) -> Result<Grant, OauthError> {
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", cfg.client_id.as_str()),
        ("client_secret", cfg.client_secret.expose()),
        ("redirect_uri", cfg.redirect_uri.as_str()),
        ("code", code),
        ("code_verifier", verifier),
    ];
    token_call(client, accounts, ("/oauth/v2/token", &[]), &form, timeout).await
}

/// Gets a fresh access token with a refresh token.
pub async fn refresh(
    client: &reqwest::Client,
    accounts: &Url,
    cfg: &BffConfig,
    refresh_token: &Secret,
    timeout: Duration,
) -> Result<Grant, OauthError> {
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", cfg.client_id.as_str()),
        ("client_secret", cfg.client_secret.expose()),
        ("refresh_token", refresh_token.expose()),
    ];
    token_call(client, accounts, ("/oauth/v2/token", &[]), &form, timeout).await
}

/// Revokes a refresh token, best effort. By default the token goes in the form body (RFC
/// 7009), never in a URL; with `in_query` it goes in Zoho's documented form,
/// `POST /oauth/v2/token/revoke?token=…` (`[bff] revoke_token_in = "query"`).
pub async fn revoke(
    client: &reqwest::Client,
    accounts: &Url,
    token: &Secret,
    in_query: bool,
    timeout: Duration,
) {
    let pair = [("token", token.expose())];
    let none: &[Pair] = &[];
    let (query, form) = if in_query {
        (&pair[..], none)
    } else {
        (none, &pair[..])
    };
    let path = "/oauth/v2/token/revoke";
    let _ = token_call(client, accounts, (path, query), form, timeout).await;
}

/// A form or query field.
type Pair<'a> = (&'a str, &'a str);

async fn token_call(
    client: &reqwest::Client,
    accounts: &Url,
    (path, query): (&str, &[(&str, &str)]),
    form: &[(&str, &str)],
    timeout: Duration,
) -> Result<Grant, OauthError> {
    let mut url = accounts.clone();
    url.set_path(path);
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    let deadline = tokio::time::Instant::now() + timeout;
    let sent = tokio::time::timeout_at(deadline, client.post(url).form(form).send()).await;
    let resp = match sent {
        Ok(Ok(resp)) if resp.status().is_success() => resp,
        // Zoho rejected the grant itself; a 5xx or anything else is a failure to retry later.
        Ok(Ok(resp)) if resp.status().is_client_error() => return Err(OauthError::Refused),
        _ => return Err(OauthError::Failed),
    };
    let limits = BodyLimits {
        cap: MAX_TOKEN_RESPONSE,
        idle: timeout,
        deadline,
    };
    let body = Guarded::new(resp, limits)
        .collect()
        .await
        .map_err(|_| OauthError::Failed)?;
    let v: serde_json::Value = serde_json::from_slice(&body).map_err(|_| OauthError::Failed)?;
    let token = |name: &str| {
        v[name]
            .as_str()
            .filter(|t| !t.is_empty() && t.len() <= 2048)
            .map(Secret::new)
    };
    let access = token("access_token").ok_or(OauthError::Refused)?;
    Ok(Grant {
        access,
        refresh: token("refresh_token"),
        expires_in: Duration::from_secs(v["expires_in"].as_u64().unwrap_or(3600).min(86_400)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(input.as_bytes()), want, "{input}");
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn pkce_s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn callback_query_is_strict() {
        let state = "a".repeat(64);
        let ok = format!("code=1000.abc.def&state={state}&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu");
        assert_eq!(
            parse_callback(&ok),
            Some(("1000.abc.def".into(), state.clone()))
        );
        for bad in [
            format!("code=1&state={state}&extra=1"),
            format!("code=1&code=2&state={state}"),
            format!("code=a%20b&state={state}"),
            format!("state={state}"),
            "code=1&state=short".to_owned(),
            format!("error=access_denied&state={state}"),
        ] {
            assert_eq!(parse_callback(&bad), None, "{bad}");
        }
    }
}
