//! What a support engineer needs to read when Zoho says a bulk write job FAILED: what it means
//! for the records already written, each failed resource's own status and code as Zoho gave
//! them, what to do next, and whether a result file can be downloaded. Pure words from the job.

use crate::model::{JobStatus, Resource, ResourceStatus};
use crate::Job;

/// One resource that did not complete, as Zoho described it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedResource {
    /// The module's API name (`Deals`), or `resource N` when Zoho named none.
    pub module: String,
    /// The resource's status in words (`Failed`, `Skipped`).
    pub status: String,
    /// Zoho's own `code` for it, when it sent one.
    pub code: Option<String>,
}

/// The explanation shown for a FAILED job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureExplanation {
    /// What FAILED means for records already written.
    pub written: String,
    /// Resources that did not complete (all of a job's, if none is marked).
    pub resources: Vec<FailedResource>,
    /// What to do next, in order.
    pub next_steps: Vec<String>,
    /// What can be downloaded.
    pub download: String,
}

/// The explanation for `job`, or `None` unless Zoho said FAILED.
pub fn explain_failure(job: &Job) -> Option<FailureExplanation> {
    if job.status != JobStatus::Failed {
        return None;
    }
    let c = job.counts();
    let written_n = c.added.saturating_add(c.updated);
    let written = if written_n == 0 {
        "Zoho stopped this job before it added or updated any record, as far as its counts show: nothing from this file should be in the CRM yet.".to_string()
    } else {
        format!(
            "Zoho stopped this job after it had added {} and updated {} records. Its job details do not say that a failed job is rolled back, so treat those {written_n} records as written to the CRM; the rest of the file was not processed.",
            c.added, c.updated
        )
    };
    let all: Vec<(usize, &Resource)> = job.resources.iter().enumerate().collect();
    let marked: Vec<(usize, &Resource)> = all
        .iter()
        .copied()
        .filter(|(_, r)| !matches!(r.status, ResourceStatus::Completed))
        .collect();
    let shown = if marked.is_empty() { all } else { marked };
    let resources = shown
        .into_iter()
        .map(|(index, r)| FailedResource {
            module: match r.module_name() {
                "" => format!("resource {}", index + 1),
                m => m.to_string(),
            },
            status: r.status.label(),
            code: r.code.clone().filter(|s| !s.trim().is_empty()),
        })
        .collect();
    let mut next_steps = Vec::new();
    if written_n > 0 {
        next_steps.push(
            "Check the records already written before uploading again: a second insert of the same rows creates duplicates. An upsert with a find_by field updates them instead.".to_string(),
        );
    }
    next_steps.push(
        "Check the uploaded file against the field mappings below (mandatory fields, formats, the module) and upload it again as a new job: a failed job cannot be resumed.".to_string(),
    );
    next_steps.push(format!(
        "If it fails again with no clear reason, contact Zoho support with the job id {}.",
        job.id
    ));
    let download = if job.download_url.is_some() {
        "Zoho gave a result file for this job: download it below for each row's status and errors."
            .to_string()
    } else {
        "Zoho gave no result file for this job, so there is no per-row report: the counts and codes here are all Zoho said.".to_string()
    };
    Some(FailureExplanation {
        written,
        resources,
        next_steps,
        download,
    })
}
