//! The create-job route: Zoho's validation errors, jobs built from the uploaded rows, scenario
//! behaviour through `X-Sim-Scenario`, and the callback when a job ends.

mod sim_support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use sim_support::*;

const LEADS: &[u8] = b"Last_Name,Company,Email,Phone\nBoyle,Acme,p@x.com,1\n,Globex,bad-email,2\nOkafor,Initech,P@X.com,3\n";

fn insert(file_id: &str) -> Value {
    json!({
        "operation": "insert",
        "resource": [{
            "type": "data",
            "module": {"api_name": "Leads"},
            "file_id": file_id,
            "field_mappings": [
                {"api_name": "Last_Name", "index": 0},
                {"api_name": "Company", "index": 1},
                {"api_name": "Email", "index": "2"}
            ]
        }]
    })
}

async fn create(r: &Router, body: &Value) -> Value {
    let a = post_json(r, "/crm/bulk/v8/write", Some(TOKEN), body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    a.json()
}

#[tokio::test]
async fn a_created_job_reads_its_rows_like_zoho() {
    let s = sim();
    let r = s.router();
    let file = upload(&r, &zip_of(&[("Leads.csv", LEADS)])).await;
    let j = create(&r, &insert(&file)).await;
    assert_eq!(
        (
            j["status"].as_str(),
            j["code"].as_str(),
            j["message"].as_str()
        ),
        (Some("success"), Some("SUCCESS"), Some("success"))
    );
    let id = j["details"]["id"].as_str().unwrap().to_string();
    assert!(j["details"]["created_by"]["name"].is_string());

    let d = details(&r, "v8", &id).await.json();
    assert_eq!(d["status"], "ADDED");
    assert_eq!(
        d["resource"][0]["field_mappings"][2]["index"], 2,
        "a string index is read"
    );
    // The reference sends file_id in v3+ parent/child jobs; a single file omits it, like the
    // seed's samples (the parent/child test below sees it).
    assert!(d["resource"][0].get("file_id").is_none(), "{d}");
    s.advance(Duration::from_secs(60));
    let d = details(&r, "v8", &id).await.json();
    assert_eq!(d["status"], "COMPLETED");
    let f = &d["resource"][0]["file"];
    assert_eq!(
        (
            f["added_count"].as_u64(),
            f["skipped_count"].as_u64(),
            f["total_count"].as_u64()
        ),
        (Some(1), Some(2), Some(3))
    );
    assert_eq!(f["name"], "Leads.csv");
    let url = d["result"]["download_url"].as_str().unwrap();
    let a = get(
        &r,
        url.trim_start_matches("http://127.0.0.1:8787"),
        Some(TOKEN),
    )
    .await;
    let files = unzip(&a.body);
    assert_eq!(files[0].0, "Leads-Leads.csv");
    let lines: Vec<&str> = files[0].1.lines().collect();
    assert_eq!(lines[0], "Last_Name,Company,Email,STATUS,RECORD_ID,ERRORS");
    assert!(lines[1].starts_with("Boyle,Acme,p@x.com,added,7391452"));
    assert_eq!(
        lines[2],
        ",Globex,bad-email,skipped,,MANDATORY_NOT_FOUND-Last_Name:INVALID_DATA-Email"
    );
    assert_eq!(
        lines[3],
        "Okafor,Initech,P@X.com,skipped,,DUPLICATE_DATA-Email"
    );
}

#[tokio::test]
async fn updates_and_upserts_follow_find_by_matches() {
    for (pct, op, expect) in [
        (100, "update", "updated"),
        (0, "update", "skipped"),
        (0, "upsert", "added"),
    ] {
        let s = sim_with(|c| c.existing_pct = pct);
        let r = s.router();
        let file = upload(
            &r,
            &zip_of(&[("Contacts.csv", b"Email,Last_Name\na@x.com,A\nb@x.com,B\n")]),
        )
        .await;
        let body = json!({
            "operation": op,
            "ignore_empty": true,
            "resource": [{"type": "data", "module": "Contacts", "file_id": file, "find_by": "Email",
                          "field_mappings": [{"api_name": "Email", "index": 0}, {"api_name": "Last_Name", "index": 1}]}]
        });
        let id = create(&r, &body).await["details"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        s.advance(Duration::from_secs(60));
        let d = details(&r, "v7", &id).await.json();
        assert_eq!(d["ignore_empty"], true, "top level before v8");
        let d8 = details(&r, "v8", &id).await.json();
        assert_eq!(
            d8["resource"][0]["ignore_empty"], true,
            "per resource in v8"
        );
        assert_eq!(d8["resource"][0]["find_by"], "Email");
        let url = d["result"]["download_url"].as_str().unwrap();
        let files = unzip(
            &get(&r, url.trim_start_matches("http://127.0.0.1:8787"), None)
                .await
                .body,
        );
        let line = files[0].1.lines().nth(1).unwrap().to_string();
        assert!(
            line.contains(&format!(",{expect},")),
            "{op} at {pct}%: {line}"
        );
        if expect == "skipped" {
            assert!(line.ends_with("RESOURCE_NOT_FOUND-Email"));
        }
    }
}

#[tokio::test]
async fn parent_child_jobs_pick_files_by_name() {
    let s = sim();
    let r = s.router();
    let file = upload(
        &r,
        &zip_of(&[
            ("Quotes.csv", b"Subject,Account\nQ1,Acme\n"),
            (
                "Items.csv",
                b"Parent,Product_Name,Quantity\nQ1,Widget,2\nQ1,Gizmo,1\n",
            ),
        ]),
    )
    .await;
    let body = json!({"operation": "insert", "resource": [
        {"type": "data", "module": {"api_name": "Quotes"}, "file_id": file, "file_names": ["Quotes.csv"],
         "field_mappings": [{"api_name": "Subject", "index": 0}]},
        {"type": "data", "module": {"api_name": "Quoted_Items"}, "file_id": file, "file_names": ["Items.csv"],
         "field_mappings": [{"api_name": "Parent_Id", "index": 0, "parent_column_index": 0},
                            {"api_name": "Product_Name", "index": 1}]}
    ]});
    let id = create(&r, &body).await["details"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.advance(Duration::from_secs(60));
    let d = details(&r, "v3", &id).await.json();
    assert_eq!(d["resource"][1]["file_names"], json!(["Items.csv"]));
    assert_eq!(
        d["resource"][1]["field_mappings"][0]["parent_column_index"],
        0
    );
    assert_eq!(d["resource"][1]["file"]["total_count"], 2);
    let url = d["result"]["download_url"].as_str().unwrap();
    let names: Vec<String> = unzip(
        &get(&r, url.trim_start_matches("http://127.0.0.1:8787"), None)
            .await
            .body,
    )
    .into_iter()
    .map(|(n, _)| n)
    .collect();
    assert_eq!(names, ["Quotes-Quotes.csv", "Quoted_Items-Items.csv"]);
}

#[tokio::test]
async fn validation_errors_as_zoho_names_them() {
    let s = sim();
    let r = s.router();
    let file = upload(&r, &zip_of(&[("Leads.csv", LEADS)])).await;
    let two = upload(&r, &zip_of(&[("A.csv", b"x\n1\n"), ("B.csv", b"y\n2\n")])).await;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut b = insert(&file);
        f(&mut b);
        b
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!([1, 2]), "INVALID_DATA", ""),
        (
            with(&|b| {
                b.as_object_mut().unwrap().remove("operation");
            }),
            "MISSING_REQUIRED_KEY",
            "operation",
        ),
        (
            with(&|b| b["operation"] = json!("delete")),
            "INVALID_DATA",
            "operation",
        ),
        (
            with(&|b| {
                b.as_object_mut().unwrap().remove("resource");
            }),
            "MISSING_REQUIRED_KEY",
            "resource",
        ),
        (
            with(&|b| b["resource"] = json!([])),
            "INVALID_DATA",
            "resource",
        ),
        (
            with(&|b| {
                b["resource"][0].as_object_mut().unwrap().remove("type");
            }),
            "MISSING_REQUIRED_KEY",
            "type",
        ),
        (
            with(&|b| b["resource"][0]["type"] = json!("meta")),
            "INVALID_DATA",
            "type",
        ),
        (
            with(&|b| {
                b["resource"][0].as_object_mut().unwrap().remove("module");
            }),
            "MISSING_REQUIRED_KEY",
            "module",
        ),
        (
            with(&|b| b["resource"][0]["module"] = json!({"api_name": "Le ads"})),
            "INVALID_MODULE",
            "module",
        ),
        (
            with(&|b| {
                b["resource"][0].as_object_mut().unwrap().remove("file_id");
            }),
            "MISSING_REQUIRED_KEY",
            "file_id",
        ),
        (
            with(&|b| b["resource"][0]["file_id"] = json!("123")),
            "INVALID_FILE_ID",
            "file_id",
        ),
        (
            with(&|b| b["resource"][0]["file_id"] = json!(two)),
            "MISSING_REQUIRED_KEY",
            "file_names",
        ),
        (
            with(&|b| b["resource"][0]["file_names"] = json!(["Nope.csv"])),
            "INVALID_DATA",
            "file_names",
        ),
        (
            with(&|b| {
                b["resource"][0]["field_mappings"] = json!([{"api_name": "Company", "index": 1}])
            }),
            "MANDATORY_FIELDS_NOT_MAPPED",
            "",
        ),
        (
            with(&|b| b["resource"][0]["field_mappings"][0]["index"] = json!(9)),
            "INVALID_DATA",
            "index",
        ),
        (
            with(&|b| {
                b["resource"][0]["field_mappings"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("index");
            }),
            "MISSING_REQUIRED_KEY",
            "index",
        ),
        (
            with(&|b| {
                b["resource"][0]["field_mappings"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("api_name");
            }),
            "MISSING_REQUIRED_KEY",
            "api_name",
        ),
        (
            with(&|b| b["operation"] = json!("update")),
            "MISSING_REQUIRED_KEY",
            "find_by",
        ),
        (
            with(&|b| {
                b["operation"] = json!("update");
                b["resource"][0]["find_by"] = json!("Phone");
            }),
            "INVALID_DATA",
            "find_by",
        ),
        (
            with(&|b| b["ignore_empty"] = json!("yes")),
            "INVALID_DATA",
            "ignore_empty",
        ),
        (
            with(&|b| b["callback"] = json!({"method": "post"})),
            "MISSING_REQUIRED_KEY",
            "url",
        ),
        (
            with(&|b| b["callback"] = json!({"url": "http://127.0.0.1:1/cb", "method": "get"})),
            "INVALID_DATA",
            "method",
        ),
        (
            with(&|b| b["callback"] = json!({"url": "http://169.254.169.254/", "method": "post"})),
            "INVALID_DATA",
            "url",
        ),
    ];
    for (body, code, api_name) in cases {
        let a = post_json(&r, "/crm/bulk/v8/write", Some(TOKEN), &body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}: {}", a.text());
        assert_eq!(a.code(), code, "{body}");
        if !api_name.is_empty() {
            assert_eq!(a.json()["details"]["api_name"], api_name, "{body}");
        }
    }
    let a = post_json(
        &r,
        "/crm/bulk/v8/write",
        Some(TOKEN),
        &with(&|b| {
            b["resource"][0]["field_mappings"] = json!([{"api_name": "Company", "index": 1}])
        }),
    )
    .await;
    assert_eq!(a.json()["details"]["api_names"], json!(["Last_Name"]));
    assert_eq!(a.json()["message"], "mandatory fields are not mapped");
    let a = send(
        &r,
        request(
            Method::POST,
            "/crm/bulk/v8/write",
            Some(TOKEN),
            Body::from("{not json"),
        ),
    )
    .await;
    assert_eq!(a.code(), "INVALID_DATA");
    let a = post_json(&r, "/crm/bulk/v8/write", None, &insert(&file)).await;
    assert_eq!(a.code(), "INVALID_TOKEN");
    // A default value stands in for an unmapped mandatory field.
    let ok = with(&|b| {
        b["resource"][0]["field_mappings"] = json!([
            {"api_name": "Company", "index": 1},
            {"api_name": "Last_Name", "default_value": {"value": "Unknown"}}
        ])
    });
    create(&r, &ok).await;
    // Without field_mappings, headers that are API names map themselves.
    create(
        &r,
        &with(&|b| {
            b["resource"][0]
                .as_object_mut()
                .unwrap()
                .remove("field_mappings");
        }),
    )
    .await;
}

#[tokio::test]
async fn a_scenario_header_gives_an_uploaded_job_its_fate() {
    let s = sim();
    let r = s.router();
    let file = upload(&r, &zip_of(&[("Leads.csv", LEADS)])).await;
    let mut req = request(
        Method::POST,
        "/crm/bulk/v8/write",
        Some(TOKEN),
        Body::from(insert(&file).to_string()),
    );
    req.headers_mut()
        .insert("x-sim-scenario", "failed".parse().unwrap());
    let a = send(&r, req).await;
    let id = a.json()["details"]["id"].as_str().unwrap().to_string();
    s.advance(Duration::from_secs(600));
    assert_eq!(details(&r, "v8", &id).await.json()["status"], "FAILED");
    let mut req = request(
        Method::POST,
        "/crm/bulk/v8/write",
        Some(TOKEN),
        Body::from(insert(&file).to_string()),
    );
    req.headers_mut()
        .insert("x-sim-scenario", "nope".parse().unwrap());
    assert_eq!(send(&r, req).await.code(), "INVALID_DATA");
}
