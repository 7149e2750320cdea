//! Each fault scenario misbehaves exactly as listed, on the polls it names, and tags its answers
//! in the request log.

mod sim_support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use bulkwatch_server::sim::{JobRequest, LogQuery, ScenarioKind, Sim};
use http_body_util::BodyExt;
use sim_support::*;
use tower::ServiceExt;

fn sim_for(kind: ScenarioKind) -> Sim {
    let s = sim();
    s.create_job(JobRequest::new(kind).with_id("100")).unwrap();
    s
}

fn faults_logged(s: &Sim) -> Vec<Option<&'static str>> {
    s.log(&LogQuery::default())
        .iter()
        .map(|e| e.fault)
        .collect()
}

#[tokio::test]
async fn latency_holds_every_answer_until_the_clock_moves() {
    let s = sim_for(ScenarioKind::FaultLatency);
    let r = s.router();
    let pending = tokio::spawn({
        let r = r.clone();
        async move { details(&r, "v8", "100").await }
    });
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    assert!(!pending.is_finished(), "answered before its latency");
    s.advance(Duration::from_millis(2999));
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    assert!(!pending.is_finished(), "answered 1 ms early");
    s.advance(Duration::from_millis(1));
    let a = pending.await.unwrap();
    assert_eq!(a.status, StatusCode::OK);
    let log = s.log(&LogQuery::default());
    assert_eq!(log[0].fault, Some("latency"));
    assert_eq!(log[0].duration_ms, 3000);
}

#[tokio::test]
async fn drop_mid_body_on_every_second_poll() {
    let s = sim_for(ScenarioKind::FaultDropMidBody);
    let r = s.router();
    assert_eq!(details(&r, "v8", "100").await.status, StatusCode::OK);
    let resp = r
        .clone()
        .oneshot(request(
            Method::GET,
            "/crm/bulk/v8/write/100",
            Some(TOKEN),
            Body::empty(),
        ))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let announced: usize = resp.headers()[header::CONTENT_LENGTH]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut body = resp.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(!first.is_empty() && first.len() < announced);
    assert!(
        body.frame().await.unwrap().is_err(),
        "the body must end in an error"
    );
    assert_eq!(details(&r, "v8", "100").await.status, StatusCode::OK);
    assert_eq!(faults_logged(&s), vec![None, Some("drop-mid-body"), None]);
}

#[tokio::test]
async fn truncated_json_on_every_second_poll() {
    let s = sim_for(ScenarioKind::FaultTruncatedJson);
    let r = s.router();
    let whole = details(&r, "v8", "100").await;
    let cut = details(&r, "v8", "100").await;
    assert_eq!(cut.status, StatusCode::OK);
    assert!(serde_json::from_slice::<serde_json::Value>(&cut.body).is_err());
    assert!(whole.text().starts_with(&cut.text()));
    assert!(cut.body.len() < whole.body.len());
    assert_eq!(faults_logged(&s)[1], Some("truncated-json"));
}

#[tokio::test]
async fn html_page_with_200_on_every_third_poll() {
    let s = sim_for(ScenarioKind::FaultHtml200);
    let r = s.router();
    for poll in 1..=6 {
        let a = details(&r, "v8", "100").await;
        assert_eq!(a.status, StatusCode::OK);
        let html = a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        assert_eq!(html, poll % 3 == 0, "poll {poll}");
        if html {
            assert!(a.text().starts_with("<!DOCTYPE html>"));
        } else {
            a.json();
        }
    }
}

#[tokio::test]
async fn burst_of_5xx_then_recovery() {
    let s = sim_for(ScenarioKind::FaultBurst5xx);
    let r = s.router();
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(details(&r, "v8", "100").await);
    }
    let codes: Vec<u16> = statuses.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(codes, vec![200, 500, 502, 503, 504, 200, 200]);
    assert_eq!(statuses[1].code(), "INTERNAL_ERROR");
    assert!(statuses[2].text().contains("502 Bad Gateway"));
}

#[tokio::test]
async fn storm_of_429_with_retry_after_then_recovery() {
    let s = sim_for(ScenarioKind::Fault429Storm);
    let r = s.router();
    let mut codes = Vec::new();
    for poll in 1..=9 {
        let a = details(&r, "v8", "100").await;
        if a.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(a.code(), "TOO_MANY_REQUESTS");
            assert_eq!(a.headers[header::RETRY_AFTER], "2", "poll {poll}");
        }
        codes.push(a.status.as_u16());
    }
    assert_eq!(codes, vec![200, 429, 429, 429, 429, 429, 429, 200, 200]);
    assert!(faults_logged(&s)[1..7]
        .iter()
        .all(|f| *f == Some("storm-429")));
}

#[tokio::test]
async fn expired_download_link() {
    let s = sim_for(ScenarioKind::FaultExpiredLink);
    let r = s.router();
    s.advance(Duration::from_secs(3600));
    let j = details(&r, "v8", "100").await.json();
    assert_eq!(j["status"], "COMPLETED");
    let url = j["result"]["download_url"].as_str().unwrap();
    let path = url.strip_prefix("http://127.0.0.1:8787").unwrap();
    let a = get(&r, path, Some(TOKEN)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(
        a.json(),
        serde_json::json!({"info": "Forbidden", "x-info": "Link not valid"})
    );
}

#[tokio::test]
async fn links_expire_after_their_ttl() {
    let s = sim_with(|c| c.link_ttl_secs = 60);
    let job = s
        .create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("101"))
        .unwrap();
    let r = s.router();
    let end = job.end_ms().unwrap();
    s.advance(Duration::from_millis(end));
    let path = "/v2/crm/7391452/bulk-write/101/101.zip";
    assert_eq!(get(&r, path, Some(TOKEN)).await.status, StatusCode::OK);
    s.advance(Duration::from_millis(59_999));
    assert_eq!(get(&r, path, None).await.status, StatusCode::OK);
    s.advance(Duration::from_millis(1));
    assert_eq!(
        get(&r, path, Some(TOKEN)).await.status,
        StatusCode::FORBIDDEN
    );
}
