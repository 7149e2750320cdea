//! Exports as CSV: chosen rows ("fix and re-import") and the error summary. Rows are written
//! unchanged, quoted where needed, so the file can be fixed and imported again.

use super::set::{ResultSet, RowId};
use super::summary::Scope;

/// How exported CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    /// Field delimiter (`,` by default).
    pub delimiter: u8,
    /// Start with a UTF-8 byte-order mark (helps Excel read accents; off by default).
    pub bom: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            delimiter: b',',
            bom: false,
        }
    }
}

/// Writes one CSV record, quoting fields that hold the delimiter, a quote or a line break (and a
/// lone empty field, which would otherwise read as a blank line). Lines end with CRLF.
pub(crate) fn write_record<'a>(
    out: &mut Vec<u8>,
    fields: impl IntoIterator<Item = &'a str>,
    delimiter: u8,
) {
    let start = out.len();
    let mut count = 0;
    for (i, field) in fields.into_iter().enumerate() {
        count += 1;
        if i > 0 {
            out.push(delimiter);
        }
        let needs_quotes = field
            .bytes()
            .any(|b| b == delimiter || matches!(b, b'"' | b'\n' | b'\r'));
        if needs_quotes {
            out.push(b'"');
            for b in field.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    if count == 1 && out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.extend_from_slice(b"\r\n");
}

/// Which fields of which file make up each exported column.
#[derive(Debug, Clone)]
enum Layout {
    /// All rows from one file: its header, as is.
    Single,
    /// Rows from several files: `FILE`, the union of their mapped columns (by name, ignoring
    /// case, first spelling kept), then `STATUS`, `RECORD_ID`, `ERRORS`. `map[file][column]` is
    /// the field index in that file.
    Merged {
        header: Vec<String>,
        map: Vec<Vec<Option<usize>>>,
    },
}

/// An export of chosen rows, written in bounded steps. It borrows nothing, so the UI can keep
/// it between frames; pass the same [`ResultSet`] to every step.
#[derive(Debug, Clone)]
pub struct RowExport {
    rows: Vec<RowId>,
    next: usize,
    layout: Layout,
    delimiter: u8,
    out: Vec<u8>,
}

impl RowExport {
    /// Prepares the export of `rows` (in the given order) and writes the header.
    pub fn new(set: &ResultSet, rows: Vec<RowId>, opts: ExportOptions) -> Self {
        let mut files: Vec<usize> = rows
            .iter()
            .filter_map(|&r| set.locate(r))
            .map(|(f, _)| f)
            .collect();
        files.sort_unstable();
        files.dedup();
        let mut out = Vec::new();
        if opts.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let layout = match files.as_slice() {
            [] | [_] => Layout::Single,
            _ => merged_layout(set),
        };
        match (&layout, files.first().and_then(|&f| set.file(f))) {
            (Layout::Single, Some(file)) => write_record(
                &mut out,
                file.header().iter().map(String::as_str),
                opts.delimiter,
            ),
            (Layout::Single, None) => {
                write_record(&mut out, ["STATUS", "RECORD_ID", "ERRORS"], opts.delimiter)
            }
            (Layout::Merged { header, .. }, _) => {
                write_record(&mut out, header.iter().map(String::as_str), opts.delimiter)
            }
        }
        RowExport {
            rows,
            next: 0,
            layout,
            delimiter: opts.delimiter,
            out,
        }
    }

    /// Writes up to `budget_rows` more rows; `true` once every row is written.
    pub fn step(&mut self, set: &ResultSet, budget_rows: usize) -> bool {
        let end = self
            .next
            .saturating_add(budget_rows.max(1))
            .min(self.rows.len());
        for &row in &self.rows[self.next..end] {
            let Some(view) = set.row(row) else {
                continue;
            };
            let fields = view.fields();
            match &self.layout {
                // Fields past the header have no column name; they are reported as ragged rows
                // and not exported.
                Layout::Single => write_record(
                    &mut self.out,
                    (0..view.file().header().len()).map(|i| fields.field(i)),
                    self.delimiter,
                ),
                Layout::Merged { map, .. } => {
                    let columns = map.get(view.file_index()).map_or(&[][..], Vec::as_slice);
                    let values = std::iter::once(view.file().name())
                        .chain(columns.iter().map(|c| c.map_or("", |i| fields.field(i))));
                    write_record(&mut self.out, values, self.delimiter)
                }
            }
        }
        self.next = end;
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.rows.len()
    }

    /// Rows written, and rows in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.rows.len())
    }

    /// Writes what is left and returns the CSV bytes.
    pub fn finish(mut self, set: &ResultSet) -> Vec<u8> {
        self.step(set, usize::MAX);
        self.out
    }
}

fn merged_layout(set: &ResultSet) -> Layout {
    let result_names = ["STATUS", "RECORD_ID", "ERRORS"];
    let mut header = vec!["FILE".to_string()];
    for file in set.files() {
        for (i, name) in file.header().iter().enumerate() {
            let is_result = file.is_result_column(i);
            if !is_result && !header[1..].iter().any(|h| h.eq_ignore_ascii_case(name)) {
                header.push(name.clone());
            }
        }
    }
    header.extend(result_names.iter().map(|s| s.to_string()));
    let mapped = header.len() - 1 - result_names.len();
    let map = set
        .files()
        .iter()
        .map(|file| {
            let [status, record_id, errors] = file.result_columns();
            let mut columns: Vec<Option<usize>> = header[1..=mapped]
                .iter()
                .map(|name| file.data_column(name))
                .collect();
            columns.extend([status, record_id, errors]);
            columns
        })
        .collect();
    Layout::Merged { header, map }
}

impl ResultSet {
    /// Exports `rows` as CSV in one call (see [`RowExport`] for the chunked form): the file's own
    /// columns (the mapped ones, `STATUS`, `RECORD_ID`, `ERRORS`) when all rows come from one
    /// file, or a `FILE` column plus the union of columns when they span several.
    pub fn export_rows(&self, rows: &[RowId], opts: ExportOptions) -> Vec<u8> {
        RowExport::new(self, rows.to_vec(), opts).finish(self)
    }

    /// The error summary as CSV: `FILE,MODULE,CODE,COLUMN,ROWS,HINT`, one line per file and
    /// (code, column) group, most rows first within each file.
    pub fn error_summary_csv(&self, opts: ExportOptions) -> Vec<u8> {
        let mut out = Vec::new();
        if opts.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        write_record(
            &mut out,
            ["FILE", "MODULE", "CODE", "COLUMN", "ROWS", "HINT"],
            opts.delimiter,
        );
        for (i, file) in self.files().iter().enumerate() {
            for group in self.error_groups(Scope::File(i)) {
                let rows = group.rows.to_string();
                write_record(
                    &mut out,
                    [
                        file.name(),
                        file.module(),
                        group.code.as_str(),
                        group.column.as_deref().unwrap_or(""),
                        rows.as_str(),
                        group.code.fix_hint(),
                    ],
                    opts.delimiter,
                );
            }
        }
        out
    }
}
