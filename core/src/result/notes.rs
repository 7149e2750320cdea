//! What the reader tells the user about a result it could read, but not as Zoho documents it:
//! the encoding it used, entries it passed over, columns it could not find or found under another
//! spelling, a download that was a bare CSV. Each note names the file, entry, encoding or column.

use std::fmt;

/// Why an entry of the zip was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// macOS metadata (`__MACOSX/…`, `._…`), added by the Finder's "Compress".
    MacMetadata,
    /// A file that is not a CSV (`readme.txt`…).
    NotCsv,
    /// A folder with nothing in it.
    EmptyFolder,
}

/// Something worth telling the user that did not stop loading. `Display` is the sentence shown;
/// [`Warning::kind`] the stable token for the page (`data-kind`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Fields that were not UTF-8 and were decoded with replacement characters (lossy reading).
    LossyUtf8 { file: String, fields: u64 },
    /// Rows whose field count differs from the header's (see [`super::Table::ragged`]).
    RaggedRows {
        file: String,
        rows: u64,
        first_line: u64,
    },
    /// Fields not valid in the expected encoding, read as `used` (Windows-1252) instead.
    EncodingFallback {
        file: String,
        expected: String,
        used: String,
        fields: u64,
        first_line: u64,
    },
    /// The file was read in the job's declared encoding, which is not UTF-8.
    DeclaredEncoding { file: String, encoding: String },
    /// A byte-order mark chose the encoding (only said when it is not UTF-8, or overrides the
    /// job's declared encoding).
    BomEncoding {
        file: String,
        encoding: String,
        declared: String,
    },
    /// A UTF-16 file had malformed characters, shown as U+FFFD.
    MalformedUtf16 { file: String, encoding: String },
    /// The job declares an encoding Bulkwatch does not know; UTF-8 was used.
    UnknownEncoding { label: String },
    /// An entry of the zip that is not a result CSV, passed over.
    SkippedEntry { name: String, reason: SkipReason },
    /// One of Zoho's three columns is not in the file; what it would show is left empty.
    MissingColumn { file: String, column: String },
    /// One of Zoho's three columns was found under another spelling.
    RenamedColumn {
        file: String,
        column: String,
        found: String,
    },
    /// The download was a CSV, not a zip; it was read as the one result file.
    BareCsv { name: String },
}

impl Warning {
    /// `encoding | skipped-entry | missing-column | bare-csv | ragged-rows`: what the page puts
    /// in `data-kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::LossyUtf8 { .. }
            | Warning::EncodingFallback { .. }
            | Warning::DeclaredEncoding { .. }
            | Warning::BomEncoding { .. }
            | Warning::MalformedUtf16 { .. }
            | Warning::UnknownEncoding { .. } => "encoding",
            Warning::RaggedRows { .. } => "ragged-rows",
            Warning::SkippedEntry { .. } => "skipped-entry",
            Warning::MissingColumn { .. } | Warning::RenamedColumn { .. } => "missing-column",
            Warning::BareCsv { .. } => "bare-csv",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::LossyUtf8 { file, fields } => write!(
                f,
                "\"{file}\": {fields} field(s) were not valid UTF-8; unreadable characters show as \u{FFFD}"
            ),
            Warning::RaggedRows { file, rows, first_line } => write!(
                f,
                "\"{file}\": {rows} row(s) have more or fewer fields than the header (first on line {first_line})"
            ),
            Warning::EncodingFallback { file, expected, used, fields, first_line } => write!(
                f,
                "\"{file}\": {fields} field(s) are not valid {expected} (first on line {first_line}); \
                 they were read as {used}, so check their accented characters"
            ),
            Warning::DeclaredEncoding { file, encoding } => write!(
                f,
                "\"{file}\" was read as {encoding}, the job's character encoding"
            ),
            Warning::BomEncoding { file, encoding, declared } => write!(
                f,
                "\"{file}\" starts with a {encoding} byte-order mark, so it was read as {encoding} \
                 (the job declares {declared})"
            ),
            Warning::MalformedUtf16 { file, encoding } => write!(
                f,
                "\"{file}\" was read as {encoding}; some characters were malformed and show as \u{FFFD}"
            ),
            Warning::UnknownEncoding { label } => write!(
                f,
                "The job's character encoding \"{label}\" is not one Bulkwatch knows; the result was read as UTF-8"
            ),
            Warning::SkippedEntry { name, reason } => {
                let why = match reason {
                    SkipReason::MacMetadata => "macOS metadata, not a result file",
                    SkipReason::NotCsv => "not a CSV file",
                    SkipReason::EmptyFolder => "an empty folder",
                };
                write!(f, "Skipped \"{name}\" in the zip: {why}")
            }
            Warning::MissingColumn { file, column } => write!(
                f,
                "\"{file}\" has no {column} column; it was read without it, so {} shown empty",
                match column.as_str() {
                    "RECORD_ID" => "record ids are",
                    "ERRORS" => "errors are",
                    _ => "its values are",
                }
            ),
            Warning::RenamedColumn { file, column, found } => write!(
                f,
                "\"{file}\" has no column named exactly {column}; \"{found}\" was read as {column}"
            ),
            Warning::BareCsv { name } => write!(
                f,
                "The download is a CSV file, not a zip; \"{name}\" was read as the one result file"
            ),
        }
    }
}
