//! The job-details answer (`GET /crm/bulk/{v}/write/{job_id}`) as Zoho sends it, v2 through v8.
//! Serialising writes the canonical shape back (the simulator uses that), keeping explicit
//! `null`s where Zoho writes them (field mappings) and leaving out what Zoho leaves out.

use super::lenient;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The whole job-details body. Only `id` and `status` are required: without them it is not a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireJob {
    /// Raw job status (`ADDED`, `INPROGRESS`, `IN PROGRESS`, `COMPLETED`, `FAILED`, or new text).
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_encoding: Option<String>,
    /// A string since v2.1; a JSON integer in v2-era SDKs.
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    /// `insert` | `update` | `upsert` (kept raw; the model maps it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// ISO 8601 with an offset, e.g. `2019-01-30T02:18:15-12:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<WireUser>,
    #[serde(default, deserialize_with = "lenient::vec_or_null")]
    pub resource: Vec<WireResource>,
    /// Present once the job is COMPLETED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<WireResult>,
    /// Present only when the job was created with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<WireCallback>,
    /// Top level in real samples; the v8 spec puts it per resource (see [`WireResource`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_empty: Option<bool>,
}

/// `created_by`: who started the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireUser {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// `result`: where the result zip can be downloaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireResult {
    /// Absolute (`https://download-accl.zoho.com/v2/crm/…zip`) or relative (`/v3/crm/…zip`).
    #[serde(default)]
    pub download_url: Option<String>,
}

/// `callback`: the URL Zoho calls when the job ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireCallback {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
}

/// One `resource[]` item: a module written by the job (the parent first in parent/child jobs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireResource {
    #[serde(default)]
    pub status: Option<String>,
    /// Always `"data"` so far.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Free text: `ADDED`, `INPROGRESS`, `SUCCESS`, `COMPLETED`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<WireModule>,
    #[serde(default, deserialize_with = "lenient::vec_or_null")]
    pub field_mappings: Vec<WireFieldMapping>,
    /// Absent in v2 while the job runs; `{"status": "INPROGRESS"}` alone while ADDED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<WireFile>,
    /// v3+: the uploaded zip's id, shared by all resources of a parent/child job.
    #[serde(
        default,
        deserialize_with = "lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_id: Option<String>,
    /// v3+: which CSV(s) of the zip this resource reads.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub find_by: Option<String>,
    /// The v8 spec's per-resource spelling of `ignore_empty`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_empty: Option<bool>,
}

/// `module`: a plain string in v2 (`"Leads"`), `{api_name, id}` from v2.1 on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WireModule {
    Name(String),
    Ref(WireModuleRef),
}

/// The object form of [`WireModule`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireModuleRef {
    #[serde(default)]
    pub api_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
}

impl WireModule {
    /// The module's API name, whichever form it came in (`None` if the object lacks one).
    pub fn api_name(&self) -> Option<&str> {
        match self {
            WireModule::Name(name) => Some(name),
            WireModule::Ref(r) => r.api_name.as_deref(),
        }
    }
}

// Hand-written rather than `untagged` so a wrong type gets a precise message instead of
// "data did not match any variant".
impl<'de> Deserialize<'de> for WireModule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ModuleVisitor;
        impl<'de> Visitor<'de> for ModuleVisitor {
            type Value = WireModule;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a module API name or an object {api_name, id}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WireModule, E> {
                Ok(WireModule::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WireModule, A::Error> {
                let inner = WireModuleRef::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(WireModule::Ref(inner))
            }
        }
        d.deserialize_any(ModuleVisitor)
    }
}

/// One `field_mappings[]` item: which CSV column feeds which CRM field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireFieldMapping {
    #[serde(default)]
    pub api_name: Option<String>,
    /// An integer; one doc example writes it as a string.
    #[serde(default, deserialize_with = "lenient::opt_index")]
    pub index: Option<u32>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub find_by: Option<String>,
    /// For lookups: the looked-up module, in either module form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<WireModule>,
    /// Any JSON (`{"value": …}`, `{name, module, value}`); `null` when unset.
    #[serde(default)]
    pub default_value: Option<serde_json::Value>,
    /// v3+ child mappings: the parent's column that links a child row to its parent.
    #[serde(
        default,
        deserialize_with = "lenient::opt_index",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_column_index: Option<u32>,
}

/// `file`: the progress of one resource's CSV. Counts fill in while the job runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireFile {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The module the file was imported into (a plain API name in Zoho's reference; the object
    /// form is read too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<WireModule>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub added_count: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub skipped_count: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_count: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<u64>,
}
