//! Joins the user's original CSV (read locally, never sent anywhere) to the result by row order:
//! row N of the uploaded file is row N of the result file of its resource.

use csv::ByteRecord;

use super::body::looks_like_zip;
use super::decode::{Charset, FieldDecoder};
use super::driver::{Builder, Driver, Progress};
use super::error::ResultError;
use super::export::{write_record, ExportOptions};
use super::guard::{LoadOptions, Utf8Policy};
use super::notes::Warning;
use super::set::{encoding_notes, fallback_note, ResultSet, RowId};
use super::stream::EntryDecoding;
use super::table::{Table, TableRow};

/// One file the user dropped.
#[derive(Debug, Clone)]
pub struct OriginalFile {
    name: String,
    delimiter: u8,
    table: Table,
    lossy_fields: u64,
    first_lossy_line: u64,
    fields: FieldDecoder,
    decoding: EntryDecoding,
}

impl OriginalFile {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }
    pub fn table(&self) -> &Table {
        &self.table
    }
}

/// The user's original upload: one CSV, or every CSV of the zip they uploaded.
#[derive(Debug, Clone, Default)]
pub struct Originals {
    files: Vec<OriginalFile>,
    warnings: Vec<Warning>,
    declared: Charset,
}

impl Originals {
    pub fn files(&self) -> &[OriginalFile] {
        &self.files
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

impl Builder for Originals {
    fn begin(
        &mut self,
        name: &str,
        delimiter: u8,
        header: Vec<String>,
        decoding: EntryDecoding,
    ) -> Result<(), ResultError> {
        self.files.push(OriginalFile {
            name: name.to_string(),
            delimiter,
            table: Table::new(header),
            lossy_fields: decoding.header_fallbacks,
            first_lossy_line: u64::from(decoding.header_fallbacks > 0),
            fields: decoding.fields,
            decoding,
        });
        Ok(())
    }

    fn record(&mut self, record: &ByteRecord, line: u64) -> Result<(), ResultError> {
        if let Some(file) = self.files.last_mut() {
            let lossy = file.table.push(record, line, file.fields, &file.name)?;
            if lossy > 0 && file.lossy_fields == 0 {
                file.first_lossy_line = line;
            }
            file.lossy_fields += lossy;
        }
        Ok(())
    }

    fn end(&mut self, replaced: bool) {
        if let Some(file) = self.files.last() {
            self.warnings.extend(encoding_notes(
                &file.name,
                file.decoding,
                replaced,
                self.declared,
            ));
            if file.lossy_fields > 0 {
                self.warnings.push(fallback_note(
                    &file.name,
                    file.fields,
                    file.lossy_fields,
                    file.first_lossy_line,
                ));
            }
            if let Some(first) = file.table.ragged().first() {
                self.warnings.push(Warning::RaggedRows {
                    file: file.name.clone(),
                    rows: file.table.ragged().len() as u64,
                    first_line: first.line,
                });
            }
        }
    }
}

/// Loads the user's original file in steps, like [`super::ResultLoader`].
pub struct OriginalLoader {
    driver: Driver,
    originals: Originals,
}

impl OriginalLoader {
    /// A CSV, or a zip of CSVs (what Zoho's upload takes), named as the user's file was. UTF-8 is
    /// read leniently: spreadsheet exports are often in a legacy encoding, and this data is only
    /// shown, not re-imported.
    pub fn new(name: &str, body: Vec<u8>) -> Result<Self, ResultError> {
        Self::with_options(
            name,
            body,
            LoadOptions {
                utf8: Utf8Policy::Lossy,
                ..LoadOptions::default()
            },
        )
    }

    pub fn with_options(name: &str, body: Vec<u8>, opts: LoadOptions) -> Result<Self, ResultError> {
        let driver = if looks_like_zip(&body) {
            Driver::zip(body, opts)?
        } else {
            Driver::csv(name, body, opts)
        };
        Ok(OriginalLoader {
            driver,
            originals: Originals {
                declared: opts.encoding,
                ..Originals::default()
            },
        })
    }

    pub fn step(&mut self, budget_rows: usize) -> Result<Progress, ResultError> {
        self.driver.step(&mut self.originals, budget_rows)
    }

    pub fn progress(&self) -> Progress {
        self.driver.progress()
    }

    pub fn finish(mut self) -> Result<Originals, ResultError> {
        while !self.step(usize::MAX)?.done {}
        Ok(self.originals)
    }
}

/// How well an original file lines up with a result file.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct JoinCheck {
    pub result_rows: usize,
    pub original_rows: usize,
    /// Result columns also present in the original (by name, ignoring case).
    pub shared_columns: Vec<String>,
    /// Rows compared on the shared columns, and those that differ (values trimmed).
    pub compared_rows: usize,
    pub mismatched_rows: usize,
    /// The first differing row's index in the file.
    pub first_mismatch: Option<usize>,
}

impl JoinCheck {
    /// Same row count and no differing value in a shared column.
    pub fn looks_right(&self) -> bool {
        self.result_rows == self.original_rows && self.mismatched_rows == 0
    }
}

/// A result file paired with an original file, row N to row N.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    pub result_file: usize,
    pub original_file: usize,
    pub check: JoinCheck,
}

impl Join {
    /// Pairs two files chosen by the user (or by [`Join::auto`]); `None` for a bad index.
    pub fn new(
        set: &ResultSet,
        originals: &Originals,
        result_file: usize,
        original_file: usize,
    ) -> Option<Join> {
        let result = set.file(result_file)?;
        let original = originals.files.get(original_file)?;
        let mut check = JoinCheck {
            result_rows: result.len(),
            original_rows: original.table.len(),
            ..JoinCheck::default()
        };
        let shared: Vec<(usize, usize)> = result
            .header()
            .iter()
            .enumerate()
            .filter(|(i, _)| !result.is_result_column(*i))
            .filter_map(|(i, name)| Some((i, original.table.column(name)?)))
            .collect();
        check.shared_columns = shared
            .iter()
            .map(|&(i, _)| result.header()[i].clone())
            .collect();
        if !shared.is_empty() {
            for index in 0..check.result_rows.min(check.original_rows) {
                let (Some(r), Some(o)) = (result.table.row(index), original.table.row(index))
                else {
                    break;
                };
                check.compared_rows += 1;
                if shared
                    .iter()
                    .any(|&(ri, oi)| r.field(ri).trim() != o.field(oi).trim())
                {
                    check.mismatched_rows += 1;
                    check.first_mismatch.get_or_insert(index);
                }
            }
        }
        Some(Join {
            result_file,
            original_file,
            check,
        })
    }

    /// Pairs files by name: result `<Module>-<name>` with original `<name>` (ignoring case and any
    /// folder). With one file on each side and no name match, pairs those two.
    pub fn auto(set: &ResultSet, originals: &Originals) -> Vec<Join> {
        let base = |name: &str| {
            name.rsplit(['/', '\\'])
                .next()
                .unwrap_or(name)
                .to_lowercase()
        };
        let mut joins = Vec::new();
        for (ri, result) in set.files().iter().enumerate() {
            let result_name = base(result.name());
            let found = originals.files.iter().position(|o| {
                let original = base(&o.name);
                result_name == original || result_name.ends_with(&format!("-{original}"))
            });
            if let Some(join) = found.and_then(|oi| Join::new(set, originals, ri, oi)) {
                joins.push(join);
            }
        }
        if joins.is_empty() && set.files().len() == 1 && originals.files.len() == 1 {
            joins.extend(Join::new(set, originals, 0, 0));
        }
        joins
    }

    /// The original record of result row `row`, if `row` belongs to this join's result file and
    /// the original has that many rows.
    pub fn original_row<'o>(
        &self,
        set: &ResultSet,
        originals: &'o Originals,
        row: RowId,
    ) -> Option<TableRow<'o>> {
        let (file, local) = set.locate(row)?;
        if file != self.result_file {
            return None;
        }
        originals.files.get(self.original_file)?.table.row(local)
    }

    /// Exports `rows` of this join's result file with their full original records: the original
    /// header, then `STATUS`, `RECORD_ID`, `ERRORS`. Rows of other files are left out.
    pub fn export_rows(
        &self,
        set: &ResultSet,
        originals: &Originals,
        rows: &[RowId],
        opts: ExportOptions,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        if opts.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let Some(original) = originals.files.get(self.original_file) else {
            return out;
        };
        let header = original.table.header();
        let tail = ["STATUS", "RECORD_ID", "ERRORS"];
        write_record(
            &mut out,
            header.iter().map(String::as_str).chain(tail),
            opts.delimiter,
        );
        for &row in rows {
            let Some(view) = set.row(row).filter(|v| v.file_index() == self.result_file) else {
                continue;
            };
            let record = original.table.row(view.index_in_file());
            let fields = (0..header.len()).map(|i| record.map_or("", |r| r.field(i)));
            let result = [view.status().token(), view.record_id(), view.errors_raw()];
            write_record(&mut out, fields.chain(result), opts.delimiter);
        }
        out
    }
}
