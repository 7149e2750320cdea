//! What an embedding host hears from the widget — a job's status or counts changed, the job
//! finished, something failed — as plain types and callbacks. This is the contract between the
//! views that produce events (`ui`) and the hosts that consume them (`component`, `embed`, the
//! standalone page), so it depends on neither.

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::BwError;
use yew::Callback;

/// The watched job's status or counts changed (also the first time they are known).
#[derive(Debug, Clone, PartialEq)]
pub struct JobChange {
    pub job_id: JobId,
    pub status: JobStatus,
    /// The status seen before this change, if any (equal to `status` when only counts moved).
    pub previous: Option<JobStatus>,
    pub counts: Counts,
}

/// A failure the widget shows: a request error, or a host setting it cannot use.
#[derive(Debug, Clone, PartialEq)]
pub struct JobProblem {
    /// The job it concerns (`None` for a setting that names no usable job).
    pub job_id: Option<JobId>,
    pub error: BwError,
}

/// The callbacks a host gives.
#[derive(Clone, PartialEq, Default)]
pub struct EventCallbacks {
    pub on_change: Callback<JobChange>,
    /// The job reached COMPLETED or FAILED (once per job).
    pub on_complete: Callback<JobChange>,
    pub on_error: Callback<JobProblem>,
    /// The status shown changed, including to `None` when a new job or location starts and
    /// nothing is known yet (what the host element reflects as its `status` attribute).
    pub on_status: Callback<Option<JobStatus>>,
}
