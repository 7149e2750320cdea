//! `bulkwatch inspect` on the bodies issue 13 added: a job with odd optional fields is a job
//! (exit 0) whose unreadable fields are listed exactly as the core's decoder lists them (the
//! page counts the same list), and a Zoho error body without `"status":"error"` is the same
//! catalogue error the page shows.

use bulkwatch_core::error::ZohoCode;
use bulkwatch_core::model::decode_job_response;
use serde_json::{json, Value};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_bulkwatch");

fn fixture(rel: &str) -> String {
    format!("{}/../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn inspect(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("inspect")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn odd_optional_fields_are_listed_and_the_job_kept() {
    let path = fixture("jobs/odd_optional_fields.json");
    let out = inspect(&["--json", &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["kind"], "job");
    let job = &v["job"];
    assert_eq!(job["id"], "111111000000541960");
    assert_eq!(job["resources"][0]["file"]["total"], 100);
    assert_eq!(job["resources"][0]["file"]["module"], "Leads");
    assert_eq!(
        job["resources"][0]["field_mappings"][1]["format"],
        Value::Null
    );
    assert_eq!(
        job["unreadable"],
        json!([
            {"path": "ignore_empty", "raw": "\"true\"", "expected": "true or false"},
            {"path": "resource[0].code", "raw": "200", "expected": "a text"},
            {"path": "resource[0].file_names", "raw": "[\"Leads.csv\",null]", "expected": "a list of file names"},
            {"path": "resource[0].field_mappings[1].format", "raw": "12", "expected": "a text"}
        ])
    );
    // The page's list is the core's list: the same paths and raw values.
    let body = std::fs::read(&path).expect("fixture");
    let core = decode_job_response(200, &body).expect("decodes");
    let from_cli: Vec<(String, String)> = job["unreadable"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| {
            (
                u["path"].as_str().unwrap_or("").to_string(),
                u["raw"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let from_core: Vec<(String, String)> = core
        .unreadable
        .iter()
        .map(|u| (u.path.clone(), u.raw.clone()))
        .collect();
    assert_eq!(from_cli, from_core);

    let out = inspect(&[&path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not understood: 4 field(s)"), "{text}");
    assert!(
        text.contains("resource[0].field_mappings[1].format = 12 (expected a text)"),
        "{text}"
    );
}

#[test]
fn an_error_body_without_status_is_the_catalogue_error() {
    let path = fixture("errors/resource_not_found_no_status.json");
    let out = inspect(&["--json", "--http-status", "404", &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    let entry = ZohoCode::ResourceNotFound.entry().expect("catalogued");
    assert_eq!(
        v["error"],
        json!({
            "code": "RESOURCE_NOT_FOUND",
            "http_status": 404,
            "title": entry.title,
            "message": "The requested resource doesn't exist.",
            "resolution": entry.resolution
        })
    );
}
