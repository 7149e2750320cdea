//! The three samples of Zoho's "Bulk Write Job Details" page, transcribed as valid JSON, decoded
//! through the public entry point and checked field by field.

use bulkwatch_core::model::{
    decode_job_response, Counts, FieldMapping, Job, JobStatus, ModuleRef, Operation,
    ResourceStatus, User,
};

const ADDED: &str = include_str!("../../tests/fixtures/jobs/seed_added.json");
const IN_PROGRESS: &str = include_str!("../../tests/fixtures/jobs/seed_in_progress.json");
const COMPLETED: &str = include_str!("../../tests/fixtures/jobs/seed_completed.json");

fn decode(body: &str) -> Job {
    match decode_job_response(200, body.as_bytes()) {
        Ok(job) => job,
        Err(e) => panic!("fixture must decode: {e}"),
    }
}

fn plain_mapping(api_name: &str, index: u32) -> FieldMapping {
    FieldMapping {
        api_name: api_name.into(),
        index: Some(index),
        find_by: None,
        format: None,
        module: None,
        default_value: None,
        parent_column_index: None,
    }
}

fn patricia() -> Option<User> {
    Some(User {
        id: Some("111111000000035795".into()),
        name: Some("Patricia Boyle".into()),
    })
}

fn deals() -> Option<ModuleRef> {
    Some(ModuleRef {
        api_name: "Deals".into(),
        id: Some("3652397000000002181".into()),
    })
}

#[test]
fn seed_added() {
    let job = decode(ADDED);
    assert_eq!(job.id, "111111000000541958");
    assert_eq!(job.status, JobStatus::Added);
    assert_eq!(job.status_raw, "ADDED");
    assert_eq!(job.operation, Operation::Insert);
    assert_eq!(job.character_encoding, None);
    assert_eq!(
        job.created_time.as_deref(),
        Some("2019-01-30T02:21:32-12:00")
    );
    let at = job.created_at.expect("valid RFC 3339");
    // 02:21:32 at -12:00 is 14:21:32Z on the same day.
    assert_eq!(at.epoch_millis, 1_548_858_092_000);
    assert_eq!(at.offset_minutes, -720);
    assert_eq!(job.created_by, patricia());
    assert_eq!(job.callback, None);
    assert_eq!(job.ignore_empty, None);
    assert_eq!(job.download_url, None);
    assert!(!job.is_terminal());
    assert!(!job.is_parent_child());

    assert_eq!(job.resources.len(), 1);
    let r = &job.resources[0];
    assert_eq!(r.status, ResourceStatus::InProgress);
    assert_eq!(r.status_raw, "INPROGRESS");
    assert_eq!(r.code.as_deref(), Some("ADDED"));
    assert_eq!(r.kind.as_deref(), Some("data"));
    assert_eq!(r.module, deals());
    assert_eq!(r.module_name(), "Deals");
    assert_eq!(
        r.field_mappings,
        vec![plain_mapping("Deal_Name", 1), plain_mapping("Stage", 132)]
    );
    let file = r.file.as_ref().expect("file block");
    assert_eq!(file.status, ResourceStatus::InProgress);
    assert_eq!(file.status_raw, "INPROGRESS");
    assert_eq!(file.name, None);
    assert_eq!(file.counts, Counts::default());
    assert_eq!(r.file_id, None);
    assert!(r.file_names.is_empty());
    assert_eq!(r.find_by, None);
    assert_eq!(r.ignore_empty, None);
    assert_eq!(job.counts(), Counts::default());
}

#[test]
fn seed_in_progress() {
    let job = decode(IN_PROGRESS);
    assert_eq!(job.id, "111111000000541958");
    assert_eq!(job.status, JobStatus::InProgress);
    assert_eq!(job.status_raw, "INPROGRESS");
    assert_eq!(job.operation, Operation::Insert);
    assert_eq!(job.character_encoding.as_deref(), Some("UTF-8"));
    assert_eq!(
        job.created_time.as_deref(),
        Some("2019-01-30T02:18:15-12:00")
    );
    assert_eq!(
        job.created_at.map(|t| t.epoch_millis),
        Some(1_548_857_895_000)
    );
    assert_eq!(job.created_by, patricia());
    assert_eq!(job.download_url, None);

    assert_eq!(job.resources.len(), 1);
    let r = &job.resources[0];
    assert_eq!(r.status, ResourceStatus::InProgress);
    assert_eq!(r.code.as_deref(), Some("ADDED"));
    assert_eq!(r.module, deals());
    assert_eq!(
        r.field_mappings,
        vec![plain_mapping("Deal_Name", 1), plain_mapping("Stage", 2)]
    );
    let file = r.file.as_ref().expect("file block");
    assert_eq!(file.status, ResourceStatus::InProgress);
    assert_eq!(file.name.as_deref(), Some("Deals.csv"));
    let expected = Counts {
        added: 0,
        updated: 0,
        skipped: 100,
        total: 100,
    };
    assert_eq!(file.counts, expected);
    assert_eq!(r.counts(), expected);
    assert_eq!(job.counts(), expected);
}

#[test]
fn seed_completed() {
    let job = decode(COMPLETED);
    assert_eq!(job.id, "111111000000541958");
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(job.status_raw, "COMPLETED");
    assert!(job.is_terminal());
    assert_eq!(job.operation, Operation::Insert);
    assert_eq!(job.character_encoding.as_deref(), Some("UTF-8"));
    assert_eq!(job.created_by, patricia());
    assert_eq!(
        job.download_url.as_deref(),
        Some("/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip")
    );

    let r = &job.resources[0];
    assert_eq!(r.status, ResourceStatus::Completed);
    assert_eq!(r.status_raw, "COMPLETED");
    assert_eq!(r.code.as_deref(), Some("SUCCESS"));
    assert_eq!(r.kind.as_deref(), Some("data"));
    assert_eq!(r.module, deals());
    let file = r.file.as_ref().expect("file block");
    assert_eq!(file.status, ResourceStatus::Completed);
    assert_eq!(file.name.as_deref(), Some("Deals.csv"));
    assert_eq!(file.counts.skipped, 100);
    assert_eq!(file.counts.total, 100);
    assert_eq!(file.counts.processed(), 100);
}

#[test]
fn the_three_samples_are_one_job_moving_forward() {
    let steps: Vec<Job> = [ADDED, IN_PROGRESS, COMPLETED].map(decode).into();
    assert!(steps.iter().all(|j| j.id == steps[0].id));
    let statuses: Vec<&str> = steps.iter().map(|j| j.status.token()).collect();
    assert_eq!(statuses, ["added", "in_progress", "completed"]);
}
