//! The summary's finish bound and duration: taken from the timeline's honest bounds, a range
//! when the finish is only known between two checks, never a made-up instant.

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::summary::{duration, finish_bound, format_span, Duration};
use bulkwatch_core::timeline::{Observation, TimeBound, Timeline};

const CREATED_RAW: &str = "2023-11-14T22:00:00+00:00";
const CREATED_MS: u64 = 1_700_000_000_000 - 800_000; // 2023-11-14T22:00:00Z

fn obs(status: JobStatus, sent: u64, received: u64, processed: u64) -> Observation {
    Observation {
        sent_at_ms: sent,
        received_at_ms: received,
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

fn timeline() -> Timeline {
    let mut tl = Timeline::new(&JobId::parse("111111000000541958").expect("id"));
    tl.set_created(CREATED_RAW);
    assert_eq!(tl.created_at_ms, Some(CREATED_MS), "fixture time");
    tl
}

#[test]
fn a_job_seen_finishing_between_two_checks_finished_between_them() {
    let mut tl = timeline();
    let t = CREATED_MS;
    tl.observe(&obs(JobStatus::InProgress, t + 60_000, t + 60_200, 10));
    tl.observe(&obs(JobStatus::Completed, t + 90_000, t + 90_300, 20));
    let finished = finish_bound(&JobStatus::Completed, &tl).expect("finished");
    assert_eq!(
        finished,
        TimeBound {
            after_ms: Some(t + 60_000),
            before_ms: t + 90_300
        }
    );
    let d = duration(
        tl.created_at_ms,
        Some(finished),
        &JobStatus::Completed,
        t + 99_000,
    );
    assert_eq!(
        d,
        Some(Duration::Ran {
            min_ms: 60_000,
            max_ms: 90_300
        })
    );
    assert_eq!(
        d.map(Duration::describe).as_deref(),
        Some("between 1 min and 1 min 30 s")
    );
}

#[test]
fn a_job_first_seen_finished_ran_at_most_until_that_answer() {
    let mut tl = timeline();
    let t = CREATED_MS;
    tl.observe(&obs(JobStatus::Failed, t + 600_000, t + 600_400, 40));
    let finished = finish_bound(&JobStatus::Failed, &tl).expect("finished");
    assert_eq!(finished.before_ms, t + 600_400);
    let d = duration(
        tl.created_at_ms,
        Some(finished),
        &JobStatus::Failed,
        t + 700_000,
    );
    assert_eq!(d, Some(Duration::AtMost(600_400)));
    assert_eq!(d.map(Duration::describe).as_deref(), Some("at most 10 min"));
}

#[test]
fn a_running_job_has_no_finish_and_a_duration_so_far() {
    let mut tl = timeline();
    let t = CREATED_MS;
    tl.observe(&obs(JobStatus::InProgress, t + 60_000, t + 60_200, 10));
    assert_eq!(finish_bound(&JobStatus::InProgress, &tl), None);
    let d = duration(tl.created_at_ms, None, &JobStatus::InProgress, t + 750_000);
    assert_eq!(d, Some(Duration::SoFar(750_000)));
    assert_eq!(
        d.map(Duration::describe).as_deref(),
        Some("12 min 30 s so far")
    );
    // Without a creation time nothing is claimed.
    assert_eq!(duration(None, None, &JobStatus::InProgress, t), None);
    // Finished but never observed finishing (no timeline entry): no duration either.
    assert_eq!(duration(Some(t), None, &JobStatus::Completed, t + 5), None);
    assert_eq!(finish_bound(&JobStatus::Completed, &timeline()), None);
}

#[test]
fn spans_read_as_people_say_them() {
    for (ms, want) in [
        (0, "0 s"),
        (45_999, "45 s"),
        (60_000, "1 min"),
        (252_000, "4 min 12 s"),
        (3_600_000, "1 h"),
        (7_500_000, "2 h 5 min"),
        (172_800_000, "2 days"),
        (190_800_000, "2 days 5 h"),
    ] {
        assert_eq!(format_span(ms), want, "{ms}");
    }
    assert_eq!(
        Duration::Ran {
            min_ms: 252_100,
            max_ms: 252_900
        }
        .describe(),
        "4 min 12 s"
    );
}
