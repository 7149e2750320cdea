//! The simulator's bodies: upload and create-job answers, the create-job request, and the wire
//! job written back out (serialising keeps Zoho's shapes so a decode of it gives the same job).

use bulkwatch_core::model::Job;
use bulkwatch_core::wire::{
    job_from_value, WireCreateJobAnswer, WireCreateJobRequest, WireErrorBody, WireJob,
    WireLinkError, WireModule, WireUploadAnswer,
};
use serde_json::{json, Value};

fn value(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is valid JSON")
}

#[test]
fn upload_answer() {
    let a: WireUploadAnswer =
        serde_json::from_str(include_str!("../../tests/fixtures/answers/upload.json"))
            .expect("decodes");
    assert_eq!(a.status, "success");
    assert_eq!(a.code, "FILE_UPLOAD_SUCCESS");
    assert_eq!(a.message, "file uploaded.");
    assert_eq!(a.details.file_id, "111111000001547001");
    assert_eq!(
        a.details.created_time.as_deref(),
        Some("2019-01-30T02:12:10-12:00")
    );
}

#[test]
fn create_job_answer() {
    let a: WireCreateJobAnswer =
        serde_json::from_str(include_str!("../../tests/fixtures/answers/create_job.json"))
            .expect("decodes");
    assert_eq!(a.status, "success");
    assert_eq!(a.code, "SUCCESS");
    assert_eq!(a.message, "success");
    assert_eq!(a.details.id, "111111000000541958");
    let by = a.details.created_by.expect("created_by");
    assert_eq!(by.id.as_deref(), Some("111111000000035795"));
    assert_eq!(by.name.as_deref(), Some("Patricia Boyle"));
}

#[test]
fn create_job_request() {
    let r: WireCreateJobRequest = serde_json::from_str(include_str!(
        "../../tests/fixtures/answers/create_job_request.json"
    ))
    .expect("decodes");
    assert_eq!(r.operation, "upsert");
    assert_eq!(r.ignore_empty, Some(true));
    assert_eq!(
        r.callback.as_ref().and_then(|c| c.url.as_deref()),
        Some("https://hooks.example.com/bulk/done")
    );
    assert_eq!(r.resource.len(), 2);
    let parent = &r.resource[0];
    assert_eq!(parent.kind.as_deref(), Some("data"));
    assert_eq!(parent.module.api_name(), Some("Quotes"));
    assert_eq!(parent.file_id, "4876876000006855001");
    assert_eq!(
        parent.file_names.as_deref(),
        Some(&["Quotes.csv".to_string()][..])
    );
    assert_eq!(parent.find_by.as_deref(), Some("id"));
    let child = &r.resource[1];
    assert_eq!(child.field_mappings[0].parent_column_index, Some(0));
    assert_eq!(child.field_mappings[0].find_by.as_deref(), Some("id"));
    assert_eq!(child.field_mappings[1].index, Some(2));
    assert_eq!(
        child.field_mappings[1].default_value,
        Some(json!({"value": 1}))
    );
    // Writing it back and reading again changes nothing.
    let again: WireCreateJobRequest =
        serde_json::from_value(serde_json::to_value(&r).expect("serialises")).expect("decodes");
    assert_eq!(again, r);
}

#[test]
fn every_job_fixture_round_trips_through_serialisation() {
    for (name, text) in [
        (
            "seed_added",
            include_str!("../../tests/fixtures/jobs/seed_added.json"),
        ),
        (
            "seed_completed",
            include_str!("../../tests/fixtures/jobs/seed_completed.json"),
        ),
        (
            "v2_numeric_id",
            include_str!("../../tests/fixtures/jobs/v2_numeric_id.json"),
        ),
        (
            "v2_running",
            include_str!("../../tests/fixtures/jobs/v2_string_module_running.json"),
        ),
        (
            "v3_parent_child",
            include_str!("../../tests/fixtures/jobs/v3_parent_child.json"),
        ),
        (
            "callback",
            include_str!("../../tests/fixtures/jobs/callback.json"),
        ),
        (
            "null_heavy",
            include_str!("../../tests/fixtures/jobs/null_heavy.json"),
        ),
        (
            "v8",
            include_str!("../../tests/fixtures/jobs/v8_per_resource_ignore_empty.json"),
        ),
        (
            "numeric_string_counts",
            include_str!("../../tests/fixtures/jobs/numeric_string_counts.json"),
        ),
    ] {
        let wire: WireJob = job_from_value(value(text)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = serde_json::to_value(&wire).expect("serialises");
        let reread: WireJob = job_from_value(written).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(reread, wire, "{name}");
        assert_eq!(Job::from(reread), Job::from(wire), "{name}");
    }
}

#[test]
fn serialised_job_keeps_zoho_shapes() {
    let wire: WireJob = job_from_value(value(include_str!(
        "../../tests/fixtures/jobs/v2_numeric_id.json"
    )))
    .expect("decodes");
    let out = serde_json::to_value(&wire).expect("serialises");
    // Ids come out as strings, a v2 module stays a plain string, `type` keeps its name,
    // absent blocks stay absent and mapping nulls stay explicit.
    assert_eq!(out["id"], json!("3652397000000624123"));
    assert_eq!(out["resource"][0]["module"], json!("Contacts"));
    assert_eq!(out["resource"][0]["type"], json!("data"));
    assert!(out.get("callback").is_none());
    assert_eq!(
        out["resource"][0]["field_mappings"][0]["format"],
        Value::Null
    );
    assert!(matches!(wire.resource[0].module, Some(WireModule::Name(_))));
}

#[test]
fn error_and_link_bodies_are_recognised_only_when_they_are_one() {
    let err = WireErrorBody::from_value(&value(include_str!(
        "../../tests/fixtures/errors/invalid_token.json"
    )))
    .expect("an error body");
    assert_eq!(err.code, "INVALID_TOKEN");
    assert_eq!(err.message, "invalid oauth token");
    assert_eq!(err.details, json!({}));
    assert_eq!(err.status, "error");
    // A success answer is not an error body; neither is a job.
    assert!(WireErrorBody::from_value(&value(include_str!(
        "../../tests/fixtures/answers/upload.json"
    )))
    .is_none());
    assert!(WireErrorBody::from_value(&json!({"status": "error", "code": 5})).is_none());
    assert!(WireErrorBody::from_value(&json!({"status": "ERROR", "code": "X"})).is_some());

    let link = WireLinkError::from_value(&value(include_str!(
        "../../tests/fixtures/errors/expired_link.json"
    )))
    .expect("a link error");
    assert_eq!(link.info.as_deref(), Some("Forbidden"));
    assert_eq!(link.x_info.as_deref(), Some("Link not valid"));
    assert!(WireLinkError::from_value(&json!({"info": "x", "status": "ADDED"})).is_none());
    assert!(WireLinkError::from_value(&json!({"info": {"more_records": false}})).is_none());
}
