//! Reads what a person pastes into the job field — a bare id, a Zoho API URL, a curl command line
//! — into the origin, version and job id it names.
//!
//! A pasted curl line often carries `-H "Authorization: Zoho-oauthtoken …"`. That token is never
//! taken, returned, stored or echoed (not even in an error): [`Pasted::token_seen`] only says it
//! was there, so the UI can say "token not taken from the paste".

use url::Url;

use crate::endpoint::{ApiOrigin, ApiVersion, DataCenter, JobId, JobIdError, OriginError, Site};

/// Pastes longer than this are refused unread (a curl line is a few hundred characters).
pub const MAX_PASTE_LEN: usize = 16 * 1024;

/// What the paste was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasteKind {
    BareId,
    Url,
    Curl,
}

/// What a paste names. Parts the paste does not say are `None`; the job id is always there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    pub origin: Option<ApiOrigin>,
    pub version: Option<ApiVersion>,
    pub job: JobId,
    pub kind: PasteKind,
    /// A token or other credential was in the paste (and was ignored).
    pub token_seen: bool,
}

/// Why a paste was not understood. No variant carries text from the paste, so showing an error
/// can never show a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasteError {
    #[error("nothing was pasted")]
    Empty,
    #[error("the paste is far too long to be a job id, URL or curl command")]
    TooLong,
    #[error("this looks like an access token, not a job: paste it into the token field")]
    LooksLikeToken,
    #[error("not a job id: {0}")]
    InvalidJobId(JobIdError),
    #[error("not a job id, a Zoho API URL or a curl command")]
    Unrecognised,
    #[error("not a valid URL")]
    BadUrl,
    #[error("the URL's origin is not usable: {0}")]
    Origin(OriginError),
    #[error(
        "a Bulk Read job URL: Bulkwatch watches Bulk Write jobs (/crm/bulk/{{v}}/write/{{id}})"
    )]
    BulkRead,
    #[error("not a Bulk Write job URL (expected /crm/bulk/{{v}}/write/{{id}})")]
    NotBulkWrite,
    #[error("the URL names no job id (it ends at /write)")]
    NoJobId,
    #[error("unknown API version in the URL (Bulkwatch knows v2, v2.1 and v3 to v8)")]
    UnknownVersion,
    #[error("the curl command has no Bulk Write job URL")]
    NoUrlInCurl,
}

/// Parses a paste. Surrounding whitespace and quotes are ignored.
pub fn parse_paste(input: &str) -> Result<Pasted, PasteError> {
    if input.len() > MAX_PASTE_LEN {
        return Err(PasteError::TooLong);
    }
    let text = strip_quotes(input.trim());
    if text.is_empty() {
        return Err(PasteError::Empty);
    }
    if is_curl(text) {
        return parse_curl(text);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return JobId::parse(text)
            .map(|job| Pasted {
                origin: None,
                version: None,
                job,
                kind: PasteKind::BareId,
                token_seen: false,
            })
            .map_err(PasteError::InvalidJobId);
    }
    if looks_like_token(text) {
        return Err(PasteError::LooksLikeToken);
    }
    if text.contains("://") || text.starts_with('/') || starts_with_host(text) {
        return parse_url(text, PasteKind::Url);
    }
    if text.bytes().filter(u8::is_ascii_digit).count() * 2 > text.len() {
        return Err(PasteError::InvalidJobId(JobIdError::NotDigits));
    }
    Err(PasteError::Unrecognised)
}

/// A URL or a bare path (`/crm/bulk/v8/write/1`); a host without a scheme gets `https://`.
fn parse_url(text: &str, kind: PasteKind) -> Result<Pasted, PasteError> {
    if text.contains('\\') || text.chars().any(char::is_whitespace) {
        return Err(PasteError::BadUrl);
    }
    let (url, has_origin) = if text.starts_with('/') && !text.starts_with("//") {
        let base = Url::parse("https://path.invalid").map_err(|_| PasteError::BadUrl)?;
        (base.join(text).map_err(|_| PasteError::BadUrl)?, false)
    } else if text.contains("://") {
        (Url::parse(text).map_err(|_| PasteError::BadUrl)?, true)
    } else {
        let with_scheme = format!("https://{text}");
        (
            Url::parse(&with_scheme).map_err(|_| PasteError::BadUrl)?,
            true,
        )
    };
    let token_seen = url.query_pairs().any(|(k, _)| is_token_key(&k));
    let segs: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|seg| !seg.is_empty()).collect())
        .unwrap_or_default();
    let (prefix, version, job) = bulk_write_path(&segs)?;
    let origin = if !has_origin {
        None
    } else if let Some(site) = prefix.last().and_then(|s| Site::from_code(s)) {
        // A URL of Bulkwatch's proxy (`…/eu/crm/bulk/v8/write/1`) names its site.
        Some(ApiOrigin::from(site))
    } else if !prefix.is_empty() {
        return Err(PasteError::NotBulkWrite);
    } else {
        Some(origin_of(&url)?)
    };
    Ok(Pasted {
        origin,
        version: Some(version),
        job,
        kind,
        token_seen,
    })
}

/// Finds `crm/bulk/{v}/write/{id}` at the end of the path; returns what comes before it.
fn bulk_write_path<'a>(
    segs: &'a [&'a str],
) -> Result<(&'a [&'a str], ApiVersion, JobId), PasteError> {
    let start = segs
        .windows(2)
        .rposition(|w| w[0].eq_ignore_ascii_case("crm") && w[1].eq_ignore_ascii_case("bulk"))
        .ok_or(PasteError::NotBulkWrite)?;
    let (prefix, rest) = segs.split_at(start);
    match rest {
        [_, _, v, op, id] if op.eq_ignore_ascii_case("write") => {
            let version = parse_version_segment(v)?;
            let job = JobId::parse(id).map_err(PasteError::InvalidJobId)?;
            Ok((prefix, version, job))
        }
        [_, _, v, op] if op.eq_ignore_ascii_case("write") => {
            parse_version_segment(v)?;
            Err(PasteError::NoJobId)
        }
        [_, _, _, op, ..] if op.eq_ignore_ascii_case("read") => Err(PasteError::BulkRead),
        _ => Err(PasteError::NotBulkWrite),
    }
}

fn parse_version_segment(seg: &str) -> Result<ApiVersion, PasteError> {
    if !seg.starts_with(['v', 'V']) {
        return Err(PasteError::UnknownVersion);
    }
    ApiVersion::parse(seg).ok_or(PasteError::UnknownVersion)
}

/// The origin of a pasted URL. Plain `http` to a Zoho API host is read as that host: Bulkwatch
/// only ever calls Zoho over https, so nothing is sent in the clear.
fn origin_of(url: &Url) -> Result<ApiOrigin, PasteError> {
    if url.scheme() == "http" && url.port().is_none() && url.username().is_empty() {
        if let Some((dc, env)) = url.domain().and_then(DataCenter::from_api_host) {
            return Ok(ApiOrigin::Zoho { dc, env });
        }
    }
    ApiOrigin::from_url(url).map_err(PasteError::Origin)
}

fn is_curl(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    first.eq_ignore_ascii_case("curl") || first.eq_ignore_ascii_case("curl.exe")
}

/// Options of curl that take a value (so the value is not mistaken for the URL).
const VALUE_OPTIONS: [&str; 30] = [
    "-X",
    "--request",
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--json",
    "-o",
    "--output",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-w",
    "--write-out",
    "-F",
    "--form",
    "--oauth2-bearer",
];
/// Options whose value is a credential.
const CREDENTIAL_OPTIONS: [&str; 5] = ["-u", "--user", "-b", "--cookie", "--oauth2-bearer"];

fn parse_curl(text: &str) -> Result<Pasted, PasteError> {
    // Chrome's "Copy as cURL (cmd)" escapes quotes as `^"`; read them as plain quotes.
    let unescaped;
    let text = if text.contains("^\"") {
        unescaped = text.replace("^\"", "\"").replace("^^", "^");
        unescaped.as_str()
    } else {
        text
    };
    let words = shell_split(text);
    let mut token_seen = false;
    let mut urls: Vec<String> = Vec::new();
    let mut args = words.into_iter().skip(1);
    let mut options_done = false;
    while let Some(arg) = args.next() {
        if options_done || !arg.starts_with('-') || arg == "-" {
            urls.push(arg);
            continue;
        }
        if arg == "--" {
            options_done = true;
            continue;
        }
        let (name, inline) = split_option(&arg);
        if name == "--url" {
            urls.extend(inline.or_else(|| args.next()));
            continue;
        }
        if !VALUE_OPTIONS.contains(&name) {
            continue;
        }
        let value = inline.or_else(|| args.next()).unwrap_or_default();
        if CREDENTIAL_OPTIONS.contains(&name) {
            token_seen = true;
        }
        if (name == "-H" || name == "--header") && is_credential_header(&value) {
            token_seen = true;
        }
    }
    let mut first_error = None;
    for candidate in &urls {
        match parse_url(candidate, PasteKind::Curl) {
            Ok(mut pasted) => {
                pasted.token_seen |= token_seen;
                return Ok(pasted);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(PasteError::NoUrlInCurl))
}

/// `-XGET` → (`-X`, `GET`); `--header=…` → (`--header`, `…`); else (arg, None).
fn split_option(arg: &str) -> (&str, Option<String>) {
    if let Some(long) = arg.strip_prefix("--") {
        return match long.split_once('=') {
            Some((name, value)) => (&arg[..2 + name.len()], Some(value.to_string())),
            None => (arg, None),
        };
    }
    match arg.char_indices().nth(2) {
        Some((i, _)) if VALUE_OPTIONS.contains(&&arg[..i]) => {
            (&arg[..i], Some(arg[i..].to_string()))
        }
        _ => (arg, None),
    }
}

fn is_credential_header(header: &str) -> bool {
    let name = header.split(':').next().unwrap_or("").trim();
    [
        "authorization",
        "cookie",
        "proxy-authorization",
        "x-zoho-token",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

fn is_token_key(key: &str) -> bool {
    [
        "token",
        "access_token",
        "authtoken",
        "refresh_token",
        "code",
    ]
    .iter()
    .any(|k| key.eq_ignore_ascii_case(k))
}

/// Splits a pasted command line into words with `shell-words` (POSIX quoting and escapes), after
/// reading the two things copied commands carry that a POSIX split does not: line continuations
/// from other shells (cmd's `^`, PowerShell's backtick, as well as `\`) and bash's `$'…'` quoting,
/// read here as plain single quotes (what is looked for — a URL, a header's name — carries no
/// escapes). An unterminated quote runs to the end, as a paste cut short should still be read.
pub fn shell_split(text: &str) -> Vec<String> {
    let mut joined = text.to_string();
    for mark in ["\\", "^", "`"] {
        for newline in ["\r\n", "\n"] {
            joined = joined.replace(&format!("{mark}{newline}"), " ");
        }
    }
    let line = ansi_c_quotes_as_single(&joined);
    shell_words::split(&line)
        .or_else(|_| shell_words::split(&format!("{line}'")))
        .or_else(|_| shell_words::split(&format!("{line}\"")))
        .unwrap_or_default()
}

/// `$'…'` at the start of a word becomes `'…'`.
fn ansi_c_quotes_as_single(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for (i, c) in text.char_indices() {
        if c == '$' && word_start && text[i + 1..].starts_with('\'') {
            word_start = false;
            continue;
        }
        out.push(c);
        word_start = c.is_whitespace();
    }
    out
}

/// `'…'` or `"…"` around the whole paste.
fn strip_quotes(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner.trim();
        }
    }
    text
}

/// Zoho tokens look like `1000.<hex>.<hex>`; people also paste the whole header.
fn looks_like_token(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("zoho-oauthtoken")
        || lower.starts_with("authorization:")
        || lower.starts_with("bearer ")
    {
        return true;
    }
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && !parts[0].is_empty()
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && parts[1..]
            .iter()
            .all(|p| p.len() >= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `www.zohoapis.eu/…`: a dotted host name before the first `/`.
fn starts_with_host(text: &str) -> bool {
    let Some((host, _)) = text.split_once('/') else {
        return false;
    };
    host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
}
