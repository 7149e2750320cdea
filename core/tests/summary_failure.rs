//! A FAILED job explained: what it means for records already written, the resource's own code,
//! what to do next and what can be downloaded — and nothing for a job that did not fail.

use bulkwatch_core::failure::explain_failure;
use bulkwatch_core::{decode_job_response, Job};

const FAILED: &str = include_str!("../../tests/fixtures/jobs/failed.json");
const COMPLETED: &str = include_str!("../../tests/fixtures/jobs/seed_completed.json");
const RUNNING: &str = include_str!("../../tests/fixtures/jobs/seed_in_progress.json");

fn job(json: &str) -> Job {
    decode_job_response(200, json.as_bytes()).expect("fixture decodes")
}

/// The failed fixture after Zoho added 30 and updated 10 records.
fn failed_after_writing() -> Job {
    let json = FAILED
        .replace(r#""added_count": 0"#, r#""added_count": 30"#)
        .replace(r#""updated_count": 0"#, r#""updated_count": 10"#)
        .replace(r#""total_count": 0"#, r#""total_count": 40"#);
    assert_ne!(json, FAILED);
    job(&json)
}

#[test]
fn only_a_failed_job_is_explained() {
    assert!(explain_failure(&job(COMPLETED)).is_none());
    assert!(explain_failure(&job(RUNNING)).is_none());
    assert!(explain_failure(&job(FAILED)).is_some());
}

#[test]
fn records_already_written_are_counted_and_never_called_rolled_back() {
    let e = explain_failure(&failed_after_writing()).expect("failed");
    assert!(
        e.written.contains("added 30 and updated 10"),
        "{}",
        e.written
    );
    assert!(
        e.written.contains("treat those 40 records as written"),
        "{}",
        e.written
    );
    assert!(
        e.next_steps.iter().any(|s| s.contains("duplicates")),
        "{:?}",
        e.next_steps
    );
    let none = explain_failure(&job(FAILED)).expect("failed");
    assert!(
        none.written
            .contains("before it added or updated any record"),
        "{}",
        none.written
    );
    assert!(!none.next_steps.iter().any(|s| s.contains("duplicates")));
}

#[test]
fn the_resource_code_next_steps_and_download_come_from_the_job() {
    let j = job(FAILED);
    let e = explain_failure(&j).expect("failed");
    assert_eq!(e.resources.len(), 1);
    assert_eq!(e.resources[0].module, "Deals");
    assert_eq!(e.resources[0].status, "Failed");
    assert_eq!(e.resources[0].code.as_deref(), Some("FAILED"));
    assert!(
        e.next_steps.last().is_some_and(|s| s.contains(&j.id)),
        "{:?}",
        e.next_steps
    );
    assert!(e.download.contains("no result file"), "{}", e.download);
    // With a result file, it says so.
    let with_file = FAILED.replacen(
        r#""status": "FAILED","#,
        r#""status": "FAILED", "result": {"download_url": "/v8/crm/org1/bulk-write/111111000000541999/111111000000541999.zip"},"#,
        1,
    );
    let f = job(&with_file);
    assert!(f.download_url.is_some(), "fixture has a result file");
    let e = explain_failure(&f).expect("failed");
    assert!(e.download.contains("download it below"), "{}", e.download);
}
