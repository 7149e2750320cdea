//! Bulkwatch's one error type, [`BwError`]: every way a job lookup can fail, each its own variant
//! carrying its cause as data (so it stays `Clone + PartialEq` and can live in UI state), with a
//! stable machine code for `data-code`, a plain title and a resolution for people, and the two
//! questions the polling policy asks: retry? ask for a token?
//!
//! [`classify_failure`] reads the body of any failed answer; the job-details call goes through
//! [`crate::model::decode_job_response`], which uses the same rules.

mod catalogue;
mod classify;

pub use catalogue::{CatalogueEntry, ZohoCode, CATALOGUE};

use crate::wire::WireErrorBody;
pub use classify::{classify_failure, one_line, snippet, SNIPPET_CHARS};
pub(crate) use classify::{classify_json, parse_body, unexpected_json};

use std::fmt;

/// Zoho's error body, decoded: `{"code", "details", "message", "status": "error"}` plus the
/// HTTP status it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct ZohoError {
    pub code: ZohoCode,
    pub http_status: u16,
    /// Zoho's message, as sent.
    pub message: String,
    /// Zoho's `details` object, as sent (`null` when absent).
    pub details: serde_json::Value,
}

impl ZohoError {
    /// Builds one from a decoded error body.
    pub fn from_wire(http_status: u16, body: WireErrorBody) -> ZohoError {
        ZohoError {
            code: ZohoCode::parse(&body.code),
            http_status,
            message: body.message,
            details: body.details,
        }
    }

    /// The catalogue's title, or `Zoho error <CODE>` for an unknown code.
    pub fn title(&self) -> String {
        match self.code.entry() {
            Some(e) => e.title.to_string(),
            None if self.code.as_str() == ZohoCode::BLANK => "Zoho error without a code".into(),
            None => format!("Zoho error {}", self.code),
        }
    }

    /// The catalogue's resolution, or a plain note for an unknown code.
    pub fn resolution(&self) -> String {
        match self.code.entry() {
            Some(e) => e.resolution.to_string(),
            None => "Bulkwatch does not know this code yet: Zoho's message is shown as sent."
                .to_string(),
        }
    }
}

/// What kind of body came with an unexpected HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    Empty,
    Html,
    Text,
    Json,
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyKind::Empty => "an empty body",
            BodyKind::Html => "an HTML page",
            BodyKind::Text => "a text body",
            BodyKind::Json => "a JSON body",
        })
    }
}

/// Which bare JSON value a body was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    Null,
    Bool,
    Number,
    String,
}

impl fmt::Display for ScalarKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScalarKind::Null => "null",
            ScalarKind::Bool => "boolean",
            ScalarKind::Number => "number",
            ScalarKind::String => "string",
        })
    }
}

/// Every way looking at a job can fail.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BwError {
    /// Zoho's error body with a non-2xx status.
    #[error("Zoho error {} (HTTP {}): {}", .0.code, .0.http_status, .0.message)]
    Zoho(ZohoError),
    /// Zoho's error body under a 2xx status (seen behind some gateways; never a job).
    #[error("Zoho answered HTTP {} but the body is error {}: {}", .0.http_status, .0.code, .0.message)]
    ZohoErrorIn2xx(ZohoError),
    /// The download host's `{"info": "Forbidden", "x-info": "Link not valid"}`.
    #[error("the result link is no longer valid (HTTP {http_status}: {})", link_text(.info, .x_info))]
    ExpiredDownloadLink {
        http_status: u16,
        info: Option<String>,
        x_info: Option<String>,
    },
    /// A non-2xx status without a Zoho error body.
    #[error("unexpected HTTP {status} with {body}{}", snippet_suffix(.snippet))]
    Http {
        status: u16,
        body: BodyKind,
        /// The start of the body, one line (see [`snippet`]).
        snippet: String,
    },
    /// A 2xx with nothing (or only whitespace) in the body.
    #[error("the answer has an empty body")]
    DecodeEmpty,
    /// A 2xx whose body is an HTML page (a proxy, firewall or sign-in portal answered).
    #[error("the answer is an HTML page, not JSON: {}", .title.as_deref().unwrap_or(.snippet))]
    DecodeHtml {
        title: Option<String>,
        snippet: String,
    },
    /// A 2xx whose body is text that is not JSON at all.
    #[error("the answer is not JSON: {snippet}")]
    DecodeNotJson { snippet: String },
    /// A body that opens like JSON but breaks its grammar (e.g. a doc sample with missing commas).
    #[error("the answer is malformed JSON at line {line}, column {column}: {message}")]
    DecodeInvalidJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON that ends early (a dropped connection or a size cap cut it).
    #[error("the answer's JSON is cut off at line {line}, column {column}: {message}")]
    DecodeTruncated {
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON array where one job object was expected.
    #[error("the answer is a JSON array of {len} item(s), not a job object")]
    DecodeArray { len: usize },
    /// A bare JSON scalar where one job object was expected.
    #[error("the answer is a bare JSON {kind}, not a job object")]
    DecodeScalar { kind: ScalarKind },
    /// A JSON object that does not fit a job's details.
    #[error("the answer is JSON but not a job's details: at {path}: {message}")]
    DecodeShape {
        /// Where it went wrong (`resource[0].file.added_count`; `.` for the top level).
        path: String,
        /// serde's message (`missing field \`id\``, `invalid type: …`).
        message: String,
    },
    /// The request never got an answer. In a browser a CORS refusal looks exactly like this.
    #[error("network error: {message}")]
    Network { message: String },
    /// The request was cancelled (unmount, job change, destroy).
    #[error("the request was aborted")]
    Aborted,
    /// A job id that is not digits or is too long; checked before any URL is built.
    #[error("invalid job ID: {reason}")]
    InvalidJobId { reason: String },
    /// Anything else a person typed or pasted that cannot be used.
    #[error("invalid input: {reason}")]
    InvalidInput { reason: String },
    /// A `download_url` refused by the URL rules: shown as text, never linked or fetched.
    #[error("unsafe download link: {reason}")]
    UnsafeDownload { reason: String },
}

fn link_text(info: &Option<String>, x_info: &Option<String>) -> String {
    match (info, x_info) {
        (Some(i), Some(x)) => format!("{i}: {x}"),
        (Some(s), None) | (None, Some(s)) => s.clone(),
        (None, None) => "no details".to_string(),
    }
}

fn snippet_suffix(snippet: &str) -> String {
    if snippet.is_empty() {
        String::new()
    } else {
        format!(": {snippet}")
    }
}

fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..=599).contains(&status)
}

impl BwError {
    /// A stable machine code for `data-code` and `inspect --json`: Zoho's own code for Zoho error
    /// bodies (`INVALID_TOKEN`, or an unknown code as sent), otherwise one of `EXPIRED_DOWNLOAD_LINK`,
    /// `HTTP_ERROR`, `DECODE_EMPTY`, `DECODE_HTML`, `DECODE_NOT_JSON`, `DECODE_INVALID_JSON`,
    /// `DECODE_TRUNCATED`, `DECODE_ARRAY`, `DECODE_SCALAR`, `DECODE_SHAPE`, `NETWORK`, `ABORTED`,
    /// `INVALID_JOB_ID`, `INVALID_INPUT`, `UNSAFE_DOWNLOAD`.
    pub fn code(&self) -> &str {
        match self {
            BwError::Zoho(z) | BwError::ZohoErrorIn2xx(z) => z.code.as_str(),
            BwError::ExpiredDownloadLink { .. } => "EXPIRED_DOWNLOAD_LINK",
            BwError::Http { .. } => "HTTP_ERROR",
            BwError::DecodeEmpty => "DECODE_EMPTY",
            BwError::DecodeHtml { .. } => "DECODE_HTML",
            BwError::DecodeNotJson { .. } => "DECODE_NOT_JSON",
            BwError::DecodeInvalidJson { .. } => "DECODE_INVALID_JSON",
            BwError::DecodeTruncated { .. } => "DECODE_TRUNCATED",
            BwError::DecodeArray { .. } => "DECODE_ARRAY",
            BwError::DecodeScalar { .. } => "DECODE_SCALAR",
            BwError::DecodeShape { .. } => "DECODE_SHAPE",
            BwError::Network { .. } => "NETWORK",
            BwError::Aborted => "ABORTED",
            BwError::InvalidJobId { .. } => "INVALID_JOB_ID",
            BwError::InvalidInput { .. } => "INVALID_INPUT",
            BwError::UnsafeDownload { .. } => "UNSAFE_DOWNLOAD",
        }
    }

    /// Zoho's decoded error body, if this error is one (whatever the HTTP status).
    pub fn zoho(&self) -> Option<&ZohoError> {
        match self {
            BwError::Zoho(z) | BwError::ZohoErrorIn2xx(z) => Some(z),
            _ => None,
        }
    }

    /// The HTTP status the error came with, when there was an answer.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            BwError::Zoho(z) | BwError::ZohoErrorIn2xx(z) => Some(z.http_status),
            BwError::ExpiredDownloadLink { http_status, .. } => Some(*http_status),
            BwError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Worth retrying later (with backoff): network errors, 408, 429 and 5xx. A Zoho error body
    /// under a 2xx counts by its code's documented status (TOO_MANY_REQUESTS, INTERNAL_ERROR).
    pub fn is_retryable(&self) -> bool {
        match self {
            BwError::Network { .. } => true,
            BwError::Zoho(z) => {
                is_retryable_status(z.http_status)
                    || matches!(z.code, ZohoCode::TooManyRequests | ZohoCode::InternalError)
            }
            BwError::ZohoErrorIn2xx(z) => {
                matches!(z.code, ZohoCode::TooManyRequests | ZohoCode::InternalError)
            }
            BwError::Http { status, .. } => is_retryable_status(*status),
            _ => false,
        }
    }

    /// The token will not do (HTTP 401, or a code meaning so): stop and ask for a new one.
    pub fn needs_token(&self) -> bool {
        match self {
            BwError::Zoho(z) => z.http_status == 401 || z.code.needs_token(),
            BwError::ZohoErrorIn2xx(z) => z.code.needs_token(),
            BwError::Http { status, .. } => *status == 401,
            _ => false,
        }
    }

    /// A short plain title for people.
    pub fn title(&self) -> String {
        match self {
            BwError::Zoho(z) | BwError::ZohoErrorIn2xx(z) => z.title(),
            BwError::ExpiredDownloadLink { .. } => "Result link expired".into(),
            BwError::Http { status, .. } => format!("Unexpected HTTP {status}"),
            BwError::DecodeEmpty => "Empty answer".into(),
            BwError::DecodeHtml { .. } => "A web page instead of job details".into(),
            BwError::DecodeNotJson { .. } => "Text instead of job details".into(),
            BwError::DecodeInvalidJson { .. } => "Malformed JSON".into(),
            BwError::DecodeTruncated { .. } => "Cut-off answer".into(),
            BwError::DecodeArray { .. } => "A list instead of one job".into(),
            BwError::DecodeScalar { .. } => "A bare value instead of a job".into(),
            BwError::DecodeShape { .. } => "JSON that is not a job".into(),
            BwError::Network { .. } => "Zoho could not be reached".into(),
            BwError::Aborted => "Cancelled".into(),
            BwError::InvalidJobId { .. } => "Invalid job ID".into(),
            BwError::InvalidInput { .. } => "Invalid input".into(),
            BwError::UnsafeDownload { .. } => "Result link refused".into(),
        }
    }

    /// What a person can do about it.
    pub fn resolution(&self) -> String {
        match self {
            BwError::Zoho(z) | BwError::ZohoErrorIn2xx(z) => z.resolution(),
            BwError::ExpiredDownloadLink { .. } => "Result links are valid for a limited time. Fetch the job details again for a fresh link; if none comes, the result file is gone.".into(),
            BwError::Http { status: 401, .. } => "The token was refused. Get a new token and try again.".into(),
            BwError::Http { status: 404, .. } => "Check the data centre, the API version and the job ID (and the proxy address, if one is used).".into(),
            BwError::Http { status, .. } if is_retryable_status(*status) => "Zoho or something in between is busy or failing. Bulkwatch retries with backoff; if it persists, check Zoho's status.".into(),
            BwError::Http { .. } => "Check the API domain and the proxy settings; the start of the answer is shown above.".into(),
            BwError::DecodeEmpty => "Zoho sent no body. Try again; if it persists, check the proxy in between.".into(),
            BwError::DecodeHtml { .. } => "Something between Bulkwatch and Zoho (a proxy, a firewall, a sign-in portal) answered with a web page. Check the API domain and the proxy settings.".into(),
            BwError::DecodeNotJson { .. } => "The answer is not Zoho's JSON. Check the API domain and the proxy settings.".into(),
            BwError::DecodeInvalidJson { .. } => "The body breaks JSON's grammar at the place shown. A sample copied from Zoho's docs lacks commas: add them, or paste the raw answer instead.".into(),
            BwError::DecodeTruncated { .. } => "The answer ended early (a dropped connection or a size limit). Try again.".into(),
            BwError::DecodeArray { .. } | BwError::DecodeScalar { .. } => "Expected one job's details: check the request goes to /crm/bulk/{version}/write/{job_id}.".into(),
            BwError::DecodeShape { .. } => "Check the request goes to the job-details endpoint. If it does, Zoho changed its format: report it with the body.".into(),
            BwError::Network { .. } => "Check the connection. In a browser a CORS refusal looks the same: Zoho answers browsers only for client-based apps; otherwise use the Bulkwatch proxy.".into(),
            BwError::Aborted => "Nothing to do: the job or the page changed.".into(),
            BwError::InvalidJobId { .. } => "A job ID is digits only, e.g. 111111000000541958. Paste the ID, the API URL or the curl command.".into(),
            BwError::InvalidInput { reason } => format!("Correct the input: {reason}."),
            BwError::UnsafeDownload { .. } => "Bulkwatch only links and fetches https result files on Zoho's own hosts; this link is shown as text and never opened.".into(),
        }
    }
}

/// Reads a JSON parse failure into the matching decode variant, so `?` works on serde_json.
impl From<serde_json::Error> for BwError {
    fn from(e: serde_json::Error) -> BwError {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => BwError::DecodeTruncated {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            },
            Category::Syntax => BwError::DecodeInvalidJson {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            },
            Category::Data => BwError::DecodeShape {
                path: ".".into(),
                message: e.to_string(),
            },
            Category::Io => BwError::Network {
                message: e.to_string(),
            },
        }
    }
}

/// A job id refused before any URL was built.
impl From<crate::endpoint::JobIdError> for BwError {
    fn from(e: crate::endpoint::JobIdError) -> BwError {
        BwError::InvalidJobId {
            reason: e.to_string(),
        }
    }
}

/// A paste that names no job. A bad job id inside it stays `InvalidJobId`; no variant of
/// `PasteError` carries pasted text, so no token can leak through here.
impl From<crate::paste::PasteError> for BwError {
    fn from(e: crate::paste::PasteError) -> BwError {
        match e {
            crate::paste::PasteError::InvalidJobId(id) => id.into(),
            other => BwError::InvalidInput {
                reason: other.to_string(),
            },
        }
    }
}

/// An API origin or proxy address that cannot be used.
impl From<crate::endpoint::OriginError> for BwError {
    fn from(e: crate::endpoint::OriginError) -> BwError {
        BwError::InvalidInput {
            reason: e.to_string(),
        }
    }
}

/// A `download_url` refused by [`crate::download::classify`].
impl From<crate::download::UnsafeReason> for BwError {
    fn from(e: crate::download::UnsafeReason) -> BwError {
        BwError::UnsafeDownload { reason: e.text() }
    }
}
