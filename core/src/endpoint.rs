//! Where requests go: Zoho's data centres and their hosts, API versions, job ids, and the job URL
//! built directly or through Bulkwatch's proxy. Nothing here does I/O.

use std::fmt;

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
        let accounts = self.accounts_host();
        let domain = accounts.strip_prefix("accounts.").unwrap_or(accounts);
        format!("download-accl.{domain}")
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
