//! Zoho's error answers, in its documented body shape
//! `{"code": …, "details": {…}, "message": …, "status": "error"}`, with the HTTP status and the
//! message Zoho's job-details page gives for each of its codes — or the same body without
//! `status` (the `fault-error-without-status` scenario, `--errors-without-status`), since not
//! every Zoho answer carries it.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::SimState;

/// One error answer. Build it with the constructors; it turns into a response directly.
#[derive(Debug, Clone, PartialEq)]
pub struct ZohoError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
    /// Seconds for a `Retry-After` header (429 answers).
    pub retry_after: Option<u64>,
    /// Whether the body carries `"status": "error"`.
    pub with_status: bool,
}

/// The standard codes of the job-details route: code, HTTP status, message (seed doc for the
/// first seven).
pub const STANDARD_CODES: [(&str, u16, &str); 10] = [
    (
        "INVALID_URL_PATTERN",
        404,
        "Please check if the URL trying to access is a correct one",
    ),
    ("OAUTH_SCOPE_MISMATCH", 401, "Unauthorized"),
    ("NO_PERMISSION", 403, "Permission denied to read"),
    ("INTERNAL_ERROR", 500, "Internal Server Error"),
    (
        "INVALID_REQUEST_METHOD",
        400,
        "The http request method type is not a valid one",
    ),
    (
        "AUTHORIZATION_FAILED",
        400,
        "User does not have sufficient privilege to read.",
    ),
    (
        "RESOURCE_NOT_FOUND",
        404,
        "The requested resource doesn't exist.",
    ),
    ("INVALID_TOKEN", 401, "invalid oauth token"),
    ("AUTHENTICATION_FAILURE", 401, "Authentication failed"),
    ("TOO_MANY_REQUESTS", 429, "too many requests continuously"),
];

impl ZohoError {
    /// An error with any code, status and message; `details` starts empty.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ZohoError {
        ZohoError {
            status,
            code,
            message: message.into(),
            details: json!({}),
            retry_after: None,
            with_status: true,
        }
    }

    /// One of [`STANDARD_CODES`] with its status and message.
    pub fn standard(code: &'static str) -> ZohoError {
        let (code, status, message) = STANDARD_CODES
            .into_iter()
            .find(|(c, _, _)| *c == code)
            .unwrap_or(STANDARD_CODES[3]);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        ZohoError::new(status, code, message)
    }

    pub fn with_details(mut self, details: Value) -> ZohoError {
        self.details = details;
        self
    }

    /// The same error without `"status": "error"` in its body.
    pub fn without_status(mut self) -> ZohoError {
        self.with_status = false;
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> ZohoError {
        self.message = message.into();
        self
    }

    pub fn invalid_url_pattern() -> ZohoError {
        ZohoError::standard("INVALID_URL_PATTERN")
    }
    pub fn invalid_request_method() -> ZohoError {
        ZohoError::standard("INVALID_REQUEST_METHOD")
    }
    pub fn resource_not_found() -> ZohoError {
        ZohoError::standard("RESOURCE_NOT_FOUND")
    }
    pub fn internal_error() -> ZohoError {
        ZohoError::standard("INTERNAL_ERROR")
    }
    pub fn invalid_token() -> ZohoError {
        ZohoError::standard("INVALID_TOKEN")
    }

    /// 429 `TOO_MANY_REQUESTS` with `Retry-After: secs`.
    pub fn too_many_requests(secs: u64) -> ZohoError {
        let mut e = ZohoError::standard("TOO_MANY_REQUESTS");
        e.retry_after = Some(secs.max(1));
        e
    }

    /// 400 `INVALID_DATA` naming the key at fault (create-job validation).
    pub fn invalid_data(api_name: &str, json_path: &str, message: &str) -> ZohoError {
        ZohoError::new(StatusCode::BAD_REQUEST, "INVALID_DATA", message)
            .with_details(json!({"api_name": api_name, "json_path": json_path}))
    }

    /// 400 `MISSING_REQUIRED_KEY` naming the missing key (create-job validation).
    pub fn missing_required_key(api_name: &str, json_path: &str) -> ZohoError {
        ZohoError::new(
            StatusCode::BAD_REQUEST,
            "MISSING_REQUIRED_KEY",
            "required key is missing",
        )
        .with_details(json!({"api_name": api_name, "json_path": json_path}))
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let mut body = json!({
            "code": self.code,
            "details": self.details,
            "message": self.message,
        });
        if self.with_status {
            body["status"] = json!("error");
        }
        body
    }
}

/// Middleware: with `--errors-without-status`, every Zoho error body leaves out `status`.
pub async fn shape(State(state): State<Arc<SimState>>, req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    if !state.config.errors_without_status {
        return resp;
    }
    let bare = match resp.extensions().get::<ZohoError>() {
        Some(e) if e.with_status => e.clone().without_status().body().to_string(),
        _ => return resp,
    };
    // Same status and headers (Retry-After, CORS …); only the body changes.
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(bare))
}

impl IntoResponse for ZohoError {
    fn into_response(self) -> Response {
        let body = self.body().to_string();
        let mut resp = (
            self.status,
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            body,
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp.extensions_mut().insert(self);
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_zoho_shape() {
        for (code, status, message) in STANDARD_CODES {
            let e = ZohoError::standard(code);
            assert_eq!(e.status.as_u16(), status);
            let b = e.body();
            assert_eq!(b["code"], code);
            assert_eq!(b["message"], message);
            assert_eq!(b["status"], "error");
            assert!(b["details"].is_object());
        }
        let bare = ZohoError::standard("RESOURCE_NOT_FOUND")
            .without_status()
            .body();
        assert_eq!(
            bare,
            json!({"code": "RESOURCE_NOT_FOUND", "details": {},
                   "message": "The requested resource doesn't exist."})
        );
        let r = ZohoError::too_many_requests(0).into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
    }
}
