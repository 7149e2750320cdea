//! Raw settings as they arrive from the TOML file, the environment (`BULKWATCH_PROXY_*`) and
//! the command line, before validation. Later sources override earlier ones: file, then
//! environment, then flags (clap resolves flag-over-environment itself). Test upstreams are the
//! exception: only flags can enable them, never the file or the environment production uses.

use super::bff::config::BffSettings;
use super::config::ConfigError;
use super::logging::LogFormat;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything configurable, each field optional so sources can be layered. Unknown keys are
/// errors (a misspelt `allowed_origin` must not silently fall back to a default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to bind (default `127.0.0.1:8787`).
    pub listen: Option<String>,
    /// Path prefix before the site segment (default empty).
    pub path_prefix: Option<String>,
    /// Origins allowed to use the proxy (required).
    pub allowed_origins: Option<Vec<String>>,
    /// `peer` (default) or `header:<Name>` (behind a reverse proxy that sets it).
    pub client_address: Option<String>,
    /// `text` (default) or `json`.
    pub log_format: Option<LogFormat>,
    /// An `EnvFilter` directive (default `info`).
    pub log_level: Option<String>,
    /// Must be `true` for `test_upstreams` to be accepted. Flag only: a file that sets it is
    /// refused.
    pub allow_test_upstreams: Option<bool>,
    /// Test only: site → `http://<loopback IP>:<port>`. Flag only: a file that sets it is
    /// refused.
    #[serde(default)]
    pub test_upstreams: BTreeMap<String, String>,
    /// Result-download hosts beside the built-in table: exact https host names (file only).
    pub extra_download_hosts: Option<Vec<String>>,
    /// Size, rate and concurrency limits.
    #[serde(default)]
    pub limits: LimitSettings,
    /// Timeouts in milliseconds.
    #[serde(default)]
    pub timeouts: TimeoutSettings,
    /// Backend-for-frontend mode (file only).
    #[serde(default)]
    pub bff: BffSettings,
}

/// `[limits]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    pub max_concurrent_upstream: Option<u64>,
    pub max_downloads_per_client: Option<u64>,
    pub max_connections: Option<u64>,
    pub client_requests_per_minute: Option<u64>,
    pub client_burst: Option<u64>,
    pub token_requests_per_minute: Option<u64>,
    pub token_burst: Option<u64>,
    pub max_details_bytes: Option<u64>,
    pub max_download_bytes: Option<u64>,
}

/// `[timeouts]`, in milliseconds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeoutSettings {
    pub connect_ms: Option<u64>,
    pub first_byte_ms: Option<u64>,
    pub idle_body_ms: Option<u64>,
    pub total_ms: Option<u64>,
    pub header_read_ms: Option<u64>,
}

impl Settings {
    /// Parses TOML text (a configuration file's: test upstreams are refused here).
    pub fn from_toml(text: &str) -> Result<Settings, ConfigError> {
        let s: Settings = toml::from_str(text).map_err(|e| ConfigError::Parse {
            message: e.message().to_owned(),
        })?;
        if s.allow_test_upstreams.is_some() || !s.test_upstreams.is_empty() {
            return Err(ConfigError::Invalid(vec![FILE_TEST_UPSTREAMS.to_owned()]));
        }
        Ok(s)
    }

    /// Reads and parses a TOML file.
    pub fn from_file(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.display().to_string(),
            reason: e.kind().to_string(),
        })?;
        Settings::from_toml(&text).map_err(|e| match e {
            ConfigError::Parse { message } => ConfigError::Parse {
                message: format!("{}: {message}", path.display()),
            },
            other => other,
        })
    }

    /// `self` with every value set in `over` replacing its own.
    pub fn overlay(mut self, over: Settings) -> Settings {
        fn pick<T>(base: &mut Option<T>, over: Option<T>) {
            if over.is_some() {
                *base = over;
            }
        }
        pick(&mut self.listen, over.listen);
        pick(&mut self.path_prefix, over.path_prefix);
        pick(&mut self.allowed_origins, over.allowed_origins);
        pick(&mut self.client_address, over.client_address);
        pick(&mut self.log_format, over.log_format);
        pick(&mut self.log_level, over.log_level);
        pick(&mut self.allow_test_upstreams, over.allow_test_upstreams);
        self.test_upstreams.extend(over.test_upstreams);
        pick(&mut self.extra_download_hosts, over.extra_download_hosts);
        let (l, o) = (&mut self.limits, over.limits);
        pick(&mut l.max_concurrent_upstream, o.max_concurrent_upstream);
        pick(&mut l.max_downloads_per_client, o.max_downloads_per_client);
        pick(&mut l.max_connections, o.max_connections);
        pick(
            &mut l.client_requests_per_minute,
            o.client_requests_per_minute,
        );
        pick(&mut l.client_burst, o.client_burst);
        pick(
            &mut l.token_requests_per_minute,
            o.token_requests_per_minute,
        );
        pick(&mut l.token_burst, o.token_burst);
        pick(&mut l.max_details_bytes, o.max_details_bytes);
        pick(&mut l.max_download_bytes, o.max_download_bytes);
        let (t, o) = (&mut self.timeouts, over.timeouts);
        pick(&mut t.connect_ms, o.connect_ms);
        pick(&mut t.first_byte_ms, o.first_byte_ms);
        pick(&mut t.idle_body_ms, o.idle_body_ms);
        pick(&mut t.total_ms, o.total_ms);
        pick(&mut t.header_read_ms, o.header_read_ms);
        if over.bff.enabled.is_some() {
            self.bff = over.bff;
        }
        self
    }
}

/// Why a configuration file may not name test upstreams.
const FILE_TEST_UPSTREAMS: &str = "allow_test_upstreams and [test_upstreams] cannot be set in a \
     configuration file: test upstreams send tokens to loopback servers, so only the \
     --allow-test-upstreams and --test-upstream flags of a local test run can enable them";

/// Environment variables that once enabled test upstreams and are now refused, so a leftover
/// one fails loudly instead of being ignored.
pub const RETIRED_TEST_ENV: [&str; 2] = [
    "BULKWATCH_PROXY_ALLOW_TEST_UPSTREAMS",
    "BULKWATCH_PROXY_TEST_UPSTREAMS",
];

/// `bulkwatch proxy` flags. Each also reads a `BULKWATCH_PROXY_*` environment variable;
/// a flag wins over its variable, and both win over the file.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// TOML configuration file.
    #[arg(long, env = "BULKWATCH_PROXY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to bind, e.g. 127.0.0.1:8787.
    #[arg(long, env = "BULKWATCH_PROXY_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// An origin allowed to use the proxy (repeatable; comma-separated in the environment).
    #[arg(
        long = "allowed-origin",
        env = "BULKWATCH_PROXY_ALLOWED_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// Path prefix before the site segment, e.g. /zoho.
    #[arg(long, env = "BULKWATCH_PROXY_PATH_PREFIX", value_name = "PREFIX")]
    pub path_prefix: Option<String>,
    /// Where the client address comes from: `peer`, or `header:X-Real-IP` behind a reverse proxy.
    #[arg(long, env = "BULKWATCH_PROXY_CLIENT_ADDRESS", value_name = "SOURCE")]
    pub client_address: Option<String>,
    /// Log format.
    #[arg(long, env = "BULKWATCH_PROXY_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Log filter, e.g. `info` or `info,bulkwatch::proxy=debug`.
    #[arg(long, env = "BULKWATCH_PROXY_LOG_LEVEL", value_name = "FILTER")]
    pub log_level: Option<String>,
    /// Cap on concurrent upstream requests.
    #[arg(
        long,
        env = "BULKWATCH_PROXY_MAX_CONCURRENT_UPSTREAM",
        value_name = "N"
    )]
    pub max_concurrent_upstream: Option<u64>,
    /// TEST ONLY: permit `--test-upstream` (loopback addresses only; refused unless the whole
    /// configuration is local: loopback listen address, loopback origins). Flag only.
    #[arg(long)]
    pub allow_test_upstreams: bool,
    /// TEST ONLY: send a site to a loopback server, e.g. `eu=http://127.0.0.1:9000` (repeatable).
    /// Flag only.
    #[arg(long = "test-upstream", value_name = "SITE=URL", value_delimiter = ',')]
    pub test_upstreams: Vec<String>,
    /// Validate the configuration, print it, and exit.
    #[arg(long)]
    pub check: bool,
}

impl Args {
    /// The flag/environment layer as settings (the file is read separately).
    pub fn to_settings(&self) -> Result<Settings, ConfigError> {
        let mut test_upstreams = BTreeMap::new();
        for pair in &self.test_upstreams {
            let (site, url) = pair.split_once('=').ok_or_else(|| {
                ConfigError::Invalid(vec![format!(
                    "--test-upstream {pair:?}: expected SITE=URL, e.g. eu=http://127.0.0.1:9000"
                )])
            })?;
            test_upstreams.insert(site.trim().to_owned(), url.trim().to_owned());
        }
        Ok(Settings {
            listen: self.listen.clone(),
            path_prefix: self.path_prefix.clone(),
            allowed_origins: (!self.allowed_origins.is_empty())
                .then(|| self.allowed_origins.clone()),
            client_address: self.client_address.clone(),
            log_format: self.log_format,
            log_level: self.log_level.clone(),
            allow_test_upstreams: self.allow_test_upstreams.then_some(true),
            test_upstreams,
            extra_download_hosts: None,
            limits: LimitSettings {
                max_concurrent_upstream: self.max_concurrent_upstream,
                ..LimitSettings::default()
            },
            timeouts: TimeoutSettings::default(),
            bff: BffSettings::default(),
        })
    }
}
