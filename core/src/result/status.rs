//! A result row's `STATUS`: added, updated, skipped or unprocessed, read case-insensitively;
//! anything else is kept raw so it can be shown.

use std::fmt;

/// What happened to one row of the upload.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowStatus {
    Added,
    Updated,
    Skipped,
    Unprocessed,
    /// Any other value (including an empty one), trimmed.
    Other(String),
}

impl RowStatus {
    /// The four documented statuses, in display order.
    pub const KNOWN: [RowStatus; 4] = [
        RowStatus::Added,
        RowStatus::Updated,
        RowStatus::Skipped,
        RowStatus::Unprocessed,
    ];

    /// Reads a `STATUS` value: case-insensitive, surrounding spaces ignored.
    pub fn parse(raw: &str) -> RowStatus {
        let s = raw.trim();
        RowStatus::KNOWN
            .iter()
            .find(|known| known.token().eq_ignore_ascii_case(s))
            .cloned()
            .unwrap_or_else(|| RowStatus::Other(s.to_string()))
    }

    /// The stable token for `data-status`: `added | updated | skipped | unprocessed`, or the raw
    /// text of an unknown status.
    pub fn token(&self) -> &str {
        match self {
            RowStatus::Added => "added",
            RowStatus::Updated => "updated",
            RowStatus::Skipped => "skipped",
            RowStatus::Unprocessed => "unprocessed",
            RowStatus::Other(raw) => raw,
        }
    }

    /// A label for people.
    pub fn label(&self) -> &str {
        match self {
            RowStatus::Added => "Added",
            RowStatus::Updated => "Updated",
            RowStatus::Skipped => "Skipped",
            RowStatus::Unprocessed => "Unprocessed",
            RowStatus::Other(raw) if raw.is_empty() => "(no status)",
            RowStatus::Other(raw) => raw,
        }
    }
}

/// Serialised as its token (`"skipped"`, or an unknown status's raw text).
impl serde::Serialize for RowStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.token())
    }
}

impl<'de> serde::Deserialize<'de> for RowStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(RowStatus::parse(&raw))
    }
}

impl fmt::Display for RowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
