//! Filtering and sorting rows. Results are lists of [`RowId`]s (4 bytes a row), never copies of
//! rows; a filter can run in bounded chunks like loading does.

use std::cmp::Ordering;

use super::codes::ErrorCode;
use super::set::{ResultSet, RowId};
use super::status::RowStatus;

/// What rows to keep. Every part left empty matches everything; parts combine with "and".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        let file = &set.files[file_index];
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
        if !self.needle.is_empty() {
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
        out.extend((start..end).map(RowId).filter(|&r| self.matches(set, r)));
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

/// What to sort rows by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Order in the result (file, then row).
    #[default]
    Row,
    Status,
    RecordId,
    Errors,
    /// A column by name (case-insensitive); rows of files without it sort as empty.
    Column(String),
}

/// Sort direction. Empty values always go last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

/// A value prepared for comparing: numbers as numbers, text ignoring case, empty last.
struct SortValue<'a> {
    class: u8,
    number: f64,
    text: &'a str,
    row: RowId,
}

const NUMBER: u8 = 0;
const TEXT: u8 = 1;
const EMPTY: u8 = 2;

impl ResultSet {
    /// Sorts `rows` in place by `key`; equal values keep result order.
    pub fn sort_rows(&self, rows: &mut [RowId], key: &SortKey, order: SortOrder) {
        if *key == SortKey::Row {
            rows.sort_unstable();
            if order == SortOrder::Descending {
                rows.reverse();
            }
            return;
        }
        let columns: Vec<Option<usize>> = self
            .files
            .iter()
            .map(|f| match key {
                SortKey::Column(name) => f.table.column(name),
                SortKey::RecordId => Some(f.record_id_col),
                SortKey::Errors => Some(f.errors_col),
                SortKey::Row | SortKey::Status => None,
            })
            .collect();
        let mut values: Vec<SortValue<'_>> = rows
            .iter()
            .map(|&row| {
                let text = match self.row(row) {
                    Some(view) if *key == SortKey::Status => view.status().label(),
                    Some(view) => columns[view.file_index()].map_or("", |c| view.fields().field(c)),
                    None => "",
                };
                sort_value(text, row)
            })
            .collect();
        let descending = order == SortOrder::Descending;
        values.sort_unstable_by(|a, b| {
            let ord = match a.class.cmp(&b.class) {
                Ordering::Equal if a.class == NUMBER => a
                    .number
                    .total_cmp(&b.number)
                    .then_with(|| compare_text(a.text, b.text)),
                Ordering::Equal if a.class == TEXT => compare_text(a.text, b.text),
                other => other,
            };
            let ord = if descending && a.class != EMPTY && b.class != EMPTY {
                ord.reverse()
            } else {
                ord
            };
            ord.then(a.row.cmp(&b.row))
        });
        for (slot, value) in rows.iter_mut().zip(values) {
            *slot = value.row;
        }
    }
}

fn sort_value(text: &str, row: RowId) -> SortValue<'_> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return SortValue {
            class: EMPTY,
            number: 0.0,
            text,
            row,
        };
    }
    match trimmed.parse::<f64>() {
        Ok(n) if n.is_finite() && !trimmed.starts_with(['+', '.']) => SortValue {
            class: NUMBER,
            number: n,
            text: trimmed,
            row,
        },
        _ => SortValue {
            class: TEXT,
            number: 0.0,
            text: trimmed,
            row,
        },
    }
}

/// Case-insensitive, then exact (so the order is total and stable across runs).
fn compare_text(a: &str, b: &str) -> Ordering {
    let folded = if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .cmp(b.chars().flat_map(char::to_lowercase))
    };
    folded.then_with(|| a.cmp(b))
}
