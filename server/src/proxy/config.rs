//! The validated proxy configuration. A [`ProxyConfig`] can only be made by validating
//! [`Settings`], so the router never sees an origin that is not a proper origin, a zero limit,
//! or a test upstream that was not explicitly allowed and on loopback.

use super::bff::config::{validate as bff_config, BffConfig};
use super::limits::Rate;
use super::logging::LogFormat;
use super::routes::Site;
use super::settings::{LimitSettings, Settings, TimeoutSettings};
use super::upstream::is_loopback_base;
use axum::http::HeaderName;
use bulkwatch_core::endpoint::ExtraHosts;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;
use tracing_subscriber::EnvFilter;
use url::{Host, Url};

/// Default bind address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// A configuration problem, with a message meant for the person running the proxy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("the configuration file is not valid TOML for the proxy: {message}")]
    Parse { message: String },
    #[error("invalid proxy configuration:\n  - {}", .0.join("\n  - "))]
    Invalid(Vec<String>),
}

/// Where the per-client rate limit takes the client's address from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAddressSource {
    /// The TCP peer address (direct exposure).
    Peer,
    /// The last address in this header, set by a trusted reverse proxy in front.
    Header(HeaderName),
}

/// Rate, size and concurrency limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_concurrent_upstream: usize,
    /// Result downloads one client address may have open at once.
    pub max_downloads_per_client: usize,
    pub max_connections: usize,
    pub per_client: Rate,
    pub per_token: Rate,
    pub max_details_bytes: u64,
    pub max_download_bytes: u64,
}

/// Timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub first_byte: Duration,
    pub idle_body: Duration,
    pub total: Duration,
    pub header_read: Duration,
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) path_prefix: String,
    pub(crate) allowed_origins: Vec<String>,
    pub(crate) client_address: ClientAddressSource,
    pub(crate) log_format: LogFormat,
    pub(crate) log_level: String,
    pub(crate) limits: Limits,
    pub(crate) timeouts: Timeouts,
    pub(crate) test_upstreams: HashMap<Site, Url>,
    pub(crate) extra_download_hosts: ExtraHosts,
    pub(crate) bff: Option<BffConfig>,
}

impl ProxyConfig {
    /// The bind address.
    pub fn listen(&self) -> SocketAddr {
        self.listen
    }
    /// The path prefix (empty or `/seg[/seg…]`).
    pub fn path_prefix(&self) -> &str {
        &self.path_prefix
    }
    /// The allowlisted origins, serialized.
    pub fn allowed_origins(&self) -> &[String] {
        &self.allowed_origins
    }
    /// The client-address source.
    pub fn client_address(&self) -> &ClientAddressSource {
        &self.client_address
    }
    /// Log format and filter.
    pub fn log(&self) -> (LogFormat, &str) {
        (self.log_format, &self.log_level)
    }
    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }
    /// The timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }
    /// Loopback test upstreams (empty unless explicitly allowed).
    pub fn test_upstreams(&self) -> &HashMap<Site, Url> {
        &self.test_upstreams
    }

    /// The operator's extra download hosts (empty unless configured).
    pub fn extra_download_hosts(&self) -> &ExtraHosts {
        &self.extra_download_hosts
    }

    /// Whether the backend-for-frontend mode is on.
    pub fn bff_enabled(&self) -> bool {
        self.bff.is_some()
    }

    /// Whether this configuration can only serve this machine: a loopback listen address,
    /// loopback origins only, and (in backend-for-frontend mode) a loopback callback. Anything
    /// else is production mode, where test upstreams are refused.
    pub fn is_local_only(&self) -> bool {
        let origin_local = |o: &str| Url::parse(o).is_ok_and(|u| is_loopback_url(&u));
        self.listen.ip().is_loopback()
            && self.allowed_origins.iter().all(|o| origin_local(o))
            && self
                .bff
                .as_ref()
                .is_none_or(|b| is_loopback_url(&b.redirect_uri))
    }

    /// The mode `--check` reports: production, or a local test run and where its test
    /// upstreams go.
    pub fn mode(&self) -> String {
        if self.test_upstreams.is_empty() {
            return if self.is_local_only() {
                "local (loopback only), Zoho upstreams".to_owned()
            } else {
                "production".to_owned()
            };
        }
        let mut sites: Vec<String> = self
            .test_upstreams
            .iter()
            .map(|(site, url)| format!("{site} -> {url}"))
            .collect();
        sites.sort();
        format!("LOCAL TEST: test upstreams {}", sites.join(", "))
    }

    /// Parses and validates TOML text (file layer only).
    pub fn from_toml(text: &str) -> Result<ProxyConfig, ConfigError> {
        Settings::from_toml(text)?.validate()
    }
}

impl Settings {
    /// Validates every setting, reporting all problems at once.
    pub fn validate(self) -> Result<ProxyConfig, ConfigError> {
        let mut problems = Vec::new();
        let listen = self.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
        let listen = listen.parse::<SocketAddr>().unwrap_or_else(|_| {
            problems.push(format!(
                "listen {listen:?} is not an address with a port, e.g. \"127.0.0.1:8787\""
            ));
            SocketAddr::from(([127, 0, 0, 1], 8787))
        });
        let path_prefix = self.path_prefix.unwrap_or_default();
        if !prefix_ok(&path_prefix) {
            problems.push(format!(
                "path_prefix {path_prefix:?} must be empty or like \"/zoho\" \
                 (segments of letters, digits, '-', '_', '.'; no trailing slash)"
            ));
        }
        let allowed_origins = origins(self.allowed_origins.unwrap_or_default(), &mut problems);
        let client_address = client_address(self.client_address.as_deref(), &mut problems);
        let log_level = self.log_level.unwrap_or_else(|| "info".to_owned());
        if EnvFilter::try_new(&log_level).is_err() {
            problems.push(format!(
                "log_level {log_level:?} is not a log filter, e.g. \"info\""
            ));
        }
        let test_mode = self.allow_test_upstreams.unwrap_or(false);
        let bff = bff_config(
            self.bff,
            &path_prefix,
            &allowed_origins,
            test_mode,
            &mut problems,
        );
        let limits = limits(&self.limits, &mut problems);
        let timeouts = timeouts(&self.timeouts, &mut problems);
        let test_upstreams = test_upstreams(test_mode, self.test_upstreams, &mut problems);
        let extra_download_hosts = extra_hosts(self.extra_download_hosts, &mut problems);
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(problems));
        }
        Ok(ProxyConfig {
            listen,
            path_prefix,
            allowed_origins,
            client_address,
            log_format: self.log_format.unwrap_or_default(),
            log_level,
            limits,
            timeouts,
            test_upstreams,
            extra_download_hosts,
            bff,
        })
    }
}

/// `extra_download_hosts`: exact https host names (see [`ExtraHosts`]); every bad entry is named.
fn extra_hosts(list: Option<Vec<String>>, problems: &mut Vec<String>) -> ExtraHosts {
    let list = list.unwrap_or_default();
    ExtraHosts::parse(list.iter().map(String::as_str)).unwrap_or_else(|errors| {
        problems.extend(
            errors
                .into_iter()
                .map(|e| format!("extra_download_hosts: {e}")),
        );
        ExtraHosts::none()
    })
}

/// Host is `localhost` or a loopback address.
fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d == "localhost",
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn prefix_ok(prefix: &str) -> bool {
    if prefix.is_empty() {
        return true;
    }
    prefix.len() <= 64
        && prefix.starts_with('/')
        && prefix[1..].split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

fn origins(list: Vec<String>, problems: &mut Vec<String>) -> Vec<String> {
    if list.is_empty() {
        problems.push(
            "allowed_origins: at least one origin is required, e.g. [\"https://crm.example.com\"]"
                .to_owned(),
        );
    }
    let mut out: Vec<String> = Vec::new();
    for raw in list {
        match origin(&raw) {
            Ok(o) if !out.contains(&o) => out.push(o),
            Ok(_) => {}
            Err(why) => problems.push(format!("allowed_origins: {raw:?} {why}")),
        }
    }
    out
}

/// An origin must be written exactly as browsers send it: `scheme://host[:port]`, lowercase,
/// no default port, no path, no userinfo. HTTPS, except for loopback development pages.
fn origin(raw: &str) -> Result<String, String> {
    if raw == "*" || raw.eq_ignore_ascii_case("null") {
        return Err("is not allowed: only named origins can be allowlisted".to_owned());
    }
    let url = Url::parse(raw).map_err(|_| "is not an origin like \"https://crm.example.com\"")?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err("must use https".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain userinfo".to_owned());
    }
    let serialized = url.origin().ascii_serialization();
    if raw != serialized {
        return Err(format!(
            "is not written as an origin; did you mean {serialized:?}?"
        ));
    }
    let loopback = match url.host() {
        Some(Host::Domain(d)) => d == "localhost",
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    if url.scheme() == "http" && !loopback {
        return Err("must use https (plain http is accepted only for localhost)".to_owned());
    }
    Ok(serialized)
}

fn client_address(raw: Option<&str>, problems: &mut Vec<String>) -> ClientAddressSource {
    match raw.unwrap_or("peer") {
        "peer" => ClientAddressSource::Peer,
        other => match other
            .strip_prefix("header:")
            .and_then(|h| HeaderName::from_bytes(h.trim().as_bytes()).ok())
        {
            Some(name) => ClientAddressSource::Header(name),
            None => {
                problems.push(format!(
                    "client_address {other:?} must be \"peer\" or \"header:X-Real-IP\" (a header name)"
                ));
                ClientAddressSource::Peer
            }
        },
    }
}

fn bounded(
    name: &str,
    value: Option<u64>,
    default: u64,
    max: u64,
    problems: &mut Vec<String>,
) -> u64 {
    let v = value.unwrap_or(default);
    if v == 0 || v > max {
        problems.push(format!("{name} = {v} must be between 1 and {max}"));
        return default;
    }
    v
}

/// Values are already bounded to 1..=1_000_000 by [`bounded`].
fn rate(per_minute: u64, burst: u64) -> Rate {
    let nz =
        |v: u64| NonZeroU32::new(u32::try_from(v).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN);
    Rate {
        per_minute: nz(per_minute),
        burst: nz(burst),
    }
}

fn limits(l: &LimitSettings, p: &mut Vec<String>) -> Limits {
    const MIB: u64 = 1024 * 1024;
    let cap = |name, v, default, max, p: &mut Vec<String>| bounded(name, v, default, max, p);
    let client_rpm = cap(
        "limits.client_requests_per_minute",
        l.client_requests_per_minute,
        120,
        1_000_000,
        p,
    );
    let client_burst = cap("limits.client_burst", l.client_burst, 30, 1_000_000, p);
    let token_rpm = cap(
        "limits.token_requests_per_minute",
        l.token_requests_per_minute,
        60,
        1_000_000,
        p,
    );
    let token_burst = cap("limits.token_burst", l.token_burst, 20, 1_000_000, p);
    Limits {
        max_concurrent_upstream: cap(
            "limits.max_concurrent_upstream",
            l.max_concurrent_upstream,
            64,
            10_000,
            p,
        ) as usize,
        max_downloads_per_client: cap(
            "limits.max_downloads_per_client",
            l.max_downloads_per_client,
            4,
            1_000,
            p,
        ) as usize,
        max_connections: cap(
            "limits.max_connections",
            l.max_connections,
            1024,
            100_000,
            p,
        ) as usize,
        per_client: rate(client_rpm, client_burst),
        per_token: rate(token_rpm, token_burst),
        max_details_bytes: cap(
            "limits.max_details_bytes",
            l.max_details_bytes,
            MIB,
            64 * MIB,
            p,
        ),
        max_download_bytes: cap(
            "limits.max_download_bytes",
            l.max_download_bytes,
            32 * MIB,
            1024 * MIB,
            p,
        ),
    }
}

fn timeouts(t: &TimeoutSettings, p: &mut Vec<String>) -> Timeouts {
    const HOUR_MS: u64 = 3_600_000;
    let ms = |name, v, default, p: &mut Vec<String>| {
        Duration::from_millis(bounded(name, v, default, HOUR_MS, p))
    };
    let out = Timeouts {
        connect: ms("timeouts.connect_ms", t.connect_ms, 5_000, p),
        first_byte: ms("timeouts.first_byte_ms", t.first_byte_ms, 30_000, p),
        idle_body: ms("timeouts.idle_body_ms", t.idle_body_ms, 20_000, p),
        total: ms("timeouts.total_ms", t.total_ms, 120_000, p),
        header_read: ms("timeouts.header_read_ms", t.header_read_ms, 10_000, p),
    };
    for (name, d) in [
        ("connect_ms", out.connect),
        ("first_byte_ms", out.first_byte),
        ("idle_body_ms", out.idle_body),
    ] {
        if d > out.total {
            p.push(format!("timeouts.{name} must not exceed timeouts.total_ms"));
        }
    }
    out
}

fn test_upstreams(
    allowed: bool,
    raw: BTreeMap<String, String>,
    problems: &mut Vec<String>,
) -> HashMap<Site, Url> {
    let mut out = HashMap::new();
    if raw.is_empty() {
        return out;
    }
    if !allowed {
        problems.push(
            "test_upstreams is set but allow_test_upstreams is not true: test upstreams exist \
             only for tests on loopback and must never be used in production"
                .to_owned(),
        );
        return out;
    }
    for (site_raw, url_raw) in raw {
        let Some(site) = Site::from_code(&site_raw) else {
            problems.push(format!(
                "test_upstreams: {site_raw:?} is not a site (us, eu, …, eu-sandbox, eu-developer)"
            ));
            continue;
        };
        let parsed = Url::parse(&url_raw).ok().filter(|u| {
            is_loopback_base(u) && u.as_str().trim_end_matches('/') == url_raw.trim_end_matches('/')
        });
        match parsed {
            Some(url) => {
                out.insert(site, url);
            }
            None => problems.push(format!(
                "test_upstreams.{site_raw}: {url_raw:?} must be exactly http://127.0.0.1:PORT or \
                 http://[::1]:PORT (loopback IP literals only)"
            )),
        }
    }
    out
}
