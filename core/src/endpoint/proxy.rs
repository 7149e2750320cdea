//! The proxy's URL scheme, defined once for the widget (which builds these paths) and the proxy
//! (which parses them with [`parse_proxy_path`] and forwards only what matches):
//!
//! | proxy path | upstream |
//! | --- | --- |
//! | `/{site}/crm/bulk/{v}/write/{id}` | `https://{api_host}/crm/bulk/{v}/write/{id}` |
//! | `/{site}/download/{v}/crm/{org}/bulk-write/{job}/{file}.zip` | `https://download-accl.{domain}/…` |
//! | `/{site}/api-download/{v}/crm/{org}/bulk-write/{job}/{file}.zip` | `https://{api_host}/…` |
//! | `/{site}/host-download/{host}/{v}/crm/{org}/bulk-write/{job}/{file}.zip` | `https://{host}/…` |
//!
//! `{site}` is `eu`, `eu-sandbox`, `eu-developer`…: the client names a data centre, never a host.
//! The one exception, `host-download`, names a host that must be exactly one of the proxy
//! operator's configured extra download hosts ([`super::ExtraHosts`]); the proxy refuses any
//! other before connecting, so the client still cannot reach a host the operator did not list.

use super::{job_path, ApiOrigin, ApiVersion, DataCenter, Environment, JobId, JobIdError};
use super::{ProxyBase, Site};

/// The custom request header the proxy requires (it forces a CORS preflight and blocks plain
/// navigation to the proxy).
pub const PROXY_HEADER: &str = "X-Bulkwatch";
/// The value sent in [`PROXY_HEADER`].
pub const PROXY_HEADER_VALUE: &str = "1";

/// The longest proxy path accepted (real ones are under 150 characters).
const MAX_PATH_LEN: usize = 400;
/// Org segment of a download path (`org6196138` or bare digits).
const MAX_ORG_LEN: usize = 40;
/// File stem of a download path (`{job}.zip` in practice).
const MAX_FILE_STEM_LEN: usize = 64;

/// Why a path is not one of the proxy's routes. The proxy answers 400 for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProxyPathError {
    #[error("path too long")]
    TooLong,
    #[error("path must start with /")]
    NotAbsolute,
    #[error("query strings are not accepted")]
    Query,
    #[error("percent-encoding is not accepted")]
    PercentEncoded,
    #[error("backslashes are not accepted")]
    Backslash,
    #[error("control characters are not accepted")]
    ControlCharacter,
    #[error("character not allowed in a path")]
    BadCharacter,
    #[error("empty path segment")]
    EmptySegment,
    #[error("dot segments are not accepted")]
    DotSegment,
    #[error("unknown data centre")]
    UnknownSite,
    #[error("no such route")]
    UnknownRoute,
    #[error("unknown API version")]
    BadVersion,
    #[error("invalid job id: {0}")]
    BadJobId(JobIdError),
    #[error("invalid org segment")]
    BadOrg,
    #[error("invalid file name")]
    BadFileName,
    #[error("invalid host name")]
    BadHost,
}

/// The `{v}/crm/{org}/bulk-write/{job}/{file}.zip` part of a result download, validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DownloadPath {
    /// The version in the download path (Zoho keeps `v2` there even on v8).
    pub version: ApiVersion,
    pub org: String,
    pub job: JobId,
    /// The file stem, without `.zip`.
    pub file_stem: String,
}

impl DownloadPath {
    /// Parses the path segments after the route word (`["v2","crm","org1","bulk-write","1","1.zip"]`).
    fn from_segments(segs: &[&str]) -> Result<DownloadPath, ProxyPathError> {
        let [v, "crm", org, "bulk-write", job, file] = segs else {
            return Err(ProxyPathError::UnknownRoute);
        };
        let version = ApiVersion::parse_exact(v).ok_or(ProxyPathError::BadVersion)?;
        if org.is_empty()
            || org.len() > MAX_ORG_LEN
            || !org.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(ProxyPathError::BadOrg);
        }
        let job = JobId::parse(job).map_err(ProxyPathError::BadJobId)?;
        let stem = file
            .strip_suffix(".zip")
            .ok_or(ProxyPathError::BadFileName)?;
        if stem.is_empty()
            || stem.len() > MAX_FILE_STEM_LEN
            || !stem
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(ProxyPathError::BadFileName);
        }
        Ok(DownloadPath {
            version,
            org: (*org).to_string(),
            job,
            file_stem: stem.to_string(),
        })
    }

    /// Parses a URL path such as `/v2/crm/org1/bulk-write/1/1.zip` with the proxy's strict rules.
    pub fn parse(path: &str) -> Result<DownloadPath, ProxyPathError> {
        let segs = checked_segments(path)?;
        DownloadPath::from_segments(&segs)
    }

    /// `{v}/crm/{org}/bulk-write/{job}/{file}.zip`, without a leading slash.
    pub fn as_path(&self) -> String {
        format!(
            "{}/crm/{}/bulk-write/{}/{}.zip",
            self.version, self.org, self.job, self.file_stem
        )
    }
}

/// One request the proxy will forward.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProxyRoute {
    /// Job details from the site's API host.
    JobDetails {
        site: Site,
        version: ApiVersion,
        job: JobId,
    },
    /// A result file from the data centre's download host.
    Download { site: Site, path: DownloadPath },
    /// A result file from the site's API host (a relative `download_url`).
    ApiDownload { site: Site, path: DownloadPath },
    /// A result file from an operator-configured extra download host. The parser checks only
    /// that `host` is a well-formed name; whether it is allowed is the proxy's configuration.
    HostDownload {
        site: Site,
        host: String,
        path: DownloadPath,
    },
}

impl ProxyRoute {
    /// The site named in the path.
    pub fn site(&self) -> Site {
        match self {
            ProxyRoute::JobDetails { site, .. }
            | ProxyRoute::Download { site, .. }
            | ProxyRoute::ApiDownload { site, .. }
            | ProxyRoute::HostDownload { site, .. } => *site,
        }
    }

    /// A result download rather than job details.
    pub fn is_download(&self) -> bool {
        !matches!(self, ProxyRoute::JobDetails { .. })
    }

    /// The path on the proxy, starting with `/{site}/`.
    pub fn proxy_path(&self) -> String {
        match self {
            ProxyRoute::JobDetails { site, version, job } => {
                format!("/{site}{}", job_path(*version, job))
            }
            ProxyRoute::Download { site, path } => format!("/{site}/download/{}", path.as_path()),
            ProxyRoute::ApiDownload { site, path } => {
                format!("/{site}/api-download/{}", path.as_path())
            }
            ProxyRoute::HostDownload { site, host, path } => {
                format!("/{site}/host-download/{host}/{}", path.as_path())
            }
        }
    }

    /// The full proxy URL for this route.
    pub fn proxy_url(&self, base: &ProxyBase) -> String {
        format!("{}{}", base.as_str(), self.proxy_path())
    }

    /// The only host this route may reach: from the fixed table, or for
    /// [`ProxyRoute::HostDownload`] the named host (which the proxy reaches only when it is one
    /// of its configured extra hosts).
    pub fn upstream_host(&self) -> String {
        match self {
            ProxyRoute::JobDetails { site, .. } | ProxyRoute::ApiDownload { site, .. } => {
                site.api_host()
            }
            ProxyRoute::Download { site, .. } => site.dc.download_host(),
            ProxyRoute::HostDownload { host, .. } => host.clone(),
        }
    }

    /// The path on the upstream host, starting with `/`.
    pub fn upstream_path(&self) -> String {
        match self {
            ProxyRoute::JobDetails { version, job, .. } => job_path(*version, job),
            ProxyRoute::Download { path, .. }
            | ProxyRoute::ApiDownload { path, .. }
            | ProxyRoute::HostDownload { path, .. } => format!("/{}", path.as_path()),
        }
    }

    /// `https://{upstream_host}{upstream_path}`.
    pub fn upstream_url(&self) -> String {
        format!("https://{}{}", self.upstream_host(), self.upstream_path())
    }
}

/// Parses the path (and any query) of a request to the proxy into the one route it names.
///
/// Give it the request target as received, e.g. axum's `uri.path_and_query()`: a query is refused,
/// not ignored. Only these characters pass: `A–Z a–z 0–9 . _ - /`; so `%2e`, `%2f`, `\`, NUL and
/// every other trick fail before any segment is read. Then `//`, `.` and `..` segments are refused
/// and the segments must match one route exactly (anchored at both ends).
pub fn parse_proxy_path(path: &str) -> Result<ProxyRoute, ProxyPathError> {
    let segs = checked_segments(path)?;
    let (site, rest) = segs.split_first().ok_or(ProxyPathError::UnknownRoute)?;
    let site = Site::from_code(site).ok_or(ProxyPathError::UnknownSite)?;
    match rest {
        ["crm", "bulk", v, "write", id] => Ok(ProxyRoute::JobDetails {
            site,
            version: ApiVersion::parse_exact(v).ok_or(ProxyPathError::BadVersion)?,
            job: JobId::parse(id).map_err(ProxyPathError::BadJobId)?,
        }),
        ["download", tail @ ..] => Ok(ProxyRoute::Download {
            site,
            path: DownloadPath::from_segments(tail)?,
        }),
        ["api-download", tail @ ..] => Ok(ProxyRoute::ApiDownload {
            site,
            path: DownloadPath::from_segments(tail)?,
        }),
        ["host-download", host, tail @ ..] => Ok(ProxyRoute::HostDownload {
            site,
            host: super::hosts::parse_host(host).map_err(|_| ProxyPathError::BadHost)?,
            path: DownloadPath::from_segments(tail)?,
        }),
        _ => Err(ProxyPathError::UnknownRoute),
    }
}

/// Character and segment checks shared by every route.
fn checked_segments(path: &str) -> Result<Vec<&str>, ProxyPathError> {
    if path.len() > MAX_PATH_LEN {
        return Err(ProxyPathError::TooLong);
    }
    for c in path.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '.' | '_' | '-' | '/' => {}
            '?' | '#' => return Err(ProxyPathError::Query),
            '%' => return Err(ProxyPathError::PercentEncoded),
            '\\' => return Err(ProxyPathError::Backslash),
            c if c.is_control() => return Err(ProxyPathError::ControlCharacter),
            _ => return Err(ProxyPathError::BadCharacter),
        }
    }
    let rest = path.strip_prefix('/').ok_or(ProxyPathError::NotAbsolute)?;
    let segs: Vec<&str> = rest.split('/').collect();
    for seg in &segs {
        match *seg {
            "" => return Err(ProxyPathError::EmptySegment),
            "." | ".." => return Err(ProxyPathError::DotSegment),
            s if s.contains("..") => return Err(ProxyPathError::DotSegment),
            _ => {}
        }
    }
    Ok(segs)
}

/// The job-details URL through the proxy, or `None` for a custom origin (the proxy reaches only
/// Zoho's hosts).
pub fn job_url_via_proxy(
    base: &ProxyBase,
    origin: &ApiOrigin,
    version: ApiVersion,
    job: &JobId,
) -> Option<String> {
    let site = origin.site()?;
    Some(
        ProxyRoute::JobDetails {
            site,
            version,
            job: job.clone(),
        }
        .proxy_url(base),
    )
}

/// Every host the proxy may connect to: each data centre's three API hosts and its download host.
pub fn upstream_hosts() -> Vec<String> {
    DataCenter::ALL
        .into_iter()
        .flat_map(|dc| {
            Environment::ALL
                .into_iter()
                .map(move |env| dc.api_host(env))
                .chain(std::iter::once(dc.download_host()))
        })
        .collect()
}
