//! The proxy's route allowlist. The URL scheme itself is defined once, in
//! `bulkwatch_core::endpoint` ([`parse_proxy_path`], shared with the widget that builds these
//! paths); this module adds what only the proxy needs: the configured path prefix, a cap on the
//! whole request target, the status each refusal gets, the route template for logs and which
//! kind of host a route reaches.
//!
//! Routes, under the configured prefix:
//! - `/{site}/crm/bulk/{version}/write/{job_id}` — job details, on the API host;
//! - `/{site}/download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip` — result file on the
//!   data centre's download host (`download-accl.…`);
//! - `/{site}/api-download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip` — the same path on
//!   the API host (a relative `download_url` resolved against the API domain).
//!
//! - `/{site}/host-download/{host}/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip` — the same
//!   path on an extra download host, forwarded only when `{host}` is exactly one of the
//!   operator's `extra_download_hosts` (404 otherwise, before any connection).
//!
//! `{site}` is `us`, `eu`, `in`, `au`, `jp`, `ca`, `sa`, `cn`, optionally suffixed `-sandbox` or
//! `-developer`: the client names a data centre, never a URL, and a host only from the
//! operator's own list.

use bulkwatch_core::endpoint::{parse_proxy_path, ProxyPathError};
pub use bulkwatch_core::endpoint::{ProxyRoute as Route, Site};

/// Longest request target accepted, in bytes (prefix included). Real ones are under 200.
pub const MAX_TARGET_LEN: usize = 512;

/// Why a request target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// Forbidden bytes, dot segments, empty segments, a query, an over-long target or a
    /// malformed parameter: 400.
    Malformed,
    /// Well-formed, but not one of the routes (or an unknown site, or outside the prefix): 404.
    NotFound,
}

/// Which host serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    /// The environment's API host (`www.zohoapis.eu`, `sandbox.zohoapis.eu`, …).
    Api,
    /// The data centre's download host (`download-accl.zoho.eu`).
    Download,
}

/// The one function that decides whether a request target is an allowed route. `target` is the
/// raw request target as received, `prefix` the validated path prefix (empty or
/// `/seg[/seg…]`, no trailing slash).
pub fn parse_target(target: &str, prefix: &str) -> Result<Route, RouteError> {
    if target.len() > MAX_TARGET_LEN {
        return Err(RouteError::Malformed);
    }
    match target.strip_prefix(prefix) {
        Some(rest) if rest.starts_with('/') => parse_proxy_path(rest).map_err(classify),
        _ => match parse_proxy_path(target).map_err(classify) {
            // Outside the prefix: still a 400 when the target itself is malformed.
            Err(RouteError::Malformed) => Err(RouteError::Malformed),
            _ => Err(RouteError::NotFound),
        },
    }
}

fn classify(e: ProxyPathError) -> RouteError {
    match e {
        ProxyPathError::UnknownSite | ProxyPathError::UnknownRoute => RouteError::NotFound,
        _ => RouteError::Malformed,
    }
}

/// The route template, for logs (never the raw path).
pub fn template(route: &Route) -> &'static str {
    match route {
        Route::JobDetails { .. } => "/{site}/crm/bulk/{version}/write/{job_id}",
        Route::Download { .. } => {
            "/{site}/download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip"
        }
        Route::ApiDownload { .. } => {
            "/{site}/api-download/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip"
        }
        Route::HostDownload { .. } => {
            "/{site}/host-download/{host}/{version}/crm/{org}/bulk-write/{job_id}/{file}.zip"
        }
    }
}

/// Which host serves this route.
pub fn host_kind(route: &Route) -> HostKind {
    match route {
        Route::Download { .. } | Route::HostDownload { .. } => HostKind::Download,
        Route::JobDetails { .. } | Route::ApiDownload { .. } => HostKind::Api,
    }
}

/// Every site, for tests and documentation.
pub fn all_sites() -> impl Iterator<Item = Site> {
    use bulkwatch_core::endpoint::{DataCenter, Environment};
    DataCenter::ALL.into_iter().flat_map(|dc| {
        Environment::ALL
            .into_iter()
            .map(move |env| Site { dc, env })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulkwatch_core::endpoint::{ApiVersion, Environment};

    fn ok(target: &str) -> Route {
        parse_target(target, "").unwrap_or_else(|e| panic!("{target}: {e:?}"))
    }

    #[test]
    fn job_details_for_every_site_and_version() {
        for site in all_sites() {
            for v in ApiVersion::ALL {
                let route = ok(&format!("/{site}/crm/bulk/{v}/write/1234567890"));
                assert_eq!(route.site(), site);
                assert_eq!(
                    route.upstream_path(),
                    format!("/crm/bulk/{v}/write/1234567890")
                );
                assert_eq!(host_kind(&route), HostKind::Api);
            }
        }
    }

    #[test]
    fn downloads_on_both_hosts() {
        let r = ok("/eu/download/v2/crm/org6196138/bulk-write/111/111.zip");
        assert_eq!(host_kind(&r), HostKind::Download);
        assert_eq!(
            r.upstream_path(),
            "/v2/crm/org6196138/bulk-write/111/111.zip"
        );
        let r = ok("/in-sandbox/api-download/v3/crm/org1/bulk-write/22/22.zip");
        assert_eq!(host_kind(&r), HostKind::Api);
        assert_eq!(r.site().env, Environment::Sandbox);
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
            "/",
            &long,
            &format!("/us/crm/bulk/v8/write/{}", "1".repeat(31)),
        ] {
            assert_eq!(parse_target(t, ""), Err(RouteError::Malformed), "{t:?}");
        }
    }

    #[test]
    fn unknown_routes_and_sites() {
        for t in [
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
        assert!(!template(&r).contains("424242"));
        assert_eq!(r.site().to_string(), "eu");
    }
}
