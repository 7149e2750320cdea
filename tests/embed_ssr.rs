//! SSR string tests of the embedded views, natively: the compact line (status as text, counts,
//! progress, an error's code), the token field, and `BulkWriteJob`'s first render for each kind
//! of host setting (nothing yet, unusable, no token, read-only, compact).
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::component::compact::{CompactJob, CompactJobProps};
use bulkwatch::component::token_prompt::{TokenPrompt, TokenPromptProps};
use bulkwatch::component::{BulkWriteJob, BulkWriteJobProps};
use bulkwatch::options::PollMode;
use bulkwatch::ui::job::state::{JobAction, JobState};
use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::timeline::Timeline;
use bulkwatch_core::BwError;
use ssr_support::{count, job, render, text_of};
use yew::{AttrValue, Callback, Reducible};

const RUNNING: &str = include_str!("fixtures/jobs/seed_in_progress.json");
const COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const FAILED_JOB: &str = include_str!("fixtures/jobs/failed.json");

fn state(result: Result<bulkwatch_core::Job, BwError>) -> Rc<JobState> {
    let id = JobId::parse("111111000000541958").unwrap();
    Rc::new(JobState::default())
        .reduce(JobAction::Reset {
            job: id.clone(),
            timeline: Timeline::new(&id),
        })
        .reduce(JobAction::Sent { seq: 1 })
        .reduce(JobAction::Answered {
            seq: 1,
            sent_ms: 1_000,
            at_ms: 1_100,
            result,
        })
}

#[test]
fn the_compact_line_says_status_counts_and_progress() {
    let done = job(COMPLETED);
    let c = done.counts();
    let html = render::<CompactJob>(CompactJobProps {
        state: state(Ok(done)),
    });
    assert!(html.contains(r#"data-status="completed""#), "{html}");
    assert!(
        html.contains("Completed"),
        "status in words, not colour alone"
    );
    assert_eq!(text_of(&html, "count-total"), Some(c.total.to_string()));
    assert_eq!(text_of(&html, "count-skipped"), Some(c.skipped.to_string()));
    assert!(html.contains(r#"role="progressbar""#) && html.contains(r#"aria-valuenow="100""#));
    assert!(html.contains(r#"part="header""#) && html.contains(r#"part="counts""#));
    assert!(html.contains(r#"aria-label="Bulk write job 111111000000541958""#));
    assert_eq!(count(&html, r#"data-testid="error""#), 0);
}

#[test]
fn the_compact_bar_follows_the_core_rule_for_running_and_failed_jobs() {
    // Running, 100 of 100 processed: Zoho's total is what is done, so the bar is indeterminate.
    let html = render::<CompactJob>(CompactJobProps {
        state: state(Ok(job(RUNNING))),
    });
    assert!(html.contains(r#"data-progress="indeterminate""#), "{html}");
    assert!(!html.contains("aria-valuenow"), "{html}");
    // FAILED after every processed record: a failed bar, never complete.
    let failed = job(FAILED_JOB
        .replace(r#""added_count": 0"#, r#""added_count": 40"#)
        .replace(r#""total_count": 0"#, r#""total_count": 40"#)
        .as_str());
    assert_eq!(failed.counts().processed(), 40);
    let html = render::<CompactJob>(CompactJobProps {
        state: state(Ok(failed)),
    });
    assert!(html.contains(r#"data-progress="failed""#), "{html}");
    assert!(!html.contains(r#"value="100""#), "{html}");
    assert!(html.contains("Failed — 40 records processed"), "{html}");
}

#[test]
fn the_compact_line_keeps_what_was_shown_beside_an_error() {
    let running = state(Ok(job(RUNNING)));
    let failed = running
        .reduce(JobAction::Sent { seq: 2 })
        .reduce(JobAction::Answered {
            seq: 2,
            sent_ms: 2_000,
            at_ms: 2_100,
            result: Err(BwError::Network {
                message: "offline".into(),
            }),
        });
    let html = render::<CompactJob>(CompactJobProps { state: failed });
    assert!(html.contains(r#"data-status="in_progress""#), "{html}");
    assert!(html.contains(r#"data-code="NETWORK""#));
    assert!(html.contains(r#"part="error""#) && html.contains(r#"role="alert""#));
}

#[test]
fn the_token_field_is_a_labelled_password_field() {
    let html = render::<TokenPrompt>(TokenPromptProps {
        on_token: Callback::noop(),
        rejected: true,
    });
    assert!(html.contains(r#"type="password""#), "{html}");
    assert!(html.contains(r#"autocomplete="off""#));
    assert!(html.contains("<label") && html.contains("Access token"));
    assert!(html.contains(r#"data-testid="connect""#));
    assert!(html.contains("refused"));
    assert!(html.contains(r#"part="token-prompt""#));
}

fn props() -> BulkWriteJobProps {
    BulkWriteJobProps {
        job_id: None,
        dc: None,
        api_domain: None,
        api_version: None,
        proxy: None,
        extra_hosts: None,
        rows: None,
        token: None,
        poll: PollMode::Auto,
        read_only: false,
        compact: false,
        budget: 300,
        env: None,
        on_change: Callback::noop(),
        on_complete: Callback::noop(),
        on_error: Callback::noop(),
        on_status: Callback::noop(),
    }
}

#[test]
fn the_component_renders_each_kind_of_setting() {
    let html = render::<BulkWriteJob>(props());
    assert!(html.contains(r#"data-testid="no-job""#), "{html}");
    assert!(html.contains(r#"part="base""#));

    let html = render::<BulkWriteJob>(BulkWriteJobProps {
        job_id: Some("42".into()),
        api_version: Some(AttrValue::from("v99")),
        ..props()
    });
    assert!(html.contains(r#"data-code="INVALID_INPUT""#), "{html}");
    assert!(html.contains("api-version"));

    let html = render::<BulkWriteJob>(BulkWriteJobProps {
        job_id: Some("42".into()),
        dc: Some("eu".into()),
        ..props()
    });
    assert!(html.contains(r#"data-testid="token-input""#), "{html}");

    let html = render::<BulkWriteJob>(BulkWriteJobProps {
        job_id: Some("42".into()),
        read_only: true,
        compact: true,
        ..props()
    });
    assert!(html.contains(r#"data-testid="needs-token""#), "{html}");
    assert!(!html.contains(r#"data-testid="token-input""#));
    assert!(html.contains("bw-embed--compact") && html.contains("bw-embed--read-only"));
    assert!(html.contains(r#"data-testid="compact""#));
}
