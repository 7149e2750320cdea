//! The data a simulated job is made of, fixed when the job is created: its operation, resources
//! with their field mappings, every row's outcome, how it ends and which fault it carries.

use std::sync::Arc;

use serde_json::Value;

use super::config::DownloadForm;
use super::upload::CsvTable;

/// Bulk write operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Insert,
    Update,
    Upsert,
}

impl Operation {
    pub fn parse(s: &str) -> Option<Operation> {
        match s {
            "insert" => Some(Operation::Insert),
            "update" => Some(Operation::Update),
            "upsert" => Some(Operation::Upsert),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Insert => "insert",
            Operation::Update => "update",
            Operation::Upsert => "upsert",
        }
    }
}

/// One `field_mappings[]` entry, as given at creation and echoed in job details.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub api_name: String,
    pub index: Option<usize>,
    pub format: Option<String>,
    pub find_by: Option<String>,
    pub module: Option<String>,
    pub default_value: Option<Value>,
    pub parent_column_index: Option<usize>,
}

impl Mapping {
    /// A plain column mapping.
    pub fn column(api_name: &str, index: usize) -> Mapping {
        Mapping {
            api_name: api_name.to_string(),
            index: Some(index),
            format: None,
            find_by: None,
            module: None,
            default_value: None,
            parent_column_index: None,
        }
    }
}

/// What happened to one row, as the result file's `STATUS` column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowStatus {
    Added,
    Updated,
    Skipped,
    Unprocessed,
}

impl RowStatus {
    /// The `STATUS` cell (lowercase, or uppercase for scenarios that test case-insensitivity).
    pub fn cell(self, upper: bool) -> &'static str {
        match (self, upper) {
            (RowStatus::Added, false) => "added",
            (RowStatus::Updated, false) => "updated",
            (RowStatus::Skipped, false) => "skipped",
            (RowStatus::Unprocessed, false) => "unprocessed",
            (RowStatus::Added, true) => "ADDED",
            (RowStatus::Updated, true) => "UPDATED",
            (RowStatus::Skipped, true) => "SKIPPED",
            (RowStatus::Unprocessed, true) => "UNPROCESSED",
        }
    }
}

/// One row's outcome; `errors` is the `ERRORS` cell (`CODE-col,col:CODE-col`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: RowStatus,
    pub errors: Option<Box<str>>,
}

/// Where a resource's rows (for the result file) come from.
#[derive(Debug, Clone)]
pub enum RowSource {
    /// A really uploaded CSV; `columns` are the indices of the first three mapped columns.
    Uploaded {
        table: Arc<CsvTable>,
        columns: Vec<usize>,
    },
    /// Made-up rows in `columns` (the first three are the result's), deterministic in `salt`.
    Synthetic {
        salt: u64,
        columns: &'static [super::catalog::Column],
    },
}

/// One `resource[]` entry of a job.
#[derive(Debug, Clone)]
pub struct ResourcePlan {
    pub module: String,
    pub module_id: String,
    pub file_id: String,
    /// The CSV's name inside the uploaded zip (`Leads.csv`).
    pub file_name: String,
    pub find_by: Option<String>,
    pub ignore_empty: Option<bool>,
    pub mappings: Vec<Mapping>,
    /// Headers of the result file's first columns (the first three mapped columns).
    pub result_headers: Vec<String>,
    pub rows: RowSource,
    pub outcomes: Vec<Outcome>,
}

/// How a job ends once started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Processes every row, then `COMPLETED` with a result.
    Complete,
    /// `FAILED` after this many per mille of the rows; the rest stay unprocessed.
    FailAt { permille: u32 },
    /// Stops counting after this many per mille of the rows and stays `INPROGRESS` forever.
    StallAt { permille: u32 },
}

/// A misbehaviour of the job-details route (counted per job, 1-based poll numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every answer waits this long (unscaled ms) before it is sent.
    Latency { ms: u64 },
    /// Every `every`-th poll sends half the body, then drops the connection.
    DropMidBody { every: u64 },
    /// Every `every`-th poll sends a complete response whose JSON is cut in half.
    TruncatedJson { every: u64 },
    /// Every `every`-th poll answers an HTML error page with status 200.
    Html200 { every: u64 },
    /// Polls `from ..= from + count - 1` answer 500/502/503/504, then the job recovers.
    Burst5xx { from: u64, count: u64 },
    /// Polls `from ..= from + count - 1` answer 429 with `Retry-After`, then it recovers.
    Storm429 {
        from: u64,
        count: u64,
        retry_after_s: u64,
    },
    /// Every poll answers 500 `INTERNAL_ERROR`.
    InternalError,
    /// Every poll answers 404 `RESOURCE_NOT_FOUND` without `"status": "error"`.
    ErrorWithoutStatus,
}

impl Fault {
    /// A short tag for the request log.
    pub fn tag(self) -> &'static str {
        match self {
            Fault::Latency { .. } => "latency",
            Fault::DropMidBody { .. } => "drop-mid-body",
            Fault::TruncatedJson { .. } => "truncated-json",
            Fault::Html200 { .. } => "html-200",
            Fault::Burst5xx { .. } => "burst-5xx",
            Fault::Storm429 { .. } => "storm-429",
            Fault::InternalError => "internal-error",
            Fault::ErrorWithoutStatus => "error-without-status",
        }
    }
}

/// Wire oddities seen in real responses that a scenario can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quirks {
    /// Completed resources report `code: "INPROGRESS"` (one real sample does).
    pub inprogress_code_on_complete: bool,
    /// The result file's `STATUS` column in uppercase.
    pub upper_status: bool,
    /// The `file` object carries `module` (a string): listed among `file`'s keys on Zoho's
    /// job-details page, though in none of its samples.
    pub file_module: bool,
}

/// How the result file is written, beyond its rows: what Zoho's documentation allows and the
/// product must read (encodings, BOM, line ends, extra entries, a bare CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResultFormat {
    /// The encoding the CSVs are really written in, when it is not the job's declared
    /// `character_encoding` (a mislabelled file: bytes invalid in the declared encoding).
    pub written_in: Option<&'static str>,
    /// A byte order mark first (UTF-8 and UTF-16 only; other encodings have none).
    pub bom: bool,
    /// Lines end with CRLF (else LF).
    pub crlf: bool,
    /// The zip also holds entries that are not result CSVs: `__MACOSX/._…`, `readme.txt` and
    /// an empty folder.
    pub extra_entries: bool,
    /// The download is the (single) CSV itself, not a zip.
    pub bare_csv: bool,
}

/// Pace and fate of a job, from a scenario or the simulator's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Behaviour {
    pub queue_ms: u64,
    pub rows_per_sec: u64,
    pub ending: Ending,
    pub fault: Option<Fault>,
    pub download_form: DownloadForm,
    /// Link lifetime in simulated ms after completion (0: expired at once).
    pub link_ttl_ms: u64,
    pub quirks: Quirks,
    pub result: ResultFormat,
}
