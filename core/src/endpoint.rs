//! Where requests go: Zoho's data centres and their hosts, API versions, job ids, and the job URL
//! built directly or through Bulkwatch's proxy. Nothing here does I/O.
//!
//! Everything that ends up in a URL is validated here first: a [`JobId`] is digits only, an
//! [`ApiOrigin`] is a Zoho API host or a checked custom origin, and the proxy's path scheme
//! ([`ProxyRoute`]) is defined once so the widget and the proxy cannot disagree about it.

use std::fmt;

mod hosts;
mod origin;
mod proxy;

pub use hosts::{parse_host, ExtraHostError, ExtraHosts, MAX_EXTRA_HOSTS};
pub use origin::{is_loopback_host, ApiOrigin, OriginError, ProxyBase};
pub use proxy::{
    job_url_via_proxy, parse_proxy_path, upstream_hosts, DownloadPath, ProxyPathError, ProxyRoute,
    PROXY_HEADER, PROXY_HEADER_VALUE,
};

/// One of Zoho's eight data centres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataCenter {
    Us,
    Eu,
    In,
    Au,
    Jp,
    Ca,
    Sa,
    Cn,
}

impl DataCenter {
    /// Every data centre, in the order the UI lists them.
    pub const ALL: [DataCenter; 8] = [
        DataCenter::Us,
        DataCenter::Eu,
        DataCenter::In,
        DataCenter::Au,
        DataCenter::Jp,
        DataCenter::Ca,
        DataCenter::Sa,
        DataCenter::Cn,
    ];

    /// Short lowercase code used in deep links, attributes and proxy paths (`us`, `eu`, …).
    pub fn code(self) -> &'static str {
        match self {
            DataCenter::Us => "us",
            DataCenter::Eu => "eu",
            DataCenter::In => "in",
            DataCenter::Au => "au",
            DataCenter::Jp => "jp",
            DataCenter::Ca => "ca",
            DataCenter::Sa => "sa",
            DataCenter::Cn => "cn",
        }
    }

    /// Parses a code case-insensitively (`"EU"`, `"eu"`).
    pub fn from_code(code: &str) -> Option<DataCenter> {
        DataCenter::ALL
            .into_iter()
            .find(|dc| dc.code().eq_ignore_ascii_case(code.trim()))
    }

    /// A human label for selects ("EU (zoho.eu)").
    pub fn label(self) -> &'static str {
        match self {
            DataCenter::Us => "US (zoho.com)",
            DataCenter::Eu => "EU (zoho.eu)",
            DataCenter::In => "IN (zoho.in)",
            DataCenter::Au => "AU (zoho.com.au)",
            DataCenter::Jp => "JP (zoho.jp)",
            DataCenter::Ca => "CA (zohocloud.ca)",
            DataCenter::Sa => "SA (zoho.sa)",
            DataCenter::Cn => "CN (zoho.com.cn)",
        }
    }

    /// The suffix after `zohoapis.` in this data centre's API host.
    pub fn api_tld(self) -> &'static str {
        match self {
            DataCenter::Us => "com",
            DataCenter::Eu => "eu",
            DataCenter::In => "in",
            DataCenter::Au => "com.au",
            DataCenter::Jp => "jp",
            DataCenter::Ca => "ca",
            DataCenter::Sa => "sa",
            DataCenter::Cn => "com.cn",
        }
    }

    /// The OAuth accounts host (`accounts.zoho.eu`; Canada is `accounts.zohocloud.ca`).
    pub fn accounts_host(self) -> &'static str {
        match self {
            DataCenter::Us => "accounts.zoho.com",
            DataCenter::Eu => "accounts.zoho.eu",
            DataCenter::In => "accounts.zoho.in",
            DataCenter::Au => "accounts.zoho.com.au",
            DataCenter::Jp => "accounts.zoho.jp",
            DataCenter::Ca => "accounts.zohocloud.ca",
            DataCenter::Sa => "accounts.zoho.sa",
            DataCenter::Cn => "accounts.zoho.com.cn",
        }
    }

    /// The API host of an environment in this data centre (`www.zohoapis.eu`,
    /// `sandbox.zohoapis.eu`, `developer.zohoapis.eu`).
    pub fn api_host(self, env: Environment) -> String {
        format!("{}.zohoapis.{}", env.host_prefix(), self.api_tld())
    }

    /// The result-file download host (`download-accl.zoho.eu`). Canada's follows its accounts
    /// domain (`zohocloud.ca`).
    pub fn download_host(self) -> String {
        format!("download-accl.{}", self.domain())
    }

    /// The data centre's own domain, as in its accounts host (`zoho.eu`, `zohocloud.ca`).
    pub fn domain(self) -> &'static str {
        let accounts = self.accounts_host();
        accounts.strip_prefix("accounts.").unwrap_or(accounts)
    }

    /// Recognises an exact API host (`sandbox.zohoapis.com.au`), ASCII case-insensitively.
    /// Anything else — a look-alike suffix, a trailing dot, another label — is `None`.
    pub fn from_api_host(host: &str) -> Option<(DataCenter, Environment)> {
        DataCenter::ALL.into_iter().find_map(|dc| {
            Environment::ALL
                .into_iter()
                .find(|env| dc.api_host(*env).eq_ignore_ascii_case(host))
                .map(|env| (dc, env))
        })
    }

    /// Recognises an exact download host (`download-accl.zoho.in`), ASCII case-insensitively.
    pub fn from_download_host(host: &str) -> Option<DataCenter> {
        DataCenter::ALL
            .into_iter()
            .find(|dc| dc.download_host().eq_ignore_ascii_case(host))
    }
}

impl fmt::Display for DataCenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Production org, sandbox org or developer org: same data centre, different API host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Environment {
    #[default]
    Production,
    Sandbox,
    Developer,
}

impl Environment {
    /// Every environment, production first.
    pub const ALL: [Environment; 3] = [
        Environment::Production,
        Environment::Sandbox,
        Environment::Developer,
    ];

    /// The first label of the API host.
    pub fn host_prefix(self) -> &'static str {
        match self {
            Environment::Production => "www",
            Environment::Sandbox => "sandbox",
            Environment::Developer => "developer",
        }
    }

    /// The suffix of a [`Site`] code: empty for production, `-sandbox`, `-developer`.
    pub fn site_suffix(self) -> &'static str {
        match self {
            Environment::Production => "",
            Environment::Sandbox => "-sandbox",
            Environment::Developer => "-developer",
        }
    }
}

/// A data centre and an environment together: what the proxy's first path segment and a deep
/// link's `dc=` name (`eu`, `eu-sandbox`, `us-developer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Site {
    pub dc: DataCenter,
    pub env: Environment,
}

impl Site {
    /// A production site.
    pub fn production(dc: DataCenter) -> Site {
        Site {
            dc,
            env: Environment::Production,
        }
    }

    /// The code: `{dc}`, `{dc}-sandbox` or `{dc}-developer`, lowercase.
    pub fn code(self) -> String {
        format!("{}{}", self.dc.code(), self.env.site_suffix())
    }

    /// Parses a code exactly as [`Site::code`] prints it (lowercase, no spaces): the proxy relies on
    /// this being strict. Callers reading people's input lowercase and trim first.
    pub fn from_code(code: &str) -> Option<Site> {
        DataCenter::ALL.into_iter().find_map(|dc| {
            let rest = code.strip_prefix(dc.code())?;
            Environment::ALL
                .into_iter()
                .find(|env| env.site_suffix() == rest)
                .map(|env| Site { dc, env })
        })
    }

    /// This site's API host (`sandbox.zohoapis.eu`).
    pub fn api_host(self) -> String {
        self.dc.api_host(self.env)
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// A Bulk Write API version seen in the wild. `v2.1` is a real version, not a typo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ApiVersion {
    V2,
    V2_1,
    V3,
    V4,
    V5,
    V6,
    V7,
    /// Zoho's current version, and the default.
    #[default]
    V8,
}

impl ApiVersion {
    /// Every version, oldest first.
    pub const ALL: [ApiVersion; 8] = [
        ApiVersion::V2,
        ApiVersion::V2_1,
        ApiVersion::V3,
        ApiVersion::V4,
        ApiVersion::V5,
        ApiVersion::V6,
        ApiVersion::V7,
        ApiVersion::V8,
    ];

    /// The path segment (`v2.1`, `v8`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V2 => "v2",
            ApiVersion::V2_1 => "v2.1",
            ApiVersion::V3 => "v3",
            ApiVersion::V4 => "v4",
            ApiVersion::V5 => "v5",
            ApiVersion::V6 => "v6",
            ApiVersion::V7 => "v7",
            ApiVersion::V8 => "v8",
        }
    }

    /// Parses a path segment, case-insensitively, with or without the leading `v`.
    pub fn parse(s: &str) -> Option<ApiVersion> {
        let s = s.trim();
        let s = s
            .strip_prefix('v')
            .or_else(|| s.strip_prefix('V'))
            .unwrap_or(s);
        ApiVersion::ALL.into_iter().find(|v| &v.as_str()[1..] == s)
    }

    /// Parses a path segment exactly as [`ApiVersion::as_str`] prints it (`v2.1`, never `V2.1`
    /// or `2.1`): for URL paths, where only one spelling may route.
    pub fn parse_exact(s: &str) -> Option<ApiVersion> {
        ApiVersion::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// v2 sends `module` as a plain string; v2.1 and later send `{api_name, id}`.
    pub fn module_is_object(self) -> bool {
        self >= ApiVersion::V2_1
    }

    /// v3 and later know parent/child jobs (`file_names`, `parent_column_index`).
    pub fn has_parent_child(self) -> bool {
        self >= ApiVersion::V3
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a text is not a job id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JobIdError {
    #[error("the job id is empty")]
    Empty,
    #[error("a job id has digits only")]
    NotDigits,
    #[error("a job id has at most {max} digits", max = JobId::MAX_DIGITS)]
    TooLong,
}

/// A Bulk Write job id: ASCII digits only, 1 to [`JobId::MAX_DIGITS`] of them. Checked before any
/// URL is built, so nothing else can slip into a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(String);

impl JobId {
    /// Zoho's ids are 18–19 digits today; 30 leaves room without allowing junk.
    pub const MAX_DIGITS: usize = 30;

    /// Validates exactly the given text (no trimming: the paste parser does that).
    pub fn parse(s: &str) -> Result<JobId, JobIdError> {
        if s.is_empty() {
            Err(JobIdError::Empty)
        } else if !s.bytes().all(|b| b.is_ascii_digit()) {
            Err(JobIdError::NotDigits)
        } else if s.len() > JobId::MAX_DIGITS {
            Err(JobIdError::TooLong)
        } else {
            Ok(JobId(s.to_string()))
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The path of the job-details endpoint: `/crm/bulk/{v}/write/{id}`.
pub fn job_path(version: ApiVersion, job: &JobId) -> String {
    format!("/crm/bulk/{version}/write/{job}")
}

/// The job-details URL called directly: `{origin}/crm/bulk/{v}/write/{id}`.
pub fn job_url(origin: &ApiOrigin, version: ApiVersion, job: &JobId) -> String {
    format!("{}{}", origin.origin_string(), job_path(version, job))
}
