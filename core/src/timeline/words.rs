//! A timeline's entries in words: plain sentences ("Zoho started processing the file between
//! 10:42:05 and 10:42:35."), and "first seen already completed" when the first answer was final.

use super::EventKind;
use crate::model::{JobStatus, ResourceStatus};

impl EventKind {
    /// The entry as a plain sentence without its time ("Zoho started processing the file"),
    /// for the places that show it alone: the watch list's last change, the live region, the
    /// snapshot. A job whose first answer was already final says so ("First seen already
    /// completed").
    pub fn describe(&self) -> String {
        match self {
            EventKind::Created => "The job was created".into(),
            EventKind::Status { from: None, to } if JobStatus::from_wire(to).is_terminal() => {
                format!(
                    "First seen already {}",
                    JobStatus::from_wire(to).label().to_lowercase()
                )
            }
            EventKind::Status { from, to } => job_change(from.is_some(), to),
            EventKind::ResourceStatus {
                module, from, to, ..
            } => resource_change(module, from.is_some(), to),
            EventKind::FirstCounts { processed } => {
                format!("Zoho began writing records ({processed} processed when first seen)")
            }
            EventKind::FinalCounts {
                added,
                updated,
                skipped,
                total,
            } => format!(
                "Finished with {total} records ({added} added, {updated} updated, {skipped} skipped)"
            ),
        }
    }

    /// The entry as a sentence around its time bound: `lead`, then `when` (the bound in words,
    /// given by the caller) where the sentence has one, then `tail`. Final counts carry no time:
    /// they were seen with the final status, the entry just above them.
    pub fn sentence(&self, when: String) -> Sentence {
        let with = |lead: String, tail: &str| Sentence {
            lead,
            when: Some(when.clone()),
            tail: tail.to_string(),
        };
        match self {
            EventKind::Status { from: None, to } if JobStatus::from_wire(to).is_terminal() => {
                let lead = match JobStatus::from_wire(to) {
                    JobStatus::Failed => "First seen already failed: the job failed",
                    _ => "First seen already completed: Zoho finished it",
                };
                with(lead.to_string(), ".")
            }
            EventKind::FirstCounts { processed } => with(
                "Zoho began writing records".into(),
                &format!(" ({processed} processed when first seen)."),
            ),
            EventKind::FinalCounts {
                added,
                updated,
                skipped,
                total,
            } => Sentence {
                lead: format!(
                    "It ended with {total} records: {added} added, {updated} updated and {skipped} skipped."
                ),
                when: None,
                tail: String::new(),
            },
            other => with(other.describe(), "."),
        }
    }
}

/// A timeline entry in words: `lead`, the time bound (if any), `tail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub lead: String,
    pub when: Option<String>,
    pub tail: String,
}

impl Sentence {
    /// The whole sentence as text.
    pub fn text(&self) -> String {
        match &self.when {
            Some(when) => format!("{} {when}{}", self.lead, self.tail),
            None => format!("{}{}", self.lead, self.tail),
        }
    }
}

/// A job's status change in words; `seen_before` is false for the first answer.
fn job_change(seen_before: bool, to: &str) -> String {
    match JobStatus::from_wire(to) {
        JobStatus::Added if seen_before => "The job went back to the queue".into(),
        JobStatus::Added => "The job is queued".into(),
        JobStatus::InProgress => "Zoho started processing the file".into(),
        JobStatus::Completed => "Zoho completed the job".into(),
        JobStatus::Failed => "The job failed".into(),
        JobStatus::Unknown(raw) => format!("Zoho reported the status \"{raw}\""),
    }
}

/// One resource's status change in words (parent/child jobs).
fn resource_change(module: &str, seen_before: bool, to: &str) -> String {
    match ResourceStatus::from_wire(to) {
        ResourceStatus::Added if seen_before => format!("{module} went back to the queue"),
        ResourceStatus::Added => format!("{module} is queued"),
        ResourceStatus::InProgress => format!("Zoho started processing {module}"),
        ResourceStatus::Completed => format!("Zoho completed {module}"),
        ResourceStatus::Skipped => format!("Zoho skipped {module}"),
        ResourceStatus::Failed => format!("{module} failed"),
        ResourceStatus::Unknown(raw) => format!("{module}: Zoho reported the status \"{raw}\""),
    }
}
