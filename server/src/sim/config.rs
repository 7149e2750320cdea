//! What a simulator instance is told at start: tokens, clock, budgets, origins, startup jobs.
//! Built from the command line (`bulkwatch simulate` flags, see [`super::Args`]) or directly by tests; every field has a sane
//! default so a test only sets what it exercises.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use super::version::Version;

use super::scenarios::ScenarioKind;

/// Scope that lets a token read and create bulk write jobs (Zoho also accepts `.CREATE`).
pub const SCOPE_BULK_ALL: &str = "ZohoCRM.bulk.ALL";
/// Scope Zoho's upload endpoint asks for.
pub const SCOPE_FILES_ALL: &str = "ZohoFiles.files.ALL";

/// How a job reports `result.download_url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DownloadForm {
    /// `{download_base}/v2/crm/{org}/bulk-write/{job}/{job}.zip` (what current Zoho sends).
    #[default]
    Absolute,
    /// `/{version}/crm/org{org}/bulk-write/{job}/{job}.zip` (as in Zoho's doc sample), resolved
    /// by clients against the API origin.
    Relative,
}

impl DownloadForm {
    /// Parses `absolute` / `relative`.
    pub fn parse(s: &str) -> Option<DownloadForm> {
        match s.trim().to_ascii_lowercase().as_str() {
            "absolute" => Some(DownloadForm::Absolute),
            "relative" => Some(DownloadForm::Relative),
            _ => None,
        }
    }

    /// The spelling [`DownloadForm::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            DownloadForm::Absolute => "absolute",
            DownloadForm::Relative => "relative",
        }
    }
}

/// A token marked to fail in a particular way, whatever its scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMark {
    /// `!no-permission`: every API call answers 403 `NO_PERMISSION`.
    NoPermission,
    /// `!authorization-failed`: every API call answers 400 `AUTHORIZATION_FAILED`.
    AuthorizationFailed,
    /// `!authentication-failure`: every API call answers 401 `AUTHENTICATION_FAILURE`.
    AuthenticationFailure,
    /// `!expired`: a token Zoho once issued but no longer accepts (401 `INVALID_TOKEN`).
    Expired,
}

impl TokenMark {
    fn parse(s: &str) -> Option<TokenMark> {
        match s.trim().to_ascii_lowercase().as_str() {
            "no-permission" => Some(TokenMark::NoPermission),
            "authorization-failed" => Some(TokenMark::AuthorizationFailed),
            "authentication-failure" => Some(TokenMark::AuthenticationFailure),
            "expired" => Some(TokenMark::Expired),
            _ => None,
        }
    }
}

/// One accepted token. `Debug` never shows the token itself.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSpec {
    /// The secret, compared in full; never logged.
    pub token: String,
    /// Granted scopes (compared case-insensitively).
    pub scopes: Vec<String>,
    /// A forced failure, if any.
    pub mark: Option<TokenMark>,
}

impl fmt::Debug for TokenSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSpec")
            .field("token", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("mark", &self.mark)
            .finish()
    }
}

impl TokenSpec {
    /// A token with the default scopes (`ZohoCRM.bulk.ALL` and `ZohoFiles.files.ALL`, so the
    /// whole upload → create → poll → download flow works with one token).
    pub fn new(token: impl Into<String>) -> TokenSpec {
        TokenSpec {
            token: token.into(),
            scopes: vec![SCOPE_BULK_ALL.to_string(), SCOPE_FILES_ALL.to_string()],
            mark: None,
        }
    }

    /// Parses `TOKEN[:scope,scope,!mark]`. Entries starting with `!` are marks
    /// (`!no-permission`, `!authorization-failed`, `!authentication-failure`, `!expired`).
    /// A token given with only marks keeps the default scopes.
    pub fn parse(spec: &str) -> Result<TokenSpec, String> {
        let (token, rest) = match spec.split_once(':') {
            Some((t, r)) => (t, Some(r)),
            None => (spec, None),
        };
        if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("a --token needs a non-empty token without spaces".into());
        }
        let mut out = TokenSpec::new(token);
        if let Some(rest) = rest {
            let mut scopes = Vec::new();
            for item in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if let Some(mark) = item.strip_prefix('!') {
                    out.mark = Some(TokenMark::parse(mark).ok_or_else(|| {
                        format!(
                            "unknown token mark '!{mark}' (use !no-permission, \
                             !authorization-failed, !authentication-failure or !expired)"
                        )
                    })?);
                } else {
                    scopes.push(item.to_string());
                }
            }
            if !scopes.is_empty() {
                out.scopes = scopes;
            }
        }
        Ok(out)
    }

    /// Whether one of `any_of` was granted.
    pub fn has_scope(&self, any_of: &[&str]) -> bool {
        self.scopes
            .iter()
            .any(|s| any_of.iter().any(|want| s.eq_ignore_ascii_case(want)))
    }
}

/// Which clock drives the simulated world.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClockMode {
    /// Real time multiplied by `speed`.
    Real { speed: f64 },
    /// Time moves only when told ([`super::clock::Clock::advance`] or `POST /__sim/clock/advance`).
    Manual { speed: f64 },
}

/// Per-token request budgets: beyond them Zoho answers 429 `TOO_MANY_REQUESTS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budgets {
    /// Requests a token may have in flight at once.
    pub max_concurrent: usize,
    /// Requests a token may make per `rate_window_ms` (elapsed, unscaled time).
    pub rate_limit: usize,
    pub rate_window_ms: u64,
    /// `Retry-After` seconds sent when the concurrency cap is hit.
    pub concurrency_retry_after_s: u64,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            max_concurrent: 10,
            rate_limit: 600,
            rate_window_ms: 60_000,
            concurrency_retry_after_s: 2,
        }
    }
}

/// A job to create at start from a named scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct StartupJob {
    pub scenario: ScenarioKind,
    pub id: String,
}

/// Everything the simulator needs; see [`super::cli::Args`] for the flags that fill it.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub tokens: Vec<TokenSpec>,
    pub clock: ClockMode,
    /// Seed for ids, row outcomes and errors.
    pub seed: u64,
    /// Zoho org id (digits) used in ids and download paths.
    pub org_id: String,
    /// This server's public origin (`http://127.0.0.1:8787`), used in printed links.
    pub public_origin: String,
    /// Origin of absolute download links; defaults to `public_origin`.
    pub download_base: Option<String>,
    /// Download form for jobs created through Zoho's create route.
    pub download_form: DownloadForm,
    /// How long a result link stays valid, in simulated seconds.
    pub link_ttl_secs: u64,
    /// Whether downloads need an `Authorization` header (when sent, it is always checked).
    pub download_requires_token: bool,
    /// Job status spelling on the wire: `INPROGRESS` (real responses) or `IN PROGRESS` (docs).
    pub in_progress_spelling: String,
    /// v2 answers carry the job id as a JSON number, like v2-era SDKs read it.
    pub v2_numeric_id: bool,
    /// Exact origins allowed for cross-origin browser calls (never `*`).
    pub allow_origins: Vec<String>,
    pub budgets: Budgets,
    /// Rows per simulated second for jobs created through Zoho's create route.
    pub rows_per_sec: u64,
    /// Simulated seconds a created job stays `ADDED`.
    pub queue_secs: u64,
    /// Share (0–100) of `find_by` values that match an existing record on update/upsert.
    pub existing_pct: u8,
    /// Mandatory fields per module, overriding the built-in defaults.
    pub mandatory: BTreeMap<String, Vec<String>>,
    /// Accept a bare CSV upload (Zoho only takes zips and answers `INVALID_FILE_FORMAT`).
    pub accept_plain_csv: bool,
    /// Allow callbacks to non-loopback hosts (off: a simulator must not become an SSRF tool).
    pub callback_allow_any: bool,
    /// Directory with the built site (index.html, pkg/, static/) served at `/`.
    pub static_dir: Option<PathBuf>,
    /// Demo mode: demo token and one job of each main scenario.
    pub demo: bool,
    pub startup_jobs: Vec<StartupJob>,
    /// Wall-clock time (Unix ms) the simulated world starts at; `None` = now.
    pub epoch_unix_ms: Option<u64>,
    /// The accounts server's registered clients and the token it issues.
    pub accounts: super::accounts::Accounts,
    /// The org's time zone as minutes east of UTC: `created_time` carries this offset.
    pub utc_offset_minutes: i32,
    /// Error bodies leave out `"status": "error"` (some Zoho answers do).
    pub errors_without_status: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            tokens: Vec::new(),
            clock: ClockMode::Real { speed: 1.0 },
            seed: 0,
            org_id: "7391452".into(),
            public_origin: "http://127.0.0.1:8787".into(),
            download_base: None,
            download_form: DownloadForm::Absolute,
            link_ttl_secs: 7 * 24 * 3600,
            download_requires_token: false,
            in_progress_spelling: "INPROGRESS".into(),
            v2_numeric_id: false,
            allow_origins: Vec::new(),
            budgets: Budgets::default(),
            rows_per_sec: 50,
            queue_secs: 3,
            existing_pct: 80,
            mandatory: BTreeMap::new(),
            accept_plain_csv: false,
            callback_allow_any: false,
            static_dir: None,
            demo: false,
            startup_jobs: Vec::new(),
            epoch_unix_ms: None,
            accounts: Default::default(),
            utc_offset_minutes: 0,
            errors_without_status: false,
        }
    }
}

impl SimConfig {
    /// A config for tests: a manual clock, seed 1, and the given tokens with default scopes.
    pub fn for_tests(tokens: &[&str]) -> SimConfig {
        SimConfig {
            tokens: tokens.iter().map(|t| TokenSpec::new(*t)).collect(),
            clock: ClockMode::Manual { speed: 1.0 },
            seed: 1,
            epoch_unix_ms: Some(1_714_554_000_000),
            ..SimConfig::default()
        }
    }

    /// The origin absolute download links point at.
    pub fn download_base(&self) -> &str {
        self.download_base
            .as_deref()
            .unwrap_or(&self.public_origin)
            .trim_end_matches('/')
    }
}

/// Parses `NAME=JOB_ID` for `--scenario`.
pub fn parse_startup_job(spec: &str) -> Result<StartupJob, String> {
    let (name, id) = spec
        .split_once('=')
        .ok_or_else(|| format!("--scenario wants NAME=JOB_ID, got '{spec}'"))?;
    let scenario = ScenarioKind::parse(name).ok_or_else(|| {
        format!(
            "unknown scenario '{name}' (known: {})",
            ScenarioKind::ALL.map(|k| k.name()).join(", ")
        )
    })?;
    let id = id.trim();
    if !valid_job_id(id) {
        return Err(format!("job id '{id}' must be 1–25 digits"));
    }
    Ok(StartupJob {
        scenario,
        id: id.to_string(),
    })
}

/// Parses `COUNT/SECONDS` for `--rate-limit`.
pub fn parse_rate_limit(spec: &str) -> Result<(usize, u64), String> {
    let (n, secs) = spec
        .split_once('/')
        .ok_or_else(|| format!("--rate-limit wants COUNT/SECONDS, got '{spec}'"))?;
    let n: usize = n.trim().parse().map_err(|_| "bad rate-limit count")?;
    let secs: u64 = secs.trim().parse().map_err(|_| "bad rate-limit seconds")?;
    if n == 0 || secs == 0 {
        return Err("--rate-limit needs a count and seconds above zero".into());
    }
    Ok((n, secs.saturating_mul(1000)))
}

/// Parses `MODULE=Field,Field` for `--mandatory`.
pub fn parse_mandatory(spec: &str) -> Result<(String, Vec<String>), String> {
    let (module, fields) = spec
        .split_once('=')
        .ok_or_else(|| format!("--mandatory wants MODULE=Field,Field, got '{spec}'"))?;
    let fields: Vec<String> = fields
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    Ok((module.trim().to_string(), fields))
}

/// Parses an API version path segment exactly as Zoho spells it (`v2`, `v2.1`, … `v8`).
pub fn parse_version_segment(seg: &str) -> Option<Version> {
    Version::parse_segment(seg)
}

/// Zoho job ids are digit strings; the simulator accepts 1–25 digits.
pub fn valid_job_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 25 && id.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_specs() {
        let t = TokenSpec::parse("abc").unwrap();
        assert!(t.has_scope(&[SCOPE_BULK_ALL]) && t.mark.is_none());
        let t = TokenSpec::parse("abc:ZohoCRM.bulk.READ").unwrap();
        assert_eq!(t.scopes, vec!["ZohoCRM.bulk.READ".to_string()]);
        let t = TokenSpec::parse("abc:!no-permission").unwrap();
        assert_eq!(t.mark, Some(TokenMark::NoPermission));
        assert!(t.has_scope(&["zohocrm.bulk.all"]));
        assert!(TokenSpec::parse("abc:!bogus").is_err());
        assert!(TokenSpec::parse(":x").is_err());
        assert!(!format!("{t:?}").contains("abc"));
    }

    #[test]
    fn other_specs() {
        assert_eq!(parse_rate_limit("5/10").unwrap(), (5, 10_000));
        assert!(parse_rate_limit("0/1").is_err());
        let j = parse_startup_job("happy-insert=123").unwrap();
        assert_eq!(j.id, "123");
        assert!(parse_startup_job("happy-insert=12a").is_err());
        assert!(parse_startup_job("nope=1").is_err());
        assert_eq!(parse_version_segment("v2.1"), Some(Version::V2_1));
        assert_eq!(parse_version_segment("8"), None);
        assert_eq!(
            parse_mandatory("Leads=Last_Name, Company").unwrap().1,
            vec!["Last_Name".to_string(), "Company".to_string()]
        );
    }
}
