//! From the core's error type to the polling policy's view of a failure, and what it decides.

use bulkwatch_core::error::{classify_failure, BwError};
use bulkwatch_core::poll::{
    Decision, FetchError, Jitter, PollConfig, PollEvent, PollPolicy, StopReason,
};

fn zoho_body(code: &str) -> Vec<u8> {
    format!(r#"{{"code":"{code}","details":{{}},"message":"m","status":"error"}}"#).into_bytes()
}

#[test]
fn errors_map_to_what_the_policy_needs() {
    let http = |status: u16, ra: Option<&str>| FetchError::Http {
        status,
        retry_after: ra.map(str::to_string),
    };
    let table: Vec<(BwError, Option<&str>, FetchError)> = vec![
        (
            classify_failure(401, &zoho_body("INVALID_TOKEN")),
            None,
            http(401, None),
        ),
        (
            classify_failure(401, &zoho_body("OAUTH_SCOPE_MISMATCH")),
            None,
            http(401, None),
        ),
        (
            classify_failure(200, &zoho_body("INVALID_TOKEN")),
            None,
            http(401, None),
        ),
        (
            classify_failure(429, &zoho_body("TOO_MANY_REQUESTS")),
            Some("30"),
            http(429, Some("30")),
        ),
        (
            classify_failure(200, &zoho_body("TOO_MANY_REQUESTS")),
            Some("5"),
            http(429, Some("5")),
        ),
        (
            classify_failure(200, &zoho_body("SOMETHING_NEW")),
            None,
            FetchError::Undecodable,
        ),
        (
            classify_failure(404, &zoho_body("RESOURCE_NOT_FOUND")),
            None,
            http(404, None),
        ),
        (
            classify_failure(403, &zoho_body("NO_PERMISSION")),
            None,
            http(403, None),
        ),
        (
            classify_failure(500, &zoho_body("INTERNAL_ERROR")),
            None,
            http(500, None),
        ),
        (
            classify_failure(502, b"<html><title>Bad gateway</title></html>"),
            None,
            http(502, None),
        ),
        (classify_failure(200, b""), None, FetchError::Undecodable),
        (
            classify_failure(200, b"{\"status\": \"ADDED\""),
            None,
            FetchError::Undecodable,
        ),
        (
            BwError::Network {
                message: "Failed to fetch".into(),
            },
            None,
            FetchError::Network,
        ),
    ];
    for (err, ra, want) in table {
        assert_eq!(FetchError::from_error(&err, ra), want, "{err:?}");
    }
}

#[test]
fn decisions_for_real_error_bodies() {
    let decide = |err: BwError, ra: Option<&str>| {
        let mut p = PollPolicy::new(PollConfig::default(), Jitter::Fixed(1.0));
        p.decide(PollEvent::Failed {
            now_ms: 0,
            error: FetchError::from_error(&err, ra),
        })
    };
    assert_eq!(
        decide(classify_failure(401, &zoho_body("INVALID_TOKEN")), None),
        Decision::WaitForToken
    );
    assert_eq!(
        decide(
            classify_failure(429, &zoho_body("TOO_MANY_REQUESTS")),
            Some("30")
        ),
        Decision::PollIn(30_000)
    );
    assert_eq!(
        decide(
            classify_failure(404, &zoho_body("RESOURCE_NOT_FOUND")),
            None
        ),
        Decision::Stop(StopReason::Refused { http_status: 404 })
    );
    assert_eq!(
        decide(classify_failure(503, b"busy"), None),
        Decision::PollIn(1000)
    );
    assert_eq!(
        decide(classify_failure(200, b"[]"), None),
        Decision::Stop(StopReason::Undecodable)
    );
}
