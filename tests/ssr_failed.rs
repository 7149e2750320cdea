//! SSR string tests of a FAILED job in the job view: explained (records already written, the
//! resource's code, next steps, what is downloadable), and never told to wait for completion.
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use bulkwatch::ui::job::view::JobView;
use ssr_support::job_view::{props, state_after};
use ssr_support::{count, render, text_of};

const FAILED: &str = include_str!("fixtures/jobs/failed.json");
const SEED_COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");

fn view(fixture: &str) -> String {
    render::<JobView>(props(state_after(&[(
        fixture,
        1_700_000_000_000,
        1_700_000_000_300,
    )])))
}

#[test]
fn a_failed_job_is_explained() {
    let failed = FAILED
        .replace(r#""added_count": 0"#, r#""added_count": 30"#)
        .replace(r#""total_count": 0"#, r#""total_count": 30"#);
    let html = view(&failed);
    assert_eq!(
        count(&html, r#"data-testid="job-failed-explanation""#),
        1,
        "{html}"
    );
    let written = text_of(&html, "failed-written").unwrap_or_default();
    assert!(written.contains("added 30"), "{written}");
    assert!(
        written.contains("treat those 30 records as written"),
        "{written}"
    );
    assert_eq!(text_of(&html, "failed-code").as_deref(), Some("FAILED"));
    assert!(html.contains(r#"data-testid="failed-next""#), "{html}");
    assert!(
        html.contains("111111000000541999"),
        "the job id for Zoho support"
    );
    let download = text_of(&html, "failed-download").unwrap_or_default();
    assert!(download.contains("no result file"), "{download}");
}

#[test]
fn a_finished_job_is_never_told_to_wait_for_completion() {
    for fixture in [FAILED, SEED_COMPLETED] {
        let html = view(fixture);
        assert!(!html.contains("once the job has completed"), "{html}");
    }
    let html = view(FAILED);
    assert!(
        text_of(&html, "download-none").is_some_and(|t| t.contains("no result file")),
        "{html}"
    );
}

#[test]
fn a_completed_job_has_no_failure_explanation() {
    let html = view(SEED_COMPLETED);
    assert!(!html.contains("job-failed-explanation"), "{html}");
}
