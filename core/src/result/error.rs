//! The one error type of the result reader: every way a result download can be unusable, each
//! with a message a support person can act on. `Clone + PartialEq` so it can live in UI state.

use std::fmt;

use thiserror::Error;

/// Why a result file (or a user's original CSV) could not be read. `Display` is the human message.
///
/// Serialised (for a Web Worker's messages) as `{"kind": <the [`ResultError::kind`] token>,
/// "detail": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum ResultError {
    /// The body is not a zip at all (an expired link's JSON, an HTML page, nothing…).
    #[error("The download is not a zip file: {0}")]
    NotZip(BodyKind),
    /// Starts like a zip but its end is missing: a cut-off download.
    #[error("The result zip is incomplete ({detail}); the download was probably cut off. Download it again.")]
    Truncated { detail: String },
    /// A zip whose structure or contents are damaged (bad headers, checksum mismatch…).
    #[error("The result zip is damaged: {detail}.")]
    Corrupt { detail: String },
    /// More entries than [`super::Limits::max_entries`].
    #[error("The result zip holds {found} entries; at most {max} are accepted.")]
    TooManyEntries { found: usize, max: usize },
    /// One entry inflates past [`super::Limits::max_entry_bytes`].
    #[error("\"{name}\" inflates to more than {max} bytes, the limit for one file.")]
    EntryTooLarge { name: String, max: u64 },
    /// All entries together inflate past [`super::Limits::max_total_bytes`].
    #[error("The result files inflate to more than {max} bytes in total, the limit.")]
    TotalTooLarge { max: u64 },
    /// An entry inflates much more than real CSV does: a likely zip bomb.
    #[error("\"{name}\" inflates more than {max_ratio} times its compressed size; refusing a likely zip bomb.")]
    RatioTooHigh { name: String, max_ratio: u64 },
    /// A password-protected entry.
    #[error("\"{name}\" is encrypted; Bulkwatch cannot read password-protected files.")]
    Encrypted { name: String },
    /// A compression method other than stored or deflate.
    #[error("\"{name}\" uses a compression method ({method}) Bulkwatch cannot read; only stored and deflate are supported.")]
    UnsupportedCompression { name: String, method: String },
    /// An entry whose name does not end in `.csv`. No longer returned by the loaders (such
    /// entries are skipped and noted, [`super::Warning::SkippedEntry`]); kept so serialised
    /// errors still read.
    #[error("\"{name}\" is not a CSV file; a Zoho result zip holds only CSV files.")]
    NotCsv { name: String },
    /// A zip without any CSV file.
    #[error("The zip holds no CSV file.")]
    NoCsv,
    /// Invalid UTF-8 under [`super::Utf8Policy::Strict`] (the default reads such bytes as
    /// Windows-1252, noted); `offset` counts bytes from the start of the (inflated) file, BOM
    /// included.
    #[error("\"{file}\" is not valid UTF-8 at byte {offset}; save it as UTF-8 and try again.")]
    InvalidUtf8 { file: String, offset: u64 },
    /// A UTF-16 file (Excel's "Unicode text"), recognised by its byte-order mark, under
    /// [`super::Utf8Policy::Strict`] (otherwise it is transcoded and read).
    #[error("\"{file}\" is UTF-16 text; save it as UTF-8 CSV and try again.")]
    Utf16 { file: String },
    /// A CSV without even a header line.
    #[error("\"{file}\" is empty: it has no header line.")]
    EmptyCsv { file: String },
    /// A result CSV lacking `STATUS` (however spelled). A missing `RECORD_ID` or `ERRORS` is
    /// read without it and noted ([`super::Warning::MissingColumn`]).
    #[error("\"{file}\" has no {column} column, so it is not a Zoho result file.")]
    MissingColumn { file: String, column: String },
    /// Any other CSV reading failure.
    #[error("\"{file}\" could not be read as CSV near line {line}: {detail}")]
    Csv {
        file: String,
        line: u64,
        detail: String,
    },
}

impl ResultError {
    /// A stable token for this kind of error (`data-error-kind`, logs, tests):
    /// `not_zip | truncated | corrupt | too_many_entries | entry_too_large | total_too_large |
    /// ratio_too_high | encrypted | unsupported_compression | not_csv | no_csv | invalid_utf8 |
    /// utf16 | empty_csv | missing_column | csv`.
    pub fn kind(&self) -> &'static str {
        match self {
            ResultError::NotZip(_) => "not_zip",
            ResultError::Truncated { .. } => "truncated",
            ResultError::Corrupt { .. } => "corrupt",
            ResultError::TooManyEntries { .. } => "too_many_entries",
            ResultError::EntryTooLarge { .. } => "entry_too_large",
            ResultError::TotalTooLarge { .. } => "total_too_large",
            ResultError::RatioTooHigh { .. } => "ratio_too_high",
            ResultError::Encrypted { .. } => "encrypted",
            ResultError::UnsupportedCompression { .. } => "unsupported_compression",
            ResultError::NotCsv { .. } => "not_csv",
            ResultError::NoCsv => "no_csv",
            ResultError::InvalidUtf8 { .. } => "invalid_utf8",
            ResultError::Utf16 { .. } => "utf16",
            ResultError::EmptyCsv { .. } => "empty_csv",
            ResultError::MissingColumn { .. } => "missing_column",
            ResultError::Csv { .. } => "csv",
        }
    }
}

/// What a body that is not a zip looks like, so the message can say what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyKind {
    /// Zero bytes (or only whitespace).
    Empty,
    /// Zoho's answer for an expired or revoked link: `{"info":"Forbidden","x-info":"Link not valid"}`.
    ExpiredLink,
    /// A Zoho API error body (`{"code": …, "message": …}`), code and message as sent (shortened).
    ZohoError { code: String, message: String },
    /// Some other JSON.
    Json,
    /// An HTML page (a sign-in page, a proxy's error page…).
    Html,
    /// Other text.
    Text,
    /// Other binary data.
    Binary,
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyKind::Empty => f.write_str("the server sent an empty body"),
            BodyKind::ExpiredLink => f.write_str(
                "Zoho says the download link is no longer valid (result links expire). \
                 Refresh the job to get a new link",
            ),
            BodyKind::ZohoError { code, message } => {
                write!(f, "Zoho answered with an error ({code}: {message})")
            }
            BodyKind::Json => f.write_str("the server sent JSON instead of the zip"),
            BodyKind::Html => f.write_str(
                "the server sent a web page instead of the zip (often a sign-in or proxy error page)",
            ),
            BodyKind::Text => f.write_str("the server sent text instead of the zip"),
            BodyKind::Binary => f.write_str("the body does not start like a zip file"),
        }
    }
}
