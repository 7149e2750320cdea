//! Zoho's other bodies around a job: the error body every endpoint shares, the file-upload and
//! create-job answers, and the create-job request. The simulator produces and parses these; the
//! widget only meets the error body.

use super::job::{WireCallback, WireFieldMapping, WireModule, WireUser};
use super::lenient;
use serde::{Deserialize, Serialize};

/// `{"code": "...", "details": {...}, "message": "...", "status": "error"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireErrorBody {
    pub code: String,
    #[serde(default)]
    pub details: serde_json::Value,
    #[serde(default)]
    pub message: String,
    /// `"error"` as sent; empty when the body had no `status` (see [`WireErrorBody::from_value`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
}

impl WireErrorBody {
    /// Reads an error body out of any JSON value: an object with a string `code` whose `status`
    /// is `"error"` (any case) — or which has no `status` at all and either a code Zoho
    /// documents ([`crate::error::ZohoCode::KNOWN`]) or a string `message` beside the code (Zoho
    /// leaves `status` out on some paths, and the SDK's error model does not require it).
    /// A `status` of anything else (`"success"`, a job status) is never an error body.
    ///
    /// This is the one test every path uses (job details, result download, `inspect`), so the
    /// same body is always the same error.
    pub fn from_value(value: &serde_json::Value) -> Option<WireErrorBody> {
        let obj = value.as_object()?;
        let code = obj.get("code")?.as_str()?;
        let status = match obj.get("status") {
            Some(serde_json::Value::String(s)) if s.trim().eq_ignore_ascii_case("error") => {
                s.clone()
            }
            Some(_) => return None,
            None => {
                let known = !matches!(
                    crate::error::ZohoCode::parse(code),
                    crate::error::ZohoCode::Other(_)
                );
                let with_message = matches!(obj.get("message"), Some(serde_json::Value::String(_)));
                if !known && !with_message {
                    return None;
                }
                String::new()
            }
        };
        let message = match obj.get("message") {
            Some(serde_json::Value::String(m)) => m.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            // A non-string message is still worth showing.
            Some(other) => other.to_string(),
        };
        Some(WireErrorBody {
            code: code.to_string(),
            details: obj.get("details").cloned().unwrap_or_default(),
            message,
            status,
        })
    }
}

/// What the download host answers for an expired or otherwise invalid result link:
/// `{"info": "Forbidden", "x-info": "Link not valid"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireLinkError {
    #[serde(default)]
    pub info: Option<String>,
    #[serde(rename = "x-info", default)]
    pub x_info: Option<String>,
}

impl WireLinkError {
    /// Recognises the link-error body: an object with a string `x-info`, or a string `info`
    /// and no `status` (which would make it a job or an error body instead).
    pub fn from_value(value: &serde_json::Value) -> Option<WireLinkError> {
        let obj = value.as_object()?;
        let info = obj.get("info").and_then(|v| v.as_str()).map(str::to_string);
        let x_info = obj
            .get("x-info")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let recognised = x_info.is_some() || (info.is_some() && !obj.contains_key("status"));
        recognised.then_some(WireLinkError { info, x_info })
    }
}

/// `POST https://content.zohoapis.{tld}/crm/{v}/upload` answer:
/// `{"status":"success","code":"FILE_UPLOAD_SUCCESS","message":"file uploaded.","details":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireUploadAnswer {
    pub status: String,
    pub code: String,
    #[serde(default)]
    pub message: String,
    pub details: WireUploadDetails,
}

/// `details` of [`WireUploadAnswer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireUploadDetails {
    #[serde(deserialize_with = "lenient::id")]
    pub file_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
}

/// `POST {api-domain}/crm/bulk/{v}/write` answer (HTTP 201):
/// `{"status":"success","code":"SUCCESS","message":"success","details":{"id":…,"created_by":…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireCreateJobAnswer {
    pub status: String,
    pub code: String,
    #[serde(default)]
    pub message: String,
    pub details: WireCreateJobDetails,
}

/// `details` of [`WireCreateJobAnswer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireCreateJobDetails {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<WireUser>,
}

/// The create-job request body: `{operation, resource:[…], callback?, ignore_empty?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireCreateJobRequest {
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_encoding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<WireCallback>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_empty: Option<bool>,
    pub resource: Vec<WireCreateJobResource>,
}

/// One `resource[]` item of [`WireCreateJobRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireCreateJobResource {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub module: WireModule,
    #[serde(deserialize_with = "lenient::id")]
    pub file_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub find_by: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub file_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_empty: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::vec_or_null",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub field_mappings: Vec<WireFieldMapping>,
}
