//! What Bulkwatch means by a job: strict enums and plain numbers, derived from the tolerant
//! [`crate::wire`] types. Views and the polling policy read only this.
//!
//! [`decode_job_response`] is the one entry point from an HTTP answer to a [`Job`].

mod decode;
mod job;
mod time;

pub use crate::wire::UnreadableField;
pub use decode::decode_job_response;
pub use job::{Callback, FieldMapping, FileInfo, Job, ModuleRef, Operation, Resource, User};
pub use time::{parse_rfc3339, Timestamp};

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A job's status. Zoho spells "in progress" both `INPROGRESS` and `IN PROGRESS`; anything else is
/// kept with its raw text so it can be shown, never crash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobStatus {
    Added,
    InProgress,
    Completed,
    Failed,
    Unknown(String),
}

impl JobStatus {
    /// Reads a wire status: case-insensitive, spaces/underscores/hyphens ignored.
    pub fn from_wire(raw: &str) -> JobStatus {
        match normalise(raw).as_str() {
            "ADDED" => JobStatus::Added,
            "INPROGRESS" => JobStatus::InProgress,
            "COMPLETED" => JobStatus::Completed,
            "FAILED" => JobStatus::Failed,
            _ => JobStatus::Unknown(raw.to_string()),
        }
    }

    /// The stable token used in `data-status`, `inspect --json` and events:
    /// `added | in_progress | completed | failed | unknown`.
    pub fn token(&self) -> &'static str {
        match self {
            JobStatus::Added => "added",
            JobStatus::InProgress => "in_progress",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Unknown(_) => "unknown",
        }
    }

    /// The status an embedding host sees (its `status` attribute, its events' `detail`):
    /// `added | in-progress | completed | failed | unknown`, kebab-case as HTML attribute values
    /// are (the widget's own `data-status` keeps [`JobStatus::token`]'s `in_progress`).
    pub fn host_token(&self) -> &'static str {
        match self {
            JobStatus::InProgress => "in-progress",
            other => other.token(),
        }
    }

    /// The job is still moving: Zoho has it queued or is processing it.
    pub fn is_running(&self) -> bool {
        matches!(self, JobStatus::Added | JobStatus::InProgress)
    }

    /// A job in this status will not change any more.
    pub fn is_terminal(&self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Failed)
    }

    /// A small icon beside the label (decorative: the label carries the meaning), so a status
    /// is never told by colour alone.
    pub fn icon(&self) -> &'static str {
        match self {
            JobStatus::Added => "○",
            JobStatus::InProgress => "◔",
            JobStatus::Completed => "✓",
            JobStatus::Failed => "✕",
            JobStatus::Unknown(_) => "?",
        }
    }

    /// A label for people ("In progress"; an unknown status shows its raw text).
    pub fn label(&self) -> String {
        match self {
            JobStatus::Added => "Added".into(),
            JobStatus::InProgress => "In progress".into(),
            JobStatus::Completed => "Completed".into(),
            JobStatus::Failed => "Failed".into(),
            JobStatus::Unknown(raw) => raw.clone(),
        }
    }
}

/// Serialised as its [`JobStatus::token`]; the raw text travels beside it as `status_raw`.
impl Serialize for JobStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.token())
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A resource's (or its file's) status: the job statuses plus `SKIPPED`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResourceStatus {
    Added,
    InProgress,
    Completed,
    Skipped,
    Failed,
    Unknown(String),
}

impl ResourceStatus {
    /// Reads a wire status like [`JobStatus::from_wire`].
    pub fn from_wire(raw: &str) -> ResourceStatus {
        match normalise(raw).as_str() {
            "ADDED" => ResourceStatus::Added,
            "INPROGRESS" => ResourceStatus::InProgress,
            "COMPLETED" => ResourceStatus::Completed,
            "SKIPPED" => ResourceStatus::Skipped,
            "FAILED" => ResourceStatus::Failed,
            _ => ResourceStatus::Unknown(raw.to_string()),
        }
    }

    /// `added | in_progress | completed | skipped | failed | unknown`.
    pub fn token(&self) -> &'static str {
        match self {
            ResourceStatus::Added => "added",
            ResourceStatus::InProgress => "in_progress",
            ResourceStatus::Completed => "completed",
            ResourceStatus::Skipped => "skipped",
            ResourceStatus::Failed => "failed",
            ResourceStatus::Unknown(_) => "unknown",
        }
    }

    /// A small icon beside the label (decorative: the label carries the meaning), so a status
    /// is never told by colour alone.
    pub fn icon(&self) -> &'static str {
        match self {
            ResourceStatus::Added => "○",
            ResourceStatus::InProgress => "◔",
            ResourceStatus::Completed => "✓",
            ResourceStatus::Skipped => "↷",
            ResourceStatus::Failed => "✕",
            ResourceStatus::Unknown(_) => "?",
        }
    }

    /// A label for people; an unknown status shows its raw text.
    pub fn label(&self) -> String {
        match self {
            ResourceStatus::Added => "Added".into(),
            ResourceStatus::InProgress => "In progress".into(),
            ResourceStatus::Completed => "Completed".into(),
            ResourceStatus::Skipped => "Skipped".into(),
            ResourceStatus::Failed => "Failed".into(),
            ResourceStatus::Unknown(raw) => raw.clone(),
        }
    }
}

/// Serialised as its [`ResourceStatus::token`].
impl Serialize for ResourceStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.token())
    }
}

impl fmt::Display for ResourceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Record counts of a file or a whole job. Zoho keeps `total = added + updated + skipped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Counts {
    pub added: u64,
    pub updated: u64,
    pub skipped: u64,
    pub total: u64,
}

impl Counts {
    /// Records processed so far (what progress is measured by).
    pub fn processed(&self) -> u64 {
        self.added
            .saturating_add(self.updated)
            .saturating_add(self.skipped)
    }

    /// Sum of several resources' counts (a parent/child job).
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Counts>) -> Counts {
        all.into_iter().fold(Counts::default(), |acc, c| Counts {
            added: acc.added.saturating_add(c.added),
            updated: acc.updated.saturating_add(c.updated),
            skipped: acc.skipped.saturating_add(c.skipped),
            total: acc.total.saturating_add(c.total),
        })
    }
}

fn normalise(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\t'))
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_tokens_are_kebab_case_and_each_status_knows_if_it_runs() {
        use JobStatus::*;
        let unknown = Unknown("PAUSED".into());
        let table = [
            (Added, "added", "added", true, false),
            (InProgress, "in_progress", "in-progress", true, false),
            (Completed, "completed", "completed", false, true),
            (Failed, "failed", "failed", false, true),
            (unknown, "unknown", "unknown", false, false),
        ];
        let mut icons = std::collections::BTreeSet::new();
        for (status, token, host, running, terminal) in table {
            assert!(icons.insert(status.icon()), "{status:?} shares its icon");
            assert_eq!(status.token(), token);
            assert_eq!(status.host_token(), host);
            assert_eq!(status.is_running(), running, "{status:?}");
            assert_eq!(status.is_terminal(), terminal, "{status:?}");
        }
    }

    #[test]
    fn both_spellings_of_in_progress() {
        assert_eq!(JobStatus::from_wire("INPROGRESS"), JobStatus::InProgress);
        assert_eq!(JobStatus::from_wire("IN PROGRESS"), JobStatus::InProgress);
        assert_eq!(JobStatus::from_wire("in_progress"), JobStatus::InProgress);
        assert_eq!(
            JobStatus::from_wire("QUEUED"),
            JobStatus::Unknown("QUEUED".into())
        );
        assert_eq!(JobStatus::from_wire("QUEUED").token(), "unknown");
        assert_eq!(
            ResourceStatus::from_wire("Skipped"),
            ResourceStatus::Skipped
        );
    }

    #[test]
    fn counts_sum_and_processed() {
        let a = Counts {
            added: 1,
            updated: 2,
            skipped: 3,
            total: 6,
        };
        let s = Counts::sum([&a, &a]);
        assert_eq!(s.total, 12);
        assert_eq!(s.processed(), 12);
    }
}
