//! What a stored timeline says about a job's latest state: the status, counts and last change
//! the last answer showed, and when it arrived. Views that are built again (the watch list after
//! the job view) show it at once, marked as last known, until a fresh answer replaces it.

use crate::model::{Counts, JobStatus};
use crate::timeline::{EventKind, Timeline};

/// The job as last observed, read from its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastKnown {
    pub status: JobStatus,
    /// The counts of the last answer; for timelines stored before counts were kept, a finished
    /// job's final counts, else `None`.
    pub counts: Option<Counts>,
    /// Records processed in the last answer (always known).
    pub processed: u64,
    /// When the last answer arrived (ms since the epoch, browser clock).
    pub seen_at_ms: u64,
    /// The latest change on the timeline, in words ("Zoho started processing the file").
    pub last_change: Option<String>,
}

impl LastKnown {
    /// The last known state of the job in `timeline`; `None` when nothing was ever observed.
    pub fn of(timeline: &Timeline) -> Option<LastKnown> {
        let last = timeline.last.as_ref()?;
        let final_counts = || {
            timeline.events.iter().rev().find_map(|e| match e.kind {
                EventKind::FinalCounts {
                    added,
                    updated,
                    skipped,
                    total,
                } => Some(Counts {
                    added,
                    updated,
                    skipped,
                    total,
                }),
                _ => None,
            })
        };
        Some(LastKnown {
            status: JobStatus::from_wire(&last.status),
            counts: last.counts.or_else(final_counts),
            processed: last.processed,
            seen_at_ms: last.received_at_ms,
            last_change: timeline.events.last().map(|e| e.kind.describe()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::JobId;
    use crate::timeline::Observation;

    fn job() -> JobId {
        JobId::parse("111111000000541958").unwrap()
    }

    fn obs(status: JobStatus, sent: u64, counts: Counts) -> Observation {
        Observation {
            sent_at_ms: sent,
            received_at_ms: sent + 200,
            status,
            resources: Vec::new(),
            counts,
        }
    }

    const DONE: Counts = Counts {
        added: 90,
        updated: 5,
        skipped: 5,
        total: 100,
    };

    #[test]
    fn nothing_observed_means_nothing_known() {
        assert_eq!(LastKnown::of(&Timeline::new(&job())), None);
    }

    #[test]
    fn the_last_answer_survives_storage() {
        let mut tl = Timeline::new(&job());
        let half = Counts {
            added: 40,
            updated: 0,
            skipped: 10,
            total: 100,
        };
        tl.observe(&obs(JobStatus::Added, 1_000, Counts::default()));
        tl.observe(&obs(JobStatus::InProgress, 5_000, half));
        let stored = Timeline::from_json(&tl.to_json(), &job()).unwrap();
        let known = LastKnown::of(&stored).unwrap();
        assert_eq!(known.status, JobStatus::InProgress);
        assert_eq!(known.counts, Some(half));
        assert_eq!(known.processed, 50);
        assert_eq!(known.seen_at_ms, 5_200);
        assert_eq!(
            known.last_change.as_deref(),
            Some("Zoho began writing records (50 processed when first seen)")
        );

        tl.observe(&obs(JobStatus::Completed, 9_000, DONE));
        let known = LastKnown::of(&tl).unwrap();
        assert_eq!(known.status, JobStatus::Completed);
        assert_eq!(known.counts, Some(DONE));
        assert_eq!(known.seen_at_ms, 9_200);
    }

    #[test]
    fn older_stored_timelines_fall_back_to_the_final_counts() {
        let mut tl = Timeline::new(&job());
        tl.observe(&obs(JobStatus::Completed, 1_000, DONE));
        // As stored before `counts` was kept: the field is absent from the JSON.
        let json = tl.to_json().replace(
            r#","counts":{"added":90,"updated":5,"skipped":5,"total":100}"#,
            "",
        );
        assert!(!json.contains(r#""counts""#), "{json}");
        let stored = Timeline::from_json(&json, &job()).unwrap();
        assert_eq!(stored.last.as_ref().unwrap().counts, None);
        assert_eq!(LastKnown::of(&stored).unwrap().counts, Some(DONE));
        // Still running and no counts kept: only the processed number is known.
        let mut tl = Timeline::new(&job());
        tl.observe(&obs(JobStatus::InProgress, 1_000, DONE));
        tl.last.as_mut().unwrap().counts = None;
        let known = LastKnown::of(&tl).unwrap();
        assert_eq!((known.counts, known.processed), (None, 100));
    }
}
