//! SSR string tests for issue 13's job-view changes: the "fields not understood" note and the
//! unreadable fields shown in their own place with the raw value, `file.module`, and download
//! plans that allow the page's configured extra hosts (and only those).
#![cfg(not(target_arch = "wasm32"))]

mod ssr_support;

use std::rc::Rc;

use bulkwatch::env::Env;
use bulkwatch::ui::job::state::{JobAction, JobState, NextCheck};
use bulkwatch::ui::job::unreadable_note::{UnreadableNote, UnreadableNoteProps};
use bulkwatch::ui::job::view::{JobView, JobViewProps};
use bulkwatch::ui::target::{DownloadPlan, Target};
use bulkwatch_core::endpoint::{
    ApiOrigin, ApiVersion, DataCenter, ExtraHosts, JobId, ProxyBase, Site,
};
use bulkwatch_core::timeline::Timeline;
use ssr_support::{count, job, render, text_of};
use yew::Reducible;

const ODD: &str = include_str!("fixtures/jobs/odd_optional_fields.json");
const SEED_COMPLETED: &str = include_str!("fixtures/jobs/seed_completed.json");

fn state_with(fixture: &str, at_ms: u64) -> Rc<JobState> {
    let j = job(fixture);
    let id = JobId::parse(&j.id).expect("fixture id");
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

fn target(job: &str) -> Target {
    Target {
        origin: ApiOrigin::from(Site::production(DataCenter::Eu)),
        version: ApiVersion::V8,
        job: JobId::parse(job).expect("job id"),
        proxy: None,
    }
}

fn view(fixture: &str, job_id: &str) -> String {
    render::<JobView>(JobViewProps {
        state: state_with(fixture, 1_700_000_000_000),
        target: Some(Rc::new(target(job_id))),
        token: None,
        env: Env::browser(),
        on_resume: Default::default(),
        on_expected: Default::default(),
        on_retry: Default::default(),
    })
}

#[test]
fn the_note_counts_and_lists_every_field_not_understood() {
    let html = view(ODD, "111111000000541960");
    assert_eq!(
        count(&html, r#"data-testid="fields-not-understood""#),
        1,
        "{html}"
    );
    assert!(html.contains(r#"data-count="4""#), "{html}");
    assert!(html.contains("4 fields not understood"), "{html}");
    assert_eq!(count(&html, r#"data-testid="unreadable-field""#), 4);
    for path in [
        "ignore_empty",
        "resource[0].code",
        "resource[0].file_names",
        "resource[0].field_mappings[1].format",
    ] {
        assert!(
            html.contains(&format!(r#"data-path="{path}""#)),
            "{path}: {html}"
        );
    }
    // The job itself is shown: its id and its counts.
    assert_eq!(
        text_of(&html, "job-id").as_deref(),
        Some("111111000000541960")
    );
    assert_eq!(text_of(&html, "count-total").as_deref(), Some("100"));
}

#[test]
fn each_unreadable_field_shows_its_raw_value_in_its_own_place() {
    let html = view(ODD, "111111000000541960");
    // In place: the header's ignore_empty, the resource's code and file names, the mapping's format
    // (each mark's path is relative to where it stands; the note has the full paths).
    for path in ["ignore_empty", "code", "file_names", "format"] {
        assert!(
            html.contains(&format!(
                r#"data-testid="unreadable-value" data-path="{path}""#
            )),
            "{path}: {html}"
        );
    }
    assert!(html.contains(r#"<code>"true"</code>"#), "{html}");
    assert!(
        html.contains(r#"<code>["Leads.csv",null]</code>"#),
        "{html}"
    );
    assert!(html.contains("<code>12</code>"), "{html}");
    // The mapping's other cells are still read.
    assert!(html.contains(">Birthday<"), "{html}");
}

#[test]
fn raw_values_are_text_never_markup() {
    let mut body: serde_json::Value = serde_json::from_str(ODD).expect("json");
    body["operation"] = serde_json::json!(["<img src=x onerror=alert(1)>"]);
    let html = view(&body.to_string(), "111111000000541960");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(html.contains(r#"data-count="5""#), "{html}");
}

#[test]
fn a_clean_job_has_no_note() {
    let html = view(SEED_COMPLETED, "111111000000541958");
    assert!(!html.contains("fields-not-understood"), "{html}");
    assert!(!html.contains("unreadable-value"), "{html}");
    assert!(render::<UnreadableNote>(UnreadableNoteProps { fields: vec![] }).is_empty());
}

#[test]
fn file_module_is_shown_when_it_says_something_new() {
    let mut body: serde_json::Value = serde_json::from_str(ODD).expect("json");
    body["resource"]["file"]["module"] = serde_json::json!("Contacts");
    let html = view(&body.to_string(), "111111000000541960");
    assert_eq!(
        text_of(&html, "resource-file-module").as_deref(),
        Some("Contacts")
    );
    // Same as the resource's module: not repeated.
    let html = view(ODD, "111111000000541960");
    assert!(!html.contains("resource-file-module"), "{html}");
}

#[test]
fn download_plans_allow_configured_extra_hosts_only() {
    let raw = "https://download-accl.zoho.ca/v2/crm/org1/bulk-write/111111000000541958/111111000000541958.zip";
    let t = target("111111000000541958");
    assert!(matches!(t.download_plan(raw), DownloadPlan::Refused { .. }));
    assert!(matches!(
        t.download_plan_with(raw, &ExtraHosts::none()),
        DownloadPlan::Refused { .. }
    ));
    let extra = ExtraHosts::parse(["download-accl.zoho.ca"]).expect("valid");
    match t.download_plan_with(raw, &extra) {
        DownloadPlan::Fetch {
            request_url,
            resolved,
        } => {
            assert_eq!(request_url, raw);
            assert_eq!(resolved, raw);
        }
        other => panic!("{other:?}"),
    }
    let via = Target {
        proxy: Some(ProxyBase::parse("https://proxy.example.com").expect("proxy")),
        ..t
    };
    match via.download_plan_with(raw, &extra) {
        DownloadPlan::Fetch { request_url, .. } => assert_eq!(
            request_url,
            "https://proxy.example.com/eu/host-download/download-accl.zoho.ca/v2/crm/org1/bulk-write/111111000000541958/111111000000541958.zip"
        ),
        other => panic!("{other:?}"),
    }
}
