//! Events and a runner shared by the polling-policy tables (`poll_policy`, `poll_once`).
#![allow(dead_code)]

use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::poll::{Decision, FetchError, PollEvent, PollPolicy};

/// An answer at `t` with `processed` records added out of `total`.
pub fn observed(t: u64, status: &str, processed: u64, total: u64) -> PollEvent {
    PollEvent::Observed {
        now_ms: t,
        status: JobStatus::from_wire(status),
        counts: Counts {
            added: processed,
            updated: 0,
            skipped: 0,
            total,
        },
    }
}

/// An HTTP failure at `t`, with its `Retry-After` if any.
pub fn http(t: u64, status: u16, retry_after: Option<&str>) -> PollEvent {
    PollEvent::Failed {
        now_ms: t,
        error: FetchError::Http {
            status,
            retry_after: retry_after.map(str::to_string),
        },
    }
}

/// The decisions `p` gives for `events`, in order.
pub fn run(p: &mut PollPolicy, events: Vec<PollEvent>) -> Vec<Decision> {
    events.into_iter().map(|e| p.decide(e)).collect()
}
