//! Every route and every error code of the simulator, driven through `oneshot`.

mod sim_support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use bulkwatch_server::sim::{app, JobRequest, ScenarioKind, SimConfig, StartupJob, TokenSpec};
use serde_json::json;
use sim_support::*;

const JOB: &str = "7391452000000000042";

fn sim_with_job() -> bulkwatch_server::sim::Sim {
    let s = sim_with(|c| {
        c.tokens.extend(
            [
                "narrow:ZohoCRM.bulk.READ",
                "np:!no-permission",
                "af:!authorization-failed",
                "authn:!authentication-failure",
                "old:!expired",
            ]
            .map(|t| TokenSpec::parse(t).unwrap()),
        );
    });
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id(JOB))
        .unwrap();
    s
}

#[tokio::test]
async fn details_answers_every_version() {
    let s = sim_with_job();
    let r = s.router();
    for v in ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] {
        let a = details(&r, v, JOB).await;
        assert_eq!(a.status, StatusCode::OK, "{v}");
        assert_eq!(a.json()["id"], JOB);
        assert!(a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
    }
}

#[tokio::test]
async fn token_errors() {
    let r = sim_with_job().router();
    let uri = format!("/crm/bulk/v8/write/{JOB}");
    let cases = [
        (None, 401, "INVALID_TOKEN"),
        (Some("nope"), 401, "INVALID_TOKEN"),
        (Some("old"), 401, "INVALID_TOKEN"),
        (Some("narrow"), 401, "OAUTH_SCOPE_MISMATCH"),
        (Some("np"), 403, "NO_PERMISSION"),
        (Some("af"), 400, "AUTHORIZATION_FAILED"),
        (Some("authn"), 401, "AUTHENTICATION_FAILURE"),
    ];
    for (token, status, code) in cases {
        let a = get(&r, &uri, token).await;
        assert_eq!(a.status.as_u16(), status, "{token:?}");
        assert_eq!(a.code(), code, "{token:?}");
    }
    // Another scheme is not a Zoho token.
    let mut req = request(Method::GET, &uri, None, Body::empty());
    req.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {TOKEN}").parse().unwrap(),
    );
    assert_eq!(send(&r, req).await.code(), "INVALID_TOKEN");
    // The seed's messages, exactly.
    let a = get(&r, &uri, Some("np")).await;
    assert_eq!(a.json()["message"], "Permission denied to read");
    let a = get(&r, &uri, Some("af")).await;
    assert_eq!(
        a.json()["message"],
        "User does not have sufficient privilege to read."
    );
}

#[tokio::test]
async fn url_and_method_errors() {
    let r = sim_with_job().router();
    let a = details(&r, "v8", "7391452999999999999").await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (404, "RESOURCE_NOT_FOUND".into())
    );
    assert_eq!(a.json()["message"], "The requested resource doesn't exist.");
    for uri in [
        format!("/crm/bulk/v9/write/{JOB}"),
        format!("/crm/bulk/8/write/{JOB}"),
        format!("/crm/bulk/V8/write/{JOB}"),
        format!("/crm/bulk/v8/writes/{JOB}"),
        format!("/crm/bulk/v8/write/{JOB}/extra"),
        "/crm/v8/nothing".to_string(),
        "/somewhere/else".to_string(),
    ] {
        let a = get(&r, &uri, Some(TOKEN)).await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (404, "INVALID_URL_PATTERN".into()),
            "{uri}"
        );
    }
    for m in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let a = send(
            &r,
            request(
                m.clone(),
                &format!("/crm/bulk/v8/write/{JOB}"),
                Some(TOKEN),
                Body::empty(),
            ),
        )
        .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (400, "INVALID_REQUEST_METHOD".into()),
            "{m}"
        );
    }
    for uri in ["/crm/bulk/v8/write", "/crm/v8/upload"] {
        let a = get(&r, uri, Some(TOKEN)).await;
        assert_eq!(a.code(), "INVALID_REQUEST_METHOD", "{uri}");
    }
    let a = send(
        &r,
        request(
            Method::POST,
            "/crm/bulk/v9/write/1",
            Some(TOKEN),
            Body::empty(),
        ),
    )
    .await;
    assert_eq!(a.code(), "INVALID_URL_PATTERN");
}

#[tokio::test]
async fn internal_error_on_demand() {
    let s = sim();
    s.create_job(JobRequest::new(ScenarioKind::FaultInternalError).with_id("1"))
        .unwrap();
    let a = details(&s.router(), "v8", "1").await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (500, "INTERNAL_ERROR".into())
    );
}

#[tokio::test]
async fn rate_budget_gives_429_with_retry_after_then_recovers() {
    let s = sim_with(|c| {
        c.budgets.rate_limit = 3;
        c.budgets.rate_window_ms = 60_000;
        c.tokens.push(TokenSpec::new("other"));
    });
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("5"))
        .unwrap();
    let r = s.router();
    for _ in 0..3 {
        assert_eq!(details(&r, "v8", "5").await.status, StatusCode::OK);
    }
    s.advance(Duration::from_secs(20));
    let a = details(&r, "v8", "5").await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (429, "TOO_MANY_REQUESTS".into())
    );
    assert_eq!(a.headers[header::RETRY_AFTER], "40");
    // Budgets are per token.
    assert_eq!(
        get(&r, "/crm/bulk/v8/write/5", Some("other")).await.status,
        StatusCode::OK
    );
    s.advance(Duration::from_secs(40));
    assert_eq!(details(&r, "v8", "5").await.status, StatusCode::OK);
}

#[tokio::test]
async fn concurrency_budget_gives_429() {
    let s = sim_with(|c| c.budgets.max_concurrent = 1);
    s.create_job(JobRequest::new(ScenarioKind::FaultLatency).with_id("6"))
        .unwrap();
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("66"))
        .unwrap();
    let r = s.router();
    let slow = tokio::spawn({
        let r = r.clone();
        async move { details(&r, "v8", "6").await }
    });
    // Let the first request reach its (clock-driven) delay.
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    assert!(!slow.is_finished());
    let a = details(&r, "v8", "6").await;
    assert_eq!(
        (a.status.as_u16(), a.code()),
        (429, "TOO_MANY_REQUESTS".into())
    );
    assert_eq!(a.headers[header::RETRY_AFTER], "2");
    s.advance(Duration::from_secs(3));
    assert_eq!(slow.await.unwrap().status, StatusCode::OK);
    // The slot is free again once the slow answer is out.
    assert_eq!(details(&r, "v8", "66").await.status, StatusCode::OK);
}

#[tokio::test]
async fn cors_like_zoho_for_allowed_origins_only() {
    let s = sim_with(|c| c.allow_origins = vec!["https://app.example".into()]);
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("7"))
        .unwrap();
    let r = s.router();
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/crm/bulk/v8/write/7")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let a = send(&r, preflight("https://app.example")).await;
    assert!(a.status.is_success());
    assert_eq!(
        a.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example"
    );
    assert!(a.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase()
        .contains("authorization"));
    assert!(a
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());
    let vary: Vec<_> = a.headers.get_all(header::VARY).iter().collect();
    assert!(vary.iter().any(|v| v.to_str().unwrap().contains("origin")));
    let a = send(&r, preflight("https://evil.example")).await;
    assert!(a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let mut req = request(
        Method::GET,
        "/crm/bulk/v8/write/7",
        Some(TOKEN),
        Body::empty(),
    );
    req.headers_mut()
        .insert(header::ORIGIN, "https://app.example".parse().unwrap());
    let a = send(&r, req).await;
    assert_eq!(
        a.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example"
    );
    let exposed = a.headers[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap();
    for h in ["retry-after", "content-disposition", "content-type"] {
        assert!(exposed.contains(h), "{exposed}");
    }
}

#[tokio::test]
async fn sim_routes_scenarios_jobs_clock() {
    let s = sim();
    let r = s.router();
    let a = get(&r, "/__sim/scenarios", None).await;
    let list = a.json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    for k in ScenarioKind::ALL {
        assert!(names.contains(&k.name()), "{}", k.name());
    }
    assert!(list[0]["description"].as_str().unwrap().len() > 10);

    let a = post_json(
        &r,
        "/__sim/jobs",
        None,
        &json!({"scenario": "failed", "id": "99", "version": "v3"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    let j = a.json();
    assert_eq!(
        (j["id"].as_str(), j["version"].as_str()),
        (Some("99"), Some("v3"))
    );
    assert!(j["link"].as_str().unwrap().contains("&v=v3&job=99"));
    let a = post_json(
        &r,
        "/__sim/jobs",
        None,
        &json!({"scenario": "failed", "id": "99"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    for bad in [
        json!({"scenario": "nope"}),
        json!({"scenario": "failed", "id": "x1"}),
        json!({"scenario": "failed", "version": "v9"}),
        json!({"scenario": "failed", "download_form": "sideways"}),
        json!({"scenario": "failed", "callback": {"url": "http://10.0.0.1/"}}),
        json!({"scenario": "failed", "surprise": 1}),
    ] {
        let a = post_json(&r, "/__sim/jobs", None, &bad).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // A drawn id, and a custom pace.
    let a = post_json(
        &r,
        "/__sim/jobs",
        None,
        &json!({"scenario": "happy-insert", "queue_secs": 0, "duration_secs": 10}),
    )
    .await;
    let drawn = a.json()["id"].as_str().unwrap().to_string();
    assert_eq!(drawn.len(), 19);
    assert_eq!(a.json()["end_sim_ms"], 10_000);

    let a = get(&r, "/__sim/jobs", None).await;
    let jobs = a.json();
    assert_eq!(jobs.as_array().unwrap().len(), 2);
    assert_eq!(jobs[0]["phase"], "added");

    let a = post_json(&r, "/__sim/clock/advance", None, &json!({"ms": 11_000})).await;
    assert_eq!(a.json()["sim_ms"], 11_000);
    let a = get(&r, "/__sim/jobs", None).await;
    assert_eq!(a.json()[1]["phase"], "completed");
    assert_eq!(get(&r, "/__sim/clock", None).await.json()["manual"], true);

    // A real clock cannot be moved by hand.
    let real = app(SimConfig::default());
    let a = post_json(&real, "/__sim/clock/advance", None, &json!({"ms": 1})).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(
        get(&real, "/__sim/demo", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn request_log_filters_and_never_holds_the_token() {
    let s = sim();
    s.create_job(JobRequest::new(ScenarioKind::HappyInsert).with_id("8"))
        .unwrap();
    let r = s.router();
    details(&r, "v8", "8").await;
    s.advance(Duration::from_millis(1500));
    get(
        &r,
        "/crm/bulk/v8/write/8?access_token=sekrit&page=1",
        Some(TOKEN),
    )
    .await;
    get(&r, "/elsewhere", Some(TOKEN)).await;
    let all = get(&r, "/__sim/log", None).await;
    let text = all.text();
    assert!(!text.contains(TOKEN) && !text.contains("sekrit"), "{text}");
    let entries = all.json()["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 3, "log reads are not logged");
    assert_eq!(entries[0]["method"], "GET");
    assert_eq!(entries[0]["status"], 200);
    assert_eq!(
        entries[1]["path"],
        "/crm/bulk/v8/write/8?access_token=REDACTED&page=1"
    );
    assert_eq!(entries[1]["t_ms"], 1500);
    assert_eq!(entries[2]["status"], 404);

    let f = get(&r, "/__sim/log?path_prefix=/crm/bulk&since=1000", None)
        .await
        .json();
    assert_eq!(f["entries"].as_array().unwrap().len(), 1);
    let f = get(&r, "/__sim/log?after=2", None).await.json();
    assert_eq!(f["entries"][0]["seq"], 3);
    assert_eq!(
        get(&r, "/__sim/log?since=abc", None).await.status,
        StatusCode::BAD_REQUEST
    );
    let a = send(
        &r,
        request(Method::POST, "/__sim/log/clear", None, Body::empty()),
    )
    .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    assert!(get(&r, "/__sim/log", None).await.json()["entries"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn startup_jobs_and_home_page() {
    let s = sim_with(|c| {
        c.startup_jobs = vec![
            StartupJob {
                scenario: ScenarioKind::Stalled,
                id: "11".into(),
            },
            StartupJob {
                scenario: ScenarioKind::Failed,
                id: "12".into(),
            },
        ];
    });
    let r = s.router();
    assert_eq!(details(&r, "v8", "11").await.status, StatusCode::OK);
    assert_eq!(details(&r, "v8", "12").await.status, StatusCode::OK);
    let a = get(&r, "/", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text().contains("bulkwatch simulate"));
}

#[tokio::test]
async fn static_files_for_the_demo() {
    let dir = std::env::temp_dir().join(format!("bw-sim-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>bw</title>").unwrap();
    std::fs::write(dir.join("pkg/bulkwatch_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let s = sim_with(|c| c.static_dir = Some(dir.clone()));
    let r = s.router();
    let a = get(&r, "/", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text().contains("<title>bw</title>"));
    let csp = a.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
    let a = get(&r, "/pkg/bulkwatch_bg.wasm", None).await;
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        get(&r, "/pkg/missing.js", None).await.status,
        StatusCode::NOT_FOUND
    );
    // API paths still answer like Zoho.
    assert_eq!(
        get(&r, "/crm/bulk/v8/nope", Some(TOKEN)).await.code(),
        "INVALID_URL_PATTERN"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
