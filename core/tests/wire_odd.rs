//! Odd but real spellings: string indexes, numeric-string counts, `IN PROGRESS`, unknown
//! statuses, a COMPLETED resource whose code says INPROGRESS, FAILED jobs and unknown fields.

use bulkwatch_core::model::{
    decode_job_response, Counts, Job, JobStatus, Operation, ResourceStatus,
};

fn decode(body: &str) -> Job {
    match decode_job_response(200, body.as_bytes()) {
        Ok(job) => job,
        Err(e) => panic!("fixture must decode: {e}"),
    }
}

#[test]
fn index_as_numeric_string() {
    let job = decode(include_str!("../../tests/fixtures/jobs/string_index.json"));
    let m = &job.resources[0].field_mappings;
    assert_eq!(m[0].api_name, "Product_Name");
    assert_eq!(m[0].index, Some(0));
    assert_eq!(m[1].api_name, "Unit_Price");
    assert_eq!(m[1].index, Some(3));
    assert_eq!(m[1].default_value_text().as_deref(), Some("0"));
    assert_eq!(job.created_at.map(|t| t.offset_minutes), Some(-420));
}

#[test]
fn counts_as_numeric_strings() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/numeric_string_counts.json"
    ));
    let file = job.resources[0].file.as_ref().expect("file block");
    assert_eq!(file.name.as_deref(), Some("Leads.csv"));
    assert_eq!(
        file.counts,
        Counts {
            added: 1200,
            updated: 0,
            skipped: 34,
            total: 25000
        }
    );
    assert_eq!(job.counts().processed(), 1234);
    assert_eq!(job.resources[0].code.as_deref(), Some("INPROGRESS"));
}

#[test]
fn in_progress_with_a_space() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/in_progress_spaced.json"
    ));
    assert_eq!(job.status, JobStatus::InProgress);
    assert_eq!(job.status_raw, "IN PROGRESS");
    let r = &job.resources[0];
    assert_eq!(r.status, ResourceStatus::InProgress);
    assert_eq!(r.status_raw, "IN PROGRESS");
    let file = r.file.as_ref().expect("file block");
    assert_eq!(file.status, ResourceStatus::InProgress);
    assert_eq!(file.status_raw, "IN PROGRESS");
    assert_eq!(job.created_at.map(|t| t.offset_minutes), Some(0));
}

#[test]
fn unknown_texts_are_kept_raw() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/unknown_status.json"
    ));
    assert_eq!(job.status, JobStatus::Unknown("QUEUED".into()));
    assert_eq!(job.status.token(), "unknown");
    assert_eq!(job.status.label(), "QUEUED");
    assert_eq!(job.status_raw, "QUEUED");
    assert_eq!(job.operation, Operation::Unknown("merge".into()));
    assert_eq!(job.operation.as_str(), "merge");
    // Not RFC 3339: kept as text, not parsed, and the job still decodes.
    assert_eq!(job.created_time.as_deref(), Some("30/01/2019 02:21"));
    assert_eq!(job.created_at, None);
    let r = &job.resources[0];
    assert_eq!(r.status, ResourceStatus::Unknown("PAUSED".into()));
    assert_eq!(r.code.as_deref(), Some("WAITING_FOR_SLOT"));
    assert!(r.field_mappings.is_empty());
    let file = r.file.as_ref().expect("file block");
    assert_eq!(file.status, ResourceStatus::Unknown("RECEIVED".into()));
    assert_eq!(file.status_raw, "RECEIVED");
    assert_eq!(file.counts, Counts::default());
}

#[test]
fn completed_resource_with_code_inprogress() {
    let job = decode(include_str!(
        "../../tests/fixtures/jobs/completed_code_inprogress.json"
    ));
    let r = &job.resources[0];
    // The status decides; the contradictory code is shown as sent.
    assert_eq!(r.status, ResourceStatus::Completed);
    assert_eq!(r.code.as_deref(), Some("INPROGRESS"));
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(
        job.download_url.as_deref(),
        Some("/v2/crm/org6196138/bulk-write/4876876000007500101/4876876000007500101.zip")
    );
    assert_eq!(job.counts().total, 10);
}

#[test]
fn failed_job() {
    let job = decode(include_str!("../../tests/fixtures/jobs/failed.json"));
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.is_terminal());
    assert_eq!(job.operation, Operation::Update);
    assert_eq!(job.resources[0].status, ResourceStatus::Failed);
    assert_eq!(job.download_url, None);
}

#[test]
fn unknown_fields_never_break_decoding() {
    let job = decode(include_str!("../../tests/fixtures/jobs/extra_fields.json"));
    assert_eq!(job.id, "4876876000007600101");
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(
        job.created_by.as_ref().and_then(|u| u.name.as_deref()),
        Some("Patricia Boyle")
    );
    assert_eq!(
        job.callback.as_ref().and_then(|c| c.method.as_deref()),
        Some("post")
    );
    assert!(job
        .download_url
        .as_deref()
        .is_some_and(|u| u.ends_with(".zip")));
    let r = &job.resources[0];
    assert_eq!(r.module_name(), "Leads");
    assert_eq!(r.field_mappings[0].api_name, "Last_Name");
    assert_eq!(r.counts().added, 5);
    // -00:00 means "UTC, local offset unknown" in RFC 3339.
    assert_eq!(job.created_at.map(|t| t.offset_minutes), Some(0));
}

#[test]
fn statuses_are_read_case_and_separator_insensitively() {
    for (raw, token) in [
        ("ADDED", "added"),
        ("added", "added"),
        ("INPROGRESS", "in_progress"),
        ("IN PROGRESS", "in_progress"),
        ("In_Progress", "in_progress"),
        ("in-progress", "in_progress"),
        ("COMPLETED", "completed"),
        ("FAILED", "failed"),
        ("", "unknown"),
        ("DONE", "unknown"),
    ] {
        let body = format!(r#"{{"id": "1", "status": "{raw}"}}"#);
        let job = decode(&body);
        assert_eq!(job.status.token(), token, "{raw:?}");
        assert_eq!(job.status_raw, raw);
    }
}

#[test]
fn operation_is_case_insensitive() {
    for (raw, want) in [
        ("insert", Operation::Insert),
        ("UPDATE", Operation::Update),
        ("Upsert", Operation::Upsert),
        ("delete", Operation::Unknown("delete".into())),
    ] {
        let body = format!(r#"{{"id": "1", "status": "ADDED", "operation": "{raw}"}}"#);
        assert_eq!(decode(&body).operation, want, "{raw:?}");
    }
}

#[test]
fn tolerant_number_spellings() {
    // Integral floats and padded numeric strings are counts; empty strings are unset.
    let body = r#"{"id": 7, "status": "INPROGRESS", "resource": [{"status": "INPROGRESS",
        "module": "Leads", "field_mappings": [{"api_name": "A", "index": " 4 "}],
        "file": {"added_count": 3.0, "updated_count": " 2 ", "skipped_count": "", "total_count": 5}}]}"#;
    let job = decode(body);
    assert_eq!(job.id, "7");
    assert_eq!(job.resources[0].field_mappings[0].index, Some(4));
    assert_eq!(
        job.counts(),
        Counts {
            added: 3,
            updated: 2,
            skipped: 0,
            total: 5
        }
    );
}

#[test]
fn file_names_as_a_single_string_and_empty_download_url() {
    let body = r#"{"id": "1", "status": "COMPLETED", "result": {"download_url": "  "},
        "resource": [{"status": "COMPLETED", "module": "Leads", "file_names": "Leads.csv", "file_id": 99}]}"#;
    let job = decode(body);
    assert_eq!(job.download_url, None);
    assert_eq!(job.resources[0].file_names, ["Leads.csv"]);
    assert_eq!(job.resources[0].file_id.as_deref(), Some("99"));
}
