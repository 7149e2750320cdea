//! Timeline entries read as plain sentences with their honest bound in the middle ("Zoho started
//! processing the file between 10:42:05 and 10:42:35."), never as "Status In progress" or
//! "Added → In progress"; a job first seen finished says so.

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::model::{Counts, JobStatus, ResourceStatus};
use bulkwatch_core::timeline::{Observation, Timeline};

/// 2023-11-14 22:13:20 UTC: the bounds below read in UTC (offset 0).
const T: u64 = 1_700_000_000_000;

fn obs(sent: u64, status: JobStatus, processed: u64) -> Observation {
    Observation {
        sent_at_ms: T + sent,
        received_at_ms: T + sent + 500,
        status,
        resources: Vec::new(),
        counts: Counts {
            added: processed,
            updated: 0,
            skipped: 0,
            total: processed,
        },
    }
}

fn sentences(tl: &Timeline) -> Vec<String> {
    tl.events.iter().map(|e| e.sentence(0, T).text()).collect()
}

#[test]
fn a_watched_job_reads_as_sentences_with_its_bounds() {
    let mut tl = Timeline::new(&JobId::parse("111111000000541958").expect("id"));
    tl.set_created("2023-11-14T22:13:20+00:00");
    tl.observe(&obs(0, JobStatus::Added, 0));
    tl.observe(&obs(30_000, JobStatus::InProgress, 0));
    tl.observe(&obs(60_000, JobStatus::InProgress, 1980));
    tl.observe(&obs(90_000, JobStatus::Completed, 2000));
    assert_eq!(
        sentences(&tl),
        [
            "The job was created at 22:13:20.",
            "Zoho started processing the file between 22:13:20 and 22:13:50.",
            "Zoho began writing records between 22:13:50 and 22:14:20 (1980 processed when first seen).",
            "Zoho completed the job between 22:14:20 and 22:14:50.",
            "It ended with 2000 records: 2000 added, 0 updated and 0 skipped.",
        ]
    );
    // The final counts were seen with the final status: no second time for them.
    let last = tl.events.last().expect("final counts");
    assert_eq!(last.sentence(0, T).when, None);
}

#[test]
fn a_job_first_seen_finished_says_so_in_its_sentence() {
    for (status, lead) in [
        (
            JobStatus::Completed,
            "First seen already completed: Zoho finished it",
        ),
        (
            JobStatus::Failed,
            "First seen already failed: the job failed",
        ),
    ] {
        let mut tl = Timeline::new(&JobId::parse("111111000000541958").expect("id"));
        tl.set_created("2023-11-14T22:13:20+00:00");
        tl.observe(&obs(600_000, status, 2000));
        let said = sentences(&tl);
        assert_eq!(
            said[1],
            format!("{lead} between 22:13:20 and 22:23:20."),
            "{said:?}"
        );
        assert!(
            !said.iter().any(|s| s.contains("began writing")),
            "{said:?}"
        );
    }
}

#[test]
fn no_entry_reads_as_a_bare_status_or_an_arrow() {
    let mut tl = Timeline::new(&JobId::parse("111111000000541958").expect("id"));
    let pc = |sent: u64, status: JobStatus, a: &str, b: &str| Observation {
        resources: vec![
            ("Quotes".into(), ResourceStatus::from_wire(a)),
            ("Quoted_Items".into(), ResourceStatus::from_wire(b)),
        ],
        ..obs(sent, status, 0)
    };
    tl.observe(&pc(0, JobStatus::InProgress, "INPROGRESS", "ADDED"));
    tl.observe(&pc(5_000, JobStatus::InProgress, "COMPLETED", "SKIPPED"));
    tl.observe(&pc(
        9_000,
        JobStatus::Unknown("PAUSED".into()),
        "COMPLETED",
        "FAILED",
    ));
    tl.observe(&pc(12_000, JobStatus::Added, "COMPLETED", "ADDED"));
    let said = sentences(&tl);
    for s in &said {
        assert!(!s.starts_with("Status "), "{s}");
        assert!(!s.contains('→'), "{s}");
        assert!(s.ends_with('.'), "{s}");
    }
    for expected in [
        "Zoho started processing Quotes",
        "Zoho completed Quotes",
        "Zoho skipped Quoted_Items",
        "Quoted_Items failed",
        "Zoho reported the status \"PAUSED\"",
        "The job went back to the queue",
        "Quoted_Items went back to the queue",
    ] {
        assert!(
            said.iter().any(|s| s.starts_with(expected)),
            "{expected}: {said:?}"
        );
    }
}
