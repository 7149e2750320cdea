//! The attack catalogue: every request here is refused before any upstream connection, which
//! the recording upstream proves (its connection count stays at zero). Each attack is sent
//! twice where possible: through `oneshot` and as raw bytes on a real socket (what hyper
//! actually accepts from an attacker).

mod proxy_common;

use proxy_common::*;
use std::time::Duration;

/// Sends `target` both ways and checks the status is one of `want`.
async fn refused(target: &str, want: &[u16]) {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    if let Some(req) = try_request("GET", target, &good_headers()) {
        let a = send(&app, req).await;
        assert!(
            want.contains(&a.status.as_u16()),
            "oneshot {target:?}: {}",
            a.status
        );
        assert!(
            a.code().starts_with("PROXY_"),
            "generic body for {target:?}: {}",
            a.text()
        );
    }
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let resp = raw_exchange(addr, None, &raw_get(target, &[])).await;
    let status = raw_status(&resp);
    assert!(want.contains(&status), "raw {target:?}: {status}\n{resp}");
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.connections(), 0, "{target:?} reached the upstream");
}

#[tokio::test]
async fn hosts_named_in_the_path_are_refused() {
    for target in [
        "/evil.com/crm/bulk/v8/write/1",
        "/www.zohoapis.com.evil.com/crm/bulk/v8/write/1",
        "/www.zohoapis.eu/crm/bulk/v8/write/1",
        "/eu./crm/bulk/v8/write/1",
        "/www.zohoapis.eu./crm/bulk/v8/write/1",
        "/127.0.0.1/crm/bulk/v8/write/1",
        "/169.254.169.254/crm/bulk/v8/write/1",
        "/2130706433/crm/bulk/v8/write/1",
        "/0x7f000001/crm/bulk/v8/write/1",
        "/localhost/crm/bulk/v8/write/1",
        "/eu-evil/crm/bulk/v8/write/1",
    ] {
        refused(target, &[404]).await;
    }
    for target in [
        "/www.zohoapis.com@evil.com/crm/bulk/v8/write/1",
        "/eu@evil.com/crm/bulk/v8/write/1",
        "/[::1]/crm/bulk/v8/write/1",
        "/eu:8443/crm/bulk/v8/write/1",
        "/www.zohoapis.eu:443/crm/bulk/v8/write/1",
        "/http://www.zohoapis.eu/crm/bulk/v8/write/1",
        "/https://evil.com/crm/bulk/v8/write/1",
        "/http:/evil.com/crm/bulk/v8/write/1",
    ] {
        refused(target, &[400]).await;
    }
}

#[tokio::test]
async fn absolute_form_targets_are_refused() {
    let up = Recorder::ok().await;
    let direct = format!("http://{}/crm/bulk/v8/write/1", up.addr);
    drop(up);
    for target in [
        "http://evil.com/eu/crm/bulk/v8/write/1",
        "http://www.zohoapis.eu/crm/bulk/v8/write/1",
        "https://www.zohoapis.eu:8443/eu/crm/bulk/v8/write/1",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/eu/crm/bulk/v8/write/1",
        direct.as_str(),
    ] {
        refused(target, &[400]).await;
    }
}

#[tokio::test]
async fn path_tricks_are_refused() {
    let long_id = format!("/eu/crm/bulk/v8/write/{}", "9".repeat(10_000));
    for target in [
        "/eu/crm/bulk/v8/write/../../../etc/passwd",
        "/eu/crm/bulk/v8/../v8/write/1",
        "/eu/crm/bulk/v8/write/%2e%2e/1",
        "/eu/crm/bulk/v8/write/%2E%2E",
        "/eu/crm/bulk/v8/write%2F1",
        "/eu%2Fcrm/bulk/v8/write/1",
        "/eu/crm/bulk/v8/write/1?x=1",
        "/eu/crm/bulk/v8/write/1?",
        "/eu/crm/bulk/v8/write/1?url=http://evil.com",
        "//eu/crm/bulk/v8/write/1",
        "/eu//crm/bulk/v8/write/1",
        "/eu/crm/bulk/v8/write/1/",
        "/eu\\crm/bulk/v8/write/1",
        "/eu/crm/bulk/v8/write/1%00",
        "/eu/crm/bulk/v8/write/1%0d%0aHost:evil.com",
        "/eu/crm/bulk/v8/write/1;jsessionid=x",
        "/eu/crm/bulk/v8/write/1abc",
        "/eu/crm/bulk/v9/write/1",
        "/eu/download/v2/crm/org1/bulk-write/1/1.zip.exe",
        long_id.as_str(),
    ] {
        refused(target, &[400]).await;
    }
}

#[tokio::test]
async fn raw_bytes_hyper_would_never_hand_to_a_router_are_refused_too() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    for raw in [
        &b"GET /eu/crm/bulk/v8/write/1\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        b"GET /eu/crm/bulk/v8/write/1 x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /eu/crm/bulk/v8/write/1\tx HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET http://evil.com:80@www.zohoapis.eu/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let resp = raw_exchange(addr, None, raw).await;
        let status = raw_status(&resp);
        assert!(status == 400 || status == 0, "{status}: {resp}");
    }
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn only_get_is_relayed() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "TRACE", "HEAD", "PROPFIND", "BREW",
    ] {
        let a = send(&app, request(method, DETAILS, &good_headers())).await;
        assert_eq!(a.status, 405, "{method}");
        assert_eq!(a.headers["allow"], "GET, OPTIONS");
    }
    let connect = request("CONNECT", "www.zohoapis.eu:443", &good_headers());
    assert_eq!(send(&app, connect).await.status, 405);

    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    for raw in [
        format!("POST {DETAILS} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"),
        format!("DELETE {DETAILS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "CONNECT www.zohoapis.eu:443 HTTP/1.1\r\nHost: www.zohoapis.eu:443\r\nConnection: close\r\n\r\n".to_owned(),
        "CONNECT 169.254.169.254:80 HTTP/1.1\r\nHost: x\r\n\r\n".to_owned(),
        format!("TRACE {DETAILS} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    ] {
        let resp = raw_exchange(addr, None, raw.as_bytes()).await;
        let status = raw_status(&resp);
        assert!(status == 405 || status == 400, "{status}: {resp}");
    }
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn origins_missing_null_or_look_alike_are_refused() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let with_origin = |origin: Option<&str>| {
        let mut h: Vec<(String, String)> = good_headers()
            .into_iter()
            .filter(|(k, _)| k != "origin")
            .collect();
        if let Some(o) = origin {
            h.push(("origin".into(), o.into()));
        }
        h
    };
    let mut cases: Vec<Vec<(String, String)>> = vec![with_origin(None)];
    for o in [
        "null",
        "*",
        "https://crm.example.com.evil.com",
        "https://evilcrm.example.com",
        "https://crm-example.com",
        "https://crm.example.co",
        "http://crm.example.com",
        "https://crm.example.com:8443",
        "https://crm.example.com.",
        "https://CRM.EXAMPLE.COM",
        "https://crm.example.com/",
        "https://user@crm.example.com",
        "http://localhost:5174",
        "http://127.0.0.1:5173",
        "file://",
    ] {
        cases.push(with_origin(Some(o)));
    }
    let mut twice = with_origin(Some(ORIGIN));
    twice.push(("origin".into(), ORIGIN.into()));
    cases.push(twice);
    for headers in cases {
        let a = send(&app, request("GET", DETAILS, &headers)).await;
        assert_eq!(a.status, 403, "{headers:?}");
        assert_eq!(a.code(), "PROXY_ORIGIN_NOT_ALLOWED");
        assert!(a.headers.get("access-control-allow-origin").is_none());
        assert_eq!(a.headers["vary"], "Origin");
    }
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn custom_header_token_and_body_rules() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let base = || -> Vec<(String, String)> {
        good_headers()
            .into_iter()
            .filter(|(k, _)| k == "origin")
            .collect()
    };
    let auth = || {
        (
            "authorization".to_owned(),
            format!("Zoho-oauthtoken {TOKEN}"),
        )
    };
    let custom = |v: &str| ("x-bulkwatch".to_owned(), v.to_owned());
    let cases: Vec<(Vec<(String, String)>, u16)> = vec![
        ([base(), vec![auth()]].concat(), 403),
        ([base(), vec![auth(), custom("0")]].concat(), 403),
        ([base(), vec![auth(), custom("true")]].concat(), 403),
        (
            [base(), vec![auth(), custom("1"), custom("1")]].concat(),
            403,
        ),
        ([base(), vec![custom("1")]].concat(), 401),
        (
            [
                base(),
                vec![
                    custom("1"),
                    ("authorization".into(), "Basic dXNlcjpwYXNz".into()),
                ],
            ]
            .concat(),
            401,
        ),
        (
            [
                base(),
                vec![
                    custom("1"),
                    ("authorization".into(), "Zoho-oauthtoken".into()),
                ],
            ]
            .concat(),
            401,
        ),
        (
            [
                base(),
                vec![
                    custom("1"),
                    ("authorization".into(), "Zoho-oauthtoken a b".into()),
                ],
            ]
            .concat(),
            401,
        ),
        ([base(), vec![custom("1"), auth(), auth()]].concat(), 401),
        (
            [
                base(),
                vec![custom("1"), auth(), ("content-length".into(), "5".into())],
            ]
            .concat(),
            400,
        ),
        (
            [
                base(),
                vec![
                    custom("1"),
                    auth(),
                    ("transfer-encoding".into(), "chunked".into()),
                ],
            ]
            .concat(),
            400,
        ),
    ];
    for (headers, want) in cases {
        let a = send(&app, request("GET", DETAILS, &headers)).await;
        assert_eq!(a.status, want, "{headers:?}");
        assert_eq!(
            a.headers["access-control-allow-origin"], ORIGIN,
            "readable by the page"
        );
    }
    assert_eq!(up.connections(), 0);

    // Smuggling attempt on a real socket: a GET with a body.
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let raw = raw_get(DETAILS, &[("Content-Length", "44")]);
    let mut raw = raw;
    raw.extend_from_slice(b"GET /admin HTTP/1.1\r\nHost: evil.com\r\n\r\nxxxxx");
    let resp = raw_exchange(addr, None, &raw).await;
    assert_eq!(raw_status(&resp), 400, "{resp}");
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn headers_that_must_not_pass_do_not_reach_zoho() {
    const MARK: &str = "MUSTNOTPASS";
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let extra: Vec<(&str, String)> = vec![
        ("cookie", format!("session={MARK}")),
        ("x-forwarded-for", format!("10.0.0.1, {MARK}")),
        ("x-forwarded-host", format!("{MARK}.evil.com")),
        ("x-forwarded-proto", MARK.into()),
        ("forwarded", format!("for={MARK}")),
        ("x-real-ip", MARK.into()),
        ("proxy-authorization", format!("Basic {MARK}")),
        ("proxy-connection", MARK.into()),
        ("te", "trailers".into()),
        ("upgrade", MARK.into()),
        ("referer", format!("https://{MARK}/")),
        ("x-zoho-custom", MARK.into()),
        ("x-http-method-override", "DELETE".into()),
        ("user-agent", MARK.into()),
        ("x-crm-org", MARK.into()),
    ];
    let mut headers = good_headers();
    headers.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    let a = send(&app, request("GET", DETAILS, &headers)).await;
    assert_eq!(a.status, 200);

    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let raw_extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut raw_extra = raw_extra;
    raw_extra.push(("Keep-Alive", "timeout=5"));
    let resp = raw_exchange(addr, None, &raw_get(DETAILS, &raw_extra)).await;
    assert_eq!(raw_status(&resp), 200, "{resp}");
    let _ = stop.send(());
    let _ = task.await;

    let reqs = up.requests();
    assert_eq!(reqs.len(), 2);
    for r in reqs {
        assert!(!r.raw.contains(MARK), "leaked upstream:\n{}", r.raw);
        let mut names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["accept", "authorization", "host", "user-agent"]);
        assert!(r
            .header("user-agent")
            .unwrap_or("")
            .starts_with("bulkwatch-proxy/"));
        assert_eq!(r.header("x-http-method-override"), None);
        assert_eq!(r.method, "GET");
    }
}

#[tokio::test]
async fn host_header_does_not_choose_the_upstream() {
    let up = Recorder::ok().await;
    let app = router(settings(&up.base()));
    let (addr, stop, task) = spawn_proxy(app, Duration::from_secs(2)).await;
    let raw = format!(
        "GET {DETAILS} HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\
         origin: {ORIGIN}\r\nx-bulkwatch: 1\r\nauthorization: Zoho-oauthtoken {TOKEN}\r\n\r\n"
    );
    let resp = raw_exchange(addr, None, raw.as_bytes()).await;
    assert_eq!(raw_status(&resp), 200, "{resp}");
    let _ = stop.send(());
    let _ = task.await;
    assert_eq!(
        up.requests()[0].header("host"),
        Some(up.addr.to_string().as_str())
    );
}

#[tokio::test]
async fn upstream_redirects_are_not_followed_and_the_token_stays() {
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let thief = Recorder::ok().await;
        let location = format!("http://{}/steal", thief.addr);
        let up = Recorder::start(move |_| respond(status, &[("Location", location.as_str())], b""))
            .await;
        let app = router(settings(&up.base()));
        let a = get(&app, DETAILS).await;
        assert_eq!(a.status, 502, "{status}");
        assert_eq!(a.code(), "PROXY_BAD_UPSTREAM");
        assert!(a.headers.get("location").is_none());
        assert!(!a.text().contains("steal"));
        assert_eq!(up.requests().len(), 1);
        assert_eq!(
            thief.connections(),
            0,
            "{status}: the token crossed to another host"
        );
    }
}
