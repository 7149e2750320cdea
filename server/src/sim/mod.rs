//! `bulkwatch simulate`: a simulator of Zoho CRM's Bulk Write API that behaves like Zoho (routes,
//! per-version JSON, errors, CORS, result zips, callbacks), with named scenarios and faults, a
//! request log for tests, an injectable clock, and the one-process demo.
//!
//! Tests build it with [`app`] (or [`Sim`] when they need the clock or the state) and drive the
//! router with `tower::ServiceExt::oneshot`; [`run`] is the command-line entry point.
//!
//! # Routes
//! Zoho's: `GET /crm/bulk/{v}/write/{job}` (v2 … v8), `POST /crm/bulk/{v}/write`,
//! `POST /crm/{v}/upload`, `GET /{v}/crm/{org}/bulk-write/{job}/{job}.zip` (both link forms).
//! The simulator's own, all under `/__sim/` and without a token: `GET log` (`?path_prefix=`,
//! `?since=` elapsed ms, `?after=` seq), `POST log/clear`, `GET scenarios`, `GET|POST jobs`
//! (`{"scenario", "id"?, "version"?, "download_form"?, "callback"?, "queue_secs"?,
//! "duration_secs"?}`), `GET jobs/{id}/tally` (what the result file holds, from the plan),
//! `GET callbacks`, `GET clock`, `POST clock/advance {"ms"}` (manual clock
//! only), `GET demo`. Everything else: the static site when `--static-dir` is given (HTML served
//! with [`PAGE_CSP`] as a header), else `INVALID_URL_PATTERN`. The command wraps all of it in
//! [`host::guard`]: a request for a name the simulator does not serve is refused (DNS
//! rebinding).
//!
//! # Choices where Zoho's behaviour is not documented
//! - Expired, unknown or unfinished result links answer **403** with
//!   `{"info":"Forbidden","x-info":"Link not valid"}` (the body's "Forbidden" names that status).
//! - The callback POSTs the job's details (v8 shape) as JSON; Zoho's docs only say the job's
//!   details are posted. Targets must be loopback unless `--callback-allow-any`.
//! - Token marks: `--token T:!no-permission` (403 `NO_PERMISSION`), `!authorization-failed` (400
//!   `AUTHORIZATION_FAILED`), `!authentication-failure` (401), `!expired` (401 `INVALID_TOKEN`).
//!   Tokens without scopes get `ZohoCRM.bulk.ALL` and `ZohoFiles.files.ALL` (the upload's scope).
//! - Uploads must be zips (`INVALID_FILE_FORMAT` otherwise) unless `--accept-plain-csv`.
//! - Create-job refusals: `MISSING_REQUIRED_KEY`, `INVALID_DATA`, `INVALID_MODULE`,
//!   `INVALID_FILE_ID`, `MANDATORY_FIELDS_NOT_MAPPED`, each 400 with `details.api_name` (or
//!   `api_names`) and `json_path`.
//! - `ignore_empty` is sent at the top level up to v7 and per resource in v8; result `STATUS`
//!   is lowercase (`rows-25k` uses uppercase to exercise case-insensitive readers).

pub mod accounts;
mod auth;
pub mod callback;
pub mod catalog;
mod cli;
pub mod clock;
pub mod config;
mod create;
pub mod demo;
pub mod errors;
mod extract;
mod faults;
pub mod host;
pub mod jobs;
pub mod log;
pub mod outcomes;
pub mod plan;
pub mod result_format;
pub mod result_zip;
mod routes;
mod scenario_data;
pub mod scenarios;
pub mod shapes;
mod simroutes;
pub mod upload;
pub mod version;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use version::Version;

pub use auth::BudgetBook;
pub use callback::CallbackRecord;
pub use cli::{run, Args};
pub use clock::Clock;
pub use config::{ClockMode, DownloadForm, SimConfig, StartupJob, TokenMark, TokenSpec};
pub use demo::DemoInfo;
pub use jobs::{Callback, Job, JobStore};
pub use log::{LogEntry, LogQuery, RequestLog};
pub use routes::PAGE_CSP;
pub use scenarios::ScenarioKind;
pub use upload::UploadStore;

/// Everything the routes share.
#[derive(Debug)]
pub struct SimState {
    pub config: SimConfig,
    pub clock: Arc<Clock>,
    pub jobs: JobStore,
    pub uploads: UploadStore,
    pub log: RequestLog,
    pub budgets: BudgetBook,
    /// Client for callbacks.
    pub http: reqwest::Client,
    /// Set once in demo mode.
    pub demo: OnceLock<DemoInfo>,
    ids: Mutex<ChaCha8Rng>,
    epoch_unix_ms: u64,
    callbacks: Mutex<Vec<CallbackRecord>>,
}

/// A request for a scenario job (from `--scenario`, `POST /__sim/jobs`, the demo or a test).
#[derive(Debug, Clone)]
pub struct JobRequest {
    pub scenario: ScenarioKind,
    /// Digits; `None` draws one from the seeded generator.
    pub id: Option<String>,
    pub version: Option<Version>,
    pub download_form: Option<DownloadForm>,
    pub callback: Option<Callback>,
    /// Overrides the scenario's time in `ADDED` (simulated seconds).
    pub queue_secs: Option<u64>,
    /// Overrides the scenario's pace so processing takes about this long (simulated seconds).
    pub duration_secs: Option<u64>,
}

impl JobRequest {
    /// A job of `scenario` with everything else left to the scenario.
    pub fn new(scenario: ScenarioKind) -> JobRequest {
        JobRequest {
            scenario,
            id: None,
            version: None,
            download_form: None,
            callback: None,
            queue_secs: None,
            duration_secs: None,
        }
    }

    pub fn with_id(mut self, id: &str) -> JobRequest {
        self.id = Some(id.to_string());
        self
    }
}

impl SimState {
    /// A fresh Zoho-looking id (`{org}{12 digits}`), unused by any job or upload.
    pub fn next_id(&self) -> String {
        let mut rng = self.ids.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let n: u64 = rng.gen_range(0..1_000_000_000_000);
            let id = format!("{}{n:012}", self.config.org_id);
            if !self.jobs.contains(&id) && self.uploads.get(&id).is_none() {
                return id;
            }
        }
    }

    /// The simulated wall-clock time in the org's time zone, formatted as Zoho formats
    /// `created_time`.
    pub fn now_iso(&self) -> String {
        clock::iso8601_at(
            self.epoch_unix_ms.saturating_add(self.clock.sim_ms()),
            self.config.utc_offset_minutes,
        )
    }

    pub fn push_callback(&self, record: CallbackRecord) {
        self.callbacks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(record);
    }

    /// Callbacks sent so far.
    pub fn callbacks(&self) -> Vec<CallbackRecord> {
        self.callbacks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The page's deep link for a job: `{origin}/#api={origin}&v={version}&job={id}` (never a
    /// token). Written from the documented fragment format, not with the core's link builder: the
    /// end-to-end tests open these links in the page, so this is a second reading of the format
    /// that the page's parser must agree with.
    pub fn deep_link(&self, id: &str, version: Version) -> String {
        let origin = self.config.public_origin.trim_end_matches('/');
        let api: String = url::form_urlencoded::byte_serialize(origin.as_bytes()).collect();
        format!("{origin}/#api={api}&v={version}&job={id}")
    }

    /// Creates a scenario job now; `None` when the id is taken.
    pub fn create_scenario_job(self: &Arc<Self>, req: JobRequest) -> Option<Arc<Job>> {
        let id = req.id.clone().unwrap_or_else(|| self.next_id());
        if self.jobs.contains(&id) {
            return None;
        }
        let ctx = jobs::BuildCtx {
            seed: self.config.seed,
            org_id: self.config.org_id.clone(),
            now_sim_ms: self.clock.sim_ms(),
            created_time: self.now_iso(),
            link_ttl_secs: self.config.link_ttl_secs,
        };
        let mut job = jobs::scenario_job(req.scenario, &id, req.version, req.download_form, &ctx);
        job.callback = req.callback;
        if let Some(q) = req.queue_secs {
            job.behaviour.queue_ms = q.saturating_mul(1000);
        }
        if let Some(d) = req.duration_secs {
            job.behaviour.rows_per_sec = job.total_rows().div_ceil(d.max(1)).max(1);
        }
        let job = Arc::new(job);
        if !self.jobs.insert(job.clone()) {
            return None;
        }
        if tokio::runtime::Handle::try_current().is_ok() {
            callback::schedule(self.clone(), job.clone());
        }
        Some(job)
    }
}

/// A running simulator's handle: its router plus the seams tests use (clock, state, jobs).
#[derive(Debug, Clone)]
pub struct Sim {
    state: Arc<SimState>,
}

impl Sim {
    /// Builds the simulator: clock, startup jobs, and the demo when asked for.
    pub fn new(mut config: SimConfig) -> Sim {
        let clock = Arc::new(match config.clock {
            ClockMode::Real { speed } => Clock::real(speed),
            ClockMode::Manual { speed } => Clock::manual(speed),
        });
        if config.demo && !config.tokens.iter().any(|t| t.token == demo::DEMO_TOKEN) {
            config.tokens.push(TokenSpec::new(demo::DEMO_TOKEN));
        }
        let epoch_unix_ms = config.epoch_unix_ms.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(0))
                .unwrap_or(0)
        });
        let startup = config.startup_jobs.clone();
        let demo_mode = config.demo;
        let state = Arc::new(SimState {
            ids: Mutex::new(ChaCha8Rng::seed_from_u64(config.seed)),
            budgets: BudgetBook::new(config.budgets),
            config,
            clock,
            jobs: JobStore::default(),
            uploads: UploadStore::default(),
            log: RequestLog::default(),
            http: callback::http_client(),
            demo: OnceLock::new(),
            epoch_unix_ms,
            callbacks: Mutex::new(Vec::new()),
        });
        for job in startup {
            if state
                .create_scenario_job(JobRequest::new(job.scenario).with_id(&job.id))
                .is_none()
            {
                tracing::warn!(id = %job.id, "duplicate --scenario job id ignored");
            }
        }
        if demo_mode {
            let info = demo::setup(&state);
            let _ = state.demo.set(info);
        }
        Sim { state }
    }

    /// The router over this simulator's state.
    pub fn router(&self) -> Router {
        routes::router(self.state.clone())
    }

    pub fn state(&self) -> &Arc<SimState> {
        &self.state
    }

    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// Moves a manual clock forward (unscaled time); false on a real clock.
    pub fn advance(&self, by: Duration) -> bool {
        self.state.clock.advance(by)
    }

    /// Creates a scenario job; `None` when the id is taken.
    pub fn create_job(&self, req: JobRequest) -> Option<Arc<Job>> {
        self.state.create_scenario_job(req)
    }

    pub fn job(&self, id: &str) -> Option<Arc<Job>> {
        self.state.jobs.get(id)
    }

    /// The request log, filtered.
    pub fn log(&self, q: &LogQuery) -> Vec<LogEntry> {
        self.state.log.entries(q)
    }
}

/// The simulator's router for `config` (see [`Sim`] for the seams tests use).
pub fn app(config: SimConfig) -> Router {
    Sim::new(config).router()
}
