//! Where a route goes: the exact upstream host allowlist per data centre (from
//! `bulkwatch_core::endpoint`), the test-only loopback override, a last check on every URL
//! before it is handed to the HTTP client, and the client itself (rustls with verification,
//! no redirects, no environment proxies, timeouts).

use super::routes::{host_kind, HostKind, Route, Site};
use bulkwatch_core::endpoint::{upstream_hosts, DataCenter, ExtraHosts};
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::time::Duration;
use url::{Host, Url};

/// Upstream selection: production hosts from the data centre, or a loopback base URL for a
/// site when tests enabled the override.
#[derive(Debug, Clone)]
pub struct Upstreams {
    overrides: HashMap<Site, Url>,
    allowlist: HashSet<String>,
    /// The operator's `extra_download_hosts`: the only hosts a `host-download` route may reach.
    extra: ExtraHosts,
}

impl Default for Upstreams {
    fn default() -> Self {
        Upstreams::new(HashMap::new())
    }
}

/// A URL the proxy refused to contact (never expected: it means a bug in route building).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAllowlisted;

impl Upstreams {
    /// Production upstreams plus validated loopback overrides (empty unless the configuration
    /// explicitly allowed test upstreams).
    pub fn new(overrides: HashMap<Site, Url>) -> Self {
        Upstreams {
            overrides,
            allowlist: upstream_hosts().into_iter().collect(),
            extra: ExtraHosts::none(),
        }
    }

    /// Adds the operator's validated extra download hosts.
    pub fn with_extra_hosts(mut self, extra: ExtraHosts) -> Self {
        self.extra = extra;
        self
    }

    /// Whether this proxy serves the route at all: every built-in route, and a `host-download`
    /// route only for a host the operator configured. Asked before anything else is done.
    pub fn serves(&self, route: &Route) -> bool {
        match route {
            Route::HostDownload { host, .. } => self.extra.contains(host),
            _ => true,
        }
    }

    /// The full upstream URL for a route, checked against the allowlist.
    pub fn url_for(&self, route: &Route) -> Result<Url, NotAllowlisted> {
        if !self.serves(route) {
            return Err(NotAllowlisted);
        }
        let url = match self.overrides.get(&route.site()) {
            Some(base) => base.join(&route.upstream_path()),
            None => Url::parse(&route.upstream_url()),
        }
        .map_err(|_| NotAllowlisted)?;
        self.check(route, &url)?;
        Ok(url)
    }

    /// Belt and braces: whatever built `url`, it must be exactly the allowlisted origin for
    /// this route, with no userinfo, query or fragment, and the route's own path.
    fn check(&self, route: &Route, url: &Url) -> Result<(), NotAllowlisted> {
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
            || url.path() != route.upstream_path()
        {
            return Err(NotAllowlisted);
        }
        match self.overrides.get(&route.site()) {
            Some(base) => {
                let same = url.scheme() == base.scheme()
                    && url.host() == base.host()
                    && url.port_or_known_default() == base.port_or_known_default();
                if same && is_loopback_base(base) {
                    Ok(())
                } else {
                    Err(NotAllowlisted)
                }
            }
            None => {
                let domain_ok = match route {
                    Route::HostDownload { host, .. } => matches!(url.host(), Some(Host::Domain(d))
                        if d == host && self.extra.contains(d)),
                    _ => {
                        let expected = production_host(route.site(), host_kind(route));
                        matches!(url.host(), Some(Host::Domain(d))
                            if d == expected && self.allowlist.contains(d))
                    }
                };
                if url.scheme() == "https" && url.port().is_none() && domain_ok {
                    Ok(())
                } else {
                    Err(NotAllowlisted)
                }
            }
        }
    }
}

impl Upstreams {
    /// The accounts server of a site (backend-for-frontend sign-in and token refresh): the
    /// data centre's allowlisted accounts host, or the site's loopback test upstream.
    pub fn accounts_base(&self, site: Site) -> Result<Url, NotAllowlisted> {
        match self.overrides.get(&site) {
            Some(base) if is_loopback_base(base) => Ok(base.clone()),
            Some(_) => Err(NotAllowlisted),
            None => {
                let host = site.dc.accounts_host();
                let known = DataCenter::ALL.iter().any(|dc| dc.accounts_host() == host);
                if !known {
                    return Err(NotAllowlisted);
                }
                Url::parse(&format!("https://{host}/")).map_err(|_| NotAllowlisted)
            }
        }
    }
}

/// The allowlisted production host of a site for a host kind.
pub fn production_host(site: Site, kind: HostKind) -> String {
    match kind {
        HostKind::Api => site.api_host(),
        HostKind::Download => site.dc.download_host(),
    }
}

/// A test upstream base must be `http://<loopback IP literal>:<port>` with nothing else.
pub fn is_loopback_base(url: &Url) -> bool {
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        _ => false,
    };
    loopback
        && url.scheme() == "http"
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
}

/// Timeouts the HTTP client enforces itself (the proxy adds first-byte, idle and total).
#[derive(Debug, Clone, Copy)]
pub struct ClientTimeouts {
    pub connect: Duration,
    pub total: Duration,
}

/// Builds the upstream client from [`client_builder`].
pub fn build_client(
    timeouts: ClientTimeouts,
    allow_plain_loopback: bool,
) -> reqwest::Result<reqwest::Client> {
    client_builder(timeouts, allow_plain_loopback).build()
}

/// The upstream client's configuration: rustls with certificate verification against the
/// bundled Mozilla roots (never disabled), TLS 1.2 or later, HTTPS only unless loopback test
/// upstreams are configured, redirects never followed, no proxy taken from the environment (a
/// stray `HTTPS_PROXY` would otherwise see every token), no `Referer`. Public so the TLS tests
/// can point it at a local server (`resolve`) and check what it refuses.
pub fn client_builder(
    timeouts: ClientTimeouts,
    allow_plain_loopback: bool,
) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .use_rustls_tls()
        .min_tls_version(reqwest::tls::Version::TLS_1_2)
        .https_only(!allow_plain_loopback)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .referer(false)
        .connect_timeout(timeouts.connect)
        // A backstop: the proxy enforces the same total deadline itself.
        .timeout(timeouts.total)
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(16)
        .tcp_nodelay(true)
        .user_agent(concat!("bulkwatch-proxy/", env!("CARGO_PKG_VERSION")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::routes::parse_target;

    fn route(t: &str) -> Route {
        parse_target(t, "").unwrap_or_else(|e| panic!("{t}: {e:?}"))
    }

    #[test]
    fn production_urls_are_exact() {
        let u = Upstreams::default();
        let cases = [
            (
                "/us/crm/bulk/v8/write/1",
                "https://www.zohoapis.com/crm/bulk/v8/write/1",
            ),
            (
                "/eu-sandbox/crm/bulk/v2.1/write/2",
                "https://sandbox.zohoapis.eu/crm/bulk/v2.1/write/2",
            ),
            (
                "/au-developer/crm/bulk/v3/write/3",
                "https://developer.zohoapis.com.au/crm/bulk/v3/write/3",
            ),
            (
                "/ca/download/v2/crm/org1/bulk-write/4/4.zip",
                "https://download-accl.zohocloud.ca/v2/crm/org1/bulk-write/4/4.zip",
            ),
            (
                "/cn-sandbox/download/v2/crm/org1/bulk-write/4/4.zip",
                "https://download-accl.zoho.com.cn/v2/crm/org1/bulk-write/4/4.zip",
            ),
            (
                "/in/api-download/v3/crm/org1/bulk-write/5/5.zip",
                "https://www.zohoapis.in/v3/crm/org1/bulk-write/5/5.zip",
            ),
        ];
        for (target, want) in cases {
            assert_eq!(
                u.url_for(&route(target)).map(String::from),
                Ok(want.to_owned())
            );
        }
    }

    #[test]
    fn every_production_url_is_on_the_allowlist() {
        let hosts = upstream_hosts();
        assert_eq!(hosts.len(), 8 * 3 + 8);
        let u = Upstreams::default();
        for site in crate::proxy::routes::all_sites() {
            for t in [
                format!("/{site}/crm/bulk/v8/write/1"),
                format!("/{site}/download/v2/crm/o1/bulk-write/1/1.zip"),
                format!("/{site}/api-download/v2/crm/o1/bulk-write/1/1.zip"),
            ] {
                let url = u.url_for(&route(&t)).expect("allowlisted");
                assert_eq!(url.scheme(), "https");
                assert!(hosts.contains(&url.host_str().unwrap_or("").to_owned()));
            }
        }
    }

    #[test]
    fn override_applies_to_one_site_only() {
        let base = Url::parse("http://127.0.0.1:9000").expect("url");
        let eu = Site::from_code("eu").expect("site");
        let u = Upstreams::new(HashMap::from([(eu, base)]));
        let url = u
            .url_for(&route("/eu/download/v2/crm/o/bulk-write/1/1.zip"))
            .expect("ok");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9000/v2/crm/o/bulk-write/1/1.zip"
        );
        let url = u.url_for(&route("/us/crm/bulk/v8/write/1")).expect("ok");
        assert_eq!(url.host_str(), Some("www.zohoapis.com"));
    }

    #[test]
    fn non_loopback_override_is_refused_even_if_smuggled_in() {
        let eu = Site::from_code("eu").expect("site");
        for base in [
            "http://10.0.0.1:80",
            "http://169.254.169.254:80",
            "http://evil.com:80",
            "https://127.0.0.1:443",
        ] {
            let u = Upstreams::new(HashMap::from([(eu, Url::parse(base).expect("url"))]));
            assert_eq!(
                u.url_for(&route("/eu/crm/bulk/v8/write/1")),
                Err(NotAllowlisted),
                "{base}"
            );
        }
    }

    #[test]
    fn loopback_bases() {
        for ok in [
            "http://127.0.0.1:1",
            "http://[::1]:8080",
            "http://127.0.0.2:80/",
        ] {
            assert!(is_loopback_base(&Url::parse(ok).expect("url")), "{ok}");
        }
        for bad in [
            "http://localhost:8080",
            "https://127.0.0.1:8443",
            "http://user@127.0.0.1:80",
            "http://127.0.0.1:80/x",
            "http://127.0.0.1:80/?q",
            "http://0.0.0.0:80",
            "http://169.254.169.254:80",
        ] {
            let url = Url::parse(bad).expect("url");
            assert!(!is_loopback_base(&url), "{bad}");
        }
    }
}
