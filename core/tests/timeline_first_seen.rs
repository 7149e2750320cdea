//! A job whose first answer is already final: the timeline says "first seen already completed"
//! and gives its final counts, not "Status Completed" and "First records processed".

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::timeline::{EventKind, Observation, Timeline};

fn first_answer(status: JobStatus) -> Timeline {
    let mut tl = Timeline::new(&JobId::parse("111111000000541958").expect("id"));
    tl.observe(&Observation {
        sent_at_ms: 10_000,
        received_at_ms: 10_200,
        status,
        resources: Vec::new(),
        counts: Counts {
            added: 1980,
            updated: 0,
            skipped: 20,
            total: 2000,
        },
    });
    tl
}

#[test]
fn a_job_first_seen_final_is_said_so_with_its_final_counts_only() {
    for (status, word) in [
        (JobStatus::Completed, "completed"),
        (JobStatus::Failed, "failed"),
    ] {
        let tl = first_answer(status);
        let said: Vec<String> = tl.events.iter().map(|e| e.kind.describe()).collect();
        assert_eq!(said[0], format!("First seen already {word}"), "{said:?}");
        assert!(
            !tl.events
                .iter()
                .any(|e| matches!(e.kind, EventKind::FirstCounts { .. })),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("Finished with 2000 records")),
            "{said:?}"
        );
    }
}

#[test]
fn a_job_first_seen_running_still_gets_its_first_counts() {
    let tl = first_answer(JobStatus::InProgress);
    assert!(tl
        .events
        .iter()
        .any(|e| e.kind == EventKind::FirstCounts { processed: 2000 }));
    assert!(!tl.events[0].kind.describe().contains("already"));
}
