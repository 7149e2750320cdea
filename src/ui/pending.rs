//! TEMPORARY stand-ins for core APIs that are being written right now (core-model: model, error;
//! core-net: endpoint, paste, download, poll, timeline, deeplink). Shaped like the announced APIs
//! so the widget builds today; deleted as soon as the real modules land on main. Nothing outside
//! this file may grow logic that belongs to the core.

/// Stand-in for `bulkwatch_core::model` (the job as Bulkwatch understands it).
pub mod model {
    pub use bulkwatch_core::model::{Counts, JobStatus, ResourceStatus};

    /// One Bulk Write job.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Job {
        pub id: String,
        pub status: JobStatus,
        pub operation: String,
        pub created_time: Option<String>,
        pub created_by: Option<User>,
        pub callback: Option<JobCallback>,
        pub ignore_empty: Option<bool>,
        pub character_encoding: Option<String>,
        pub resources: Vec<Resource>,
        pub download_url: Option<String>,
    }

    /// `created_by`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct User {
        pub id: String,
        pub name: String,
    }

    /// `callback`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct JobCallback {
        pub url: String,
        pub method: Option<String>,
    }

    /// One `resource[]` item.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Resource {
        pub module: String,
        pub status: ResourceStatus,
        pub code: Option<String>,
        pub file: Option<FileInfo>,
        pub field_mappings: Vec<FieldMapping>,
    }

    /// A resource's `file`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct FileInfo {
        pub name: Option<String>,
        pub counts: Counts,
    }

    /// One `field_mappings[]` row.
    #[derive(Debug, Clone, PartialEq)]
    pub struct FieldMapping {
        pub api_name: String,
        pub index: Option<u64>,
        pub find_by: Option<String>,
        pub format: Option<String>,
        pub default_value: Option<String>,
        pub parent_column_index: Option<u64>,
    }

    impl Job {
        /// The job's counts: the sum over its resources.
        pub fn counts(&self) -> Counts {
            let all: Vec<Counts> = self
                .resources
                .iter()
                .filter_map(|r| r.file.as_ref().map(|f| f.counts))
                .collect();
            Counts::sum(all.iter())
        }
    }
}

/// Stand-in for `bulkwatch_core::error`.
pub mod error {
    use super::model::*;
    use bulkwatch_core::model::{Counts, JobStatus, ResourceStatus};
    use serde_json::Value;

    /// What went wrong fetching or reading a job.
    #[derive(Debug, Clone, PartialEq)]
    pub enum BwError {
        Zoho {
            code: String,
            http_status: u16,
            message: String,
        },
        Network(String),
        Decode {
            http_status: u16,
            detail: String,
        },
    }

    impl BwError {
        /// The network could not be reached (CORS refusals look the same from a page).
        pub fn network(detail: impl Into<String>) -> BwError {
            BwError::Network(detail.into())
        }
        pub fn code(&self) -> &str {
            match self {
                BwError::Zoho { code, .. } => code,
                BwError::Network(_) => "NETWORK",
                BwError::Decode { .. } => "DECODE",
            }
        }
        pub fn http_status(&self) -> Option<u16> {
            match self {
                BwError::Zoho { http_status, .. } | BwError::Decode { http_status, .. } => {
                    Some(*http_status)
                }
                BwError::Network(_) => None,
            }
        }
        pub fn title(&self) -> &str {
            match self.code() {
                "INVALID_TOKEN" => "The token is invalid or expired",
                "RESOURCE_NOT_FOUND" => "No job with this ID",
                "TOO_MANY_REQUESTS" => "Too many requests",
                "NETWORK" => "The API could not be reached",
                "DECODE" => "The answer could not be read",
                _ => "Zoho returned an error",
            }
        }
        pub fn message(&self) -> String {
            match self {
                BwError::Zoho { message, .. } => message.clone(),
                BwError::Network(d) => d.clone(),
                BwError::Decode { detail, .. } => detail.clone(),
            }
        }
        pub fn resolution(&self) -> Option<&str> {
            match self.code() {
                "INVALID_TOKEN" => Some("Get a new token (tokens live one hour)."),
                "RESOURCE_NOT_FOUND" => {
                    Some("The job ID specified is invalid. Specify a valid job ID.")
                }
                _ => None,
            }
        }
        pub fn is_retryable(&self) -> bool {
            matches!(self, BwError::Network(_))
                || matches!(self.http_status(), Some(408 | 429 | 500..=599))
        }
        pub fn needs_token(&self) -> bool {
            self.http_status() == Some(401)
        }
    }

    fn s(v: &Value, k: &str) -> Option<String> {
        match v.get(k)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    fn n(v: &Value, k: &str) -> u64 {
        match v.get(k) {
            Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
            Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
            _ => 0,
        }
    }

    /// Reads one job-details answer.
    pub fn decode_job_response(http_status: u16, body: &[u8]) -> Result<Job, BwError> {
        let v: Value = serde_json::from_slice(body).map_err(|e| BwError::Decode {
            http_status,
            detail: e.to_string(),
        })?;
        if !(200..300).contains(&http_status)
            || v.get("status").and_then(Value::as_str) == Some("error")
        {
            return Err(BwError::Zoho {
                code: s(&v, "code").unwrap_or_else(|| "UNKNOWN".into()),
                http_status,
                message: s(&v, "message").unwrap_or_default(),
            });
        }
        let resources = v
            .get("resource")
            .and_then(Value::as_array)
            .map(|rs| {
                rs.iter()
                    .map(|r| Resource {
                        module: r
                            .get("module")
                            .and_then(|m| s(m, "api_name").or_else(|| m.as_str().map(String::from)))
                            .unwrap_or_default(),
                        status: ResourceStatus::from_wire(&s(r, "status").unwrap_or_default()),
                        code: s(r, "code"),
                        file: r.get("file").filter(|f| f.is_object()).map(|f| FileInfo {
                            name: s(f, "name"),
                            counts: Counts {
                                added: n(f, "added_count"),
                                updated: n(f, "updated_count"),
                                skipped: n(f, "skipped_count"),
                                total: n(f, "total_count"),
                            },
                        }),
                        field_mappings: r
                            .get("field_mappings")
                            .and_then(Value::as_array)
                            .map(|fm| {
                                fm.iter()
                                    .map(|m| FieldMapping {
                                        api_name: s(m, "api_name").unwrap_or_default(),
                                        index: s(m, "index").and_then(|i| i.parse().ok()),
                                        find_by: s(m, "find_by"),
                                        format: s(m, "format"),
                                        default_value: m
                                            .get("default_value")
                                            .filter(|d| !d.is_null())
                                            .map(|d| d.to_string()),
                                        parent_column_index: s(m, "parent_column_index")
                                            .and_then(|i| i.parse().ok()),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Job {
            id: s(&v, "id").unwrap_or_default(),
            status: JobStatus::from_wire(&s(&v, "status").unwrap_or_default()),
            operation: s(&v, "operation").unwrap_or_default(),
            created_time: s(&v, "created_time"),
            created_by: v.get("created_by").filter(|c| c.is_object()).map(|c| User {
                id: s(c, "id").unwrap_or_default(),
                name: s(c, "name").unwrap_or_default(),
            }),
            callback: v
                .get("callback")
                .filter(|c| c.is_object())
                .map(|c| JobCallback {
                    url: s(c, "url").unwrap_or_default(),
                    method: s(c, "method"),
                }),
            ignore_empty: v.get("ignore_empty").and_then(Value::as_bool),
            character_encoding: s(&v, "character_encoding"),
            resources,
            download_url: v.get("result").and_then(|r| s(r, "download_url")),
        })
    }
}

/// Stand-in for the new parts of `bulkwatch_core::endpoint`.
pub mod endpoint {
    pub use bulkwatch_core::endpoint::{ApiVersion, DataCenter, Environment};

    /// Where API calls go: a Zoho API origin or a custom one (sandbox, simulator).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApiOrigin(String);

    impl ApiOrigin {
        pub fn for_dc(dc: DataCenter, env: Environment) -> ApiOrigin {
            ApiOrigin(format!("https://{}", dc.api_host(env)))
        }
        pub fn parse(raw: &str) -> Result<ApiOrigin, String> {
            let raw = raw.trim().trim_end_matches('/');
            let ok = raw.starts_with("https://")
                || raw.starts_with("http://127.0.0.1")
                || raw.starts_with("http://localhost");
            if ok && !raw["https://".len().min(raw.len())..].contains('/') {
                Ok(ApiOrigin(raw.to_string()))
            } else {
                Err(format!("not an https origin (or http on loopback): {raw}"))
            }
        }
        pub fn as_str(&self) -> &str {
            &self.0
        }
        pub fn data_center(&self) -> Option<DataCenter> {
            DataCenter::ALL.into_iter().find(|dc| {
                Environment::ALL
                    .into_iter()
                    .any(|env| self.0 == format!("https://{}", dc.api_host(env)))
            })
        }
        pub fn is_zoho(&self) -> bool {
            self.data_center().is_some()
        }
        pub fn is_loopback(&self) -> bool {
            self.0.starts_with("http://127.0.0.1") || self.0.starts_with("http://localhost")
        }
    }

    /// A validated job id: digits only, bounded length.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct JobId(String);

    impl JobId {
        pub fn parse(raw: &str) -> Result<JobId, String> {
            let raw = raw.trim();
            if !raw.is_empty() && raw.len() <= 30 && raw.bytes().all(|b| b.is_ascii_digit()) {
                Ok(JobId(raw.to_string()))
            } else {
                Err("a job id is digits only".into())
            }
        }
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    /// `{origin}/crm/bulk/{version}/write/{job}`.
    pub fn job_url(origin: &ApiOrigin, version: ApiVersion, job: &JobId) -> String {
        format!("{}/crm/bulk/{}/write/{}", origin.0, version, job.0)
    }

    /// A Bulkwatch proxy's URL prefix.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProxyBase(String);

    impl ProxyBase {
        pub fn parse(raw: &str) -> Result<ProxyBase, String> {
            let raw = raw.trim().trim_end_matches('/');
            if raw.starts_with("https://")
                || raw.starts_with("http://127.0.0.1")
                || raw.starts_with("http://localhost")
            {
                Ok(ProxyBase(raw.to_string()))
            } else {
                Err(format!("not an https URL (or http on loopback): {raw}"))
            }
        }
        pub fn as_str(&self) -> &str {
            &self.0
        }
        pub fn is_loopback(&self) -> bool {
            self.0.starts_with("http://127.0.0.1") || self.0.starts_with("http://localhost")
        }
    }

    /// A proxy prefix: the proxy is told a data centre, never an upstream URL.
    pub fn proxy_job_url(
        proxy: &ProxyBase,
        dc: DataCenter,
        version: ApiVersion,
        job: &JobId,
    ) -> String {
        format!("{}/{}/crm/bulk/{}/write/{}", proxy.0, dc, version, job.0)
    }

    /// The proxy route for a classified download URL.
    pub fn proxy_download_url(proxy: &ProxyBase, dc: DataCenter, safe_url: &str) -> String {
        let path = safe_url.splitn(4, '/').nth(3).unwrap_or("");
        format!("{}/{}/download/{}", proxy.0, dc, path)
    }
}

/// Stand-in for `bulkwatch_core::download`.
pub mod download {
    use super::endpoint::ApiOrigin;

    /// Whether a `download_url` may be fetched with the token.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Classified {
        Safe { url: String },
        Unsafe { reason: String },
    }

    pub fn classify(raw: &str, origin: &ApiOrigin) -> Classified {
        if raw.starts_with('/') && !raw.starts_with("//") {
            return Classified::Safe {
                url: format!("{}{}", origin.as_str(), raw),
            };
        }
        let zoho = raw.starts_with("https://download-accl.zoho.")
            || (origin.is_loopback() && raw.starts_with(&format!("{}/", origin.as_str())));
        if zoho && !raw.contains('@') {
            Classified::Safe {
                url: raw.to_string(),
            }
        } else {
            Classified::Unsafe {
                reason: "not an https URL on an allowlisted Zoho host".into(),
            }
        }
    }
}

/// Stand-in for `bulkwatch_core::paste`.
pub mod paste {
    use super::endpoint::{ApiVersion, DataCenter, JobId};

    /// What a pasted text says.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Pasted {
        pub job_id: JobId,
        pub dc: Option<DataCenter>,
        pub version: Option<ApiVersion>,
    }

    pub fn parse(input: &str) -> Result<Pasted, String> {
        if let Ok(job_id) = JobId::parse(input) {
            return Ok(Pasted {
                job_id,
                dc: None,
                version: None,
            });
        }
        let url = input
            .split(['"', '\'', ' '])
            .find(|w| w.starts_with("https://"))
            .ok_or("paste a job id, a Zoho API URL or a curl line")?;
        let segs: Vec<&str> = url.split('/').collect();
        let host = segs.get(2).copied().unwrap_or("");
        let dc = DataCenter::ALL
            .into_iter()
            .find(|dc| host.ends_with(&format!("zohoapis.{}", dc.api_tld())));
        let pos = segs
            .iter()
            .position(|s| *s == "bulk")
            .ok_or("not a bulk URL")?;
        let version = segs.get(pos + 1).and_then(|v| ApiVersion::parse(v));
        let job_id = JobId::parse(segs.get(pos + 3).copied().unwrap_or(""))?;
        Ok(Pasted {
            job_id,
            dc,
            version,
        })
    }
}

/// Stand-in for `bulkwatch_core::poll`.
pub mod poll {
    use super::error::BwError;
    use super::model::Job;

    /// What happened, as the policy sees it.
    #[derive(Debug, Clone, Copy)]
    pub enum PollEvent<'a> {
        Answer(&'a Job),
        Failed {
            error: &'a BwError,
            retry_after: Option<&'a str>,
        },
    }

    /// What to do next.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Decision {
        PollIn(u32),
        Stop,
        WaitForToken,
        Paused,
    }

    /// Per-job polling state.
    #[derive(Debug, Clone)]
    pub struct PollPolicy {
        budget: u32,
        spent: u32,
        failures: u32,
    }

    impl PollPolicy {
        pub fn new(budget: u32) -> PollPolicy {
            PollPolicy {
                budget,
                spent: 0,
                failures: 0,
            }
        }
        /// One request was sent.
        pub fn record_request(&mut self) {
            self.spent += 1;
        }
        /// A person asked to continue after the budget ran out.
        pub fn resume(&mut self) {
            self.spent = 0;
        }
        pub fn decide(&mut self, event: PollEvent<'_>, jitter: f64) -> Decision {
            let d = match event {
                PollEvent::Answer(job) if job.status.is_terminal() => return Decision::Stop,
                PollEvent::Answer(_) => {
                    self.failures = 0;
                    2_000
                }
                PollEvent::Failed { error, .. } if error.needs_token() => {
                    return Decision::WaitForToken
                }
                PollEvent::Failed { error, .. } if !error.is_retryable() => return Decision::Stop,
                PollEvent::Failed { .. } => {
                    self.failures += 1;
                    let cap = 1_000u32.saturating_mul(1 << self.failures.min(5));
                    (f64::from(cap) * jitter.clamp(0.0, 1.0)) as u32 + 500
                }
            };
            if self.spent >= self.budget {
                Decision::Paused
            } else {
                Decision::PollIn(d)
            }
        }
    }
}

/// Stand-in for `bulkwatch_core::timeline`.
pub mod timeline {
    use super::model::{Counts, Job, JobStatus};

    /// One observed change with its honest bounds (ms since the epoch).
    #[derive(Debug, Clone, PartialEq)]
    pub struct TimelineEvent {
        pub kind: EventKind,
        pub earliest_ms: f64,
        pub latest_ms: f64,
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum EventKind {
        Created,
        Status(JobStatus),
        Counts(Counts),
    }

    /// What the widget saw of one job.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Timeline {
        pub events: Vec<TimelineEvent>,
        last_seen_ms: Option<f64>,
        last_status: Option<JobStatus>,
        last_counts: Option<Counts>,
    }

    impl Timeline {
        /// Records one answer seen at `at_ms`; true when something new was recorded.
        pub fn observe(&mut self, at_ms: f64, job: &Job) -> bool {
            let earliest = self.last_seen_ms.unwrap_or(at_ms);
            let mut changed = false;
            if self.events.is_empty() {
                if let Some(ms) = job.created_time.as_deref().and_then(parse_rfc3339_ms) {
                    self.events.push(TimelineEvent {
                        kind: EventKind::Created,
                        earliest_ms: ms,
                        latest_ms: ms,
                    });
                }
            }
            if self.last_status.as_ref() != Some(&job.status) {
                self.events.push(TimelineEvent {
                    kind: EventKind::Status(job.status.clone()),
                    earliest_ms: earliest,
                    latest_ms: at_ms,
                });
                self.last_status = Some(job.status.clone());
                changed = true;
            }
            let counts = job.counts();
            if self.last_counts.is_some_and(|c| c != counts) {
                self.events.push(TimelineEvent {
                    kind: EventKind::Counts(counts),
                    earliest_ms: earliest,
                    latest_ms: at_ms,
                });
                changed = true;
            }
            self.last_counts = Some(counts);
            self.last_seen_ms = Some(at_ms);
            changed
        }
        pub fn throughput_per_s(&self) -> Option<f64> {
            None
        }
        pub fn eta_ms(&self) -> Option<f64> {
            None
        }
        pub fn stalled(&self, _now_ms: f64) -> bool {
            false
        }
        /// Serialised for localStorage (never holds a token).
        pub fn to_storage(&self) -> String {
            String::new()
        }
        pub fn from_storage(_s: &str) -> Option<Timeline> {
            None
        }
    }

    /// `2019-01-30T02:18:15-12:00` → ms since the epoch.
    pub fn parse_rfc3339_ms(s: &str) -> Option<f64> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let rest = &s[19..];
        let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
        let off = if rest == "Z" {
            0
        } else {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (rest.get(1..3)?.parse::<i64>().ok()? * 60
                + rest.get(4..6)?.parse::<i64>().ok()?)
        };
        let _ = b;
        let (yy, mm) = if mo <= 2 {
            (y - 1, mo + 9)
        } else {
            (y, mo - 3)
        };
        let era = yy.div_euclid(400);
        let yoe = yy - era * 400;
        let doy = (153 * mm + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(((days * 86_400 + h * 3600 + mi * 60 + se - off * 60) * 1000) as f64)
    }
}

/// Stand-in for core-net's deep-link fragment parse/build.
pub mod deeplink {
    use super::endpoint::{ApiVersion, DataCenter};

    /// What a `#dc=eu&v=v8&job=…&api=…&proxy=…` fragment holds (never a token).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DeepLink {
        pub dc: Option<DataCenter>,
        pub version: Option<ApiVersion>,
        pub job: Option<String>,
        pub api: Option<String>,
        pub proxy: Option<String>,
    }

    pub fn parse(fragment: &str) -> DeepLink {
        let mut link = DeepLink::default();
        for pair in fragment.trim_start_matches('#').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = v.replace("%3A", ":").replace("%2F", "/");
            match k {
                "dc" => link.dc = DataCenter::from_code(&v),
                "v" => link.version = ApiVersion::parse(&v),
                "job" => link.job = Some(v),
                "api" => link.api = Some(v),
                "proxy" => link.proxy = Some(v),
                _ => {}
            }
        }
        link
    }

    pub fn build(link: &DeepLink) -> String {
        let mut parts = Vec::new();
        if let Some(dc) = link.dc {
            parts.push(format!("dc={dc}"));
        }
        if let Some(v) = link.version {
            parts.push(format!("v={v}"));
        }
        if let Some(j) = &link.job {
            parts.push(format!("job={j}"));
        }
        if let Some(a) = &link.api {
            parts.push(format!("api={a}"));
        }
        if let Some(p) = &link.proxy {
            parts.push(format!("proxy={p}"));
        }
        parts.join("&")
    }
}
