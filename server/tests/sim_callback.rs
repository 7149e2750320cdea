//! The job-end callback: posted to a loopback receiver when a job completes or fails, with the
//! job's details, and listed at `GET /__sim/callbacks`.

mod sim_support;

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use sim_support::*;
use tokio::sync::mpsc;

const LEADS: &[u8] = b"Last_Name,Company\nBoyle,Acme\n";

async fn receiver() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new()
        .route(
            "/cb",
            post(
                |State(tx): State<mpsc::UnboundedSender<Value>>, body: String| async move {
                    let _ = tx.send(serde_json::from_str(&body).unwrap_or(Value::Null));
                    "ok"
                },
            ),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/cb"), rx)
}

#[tokio::test]
async fn the_callback_is_posted_when_the_job_ends() {
    let (url, mut rx) = receiver().await;
    let s = sim();
    let r = s.router();
    let file = upload(&r, &zip_of(&[("Leads.csv", LEADS)])).await;
    let body = json!({
        "operation": "insert",
        "callback": {"url": url, "method": "post"},
        "resource": [{"type": "data", "module": {"api_name": "Leads"}, "file_id": file}]
    });
    let a = post_json(&r, "/crm/bulk/v8/write", Some(TOKEN), &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let id = a.json()["details"]["id"].as_str().unwrap().to_string();
    let d = details(&r, "v8", &id).await.json();
    assert_eq!(d["callback"], json!({"url": url, "method": "post"}));
    s.advance(Duration::from_secs(60));
    let got = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got["id"], id.as_str());
    assert_eq!(got["status"], "COMPLETED");
    assert!(got["result"]["download_url"].is_string());
    // Scenario jobs take callbacks too, and the simulator lists what it sent.
    let a = post_json(
        &r,
        "/__sim/jobs",
        None,
        &json!({"scenario": "failed", "callback": {"url": url}}),
    )
    .await;
    let sid = a.json()["id"].as_str().unwrap().to_string();
    s.advance(Duration::from_secs(600));
    let got = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (got["id"].as_str(), got["status"].as_str()),
        (Some(sid.as_str()), Some("FAILED"))
    );
    // The record lands once the receiver's answer is read; wait for it without sleeping.
    let listed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let sent = get(&r, "/__sim/callbacks", None).await.json();
            if sent
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["job_id"] == id.as_str() && c["status"] == 200)
            {
                break;
            }
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(listed.is_ok(), "the callback was not recorded");
}
