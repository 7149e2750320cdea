//! Deep links in the URL fragment: `#dc=eu&v=v8&job=…&api=<origin>&proxy=<url>`. A link restores
//! everything but a token: a `token=` / `access_token=` key is ignored and reported. Whether an
//! origin or proxy a link names must be confirmed is decided when a token is about to be sent
//! ([`confirm`]), not here: a flag set at parse time is too easily cleared by an unrelated edit.

use url::form_urlencoded;

use crate::endpoint::{ApiOrigin, ApiVersion, JobId, JobIdError, OriginError, ProxyBase, Site};

pub mod confirm;

pub use confirm::{Confirm, Confirmed, Destination, Provenance, Source};

/// Longer fragments are not read.
pub const MAX_FRAGMENT_LEN: usize = 4096;

/// Keys that would carry a credential; their values are never read.
const TOKEN_KEYS: [&str; 7] = [
    "token",
    "authorization",
    "access_token",
    "refresh_token",
    "id_token",
    "authtoken",
    "code",
];

/// What a link restores. `api` (when given) says where the job lives; otherwise `site` does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeepLink {
    pub site: Option<Site>,
    pub version: Option<ApiVersion>,
    pub job: Option<JobId>,
    pub api: Option<ApiOrigin>,
    pub proxy: Option<ProxyBase>,
}

impl DeepLink {
    /// The API origin the link names: `api`, else the site's Zoho origin.
    pub fn origin(&self) -> Option<ApiOrigin> {
        self.api.clone().or_else(|| self.site.map(ApiOrigin::from))
    }
}

/// A value in the link that was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    BadDc,
    BadVersion,
    BadJob(JobIdError),
    BadApi(OriginError),
    BadProxy(OriginError),
    /// The key appeared more than once; the first value was used.
    Duplicate(&'static str),
    TooLong,
}

impl std::fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkProblem::BadDc => f.write_str("unknown data centre in the link"),
            LinkProblem::BadVersion => f.write_str("unknown API version in the link"),
            LinkProblem::BadJob(e) => write!(f, "job id in the link: {e}"),
            LinkProblem::BadApi(e) => write!(f, "API origin in the link: {e}"),
            LinkProblem::BadProxy(e) => write!(f, "proxy in the link: {e}"),
            LinkProblem::Duplicate(k) => {
                write!(f, "\"{k}\" appears twice in the link; the first was used")
            }
            LinkProblem::TooLong => f.write_str("the link is too long to read"),
        }
    }
}

/// A parsed fragment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedLink {
    pub link: DeepLink,
    /// The link carried a token (or similar) key; it was ignored.
    pub token_ignored: bool,
    pub problems: Vec<LinkProblem>,
}

impl DeepLink {
    /// Every destination the link names (its API origin and proxy): whoever follows the link
    /// records them as [`Source::Link`], so a token is not sent there unasked.
    pub fn destinations(&self) -> Vec<Destination> {
        let api = self.api.clone().map(Destination::Api);
        let proxy = self.proxy.clone().map(Destination::Proxy);
        api.into_iter().chain(proxy).collect()
    }
}

/// Parses `location.hash` (with or without the `#`). Unknown keys are ignored.
pub fn parse_fragment(fragment: &str) -> ParsedLink {
    let mut out = ParsedLink::default();
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_FRAGMENT_LEN {
        out.problems.push(LinkProblem::TooLong);
        return out;
    }
    let mut seen: Vec<&'static str> = Vec::new();
    for (key, value) in form_urlencoded::parse(text.as_bytes()) {
        let key = key.trim().to_ascii_lowercase();
        if TOKEN_KEYS.contains(&key.as_str()) {
            out.token_ignored = true;
            continue;
        }
        let Some(known) = ["dc", "v", "job", "api", "proxy"]
            .into_iter()
            .find(|k| *k == key)
        else {
            continue;
        };
        if seen.contains(&known) {
            out.problems.push(LinkProblem::Duplicate(known));
            continue;
        }
        seen.push(known);
        let value = value.trim();
        let link = &mut out.link;
        match known {
            "dc" => match Site::from_code(&value.to_ascii_lowercase()) {
                Some(site) => link.site = Some(site),
                None => out.problems.push(LinkProblem::BadDc),
            },
            "v" => match ApiVersion::parse(value) {
                Some(v) => link.version = Some(v),
                None => out.problems.push(LinkProblem::BadVersion),
            },
            "job" => match JobId::parse(value) {
                Ok(job) => link.job = Some(job),
                Err(e) => out.problems.push(LinkProblem::BadJob(e)),
            },
            "api" => match ApiOrigin::parse(value) {
                Ok(api) => link.api = Some(api),
                Err(e) => out.problems.push(LinkProblem::BadApi(e)),
            },
            _ => match ProxyBase::parse(value) {
                Ok(proxy) => link.proxy = Some(proxy),
                Err(e) => out.problems.push(LinkProblem::BadProxy(e)),
            },
        }
    }
    out
}

/// Builds the fragment for a link (with the leading `#`), percent-encoding values. There is no
/// way to put a token in it.
pub fn build_fragment(link: &DeepLink) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    if let Some(site) = link.site {
        ser.append_pair("dc", &site.code());
    }
    if let Some(v) = link.version {
        ser.append_pair("v", v.as_str());
    }
    if let Some(job) = &link.job {
        ser.append_pair("job", job.as_str());
    }
    if let Some(api) = &link.api {
        ser.append_pair("api", &api.origin_string());
    }
    if let Some(proxy) = &link.proxy {
        ser.append_pair("proxy", proxy.as_str());
    }
    format!("#{}", ser.finish())
}
