//! The polling policy: when to ask Zoho about a job next, as a pure state machine. Time comes in as
//! milliseconds on each event, randomness from an injected [`Jitter`], so every delay is testable.
//!
//! Pace: quick while `ADDED`; paced to observed progress while `INPROGRESS`; stopped at
//! `COMPLETED`/`FAILED`. When the row count is known and a rate measured, the next check steers
//! by the predicted finish: half the time left while far from it (never more than
//! [`PollConfig::progress_max_ms`], so a wrong estimate cannot hide completion for long), then,
//! within [`PollConfig::eta_landing_ms`] of it, just after it. Without an estimate, a steady
//! [`PollConfig::no_eta_first_ms`] while the counts move (completion shown within that gap),
//! slowing while nothing moves.
//! Errors: network, 408, 429 and 5xx retried with capped exponential backoff and full jitter, or
//! exactly `Retry-After` (clamped) when the server sent one; 401 waits for a token; any other error
//! stops. A per-job request budget pauses polling until the person resumes it.
//! With [`PollConfig::once`] (polling off) there is no pace at all: one request when watching
//! starts and one per "Check again", each answer ending in [`PauseReason::PollingOff`].
//!
//! Around it, [`driver::Driver`] applies the policy to one job: one request in flight, one timer,
//! the hidden page, the token, the shared group's lead. The widget's hook only carries out the
//! driver's effects.

use crate::clock::parse_imf_fixdate;
use crate::model::{Counts, JobStatus};
use crate::progress::{eta_target, Progress, Sample};

pub mod budget;
mod config;
pub mod driver;
mod events;
pub use config::{Jitter, PollConfig};
pub use driver::Driver;
pub use events::{Decision, FetchError, PauseReason, PollEvent, StopReason};

/// API credits one check costs: Zoho deducts 1 credit per API call except for the calls its
/// "API Limits" page lists at a higher cost (Convert Lead, Bulk Write's upload and create…); the
/// job-details `GET /crm/bulk/{version}/write/{job_id}` is not one of them. Credits come from the
/// org's rolling 24-hour budget (`shared/reference/zoho-bulk-write-api.md`, "Limits that shape
/// the design"), so what a page spends is what it takes from every other integration.
pub const CREDITS_PER_CHECK: u32 = 1;

/// API credits spent by `requests` checks.
pub fn credits_for(requests: u32) -> u32 {
    requests.saturating_mul(CREDITS_PER_CHECK)
}

/// Where the policy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Active,
    Stopped(StopReason),
    NeedsToken,
    Paused(PauseReason),
}

/// The policy's state for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct PollPolicy {
    config: PollConfig,
    jitter: Jitter,
    phase: Phase,
    requests: u32,
    window_requests: u32,
    consecutive_errors: u32,
    status: Option<JobStatus>,
    processed: Option<u64>,
    delay_ms: u64,
    not_before_ms: u64,
    progress: Progress,
    expected_total: Option<u64>,
    /// The first answer that showed the job running: the rate the policy steers by is measured
    /// from it, never across the queue (whose end is known only within a poll gap).
    running_since: Option<Sample>,
}

impl PollPolicy {
    /// A policy for one job.
    pub fn new(config: PollConfig, jitter: Jitter) -> PollPolicy {
        PollPolicy {
            config,
            jitter,
            phase: Phase::Active,
            requests: 0,
            window_requests: 0,
            consecutive_errors: 0,
            status: None,
            processed: None,
            delay_ms: 0,
            not_before_ms: 0,
            progress: Progress::new(),
            expected_total: None,
            running_since: None,
        }
    }

    /// The number of records the person expects (rows in the uploaded file), for the ETA.
    pub fn set_expected_total(&mut self, total: Option<u64>) {
        self.expected_total = total;
    }

    /// The shortest gap between checks from now on ([`PollConfig::floor_ms`]).
    pub fn set_floor_ms(&mut self, floor_ms: u64) {
        self.config.floor_ms = floor_ms;
    }

    /// Requests made for this job so far (each answer or failure is one): ≈ API credits spent.
    pub fn requests_made(&self) -> u32 {
        self.requests
    }

    /// The earliest time the next request may go (a `Retry-After` or the planned delay).
    pub fn not_before_ms(&self) -> u64 {
        self.not_before_ms
    }

    /// The observed progress (throughput, ETA, stall).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// A running job whose counts have not moved for much longer than their pace.
    pub fn is_stalled(&self, now_ms: u64) -> bool {
        self.status == Some(JobStatus::InProgress)
            && self.progress.is_stalled(now_ms, &self.config.stall)
    }

    /// Decides what to do after `event`.
    pub fn decide(&mut self, event: PollEvent) -> Decision {
        match event {
            PollEvent::Start { now_ms } | PollEvent::Visible { now_ms } => self.current(now_ms),
            PollEvent::Observed {
                now_ms,
                status,
                counts,
            } => {
                self.count_request();
                if self.phase != Phase::Active {
                    return self.current(now_ms);
                }
                self.on_observed(now_ms, status, counts)
            }
            PollEvent::Failed { now_ms, error } => {
                self.count_request();
                if self.phase != Phase::Active {
                    return self.current(now_ms);
                }
                self.on_error(now_ms, &error)
            }
            PollEvent::TokenProvided { now_ms } => {
                if self.phase == Phase::NeedsToken {
                    self.phase = Phase::Active;
                    self.not_before_ms = now_ms;
                }
                self.current(now_ms)
            }
            PollEvent::Superseded { now_ms } => {
                self.count_request();
                if self.phase == Phase::Active {
                    self.not_before_ms = now_ms;
                }
                self.current(now_ms)
            }
            PollEvent::Resume { now_ms } => {
                if let Phase::Paused(_) = self.phase {
                    self.phase = Phase::Active;
                    self.window_requests = 0;
                    self.consecutive_errors = 0;
                    self.not_before_ms = self.not_before_ms.min(now_ms);
                }
                self.current(now_ms)
            }
        }
    }

    /// Counts a request that was abandoned without an answer (the token was forgotten while it
    /// was out): it may have reached Zoho, so it spends the budget like any other.
    pub fn note_abandoned(&mut self) {
        self.count_request();
    }

    /// Backing off after errors (a `Retry-After` or a backoff delay is being waited out).
    pub fn in_backoff(&self) -> bool {
        self.consecutive_errors > 0
    }

    fn count_request(&mut self) {
        self.requests = self.requests.saturating_add(1);
        self.window_requests = self.window_requests.saturating_add(1);
    }

    /// The decision for the present phase, without new information. An active policy whose
    /// budget is spent (by abandoned or superseded requests) pauses rather than poll again.
    fn current(&mut self, now_ms: u64) -> Decision {
        if self.phase == Phase::Active
            && !self.config.once
            && self.window_requests >= self.config.budget
        {
            self.phase = Phase::Paused(PauseReason::BudgetSpent);
        }
        match self.phase {
            Phase::Active => Decision::PollIn(self.not_before_ms.saturating_sub(now_ms)),
            Phase::Stopped(r) => Decision::Stop(r),
            Phase::NeedsToken => Decision::WaitForToken,
            Phase::Paused(r) => Decision::Paused(r),
        }
    }

    /// Plans the next request in `delay` ms, unless polling is off or the budget is spent.
    fn schedule(&mut self, now_ms: u64, delay: u64) -> Decision {
        if self.config.once {
            self.phase = Phase::Paused(PauseReason::PollingOff);
        } else if self.window_requests >= self.config.budget {
            self.phase = Phase::Paused(PauseReason::BudgetSpent);
        } else {
            self.not_before_ms = now_ms.saturating_add(delay.max(self.config.floor_ms));
        }
        self.current(now_ms)
    }

    fn on_observed(&mut self, now_ms: u64, status: JobStatus, counts: Counts) -> Decision {
        self.consecutive_errors = 0;
        let processed = counts.processed();
        let status_changed = self.status.as_ref() != Some(&status);
        let counts_changed = self.processed != Some(processed);
        self.progress.record(now_ms, processed);
        if status_changed {
            self.progress.note_change(now_ms);
        }
        self.processed = Some(processed);
        self.status = Some(status.clone());
        if status == JobStatus::InProgress
            && self.running_since.is_none_or(|s| s.processed > processed)
        {
            self.running_since = Some(Sample {
                at_ms: now_ms,
                processed,
            });
        }
        let c = &self.config;
        let delay = match status {
            JobStatus::Completed => return self.stop(StopReason::Completed),
            JobStatus::Failed => return self.stop(StopReason::Failed),
            JobStatus::Added if status_changed => c.added_first_ms,
            JobStatus::Added => grow(
                self.delay_ms,
                c.added_growth,
                c.added_first_ms,
                c.added_max_ms,
            ),
            JobStatus::InProgress | JobStatus::Unknown(_) => {
                self.progress_delay(now_ms, status_changed, counts_changed, counts.total)
            }
        };
        self.delay_ms = delay;
        self.schedule(now_ms, delay)
    }

    /// The pace while running: steered by the predicted finish, or slowing while nothing moves.
    fn progress_delay(&self, now_ms: u64, status_changed: bool, moved: bool, total: u64) -> u64 {
        let c = &self.config;
        if self.is_stalled(now_ms) {
            return c.progress_max_ms;
        }
        let processed = self.processed.unwrap_or(0);
        let target = eta_target(self.expected_total, total, processed);
        let eta = target.and_then(|target| self.steering_eta(now_ms, target, processed));
        let beyond = target.is_some_and(|t| processed > t);
        match eta {
            Some(eta) if eta > 0 => steer_by_eta(c, eta),
            // Due now by the estimate but not finished: check again soon, then slow down.
            Some(_) if !beyond && (status_changed || moved) => c.progress_min_ms,
            Some(_) if !beyond => grow(
                self.delay_ms,
                c.no_eta_growth,
                c.progress_min_ms,
                c.no_eta_max_ms,
            ),
            // Past the expected row count and still counting: the estimate is spent, so the
            // job is paced as one without an estimate.
            _ if status_changed => c.no_eta_first_ms,
            _ if moved => self
                .delay_ms
                .clamp(c.no_eta_first_ms, c.no_eta_max_ms.max(c.no_eta_first_ms)),
            _ => grow(
                self.delay_ms,
                c.no_eta_growth,
                c.no_eta_first_ms,
                c.no_eta_max_ms,
            ),
        }
    }

    /// Time left until `target`, at the rate measured since the job was first seen running;
    /// `Some(0)` once reached; `None` until the count has moved while running.
    fn steering_eta(&self, now_ms: u64, target: u64, processed: u64) -> Option<u64> {
        let remaining = target.saturating_sub(processed);
        if remaining == 0 {
            return Some(0);
        }
        let since = self.running_since?;
        let dt = now_ms.checked_sub(since.at_ms).filter(|dt| *dt > 0)?;
        let dp = processed
            .checked_sub(since.processed)
            .filter(|dp| *dp > 0)?;
        let ms = u128::from(remaining) * u128::from(dt) / u128::from(dp);
        Some(u64::try_from(ms).unwrap_or(u64::MAX))
    }

    fn on_error(&mut self, now_ms: u64, error: &FetchError) -> Decision {
        if !error.is_retryable() {
            return match error {
                FetchError::Http { status: 401, .. } => {
                    self.phase = Phase::NeedsToken;
                    Decision::WaitForToken
                }
                FetchError::Http { status, .. } => self.stop(StopReason::Refused {
                    http_status: *status,
                }),
                _ => self.stop(StopReason::Undecodable),
            };
        }
        self.consecutive_errors = self.consecutive_errors.saturating_add(1);
        if self.consecutive_errors > self.config.max_consecutive_errors {
            self.phase = Phase::Paused(PauseReason::ErrorsPersist);
            return self.current(now_ms);
        }
        let retry_after = match error {
            FetchError::Http {
                retry_after: Some(value),
                ..
            } => parse_retry_after(value, now_ms),
            _ => None,
        };
        let c = &self.config;
        let delay = match retry_after {
            Some(ms) => ms.clamp(
                c.retry_after_min_ms,
                c.retry_after_max_ms.max(c.retry_after_min_ms),
            ),
            None => {
                let ceiling =
                    backoff_ceiling(c.backoff_base_ms, c.backoff_cap_ms, self.consecutive_errors);
                (self.jitter.sample() * ceiling as f64) as u64
            }
        };
        self.schedule(now_ms, delay)
    }

    fn stop(&mut self, reason: StopReason) -> Decision {
        self.phase = Phase::Stopped(reason);
        Decision::Stop(reason)
    }
}

/// The next check for a job predicted to finish in `eta_ms`: a fraction of the time left while
/// far from it, just after it once near, always within `[progress_min_ms, progress_max_ms]`.
fn steer_by_eta(c: &PollConfig, eta_ms: u64) -> u64 {
    let delay = if eta_ms <= c.eta_landing_ms {
        eta_ms.saturating_add(c.eta_slack_ms)
    } else {
        (eta_ms as f64 * c.eta_fraction) as u64
    };
    delay.clamp(c.progress_min_ms, c.progress_max_ms.max(c.progress_min_ms))
}

/// `min(cap, base · 2^(attempt−1))` for attempt ≥ 1: the upper bound of a full-jitter backoff.
pub fn backoff_ceiling(base_ms: u64, cap_ms: u64, attempt: u32) -> u64 {
    let shift = attempt.saturating_sub(1).min(40);
    base_ms.saturating_mul(1u64 << shift).min(cap_ms)
}

/// The previous delay times `factor`, kept within `[first, max]`.
fn grow(prev: u64, factor: f64, first: u64, max: u64) -> u64 {
    if prev == 0 {
        return first.min(max);
    }
    ((prev as f64 * factor) as u64).clamp(first.min(max), max)
}

/// Reads a `Retry-After` value into a delay from `now_ms`: delta seconds (`120`) or an
/// IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`; a past date is 0). `None` when unreadable.
/// The caller clamps the result.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Longer than any sane delay: saturate rather than fail.
        let secs: u64 = v.parse().unwrap_or(u64::MAX);
        return Some(secs.saturating_mul(1000));
    }
    parse_imf_fixdate(v).map(|at| at.saturating_sub(now_ms))
}
