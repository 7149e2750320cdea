//! Sign in with Zoho through its client-based (implicit) flow: the authorisation URL, the redirect
//! fragment's parser, the `state` check and the token's expiry maths. Pure functions: the widget
//! supplies the random `state`, the clock and the address bar.
//!
//! The token read from a redirect lives in [`Grant::access_token`], whose `Debug` never shows it.

use std::fmt;

use url::{form_urlencoded, Url};

use crate::endpoint::{ApiOrigin, DataCenter, OriginError};

/// The narrowest scope that reads a Bulk Write job (Zoho accepts `.CREATE` or `.ALL`).
pub const SCOPE: &str = "ZohoCRM.bulk.CREATE";

/// Prompt to sign in again when less than this remains (seconds).
pub const RENEW_MARGIN_SECS: u64 = 5 * 60;

/// Longer `state` values are refused (ours are 32 hex digits).
const MAX_STATE_LEN: usize = 128;

/// Where and as whom to ask for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest {
    /// `https://accounts.zoho.eu`, or the simulator's origin.
    pub accounts: ApiOrigin,
    pub client_id: String,
    pub scope: String,
    /// The page to come back to: no fragment, no query.
    pub redirect_uri: String,
    /// The unguessable value checked on return.
    pub state: String,
}

/// Why a sign-in request cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("the client id is empty or holds characters Zoho's ids never do")]
    BadClientId,
    #[error("the page's address cannot be a redirect URI")]
    BadRedirect,
    #[error("the state is too short")]
    WeakState,
}

/// The default accounts origin of a data centre (`https://accounts.zoho.eu`).
pub fn accounts_origin(dc: DataCenter) -> ApiOrigin {
    // A fixed https Zoho host always parses; the fallback only keeps this total.
    ApiOrigin::parse(&format!("https://{}", dc.accounts_host()))
        .unwrap_or_else(|_| ApiOrigin::from(crate::endpoint::Site::production(dc)))
}

/// Parses an accounts origin typed by a person (custom origins: the simulator, a sandbox).
pub fn parse_accounts(raw: &str) -> Result<ApiOrigin, OriginError> {
    ApiOrigin::parse(raw)
}

/// The redirect URI for a page address: the address without fragment and query.
pub fn redirect_uri_for(page_href: &str) -> Result<String, RequestError> {
    let mut url = Url::parse(page_href).map_err(|_| RequestError::BadRedirect)?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(RequestError::BadRedirect);
    }
    url.set_fragment(None);
    url.set_query(None);
    Ok(url.to_string())
}

impl AuthRequest {
    /// Checks the parts and builds the request.
    pub fn new(
        accounts: ApiOrigin,
        client_id: &str,
        redirect_uri: &str,
        state: &str,
    ) -> Result<AuthRequest, RequestError> {
        let client_id = client_id.trim();
        if client_id.is_empty()
            || client_id.len() > 128
            || !client_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
        {
            return Err(RequestError::BadClientId);
        }
        if state.len() < 16 || state.len() > MAX_STATE_LEN {
            return Err(RequestError::WeakState);
        }
        let redirect_uri = redirect_uri_for(redirect_uri)?;
        Ok(AuthRequest {
            accounts,
            client_id: client_id.to_string(),
            scope: SCOPE.to_string(),
            redirect_uri,
            state: state.to_string(),
        })
    }

    /// `{accounts}/oauth/v2/auth?response_type=token&client_id=…&scope=…&redirect_uri=…&state=…`.
    pub fn url(&self) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "token")
            .append_pair("client_id", &self.client_id)
            .append_pair("scope", &self.scope)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("state", &self.state)
            .finish();
        format!("{}/oauth/v2/auth?{query}", self.accounts.origin_string())
    }
}

/// What a successful redirect grants. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Grant {
    pub access_token: String,
    /// Seconds the token lives, from the moment of the redirect.
    pub expires_in: u64,
    /// Where this account's API lives (honoured over the data centre picked before).
    pub api_domain: Option<ApiOrigin>,
    /// Zoho's data-centre code (`us`, `eu`…), when sent.
    pub location: Option<String>,
}

impl fmt::Debug for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Grant")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("api_domain", &self.api_domain)
            .field("location", &self.location)
            .finish()
    }
}

/// Why a redirect was not accepted. Never carries the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectError {
    #[error("no sign-in was started in this tab, or it was already used")]
    NotStarted,
    #[error("the sign-in answer does not match the request this tab made (state)")]
    StateMismatch,
    #[error("Zoho refused the sign-in: {0}")]
    Refused(String),
    #[error("the sign-in answer carries no token")]
    NoToken,
    #[error("the sign-in answer names an API domain that is not a valid origin")]
    BadApiDomain,
}

/// Whether a fragment is a sign-in answer (so it must be removed from the address bar at once).
pub fn is_redirect(fragment: &str) -> bool {
    form_urlencoded::parse(fragment.trim_start_matches('#').as_bytes())
        .any(|(k, _)| matches!(k.as_ref(), "access_token" | "error" | "state"))
}

/// Reads a redirect fragment and checks its `state` against the one this tab stored
/// (`expected`; `None` when no sign-in was pending). The state is compared before anything else
/// is believed.
pub fn parse_redirect(fragment: &str, expected: Option<&str>) -> Result<Grant, RedirectError> {
    let mut token = None;
    let mut expires_in = None;
    let mut api_domain = None;
    let mut location = None;
    let mut state = None;
    let mut error = None;
    for (k, v) in form_urlencoded::parse(fragment.trim_start_matches('#').as_bytes()) {
        let slot = match k.as_ref() {
            "access_token" => &mut token,
            "expires_in" => &mut expires_in,
            "api_domain" => &mut api_domain,
            "location" => &mut location,
            "state" => &mut state,
            "error" => &mut error,
            _ => continue,
        };
        // The first value wins: a repeated key is not allowed to replace a checked one.
        if slot.is_none() {
            *slot = Some(v.into_owned());
        }
    }
    let expected = expected.ok_or(RedirectError::NotStarted)?;
    match state {
        Some(s) if constant_time_eq(s.as_bytes(), expected.as_bytes()) => {}
        _ => return Err(RedirectError::StateMismatch),
    }
    if let Some(e) = error {
        let e: String = e
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        return Err(RedirectError::Refused(e));
    }
    let access_token = token
        .filter(|t| !t.trim().is_empty() && !t.chars().any(char::is_control))
        .ok_or(RedirectError::NoToken)?;
    let api_domain = match api_domain {
        Some(d) => Some(ApiOrigin::parse(&d).map_err(|_| RedirectError::BadApiDomain)?),
        None => None,
    };
    Ok(Grant {
        access_token,
        // Zoho sends seconds; an unreadable value is treated as the documented hour.
        expires_in: expires_in
            .and_then(|e| e.trim().parse().ok())
            .unwrap_or(3600),
        api_domain,
        location: location.filter(|l| l.len() <= 8 && l.bytes().all(|b| b.is_ascii_alphabetic())),
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where a held token stands, for the expiry line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// More than the renewal margin left (seconds left).
    Fresh(u64),
    /// Less than the margin left: prompt to sign in again (seconds left).
    RenewSoon(u64),
    Expired,
}

/// The epoch-ms moment a token granted at `granted_ms` lapses.
pub fn expires_at_ms(granted_ms: u64, expires_in_secs: u64) -> u64 {
    granted_ms.saturating_add(expires_in_secs.saturating_mul(1000))
}

/// Where a token lapsing at `expires_at_ms` stands at `now_ms`.
pub fn expiry(now_ms: u64, expires_at_ms: u64) -> Expiry {
    if now_ms >= expires_at_ms {
        return Expiry::Expired;
    }
    let left = (expires_at_ms - now_ms) / 1000;
    if left < RENEW_MARGIN_SECS {
        Expiry::RenewSoon(left)
    } else {
        Expiry::Fresh(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn builds_the_documented_url() {
        let req = AuthRequest::new(
            accounts_origin(DataCenter::Eu),
            "1000.ABC",
            "https://support.example.com/bw/?x=1#view=watch",
            STATE,
        )
        .unwrap();
        assert_eq!(req.redirect_uri, "https://support.example.com/bw/");
        let url = Url::parse(&req.url()).unwrap();
        assert_eq!(url.host_str(), Some("accounts.zoho.eu"));
        assert_eq!(url.path(), "/oauth/v2/auth");
        let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(
            q,
            vec![
                ("response_type".into(), "token".into()),
                ("client_id".into(), "1000.ABC".into()),
                ("scope".into(), SCOPE.into()),
                (
                    "redirect_uri".into(),
                    "https://support.example.com/bw/".into()
                ),
                ("state".into(), STATE.into()),
            ]
        );
    }

    #[test]
    fn refuses_bad_requests() {
        let acc = accounts_origin(DataCenter::Us);
        assert_eq!(
            AuthRequest::new(acc.clone(), "a b", "https://x.test/", STATE),
            Err(RequestError::BadClientId)
        );
        assert_eq!(
            AuthRequest::new(acc.clone(), "id", "https://x.test/", "short"),
            Err(RequestError::WeakState)
        );
        assert_eq!(
            AuthRequest::new(acc, "id", "javascript:alert(1)", STATE),
            Err(RequestError::BadRedirect)
        );
    }

    #[test]
    fn every_dc_has_an_accounts_origin() {
        for dc in DataCenter::ALL {
            assert!(accounts_origin(dc)
                .origin_string()
                .contains(dc.accounts_host()));
        }
    }

    #[test]
    fn reads_a_grant_and_honours_api_domain() {
        let frag = format!(
            "#access_token=1000.tok&expires_in=3600&api_domain=https%3A%2F%2Fwww.zohoapis.eu&token_type=Bearer&location=eu&state={STATE}"
        );
        assert!(is_redirect(&frag));
        let g = parse_redirect(&frag, Some(STATE)).unwrap();
        assert_eq!(g.access_token, "1000.tok");
        assert_eq!(g.expires_in, 3600);
        assert_eq!(
            g.api_domain.unwrap().origin_string(),
            "https://www.zohoapis.eu"
        );
        assert_eq!(g.location.as_deref(), Some("eu"));
    }

    #[test]
    fn state_is_checked_first() {
        let frag = "access_token=secret&state=attacker0000000000000000";
        assert_eq!(
            parse_redirect(frag, Some(STATE)),
            Err(RedirectError::StateMismatch)
        );
        assert_eq!(parse_redirect(frag, None), Err(RedirectError::NotStarted));
        assert_eq!(
            parse_redirect("access_token=secret", Some(STATE)),
            Err(RedirectError::StateMismatch)
        );
        // A second state after the right one does not replace it, and vice versa.
        let twice = format!("access_token=t&state=wrong&state={STATE}");
        assert_eq!(
            parse_redirect(&twice, Some(STATE)),
            Err(RedirectError::StateMismatch)
        );
    }

    #[test]
    fn errors_never_carry_the_token() {
        let frag = format!("error=access_denied%3Cscript%3E&state={STATE}");
        let e = parse_redirect(&frag, Some(STATE)).unwrap_err();
        assert_eq!(e, RedirectError::Refused("access_deniedscript".into()));
        let frag = format!("access_token=secret&api_domain=not%20a%20url&state={STATE}");
        let e = parse_redirect(&frag, Some(STATE)).unwrap_err();
        assert!(!e.to_string().contains("secret"));
        let g = parse_redirect(&format!("access_token=secret&state={STATE}"), Some(STATE)).unwrap();
        assert!(!format!("{g:?}").contains("secret"));
        assert_eq!(g.expires_in, 3600);
        assert!(!is_redirect("#dc=eu&job=123"));
    }

    #[test]
    fn expiry_maths() {
        let at = expires_at_ms(1_000_000, 3600);
        assert_eq!(at, 1_000_000 + 3_600_000);
        assert_eq!(expiry(1_000_000, at), Expiry::Fresh(3600));
        assert_eq!(expiry(at - 299_000, at), Expiry::RenewSoon(299));
        assert_eq!(expiry(at, at), Expiry::Expired);
        assert_eq!(expires_at_ms(u64::MAX, 10), u64::MAX);
    }
}
