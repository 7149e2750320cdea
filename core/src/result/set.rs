//! The loaded result: every CSV of the zip held once ([`Table`]), plus per row a status id and
//! the (code, column) pairs of its errors, with counts kept as rows arrive so totals and groups
//! cost nothing to query.

use std::collections::HashMap;

use csv::ByteRecord;

use super::codes::{pieces, ErrorCode};
use super::decode::{Charset, FieldDecoder};
use super::driver::Builder;
use super::error::ResultError;
use super::guard::Utf8Policy;
use super::notes::Warning;
use super::status::RowStatus;
use super::stream::EntryDecoding;
use super::table::{RowIssue, Table};
use super::zoho_columns::locate;

/// A row of the whole result (all files, in zip order): cheap to copy, sort and keep in lists.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct RowId(pub u32);

impl RowId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Marks an error that names no column.
pub(crate) const NO_COLUMN: u32 = u32::MAX;

/// One (code, column) an error row carries, as interned ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Pair {
    pub code: u32,
    pub column: u32,
}

/// Interned statuses, codes and error columns, shared by all files (ids are global).
#[derive(Debug, Clone)]
pub(crate) struct Dict {
    pub statuses: Vec<RowStatus>,
    status_ids: HashMap<String, u32>,
    pub codes: Vec<ErrorCode>,
    code_ids: HashMap<String, u32>,
    pub columns: Vec<String>,
    column_ids: HashMap<String, u32>,
}

impl Default for Dict {
    fn default() -> Self {
        Dict {
            statuses: RowStatus::KNOWN.to_vec(),
            status_ids: HashMap::new(),
            codes: ErrorCode::KNOWN.to_vec(),
            code_ids: HashMap::new(),
            columns: Vec::new(),
            column_ids: HashMap::new(),
        }
    }
}

impl Dict {
    fn status(&mut self, raw: &str) -> u32 {
        let s = raw.trim();
        if let Some(i) = RowStatus::KNOWN
            .iter()
            .position(|k| k.token().eq_ignore_ascii_case(s))
        {
            return i as u32;
        }
        if let Some(&id) = self.status_ids.get(s) {
            return id;
        }
        let id = self.statuses.len() as u32;
        self.statuses.push(RowStatus::Other(s.to_string()));
        self.status_ids.insert(s.to_string(), id);
        id
    }

    fn code(&mut self, raw: &str) -> u32 {
        let s = raw.trim();
        if let Some(i) = ErrorCode::KNOWN
            .iter()
            .position(|k| k.as_str().eq_ignore_ascii_case(s))
        {
            return i as u32;
        }
        if let Some(&id) = self.code_ids.get(s) {
            return id;
        }
        let id = self.codes.len() as u32;
        self.codes.push(ErrorCode::Other(s.to_string()));
        self.code_ids.insert(s.to_string(), id);
        id
    }

    fn column(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.column_ids.get(name) {
            return id;
        }
        let id = self.columns.len() as u32;
        self.columns.push(name.to_string());
        self.column_ids.insert(name.to_string(), id);
        id
    }

    pub fn column_name(&self, id: u32) -> Option<&str> {
        self.columns.get(id as usize).map(String::as_str)
    }
}

/// One result CSV (one resource of the job).
#[derive(Debug, Clone)]
pub struct ResultFile {
    name: String,
    delimiter: u8,
    pub(crate) table: Table,
    pub(crate) first_row: u32,
    pub(crate) status_col: usize,
    pub(crate) record_id_col: Option<usize>,
    pub(crate) errors_col: Option<usize>,
    decoding: EntryDecoding,
    /// Fields that needed the fallback, and the line of the first.
    fallback_fields: u64,
    first_fallback_line: u64,
    pub(crate) row_status: Vec<u32>,
    /// Index in `pairs` of each row's first pair; one more entry than rows.
    pub(crate) err_starts: Vec<u32>,
    pub(crate) pairs: Vec<Pair>,
    pub(crate) status_rows: Vec<u32>,
    pub(crate) code_rows: Vec<u32>,
    pub(crate) group_rows: HashMap<Pair, u32>,
}

impl ResultFile {
    /// The entry name in the zip, `<Module>-<file name>`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The module the name starts with (`Leads` in `Leads-leads.csv`), or the name without
    /// `.csv` when it has no `-`.
    pub fn module(&self) -> &str {
        let base = self.name.rsplit('/').next().unwrap_or(&self.name);
        match base.split_once('-') {
            Some((module, _)) if !module.is_empty() => module,
            _ => base
                .strip_suffix(".csv")
                .or_else(|| base.strip_suffix(".CSV"))
                .unwrap_or(base),
        }
    }

    /// The delimiter detected.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Header and rows as read.
    pub fn table(&self) -> &Table {
        &self.table
    }

    pub fn header(&self) -> &[String] {
        self.table.header()
    }

    /// Rows in this file.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The [`RowId`] of this file's first row.
    pub fn first_row(&self) -> RowId {
        RowId(self.first_row)
    }

    /// The [`RowId`]s of this file's rows.
    pub fn row_ids(&self) -> impl Iterator<Item = RowId> {
        (self.first_row..self.first_row + self.len() as u32).map(RowId)
    }

    /// Column indices of Zoho's `STATUS`, `RECORD_ID` and `ERRORS`: the last three of the
    /// header, so a user column of the same name is not one of them. `None`: the file has no
    /// such column (see [`ResultSet::warnings`]).
    pub fn result_columns(&self) -> [Option<usize>; 3] {
        [Some(self.status_col), self.record_id_col, self.errors_col]
    }

    /// Whether column `i` is one of Zoho's three (not data of the upload).
    pub fn is_result_column(&self, i: usize) -> bool {
        self.result_columns().contains(&Some(i))
    }

    /// The first data column (not one of Zoho's three) named `name`, ignoring case.
    pub fn data_column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.header()
            .iter()
            .enumerate()
            .position(|(i, h)| !self.is_result_column(i) && h.trim().eq_ignore_ascii_case(name))
    }

    /// The encoding the file was read in (from its byte-order mark, else the expected one).
    pub fn encoding(&self) -> Charset {
        self.decoding.charset
    }

    /// Rows whose field count differs from the header's.
    pub fn ragged(&self) -> &[RowIssue] {
        self.table.ragged()
    }

    pub(crate) fn pairs_of(&self, local: usize) -> &[Pair] {
        let start = self.err_starts[local] as usize;
        let end = self.err_starts[local + 1] as usize;
        &self.pairs[start..end]
    }
}

/// Every file of a result, queryable as one list of rows.
#[derive(Debug, Clone, Default)]
pub struct ResultSet {
    pub(crate) files: Vec<ResultFile>,
    pub(crate) dict: Dict,
    warnings: Vec<Warning>,
    /// The encoding the files were expected in (the job's declared one).
    declared: Charset,
    rows: u32,
    /// Reused per row to sort and de-duplicate its pairs without allocating.
    scratch: Vec<Pair>,
}

impl ResultSet {
    pub(crate) fn new(declared: Charset) -> Self {
        ResultSet {
            declared,
            ..ResultSet::default()
        }
    }

    /// Adds a note found before any file was read (skipped entries, a bare CSV…).
    pub(crate) fn note(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    /// The result files, in zip order.
    pub fn files(&self) -> &[ResultFile] {
        &self.files
    }

    pub fn file(&self, index: usize) -> Option<&ResultFile> {
        self.files.get(index)
    }

    /// Rows across all files.
    pub fn len(&self) -> usize {
        self.rows as usize
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// All rows, in zip order then file order.
    pub fn row_ids(&self) -> impl Iterator<Item = RowId> {
        (0..self.rows).map(RowId)
    }

    /// Non-fatal problems met while loading.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The file holding `row` and the row's index within it.
    pub fn locate(&self, row: RowId) -> Option<(usize, usize)> {
        if row.0 >= self.rows {
            return None;
        }
        let file = self
            .files
            .partition_point(|f| f.first_row <= row.0)
            .checked_sub(1)?;
        let local = (row.0 - self.files[file].first_row) as usize;
        (local < self.files[file].len()).then_some((file, local))
    }
}

impl Builder for ResultSet {
    fn begin(
        &mut self,
        name: &str,
        delimiter: u8,
        header: Vec<String>,
        decoding: EntryDecoding,
    ) -> Result<(), ResultError> {
        let located = locate(name, &header)?;
        let table = Table::new(header);
        self.warnings.extend(located.notes);
        self.files.push(ResultFile {
            name: name.to_string(),
            delimiter,
            table,
            first_row: self.rows,
            status_col: located.status,
            record_id_col: located.record_id,
            errors_col: located.errors,
            decoding,
            fallback_fields: decoding.header_fallbacks,
            first_fallback_line: if decoding.header_fallbacks > 0 { 1 } else { 0 },
            row_status: Vec::new(),
            err_starts: vec![0],
            pairs: Vec::new(),
            status_rows: Vec::new(),
            code_rows: Vec::new(),
            group_rows: HashMap::new(),
        });
        Ok(())
    }

    fn record(&mut self, record: &ByteRecord, line: u64) -> Result<(), ResultError> {
        let Some(file) = self.files.last_mut() else {
            return Ok(());
        };
        if self.rows == u32::MAX {
            return Err(ResultError::TotalTooLarge {
                max: u32::MAX.into(),
            });
        }
        let fallbacks = file
            .table
            .push(record, line, file.decoding.fields, &file.name)?;
        if fallbacks > 0 && file.fallback_fields == 0 {
            file.first_fallback_line = line;
        }
        file.fallback_fields += fallbacks;
        self.rows += 1;
        let Some(row) = file.table.row(file.table.len() - 1) else {
            return Ok(());
        };

        let status = self.dict.status(row.field(file.status_col));
        file.row_status.push(status);
        bump(&mut file.status_rows, status);

        self.scratch.clear();
        let errors = file.errors_col.map_or("", |i| row.field(i));
        for piece in pieces(errors) {
            let code = self.dict.code(piece.code);
            let before = self.scratch.len();
            for column in piece.columns() {
                self.scratch.push(Pair {
                    code,
                    column: self.dict.column(column),
                });
            }
            if self.scratch.len() == before {
                self.scratch.push(Pair {
                    code,
                    column: NO_COLUMN,
                });
            }
        }
        // Counts are of rows: a row naming a column twice counts once.
        self.scratch.sort_unstable();
        self.scratch.dedup();
        let mut last_code = None;
        for pair in &self.scratch {
            *file.group_rows.entry(*pair).or_insert(0) += 1;
            if last_code != Some(pair.code) {
                bump(&mut file.code_rows, pair.code);
                last_code = Some(pair.code);
            }
        }
        file.pairs.extend_from_slice(&self.scratch);
        file.err_starts.push(file.pairs.len() as u32);
        Ok(())
    }

    fn end(&mut self, replaced: bool) {
        let Some(file) = self.files.last() else {
            return;
        };
        self.warnings.extend(encoding_notes(
            &file.name,
            file.decoding,
            replaced,
            self.declared,
        ));
        if file.fallback_fields > 0 {
            self.warnings.push(fallback_note(
                &file.name,
                file.decoding.fields,
                file.fallback_fields,
                file.first_fallback_line,
            ));
        }
        if let Some(first) = file.ragged().first() {
            self.warnings.push(Warning::RaggedRows {
                file: file.name.clone(),
                rows: file.ragged().len() as u64,
                first_line: first.line,
            });
        }
    }
}

/// What to say about fields that needed the fallback (or, reading leniently, replacements).
pub(crate) fn fallback_note(
    file: &str,
    decoder: FieldDecoder,
    fields: u64,
    first_line: u64,
) -> Warning {
    match decoder.policy {
        Utf8Policy::Lossy => Warning::LossyUtf8 {
            file: file.to_string(),
            fields,
        },
        _ => Warning::EncodingFallback {
            file: file.to_string(),
            expected: decoder.charset.name().to_string(),
            used: Charset::WINDOWS_1252.name().to_string(),
            fields,
            first_line,
        },
    }
}

/// What to say about the encoding an entry was read in: a non-UTF-8 declared encoding, a
/// byte-order mark that chose something else than declared, malformed UTF-16.
pub(crate) fn encoding_notes(
    file: &str,
    decoding: EntryDecoding,
    replaced: bool,
    declared: Charset,
) -> Vec<Warning> {
    let mut notes = Vec::new();
    let charset = decoding.charset;
    if decoding.from_bom {
        if charset != declared {
            notes.push(Warning::BomEncoding {
                file: file.to_string(),
                encoding: charset.name().to_string(),
                declared: declared.name().to_string(),
            });
        }
    } else if !charset.is_utf8() {
        notes.push(Warning::DeclaredEncoding {
            file: file.to_string(),
            encoding: charset.name().to_string(),
        });
    }
    if replaced {
        notes.push(Warning::MalformedUtf16 {
            file: file.to_string(),
            encoding: charset.name().to_string(),
        });
    }
    notes
}

fn bump(counts: &mut Vec<u32>, id: u32) {
    let i = id as usize;
    if counts.len() <= i {
        counts.resize(i + 1, 0);
    }
    counts[i] += 1;
}
