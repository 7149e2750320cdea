//! Zoho's error bodies for every catalogue code (and an unknown one), decoded through the public
//! entry point: code, status, message, title, resolution, retry and token decisions.

use bulkwatch_core::error::{BwError, ZohoCode, ZohoError, CATALOGUE};
use bulkwatch_core::model::decode_job_response;
use serde_json::json;

/// (fixture, code, documented HTTP status, retryable, needs a token)
const CASES: [(&str, ZohoCode, u16, bool, bool); 10] = [
    (
        include_str!("../../tests/fixtures/errors/invalid_url_pattern.json"),
        ZohoCode::InvalidUrlPattern,
        404,
        false,
        false,
    ),
    (
        include_str!("../../tests/fixtures/errors/oauth_scope_mismatch.json"),
        ZohoCode::OauthScopeMismatch,
        401,
        false,
        true,
    ),
    (
        include_str!("../../tests/fixtures/errors/no_permission.json"),
        ZohoCode::NoPermission,
        403,
        false,
        false,
    ),
    (
        include_str!("../../tests/fixtures/errors/internal_error.json"),
        ZohoCode::InternalError,
        500,
        true,
        false,
    ),
    (
        include_str!("../../tests/fixtures/errors/invalid_request_method.json"),
        ZohoCode::InvalidRequestMethod,
        400,
        false,
        false,
    ),
    (
        include_str!("../../tests/fixtures/errors/authorization_failed.json"),
        ZohoCode::AuthorizationFailed,
        400,
        false,
        false,
    ),
    (
        include_str!("../../tests/fixtures/errors/resource_not_found.json"),
        ZohoCode::ResourceNotFound,
        404,
        false,
        false,
    ),
    (
        include_str!("../../tests/fixtures/errors/invalid_token.json"),
        ZohoCode::InvalidToken,
        401,
        false,
        true,
    ),
    (
        include_str!("../../tests/fixtures/errors/authentication_failure.json"),
        ZohoCode::AuthenticationFailure,
        401,
        false,
        true,
    ),
    (
        include_str!("../../tests/fixtures/errors/too_many_requests.json"),
        ZohoCode::TooManyRequests,
        429,
        true,
        false,
    ),
];

#[test]
fn every_catalogue_code_decodes_to_its_zoho_error() {
    for (body, code, status, retryable, needs_token) in CASES {
        let err = decode_job_response(status, body.as_bytes()).expect_err("an error body");
        let entry = code.entry().expect("known code has an entry");
        let BwError::Zoho(z) = &err else {
            panic!("{code}: expected Zoho, got {err:?}");
        };
        assert_eq!(z.code, code);
        assert_eq!(z.http_status, status);
        assert_eq!(z.message, entry.zoho_message, "{code}: message as sent");
        assert_eq!(err.code(), code.as_str());
        assert_eq!(err.http_status(), Some(status));
        assert_eq!(err.title(), entry.title);
        assert_eq!(err.resolution(), entry.resolution);
        assert_eq!(entry.http_status, status, "{code}: documented status");
        assert_eq!(err.is_retryable(), retryable, "{code}: retry");
        assert_eq!(err.needs_token(), needs_token, "{code}: token");
        assert_eq!(err.zoho(), Some(z));
        let shown = err.to_string();
        assert!(
            shown.contains(code.as_str()) && shown.contains(&z.message),
            "{shown}"
        );
    }
}

#[test]
fn details_are_kept() {
    let body = include_str!("../../tests/fixtures/errors/too_many_requests.json");
    let err = decode_job_response(429, body.as_bytes()).expect_err("error");
    assert_eq!(
        err.zoho().map(|z| &z.details),
        Some(&json!({"allowed_concurrency": 10}))
    );
}

#[test]
fn the_catalogue_holds_every_code_once_with_the_seed_text() {
    let codes: Vec<&str> = CATALOGUE.iter().map(|e| e.code).collect();
    let known: Vec<&str> = ZohoCode::KNOWN.iter().map(ZohoCode::as_str).collect();
    assert_eq!(codes, known);
    for e in &CATALOGUE {
        assert_eq!(ZohoCode::parse(e.code).entry(), Some(e));
        assert!(!e.title.is_empty() && !e.resolution.is_empty());
    }
    // The seed page's own resolution text, verbatim.
    let seed = [
        ("INVALID_URL_PATTERN", "The request URL specified is incorrect. Specify a valid request URL. Refer to request URL section above."),
        ("OAUTH_SCOPE_MISMATCH", "Client does not have ZohoCRM.bulk.CREATE. Create a new client with valid scope. Refer to scope section above."),
        ("NO_PERMISSION", "The user does not have permission to get the details of a bulk write job. Contact your system administrator."),
        ("INTERNAL_ERROR", "Unexpected and unhandled exception in Server. Contact support team."),
        ("INVALID_REQUEST_METHOD", "You have specified an invalid HTTP method to access the API URL. Specify a valid request method. Refer to endpoints section above."),
        ("AUTHORIZATION_FAILED", "The user does not have the permission to get the details of a bulk write job. Contact your system administrator."),
        ("RESOURCE_NOT_FOUND", "The job ID specified is invalid. Specify a valid job ID."),
    ];
    for (code, resolution) in seed {
        assert_eq!(
            ZohoCode::parse(code).entry().map(|e| e.resolution),
            Some(resolution)
        );
    }
}

#[test]
fn unknown_code_is_shown_as_sent() {
    let body = include_str!("../../tests/fixtures/errors/something_new.json");
    let err = decode_job_response(400, body.as_bytes()).expect_err("error");
    assert_eq!(
        err,
        BwError::Zoho(ZohoError {
            code: ZohoCode::Other("SOMETHING_NEW".into()),
            http_status: 400,
            message: "A code Bulkwatch has never seen".into(),
            details: json!({"hint": "kept as sent"}),
        })
    );
    assert_eq!(err.code(), "SOMETHING_NEW");
    assert_eq!(err.title(), "Zoho error SOMETHING_NEW");
    assert!(!err.resolution().is_empty());
    assert!(!err.is_retryable());
    assert!(!err.needs_token());
}

#[test]
fn an_error_body_under_200_is_its_own_variant() {
    let body = include_str!("../../tests/fixtures/errors/invalid_token.json");
    let err = decode_job_response(200, body.as_bytes()).expect_err("never a job");
    let BwError::ZohoErrorIn2xx(z) = &err else {
        panic!("expected ZohoErrorIn2xx, got {err:?}");
    };
    assert_eq!(z.code, ZohoCode::InvalidToken);
    assert_eq!(z.http_status, 200);
    assert_eq!(err.code(), "INVALID_TOKEN");
    assert!(err.needs_token(), "the code says the token is bad");
    assert!(err.to_string().contains("HTTP 200"));

    let busy = include_str!("../../tests/fixtures/errors/too_many_requests.json");
    let err = decode_job_response(200, busy.as_bytes()).expect_err("never a job");
    assert!(matches!(err, BwError::ZohoErrorIn2xx(_)));
    assert!(err.is_retryable());
}

#[test]
fn status_decides_retry_and_token_even_for_other_codes() {
    let body = br#"{"code": "GATEWAY_TIMEOUT", "message": "slow", "status": "error"}"#;
    let err = decode_job_response(504, body).expect_err("error");
    assert!(err.is_retryable());
    let err = decode_job_response(401, br#"{"code":"X","status":"error"}"#).expect_err("error");
    assert!(err.needs_token());
    assert_eq!(err.zoho().map(|z| z.message.as_str()), Some(""));
}

#[test]
fn code_parsing_ignores_case_and_spaces_but_keeps_unknown_raw() {
    assert_eq!(ZohoCode::parse(" invalid_token "), ZohoCode::InvalidToken);
    assert_eq!(ZohoCode::parse("NOPE"), ZohoCode::Other("NOPE".into()));
    assert_eq!(ZohoCode::parse("NOPE").entry(), None);
}
