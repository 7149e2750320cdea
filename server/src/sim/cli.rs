//! The `bulkwatch simulate` command line: flags → [`SimConfig`], then serve until Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;

use super::config::{
    parse_mandatory, parse_rate_limit, parse_startup_job, Budgets, ClockMode, DownloadForm,
    SimConfig, TokenSpec,
};
use super::host::{self, AllowedHosts};
use super::{demo, Sim};

/// Flags of `bulkwatch simulate` (boxed, so the binary's command enum stays small).
#[derive(clap::Args, Debug)]
#[command(after_help = super::version::CHOICES_HELP)]
pub struct Args {
    #[command(flatten)]
    pub options: Box<Options>,
}

/// The flags themselves.
#[derive(clap::Args, Debug)]
pub struct Options {
    /// Address to listen on (loopback unless you mean otherwise; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: String,
    /// Another name this server answers for, `NAME` or `NAME:PORT` (repeatable). Requests
    /// whose `Host` is not the bound address, a loopback name for it, the public origin's host
    /// or one of these are refused (421), so a DNS-rebinding page cannot read the simulator.
    #[arg(long = "allow-host", value_name = "NAME[:PORT]")]
    pub allow_hosts: Vec<String>,
    /// Public origin of this server, used in absolute links and printed URLs
    /// [default: http://127.0.0.1:<port>].
    #[arg(long)]
    pub public_origin: Option<String>,
    /// Origin of absolute result links, e.g. https://download-accl.zoho.com [default: the public origin].
    #[arg(long)]
    pub download_base: Option<String>,
    /// Link form for jobs created through Zoho's create route: absolute | relative.
    #[arg(long, default_value = "absolute")]
    pub download_form: String,
    /// Result links stay valid this many simulated seconds after completion.
    #[arg(long, default_value_t = 7 * 24 * 3600)]
    pub link_ttl_secs: u64,
    /// Refuse result downloads without an Authorization header (a sent one is always checked).
    #[arg(long)]
    pub download_requires_token: bool,
    /// Accepted token, as TOKEN[:scope,scope,!mark] (repeatable). Default scopes:
    /// ZohoCRM.bulk.ALL and ZohoFiles.files.ALL. Marks: !no-permission, !authorization-failed,
    /// !authentication-failure, !expired. Without any token (and without --demo), the token
    /// `sim-token` is accepted.
    #[arg(long = "token", value_name = "TOKEN[:SCOPES]")]
    pub tokens: Vec<String>,
    /// Create a scenario job at start, as NAME=JOB_ID (repeatable; see GET /__sim/scenarios).
    #[arg(long = "scenario", value_name = "NAME=JOB_ID")]
    pub scenarios: Vec<String>,
    /// Seed for ids, row outcomes and errors [default: random, printed at start].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run the simulated clock this many times faster than real time.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Freeze the clock; it moves only with POST /__sim/clock/advance {"ms": N}.
    #[arg(long)]
    pub manual_clock: bool,
    /// Job status spelling on the wire: "INPROGRESS" (real answers) or "IN PROGRESS" (docs).
    #[arg(long, default_value = "INPROGRESS")]
    pub in_progress_spelling: String,
    /// In v2 answers, send the job id as a JSON number (as v2-era SDKs read it).
    #[arg(long)]
    pub v2_numeric_id: bool,
    /// Origin allowed to call from a browser (repeatable; exact match, never *).
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// Requests a token may have in flight at once.
    #[arg(long, default_value_t = 10)]
    pub max_concurrent: usize,
    /// Requests a token may make per window, as COUNT/SECONDS.
    #[arg(long, default_value = "600/60")]
    pub rate_limit: String,
    /// Zoho org id (digits) used in ids, upload checks and download paths.
    #[arg(long, default_value = "7391452")]
    pub org: String,
    /// The org's time zone as a UTC offset (-12:00, +05:30, +00:00 …): created_time carries it,
    /// as Zoho writes times in the org's zone.
    #[arg(long, default_value = "+00:00", allow_hyphen_values = true)]
    pub org_utc_offset: String,
    /// Error bodies leave out "status": "error" (Zoho's documented shape has it; some answers
    /// do not). The code, message and details stay.
    #[arg(long)]
    pub errors_without_status: bool,
    /// Rows per simulated second for jobs created through Zoho's create route.
    #[arg(long, default_value_t = 50)]
    pub rows_per_sec: u64,
    /// Simulated seconds a created job stays ADDED.
    #[arg(long, default_value_t = 3)]
    pub queue_secs: u64,
    /// Percent of find_by values that match an existing record on update/upsert.
    #[arg(long, default_value_t = 80)]
    pub existing_pct: u8,
    /// Mandatory fields of a module, as MODULE=Field,Field (repeatable; overrides the defaults).
    #[arg(long = "mandatory", value_name = "MODULE=FIELDS")]
    pub mandatory: Vec<String>,
    /// Accept a bare CSV upload (Zoho takes only zips and answers INVALID_FILE_FORMAT).
    #[arg(long)]
    pub accept_plain_csv: bool,
    /// Allow job callbacks to any http(s) host, not only loopback.
    #[arg(long)]
    pub callback_allow_any: bool,
    /// Serve the built site (index.html, pkg/, static/) from this directory at /.
    #[arg(long)]
    pub static_dir: Option<PathBuf>,
    /// Demo mode: token `demo-token`, one job of each main scenario, links printed.
    #[arg(long)]
    pub demo: bool,
    /// Register a client of the accounts server (`GET /oauth/v2/auth`), as ID=REDIRECT_URI
    /// (repeatable; a path such as `/` is resolved against the public origin).
    #[arg(long = "oauth-client", value_name = "ID=REDIRECT_URI")]
    pub oauth_clients: Vec<String>,
    /// Register a server-based client (the authorization-code grant of the proxy's
    /// backend-for-frontend mode), as ID=REDIRECT_URI; needs --oauth-client-secret-file.
    #[arg(long = "oauth-server-client", value_name = "ID=REDIRECT_URI")]
    pub oauth_server_clients: Vec<String>,
    /// A file holding only the server-based clients' secret (the file the proxy reads too).
    #[arg(long, value_name = "FILE")]
    pub oauth_client_secret_file: Option<PathBuf>,
}

impl Args {
    /// The configuration these flags describe (`public_origin` still needs the bound port).
    pub fn to_config(&self) -> Result<SimConfig, String> {
        self.options.to_config()
    }
}

impl Options {
    /// The configuration these flags describe (`public_origin` still needs the bound port).
    pub fn to_config(&self) -> Result<SimConfig, String> {
        let mut config = SimConfig {
            seed: self.seed.unwrap_or_else(random_seed),
            ..SimConfig::default()
        };
        for t in &self.tokens {
            config.tokens.push(TokenSpec::parse(t)?);
        }
        if config.tokens.is_empty() && !self.demo {
            config.tokens.push(TokenSpec::new("sim-token"));
        }
        for s in &self.scenarios {
            config.startup_jobs.push(parse_startup_job(s)?);
        }
        if !(self.speed.is_finite() && self.speed > 0.0) {
            return Err("--speed must be a positive number".into());
        }
        config.clock = if self.manual_clock {
            ClockMode::Manual { speed: self.speed }
        } else {
            ClockMode::Real { speed: self.speed }
        };
        config.in_progress_spelling = match self.in_progress_spelling.as_str() {
            s @ ("INPROGRESS" | "IN PROGRESS") => s.to_string(),
            other => return Err(format!("--in-progress-spelling: unknown '{other}'")),
        };
        config.download_form = DownloadForm::parse(&self.download_form)
            .ok_or("--download-form must be absolute or relative")?;
        for o in &self.allow_origins {
            if o.trim() == "*" {
                return Err("--allow-origin takes exact origins, never *".into());
            }
            config
                .allow_origins
                .push(o.trim().trim_end_matches('/').to_string());
        }
        let (rate_limit, rate_window_ms) = parse_rate_limit(&self.rate_limit)?;
        config.budgets = Budgets {
            max_concurrent: self.max_concurrent.max(1),
            rate_limit,
            rate_window_ms,
            ..Budgets::default()
        };
        if self.org.is_empty()
            || self.org.len() > 12
            || !self.org.bytes().all(|b| b.is_ascii_digit())
        {
            return Err("--org must be 1–12 digits".into());
        }
        config.org_id = self.org.clone();
        config.utc_offset_minutes = super::clock::parse_utc_offset(&self.org_utc_offset)
            .map_err(|e| format!("--org-utc-offset: {e}"))?;
        config.errors_without_status = self.errors_without_status;
        for m in &self.mandatory {
            let (module, fields) = parse_mandatory(m)?;
            config.mandatory.insert(module, fields);
        }
        if self.existing_pct > 100 {
            return Err("--existing-pct is a percentage (0–100)".into());
        }
        config.public_origin = self.public_origin.clone().unwrap_or_default();
        config.download_base = self.download_base.clone();
        config.link_ttl_secs = self.link_ttl_secs;
        config.download_requires_token = self.download_requires_token;
        config.v2_numeric_id = self.v2_numeric_id;
        config.rows_per_sec = self.rows_per_sec.max(1);
        config.queue_secs = self.queue_secs;
        config.existing_pct = self.existing_pct;
        config.accept_plain_csv = self.accept_plain_csv;
        config.callback_allow_any = self.callback_allow_any;
        config.static_dir = self.static_dir.clone();
        config.demo = self.demo;
        let mut clients = self
            .oauth_clients
            .iter()
            .map(|c| super::accounts::OAuthClient::parse(c))
            .collect::<Result<Vec<_>, _>>()?;
        if !self.oauth_server_clients.is_empty() {
            let path = self.oauth_client_secret_file.as_ref().ok_or(
                "--oauth-server-client needs --oauth-client-secret-file (a file holding only the secret)",
            )?;
            let secret = std::fs::read_to_string(path).map_err(|e| {
                format!(
                    "--oauth-client-secret-file {}: cannot read it: {e}",
                    path.display()
                )
            })?;
            for spec in &self.oauth_server_clients {
                clients.push(super::accounts::OAuthClient::parse_server(spec, &secret)?);
            }
        }
        let (accounts, issued) = super::accounts::Accounts::with_clients(clients);
        config.accounts = accounts;
        config.tokens.extend(issued);
        Ok(config)
    }
}

fn random_seed() -> u64 {
    use rand::Rng;
    rand::thread_rng().gen()
}

/// Runs the simulator until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .try_init();
    let args = *args.options;
    let mut config = match args.to_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bulkwatch simulate: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bulkwatch simulate: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(&args.listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("bulkwatch simulate: cannot listen on {}: {e}", args.listen);
                return ExitCode::FAILURE;
            }
        };
        let local = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("bulkwatch simulate: {e}");
                return ExitCode::FAILURE;
            }
        };
        if config.public_origin.is_empty() {
            let host = if local.ip().is_unspecified() {
                "127.0.0.1".to_string()
            } else {
                local.ip().to_string()
            };
            config.public_origin = if local.is_ipv6() && !local.ip().is_unspecified() {
                format!("http://[{host}]:{}", local.port())
            } else {
                format!("http://{host}:{}", local.port())
            };
        }
        let allowed = match AllowedHosts::new(local, &config.public_origin, &args.allow_hosts) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("bulkwatch simulate: {e}");
                return ExitCode::from(2);
            }
        };
        let seed = config.seed;
        let sim = Sim::new(config);
        let state = sim.state();
        println!(
            "bulkwatch simulate: listening on {}",
            state.config.public_origin
        );
        println!("seed: {seed} (pass --seed {seed} to replay the same ids, counts and errors)");
        if let Some(info) = state.demo.get() {
            for line in demo::banner(info) {
                println!("{line}");
            }
        } else {
            let names: Vec<&str> = state
                .config
                .tokens
                .iter()
                .map(|t| t.token.as_str())
                .collect();
            if names == ["sim-token"] {
                println!("token: sim-token (no --token given)");
            }
            for job in state.jobs.all() {
                let name = job.scenario.map(|k| k.name()).unwrap_or("uploaded");
                println!(
                    "job: {name} {} {}",
                    job.id,
                    state.deep_link(&job.id, job.version)
                );
            }
        }
        let served = axum::serve(listener, host::guard(sim.router(), allowed))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await;
        match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bulkwatch simulate: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
