//! The observed timeline of each job, kept in the page's store (localStorage) under the core's
//! key for its job id, so a reload keeps the history. Only the timeline is stored (statuses,
//! counts, times): never a token, never a URL.

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::timeline::Timeline;

use crate::env::Store;

/// The stored timeline of `job`, or a fresh one (nothing stored, unreadable, or another job's).
pub fn load_timeline(store: &dyn Store, job: &JobId) -> Timeline {
    store
        .get(&Timeline::storage_key(job))
        .and_then(|s| Timeline::from_json(&s, job))
        .unwrap_or_else(|| Timeline::new(job))
}

/// Stores `timeline` under its job's key.
pub fn save_timeline(store: &dyn Store, job: &JobId, timeline: &Timeline) {
    store.set(&Timeline::storage_key(job), &timeline.to_json());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MemoryStore;

    #[test]
    fn round_trip_and_foreign_job() {
        let store = MemoryStore::default();
        let job = JobId::parse("111").unwrap();
        let other = JobId::parse("222").unwrap();
        let mut tl = Timeline::new(&job);
        tl.set_created("2019-01-30T02:18:15-12:00");
        save_timeline(&store, &job, &tl);
        assert_eq!(load_timeline(&store, &job), tl);
        // Another job's key holds nothing: a fresh timeline.
        assert_eq!(load_timeline(&store, &other), Timeline::new(&other));
        // Garbage in storage is ignored, not trusted.
        store.set(&Timeline::storage_key(&job), "{not json");
        assert_eq!(load_timeline(&store, &job), Timeline::new(&job));
    }
}
