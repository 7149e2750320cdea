//! What Zoho sends, as tolerant serde types: every spelling seen across Bulk Write v2–v8 decodes
//! (module as string or object, ids as strings or numbers, counts and indexes as numeric strings,
//! explicit `null`s, absent blocks), unknown fields are ignored, and status/code/operation texts
//! stay raw. [`job_from_value_tolerant`] first takes out (and reports) any optional field whose
//! value does not fit, so one odd field never sinks the job. [`crate::model`] turns these into what Bulkwatch means; [`crate::error`] classifies
//! bodies that are not a job at all.

mod answers;
mod job;
mod lenient;
mod tolerant;

pub use answers::{
    WireCreateJobAnswer, WireCreateJobDetails, WireCreateJobRequest, WireCreateJobResource,
    WireErrorBody, WireLinkError, WireUploadAnswer, WireUploadDetails,
};
pub use job::{
    WireCallback, WireFieldMapping, WireFile, WireJob, WireModule, WireModuleRef, WireResource,
    WireResult, WireUser,
};
pub use tolerant::{tidy_job, unreadable_under, UnreadableField, MAX_RAW_CHARS};

/// Decodes a job-details body already parsed as JSON, reporting the JSON path of the first
/// field that does not fit (`resource[0].file.added_count`).
pub fn job_from_value(
    value: serde_json::Value,
) -> Result<WireJob, serde_path_to_error::Error<serde_json::Error>> {
    serde_path_to_error::deserialize(value)
}

/// Decodes a job-details body like [`job_from_value`], after taking out every optional field
/// whose value does not fit (see [`tidy_job`]): those come back as [`UnreadableField`]s beside
/// the job. Only what a job cannot do without (`id`, `status`, statuses, counts) still fails.
pub fn job_from_value_tolerant(
    mut value: serde_json::Value,
) -> Result<(WireJob, Vec<UnreadableField>), serde_path_to_error::Error<serde_json::Error>> {
    let unreadable = tidy_job(&mut value);
    Ok((job_from_value(value)?, unreadable))
}
