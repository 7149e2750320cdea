//! The happy path as a real client runs it, over a loopback socket with reqwest: upload a CSV
//! (zipped) → create the job → poll to COMPLETED on the manual clock → download the result →
//! open the zip → check columns, STATUS and ERRORS. Also the relative link form and a real
//! dropped connection.

mod sim_support;

use std::time::Duration;

use bulkwatch_server::sim::{DownloadForm, JobRequest, ScenarioKind, Sim, SimConfig};
use reqwest::header::{AUTHORIZATION, CONTENT_DISPOSITION, CONTENT_TYPE};
use serde_json::{json, Value};
use sim_support::{multipart, unzip, zip_of, BOUNDARY, TOKEN};

/// Starts a simulator on a free loopback port; returns it and its origin.
async fn serve(tweak: impl FnOnce(&mut SimConfig)) -> (Sim, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let mut config = SimConfig::for_tests(&[TOKEN]);
    config.public_origin = origin.clone();
    tweak(&mut config);
    let sim = Sim::new(config);
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, origin)
}

fn auth() -> String {
    format!("Zoho-oauthtoken {TOKEN}")
}

async fn upload_and_create(http: &reqwest::Client, origin: &str) -> String {
    let csv = b"Last_Name|Company|Email|Phone\nBoyle|Acme|p@x.com|1\n|Globex|g@x.com|2\nOkafor|Initech|p@x.com|3\nTanaka|Hooli|t@x|4\n";
    let up: Value = http
        .post(format!("{origin}/crm/v8/upload"))
        .header(AUTHORIZATION, auth())
        .header("feature", "bulk-write")
        .header("X-CRM-ORG", "7391452")
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart("leads.zip", &zip_of(&[("leads.csv", csv)])))
        .send()
        .await
        .unwrap()
        .json_value()
        .await;
    assert_eq!(up["code"], "FILE_UPLOAD_SUCCESS");
    let file_id = up["details"]["file_id"].as_str().unwrap();
    let body = json!({
        "operation": "insert",
        "resource": [{"type": "data", "module": {"api_name": "Leads"}, "file_id": file_id,
            "field_mappings": [
                {"api_name": "Last_Name", "index": 0},
                {"api_name": "Company", "index": 1},
                {"api_name": "Email", "index": 2},
                {"api_name": "Phone", "index": 3}
            ]}]
    });
    let resp = http
        .post(format!("{origin}/crm/bulk/v8/write"))
        .header(AUTHORIZATION, auth())
        .header(CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    resp.json_value().await["details"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

trait JsonValue {
    async fn json_value(self) -> Value;
}
impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        let text = self.text().await.unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }
}

async fn poll_to_end(sim: &Sim, http: &reqwest::Client, origin: &str, id: &str) -> Value {
    let mut seen = Vec::new();
    for _ in 0..100 {
        let j = http
            .get(format!("{origin}/crm/bulk/v8/write/{id}"))
            .header(AUTHORIZATION, auth())
            .send()
            .await
            .unwrap()
            .json_value()
            .await;
        let status = j["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "COMPLETED" {
            assert_eq!(seen, ["ADDED", "INPROGRESS", "COMPLETED"]);
            return j;
        }
        sim.advance(Duration::from_millis(250));
    }
    panic!("never completed: {seen:?}");
}

#[tokio::test]
async fn happy_path_over_loopback() {
    let (sim, origin) = serve(|c| c.rows_per_sec = 1).await;
    let http = reqwest::Client::new();
    let id = upload_and_create(&http, &origin).await;
    let done = poll_to_end(&sim, &http, &origin, &id).await;
    let file = &done["resource"][0]["file"];
    assert_eq!(file["added_count"], 1);
    assert_eq!(file["skipped_count"], 3);
    assert_eq!(file["total_count"], 4);
    let url = done["result"]["download_url"].as_str().unwrap();
    assert_eq!(
        url,
        format!("{origin}/v2/crm/7391452/bulk-write/{id}/{id}.zip")
    );

    let resp = http
        .get(url)
        .header(AUTHORIZATION, auth())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()[CONTENT_TYPE], "application/zip");
    assert_eq!(
        resp.headers()[CONTENT_DISPOSITION],
        format!("attachment; filename=\"{id}.zip\"").as_str()
    );
    let files = unzip(&resp.bytes().await.unwrap());
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "Leads-leads.csv");
    let mut rd = csv::Reader::from_reader(files[0].1.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Last_Name",
            "Company",
            "Email",
            "STATUS",
            "RECORD_ID",
            "ERRORS"
        ]
    );
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let status: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(status, ["added", "skipped", "skipped", "skipped"]);
    assert_eq!(rows[0][4].len(), 19);
    let errors: Vec<&str> = rows.iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        errors,
        [
            "",
            "MANDATORY_NOT_FOUND-Last_Name",
            "DUPLICATE_DATA-Email",
            "INVALID_DATA-Email"
        ]
    );
    // The request log saw it all, without the token.
    let log = http
        .get(format!("{origin}/__sim/log?path_prefix=/crm"))
        .send()
        .await
        .unwrap();
    let text = log.text().await.unwrap();
    assert!(!text.contains(TOKEN));
    assert!(text.contains("/crm/v8/upload") && text.contains("/crm/bulk/v8/write"));
}

#[tokio::test]
async fn relative_links_resolve_against_the_api_origin() {
    let (sim, origin) = serve(|c| c.download_form = DownloadForm::Relative).await;
    let http = reqwest::Client::new();
    let id = upload_and_create(&http, &origin).await;
    let done = poll_to_end(&sim, &http, &origin, &id).await;
    let rel = done["result"]["download_url"].as_str().unwrap();
    assert_eq!(rel, format!("/v8/crm/org7391452/bulk-write/{id}/{id}.zip"));
    let url = url::Url::parse(&origin).unwrap().join(rel).unwrap();
    let resp = http
        .get(url)
        .header(AUTHORIZATION, auth())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(unzip(&resp.bytes().await.unwrap()).len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error_for_the_client() {
    let (sim, origin) = serve(|_| {}).await;
    sim.create_job(JobRequest::new(ScenarioKind::FaultDropMidBody).with_id("31"))
        .unwrap();
    let http = reqwest::Client::new();
    let get = || {
        http.get(format!("{origin}/crm/bulk/v8/write/31"))
            .header(AUTHORIZATION, auth())
            .send()
    };
    assert!(get().await.unwrap().text().await.is_ok());
    let resp = get().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.bytes().await.is_err(), "the body must break off");
    assert!(
        get().await.unwrap().text().await.is_ok(),
        "the next poll works"
    );
}

#[tokio::test]
async fn download_base_makes_links_look_like_zohos() {
    let (sim, origin) =
        serve(|c| c.download_base = Some("https://download-accl.zoho.com".into())).await;
    sim.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("32"))
        .unwrap();
    sim.advance(Duration::from_secs(3600));
    let http = reqwest::Client::new();
    let j = http
        .get(format!("{origin}/crm/bulk/v8/write/32"))
        .header(AUTHORIZATION, auth())
        .send()
        .await
        .unwrap()
        .json_value()
        .await;
    assert_eq!(
        j["result"]["download_url"],
        "https://download-accl.zoho.com/v2/crm/7391452/bulk-write/32/32.zip"
    );
    // The simulator serves that path itself, so a proxy can map the host onto it.
    let resp = http
        .get(format!("{origin}/v2/crm/7391452/bulk-write/32/32.zip"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}
