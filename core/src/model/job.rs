//! A job as Bulkwatch understands it: one normalised shape for every API version, built from
//! [`crate::wire::WireJob`]. Conversion never fails: the wire layer already refused what does not
//! fit (and set aside, as [`Job::unreadable`], the optional fields it could not read), and
//! whatever is merely unknown is kept raw.

use super::time::{parse_rfc3339, Timestamp};
use super::{Counts, JobStatus, ResourceStatus};
use crate::wire::{
    UnreadableField, WireCallback, WireFieldMapping, WireFile, WireJob, WireModule, WireResource,
    WireUser,
};
use serde::Serialize;
use std::fmt;

/// A bulk write job's details.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    /// The job id exactly as sent (digits, in practice).
    pub id: String,
    pub status: JobStatus,
    /// The status text as Zoho wrote it (`IN PROGRESS`, `INPROGRESS`, …).
    pub status_raw: String,
    pub operation: Operation,
    pub character_encoding: Option<String>,
    /// `created_time` as sent.
    pub created_time: Option<String>,
    /// `created_time` parsed, when it is valid RFC 3339.
    pub created_at: Option<Timestamp>,
    pub created_by: Option<User>,
    pub callback: Option<Callback>,
    /// The top-level `ignore_empty` (real samples); see also [`Resource::ignore_empty`].
    pub ignore_empty: Option<bool>,
    /// Parent first in parent/child jobs.
    pub resources: Vec<Resource>,
    /// `result.download_url` exactly as sent (absolute or relative). Never use it without the
    /// URL rules in [`crate::download`]. An empty string is read as absent.
    pub download_url: Option<String>,
    /// Optional fields whose value did not fit and were left out, with their raw value (empty
    /// when everything was understood). Shown as a "fields not understood" note.
    pub unreadable: Vec<UnreadableField>,
}

impl Job {
    /// The counts of every resource added up (a parent/child job has one file per resource).
    pub fn counts(&self) -> Counts {
        Counts::sum(
            self.resources
                .iter()
                .filter_map(|r| r.file.as_ref().map(|f| &f.counts)),
        )
    }

    /// The job will not change any more (completed or failed).
    pub fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }

    /// The unreadable field at exactly this path (`ignore_empty`, `resource[0].code`), if any.
    pub fn unreadable_at(&self, path: &str) -> Option<&UnreadableField> {
        self.unreadable.iter().find(|u| u.path == path)
    }

    /// Several resources: a parent/child job (subforms, line items, multi-select lookups).
    pub fn is_parent_child(&self) -> bool {
        self.resources.len() > 1
    }
}

impl From<WireJob> for Job {
    fn from(w: WireJob) -> Job {
        Job {
            status: JobStatus::from_wire(&w.status),
            status_raw: w.status,
            id: w.id,
            operation: Operation::from_wire(w.operation.as_deref().unwrap_or("")),
            character_encoding: w.character_encoding,
            created_at: w.created_time.as_deref().and_then(parse_rfc3339),
            created_time: w.created_time,
            created_by: w.created_by.map(User::from),
            callback: w.callback.map(Callback::from),
            ignore_empty: w.ignore_empty,
            resources: w.resource.into_iter().map(Resource::from).collect(),
            download_url: w
                .result
                .and_then(|r| r.download_url)
                .filter(|u| !u.trim().is_empty()),
            unreadable: Vec::new(),
        }
    }
}

/// The bulk write operation. Anything else (or nothing) is kept raw.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operation {
    Insert,
    Update,
    Upsert,
    /// Unrecognised text, as sent; empty when the field was absent.
    Unknown(String),
}

impl Operation {
    /// Reads the wire text case-insensitively.
    pub fn from_wire(raw: &str) -> Operation {
        match raw.trim().to_ascii_lowercase().as_str() {
            "insert" => Operation::Insert,
            "update" => Operation::Update,
            "upsert" => Operation::Upsert,
            _ => Operation::Unknown(raw.to_string()),
        }
    }

    /// `insert | update | upsert`, or the raw text of an unknown operation.
    pub fn as_str(&self) -> &str {
        match self {
            Operation::Insert => "insert",
            Operation::Update => "update",
            Operation::Upsert => "upsert",
            Operation::Unknown(raw) => raw,
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `created_by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Option<String>,
    pub name: Option<String>,
}

impl From<WireUser> for User {
    fn from(w: WireUser) -> User {
        User {
            id: w.id,
            name: w.name,
        }
    }
}

/// `callback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Callback {
    pub url: Option<String>,
    pub method: Option<String>,
}

impl From<WireCallback> for Callback {
    fn from(w: WireCallback) -> Callback {
        Callback {
            url: w.url,
            method: w.method,
        }
    }
}

/// A module named by a resource or a lookup mapping. v2 gives only the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleRef {
    /// Empty if Zoho sent an object without `api_name`.
    pub api_name: String,
    pub id: Option<String>,
}

impl From<WireModule> for ModuleRef {
    fn from(w: WireModule) -> ModuleRef {
        match w {
            WireModule::Name(api_name) => ModuleRef { api_name, id: None },
            WireModule::Ref(r) => ModuleRef {
                api_name: r.api_name.unwrap_or_default(),
                id: r.id,
            },
        }
    }
}

/// One module written by the job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub module: Option<ModuleRef>,
    pub status: ResourceStatus,
    /// As sent; empty when the field was absent.
    pub status_raw: String,
    /// Free text (`ADDED`, `SUCCESS`, …); may disagree with `status` (COMPLETED + INPROGRESS seen).
    pub code: Option<String>,
    /// `type` (always `data` so far).
    pub kind: Option<String>,
    /// Absent while a v2 job runs.
    pub file: Option<FileInfo>,
    pub field_mappings: Vec<FieldMapping>,
    pub file_id: Option<String>,
    /// Which CSVs of the uploaded zip this resource reads (parent/child jobs); empty if not sent.
    pub file_names: Vec<String>,
    pub find_by: Option<String>,
    /// The v8 spec's per-resource `ignore_empty`.
    pub ignore_empty: Option<bool>,
}

impl Resource {
    /// The module's API name, or `""` if none was sent.
    pub fn module_name(&self) -> &str {
        self.module.as_ref().map_or("", |m| m.api_name.as_str())
    }

    /// This resource's counts (zero while the file block is absent).
    pub fn counts(&self) -> Counts {
        self.file.as_ref().map(|f| f.counts).unwrap_or_default()
    }

    /// Per-resource `ignore_empty` if given, else the job's.
    pub fn effective_ignore_empty(&self, job: &Job) -> Option<bool> {
        self.ignore_empty.or(job.ignore_empty)
    }
}

impl From<WireResource> for Resource {
    fn from(w: WireResource) -> Resource {
        let status_raw = w.status.unwrap_or_default();
        Resource {
            module: w.module.map(ModuleRef::from),
            status: ResourceStatus::from_wire(&status_raw),
            status_raw,
            code: w.code,
            kind: w.kind,
            file: w.file.map(FileInfo::from),
            field_mappings: w
                .field_mappings
                .into_iter()
                .map(FieldMapping::from)
                .collect(),
            file_id: w.file_id,
            file_names: w.file_names.unwrap_or_default(),
            find_by: w.find_by,
            ignore_empty: w.ignore_empty,
        }
    }
}

/// A resource's CSV and its progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileInfo {
    pub status: ResourceStatus,
    /// As sent; empty when absent.
    pub status_raw: String,
    pub name: Option<String>,
    /// `file.module`: the module the file was imported into, as Zoho names it.
    pub module: Option<String>,
    /// Absent counts read as 0 (they fill in while the job runs).
    pub counts: Counts,
}

impl From<WireFile> for FileInfo {
    fn from(w: WireFile) -> FileInfo {
        let status_raw = w.status.unwrap_or_default();
        FileInfo {
            status: ResourceStatus::from_wire(&status_raw),
            status_raw,
            name: w.name,
            module: w.module.map(|m| ModuleRef::from(m).api_name),
            counts: Counts {
                added: w.added_count.unwrap_or(0),
                updated: w.updated_count.unwrap_or(0),
                skipped: w.skipped_count.unwrap_or(0),
                total: w.total_count.unwrap_or(0),
            },
        }
    }
}

/// Which CSV column feeds which CRM field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldMapping {
    /// Empty if Zoho sent none.
    pub api_name: String,
    /// The CSV column index, as Zoho counts it.
    pub index: Option<u32>,
    pub find_by: Option<String>,
    pub format: Option<String>,
    /// The looked-up module's API name, for lookup fields.
    pub module: Option<String>,
    /// Any JSON Zoho sent (`{"value": …}`, `{name, module, value}`); `None` for `null`.
    pub default_value: Option<serde_json::Value>,
    pub parent_column_index: Option<u32>,
}

impl FieldMapping {
    /// The default value as text for people: the `value` member when there is one (a string shown
    /// without quotes), otherwise the compact JSON.
    pub fn default_value_text(&self) -> Option<String> {
        let v = self.default_value.as_ref()?;
        let shown = v.get("value").unwrap_or(v);
        Some(match shown {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

impl From<WireFieldMapping> for FieldMapping {
    fn from(w: WireFieldMapping) -> FieldMapping {
        FieldMapping {
            api_name: w.api_name.unwrap_or_default(),
            index: w.index,
            find_by: w.find_by,
            format: w.format,
            module: w.module.map(|m| ModuleRef::from(m).api_name),
            default_value: w.default_value,
            parent_column_index: w.parent_column_index,
        }
    }
}
