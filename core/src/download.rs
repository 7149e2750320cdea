//! Which `result.download_url` values Bulkwatch will link, fetch and send the token to: https on an
//! allowlisted Zoho host (or the configured API origin, or one of the page's configured extra
//! download hosts — [`classify_with`]), no userinfo, default port. Everything else is
//! [`DownloadUrl::Unsafe`] with a reason, shown as inert text.
//!
//! Parsing is the `url` crate's WHATWG parser, the one browsers use, and the URL handed on is the
//! re-serialised one, so what was checked is exactly what is fetched.

use url::{Host, Url};

use crate::endpoint::{
    ApiOrigin, DataCenter, DownloadPath, Environment, ExtraHosts, ProxyBase, ProxyRoute,
};
use crate::endpoint::{ProxyPathError, Site};

/// Longer `download_url`s are refused unparsed (real ones are about 90 characters).
pub const MAX_URL_LEN: usize = 2048;
/// How much of a refused URL is kept for display.
const MAX_RAW_KEPT: usize = 300;

/// Which allowlisted host a safe download URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DownloadHost {
    /// `download-accl.{domain}` of a data centre.
    ZohoDownload(DataCenter),
    /// `{www|sandbox|developer}.zohoapis.{tld}`.
    ZohoApi(DataCenter, Environment),
    /// Exactly the configured custom API origin (e.g. the local simulator).
    ApiOrigin,
    /// One of the extra download hosts the page was configured with ([`ExtraHosts`]), https on
    /// the default port. Carries the job's site (none for a custom origin) so the proxy route
    /// can name it.
    Extra(Option<Site>),
}

/// Why a download URL was refused. [`UnsafeReason::text`] says it for people.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UnsafeReason {
    Empty,
    TooLong,
    /// `javascript:` or `vbscript:`, however spelled.
    ScriptScheme,
    DataScheme,
    /// A scheme other than https (the scheme is kept, lowercase).
    SchemeNotAllowed(String),
    /// `http:` to a Zoho host.
    InsecureZoho,
    /// `//host/…`: would inherit the page's scheme and go to another host.
    ProtocolRelative,
    Backslash,
    /// Tabs, newlines, spaces or other control characters inside the URL.
    ControlCharacters,
    /// `.` or `..` path segments (also percent-encoded): a real download path has none.
    DotSegments,
    /// Neither absolute nor a path starting with `/`.
    NotAbsoluteOrRooted,
    Unparseable,
    Userinfo,
    Port,
    IpLiteral,
    TrailingDot,
    /// Percent-encoding in the host.
    EncodedHost,
    /// A host that contains a Zoho name but is not one of Zoho's hosts.
    LookAlikeHost(String),
    /// Any other host.
    HostNotAllowed(String),
}

impl UnsafeReason {
    /// A sentence for people, e.g. under the inert URL text.
    pub fn text(&self) -> String {
        match self {
            UnsafeReason::Empty => "the download URL is empty".into(),
            UnsafeReason::TooLong => "the download URL is far too long".into(),
            UnsafeReason::ScriptScheme => "a script URL, not a download".into(),
            UnsafeReason::DataScheme => "a data: URL, not a Zoho download".into(),
            UnsafeReason::SchemeNotAllowed(s) => {
                format!("scheme \"{s}\" is not allowed (https only)")
            }
            UnsafeReason::InsecureZoho => "plain http to a Zoho host (https only)".into(),
            UnsafeReason::ProtocolRelative => {
                "a protocol-relative URL (//host) could point anywhere".into()
            }
            UnsafeReason::Backslash => "backslashes in a URL are not accepted".into(),
            UnsafeReason::ControlCharacters => {
                "spaces, tabs, newlines or control characters inside the URL".into()
            }
            UnsafeReason::DotSegments => "\".\" or \"..\" segments in the path".into(),
            UnsafeReason::NotAbsoluteOrRooted => {
                "neither an absolute https URL nor a path starting with /".into()
            }
            UnsafeReason::Unparseable => "not a valid URL".into(),
            UnsafeReason::Userinfo => "a user name or password in the URL".into(),
            UnsafeReason::Port => "a non-default port".into(),
            UnsafeReason::IpLiteral => "an IP address instead of a Zoho host".into(),
            UnsafeReason::TrailingDot => "a host ending in a dot".into(),
            UnsafeReason::EncodedHost => "percent-encoding in the host".into(),
            UnsafeReason::LookAlikeHost(h) => format!("\"{h}\" only looks like a Zoho host"),
            UnsafeReason::HostNotAllowed(h) => format!("\"{h}\" is not a Zoho download host"),
        }
    }
}

impl std::fmt::Display for UnsafeReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// A classified `download_url`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DownloadUrl {
    /// May be linked and fetched with the token. `url` is absolute and re-serialised.
    Safe { url: String, host: DownloadHost },
    /// Never an `href`, never fetched. `raw` is the input (cut to a few hundred characters).
    Unsafe { raw: String, reason: UnsafeReason },
}

impl DownloadUrl {
    /// True for [`DownloadUrl::Safe`].
    pub fn is_safe(&self) -> bool {
        matches!(self, DownloadUrl::Safe { .. })
    }

    /// The URL to fetch when going through the proxy: `{proxy}/{site}/download/…` for a download
    /// host, `{proxy}/{site}/api-download/…` for an API host. Fails for an unsafe URL, a custom
    /// origin (the proxy reaches only Zoho) and a path the proxy would not route; the result is
    /// checked with [`crate::endpoint::parse_proxy_path`], so the two cannot disagree.
    pub fn proxy_url(&self, proxy: &ProxyBase) -> Result<String, ProxyUrlError> {
        let DownloadUrl::Safe { url, host } = self else {
            return Err(ProxyUrlError::Unsafe);
        };
        let parsed = Url::parse(url).map_err(|_| ProxyUrlError::Unsafe)?;
        if parsed.query().is_some() {
            return Err(ProxyUrlError::Path(ProxyPathError::Query));
        }
        let path = DownloadPath::parse(parsed.path()).map_err(ProxyUrlError::Path)?;
        let route = match *host {
            DownloadHost::ZohoDownload(dc) => ProxyRoute::Download {
                site: Site::production(dc),
                path,
            },
            DownloadHost::ZohoApi(dc, env) => ProxyRoute::ApiDownload {
                site: Site { dc, env },
                path,
            },
            DownloadHost::Extra(Some(site)) => ProxyRoute::HostDownload {
                site,
                host: parsed.host_str().unwrap_or_default().to_string(),
                path,
            },
            DownloadHost::ApiOrigin | DownloadHost::Extra(None) => {
                return Err(ProxyUrlError::CustomOrigin)
            }
        };
        crate::endpoint::parse_proxy_path(&route.proxy_path()).map_err(ProxyUrlError::Path)?;
        Ok(route.proxy_url(proxy))
    }
}

/// Why a download cannot go through the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProxyUrlError {
    #[error("the download URL is not safe")]
    Unsafe,
    #[error("the proxy reaches only Zoho's hosts, not a custom origin")]
    CustomOrigin,
    #[error("the proxy does not carry this download path: {0}")]
    Path(ProxyPathError),
}

/// Classifies a `download_url` as sent by the API, relative to the job's API origin, against the
/// built-in host table only.
pub fn classify(raw: &str, api_origin: &ApiOrigin) -> DownloadUrl {
    classify_with(raw, api_origin, &ExtraHosts::none())
}

/// Like [`classify`], also accepting the page's configured extra download hosts (exactly those
/// names, https, default port). Configuration only: never pass hosts read from a link or an
/// answer.
pub fn classify_with(raw: &str, api_origin: &ApiOrigin, extra: &ExtraHosts) -> DownloadUrl {
    match check(raw, api_origin, extra) {
        Ok((url, host)) => DownloadUrl::Safe { url, host },
        Err(reason) => DownloadUrl::Unsafe {
            raw: keep_for_display(raw),
            reason,
        },
    }
}

fn check(
    raw: &str,
    api_origin: &ApiOrigin,
    extra: &ExtraHosts,
) -> Result<(String, DownloadHost), UnsafeReason> {
    if raw.len() > MAX_URL_LEN {
        return Err(UnsafeReason::TooLong);
    }
    // Scripts first, with the reason people should hear, whatever else is wrong with the text.
    if let Some(reason) = dangerous_scheme(raw) {
        return Err(reason);
    }
    let text = raw.trim_matches(|c: char| c.is_ascii_whitespace());
    if text.is_empty() {
        return Err(UnsafeReason::Empty);
    }
    if text.contains('\\') {
        return Err(UnsafeReason::Backslash);
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UnsafeReason::ControlCharacters);
    }
    if text.starts_with("//") {
        return Err(UnsafeReason::ProtocolRelative);
    }
    if has_dot_segment(text) {
        return Err(UnsafeReason::DotSegments);
    }
    let mut url = if text.starts_with('/') {
        let base =
            Url::parse(&api_origin.origin_string()).map_err(|_| UnsafeReason::Unparseable)?;
        base.join(text).map_err(|_| UnsafeReason::Unparseable)?
    } else {
        match Url::parse(text) {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                return Err(UnsafeReason::NotAbsoluteOrRooted)
            }
            Err(_) => return Err(UnsafeReason::Unparseable),
        }
    };
    let host = check_parsed(text, &url, api_origin, extra)?;
    // A fragment is never sent; dropping it keeps the displayed URL honest.
    url.set_fragment(None);
    Ok((url.into(), host))
}

/// Checks a parsed absolute URL (`text` is the trimmed input, for what the parser hides).
fn check_parsed(
    text: &str,
    url: &Url,
    api_origin: &ApiOrigin,
    extra: &ExtraHosts,
) -> Result<DownloadHost, UnsafeReason> {
    let scheme = url.scheme();
    if scheme != "https" && scheme != "http" {
        return Err(UnsafeReason::SchemeNotAllowed(scheme.to_string()));
    }
    // WHATWG forgives `https:host/x` and `https:/host/x`; Bulkwatch wants the plain spelling.
    if !text.starts_with('/')
        && !text
            .get(scheme.len()..)
            .is_some_and(|r| r.starts_with("://"))
    {
        return Err(UnsafeReason::Unparseable);
    }
    // The parser drops an empty userinfo (`https://@host`); the text still shows it.
    let authority = text
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    if !url.username().is_empty() || url.password().is_some() || authority.contains('@') {
        return Err(UnsafeReason::Userinfo);
    }
    if authority.contains('%') {
        return Err(UnsafeReason::EncodedHost);
    }
    let domain = match url.host() {
        Some(Host::Domain(d)) => d,
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {
            return custom_origin_match(url, api_origin).ok_or(UnsafeReason::IpLiteral)
        }
        None => return Err(UnsafeReason::Unparseable),
    };
    if domain.ends_with('.') {
        return Err(UnsafeReason::TrailingDot);
    }
    let zoho = DataCenter::from_download_host(domain)
        .map(DownloadHost::ZohoDownload)
        .or_else(|| {
            DataCenter::from_api_host(domain).map(|(dc, env)| DownloadHost::ZohoApi(dc, env))
        })
        .or_else(|| {
            extra
                .contains(domain)
                .then(|| DownloadHost::Extra(api_origin.site()))
        });
    if let Some(host) = zoho {
        if scheme != "https" {
            return Err(UnsafeReason::InsecureZoho);
        }
        if url.port().is_some() {
            return Err(UnsafeReason::Port);
        }
        return Ok(host);
    }
    if let Some(host) = custom_origin_match(url, api_origin) {
        return Ok(host);
    }
    if scheme != "https" {
        return Err(UnsafeReason::SchemeNotAllowed(scheme.to_string()));
    }
    if url.port().is_some() {
        return Err(UnsafeReason::Port);
    }
    if domain.contains("zoho") {
        Err(UnsafeReason::LookAlikeHost(domain.to_string()))
    } else {
        Err(UnsafeReason::HostNotAllowed(domain.to_string()))
    }
}

/// A URL on exactly the configured custom origin (scheme, host and port) is the API's own.
fn custom_origin_match(url: &Url, api_origin: &ApiOrigin) -> Option<DownloadHost> {
    match api_origin {
        ApiOrigin::Custom(_)
            if url.origin().ascii_serialization() == api_origin.origin_string() =>
        {
            Some(DownloadHost::ApiOrigin)
        }
        _ => None,
    }
}

/// Recognises `javascript:`, `vbscript:` and `data:` the way a browser or an HTML-decoding layer
/// might: ignoring case, whitespace and control characters anywhere, and decoding character
/// references (`&#106;`, `&#x6A;`, `&colon;`) and percent-escapes first.
fn dangerous_scheme(raw: &str) -> Option<UnsafeReason> {
    let squeezed: String = decode_tricks(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    if squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:") {
        Some(UnsafeReason::ScriptScheme)
    } else if squeezed.starts_with("data:") {
        Some(UnsafeReason::DataScheme)
    } else {
        None
    }
}

/// Decodes the start of `raw` from HTML character references and percent-escapes, only far enough
/// to read a scheme (the result is never used as a URL).
fn decode_tricks(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if out.chars().count() > 64 {
            break;
        }
        if c == '&' {
            if let Some((decoded, used)) = char_reference(rest) {
                out.push(decoded);
                rest = &rest[used..];
                continue;
            }
        }
        if c == '%' {
            let hex = rest.get(1..3).and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex.filter(u8::is_ascii) {
                out.push(char::from(b));
                rest = &rest[3..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// One HTML character reference at the start of `s` (`&#58;`, `&#x3A;`, `&colon;`, `&Tab;`,
/// `&NewLine;`), with or without its `;`. Returns the character and the bytes used.
fn char_reference(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .chars()
            .take_while(|c| c.is_digit(radix))
            .take(8)
            .count();
        let value = u32::from_str_radix(digits.get(..len)?, radix).ok()?;
        let semi = usize::from(digits[len..].starts_with(';'));
        return Some((char::from_u32(value)?, 1 + skip + len + semi));
    }
    const NAMED: [(&str, char); 5] = [
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("sol", '/'),
        ("nbsp", ' '),
    ];
    NAMED.iter().find_map(|(name, c)| {
        let head = body.get(..name.len())?;
        if !head.eq_ignore_ascii_case(name) {
            return None;
        }
        let semi = usize::from(body[name.len()..].starts_with(';'));
        Some((*c, 1 + name.len() + semi))
    })
}

/// Whether the path part of `text` (after any `scheme://authority`, before `?`/`#`) has a `.` or
/// `..` segment, percent-encoded or not: the parser would silently remove them.
fn has_dot_segment(text: &str) -> bool {
    let after_authority = match text.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => text,
    };
    let path = after_authority.split(['?', '#']).next().unwrap_or("");
    path.split('/').any(|seg| {
        let seg = seg.to_ascii_lowercase().replace("%2e", ".");
        seg == "." || seg == ".."
    })
}

/// The input cut to a displayable length on a character boundary.
fn keep_for_display(raw: &str) -> String {
    if raw.len() <= MAX_RAW_KEPT {
        return raw.to_string();
    }
    let mut end = MAX_RAW_KEPT;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &raw[..end])
}

/// The curl command for a resolved download URL, with a placeholder where the token goes (the
/// widget never puts a token in text a user copies). Words are quoted for a POSIX shell.
pub fn curl_command(resolved: &str) -> String {
    shell_words::join([
        "curl",
        "-fLOJ",
        "-H",
        "Authorization: Zoho-oauthtoken <YOUR_TOKEN>",
        resolved,
    ])
}
