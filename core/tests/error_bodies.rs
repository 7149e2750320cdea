//! One classifier for error bodies: every shape of Zoho's error body, with and without
//! `"status":"error"`, under the documented HTTP status and others, reads as the same error
//! through the job-details path (`decode_job_response`) and the download path
//! (`classify_failure`), with the catalogue's title and resolution for a known code.

use bulkwatch_core::error::{classify_failure, BwError, ZohoCode, CATALOGUE};
use bulkwatch_core::model::decode_job_response;
use serde_json::{json, Value};

/// What both paths must make of a body under a status.
fn both(status: u16, body: &Value) -> (BwError, BwError) {
    let bytes = body.to_string();
    let details = match decode_job_response(status, bytes.as_bytes()) {
        Ok(job) => panic!("an error body decoded as job {}: {body}", job.id),
        Err(e) => e,
    };
    (details, classify_failure(status, bytes.as_bytes()))
}

#[test]
fn every_catalogue_code_with_and_without_status_through_both_paths() {
    for entry in CATALOGUE.iter() {
        let with_status = json!({"code": entry.code, "details": {}, "message": entry.zoho_message, "status": "error"});
        let without_status =
            json!({"code": entry.code, "details": {}, "message": entry.zoho_message});
        let bare = json!({"code": entry.code});
        for body in [&with_status, &without_status, &bare] {
            for status in [entry.http_status, 200, 400, 404] {
                let (details, download) = both(status, body);
                assert_eq!(details, download, "{status} {body}");
                let z = details
                    .zoho()
                    .unwrap_or_else(|| panic!("{status} {body}: not a Zoho error: {details:?}"));
                assert_eq!(z.code.as_str(), entry.code);
                assert_ne!(z.code, ZohoCode::Other(entry.code.to_string()));
                assert_eq!(details.code(), entry.code);
                assert_eq!(details.title(), entry.title, "{status} {body}");
                assert_eq!(details.resolution(), entry.resolution, "{status} {body}");
                assert_eq!(details.http_status(), Some(status));
                let expect_2xx = status == 200;
                assert_eq!(
                    matches!(details, BwError::ZohoErrorIn2xx(_)),
                    expect_2xx,
                    "{status} {body}"
                );
                if body.get("message").is_some() {
                    assert_eq!(z.message, entry.zoho_message);
                }
            }
        }
    }
}

#[test]
fn the_documented_404_without_status_is_no_longer_a_bare_http_error() {
    let body = json!({"code": "RESOURCE_NOT_FOUND", "details": {}, "message": "The requested resource doesn't exist."});
    let (details, download) = both(404, &body);
    assert_eq!(details.code(), "RESOURCE_NOT_FOUND");
    assert_eq!(download.code(), "RESOURCE_NOT_FOUND");
    assert_eq!(details.title(), "No job with this ID");
    assert!(!details.title().contains("Unexpected HTTP"));
}

#[test]
fn unknown_codes_need_status_or_a_message() {
    // (body, status, expected code through both paths)
    let table: Vec<(Value, u16, &str)> = vec![
        (
            json!({"code": "FILE_TOO_LARGE", "message": "too big", "status": "error"}),
            400,
            "FILE_TOO_LARGE",
        ),
        (
            json!({"code": "FILE_TOO_LARGE", "message": "too big"}),
            400,
            "FILE_TOO_LARGE",
        ),
        (
            json!({"code": "FILE_TOO_LARGE", "message": "too big"}),
            200,
            "FILE_TOO_LARGE",
        ),
        // An unknown code alone, without status or message, is not recognisably Zoho's.
        (json!({"code": "FILE_TOO_LARGE"}), 400, "HTTP_ERROR"),
        // A status other than "error" is never an error body.
        (
            json!({"code": "SUCCESS", "message": "success", "status": "success"}),
            400,
            "HTTP_ERROR",
        ),
        (
            json!({"code": "INVALID_TOKEN", "message": "x", "status": "ADDED"}),
            401,
            "HTTP_ERROR",
        ),
        // The download host's link error keeps its own shape.
        (
            json!({"info": "Forbidden", "x-info": "Link not valid"}),
            403,
            "EXPIRED_DOWNLOAD_LINK",
        ),
    ];
    for (body, status, want) in table {
        let (details, download) = both(status, &body);
        assert_eq!(details, download, "{status} {body}");
        assert_eq!(details.code(), want, "{status} {body}");
    }
}

#[test]
fn unknown_codes_show_zohos_message() {
    let body = json!({"code": "LIMIT_REACHED", "message": "Daily limit reached"});
    let (details, _) = both(400, &body);
    assert_eq!(details.title(), "Zoho error LIMIT_REACHED");
    assert_eq!(
        details.zoho().map(|z| z.message.as_str()),
        Some("Daily limit reached")
    );
}

#[test]
fn codes_without_status_keep_their_polling_meaning() {
    let (e, _) = both(
        401,
        &json!({"code": "INVALID_TOKEN", "message": "invalid oauth token"}),
    );
    assert!(e.needs_token());
    let (e, _) = both(200, &json!({"code": "TOO_MANY_REQUESTS"}));
    assert!(e.is_retryable());
}

/// A download that comes back 200 but is not a zip is read by the result module's body
/// classifier; it must call a body a Zoho error exactly when the job-details path does.
#[test]
fn a_non_zip_download_is_a_zoho_error_exactly_when_the_job_path_says_so() {
    use bulkwatch_core::result::{classify_body, BodyKind};
    let bodies = [
        json!({"code": "INVALID_TOKEN", "message": "invalid oauth token", "status": "error"}),
        json!({"code": "RESOURCE_NOT_FOUND", "message": "The requested resource is not found"}),
        json!({"code": "INVALID_TOKEN"}),
        // A code beside a success status is an answer, not an error.
        json!({"code": "FILE_UPLOAD_SUCCESS", "message": "file uploaded.", "status": "success"}),
        // An unknown code with neither status nor message is not recognisably Zoho's.
        json!({"code": "SOMETHING_ELSE"}),
        json!({"code": 42, "status": "error"}),
    ];
    for body in bodies {
        let shared = bulkwatch_core::wire::WireErrorBody::from_value(&body);
        let kind = classify_body(body.to_string().as_bytes());
        match (&shared, &kind) {
            (Some(err), BodyKind::ZohoError { code, .. }) => assert_eq!(code, &err.code, "{body}"),
            (None, BodyKind::Json) => {}
            _ => panic!("{body}: job path says {shared:?}, download path says {kind:?}"),
        }
    }
}
