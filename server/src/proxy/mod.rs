//! `bulkwatch proxy`: a hardened CORS proxy in front of Zoho CRM's Bulk Write API, for portals
//! whose Zoho tokens cannot be used from a browser directly. It relays exactly two kinds of
//! GET (job details and the result file) to an exact allowlist of Zoho hosts chosen by a data
//! centre in the path, and refuses everything else before any connection is made. The rules
//! it follows are in `shared/reference/security.md` ("The proxy"); `deploy/PROXY.md` is the
//! operator's guide and holds the backend-for-frontend design.
//!
//! [`app`] builds the router (tests drive it with `oneshot`); [`serve`] runs it on a listener;
//! [`run`] is the subcommand.

pub mod bff;
mod body;
pub mod config;
mod cors;
mod error;
mod forward;
mod headers;
pub mod limits;
pub mod logging;
mod relay;
pub mod routes;
mod serve;
pub mod settings;
pub mod upstream;

pub use config::{ConfigError, ProxyConfig};
pub use error::ProxyError;
pub use headers::REQUIRED_HEADER;
pub use limits::RateClock;
pub use serve::{serve_router, shutdown_signal, ServeOptions};
pub use settings::{Args, Settings};

use axum::http::header::{
    HeaderValue, AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, COOKIE, PROXY_AUTHORIZATION,
    SET_COOKIE,
};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use cors::Origins;
use forward::AppState;
use std::future::Future;
use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::sensitive_headers::{
    SetSensitiveRequestHeadersLayer, SetSensitiveResponseHeadersLayer,
};
use tracing_subscriber::EnvFilter;
use upstream::{build_client, ClientTimeouts, Upstreams};

/// The proxy's router, with the real rate-limit clock.
///
/// # Panics
/// If the TLS client cannot be built (no usable TLS backend); [`try_app`] reports it instead.
pub fn app(config: ProxyConfig) -> Router {
    app_with_clock(config, RateClock::real())
}

/// The proxy's router with a given rate-limit clock (tests use [`RateClock::manual`]).
///
/// # Panics
/// As [`app`].
pub fn app_with_clock(config: ProxyConfig, clock: RateClock) -> Router {
    match try_app(config, clock) {
        Ok(router) => router,
        Err(e) => panic!("bulkwatch proxy: cannot build the upstream HTTP client: {e}"),
    }
}

/// The proxy's router, or why the upstream client could not be built.
pub fn try_app(config: ProxyConfig, clock: RateClock) -> Result<Router, reqwest::Error> {
    let timeouts = config.timeouts;
    let client = build_client(
        ClientTimeouts {
            connect: timeouts.connect,
            total: timeouts.total,
        },
        !config.test_upstreams.is_empty(),
    )?;
    let limits = config.limits;
    let state = Arc::new(AppState {
        prefix: config.path_prefix,
        origins: Origins::new(config.allowed_origins),
        client_address: config.client_address,
        limits: limits::Limits::new(
            limits.per_client,
            limits.per_token,
            limits.max_concurrent_upstream,
            clock.clone(),
        )
        .with_downloads_per_client(limits.max_downloads_per_client),
        caps: limits,
        timeouts,
        upstreams: Upstreams::new(config.test_upstreams)
            .with_extra_hosts(config.extra_download_hosts),
        client,
        bff: config.bff.map(|cfg| bff::Bff {
            sessions: bff::session::Sessions::new(&cfg, clock.clone(), bff::store_for(&cfg)),
            sign_in_rate: limits::ClientRate::new(cfg.sign_in_rate, clock.clone()),
            session_rate: limits::ClientRate::new(cfg.session_rate, clock.clone()),
            cfg,
        }),
    });
    Ok(Router::new()
        .route("/healthz", get(healthz))
        .fallback(forward::handle)
        .with_state(state)
        .layer(SetSensitiveResponseHeadersLayer::new([SET_COOKIE]))
        .layer(SetSensitiveRequestHeadersLayer::new([
            AUTHORIZATION,
            PROXY_AUTHORIZATION,
            COOKIE,
        ])))
}

async fn healthz() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        r#"{"status":"ok"}"#,
    )
}

/// Serves the proxy for `config` on `listener` until `shutdown` resolves.
pub async fn serve(listener: TcpListener, config: ProxyConfig, shutdown: impl Future<Output = ()>) {
    let opts = serve_options(&config);
    serve_router(listener, app(config), opts, shutdown).await;
}

fn serve_options(config: &ProxyConfig) -> ServeOptions {
    let t = config.timeouts;
    ServeOptions {
        max_connections: config.limits.max_connections,
        header_read_timeout: t.header_read,
        drain_timeout: t.total + Duration::from_secs(1),
    }
}

/// Reads the file (if any), then the environment and flags over it, and validates. Test
/// upstreams come only from flags, and only for a configuration that is local (see
/// [`ProxyConfig::is_local_only`]): in production mode the proxy refuses to start with them,
/// and `--check` says so.
pub fn load(args: &Args) -> Result<ProxyConfig, ConfigError> {
    let retired: Vec<String> = settings::RETIRED_TEST_ENV
        .iter()
        .filter(|name| std::env::var_os(name).is_some())
        .map(|name| {
            format!(
                "{name} is set: test upstreams can no longer be enabled from the environment \
                 (only by the --allow-test-upstreams and --test-upstream flags); unset it"
            )
        })
        .collect();
    if !retired.is_empty() {
        return Err(ConfigError::Invalid(retired));
    }
    let file = match &args.config {
        Some(path) => Settings::from_file(path)?,
        None => Settings::default(),
    };
    let config = file.overlay(args.to_settings()?).validate()?;
    if !config.test_upstreams().is_empty() && !config.is_local_only() {
        return Err(ConfigError::Invalid(vec![
            "test upstreams are refused in production mode: they need a loopback listen \
             address and loopback allowed_origins only (and a loopback bff.redirect_uri)"
                .to_owned(),
        ]));
    }
    Ok(config)
}

/// `bulkwatch proxy`: exit 0 after a clean shutdown, 2 on a configuration error, 1 when the
/// proxy cannot start.
pub fn run(args: Args) -> ExitCode {
    let config = match load(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bulkwatch proxy: {e}");
            return ExitCode::from(2);
        }
    };
    if args.check {
        // A closed stdout (`| head`) is not worth a panic.
        let _ = writeln!(
            std::io::stdout(),
            "configuration OK\nmode: {}\n{config:#?}",
            config.mode()
        );
        return ExitCode::SUCCESS;
    }
    let (format, level) = config.log();
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let subscriber = logging::subscriber(format, filter, std::io::stderr, ansi);
    if tracing::subscriber::set_global_default(subscriber).is_err() {
        eprintln!("bulkwatch proxy: a logger was already installed");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bulkwatch proxy: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let listen = config.listen();
        let listener = match TcpListener::bind(listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("bulkwatch proxy: cannot listen on {listen}: {e}");
                return ExitCode::from(1);
            }
        };
        let opts = serve_options(&config);
        if !config.test_upstreams().is_empty() {
            tracing::warn!(target: logging::TARGET, sites = config.test_upstreams().len(),
                "TEST UPSTREAMS ENABLED: some sites go to loopback servers, not Zoho");
        }
        let router = match try_app(config.clone(), RateClock::real()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("bulkwatch proxy: cannot build the upstream HTTP client: {e}");
                return ExitCode::from(1);
            }
        };
        // The bound address, so `--listen 127.0.0.1:0` says which port it got.
        let bound = listener
            .local_addr()
            .map_or_else(|_| listen.to_string(), |a| a.to_string());
        tracing::info!(target: logging::TARGET, listen = %bound, origins = config.allowed_origins().len(),
            prefix = config.path_prefix(), "proxy listening");
        serve_router(listener, router, opts, shutdown_signal()).await;
        ExitCode::SUCCESS
    })
}
