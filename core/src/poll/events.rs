//! What the policy is told (a poll's outcome, as [`PollEvent`]s and [`FetchError`]s) and what it
//! answers ([`Decision`], with why polling stopped or paused).

use crate::error::BwError;
use crate::model::{Counts, JobStatus};

/// How a request failed, as the hook saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, DNS, CORS, connection reset.
    Network,
    /// No answer in time (the hook's own timeout).
    Timeout,
    /// An HTTP error status (for a 200 carrying a Zoho error body, the hook passes the status of
    /// that code in the catalogue), with the raw `Retry-After` header if any.
    Http {
        status: u16,
        retry_after: Option<String>,
    },
    /// A body that is not a job and not a Zoho error.
    Undecodable,
}

impl FetchError {
    /// The policy's view of a failed poll: a token problem is a 401 whatever the status; a Zoho
    /// error body under a 2xx counts by its code's documented status (`TOO_MANY_REQUESTS` → 429);
    /// answers that are not understood are [`FetchError::Undecodable`]. `retry_after` is the
    /// answer's raw `Retry-After` header. (Do not feed `BwError::Aborted`: an aborted request
    /// belongs to an old job.)
    pub fn from_error(err: &BwError, retry_after: Option<&str>) -> FetchError {
        let http = |status: u16| FetchError::Http {
            status,
            retry_after: retry_after.map(str::to_string),
        };
        if err.needs_token() {
            return http(401);
        }
        match err {
            BwError::Network { .. } | BwError::Aborted => FetchError::Network,
            BwError::ZohoErrorIn2xx(z) => match z.code.entry() {
                Some(entry) => http(entry.http_status),
                None => FetchError::Undecodable,
            },
            _ => err.http_status().map_or(FetchError::Undecodable, http),
        }
    }

    /// Worth retrying: network errors, timeouts, 408, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Network | FetchError::Timeout => true,
            FetchError::Http { status, .. } => matches!(status, 408 | 429 | 500..=599),
            FetchError::Undecodable => false,
        }
    }
}

/// What happened, fed to [`PollPolicy::decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollEvent {
    /// Watching starts (the first request is due at once).
    Start { now_ms: u64 },
    /// A job-details answer.
    Observed {
        now_ms: u64,
        status: JobStatus,
        counts: Counts,
    },
    /// A failed request.
    Failed { now_ms: u64, error: FetchError },
    /// The person entered a token (after a 401, or a new one).
    TokenProvided { now_ms: u64 },
    /// The person pressed "Resume" after a pause.
    Resume { now_ms: u64 },
    /// The page became visible again.
    Visible { now_ms: u64 },
    /// A refusal of a token that was replaced while the request was out: the request counts,
    /// and the next one goes at once (with the new token) unless the budget is spent.
    Superseded { now_ms: u64 },
}

/// What the hook should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send the next request after this many milliseconds.
    PollIn(u64),
    /// Never poll this job again.
    Stop(StopReason),
    /// Ask for a token; poll once one is given.
    WaitForToken,
    /// Show "Resume"; poll once pressed.
    Paused(PauseReason),
}

/// Why polling stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    Completed,
    Failed,
    /// A non-retryable HTTP error (403, 404, 400…).
    Refused {
        http_status: u16,
    },
    Undecodable,
}

/// Why polling is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// The per-job request budget is spent.
    BudgetSpent,
    /// Too many retryable errors in a row.
    ErrorsPersist,
    /// Polling is off ([`PollConfig::once`]): the answer stays as it is until the person asks
    /// again. Not a problem to resume from, so views word it apart from the others.
    PollingOff,
}
