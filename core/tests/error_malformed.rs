//! Bodies that are not a job: each malformed kind gets its own variant, under 2xx and non-2xx
//! statuses, plus the variants the widget raises itself.

use bulkwatch_core::error::{classify_failure, BodyKind, BwError, ScalarKind};
use bulkwatch_core::model::decode_job_response;

fn fail(status: u16, body: &[u8]) -> BwError {
    match decode_job_response(status, body) {
        Ok(job) => panic!("must not decode, got job {}", job.id),
        Err(e) => e,
    }
}

#[test]
fn empty_and_whitespace_bodies() {
    assert_eq!(
        fail(
            200,
            include_bytes!("../../tests/fixtures/malformed/empty.txt")
        ),
        BwError::DecodeEmpty
    );
    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/whitespace.txt"),
    );
    assert_eq!(e, BwError::DecodeEmpty);
    assert_eq!(e.code(), "DECODE_EMPTY");
    assert!(!e.is_retryable());
}

#[test]
fn html_page() {
    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/html_502.html"),
    );
    let BwError::DecodeHtml { title, snippet } = &e else {
        panic!("expected DecodeHtml, got {e:?}");
    };
    assert_eq!(title.as_deref(), Some("502 Bad Gateway"));
    assert!(snippet.starts_with("<!DOCTYPE html> <html>"), "{snippet}");
    assert!(!snippet.contains('\n'));
    assert_eq!(e.code(), "DECODE_HTML");
    assert!(e.to_string().contains("502 Bad Gateway"));
}

#[test]
fn plain_text() {
    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/text.txt"),
    );
    assert_eq!(
        e,
        BwError::DecodeNotJson {
            snippet: "Bad Gateway: upstream connect error or disconnect/reset before headers"
                .into()
        }
    );
    assert_eq!(e.code(), "DECODE_NOT_JSON");
}

#[test]
fn truncated_json() {
    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/truncated.json"),
    );
    let BwError::DecodeTruncated { line, message, .. } = &e else {
        panic!("expected DecodeTruncated, got {e:?}");
    };
    assert!(*line > 1);
    assert!(message.contains("EOF"), "{message}");
    assert_eq!(e.code(), "DECODE_TRUNCATED");
    // Every cut of a real answer is truncated JSON (or empty), never anything else.
    let full = include_bytes!("../../tests/fixtures/jobs/seed_completed.json");
    let end = full.iter().rposition(|b| *b == b'}').unwrap_or(full.len());
    for cut in 0..end {
        let e = fail(200, &full[..cut]);
        assert!(
            matches!(e, BwError::DecodeTruncated { .. } | BwError::DecodeEmpty),
            "cut at {cut}: {e:?}"
        );
    }
}

#[test]
fn seed_sample_verbatim_is_malformed_json_with_a_position() {
    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/seed_added_verbatim.txt"),
    );
    let BwError::DecodeInvalidJson { line, column, .. } = &e else {
        panic!("expected DecodeInvalidJson, got {e:?}");
    };
    // Line 7 is `"type": "data",` right after `"code":"ADDED"` with no comma.
    assert_eq!((*line, *column), (7, 7));
    assert_eq!(e.code(), "DECODE_INVALID_JSON");
}

#[test]
fn array_and_scalars() {
    assert_eq!(
        fail(
            200,
            include_bytes!("../../tests/fixtures/malformed/array.json")
        ),
        BwError::DecodeArray { len: 2 }
    );
    let cases = [
        (
            &include_bytes!("../../tests/fixtures/malformed/scalar_string.json")[..],
            ScalarKind::String,
        ),
        (
            &include_bytes!("../../tests/fixtures/malformed/scalar_number.json")[..],
            ScalarKind::Number,
        ),
        (
            &include_bytes!("../../tests/fixtures/malformed/scalar_null.json")[..],
            ScalarKind::Null,
        ),
        (&b"true"[..], ScalarKind::Bool),
    ];
    for (body, kind) in cases {
        let e = fail(200, body);
        assert_eq!(e, BwError::DecodeScalar { kind });
        assert_eq!(e.code(), "DECODE_SCALAR");
    }
    assert_eq!(fail(200, b"[]").code(), "DECODE_ARRAY");
}

#[test]
fn wrong_shapes_name_the_path() {
    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/wrapped_in_data.json"),
    );
    let BwError::DecodeShape { path, message } = &e else {
        panic!("expected DecodeShape, got {e:?}");
    };
    assert_eq!(path, ".");
    assert!(message.contains("missing field"), "{message}");
    assert_eq!(e.code(), "DECODE_SHAPE");

    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/wrong_count_type.json"),
    );
    let BwError::DecodeShape { path, message } = &e else {
        panic!("expected DecodeShape, got {e:?}");
    };
    assert_eq!(path, "resource[0].file.added_count");
    assert!(message.contains("lots"), "{message}");

    let e = fail(
        200,
        include_bytes!("../../tests/fixtures/malformed/float_id.json"),
    );
    assert!(
        matches!(&e, BwError::DecodeShape { path, .. } if path == "id"),
        "{e:?}"
    );

    for (body, want_path) in [
        (&br#"{"id": "1", "status": 3}"#[..], "status"),
        (br#"{"id": -4, "status": "ADDED"}"#, "id"),
        (
            br#"{"id": "1", "status": "ADDED", "resource": [{"file": {"total_count": -1}}]}"#,
            "resource[0].file.total_count",
        ),
        (
            br#"{"id": "1", "status": "ADDED", "resource": [{"status": 7}]}"#,
            "resource[0].status",
        ),
        (
            br#"{"id": "1", "status": "ADDED", "resource": [{"file": "Leads.csv"}]}"#,
            "resource[0].file",
        ),
        // Optional fields that do not fit no longer sink the job: see wire_unreadable.rs.
    ] {
        let e = fail(200, body);
        assert!(
            matches!(&e, BwError::DecodeShape { path, .. } if path == want_path),
            "{want_path}: {e:?}"
        );
    }
}

#[test]
fn non_2xx_without_a_zoho_body_is_an_http_error() {
    let html = include_bytes!("../../tests/fixtures/malformed/html_502.html");
    let e = fail(502, html);
    let BwError::Http {
        status,
        body,
        snippet,
    } = &e
    else {
        panic!("expected Http, got {e:?}");
    };
    assert_eq!((*status, *body), (502, BodyKind::Html));
    assert!(snippet.contains("502 Bad Gateway"));
    assert_eq!(e.code(), "HTTP_ERROR");
    assert!(e.is_retryable());
    assert!(!e.needs_token());

    let e = fail(401, b"");
    assert_eq!(
        e,
        BwError::Http {
            status: 401,
            body: BodyKind::Empty,
            snippet: String::new()
        }
    );
    assert!(e.needs_token());
    assert!(!e.is_retryable());

    for (status, retry) in [
        (408, true),
        (429, true),
        (500, true),
        (503, true),
        (400, false),
        (403, false),
        (404, false),
        (302, false),
    ] {
        assert_eq!(fail(status, b"nope").is_retryable(), retry, "{status}");
    }
    // A job body under 404 is not a job either.
    let job = include_bytes!("../../tests/fixtures/jobs/seed_added.json");
    assert!(matches!(
        fail(404, job),
        BwError::Http {
            status: 404,
            body: BodyKind::Json,
            ..
        }
    ));
}

#[test]
fn expired_download_link() {
    let body = include_bytes!("../../tests/fixtures/errors/expired_link.json");
    let e = classify_failure(403, body);
    assert_eq!(
        e,
        BwError::ExpiredDownloadLink {
            http_status: 403,
            info: Some("Forbidden".into()),
            x_info: Some("Link not valid".into())
        }
    );
    assert_eq!(e.code(), "EXPIRED_DOWNLOAD_LINK");
    assert!(!e.is_retryable());
    assert!(e.to_string().contains("Link not valid"));
}

#[test]
fn classify_failure_reads_any_failed_answer() {
    let body = include_bytes!("../../tests/fixtures/errors/resource_not_found.json");
    assert_eq!(classify_failure(404, body).code(), "RESOURCE_NOT_FOUND");
    assert_eq!(classify_failure(500, b"").code(), "HTTP_ERROR");
    assert_eq!(classify_failure(200, b"<html>").code(), "DECODE_HTML");
    assert_eq!(classify_failure(200, b"{}").code(), "DECODE_SHAPE");
}

#[test]
fn serde_errors_convert_with_question_mark() {
    fn parse(text: &str) -> Result<serde_json::Value, BwError> {
        Ok(serde_json::from_str(text)?)
    }
    assert_eq!(
        parse("{\"a\":").map_err(|e| e.code().to_string()),
        Err("DECODE_TRUNCATED".into())
    );
    assert_eq!(
        parse("{\"a\" 1}").map_err(|e| e.code().to_string()),
        Err("DECODE_INVALID_JSON".into())
    );
}

#[test]
fn widget_side_variants() {
    let cases = [
        (
            BwError::Network {
                message: "Failed to fetch".into(),
            },
            "NETWORK",
            true,
        ),
        (BwError::Aborted, "ABORTED", false),
        (
            BwError::InvalidJobId {
                reason: "digits only".into(),
            },
            "INVALID_JOB_ID",
            false,
        ),
        (
            BwError::InvalidInput {
                reason: "no job id found".into(),
            },
            "INVALID_INPUT",
            false,
        ),
        (
            BwError::UnsafeDownload {
                reason: "not https".into(),
            },
            "UNSAFE_DOWNLOAD",
            false,
        ),
    ];
    for (e, code, retry) in cases {
        assert_eq!(e.code(), code);
        assert_eq!(e.is_retryable(), retry, "{code}");
        assert!(!e.needs_token());
        assert_eq!(e.http_status(), None);
        assert!(!e.title().is_empty() && !e.resolution().is_empty() && !e.to_string().is_empty());
        assert_eq!(e.clone(), e);
    }
    assert!(BwError::Network {
        message: "x".into()
    }
    .resolution()
    .contains("CORS"));
}

#[test]
fn core_refusals_convert_with_question_mark() {
    use bulkwatch_core::download::UnsafeReason;
    use bulkwatch_core::endpoint::{JobIdError, OriginError};
    use bulkwatch_core::paste::PasteError;
    assert_eq!(
        BwError::from(JobIdError::NotDigits).code(),
        "INVALID_JOB_ID"
    );
    assert_eq!(
        BwError::from(PasteError::InvalidJobId(JobIdError::TooLong)).code(),
        "INVALID_JOB_ID"
    );
    let e = BwError::from(PasteError::NoJobId);
    assert_eq!(e.code(), "INVALID_INPUT");
    assert!(e.to_string().contains("names no job id"), "{e}");
    assert_eq!(
        BwError::from(OriginError::HttpNotLoopback).code(),
        "INVALID_INPUT"
    );
    let e = BwError::from(UnsafeReason::ScriptScheme);
    assert_eq!(
        e,
        BwError::UnsafeDownload {
            reason: UnsafeReason::ScriptScheme.text()
        }
    );
}

#[test]
fn an_error_body_with_a_blank_code_still_has_a_code_and_a_title() {
    for code in ["", "   "] {
        let body = format!(r#"{{"status":"error","code":"{code}","message":"went wrong"}}"#);
        let e = fail(400, body.as_bytes());
        assert_eq!(e.code(), "NO_CODE", "{code:?}");
        assert_eq!(e.title(), "Zoho error without a code");
        assert!(e.to_string().contains("went wrong"), "{e}");
    }
}
