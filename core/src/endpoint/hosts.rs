//! Extra result-download hosts an operator allows on top of the built-in table
//! ([`super::DataCenter::download_host`], the API hosts). Zoho can serve a result from a host the
//! table does not know (a data centre whose download host breaks the pattern, a new data
//! centre); the page's `extra-hosts` option and the proxy's `extra_download_hosts` key name such
//! hosts explicitly. They come from configuration only — never from a link or a response.
//!
//! Every entry is an exact DNS name reached over https on the default port: no wildcard, no IP
//! literal, no port, no path, no userinfo, no trailing dot. `https://name` is accepted and read
//! as `name`; any other scheme is refused.

use std::fmt;

/// Longest host name accepted (DNS's limit).
const MAX_HOST_LEN: usize = 253;
/// Most entries accepted (a handful is the real need).
pub const MAX_EXTRA_HOSTS: usize = 32;

/// Why an entry cannot be an extra host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtraHostError {
    #[error("an empty host name")]
    Empty,
    #[error("\"{0}\": only https hosts can be added (write the bare host name)")]
    NotHttps(String),
    #[error("\"{0}\": wildcards are not accepted, list each host exactly")]
    Wildcard(String),
    #[error("\"{0}\": a host name only — no path, port, user name or query")]
    NotBare(String),
    #[error("\"{0}\": an IP address is not accepted, only a host name")]
    IpLiteral(String),
    #[error("\"{0}\": not a valid host name (letters, digits, '-' and '.', two labels or more)")]
    Invalid(String),
    #[error("\"{0}\" is already one of the built-in hosts")]
    BuiltIn(String),
    #[error("more than {MAX_EXTRA_HOSTS} extra hosts")]
    TooMany,
}

/// A validated list of extra download hosts, lowercase and without duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ExtraHosts(Vec<String>);

impl ExtraHosts {
    /// No extra hosts: the built-in table only.
    pub fn none() -> ExtraHosts {
        ExtraHosts::default()
    }

    /// Validates a list; every problem is reported, not only the first.
    pub fn parse<'a>(
        entries: impl IntoIterator<Item = &'a str>,
    ) -> Result<ExtraHosts, Vec<ExtraHostError>> {
        let mut hosts: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        for entry in entries {
            match parse_host(entry) {
                Ok(h) if !hosts.contains(&h) => hosts.push(h),
                Ok(_) => {}
                Err(e) => problems.push(e),
            }
        }
        if hosts.len() > MAX_EXTRA_HOSTS {
            problems.push(ExtraHostError::TooMany);
        }
        if problems.is_empty() {
            Ok(ExtraHosts(hosts))
        } else {
            Err(problems)
        }
    }

    /// Reads an attribute value: names separated by spaces or commas.
    pub fn parse_list(text: &str) -> Result<ExtraHosts, Vec<ExtraHostError>> {
        ExtraHosts::parse(
            text.split(|c: char| c == ',' || c.is_ascii_whitespace())
                .filter(|s| !s.is_empty()),
        )
    }

    /// Whether `host` is exactly one of the extra hosts (ASCII case-insensitively).
    pub fn contains(&self, host: &str) -> bool {
        self.0.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// The hosts, lowercase.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// No extra host.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for ExtraHosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

/// Validates one entry into a lowercase host name.
pub fn parse_host(entry: &str) -> Result<String, ExtraHostError> {
    let raw = entry.trim();
    if raw.is_empty() {
        return Err(ExtraHostError::Empty);
    }
    let shown = || raw.chars().take(80).collect::<String>();
    let name = match raw.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => {
            rest.strip_suffix('/').unwrap_or(rest)
        }
        Some(_) => return Err(ExtraHostError::NotHttps(shown())),
        None => raw,
    };
    if name.contains('*') {
        return Err(ExtraHostError::Wildcard(shown()));
    }
    if name.contains(['/', ':', '@', '?', '#', '\\', '%']) || name.starts_with('[') {
        return Err(ExtraHostError::NotBare(shown()));
    }
    if name.len() > MAX_HOST_LEN
        || name.ends_with('.')
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return Err(ExtraHostError::Invalid(shown()));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return Err(ExtraHostError::IpLiteral(shown()));
    }
    let label_ok =
        |l: &&str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-');
    // The last label (the TLD) is never all digits in a real name.
    let tld_ok = labels
        .last()
        .is_some_and(|t| !t.bytes().all(|b| b.is_ascii_digit()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(ExtraHostError::Invalid(shown()));
    }
    let name = name.to_ascii_lowercase();
    if super::proxy::upstream_hosts().contains(&name) {
        return Err(ExtraHostError::BuiltIn(shown()));
    }
    Ok(name)
}
