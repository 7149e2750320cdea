//! What the proxy relays: Zoho's answers (success and error) with only allowlisted headers,
//! CORS headers for allowlisted origins, streamed downloads, local preflights, `/healthz`.

mod proxy_common;

use proxy_common::*;

const ALLOWED_UPSTREAM_HEADERS: [&str; 4] = ["host", "authorization", "accept", "user-agent"];

#[tokio::test]
async fn job_details_are_relayed_with_only_allowlisted_headers_both_ways() {
    let body = r#"{"status":"COMPLETED","id":"4242424242","resource":[]}"#;
    let up = Recorder::start(move |_| {
        respond(
            "200 OK",
            &[
                ("Content-Type", "application/json;charset=UTF-8"),
                ("Set-Cookie", "crmcsr=abc; Path=/"),
                ("Server", "ZGS"),
                ("X-Powered-By", "zoho"),
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Keep-Alive", "timeout=5"),
            ],
            body.as_bytes(),
        )
    })
    .await;
    let app = router(settings(&up.base()));
    let mut headers = good_headers();
    headers.push(("accept".into(), "application/json".into()));
    let a = send(&app, request("GET", DETAILS, &headers)).await;

    assert_eq!(a.status, 200);
    assert_eq!(a.text(), body);
    let h = &a.headers;
    assert_eq!(h["content-type"], "application/json;charset=UTF-8");
    assert_eq!(h["access-control-allow-origin"], ORIGIN);
    assert_eq!(h["vary"], "Origin");
    assert_eq!(
        h["access-control-expose-headers"],
        "Retry-After, Content-Type, Content-Disposition"
    );
    assert_eq!(h["cache-control"], "no-store");
    for absent in [
        "set-cookie",
        "server",
        "x-powered-by",
        "access-control-allow-credentials",
        "keep-alive",
    ] {
        assert!(h.get(absent).is_none(), "{absent} leaked to the browser");
    }

    let reqs = up.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.target, "/crm/bulk/v8/write/4242424242");
    assert_eq!(
        r.header("authorization"),
        Some(format!("Zoho-oauthtoken {TOKEN}").as_str())
    );
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("host"), Some(up.addr.to_string().as_str()));
    for (name, _) in &r.headers {
        assert!(
            ALLOWED_UPSTREAM_HEADERS.contains(&name.as_str()),
            "{name} was forwarded"
        );
    }
}

#[tokio::test]
async fn zoho_error_statuses_and_bodies_pass_through() {
    let cases = [
        (
            "401 Unauthorized",
            r#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#,
        ),
        (
            "404 Not Found",
            r#"{"code":"RESOURCE_NOT_FOUND","details":{},"message":"no job","status":"error"}"#,
        ),
        (
            "400 Bad Request",
            r#"{"code":"AUTHORIZATION_FAILED","details":{},"message":"no","status":"error"}"#,
        ),
        (
            "500 Internal Server Error",
            r#"{"code":"INTERNAL_ERROR","details":{},"message":"x","status":"error"}"#,
        ),
        ("503 Service Unavailable", "<html>maintenance</html>"),
    ];
    for (status, body) in cases {
        let up = Recorder::start(move |_| json(status, body)).await;
        let app = router(settings(&up.base()));
        let a = get(&app, DETAILS).await;
        assert_eq!(a.status.as_u16().to_string(), status[..3], "{status}");
        assert_eq!(a.text(), body);
        assert_eq!(a.headers["access-control-allow-origin"], ORIGIN);
    }
}

#[tokio::test]
async fn zoho_429_keeps_its_retry_after() {
    let up = Recorder::start(|_| {
        respond(
            "429 Too Many Requests",
            &[("Retry-After", "17"), ("Content-Type", "application/json")],
            br#"{"code":"TOO_MANY_REQUESTS","details":{},"message":"slow down","status":"error"}"#,
        )
    })
    .await;
    let app = router(settings(&up.base()));
    let a = get(&app, DETAILS).await;
    assert_eq!(a.status, 429);
    assert_eq!(a.headers["retry-after"], "17");
    assert!(a.text().contains("TOO_MANY_REQUESTS"));
}

#[tokio::test]
async fn downloads_stream_with_disposition_and_length() {
    let payload: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let expected = payload.clone();
    let up = Recorder::start(move |_| {
        respond(
            "200 OK",
            &[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", "attachment; filename=\"4242.zip\""),
            ],
            &payload,
        )
    })
    .await;
    let app = router(settings(&up.base()));
    let a = get(&app, DOWNLOAD).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.headers["content-type"], "application/zip");
    assert_eq!(
        a.headers["content-disposition"],
        "attachment; filename=\"4242.zip\""
    );
    assert_eq!(a.headers["content-length"], expected.len().to_string());
    assert_eq!(a.body.as_deref().ok(), Some(expected.as_slice()));
    assert_eq!(
        up.requests()[0].target,
        "/v2/crm/org6196138/bulk-write/4242/4242.zip"
    );

    let a = get(&app, "/eu/api-download/v3/crm/org1/bulk-write/77/77.zip").await;
    assert_eq!(a.status, 200);
    assert_eq!(up.requests()[1].target, "/v3/crm/org1/bulk-write/77/77.zip");
}

#[tokio::test]
async fn preflight_is_answered_locally() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let headers = vec![
        ("origin".to_owned(), ORIGIN.to_owned()),
        ("access-control-request-method".to_owned(), "GET".to_owned()),
        (
            "access-control-request-headers".to_owned(),
            "authorization,x-bulkwatch".to_owned(),
        ),
    ];
    let a = send(&app, request("OPTIONS", DETAILS, &headers)).await;
    assert_eq!(a.status, 204);
    let h = &a.headers;
    assert_eq!(h["access-control-allow-origin"], ORIGIN);
    assert_eq!(h["access-control-allow-methods"], "GET");
    assert_eq!(
        h["access-control-allow-headers"],
        "Authorization, Accept, X-Bulkwatch"
    );
    assert!(h["vary"].to_str().unwrap_or("").starts_with("Origin"));
    assert!(h.get("access-control-allow-credentials").is_none());

    let mut other = headers.clone();
    other[0].1 = "https://evil.example".to_owned();
    let a = send(&app, request("OPTIONS", DETAILS, &other)).await;
    assert_eq!(a.status, 403);
    assert!(a.headers.get("access-control-allow-origin").is_none());
    assert_eq!(up.connections(), 0, "a preflight never reaches Zoho");
}

#[tokio::test]
async fn healthz_answers_without_upstream() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let a = send(&app, request("GET", "/healthz", &[])).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.text(), r#"{"status":"ok"}"#);
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn sites_without_override_go_to_zoho_hosts_only() {
    // Not contacted here: the override covers `eu` only, and `us` would need the internet.
    // What matters is that the allowlist check builds the Zoho URL, proven in unit tests;
    // here we check the prefix and the routing to the override.
    let up = Recorder::ok().await;
    let mut s = settings(&up.base());
    s.path_prefix = Some("/zoho".into());
    let app = router(s);
    let a = get(&app, &format!("/zoho{DETAILS}")).await;
    assert_eq!(a.status, 200);
    let a = get(&app, DETAILS).await;
    assert_eq!(a.status, 404);
    assert_eq!(up.connections(), 1);
}
