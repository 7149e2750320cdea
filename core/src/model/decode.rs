//! From an HTTP answer to a [`Job`]: the one entry point the widget, the proxy tests and
//! `bulkwatch inspect` share, so all of them classify a bad body the same way.

use super::Job;
use crate::error::{classify_json, parse_body, unexpected_json, BwError};
use crate::wire;

/// Decodes a job-details answer. Every malformed kind gets its own [`BwError`] variant: empty,
/// HTML, plain text, malformed or cut-off JSON, a Zoho error body (under any status), an array,
/// a scalar, or an object that is not a job (with the JSON path). An optional field that does not
/// fit is left out and listed in [`Job::unreadable`] instead. Never panics, whatever the bytes.
pub fn decode_job_response(http_status: u16, body: &[u8]) -> Result<Job, BwError> {
    let value = parse_body(http_status, body)?;
    if let Some(err) = classify_json(http_status, &value) {
        return Err(err);
    }
    if !value.is_object() {
        return Err(unexpected_json(&value));
    }
    let (wire_job, unreadable) =
        wire::job_from_value_tolerant(value).map_err(|e| BwError::DecodeShape {
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
        })?;
    let mut job = Job::from(wire_job);
    job.unreadable = unreadable;
    Ok(job)
}
