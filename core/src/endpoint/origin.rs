//! Origins Bulkwatch may send a token to: a Zoho API host, or a custom origin (https anywhere,
//! plain http only on loopback, e.g. the local simulator), and the proxy base URL.

use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use super::{DataCenter, Environment, Site};

/// The longest origin or proxy URL accepted; real ones are a few dozen characters.
const MAX_LEN: usize = 512;

/// Why a text is not an acceptable API origin or proxy URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    #[error("no origin given")]
    Empty,
    #[error("the address is too long")]
    TooLong,
    #[error("the address contains spaces, control characters or backslashes")]
    BadCharacters,
    #[error("not a valid absolute URL")]
    Unparseable,
    #[error("only https is allowed (plain http only for 127.0.0.1, [::1] or localhost)")]
    SchemeNotAllowed,
    #[error("plain http is allowed only for 127.0.0.1, [::1] or localhost")]
    HttpNotLoopback,
    #[error("a user name or password in the address is not allowed")]
    Userinfo,
    #[error("an origin has no path (give only scheme, host and port)")]
    HasPath,
    #[error("a query string is not allowed here")]
    HasQuery,
    #[error("a fragment (#…) is not allowed here")]
    HasFragment,
    #[error("a host ending in a dot is not allowed")]
    TrailingDot,
    #[error("Zoho's API hosts are reached over https on the default port only")]
    ZohoNotDefault,
}

/// Where the job-details request goes (when not through the proxy).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiOrigin {
    /// `https://{www|sandbox|developer}.zohoapis.{tld}`.
    Zoho { dc: DataCenter, env: Environment },
    /// Any other origin that passed [`ApiOrigin::parse`]: https, or http on loopback.
    Custom(CustomOrigin),
}

/// A checked custom origin, kept as its ASCII serialisation (`http://127.0.0.1:8080`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomOrigin {
    origin: String,
    loopback: bool,
}

impl ApiOrigin {
    /// Parses an origin typed or linked by a person: `https://host[:port]` with at most a trailing
    /// `/`. A Zoho API host becomes [`ApiOrigin::Zoho`]; anything else is [`ApiOrigin::Custom`].
    pub fn parse(raw: &str) -> Result<ApiOrigin, OriginError> {
        let url = parse_checked(raw)?;
        let origin = ApiOrigin::from_url(&url)?;
        if url.path() != "/" {
            return Err(OriginError::HasPath);
        }
        Ok(origin)
    }

    /// The origin of an already-parsed URL, ignoring its path, query and fragment (used on a pasted
    /// job URL). The same rules as [`ApiOrigin::parse`] apply to scheme, userinfo and host.
    pub fn from_url(url: &Url) -> Result<ApiOrigin, OriginError> {
        check_userinfo_and_host(url)?;
        if let Some((dc, env)) = url.domain().and_then(DataCenter::from_api_host) {
            if url.scheme() != "https" || url.port().is_some() {
                return Err(OriginError::ZohoNotDefault);
            }
            return Ok(ApiOrigin::Zoho { dc, env });
        }
        check_scheme(url)?;
        let loopback = url_is_loopback(url);
        Ok(ApiOrigin::Custom(CustomOrigin {
            origin: url.origin().ascii_serialization(),
            loopback,
        }))
    }

    /// The origin this job lives on, `https://www.zohoapis.eu`, without a trailing slash.
    pub fn origin_string(&self) -> String {
        match self {
            ApiOrigin::Zoho { dc, env } => format!("https://{}", dc.api_host(*env)),
            ApiOrigin::Custom(c) => c.origin.clone(),
        }
    }

    /// A Zoho API host (not a custom origin).
    pub fn is_zoho(&self) -> bool {
        matches!(self, ApiOrigin::Zoho { .. })
    }

    /// A custom origin on this machine (127.0.0.0/8, `[::1]`, `localhost`).
    pub fn is_loopback(&self) -> bool {
        matches!(self, ApiOrigin::Custom(c) if c.loopback)
    }

    /// The proxy site for a Zoho origin; a custom origin cannot be reached through the proxy.
    pub fn site(&self) -> Option<Site> {
        match self {
            ApiOrigin::Zoho { dc, env } => Some(Site { dc: *dc, env: *env }),
            ApiOrigin::Custom(_) => None,
        }
    }
}

impl From<Site> for ApiOrigin {
    fn from(site: Site) -> ApiOrigin {
        ApiOrigin::Zoho {
            dc: site.dc,
            env: site.env,
        }
    }
}

/// The base URL of a Bulkwatch proxy (`http://127.0.0.1:8787` or `https://example.org/bw`):
/// https, or http on loopback; an optional path prefix; no query, fragment or userinfo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProxyBase {
    base: String,
    loopback: bool,
}

impl ProxyBase {
    /// Parses and normalises a proxy URL (the trailing `/` is dropped).
    pub fn parse(raw: &str) -> Result<ProxyBase, OriginError> {
        let url = parse_checked(raw)?;
        check_userinfo_and_host(&url)?;
        check_scheme(&url)?;
        let base = url.as_str().trim_end_matches('/').to_string();
        Ok(ProxyBase {
            base,
            loopback: url_is_loopback(&url),
        })
    }

    /// The base without a trailing slash; routes append `/{site}/…`.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// The proxy runs on this machine.
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }
}

/// Loopback as Bulkwatch understands it: `localhost`, 127.0.0.0/8 or `::1` (brackets optional).
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || bare.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
}

fn url_is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Common text checks, then a WHATWG parse. Query and fragment are refused here; the path is
/// left to the caller.
fn parse_checked(raw: &str) -> Result<Url, OriginError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(OriginError::Empty);
    }
    if text.len() > MAX_LEN {
        return Err(OriginError::TooLong);
    }
    if text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(OriginError::BadCharacters);
    }
    let url = Url::parse(text).map_err(|_| OriginError::Unparseable)?;
    if url.query().is_some() {
        return Err(OriginError::HasQuery);
    }
    if url.fragment().is_some() {
        return Err(OriginError::HasFragment);
    }
    // The parser drops an empty userinfo (`https://@host`); the raw text still shows it.
    let authority_raw = text
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    if authority_raw.contains('@') {
        return Err(OriginError::Userinfo);
    }
    Ok(url)
}

/// Scheme family, userinfo and host rules shared by API origins and proxy bases.
fn check_userinfo_and_host(url: &Url) -> Result<(), OriginError> {
    if !matches!(url.scheme(), "https" | "http") {
        return Err(OriginError::SchemeNotAllowed);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(OriginError::Userinfo);
    }
    match url.host() {
        Some(Host::Domain(d)) if d.ends_with('.') => return Err(OriginError::TrailingDot),
        Some(_) => {}
        None => return Err(OriginError::Unparseable),
    }
    Ok(())
}

/// https anywhere, plain http only on loopback.
fn check_scheme(url: &Url) -> Result<(), OriginError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if url_is_loopback(url) => Ok(()),
        "http" => Err(OriginError::HttpNotLoopback),
        _ => Err(OriginError::SchemeNotAllowed),
    }
}
