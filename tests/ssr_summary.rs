//! SSR string tests of the job summary at the top of the job view: status, created, finished
//! (the timeline's honest bound), duration, counts and progress.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::ui::job::state::JobState;
use bulkwatch::ui::job::view::JobView;
use ssr_support::job_view::{props, state_after as state};
use ssr_support::{count, render, text_of};

const SEED_IN_PROGRESS: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const SEED_COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const FAILED: &str = include_str!("fixtures/jobs/failed.json");

fn view(state: Rc<JobState>) -> String {
    render::<JobView>(props(state))
}

/// 2019-01-30T14:18:15Z, the fixtures' `created_time` (02:18:15-12:00).
const CREATED_MS: u64 = 1_548_857_895_000;

#[test]
fn a_job_seen_finishing_shows_its_finish_bound_and_duration() {
    let t = CREATED_MS;
    let html = view(state(&[
        (SEED_IN_PROGRESS, t + 60_000, t + 60_300),
        (SEED_COMPLETED, t + 252_000, t + 252_400),
    ]));
    assert_eq!(count(&html, r#"data-testid="job-summary""#), 1, "{html}");
    assert_eq!(
        text_of(&html, "summary-status").as_deref(),
        Some("Completed")
    );
    assert_eq!(
        text_of(&html, "summary-created").as_deref(),
        Some("2019-01-30 14:18:15")
    );
    // Between the last check that saw it running (sent 14:19:15) and the first answer that saw
    // it finished (14:22:27.400) — the same words as the timeline's entry.
    assert_eq!(
        text_of(&html, "job-finished").as_deref(),
        Some("between 14:19:15 and 14:22:27")
    );
    assert_eq!(
        text_of(&html, "job-duration").as_deref(),
        Some("between 1 min and 4 min 12 s")
    );
    assert_eq!(
        text_of(&html, "summary-counts").as_deref(),
        Some("0 added · 0 updated · 100 skipped · 100 total")
    );
    assert!(
        html.contains(r#"data-testid="summary-progress" data-progress="complete""#),
        "{html}"
    );
    // The summary comes before the detailed counts.
    let summary = html.find(r#"data-testid="job-summary""#).expect("summary");
    assert!(summary < html.find(r#"data-testid="counts""#).expect("counts"));
}

#[test]
fn a_job_first_seen_failed_says_at_most_and_never_complete() {
    let t = CREATED_MS;
    let html = view(state(&[(FAILED, t + 600_000, t + 600_400)]));
    assert_eq!(text_of(&html, "summary-status").as_deref(), Some("Failed"));
    // First seen finished: only "by" the answer is known; the lower end is the creation.
    assert_eq!(
        text_of(&html, "job-finished").as_deref(),
        Some("between 14:18:15 and 14:28:15")
    );
    assert_eq!(
        text_of(&html, "job-duration").as_deref(),
        Some("at most 10 min")
    );
    assert!(html.contains(r#"data-progress="failed""#), "{html}");
}

#[test]
fn a_running_job_is_not_finished_and_shows_its_duration_so_far() {
    let t = CREATED_MS;
    let html = view(state(&[(SEED_IN_PROGRESS, t + 750_000, t + 750_200)]));
    assert_eq!(text_of(&html, "job-finished").as_deref(), Some("not yet"));
    assert_eq!(
        text_of(&html, "job-duration").as_deref(),
        Some("12 min 30 s so far")
    );
    assert!(
        html.contains(r#"data-testid="summary-progress" data-progress="indeterminate""#),
        "{html}"
    );
}

#[test]
fn a_job_first_seen_completed_says_so_and_is_not_measuring() {
    let t = CREATED_MS;
    let html = view(state(&[(SEED_COMPLETED, t + 600_000, t + 600_400)]));
    assert!(html.contains("First seen already completed"), "{html}");
    assert!(!html.contains("First records processed"), "{html}");
    assert!(!html.contains("Status Completed"), "{html}");
    let throughput = text_of(&html, "throughput").unwrap_or_default();
    assert!(!throughput.contains("measuring"), "{throughput}");
}
