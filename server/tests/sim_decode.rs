//! The core model decodes every answer the simulator produces: every job body, for every version,
//! scenario and phase (agreeing on status, counts and link), every error body (to its code),
//! the expired-link body, and each fault's broken body (to its own error kind).

mod sim_support;

use std::time::Duration;

use axum::body::Body;
use axum::http::Method;
use bulkwatch_core::error::{classify_failure, BwError};
use bulkwatch_core::model::{decode_job_response, JobStatus};
use bulkwatch_server::sim::{JobRequest, ScenarioKind, TokenSpec};
use serde_json::Value;
use sim_support::*;

const VERSIONS: [&str; 8] = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

#[tokio::test]
async fn every_job_body_decodes_for_every_version_and_scenario() {
    for spelling in ["INPROGRESS", "IN PROGRESS"] {
        for kind in ScenarioKind::ALL
            .into_iter()
            .filter(|k| *k != ScenarioKind::FaultLatency)
        {
            let s = sim_with(|c| {
                c.in_progress_spelling = spelling.into();
                c.v2_numeric_id = true;
            });
            let job = s
                .create_job(JobRequest::new(kind).with_id("7391452000000000555"))
                .unwrap();
            let r = s.router();
            let end = job.end_ms().unwrap_or(100_000);
            let mut decoded = 0;
            for at in [0, 5_500, end / 2, end, end + 60_000] {
                s.advance(Duration::from_millis(at.saturating_sub(s.clock().sim_ms())));
                for v in VERSIONS {
                    let a = details(&r, v, &job.id).await;
                    let result = decode_job_response(a.status.as_u16(), &a.body);
                    let Ok(j) = serde_json::from_slice::<Value>(&a.body) else {
                        // A fault broke the body: the core must say so, not decode a job.
                        assert!(result.is_err(), "{kind:?} {v}: a broken body decoded");
                        continue;
                    };
                    // An error body, with or without `"status": "error"`.
                    if j["status"] == "error" || (a.status != 200 && j.get("code").is_some()) {
                        assert!(result.is_err());
                        continue;
                    }
                    let m = result.unwrap_or_else(|e| panic!("{kind:?} {v} at {at}: {e}\n{j}"));
                    decoded += 1;
                    assert_eq!(m.id, job.id, "{v}: numeric v2 ids read as text");
                    let want = match j["status"].as_str().unwrap() {
                        "ADDED" => JobStatus::Added,
                        "COMPLETED" => JobStatus::Completed,
                        "FAILED" => JobStatus::Failed,
                        _ => JobStatus::InProgress,
                    };
                    assert_eq!(m.status, want, "{kind:?} {v}");
                    assert_eq!(m.status_raw, j["status"].as_str().unwrap());
                    assert_eq!(m.resources.len(), job.resources.len());
                    assert_eq!(m.download_url.is_some(), want == JobStatus::Completed);
                    for (mr, wr) in m.resources.iter().zip(j["resource"].as_array().unwrap()) {
                        let api = wr["module"]["api_name"].as_str().or(wr["module"].as_str());
                        assert_eq!(mr.module.as_ref().map(|x| x.api_name.as_str()), api);
                        if let (Some(f), Some(total)) =
                            (&mr.file, wr["file"]["total_count"].as_u64())
                        {
                            assert_eq!(f.counts.total, total);
                            assert_eq!(f.counts.total, f.counts.processed());
                        }
                        if v == "v2" && !m.is_terminal() {
                            assert!(mr.file.is_none(), "v2 has no file while running");
                        }
                    }
                    if matches!(
                        kind,
                        ScenarioKind::UpsertParentChild | ScenarioKind::Rows250k
                    ) {
                        assert!(m.is_parent_child());
                    }
                }
            }
            // These two answer every poll with an error.
            if !matches!(
                kind,
                ScenarioKind::FaultInternalError | ScenarioKind::FaultErrorWithoutStatus
            ) {
                assert!(decoded > 0, "{kind:?}: nothing decoded");
            }
        }
    }
}

#[tokio::test]
async fn every_error_body_decodes_to_its_code() {
    let s = sim_with(|c| {
        c.tokens.extend(
            [
                "narrow:ZohoCRM.bulk.READ",
                "np:!no-permission",
                "af:!authorization-failed",
                "authn:!authentication-failure",
            ]
            .map(|t| TokenSpec::parse(t).unwrap()),
        );
        c.budgets.rate_limit = 2;
    });
    s.create_job(JobRequest::new(ScenarioKind::FaultInternalError).with_id("9"))
        .unwrap();
    let r = s.router();
    let mut answers = vec![
        ("INVALID_TOKEN", get(&r, "/crm/bulk/v8/write/1", None).await),
        (
            "OAUTH_SCOPE_MISMATCH",
            get(&r, "/crm/bulk/v8/write/1", Some("narrow")).await,
        ),
        (
            "NO_PERMISSION",
            get(&r, "/crm/bulk/v8/write/1", Some("np")).await,
        ),
        (
            "AUTHORIZATION_FAILED",
            get(&r, "/crm/bulk/v8/write/1", Some("af")).await,
        ),
        (
            "AUTHENTICATION_FAILURE",
            get(&r, "/crm/bulk/v8/write/1", Some("authn")).await,
        ),
        (
            "INVALID_URL_PATTERN",
            get(&r, "/crm/bulk/v9/write/1", Some(TOKEN)).await,
        ),
        (
            "INVALID_REQUEST_METHOD",
            send(
                &r,
                request(
                    Method::DELETE,
                    "/crm/bulk/v8/write/1",
                    Some(TOKEN),
                    Body::empty(),
                ),
            )
            .await,
        ),
        ("RESOURCE_NOT_FOUND", details(&r, "v8", "1").await),
        ("INTERNAL_ERROR", details(&r, "v8", "9").await),
    ];
    answers.push(("TOO_MANY_REQUESTS", details(&r, "v8", "1").await));
    for (code, a) in answers {
        let err = decode_job_response(a.status.as_u16(), &a.body).unwrap_err();
        assert_eq!(err.code(), code, "{}", a.text());
        assert!(matches!(err, BwError::Zoho(_)), "{code}: {err:?}");
        assert_eq!(err.http_status(), Some(a.status.as_u16()));
        assert_eq!(classify_failure(a.status.as_u16(), &a.body).code(), code);
    }
}

#[tokio::test]
async fn fault_and_link_bodies_decode_to_their_own_kinds() {
    let s = sim();
    for (id, kind) in [
        ("1", ScenarioKind::FaultTruncatedJson),
        ("2", ScenarioKind::FaultHtml200),
        ("3", ScenarioKind::FaultBurst5xx),
        ("4", ScenarioKind::FaultExpiredLink),
    ] {
        s.create_job(JobRequest::new(kind).with_id(id)).unwrap();
    }
    let r = s.router();
    let code = |a: &Answer| {
        decode_job_response(a.status.as_u16(), &a.body)
            .unwrap_err()
            .code()
            .to_string()
    };
    details(&r, "v8", "1").await;
    assert_eq!(code(&details(&r, "v8", "1").await), "DECODE_TRUNCATED");
    details(&r, "v8", "2").await;
    details(&r, "v8", "2").await;
    assert_eq!(code(&details(&r, "v8", "2").await), "DECODE_HTML");
    details(&r, "v8", "3").await;
    assert_eq!(code(&details(&r, "v8", "3").await), "INTERNAL_ERROR");
    assert_eq!(code(&details(&r, "v8", "3").await), "HTTP_ERROR");
    s.advance(Duration::from_secs(3600));
    let a = get(&r, "/v2/crm/7391452/bulk-write/4/4.zip", Some(TOKEN)).await;
    let err = classify_failure(a.status.as_u16(), &a.body);
    assert_eq!(err.code(), "EXPIRED_DOWNLOAD_LINK", "{err:?}");
}
