//! What Zoho sends, as tolerant serde types: every spelling seen across Bulk Write v2–v8 decodes
//! (module as string or object, ids as strings or numbers, counts and indexes as numeric strings,
//! explicit `null`s, absent blocks), unknown fields are ignored, and status/code/operation texts
//! stay raw. [`crate::model`] turns these into what Bulkwatch means; [`crate::error`] classifies
//! bodies that are not a job at all.

mod answers;
mod job;
mod lenient;

pub use answers::{
    WireCreateJobAnswer, WireCreateJobDetails, WireCreateJobRequest, WireCreateJobResource,
    WireErrorBody, WireLinkError, WireUploadAnswer, WireUploadDetails,
};
pub use job::{
    WireCallback, WireFieldMapping, WireFile, WireJob, WireModule, WireModuleRef, WireResource,
    WireResult, WireUser,
};

/// Decodes a job-details body already parsed as JSON, reporting the JSON path of the first
/// field that does not fit (`resource[0].file.added_count`).
pub fn job_from_value(
    value: serde_json::Value,
) -> Result<WireJob, serde_path_to_error::Error<serde_json::Error>> {
    serde_path_to_error::deserialize(value)
}
