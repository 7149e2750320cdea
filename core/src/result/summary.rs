//! Totals and error groups of a loaded result: counted while loading, so these are cheap.

use std::collections::HashMap;

use super::codes::ErrorCode;
use super::set::{Pair, ResultFile, ResultSet, NO_COLUMN};
use super::status::RowStatus;

/// Which files a summary covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    /// Every file of the result.
    #[default]
    All,
    /// One file, by its index in [`ResultSet::files`].
    File(usize),
}

/// Rows with one status.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusTotal {
    pub status: RowStatus,
    pub rows: u32,
}

/// Rows carrying one error code (a row counts once however many columns it names).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeTotal {
    pub code: ErrorCode,
    pub rows: u32,
}

/// Rows carrying one error code for one column: "MANDATORY_NOT_FOUND × Company: 312 rows".
/// `column` is `None` for errors that name no column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorGroup {
    pub code: ErrorCode,
    pub column: Option<String>,
    pub rows: u32,
}

impl ResultSet {
    fn scoped(&self, scope: Scope) -> &[ResultFile] {
        match scope {
            Scope::All => &self.files,
            Scope::File(i) => self.files.get(i..=i).unwrap_or_default(),
        }
    }

    /// Rows by status: the four documented statuses always (possibly 0), in order, then any
    /// other status seen, in order of first appearance.
    pub fn status_totals(&self, scope: Scope) -> Vec<StatusTotal> {
        let files = self.scoped(scope);
        self.dict
            .statuses
            .iter()
            .enumerate()
            .map(|(id, status)| StatusTotal {
                status: status.clone(),
                rows: files
                    .iter()
                    .map(|f| f.status_rows.get(id).copied().unwrap_or(0))
                    .sum(),
            })
            .filter(|t| t.rows > 0 || !matches!(t.status, RowStatus::Other(_)))
            .collect()
    }

    /// Rows by error code, most rows first (ties by code).
    pub fn code_totals(&self, scope: Scope) -> Vec<CodeTotal> {
        let files = self.scoped(scope);
        let mut totals: Vec<CodeTotal> = self
            .dict
            .codes
            .iter()
            .enumerate()
            .map(|(id, code)| CodeTotal {
                code: code.clone(),
                rows: files
                    .iter()
                    .map(|f| f.code_rows.get(id).copied().unwrap_or(0))
                    .sum(),
            })
            .filter(|t| t.rows > 0)
            .collect();
        totals.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.code.cmp(&b.code)));
        totals
    }

    /// Rows by (code, column), most rows first (ties by code, then column).
    pub fn error_groups(&self, scope: Scope) -> Vec<ErrorGroup> {
        let mut merged: HashMap<Pair, u32> = HashMap::new();
        for file in self.scoped(scope) {
            for (pair, rows) in &file.group_rows {
                *merged.entry(*pair).or_insert(0) += rows;
            }
        }
        let mut groups: Vec<ErrorGroup> = merged
            .into_iter()
            .filter_map(|(pair, rows)| {
                Some(ErrorGroup {
                    code: self.dict.codes.get(pair.code as usize)?.clone(),
                    column: (pair.column != NO_COLUMN)
                        .then(|| self.dict.column_name(pair.column).map(str::to_string))
                        .flatten(),
                    rows,
                })
            })
            .collect();
        groups.sort_by(|a, b| {
            b.rows
                .cmp(&a.rows)
                .then_with(|| a.code.cmp(&b.code))
                .then_with(|| a.column.cmp(&b.column))
        });
        groups
    }

    /// Rows that carry at least one error.
    pub fn rows_with_errors(&self, scope: Scope) -> u32 {
        self.scoped(scope)
            .iter()
            .map(|f| (0..f.len()).filter(|&r| !f.pairs_of(r).is_empty()).count() as u32)
            .sum()
    }
}
