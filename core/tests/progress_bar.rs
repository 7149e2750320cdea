//! The one progress rule every view follows: a running job without a known row count is
//! indeterminate (never 100%), a failed job never claims completion, a finished job is complete.

use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::progress::{bar, bar_target, Bar};

fn counts(processed: u64, total: u64) -> Counts {
    Counts {
        added: processed,
        updated: 0,
        skipped: 0,
        total,
    }
}

#[test]
fn the_bar_for_every_status_and_what_is_known() {
    let queued = JobStatus::Unknown("QUEUED".into());
    #[rustfmt::skip]
    let table: [(&JobStatus, Counts, Option<u64>, Bar); 14] = [
        (&JobStatus::Added,      counts(0, 0),      None,        Bar::Determinate(0)),
        (&JobStatus::Added,      counts(0, 0),      Some(100),   Bar::Determinate(0)),
        // Zoho's total only counts what is processed: no fraction without a row count.
        (&JobStatus::InProgress, counts(50, 50),    None,        Bar::Indeterminate),
        (&JobStatus::InProgress, counts(0, 0),      None,        Bar::Indeterminate),
        (&JobStatus::InProgress, counts(50, 100),   None,        Bar::Determinate(50)),
        (&JobStatus::InProgress, counts(50, 50),    Some(200),   Bar::Determinate(25)),
        // More processed than the person said: still running, so never 100.
        (&JobStatus::InProgress, counts(300, 300),  Some(200),   Bar::Determinate(99)),
        (&JobStatus::InProgress, counts(999, 1000), None,        Bar::Determinate(99)),
        (&JobStatus::Completed,  counts(3, 3),      None,        Bar::Complete),
        (&JobStatus::Completed,  counts(0, 0),      Some(10),    Bar::Complete),
        (&JobStatus::Failed,     counts(40, 40),    None,        Bar::Failed(None)),
        (&JobStatus::Failed,     counts(40, 40),    Some(100),   Bar::Failed(Some(40))),
        (&JobStatus::Failed,     counts(100, 100),  Some(100),   Bar::Failed(Some(99))),
        (&queued,                counts(5, 5),      None,        Bar::Indeterminate),
    ];
    for (status, c, expected, want) in table {
        assert_eq!(
            bar(status, &c, expected),
            want,
            "{status:?} {c:?} {expected:?}"
        );
    }
}

#[test]
fn only_a_completed_job_reaches_100() {
    for status in [
        JobStatus::Added,
        JobStatus::InProgress,
        JobStatus::Failed,
        JobStatus::Unknown("X".into()),
    ] {
        for (p, t, e) in [
            (10, 10, None),
            (10, 10, Some(10)),
            (20, 10, Some(10)),
            (0, 0, None),
        ] {
            let b = bar(&status, &counts(p, t), e);
            assert!(b.percent().is_none_or(|v| v < 100), "{status:?}: {b:?}");
            assert_ne!(b, Bar::Complete);
        }
    }
    assert_eq!(
        bar(&JobStatus::Completed, &counts(1, 1), None).percent(),
        Some(100)
    );
}

#[test]
fn tokens_values_and_words() {
    assert_eq!(Bar::Indeterminate.percent(), None);
    assert_eq!(Bar::Failed(None).percent(), None);
    assert_eq!(Bar::Failed(Some(40)).percent(), Some(40));
    assert_eq!(Bar::Determinate(7).token(), "determinate");
    assert_eq!(Bar::Indeterminate.token(), "indeterminate");
    assert_eq!(Bar::Complete.token(), "complete");
    assert_eq!(Bar::Failed(None).token(), "failed");
    assert_eq!(
        Bar::Indeterminate.describe(50, None),
        "50 records processed so far"
    );
    assert_eq!(
        Bar::Determinate(50).describe(50, Some(100)),
        "50% — 50 of 100 records"
    );
    assert_eq!(
        Bar::Failed(None).describe(40, None),
        "Failed — 40 records processed"
    );
    assert!(!Bar::Failed(Some(40))
        .describe(40, Some(100))
        .contains("Completed"));
    assert_eq!(bar_target(&counts(50, 50), None), None);
    assert_eq!(bar_target(&counts(50, 100), None), Some(100));
    assert_eq!(bar_target(&counts(50, 50), Some(70)), Some(70));
}

#[test]
fn a_finished_job_is_not_measuring_forever() {
    use bulkwatch_core::progress::throughput_text;
    assert_eq!(throughput_text(None, &JobStatus::InProgress), "measuring…");
    // A queued job is not being measured yet (it may wait for hours).
    assert_eq!(
        throughput_text(None, &JobStatus::Added),
        "starts when Zoho starts the job"
    );
    for done in [JobStatus::Completed, JobStatus::Failed] {
        let t = throughput_text(None, &done);
        assert!(!t.contains("measuring"), "{t}");
        assert!(t.starts_with("not measured"), "{t}");
    }
    assert_eq!(
        throughput_text(Some(12.5), &JobStatus::Completed),
        "12.5 records/s"
    );
}

#[test]
fn a_finished_job_keeps_its_final_rate_however_often_it_is_seen_again() {
    use bulkwatch_core::progress::Progress;
    let mut p = Progress::new();
    p.record(0, 0);
    p.record(10_000, 500);
    p.record(20_000, 1_000);
    // Seen again, finished, after a reload an hour later and by another tab.
    p.record(3_600_000, 1_000);
    p.record(3_700_000, 1_000);
    assert_eq!(p.rate(&JobStatus::Completed), Some(50.0));
    assert_eq!(p.rate(&JobStatus::Failed), Some(50.0));
    // A running job's rate does slow down when nothing moves (that is what it measures).
    assert!(p.rate(&JobStatus::InProgress).is_some_and(|r| r < 1.0));
    assert_eq!(p.rate(&JobStatus::InProgress), p.throughput());
}
