//! Filtering rows. Results are lists of [`RowId`]s (4 bytes a row), never copies of
//! rows; a filter can run in bounded chunks like loading does.

use super::codes::ErrorCode;
use super::set::{ResultFile, ResultSet, RowId};
use super::status::RowStatus;

/// What rows to keep. Every part left empty matches everything; parts combine with "and".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only rows of this file (index in [`ResultSet::files`]).
    pub file: Option<usize>,
    /// Rows with any of these statuses.
    pub statuses: Vec<RowStatus>,
    /// Rows carrying this error code.
    pub code: Option<ErrorCode>,
    /// Rows with an error naming this column (case-insensitive). With `code` too, the same error
    /// must carry both, so a filter on a group returns exactly that group's rows.
    pub column: Option<String>,
    /// Rows where any field contains this text, ignoring case.
    pub text: String,
}

/// A [`Filter`] resolved against one result (ids looked up once). Owns no borrow, so the UI can
/// keep it between chunks.
#[derive(Debug, Clone)]
pub struct Query {
    file: Option<usize>,
    /// Accepted status ids; `None` accepts all.
    statuses: Option<Vec<u32>>,
    codes: Option<Vec<u32>>,
    columns: Option<Vec<u32>>,
    needle: String,
    needle_ascii: bool,
}

impl ResultSet {
    /// Resolves a filter for this result.
    pub fn query(&self, filter: &Filter) -> Query {
        let ids = |pred: &dyn Fn(usize) -> bool, len: usize| -> Vec<u32> {
            (0..len).filter(|&i| pred(i)).map(|i| i as u32).collect()
        };
        let statuses = (!filter.statuses.is_empty()).then(|| {
            ids(
                &|i| filter.statuses.contains(&self.dict.statuses[i]),
                self.dict.statuses.len(),
            )
        });
        let codes = filter
            .code
            .as_ref()
            .map(|code| ids(&|i| &self.dict.codes[i] == code, self.dict.codes.len()));
        let columns = filter.column.as_ref().map(|column| {
            let column = column.trim();
            ids(
                &|i| self.dict.columns[i].eq_ignore_ascii_case(column),
                self.dict.columns.len(),
            )
        });
        let needle = filter.text.trim().to_lowercase();
        Query {
            file: filter.file,
            statuses,
            codes,
            columns,
            needle_ascii: needle.is_ascii(),
            needle,
        }
    }

    /// All rows matching `filter`, in order.
    pub fn filter(&self, filter: &Filter) -> Vec<RowId> {
        let mut out = Vec::new();
        self.query(filter)
            .run_chunk(self, RowId(0), usize::MAX, &mut out);
        out
    }
}

impl Query {
    /// Whether `row` matches.
    pub fn matches(&self, set: &ResultSet, row: RowId) -> bool {
        let Some((file_index, local)) = set.locate(row) else {
            return false;
        };
        if self.file.is_some_and(|f| f != file_index) {
            return false;
        }
        self.matches_in(&set.files[file_index], local, true)
    }

    fn matches_in(&self, file: &ResultFile, local: usize, check_text: bool) -> bool {
        if let Some(statuses) = &self.statuses {
            let status = file.row_status.get(local).copied().unwrap_or(u32::MAX);
            if !statuses.contains(&status) {
                return false;
            }
        }
        if self.codes.is_some() || self.columns.is_some() {
            let hit = file.pairs_of(local).iter().any(|p| {
                self.codes.as_ref().is_none_or(|c| c.contains(&p.code))
                    && self.columns.as_ref().is_none_or(|c| c.contains(&p.column))
            });
            if !hit {
                return false;
            }
        }
        if check_text && !self.needle.is_empty() {
            let Some(fields) = file.table.row(local) else {
                return false;
            };
            if !fields
                .iter()
                .any(|f| contains_ignoring_case(f, &self.needle, self.needle_ascii))
            {
                return false;
            }
        }
        true
    }

    /// Tests up to `budget` rows from `from` on, appending matches to `out`. Returns where to
    /// continue, or `None` once every row was tested.
    pub fn run_chunk(
        &self,
        set: &ResultSet,
        from: RowId,
        budget: usize,
        out: &mut Vec<RowId>,
    ) -> Option<RowId> {
        // Only the rows worth testing: those of the filtered file, if any.
        let (lo, hi) = match self.file {
            Some(f) => match set.file(f) {
                Some(file) => (file.first_row, file.first_row + file.len() as u32),
                None => return None,
            },
            None => (0, set.len() as u32),
        };
        let start = from.0.max(lo);
        if start >= hi {
            return None;
        }
        let end = u64::from(start)
            .saturating_add(budget as u64)
            .min(u64::from(hi)) as u32;
        for file in &set.files {
            let first = file.first_row;
            let (a, b) = (start.max(first), end.min(first + file.len() as u32));
            if a >= b {
                continue;
            }
            let (a, b) = ((a - first) as usize, (b - first) as usize);
            if !self.needle.is_empty() && self.needle_ascii {
                // One scan of the file's text finds the candidate rows; the other criteria are
                // then checked on those only.
                file.table
                    .rows_containing_ascii(a, b, self.needle.as_bytes(), |local| {
                        if self.matches_in(file, local, false) {
                            out.push(RowId(first + local as u32));
                        }
                    });
            } else {
                out.extend(
                    (a..b)
                        .filter(|&local| self.matches_in(file, local, true))
                        .map(|local| RowId(first + local as u32)),
                );
            }
        }
        (end < hi).then_some(RowId(end))
    }

    /// All matching rows.
    pub fn run(&self, set: &ResultSet) -> Vec<RowId> {
        let mut out = Vec::new();
        self.run_chunk(set, RowId(0), usize::MAX, &mut out);
        out
    }
}

/// `hay` contains `needle` (already lower-case), ignoring case. ASCII text, the common case, is
/// compared in place; other text is lower-cased first.
fn contains_ignoring_case(hay: &str, needle: &str, needle_ascii: bool) -> bool {
    if hay.is_ascii() {
        if !needle_ascii {
            return false;
        }
        let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
        return hay.len() >= needle.len()
            && hay
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle));
    }
    hay.to_lowercase().contains(needle)
}
