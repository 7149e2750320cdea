//! The observed timeline of each job, kept in the page's store (localStorage) under its job id
//! so a reload keeps the history. Only the timeline is stored: never a token, never a URL.

use crate::env::Store;
use crate::ui::pending::endpoint::JobId;
use crate::ui::pending::timeline::Timeline;

/// The storage key of a job's timeline.
pub fn timeline_key(job: &JobId) -> String {
    format!("bulkwatch.timeline.{}", job.as_str())
}

/// The stored timeline of `job`, or an empty one (nothing stored, or unreadable).
pub fn load_timeline(store: &dyn Store, job: &JobId) -> Timeline {
    store
        .get(&timeline_key(job))
        .and_then(|s| Timeline::from_storage(&s))
        .unwrap_or_default()
}

/// Stores `timeline` for `job`.
pub fn save_timeline(store: &dyn Store, job: &JobId, timeline: &Timeline) {
    store.set(&timeline_key(job), &timeline.to_storage());
}
