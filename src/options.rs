//! The embedding vocabulary — `<bulkwatch-job>`'s attributes, `mount()`'s options and
//! [`crate::component::BulkWriteJob`]'s props — read into what the widget watches. Pure: no
//! web-sys, tested natively. The host page is trusted with its own configuration (it could run
//! any script anyway), so an `api-domain` it sets needs no confirmation; the rules of the core
//! (https, or plain http on loopback only; digits-only job ids) still apply.

use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, ExtraHosts, JobId, ProxyBase, Site};
use bulkwatch_core::BwError;

use crate::token::Token;
use crate::ui::target::Target;

/// Whether the widget keeps polling (`poll="auto"`, the default) or asks once per job and token,
/// then once per "Check again" (`poll="off"`: a table of finished jobs, a page that refreshes on
/// its own). Off is the core policy's `PollConfig::once`, not a spent budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PollMode {
    #[default]
    Auto,
    Off,
}

impl PollMode {
    /// Reads an attribute value: `off` (any case) is [`PollMode::Off`]; anything else, like an
    /// unknown enumerated HTML attribute value, is the default.
    pub fn parse(raw: &str) -> PollMode {
        if raw.trim().eq_ignore_ascii_case("off") {
            PollMode::Off
        } else {
            PollMode::Auto
        }
    }

    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            PollMode::Auto => "auto",
            PollMode::Off => "off",
        }
    }
}

/// Where and what to watch, as the host wrote it. `None` or blank means "not given".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// `job-id`: digits.
    pub job_id: Option<String>,
    /// `dc`: `us|eu|in|au|jp|ca|sa|cn`, or a site code such as `eu-sandbox`.
    pub dc: Option<String>,
    /// `api-domain`: a full origin; overrides `dc`.
    pub api_domain: Option<String>,
    /// `api-version`: `v2`…`v8` (with or without the `v`); default `v8`.
    pub api_version: Option<String>,
    /// `proxy`: the base URL of a Bulkwatch proxy.
    pub proxy: Option<String>,
    /// `extra-hosts`: result-download hosts to allow beside Zoho's built-in table, exact https
    /// host names separated by spaces or commas. The host page's configuration only.
    pub extra_hosts: Option<String>,
    /// `rows`: how many rows the uploaded file has (a portal that created the job knows it), for
    /// the progress bar, the ETA and a polling pace steered by the predicted finish.
    pub rows: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn invalid(what: &str, why: impl std::fmt::Display) -> BwError {
    BwError::InvalidInput {
        reason: format!("{what}: {why}"),
    }
}

impl Source {
    /// The extra download hosts (none when not given), or an error naming `extra-hosts` and
    /// every entry that cannot be used.
    pub fn extra_hosts(&self) -> Result<ExtraHosts, BwError> {
        match given(&self.extra_hosts) {
            None => Ok(ExtraHosts::none()),
            Some(text) => ExtraHosts::parse_list(text).map_err(|problems| {
                let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
                invalid("extra-hosts", all.join("; "))
            }),
        }
    }

    /// The file's row count (none when not given), or an error naming `rows` when it is not a
    /// whole number of at least one.
    pub fn rows(&self) -> Result<Option<u64>, BwError> {
        let Some(text) = given(&self.rows) else {
            return Ok(None);
        };
        let why = || {
            invalid(
                "rows",
                format!(
                    "\"{}\" is not a number of rows (a whole number, 1 or more)",
                    shorten(text)
                ),
            )
        };
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(why());
        }
        match text.parse::<u64>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(why()),
        }
    }

    /// The target this source names: `Ok(None)` when no job is given (nothing to watch yet), an
    /// error naming the attribute when a value cannot be used.
    pub fn resolve(&self) -> Result<Option<Target>, BwError> {
        self.extra_hosts()?;
        self.rows()?;
        let Some(job_text) = given(&self.job_id) else {
            return Ok(None);
        };
        let job = JobId::parse(job_text).map_err(|e| BwError::InvalidJobId {
            reason: format!("job-id \"{}\": {e}", shorten(job_text)),
        })?;
        let origin = match (given(&self.api_domain), given(&self.dc)) {
            (Some(domain), _) => ApiOrigin::parse(domain).map_err(|e| invalid("api-domain", e))?,
            (None, Some(dc)) => Site::from_code(&dc.to_ascii_lowercase())
                .map(ApiOrigin::from)
                .ok_or_else(|| {
                    invalid(
                        "dc",
                        format!(
                            "\"{}\" is not one of us, eu, in, au, jp, ca, sa, cn \
                             (optionally with -sandbox or -developer)",
                            shorten(dc)
                        ),
                    )
                })?,
            (None, None) => {
                ApiOrigin::from(Site::production(bulkwatch_core::endpoint::DataCenter::Us))
            }
        };
        let version = match given(&self.api_version) {
            None => ApiVersion::default(),
            Some(v) => ApiVersion::parse(v).ok_or_else(|| {
                invalid(
                    "api-version",
                    format!("\"{}\" is not one of v2, v2.1, v3 … v8", shorten(v)),
                )
            })?,
        };
        let proxy = given(&self.proxy)
            .map(|p| ProxyBase::parse(p).map_err(|e| invalid("proxy", e)))
            .transpose()?;
        if proxy.is_some() && origin.site().is_none() {
            return Err(invalid(
                "proxy",
                "the proxy reaches Zoho's data centres only; drop api-domain or the proxy",
            ));
        }
        Ok(Some(Target {
            origin,
            version,
            job,
            proxy,
        }))
    }
}

/// At most 40 characters of a value quoted back in a message (a pasted essay stays readable).
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Everything an embedding host controls, in one value. `Debug` is safe: the token's is
/// redacted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub source: Source,
    /// Set by the host (`element.token = …`, `update({token})`); never an attribute.
    pub token: Option<Token>,
    pub poll: PollMode,
    /// Nothing to type in: no token prompt, no row-count field.
    pub read_only: bool,
    /// One line: status, counts and progress (for tables of jobs).
    pub compact: bool,
}

/// One option in an update: left as it is, cleared (`null`), or set.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Field<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Field<T> {
    fn apply(self, slot: &mut Option<T>) {
        match self {
            Field::Keep => {}
            Field::Clear => *slot = None,
            Field::Set(v) => *slot = Some(v),
        }
    }
}

/// What `update(options)` changes: keys that are absent stay as they were.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Patch {
    pub job_id: Field<String>,
    pub dc: Field<String>,
    pub api_domain: Field<String>,
    pub api_version: Field<String>,
    pub proxy: Field<String>,
    /// `extraHosts`: a string (names separated by spaces or commas) or a list, read as a string.
    pub extra_hosts: Field<String>,
    /// `rows`: the file's row count, as text (a number from `mount()` arrives as its digits).
    pub rows: Field<String>,
    /// A blank or unusable token string arrives as [`Field::Clear`].
    pub token: Field<Token>,
    pub poll: Field<PollMode>,
    pub read_only: Field<bool>,
    pub compact: Field<bool>,
}

impl Settings {
    /// Applies an update; the result says whether anything changed.
    pub fn apply(&mut self, patch: Patch) -> bool {
        let before = self.clone();
        patch.job_id.apply(&mut self.source.job_id);
        patch.dc.apply(&mut self.source.dc);
        patch.api_domain.apply(&mut self.source.api_domain);
        patch.api_version.apply(&mut self.source.api_version);
        patch.proxy.apply(&mut self.source.proxy);
        patch.extra_hosts.apply(&mut self.source.extra_hosts);
        patch.rows.apply(&mut self.source.rows);
        patch.token.apply(&mut self.token);
        let mut poll = Some(self.poll);
        patch.poll.apply(&mut poll);
        self.poll = poll.unwrap_or_default();
        let mut read_only = Some(self.read_only);
        patch.read_only.apply(&mut read_only);
        self.read_only = read_only.unwrap_or(false);
        let mut compact = Some(self.compact);
        patch.compact.apply(&mut compact);
        self.compact = compact.unwrap_or(false);
        *self != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(job: &str, dc: &str, api: &str, v: &str, proxy: &str) -> Source {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Source {
            job_id: opt(job),
            dc: opt(dc),
            api_domain: opt(api),
            api_version: opt(v),
            proxy: opt(proxy),
            extra_hosts: None,
            rows: None,
        }
    }

    fn origin(s: &Source) -> String {
        s.resolve().unwrap().unwrap().origin.origin_string()
    }

    #[test]
    fn no_job_means_nothing_to_watch() {
        assert_eq!(Source::default().resolve(), Ok(None));
        assert_eq!(src("  ", "eu", "", "", "").resolve(), Ok(None));
    }

    #[test]
    fn data_centres_sites_and_defaults() {
        assert_eq!(
            origin(&src("42", "", "", "", "")),
            "https://www.zohoapis.com"
        );
        assert_eq!(
            origin(&src("42", "EU", "", "", "")),
            "https://www.zohoapis.eu"
        );
        assert_eq!(
            origin(&src("42", "au-sandbox", "", "", "")),
            "https://sandbox.zohoapis.com.au"
        );
        let t = src("42", "jp", "", "v3", "").resolve().unwrap().unwrap();
        assert_eq!(t.version, ApiVersion::V3);
        assert_eq!(t.job.as_str(), "42");
        let t = src(" 42 ", "", "", "", "").resolve().unwrap().unwrap();
        assert_eq!(t.version, ApiVersion::V8);
    }

    #[test]
    fn api_domain_overrides_dc() {
        let s = src("42", "eu", "http://127.0.0.1:8787", "", "");
        assert_eq!(origin(&s), "http://127.0.0.1:8787");
        let s = src("42", "eu", "https://developer.zohoapis.in/", "", "");
        assert_eq!(origin(&s), "https://developer.zohoapis.in");
    }

    #[test]
    fn bad_values_name_their_attribute() {
        let reason = |s: Source| s.resolve().unwrap_err().to_string();
        assert!(reason(src("4x2", "", "", "", "")).contains("job-id"));
        assert!(reason(src("42", "mars", "", "", "")).contains("dc"));
        assert!(reason(src("42", "", "http://evil.example", "", "")).contains("api-domain"));
        assert!(reason(src("42", "", "", "v9", "")).contains("api-version"));
        assert!(reason(src("42", "", "", "", "ftp://x")).contains("proxy"));
        // The proxy reaches Zoho only.
        assert!(reason(src(
            "42",
            "",
            "http://127.0.0.1:1",
            "",
            "http://127.0.0.1:2"
        ))
        .contains("proxy"));
        // A long value is quoted back shortened.
        let long = "x".repeat(500);
        assert!(reason(src(&long, "", "", "", "")).len() < 200);
    }

    #[test]
    fn extra_hosts_are_validated_and_name_their_attribute() {
        let mut s = src("42", "eu", "", "", "");
        assert_eq!(s.extra_hosts(), Ok(ExtraHosts::none()));
        s.extra_hosts = Some("files.zoho.eu, other.zoho.eu".into());
        let hosts = s.extra_hosts().unwrap();
        assert!(hosts.contains("files.zoho.eu") && hosts.contains("other.zoho.eu"));
        assert!(s.resolve().unwrap().is_some());
        for bad in [
            "*.zoho.eu",
            "http://files.zoho.eu",
            "files.zoho.eu:8443",
            "10.0.0.1",
        ] {
            s.extra_hosts = Some(bad.into());
            let reason = s.resolve().unwrap_err().to_string();
            assert!(reason.contains("extra-hosts"), "{bad}: {reason}");
        }
    }

    #[test]
    fn rows_are_a_whole_number_and_name_their_attribute() {
        let mut s = src("42", "eu", "", "", "");
        assert_eq!(s.rows(), Ok(None));
        for (given, want) in [(" 10000 ", 10_000), ("1", 1), ("250000", 250_000)] {
            s.rows = Some(given.into());
            assert_eq!(s.rows(), Ok(Some(want)), "{given}");
            assert!(s.resolve().unwrap().is_some());
        }
        s.rows = Some("  ".into());
        assert_eq!(s.rows(), Ok(None), "blank is not given");
        for bad in ["0", "-5", "1.5", "10k", "1e4", "99999999999999999999999"] {
            s.rows = Some(bad.into());
            let reason = s.resolve().unwrap_err().to_string();
            assert!(
                reason.contains("rows") && reason.contains(bad),
                "{bad}: {reason}"
            );
        }
    }

    #[test]
    fn poll_mode_reads_like_an_enumerated_attribute() {
        assert_eq!(PollMode::parse("OFF"), PollMode::Off);
        assert_eq!(PollMode::parse("auto"), PollMode::Auto);
        assert_eq!(PollMode::parse("sometimes"), PollMode::Auto);
    }

    #[test]
    fn patches_keep_clear_and_set() {
        let mut s = Settings::default();
        assert!(s.apply(Patch {
            job_id: Field::Set("42".into()),
            dc: Field::Set("eu".into()),
            token: Field::Set(Token::new("secret-1").unwrap()),
            compact: Field::Set(true),
            ..Patch::default()
        }));
        assert!(!s.apply(Patch::default()), "an empty patch changes nothing");
        assert!(s.apply(Patch {
            dc: Field::Clear,
            poll: Field::Set(PollMode::Off),
            ..Patch::default()
        }));
        assert_eq!(s.source.job_id.as_deref(), Some("42"));
        assert_eq!(s.source.dc, None);
        assert!(s.token.is_some() && s.compact);
        assert_eq!(s.poll, PollMode::Off);
        assert!(s.apply(Patch {
            token: Field::Clear,
            compact: Field::Clear,
            ..Patch::default()
        }));
        assert!(s.token.is_none() && !s.compact);
        assert!(!format!("{s:?}").contains("secret"));
    }
}
