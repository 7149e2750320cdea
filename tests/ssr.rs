//! Server-side-rendered string tests of the widget's presentational components, natively: each
//! renders real fixtures through the core's decoder and checks the markup people and the
//! end-to-end tests rely on (test ids, statuses as text, ARIA, inert unsafe links).
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::Env;
use bulkwatch::ui::job::counts_list::{CountsList, CountsListProps};
use bulkwatch::ui::job::download_panel::{DownloadPanel, DownloadPanelProps, DownloadState};
use bulkwatch::ui::job::error_panel::{ErrorPanel, ErrorPanelProps};
use bulkwatch::ui::job::field_mappings::{FieldMappings, FieldMappingsProps};
use bulkwatch::ui::job::progress_panel::{ProgressPanel, ProgressPanelProps};
use bulkwatch::ui::job::resource_panel::{ResourcePanel, ResourcePanelProps};
use bulkwatch::ui::job::state::{JobAction, JobState, NextCheck};
use bulkwatch::ui::job::status_badge::{StatusBadge, StatusBadgeProps};
use bulkwatch::ui::job::view::{JobView, JobViewProps};
use bulkwatch::ui::target::{DownloadPlan, Target};
use bulkwatch_core::endpoint::{ApiOrigin, ApiVersion, DataCenter, JobId, Site};
use bulkwatch_core::model::{Counts, JobStatus, ResourceStatus};
use bulkwatch_core::timeline::Timeline;
use bulkwatch_core::{decode_job_response, BwError};
use ssr_support::{count, job, render, text_of};
use yew::Reducible;

const SEED_COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");
const SEED_ADDED: &str = include_str!("fixtures/jobs/seed_added.json");
const PARENT_CHILD: &str = include_str!("fixtures/jobs/v3_parent_child.json");
const V8: &str = include_str!("fixtures/jobs/v8_per_resource_ignore_empty.json");
const UNKNOWN: &str = include_str!("fixtures/jobs/unknown_status.json");

#[test]
fn status_badge_says_it_in_words_with_a_stable_token() {
    for (status, token, label) in [
        (JobStatus::Added, "added", "Added"),
        (JobStatus::InProgress, "in_progress", "In progress"),
        (JobStatus::Completed, "completed", "Completed"),
        (JobStatus::Failed, "failed", "Failed"),
        (JobStatus::Unknown("QUEUED".into()), "unknown", "QUEUED"),
    ] {
        let html = render::<StatusBadge>(StatusBadgeProps::job(&status));
        assert!(html.contains(r#"data-testid="job-status""#), "{html}");
        assert!(
            html.contains(&format!(r#"data-status="{token}""#)),
            "{html}"
        );
        // The label is text, beside a decorative icon: never colour alone.
        assert!(html.contains(&format!(">{label}<")), "{html}");
        assert!(html.contains(r#"aria-hidden="true""#), "{html}");
    }
    let html = render::<StatusBadge>(StatusBadgeProps::resource(&ResourceStatus::Skipped));
    assert!(
        html.contains(r#"data-testid="resource-status""#)
            && html.contains(r#"data-status="skipped""#)
    );
}

#[test]
fn counts_are_bare_numbers() {
    let html = render::<CountsList>(CountsListProps {
        counts: Counts {
            added: 7,
            updated: 25_000,
            skipped: 3,
            total: 25_010,
        },
    });
    assert_eq!(text_of(&html, "count-added").as_deref(), Some("7"));
    assert_eq!(text_of(&html, "count-updated").as_deref(), Some("25000"));
    assert_eq!(text_of(&html, "count-skipped").as_deref(), Some("3"));
    assert_eq!(text_of(&html, "count-total").as_deref(), Some("25010"));
}

#[test]
fn parent_child_resources_each_have_module_status_counts_and_mappings() {
    let j = job(PARENT_CHILD);
    assert!(j.resources.len() >= 2, "fixture is parent/child");
    for (i, r) in j.resources.iter().enumerate() {
        let html = render::<ResourcePanel>(ResourcePanelProps {
            resource: r.clone(),
            position: i,
            of: j.resources.len(),
            unreadable: Vec::new(),
        });
        assert_eq!(count(&html, r#"data-testid="resource""#), 1);
        assert_eq!(
            text_of(&html, "resource-module").as_deref(),
            Some(r.module_name())
        );
        assert!(
            html.contains(&format!(r#"data-status="{}""#, r.status.token())),
            "{html}"
        );
        assert!(
            html.contains(if i == 0 { "Parent" } else { "Child" }),
            "{html}"
        );
        assert_eq!(
            count(&html, r#"data-testid="field-mapping""#),
            r.field_mappings.len()
        );
        let c = r.counts();
        if r.file.is_some() {
            assert_eq!(text_of(&html, "count-total"), Some(c.total.to_string()));
        }
    }
    // The child's mappings point at the parent's columns.
    let child = &j.resources[1];
    let html = render::<FieldMappings>(FieldMappingsProps {
        mappings: child.field_mappings.clone(),
        with_parent_column: true,
        owner: "Quoted_Items".into(),
        unreadable: Vec::new(),
    });
    assert!(html.contains("Parent column"), "{html}");
}

#[test]
fn field_mappings_show_every_column_and_default_values_as_text() {
    let j = job(V8);
    let mappings: Vec<_> = j
        .resources
        .iter()
        .flat_map(|r| r.field_mappings.clone())
        .collect();
    let with_default = mappings
        .iter()
        .find(|m| m.default_value.is_some())
        .expect("the v8 fixture has a default_value");
    let html = render::<FieldMappings>(FieldMappingsProps {
        mappings: mappings.clone(),
        with_parent_column: false,
        owner: "Deals".into(),
        unreadable: Vec::new(),
    });
    assert_eq!(
        count(&html, r#"data-testid="field-mapping""#),
        mappings.len()
    );
    for header in ["api_name", "Column", "Find by", "Format", "Default"] {
        assert!(html.contains(header), "missing {header}: {html}");
    }
    let text = with_default.default_value_text().unwrap();
    assert!(html.contains(&text), "default {text} missing: {html}");
    // Empty mappings say so instead of an empty table.
    let none = render::<FieldMappings>(FieldMappingsProps {
        mappings: vec![],
        with_parent_column: false,
        owner: "Deals".into(),
        unreadable: Vec::new(),
    });
    assert!(!none.contains("<table") && none.contains("No field mappings"));
}

#[test]
fn error_panel_shows_catalogue_title_zoho_message_and_resolution() {
    let body = include_str!("fixtures/errors/invalid_token.json");
    let err = decode_job_response(401, body.as_bytes()).unwrap_err();
    let html = render::<ErrorPanel>(ErrorPanelProps {
        error: err.clone(),
        next: None,
        direct: true,
    });
    assert!(
        html.contains(r#"data-testid="error""#) && html.contains(r#"data-code="INVALID_TOKEN""#),
        "{html}"
    );
    assert!(html.contains(&err.title()), "{html}");
    assert!(html.contains(&err.resolution()), "{html}");
    let zoho_message = &err.zoho().unwrap().message;
    assert!(html.contains(zoho_message.as_str()), "{html}");
    assert!(html.contains(r#"role="alert""#));
    // Only a network failure suggests the proxy.
    assert!(!html.contains("error-proxy-hint"));
    let net = render::<ErrorPanel>(ErrorPanelProps {
        error: BwError::Network {
            message: "TypeError: Failed to fetch".into(),
        },
        next: Some("Retrying.".into()),
        direct: true,
    });
    assert!(
        net.contains(r#"data-code="NETWORK""#) && net.contains("error-proxy-hint"),
        "{net}"
    );
    // Every catalogue code renders its own code and title.
    for file in [
        include_str!("fixtures/errors/resource_not_found.json"),
        include_str!("fixtures/errors/too_many_requests.json"),
        include_str!("fixtures/errors/no_permission.json"),
        include_str!("fixtures/errors/something_new.json"),
    ] {
        let e = decode_job_response(400, file.as_bytes()).unwrap_err();
        let html = render::<ErrorPanel>(ErrorPanelProps {
            error: e.clone(),
            next: None,
            direct: false,
        });
        assert!(
            html.contains(&format!(r#"data-code="{}""#, e.code())),
            "{html}"
        );
        assert!(html.contains(&e.title()));
    }
}

fn target(origin: ApiOrigin) -> Target {
    Target {
        origin,
        version: ApiVersion::V8,
        job: JobId::parse("111111000000541958").unwrap(),
        proxy: None,
    }
}

#[test]
fn unsafe_download_is_inert_text_never_a_link() {
    let t = target(ApiOrigin::from(Site::production(DataCenter::Us)));
    for hostile in [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "https://download-accl.zoho.com.evil.example/x.zip",
        "http://download-accl.zoho.com/v2/crm/o/bulk-write/1/1.zip",
    ] {
        let plan = t.download_plan(hostile);
        assert!(
            matches!(plan, DownloadPlan::Refused { .. }),
            "{hostile} must be refused"
        );
        let html = render::<DownloadPanel>(DownloadPanelProps {
            plan: Some(plan),
            state: DownloadState::Idle,
            on_download: Default::default(),
            has_token: true,
            status: None,
        });
        assert!(html.contains(r#"data-testid="download-unsafe""#), "{html}");
        assert!(!html.contains("href"), "no href for {hostile}: {html}");
        assert!(
            !html.contains(r#"data-testid="download""#),
            "no button for {hostile}"
        );
        assert!(!html.contains("<script"), "escaped: {html}");
    }
}

#[test]
fn safe_download_is_a_button_with_a_placeholder_curl() {
    let t = target(ApiOrigin::from(Site::production(DataCenter::Us)));
    let j = job(SEED_COMPLETED);
    let plan = t.download_plan(j.download_url.as_deref().unwrap());
    let DownloadPlan::Fetch { resolved, .. } = &plan else {
        panic!("the seed's relative link is safe: {plan:?}");
    };
    assert!(resolved.starts_with("https://www.zohoapis.com/"));
    let html = render::<DownloadPanel>(DownloadPanelProps {
        plan: Some(plan.clone()),
        state: DownloadState::Idle,
        on_download: Default::default(),
        has_token: true,
        status: None,
    });
    assert!(
        html.contains(r#"data-testid="download""#) && html.contains("<button"),
        "{html}"
    );
    assert!(html.contains("&lt;YOUR_TOKEN&gt;"), "{html}");
    assert!(!html.contains("href"), "the button is not a link: {html}");
}

#[test]
fn progressbar_has_a_value_when_known_and_none_when_not() {
    let done = render::<ProgressPanel>(ProgressPanelProps {
        expected_total: None,
        on_expected: Default::default(),
        status: JobStatus::Completed,
        counts: Counts {
            added: 1,
            updated: 1,
            skipped: 1,
            total: 3,
        },
        throughput: Some(12.5),
        eta_ms: None,
        stalled_for_ms: None,
        now_ms: 0,
        file_notes: Default::default(),
    });
    assert!(
        done.contains(r#"role="progressbar""#) && done.contains(r#"aria-valuenow="100""#),
        "{done}"
    );
    assert!(
        done.contains(r#"data-testid="eta""#) && done.contains("12.5"),
        "{done}"
    );
    let running = render::<ProgressPanel>(ProgressPanelProps {
        expected_total: None,
        on_expected: Default::default(),
        status: JobStatus::InProgress,
        counts: Counts {
            added: 50,
            updated: 0,
            skipped: 0,
            total: 50,
        },
        throughput: None,
        eta_ms: None,
        stalled_for_ms: Some(400_000),
        now_ms: 0,
        file_notes: Default::default(),
    });
    // total == processed: the size of the file is not known, so no made-up percentage.
    assert!(!running.contains("aria-valuenow"), "{running}");
    assert!(running.contains(r#"data-testid="stall""#), "{running}");
    let half = render::<ProgressPanel>(ProgressPanelProps {
        expected_total: None,
        on_expected: Default::default(),
        status: JobStatus::InProgress,
        counts: Counts {
            added: 50,
            updated: 0,
            skipped: 0,
            total: 100,
        },
        throughput: Some(5.0),
        eta_ms: Some(600_000),
        stalled_for_ms: None,
        now_ms: 0,
        file_notes: Default::default(),
    });
    assert!(
        half.contains(r#"aria-valuenow="50""#) && half.contains("about 10 min"),
        "{half}"
    );
}

fn state_with(fixture: &str, at_ms: u64) -> Rc<JobState> {
    let j = job(fixture);
    let id = JobId::parse(&j.id).unwrap();
    let s = Rc::new(JobState::default());
    let s = s.reduce(JobAction::Reset {
        job: id.clone(),
        timeline: Timeline::new(&id),
    });
    let s = s.reduce(JobAction::Sent { seq: 1 });
    let s = s.reduce(JobAction::Answered {
        seq: 1,
        sent_ms: at_ms - 300,
        at_ms,
        result: Ok(j),
    });
    s.reduce(JobAction::Next(NextCheck::At(at_ms + 2_000)))
}

#[test]
fn job_view_has_every_stable_test_hook() {
    let state = state_with(SEED_COMPLETED, 1_700_000_000_000);
    let html = render::<JobView>(JobViewProps {
        state,
        target: Some(Rc::new(target(ApiOrigin::from(Site::production(
            DataCenter::Us,
        ))))),
        token: bulkwatch::token::Token::new("t"),
        env: Env::browser(),
        on_resume: Default::default(),
        on_expected: Default::default(),
        on_retry: Default::default(),
    });
    for id in [
        "job-status",
        "job-id",
        "operation",
        "created-by",
        "created-time",
        "count-added",
        "count-updated",
        "count-skipped",
        "count-total",
        "progress",
        "eta",
        "resource",
        "resource-module",
        "resource-status",
        "field-mapping",
        "download",
        "timeline-event",
        "request-count",
    ] {
        assert!(
            html.contains(&format!(r#"data-testid="{id}""#)),
            "missing {id}"
        );
    }
    assert_eq!(
        text_of(&html, "job-id").as_deref(),
        Some("111111000000541958")
    );
    assert_eq!(text_of(&html, "request-count").as_deref(), Some("1"));
    assert_eq!(text_of(&html, "credit-count").as_deref(), Some("1"));
    assert!(
        html.contains(" API credit")
            && !html.contains(" API credits")
            && html.contains("spent by this page on this job"),
        "the request count is said as the credits it cost"
    );
    assert_eq!(
        text_of(&html, "created-by").as_deref(),
        Some("Patricia Boyle")
    );
    assert_eq!(text_of(&html, "operation").as_deref(), Some("insert"));
    assert_eq!(text_of(&html, "count-skipped").as_deref(), Some("100"));
    assert!(html.contains(r#"aria-live="polite""#));
    // The job-level counts come before any resource's.
    let top = html.find(r#"data-testid="count-total""#).unwrap();
    assert!(top < html.find(r#"data-testid="resource""#).unwrap());
}

#[test]
fn unknown_statuses_render_their_raw_text() {
    let j = job(UNKNOWN);
    let state = state_with(UNKNOWN, 1_700_000_000_000);
    let html = render::<JobView>(JobViewProps {
        state,
        target: Some(Rc::new(target(ApiOrigin::from(Site::production(
            DataCenter::Us,
        ))))),
        token: None,
        env: Env::browser(),
        on_resume: Default::default(),
        on_expected: Default::default(),
        on_retry: Default::default(),
    });
    assert!(html.contains(r#"data-status="unknown""#), "{html}");
    assert!(
        html.contains(&j.status_raw),
        "raw status {} shown",
        j.status_raw
    );
}

#[test]
fn an_added_job_has_no_download_yet() {
    let state = state_with(SEED_ADDED, 1_700_000_000_000);
    let html = render::<JobView>(JobViewProps {
        state,
        target: Some(Rc::new(target(ApiOrigin::from(Site::production(
            DataCenter::Us,
        ))))),
        token: None,
        env: Env::browser(),
        on_resume: Default::default(),
        on_expected: Default::default(),
        on_retry: Default::default(),
    });
    assert!(html.contains(r#"data-status="added""#));
    assert!(!html.contains(r#"data-testid="download""#));
    assert!(!html.contains(r#"data-testid="download-unsafe""#));
}

#[test]
fn a_failed_job_bar_is_marked_failed_not_running_and_never_complete() {
    for expected_total in [None, Some(100)] {
        let html = render::<ProgressPanel>(ProgressPanelProps {
            expected_total,
            on_expected: Default::default(),
            status: JobStatus::Failed,
            counts: Counts {
                added: 40,
                updated: 0,
                skipped: 0,
                total: 40,
            },
            throughput: None,
            eta_ms: None,
            stalled_for_ms: None,
            now_ms: 0,
            file_notes: Default::default(),
        });
        assert!(html.contains(r#"data-progress="failed""#), "{html}");
        assert!(!html.contains(r#"aria-valuenow="100""#), "{html}");
        assert!(html.contains("Failed"), "{html}");
    }
}
