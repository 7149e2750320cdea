//! `bulkwatch inspect` driven as a process on the shared fixtures: the JSON shape field by field,
//! the readable summary, and exit codes 0 (job or Zoho error), 1 (unreadable body), 2 (usage).

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

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

fn inspect_stdin(args: &[&str], body: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .arg("inspect")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(body)
        .expect("writes the body");
    child.wait_with_output().expect("the binary ends")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn seed_completed_json_field_by_field() {
    let out = inspect(&["--json", &fixture("jobs/seed_completed.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let want = json!({
        "kind": "job",
        "job": {
            "id": "111111000000541958",
            "status": "completed",
            "status_raw": "COMPLETED",
            "operation": "insert",
            "character_encoding": "UTF-8",
            "created_time": "2019-01-30T02:18:15-12:00",
            "created_by": {"id": "111111000000035795", "name": "Patricia Boyle"},
            "resources": [{
                "module": "Deals",
                "status": "completed",
                "status_raw": "COMPLETED",
                "code": "SUCCESS",
                "file": {"name": "Deals.csv", "module": null, "added": 0, "updated": 0, "skipped": 100, "total": 100},
                "field_mappings": [
                    {"api_name": "Deal_Name", "index": 1, "find_by": null, "format": null},
                    {"api_name": "Stage", "index": 2, "find_by": null, "format": null}
                ]
            }],
            "download": {
                "url": "https://www.zohoapis.com/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip",
                "safe": true,
                "reason": null
            },
            "unreadable": []
        },
        "error": null
    });
    assert_eq!(json_of(&out), want);
}

#[test]
fn relative_download_resolves_against_the_api_domain() {
    let out = inspect(&[
        "--json",
        "--api-domain",
        "https://www.zohoapis.eu",
        &fixture("jobs/seed_completed.json"),
    ]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        json_of(&out)["job"]["download"]["url"],
        "https://www.zohoapis.eu/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip"
    );
}

#[test]
fn absolute_download_on_a_zoho_download_host_is_safe() {
    let out = inspect(&["--json", &fixture("jobs/v8_per_resource_ignore_empty.json")]);
    assert_eq!(code(&out), 0);
    let v = json_of(&out);
    assert_eq!(
        v["job"]["download"],
        json!({
            "url": "https://download-accl.zoho.eu/v2/crm/20061234/bulk-write/5725767000010431101/5725767000010431101.zip",
            "safe": true,
            "reason": null
        })
    );
    assert_eq!(v["job"]["operation"], "upsert");
    assert_eq!(
        v["job"]["resources"][0]["field_mappings"][2],
        json!({"api_name": "Closing_Date", "index": 2, "find_by": null, "format": "yyyy-MM-dd"})
    );
    assert_eq!(
        v["job"]["resources"][0]["field_mappings"][3]["find_by"],
        "Account_Name"
    );
}

#[test]
fn v2_running_job_without_file() {
    let out = inspect(&["--json", &fixture("jobs/v2_string_module_running.json")]);
    assert_eq!(code(&out), 0);
    let job = &json_of(&out)["job"];
    assert_eq!(job["status"], "in_progress");
    assert_eq!(job["resources"][0]["module"], "Leads");
    assert_eq!(job["resources"][0]["code"], Value::Null);
    assert_eq!(job["resources"][0]["file"], Value::Null);
    assert_eq!(job["download"], Value::Null);
    assert_eq!(
        job["resources"][0]["field_mappings"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn unknown_and_null_values_are_shown_not_fatal() {
    let out = inspect(&["--json", &fixture("jobs/unknown_status.json")]);
    assert_eq!(code(&out), 0);
    let job = &json_of(&out)["job"];
    assert_eq!(job["status"], "unknown");
    assert_eq!(job["status_raw"], "QUEUED");
    assert_eq!(job["operation"], "merge");
    assert_eq!(job["resources"][0]["status"], "unknown");
    assert_eq!(job["resources"][0]["status_raw"], "PAUSED");

    let out = inspect(&["--json", &fixture("jobs/null_heavy.json")]);
    assert_eq!(code(&out), 0);
    let job = &json_of(&out)["job"];
    assert_eq!(job["character_encoding"], Value::Null);
    assert_eq!(job["created_time"], Value::Null);
    assert_eq!(job["created_by"], Value::Null);
    assert_eq!(job["operation"], "");
    assert_eq!(
        job["resources"][0]["file"],
        json!({"name": null, "module": null, "added": 0, "updated": 0, "skipped": 0, "total": 0})
    );
    assert_eq!(
        job["resources"][0]["field_mappings"][0]["index"],
        Value::Null
    );
    assert_eq!(job["resources"][1]["module"], Value::Null);
    assert_eq!(job["resources"][1]["status_raw"], "");
}

#[test]
fn every_job_fixture_is_understood() {
    let dir = fixture("jobs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        let raw: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let out = inspect(&["--json", path.to_str().expect("utf-8 path")]);
        assert_eq!(code(&out), 0, "{}: {}", path.display(), stderr(&out));
        let v = json_of(&out);
        assert_eq!(v["kind"], "job");
        assert_eq!(v["error"], Value::Null);
        let want_id = match &raw["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(v["job"]["id"], want_id.as_str(), "{}", path.display());
        assert_eq!(v["job"]["status_raw"], raw["status"]);
        seen += 1;
    }
    assert!(seen >= 16, "only {seen} job fixtures");
}

#[test]
fn zoho_error_bodies_exit_zero_with_the_catalogue() {
    for (file, status, code_str, title) in [
        (
            "invalid_url_pattern",
            "404",
            "INVALID_URL_PATTERN",
            "Wrong request URL",
        ),
        (
            "oauth_scope_mismatch",
            "401",
            "OAUTH_SCOPE_MISMATCH",
            "Token lacks the bulk write scope",
        ),
        (
            "no_permission",
            "403",
            "NO_PERMISSION",
            "No permission to read bulk write jobs",
        ),
        (
            "internal_error",
            "500",
            "INTERNAL_ERROR",
            "Zoho internal error",
        ),
        (
            "invalid_request_method",
            "400",
            "INVALID_REQUEST_METHOD",
            "Wrong request method",
        ),
        (
            "authorization_failed",
            "400",
            "AUTHORIZATION_FAILED",
            "Not allowed to read this job",
        ),
        (
            "resource_not_found",
            "404",
            "RESOURCE_NOT_FOUND",
            "No job with this ID",
        ),
        (
            "invalid_token",
            "401",
            "INVALID_TOKEN",
            "Token invalid or expired",
        ),
        (
            "authentication_failure",
            "401",
            "AUTHENTICATION_FAILURE",
            "Authentication failed",
        ),
        (
            "too_many_requests",
            "429",
            "TOO_MANY_REQUESTS",
            "Too many requests",
        ),
        (
            "something_new",
            "400",
            "SOMETHING_NEW",
            "Zoho error SOMETHING_NEW",
        ),
    ] {
        let path = fixture(&format!("errors/{file}.json"));
        let out = inspect(&["--json", "--http-status", status, &path]);
        assert_eq!(code(&out), 0, "{file}: {}", stderr(&out));
        let body: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        let v = json_of(&out);
        assert_eq!(v["kind"], "error");
        assert_eq!(v["job"], Value::Null);
        let e = &v["error"];
        assert_eq!(e["code"], code_str);
        assert_eq!(e["http_status"].as_u64(), status.parse::<u64>().ok());
        assert_eq!(e["title"], title);
        assert_eq!(e["message"], body["message"], "{file}: message as sent");
        assert!(e["resolution"].as_str().is_some_and(|r| !r.is_empty()));
    }
    let out = inspect(&[
        "--json",
        "--http-status",
        "404",
        &fixture("errors/resource_not_found.json"),
    ]);
    assert_eq!(
        json_of(&out)["error"]["resolution"],
        "The job ID specified is invalid. Specify a valid job ID."
    );
}

#[test]
fn error_body_under_200_and_expired_link_are_understood() {
    let out = inspect(&["--json", &fixture("errors/invalid_token.json")]);
    assert_eq!(code(&out), 0);
    let e = &json_of(&out)["error"];
    assert_eq!(e["code"], "INVALID_TOKEN");
    assert_eq!(e["http_status"], 200);

    let out = inspect(&[
        "--json",
        "--http-status",
        "403",
        &fixture("errors/expired_link.json"),
    ]);
    assert_eq!(code(&out), 0);
    let e = &json_of(&out)["error"];
    assert_eq!(e["code"], "EXPIRED_DOWNLOAD_LINK");
    assert_eq!(e["http_status"], 403);
}

#[test]
fn unreadable_bodies_exit_one_with_a_single_line_reason() {
    for (file, status, want) in [
        ("malformed/empty.txt", "200", "DECODE_EMPTY"),
        ("malformed/whitespace.txt", "200", "DECODE_EMPTY"),
        ("malformed/html_502.html", "200", "DECODE_HTML"),
        ("malformed/text.txt", "200", "DECODE_NOT_JSON"),
        ("malformed/truncated.json", "200", "DECODE_TRUNCATED"),
        (
            "malformed/seed_added_verbatim.txt",
            "200",
            "DECODE_INVALID_JSON",
        ),
        ("malformed/array.json", "200", "DECODE_ARRAY"),
        ("malformed/scalar_string.json", "200", "DECODE_SCALAR"),
        ("malformed/scalar_number.json", "200", "DECODE_SCALAR"),
        ("malformed/scalar_null.json", "200", "DECODE_SCALAR"),
        ("malformed/wrapped_in_data.json", "200", "DECODE_SHAPE"),
        ("malformed/wrong_count_type.json", "200", "DECODE_SHAPE"),
        ("malformed/float_id.json", "200", "DECODE_SHAPE"),
        ("malformed/html_502.html", "502", "HTTP_ERROR"),
        ("jobs/seed_added.json", "404", "HTTP_ERROR"),
    ] {
        for json_flag in [true, false] {
            let path = fixture(file);
            let mut args = vec!["--http-status", status, path.as_str()];
            if json_flag {
                args.insert(0, "--json");
            }
            let out = inspect(&args);
            assert_eq!(code(&out), 1, "{file} {status}");
            let err = stderr(&out);
            assert_eq!(err.lines().count(), 1, "{file}: one line, got {err:?}");
            assert!(
                err.starts_with(&format!("bulkwatch inspect: {want}: ")),
                "{file}: {err}"
            );
            assert!(!err.contains("panicked"));
            if json_flag {
                let v = json_of(&out);
                assert_eq!(v["kind"], "error");
                assert_eq!(v["error"]["code"], want, "{file}");
                assert_eq!(
                    v["error"]["http_status"].as_u64(),
                    status.parse::<u64>().ok()
                );
            } else {
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                assert!(
                    text.starts_with(&format!("Error {want} (HTTP {status})")),
                    "{text}"
                );
            }
        }
    }
    let out = inspect(&["--json", &fixture("malformed/wrong_count_type.json")]);
    assert!(stderr(&out).contains("resource[0].file.added_count"));
}

#[test]
fn standard_input_and_hostile_download_links() {
    let body = br#"{"id": "1", "status": "COMPLETED", "result": {"download_url": " JaVaScRiPt:alert(1)"}}"#;
    let out = inspect_stdin(&["--json"], body);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let d = &json_of(&out)["job"]["download"];
    assert_eq!(d["safe"], false);
    assert!(d["reason"].as_str().is_some_and(|r| !r.is_empty()));
    assert_eq!(d["url"], " JaVaScRiPt:alert(1)");

    for url in [
        "http://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip",
        "https://download-accl.zoho.com.evil.com/v2/crm/1/bulk-write/2/2.zip",
        "https://user@download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip",
        "https://download-accl.zoho.com:8443/v2/crm/1/bulk-write/2/2.zip",
        "data:text/html,hi",
    ] {
        let body = json!({"id": "1", "status": "COMPLETED", "result": {"download_url": url}});
        let out = inspect_stdin(&["--json"], body.to_string().as_bytes());
        assert_eq!(code(&out), 0);
        assert_eq!(json_of(&out)["job"]["download"]["safe"], false, "{url}");
    }

    let out = inspect_stdin(&[], b"");
    assert_eq!(code(&out), 1);
}

#[test]
fn readable_summary_says_what_matters_and_keeps_the_terminal_safe() {
    let out = inspect(&[&fixture("jobs/v3_parent_child.json")]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.starts_with("Job 4876876000006855101: completed (COMPLETED)"),
        "{text}"
    );
    assert!(
        text.contains("added 25, updated 9, skipped 4, total 38"),
        "{text}"
    );
    assert!(
        text.contains("resource 2: Quoted_Items completed (COMPLETED)"),
        "{text}"
    );
    assert!(
        text.contains("download:  https://www.zohoapis.com/v3/crm/"),
        "{text}"
    );

    let body = json!({"id": "1", "status": "ADDED\u{1b}[2J", "resource": [{"module": "Le\u{1b}]0;pwned\u{7}ads"}]});
    let out = inspect_stdin(&[], body.to_string().as_bytes());
    assert_eq!(code(&out), 0);
    assert!(
        !out.stdout.contains(&0x1b),
        "no escape sequence reaches the terminal"
    );
    assert!(!out.stdout.contains(&0x07));
}

#[test]
fn usage_errors_exit_two() {
    let seed = fixture("jobs/seed_added.json");
    for args in [
        vec![],
        vec!["--http-status", "99", seed.as_str()],
        vec!["--http-status", "600", seed.as_str()],
        vec!["--http-status", "abc", seed.as_str()],
        vec!["--api-domain", "http://evil.example", seed.as_str()],
        vec![
            "--api-domain",
            "https://user@www.zohoapis.com",
            seed.as_str(),
        ],
        vec!["--api-domain", "not a url", seed.as_str()],
        vec!["--no-such-flag", seed.as_str()],
        vec!["/no/such/file.json"],
    ] {
        let out = inspect(&args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!stderr(&out).is_empty());
    }
    // A loopback simulator origin is a fine API domain.
    let out = inspect(&["--api-domain", "http://127.0.0.1:8080", &seed]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
