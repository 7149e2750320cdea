//! Structured logs: one event per request with method, route template (never the raw path),
//! site, status, bytes relayed, duration and an outcome label — and nothing else. No header,
//! path, query, token, client address or upstream error text is ever logged.

use super::routes::{template, Route, Site};
use axum::http::Method;
use std::time::Instant;
use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// The tracing target of request events.
pub const TARGET: &str = "bulkwatch::proxy";

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line (for log shippers).
    Json,
}

/// The subscriber the binary installs; tests build the same one around a capturing writer.
pub fn subscriber<W>(
    format: LogFormat,
    filter: EnvFilter,
    writer: W,
    ansi: bool,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_target(true);
    match format {
        LogFormat::Text => Box::new(builder.with_ansi(ansi).finish()),
        LogFormat::Json => Box::new(
            builder
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .finish(),
        ),
    }
}

/// The outcome of a request that ended before anything else was noted: its client went away
/// (the HTTP server dropped the request's future or its body).
const CLIENT_GONE: &str = "client_gone";

/// The record of one request, written once when dropped (so a streamed body that fails or
/// whose client goes away still logs). A disarmed record writes nothing.
#[derive(Debug)]
pub struct RequestLog {
    armed: bool,
    method: &'static str,
    route: &'static str,
    site: Option<Site>,
    status: u16,
    bytes: u64,
    outcome: &'static str,
    started: Instant,
}

impl RequestLog {
    /// Starts the record of a request.
    pub fn start(method: &Method) -> Self {
        RequestLog::new(true, method_label(method))
    }

    /// A record that writes nothing (left behind when the armed one moves into a body).
    pub fn disarmed() -> Self {
        // Built directly: `..RequestLog::start(..)` would drop an armed temporary and log.
        RequestLog::new(false, "-")
    }

    fn new(armed: bool, method: &'static str) -> Self {
        RequestLog {
            armed,
            method,
            route: "-",
            site: None,
            status: 0,
            bytes: 0,
            outcome: CLIENT_GONE,
            started: Instant::now(),
        }
    }

    /// Takes the armed record out, leaving a disarmed one.
    pub fn take(&mut self) -> RequestLog {
        std::mem::replace(self, RequestLog::disarmed())
    }

    /// Notes the matched route (its template and site).
    pub fn set_route(&mut self, route: &Route) {
        self.route = template(route);
        self.site = Some(route.site());
    }

    /// Notes a template and site for requests that are not relay routes.
    pub fn set_label(&mut self, template: &'static str, site: Option<Site>) {
        self.route = template;
        self.site = site;
    }

    /// Notes the status sent to the client.
    pub fn set_status(&mut self, status: u16) {
        self.status = status;
    }

    /// Notes how the request ended.
    pub fn set_outcome(&mut self, outcome: &'static str) {
        self.outcome = outcome;
    }

    /// Notes how the request ended, unless a more precise outcome was already noted.
    pub fn set_outcome_if_unset(&mut self, outcome: &'static str) {
        if self.outcome == CLIENT_GONE {
            self.outcome = outcome;
        }
    }

    /// Adds relayed body bytes.
    pub fn add_bytes(&mut self, n: u64) {
        self.bytes = self.bytes.saturating_add(n);
    }
}

impl Drop for RequestLog {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let site = self.site.map(|s| s.to_string());
        let dc = site.as_deref().unwrap_or("-");
        let duration_ms = self.started.elapsed().as_millis() as u64;
        if self.status >= 500 || self.outcome.starts_with("upstream_") || self.outcome == "deadline"
        {
            tracing::warn!(target: TARGET, method = self.method, route = self.route, dc,
                status = self.status, bytes = self.bytes, duration_ms, outcome = self.outcome,
                "proxied request");
        } else {
            tracing::info!(target: TARGET, method = self.method, route = self.route, dc,
                status = self.status, bytes = self.bytes, duration_ms, outcome = self.outcome,
                "proxied request");
        }
    }
}

/// Standard methods by name; anything else (extension methods are arbitrary client text) as
/// `OTHER`.
fn method_label(m: &Method) -> &'static str {
    match m.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        "TRACE" => "TRACE",
        "CONNECT" => "CONNECT",
        _ => "OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_methods_are_not_echoed() {
        let m = Method::from_bytes(b"SECRETTOKEN").expect("method");
        assert_eq!(method_label(&m), "OTHER");
        assert_eq!(method_label(&Method::PATCH), "PATCH");
    }
}
