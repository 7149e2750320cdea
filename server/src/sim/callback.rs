//! The job-end callback: when a job with a `callback` completes or fails, the simulator POSTs the
//! job's details JSON (the v8 shape; Zoho's docs say only that the job's details are posted, so
//! the exact payload is a documented choice) to the URL. Only loopback targets are allowed
//! unless `--callback-allow-any` is given, so the simulator cannot be used to reach other hosts.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use super::version::Version;
use serde::Serialize;
use url::{Host, Url};

use super::jobs::Job;
use super::shapes::{download_url, job_details, ShapeOpts};
use super::SimState;

/// How long one callback may take.
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);

/// One callback attempt, listed at `GET /__sim/callbacks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallbackRecord {
    pub job_id: String,
    pub url: String,
    /// Simulated ms when it was sent.
    pub sim_ms: u64,
    /// The target's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

/// Checks a callback URL: http(s), no userinfo, and a loopback host unless `allow_any`.
pub fn check_url(raw: &str, allow_any: bool) -> Result<Url, &'static str> {
    let url = Url::parse(raw).map_err(|_| "the callback url is not a valid URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the callback url must use http or https");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the callback url must not carry credentials");
    }
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    if loopback || allow_any {
        Ok(url)
    } else {
        Err("this simulator only calls back loopback addresses (see --callback-allow-any)")
    }
}

/// The client callbacks are sent with: short timeout, no redirects followed.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(CALLBACK_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// Waits (on the simulated clock) for the job to end, then sends its callback once.
pub fn schedule(state: Arc<SimState>, job: Arc<Job>) {
    let (Some(cb), Some(end)) = (job.callback.clone(), job.end_ms()) else {
        return;
    };
    tokio::spawn(async move {
        state.clock.sleep_until_sim(end).await;
        let now = state.clock.sim_ms();
        let snap = job.snapshot(now);
        let opts = ShapeOpts::new(&state.config, Version::V8);
        let body = job_details(&job, &snap, &opts, &download_url(&job, &state.config));
        let sent = state
            .http
            .post(&cb.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await;
        let (status, error) = match sent {
            Ok(resp) => (Some(resp.status().as_u16()), None),
            // Without the URL: reqwest's message may repeat it, and the record already has it.
            Err(e) => (None, Some(describe(&e))),
        };
        state.push_callback(CallbackRecord {
            job_id: job.id.clone(),
            url: cb.url.clone(),
            sim_ms: now,
            status,
            error,
        });
    });
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_by_default() {
        assert!(check_url("http://127.0.0.1:9/cb", false).is_ok());
        assert!(check_url("http://localhost/cb", false).is_ok());
        assert!(check_url("http://[::1]:80/cb", false).is_ok());
        assert!(check_url("http://169.254.169.254/latest", false).is_err());
        assert!(check_url("https://example.com/cb", false).is_err());
        assert!(check_url("https://example.com/cb", true).is_ok());
        assert!(check_url("ftp://127.0.0.1/", true).is_err());
        assert!(check_url("http://u:p@127.0.0.1/", false).is_err());
        assert!(check_url("not a url", true).is_err());
    }
}
