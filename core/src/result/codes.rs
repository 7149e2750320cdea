//! The `ERRORS` column of a Zoho result row: `CODE-column[,column]` entries joined by `:`, the
//! eight documented codes, and a plain-language fix hint for each.

use std::fmt;

/// Why Zoho skipped a row. Unknown codes keep their raw text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    MandatoryNotFound,
    InvalidData,
    DuplicateData,
    NotApproved,
    BlockedRecord,
    CannotProcess,
    LimitExceeded,
    ResourceNotFound,
    /// Any other code, or a malformed piece of the `ERRORS` field, as written.
    Other(String),
}

impl ErrorCode {
    /// The eight documented codes.
    pub const KNOWN: [ErrorCode; 8] = [
        ErrorCode::MandatoryNotFound,
        ErrorCode::InvalidData,
        ErrorCode::DuplicateData,
        ErrorCode::NotApproved,
        ErrorCode::BlockedRecord,
        ErrorCode::CannotProcess,
        ErrorCode::LimitExceeded,
        ErrorCode::ResourceNotFound,
    ];

    /// Reads a code, case-insensitively and ignoring surrounding spaces.
    pub fn parse(raw: &str) -> ErrorCode {
        let code = raw.trim();
        ErrorCode::KNOWN
            .iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(code))
            .cloned()
            .unwrap_or_else(|| ErrorCode::Other(code.to_string()))
    }

    /// The code as Zoho writes it (an unknown one as it was written).
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::MandatoryNotFound => "MANDATORY_NOT_FOUND",
            ErrorCode::InvalidData => "INVALID_DATA",
            ErrorCode::DuplicateData => "DUPLICATE_DATA",
            ErrorCode::NotApproved => "NOT_APPROVED",
            ErrorCode::BlockedRecord => "BLOCKED_RECORD",
            ErrorCode::CannotProcess => "CANNOT_PROCESS",
            ErrorCode::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorCode::ResourceNotFound => "RESOURCE_NOT_FOUND",
            ErrorCode::Other(raw) => raw,
        }
    }

    /// Whether this is one of the eight documented codes.
    pub fn is_known(&self) -> bool {
        !matches!(self, ErrorCode::Other(_))
    }

    /// What the user can do about rows with this code, in plain language.
    pub fn fix_hint(&self) -> &'static str {
        match self {
            ErrorCode::MandatoryNotFound => {
                "A required field is empty or its column is not mapped. Fill in the named column \
                 for these rows (or map it to the field), then import them again."
            }
            ErrorCode::InvalidData => {
                "A value does not fit its field: wrong type or format (a date, number, e-mail, \
                 phone, or a picklist value that does not exist). Correct the value in the named \
                 column to what the field expects."
            }
            ErrorCode::DuplicateData => {
                "Another record already has this value in a field that must be unique. Remove the \
                 duplicate rows, change the value, or import with update/upsert using that field \
                 to find the existing record."
            }
            ErrorCode::NotApproved => {
                "The record is waiting for approval (or was rejected), so it cannot be changed. \
                 Have it approved in Zoho CRM, then import these rows again."
            }
            ErrorCode::BlockedRecord => {
                "The record is locked (by an approval, a review or a blueprint) and cannot be \
                 changed. Unlock it in Zoho CRM, or leave these rows out of the import."
            }
            ErrorCode::CannotProcess => {
                "Zoho could not process the row, often because a related record failed or a \
                 validation rule or workflow refused it. Check the row against the module's rules \
                 and import it again."
            }
            ErrorCode::LimitExceeded => {
                "An organisation limit was reached (records, storage or API credits). Wait for the \
                 limit to reset or free some room, then import the remaining rows."
            }
            ErrorCode::ResourceNotFound => {
                "Something the row refers to does not exist: the record to update, a lookup value \
                 or the parent record. Check the ID or value in the named column."
            }
            ErrorCode::Other(_) => {
                "Zoho reported an error Bulkwatch does not know. Check the named column and Zoho's \
                 documentation for this code."
            }
        }
    }
}

/// Serialised as the code's text (`"MANDATORY_NOT_FOUND"`), read back with [`ErrorCode::parse`].
impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(ErrorCode::parse(&raw))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a row's `ERRORS` field: a code and the columns it names (possibly none).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RecordError {
    pub code: ErrorCode,
    pub columns: Vec<String>,
}

/// Parses an `ERRORS` field such as `MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email`.
/// Tolerates spaces, empty pieces and a trailing `:`; a piece that is not `CODE-columns` is kept
/// whole as [`ErrorCode::Other`] rather than dropped.
pub fn parse_errors(field: &str) -> Vec<RecordError> {
    pieces(field)
        .map(|p| RecordError {
            code: ErrorCode::parse(p.code),
            columns: p.columns().map(str::to_string).collect(),
        })
        .collect()
}

/// One `CODE-columns` piece, borrowed from the field (no allocation: the loader runs this on every
/// row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    pub code: &'a str,
    columns: &'a str,
}

impl<'a> Piece<'a> {
    /// The columns named, trimmed, empty ones left out.
    pub fn columns(&self) -> impl Iterator<Item = &'a str> {
        self.columns
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
}

/// Splits an `ERRORS` field into pieces.
pub(crate) fn pieces(field: &str) -> impl Iterator<Item = Piece<'_>> {
    field
        .split(':')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|piece| match piece.split_once('-') {
            Some((code, columns)) if is_code_like(code.trim()) => Piece {
                code: code.trim(),
                columns,
            },
            _ => Piece {
                code: piece,
                columns: "",
            },
        })
}

/// Codes are identifiers (`MANDATORY_NOT_FOUND`); anything else before a `-` is free text.
fn is_code_like(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
