//! The proxy's route allowlist: one anchored pattern per allowed route, matched on the raw
//! (undecoded) request target. Anything that is not exactly one of these shapes is refused
//! before the proxy thinks about an upstream: the client names a site (data centre +
//! environment), never a host or a URL.
//!
//! Routes, under the configured prefix:
//! - `/{site}/crm/bulk/{version}/write/{job_id}` — job details, on the API host;
//! - `/{site}/download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip` — result file on the
//!   data centre's download host (`download-accl.…`);
//! - `/{site}/api-download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip` — the same path on
//!   the API host (a relative `download_url` resolved against the API domain).
//!
//! `{site}` is `us`, `eu`, `in`, `au`, `jp`, `ca`, `sa`, `cn`, optionally suffixed `-sandbox` or
//! `-developer`.

use bulkwatch_core::endpoint::{ApiVersion, DataCenter, Environment};
use std::fmt;

/// Longest request target accepted, in bytes. The longest legitimate path is well under 200.
pub const MAX_TARGET_LEN: usize = 512;
/// Job ids are decimal digits, at most this many.
pub const MAX_JOB_ID_DIGITS: usize = 30;
/// Longest org segment or file stem in a download path.
pub const MAX_NAME_LEN: usize = 64;

/// Why a request target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// Forbidden bytes, dot segments, empty segments, a query, an absolute-form target, an
    /// over-long target or a malformed parameter: 400.
    Malformed,
    /// Well-formed, but not one of the routes (or an unknown site): 404.
    NotFound,
}

/// A data centre plus an environment, as named in the path (`eu`, `eu-sandbox`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Site {
    pub dc: DataCenter,
    pub env: Environment,
}

impl Site {
    /// Parses a site segment exactly (lowercase, no surrounding space).
    pub fn parse(segment: &str) -> Option<Site> {
        let (code, env) = match segment.split_once('-') {
            None => (segment, Environment::Production),
            Some((code, "sandbox")) => (code, Environment::Sandbox),
            Some((code, "developer")) => (code, Environment::Developer),
            Some(_) => return None,
        };
        let dc = DataCenter::ALL.into_iter().find(|dc| dc.code() == code)?;
        Some(Site { dc, env })
    }

    /// Every site, for tests and documentation.
    pub fn all() -> impl Iterator<Item = Site> {
        DataCenter::ALL.into_iter().flat_map(|dc| {
            Environment::ALL
                .into_iter()
                .map(move |env| Site { dc, env })
        })
    }
}

impl Ord for Site {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |e: Environment| Environment::ALL.iter().position(|x| *x == e);
        (self.dc, rank(self.env)).cmp(&(other.dc, rank(other.env)))
    }
}

impl PartialOrd for Site {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dc.code())?;
        match self.env {
            Environment::Production => Ok(()),
            Environment::Sandbox => f.write_str("-sandbox"),
            Environment::Developer => f.write_str("-developer"),
        }
    }
}

/// Which host serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    /// The environment's API host (`www.zohoapis.eu`, `sandbox.zohoapis.eu`, …).
    Api,
    /// The data centre's download host (`download-accl.zoho.eu`).
    Download,
}

/// What the client asked for, with every parameter validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `GET /crm/bulk/{version}/write/{job_id}`.
    JobDetails { version: ApiVersion, job_id: String },
    /// `GET /{version}/crm/{org}/bulk-write/{job_id}/{file}.zip` on `host`.
    Download {
        host: HostKind,
        version: ApiVersion,
        org: String,
        job_id: String,
        file_stem: String,
    },
}

/// A parsed, allowlisted route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub site: Site,
    pub target: Target,
}

impl Route {
    /// The route template, for logs (never the raw path).
    pub fn template(&self) -> &'static str {
        match &self.target {
            Target::JobDetails { .. } => "/{site}/crm/bulk/{version}/write/{job_id}",
            Target::Download {
                host: HostKind::Download,
                ..
            } => "/{site}/download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip",
            Target::Download {
                host: HostKind::Api,
                ..
            } => "/{site}/api-download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip",
        }
    }

    /// Which host serves this route.
    pub fn host_kind(&self) -> HostKind {
        match &self.target {
            Target::JobDetails { .. } => HostKind::Api,
            Target::Download { host, .. } => *host,
        }
    }

    /// True for the result-file routes (streamed, larger size cap).
    pub fn is_download(&self) -> bool {
        matches!(self.target, Target::Download { .. })
    }

    /// The upstream path, rebuilt from validated parts (never copied from the request).
    pub fn upstream_path(&self) -> String {
        match &self.target {
            Target::JobDetails { version, job_id } => {
                format!("/crm/bulk/{}/write/{job_id}", version.as_str())
            }
            Target::Download {
                version,
                org,
                job_id,
                file_stem,
                ..
            } => format!(
                "/{}/crm/{org}/bulk-write/{job_id}/{file_stem}.zip",
                version.as_str()
            ),
        }
    }
}

/// The one function that decides whether a request target is an allowed route. `target` is the
/// raw request target as received (`uri.to_string()`), `prefix` the validated path prefix
/// (empty or `/seg[/seg…]`, no trailing slash).
pub fn parse_target(target: &str, prefix: &str) -> Result<Route, RouteError> {
    if target.len() > MAX_TARGET_LEN {
        return Err(RouteError::Malformed);
    }
    // Origin-form only: no scheme, no authority (absolute-form is a forward-proxy request),
    // no query (no route takes one), no fragment.
    if !target.starts_with('/') {
        return Err(RouteError::Malformed);
    }
    if !target.bytes().all(is_path_byte) {
        // Rejects `%` (so every percent-encoding: %2e, %2f, %00…), `\`, `?`, `#`, `@`, `:`,
        // `[`, `]`, spaces, controls and non-ASCII.
        return Err(RouteError::Malformed);
    }
    if target == "/" {
        return Err(RouteError::NotFound);
    }
    let rest = target[1..].split('/');
    let segments: Vec<&str> = rest.collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err(RouteError::Malformed);
    }
    let prefix_segments: Vec<&str> = prefix.split('/').filter(|s| !s.is_empty()).collect();
    let Some(segments) = segments.strip_prefix(prefix_segments.as_slice()) else {
        return Err(RouteError::NotFound);
    };
    match_segments(segments)
}

fn is_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_')
}

fn match_segments(segments: &[&str]) -> Result<Route, RouteError> {
    let (site, rest) = match segments.split_first() {
        Some((site, rest)) => (Site::parse(site).ok_or(RouteError::NotFound)?, rest),
        None => return Err(RouteError::NotFound),
    };
    let target = match rest {
        ["crm", "bulk", version, "write", job_id] => Target::JobDetails {
            version: version_param(version)?,
            job_id: job_id_param(job_id)?,
        },
        [kind @ ("download" | "api-download"), version, "crm", org, "bulk-write", job_id, file] => {
            Target::Download {
                host: if *kind == "download" {
                    HostKind::Download
                } else {
                    HostKind::Api
                },
                version: version_param(version)?,
                org: name_param(org)?,
                job_id: job_id_param(job_id)?,
                file_stem: file_param(file)?,
            }
        }
        _ => return Err(RouteError::NotFound),
    };
    Ok(Route { site, target })
}

/// Exact lowercase version segment (`v2`, `v2.1`, `v3` … `v8`).
fn version_param(s: &str) -> Result<ApiVersion, RouteError> {
    ApiVersion::ALL
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or(RouteError::Malformed)
}

fn job_id_param(s: &str) -> Result<String, RouteError> {
    if (1..=MAX_JOB_ID_DIGITS).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(RouteError::Malformed)
    }
}

fn name_param(s: &str) -> Result<String, RouteError> {
    if (1..=MAX_NAME_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(s.to_owned())
    } else {
        Err(RouteError::Malformed)
    }
}

fn file_param(s: &str) -> Result<String, RouteError> {
    let stem = s.strip_suffix(".zip").ok_or(RouteError::Malformed)?;
    if (1..=MAX_NAME_LEN).contains(&stem.len())
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        Ok(stem.to_owned())
    } else {
        Err(RouteError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(target: &str) -> Route {
        parse_target(target, "").unwrap_or_else(|e| panic!("{target}: {e:?}"))
    }

    #[test]
    fn job_details_for_every_site_and_version() {
        for site in Site::all() {
            for v in ApiVersion::ALL {
                let route = ok(&format!("/{site}/crm/bulk/{v}/write/1234567890"));
                assert_eq!(route.site, site);
                assert_eq!(
                    route.upstream_path(),
                    format!("/crm/bulk/{v}/write/1234567890")
                );
                assert_eq!(route.host_kind(), HostKind::Api);
            }
        }
    }

    #[test]
    fn downloads_on_both_hosts() {
        let r = ok("/eu/download/v2/crm/org6196138/bulk-write/111/111.zip");
        assert_eq!(r.host_kind(), HostKind::Download);
        assert_eq!(
            r.upstream_path(),
            "/v2/crm/org6196138/bulk-write/111/111.zip"
        );
        let r = ok("/in-sandbox/api-download/v3/crm/org1/bulk-write/22/22.zip");
        assert_eq!(r.host_kind(), HostKind::Api);
        assert_eq!(r.site.env, Environment::Sandbox);
        assert!(r.is_download());
    }

    #[test]
    fn prefix_is_anchored() {
        let r = parse_target("/zoho/api/us/crm/bulk/v8/write/1", "/zoho/api");
        assert!(r.is_ok());
        assert_eq!(
            parse_target("/us/crm/bulk/v8/write/1", "/zoho/api"),
            Err(RouteError::NotFound)
        );
        assert_eq!(
            parse_target("/zoho/us/crm/bulk/v8/write/1", "/zoho/api"),
            Err(RouteError::NotFound)
        );
    }

    #[test]
    fn malformed_targets() {
        let long = format!("/us/crm/bulk/v8/write/{}", "1".repeat(10_000));
        for t in [
            "/us/crm/bulk/v8/write/../1",
            "/us/crm/bulk/v8/write/./1",
            "/us/crm/bulk/v8/write/%2e%2e/1",
            "/us/crm/bulk/v8/write%2F1",
            "/us/crm/bulk/v8/write/1?x=1",
            "/us/crm/bulk/v8/write/1?",
            "/us/crm/bulk/v8/write/1#f",
            "//us/crm/bulk/v8/write/1",
            "/us//crm/bulk/v8/write/1",
            "/us/crm/bulk/v8/write/1/",
            "/us\\crm/bulk/v8/write/1",
            "/us/crm/bulk/v8/write/1%00",
            "/us/crm/bulk/v8/write/1\0",
            "/us/crm/bulk/v8/write/12a",
            "/us/crm/bulk/v8/write/-1",
            "/us/crm/bulk/V8/write/1",
            "/us/crm/bulk/v9/write/1",
            "/us/crm/bulk/8/write/1",
            "/us/download/v2/crm/org1/bulk-write/1/1.csv",
            "/us/download/v2/crm/org-1/bulk-write/1/1.zip",
            "/us/download/v2/crm/org1/bulk-write/1/.zip",
            "/us/download/v2/crm/org1/bulk-write/1/a.b.zip",
            "http://evil.com/us/crm/bulk/v8/write/1",
            "https://www.zohoapis.com/crm/bulk/v8/write/1",
            "/www.zohoapis.com@evil.com/crm/bulk/v8/write/1",
            "/[::1]/crm/bulk/v8/write/1",
            "/us:8443/crm/bulk/v8/write/1",
            "/https://evil.com/crm/bulk/v8/write/1",
            "*",
            "",
            &long,
            &format!("/us/crm/bulk/v8/write/{}", "1".repeat(31)),
        ] {
            assert_eq!(parse_target(t, ""), Err(RouteError::Malformed), "{t:?}");
        }
    }

    #[test]
    fn unknown_routes_and_sites() {
        for t in [
            "/",
            "/us",
            "/us/crm/bulk/v8/write",
            "/us/crm/bulk/v8/read/1",
            "/us/crm/v8/Leads",
            "/US/crm/bulk/v8/write/1",
            "/us-production/crm/bulk/v8/write/1",
            "/us-sandbox-x/crm/bulk/v8/write/1",
            "/evil.com/crm/bulk/v8/write/1",
            "/www.zohoapis.com/crm/bulk/v8/write/1",
            "/www.zohoapis.com.evil.com/crm/bulk/v8/write/1",
            "/us./crm/bulk/v8/write/1",
            "/www.zohoapis.com./crm/bulk/v8/write/1",
            "/127.0.0.1/crm/bulk/v8/write/1",
            "/169.254.169.254/crm/bulk/v8/write/1",
            "/2130706433/crm/bulk/v8/write/1",
            "/us/crm/bulk/v8/write/1/extra",
            "/healthz",
        ] {
            assert_eq!(parse_target(t, ""), Err(RouteError::NotFound), "{t:?}");
        }
    }

    #[test]
    fn templates_never_contain_parameters() {
        let r = ok("/eu/crm/bulk/v8/write/424242");
        assert!(!r.template().contains("424242"));
        assert_eq!(r.site.to_string(), "eu");
    }
}
